/* manifest.c: one ProfileManifests manifest into the schema model.
 *
 * The pfm_ keys it honours, and how each maps onto schema.h, are listed in
 * docs/manifests.md. Every pfm_ key it reads must have its documented type:
 * a manifest with a wrong one is rejected whole ("FILE:LINE: message"), so
 * that a damaged manifest is reported once instead of yielding findings
 * nobody can trust. Other pfm_ keys (titles, descriptions, UI hints) are
 * ignored. Keys the editors use for layout only (pfm_segments) are not
 * settings and are left out. The common Payload* keys at the top stay
 * Apple's: the schema includes CommonPayloadKeys instead. */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "schema/manifest.h"

typedef struct builder {
  mcl_schema *s;
  const char *data, *file;
  size_t len;
  char *err;
  const mcl_manifest_skim *skims; /* of the root's pfm_subkeys */
  size_t skim_count;
} builder;

/* What a manifest's schema keeps to read its keys later. */
struct mcl_manifest_state {
  char *text; /* the manifest's bytes */
  size_t len;
  bool mapped; /* text is mcl_map_file's, else malloc's */
  pthread_mutex_t lock; /* reading a key: the arena and regexes grow */
};

static bool bad(builder *b, const mcl_value *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool bad(builder *b, const mcl_value *at, const char *fmt, ...) {
  if (b->err) return false;
  va_list ap;
  va_start(ap, fmt);
  mcl_buf m = {0};
  mcl_buf_vprintf(&m, fmt, ap);
  va_end(ap);
  b->err = mcl_xasprintf("%s:%u: %s", b->file,
                         mcl_manifest_line(b->data, b->len, at ? at->pos.col : 0),
                         mcl_buf_cstr(&m));
  mcl_buf_free(&m);
  return false;
}

/* The value of a pfm_ key when it has the type wanted; NULL when absent.
 * A present value of another type fails the manifest. */
/* owner: the manifest key's pfm_name, formatted only for a message. */
static const char *owner_text(builder *b, const char *owner) {
  if (!owner) return "an unnamed key";
  if (*owner == '\1') return owner + 1; /* a description, not a name */
  return mcl_arena_printf(&b->s->arena, "'%s'", owner);
}

static const mcl_value *field(builder *b, const mcl_value *dict, const char *key, mcl_type want,
                              const char *owner) {
  const mcl_entry *e = mcl_dict_entry(dict, key);
  if (!e) return NULL;
  bool ok = e->value->type == want ||
            (want == MCL_T_REAL && e->value->type == MCL_T_INTEGER); /* numbers */
  if (!ok) {
    bad(b, e->value, "%s of %s is %s; it must be %s", key, owner_text(b, owner),
        mcl_type_element(e->value->type), mcl_type_element(want));
    return NULL;
  }
  return e->value;
}


/* ---- types and values ---- */

static const struct {
  const char *name;
  mcl_stype type;
  mcl_type plist;
} types[] = {
    {"string", MCL_S_STRING, MCL_T_STRING},   {"integer", MCL_S_INTEGER, MCL_T_INTEGER},
    {"real", MCL_S_REAL, MCL_T_REAL},         {"float", MCL_S_REAL, MCL_T_REAL},
    {"boolean", MCL_S_BOOLEAN, MCL_T_BOOL},   {"date", MCL_S_DATE, MCL_T_DATE},
    {"data", MCL_S_DATA, MCL_T_DATA},         {"array", MCL_S_ARRAY, MCL_T_ARRAY},
    {"dictionary", MCL_S_DICT, MCL_T_DICT},
};

static bool fits(mcl_stype t, const mcl_value *v) {
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (types[i].type == t)
      return v->type == types[i].plist || (t == MCL_S_REAL && v->type == MCL_T_INTEGER);
  return false;
}

/* A manifest value as an enum value of a node of type t. */
static bool enum_value(builder *b, mcl_stype t, const mcl_value *v, mcl_enum_value *out,
                       const char *owner, const char *what) {
  if (!fits(t, v))
    return bad(b, v, "%s of %s holds %s, but the key is a %s", what, owner_text(b, owner),
               mcl_type_element(v->type), mcl_stype_name(t));
  mcl_arena *a = &b->s->arena;
  switch (v->type) {
  case MCL_T_STRING:
    out->text = v->u.str.s;
    out->u.len = v->u.str.len;
    break;
  case MCL_T_INTEGER:
    if (t == MCL_S_REAL) {
      double d;
      mcl_value_number(v, &d);
      out->u.r = d;
      out->text = mcl_arena_printf(a, "%g", d);
    } else {
      out->u.i.magnitude = v->u.integer.magnitude;
      out->u.i.negative = v->u.integer.negative;
      out->text = mcl_arena_printf(a, "%s%llu", v->u.integer.negative ? "-" : "",
                                   (unsigned long long)v->u.integer.magnitude);
    }
    break;
  case MCL_T_REAL:
    out->u.r = v->u.real;
    out->text = mcl_arena_printf(a, "%g", v->u.real);
    break;
  case MCL_T_BOOL:
    out->u.b = v->u.boolean;
    out->text = v->u.boolean ? "true" : "false";
    break;
  default: return false; /* dates and data: not compared as enum values */
  }
  return true;
}

static bool is_scalar(mcl_stype t) {
  return t == MCL_S_STRING || t == MCL_S_INTEGER || t == MCL_S_REAL || t == MCL_S_BOOLEAN;
}

/* ---- platforms and versions ---- */

static const char *const platform_names[MCL_PLATFORM_COUNT] = {"iOS", "macOS", "tvOS", "visionOS",
                                                               "watchOS"};
/* pfm_<os>_min, _max and _deprecated of each platform. */
static const char *const version_keys[MCL_PLATFORM_COUNT][3] = {
    {"pfm_ios_min", "pfm_ios_max", "pfm_ios_deprecated"},
    {"pfm_macos_min", "pfm_macos_max", "pfm_macos_deprecated"},
    {"pfm_tvos_min", "pfm_tvos_max", "pfm_tvos_deprecated"},
    {"pfm_visionos_min", "pfm_visionos_max", "pfm_visionos_deprecated"},
    {"pfm_watchos_min", "pfm_watchos_max", "pfm_watchos_deprecated"},
};

static mcl_pfacts *facts(builder *b, mcl_pfacts **p) {
  if (!*p) {
    *p = mcl_arena_alloc(&b->s->arena, MCL_PLATFORM_COUNT * sizeof **p);
    for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
      (*p)[i] = (mcl_pfacts){.available = -1, .multiple = -1, .supervised = -1};
  }
  return *p;
}

static bool version(builder *b, const mcl_value *dict, const char *key, const char *owner,
                    mcl_osver *out) {
  const mcl_value *v = field(b, dict, key, MCL_T_STRING, owner);
  if (!v) return !b->err;
  if (!mcl_version_parse(v->u.str.s, out))
    return bad(b, v, "%s of %s is '%s', not a version", key, owner_text(b, owner), v->u.str.s);
  return true;
}

/* pfm_targets: the profile scopes (macOS) that take the payload or key:
 * user and user-managed are a User profile's, system and system-managed a
 * System profile's. A scope not listed is denied; other names are left
 * for newer editors to define. */
static bool target_facts(builder *b, const mcl_value *dict, const char *owner,
                         mcl_pfacts **out) {
  const mcl_value *list = field(b, dict, "pfm_targets", MCL_T_ARRAY, owner);
  if (!list || !list->u.array.count) return !b->err;
  bool user = false, system = false;
  for (size_t i = 0; i < list->u.array.count; i++) {
    const mcl_value *t = list->u.array.items[i];
    if (t->type != MCL_T_STRING)
      return bad(b, t, "pfm_targets of %s holds %s, not a target name", owner_text(b, owner),
                 mcl_type_element(t->type));
    user |= !strcmp(t->u.str.s, "user") || !strcmp(t->u.str.s, "user-managed");
    system |= !strcmp(t->u.str.s, "system") || !strcmp(t->u.str.s, "system-managed");
  }
  if (!user && !system) return true; /* only names this reader does not know */
  mcl_pfacts *f = facts(b, out);
  const int mac = 1; /* platform_names[1]: macOS, the only platform with profile scopes */
  f[mac].denied_scopes = (uint8_t)((user ? 0 : MCL_DENIED_USER) | (system ? 0 : MCL_DENIED_SYSTEM));
  return true;
}

/* pfm_platforms, pfm_<os>_min/_max/_deprecated and pfm_supervised as
 * platform deltas. _max is the last version that has the key, so it is
 * removed in the next one. */
static bool platform_facts(builder *b, const mcl_value *dict, const char *owner,
                           mcl_pfacts **out) {
  const mcl_value *list = field(b, dict, "pfm_platforms", MCL_T_ARRAY, owner);
  if (list) {
    unsigned listed = 0;
    for (size_t i = 0; i < list->u.array.count; i++) {
      const mcl_value *p = list->u.array.items[i];
      int k = MCL_PLATFORM_COUNT;
      if (p->type == MCL_T_STRING)
        for (k = 0; k < MCL_PLATFORM_COUNT && strcmp(p->u.str.s, platform_names[k]); k++) {}
      if (k == MCL_PLATFORM_COUNT)
        return bad(b, p, "pfm_platforms of %s holds %s, not a platform name", owner_text(b, owner),
                   p->type == MCL_T_STRING ? p->u.str.s : mcl_type_element(p->type));
      listed |= 1u << k;
    }
    mcl_pfacts *f = facts(b, out);
    for (int k = 0; k < MCL_PLATFORM_COUNT; k++)
      if (!(listed & (1u << k))) f[k].available = 0;
  }
  for (int k = 0; k < MCL_PLATFORM_COUNT; k++) {
    mcl_osver min = 0, max = 0, dep = 0;
    if (!version(b, dict, version_keys[k][0], owner, &min) ||
        !version(b, dict, version_keys[k][1], owner, &max) ||
        !version(b, dict, version_keys[k][2], owner, &dep))
      return false;
    if (!min && !max && !dep) continue;
    mcl_pfacts *f = facts(b, out);
    if (f[k].available == 0) continue; /* not listed: versions of an absent platform */
    if (min) f[k].introduced = min;
    if (dep) f[k].deprecated = dep;
    if (max) f[k].removed = max + 1;
  }
  const mcl_value *sup = field(b, dict, "pfm_supervised", MCL_T_BOOL, owner);
  if (sup && sup->u.boolean) {
    mcl_pfacts *f = facts(b, out);
    for (int k = 0; k < MCL_PLATFORM_COUNT; k++) f[k].supervised = 1;
  }
  return target_facts(b, dict, owner, out);
}

/* ---- conditions ---- */

static bool list_field(builder *b, const mcl_value *d, const char *key, const mcl_value **out) {
  *out = field(b, d, key, MCL_T_ARRAY, "\1a target condition");
  return !b->err;
}

static bool target_cond(builder *b, const mcl_value *d, mcl_target_cond *t) {
  if (d->type != MCL_T_DICT) return bad(b, d, "a pfm_target_conditions entry is not a <dict>");
  mcl_arena *a = &b->s->arena;
  const mcl_value *target = field(b, d, "pfm_target", MCL_T_STRING, "\1a target condition");
  if (!target) return b->err ? false : bad(b, d, "a target condition has no pfm_target");
  t->target = target->u.str.s;
  size_t n = 1;
  for (const char *p = t->target; *p; p++) n += *p == '.';
  t->path = mcl_arena_alloc(a, n * sizeof *t->path);
  const char *start = t->target;
  for (const char *p = t->target;; p++)
    if (*p == '.' || !*p) {
      t->path[t->path_len++] = mcl_arena_strndup(a, start, (size_t)(p - start));
      if (!*p) break;
      start = p + 1;
    }
  const mcl_value *present = field(b, d, "pfm_present", MCL_T_BOOL, "\1a target condition");
  const mcl_value *empty = field(b, d, "pfm_value_empty", MCL_T_BOOL, "\1a target condition");
  t->present = present ? present->u.boolean : -1;
  t->value_empty = empty ? empty->u.boolean : -1;
  if (!list_field(b, d, "pfm_range_list", &t->in) ||
      !list_field(b, d, "pfm_n_range_list", &t->not_in) ||
      !list_field(b, d, "pfm_contains_any", &t->contains_any) ||
      !list_field(b, d, "pfm_n_contains_any", &t->contains_none))
    return false;
  static const char *const unsupported[] = {"pfm_platforms", "pfm_n_platforms", "pfm_domain",
                                            "pfm_distribution"};
  for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++)
    if (mcl_dict_get(d, unsupported[i])) t->unsupported = true;
  return !b->err;
}

