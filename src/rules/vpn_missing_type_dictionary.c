#include "rules/vpn.h"

#include <string.h>

/* A type dictionary present but not read, named in the hint: its settings
 * were probably meant for the missing one. */
static const char *misplaced_dict(const mcl_vpn *vpn) {
  for (size_t i = 0; i < MCL_VPN_TYPE_DICT_COUNT; i++) {
    const char *key = mcl_vpn_type_dicts[i];
    if (!mcl_vpn_reads(vpn, key) && mcl_dict_get_dict(vpn->dict, key)) return key;
  }
  return NULL;
}

static void check(mcl_ctx *ctx) {
  mcl_vpn vpn;
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) {
    if (!vpn.type || !vpn.type->needs || vpn.type->kind == MCL_VPN_PPTP) continue;
    const mcl_value *v = mcl_dict_get(vpn.dict, vpn.type->needs);
    if (v) continue; /* a dictionary, or a type error reported by the schema checks */
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_missing_type_dictionary, vpn.type_value->pos,
                           mcl_path_key(ctx->arena, vpn.path, "VPNType"),
                           "VPNType %s reads its settings from the %s dictionary, and this "
                           "payload has none: the VPN cannot connect",
                           vpn.type->name, vpn.type->needs);
    const char *other = misplaced_dict(&vpn);
    if (other)
      mcl_hint(ctx, d,
               "the %s dictionary here is not read for VPNType %s; if its settings are "
               "meant for this VPN, they belong in %s (or VPNType is wrong)",
               other, vpn.type->name, vpn.type->needs);
    else
      mcl_hint(ctx, d, "add the %s dictionary with the connection settings", vpn.type->needs);
  }
}

const mcl_rule mcl_rule_vpn_missing_type_dictionary = {
    MCL_RULE_IDENTITY(vpn_missing_type_dictionary), .name = "vpn-missing-type-dictionary", .severity = MCL_ERROR,
    .flags = MCL_RULE_ABSENCE,
    .summary = "The dictionary the VPNType reads its settings from is missing",
    .explanation =
        "Each VPNType takes its connection settings from its own dictionary: VPN for "
        "VPNType VPN, PPP (with IPSec) for L2TP, IPSec for Cisco IPSec, IKEv2 for IKEv2 and "
        "AlwaysOn for Always On. Without it the VPN has no server address and no "
        "credentials; the profile may install, but the VPN cannot connect. The usual cause "
        "is a VPNType changed without moving the settings, or the settings written in the "
        "dictionary of another type.",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.vpn.managed</string>\n"
           "<key>UserDefinedName</key>\n"
           "<string>Office VPN</string>\n"
           "<key>VPNType</key>\n"
           "<string>IKEv2</string>\n"
           "<key>IPSec</key>\n"
           "<dict>\n"
           "  <key>RemoteAddress</key>\n"
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
};
