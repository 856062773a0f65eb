/* ProfileManifests manifests: the reader, the model, keys read on first use
 * (from several threads), and their findings at the right place. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "harness.h"
#include "schema/manifest.h"

#define DOMAIN_SUBKEYS "<dict>\n<key>pfm_domain</key><string>d</string>\n<key>pfm_subkeys</key>\n"
#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n"

static mcl_schema *parse(const char *text, char **err) {
  char *copy = mcl_xstrdup(text);
  mcl_schema *s = mcl_manifest_parse(copy, strlen(text), "t.plist", err);
  if (!s) free(copy);
  return s;
}

static void expect_error(const char *text, const char *want) {
  char *err = NULL;
  mcl_schema *s = parse(text, &err);
  ck_assert_ptr_null(s);
  ck_assert_msg(err && strstr(err, want), "error '%s', expected '%s'", err ? err : "", want);
  free(err);
}

/* A key that holds a NUL after a known pfm_ name ("pfm_name\0xyz") is not
 * that name, and judging it reads neither string past its end (found by
 * fuzz_manifest under AddressSanitizer). */
START_TEST(key_with_a_nul_is_no_known_key) {
  static const char text[] = HEAD DOMAIN_SUBKEYS "<array/>\n<key>pfm_name\0xyz</key>"
                                  "<string>v</string>\n</dict>\n</plist>\n";
  char *copy = mcl_xmalloc(sizeof text);
  memcpy(copy, text, sizeof text);
  char *err = NULL;
  mcl_schema *s = mcl_manifest_parse(copy, sizeof text - 1, "nul.plist", &err);
  ck_assert_msg(s != NULL, "rejected: %s", err ? err : "");
  mcl_manifest_free(s);
  free(err);
}
END_TEST

START_TEST(reader_errors_name_the_line) {
  expect_error(HEAD "<dict>\n<key>pfm_domain</key>\n<string>a</string>\n",
               "t.plist:6: the document ends");
  expect_error(HEAD "<dict>\n<key>pfm_domain</key>\n"
                    "<string>a &bogus; b</string>\n</dict>\n</plist>\n",
               "t.plist:5: unknown entity");
  expect_error(HEAD "<dict/>\n</plist>\n<extra/>\n", "content after </plist>");
  expect_error("<html></html>", "not an XML property list");
  /* "<!" that is no comment once made the reader loop forever (found by fuzzing). */
  expect_error(HEAD "<!ict>\n</plist>\n", "t.plist:3: unexpected markup");
  expect_error(HEAD "<dict>\n<key>a</key>\n</dict>\n</plist>\n", "<key> without a value");
  /* A dict with entries closed after a dangling <key> leaked them (found by
   * fuzzing; the ASan run of this test fails on the leak). */
  expect_error(HEAD "<dict>\n<key>a</key><true/>\n<key>b</key>\n</dict>\n</plist>\n",
               "t.plist:6: <key> without a value");
  mcl_buf deep = {0};
  mcl_buf_puts(&deep, HEAD);
  for (int i = 0; i < 100; i++) mcl_buf_puts(&deep, "<array>");
  expect_error(deep.data, "nested too deeply");
  mcl_buf_free(&deep);
}
END_TEST

START_TEST(own_keys_of_the_wrong_type_reject_the_manifest) {
  expect_error(HEAD DOMAIN_SUBKEYS "<array>\n"
                    "<dict><key>pfm_name</key><string>K</string><key>pfm_require</key>\n"
                    "<string>always</string><key>pfm_type</key><integer>1</integer></dict>\n"
                    "</array>\n</dict>\n</plist>\n",
               "t.plist:8: pfm_type of 'K' is <integer>; it must be <string>");
  expect_error(HEAD DOMAIN_SUBKEYS "<array>\n"
                    "<dict><key>pfm_name</key><string>K</string><key>pfm_type</key>"
                    "<string>string</string>\n<key>pfm_format</key><string>(</string>\n"
                    "<key>pfm_require</key><string>always</string></dict>\n"
                    "</array>\n</dict>\n</plist>\n",
               "pfm_format of 'K' does not compile");
  expect_error(HEAD "<dict>\n<key>pfm_domain</key><string>d</string>\n</dict>\n</plist>\n",
               "the manifest has no pfm_subkeys");
}
END_TEST

