/* across.h: the checks across files (MC55x), as the rules layer sees them.
 *
 * The run-level phase (src/lint/run.c) compares each file's index record
 * (lint/index.h) with the others' and finds what collides; it decides
 * nothing about wording. What counts as a shared setting that can conflict
 * (and what Apple documents as merging), which rule each kind of entry
 * belongs to, and the messages are the rules', here (rules/across.c). */
#ifndef MCL_ACROSS_H
#define MCL_ACROSS_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/rule.h"

/* What an index entry is; each kind is compared with its own kind only, and
 * reported by one rule (mcl_xkind_rule). */
typedef enum {
  MCL_X_PROFILE_ID, /* the profile's PayloadIdentifier */
  MCL_X_UUID,       /* any PayloadUUID, the profile's or a payload's */
  MCL_X_PAYLOAD_ID, /* a payload's PayloadIdentifier */
  MCL_X_SINGLE,     /* a payload type a device may hold once */
  MCL_X_VALUE,      /* a key of a preference domain, and its value's digest */
  MCL_X_KINDS
} mcl_xkind;

const mcl_rule *mcl_xkind_rule(mcl_xkind kind);

/* What every check across files leaves out, for the rules' explanations
 * (src/lint/run.c and index.c do it). */
#define MCL_ACROSS_NOT_COMPARED                                                                    \
  "A profile a device refuses (top-level PayloadType not Configuration) is compared "              \
  "with none."
#define MCL_ACROSS_VERSIONS_NOT_COMPARED                                                           \
  "Two versions of one profile (the same top-level PayloadIdentifier) are not "                    \
  "compared: a device that installs one replaces the other; "                                      \
  "profile-identifier-collision reports them. " MCL_ACROSS_NOT_COMPARED

/* Restrictions merge as Apple documents (the most restrictive boolean and
 * content rating win, lists combine): a payload type whose settings merge. */
bool mcl_merging_type(const char *type);
/* In a merging type: whether the value of key merges (never a conflict). */
bool mcl_setting_merges(const char *key, const mcl_value *v);

/* One entry that collides with entries of other files, as run.c found it. */
typedef struct mcl_collision {
  mcl_xkind kind;
  const char *label; /* the identifier, UUID, type, or "KEY of DOMAIN" */
  const char *shown; /* MCL_X_VALUE: this file's value as messages show it, or NULL */
  const char *other_shown; /* ... and the first other file's */
  size_t others;     /* how many other files */
  const char *where; /* "a.mobileconfig:3", "a:3 and b:7", "a:3 and 4 more" */
} mcl_collision;

/* Sets the message and hint of d (in arena a) for a collision. */
void mcl_word_collision(mcl_diag *d, mcl_arena *a, const mcl_collision *c);

#endif