static bool conditions(builder *b, const mcl_value *dict, const char *key, const char *owner,
                       mcl_condition **out, size_t *count) {
  const mcl_value *list = field(b, dict, key, MCL_T_ARRAY, owner);
  if (!list) return !b->err;
  mcl_arena *a = &b->s->arena;
  *out = mcl_arena_alloc(a, (list->u.array.count + 1) * sizeof **out);
  for (size_t i = 0; i < list->u.array.count; i++) {
    const mcl_value *c = list->u.array.items[i];
    if (c->type != MCL_T_DICT)
      return bad(b, c, "an entry of %s of %s is not a <dict>", key, owner_text(b, owner));
    const mcl_value *req = field(b, c, "pfm_require", MCL_T_STRING, owner);
    const mcl_value *tests = field(b, c, "pfm_target_conditions", MCL_T_ARRAY, owner);
    if (b->err) return false;
    mcl_condition *cond = &(*out)[(*count)++];
    cond->push = req && !strcmp(req->u.str.s, "push");
    if (!tests) continue; /* no tests: never holds */
    cond->tests = mcl_arena_alloc(a, (tests->u.array.count + 1) * sizeof *cond->tests);
    for (size_t k = 0; k < tests->u.array.count; k++)
      if (!target_cond(b, tests->u.array.items[k], &cond->tests[cond->count++])) return false;
  }
  return true;
}

