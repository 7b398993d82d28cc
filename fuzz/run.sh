#!/usr/bin/env bash
# Builds the fuzz targets with AFL++ instrumentation, seeds them, and runs each in turn for
# SECONDS (default 1500) at the lowest priority, on one core. A second run resumes the first.
#   fuzz/run.sh [SECONDS] [TARGET...]
# Needs `cargo install cargo-afl`. Findings land in fuzz/out/TARGET/default/crashes; replay one
# with `fuzz/target/release/TARGET < FILE`.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-1500}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(analyze_bytes mutate_bundle jsonpath)

cargo afl build --release

mkdir -p out seeds/analyze_bytes seeds/mutate_bundle seeds/jsonpath
find ../tests/fixtures ../../shared/corpus -name '*.json' 2>/dev/null | sort | while read -r file; do
    cp "$file" "seeds/analyze_bytes/$(basename "$(dirname "$file")")_$(basename "$file")"
done
python3 - <<'PY'
import struct
# Edit programs: a base to start from, then edits of five bytes (kind, two 16-bit numbers).
for pick in range(0, 24, 3):
    edits = b"".join(struct.pack("<BHH", (pick + i) % 8, 97 * i + pick, 31 * i) for i in range(pick % 5))
    open(f"seeds/mutate_bundle/{pick:02}", "wb").write(bytes([pick]) + edits)
paths = ["$", "$.a.b", "$.search.tickets[0].id", "$..x", "$.a[*]", "$.a[1:2:3]", "$.a[0,1]",
         "$['a']['b\\\"c']", "$.a[?(@.b > 1 && @.c == 'x')]", "$.a[?(@.b =~ /x/i)]",
         "Ticket {{$.ticket.id}} for {{ $.user['name'] }}", "{{$.a[", "$.a.length()"]
for i, path in enumerate(paths):
    open(f"seeds/jsonpath/{i:02}", "w").write(path)
PY

for target in "${targets[@]}"; do
    echo "== $target for ${seconds}s"
    AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1 \
        AFL_NO_AFFINITY=1 AFL_IGNORE_SEED_PROBLEMS=1 \
        timeout --signal=INT "$seconds" nice -n 19 \
        cargo afl fuzz -i "seeds/$target" -o "out/$target" -x dict/zis.dict \
        -t 2000 -m none "target/release/$target" >"out-$target.log" 2>&1 || true
    grep -h -E "run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs" \
        "out/$target/default/fuzzer_stats" || true
done
