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

clean=$src/testdata/envelope/all-good.mobileconfig
broken=$src/testdata/parse/duplicate-key-bad.mobileconfig
warn=$src/testdata/envelope/template-marker-bad.mobileconfig

check "clean file exits 0" 0 "$MCLINT" "$clean"
contains "summary line" "$tmp/out" "1 file checked: 0 errors, 0 warnings"
check "errors exit 1" 1 "$MCLINT" "$broken"
contains "file:line:col format" "$tmp/out" "duplicate-key-bad.mobileconfig:"
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
contains "help lists the formats" "$tmp/out" "json, sarif"
contains "help lists --output" "$tmp/out" "--output FILE"
contains "help lists --statistics" "$tmp/out" "--statistics"
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
# Hints reach CI logs: printed without source lines, left out with --no-hints.
contains "hint without source lines" "$tmp/out" "      = hint: remove one of the two"
check "--no-hints" 1 "$MCLINT" --no-hints --show-source "$broken"
contains "--no-hints keeps the finding" "$tmp/out" "[duplicate-key]"
if grep -q '= hint:' "$tmp/out"; then echo "FAIL --no-hints printed a hint"; fail=1; fi

# ---- report formats and --output ----
check "--format json" 1 "$MCLINT" --format json "$broken"
if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["errors"] == 1' "$tmp/out"; then
  echo "FAIL --format json: not one JSON document with the error counted"; fail=1
fi
check "machine formats keep the exit status" 0 "$MCLINT" --format sarif "$warn"
check "--strict with a machine format" 1 "$MCLINT" --format junit --strict "$warn"
check "unknown format lists the known ones" 2 "$MCLINT" --format yaml "$clean"
contains "known formats" "$tmp/err" "text, json, sarif, github, junit"
check "--statistics" 1 "$MCLINT" --statistics "$broken" "$broken"
contains "statistics table" "$tmp/out" "      2  MC109  duplicate-key                  error"
check "--statistics in json" 1 "$MCLINT" --format json --statistics "$broken"
contains "json statistics" "$tmp/out" '"statistics": ['
check "stdout that cannot be written exits 2" 2 sh -c "\"$MCLINT\" --format json \"$clean\" > /dev/full"

# Secret values never reach a machine format, even with --show-source:
# findings on secret keys, one of them shadowed by a duplicate.
sed -e 's|<key>PayloadDisplayName</key>|<key>SharedSecret</key><string>{{ s3cr3t-Hunter2 }}</string><key>Password</key><data>hunter2*secret</data><key>Password</key><string>Hunter2-dup</string>&|' \
  "$clean" > "$tmp/secrets.mobileconfig"
for format in json sarif github junit; do
  check "secrets: $format" 1 "$MCLINT" --format "$format" --show-source --statistics "$tmp/secrets.mobileconfig"
  contains "secrets: $format reports the invalid base64" "$tmp/out" "base64"
  if grep -qi 'hunter2\|s3cr3t' "$tmp/out"; then echo "FAIL secrets: $format printed a secret value"; fail=1; fi
done

mkdir -p "$tmp/rep"
check "--output writes the file, not stdout" 1 "$MCLINT" --format sarif --output "$tmp/rep/r.sarif" "$broken"
if [ -s "$tmp/out" ]; then echo "FAIL --output also wrote to stdout"; fail=1; fi
contains "--output content" "$tmp/rep/r.sarif" '"ruleId": "MC109"'
if [ "$(ls -A "$tmp/rep")" != "r.sarif" ]; then echo "FAIL --output left: $(ls -A "$tmp/rep")"; fail=1; fi
check "-o replaces an existing report" 0 "$MCLINT" --format json -o "$tmp/rep/r.sarif" "$clean"
contains "replaced" "$tmp/rep/r.sarif" '"errors": 0'
check "-o - is stdout" 0 "$MCLINT" --format github -o - "$warn"
contains "-o - output" "$tmp/out" "::warning file="
check "--output into a missing directory exits 2" 2 "$MCLINT" -o "$tmp/rep/no/such/r.json" "$clean"
contains "missing directory explained" "$tmp/err" "cannot create"
check "--output naming a directory exits 2" 2 "$MCLINT" -o "$tmp/rep" "$clean"
if [ "$(ls -A "$tmp/rep")" != "r.sarif" ]; then echo "FAIL failed --output left: $(ls -A "$tmp/rep")"; fail=1; fi

