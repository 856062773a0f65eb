/* unavailable-on-platform: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_unavailable_on_platform = {
    .code = "MC310", .name = "unavailable-on-platform", .category = "schema", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload or key is not available on a targeted platform",
    .explanation =
        "Apple's schema says on which platforms (iOS, macOS, tvOS, visionOS, watchOS) "
        "each payload and key exists. A payload the platform does not have is refused; "
        "a key is ignored there. A key set to its default (allowiTunes true on macOS) "
        "changes nothing where it is ignored and is not reported."
        "\n\n"
        "How the target matters: with --platform it reports what does not "
        "exist on a targeted platform (a warning when it exists on another targeted "
        "platform, where it still works). Without --platform it reports only what "
        "exists on none of the platforms where its payload or dictionary exists.",
    .bad = "<!-- mclint --platform macos -->\n<key>PayloadType</key>\n<string>com.apple.homescreenlayout</string>",
    .good = "<!-- mclint --platform macos -->\n<key>PayloadType</key>\n<string>com.apple.dock</string>",
};
