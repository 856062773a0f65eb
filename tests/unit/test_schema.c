/* Schema rules (MC3xx), the loader and the lazy, thread-safe cache. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lint/linter.h"
#include "base/util.h"
#include "harness.h"
#include "schema/check.h"
#include "schema/schema.h"

#define COMMON(type)                                                                 \
  "      <key>PayloadIdentifier</key><string>com.example.p1</string>\n"               \
  "      <key>PayloadType</key><string>" type "</string>\n"                           \
  "      <key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n" \
  "      <key>PayloadVersion</key><integer>1</integer>\n"

#define VPN_BASE                                                                     \
  COMMON("com.apple.vpn.managed")                                                    \
  "      <key>UserDefinedName</key><string>Office</string>\n"                        \
  "      <key>VPNType</key><string>IKEv2</string>\n"

/* pos_of (harness.h): line and column of the first occurrence of a needle. */

static char *last_text;

/* Lints one payload body with settings; the text stays in last_text. */
static mcl_result *lint_with(const char *body, const char *const *settings) {
  free(last_text);
  last_text = profile_with_payload(body);
  return lint_text(last_text, settings);
}

static mcl_result *lint_payload(const char *body) { return lint_with(body, NULL); }

/* Exactly one finding of rule, at the first occurrence of needle. */
#define ck_assert_rule_at(r, rule, needle)                                          \
  do {                                                                              \
    unsigned l_, c_;                                                                \
    pos_of(last_text, (needle), &l_, &c_);                                          \
    ck_assert_msg(count_rule((r), (rule)) == 1, "%s x%zu:\n%s", (rule),            \
                  count_rule((r), (rule)), dump_diags(r));                           \
    ck_assert_uint_eq(find_rule((r), (rule))->line, l_);                            \
    ck_assert_uint_eq(find_rule((r), (rule))->col, c_);                             \
  } while (0)

static size_t count_category(const mcl_result *r, const char *category) {
  size_t n = 0;
  for (size_t i = 0; i < mcl_result_diag_count(r); i++)
    if (!strcmp(mcl_rule_category(mcl_result_diag(r, i)->rule), category)) n++;
  return n;
}

#define ck_assert_no_schema_findings(r) \
  ck_assert_msg(count_category((r), "schema") == 0, "%s", dump_diags(r))

/* ---- loader and cache ---- */

START_TEST(release_comes_from_source_xml) {
  const char *rel = mcl_schema_release();
  ck_assert_msg(strstr(rel, " (apple/device-management ") != NULL, "%s", rel);
  ck_assert_msg(rel[0] >= '1' && rel[0] <= '9', "%s", rel);
}
END_TEST

START_TEST(every_embedded_schema_loads) {
  char *err = NULL;
  mcl_schema_set *set = mcl_schema_set_new(NULL, &err);
  ck_assert_ptr_nonnull(set);
  ck_assert_uint_ge(mcl_schema_type_count(set), 100);
  ck_assert(mcl_schema_known(set, ".GlobalPreferences")); /* the hidden file is embedded */
  for (size_t i = 0; i < mcl_schema_type_count(set); i++) {
    const char *t = mcl_schema_type_at(set, i);
    const mcl_schema *s = mcl_schema_get(set, t);
    ck_assert_msg(s != NULL, "%s: %s", t, mcl_schema_set_error(set, t));
    ck_assert_str_eq(s->type, t);
    for (size_t k = 0; k < s->include_count; k++)
      ck_assert_msg(mcl_schema_known(set, s->includes[k]), "%s includes %s", t, s->includes[k]);
  }
  ck_assert_uint_eq(mcl_schema_loaded_count(set), mcl_schema_type_count(set));
  mcl_schema_set_free(set);
}
END_TEST

START_TEST(loading_is_lazy) {
  mcl_linter *l = mcl_linter_new(NULL, NULL);
  ck_assert_uint_eq(mcl_schema_loaded_count(l->schemas), 0);
  char *text = profile_with_payload(VPN_BASE
                                    "      <key>IKEv2</key><dict>\n"
                                    "        <key>RemoteAddress</key><string>vpn.example.com</string>\n"
                                    "        <key>LocalIdentifier</key><string>me</string>\n"
                                    "        <key>RemoteIdentifier</key><string>vpn</string>\n"
                                    "        <key>AuthenticationMethod</key><string>None</string>\n"
                                    "      </dict>\n");
  mcl_result *r = mcl_lint_memory(l, "vpn.mobileconfig", text, strlen(text));
  ck_assert_no_schema_findings(r);
  /* A VPN profile parses the VPN, TopLevel and CommonPayloadKeys schemas only. */
  ck_assert_uint_eq(mcl_schema_loaded_count(l->schemas), 3);
  ck_assert(mcl_schema_is_loaded(l->schemas, "com.apple.vpn.managed"));
  ck_assert(mcl_schema_is_loaded(l->schemas, "TopLevel"));
  ck_assert(mcl_schema_is_loaded(l->schemas, "CommonPayloadKeys"));
  ck_assert(!mcl_schema_is_loaded(l->schemas, "com.apple.wifi.managed"));
  mcl_result_free(r);
  /* Linting it again parses nothing more. */
  r = mcl_lint_memory(l, "vpn.mobileconfig", text, strlen(text));
  ck_assert_uint_eq(mcl_schema_loaded_count(l->schemas), 3);
  mcl_result_free(r);
  free(text);
  mcl_linter_free(l);
}
END_TEST

typedef struct job {
  mcl_linter *linter;
  const char *text;
  size_t findings;
} job;

static void *lint_many(void *arg) {
  job *j = arg;
  for (int i = 0; i < 40; i++) {
    mcl_result *r = mcl_lint_memory(j->linter, "t.mobileconfig", j->text, strlen(j->text));
    j->findings = mcl_result_diag_count(r);
    mcl_result_free(r);
  }
  return NULL;
}