/* ---- nodes ---- */

static mcl_snode *node(builder *b, const mcl_value *d, int depth, bool *skip);

/* A skimmed entry of the root's pfm_subkeys (manifest_plist.c). */
static const mcl_manifest_skim *skim_of(const builder *b, const mcl_value *v) {
  return v->type == MCL_T_INTEGER && v->invalid && v->u.integer.magnitude < b->skim_count
             ? &b->skims[v->u.integer.magnitude]
             : NULL;
}

static mcl_snode *read_now(builder *b, size_t offset, size_t len, int depth, bool *skip) {
  char *why = NULL;
  mcl_value *d = mcl_manifest_plist_read_entry(&b->s->arena, b->data, b->len, offset, len, &why);
  if (!d) {
    if (!b->err) b->err = mcl_xasprintf("%s:%s", b->file, why);
    free(why);
    return NULL;
  }
  return node(b, d, depth, skip);
}

/* A pfm_subkeys entry: read, or (skimmed, with a plain name) a stub that
 * mcl_manifest_resolve reads on first use. */
static mcl_snode *entry(builder *b, const mcl_value *v, int depth, bool *skip) {
  const mcl_manifest_skim *sk = skim_of(b, v);
  if (!sk) return node(b, v, depth, skip);
  /* Layout controls and Apple's Payload* keys are left out unread. */
  if (sk->layout || (sk->name && !strncmp(sk->name, "Payload", 7))) return *skip = true, NULL;
  if (!sk->name || sk->eager || !strncmp(sk->name, "{{", 2))
    return read_now(b, sk->offset, sk->len, depth, skip);
  mcl_snode *n = mcl_arena_alloc(&b->s->arena, sizeof *n);
  mcl_pfm *p = mcl_arena_alloc(&b->s->arena, sizeof *p);
  n->name = sk->name;
  n->type = MCL_S_ANY;
  p->lazy_offset = sk->offset;
  p->lazy_len = sk->len;
  p->owner = b->s;
  n->pfm = p;
  return n;
}

