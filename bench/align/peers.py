"""Peers of truce's aligner on the shared alignment instances.

    python bench/align/peers.py DIR [--runs N] [--peers tfidf,difflib] [--instances a.json,b.json]

For each instance (two versions A and B of a list of provisions, with ground-truth links)
two classic recipes align A with B:

* tfidf: scikit-learn TfidfVectorizer on words and word pairs (ngram_range=(1, 2)),
  fit_transform on A and B together (one pass over the texts); cosine similarity matrix;
  scipy linear_sum_assignment on it; pairs with similarity above 0.2 kept. The time of
  the matrix and assignment alone (after vectorising) is reported too, as `match_s`.
* difflib: difflib.SequenceMatcher ratio between the word lists of every pair; the same
  assignment; pairs with ratio above 0.3 kept.

The thresholds are the ones that reproduce the published peer figures of the instances'
README. Both recipes are one-to-one, so they cannot find the second piece of a split or a
merge. Prints one JSON object per (instance, peer) with the median time of N runs (default
3) and precision, recall and F1 against the ground truth. JSON reading is not timed.
"""

import argparse
import difflib
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

INSTANCES = ["align_N100.json", "align_N100_stress.json", "align_N1000.json", "align_N1000_stress.json"]


def tfidf(a, b, parts):
    matrix = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(a + b)
    start = time.perf_counter()
    sim = (matrix[: len(a)] @ matrix[len(a) :].T).toarray()
    rows, cols = linear_sum_assignment(-sim)
    parts.append(time.perf_counter() - start)
    return {(int(i), int(j)) for i, j in zip(rows, cols) if sim[i, j] > 0.2}


def difflib_words(a, b, parts):
    words_a = [t.split() for t in a]
    words_b = [t.split() for t in b]
    sim = np.zeros((len(a), len(b)))
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for i, wa in enumerate(words_a):
        matcher.set_seq2(wa)  # the second sequence is the one SequenceMatcher indexes
        for j, wb in enumerate(words_b):
            matcher.set_seq1(wb)
            sim[i, j] = matcher.ratio()
    rows, cols = linear_sum_assignment(-sim)
    return {(int(i), int(j)) for i, j in zip(rows, cols) if sim[i, j] > 0.3}


PEERS = {"tfidf": tfidf, "difflib": difflib_words}


def score(found, truth):
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", default="tfidf,difflib")
    parser.add_argument("--instances", default=",".join(INSTANCES))
    args = parser.parse_args()
    versions = {"python": sys.version.split()[0], "scikit-learn": sklearn.__version__, "scipy": scipy.__version__}
    for name in args.instances.split(","):
        data = json.loads((args.dir / name).read_text())
        a = [p["text"] for p in data["A"]]
        b = [p["text"] for p in data["B"]]
        index_a = {p["id"]: k for k, p in enumerate(data["A"])}
        index_b = {p["id"]: k for k, p in enumerate(data["B"])}
        truth = {(index_a[x], index_b[y]) for x, y in data["ground_truth"]}
        for peer in args.peers.split(","):
            run = PEERS[peer]
            times = []
            parts = []
            for _ in range(args.runs):
                start = time.perf_counter()
                found = run(a, b, parts)
                times.append(time.perf_counter() - start)
            precision, recall, f1 = score(found, truth)
            result = {
                "instance": name,
                "tool": peer,
                "time_s": statistics.median(times),
                "runs": times,
                "precision": precision,
                "recall": recall,
                "f1": f1,
                "versions": versions,
            }
            if parts:
                result["match_s"] = statistics.median(parts)
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
