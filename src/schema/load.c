/* load.c: one schema file (libxml2 tree) into an mcl_schema.
 *
 * The loader is strict: an element, attribute or value it does not know, a
 * duplicate key or define, a <ref> that names no define, an enum value or
 * default that does not fit the key's type, or a regular expression that
 * does not compile stops it with "FILE:LINE: message". Schemas come from the
 * build (tested) or from --schema-dir, where a silent misreading would
 * quietly weaken every check. */
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "schema/schema.h"

#define NS "urn:mclint:schema:1"

static const char *const type_names[] = {"string", "integer", "real", "boolean", "date",
                                         "data",   "array",   "dict", "any"};

const char *mcl_stype_name(mcl_stype t) {
  return (size_t)t < sizeof type_names / sizeof type_names[0] ? type_names[t] : "?";
}

static const char *const platform_attr[] = {"iOS", "macOS", "tvOS", "visionOS", "watchOS"};

typedef struct loader {
  mcl_schema *s;
  const char *file;
  char *err;
  mcl_snode **refs; /* nodes whose <ref> is resolved once all defines are read */
  size_t ref_count, ref_cap;
} loader;

static bool vfail(loader *L, long line, const char *fmt, va_list ap) {
  if (L->err) return false;
  mcl_buf b = {0};
  mcl_buf_printf(&b, "%s:%ld: ", L->file, line);
  mcl_buf_vprintf(&b, fmt, ap);
  L->err = b.data;
  return false;
}

/* Records the first error, at the line of element n; returns false. */
__attribute__((format(printf, 3, 4))) static bool fail(loader *L, const xmlNode *n,
                                                       const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(L, n ? xmlGetLineNo(n) : 0L, fmt, ap);
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

static bool is_elem(const xmlNode *n) { return n->type == XML_ELEMENT_NODE; }

static const char *ename(const xmlNode *n) { return (const char *)n->name; }

static bool named(const xmlNode *n, const char *name) { return !strcmp(ename(n), name); }

static bool in_ns(const xmlNode *n) {
  return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, NS);
}

/* Text children other than whitespace are not part of the format. */
static bool check_children_kinds(loader *L, const xmlNode *n) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      if (!in_ns(c)) return fail(L, c, "element <%s> is not in namespace %s", ename(c), NS);
    } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      for (const xmlChar *p = c->content; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
          return fail(L, c, "unexpected text in <%s>", ename(n));
    }
  }
  return true;
}

static const char *text_of(loader *L, const xmlNode *n, const xmlAttr *a) {
  const xmlNode *t = a->children;
  if (!t) return "";
  if (t->type == XML_TEXT_NODE && !t->next) return (const char *)t->content;
  xmlChar *v = xmlNodeListGetString(n->doc, t, 1);
  char *s = mcl_arena_strdup(&L->s->arena, v ? (const char *)v : "");
  xmlFree(v);
  return s;
}

/* Reads every attribute of n in one pass: each must be one of names
 * (NULL-terminated), and its value goes to val[its index] (NULL when
 * absent). Values live as long as the XML document: keep() what outlives
 * it. One pass matters: this runs for every element of every schema. */
static bool read_attrs(loader *L, const xmlNode *n, const char *const *names, const char **val) {
  size_t count = 0;
  while (names[count]) val[count++] = NULL;
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    size_t i = 0;
    while (i < count && strcmp((const char *)a->name, names[i])) i++;
    if (i == count || a->ns) return fail(L, n, "unknown attribute '%s' on <%s>", a->name, ename(n));
    val[i] = text_of(L, n, a);
  }
  return true;
}

static const char *keep(loader *L, const char *s) {
  return s ? mcl_arena_strdup(&L->s->arena, s) : NULL;
}

static bool parse_bool(loader *L, const xmlNode *n, const char *name, const char *v, int8_t *out) {
  if (!v) return true;
  if (!strcmp(v, "true")) *out = 1;
  else if (!strcmp(v, "false")) *out = 0;
  else return fail(L, n, "%s=\"%s\": expected true or false", name, v);
  return true;
}