static int by_name(const void *x, const void *y) {
  return strcmp((*(mcl_snode *const *)x)->name, (*(mcl_snode *const *)y)->name);
}

static mcl_snode *any_node(builder *b) {
  mcl_snode *n = mcl_arena_alloc(&b->s->arena, sizeof *n);
  n->type = MCL_S_ANY;
  return n;
}

/* The members of a dictionary from its pfm_subkeys. "{{value}}" describes
 * the value of every key (a map); "{{key}}" its name, which is not
 * checked. Without subkeys any key is allowed. Top: the manifest's own
 * keys, where Payload* keys are left to Apple's CommonPayloadKeys. */
static bool members(builder *b, const mcl_value *subkeys, int depth, bool top,
                    mcl_members *out) {
  mcl_arena *a = &b->s->arena;
  size_t n = subkeys ? subkeys->u.array.count : 0, count = 0;
  mcl_snode **keys = mcl_arena_alloc(a, (n + 1) * sizeof *keys);
  for (size_t i = 0; i < n; i++) {
    bool skip = false;
    mcl_snode *k = entry(b, subkeys->u.array.items[i], depth + 1, &skip);
    if (b->err) return false;
    if (skip || (k->name && !strcmp(k->name, "{{key}}"))) continue;
    if (!k->name) return bad(b, subkeys->u.array.items[i], "a key of a dictionary has no pfm_name");
    if (!strcmp(k->name, "{{value}}")) {
      if (!out->any) out->any = k;
      continue;
    }
    if (top && !strncmp(k->name, "Payload", 7)) continue;
    keys[count++] = k;
  }
  if (!subkeys) out->any = any_node(b);
  qsort(keys, count, sizeof *keys, by_name);
  /* A name given twice (editors' alternatives): the first one stays. */
  size_t kept = 0;
  for (size_t i = 0; i < count; i++)
    if (!kept || strcmp(keys[kept - 1]->name, keys[i]->name)) keys[kept++] = keys[i];
  out->keys = keys;
  out->count = kept;
  return true;
}

