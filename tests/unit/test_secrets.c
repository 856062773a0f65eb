/* Secrets: which keys are reported as plaintext secrets, and that no
 * message, hint or source line ever shows a secret value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rules/rule.h"

#define COMMON(type)                                                                    \
  "      <key>PayloadIdentifier</key><string>com.example.p</string>\n"                  \
  "      <key>PayloadType</key><string>" type                                           \
  "</string>\n"                                                                         \
  "      <key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n" \
  "      <key>PayloadVersion</key><integer>1</integer>\n"

typedef struct {
  char *text;
  mcl_result *r;
} lint;

static lint run(const char *body) {
  lint l;
  l.text = profile_with_payload(body);
  l.r = lint_text(l.text, NULL);
  return l;
}

static void done(lint *l) {
  mcl_result_free(l->r);
  free(l->text);
}

/* No finding's message, hint or shown source line contains needle. */
static void assert_never_shown(const mcl_result *r, const char *needle) {
  for (size_t i = 0; i < mcl_result_diag_count(r); i++) {
    const mcl_diag *d = mcl_result_diag(r, i);
    ck_assert_msg(!strstr(d->message, needle), "message shows %s: %s", needle, d->message);
    ck_assert_msg(!d->hint || !strstr(d->hint, needle), "hint shows %s: %s", needle, d->hint);
    size_t len;
    const char *line = mcl_result_source_line(r, d->line, &len);
    if (!line) continue;
    char *copy = strndup(line, len);
    ck_assert_msg(!strstr(copy, needle), "line %u shows %s: %s", d->line, needle, copy);
    free(copy);
  }
}

START_TEST(apple_secret_keys) {
  static const char *const secret[] = {"Password",
                                       "AuthPassword",
                                       "SharedSecret",
                                       "XAuthPassword",
                                       "PPK",
                                       "HTTPProxyPassword",
                                       "ProxyPassword",
                                       "UserPassword",
                                       "CertificatePassword",
                                       "IncomingPassword",
                                       "OutgoingPassword",
                                       "CalDAVPassword",
                                       "CardDAVPassword",
                                       "SubCalAccountPassword",
                                       "LDAPAccountPassword",
                                       "AutologinPassword",
                                       "RemovalPassword",
                                       "Challenge",
                                       "RegistrationToken",
                                       "sharedSecret",
                                       "password"};
  static const char *const not_secret[] = {"XAuthPasswordEncryption",
                                           "OneTimeUserPassword",
                                           "allowPasswordAutoFill",
                                           "PromptForVPNPIN",
                                           "OutgoingPasswordSameAsIncomingPassword",
                                           "PPKIdentifier",
                                           "TokenCard",
                                           "ClientSecret",
                                           "SafariPasswordAutoFillDomains"};
  for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++) {
    ck_assert_msg(mcl_is_plaintext_secret_key(secret[i], false), "%s", secret[i]);
    /* everything reported is also masked in source lines */
    ck_assert_msg(mcl_is_secret_key(secret[i]), "%s is not masked", secret[i]);
  }
  for (size_t i = 0; i < sizeof not_secret / sizeof not_secret[0]; i++)
    ck_assert_msg(!mcl_is_plaintext_secret_key(not_secret[i], false), "%s", not_secret[i]);
  static const char *const vendor[] = {"ClientSecret",  "DatabasePassword", "db_passwd",
                                       "ApiKey",        "api_key",          "PrivateKey",
                                       "WifiPassphrase"};
  for (size_t i = 0; i < sizeof vendor / sizeof vendor[0]; i++) {
    ck_assert_msg(mcl_is_plaintext_secret_key(vendor[i], true), "%s", vendor[i]);
    ck_assert_msg(mcl_is_secret_key(vendor[i]), "%s is not masked", vendor[i]);
  }
  ck_assert(!mcl_is_plaintext_secret_key("PasswordPolicy", true));
  ck_assert(!mcl_is_plaintext_secret_key("ServerURL", true));
}
END_TEST

static bool text_secret(const char *text, const char *what, size_t offset) {
  mcl_text_secret t;
  bool found = mcl_find_text_secret(text, strlen(text), &t);
  if (!found || !what) return found;
  ck_assert_str_eq(t.what, what);
  ck_assert_uint_eq(t.offset, offset);
  return true;
}

/* Secrets inside configuration text, and what stands for one instead. */
/* The plain statement of mcl_is_secret_key: one of the words anywhere in
 * the lower-cased key, or the whole key "pin" or "ppk". */
