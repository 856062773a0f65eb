#!/usr/bin/env bash
# Every finding on the real corpus (../shared/corpus/real), for three
# targets, against the committed snapshots in tests/corpus/<target>.txt, so
# that every change to a rule shows its effect on real profiles in review
# (as ruff checks its ecosystem). The corpus is referenced, never copied;
# the test skips (77) when ../shared is absent.
#   tests/corpus/snapshot.sh            compare; print the diff, exit 1 on change
#   tests/corpus/snapshot.sh --update   rewrite the snapshots (then review the diff)
# with MCLINT=build/mclint. Paths are relative to the corpus; files are given
# in byte order, so the output is stable (and the same for any -j).
# Each top-level folder of the corpus is one source repository and is linted
# as one run, so the checks across files compare the profiles of one
# repository with each other, as a user's run would, never two unrelated
# repositories. Secrets are never printed by mclint. The findings about certificate
# lifetimes depend on today's date: the first certificate of the corpus to
# come within --cert-expiry-days of its end does so in March 2028.
set -u
: "${MCLINT:?path to the mclint binary}"
case $MCLINT in /*) ;; *) MCLINT=$PWD/$MCLINT ;; esac # the runs cd into the corpus
[ -x "$MCLINT" ] || { echo "no mclint at $MCLINT"; exit 1; }
src=${MCLINT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${MCLINT_SHARED_DIR:-$src/../shared}
corpus="$shared/corpus/real"
dir="$src/tests/corpus"
if [ ! -d "$corpus" ]; then
  echo "no corpus in $corpus: skipped"
  exit 77
fi
targets=(
  "default|"
  "ios17-unsupervised|--platform ios --min-os 17 --unsupervised"
  "macos14|--platform macos --min-os 14"
)
out=$(mktemp) && trap 'rm -f "$out"' EXIT
mapfile -d '' repos < <(cd "$corpus" && find . -mindepth 1 -maxdepth 1 -print0 |
                        sed -z 's|^\./||' | LC_ALL=C sort -z)
status=0
for t in "${targets[@]}"; do
  name=${t%%|*}
  read -r -a args <<< "${t#*|}"
  : > "$out"
  for repo in "${repos[@]}"; do
    [ "$repo" = SOURCES.tsv ] && continue
    mapfile -d '' files < <(cd "$corpus" && find "$repo" -type f -print0 | LC_ALL=C sort -z)
    [ ${#files[@]} -gt 0 ] || continue
    (cd "$corpus" && "$MCLINT" --no-config --no-source --color never --quiet \
       ${args[@]+"${args[@]}"} -- "${files[@]}") >> "$out" 2>&1
    rc=$?
    if [ $rc -gt 2 ]; then # 1: findings, 2: some file unreadable (the corpus has such files)
      cat "$out"
      echo "mclint failed (exit status $rc) on $repo for target $name"; exit 1
    fi
  done
  if [ "${1:-}" = "--update" ]; then
    cp "$out" "$dir/$name.txt"
  elif ! diff -u "$dir/$name.txt" "$out"; then
    echo "FAIL: the corpus findings for target '$name' changed: review the diff above, then"
    echo "      MCLINT=build/mclint tests/corpus/snapshot.sh --update"
    status=1
  fi
done
if [ "${1:-}" = "--update" ]; then
  echo "rewrote tests/corpus/*.txt: review the diff (git diff tests/corpus)"
elif [ $status = 0 ]; then
  echo "corpus findings unchanged for ${#targets[@]} targets"
fi
exit $status