static bool parse_version(loader *L, const xmlNode *n, const char *name, const char *v,
                          mcl_osver *out) {
  if (!v) return true;
  if (!mcl_version_parse(v, out) || *out == 0)
    return fail(L, n, "%s=\"%s\": expected an OS version such as 17.0", name, v);
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
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++) {
    f[i] = (mcl_pfacts){.available = -1, .multiple = -1, .supervised = -1};
  }
}

static bool parse_platform(loader *L, const xmlNode *n, mcl_pfacts *facts, unsigned *seen) {
  enum { NAME, AVAILABLE, INTRODUCED, DEPRECATED, REMOVED, MULTIPLE, SUPERVISED, MODES };
  static const char *const names[] = {
      "name", "available", "introduced", "deprecated", "removed", "multiple", "supervised",
      "user-enrollment", "shared-ipad", "manual-install", "requires-dep", "user-approved-mdm",
      "device-channel", "user-channel", "shared-ipad-device-channel", "shared-ipad-user-channel",
      "override", NULL};
  const char *v[sizeof names / sizeof names[0]];
  if (!read_attrs(L, n, names, v)) return false;
  if (n->children) return fail(L, n, "<platform> must be empty");
  int p = -1;
  for (int i = 0; v[NAME] && i < MCL_PLATFORM_COUNT; i++)
    if (!strcmp(v[NAME], platform_attr[i])) p = i;
  if (p < 0) return fail(L, n, "<platform> needs name=iOS, macOS, tvOS, visionOS or watchOS");
  if (*seen & (1u << p)) return fail(L, n, "second <platform name=\"%s\"> here", v[NAME]);
  *seen |= 1u << p;
  for (size_t i = MODES; i < MODES + 2; i++)
    if (v[i] && strcmp(v[i], "allowed") && strcmp(v[i], "required") &&
        strcmp(v[i], "forbidden") && strcmp(v[i], "ignored"))
      return fail(L, n, "%s=\"%s\": expected allowed, required, forbidden or ignored", names[i],
                  v[i]);
  int8_t ignored;
  for (size_t i = MODES + 2; names[i] && strcmp(names[i], "override"); i++)
    if (!parse_bool(L, n, names[i], v[i], &ignored)) return false;
  mcl_pfacts *f = &facts[p];
  return parse_bool(L, n, "available", v[AVAILABLE], &f->available) &&
         parse_bool(L, n, "multiple", v[MULTIPLE], &f->multiple) &&
         parse_bool(L, n, "supervised", v[SUPERVISED], &f->supervised) &&
         parse_version(L, n, "introduced", v[INTRODUCED], &f->introduced) &&
         parse_version(L, n, "deprecated", v[DEPRECATED], &f->deprecated) &&
         parse_version(L, n, "removed", v[REMOVED], &f->removed);
}

/* ---- members ---- */

typedef struct member_list {
  mcl_snode **keys;
  size_t count, cap;
  mcl_snode *any;
} member_list;

static int by_name(const void *a, const void *b) {
  return strcmp((*(mcl_snode *const *)a)->name, (*(mcl_snode *const *)b)->name);
}

/* Sorts the collected keys into m; fails on a duplicate name. */
static bool finish_members(loader *L, const xmlNode *owner, member_list *ml, mcl_members *m) {
  bool ok = true;
  if (ml->count) {
    qsort(ml->keys, ml->count, sizeof *ml->keys, by_name);
    for (size_t i = 1; i < ml->count && ok; i++)
      if (!strcmp(ml->keys[i]->name, ml->keys[i - 1]->name))
        ok = fail(L, owner, "key '%s' is defined twice in this dictionary (lines %u and %u)",
                  ml->keys[i]->name, ml->keys[i - 1]->line, ml->keys[i]->line);
    m->keys = mcl_arena_alloc(&L->s->arena, ml->count * sizeof *m->keys);
    memcpy(m->keys, ml->keys, ml->count * sizeof *m->keys);
  }
  m->count = ml->count;
  m->any = ml->any;
  free(ml->keys);
  *ml = (member_list){0};
  return ok;
}

static mcl_snode *parse_node(loader *L, const xmlNode *n);

