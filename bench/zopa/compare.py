"""Compares the truce and CP-SAT outputs of one instance and prints one row per task.

    python bench/zopa/compare.py INSTANCE TRUCE_OUT CPSAT_OUT

Each output has lines `task <name> <ms> <result...>`. Checks: the same feasibility
verdict, the same utilitarian and egalitarian optimum values, CP-SAT's minimal conflict
set among those truce enumerates, and (when CP-SAT enumerated them too) the same set of
all minimal conflict sets. Exits 1 on any mismatch.
"""

import sys


def parse(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split(maxsplit=3)
            if len(parts) >= 3 and parts[0] == "task":
                out[parts[1]] = (float(parts[2]), parts[3].strip() if len(parts) > 3 else "")
    return out


def main():
    name, truce_path, cpsat_path = sys.argv[1:4]
    truce, cpsat = parse(truce_path), parse(cpsat_path)
    ok = True
    truce_all = None
    if "all_minimal" in truce:
        fields = truce["all_minimal"][1].split(maxsplit=2)
        truce_all = set(fields[2].split(";")) if len(fields) > 2 else set()
    for task in ["feasibility", "utilitarian", "egalitarian", "core", "minimal", "all_minimal"]:
        if task not in truce and task not in cpsat:
            continue
        t_ms, t_res = truce.get(task, (float("nan"), ""))
        c_ms, c_res = cpsat.get(task, (float("nan"), ""))
        if task in ("feasibility", "utilitarian", "egalitarian"):
            same = t_res == c_res
            check = "same" if same else f"DIFFERENT ({t_res} vs {c_res})"
        elif task == "core":
            same = True
            check = f"sizes {t_res} / {c_res} (cores need not be minimal or equal)"
        elif task == "minimal":
            same = truce_all is not None and c_res in truce_all
            check = "CP-SAT's set is among truce's" if same else f"MISSING {c_res}"
        else:
            if task not in cpsat:
                same = True
                check = f"{t_res.split()[0]} sets, {t_res.split()[1]} (CP-SAT side not run; ALL=1)"
            elif c_res == "timeout":
                same = True
                check = f"{t_res.split()[0]} sets; CP-SAT ran out of time"
            else:
                c_sets = set(c_res.split(maxsplit=2)[2].split(";")) if len(c_res.split()) > 2 else set()
                same = c_sets == truce_all
                check = f"same {len(c_sets)} sets" if same else "DIFFERENT sets"
        ok &= same
        ratio = t_ms / c_ms if c_ms == c_ms and c_ms > 0 else float("nan")
        value = t_res.split()[0] if task != "minimal" else str(len(t_res.split(",")))
        print(f"| {name} | {task} | {value} | {c_ms:.2f} | {t_ms:.2f} | {ratio:.3f} | {check} |")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
