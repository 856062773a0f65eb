/* load.c: one schema file into an mcl_schema, through libxml2's SAX2
 * interface.
 *
 * The model is built while libxml2 reads the file, from a stack of open
 * elements; no document tree is made. A tree costs more than twice as much
 * (allocating and freeing every node and attribute), and loading is what a
 * profile that uses a large payload schema (VPN, restrictions) pays for at
 * start-up.
 *
 * The loader is strict: an element, attribute or value it does not know, a
 * duplicate key or define, a <ref> that names no define, an enum value or
 * default that does not fit the key's type, or a regular expression that
 * does not compile stops it with "FILE:LINE: message". Schemas come from the
 * build (tested) or from --schema-dir, where a silent misreading would
 * quietly weaken every check. */
#include <errno.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "schema/schema.h"

#define NS "urn:mclint:schema:1"

static const char *const type_names[] = {"string", "integer", "real", "boolean", "date",
                                         "data",   "array",   "dict", "any"};

const char *mcl_stype_name(mcl_stype t) {
  return (size_t)t < sizeof type_names / sizeof type_names[0] ? type_names[t] : "?";
}

static const char *const platform_attr[] = {"iOS", "macOS", "tvOS", "visionOS", "watchOS"};

/* ---- the builder's state ---- */

typedef struct member_list {
  mcl_snode **keys;
  size_t count, cap;
  mcl_snode *any;
} member_list;

typedef enum {
  F_PAYLOAD, F_NODE, F_DEFINE, F_VARIANT, F_ENUM, F_VALUE, F_LEAF,
} fkind;

/* One open element. */
typedef struct frame {
  fkind kind;
  const char *elem; /* element name, for messages */
  unsigned line;
  mcl_snode *node;     /* F_NODE; F_ENUM: the node of the enum */
  member_list ml;      /* dictionary members being collected */
  bool has_members;    /* F_NODE: a <key> or <any> child was seen */
  unsigned seen;       /* platforms given by <platform> children */
  size_t index;        /* F_DEFINE, F_VARIANT: into the schema's array */
  bool any_child;      /* F_DEFINE: some content was seen */
  mcl_enum_value *values; /* F_ENUM: values so far */
  size_t value_count, value_cap;
} frame;

typedef struct loader {
  mcl_schema *s;
  const char *file;
  xmlParserCtxtPtr ctxt;
  char *err;
  frame *stack;
  size_t depth, cap;
  mcl_buf text;     /* of the open <value> */
  mcl_arena scratch; /* attribute values; freed after loading */
  mcl_snode **refs; /* nodes whose <ref> is resolved once all defines are read */
  size_t ref_count, ref_cap;
  size_t define_cap, variant_cap;
  bool done;        /* the root element ended */
} loader;

__attribute__((format(printf, 3, 0))) static bool vfail(loader *L, long line, const char *fmt,
                                                        va_list ap) {
  if (L->err) return false;
  mcl_buf b = {0};
  mcl_buf_printf(&b, "%s:%ld: ", L->file, line);
  mcl_buf_vprintf(&b, fmt, ap);
  L->err = b.data;
  xmlStopParser(L->ctxt);
  return false;
}

static unsigned cur_line(const loader *L) { return (unsigned)xmlSAX2GetLineNumber(L->ctxt); }

/* Records the first error, at the current line; returns false. */
__attribute__((format(printf, 2, 3))) static bool fail(loader *L, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(L, (long)cur_line(L), fmt, ap);
  va_end(ap);
  return false;
}

__attribute__((format(printf, 3, 4))) static bool fail_at(loader *L, unsigned line,
                                                          const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(L, (long)line, fmt, ap);
  va_end(ap);
  return false;
}

/* ---- attributes ---- */

typedef struct attrs {
  const xmlChar **a; /* libxml2's: localname, prefix, URI, value, end */
  int count;
  const char *elem;
} attrs;

/* Reads every attribute in one pass: each must be one of names
 * (NULL-terminated), and its value goes to val[its index] (NULL when
 * absent), in scratch memory: keep() what outlives loading. */
