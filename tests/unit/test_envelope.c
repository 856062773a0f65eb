/* Envelope rules: the profile's outer structure and common payload keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rules/rule.h"

#define GOOD_PAYLOAD                                                                 \
  "      <key>PayloadIdentifier</key><string>com.example.p1</string>\n"               \
  "      <key>PayloadType</key><string>com.apple.dock</string>\n"                     \
  "      <key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n" \
  "      <key>PayloadVersion</key><integer>1</integer>\n"

static mcl_result *lint_payload(const char *body) {
  char *text = profile_with_payload(body);
  mcl_result *r = lint_text(text, NULL);
  free(text);
  return r;
}

START_TEST(clean_profile_has_no_findings) {
  mcl_result *r = lint_payload(GOOD_PAYLOAD);
  ck_assert_msg(mcl_result_diag_count(r) == 0, "%s", dump_diags(r));
  mcl_result_free(r);
}
END_TEST

START_TEST(missing_common_keys_in_payload) {
  mcl_result *r = lint_payload("      <key>PayloadType</key><string>com.apple.dock</string>\n");
  ck_assert_uint_eq(count_rule(r, "missing-common-key"), 3);
  const mcl_diag *d = find_rule(r, "missing-common-key");
  ck_assert_uint_eq(d->line, 6); /* the payload's <dict> */
  ck_assert_uint_eq(d->col, 5);
  ck_assert_str_eq(d->path, "PayloadContent[0]");
  mcl_result_free(r);
}
END_TEST

START_TEST(payload_version_must_be_integer_one) {
  mcl_result *r = lint_payload(
      "      <key>PayloadIdentifier</key><string>com.example.p1</string>\n"
      "      <key>PayloadType</key><string>com.apple.dock</string>\n"
      "      <key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n"
      "      <key>PayloadVersion</key><string>1</string>\n");
  ck_assert_diag_at(r, "payload-version", 10, 32);
  ck_assert_str_eq(find_rule(r, "payload-version")->path, "PayloadContent[0].PayloadVersion");
  mcl_result_free(r);
  r = lint_text("<plist><dict><key>PayloadVersion</key><integer>2</integer>"
                "<key>PayloadIdentifier</key><string>a</string><key>PayloadUUID</key>"
                "<string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string><key>PayloadType</key>"
                "<string>Configuration</string><key>PayloadContent</key><array/></dict></plist>",
                NULL);
  ck_assert_uint_eq(count_rule(r, "payload-version"), 1);
  ck_assert_uint_eq(count_rule(r, "empty-payload-content"), 1);
  mcl_result_free(r);
}
END_TEST

START_TEST(top_level_type) {
  mcl_result *r = lint_text("<plist><dict><key>PayloadType</key><string>com.apple.dock</string>"
                            "</dict></plist>",
                            NULL);
  ck_assert_diag_at(r, "top-payload-type", 1, 36);
  ck_assert_ptr_nonnull(find_rule(r, "top-payload-type")->hint);
  mcl_result_free(r);
}
END_TEST

START_TEST(root_must_be_dict) {
  mcl_result *r = lint_text("<plist><array/></plist>", NULL);
  ck_assert_diag_at(r, "root-not-dict", 1, 8);
  ck_assert_uint_eq(mcl_result_diag_count(r), 1);
  mcl_result_free(r);
}
END_TEST

START_TEST(payload_content_shapes) {
  mcl_result *r = lint_text("<plist><dict><key>PayloadContent</key><dict/></dict></plist>", NULL);
  ck_assert_uint_eq(count_rule(r, "payload-content"), 1);
  mcl_result_free(r);
  r = lint_text("<plist><dict><key>PayloadContent</key><array><string>x</string></array>"
                "</dict></plist>",
                NULL);
  ck_assert_uint_eq(count_rule(r, "payload-content"), 1);
  ck_assert_str_eq(find_rule(r, "payload-content")->path, "PayloadContent[0]");
  mcl_result_free(r);
  r = lint_text("<plist><dict><key>EncryptedPayloadContent</key><data>AAAA</data></dict></plist>",
                NULL);
  ck_assert_uint_eq(count_rule(r, "payload-content"), 0);
  mcl_result_free(r);
}
END_TEST

START_TEST(uuid_rules) {
  mcl_result *r = lint_payload(
      "      <key>PayloadIdentifier</key><string>com.example.p1</string>\n"
      "      <key>PayloadType</key><string>com.apple.dock</string>\n"
      "      <key>PayloadUUID</key><string>not-a-uuid</string>\n"
      "      <key>PayloadVersion</key><integer>1</integer>\n"
      "    </dict>\n    <dict>\n"
      "      <key>PayloadIdentifier</key><string>com.example.p2</string>\n"
      "      <key>PayloadType</key><string>com.apple.dock</string>\n"
      "      <key>PayloadUUID</key><string>00000000-0000-0000-0000-000000000000</string>\n"
      "      <key>PayloadVersion</key><integer>1</integer>\n"
      "    </dict>\n    <dict>\n"
      "      <key>PayloadIdentifier</key><string>com.example.p3</string>\n"
      "      <key>PayloadType</key><string>com.apple.dock</string>\n"
      "      <key>PayloadUUID</key><string>6f1d1c2b-3a4e-4f5a-8b6c-7d8e9f0a1b2c</string>\n"
      "      <key>PayloadVersion</key><integer>1</integer>\n");
  ck_assert_diag_at(r, "uuid-format", 9, 29);
  ck_assert_diag_at(r, "placeholder-uuid", 15, 29);
  /* the third payload repeats the profile's UUID in lower case */
  ck_assert_diag_at(r, "duplicate-uuid", 21, 29);
  ck_assert_ptr_nonnull(strstr(find_rule(r, "duplicate-uuid")->message, "profile itself"));
  mcl_result_free(r);
}
END_TEST

