#!/usr/bin/env bash
# Golden tests for the report formats: the same profiles (workspace.sh)
# reported in each format, compared with tests/formats/expected/FORMAT.expected.
#   run.sh            compare, print a diff for each mismatch, exit 1 if any
#   run.sh --update   rewrite the .expected files (review the diff!)
# The version, the Apple schema release and the home page are replaced by
# @VERSION@, @SCHEMA@ and @HOMEPAGE@. In SARIF the driver's rules (the whole catalog) and ruleIndex
# are left out, so that adding a rule elsewhere does not change this file;
# tests/formats/validate.sh checks them against the catalog instead.
set -u
: "${MCLINT:?path to the mclint binary}"
here=$(cd "$(dirname "$0")" && pwd)
# The runs below happen in another directory.
case $MCLINT in /*) ;; *) MCLINT=$(cd "$(dirname "$MCLINT")" && pwd)/$(basename "$MCLINT") ;; esac
# shellcheck source=workspace.sh
. "$here/workspace.sh"
update=0
[ "${1:-}" = "--update" ] && update=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make_workspace "$tmp/work"

version_line=$("$MCLINT" --version)
version=$(sed -n 's/^mclint \([^ ]*\) .*/\1/p' <<< "$version_line")
# The release may itself hold parentheses and slashes: "27.0 (apple/device-management 9468f87)".
schema=$(sed -n 's/^mclint [^ ]* (Apple device-management schema \(.*\))$/\1/p' <<< "$version_line")
[ -n "$version" ] && [ -n "$schema" ] || { echo "cannot parse: $version_line"; exit 1; }
schema=$(sed 's/[][\/.^$*&]/\\&/g' <<< "$schema") # literal in the sed expressions below

normalise() { # normalise FORMAT < output
  case $1 in
    json) sed -e "s/\"version\": \"$version\"/\"version\": \"@VERSION@\"/" \
              -e "s/\"appleSchemaRelease\": \"$schema\"/\"appleSchemaRelease\": \"@SCHEMA@\"/" ;;
    sarif) python3 -c '
import json, sys
doc = json.load(sys.stdin)
for run in doc["runs"]:
    driver = run["tool"]["driver"]
    driver["version"] = driver["semanticVersion"] = "@VERSION@"
    driver.pop("informationUri", None)  # only with -DMCLINT_HOMEPAGE
    driver["properties"]["appleSchemaRelease"] = "@SCHEMA@"
    driver["rules"] = "(the rule catalog: checked by validate.sh)"
    for result in run["results"]:
        result.pop("ruleIndex")
print(json.dumps(doc, indent=2, ensure_ascii=False))' ;;
    *) cat ;;
  esac
}

fail=0
for format in text json sarif github junit; do
  expected=$here/expected/$format.expected
  (cd "$tmp/work" && "$MCLINT" --format "$format" --show-source --color never \
     "${REPORT_OPTIONS[@]}" "${REPORT_FILES[@]}" > "$tmp/out" 2> "$tmp/err")
  status=$?
  if [ -s "$tmp/err" ]; then
    echo "FAIL $format: wrote to stderr:"; cat "$tmp/err"; fail=1; continue
  fi
  if ! normalised=$(normalise "$format" < "$tmp/out"); then
    echo "FAIL $format: output could not be normalised"; fail=1; continue
  fi
  actual=$(printf '%s\nexit status %s' "$normalised" "$status")
  if [ "$update" = 1 ]; then
    mkdir -p "$here/expected"
    printf '%s\n' "$actual" > "$expected"
  elif [ ! -f "$expected" ]; then
    echo "MISSING $expected (run tests/formats/run.sh --update)"; fail=1
  elif ! diff -u "$expected" <(printf '%s\n' "$actual") > "$tmp/diff"; then
    echo "FAIL $format"; cat "$tmp/diff"; fail=1
  else
    echo "ok   $format"
  fi
done
exit $fail
