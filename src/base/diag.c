/* diag.c: recording findings, key paths, and which keys hold secrets. */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "base/diag.h"

#include "base/util.h"

static const char *const category_names[MCL_CAT_COUNT] = {
    "parse",   "envelope", "schema",    "vpn",    "payload",
    "repository", "secrets", "container", "policy", "meta",
};

/* The first code of each category's range; a range ends where the next
 * begins. */
static const unsigned category_first[MCL_CAT_COUNT] = {
    100, 200, 300, 400, 500, 550, 600, 700, 800, 900,
};

const char *mcl_category_name(mcl_category c) {
  return (unsigned)c < MCL_CAT_COUNT ? category_names[c] : "?";
}

mcl_category mcl_category_of_code(unsigned number) {
  if (number < category_first[0] || number > 999) return MCL_CAT_COUNT;
  int c = MCL_CAT_COUNT - 1;
  while (number < category_first[c]) c--;
  return (mcl_category)c;
}

bool mcl_diag_rule_on(const mcl_diag_list *list, const mcl_rule *rule) {
  return rule->id < list->rule_count && list->severity[rule->id] != MCL_OFF;
}

mcl_diag *mcl_diag_vadd(mcl_diag_list *list, const mcl_rule *rule, mcl_pos pos, const char *path,
                        const char *fmt, va_list ap) {
  if (!mcl_diag_rule_on(list, rule)) return NULL;
  mcl_diag *d = mcl_arena_alloc(list->arena, sizeof *d);
  d->rule = rule;
  d->severity = list->severity[rule->id];
  d->line = pos.line;
  d->col = pos.col;
  d->container = (rule->flags & MCL_RULE_CONTAINER) != 0;
  d->path = path ? mcl_arena_strdup(list->arena, path) : "";
  d->message = mcl_arena_vprintf(list->arena, fmt, ap);
  MCL_GROW(list->items, list->cap, list->count + 1);
  list->items[list->count++] = d;
  return d;
}

void mcl_diag_vhint(mcl_arena *arena, mcl_diag *diag, const char *fmt, va_list ap) {
  if (diag) diag->hint = mcl_arena_vprintf(arena, fmt, ap);
}

/* A key written as is after a '.': letters, digits, '_' and '-'. */
static bool plain_key(const char *key) {
  bool plain = *key != '\0';
  for (const char *p = key; *p && plain; p++)
    plain = isalnum((unsigned char)*p) || *p == '_' || *p == '-';
  return plain;
}

void mcl_buf_path_key(mcl_buf *b, const char *key) {
  if (plain_key(key)) {
    if (b->len) mcl_buf_putc(b, '.');
    mcl_buf_puts(b, key);
    return;
  }
  mcl_buf_puts(b, "[\"");
  for (const char *p = key; *p; p++) {
    if (*p == '"' || *p == '\\') mcl_buf_putc(b, '\\');
    mcl_buf_putc(b, *p);
  }
  mcl_buf_puts(b, "\"]");
}

void mcl_buf_path_index(mcl_buf *b, size_t index) { mcl_buf_printf(b, "[%zu]", index); }

char *mcl_path_key(mcl_arena *arena, const char *base, const char *key) {
  base = base ? base : "";
  if (plain_key(key)) { /* the usual key: straight into the arena */
    size_t nb = strlen(base), nk = strlen(key), dot = nb > 0;
    char *s = mcl_arena_alloc(arena, nb + dot + nk + 1);
    memcpy(s, base, nb);
    if (dot) s[nb] = '.';
    memcpy(s + nb + dot, key, nk + 1);
    return s;
  }
  mcl_buf b = {0};
  mcl_buf_puts(&b, base);
  mcl_buf_path_key(&b, key);
  char *s = mcl_arena_strndup(arena, b.data, b.len);
  mcl_buf_free(&b);
  return s;
}

char *mcl_path_index(mcl_arena *arena, const char *base, size_t index) {
  return mcl_arena_printf(arena, "%s[%zu]", base ? base : "", index);
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
  /* The first letters of the words below, in either case: other bytes are
   * skipped in a tight loop. */
  static const bool first[256] = {['p'] = 1, ['P'] = 1, ['s'] = 1, ['S'] = 1, ['a'] = 1,
                                  ['A'] = 1, ['t'] = 1, ['T'] = 1, ['c'] = 1, ['C'] = 1};
  size_t n = strlen(key);
  for (size_t i = 0; i + 3 <= n; i++) {
    while (i + 3 <= n && !first[(unsigned char)key[i]]) i++;
    if (i + 3 > n) break;
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
