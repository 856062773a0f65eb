#include "lint/settings.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/glob.h"
#include "base/util.h"
#include "rules/rule.h"

#define DEFAULT_MAX_FILE_SIZE (32u * 1024 * 1024)
#define DEFAULT_CERT_EXPIRY_DAYS 30

mcl_options *mcl_options_new(void) {
  mcl_options *o = mcl_xcalloc(1, sizeof *o);
  o->supervised = -1;
  o->max_file_size = DEFAULT_MAX_FILE_SIZE;
  o->cert_expiry_days = DEFAULT_CERT_EXPIRY_DAYS;
  size_t n = mcl_rule_count();
  o->severity = mcl_xmalloc(n * sizeof *o->severity);
  for (size_t i = 0; i < n; i++) o->severity[i] = mcl_rule_at(i)->severity;
  return o;
}

static char **copy_strings(char **v, size_t n) {
  if (!n) return NULL;
  char **c = mcl_xmalloc(n * sizeof *c);
  for (size_t i = 0; i < n; i++) c[i] = mcl_xstrdup(v[i]);
  return c;
}

mcl_options *mcl_options_copy(const mcl_options *opts) {
  mcl_options *o = mcl_xmalloc(sizeof *o);
  *o = *opts;
  size_t n = mcl_rule_count();
  o->severity = mcl_xmalloc(n * sizeof *o->severity);
  memcpy(o->severity, opts->severity, n * sizeof *o->severity);
  o->schema_dirs = copy_strings(opts->schema_dirs, opts->schema_dir_count);
  o->manifest_dirs = copy_strings(opts->manifest_dirs, opts->manifest_dir_count);
  o->excludes = copy_strings(opts->excludes, opts->exclude_count);
  o->ca_file = opts->ca_file ? mcl_xstrdup(opts->ca_file) : NULL;
  o->allowed_types = copy_strings(opts->allowed_types, opts->allowed_type_count);
  o->forbidden_types = copy_strings(opts->forbidden_types, opts->forbidden_type_count);
  o->identifier_pattern = opts->identifier_pattern ? mcl_xstrdup(opts->identifier_pattern) : NULL;
  o->organization = opts->organization ? mcl_xstrdup(opts->organization) : NULL;
  o->base_dir = NULL;
  return o;
}

static void free_strings(char **v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

void mcl_options_free(mcl_options *o) {
  if (!o) return;
  free(o->severity);
  free_strings(o->schema_dirs, o->schema_dir_count);
  free_strings(o->manifest_dirs, o->manifest_dir_count);
  free_strings(o->excludes, o->exclude_count);
  free(o->ca_file);
  free_strings(o->allowed_types, o->allowed_type_count);
  free_strings(o->forbidden_types, o->forbidden_type_count);
  free(o->identifier_pattern);
  free(o->organization);
  free(o);
}

/* ---- setting handlers ---- */

typedef int (*setting_fn)(mcl_options *o, const char *value, char **err);

__attribute__((format(printf, 2, 3))) static int fail(char **err, const char *fmt, ...) {
  if (err) {
    mcl_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    mcl_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    *err = b.data;
  }
  return -1;
}

static int parse_bool(const char *v, bool *out) {
  if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1")) {
    *out = true;
    return 0;
  }
  if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0")) {
    *out = false;
    return 0;
  }
  return -1;
}

typedef int (*item_fn)(mcl_options *o, const char *item, char **err, const void *arg);

/* Calls fn for each comma-separated, trimmed item of value. */
static int each_item_arg(mcl_options *o, const char *value, char **err, item_fn fn,
                         const void *arg) {
  char *copy = mcl_xstrdup(value), *save = NULL;
  int rc = 0;
  for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
    while (isspace((unsigned char)*tok)) tok++;
    char *end = tok + strlen(tok);
    while (end > tok && isspace((unsigned char)end[-1])) *--end = '\0';
    if (*tok) rc = fn(o, tok, err, arg);
  }
  free(copy);
  return rc;
}

static int call_plain(mcl_options *o, const char *item, char **err, const void *arg) {
  int (*const *fn)(mcl_options *, const char *, char **) = arg;
  return (*fn)(o, item, err);
}

