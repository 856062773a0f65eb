/* manifest_plist.c: the XML property lists of manifests, read fast.
 *
 * Only what a property list may hold: a prolog (XML declaration, DOCTYPE
 * without an internal subset, comments), <plist>, and the plist elements
 * with character references and CDATA in text. Anything else is an error
 * naming its line. Text runs are found with memchr, so the cost is per
 * element, not per byte of description; and the value of a pfm_ key that
 * mclint does not read (titles, descriptions, editor hints: most of a
 * manifest) is stepped over, checked for form but never kept. Containers
 * are kept on an explicit stack capped in depth: input cannot make it
 * recurse. Lines are counted only for an error message. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "plist/scalar.h"
#include "schema/manifest.h"

#define MAX_DEPTH 64
#define MAX_SIZE (64u << 20)

typedef struct frame {
  mcl_value *v;
  mcl_entry *entries; /* heap while open; copied to the arena on close */
  mcl_value **items;
  size_t count, cap;
  const char *key; /* dict: the pending key, or NULL */
  size_t key_len;
  uint32_t key_off;
  bool skip; /* dict: the pending key's value is not kept */
} frame;

typedef struct reader {
  mcl_arena *a;
  const char *p, *end, *start;
  bool lazy;         /* the root's pfm_subkeys entries are skimmed, not read */
  int subkeys_depth; /* stack depth of that array while it is open, else 0 */
  mcl_manifest_skim *skims;
  size_t skim_count, skim_cap;
  frame stack[MAX_DEPTH];
  int depth;
  mcl_buf text;
  char *err;
  size_t err_off;
} reader;

unsigned mcl_manifest_line(const char *data, size_t len, uint32_t col) {
  size_t off = col ? col - 1 : 0;
  if (off > len) off = len;
  unsigned line = 1;
  for (const char *q = data; (q = memchr(q, '\n', (size_t)(data + off - q))); q++) line++;
  return line;
}

static bool fail(reader *r, const char *at, const char *msg) {
  if (!r->err) {
    r->err_off = (size_t)(at - r->start);
    r->err = mcl_xasprintf("%s", msg);
  }
  return false;
}

static bool starts(const reader *r, const char *s) {
  size_t n = strlen(s);
  return (size_t)(r->end - r->p) >= n && memcmp(r->p, s, n) == 0;
}

