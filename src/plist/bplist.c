/* bplist.c: binary property lists (bplist00) into the value tree.
 *
 * libplist decodes the objects, but libplist 2.2 trusts the object graph:
 * it recurses once per nesting level (a deep file overflows the stack) and
 * decodes a shared object again for every reference to it (a 100-byte file
 * can expand to gigabytes). So before libplist sees the bytes, a guard walks
 * the graph iteratively and refuses anything that is out of bounds, cyclic,
 * nested deeper than the XML reader allows, or that expands to more values
 * than any profile has. The conversion into mcl_value nodes is iterative as
 * well. Binary plists have no lines: every position is a key path. */
#include <plist/plist.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "plist/walk.h"
#include "plist/reader.h"
#include "plist/scalar.h"

#define MAX_DEPTH 128 /* as the XML reader: values live at levels 1..127 */
#define MAX_VALUES 2000000u
#define TRAILER 32
#define APPLE_EPOCH 978307200 /* 2001-01-01T00:00:00Z in Unix seconds */

/* ---- the guard: the object graph checked without recursion ---- */

typedef struct guard {
  const unsigned char *data;
  size_t len;
  uint64_t nobjects, table, root; /* object count, offset table offset, root index */
  unsigned offset_size, ref_size;
  unsigned char *state;    /* per object: 0 new, 1 on the current path, 2 done */
  uint32_t *height;        /* levels the object's value spans (leaf: 1) */
  uint64_t *size;          /* values it expands to, saturated above MAX_VALUES */
  uint64_t max_values;
  bool too_deep; /* the refusal is a nesting-too-deep finding */
  char msg[160];
} guard;

static uint64_t be_uint(const unsigned char *p, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; i++) v = v << 8 | p[i];
  return v;
}

__attribute__((format(printf, 2, 3))) static bool refuse(guard *g, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g->msg, sizeof g->msg, fmt, ap);
  va_end(ap);
  return false;
}

static bool read_trailer(guard *g) {
  if (g->len < 8 + TRAILER + 1) return refuse(g, "the file is too short to hold a binary property list");
  if (memcmp(g->data, "bplist00", 8) != 0)
    return refuse(g, "the file does not start with the bplist00 signature");
  const unsigned char *t = g->data + g->len - TRAILER;
  g->offset_size = t[6];
  g->ref_size = t[7];
  g->nobjects = be_uint(t + 8, 8);
  g->root = be_uint(t + 16, 8);
  g->table = be_uint(t + 24, 8);
  unsigned os = g->offset_size, rs = g->ref_size;
  if ((os != 1 && os != 2 && os != 4 && os != 8) || (rs != 1 && rs != 2 && rs != 4 && rs != 8))
    return refuse(g, "its trailer is not valid (truncated or damaged file?): offset size %u "
                     "and reference size %u, where 1, 2, 4 or 8 are expected",
                  os, rs);
  uint64_t body_end = g->len - TRAILER;
  if (g->nobjects == 0)
    return refuse(g, "its trailer is not valid (truncated or damaged file?): no objects");
  if (g->table < 9 || g->table > body_end || g->nobjects > (body_end - g->table) / os)
    return refuse(g, "the offset table lies outside the file (truncated?)");
  if (g->root >= g->nobjects)
    return refuse(g, "the top object %llu does not exist (%llu objects)",
                  (unsigned long long)g->root, (unsigned long long)g->nobjects);
  return true;
}

typedef struct object {
  unsigned type;         /* high nibble of the marker */
  const unsigned char *body; /* after the marker and any count */
  uint64_t count;        /* bytes, characters or references */
} object;

/* Decodes object i's marker and count, checking that it lies in the object
 * area. */
