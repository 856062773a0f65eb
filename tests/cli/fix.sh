#!/usr/bin/env bash
# --fix, --diff, --unsafe-fixes. Each testdata/fix/NAME.mobileconfig (with
# NAME.fixargs) is fixed in a copy and compared with NAME.fixed, and its diff
# with NAME.diff; new UUIDs (random) are checked to be upper-case v4, unique,
# and then written as NEW-UUID-1, -2, ... in order of appearance.
#   tests/cli/fix.sh [--update]     (MCLINT=build/mclint)
. "$(dirname "$0")/lib.sh"
update=${1:-}

# normalize INPUT FILE: new UUIDs (not in INPUT) -> NEW-UUID-n; fails on a bad one.
normalize() {
  python3 - "$1" "$2" <<'PY'
import re, sys
orig = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace').upper()
data = open(sys.argv[2], 'rb').read()
text = data.decode('utf-16') if data[:2] in (b'\xff\xfe', b'\xfe\xff') else data.decode('utf-8')
names = {}
def sub(m):
    u = m.group(0)
    if u.upper() in orig: return u
    if not re.fullmatch(r'[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}', u):
        sys.exit('not an upper-case v4 UUID: ' + u)
    names.setdefault(u, 'NEW-UUID-%d' % (len(names) + 1))
    return names[u]
sys.stdout.write(re.sub(r'[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}', sub, text))
PY
}

golden() { # golden NAME ACTUAL EXPECTED_FILE
  if [ "$update" = --update ]; then cp "$2" "$3"; return; fi
  if ! cmp -s "$2" "$3"; then echo "FAIL $1: differs from ${3#$src/}"; diff "$3" "$2" | head -20; fail=1; fi
}

