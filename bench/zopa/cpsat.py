"""The OR-Tools CP-SAT side of the zone-of-agreement benchmark.

    python bench/zopa/cpsat.py INSTANCE.json [RUNS]

Solves the same tasks as the truce side (`crates/positions/examples/zopa_bench.rs`) on
one shared instance with one worker and prints one line per task:

    task <name> <median wall ms> <result>

Tasks: `feasibility` (is there any package that keeps every red line), `utilitarian`
(max of the sum of party utilities) and `egalitarian` (max of the least party utility)
when the instance is feasible; `core` (an unsatisfiable core over one assumption literal
per red line) and `minimal` (the core shrunk by a deletion filter to a minimal
conflict set) when it is not, and with ALL=1 in the environment `all_minimal` (every
minimal conflict set, by MARCO with CP-SAT as both oracle and map solver; one run, at
most ALL_SECONDS seconds, default 300). Times are CP-SAT's own wall time
(`solver.wall_time`), summed over the calls a task makes, median of RUNS runs.
"""

import json
import os
import statistics
import sys

from ortools.sat.python import cp_model


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def base_model(inst):
    m = cp_model.CpModel()
    n_issues, n_options = inst["I"], inst["K"]
    x = [[m.new_bool_var(f"x{i}_{k}") for k in range(n_options)] for i in range(n_issues)]
    for row in x:
        m.add_exactly_one(row)
    return m, x


def lit(x, triple):
    issue, option, positive = triple
    v = x[issue][option]
    return v if positive else v.Not()


def utilities(inst, x):
    out = []
    for p in range(inst["P"]):
        out.append(
            sum(
                inst["weights"][p][i] * inst["utilities"][p][i][k] * x[i][k]
                for i in range(inst["I"])
                for k in range(inst["K"])
            )
        )
    return out


def solver():
    s = cp_model.CpSolver()
    s.parameters.num_workers = 1
    return s


def hard_model(inst):
    m, x = base_model(inst)
    for r in inst["red_lines"]:
        m.add_bool_or([lit(x, t) for t in r["clause"]])
    return m, x


def feasibility(inst):
    m, _ = hard_model(inst)
    s = solver()
    status = s.solve(m)
    return s.wall_time, status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def utilitarian(inst):
    m, x = hard_model(inst)
    m.maximize(sum(utilities(inst, x)))
    s = solver()
    status = s.solve(m)
    assert status == cp_model.OPTIMAL, s.status_name(status)
    return s.wall_time, round(s.objective_value)


def egalitarian(inst):
    m, x = hard_model(inst)
    t = m.new_int_var(0, 100 * 100, "t")
    for u in utilities(inst, x):
        m.add(u >= t)
    m.maximize(t)
    s = solver()
    status = s.solve(m)
    assert status == cp_model.OPTIMAL, s.status_name(status)
    return s.wall_time, round(s.objective_value)


def assumption_model(inst, active):
    """The model with red line r enforced by assumption literal a[r], for r in active."""
    m, x = base_model(inst)
    a = {}
    for r in active:
        a[r] = m.new_bool_var(f"a{r}")
        m.add_bool_or([lit(x, t) for t in inst["red_lines"][r]["clause"]]).only_enforce_if(a[r])
    m.add_assumptions(list(a.values()))
    return m, a


def core(inst, active):
    """(wall time, core as red-line indices or None when satisfiable)."""
    m, a = assumption_model(inst, active)
    s = solver()
    status = s.solve(m)
    if status != cp_model.INFEASIBLE:
        return s.wall_time, None
    index = {v.index: r for r, v in a.items()}
    return s.wall_time, sorted(index[v] for v in s.sufficient_assumptions_for_infeasibility())


def minimal(inst):
    """A core, then a deletion filter: drop each red line in turn when the rest stays
    infeasible (keeping the smaller core the solver returns)."""
    total, current = core(inst, range(len(inst["red_lines"])))
    assert current is not None, "instance is feasible"
    i = 0
    while i < len(current):
        trial = current[:i] + current[i + 1 :]
        t, c = core(inst, trial)
        total += t
        if c is None:
            i += 1
        else:
            keep = set(c)
            current = [r for r in trial if r in keep]
            i = sum(1 for r in current[:i] if r in keep)
    return total, current


def all_minimal(inst, budget):
    """MARCO: a map model over one selector per red line proposes unexplored subsets
    (largest first); unsatisfiable ones are shrunk to minimal conflict sets and blocked
    upwards, satisfiable ones grown to maximal satisfiable subsets and blocked
    downwards. Returns (solver seconds, sets or None when the budget ran out)."""
    n = len(inst["red_lines"])
    total = 0.0
    blocks_up, blocks_down, sets = [], [], []
    while True:
        if total > budget:
            return total, None
        m = cp_model.CpModel()
        sel = [m.new_bool_var(f"s{r}") for r in range(n)]
        for b in blocks_up:
            m.add_bool_or([sel[r].Not() for r in b])
        for b in blocks_down:
            m.add_bool_or([sel[r] for r in b])
        m.maximize(sum(sel))
        s = solver()
        status = s.solve(m)
        total += s.wall_time
        if status == cp_model.INFEASIBLE:
            return total, sets
        seed = [r for r in range(n) if s.value(sel[r])]
        t, c = core(inst, seed)
        total += t
        if c is None:
            # A maximal model of the map is already a maximal satisfiable subset.
            blocks_down.append([r for r in range(n) if r not in set(seed)])
            continue
        current = c
        i = 0
        while i < len(current):
            trial = current[:i] + current[i + 1 :]
            t, c2 = core(inst, trial)
            total += t
            if c2 is None:
                i += 1
            else:
                keep = set(c2)
                current = [r for r in trial if r in keep]
                i = sum(1 for r in current[:i] if r in keep)
        blocks_up.append(current)
        sets.append(current)


def median_ms(task, inst, runs):
    times, result = [], None
    for _ in range(runs):
        t, result = task(inst)
        times.append(t * 1000.0)
    return statistics.median(times), result


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    inst = load(path)
    ids = [r["id"] for r in inst["red_lines"]]
    ms, feasible = median_ms(feasibility, inst, runs)
    print(f"task feasibility {ms:.3f} {'feasible' if feasible else 'infeasible'}")
    if feasible:
        ms, v = median_ms(utilitarian, inst, runs)
        print(f"task utilitarian {ms:.3f} {v}")
        ms, v = median_ms(egalitarian, inst, runs)
        print(f"task egalitarian {ms:.3f} {v}")
    else:
        ms, c = median_ms(lambda i: core(i, range(len(ids))), inst, runs)
        print(f"task core {ms:.3f} {len(c)}")
        ms, c = median_ms(minimal, inst, runs)
        print(f"task minimal {ms:.3f} {','.join(sorted(ids[r] for r in c))}")
        if os.environ.get("ALL") == "1":
            budget = float(os.environ.get("ALL_SECONDS", "300"))
            t, sets = all_minimal(inst, budget)
            if sets is None:
                print(f"task all_minimal {t * 1000.0:.3f} timeout")
            else:
                names = sorted(",".join(sorted(ids[r] for r in s)) for s in sets)
                print(f"task all_minimal {t * 1000.0:.3f} {len(sets)} complete {';'.join(names)}")


if __name__ == "__main__":
    main()