static int each_item(mcl_options *o, const char *value, char **err,
                     int (*fn)(mcl_options *, const char *, char **)) {
  return each_item_arg(o, value, err, call_plain, &fn);
}

static int add_platform(mcl_options *o, const char *v, char **err) {
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
    if (mcl_streq_icase(v, mcl_platform_name(1u << i))) {
      o->platforms |= 1u << i;
      return 0;
    }
  return fail(err, "unknown platform '%s' (expected ios, macos, tvos, visionos or watchos)", v);
}

static int set_platform(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, add_platform);
}

static int set_min_os(mcl_options *o, const char *v, char **err) {
  if (!*v) {
    o->min_os = 0; /* no minimum */
    return 0;
  }
  if (!mcl_version_parse(v, &o->min_os))
    return fail(err, "invalid OS version '%s' (expected e.g. 17 or 14.2)", v);
  return 0;
}

static int set_supervision(mcl_options *o, const char *v, char **err) {
  if (!strcmp(v, "supervised"))
    o->supervised = 1;
  else if (!strcmp(v, "unsupervised"))
    o->supervised = 0;
  else if (!strcmp(v, "any") || !strcmp(v, "unknown"))
    o->supervised = -1;
  else
    return fail(err, "invalid supervision '%s' (expected supervised, unsupervised or any)", v);
  return 0;
}

static int set_bool(bool *field, const char *v, char **err) {
  if (parse_bool(v, field) != 0) return fail(err, "expected true or false, not '%s'", v);
  return 0;
}

static int set_strict_types(mcl_options *o, const char *v, char **err) {
  return set_bool(&o->strict_types, v, err);
}

static int set_strict(mcl_options *o, const char *v, char **err) {
  return set_bool(&o->strict, v, err);
}

static int set_max_file_size(mcl_options *o, const char *v, char **err) {
  char *end;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  unsigned long long scale = 1;
  if (*end == 'k' || *end == 'K') scale = 1024, end++;
  else if (*end == 'm' || *end == 'M') scale = 1024 * 1024, end++;
  if (errno || end == v || *end || n == 0 || n > (1ull << 40) / scale)
    return fail(err, "invalid size '%s' (expected bytes, or a number with K or M)", v);
  o->max_file_size = (size_t)(n * scale);
  return 0;
}

static int set_verify(mcl_options *o, const char *v, char **err) {
  return set_bool(&o->verify, v, err);
}

static int set_ca_file(mcl_options *o, const char *v, char **err) {
  if (!*v) return fail(err, "ca-file needs a file name");
  free(o->ca_file);
  /* A configuration file's is relative to it; the command line's, as given. */
  o->ca_file = o->base_dir ? mcl_path_resolve(o->base_dir, v) : mcl_xstrdup(v);
  o->verify = true;
  return 0;
}

static int set_cert_expiry_days(mcl_options *o, const char *v, char **err) {
  char *end;
  errno = 0;
  unsigned long n = strtoul(v, &end, 10);
  if (errno || end == v || *end || *v == '-' || n > 36500)
    return fail(err, "invalid number of days '%s' (expected 0 to 36500)", v);
  o->cert_expiry_days = (unsigned)n;
  return 0;
}

static void push_string(char ***v, size_t *n, const char *s) {
  *v = mcl_xrealloc(*v, (*n + 1) * sizeof **v);
  (*v)[(*n)++] = mcl_xstrdup(s);
}

static void clear_strings(char ***v, size_t *n) {
  free_strings(*v, *n);
  *v = NULL;
  *n = 0;
}

