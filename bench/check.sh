#!/usr/bin/env bash
# Times `truce check` on a generated negotiation (default 100 documents x 200 provisions)
# and on the bundled scenarios, with hyperfine (median of at least 10 runs), then reports
# the peak resident memory of one run with GNU time.
#
#   bash bench/check.sh                       # 100 x 200, 10 runs
#   DOCS=50 PROVISIONS=100 RUNS=20 bash bench/check.sh
#   TRUCE=target/release/truce bash bench/check.sh   # time an existing binary, no build
#
# Target (the issue): the 100 x 200 negotiation is checked in under 1 s.
# Needs python3, cargo, and the Debian packages hyperfine and time (installed here with
# apt-get when missing).
set -euo pipefail

DOCS="${DOCS:-100}"
PROVISIONS="${PROVISIONS:-200}"
RUNS="${RUNS:-10}"
TARGET_SECONDS="${TARGET_SECONDS:-1}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

# apt-get as root, through sudo otherwise.
apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "$@" >/dev/null
}
command -v hyperfine >/dev/null || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
scenario="$work/bench-${DOCS}x${PROVISIONS}"

echo "== generating $DOCS documents x $PROVISIONS provisions"
python3 "$here/gen_scenario.py" "$scenario" --documents "$DOCS" --provisions "$PROVISIONS"
du -sh "$scenario" | sed 's/^/   size on disk: /'

if [ -n "${TRUCE:-}" ]; then
    truce="$TRUCE"
    echo "== using $truce (not rebuilt)"
else
    echo "== building truce (release)"
    (cd "$root" && cargo build --release --quiet -p truce-cli)
    truce="$root/target/release/truce"
fi

# The generated scenario must be clean, or we would be timing the error path.
if ! "$truce" check "$scenario" >"$work/check.out" 2>&1; then
    echo "generated scenario does not check cleanly:" >&2
    head -40 "$work/check.out" >&2
    exit 1
fi
tail -n 3 "$work/check.out" | sed 's/^/   truce: /'

echo "== hyperfine ($RUNS runs after 2 warm-up runs)"
hyperfine -N --warmup 2 --runs "$RUNS" --style basic \
    --export-json "$work/generated.json" \
    -n "check ${DOCS}x${PROVISIONS}" "$truce check $scenario"
for dir in "$root"/scenarios/*/; do
    name="$(basename "$dir")"
    hyperfine -N --warmup 3 --runs "$((RUNS * 3))" --style basic --export-json "$work/$name.json" \
        -n "check $name" "$truce check $dir"
done

echo "== peak memory (GNU time, one run)"
/usr/bin/time -v "$truce" check "$scenario" 2>"$work/time.txt" >/dev/null
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt" | sed 's/^\s*/   /'

echo "== summary (medians)"
python3 - "$work" "$DOCS" "$PROVISIONS" "$TARGET_SECONDS" <<'EOF'
import json, pathlib, re, sys
work, docs, provs, target = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
for f in sorted(work.glob("*.json")):
    r = json.loads(f.read_text())["results"][0]
    print(f"   {f.stem:<22} median {r['median'] * 1000:8.1f} ms  "
          f"mean {r['mean'] * 1000:8.1f} ms  sd {r['stddev'] * 1000:6.1f} ms  "
          f"min {r['min'] * 1000:8.1f} ms  max {r['max'] * 1000:8.1f} ms  ({len(r['times'])} runs)")
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", (work / "time.txt").read_text())
if rss:
    print(f"   peak RSS ({docs}x{provs}): {int(rss.group(1)) / 1024:.1f} MiB")
median = json.loads((work / "generated.json").read_text())["results"][0]["median"]
verdict = "met" if median < target else "MISSED"
print(f"   target: {docs}x{provs} in under {target:g} s -> {verdict} (median {median:.3f} s)")
EOF
