/* not-in-enum: a value outside the schema's list, from the schema
 * checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void suggest(mcl_ctx *ctx, mcl_diag *d, const mcl_snode *n, const char *value) {
  const char *best = NULL;
  size_t best_d = 3;
  for (size_t i = 0; i < n->value_count; i++) {
    size_t dist = mcl_edit_distance(value, n->values[i].text, 2);
    if (dist < best_d) best = n->values[i].text, best_d = dist;
  }
  if (best) mcl_hint(ctx, d, "did you mean '%s'?", best);
}

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_NOT_IN_ENUM) continue;
    const mcl_snode *n = f->node;
    bool text = f->value->type == MCL_T_STRING;
    if (text && mcl_has_template_marker(f->value->u.str.s)) continue; /* template-marker's */
    mcl_buf allowed = {0};
    const char *q = text ? "'" : "";
    for (size_t k = 0; k < n->value_count && k < 12; k++)
      mcl_buf_printf(&allowed, "%s%s%s%s", k ? ", " : "", q, n->values[k].text, q);
    if (n->value_count > 12) mcl_buf_printf(&allowed, ", ... (%zu in all)", n->value_count);
    mcl_diag *d;
    if (f->secret)
      d = mcl_emit(ctx, &mcl_rule_not_in_enum, f->pos, f->path,
                   "%s has a value that is not one of: %s%s", f->subject, allowed.data,
                   mcl_violation_source(ctx, f));
    else
      d = mcl_emit(ctx, &mcl_rule_not_in_enum, f->pos, f->path, "%s is %s, not one of: %s%s",
                   f->subject, f->actual, allowed.data, mcl_violation_source(ctx, f));
    mcl_buf_free(&allowed);
    if (d && text && !f->secret) suggest(ctx, d, n, f->value->u.str.s);
  }
}

const mcl_rule mcl_rule_not_in_enum = {
    MCL_RULE_IDENTITY(not_in_enum), .name = "not-in-enum", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "A value is not one of the values the schema allows",
    .explanation =
        "Many keys take one of a fixed set of values (EncryptionType: WEP, WPA, WPA2, "
        "...; VPNType: VPN, L2TP, IPSec, ...). Values are compared exactly, as devices "
        "compare them: 'wpa2' is not 'WPA2'. Integer, real and boolean sets are "
        "compared by value. The hint suggests a close allowed value. Values of secret "
        "keys are not printed.",
    .bad = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>\n<key>SSID_STR</key>\n<string>Office</string>\n<key>EncryptionType</key>\n<string>wpa2</string>",
    .good = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>\n<key>SSID_STR</key>\n<string>Office</string>\n<key>EncryptionType</key>\n<string>WPA2</string>",
    .check = check,
};
