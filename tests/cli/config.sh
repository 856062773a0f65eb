#!/usr/bin/env bash
# Configuration files: discovery, precedence over and under the command
# line, errors, exclusion; rule selection by name and code.
set -u
. "$(dirname "$0")/lib.sh"

marker=$src/testdata/envelope/template-marker-bad.mobileconfig   # one template-marker warning
dup=$src/testdata/parse/duplicate-key-bad.mobileconfig           # one duplicate-key error
clean=$src/testdata/envelope/all-good.mobileconfig
uuid=$src/testdata/envelope/uuid-format-bad.mobileconfig

# repo/.git marks the repository root; a configuration above it is ignored.
r=$tmp/repo
mkdir -p "$r/.git" "$r/a/b" "$r/sub/deep" "$r/drafts" "$r/vendor"
printf 'strict = true\n' > "$tmp/.mclint.toml"
cp "$marker" "$r/top.mobileconfig"
cp "$marker" "$r/a/b/nested.mobileconfig"
cp "$marker" "$r/sub/deep/inner.mobileconfig"
cp "$dup" "$r/drafts/wip.mobileconfig"
cp "$dup" "$r/vendor/theirs.mobileconfig"
cat > "$r/.mclint.toml" <<'TOML'
# repository-wide
exclude = ["drafts"]
[severity]
template-marker = "error"
TOML
cat > "$r/sub/.mclint.toml" <<'TOML'
disable = ["MC211"]
TOML

cd "$r" || exit 1
check "nearest configuration per file" 1 "$MCLINT" .
contains "root config re-rates" "$tmp/out" "./top.mobileconfig:11:4: error:"
contains "found from a subdirectory" "$tmp/out" "./a/b/nested.mobileconfig:11:4: error:"
# (inner.mobileconfig is named in other files' findings across files)
grep -q "^./sub/deep/inner.mobileconfig:.*\[template-marker\]" "$tmp/out" &&
  { echo "FAIL sub/.mclint.toml disables it there"; fail=1; }
lacks "exclude pattern of the root config" "$tmp/out" "drafts"
contains "others linted" "$tmp/out" "theirs.mobileconfig"
contains "excluded file not counted" "$tmp/out" "4 files checked"
# Each directory's answer is remembered on the way up: a later file whose
# walk meets a remembered directory gets that directory's configuration.
check "remembered walks" 1 "$MCLINT" sub/deep/inner.mobileconfig a/b/nested.mobileconfig top.mobileconfig
contains "nested: root config" "$tmp/out" "a/b/nested.mobileconfig:11:4: error:"
contains "top: root config, met on nested's walk" "$tmp/out" "top.mobileconfig:11:4: error:"
grep -q "^sub/deep/inner.mobileconfig:.*\[template-marker\]" "$tmp/out" &&
  { echo "FAIL sub/.mclint.toml still applies to inner"; fail=1; }
check "configurations are not merged: sub/ does not exclude drafts" 0 "$MCLINT" --show-config sub
lacks "no exclude inherited" "$tmp/out" "drafts"
contains "sub's own file" "$tmp/out" "# sub: $r/sub/.mclint.toml"

check "the search stops at the git root" 0 "$MCLINT" --show-config vendor
contains "repo config, not the one above" "$tmp/out" "# vendor: $r/.mclint.toml"
contains "strict from above .git not applied" "$tmp/out" "strict = false"
rm -rf "$r/.git"
check "without .git the search goes on up" 0 "$MCLINT" --show-config "$tmp"
contains "outer config found" "$tmp/out" "strict = true"
mkdir "$r/.git"

check "excluded even when named (pre-commit passes files)" 0 "$MCLINT" drafts/wip.mobileconfig
contains "nothing linted" "$tmp/out" "0 files checked"
check "stdin uses the current directory's configuration" 1 sh -c "\"$MCLINT\" - < top.mobileconfig"
contains "re-rated on stdin" "$tmp/out" "<stdin>:11:4: error:"

# Precedence: the command line wins; its lists replace the file's.
check "--severity overrides the file" 0 "$MCLINT" --severity template-marker=info top.mobileconfig
contains "info now" "$tmp/out" "info: PayloadIdentifier"
check "--exclude replaces the file's exclude list" 1 "$MCLINT" --exclude vendor .
contains "drafts linted again" "$tmp/out" "drafts/wip.mobileconfig"
lacks "vendor excluded" "$tmp/out" "vendor"
printf 'platform = ["ios", "macos"]\nmin-os = "15"\nsupervision = "supervised"\n' > "$r/a/.mclint.toml"
check "--platform replaces the file's platforms" 0 "$MCLINT" --show-config --platform tvos --platform watchos a
contains "only the command line's" "$tmp/out" 'platform = ["tvos", "watchos"]'
contains "file's min-os kept" "$tmp/out" 'min-os = "15.0"'
check "scalars: the command line wins" 0 "$MCLINT" --show-config --unsupervised --min-os 17.1 a
contains "supervision from the command line" "$tmp/out" 'supervision = "unsupervised"'
contains "min-os from the command line" "$tmp/out" 'min-os = "17.1"'
contains "platforms from the file" "$tmp/out" 'platform = ["ios", "macos"]'
rm "$r/a/.mclint.toml"
check "--select by code keeps the file's severity" 1 "$MCLINT" --select MC211 top.mobileconfig
contains "still an error" "$tmp/out" "error: PayloadIdentifier"
check "--ignore by name" 0 "$MCLINT" --ignore template-marker top.mobileconfig
contains "nothing reported" "$tmp/out" "0 errors, 0 warnings"
check "--ignore by code" 0 "$MCLINT" --ignore mc211 top.mobileconfig
check "--select narrows" 0 "$MCLINT" --select uuid-format top.mobileconfig

