/* config.c: configuration files (.mclint.toml): finding the one that
 * applies to a file, and applying its settings through mcl_options_set.
 *
 * The format is a small subset of TOML, so that editors highlight it and
 * any TOML parser reads it the same way: comments, [tables], bare, quoted
 * and dotted keys, basic and literal strings, booleans, numbers (kept as
 * written) and arrays of those. The full dotted key is the setting's name
 * ("policy.identifier-pattern"); keys of the [severity] table are rules. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/glob.h"
#include "base/text.h"
#include "lint/settings.h"
#include "base/util.h"

#define MAX_CONFIG_SIZE (1024 * 1024)

typedef struct value {
  enum { V_STRING, V_BOOL, V_NUMBER, V_ARRAY } kind;
  char *text;    /* scalars */
  char **items;  /* arrays: the items' texts */
  size_t count;
} value;

typedef struct seen_key {
  char *key;
  unsigned line;
  bool table;
} seen_key;

typedef struct parser {
  const char *path;
  const char *p, *end;
  unsigned line;
  mcl_options *opts;
  char *table; /* current [table], or NULL */
  seen_key *seen;
  size_t seen_count, seen_cap;
  char *err; /* the first error */
} parser;

__attribute__((format(printf, 2, 3))) static int error_at(parser *ps, const char *fmt, ...) {
  if (ps->err) return -1;
  mcl_buf b = {0};
  mcl_buf_printf(&b, "%s:%u: ", ps->path, ps->line);
  va_list ap;
  va_start(ap, fmt);
  mcl_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  ps->err = b.data;
  return -1;
}

static void value_free(value *v) {
  free(v->text);
  for (size_t i = 0; i < v->count; i++) free(v->items[i]);
  free(v->items);
  memset(v, 0, sizeof *v);
}

static bool at_end(const parser *ps) { return ps->p >= ps->end; }

static void skip_blanks(parser *ps) {
  while (!at_end(ps) && (*ps->p == ' ' || *ps->p == '\t')) ps->p++;
}

static void skip_comment(parser *ps) {
  if (!at_end(ps) && *ps->p == '#')
    while (!at_end(ps) && *ps->p != '\n') ps->p++;
}

/* Blanks, comments and line breaks (inside arrays). */
static void skip_space(parser *ps) {
  for (;;) {
    skip_blanks(ps);
    skip_comment(ps);
    if (at_end(ps)) return;
    if (*ps->p == '\n') {
      ps->line++;
      ps->p++;
    } else if (*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n') {
      ps->p++;
    } else {
      return;
    }
  }
}

/* After a statement only a comment may follow on the line. */
static int end_of_line(parser *ps) {
  skip_blanks(ps);
  skip_comment(ps);
  if (!at_end(ps) && *ps->p == '\r') ps->p++;
  if (at_end(ps)) return 0;
  if (*ps->p != '\n') return error_at(ps, "unexpected '%c' after the value", *ps->p);
  ps->p++;
  ps->line++;
  return 0;
}

