/* parallel.h: an ordered parallel map. work(i) runs on worker threads;
 * done(i) runs in the calling thread in index order, so output is the same
 * for any number of threads. At most `window` results, and about `budget`
 * bytes of them (as size() counts), wait to be reported, which keeps
 * memory flat however many items there are. */
#ifndef MCL_CLI_PARALLEL_H
#define MCL_CLI_PARALLEL_H

#include <stddef.h>

typedef void *(*par_work_fn)(size_t index, void *arg);
typedef void (*par_done_fn)(size_t index, void *result, void *arg);
typedef size_t (*par_size_fn)(const void *result);
typedef void (*par_release_fn)(void *result, void *arg);

typedef struct par_limits {
  size_t window; /* results held at most */
  size_t budget; /* bytes held, roughly: no new item starts above it */
  par_size_fn size;
  /* If set, frees a result after done(), on the thread whose work() made
   * it (done() must leave it); else done() owns it. */
  par_release_fn release;
} par_limits;

/* jobs threads lint in all, the calling thread among them (jobs <= 1, or a
 * single item: only the calling thread). If threads cannot be started the
 * calling thread does all the work itself. */
void par_run(size_t count, unsigned jobs, par_limits limits, par_work_fn work, par_done_fn done,
             void *arg);

/* The number of online processors, at least 1. */
unsigned par_cpu_count(void);

#endif
