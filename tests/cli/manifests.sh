#!/usr/bin/env bash
# --manifests and manifests = [...]: directories, configuration paths,
# precedence over Apple's schema and --schema-dir, -j, and the audit.
set -u
. "$(dirname "$0")/lib.sh"

m=$src/testdata/manifests
pfm=$src/tests/manifests/pfm
bad=$m/several-bad.mobileconfig
good=$m/all-good.mobileconfig

check "no such directory" 2 "$MCLINT" --manifests "$tmp/none" "$good"
contains "no such directory" "$tmp/err" "manifests directory '$tmp/none'"
mkdir -p "$tmp/empty"
check "directory without manifests" 2 "$MCLINT" --manifests "$tmp/empty" "$good"
contains "directory without manifests" "$tmp/err" "no manifest (*.plist) there"

check "without manifests: unknown type only" 0 "$MCLINT" --no-source "$bad"
lacks "without manifests" "$tmp/out" "per the com.example.app manifest"
check "with manifests" 1 "$MCLINT" --no-source --manifests "$pfm" "$bad"
contains "with manifests" "$tmp/out" "'CacheSize' is 5000, above the maximum 1000 (per the com.example.app manifest)"
contains "file name differs from pfm_domain" "$tmp/out" "unknown key 'Colour' in the com.example.renamed preferences (per the com.example.renamed manifest)"
contains "a bad manifest names its file" "$tmp/out" "com.example.broken.plist:15: pfm_type of 'Enabled'"
check "a parent folder works too" 1 "$MCLINT" --no-source --manifests "$src/tests/manifests" "$bad"

# Relative to the configuration file that names them.
r=$tmp/repo
mkdir -p "$r/.git" "$r/profiles" "$r/vendor"
cp -r "$pfm" "$r/vendor/pfm"
cp "$bad" "$r/profiles/p.mobileconfig"
printf 'manifests = ["vendor/pfm"]\n' > "$r/.mclint.toml"
check "manifests in .mclint.toml" 1 "$MCLINT" --no-source "$r/profiles/p.mobileconfig"
contains "manifests in .mclint.toml" "$tmp/out" "(per the com.example.app manifest)"
check "show-config" 0 "$MCLINT" --show-config "$r/profiles/p.mobileconfig"
contains "show-config" "$tmp/out" "manifests = [\"$r/vendor/pfm\"]"

# --schema-dir wins over a manifest of the same type.
mkdir -p "$tmp/schemas"
cat > "$tmp/schemas/com.example.app.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<payload xmlns="urn:mclint:schema:1" type="com.example.app" title="Example" source="test">
  <platform name="macOS" introduced="10.15"/>
  <include payload="CommonPayloadKeys"/>
  <any type="any"/>
</payload>
XML
check "schema-dir wins" 0 "$MCLINT" --no-source --schema-dir "$tmp/schemas" --manifests "$pfm" \
  --select MC303,MC306,MC307 "$bad"
lacks "schema-dir wins" "$tmp/out" "per the com.example.app manifest) [out-of-range]"

# Apple's payload types never get a manifest's findings.
mkdir -p "$tmp/apple"
sed 's/com.example.app/com.apple.dock/' "$pfm/com.example.app.plist" > "$tmp/apple/com.apple.dock.plist"
check "Apple's schema wins" 0 "$MCLINT" --no-source --manifests "$tmp/apple" \
  "$src/testdata/envelope/all-good.mobileconfig"
lacks "Apple's schema wins" "$tmp/out" "manifest"

# The same findings with any number of threads (manifests read once, lazily).
for i in 1 2 3 4 5 6; do cp "$bad" "$tmp/copy$i.mobileconfig"; done
"$MCLINT" --no-source -j 1 --manifests "$pfm" "$tmp"/copy*.mobileconfig > "$tmp/j1" 2>&1
"$MCLINT" --no-source -j 4 --manifests "$pfm" "$tmp"/copy*.mobileconfig > "$tmp/j4" 2>&1
if ! cmp -s "$tmp/j1" "$tmp/j4"; then echo "FAIL -j 4 differs from -j 1"; fail=1; else echo "ok   -j"; fi

check "audit names the manifests" 1 "$MCLINT" --audit --manifests "$pfm" "$bad"
contains "audit names the manifests" "$tmp/out" "com.example.app.plist"

exit $fail
