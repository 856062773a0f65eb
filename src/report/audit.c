/* audit.c: what a vendor's profile does, summarised for the person who has
 * to decide whether to install it: who signed it, its payloads, the
 * certificates it installs, whether it can be removed and when it expires,
 * the servers it points to, the secrets it embeds (key paths only, never
 * values) and how many findings it has. Facts are gathered first, then
 * written as text or JSON (docs/audit.md). */
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lint/linter.h"
#include "base/util.h"
#include "plist/walk.h"
#include "plist/container.h"
#include "plist/scalar.h"
#include "plist/x509.h"

typedef struct server {
  const char *path, *key, *kind, *value;
} server;

typedef enum { CERT_NONE, CERT_X509, CERT_IDENTITY, CERT_UNREADABLE } cert_kind;

typedef struct payload_info {
  size_t index;
  const char *path, *type, *identifier, *uuid, *name;
  cert_kind cert;
  mcl_cert_info ci;
  bool identity_password; /* PKCS#12: the profile includes its password */
} payload_info;

typedef struct facts {
  mcl_arena arena;
  const mcl_result *r;
  const mcl_value *root;
  const mcl_container *container;
  const char *name, *identifier, *uuid, *organization, *type, *scope;
  bool removal_disallowed, removal_password;
  const mcl_value *expiration_date, *removal_date, *duration;
  const mcl_value *encrypted;
  int recipient_count; /* -1: not CMS enveloped data */
  mcl_cert_info *recipients;
  payload_info *payloads;
  size_t payload_count;
  server *servers;
  size_t server_count, server_cap;
  const char **secrets;
  size_t secret_count, secret_cap;
} facts;

struct mcl_audit {
  bool json;
  FILE *out;
  size_t files;
};

/* ---- gathering ---- */

/* Keys whose values are servers a profile points to. */
static const char *const server_keys[] = {
    "RemoteAddress", "CommRemoteAddress", "ServerAddress", "ServerAddresses", "ServerURL",
    "ServerName", "CheckInURL", "ProxyServer", "ProxyPACURL", "ProxyAutoConfigURLString",
    "HTTPProxy", "HTTPSProxy", "SOCKSProxy", "RTSPProxy", "FTPProxy", "URL", "DirectoryURL",
    "HTTP3RelayURL", "HTTP2RelayURL", "IncomingMailServerHostName",
    "OutgoingMailServerHostName", "Host", "HostName", "CalDAVHostName", "CardDAVHostName",
    "LDAPAccountHostName", "SubCalAccountHostName", "PIRServerURL", "timeServer",
};

static const struct {
  const char *type, *kind;
} payload_kinds[] = {
    {"com.apple.vpn.managed", "VPN"},       {"com.apple.vpn.managed.applayer", "VPN"},
    {"com.apple.dnsSettings.managed", "DNS"}, {"com.apple.mdm", "MDM"},
    {"com.apple.proxy.http.global", "proxy"}, {"com.apple.security.scep", "SCEP"},
    {"com.apple.security.acme", "ACME"},    {"com.apple.relay.managed", "relay"},
    {"com.apple.webcontent-filter", "content filter"}, {"com.apple.wifi.managed", "Wi-Fi"},
    {"com.apple.eas.account", "Exchange"},  {"com.apple.mail.managed", "mail"},
    {"com.apple.caldav.account", "CalDAV"}, {"com.apple.carddav.account", "CardDAV"},
    {"com.apple.ldap.account", "LDAP"},     {"com.apple.webClip.managed", "web clip"},
};

static bool is_server_key(const char *key) {
  for (size_t i = 0; i < sizeof server_keys / sizeof server_keys[0]; i++)
    if (!strcmp(key, server_keys[i])) return true;
  return false;
}

static const char *server_kind(const char *payload_type, const char *key) {
  if (strstr(key, "Proxy")) return "proxy";
  for (size_t i = 0; payload_type && i < sizeof payload_kinds / sizeof payload_kinds[0]; i++)
    if (!strcmp(payload_type, payload_kinds[i].type)) return payload_kinds[i].kind;
  return "server";
}

