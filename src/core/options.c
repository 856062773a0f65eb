#include "core/options.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "rules/rule.h"

#define DEFAULT_MAX_FILE_SIZE (32u * 1024 * 1024)
#define DEFAULT_CERT_EXPIRY_DAYS 30

static const char *const platform_names[MCL_PLATFORM_COUNT] = {"iOS", "macOS", "tvOS",
                                                                "visionOS", "watchOS"};

const char *mcl_platform_name(unsigned bit) {
  int i = mcl_platform_index(bit);
  return i < 0 ? "?" : platform_names[i];
}

int mcl_platform_index(unsigned bit) {
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
    if (bit == 1u << i) return i;
  return -1;
}

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
  o->excludes = copy_strings(opts->excludes, opts->exclude_count);
  o->ca_file = opts->ca_file ? mcl_xstrdup(opts->ca_file) : NULL;
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
  free_strings(o->excludes, o->exclude_count);
  free(o->ca_file);
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

/* Calls fn for each comma-separated, trimmed item of value. */
static int each_item(mcl_options *o, const char *value, char **err,
                     int (*fn)(mcl_options *, const char *, char **)) {
  char *copy = mcl_xstrdup(value), *save = NULL;
  int rc = 0;
  for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
    while (isspace((unsigned char)*tok)) tok++;
    char *end = tok + strlen(tok);
    while (end > tok && isspace((unsigned char)end[-1])) *--end = '\0';
    if (*tok) rc = fn(o, tok, err);
  }
  free(copy);
  return rc;
}

static int add_platform(mcl_options *o, const char *v, char **err) {
  for (int i = 0; i < MCL_PLATFORM_COUNT; i++)
    if (mcl_streq_icase(v, platform_names[i])) {
      o->platforms |= 1u << i;
      return 0;
    }
  return fail(err, "unknown platform '%s' (expected ios, macos, tvos, visionos or watchos)", v);
}

static int set_platform(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, add_platform);
}

static int set_min_os(mcl_options *o, const char *v, char **err) {
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
  o->ca_file = mcl_xstrdup(v);
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

static int set_schema_dir(mcl_options *o, const char *v, char **err) {
  push_string(&o->schema_dirs, &o->schema_dir_count, v);
  return 0;
}

static int set_exclude(mcl_options *o, const char *v, char **err) {
  push_string(&o->excludes, &o->exclude_count, v);
  return 0;
}

/* A selector names a rule (name or code), a code prefix ("MC2") or a
 * category ("vpn"), or "all". */
static bool selector_matches(const char *sel, const mcl_rule *r) {
  if (!strcmp(sel, "all") || !strcmp(sel, r->name) || !strcmp(sel, r->category)) return true;
  size_t n = strlen(sel);
  return n >= 3 && strncasecmp(sel, r->code, n) == 0;
}

static int apply_selector(mcl_options *o, const char *sel, mcl_severity sev, bool to_default,
                          char **err) {
  bool any = false;
  for (size_t i = 0; i < mcl_rule_count(); i++) {
    const mcl_rule *r = mcl_rule_at(i);
    if (!selector_matches(sel, r)) continue;
    any = true;
    o->severity[i] = to_default ? r->severity : sev;
  }
  return any ? 0 : fail(err, "unknown rule, code or category '%s'", sel);
}

static int enable_one(mcl_options *o, const char *sel, char **err) {
  return apply_selector(o, sel, MCL_OFF, true, err);
}

static int disable_one(mcl_options *o, const char *sel, char **err) {
  return apply_selector(o, sel, MCL_OFF, false, err);
}

static int set_enable(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, enable_one);
}

static int set_disable(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, disable_one);
}

static int set_select(mcl_options *o, const char *v, char **err) {
  mcl_severity *saved = mcl_xmalloc(mcl_rule_count() * sizeof *saved);
  memcpy(saved, o->severity, mcl_rule_count() * sizeof *saved);
  for (size_t i = 0; i < mcl_rule_count(); i++) o->severity[i] = MCL_OFF;
  int rc = each_item(o, v, err, enable_one);
  if (rc != 0) memcpy(o->severity, saved, mcl_rule_count() * sizeof *saved);
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
    rc = apply_selector(o, sel, sev, false, err);
  free(sel);
  return rc;
}

static int set_severity(mcl_options *o, const char *v, char **err) {
  return each_item(o, v, err, severity_one);
}

static const struct {
  const char *name;
  setting_fn fn;
} settings[] = {
    {"platform", set_platform},
    {"min-os", set_min_os},
    {"supervision", set_supervision},
    {"strict-types", set_strict_types},
    {"strict", set_strict},
    {"max-file-size", set_max_file_size},
    {"schema-dir", set_schema_dir},
    {"exclude", set_exclude},
    {"enable", set_enable},
    {"disable", set_disable},
    {"select", set_select},
    {"severity", set_severity},
    {"verify", set_verify},
    {"ca-file", set_ca_file},
    {"cert-expiry-days", set_cert_expiry_days},
};

bool mcl_options_is_setting(const char *name) {
  for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
    if (!strcmp(settings[i].name, name)) return true;
  return false;
}

int mcl_options_set(mcl_options *o, const char *name, const char *value, char **err) {
  if (err) *err = NULL;
  for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
    if (!strcmp(settings[i].name, name)) return settings[i].fn(o, value, err);
  return fail(err, "unknown setting '%s'", name);
}