/* Adds a <key> or <any> child to ml. */
static bool add_member(loader *L, const xmlNode *c, member_list *ml) {
  if (named(c, "any") && ml->any) return fail(L, c, "second <any> in one dictionary");
  mcl_snode *node = parse_node(L, c);
  if (!node) return false;
  if (named(c, "any")) {
    ml->any = node;
  } else {
    MCL_GROW(ml->keys, ml->cap, ml->count + 1);
    ml->keys[ml->count++] = node;
  }
  return true;
}

/* ---- <key>, <any>, <item> ---- */

static bool parse_type(loader *L, const xmlNode *n, const char *t, mcl_snode *node) {
  if (!t) return fail(L, n, "<%s> has no type", ename(n));
  for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
    if (!strcmp(t, type_names[i])) {
      node->type = (mcl_stype)i;
      return true;
    }
  return fail(L, n, "unknown type '%s'", t);
}

static bool parse_enum(loader *L, const xmlNode *n, mcl_snode *node) {
  if (node->values) return fail(L, n, "second <enum>");
  if (node->type != MCL_S_STRING && node->type != MCL_S_INTEGER && node->type != MCL_S_REAL &&
      node->type != MCL_S_BOOLEAN)
    return fail(L, n, "<enum> on a %s", mcl_stype_name(node->type));
  if (!check_children_kinds(L, n)) return false;
  size_t count = 0;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (is_elem(c)) count++;
  if (!count) return fail(L, n, "empty <enum>");
  node->values = mcl_arena_alloc(&L->s->arena, count * sizeof *node->values);
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (!is_elem(c)) continue;
    if (!named(c, "value") || c->properties)
      return fail(L, c, "<enum> holds only plain <value> elements, not <%s>", ename(c));
    xmlChar *text = xmlNodeGetContent(c);
    const char *s = mcl_arena_strdup(&L->s->arena, text ? (const char *)text : "");
    xmlFree(text);
    mcl_enum_value *v = &node->values[node->value_count++];
    if (!parse_typed(node->type, s, v))
      return fail(L, c, "enum value '%s' is not a %s", s, mcl_stype_name(node->type));
  }
  return true;
}

static bool parse_range(loader *L, const xmlNode *n, mcl_snode *node) {
  static const char *const names[] = {"min", "max", NULL};
  const char *v[2];
  if (!read_attrs(L, n, names, v)) return false;
  if (node->type != MCL_S_INTEGER && node->type != MCL_S_REAL)
    return fail(L, n, "<range> on a %s", mcl_stype_name(node->type));
  if (node->has_min || node->has_max) return fail(L, n, "second <range>");
  const char *lo = v[0], *hi = v[1];
  if (lo && !(node->has_min = parse_double(lo, &node->min)))
    return fail(L, n, "range min '%s' is not a number", lo);
  if (hi && !(node->has_max = parse_double(hi, &node->max)))
    return fail(L, n, "range max '%s' is not a number", hi);
  if (lo && hi && node->min > node->max) return fail(L, n, "range min is above max");
  return true;
}

static bool parse_format(loader *L, const xmlNode *n, mcl_snode *node, const char *fmt) {
  if (node->type != MCL_S_STRING) return fail(L, n, "format on a %s", mcl_stype_name(node->type));
  int code;
  PCRE2_SIZE off;
  /* Anchored at both ends: the whole string must match, whatever the
   * pattern's own anchors (Apple writes ^a|b$, meaning the whole value). */
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)fmt, PCRE2_ZERO_TERMINATED,
                                 PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF |
                                     PCRE2_MATCH_INVALID_UTF,
                                 &code, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(code, msg, sizeof msg);
    return fail(L, n, "format '%s' does not compile at offset %zu: %s", fmt, (size_t)off,
                (const char *)msg);
  }
  mcl_schema *s = L->s;
  MCL_GROW(s->regexes, s->regex_cap, s->regex_count + 1);
  s->regexes[s->regex_count++] = re;
  node->format = fmt;
  node->regex = re;
  return true;
}

