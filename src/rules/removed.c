/* removed: a payload or key removed at or before the minimum OS, from the
 * schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_REMOVED) continue;
    mcl_cap_partial(mcl_emit(ctx, &mcl_rule_removed, f->pos, f->path, "%s was removed in %s%s",
                             f->subject, mcl_violation_versions(ctx, f),
                             mcl_violation_source(ctx, f)),
                    f);
  }
}

const mcl_rule mcl_rule_removed = {
    MCL_RULE_IDENTITY(removed), .name = "removed", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload or key was removed at or before the minimum OS",
    .explanation =
        "A removed payload or key does nothing on releases from its removal on. With "
        "--min-os it is reported when it was removed at or before that release on a "
        "targeted platform, where no device can use it. A removal after --min-os, or any "
        "removal when no --min-os is given, still works on older devices: deprecated "
        "reports it as a warning."
        "\n\n"
        "How the target matters: it reports nothing without --min-os; without "
        "--platform only what was removed on every platform where it existed; with "
        "several platforms it is a warning when the removal holds on only some of them.",
    .bad = "<!-- mclint --platform ios --min-os 27 --supervised -->\n<key>PayloadType</key>\n<string>com.apple.applicationaccess</string>\n<key>enforcedSoftwareUpdateDelay</key>\n<integer>60</integer>",
    .good = "<!-- mclint --platform ios --min-os 26 --supervised: or, from iOS 27, a software update declaration -->\n<key>PayloadType</key>\n<string>com.apple.applicationaccess</string>\n<key>enforcedSoftwareUpdateDelay</key>\n<integer>60</integer>",
    .check = check,
};
