//! `truce lint`: the ways an implementation sequence fails, found before it is signed.

use std::collections::{BTreeMap, BTreeSet};

use truce_model::{Diagnostic, Negotiation};

use crate::cond::{Cond, StepTest};
use crate::graph::{dependencies, order};
use crate::plan::{Day, Kind, Plan, Step, date_of};

/// Every lint of a plan, in plan order.
pub fn lint(plan: &Plan, negotiation: &Negotiation) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    cycles(plan, &mut out);
    let reachable = reachability(plan);
    for (i, s) in plan.steps.iter().enumerate() {
        if !reachable[i] {
            out.push(
                Diagnostic::warning(
                    "unreachable-step",
                    plan.file,
                    trigger_span(s),
                    format!("step `{}` can never be triggered", s.id),
                )
                .with_hint(
                    "its trigger needs steps that can never be met or breached; anchor it to a date, a report or a metric",
                ),
            );
        }
    }
    never_breached(plan, &mut out);
    unverifiable(plan, &mut out);
    month_ends(plan, &mut out);
    effects(plan, &mut out);
    deadlines(plan, &mut out);
    metrics(plan, negotiation, &mut out);
    out.sort_by_key(|d| d.span.start);
    out
}

fn trigger_span(s: &Step) -> std::ops::Range<usize> {
    s.when.as_ref().map_or(s.span.clone(), |w| w.span.clone())
}

fn cycles(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let (deps, _) = dependencies(plan);
    for c in order(plan).cycles {
        let members: BTreeSet<usize> = c.iter().copied().collect();
        // A path from the first member back to itself, inside the component.
        let first = c[0];
        let mut prev: BTreeMap<usize, usize> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([first]);
        let mut end = None;
        'bfs: while let Some(v) = queue.pop_front() {
            for &w in &deps[v] {
                if !members.contains(&w) {
                    continue;
                }
                if w == first {
                    end = Some(v);
                    break 'bfs;
                }
                if let std::collections::btree_map::Entry::Vacant(e) = prev.entry(w) {
                    e.insert(v);
                    queue.push_back(w);
                }
            }
        }
        let mut path = vec![first];
        let mut v = end.unwrap_or(first);
        while v != first {
            path.push(v);
            v = prev[&v];
        }
        path.push(first);
        let words: Vec<String> = path.iter().map(|&i| format!("`{}`", plan.steps[i].id)).collect();
        let s = &plan.steps[first];
        out.push(
            Diagnostic::warning(
                "circular-condition",
                plan.file,
                trigger_span(s),
                format!("circular sequencing: {} (each waits on the next)", words.join(" waits on ")),
            )
            .with_label("part of a cycle")
            .with_hint(
                "no step of a cycle can go first; anchor one of them to a date or a verification report instead of to another step of the cycle",
            ),
        );
    }
}

/// Which steps can ever be triggered: a least fixpoint in which a step becomes reachable
/// once its trigger can be true given the steps already reachable.
fn reachability(plan: &Plan) -> Vec<bool> {
    let (_, sources) = dependencies(plan);
    let n = plan.steps.len();
    let mut reach = vec![false; n];
    loop {
        let mut changed = false;
        for i in 0..n {
            if reach[i] {
                continue;
            }
            let own = |j: usize| -> bool {
                let s = &plan.steps[j];
                let when = s.when.as_ref().is_none_or(|w| possible(&w.cond, plan, &reach, true));
                let src = sources[j].is_empty()
                    || sources[j]
                        .iter()
                        .any(|&(k, breach)| reach[k] && (!breach || can_breach(&plan.steps[k])));
                when && src
            };
            let ok = match &plan.steps[i].group {
                Some(g) => (0..n).filter(|&j| plan.steps[j].group.as_ref() == Some(g)).all(own),
                None => own(i),
            };
            if ok {
                reach[i] = true;
                changed = true;
            }
        }
        if !changed {
            return reach;
        }
    }
}

