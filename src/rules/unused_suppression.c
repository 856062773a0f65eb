/* unused-suppression: suppressions that hid nothing, as the suppression
 * pass (src/lint/suppress.c) recorded them. */
#include "rules/suppression.h"

void mcl_report_unused_suppressions(mcl_ctx *ctx, const mcl_suppression_facts *facts) {
  /* Without a tree no rule ran, and a rule that is off or has nothing to
   * check with these settings could not have been suppressed: silence. */
  if (!ctx->doc->root) return;
  for (size_t i = 0; i < facts->count; i++) {
    const mcl_suppression_fact *f = &facts->items[i];
    const mcl_rule *r = f->rule;
    if (f->kind != MCL_SF_UNUSED || !mcl_rule_on(ctx, r) || (r->applies && !r->applies(ctx->opts)))
      continue;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_unused_suppression, f->pos, NULL,
                           "%s %s suppresses nothing: no %s finding %s", f->word, r->name,
                           r->name, f->scope);
    mcl_hint(ctx, d, "remove '%s' from the comment", r->name);
  }
}

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
