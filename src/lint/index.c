/* index.c: a file's record for the checks across files (see index.h). */
#include "lint/index.h"

#include <stdlib.h>
#include <string.h>

#include "base/glob.h"
#include "base/util.h"
#include "lint/linter.h"
#include "schema/check.h"
#include "schema/schema.h"

/* ---- digests: FNV-1a, eight bytes a step, finished with a 64-bit mix ---- */

#define FNV_OFFSET 0xcbf29ce484222325ull

/* Eight bytes per multiply: a file's content digest reads every string
 * and data value, certificates included (byte by byte it was 4% of a
 * repository run). The length goes in first, so that a shorter value
 * padded with zeros does not collide with a longer one. */
static uint64_t fnv(uint64_t h, const void *data, size_t len) {
  const unsigned char *p = data;
  h = (h ^ (uint64_t)len) * 0x100000001b3ull;
  for (; len >= 8; p += 8, len -= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  memcpy(&tail, p, len);
  return (h ^ tail) * 0x100000001b3ull;
}

static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}

static uint64_t digest_tag(uint64_t h, char tag) { return fnv(h, &tag, 1); }

uint64_t mcl_digest_string(const char *s) { return mix(fnv(FNV_OFFSET, s, strlen(s))); }

/* The value's content: dictionaries regardless of key order (a device reads
 * them by key), shadowed entries skipped. *placeholder is set when a string
 * in it is a template placeholder, whose real value nobody knows; with
 * placeholder NULL (a whole file's digest) strings are not looked at. The
 * readers cap depth at 128, which bounds the recursion. */
static uint64_t digest_value(const mcl_value *v, bool *placeholder) {
  uint64_t h = digest_tag(FNV_OFFSET, (char)('a' + v->type));
  switch (v->type) {
  case MCL_T_STRING:
    if (placeholder && !*placeholder && mcl_has_template_marker(v->u.str.s)) *placeholder = true;
    h = fnv(h, v->u.str.s, v->u.str.len);
    break;
  case MCL_T_INTEGER:
    h = fnv(h, &v->u.integer.magnitude, sizeof v->u.integer.magnitude);
    h = digest_tag(h, v->u.integer.negative ? '-' : '+');
    break;
  case MCL_T_REAL:
    h = fnv(h, &v->u.real, sizeof v->u.real);
    break;
  case MCL_T_BOOL:
    h = digest_tag(h, v->u.boolean ? 't' : 'f');
    break;
  case MCL_T_DATE:
    h = fnv(h, &v->u.date.unix_seconds, sizeof v->u.date.unix_seconds);
    break;
  case MCL_T_DATA:
    h = fnv(h, v->u.data.bytes, v->u.data.len);
    break;
  case MCL_T_ARRAY:
    for (size_t i = 0; i < v->u.array.count; i++) {
      uint64_t item = digest_value(v->u.array.items[i], placeholder);
      h = fnv(h, &item, sizeof item);
    }
    break;
  case MCL_T_DICT: {
    uint64_t sum = 0;
    for (size_t i = 0; i < v->u.dict.count; i++) {
      const mcl_entry *e = &v->u.dict.entries[i];
      if (e->shadowed) continue;
      uint64_t k = mix(fnv(FNV_OFFSET, e->key, e->key_len));
      sum += mix(k ^ digest_value(e->value, placeholder));
    }
    h = fnv(h, &sum, sizeof sum);
    break;
  }
  }
  return mix(h);
}

/* Folded (UUIDs compare in either case) through a buffer, so that fnv
 * still reads eight bytes a step. */