static bool read_attrs(loader *L, const attrs *at, const char *const *names, const char **val) {
  size_t count = 0;
  while (names[count]) val[count++] = NULL;
  for (int k = 0; k < at->count; k++) {
    const xmlChar **a = at->a + 5 * k;
    size_t i = 0;
    while (i < count && strcmp((const char *)a[0], names[i])) i++;
    if (i == count || a[2])
      return fail(L, "unknown attribute '%s' on <%s>", (const char *)a[0], at->elem);
    val[i] = mcl_arena_strndup(&L->scratch, (const char *)a[3], (size_t)(a[4] - a[3]));
  }
  return true;
}

static const char *keep(loader *L, const char *s) {
  return s ? mcl_arena_strdup(&L->s->arena, s) : NULL;
}

static bool parse_bool(loader *L, const char *name, const char *v, int8_t *out) {
  if (!v) return true;
  if (!strcmp(v, "true")) *out = 1;
  else if (!strcmp(v, "false")) *out = 0;
  else return fail(L, "%s=\"%s\": expected true or false", name, v);
  return true;
}

/* multiple="true", "false", or "profile": one per profile, many per device
 * (MCL_MULTIPLE_PER_PROFILE). */
static bool parse_multiple(loader *L, const char *v, int8_t *out) {
  if (v && !strcmp(v, "profile")) {
    *out = MCL_MULTIPLE_PER_PROFILE;
    return true;
  }
  if (v && strcmp(v, "true") && strcmp(v, "false"))
    return fail(L, "multiple=\"%s\": expected true, false or profile", v);
  return parse_bool(L, "multiple", v, out);
}

static bool parse_version(loader *L, const char *name, const char *v, mcl_osver *out) {
  if (!v) return true;
  if (!mcl_version_parse(v, out) || *out == 0)
    return fail(L, "%s=\"%s\": expected an OS version such as 17.0", name, v);
  return true;
}

static bool parse_uint(const char *s, uint64_t *out) {
  if (!s || *s < '0' || *s > '9') return false;
  errno = 0;
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end) return false;
  *out = v;
  return true;
}

static bool parse_double(const char *s, double *out) {
  if (!s || !*s) return false;
  errno = 0;
  char *end;
  double v = strtod(s, &end);
  if (errno || *end || !isfinite(v)) return false;
  *out = v;
  return true;
}

static bool parse_integer(const char *s, mcl_enum_value *v) {
  bool neg = *s == '-';
  if (*s == '-' || *s == '+') s++;
  if (!parse_uint(s, &v->u.i.magnitude)) return false;
  v->u.i.negative = neg && v->u.i.magnitude != 0;
  return true;
}

/* Enum values and defaults are text typed by the key's type. */
static bool parse_typed(mcl_stype t, const char *text, mcl_enum_value *v) {
  v->text = text;
  switch (t) {
  case MCL_S_INTEGER: return parse_integer(text, v);
  case MCL_S_REAL: return parse_double(text, &v->u.r);
  case MCL_S_BOOLEAN:
    v->u.b = !strcmp(text, "true");
    return v->u.b || !strcmp(text, "false");
  case MCL_S_STRING: v->u.len = strlen(text); return true;
  default: return false;
  }
}

/* ---- <platform> ---- */

static void facts_init(mcl_pfacts *f) {
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
    f[i] = (mcl_pfacts){.available = -1, .multiple = -1, .supervised = -1};
}

