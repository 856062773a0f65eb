#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "plist/walk.h"
#include "rules/rule.h"

/* The keys that hold a secret in Apple's payload schemas: passwords, shared
 * secrets, pre-shared keys, SCEP challenges and tokens. Names match
 * exactly: XAuthPasswordEncryption, allowPasswordAutoFill or
 * OneTimeUserPassword (a flag) are not secrets. */
static const char *const apple_secrets[] = {
    "Password",
    "AuthPassword",
    "SharedSecret",
    "sharedSecret",
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
    "JabberPassword",
    "AIMPassword",
    "AutologinPassword",
    "RemovalPassword",
    "Challenge",
    "RegistrationToken",
    "PIRAuthenticationToken",
    "password",
};

/* Vendor settings (custom payloads, MCX preferences, a VPN's VendorConfig)
 * follow no schema: there a name ending like a secret is taken for one. */
static const char *const vendor_suffixes[] = {"password", "passwd",  "passphrase", "secret",
                                              "apikey",   "api_key", "privatekey", "private_key"};

bool mcl_is_plaintext_secret_key(const char *key, bool vendor) {
  for (size_t i = 0; i < sizeof apple_secrets / sizeof apple_secrets[0]; i++)
    if (strcmp(key, apple_secrets[i]) == 0) return true;
  if (!vendor) return false;
  size_t n = strlen(key);
  for (size_t i = 0; i < sizeof vendor_suffixes / sizeof vendor_suffixes[0]; i++) {
    size_t m = strlen(vendor_suffixes[i]);
    if (n >= m && strcasecmp(key + n - m, vendor_suffixes[i]) == 0) return true;
  }
  return false;
}

typedef struct {
  bool vendor_payload;
} walk_state;

static void visit(mcl_ctx *ctx, const char *key, const mcl_value *v, mcl_walk_path *where,
                  void *arg) {
  const walk_state *st = arg;
  /* mcl_is_secret_key is a cheap superset of the keys reported here. */
  if (!key || !mcl_is_secret_key(key) || v->invalid || !mcl_value_has_content(v)) return;
  const char *path = mcl_walk_path_text(where);
  bool vendor = st->vendor_payload || strstr(path, ".VendorConfig.") != NULL;
  if (!mcl_is_plaintext_secret_key(key, vendor)) return;
  if (v->type == MCL_T_STRING && mcl_has_template_marker(v->u.str.s)) return;
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_plaintext_secret, v->pos, path,
                         "%s holds a secret in plain text: anyone who obtains the profile can "
                         "read it",
                         key);
  mcl_hint(ctx, d,
           "leave it out so that the device asks for it, authenticate with a "
           "certificate instead, or encrypt the profile for its device");
}

static void check(mcl_ctx *ctx) {
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    walk_state st = {!p->type || strncmp(p->type, "com.apple.", 10) != 0 ||
                     strcmp(p->type, "com.apple.ManagedClient.preferences") == 0};
    mcl_walk(ctx, p->dict, p->path, visit, &st);
  }
}

const mcl_rule mcl_rule_plaintext_secret = {
    MCL_RULE_IDENTITY(plaintext_secret), .name = "plaintext-secret", .severity = MCL_WARNING,
    .summary = "A password, shared secret or key stored in plain text in the profile",
    .explanation =
        "Anyone who gets hold of a profile (from a web server, a mail, a repository, a "
        "device backup, an MDM export) can read every secret in it: base64 in <data> is "
        "an encoding, not encryption. Reported, with the key path and never the value: "
        "passwords of VPN, Wi-Fi, 802.1X, mail, Exchange, CalDAV, CardDAV, LDAP and proxy "
        "accounts, VPN shared secrets and post-quantum pre-shared keys, PKCS#12 passwords, "
        "SCEP challenges, FileVault, AD binding, auto-login and removal passwords, and in "
        "vendor settings any key named like a password or secret.\n\n"
        "Empty values and template placeholders (see template-marker) are not reported. "
        "Better: leave the secret out so the device asks for it; use certificate "
        "authentication (SCEP or ACME for identities); deliver the profile by MDM; or "
        "encrypt it for the device (EncryptedPayloadContent).",
    .bad = "<key>IKEv2</key>\n<dict>\n  <key>AuthenticationMethod</key>\n"
           "  <string>SharedSecret</string>\n  <key>SharedSecret</key>\n"
           "  <string>correct horse battery staple</string>\n</dict>",
    .good = "<key>IKEv2</key>\n<dict>\n  <key>AuthenticationMethod</key>\n"
            "  <string>Certificate</string>\n  <key>PayloadCertificateUUID</key>\n"
            "  <string>4F2C8A1D-6B3E-4C7F-9A0D-2E5B8C1F4A7D</string>\n</dict>",
    .check = check,
};
