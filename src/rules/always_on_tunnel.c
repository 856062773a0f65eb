#include <string.h>

#include "base/util.h"
#include "rules/vpn.h"

enum { IF_CELLULAR = 1, IF_WIFI = 2 };

/* The interfaces a tunnel serves: those listed, or both when none is. */
static unsigned tunnel_interfaces(const mcl_value *t) {
  const mcl_value *list = mcl_dict_get_type(t, "Interfaces", MCL_T_ARRAY);
  if (!list || !list->u.array.count) return IF_CELLULAR | IF_WIFI;
  unsigned set = 0;
  for (size_t i = 0; i < list->u.array.count; i++) {
    const mcl_value *v = list->u.array.items[i];
    if (mcl_value_is_string(v, "Cellular")) set |= IF_CELLULAR;
    if (mcl_value_is_string(v, "WiFi")) set |= IF_WIFI;
  }
  return set;
}

static void check_keys(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  static const char *const needed[] = {"ProtocolType", "RemoteAddress", "RemoteIdentifier",
                                       "LocalIdentifier", "AuthenticationMethod"};
  mcl_buf missing = {0};
  for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
    if (mcl_dict_get(pl->dict, needed[i])) continue;
    if (missing.len) mcl_buf_puts(&missing, ", ");
    mcl_buf_puts(&missing, needed[i]);
  }
  if (missing.len) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_always_on_tunnel, pl->dict->pos, pl->path,
                           "this Always On tunnel lacks %s: each tunnel is a complete IKEv2 "
                           "configuration",
                           missing.data);
    mcl_hint(ctx, d,
             "give it ProtocolType IKEv2 and the IKEv2 connection keys (RemoteAddress, "
             "RemoteIdentifier, LocalIdentifier, AuthenticationMethod and its "
             "credentials)");
  }
  mcl_buf_free(&missing);
}

static void check_dh(mcl_ctx *ctx, const mcl_vpn_place *pl) {
  static const char *const sa_keys[] = {"IKESecurityAssociationParameters",
                                        "ChildSecurityAssociationParameters"};
  for (size_t s = 0; s < 2; s++) {
    const mcl_value *sa = mcl_dict_get_dict(pl->dict, sa_keys[s]);
    const mcl_value *dh = mcl_dict_get(sa, "DiffieHellmanGroup");
    int64_t g;
    if (!sa || !mcl_value_int64(dh, &g) || g >= 14) continue;
    const char *path = mcl_path_key(ctx->arena, mcl_path_key(ctx->arena, pl->path, sa_keys[s]),
                                    "DiffieHellmanGroup");
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_always_on_tunnel, dh->pos, path,
                           "Diffie-Hellman group %lld in an Always On tunnel: iOS 14.2 and later "
                           "require group 14 or higher",
                           (long long)g);
    mcl_hint(ctx, d, "use group 14 or higher, e.g. 19 or 20, on the server too");
  }
}

static void check_always_on(mcl_ctx *ctx, const mcl_vpn *vpn) {
  const mcl_entry *ao = mcl_dict_entry(vpn->dict, "AlwaysOn");
  if (!ao || ao->value->type != MCL_T_DICT) return; /* vpn-missing-type-dictionary */
  const char *ao_path = mcl_path_key(ctx->arena, vpn->path, "AlwaysOn");
  const mcl_value *tunnels = mcl_dict_get(ao->value, "TunnelConfigurations");
  if (!tunnels || (tunnels->type == MCL_T_ARRAY && !tunnels->u.array.count)) {
    mcl_diag *d = mcl_emit(
        ctx, &mcl_rule_always_on_tunnel, tunnels ? tunnels->pos : ao->value->pos,
        tunnels ? mcl_path_key(ctx->arena, ao_path, "TunnelConfigurations") : ao_path,
        "Always On VPN without tunnels: TunnelConfigurations is %s", tunnels ? "empty" : "missing");
    mcl_hint(ctx, d,
             "add one IKEv2 tunnel configuration for all interfaces, or one for "
             "Cellular and one for WiFi");
    return;
  }
  mcl_vpn_place *places;
  size_t n = mcl_vpn_places(ctx, vpn, &places);
  unsigned seen = 0;
  const mcl_vpn_place *owner[3] = {NULL, NULL, NULL};
  for (size_t k = 0; k < n; k++) {
    const mcl_vpn_place *pl = &places[k];
    if (!pl->tunnel) continue;
    check_keys(ctx, pl);
    check_dh(ctx, pl);
    unsigned ifs = tunnel_interfaces(pl->dict), both = ifs & seen;
    if (both) {
      const char *name = both & IF_CELLULAR ? "Cellular" : "WiFi";
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_always_on_tunnel, pl->dict->pos, pl->path,
                             "this tunnel serves %s, which %s already serves: a device uses "
                             "one tunnel per interface",
                             name, owner[both & IF_CELLULAR ? IF_CELLULAR : IF_WIFI]->label);
      mcl_hint(ctx, d, "give each tunnel its own Interfaces (Cellular or WiFi)");
    }
    for (unsigned b = IF_CELLULAR; b <= IF_WIFI; b <<= 1)
      if ((ifs & b) && !owner[b]) owner[b] = pl;
    seen |= ifs;
  }
}

static void check(mcl_ctx *ctx) {
  mcl_vpn vpn;
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);)
    if (vpn.type && vpn.type->kind == MCL_VPN_ALWAYSON) check_always_on(ctx, &vpn);
}

