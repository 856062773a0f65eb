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
  return out;
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

void mcl_cap_partial(mcl_diag *d, const mcl_violation *f) {
  if (d && f->partial && d->severity > MCL_WARNING) d->severity = MCL_WARNING;
}
