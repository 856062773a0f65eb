/* The settings table (src/lint/settings.c) end to end: every row's example
 * value, given on the command line (through the command's own argument
 * parser and configurations) and in a configuration file, yields the same
 * settings, a visible change, and the row's line in --show-config; every
 * option of a setting is in --help, and every setting in
 * docs/configuration.md. */
#include <check.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "configs.h"
#include "lint/settings.h"

static char dir[] = "/tmp/mclint-settings-XXXXXX";

static void write_file(const char *name, const char *text) {
  FILE *f = fopen(name, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
}

/* --show-config's text for a configuration file in the current directory
 * and a command line, the way the command makes it. */
static char *show(const char *config, char **argv) {
  write_file(".mclint.toml", config);
  cli c;
  cli_init(&c);
  int argc = 0, first;
  while (argv[argc]) argc++;
  optind = 0; /* getopt_long starts afresh (glibc) */
  ck_assert_int_eq(cli_parse(&c, argc, argv, &first), -1);
  configs *cf = configs_new(CONFIG_FIXED, ".mclint.toml", c.settings, c.setting_count);
  size_t index;
  bool excluded;
  char *err = NULL;
  if (configs_for_file(cf, "x.mobileconfig", &index, &excluded, &err) != 0)
    ck_abort_msg("%s: %s", argv[1] ? argv[1] : "(no option)", err);
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  mcl_options_write(configs_options(cf, index), out);
  fclose(out);
  configs_free(cf);
  cli_free(&c);
  return text;
}

/* TOML for "name = value": a dotted name is a key in its table. */
static char *config_line(const char *given, const char *name, const char *value) {
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  fprintf(out, "%s\n%s = \"", given ? given : "", name);
  for (const char *p = value; *p; p++) fprintf(out, *p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
  fputs("\"\n", out);
  fclose(out);
  return text;
}

static void check_round_trip(const mcl_setting *s, const char *option, const char *value) {
  char *none[] = {"mclint", NULL};
  char *before = show(s->given ? s->given : "", none);
  char *config = config_line(s->given, s->name, value);
  char *from_file = show(config, none);
  ck_assert_msg(strcmp(before, from_file) != 0, "%s = \"%s\" changes nothing", s->name, value);
  if (s->shown && !strcmp(value, s->example))
    ck_assert_msg(strstr(from_file, s->shown), "%s: no '%s' in\n%s", s->name, s->shown, from_file);
  if (option) {
    char flag[64];
    snprintf(flag, sizeof flag, "--%s", option);
    char *argv[] = {"mclint", flag, (char *)value, NULL};
    mcl_setting_option o;
    for (size_t i = 0; mcl_setting_option_at(i, &o); i++)
      if (!strcmp(o.name, option) && !o.arg) argv[2] = NULL;
    char *from_cli = show(s->given ? s->given : "", argv);
    ck_assert_msg(!strcmp(from_file, from_cli), "--%s %s gives\n%s\nbut the file gives\n%s", option,
                  argv[2] ? argv[2] : "", from_cli, from_file);
    free(from_cli);
  }
  free(before);
  free(config);
  free(from_file);
}

START_TEST(every_setting_round_trips) {
  for (size_t i = 0; mcl_setting_at(i); i++) {
    const mcl_setting *s = mcl_setting_at(i);
    ck_assert_msg(s->example, "setting %s has no example", s->name);
    bool any_option = false;
    for (size_t k = 0; k < sizeof s->cli / sizeof s->cli[0]; k++) {
      if (!s->cli[k].name) continue;
      any_option = true;
      check_round_trip(s, s->cli[k].name, s->cli[k].arg ? s->example : s->cli[k].value);
    }
    if (!any_option) check_round_trip(s, NULL, s->example);
  }
}
END_TEST

START_TEST(help_names_every_option) {
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  cli_usage(out);
  fclose(out);
  mcl_setting_option o;
  size_t n = 0;
  for (; mcl_setting_option_at(n, &o); n++) {
    char want[80];
    snprintf(want, sizeof want, "      --%s%s%s  ", o.name, o.arg ? " " : "", o.arg ? o.arg : "");
    ck_assert_msg(strstr(text, want), "--help has no '%s' (group '%s')", want, o.group);
    ck_assert_ptr_nonnull(o.help);
  }
  ck_assert_uint_gt(n, 15);
  ck_assert_ptr_nonnull(strstr(text, "  -o, --output FILE"));
  free(text);
}
END_TEST

START_TEST(docs_name_every_setting) {
  FILE *f = fopen(MCLINT_SOURCE_DIR "/docs/configuration.md", "r");
  ck_assert_ptr_nonnull(f);
  char *doc = calloc(1, 1 << 20);
  ck_assert_ptr_nonnull(doc);
  size_t len = fread(doc, 1, (1 << 20) - 1, f);
  fclose(f);
  doc[len] = '\0';
  for (size_t i = 0; mcl_setting_at(i); i++) {
    const mcl_setting *s = mcl_setting_at(i);
    const char *dot = strchr(s->name, '.');
    bool table = s->flags & MCL_SETTING_SECTION;
    char want[80];
    snprintf(want, sizeof want, table ? "`[%s]`" : "`%s`", dot ? dot + 1 : s->name);
    bool found = false; /* in the first column of a table row */
    for (char *line = doc; line && !found; line = strchr(line, '\n'), line = line ? line + 1 : 0) {
      char *end = strstr(line, " | ");
      char *at = strstr(line, want);
      found = line[0] == '|' && at && end && at < end;
    }
    ck_assert_msg(found, "docs/configuration.md has no table row for %s", want);
  }
  free(doc);
}
END_TEST

int main(void) {
  if (!mkdtemp(dir) || chdir(dir) != 0) return 2;
  Suite *s = suite_create("settings");
  TCase *tc = tcase_create("table");
  tcase_add_test(tc, every_setting_round_trips);
  tcase_add_test(tc, help_names_every_option);
  tcase_add_test(tc, docs_name_every_setting);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_set_fork_status(sr, CK_NOFORK);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  unlink(".mclint.toml");
  if (chdir("/") == 0) rmdir(dir);
  return failed ? 1 : 0;
}
