#!/usr/bin/env bash
# Precedent search: truce-precedents against the same computation in pandas/numpy.
#
#   bash bench/precedents/run.sh [RUNS]
#
# Reads the PA-X v9 export from $TRUCE_DATA (default: ../shared/data next to the
# workspace root), creates bench/.venv with the pinned numpy and pandas when missing,
# checks that both sides give the same top 5 (ids and scores) for agreement 1364
# (Minsk II), and prints the median query times and their ratio. Add BENCH_DIVAN=1 to
# also run the divan benchmark (cargo bench -p truce-precedents --bench query).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
runs=${1:-5}
data=${TRUCE_DATA:-$root/../shared/data}
csv=$data/pa-x/pax_all_agreements_data_v9_paxmap_b71b846.csv
if [[ ! -f $csv ]]; then
    echo "PA-X export not found at $csv (set TRUCE_DATA)" >&2
    exit 2
fi

venv=$root/bench/.venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/precedents/requirements.txt

cargo build --quiet --release -p truce-precedents --example nearest
target_dir=$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

truce_out=$("$target_dir/release/examples/nearest" "$csv" 1364 5 "$runs")
peer_out=$("$venv/bin/python" bench/precedents/peer.py "$csv" 1364 5 "$runs")

echo "== truce-precedents (rank id score)"
echo "$truce_out"
echo "== pandas/numpy peer (rank id score)"
echo "$peer_out"

truce_top=$(grep -E '^[0-9]+ ' <<<"$truce_out")
peer_top=$(grep -E '^[0-9]+ ' <<<"$peer_out")
if [[ "$truce_top" != "$peer_top" ]]; then
    echo "MISMATCH: the peer's top 5 differs from truce's" >&2
    exit 1
fi
echo "== top 5 identical (ids and scores to 12 decimals)"

value() { awk -v key="$1" '$1 == key { print $2 }' <<<"$2"; }
truce_us=$(value median_us "$truce_out")
dense_us=$(value median_us "$peer_out")
sparse_us=$(value sparse_median_us "$peer_out")
awk -v t="$truce_us" -v d="$dense_us" -v s="$sparse_us" 'BEGIN {
    printf "truce query median:            %10.1f us\n", t
    printf "numpy dense query median:      %10.1f us  (%.0fx truce)\n", d, d / t
    printf "numpy sparse query median:     %10.1f us  (%.0fx truce)\n", s, s / t
}'

if [[ ${BENCH_DIVAN:-0} == 1 ]]; then
    cargo bench -p truce-precedents --bench query
fi
