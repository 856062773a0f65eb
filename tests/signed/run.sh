#!/usr/bin/env bash
# Signed, binary and encrypted profiles through the command line, on the
# fixtures tests/signed/make_fixtures.sh generated (CTest runs it first).
set -u
: "${MCLINT:?path to the mclint binary}"
fx=${MCLINT_FIXTURES:?directory of the generated fixtures}
[ -f "$fx/signed-der.mobileconfig" ] || { echo "no fixtures in $fx (run make_fixtures.sh)"; exit 1; }
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
  if ! grep -qF -- "$3" "$2"; then echo "FAIL $1: '$3' not in output"; head -20 "$2"; fail=1; fi
}
lacks() { # lacks NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then echo "FAIL $1: '$3' in output"; grep -F -- "$3" "$2" | head -5; fail=1; fi
}
cd "$fx"

for f in signed-der signed-ber signed-pem; do
  check "$f is unwrapped and linted" 0 "$MCLINT" --show-source $f.mobileconfig
  contains "$f: container note" "$tmp/out" "$f.mobileconfig: note: signed profile (CMS,"
  contains "$f: positions in the embedded plist" "$tmp/out" \
    "$f.mobileconfig:35:4: warning: duplicate key 'VPNType'"
  contains "$f: embedded source line" "$tmp/out" "   35 | 			<key>VPNType</key>"
  contains "$f: signer" "$tmp/out" "info: signed ("
  lacks "$f: secret masked" "$tmp/out" "not-a-real-secret"
done
check "binary plist inside a signature" 1 "$MCLINT" signed-bplist.mobileconfig
contains "bplist container" "$tmp/out" "holding a binary property list"
contains "bplist key path" "$tmp/out" "error: PayloadContent[1]: payload 1 has no PayloadUUID"

check "tampered content fails" 1 "$MCLINT" tampered.mobileconfig
contains "tampered reported" "$tmp/out" "changed after it was signed [signature-invalid]"
for f in truncated-tail truncated-head truncated-ber crlf-damaged detached; do
  check "$f fails cleanly" 1 "$MCLINT" $f.mobileconfig
  contains "$f named" "$tmp/out" "[damaged-signed-profile]"
  lacks "$f has no container note" "$tmp/out" "note:"
done

check "expired signer warns" 0 "$MCLINT" signed-expired.mobileconfig
contains "expired" "$tmp/out" "expired on 2021-01-01T00:00:00Z [signer-certificate-expired]"
check "expiring signer warns" 0 "$MCLINT" signed-expiring.mobileconfig
contains "expiring" "$tmp/out" "[signer-certificate-expiring]"
check "--cert-expiry-days 5" 0 "$MCLINT" --cert-expiry-days 5 signed-expiring.mobileconfig
lacks "no expiring warning within 5 days" "$tmp/out" "signer-certificate-expiring"
check "--cert-expiry-days needs a number" 2 "$MCLINT" --cert-expiry-days soon signed-der.mobileconfig
check "warnings alone pass" 0 "$MCLINT" --disable duplicate-key signed-expired.mobileconfig
check "--strict fails on the expired signer" 1 "$MCLINT" --strict --disable duplicate-key \
  signed-expired.mobileconfig

check "--ca-file trusts the test root" 1 "$MCLINT" --ca-file trust.pem signed-der.mobileconfig \
  signed-rogue.mobileconfig
contains "chain verified" "$tmp/out" "chain verified to 'CN=mclint Test Root CA,O=mclint tests' (CA file 'trust.pem')"
contains "rogue untrusted" "$tmp/out" "signed-rogue.mobileconfig: error: the signer 'CN=Rogue Signer' is not trusted"
check "--verify uses the system store" 0 env SSL_CERT_FILE="$fx/trust.pem" SSL_CERT_DIR="$tmp" \
  "$MCLINT" --verify --disable duplicate-key signed-ber.mobileconfig
contains "system store verified" "$tmp/out" "(the system trust store)"
check "--verify: unknown root is an error" 1 env SSL_CERT_FILE="$tmp/none.pem" SSL_CERT_DIR="$tmp" \
  "$MCLINT" --verify --disable duplicate-key signed-ber.mobileconfig
contains "untrusted" "$tmp/out" "[signer-untrusted]"
check "missing CA file is a usage error" 2 "$MCLINT" --ca-file "$tmp/nope.pem" signed-der.mobileconfig
contains "missing CA file named" "$tmp/err" "nope.pem"

