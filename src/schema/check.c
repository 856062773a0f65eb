/* check.c: a profile against Apple's payload schema.
 *
 * The profile's outer dictionary is checked against TopLevel, each payload
 * of PayloadContent against the schema of its PayloadType (with its
 * includes and variants). The walk follows the value tree and the schema
 * together, so nested dictionaries, arrays, ANY keys and (recursive) refs
 * are all checked at any depth; its depth is the value tree's, which the
 * readers cap.
 *
 * Platform facts (schemas/README.md, "Inheritance") are carried down as a
 * view: for each platform, whether the element is available and its
 * introduced / deprecated / removed versions and supervision. A finding
 * about availability is made where the view gets worse than its parent's,
 * so a payload that is too new is reported once, not at every key. Which
 * platforms count: the targeted ones (--platform); without a target, every
 * platform where the parent exists, and then only what is wrong on all of
 * them is reported.
 *
 * A payload type without a schema, and each preference domain of a custom
 * settings payload, is checked against its ProfileManifests manifest
 * (--manifests) when there is one: every fact made meanwhile names it.
 *
 * Each violation is recorded as a fact (check.h); the schema rules in
 * src/rules decide and word the findings. */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "schema/check.h"

#include "base/util.h"
#include "plist/walk.h"
#include "schema/manifest.h"
#include "schema/manifests.h"

#define ALL_PLATFORMS ((1u << MCL_PLATFORM_COUNT) - 1)

typedef struct pstate {
  bool avail, supervised;
  int8_t multiple;
  uint8_t denied; /* MCL_DENIED_*: scopes that do not take it (macOS) */
  mcl_osver introduced, deprecated, removed;
} pstate;

typedef struct view {
  pstate p[MCL_PLATFORM_COUNT];
} view;

/* Where the members of one dictionary come from: a nested dictionary has
 * one source; a payload has its variant, its own keys and its includes. A
 * source from an included schema starts from that schema's platform facts
 * (base), gated by the including payload's availability. */
typedef struct msrc {
  const mcl_members *m;
  const view *base; /* NULL: the parent's view */
} msrc;

#define MAX_SOURCES 16
#define MAX_FRAMES 160 /* more than the readers' depth cap */

/* The sources of one dictionary's members. A nested dictionary's chain is
 * one source on the stack; a payload's lives in the walker (its bases are
 * views), so that the recursion's frames stay small. */
typedef struct chain {
  msrc *src;
  view *bases;
  size_t n;
} chain;

typedef struct walker {
  const mcl_schema_check_args *args;
  const mcl_options *opts;
  mcl_arena *arena;
  mcl_violations *out;
  mcl_schema_set *set;
  pcre2_match_data *md;
  mcl_buf path;
  unsigned scope;   /* platforms that count */
  bool targeted;    /* scope comes from --platform */
  bool open;        /* payload type unknown: keys are not judged */
  bool at_root;     /* checking a payload's or the profile's own dictionary */
  bool top_level;   /* ... the profile's */
  unsigned payload_mask; /* platforms where the payload exists */
  uint8_t profile_scope; /* MCL_DENIED_SYSTEM or _USER: the profile's PayloadScope; 0: unset */
  const mcl_schema *payload_schema;
  msrc root_src[MAX_SOURCES]; /* the chain of the payload being checked */
  view root_bases[MAX_SOURCES];
  /* A manifest's payload or preference domain: facts name it, and its
   * conditions read the dictionaries on the way down (frames). */
  const mcl_schema *manifest;
  bool custom_settings; /* a domain of com.apple.ManagedClient.preferences */
  const mcl_value *frame_dict[MAX_FRAMES];
  const char *frame_name[MAX_FRAMES], *frame_item[MAX_FRAMES];
  size_t frames;
} walker;

/* ---- views ---- */

static void view_neutral(view *v) {
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
    v->p[i] = (pstate){.avail = true, .multiple = -1};
}

static void view_apply(view *v, const mcl_pfacts *delta, unsigned gate) {
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++) {
    pstate *s = &v->p[i];
    if (delta) {
      const mcl_pfacts *d = &delta[i];
      if (d->available == 0) s->avail = false;
      if (d->available == 1) s->avail = true;
      if (d->introduced) {
        s->avail = true;
        s->introduced = d->introduced;
      }
      if (d->deprecated) s->deprecated = d->deprecated;
      if (d->removed) s->removed = d->removed;
      if (d->supervised >= 0) s->supervised = d->supervised;
      if (d->multiple >= 0) s->multiple = d->multiple;
      s->denied |= d->denied_scopes;
    }
    if (!(gate & (1u << i))) s->avail = false;
  }
}

static unsigned avail_mask(const view *v) {
  unsigned m = 0;
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
    if (v->p[i].avail) m |= 1u << i;
  return m;
}

/* The payload-level view of a schema. */
static void schema_view(const mcl_schema *s, view *v) {
  view_neutral(v);
  if (s->has_platforms) view_apply(v, s->platform, ALL_PLATFORMS);
}

/* ---- judging ---- */

typedef enum { JUDGE_NONE, JUDGE_SOME, JUDGE_ALL } judgement;

/* wrong: platforms where the finding holds; relevant: where it could. With
 * a target, any wrong platform counts (SOME when not all of them are);
 * without one only a finding that holds everywhere is made. */
static judgement judge(const walker *w, unsigned wrong, unsigned relevant) {
  relevant &= w->scope;
  wrong &= relevant;
  if (!wrong) return JUDGE_NONE;
  if (wrong == relevant) return JUDGE_ALL;
  return w->targeted ? JUDGE_SOME : JUDGE_NONE;
}

/* ---- recording ---- */

static const char *cur_path(walker *w) { return mcl_buf_cstr(&w->path); }

/* The walk extends the path at every value, so the usual cases (plain keys,
 * indexes) are appended directly; mcl_buf_path_key quotes the others. */
static void path_push_key(walker *w, const char *key, size_t *mark) {
  *mark = w->path.len;
  size_t n = mcl_plain_key_prefix(key);
  if (n == 0 || key[n]) {
    mcl_buf_path_key(&w->path, key);
    return;
  }
  if (w->path.len) mcl_buf_putc(&w->path, '.');
  mcl_buf_add(&w->path, key, n);
}

static void path_push_index(walker *w, size_t i, size_t *mark) {
  *mark = w->path.len;
  char digits[24], *p = digits + sizeof digits;
  *--p = ']';
  do *--p = (char)('0' + i % 10); while (i /= 10);
  *--p = '[';
  mcl_buf_add(&w->path, p, (size_t)(digits + sizeof digits - p));
}

static void path_pop(walker *w, size_t mark) {
  w->path.len = mark;
  if (w->path.data) w->path.data[mark] = '\0';
}

/* What a message is about: "'Key'", "item 2 of 'Key'" or "payload T". The
 * text is made only when a finding needs it: most values have none. */
