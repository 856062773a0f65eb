#!/usr/bin/env bash
# Checks across files (rules MC55x): both ends of each finding, --repository
# and the configuration's repository (reporting only the files named,
# honouring exclude), device groups, signed and binary profiles, unreadable
# files, and the same output for any -j.
set -u
. "$(dirname "$0")/lib.sh"
command -v python3 > /dev/null || { echo "python3 missing"; exit 1; }

# profile FILE ID UUID TYPE PAYLOAD_ID PAYLOAD_UUID [BODY]: an XML profile.
profile() {
  cat > "$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadType</key>
			<string>$4</string>
			<key>PayloadIdentifier</key>
			<string>$5</string>
			<key>PayloadUUID</key>
			<string>$6</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
${7:-}
		</dict>
	</array>
	<key>PayloadDisplayName</key>
	<string>Test</string>
	<key>PayloadIdentifier</key>
	<string>$2</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>$3</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
XML
}
uuid() { printf '00000000-1111-4222-8333-%012d' "$1"; }
beta='			<key>UpdateChannel</key>
			<string>beta</string>'
stable='			<key>UpdateChannel</key>
			<string>stable</string>'

repo=$tmp/repo
mkdir -p "$repo/profiles" "$repo/lab" "$repo/drafts" "$repo/kiosk"
cd "$repo" || exit 1
git init -q . 2> /dev/null || mkdir .git
profile profiles/dock.mobileconfig com.example.dock "$(uuid 1)" com.apple.dock com.example.dock.p "$(uuid 2)"
profile profiles/agent.mobileconfig com.example.agent "$(uuid 3)" com.example.agent com.example.agent.p "$(uuid 4)" "$beta"
profile lab/dock.mobileconfig com.example.dock "$(uuid 5)" com.apple.dock com.example.lab.p "$(uuid 6)"
profile lab/agent.mobileconfig com.example.lab.agent "$(uuid 7)" com.example.agent com.example.agent.p "$(uuid 4)" "$stable"
profile drafts/copy.mobileconfig com.example.dock "$(uuid 1)" com.apple.webClip.managed com.example.draft "$(uuid 8)"
profile kiosk/dock.mobileconfig com.example.kiosk "$(uuid 9)" com.apple.dock com.example.kiosk.p "$(uuid 10)"

# Both ends: each file names the other at its line.
check "collisions in a run" 1 "$MCLINT" --no-config profiles/dock.mobileconfig lab/dock.mobileconfig
contains "dock: the identifier" "$tmp/out" "profiles/dock.mobileconfig:21:2: error: PayloadIdentifier 'com.example.dock' is also the identifier of lab/dock.mobileconfig:21: installing one profile removes the other [profile-identifier-collision]"
contains "lab: the identifier" "$tmp/out" "lab/dock.mobileconfig:21:2: error: PayloadIdentifier 'com.example.dock' is also the identifier of profiles/dock.mobileconfig:21"
# Two versions of one profile (one identifier): a device keeps one, so
# their Dock payloads never meet; the identifier is the finding.
lacks "versions: no single payload" "$tmp/out" "single-payload-collision"
contains "two files" "$tmp/out" "2 files checked: 2 errors, 0 warnings"
check "single payload" 0 "$MCLINT" --no-config profiles/dock.mobileconfig kiosk/dock.mobileconfig
contains "dock: single payload" "$tmp/out" "profiles/dock.mobileconfig:8:4: warning: a device may hold only one com.apple.dock payload, and there is one in kiosk/dock.mobileconfig:8 too [single-payload-collision]"
contains "kiosk: single payload" "$tmp/out" "kiosk/dock.mobileconfig:8:4: warning: a device may hold only one com.apple.dock payload, and there is one in profiles/dock.mobileconfig:8 too"
check "uuid, payload identifier, setting" 1 "$MCLINT" --no-config profiles/agent.mobileconfig lab/agent.mobileconfig
contains "uuid" "$tmp/out" "profiles/agent.mobileconfig:12:4: error: PayloadUUID 00000000-1111-4222-8333-000000000004 is also used in lab/agent.mobileconfig:12 [payload-uuid-collision]"
contains "payload identifier" "$tmp/out" "lab/agent.mobileconfig:10:4: warning: payload identifier 'com.example.agent.p' is also used in profiles/agent.mobileconfig:10 [payload-identifier-collision]"
contains "setting" "$tmp/out" "profiles/agent.mobileconfig:15:4: warning: UpdateChannel of com.example.agent is 'beta' here but 'stable' in lab/agent.mobileconfig:15: which one a device applies is not defined [conflicting-setting]"
check "one file: nothing to compare" 0 "$MCLINT" --no-config -q profiles/dock.mobileconfig
empty "one file" "$tmp/out"
check "rules off" 0 "$MCLINT" --no-config -q --disable repository profiles/dock.mobileconfig lab/dock.mobileconfig
empty "rules off" "$tmp/out"

