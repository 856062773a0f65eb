/* deprecated: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_deprecated = {
    .code = "MC312", .name = "deprecated", .category = "schema", .severity = MCL_WARNING,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload or key is deprecated, or removed in a release after the minimum OS",
    .explanation =
        "Apple deprecates keys before it removes them; a deprecated key still works but "
        "should be replaced. A key removed in a release newer than --min-os (or removed "
        "at all, when no --min-os is given) works on older devices only, and newer ones "
        "ignore it; removals at or before --min-os are the rule removed's errors."
        "\n\n"
        "How the target matters: with --min-os it reports deprecations at or "
        "before it; without --min-os every deprecation on a targeted platform counts; "
        "without --platform only what is deprecated on every platform where it exists.",
    .bad = "<!-- mclint --platform ios -->\n<key>Whitelist</key>\n<array>...</array>",
    .good = "<!-- mclint --platform ios -->\n<key>AllowList</key>\n<array>...</array>",
};
