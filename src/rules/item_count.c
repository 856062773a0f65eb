/* item-count: an array with fewer or more items than the schema allows,
 * from the schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind == MCL_SV_TOO_FEW_ITEMS)
      mcl_emit(ctx, &mcl_rule_item_count, f->pos, f->path, "%s has %zu item%s; it needs at least %llu",
               f->subject, f->count, f->count == 1 ? "" : "s",
               (unsigned long long)f->node->min_items);
    else if (f->kind == MCL_SV_TOO_MANY_ITEMS)
      mcl_emit(ctx, &mcl_rule_item_count, f->pos, f->path, "%s has %zu items; it may have at most %llu",
               f->subject, f->count, (unsigned long long)f->node->max_items);
  }
}

const mcl_rule mcl_rule_item_count = {
    MCL_RULE_IDENTITY(item_count), .name = "item-count", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "An array has fewer or more items than the schema allows",
    .explanation =
        "Some arrays must hold a number of items within bounds (Apple's repetition): "
        "PPP AuthEAPPlugins holds exactly one plug-in, for example. A device reads only "
        "what it expects, or refuses the payload.",
    .bad = "<key>AuthEAPPlugins</key>\n<array>\n  <string>EAP-RSA</string>\n  <string>EAP-TLS</string>\n</array>",
    .good = "<key>AuthEAPPlugins</key>\n<array>\n  <string>EAP-RSA</string>\n</array>",
    .check = check,
};
