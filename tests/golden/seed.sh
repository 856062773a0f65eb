#!/usr/bin/env bash
# The seed profiles of ../shared/corpus/seed, each with the exact findings
# it must produce (tests/golden/seed.expected). The seeds are referenced,
# never copied: the test skips (77) when ../shared is absent.
#   seed.sh            compare, print a diff on mismatch, exit 1 if any
#   seed.sh --update   rewrite seed.expected (review the diff!)
set -u
: "${MCLINT:?path to the mclint binary}"
src=${MCLINT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${MCLINT_SHARED_DIR:-$src/../shared}
seeds="$shared/corpus/seed"
expected="$src/tests/golden/seed.expected"
if ! ls "$seeds"/*.mobileconfig > /dev/null 2>&1; then
  echo "no seed profiles in $seeds: skipped"
  exit 77
fi
actual=$(cd "$seeds" && for f in *.mobileconfig; do
  "$MCLINT" --show-source --color never --quiet "$f" 2>&1
  echo "$f: exit status $?"
done)
if [ "${1:-}" = "--update" ]; then
  printf '%s\n' "$actual" > "$expected"
  exit 0
fi
if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
  echo "FAIL: the seed profiles' findings changed (tests/golden/seed.sh --update, then review)"
  exit 1
fi
echo "$(ls "$seeds"/*.mobileconfig | wc -l) seed profile(s) checked"
