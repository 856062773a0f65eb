/* supervised-only: a payload or key that needs supervision on an
 * unsupervised target, from the schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_SUPERVISED) continue;
    mcl_cap_partial(mcl_emit(ctx, &mcl_rule_supervised_only, f->pos, f->path,
                             "%s needs a supervised device on %s, and the target is unsupervised",
                             f->subject, mcl_violation_platforms(ctx, f)),
                    f);
  }
}

const mcl_rule mcl_rule_supervised_only = {
    MCL_RULE_IDENTITY(supervised_only), .name = "supervised-only", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload or key needs a supervised device, and the target is unsupervised",
    .explanation =
        "Some payloads (Home Screen Layout, Web Content Filter on iOS, ...) and many "
        "restrictions work only on supervised devices; on others they are refused or "
        "ignored. A key set to its default (PayloadRemovalDisallowed false, a restriction "
        "left allowed) changes nothing and is not reported."
        "\n\n"
        "How the target matters: it reports only with --unsupervised (setting "
        "supervision=unsupervised), on the targeted platforms (without --platform: only "
        "what needs supervision on every platform where it exists).",
    .bad = "<!-- mclint --platform ios --unsupervised -->\n<key>PayloadType</key>\n<string>com.apple.homescreenlayout</string>",
    .good = "<!-- mclint --platform ios --supervised -->\n<key>PayloadType</key>\n<string>com.apple.homescreenlayout</string>",
    .check = check,
};
