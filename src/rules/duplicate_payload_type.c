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
                             "allowed on %s%s",
                             f->key, f->detail, mcl_violation_platforms(ctx, f),
                             mcl_violation_source(ctx, f)),
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
    .bad = "<!-- mclint --platform macos -->\n"
           "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.dock.left</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.dock</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "      <key>orientation</key>\n"
           "      <string>left</string>\n"
           "    </dict>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.dock.size</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.dock</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E42</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "      <key>tilesize</key>\n"
           "      <integer>48</integer>\n"
           "    </dict>\n"
           "  </array>\n"
           "  <key>PayloadDisplayName</key>\n"
           "  <string>Example</string>\n"
           "  <key>PayloadIdentifier</key>\n"
           "  <string>com.example.dock</string>\n"
           "  <key>PayloadType</key>\n"
           "  <string>Configuration</string>\n"
           "  <key>PayloadUUID</key>\n"
           "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
           "  <key>PayloadVersion</key>\n"
           "  <integer>1</integer>\n"
           "</dict>",
    .good = "<!-- mclint --platform macos -->\n"
            "<dict>\n"
            "  <key>PayloadContent</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>PayloadIdentifier</key>\n"
            "      <string>com.example.dock.settings</string>\n"
            "      <key>PayloadType</key>\n"
            "      <string>com.apple.dock</string>\n"
            "      <key>PayloadUUID</key>\n"
            "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
            "      <key>PayloadVersion</key>\n"
            "      <integer>1</integer>\n"
            "      <key>orientation</key>\n"
            "      <string>left</string>\n"
            "      <key>tilesize</key>\n"
            "      <integer>48</integer>\n"
            "    </dict>\n"
            "  </array>\n"
            "  <key>PayloadDisplayName</key>\n"
            "  <string>Example</string>\n"
            "  <key>PayloadIdentifier</key>\n"
            "  <string>com.example.dock</string>\n"
            "  <key>PayloadType</key>\n"
            "  <string>Configuration</string>\n"
            "  <key>PayloadUUID</key>\n"
            "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
            "  <key>PayloadVersion</key>\n"
            "  <integer>1</integer>\n"
            "</dict>",
    .check = check,
};
