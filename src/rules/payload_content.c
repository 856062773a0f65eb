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
    .bad = "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <dict>\n"
           "    <key>orientation</key>\n"
           "    <string>left</string>\n"
           "  </dict>\n"
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
    .supersedes = {&mcl_rule_wrong_type},
};