typedef struct subject {
  const char *key;               /* NULL for array items and payloads */
  size_t index;                  /* of an array item */
  const struct subject *parent;  /* the array of an item */
  const char *text;              /* fixed, or made on first use */
  mcl_pos pos;                   /* of the key (or the value when no key) */
  bool sensitive;                /* a manifest says its value is a secret */
} subject;

/* The value must not be printed: a secret key's, or an item of one. Asked
 * only when a message would show a value. */
static bool secret(const subject *sub) {
  for (; sub; sub = sub->parent) {
    if (sub->sensitive) return true;
    if (sub->key) return mcl_is_secret_key(sub->key);
  }
  return false;
}

static const char *what(walker *w, const subject *sub) {
  if (sub->text) return sub->text;
  subject *cache = (subject *)sub; /* the subject lives on the walker's stack */
  if (sub->key)
    cache->text = mcl_arena_printf(w->arena, "'%s'", sub->key);
  else
    cache->text = mcl_arena_printf(w->arena, "item %zu of %s", sub->index,
                                   sub->parent ? what(w, sub->parent) : "the array");
  return cache->text;
}

/* Appends a violation at pos and path about sub (NULL: none). The pointer
 * is good until the next record. */
static mcl_violation *record(walker *w, mcl_sv_kind kind, const subject *sub, mcl_pos pos,
                             const char *path) {
  mcl_violations *o = w->out;
  if (o->count == o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 16;
    mcl_violation *items = mcl_arena_alloc(w->arena, cap * sizeof *items);
    if (o->count) memcpy(items, o->items, o->count * sizeof *items);
    o->items = items;
    o->cap = cap;
  }
  mcl_violation *v = &o->items[o->count++];
  memset(v, 0, sizeof *v);
  v->kind = kind;
  v->pos = pos;
  v->path = mcl_arena_strdup(w->arena, path);
  if (sub) {
    v->subject = what(w, sub);
    v->secret = secret(sub);
  }
  if (w->manifest) {
    v->manifest = w->manifest->type;
    v->manifest_file = w->manifest->file;
  }
  return v;
}

/* ---- availability ---- */

#define FIELD(f) offsetof(pstate, f)

/* An availability violation on the platforms of mask; with v, the version
 * field of each of them. */
static void avail_fact(walker *w, mcl_sv_kind kind, const subject *sub, judgement j,
                       unsigned mask, const view *v, size_t field) {
  mcl_violation *f = record(w, kind, sub, sub->pos, cur_path(w));
  f->partial = j == JUDGE_SOME;
  f->platforms = mask;
  for (int i = 0; v && i < MCL_PLATFORM_COUNT; i++)
    if (mask & (1u << i)) memcpy(&f->versions[i], (const char *)&v->p[i] + field, sizeof(mcl_osver));
}

static void record_scope(walker *w, const subject *sub) {
  mcl_violation *f = record(w, MCL_SV_WRONG_SCOPE, sub, sub->pos, cur_path(w));
  f->platforms = MCL_PLATFORM_MACOS;
  f->detail = w->profile_scope == MCL_DENIED_SYSTEM ? "System" : "User";
}

/* Reports what gets worse from parent to node view on the platforms in
 * relevant. Returns false when the element is unavailable everywhere that
 * counts, so that its content is not checked further. at_default: the
 * value is the key's default. A device that ignores such a key (not
 * available there, too new, removed) or refuses it without supervision
 * behaves exactly as with the default, so there is nothing to report:
 * allowiTunes true on macOS, PayloadRemovalDisallowed false unsupervised,
 * DisableAssociationMACRandomization false before macOS 15. Deprecation is
 * still said: the key is to be migrated whatever its value. */
static bool check_availability(walker *w, const subject *sub, const view *parent,
                               const view *node, bool at_default) {
  const mcl_options *o = w->opts;
  unsigned relevant = avail_mask(parent) & w->scope;
  if (!relevant) return true;
  unsigned unavailable = 0, newer = 0, removed = 0, old = 0, deprecated = 0, supervised = 0;
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++) {
    const pstate *p = &parent->p[i], *n = &node->p[i];
    unsigned bit = 1u << i;
    if (!(relevant & bit)) continue;
    if (!n->avail) {
      unavailable |= bit;
      continue;
    }
    if (o->min_os && n->introduced > o->min_os && !(p->introduced > o->min_os) && !at_default)
      newer |= bit;
    /* Removed at or before the minimum OS: gone on every targeted device.
     * Removed later (or without --min-os): gone on newer devices only. */
    bool p_gone = o->min_os && p->removed && p->removed <= o->min_os;
    bool n_gone = o->min_os && n->removed && n->removed <= o->min_os;
    if (n_gone && !p_gone) {
      if (!at_default) removed |= bit;
    }
    else if (!n_gone && n->removed && n->removed != p->removed) old |= bit;
    else if (!n_gone && n->deprecated && n->deprecated != p->deprecated &&
             (!o->min_os || n->deprecated <= o->min_os))
      deprecated |= bit;
    if (n->supervised && !p->supervised && o->supervised == 0 && !at_default) supervised |= bit;
  }
  judgement j = at_default ? JUDGE_NONE : judge(w, unavailable, relevant);
  if (j != JUDGE_NONE) {
    avail_fact(w, MCL_SV_UNAVAILABLE, sub, j, unavailable & relevant, NULL, 0);
    if (j == JUDGE_ALL) return false;
  }
  relevant &= ~unavailable;
  /* PayloadScope is macOS's alone: a scope that does not take the payload
   * or key matters there whatever else is targeted. */
  const int mac = 1; /* MCL_PLATFORM_MACOS == 1u << 1 */
  if ((relevant & MCL_PLATFORM_MACOS) && (node->p[mac].denied & w->profile_scope) &&
      !(parent->p[mac].denied & w->profile_scope) && !at_default)
    record_scope(w, sub);
  if ((j = judge(w, newer, relevant)) != JUDGE_NONE)
    avail_fact(w, MCL_SV_NEWER, sub, j, newer & relevant, node, FIELD(introduced));
  if ((j = judge(w, removed, relevant)) != JUDGE_NONE)
    avail_fact(w, MCL_SV_REMOVED, sub, j, removed & relevant, node, FIELD(removed));
  if ((j = judge(w, old, relevant)) != JUDGE_NONE)
    avail_fact(w, MCL_SV_REMOVED_LATER, sub, j, old & relevant, node, FIELD(removed));
  if ((j = judge(w, deprecated, relevant)) != JUDGE_NONE)
    avail_fact(w, MCL_SV_DEPRECATED, sub, j, deprecated & relevant, node, FIELD(deprecated));
  if ((j = judge(w, supervised, relevant)) != JUDGE_NONE)
    avail_fact(w, MCL_SV_SUPERVISED, sub, j, supervised & relevant, NULL, 0);
  return true;
}

/* ---- chains of members ---- */

