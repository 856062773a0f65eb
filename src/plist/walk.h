/* walk.h: visit every value below a root, with its key path. */
#ifndef MCL_WALK_H
#define MCL_WALK_H

#include "base/util.h"
#include "rules/rule.h"

/* Where the walk is. The path text is built only when asked for: most
 * visits never report anything, and building a path for every value was a
 * large share of a lint's cost. */
typedef struct mcl_walk_path mcl_walk_path;

/* key is the dict key that holds v (NULL for array items and the root).
 * Shadowed duplicate keys are skipped. */
typedef void (*mcl_visit_fn)(mcl_ctx *ctx, const char *key, const mcl_value *v,
                             mcl_walk_path *path, void *arg);

void mcl_walk(mcl_ctx *ctx, const mcl_value *root, const char *root_path, mcl_visit_fn fn,
              void *arg);

/* The key path of the value being visited; valid until the visit returns. */
const char *mcl_walk_path_text(mcl_walk_path *path);

/* Appends ".key", "[\"odd key\"]" or "[i]" to a path being built. */
void mcl_buf_path_key(mcl_buf *b, const char *key);
void mcl_buf_path_index(mcl_buf *b, size_t index);

#endif