char *mcl_path_resolve(const char *base, const char *name) {
  mcl_buf b = {0};
  if (name[0] != '/') {
    char cwd[4096];
    if (base)
      mcl_buf_puts(&b, base);
    else if (getcwd(cwd, sizeof cwd))
      mcl_buf_puts(&b, cwd);
    mcl_buf_putc(&b, '/');
  }
  mcl_buf_puts(&b, name);
  /* Normalise in place: components are copied down over "." and "..". */
  char *s = b.data, *out = s;
  const char *p = s;
  while (*p) {
    while (*p == '/') p++;
    const char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 0 || (n == 1 && p[0] == '.')) {
      /* skip */
    } else if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (out > s && *--out != '/') {}
    } else {
      *out++ = '/';
      memmove(out, p, n);
      out += n;
    }
    p += n;
  }
  if (out == s) *out++ = '/';
  *out = '\0';
  return s;
}

/* A configuration file's directory is relative to it; the command line's
 * is kept as given (for messages), the current directory not changing. */
static int push_dir(mcl_options *o, const char *v, const char *what, char ***list, size_t *count,
                    char **err) {
  if (!*v) return fail(err, "empty directory name");
  char *dir = o->base_dir ? mcl_path_resolve(o->base_dir, v) : mcl_xstrdup(v);
  struct stat st;
  int rc = 0;
  if (stat(dir, &st) != 0)
    rc = fail(err, "%s directory '%s': %s", what, dir, strerror(errno));
  else if (!S_ISDIR(st.st_mode))
    rc = fail(err, "%s directory '%s' is not a directory", what, dir);
  else
    push_string(list, count, dir);
  free(dir);
  return rc;
}

static int set_schema_dir(mcl_options *o, const char *v, char **err) {
  return push_dir(o, v, "schema", &o->schema_dirs, &o->schema_dir_count, err);
}

static int set_manifest_dir(mcl_options *o, const char *v, char **err) {
  return push_dir(o, v, "manifests", &o->manifest_dirs, &o->manifest_dir_count, err);
}

/* Exclude patterns are kept as absolute globs: the base directory (escaped)
 * joined to the pattern. A pattern without a slash matches a file or
 * directory name at any depth, as in .gitignore; one with a slash is
 * anchored at the base. */
static int set_exclude(mcl_options *o, const char *v, char **err) {
  const char *pat = v;
  while (*pat == '/') pat++;
  size_t n = strlen(pat);
  while (n > 0 && pat[n - 1] == '/') n--;
  if (n == 0) return fail(err, "empty exclude pattern");
  char *trimmed = mcl_xasprintf("%.*s", (int)n, pat);
  const char *why = mcl_glob_check(trimmed);
  if (why) {
    free(trimmed);
    return fail(err, "bad exclude pattern '%s': %s", v, why);
  }
  char *base = mcl_path_resolve(o->base_dir, ".");
  mcl_buf b = {0};
  mcl_glob_escape(&b, base);
  if (!mcl_has_suffix(base, "/")) mcl_buf_putc(&b, '/');
  bool anchored = strchr(trimmed, '/') != NULL || v[0] == '/';
  if (!anchored) mcl_buf_puts(&b, "**/");
  mcl_buf_puts(&b, trimmed);
  push_string(&o->excludes, &o->exclude_count, b.data);
  mcl_buf_free(&b);
  free(base);
  free(trimmed);
  return 0;
}

/* A selector names a rule (name or code), a code prefix ("MC2") or a
 * category ("vpn"), or "all". */
static bool selector_matches(const char *sel, const mcl_rule *r) {
  if (!strcmp(sel, "all") || !strcmp(sel, r->name) || !strcmp(sel, r->category)) return true;
  size_t n = strlen(sel);
  return n >= 3 && strncasecmp(sel, r->code, n) == 0;
}

typedef enum { SEL_ENABLE, SEL_DISABLE, SEL_RATE } sel_action;

/* Enabling keeps a severity the rule already has (say, from --severity or
 * the configuration file) and otherwise restores the rule's default;
 * before holds the severities to keep (o->severity, or what --select
 * replaced). */
static int apply_selector(mcl_options *o, const char *sel, sel_action act, mcl_severity sev,
                          const mcl_severity *before, char **err) {
  bool any = false;
  for (size_t i = 0; i < mcl_rule_count(); i++) {
    const mcl_rule *r = mcl_rule_at(i);
    if (!selector_matches(sel, r)) continue;
    any = true;
    if (act == SEL_DISABLE)
      o->severity[i] = MCL_OFF;
    else if (act == SEL_RATE)
      o->severity[i] = sev;
    else
      o->severity[i] = before[i] != MCL_OFF ? before[i] : r->severity;
  }
  return any ? 0 : fail(err, "unknown rule, code or category '%s'", sel);
}