/* A manifest of one eager key (it has pfm_require) and 40 keys read on
 * first use, one of which is broken: that one is found when it is used,
 * and only that key goes unchecked. */
static char *lazy_manifest(void) {
  mcl_buf b = {0};
  mcl_buf_puts(&b, HEAD "<dict>\n<key>pfm_description</key><string>x &lt; y</string>\n"
                        "<key>pfm_domain</key><string>com.example.lazy</string>\n"
                        "<key>pfm_subkeys</key>\n<array>\n"
                        "<dict><key>pfm_name</key><string>Always</string><key>pfm_require</key>"
                        "<string>always</string><key>pfm_type</key><string>string</string>"
                        "</dict>\n");
  for (int i = 0; i < 40; i++)
    mcl_buf_printf(&b,
                   "<dict><key>pfm_description</key><string><![CDATA[<b>%d</b>]]></string>"
                   "<key>pfm_name</key><string>Key%02d</string><key>pfm_type</key>"
                   "<string>%s</string></dict>\n",
                   i, i, i == 7 ? "nonsense" : "integer");
  mcl_buf_puts(&b, "</array>\n</dict>\n</plist>\n");
  return b.data;
}

typedef struct {
  const mcl_schema *s;
  const mcl_snode *seen[40];
} job;

static void *resolve_all(void *arg) {
  job *j = arg;
  for (int i = 0; i < 40; i++) {
    char name[8];
    snprintf(name, sizeof name, "Key%02d", i);
    const mcl_snode *stub = mcl_members_find(&j->s->members, name);
    j->seen[i] = stub ? mcl_manifest_resolve(stub) : NULL;
  }
  return NULL;
}

START_TEST(keys_are_read_once_on_first_use_from_any_thread) {
  char *text = lazy_manifest(), *err = NULL;
  mcl_schema *s = mcl_manifest_parse(text, strlen(text), "lazy.plist", &err);
  ck_assert_msg(s != NULL, "%s", err ? err : "");
  ck_assert_str_eq(s->type, "com.example.lazy");
  ck_assert_uint_eq(s->members.count, 41);
  const mcl_snode *always = mcl_members_find(&s->members, "Always");
  ck_assert(always->required && !(always->pfm && always->pfm->lazy_len)); /* read at once */
  const mcl_snode *stub = mcl_members_find(&s->members, "Key03");
  ck_assert(stub->pfm && stub->pfm->lazy_len); /* not read yet */
  job jobs[4];
  pthread_t t[4];
  for (int i = 0; i < 4; i++) {
    jobs[i].s = s;
    pthread_create(&t[i], NULL, resolve_all, &jobs[i]);
  }
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  for (int k = 0; k < 40; k++)
    for (int i = 1; i < 4; i++) ck_assert_ptr_eq(jobs[i].seen[k], jobs[0].seen[k]);
  ck_assert_int_eq(jobs[0].seen[3]->type, MCL_S_INTEGER);
  /* The broken entry stands for any value and says why, with its line. */
  ck_assert_int_eq(jobs[0].seen[7]->type, MCL_S_ANY);
  const char *why = mcl_members_find(&s->members, "Key07")->pfm->lazy_error;
  ck_assert_msg(why && strstr(why, "lazy.plist:16: pfm_type of 'Key07' is 'nonsense'"), "%s",
                why ? why : "(none)");
  mcl_manifest_free(s);
}
END_TEST

/* pfm_targets: user and user-managed are a User profile's scope, system
 * and system-managed a System profile's; a scope not listed is denied on
 * macOS; a target that is not a string rejects the manifest. */