START_TEST(duplicate_identifiers) {
  mcl_result *r = lint_payload(GOOD_PAYLOAD "    </dict>\n    <dict>\n"
                               "      <key>PayloadIdentifier</key><string>com.example.p1</string>\n"
                               "      <key>PayloadType</key><string>com.apple.dock</string>\n"
                               "      <key>PayloadUUID</key><string>1E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n"
                               "      <key>PayloadVersion</key><integer>1</integer>\n");
  ck_assert_diag_at(r, "duplicate-identifier", 13, 35);
  mcl_result_free(r);
}
END_TEST

START_TEST(template_markers) {
  static const char *const bad[] = {"*server*", "{{ host }}", "${HOST}", "$HOSTNAME", "%SerialNumber%",
                                    "__TEAM_ID__", "<YOUR_SERVER>", "REPLACE_ME", "your-server-here",
                                    "REPLACE_VPN_HOST", "{% if x %}"};
  static const char *const fine[] = {"*.example.com", "50%", "$5", "a*b*c", "Price: $10",
                                     "<b>bold</b>", "replacement", "%d%%", "ok_ok"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char body[512];
    snprintf(body, sizeof body, GOOD_PAYLOAD "      <key>Label</key><string>%s</string>\n",
             strchr(bad[i], '<') || strchr(bad[i], '&') ? "&lt;YOUR_SERVER&gt;" : bad[i]);
    mcl_result *r = lint_payload(body);
    ck_assert_msg(count_rule(r, "template-marker") == 1, "%s not found: %s", bad[i], dump_diags(r));
    mcl_result_free(r);
  }
  for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
    char body[512];
    snprintf(body, sizeof body, GOOD_PAYLOAD "      <key>Label</key><string>%s</string>\n",
             strchr(fine[i], '<') ? "&lt;b&gt;bold&lt;/b&gt;" : fine[i]);
    mcl_result *r = lint_payload(body);
    ck_assert_msg(count_rule(r, "template-marker") == 0, "%s flagged", fine[i]);
    mcl_result_free(r);
  }
}
END_TEST

/* Each style, in the cases its cue (the character or word that lets its
 * regex run at all) must not miss: any case, mid-value, before a final
 * newline that '$' matches before. */
START_TEST(template_marker_cues) {
  static const char *const found[] = {
      "*server*",     "*server*\n",       "a {{x}} b",       "{%- raw %}",  "url ${a.b}/x",
      "$HOST_NAME\n", "p%DeviceName%q",    "x__ID__y",        "<HOST NAME>", "ReplaceMe",
      "CHANGE ME",    "fill-me-in",        "INSERT_TOKEN",    "CHANGE_THIS", "Insert your key here",
      "Your_Server",  "changeit",          "Changeme2",       "YOUR-token",  "YOURPASSWORD",
      "YOURDOMAIN\n",
      "\xc3\xa9replace me" /* \\b: PCRE2 counts no byte above 0x7F as a word character */};
  static const char *const not_found[] = {"*a*b*", "{ {x} }", "$ {x}", "a$HOST", "%20%41%",
                                          "_ID_", "<lower>", "replaced", "exchange", "yours",
                                          "YOURS", "YourPassword1"};
  for (size_t i = 0; i < sizeof found / sizeof found[0]; i++)
    ck_assert_msg(mcl_has_template_marker(found[i]), "missed: %s", found[i]);
  for (size_t i = 0; i < sizeof not_found / sizeof not_found[0]; i++)
    ck_assert_msg(!mcl_has_template_marker(not_found[i]), "flagged: %s", not_found[i]);
}
END_TEST

START_TEST(template_marker_never_prints_secret) {
  mcl_result *r = lint_payload(GOOD_PAYLOAD
                               "      <key>Password</key><string>{{canary-4711}}</string>\n");
  const mcl_diag *d = find_rule(r, "template-marker");
  ck_assert_ptr_nonnull(d);
  ck_assert_ptr_null(strstr(d->message, "canary"));
  mcl_result_free(r);
}
END_TEST

START_TEST(disabled_rule_reports_nothing) {
  const char *settings[] = {"disable=template-marker", NULL};
  char *text = profile_with_payload(GOOD_PAYLOAD "      <key>X</key><string>*x*</string>\n");
  mcl_result *r = lint_text(text, settings);
  ck_assert_uint_eq(count_rule(r, "template-marker"), 0);
  mcl_result_free(r);
  free(text);
}
END_TEST

Suite *envelope_suite(void) {
  Suite *s = suite_create("envelope");
  TCase *tc = tcase_create("rules");
  tcase_add_test(tc, clean_profile_has_no_findings);
  tcase_add_test(tc, missing_common_keys_in_payload);
  tcase_add_test(tc, payload_version_must_be_integer_one);
  tcase_add_test(tc, top_level_type);
  tcase_add_test(tc, root_must_be_dict);
  tcase_add_test(tc, payload_content_shapes);
  tcase_add_test(tc, uuid_rules);
  tcase_add_test(tc, duplicate_identifiers);
  tcase_add_test(tc, template_markers);
  tcase_add_test(tc, template_marker_cues);
  tcase_add_test(tc, template_marker_never_prints_secret);
  tcase_add_test(tc, disabled_rule_reports_nothing);
  suite_add_tcase(s, tc);
  return s;
}
