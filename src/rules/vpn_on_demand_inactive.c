#include "rules/vpn.h"

static void check_place(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  const mcl_value *enabled = mcl_dict_get(pl->dict, "OnDemandEnabled");
  bool on = false;
  if (enabled && !mcl_value_truth(enabled, &on)) return; /* a type error, reported elsewhere */
  if (on) return;
  const mcl_entry *e = mcl_on_demand_setting(pl->dict);
  if (!e) return;
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_on_demand_inactive, e->key_pos,
                         mcl_path_key(ctx->arena, pl->path, e->key),
                         "%s in %s is inactive: OnDemandEnabled is %s, so the VPN does not "
                         "connect on demand unless someone turns on Connect On Demand on the "
                         "device",
                         e->key, pl->label, enabled ? "0" : "not set");
  mcl_hint(ctx, d,
           "set OnDemandEnabled to 1 in %s, or remove the on-demand keys if the VPN is "
           "meant to be started by hand",
           pl->label);
}

static void visit(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *place, void *arg) {
  if (place->on_demand) check_place(ctx, place);
}

static void check(mcl_ctx *ctx) { mcl_vpn_each_place(ctx, visit, NULL); }

const mcl_rule mcl_rule_vpn_on_demand_inactive = {
    MCL_RULE_IDENTITY(vpn_on_demand_inactive), .name = "vpn-on-demand-inactive", .severity = MCL_WARNING,
    .summary = "On-demand rules or settings are present but OnDemandEnabled is not 1",
    .explanation =
        "OnDemandRules, the legacy OnDemandMatchDomains* lists and "
        "OnDemandUserOverrideDisabled act only when OnDemandEnabled is 1 in the same "
        "dictionary; its default is 0. With OnDemandEnabled absent or 0, the rules are "
        "installed but inactive: the VPN connects only when started by hand, or after the "
        "user turns on Connect On Demand in Settings. Profiles generated from a template "
        "often carry rules and a forgotten OnDemandEnabled = 0.",
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
           "  <key>OnDemandEnabled</key>\n"
           "  <integer>0</integer>\n"
           "  <key>OnDemandRules</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>Action</key>\n"
           "      <string>Connect</string>\n"
           "    </dict>\n"
           "  </array>\n"
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
            "  <key>OnDemandEnabled</key>\n"
            "  <integer>1</integer>\n"
            "  <key>OnDemandRules</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>Action</key>\n"
            "      <string>Connect</string>\n"
            "    </dict>\n"
            "  </array>\n"
            "</dict>",
    .check = check,
};
