#!/usr/bin/env python3
"""The precedent search as a pandas/numpy user would write it, for comparison with truce.

    python bench/precedents/peer.py CSV [ID] [TOP] [RUNS]

Loads the PA-X v9 export with pandas, takes the provision-code columns (from `GCh` to
the last column, 251 of them), and computes for agreement ID the same similarity as
`truce-precedents` with numpy, vectorised over all agreements: IDF-weighted Ruzicka over
levels, with weights round(65536 * ln((N + 1) / (df + 1))) as integers so that both sides
compute the same exact sums. The agreement itself scores -1 (left out); answers with
score 0 are dropped; ties go by id. Like truce, each answer also gets its shared codes.

Two versions are timed: `dense` is the formula as written (min and max over the whole
251-column matrix); `sparse` uses the same shortcut as truce (only the query's columns,
sum max = sum q + sum a - sum min, with per-agreement masses precomputed).

Prints `rank id score` per answer (score to 12 decimals), `median_us X` and
`sparse_median_us X` for the median of RUNS timed queries of each version (default 5,
after one warm-up), and `load_ms X` for reading the CSV and building the matrix (once).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd


def build(csv: str):
    frame = pd.read_csv(csv, low_memory=False)
    columns = list(frame.columns)
    codes = columns[columns.index("GCh"):]
    assert len(codes) == 251, f"expected 251 code columns, found {len(codes)}"
    levels = frame[codes].to_numpy(dtype=np.int64)
    ids = frame["AgtId"].to_numpy(dtype=np.int64)
    n = len(ids)
    df = (levels > 0).sum(axis=0)
    weights = np.rint(np.log((n + 1) / (df + 1)) * 65536).astype(np.int64)
    mass = levels @ weights
    return codes, levels, ids, weights, mass


def dense_scores(levels, weights, mass, row):
    """The formula as written: min and max over the whole matrix."""
    num = (np.minimum(levels, row) * weights).sum(axis=1)
    den = (np.maximum(levels, row) * weights).sum(axis=1)
    return num, den


def sparse_scores(levels, weights, mass, row):
    """Only the query's codes: sum max = sum q + sum a - sum min (truce's own trick)."""
    nz = np.flatnonzero(row)
    num = (np.minimum(levels[:, nz], row[nz]) * weights[nz]).sum(axis=1)
    den = int((row * weights).sum()) + mass - num
    return num, den


def query(codes, levels, ids, weights, mass, agreement: int, top: int, scores=dense_scores):
    row = levels[ids == agreement][0]
    num, den = scores(levels, weights, mass, row)
    score = num / np.where(den == 0, 1, den)
    score[ids == agreement] = -1.0
    order = np.lexsort((ids, -score))[:top]
    order = order[score[order] > 0]
    answers = []
    for i in order:
        both = (levels[i] > 0) & (row > 0)
        shared = [(codes[c], int(row[c]), int(levels[i][c])) for c in np.flatnonzero(both)]
        answers.append((int(ids[i]), float(score[i]), shared))
    return answers


def main() -> None:
    args = sys.argv[1:]
    if not args:
        sys.exit("usage: peer.py CSV [ID] [TOP] [RUNS]")
    csv = args[0]
    agreement = int(args[1]) if len(args) > 1 else 1364
    top = int(args[2]) if len(args) > 2 else 5
    runs = max(1, int(args[3]) if len(args) > 3 else 5)

    start = time.perf_counter()
    corpus = build(csv)
    load_ms = (time.perf_counter() - start) * 1e3

    answers = query(*corpus, agreement, top)
    sparse = query(*corpus, agreement, top, scores=sparse_scores)
    assert [a[:2] for a in sparse] == [a[:2] for a in answers], "dense and sparse disagree"
    medians = {}
    for name, scores in (("dense", dense_scores), ("sparse", sparse_scores)):
        query(*corpus, agreement, top, scores=scores)  # warm-up
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            query(*corpus, agreement, top, scores=scores)
            times.append((time.perf_counter() - start) * 1e6)
        times.sort()
        medians[name] = times[len(times) // 2]
    for rank, (agt, score, _shared) in enumerate(answers, start=1):
        print(f"{rank} {agt} {score:.12f}")
    print(f"median_us {medians['dense']:.1f}")
    print(f"sparse_median_us {medians['sparse']:.1f}")
    print(f"load_ms {load_ms:.1f}")


if __name__ == "__main__":
    main()
