/* boolean-integer-mix: <integer>1</integer> for a boolean, or <true/> for
 * an integer of 0 or 1, from the schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_BOOL_INT_MIX) continue;
    const mcl_value *v = f->value;
    bool int_for_bool = f->want == MCL_T_BOOL;
    const mcl_rule *r = &mcl_rule_boolean_integer_mix;
    mcl_diag *d;
    /* Which boolean is said even for a secret key: it reveals nothing. */
    if (f->secret)
      d = mcl_emit(ctx, r, f->pos, f->path, "%s is %s, but the schema says %s%s", f->subject,
                   v->type == MCL_T_BOOL ? (v->u.boolean ? "<true/>" : "<false/>")
                                         : mcl_type_element(v->type),
                   int_for_bool ? "boolean" : "integer (0 or 1)", mcl_violation_source(ctx, f));
    else if (int_for_bool)
      d = mcl_emit(ctx, r, f->pos, f->path,
                   "%s is <integer>%llu</integer>, but the schema says boolean%s", f->subject,
                   (unsigned long long)v->u.integer.magnitude, mcl_violation_source(ctx, f));
    else
      d = mcl_emit(ctx, r, f->pos, f->path, "%s is <%s/>, but the schema says integer (0 or 1)%s",
                   f->subject, v->u.boolean ? "true" : "false", mcl_violation_source(ctx, f));
    if (f->secret && int_for_bool)
      mcl_hint(ctx, d, "write <true/> or <false/>");
    else if (int_for_bool)
      mcl_hint(ctx, d, "write <%s/>", v->u.integer.magnitude ? "true" : "false");
    else
      mcl_hint(ctx, d, "write <integer>%d</integer>", v->u.boolean ? 1 : 0);
    mcl_fix_bool_int(ctx, d, v);
  }
}

const mcl_rule mcl_rule_boolean_integer_mix = {
    MCL_RULE_IDENTITY(boolean_integer_mix), .name = "boolean-integer-mix", .severity = MCL_WARNING,
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
    .bad = "<key>PayloadType</key>\n<string>com.apple.applicationaccess</string>\n<key>allowCamera</key>\n<integer>0</integer>",
    .good = "<key>PayloadType</key>\n<string>com.apple.applicationaccess</string>\n<key>allowCamera</key>\n<false/>",
    .check = check,
};
