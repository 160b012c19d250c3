#!/usr/bin/env bash
# Event ingest: truce-events parsing (and parsing + storing, and storing again) of
# synthetic UCDP GED rows, against Python's csv module and DuckDB's read_csv on the same
# file.
#
#   bash bench/ingest/run.sh [ROWS] [RUNS]      (defaults: 1000000 rows, 3 runs)
#
# Generates ROWS seeded rows in the 49-column UCDP layout (gen_ucdp.py) into a temporary
# folder, creates bench/.venv with the pinned DuckDB when missing, builds the
# ingest_bench example in release mode, and prints for each contender the median time,
# rows per second, the ratio to truce's parser, and the peak resident memory of one run
# (/usr/bin/time -v; the Debian package `time` is installed when missing).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rows=${1:-1000000}
runs=${2:-3}
store_runs=${STORE_RUNS:-$runs}

if [[ ! -x /usr/bin/time ]]; then
    apt-get install -y -qq time >/dev/null
fi
venv=$root/bench/.venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/ingest/requirements.txt

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$work/ucdp.csv
python3 bench/ingest/gen_ucdp.py "$rows" "$file" 1
bytes=$(stat -c %s "$file")
echo "input: $rows rows, $bytes bytes ($((bytes / rows)) bytes/row)"

cargo build --quiet --release -p truce-events --example ingest_bench
target_dir=$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
bench=$target_dir/release/examples/ingest_bench

# peak KB of one run of a command
peak() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
median() { awk '$1 == "median_s" { print $2 }' <<<"$1"; }

declare -A seconds memory
out=$("$bench" "$file" parse "$runs"); echo "== truce parse"; echo "$out"
seconds[truce_parse]=$(median "$out"); memory[truce_parse]=$(peak "$bench" "$file" parse 1)
out=$("$bench" "$file" store "$store_runs"); echo "== truce parse + store"; echo "$out"
seconds[truce_store]=$(median "$out"); memory[truce_store]=$(peak "$bench" "$file" store 1)
out=$("$bench" "$file" reingest "$store_runs"); echo "== truce parse + store again (unchanged)"; echo "$out"
# The peak of a re-ingest run includes its untimed first ingest.
seconds[truce_reingest]=$(median "$out"); memory[truce_reingest]=$(peak "$bench" "$file" reingest 1)
for peer in csv duckdb duckdb1; do
    out=$("$venv/bin/python" bench/ingest/peers.py "$peer" "$file" "$runs"); echo "== $peer"; echo "$out"
    seconds[$peer]=$(median "$out"); memory[$peer]=$(peak "$venv/bin/python" bench/ingest/peers.py "$peer" "$file" 1)
done

echo
printf '%-34s %10s %12s %10s %10s\n' contender median_s rows_per_s vs_truce peak_MiB
for key in truce_parse truce_store truce_reingest csv duckdb duckdb1; do
    case $key in
        truce_parse) label="truce read_path() (2 threads)" ;;
        truce_store) label="truce read + store, fresh store" ;;
        truce_reingest) label="truce read + store, re-ingest" ;;
        csv) label="Python csv.reader (split only)" ;;
        duckdb) label="DuckDB read_csv (2 threads)" ;;
        duckdb1) label="DuckDB read_csv (1 thread)" ;;
    esac
    awk -v l="$label" -v s="${seconds[$key]}" -v t="${seconds[truce_parse]}" -v n="$rows" -v m="${memory[$key]}" \
        'BEGIN { printf "%-34s %10.3f %12.0f %9.2fx %10.1f\n", l, s, n / s, s / t, m / 1024 }'
done
