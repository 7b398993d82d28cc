#!/usr/bin/env bash
# Every number of BENCHMARKS.md that `cargo bench` does not give: the whole `zis-lint check`
# process per size (hyperfine), its peak memory at 50,000 states (GNU time), the language
# server's latencies and memory, and what each rule costs.
#   server/bench/run.sh [LSP_RUNS]
# Needs hyperfine and GNU time (Debian: `apt-get install hyperfine time`).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-30}

cargo build --release -p zis-lint -p zis-bench --bins
bin=target/release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for states in 10 100 1000 10000 50000; do
    "$bin/gen" "$states" >"$dir/$states.json"
done
# An empty configuration, so that no zis-lint.json around the temporary folder applies.
echo '{}' >"$dir/zis-lint.json"

echo "== zis-lint check, whole process"
for states in 10 100 1000 10000 50000; do
    printf '%6s states, %9s bytes: ' "$states" "$(stat -c %s "$dir/$states.json")"
    hyperfine --shell=none --warmup 2 --min-runs 10 --export-json "$dir/h.json" \
        "$bin/zis-lint check $dir/$states.json" >/dev/null
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("median %.1f ms, min %.1f ms, mean %.1f ms" % (r["median"]*1e3, r["min"]*1e3, r["mean"]*1e3))' "$dir/h.json"
done

echo "== zis-lint check, peak memory at 50,000 states"
/usr/bin/time -f "%M KB peak RSS, %e s" "$bin/zis-lint" check "$dir/50000.json" >/dev/null

echo "== language server"
"$bin/lsp-latency" "$bin/zis-lint" "$runs"

echo "== rule costs at 10,000 states"
"$bin/rule-costs" 10000 5
