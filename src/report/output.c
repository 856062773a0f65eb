/* output.c: --output FILE. The report goes to a temporary file beside FILE
 * and is renamed over it only once complete, so FILE is either the old
 * file or the whole new report, never a partial one, and a failed run
 * leaves nothing behind. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

/* A pipe or a file gets 64 KiB writes rather than 4 KiB ones (a long
 * report made 2,500 system calls). glibc sizes a buffer it allocates by
 * the file's block size whatever setvbuf asks, so the buffers are ours:
 * standard output's lives as long as the process (exit flushes it). */
#define OUTPUT_BUFFER (64u << 10)
static char stdout_buffer[OUTPUT_BUFFER];
#include "mclint.h"

struct mcl_output {
  FILE *stream;
  char *path; /* NULL: standard output */
  char *temp;
  char *buffer; /* the temporary file's, freed after it is closed */
};

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return mcl_xstrdup(".");
  if (slash == path) return mcl_xstrdup("/");
  return mcl_xasprintf("%.*s", (int)(slash - path), path);
}

/* ".NAME.XXXXXX.tmp" in NAME's directory: hidden, and not a name that
 * mclint itself would lint if the report is written into a linted tree. */
static int create_temp(const char *path, char **temp) {
  char *dir = dir_of(path);
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  uint64_t seed = (uint64_t)getpid() ^ (uint64_t)time(NULL);
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    *temp = mcl_xasprintf("%s/.%s.%06lx.tmp", dir, base, (unsigned long)(seed >> 40));
    fd = open(*temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
      int saved = errno;
      free(*temp);
      *temp = NULL;
      errno = saved;
      if (saved != EEXIST) break;
    }
  }
  free(dir);
  return fd;
}

mcl_output *mcl_output_open(const char *path, char **err) {
  if (err) *err = NULL;
  mcl_output *o = mcl_xcalloc(1, sizeof *o);
  if (!path || strcmp(path, "-") == 0) {
    o->stream = stdout;
    /* A terminal stays line-buffered. Once only: a second call would
     * drop what the first buffered. */
    static bool buffered;
    if (!buffered && !isatty(STDOUT_FILENO))
      buffered = setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer) == 0;
    return o;
  }
  const char *slash = strrchr(path, '/');
  if (!*(slash ? slash + 1 : path)) {
    if (err) *err = mcl_xasprintf("'%s' does not name a file", path);
    free(o);
    return NULL;
  }
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    if (err) *err = mcl_xasprintf("%s: is a directory", path);
    free(o);
    return NULL;
  }
  int fd = create_temp(path, &o->temp);
  if (fd >= 0 && (o->stream = fdopen(fd, "w"))) {
    o->buffer = mcl_xmalloc(OUTPUT_BUFFER);
    setvbuf(o->stream, o->buffer, _IOFBF, OUTPUT_BUFFER);
  }
  if (fd < 0 || !o->stream) {
    if (err) *err = mcl_xasprintf("%s: cannot create: %s", path, strerror(errno));
    if (fd >= 0) {
      close(fd);
      unlink(o->temp);
    }
    free(o->temp);
    free(o);
    return NULL;
  }
  o->path = mcl_xstrdup(path);
  return o;
}

FILE *mcl_output_stream(const mcl_output *o) { return o->stream; }

const char *mcl_output_temp_path(const mcl_output *o) { return o->temp; }

static void release(mcl_output *o) {
  free(o->buffer);
  free(o->path);
  free(o->temp);
  free(o);
}

void mcl_output_discard(mcl_output *o) {
  if (!o) return;
  if (o->temp) {
    fclose(o->stream);
    unlink(o->temp);
  }
  release(o);
}

/* Flushed and on disk before the rename, so that a crash cannot leave the
 * new name pointing at an empty file. */
static int finish_temp(mcl_output *o) {
  int rc = fflush(o->stream) == 0 && !ferror(o->stream) ? 0 : -1;
  if (rc == 0 && fsync(fileno(o->stream)) != 0 && errno != EINVAL && errno != ENOTSUP) rc = -1;
  int saved = errno;
  if (fclose(o->stream) != 0 && rc == 0) {
    rc = -1;
    saved = errno;
  }
  errno = saved;
  return rc;
}

int mcl_output_commit(mcl_output *o, char **err) {
  if (err) *err = NULL;
  int rc = 0;
  if (!o->temp) {
    if (fflush(o->stream) != 0 || ferror(o->stream)) rc = -1;
    if (rc && err) *err = mcl_xasprintf("error writing output: %s", strerror(errno));
  } else if (finish_temp(o) != 0) {
    rc = -1;
    if (err) *err = mcl_xasprintf("%s: error writing: %s", o->path, strerror(errno));
    unlink(o->temp);
  } else if (rename(o->temp, o->path) != 0) {
    rc = -1;
    if (err) *err = mcl_xasprintf("%s: cannot replace: %s", o->path, strerror(errno));
    unlink(o->temp);
  }
  release(o);
  return rc;
}

/* --fix: the profile's new bytes, under its own name, with its permissions.
 * A symbolic link is followed, so that the link stays a link. */
int mcl_file_replace(const char *path, const void *data, size_t len, char **err) {
  if (err) *err = NULL;
  char *real = realpath(path, NULL);
  const char *target = real ? real : path;
  struct stat st;
  if (stat(target, &st) != 0) {
    if (err) *err = mcl_xasprintf("%s: %s", path, strerror(errno));
    free(real);
    return -1;
  }
  char *temp = NULL;
  int fd = create_temp(target, &temp);
  if (fd < 0) {
    if (err) *err = mcl_xasprintf("%s: cannot write the fixed profile: %s", path, strerror(errno));
    free(real);
    return -1;
  }
  int rc = fchmod(fd, st.st_mode & 07777);
  const char *p = data;
  for (size_t done = 0; rc == 0 && done < len;) {
    ssize_t n = write(fd, p + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) rc = -1;
    else done += (size_t)n;
  }
  if (rc == 0 && fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP) rc = -1;
  int saved = errno;
  if (close(fd) != 0 && rc == 0) rc = -1, saved = errno;
  if (rc == 0 && rename(temp, target) != 0) rc = -1, saved = errno;
  if (rc != 0) {
    unlink(temp);
    if (err) *err = mcl_xasprintf("%s: cannot write the fixed profile: %s", path, strerror(saved));
  }
  free(temp);
  free(real);
  return rc;
}
