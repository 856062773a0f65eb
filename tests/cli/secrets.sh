#!/usr/bin/env bash
# No output format ever prints a secret value. Canary values are planted in
# every position known to hold a secret: each secret key of Apple's
# payloads (plaintext-secret's list), vendor secrets, secrets in <data>,
# template placeholders in secret keys (quoted by template-marker for other
# keys), invalid base64 and wrong types in secret keys, secrets hidden by a
# later duplicate key or written with character references, and secrets on
# the lines where a malformed document breaks. Every format the binary
# knows is run with --show-source and searched for the canaries: the five
# formats below must all exist, and any format added later is found in the
# binary's own list of known formats and checked too.
set -u
: "${MCLINT:?path to the mclint binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "$tmp"
fail=0
required="text json sarif github junit"
known=$("$MCLINT" --format '?' /dev/null 2>&1 | sed -n 's/.*(known: \(.*\)).*/\1/p' | tr -d ',')
formats=$(printf '%s\n' $required $known | awk '!seen[$0]++')

# Canaries: "zqx" + a number; "zqx" never occurs in mclint's own text. Most
# are planted from subshells, so the list lives in a file.
: > "$tmp/canaries"
plant() { # prints a new canary and records it
  local v
  v=$(printf 'zqx%02dcanary' "$(($(wc -l < "$tmp/canaries") + 1))")
  echo "$v" >> "$tmp/canaries"
  printf '%s' "$v"
}
also() { echo "$1" >> "$tmp/canaries"; } # another form of a canary to look for
b64() { printf '%s' "$1" | base64 | tr -d '\n'; }
head_='<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>'
tail_='	</array>
	<key>PayloadIdentifier</key>
	<string>com.example.secrets</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>5C0E7B1A-2D3F-4A5B-8C6D-7E8F9A0B1C2D</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>'
uuid=0
payload() { # payload TYPE BODY
  uuid=$((uuid + 1))
  printf '\t\t<dict>\n%s\n\t\t\t<key>PayloadIdentifier</key>\n\t\t\t<string>com.example.p%d</string>\n' "$2" "$uuid"
  printf '\t\t\t<key>PayloadType</key>\n\t\t\t<string>%s</string>\n' "$1"
  printf '\t\t\t<key>PayloadUUID</key>\n\t\t\t<string>00000000-1111-4222-8333-%012d</string>\n' "$uuid"
  printf '\t\t\t<key>PayloadVersion</key>\n\t\t\t<integer>1</integer>\n\t\t</dict>\n'
}
kv() { printf '\t\t\t<key>%s</key>\n\t\t\t<string>%s</string>\n' "$1" "$2"; }
kd() { printf '\t\t\t<key>%s</key>\n\t\t\t<data>%s</data>\n' "$1" "$(b64 "$2")"; }

{
  echo "$head_"
  # Every secret key of Apple's payloads, each as a string.
  for k in Password AuthPassword SharedSecret sharedSecret XAuthPassword HTTPProxyPassword \
           ProxyPassword UserPassword CertificatePassword IncomingPassword OutgoingPassword \
           CalDAVPassword CardDAVPassword SubCalAccountPassword LDAPAccountPassword \
           JabberPassword AIMPassword AutologinPassword RemovalPassword Challenge \
           RegistrationToken PIRAuthenticationToken password; do
    payload com.apple.example.secrets "$(kv "$k" "$(plant)")"
  done
  # Secrets as <data>: the raw value and its base64 text are both canaries.
  for k in SharedSecret PPK; do
    v=$(plant); also "$(b64 "$v")"
    payload com.apple.vpn.managed "$(printf '\t\t\t<key>VPNType</key>\n\t\t\t<string>IKEv2</string>\n\t\t\t<key>IKEv2</key>\n\t\t\t<dict>\n\t%s\n\t\t\t</dict>' "$(kd "$k" "$v")")"
  done
  # Template placeholders in secret keys, which template-marker reports.
  payload com.apple.wifi.managed "$(kv Password "{{$(plant)}}")"
  payload com.apple.wifi.managed "$(kv Password "*$(plant)*")"
  payload com.apple.wifi.managed "$(kv ProxyPassword "\${$(plant)}")"
  # Vendor settings: custom payloads, MCX preferences, VendorConfig.
  payload com.example.app "$(kv ClientSecret "$(plant)")$(kv DatabasePassword "$(plant)")$(kv ApiKey "$(plant)")"
  payload com.apple.vpn.managed "$(printf '\t\t\t<key>VPNType</key>\n\t\t\t<string>VPN</string>\n\t\t\t<key>VendorConfig</key>\n\t\t\t<dict>\n%s\t\t\t</dict>' "$(kv Passphrase "$(plant)")")"
  # Secrets inside configuration text: a WireGuard config, INI lines, a URL.
  payload com.apple.vpn.managed "$(printf '\t\t\t<key>VPNType</key>\n\t\t\t<string>VPN</string>\n\t\t\t<key>VendorConfig</key>\n\t\t\t<dict>\n%s\t\t\t</dict>' "$(kv WgQuickConfig "[Interface]
PrivateKey = $(plant)
Address = 10.0.0.2/32
[Peer]
PresharedKey = $(plant)")")"
  payload com.example.app "$(kv Settings "server=example.com
password=$(plant)")$(kv Feed "https://user:$(plant)@example.com/feed")"
  # Invalid base64 and wrong types in secret keys.
  v=$(plant); also "$(b64 "$v")"
  payload com.apple.vpn.managed "$(printf '\t\t\t<key>IPSec</key>\n\t\t\t<dict>\n\t\t\t<key>SharedSecret</key>\n\t\t\t<data>#%s#</data>\n\t\t\t<key>XAuthPassword</key>\n\t\t\t<data>%s</data>\n\t\t\t</dict>' "$(plant)" "$(b64 "$v")")"
  payload com.apple.wifi.managed "$(printf '\t\t\t<key>Password</key>\n\t\t\t<integer>%s</integer>\n' "$(plant)")"
  payload com.apple.wifi.managed "$(printf '\t\t\t<key>Password</key>\n\t\t\t<bool>%s</bool>\n' "$(plant)")"
  payload com.apple.wifi.managed "$(printf '\t\t\t<key>Password</key>\n\t\t\t<string>%s</string><string>%s</string>\n' "$(plant)" "$(plant)")"
  # Hidden by a later duplicate, and a key written with a character reference.
  payload com.apple.wifi.managed "$(kv Password "$(plant)")$(kv Password "$(plant)")"
  payload com.apple.wifi.managed "$(kv 'Pass&#119;ord' "$(plant)")"
  echo "$tail_"
} > "$tmp/profile.mobileconfig"

