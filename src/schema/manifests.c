/* manifests.c: the manifest directories of a run (--manifests), indexed by
 * domain, each manifest read on first use.
 *
 * Start-up only lists file names (recursively): a full checkout holds about
 * 300 manifests and most runs need none or a few. A domain is looked up
 * first among the files named after it (DOMAIN.plist, DOMAIN-variant.plist,
 * or the name in another case), which is how nearly every manifest is
 * named; the pfm_domain inside decides. Only when that finds nothing are
 * the other files' pfm_domain keys read, once per run, from the heads of
 * the files. Every manifest is parsed at most once. Several manifests of
 * one domain (variants for iOS and macOS, or for two identity providers)
 * count as one: a key any of them knows is known.
 *
 * Threads: one mutex guards the index and the cache. A lookup after the
 * first of a domain only finds its entry. */
/* d_type and DT_DIR (glibc hides them under _POSIX_C_SOURCE alone). */
#define _DEFAULT_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "schema/manifest.h"
#include "schema/manifests.h"

#define MAX_DIR_DEPTH 16
/* A ProfileManifests checkout holds a few thousand files and folders; a
 * directory with far more (--manifests /, a home folder) is a mistake, and
 * walking it would stall the run. */
#define MAX_DIR_ENTRIES 200000
#define HEAD_BYTES 16384

typedef struct mfile {
  const char *path, *stem; /* in the set's names; stem: the name without .plist */
  size_t path_off, stem_off; /* the same, as offsets while names grows */
  char *domain;      /* once known (read or scanned), else NULL */
  bool read;         /* parsed (into a domain entry) */
} mfile;

typedef struct mdomain {
  char *domain;
  mcl_schema *schema;   /* NULL when no manifest of the domain could be read */
  mcl_schema **extras;  /* further manifests of the domain, merged into schema */
  size_t extra_count, extra_cap;
  bool resolved;        /* looked up: the files that can hold it are read */
  char *files;          /* the manifest files, for messages and the audit */
  char *error;          /* the first unreadable manifest: "FILE:LINE: message" */
} mdomain;

struct mcl_manifest_set {
  mcl_buf names; /* every path and stem, NUL-terminated, in one block */
  mfile *files;
  size_t file_count, file_cap;
  mdomain *domains;
  size_t domain_count, domain_cap;
  bool scanned; /* every file's domain is known */
  size_t entries; /* seen by the walk of the current directory */
  pthread_mutex_t lock;
};

/* ---- the index of file names ---- */

static bool is_manifest_name(const char *name) {
  size_t n = strlen(name);
  return n > 6 && name[0] != '.' && !strcmp(name + n - 6, ".plist");
}

static char *join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = mcl_xmalloc(a + b + 2);
  memcpy(p, dir, a);
  p[a] = '/';
  memcpy(p + a + 1, name, b + 1);
  return p;
}

/* Only names are collected; d_type spares a stat() per file where the
 * file system gives it (stat() otherwise, and for links). */
static char *walk_dir(mcl_manifest_set *m, const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (!d) return depth ? NULL : mcl_xasprintf("--manifests %s: %s", dir, strerror(errno));
  struct dirent *de;
  while ((de = readdir(d)) != NULL && m->entries <= MAX_DIR_ENTRIES) {
    if (de->d_name[0] == '.') continue; /* ., .., .git and hidden files */
    m->entries++;
    bool is_dir = false, is_file = false;
#ifdef DT_DIR
    is_dir = de->d_type == DT_DIR;
    is_file = de->d_type == DT_REG;
#endif
    bool named = is_manifest_name(de->d_name);
    if (!is_dir && !is_file && (named || depth < MAX_DIR_DEPTH)) {
      struct stat st;
      char *path = join(dir, de->d_name);
      if (stat(path, &st) == 0) is_dir = S_ISDIR(st.st_mode), is_file = S_ISREG(st.st_mode);
      free(path);
    }
    if (is_dir && depth < MAX_DIR_DEPTH) {
      char *path = join(dir, de->d_name);
      free(walk_dir(m, path, depth + 1));
      free(path);
    } else if (is_file && named) {
      /* One block for all names: a checkout has hundreds of manifests. */
      MCL_GROW(m->files, m->file_cap, m->file_count + 1);
      mfile *f = &m->files[m->file_count++];
      memset(f, 0, sizeof *f);
      size_t n = strlen(de->d_name);
      f->path_off = m->names.len;
      mcl_buf_puts(&m->names, dir);
      mcl_buf_putc(&m->names, '/');
      mcl_buf_add(&m->names, de->d_name, n + 1);
      f->stem_off = m->names.len;
      mcl_buf_add(&m->names, de->d_name, n - 6);
      mcl_buf_putc(&m->names, '\0');
    }
  }
  closedir(d);
  return NULL;
}

