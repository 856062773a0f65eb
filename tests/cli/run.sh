#!/usr/bin/env bash
# The command line: exit codes, stdin, directories, catalog options.
set -u
: "${MCLINT:?path to the mclint binary}"
src=${MCLINT_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME EXPECTED_STATUS COMMAND...
  local name=$1 want=$2; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, expected $want"; sed 's/^/  out: /' "$tmp/out" | head; sed 's/^/  err: /' "$tmp/err" | head
    fail=1
  else
    echo "ok   $name"
  fi
}
contains() { # contains NAME FILE TEXT
  if ! grep -qF -- "$3" "$2"; then echo "FAIL $1: '$3' not in output"; head "$2"; fail=1; fi
}

clean=$src/testdata/envelope/clean.mobileconfig
broken=$src/testdata/parse/duplicate-key.mobileconfig
warn=$src/testdata/envelope/template-marker.mobileconfig

check "clean file exits 0" 0 "$MCLINT" "$clean"
contains "summary line" "$tmp/out" "1 file checked: 0 errors, 0 warnings"
check "errors exit 1" 1 "$MCLINT" "$broken"
contains "file:line:col format" "$tmp/out" "duplicate-key.mobileconfig:"
check "warnings alone exit 0" 0 "$MCLINT" "$warn"
check "--strict makes warnings fail" 1 "$MCLINT" --strict "$warn"
check "missing file exits 2" 2 "$MCLINT" "$tmp/does-not-exist.mobileconfig"
contains "missing file reported" "$tmp/out" "io-error"
check "missing file does not stop the others" 2 "$MCLINT" "$tmp/nope.mobileconfig" "$broken"
contains "other file still linted" "$tmp/out" "duplicate-key"
check "no arguments is a usage error" 2 "$MCLINT"
check "unknown option is a usage error" 2 "$MCLINT" --no-such-option "$clean"
check "bad platform is a usage error" 2 "$MCLINT" --platform android "$clean"
contains "bad platform explained" "$tmp/err" "android"
check "unknown format is a usage error" 2 "$MCLINT" --format yaml "$clean"
check "stdin" 1 sh -c "\"$MCLINT\" - < \"$broken\""
contains "stdin named" "$tmp/out" "<stdin>:"
mkdir -p "$tmp/tree/sub" "$tmp/tree/.hidden"
cp "$clean" "$tmp/tree/a.mobileconfig"
cp "$broken" "$tmp/tree/sub/b.mobileconfig"
cp "$broken" "$tmp/tree/.hidden/c.mobileconfig"
cp "$clean" "$tmp/tree/sub/profile.plist"
printf '<plist><dict><key>CFBundleName</key><string>x</string></dict></plist>' > "$tmp/tree/Info.plist"
echo "not a profile" > "$tmp/tree/notes.txt"
check "directory recursion" 1 "$MCLINT" "$tmp/tree"
contains "three profiles found" "$tmp/out" "3 files checked"
check "--version" 0 "$MCLINT" --version
contains "version names schema" "$tmp/out" "schema"
check "--help" 0 "$MCLINT" --help
contains "help lists exit status" "$tmp/out" "Exit status"
check "--list-rules" 0 "$MCLINT" --list-rules
contains "catalog lists duplicate-key" "$tmp/out" "MC109  duplicate-key"
check "--explain by name" 0 "$MCLINT" --explain duplicate-key
contains "explain has a bad example" "$tmp/out" "Bad:"
check "--explain by code" 0 "$MCLINT" --explain mc109
check "--explain unknown rule" 2 "$MCLINT" --explain no-such-rule
check "--disable turns a rule off" 0 "$MCLINT" --disable duplicate-key "$broken"
check "--severity re-rates a rule" 0 "$MCLINT" --severity duplicate-key=warning "$broken"
contains "re-rated finding" "$tmp/out" "warning: duplicate key"
check "--quiet drops the summary" 1 "$MCLINT" --quiet "$broken"
if grep -q "checked" "$tmp/out"; then echo "FAIL --quiet printed a summary"; fail=1; fi
check "--show-source prints a caret" 1 "$MCLINT" --show-source "$broken"
contains "caret" "$tmp/out" "^"
check "--color always colours" 1 "$MCLINT" --color always "$broken"
contains "escape codes" "$tmp/out" $'\033['
check "not a terminal: no colour, no source" 1 "$MCLINT" "$broken"
if grep -q $'\033' "$tmp/out"; then echo "FAIL colour written to a pipe"; fail=1; fi
if grep -q ' | ' "$tmp/out"; then echo "FAIL source shown on a pipe"; fail=1; fi
exit $fail