fn can_breach(s: &Step) -> bool {
    match s.kind {
        Kind::Milestone => false,
        Kind::Obligation => s.within.is_some() || s.by.is_some(),
        Kind::Maintain => true,
    }
}

/// Whether a condition can take the value `want`, given which steps are reachable.
fn possible(c: &Cond, plan: &Plan, reach: &[bool], want: bool) -> bool {
    match c {
        Cond::Const(b) => *b == want,
        Cond::Not(x) => possible(x, plan, reach, !want),
        Cond::And(xs) if want => xs.iter().all(|x| possible(x, plan, reach, true)),
        Cond::And(xs) => xs.iter().any(|x| possible(x, plan, reach, false)),
        Cond::Or(xs) if want => xs.iter().any(|x| possible(x, plan, reach, true)),
        Cond::Or(xs) => xs.iter().all(|x| possible(x, plan, reach, false)),
        Cond::Step { test, step, .. } => {
            if !want {
                return true;
            }
            reach[*step] && (*test != StepTest::Breached || can_breach(&plan.steps[*step]))
        }
        Cond::Elapsed { step, .. } => !want || reach[*step],
        _ => true,
    }
}

fn never_breached(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for s in &plan.steps {
        let Some(w) = &s.when else { continue };
        w.cond.atoms(&mut |a| {
            if let Cond::Step {
                test: StepTest::Breached,
                step,
                span,
            } = a
            {
                let t = &plan.steps[*step];
                if !can_breach(t) {
                    let why = if t.kind == Kind::Milestone {
                        "a milestone is reached or pending, never breached"
                    } else {
                        "it has no deadline (`within` or `by`)"
                    };
                    out.push(
                        Diagnostic::warning(
                            "never-breached",
                            plan.file,
                            w.span.start + span.start..w.span.start + span.end,
                            format!("`{}` can never be breached: {why}", t.id),
                        )
                        .with_hint("give the step a deadline, or trigger on something else"),
                    );
                }
            }
        });
    }
}

/// Whether someone can tell that a step happened.
fn verifiable(plan: &Plan, i: usize, seen: &mut BTreeSet<usize>) -> bool {
    let s = &plan.steps[i];
    if s.verified_by.is_some() || s.done.is_some() || s.holds.is_some() {
        return true;
    }
    if !seen.insert(i) {
        return false;
    }
    match (&s.when, s.kind) {
        (Some(w), Kind::Milestone) => {
            let mut ok = true;
            w.cond.atoms(&mut |a| {
                if let Cond::Step { step, .. } | Cond::Elapsed { step, .. } = a {
                    ok &= verifiable(plan, *step, seen);
                }
            });
            ok
        }
        (None, Kind::Milestone) => s.at.is_some(),
        _ => plan
            .findings
            .iter()
            .any(|f| f.subject == crate::plan::Subject::Performed(s.id.clone())),
    }
}

fn unverifiable(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let (_, sources) = dependencies(plan);
    for (i, s) in plan.steps.iter().enumerate() {
        let has_deadline = s.within.is_some() || s.by.is_some() || s.period.is_some();
        if !has_deadline {
            continue;
        }
        let mut anchors: Vec<usize> = s.when.iter().flat_map(|w| w.cond.steps()).collect();
        anchors.extend(sources[i].iter().map(|x| x.0));
        anchors.sort_unstable();
        anchors.dedup();
        for a in anchors {
            if !verifiable(plan, a, &mut BTreeSet::new()) {
                let t = &plan.steps[a];
                out.push(
                    Diagnostic::warning(
                        "unverifiable-anchor",
                        plan.file,
                        s.deadline_span.clone().unwrap_or_else(|| trigger_span(s)),
                        format!(
                            "the deadline of `{}` runs from `{}`, which nobody is named to verify",
                            s.id, t.id
                        ),
                    )
                    .with_label("anchored to an unverifiable step")
                    .with_hint(format!(
                        "name who verifies `{}` (verified_by), give it a `done` condition over reports or metrics, or anchor the deadline to a date",
                        t.id
                    )),
                );
            }
        }
    }
}

