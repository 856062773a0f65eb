/* boolean-integer-mix: findings come from the schema walk (src/schema/check.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_boolean_integer_mix = {
    .code = "MC304", .name = "boolean-integer-mix", .category = "schema", .severity = MCL_WARNING,
    .flags = 0,
    .fix = MCL_FIX_SAFE,
    .summary = "An <integer> 0/1 stands where a boolean is expected, or <true/>/<false/> where a 0/1 integer is",
    .explanation =
        "Devices read an <integer>1</integer> as true and <true/> as 1, so these "
        "profiles work; but Apple Business Manager and some MDM servers reject the "
        "mismatch, and the schema's type is the documented one. Some payloads (VPN, for "
        "instance) use 0/1 integers for switches, others real booleans, which makes "
        "this an easy mistake."
        "\n\n"
        "With --strict-types the same values are reported as wrong-type errors instead.",
    .bad = "<key>allowCamera</key>\n<integer>0</integer>",
    .good = "<key>allowCamera</key>\n<false/>",
};