/* A URL's user name and password are replaced, as in https:// *** @host. */
static const char *without_credentials(mcl_arena *a, const char *url) {
  const char *scheme = strstr(url, "://");
  if (!scheme) return url;
  const char *host = scheme + 3, *end = host + strcspn(host, "/?#"), *at = NULL;
  for (const char *p = host; p < end; p++)
    if (*p == '@') at = p;
  if (!at) return url;
  return mcl_arena_printf(a, "%.*s***%s", (int)(host - url), url, at);
}

typedef struct visit {
  facts *f;
  const char *payload_type;
} visit;

static void add_server(facts *f, const char *path, const char *key, const char *ptype,
                       const char *value) {
  MCL_GROW(f->servers, f->server_cap, f->server_count + 1);
  server *s = &f->servers[f->server_count++];
  s->path = mcl_arena_strdup(&f->arena, path);
  s->key = key;
  s->kind = server_kind(ptype, key);
  s->value = without_credentials(&f->arena, value);
}

static void find_servers(mcl_ctx *ctx, const char *key, const mcl_value *v,
                         mcl_walk_path *where, void *arg) {
  visit *vis = arg;
  if (!key || !is_server_key(key)) return;
  const char *path = mcl_walk_path_text(where);
  if (v->type == MCL_T_STRING && v->u.str.len) {
    add_server(vis->f, path, key, vis->payload_type, v->u.str.s);
  } else if (v->type == MCL_T_ARRAY) {
    for (size_t i = 0; i < v->u.array.count; i++) {
      const mcl_value *item = v->u.array.items[i];
      if (item->type != MCL_T_STRING || !item->u.str.len) continue;
      char *p = mcl_path_index(&vis->f->arena, path, i);
      add_server(vis->f, p, key, vis->payload_type, item->u.str.s);
    }
  }
}

static void add_secret(facts *f, const char *path) {
  MCL_GROW(f->secrets, f->secret_cap, f->secret_count + 1);
  f->secrets[f->secret_count++] = mcl_arena_strdup(&f->arena, path);
}

static void find_secrets(mcl_ctx *ctx, const char *key, const mcl_value *v,
                         mcl_walk_path *where, void *arg) {
  facts *f = arg;
  if (!key || !mcl_is_secret_key(key)) return;
  if ((v->type == MCL_T_STRING && v->u.str.len) || (v->type == MCL_T_DATA && v->u.data.len))
    add_secret(f, mcl_walk_path_text(where));
}

static bool type_is(const char *type, const char *want) { return type && !strcmp(type, want); }

static void describe_certificate(facts *f, payload_info *pi, const mcl_value *dict) {
  bool identity = type_is(pi->type, "com.apple.security.pkcs12");
  if (!identity && !type_is(pi->type, "com.apple.security.root") &&
      !type_is(pi->type, "com.apple.security.pkcs1") &&
      !type_is(pi->type, "com.apple.security.pem"))
    return;
  const mcl_value *data = mcl_dict_get_type(dict, "PayloadContent", MCL_T_DATA);
  pi->cert = CERT_UNREADABLE;
  if (!data || data->invalid) return;
  if (identity) {
    /* Never opened: its password would have to be used, and a crafted file
     * can ask for billions of key-derivation rounds. */
    const unsigned char *p = data->u.data.bytes;
    PKCS12 *p12 = data->u.data.len <= 0x7fffffff
                      ? d2i_PKCS12(NULL, &p, (long)data->u.data.len)
                      : NULL;
    if (p12) pi->cert = CERT_IDENTITY;
    PKCS12_free(p12);
    pi->identity_password = mcl_dict_get_string(dict, "Password") != NULL;
    ERR_clear_error();
    return;
  }
  X509 *x = mcl_cert_parse(data->u.data.bytes, data->u.data.len);
  if (!x) return;
  pi->cert = CERT_X509;
  mcl_cert_describe(&f->arena, x, &pi->ci);
  X509_free(x);
}