/// The trigger day when it follows from dates alone.
fn fixed_trigger(plan: &Plan, i: usize, depth: usize) -> Option<Day> {
    if depth > plan.steps.len() {
        return None;
    }
    let s = &plan.steps[i];
    match (&s.when, s.at) {
        (None, Some(at)) if s.group.is_none() && s.hence.is_empty() => Some(at),
        (Some(w), None) => match &w.cond {
            Cond::Elapsed { step, dur, .. } => {
                fixed_trigger(plan, *step, depth + 1).map(|t| dur.add(t, plan.steps[*step].month_end()))
            }
            _ => None,
        },
        _ => None,
    }
}

fn month_ends(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let risky = |anchor: Option<Day>| anchor.is_none_or(|d| date_of(d).day() > 28);
    for (i, s) in plan.steps.iter().enumerate() {
        if s.month_end.is_some() {
            continue;
        }
        let own = [s.within, s.period].into_iter().flatten().any(|d| d.uses_months());
        if own && risky(fixed_trigger(plan, i, 0)) {
            out.push(
                Diagnostic::warning(
                    "ambiguous-month-end",
                    plan.file,
                    s.deadline_span.clone().unwrap_or(s.span.clone()),
                    format!(
                        "`{}` counts calendar months from a day that may be the 29th, 30th or 31st, and does not say how month ends are handled",
                        s.id
                    ),
                )
                .with_hint("add month_end = \"clamp\" (31 January + 1 month = 28/29 February) or \"roll\" (= 2/3 March), or count in days"),
            );
        }
        if let Some(w) = &s.when {
            w.cond.atoms(&mut |a| {
                if let Cond::Elapsed { step, dur, span } = a
                    && dur.uses_months()
                    && plan.steps[*step].month_end.is_none()
                    && risky(fixed_trigger(plan, *step, 0))
                {
                    out.push(
                        Diagnostic::warning(
                            "ambiguous-month-end",
                            plan.file,
                            w.span.start + span.start..w.span.start + span.end,
                            format!(
                                "`elapsed('{}', '{dur}')` counts months from a day that may be a month end",
                                plan.steps[*step].id
                            ),
                        )
                        .with_hint(format!(
                            "add month_end = \"clamp\" or \"roll\" to step `{}`, or count in days",
                            plan.steps[*step].id
                        )),
                    );
                }
            });
        }
    }
}

fn effects(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for (i, a) in plan.steps.iter().enumerate() {
        for b in plan.steps.iter().skip(i + 1) {
            let (Some(ea), Some(eb)) = (&a.effect, &b.effect) else {
                continue;
            };
            if ea.key != eb.key || ea.value == eb.value {
                continue;
            }
            let same_group = a.group.is_some() && a.group == b.group;
            let same_date = a.at.is_some() && a.at == b.at && a.when.is_none() && b.when.is_none();
            let same_when = match (&a.when, &b.when) {
                (Some(x), Some(y)) => x.source.split_whitespace().eq(y.source.split_whitespace()) && a.at == b.at,
                _ => false,
            };
            if same_group || same_date || same_when {
                out.push(
                    Diagnostic::warning(
                        "conflicting-effects",
                        plan.file,
                        b.span.clone(),
                        format!(
                            "`{}` sets {} to {} and `{}` sets it to {} on the same trigger",
                            a.id, ea.key, ea.value, b.id, eb.value
                        ),
                    )
                    .with_hint("say which prevails: give one of them a condition that excludes the other"),
                );
            }
        }
    }
}

