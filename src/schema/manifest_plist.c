/* manifest_plist.c: the XML property lists of manifests, read fast.
 *
 * Only what a property list may hold: a prolog (XML declaration, DOCTYPE
 * without an internal subset, comments), <plist>, and the plist elements
 * with character references and CDATA in text. Anything else is an error
 * naming its line. Text runs are found with memchr, so the cost is per
 * element, not per byte of description. Containers are kept on an explicit
 * stack capped in depth: input cannot make it recurse. Lines are counted
 * only for an error message. */
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
} frame;

typedef struct reader {
  mcl_arena *a;
  const char *p, *end, *start;
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
  frame *f = &r->stack[r->depth++];
  memset(f, 0, sizeof *f);
  f->v = new_value(r, t, at);
  return true;
}

static int by_key(const void *a, const void *b) {
  const mcl_entry *x = *(const mcl_entry *const *)a, *y = *(const mcl_entry *const *)b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x > y) - (x < y);
}

/* Marks every entry but the last of each key as shadowed, as devices (and
 * mcl_dict_get) keep the last. */
static void mark_shadowed(mcl_entry *e, size_t n) {
  if (n < 2) return;
  mcl_entry **order = mcl_xmalloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = &e[i];
  qsort(order, n, sizeof *order, by_key);
  for (size_t i = 0; i + 1 < n; i++)
    if (!strcmp(order[i]->key, order[i + 1]->key)) order[i]->shadowed = true;
  free(order);
}

static bool close_container(reader *r, mcl_type t, mcl_value **root, const char *at) {
  if (r->depth == 0 || r->stack[r->depth - 1].v->type != t)
    return fail(r, at, "end tag does not match");
  frame *f = &r->stack[--r->depth];
  if (f->key) return fail(r, at, "<key> without a value");
  mcl_value *v = f->v;
  if (t == MCL_T_DICT) {
    v->u.dict.count = f->count;
    v->u.dict.entries = mcl_arena_alloc(r->a, (f->count ? f->count : 1) * sizeof(mcl_entry));
    if (f->count) memcpy(v->u.dict.entries, f->entries, f->count * sizeof(mcl_entry));
    mark_shadowed(v->u.dict.entries, f->count);
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

static bool key(reader *r, const char *at) {
  if (r->depth == 0 || r->stack[r->depth - 1].v->type != MCL_T_DICT)
    return fail(r, at, "<key> outside a <dict>");
  frame *f = &r->stack[r->depth - 1];
  if (f->key) return fail(r, at, "two <key>s in a row");
  size_t len;
  const char *s = element_text(r, "key", &len);
  if (!s) return false;
  f->key = s;
  f->key_len = len;
  f->key_off = (uint32_t)(at - r->start) + 1;
  return true;
}

static const struct {
  const char *tag;
  mcl_type type;
} scalars[] = {{"<string>", MCL_T_STRING}, {"<integer>", MCL_T_INTEGER}, {"<real>", MCL_T_REAL},
               {"<date>", MCL_T_DATE},     {"<data>", MCL_T_DATA}};

static bool element(reader *r, mcl_value **root) {
  const char *at = r->p;
  if (starts(r, "<key>")) return r->p += 5, key(r, at);
  for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
    if (starts(r, scalars[i].tag)) {
      r->p += strlen(scalars[i].tag);
      char name[16];
      size_t n = strlen(scalars[i].tag) - 2;
      memcpy(name, scalars[i].tag + 1, n);
      name[n] = '\0';
      return scalar(r, name, scalars[i].type, at, root);
    }
  static const struct {
    const char *tag;
    int what; /* 0 open dict, 1 open array, 2 close dict, 3 close array, 4..7 empties, 8 true, 9 false */
  } tags[] = {{"<dict>", 0},    {"<array>", 1},   {"</dict>", 2},  {"</array>", 3},
              {"<dict/>", 4},   {"<array/>", 5},  {"<string/>", 6}, {"<data/>", 7},
              {"<true/>", 8},   {"<false/>", 9}};
  for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
    if (!starts(r, tags[i].tag)) continue;
    r->p += strlen(tags[i].tag);
    switch (tags[i].what) {
    case 0: return open_container(r, MCL_T_DICT, at);
    case 1: return open_container(r, MCL_T_ARRAY, at);
    case 2: return close_container(r, MCL_T_DICT, root, at);
    case 3: return close_container(r, MCL_T_ARRAY, root, at);
    case 4: return empty_value(r, MCL_T_DICT, at, root);
    case 5: return empty_value(r, MCL_T_ARRAY, at, root);
    case 6: return empty_value(r, MCL_T_STRING, at, root);
    case 7: return empty_value(r, MCL_T_DATA, at, root);
    case 8: return boolean(r, true, at, root);
    default: return boolean(r, false, at, root);
    }
  }
  return fail(r, at, "unexpected text or element");
}

mcl_value *mcl_manifest_plist_read(mcl_arena *arena, const char *data, size_t len, char **err) {
  *err = NULL;
  reader r = {.a = arena, .p = data, .end = data + len, .start = data};
  mcl_value *root = NULL;
  bool ok = len <= MAX_SIZE ? prolog(&r) : fail(&r, data, "larger than 64 MB");
  while (ok) {
    if (!skip_misc(&r)) {
      ok = false;
    } else if (r.p >= r.end) {
      ok = fail(&r, r.p, "the document ends inside <plist>");
    } else if (r.depth == 0 && root && starts(&r, "</plist>")) {
      r.p += 8;
      break;
    } else if (*r.p != '<') {
      ok = fail(&r, r.p, "text outside an element");
    } else {
      ok = element(&r, &root);
    }
  }
  if (ok && (!skip_misc(&r) || r.p < r.end)) ok = fail(&r, r.p, "content after </plist>");
  for (int i = 0; i < r.depth; i++) {
    free(r.stack[i].entries);
    free(r.stack[i].items);
  }
  mcl_buf_free(&r.text);
  if (ok) return root;
  *err = mcl_xasprintf("%u: %s", mcl_manifest_line(data, len, (uint32_t)r.err_off + 1), r.err);
  free(r.err);
  return NULL;
}