static int by_path(const void *a, const void *b) {
  return strcmp((*(mfile *const *)a)->path, (*(mfile *const *)b)->path);
}

mcl_manifest_set *mcl_manifest_set_new(char *const *dirs, size_t count, char **err) {
  *err = NULL;
  mcl_manifest_set *m = mcl_xcalloc(1, sizeof *m);
  pthread_mutex_init(&m->lock, NULL);
  for (size_t i = 0; i < count && !*err; i++) {
    size_t before = m->file_count;
    m->entries = 0;
    *err = walk_dir(m, dirs[i], 0);
    if (!*err && m->entries > MAX_DIR_ENTRIES)
      *err = mcl_xasprintf("--manifests %s: more than %d files and folders below it; name a "
                           "ProfileManifests checkout or a folder of manifests",
                           dirs[i], MAX_DIR_ENTRIES);
    else if (!*err && m->file_count == before)
      *err = mcl_xasprintf("--manifests %s: no manifest (*.plist) there", dirs[i]);
  }
  if (*err) {
    mcl_manifest_set_free(m);
    return NULL;
  }
  for (size_t i = 0; i < m->file_count; i++) {
    m->files[i].path = m->names.data + m->files[i].path_off;
    m->files[i].stem = m->names.data + m->files[i].stem_off;
  }
  return m;
}

void mcl_manifest_set_free(mcl_manifest_set *m) {
  if (!m) return;
  for (size_t i = 0; i < m->file_count; i++) free(m->files[i].domain);
  mcl_buf_free(&m->names);
  for (size_t i = 0; i < m->domain_count; i++) {
    mdomain *d = &m->domains[i];
    mcl_manifest_free(d->schema);
    for (size_t k = 0; k < d->extra_count; k++) mcl_manifest_free(d->extras[k]);
    free(d->extras);
    free(d->domain);
    free(d->files);
    free(d->error);
  }
  free(m->files);
  free(m->domains);
  pthread_mutex_destroy(&m->lock);
  free(m);
}

/* ---- reading ---- */

static mdomain *domain_entry(mcl_manifest_set *m, const char *domain, bool make) {
  for (size_t i = 0; i < m->domain_count; i++)
    if (!strcmp(m->domains[i].domain, domain)) return &m->domains[i];
  if (!make) return NULL;
  MCL_GROW(m->domains, m->domain_cap, m->domain_count + 1);
  mdomain *d = &m->domains[m->domain_count++];
  memset(d, 0, sizeof *d);
  d->domain = mcl_xstrdup(domain);
  return d;
}

static void add_file_name(mdomain *d, const char *path) {
  char *files = d->files ? mcl_xasprintf("%s, %s", d->files, path) : mcl_xstrdup(path);
  free(d->files);
  d->files = files;
}

/* Keys of extra not in s become keys of s (s's own win): a manifest's
 * variants describe one domain. The nodes stay in extra's arena. */
static void merge_into(mcl_schema *s, const mcl_schema *extra) {
  size_t n = s->members.count + extra->members.count;
  mcl_snode **keys = mcl_arena_alloc(&s->arena, (n + 1) * sizeof *keys);
  size_t out = 0, i = 0, k = 0;
  while (i < s->members.count || k < extra->members.count) {
    int c = i == s->members.count       ? 1
            : k == extra->members.count ? -1
                                        : strcmp(s->members.keys[i]->name,
                                                 extra->members.keys[k]->name);
    if (c <= 0) {
      keys[out++] = s->members.keys[i++];
      if (c == 0) k++;
    } else {
      keys[out++] = extra->members.keys[k++];
    }
  }
  s->members.keys = keys;
  s->members.count = out;
  if (!s->members.any) s->members.any = extra->members.any;
}

