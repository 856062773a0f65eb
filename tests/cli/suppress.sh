#!/usr/bin/env bash
# Suppression comments end to end: the golden file that uses every form
# really has findings to suppress, and the meta rules can be re-rated.
set -u
. "$(dirname "$0")/lib.sh"

forms=$src/testdata/meta/unused-suppression-good.mobileconfig
unused=$src/testdata/meta/unused-suppression-bad.mobileconfig
check "every suppression form used: clean" 0 "$MCLINT" --no-config --strict "$forms"
contains "no findings" "$tmp/out" "0 errors, 0 warnings, 0 info"
sed '/mclint-/d' "$forms" > "$tmp/stripped.mobileconfig"
check "the same file without its comments" 0 "$MCLINT" --no-config "$tmp/stripped.mobileconfig"
contains "four findings were suppressed" "$tmp/out" "0 errors, 4 warnings"
check "unused suppressions warn" 1 "$MCLINT" --no-config --strict "$unused"
contains "reported" "$tmp/out" "[unused-suppression]"
check "the warning can be turned off by name" 0 "$MCLINT" --no-config --strict --disable unused-suppression "$unused"
check "... or by code in a configuration" 0 "$MCLINT" --config /dev/null --strict --ignore MC901 "$unused"
printf 'disable = ["MC901"]\nstrict = true\n' > "$tmp/c.toml"
check "configuration turns it off" 0 "$MCLINT" --config "$tmp/c.toml" "$unused"
check "invalid suppressions can be made errors" 1 "$MCLINT" --no-config --severity invalid-suppression=error "$src/testdata/meta/invalid-suppression-bad.mobileconfig"
contains "as errors" "$tmp/out" "error: mclint-disable-file names unknown rule"
exit $fail
