/* settings.c: every setting as one row of a table (at the end of this
 * file), and what the rows have in common: defaults, copying and freeing
 * options, parsing a value by name, and writing the settings out. A new
 * setting is a field in base/options.h and a row here; a value that needs
 * more than its type's parsing gets a parse or value function beside the
 * others below. */
#include "lint/settings.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/glob.h"
#include "base/text.h"
#include "base/util.h"
#include "rules/rule.h"

#define FIELD(o, s, T)  ((T *)(void *)((char *)(o) + (s)->field))
#define CFIELD(o, s, T) ((T const *)(const void *)((const char *)(o) + (s)->field))
#define COUNT(o, s)     ((size_t *)(void *)((char *)(o) + (s)->count))

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

/* ---- lists of strings ---- */

static char **copy_strings(char **v, size_t n) {
  if (!n) return NULL;
  char **c = mcl_xmalloc(n * sizeof *c);
  for (size_t i = 0; i < n; i++) c[i] = mcl_xstrdup(v[i]);
  return c;
}

static void free_strings(char **v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

static void push_string(char ***v, size_t *n, char *s) {
  *v = mcl_xrealloc(*v, (*n + 1) * sizeof **v);
  (*v)[(*n)++] = s;
}

typedef int (*item_fn)(const mcl_setting *s, mcl_options *o, const char *item, char **err,
                       const void *arg);

/* Calls fn for each comma-separated, trimmed, non-empty item of value. */
static int each_item(const mcl_setting *s, mcl_options *o, const char *value, char **err,
                     item_fn fn, const void *arg) {
  char *copy = mcl_xstrdup(value), *save = NULL;
  int rc = 0;
  for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
    while (isspace((unsigned char)*tok)) tok++;
    char *end = tok + strlen(tok);
    while (end > tok && isspace((unsigned char)end[-1])) *--end = '\0';
    if (*tok) rc = fn(s, o, tok, err, arg);
  }
  free(copy);
  return rc;
}

/* ---- parsing by type ---- */

static int parse_bool(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  static const char *const yes[] = {"true", "yes", "on", "1"};
  static const char *const no[] = {"false", "no", "off", "0"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (!strcmp(v, yes[i])) return *FIELD(o, s, bool) = true, 0;
    if (!strcmp(v, no[i])) return *FIELD(o, s, bool) = false, 0;
  }
  return fail(err, "expected true or false, not '%s'", v);
}

static int parse_unsigned(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  char *end;
  errno = 0;
  unsigned long n = strtoul(v, &end, 10);
  if (errno || end == v || *end || *v == '-' || n > s->max)
    return fail(err, "invalid number of %s '%s' (expected 0 to %u)", s->unit, v, s->max);
  *FIELD(o, s, unsigned) = (unsigned)n;
  return 0;
}

static int parse_size(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  char *end;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  unsigned long long scale = 1;
  if (*end == 'k' || *end == 'K')
    scale = 1024, end++;
  else if (*end == 'm' || *end == 'M')
    scale = 1024 * 1024, end++;
  if (errno || end == v || *end || n == 0 || n > (1ull << 40) / scale)
    return fail(err, "invalid size '%s' (expected bytes, or a number with K or M)", v);
  *FIELD(o, s, size_t) = (size_t)(n * scale);
  return 0;
}

static int parse_osver(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  mcl_osver *field = FIELD(o, s, mcl_osver);
  if (!*v) {
    *field = 0; /* none */
    return 0;
  }
  if (!mcl_version_parse(v, field))
    return fail(err, "invalid OS version '%s' (expected e.g. 17 or 14.2)", v);
  return 0;
}

static int string_value(const mcl_setting *s, mcl_options *o, const char *v, char **out,
                        char **err) {
  if (s->value) return s->value(o, v, out, err);
  *out = *v ? mcl_xstrdup(v) : NULL;
  return 0;
}

static int parse_string(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  char *value = NULL;
  if (string_value(s, o, v, &value, err) != 0) return -1;
  char **field = FIELD(o, s, char *);
  free(*field);
  *field = value;
  return 0;
}

static int add_string(const mcl_setting *s, mcl_options *o, const char *v, char **err,
                      const void *arg) {
  (void)arg;
  char *value = NULL;
  if (string_value(s, o, v, &value, err) != 0) return -1;
  if (value) push_string(FIELD(o, s, char **), COUNT(o, s), value);
  return 0;
}