static int enable_one(mcl_options *o, const char *sel, char **err) {
  return apply_selector(o, sel, SEL_ENABLE, MCL_OFF, o->severity, err);
}

static int disable_one(mcl_options *o, const char *sel, char **err) {
  return apply_selector(o, sel, SEL_DISABLE, MCL_OFF, NULL, err);
}

static int set_enable(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, enable_one);
}

static int set_disable(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, disable_one);
}

/* Only the listed rules run. Each keeps the severity it had if it was on. */
static int select_one(mcl_options *o, const char *sel, char **err, const void *before) {
  return apply_selector(o, sel, SEL_ENABLE, MCL_OFF, before, err);
}

static int set_select(mcl_options *o, const char *v, char **err) {
  size_t n = mcl_rule_count();
  mcl_severity *saved = mcl_xmalloc(n * sizeof *saved);
  memcpy(saved, o->severity, n * sizeof *saved);
  for (size_t i = 0; i < n; i++) o->severity[i] = MCL_OFF;
  int rc = each_item_arg(o, v, err, select_one, saved);
  if (rc != 0) memcpy(o->severity, saved, n * sizeof *saved);
  free(saved);
  return rc;
}

static int parse_severity(const char *s, mcl_severity *out) {
  static const struct { const char *name; mcl_severity sev; } names[] = {
      {"error", MCL_ERROR}, {"warning", MCL_WARNING}, {"info", MCL_INFO}, {"off", MCL_OFF}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(s, names[i].name)) {
      *out = names[i].sev;
      return 0;
    }
  return -1;
}

/* "RULE=LEVEL" */
static int severity_one(mcl_options *o, const char *item, char **err) {
  const char *eq = strchr(item, '=');
  if (!eq) return fail(err, "expected RULE=LEVEL, not '%s'", item);
  char *sel = mcl_xstrdup(item);
  sel[eq - item] = '\0';
  mcl_severity sev;
  int rc;
  if (parse_severity(eq + 1, &sev) != 0)
    rc = fail(err, "unknown severity '%s' (expected error, warning, info or off)", eq + 1);
  else
    rc = apply_selector(o, sel, SEL_RATE, sev, NULL, err);
  free(sel);
  return rc;
}

static int set_severity(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, severity_one);
}

/* ---- organisation policy ---- */

static int set_identifier_pattern(mcl_options *o, const char *v, char **err) {
  free(o->identifier_pattern);
  o->identifier_pattern = NULL;
  if (!*v) return 0;
  int code;
  PCRE2_SIZE off;
  pcre2_code *re =
      pcre2_compile((PCRE2_SPTR)v, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    return fail(err, "invalid regular expression '%s': %s at offset %zu", v, (const char *)msg,
                (size_t)off);
  }
  pcre2_code_free(re);
  o->identifier_pattern = mcl_xstrdup(v);
  return 0;
}

static int check_type_glob(const char *v, char **err) {
  const char *why = mcl_glob_check(v);
  if (why) return fail(err, "bad PayloadType pattern '%s': %s", v, why);
  return 0;
}

static int add_allowed_type(mcl_options *o, const char *v, char **err) {
  if (check_type_glob(v, err) != 0) return -1;
  push_string(&o->allowed_types, &o->allowed_type_count, v);
  return 0;
}

static int add_forbidden_type(mcl_options *o, const char *v, char **err) {
  if (check_type_glob(v, err) != 0) return -1;
  push_string(&o->forbidden_types, &o->forbidden_type_count, v);
  return 0;
}

static int set_allowed_types(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, add_allowed_type);
}

static int set_forbidden_types(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, add_forbidden_type);
}

static int set_require_organization(mcl_options *o, const char *v, char **err) {
  return set_bool(&o->require_organization, v, err);
}

