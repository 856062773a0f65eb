#include <string.h>

#include "rules/schema_facts.h"
#include "rules/select.h"

static const char *const vpn_types[] = {"com.apple.vpn.managed", "com.apple.vpn.managed.applayer",
                                        NULL};
static const char *const global_proxy[] = {"com.apple.proxy.http.global", NULL};

/* key (unless set to `harmless`, which changes nothing anyway) takes
 * effect only when cond has cond_value (or when alt is 1); with `unless`,
 * only when cond does NOT have it. cond_value NULL: cond must be present. */
typedef struct {
  const char *const *types;
  const char *where;
  const char *key;
  const char *harmless;
  const char *cond, *cond_value, *cond_default;
  bool unless;
  const char *alt;
} entry;

#define VPN_DICTS(key, harmless, cond, value, deflt, unless, alt)                 \
  {vpn_types, "VPN", key, harmless, cond, value, deflt, unless, alt},             \
      {vpn_types, "IKEv2", key, harmless, cond, value, deflt, unless, alt}, {     \
    vpn_types, "TransparentProxy", key, harmless, cond, value, deflt, unless, alt \
  }

static const entry entries[] = {
    VPN_DICTS("DisconnectOnIdleTimer", "0", "DisconnectOnIdle", "1", "0", false, NULL),
    {vpn_types, "IPSec", "DisconnectOnIdleTimer", "0", "DisconnectOnIdle", "1", "0", false, NULL},
    {vpn_types, "PPP", "DisconnectOnIdleTimer", "0", "DisconnectOnIdle", "1", "0", false, NULL},
    {vpn_types, "Proxies", "ProxyAutoConfigURLString", NULL, "ProxyAutoConfigEnable", "1", "0",
     false, NULL},
    {vpn_types, "VPN", "ExcludeLocalNetworks", NULL, "IncludeAllNetworks", "1", "0", false,
     "EnforceRoutes"},
    {vpn_types, "IKEv2", "ExcludeLocalNetworks", NULL, "IncludeAllNetworks", "1", "0", false,
     "EnforceRoutes"},
    {vpn_types, "VPN", "ExcludeCellularServices", "1", "IncludeAllNetworks", "1", "0", false, NULL},
    {vpn_types, "IKEv2", "ExcludeCellularServices", "1", "IncludeAllNetworks", "1", "0", false,
     NULL},
    {vpn_types, "VPN", "ExcludeAPNs", "1", "IncludeAllNetworks", "1", "0", false, NULL},
    {vpn_types, "IKEv2", "ExcludeAPNs", "1", "IncludeAllNetworks", "1", "0", false, NULL},
    {vpn_types, "VPN", "ExcludeDeviceCommunication", "1", "IncludeAllNetworks", "1", "0", false,
     NULL},
    {vpn_types, "IKEv2", "ExcludeDeviceCommunication", "1", "IncludeAllNetworks", "1", "0", false,
     NULL},
    VPN_DICTS("EnforceRoutes", "0", "IncludeAllNetworks", "1", "0", true, NULL),
    {vpn_types, "IKEv2", "PPKMandatory", NULL, "PPK", NULL, NULL, false, NULL},
    {vpn_types, "AlwaysOn/TunnelConfigurations/[]", "PPKMandatory", NULL, "PPK", NULL, NULL, false,
     NULL},
    {vpn_types, "AlwaysOn", "AllowedCaptiveNetworkPlugins", NULL, "AllowAllCaptiveNetworkPlugins",
     "1", "0", true, NULL},
    {global_proxy, "", "ProxyPACURL", NULL, "ProxyType", "Auto", "Manual", false, NULL},
    {global_proxy, "", "ProxyServer", NULL, "ProxyType", "Auto", "Manual", true, NULL},
    {global_proxy, "", "ProxyServerPort", NULL, "ProxyType", "Auto", "Manual", true, NULL},
    {global_proxy, "", "ProxyUsername", NULL, "ProxyType", "Auto", "Manual", true, NULL},
    {global_proxy, "", "ProxyPassword", NULL, "ProxyType", "Auto", "Manual", true, NULL},
};

static const char *state(mcl_ctx *ctx, const mcl_value *v, const entry *e) {
  if (!v)
    return e->cond_default ? mcl_arena_printf(ctx->arena, "not set (so %s)", e->cond_default)
                           : "missing";
  bool b;
  if (mcl_value_truth(v, &b)) return b ? "1" : "0";
  if (v->type == MCL_T_STRING) return mcl_arena_printf(ctx->arena, "%s", v->u.str.s);
  return mcl_type_name(v->type);
}

