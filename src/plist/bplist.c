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

#include "core/util.h"
#include "core/walk.h"
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
    return refuse(g, "the trailer gives offset size %u and reference size %u (must be 1, 2, 4 or 8)",
                  os, rs);
  uint64_t body_end = g->len - TRAILER;
  if (g->nobjects == 0) return refuse(g, "the trailer says the file holds no objects");
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

/* Accounts a finished child into its parent's frame. */
static bool add_child(guard *g, gframe *parent, uint64_t child, size_t level) {
  if (level + g->height[child] - 1 >= MAX_DEPTH)
    return refuse(g, "values are nested more than %d levels deep", MAX_DEPTH);
  if (g->height[child] + 1 > g->height[parent->obj]) g->height[parent->obj] = g->height[child] + 1;
  uint64_t s = g->size[parent->obj] + g->size[child];
  g->size[parent->obj] = s > g->max_values ? g->max_values + 1 : s;
  return true;
}

/* Depth-first over the graph from the root with an explicit stack. */
static bool walk_graph(guard *g) {
  gframe *stack = mcl_xmalloc(MAX_DEPTH * sizeof *stack);
  size_t depth = 0;
  bool ok = read_object(g, g->root, &stack[0].o);
  if (ok) {
    stack[depth].obj = g->root;
    stack[depth++].next = 0;
    g->state[g->root] = 1;
    g->height[g->root] = 1;
    g->size[g->root] = 1;
  }
  while (ok && depth) {
    gframe *f = &stack[depth - 1];
    if (f->next == refs_of(&f->o)) {
      g->state[f->obj] = 2;
      depth--;
      if (depth && !(ok = add_child(g, &stack[depth - 1], f->obj, depth + 1))) break;
      if (depth && g->size[stack[depth - 1].obj] > g->max_values) {
        ok = refuse(g, "shared references expand it to more than %llu values",
                    (unsigned long long)g->max_values);
      }
      continue;
    }
    uint64_t k = f->next++, c = child_ref(g, &f->o, k);
    if (c >= g->nobjects) {
      ok = refuse(g, "object %llu refers to object %llu, which does not exist",
                  (unsigned long long)f->obj, (unsigned long long)c);
      break;
    }
    if (g->state[c] == 1) {
      ok = refuse(g, "object %llu refers back to object %llu, which contains it (a cycle)",
                  (unsigned long long)f->obj, (unsigned long long)c);
      break;
    }
    bool is_key = f->o.type == 0xD && k < f->o.count;
    if (g->state[c] == 2) {
      if (is_key) {
        object ko;
        read_object(g, c, &ko);
        if (ko.type != 0x5 && ko.type != 0x6) {
          ok = refuse(g, "object %llu is a dictionary key that is not a string",
                      (unsigned long long)c);
          break;
        }
      }
      ok = add_child(g, f, c, depth + 1);
      if (ok && g->size[f->obj] > g->max_values)
        ok = refuse(g, "shared references expand it to more than %llu values",
                    (unsigned long long)g->max_values);
      continue;
    }
    if (depth + 1 >= MAX_DEPTH) {
      ok = refuse(g, "values are nested more than %d levels deep", MAX_DEPTH);
      break;
    }
    gframe *n = &stack[depth];
    if (!(ok = read_object(g, c, &n->o))) break;
    if (is_key && n->o.type != 0x5 && n->o.type != 0x6) {
      ok = refuse(g, "object %llu is a dictionary key that is not a string", (unsigned long long)c);
      break;
    }
    n->obj = c;
    n->next = 0;
    g->state[c] = 1;
    g->height[c] = 1;
    g->size[c] = 1;
    depth++;
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

/* ---- conversion of libplist's tree ---- */

typedef struct cframe {
  plist_t node;
  mcl_value *v;
  uint32_t next, count;
  plist_dict_iter iter;
  size_t path_mark; /* length of the path before this container's part */
} cframe;

typedef struct conv {
  mcl_ctx *ctx;
  mcl_buf path;
} conv;

/* The text of a scalar as libplist writes it in XML, for the cases its
 * accessors cannot express (negative integers, dates outside 1933..2069). */
static char *xml_text(mcl_arena *arena, plist_t node, const char *element) {
  char *xml = NULL;
  uint32_t n = 0;
  plist_to_xml(node, &xml, &n);
  char *result = NULL;
  if (xml) {
    char open[32];
    snprintf(open, sizeof open, "<%s>", element);
    char *s = strstr(xml, open), *e = s ? strchr(s + strlen(open), '<') : NULL;
    if (s && e) result = mcl_arena_strndup(arena, s + strlen(open), (size_t)(e - s - strlen(open)));
    plist_to_xml_free(xml);
  }
  return result;
}

static void convert_integer(conv *c, plist_t node, mcl_value *v) {
  uint64_t u = 0;
  plist_get_uint_val(node, &u);
  v->type = MCL_T_INTEGER;
  v->u.integer.magnitude = u;
  if (u <= (uint64_t)INT64_MAX) return;
  /* libplist 2.2 keeps 8-byte (signed) and 16-byte (unsigned) integers in
   * the same uint64; only its XML writer tells them apart. */
  const char *text = xml_text(c->ctx->arena, node, "integer");
  if (text && text[0] == '-') {
    v->u.integer.negative = true;
    v->u.integer.magnitude = ~u + 1;
  }
}

static void convert_date(conv *c, plist_t node, mcl_value *v) {
  int32_t sec = 0, usec = 0;
  plist_get_date_val(node, &sec, &usec);
  v->type = MCL_T_DATE;
  v->u.date.unix_seconds = (int64_t)sec + APPLE_EPOCH;
  if (sec == INT32_MIN || sec == INT32_MAX) { /* saturated: ask the XML writer */
    const char *text = xml_text(c->ctx->arena, node, "date");
    int64_t t;
    if (text && !mcl_parse_date(text, &t)) v->u.date.unix_seconds = t;
  }
  char buf[32];
  mcl_format_date(v->u.date.unix_seconds, buf, sizeof buf);
  v->u.date.text = mcl_arena_strdup(c->ctx->arena, buf);
}

static void convert_scalar(conv *c, plist_t node, mcl_value *v) {
  mcl_arena *arena = c->ctx->arena;
  uint64_t len = 0;
  switch (plist_get_node_type(node)) {
  case PLIST_BOOLEAN: {
    uint8_t b = 0;
    plist_get_bool_val(node, &b);
    v->type = MCL_T_BOOL;
    v->u.boolean = b != 0;
    return;
  }
  case PLIST_UINT: convert_integer(c, node, v); return;
  case PLIST_REAL:
    v->type = MCL_T_REAL;
    plist_get_real_val(node, &v->u.real);
    return;
  case PLIST_DATE: convert_date(c, node, v); return;
  case PLIST_DATA: {
    const char *p = plist_get_data_ptr(node, &len);
    unsigned char *copy = mcl_arena_alloc(arena, (size_t)len + 1);
    if (len) memcpy(copy, p, (size_t)len);
    v->type = MCL_T_DATA;
    v->u.data.bytes = copy;
    v->u.data.len = (size_t)len;
    return;
  }
  case PLIST_STRING:
  case PLIST_KEY:
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
    mcl_diag *d = mcl_emit(c->ctx, &mcl_rule_duplicate_key, b->key_pos, mcl_buf_cstr(&c->path),
                           "duplicate key '%s' in this dictionary (entries %zu and %zu); a "
                           "device keeps only the last value",
                           b->key, (size_t)(a - dict->u.dict.entries),
                           (size_t)(b - dict->u.dict.entries));
    mcl_hint(c->ctx, d, "remove one of the two '%s' entries", b->key);
    c->path.len = mark;
    if (c->path.data) c->path.data[mark] = '\0';
  }
  free(order);
}

static bool is_container(plist_t node) {
  plist_type t = plist_get_node_type(node);
  return t == PLIST_DICT || t == PLIST_ARRAY;
}

static void open_container(conv *c, cframe *f, plist_t node, mcl_value *v) {
  memset(f, 0, sizeof *f);
  f->node = node;
  f->v = v;
  f->path_mark = c->path.len;
  mcl_arena *arena = c->ctx->arena;
  if (plist_get_node_type(node) == PLIST_DICT) {
    v->type = MCL_T_DICT;
    f->count = plist_dict_get_size(node);
    v->u.dict.entries = mcl_arena_alloc(arena, (size_t)f->count * sizeof(mcl_entry));
    plist_dict_new_iter(node, &f->iter);
  } else {
    v->type = MCL_T_ARRAY;
    f->count = plist_array_get_size(node);
    v->u.array.items = mcl_arena_alloc(arena, (size_t)f->count * sizeof(mcl_value *));
  }
}

static void close_container(conv *c, cframe *f) {
  if (f->v->type == MCL_T_DICT) {
    free(f->iter);
    mark_duplicates(c, f->v);
  }
}

/* The next child of f, or NULL when done. Sets the path to the child's. */
static plist_t next_child(conv *c, cframe *f, mcl_value **slot) {
  c->path.len = f->path_mark;
  if (c->path.data) c->path.data[f->path_mark] = '\0';
  if (f->next >= f->count) return NULL;
  mcl_arena *arena = c->ctx->arena;
  mcl_value *child = mcl_arena_alloc(arena, sizeof *child);
  plist_t item = NULL;
  if (f->v->type == MCL_T_DICT) {
    char *key = NULL;
    plist_dict_next_item(f->node, f->iter, &key, &item);
    if (!item) {
      free(key);
      f->count = f->next; /* libplist ended early: keep what was read */
      return NULL;
    }
    mcl_entry *e = &f->v->u.dict.entries[f->v->u.dict.count++];
    e->key = mcl_arena_strdup(arena, key ? key : "");
    e->key_len = strlen(e->key);
    e->value = child;
    mcl_buf_path_key(&c->path, e->key);
    free(key);
  } else {
    item = plist_array_get_item(f->node, f->next);
    if (!item) {
      f->count = f->next;
      return NULL;
    }
    f->v->u.array.items[f->v->u.array.count++] = child;
    mcl_buf_path_index(&c->path, f->next);
  }
  f->next++;
  *slot = child;
  return item;
}

static mcl_value *convert(conv *c, plist_t root) {
  mcl_value *top = mcl_arena_alloc(c->ctx->arena, sizeof *top);
  if (!is_container(root)) {
    convert_scalar(c, root, top);
    return top;
  }
  cframe *stack = mcl_xmalloc(MAX_DEPTH * sizeof *stack);
  size_t depth = 1;
  open_container(c, &stack[0], root, top);
  while (depth) {
    cframe *f = &stack[depth - 1];
    mcl_value *child = NULL;
    plist_t item = next_child(c, f, &child);
    if (!item) {
      close_container(c, f);
      depth--;
      continue;
    }
    if (is_container(item) && depth < MAX_DEPTH - 1) /* the guard bounds depth */
      open_container(c, &stack[depth++], item, child);
    else if (is_container(item))
      child->type = MCL_T_ARRAY; /* unreachable after the guard; stay safe */
    else
      convert_scalar(c, item, child);
  }
  free(stack);
  return top;
}

bool mcl_read_bplist(mcl_ctx *ctx, const unsigned char *data, size_t len) {
  mcl_doc *doc = ctx->doc;
  doc->format = MCL_FMT_BINARY;
  mcl_pos none = {0, 0};
  guard g;
  if (!guard_check(&g, data, len)) {
    const mcl_rule *rule = strstr(g.msg, "nested more than") ? &mcl_rule_nesting_too_deep
                                                               : &mcl_rule_malformed_bplist;
    mcl_emit(ctx, rule, none, NULL, "binary property list: %s", g.msg);
    return false;
  }
  plist_t root = NULL;
  plist_from_bin((const char *)data, (uint32_t)len, &root);
  if (!root) {
    mcl_emit(ctx, &mcl_rule_malformed_bplist, none, NULL,
             "binary property list: libplist cannot decode it");
    return false;
  }
  conv c = {.ctx = ctx};
  doc->root = convert(&c, root);
  mcl_buf_free(&c.path);
  plist_free(root);
  return true;
}