static bool read_object(guard *g, uint64_t i, object *o) {
  uint64_t off = be_uint(g->data + g->table + i * g->offset_size, g->offset_size);
  if (off < 8 || off >= g->table)
    return refuse(g, "object %llu starts outside the object area", (unsigned long long)i);
  const unsigned char *p = g->data + off, *end = g->data + g->table;
  unsigned marker = *p++;
  o->type = marker >> 4;
  o->count = marker & 0x0F;
  bool sized = o->type == 0x4 || o->type == 0x5 || o->type == 0x6 || o->type == 0xA ||
               o->type == 0xC || o->type == 0xD;
  if (sized && o->count == 0x0F) {
    if (p >= end || (*p >> 4) != 0x1 || (*p & 0x0F) > 3)
      return refuse(g, "object %llu has a malformed length", (unsigned long long)i);
    unsigned n = 1u << (*p++ & 0x0F);
    if ((size_t)(end - p) < n) return refuse(g, "object %llu is cut off", (unsigned long long)i);
    o->count = be_uint(p, n);
    p += n;
  }
  o->body = p;
  uint64_t room = (uint64_t)(end - p), need;
  switch (o->type) {
  case 0x0:
    if (marker == 0x08 || marker == 0x09) return true;
    return refuse(g, "object %llu is a %s, which a property list cannot hold",
                  (unsigned long long)i, marker == 0 ? "null" : "fill byte");
  case 0x1:
    if (o->count > 4) return refuse(g, "object %llu is an integer of unsupported size", (unsigned long long)i);
    need = 1u << o->count;
    break;
  case 0x2:
    if (o->count != 2 && o->count != 3)
      return refuse(g, "object %llu is a real of unsupported size", (unsigned long long)i);
    need = 1u << o->count;
    break;
  case 0x3:
    if (marker != 0x33) return refuse(g, "object %llu is a malformed date", (unsigned long long)i);
    need = 8;
    break;
  case 0x4:
  case 0x5: need = o->count; break;
  case 0x6:
    if (o->count > UINT64_MAX / 2) return refuse(g, "object %llu is too long", (unsigned long long)i);
    need = o->count * 2;
    break;
  case 0x8:
    return refuse(g, "object %llu is a UID (a keyed-archiver reference), which a profile cannot hold",
                  (unsigned long long)i);
  case 0xA:
  case 0xC:
  case 0xD: {
    uint64_t refs = o->type == 0xD ? o->count * 2 : o->count;
    if (o->count > UINT64_MAX / 2 / g->ref_size)
      return refuse(g, "object %llu is too long", (unsigned long long)i);
    need = refs * g->ref_size;
    break;
  }
  default:
    return refuse(g, "object %llu has unknown type 0x%X", (unsigned long long)i, marker);
  }
  if (need > room)
    return refuse(g, "object %llu extends past the object area (truncated?)", (unsigned long long)i);
  return true;
}

/* A dictionary key must be a string without NUL characters (libplist 2.2
 * asserts on those, and no profile key has one). */
static bool key_ok(guard *g, uint64_t i, const object *o) {
  if (o->type != 0x5 && o->type != 0x6)
    return refuse(g, "object %llu is a dictionary key that is not a string", (unsigned long long)i);
  size_t n = o->type == 0x5 ? (size_t)o->count : (size_t)o->count * 2;
  for (size_t k = 0; k < n; k += o->type == 0x5 ? 1 : 2)
    if (o->body[k] == 0 && (o->type == 0x5 || o->body[k + 1] == 0))
      return refuse(g, "object %llu is a dictionary key with a NUL character",
                    (unsigned long long)i);
  return true;
}

static uint64_t child_ref(const guard *g, const object *o, uint64_t k) {
  return be_uint(o->body + k * g->ref_size, g->ref_size);
}

static uint64_t refs_of(const object *o) {
  return o->type == 0xA || o->type == 0xC ? o->count : o->type == 0xD ? o->count * 2 : 0;
}

typedef struct gframe {
  uint64_t obj, next; /* the object, and its next reference to visit */
  object o;
} gframe;

static bool too_deep(guard *g) {
  g->too_deep = true;
  return refuse(g, "values are nested more than %d levels deep", MAX_DEPTH);
}

/* Accounts a finished child, at the given level, into its parent. */
static bool add_child(guard *g, gframe *parent, uint64_t child, size_t level) {
  if (level + g->height[child] - 1 >= MAX_DEPTH) return too_deep(g);
  if (g->height[child] + 1 > g->height[parent->obj]) g->height[parent->obj] = g->height[child] + 1;
  uint64_t s = g->size[parent->obj] + g->size[child];
  g->size[parent->obj] = s > g->max_values ? g->max_values + 1 : s;
  if (s <= g->max_values) return true;
  return refuse(g, "shared references expand it to more than %llu values",
                (unsigned long long)g->max_values);
}

static void push(guard *g, gframe *stack, size_t *depth, uint64_t obj, const object *o) {
  gframe *n = &stack[(*depth)++];
  n->obj = obj;
  n->next = 0;
  n->o = *o;
  g->state[obj] = 1;
  g->height[obj] = 1;
  g->size[obj] = 1;
}

/* Pops the finished top frame into its parent. */
static bool finish_frame(guard *g, gframe *stack, size_t *depth) {
  g->state[stack[*depth - 1].obj] = 2;
  if (--*depth == 0) return true;
  return add_child(g, &stack[*depth - 1], stack[*depth].obj, *depth + 1);
}

