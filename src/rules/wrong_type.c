/* wrong-type: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_wrong_type = {
    .code = "MC303", .name = "wrong-type", .category = "schema", .severity = MCL_ERROR,
    .flags = 0,
    .fix = MCL_FIX_SAFE,
    .summary = "A value has a different plist type than the schema says",
    .explanation =
        "Each key of Apple's schema has one type. A device reading a <string>5</string> "
        "where it expects an <integer> ignores the value, or refuses the payload. Array "
        "items are checked against the array's element type."
        "\n\n"
        "By default the check takes the device's lenient view: an <integer> where a "
        "<real> is expected is accepted, and 0/1 integers standing for booleans (or the "
        "reverse) are left to boolean-integer-mix. With --strict-types (setting "
        "strict-types) every type must be exact, as Apple Business Manager demands, and "
        "those cases are reported here.",
    .bad = "<key>MaxInactivity</key>\n<string>5</string>",
    .good = "<key>MaxInactivity</key>\n<integer>5</integer>",
};
