#include <string.h>

#include "rules/vpn.h"

/* Keys set to something: true, or content. A false flag or an empty string
 * ignored by the device harms nothing (and some are written on purpose to
 * keep iOS from asking). */
static const mcl_entry *set_entry(const mcl_value *dict, const char *key) {
  const mcl_entry *e = mcl_dict_entry(dict, key);
  if (!e) return NULL;
  bool b;
  if (mcl_value_truth(e->value, &b)) return b ? e : NULL;
  return e->value->invalid || mcl_value_has_content(e->value) ? e : NULL;
}

static void ignored(mcl_ctx *ctx, const mcl_vpn_place *pl, const mcl_entry *e, const char *why) {
  mcl_diag *d =
      mcl_emit(ctx, &mcl_rule_vpn_auth_ignored_key, e->key_pos,
               mcl_path_key(ctx->arena, pl->path, e->key), "%s is ignored: %s", e->key, why);
  if (mcl_is_secret_key(e->key))
    mcl_hint(ctx, d, "remove it: an unused secret in a profile is a secret exposed for nothing");
  else
    mcl_hint(ctx, d, "remove it, or change the settings it depends on");
}

static void check_l2tp_ipsec(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  static const char *const cisco_only[] = {"XAuthEnabled",    "XAuthName",
                                           "XAuthPassword",   "XAuthPasswordEncryption",
                                           "PromptForVPNPIN", "LocalIdentifier"};
  for (size_t i = 0; i < sizeof cisco_only / sizeof cisco_only[0]; i++) {
    const mcl_entry *e = set_entry(pl->dict, cisco_only[i]);
    if (e)
      ignored(ctx, pl, e,
              "it is used only by Cisco IPSec (VPNType IPSec), and this is an L2TP "
              "VPN (its user name and password go in PPP)");
  }
}

static void check_cisco(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  const char *m = mcl_dict_get_string(pl->dict, "AuthenticationMethod");
  bool certificate = m && strcmp(m, "Certificate") == 0;
  const mcl_entry *e;
  if (certificate && (e = set_entry(pl->dict, "SharedSecret")))
    ignored(ctx, pl, e, "AuthenticationMethod is Certificate");
  if (!certificate && (!m || strcmp(m, "SharedSecret") == 0) &&
      (e = set_entry(pl->dict, "PayloadCertificateUUID")))
    ignored(ctx, pl, e,
            "Cisco IPSec uses the certificate only when AuthenticationMethod is "
            "Certificate");
  if (mcl_value_is_true(mcl_dict_get(pl->dict, "XAuthEnabled"))) return;
  static const char *const xauth[] = {"XAuthName", "XAuthPassword", "XAuthPasswordEncryption"};
  for (size_t i = 0; i < 3; i++)
    if ((e = set_entry(pl->dict, xauth[i]))) ignored(ctx, pl, e, "XAuthEnabled is not 1");
}

static void check_ikev2(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  const char *m = mcl_dict_get_string(pl->dict, "AuthenticationMethod");
  bool eap = mcl_value_is_true(mcl_dict_get(pl->dict, "ExtendedAuthEnabled"));
  const mcl_entry *e;
  if (m && strcmp(m, "Certificate") == 0 && (e = set_entry(pl->dict, "SharedSecret")))
    ignored(ctx, pl, e, "AuthenticationMethod is Certificate");
  if (m && strcmp(m, "None") == 0 && eap && (e = set_entry(pl->dict, "SharedSecret")))
    ignored(ctx, pl, e, "AuthenticationMethod None with ExtendedAuthEnabled is EAP-only");
  if (eap) return;
  static const char *const eap_keys[] = {"AuthName", "AuthPassword"};
  for (size_t i = 0; i < 2; i++)
    if ((e = set_entry(pl->dict, eap_keys[i])))
      ignored(ctx, pl, e,
              "it is used only for extended authentication (EAP), and "
              "ExtendedAuthEnabled is not 1");
}

static void visit(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *pl, void *arg) {
  if (pl->ikev2) {
    check_ikev2(ctx, pl);
  } else if (pl->read && strcmp(pl->label, "IPSec") == 0) {
    if (vpn->type->kind == MCL_VPN_L2TP) check_l2tp_ipsec(ctx, pl);
    if (vpn->type->kind == MCL_VPN_IPSEC) check_cisco(ctx, pl);
  }
}

static void check(mcl_ctx *ctx) { mcl_vpn_each_place(ctx, visit, NULL); }

const mcl_rule mcl_rule_vpn_auth_ignored_key = {
    MCL_RULE_IDENTITY(vpn_auth_ignored_key), .name = "vpn-auth-ignored-key", .severity = MCL_WARNING,
    .summary = "An authentication key that the VPN's type or method never uses",
    .explanation =
        "Authentication keys take effect only with the type and method they belong to. "
        "XAuth keys (XAuthEnabled, XAuthName, XAuthPassword, XAuthPasswordEncryption), "
        "PromptForVPNPIN and the group name LocalIdentifier are Cisco IPSec's: an L2TP VPN "
        "reads its user name and password from PPP. XAuthName and XAuthPassword need "
        "XAuthEnabled = 1. SharedSecret is unused with certificate authentication, and "
        "Cisco IPSec ignores PayloadCertificateUUID unless AuthenticationMethod is "
        "Certificate. IKEv2's AuthName and AuthPassword are used only with "
        "ExtendedAuthEnabled = 1.\n\n"
        "An ignored key usually means the profile does not authenticate the way its author "
        "thinks; an ignored password or secret is also exposed for nothing. Keys set to 0, "
        "false or an empty string are not reported.",
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
           "  <key>XAuthName</key>\n"
           "  <string>alice</string>\n"
           "</dict>",
    .good = "<key>PayloadType</key>\n"
            "<string>com.apple.vpn.managed</string>\n"
            "<key>UserDefinedName</key>\n"
            "<string>Office VPN</string>\n"
            "<key>VPNType</key>\n"
            "<string>L2TP</string>\n"
            "<key>PPP</key>\n"
            "<dict>\n"
            "  <key>CommRemoteAddress</key>\n"
            "  <string>vpn.example.com</string>\n"
            "  <key>AuthName</key>\n"
            "  <string>alice</string>\n"
            "</dict>\n"
            "<key>IPSec</key>\n"
            "<dict>\n"
            "  <key>AuthenticationMethod</key>\n"
            "  <string>SharedSecret</string>\n"
            "  <key>SharedSecret</key>\n"
            "  <data>c2VjcmV0</data>\n"
            "</dict>",
    .check = check,
};
