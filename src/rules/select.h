/* select.h: the dictionaries at a path inside payloads of given types, for
 * table-driven rules. A path is key names separated by '/', with "[]" for
 * every item of an array and "" for the payload dictionary itself:
 * "AlwaysOn/TunnelConfigurations/[]". */
#ifndef MCL_SELECT_H
#define MCL_SELECT_H

#include "rules/rule.h"

typedef void (*mcl_dict_fn)(mcl_ctx *ctx, const mcl_value *dict, const char *path, void *arg);

/* Calls fn for each dictionary at where in every payload whose type is in
 * types (NULL-terminated). */
void mcl_select_dicts(mcl_ctx *ctx, const char *const *types, const char *where, mcl_dict_fn fn,
                      void *arg);

/* True when v is what `want` describes: "1"/"0" for a truth value (integer
 * or boolean), otherwise a string equal to want. */
bool mcl_value_matches(const mcl_value *v, const char *want);

#endif
