"""Checks and tabulates the outputs of bench/geo/run.sh.

    python compare.py DIR

DIR holds <tool>.json (one JSON object per line, from geo_bench or peers.py) and
<tool>.mem (peak resident memory in KiB, from /usr/bin/time -f %M) for tool in truce,
shapely, geopandas, duckdb. Prints Markdown tables and exits non-zero when a peer's count
differs from truce's, when distance sums differ by more than 1e-9 relative, or when the
territorial change areas differ by more than 0.5 %.
"""

import json
import sys
from pathlib import Path

TOOLS = ["truce", "shapely", "geopandas", "duckdb"]
TASKS = [
    ("contains", "point in territory (count inside)"),
    ("distance", "distance to the boundary (sum, degrees)"),
    ("within", "within 0.45 deg of the boundary (count)"),
    ("change", "territorial change, both directions + geodesic areas"),
]


def load(folder, tool):
    path = folder / f"{tool}.json"
    if not path.exists():
        return {}
    rows = {}
    for line in path.read_text().splitlines():
        if line.strip().startswith("{"):
            row = json.loads(line)
            rows[row["task"]] = row
    return rows


def memory_mib(folder, tool):
    path = folder / f"{tool}.mem"
    try:
        return int(path.read_text().split()[-1]) / 1024.0
    except (OSError, ValueError, IndexError):
        return None


def main(folder):
    folder = Path(folder)
    results = {tool: load(folder, tool) for tool in TOOLS}
    truce = results["truce"]
    problems = []
    for task in ("contains", "within"):
        expected = truce.get(task, {}).get("count")
        for tool in TOOLS[1:]:
            row = results[tool].get(task)
            if row is not None and row.get("count") != expected:
                problems.append(f"{task}: {tool} counts {row.get('count')}, truce {expected}")
    expected = truce.get("distance", {}).get("sum")
    for tool in TOOLS[1:]:
        row = results[tool].get("distance")
        if row is not None and abs(row["sum"] - expected) > 1e-9 * abs(expected):
            problems.append(f"distance: {tool} sums {row['sum']!r}, truce {expected!r}")
    change, peer_change = truce.get("change"), results["shapely"].get("change")
    if change and peer_change:
        for key in ("gained_km2", "lost_km2"):
            a, b = change[key], peer_change[key]
            if abs(a - b) > 0.005 * abs(b):
                problems.append(f"change {key}: truce {a}, shapely+pyproj {b}")

    print("| task | tool | median s | runs | truce / tool | speed-up | result |")
    print("|---|---|---|---|---|---|---|")
    for task, label in TASKS:
        base = truce.get(task)
        for tool in TOOLS:
            row = results[tool].get(task)
            if row is None:
                continue
            ratio = base["median_s"] / row["median_s"] if base else float("nan")
            result = row.get("count", row.get("sum", row.get("gained_km2")))
            if task == "change":
                result = f"+{row['gained_km2']:.1f} / -{row['lost_km2']:.1f} km²"
            elif task == "distance":
                result = f"{row['sum']:.6f}"
            print(
                f"| {label} | {tool} | {row['median_s']:.4f} | {len(row['runs_s'])} | {ratio:.4f} | "
                f"{1.0 / ratio:.1f}x | {result} |"
            )
    print()
    print("| tool | peak memory (MiB) | one-off work not in the times above |")
    print("|---|---|---|")
    build = truce.get("build", {})
    notes = {
        "truce": f"load+repair {build.get('load_s', 0):.3f} s, point index {build.get('point_index_s', 0):.3f} s "
        f"({build.get('grid')} cells, {100 * build.get('boundary_cells', 0):.1f} % boundary), line index "
        f"{build.get('line_index_s', 0):.3f} s ({build.get('line_grid')} cells, "
        f"{build.get('candidates_per_cell', 0)} candidates per cell)",
    }
    sb = results["shapely"].get("build")
    if sb:
        notes["shapely"] = (
            f"prepare {sb['prepare_s']:.4f} s, STRtree {sb['strtree_s']:.4f} s, "
            f"points {results['shapely']['points']['median_s']:.3f} s"
        )
    for tool in ("geopandas", "duckdb"):
        if "points" in results[tool]:
            notes[tool] = f"points {results[tool]['points']['median_s']:.3f} s"
    for tool in TOOLS:
        mem = memory_mib(folder, tool)
        if mem is not None or tool in notes:
            print(f"| {tool} | {mem:.0f} | {notes.get(tool, '')} |" if mem else f"| {tool} | ? | {notes.get(tool, '')} |")
    if problems:
        print()
        for p in problems:
            print(f"MISMATCH: {p}")
        sys.exit(1)
    print()
    print("All counts equal; distance sums equal within 1e-9; change areas within 0.5 %.")


if __name__ == "__main__":
    main(sys.argv[1])
