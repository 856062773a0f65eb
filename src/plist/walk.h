/* walk.h: visit every value below a root, with its key path. */
#ifndef MCL_WALK_H
#define MCL_WALK_H

#include "base/diag.h"
#include "base/util.h"
#include "plist/value.h"

/* Where the walk is. The path text is built only when asked for: most
 * visits never report anything, and building a path for every value was a
 * large share of a lint's cost. */
typedef struct mcl_walk_path mcl_walk_path;

/* key is the dict key that holds v (NULL for array items and the root).
 * Shadowed duplicate keys are skipped. ctx is the caller's, passed through
 * untouched (a rule's mcl_ctx). */
typedef void (*mcl_visit_fn)(mcl_ctx *ctx, const char *key, const mcl_value *v,
                             mcl_walk_path *path, void *arg);

void mcl_walk(mcl_ctx *ctx, const mcl_value *root, const char *root_path, mcl_visit_fn fn,
              void *arg);

/* The key path of the value being visited; valid until the visit returns. */
const char *mcl_walk_path_text(mcl_walk_path *path);

#endif
