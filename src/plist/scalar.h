/* scalar.h: the text forms of plist scalars, parsed the way CFPropertyList
 * reads them, but reporting what it would silently accept or misread. */
#ifndef MCL_SCALAR_H
#define MCL_SCALAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/* Each returns NULL on success or a static description of the problem. */
const char *mcl_parse_integer(const char *text, uint64_t *magnitude, bool *negative);
const char *mcl_parse_real(const char *text, double *out);
/* Accepts YYYY-MM-DDTHH:MM:SSZ only, as Apple writes it. */
const char *mcl_parse_date(const char *text, int64_t *unix_seconds);
/* Decodes base64, ignoring whitespace. On a problem, *bad_index is the
 * offset in text of the first offending character (or of the end). The
 * bytes decoded so far are still returned. */
const char *mcl_parse_base64(mcl_arena *arena, const char *text, size_t len,
                             unsigned char **out, size_t *out_len, size_t *bad_index);
/* Writes a Unix time as YYYY-MM-DDTHH:MM:SSZ (the plist date form). */
void mcl_format_date(int64_t unix_seconds, char *buf, size_t size);
/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t mcl_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
