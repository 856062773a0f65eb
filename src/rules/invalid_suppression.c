/* Reported by the suppression pass (src/lint/suppress.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_invalid_suppression = {
    MCL_RULE_IDENTITY(invalid_suppression), .name = "invalid-suppression", .severity = MCL_WARNING,
    .summary = "A suppression comment is malformed or names an unknown rule",
    .explanation =
        "A comment starting with mclint- must be one of mclint-disable-next-line, "
        "mclint-disable, mclint-enable or mclint-disable-file, followed by one or more rule "
        "names or codes (separated by commas or spaces) and, optionally, a colon and a "
        "reason. Reported: an unknown directive, an unknown rule (often a reason written "
        "without the colon), a rule that cannot be suppressed (parse errors, and these "
        "suppression rules), a comment that names no rule, and mclint-enable without a "
        "matching mclint-disable. Such a comment suppresses nothing. See "
        "docs/suppression.md.",
    .bad = "<!-- mclint-disable-next-line template-marker the MDM fills this in -->",
    .good = "<!-- mclint-disable-next-line template-marker: the MDM fills this in -->",
};
