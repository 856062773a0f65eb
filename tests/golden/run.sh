#!/usr/bin/env bash
# Golden tests: every testdata/**/*.mobileconfig (and *.plist) has an
# .expected file beside it holding mclint's exact output for it. Extra
# command-line options for one file go in an .args file beside it.
#   run.sh            compare, print a diff for each mismatch, exit 1 if any
#   run.sh --update   rewrite the .expected files (review the diff!)
set -u
: "${MCLINT:?path to the mclint binary}"
src=${MCLINT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
update=0
[ "${1:-}" = "--update" ] && update=1
cd "$src/testdata" || exit 1
fail=0 count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  args=()
  argfile="${file%.*}.args"
  [ -f "$argfile" ] && read -r -a args < "$argfile"
  expected="${file%.*}.expected"
  actual=$("$MCLINT" --show-source --color never --quiet "${args[@]}" "$file" 2>&1; echo "exit status $?")
  if [ "$update" = 1 ]; then
    printf '%s\n' "$actual" > "$expected"
  elif [ ! -f "$expected" ]; then
    echo "MISSING $expected (run tests/golden/run.sh --update)"; fail=1
  elif ! diff -u "$expected" <(printf '%s\n' "$actual") > /tmp/mclint-golden.$$; then
    echo "FAIL $file"; cat /tmp/mclint-golden.$$; fail=1
  fi
done < <(find . \( -name '*.mobileconfig' -o -name '*.plist' \) -print0 | sort -z)
rm -f /tmp/mclint-golden.$$
echo "$count golden files checked"
[ "$count" -gt 0 ] || { echo "no golden files found"; exit 1; }
exit $fail
