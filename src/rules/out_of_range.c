/* out-of-range: a number outside the schema's range, from the schema
 * checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_OUT_OF_RANGE) continue;
    mcl_emit(ctx, &mcl_rule_out_of_range, f->pos, f->path, "%s is %s, %s the %s %g%s", f->subject,
             f->secret ? "out of range" : f->actual, f->below ? "below" : "above",
             f->below ? "minimum" : "maximum", f->below ? f->node->min : f->node->max,
             mcl_violation_source(ctx, f));
  }
}

const mcl_rule mcl_rule_out_of_range = {
    MCL_RULE_IDENTITY(out_of_range), .name = "out-of-range", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "A number is outside the range the schema allows",
    .explanation =
        "Some numeric keys have a minimum or a maximum (maxGracePeriod, maxInactivity, "
        "minLength, ...). A device refuses or clamps a value outside it, so the setting "
        "is not what the profile says.",
    .bad = "<key>PayloadType</key>\n<string>com.apple.mobiledevice.passwordpolicy</string>\n<key>minLength</key>\n<integer>40</integer>",
    .good = "<key>PayloadType</key>\n<string>com.apple.mobiledevice.passwordpolicy</string>\n<key>minLength</key>\n<integer>12</integer>",
    .check = check,
};
