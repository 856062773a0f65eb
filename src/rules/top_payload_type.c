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
    .bad = "<dict>\n"
           "  <key>PayloadIdentifier</key>\n"
           "  <string>com.example.wifi</string>\n"
           "  <key>PayloadType</key>\n"
           "  <string>com.apple.wifi.managed</string>\n"
           "  <key>PayloadUUID</key>\n"
           "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
           "  <key>PayloadVersion</key>\n"
           "  <integer>1</integer>\n"
           "  <key>SSID_STR</key>\n"
           "  <string>Office</string>\n"
           "</dict>",
    .good = "<dict>\n"
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
    .check = check,
    .supersedes = {&mcl_rule_not_in_enum},
};
