/* peak_rss: run a command and record its peak resident set size.
 *
 *   peak_rss RESULT_FILE COMMAND [ARG]...
 *
 * RESULT_FILE gets "PEAK_RSS_KIB SECONDS"; the exit status is the
 * command's. A small C program, not a script: Linux carries a process's
 * high-water RSS across fork and exec, so a command started from a Python
 * interpreter would report at least the interpreter's size.
 * getrusage(RUSAGE_CHILDREN).ru_maxrss is in KiB on Linux, bytes on macOS. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: peak_rss RESULT_FILE COMMAND [ARG]...\n", stderr);
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 2;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    perror(argv[2]);
    _exit(127);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0) {
    perror("waitpid");
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  long kib = ru.ru_maxrss;
#ifdef __APPLE__
  kib /= 1024;
#endif
  FILE *out = fopen(argv[1], "w");
  if (!out) {
    perror(argv[1]);
    return 2;
  }
  fprintf(out, "%ld %.4f\n", kib,
          (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  fclose(out);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
