/* profile.h: a profile's shape over its value tree: the top-level dict,
 * PayloadContent, and each payload dict with its type and key path. Built
 * once per input; the schema checker and the rules read it. */
#ifndef MCL_PROFILE_H
#define MCL_PROFILE_H

#include <stddef.h>

#include "base/arena.h"
#include "plist/value.h"

typedef struct mcl_payload {
  const mcl_value *dict;
  size_t index;     /* in PayloadContent */
  const char *type; /* PayloadType, or NULL when absent or not a string */
  const char *path; /* "PayloadContent[3]" */
} mcl_payload;

typedef struct mcl_profile {
  const mcl_value *root;    /* the top-level dict, or NULL */
  const mcl_value *content; /* PayloadContent when it is an array, else NULL */
  mcl_payload *payloads;    /* every dict item of PayloadContent */
  size_t payload_count;
} mcl_profile;

/* The profile over root (NULL or not a dict: an empty profile). */
void mcl_profile_build(mcl_profile *p, const mcl_value *root, mcl_arena *arena);

#endif
