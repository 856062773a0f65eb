/* check.h: a profile against Apple's payload schema, as facts.
 *
 * With --manifests, a payload type without a schema and each preference
 * domain of a custom settings payload are checked against their
 * ProfileManifests manifest (schema/manifests.h): the same facts, each
 * naming the manifest (manifest), and a few that only manifests give.
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
  MCL_SV_UNKNOWN_KEY,       /* key, entry; suggestion (suggestion_tied), or detail: the
                             * dictionaries that have it */
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
  MCL_SV_WRONG_SCOPE,       /* detail: the profile's PayloadScope ("System" or "User"), which
                             * does not take the payload or key on macOS */
  MCL_SV_SECOND_PAYLOAD,    /* key: the PayloadType; detail: the first's path; platforms */
  /* Only with manifests: */
  MCL_SV_BROKEN_MANIFEST,   /* key: the domain; detail: why; subject: "this payload" or
                               "this preference domain" (then not checked) */
  MCL_SV_BROKEN_MANIFEST_KEY, /* key; detail: why the manifest's entry of it cannot be used */
  MCL_SV_EXCLUDED,          /* key; condition: what makes it have no effect (pfm_exclude) */
  MCL_SV_SECRET_VALUE,      /* key (NULL for an item), value: pfm_sensitive, with content */
  MCL_SV_APP_DEPRECATED,    /* detail: the app version that deprecated it */
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
  /* The dictionary entry involved (its key's byte range, for a fix that
   * renames it), or NULL. */
  const mcl_entry *entry;
  const char *key;         /* see the kinds */
  const char *actual;      /* the value as the schema's type reads it: 5, 'text', true */
  const char *suggestion;  /* a close known key or type, or NULL */
  const char *detail;      /* see the kinds */
  mcl_type want;           /* the type the schema says */
  /* The manifest that was the schema: its domain (pfm_domain) and file, or
   * NULL for Apple's schema. Findings say "per the DOMAIN manifest". */
  const char *manifest, *manifest_file;
  /* A manifest's condition that holds ("'Mode' is one of: 'auto'"): what
   * makes a key required (MISSING_KEY; NULL: always) or ineffective. */
  const char *condition;
  bool exact_case, strict_only, below;
  /* Another known key is as close as suggestion: a hint, but no single answer. */
  bool suggestion_tied;
  size_t count;
  unsigned platforms;                      /* MCL_PLATFORM_* bits */
  mcl_osver versions[MCL_PLATFORM_COUNT];  /* per platform in platforms */
} mcl_violation;

typedef struct mcl_violations {
  mcl_violation *items;
  size_t count, cap;
  /* The manifest files the check used (for the audit), each once. */
  const char **manifests;
  size_t manifest_count, manifest_cap;
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

/* The platforms, of those the options target (all without a target), on
 * which a device may hold only one payload of this type (Apple's multiple:
 * false), judged as duplicate-payload-type judges; 0 when it may hold many
 * (one per profile among them) or the type is unknown. A platform where the
 * payload needs supervision does not count on an unsupervised target. */
unsigned mcl_schema_single_platforms(mcl_schema_set *set, const char *type,
                                     const mcl_options *opts);

/* The i-th well-known misnaming the checker suggests the right key for
 * (WiFiPassword for Password): false past the last. */
bool mcl_schema_misnaming(size_t i, const char **wrong, const char **right);

#endif
