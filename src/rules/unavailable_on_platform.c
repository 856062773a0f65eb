/* unavailable-on-platform: a payload or key that a targeted platform does
 * not have, from the schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_UNAVAILABLE) continue;
    mcl_cap_partial(mcl_emit(ctx, &mcl_rule_unavailable_on_platform, f->pos, f->path,
                             "%s is not available on %s%s", f->subject,
                             mcl_violation_platforms(ctx, f), mcl_violation_source(ctx, f)),
                    f);
  }
}

const mcl_rule mcl_rule_unavailable_on_platform = {
    MCL_RULE_IDENTITY(unavailable_on_platform), .name = "unavailable-on-platform", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload or key is not available on a targeted platform",
    .explanation =
        "Apple's schema says on which platforms (iOS, macOS, tvOS, visionOS, watchOS) "
        "each payload and key exists. A payload the platform does not have is refused; "
        "a key is ignored there. A key set to its default (allowiTunes true on macOS) "
        "changes nothing where it is ignored and is not reported."
        "\n\n"
        "How the target matters: with --platform it reports what does not "
        "exist on a targeted platform (a warning when it exists on another targeted "
        "platform, where it still works). Without --platform it reports only what "
        "exists on none of the platforms where its payload or dictionary exists.",
    .bad = "<!-- mclint --platform macos -->\n<key>PayloadType</key>\n<string>com.apple.homescreenlayout</string>",
    .good = "<!-- mclint --platform macos -->\n<key>PayloadType</key>\n<string>com.apple.dock</string>",
    .check = check,
};
