#include <string.h>

#include "rules/vpn.h"

static void report(mcl_ctx *ctx, const mcl_vpn_place *pl, const mcl_entry *e, const char *why) {
  mcl_diag *d = mcl_emit(
      ctx, &mcl_rule_vpn_on_demand_prompts, e->key_pos, mcl_path_key(ctx->arena, pl->path, e->key),
      "on-demand VPN that asks the user: %s, so it cannot connect by itself", why);
  mcl_hint(ctx, d,
           "use certificate authentication (PayloadCertificateUUID naming an identity "
           "payload), or a password that the device can store");
}

/* Cisco IPSec: XAuthPasswordEncryption Prompt (one-time passwords such as
 * SecurID) and PromptForVPNPIN ask at every connection. Credentials that
 * are merely missing from the profile (XAuth, IKEv2 EAP) are asked for once,
 * when the profile is installed, and stored: that does not stop on-demand. */
static void check_ipsec(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  const mcl_entry *e = mcl_dict_entry(pl->dict, "XAuthPasswordEncryption");
  if (e && mcl_value_is_string(e->value, "Prompt")) {
    report(ctx, pl, e, "XAuthPasswordEncryption asks for the XAuth password at every connection");
    return;
  }
  e = mcl_dict_entry(pl->dict, "PromptForVPNPIN");
  if (e && mcl_value_is_true(e->value))
    report(ctx, pl, e, "PromptForVPNPIN asks for a PIN at every connection");
}

static void visit(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *pl, void *arg) {
  if (!pl->on_demand || !mcl_value_is_true(mcl_dict_get(pl->dict, "OnDemandEnabled"))) return;
  /* VPN apps and proxies authenticate their own way: nothing to judge. */
  if (vpn->type->kind == MCL_VPN_IPSEC) check_ipsec(ctx, pl);
}

static void check(mcl_ctx *ctx) { mcl_vpn_each_place(ctx, visit, NULL); }

const mcl_rule mcl_rule_vpn_on_demand_prompts = {
    MCL_RULE_IDENTITY(vpn_on_demand_prompts), .name = "vpn-on-demand-prompts", .severity = MCL_WARNING,
    .summary = "An on-demand VPN whose authentication asks the user",
    .explanation =
        "VPN On Demand connects in the background, when an app opens a connection; Apple's "
        "deployment reference says it needs an authentication method that involves no "
        "user interaction, for example certificate-based authentication. A configuration "
        "that prompts cannot connect on demand: the connection waits for an answer nobody "
        "is asked for, or fails.\n\n"
        "Reported when on-demand is on and Cisco IPSec asks at every connection: "
        "XAuthPasswordEncryption = Prompt (one-time passwords) or PromptForVPNPIN. "
        "Credentials merely missing from the profile (an XAuth or EAP user name or "
        "password) are asked for once, when the profile is installed, and stored, so "
        "they do not stop on-demand. VPN apps (VPNType VPN) authenticate their own way "
        "and are not judged.",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.vpn.managed</string>\n"
           "<key>UserDefinedName</key>\n"
           "<string>Office VPN</string>\n"
           "<key>VPNType</key>\n"
           "<string>IPSec</string>\n"
           "<key>IPSec</key>\n"
           "<dict>\n"
           "  <key>RemoteAddress</key>\n"
           "  <string>vpn.example.com</string>\n"
           "  <key>AuthenticationMethod</key>\n"
           "  <string>SharedSecret</string>\n"
           "  <key>SharedSecret</key>\n"
           "  <data>c2VjcmV0</data>\n"
           "  <key>LocalIdentifier</key>\n"
           "  <string>group</string>\n"
           "  <key>LocalIdentifierType</key>\n"
           "  <string>KeyID</string>\n"
           "  <key>XAuthEnabled</key>\n"
           "  <integer>1</integer>\n"
           "  <key>XAuthName</key>\n"
           "  <string>alice</string>\n"
           "  <key>XAuthPasswordEncryption</key>\n"
           "  <string>Prompt</string>\n"
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
    .good = "<key>PayloadType</key>\n"
            "<string>com.apple.vpn.managed</string>\n"
            "<key>UserDefinedName</key>\n"
            "<string>Office VPN</string>\n"
            "<key>VPNType</key>\n"
            "<string>IPSec</string>\n"
            "<key>IPSec</key>\n"
            "<dict>\n"
            "  <key>RemoteAddress</key>\n"
            "  <string>vpn.example.com</string>\n"
            "  <key>AuthenticationMethod</key>\n"
            "  <string>Certificate</string>\n"
            "  <key>PayloadCertificateUUID</key>\n"
            "  <string>4F2C8A1D-6B3E-4C7F-9A0D-2E5B8C1F4A7D</string>\n"
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