static void check_entry(mcl_ctx *ctx, const mcl_value *dict, const char *path, void *arg) {
  const entry *e = arg;
  const mcl_entry *k = mcl_dict_entry(dict, e->key);
  if (!k || (e->harmless && mcl_value_matches(k->value, e->harmless))) return;
  /* An empty string is an unset key: it has no effect to lose. */
  if (k->value->type == MCL_T_STRING && k->value->u.str.len == 0) return;
  const mcl_value *cond = mcl_dict_get(dict, e->cond);
  bool has = e->cond_value ? cond ? mcl_value_matches(cond, e->cond_value)
                                  : strcmp(e->cond_default, e->cond_value) == 0
                           : cond != NULL;
  if (!e->unless && e->alt && mcl_value_matches(mcl_dict_get(dict, e->alt), "1")) return;
  if (has != e->unless) return;
  mcl_diag *d;
  const char *where = mcl_path_key(ctx->arena, path, e->key);
  if (!e->cond_value)
    d = mcl_emit(ctx, &mcl_rule_ineffective_setting, k->key_pos, where,
                 "%s has no effect: it applies only together with %s, which is missing", e->key,
                 e->cond);
  else if (e->unless)
    d = mcl_emit(ctx, &mcl_rule_ineffective_setting, k->key_pos, where,
                 "%s has no effect: the device ignores it when %s is %s", e->key, e->cond,
                 e->cond_value);
  else
    d = mcl_emit(ctx, &mcl_rule_ineffective_setting, k->key_pos, where,
                 "%s has no effect: it applies only when %s is %s%s%s, and %s is %s", e->key,
                 e->cond, e->cond_value, e->alt ? " or " : "", e->alt ? e->alt : "", e->cond,
                 state(ctx, cond, e));
  if (e->unless || !e->cond_value)
    mcl_hint(ctx, d, "remove %s, or change %s", e->key, e->cond);
  else
    mcl_hint(ctx, d, "set %s to %s, or remove %s", e->cond, e->cond_value, e->key);
}

/* A manifest's pfm_exclude that holds (the schema checker's facts). */
static void check_manifests(mcl_ctx *ctx) {
  if (!ctx->opts->manifest_dir_count) return;
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_EXCLUDED) continue;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_ineffective_setting, f->pos, f->path,
                           "%s has no effect when %s%s", f->key, f->condition,
                           mcl_violation_source(ctx, f));
    mcl_hint(ctx, d, "remove %s, or change what it depends on", f->key);
  }
}

static void check(mcl_ctx *ctx) {
  for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
    mcl_select_dicts(ctx, entries[i].types, entries[i].where, check_entry, (void *)&entries[i]);
  check_manifests(ctx);
}

const mcl_rule mcl_rule_ineffective_setting = {
    MCL_RULE_IDENTITY(ineffective_setting), .name = "ineffective-setting", .severity = MCL_WARNING,
    .summary = "A setting that takes effect only with another setting, which is not set",
    .explanation =
        "Some keys only qualify another one, and a device ignores them alone:\n\n"
        "- VPN: DisconnectOnIdleTimer needs DisconnectOnIdle = 1; ExcludeCellularServices, "
        "ExcludeAPNs, ExcludeDeviceCommunication and ExcludeLocalNetworks need "
        "IncludeAllNetworks = 1 (ExcludeLocalNetworks also works with EnforceRoutes = 1); "
        "EnforceRoutes is ignored when IncludeAllNetworks is 1; PPKMandatory needs a PPK; "
        "AllowedCaptiveNetworkPlugins is ignored when AllowAllCaptiveNetworkPlugins is 1.\n"
        "- VPN proxies: ProxyAutoConfigURLString needs ProxyAutoConfigEnable = 1.\n"
        "- Global HTTP proxy: ProxyPACURL needs ProxyType Auto; ProxyServer, "
        "ProxyServerPort, ProxyUsername and ProxyPassword are ignored with ProxyType Auto.\n\n"
        "The profile installs, and the setting the author wanted (a PAC file, an idle "
        "timeout, a tunnel exclusion) silently does not happen. A key set to its default "
        "value, or to an empty string (an unset key), changes nothing either way and is "
        "not reported.",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.vpn.managed</string>\n"
           "<key>UserDefinedName</key>\n"
           "<string>Office VPN</string>\n"
           "<key>VPNType</key>\n"
           "<string>IKEv2</string>\n"
           "<key>IKEv2</key>\n"
           "<dict>\n"
           "  <key>RemoteAddress</key>\n"
           "  <string>vpn.example.com</string>\n"
           "  <key>RemoteIdentifier</key>\n"
           "  <string>vpn.example.com</string>\n"
           "  <key>LocalIdentifier</key>\n"
           "  <string>client.example.com</string>\n"
           "  <key>AuthenticationMethod</key>\n"
           "  <string>SharedSecret</string>\n"
           "  <key>SharedSecret</key>\n"
           "  <string>${VPN_SECRET}</string>\n"
           "</dict>\n"
           "<key>Proxies</key>\n"
           "<dict>\n"
           "  <key>ProxyAutoConfigURLString</key>\n"
           "  <string>https://proxy.example.com/proxy.pac</string>\n"
           "</dict>",
    .good = "<key>PayloadType</key>\n"
            "<string>com.apple.vpn.managed</string>\n"
            "<key>UserDefinedName</key>\n"
            "<string>Office VPN</string>\n"
            "<key>VPNType</key>\n"
            "<string>IKEv2</string>\n"
            "<key>IKEv2</key>\n"
            "<dict>\n"
            "  <key>RemoteAddress</key>\n"
            "  <string>vpn.example.com</string>\n"
            "  <key>RemoteIdentifier</key>\n"
            "  <string>vpn.example.com</string>\n"
            "  <key>LocalIdentifier</key>\n"
            "  <string>client.example.com</string>\n"
            "  <key>AuthenticationMethod</key>\n"
            "  <string>SharedSecret</string>\n"
            "  <key>SharedSecret</key>\n"
            "  <string>${VPN_SECRET}</string>\n"
            "</dict>\n"
            "<key>Proxies</key>\n"
            "<dict>\n"
            "  <key>ProxyAutoConfigEnable</key>\n"
            "  <integer>1</integer>\n"
            "  <key>ProxyAutoConfigURLString</key>\n"
            "  <string>https://proxy.example.com/proxy.pac</string>\n"
            "</dict>",
    .check = check,
};
