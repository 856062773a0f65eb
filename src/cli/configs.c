/* configs.c: see configs.h. Directories are looked up once each: a hash
 * table maps a file's directory to its configuration. */
#include "configs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lint/settings.h"

typedef struct entry {
  char *config;        /* path of the configuration file; NULL: none */
  mcl_options *opts;   /* NULL when the file is bad */
  mcl_linter *linter;  /* made on first use */
  bool reported;       /* its error was already returned once */
  char *error;
} entry;

typedef struct dir_slot {
  char *dir; /* NULL: empty slot */
  size_t entry;
} dir_slot;

struct configs {
  config_mode mode;
  const cli_setting *settings;
  size_t setting_count;
  entry *entries;
  size_t entry_count, entry_cap;
  dir_slot *dirs;
  size_t dir_count, dir_cap; /* cap is a power of two */
};

static char *xstrdup(const char *s) {
  char *d = strdup(s);
  if (!d) abort();
  return d;
}

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* The command line's settings over opts; the first value of a list setting
 * replaces what the file set. Values were checked when parsed. */
static int apply_command_line(const configs *c, mcl_options *opts, char **err) {
  for (size_t i = 0; i < c->setting_count; i++) {
    const cli_setting *s = &c->settings[i];
    bool first = true;
    for (size_t j = 0; j < i && first; j++) first = strcmp(c->settings[j].name, s->name) != 0;
    if (first && mcl_options_is_list(s->name) && mcl_options_clear(opts, s->name, err) != 0)
      return -1;
    if (mcl_options_set(opts, s->name, s->value, err) != 0) return -1;
  }
  return 0;
}

static size_t add_entry(configs *c, const char *config) {
  for (size_t i = 0; i < c->entry_count; i++) {
    const char *have = c->entries[i].config;
    if ((!have && !config) || (have && config && !strcmp(have, config))) return i;
  }
  if (c->entry_count == c->entry_cap) {
    c->entry_cap = c->entry_cap ? 2 * c->entry_cap : 8;
    c->entries = realloc(c->entries, c->entry_cap * sizeof *c->entries);
    if (!c->entries) abort();
  }
  entry *e = &c->entries[c->entry_count];
  memset(e, 0, sizeof *e);
  e->config = config ? xstrdup(config) : NULL;
  e->opts = mcl_options_new();
  char *err = NULL;
  if ((config && mcl_options_load(e->opts, config, &err) != 0) ||
      apply_command_line(c, e->opts, &err) != 0) {
    e->error = err ? err : xstrdup("invalid configuration");
    mcl_options_free(e->opts);
    e->opts = NULL;
  }
  return c->entry_count++;
}

configs *configs_new(config_mode mode, const char *fixed, const cli_setting *settings,
                     size_t setting_count) {
  configs *c = calloc(1, sizeof *c);
  if (!c) abort();
  c->mode = mode;
  c->settings = settings;
  c->setting_count = setting_count;
  if (mode != CONFIG_SEARCH) add_entry(c, mode == CONFIG_FIXED ? fixed : NULL);
  return c;
}

int configs_check_fixed(configs *c, char **err) {
  *err = NULL;
  if (c->mode != CONFIG_FIXED || c->entries[0].opts) return 0;
  c->entries[0].reported = true;
  *err = xstrdup(c->entries[0].error);
  return -1;
}

void configs_free(configs *c) {
  if (!c) return;
  for (size_t i = 0; i < c->entry_count; i++) {
    mcl_linter_free(c->entries[i].linter);
    mcl_options_free(c->entries[i].opts);
    free(c->entries[i].config);
    free(c->entries[i].error);
  }
  for (size_t i = 0; i < c->dir_cap; i++) free(c->dirs[i].dir);
  free(c->dirs);
  free(c->entries);
  free(c);
}

static void dir_grow(configs *c) {
  size_t cap = c->dir_cap ? 2 * c->dir_cap : 64;
  dir_slot *slots = calloc(cap, sizeof *slots);
  if (!slots) abort();
  for (size_t i = 0; i < c->dir_cap; i++) {
    if (!c->dirs[i].dir) continue;
    size_t k = hash(c->dirs[i].dir) & (cap - 1);
    while (slots[k].dir) k = (k + 1) & (cap - 1);
    slots[k] = c->dirs[i];
  }
  free(c->dirs);
  c->dirs = slots;
  c->dir_cap = cap;
}