START_TEST(threads_share_one_linter) {
  mcl_linter *l = mcl_linter_new(NULL, NULL);
  char *wifi = profile_with_payload(COMMON("com.apple.wifi.managed")
                                    "      <key>SSID_STR</key><string>Office</string>\n"
                                    "      <key>AutoJoin</key><string>yes</string>\n");
  char *dock = profile_with_payload(COMMON("com.apple.dock") "      <key>tilesize</key><integer>64</integer>\n");
  job jobs[4] = {{l, wifi, 0}, {l, dock, 0}, {l, wifi, 0}, {l, dock, 0}};
  pthread_t t[4];
  for (int i = 0; i < 4; i++) ck_assert_int_eq(pthread_create(&t[i], NULL, lint_many, &jobs[i]), 0);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  ck_assert_uint_eq(jobs[0].findings, 1); /* AutoJoin's type */
  ck_assert_uint_eq(jobs[2].findings, 1);
  ck_assert_uint_eq(jobs[1].findings, 0);
  ck_assert_uint_eq(jobs[3].findings, 0);
  /* Each schema was parsed once: wifi, dock, TopLevel, CommonPayloadKeys. */
  ck_assert_uint_eq(mcl_schema_loaded_count(l->schemas), 4);
  free(wifi);
  free(dock);
  mcl_linter_free(l);
}
END_TEST

/* ---- custom schema directories ---- */

static char tmpdir[64];

static void write_file(const char *name, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
}

static void make_tmpdir(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/mclint-schema-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(const char *const *names) {
  char path[256];
  for (size_t i = 0; names[i]; i++) {
    snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
    unlink(path);
  }
  rmdir(tmpdir);
}

#define CUSTOM_HEAD                                                                    \
  "<?xml version=\"1.0\"?>\n"                                                          \
  "<payload xmlns=\"urn:mclint:schema:1\" type=\"com.example.custom\" title=\"Custom\" " \
  "source=\"custom.yaml\">\n"                                                          \
  "  <platform name=\"macOS\" introduced=\"13.0\" multiple=\"false\"/>\n"              \
  "  <include payload=\"CommonPayloadKeys\"/>\n"

START_TEST(schema_dir_adds_payload_types) {
  make_tmpdir();
  write_file("com.example.custom.xml",
             CUSTOM_HEAD
             "  <key name=\"Mode\" type=\"string\" presence=\"required\">\n"
             "    <enum><value>fast</value><value>safe</value></enum>\n"
             "  </key>\n"
             "  <key name=\"SharedSecret\" type=\"string\">\n"
             "    <enum><value>alpha-one</value></enum>\n"
             "  </key>\n"
             "  <key name=\"Tree\" type=\"dict\"><ref name=\"node\"/></key>\n"
             "  <define name=\"node\">\n"
             "    <key name=\"Leaf\" type=\"integer\"><range min=\"1\" max=\"9\"/></key>\n"
             "    <key name=\"Next\" type=\"dict\"><ref name=\"node\"/></key>\n"
             "  </define>\n"
             "</payload>\n");
  char setting[128];
  snprintf(setting, sizeof setting, "schema-dir=%s", tmpdir);
  const char *settings[] = {setting, NULL};
  mcl_result *r = lint_with(COMMON("com.example.custom")
                            "      <key>Mode</key><string>turbo</string>\n"
                            "      <key>SharedSecret</key><string>hunter2-secret</string>\n"
                            "      <key>Tree</key><dict><key>Next</key><dict><key>Next</key>"
                            "<dict><key>Leaf</key><integer>12</integer></dict></dict></dict>\n",
                            settings);
  ck_assert_uint_eq(count_rule(r, "unknown-payload-type"), 0);
  ck_assert_uint_eq(count_rule(r, "not-in-enum"), 2);
  ck_assert_rule_at(r, "out-of-range", "<integer>12");
  ck_assert_str_eq(find_rule(r, "out-of-range")->path, "PayloadContent[0].Tree.Next.Next.Leaf");
  /* The secret value is never printed. */
  for (size_t i = 0; i < mcl_result_diag_count(r); i++) {
    const mcl_diag *d = mcl_result_diag(r, i);
    ck_assert_msg(!strstr(d->message, "hunter2"), "%s", d->message);
    ck_assert(!d->hint || !strstr(d->hint, "hunter2"));
  }
  mcl_result_free(r);
  const char *names[] = {"com.example.custom.xml", NULL};
  remove_tmpdir(names);
}
END_TEST

START_TEST(schema_dir_overrides_embedded_schemas) {
  make_tmpdir();
  write_file("com.apple.dock.xml",
             "<payload xmlns=\"urn:mclint:schema:1\" type=\"com.apple.dock\" title=\"Dock\" "
             "source=\"mine.yaml\">\n"
             "  <include payload=\"CommonPayloadKeys\"/>\n"
             "  <key name=\"Shape\" type=\"string\"/>\n"
             "</payload>\n");
  char setting[128];
  snprintf(setting, sizeof setting, "schema-dir=%s", tmpdir);
  const char *settings[] = {setting, NULL};
  mcl_result *r = lint_with(COMMON("com.apple.dock")
                            "      <key>Shape</key><string>round</string>\n"
                            "      <key>orientation</key><string>left</string>\n",
                            settings);
  /* The custom schema replaced Apple's: Shape is known, orientation is not. */
  ck_assert_rule_at(r, "unknown-key", "<key>orientation");
  mcl_result_free(r);
  const char *names[] = {"com.apple.dock.xml", NULL};
  remove_tmpdir(names);
}
END_TEST

static void expect_dir_error(const char *file, const char *text, const char *expected) {
  make_tmpdir();
  write_file(file, text);
  mcl_options *o = mcl_options_new();
  ck_assert_int_eq(mcl_options_set(o, "schema-dir", tmpdir, NULL), 0);
  char *err = NULL;
  mcl_linter *l = mcl_linter_new(o, &err);
  ck_assert_ptr_null(l);
  ck_assert_ptr_nonnull(err);
  ck_assert_msg(strstr(err, expected) != NULL, "expected '%s' in: %s", expected, err);
  free(err);
  mcl_options_free(o);
  const char *names[] = {file, NULL};
  remove_tmpdir(names);
}

START_TEST(malformed_schema_files_are_refused) {
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"dict\"><ref name=\"nowhere\"/></key>\n</payload>\n",
                   "com.example.custom.xml:5: <ref name=\"nowhere\"> (in A) names no <define>");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"string\"/>\n  <key name=\"A\" type=\"integer\"/>\n</payload>\n",
                   "key 'A' is defined twice");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"integer\"><enum><value>x</value></enum></key>\n</payload>\n",
                   "com.example.custom.xml:5: enum value 'x' is not a integer");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"strin\"/>\n</payload>\n",
                   "com.example.custom.xml:5: unknown type 'strin'");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"string\" format=\"([a-z\"/>\n</payload>\n",
                   "does not compile");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"string\">\n</payload>\n",
                   "com.example.custom.xml:7: not well-formed XML");
  expect_dir_error("com.example.other.xml", CUSTOM_HEAD "</payload>\n",
                   "declares type 'com.example.custom'");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <any type=\"string\"/>\n  <any type=\"integer\"/>\n</payload>\n",
                   "com.example.custom.xml:6: second <any> in one dictionary");
  expect_dir_error("com.example.custom.xml",
                   CUSTOM_HEAD "  <key name=\"A\" type=\"dict\"><ref name=\"L\"/></key>\n"
                   "  <define name=\"L\"><item type=\"string\"/></define>\n</payload>\n",
                   "com.example.custom.xml:5: dictionary A refers to define 'L', which is an <item>");
  expect_dir_error("com.example.custom.xml",
                   CUSTOM_HEAD "  <define name=\"D\"><any type=\"any\"/></define>\n"
                   "  <define name=\"D\"><any type=\"any\"/></define>\n</payload>\n",
                   "com.example.custom.xml:6: define 'D' is defined twice (first at line 5)");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"string\" colour=\"red\"/>\n</payload>\n",
                   "com.example.custom.xml:5: unknown attribute 'colour' on <key>");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"string\">hello</key>\n</payload>\n",
                   "com.example.custom.xml:5: unexpected text in <key>");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"string\"><item type=\"string\"/></key>\n</payload>\n",
                   "com.example.custom.xml:5: <item> is not allowed in a string <key>");
  expect_dir_error("com.example.custom.xml", CUSTOM_HEAD "  <key name=\"A\" type=\"array\"/>\n</payload>\n",
                   "com.example.custom.xml:5: array <key> has no <item> or <ref>");
  expect_dir_error("com.example.custom.xml",
                   "<payload xmlns=\"urn:example\" type=\"com.example.custom\" title=\"t\" source=\"s\"/>",
                   "com.example.custom.xml:1: the root element must be <payload xmlns=\"urn:mclint:schema:1\">");
  expect_dir_error("com.example.custom.xml",
                   "<payload xmlns=\"urn:mclint:schema:1\" type=\"com.example.custom\" title=\"t\" "
                   "source=\"s\"><include payload=\"com.example.missing\"/></payload>",
                   "<include payload=\"com.example.missing\">: there is no such payload schema");
}
END_TEST

