#include <string.h>

#include "rules/rule.h"

static void check(mcl_ctx *ctx) {
  const mcl_profile *p = &ctx->profile;
  for (size_t j = 1; j < p->payload_count; j++) {
    const mcl_value *b = mcl_dict_get_type(p->payloads[j].dict, "PayloadIdentifier", MCL_T_STRING);
    if (!b || !b->u.str.len) continue;
    for (size_t i = 0; i < j; i++) {
      const mcl_value *a = mcl_dict_get_type(p->payloads[i].dict, "PayloadIdentifier", MCL_T_STRING);
      if (!a || strcmp(a->u.str.s, b->u.str.s) != 0) continue;
      mcl_emit(ctx, &mcl_rule_duplicate_identifier, b->pos,
               mcl_path_key(ctx->arena, p->payloads[j].path, "PayloadIdentifier"),
               "PayloadIdentifier '%s' is also used by %s (line %u)", b->u.str.s,
               p->payloads[i].path, a->pos.line);
      break;
    }
  }
}

const mcl_rule mcl_rule_duplicate_identifier = {
    MCL_RULE_IDENTITY(duplicate_identifier), .name = "duplicate-identifier", .severity = MCL_ERROR,
    .summary = "Two payloads share a PayloadIdentifier",
    .explanation =
        "Apple requires each payload's PayloadIdentifier to be unique within the profile. "
        "Devices match payloads by identifier when a profile is replaced, so two payloads "
        "with one identifier can overwrite each other or be refused. The usual cause is a "
        "payload duplicated in an editor without renaming it.",
    .bad = "<key>PayloadIdentifier</key>\n<string>com.example.wifi</string>\n...\n"
           "<key>PayloadIdentifier</key>\n<string>com.example.wifi</string>",
    .good = "<key>PayloadIdentifier</key>\n<string>com.example.wifi.office</string>\n...\n"
            "<key>PayloadIdentifier</key>\n<string>com.example.wifi.guest</string>",
    .check = check,
};
