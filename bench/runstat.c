/* runstat: run a command several times and report its median wall time and
 * peak resident memory, for the benchmarks (portable: fork, exec, wait4).
 *   runstat RUNS COMMAND [ARG]...   ->   "<median seconds> <max RSS KiB>"
 *   runstat RUNS BASELINE [ARG]... --vs COMMAND [ARG]...
 *     -> "<baseline median> <baseline RSS> <median> <RSS> <median ratio>"
 * The second form alternates the two, run for run, and the ratio is the
 * median of each pair's ratio: on a shared machine whose speed drifts
 * within seconds, both see the same drift, which two separate series of
 * runs do not. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* One run of argv: its wall time, and its peak RSS raised into *max_rss.
 * Exits 2 when the command cannot be run. */
static double run_once(char **argv, long *max_rss) {
  double start = now();
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execvp(argv[0], argv);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) exit(2);
  double t = now() - start;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    fprintf(stderr, "runstat: cannot run %s\n", argv[0]);
    exit(2);
  }
#ifdef __APPLE__
  long rss = ru.ru_maxrss / 1024; /* bytes on macOS */
#else
  long rss = ru.ru_maxrss; /* KiB on Linux */
#endif
  if (rss > *max_rss) *max_rss = rss;
  return t;
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp);
  return v[n / 2];
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: runstat RUNS COMMAND [ARG]... [--vs COMMAND [ARG]...]\n", stderr);
    return 2;
  }
  int runs = atoi(argv[1]);
  if (runs < 1) runs = 1;
  char **a = argv + 2, **b = NULL;
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "--vs")) {
      argv[i] = NULL; /* ends a's arguments */
      b = argv + i + 1;
    }
  if (b && !*b) {
    fputs("runstat: nothing after --vs\n", stderr);
    return 2;
  }
  double *ta = calloc((size_t)runs, sizeof *ta), *tb = calloc((size_t)runs, sizeof *tb);
  double *ratio = calloc((size_t)runs, sizeof *ratio);
  if (!ta || !tb || !ratio) return 2;
  long rss_a = 0, rss_b = 0;
  for (int i = 0; i < runs; i++) {
    ta[i] = run_once(a, &rss_a);
    if (!b) continue;
    tb[i] = run_once(b, &rss_b);
    ratio[i] = tb[i] / ta[i];
  }
  if (!b) {
    printf("%.6f %ld\n", median(ta, runs), rss_a);
  } else {
    double ma = median(ta, runs), mb = median(tb, runs);
    printf("%.6f %ld %.6f %ld %.4f\n", ma, rss_a, mb, rss_b, median(ratio, runs));
  }
  free(ta), free(tb), free(ratio);
  return 0;
}