static int parse_escape(parser *ps, mcl_buf *b) {
  if (at_end(ps)) return error_at(ps, "unterminated string");
  char c = *ps->p++;
  static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
  const char *k = strchr(from, c);
  if (k && c) {
    mcl_buf_putc(b, to[k - from]);
    return 0;
  }
  if (c != 'u' && c != 'U') return error_at(ps, "unknown escape '\\%c' in a string", c);
  int digits = c == 'u' ? 4 : 8;
  unsigned long cp = 0;
  for (int i = 0; i < digits; i++) {
    if (at_end(ps)) return error_at(ps, "unterminated string");
    char h = *ps->p++;
    int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
            : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
    if (v < 0) return error_at(ps, "bad \\%c escape: expected %d hexadecimal digits", c, digits);
    cp = cp * 16 + (unsigned long)v;
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
    return error_at(ps, "\\%c escape is not a valid character", c);
  char utf8[4];
  mcl_buf_add(b, utf8, mcl_utf8_encode((uint32_t)cp, utf8));
  return 0;
}

/* A "basic" or 'literal' string on one line. */
static int parse_string(parser *ps, char **out) {
  char quote = *ps->p;
  if (ps->end - ps->p >= 3 && ps->p[1] == quote && ps->p[2] == quote)
    return error_at(ps, "multi-line strings are not supported");
  ps->p++;
  mcl_buf b = {0};
  for (;;) {
    if (at_end(ps) || *ps->p == '\n' || *ps->p == '\r') {
      mcl_buf_free(&b);
      return error_at(ps, "unterminated string (strings end on the line they start)");
    }
    char c = *ps->p++;
    if (c == quote) break;
    if (c == '\\' && quote == '"') {
      if (parse_escape(ps, &b) != 0) {
        mcl_buf_free(&b);
        return -1;
      }
    } else if ((unsigned char)c < 0x20 && c != '\t') {
      mcl_buf_free(&b);
      return error_at(ps, "control character in a string");
    } else {
      mcl_buf_putc(&b, c);
    }
  }
  *out = b.data ? b.data : mcl_xstrdup("");
  return 0;
}

static bool bare_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

static int parse_simple_key(parser *ps, mcl_buf *key) {
  if (!at_end(ps) && (*ps->p == '"' || *ps->p == '\'')) {
    char *s;
    if (parse_string(ps, &s) != 0) return -1;
    mcl_buf_puts(key, s);
    free(s);
    return 0;
  }
  const char *start = ps->p;
  while (!at_end(ps) && bare_char(*ps->p)) ps->p++;
  if (ps->p == start) {
    if (at_end(ps) || *ps->p == '\n' || *ps->p == '=')
      return error_at(ps, "expected a setting name");
    return error_at(ps, "unexpected '%c' where a setting name should be", *ps->p);
  }
  mcl_buf_add(key, start, (size_t)(ps->p - start));
  return 0;
}

/* a.b."c d" */
static int parse_key(parser *ps, char **out) {
  mcl_buf key = {0};
  for (;;) {
    skip_blanks(ps);
    if (parse_simple_key(ps, &key) != 0) {
      mcl_buf_free(&key);
      return -1;
    }
    skip_blanks(ps);
    if (at_end(ps) || *ps->p != '.') break;
    ps->p++;
    mcl_buf_putc(&key, '.');
  }
  *out = key.data;
  return 0;
}

static int parse_scalar(parser *ps, value *v) {
  if (at_end(ps)) return error_at(ps, "expected a value");
  char c = *ps->p;
  if (c == '"' || c == '\'') {
    v->kind = V_STRING;
    return parse_string(ps, &v->text);
  }
  if (c == '{') return error_at(ps, "inline tables are not supported; use a [table]");
  const char *start = ps->p;
  while (!at_end(ps) && (bare_char(*ps->p) || *ps->p == '.' || *ps->p == '+' || *ps->p == ':'))
    ps->p++;
  size_t n = (size_t)(ps->p - start);
  if (n == 4 && !memcmp(start, "true", 4)) {
    v->kind = V_BOOL;
  } else if (n == 5 && !memcmp(start, "false", 5)) {
    v->kind = V_BOOL;
  } else if (n && ((*start >= '0' && *start <= '9') || *start == '+' || *start == '-')) {
    v->kind = V_NUMBER;
  } else {
    ps->p = start;
    return error_at(ps, "expected a value: a quoted string, true, false, a number or an array "
                        "(strings need quotes)");
  }
  v->text = mcl_xasprintf("%.*s", (int)n, start);
  return 0;
}

static int parse_array(parser *ps, value *v) {
  v->kind = V_ARRAY;
  ps->p++; /* [ */
  size_t cap = 0;
  for (;;) {
    skip_space(ps);
    if (at_end(ps)) return error_at(ps, "unterminated array: missing ']'");
    if (*ps->p == ']') break;
    if (*ps->p == '[') return error_at(ps, "nested arrays are not supported");
    value item = {0};
    if (parse_scalar(ps, &item) != 0) return -1;
    MCL_GROW(v->items, cap, v->count + 1);
    v->items[v->count++] = item.text;
    skip_space(ps);
    if (at_end(ps)) return error_at(ps, "unterminated array: missing ']'");
    if (*ps->p == ',') {
      ps->p++;
    } else if (*ps->p != ']') {
      return error_at(ps, "expected ',' or ']' in the array, not '%c'", *ps->p);
    }
  }
  ps->p++; /* ] */
  return 0;
}

static int parse_value(parser *ps, value *v) {
  if (!at_end(ps) && *ps->p == '[') return parse_array(ps, v);
  return parse_scalar(ps, v);
}

/* TOML defines every key and table once. */
static int remember(parser *ps, const char *key, bool table) {
  size_t n = strlen(key);
  for (size_t i = 0; i < ps->seen_count; i++) {
    const seen_key *s = &ps->seen[i];
    size_t m = strlen(s->key);
    if (!strcmp(s->key, key)) {
      if (table && s->table) return error_at(ps, "table [%s] appears twice (first at line %u)",
                                             key, s->line);
      if (!table && !s->table)
        return error_at(ps, "'%s' is set twice (first at line %u)", key, s->line);
    }
    bool below = (n > m && !strncmp(key, s->key, m) && key[m] == '.' && !s->table) ||
                 (m > n && !strncmp(s->key, key, n) && s->key[n] == '.' && !table);
    if (below || (!strcmp(s->key, key) && table != s->table))
      return error_at(ps, "'%s' conflicts with '%s' at line %u", key, s->key, s->line);
  }
  MCL_GROW(ps->seen, ps->seen_cap, ps->seen_count + 1);
  ps->seen[ps->seen_count++] = (seen_key){mcl_xstrdup(key), ps->line, table};
  return 0;
}

static int apply_one(parser *ps, const char *name, const char *text) {
  char *err = NULL;
  if (mcl_options_set(ps->opts, name, text, &err) == 0) return 0;
  error_at(ps, "%s: %s", name, err ? err : "invalid value");
  free(err);
  return -1;
}

static char *join_items(const value *v) {
  mcl_buf b = {0};
  for (size_t i = 0; i < v->count; i++) {
    if (i) mcl_buf_putc(&b, ',');
    mcl_buf_puts(&b, v->items[i]);
  }
  return b.data ? b.data : mcl_xstrdup("");
}

static int apply_severity(parser *ps, const char *rule, const value *v) {
  if (v->kind != V_STRING)
    return error_at(ps, "severity of '%s': expected \"error\", \"warning\", \"info\" or \"off\"",
                    rule);
  char *item = mcl_xasprintf("%s=%s", rule, v->text);
  int rc = apply_one(ps, "severity", item);
  free(item);
  return rc;
}

static int unknown_setting(parser *ps, const char *name) {
  const char *near = mcl_setting_suggest(name);
  if (near) return error_at(ps, "unknown setting '%s' (did you mean '%s'?)", name, near);
  return error_at(ps, "unknown setting '%s'", name);
}

/* [groups] NAME = ["PATTERN", ...]: one "groups" value (NAME=PATTERN) per pattern. */
static int apply_group(parser *ps, const char *group, const value *v) {
  if (v->kind != V_STRING && v->kind != V_ARRAY)
    return error_at(ps, "group '%s': expected a path pattern or an array of them", group);
  size_t n = v->kind == V_ARRAY ? v->count : 1;
  for (size_t i = 0; i < n; i++) {
    char *item = mcl_xasprintf("%s=%s", group, v->kind == V_ARRAY ? v->items[i] : v->text);
    int rc = apply_one(ps, "groups", item);
    free(item);
    if (rc) return -1;
  }
  return 0;
}

static int apply(parser *ps, const char *name, const value *v) {
  if (!strncmp(name, "severity.", 9)) return apply_severity(ps, name + 9, v);
  if (!strncmp(name, "groups.", 7)) return apply_group(ps, name + 7, v);
  int flags = mcl_setting_flags(name);
  if (flags < 0) return unknown_setting(ps, name);
  if (v->kind != V_ARRAY) return apply_one(ps, name, v->text);
  if ((flags & MCL_SETTING_PATH) && (flags & MCL_SETTING_LIST)) {
    for (size_t i = 0; i < v->count; i++)
      if (apply_one(ps, name, v->items[i]) != 0) return -1;
    return 0;
  }
  if (!(flags & MCL_SETTING_COMMA)) return error_at(ps, "%s takes one value, not an array", name);
  if (!strcmp(name, "select") && v->count == 0)
    return error_at(ps, "select = [] would turn every rule off; use disable = [\"all\"]");
  char *joined = join_items(v);
  int rc = v->count ? apply_one(ps, name, joined) : 0;
  free(joined);
  return rc;
}

static int parse_table_header(parser *ps) {
  ps->p++; /* [ */
  if (!at_end(ps) && *ps->p == '[')
    return error_at(ps, "arrays of tables ([[...]]) are not supported");
  char *key;
  if (parse_key(ps, &key) != 0) return -1;
  if (at_end(ps) || *ps->p != ']') {
    free(key);
    return error_at(ps, "expected ']' to end the table name");
  }
  ps->p++;
  if (strcmp(key, "severity") != 0 && strcmp(key, "policy") != 0 && strcmp(key, "groups") != 0) {
    error_at(ps, "unknown table [%s] (known: [severity], [policy], [groups])", key);
    free(key);
    return -1;
  }
  int rc = remember(ps, key, true);
  free(ps->table);
  ps->table = key;
  return rc ? rc : end_of_line(ps);
}

static int parse_key_value(parser *ps) {
  char *key;
  if (parse_key(ps, &key) != 0) return -1;
  char *name = ps->table ? mcl_xasprintf("%s.%s", ps->table, key) : mcl_xstrdup(key);
  free(key);
  int rc = -1;
  value v = {0};
  skip_blanks(ps);
  if (at_end(ps) || *ps->p != '=') {
    error_at(ps, "expected '=' after '%s'", name);
  } else {
    ps->p++;
    skip_blanks(ps);
    unsigned line = ps->line;
    if (parse_value(ps, &v) == 0 && end_of_line(ps) == 0) {
      unsigned after = ps->line;
      ps->line = line; /* errors in the value name the line it starts on */
      rc = remember(ps, name, false) == 0 ? apply(ps, name, &v) : -1;
      ps->line = after;
    }
  }
  value_free(&v);
  free(name);
  return rc;
}

static int parse_document(parser *ps) {
  if (ps->end - ps->p >= 3 && !memcmp(ps->p, "\xEF\xBB\xBF", 3)) ps->p += 3;
  for (;;) {
    skip_blanks(ps);
    if (at_end(ps)) return 0;
    char c = *ps->p;
    int rc;
    if (c == '#' || c == '\n' || c == '\r')
      rc = end_of_line(ps);
    else if (c == '[')
      rc = parse_table_header(ps);
    else
      rc = parse_key_value(ps);
    if (rc != 0) return -1;
  }
}

static char *read_config(const char *path, size_t *len, char **err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *err = mcl_xasprintf("%s: %s", path, strerror(errno));
    return NULL;
  }
  char *data = mcl_xmalloc(MAX_CONFIG_SIZE + 1);
  size_t n = fread(data, 1, MAX_CONFIG_SIZE + 1, f);
  bool bad = ferror(f);
  fclose(f);
  if (bad || n > MAX_CONFIG_SIZE) {
    *err = bad ? mcl_xasprintf("%s: cannot read the file", path)
               : mcl_xasprintf("%s: larger than %d bytes; not a configuration file", path,
                               MAX_CONFIG_SIZE);
    free(data);
    return NULL;
  }
  data[n] = '\0';
  *len = n;
  return data;
}

