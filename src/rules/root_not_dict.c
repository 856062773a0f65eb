#include "rules/rule.h"

static void check(mcl_ctx *ctx) {
  const mcl_value *root = ctx->doc->root;
  if (root->type != MCL_T_DICT)
    mcl_emit(ctx, &mcl_rule_root_not_dict, root->pos, NULL,
             "the profile's top-level value is %s %s, not a <dict>",
             root->type == MCL_T_ARRAY ? "an" : "a", mcl_type_element(root->type));
}

const mcl_rule mcl_rule_root_not_dict = {
    MCL_RULE_IDENTITY(root_not_dict), .name = "root-not-dict", .severity = MCL_ERROR,
    .summary = "The top-level value of a profile is not a dictionary",
    .explanation =
        "A configuration profile is a dictionary with PayloadType Configuration and a "
        "PayloadContent array. A property list whose top value is an array or a string may "
        "be a valid plist, but it is not a profile, and a device refuses it.",
    .bad = "<plist version=\"1.0\">\n<array>...</array>\n</plist>",
    .good = "<plist version=\"1.0\">\n<dict>\n  <key>PayloadType</key>\n  "
            "<string>Configuration</string>\n  ...\n</dict>\n</plist>",
    .check = check,
};
