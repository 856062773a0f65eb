/* park.h: lint results parked in a temporary file while a run waits for
 * every file (see park.c). */
#ifndef MCL_PARK_H
#define MCL_PARK_H

#include <stdio.h>

#include "lint/linter.h"

/* Appends r at the file's position, with its source lines or not; 0, or
 * -1 if writing failed. */
int mcl_park_write(FILE *f, const mcl_result *r, bool source_lines);
/* The next result written, or NULL if it cannot be read back. The result
 * has no document: its source lines are the parked ones. */
mcl_result *mcl_park_read(FILE *f);

#endif
