/* schema.h: Apple's payload schema in memory (format: schemas/README.md),
 * the linter's lazily filled cache of it, and the walk that checks a
 * profile against it.
 *
 * One mcl_schema is one payload schema file. Its tree is read-only once
 * loaded and shared by every thread using the linter. Refs are pointers to
 * the define's body, never copies, so recursive defines cost nothing.
 * Includes are kept as names and resolved through the set at check time, so
 * that loading a schema never loads another. */
#ifndef MCL_SCHEMA_H
#define MCL_SCHEMA_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/options.h"
#include "plist/value.h"

typedef enum {
  MCL_S_STRING,
  MCL_S_INTEGER,
  MCL_S_REAL,
  MCL_S_BOOLEAN,
  MCL_S_DATE,
  MCL_S_DATA,
  MCL_S_ARRAY,
  MCL_S_DICT,
  MCL_S_ANY, /* any plist value, not checked */
} mcl_stype;

const char *mcl_stype_name(mcl_stype t); /* "string", ... */

/* The facts one <platform> element gives. Unset fields: -1 or 0. */
/* Profile scopes (macOS): a payload allowed in only one of them says so. */
enum {
  MCL_DENIED_SYSTEM = 1u << 0, /* not in a System profile (Apple: device-channel false) */
  MCL_DENIED_USER = 1u << 1,   /* not in a User profile (Apple: user-channel false) */
};

enum { MCL_MULTIPLE_PER_PROFILE = 2 };

typedef struct mcl_pfacts {
  int8_t available; /* -1 unset, 0 not available, 1 available */
  /* multiple: -1 unset, 0 one per device, 1 many, MCL_MULTIPLE_PER_PROFILE
   * one per profile but many per device (a removal password guards its own
   * profile). supervised: -1 unset, 0, 1. */
  int8_t multiple, supervised;
  uint8_t denied_scopes; /* MCL_DENIED_*; 0: both allowed, or not said */
  mcl_osver introduced, deprecated, removed; /* 0: unset */
} mcl_pfacts;

typedef struct mcl_enum_value {
  const char *text; /* as written in the schema */
  union {
    struct {
      uint64_t magnitude;
      bool negative;
    } i;
    double r;
    bool b;
    size_t len; /* string: bytes of text */
  } u;
} mcl_enum_value;

typedef struct mcl_snode mcl_snode;

/* ---- what only manifests say (schema/manifest.c) ---- */

/* One test of a manifest's pfm_target_conditions: on the value at target
 * (key names from the payload's root, '.'-separated; array items by their
 * manifest name). Lists are arrays of the manifest's own values. */
typedef struct mcl_target_cond {
  const char *target;
  const char **path; /* target split at '.' */
  size_t path_len;
  int8_t present;    /* -1: not tested; 0: must be absent (or pass the value tests) */
  int8_t value_empty; /* -1: not tested */
  const mcl_value *in, *not_in, *contains_any, *contains_none; /* arrays, or NULL */
  bool unsupported;  /* a test mclint cannot evaluate (platform, domain): never holds */
} mcl_target_cond;

/* A pfm_conditionals or pfm_exclude entry: holds when all its tests hold. */
typedef struct mcl_condition {
  mcl_target_cond *tests;
  size_t count;
  bool push; /* pfm_require "push": required only when MDM pushes it */
} mcl_condition;

typedef struct mcl_pfm {
  /* A key read only when a profile uses it (manifest.c): the extent of its
   * entry in the manifest, and the node once read (NULL until then). */
  size_t lazy_offset, lazy_len;
  _Atomic(const mcl_snode *) real;
  const char *lazy_error; /* why reading it failed; then real is an "any" node */
  struct mcl_schema *owner;
  mcl_condition *required_if, *excluded_if;
  size_t required_if_count, excluded_if_count;
  bool sensitive;              /* pfm_sensitive: the value is a secret */
  bool require_push;           /* pfm_require "push" */
  const char *app_deprecated; /* the app version that deprecated the key (information) */
} mcl_pfm;

/* The members of one dictionary: named keys sorted by name, and at most
 * one <any> that stands for every other key. */
typedef struct mcl_members {
  mcl_snode **keys;
  size_t count;
  mcl_snode *any;
} mcl_members;

