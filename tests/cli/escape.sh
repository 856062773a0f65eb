#!/usr/bin/env bash
# One escaping policy for every output (src/base/text.h): file names, keys
# and values holding terminal controls (ESC, CR, BEL, C1 controls, bidi
# overrides) never reach standard output or standard error raw, in any
# report format, the audit, --show-config or the command's own messages.
set -u
. "$(dirname "$0")/lib.sh"
python3 - "$tmp" <<'PY'
import os, plistlib, sys
tmp = sys.argv[1]
bad = "\x1b[31m\x07\r\u009b2J\u202e"   # ESC, BEL, CR, CSI (C1), RIGHT-TO-LEFT OVERRIDE
d = os.path.join(tmp.encode(), b"dir\x1b]0;title\x07")
os.mkdir(d)
# XML 1.0 cannot carry ESC or BEL: the XML profile has C1 and bidi controls
# in a key and a value; the binary one carries everything.
xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>\n"
       "<key>PayloadDisplayName</key><string>%Name&#x9B;2J&#x202E;%</string>\n"
       "<key>Bad&#x9B;2J&#x202E;Key</key><true/>\n</dict></plist>\n")
with open(os.path.join(d, b"x\x1b[2J\r\xc2\x9b\xe2\x80\xae.mobileconfig"), "w") as f:
    f.write(xml)
profile = {"PayloadType": "Configuration", "PayloadVersion": 1, "PayloadDisplayName": bad,
           "PayloadIdentifier": "com.example" + bad, "PayloadUUID": bad,
           "Key" + bad: True, "PayloadContent": [{"PayloadType": "com.apple.vpn.managed",
           "ServerURL": "https://h" + bad, "Password": "x"}]}
with open(os.path.join(d, b"b\x1b\x07.mobileconfig"), "wb") as f:
    plistlib.dump(profile, f, fmt=plistlib.FMT_BINARY)
PY
ok() { echo "ok   $1"; }
dir=$(ls -d "$tmp"/dir*)
scan() { # scan WHAT FILE: no unsafe control in FILE
  if python3 - "$2" <<'PY'; then ok "$1"; else echo "FAIL $1: raw control characters"; fail=1; fi
import re, sys
data = open(sys.argv[1], "rb").read()
bad = re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]", data)
if bad:
    print(repr(data[max(0, bad.start() - 40):bad.end() + 20]))
sys.exit(1 if bad else 0)
PY
}
run() { "$@" > "$tmp/out" 2>&1; }
for format in text json sarif github junit; do
  run "$MCLINT" --no-config --show-source --statistics --format "$format" "$dir"
  grep -q 'Key' "$tmp/out" || { echo "FAIL $format: no finding about the key"; fail=1; }
  scan "--format $format" "$tmp/out"
done
for format in text json; do
  run "$MCLINT" --no-config --audit --format "$format" "$dir"
  scan "--audit --format $format" "$tmp/out"
done
printf 'exclude = ["\\u001b[2J\\u009b"]\n' > "$dir/.mclint.toml"
run "$MCLINT" --show-config "$dir" "$dir"/b*
scan "--show-config" "$tmp/out"
printf 'min-os = "\\u001b[2J"\n' > "$dir/.mclint.toml"
run "$MCLINT" "$dir"
scan "a bad configuration value in an error message" "$tmp/out"
run "$MCLINT" --no-config --explain "$(printf 'x\033[2J')" "$dir/nope$(printf '\033')"
scan "usage errors" "$tmp/out"
run "$MCLINT" --no-config "$dir/nope$(printf '\033[2J')"
scan "an unreadable file" "$tmp/out"
exit $fail
