#!/usr/bin/env bash
# cpack -G DEB builds the two packages, with their metadata, and the
# command in the package runs.
set -u
: "${MCLINT_BUILD_DIR:?}"
command -v dpkg-deb > /dev/null || { echo "no dpkg-deb: skipping"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cpack_cmd=${CPACK_COMMAND:-cpack}
(cd "$MCLINT_BUILD_DIR" && "$cpack_cmd" -G DEB -B "$tmp" > "$tmp/log" 2>&1) || { cat "$tmp/log"; echo "FAIL cpack"; exit 1; }
fail=0
for pkg in mclint libmclint-dev; do
  deb=$(ls "$tmp"/${pkg}_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { echo "FAIL no $pkg package"; fail=1; continue; }
  dpkg-deb -f "$deb" Package Version Maintainer Depends Description > "$tmp/$pkg.fields"
  grep -q "^Package: $pkg$" "$tmp/$pkg.fields" && grep -q "^Depends: " "$tmp/$pkg.fields" \
    && echo "ok   $(basename "$deb"): $(grep ^Depends "$tmp/$pkg.fields")" \
    || { echo "FAIL $pkg metadata"; cat "$tmp/$pkg.fields"; fail=1; }
done
dpkg-deb -x "$tmp"/mclint_*.deb "$tmp/root"
for f in usr/bin/mclint usr/share/man/man1/mclint.1; do
  [ -e "$tmp/root/$f" ] || { echo "FAIL $f not in the package"; fail=1; }
done
"$tmp/root/usr/bin/mclint" --version > /dev/null && echo "ok   the packaged command runs" \
  || { echo "FAIL the packaged command"; fail=1; }
grep -q "libxml2" "$tmp/mclint.fields" || { echo "FAIL mclint does not depend on libxml2"; fail=1; }
grep -q "libxml2-dev" "$tmp/libmclint-dev.fields" || { echo "FAIL libmclint-dev lacks -dev dependencies"; fail=1; }
exit $fail
