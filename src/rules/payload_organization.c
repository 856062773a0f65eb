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
    .bad = "<!-- .mclint.toml: policy.require-organization = true -->\n"
           "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.wifi.office</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.wifi.managed</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "      <key>SSID_STR</key>\n"
           "      <string>Office</string>\n"
           "    </dict>\n"
           "  </array>\n"
           "  <key>PayloadDisplayName</key>\n"
           "  <string>Example</string>\n"
           "  <key>PayloadIdentifier</key>\n"
           "  <string>com.example.wifi</string>\n"
           "  <key>PayloadType</key>\n"
           "  <string>Configuration</string>\n"
           "  <key>PayloadUUID</key>\n"
           "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
           "  <key>PayloadVersion</key>\n"
           "  <integer>1</integer>\n"
           "</dict>",
    .good = "<!-- .mclint.toml: policy.require-organization = true -->\n"
            "<dict>\n"
            "  <key>PayloadContent</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>PayloadIdentifier</key>\n"
            "      <string>com.example.wifi.office</string>\n"
            "      <key>PayloadType</key>\n"
            "      <string>com.apple.wifi.managed</string>\n"
            "      <key>PayloadUUID</key>\n"
            "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
            "      <key>PayloadVersion</key>\n"
            "      <integer>1</integer>\n"
            "      <key>SSID_STR</key>\n"
            "      <string>Office</string>\n"
            "    </dict>\n"
            "  </array>\n"
            "  <key>PayloadOrganization</key>\n"
            "  <string>Acme Inc.</string>\n"
            "  <key>PayloadDisplayName</key>\n"
            "  <string>Example</string>\n"
            "  <key>PayloadIdentifier</key>\n"
            "  <string>com.example.wifi</string>\n"
            "  <key>PayloadType</key>\n"
            "  <string>Configuration</string>\n"
            "  <key>PayloadUUID</key>\n"
            "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
            "  <key>PayloadVersion</key>\n"
            "  <integer>1</integer>\n"
            "</dict>",
    .check = check,
    .applies = applies,
};
