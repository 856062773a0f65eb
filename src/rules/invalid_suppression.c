/* invalid-suppression: the mistakes the suppression pass
 * (src/lint/suppress.c) recorded in suppression comments, worded. */
#include "base/util.h"
#include "rules/suppression.h"

static const char *nearest_rule(const char *name) {
  const char *best = NULL;
  size_t best_d = 3;
  for (size_t i = 0; i < mcl_rule_count(); i++) {
    size_t d = mcl_edit_distance(name, mcl_rule_at(i)->name, 2);
    if (d < best_d) best_d = d, best = mcl_rule_at(i)->name;
  }
  return best;
}

static void unknown_rule(mcl_ctx *ctx, const mcl_suppression_fact *f) {
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_invalid_suppression, f->pos, NULL,
                         "%s names unknown rule '%s'", f->word, f->name);
  const char *near = d ? nearest_rule(f->name) : NULL;
  if (near)
    mcl_hint(ctx, d, "did you mean '%s'?", near);
  else if (f->more) /* likely a reason written without its colon */
    mcl_hint(ctx, d, "a reason goes after a colon: <!-- %s RULE: reason -->", f->word);
  else
    mcl_hint(ctx, d, "rules are named or numbered as in mclint --list-rules");
}

static void report(mcl_ctx *ctx, const mcl_suppression_fact *f) {
  const mcl_rule *me = &mcl_rule_invalid_suppression;
  mcl_diag *d = NULL;
  switch (f->kind) {
  case MCL_SF_UNKNOWN_DIRECTIVE:
    d = mcl_emit(ctx, me, f->pos, NULL, "unknown suppression comment '%s'", f->word);
    mcl_hint(ctx, d,
             "use mclint-disable-next-line, mclint-disable, mclint-enable or mclint-disable-file");
    break;
  case MCL_SF_NO_RULE:
    d = mcl_emit(ctx, me, f->pos, NULL, "%s names no rule", f->word);
    mcl_hint(ctx, d, "name the rules, e.g. <!-- mclint-disable-next-line template-marker -->");
    break;
  case MCL_SF_UNKNOWN_RULE: unknown_rule(ctx, f); break;
  case MCL_SF_PARSE_RULE:
    d = mcl_emit(ctx, me, f->pos, NULL,
                 "%s cannot suppress '%s': parse errors are always reported", f->word,
                 f->rule->name);
    mcl_hint(ctx, d, "fix the file instead");
    break;
  case MCL_SF_META_RULE:
    d = mcl_emit(ctx, me, f->pos, NULL, "%s cannot suppress '%s'", f->word, f->rule->name);
    mcl_hint(ctx, d, "turn it off in the configuration file or with --disable");
    break;
  case MCL_SF_ENABLE_WITHOUT_DISABLE:
    mcl_emit(ctx, me, f->pos, NULL, "mclint-enable %s has no mclint-disable %s before it",
             f->rule->name, f->rule->name);
    break;
  case MCL_SF_UNUSED: break;
  }
}

void mcl_report_invalid_suppressions(mcl_ctx *ctx, const mcl_suppression_facts *facts) {
  for (size_t i = 0; i < facts->count; i++) report(ctx, &facts->items[i]);
}

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
