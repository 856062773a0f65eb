/* repository.c: see repository.h. Files are told apart by their real path
 * (symbolic links and "./" resolved), kept in a hash set. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "repository.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mclint.h"

struct repo_seen {
  char **slots; /* open addressing; the size is a power of two */
  size_t count, cap;
};

repo_seen *repo_seen_new(void) {
  repo_seen *s = calloc(1, sizeof *s);
  if (!s) abort();
  return s;
}

void repo_seen_free(repo_seen *s) {
  if (!s) return;
  for (size_t i = 0; i < s->cap; i++) free(s->slots[i]);
  free(s->slots);
  free(s);
}

static uint64_t hash(const char *p) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (; *p; p++) h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
  return h;
}

static void grow(repo_seen *s) {
  size_t cap = s->cap ? 2 * s->cap : 1024;
  char **slots = calloc(cap, sizeof *slots);
  if (!slots) abort();
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->slots[i]) continue;
    size_t k = hash(s->slots[i]) & (cap - 1);
    while (slots[k]) k = (k + 1) & (cap - 1);
    slots[k] = s->slots[i];
  }
  free(s->slots);
  s->slots = slots;
  s->cap = cap;
}

bool repo_seen_add(repo_seen *s, const char *path) {
  char real[PATH_MAX];
  const char *key = strcmp(path, "-") && realpath(path, real) ? real : path;
  if (2 * (s->count + 1) > s->cap) grow(s);
  size_t k = hash(key) & (s->cap - 1);
  for (; s->slots[k]; k = (k + 1) & (s->cap - 1))
    if (!strcmp(s->slots[k], key)) return false;
  s->slots[k] = strdup(key);
  if (!s->slots[k]) abort();
  s->count++;
  return true;
}

char *repo_display_dir(const char *dir) {
  char cwd[4096];
  if (dir[0] != '/' || !getcwd(cwd, sizeof cwd) || cwd[0] != '/') return strdup(dir);
  /* The longest common run of whole components. */
  size_t common = 0;
  for (size_t i = 0;; i++) {
    bool end_c = !cwd[i] || cwd[i] == '/', end_d = !dir[i] || dir[i] == '/';
    if (end_c && end_d) common = i;
    if (!cwd[i] || !dir[i] || cwd[i] != dir[i]) break;
  }
  size_t ups = 0;
  for (const char *p = cwd + common; *p; p++) ups += *p == '/' && p[1];
  const char *rest = dir + common;
  while (*rest == '/') rest++;
  size_t n = 3 * ups + strlen(rest) + 2;
  char *out = malloc(n), *o = out;
  if (!out) abort();
  for (size_t i = 0; i < ups; i++) o += sprintf(o, "../");
  sprintf(o, "%s", rest);
  if (!*out) strcpy(out, ".");
  else if (out[strlen(out) - 1] == '/') out[strlen(out) - 1] = '\0';
  return out;
}

typedef struct walk {
  repo_seen *seen;
  void (*fn)(const char *file, void *arg);
  void *arg;
} walk;

static void found(const char *file, void *arg) {
  walk *w = arg;
  if (repo_seen_add(w->seen, file)) w->fn(file, w->arg);
}

int repo_collect(const char *dir, repo_seen *seen, void (*fn)(const char *file, void *arg),
                 void *arg, char **err) {
  struct stat st;
  bool failed = stat(dir, &st) != 0;
  if (failed || !S_ISDIR(st.st_mode)) {
    const char *why = failed ? strerror(errno) : "not a directory";
    size_t n = strlen(dir) + strlen(why) + 32;
    *err = malloc(n);
    if (!*err) abort();
    snprintf(*err, n, "repository '%s': %s", dir, why);
    return -1;
  }
  walk w = {seen, fn, arg};
  return mcl_discover(dir, found, &w, err);
}
