#!/usr/bin/env bash
# Property-based checks of the JSON API against its own OpenAPI document with schemathesis
# (PyPI, installed into bench/.venv): every generated request must get an answer that is
# not a server error (5xx) and matches the documented status codes.
#
#   bash bench/serve/schemathesis.sh [MAX_EXAMPLES]      (default 50 per operation)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
examples=${1:-50}
venv=$root/bench/.venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/serve/requirements.txt
cargo build --quiet --release -p truce-cli
target_dir=$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
work=$(mktemp -d)
port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$target_dir/release/truce" --store "$work/store.sqlite" serve --bind "127.0.0.1:$port" >"$work/out" 2>"$work/log" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
done
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/openapi.json" \
    --checks not_a_server_error --max-examples "$examples" --workers 2
