#include "rules/vpn.h"

static void check(mcl_ctx *ctx) {
  const mcl_options *o = ctx->opts;
  unsigned others = o->platforms & ~(unsigned)MCL_PLATFORM_IOS;
  if (o->supervised != 0 && !others) return;
  mcl_vpn vpn;
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) {
    if (!vpn.type || vpn.type->kind != MCL_VPN_ALWAYSON) continue;
    /* At the AlwaysOn dictionary, where the schema checks report a key
     * unavailable or supervised-only (this rule supersedes them). */
    const mcl_entry *ao = mcl_dict_entry(vpn.dict, "AlwaysOn");
    mcl_pos at = ao ? ao->key_pos : vpn.type_value->pos;
    const char *path = mcl_path_key(ctx->arena, vpn.path, ao ? "AlwaysOn" : "VPNType");
    if (o->supervised == 0) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_always_on_target, at, path,
                             "Always On VPN installs only on supervised devices, and the target "
                             "is unsupervised");
      mcl_hint(ctx, d,
               "supervise the devices (Automated Device Enrollment or Apple "
               "Configurator), or use an on-demand IKEv2 VPN with a catch-all Connect "
               "rule");
    }
    for (unsigned bit = 1; others && bit < (1u << MCL_PLATFORM_COUNT); bit <<= 1) {
      if (!(others & bit)) continue;
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_always_on_target, at, path,
                             "Always On VPN exists only on iOS and iPadOS, and the target "
                             "includes %s",
                             mcl_platform_name(bit));
      mcl_hint(ctx, d, "use an on-demand IKEv2 VPN (with IncludeAllNetworks) on %s",
               mcl_platform_name(bit));
    }
  }
}

const mcl_rule mcl_rule_always_on_target = {
    MCL_RULE_IDENTITY(always_on_target), .name = "always-on-target", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "An Always On VPN for devices that cannot have one",
    .explanation =
        "Always On VPN (VPNType AlwaysOn) exists only on iOS and iPadOS, and installs only "
        "on supervised devices. On an unsupervised device the profile is refused; macOS, "
        "tvOS, visionOS and watchOS do not have the type at all.\n\n"
        "Reported when the target says so: --unsupervised, or a --platform other than "
        "ios. Without a target mclint cannot tell and reports nothing.",
    .bad = "<!-- mclint --platform ios --unsupervised -->\n"
           "<key>VPNType</key>\n<string>AlwaysOn</string>",
    .good = "<!-- mclint --platform ios --supervised -->\n"
            "<key>VPNType</key>\n<string>AlwaysOn</string>",
    .check = check,
    .supersedes = {&mcl_rule_supervised_only, &mcl_rule_unavailable_on_platform},
};