# --repository: only the files named are reported; the rest is data.
check "--repository" 1 "$MCLINT" --no-config --repository . profiles/dock.mobileconfig
contains "--repository: names the others" "$tmp/out" "is also the identifier of drafts/copy.mobileconfig:21 and lab/dock.mobileconfig:21"
# drafts/copy is a version of com.example.dock: its UUID is that profile's.
lacks "--repository: a version's uuid" "$tmp/out" "PayloadUUID 00000000-1111-4222-8333-000000000001"
contains "--repository: the kiosk dock" "$tmp/out" "there is one in kiosk/dock.mobileconfig:8 too"
contains "--repository: one file reported" "$tmp/out" "1 file checked"
lacks "--repository: others not reported" "$tmp/out" "lab/dock.mobileconfig:21:2:"
check "--repository from below" 1 sh -c "cd profiles && '$MCLINT' --no-config --repository .. dock.mobileconfig"
contains "--repository: relative names" "$tmp/out" "../lab/dock.mobileconfig:21"
check "--repository that is missing" 2 "$MCLINT" --no-config --repository missing-dir profiles/dock.mobileconfig
contains "missing repository" "$tmp/err" "mclint: repository 'missing-dir': No such file or directory"

# The configuration's repository, honouring its exclude list.
printf 'repository = "."\nexclude = ["drafts", "kiosk"]\n' > .mclint.toml
check "repository in .mclint.toml" 1 "$MCLINT" profiles/dock.mobileconfig
contains "config: lab compared" "$tmp/out" "is also the identifier of lab/dock.mobileconfig:21: installing"
lacks "config: drafts excluded" "$tmp/out" "drafts/"
check "show-config" 0 "$MCLINT" --show-config profiles/dock.mobileconfig
contains "show-config: repository" "$tmp/out" "repository = \"$repo\""

# Groups: profiles for different devices never meet; one for every device
# (no group) meets them all.
printf 'repository = "."\nexclude = ["drafts", "kiosk"]\n[groups]\nstaff = ["profiles"]\nlab = ["lab/**"]\n' > .mclint.toml
check "groups keep staff and lab apart" 0 "$MCLINT" -q profiles/dock.mobileconfig lab/dock.mobileconfig
empty "groups apart" "$tmp/out"
check "show-config: groups" 0 "$MCLINT" --show-config profiles/dock.mobileconfig
contains "show-config: group" "$tmp/out" "\"lab\" = [\"$repo/lab/**\"]"
profile shared.mobileconfig com.example.dock "$(uuid 9)" com.apple.webClip.managed com.example.shared "$(uuid 10)"
check "an ungrouped profile meets every group" 1 "$MCLINT" -q shared.mobileconfig
contains "ungrouped meets all" "$tmp/out" "is also the identifier of lab/dock.mobileconfig:21 and profiles/dock.mobileconfig:21"
printf '[groups]\nstaff = ["profiles", "lab"]\nlab = "lab"\n' > .mclint.toml
check "groups that overlap meet" 1 "$MCLINT" -q profiles/dock.mobileconfig lab/dock.mobileconfig
contains "overlap" "$tmp/out" "[profile-identifier-collision]"
printf '[groups]\nstaff = 3\n' > .mclint.toml
check "bad group" 2 "$MCLINT" -q profiles/dock.mobileconfig lab/dock.mobileconfig
contains "bad group message" "$tmp/err" "group 'staff': expected a path pattern or an array of them"
# Alternatives: a device gets one of the profiles a pattern matches.
printf 'alternatives = ["*/dock.mobileconfig"]\n' > .mclint.toml
check "alternatives never meet" 0 "$MCLINT" -q profiles/dock.mobileconfig lab/dock.mobileconfig
empty "alternatives" "$tmp/out"
check "an alternative meets the rest" 1 "$MCLINT" -q profiles/dock.mobileconfig lab/dock.mobileconfig shared.mobileconfig
contains "alternative meets the rest" "$tmp/out" "profiles/dock.mobileconfig:21:2: error: PayloadIdentifier 'com.example.dock' is also the identifier of shared.mobileconfig:21:"
lacks "alternatives still apart" "$tmp/out" "of lab/dock.mobileconfig:21 and shared"
rm .mclint.toml shared.mobileconfig

