/* duplicate-payload-type: a second payload of a type that may appear once,
 * from the schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_SECOND_PAYLOAD) continue;
    mcl_cap_partial(mcl_emit(ctx, &mcl_rule_duplicate_payload_type, f->pos, f->path,
                             "second %s payload in this profile (the first is %s); only one is "
                             "allowed on %s",
                             f->key, f->detail, mcl_violation_platforms(ctx, f)),
                    f);
  }
}

const mcl_rule mcl_rule_duplicate_payload_type = {
    MCL_RULE_IDENTITY(duplicate_payload_type), .name = "duplicate-payload-type", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload type that may appear only once appears twice in one profile",
    .explanation =
        "Apple's schema says, per platform, whether a payload type may be installed "
        "more than once (multiple). Two passcode, Dock or Home Screen Layout payloads "
        "in one profile make the installation fail."
        "\n\n"
        "How the target matters: it counts the targeted platforms (without "
        "--platform: every platform where the payload exists must forbid duplicates; "
        "with several targets it is a warning when only some forbid them).",
    .bad = "<dict>\n  <key>PayloadType</key>\n  <string>com.apple.dock</string>\n  <key>orientation</key>\n  <string>left</string>\n  ...\n</dict>\n<dict>\n  <key>PayloadType</key>\n  <string>com.apple.dock</string>\n  <key>tilesize</key>\n  <integer>48</integer>\n  ...\n</dict>",
    .good = "<dict>\n  <key>PayloadType</key>\n  <string>com.apple.dock</string>\n  <key>orientation</key>\n  <string>left</string>\n  <key>tilesize</key>\n  <integer>48</integer>\n  ...\n</dict>",
    .check = check,
};
