#!/usr/bin/env bash
# Builds the signed-profile fixtures into a directory with the openssl
# command line, so that no key is ever committed: a throwaway root CA, an
# intermediate, signers (good, expired, expiring soon, untrusted), profiles
# signed in DER, BER (indefinite length) and PEM, with XML and binary
# content, and broken ones (tampered, truncated, detached, no certificate).
#   make_fixtures.sh OUTDIR
set -euo pipefail
out=${1:?usage: make_fixtures.sh OUTDIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
command -v openssl >/dev/null || { echo "openssl is needed for the signed fixtures"; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed for the signed fixtures"; exit 1; }
rm -rf "$out"
mkdir -p "$out/ca/new"
cd "$out"
export OPENSSL_CONF=/dev/null # the machine's openssl.cnf must not change the results

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
csr() { openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"; }
cat > ext.cnf <<'CNF'
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_ext]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
cat > ca.cnf <<CNF
[ca]
default_ca = ca_default
[ca_default]
dir = $out/ca
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
default_md = sha256
policy = policy_any
[policy_any]
commonName = supplied
organizationName = optional
[leaf_ext]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
CNF
: > ca/index.txt
echo 1000 > ca/serial

# Root CA (RSA, to cover both key types) and an intermediate.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out root.key 2>/dev/null
openssl req -x509 -new -key root.key -subj "/O=mclint tests/CN=mclint Test Root CA" -days 3650 \
  -extensions ca_ext -config ext.cnf -out root.pem
key int; csr int "/O=mclint tests/CN=mclint Test Intermediate CA"
openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -set_serial 0x20 -days 3000 \
  -extfile ext.cnf -extensions ca_ext -out int.pem 2>/dev/null

leaf() { # leaf NAME SUBJECT DAYS: signed by the intermediate
  key "$1"; csr "$1" "$2"
  openssl x509 -req -in "$1.csr" -CA int.pem -CAkey int.key -set_serial "0x$RANDOM$RANDOM" \
    -days "$3" -extfile ext.cnf -extensions leaf_ext -out "$1.pem" 2>/dev/null
}
leaf signer "/O=Example Vendor/CN=Example Vendor Profile Signing" 365
leaf expiring "/O=Example Vendor/CN=Example Expiring Signer" 10
# Expired: dates in the past need openssl ca.
key expired; csr expired "/O=Example Vendor/CN=Example Expired Signer"
openssl ca -batch -config ca.cnf -cert int.pem -keyfile int.key -in expired.csr -out expired.pem \
  -startdate 20200101000000Z -enddate 20210101000000Z -extensions leaf_ext -notext 2>/dev/null
# Untrusted: self-signed, outside the test CA.
key rogue
openssl req -x509 -new -key rogue.key -subj "/CN=Rogue Signer" -days 365 -out rogue.pem

# The profiles: XML with known findings, and its binary form. They install
# the test root and an identity (password-protected PKCS#12).
openssl x509 -in root.pem -outform DER -out root.der
openssl pkcs12 -export -inkey signer.key -in signer.pem -passout pass:not-a-real-password \
  -out identity.p12
python3 - "$src/tests/signed/profile.xml" <<'PY'
import base64, plistlib, sys
text = open(sys.argv[1]).read()
text = text.replace('@ROOT_CERT@', base64.b64encode(open('root.der', 'rb').read()).decode())
text = text.replace('@IDENTITY@', base64.b64encode(open('identity.p12', 'rb').read()).decode())
open('profile.xml', 'w').write(text)
p = plistlib.loads(text.encode())
# One finding with a key path: the second payload loses its PayloadUUID.
del p['PayloadContent'][1]['PayloadUUID']
with open('profile.bplist', 'wb') as f:
    plistlib.dump(p, f, fmt=plistlib.FMT_BINARY)
PY

sign() { # sign OUT IN SIGNER [extra openssl cms options...]
  local o=$1 in=$2 s=$3; shift 3
  openssl cms -sign -nodetach -binary -md sha256 -in "$in" -signer "$s.pem" -inkey "$s.key" "$@" -out "$o"
}
sign signed-der.mobileconfig profile.xml signer -certfile int.pem -outform DER
sign signed-ber.mobileconfig profile.xml signer -certfile int.pem -outform DER -stream
sign signed-pem.mobileconfig profile.xml signer -certfile int.pem -outform PEM
sign signed-bplist.mobileconfig profile.bplist signer -certfile int.pem -outform DER
sign signed-expired.mobileconfig profile.xml expired -certfile int.pem -outform DER
sign signed-expiring.mobileconfig profile.xml expiring -certfile int.pem -outform DER
sign signed-rogue.mobileconfig profile.xml rogue -outform DER
sign signed-nocert.mobileconfig profile.xml signer -nocerts -outform DER
openssl cms -sign -binary -md sha256 -in profile.xml -signer signer.pem -inkey signer.key \
  -outform DER -out detached.mobileconfig
openssl cms -encrypt -binary -aes256 -in profile.xml -outform DER -out enveloped.der signer.pem

python3 - <<'PY'
import base64
der = open('signed-der.mobileconfig', 'rb').read()
# Tampered: one byte of the signed content changed (the signature is kept).
i = der.index(b'Example VPN')
open('tampered.mobileconfig', 'wb').write(der[:i] + b'Exbmple VPN' + der[i + 11:])
# Cut off: the last 200 bytes, or everything before the embedded XML.
open('truncated-tail.mobileconfig', 'wb').write(der[:-200])
open('truncated-head.mobileconfig', 'wb').write(der[der.index(b'<plist'):])
ber = open('signed-ber.mobileconfig', 'rb').read()
open('truncated-ber.mobileconfig', 'wb').write(ber[:len(ber) // 2])
# The damage of a text-mode transfer: every CR byte became LF.
open('crlf-damaged.mobileconfig', 'wb').write(der.replace(b'\r', b'\n'))
# A profile whose payloads are encrypted (enveloped data for the signer).
env = base64.b64encode(open('enveloped.der', 'rb').read()).decode()
open('encrypted.mobileconfig', 'w').write(f'''<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>EncryptedPayloadContent</key>
  <data>{env}</data>
  <key>PayloadDisplayName</key>
  <string>Encrypted Example</string>
  <key>PayloadIdentifier</key>
  <string>com.example.encrypted</string>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadUUID</key>
  <string>0D5C7C1B-2E4F-4A31-9B8D-6E2F1A3C5B70</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
''')
PY
# One certificate payload each (the catalog's examples of certificate-validity
# and root-certificate run these): the root, the intermediate, a current
# leaf, an expired leaf.
python3 - <<'PY'
import base64, ssl
def der(name):
    return ssl.PEM_cert_to_DER_cert(open(name + '.pem').read())
def profile(out, ptype, cert, n):
    data = base64.b64encode(cert).decode()
    open(out, 'w').write(f'''<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadContent</key>
      <data>{data}</data>
      <key>PayloadIdentifier</key>
      <string>com.example.cert.{n}</string>
      <key>PayloadType</key>
      <string>{ptype}</string>
      <key>PayloadUUID</key>
      <string>5E0A3C1B-7D2F-4B6A-9C8E-1F3A5B7D9E{n:02d}</string>
      <key>PayloadVersion</key>
      <integer>1</integer>
    </dict>
  </array>
  <key>PayloadDisplayName</key>
  <string>Certificate</string>
  <key>PayloadIdentifier</key>
  <string>com.example.cert</string>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadUUID</key>
  <string>0B9D7F5A-3C1E-4F2A-8B6D-4E2C0A8F6D{n:02d}</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
''')
profile('cert-root.mobileconfig', 'com.apple.security.root', der('root'), 1)
profile('cert-intermediate.mobileconfig', 'com.apple.security.pkcs1', der('int'), 2)
profile('cert-leaf.mobileconfig', 'com.apple.security.pkcs1', der('signer'), 3)
profile('cert-expired.mobileconfig', 'com.apple.security.pkcs1', der('expired'), 4)
PY
# A trust bundle with the root only: the intermediate comes from the file.
cp root.pem trust.pem
echo "signed fixtures in $out"
