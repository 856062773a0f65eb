#!/usr/bin/env bash
# -j: the output of a run over many profiles is byte-for-byte the same for
# any number of jobs; the progress line appears only on a terminal.
set -u
. "$(dirname "$0")/lib.sh"

# 32 testdata profiles x 20 = 640 files with every kind of finding, plus
# the corpus when it is there.
tree=$tmp/tree
for i in $(seq -w 1 20); do
  mkdir -p "$tree/copy$i"
  (cd "$src/testdata" && find . -name '*.mobileconfig' -print0 | xargs -0 tar cf -) | tar xf - -C "$tree/copy$i"
done
shared=${MCLINT_SHARED_DIR:-}
[ -d "$shared/corpus/real" ] && cp -r "$shared/corpus/real" "$tree/corpus"
files=$(find "$tree" -name '*.mobileconfig' | wc -l)
[ "$files" -ge 640 ] || { echo "FAIL only $files profiles copied"; exit 1; }

run() { # run JOBS EXTRA...: output in $tmp/jJOBS, exit status in $tmp/jJOBS.rc
  local j=$1; shift
  "$MCLINT" --no-config -j "$j" "$@" "$tree" "$tmp/missing.mobileconfig" > "$tmp/j$j" 2> "$tmp/j$j.err"
  echo $? > "$tmp/j$j.rc"
}
for extra in "" "--show-source" "--format=json" "--format=sarif" "--format=junit"; do
  run 1 $extra
  grep -q "io-error" "$tmp/j1" || { echo "FAIL the missing file was not reported"; fail=1; }
  [ "$(wc -l < "$tmp/j1")" -gt 1000 ] || { echo "FAIL $extra: too little output"; fail=1; }
  cp "$tmp/j1" "$tmp/base${extra}"
  for j in 2 3 8; do
    run "$j" $extra
    if cmp -s "$tmp/j1" "$tmp/j$j" && cmp -s "$tmp/j1.rc" "$tmp/j$j.rc"; then
      echo "ok   -j $j $extra: same output as -j 1 ($(wc -l < "$tmp/j1") lines, exit $(cat "$tmp/j1.rc"))"
    else
      echo "FAIL -j $j $extra differs from -j 1"; diff "$tmp/j1" "$tmp/j$j" | head; fail=1
    fi
  done
done
check "default -j (one per CPU) is the same too" 2 "$MCLINT" --no-config "$tree" "$tmp/missing.mobileconfig"
cmp -s "$tmp/out" "$tmp/base" || { echo "FAIL default jobs output differs"; fail=1; }
check "bad -j" 2 "$MCLINT" -j x "$tree"
check "-j too large" 2 "$MCLINT" --jobs 5000 "$tree"
check "-j 0 means one per CPU" 1 "$MCLINT" --no-config -j 0 "$src/testdata/parse"

# Progress: never when stderr is not a terminal.
check "no progress on a pipe" 2 "$MCLINT" --no-config -j 2 "$tree" "$tmp/missing.mobileconfig"
empty "stderr stays empty" "$tmp/err"
# On a terminal (util-linux script gives the command a pseudo-terminal).
if script --version 2>/dev/null | grep -q util-linux; then
  TERM=xterm script -qec "\"$MCLINT\" --no-config -j 2 \"$tree\" \"$tmp/missing.mobileconfig\" > \"$tmp/tty.out\"" /dev/null > "$tmp/tty" 2>&1
  total=$(sed -n 's/^\([0-9]*\) files checked.*/\1/p' "$tmp/tty.out")
  contains "progress on a terminal" "$tmp/tty" "mclint: 1/$total files"
  contains "erased at the end" "$tmp/tty" "files"$'\r\033[K'
  cmp -s "$tmp/tty.out" "$tmp/base" || { echo "FAIL output on a terminal run differs"; fail=1; }
  lacks "progress never in stdout" "$tmp/tty.out" "mclint: "
  TERM=xterm script -qec "\"$MCLINT\" --no-config -q -j 2 \"$tree\" > /dev/null" /dev/null > "$tmp/tty" 2>&1
  lacks "--quiet: no progress" "$tmp/tty" "files"
  TERM=xterm script -qec "\"$MCLINT\" --no-config -j 2 \"$src/testdata/parse\" > /dev/null" /dev/null > "$tmp/tty" 2>&1
  lacks "a few files: no progress" "$tmp/tty" "mclint:"
  TERM=xterm script -qec "\"$MCLINT\" --no-config -j 2 --format json \"$tree\" > /dev/null" /dev/null > "$tmp/tty" 2>&1
  lacks "machine format: no progress" "$tmp/tty" "mclint:"
  echo "ok   progress line on a terminal only, and only for text"
  TERM=dumb script -qec "\"$MCLINT\" --no-config -j 2 \"$tree\" > /dev/null" /dev/null > "$tmp/tty" 2>&1
  lacks "TERM=dumb: no progress" "$tmp/tty" "mclint:"
else
  echo "skip progress on a terminal (needs util-linux script)"
fi
exit $fail