/* Merges the members of several dictionary alternatives (an array whose
 * items may be either of two dictionaries): a key of any is allowed. */
static mcl_snode *merged_item(builder *b, mcl_snode **alts, size_t n) {
  mcl_arena *a = &b->s->arena;
  size_t total = 0;
  bool all_dicts = true;
  for (size_t i = 0; i < n; i++) {
    if (alts[i]->type != MCL_S_DICT || !alts[i]->members) all_dicts = false;
    else total += alts[i]->members->count;
  }
  if (!all_dicts) return any_node(b);
  mcl_snode *item = mcl_arena_alloc(a, sizeof *item);
  *item = *alts[0];
  item->required = false;
  mcl_members *m = mcl_arena_alloc(a, sizeof *m);
  m->keys = mcl_arena_alloc(a, (total + 1) * sizeof *m->keys);
  for (size_t i = 0; i < n; i++) {
    const mcl_members *am = alts[i]->members;
    for (size_t k = 0; k < am->count; k++) {
      mcl_snode *copy = mcl_arena_alloc(a, sizeof *copy);
      *copy = *am->keys[k];
      copy->required = false; /* required in one alternative only */
      m->keys[m->count++] = copy;
    }
    if (!m->any) m->any = am->any;
  }
  qsort(m->keys, m->count, sizeof *m->keys, by_name);
  size_t kept = 0;
  for (size_t i = 0; i < m->count; i++)
    if (!kept || strcmp(m->keys[kept - 1]->name, m->keys[i]->name)) m->keys[kept++] = m->keys[i];
  m->count = kept;
  item->members = m;
  return item;
}

static bool array_item(builder *b, mcl_snode *n, const mcl_value *subkeys, int depth) {
  size_t count = subkeys ? subkeys->u.array.count : 0, used = 0;
  mcl_snode **alts = mcl_arena_alloc(&b->s->arena, (count + 1) * sizeof *alts);
  for (size_t i = 0; i < count; i++) {
    bool skip = false;
    mcl_snode *k = node(b, subkeys->u.array.items[i], depth + 1, &skip);
    if (b->err) return false;
    if (!skip) alts[used++] = k;
  }
  mcl_snode *item = used == 1 ? alts[0] : used ? merged_item(b, alts, used) : any_node(b);
  n->item = item;
  return true;
}