/* ---- rules ---- */

START_TEST(unknown_key_with_and_without_hint) {
  mcl_result *r = lint_payload(COMMON("com.apple.wifi.managed")
                               "      <key>ssid_str</key><string>Office</string>\n");
  ck_assert_rule_at(r, "unknown-key", "<key>ssid_str");
  const mcl_diag *d = find_rule(r, "unknown-key");
  ck_assert_str_eq(d->path, "PayloadContent[0].ssid_str");
  ck_assert_int_eq(d->severity, MCL_ERROR);
  ck_assert_str_eq(d->hint, "did you mean 'SSID_STR'?");
  mcl_result_free(r);
  r = lint_payload(COMMON("com.apple.wifi.managed") "      <key>Zebra</key><true/>\n");
  ck_assert_rule_at(r, "unknown-key", "<key>Zebra");
  ck_assert_int_eq(find_rule(r, "unknown-key")->severity, MCL_WARNING);
  ck_assert_ptr_null(find_rule(r, "unknown-key")->hint);
  mcl_result_free(r);
}
END_TEST

START_TEST(unknown_key_at_top_level_and_any_keys) {
  /* ConsentText holds language codes (ANY); the top-level dict is TopLevel's. */
  mcl_result *r = lint_text(
      "<plist><dict><key>PayloadContent</key><array/>"
      "<key>PayloadIdentifier</key><string>a</string><key>PayloadType</key>"
      "<string>Configuration</string><key>PayloadUUID</key>"
      "<string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string><key>PayloadVersion</key>"
      "<integer>1</integer><key>ConsentText</key><dict><key>en</key><string>Hi</string>"
      "<key>fr</key><integer>3</integer></dict><key>PayloadScop</key><string>User</string>"
      "</dict></plist>",
      NULL);
  ck_assert_uint_eq(count_rule(r, "unknown-key"), 1);
  ck_assert_str_eq(find_rule(r, "unknown-key")->path, "PayloadScop");
  ck_assert_str_eq(find_rule(r, "unknown-key")->hint, "did you mean 'PayloadScope'?");
  ck_assert_uint_eq(count_rule(r, "wrong-type"), 1);
  ck_assert_str_eq(find_rule(r, "wrong-type")->path, "ConsentText.fr");
  mcl_result_free(r);
  /* A required ANY member describes the entries; it does not require one
   * (an empty VendorConfig, an empty ConsentText). */
  r = lint_text("<plist><dict><key>ConsentText</key><dict/></dict></plist>", NULL);
  ck_assert_uint_eq(count_rule(r, "missing-required-key"), 0);
  mcl_result_free(r);
}
END_TEST

