/* unknown-key: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_unknown_key = {
    .code = "MC302", .name = "unknown-key", .category = "schema", .severity = MCL_ERROR,
    .flags = 0,
    .fix = MCL_FIX_UNSAFE,
    .summary = "A key that the payload's schema does not define",
    .explanation =
        "Devices ignore keys they do not know, so a misspelt key (SSID instead of "
        "SSID_STR, allowcamera instead of allowCamera) installs without complaint and "
        "configures nothing. The profile's outer dictionary is checked against Apple's "
        "TopLevel keys, each payload against its PayloadType's keys plus the common "
        "payload keys, and nested dictionaries against theirs, at any depth."
        "\n\n"
        "When a known key is close (case difference or a small edit distance) the "
        "finding is an error with a \"did you mean\" hint. When no known key is close, "
        "the key may be undocumented or vendor-specific, and the finding is a warning. "
        "Dictionaries whose keys are free (Apple's ANY: bundle identifiers, language "
        "codes) accept any key.",
    .bad = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>\n<key>SSID</key>\n<string>Office</string>",
    .good = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>\n<key>SSID_STR</key>\n<string>Office</string>",
};
