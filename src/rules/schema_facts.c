/* schema_facts.c: running the schema checker for the schema rules. */
#include "rules/schema_facts.h"

#include <string.h>

#include "base/util.h"

const mcl_violations *mcl_schema_violations(mcl_ctx *ctx) {
  if (ctx->schema_violations) return ctx->schema_violations;
  mcl_violations *out = mcl_arena_alloc(ctx->arena, sizeof *out);
  ctx->schema_violations = out;
  if (!ctx->schemas) return out;
  mcl_schema_check_args args = {
      .set = ctx->schemas,
      .opts = ctx->opts,
      .profile = &ctx->profile,
      .arena = ctx->arena,
      .common_keys_elsewhere = mcl_rule_on(ctx, &mcl_rule_missing_common_key),
  };
  mcl_schema_check(&args, out);
  ctx->manifests = out->manifests;
  ctx->manifest_count = out->manifest_count;
  size_t secrets = 0;
  for (size_t i = 0; i < out->count; i++) secrets += mcl_manifest_secret(&out->items[i]);
  if (secrets) {
    ctx->secrets = mcl_arena_alloc(ctx->arena, secrets * sizeof *ctx->secrets);
    for (size_t i = 0; i < out->count; i++)
      if (mcl_manifest_secret(&out->items[i]))
        ctx->secrets[ctx->secret_count++] = out->items[i].value;
  }
  return out;
}

const char *mcl_violation_source(mcl_ctx *ctx, const mcl_violation *f) {
  return f->manifest ? mcl_arena_printf(ctx->arena, " (per the %s manifest)", f->manifest) : "";
}

bool mcl_manifest_secret(const mcl_violation *f) {
  if (f->kind != MCL_SV_SECRET_VALUE) return false;
  if (f->key && mcl_is_plaintext_secret_key(f->key, true)) return false;
  return !(f->value->type == MCL_T_STRING && mcl_has_template_marker(f->value->u.str.s));
}

static const char *list(mcl_ctx *ctx, const mcl_violation *f, bool versions) {
  mcl_buf b = {0};
  int n = 0, total = __builtin_popcount(f->platforms);
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++) {
    if (!(f->platforms & (1u << i))) continue;
    if (n++) mcl_buf_puts(&b, n == total ? " and " : ", ");
    mcl_buf_puts(&b, mcl_platform_name(1u << i));
    if (versions) {
      char text[32];
      mcl_buf_printf(&b, " %s", mcl_version_format(f->versions[i], text, sizeof text));
    }
  }
  char *s = mcl_arena_strdup(ctx->arena, mcl_buf_cstr(&b));
  mcl_buf_free(&b);
  return s;
}

const char *mcl_violation_platforms(mcl_ctx *ctx, const mcl_violation *f) {
  return list(ctx, f, false);
}

const char *mcl_violation_versions(mcl_ctx *ctx, const mcl_violation *f) {
  return list(ctx, f, true);
}

void mcl_fix_bool_int(mcl_ctx *ctx, mcl_diag *d, const mcl_value *v) {
  if (v->type == MCL_T_INTEGER)
    mcl_fix_value(ctx, d, v, v->u.integer.magnitude ? "<true/>" : "<false/>");
  else if (v->type == MCL_T_BOOL)
    mcl_fix_value(ctx, d, v, v->u.boolean ? "<integer>1</integer>" : "<integer>0</integer>");
}

void mcl_cap_partial(mcl_diag *d, const mcl_violation *f) {
  if (d && f->partial && d->severity > MCL_WARNING) d->severity = MCL_WARNING;
}