static bool scalar_facts(builder *b, mcl_snode *n, const mcl_value *d, const char *owner) {
  mcl_arena *a = &b->s->arena;
  const mcl_value *list = field(b, d, "pfm_range_list", MCL_T_ARRAY, owner);
  const mcl_value *custom =
      field(b, d, "pfm_range_list_allow_custom_value", MCL_T_BOOL, owner);
  mcl_snode *target = n->type == MCL_S_ARRAY && n->item && is_scalar(n->item->type)
                          ? (mcl_snode *)n->item
                          : n; /* a list on an array limits its items */
  if (list && !(custom && custom->u.boolean) && is_scalar(target->type)) {
    target->values = mcl_arena_alloc(a, (list->u.array.count + 1) * sizeof *target->values);
    for (size_t i = 0; i < list->u.array.count; i++)
      if (!enum_value(b, target->type, list->u.array.items[i],
                      &target->values[target->value_count++], owner, "pfm_range_list"))
        return false;
  }
  if (n->type == MCL_S_INTEGER || n->type == MCL_S_REAL) {
    const mcl_value *min = field(b, d, "pfm_range_min", MCL_T_REAL, owner);
    const mcl_value *max = field(b, d, "pfm_range_max", MCL_T_REAL, owner);
    if (min) n->has_min = mcl_value_number(min, &n->min);
    if (max) n->has_max = mcl_value_number(max, &n->max);
  }
  const mcl_value *fmt = field(b, d, "pfm_format", MCL_T_STRING, owner);
  mcl_snode *fnode = n->type == MCL_S_ARRAY && n->item && n->item->type == MCL_S_STRING
                         ? (mcl_snode *)n->item
                         : n;
  if (fmt && fnode->type == MCL_S_STRING) {
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = mcl_schema_compile_format(fmt->u.str.s, &code, &off);
    if (!re) {
      PCRE2_UCHAR msg[160];
      pcre2_get_error_message(code, msg, sizeof msg);
      return bad(b, fmt, "pfm_format of %s does not compile at offset %zu: %s",
                 owner_text(b, owner),
                 (size_t)off, (const char *)msg);
    }
    mcl_schema *s = b->s;
    MCL_GROW(s->regexes, s->regex_cap, s->regex_count + 1);
    s->regexes[s->regex_count++] = re;
    fnode->format = fmt->u.str.s;
    fnode->regex = re;
  }
  const mcl_value *def = mcl_dict_get(d, "pfm_default");
  if (def && is_scalar(n->type) && fits(n->type, def))
    n->has_default = enum_value(b, n->type, def, &n->default_value, owner, "pfm_default");
  return !b->err;
}

static bool pfm_facts(builder *b, mcl_snode *n, const mcl_value *d, const char *owner) {
  mcl_pfm *p = mcl_arena_alloc(&b->s->arena, sizeof *p);
  const mcl_value *req = field(b, d, "pfm_require", MCL_T_STRING, owner);
  if (req) {
    const char *r = req->u.str.s;
    if (!strcmp(r, "always") || !strcmp(r, "always-nested")) n->required = true;
    else if (!strcmp(r, "push")) p->require_push = true;
    else
      return bad(b, req, "pfm_require of %s is '%s', not always, always-nested or push",
                 owner_text(b, owner), r);
  }
  const mcl_value *sens = field(b, d, "pfm_sensitive", MCL_T_BOOL, owner);
  p->sensitive = sens && sens->u.boolean;
  /* pfm_app_min and _max need the app's version, which a profile does not
   * say; the reader drops them. */
  const mcl_value *dep = field(b, d, "pfm_app_deprecated", MCL_T_STRING, owner);
  if (dep) p->app_deprecated = dep->u.str.s;
  if (!conditions(b, d, "pfm_conditionals", owner, &p->required_if, &p->required_if_count) ||
      !conditions(b, d, "pfm_exclude", owner, &p->excluded_if, &p->excluded_if_count))
    return false;
  const mcl_value *rmin = field(b, d, "pfm_repetition_min", MCL_T_INTEGER, owner);
  const mcl_value *rmax = field(b, d, "pfm_repetition_max", MCL_T_INTEGER, owner);
  if ((rmin || rmax) && n->type == MCL_S_ARRAY && n->item) {
    mcl_snode *item = (mcl_snode *)n->item;
    if (rmin && !rmin->u.integer.negative)
      item->has_min_items = true, item->min_items = rmin->u.integer.magnitude;
    if (rmax && !rmax->u.integer.negative)
      item->has_max_items = true, item->max_items = rmax->u.integer.magnitude;
  }
  n->pfm = p;
  return !b->err;
}

