/* manifests.h: the ProfileManifests manifests of a run (schema/manifests.c),
 * found by domain and read on first use. */
#ifndef MCL_MANIFESTS_H
#define MCL_MANIFESTS_H

#include <stddef.h>

#include "schema/schema.h"

typedef struct mcl_manifest_set mcl_manifest_set;

/* Lists the *.plist files below each directory (recursively); reads none.
 * NULL and *err (free() it) when a directory cannot be read or has none. */
mcl_manifest_set *mcl_manifest_set_new(char *const *dirs, size_t count, char **err);
void mcl_manifest_set_free(mcl_manifest_set *m);

typedef struct mcl_manifest_lookup {
  const mcl_schema *schema; /* NULL: no usable manifest for the domain */
  const char *error;        /* why a manifest of the domain was rejected, or NULL */
  const char *files;        /* the manifest file(s) of the domain, or NULL */
} mcl_manifest_lookup;

/* The manifest of a preference domain, read on first use. Thread-safe; the
 * strings live as long as the set. */
mcl_manifest_lookup mcl_manifest_get(mcl_manifest_set *m, const char *domain);
size_t mcl_manifest_file_count(const mcl_manifest_set *m);

/* The manifest of a domain that has no schema in the set (schema/set.c). */
mcl_manifest_lookup mcl_schema_manifest(mcl_schema_set *set, const char *domain);
bool mcl_schema_has_manifests(const mcl_schema_set *set);

#endif