/* Follows the top frame's next reference. */
static bool follow(guard *g, gframe *stack, size_t *depth) {
  gframe *f = &stack[*depth - 1];
  uint64_t k = f->next++, c = child_ref(g, &f->o, k);
  if (c >= g->nobjects)
    return refuse(g, "object %llu refers to object %llu, which does not exist",
                  (unsigned long long)f->obj, (unsigned long long)c);
  if (g->state[c] == 1)
    return refuse(g, "object %llu refers back to object %llu, which contains it (a cycle)",
                  (unsigned long long)f->obj, (unsigned long long)c);
  object o;
  bool is_key = f->o.type == 0xD && k < f->o.count;
  if (!read_object(g, c, &o) || (is_key && !key_ok(g, c, &o))) return false;
  if (g->state[c] == 2) return add_child(g, f, c, *depth + 1); /* shared, already checked */
  if (*depth + 1 >= MAX_DEPTH) return too_deep(g);
  push(g, stack, depth, c, &o);
  return true;
}

/* Depth-first over the graph from the root with an explicit stack. */
static bool walk_graph(guard *g) {
  gframe *stack = mcl_xmalloc(MAX_DEPTH * sizeof *stack);
  size_t depth = 0;
  object root;
  bool ok = read_object(g, g->root, &root);
  if (ok) push(g, stack, &depth, g->root, &root);
  while (ok && depth) {
    gframe *f = &stack[depth - 1];
    ok = f->next == refs_of(&f->o) ? finish_frame(g, stack, &depth) : follow(g, stack, &depth);
  }
  free(stack);
  return ok;
}

/* True when libplist can safely decode data; else g->msg says why not. */
static bool guard_check(guard *g, const unsigned char *data, size_t len) {
  memset(g, 0, sizeof *g);
  g->data = data;
  g->len = len;
  g->max_values = len < MAX_VALUES / 8 ? len * 8 + 4096 : MAX_VALUES;
  if (len > UINT32_MAX) return refuse(g, "the file is too large for a binary property list");
  if (!read_trailer(g)) return false;
  size_t n = (size_t)g->nobjects; /* bounded by the file size (checked above) */
  g->state = mcl_xcalloc(n, 1);
  g->height = mcl_xcalloc(n, sizeof *g->height);
  g->size = mcl_xcalloc(n, sizeof *g->size);
  bool ok = walk_graph(g);
  free(g->state);
  free(g->height);
  free(g->size);
  return ok;
}

/* ---- conversion of libplist's tree ----
 *
 * libplist's tree and the object table are walked in lockstep (libplist
 * keeps the file's order), so every node knows its object. Integers and
 * dates are read from the object's bytes: libplist 2.2 cannot tell an
 * 8-byte negative integer from a 16-byte unsigned one, and clamps dates to
 * 32-bit seconds. */

typedef struct cframe {
  plist_t node;
  mcl_value *v;
  object o;         /* the container's object */
  uint32_t next, count;
  plist_dict_iter iter;
  size_t path_mark; /* length of the path before this container's part */
} cframe;

typedef struct conv {
  mcl_doc *doc;
  mcl_arena *arena;
  guard *g;
  mcl_buf path;
  bool broken; /* libplist and the object table disagree: stop */
} conv;

static void convert_integer(conv *c, const object *o, mcl_value *v) {
  v->type = MCL_T_INTEGER;
  unsigned n = 1u << o->count;
  uint64_t lo = be_uint(o->body + (n == 16 ? 8 : 0), n == 16 ? 8 : n);
  uint64_t hi = n == 16 ? be_uint(o->body, 8) : 0;
  bool negative = (n == 8 && lo >> 63) || (n == 16 && hi == UINT64_MAX && lo >> 63);
  if (n == 16 && hi != 0 && !negative) {
    v->invalid = true;
    mcl_doc_problem(c->doc, c->arena, MCL_PP_BIG_INTEGER, v->pos, mcl_buf_cstr(&c->path));
    return;
  }
  v->u.integer.negative = negative;
  v->u.integer.magnitude = negative ? ~lo + 1 : lo;
}

static void convert_date(conv *c, const object *o, mcl_value *v) {
  v->type = MCL_T_DATE;
  uint64_t bits = be_uint(o->body, 8);
  double d;
  memcpy(&d, &bits, sizeof d);
  /* Years 1 to 9999, as the XML form can write them. */
  if (!(d >= -63113904000.0 && d <= 253402300799.0 - APPLE_EPOCH)) {
    v->invalid = true;
    v->u.date.text = "(out of range)";
    mcl_doc_problem(c->doc, c->arena, MCL_PP_DATE_RANGE, v->pos, mcl_buf_cstr(&c->path));
    return;
  }
  int64_t t = (int64_t)d + APPLE_EPOCH;
  if ((double)(t - APPLE_EPOCH) > d) t--; /* floor, also for dates before 2001 */
  v->u.date.unix_seconds = t;
  char buf[32];
  mcl_format_date(t, buf, sizeof buf);
  v->u.date.text = mcl_arena_strdup(c->arena, buf);
}