/* One pfm_subkeys entry. *skip: a layout-only entry, not a setting. */
static mcl_snode *node(builder *b, const mcl_value *d, int depth, bool *skip) {
  if (d->type != MCL_T_DICT) return bad(b, d, "a pfm_subkeys entry is not a <dict>"), NULL;
  if (mcl_dict_get(d, "pfm_segments")) return *skip = true, NULL;
  mcl_snode *n = mcl_arena_alloc(&b->s->arena, sizeof *n);
  const mcl_value *name = field(b, d, "pfm_name", MCL_T_STRING, "\1a pfm_subkeys entry");
  n->name = name ? name->u.str.s : NULL;
  const char *owner = n->name;
  const mcl_value *type = field(b, d, "pfm_type", MCL_T_STRING, owner);
  n->type = MCL_S_ANY;
  if (type) {
    size_t i = 0;
    while (i < sizeof types / sizeof types[0] && strcmp(types[i].name, type->u.str.s)) i++;
    if (i == sizeof types / sizeof types[0])
      return bad(b, type, "pfm_type of %s is '%s', not a plist type", owner_text(b, owner),
                 type->u.str.s),
             NULL;
    n->type = types[i].type;
  }
  const mcl_value *subkeys = field(b, d, "pfm_subkeys", MCL_T_ARRAY, owner);
  if (b->err) return NULL;
  if (n->type == MCL_S_DICT) {
    mcl_members *m = mcl_arena_alloc(&b->s->arena, sizeof *m);
    if (!members(b, subkeys, depth, false, m)) return NULL;
    n->members = m;
  } else if (n->type == MCL_S_ARRAY) {
    if (!array_item(b, n, subkeys, depth)) return NULL;
  }
  if (!platform_facts(b, d, owner, &n->platform) || !scalar_facts(b, n, d, owner) ||
      !pfm_facts(b, n, d, owner))
    return NULL;
  return n;
}

static const char *domain_of(builder *b, const mcl_value *root) {
  const mcl_value *dom = field(b, root, "pfm_domain", MCL_T_STRING, "\1the manifest");
  if (dom && *dom->u.str.s) return dom->u.str.s;
  /* No pfm_domain: the file name without .plist, as the editors do. */
  const char *base = strrchr(b->file, '/');
  base = base ? base + 1 : b->file;
  size_t n = strlen(base);
  if (n > 6 && !strcmp(base + n - 6, ".plist")) n -= 6;
  return mcl_arena_strndup(&b->s->arena, base, n);
}

static mcl_schema *parse(char *data, size_t len, bool mapped, const char *file, char **err) {
  *err = NULL;
  mcl_schema *s = mcl_xcalloc(1, sizeof *s);
  mcl_arena_init(&s->arena);
  /* The bytes stay with the schema: most keys are read on first use. */
  struct mcl_manifest_state *st = mcl_xcalloc(1, sizeof *st);
  st->text = data;
  st->len = len;
  st->mapped = mapped;
  pthread_mutex_init(&st->lock, NULL);
  s->manifest_state = st;
  s->is_manifest = true;
  s->file = mcl_arena_strdup(&s->arena, file);
  builder b = {.s = s, .data = st->text, .len = len, .file = s->file};
  char *why = NULL;
  mcl_manifest_skim *skims = NULL;
  mcl_value *root = mcl_manifest_plist_read(&s->arena, st->text, len, &skims, &b.skim_count, &why);
  b.skims = skims;
  if (!root) {
    b.err = mcl_xasprintf("%s:%s", file, why);
    free(why);
  } else if (root->type != MCL_T_DICT) {
    bad(&b, root, "the manifest is %s, not a <dict>", mcl_type_element(root->type));
  } else {
    s->type = domain_of(&b, root);
    const mcl_value *title = field(&b, root, "pfm_title", MCL_T_STRING, "\1the manifest");
    s->title = title ? title->u.str.s : NULL;
    mcl_pfacts *pf = NULL;
    const mcl_value *subkeys = field(&b, root, "pfm_subkeys", MCL_T_ARRAY, "\1the manifest");
    if (!b.err && !subkeys) bad(&b, root, "the manifest has no pfm_subkeys");
    if (!b.err && platform_facts(&b, root, "\1the manifest", &pf) && pf) {
      s->has_platforms = true;
      for (int i = 0; i < MCL_PLATFORM_COUNT; i++) {
        s->platform[i] = pf[i];
        if (pf[i].available < 0) s->platform[i].available = 1;
      }
    }
    if (!b.err) members(&b, subkeys, 0, true, &s->members);
    static const char *common = "CommonPayloadKeys";
    s->includes = &common;
    s->include_count = 1;
  }
  free(skims);
  if (b.err) {
    *err = b.err;
    st->text = NULL; /* the caller keeps its bytes */
    mcl_manifest_free(s);
    return NULL;
  }
  mcl_manifest_apply_overrides(s, NULL);
  return s;
}

