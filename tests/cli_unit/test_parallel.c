/* The ordered parallel map of the command (src/cli/parallel.c): every item
 * reported once, in order, whatever the number of threads; never more
 * results held than the window allows, nor (much) more bytes than the
 * budget; with a release function, every result released once, after it
 * was reported, by the thread that made it. */
#include <check.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "parallel.h"

typedef struct item {
  size_t index;
  size_t bytes;
  pthread_t maker;
  bool reported;
} item;

typedef struct state {
  pthread_mutex_t lock;
  size_t next_expected;
  size_t held, max_held;          /* results made but not yet reported */
  size_t held_bytes, max_held_bytes;
  size_t biggest;
  bool out_of_order;
  bool releasing; /* release() frees, not done() */
  size_t released, unreleased, max_unreleased;
  size_t elsewhere; /* released by a thread other than its maker */
  bool early;       /* released before it was reported */
} state;

static state st;

static size_t bytes_of(size_t i) { return i % 10 == 0 ? 50000 : 100 + i % 7; }

static void *work(size_t i, void *arg) {
  (void)arg;
  if (i % 13 == 0) { /* some items are slow */
    struct timespec ts = {0, 200000};
    nanosleep(&ts, NULL);
  }
  item *it = malloc(sizeof *it);
  it->index = i;
  it->bytes = bytes_of(i);
  it->maker = pthread_self();
  it->reported = false;
  pthread_mutex_lock(&st.lock);
  st.held++;
  st.held_bytes += it->bytes;
  if (st.held > st.max_held) st.max_held = st.held;
  if (st.held_bytes > st.max_held_bytes) st.max_held_bytes = st.held_bytes;
  if (it->bytes > st.biggest) st.biggest = it->bytes;
  pthread_mutex_unlock(&st.lock);
  return it;
}

static void done(size_t i, void *result, void *arg) {
  (void)arg;
  item *it = result;
  pthread_mutex_lock(&st.lock);
  if (i != st.next_expected || it->index != i) st.out_of_order = true;
  st.next_expected++;
  st.held--;
  st.held_bytes -= it->bytes;
  it->reported = true;
  if (st.releasing && ++st.unreleased > st.max_unreleased) st.max_unreleased = st.unreleased;
  pthread_mutex_unlock(&st.lock);
  if (!st.releasing) free(it);
}

static void release(void *result, void *arg) {
  (void)arg;
  item *it = result;
  pthread_mutex_lock(&st.lock);
  if (!it->reported) st.early = true;
  if (!pthread_equal(it->maker, pthread_self())) st.elsewhere++;
  st.released++;
  st.unreleased--;
  pthread_mutex_unlock(&st.lock);
  free(it);
}

static size_t size_of(const void *result) { return ((const item *)result)->bytes; }

static void run_with(size_t count, unsigned jobs, size_t window, size_t budget, bool releasing) {
  pthread_mutex_init(&st.lock, NULL);
  st.next_expected = st.held = st.max_held = st.held_bytes = st.max_held_bytes = st.biggest = 0;
  st.out_of_order = false;
  st.releasing = releasing;
  st.released = st.unreleased = st.max_unreleased = st.elsewhere = 0;
  st.early = false;
  par_limits limits = {
      .window = window, .budget = budget, .size = size_of, .release = releasing ? release : NULL};
  par_run(count, jobs, limits, work, done, NULL);
  ck_assert_msg(!st.out_of_order, "jobs %u: reported out of order", jobs);
  ck_assert_uint_eq(st.next_expected, count);
  ck_assert_uint_eq(st.held, 0);
  ck_assert_uint_eq(st.released, releasing ? count : 0);
  ck_assert(!st.early);
  pthread_mutex_destroy(&st.lock);
}

static void run(size_t count, unsigned jobs, size_t window, size_t budget) {
  run_with(count, jobs, window, budget, false);
}

START_TEST(in_order_for_any_number_of_threads) {
  static const unsigned jobs[] = {1, 2, 3, 8, 64};
  for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
    run(5000, jobs[k], 16, (size_t)-1);
    /* Held: the window, plus what threads finished while the window was full. */
    ck_assert_msg(st.max_held <= 16 + jobs[k], "jobs %u held %zu", jobs[k], st.max_held);
  }
}
END_TEST

START_TEST(nothing_one_and_fewer_items_than_threads) {
  run(0, 4, 8, (size_t)-1);
  run(1, 4, 8, (size_t)-1);
  run(3, 8, 8, (size_t)-1);
}
END_TEST

START_TEST(the_byte_budget_bounds_what_is_held) {
  /* Every 10th item is 50,000 bytes, the others about 100: with a budget of
   * 60,000 no new item starts once two big ones wait, so at most a budget
   * plus what the threads already had in hand is held. */
  run(3000, 4, 256, 60000);
  ck_assert_msg(st.max_held_bytes <= 60000 + 4 * st.biggest, "held %zu bytes",
                st.max_held_bytes);
  ck_assert_uint_lt(st.max_held, 256);
  /* A budget smaller than one item still makes progress, one at a time. */
  run(500, 4, 64, 10);
}
END_TEST

START_TEST(results_are_released_by_their_maker) {
  static const unsigned jobs[] = {1, 2, 4};
  for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
    unsigned j = jobs[k];
    run_with(3000, j, 16, (size_t)-1, true);
    /* Only what a worker made last, once it has stopped, is released by
     * the calling thread; each worker holds at most window + 1 to release. */
    ck_assert_msg(st.elsewhere <= (j - 1) * 17, "jobs %u: %zu released elsewhere", j, st.elsewhere);
    ck_assert_msg(st.max_unreleased <= (j - 1) * 17 + 1, "jobs %u: %zu waited to be released", j,
                  st.max_unreleased);
  }
  run_with(0, 4, 8, (size_t)-1, true);
  run_with(1, 4, 8, (size_t)-1, true);
  run_with(500, 4, 64, 10, true); /* one at a time, under a tiny budget */
}
END_TEST

START_TEST(cpu_count_is_sane) {
  unsigned n = par_cpu_count();
  ck_assert_uint_ge(n, 1);
  ck_assert_uint_le(n, 256);
}
END_TEST

int main(void) {
  Suite *s = suite_create("parallel");
  TCase *tc = tcase_create("parallel");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, in_order_for_any_number_of_threads);
  tcase_add_test(tc, nothing_one_and_fewer_items_than_threads);
  tcase_add_test(tc, the_byte_budget_bounds_what_is_held);
  tcase_add_test(tc, results_are_released_by_their_maker);
  tcase_add_test(tc, cpu_count_is_sane);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