static void gather_payloads(facts *f) {
  const mcl_value *content = mcl_dict_get_type(f->root, "PayloadContent", MCL_T_ARRAY);
  size_t n = content ? content->u.array.count : 0;
  f->payloads = mcl_arena_alloc(&f->arena, (n + 1) * sizeof *f->payloads);
  mcl_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  for (size_t i = 0; i < n; i++) {
    const mcl_value *d = content->u.array.items[i];
    if (d->type != MCL_T_DICT) continue;
    payload_info *pi = &f->payloads[f->payload_count++];
    pi->index = i;
    pi->path = mcl_path_index(&f->arena, "PayloadContent", i);
    pi->type = mcl_dict_get_string(d, "PayloadType");
    pi->identifier = mcl_dict_get_string(d, "PayloadIdentifier");
    pi->uuid = mcl_dict_get_string(d, "PayloadUUID");
    pi->name = mcl_dict_get_string(d, "PayloadDisplayName");
    if (type_is(pi->type, "com.apple.profileRemovalPassword")) f->removal_password = true;
    describe_certificate(f, pi, d);
    visit vis = {f, pi->type};
    mcl_walk(&ctx, d, pi->path, find_servers, &vis);
  }
}

static void gather(facts *f, const mcl_result *r) {
  memset(f, 0, sizeof *f);
  mcl_arena_init(&f->arena);
  f->r = r;
  f->container = r->doc.container;
  f->recipient_count = -1;
  const mcl_value *root = r->doc.root;
  if (!root || root->type != MCL_T_DICT) return;
  f->root = root;
  f->name = mcl_dict_get_string(root, "PayloadDisplayName");
  f->identifier = mcl_dict_get_string(root, "PayloadIdentifier");
  f->uuid = mcl_dict_get_string(root, "PayloadUUID");
  f->organization = mcl_dict_get_string(root, "PayloadOrganization");
  f->type = mcl_dict_get_string(root, "PayloadType");
  f->scope = mcl_dict_get_string(root, "PayloadScope");
  f->removal_disallowed = mcl_value_is_true(mcl_dict_get(root, "PayloadRemovalDisallowed"));
  f->removal_password = mcl_value_is_true(mcl_dict_get(root, "HasRemovalPasscode"));
  f->expiration_date = mcl_dict_get_type(root, "PayloadExpirationDate", MCL_T_DATE);
  f->removal_date = mcl_dict_get_type(root, "RemovalDate", MCL_T_DATE);
  const mcl_value *dur = mcl_dict_get(root, "DurationUntilRemoval");
  double secs;
  if (mcl_value_number(dur, &secs)) f->duration = dur;
  f->encrypted = mcl_dict_get_type(root, "EncryptedPayloadContent", MCL_T_DATA);
  if (f->encrypted && !f->encrypted->invalid)
    f->recipient_count = mcl_cms_recipients(&f->arena, f->encrypted->u.data.bytes,
                                            f->encrypted->u.data.len, &f->recipients);
  gather_payloads(f);
  mcl_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  mcl_walk(&ctx, root, "", find_secrets, f);
  for (size_t i = 0; i < f->payload_count; i++) /* an identity's private key */
    if (f->payloads[i].cert == CERT_IDENTITY)
      add_secret(f, mcl_path_key(&f->arena, f->payloads[i].path, "PayloadContent"));
}

static void facts_free(facts *f) {
  free(f->servers);
  free(f->secrets);
  mcl_arena_free(&f->arena);
}

/* ---- shared wording ---- */

static const char *date_of(const mcl_value *v, char *buf, size_t size) {
  if (v->invalid) return v->u.date.text ? v->u.date.text : "invalid date";
  mcl_format_date(v->u.date.unix_seconds, buf, size);
  return buf;
}

static const char *integrity_word(mcl_check c) {
  return c == MCL_CHECK_PASSED ? "intact" : c == MCL_CHECK_FAILED ? "invalid" : "not-checked";
}

static const char *chain_word(mcl_check c) {
  return c == MCL_CHECK_PASSED ? "verified" : c == MCL_CHECK_FAILED ? "untrusted" : "not-checked";
}

static int64_t days_left(int64_t not_after) {
  int64_t d = not_after - (int64_t)time(NULL);
  return d < 0 ? -((-d + 86399) / 86400) : d / 86400;
}

/* ---- text ---- */

/* Values come from the profile: never let them drive the terminal. */
static void put_safe(FILE *out, const char *s) {
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
    if (*p < 0x20 || *p == 0x7F)
      fprintf(out, "\\x%02X", *p);
    else
      fputc(*p, out);
}

static void text_field(FILE *out, const char *label, const char *value) {
  fprintf(out, "  %-13s ", label);
  put_safe(out, value ? value : "(none)");
  fputc('\n', out);
}

