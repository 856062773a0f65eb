#!/usr/bin/env bash
# Check that schemas/generated is exactly what the generator makes from
# Apple's schema, that every file fits schemas/schema.rng, and that Apple's
# example profiles validate against it (tools/check_examples.py).
#
# Usage: tests/schema/check_generated.sh
#   MCLINT_APPLE_DIR  Apple device-management checkout
#                     (default: <repo>/../shared/apple-device-management)
#   PYTHON            Python 3 with PyYAML (default: python3)
# Exit: 0 all passed, 1 a check failed, 77 skipped (Apple dir absent;
# CTest's SKIP_RETURN_CODE).
set -u

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
apple=${MCLINT_APPLE_DIR:-$repo/../shared/apple-device-management}
python=${PYTHON:-python3}

if [ ! -d "$apple/mdm/profiles" ]; then
    echo "SKIP: no Apple schema at $apple (set MCLINT_APPLE_DIR)"
    exit 77
fi
for tool in "$python" xmllint diff; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "FAIL: $tool not found (xmllint: apt-get install libxml2-utils)"
        exit 1
    fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
result() {  # name status
    if [ "$2" -eq 0 ]; then
        echo "PASS: $1"; passed=$((passed + 1))
    else
        echo "FAIL: $1"; failed=$((failed + 1))
    fi
}

# 1. Regenerate and compare byte for byte.
"$python" "$repo/tools/gen_schema.py" --apple "$apple" --out "$tmp/generated" \
    --overrides "$repo/schemas/overrides/overrides.yaml"
gen=$?
if [ $gen -eq 0 ]; then
    diff -r "$repo/schemas/generated" "$tmp/generated"
    gen=$?
    [ $gen -eq 0 ] || echo "schemas/generated is stale: rerun tools/gen_schema.py (see schemas/README.md)"
fi
result "generated schemas are up to date" $gen

# 2. Every generated file (including .GlobalPreferences.xml, which a plain
#    glob would skip) fits the grammar.
mapfile -t files < <(find "$repo/schemas/generated" -maxdepth 1 -name '*.xml' | LC_ALL=C sort)
rng=1
if [ ${#files[@]} -gt 0 ]; then
    xmllint --noout --relaxng "$repo/schemas/schema.rng" "${files[@]}" \
        2>"$tmp/xmllint.log"
    rng=$?
    grep -v ' validates$' "$tmp/xmllint.log"
fi
result "${#files[@]} generated files validate against schemas/schema.rng" $rng

# 3. Apple's example profiles validate against the schemas.
"$python" "$repo/tools/check_examples.py" --apple "$apple" \
    --schemas "$repo/schemas/generated" \
    --known "$repo/tests/schema/known_example_defects.txt" >"$tmp/examples.log"
ex=$?
grep -v '^KNOWN ' "$tmp/examples.log"
result "Apple example profiles validate" $ex

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