for f in "$src"/testdata/fix/*.mobileconfig; do
  name=$(basename "$f" .mobileconfig)
  args=(); [ -f "${f%.mobileconfig}.fixargs" ] && read -ra args < "${f%.mobileconfig}.fixargs"
  work="$tmp/$name.mobileconfig"
  cp "$f" "$work"
  check "$name: --diff says there is something to fix" 1 "$MCLINT" --diff "${args[@]}" "$work"
  cmp -s "$f" "$work" || { echo "FAIL $name: --diff wrote the file"; fail=1; }
  sed "s|${tmp#/}/|testdata/fix/|g" "$tmp/out" > "$tmp/diff.raw"
  normalize "$f" "$tmp/diff.raw" > "$tmp/diff" || fail=1
  golden "$name diff" "$tmp/diff" "${f%.mobileconfig}.diff"
  "$MCLINT" --fix -q "${args[@]}" "$work" > "$tmp/out" 2> "$tmp/err"
  normalize "$f" "$work" > "$tmp/fixed" || fail=1
  golden "$name fixed" "$tmp/fixed" "${f%.mobileconfig}.fixed"
  cp "$work" "$tmp/once"
  "$MCLINT" --fix -q "${args[@]}" "$work" > /dev/null 2>&1
  cmp -s "$work" "$tmp/once" || { echo "FAIL $name: a second --fix changed the file"; fail=1; }
  check "$name: nothing left to fix" 0 "$MCLINT" --diff "${args[@]}" "$work"
  empty "$name: nothing left to fix" "$tmp/out"
done

# Line endings stay: every line of the fixed CRLF file ends in CRLF.
cp "$src/testdata/fix/several-bad-crlf.mobileconfig" "$tmp/crlf.mobileconfig"
"$MCLINT" --fix -q "$tmp/crlf.mobileconfig" > /dev/null 2>&1
if grep -qv $'\r$' "$tmp/crlf.mobileconfig"; then echo "FAIL crlf: a line lost its CR"; fail=1; fi
# ... and the suppressed finding was not fixed
contains "crlf: suppression applies to fixes" "$tmp/crlf.mobileconfig" FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF

# UTF-16 stays UTF-16 (both byte orders), and the fix is the same.
for enc in UTF-16LE UTF-16BE; do
  u="$tmp/u16-$enc.mobileconfig"
  { [ $enc = UTF-16LE ] && printf '\xff\xfe' || printf '\xfe\xff'; } > "$u"
  sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$src/testdata/fix/payload-version-bad.mobileconfig" |
    iconv -f UTF-8 -t $enc >> "$u"
  check "utf-16 $enc: fixed" 1 "$MCLINT" --fix -q "$u"
  head -c 2 "$u" | od -An -tx1 | grep -Eq 'ff fe|fe ff' || { echo "FAIL $enc: BOM lost"; fail=1; }
  tail -c +3 "$u" | iconv -f $enc -t UTF-8 > "$tmp/u16.txt" || { echo "FAIL $enc: not $enc"; fail=1; }
  sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$src/testdata/fix/payload-version-bad.fixed" > "$tmp/u16.want"
  cmp -s "$tmp/u16.txt" "$tmp/u16.want" || { echo "FAIL $enc: differs"; diff "$tmp/u16.want" "$tmp/u16.txt" | head; fail=1; }
done

# The exit status comes from what remains: payload-version keeps its 2.
cp "$src/testdata/fix/payload-version-bad.mobileconfig" "$tmp/pv.mobileconfig"
check "exit from what remains" 1 "$MCLINT" --fix "$tmp/pv.mobileconfig"
contains "remaining finding reported" "$tmp/out" "PayloadVersion is 2"
lacks "fixed finding not reported" "$tmp/out" "PayloadVersion is a <real>"
cp "$src/testdata/fix/boolean-integer-mix-bad.mobileconfig" "$tmp/bim.mobileconfig"
check "all fixed: exit 0" 0 "$MCLINT" --fix "$tmp/bim.mobileconfig"
contains "fix count" "$tmp/err" "2 fixes applied in 1 file"

# Mode kept; a symbolic link stays a link.
cp "$src/testdata/fix/boolean-integer-mix-bad.mobileconfig" "$tmp/mode.mobileconfig"
chmod 640 "$tmp/mode.mobileconfig"
ln -s mode.mobileconfig "$tmp/link.mobileconfig"
"$MCLINT" --fix -q "$tmp/link.mobileconfig" > /dev/null 2>&1
[ -L "$tmp/link.mobileconfig" ] || { echo "FAIL symlink replaced"; fail=1; }
[ "$(stat -c %a "$tmp/mode.mobileconfig")" = 640 ] || { echo "FAIL mode not kept"; fail=1; }
contains "fixed through the link" "$tmp/mode.mobileconfig" "<true/>"

# Unsafe fixes only when asked; --select applies to fixes.
cp "$src/testdata/fix/unknown-key-bad.mobileconfig" "$tmp/uk.mobileconfig"
"$MCLINT" --fix -q "$tmp/uk.mobileconfig" > /dev/null 2>&1
cmp -s "$tmp/uk.mobileconfig" "$src/testdata/fix/unknown-key-bad.mobileconfig" ||
  { echo "FAIL unsafe fix applied without --unsafe-fixes"; fail=1; }
cp "$src/testdata/fix/several-bad-crlf.mobileconfig" "$tmp/sel.mobileconfig"
"$MCLINT" --fix -q --select payload-version "$tmp/sel.mobileconfig" > /dev/null 2>&1
contains "--select: others left" "$tmp/sel.mobileconfig" "00000000-0000-0000-0000-000000000000"
lacks "--select: selected fixed" "$tmp/sel.mobileconfig" "<real>1</real>"

# Two unknown keys with one close match: one is renamed, never both (that
# would make a duplicate key).
sed 's|<key>AutoJion</key>|<key>AutoJion</key>\n\t\t\t<true/>\n\t\t\t<key>AutoJoim</key>|' \
  "$src/testdata/fix/unknown-key-bad.mobileconfig" > "$tmp/uk2.mobileconfig"
check "renames never collide" 0 "$MCLINT" --fix --unsafe-fixes "$tmp/uk2.mobileconfig"
lacks "renames never collide" "$tmp/out" "duplicate-key"
[ "$(grep -c '<key>AutoJoin</key>' "$tmp/uk2.mobileconfig")" = 1 ] || { echo "FAIL two keys renamed alike"; fail=1; }

# A write that fails leaves the file as it was, exit 2.
mkdir "$tmp/ro"
cp "$src/testdata/fix/payload-version-bad.mobileconfig" "$tmp/ro/p.mobileconfig"
chmod 555 "$tmp/ro"
as_user=()
if [ -w "$tmp/ro" ] && command -v setpriv > /dev/null; then # root writes anywhere: drop to nobody
  chmod 755 "$tmp"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if ! "${as_user[@]}" test -w "$tmp/ro"; then
  check "read-only folder: exit 2" 2 "${as_user[@]}" "$MCLINT" --fix "$tmp/ro/p.mobileconfig"
  contains "read-only folder: message" "$tmp/err" "cannot write the fixed profile"
  contains "read-only folder: original findings" "$tmp/out" "PayloadVersion is a <real>"
  cmp -s "$tmp/ro/p.mobileconfig" "$src/testdata/fix/payload-version-bad.mobileconfig" ||
    { echo "FAIL read-only folder: file changed"; fail=1; }
  [ -z "$(ls -A "$tmp/ro" | grep -v '^p.mobileconfig$')" ] || { echo "FAIL temp file left"; fail=1; }
else
  echo "FAIL cannot make a folder this user cannot write to"; fail=1
fi
chmod 755 "$tmp/ro"

# Standard input: the fixed profile on stdout, the report on stderr.
check "stdin" 1 "$MCLINT" --fix - < "$src/testdata/fix/payload-version-bad.mobileconfig"
contains "stdin: fixed profile on stdout" "$tmp/out" "<integer>1</integer>"
lacks "stdin: no real left" "$tmp/out" "<real>1.0</real>"
contains "stdin: report on stderr" "$tmp/err" "PayloadVersion is 2"

# Never rewritten: binary plists, template sources.
cp "$src/testdata/binary/several-bad.mobileconfig" "$tmp/bin.mobileconfig"
"$MCLINT" --fix -q "$tmp/bin.mobileconfig" > "$tmp/out" 2> "$tmp/err"
cmp -s "$tmp/bin.mobileconfig" "$src/testdata/binary/several-bad.mobileconfig" || { echo "FAIL binary rewritten"; fail=1; }
{ printf '{{#if wifi}}\n'; cat "$src/testdata/fix/boolean-integer-mix-bad.mobileconfig"; printf '{{/if}}\n'; } > "$tmp/tpl.mobileconfig"
cp "$tmp/tpl.mobileconfig" "$tmp/tpl.orig"
"$MCLINT" --fix -q "$tmp/tpl.mobileconfig" > "$tmp/out" 2> "$tmp/err"
cmp -s "$tmp/tpl.mobileconfig" "$tmp/tpl.orig" || { echo "FAIL template source rewritten"; fail=1; }
signed=${MCLINT_FIXTURES:-}/signed-der.mobileconfig
if [ -f "$signed" ]; then
  cp "$signed" "$tmp/signed.mobileconfig"
  "$MCLINT" --fix -q --select placeholder-uuid,uuid-format,payload-version "$tmp/signed.mobileconfig" > "$tmp/out" 2> "$tmp/err"
  cmp -s "$tmp/signed.mobileconfig" "$signed" || { echo "FAIL signed profile rewritten"; fail=1; }
fi

# Usage
check "--fix with --diff" 2 "$MCLINT" --fix --diff "$tmp/pv.mobileconfig"
check "--unsafe-fixes alone" 2 "$MCLINT" --unsafe-fixes "$tmp/pv.mobileconfig"
# The catalog shows fixes.
check "list-rules" 0 "$MCLINT" --list-rules
contains "list-rules shows fixes" "$tmp/out" "unknown-key"
check "explain" 0 "$MCLINT" --explain placeholder-uuid
contains "explain shows the fix" "$tmp/out" "Fix: safe"
exit $fail
