/* wrong-type: a value of another type than the schema says, from the
 * schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

/* How v is written: "<true/>" for a true boolean (a boolean reveals nothing
 * of a secret), else its type's element. */
static const char *written_as(const mcl_value *v) {
  if (v->type == MCL_T_BOOL) return v->u.boolean ? "<true/>" : "<false/>";
  return mcl_type_element(v->type);
}

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_WRONG_TYPE) continue;
    const mcl_value *v = f->value;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_wrong_type, f->pos, f->path,
                           "%s is %s, but the schema says %s%s%s", f->subject, written_as(v),
                           mcl_type_element(f->want), f->strict_only ? " (--strict-types)" : "",
                           mcl_violation_source(ctx, f));
    if (f->want == MCL_T_BOOL && v->type == MCL_T_STRING && !f->secret &&
        (!strcmp(v->u.str.s, "true") || !strcmp(v->u.str.s, "false")))
      mcl_hint(ctx, d, "write <%s/>", v->u.str.s);
    /* --strict-types: a 0/1 integer for a boolean (or the reverse) has one repair. */
    bool int_for_bool = f->want == MCL_T_BOOL && v->type == MCL_T_INTEGER;
    bool bool_for_int = f->want == MCL_T_INTEGER && v->type == MCL_T_BOOL;
    if (f->strict_only && (int_for_bool || bool_for_int)) mcl_fix_bool_int(ctx, d, v);
  }
}

const mcl_rule mcl_rule_wrong_type = {
    MCL_RULE_IDENTITY(wrong_type), .name = "wrong-type", .severity = MCL_ERROR,
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
    .bad = "<key>PayloadType</key>\n<string>com.apple.mobiledevice.passwordpolicy</string>\n<key>maxInactivity</key>\n<string>5</string>",
    .good = "<key>PayloadType</key>\n<string>com.apple.mobiledevice.passwordpolicy</string>\n<key>maxInactivity</key>\n<integer>5</integer>",
    .check = check,
};
