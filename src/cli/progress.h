/* progress.h: "mclint: 1200/10000 files" on standard error, redrawn in
 * place, for long runs in a terminal. The caller decides when it is wanted
 * (a terminal, the text format, enough files). */
#ifndef MCL_CLI_PROGRESS_H
#define MCL_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct progress {
  bool on, shown;
  size_t total, done;
  struct timespec last;
} progress;

/* At least this many files before a progress line is worth showing. */
#define PROGRESS_MIN_FILES 300

void progress_start(progress *p, size_t total, bool on);
/* Before output that shares the terminal: erase the line. */
void progress_hide(progress *p);
/* One more file done; redraws at most ten times a second. */
void progress_step(progress *p);
void progress_end(progress *p);

#endif
