#include "rules/vpn.h"

static void visit(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *place, void *arg) {
  if (!place->ikev2) return;
  mcl_ike_weakness *w;
  size_t nw = mcl_ike_weaknesses(ctx, place->dict, place->path, &w);
  for (size_t j = 0; j < nw; j++) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_weak_ike_proposal, w[j].value->pos, w[j].path,
                           "%s is obsolete and weak%s; Apple no longer offers it in iOS, "
                           "macOS and visionOS 26",
                           w[j].what, w[j].dh_group ? " (groups below 14 are breakable)" : "");
    mcl_hint(ctx, d, "%s",
             w[j].dh_group ? "use group 14 or higher, e.g. 19 or 20"
                           : "use AES-256-GCM (or AES-256 with SHA2-256)");
  }
}

static void check(mcl_ctx *ctx) { mcl_vpn_each_place(ctx, visit, NULL); }

const mcl_rule mcl_rule_weak_ike_proposal = {
    MCL_RULE_IDENTITY(weak_ike_proposal), .name = "weak-ike-proposal", .severity = MCL_WARNING,
    .summary = "An IKEv2 proposal with DES, 3DES, SHA1 or a Diffie-Hellman group below 14",
    .explanation =
        "The IKESecurityAssociationParameters and ChildSecurityAssociationParameters of an "
        "IKEv2 VPN (and of each Always On tunnel) choose its algorithms. DES and 3DES "
        "encryption, SHA1-96 and SHA1-160 integrity and Diffie-Hellman groups 1, 2 and 5 "
        "are obsolete: they protect the tunnel far less than the defaults (AES-256, "
        "SHA2-256, group 14). Apple offers them only in iOS, macOS and visionOS before 26, "
        "and never in tvOS and watchOS.\n\n"
        "This rule warns wherever they appear; unsupported-ike-proposal reports them as "
        "errors for targets that no longer offer them.",
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
           "  <string>SharedSecret</string>\n"
           "  <key>SharedSecret</key>\n"
           "  <string>${VPN_SECRET}</string>\n"
           "  <key>IKESecurityAssociationParameters</key>\n"
           "  <dict>\n"
           "    <key>EncryptionAlgorithm</key>\n"
           "    <string>3DES</string>\n"
           "    <key>IntegrityAlgorithm</key>\n"
           "    <string>SHA2-256</string>\n"
           "    <key>DiffieHellmanGroup</key>\n"
           "    <integer>2</integer>\n"
           "  </dict>\n"
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
            "  <key>IKESecurityAssociationParameters</key>\n"
            "  <dict>\n"
            "    <key>EncryptionAlgorithm</key>\n"
            "    <string>AES-256-GCM</string>\n"
            "    <key>IntegrityAlgorithm</key>\n"
            "    <string>SHA2-256</string>\n"
            "    <key>DiffieHellmanGroup</key>\n"
            "    <integer>19</integer>\n"
            "  </dict>\n"
            "</dict>",
    .check = check,
};
