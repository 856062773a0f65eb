/* runstat: run a command several times and report its median wall time and
 * peak resident memory, for the benchmarks (portable: fork, exec, wait4).
 *   runstat RUNS COMMAND [ARG]...   ->   "<median seconds> <max RSS KiB>" */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: runstat RUNS COMMAND [ARG]...\n", stderr);
    return 2;
  }
  int runs = atoi(argv[1]);
  if (runs < 1) runs = 1;
  double *t = calloc((size_t)runs, sizeof *t);
  long max_rss = 0;
  for (int i = 0; i < runs; i++) {
    double start = now();
    pid_t pid = fork();
    if (pid == 0) {
      int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      execvp(argv[2], argv + 2);
      _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) return 2;
    t[i] = now() - start;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
      fprintf(stderr, "runstat: cannot run %s\n", argv[2]);
      return 2;
    }
#ifdef __APPLE__
    long rss = ru.ru_maxrss / 1024; /* bytes on macOS */
#else
    long rss = ru.ru_maxrss; /* KiB on Linux */
#endif
    if (rss > max_rss) max_rss = rss;
  }
  qsort(t, (size_t)runs, sizeof *t, cmp);
  printf("%.6f %ld\n", t[runs / 2], max_rss);
  free(t);
  return 0;
}