static bool parse_node_attrs(loader *L, const xmlNode *n, mcl_snode *node) {
  enum { NAME, TYPE, PRESENCE, DEFAULT, FORMAT, MIN_ITEMS, MAX_ITEMS };
  static const char *const key_names[] = {"name",      "type",     "presence", "default",
                                          "format",    "valuetype", "combinetype", "source",
                                          "override",  NULL};
  static const char *const item_names[] = {"",          "type",      "presence",  "default",
                                           "format",    "min-items", "max-items", "valuetype",
                                           "combinetype", "source",  "override",  NULL};
  bool is_key = named(n, "key"), is_item = named(n, "item");
  const char *v[sizeof item_names / sizeof item_names[0]];
  const char *const *names = is_item ? item_names : key_names;
  /* <any> has no name: "" matches no attribute */
  static const char *const any_names[] = {"", "type", "presence", "default", "format",
                                          "valuetype", "combinetype", "source", "override", NULL};
  if (!is_key && !is_item) names = any_names;
  if (!read_attrs(L, n, names, v)) return false;
  node->line = (unsigned)xmlGetLineNo(n);
  if (is_key && !(node->name = keep(L, v[NAME]))) return fail(L, n, "<key> has no name");
  if (!parse_type(L, n, v[TYPE], node)) return false;
  const char *presence = v[PRESENCE];
  if (presence && strcmp(presence, "required") && strcmp(presence, "optional"))
    return fail(L, n, "presence=\"%s\": expected required or optional", presence);
  node->required = presence && !strcmp(presence, "required");
  const char *def = v[DEFAULT];
  mcl_enum_value scratch;
  if (def && node->type <= MCL_S_BOOLEAN && !parse_typed(node->type, def, &scratch))
    return fail(L, n, "default '%s' is not a %s", def, mcl_stype_name(node->type));
  if (v[FORMAT] && !parse_format(L, n, node, keep(L, v[FORMAT]))) return false;
  if (!is_item) return true;
  const char *lo = v[MIN_ITEMS], *hi = v[MAX_ITEMS];
  if (lo && !(node->has_min_items = parse_uint(lo, &node->min_items)))
    return fail(L, n, "min-items '%s' is not a count", lo);
  if (hi && !(node->has_max_items = parse_uint(hi, &node->max_items)))
    return fail(L, n, "max-items '%s' is not a count", hi);
  return true;
}

static bool add_ref(loader *L, const xmlNode *c, mcl_snode *node) {
  static const char *const names[] = {"name", NULL};
  const char *v[1];
  if (!read_attrs(L, c, names, v)) return false;
  if (node->ref || node->members || node->item)
    return fail(L, c, "<ref> must be the only content of its element");
  if (!(node->ref = keep(L, v[0]))) return fail(L, c, "<ref> has no name");
  MCL_GROW(L->refs, L->ref_cap, L->ref_count + 1);
  L->refs[L->ref_count++] = node;
  return true;
}

static mcl_snode *parse_node(loader *L, const xmlNode *n) {
  mcl_snode *node = mcl_arena_alloc(&L->s->arena, sizeof *node);
  if (!parse_node_attrs(L, n, node) || !check_children_kinds(L, n)) return NULL;
  unsigned seen = 0;
  member_list ml = {0};
  bool has_members = false, ok = true;
  for (const xmlNode *c = n->children; c && ok; c = c->next) {
    if (!is_elem(c)) continue;
    if (named(c, "platform")) {
      if (!node->platform) {
        node->platform = mcl_arena_alloc(&L->s->arena, MCL_PLATFORM_COUNT * sizeof *node->platform);
        facts_init(node->platform);
      }
      ok = parse_platform(L, c, node->platform, &seen);
    } else if (named(c, "ref") && (node->type == MCL_S_DICT || node->type == MCL_S_ARRAY)) {
      if (has_members || node->item) ok = fail(L, c, "<ref> must be the only content of its element");
      else ok = add_ref(L, c, node);
    } else if ((named(c, "key") || named(c, "any")) && node->type == MCL_S_DICT) {
      if (node->ref) ok = fail(L, c, "<ref> must be the only content of its element");
      else ok = add_member(L, c, &ml);
      has_members = true;
    } else if (named(c, "item") && node->type == MCL_S_ARRAY) {
      if (node->item || node->ref) ok = fail(L, c, "an array has one <item> (or one <ref>)");
      else ok = (node->item = parse_node(L, c)) != NULL;
    } else if (named(c, "enum")) {
      ok = parse_enum(L, c, node);
    } else if (named(c, "range")) {
      ok = parse_range(L, c, node);
    } else {
      ok = fail(L, c, "<%s> is not allowed in a %s <%s>", ename(c), mcl_stype_name(node->type),
                ename(n));
    }
  }
  if (node->type == MCL_S_DICT && !node->ref) {
    mcl_members *m = mcl_arena_alloc(&L->s->arena, sizeof *m);
    ok = finish_members(L, n, &ml, m) && ok;
    node->members = m;
  }
  free(ml.keys);
  if (ok && node->type == MCL_S_ARRAY && !node->item && !node->ref)
    ok = fail(L, n, "array <%s> has no <item> or <ref>", ename(n));
  if (ok && !named(n, "item") && (node->has_min_items || node->has_max_items))
    ok = fail(L, n, "min-items and max-items belong on <item>");
  if (ok && node->has_min_items && node->has_max_items && node->min_items > node->max_items)
    ok = fail(L, n, "min-items is above max-items");
  return ok ? node : NULL;
}

