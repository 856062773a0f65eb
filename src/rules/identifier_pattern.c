#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "rules/rule.h"

static bool applies(const mcl_options *opts) { return opts->identifier_pattern != NULL; }

static void check_one(mcl_ctx *ctx, pcre2_match_data *md, const mcl_value *dict,
                      const char *path) {
  const mcl_value *v = mcl_dict_get(dict, "PayloadIdentifier");
  if (!v || v->type != MCL_T_STRING || v->u.str.len == 0 || mcl_has_template_marker(v->u.str.s))
    return; /* missing-common-key and template-marker report those */
  int rc = pcre2_match(ctx->identifier_re, (PCRE2_SPTR)v->u.str.s, v->u.str.len, 0,
                       PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL);
  if (rc >= 0) return;
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_identifier_pattern, v->pos,
                         mcl_path_key(ctx->arena, path, "PayloadIdentifier"),
                         "PayloadIdentifier '%s' does not match the required pattern '%s'",
                         v->u.str.s, ctx->opts->identifier_pattern);
  mcl_hint(ctx, d, "use an identifier in your organisation's namespace (setting "
                   "policy.identifier-pattern)");
}

static void check(mcl_ctx *ctx) {
  if (!ctx->identifier_re) return;
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(ctx->identifier_re, NULL);
  const mcl_value *dict;
  const char *path;
  for (size_t i = 0; mcl_envelope_at(ctx, i, &dict, &path); i++) check_one(ctx, md, dict, path);
  pcre2_match_data_free(md);
}

const mcl_rule mcl_rule_identifier_pattern = {
    MCL_RULE_IDENTITY(identifier_pattern), .name = "identifier-pattern", .severity = MCL_ERROR,
    .summary = "A PayloadIdentifier does not match the organisation's pattern",
    .explanation =
        "Set policy.identifier-pattern in the configuration file to a PCRE2 regular "
        "expression, and every PayloadIdentifier (the profile's and each payload's) must "
        "match it as a whole, as if it began with ^ and ended with $. Identifiers decide "
        "which installed profile a new one replaces, so organisations keep them in their "
        "own reverse-DNS namespace: a profile copied from a vendor's example with "
        "com.example.vpn would replace, or be replaced by, any other profile that kept "
        "the same identifier.\n\n"
        "Without the setting this rule checks nothing. The examples assume "
        "policy.identifier-pattern = 'com\\.acme\\..+'.",
    .bad = "<!-- .mclint.toml: policy.identifier-pattern = 'com\\.acme\\..+' -->\n"
           "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.vpn.dock</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.dock</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "    </dict>\n"
           "  </array>\n"
           "  <key>PayloadDisplayName</key>\n"
           "  <string>Example</string>\n"
           "  <key>PayloadIdentifier</key>\n"
           "  <string>com.example.vpn</string>\n"
           "  <key>PayloadType</key>\n"
           "  <string>Configuration</string>\n"
           "  <key>PayloadUUID</key>\n"
           "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
           "  <key>PayloadVersion</key>\n"
           "  <integer>1</integer>\n"
           "</dict>",
    .good = "<!-- .mclint.toml: policy.identifier-pattern = 'com\\.acme\\..+' -->\n"
            "<dict>\n"
            "  <key>PayloadContent</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>PayloadIdentifier</key>\n"
            "      <string>com.acme.vpn.dock</string>\n"
            "      <key>PayloadType</key>\n"
            "      <string>com.apple.dock</string>\n"
            "      <key>PayloadUUID</key>\n"
            "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
            "      <key>PayloadVersion</key>\n"
            "      <integer>1</integer>\n"
            "    </dict>\n"
            "  </array>\n"
            "  <key>PayloadDisplayName</key>\n"
            "  <string>Example</string>\n"
            "  <key>PayloadIdentifier</key>\n"
            "  <string>com.acme.vpn</string>\n"
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
