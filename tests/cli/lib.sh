# Helpers shared by the command-line test scripts (sourced).
: "${MCLINT:?path to the mclint binary}"
src=${MCLINT_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME EXPECTED_STATUS COMMAND...   (stdout in $tmp/out, stderr in $tmp/err)
  local name=$1 want=$2; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, expected $want"
    sed 's/^/  out: /' "$tmp/out" | head; sed 's/^/  err: /' "$tmp/err" | head
    fail=1
  else
    echo "ok   $name"
  fi
}
contains() { # contains NAME FILE TEXT
  if ! grep -qF -- "$3" "$2"; then echo "FAIL $1: '$3' not in output"; head -20 "$2"; fail=1; fi
}
lacks() { # lacks NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then echo "FAIL $1: '$3' in output"; head -20 "$2"; fail=1; fi
}
empty() { # empty NAME FILE
  if [ -s "$2" ]; then echo "FAIL $1: expected no output"; head -20 "$2"; fail=1; fi
}
