#include "rules/vpn.h"

static void check(mcl_ctx *ctx) {
  mcl_vpn vpn;
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) {
    if (!vpn.type || vpn.type->kind != MCL_VPN_PPTP) continue;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_type_removed, vpn.type_value->pos,
                           mcl_path_key(ctx->arena, vpn.path, "VPNType"),
                           "VPNType PPTP was removed in iOS 10 and macOS 10.12: devices refuse "
                           "this VPN");
    mcl_hint(ctx, d, "use IKEv2 (VPNType IKEv2) instead; PPTP's encryption is broken");
  }
}

const mcl_rule mcl_rule_vpn_type_removed = {
    MCL_RULE_IDENTITY(vpn_type_removed), .name = "vpn-type-removed", .severity = MCL_ERROR,
    .summary = "VPNType PPTP, which Apple removed",
    .explanation =
        "Apple removed PPTP from iOS 10 and macOS 10.12 (Sierra) because its MS-CHAPv2 "
        "authentication and MPPE encryption can be broken. Current devices cannot create "
        "a PPTP VPN from a profile. Apple's schema no longer lists the type; mclint names "
        "the reason instead of reporting an unknown value.",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.vpn.managed</string>\n"
           "<key>UserDefinedName</key>\n"
           "<string>Office VPN</string>\n"
           "<key>VPNType</key>\n"
           "<string>PPTP</string>\n"
           "<key>PPP</key>\n"
           "<dict>\n"
           "  <key>CommRemoteAddress</key>\n"
           "  <string>vpn.example.com</string>\n"
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
            "</dict>",
    .check = check,
    .supersedes = {&mcl_rule_not_in_enum},
};
