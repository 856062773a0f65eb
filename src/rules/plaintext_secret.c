#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "plist/walk.h"
#include "rules/rule.h"
#include "rules/schema_facts.h"

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
static const char *const vendor_suffixes[] = {
    "password", "passwd",      "passphrase",   "secret",       "apikey",
    "api_key",  "privatekey",  "private_key",  "presharedkey", "preshared_key"};

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

/* A value that stands for a secret instead of being one: a template
 * placeholder, a variable ($PASSWORD, %PASS%, {{pw}}, <your key>), a mask
 * (****, xxxx) or the word itself ("password"). */
static bool stands_for_secret(const char *v, size_t n) {
  if (!n || strchr("$%{<", v[0])) return true;
  bool same = true;
  for (size_t i = 1; i < n && same; i++)
    same = tolower((unsigned char)v[i]) == tolower((unsigned char)v[0]);
  if (same) return true;
  static const char *const words[] = {"password", "passwd", "pass", "secret", "none", "null"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strlen(words[i]) == n && strncasecmp(v, words[i], n) == 0) return true;
  char copy[256];
  if (n >= sizeof copy) return false;
  memcpy(copy, v, n);
  copy[n] = '\0';
  return mcl_has_template_marker(copy);
}

/* "Name = value" at line: a vendor secret's name, and a value of one word
 * (prose such as "Password = ask IT" is not configuration). */
static bool secret_line(const char *line, const char *end, mcl_text_secret *out) {
  const char *p = line;
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  const char *name = p;
  while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.')) p++;
  size_t name_len = (size_t)(p - name);
  if (!name_len || name_len >= sizeof out->name) return false;
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  if (p == end || *p != '=') return false;
  p++;
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  const char *v = p, *ve = end;
  while (ve > v && isspace((unsigned char)ve[-1])) ve--;
  if (ve - v >= 2 && (*v == '"' || *v == '\'') && ve[-1] == *v) v++, ve--;
  for (const char *c = v; c < ve; c++)
    if (isspace((unsigned char)*c)) return false;
  memcpy(out->name, name, name_len);
  out->name[name_len] = '\0';
  if (!mcl_is_plaintext_secret_key(out->name, true) || stands_for_secret(v, (size_t)(ve - v)))
    return false;
  out->what = out->name;
  return true;
}

/* scheme://user:password@host at s[i] ("://" there). */
static bool url_password(const char *s, size_t len, size_t i, size_t *start) {
  size_t b = i;
  while (b > 0 && (isalnum((unsigned char)s[b - 1]) || strchr("+.-", s[b - 1]))) b--;
  if (b == i || !isalpha((unsigned char)s[b])) return false;
  size_t a = i + 3, e = a, at = 0, colon = 0;
  for (; e < len && !strchr("/?#", s[e]) && !isspace((unsigned char)s[e]); e++) {
    if (s[e] == '@') at = e;
    if (s[e] == ':' && !colon && !at) colon = e;
  }
  if (!at || !colon || colon > at || colon + 1 == at) return false;
  *start = b;
  return !stands_for_secret(s + colon + 1, at - colon - 1);
}

bool mcl_find_text_secret(const char *s, size_t len, mcl_text_secret *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < len;) { /* each line */
    const char *nl = memchr(s + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - s) : len;
    if (memchr(s + i, '=', end - i) && secret_line(s + i, s + end, out)) {
      while (s[i] == ' ' || s[i] == '\t') i++; /* at the name */
      out->offset = i;
      return true;
    }
    i = end + 1;
  }
  for (const char *p = s; (p = memchr(p, ':', len - (size_t)(p - s))) != NULL; p++) {
    size_t i = (size_t)(p - s), start;
    if (i + 3 <= len && p[1] == '/' && p[2] == '/' && url_password(s, len, i, &start)) {
      out->offset = start;
      out->what = "a URL's password";
      return true;
    }
  }
  return false;
}

typedef struct {
  bool vendor_payload;
  const mcl_violations *facts; /* the schema's, for its unknown keys */
} walk_state;

/* v's key is one Apple's schema does not know, meant for a secret key
 * (WiFiPassword or Pasword for Password: the checker's suggestion): a
 * password under a wrong key is still in the profile. */
static bool misnamed_secret(const walk_state *st, const mcl_value *v) {
  for (size_t i = 0; i < st->facts->count; i++) {
    const mcl_violation *f = &st->facts->items[i];
    if (f->kind == MCL_SV_UNKNOWN_KEY && f->entry && f->entry->value == v && !f->manifest)
      return f->suggestion && mcl_is_plaintext_secret_key(f->suggestion, false);
  }
  return false;
}

/* Where in the file the text secret at offset of v's text is: the line of
 * its start tag plus the lines before it in the text (XML keeps line
 * breaks; a character reference for one would shift it). */
