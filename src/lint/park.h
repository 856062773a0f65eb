/* park.h: lint results parked in a temporary file while a run waits for
 * every file (see park.c). */
#ifndef MCL_PARK_H
#define MCL_PARK_H

#include <stdint.h>
#include <stdio.h>

#include "base/util.h"
#include "lint/linter.h"

/* Appends r at the file's position, with its source lines or not, and
 * sets *size to the record's length; 0, or -1 if writing failed. The
 * record is built in scratch, kept from one call to the next. */
int mcl_park_write(FILE *f, const mcl_result *r, bool source_lines, mcl_buf *scratch,
                   size_t *size);
/* `size` bytes at `offset` of the file open as fd (flushed), malloc()ed,
 * or NULL if they cannot be read. Reads with pread, so several threads
 * may read one file at once. */
char *mcl_park_read_span(int fd, uint64_t offset, size_t size);
/* The result in one record of `size` bytes, or NULL if it is not one. The
 * result has no document: its source lines are the parked ones. */
mcl_result *mcl_park_decode(const char *record, size_t size);

#endif