static int set_organization(mcl_options *o, const char *v, char **err) {
  free(o->organization);
  o->organization = *v ? mcl_xstrdup(v) : NULL;
  return 0;
}

/* ---- list settings: what the command line empties before replacing ---- */

static void clear_platform(mcl_options *o) { o->platforms = 0; }
static void clear_schema_dirs(mcl_options *o) {
  clear_strings(&o->schema_dirs, &o->schema_dir_count);
}
static void clear_manifest_dirs(mcl_options *o) {
  clear_strings(&o->manifest_dirs, &o->manifest_dir_count);
}
static void clear_excludes(mcl_options *o) { clear_strings(&o->excludes, &o->exclude_count); }
static void clear_allowed(mcl_options *o) {
  clear_strings(&o->allowed_types, &o->allowed_type_count);
}
static void clear_forbidden(mcl_options *o) {
  clear_strings(&o->forbidden_types, &o->forbidden_type_count);
}

enum {
  LIST = MCL_SETTING_LIST,
  COMMA = MCL_SETTING_COMMA,
  PATH = MCL_SETTING_PATH,
  BOOL = MCL_SETTING_BOOL,
};

/* Rule selection (select, enable, disable, ignore, severity) is not a list
 * in this sense: each value is applied in turn, so the command line's
 * choices refine the file's, and select starts afresh wherever it occurs. */
static const struct {
  const char *name;
  setting_fn fn;
  unsigned flags;
  void (*clear)(mcl_options *o); /* list settings only */
} settings[] = {
    {"platform", set_platform, LIST | COMMA, clear_platform},
    {"min-os", set_min_os, 0, NULL},
    {"supervision", set_supervision, 0, NULL},
    {"strict-types", set_strict_types, BOOL, NULL},
    {"strict", set_strict, BOOL, NULL},
    {"max-file-size", set_max_file_size, 0, NULL},
    {"schema-dir", set_schema_dir, LIST | PATH, clear_schema_dirs},
    {"manifests", set_manifest_dir, LIST | PATH, clear_manifest_dirs},
    {"exclude", set_exclude, LIST | PATH, clear_excludes},
    {"enable", set_enable, COMMA, NULL},
    {"disable", set_disable, COMMA, NULL},
    {"ignore", set_disable, COMMA, NULL},
    {"select", set_select, COMMA, NULL},
    {"severity", set_severity, COMMA, NULL},
    {"policy.identifier-pattern", set_identifier_pattern, 0, NULL},
    {"policy.allowed-payload-types", set_allowed_types, LIST | COMMA, clear_allowed},
    {"policy.forbidden-payload-types", set_forbidden_types, LIST | COMMA, clear_forbidden},
    {"policy.require-organization", set_require_organization, BOOL, NULL},
    {"policy.organization", set_organization, 0, NULL},
    {"verify", set_verify, BOOL, NULL},
    {"ca-file", set_ca_file, PATH, NULL},
    {"cert-expiry-days", set_cert_expiry_days, 0, NULL},
};
#define SETTING_COUNT (sizeof settings / sizeof settings[0])

static int find_setting(const char *name) {
  for (size_t i = 0; i < SETTING_COUNT; i++)
    if (!strcmp(settings[i].name, name)) return (int)i;
  return -1;
}

bool mcl_options_is_setting(const char *name) { return find_setting(name) >= 0; }

int mcl_setting_flags(const char *name) {
  int i = find_setting(name);
  return i < 0 ? -1 : (int)settings[i].flags;
}

bool mcl_options_is_list(const char *name) {
  int i = find_setting(name);
  return i >= 0 && (settings[i].flags & MCL_SETTING_LIST);
}

const char *mcl_setting_suggest(const char *name) {
  const char *best = NULL;
  size_t best_d = 4;
  for (size_t i = 0; i < SETTING_COUNT; i++) {
    size_t d = mcl_edit_distance(name, settings[i].name, 3);
    const char *dot = strchr(settings[i].name, '.');
    if (dot) { /* "identifier-pattern" for "policy.identifier-pattern" */
      size_t d2 = mcl_edit_distance(name, dot + 1, 3);
      if (d2 < d) d = d2;
    }
    if (d < best_d) best_d = d, best = settings[i].name;
  }
  return best;
}

