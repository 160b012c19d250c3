#!/usr/bin/env bash
# Clause alignment: truce-compare against scikit-learn TF-IDF + scipy assignment and
# difflib + assignment, side by side in one run on the shared instances.
#
#   bash bench/align/run.sh                 # truce 7 runs, peers 3 runs each
#   RUNS=9 PEER_RUNS=3 PEERS=tfidf bash bench/align/run.sh
#
# Reads the instances from $TRUCE_BENCH (default: ../shared/bench/align next to the
# workspace root), creates bench/.venv with the pinned packages of requirements.txt when
# missing, builds the align_bench example in release mode, runs it and peers.py on the
# same files, and prints every result as JSON and a table with the time ratios.
# The difflib peer compares every pair of provisions: expect minutes at N=1000.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bench=${TRUCE_BENCH:-$root/../shared/bench/align}
runs=${RUNS:-7}
peer_runs=${PEER_RUNS:-3}
peers=${PEERS:-tfidf,difflib}
if [[ ! -f $bench/align_N1000.json ]]; then
    echo "alignment instances not found in $bench (set TRUCE_BENCH)" >&2
    exit 2
fi

venv=$root/bench/.venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/align/requirements.txt

cargo build --quiet --release -p truce-compare --example align_bench
target_dir=$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "== truce (median of $runs runs after a warm-up)"
"$target_dir/release/examples/align_bench" "$bench" --runs "$runs" | tee -a "$results"
echo "== peers (median of $peer_runs runs): $peers"
"$venv/bin/python" bench/align/peers.py "$bench" --runs "$peer_runs" --peers "$peers" | tee -a "$results"
echo "== side by side"
"$venv/bin/python" bench/align/table.py < "$results"
