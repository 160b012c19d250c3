#!/usr/bin/env bash
# Zone of agreement: truce-positions against OR-Tools CP-SAT (one worker) on the shared
# instances.
#
#   bash bench/zopa/run.sh [RUNS]
#
# Reads the instances from $TRUCE_BENCH/zopa (default: ../shared/bench/zopa next to the
# workspace root), creates bench/.venv with the pinned ortools when missing, runs
# bench/zopa/cpsat.py and the truce side (crates/positions/examples/zopa_bench.rs, built
# with --release) on each, checks that both give the same feasibility verdicts, the same
# utilitarian and egalitarian optimum values and the same minimal conflict sets, and
# prints a Markdown table of median times (ms) and the ratio truce / CP-SAT. ALL=1 also
# enumerates every minimal conflict set with CP-SAT (slow; ALL_SECONDS caps each run).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
runs=${1:-3}
bench=${TRUCE_BENCH:-$root/../shared/bench}/zopa
if [[ ! -f $bench/zopa_I10_K4_P4_R20.json ]]; then
    echo "benchmark instances not found at $bench (set TRUCE_BENCH)" >&2
    exit 2
fi

venv=$root/bench/.venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/zopa/requirements.txt

cargo build --quiet --release -p truce-positions --example zopa_bench
target_dir=$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
echo "| instance | task | result | CP-SAT ms | truce ms | truce / CP-SAT | check |"
echo "|---|---|---|---|---|---|---|"
for f in "$bench"/zopa_*.json; do
    name=$(basename "$f" .json)
    "$target_dir/release/examples/zopa_bench" "$f" "$runs" > "$tmp/truce"
    "$venv/bin/python" bench/zopa/cpsat.py "$f" "$runs" > "$tmp/cpsat"
    "$venv/bin/python" bench/zopa/compare.py "$name" "$tmp/truce" "$tmp/cpsat" || status=1
done
if [[ $status != 0 ]]; then
    echo "MISMATCH between truce and CP-SAT (see the rows marked above)" >&2
fi
exit $status
