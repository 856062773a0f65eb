#!/usr/bin/env python3
"""Scaffold a new rule: its file, its rules.def line, bad and good golden
files and a unit test (the .expected files come from the built rule).

    tools/new_rule.py NAME NUMBER [--severity error|warning|info]

NAME is kebab-case (vpn-split-dns); NUMBER the code without "MC" (418); its
hundreds give the category (MC4xx: vpn). Nothing is overwritten. Then: write
the check and the metadata, make the testdata show the mistake, build, run
MCLINT=build/mclint tests/golden/run.sh --update and review the diff,
regenerate docs/rules.md (docs/DEVELOPING.md, "Adding a rule").
"""
import argparse
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
CATEGORIES = ["parse", "envelope", "schema", "vpn", "payload", "secrets", "container", "policy",
              "meta"]

RULE_C = '''/* {name}: TODO one line on what it finds and why it matters. */
#include "rules/rule.h"

static void check(mcl_ctx *ctx) {{
  /* TODO: look at ctx->profile (ctx->profile.payloads[i].dict, .type, .path)
   * and report each mistake where it is:
   *   mcl_diag *d = mcl_emit(ctx, &mcl_rule_{ident}, value->pos, path, "what is wrong");
   *   mcl_hint(ctx, d, "how to fix it"); */
  (void)ctx;
}}

const mcl_rule mcl_rule_{ident} = {{
    MCL_RULE_IDENTITY({ident}), .name = "{name}", .severity = MCL_{severity},
    .summary = "TODO one line, no trailing period",
    .explanation = "TODO what devices do with it, why it is a mistake, and how the "
                   "target matters if it does.",
    .bad = "<!-- TODO the smallest fragment that shows the mistake -->",
    .good = "<!-- TODO the same fragment, fixed -->",
    .check = check,
}};
'''

PROFILE = '''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- {name}: TODO the {kind} case -->
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadIdentifier</key>
			<string>com.example.{name}.payload</string>
			<key>PayloadType</key>
			<string>com.apple.dock</string>
			<key>PayloadUUID</key>
			<string>{uuid1}</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
	</array>
	<key>PayloadDisplayName</key>
	<string>{name} ({kind})</string>
	<key>PayloadIdentifier</key>
	<string>com.example.{name}</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>{uuid2}</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
'''

UNIT_C = '''/* {name} (MC{number}). */
#include <check.h>
#include <stdlib.h>

#include "harness.h"

static char *slurp(const char *path) {{
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "cannot open %s", path);
  static char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\\0';
  return buf;
}}

/* TODO: assert the exact line and column (ck_assert_diag_at) and the cases
 * around the edges; these two only say that the testdata works. */
START_TEST(bad_gives_it_good_does_not) {{
  mcl_result *r = lint_text(slurp(MCLINT_TESTDATA "/{category}/{name}-bad.mobileconfig"), NULL);
  ck_assert_msg(count_rule(r, "{name}") >= 1, "%s", dump_diags(r));
  mcl_result_free(r);
  r = lint_text(slurp(MCLINT_TESTDATA "/{category}/{name}-good.mobileconfig"), NULL);
  ck_assert_msg(count_rule(r, "{name}") == 0, "%s", dump_diags(r));
  mcl_result_free(r);
}}
END_TEST

Suite *{ident}_suite(void) {{
  Suite *s = suite_create("{name}");
  TCase *tc = tcase_create("rule");
  tcase_add_test(tc, bad_gives_it_good_does_not);
  suite_add_tcase(s, tc);
  return s;
}}
'''


def fail(msg):
    sys.exit(f"new_rule.py: {msg}")


def write_new(path, text):
    if path.exists():
        fail(f"{path.relative_to(ROOT)} exists already")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print("wrote", path.relative_to(ROOT))


def insert_after_last(path, pattern, line, fallback_before=None):
    text = path.read_text()
    matches = list(re.finditer(pattern, text, re.M))
    if matches:
        end = text.index("\n", matches[-1].end()) + 1
    elif fallback_before:
        end = text.index(fallback_before)
    else:
        fail(f"nowhere to add to {path}")
    path.write_text(text[:end] + line + text[end:])
    print("edited", path.relative_to(ROOT))


def uuid_for(seed):
    import hashlib
    h = hashlib.sha1(seed.encode()).hexdigest().upper()
    return f"{h[0:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("name")
    ap.add_argument("number", type=int)
    ap.add_argument("--severity", default="warning", choices=["error", "warning", "info"])
    a = ap.parse_args()
    name, number = a.name, a.number
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name):
        fail(f"'{name}' is not kebab-case")
    if not 100 <= number <= 999 or number // 100 > len(CATEGORIES):
        fail(f"MC{number} is outside every category's range (MC100 to MC{len(CATEGORIES)}99)")
    ident = name.replace("-", "_")
    category = CATEGORIES[number // 100 - 1]
    rules_def = ROOT / "src/rules/rules.def"
    defs = rules_def.read_text()
    if re.search(rf"^MCL_RULE\({ident},", defs, re.M):
        fail(f"{ident} is in rules.def already")
    if re.search(rf"^MCL_RULE\(\w+, {number},", defs, re.M):
        fail(f"MC{number} is taken: codes are never reused")
    subs = dict(name=name, ident=ident, number=number, category=category,
                severity=a.severity.upper())
    write_new(ROOT / f"src/rules/{ident}.c", RULE_C.format(**subs))
    insert_after_last(rules_def, rf"^MCL_RULE\(\w+, \d+, {category.upper()}\)",
                      f"MCL_RULE({ident}, {number}, {category.upper()})\n")
    for kind in ("bad", "good"):
        write_new(ROOT / f"testdata/{category}/{name}-{kind}.mobileconfig",
                  PROFILE.format(name=name, kind=kind, uuid1=uuid_for(name + kind + "1"),
                                 uuid2=uuid_for(name + kind + "2")))
    write_new(ROOT / f"tests/unit/test_rule_{ident}.c", UNIT_C.format(**subs))
    insert_after_last(ROOT / "tests/unit/harness.h", r"^Suite \*\w+_suite\(void\);",
                      f"Suite *{ident}_suite(void);\n")
    insert_after_last(ROOT / "tests/unit/main.c", r"^  srunner_add_suite\(sr, \w+\(\)\);",
                      f"  srunner_add_suite(sr, {ident}_suite());\n")
    print(f"\nnext: write the check in src/rules/{ident}.c, make testdata/{category}/{name}-bad "
          "show the mistake and -good its fix, build, then\n"
          "  MCLINT=build/mclint tests/golden/run.sh --update   # review the new .expected\n"
          "  build/mclint --rules-markdown > docs/rules.md")


if __name__ == "__main__":
    main()
