/* out-of-range: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_out_of_range = {
    .code = "MC307", .name = "out-of-range", .category = "schema", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "A number is outside the range the schema allows",
    .explanation =
        "Some numeric keys have a minimum or a maximum (maxGracePeriod, maxInactivity, "
        "minLength, ...). A device refuses or clamps a value outside it, so the setting "
        "is not what the profile says.",
    .bad = "<key>minLength</key>\n<integer>40</integer>",
    .good = "<key>minLength</key>\n<integer>12</integer>",
};
