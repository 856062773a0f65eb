#!/usr/bin/env bash
# Foundation benchmark: mclint over the whole real corpus against
# `xmllint --noout` over the same files, in the same invocation, plus
# one typical profile (start-up included) and its peak memory.
#   bench/corpus.sh [BUILD_DIR] [RUNS]
# Prints files per second for both, and the ratios; targets: corpus ratio
# <= 1.5, typical-profile ratio <= 1.5, typical peak RSS < 8 MB.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
runs=${2:-11}
corpus=${MCLINT_CORPUS:-$src/../shared/corpus/real}
runstat=$build/bench/runstat
mclint=$build/mclint
[ -x "$runstat" ] && [ -x "$mclint" ] || { echo "build first: cmake --build $build"; exit 2; }
command -v xmllint >/dev/null || { echo "xmllint missing (apt-get install libxml2-utils)"; exit 2; }
mapfile -t files < <(find "$corpus" -type f \( -name '*.mobileconfig' -o -name '*.plist' -o -name '*.xml' \) | sort)
n=${#files[@]}
typical=${MCLINT_TYPICAL:-$src/testdata/examples/vpn-ikev2-on-demand.mobileconfig}

# The XML profiles are the like-for-like comparison: xmllint cannot read a
# signed or binary profile at all (it stops at the first byte), while mclint
# unwraps and verifies each signature with OpenSSL.
xml=()
for f in "${files[@]}"; do
  case $(head -c 6 "$f" | od -An -c | tr -d ' ') in
    0*|bplist*) ;;
    *) xml+=("$f") ;;
  esac
done
# Each pair of commands runs alternately (runstat --vs): the ratio is the
# median of the pairs' ratios, so drift in the machine's speed hits both.
lint=("$mclint" --quiet --no-source --platform ios --platform macos)
read -r t_x rss_x t_m rss_m r_all < <("$runstat" "$runs" xmllint --noout "${files[@]}" --vs "${lint[@]}" "${files[@]}")
read -r t_xx rss_xx t_mx rss_mx r_xml < <("$runstat" "$runs" xmllint --noout "${xml[@]}" --vs "${lint[@]}" "${xml[@]}")
read -r t_x1 rss_x1 t_m1 rss_m1 r_one < <("$runstat" "$runs" xmllint --noout "$typical" --vs "$mclint" --quiet --no-source "$typical")

awk -v n="$n" -v tx="$t_x" -v tm="$t_m" -v rx="$rss_x" -v rm="$rss_m" \
    -v r_all="$r_all" -v r_xml="$r_xml" -v r_one="$r_one" \
    -v nx="${#xml[@]}" -v txx="$t_xx" -v tmx="$t_mx" \
    -v tx1="$t_x1" -v tm1="$t_m1" -v rx1="$rss_x1" -v rm1="$rss_m1" 'BEGIN {
  printf "XML profiles of the corpus: %d files, median of runs\n", nx
  printf "  xmllint --noout  %8.1f files/s  %7.1f ms\n", nx/txx, txx*1000
  printf "  mclint           %8.1f files/s  %7.1f ms\n", nx/tmx, tmx*1000
  printf "  time ratio mclint/xmllint, median of paired runs: %.2f (target <= 1.5)\n", r_xml
  printf "whole corpus: %d files, %d of them signed or binary (xmllint rejects those at once)\n", n, n-nx
  printf "  xmllint --noout  %8.1f files/s  %7.1f ms  peak %6.1f MB\n", n/tx, tx*1000, rx/1024
  printf "  mclint           %8.1f files/s  %7.1f ms  peak %6.1f MB\n", n/tm, tm*1000, rm/1024
  printf "  time ratio mclint/xmllint: %.2f; each signed profile costs mclint %.2f ms more\n", r_all, (tm-tmx)/(n-nx)*1000
  printf "one typical profile, start-up included:\n"
  printf "  xmllint %.2f ms, mclint %.2f ms, ratio %.2f (target <= 1.5)\n", tx1*1000, tm1*1000, r_one
  printf "  mclint peak memory %.1f MB (target < 8 MB; xmllint %.1f MB)\n", rm1/1024, rx1/1024
}'

# Instruction counts are repeatable whatever else the machine is doing
# (wall time on a shared 2-core machine is not): report them when valgrind
# is available.
if command -v valgrind >/dev/null && [ "${MCLINT_BENCH_INSTRUCTIONS:-1}" = 1 ]; then
  count() { # mclint exits 1 when it finds something; only the count matters
    { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } |
      awk '/Collected :/ {print $NF}'; }
  i_x=$(count xmllint --noout "${xml[@]}")
  i_m=$(count "$mclint" --quiet --no-source --platform ios --platform macos "${xml[@]}")
  i_a=$(count xmllint --noout "${files[@]}")
  i_b=$(count "$mclint" --quiet --no-source --platform ios --platform macos "${files[@]}")
  # What the certificate rules cost: decoding X.509 with OpenSSL 3.0 and
  # deriving PKCS#12 keys (deliberately slow) in a handful of profiles.
  i_n=$(count "$mclint" --quiet --no-source --platform ios --platform macos \
        --disable certificate-content,certificate-validity,root-certificate "${xml[@]}")
  i_x1=$(count xmllint --noout "$typical")
  i_m1=$(count "$mclint" --quiet --no-source "$typical")
  awk -v ix="$i_x" -v im="$i_m" -v ia="$i_a" -v ib="$i_b" -v ix1="$i_x1" -v im1="$i_m1" \
      -v in_="$i_n" 'BEGIN {
    printf "instructions (callgrind), repeatable:\n"
    printf "  XML profiles:  xmllint %.1fM, mclint %.1fM, ratio %.2f\n", ix/1e6, im/1e6, im/ix
    printf "    of which decoding certificates and PKCS#12 identities: %.1fM (ratio without: %.2f)\n", (im-in_)/1e6, in_/ix
    printf "  whole corpus:  xmllint %.1fM, mclint %.1fM, ratio %.2f\n", ia/1e6, ib/1e6, ib/ia
    printf "  one profile:   xmllint %.2fM, mclint %.2fM, ratio %.2f\n", ix1/1e6, im1/1e6, im1/ix1 }'
fi
