#include <string.h>

#include "rules/rule.h"

static void check(mcl_ctx *ctx) {
  const mcl_value *root = ctx->profile.root;
  const mcl_value *type = mcl_dict_get(root, "PayloadType");
  if (!root || !type || type->type != MCL_T_STRING) return; /* missing-common-key */
  if (strcmp(type->u.str.s, "Configuration") == 0) return;
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_top_payload_type, type->pos, "PayloadType",
                         "top-level PayloadType is '%s'; a profile's must be 'Configuration'",
                         type->u.str.s);
  mcl_hint(ctx, d, "set it to <string>Configuration</string> and put '%s' in a payload "
                   "inside PayloadContent", type->u.str.s);
}

const mcl_rule mcl_rule_top_payload_type = {
    MCL_RULE_IDENTITY(top_payload_type), .name = "top-payload-type", .severity = MCL_ERROR,
    .summary = "The profile's top-level PayloadType is not Configuration",
    .explanation =
        "The outer dictionary of every configuration profile has PayloadType "
        "'Configuration'; the payload types (com.apple.wifi.managed, ...) belong to the "
        "dictionaries inside PayloadContent. A profile with another top-level type is "
        "refused at installation. The usual cause is a single payload saved without its "
        "profile wrapper.",
    .bad = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>",
    .good = "<key>PayloadType</key>\n<string>Configuration</string>",
    .check = check,
    .supersedes = {&mcl_rule_not_in_enum},
};