static bool lookup(const configs *c, const char *dir, size_t *found) {
  if (!c->dir_cap) return false;
  for (size_t k = hash(dir) & (c->dir_cap - 1); c->dirs[k].dir; k = (k + 1) & (c->dir_cap - 1))
    if (!strcmp(c->dirs[k].dir, dir)) {
      *found = c->dirs[k].entry;
      return true;
    }
  return false;
}

static void insert(configs *c, const char *dir, size_t index) {
  if (2 * (c->dir_count + 1) > c->dir_cap) dir_grow(c);
  size_t k = hash(dir) & (c->dir_cap - 1);
  while (c->dirs[k].dir) k = (k + 1) & (c->dir_cap - 1);
  c->dirs[k].dir = xstrdup(dir);
  c->dirs[k].entry = index;
  c->dir_count++;
}

/* A directory's configuration, as mcl_config_find would find it; every
 * directory on the way up is remembered too (as an absolute path), so
 * files in sibling folders share the walk above them instead of repeating
 * it: two file-system lookups per directory in all. */
static size_t entry_for_dir(configs *c, const char *dir) {
  size_t e;
  if (lookup(c, dir, &e)) return e;
  char *abs = mcl_path_resolve(NULL, dir);
  char **chain = NULL;
  size_t n = 0;
  bool known = false;
  for (;;) {
    if ((known = lookup(c, abs, &e))) break;
    chain = realloc(chain, (n + 1) * sizeof *chain);
    if (!chain) abort();
    chain[n++] = xstrdup(abs);
    mcl_config_step step = mcl_config_in_dir(abs);
    if (step == MCL_CONFIG_HERE) {
      char *config = mcl_xasprintf("%s%s%s", abs, strcmp(abs, "/") ? "/" : "", MCL_CONFIG_NAME);
      e = add_entry(c, config);
      free(config);
      break;
    }
    if (step == MCL_CONFIG_STOP) {
      e = add_entry(c, NULL);
      break;
    }
    mcl_path_parent(abs);
  }
  for (size_t i = 0; i < n; i++) {
    insert(c, chain[i], e);
    free(chain[i]);
  }
  free(chain);
  free(abs);
  if (!lookup(c, dir, &e)) insert(c, dir, e);
  return e;
}

int configs_for_file(configs *c, const char *path, size_t *index, bool *excluded, char **err) {
  *err = NULL;
  *excluded = false;
  if (c->mode != CONFIG_SEARCH) {
    *index = 0;
  } else {
    const char *slash = strcmp(path, "-") ? strrchr(path, '/') : NULL;
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
    if (!dir) abort();
    *index = entry_for_dir(c, dir);
    free(dir);
  }
  entry *e = &c->entries[*index];
  if (!e->opts) {
    if (e->reported) return -1;
    e->reported = true;
    *err = xstrdup(e->error);
    return -1;
  }
  *excluded = mcl_options_excludes(e->opts, path);
  return 0;
}

size_t configs_count(const configs *c) { return c->entry_count; }

const char *configs_file(const configs *c, size_t index) { return c->entries[index].config; }

const mcl_options *configs_options(const configs *c, size_t index) {
  return c->entries[index].opts;
}

mcl_linter *configs_linter(configs *c, size_t index, char **err) {
  entry *e = &c->entries[index];
  *err = NULL;
  if (!e->linter && e->opts) {
    char *why = NULL;
    e->linter = mcl_linter_new(e->opts, &why);
    if (!e->linter) {
      const char *what = why ? why : "cannot start";
      size_t n = strlen(what) + (e->config ? strlen(e->config) : 0) + 3;
      *err = malloc(n);
      if (!*err) abort();
      snprintf(*err, n, "%s%s%s", e->config ? e->config : "", e->config ? ": " : "", what);
      free(why);
    }
  }
  return e->linter;
}