mcl_schema *mcl_manifest_parse(char *data, size_t len, const char *file, char **err) {
  return parse(data, len, false, file, err);
}

mcl_schema *mcl_manifest_parse_mapped(mcl_mapped_file map, const char *file, char **err) {
  return parse(map.data, map.len, map.mapped, file, err);
}

void mcl_manifest_free(mcl_schema *s) {
  if (!s) return;
  struct mcl_manifest_state *st = s->manifest_state;
  if (st) {
    pthread_mutex_destroy(&st->lock);
    mcl_unmap_file((mcl_mapped_file){st->text, st->len, st->mapped});
    free(st);
  }
  mcl_schema_free(s);
}

/* Reads a stub's entry, once, under the schema's lock; other threads see
 * the node through the atomic pointer. An entry that cannot be read stands
 * for any value, and says why in lazy_error. */
const mcl_snode *mcl_manifest_resolve(const mcl_snode *stub) {
  mcl_pfm *p = (mcl_pfm *)stub->pfm;
  const mcl_snode *real = atomic_load_explicit(&p->real, memory_order_acquire);
  if (real) return real;
  mcl_schema *s = p->owner;
  struct mcl_manifest_state *st = s->manifest_state;
  pthread_mutex_lock(&st->lock);
  real = atomic_load_explicit(&p->real, memory_order_relaxed);
  if (!real) {
    builder b = {.s = s, .data = st->text, .len = st->len, .file = s->file};
    bool skip = false;
    mcl_snode *n = read_now(&b, p->lazy_offset, p->lazy_len, 1, &skip);
    if (!n || skip || !n->name || strcmp(n->name, stub->name)) {
      n = any_node(&b);
      n->name = stub->name;
      p->lazy_error = b.err ? mcl_arena_strdup(&s->arena, b.err)
                            : mcl_arena_printf(&s->arena, "%s: the entry of '%s' changed its name",
                                               s->file, stub->name);
    } else {
      mcl_manifest_apply_overrides(s, n);
    }
    free(b.err);
    atomic_store_explicit(&p->real, n, memory_order_release);
    real = n;
  }
  pthread_mutex_unlock(&st->lock);
  return real;
}

/* ---- the domain alone ---- */

char *mcl_manifest_scan_domain(const char *data, size_t len) {
  /* Top-level keys sit at dict depth 1; nested dicts (pfm_subkeys) may hold
   * a pfm_domain of their own (conditions), which does not count. */
  int depth = 0;
  const char *p = data, *end = data + len;
  while ((p = memchr(p, '<', (size_t)(end - p)))) {
    size_t left = (size_t)(end - p);
    if (left >= 6 && !memcmp(p, "<dict>", 6)) depth++;
    else if (left >= 7 && !memcmp(p, "</dict>", 7)) depth--;
    else if (depth == 1 && left >= 21 && !memcmp(p, "<key>pfm_domain</key>", 21)) {
      const char *q = p + 21;
      while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')) q++;
      if ((size_t)(end - q) < 8 || memcmp(q, "<string>", 8)) return NULL;
      q += 8;
      const char *e = memchr(q, '<', (size_t)(end - q));
      if (!e || memchr(q, '&', (size_t)(e - q))) return NULL; /* let the reader decide */
      return mcl_xasprintf("%.*s", (int)(e - q), q);
    }
    p++;
  }
  return NULL;
}
