/* not-in-enum: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_not_in_enum = {
    .code = "MC306", .name = "not-in-enum", .category = "schema", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "A value is not one of the values the schema allows",
    .explanation =
        "Many keys take one of a fixed set of values (EncryptionType: WEP, WPA, WPA2, "
        "...; VPNType: VPN, L2TP, IPSec, ...). Values are compared exactly, as devices "
        "compare them: 'wpa2' is not 'WPA2'. Integer, real and boolean sets are "
        "compared by value. The hint suggests a close allowed value. Values of secret "
        "keys are not printed.",
    .bad = "<key>EncryptionType</key>\n<string>wpa2</string>",
    .good = "<key>EncryptionType</key>\n<string>WPA2</string>",
};