static bool parse_platform(loader *L, const attrs *at, mcl_pfacts *facts, unsigned *seen) {
  enum { NAME, AVAILABLE, INTRODUCED, DEPRECATED, REMOVED, MULTIPLE, SUPERVISED, MODES };
  static const char *const names[] = {
      "name", "available", "introduced", "deprecated", "removed", "multiple", "supervised",
      "user-enrollment", "shared-ipad", "manual-install", "requires-dep", "user-approved-mdm",
      "device-channel", "user-channel", "shared-ipad-device-channel", "shared-ipad-user-channel",
      "override", NULL};
  const char *v[sizeof names / sizeof names[0]];
  if (!read_attrs(L, at, names, v)) return false;
  int p = -1;
  for (int i = 0; v[NAME] && i < MCL_PLATFORM_COUNT; i++)
    if (!strcmp(v[NAME], platform_attr[i])) p = i;
  if (p < 0) return fail(L, "<platform> needs name=iOS, macOS, tvOS, visionOS or watchOS");
  if (*seen & (1u << p)) return fail(L, "second <platform name=\"%s\"> here", v[NAME]);
  *seen |= 1u << p;
  for (size_t i = MODES; i < MODES + 2; i++)
    if (v[i] && strcmp(v[i], "allowed") && strcmp(v[i], "required") &&
        strcmp(v[i], "forbidden") && strcmp(v[i], "ignored"))
      return fail(L, "%s=\"%s\": expected allowed, required, forbidden or ignored", names[i], v[i]);
  int8_t ignored, channel[2] = {-1, -1};
  for (size_t i = MODES + 2; names[i] && strcmp(names[i], "override"); i++) {
    bool device = !strcmp(names[i], "device-channel"), user = !strcmp(names[i], "user-channel");
    if (!parse_bool(L, names[i], v[i], device ? &channel[0] : user ? &channel[1] : &ignored))
      return false;
  }
  mcl_pfacts *f = &facts[p];
  f->denied_scopes = (uint8_t)((channel[0] == 0 ? MCL_DENIED_SYSTEM : 0) |
                               (channel[1] == 0 ? MCL_DENIED_USER : 0));
  return parse_bool(L, "available", v[AVAILABLE], &f->available) &&
         parse_multiple(L, v[MULTIPLE], &f->multiple) &&
         parse_bool(L, "supervised", v[SUPERVISED], &f->supervised) &&
         parse_version(L, "introduced", v[INTRODUCED], &f->introduced) &&
         parse_version(L, "deprecated", v[DEPRECATED], &f->deprecated) &&
         parse_version(L, "removed", v[REMOVED], &f->removed);
}

/* ---- members ---- */

static int by_name(const void *a, const void *b) {
  return strcmp((*(mcl_snode *const *)a)->name, (*(mcl_snode *const *)b)->name);
}

/* Sorts the collected keys into m; fails on a duplicate name. */
static bool finish_members(loader *L, member_list *ml, mcl_members *m) {
  bool ok = true;
  if (ml->count) {
    qsort(ml->keys, ml->count, sizeof *ml->keys, by_name);
    for (size_t i = 1; i < ml->count && ok; i++)
      if (!strcmp(ml->keys[i]->name, ml->keys[i - 1]->name))
        ok = fail_at(L, ml->keys[i]->line, "key '%s' is defined twice in this dictionary "
                     "(lines %u and %u)", ml->keys[i]->name, ml->keys[i - 1]->line,
                     ml->keys[i]->line);
    m->keys = mcl_arena_alloc(&L->s->arena, ml->count * sizeof *m->keys);
    memcpy(m->keys, ml->keys, ml->count * sizeof *m->keys);
  }
  m->count = ml->count;
  m->any = ml->any;
  free(ml->keys);
  *ml = (member_list){0};
  return ok;
}

static bool add_member(loader *L, member_list *ml, mcl_snode *node) {
  if (!node->name) {
    if (ml->any) return fail_at(L, node->line, "second <any> in one dictionary");
    ml->any = node;
  } else {
    MCL_GROW(ml->keys, ml->cap, ml->count + 1);
    ml->keys[ml->count++] = node;
  }
  return true;
}

/* ---- <key>, <any>, <item> ---- */

static bool parse_type(loader *L, const char *elem, const char *t, mcl_snode *node) {
  if (!t) return fail(L, "<%s> has no type", elem);
  for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
    if (!strcmp(t, type_names[i])) {
      node->type = (mcl_stype)i;
      return true;
    }
  return fail(L, "unknown type '%s'", t);
}

/* Anchored at both ends: the whole string must match, whatever the
 * pattern's own anchors (Apple writes ^a|b$, meaning the whole value). */
pcre2_code *mcl_schema_compile_format(const char *fmt, int *code, PCRE2_SIZE *off) {
  return pcre2_compile((PCRE2_SPTR)fmt, PCRE2_ZERO_TERMINATED,
                       PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
                       code, off, NULL);
}

