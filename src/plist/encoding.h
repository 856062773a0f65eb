/* encoding.h: bring any XML plist to UTF-8 before parsing, so that byte
 * offsets from libxml2 are offsets into the text mclint shows to users. */
#ifndef MCL_ENCODING_H
#define MCL_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct mcl_text {
  char *text;            /* UTF-8, NUL-terminated, in the arena */
  size_t len;
  const char *source_encoding; /* "UTF-8", "UTF-16LE", "ISO-8859-1", ... */
  const char *declared;  /* encoding named by the XML declaration, or NULL */
  bool had_bom;
  const char *error;     /* non-NULL when the bytes could not be converted */
} mcl_text;

/* Converts the bytes of an XML document to UTF-8 (BOM removed). */
void mcl_text_from_bytes(mcl_arena *arena, const unsigned char *data, size_t len, mcl_text *out);

#endif