static int parse_strings(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  if (s->flags & MCL_SETTING_COMMA) return each_item(s, o, v, err, add_string, NULL);
  return add_string(s, o, v, err, NULL);
}

static mcl_setting_parse type_parser(mcl_setting_type t) {
  switch (t) {
  case MCL_SETTING_BOOLEAN: return parse_bool;
  case MCL_SETTING_UNSIGNED: return parse_unsigned;
  case MCL_SETTING_SIZE: return parse_size;
  case MCL_SETTING_OSVER: return parse_osver;
  case MCL_SETTING_STRING: return parse_string;
  case MCL_SETTING_STRINGS: return parse_strings;
  default: return NULL; /* NONE and INT always have their own */
  }
}

/* ---- parsing particular settings ---- */

static int add_platform(const mcl_setting *s, mcl_options *o, const char *v, char **err,
                        const void *arg) {
  (void)arg;
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
    if (mcl_streq_icase(v, mcl_platform_name(1u << i))) {
      *FIELD(o, s, unsigned) |= 1u << i;
      return 0;
    }
  return fail(err, "unknown platform '%s' (expected ios, macos, tvos, visionos or watchos)", v);
}

static int parse_platform(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  return each_item(s, o, v, err, add_platform, NULL);
}

static const char *const supervision_names[] = {"any", "unsupervised", "supervised"}; /* -1..1 */

static int parse_supervision(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  for (int i = 0; i < 3; i++)
    if (!strcmp(v, supervision_names[i])) return *FIELD(o, s, int) = i - 1, 0;
  if (!strcmp(v, "unknown")) return *FIELD(o, s, int) = -1, 0;
  return fail(err, "invalid supervision '%s' (expected supervised, unsupervised or any)", v);
}

/* policy.vpn-coverage: what every VPN payload must cover (mcl_vpn_want). */
static const char *const vpn_wants[] = {"", "all-traffic", "always-on"};

static int parse_vpn_coverage(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  for (int i = 0; i < 3; i++)
    if (!strcmp(v, vpn_wants[i])) return *FIELD(o, s, int) = i, 0;
  return fail(err, "unknown VPN coverage '%s' (expected all-traffic, always-on or \"\")", v);
}

static void show_vpn_coverage(const mcl_setting *s, const mcl_options *o, const char *key,
                              FILE *out) {
  fprintf(out, "%s = \"%s\"\n", key, vpn_wants[*CFIELD(o, s, int)]);
}

/* A configuration file's path is relative to it; the command line's is
 * kept as given (for messages), the current directory not changing. */
static char *resolve(const mcl_options *o, const char *v) {
  return o->base_dir ? mcl_path_resolve(o->base_dir, v) : mcl_xstrdup(v);
}

static int ca_file_value(mcl_options *o, const char *v, char **out, char **err) {
  if (!*v) return fail(err, "ca-file needs a file name");
  *out = resolve(o, v);
  o->verify = true;
  return 0;
}

static int schema_dir_value(mcl_options *o, const char *v, char **out, char **err) {
  if (!*v) return fail(err, "empty directory name");
  char *dir = resolve(o, v);
  struct stat st;
  int rc = 0;
  if (stat(dir, &st) != 0)
    rc = fail(err, "schema directory '%s': %s", dir, strerror(errno));
  else if (!S_ISDIR(st.st_mode))
    rc = fail(err, "schema directory '%s' is not a directory", dir);
  if (rc == 0)
    *out = dir;
  else
    free(dir);
  return rc;
}

/* Exclude patterns are kept as absolute globs: the base directory (escaped)
 * joined to the pattern. A pattern without a slash matches a file or
 * directory name at any depth, as in .gitignore; one with a slash is
 * anchored at the base. */