static void chain_add(chain *c, const mcl_members *m, const view *base) {
  if (c->n == MAX_SOURCES || !m) return;
  c->src[c->n].m = m;
  if (base && c->bases) {
    c->bases[c->n] = *base;
    c->src[c->n].base = &c->bases[c->n];
  } else {
    c->src[c->n].base = NULL;
  }
  c->n++;
}

static const mcl_variant *selected_variant(const mcl_schema *s, const mcl_value *dict) {
  for (size_t i = 0; i < s->variant_count; i++)
    if (mcl_value_is_string(mcl_dict_get(dict, s->variants[i].key), s->variants[i].value))
      return &s->variants[i];
  return NULL;
}

/* A payload's members: the selected variant, its own keys, then its
 * includes depth-first (first wins), each schema once. */
static void chain_schema(walker *w, chain *c, const mcl_schema *s, const mcl_value *dict,
                         const mcl_schema **seen, size_t *nseen) {
  for (size_t i = 0; i < *nseen; i++)
    if (seen[i] == s) return;
  if (*nseen == MAX_SOURCES) return;
  seen[(*nseen)++] = s;
  view base, *bp = NULL;
  if (s != w->payload_schema) {
    schema_view(s, &base);
    view_apply(&base, NULL, w->payload_mask);
    bp = &base;
  }
  const mcl_variant *v = selected_variant(s, dict);
  if (v) chain_add(c, &v->members, bp);
  chain_add(c, &s->members, bp);
  /* Custom settings hold preferences only: no Payload* keys. */
  for (size_t i = 0; i < s->include_count && !w->custom_settings; i++) {
    const mcl_schema *inc = mcl_schema_get(w->set, s->includes[i]);
    if (inc) chain_schema(w, c, inc, dict, seen, nseen);
  }
}

static const mcl_snode *chain_find(const chain *c, const char *key, const msrc **from) {
  for (size_t i = 0; i < c->n; i++) {
    const mcl_snode *n = mcl_members_find(c->src[i].m, key);
    if (n) {
      *from = &c->src[i];
      return n;
    }
  }
  for (size_t i = 0; i < c->n; i++)
    if (c->src[i].m->any) {
      *from = &c->src[i];
      return c->src[i].m->any;
    }
  return NULL;
}

/* ---- values ---- */

static void check_value(walker *w, const mcl_snode *node, const view *parent, const view *base,
                        const subject *sub, const mcl_value *v);

static mcl_type plist_type(mcl_stype t) {
  static const mcl_type map[] = {MCL_T_STRING, MCL_T_INTEGER, MCL_T_REAL, MCL_T_BOOL,
                                 MCL_T_DATE,   MCL_T_DATA,    MCL_T_ARRAY, MCL_T_DICT};
  return (size_t)t < sizeof map / sizeof map[0] ? map[t] : MCL_T_STRING;
}

/* An integer key that holds a truth value: its enum is {0, 1} or its range 0..1. */
static bool zero_one(const mcl_snode *n) {
  if (n->value_count) {
    for (size_t i = 0; i < n->value_count; i++)
      if (n->values[i].u.i.negative || n->values[i].u.i.magnitude > 1) return false;
    return true;
  }
  return n->has_min && n->has_max && n->min >= 0 && n->max <= 1;
}

typedef struct scalar {
  enum { SC_NONE, SC_INT, SC_REAL, SC_BOOL, SC_STRING } kind;
  uint64_t magnitude;
  bool negative, b;
  double r;
} scalar;

/* The value as the schema's type reads it, after a lenient conversion. */
static scalar as_scalar(const mcl_snode *n, const mcl_value *v) {
  scalar s = {SC_NONE, 0, false, false, 0};
  switch (n->type) {
  case MCL_S_INTEGER:
    if (v->type == MCL_T_INTEGER) {
      s.kind = SC_INT;
      s.magnitude = v->u.integer.magnitude;
      s.negative = v->u.integer.negative;
    } else if (v->type == MCL_T_BOOL) {
      s.kind = SC_INT;
      s.magnitude = v->u.boolean;
    }
    break;
  case MCL_S_REAL:
    if (mcl_value_number(v, &s.r)) s.kind = SC_REAL;
    break;
  case MCL_S_BOOLEAN:
    if (v->type == MCL_T_BOOL || v->type == MCL_T_INTEGER) {
      s.kind = SC_BOOL;
      s.b = v->type == MCL_T_BOOL ? v->u.boolean : v->u.integer.magnitude != 0;
    }
    break;
  case MCL_S_STRING:
    if (v->type == MCL_T_STRING) s.kind = SC_STRING;
    break;
  default: break;
  }
  return s;
}

static bool scalar_is(const mcl_enum_value *e, const scalar *s, const mcl_value *v) {
  switch (s->kind) {
  case SC_INT: return e->u.i.magnitude == s->magnitude && e->u.i.negative == s->negative;
  case SC_REAL: return e->u.r == s->r;
  case SC_BOOL: return e->u.b == s->b;
  case SC_STRING: return e->u.len == v->u.str.len && !memcmp(e->text, v->u.str.s, e->u.len);
  case SC_NONE: return true;
  }
  return false;
}

static bool enum_has(const mcl_snode *n, const scalar *s, const mcl_value *v) {
  for (size_t i = 0; i < n->value_count; i++)
    if (scalar_is(&n->values[i], s, v)) return true;
  return false;
}

/* A value equal to the key's default changes nothing on the device; nor
 * does an empty string in an optional key, which is an unset key. */
static bool is_default(const mcl_snode *n, const mcl_value *v) {
  if (n && v && !n->required && v->type == MCL_T_STRING && v->u.str.len == 0) return true;
  if (!n || !n->has_default || !v || v->invalid) return false;
  scalar s = as_scalar(n, v);
  return s.kind != SC_NONE && scalar_is(&n->default_value, &s, v);
}

static const char *value_text(mcl_arena *a, const scalar *s, const mcl_value *v) {
  switch (s->kind) {
  case SC_INT:
    return mcl_arena_printf(a, "%s%llu", s->negative ? "-" : "", (unsigned long long)s->magnitude);
  case SC_REAL: return mcl_arena_printf(a, "%g", s->r);
  case SC_BOOL: return s->b ? "true" : "false";
  case SC_STRING:
    return mcl_arena_printf(a, "'%.*s%s'", v->u.str.len > 80 ? 80 : (int)v->u.str.len,
                            v->u.str.s, v->u.str.len > 80 ? "..." : "");
  case SC_NONE: break;
  }
  return "?";
}

static void check_enum(walker *w, const mcl_snode *n, const subject *sub, const mcl_value *v,
                       const scalar *s) {
  if (!n->value_count || enum_has(n, s, v)) return;
  mcl_violation *f = record(w, MCL_SV_NOT_IN_ENUM, sub, v->pos, cur_path(w));
  f->node = n;
  f->value = v;
  if (!f->secret) f->actual = value_text(w->arena, s, v);
}

