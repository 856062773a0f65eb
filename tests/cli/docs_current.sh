#!/usr/bin/env bash
# docs/rules.md is generated from the rule catalog; fail when it is stale.
set -u
: "${MCLINT:?}"
src=${MCLINT_SOURCE_DIR:?}
if ! diff -u "$src/docs/rules.md" <("$MCLINT" --rules-markdown); then
  echo "docs/rules.md is out of date: run  mclint --rules-markdown > docs/rules.md"
  exit 1
fi
