/* Reported by the suppression pass (src/lint/suppress.c). */
#include "rules/rule.h"

const mcl_rule mcl_rule_unused_suppression = {
    MCL_RULE_IDENTITY(unused_suppression), .name = "unused-suppression", .severity = MCL_WARNING,
    .summary = "A suppression comment suppresses nothing",
    .explanation =
        "A <!-- mclint-disable... --> comment names a rule that reports nothing where the "
        "comment applies: the problem was fixed, the comment is on the wrong line, or it "
        "names the wrong rule. A stale suppression would silently hide the next real "
        "problem, so remove it.\n\n"
        "Only rules that ran count: a suppression of a rule that is turned off (by "
        "--disable, --select or the configuration file), or of a policy rule whose setting "
        "is not configured, is not reported. Turn this rule off in the configuration, not "
        "with a comment. See docs/suppression.md.",
    .bad = "<!-- mclint-disable-next-line template-marker -->\n"
           "<string>vpn.example.com</string>",
    .good = "<string>vpn.example.com</string>",
};