static bool parse_format(loader *L, mcl_snode *node, const char *fmt) {
  if (node->type != MCL_S_STRING) return fail(L, "format on a %s", mcl_stype_name(node->type));
  int code;
  PCRE2_SIZE off;
  pcre2_code *re = mcl_schema_compile_format(fmt, &code, &off);
  if (!re) {
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(code, msg, sizeof msg);
    return fail(L, "format '%s' does not compile at offset %zu: %s", fmt, (size_t)off,
                (const char *)msg);
  }
  mcl_schema *s = L->s;
  MCL_GROW(s->regexes, s->regex_cap, s->regex_count + 1);
  s->regexes[s->regex_count++] = re;
  node->format = fmt;
  node->regex = re;
  return true;
}

static mcl_snode *new_node(loader *L, const char *elem, const attrs *at) {
  enum { NAME, TYPE, PRESENCE, DEFAULT, FORMAT, MIN_ITEMS, MAX_ITEMS };
  /* "" matches no attribute: <any> and <item> have no name */
  static const char *const key_names[] = {"name",      "type",     "presence", "default",
                                          "format",    "valuetype", "combinetype", "source",
                                          "override",  NULL};
  static const char *const any_names[] = {"", "type", "presence", "default", "format",
                                          "valuetype", "combinetype", "source", "override", NULL};
  static const char *const item_names[] = {"",          "type",      "presence",  "default",
                                           "format",    "min-items", "max-items", "valuetype",
                                           "combinetype", "source",  "override",  NULL};
  bool is_key = !strcmp(elem, "key"), is_item = !strcmp(elem, "item");
  const char *v[sizeof item_names / sizeof item_names[0]];
  if (!read_attrs(L, at, is_item ? item_names : is_key ? key_names : any_names, v)) return NULL;
  mcl_snode *node = mcl_arena_alloc(&L->s->arena, sizeof *node);
  node->line = cur_line(L);
  if (is_key && !(node->name = keep(L, v[NAME]))) return fail(L, "<key> has no name"), NULL;
  if (!parse_type(L, elem, v[TYPE], node)) return NULL;
  const char *presence = v[PRESENCE];
  if (presence && strcmp(presence, "required") && strcmp(presence, "optional"))
    return fail(L, "presence=\"%s\": expected required or optional", presence), NULL;
  node->required = presence && !strcmp(presence, "required");
  if (v[DEFAULT] && node->type <= MCL_S_BOOLEAN) {
    if (!parse_typed(node->type, keep(L, v[DEFAULT]), &node->default_value))
      return fail(L, "default '%s' is not a %s", v[DEFAULT], mcl_stype_name(node->type)), NULL;
    node->has_default = true;
  }
  if (v[FORMAT] && !parse_format(L, node, keep(L, v[FORMAT]))) return NULL;
  if (!is_item) return node;
  const char *lo = v[MIN_ITEMS], *hi = v[MAX_ITEMS];
  if (lo && !(node->has_min_items = parse_uint(lo, &node->min_items)))
    return fail(L, "min-items '%s' is not a count", lo), NULL;
  if (hi && !(node->has_max_items = parse_uint(hi, &node->max_items)))
    return fail(L, "max-items '%s' is not a count", hi), NULL;
  if (lo && hi && node->min_items > node->max_items)
    return fail(L, "min-items is above max-items"), NULL;
  return node;
}

static bool add_ref(loader *L, frame *f, const attrs *at) {
  static const char *const names[] = {"name", NULL};
  const char *v[1];
  if (!read_attrs(L, at, names, v)) return false;
  mcl_snode *node = f->node;
  if (node->ref || f->has_members || node->item)
    return fail(L, "<ref> must be the only content of its element");
  if (!(node->ref = keep(L, v[0]))) return fail(L, "<ref> has no name");
  MCL_GROW(L->refs, L->ref_cap, L->ref_count + 1);
  L->refs[L->ref_count++] = node;
  return true;
}

