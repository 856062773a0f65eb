#include "rules/vpn.h"

static void check(mcl_ctx *ctx) {
  mcl_vpn vpn;
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) {
    if (!vpn.type) continue;
    const mcl_value *sub = mcl_dict_get(vpn.dict, "VPNSubType");
    if (sub && sub->type != MCL_T_STRING) continue; /* a type error */
    bool named = mcl_value_has_content(sub);
    mcl_vpn_kind kind = vpn.type->kind;
    if ((kind == MCL_VPN_CUSTOM || kind == MCL_VPN_TPROXY) && !named) {
      const mcl_value *at = sub ? sub : vpn.type_value;
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_subtype, at->pos,
                             mcl_path_key(ctx->arena, vpn.path, sub ? "VPNSubType" : "VPNType"),
                             "VPNType %s needs VPNSubType naming the VPN app (its bundle "
                             "identifier), and it is %s",
                             vpn.type->name, sub ? "empty" : "missing");
      mcl_hint(ctx, d,
               "set VPNSubType to the bundle identifier of the app or plug-in, e.g. "
               "com.cisco.anyconnect.applevpn.plugin");
    } else if (kind == MCL_VPN_IKEV2 && named) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_subtype, sub->pos,
                             mcl_path_key(ctx->arena, vpn.path, "VPNSubType"),
                             "VPNSubType must be empty or absent for VPNType IKEv2 (it is "
                             "reserved), but it is '%s'",
                             sub->u.str.s);
      mcl_hint(ctx, d, "remove VPNSubType; for a VPN app, VPNType is VPN");
    }
  }
}

const mcl_rule mcl_rule_vpn_subtype = {
    MCL_RULE_IDENTITY(vpn_subtype), .name = "vpn-subtype", .severity = MCL_ERROR,
    .summary = "VPNSubType missing for a VPN app, or set for IKEv2",
    .explanation =
        "VPNType VPN (a VPN app's plug-in or network extension) and TransparentProxy need "
        "VPNSubType: the bundle identifier that tells the device which app provides the "
        "VPN. Without it the device has no provider to hand the configuration to.\n\n"
        "For VPNType IKEv2, VPNSubType is reserved for future use and must be empty or "
        "absent; a value there usually means the payload was meant for a VPN app "
        "(VPNType VPN).",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.vpn.managed</string>\n"
           "<key>UserDefinedName</key>\n"
           "<string>Office VPN</string>\n"
           "<key>VPNType</key>\n"
           "<string>VPN</string>\n"
           "<key>VPN</key>\n"
           "<dict>\n"
           "  <key>RemoteAddress</key>\n"
           "  <string>vpn.example.com</string>\n"
           "  <key>AuthenticationMethod</key>\n"
           "  <string>Password</string>\n"
           "</dict>",
    .good = "<key>PayloadType</key>\n"
            "<string>com.apple.vpn.managed</string>\n"
            "<key>UserDefinedName</key>\n"
            "<string>Office VPN</string>\n"
            "<key>VPNType</key>\n"
            "<string>VPN</string>\n"
            "<key>VPNSubType</key>\n"
            "<string>com.example.vpn.client</string>\n"
            "<key>VPN</key>\n"
            "<dict>\n"
            "  <key>RemoteAddress</key>\n"
            "  <string>vpn.example.com</string>\n"
            "  <key>AuthenticationMethod</key>\n"
            "  <string>Password</string>\n"
            "</dict>",
    .check = check,
};