static void text_cert(FILE *out, const char *indent, const mcl_cert_info *ci) {
  char a[32], b[32];
  mcl_format_date(ci->not_before, a, sizeof a);
  mcl_format_date(ci->not_after, b, sizeof b);
  fprintf(out, "%ssubject  ", indent);
  put_safe(out, ci->subject);
  fprintf(out, "\n%sissuer   ", indent);
  put_safe(out, ci->issuer);
  fprintf(out, "\n%sserial   %s; %s\n", indent, ci->serial, ci->key ? ci->key : "");
  int64_t left = days_left(ci->not_after);
  if (left < 0)
    fprintf(out, "%svalid    %s to %s (expired %lld days ago)\n", indent, a, b, (long long)-left);
  else
    fprintf(out, "%svalid    %s to %s (expires in %lld days)\n", indent, a, b, (long long)left);
}

static void text_signature(FILE *out, const facts *f) {
  const mcl_container *c = f->container;
  if (!c) {
    text_field(out, "Signed", "no");
    return;
  }
  text_field(out, "Container", c->description);
  const char *sig = c->integrity == MCL_CHECK_PASSED ? "intact: the content is what was signed"
                    : c->integrity == MCL_CHECK_FAILED ? c->integrity_detail
                                                       : "not checked";
  text_field(out, "Signature", sig);
  for (size_t i = 0; i < c->signer_count; i++) {
    const mcl_signer *s = &c->signers[i];
    fprintf(out, "  Signer %zu\n", i + 1);
    if (s->has_cert) {
      text_cert(out, "    ", &s->cert);
    } else {
      fputs("    certificate not in the file; issuer ", out);
      put_safe(out, s->cert.issuer);
      fprintf(out, ", serial %s\n", s->cert.serial);
    }
    fputs("    chain    ", out);
    if (s->chain == MCL_CHECK_NOT_DONE) fputs("not checked (use --verify or --ca-file)", out);
    if (s->chain == MCL_CHECK_PASSED) fputs("verified to ", out);
    if (s->chain == MCL_CHECK_FAILED) fputs("NOT TRUSTED: ", out);
    if (s->chain != MCL_CHECK_NOT_DONE) put_safe(out, s->chain_detail);
    fputc('\n', out);
  }
}

static void text_payload(FILE *out, const payload_info *p) {
  fprintf(out, "    [%zu] ", p->index);
  put_safe(out, p->type ? p->type : "(no PayloadType)");
  fputs("  ", out);
  put_safe(out, p->identifier ? p->identifier : "(no identifier)");
  if (p->name) {
    fputs("  \"", out);
    put_safe(out, p->name);
    fputc('"', out);
  }
  fputc('\n', out);
  switch (p->cert) {
  case CERT_X509:
    fprintf(out, "        installs a certificate%s:\n",
            p->ci.is_ca && p->ci.self_signed ? ", a root CA"
            : p->ci.is_ca                    ? ", an intermediate CA"
                                             : "");
    text_cert(out, "          ", &p->ci);
    break;
  case CERT_IDENTITY:
    fprintf(out, "        installs an identity (certificate and private key, PKCS#12); it is "
                 "password-protected and cannot be opened here%s\n",
            p->identity_password ? " (the profile includes the password)" : "");
    break;
  case CERT_UNREADABLE:
    fputs("        PayloadContent is not a readable certificate\n", out);
    break;
  case CERT_NONE: break;
  }
}

static void text_lifetime(FILE *out, const facts *f) {
  const char *removal = f->removal_disallowed
                            ? "not by the user (PayloadRemovalDisallowed)"
                            : f->removal_password ? "only with a removal password"
                                                  : "yes, by the user";
  text_field(out, "Removable", removal);
  char buf[32];
  if (!f->expiration_date && !f->removal_date && !f->duration) text_field(out, "Expires", "never");
  if (f->expiration_date)
    fprintf(out, "  %-13s %s (PayloadExpirationDate)\n", "Expires",
            date_of(f->expiration_date, buf, sizeof buf));
  if (f->removal_date)
    fprintf(out, "  %-13s %s (RemovalDate)\n", "Removed on", date_of(f->removal_date, buf, sizeof buf));
  double secs = 0;
  if (f->duration && mcl_value_number(f->duration, &secs))
    fprintf(out, "  %-13s %.0f seconds after installation (DurationUntilRemoval)\n",
            "Removed", secs);
}

