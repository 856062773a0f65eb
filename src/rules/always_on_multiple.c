#include "rules/vpn.h"

static void check(mcl_ctx *ctx) {
  mcl_vpn vpn, first = {0};
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) {
    if (!vpn.type || vpn.type->kind != MCL_VPN_ALWAYSON) continue;
    if (!first.type) {
      first = vpn;
      continue;
    }
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_always_on_multiple, vpn.type_value->pos,
                           mcl_path_key(ctx->arena, vpn.path, "VPNType"),
                           "a second Always On VPN payload: a profile can hold only one (the "
                           "first is %s, line %u)",
                           first.path, first.type_value->pos.line);
    mcl_hint(ctx, d,
             "put both tunnels (Cellular and WiFi) in one payload's "
             "AlwaysOn.TunnelConfigurations");
  }
}

const mcl_rule mcl_rule_always_on_multiple = {
    MCL_RULE_IDENTITY(always_on_multiple), .name = "always-on-multiple", .severity = MCL_ERROR,
    .summary = "More than one Always On VPN payload in a profile",
    .explanation =
        "A configuration profile can contain only one Always On VPN payload, and a device "
        "only one Always On VPN profile. Separate tunnels for Wi-Fi and cellular belong in "
        "the TunnelConfigurations array of the one payload, each with its Interfaces.",
    .bad = "<!-- two payloads -->\n<key>VPNType</key>\n<string>AlwaysOn</string>\n...\n"
           "<key>VPNType</key>\n<string>AlwaysOn</string>",
    .good = "<key>VPNType</key>\n<string>AlwaysOn</string>\n<key>AlwaysOn</key>\n<dict>\n"
            "  <key>TunnelConfigurations</key>\n  <array>\n"
            "    <dict>... <key>Interfaces</key> <array><string>Cellular</string></array></dict>\n"
            "    <dict>... <key>Interfaces</key> <array><string>WiFi</string></array></dict>\n"
            "  </array>\n</dict>",
    .check = check,
};
