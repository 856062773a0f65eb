#!/usr/bin/env bash
# Smoke test: every real-world profile in ../shared/corpus (and the seed) is
# linted one file at a time. Each run must end with 0, 1 or 2 (never a
# crash or a sanitizer report) and print no sanitizer output.
set -u
: "${MCLINT:?path to the mclint binary}"
shared=${MCLINT_SHARED_DIR:-}
[ -d "$shared/corpus" ] || { echo "no corpus at '$shared/corpus'; skipping"; exit 77; }
fail=0 count=0
declare -A seen
while IFS= read -r -d '' file; do
  count=$((count + 1))
  err=$("$MCLINT" --color never --show-source --platform ios --platform macos "$file" 2>&1 >/dev/null)
  rc=$?
  seen[$rc]=$(( ${seen[$rc]:-0} + 1 ))
  if [ $rc -gt 2 ] || grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' <<<"$err"; then
    echo "FAIL (exit $rc) $file"; printf '%s\n' "$err" | head -20; fail=1
  fi
done < <(find "$shared/corpus" -type f ! -name '*.tsv' ! -name '*.md' -print0 | sort -z)
for rc in "${!seen[@]}"; do echo "exit $rc: ${seen[$rc]} files"; done
echo "$count corpus files linted"
[ "$count" -gt 300 ] || { echo "expected the whole corpus, found $count files"; exit 1; }
exit $fail