static bool parse_range(loader *L, mcl_snode *node, const attrs *at) {
  static const char *const names[] = {"min", "max", NULL};
  const char *v[2];
  if (!read_attrs(L, at, names, v)) return false;
  if (node->type != MCL_S_INTEGER && node->type != MCL_S_REAL)
    return fail(L, "<range> on a %s", mcl_stype_name(node->type));
  if (node->has_min || node->has_max) return fail(L, "second <range>");
  if (v[0] && !(node->has_min = parse_double(v[0], &node->min)))
    return fail(L, "range min '%s' is not a number", v[0]);
  if (v[1] && !(node->has_max = parse_double(v[1], &node->max)))
    return fail(L, "range max '%s' is not a number", v[1]);
  if (v[0] && v[1] && node->min > node->max) return fail(L, "range min is above max");
  return true;
}

/* ---- the element stack ---- */

static frame *push(loader *L, fkind kind, const char *elem) {
  MCL_GROW(L->stack, L->cap, L->depth + 1);
  frame *f = &L->stack[L->depth++];
  memset(f, 0, sizeof *f);
  f->kind = kind;
  f->elem = elem;
  f->line = cur_line(L);
  return f;
}

static bool begin_payload(loader *L, const attrs *at) {
  static const char *const names[] = {"type", "title", "source", "override", NULL};
  const char *v[4];
  mcl_schema *s = L->s;
  if (!read_attrs(L, at, names, v)) return false;
  if (!(s->type = keep(L, v[0])) || !*s->type) return fail(L, "<payload> has no type");
  s->title = keep(L, v[1]);
  facts_init(s->platform);
  push(L, F_PAYLOAD, "payload");
  return true;
}

static bool begin_include(loader *L, const attrs *at) {
  static const char *const names[] = {"payload", "override", NULL};
  const char *v[2];
  if (!read_attrs(L, at, names, v)) return false;
  mcl_schema *s = L->s;
  if (!v[0]) return fail(L, "<include> has no payload");
  if (!strcmp(v[0], s->type)) return fail(L, "schema %s includes itself", v[0]);
  for (size_t i = 0; i < s->include_count; i++)
    if (!strcmp(s->includes[i], v[0])) return fail(L, "%s is included twice", v[0]);
  const char **grown = mcl_arena_alloc(&s->arena, (s->include_count + 1) * sizeof *grown);
  if (s->include_count) memcpy(grown, s->includes, s->include_count * sizeof *grown);
  grown[s->include_count++] = keep(L, v[0]);
  s->includes = grown;
  push(L, F_LEAF, "include");
  return true;
}

static bool begin_define(loader *L, const attrs *at) {
  static const char *const names[] = {"name", NULL};
  const char *v[1];
  if (!read_attrs(L, at, names, v)) return false;
  mcl_schema *s = L->s;
  if (!v[0]) return fail(L, "<define> has no name");
  for (size_t k = 0; k < s->define_count; k++)
    if (!strcmp(s->defines[k].name, v[0]))
      return fail(L, "define '%s' is defined twice (first at line %u)", v[0], s->defines[k].line);
  MCL_GROW(s->defines, L->define_cap, s->define_count + 1);
  mcl_define *d = &s->defines[s->define_count];
  memset(d, 0, sizeof *d);
  d->name = keep(L, v[0]);
  d->line = cur_line(L);
  push(L, F_DEFINE, "define")->index = s->define_count++;
  return true;
}

static bool begin_variant(loader *L, const attrs *at) {
  static const char *const names[] = {"key", "value", "source", "override", NULL};
  const char *v[4];
  if (!read_attrs(L, at, names, v)) return false;
  if (!v[0] || !v[1]) return fail(L, "<variant> needs key and value");
  mcl_schema *s = L->s;
  MCL_GROW(s->variants, L->variant_cap, s->variant_count + 1);
  mcl_variant *var = &s->variants[s->variant_count];
  memset(var, 0, sizeof *var);
  var->key = keep(L, v[0]);
  var->value = keep(L, v[1]);
  push(L, F_VARIANT, "variant")->index = s->variant_count++;
  return true;
}

static bool begin_node(loader *L, const char *elem, const attrs *at) {
  mcl_snode *node = new_node(L, elem, at);
  if (!node) return false;
  push(L, F_NODE, elem)->node = node;
  return true;
}

