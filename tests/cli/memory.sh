#!/usr/bin/env bash
# Memory stays flat over many files: peak RSS for 10,000 profiles is at
# most 1.5x that for 1,000 (results are freed as soon as they are
# reported; only the list of paths grows), measured without the checks
# across files. With them, memory grows by the comparison's index alone,
# not by documents or findings: at most 1 KiB per file more than without
# (the tree makes every profile collide with hundreds of copies). Ratios
# and sizes, never a time.
set -u
: "${MCLINT:?}" "${RUNSTAT:?path to bench/runstat}"
src=${MCLINT_SOURCE_DIR:?}
[ "${MCLINT_SANITIZED:-0}" = 1 ] && { echo "sanitizer build: RSS is not meaningful; skipping"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$src/bench/make_tree.py" "$src/testdata" "$tmp/k1" 1000 || exit 1
python3 "$src/bench/make_tree.py" "$src/testdata" "$tmp/k10" 10000 || exit 1
"$MCLINT" --no-config -j 2 "$tmp/k10" | tail -1 > "$tmp/k10.out"
cat "$tmp/k10.out"
grep -q "^10000 files checked" "$tmp/k10.out" || { echo "FAIL not all 10,000 files were linted"; exit 1; }
read -r _ k1 < <("$RUNSTAT" 1 "$MCLINT" --no-config -j 2 --disable repository "$tmp/k1")
read -r _ k10 < <("$RUNSTAT" 1 "$MCLINT" --no-config -j 2 --disable repository "$tmp/k10")
read -r _ x10 < <("$RUNSTAT" 1 "$MCLINT" --no-config -j 2 "$tmp/k10")
echo "peak RSS: 1,000 files $k1 KiB, 10,000 files $k10 KiB"
if [ $((k10 * 2)) -gt $((k1 * 3)) ]; then
  echo "FAIL memory grows with the number of files ($k10 KiB > 1.5 x $k1 KiB)"; exit 1
fi
echo "ok   memory flat"
echo "peak RSS with the checks across files: 10,000 files $x10 KiB"
if [ $((x10 - k10)) -gt 10000 ]; then
  echo "FAIL the checks across files hold more than 1 KiB per file ($x10 KiB - $k10 KiB)"; exit 1
fi
echo "ok   the comparison holds an index, not documents ($(( (x10 - k10) * 1024 / 10000 )) bytes per file)"
