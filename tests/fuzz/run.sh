#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang and runs each for a bounded
# time, seeded from testdata/ and ../shared/corpus when present. Exits
# non-zero on any crash, leak, timeout or sanitizer report.
#   tests/fuzz/run.sh [TOTAL_SECONDS]      (default 60, split over harnesses)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
total=${1:-60}
build=${MCLINT_FUZZ_BUILD:-$src/build-fuzz}
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DMCLINT_FUZZ=ON -DBUILD_TESTING=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
harnesses=("$build"/tests/fuzz/fuzz_*)
per=$(( total / ${#harnesses[@]} ))
[ "$per" -ge 5 ] || per=5
for h in "${harnesses[@]}"; do
  name=$(basename "$h")
  corpus="$work/$name"
  mkdir -p "$corpus"
  # Seeds: every test profile, the seed and the real corpus (small files only).
  find "$src/testdata" "$src/tests/fuzz/seeds" "$src/tests/manifests" "$src/../shared/corpus" \
       -type f -size -64k \
       \( -name '*.mobileconfig' -o -name '*.plist' -o -name '*.xml' -o -name '*.bin' -o -name '*.toml' \) \
       -exec cp -t "$corpus" {} + 2>/dev/null || true
  echo "==> $name for ${per}s ($(ls "$corpus" | wc -l) seeds)"
  (cd "$work" && "$h" "$corpus" -max_total_time="$per" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 2>"$work/$name.log") || {
    tail -60 "$work/$name.log"
    # Keep the reproducer: the work folder is removed on exit.
    mkdir -p "$build/fuzz-artifacts"
    cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* "$build/fuzz-artifacts/" \
       2>/dev/null || true
    echo "FUZZ FAILURE in $name (reproducers in $build/fuzz-artifacts)"; exit 1; }
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$work/$name.log" || true
done
echo "fuzzing passed"
