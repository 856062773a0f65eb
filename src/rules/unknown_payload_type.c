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
        "payload are checked. (Should a payload schema itself fail to load, which the "
        "build's tests rule out for the embedded ones, this rule says so as an error.)"
        "\n\n"
        "Where the schema of a payload comes from, first match wins: a --schema-dir "
        "schema, then Apple's schema compiled into mclint, then a ProfileManifests "
        "manifest from --manifests (found by its pfm_domain). An Apple payload type is "
        "never checked against a manifest. With a manifest, third-party payloads and "
        "each preference domain of a custom settings payload (Forced, Set-Once, Often) "
        "get the same schema rules, and each such finding ends with \"(per the DOMAIN "
        "manifest)\"; the common Payload keys stay Apple's. A manifest that cannot be "
        "read is reported here, with its file and line, instead of the unknown type, "
        "and is not used (docs/manifests.md).",
    .bad = "<key>PayloadType</key>\n<string>com.apple.wifi.manged</string>",
    .good = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>",
};
