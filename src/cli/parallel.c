/* parallel.c: see parallel.h.
 *
 * jobs-1 worker threads and the calling thread share the work; the calling
 * thread also reports, in order, whenever the next result is ready, and
 * lints an item itself otherwise, so it rarely sleeps and jobs threads are
 * busy on jobs cores. One mutex guards the queue position and the ring of
 * result slots; an item i is only taken while i < reported + window, so its
 * slot (i % window) is free and at most `window` results are held. The
 * window lets the others go on past a slow item; the byte budget keeps a
 * window of large files from holding much memory. Over the budget no item
 * starts, but every item taken finishes and the reporter drains them, so
 * nothing deadlocks. */
#include "parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#define STACK_SIZE (8u * 1024 * 1024) /* macOS gives secondary threads 512 KiB */

typedef struct pool {
  pthread_mutex_t lock;
  pthread_cond_t ready; /* the slot of `reported` was filled */
  pthread_cond_t space; /* `reported` moved on: more items may start */
  size_t count, window;
  size_t budget, held; /* bytes of results waiting to be reported */
  par_size_fn size;
  size_t next;     /* next item to take */
  size_t reported; /* next item to report */
  unsigned sleepers; /* workers waiting for space */
  bool main_waits;
  void **slots;
  bool *filled;
  par_work_fn work;
  void *arg;
} pool;

static bool can_take(const pool *p) {
  return p->next < p->count && p->next < p->reported + p->window && p->held <= p->budget;
}

/* Called with the lock held; returns with it held. */
static void do_item(pool *p) {
  size_t i = p->next++;
  pthread_mutex_unlock(&p->lock);
  void *result = p->work(i, p->arg);
  size_t bytes = p->size ? p->size(result) : 0;
  pthread_mutex_lock(&p->lock);
  p->held += bytes;
  p->slots[i % p->window] = result;
  p->filled[i % p->window] = true;
  if (i == p->reported && p->main_waits) pthread_cond_signal(&p->ready);
}

static void *worker(void *p_) {
  pool *p = p_;
  pthread_mutex_lock(&p->lock);
  while (p->next < p->count) {
    if (can_take(p)) {
      do_item(p);
    } else {
      p->sleepers++;
      pthread_cond_wait(&p->space, &p->lock);
      p->sleepers--;
    }
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

static void run_inline(size_t count, par_work_fn work, par_done_fn done, void *arg) {
  for (size_t i = 0; i < count; i++) done(i, work(i, arg), arg);
}

/* The calling thread: report what is ready, else work, else wait. */
static void drive(pool *p, par_done_fn done) {
  pthread_mutex_lock(&p->lock);
  while (p->reported < p->count) {
    size_t slot = p->reported % p->window;
    if (p->filled[slot]) {
      void *result = p->slots[slot];
      size_t bytes = p->size ? p->size(result) : 0;
      p->held -= bytes < p->held ? bytes : p->held;
      p->filled[slot] = false;
      size_t i = p->reported++;
      if (p->sleepers) pthread_cond_broadcast(&p->space);
      pthread_mutex_unlock(&p->lock);
      done(i, result, p->arg);
      pthread_mutex_lock(&p->lock);
    } else if (can_take(p)) {
      do_item(p);
    } else {
      p->main_waits = true;
      pthread_cond_wait(&p->ready, &p->lock);
      p->main_waits = false;
    }
  }
  pthread_mutex_unlock(&p->lock);
}

void par_run(size_t count, unsigned jobs, par_limits limits, par_work_fn work, par_done_fn done,
             void *arg) {
  size_t window = limits.window;
  if (jobs > count) jobs = (unsigned)count;
  if (jobs <= 1) {
    run_inline(count, work, done, arg);
    return;
  }
  if (window < jobs) window = jobs;
  pool p = {.count = count, .window = window, .budget = limits.budget, .size = limits.size,
            .work = work, .arg = arg};
  p.slots = calloc(window, sizeof *p.slots);
  p.filled = calloc(window, sizeof *p.filled);
  pthread_t *threads = calloc(jobs, sizeof *threads);
  if (!p.slots || !p.filled || !threads) {
    free(p.slots), free(p.filled), free(threads);
    run_inline(count, work, done, arg);
    return;
  }
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.ready, NULL);
  pthread_cond_init(&p.space, NULL);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, STACK_SIZE);
  unsigned started = 0;
  for (unsigned t = 0; t + 1 < jobs; t++) /* the calling thread is the last */
    if (pthread_create(&threads[started], &attr, worker, &p) == 0) started++;
  pthread_attr_destroy(&attr);
  drive(&p, done); /* with no worker at all, it simply does everything */
  for (unsigned t = 0; t < started; t++) pthread_join(threads[t], NULL);
  pthread_cond_destroy(&p.space);
  pthread_cond_destroy(&p.ready);
  pthread_mutex_destroy(&p.lock);
  free(threads);
  free(p.slots);
  free(p.filled);
}

unsigned par_cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}