START_TEST(unknown_payload_type) {
  mcl_result *r = lint_payload(COMMON("com.apple.wifi.manged")
                               "      <key>SSID_STR</key><string>x</string>\n");
  ck_assert_rule_at(r, "unknown-payload-type", "<string>com.apple.wifi.manged");
  const mcl_diag *d = find_rule(r, "unknown-payload-type");
  ck_assert_int_eq(d->severity, MCL_WARNING);
  ck_assert_str_eq(d->hint, "did you mean 'com.apple.wifi.managed'?");
  ck_assert_uint_eq(count_rule(r, "unknown-key"), 0); /* keys of an unknown type are not judged */
  mcl_result_free(r);
  r = lint_payload(COMMON("com.apple.nsextension"));
  ck_assert_str_eq(find_rule(r, "unknown-payload-type")->hint,
                   "did you mean 'com.apple.NSExtension'? (payload types are case-sensitive)");
  mcl_result_free(r);
  /* A custom preference domain: informational, unless macOS is not targeted. */
  r = lint_payload(COMMON("com.google.Chrome") "      <key>HomepageLocation</key><string>x</string>\n");
  ck_assert_int_eq(find_rule(r, "unknown-payload-type")->severity, MCL_INFO);
  mcl_result_free(r);
  const char *ios[] = {"platform=ios", NULL};
  r = lint_with(COMMON("com.google.Chrome"), ios);
  ck_assert_int_eq(find_rule(r, "unknown-payload-type")->severity, MCL_WARNING);
  mcl_result_free(r);
}
END_TEST

START_TEST(wrong_type_and_lenient_numbers) {
  mcl_result *r = lint_payload(COMMON("com.apple.wifi.managed")
                               "      <key>AutoJoin</key><string>true</string>\n");
  ck_assert_rule_at(r, "wrong-type", "<string>true");
  ck_assert_str_eq(find_rule(r, "wrong-type")->message,
                   "'AutoJoin' is <string>, but the schema says <true/> or <false/>");
  ck_assert_str_eq(find_rule(r, "wrong-type")->hint, "write <true/>");
  mcl_result_free(r);
  /* An <integer> where a <real> is expected is fine, except with strict types. */
  static const char top[] =
      "<plist><dict><key>DurationUntilRemoval</key><integer>3600</integer></dict></plist>";
  r = lint_text(top, NULL);
  ck_assert_uint_eq(count_rule(r, "wrong-type"), 0);
  mcl_result_free(r);
  const char *strict[] = {"strict-types=true", NULL};
  r = lint_text(top, strict);
  ck_assert_uint_eq(count_rule(r, "wrong-type"), 1);
  ck_assert_uint_eq(find_rule(r, "wrong-type")->col, 45);
  mcl_result_free(r);
}
END_TEST

START_TEST(boolean_integer_mix) {
  static const char body[] = COMMON("com.apple.wifi.managed")
      "      <key>AutoJoin</key><integer>1</integer>\n"
      "      <key>HIDDEN_NETWORK</key><integer>2</integer>\n";
  mcl_result *r = lint_payload(body);
  ck_assert_rule_at(r, "boolean-integer-mix", "<integer>1</integer>\n      <key>HIDDEN");
  ck_assert_int_eq(find_rule(r, "boolean-integer-mix")->severity, MCL_WARNING);
  ck_assert_str_eq(find_rule(r, "boolean-integer-mix")->hint, "write <true/>");
  ck_assert_rule_at(r, "wrong-type", "<integer>2"); /* 2 is no truth value */
  mcl_result_free(r);
  const char *strict[] = {"strict-types=true", NULL};
  r = lint_with(body, strict);
  ck_assert_uint_eq(count_rule(r, "boolean-integer-mix"), 0);
  ck_assert_uint_eq(count_rule(r, "wrong-type"), 2);
  mcl_result_free(r);
  /* <true/> where a 0/1 integer is expected (VPN switches). */
  r = lint_payload(VPN_BASE "      <key>IPv4</key><dict><key>OverridePrimary</key><true/></dict>\n");
  ck_assert_rule_at(r, "boolean-integer-mix", "<true/>");
  ck_assert_str_eq(find_rule(r, "boolean-integer-mix")->path, "PayloadContent[0].IPv4.OverridePrimary");
  mcl_result_free(r);
}
END_TEST

START_TEST(missing_required_key) {
  mcl_result *r = lint_payload(COMMON("com.apple.vpn.managed")
                               "      <key>VPNType</key><string>VPN</string>\n"
                               "      <key>VPN</key><dict><key>AuthName</key><string>me</string></dict>\n");
  ck_assert_uint_eq(count_rule(r, "missing-required-key"), 2);
  const mcl_diag *d = mcl_result_diag(r, 0);
  ck_assert_str_eq(mcl_rule_name(d->rule), "missing-required-key");
  ck_assert_str_eq(d->message, "payload com.apple.vpn.managed has no 'UserDefinedName', which is required");
  ck_assert_uint_eq(d->line, 6);
  ck_assert_uint_eq(d->col, 5);
  /* the second one, whatever other rules report in between */
  for (size_t i = 1; i < mcl_result_diag_count(r); i++)
    if (!strcmp(mcl_rule_name(mcl_result_diag(r, i)->rule), "missing-required-key"))
      d = mcl_result_diag(r, i);
  ck_assert_str_eq(d->path, "PayloadContent[0].VPN");
  ck_assert_str_eq(d->message, "'VPN' has no 'RemoteAddress', which is required");
  mcl_result_free(r);
}
END_TEST

