/* Organisation policy rules (MC8xx), driven by policy.* settings. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PAYLOAD(id, type)                                                              \
  "      <key>PayloadIdentifier</key><string>" id "</string>\n"                        \
  "      <key>PayloadType</key><string>" type "</string>\n"                            \
  "      <key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n" \
  "      <key>PayloadVersion</key><integer>1</integer>\n"

static mcl_result *lint_payload(const char *body, const char *const *settings) {
  char *text = profile_with_payload(body);
  mcl_result *r = lint_text(text, settings);
  free(text);
  return r;
}

START_TEST(policy_rules_are_inert_without_settings) {
  mcl_result *r = lint_payload(PAYLOAD("x", "com.apple.security.root"),
                               (const char *const[]){"select=policy", NULL});
  ck_assert_msg(mcl_result_diag_count(r) == 0, "%s", dump_diags(r));
  mcl_result_free(r);
}
END_TEST

START_TEST(identifier_must_match_whole) {
  const char *const set[] = {"policy.identifier-pattern=com\\.example\\.[a-z0-9.]+", NULL};
  mcl_result *r = lint_payload(PAYLOAD("com.example.p1", "com.apple.dock"), set);
  ck_assert_msg(mcl_result_diag_count(r) == 0, "%s", dump_diags(r));
  mcl_result_free(r);
  /* A match in the middle is not enough: the pattern is anchored. */
  r = lint_payload(PAYLOAD("org.com.example.p1", "com.apple.dock"), set);
  ck_assert_diag_at(r, "identifier-pattern", 7, 35);
  ck_assert_str_eq(find_rule(r, "identifier-pattern")->path, "PayloadContent[0].PayloadIdentifier");
  ck_assert_ptr_nonnull(strstr(find_rule(r, "identifier-pattern")->message, "org.com.example.p1"));
  mcl_result_free(r);
  r = lint_payload(PAYLOAD("com.example.P1", "com.apple.dock"), set);
  ck_assert_uint_eq(count_rule(r, "identifier-pattern"), 1);
  mcl_result_free(r);
  /* The profile's own identifier is checked too (line 13 of the harness). */
  const char *const strict[] = {"policy.identifier-pattern=com\\.example\\.p1", NULL};
  r = lint_payload(PAYLOAD("com.example.p1", "com.apple.dock"), strict);
  ck_assert_diag_at(r, "identifier-pattern", 13, 31);
  ck_assert_str_eq(find_rule(r, "identifier-pattern")->path, "PayloadIdentifier");
  mcl_result_free(r);
  /* Placeholders are template-marker's. */
  r = lint_payload(PAYLOAD("{{ id }}", "com.apple.dock"), set);
  ck_assert_uint_eq(count_rule(r, "identifier-pattern"), 0);
  ck_assert_uint_eq(count_rule(r, "template-marker"), 1);
  mcl_result_free(r);
}
END_TEST

START_TEST(payload_types_forbidden_and_allowed) {
  const char *const forbid[] = {"policy.forbidden-payload-types=com.apple.security.*", NULL};
  mcl_result *r = lint_payload(PAYLOAD("com.example.p1", "com.apple.security.root"), forbid);
  ck_assert_diag_at(r, "disallowed-payload-type", 8, 29);
  ck_assert_str_eq(find_rule(r, "disallowed-payload-type")->path, "PayloadContent[0].PayloadType");
  ck_assert_ptr_nonnull(strstr(find_rule(r, "disallowed-payload-type")->message, "forbidden"));
  mcl_result_free(r);
  const char *const allow[] = {
      "policy.allowed-payload-types=com.apple.wifi.managed, com.apple.dock", NULL};
  r = lint_payload(PAYLOAD("com.example.p1", "com.apple.dock"), allow);
  ck_assert_uint_eq(count_rule(r, "disallowed-payload-type"), 0);
  mcl_result_free(r);
  r = lint_payload(PAYLOAD("com.example.p1", "com.apple.vpn.managed"), allow);
  ck_assert_diag_at(r, "disallowed-payload-type", 8, 29);
  ck_assert_ptr_nonnull(strstr(find_rule(r, "disallowed-payload-type")->message, "not in"));
  mcl_result_free(r);
}
END_TEST

START_TEST(organization_required_and_exact) {
  const char *const req[] = {"policy.require-organization=true", NULL};
  mcl_result *r = lint_payload(PAYLOAD("com.example.p1", "com.apple.dock"), req);
  ck_assert_diag_at(r, "payload-organization", 3, 1);
  mcl_result_free(r);
  r = lint_text("<plist><dict><key>PayloadOrganization</key><string></string></dict></plist>",
                (const char *const[]){"select=payload-organization",
                                      "policy.organization=Acme", NULL});
  ck_assert_diag_at(r, "payload-organization", 1, 44);
  ck_assert_ptr_nonnull(strstr(find_rule(r, "payload-organization")->hint, "Acme"));
  mcl_result_free(r);
  r = lint_text("<plist><dict><key>PayloadOrganization</key><string>Acme Inc</string></dict>"
                "</plist>",
                (const char *const[]){"select=payload-organization",
                                      "policy.organization=Acme", NULL});
  ck_assert_diag_at(r, "payload-organization", 1, 44);
  ck_assert_ptr_nonnull(strstr(find_rule(r, "payload-organization")->message, "'Acme Inc'"));
  mcl_result_free(r);
  r = lint_text("<plist><dict><key>PayloadOrganization</key><string>Acme</string></dict>"
                "</plist>",
                (const char *const[]){"select=payload-organization",
                                      "policy.organization=Acme", NULL});
  ck_assert_uint_eq(mcl_result_diag_count(r), 0);
  mcl_result_free(r);
}
END_TEST

Suite *policy_suite(void) {
  Suite *s = suite_create("policy");
  TCase *tc = tcase_create("policy");
  tcase_add_test(tc, policy_rules_are_inert_without_settings);
  tcase_add_test(tc, identifier_must_match_whole);
  tcase_add_test(tc, payload_types_forbidden_and_allowed);
  tcase_add_test(tc, organization_required_and_exact);
  suite_add_tcase(s, tc);
  return s;
}
