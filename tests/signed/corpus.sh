#!/usr/bin/env bash
# Every signed profile in the real-world corpus (../shared/corpus/real, notes
# signed-cms-der and signed-cms-ber-indefinite in SOURCES.tsv) is unwrapped
# and linted; the only corpus file that cannot be unwrapped is the one whose
# head is cut off. Skips (77) when the corpus is absent.
set -u
: "${MCLINT:?path to the mclint binary}"
real=${MCLINT_SHARED_DIR:-}/corpus/real
[ -f "$real/SOURCES.tsv" ] || { echo "no corpus at '$real'; skipping"; exit 77; }
truncated="jamf__PPPC-Utility/TestTCCProfileSigned-Broken.mobileconfig"
fail=0 signed=0
while IFS=$'\t' read -r path _ _ _ _ notes; do
  case "$notes" in *signed-cms*) ;; *) continue ;; esac
  signed=$((signed + 1))
  out=$("$MCLINT" --no-source --color never "$real/$path" 2>&1)
  if ! grep -q '\[signed-profile\]' <<<"$out" ||
     grep -qE 'damaged-signed-profile|signature-invalid|not supported|not-a-plist' <<<"$out"; then
    echo "FAIL $path"; printf '%s\n' "$out" | head -5; fail=1
  fi
done < "$real/SOURCES.tsv"
echo "$signed signed corpus files unwrapped and linted"
[ "$signed" -gt 0 ] || { echo "FAIL no signed files listed in SOURCES.tsv"; fail=1; }
# Across the whole corpus: nothing is 'not supported', and only the known
# truncated file is a damaged signed profile.
while IFS= read -r -d '' file; do
  out=$("$MCLINT" --no-source --color never "$file" 2>&1)
  if grep -q 'not supported' <<<"$out"; then echo "FAIL not supported: $file"; fail=1; fi
  if grep -q 'damaged-signed-profile' <<<"$out" && [ "$file" != "$real/$truncated" ]; then
    echo "FAIL unexpectedly damaged: $file"; printf '%s\n' "$out" | head -3; fail=1
  fi
done < <(find "$real" -type f ! -name '*.tsv' -print0)
out=$("$MCLINT" --no-source --color never "$real/$truncated" 2>&1)
if ! grep -q 'beginning is missing.*\[damaged-signed-profile\]' <<<"$out"; then
  echo "FAIL the truncated signed profile is not named as such"; printf '%s\n' "$out"; fail=1
fi
exit $fail
