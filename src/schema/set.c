/* set.c: the schemas a linter knows, each made ready on first use.
 *
 * The table is fixed when the linter is made: the schemas compiled into the
 * program (tools/compile_schemas.c), sorted by payload type, with those of
 * --schema-dir directories replacing or adding to them (parsed and
 * validated at once, so that a bad file stops the run before any profile is
 * linted). A compiled schema is static data: making it ready only compiles
 * its few format regexes, the first time a profile needs it. The entry's
 * mutex makes that happen once even when several threads lint with the same
 * linter, and the published pointer is read without the lock afterwards
 * (acquire/release). */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "schema/embedded.h"
#include "schema/manifests.h"
#include "schema/schema.h"

typedef struct entry {
  char *type, *file;
  mcl_schema *compiled; /* static, or NULL for a custom schema */
  pthread_mutex_t lock;
  _Atomic(bool) done;
  mcl_schema *schema; /* written once under lock, before done */
  char *error;
} entry;

struct mcl_schema_set {
  entry *entries;
  size_t count;
  atomic_size_t loaded;
  bool locks_ready;
  mcl_manifest_set *manifests; /* --manifests, or NULL */
};

static int by_type(const void *a, const void *b) {
  return strcmp(((const entry *)a)->type, ((const entry *)b)->type);
}

static entry *find(const mcl_schema_set *set, const char *type) {
  entry key = {.type = (char *)type};
  return bsearch(&key, set->entries, set->count, sizeof *set->entries, by_type);
}

/* An include naming no schema of the set is an error of the including file. */
static char *check_includes(const mcl_schema_set *set, const mcl_schema *s) {
  for (size_t i = 0; i < s->include_count; i++)
    if (!find(set, s->includes[i]))
      return mcl_xasprintf("%s: <include payload=\"%s\">: there is no such payload schema",
                           s->file, s->includes[i]);
  return NULL;
}

/* Compiled schemas are shared by every linter of the process, so their
 * regexes are compiled once, under one process-wide lock. */
static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;

static char *compile_regexes(mcl_schema *s) {
  char *err = NULL;
  pthread_mutex_lock(&compile_lock);
  for (size_t i = 0; i < s->format_node_count && !err; i++) {
    mcl_snode *n = s->format_nodes[i];
    if (n->regex) continue;
    int code;
    PCRE2_SIZE off;
    n->regex = mcl_schema_compile_format(n->format, &code, &off);
    if (!n->regex) err = mcl_xasprintf("%s: format of '%s' does not compile", s->file, n->name);
  }
  pthread_mutex_unlock(&compile_lock);
  return err;
}

static void load_entry(mcl_schema_set *set, entry *e) {
  pthread_mutex_lock(&e->lock);
  if (!atomic_load_explicit(&e->done, memory_order_relaxed)) {
    char *err = compile_regexes(e->compiled);
    if (!err) err = check_includes(set, e->compiled);
    e->schema = err ? NULL : e->compiled;
    e->error = err;
    atomic_fetch_add_explicit(&set->loaded, 1, memory_order_relaxed);
    atomic_store_explicit(&e->done, true, memory_order_release);
  }
  pthread_mutex_unlock(&e->lock);
}

const mcl_schema *mcl_schema_get(mcl_schema_set *set, const char *type) {
  entry *e = type ? find(set, type) : NULL;
  if (!e) return NULL;
  if (!atomic_load_explicit(&e->done, memory_order_acquire)) load_entry(set, e);
  return e->schema;
}

bool mcl_schema_known(const mcl_schema_set *set, const char *type) {
  return type && find(set, type) != NULL;
}

size_t mcl_schema_type_count(const mcl_schema_set *set) { return set->count; }

const char *mcl_schema_type_at(const mcl_schema_set *set, size_t i) {
  return i < set->count ? set->entries[i].type : NULL;
}

size_t mcl_schema_loaded_count(mcl_schema_set *set) {
  return atomic_load_explicit(&set->loaded, memory_order_relaxed);
}

bool mcl_schema_is_loaded(mcl_schema_set *set, const char *type) {
  entry *e = find(set, type);
  return e && atomic_load_explicit(&e->done, memory_order_acquire) && e->schema;
}

const char *mcl_schema_set_error(mcl_schema_set *set, const char *type) {
  entry *e = find(set, type);
  return e && atomic_load_explicit(&e->done, memory_order_acquire) ? e->error : NULL;
}

/* ---- --schema-dir ---- */

static int read_file(const char *path, unsigned char **data, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  mcl_buf b = {0};
  char chunk[16384];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) mcl_buf_add(&b, chunk, got);
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    mcl_buf_free(&b);
    return -1;
  }
  *len = b.len;
  *data = (unsigned char *)(b.data ? b.data : mcl_xstrdup(""));
  return 0;
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Puts a parsed custom schema into the table, replacing an entry of the same
 * type (embedded, or from an earlier directory). */
