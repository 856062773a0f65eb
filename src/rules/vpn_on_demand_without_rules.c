#include "rules/vpn.h"

static void check_place(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *pl) {
  const mcl_value *enabled = mcl_dict_get(pl->dict, "OnDemandEnabled");
  if (!mcl_value_is_true(enabled)) return;
  /* A per-app VPN can be started by its apps' traffic instead. */
  if (vpn->per_app && (mcl_value_is_true(mcl_dict_get(vpn->dict, "OnDemandMatchAppEnabled")) ||
                       mcl_value_is_true(mcl_dict_get(pl->dict, "OnDemandMatchAppEnabled"))))
    return;
  const mcl_value *rules = mcl_dict_get(pl->dict, "OnDemandRules");
  if (rules && (rules->type != MCL_T_ARRAY || rules->u.array.count)) return;
  if (mcl_on_demand_legacy_domains(pl->dict)) return;
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_on_demand_without_rules, enabled->pos,
                         mcl_path_key(ctx->arena, pl->path, "OnDemandEnabled"),
                         rules ? "OnDemandEnabled is 1 but OnDemandRules in %s is empty: no rule "
                                 "tells the device when to connect, so the VPN never connects on "
                                 "demand"
                               : "OnDemandEnabled is 1 but %s has no OnDemandRules: no rule tells "
                                 "the device when to connect, so the VPN never connects on demand",
                         pl->label);
  mcl_hint(ctx, d,
           "add OnDemandRules to %s, ending with a rule that has only an Action "
           "(e.g. Connect)",
           pl->label);
}

static void visit(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *place, void *arg) {
  if (place->on_demand) check_place(ctx, vpn, place);
}

static void check(mcl_ctx *ctx) { mcl_vpn_each_place(ctx, visit, NULL); }

const mcl_rule mcl_rule_vpn_on_demand_without_rules = {
    MCL_RULE_IDENTITY(vpn_on_demand_without_rules), .name = "vpn-on-demand-without-rules", .severity = MCL_ERROR,
    .flags = MCL_RULE_ABSENCE,
    .summary = "VPN on demand is enabled but no rule says when to connect",
    .explanation =
        "OnDemandEnabled = 1 only switches VPN On Demand on; what it does is decided by "
        "OnDemandRules, evaluated in order each time the network changes (or, on devices "
        "older than iOS 7, by the legacy OnDemandMatchDomainsAlways/OnRetry/Never lists). "
        "With neither, nothing ever matches: the profile installs, the VPN shows "
        "\"Connect On Demand\", and it never connects by itself.\n\n"
        "Write OnDemandRules in the same dictionary as OnDemandEnabled (VPN, IPSec, IKEv2 "
        "or TransparentProxy, whichever VPNType uses), and end them with a rule that has "
        "only an Action, so that every network gets a decision. A per-app VPN "
        "(com.apple.vpn.managed.applayer) with OnDemandMatchAppEnabled is started by its "
        "apps and is not reported.",
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
           "  <integer>1</integer>\n"
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
