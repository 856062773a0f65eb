#!/usr/bin/env bash
# Every machine format, on awkward input, against its schema: json against
# docs/json-format.schema.json and sarif against the official SARIF 2.1.0
# schema (ajv, via validate.js, which also cross-checks indexes, counts and
# the rule catalog); junit against junit.xsd (xmllint); github commands
# parsed back and compared with the json report. Each validator is first
# shown a broken document, which it must reject.
# Needs MCLINT_VALIDATORS: the directory install-validators.sh filled.
set -u
: "${MCLINT:?path to the mclint binary}"
: "${MCLINT_VALIDATORS:?directory of the installed validators}"
here=$(cd "$(dirname "$0")" && pwd)
# The runs below happen in another directory.
case $MCLINT in /*) ;; *) MCLINT=$(cd "$(dirname "$MCLINT")" && pwd)/$(basename "$MCLINT") ;; esac
src=${MCLINT_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
# shellcheck source=workspace.sh
. "$here/workspace.sh"
sarif_schema=$MCLINT_VALIDATORS/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json
json_schema=$src/docs/json-format.schema.json
for need in node python3 xmllint; do
  command -v "$need" > /dev/null || { echo "FAIL: '$need' not found"; exit 1; }
done
[ -f "$sarif_schema" ] || { echo "FAIL: $sarif_schema missing: run install-validators.sh"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make_workspace "$tmp/work"
"$MCLINT" --list-rules > "$tmp/catalog"
fail=0 n=0

validate() { # validate FORMAT FILE [JSON_TWIN]
  case $1 in
    json) node "$here/validate.js" json "$json_schema" "$2" ;;
    sarif) node "$here/validate.js" sarif "$sarif_schema" "$2" "$tmp/catalog" ;;
    junit) xmllint --noout --schema "$here/junit.xsd" "$2" ;;
    github) python3 "$here/check_github.py" "$2" "$3" ;;
  esac
}

run_case() { # run_case NAME MCLINT_ARGS... : every format, validated
  local name=$1; shift
  local format out
  (cd "$tmp/work" && "$MCLINT" --format json "$@" > "$tmp/$name.json" 2>/dev/null)
  for format in json sarif junit github; do
    out=$tmp/$name.$format
    (cd "$tmp/work" && "$MCLINT" --format "$format" --show-source --color always "$@" \
       > "$out" 2> "$tmp/err")
    n=$((n + 1))
    if grep -q $'\033' "$out" || grep -qE '^ +[0-9]+ \| ' "$out"; then
      echo "FAIL $name $format: colour or source lines in a machine format"; fail=1
    elif validate "$format" "$out" "$tmp/$name.json" > "$tmp/log" 2>&1; then
      echo "ok   $name $format"
    else
      echo "FAIL $name $format"; sed 's/^/  /' "$tmp/log" | head -20; fail=1
    fi
  done
}

expect_rejected() { # expect_rejected NAME FORMAT FILE [JSON_TWIN]
  n=$((n + 1))
  if validate "$2" "$3" "${4:-}" > /dev/null 2>&1; then
    echo "FAIL negative control $1: the $2 validator accepted a broken document"; fail=1
  else
    echo "ok   negative control $1"
  fi
}

# The validators must be able to fail.
(cd "$tmp/work" && "$MCLINT" --format json "${REPORT_OPTIONS[@]}" "${REPORT_FILES[@]}" > "$tmp/good.json")
(cd "$tmp/work" && "$MCLINT" --format sarif "${REPORT_OPTIONS[@]}" "${REPORT_FILES[@]}" > "$tmp/good.sarif")
(cd "$tmp/work" && "$MCLINT" --format junit "${REPORT_OPTIONS[@]}" "${REPORT_FILES[@]}" > "$tmp/good.junit")
(cd "$tmp/work" && "$MCLINT" --format github "${REPORT_OPTIONS[@]}" "${REPORT_FILES[@]}" > "$tmp/good.github")
sed 's/"severity": "warning"/"severity": "serious"/' "$tmp/good.json" > "$tmp/bad1.json"
expect_rejected "json: unknown severity" json "$tmp/bad1.json"
sed '0,/"errors": 1,/s//"errors": 7,/' "$tmp/good.json" > "$tmp/bad2.json"
expect_rejected "json: counts that do not add up" json "$tmp/bad2.json"
sed 's/"version": "2.1.0"/"version": "2.2"/' "$tmp/good.sarif" > "$tmp/bad1.sarif"
expect_rejected "sarif: wrong version" sarif "$tmp/bad1.sarif"
sed '0,/"ruleIndex": [0-9]*/s//"ruleIndex": 0/' "$tmp/good.sarif" > "$tmp/bad2.sarif"
expect_rejected "sarif: ruleIndex naming another rule" sarif "$tmp/bad2.sarif"
sed 's/"startLine": \([0-9]*\)/"startLine": "\1"/' "$tmp/good.sarif" > "$tmp/bad3.sarif"
expect_rejected "sarif: startLine as a string" sarif "$tmp/bad3.sarif"
sed 's/ failures="[0-9]*"//' "$tmp/good.junit" > "$tmp/bad1.junit"
expect_rejected "junit: suite without failures" junit "$tmp/bad1.junit"
sed 's/<testcase /<testcase-x /; s/<\/testcase>/<\/testcase-x>/' "$tmp/good.junit" > "$tmp/bad2.junit"
expect_rejected "junit: unknown element" junit "$tmp/bad2.junit"
sed '1s/,line=\([0-9]*\)/,line=9\1/' "$tmp/good.github" > "$tmp/bad1.github"
expect_rejected "github: line not as in json" github "$tmp/bad1.github" "$tmp/good.json"
awk '!done && /%0A/ { sub(/%0A/, " "); done = 1 } { print }' "$tmp/good.github" > "$tmp/bad2.github"
expect_rejected "github: line break not escaped as in json" github "$tmp/bad2.github" "$tmp/good.json"