START_TEST(envelope_findings_are_not_repeated) {
  mcl_result *r = lint_payload(
      "      <key>PayloadIdentifier</key><string>com.example.p1</string>\n"
      "      <key>PayloadType</key><string>com.apple.dock</string>\n"
      "      <key>PayloadVersion</key><string>1</string>\n");
  ck_assert_uint_eq(count_rule(r, "payload-version"), 1);
  ck_assert_uint_eq(count_rule(r, "missing-common-key"), 1); /* PayloadUUID */
  ck_assert_no_schema_findings(r);
  mcl_result_free(r);
  r = lint_text("<plist><dict><key>PayloadType</key><string>com.apple.dock</string>"
                "<key>PayloadVersion</key><integer>2</integer></dict></plist>",
                NULL);
  ck_assert_uint_eq(count_rule(r, "top-payload-type"), 1);
  ck_assert_uint_eq(count_rule(r, "payload-version"), 1);
  ck_assert_no_schema_findings(r);
  mcl_result_free(r);
  r = lint_text("<plist><dict><key>PayloadContent</key><dict/></dict></plist>", NULL);
  ck_assert_uint_eq(count_rule(r, "payload-content"), 1);
  ck_assert_no_schema_findings(r);
  mcl_result_free(r);
}
END_TEST

START_TEST(not_in_enum) {
  mcl_result *r = lint_payload(COMMON("com.apple.wifi.managed")
                               "      <key>EncryptionType</key><string>wpa2</string>\n");
  ck_assert_rule_at(r, "not-in-enum", "<string>wpa2");
  const mcl_diag *d = find_rule(r, "not-in-enum");
  ck_assert_str_eq(d->message, "'EncryptionType' is 'wpa2', not one of: 'WEP', 'WPA', 'WPA2', "
                               "'WPA3', 'Any', 'None'");
  ck_assert_str_eq(d->hint, "did you mean 'WPA2'?");
  mcl_result_free(r);
  r = lint_payload(VPN_BASE "      <key>IPv4</key><dict><key>OverridePrimary</key><integer>3</integer></dict>\n");
  ck_assert_rule_at(r, "not-in-enum", "<integer>3");
  mcl_result_free(r);
}
END_TEST

START_TEST(out_of_range) {
  mcl_result *r = lint_payload(COMMON("com.apple.mobiledevice.passwordpolicy")
                               "      <key>maxFailedAttempts</key><integer>12</integer>\n");
  ck_assert_rule_at(r, "out-of-range", "<integer>12");
  ck_assert_str_eq(find_rule(r, "out-of-range")->message,
                   "'maxFailedAttempts' is 12, above the maximum 11");
  mcl_result_free(r);
  r = lint_payload(COMMON("com.apple.mobiledevice.passwordpolicy")
                   "      <key>maxFailedAttempts</key><integer>11</integer>\n");
  ck_assert_no_schema_findings(r);
  mcl_result_free(r);
}
END_TEST

START_TEST(format_mismatch_is_whole_string) {
  mcl_result *r = lint_payload(COMMON("com.apple.wifi.managed")
                               "      <key>PayloadCertificateUUID</key><string>my-cert</string>\n");
  ck_assert_rule_at(r, "format-mismatch", "<string>my-cert");
  mcl_result_free(r);
  /* A valid UUID followed by more text does not match the whole pattern. */
  r = lint_payload(COMMON("com.apple.wifi.managed")
                   "      <key>PayloadCertificateUUID</key>"
                   "<string>6F1D1C2B-3A4E-4F5A-8B6C-7D8E9F0A1B2C-extra</string>\n");
  ck_assert_uint_eq(count_rule(r, "format-mismatch"), 1);
  mcl_result_free(r);
  r = lint_payload(COMMON("com.apple.wifi.managed")
                   "      <key>PayloadCertificateUUID</key><string>{{cert_uuid}}</string>\n");
  ck_assert_uint_eq(count_rule(r, "format-mismatch"), 0); /* template-marker's */
  mcl_result_free(r);
  /* An empty optional value is an unset key. */
  r = lint_payload(COMMON("com.apple.wifi.managed")
                   "      <key>PayloadCertificateUUID</key><string></string>\n");
  ck_assert_uint_eq(count_rule(r, "format-mismatch"), 0);
  mcl_result_free(r);
}
END_TEST

/* Undocumented payload types that Apple ships in its own signed profiles. */
START_TEST(apple_shipped_payload_type) {
  const char *ios[] = {"platform=ios", NULL};
  mcl_result *r = lint_with(COMMON("com.apple.defaults.managed"), ios);
  ck_assert_uint_eq(count_rule(r, "unknown-payload-type"), 0);
  mcl_result_free(r);
  r = lint_with(COMMON("com.apple.defaults.manage"), ios);
  ck_assert_uint_eq(count_rule(r, "unknown-payload-type"), 1);
  mcl_result_free(r);
}
END_TEST

START_TEST(item_count) {
  mcl_result *r = lint_payload(VPN_BASE
                               "      <key>PPP</key><dict><key>AuthEAPPlugins</key><array>"
                               "<string>EAP-RSA</string><string>EAP-TLS</string></array></dict>\n");
  ck_assert_rule_at(r, "item-count", "<array><string>EAP-RSA");
  ck_assert_str_eq(find_rule(r, "item-count")->path, "PayloadContent[0].PPP.AuthEAPPlugins");
  mcl_result_free(r);
}
END_TEST