const mcl_rule mcl_rule_always_on_tunnel = {
    MCL_RULE_IDENTITY(always_on_tunnel), .name = "always-on-tunnel", .severity = MCL_ERROR,
    .summary = "An Always On VPN tunnel that is missing, incomplete or refused",
    .explanation =
        "An Always On VPN (VPNType AlwaysOn) connects through the entries of "
        "AlwaysOn.TunnelConfigurations: one for all interfaces, or one for Cellular and one "
        "for WiFi. Each entry is a complete IKEv2 configuration: ProtocolType IKEv2, "
        "RemoteAddress, RemoteIdentifier, LocalIdentifier, AuthenticationMethod and its "
        "credentials, written in the entry itself (an IKEv2 dictionary beside AlwaysOn is "
        "not read).\n\n"
        "Since iOS 14.2 an Always On tunnel must use Diffie-Hellman group 14 or higher. Two "
        "tunnels serving the same interface (an entry without Interfaces serves both) "
        "conflict.",
    .bad = "<!-- mclint --platform ios --supervised -->\n"
           "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.vpn.alwayson</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.vpn.managed</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "      <key>UserDefinedName</key>\n"
           "      <string>Always On</string>\n"
           "      <key>VPNType</key>\n"
           "      <string>AlwaysOn</string>\n"
           "      <key>AlwaysOn</key>\n"
           "      <dict>\n"
           "        <key>TunnelConfigurations</key>\n"
           "        <array>\n"
           "        <dict>\n"
           "          <key>ProtocolType</key>\n"
           "          <string>IKEv2</string>\n"
           "        </dict>\n"
           "        </array>\n"
           "      </dict>\n"
           "    </dict>\n"
           "  </array>\n"
           "  <key>PayloadDisplayName</key>\n"
           "  <string>Example</string>\n"
           "  <key>PayloadIdentifier</key>\n"
           "  <string>com.example.vpn</string>\n"
           "  <key>PayloadType</key>\n"
           "  <string>Configuration</string>\n"
           "  <key>PayloadUUID</key>\n"
           "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
           "  <key>PayloadVersion</key>\n"
           "  <integer>1</integer>\n"
           "</dict>",
    .good = "<!-- mclint --platform ios --supervised -->\n"
            "<dict>\n"
            "  <key>PayloadContent</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>PayloadIdentifier</key>\n"
            "      <string>com.example.vpn.alwayson</string>\n"
            "      <key>PayloadType</key>\n"
            "      <string>com.apple.vpn.managed</string>\n"
            "      <key>PayloadUUID</key>\n"
            "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
            "      <key>PayloadVersion</key>\n"
            "      <integer>1</integer>\n"
            "      <key>UserDefinedName</key>\n"
            "      <string>Always On</string>\n"
            "      <key>VPNType</key>\n"
            "      <string>AlwaysOn</string>\n"
            "      <key>AlwaysOn</key>\n"
            "      <dict>\n"
            "        <key>TunnelConfigurations</key>\n"
            "        <array>\n"
            "        <dict>\n"
            "          <key>ProtocolType</key>\n"
            "          <string>IKEv2</string>\n"
            "          <key>Interfaces</key>\n"
            "          <array><string>Cellular</string></array>\n"
            "          <key>RemoteAddress</key>\n"
            "          <string>vpn.example.com</string>\n"
            "          <key>RemoteIdentifier</key>\n"
            "          <string>vpn.example.com</string>\n"
            "          <key>LocalIdentifier</key>\n"
            "          <string>device.example.com</string>\n"
            "          <key>AuthenticationMethod</key>\n"
            "          <string>Certificate</string>\n"
            "          <key>PayloadCertificateUUID</key>\n"
            "          <string>4F2C8A1D-6B3E-4C7F-9A0D-2E5B8C1F4A7D</string>\n"
            "        </dict>\n"
            "        <dict>\n"
            "          <key>ProtocolType</key>\n"
            "          <string>IKEv2</string>\n"
            "          <key>Interfaces</key>\n"
            "          <array><string>WiFi</string></array>\n"
            "          <key>RemoteAddress</key>\n"
            "          <string>vpn.example.com</string>\n"
            "          <key>RemoteIdentifier</key>\n"
            "          <string>vpn.example.com</string>\n"
            "          <key>LocalIdentifier</key>\n"
            "          <string>device.example.com</string>\n"
            "          <key>AuthenticationMethod</key>\n"
            "          <string>Certificate</string>\n"
            "          <key>PayloadCertificateUUID</key>\n"
            "          <string>4F2C8A1D-6B3E-4C7F-9A0D-2E5B8C1F4A7D</string>\n"
            "        </dict>\n"
            "        </array>\n"
            "      </dict>\n"
            "    </dict>\n"
            "  </array>\n"
            "  <key>PayloadDisplayName</key>\n"
            "  <string>Example</string>\n"
            "  <key>PayloadIdentifier</key>\n"
            "  <string>com.example.vpn</string>\n"
            "  <key>PayloadType</key>\n"
            "  <string>Configuration</string>\n"
            "  <key>PayloadUUID</key>\n"
            "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
            "  <key>PayloadVersion</key>\n"
            "  <integer>1</integer>\n"
            "</dict>",
    .check = check,
    .supersedes = {&mcl_rule_weak_ike_proposal, &mcl_rule_unsupported_ike_proposal,
                   &mcl_rule_missing_required_key},
};