static void text_file(mcl_audit *a, const facts *f) {
  FILE *out = a->out;
  if (a->files > 1) fputc('\n', out);
  fputs("== ", out);
  put_safe(out, mcl_result_path(f->r));
  fputc('\n', out);
  text_signature(out, f);
  if (!f->root) {
    text_field(out, "Profile", "could not be read (see the findings)");
  } else {
    text_field(out, "Profile", f->name);
    text_field(out, "Identifier", f->identifier);
    text_field(out, "UUID", f->uuid);
    if (f->organization) text_field(out, "Organization", f->organization);
    if (f->scope) text_field(out, "Scope", f->scope);
    text_lifetime(out, f);
    if (f->encrypted) {
      fprintf(out, "  %-13s EncryptedPayloadContent, %zu bytes; not inspected\n", "Encrypted",
              f->encrypted->u.data.len);
      for (int i = 0; i < f->recipient_count; i++) {
        fputs("    for the holder of: issuer ", out);
        put_safe(out, f->recipients[i].issuer);
        fprintf(out, ", serial %s\n", f->recipients[i].serial);
      }
    }
    fprintf(out, "  Payloads (%zu)\n", f->payload_count);
    for (size_t i = 0; i < f->payload_count; i++) text_payload(out, &f->payloads[i]);
    fprintf(out, "  Servers (%zu)\n", f->server_count);
    for (size_t i = 0; i < f->server_count; i++) {
      fprintf(out, "    %-8s ", f->servers[i].kind);
      put_safe(out, f->servers[i].value);
      fputs("  (", out);
      put_safe(out, f->servers[i].path);
      fputs(")\n", out);
    }
    fprintf(out, "  Secrets (%zu; values not shown)\n", f->secret_count);
    for (size_t i = 0; i < f->secret_count; i++) {
      fputs("    ", out);
      put_safe(out, f->secrets[i]);
      fputc('\n', out);
    }
    if (f->r->manifest_count) { /* --manifests: what the payloads were checked against */
      fprintf(out, "  Manifests (%zu; checked against)\n", f->r->manifest_count);
      for (size_t i = 0; i < f->r->manifest_count; i++) {
        fputs("    ", out);
        put_safe(out, f->r->manifests[i]);
        fputc('\n', out);
      }
    }
  }
  size_t e = mcl_result_count(f->r, MCL_ERROR), w = mcl_result_count(f->r, MCL_WARNING);
  fprintf(out, "  %-13s %zu error%s, %zu warning%s, %zu info\n", "Findings", e, e == 1 ? "" : "s",
          w, w == 1 ? "" : "s", mcl_result_count(f->r, MCL_INFO));
}

/* ---- JSON ---- */

/* A JSON string; bytes that are not UTF-8 become U+FFFD so the output is
 * always valid JSON. */
static void json_str(FILE *out, const char *s) {
  if (!s) {
    fputs("null", out);
    return;
  }
  fputc('"', out);
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    if (c == '"' || c == '\\') {
      fprintf(out, "\\%c", c);
      p++;
    } else if (c < 0x20 || c == 0x7F) {
      fprintf(out, "\\u%04x", c);
      p++;
    } else if (c < 0x80) {
      fputc((int)c, out);
      p++;
    } else {
      size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
      size_t k = 1;
      while (n && k < n && (p[k] & 0xC0) == 0x80) k++;
      bool ok = n && k == n && !(c == 0xE0 && p[1] < 0xA0) && !(c == 0xED && p[1] >= 0xA0) &&
                !(c == 0xF0 && p[1] < 0x90) && !(c == 0xF4 && p[1] >= 0x90);
      if (ok) {
        fwrite(p, 1, n, out);
        p += n;
      } else {
        fputs("\\ufffd", out);
        p += k;
      }
    }
  }
  fputc('"', out);
}

static void json_key(FILE *out, const char *key, bool *first) {
  fputs(*first ? "" : ",", out);
  *first = false;
  json_str(out, key);
  fputc(':', out);
}

static void json_kv(FILE *out, const char *key, const char *value, bool *first) {
  json_key(out, key, first);
  json_str(out, value);
}

static void json_date(FILE *out, const char *key, int64_t t, bool *first) {
  char buf[32];
  mcl_format_date(t, buf, sizeof buf);
  json_kv(out, key, buf, first);
}

