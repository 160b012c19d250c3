//! The dependency graph of a plan's steps: evaluation order and cycles.

use crate::plan::Plan;

/// Evaluation order and the plan's cycles.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    /// Step indices, dependencies first.
    pub steps: Vec<usize>,
    /// Strongly connected component of each step.
    pub comp: Vec<usize>,
    /// Components that are cycles (more than one step, or a step reading itself), each
    /// sorted by step index; sorted by first member.
    pub cycles: Vec<Vec<usize>>,
    /// For each step, the steps naming it in `hence` (false) or `lest` (true).
    pub sources: Sources,
}

/// For each step, the steps naming it in `hence` (false) or `lest` (true).
pub(crate) type Sources = Vec<Vec<(usize, bool)>>;

/// The steps each step reads, and the `hence`/`lest` sources of each.
pub(crate) fn dependencies(plan: &Plan) -> (Vec<Vec<usize>>, Sources) {
    let n = plan.steps.len();
    let mut sources = vec![Vec::new(); n];
    for (i, s) in plan.steps.iter().enumerate() {
        for &t in &s.hence {
            sources[t].push((i, false));
        }
        for &t in &s.lest {
            sources[t].push((i, true));
        }
    }
    let own: Vec<Vec<usize>> = plan
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut v: Vec<usize> = s.when.iter().flat_map(|c| c.cond.steps()).collect();
            v.extend(sources[i].iter().map(|x| x.0));
            v
        })
        .collect();
    let mut deps: Vec<Vec<usize>> = Vec::with_capacity(n);
    for (i, s) in plan.steps.iter().enumerate() {
        let mut v = own[i].clone();
        for c in [&s.done, &s.holds].into_iter().flatten() {
            v.extend(c.cond.steps());
        }
        if let Some(g) = &s.group {
            for (j, o) in plan.steps.iter().enumerate() {
                if j != i && o.group.as_ref() == Some(g) {
                    v.extend(own[j].iter().copied());
                }
            }
        }
        v.sort_unstable();
        v.dedup();
        deps.push(v);
    }
    (deps, sources)
}

/// Tarjan's algorithm, iteratively; components come out dependencies first.
pub(crate) fn order(plan: &Plan) -> Order {
    let (deps, sources) = dependencies(plan);
    let n = deps.len();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![UNSEEN; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut next)) = call.last_mut() {
            if let Some(&w) = deps[v].get(*next) {
                *next += 1;
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(u, _)) = call.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut members = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = comps.len();
                        members.push(w);
                        if w == v {
                            break;
                        }
                    }
                    members.sort_unstable();
                    comps.push(members);
                }
            }
        }
    }
    let mut cycles: Vec<Vec<usize>> = comps
        .iter()
        .filter(|c| c.len() > 1 || deps[c[0]].contains(&c[0]))
        .cloned()
        .collect();
    cycles.sort();
    Order {
        steps: comps.into_iter().flatten().collect(),
        comp,
        cycles,
        sources,
    }
}