static mcl_pos text_pos(mcl_ctx *ctx, const mcl_value *v, size_t offset) {
  mcl_pos pos = v->pos;
  if (!pos.line || ctx->doc->format != MCL_FMT_XML) return pos;
  const char *s = v->u.str.s, *line = s;
  for (size_t i = 0; i < offset; i++)
    if (s[i] == '\n') pos.line++, line = s + i + 1;
  if (line == s) {
    size_t n;
    const char *src = mcl_doc_line(ctx->doc, pos.line, &n);
    const char *gt = src && pos.col <= n ? memchr(src + pos.col - 1, '>', n - pos.col + 1) : NULL;
    if (!gt) return v->pos;
    pos.col = (uint32_t)(gt - src) + 2;
  } else {
    pos.col = 1;
  }
  for (const char *c = line; c < s + offset; c++)
    if (((unsigned char)*c & 0xC0) != 0x80) pos.col++;
  return pos;
}

static void text_secret(mcl_ctx *ctx, const char *key, const mcl_value *v,
                        mcl_walk_path *where) {
  mcl_text_secret t;
  if (!mcl_find_text_secret(v->u.str.s, v->u.str.len, &t)) return;
  const char *name = key ? key : "this value";
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_plaintext_secret, text_pos(ctx, v, t.offset),
                         mcl_walk_path_text(where),
                         "%s holds a secret in plain text (%s): anyone who obtains the profile "
                         "can read it",
                         name, t.what);
  mcl_hint(ctx, d, "leave it out of the profile and provide it another way, or encrypt the "
                   "profile for its device");
}

static void visit(mcl_ctx *ctx, const char *key, const mcl_value *v, mcl_walk_path *where,
                  void *arg) {
  const walk_state *st = arg;
  if (v->invalid || !mcl_value_has_content(v)) return;
  /* mcl_is_secret_key is a cheap superset of the keys reported here. */
  bool secret_key = key && mcl_is_secret_key(key);
  /* The path is made only where it is read: a secret key's, or a finding's. */
  const char *path = secret_key ? mcl_walk_path_text(where) : NULL;
  bool vendor = secret_key && (st->vendor_payload || strstr(path, ".VendorConfig.") != NULL);
  if (!secret_key || (!mcl_is_plaintext_secret_key(key, vendor) && !misnamed_secret(st, v))) {
    if (v->type == MCL_T_STRING) text_secret(ctx, key, v, where);
    return;
  }
  if (v->type == MCL_T_STRING && mcl_has_template_marker(v->u.str.s)) return;
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_plaintext_secret, v->pos, path,
                         "%s holds a secret in plain text: anyone who obtains the profile can "
                         "read it",
                         key);
  mcl_hint(ctx, d,
           "leave it out so that the device asks for it, authenticate with a "
           "certificate instead, or encrypt the profile for its device");
}

/* Values a manifest calls secret (pfm_sensitive; the schema checker's
 * facts), whatever their key's name. */
static void check_manifests(mcl_ctx *ctx) {
  if (!ctx->opts->manifest_dir_count) return;
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (!mcl_manifest_secret(f)) continue;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_plaintext_secret, f->pos, f->path,
                           "%s holds a secret in plain text: anyone who obtains the profile can "
                           "read it%s",
                           f->subject, mcl_violation_source(ctx, f));
    mcl_hint(ctx, d, "leave it out so that the device asks for it, or encrypt the profile "
                     "for its device");
  }
}

static void check(mcl_ctx *ctx) {
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    walk_state st = {!p->type || strncmp(p->type, "com.apple.", 10) != 0 ||
                         strcmp(p->type, "com.apple.ManagedClient.preferences") == 0,
                     mcl_schema_violations(ctx)};
    mcl_walk(ctx, p->dict, p->path, visit, &st);
  }
  check_manifests(ctx);
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
        "vendor settings any key named like a password or secret. A secret under a "
        "key that Apple's schema does not define but unknown-key takes for a secret "
        "key (WiFiPassword or Pasword for Password) is reported too.\n\n"
        "Secrets inside configuration text are found too, in any string: a line "
        "\"Name = value\" whose name is a secret's (WireGuard's PrivateKey and "
        "PresharedKey in a VPN's VendorConfig WgQuickConfig, an INI file's password), "
        "and a URL that carries a password (https://user:password@host). Such a line "
        "needs a value of one word: prose such as \"Password = ask IT\" is not "
        "configuration. The finding points at the line inside the text.\n\n"
        "Empty values and template placeholders (see template-marker) are not reported, "
        "nor values that stand for a secret: a variable ($PASSWORD, %PASS%), a mask "
        "(****) or the word password itself. "
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
