/* duplicate-payload-type: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_duplicate_payload_type = {
    .code = "MC315", .name = "duplicate-payload-type", .category = "schema", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload type that may appear only once appears twice in one profile",
    .explanation =
        "Apple's schema says, per platform, whether a payload type may be installed "
        "more than once (multiple). Two passcode, Dock or Home Screen Layout payloads "
        "in one profile make the installation fail."
        "\n\n"
        "How the target matters: it counts the targeted platforms (without "
        "--platform: every platform where the payload exists must forbid duplicates; "
        "with several targets it is a warning when only some forbid them).",
    .bad = "<dict>\n  <key>PayloadType</key>\n  <string>com.apple.dock</string>\n  <key>orientation</key>\n  <string>left</string>\n  ...\n</dict>\n<dict>\n  <key>PayloadType</key>\n  <string>com.apple.dock</string>\n  <key>tilesize</key>\n  <integer>48</integer>\n  ...\n</dict>",
    .good = "<dict>\n  <key>PayloadType</key>\n  <string>com.apple.dock</string>\n  <key>orientation</key>\n  <string>left</string>\n  <key>tilesize</key>\n  <integer>48</integer>\n  ...\n</dict>",
};