static void json_cert(FILE *out, const mcl_cert_info *ci) {
  bool first = true;
  fputc('{', out);
  json_kv(out, "subject", ci->subject, &first);
  json_kv(out, "issuer", ci->issuer, &first);
  json_kv(out, "serial", ci->serial, &first);
  json_kv(out, "key", ci->key, &first);
  json_date(out, "not_before", ci->not_before, &first);
  json_date(out, "not_after", ci->not_after, &first);
  json_key(out, "expires_in_days", &first);
  fprintf(out, "%lld", (long long)days_left(ci->not_after));
  json_key(out, "ca", &first);
  fputs(ci->is_ca ? "true" : "false", out);
  json_key(out, "self_signed", &first);
  fputs(ci->self_signed ? "true" : "false", out);
  json_key(out, "root_ca", &first);
  fputs(ci->is_ca && ci->self_signed ? "true" : "false", out);
  fputc('}', out);
}

static void json_container(FILE *out, const mcl_container *c) {
  if (!c) {
    fputs("null", out);
    return;
  }
  bool first = true;
  fputc('{', out);
  json_kv(out, "type", "cms-signed", &first);
  json_kv(out, "encoding", c->encoding, &first);
  json_kv(out, "content", c->content, &first);
  json_kv(out, "description", c->description, &first);
  json_kv(out, "signature", integrity_word(c->integrity), &first);
  json_kv(out, "signature_problem", c->integrity_detail, &first);
  json_kv(out, "trust_source", c->trust_source, &first);
  json_key(out, "signers", &first);
  fputc('[', out);
  for (size_t i = 0; i < c->signer_count; i++) {
    const mcl_signer *s = &c->signers[i];
    bool f2 = true;
    fputs(i ? ",{" : "{", out);
    json_key(out, "certificate", &f2);
    if (s->has_cert)
      json_cert(out, &s->cert);
    else
      fputs("null", out);
    if (!s->has_cert) {
      json_kv(out, "issuer", s->cert.issuer, &f2);
      json_kv(out, "serial", s->cert.serial, &f2);
    }
    json_kv(out, "chain", chain_word(s->chain), &f2);
    json_kv(out, "chain_detail", s->chain_detail, &f2);
    fputc('}', out);
  }
  fputs("]}", out);
}

static void json_payloads(FILE *out, const facts *f) {
  fputc('[', out);
  for (size_t i = 0; i < f->payload_count; i++) {
    const payload_info *p = &f->payloads[i];
    bool first = true;
    fputs(i ? ",{" : "{", out);
    json_key(out, "index", &first);
    fprintf(out, "%zu", p->index);
    json_kv(out, "path", p->path, &first);
    json_kv(out, "type", p->type, &first);
    json_kv(out, "identifier", p->identifier, &first);
    json_kv(out, "uuid", p->uuid, &first);
    json_kv(out, "display_name", p->name, &first);
    json_key(out, "installs", &first);
    if (p->cert == CERT_X509) {
      fputs("{\"kind\":\"certificate\",\"certificate\":", out);
      json_cert(out, &p->ci);
      fputc('}', out);
    } else if (p->cert == CERT_IDENTITY) {
      fprintf(out, "{\"kind\":\"identity\",\"opened\":false,\"password_in_profile\":%s}",
              p->identity_password ? "true" : "false");
    } else if (p->cert == CERT_UNREADABLE) {
      fputs("{\"kind\":\"unreadable\"}", out);
    } else {
      fputs("null", out);
    }
    fputc('}', out);
  }
  fputc(']', out);
}

