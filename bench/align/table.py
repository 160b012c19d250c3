"""Side-by-side table of align_bench (truce) and peers.py results (JSON lines on stdin)."""

import json
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip().startswith("{")]
by_instance = {}
for row in rows:
    by_instance.setdefault(row["instance"], {})[row["tool"]] = row

def shown(t):
    return f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s"


print("| instance | tool | median time | vs truce | precision | recall | F1 |")
print("|---|---|---|---|---|---|---|")
for instance, tools in by_instance.items():
    truce = tools.get("truce")
    for name in ["truce", "tfidf", "difflib"]:
        row = tools.get(name)
        if row is None:
            continue
        t = row["time_s"]
        ratio = "1x" if name == "truce" or truce is None else f"{t / truce['time_s']:.1f}x slower"
        time_cell = shown(t)
        if "match_s" in row:
            match_ratio = "" if truce is None else f", {row['match_s'] / truce['time_s']:.1f}x"
            time_cell += f" (matrix + assignment alone {shown(row['match_s'])}{match_ratio})"
        print(f"| {instance} | {name} | {time_cell} | {ratio} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} |")
