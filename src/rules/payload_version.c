#include "rules/rule.h"

static void check_dict(mcl_ctx *ctx, const mcl_value *dict, const char *base) {
  const mcl_value *v = mcl_dict_get(dict, "PayloadVersion");
  if (!v || v->invalid) return; /* absence is missing-common-key's */
  int64_t n;
  char *path = mcl_path_key(ctx->arena, base, "PayloadVersion");
  if (v->type != MCL_T_INTEGER) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_payload_version, v->pos, path,
                           "PayloadVersion is %s %s; it must be <integer>1</integer>",
                           v->type == MCL_T_INTEGER || v->type == MCL_T_ARRAY ? "an" : "a",
                           mcl_type_element(v->type));
    mcl_hint(ctx, d, "write <integer>1</integer>");
  } else if (!mcl_value_int64(v, &n) || n != 1) {
    mcl_emit(ctx, &mcl_rule_payload_version, v->pos, path,
             "PayloadVersion is %s%llu; it must be 1", v->u.integer.negative ? "-" : "",
             (unsigned long long)v->u.integer.magnitude);
  }
}

static void check(mcl_ctx *ctx) {
  if (!ctx->profile.root) return;
  check_dict(ctx, ctx->profile.root, "");
  for (size_t i = 0; i < ctx->profile.payload_count; i++)
    check_dict(ctx, ctx->profile.payloads[i].dict, ctx->profile.payloads[i].path);
}

const mcl_rule mcl_rule_payload_version = {
    MCL_RULE_IDENTITY(payload_version), .name = "payload-version", .severity = MCL_ERROR,
    .summary = "PayloadVersion is not the integer 1",
    .explanation =
        "Every profile and every payload carries PayloadVersion, and Apple defines only "
        "version 1. It must be an <integer>: a <string>1</string> or <real>1.0</real> is "
        "a different type, and devices refuse the payload.",
    .bad = "<key>PayloadVersion</key>\n<string>1</string>",
    .good = "<key>PayloadVersion</key>\n<integer>1</integer>",
    .check = check,
    .supersedes = {&mcl_rule_wrong_type, &mcl_rule_not_in_enum},
};