START_TEST(targets_deny_the_scopes_not_listed) {
  char *err = NULL;
  mcl_schema *s = parse(HEAD "<dict>\n<key>pfm_domain</key><string>d</string>\n"
                             "<key>pfm_targets</key><array><string>system-managed</string></array>\n"
                             "<key>pfm_subkeys</key><array>\n"
                             "<dict><key>pfm_name</key><string>K</string><key>pfm_require</key>"
                             "<string>always</string><key>pfm_targets</key><array>"
                             "<string>user-managed</string><string>system</string></array>"
                             "<key>pfm_type</key><string>string</string></dict>\n"
                             "</array>\n</dict>\n</plist>\n",
                        &err);
  ck_assert_msg(s != NULL, "%s", err ? err : "");
  ck_assert_uint_eq(s->platform[1].denied_scopes, MCL_DENIED_USER); /* macOS */
  ck_assert_uint_eq(s->platform[0].denied_scopes, 0);                /* iOS: no scopes */
  const mcl_snode *k = mcl_members_find(&s->members, "K");
  ck_assert_ptr_nonnull(k->platform);
  ck_assert_uint_eq(k->platform[1].denied_scopes, 0); /* both listed */
  mcl_manifest_free(s);
  expect_error(HEAD DOMAIN_SUBKEYS "<array/>\n<key>pfm_targets</key><array><integer>1</integer>"
                    "</array>\n</dict>\n</plist>\n",
               "pfm_targets of the manifest holds <integer>, not a target name");
}
END_TEST

START_TEST(scan_finds_the_top_level_domain_only) {
  const char *t = HEAD "<dict><key>pfm_subkeys</key><array><dict><key>pfm_domain</key>"
                       "<string>inner</string></dict></array>\n<key>pfm_domain</key>\n"
                       "\t<string>com.example.outer</string></dict></plist>";
  char *d = mcl_manifest_scan_domain(t, strlen(t));
  ck_assert_str_eq(d, "com.example.outer");
  free(d);
}
END_TEST

/* Findings at the value's line and key path, through the whole pipeline. */
START_TEST(findings_at_the_key_path) {
  const char *settings[] = {"manifests=" MCLINT_TESTDATA "/../tests/manifests/pfm", NULL};
  char *p = profile_with_payload(
      "<key>PayloadType</key><string>com.example.app</string>\n"
      "<key>PayloadUUID</key><string>6A1B2C3D-0000-4000-8000-00000000000A</string>\n"
      "<key>PayloadIdentifier</key><string>com.example.a</string>\n"
      "<key>PayloadVersion</key><integer>1</integer>\n"
      "<key>Bookmarks</key><array><dict><key>name</key><string>n</string>"
      "<key>Kind</key><string>lnk</string></dict></array>\n");
  mcl_result *r = lint_text(p, settings);
  ck_assert_diag_at_text(r, "not-in-enum", p, "<string>lnk");
  const mcl_diag *d = find_rule(r, "not-in-enum");
  ck_assert_str_eq(d->path, "PayloadContent[0].Bookmarks[0].Kind");
  ck_assert_msg(strstr(d->message, "(per the com.example.app manifest)"), "%s", d->message);
  ck_assert_uint_eq(count_rule(r, "unknown-payload-type"), 0);
  mcl_result_free(r);
  free(p);
}
END_TEST

Suite *manifest_suite(void) {
  Suite *s = suite_create("manifest");
  TCase *t = tcase_create("core");
  tcase_add_test(t, reader_errors_name_the_line);
  tcase_add_test(t, key_with_a_nul_is_no_known_key);
  tcase_add_test(t, own_keys_of_the_wrong_type_reject_the_manifest);
  tcase_add_test(t, targets_deny_the_scopes_not_listed);
  tcase_add_test(t, keys_are_read_once_on_first_use_from_any_thread);
  tcase_add_test(t, scan_finds_the_top_level_domain_only);
  tcase_add_test(t, findings_at_the_key_path);
  suite_add_tcase(s, t);
  return s;
}
