#!/usr/bin/env bash
# Geometry: truce-geo against shapely 2, geopandas and DuckDB spatial on 1,000,000
# synthetic events and the real DeepState occupied-territory MultiPolygon of 2026-08-22.
#
#   bash bench/geo/run.sh [RUNS] [SLOW_RUNS]
#
# Reads $TRUCE_DATA (default: ../shared/data next to the workspace root). Takes the
# 2026-08-22 snapshot out of deepstate-cyterat/daily_all.tar.xz (or, if that fails, the
# newest weekly file, which is the same day) into a temporary folder, draws 1M points
# uniformly in its bounding box (numpy, seed 20260822), and runs, each in its own process
# under /usr/bin/time for peak memory:
#   - truce: crates/geo/examples/geo_bench.rs, built with --release;
#   - shapely 2: prepared contains_xy; STRtree over the boundary's segments,
#     query_nearest for the distance; dwithin with the prepared boundary; difference and
#     pyproj geodesic areas for the territorial change (2025-07-07 -> 2026-08-22);
#   - geopandas: sjoin within the parts, sjoin dwithin the boundary;
#   - DuckDB 1.5.5 with the spatial extension loaded from the PyPI wheel (unsigned), one
#     thread, the polygon and its boundary as constant WKT literals.
# Tasks: point-in-territory, distance to the boundary (planar degrees, as shapely), within
# 0.45 degrees of the boundary, territorial change. compare.py checks that every tool gets
# the same counts and distance sums (1e-9 relative) and prints Markdown tables of median
# times over RUNS runs (default 5; SLOW_RUNS, default 1, for the peer tasks that take about
# a minute each: geopandas dwithin, DuckDB distance and dwithin), truce / peer ratios and
# peak memory. Installs bench/geo/requirements.txt into bench/.venv when needed.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
runs=${1:-5}
slow_runs=${2:-1}
data=${TRUCE_DATA:-$root/../shared/data}
weekly=$data/deepstate-cyterat/weekly
if [[ ! -d $weekly ]]; then
    echo "DeepState data not found at $weekly (set TRUCE_DATA)" >&2
    exit 2
fi

venv=$root/bench/.venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/geo/requirements.txt
py=$venv/bin/python
if [[ ! -x /usr/bin/time ]]; then
    apt-get install -y -qq time >/dev/null
fi

cargo build --quiet --release -p truce-geo --example geo_bench
target_dir=$(cargo metadata --format-version 1 --no-deps | "$py" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
name=deepstatemap_data_20260822.geojson
if tar -xJf "$data/deepstate-cyterat/daily_all.tar.xz" -C "$tmp" "daily_all/$name" 2>/dev/null; then
    territory=$tmp/daily_all/$name
    echo "territory: $name from daily_all.tar.xz"
else
    territory=$weekly/$name
    echo "territory: $name from weekly/ (the archive could not be read)"
fi
before=$weekly/deepstatemap_data_20250707.geojson
points=$tmp/points.f64
"$py" bench/geo/peers.py gen "$territory" "$points" 1000000 20260822

measure() {
    local tool=$1
    shift
    /usr/bin/time -f %M -o "$tmp/$tool.mem" "$@" > "$tmp/$tool.json"
}
measure truce "$target_dir/release/examples/geo_bench" "$territory" "$points" "$runs" 0.45 "$before" "$territory"
measure shapely "$py" bench/geo/peers.py shapely "$territory" "$points" "$runs" 0.45 "$before" "$territory"
measure geopandas "$py" bench/geo/peers.py geopandas "$territory" "$points" "$runs" 0.45 "$slow_runs"
measure duckdb "$py" bench/geo/peers.py duckdb "$territory" "$points" "$runs" 0.45 "$slow_runs"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); runs: $runs (slow peer tasks: $slow_runs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" bench/geo/compare.py "$tmp"