START_TEST(nested_refs_to_any_depth) {
  /* Home Screen Layout: Pages -> [[icon]] -> Folder icon -> Pages -> ... (recursive define). */
  mcl_result *r = lint_payload(
      COMMON("com.apple.homescreenlayout")
      "      <key>Pages</key><array><array><dict>\n"
      "        <key>Type</key><string>Folder</string>\n"
      "        <key>Pages</key><array><array><dict>\n"
      "          <key>Type</key><string>Widget</string>\n"
      "          <key>BundleID</key><string>com.example.app</string>\n"
      "          <key>Colour</key><string>red</string>\n"
      "        </dict></array></array>\n"
      "      </dict></array></array>\n");
  ck_assert_rule_at(r, "not-in-enum", "<string>Widget");
  ck_assert_str_eq(find_rule(r, "not-in-enum")->path, "PayloadContent[0].Pages[0][0].Pages[0][0].Type");
  ck_assert_rule_at(r, "unknown-key", "<key>Colour");
  mcl_result_free(r);
}
END_TEST

static void *lint_arg(void *arg) {
  const char *text = arg;
  return lint_text(text, NULL);
}

START_TEST(deep_recursive_schemas_on_a_small_stack) {
  /* Folders in folders, 30 deep (120 plist levels, near the readers' cap),
   * linted on a thread with a 256 KiB stack: the walk's frames stay small. */
  mcl_buf b = {0};
  mcl_buf_puts(&b, COMMON("com.apple.homescreenlayout") "      <key>Pages</key>");
  for (int i = 0; i < 30; i++)
    mcl_buf_puts(&b, "<array><array><dict><key>Type</key><string>Folder</string><key>Pages</key>");
  mcl_buf_puts(&b, "<array/>");
  for (int i = 0; i < 30; i++) mcl_buf_puts(&b, "</dict></array></array>");
  mcl_buf_puts(&b, "\n");
  char *text = profile_with_payload(b.data);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  pthread_t t;
  ck_assert_int_eq(pthread_create(&t, &attr, lint_arg, text), 0);
  void *out = NULL;
  pthread_join(t, &out);
  mcl_result *r = out;
  ck_assert_uint_eq(count_rule(r, "nesting-too-deep"), 0);
  ck_assert_no_schema_findings(r);
  mcl_result_free(r);
  pthread_attr_destroy(&attr);
  free(text);
  mcl_buf_free(&b);
}
END_TEST

START_TEST(variants_replace_keys) {
  static const char kerberos[] = COMMON("com.apple.extensiblesso")
      "      <key>ExtensionIdentifier</key><string>com.apple.AppSSOKerberos.KerberosExtension</string>\n"
      "      <key>Type</key><string>Credential</string>\n"
      "      <key>TeamIdentifier</key><string>apple</string>\n";
  mcl_result *r = lint_payload(kerberos);
  ck_assert_uint_eq(count_rule(r, "missing-required-key"), 1);
  ck_assert_str_eq(find_rule(r, "missing-required-key")->message,
                   "payload com.apple.extensiblesso has no 'Realm', which is required");
  mcl_result_free(r);
  r = lint_payload(COMMON("com.apple.extensiblesso")
                   "      <key>ExtensionIdentifier</key><string>com.example.sso</string>\n"
                   "      <key>Type</key><string>Credential</string>\n"
                   "      <key>TeamIdentifier</key><string>ABCDE12345</string>\n");
  ck_assert_uint_eq(count_rule(r, "missing-required-key"), 0);
  mcl_result_free(r);
}
END_TEST

START_TEST(included_keys_follow_their_schema) {
  /* Per-app VPN on watchOS: IKEv2 exists there (VPN schema says watchOS
   * 10.0), VPN does not (the VPN payload is not on watchOS), and neither do
   * the VPN payload's other keys. */
  const char *watch[] = {"platform=watchos", "supervision=supervised", NULL};
  mcl_result *r = lint_with(COMMON("com.apple.vpn.managed.applayer")
                            "      <key>VPNUUID</key><string>x</string>\n"
                            "      <key>IKEv2</key><dict>\n"
                            "        <key>RemoteAddress</key><string>vpn.example.com</string>\n"
                            "        <key>LocalIdentifier</key><string>me</string>\n"
                            "        <key>RemoteIdentifier</key><string>vpn</string>\n"
                            "        <key>AuthenticationMethod</key><string>None</string>\n"
                            "      </dict>\n"
                            "      <key>VPN</key><dict><key>RemoteAddress</key><string>x</string></dict>\n",
                            watch);
  ck_assert_rule_at(r, "unavailable-on-platform", "<key>VPN</key>");
  ck_assert_str_eq(find_rule(r, "unavailable-on-platform")->message, "'VPN' is not available on watchOS");
  /* VPNType and UserDefinedName are required, but not on watchOS (Apple: "Not available in watchOS"). */
  ck_assert_uint_eq(count_rule(r, "missing-required-key"), 0);
  mcl_result_free(r);
}
END_TEST

