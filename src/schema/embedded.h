/* embedded.h: the schema files compiled into the library by
 * tools/embed_schemas.c (see CMakeLists.txt). */
#ifndef MCL_SCHEMA_EMBEDDED_H
#define MCL_SCHEMA_EMBEDDED_H

#include <stddef.h>

typedef struct mcl_schema_blob {
  const char *type; /* payload type: the file name without ".xml" */
  const char *file; /* for messages */
  const unsigned char *data;
  size_t len;
} mcl_schema_blob;

/* Sorted by type (strcmp). */
extern const mcl_schema_blob mcl_schema_blobs[];
extern const size_t mcl_schema_blob_count;
/* "27.0 (apple/device-management 9468f87)", from SOURCE.xml. */
extern const char mcl_schema_release_text[];

#endif
