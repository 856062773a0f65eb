/* Settings: names, values, errors, rule selection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/settings.h"
#include "harness.h"
#include "rules/rule.h"

START_TEST(known_settings_parse) {
  mcl_options *o = mcl_options_new();
  char *err = NULL;
  ck_assert_int_eq(mcl_options_set(o, "platform", "ios, macOS", &err), 0);
  ck_assert_uint_eq(o->platforms, MCL_PLATFORM_IOS | MCL_PLATFORM_MACOS);
  ck_assert_int_eq(mcl_options_set(o, "min-os", "14.2", &err), 0);
  ck_assert_uint_eq(o->min_os, MCL_OSVER(14, 2, 0));
  ck_assert_int_eq(mcl_options_set(o, "supervision", "supervised", &err), 0);
  ck_assert_int_eq(o->supervised, 1);
  ck_assert_int_eq(mcl_options_set(o, "max-file-size", "2M", &err), 0);
  ck_assert_uint_eq(o->max_file_size, 2u * 1024 * 1024);
  mcl_options_free(o);
}
END_TEST

START_TEST(bad_values_are_errors_with_messages) {
  mcl_options *o = mcl_options_new();
  char *err = NULL;
  ck_assert_int_eq(mcl_options_set(o, "platform", "android", &err), -1);
  ck_assert_ptr_nonnull(strstr(err, "android"));
  free(err);
  ck_assert_int_eq(mcl_options_set(o, "min-os", "seventeen", &err), -1);
  free(err);
  ck_assert_int_eq(mcl_options_set(o, "no-such-setting", "1", &err), -1);
  ck_assert_ptr_nonnull(strstr(err, "no-such-setting"));
  free(err);
  ck_assert_int_eq(mcl_options_set(o, "disable", "no-such-rule", &err), -1);
  free(err);
  ck_assert_int_eq(mcl_options_set(o, "severity", "duplicate-key=loud", &err), -1);
  free(err);
  mcl_options_free(o);
}
END_TEST

START_TEST(selectors) {
  mcl_options *o = mcl_options_new();
  char *err = NULL;
  size_t dup = mcl_rule_index(mcl_rule_find("duplicate-key"));
  size_t tm = mcl_rule_index(mcl_rule_find("template-marker"));
  ck_assert_int_eq(mcl_options_set(o, "select", "parse", &err), 0);
  ck_assert_int_eq(o->severity[dup], MCL_ERROR);
  ck_assert_int_eq(o->severity[tm], MCL_OFF);
  ck_assert_int_eq(mcl_options_set(o, "enable", "MC211", &err), 0);
  ck_assert_int_eq(o->severity[tm], MCL_WARNING);
  ck_assert_int_eq(mcl_options_set(o, "severity", "MC1=info", &err), 0);
  ck_assert_int_eq(o->severity[dup], MCL_INFO);
  ck_assert_int_eq(mcl_options_set(o, "disable", "all", &err), 0);
  ck_assert_int_eq(o->severity[dup], MCL_OFF);
  mcl_options_free(o);
}
END_TEST

START_TEST(versions) {
  mcl_osver v;
  ck_assert(mcl_version_parse("10.12.4", &v) && v == MCL_OSVER(10, 12, 4));
  ck_assert(mcl_version_parse("17", &v) && v == MCL_OSVER(17, 0, 0));
  ck_assert(!mcl_version_parse("17.", &v));
  ck_assert(!mcl_version_parse("1.2.3.4", &v));
  ck_assert(!mcl_version_parse("n/a", &v));
  ck_assert(MCL_OSVER(10, 15, 0) < MCL_OSVER(11, 0, 0));
}
END_TEST

/* Rules without a bad and a good example: io-error has no profile to show
 * (the file could not be read); signed-profile and encrypted-payload-content
 * only describe the container, for audits: signing and encrypting are not
 * mistakes to fix. */
static bool example_exempt(const mcl_rule *r) {
  static const char *const exempt[] = {"io-error", "signed-profile", "encrypted-payload-content"};
  for (size_t i = 0; i < sizeof exempt / sizeof exempt[0]; i++)
    if (!strcmp(mcl_rule_name(r), exempt[i])) return true;
  return false;
}

START_TEST(catalog_is_consistent) {
  for (size_t i = 0; i < mcl_rule_count(); i++) {
    const mcl_rule *r = mcl_rule_at(i);
    if (!example_exempt(r)) {
      ck_assert_msg(mcl_rule_bad_example(r) && *mcl_rule_bad_example(r), "%s has no bad example",
                    mcl_rule_name(r));
      ck_assert_msg(mcl_rule_good_example(r) && *mcl_rule_good_example(r),
                    "%s has no good example", mcl_rule_name(r));
      ck_assert_msg(strcmp(mcl_rule_bad_example(r), mcl_rule_good_example(r)) != 0,
                    "%s: the bad and good examples are the same", mcl_rule_name(r));
    }
    /* A rule whose findings depend on the target says so. */
    if (r->flags & MCL_RULE_TARGETED)
      ck_assert_msg(strstr(mcl_rule_explanation(r), "target"),
                    "%s is targeted but its explanation does not mention the target",
                    mcl_rule_name(r));
    ck_assert_msg(r->summary[strlen(r->summary) - 1] != '.', "%s: summary ends with a period",
                  mcl_rule_name(r));
    ck_assert_ptr_eq(mcl_rule_find(mcl_rule_name(r)), r);
    ck_assert_ptr_eq(mcl_rule_find(mcl_rule_code(r)), r);
    ck_assert_msg(strlen(mcl_rule_summary(r)) > 10, "%s summary", mcl_rule_name(r));
    ck_assert_msg(strlen(mcl_rule_explanation(r)) > 40, "%s explanation", mcl_rule_name(r));
    for (const char *p = mcl_rule_name(r); *p; p++)
      ck_assert_msg((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-',
                    "%s is not kebab-case", mcl_rule_name(r));
    for (size_t j = 0; j < i; j++)
      ck_assert_str_ne(mcl_rule_code(mcl_rule_at(j)), mcl_rule_code(r));
    /* rules.def: the id is the index, the identifier is the name in
     * snake_case, the code lies in its category's range. */
    ck_assert_uint_eq(r->id, i);
    ck_assert_uint_eq(mcl_rule_index(r), i);
    char snake[64];
    snprintf(snake, sizeof snake, "%s", mcl_rule_name(r));
    for (char *p = snake; *p; p++)
      if (*p == '-') *p = '_';
    ck_assert_msg(!strcmp(snake, mcl_rule_identifier(i)), "%s is mcl_rule_%s in C",
                  mcl_rule_name(r), mcl_rule_identifier(i));
    ck_assert_msg(strlen(r->code) == 5 && r->code[2] - '1' == (int)r->category,
                  "%s is out of the range of category %s", r->code, mcl_rule_category(r));
  }
  ck_assert_ptr_null(mcl_rule_find("MC999"));
  ck_assert_ptr_eq(mcl_rule_find("mc101"), mcl_rule_at(0));
}
END_TEST

Suite *options_suite(void) {
  Suite *s = suite_create("options");
  TCase *tc = tcase_create("settings");
  tcase_add_test(tc, known_settings_parse);
  tcase_add_test(tc, bad_values_are_errors_with_messages);
  tcase_add_test(tc, selectors);
  tcase_add_test(tc, versions);
  tcase_add_test(tc, catalog_is_consistent);
  suite_add_tcase(s, tc);
  return s;
}