static uint64_t digest_text(mcl_xkind kind, const char *s, bool fold_case) {
  uint64_t h = digest_tag(FNV_OFFSET, (char)kind);
  size_t len = strlen(s);
  if (!fold_case) return mix(fnv(h, s, len));
  char buf[64];
  while (len) {
    size_t n = len < sizeof buf ? len : sizeof buf;
    for (size_t i = 0; i < n; i++)
      buf[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
    h = fnv(h, buf, n);
    s += n, len -= n;
  }
  return mix(h);
}

/* ---- building ---- */

typedef struct builder {
  mcl_ctx *ctx;
  mcl_xrecord *x;
} builder;

static mcl_xentry *add(builder *b, mcl_xkind kind, const mcl_value *at, const char *path,
                       const char *label) {
  mcl_xrecord *x = b->x;
  MCL_GROW(x->entries, x->cap, x->count + 1);
  mcl_xentry *e = &x->entries[x->count++];
  memset(e, 0, sizeof *e);
  e->kind = (uint8_t)kind;
  e->line = at->pos.line;
  e->col = at->pos.col;
  e->label = label;
  e->path = path;
  return e;
}

/* An identifier or UUID: strings only, never a placeholder. */
static void add_name(builder *b, mcl_xkind kind, const mcl_value *dict, const char *base,
                     const char *key) {
  const mcl_value *v = mcl_dict_get_type(dict, key, MCL_T_STRING);
  if (!v || v->invalid || !v->u.str.len || mcl_has_template_marker(v->u.str.s)) return;
  if (kind == MCL_X_UUID && mcl_uuid_placeholder(v->u.str.s)) return;
  mcl_xentry *e = add(b, kind, v, mcl_path_key(b->ctx->arena, base, key), v->u.str.s);
  e->key = digest_text(kind, v->u.str.s, kind == MCL_X_UUID);
}

/* Scalars short enough to quote in a message; never a secret's. */
static const char *shown(mcl_arena *a, const char *key, const mcl_value *v) {
  if (mcl_is_secret_key(key)) return NULL;
  switch (v->type) {
  case MCL_T_BOOL: return v->u.boolean ? "true" : "false";
  case MCL_T_INTEGER:
    return mcl_arena_printf(a, "%s%llu", v->u.integer.negative ? "-" : "",
                            (unsigned long long)v->u.integer.magnitude);
  case MCL_T_STRING:
    if (v->u.str.len > 40 || strlen(v->u.str.s) != v->u.str.len) return NULL;
    return mcl_arena_printf(a, "'%s'", v->u.str.s);
  default: return NULL;
  }
}

/* Every setting of one preference domain (keys of dict other than the
 * payload's own Payload* keys). */
static void add_settings(builder *b, const char *domain, const mcl_value *dict, const char *base,
                         bool merging) {
  mcl_arena *a = b->ctx->arena;
  for (size_t i = 0; i < dict->u.dict.count; i++) {
    const mcl_entry *en = &dict->u.dict.entries[i];
    if (en->shadowed || !strncmp(en->key, "Payload", 7) || en->value->invalid) continue;
    if (merging && mcl_setting_merges(en->key, en->value)) continue; /* never a conflict */
    bool placeholder = false;
    uint64_t value = digest_value(en->value, &placeholder);
    if (placeholder) continue;
    const char *label = mcl_arena_printf(a, "%s of %s", en->key, domain);
    mcl_xentry *e = add(b, MCL_X_VALUE, en->value, mcl_path_key(a, base, en->key), label);
    e->line = en->key_pos.line; /* the key names the setting */
    e->col = en->key_pos.col;
    e->key = digest_text(MCL_X_VALUE, label, false);
    e->value = value;
    e->shown = shown(a, en->key, en->value);
  }
}

/* com.apple.ManagedClient.preferences: PayloadContent > domain > Forced >
 * [ { mcx_preference_settings > keys } ]. */
static void add_mcx(builder *b, const mcl_payload *p) {
  mcl_arena *a = b->ctx->arena;
  const mcl_value *content = mcl_dict_get_type(p->dict, "PayloadContent", MCL_T_DICT);
  if (!content) return;
  const char *cpath = mcl_path_key(a, p->path, "PayloadContent");
  for (size_t i = 0; i < content->u.dict.count; i++) {
    const mcl_entry *dom = &content->u.dict.entries[i];
    if (dom->shadowed || dom->value->type != MCL_T_DICT) continue;
    const mcl_value *forced = mcl_dict_get_type(dom->value, "Forced", MCL_T_ARRAY);
    if (!forced) continue;
    const char *fpath = mcl_path_key(a, mcl_path_key(a, cpath, dom->key), "Forced");
    for (size_t k = 0; k < forced->u.array.count; k++) {
      const mcl_value *item = forced->u.array.items[k];
      const mcl_value *set =
          item->type == MCL_T_DICT ? mcl_dict_get_type(item, "mcx_preference_settings", MCL_T_DICT)
                                   : NULL;
      if (set)
        add_settings(b, dom->key, set,
                     mcl_path_key(a, mcl_path_index(a, fpath, k), "mcx_preference_settings"),
                     false);
    }
  }
}

static void add_payload(builder *b, const mcl_payload *p) {
  add_name(b, MCL_X_PAYLOAD_ID, p->dict, p->path, "PayloadIdentifier");
  add_name(b, MCL_X_UUID, p->dict, p->path, "PayloadUUID");
  if (!p->type || !*p->type || mcl_has_template_marker(p->type)) return;
  mcl_ctx *ctx = b->ctx;
  mcl_schema_set *set = ctx->schemas;
  if (!strcmp(p->type, "com.apple.ManagedClient.preferences")) {
    add_mcx(b, p);
  } else if (set && mcl_schema_single_platforms(set, p->type, ctx->opts)) {
    const mcl_value *t = mcl_dict_get(p->dict, "PayloadType");
    mcl_xentry *e = add(b, MCL_X_SINGLE, t, mcl_path_key(ctx->arena, p->path, "PayloadType"),
                        p->type);
    e->key = digest_text(MCL_X_SINGLE, p->type, false);
  } else if (mcl_merging_type(p->type)) {
    add_settings(b, p->type, p->dict, p->path, true);
  } else if (!set || !mcl_schema_known(set, p->type)) {
    /* Not Apple's: a custom preference domain, one set of settings. */
    add_settings(b, p->type, p->dict, p->path, false);
  }
  /* Other Apple types may be installed many times: instances, not settings. */
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The device groups whose patterns match the file, and the alternatives
 * patterns. */
static void add_groups(mcl_ctx *ctx, mcl_xrecord *x, const char *file) {
  const mcl_options *o = ctx->opts;
  if ((!o->group_count && !o->alternative_count) || !strcmp(file, "<stdin>")) return;
  mcl_arena *a = ctx->arena;
  char *abs = mcl_path_resolve(NULL, file);
  x->alternatives = mcl_arena_alloc(a, (o->alternative_count + 1) * sizeof(char *));
  for (size_t i = 0; i < o->alternative_count; i++)
    if (mcl_glob_match_path(o->alternatives[i], abs))
      x->alternatives[x->alternative_count++] = mcl_arena_strdup(a, o->alternatives[i]);
  /* o->groups: "NAME=PATTERN" (settings.c) */
  x->groups = mcl_arena_alloc(a, (o->group_count + 1) * sizeof *x->groups);
  for (size_t i = 0; i < o->group_count; i++) {
    const char *eq = strchr(o->groups[i], '=');
    if (eq && mcl_glob_match_path(eq + 1, abs))
      x->groups[x->group_count++] =
          mcl_arena_printf(a, "%.*s", (int)(eq - o->groups[i]), o->groups[i]);
  }
  free(abs);
  if (x->group_count > 1) qsort(x->groups, x->group_count, sizeof *x->groups, by_string);
  size_t kept = 0;
  for (size_t i = 0; i < x->group_count; i++)
    if (!kept || strcmp(x->groups[kept - 1], x->groups[i])) x->groups[kept++] = x->groups[i];
  x->group_count = kept;
}

void mcl_index_build(mcl_ctx *ctx, mcl_result *r) {
  mcl_xrecord *x = mcl_arena_alloc(ctx->arena, sizeof *x);
  memset(x, 0, sizeof *x);
  r->index = x;
  for (int k = 0; k < MCL_X_KINDS; k++)
    x->severity[k] = ctx->opts->severity[mcl_rule_index(mcl_xkind_rule((mcl_xkind)k))];
  add_groups(ctx, x, r->path);
  const mcl_profile *p = &ctx->profile;
  if (!p->root) return;
  /* A top-level PayloadType other than Configuration: a device refuses the
   * profile (top-payload-type), so it meets no other there. */
  const char *type = mcl_dict_get_string(p->root, "PayloadType");
  if (type && strcmp(type, "Configuration") != 0 && !mcl_has_template_marker(type)) return;
  builder b = {ctx, x};
  x->content = digest_value(p->root, NULL);
  add_name(&b, MCL_X_PROFILE_ID, p->root, "", "PayloadIdentifier");
  add_name(&b, MCL_X_UUID, p->root, "", "PayloadUUID");
  for (size_t i = 0; i < p->payload_count; i++) add_payload(&b, &p->payloads[i]);
}

/* ---- suppression ---- */

mcl_diag *mcl_index_add_probes(mcl_ctx *ctx, mcl_xrecord *x) {
  if (!x || !x->count || !ctx->doc->comment_count) return NULL;
  mcl_diag *probes = mcl_xcalloc(x->count, sizeof *probes);
  for (size_t i = 0; i < x->count; i++) {
    mcl_xentry *e = &x->entries[i];
    mcl_diag *d = &probes[i];
    d->rule = mcl_xkind_rule((mcl_xkind)e->kind);
    d->line = e->line;
    d->col = e->col;
    d->path = e->path;
    d->message = "";
    if (!e->line || x->severity[e->kind] == MCL_OFF) continue;
    e->suppressed = true; /* until the probe survives */
    MCL_GROW(ctx->findings.items, ctx->findings.cap, ctx->findings.count + 1);
    ctx->findings.items[ctx->findings.count++] = d;
  }
  return probes;
}

void mcl_index_take_probes(mcl_ctx *ctx, mcl_xrecord *x, mcl_diag *probes) {
  if (!probes) return;
  size_t kept = 0;
  for (size_t i = 0; i < ctx->findings.count; i++) {
    mcl_diag *d = ctx->findings.items[i];
    if (d >= probes && d < probes + x->count)
      x->entries[d - probes].suppressed = false;
    else
      ctx->findings.items[kept++] = d;
  }
  ctx->findings.count = kept;
  free(probes);
}
