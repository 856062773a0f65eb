#include <string.h>

#include "rules/select.h"
#include "rules/vpn.h"

static const char *const vpn_types[] = {"com.apple.vpn.managed", "com.apple.vpn.managed.applayer",
                                        NULL};
static const char *const dns_settings[] = {"com.apple.dnsSettings.managed", NULL};
static const char *const global_proxy[] = {"com.apple.proxy.http.global", NULL};

/* When `key` is present (with `value`, if given; `deflt` is its value when
 * absent), `needs` must be present and not blank. */
typedef struct {
  const char *const *types;
  const char *where;
  const char *key, *value, *deflt;
  const char *needs;
  const char *why;
} entry;

static const entry entries[] = {
    {vpn_types, "DNS", "DNSProtocol", "HTTPS", NULL, "ServerURL",
     "the DNS-over-HTTPS server's URL"},
    {vpn_types, "DNS", "DNSProtocol", "TLS", NULL, "ServerName",
     "the DNS-over-TLS server's host name, to validate its certificate"},
    {dns_settings, "DNSSettings", "DNSProtocol", "HTTPS", NULL, "ServerURL",
     "the DNS-over-HTTPS server's URL"},
    {dns_settings, "DNSSettings", "DNSProtocol", "TLS", NULL, "ServerName",
     "the DNS-over-TLS server's host name, to validate its certificate"},
    {vpn_types, "Proxies", "HTTPProxy", NULL, NULL, "HTTPPort", "the HTTP proxy's port"},
    {vpn_types, "Proxies", "HTTPSProxy", NULL, NULL, "HTTPSPort", "the HTTPS proxy's port"},
    {global_proxy, "", "ProxyType", "Manual", "Manual", "ProxyServer", "the address of the proxy"},
    {global_proxy, "", "ProxyType", "Manual", "Manual", "ProxyServerPort", "the port of the proxy"},
};

static void check_entry(mcl_ctx *ctx, const mcl_value *dict, const char *path, void *arg) {
  const entry *e = arg;
  const mcl_entry *k = mcl_dict_entry(dict, e->key);
  if (!k && !e->deflt) return;
  if (k && e->value && !mcl_value_matches(k->value, e->value)) return;
  if (k && !e->value && !mcl_value_has_content(k->value)) return;
  if (mcl_value_has_content(mcl_dict_get(dict, e->needs)) ||
      mcl_dict_get_type(dict, e->needs, MCL_T_INTEGER))
    return;
  mcl_diag *d;
  if (k && e->value)
    d = mcl_emit(ctx, &mcl_rule_missing_dependent_key, k->value->pos,
                 mcl_path_key(ctx->arena, path, e->key),
                 "%s is %s, which needs %s (%s), and it is %s", e->key, e->value, e->needs, e->why,
                 mcl_dict_get(dict, e->needs) ? "empty" : "missing");
  else if (k)
    d = mcl_emit(ctx, &mcl_rule_missing_dependent_key, k->key_pos,
                 mcl_path_key(ctx->arena, path, e->key), "%s needs %s (%s), and it is %s", e->key,
                 e->needs, e->why, mcl_dict_get(dict, e->needs) ? "empty" : "missing");
  else
    d = mcl_emit(ctx, &mcl_rule_missing_dependent_key, dict->pos, path,
                 "%s is %s by default, which needs %s (%s), and it is missing", e->key, e->deflt,
                 e->needs, e->why);
  if (!k && strcmp(e->key, "ProxyType") == 0)
    mcl_hint(ctx, d, "add %s; for a proxy configured by a PAC file, set ProxyType to Auto",
             e->needs);
  else
    mcl_hint(ctx, d, "add %s", e->needs);
}

static void check(mcl_ctx *ctx) {
  for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
    mcl_select_dicts(ctx, entries[i].types, entries[i].where, check_entry, (void *)&entries[i]);
}

const mcl_rule mcl_rule_missing_dependent_key = {
    MCL_RULE_IDENTITY(missing_dependent_key), .name = "missing-dependent-key", .severity = MCL_ERROR,
    .flags = MCL_RULE_ABSENCE,
    .summary = "A setting that requires another key, which is missing",
    .explanation =
        "Apple's schema marks these keys optional, but each is required by the value of "
        "another:\n\n"
        "- DNS settings (com.apple.dnsSettings.managed, and a VPN's DNS dictionary): "
        "DNSProtocol HTTPS needs ServerURL; TLS needs ServerName.\n"
        "- VPN proxies: HTTPProxy needs HTTPPort; HTTPSProxy needs HTTPSPort.\n"
        "- Global HTTP proxy: ProxyType Manual (the default) needs ProxyServer and "
        "ProxyServerPort.\n\n"
        "Without them the encrypted DNS server or the proxy cannot be reached: the device "
        "rejects the payload or the setting does nothing.",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.dnsSettings.managed</string>\n"
           "<key>DNSSettings</key>\n"
           "<dict>\n"
           "  <key>DNSProtocol</key>\n"
           "  <string>HTTPS</string>\n"
           "  <key>ServerAddresses</key>\n"
           "  <array><string>9.9.9.9</string></array>\n"
           "</dict>",
    .good = "<key>PayloadType</key>\n"
            "<string>com.apple.dnsSettings.managed</string>\n"
            "<key>DNSSettings</key>\n"
            "<dict>\n"
            "  <key>DNSProtocol</key>\n"
            "  <string>HTTPS</string>\n"
            "  <key>ServerURL</key>\n"
            "  <string>https://dns.quad9.net/dns-query</string>\n"
            "</dict>",
    .check = check,
};
