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
    .supersedes = {&mcl_rule_supervised_only, &mcl_rule_unavailable_on_platform},
};