# Signed and binary profiles take part, with their own positions.
binary() { # binary XML_IN BINARY_OUT
  python3 - "$1" "$2" <<'PY'
import plistlib, sys
with open(sys.argv[1], "rb") as f:
    data = plistlib.load(f)
with open(sys.argv[2], "wb") as f:
    plistlib.dump(data, f, fmt=plistlib.FMT_BINARY)
PY
}
binary lab/dock.mobileconfig "$tmp/binary.mobileconfig"
check "binary profile" 1 "$MCLINT" --no-config profiles/dock.mobileconfig "$tmp/binary.mobileconfig"
contains "binary named by key path" "$tmp/out" "is also the identifier of $tmp/binary.mobileconfig (PayloadIdentifier)"
contains "binary: its own findings" "$tmp/out" "$tmp/binary.mobileconfig: error: PayloadIdentifier: PayloadIdentifier 'com.example.dock' is also the identifier of profiles/dock.mobileconfig:21"
if command -v openssl > /dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/k.pem" -out "$tmp/c.pem" -subj /CN=mclint-test \
    -days 2 2> /dev/null
  openssl cms -sign -nodetach -binary -in profiles/dock.mobileconfig -signer "$tmp/c.pem" -inkey "$tmp/k.pem" \
    -outform DER -out "$tmp/signed.mobileconfig" 2> /dev/null
  check "signed profile" 1 "$MCLINT" --no-config lab/dock.mobileconfig "$tmp/signed.mobileconfig"
  contains "signed: at the embedded line" "$tmp/out" "$tmp/signed.mobileconfig:21:2: error: PayloadIdentifier 'com.example.dock' is also the identifier of lab/dock.mobileconfig:21"
  openssl cms -sign -nodetach -binary -in lab/dock.mobileconfig -signer "$tmp/c.pem" -inkey "$tmp/k.pem" \
    -outform DER -out "$tmp/signed-copy.mobileconfig" 2> /dev/null
else
  echo "skip signed profile: no openssl command"
fi

# Copies of one profile (a signed or binary copy, another layout) are one
# profile on a device, not a collision; a copy with one value changed is.
binary lab/dock.mobileconfig "$tmp/binary-copy.mobileconfig"
sed 's/^\t*//' lab/dock.mobileconfig > "$tmp/flat-copy.mobileconfig"
copies=("$tmp/binary-copy.mobileconfig" "$tmp/flat-copy.mobileconfig")
[ -f "$tmp/signed-copy.mobileconfig" ] && copies+=("$tmp/signed-copy.mobileconfig")
check "copies do not collide" 0 "$MCLINT" --no-config lab/dock.mobileconfig "${copies[@]}"
lacks "copies: no collision" "$tmp/out" "collision]"
sed 's/<integer>1<\/integer>/<integer>2<\/integer>/' lab/dock.mobileconfig > "$tmp/edited-copy.mobileconfig"
check "an edited copy collides" 1 "$MCLINT" --no-config lab/dock.mobileconfig "$tmp/edited-copy.mobileconfig"
contains "edited copy: identifier" "$tmp/out" "[profile-identifier-collision]"

# An unreadable file is reported as always and does not stop the others.
check "unreadable file" 2 "$MCLINT" --no-config profiles/dock.mobileconfig missing.mobileconfig lab/dock.mobileconfig
contains "unreadable reported" "$tmp/out" "missing.mobileconfig: error: cannot read"
contains "the others compared" "$tmp/out" "is also the identifier of lab/dock.mobileconfig:21"

# Machine formats carry the other places.
check "json" 1 "$MCLINT" --no-config --format json profiles/dock.mobileconfig lab/dock.mobileconfig
python3 - "$tmp/out" <<'PY' || { echo "FAIL json related"; fail=1; }
import json, sys
doc = json.load(open(sys.argv[1]))
d = [d for d in doc["files"][0]["diagnostics"] if d["rule"] == "profile-identifier-collision"]
assert d[0]["related"] == [{"file": "lab/dock.mobileconfig", "line": 21, "column": 2,
                            "keyPath": "PayloadIdentifier"}], d
assert all(x["related"] == [] for x in doc["files"][0]["diagnostics"] if x["code"] < "MC550"), doc
PY
check "sarif" 1 "$MCLINT" --no-config --format sarif profiles/dock.mobileconfig lab/dock.mobileconfig
contains "sarif relatedLocations" "$tmp/out" '"relatedLocations"'

# The same output for any -j, in every format, also with --repository.
tree=$tmp/tree
for i in $(seq -w 1 6); do
  mkdir -p "$tree/copy$i"
  cp -R "$src/testdata/." "$tree/copy$i/"
  cp -R "$repo/profiles" "$repo/lab" "$tree/copy$i/"
done
for extra in "" "--format=json" "--format=sarif" "--format=junit" "--format=github" "--repository=$tree/copy01"; do
  "$MCLINT" --no-config -j 1 $extra "$tree" > "$tmp/j1" 2>&1
  echo $? >> "$tmp/j1"
  grep -q "collision" "$tmp/j1" || { echo "FAIL $extra: no collision found"; fail=1; }
  for j in 2 5; do
    "$MCLINT" --no-config -j "$j" $extra "$tree" > "$tmp/jn" 2>&1
    echo $? >> "$tmp/jn"
    if cmp -s "$tmp/j1" "$tmp/jn"; then
      echo "ok   -j $j $extra: same output as -j 1"
    else
      echo "FAIL -j $j $extra differs from -j 1"; diff "$tmp/j1" "$tmp/jn" | head; fail=1
    fi
  done
done
exit $fail
