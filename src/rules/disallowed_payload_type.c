#include <string.h>

#include "base/glob.h"
#include "rules/rule.h"

static bool applies(const mcl_options *opts) {
  return opts->allowed_type_count > 0 || opts->forbidden_type_count > 0;
}

static const char *first_match(char **globs, size_t n, const char *type) {
  for (size_t i = 0; i < n; i++)
    if (mcl_glob_match(globs[i], type)) return globs[i];
  return NULL;
}

static void check(mcl_ctx *ctx) {
  const mcl_options *o = ctx->opts;
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    if (!p->type || !*p->type) continue; /* missing-common-key */
    const mcl_value *v = mcl_dict_get(p->dict, "PayloadType");
    const char *path = mcl_path_key(ctx->arena, p->path, "PayloadType");
    const char *hit = first_match(o->forbidden_types, o->forbidden_type_count, p->type);
    if (hit) {
      mcl_emit(ctx, &mcl_rule_disallowed_payload_type, v->pos, path,
               "payload type '%s' is forbidden by policy.forbidden-payload-types ('%s')", p->type,
               hit);
    } else if (o->allowed_type_count &&
               !first_match(o->allowed_types, o->allowed_type_count, p->type)) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_disallowed_payload_type, v->pos, path,
                             "payload type '%s' is not in policy.allowed-payload-types", p->type);
      mcl_hint(ctx, d, "remove the payload, or add its type to the policy");
    }
  }
}

const mcl_rule mcl_rule_disallowed_payload_type = {
    MCL_RULE_IDENTITY(disallowed_payload_type), .name = "disallowed-payload-type", .severity = MCL_ERROR,
    .summary = "A payload's type is forbidden, or not allowed, by the organisation's policy",
    .explanation =
        "policy.forbidden-payload-types lists PayloadType values (or patterns such as "
        "com.apple.security.*) that profiles must not contain; when "
        "policy.allowed-payload-types is set, every payload's type must match one of its "
        "entries. Use them to keep, say, root certificates or MDM enrolment payloads out of "
        "the profiles a team may commit. The profile's own PayloadType (Configuration) is "
        "not checked.\n\n"
        "Without either setting this rule checks nothing. The examples assume "
        "policy.forbidden-payload-types = [\"com.apple.security.root\"].",
    .bad = "<!-- .mclint.toml: policy.forbidden-payload-types = [\"com.apple.security.root\"] -->\n"
           "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.ca.root</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.security.root</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "      <key>PayloadContent</key>\n"
           "      <data>MIIB</data>\n"
           "    </dict>\n"
           "  </array>\n"
           "  <key>PayloadDisplayName</key>\n"
           "  <string>Example</string>\n"
           "  <key>PayloadIdentifier</key>\n"
           "  <string>com.example.ca</string>\n"
           "  <key>PayloadType</key>\n"
           "  <string>Configuration</string>\n"
           "  <key>PayloadUUID</key>\n"
           "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
           "  <key>PayloadVersion</key>\n"
           "  <integer>1</integer>\n"
           "</dict>",
    .good = "<!-- .mclint.toml: policy.forbidden-payload-types = [\"com.apple.security.root\"] -->\n"
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
    .check = check,
    .applies = applies,
};