/* A child element of a <payload>, <variant> or <define>. */
static bool child_of_body(loader *L, frame *top, const char *elem, const attrs *at) {
  bool member = !strcmp(elem, "key") || !strcmp(elem, "any");
  if (top->kind == F_PAYLOAD) {
    if (!strcmp(elem, "platform")) {
      L->s->has_platforms = true;
      if (!parse_platform(L, at, L->s->platform, &top->seen)) return false;
      push(L, F_LEAF, "platform");
      return true;
    }
    if (!strcmp(elem, "include")) return begin_include(L, at);
    if (!strcmp(elem, "variant")) return begin_variant(L, at);
    if (!strcmp(elem, "define")) return begin_define(L, at);
  }
  if (top->kind == F_DEFINE) {
    bool is_item = !strcmp(elem, "item");
    bool has_item = L->s->defines[top->index].item != NULL;
    if ((is_item && top->any_child) || (member && has_item) || (!is_item && !member))
      return fail(L, "a <define> holds one <item> or dictionary members, not <%s> here", elem);
    top->any_child = true;
    return begin_node(L, elem, at);
  }
  if (!member) return fail(L, "<%s> is not allowed in <%s>", elem, top->elem);
  return begin_node(L, elem, at);
}

/* A child element of a <key>, <any> or <item>. */
static bool child_of_node(loader *L, frame *top, const char *elem, const attrs *at) {
  mcl_snode *node = top->node;
  if (!strcmp(elem, "platform")) {
    if (!node->platform) {
      node->platform = mcl_arena_alloc(&L->s->arena, MCL_PLATFORM_COUNT * sizeof *node->platform);
      facts_init(node->platform);
    }
    if (!parse_platform(L, at, node->platform, &top->seen)) return false;
    push(L, F_LEAF, "platform");
    return true;
  }
  bool container = node->type == MCL_S_DICT || node->type == MCL_S_ARRAY;
  if (!strcmp(elem, "ref") && container) {
    if (!add_ref(L, top, at)) return false;
    push(L, F_LEAF, "ref");
    return true;
  }
  if ((!strcmp(elem, "key") || !strcmp(elem, "any")) && node->type == MCL_S_DICT) {
    if (node->ref) return fail(L, "<ref> must be the only content of its element");
    top->has_members = true;
    return begin_node(L, elem, at);
  }
  if (!strcmp(elem, "item") && node->type == MCL_S_ARRAY) {
    if (node->item || node->ref) return fail(L, "an array has one <item> (or one <ref>)");
    return begin_node(L, elem, at);
  }
  if (!strcmp(elem, "enum")) {
    if (at->count) return fail(L, "unknown attribute '%s' on <enum>", (const char *)at->a[0]);
    if (node->values) return fail(L, "second <enum>");
    if (node->type != MCL_S_STRING && node->type != MCL_S_INTEGER && node->type != MCL_S_REAL &&
        node->type != MCL_S_BOOLEAN)
      return fail(L, "<enum> on a %s", mcl_stype_name(node->type));
    push(L, F_ENUM, "enum")->node = node;
    return true;
  }
  if (!strcmp(elem, "range")) {
    if (!parse_range(L, node, at)) return false;
    push(L, F_LEAF, "range");
    return true;
  }
  return fail(L, "<%s> is not allowed in a %s <%s>", elem, mcl_stype_name(node->type), top->elem);
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
  loader *L = ctx;
  if (L->err) return;
  const char *elem = (const char *)localname;
  attrs at = {attributes, nb_attributes, elem};
  if (!uri || strcmp((const char *)uri, NS)) {
    fail(L, L->depth ? "element <%s> is not in namespace " NS
                     : "the root element must be <payload xmlns=\"" NS "\">, not <%s>",
         elem);
    return;
  }
  if (!L->depth) {
    if (strcmp(elem, "payload") || L->done)
      fail(L, "the root element must be <payload xmlns=\"" NS "\">, not <%s>", elem);
    else
      begin_payload(L, &at);
    return;
  }
  frame *top = &L->stack[L->depth - 1];
  switch (top->kind) {
  case F_PAYLOAD:
  case F_VARIANT:
  case F_DEFINE: child_of_body(L, top, elem, &at); break;
  case F_NODE: child_of_node(L, top, elem, &at); break;
  case F_ENUM:
    if (strcmp(elem, "value") || nb_attributes)
      fail(L, "<enum> holds only plain <value> elements, not <%s>", elem);
    else
      push(L, F_VALUE, "value");
    mcl_buf_clear(&L->text);
    break;
  case F_VALUE:
  case F_LEAF: fail(L, "<%s> must be empty", top->elem); break;
  }
}

