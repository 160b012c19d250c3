#!/usr/bin/env bash
# Load on `truce serve`: wrk (Debian package, installed when missing) on loopback, 64
# connections for 30 s each, against a read endpoint of the JSON API and the compare page,
# on the bundled scenarios and a fresh store.
#
#   bash bench/serve/run.sh [SECONDS] [CONNECTIONS]      (defaults: 30 s, 64)
#
# Prints wrk's summary (requests/s, latency percentiles with --latency, errors) for each
# target. The server runs with the release build; its log goes to a temporary file.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${1:-30}
conns=${2:-64}

if ! command -v wrk >/dev/null; then
    apt-get install -y -qq wrk >/dev/null
fi
cargo build --quiet --release -p truce-cli
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$target_dir/release/truce" --store "$work/store.sqlite" serve --bind "127.0.0.1:$port" >"$work/out" 2>"$work/log" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
done

for path in \
    "/api/v1/negotiations/geneva-2025" \
    "/negotiations/geneva-2025/compare?a=us-28-point-plan&b=e3-counter-proposal"; do
    echo "== GET $path"
    # One request first, so that cached results are measured as cached.
    curl -sf -o /dev/null "http://127.0.0.1:$port$path"
    wrk -t2 -c"$conns" -d"${seconds}s" --latency "http://127.0.0.1:$port$path"
done
