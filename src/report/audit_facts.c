/* audit_facts.c: gathering what the audit reports about a profile (see
 * audit_facts.h): who signed it, its payloads, the certificates it
 * installs, whether it can be removed and when it expires, the servers it
 * points to, the secrets it embeds (key paths only, never values) and how
 * many findings it has. */
#include "report/audit_facts.h"

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "lint/linter.h"
#include "plist/scalar.h"
#include "plist/walk.h"

/* Keys whose values are servers a profile points to. */
static const char *const server_keys[] = {
    "RemoteAddress",
    "CommRemoteAddress",
    "ServerAddress",
    "ServerAddresses",
    "ServerURL",
    "ServerName",
    "CheckInURL",
    "ProxyServer",
    "ProxyPACURL",
    "ProxyAutoConfigURLString",
    "HTTPProxy",
    "HTTPSProxy",
    "SOCKSProxy",
    "RTSPProxy",
    "FTPProxy",
    "URL",
    "DirectoryURL",
    "HTTP3RelayURL",
    "HTTP2RelayURL",
    "IncomingMailServerHostName",
    "OutgoingMailServerHostName",
    "Host",
    "HostName",
    "CalDAVHostName",
    "CardDAVHostName",
    "LDAPAccountHostName",
    "SubCalAccountHostName",
    "PIRServerURL",
    "timeServer",
};

static const struct {
  const char *type, *kind;
} payload_kinds[] = {
    {"com.apple.vpn.managed", "VPN"},
    {"com.apple.vpn.managed.applayer", "VPN"},
    {"com.apple.dnsSettings.managed", "DNS"},
    {"com.apple.mdm", "MDM"},
    {"com.apple.proxy.http.global", "proxy"},
    {"com.apple.security.scep", "SCEP"},
    {"com.apple.security.acme", "ACME"},
    {"com.apple.relay.managed", "relay"},
    {"com.apple.webcontent-filter", "content filter"},
    {"com.apple.wifi.managed", "Wi-Fi"},
    {"com.apple.eas.account", "Exchange"},
    {"com.apple.mail.managed", "mail"},
    {"com.apple.caldav.account", "CalDAV"},
    {"com.apple.carddav.account", "CardDAV"},
    {"com.apple.ldap.account", "LDAP"},
    {"com.apple.webClip.managed", "web clip"},
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
  mcl_audit_facts *f;
  const char *payload_type;
} visit;

static void add_server(mcl_audit_facts *f, const char *path, const char *key, const char *ptype,
                       const char *value) {
  MCL_GROW(f->servers, f->server_cap, f->server_count + 1);
  mcl_audit_server *s = &f->servers[f->server_count++];
  s->path = mcl_arena_strdup(&f->arena, path);
  s->key = key;
  s->kind = server_kind(ptype, key);
  s->value = without_credentials(&f->arena, value);
}

