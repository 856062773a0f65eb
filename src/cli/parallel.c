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
 * nothing deadlocks.
 *
 * A reported result goes back to the thread that made it, which releases
 * it when it next takes an item: glibc's malloc takes the lock of the
 * allocating thread's arena for each free from another thread, and a
 * calling thread that freed every result waited on that lock thousands of
 * times a run. A thread holds at most window + 1 results to release: those
 * it made are in the window until reported, and it empties its list each
 * time it starts one. */
#include "parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STACK_SIZE (8u * 1024 * 1024) /* macOS gives secondary threads 512 KiB */

#define MAIN_THREAD 0 /* maker of an item the calling thread did; workers are 1.. */

typedef struct pool pool;

typedef struct worker_arg {
  pool *p;
  unsigned id;
} worker_arg;

struct pool {
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
  unsigned *maker; /* per slot: the thread that made its result */
  void **garbage;  /* per worker: window + 1 results to release, twice */
  size_t *garbage_count;
  par_work_fn work;
  par_release_fn release;
  void *arg;
};

static bool can_take(const pool *p) {
  return p->next < p->count && p->next < p->reported + p->window && p->held <= p->budget;
}

/* Worker id's results to release, then room to copy them to. */
static void **garbage_of(pool *p, unsigned id) {
  return p->garbage + (size_t)(id - 1) * 2 * (p->window + 1);
}

/* Called with the lock held, by thread id; returns with it held. */
static void do_item(pool *p, unsigned id) {
  size_t i = p->next++;
  size_t n = id != MAIN_THREAD ? p->garbage_count[id - 1] : 0;
  void **mine = n ? garbage_of(p, id) + p->window + 1 : NULL; /* its second half */
  if (n) {
    memcpy(mine, garbage_of(p, id), n * sizeof *mine);
    p->garbage_count[id - 1] = 0;
  }
  pthread_mutex_unlock(&p->lock);
  for (size_t k = 0; k < n; k++) p->release(mine[k], p->arg);
  void *result = p->work(i, p->arg);
  size_t bytes = p->size ? p->size(result) : 0;
  pthread_mutex_lock(&p->lock);
  p->held += bytes;
  p->slots[i % p->window] = result;
  p->filled[i % p->window] = true;
  p->maker[i % p->window] = id;
  if (i == p->reported && p->main_waits) pthread_cond_signal(&p->ready);
}

static void *worker(void *w_) {
  worker_arg *w = w_;
  pool *p = w->p;
  pthread_mutex_lock(&p->lock);
  while (p->next < p->count) {
    if (can_take(p)) {
      do_item(p, w->id);
    } else {
      p->sleepers++;
      pthread_cond_wait(&p->space, &p->lock);
      p->sleepers--;
    }
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

static void run_inline(size_t count, par_work_fn work, par_done_fn done, par_release_fn release,
                       void *arg) {
  for (size_t i = 0; i < count; i++) {
    void *result = work(i, arg);
    done(i, result, arg);
    if (release) release(result, arg);
  }
}

/* Called with the lock held, after result (made by thread id) was reported:
 * released now, or given back to its maker. */
static void give_back(pool *p, unsigned id, void *result) {
  if (!p->release) return;
  if (id != MAIN_THREAD && p->garbage_count[id - 1] <= p->window) {
    garbage_of(p, id)[p->garbage_count[id - 1]++] = result;
    return;
  }
  pthread_mutex_unlock(&p->lock);
  p->release(result, p->arg);
  pthread_mutex_lock(&p->lock);
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
      unsigned maker = p->maker[slot];
      size_t i = p->reported++;
      if (p->sleepers) pthread_cond_broadcast(&p->space);
      pthread_mutex_unlock(&p->lock);
      done(i, result, p->arg);
      pthread_mutex_lock(&p->lock);
      give_back(p, maker, result);
    } else if (can_take(p)) {
      do_item(p, MAIN_THREAD);
    } else {
      p->main_waits = true;
      pthread_cond_wait(&p->ready, &p->lock);
      p->main_waits = false;
    }
  }
  pthread_mutex_unlock(&p->lock);
}

static void pool_free(pool *p) {
  free(p->slots);
  free(p->filled);
  free(p->maker);
  free(p->garbage);
  free(p->garbage_count);
}

void par_run(size_t count, unsigned jobs, par_limits limits, par_work_fn work, par_done_fn done,
             void *arg) {
  size_t window = limits.window;
  if (jobs > count) jobs = (unsigned)count;
  if (jobs <= 1) {
    run_inline(count, work, done, limits.release, arg);
    return;
  }
  if (window < jobs) window = jobs;
  pool p = {.count = count,
            .window = window,
            .budget = limits.budget,
            .size = limits.size,
            .work = work,
            .release = limits.release,
            .arg = arg};
  p.slots = calloc(window, sizeof *p.slots);
  p.filled = calloc(window, sizeof *p.filled);
  p.maker = calloc(window, sizeof *p.maker);
  p.garbage = calloc((size_t)jobs * 2 * (window + 1), sizeof *p.garbage);
  p.garbage_count = calloc(jobs, sizeof *p.garbage_count);
  pthread_t *threads = calloc(jobs, sizeof *threads);
  worker_arg *args = calloc(jobs, sizeof *args);
  if (!p.slots || !p.filled || !p.maker || !p.garbage || !p.garbage_count || !threads || !args) {
    pool_free(&p);
    free(threads);
    free(args);
    run_inline(count, work, done, limits.release, arg);
    return;
  }
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.ready, NULL);
  pthread_cond_init(&p.space, NULL);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, STACK_SIZE);
  unsigned started = 0;
  for (unsigned t = 0; t + 1 < jobs; t++) { /* the calling thread is the last */
    args[started] = (worker_arg){&p, started + 1};
    if (pthread_create(&threads[started], &attr, worker, &args[started]) == 0) started++;
  }
  pthread_attr_destroy(&attr);
  drive(&p, done); /* with no worker at all, it simply does everything */
  for (unsigned t = 0; t < started; t++) pthread_join(threads[t], NULL);
  /* What the workers made last: nobody else allocates now. */
  for (unsigned id = 1; id <= started; id++)
    for (size_t k = 0; k < p.garbage_count[id - 1]; k++) p.release(garbage_of(&p, id)[k], arg);
  pthread_cond_destroy(&p.space);
  pthread_cond_destroy(&p.ready);
  pthread_mutex_destroy(&p.lock);
  pool_free(&p);
  free(threads);
  free(args);
}

unsigned par_cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}
