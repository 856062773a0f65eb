#include <string.h>

#include "rules/rule.h"

static bool applies(const mcl_options *opts) {
  return opts->require_organization || opts->organization != NULL;
}

static void check(mcl_ctx *ctx) {
  const mcl_value *root = ctx->profile.root;
  const char *want = ctx->opts->organization;
  if (!root) return;
  const mcl_value *v = mcl_dict_get(root, "PayloadOrganization");
  if (!v || v->type != MCL_T_STRING || v->u.str.len == 0) {
    mcl_pos at = v ? v->pos : root->pos;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_payload_organization, at,
                           v ? "PayloadOrganization" : NULL,
                           v ? "PayloadOrganization is empty or not a string"
                             : "the profile has no PayloadOrganization");
    if (want)
      mcl_hint(ctx, d, "add <key>PayloadOrganization</key><string>%s</string>", want);
    else
      mcl_hint(ctx, d, "add <key>PayloadOrganization</key> with your organisation's name");
  } else if (want && strcmp(v->u.str.s, want) != 0) {
    mcl_emit(ctx, &mcl_rule_payload_organization, v->pos, "PayloadOrganization",
             "PayloadOrganization is '%s', not '%s' (setting policy.organization)", v->u.str.s,
             want);
  }
}

const mcl_rule mcl_rule_payload_organization = {
    MCL_RULE_IDENTITY(payload_organization), .name = "payload-organization", .severity = MCL_ERROR,
    .summary = "The profile lacks the PayloadOrganization the organisation's policy requires",
    .explanation =
        "Devices show PayloadOrganization to the user in Settings and System Settings as the "
        "profile's publisher. With policy.require-organization = true the profile's "
        "PayloadOrganization must be present and not empty; with policy.organization = "
        "\"Name\" it must be exactly that name.\n\n"
        "Without either setting this rule checks nothing. The examples assume "
        "policy.require-organization = true.",
    .bad = "<dict>\n"
           "  <key>PayloadDisplayName</key>\n  <string>Wi-Fi</string>\n  ...\n</dict>",
    .good = "<dict>\n  <key>PayloadDisplayName</key>\n  <string>Wi-Fi</string>\n"
            "  <key>PayloadOrganization</key>\n  <string>Acme Inc.</string>\n  ...\n</dict>",
    .check = check,
    .applies = applies,
};