/* ---- <define>, <variant>, <include>, <payload> ---- */

static bool parse_define(loader *L, const xmlNode *n, mcl_define *d) {
  static const char *const names[] = {"name", NULL};
  const char *v[1];
  if (!read_attrs(L, n, names, v) || !check_children_kinds(L, n)) return false;
  if (!(d->name = keep(L, v[0]))) return fail(L, n, "<define> has no name");
  d->line = (unsigned)xmlGetLineNo(n);
  member_list ml = {0};
  bool ok = true, any_child = false;
  for (const xmlNode *c = n->children; c && ok; c = c->next) {
    if (!is_elem(c)) continue;
    if (named(c, "item") && !any_child) {
      ok = (d->item = parse_node(L, c)) != NULL;
    } else if ((named(c, "key") || named(c, "any")) && !d->item) {
      ok = add_member(L, c, &ml);
    } else {
      ok = fail(L, c, "a <define> holds one <item> or dictionary members, not <%s> here",
                ename(c));
    }
    any_child = true;
  }
  if (ok && !any_child) ok = fail(L, n, "empty <define>");
  ok = finish_members(L, n, &ml, &d->members) && ok;
  return ok;
}

static bool parse_variant(loader *L, const xmlNode *n, mcl_variant *v) {
  static const char *const names[] = {"key", "value", "source", "override", NULL};
  const char *a[4];
  if (!read_attrs(L, n, names, a) || !check_children_kinds(L, n)) return false;
  v->key = keep(L, a[0]);
  v->value = keep(L, a[1]);
  if (!v->key || !v->value) return fail(L, n, "<variant> needs key and value");
  member_list ml = {0};
  bool ok = true;
  for (const xmlNode *c = n->children; c && ok; c = c->next) {
    if (!is_elem(c)) continue;
    if (named(c, "key") || named(c, "any")) ok = add_member(L, c, &ml);
    else ok = fail(L, c, "<%s> is not allowed in <variant>", ename(c));
  }
  return finish_members(L, n, &ml, &v->members) && ok;
}

static bool parse_include(loader *L, const xmlNode *n) {
  static const char *const names[] = {"payload", "override", NULL};
  const char *v[2];
  if (!read_attrs(L, n, names, v)) return false;
  if (n->children) return fail(L, n, "<include> must be empty");
  mcl_schema *s = L->s;
  const char *name = keep(L, v[0]);
  if (!name) return fail(L, n, "<include> has no payload");
  if (!strcmp(name, s->type)) return fail(L, n, "schema %s includes itself", name);
  for (size_t i = 0; i < s->include_count; i++)
    if (!strcmp(s->includes[i], name)) return fail(L, n, "%s is included twice", name);
  const char **grown = mcl_arena_alloc(&s->arena, (s->include_count + 1) * sizeof *grown);
  if (s->include_count) memcpy(grown, s->includes, s->include_count * sizeof *grown);
  grown[s->include_count++] = name;
  s->includes = grown;
  return true;
}

