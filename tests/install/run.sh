#!/usr/bin/env bash
# cmake --install into a temporary prefix; then the installed command lints
# a profile, its manual page formats without warnings, and a small program
# compiles and links against the installed library through pkg-config.
set -u
: "${MCLINT_BUILD_DIR:?}" "${MCLINT_SOURCE_DIR:?}"
cmake_cmd=${CMAKE_COMMAND:-cmake}
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
prefix=$tmp/prefix

"$cmake_cmd" --install "$MCLINT_BUILD_DIR" --prefix "$prefix" > "$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; echo "FAIL cmake --install"; exit 1; }
ok "cmake --install --prefix"
mclint=$prefix/bin/mclint
[ -x "$mclint" ] && ok "command installed" || bad "no $mclint"

profile=$MCLINT_SOURCE_DIR/testdata/parse/duplicate-key-bad.mobileconfig
(cd "$tmp" && "$mclint" --no-config "$profile") > "$tmp/out" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "duplicate-key" "$tmp/out" && ok "installed command lints (exit 1, duplicate-key)" \
  || { bad "installed command: exit $rc"; cat "$tmp/out"; }
"$mclint" --no-config "$MCLINT_SOURCE_DIR/testdata/envelope/all-good.mobileconfig" > /dev/null \
  && ok "installed command: clean profile exits 0" || bad "clean profile"

man=$(find "$prefix" -name mclint.1 -path '*man1*')
[ -n "$man" ] && ok "man page installed at ${man#$prefix/}" || bad "no man page"
if [ -n "$man" ] && command -v groff > /dev/null; then
  warnings=$(groff -man -ww -z "$man" 2>&1)
  [ -z "$warnings" ] && ok "man page formats without warnings" || { bad "groff warnings"; echo "$warnings"; }
fi
[ -f "$prefix/include/mclint.h" ] && ok "header installed" || bad "no header"

pc=$(find "$prefix" -name mclint.pc)
[ -n "$pc" ] || { bad "no mclint.pc"; exit 1; }
ok "mclint.pc installed at ${pc#$prefix/}"
export PKG_CONFIG_PATH=$(dirname "$pc")
version=$(pkg-config --modversion mclint)
[ "$version" = "$("$mclint" --version | cut -d' ' -f2)" ] && ok "pkg-config version $version" \
  || bad "pkg-config version '$version'"
cat > "$tmp/prog.c" <<'C'
#include <mclint.h>
#include <stdio.h>
#include <string.h>

/* Lints a profile held in memory and prints what the library found. */
int main(void) {
  static const char text[] = "<plist><dict><key>A</key><true/><key>A</key><false/></dict></plist>";
  mcl_options *o = mcl_options_new();
  char *err = NULL;
  if (mcl_options_set(o, "select", "duplicate-key", &err) != 0) return 2;
  mcl_linter *l = mcl_linter_new(o, &err);
  mcl_result *r = mcl_lint_memory(l, "mem.mobileconfig", text, strlen(text));
  printf("mclint %s: %zu finding(s)", mcl_version(), mcl_result_diag_count(r));
  for (size_t i = 0; i < mcl_result_diag_count(r); i++)
    printf(" %s@%u:%u", mcl_rule_name(mcl_result_diag(r, i)->rule), mcl_result_diag(r, i)->line,
           mcl_result_diag(r, i)->col);
  printf("\n");
  int failed = mcl_result_failed(r);
  mcl_result_free(r);
  mcl_linter_free(l);
  mcl_options_free(o);
  return failed ? 0 : 1;
}
C
# A sanitizer build's library needs the sanitizer runtime at link time.
if $cc ${MCLINT_TEST_CFLAGS:-} -o "$tmp/prog" "$tmp/prog.c" $(pkg-config --cflags --libs mclint) 2> "$tmp/cc.log"; then
  ok "compiled and linked via pkg-config --cflags --libs mclint"
  out=$("$tmp/prog")
  rc=$?
  [ $rc = 0 ] && [ "$out" = "mclint $version: 1 finding(s) duplicate-key@1:33" ] \
    && ok "the program lints with the installed library: $out" || bad "program: exit $rc, '$out'"
else
  bad "compiling against the installed library"; cat "$tmp/cc.log"
fi
exit $fail
