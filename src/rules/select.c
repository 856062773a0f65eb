#include "rules/select.h"

#include <string.h>

/* Bounded by the number of '/' in a path written in a rule's table. */
static void descend(mcl_ctx *ctx, const mcl_value *v, const char *path, const char *rest,
                    mcl_dict_fn fn, void *arg) {
  if (!*rest) {
    if (v->type == MCL_T_DICT) fn(ctx, v, path, arg);
    return;
  }
  const char *slash = strchr(rest, '/');
  size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
  const char *next = slash ? slash + 1 : rest + n;
  if (n == 2 && memcmp(rest, "[]", 2) == 0) {
    if (v->type != MCL_T_ARRAY) return;
    for (size_t i = 0; i < v->u.array.count; i++)
      descend(ctx, v->u.array.items[i], mcl_path_index(ctx->arena, path, i), next, fn, arg);
    return;
  }
  char key[128];
  if (n >= sizeof key) return;
  memcpy(key, rest, n);
  key[n] = '\0';
  const mcl_value *child = mcl_dict_get(v, key);
  if (child) descend(ctx, child, mcl_path_key(ctx->arena, path, key), next, fn, arg);
}

void mcl_select_dicts(mcl_ctx *ctx, const char *const *types, const char *where, mcl_dict_fn fn,
                      void *arg) {
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    bool match = false;
    for (size_t t = 0; p->type && types[t] && !match; t++) match = strcmp(p->type, types[t]) == 0;
    if (match) descend(ctx, p->dict, p->path, where, fn, arg);
  }
}

bool mcl_value_matches(const mcl_value *v, const char *want) {
  if (!v) return false;
  bool b;
  if ((strcmp(want, "1") == 0 || strcmp(want, "0") == 0) && mcl_value_truth(v, &b))
    return b == (want[0] == '1');
  return v->type == MCL_T_STRING && strcmp(v->u.str.s, want) == 0;
}