/* A <key>, <any> or <item>. */
struct mcl_snode {
  const char *name; /* <key name>; NULL for <any> and <item> */
  mcl_stype type;
  bool required;        /* presence="required" (on <any>: at least one entry) */
  unsigned line;        /* in the schema file */
  mcl_pfacts *platform; /* [MCL_PLATFORM_COUNT] deltas, or NULL when none */
  /* scalars */
  bool has_default;
  mcl_enum_value default_value; /* what a device assumes when the key is absent */
  mcl_enum_value *values;
  size_t value_count;
  bool has_min, has_max;
  double min, max;
  const char *format; /* whole-string regular expression */
  pcre2_code *regex;
  /* array: the element type; on the element, the array's size bounds */
  const mcl_snode *item;
  bool has_min_items, has_max_items;
  uint64_t min_items, max_items;
  /* dict (or a dict under type "any"): its members, own or a define's */
  const mcl_members *members;
  const char *ref; /* the define named by <ref>, until resolved */
  const mcl_pfm *pfm; /* manifests only; NULL for Apple's schema */
};

typedef struct mcl_variant {
  const char *key, *value;
  mcl_members members;
} mcl_variant;

typedef struct mcl_define {
  const char *name;
  unsigned line;
  mcl_members members; /* a dictionary body ... */
  mcl_snode *item;     /* ... or an array body */
} mcl_define;

typedef struct mcl_schema {
  const char *type, *title, *file;
  /* Made from a ProfileManifests manifest (schema/manifest.c): findings say
   * so, its Payload* keys stay Apple's (it includes CommonPayloadKeys) and
   * in custom settings it is checked without them. */
  bool is_manifest;
  struct mcl_manifest_state *manifest_state; /* see manifest.c */
  bool has_platforms; /* false: Apple gives no platform facts */
  mcl_pfacts platform[MCL_PLATFORM_COUNT];
  const char **includes;
  size_t include_count;
  mcl_members members;
  mcl_variant *variants;
  size_t variant_count;
  mcl_define *defines;
  size_t define_count;
  mcl_arena arena;
  pcre2_code **regexes; /* owned, freed with the schema */
  size_t regex_count, regex_cap;
  /* Compiled into the program (tools/compile_schemas.c): static data, never
   * freed; its nodes' regexes are compiled on first use (format_nodes). */
  bool is_static;
  mcl_snode **format_nodes;
  size_t format_node_count;
} mcl_schema;

/* Parses and validates one schema file. On failure returns NULL and sets
 * *err to "FILE:LINE: message" (free() it). */
mcl_schema *mcl_schema_parse(const void *data, size_t len, const char *file, char **err);
void mcl_schema_free(mcl_schema *s); /* does nothing to a static schema */
/* A key's format as a whole-string regex (NULL and *code on failure). */
pcre2_code *mcl_schema_compile_format(const char *fmt, int *code, PCRE2_SIZE *off);
/* The named key of members, or NULL. */
const mcl_snode *mcl_members_find(const mcl_members *m, const char *name);

/* ---- the set of schemas a linter knows, loaded on first use ---- */
typedef struct mcl_schema_set mcl_schema_set;

/* The embedded schemas, plus (overriding them) every DIR/ *.xml of the
 * options' schema directories, which are parsed and validated now. */
mcl_schema_set *mcl_schema_set_new(const mcl_options *opts, char **err);
void mcl_schema_set_free(mcl_schema_set *set);
/* The schema of a payload type, parsed on first use; NULL when the type is
 * unknown (or its schema failed to load: see mcl_schema_set_error).
 * Thread-safe. */
const mcl_schema *mcl_schema_get(mcl_schema_set *set, const char *type);
bool mcl_schema_known(const mcl_schema_set *set, const char *type);
/* Where Apple was seen shipping this undocumented payload type in its own
 * signed profiles (com.apple.defaults.managed), or NULL. */
const char *mcl_schema_shipped_type(const char *type);
/* An Apple payload type that macOS writes, key by key, to the preference
 * domain of its name (domains.c): undocumented keys there are read too. */
bool mcl_schema_preference_domain(const char *type);
size_t mcl_schema_type_count(const mcl_schema_set *set);
const char *mcl_schema_type_at(const mcl_schema_set *set, size_t i);
/* For tests and statistics: how many schemas were parsed, and whether one was. */
size_t mcl_schema_loaded_count(mcl_schema_set *set);
bool mcl_schema_is_loaded(mcl_schema_set *set, const char *type);
/* The message of a schema that failed to load, or NULL. */
const char *mcl_schema_set_error(mcl_schema_set *set, const char *type);

#endif
