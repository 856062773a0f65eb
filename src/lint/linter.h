/* linter.h: the lint pipeline's internal types. */
#ifndef MCL_LINTER_H
#define MCL_LINTER_H

#include <openssl/types.h>

#include "lint/settings.h"
#include "plist/doc.h"
#include "rules/rule.h"

struct mcl_schema_set;

struct mcl_linter {
  mcl_options *opts;
  X509_STORE *trust; /* with verify: the system's trust store or ca-file */
  struct mcl_schema_set *schemas; /* loaded lazily, shared by threads */
  /* Read-only once made, so threads share them. */
  void *identifier_re; /* pcre2_code for policy.identifier-pattern, or NULL */
  bool index; /* build each result's record for the checks across files */
};

typedef struct mcl_masked_line {
  uint32_t line;
  const char *text;
  size_t len;
} mcl_masked_line;

struct mcl_result {
  mcl_arena arena;
  char *path;
  mcl_doc doc;
  mcl_diag **diags;
  size_t diag_count;
  size_t counts[3]; /* by severity */
  bool io_failed;
  bool strict; /* the linter's options said warnings fail */
  mcl_masked_line *masked; /* source lines shown with secrets blanked */
  size_t masked_count;
  /* Lines masking looked at (indexed by line; see mask.c): the lines of
   * findings and index entries, the only ones shown. NULL: every line was
   * (a parked result holds only those lines). */
  const unsigned char *showable;
  const mcl_vpn_coverage *vpn; /* each VPN payload's coverage (rules/coverage.h) */
  size_t vpn_count;
  struct mcl_xrecord *index; /* with linter->index: see index.h */
  const char *container_text; /* a parked result's mcl_result_container */
  const char **manifests; /* manifest files the schema check used (audit) */
  size_t manifest_count;
};

/* Sorts the findings in report order and counts them by severity again
 * (after findings were added to a finished result). */
void mcl_result_recount(mcl_result *r);

/* Reads a whole file descriptor, at most limit+1 bytes (so that an
 * oversized file is detected without being read whole). 0 or -1 (errno). */
int mcl_read_fd(int fd, size_t limit, unsigned char **out, size_t *len);
/* Drops the findings that suppression comments cover; reports unused and
 * invalid suppressions (see suppress.c). */
void mcl_apply_suppressions(mcl_ctx *ctx);
/* Records which source lines hold secret values (see mask.c). */
void mcl_mask_secrets(mcl_result *r, mcl_ctx *ctx);
/* Index in r->masked (sorted by line) of a masked line, or (size_t)-1. */
size_t mcl_masked_index(const mcl_result *r, uint32_t line);

#endif