static void check_range(walker *w, const mcl_snode *n, const subject *sub, const mcl_value *v,
                        const scalar *s) {
  if (!n->has_min && !n->has_max) return;
  double x;
  if (s->kind == SC_INT) x = s->negative ? -(double)s->magnitude : (double)s->magnitude;
  else if (s->kind == SC_REAL) x = s->r;
  else return;
  bool low = n->has_min && x < n->min, high = n->has_max && x > n->max;
  if (!low && !high) return;
  mcl_violation *f = record(w, MCL_SV_OUT_OF_RANGE, sub, v->pos, cur_path(w));
  f->node = n;
  f->value = v;
  f->below = low;
  if (!f->secret) f->actual = value_text(w->arena, s, v);
}

static void check_format(walker *w, const mcl_snode *n, const subject *sub, const mcl_value *v) {
  if (!n->regex || v->type != MCL_T_STRING) return;
  int rc = pcre2_match(n->regex, (PCRE2_SPTR)v->u.str.s, v->u.str.len, 0, 0, w->md, NULL);
  if (rc >= 0) return;
  mcl_violation *f = record(w, MCL_SV_FORMAT, sub, v->pos, cur_path(w));
  f->node = n;
  f->value = v;
}

/* True when v may be read as the node's type; records a mismatch. */
static bool check_type(walker *w, const mcl_snode *n, const subject *sub, const mcl_value *v) {
  if (n->type == MCL_S_ANY) return true;
  mcl_type want = plist_type(n->type);
  if (v->type == want) return true;
  bool strict = w->opts->strict_types;
  if (!strict && want == MCL_T_REAL && v->type == MCL_T_INTEGER) return true;
  bool int_for_bool = want == MCL_T_BOOL && v->type == MCL_T_INTEGER &&
                      !v->u.integer.negative && v->u.integer.magnitude <= 1;
  bool bool_for_int = want == MCL_T_INTEGER && v->type == MCL_T_BOOL && zero_one(n);
  bool lenient = !strict && (int_for_bool || bool_for_int);
  mcl_violation *f = record(w, lenient ? MCL_SV_BOOL_INT_MIX : MCL_SV_WRONG_TYPE, sub, v->pos,
                            cur_path(w));
  f->node = n;
  f->value = v;
  f->want = want;
  f->strict_only =
      strict && (int_for_bool || bool_for_int || (want == MCL_T_REAL && v->type == MCL_T_INTEGER));
  return lenient;
}

/* ---- dictionaries and arrays ---- */

static bool is_envelope_key(const walker *w, const char *key) {
  static const char *const common[] = {"PayloadIdentifier", "PayloadUUID", "PayloadType",
                                       "PayloadVersion"};
  if (!w->at_root) return false;
  if (w->top_level && !strcmp(key, "PayloadContent")) return true;
  if (!w->args->common_keys_elsewhere) return false;
  for (size_t i = 0; i < 4; i++)
    if (!strcmp(key, common[i])) return true;
  return false;
}

/* A lower bound of the (case-insensitive) edit distance: each edit changes
 * a histogram of the characters by at most 2. Cheap enough to skip most
 * candidates of a "did you mean" search before the real distance. */
static size_t distance_bound(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > lb + 3 || lb > la + 3) return la > lb ? la - lb : lb - la; /* limits are <= 3 */
  int h[64] = {0};
  for (; *a; a++) h[tolower((unsigned char)*a) & 63]++;
  for (; *b; b++) h[tolower((unsigned char)*b) & 63]--;
  size_t sum = 0;
  for (int i = 0; i < 64; i++) sum += (size_t)(h[i] < 0 ? -h[i] : h[i]);
  return (sum + 1) / 2;
}

/* What the schema knows near an unknown key: a close key of the same
 * dictionary not present yet, or else the nested dictionaries that define
 * it (VPN's OnDemandRules put on the payload is misplaced, not unknown). */
/* Well-known misnamings that no edit distance finds, each suggested where
 * the right key is one of the dictionary's (unknown-key's explanation
 * lists them; a unit test keeps the two in step). */
static const struct {
  const char *wrong, *right;
} misnamings[] = {
    {"WiFiPassword", "Password"},     {"WifiPassword", "Password"},
    {"WLANPassword", "Password"},     {"Hidden", "HIDDEN_NETWORK"},
    {"HiddenNetwork", "HIDDEN_NETWORK"}, {"SSID", "SSID_STR"},
};

bool mcl_schema_misnaming(size_t i, const char **wrong, const char **right) {
  if (i >= sizeof misnamings / sizeof misnamings[0]) return false;
  *wrong = misnamings[i].wrong;
  *right = misnamings[i].right;
  return true;
}

static const char *misnamed(const chain *c, const mcl_value *dict, const char *key) {
  const msrc *from;
  for (size_t i = 0; i < sizeof misnamings / sizeof misnamings[0]; i++)
    if (!strcmp(key, misnamings[i].wrong) && !mcl_dict_get(dict, misnamings[i].right) &&
        chain_find(c, misnamings[i].right, &from))
      return misnamings[i].right;
  return NULL;
}

static void suggest_key(walker *w, mcl_violation *f, const chain *c, const mcl_value *dict,
                        const char *key) {
  if ((f->suggestion = misnamed(c, dict, key)) != NULL) return;
  size_t len = strlen(key), limit = len <= 4 ? 1 : len <= 10 ? 2 : 3;
  const char *best = NULL;
  size_t best_d = limit + 1;
  bool tie = false; /* another candidate as close: no single answer */
  for (size_t i = 0; i < c->n; i++)
    for (size_t k = 0; k < c->src[i].m->count; k++) {
      const char *name = c->src[i].m->keys[k]->name;
      if (distance_bound(key, name) > limit) continue;
      size_t dist = mcl_edit_distance(key, name, limit);
      if (dist > best_d || mcl_dict_get(dict, name) || (best && !strcmp(best, name))) continue;
      if (dist == best_d) {
        tie = true;
        continue;
      }
      best = name, best_d = dist, tie = false;
    }
  if (best) {
    f->suggestion = best;
    f->suggestion_tied = tie;
    return;
  }
  mcl_buf where = {0};
  size_t found = 0;
  for (size_t i = 0; i < c->n; i++)
    for (size_t k = 0; k < c->src[i].m->count; k++) {
      const mcl_snode *n = c->src[i].m->keys[k];
      if (n->type != MCL_S_DICT || !n->members || !mcl_members_find(n->members, key)) continue;
      if (found++ < 3) mcl_buf_printf(&where, "%s'%s'", found > 1 ? " or " : "", n->name);
    }
  if (found) f->detail = mcl_arena_strdup(w->arena, where.data);
  mcl_buf_free(&where);
}

/* ---- manifest conditions (pfm_conditionals, pfm_exclude) ---- */

/* The frames are the dictionaries from the payload's root down to the one
 * being checked; each is named by the key that holds it, and an array
 * item also by the array's key. A target's path is matched against them
 * from the root, so a target inside the same array item is that item's;
 * the rest of the path is followed through dictionaries. */
