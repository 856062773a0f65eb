/* missing-required-key: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_missing_required_key = {
    .code = "MC305", .name = "missing-required-key", .category = "schema", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "A key the schema requires is missing",
    .explanation =
        "Apple's schema marks some keys as required: a Wi-Fi payload without SSID_STR, "
        "or a VPN dictionary without RemoteAddress, is refused or cannot work. Nested "
        "dictionaries are checked too. A key required only on some platforms counts "
        "where it exists: without --platform it is reported only when it is required on "
        "every platform where the dictionary exists."
        "\n\n"
        "The four envelope keys (PayloadIdentifier, PayloadUUID, PayloadType, "
        "PayloadVersion) and PayloadContent are left to missing-common-key and "
        "payload-content.",
    .bad = "<key>VPN</key>\n<dict>\n  <key>AuthName</key>\n  <string>me</string>\n</dict>",
    .good = "<key>VPN</key>\n<dict>\n  <key>RemoteAddress</key>\n  <string>vpn.example.com</string>\n  <key>AuthName</key>\n  <string>me</string>\n</dict>",
};