static size_t count_named(const xmlNode *n, const char *name) {
  size_t k = 0;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (is_elem(c) && named(c, name)) k++;
  return k;
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

static bool parse_payload(loader *L, const xmlNode *root) {
  static const char *const names[] = {"type", "title", "source", "override", NULL};
  const char *v[4];
  mcl_schema *s = L->s;
  if (!in_ns(root) || !named(root, "payload"))
    return fail(L, root, "the root element must be <payload xmlns=\"%s\">", NS);
  if (!read_attrs(L, root, names, v) || !check_children_kinds(L, root)) return false;
  if (!(s->type = keep(L, v[0])) || !*s->type) return fail(L, root, "<payload> has no type");
  s->title = keep(L, v[1]);
  facts_init(s->platform);
  s->defines = mcl_arena_alloc(&s->arena, (count_named(root, "define") + 1) * sizeof *s->defines);
  s->variants =
      mcl_arena_alloc(&s->arena, (count_named(root, "variant") + 1) * sizeof *s->variants);
  unsigned seen = 0;
  member_list ml = {0};
  bool ok = true;
  for (const xmlNode *c = root->children; c && ok; c = c->next) {
    if (!is_elem(c)) continue;
    if (named(c, "platform")) {
      ok = parse_platform(L, c, s->platform, &seen);
      s->has_platforms = true;
    } else if (named(c, "include")) {
      ok = parse_include(L, c);
    } else if (named(c, "key") || named(c, "any")) {
      ok = add_member(L, c, &ml);
    } else if (named(c, "variant")) {
      ok = parse_variant(L, c, &s->variants[s->variant_count++]);
    } else if (named(c, "define")) {
      mcl_define *d = &s->defines[s->define_count];
      ok = parse_define(L, c, d);
      for (size_t k = 0; ok && k < s->define_count; k++)
        if (!strcmp(s->defines[k].name, d->name))
          ok = fail(L, c, "define '%s' is defined twice (first at line %u)", d->name,
                    s->defines[k].line);
      s->define_count++;
    } else {
      ok = fail(L, c, "<%s> is not allowed in <payload>", ename(c));
    }
  }
  ok = finish_members(L, root, &ml, &s->members) && ok;
  /* A payload's platform facts are complete: a platform it does not list
   * is one it is not available on. */
  for (int p = 0; ok && s->has_platforms && p < MCL_PLATFORM_COUNT; p++)
    if (!(seen & (1u << p))) s->platform[p].available = 0;
  return ok && resolve_refs(L);
}

mcl_schema *mcl_schema_parse(const void *data, size_t len, const char *file, char **err) {
  *err = NULL;
  loader L = {.file = file};
  L.s = mcl_xcalloc(1, sizeof *L.s);
  mcl_arena_init(&L.s->arena);
  L.s->file = mcl_arena_strdup(&L.s->arena, file);
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  xmlDocPtr doc = NULL;
  if (ctxt && len <= (size_t)INT32_MAX)
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, file, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
  if (!doc || !ctxt->wellFormed) {
    const xmlError *e = ctxt ? xmlCtxtGetLastError(ctxt) : NULL;
    mcl_buf b = {0};
    mcl_buf_printf(&b, "%s:%d: not well-formed XML", file, e ? e->line : 0);
    if (e && e->message) {
      size_t n = strlen(e->message);
      while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' ')) n--;
      mcl_buf_printf(&b, ": %.*s", (int)n, e->message);
    }
    L.err = b.data;
  } else {
    parse_payload(&L, xmlDocGetRootElement(doc));
  }
  if (doc) xmlFreeDoc(doc);
  if (ctxt) xmlFreeParserCtxt(ctxt);
  free(L.refs);
  if (L.err) {
    mcl_schema_free(L.s);
    *err = L.err;
    return NULL;
  }
  return L.s;
}

void mcl_schema_free(mcl_schema *s) {
  if (!s) return;
  for (size_t i = 0; i < s->regex_count; i++) pcre2_code_free(s->regexes[i]);
  free(s->regexes);
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