START_TEST(unavailable_on_platform) {
  static const char body[] = COMMON("com.apple.homescreenlayout")
      "      <key>Pages</key><array/>\n";
  const char *mac[] = {"platform=macos", NULL};
  mcl_result *r = lint_with(body, mac);
  ck_assert_rule_at(r, "unavailable-on-platform", "<string>com.apple.homescreenlayout");
  ck_assert_int_eq(find_rule(r, "unavailable-on-platform")->severity, MCL_ERROR);
  ck_assert_str_eq(find_rule(r, "unavailable-on-platform")->message,
                   "payload com.apple.homescreenlayout (Home Screen Layout) is not available on macOS");
  mcl_result_free(r);
  /* Still useful on another targeted platform: a warning. */
  const char *both[] = {"platform=ios,macos", NULL};
  r = lint_with(body, both);
  ck_assert_int_eq(find_rule(r, "unavailable-on-platform")->severity, MCL_WARNING);
  mcl_result_free(r);
  /* Without a target nothing platform-specific is inferred. */
  r = lint_payload(body);
  ck_assert_no_schema_findings(r);
  mcl_result_free(r);
  /* A key at its default: a Mac that ignores it behaves just the same. */
  static const char restr[] = COMMON("com.apple.applicationaccess")
      "      <key>allowiTunes</key><true/>\n"
      "      <key>forceEncryptedBackup</key><true/>\n";
  r = lint_with(restr, mac);
  ck_assert_uint_eq(count_rule(r, "unavailable-on-platform"), 1);
  ck_assert_rule_at(r, "unavailable-on-platform", "<key>forceEncryptedBackup");
  mcl_result_free(r);
}
END_TEST

START_TEST(newer_than_min_os) {
  static const char body[] = VPN_BASE
      "      <key>VPN</key><dict><key>RemoteAddress</key><string>x</string>\n"
      "        <key>ExcludeDeviceCommunication</key><integer>0</integer></dict>\n";
  const char *old[] = {"platform=ios", "min-os=16", NULL};
  mcl_result *r = lint_with(body, old);
  ck_assert_rule_at(r, "newer-than-min-os", "<key>ExcludeDeviceCommunication");
  ck_assert_str_eq(find_rule(r, "newer-than-min-os")->message,
                   "'ExcludeDeviceCommunication' needs iOS 17.4; the minimum OS is 16.0");
  mcl_result_free(r);
  const char *recent[] = {"platform=ios", "min-os=17.4", NULL};
  r = lint_with(body, recent);
  ck_assert_no_schema_findings(r);
  mcl_result_free(r);
  /* Set to its default, a key that an older release ignores changes
   * nothing there: only the other value is reported. */
  const char *mac14[] = {"platform=macos", "min-os=14", NULL};
  static const char wifi_default[] = COMMON("com.apple.wifi.managed")
      "      <key>SSID_STR</key><string>x</string>\n"
      "      <key>DisableAssociationMACRandomization</key><false/>\n";
  r = lint_with(wifi_default, mac14);
  ck_assert_uint_eq(count_rule(r, "newer-than-min-os"), 0);
  mcl_result_free(r);
  static const char wifi_set[] = COMMON("com.apple.wifi.managed")
      "      <key>SSID_STR</key><string>x</string>\n"
      "      <key>DisableAssociationMACRandomization</key><true/>\n";
  r = lint_with(wifi_set, mac14);
  ck_assert_rule_at(r, "newer-than-min-os", "<key>DisableAssociationMACRandomization");
  mcl_result_free(r);
}
END_TEST

START_TEST(deprecated_and_removed) {
  static const char vpn[] = VPN_BASE
      "      <key>VPN</key><dict><key>RemoteAddress</key><string>x</string>\n"
      "        <key>OnDemandMatchDomainsAlways</key><array/></dict>\n";
  const char *ios[] = {"platform=ios", NULL};
  mcl_result *r = lint_with(vpn, ios);
  ck_assert_rule_at(r, "deprecated", "<key>OnDemandMatchDomainsAlways");
  ck_assert_str_eq(find_rule(r, "deprecated")->message,
                   "'OnDemandMatchDomainsAlways' is deprecated since iOS 7.0");
  mcl_result_free(r);
  r = lint_payload(vpn); /* only deprecated on iOS: not everywhere */
  ck_assert_uint_eq(count_rule(r, "deprecated"), 0);
  mcl_result_free(r);

  static const char restr[] = COMMON("com.apple.applicationaccess")
      "      <key>enforcedSoftwareUpdateDelay</key><integer>60</integer>\n";
  const char *gone[] = {"platform=ios", "min-os=27", NULL};
  r = lint_with(restr, gone);
  ck_assert_rule_at(r, "removed", "<key>enforcedSoftwareUpdateDelay");
  ck_assert_str_eq(find_rule(r, "removed")->message,
                   "'enforcedSoftwareUpdateDelay' was removed in iOS 27.0");
  ck_assert_uint_eq(count_rule(r, "deprecated"), 0);
  mcl_result_free(r);
  const char *before[] = {"platform=ios", "min-os=26", NULL};
  r = lint_with(restr, before);
  ck_assert_uint_eq(count_rule(r, "removed"), 0);
  ck_assert_rule_at(r, "deprecated", "<key>enforcedSoftwareUpdateDelay");
  ck_assert_str_eq(find_rule(r, "deprecated")->message,
                   "'enforcedSoftwareUpdateDelay' was removed in iOS 27.0, after the minimum OS "
                   "26.0: devices from that release on ignore it");
  mcl_result_free(r);
}
END_TEST

START_TEST(supervised_only) {
  static const char body[] = COMMON("com.apple.homescreenlayout") "      <key>Pages</key><array/>\n";
  const char *unsup[] = {"platform=ios", "supervision=unsupervised", NULL};
  mcl_result *r = lint_with(body, unsup);
  ck_assert_rule_at(r, "supervised-only", "<string>com.apple.homescreenlayout");
  mcl_result_free(r);
  const char *sup[] = {"platform=ios", "supervision=supervised", NULL};
  r = lint_with(body, sup);
  ck_assert_no_schema_findings(r);
  mcl_result_free(r);
  /* A supervised-only restriction needs supervision to change, not to be
   * left at its default: allowing what is allowed anyway is no finding. */
  static const char restr[] = COMMON("com.apple.applicationaccess")
      "      <key>allowCloudDocumentSync</key><true/>\n"
      "      <key>allowAppRemoval</key><false/>\n";
  r = lint_with(restr, unsup);
  ck_assert_uint_eq(count_rule(r, "supervised-only"), 1);
  ck_assert_rule_at(r, "supervised-only", "<key>allowAppRemoval");
  mcl_result_free(r);
}
END_TEST