int mcl_options_load_text(mcl_options *opts, const char *path, const char *text, size_t len,
                          char **err) {
  if (err) *err = NULL;
  if (memchr(text, '\0', len)) {
    if (err) *err = mcl_xasprintf("%s: holds NUL bytes; not a configuration file", path);
    return -1;
  }
  char *abs = mcl_path_resolve(NULL, path);
  char *dir = mcl_path_resolve(abs, "..");
  parser ps = {.path = path, .p = text, .end = text + len, .line = 1, .opts = opts};
  opts->base_dir = dir;
  int rc = parse_document(&ps);
  opts->base_dir = NULL;
  if (rc != 0 && err) {
    *err = ps.err ? ps.err : mcl_xasprintf("%s: invalid configuration", path);
    ps.err = NULL;
  }
  free(ps.err);
  free(ps.table);
  for (size_t i = 0; i < ps.seen_count; i++) free(ps.seen[i].key);
  free(ps.seen);
  free(dir);
  free(abs);
  return rc;
}

int mcl_options_load(mcl_options *opts, const char *path, char **err) {
  if (err) *err = NULL;
  char *ignored = NULL;
  size_t len = 0;
  char *text = read_config(path, &len, err ? err : &ignored);
  free(ignored);
  if (!text) return -1;
  int rc = mcl_options_load_text(opts, path, text, len, err);
  free(text);
  return rc;
}

