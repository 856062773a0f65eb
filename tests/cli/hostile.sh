#!/usr/bin/env bash
# Large hostile profiles finish promptly: every per-file pass (duplicate
# keys, superseded findings, suppression matching, masking) must scale as
# O(n log n). Quadratic versions took minutes on these files; CTest's
# TIMEOUT on this test turns such a regression into a failure.
set -u
. "$(dirname "$0")/lib.sh"
n=100000

# A dictionary of 2n keys, each name twice: n duplicate-key findings and n
# unknown keys.
python3 -c "
import sys
n = int(sys.argv[1])
print('<plist><dict>' + ''.join('<key>k%d</key><true/>' % (i % n) for i in range(2 * n)) + '</dict></plist>')
" "$n" > "$tmp/dups.plist"
check "duplicate keys" 1 "$MCLINT" --no-config -q "$tmp/dups.plist"
[ "$(grep -c 'duplicate-key' "$tmp/out")" = "$n" ] || { echo "FAIL expected $n duplicate-key findings"; fail=1; }

# n next-line suppressions that each cover nothing, and n findings.
python3 -c "
import sys
n = int(sys.argv[1])
print('<plist><dict>' + ''.join('<!-- mclint-disable-next-line unknown-key --><key>k%d</key><true/>' % i for i in range(n)) + '</dict></plist>')
" "$n" > "$tmp/next.plist"
check "next-line suppressions" 1 "$MCLINT" --no-config -q "$tmp/next.plist"
[ "$(grep -c 'unused-suppression' "$tmp/out")" = "$n" ] || { echo "FAIL expected $n unused suppressions"; fail=1; }

# n open regions, all covering n findings: every finding hidden, every
# region used.
python3 -c "
import sys
n = int(sys.argv[1])
print('<plist><dict>' + '<!-- mclint-disable unknown-key -->' * n + ''.join('<key>k%d</key><true/>' % i for i in range(n)) + '</dict></plist>')
" "$n" > "$tmp/regions.plist"
check "regions" 1 "$MCLINT" --no-config -q "$tmp/regions.plist"
lacks "regions hide every unknown key" "$tmp/out" "unknown-key"
lacks "regions are all used" "$tmp/out" "unused-suppression"
exit $fail