static void skip_blanks(reader *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

/* Skips from r->p past the first occurrence of s. */
static bool skip_past(reader *r, const char *s, const char *what) {
  size_t n = strlen(s);
  for (const char *q = r->p; (q = memchr(q, s[0], (size_t)(r->end - q))); q++)
    if ((size_t)(r->end - q) >= n && memcmp(q, s, n) == 0) {
      r->p = q + n;
      return true;
    }
  return fail(r, r->p, what);
}

/* Blanks, comments and processing instructions between elements. */
static bool skip_misc(reader *r) {
  for (;;) {
    skip_blanks(r);
    if (starts(r, "<!--")) {
      if (!skip_past(r, "-->", "comment not closed")) return false;
    } else if (starts(r, "<?")) {
      if (!skip_past(r, "?>", "processing instruction not closed")) return false;
    } else {
      return true;
    }
  }
}

static bool prolog(reader *r) {
  if (starts(r, "\xEF\xBB\xBF")) r->p += 3;
  for (;;) {
    if (!skip_misc(r)) return false;
    if (!starts(r, "<!DOCTYPE")) break;
    const char *gt = memchr(r->p, '>', (size_t)(r->end - r->p));
    const char *lb = memchr(r->p, '[', (size_t)(r->end - r->p));
    if (lb && (!gt || lb < gt)) return fail(r, r->p, "DOCTYPE with an internal subset");
    if (!gt) return fail(r, r->p, "DOCTYPE not closed");
    r->p = gt + 1;
  }
  if (!starts(r, "<plist")) return fail(r, r->p, "not an XML property list: no <plist>");
  const char *gt = memchr(r->p, '>', (size_t)(r->end - r->p));
  if (!gt) return fail(r, r->p, "<plist> not closed");
  r->p = gt + 1;
  return true;
}

/* Appends one character reference or entity at r->p ('&') to text. */
static bool entity(reader *r) {
  static const struct {
    const char *name;
    char c;
  } named[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
  for (size_t i = 0; i < 5; i++)
    if (starts(r, named[i].name)) {
      mcl_buf_putc(&r->text, named[i].c);
      r->p += strlen(named[i].name);
      return true;
    }
  if (!starts(r, "&#")) return fail(r, r->p, "unknown entity");
  const char *q = r->p + 2;
  bool hex = q < r->end && *q == 'x';
  q += hex;
  unsigned long c = 0;
  int digits = 0;
  for (; q < r->end && *q != ';' && digits < 8; q++, digits++) {
    int d = *q >= '0' && *q <= '9'   ? *q - '0'
            : hex && *q >= 'a' && *q <= 'f' ? *q - 'a' + 10
            : hex && *q >= 'A' && *q <= 'F' ? *q - 'A' + 10
                                            : -1;
    if (d < 0) return fail(r, r->p, "bad character reference");
    c = c * (hex ? 16 : 10) + (unsigned long)d;
  }
  if (q >= r->end || *q != ';' || !digits || c == 0 || c > 0x10FFFF || (c >= 0xD800 && c < 0xE000))
    return fail(r, r->p, "bad character reference");
  char u[4];
  int n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  if (n == 1) u[0] = (char)c;
  else if (n == 2) u[0] = (char)(0xC0 | (c >> 6)), u[1] = (char)(0x80 | (c & 0x3F));
  else if (n == 3)
    u[0] = (char)(0xE0 | (c >> 12)), u[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
    u[2] = (char)(0x80 | (c & 0x3F));
  else
    u[0] = (char)(0xF0 | (c >> 18)), u[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
    u[2] = (char)(0x80 | ((c >> 6) & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F));
  mcl_buf_add(&r->text, u, (size_t)n);
  r->p = q + 1;
  return true;
}

/* The text of an element up to its end tag "</name>", decoded, in the
 * arena; r->p ends past the end tag. The usual text (no '&', no CDATA, no
 * comment) is copied once, without the buffer. */
static const char *element_text(reader *r, const char *name, size_t *len) {
  const char *lt = memchr(r->p, '<', (size_t)(r->end - r->p));
  if (!lt) return fail(r, r->p, "element not closed"), NULL;
  bool plain = !memchr(r->p, '&', (size_t)(lt - r->p)) && lt + 1 < r->end && lt[1] == '/';
  const char *s;
  if (plain) {
    *len = (size_t)(lt - r->p);
    s = mcl_arena_strndup(r->a, r->p, *len);
    r->p = lt;
  } else {
    mcl_buf_clear(&r->text);
    for (;;) {
      const char *q = r->p;
      while (q < r->end && *q != '<' && *q != '&') q++;
      mcl_buf_add(&r->text, r->p, (size_t)(q - r->p));
      r->p = q;
      if (q >= r->end) return fail(r, q, "element not closed"), NULL;
      if (*q == '&') {
        if (!entity(r)) return NULL;
      } else if (starts(r, "<![CDATA[")) {
        r->p += 9;
        const char *from = r->p;
        if (!skip_past(r, "]]>", "CDATA section not closed")) return NULL;
        mcl_buf_add(&r->text, from, (size_t)(r->p - 3 - from));
      } else if (starts(r, "<!--")) {
        if (!skip_past(r, "-->", "comment not closed")) return NULL;
      } else {
        break;
      }
    }
    *len = r->text.len;
    s = mcl_arena_strndup(r->a, r->text.data ? r->text.data : "", r->text.len);
  }
  size_t n = strlen(name);
  if ((size_t)(r->end - r->p) < n + 3 || memcmp(r->p, "</", 2) || memcmp(r->p + 2, name, n) ||
      r->p[2 + n] != '>')
    return fail(r, r->p, "unexpected element inside text"), NULL;
  r->p += n + 3;
  return s;
}

static mcl_value *new_value(reader *r, mcl_type t, const char *at) {
  mcl_value *v = mcl_arena_alloc(r->a, sizeof *v);
  v->type = t;
  v->pos.col = (uint32_t)(at - r->start) + 1;
  return v;
}

/* Adds a finished value to the open container, or makes it the root. */
static bool attach(reader *r, mcl_value *v, mcl_value **root, const char *at) {
  if (r->depth == 0) {
    if (*root) return fail(r, at, "more than one value in <plist>");
    *root = v;
    return true;
  }
  frame *f = &r->stack[r->depth - 1];
  if (f->v->type == MCL_T_DICT) {
    if (!f->key) return fail(r, at, "value without a <key> in a <dict>");
    MCL_GROW(f->entries, f->cap, f->count + 1);
    mcl_entry *e = &f->entries[f->count++];
    memset(e, 0, sizeof *e);
    e->key = f->key;
    e->key_len = f->key_len;
    e->key_pos.col = f->key_off;
    e->value = v;
    f->key = NULL;
  } else {
    MCL_GROW(f->items, f->cap, f->count + 1);
    f->items[f->count++] = v;
  }
  return true;
}

static bool open_container(reader *r, mcl_type t, const char *at) {
  if (r->depth == MAX_DEPTH) return fail(r, at, "nested too deeply");
  if (r->lazy && t == MCL_T_ARRAY && r->depth == 1 && r->stack[0].key &&
      !strcmp(r->stack[0].key, "pfm_subkeys"))
    r->subkeys_depth = 2;
  frame *f = &r->stack[r->depth++];
  memset(f, 0, sizeof *f);
  f->v = new_value(r, t, at);
  return true;
}

static bool close_container(reader *r, mcl_type t, mcl_value **root, const char *at) {
  if (r->depth == 0 || r->stack[r->depth - 1].v->type != t)
    return fail(r, at, "end tag does not match");
  frame *f = &r->stack[--r->depth];
  if (f->key || f->skip) {
    /* The frame is popped: read_values no longer sees its buffers. */
    free(f->entries);
    free(f->items);
    f->entries = NULL;
    f->items = NULL;
    return fail(r, at, "<key> without a value");
  }
  if (r->depth + 1 == r->subkeys_depth) r->subkeys_depth = 0;
  mcl_value *v = f->v;
  if (t == MCL_T_DICT) {
    v->u.dict.count = f->count;
    v->u.dict.entries = mcl_arena_alloc(r->a, (f->count ? f->count : 1) * sizeof(mcl_entry));
    if (f->count) memcpy(v->u.dict.entries, f->entries, f->count * sizeof(mcl_entry));
    free(f->entries);
  } else {
    v->u.array.count = f->count;
    v->u.array.items = mcl_arena_alloc(r->a, (f->count ? f->count : 1) * sizeof(mcl_value *));
    if (f->count) memcpy(v->u.array.items, f->items, f->count * sizeof(mcl_value *));
    free(f->items);
  }
  f->entries = NULL;
  f->items = NULL;
  return attach(r, v, root, at);
}

static bool scalar(reader *r, const char *name, mcl_type t, const char *at, mcl_value **root) {
  size_t len;
  const char *s = element_text(r, name, &len);
  if (!s) return false;
  mcl_value *v = new_value(r, t, at);
  const char *bad = NULL;
  switch (t) {
  case MCL_T_STRING:
    v->u.str.s = s;
    v->u.str.len = len;
    break;
  case MCL_T_INTEGER:
    bad = mcl_parse_integer(s, &v->u.integer.magnitude, &v->u.integer.negative);
    break;
  case MCL_T_REAL: bad = mcl_parse_real(s, &v->u.real); break;
  case MCL_T_DATE:
    bad = mcl_parse_date(s, &v->u.date.unix_seconds);
    v->u.date.text = s;
    break;
  default: /* data: kept undecoded; manifests use it for icons only */
    v->u.data.bytes = (const unsigned char *)s;
    v->u.data.len = len;
    break;
  }
  if (bad) {
    char *msg = mcl_xasprintf("<%s>%.40s</%s>: %s", name, s, name, bad);
    fail(r, at, msg);
    free(msg);
    return false;
  }
  return attach(r, v, root, at);
}

static bool empty_value(reader *r, mcl_type t, const char *at, mcl_value **root) {
  mcl_value *v = new_value(r, t, at);
  if (t == MCL_T_STRING) v->u.str.s = "";
  if (t == MCL_T_DICT) v->u.dict.entries = mcl_arena_alloc(r->a, sizeof(mcl_entry));
  if (t == MCL_T_ARRAY) v->u.array.items = mcl_arena_alloc(r->a, sizeof(mcl_value *));
  return attach(r, v, root, at);
}

static bool boolean(reader *r, bool b, const char *at, mcl_value **root) {
  mcl_value *v = new_value(r, MCL_T_BOOL, at);
  v->u.boolean = b;
  return attach(r, v, root, at);
}

/* The pfm_ keys manifest.c reads (sorted); every other pfm_ key's value is
 * stepped over. Keys without the prefix are kept: they are values (a
 * pfm_default dictionary), not the manifest's own keys. */
static const char *const kept[] = {
    "pfm_app_deprecated", "pfm_conditionals", "pfm_contains_any", "pfm_default",
    "pfm_distribution", "pfm_domain", "pfm_exclude", "pfm_format",
    "pfm_ios_deprecated", "pfm_ios_max", "pfm_ios_min", "pfm_macos_deprecated",
    "pfm_macos_max", "pfm_macos_min", "pfm_n_contains_any", "pfm_n_platforms",
    "pfm_n_range_list", "pfm_name", "pfm_platforms", "pfm_present",
    "pfm_range_list", "pfm_range_list_allow_custom_value", "pfm_range_max", "pfm_range_min",
    "pfm_repetition_max", "pfm_repetition_min", "pfm_require", "pfm_segments",
    "pfm_sensitive", "pfm_subkeys", "pfm_supervised", "pfm_target",
    "pfm_target_conditions", "pfm_targets", "pfm_title", "pfm_tvos_deprecated",
    "pfm_tvos_max", "pfm_tvos_min", "pfm_type", "pfm_value_empty",
    "pfm_visionos_deprecated", "pfm_visionos_max", "pfm_visionos_min", "pfm_watchos_deprecated",
    "pfm_watchos_max", "pfm_watchos_min",
};

static bool is_kept(const char *s, size_t n) {
  if (n < 4 || memcmp(s, "pfm_", 4)) return true;
  size_t lo = 0, hi = sizeof kept / sizeof kept[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    /* By bytes and length: the key may hold a NUL, and must never be read
     * past n, nor kept[mid] past its end. */
    size_t kn = strlen(kept[mid]);
    int c = memcmp(s, kept[mid], n < kn ? n : kn);
    if (!c) c = n < kn ? -1 : n > kn ? 1 : 0;
    if (!c) return true;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return false;
}

static bool key(reader *r, const char *at) {
  if (r->depth == 0 || r->stack[r->depth - 1].v->type != MCL_T_DICT)
    return fail(r, at, "<key> outside a <dict>");
  frame *f = &r->stack[r->depth - 1];
  if (f->key || f->skip) return fail(r, at, "two <key>s in a row");
  const char *lt = memchr(r->p, '<', (size_t)(r->end - r->p));
  if (lt && (size_t)(r->end - lt) >= 6 && !memcmp(lt, "</key>", 6) &&
      !is_kept(r->p, (size_t)(lt - r->p))) {
    f->skip = true;
    r->p = lt + 6;
    return true;
  }
  size_t len;
  const char *s = element_text(r, "key", &len);
  if (!s) return false;
  f->key = s;
  f->key_len = len;
  f->key_off = (uint32_t)(at - r->start) + 1;
  return true;
}

/* Steps over the element at r->p ('<') without building a value: its end
 * is found by counting the nesting of its own name. */
static bool skip_value(reader *r) {
  const char *at = r->p, *q = r->p + 1;
  while (q < r->end && *q != '>' && *q != '/' && *q != ' ') q++;
  size_t n = (size_t)(q - at - 1);
  const char *gt = memchr(q, '>', (size_t)(r->end - q));
  if (n == 0 || n > 8 || !gt) return fail(r, at, "unexpected text or element");
  if (gt[-1] == '/') return r->p = gt + 1, true;
  const char *name = at + 1, *p = gt + 1;
  for (int depth = 1; depth;) {
    p = memchr(p, '<', (size_t)(r->end - p));
    if (!p || r->end - p < (ptrdiff_t)n + 3) return fail(r, at, "element not closed");
    if (p[1] == '/' && !memcmp(p + 2, name, n) && p[2 + n] == '>') {
      depth--;
      p += n + 3;
    } else if (!memcmp(p + 1, name, n) && p[1 + n] == '>') {
      depth++;
      p += n + 2;
    } else if (p[1] == '!') {
      const char *endmark = p[2] == '[' ? "]]>" : "-->";
      r->p = p + 2;
      if (!skip_past(r, endmark, "comment or CDATA not closed")) return false;
      p = r->p;
    } else {
      p++;
    }
  }
  r->p = p;
  return true;
}

/* One entry of the root's pfm_subkeys, skimmed: only its extent, its
 * pfm_name and whether it has keys that must be known before any profile
 * key is looked up (pfm_require, pfm_conditionals, pfm_segments) are
 * found; manifest.c reads it whole when a profile uses the key. The entry
 * becomes a <data> value (see mcl_manifest_entry). Only "dict" tags nest,
 * so only they are counted; text cannot hold '<'. */
static bool skim_entry(reader *r, mcl_value **root) {
  const char *at = r->p, *p = r->p + 6, *name = NULL;
  size_t name_len = 0;
  bool eager = false, layout = false, odd_name = false;
  for (int depth = 1; depth;) {
    p = memchr(p, '<', (size_t)(r->end - p));
    if (!p || r->end - p < 9) return fail(r, at, "<dict> not closed");
    if (p[1] == 'd' && !memcmp(p + 2, "ict>", 4)) {
      depth++;
      p += 6;
    } else if (p[1] == '/' && !memcmp(p + 2, "dict>", 5)) {
      depth--;
      p += 7;
    } else if (p[1] == '!') {
      r->p = p + 2;
      if (!skip_past(r, p[2] == '[' ? "]]>" : "-->", "comment or CDATA not closed")) return false;
      p = r->p;
    } else if (depth == 1 && p[1] == 'k' && !memcmp(p + 2, "ey>pfm_", 7)) {
      const char *k = p + 9, *e = memchr(k, '<', (size_t)(r->end - k));
      size_t n = e ? (size_t)(e - k) : 0;
      if (n == 4 && !memcmp(k, "name", 4) && (size_t)(r->end - e) > 14 &&
          !memcmp(e, "</key>", 6)) {
        const char *v = e + 6;
        while (v < r->end && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')) v++;
        const char *ve = (size_t)(r->end - v) > 8 && !memcmp(v, "<string>", 8)
                             ? memchr(v + 8, '<', (size_t)(r->end - v - 8))
                             : NULL;
        if (ve && !memchr(v + 8, '&', (size_t)(ve - v - 8)))
          name = v + 8, name_len = (size_t)(ve - v - 8);
        else
          odd_name = true; /* an unusual name: read it whole */
      } else if ((n == 7 && !memcmp(k, "require", 7)) ||
                 (n == 12 && !memcmp(k, "conditionals", 12))) {
        eager = true;
      } else if (n == 8 && !memcmp(k, "segments", 8)) {
        layout = true;
      }
      p++;
    } else {
      p++;
    }
  }
  MCL_GROW(r->skims, r->skim_cap, r->skim_count + 1);
  mcl_manifest_skim *sk = &r->skims[r->skim_count];
  sk->name = name && !odd_name ? mcl_arena_strndup(r->a, name, name_len) : NULL;
  sk->eager = eager;
  sk->layout = layout;
  sk->offset = (size_t)(at - r->start);
  sk->len = (size_t)(p - at);
  /* A placeholder: an "invalid" integer (a real one never is, here) whose
   * magnitude is the index of the skim. */
  mcl_value *v = new_value(r, MCL_T_INTEGER, at);
  v->invalid = true;
  v->u.integer.magnitude = r->skim_count++;
  r->p = p;
  return attach(r, v, root, at);
}

/* The plist element at r->p ('<'), found by its first letters: this runs
 * once per element of a manifest, so it avoids comparing every tag. */
static bool element(reader *r, mcl_value **root) {
  const char *at = r->p;
  size_t left = (size_t)(r->end - r->p);
  frame *top = r->depth ? &r->stack[r->depth - 1] : NULL;
  if (left < 4) return fail(r, at, "the document ends inside an element");
  if (top && top->skip && at[1] != '/') {
    top->skip = false;
    return skip_value(r);
  }
  if (r->subkeys_depth && r->depth == r->subkeys_depth && left >= 6 &&
      !memcmp(at, "<dict>", 6))
    return skim_entry(r, root);
#define IS(tag) \
  (left >= sizeof tag - 1 && !memcmp(at, tag, sizeof tag - 1) && (r->p += sizeof tag - 1))
  switch (at[1]) {
  case 'k':
    if (IS("<key>")) return key(r, at);
    break;
  case 's':
    if (IS("<string>")) return scalar(r, "string", MCL_T_STRING, at, root);
    if (IS("<string/>")) return empty_value(r, MCL_T_STRING, at, root);
    break;
  case 'i':
    if (IS("<integer>")) return scalar(r, "integer", MCL_T_INTEGER, at, root);
    break;
  case 'r':
    if (IS("<real>")) return scalar(r, "real", MCL_T_REAL, at, root);
    break;
  case 'd':
    if (IS("<dict>")) return open_container(r, MCL_T_DICT, at);
    if (IS("<dict/>")) return empty_value(r, MCL_T_DICT, at, root);
    if (IS("<date>")) return scalar(r, "date", MCL_T_DATE, at, root);
    if (IS("<data>")) return scalar(r, "data", MCL_T_DATA, at, root);
    if (IS("<data/>")) return empty_value(r, MCL_T_DATA, at, root);
    break;
  case 'a':
    if (IS("<array>")) return open_container(r, MCL_T_ARRAY, at);
    if (IS("<array/>")) return empty_value(r, MCL_T_ARRAY, at, root);
    break;
  case 't':
    if (IS("<true/>")) return boolean(r, true, at, root);
    break;
  case 'f':
    if (IS("<false/>")) return boolean(r, false, at, root);
    break;
  case '/':
    if (IS("</dict>")) return close_container(r, MCL_T_DICT, root, at);
    if (IS("</array>")) return close_container(r, MCL_T_ARRAY, root, at);
    break;
  default: break;
  }
#undef IS
  return fail(r, at, "unexpected text or element");
}

/* Reads values at r->p until one complete value is at depth 0, or (with
 * plist) until </plist>. */
static mcl_value *read_values(reader *r, bool plist) {
  mcl_value *root = NULL;
  bool ok = true;
  while (ok) {
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
      r->p++;
    if (r->p + 1 < r->end && r->p[0] == '<' && (r->p[1] == '!' || r->p[1] == '?')) {
      /* Only comments and processing instructions: skip_misc leaves any
       * other "<!" where it is, which must not loop. */
      const char *before = r->p;
      ok = skip_misc(r);
      if (ok && r->p == before) ok = fail(r, r->p, "unexpected markup");
    } else if (r->p >= r->end) {
      ok = fail(r, r->p, plist ? "the document ends inside <plist>" : "the value ends early");
    } else if (plist && r->depth == 0 && root && starts(r, "</plist>")) {
      r->p += 8;
      break;
    } else if (*r->p != '<') {
      ok = fail(r, r->p, "text outside an element");
    } else {
      ok = element(r, &root);
      if (ok && !plist && r->depth == 0 && root) break;
    }
  }
  if (ok && (!skip_misc(r) || r->p < r->end))
    ok = fail(r, r->p, plist ? "content after </plist>" : "content after the value");
  for (int i = 0; i < r->depth; i++) {
    free(r->stack[i].entries);
    free(r->stack[i].items);
  }
  mcl_buf_free(&r->text);
  return ok ? root : NULL;
}

static char *error_text(reader *r) {
  char *e = mcl_xasprintf("%u: %s",
                          mcl_manifest_line(r->start, (size_t)(r->end - r->start),
                                            (uint32_t)r->err_off + 1),
                          r->err);
  free(r->err);
  return e;
}

mcl_value *mcl_manifest_plist_read(mcl_arena *arena, const char *data, size_t len,
                                   mcl_manifest_skim **skims, size_t *skim_count, char **err) {
  *err = NULL;
  reader r = {.a = arena, .p = data, .end = data + len, .start = data, .lazy = skims != NULL};
  mcl_value *root = NULL;
  if (len > MAX_SIZE) fail(&r, data, "larger than 64 MB");
  else if (prolog(&r)) root = read_values(&r, true);
  if (skims) {
    *skims = r.skims;
    *skim_count = r.skim_count;
  } else {
    free(r.skims);
  }
  if (!root) *err = error_text(&r);
  return root;
}

mcl_value *mcl_manifest_plist_read_entry(mcl_arena *arena, const char *data, size_t len,
                                         size_t offset, size_t entry_len, char **err) {
  *err = NULL;
  reader r = {.a = arena, .p = data + offset, .end = data + offset + entry_len, .start = data};
  mcl_value *v = read_values(&r, false);
  if (!v) {
    /* Lines count from the document's start, which r.end cuts short. */
    char *e = mcl_xasprintf("%u: %s", mcl_manifest_line(data, len, (uint32_t)r.err_off + 1), r.err);
    free(r.err);
    *err = e;
  }
  return v;
}