/* The element that just ended becomes part of its parent. */
static bool end_node(loader *L, frame *f, frame *parent) {
  mcl_snode *node = f->node;
  if (node->type == MCL_S_DICT && !node->ref) {
    mcl_members *m = mcl_arena_alloc(&L->s->arena, sizeof *m);
    if (!finish_members(L, &f->ml, m)) return false;
    node->members = m;
  }
  if (node->type == MCL_S_ARRAY && !node->item && !node->ref)
    return fail_at(L, node->line, "array <%s> has no <item> or <ref>", f->elem);
  if (strcmp(f->elem, "item") && (node->has_min_items || node->has_max_items))
    return fail_at(L, node->line, "min-items and max-items belong on <item>");
  switch (parent->kind) {
  case F_PAYLOAD:
  case F_VARIANT: return add_member(L, &parent->ml, node);
  case F_DEFINE:
    if (!strcmp(f->elem, "item")) L->s->defines[parent->index].item = node;
    else return add_member(L, &parent->ml, node);
    return true;
  case F_NODE:
    if (!strcmp(f->elem, "item")) parent->node->item = node;
    else return add_member(L, &parent->ml, node);
    return true;
  default: return fail(L, "internal: <%s> inside <%s>", f->elem, parent->elem);
  }
}

static bool end_value(loader *L, frame *enum_frame) {
  mcl_snode *node = enum_frame->node;
  const char *text = keep(L, mcl_buf_cstr(&L->text));
  MCL_GROW(enum_frame->values, enum_frame->value_cap, enum_frame->value_count + 1);
  mcl_enum_value *v = &enum_frame->values[enum_frame->value_count++];
  memset(v, 0, sizeof *v);
  if (!parse_typed(node->type, text, v))
    return fail(L, "enum value '%s' is not a %s", text, mcl_stype_name(node->type));
  return true;
}

static bool end_enum(loader *L, frame *f) {
  if (!f->value_count) return fail(L, "empty <enum>");
  mcl_snode *node = f->node;
  node->values = mcl_arena_alloc(&L->s->arena, f->value_count * sizeof *node->values);
  memcpy(node->values, f->values, f->value_count * sizeof *node->values);
  node->value_count = f->value_count;
  return true;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri) {
  loader *L = ctx;
  if (L->err || !L->depth) return;
  frame *f = &L->stack[--L->depth];
  frame *parent = L->depth ? &L->stack[L->depth - 1] : NULL;
  mcl_schema *s = L->s;
  switch (f->kind) {
  case F_PAYLOAD:
    finish_members(L, &f->ml, &s->members);
    /* A payload's platform facts are complete: a platform it does not
     * list is one it is not available on. */
    for (int p = 0; s->has_platforms && p < MCL_PLATFORM_COUNT; p++)
      if (!(f->seen & (1u << p))) s->platform[p].available = 0;
    L->done = true;
    break;
  case F_NODE: end_node(L, f, parent); break;
  case F_DEFINE: {
    mcl_define *d = &s->defines[f->index];
    if (!f->any_child) fail(L, "empty <define>");
    else finish_members(L, &f->ml, &d->members);
    break;
  }
  case F_VARIANT: finish_members(L, &f->ml, &s->variants[f->index].members); break;
  case F_ENUM: end_enum(L, f); break;
  case F_VALUE: end_value(L, parent); break;
  case F_LEAF: break;
  }
  free(f->ml.keys);
  f->ml.keys = NULL;
  free(f->values);
  f->values = NULL;
}