/* The type libplist gives an object, to check that the walks agree. */
static plist_type expected_type(const object *o) {
  switch (o->type) {
  case 0x0: return PLIST_BOOLEAN;
  case 0x1: return PLIST_UINT;
  case 0x2: return PLIST_REAL;
  case 0x3: return PLIST_DATE;
  case 0x4: return PLIST_DATA;
  case 0x5:
  case 0x6: return PLIST_STRING;
  case 0xA:
  case 0xC: return PLIST_ARRAY;
  case 0xD: return PLIST_DICT;
  default: return PLIST_NONE;
  }
}

static void convert_scalar(conv *c, plist_t node, const object *o, mcl_value *v) {
  mcl_arena *arena = c->arena;
  uint64_t len = 0;
  switch (o->type) {
  case 0x0: {
    uint8_t b = 0;
    plist_get_bool_val(node, &b);
    v->type = MCL_T_BOOL;
    v->u.boolean = b != 0;
    return;
  }
  case 0x1: convert_integer(c, o, v); return;
  case 0x2:
    v->type = MCL_T_REAL;
    plist_get_real_val(node, &v->u.real);
    return;
  case 0x3: convert_date(c, o, v); return;
  case 0x4: {
    const char *p = plist_get_data_ptr(node, &len);
    unsigned char *copy = mcl_arena_alloc(arena, (size_t)len + 1);
    if (p && len) memcpy(copy, p, (size_t)len);
    v->type = MCL_T_DATA;
    v->u.data.bytes = copy;
    v->u.data.len = p ? (size_t)len : 0;
    return;
  }
  default: {
    const char *p = plist_get_string_ptr(node, &len);
    v->type = MCL_T_STRING;
    v->u.str.s = mcl_arena_strndup(arena, p ? p : "", p ? (size_t)len : 0);
    v->u.str.len = p ? (size_t)len : 0;
    return;
  }
  }
}

static int entry_order(const void *a, const void *b) {
  const mcl_entry *x = *(const mcl_entry *const *)a, *y = *(const mcl_entry *const *)b;
  size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
  int c = memcmp(x->key, y->key, n);
  if (c) return c;
  if (x->key_len != y->key_len) return x->key_len < y->key_len ? -1 : 1;
  return x < y ? -1 : x > y; /* entries of one array: document order */
}

/* Duplicate keys cannot come from CFPropertyList, but a crafted file can
 * hold them; a device keeps the last, as with XML. Sorting keeps large
 * dictionaries linear-logarithmic. */
static void mark_duplicates(conv *c, mcl_value *dict) {
  size_t n = dict->u.dict.count;
  if (n < 2) return;
  mcl_entry **order = mcl_xmalloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = &dict->u.dict.entries[i];
  qsort(order, n, sizeof *order, entry_order);
  size_t mark = c->path.len;
  for (size_t i = 0; i + 1 < n; i++) {
    mcl_entry *a = order[i], *b = order[i + 1];
    if (a->key_len != b->key_len || memcmp(a->key, b->key, a->key_len) != 0) continue;
    a->shadowed = true;
    mcl_buf_path_key(&c->path, b->key);
    mcl_problem *p =
        mcl_doc_problem(c->doc, c->arena, MCL_PP_DUPLICATE_ENTRY, b->key_pos, mcl_buf_cstr(&c->path));
    p->name = b->key;
    p->n = (size_t)(a - dict->u.dict.entries);
    p->n2 = (size_t)(b - dict->u.dict.entries);
    c->path.len = mark;
    if (c->path.data) c->path.data[mark] = '\0';
  }
  free(order);
}

static void open_container(conv *c, cframe *f, plist_t node, const object *o, mcl_value *v) {
  memset(f, 0, sizeof *f);
  f->node = node;
  f->v = v;
  f->o = *o;
  f->path_mark = c->path.len;
  mcl_arena *arena = c->arena;
  if (o->type == 0xD) {
    v->type = MCL_T_DICT;
    f->count = plist_dict_get_size(node);
    v->u.dict.entries = mcl_arena_alloc(arena, (size_t)f->count * sizeof(mcl_entry));
    plist_dict_new_iter(node, &f->iter);
  } else {
    v->type = MCL_T_ARRAY;
    f->count = plist_array_get_size(node);
    v->u.array.items = mcl_arena_alloc(arena, (size_t)f->count * sizeof(mcl_value *));
  }
  if (f->count != o->count) c->broken = true;
}

