/* unknown-payload-type: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_unknown_payload_type = {
    .code = "MC301", .name = "unknown-payload-type", .category = "schema", .severity = MCL_WARNING,
    .flags = 0,
    .summary = "A payload's PayloadType is not a payload type of Apple's schema",
    .explanation =
        "A payload whose PayloadType the device does not know is refused (iOS) or, on "
        "macOS, taken as the preference domain of that name, which is how custom "
        "settings are delivered. A misspelt type such as com.apple.wifi.manged "
        "therefore fails, or silently writes preferences nobody reads."
        "\n\n"
        "When a known type is close (a case difference or a small edit), the finding is "
        "a warning with the suggestion. When nothing is close it is most likely a "
        "custom preference domain: the finding is then only informational, unless the "
        "target (--platform) leaves out macOS. Only the common payload keys of such a "
        "payload are checked. A few types that Apple ships in its own signed profiles "
        "without documenting them (com.apple.defaults.managed in Apple's logging "
        "profiles) are not reported. (Should a payload schema itself fail to load, which the "
        "build's tests rule out for the embedded ones, this rule says so as an error.)",
    .bad = "<key>PayloadType</key>\n<string>com.apple.wifi.manged</string>",
    .good = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>",
};
