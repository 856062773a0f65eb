#include "rules/rule.h"

static void check(mcl_ctx *ctx) {
  const mcl_value *root = ctx->profile.root;
  if (!root) return;
  const mcl_value *content = mcl_dict_get(root, "PayloadContent");
  if (!content) {
    /* (A template source's statements may supply it: see MCL_RULE_ABSENCE.) */
    if (!mcl_dict_get(root, "EncryptedPayloadContent") && !ctx->doc->template_source)
      mcl_emit(ctx, &mcl_rule_payload_content, root->pos, NULL,
               "the profile has no PayloadContent, so it configures nothing");
    return;
  }
  if (content->type != MCL_T_ARRAY) {
    mcl_emit(ctx, &mcl_rule_payload_content, content->pos, "PayloadContent",
             "PayloadContent is %s, not an <array> of payload dictionaries",
             mcl_type_element(content->type));
    return;
  }
  for (size_t i = 0; i < content->u.array.count; i++) {
    const mcl_value *item = content->u.array.items[i];
    if (item->type != MCL_T_DICT)
      mcl_emit(ctx, &mcl_rule_payload_content, item->pos,
               mcl_path_index(ctx->arena, "PayloadContent", i),
               "PayloadContent item %zu is %s, not a payload <dict>", i,
               mcl_type_element(item->type));
  }
}

const mcl_rule mcl_rule_payload_content = {
    MCL_RULE_IDENTITY(payload_content), .name = "payload-content", .severity = MCL_ERROR,
    .summary = "PayloadContent is missing, empty, or not an array of dictionaries",
    .explanation =
        "A profile's payloads are the dictionaries of its PayloadContent array. A missing "
        "PayloadContent (without EncryptedPayloadContent), or items that are not "
        "dictionaries, make a device refuse the profile. (An empty array is "
        "empty-payload-content.)",
    .bad = "<key>PayloadContent</key>\n<dict>...</dict>",
    .good = "<key>PayloadContent</key>\n<array>\n  <dict>...</dict>\n</array>",
    .check = check,
    .supersedes = {&mcl_rule_wrong_type},
};
