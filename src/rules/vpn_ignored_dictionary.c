#include "rules/vpn.h"

#include <string.h>

static const char *reads_list(mcl_ctx *ctx, const mcl_vpn_type *t) {
  if (!t->reads[1]) return mcl_arena_printf(ctx->arena, "%s", t->reads[0]);
  return mcl_arena_printf(ctx->arena, "%s and %s", t->reads[0], t->reads[1]);
}

/* Defaults Apple documents for string keys of the type dictionaries:
 * tools such as Profile Manager write them into every dictionary. */
static const struct {
  const char *key, *value;
} defaults[] = {
    {"AuthenticationMethod", "SharedSecret"}, /* IPSec */
    {"AuthenticationMethod", "Password"},     /* VPN, TransparentProxy */
    {"LocalIdentifierType", "KeyID"},        {"ProviderType", "packet-tunnel"},
    {"DeadPeerDetectionRate", "Medium"},     {"CertificateType", "RSA"},
};

static bool is_default(const mcl_entry *e) {
  const mcl_value *v = e->value;
  bool b;
  if (mcl_value_truth(v, &b)) return !b;
  if (v->type == MCL_T_ARRAY) return v->u.array.count == 0;
  if (v->type == MCL_T_DICT) return v->u.dict.count == 0;
  if (v->type != MCL_T_STRING) return false;
  if (!mcl_value_has_content(v)) return true;
  for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
    if (!strcmp(e->key, defaults[i].key) && !strcmp(v->u.str.s, defaults[i].value)) return true;
  return false;
}

/* The first entry that sets something: a dictionary of defaults, as some
 * tools write for every type, loses nothing by being ignored. */
static const mcl_entry *first_setting(const mcl_value *dict) {
  for (size_t i = 0; i < dict->u.dict.count; i++) {
    const mcl_entry *e = &dict->u.dict.entries[i];
    if (!e->shadowed && !is_default(e)) return e;
  }
  return NULL;
}

static void check_vendor_config(mcl_ctx *ctx, const mcl_vpn *vpn) {
  const mcl_entry *e = mcl_dict_entry(vpn->dict, "VendorConfig");
  if (!e || e->value->type != MCL_T_DICT ||
      mcl_value_has_content(mcl_dict_get(vpn->dict, "VPNSubType")))
    return;
  /* VPN and TransparentProxy need VPNSubType anyway: vpn-subtype says so. */
  if (vpn->type->kind == MCL_VPN_CUSTOM || vpn->type->kind == MCL_VPN_TPROXY) return;
  mcl_emit(ctx, &mcl_rule_vpn_ignored_dictionary, e->key_pos,
           mcl_path_key(ctx->arena, vpn->path, "VendorConfig"),
           "VendorConfig is ignored: only a VPN app named by VPNSubType reads it, and this "
           "VPN's type is %s",
           vpn->type->name);
}

static void check(mcl_ctx *ctx) {
  mcl_vpn vpn;
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) {
    if (!vpn.type || vpn.type->kind == MCL_VPN_PPTP) continue;
    for (size_t k = 0; k < MCL_VPN_TYPE_DICT_COUNT; k++) {
      const char *key = mcl_vpn_type_dicts[k];
      const mcl_entry *e = mcl_dict_entry(vpn.dict, key);
      if (!e || e->value->type != MCL_T_DICT || mcl_vpn_reads(&vpn, key)) continue;
      const mcl_entry *set = first_setting(e->value);
      if (!set) continue;
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_ignored_dictionary, e->key_pos,
                             mcl_path_key(ctx->arena, vpn.path, key),
                             "the %s dictionary is ignored, and %s with it: VPNType %s reads "
                             "only %s",
                             key, set->key, vpn.type->name, reads_list(ctx, vpn.type));
      if (vpn.type->kind == MCL_VPN_ALWAYSON && strcmp(key, "IKEv2") == 0)
        mcl_hint(ctx, d,
                 "Always On tunnels carry their IKEv2 settings in each entry of "
                 "AlwaysOn.TunnelConfigurations");
      else
        mcl_hint(ctx, d, "remove it, or move the settings it holds into %s", vpn.type->reads[0]);
    }
    check_vendor_config(ctx, &vpn);
  }
}

const mcl_rule mcl_rule_vpn_ignored_dictionary = {
    MCL_RULE_IDENTITY(vpn_ignored_dictionary), .name = "vpn-ignored-dictionary", .severity = MCL_WARNING,
    .summary = "A type dictionary that this VPNType never reads",
    .explanation =
        "The dictionaries VPN, PPP, IPSec, IKEv2, AlwaysOn and TransparentProxy each belong "
        "to VPN types: L2TP reads PPP and IPSec, Cisco IPSec (VPNType IPSec) reads IPSec, "
        "IKEv2 reads IKEv2, and so on. A device ignores the dictionaries of other types, "
        "with every setting in them: a shared secret, on-demand rules or a certificate "
        "written there has no effect. Usually the profile was converted from another "
        "type, or copied from an example for a different VPN.\n\n"
        "VendorConfig is likewise read only for a VPN app named by VPNSubType. IPv4, DNS "
        "and Proxies apply to every type and are not reported, nor is a dictionary that "
        "holds only defaults (false, 0, empty, or a documented default such as "
        "AuthenticationMethod SharedSecret), as some tools write one for every type.",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.vpn.managed</string>\n"
           "<key>UserDefinedName</key>\n"
           "<string>Office VPN</string>\n"
           "<key>VPNType</key>\n"
           "<string>IKEv2</string>\n"
           "<key>IPSec</key>\n"
           "<dict>\n"
           "  <key>SharedSecret</key>\n"
           "  <data>c2VjcmV0</data>\n"
           "</dict>\n"
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