static bool reference_secret_key(const char *key) {
  static const char *const words[] = {"passw",  "passphrase", "psk",   "privatekey", "private_key",
                                      "secret", "apikey",     "api_key", "token",    "challenge"};
  char low[64];
  size_t n = strlen(key);
  ck_assert_uint_lt(n, sizeof low);
  for (size_t i = 0; i <= n; i++)
    low[i] = key[i] >= 'A' && key[i] <= 'Z' ? (char)(key[i] - 'A' + 'a') : key[i];
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
    if (strstr(low, words[w])) return true;
  return strcmp(low, "pin") == 0 || strcmp(low, "ppk") == 0;
}

/* The fast scan agrees with the reference on keys built from pieces of the
 * words, their neighbours in the alphabet (a byte whose low five bits are a
 * letter's: '0' is 'p' & 31) and bytes above 0x7F. */
START_TEST(secret_key_scan_matches_reference) {
  static const char *const pieces[] = {
      "Pa",  "pA",   "ss", "SW",  "word", "Passw", "phrase", "Ps",  "K",    "k",   "pr",
      "Ivate", "KEY", "_", "sE",  "cret", "Ap",    "i",      "To",  "ken",  "Ch",  "allenge",
      "p",   "P",    "0",  "\xC3\xA9", "%",  "Pin", "pPk",  "s",   "Payload", "e", "o", "Api_"};
  size_t np = sizeof pieces / sizeof pieces[0], found = 0;
  uint32_t seed = 12345;
  for (int round = 0; round < 200000; round++) {
    char key[64] = "";
    size_t parts = 1 + round % 5;
    for (size_t k = 0; k < parts; k++) {
      seed = seed * 1103515245u + 12345u;
      strcat(key, pieces[(seed >> 8) % np]);
    }
    bool want = reference_secret_key(key);
    found += want;
    ck_assert_msg(mcl_is_secret_key(key) == want, "'%s': expected %d", key, want);
  }
  ck_assert_uint_gt(found, 1000); /* both answers were exercised */
  ck_assert(!mcl_is_secret_key(""));
  ck_assert(!mcl_is_secret_key("p"));
  ck_assert(mcl_is_secret_key("PIN") && !mcl_is_secret_key("PINs"));
}
END_TEST

START_TEST(secrets_in_text) {
  ck_assert(text_secret("[Interface]\n  PrivateKey = kL3cG9x2aQ7vR1mN8pT4=\n", "PrivateKey", 14));
  ck_assert(text_secret("[Peer]\nPublicKey = a\nPresharedKey=\"b0b1\"", "PresharedKey", 21));
  ck_assert(text_secret("db_password=hunter2", "db_password", 0));
  ck_assert(text_secret("see https://svc:hunter2@example.com/x", "a URL's password", 4));
  /* Placeholders, variables, masks, prose, public keys, URLs without one. */
  const char *none[] = {
      "PrivateKey = {{ private_key }}", "Password = $PASSWORD", "password=%PASS%",
      "Password = ********",            "password = password",  "Password = ask the service desk",
      "PublicKey = 9sHcQ2xV7bN4mK1=",   "Password =",           "https://user@example.com/",
      "https://example.com:443/a@b",    "https://user:****@example.com/",
      "ftp://anonymous:@example.com/",  "mailto:someone@example.com",
  };
  for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
    ck_assert_msg(!text_secret(none[i], NULL, 0), "%s", none[i]);
}
END_TEST

START_TEST(plaintext_secret_positions) {
  lint l = run(COMMON("com.apple.wifi.managed")
               "      <key>SSID_STR</key><string>Guest</string>\n"
               "      <key>Password</key><string>zqx-wifi</string>\n");
  ck_assert_diag_at_text(l.r, "plaintext-secret", l.text, "<string>zqx-wifi");
  ck_assert_str_eq(find_rule(l.r, "plaintext-secret")->path, "PayloadContent[0].Password");
  assert_never_shown(l.r, "zqx");
  done(&l);
  l = run(COMMON("com.apple.vpn.managed")
          "      <key>IPSec</key><dict>\n        <key>SharedSecret</key><data>enF4LWRhdGE=</data>\n"
          "        <key>XAuthPasswordEncryption</key><string>Prompt</string>\n      </dict>\n");
  ck_assert_diag_at_text(l.r, "plaintext-secret", l.text, "<data>enF4");
  ck_assert_str_eq(find_rule(l.r, "plaintext-secret")->path,
                   "PayloadContent[0].IPSec.SharedSecret");
  assert_never_shown(l.r, "enF4LWRhdGE");
  done(&l);
  /* Vendor settings: the key's name decides. */
  l = run(COMMON("com.apple.ManagedClient.preferences")
          "      <key>PayloadContent</key><dict><key>com.example.app</key><dict><key>Forced</key><array>\n"
          "        <dict><key>mcx_preference_settings</key><dict>\n"
          "          <key>ClientSecret</key><string>zqx-client</string>\n"
          "        </dict></dict></array></dict></dict>\n");
  ck_assert_diag_at_text(l.r, "plaintext-secret", l.text, "<string>zqx-client");
  done(&l);
}
END_TEST

