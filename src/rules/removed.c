/* removed: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_removed = {
    .code = "MC313", .name = "removed", .category = "schema", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload or key was removed at or before the minimum OS",
    .explanation =
        "A removed payload or key does nothing on releases from its removal on. With "
        "--min-os it is reported when removed at or before that release; without "
        "--min-os the current releases count, so any removal on a targeted platform is "
        "reported."
        "\n\n"
        "This rule depends on the target: without --platform it reports only what was "
        "removed on every platform where it existed; with several platforms it is a "
        "warning when the removal holds on only some of them.",
    .bad = "(a key removed in iOS 16, with --platform ios --min-os 16)",
    .good = "(the key's replacement)",
};