static void put_custom(mcl_schema_set *set, size_t *cap, mcl_schema *s, const char *path) {
  entry *e = find(set, s->type);
  if (e) {
    mcl_schema_free(e->schema);
    free(e->file);
  } else {
    MCL_GROW(set->entries, *cap, set->count + 1);
    e = &set->entries[set->count++];
    memset(e, 0, sizeof *e);
    e->type = mcl_xstrdup(s->type);
    qsort(set->entries, set->count, sizeof *set->entries, by_type);
    e = find(set, s->type);
  }
  e->file = mcl_xstrdup(path);
  e->compiled = NULL;
  e->schema = s;
  atomic_store(&e->done, true);
  atomic_fetch_add(&set->loaded, 1);
}

static char *load_dir(mcl_schema_set *set, size_t *cap, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return mcl_xasprintf("--schema-dir %s: %s", dir, strerror(errno));
  char **names = NULL;
  size_t n = 0, ncap = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t len = strlen(de->d_name);
    if (len <= 4 || strcmp(de->d_name + len - 4, ".xml") || !strcmp(de->d_name, "SOURCE.xml"))
      continue;
    MCL_GROW(names, ncap, n + 1);
    names[n++] = mcl_xstrdup(de->d_name);
  }
  closedir(d);
  if (n > 1) qsort(names, n, sizeof *names, by_string);
  char *err = n ? NULL : mcl_xasprintf("--schema-dir %s: no *.xml schema files there", dir);
  for (size_t i = 0; i < n && !err; i++) {
    char *path = mcl_xasprintf("%s/%s", dir, names[i]);
    unsigned char *data;
    size_t len;
    if (read_file(path, &data, &len) != 0) {
      err = mcl_xasprintf("%s: %s", path, strerror(errno));
    } else {
      mcl_schema *s = mcl_schema_parse(data, len, path, &err);
      free(data);
      size_t tl = strlen(names[i]) - 4;
      if (s && (strlen(s->type) != tl || strncmp(s->type, names[i], tl))) {
        err = mcl_xasprintf("%s: declares type '%s'; a schema file must be named after its "
                            "payload type (%s.xml)",
                            path, s->type, s->type);
        mcl_schema_free(s);
      } else if (s) {
        put_custom(set, cap, s, path);
      }
    }
    free(path);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return err;
}

mcl_schema_set *mcl_schema_set_new(const mcl_options *opts, char **err) {
  *err = NULL;
  mcl_schema_set *set = mcl_xcalloc(1, sizeof *set);
  size_t cap = mcl_schemas_compiled_count;
  set->entries = mcl_xcalloc(cap ? cap : 1, sizeof *set->entries);
  for (size_t i = 0; i < mcl_schemas_compiled_count; i++) {
    entry *e = &set->entries[set->count++];
    e->type = mcl_xstrdup(mcl_schemas_compiled[i].type);
    e->file = mcl_xstrdup(mcl_schemas_compiled[i].schema->file);
    e->compiled = mcl_schemas_compiled[i].schema;
  }
  for (size_t i = 0; opts && i < opts->schema_dir_count && !*err; i++)
    *err = load_dir(set, &cap, opts->schema_dirs[i]);
  /* Custom schemas may include each other and embedded ones: check the
   * names now that the table is complete. */
  for (size_t i = 0; i < set->count && !*err; i++)
    if (!set->entries[i].compiled && set->entries[i].schema)
      *err = check_includes(set, set->entries[i].schema);
  if (!*err && opts && opts->manifest_dir_count)
    set->manifests = mcl_manifest_set_new(opts->manifest_dirs, opts->manifest_dir_count, err);
  if (*err) {
    mcl_schema_set_free(set);
    return NULL;
  }
  /* Mutexes are set up once the table no longer moves. */
  for (size_t i = 0; i < set->count; i++) pthread_mutex_init(&set->entries[i].lock, NULL);
  set->locks_ready = true;
  return set;
}

void mcl_schema_set_free(mcl_schema_set *set) {
  if (!set) return;
  for (size_t i = 0; i < set->count; i++) {
    entry *e = &set->entries[i];
    mcl_schema_free(e->schema);
    free(e->type);
    free(e->file);
    free(e->error);
    if (set->locks_ready) pthread_mutex_destroy(&e->lock);
  }
  free(set->entries);
  mcl_manifest_set_free(set->manifests);
  free(set);
}

/* Precedence: --schema-dir, then Apple's schema, then manifests. A type
 * with a schema of either kind never gets a manifest (the ManifestsApple
 * folder of a checkout repeats Apple's payloads). */
mcl_manifest_lookup mcl_schema_manifest(mcl_schema_set *set, const char *domain) {
  mcl_manifest_lookup none = {0};
  if (!set->manifests || !domain || find(set, domain)) return none;
  return mcl_manifest_get(set->manifests, domain);
}

bool mcl_schema_has_manifests(const mcl_schema_set *set) { return set->manifests != NULL; }
