/* diag.c: recording findings, key paths, and which keys hold secrets. */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "base/util.h"
#include "plist/walk.h"
#include "rules/rule.h"

bool mcl_rule_on(const mcl_ctx *ctx, const mcl_rule *rule) {
  size_t i = mcl_rule_index(rule);
  return i != (size_t)-1 && ctx->opts->severity[i] != MCL_OFF;
}

mcl_diag *mcl_emit(mcl_ctx *ctx, const mcl_rule *rule, mcl_pos pos, const char *path,
                   const char *fmt, ...) {
  size_t i = mcl_rule_index(rule);
  if (i == (size_t)-1 || ctx->opts->severity[i] == MCL_OFF) return NULL;
  mcl_diag *d = mcl_arena_alloc(ctx->arena, sizeof *d);
  d->rule = rule;
  d->severity = ctx->opts->severity[i];
  d->line = pos.line;
  d->col = pos.col;
  d->container = (rule->flags & MCL_RULE_CONTAINER) != 0;
  d->path = path ? mcl_arena_strdup(ctx->arena, path) : "";
  va_list ap;
  va_start(ap, fmt);
  d->message = mcl_arena_vprintf(ctx->arena, fmt, ap);
  va_end(ap);
  MCL_GROW(ctx->diags, ctx->diag_cap, ctx->diag_count + 1);
  ctx->diags[ctx->diag_count++] = d;
  return d;
}

void mcl_hint(mcl_ctx *ctx, mcl_diag *diag, const char *fmt, ...) {
  if (!diag) return;
  va_list ap;
  va_start(ap, fmt);
  diag->hint = mcl_arena_vprintf(ctx->arena, fmt, ap);
  va_end(ap);
}

char *mcl_path_key(mcl_arena *arena, const char *base, const char *key) {
  mcl_buf b = {0};
  mcl_buf_puts(&b, base ? base : "");
  mcl_buf_path_key(&b, key);
  char *s = mcl_arena_strndup(arena, b.data, b.len);
  mcl_buf_free(&b);
  return s;
}

char *mcl_path_index(mcl_arena *arena, const char *base, size_t index) {
  return mcl_arena_printf(arena, "%s[%zu]", base ? base : "", index);
}

mcl_pos mcl_key_pos(const mcl_value *dict, const char *key) {
  const mcl_entry *e = mcl_dict_entry(dict, key);
  return e ? e->key_pos : dict->pos;
}

/* Keys are ASCII in practice; tolower() is a locale-aware call per byte. */
static char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c; }

static bool word_at_(const char *s, size_t n, size_t i, const char *w, size_t m) {
  if (i + m > n) return false;
  for (size_t k = 0; k < m; k++)
    if (ascii_lower(s[i + k]) != w[k]) return false;
  return true;
}

#define word_at(s, n, i, w) word_at_((s), (n), (i), (w), sizeof(w) - 1)

/* Secret-bearing keys across Apple's payloads: passwords, shared secrets,
 * pre-shared keys, tokens, challenges and PINs. Matching is by name, in
 * any case and anywhere in the key, so that custom payloads with e.g.
 * "AdminPassword" are covered too: a wide net, for masking. One pass over
 * the key; it runs for every key of every profile. */
bool mcl_is_secret_key(const char *key) {
  size_t n = strlen(key);
  for (size_t i = 0; i + 3 <= n; i++) {
    /* Two letters decide which word can start here; most positions none. */
    /* As unsigned: a byte above 0x7F is a negative char, and shifting a
     * negative value is undefined (UBSan stops the sanitizer tests). */
    switch ((unsigned char)ascii_lower(key[i]) << 8 | (unsigned char)ascii_lower(key[i + 1])) {
    case 'p' << 8 | 'a':
      if (word_at(key, n, i, "passw") || word_at(key, n, i, "passphrase")) return true;
      break;
    case 'p' << 8 | 's':
      if (word_at(key, n, i, "psk")) return true;
      break;
    case 'p' << 8 | 'r':
      if (word_at(key, n, i, "privatekey") || word_at(key, n, i, "private_key")) return true;
      break;
    case 's' << 8 | 'e':
      if (word_at(key, n, i, "secret")) return true;
      break;
    case 'a' << 8 | 'p':
      if (word_at(key, n, i, "apikey") || word_at(key, n, i, "api_key")) return true;
      break;
    case 't' << 8 | 'o':
      if (word_at(key, n, i, "token")) return true;
      break;
    case 'c' << 8 | 'h':
      if (word_at(key, n, i, "challenge")) return true;
      break;
    default:
      break;
    }
  }
  return n == 3 && (word_at(key, n, 0, "pin") || word_at(key, n, 0, "ppk"));
}

/* Both lists live in the arena, grown by doubling. */
static void *grow(mcl_arena *a, void *items, size_t count, size_t *cap, size_t size) {
  if (count < *cap) return items;
  size_t ncap = *cap ? *cap * 2 : 8;
  void *n = mcl_arena_alloc(a, ncap * size);
  if (count) memcpy(n, items, count * size);
  *cap = ncap;
  return n;
}

void mcl_ctx_add_secret(mcl_ctx *ctx, const mcl_value *v) {
  ctx->secrets = grow(ctx->arena, (void *)ctx->secrets, ctx->secret_count, &ctx->secret_cap,
                      sizeof *ctx->secrets);
  ctx->secrets[ctx->secret_count++] = v;
}

void mcl_ctx_add_manifest(mcl_ctx *ctx, const char *files) {
  if (!files) return;
  for (size_t i = 0; i < ctx->manifest_count; i++)
    if (!strcmp(ctx->manifests[i], files)) return;
  ctx->manifests = grow(ctx->arena, (void *)ctx->manifests, ctx->manifest_count,
                        &ctx->manifest_cap, sizeof *ctx->manifests);
  ctx->manifests[ctx->manifest_count++] = mcl_arena_strdup(ctx->arena, files);
}
