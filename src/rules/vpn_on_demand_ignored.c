#include "rules/vpn.h"

static void check_place(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *pl) {
  const mcl_entry *e = mcl_dict_entry(pl->dict, "OnDemandEnabled");
  if (!e || !mcl_value_is_true(e->value)) return;
  const char *path = mcl_path_key(ctx->arena, pl->path, "OnDemandEnabled");
  const mcl_vpn_type *t = vpn->type;
  if (!t->on_demand[0]) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_on_demand_ignored, e->key_pos, path,
                           "%s VPNs cannot connect on demand: OnDemandEnabled in %s is ignored",
                           t->label, pl->label);
    if (t->kind == MCL_VPN_ALWAYSON)
      mcl_hint(ctx, d, "an Always On VPN is always connected: remove the on-demand keys");
    else
      mcl_hint(ctx, d,
               "for a VPN that connects by itself use IKEv2 (VPNType IKEv2), with "
               "OnDemandRules in the IKEv2 dictionary");
    return;
  }
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_on_demand_ignored, e->key_pos, path,
                         "OnDemandEnabled in %s is ignored: for VPNType %s the device reads "
                         "on-demand settings only from the %s dictionary",
                         pl->label, t->name, t->on_demand[0]);
  mcl_hint(ctx, d, "move OnDemandEnabled and OnDemandRules into the %s dictionary",
           t->on_demand[0]);
}

static void visit(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *place, void *arg) {
  /* PPTP is reported as removed; nothing else about it matters. */
  if (vpn->type->kind != MCL_VPN_PPTP && !place->on_demand) check_place(ctx, vpn, place);
}

static void check(mcl_ctx *ctx) { mcl_vpn_each_place(ctx, visit, NULL); }

const mcl_rule mcl_rule_vpn_on_demand_ignored = {
    MCL_RULE_IDENTITY(vpn_on_demand_ignored), .name = "vpn-on-demand-ignored", .severity = MCL_ERROR,
    .summary = "On demand is enabled where the VPN's type does not read it",
    .explanation =
        "A device reads on-demand settings from one dictionary only: VPN for VPNType VPN "
        "(VPN apps), IPSec for IPSec (Cisco IPSec), IKEv2 for IKEv2, and TransparentProxy "
        "(or VPN) for TransparentProxy. L2TP, PPTP and Always On VPNs cannot be on demand "
        "at all, even though L2TP reads the IPSec dictionary for its other settings.\n\n"
        "OnDemandEnabled = 1 anywhere else (in the payload itself, in the IPSec dictionary "
        "of an IKEv2 VPN, in an L2TP VPN, in an Always On tunnel) is silently ignored: the "
        "profile installs and the VPN never connects by itself, which is how a profile "
        "meant to force a VPN ends up forcing nothing.",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.vpn.managed</string>\n"
           "<key>UserDefinedName</key>\n"
           "<string>Office VPN</string>\n"
           "<key>VPNType</key>\n"
           "<string>L2TP</string>\n"
           "<key>PPP</key>\n"
           "<dict>\n"
           "  <key>CommRemoteAddress</key>\n"
           "  <string>vpn.example.com</string>\n"
           "</dict>\n"
           "<key>IPSec</key>\n"
           "<dict>\n"
           "  <key>AuthenticationMethod</key>\n"
           "  <string>SharedSecret</string>\n"
           "  <key>SharedSecret</key>\n"
           "  <data>c2VjcmV0</data>\n"
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
    .supersedes = {&mcl_rule_unknown_key},
};
