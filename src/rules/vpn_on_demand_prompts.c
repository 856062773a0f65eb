#include <string.h>

#include "rules/vpn.h"

static void report(mcl_ctx *ctx, const mcl_vpn_place *pl, const mcl_entry *e, const char *why) {
  mcl_diag *d = mcl_emit(
      ctx, &mcl_rule_vpn_on_demand_prompts, e->key_pos, mcl_path_key(ctx->arena, pl->path, e->key),
      "on-demand VPN that asks the user: %s, so it cannot connect by itself", why);
  mcl_hint(ctx, d,
           "use certificate authentication (PayloadCertificateUUID naming an identity "
           "payload), or store the credentials in the profile");
}

/* Cisco IPSec: XAuth asks for what is not stored; Prompt and PIN always ask. */
static void check_ipsec(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  const mcl_entry *e = mcl_dict_entry(pl->dict, "XAuthPasswordEncryption");
  if (e && mcl_value_is_string(e->value, "Prompt")) {
    report(ctx, pl, e, "XAuthPasswordEncryption asks for the XAuth password at every connection");
    return;
  }
  e = mcl_dict_entry(pl->dict, "PromptForVPNPIN");
  if (e && mcl_value_is_true(e->value)) {
    report(ctx, pl, e, "PromptForVPNPIN asks for a PIN at every connection");
    return;
  }
  e = mcl_dict_entry(pl->dict, "XAuthEnabled");
  if (!e || !mcl_value_is_true(e->value)) return;
  bool name = mcl_value_has_content(mcl_dict_get(pl->dict, "XAuthName"));
  bool password = mcl_value_has_content(mcl_dict_get(pl->dict, "XAuthPassword"));
  if (!name || !password)
    report(ctx, pl, e,
           !name && !password ? "XAuth is on without a stored XAuthName and XAuthPassword"
           : !name            ? "XAuth is on without a stored XAuthName"
                              : "XAuth is on without a stored XAuthPassword");
}

/* IKEv2 with EAP asks for a user name and password unless they are stored,
 * or the EAP method is EAP-TLS with an identity certificate. */
static void check_ikev2(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  const mcl_entry *e = mcl_dict_entry(pl->dict, "ExtendedAuthEnabled");
  if (!e || !mcl_value_is_true(e->value)) return;
  if (mcl_value_has_content(mcl_dict_get(pl->dict, "PayloadCertificateUUID"))) return;
  bool name = mcl_value_has_content(mcl_dict_get(pl->dict, "AuthName"));
  bool password = mcl_value_has_content(mcl_dict_get(pl->dict, "AuthPassword")) ||
                  mcl_value_has_content(mcl_dict_get(pl->dict, "Password"));
  if (!name || !password)
    report(ctx, pl, e,
           !name && !password ? "extended authentication (EAP) is on without a stored AuthName and "
                                "AuthPassword"
           : !name            ? "extended authentication (EAP) is on without a stored AuthName"
                              : "extended authentication (EAP) is on without a stored "
                                "AuthPassword");
}

static void visit(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *pl, void *arg) {
  if (!pl->on_demand || !mcl_value_is_true(mcl_dict_get(pl->dict, "OnDemandEnabled"))) return;
  /* VPN apps and proxies authenticate their own way: nothing to judge. */
  if (vpn->type->kind == MCL_VPN_IPSEC) check_ipsec(ctx, pl);
  if (vpn->type->kind == MCL_VPN_IKEV2) check_ikev2(ctx, pl);
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
        "Reported when on-demand is on and: Cisco IPSec has XAuthPasswordEncryption = "
        "Prompt, PromptForVPNPIN, or XAuth without a stored XAuthName and XAuthPassword; "
        "IKEv2 has extended authentication (EAP) without a stored AuthName and "
        "AuthPassword and without an identity certificate for EAP-TLS. VPN apps "
        "(VPNType VPN) authenticate their own way and are not judged.",
    .bad = "<key>IPSec</key>\n<dict>\n  <key>OnDemandEnabled</key>\n  <integer>1</integer>\n"
           "  <key>XAuthEnabled</key>\n  <integer>1</integer>\n"
           "  <key>XAuthPasswordEncryption</key>\n  <string>Prompt</string>\n  ...\n</dict>",
    .good = "<key>IPSec</key>\n<dict>\n  <key>OnDemandEnabled</key>\n  <integer>1</integer>\n"
            "  <key>AuthenticationMethod</key>\n  <string>Certificate</string>\n"
            "  <key>PayloadCertificateUUID</key>\n"
            "  <string>4F2C8A1D-6B3E-4C7F-9A0D-2E5B8C1F4A7D</string>\n  ...\n</dict>",
    .check = check,
};
