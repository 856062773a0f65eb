/* newer-than-min-os: a payload or key introduced after the minimum OS,
 * from the schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_NEWER) continue;
    char minimum[32];
    mcl_version_format(ctx->opts->min_os, minimum, sizeof minimum);
    mcl_cap_partial(mcl_emit(ctx, &mcl_rule_newer_than_min_os, f->pos, f->path,
                             "%s needs %s; the minimum OS is %s%s", f->subject,
                             mcl_violation_versions(ctx, f), minimum, mcl_violation_source(ctx, f)),
                    f);
  }
}

const mcl_rule mcl_rule_newer_than_min_os = {
    MCL_RULE_IDENTITY(newer_than_min_os), .name = "newer-than-min-os", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload or key was introduced after the minimum OS version",
    .explanation =
        "With --min-os, every payload and key must exist in that release on each "
        "targeted platform: a device running an older release refuses a payload it does "
        "not know and ignores a key. The finding is made where the requirement starts "
        "(the payload, or the key that is newer than its payload), not at every key "
        "below it. A key set to its default (DisableAssociationMACRandomization false "
        "before macOS 15) changes nothing where it is ignored and is not reported."
        "\n\n"
        "How the target matters (--min-os, --platform): it reports nothing "
        "without --min-os, and with several platforms it is a warning when the version "
        "holds on only some of them. --min-os applies to every targeted platform.",
    .bad = "<!-- mclint --platform ios --min-os 17 --supervised -->\n<key>PayloadType</key>\n<string>com.apple.applicationaccess</string>\n<key>allowiPhoneMirroring</key>\n<false/>",
    .good = "<!-- mclint --platform ios --min-os 18 --supervised -->\n<key>PayloadType</key>\n<string>com.apple.applicationaccess</string>\n<key>allowiPhoneMirroring</key>\n<false/>",
    .check = check,
};