/* Parses one file and files the result under its domain. */
static void read_file(mcl_manifest_set *m, mfile *f) {
  f->read = true;
  char *err = NULL;
  mcl_mapped_file file = {0};
  mcl_schema *s = NULL;
  if (mcl_map_file(f->path, SIZE_MAX, &file) != 0)
    err = mcl_xasprintf("%s: %s", f->path, strerror(errno));
  else
    s = mcl_manifest_parse_mapped(file, f->path, &err); /* takes the bytes */
  if (!f->domain) f->domain = s ? mcl_xstrdup(s->type) : NULL;
  if (!f->domain && !s && file.data) f->domain = mcl_manifest_scan_domain(file.data, file.len);
  if (!f->domain) f->domain = mcl_xstrdup(f->stem);
  if (!s) mcl_unmap_file(file);
  mdomain *d = domain_entry(m, f->domain, true);
  add_file_name(d, f->path);
  if (!s) {
    if (!d->error) d->error = err;
    else free(err);
  } else if (!d->schema) {
    d->schema = s;
  } else {
    merge_into(d->schema, s);
    MCL_GROW(d->extras, d->extra_cap, d->extra_count + 1);
    d->extras[d->extra_count++] = s;
  }
}

static bool named_for(const mfile *f, const char *domain) {
  size_t n = strlen(domain);
  return !strcasecmp(f->stem, domain) ||
         (!strncmp(f->stem, domain, n) && f->stem[n] == '-');
}

/* Every file's pfm_domain, from its head (the key sorts before
 * pfm_subkeys), or from the whole file when the head does not have it. */
static void scan_all(mcl_manifest_set *m) {
  m->scanned = true;
  for (size_t i = 0; i < m->file_count; i++) {
    mfile *f = &m->files[i];
    if (f->domain) continue;
    mcl_mapped_file head, all;
    if (mcl_map_file(f->path, HEAD_BYTES, &head) != 0) continue;
    f->domain = mcl_manifest_scan_domain(head.data, head.len);
    if (!f->domain && head.len >= HEAD_BYTES && mcl_map_file(f->path, SIZE_MAX, &all) == 0) {
      f->domain = mcl_manifest_scan_domain(all.data, all.len);
      mcl_unmap_file(all);
    }
    mcl_unmap_file(head);
    if (!f->domain) f->domain = mcl_xstrdup(f->stem);
  }
}

/* Reads the files that may hold domain, by path: of several manifests of
 * one domain, the first one's keys win, whatever order readdir gave. */
static void read_matching(mcl_manifest_set *m, const char *domain, bool by_name) {
  mfile **match = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < m->file_count; i++) {
    mfile *f = &m->files[i];
    if (f->read) continue;
    if (by_name ? named_for(f, domain) : (f->domain && !strcmp(f->domain, domain))) {
      MCL_GROW(match, cap, n + 1);
      match[n++] = f;
    }
  }
  if (n > 1) qsort(match, n, sizeof *match, by_path);
  for (size_t i = 0; i < n; i++) read_file(m, match[i]);
  free(match);
}

mcl_manifest_lookup mcl_manifest_get(mcl_manifest_set *m, const char *domain) {
  mcl_manifest_lookup r = {0};
  if (!m || !domain) return r;
  pthread_mutex_lock(&m->lock);
  mdomain *d = domain_entry(m, domain, false);
  if (!d || !d->resolved) {
    read_matching(m, domain, true);
    d = domain_entry(m, domain, false);
    if (!d && !m->scanned) {
      scan_all(m);
      read_matching(m, domain, false);
      d = domain_entry(m, domain, false);
    }
    if (!d) d = domain_entry(m, domain, true); /* remembered as absent */
    d->resolved = true;
  }
  r.schema = d->schema;
  r.error = d->schema ? NULL : d->error;
  r.files = d->files;
  pthread_mutex_unlock(&m->lock);
  return r;
}

size_t mcl_manifest_file_count(const mcl_manifest_set *m) { return m ? m->file_count : 0; }