static const mcl_value *target_value(const walker *w, const mcl_target_cond *t) {
  size_t seg = 0, k = 0;
  while (k + 1 < w->frames) {
    const char *key = w->frame_name[k + 1], *item = w->frame_item[k + 1];
    size_t need = item ? 2 : 1;
    if (!key || seg + need >= t->path_len || strcmp(key, t->path[seg]) ||
        (item && strcmp(item, t->path[seg + 1])))
      break;
    seg += need;
    k++;
  }
  const mcl_value *d = w->frame_dict[k];
  for (; seg + 1 < t->path_len; seg++) {
    d = mcl_dict_get(d, t->path[seg]);
    if (!d || d->type != MCL_T_DICT) return NULL;
  }
  return mcl_dict_get(d, t->path[t->path_len - 1]);
}

static bool same_value(const mcl_value *a, const mcl_value *b) {
  if (a->type == MCL_T_STRING || b->type == MCL_T_STRING)
    return a->type == b->type && a->u.str.len == b->u.str.len &&
           !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
  if (a->type == MCL_T_BOOL || b->type == MCL_T_BOOL) {
    bool x, y;
    return mcl_value_truth(a, &x) && mcl_value_truth(b, &y) && x == y;
  }
  double x, y;
  return mcl_value_number(a, &x) && mcl_value_number(b, &y) && x == y;
}

static bool in_list(const mcl_value *list, const mcl_value *v) {
  for (size_t i = 0; i < list->u.array.count; i++)
    if (same_value(list->u.array.items[i], v)) return true;
  return false;
}

static bool contains_any(const mcl_value *list, const mcl_value *v) {
  if (v->type != MCL_T_ARRAY) return in_list(list, v);
  for (size_t i = 0; i < v->u.array.count; i++)
    if (in_list(list, v->u.array.items[i])) return true;
  return false;
}

static bool is_empty(const mcl_value *v) {
  switch (v->type) {
  case MCL_T_STRING: return v->u.str.len == 0;
  case MCL_T_ARRAY: return v->u.array.count == 0;
  case MCL_T_DICT: return v->u.dict.count == 0;
  case MCL_T_DATA: return v->u.data.len == 0;
  default: return false;
  }
}

static bool values_hold(const mcl_target_cond *t, const mcl_value *v) {
  return (!t->in || in_list(t->in, v)) && (!t->not_in || !in_list(t->not_in, v)) &&
         (!t->contains_any || contains_any(t->contains_any, v)) &&
         (!t->contains_none || !contains_any(t->contains_none, v)) &&
         (t->value_empty < 0 || is_empty(v) == (bool)t->value_empty);
}

/* A test on an absent target holds only when it asks for absence (with
 * pfm_present false, "absent or one of these values"); a test mclint
 * cannot evaluate never holds. Both keep findings to what is certain. */
static bool test_holds(const walker *w, const mcl_target_cond *t) {
  if (t->unsupported || !t->path_len) return false;
  const mcl_value *v = target_value(w, t);
  bool value_tests = t->in || t->not_in || t->contains_any || t->contains_none ||
                     t->value_empty >= 0;
  if (t->present == 0) return !v || (value_tests && values_hold(t, v));
  if (!v) return false;
  return !value_tests || values_hold(t, v);
}

static bool condition_holds(const walker *w, const mcl_condition *c) {
  if (!c->count) return false;
  for (size_t i = 0; i < c->count; i++)
    if (!test_holds(w, &c->tests[i])) return false;
  return true;
}

static void list_text(mcl_buf *b, const mcl_value *list) {
  for (size_t i = 0; i < list->u.array.count && i < 6; i++) {
    const mcl_value *v = list->u.array.items[i];
    if (i) mcl_buf_puts(b, ", ");
    if (v->type == MCL_T_STRING) mcl_buf_printf(b, "'%.40s'", v->u.str.s);
    else if (v->type == MCL_T_BOOL) mcl_buf_puts(b, v->u.boolean ? "true" : "false");
    else if (v->type == MCL_T_INTEGER)
      mcl_buf_printf(b, "%s%llu", v->u.integer.negative ? "-" : "",
                     (unsigned long long)v->u.integer.magnitude);
    else if (v->type == MCL_T_REAL) mcl_buf_printf(b, "%g", v->u.real);
    else mcl_buf_puts(b, mcl_type_element(v->type));
  }
  if (list->u.array.count > 6) mcl_buf_puts(b, ", ...");
}

/* "'ProxyMode' is 'pac_script'": what made a condition hold, for messages. */
static const char *condition_text(walker *w, const mcl_condition *c) {
  mcl_buf b = {0};
  for (size_t i = 0; i < c->count; i++) {
    const mcl_target_cond *t = &c->tests[i];
    if (i) mcl_buf_puts(&b, " and ");
    mcl_buf_printf(&b, "'%s' ", t->target);
    if (t->in) mcl_buf_puts(&b, "is one of: "), list_text(&b, t->in);
    else if (t->not_in) mcl_buf_puts(&b, "is not one of: "), list_text(&b, t->not_in);
    else if (t->contains_any) mcl_buf_puts(&b, "contains any of: "), list_text(&b, t->contains_any);
    else if (t->contains_none)
      mcl_buf_puts(&b, "contains none of: "), list_text(&b, t->contains_none);
    else if (t->value_empty >= 0) mcl_buf_puts(&b, t->value_empty ? "is empty" : "is not empty");
    else mcl_buf_puts(&b, t->present == 0 ? "is not set" : "is set");
    if (t->present == 0 && (t->in || t->not_in || t->contains_any || t->contains_none))
      mcl_buf_puts(&b, " or is not set");
  }
  const char *text = mcl_arena_strdup(w->arena, mcl_buf_cstr(&b));
  mcl_buf_free(&b);
  return text;
}

/* The condition that makes a key required, or NULL. */
static const mcl_condition *required_by(const walker *w, const mcl_snode *n) {
  if (!n->pfm) return NULL;
  for (size_t i = 0; i < n->pfm->required_if_count; i++) {
    const mcl_condition *c = &n->pfm->required_if[i];
    if (!c->push && condition_holds(w, c)) return c;
  }
  return NULL;
}

static void check_excluded(walker *w, const mcl_snode *n, const mcl_entry *e) {
  for (size_t i = 0; n->pfm && i < n->pfm->excluded_if_count; i++) {
    const mcl_condition *c = &n->pfm->excluded_if[i];
    if (!condition_holds(w, c)) continue;
    mcl_violation *f = record(w, MCL_SV_EXCLUDED, NULL, e->key_pos, cur_path(w));
    f->key = e->key;
    f->node = n;
    f->condition = condition_text(w, c);
    return;
  }
}

static void push_frame(walker *w, const mcl_value *dict, const subject *sub,
                       const mcl_snode *node) {
  if (w->frames == MAX_FRAMES) return;
  w->frame_dict[w->frames] = dict;
  w->frame_name[w->frames] = sub->key ? sub->key : sub->parent ? sub->parent->key : NULL;
  w->frame_item[w->frames] = sub->key ? NULL : node->name;
  w->frames++;
}