START_TEST(duplicate_payload_type) {
  mcl_result *r = lint_payload(COMMON("com.apple.dock")
                               "    </dict>\n    <dict>\n"
                               "      <key>PayloadIdentifier</key><string>com.example.p2</string>\n"
                               "      <key>PayloadType</key><string>com.apple.dock</string>\n"
                               "      <key>PayloadUUID</key><string>1E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n"
                               "      <key>PayloadVersion</key><integer>1</integer>\n");
  ck_assert_uint_eq(count_rule(r, "duplicate-payload-type"), 1);
  const mcl_diag *d = find_rule(r, "duplicate-payload-type");
  ck_assert_uint_eq(d->line, 14);
  ck_assert_uint_eq(d->col, 29);
  ck_assert_str_eq(d->path, "PayloadContent[1]");
  mcl_result_free(r);
  /* One per profile (multiple="profile"): two removal passwords in one
   * profile are still two. */
  r = lint_payload(COMMON("com.apple.profileRemovalPassword")
                   "    </dict>\n    <dict>\n"
                   "      <key>PayloadIdentifier</key><string>com.example.p2</string>\n"
                   "      <key>PayloadType</key><string>com.apple.profileRemovalPassword</string>\n"
                   "      <key>PayloadUUID</key><string>1E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n"
                   "      <key>PayloadVersion</key><integer>1</integer>\n");
  ck_assert_uint_eq(count_rule(r, "duplicate-payload-type"), 1);
  mcl_result_free(r);
}
END_TEST

/* unknown-key's explanation names every misnaming the checker knows. */
START_TEST(misnamings_are_documented) {
  const char *wrong, *right, *text = mcl_rule_unknown_key.explanation;
  size_t i = 0;
  for (; mcl_schema_misnaming(i, &wrong, &right); i++) {
    ck_assert_msg(strstr(text, wrong), "%s is not in unknown-key's explanation", wrong);
    ck_assert_msg(strstr(text, right), "%s is not in unknown-key's explanation", right);
  }
  ck_assert_uint_ge(i, 5);
}
END_TEST

START_TEST(rules_are_in_the_catalog) {
  static const char *const names[] = {
      "unknown-payload-type", "unknown-key", "wrong-type", "boolean-integer-mix",
      "missing-required-key", "not-in-enum", "out-of-range", "format-mismatch",
      "item-count", "unavailable-on-platform", "newer-than-min-os", "deprecated",
      "removed", "supervised-only", "duplicate-payload-type"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const mcl_rule *r = mcl_rule_find(names[i]);
    ck_assert_msg(r != NULL, "%s", names[i]);
    ck_assert_str_eq(mcl_rule_category(r), "schema");
    ck_assert(!strncmp(mcl_rule_code(r), "MC3", 3));
    ck_assert_ptr_nonnull(mcl_rule_bad_example(r));
    ck_assert_ptr_nonnull(mcl_rule_good_example(r));
    bool targeted = i >= 9;
    ck_assert_int_eq(!!(r->flags & MCL_RULE_TARGETED), targeted);
    if (targeted) ck_assert(strstr(mcl_rule_explanation(r), "How the target matters") != NULL);
  }
}
END_TEST

static void teardown(void) {
  free(last_text);
  last_text = NULL;
}

Suite *schema_suite(void) {
  Suite *s = suite_create("schema");
  TCase *tc = tcase_create("loader");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, release_comes_from_source_xml);
  tcase_add_test(tc, every_embedded_schema_loads);
  tcase_add_test(tc, loading_is_lazy);
  tcase_add_test(tc, threads_share_one_linter);
  tcase_add_test(tc, schema_dir_adds_payload_types);
  tcase_add_test(tc, schema_dir_overrides_embedded_schemas);
  tcase_add_test(tc, malformed_schema_files_are_refused);
  suite_add_tcase(s, tc);
  tc = tcase_create("rules");
  tcase_add_checked_fixture(tc, NULL, teardown);
  tcase_add_test(tc, unknown_key_with_and_without_hint);
  tcase_add_test(tc, unknown_key_at_top_level_and_any_keys);
  tcase_add_test(tc, unknown_payload_type);
  tcase_add_test(tc, wrong_type_and_lenient_numbers);
  tcase_add_test(tc, boolean_integer_mix);
  tcase_add_test(tc, missing_required_key);
  tcase_add_test(tc, envelope_findings_are_not_repeated);
  tcase_add_test(tc, not_in_enum);
  tcase_add_test(tc, out_of_range);
  tcase_add_test(tc, format_mismatch_is_whole_string);
  tcase_add_test(tc, apple_shipped_payload_type);
  tcase_add_test(tc, item_count);
  tcase_add_test(tc, nested_refs_to_any_depth);
  tcase_add_test(tc, deep_recursive_schemas_on_a_small_stack);
  tcase_add_test(tc, variants_replace_keys);
  tcase_add_test(tc, included_keys_follow_their_schema);
  tcase_add_test(tc, unavailable_on_platform);
  tcase_add_test(tc, newer_than_min_os);
  tcase_add_test(tc, deprecated_and_removed);
  tcase_add_test(tc, supervised_only);
  tcase_add_test(tc, duplicate_payload_type);
  tcase_add_test(tc, rules_are_in_the_catalog);
  tcase_add_test(tc, misnamings_are_documented);
  suite_add_tcase(s, tc);
  return s;
}
