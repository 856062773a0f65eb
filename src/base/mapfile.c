/* mapfile.c: see mapfile.h. */
#include "base/mapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

/* Below this, one read costs less than setting up a mapping. */
#define MAP_THRESHOLD (64u * 1024)

static int read_fd(int fd, size_t want, mcl_mapped_file *out) {
  char *buf = mcl_xmalloc(want + 1);
  size_t got = 0;
  while (got < want) {
    ssize_t n = read(fd, buf + got, want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  if (got < want && got == 0 && want) {
    int saved = errno;
    free(buf);
    errno = saved ? saved : EIO;
    return -1;
  }
  buf[got] = '\0';
  *out = (mcl_mapped_file){buf, got, false};
  return 0;
}

/* Mapped only when the file's last page has room for the NUL: the bytes
 * of a page past the end of a file read as zero (POSIX mmap). */
static bool map_fd(int fd, size_t want, size_t size, mcl_mapped_file *out) {
  long page = sysconf(_SC_PAGESIZE);
  if (want < MAP_THRESHOLD || want != size || page <= 0 || size % (size_t)page == 0) return false;
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return false;
  *out = (mcl_mapped_file){p, size, true};
  return true;
}

int mcl_map_file(const char *path, size_t limit, mcl_mapped_file *out) {
  *out = (mcl_mapped_file){0};
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  struct stat st;
  int bad = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : st.st_size < 0 ? EINVAL : 0;
  if (bad) {
    close(fd);
    errno = bad;
    return -1;
  }
  size_t size = (size_t)st.st_size, want = size < limit ? size : limit;
  int rc = map_fd(fd, want, size, out) ? 0 : read_fd(fd, want, out);
  int saved = errno;
  close(fd);
  errno = saved;
  return rc;
}

void mcl_unmap_file(mcl_mapped_file f) {
  if (!f.data) return;
  if (f.mapped)
    munmap(f.data, f.len);
  else
    free(f.data);
}