static void close_container(conv *c, cframe *f) {
  if (f->v->type == MCL_T_DICT) {
    free(f->iter);
    mark_duplicates(c, f->v);
  }
}

static void reset_path(conv *c, size_t mark) {
  c->path.len = mark;
  if (c->path.data) c->path.data[mark] = '\0';
}

/* The next child of f and its object, or NULL when done. Sets the path to
 * the child's. */
static plist_t next_child(conv *c, cframe *f, mcl_value **slot, object *o) {
  reset_path(c, f->path_mark);
  if (f->next >= f->count || c->broken) return NULL;
  mcl_arena *arena = c->arena;
  mcl_value *child = mcl_arena_alloc(arena, sizeof *child);
  plist_t item = NULL;
  uint64_t ref;
  if (f->v->type == MCL_T_DICT) {
    char *key = NULL;
    plist_dict_next_item(f->node, f->iter, &key, &item);
    if (!item) {
      free(key);
      c->broken = true;
      return NULL;
    }
    mcl_entry *e = &f->v->u.dict.entries[f->v->u.dict.count++];
    e->key = mcl_arena_strdup(arena, key ? key : "");
    e->key_len = strlen(e->key);
    e->value = child;
    mcl_buf_path_key(&c->path, e->key);
    free(key);
    ref = child_ref(c->g, &f->o, f->o.count + f->next);
  } else {
    item = plist_array_get_item(f->node, f->next);
    if (!item) {
      c->broken = true;
      return NULL;
    }
    f->v->u.array.items[f->v->u.array.count++] = child;
    mcl_buf_path_index(&c->path, f->next);
    ref = child_ref(c->g, &f->o, f->next);
  }
  f->next++;
  if (!read_object(c->g, ref, o) || plist_get_node_type(item) != expected_type(o)) {
    c->broken = true;
    return NULL;
  }
  *slot = child;
  return item;
}

static mcl_value *convert(conv *c, plist_t root) {
  mcl_value *top = mcl_arena_alloc(c->arena, sizeof *top);
  object o;
  if (!read_object(c->g, c->g->root, &o) || plist_get_node_type(root) != expected_type(&o)) {
    c->broken = true;
    return NULL;
  }
  if (o.type != 0xA && o.type != 0xC && o.type != 0xD) {
    convert_scalar(c, root, &o, top);
    return top;
  }
  cframe *stack = mcl_xmalloc(MAX_DEPTH * sizeof *stack);
  size_t depth = 1;
  open_container(c, &stack[0], root, &o, top);
  while (depth) {
    cframe *f = &stack[depth - 1];
    mcl_value *child = NULL;
    plist_t item = next_child(c, f, &child, &o);
    if (!item) {
      close_container(c, f);
      depth--;
      continue;
    }
    bool container = o.type == 0xA || o.type == 0xC || o.type == 0xD;
    if (container && depth < MAX_DEPTH) /* the guard bounds the depth */
      open_container(c, &stack[depth++], item, &o, child);
    else if (container)
      c->broken = true;
    else
      convert_scalar(c, item, &o, child);
  }
  free(stack);
  reset_path(c, 0);
  return top;
}

bool mcl_read_bplist(mcl_doc *doc, mcl_arena *arena, const unsigned char *data, size_t len) {
  doc->format = MCL_FMT_BINARY;
  mcl_pos none = {0, 0};
  guard g;
  if (!guard_check(&g, data, len)) {
    mcl_doc_problem(doc, arena, g.too_deep ? MCL_PP_BINARY_TOO_DEEP : MCL_PP_BINARY_MALFORMED,
                    none, NULL)->detail = mcl_arena_strdup(arena, g.msg);
    return false;
  }
  plist_t root = NULL;
  plist_from_bin((const char *)data, (uint32_t)len, &root);
  if (!root) {
    mcl_doc_problem(doc, arena, MCL_PP_BINARY_MALFORMED, none, NULL);
    return false;
  }
  conv c = {.doc = doc, .arena = arena, .g = &g};
  mcl_value *tree = convert(&c, root);
  mcl_buf_free(&c.path);
  plist_free(root);
  if (c.broken) {
    mcl_doc_problem(doc, arena, MCL_PP_BINARY_DIFFERS, none, NULL);
    return false;
  }
  doc->root = tree;
  return true;
}
