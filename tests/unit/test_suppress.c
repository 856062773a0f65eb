/* Inline suppression: each form, where it starts and stops, and the
 * findings about suppressions themselves. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* A profile whose payload has three placeholder values, on lines 8, 10
 * and 12; BETWEEN lines are inserted by the tests as line 9 and 11. */
#define PROFILE_FORMAT \
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                              /* 1 */ \
      "<plist version=\"1.0\">\n"                                                 /* 2 */ \
      "<dict>\n"                                                                  /* 3 */ \
      "%s\n"                                                                      /* 4 */ \
      "  <key>PayloadContent</key>\n"                                             /* 5 */ \
      "  <array>\n"                                                               /* 6 */ \
      "    <dict><key>PayloadDisplayName</key>\n"                                 /* 7 */ \
      "      <string>{{ one }}</string>\n"                                        /* 8 */ \
      "%s\n"                                                                      /* 9 */ \
      "      <key>PayloadDescription</key><string>{{ two }}</string>\n"           /* 10 */ \
      "%s\n"                                                                      /* 11 */ \
      "      <key>PayloadOrganization</key><string>{{ three }}</string>\n"        /* 12 */ \
      "      <key>PayloadIdentifier</key><string>com.example.p1</string>\n" \
      "      <key>PayloadType</key><string>com.apple.dock</string>\n" \
      "      <key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n" \
      "      <key>PayloadVersion</key><integer>1</integer>\n" \
      "    </dict>\n" \
      "  </array>\n" \
      "  <key>PayloadIdentifier</key><string>com.example.profile</string>\n" \
      "  <key>PayloadType</key><string>Configuration</string>\n" \
      "  <key>PayloadUUID</key><string>6F1D1C2B-3A4E-4F5A-8B6C-7D8E9F0A1B2C</string>\n" \
      "  <key>PayloadVersion</key><integer>1</integer>\n" \
      "%s\n" \
      "</dict>\n" \
      "</plist>\n"

static char *profile(const char *top, const char *a, const char *b, const char *tail) {
  size_t n = strlen(PROFILE_FORMAT) + strlen(top) + strlen(a) + strlen(b) + strlen(tail) + 1;
  char *s = malloc(n);
  snprintf(s, n, PROFILE_FORMAT, top, a, b, tail);
  return s;
}

static mcl_result *lint4(const char *top, const char *a, const char *b, const char *tail,
                         const char *const *settings) {
  char *text = profile(top, a, b, tail);
  mcl_result *r = lint_text(text, settings);
  free(text);
  return r;
}

static bool marker_on_line(const mcl_result *r, unsigned line) {
  for (size_t i = 0; i < mcl_result_diag_count(r); i++) {
    const mcl_diag *d = mcl_result_diag(r, i);
    if (!strcmp(mcl_rule_name(d->rule), "template-marker") && d->line == line) return true;
  }
  return false;
}

START_TEST(no_comments_three_findings) {
  mcl_result *r = lint4("", "", "", "", NULL);
  ck_assert_msg(count_rule(r, "template-marker") == 3, "%s", dump_diags(r));
  ck_assert_uint_eq(mcl_result_diag_count(r), 3);
  mcl_result_free(r);
}
END_TEST

START_TEST(next_line_covers_only_the_next_line) {
  mcl_result *r = lint4("", "<!-- mclint-disable-next-line template-marker -->", "", "", NULL);
  ck_assert(marker_on_line(r, 8));
  ck_assert(!marker_on_line(r, 10));
  ck_assert(marker_on_line(r, 12));
  ck_assert_uint_eq(mcl_result_diag_count(r), 2);
  mcl_result_free(r);
}
END_TEST

START_TEST(codes_several_rules_and_reasons) {
  mcl_result *r = lint4("",
                        "<!-- mclint-disable-next-line MC211, uuid-format: filled in by the MDM -->",
                        "<!--mclint-disable-next-line\tmc211-->", "", NULL);
  ck_assert_msg(mcl_result_diag_count(r) == 2, "%s", dump_diags(r));
  ck_assert(marker_on_line(r, 8));
  /* uuid-format found nothing on line 10 */
  const mcl_diag *d = find_rule(r, "unused-suppression");
  ck_assert_ptr_nonnull(d);
  ck_assert_uint_eq(d->line, 9);
  ck_assert_uint_eq(d->col, 1);
  ck_assert_ptr_nonnull(strstr(d->message, "uuid-format"));
  mcl_result_free(r);
}
END_TEST

START_TEST(region_runs_from_disable_to_enable) {
  mcl_result *r = lint4("", "<!-- mclint-disable template-marker -->",
                        "<!-- mclint-enable template-marker -->", "", NULL);
  ck_assert(marker_on_line(r, 8));
  ck_assert(!marker_on_line(r, 10));
  ck_assert(marker_on_line(r, 12));
  ck_assert_uint_eq(mcl_result_diag_count(r), 2);
  mcl_result_free(r);
  /* Unclosed: to the end of the file. */
  r = lint4("", "<!-- mclint-disable template-marker -->", "", "", NULL);
  ck_assert_uint_eq(mcl_result_diag_count(r), 1);
  ck_assert(marker_on_line(r, 8));
  mcl_result_free(r);
  /* A finding on the comment's own line, before it, is outside. */
  r = lint_text("<plist><dict><key>PayloadType</key><string>{{x}}</string>"
                "<!-- mclint-disable template-marker --><key>PayloadIdentifier</key>"
                "<string>{{y}}</string></dict></plist>",
                (const char *const[]){"select=template-marker", NULL});
  ck_assert_uint_eq(count_rule(r, "template-marker"), 1);
  ck_assert_uint_eq(find_rule(r, "template-marker")->col, 36);
  mcl_result_free(r);
}
END_TEST

