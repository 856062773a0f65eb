/* item-count: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_item_count = {
    .code = "MC309", .name = "item-count", .category = "schema", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "An array has fewer or more items than the schema allows",
    .explanation =
        "Some arrays must hold a number of items within bounds (Apple's repetition): "
        "PPP AuthEAPPlugins holds exactly one plug-in, for example. A device reads only "
        "what it expects, or refuses the payload.",
    .bad = "<key>AuthEAPPlugins</key>\n<array>\n  <string>EAP-RSA</string>\n  <string>EAP-TLS</string>\n</array>",
    .good = "<key>AuthEAPPlugins</key>\n<array>\n  <string>EAP-RSA</string>\n</array>",
};