# A write that fails half-way (file size limit): exit 2, the old report
# untouched, no temporary file left.
mkdir -p "$tmp/full"
echo "old report" > "$tmp/full/r.sarif"
check "--output write failure exits 2" 2 bash -c 'trap "" XFSZ; ulimit -f 1; exec "$0" --format sarif -o "$1" "$2"' \
  "$MCLINT" "$tmp/full/r.sarif" "$broken"
contains "write failure explained" "$tmp/err" "error writing"
contains "old report kept" "$tmp/full/r.sarif" "old report"
if [ "$(ls -A "$tmp/full")" != "r.sarif" ]; then echo "FAIL write failure left: $(ls -A "$tmp/full")"; fail=1; fi

# Killed while linting (blocked reading a FIFO): no report, no temporary file.
mkdir -p "$tmp/sig" "$tmp/sigout"
mkfifo "$tmp/sig/in.mobileconfig"
"$MCLINT" --format json -o "$tmp/sigout/r.json" "$tmp/sig/in.mobileconfig" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [ -n "$(ls -A "$tmp/sigout")" ] && break; sleep 0.1; done
if [ -z "$(ls -A "$tmp/sigout")" ]; then echo "FAIL no temporary file while running"; fail=1; fi
kill -TERM "$pid"
wait "$pid"
status=$?
if [ "$status" != 143 ]; then echo "FAIL killed run: exit $status, expected 143 (SIGTERM)"; fail=1; fi
if [ -n "$(ls -A "$tmp/sigout")" ]; then echo "FAIL killed run left: $(ls -A "$tmp/sigout")"; fail=1
else echo "ok   killed run leaves nothing"; fi

# Schema: release, catalog, --schema-dir
check "--version names the Apple release" 0 "$MCLINT" --version
if ! grep -Eq 'schema [0-9]+\.[0-9]+ \(apple/device-management [0-9a-f]{7}\)' "$tmp/out"; then
  echo "FAIL --version release: $(cat "$tmp/out")"; fail=1
fi
check "--list-rules lists schema rules" 0 "$MCLINT" --list-rules
for r in unknown-key wrong-type missing-required-key unavailable-on-platform duplicate-payload-type; do
  contains "catalog lists $r" "$tmp/out" "$r"
done
check "--explain a schema rule" 0 "$MCLINT" --explain unknown-key
contains "schema rule explained" "$tmp/out" "did you mean"
mkdir -p "$tmp/schemas"
cat > "$tmp/schemas/com.example.custom.xml" <<'XML'
<payload xmlns="urn:mclint:schema:1" type="com.example.custom" title="Custom" source="custom.yaml">
  <include payload="CommonPayloadKeys"/>
  <key name="Level" type="integer" presence="required"><range min="1" max="3"/></key>
</payload>
XML
cat > "$tmp/custom.mobileconfig" <<'XML'
<plist><dict><key>PayloadContent</key><array><dict>
<key>PayloadIdentifier</key><string>com.example.p</string><key>PayloadType</key><string>com.example.custom</string>
<key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string><key>PayloadVersion</key><integer>1</integer>
<key>Level</key><integer>7</integer></dict></array>
<key>PayloadIdentifier</key><string>com.example</string><key>PayloadType</key><string>Configuration</string>
<key>PayloadUUID</key><string>1E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string><key>PayloadVersion</key><integer>1</integer>
</dict></plist>
XML
check "--schema-dir adds a payload type" 1 "$MCLINT" --schema-dir "$tmp/schemas" "$tmp/custom.mobileconfig"
contains "custom schema used" "$tmp/out" "out-of-range"
printf '<payload xmlns="urn:mclint:schema:1" type="com.example.custom" title="t" source="s">\n  <key name="A" type="nope"/>\n</payload>\n' > "$tmp/schemas/com.example.custom.xml"
check "malformed --schema-dir schema exits 2" 2 "$MCLINT" --schema-dir "$tmp/schemas" "$tmp/custom.mobileconfig"
contains "schema error names file and line" "$tmp/err" "com.example.custom.xml:2: unknown type 'nope'"
check "missing --schema-dir exits 2" 2 "$MCLINT" --schema-dir "$tmp/no-such-dir" "$tmp/custom.mobileconfig"
exit $fail
