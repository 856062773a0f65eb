#include "progress.h"

#include <stdio.h>

static double seconds_since(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

void progress_start(progress *p, size_t total, bool on) {
  p->on = on && total >= PROGRESS_MIN_FILES;
  p->shown = false;
  p->total = total;
  p->done = 0;
  p->last.tv_sec = 0;
  p->last.tv_nsec = 0;
}

void progress_hide(progress *p) {
  if (!p->shown) return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  p->shown = false;
}

void progress_step(progress *p) {
  p->done++;
  /* Throttled even while hidden, so files with findings do not make it flicker. */
  if (!p->on || (p->last.tv_sec && seconds_since(&p->last) < 0.1)) return;
  fprintf(stderr, "\r\033[Kmclint: %zu/%zu files", p->done, p->total);
  fflush(stderr);
  p->shown = true;
  clock_gettime(CLOCK_MONOTONIC, &p->last);
}

void progress_end(progress *p) { progress_hide(p); }