static void json_profile(FILE *out, const facts *f, bool *first) {
  json_key(out, "profile", first);
  if (!f->root) {
    fputs("null", out);
    return;
  }
  bool p = true;
  fputc('{', out);
  json_kv(out, "display_name", f->name, &p);
  json_kv(out, "identifier", f->identifier, &p);
  json_kv(out, "uuid", f->uuid, &p);
  json_kv(out, "organization", f->organization, &p);
  json_kv(out, "type", f->type, &p);
  json_kv(out, "scope", f->scope, &p);
  json_key(out, "removal", &p);
  fprintf(out, "{\"disallowed\":%s,\"password\":%s}", f->removal_disallowed ? "true" : "false",
          f->removal_password ? "true" : "false");
  char buf[32];
  json_kv(out, "expiration_date", f->expiration_date ? date_of(f->expiration_date, buf, sizeof buf) : NULL, &p);
  json_kv(out, "removal_date", f->removal_date ? date_of(f->removal_date, buf, sizeof buf) : NULL, &p);
  json_key(out, "duration_until_removal", &p);
  double secs;
  if (f->duration && mcl_value_number(f->duration, &secs))
    fprintf(out, "%.0f", secs);
  else
    fputs("null", out);
  json_key(out, "encrypted_content", &p);
  if (!f->encrypted) {
    fputs("null", out);
  } else {
    fprintf(out, "{\"bytes\":%zu,\"recipients\":[", f->encrypted->u.data.len);
    for (int i = 0; i < f->recipient_count; i++) {
      bool r = true;
      fputs(i ? ",{" : "{", out);
      json_kv(out, "issuer", f->recipients[i].issuer, &r);
      json_kv(out, "serial", f->recipients[i].serial, &r);
      fputc('}', out);
    }
    fputs("]}", out);
  }
  json_key(out, "payloads", &p);
  json_payloads(out, f);
  json_key(out, "servers", &p);
  fputc('[', out);
  for (size_t i = 0; i < f->server_count; i++) {
    bool s = true;
    fputs(i ? ",{" : "{", out);
    json_kv(out, "kind", f->servers[i].kind, &s);
    json_kv(out, "key", f->servers[i].key, &s);
    json_kv(out, "path", f->servers[i].path, &s);
    json_kv(out, "value", f->servers[i].value, &s);
    fputc('}', out);
  }
  fputs("]", out);
  json_key(out, "secrets", &p);
  fputc('[', out);
  for (size_t i = 0; i < f->secret_count; i++) {
    fputs(i ? "," : "", out);
    json_str(out, f->secrets[i]);
  }
  fputc(']', out);
  if (f->r->manifest_count) { /* only with --manifests: the format stays as it was */
    json_key(out, "manifests", &p);
    fputc('[', out);
    for (size_t i = 0; i < f->r->manifest_count; i++) {
      fputs(i ? "," : "", out);
      json_str(out, f->r->manifests[i]);
    }
    fputc(']', out);
  }
  fputc('}', out);
}

static void json_file(mcl_audit *a, const facts *f) {
  FILE *out = a->out;
  bool first = true;
  fputs(a->files > 1 ? ",\n{" : "{", out);
  json_kv(out, "path", mcl_result_path(f->r), &first);
  json_key(out, "readable", &first);
  fputs(f->root ? "true" : "false", out);
  json_kv(out, "format",
          f->r->doc.format == MCL_FMT_XML      ? "xml"
          : f->r->doc.format == MCL_FMT_BINARY ? "binary"
                                               : NULL,
          &first);
  json_key(out, "container", &first);
  json_container(out, f->container);
  json_profile(out, f, &first);
  json_key(out, "findings", &first);
  fprintf(out, "{\"error\":%zu,\"warning\":%zu,\"info\":%zu}}", mcl_result_count(f->r, MCL_ERROR),
          mcl_result_count(f->r, MCL_WARNING), mcl_result_count(f->r, MCL_INFO));
}

/* ---- public ---- */

bool mcl_audit_format_known(const char *format) {
  return format && (!strcmp(format, "text") || !strcmp(format, "json"));
}

mcl_audit *mcl_audit_new(const char *format, FILE *out) {
  if (!format) format = "text";
  if (!mcl_audit_format_known(format)) return NULL;
  mcl_audit *a = mcl_xcalloc(1, sizeof *a);
  a->json = !strcmp(format, "json");
  a->out = out;
  if (a->json) fprintf(out, "{\"mclint_audit\":1,\"mclint_version\":\"%s\",\"files\":[\n", mcl_version());
  return a;
}

void mcl_audit_add(mcl_audit *a, const mcl_result *r) {
  facts f;
  gather(&f, r);
  a->files++;
  if (a->json)
    json_file(a, &f);
  else
    text_file(a, &f);
  facts_free(&f);
}

int mcl_audit_finish(mcl_audit *a) {
  if (a->json) fputs("\n]}\n", a->out);
  int rc = fflush(a->out) == 0 && !ferror(a->out) ? 0 : -1;
  free(a);
  return rc;
}
