/* check.h: a profile against Apple's payload schema, as facts.
 *
 * The checker walks the value tree and the schema together and records
 * each violation as data: what kind, where (position and key path), the
 * schema entry and the value involved, and the platforms and versions it
 * concerns. It decides nothing about severity and words nothing: the
 * schema rules of src/rules (MC3xx) turn violations into findings. */
#ifndef MCL_SCHEMA_CHECK_H
#define MCL_SCHEMA_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/options.h"
#include "plist/profile.h"
#include "schema/schema.h"

typedef enum {
  MCL_SV_UNKNOWN_TYPE,      /* key: the PayloadType; suggestion, exact_case */
  MCL_SV_BROKEN_SCHEMA,     /* key: the PayloadType; detail: the loader's message */
  MCL_SV_UNKNOWN_KEY,       /* key; suggestion, or detail: the dictionaries that have it */
  MCL_SV_WRONG_TYPE,        /* value, want; strict_only: accepted without --strict-types */
  MCL_SV_BOOL_INT_MIX,      /* value, want (boolean for an integer, or the reverse) */
  MCL_SV_MISSING_KEY,       /* key, node: the required key */
  MCL_SV_NOT_IN_ENUM,       /* node, value, actual */
  MCL_SV_OUT_OF_RANGE,      /* node, value, actual, below */
  MCL_SV_FORMAT,            /* node, value */
  MCL_SV_TOO_FEW_ITEMS,     /* node (the item), count */
  MCL_SV_TOO_MANY_ITEMS,    /* node (the item), count */
  MCL_SV_UNAVAILABLE,       /* platforms */
  MCL_SV_NEWER,             /* platforms, versions: introduced after the minimum OS */
  MCL_SV_REMOVED,           /* platforms, versions: removed at or before the minimum OS */
  MCL_SV_REMOVED_LATER,     /* platforms, versions: removed in a later release */
  MCL_SV_DEPRECATED,        /* platforms, versions */
  MCL_SV_SUPERVISED,        /* platforms: needs supervision, the target is unsupervised */
  MCL_SV_SECOND_PAYLOAD,    /* key: the PayloadType; detail: the first's path; platforms */
} mcl_sv_kind;

typedef struct mcl_violation {
  mcl_sv_kind kind;
  mcl_pos pos;
  const char *path;    /* key path */
  const char *subject; /* "'Key'", "item 2 of 'Key'", "payload T (Title)", "the profile" */
  /* The value belongs to a secret key (mcl_is_secret_key): never show it. */
  bool secret;
  /* Holds on only some of the targeted platforms (never without a target). */
  bool partial;
  const mcl_snode *node;   /* the schema entry involved, or NULL */
  const mcl_value *value;  /* the value involved, or NULL */
  const char *key;         /* see the kinds */
  const char *actual;      /* the value as the schema's type reads it: 5, 'text', true */
  const char *suggestion;  /* a close known key or type, or NULL */
  const char *detail;      /* see the kinds */
  mcl_type want;           /* the type the schema says */
  bool exact_case, strict_only, below;
  size_t count;
  unsigned platforms;                      /* MCL_PLATFORM_* bits */
  mcl_osver versions[MCL_PLATFORM_COUNT];  /* per platform in platforms */
} mcl_violation;

typedef struct mcl_violations {
  mcl_violation *items;
  size_t count, cap;
} mcl_violations;

typedef struct mcl_schema_check_args {
  mcl_schema_set *set;
  const mcl_options *opts;
  const mcl_profile *profile;
  mcl_arena *arena; /* the violations and their strings live here */
  /* The common keys (PayloadIdentifier, PayloadUUID, PayloadType,
   * PayloadVersion) are checked by another rule: a missing one is not a
   * violation of the schema too. */
  bool common_keys_elsewhere;
} mcl_schema_check_args;

/* Appends every violation of the profile to out (in walk order). */
void mcl_schema_check(const mcl_schema_check_args *args, mcl_violations *out);

#endif