static int exclude_value(mcl_options *o, const char *v, char **out, char **err) {
  const char *pat = v;
  while (*pat == '/') pat++;
  size_t n = strlen(pat);
  while (n > 0 && pat[n - 1] == '/') n--;
  if (n == 0) return fail(err, "empty exclude pattern");
  char *trimmed = mcl_xasprintf("%.*s", (int)n, pat);
  const char *why = mcl_glob_check(trimmed);
  if (why) {
    int rc = fail(err, "bad exclude pattern '%s': %s", v, why);
    free(trimmed);
    return rc;
  }
  char *base = mcl_path_resolve(o->base_dir, ".");
  mcl_buf b = {0};
  mcl_glob_escape(&b, base);
  if (!mcl_has_suffix(base, "/")) mcl_buf_putc(&b, '/');
  bool anchored = strchr(trimmed, '/') != NULL || v[0] == '/';
  if (!anchored) mcl_buf_puts(&b, "**/");
  mcl_buf_puts(&b, trimmed);
  *out = b.data;
  free(base);
  free(trimmed);
  return 0;
}

static int regex_value(mcl_options *o, const char *v, char **out, char **err) {
  (void)o;
  *out = NULL;
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
  *out = mcl_xstrdup(v);
  return 0;
}

static int type_glob_value(mcl_options *o, const char *v, char **out, char **err) {
  (void)o;
  const char *why = mcl_glob_check(v);
  if (why) return fail(err, "bad PayloadType pattern '%s': %s", v, why);
  *out = mcl_xstrdup(v);
  return 0;
}

/* ---- rule selection: select, enable, disable, ignore, severity ----
 * Not lists: each value is applied in turn, so the command line's choices
 * refine the file's, and select starts afresh wherever it occurs. */

/* A selector names a rule (name or code), a code prefix ("MC2") or a
 * category ("vpn"), or "all". */