static void check_required(walker *w, const chain *c, const view *parent, const mcl_value *dict,
                           const subject *owner) {
  unsigned relevant = avail_mask(parent) & w->scope;
  for (size_t i = 0; i < c->n; i++) {
    const mcl_members *m = c->src[i].m;
    for (size_t k = 0; k < m->count; k++) {
      const mcl_snode *n = m->keys[k];
      /* Only a required key or a manifest's (which may require it under a
       * condition) can be missing: most members are neither, and looking
       * each up in the dictionary is the cost. */
      if (!n->required && !n->pfm) continue;
      if (mcl_dict_get(dict, n->name) || is_envelope_key(w, n->name)) continue;
      /* Custom settings set some of a domain's preferences, not all. */
      bool always = n->required && !(w->custom_settings && w->at_root);
      const mcl_condition *cond = always || !n->pfm ? NULL : required_by(w, n);
      if (!always && !cond) continue;
      const msrc *from;
      if (chain_find(c, n->name, &from) != n) continue; /* shadowed by an earlier source */
      view nv = from->base ? *from->base : *parent;
      view_apply(&nv, n->platform, w->payload_mask);
      if (judge(w, avail_mask(&nv), relevant) == JUDGE_NONE) continue;
      mcl_violation *f = record(w, MCL_SV_MISSING_KEY, owner, dict->pos, cur_path(w));
      f->key = n->name;
      f->node = n;
      f->want = plist_type(n->type);
      if (cond) f->condition = condition_text(w, cond);
    }
  }
}

/* A manifest key read on first use (manifest.c). */
static const mcl_snode *resolve(walker *w, const mcl_snode *stub, const mcl_entry *e) {
  const mcl_snode *n = mcl_manifest_resolve(stub);
  if (stub->pfm->lazy_error) {
    mcl_violation *f = record(w, MCL_SV_BROKEN_MANIFEST_KEY, NULL, e->key_pos, cur_path(w));
    f->key = e->key;
    f->detail = stub->pfm->lazy_error;
  }
  return n;
}

static void check_dict(walker *w, const chain *c, const view *parent, const mcl_value *dict,
                       const subject *owner) {
  bool at_root = w->at_root;
  for (size_t i = 0; i < dict->u.dict.count; i++) {
    const mcl_entry *e = &dict->u.dict.entries[i];
    if (e->shadowed) continue;
    w->at_root = at_root;
    if (at_root && w->top_level && !strcmp(e->key, "PayloadContent")) continue;
    const msrc *from = NULL;
    const mcl_snode *n = chain_find(c, e->key, &from);
    size_t mark;
    path_push_key(w, e->key, &mark);
    if (n && n->pfm && n->pfm->lazy_len) n = resolve(w, n, e);
    if (!n) {
      if (!w->open) {
        mcl_violation *f = record(w, MCL_SV_UNKNOWN_KEY, owner, e->key_pos, cur_path(w));
        f->key = e->key;
        f->entry = e;
        suggest_key(w, f, c, dict, e->key);
      }
    } else {
      subject sub = {.key = e->key, .pos = e->key_pos, .sensitive = n->pfm && n->pfm->sensitive};
      w->at_root = false;
      check_value(w, n, parent, from->base ? from->base : parent, &sub, e->value);
      if (n->pfm && n->pfm->excluded_if_count) check_excluded(w, n, e);
    }
    path_pop(w, mark);
  }
  w->at_root = at_root;
  /* An ANY member marked required describes every entry; it does not
   * require one to exist (an empty VendorConfig is fine). */
  check_required(w, c, parent, dict, owner);
}

static void check_array(walker *w, const mcl_snode *n, const view *nv, const subject *sub,
                        const mcl_value *v) {
  const mcl_snode *item = n->item;
  size_t count = v->u.array.count;
  bool few = item->has_min_items && count < item->min_items;
  bool many = item->has_max_items && count > item->max_items;
  for (int k = 0; k < 2; k++) {
    if (!(k ? many : few)) continue;
    mcl_violation *f =
        record(w, k ? MCL_SV_TOO_MANY_ITEMS : MCL_SV_TOO_FEW_ITEMS, sub, v->pos, cur_path(w));
    f->node = item;
    f->value = v;
    f->count = count;
  }
  for (size_t i = 0; i < count; i++) {
    const mcl_value *it = v->u.array.items[i];
    size_t mark;
    path_push_index(w, i, &mark);
    subject isub = {.index = i, .parent = sub, .pos = it->pos};
    check_value(w, item, nv, nv, &isub, it);
    path_pop(w, mark);
  }
}

/* What only a manifest says about a value: a secret (plaintext-secret
 * judges it), and a key the app deprecated. */
static void check_manifest_facts(walker *w, const mcl_snode *node, const subject *sub,
                                 const mcl_value *v) {
  const mcl_pfm *p = node->pfm;
  if (p->sensitive && !v->invalid && mcl_value_has_content(v)) {
    mcl_violation *f = record(w, MCL_SV_SECRET_VALUE, sub, v->pos, cur_path(w));
    f->key = sub->key;
    f->node = node;
    f->value = v;
  }
  if (p->app_deprecated) {
    mcl_violation *f = record(w, MCL_SV_APP_DEPRECATED, sub, sub->pos, cur_path(w));
    f->node = node;
    f->detail = p->app_deprecated;
  }
}

static void check_value(walker *w, const mcl_snode *node, const view *parent, const view *base,
                        const subject *sub, const mcl_value *v) {
  view nv = *base;
  view_apply(&nv, node->platform, w->payload_mask);
  if (!check_availability(w, sub, parent, &nv, is_default(node, v))) return;
  if (v->invalid || !check_type(w, node, sub, v)) return;
  if (node->type == MCL_S_DICT && v->type == MCL_T_DICT) {
    msrc one;
    chain c = {.src = &one, .bases = NULL, .n = 0};
    chain_add(&c, node->members, NULL);
    push_frame(w, v, sub, node);
    check_dict(w, &c, &nv, v, sub);
    w->frames--;
  } else if (node->type == MCL_S_ARRAY && v->type == MCL_T_ARRAY) {
    check_array(w, node, &nv, sub, v);
  } else if (node->type != MCL_S_ANY) {
    scalar s = as_scalar(node, v);
    check_enum(w, node, sub, v, &s);
    check_range(w, node, sub, v, &s);
    check_format(w, node, sub, v);
  }
  if (node->pfm) check_manifest_facts(w, node, sub, v);
}

/* ---- payloads ---- */