# The documents themselves.
run_case workspace "${REPORT_OPTIONS[@]}" "${REPORT_FILES[@]}"
run_case no-statistics --select MC1,MC2 "${REPORT_FILES[@]}"
run_case absolute "${REPORT_OPTIONS[@]}" "$tmp/work/profiles/findings.mobileconfig"
if ! grep -q '"uri": "file:///' "$tmp/absolute.sarif"; then
  echo "FAIL absolute: no file:/// URI for an absolute path"; fail=1
fi
run_case all-rules profiles/findings.mobileconfig profiles/malformed.mobileconfig
mkdir -p "$tmp/work/none"
run_case no-files none
cp "$here/profiles/findings.mobileconfig" "$tmp/work/stdin-copy"
run_case stdin "${REPORT_OPTIONS[@]}" - < "$tmp/work/stdin-copy"
# A name that is not UTF-8, where the file system allows one (Linux does).
if cp "$here/profiles/findings.mobileconfig" "$tmp/work/bad"$'\xff\x01'"name.mobileconfig" 2>/dev/null; then
  run_case invalid-utf8 "${REPORT_OPTIONS[@]}" "bad"$'\xff\x01'"name.mobileconfig"
  grep -q '"path": "bad\\ufffd\\u0001name.mobileconfig"' "$tmp/invalid-utf8.json" ||
    { echo "FAIL invalid-utf8: json path not escaped as expected"; fail=1; }
  grep -q '"uri": "bad%FF%01name.mobileconfig"' "$tmp/invalid-utf8.sarif" ||
    { echo "FAIL invalid-utf8: sarif uri not percent-encoded"; fail=1; }
else
  echo "note: this file system refuses non-UTF-8 names; that case is covered by unit tests"
fi
echo "$n checks, $([ $fail = 0 ] && echo passed || echo FAILED)"
exit $fail