static bool selector_matches(const char *sel, const mcl_rule *r) {
  if (!strcmp(sel, "all") || !strcmp(sel, r->name) || !strcmp(sel, mcl_rule_category(r))) return true;
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

/* arg: the severities to keep (see apply_selector); NULL: o->severity. */
static int enable_one(const mcl_setting *s, mcl_options *o, const char *sel, char **err,
                      const void *arg) {
  (void)s;
  return apply_selector(o, sel, SEL_ENABLE, MCL_OFF, arg ? arg : o->severity, err);
}

static int disable_one(const mcl_setting *s, mcl_options *o, const char *sel, char **err,
                       const void *arg) {
  (void)s, (void)arg;
  return apply_selector(o, sel, SEL_DISABLE, MCL_OFF, NULL, err);
}

static int parse_enable(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  return each_item(s, o, v, err, enable_one, NULL);
}

static int parse_disable(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  return each_item(s, o, v, err, disable_one, NULL);
}

/* Only the listed rules run. Each keeps the severity it had if it was on. */
static int parse_select(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  size_t n = mcl_rule_count();
  mcl_severity *saved = mcl_xmalloc(n * sizeof *saved);
  memcpy(saved, o->severity, n * sizeof *saved);
  for (size_t i = 0; i < n; i++) o->severity[i] = MCL_OFF;
  int rc = each_item(s, o, v, err, enable_one, saved);
  if (rc != 0) memcpy(o->severity, saved, n * sizeof *saved);
  free(saved);
  return rc;
}

static int parse_severity_name(const char *s, mcl_severity *out) {
  static const mcl_severity all[] = {MCL_ERROR, MCL_WARNING, MCL_INFO, MCL_OFF};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (!strcmp(s, mcl_severity_name(all[i]))) return *out = all[i], 0;
  return -1;
}

/* "RULE=LEVEL" */
static int severity_one(const mcl_setting *s, mcl_options *o, const char *item, char **err,
                        const void *arg) {
  (void)s, (void)arg;
  const char *eq = strchr(item, '=');
  if (!eq) return fail(err, "expected RULE=LEVEL, not '%s'", item);
  char *sel = mcl_xstrdup(item);
  sel[eq - item] = '\0';
  mcl_severity sev;
  int rc;
  if (parse_severity_name(eq + 1, &sev) != 0)
    rc = fail(err, "unknown severity '%s' (expected error, warning, info or off)", eq + 1);
  else
    rc = apply_selector(o, sel, SEL_RATE, sev, NULL, err);
  free(sel);
  return rc;
}

static int parse_severity(const mcl_setting *s, mcl_options *o, const char *v, char **err) {
  return each_item(s, o, v, err, severity_one, NULL);
}

/* ---- writing settings out (mclint --show-config), as TOML ---- */

/* A TOML basic string. Tab and what base/text.h calls unsafe are \\u
 * escapes; a byte that is not UTF-8, which TOML cannot hold, is U+FFFD. */
static void write_string(FILE *out, const char *s) {
  fputc('"', out);
  while (*s) {
    uint32_t cp;
    size_t n = mcl_utf8_decode(s, &cp);
    if (!n)
      fputs("\\ufffd", out);
    else if (cp == '"' || cp == '\\')
      fprintf(out, "\\%c", (char)cp);
    else if (cp == '\t' || mcl_text_unsafe(cp))
      fprintf(out, "\\u%04x", (unsigned)cp);
    else
      fwrite(s, 1, n, out);
    s += n ? n : 1;
  }
  fputc('"', out);
}

static void show_bool(const mcl_setting *s, const mcl_options *o, const char *key, FILE *out) {
  fprintf(out, "%s = %s\n", key, *CFIELD(o, s, bool) ? "true" : "false");
}

static void show_unsigned(const mcl_setting *s, const mcl_options *o, const char *key, FILE *out) {
  fprintf(out, "%s = %u\n", key, *CFIELD(o, s, unsigned));
}

static void show_size(const mcl_setting *s, const mcl_options *o, const char *key, FILE *out) {
  fprintf(out, "%s = %zu\n", key, *CFIELD(o, s, size_t));
}

static void show_osver(const mcl_setting *s, const mcl_options *o, const char *key, FILE *out) {
  char v[32];
  mcl_osver os = *CFIELD(o, s, mcl_osver);
  fprintf(out, "%s = \"%s\"\n", key, os ? mcl_version_format(os, v, sizeof v) : "");
}

static void show_string(const mcl_setting *s, const mcl_options *o, const char *key, FILE *out) {
  const char *v = *CFIELD(o, s, char *);
  fprintf(out, "%s = ", key);
  write_string(out, v ? v : "");
  fputc('\n', out);
}

static void show_strings(const mcl_setting *s, const mcl_options *o, const char *key, FILE *out) {
  char *const *v = *CFIELD(o, s, char **);
  size_t n = *(const size_t *)(const void *)((const char *)o + s->count);
  fprintf(out, "%s = [", key);
  for (size_t i = 0; i < n; i++) {
    if (i) fputs(", ", out);
    write_string(out, v[i]);
  }
  fputs("]\n", out);
}

static mcl_setting_show type_writer(mcl_setting_type t) {
  switch (t) {
  case MCL_SETTING_BOOLEAN: return show_bool;
  case MCL_SETTING_UNSIGNED: return show_unsigned;
  case MCL_SETTING_SIZE: return show_size;
  case MCL_SETTING_OSVER: return show_osver;
  case MCL_SETTING_STRING: return show_string;
  case MCL_SETTING_STRINGS: return show_strings;
  default: return NULL;
  }
}

static void show_platform(const mcl_setting *s, const mcl_options *o, const char *key, FILE *out) {
  fprintf(out, "%s = [", key);
  for (int i = 0, n = 0; i < MCL_PLATFORM_COUNT; i++)
    if (*CFIELD(o, s, unsigned) & (1u << i)) {
      fputs(n++ ? ", \"" : "\"", out);
      for (const char *p = mcl_platform_name(1u << i); *p; p++)
        fputc(tolower((unsigned char)*p), out);
      fputc('"', out);
    }
  fputs("]\n", out);
}

static void show_supervision(const mcl_setting *s, const mcl_options *o, const char *key,
                             FILE *out) {
  int v = *CFIELD(o, s, int);
  fprintf(out, "%s = \"%s\"\n", key, supervision_names[v < 0 ? 0 : v > 0 ? 2 : 1]);
}

static void show_severity(const mcl_setting *s, const mcl_options *o, const char *key, FILE *out) {
  (void)s;
  fprintf(out, "\n[%s]  # rules whose severity is not the default\n", key);
  for (size_t i = 0; i < mcl_rule_count(); i++) {
    const mcl_rule *r = mcl_rule_at(i);
    if (o->severity[i] != r->severity)
      fprintf(out, "%s = \"%s\"\n", r->name, mcl_severity_name(o->severity[i]));
  }
}

/* ---- the table ---- */

#define AT(f)         offsetof(mcl_options, f)
#define LIST_OF(f, n) .field = offsetof(mcl_options, f), .count = offsetof(mcl_options, n)
enum {
  LIST = MCL_SETTING_LIST,
  COMMA = MCL_SETTING_COMMA,
  PATH = MCL_SETTING_PATH,
  IF_SET = MCL_SETTING_SHOW_IF_SET,
  SECTION = MCL_SETTING_SECTION,
};

static const mcl_setting settings[] = {
    {"platform", MCL_SETTING_UNSIGNED, AT(platforms), .flags = LIST | COMMA,
     .parse = parse_platform, .show = show_platform, .group = "target",
     .cli = {{"platform", "NAME", NULL, "ios, macos, tvos, visionos or watchos (repeatable)"}},
     .example = "tvos", .shown = "platform = [\"tvos\"]"},
    {"min-os", MCL_SETTING_OSVER, AT(min_os), .group = "target",
     .cli = {{"min-os", "VERSION", NULL, "oldest OS version to support, e.g. 17 or 14.2"}},
     .example = "14.2", .shown = "min-os = \"14.2\""},
    {"supervision", MCL_SETTING_INT, AT(supervised), .dflt = "any", .parse = parse_supervision,
     .show = show_supervision, .group = "target",
     .cli = {{"supervised", NULL, "supervised", "the devices are supervised"},
             {"unsupervised", NULL, "unsupervised", "the devices are not supervised"}},
     .example = "supervised", .shown = "supervision = \"supervised\""},
    {"strict-types", MCL_SETTING_BOOLEAN, AT(strict_types), .group = "target",
     .cli = {{"strict-types", NULL, "true",
              "demand exact plist types, as Apple Business Manager does"}},
     .example = "true", .shown = "strict-types = true"},
    {"strict", MCL_SETTING_BOOLEAN, AT(strict), .group = "output",
     .cli = {{"strict", NULL, "true", "warnings also make the exit status 1"}}, .example = "true",
     .shown = "strict = true"},
    {"select", MCL_SETTING_NONE, .flags = COMMA, .parse = parse_select, .group = "rules",
     .cli = {{"select", "LIST", NULL,
              "enable only these rules (names, codes, code prefixes\n"
              "or categories, comma-separated)"}},
     .example = "parse", .shown = "template-marker = \"off\""},
    {"enable", MCL_SETTING_NONE, .flags = COMMA, .parse = parse_enable, .group = "rules",
     .cli = {{"enable", "LIST", NULL, "enable rules"}}, .example = "MC211",
     .given = "disable = \"template-marker\""},
    {"disable", MCL_SETTING_NONE, .flags = COMMA, .parse = parse_disable, .group = "rules",
     .cli = {{"disable", "LIST", NULL, "disable rules"}}, .example = "template-marker",
     .shown = "template-marker = \"off\""},
    {"ignore", MCL_SETTING_NONE, .flags = COMMA, .parse = parse_disable, .group = "rules",
     .cli = {{"ignore", "LIST", NULL, "the same as --disable"}}, .example = "template-marker",
     .shown = "template-marker = \"off\""},
    {"severity", MCL_SETTING_NONE, .flags = COMMA | SECTION, .parse = parse_severity,
     .show = show_severity, .group = "rules",
     .cli = {{"severity", "RULE=LEVEL", NULL, "set a rule's severity (error, warning, info, off)"}},
     .example = "template-marker=error", .shown = "template-marker = \"error\""},
    {"max-file-size", MCL_SETTING_SIZE, AT(max_file_size), .dflt = "32M", .group = "rules",
     .cli = {{"max-file-size", "N", NULL,
              "refuse larger files (bytes, or with K or M; default 32M)"}},
     .example = "4M", .shown = "max-file-size = 4194304"},
    {"schema-dir", MCL_SETTING_STRINGS, LIST_OF(schema_dirs, schema_dir_count),
     .flags = LIST | PATH, .value = schema_dir_value, .group = "rules",
     .cli = {{"schema-dir", "DIR", NULL, "add or override payload schemas from DIR"}},
     .example = "/", .shown = "schema-dir = [\"/\"]"},
    {"exclude", MCL_SETTING_STRINGS, LIST_OF(excludes, exclude_count), .flags = LIST | PATH,
     .value = exclude_value,
     .comment = "exclude patterns, made absolute:", .group = "configuration",
     .cli = {{"exclude", "PATTERN", NULL,
              "skip paths matching PATTERN (repeatable; replaces the\n"
              "configuration's exclude list)"}},
     .example = "/drafts", .shown = "/drafts\"]"},
    {"verify", MCL_SETTING_BOOLEAN, AT(verify), .group = "rules",
     .cli = {{"verify", NULL, "true",
              "check signed profiles' certificate chains against the\n"
              "system trust store (never over the network)"}},
     .example = "true", .shown = "verify = true"},
    {"ca-file", MCL_SETTING_STRING, AT(ca_file), .flags = PATH | IF_SET, .value = ca_file_value,
     .group = "rules",
     .cli = {{"ca-file", "FILE", NULL, "... against the CA certificates in FILE (PEM) instead"}},
     .example = "/ca.pem", .shown = "ca-file = \"/ca.pem\""},
    {"cert-expiry-days", MCL_SETTING_UNSIGNED, AT(cert_expiry_days), .dflt = "30", .max = 36500,
     .unit = "days", .group = "rules",
     .cli = {{"cert-expiry-days", "N", NULL,
              "warn when a signing certificate expires within N\n"
              "days (default 30; 0: never)"}},
     .example = "7", .shown = "cert-expiry-days = 7"},
    /* Organisation policy (rules MC8xx): the [policy] table, no options. */
    {"policy.identifier-pattern", MCL_SETTING_STRING, AT(identifier_pattern), .value = regex_value,
     .example = "com\\.example\\..+", .shown = "identifier-pattern = \"com\\\\.example\\\\..+\""},
    {"policy.allowed-payload-types", MCL_SETTING_STRINGS,
     LIST_OF(allowed_types, allowed_type_count), .flags = LIST | COMMA, .value = type_glob_value,
     .example = "com.apple.wifi.*", .shown = "allowed-payload-types = [\"com.apple.wifi.*\"]"},
    {"policy.forbidden-payload-types", MCL_SETTING_STRINGS,
     LIST_OF(forbidden_types, forbidden_type_count), .flags = LIST | COMMA,
     .value = type_glob_value, .example = "com.apple.mdm",
     .shown = "forbidden-payload-types = [\"com.apple.mdm\"]"},
    {"policy.require-organization", MCL_SETTING_BOOLEAN, AT(require_organization),
     .example = "true", .shown = "require-organization = true"},
    {"policy.organization", MCL_SETTING_STRING, AT(organization), .example = "Example Inc.",
     .shown = "organization = \"Example Inc.\""},
    {"policy.vpn-coverage", MCL_SETTING_INT, AT(vpn_coverage), .parse = parse_vpn_coverage,
     .show = show_vpn_coverage, .example = "all-traffic",
     .shown = "vpn-coverage = \"all-traffic\""},
};
#define SETTING_COUNT (sizeof settings / sizeof settings[0])

const mcl_setting *mcl_setting_at(size_t i) { return i < SETTING_COUNT ? &settings[i] : NULL; }

const mcl_setting *mcl_setting_find(const char *name) {
  for (size_t i = 0; i < SETTING_COUNT; i++)
    if (!strcmp(settings[i].name, name)) return &settings[i];
  return NULL;
}

/* ---- options, through the table ---- */

mcl_options *mcl_options_new(void) {
  mcl_options *o = mcl_xcalloc(1, sizeof *o);
  size_t n = mcl_rule_count();
  o->severity = mcl_xmalloc(n * sizeof *o->severity);
  for (size_t i = 0; i < n; i++) o->severity[i] = mcl_rule_at(i)->severity;
  for (size_t i = 0; i < SETTING_COUNT; i++) {
    const mcl_setting *s = &settings[i];
    if (s->dflt && (s->parse ? s->parse : type_parser(s->type))(s, o, s->dflt, NULL) != 0)
      abort(); /* a bad default in the table */
  }
  return o;
}

mcl_options *mcl_options_copy(const mcl_options *opts) {
  mcl_options *o = mcl_xmalloc(sizeof *o);
  *o = *opts;
  size_t n = mcl_rule_count();
  o->severity = mcl_xmalloc(n * sizeof *o->severity);
  memcpy(o->severity, opts->severity, n * sizeof *o->severity);
  for (size_t i = 0; i < SETTING_COUNT; i++) {
    const mcl_setting *s = &settings[i];
    if (s->type == MCL_SETTING_STRING) {
      char **field = FIELD(o, s, char *);
      if (*field) *field = mcl_xstrdup(*field);
    } else if (s->type == MCL_SETTING_STRINGS) {
      *FIELD(o, s, char **) = copy_strings(*FIELD(o, s, char **), *COUNT(o, s));
    }
  }
  o->base_dir = NULL;
  return o;
}

static void free_field(const mcl_setting *s, mcl_options *o) {
  if (s->type == MCL_SETTING_STRING) {
    free(*FIELD(o, s, char *));
    *FIELD(o, s, char *) = NULL;
  } else if (s->type == MCL_SETTING_STRINGS) {
    free_strings(*FIELD(o, s, char **), *COUNT(o, s));
    *FIELD(o, s, char **) = NULL;
    *COUNT(o, s) = 0;
  }
}

void mcl_options_free(mcl_options *o) {
  if (!o) return;
  free(o->severity);
  for (size_t i = 0; i < SETTING_COUNT; i++) free_field(&settings[i], o);
  free(o);
}

bool mcl_options_is_setting(const char *name) { return mcl_setting_find(name) != NULL; }

int mcl_setting_flags(const char *name) {
  const mcl_setting *s = mcl_setting_find(name);
  if (!s) return -1;
  return (int)(s->flags | (s->type == MCL_SETTING_BOOLEAN ? MCL_SETTING_BOOL : 0u));
}

bool mcl_options_is_list(const char *name) {
  const mcl_setting *s = mcl_setting_find(name);
  return s && (s->flags & MCL_SETTING_LIST);
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
  const mcl_setting *s = mcl_setting_find(name);
  if (!s) return fail(err, "unknown setting '%s'", name);
  if (!(s->flags & MCL_SETTING_LIST)) return fail(err, "setting '%s' is not a list", name);
  if (s->type == MCL_SETTING_UNSIGNED)
    *FIELD(o, s, unsigned) = 0; /* a set of flags */
  else
    free_field(s, o);
  return 0;
}

int mcl_options_set(mcl_options *o, const char *name, const char *value, char **err) {
  if (err) *err = NULL;
  const mcl_setting *s = mcl_setting_find(name);
  if (!s) return fail(err, "unknown setting '%s'", name);
  return (s->parse ? s->parse : type_parser(s->type))(s, o, value, err);
}

static void show(const mcl_setting *s, const mcl_options *o, const char *key, FILE *out) {
  mcl_setting_show fn = s->show ? s->show : type_writer(s->type);
  if (!fn) return;
  if ((s->flags & MCL_SETTING_SHOW_IF_SET) && s->type == MCL_SETTING_STRING &&
      !*CFIELD(o, s, char *))
    return;
  if (s->comment) fprintf(out, "# %s\n", s->comment);
  fn(s, o, key, out);
}

/* The top-level settings first, then each [table]: a SECTION row writes its
 * own, and the rows named "table.key" are written under "[table]". */
void mcl_options_write(const mcl_options *o, FILE *out) {
  for (size_t i = 0; i < SETTING_COUNT; i++)
    if (!strchr(settings[i].name, '.') && !(settings[i].flags & MCL_SETTING_SECTION))
      show(&settings[i], o, settings[i].name, out);
  const char *table = NULL;
  size_t table_len = 0;
  for (size_t i = 0; i < SETTING_COUNT; i++) {
    const mcl_setting *s = &settings[i];
    const char *dot = strchr(s->name, '.');
    if (s->flags & MCL_SETTING_SECTION) {
      show(s, o, s->name, out);
      table = NULL;
    } else if (dot) {
      size_t n = (size_t)(dot - s->name);
      if (!table || n != table_len || strncmp(table, s->name, n) != 0)
        fprintf(out, "\n[%.*s]\n", (int)n, s->name);
      table = s->name, table_len = n;
      show(s, o, dot + 1, out);
    }
  }
}

bool mcl_setting_option_at(size_t i, mcl_setting_option *out) {
  size_t seen = 0;
  for (size_t k = 0; k < SETTING_COUNT; k++)
    for (size_t c = 0; c < sizeof settings[k].cli / sizeof settings[k].cli[0]; c++) {
      const mcl_setting_cli *o = &settings[k].cli[c];
      if (!o->name || seen++ != i) continue;
      *out = (mcl_setting_option){o->name,           o->arg, settings[k].name, o->value,
                                  settings[k].group, o->help};
      return true;
    }
  return false;
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