START_TEST(file_level_anywhere) {
  mcl_result *r = lint4("", "", "", "<!-- mclint-disable-file template-marker -->", NULL);
  ck_assert_msg(mcl_result_diag_count(r) == 0, "%s", dump_diags(r));
  mcl_result_free(r);
}
END_TEST

START_TEST(unused_suppressions_are_reported) {
  mcl_result *r = lint4("  <!-- mclint-disable-file uuid-format -->", "",
                        "<!-- mclint-disable-next-line template-marker -->",
                        "<!-- mclint-disable duplicate-uuid -->", NULL);
  ck_assert_uint_eq(count_rule(r, "unused-suppression"), 2);
  ck_assert_uint_eq(count_rule(r, "template-marker"), 2); /* line 12's is suppressed */
  ck_assert(marker_on_line(r, 8) && marker_on_line(r, 10) && !marker_on_line(r, 12));
  const mcl_diag *d = find_rule(r, "unused-suppression");
  ck_assert_uint_eq(d->line, 4);
  ck_assert_uint_eq(d->col, 3);
  ck_assert_int_eq(d->severity, MCL_WARNING);
  mcl_result_free(r);
  /* A rule that is off, or a policy rule without its setting, did not run. */
  r = lint4("<!-- mclint-disable-file uuid-format, identifier-pattern -->", "", "", "",
            (const char *const[]){"disable=uuid-format", NULL});
  ck_assert_msg(count_rule(r, "unused-suppression") == 0, "%s", dump_diags(r));
  mcl_result_free(r);
  /* The warning itself can be turned off. */
  r = lint4("<!-- mclint-disable-file uuid-format -->", "", "", "",
            (const char *const[]){"disable=unused-suppression", NULL});
  ck_assert_uint_eq(count_rule(r, "unused-suppression"), 0);
  mcl_result_free(r);
}
END_TEST

START_TEST(invalid_suppressions_are_reported) {
  static const struct {
    const char *comment, *says;
  } cases[] = {
      {"<!-- mclint-disable-next-line template-markr -->", "did you mean 'template-marker'"},
      {"<!-- mclint-disable-next-line template-marker the MDM sets it -->", "unknown rule 'the'"},
      {"<!-- mclint-disable-next-line -->", "names no rule"},
      {"<!-- mclint-ignore template-marker -->", "unknown suppression comment 'mclint-ignore'"},
      {"<!-- mclint-enable template-marker -->", "no mclint-disable template-marker before it"},
      {"<!-- mclint-disable-file duplicate-key -->", "parse errors are always reported"},
      {"<!-- mclint-disable-file unused-suppression -->", "cannot suppress 'unused-suppression'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mcl_result *r = lint4(cases[i].comment, "", "", "", NULL);
    const mcl_diag *d = find_rule(r, "invalid-suppression");
    ck_assert_msg(d != NULL, "%s: %s", cases[i].comment, dump_diags(r));
    ck_assert_uint_eq(count_rule(r, "invalid-suppression"), 1);
    ck_assert_uint_eq(d->line, 4);
    ck_assert_msg(strstr(d->message, cases[i].says) || (d->hint && strstr(d->hint, cases[i].says)),
                  "%s / %s", d->message, d->hint ? d->hint : "");
    mcl_result_free(r);
  }
  /* Ordinary comments, even ones that mention mclint, are not directives. */
  mcl_result *r = lint4("<!-- generated; see mclint-disable docs -->", "", "", "", NULL);
  ck_assert_uint_eq(mcl_result_diag_count(r), 3);
  mcl_result_free(r);
}
END_TEST

START_TEST(parse_findings_are_never_suppressed) {
  mcl_result *r = lint_text("<plist><dict>\n<!-- mclint-disable-file duplicate-key, MC109 -->\n"
                            "<!-- mclint-disable-next-line invalid-integer -->\n"
                            "<key>A</key><integer>x</integer><key>A</key><true/></dict></plist>",
                            NULL);
  ck_assert_diag_at(r, "duplicate-key", 4, 33);
  ck_assert_diag_at(r, "invalid-integer", 4, 13);
  ck_assert_uint_eq(count_rule(r, "invalid-suppression"), 3);
  mcl_result_free(r);
}
END_TEST

START_TEST(no_tree_no_unused_reports) {
  mcl_result *r = lint_text("<plist><dict><!-- mclint-disable-file template-marker --><key>", NULL);
  ck_assert_uint_eq(count_rule(r, "unused-suppression"), 0);
  ck_assert_uint_eq(count_rule(r, "malformed-xml"), 1);
  mcl_result_free(r);
}
END_TEST

Suite *suppress_suite(void) {
  Suite *s = suite_create("suppress");
  TCase *tc = tcase_create("suppress");
  tcase_add_test(tc, no_comments_three_findings);
  tcase_add_test(tc, next_line_covers_only_the_next_line);
  tcase_add_test(tc, codes_several_rules_and_reasons);
  tcase_add_test(tc, region_runs_from_disable_to_enable);
  tcase_add_test(tc, file_level_anywhere);
  tcase_add_test(tc, unused_suppressions_are_reported);
  tcase_add_test(tc, invalid_suppressions_are_reported);
  tcase_add_test(tc, parse_findings_are_never_suppressed);
  tcase_add_test(tc, no_tree_no_unused_reports);
  suite_add_tcase(s, tc);
  return s;
}