START_TEST(not_secrets) {
  lint l = run(COMMON("com.apple.eas.account")
               "      <key>Password</key><string></string>\n"
               "      <key>CertificatePassword</key><string>{{cert_password}}</string>\n"
               "      <key>OutgoingPasswordSameAsIncomingPassword</key><true/>\n"
               "      <key>ClientSecret</key><string>not an Apple key</string>\n");
  ck_assert_uint_eq(count_rule(l.r, "plaintext-secret"), 0);
  ck_assert_uint_eq(count_rule(l.r, "template-marker"), 1);
  assert_never_shown(l.r, "cert_password");
  done(&l);
}
END_TEST

START_TEST(masking) {
  /* A secret under a shadowed duplicate key, an <integer> secret, and
   * invalid base64 in a secret key: none shows. */
  lint l = run(COMMON("com.apple.vpn.managed")
               "      <key>Password</key><string>zqx1</string>\n"
               "      <key>Password</key><integer>4242zqx2</integer>\n"
               "      <key>IPSec</key><dict><key>SharedSecret</key><data>#zqx3</data></dict>\n");
  ck_assert_uint_eq(count_rule(l.r, "duplicate-key"), 1);
  ck_assert_uint_eq(count_rule(l.r, "invalid-base64"), 1);
  ck_assert_ptr_null(strstr(find_rule(l.r, "invalid-base64")->message, "'#'"));
  assert_never_shown(l.r, "zqx");
  unsigned line, col;
  pos_of(l.text, "<string>zqx1", &line, &col);
  size_t len;
  const char *shown = mcl_result_source_line(l.r, line, &len);
  ck_assert_ptr_nonnull(shown);
  ck_assert_int_eq(strncmp(shown, "      <key>Password</key><string>******</string>", len), 0);
  done(&l);
  /* A malformed document has no tree: the text pass masks it. */
  const char *broken =
      "<plist><dict><key>Password</key>\n<string>zqx4 & <zqx5></string></dict></plist>\n";
  mcl_result *r = lint_text(broken, NULL);
  ck_assert_uint_ge(mcl_result_diag_count(r), 1);
  assert_never_shown(r, "zqx");
  mcl_result_free(r);
  /* A non-secret value keeps its line and its quote. */
  l = run(COMMON("com.apple.vpn.managed") "      <key>RemoteAddress</key><string>*vpn*</string>\n");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "template-marker")->message, "*vpn*"));
  pos_of(l.text, "<string>*vpn*", &line, &col);
  ck_assert_ptr_nonnull(strstr(mcl_result_source_line(l.r, line, &len), "*vpn*"));
  done(&l);
}
END_TEST

START_TEST(withheld_messages) {
  /* A message quoting a value that shares its line with a secret (here the
   * same text) loses its details... */
  lint l = run(COMMON("com.apple.vpn.managed")
               "      <key>VPNType</key><string>IKEv2</string>\n"
               "      <key>VPNSubType</key><string>zqxsame</string><key>Password</key><string>zqxsame</string>\n");
  const mcl_diag *d = find_rule(l.r, "vpn-subtype");
  ck_assert_ptr_nonnull(d);
  ck_assert_ptr_nonnull(strstr(d->message, "details withheld"));
  assert_never_shown(l.r, "zqx");
  done(&l);
  /* ...but words of a message that quotes nothing are not the secret's,
   * even when the secret happens to use them. */
  l = run(COMMON(
      "com.apple.wifi.managed") "      <key>Password</key><string>plain secret text</string>\n");
  ck_assert_ptr_null(strstr(find_rule(l.r, "plaintext-secret")->message, "withheld"));
  done(&l);
}
END_TEST

Suite *secrets_suite(void) {
  Suite *s = suite_create("secrets");
  TCase *tc = tcase_create("rules");
  tcase_add_test(tc, apple_secret_keys);
  tcase_add_test(tc, plaintext_secret_positions);
  tcase_add_test(tc, secrets_in_text);
  tcase_add_test(tc, secret_key_scan_matches_reference);
  tcase_add_test(tc, not_secrets);
  tcase_add_test(tc, masking);
  tcase_add_test(tc, withheld_messages);
  suite_add_tcase(s, tc);
  return s;
}
