#!/usr/bin/env bash
# Every number of BENCHMARKS.md that `cargo bench` does not give: the whole `zis-lint check`
# process per size and, at 10,000 states with about 6,000 hints, per output format; its peak
# memory; a folder of 1,000 bundles on one core and on all; the inputs that once took
# superlinear time; the language server's latencies and memory; and what each rule costs.
#   server/bench/run.sh [LSP_RUNS]
# Needs hyperfine and GNU time (Debian: `apt-get install hyperfine time`), and taskset.
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
"$bin/gen" 10000 --hints >"$dir/hints.json"
# An empty configuration, so that no zis-lint.json around the temporary folder applies.
echo '{}' >"$dir/zis-lint.json"

# hyperfine's median, fastest and mean of one command, in milliseconds.
time_of() {
    hyperfine --shell=none --warmup 2 --min-runs "${min_runs:-10}" --export-json "$dir/h.json" "$@" >/dev/null
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("median %.1f ms, min %.1f ms, mean %.1f ms" % (r["median"]*1e3, r["min"]*1e3, r["mean"]*1e3))' "$dir/h.json"
}

echo "== zis-lint check, whole process"
for states in 10 100 1000 10000 50000; do
    printf '%6s states, %9s bytes: ' "$states" "$(stat -c %s "$dir/$states.json")"
    time_of "$bin/zis-lint check $dir/$states.json"
done

echo "== zis-lint check, 10,000 states with $("$bin/zis-lint" check "$dir/hints.json" | tail -1)"
for format in pretty json sarif github; do
    printf '%8s: ' "$format"
    min_runs=20 time_of "$bin/zis-lint check $dir/hints.json --format $format"
done

echo "== zis-lint check, peak memory (and with transparent huge pages off)"
for states in 10000 50000; do
    for thp in 1 0; do
        MIMALLOC_ALLOW_THP=$thp /usr/bin/time -f "$states states, huge pages $thp: %M KB peak RSS, %e s" \
            "$bin/zis-lint" check "$dir/$states.json" >/dev/null
    done
done

echo "== a folder of 1,000 bundles of 100 states, one core against all"
mkdir "$dir/folder"
for i in $(seq 1000); do cp "$dir/100.json" "$dir/folder/$i.json"; done
printf 'one core: '
time_of "taskset -c 0 $bin/zis-lint check $dir/folder"
printf 'all %s:   ' "$(nproc)"
time_of "$bin/zis-lint check $dir/folder"

echo "== inputs that once took superlinear time (one run each)"
mkdir "$dir/hostile"
echo '{}' >"$dir/hostile/zis-lint.json"
"$bin/hostile" "$dir/hostile" | while IFS=$'\t' read -r file name; do
    for format in json pretty; do
        /usr/bin/time -f "$name, $format: %e s, %M KB peak RSS" \
            "$bin/zis-lint" check "$file" --format "$format" >"$dir/out.txt" || true
        echo "    $(wc -l <"$dir/out.txt") lines, $(stat -c %s "$dir/out.txt") bytes of output"
    done
done

echo "== language server"
"$bin/lsp-latency" "$bin/zis-lint" "$runs"

echo "== rule costs at 10,000 states"
"$bin/rule-costs" 10000 5
