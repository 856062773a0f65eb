#!/usr/bin/env bash
# Installs the validators of tests/formats/validators/package.json (ajv,
# and @microsoft/jest-sarif for the SARIF 2.1.0 schema it ships) into DIR,
# a directory of the build tree, with npm ci: exact versions from the
# committed lock file, no install scripts. Nothing lands in the source tree.
# A second run with the same lock file reuses DIR, so tests re-run offline.
# Fails (never skips) without node or npm or the registry: the SARIF and
# JSON validation would otherwise pass without checking anything.
#   install-validators.sh DIR
set -u
dir=${1:?usage: install-validators.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
for tool in node npm; do
  if ! command -v "$tool" > /dev/null; then
    echo "FAIL: '$tool' not found. Validating the json and sarif formats needs Node.js and npm"
    echo "      (Debian: apt-get install nodejs npm; ./run test installs them)."
    exit 1
  fi
done
mkdir -p "$dir" || exit 1
stamp="$dir/.installed-lock"
if [ -d "$dir/node_modules" ] && cmp -s "$here/validators/package-lock.json" "$stamp"; then
  echo "validators already installed in $dir"
  exit 0
fi
cp "$here/validators/package.json" "$here/validators/package-lock.json" "$dir/" || exit 1
if ! (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error); then
  echo "FAIL: could not install the format validators from the npm registry into $dir"
  echo "      (offline? once installed they are reused, also offline)."
  exit 1
fi
cp "$here/validators/package-lock.json" "$stamp"
echo "validators installed in $dir"