static void check_root(walker *w, const mcl_schema *s, const mcl_value *dict, const char *path,
                       const char *owner, bool top_level) {
  w->payload_schema = s;
  w->at_root = true;
  w->top_level = top_level;
  view pv;
  schema_view(s, &pv);
  w->payload_mask = avail_mask(&pv);
  chain c = {.src = w->root_src, .bases = w->root_bases, .n = 0};
  const mcl_schema *seen[MAX_SOURCES];
  size_t nseen = 0;
  chain_schema(w, &c, s, dict, seen, &nseen);
  mcl_buf_clear(&w->path);
  mcl_buf_puts(&w->path, path);
  subject who = {.text = owner, .pos = dict->pos};
  w->frames = 1;
  w->frame_dict[0] = dict;
  w->frame_name[0] = w->frame_item[0] = NULL;
  check_dict(w, &c, &pv, dict, &who);
  w->at_root = false;
}

static const char *closest_type(mcl_schema_set *set, const char *type, bool *exact_case) {
  const char *best = NULL;
  size_t best_d = strlen(type) < 16 ? 2 : 4;
  *exact_case = false;
  for (size_t i = 0; i < mcl_schema_type_count(set); i++) {
    const char *t = mcl_schema_type_at(set, i);
    if (!strcmp(t, "TopLevel") || !strcmp(t, "CommonPayloadKeys")) continue;
    if (distance_bound(type, t) >= best_d) continue;
    size_t d = mcl_edit_distance(type, t, best_d - 1);
    if (d < best_d) best = t, best_d = d;
  }
  *exact_case = best && best_d == 0;
  return best;
}

/* s without "com.apple." and without case or punctuation ("webcontentfilter"). */
static void squeeze(const char *s, char *out, size_t cap) {
  size_t o = 0;
  for (s += 10; *s && o + 1 < cap; s++)
    if (isalnum((unsigned char)*s)) out[o++] = (char)tolower((unsigned char)*s);
  out[o] = '\0';
}

/* An invented com.apple.* type (com.apple.contentfilter): a real one whose
 * name holds all of it (com.apple.webcontent-filter). macOS takes any
 * other com.apple.* name for a preference domain, as it is for many real
 * ones (com.apple.Terminal, com.apple.screensaver.ByHost): not reported. */
static const char *containing_type(mcl_schema_set *set, const char *type, const mcl_value *dict) {
  char want[128], have[128];
  squeeze(type, want, sizeof want);
  if (strlen(want) < 6) return NULL;
  const char *best = NULL;
  size_t best_score = 0, found = 0;
  bool tie = false;
  for (size_t i = 0; i < mcl_schema_type_count(set); i++) {
    const char *t = mcl_schema_type_at(set, i);
    if (strncmp(t, "com.apple.", 10) != 0) continue;
    squeeze(t, have, sizeof have);
    if (!strstr(have, want)) continue;
    /* Of several, the one that defines most of the payload's own keys. */
    const mcl_schema *sc = mcl_schema_get(set, t);
    size_t score = 0;
    for (size_t k = 0; sc && k < dict->u.dict.count; k++) {
      const char *key = dict->u.dict.entries[k].key;
      if (strncmp(key, "Payload", 7) != 0 && mcl_members_find(&sc->members, key)) score++;
    }
    found++;
    if (!best || score > best_score) best = t, best_score = score, tie = false;
    else if (score == best_score) tie = true;
  }
  return found == 1 || (best_score && !tie) ? best : NULL;
}

static void unknown_type(walker *w, const mcl_payload *p) {
  const mcl_value *tv = mcl_dict_get(p->dict, "PayloadType");
  mcl_violation *f = record(w, MCL_SV_UNKNOWN_TYPE, NULL, tv->pos, p->path);
  f->key = p->type;
  f->suggestion = closest_type(w->set, p->type, &f->exact_case);
  if (f->suggestion || strncmp(p->type, "com.apple.", 10) != 0) return;
  const char *rest = p->type + 10;
  if (!strncmp(rest, "com.apple.", 10)) {
    /* The prefix twice (com.apple.com.apple.X): the domain meant is the rest. */
    while (!strncmp(rest + 10, "com.apple.", 10)) rest += 10;
    f->suggestion = rest;
    return;
  }
  f->suggestion = containing_type(w->set, p->type, p->dict);
}

/* Records a manifest file (or list of files) used, each once. */
static void add_manifest(walker *w, const char *files) {
  mcl_violations *o = w->out;
  if (!files) return;
  for (size_t i = 0; i < o->manifest_count; i++)
    if (!strcmp(o->manifests[i], files)) return;
  if (o->manifest_count == o->manifest_cap) {
    size_t cap = o->manifest_cap ? o->manifest_cap * 2 : 8;
    const char **items = mcl_arena_alloc(w->arena, cap * sizeof *items);
    if (o->manifest_count) memcpy(items, o->manifests, o->manifest_count * sizeof *items);
    o->manifests = items;
    o->manifest_cap = cap;
  }
  o->manifests[o->manifest_count++] = mcl_arena_strdup(w->arena, files);
}

/* The manifest of a domain without a schema, or NULL. A manifest that
 * could not be read is recorded (once per use, naming its file) instead of
 * the unknown type; *reported says so. */
static const mcl_schema *manifest_for(walker *w, const char *domain, mcl_pos pos,
                                      const char *path, bool *reported) {
  *reported = false;
  mcl_manifest_lookup m = mcl_schema_manifest(w->set, domain);
  if (m.schema) {
    add_manifest(w, m.files);
    return m.schema;
  }
  if (m.error) {
    *reported = true;
    mcl_violation *f = record(w, MCL_SV_BROKEN_MANIFEST, NULL, pos, path);
    f->key = domain;
    f->subject = w->custom_settings ? "this preference domain" : "this payload";
    f->detail = m.error;
  }
  return NULL;
}

static void check_payload(walker *w, const mcl_payload *p) {
  const mcl_schema *s = p->type ? mcl_schema_get(w->set, p->type) : NULL;
  bool known = s && strcmp(p->type, "TopLevel") && strcmp(p->type, "CommonPayloadKeys");
  const char *broken = !s && p->type ? mcl_schema_set_error(w->set, p->type) : NULL;
  bool reported = false;
  if (!known && !broken && p->type) {
    s = manifest_for(w, p->type, mcl_dict_get(p->dict, "PayloadType")->pos, p->path, &reported);
    known = s != NULL;
    w->manifest = s;
  }
  if (broken) {
    /* Never with the tested embedded schemas. */
    mcl_violation *f =
        record(w, MCL_SV_BROKEN_SCHEMA, NULL, mcl_dict_get(p->dict, "PayloadType")->pos, p->path);
    f->key = p->type;
    f->detail = broken;
  } else if (!known && !reported) {
    if (p->type && !mcl_schema_shipped_type(p->type)) unknown_type(w, p);
  }
  if (!known) {
    /* Unknown or missing type: only the common keys can be judged. */
    s = mcl_schema_get(w->set, "CommonPayloadKeys");
    if (!s) return;
    w->open = true;
    check_root(w, s, p->dict, p->path, "this payload", false);
    w->open = false;
    return;
  }
  const char *owner = mcl_arena_printf(w->arena, "payload %s", p->type);
  view neutral, pv;
  view_neutral(&neutral);
  schema_view(s, &pv);
  const mcl_value *tv = mcl_dict_get(p->dict, "PayloadType");
  subject sub = {.key = NULL,
                 .text = s->title ? mcl_arena_printf(w->arena, "payload %s (%s)", p->type,
                                                     s->title)
                                  : owner,
                 .pos = tv->pos};
  w->payload_mask = ALL_PLATFORMS;
  mcl_buf_clear(&w->path);
  mcl_buf_puts(&w->path, p->path);
  if (check_availability(w, &sub, &neutral, &pv, false))
    check_root(w, s, p->dict, p->path, owner, false);
  w->manifest = NULL;
}

