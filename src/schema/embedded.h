/* embedded.h: the schemas compiled into the library by
 * tools/compile_schemas.c (see CMakeLists.txt). */
#ifndef MCL_SCHEMA_EMBEDDED_H
#define MCL_SCHEMA_EMBEDDED_H

#include <stddef.h>

#include "schema/schema.h"

typedef struct mcl_schema_compiled {
  const char *type; /* payload type */
  mcl_schema *schema; /* static; see mcl_schema.is_static */
} mcl_schema_compiled;

/* Sorted by type (strcmp). */
extern const mcl_schema_compiled mcl_schemas_compiled[];
extern const size_t mcl_schemas_compiled_count;
/* "27.0 (apple/device-management 9468f87)", from SOURCE.xml. */
extern const char mcl_schema_release_text[];

#endif
