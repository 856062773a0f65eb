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
    .bad = "<key>PayloadContent</key>\n<array/>",
    .good = "<key>PayloadContent</key>\n<array>\n  <dict>...</dict>\n</array>",
    .check = check,
};