# Malformed documents: the reader stops on the line of the secret.
{
  echo "$head_"
  printf '\t\t<dict>\n\t\t\t<key>Password</key>\n\t\t\t<string>%s & %s</string>\n' "$(plant)" "$(plant)"
} > "$tmp/broken-amp.mobileconfig"
{
  echo "$head_"
  printf '\t\t<dict>\n\t\t\t<key>SharedSecret</key>\n\t\t\t<string>ab<%s>cd</string>\n' "$(plant)"
} > "$tmp/broken-tag.mobileconfig"
{
  echo "$head_"
  printf '\t\t<dict>\n\t\t\t<key>Password</key>\n\t\t\t<string>%s</strin>\n' "$(plant)"
} > "$tmp/broken-close.mobileconfig"

ran=0
for fmt in $formats; do
  "$MCLINT" --format "$fmt" --show-source --color never "$tmp"/*.mobileconfig > "$tmp/out.$fmt" 2> "$tmp/err.$fmt"
  status=$?
  if [ "$status" = 2 ] && grep -q "format" "$tmp/err.$fmt"; then
    echo "FAIL $fmt: this build does not know the format"
    fail=1
    continue
  fi
  ran=$((ran + 1))
  leaked=0
  while IFS= read -r v; do
    if grep -qiF -- "$v" "$tmp/out.$fmt" "$tmp/err.$fmt"; then
      echo "FAIL $fmt prints the secret value $v:"; grep -iF -- "$v" "$tmp/out.$fmt" "$tmp/err.$fmt" | head -3
      leaked=1
    fi
  done < "$tmp/canaries"
  if grep -qi "zqx" "$tmp/out.$fmt" "$tmp/err.$fmt"; then
    echo "FAIL $fmt prints part of a canary:"; grep -i "zqx" "$tmp/out.$fmt" "$tmp/err.$fmt" | head -3
    leaked=1
  fi
  [ "$leaked" = 0 ] && echo "ok   $fmt prints none of $(wc -l < "$tmp/canaries") secret values" || fail=1
done
[ "$ran" -gt 0 ] || { echo "FAIL no output format ran"; fail=1; }
grep -q . "$tmp/out.text" 2>/dev/null || { echo "FAIL the text format did not run"; fail=1; }

# The test is only worth something if the secrets were seen and shown.
need() { # need WHAT COUNT PATTERN
  local got
  got=$(grep -c -- "$3" "$tmp/out.text")
  if [ "$got" -lt "$2" ]; then echo "FAIL expected at least $2 $1 in the text output, got $got"; fail=1; fi
}
need "plaintext-secret findings" 30 "\[plaintext-secret\]"
need "secrets found in configuration text" 3 "secret in plain text (\(PrivateKey\|password\|a URL's password\))"
need "template-marker findings" 3 "\[template-marker\]"
need "invalid-base64 findings" 1 "\[invalid-base64\]"
need "malformed-xml findings" 3 "\[malformed-xml\]"
need "masked source lines" 30 "| .*\*\*\*\*\*\*"
exit $fail