static bool exists(const char *dir, const char *name, bool regular) {
  char *p = mcl_xasprintf("%s%s%s", dir, mcl_has_suffix(dir, "/") ? "" : "/", name);
  struct stat st;
  bool ok = (regular ? stat(p, &st) : lstat(p, &st)) == 0 && (!regular || S_ISREG(st.st_mode));
  free(p);
  return ok;
}

mcl_config_step mcl_config_in_dir(const char *dir) {
  if (exists(dir, MCL_CONFIG_NAME, true)) return MCL_CONFIG_HERE;
  /* The repository root ends the search: a configuration above it (in a
   * home directory, say) would make local runs differ from CI. */
  if (exists(dir, ".git", false) || !strcmp(dir, "/")) return MCL_CONFIG_STOP;
  return MCL_CONFIG_UP;
}

void mcl_path_parent(char *dir) {
  char *slash = strrchr(dir, '/');
  if (!slash) return;
  if (slash == dir)
    dir[1] = '\0';
  else
    *slash = '\0';
}

char *mcl_config_find(const char *start) {
  char *dir = mcl_path_resolve(NULL, start && *start ? start : ".");
  char *found = NULL;
  for (;;) {
    mcl_config_step step = mcl_config_in_dir(dir);
    if (step == MCL_CONFIG_HERE)
      found = mcl_xasprintf("%s%s%s", dir, mcl_has_suffix(dir, "/") ? "" : "/", MCL_CONFIG_NAME);
    if (step != MCL_CONFIG_UP) break;
    mcl_path_parent(dir);
  }
  free(dir);
  return found;
}

bool mcl_options_excludes(const mcl_options *opts, const char *path) {
  if (!opts->exclude_count || !strcmp(path, "-")) return false;
  char *abs = mcl_path_resolve(NULL, path);
  bool hit = false;
  for (size_t i = 0; i < opts->exclude_count && !hit; i++)
    hit = mcl_glob_match_path(opts->excludes[i], abs);
  free(abs);
  return hit;
}
