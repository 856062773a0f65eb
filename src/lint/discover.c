/* discover.c: which files under a directory are profiles to lint. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "mclint.h"

/* A .plist is linted only if it looks like a profile; most .plist files in
 * a repository are app preferences or Info.plist files. */
static bool plist_is_profile(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return true; /* let the linter report the error */
  char buf[65536];
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n <= 0) return false;
  static const char *const marks[] = {"PayloadContent", "PayloadType", "PayloadUUID"};
  for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
    size_t k = strlen(marks[m]);
    for (ssize_t i = 0; i + (ssize_t)k <= n; i++)
      if (buf[i] == marks[m][0] && memcmp(buf + i, marks[m], k) == 0) return true;
  }
  return false;
}

static bool wanted(const char *path, const char *name) {
  if (mcl_has_suffix(name, ".mobileconfig")) return true;
  return mcl_has_suffix(name, ".plist") && plist_is_profile(path);
}

bool mcl_discover_wanted(const char *path) {
  const char *slash = strrchr(path, '/');
  return wanted(path, slash ? slash + 1 : path);
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Depth-first with sorted entries, so output order is stable across file
 * systems. Symbolic links to directories are not followed (no loops). */
static int walk_dir(const char *dir, mcl_file_fn fn, void *arg, char **err, int depth) {
  DIR *d = opendir(dir);
  if (!d) {
    if (!*err) *err = mcl_xasprintf("%s: %s", dir, strerror(errno));
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue; /* ., .., .git and other hidden entries */
    MCL_GROW(names, cap, n + 1);
    names[n++] = mcl_xstrdup(e->d_name);
  }
  closedir(d);
  if (n > 1) qsort(names, n, sizeof *names, cmp_names);
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    char *path = mcl_xasprintf("%s%s%s", dir, mcl_has_suffix(dir, "/") ? "" : "/", names[i]);
    struct stat st;
    if (lstat(path, &st) == 0) {
      if (S_ISDIR(st.st_mode) && depth < 64) {
        if (walk_dir(path, fn, arg, err, depth + 1) != 0 && rc == 0) rc = -1;
      } else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && wanted(path, names[i])) {
        if (!S_ISLNK(st.st_mode) || (stat(path, &st) == 0 && S_ISREG(st.st_mode))) fn(path, arg);
      }
    }
    free(path);
    free(names[i]);
  }
  free(names);
  return rc;
}

int mcl_discover(const char *path, mcl_file_fn fn, void *arg, char **err) {
  if (err) *err = NULL;
  char *ignored = NULL;
  struct stat st;
  if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
    fn(path, arg); /* a file, stdin, or a missing path the linter will report */
    return 0;
  }
  int rc = walk_dir(path, fn, arg, err ? err : &ignored, 0);
  free(ignored);
  return rc;
}
