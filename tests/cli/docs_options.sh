#!/usr/bin/env bash
# Every long option of --help is in the manual page and in README's option
# table; the complete example of docs/configuration.md loads.
set -u
: "${MCLINT:?}"
src=${MCLINT_SOURCE_DIR:?}
fail=0
options=$("$MCLINT" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u)
[ "$(echo "$options" | wc -l)" -gt 20 ] || { echo "FAIL too few options in --help"; exit 1; }
for opt in $options; do
  troff=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
  grep -q -- "$troff" "$src/docs/mclint.1" || { echo "FAIL $opt missing from docs/mclint.1"; fail=1; }
  grep -qF -- "\`$opt" "$src/README.md" || { echo "FAIL $opt missing from README.md"; fail=1; }
done
[ $fail = 0 ] && echo "ok   $(echo "$options" | wc -l) options documented in docs/mclint.1 and README.md"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/schemas"
sed -n '/^## A complete example/,$p' "$src/docs/configuration.md" | sed -n '/^```toml/,/^```/p' \
  | sed '1d;$d' > "$tmp/.mclint.toml"
[ -s "$tmp/.mclint.toml" ] || { echo "FAIL no example in docs/configuration.md"; exit 1; }
if "$MCLINT" --show-config "$tmp" > "$tmp/out" 2>&1 && grep -q 'organization = "Example Inc."' "$tmp/out"; then
  echo "ok   the complete example of docs/configuration.md loads"
else
  echo "FAIL the example of docs/configuration.md does not load:"; cat "$tmp/out"; fail=1
fi
exit $fail