# --config FILE and --no-config.
mkdir -p "$tmp/elsewhere/schemas"
cat > "$tmp/elsewhere/schemas/com.example.custom.xml" <<'XML'
<payload xmlns="urn:mclint:schema:1" type="com.example.custom" title="Custom" source="custom.yaml">
  <include payload="CommonPayloadKeys"/>
</payload>
XML
printf 'schema-dir = "schemas"\n[severity]\ntemplate-marker = "off"\n' > "$tmp/elsewhere/ci.toml"
check "--config FILE for every file" 1 "$MCLINT" --config "$tmp/elsewhere/ci.toml" .
lacks "its severity applies everywhere" "$tmp/out" "template-marker"
contains "the repository's exclude does not apply" "$tmp/out" "drafts/wip.mobileconfig"
check "paths in --config FILE resolve against its directory" 0 "$MCLINT" --show-config --config "$tmp/elsewhere/ci.toml" top.mobileconfig
contains "schema dir absolute" "$tmp/out" "schema-dir = [\"$tmp/elsewhere/schemas\"]"
check "--no-config uses the defaults" 1 "$MCLINT" --no-config .
contains "template-marker a warning again" "$tmp/out" "warning: PayloadIdentifier"
contains "drafts linted" "$tmp/out" "drafts/wip.mobileconfig"
check "--config and --no-config together" 2 "$MCLINT" --config x --no-config .
check "--config with a missing file" 2 "$MCLINT" --config "$tmp/none.toml" top.mobileconfig
contains "missing config named" "$tmp/err" "none.toml"
mkdir -p "$tmp/empty"
check "--config with a missing file, even with no profile to lint" 2 "$MCLINT" --config "$tmp/none.toml" "$tmp/empty"
check "a directory as --config" 2 "$MCLINT" --config "$tmp/empty" top.mobileconfig

# Strict from a configuration file decides the exit status of its files.
printf 'strict = true\n' > "$r/sub/.mclint.toml"
check "strict in the file fails on warnings" 1 "$MCLINT" sub
check "--no-config: not strict" 0 "$MCLINT" --no-config sub

# A bad configuration stops the run before anything is written.
printf 'platform = ["ios"]\n\n[severity]\ntemplate-markr = "off"\n' > "$r/sub/.mclint.toml"
check "unknown rule in a configuration exits 2" 2 "$MCLINT" .
contains "file and line" "$tmp/err" "$r/sub/.mclint.toml:4: "
contains "what was wrong" "$tmp/err" "unknown rule, code or category 'template-markr'"
empty "no partial output" "$tmp/out"
printf 'platform = "ios"\nstrickt = true\n' > "$r/sub/.mclint.toml"
check "unknown setting exits 2" 2 "$MCLINT" top.mobileconfig sub
contains "line of the unknown setting" "$tmp/err" ".mclint.toml:2: unknown setting 'strickt'"
contains "suggestion" "$tmp/err" "did you mean 'strict'?"
empty "nothing written for the good file either" "$tmp/out"
printf '[policy]\nidentifier-pattern = "com.(example"\n' > "$r/sub/.mclint.toml"
check "bad regular expression exits 2" 2 "$MCLINT" sub
contains "regex error explained" "$tmp/err" ":2: policy.identifier-pattern: invalid regular expression"
printf 'exclude = ["a",\n' > "$r/sub/.mclint.toml"
check "syntax error exits 2" 2 "$MCLINT" sub
contains "unterminated array" "$tmp/err" "unterminated array"
rm "$r/sub/.mclint.toml"

# Policy settings from a configuration file drive the MC8xx rules.
cat > "$r/sub/.mclint.toml" <<'TOML'
[policy]
identifier-pattern = 'com\.acme\..+'
require-organization = true
TOML
check "policy rules from the configuration" 1 "$MCLINT" --select policy sub
contains "identifier-pattern fires" "$tmp/out" "[identifier-pattern]"
contains "payload-organization fires" "$tmp/out" "[payload-organization]"
check "policy rules inert without settings" 0 "$MCLINT" --no-config --select policy sub

# --skip-non-profiles (the pre-commit hook passes every *.plist).
printf '<plist><dict><key>CFBundleName</key><string>x</string></dict></plist>' > "$tmp/Info.plist"
cp "$clean" "$tmp/profile.plist"
check "named non-profile .plist is linted by default" 1 "$MCLINT" --no-config "$tmp/Info.plist"
check "--skip-non-profiles skips it" 0 "$MCLINT" --no-config --skip-non-profiles "$tmp/Info.plist" "$tmp/profile.plist"
contains "only the profile" "$tmp/out" "1 file checked"

# The hook definition matches profiles by name, not by type.
hooks=$src/.pre-commit-hooks.yaml
contains "hook id" "$hooks" "id: mclint"
grep -qE '^[[:space:]]+(types|types_or):' "$hooks" && { echo "FAIL the hook filters by type"; fail=1; }
regex=$(sed -n "s/^ *files: *'\(.*\)'$/\1/p" "$hooks" | sed 's/^(?i)//')
for f in a.mobileconfig dir/b.mobileconfig c.plist SIGNED.MOBILECONFIG; do
  printf '%s\n' "$f" | grep -qiE "$regex" || { echo "FAIL hook regex '$regex' misses $f"; fail=1; }
done
for f in a.txt mobileconfig.yaml; do
  printf '%s\n' "$f" | grep -qiE "$regex" && { echo "FAIL hook regex matches $f"; fail=1; }
done
exit $fail
