/* park.h: lint results parked in a temporary file while a run waits for
 * every file (see park.c). */
#ifndef MCL_PARK_H
#define MCL_PARK_H

#include <stdint.h>
#include <stdio.h>

#include "lint/linter.h"

/* Appends r at the file's position, with its source lines or not, and
 * sets *size to the record's length; 0, or -1 if writing failed. */
int mcl_park_write(FILE *f, const mcl_result *r, bool source_lines, size_t *size);
/* The result in the record of `size` bytes at `offset` of the file open
 * as fd (flushed), or NULL if it cannot be read back. Reads with pread, so
 * several threads may read records of one file at once. The result has no
 * document: its source lines are the parked ones. */
mcl_result *mcl_park_read_at(int fd, uint64_t offset, size_t size);

#endif