int mcl_options_clear(mcl_options *o, const char *name, char **err) {
  if (err) *err = NULL;
  int i = find_setting(name);
  if (i < 0) return fail(err, "unknown setting '%s'", name);
  if (!settings[i].clear) return fail(err, "setting '%s' is not a list", name);
  settings[i].clear(o);
  return 0;
}

int mcl_options_set(mcl_options *o, const char *name, const char *value, char **err) {
  if (err) *err = NULL;
  int i = find_setting(name);
  if (i < 0) return fail(err, "unknown setting '%s'", name);
  return settings[i].fn(o, value, err);
}

/* ---- writing the settings out (mclint --show-config) ---- */

static void write_string(FILE *out, const char *s) {
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      fprintf(out, "\\%c", *s);
    else if ((unsigned char)*s < 0x20)
      fprintf(out, "\\u%04x", (unsigned char)*s);
    else
      fputc(*s, out);
  }
  fputc('"', out);
}

static void write_list(FILE *out, const char *name, char **v, size_t n) {
  fprintf(out, "%s = [", name);
  for (size_t i = 0; i < n; i++) {
    if (i) fputs(", ", out);
    write_string(out, v[i]);
  }
  fputs("]\n", out);
}

void mcl_options_write(const mcl_options *o, FILE *out) {
  fputs("platform = [", out);
  for (int i = 0, n = 0; i < MCL_PLATFORM_COUNT; i++)
    if (o->platforms & (1u << i)) {
      char lower[16];
      size_t k = 0;
      for (const char *p = mcl_platform_name(1u << i); *p && k + 1 < sizeof lower; p++)
        lower[k++] = (char)tolower((unsigned char)*p);
      lower[k] = '\0';
      fprintf(out, "%s\"%s\"", n++ ? ", " : "", lower);
    }
  fputs("]\n", out);
  char v[32];
  fprintf(out, "min-os = \"%s\"\n", o->min_os ? mcl_version_format(o->min_os, v, sizeof v) : "");
  fprintf(out, "supervision = \"%s\"\n",
          o->supervised == 1 ? "supervised" : o->supervised == 0 ? "unsupervised" : "any");
  fprintf(out, "strict-types = %s\n", o->strict_types ? "true" : "false");
  fprintf(out, "strict = %s\n", o->strict ? "true" : "false");
  fprintf(out, "max-file-size = %zu\n", o->max_file_size);
  write_list(out, "schema-dir", o->schema_dirs, o->schema_dir_count);
  write_list(out, "manifests", o->manifest_dirs, o->manifest_dir_count);
  fputs("# exclude patterns, made absolute:\n", out);
  write_list(out, "exclude", o->excludes, o->exclude_count);
  fprintf(out, "verify = %s\n", o->verify ? "true" : "false");
  if (o->ca_file) {
    fputs("ca-file = ", out);
    write_string(out, o->ca_file);
    fputc('\n', out);
  }
  fprintf(out, "cert-expiry-days = %u\n", o->cert_expiry_days);
  fputs("\n[severity]  # rules whose severity is not the default\n", out);
  for (size_t i = 0; i < mcl_rule_count(); i++) {
    const mcl_rule *r = mcl_rule_at(i);
    if (o->severity[i] != r->severity)
      fprintf(out, "%s = \"%s\"\n", r->name, mcl_severity_name(o->severity[i]));
  }
  fputs("\n[policy]\n", out);
  fputs("identifier-pattern = ", out);
  write_string(out, o->identifier_pattern ? o->identifier_pattern : "");
  fputc('\n', out);
  write_list(out, "allowed-payload-types", o->allowed_types, o->allowed_type_count);
  write_list(out, "forbidden-payload-types", o->forbidden_types, o->forbidden_type_count);
  fprintf(out, "require-organization = %s\n", o->require_organization ? "true" : "false");
  fputs("organization = ", out);
  write_string(out, o->organization ? o->organization : "");
  fputc('\n', out);
}
