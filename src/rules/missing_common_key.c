#include <stdio.h>
#include <string.h>

#include "rules/rule.h"

static const char *const required[] = {"PayloadIdentifier", "PayloadUUID", "PayloadType",
                                       "PayloadVersion"};

static void check_dict(mcl_ctx *ctx, const mcl_value *dict, const char *path, const char *what) {
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
    const mcl_value *v = mcl_dict_get(dict, required[i]);
    if (!v) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_missing_common_key, dict->pos, path,
                             "%s has no %s", what, required[i]);
      /* Apple defines only version 1: the one key whose value is known. */
      if (!strcmp(required[i], "PayloadVersion"))
        mcl_fix_add_entry(ctx, d, dict, "PayloadVersion", "<integer>1</integer>");
    } else if (v->type == MCL_T_STRING && v->u.str.len == 0) {
      mcl_emit(ctx, &mcl_rule_missing_common_key, v->pos, mcl_path_key(ctx->arena, path, required[i]),
               "%s has an empty %s", what, required[i]);
    }
  }
}

static void check(mcl_ctx *ctx) {
  if (!ctx->profile.root) return;
  check_dict(ctx, ctx->profile.root, "", "the profile");
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    char what[64];
    snprintf(what, sizeof what, "payload %zu", p->index);
    check_dict(ctx, p->dict, p->path, what);
  }
}

const mcl_rule mcl_rule_missing_common_key = {
    MCL_RULE_IDENTITY(missing_common_key), .name = "missing-common-key", .severity = MCL_ERROR,
    .flags = MCL_RULE_ABSENCE,
    .summary = "A profile or payload lacks PayloadIdentifier, PayloadUUID, PayloadType or "
               "PayloadVersion",
    .explanation =
        "These four keys are required in the profile's outer dictionary and in every "
        "payload dictionary of PayloadContent. Without them a device cannot tell what the "
        "payload is, or whether a new profile replaces an installed one, and refuses the "
        "profile. An empty string counts as missing.",
    .bad = "<dict>\n  <key>PayloadType</key>\n  <string>com.apple.wifi.managed</string>\n"
           "  <key>SSID_STR</key>\n  <string>Office</string>\n</dict>",
    .good = "<dict>\n  <key>PayloadIdentifier</key>\n  <string>com.example.wifi</string>\n"
            "  <key>PayloadType</key>\n  <string>com.apple.wifi.managed</string>\n"
            "  <key>PayloadUUID</key>\n  <string>5B2C4C3E-7A0E-4B8F-9C61-2D1E0F3A4B5C</string>\n"
            "  <key>PayloadVersion</key>\n  <integer>1</integer>\n"
            "  <key>SSID_STR</key>\n  <string>Office</string>\n</dict>",
    .check = check,
    .fix = MCL_FIX_SAFE,
};