static void find_servers(mcl_ctx *ctx, const char *key, const mcl_value *v, mcl_walk_path *where,
                         void *arg) {
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

static void add_secret(mcl_audit_facts *f, const char *path) {
  MCL_GROW(f->secrets, f->secret_cap, f->secret_count + 1);
  f->secrets[f->secret_count++] = mcl_arena_strdup(&f->arena, path);
}

static void find_secrets(mcl_ctx *ctx, const char *key, const mcl_value *v, mcl_walk_path *where,
                         void *arg) {
  mcl_audit_facts *f = arg;
  if (!key || !mcl_is_secret_key(key)) return;
  if ((v->type == MCL_T_STRING && v->u.str.len) || (v->type == MCL_T_DATA && v->u.data.len))
    add_secret(f, mcl_walk_path_text(where));
}

static bool type_is(const char *type, const char *want) { return type && !strcmp(type, want); }

static void describe_certificate(mcl_audit_facts *f, mcl_audit_payload *pi, const mcl_value *dict) {
  bool identity = type_is(pi->type, "com.apple.security.pkcs12");
  if (!identity && !type_is(pi->type, "com.apple.security.root") &&
      !type_is(pi->type, "com.apple.security.pkcs1") &&
      !type_is(pi->type, "com.apple.security.pem"))
    return;
  const mcl_value *data = mcl_dict_get_type(dict, "PayloadContent", MCL_T_DATA);
  pi->installs = MCL_AUDIT_INSTALLS_UNREADABLE;
  if (!data || data->invalid) return;
  if (identity) {
    /* Never opened: its password would have to be used, and a crafted file
     * can ask for billions of key-derivation rounds. */
    const unsigned char *p = data->u.data.bytes;
    PKCS12 *p12 =
        data->u.data.len <= 0x7fffffff ? d2i_PKCS12(NULL, &p, (long)data->u.data.len) : NULL;
    if (p12) pi->installs = MCL_AUDIT_INSTALLS_IDENTITY;
    PKCS12_free(p12);
    pi->identity_password = mcl_dict_get_string(dict, "Password") != NULL;
    ERR_clear_error();
    return;
  }
  X509 *x = mcl_cert_parse(data->u.data.bytes, data->u.data.len);
  if (!x) return;
  pi->installs = MCL_AUDIT_INSTALLS_CERT;
  mcl_cert_describe(&f->arena, x, &pi->cert);
  X509_free(x);
}

/* Each payload, the certificate it installs, and the servers it names. */
static void gather_payloads(mcl_audit_facts *f, const mcl_value *root) {
  const mcl_value *content = mcl_dict_get_type(root, "PayloadContent", MCL_T_ARRAY);
  size_t n = content ? content->u.array.count : 0;
  f->payloads = mcl_arena_alloc(&f->arena, (n + 1) * sizeof *f->payloads);
  mcl_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  for (size_t i = 0; i < n; i++) {
    const mcl_value *d = content->u.array.items[i];
    if (d->type != MCL_T_DICT) continue;
    mcl_audit_payload *pi = &f->payloads[f->payload_count++];
    pi->index = i;
    pi->path = mcl_path_index(&f->arena, "PayloadContent", i);
    pi->type = mcl_dict_get_string(d, "PayloadType");
    pi->identifier = mcl_dict_get_string(d, "PayloadIdentifier");
    pi->uuid = mcl_dict_get_string(d, "PayloadUUID");
    pi->name = mcl_dict_get_string(d, "PayloadDisplayName");
    if (type_is(pi->type, "com.apple.profileRemovalPassword")) f->removal.password = true;
    describe_certificate(f, pi, d);
    visit vis = {f, pi->type};
    mcl_walk(&ctx, d, pi->path, find_servers, &vis);
  }
}

static const char *date_text(mcl_arena *a, const mcl_value *v) {
  if (!v) return NULL;
  if (v->invalid) return v->u.date.text ? v->u.date.text : "invalid date";
  char buf[32];
  mcl_format_date(v->u.date.unix_seconds, buf, sizeof buf);
  return mcl_arena_strdup(a, buf);
}

static void gather_profile(mcl_audit_facts *f, const mcl_value *root) {
  f->name = mcl_dict_get_string(root, "PayloadDisplayName");
  f->identifier = mcl_dict_get_string(root, "PayloadIdentifier");
  f->uuid = mcl_dict_get_string(root, "PayloadUUID");
  f->organization = mcl_dict_get_string(root, "PayloadOrganization");
  f->type = mcl_dict_get_string(root, "PayloadType");
  f->scope = mcl_dict_get_string(root, "PayloadScope");
}

static void gather_removal(mcl_audit_facts *f, const mcl_value *root) {
  f->removal.disallowed = mcl_value_is_true(mcl_dict_get(root, "PayloadRemovalDisallowed"));
  f->removal.password = mcl_value_is_true(mcl_dict_get(root, "HasRemovalPasscode"));
  f->removal.expiration_date =
      date_text(&f->arena, mcl_dict_get_type(root, "PayloadExpirationDate", MCL_T_DATE));
  f->removal.removal_date =
      date_text(&f->arena, mcl_dict_get_type(root, "RemovalDate", MCL_T_DATE));
  f->removal.has_duration =
      mcl_value_number(mcl_dict_get(root, "DurationUntilRemoval"), &f->removal.duration_seconds);
}

static void gather_encrypted(mcl_audit_facts *f, const mcl_value *root) {
  const mcl_value *e = mcl_dict_get_type(root, "EncryptedPayloadContent", MCL_T_DATA);
  if (!e) return;
  f->encrypted.present = true;
  f->encrypted.bytes = e->u.data.len;
  if (e->invalid) return;
  int n = mcl_cms_recipients(&f->arena, e->u.data.bytes, e->u.data.len, &f->encrypted.recipients);
  f->encrypted.recipient_count = n > 0 ? (size_t)n : 0; /* -1: not CMS enveloped data */
}

static void gather_secrets(mcl_audit_facts *f, const mcl_value *root) {
  mcl_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  mcl_walk(&ctx, root, "", find_secrets, f);
  for (size_t i = 0; i < f->payload_count; i++) /* an identity's private key */
    if (f->payloads[i].installs == MCL_AUDIT_INSTALLS_IDENTITY)
      add_secret(f, mcl_path_key(&f->arena, f->payloads[i].path, "PayloadContent"));
}

void mcl_audit_gather(mcl_audit_facts *f, const mcl_result *r) {
  memset(f, 0, sizeof *f);
  mcl_arena_init(&f->arena);
  f->path = mcl_result_path(r);
  f->vpn_count = mcl_result_vpn_count(r);
  if (f->vpn_count) {
    f->vpn = mcl_arena_alloc(&f->arena, f->vpn_count * sizeof *f->vpn);
    for (size_t i = 0; i < f->vpn_count; i++) f->vpn[i] = mcl_result_vpn(r, i);
  }
  f->format = r->doc.format == MCL_FMT_XML      ? "xml"
              : r->doc.format == MCL_FMT_BINARY ? "binary"
                                                : NULL;
  for (int s = MCL_INFO; s <= MCL_ERROR; s++) f->findings[s] = mcl_result_count(r, s);
  f->container = r->doc.container;
  const mcl_value *root = r->doc.root;
  if (!root || root->type != MCL_T_DICT) return;
  f->readable = true;
  gather_profile(f, root);
  gather_removal(f, root);
  gather_encrypted(f, root);
  gather_payloads(f, root);
  gather_secrets(f, root);
}

void mcl_audit_facts_free(mcl_audit_facts *f) {
  free(f->servers);
  free(f->secrets);
  mcl_arena_free(&f->arena);
}

long long mcl_audit_days_left(int64_t t) {
  int64_t d = t - (int64_t)time(NULL);
  return d < 0 ? -((-d + 86399) / 86400) : d / 86400;
}