check "--extract DER" 0 "$MCLINT" --extract signed-der.mobileconfig
cmp -s "$tmp/out" profile.xml || { echo "FAIL --extract DER output differs"; fail=1; }
check "--extract BER from stdin" 0 sh -c "\"$MCLINT\" --extract - < signed-ber.mobileconfig"
cmp -s "$tmp/out" profile.xml || { echo "FAIL --extract BER output differs"; fail=1; }
check "--extract PEM" 0 "$MCLINT" --extract signed-pem.mobileconfig
cmp -s "$tmp/out" profile.xml || { echo "FAIL --extract PEM output differs"; fail=1; }
check "--extract binary content" 0 "$MCLINT" --extract signed-bplist.mobileconfig
cmp -s "$tmp/out" profile.bplist || { echo "FAIL --extract bplist output differs"; fail=1; }
check "--extract --output" 0 "$MCLINT" --extract --output "$tmp/extracted.plist" signed-der.mobileconfig
cmp -s "$tmp/extracted.plist" profile.xml || { echo "FAIL --extract --output differs"; fail=1; }
check "--extract --output of a damaged file" 1 "$MCLINT" --extract -o "$tmp/none.plist" truncated-head.mobileconfig
[ -e "$tmp/none.plist" ] && { echo "FAIL --extract created a file for a damaged profile"; fail=1; }
check "--extract an unsigned profile" 1 "$MCLINT" --extract profile.xml
contains "not signed" "$tmp/err" "not a signed profile"
[ -s "$tmp/out" ] && { echo "FAIL --extract wrote output for an unsigned file"; fail=1; }
check "--extract a truncated one" 1 "$MCLINT" --extract truncated-tail.mobileconfig
contains "truncated named" "$tmp/err" "truncated"
[ -s "$tmp/out" ] && { echo "FAIL --extract wrote output for a damaged file"; fail=1; }
check "--extract a missing file" 2 "$MCLINT" --extract "$tmp/nope.mobileconfig"
check "--extract takes one file" 2 "$MCLINT" --extract signed-der.mobileconfig signed-ber.mobileconfig
check "--extract and --audit exclude each other" 2 "$MCLINT" --extract --audit signed-der.mobileconfig

check "--audit" 0 "$MCLINT" --audit signed-der.mobileconfig encrypted.mobileconfig
contains "audit signer" "$tmp/out" "subject  CN=Example Vendor Profile Signing,O=Example Vendor"
contains "audit servers" "$tmp/out" "VPN      vpn.example.com"
contains "audit secrets" "$tmp/out" "PayloadContent[0].IKEv2.SharedSecret"
contains "audit encrypted" "$tmp/out" "Encrypted     EncryptedPayloadContent"
lacks "audit hides secrets" "$tmp/out" "not-a-real-secret"
lacks "audit hides passwords" "$tmp/out" "not-a-real-password"
check "--audit --format json" 1 "$MCLINT" --audit --format json --ca-file trust.pem \
  signed-der.mobileconfig signed-bplist.mobileconfig encrypted.mobileconfig truncated-head.mobileconfig
if command -v python3 >/dev/null; then
  python3 - "$tmp/out" <<'PY' || { echo "FAIL audit JSON"; fail=1; }
import json, sys
doc = json.load(open(sys.argv[1]))
files = doc["files"]
assert doc["mclint_audit"] == 1 and len(files) == 4, files
der, bpl, enc, cut = files
assert der["container"]["signature"] == "intact"
assert der["container"]["signers"][0]["chain"] == "verified"
assert der["profile"]["removal"]["disallowed"] is True
assert [p["type"] for p in der["profile"]["payloads"]][2] == "com.apple.security.root"
assert der["profile"]["payloads"][2]["installs"]["certificate"]["root_ca"] is True
assert {"kind": "DNS", "key": "ServerURL", "path": "PayloadContent[1].DNSSettings.ServerURL",
        "value": "https://dns.example.com/dns-query"} in der["profile"]["servers"]
assert bpl["format"] == "binary" and "binary" in bpl["container"]["content"]
assert enc["container"] is None and enc["profile"]["encrypted_content"]["recipients"]
assert cut["readable"] is False and cut["findings"]["error"] == 1
print("ok   audit JSON is valid and complete")
PY
fi
lacks "JSON hides secrets" "$tmp/out" "not-a-real-secret"
check "--audit --format yaml" 2 "$MCLINT" --audit --format yaml signed-der.mobileconfig
check "--audit --format sarif is not an audit format" 2 "$MCLINT" --audit --format sarif signed-der.mobileconfig
check "--audit --output" 0 "$MCLINT" --audit --format json -o "$tmp/audit.json" signed-der.mobileconfig
[ -s "$tmp/out" ] && { echo "FAIL --audit --output also wrote to stdout"; fail=1; }
contains "audit written to the file" "$tmp/audit.json" '"mclint_audit": 1'

check "encrypted payloads are an info" 0 "$MCLINT" encrypted.mobileconfig
contains "encrypted info" "$tmp/out" "encrypted.mobileconfig:4:3: info: the payloads are encrypted"
exit $fail
