#include <ctype.h>
#include <string.h>

#include "rules/vpn.h"

/* Given: text, data, or a value the reader already reported as invalid. */
static bool given(const mcl_value *dict, const char *key) {
  const mcl_value *v = mcl_dict_get(dict, key);
  return v && (v->invalid || mcl_value_has_content(v));
}

static bool ends_with_hybrid(const char *s) {
  size_t n = s ? strlen(s) : 0;
  while (n && (s[n - 1] == ']' || isspace((unsigned char)s[n - 1]))) n--;
  return n >= 6 && strncmp(s + n - 6, "hybrid", 6) == 0;
}

static void missing(mcl_ctx *ctx, const mcl_vpn_place *pl, const mcl_value *method,
                    const char *need, const char *what) {
  mcl_pos pos = method ? method->pos : pl->dict->pos;
  const char *path = method ? mcl_path_key(ctx->arena, pl->path, "AuthenticationMethod") : pl->path;
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_auth_incomplete, pos, path, "%s", what);
  mcl_hint(ctx, d, "add %s to %s", need, pl->label);
}

static void check_ipsec(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *pl) {
  const mcl_value *method = mcl_dict_get(pl->dict, "AuthenticationMethod");
  if (method && method->type != MCL_T_STRING) return;
  const char *m = method ? method->u.str.s : "SharedSecret";
  if (strcmp(m, "SharedSecret") == 0 && !given(pl->dict, "SharedSecret")) {
    if (vpn->type->kind == MCL_VPN_IPSEC &&
        ends_with_hybrid(mcl_dict_get_string(pl->dict, "LocalIdentifier")))
      return; /* hybrid authentication: the server's certificate replaces the secret */
    missing(ctx, pl, method, "SharedSecret",
            mcl_arena_printf(ctx->arena,
                             "%s authenticates with a shared secret%s, and %s has "
                             "no SharedSecret: the VPN cannot connect without asking for it",
                             vpn->type->label, method ? "" : " (the default)", pl->label));
  } else if (strcmp(m, "Certificate") == 0 && !given(pl->dict, "PayloadCertificateUUID")) {
    missing(ctx, pl, method, "PayloadCertificateUUID naming the identity payload",
            mcl_arena_printf(ctx->arena,
                             "AuthenticationMethod is Certificate but %s names no "
                             "certificate (PayloadCertificateUUID)",
                             pl->label));
  }
}

static void check_ikev2(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  const mcl_value *method = mcl_dict_get_type(pl->dict, "AuthenticationMethod", MCL_T_STRING);
  if (method) {
    const char *m = method->u.str.s;
    bool eap = mcl_value_is_true(mcl_dict_get(pl->dict, "ExtendedAuthEnabled"));
    if (strcmp(m, "SharedSecret") == 0 && !given(pl->dict, "SharedSecret"))
      missing(ctx, pl, method, "SharedSecret",
              mcl_arena_printf(ctx->arena,
                               "AuthenticationMethod is SharedSecret but %s has no "
                               "SharedSecret",
                               pl->label));
    else if (strcmp(m, "Certificate") == 0 && !given(pl->dict, "PayloadCertificateUUID"))
      missing(ctx, pl, method, "PayloadCertificateUUID naming the identity payload",
              mcl_arena_printf(ctx->arena,
                               "AuthenticationMethod is Certificate but %s names "
                               "no certificate (PayloadCertificateUUID)",
                               pl->label));
    else if (strcmp(m, "None") == 0 && !eap && !given(pl->dict, "SharedSecret"))
      missing(ctx, pl, method, "ExtendedAuthEnabled = 1 for EAP-only authentication",
              "AuthenticationMethod None without ExtendedAuthEnabled = 1 falls back to a shared "
              "secret, and there is no SharedSecret");
  }
  const mcl_entry *ppk = mcl_dict_entry(pl->dict, "PPK");
  const mcl_entry *ppk_id = mcl_dict_entry(pl->dict, "PPKIdentifier");
  if (!ppk != !ppk_id) {
    const mcl_entry *e = ppk ? ppk : ppk_id;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_auth_incomplete, e->key_pos,
                           mcl_path_key(ctx->arena, pl->path, e->key),
                           "%s without %s: the post-quantum pre-shared key needs both", e->key,
                           ppk ? "PPKIdentifier" : "PPK");
    mcl_hint(ctx, d, "add %s, or remove %s", ppk ? "PPKIdentifier" : "PPK", e->key);
  }
}

static void check(mcl_ctx *ctx) {
  mcl_vpn vpn;
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) {
    if (!vpn.type) continue;
    mcl_vpn_kind kind = vpn.type->kind;
    if (kind == MCL_VPN_L2TP && !mcl_dict_get(vpn.dict, "IPSec")) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_auth_incomplete, vpn.type_value->pos,
                             mcl_path_key(ctx->arena, vpn.path, "VPNType"),
                             "L2TP needs an IPSec dictionary with the shared secret (or "
                             "certificate) of its IPSec layer, and this payload has none");
      mcl_hint(ctx, d, "add IPSec with AuthenticationMethod and SharedSecret");
    }
    mcl_vpn_place *places;
    size_t n = mcl_vpn_places(ctx, &vpn, &places);
    for (size_t k = 0; k < n; k++) {
      const mcl_vpn_place *pl = &places[k];
      if (pl->ikev2)
        check_ikev2(ctx, pl);
      else if (pl->read && strcmp(pl->label, "IPSec") == 0)
        check_ipsec(ctx, &vpn, pl);
    }
  }
}

const mcl_rule mcl_rule_vpn_auth_incomplete = {
    MCL_RULE_IDENTITY(vpn_auth_incomplete), .name = "vpn-auth-incomplete", .severity = MCL_ERROR,
    .flags = MCL_RULE_ABSENCE,
    .summary = "The VPN's authentication method lacks what it needs",
    .explanation =
        "The AuthenticationMethod of IPSec (Cisco IPSec and L2TP) and IKEv2 "
        "configurations decides which other keys must be present: SharedSecret needs "
        "SharedSecret, Certificate needs PayloadCertificateUUID naming the identity "
        "payload. In IPSec the method defaults to SharedSecret. An IKEv2 method of None "
        "means EAP-only only together with ExtendedAuthEnabled = 1; otherwise it falls "
        "back to a shared secret. L2TP needs the IPSec dictionary for its IPSec layer. "
        "PPK and PPKIdentifier (the post-quantum pre-shared key) go together.\n\n"
        "Without them the VPN cannot connect, or stops to ask the user for what the "
        "profile should have supplied. Cisco IPSec with hybrid authentication (a group "
        "name ending in \"hybrid\") needs no shared secret. Always On tunnels are IKEv2 "
        "configurations and are checked the same way.",
    .bad = "<key>PayloadType</key>\n"
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
           "  <string>Certificate</string>\n"
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
            "  <string>Certificate</string>\n"
            "  <key>PayloadCertificateUUID</key>\n"
            "  <string>4F2C8A1D-6B3E-4C7F-9A0D-2E5B8C1F4A7D</string>\n"
            "</dict>",
    .check = check,
};
