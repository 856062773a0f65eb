/* index.h: what one file contributes to the checks across files (run.c):
 * a compact record of identifiers, UUIDs, single-instance payload types and
 * digests of shared settings, each with its position; never the document.
 * Built by the per-file pipeline when the linter indexes. */
#ifndef MCL_INDEX_H
#define MCL_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/across.h" /* the kinds of entries (mcl_xkind) and their rules */
#include "rules/rule.h"

typedef struct mcl_xentry {
  uint8_t kind;
  bool suppressed; /* a suppression comment covers it (for its kind's rule) */
  uint32_t line, col;
  uint64_t key;      /* digest of what must be equal to collide */
  uint64_t value;    /* MCL_X_VALUE: digest of the value */
  const char *label; /* the identifier, UUID, type, or "KEY of DOMAIN" */
  const char *shown; /* MCL_X_VALUE: the value as messages show it, or NULL */
  const char *path;  /* key path */
} mcl_xentry;

/* Lives in the result's arena (entries are malloc'd: freed with it). */
typedef struct mcl_xrecord {
  mcl_xentry *entries;
  size_t count, cap;
  const char **groups; /* device groups the file goes to, sorted; none: all */
  size_t group_count;
  const char **alternatives; /* the alternatives patterns matching the file */
  size_t alternative_count;
  mcl_severity severity[MCL_X_KINDS]; /* the file's severity of each kind's rule */
  /* Digest of the whole property list (keys in any order): two files with
   * the same one are copies of one profile (a signed copy, a backup). */
  uint64_t content;
} mcl_xrecord;

/* The 64-bit digest entries use, of a string (for hash tables too). */
uint64_t mcl_digest_string(const char *s);

/* Fills r->index from the profile of ctx (the file is named r->path). */
struct mcl_result;
void mcl_index_build(mcl_ctx *ctx, struct mcl_result *r);
/* Around mcl_apply_suppressions: probes stand for the findings the entries
 * could get, so that suppression comments hide entries as they would hide
 * findings (and count as used). Returns the probes (NULL: none). */
mcl_diag *mcl_index_add_probes(mcl_ctx *ctx, mcl_xrecord *x);
void mcl_index_take_probes(mcl_ctx *ctx, mcl_xrecord *x, mcl_diag *probes);

#endif