/* ---- custom settings (com.apple.ManagedClient.preferences) ---- */

static const char *const mcx_levels[] = {"Forced", "Set-Once", "Often"};

/* The settings of one preference domain, at every management level, against
 * the domain's manifest (mcx-preferences-structure judges the structure
 * itself). */
static void check_domain(walker *w, const char *base, const mcl_entry *d) {
  if (d->shadowed || d->value->type != MCL_T_DICT) return;
  mcl_arena *a = w->arena;
  const char *dpath = mcl_path_key(a, base, d->key);
  /* A domain that is also an Apple payload type is left alone: Apple's
   * payload schema lists what a payload may set, not every preference of
   * the domain (loginwindow, Finder), and its manifest repeats it. */
  bool reported;
  const mcl_schema *s = w->manifest = manifest_for(w, d->key, d->key_pos, dpath, &reported);
  if (!s) return;
  const char *owner = mcl_arena_printf(a, "the %s preferences", d->key);
  for (size_t l = 0; l < 3; l++) {
    const mcl_value *level = mcl_dict_get_type(d->value, mcx_levels[l], MCL_T_ARRAY);
    for (size_t i = 0; level && i < level->u.array.count; i++) {
      const mcl_value *item = level->u.array.items[i];
      const mcl_value *set = item->type == MCL_T_DICT
                                 ? mcl_dict_get_type(item, "mcx_preference_settings", MCL_T_DICT)
                                 : NULL;
      if (!set) continue;
      const char *path = mcl_path_key(
          a, mcl_path_index(a, mcl_path_key(a, dpath, mcx_levels[l]), i),
          "mcx_preference_settings");
      check_root(w, s, set, path, owner, false);
    }
  }
  w->manifest = NULL;
}

static void check_custom_settings(walker *w, const mcl_payload *p) {
  const mcl_value *pc = mcl_dict_get_type(p->dict, "PayloadContent", MCL_T_DICT);
  if (!pc) return;
  const char *base = mcl_path_key(w->arena, p->path, "PayloadContent");
  w->custom_settings = true;
  for (size_t i = 0; i < pc->u.dict.count; i++) check_domain(w, base, &pc->u.dict.entries[i]);
  w->custom_settings = false;
}

/* The platforms on which the payload exists and a device holds only one:
 * per_profile also counts types that are one per profile (many per
 * device); unsupervised leaves out those that need supervision. */
static unsigned single_platforms(const view *pv, bool per_profile, bool unsupervised) {
  unsigned single = 0;
  for (int k = 0; k < MCL_PLATFORM_COUNT; k++) {
    const pstate *p = &pv->p[k];
    bool one = p->multiple == 0 || (per_profile && p->multiple == MCL_MULTIPLE_PER_PROFILE);
    if (p->avail && one && !(unsupervised && p->supervised)) single |= 1u << k;
  }
  return single;
}

/* Payload types that may appear once (multiple=false) but appear again. */
static void check_multiple(walker *w) {
  const mcl_profile *pr = w->args->profile;
  for (size_t i = 0; i < pr->payload_count; i++) {
    const mcl_payload *p = &pr->payloads[i];
    if (!p->type) continue;
    const mcl_payload *first = NULL;
    for (size_t k = 0; k < i && !first; k++)
      if (pr->payloads[k].type && !strcmp(pr->payloads[k].type, p->type)) first = &pr->payloads[k];
    if (!first) continue;
    const mcl_schema *s = mcl_schema_get(w->set, p->type);
    if (!s || !s->has_platforms) continue;
    view pv;
    schema_view(s, &pv);
    unsigned single = single_platforms(&pv, true, false);
    judgement j = judge(w, single, avail_mask(&pv));
    if (j == JUDGE_NONE) continue;
    mcl_violation *f =
        record(w, MCL_SV_SECOND_PAYLOAD, NULL, mcl_dict_get(p->dict, "PayloadType")->pos, p->path);
    f->key = p->type;
    f->detail = first->path;
    f->platforms = single & w->scope;
    f->partial = j == JUDGE_SOME;
  }
}

unsigned mcl_schema_single_platforms(mcl_schema_set *set, const char *type,
                                     const mcl_options *opts) {
  const mcl_schema *s = type ? mcl_schema_get(set, type) : NULL;
  if (!s || !s->has_platforms) return 0;
  view pv;
  schema_view(s, &pv);
  /* Across profiles: one per profile is many per device, and a payload a
   * device of the target refuses (supervised only, on an unsupervised
   * target: supervised-only's finding) meets no other there. */
  unsigned single = single_platforms(&pv, false, opts->supervised == 0);
  walker w = {.targeted = opts->platforms != 0};
  w.scope = w.targeted ? opts->platforms & ALL_PLATFORMS : ALL_PLATFORMS;
  return judge(&w, single, avail_mask(&pv)) == JUDGE_NONE ? 0 : single & w.scope;
}

void mcl_schema_check(const mcl_schema_check_args *a, mcl_violations *out) {
  const mcl_profile *pr = a->profile;
  if (!pr->root || !a->set) return;
  walker w = {.args = a, .opts = a->opts, .arena = a->arena, .out = out, .set = a->set};
  w.targeted = a->opts->platforms != 0;
  w.scope = w.targeted ? a->opts->platforms & ALL_PLATFORMS : ALL_PLATFORMS;
  w.md = pcre2_match_data_create(1, NULL);
  const mcl_value *scope = mcl_dict_get(pr->root, "PayloadScope");
  if (scope && scope->type == MCL_T_STRING)
    w.profile_scope = mcl_streq_icase(scope->u.str.s, "System") ? MCL_DENIED_SYSTEM
                      : mcl_streq_icase(scope->u.str.s, "User") ? MCL_DENIED_USER
                                                                 : 0;
  const mcl_schema *top = mcl_schema_get(w.set, "TopLevel");
  if (top) check_root(&w, top, pr->root, "", "the profile", true);
  for (size_t i = 0; i < pr->payload_count; i++) {
    check_payload(&w, &pr->payloads[i]);
    const char *type = pr->payloads[i].type;
    if (type && !strcmp(type, "com.apple.ManagedClient.preferences"))
      check_custom_settings(&w, &pr->payloads[i]);
  }
  check_multiple(&w);
  pcre2_match_data_free(w.md);
  mcl_buf_free(&w.path);
}