static void on_text(void *ctx, const xmlChar *ch, int len) {
  loader *L = ctx;
  if (L->err) return;
  frame *top = L->depth ? &L->stack[L->depth - 1] : NULL;
  if (top && top->kind == F_VALUE) {
    mcl_buf_add(&L->text, (const char *)ch, (size_t)len);
    return;
  }
  for (int i = 0; i < len; i++)
    if (ch[i] != ' ' && ch[i] != '\t' && ch[i] != '\n' && ch[i] != '\r') {
      fail(L, "unexpected text in <%s>", top ? top->elem : "the document");
      return;
    }
}

static bool resolve_refs(loader *L) {
  mcl_schema *s = L->s;
  for (size_t i = 0; i < L->ref_count; i++) {
    mcl_snode *node = L->refs[i];
    const mcl_define *d = NULL;
    for (size_t k = 0; k < s->define_count && !d; k++)
      if (!strcmp(s->defines[k].name, node->ref)) d = &s->defines[k];
    const char *where = node->name ? node->name : "element";
    if (!d)
      return fail_at(L, node->line, "<ref name=\"%s\"> (in %s) names no <define> of this file",
                     node->ref, where);
    if (node->type == MCL_S_ARRAY && !d->item)
      return fail_at(L, node->line, "array %s refers to define '%s', which has no <item>", where,
                     node->ref);
    if (node->type == MCL_S_DICT && d->item)
      return fail_at(L, node->line, "dictionary %s refers to define '%s', which is an <item>",
                     where, node->ref);
    if (node->type == MCL_S_ARRAY) node->item = d->item;
    else node->members = &d->members;
  }
  return true;
}

static void parse_error(loader *L) {
  const xmlError *e = xmlCtxtGetLastError(L->ctxt);
  mcl_buf b = {0};
  mcl_buf_printf(&b, "%s:%d: not well-formed XML", L->file, e ? e->line : 0);
  if (e && e->message) {
    size_t n = strlen(e->message);
    while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' ')) n--;
    mcl_buf_printf(&b, ": %.*s", (int)n, e->message);
  }
  L->err = b.data;
}

mcl_schema *mcl_schema_parse(const void *data, size_t len, const char *file, char **err) {
  *err = NULL;
  loader L = {.file = file};
  L.s = mcl_xcalloc(1, sizeof *L.s);
  mcl_arena_init(&L.s->arena);
  mcl_arena_init(&L.scratch);
  L.s->file = mcl_arena_strdup(&L.s->arena, file);
  if (len > (size_t)INT32_MAX || !(L.ctxt = xmlCreateMemoryParserCtxt(data, (int)len))) {
    L.err = mcl_xasprintf("%s: cannot read the schema", file);
  } else {
    xmlSAXHandler *h = L.ctxt->sax;
    memset(h, 0, sizeof *h);
    h->initialized = XML_SAX2_MAGIC;
    h->startElementNs = on_start;
    h->endElementNs = on_end;
    h->characters = on_text;
    h->ignorableWhitespace = on_text;
    h->cdataBlock = on_text;
    L.ctxt->userData = &L;
    xmlCtxtUseOptions(L.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlParseDocument(L.ctxt);
    if (!L.err && !L.ctxt->wellFormed) parse_error(&L);
    if (!L.err && !L.done) L.err = mcl_xasprintf("%s: no <payload> element", file);
    if (!L.err) resolve_refs(&L);
  }
  if (L.ctxt) xmlFreeParserCtxt(L.ctxt);
  for (size_t i = 0; i < L.depth; i++) {
    free(L.stack[i].ml.keys);
    free(L.stack[i].values);
  }
  free(L.stack);
  free(L.refs);
  mcl_buf_free(&L.text);
  mcl_arena_free(&L.scratch);
  if (L.err) {
    mcl_schema_free(L.s);
    *err = L.err;
    return NULL;
  }
  return L.s;
}

void mcl_schema_free(mcl_schema *s) {
  if (!s || s->is_static) return;
  for (size_t i = 0; i < s->regex_count; i++) pcre2_code_free(s->regexes[i]);
  free(s->regexes);
  free(s->defines);
  free(s->variants);
  mcl_arena_free(&s->arena);
  free(s);
}

const mcl_snode *mcl_members_find(const mcl_members *m, const char *name) {
  size_t lo = 0, hi = m->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(name, m->keys[mid]->name);
    if (!c) return m->keys[mid];
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return NULL;
}
