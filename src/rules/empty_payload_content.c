#include "rules/rule.h"

static void check(mcl_ctx *ctx) {
  const mcl_value *content = ctx->profile.content;
  if (content && content->u.array.count == 0)
    mcl_emit(ctx, &mcl_rule_empty_payload_content, content->pos, "PayloadContent",
             "PayloadContent is empty, so the profile configures nothing");
}

const mcl_rule mcl_rule_empty_payload_content = {
    MCL_RULE_IDENTITY(empty_payload_content), .name = "empty-payload-content", .severity = MCL_WARNING,
    .flags = MCL_RULE_ABSENCE,
    .summary = "PayloadContent is an empty array",
    .explanation =
        "A profile with no payloads installs and shows up in Settings, but configures "
        "nothing. It is usually a template whose payloads were never filled in, or an "
        "export that lost them.",
    .bad = "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
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
    .good = "<dict>\n"
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
