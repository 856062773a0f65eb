/* diag.c: recording findings, key paths, and which keys hold secrets. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
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

/* The bytes of a key written as is after a '.': ASCII letters and digits,
 * '_' and '-' (a table: this runs for every key the schema walk visits). */
static const bool path_byte[256] = {
    ['-'] = 1, ['_'] = 1,
#define R10(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1, [c + 4] = 1, [c + 5] = 1, \
               [c + 6] = 1, [c + 7] = 1, [c + 8] = 1, [c + 9] = 1
    R10('0'), R10('A'), R10('K'), R10('U'), R10('a'), R10('k'), R10('u'),
#undef R10
};

size_t mcl_plain_key_prefix(const char *key) {
  size_t n = 0;
  while (path_byte[(unsigned char)key[n]]) n++;
  return n;
}

static bool plain_key(const char *key) {
  size_t n = mcl_plain_key_prefix(key);
  return n && !key[n];
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
static const unsigned char lower[256] = {
#define L4(c) c, c + 1, c + 2, c + 3
#define L16(c) L4(c), L4(c + 4), L4(c + 8), L4(c + 12)
    L16(0x00), L16(0x10), L16(0x20), L16(0x30), 0x40, L4(0x61), L4(0x65), L4(0x69), L4(0x6D),
    L4(0x71), L4(0x75), 0x79, 0x7A, L4(0x5B), 0x5F, L16(0x60), L16(0x70), L16(0x80), L16(0x90),
    L16(0xA0), L16(0xB0), L16(0xC0), L16(0xD0), L16(0xE0), L16(0xF0),
#undef L16
#undef L4
};

/* w (lower case) at s, in either case. The key's NUL differs from every
 * letter of w, so no length is needed. */
static bool word_at(const char *s, const char *w) {
  for (; *w; s++, w++)
    if (lower[(unsigned char)*s] != (unsigned char)*w) return false;
  return true;
}

/* Secret-bearing keys across Apple's payloads: passwords, shared secrets,
 * pre-shared keys, tokens, challenges and PINs. Matching is by name, in
 * any case and anywhere in the key, so that custom payloads with e.g.
 * "AdminPassword" are covered too: a wide net, for masking. One pass over
 * the key; it runs for every key of every profile. */
bool mcl_is_secret_key(const char *key) {
  /* The words below start with one of seven letter pairs (pa, ps, pr, se,
   * ap, to, ch). follows[first letter] has bit (second letter & 31) set for
   * each: one table look-up per byte finds the places worth comparing. */
  static const uint32_t follows[256] = {
      ['p'] = 1u << ('a' & 31) | 1u << ('s' & 31) | 1u << ('r' & 31),
      ['s'] = 1u << ('e' & 31), ['a'] = 1u << ('p' & 31), ['t'] = 1u << ('o' & 31),
      ['c'] = 1u << ('h' & 31)};
  for (const char *p = key; p[0] && p[1]; p++) {
    uint32_t next = follows[lower[(unsigned char)p[0]]];
    if (!(next >> (lower[(unsigned char)p[1]] & 31) & 1)) continue;
    switch (lower[(unsigned char)p[0]] << 8 | lower[(unsigned char)p[1]]) {
    case 'p' << 8 | 'a':
      if (word_at(p, "passw") || word_at(p, "passphrase")) return true;
      break;
    case 'p' << 8 | 's':
      if (word_at(p, "psk")) return true;
      break;
    case 'p' << 8 | 'r':
      if (word_at(p, "privatekey") || word_at(p, "private_key")) return true;
      break;
    case 's' << 8 | 'e':
      if (word_at(p, "secret")) return true;
      break;
    case 'a' << 8 | 'p':
      if (word_at(p, "apikey") || word_at(p, "api_key")) return true;
      break;
    case 't' << 8 | 'o':
      if (word_at(p, "token")) return true;
      break;
    case 'c' << 8 | 'h':
      if (word_at(p, "challenge")) return true;
      break;
    default: /* a byte whose low five bits match a second letter */
      break;
    }
  }
  return key[0] && key[1] && key[2] && !key[3] && (word_at(key, "pin") || word_at(key, "ppk"));
}
