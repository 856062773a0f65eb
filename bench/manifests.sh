#!/usr/bin/env bash
# What --manifests costs, as ratios measured in the same invocation:
#   1. the real corpus with a full ProfileManifests checkout against the
#      same run without it (target <= 1.3);
#   2. one profile with a third-party payload, start-up included, against
#      `xmllint --noout` on it (target <= 1.5); the largest manifest
#      (Chrome's) is reported too.
#   bench/manifests.sh PFM_CHECKOUT [BUILD_DIR] [RUNS]
# The checkout is not part of this repository (no licence): clone it, e.g.
# with `git clone https://github.com/ProfileManifests/ProfileManifests`.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
pfm=${1:?usage: bench/manifests.sh PFM_CHECKOUT [BUILD_DIR] [RUNS]}
build=${2:-$src/build}
runs=${3:-11}
corpus=${MCLINT_CORPUS:-$src/../shared/corpus/real}
typical=${MCLINT_TYPICAL_THIRD_PARTY:-$corpus/microsoft__mdatp-xplat/com.microsoft.autoupdate2.mobileconfig}
largest=${MCLINT_LARGEST_THIRD_PARTY:-$corpus/kandji-inc__support/ChromeBrowserCloudManagement.mobileconfig}
runstat=$build/bench/runstat
mclint=$build/mclint
[ -x "$runstat" ] && [ -x "$mclint" ] || { echo "build first: cmake --build $build"; exit 2; }
[ -d "$pfm" ] || { echo "no ProfileManifests checkout at $pfm"; exit 2; }
command -v xmllint >/dev/null || { echo "xmllint missing (apt-get install libxml2-utils)"; exit 2; }
mapfile -t files < <(find "$corpus" -type f \( -name '*.mobileconfig' -o -name '*.plist' -o -name '*.xml' \) | sort)
args=(--quiet --no-source --platform ios --platform macos)

read -r t_off _ < <("$runstat" "$runs" "$mclint" "${args[@]}" "${files[@]}")
read -r t_on _ < <("$runstat" "$runs" "$mclint" "${args[@]}" --manifests "$pfm" "${files[@]}")
read -r t_x1 _ < <("$runstat" "$runs" xmllint --noout "$typical")
read -r t_m1 _ < <("$runstat" "$runs" "$mclint" --quiet --no-source --manifests "$pfm" "$typical")
read -r t_x2 _ < <("$runstat" "$runs" xmllint --noout "$largest")
read -r t_m2 _ < <("$runstat" "$runs" "$mclint" --quiet --no-source --manifests "$pfm" "$largest")
awk -v n="${#files[@]}" -v off="$t_off" -v on="$t_on" -v x1="$t_x1" -v m1="$t_m1" \
    -v x2="$t_x2" -v m2="$t_m2" 'BEGIN {
  printf "corpus (%d files), median wall time of runs:\n", n
  printf "  without manifests %7.1f ms, with %7.1f ms: ratio %.2f (target <= 1.3)\n", off*1000, on*1000, on/off
  printf "one third-party profile with start-up, against xmllint --noout:\n"
  printf "  typical (Microsoft AutoUpdate, 94 KB manifest): %.2f ms vs %.2f ms, ratio %.2f (target <= 1.5)\n", m1*1000, x1*1000, m1/x1
  printf "  largest (Google Chrome, 527 KB manifest):       %.2f ms vs %.2f ms, ratio %.2f\n", m2*1000, x2*1000, m2/x2
}'

# Instruction counts are repeatable on a shared machine; wall times are not.
if command -v valgrind >/dev/null && [ "${MCLINT_BENCH_INSTRUCTIONS:-1}" = 1 ]; then
  count() { { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } |
      awk '/Collected :/ {print $NF}'; }
  i_off=$(count "$mclint" "${args[@]}" "${files[@]}")
  i_on=$(count "$mclint" "${args[@]}" --manifests "$pfm" "${files[@]}")
  i_x1=$(count xmllint --noout "$typical")
  i_m1=$(count "$mclint" --quiet --no-source --manifests "$pfm" "$typical")
  i_x2=$(count xmllint --noout "$largest")
  i_m2=$(count "$mclint" --quiet --no-source --manifests "$pfm" "$largest")
  awk -v a="$i_off" -v b="$i_on" -v x1="$i_x1" -v m1="$i_m1" -v x2="$i_x2" -v m2="$i_m2" 'BEGIN {
    printf "instructions (callgrind), repeatable:\n"
    printf "  corpus: without %.1fM, with %.1fM, ratio %.2f\n", a/1e6, b/1e6, b/a
    printf "  typical profile: xmllint %.2fM, mclint %.2fM, ratio %.2f\n", x1/1e6, m1/1e6, m1/x1
    printf "  largest manifest: xmllint %.2fM, mclint %.2fM, ratio %.2f\n", x2/1e6, m2/1e6, m2/x2 }'
fi