/// A lower bound on each step's trigger day, from dates and the steps it waits on.
fn earliest(plan: &Plan) -> Vec<Day> {
    let (_, sources) = dependencies(plan);
    let n = plan.steps.len();
    let mut e = vec![plan.start; n];
    fn lb(c: &Cond, e: &[Day], plan: &Plan, floor: Day) -> Day {
        match c {
            Cond::And(xs) => xs.iter().map(|x| lb(x, e, plan, floor)).max().unwrap_or(floor),
            Cond::Or(xs) => xs.iter().map(|x| lb(x, e, plan, floor)).min().unwrap_or(floor),
            Cond::Today { op, day } => match op {
                truce_positions::CmpOp::Ge | truce_positions::CmpOp::Eq => *day,
                truce_positions::CmpOp::Gt => day + 1,
                _ => floor,
            },
            Cond::Step { step, .. } => e[*step],
            Cond::Elapsed { step, dur, .. } => dur.add(e[*step], plan.steps[*step].month_end()),
            _ => floor,
        }
    }
    for _ in 0..n.min(64) + 1 {
        let mut changed = false;
        for i in 0..n {
            let s = &plan.steps[i];
            let mut v = plan.start;
            if let Some(at) = s.at {
                v = v.max(at);
            }
            if let Some(w) = &s.when {
                v = v.max(lb(&w.cond, &e, plan, plan.start));
            }
            if let Some(m) = sources[i].iter().map(|&(k, _)| e[k]).min() {
                v = v.max(m);
            }
            if v > e[i] {
                e[i] = v;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    e
}

fn deadlines(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let e = earliest(plan);
    for (i, s) in plan.steps.iter().enumerate() {
        if let Some(by) = s.by
            && by < e[i]
            && s.at.is_none_or(|a| a <= by)
        {
            out.push(
                Diagnostic::error(
                    "impossible-deadline",
                    plan.file,
                    s.deadline_span.clone().unwrap_or(s.span.clone()),
                    format!(
                        "`{}` must be performed by {}, but cannot be triggered before {}",
                        s.id,
                        date_of(by),
                        date_of(e[i])
                    ),
                )
                .with_hint("the steps it waits on cannot happen in time; move the deadline or the steps before it"),
            );
        }
        if let Some(until) = s.until
            && until < e[i]
            && s.at.is_none_or(|a| a <= until)
        {
            out.push(
                Diagnostic::error(
                    "impossible-deadline",
                    plan.file,
                    s.deadline_span.clone().unwrap_or(s.span.clone()),
                    format!(
                        "`{}` must hold until {}, but cannot begin before {}",
                        s.id,
                        date_of(until),
                        date_of(e[i])
                    ),
                )
                .with_hint("the period would be over before it starts"),
            );
        }
    }
}

fn metrics(plan: &Plan, negotiation: &Negotiation, out: &mut Vec<Diagnostic>) {
    for s in &plan.steps {
        for c in [&s.when, &s.done, &s.holds].into_iter().flatten() {
            c.cond.atoms(&mut |a| {
                let Cond::Metric { metric, span, .. } = a else { return };
                let spec = &plan.metrics[*metric];
                if spec.kind == crate::plan::MetricKind::TerritoryChange {
                    return;
                }
                let Some(cf) = negotiation
                    .documents
                    .iter()
                    .flat_map(|d| &d.ceasefires)
                    .find(|c| c.id == spec.source)
                else {
                    return;
                };
                let ends = cf.end.as_ref().map(|e| crate::plan::day_of(e.date()));
                if ends.is_some_and(|e| e < plan.start) {
                    out.push(
                        Diagnostic::warning(
                            "uncomputable-metric",
                            plan.file,
                            c.span.start + span.start..c.span.start + span.end,
                            format!(
                                "ceasefire `{}` ended before the plan starts: the monitor counts no violations of it in the plan's days",
                                cf.id
                            ),
                        )
                        .with_hint("read the ceasefire that is in force during the plan"),
                    );
                }
                if spec.zone.is_some() && cf.line.is_none() && cf.territory.is_none() {
                    out.push(
                        Diagnostic::warning(
                            "uncomputable-metric",
                            plan.file,
                            c.span.start + span.start..c.span.start + span.end,
                            format!(
                                "ceasefire `{}` has no line or territory, so the monitor cannot place events in its zones",
                                cf.id
                            ),
                        )
                        .with_hint("give the ceasefire its reference line (see docs/format.md)"),
                    );
                }
            });
        }
    }
}
