#include <stdio.h>

#include "rules/vpn.h"

/* A target that does not offer the obsolete proposals: tvOS and watchOS
 * never did; iOS, macOS and visionOS stopped in version 26. */
static const char *target_without(mcl_ctx *ctx) {
  const mcl_options *o = ctx->opts;
  if (o->platforms & MCL_PLATFORM_TVOS) return "tvOS";
  if (o->platforms & MCL_PLATFORM_WATCHOS) return "watchOS";
  if (o->min_os < MCL_OSVER(26, 0, 0)) return NULL;
  unsigned p = o->platforms;
  const char *name = p == MCL_PLATFORM_IOS        ? "iOS"
                     : p == MCL_PLATFORM_MACOS    ? "macOS"
                     : p == MCL_PLATFORM_VISIONOS ? "visionOS"
                                                  : "iOS, macOS and visionOS";
  char v[16];
  if ((o->min_os & 0xffff) == 0)
    snprintf(v, sizeof v, "%u", (unsigned)(o->min_os >> 16));
  else
    mcl_version_format(o->min_os, v, sizeof v);
  return mcl_arena_printf(ctx->arena, "%s %s and later", name, v);
}

static void check_place(mcl_ctx *ctx, const mcl_vpn_place *pl, const char *target) {
  bool strict = mcl_value_is_true(mcl_dict_get(pl->dict, "EnforceStrictAlgorithmSelection"));
  mcl_ike_weakness *w;
  size_t n = mcl_ike_weaknesses(ctx, pl->dict, pl->path, &w);
  for (size_t j = 0; j < n; j++) {
    /* Strict selection forbids DES, 3DES and groups below 14, not SHA1. */
    bool refused = strict && (w[j].dh_group || w[j].what[0] != 'S');
    mcl_diag *d;
    if (refused)
      d = mcl_emit(ctx, &mcl_rule_unsupported_ike_proposal, w[j].value->pos, w[j].path,
                   "%s with EnforceStrictAlgorithmSelection = 1: the device rejects this VPN "
                   "payload",
                   w[j].what);
    else if (target)
      d = mcl_emit(ctx, &mcl_rule_unsupported_ike_proposal, w[j].value->pos, w[j].path,
                   "%s is not offered on %s: the VPN cannot be set up there", w[j].what, target);
    else
      continue;
    mcl_hint(ctx, d, "%s",
             w[j].dh_group ? "use group 14 or higher, e.g. 19 or 20"
                           : "use AES-256-GCM (or AES-256 with SHA2-256)");
  }
}

static void visit(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *place, void *arg) {
  if (place->ikev2) check_place(ctx, place, arg);
}

static void check(mcl_ctx *ctx) {
  const char *target = target_without(ctx);
  mcl_vpn_each_place(ctx, visit, (void *)target);
}

const mcl_rule mcl_rule_unsupported_ike_proposal = {
    MCL_RULE_IDENTITY(unsupported_ike_proposal), .name = "unsupported-ike-proposal", .severity = MCL_ERROR, .flags = MCL_RULE_TARGETED,
    .summary = "An obsolete IKEv2 proposal that the targeted devices refuse",
    .explanation =
        "DES, 3DES, SHA1-96, SHA1-160 and Diffie-Hellman groups 1, 2 and 5 are available "
        "only in iOS, macOS and visionOS before version 26, and never in tvOS or watchOS. "
        "When the target (--platform, --min-os) includes devices without them (tvOS, "
        "watchOS, or a minimum OS of 26 or later), the VPN cannot be set up there: this "
        "rule reports them as errors, in place of the weak-ike-proposal warning.\n\n"
        "Independently of the target, EnforceStrictAlgorithmSelection = 1 makes a device "
        "reject the payload if it proposes DES, 3DES or a group below 14.",
    .bad = "<!-- mclint --platform ios --min-os 26 -->\n"
           "<key>PayloadType</key>\n"
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
           "  <key>ChildSecurityAssociationParameters</key>\n"
           "  <dict>\n"
           "    <key>IntegrityAlgorithm</key>\n"
           "    <string>SHA1-96</string>\n"
           "  </dict>\n"
           "</dict>",
    .good = "<!-- mclint --platform ios --min-os 26 -->\n"
            "<key>PayloadType</key>\n"
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
            "  <key>ChildSecurityAssociationParameters</key>\n"
            "  <dict>\n"
            "    <key>IntegrityAlgorithm</key>\n"
            "    <string>SHA2-256</string>\n"
            "  </dict>\n"
            "</dict>",
    .check = check,
    .supersedes = {&mcl_rule_weak_ike_proposal},
};
