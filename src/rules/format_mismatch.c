/* format-mismatch: a string not of the form the schema gives, from the
 * schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_FORMAT) continue;
    const mcl_value *v = f->value;
    if (mcl_has_template_marker(v->u.str.s)) continue; /* template-marker's */
    if (f->secret)
      mcl_emit(ctx, &mcl_rule_format_mismatch, f->pos, f->path, "%s does not have the form %s%s",
               f->subject, f->node->format, mcl_violation_source(ctx, f));
    else
      mcl_emit(ctx, &mcl_rule_format_mismatch, f->pos, f->path,
               "%s is '%.*s%s', not of the form %s%s", f->subject,
               v->u.str.len > 80 ? 80 : (int)v->u.str.len, v->u.str.s,
               v->u.str.len > 80 ? "..." : "", f->node->format, mcl_violation_source(ctx, f));
  }
}

const mcl_rule mcl_rule_format_mismatch = {
    MCL_RULE_IDENTITY(format_mismatch), .name = "format-mismatch", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "A string does not have the form the schema's pattern requires",
    .explanation =
        "A few keys have a format given as a regular expression: UUID-shaped "
        "references, https URLs, MAC addresses. The whole string must match it (the "
        "pattern is anchored at both ends). Values holding a template placeholder are "
        "left to template-marker, and values of secret keys are not printed.",
    .bad = "<key>PayloadCertificateUUID</key>\n<string>my-cert</string>",
    .good = "<key>PayloadCertificateUUID</key>\n<string>6F1D1C2B-3A4E-4F5A-8B6C-7D8E9F0A1B2C</string>",
    .check = check,
};
