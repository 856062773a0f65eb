/* main.c: the mclint command. It parses arguments into library settings,
 * finds the files, lints them and reports; every decision about profiles
 * is the library's. */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "configs.h"
#include "mclint.h"
#include "parallel.h"
#include "progress.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

static const char usage_text[] =
    "Usage: mclint [OPTION]... PATH...\n"
    "Lint Apple configuration profiles (.mobileconfig). PATH may be a file, a\n"
    "directory (searched for *.mobileconfig and profile *.plist files), or - for\n"
    "standard input.\n"
    "\n"
    "Target (what the profile will be installed on):\n"
    "      --platform NAME      ios, macos, tvos, visionos or watchos (repeatable)\n"
    "      --min-os VERSION     oldest OS version to support, e.g. 17 or 14.2\n"
    "      --supervised         the devices are supervised\n"
    "      --unsupervised       the devices are not supervised\n"
    "      --strict-types       demand exact plist types, as Apple Business Manager does\n"
    "\n"
    "Configuration (see docs/configuration.md; the command line wins):\n"
    "      --config FILE        use FILE for every file instead of the nearest\n"
    "                           .mclint.toml above it\n"
    "      --no-config          use no configuration file\n"
    "      --exclude PATTERN    skip paths matching PATTERN (repeatable; replaces the\n"
    "                           configuration's exclude list)\n"
    "      --skip-non-profiles  skip named *.plist files that are not profiles (for\n"
    "                           pre-commit and other tools that pass every file)\n"
    "      --show-config        print the configuration file and the settings that\n"
    "                           apply to each PATH, and exit\n"
    "\n"
    "Rules:\n"
    "      --select LIST        enable only these rules (names, codes, code prefixes\n"
    "                           or categories, comma-separated)\n"
    "      --enable LIST        enable rules\n"
    "      --disable LIST       disable rules\n"
    "      --ignore LIST        the same as --disable\n"
    "      --severity RULE=LEVEL  set a rule's severity (error, warning, info, off)\n"
    "      --schema-dir DIR     add or override payload schemas from DIR\n"
    "      --max-file-size N    refuse larger files (bytes, or with K or M; default 32M)\n"
    "      --verify             check signed profiles' certificate chains against the\n"
    "                           system trust store (never over the network)\n"
    "      --ca-file FILE       ... against the CA certificates in FILE (PEM) instead\n"
    "      --cert-expiry-days N warn when a signing certificate expires within N days\n"
    "                           (default 30; 0: never)\n"
    "      --list-rules         print the rule catalog and exit\n"
    "      --explain RULE       explain one rule, with examples, and exit\n"
    "      --rules-markdown     print the catalog as Markdown and exit\n"
    "\n"
    "Output:\n"
    "      --format FORMAT      text (default), json, sarif (SARIF 2.1.0), github\n"
    "                           (Actions annotations) or junit (JUnit XML)\n"
    "  -o, --output FILE        write the report to FILE, replaced only once complete\n"
    "      --statistics         count findings per rule (text: a table at the end;\n"
    "                           json, sarif and junit: in the summary)\n"
    "      --audit              instead of findings, print a summary for auditing each\n"
    "                           profile: signer, payloads, certificates, removal,\n"
    "                           expiry, servers, embedded secrets (paths only);\n"
    "                           --format text (default) or json\n"
    "      --extract            write the property list inside the signed profile PATH\n"
    "                           to standard output or --output (exit 1 if it is not\n"
    "                           signed or cannot be unwrapped)\n"
    "      --show-source        show the source line and a caret under each finding\n"
    "      --no-source          never show source lines (default unless a terminal)\n"
    "      --no-hints           no \"= hint:\" line under each finding (text)\n"
    "      --color WHEN         auto (default), always or never; NO_COLOR turns it off\n"
    "  -q, --quiet              no summary line, no progress line\n"
    "      --strict             warnings also make the exit status 1\n"
    "  -j, --jobs N             lint N files at a time (default: one per CPU; output\n"
    "                           is the same for any N)\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and the Apple schema release\n"
    "\n"
    "Exit status: 0 no errors, 1 errors found (or warnings with --strict),\n"
    "2 usage error, bad configuration, a file that could not be read, or the report\n"
    "not written.\n";

enum {
  OPT_PLATFORM = 256, OPT_MIN_OS, OPT_SUPERVISED, OPT_UNSUPERVISED, OPT_STRICT_TYPES,
  OPT_SELECT, OPT_ENABLE, OPT_DISABLE, OPT_SEVERITY, OPT_SCHEMA_DIR, OPT_MAX_FILE_SIZE,
  OPT_LIST_RULES, OPT_EXPLAIN, OPT_RULES_MARKDOWN, OPT_FORMAT, OPT_SHOW_SOURCE, OPT_NO_SOURCE,
  OPT_NO_HINTS,
  OPT_COLOR, OPT_STRICT, OPT_STATISTICS, OPT_VERIFY, OPT_CA_FILE, OPT_CERT_EXPIRY_DAYS,
  OPT_AUDIT, OPT_EXTRACT, OPT_CONFIG, OPT_NO_CONFIG, OPT_EXCLUDE, OPT_SKIP_NON_PROFILES,
  OPT_IGNORE, OPT_SHOW_CONFIG,
};

static const struct option long_options[] = {
    {"platform", required_argument, NULL, OPT_PLATFORM},
    {"min-os", required_argument, NULL, OPT_MIN_OS},
    {"supervised", no_argument, NULL, OPT_SUPERVISED},
    {"unsupervised", no_argument, NULL, OPT_UNSUPERVISED},
    {"strict-types", no_argument, NULL, OPT_STRICT_TYPES},
    {"select", required_argument, NULL, OPT_SELECT},
    {"enable", required_argument, NULL, OPT_ENABLE},
    {"disable", required_argument, NULL, OPT_DISABLE},
    {"severity", required_argument, NULL, OPT_SEVERITY},
    {"schema-dir", required_argument, NULL, OPT_SCHEMA_DIR},
    {"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
    {"list-rules", no_argument, NULL, OPT_LIST_RULES},
    {"explain", required_argument, NULL, OPT_EXPLAIN},
    {"rules-markdown", no_argument, NULL, OPT_RULES_MARKDOWN},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"statistics", no_argument, NULL, OPT_STATISTICS},
    {"show-source", no_argument, NULL, OPT_SHOW_SOURCE},
    {"no-source", no_argument, NULL, OPT_NO_SOURCE},
    {"no-hints", no_argument, NULL, OPT_NO_HINTS},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"quiet", no_argument, NULL, 'q'},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"verify", no_argument, NULL, OPT_VERIFY},
    {"ca-file", required_argument, NULL, OPT_CA_FILE},
    {"cert-expiry-days", required_argument, NULL, OPT_CERT_EXPIRY_DAYS},
    {"audit", no_argument, NULL, OPT_AUDIT},
    {"extract", no_argument, NULL, OPT_EXTRACT},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"skip-non-profiles", no_argument, NULL, OPT_SKIP_NON_PROFILES},
    {"ignore", required_argument, NULL, OPT_IGNORE},
    {"show-config", no_argument, NULL, OPT_SHOW_CONFIG},
    {"jobs", required_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Options that map one-to-one onto a library setting. */
static const struct {
  int opt;
  const char *setting;
  const char *fixed_value; /* NULL: the option's argument */
} setting_options[] = {
    {OPT_PLATFORM, "platform", NULL},       {OPT_MIN_OS, "min-os", NULL},
    {OPT_SUPERVISED, "supervision", "supervised"},
    {OPT_UNSUPERVISED, "supervision", "unsupervised"},
    {OPT_STRICT_TYPES, "strict-types", "true"}, {OPT_SELECT, "select", NULL},
    {OPT_ENABLE, "enable", NULL},           {OPT_DISABLE, "disable", NULL},
    {OPT_SEVERITY, "severity", NULL},       {OPT_SCHEMA_DIR, "schema-dir", NULL},
    {OPT_MAX_FILE_SIZE, "max-file-size", NULL}, {OPT_STRICT, "strict", "true"},
    {OPT_VERIFY, "verify", "true"},         {OPT_CA_FILE, "ca-file", NULL},
    {OPT_CERT_EXPIRY_DAYS, "cert-expiry-days", NULL},
    {OPT_EXCLUDE, "exclude", NULL},         {OPT_IGNORE, "ignore", NULL},
};

typedef struct cli {
  mcl_options *opts; /* the command line's settings alone, to check them early */
  cli_setting *settings; /* the same, in order, to apply over each configuration */
  size_t setting_count;
  config_mode config_mode;
  const char *config_file;
  bool skip_non_profiles, show_config;
  unsigned jobs; /* 0: one per CPU */
  const char *format;
  const char *output; /* NULL: standard output */
  int show_source; /* -1: when stdout is a terminal */
  int color;       /* -1: when stdout is a terminal */
  bool quiet, statistics, no_hints;
  bool audit, extract; /* what to print instead of findings */
} cli;

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("mclint: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\nTry 'mclint --help' for more information.\n", stderr);
  return EXIT_TROUBLE;
}

static int explain(const char *name) {
  const mcl_rule *r = mcl_rule_find(name);
  if (!r) return usage_error("unknown rule '%s' (see --list-rules)", name);
  mcl_rule_explain(r, stdout);
  return EXIT_CLEAN;
}

static int unknown_format(const char *name) {
  char known[128] = "";
  for (size_t i = 0; mcl_reporter_format_name(i); i++) {
    if (i) strncat(known, ", ", sizeof known - strlen(known) - 1);
    strncat(known, mcl_reporter_format_name(i), sizeof known - strlen(known) - 1);
  }
  return usage_error("unknown format '%s' (known: %s)", name, known);
}

/* Returns -1 to go on linting, or an exit status. */
static int apply_option(cli *c, int opt, const char *arg) {
  for (size_t i = 0; i < sizeof setting_options / sizeof setting_options[0]; i++) {
    if (setting_options[i].opt != opt) continue;
    const char *value = setting_options[i].fixed_value ? setting_options[i].fixed_value : arg;
    char *err = NULL;
    if (mcl_options_set(c->opts, setting_options[i].setting, value, &err) != 0) {
      int rc = usage_error("%s", err);
      free(err);
      return rc;
    }
    c->settings = realloc(c->settings, (c->setting_count + 1) * sizeof *c->settings);
    if (!c->settings) abort();
    c->settings[c->setting_count++] = (cli_setting){setting_options[i].setting, value};
    return -1;
  }
  switch (opt) {
  case 'h': fputs(usage_text, stdout); return EXIT_CLEAN;
  case 'V':
    printf("mclint %s (Apple device-management schema %s)\n", mcl_version(), mcl_schema_release());
    return EXIT_CLEAN;
  case 'q': c->quiet = true; return -1;
  case 'o': c->output = arg; return -1;
  case OPT_STATISTICS: c->statistics = true; return -1;
  case OPT_LIST_RULES: mcl_catalog_list(stdout); return EXIT_CLEAN;
  case OPT_EXPLAIN: return explain(arg);
  case OPT_RULES_MARKDOWN: mcl_catalog_markdown(stdout); return EXIT_CLEAN;
  case OPT_SHOW_SOURCE: c->show_source = 1; return -1;
  case OPT_NO_SOURCE: c->show_source = 0; return -1;
  case OPT_NO_HINTS: c->no_hints = true; return -1;
  case OPT_FORMAT: c->format = arg; return -1; /* checked once the mode is known */
  case OPT_AUDIT: c->audit = true; return -1;
  case OPT_EXTRACT: c->extract = true; return -1;
  case OPT_CONFIG:
  case OPT_NO_CONFIG:
    if (c->config_mode != CONFIG_SEARCH)
      return usage_error("%s", "--config and --no-config may be given once, not both");
    c->config_mode = opt == OPT_CONFIG ? CONFIG_FIXED : CONFIG_NONE;
    c->config_file = arg;
    return -1;
  case OPT_SKIP_NON_PROFILES: c->skip_non_profiles = true; return -1;
  case OPT_SHOW_CONFIG: c->show_config = true; return -1;
  case 'j': {
    char *end;
    long n = strtol(arg, &end, 10);
    if (end == arg || *end || n < 0 || n > 1024)
      return usage_error("--jobs takes a number from 1 to 1024 (0: one per CPU), not '%s'", arg);
    c->jobs = (unsigned)n;
    return -1;
  }
  case OPT_COLOR:
    if (!strcmp(arg, "always")) c->color = 1;
    else if (!strcmp(arg, "never")) c->color = 0;
    else if (!strcmp(arg, "auto")) c->color = -1;
    else return usage_error("--color takes auto, always or never, not '%s'", arg);
    return -1;
  default: return usage_error("%s", "invalid option");
  }
}

/* The files to lint, found before any is linted so that a bad
 * configuration file stops the run before anything is written. Paths are
 * packed in one buffer: 10,000 files cost well under a megabyte. */
typedef struct file_list {
  char *paths;
  size_t paths_len, paths_cap;
  size_t *offsets;
  uint32_t *config; /* configs index of each file */
  size_t count, cap;
} file_list;

typedef struct run {
  const cli *c;
  configs *configs;
  file_list files;
  const char *arg; /* the PATH argument being searched */
  mcl_linter **linters; /* by configs index, all made before linting starts */
  mcl_reporter *reporter;
  mcl_audit *audit; /* --audit: instead of reporter */
  progress progress;
  bool trouble, bad_config, failed;
} run;

static void add_file(file_list *f, const char *path, size_t config) {
  size_t n = strlen(path) + 1;
  if (f->paths_len + n > f->paths_cap) {
    while (f->paths_len + n > f->paths_cap) f->paths_cap = f->paths_cap ? 2 * f->paths_cap : 4096;
    f->paths = realloc(f->paths, f->paths_cap);
  }
  if (f->count == f->cap) {
    f->cap = f->cap ? 2 * f->cap : 256;
    f->offsets = realloc(f->offsets, f->cap * sizeof *f->offsets);
    f->config = realloc(f->config, f->cap * sizeof *f->config);
  }
  if (!f->paths || !f->offsets || !f->config) abort();
  memcpy(f->paths + f->paths_len, path, n);
  f->offsets[f->count] = f->paths_len;
  f->config[f->count++] = (uint32_t)config;
  f->paths_len += n;
}

static bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void collect(const char *path, void *arg) {
  run *r = arg;
  /* Directory search already skipped .plist files that are not profiles. */
  if (r->c->skip_non_profiles && !strcmp(path, r->arg) && has_suffix(path, ".plist") &&
      !mcl_discover_wanted(path))
    return;
  size_t config;
  bool excluded;
  char *err = NULL;
  if (configs_for_file(r->configs, path, &config, &excluded, &err) != 0) {
    if (err) fprintf(stderr, "mclint: %s\n", err);
    free(err);
    r->bad_config = true;
    return;
  }
  if (!excluded) add_file(&r->files, path, config);
}

static void *lint_one(size_t i, void *arg) {
  run *r = arg;
  return mcl_lint_file(r->linters[r->files.config[i]], r->files.paths + r->files.offsets[i]);
}

static size_t result_size(const void *result) { return mcl_result_size(result); }

static void report_one(size_t i, void *result, void *arg) {
  run *r = arg;
  mcl_result *res = result;
  if (mcl_result_io_failed(res)) r->trouble = true;
  if (mcl_result_failed(res)) r->failed = true;
  /* stdout is line-buffered on a terminal: hiding the line is enough. */
  if (mcl_result_diag_count(res)) progress_hide(&r->progress);
  if (r->audit)
    mcl_audit_add(r->audit, res);
  else
    mcl_reporter_add(r->reporter, res);
  mcl_result_free(res);
  progress_step(&r->progress);
}

static unsigned report_flags(const cli *c) {
  bool to_stdout = !c->output || strcmp(c->output, "-") == 0;
  bool tty = to_stdout && isatty(STDOUT_FILENO);
  const char *no_color = getenv("NO_COLOR");
  bool color = c->color == 1 || (c->color == -1 && tty && !(no_color && *no_color));
  unsigned flags = 0;
  if (c->show_source == 1 || (c->show_source == -1 && tty)) flags |= MCL_REPORT_SOURCE;
  if (color) flags |= MCL_REPORT_COLOR;
  if (c->quiet) flags |= MCL_REPORT_QUIET;
  if (c->statistics) flags |= MCL_REPORT_STATISTICS;
  if (c->no_hints) flags |= MCL_REPORT_NO_HINTS;
  return flags;
}

/* The temporary file of --output, for a signal to remove: an interrupted
 * run leaves neither a partial report nor the temporary file. */
static char pending_temp[4096];

static void remove_pending_and_die(int sig) {
  if (pending_temp[0]) unlink(pending_temp);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void watch_temp(const mcl_output *out) {
  const char *temp = mcl_output_temp_path(out);
  if (!temp || strlen(temp) >= sizeof pending_temp) return;
  memcpy(pending_temp, temp, strlen(temp) + 1);
  static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
    if (signal(signals[i], remove_pending_and_die) == SIG_IGN) signal(signals[i], SIG_IGN);
}

/* Returns whether the report is complete where it was asked for. */
static bool close_report(mcl_output *out, const run *r) {
  bool ok = (r->audit ? mcl_audit_finish(r->audit) : mcl_reporter_finish(r->reporter)) == 0;
  char *err = NULL;
  if (!ok) {
    mcl_output_discard(out);
    fputs("mclint: error writing output\n", stderr);
  } else if (mcl_output_commit(out, &err) != 0) {
    fprintf(stderr, "mclint: %s\n", err);
    free(err);
    ok = false;
  }
  pending_temp[0] = '\0';
  return ok;
}

static bool progress_wanted(const cli *c) {
  const char *term = getenv("TERM");
  return !c->quiet && !c->audit && !strcmp(c->format, "text") && isatty(STDERR_FILENO) &&
         !(term && !strcmp(term, "dumb"));
}

/* Finds every file and its configuration; false if a configuration is bad. */
static bool find_files(run *r, char **paths, int count) {
  for (int i = 0; i < count; i++) {
    char *err = NULL;
    r->arg = paths[i];
    if (mcl_discover(paths[i], collect, r, &err) != 0) {
      fprintf(stderr, "mclint: %s\n", err);
      free(err);
      r->trouble = true;
    }
  }
  if (r->bad_config) return false;
  size_t n = configs_count(r->configs);
  r->linters = calloc(n ? n : 1, sizeof *r->linters);
  if (!r->linters) abort();
  for (size_t i = 0; i < r->files.count; i++) {
    uint32_t k = r->files.config[i];
    if (r->linters[k]) continue;
    char *err = NULL;
    r->linters[k] = configs_linter(r->configs, k, &err);
    if (!r->linters[k]) {
      fprintf(stderr, "mclint: %s\n", err ? err : "cannot start");
      free(err);
      return false;
    }
  }
  return true;
}

static void free_run(run *r) {
  free(r->files.paths);
  free(r->files.offsets);
  free(r->files.config);
  free(r->linters);
  configs_free(r->configs);
}

/* --show-config: what a file in each PATH (or in its directory) gets. */
static int show_config(configs *cf, char **paths, int count) {
  int rc = EXIT_CLEAN;
  for (int i = 0; i < count; i++) {
    struct stat st;
    bool dir = strcmp(paths[i], "-") && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode);
    size_t n = strlen(paths[i]) + 3;
    char *probe = malloc(n);
    if (!probe) abort();
    snprintf(probe, n, "%s%s", paths[i], dir ? "/x" : "");
    size_t index;
    bool excluded;
    char *err = NULL;
    if (configs_for_file(cf, probe, &index, &excluded, &err) != 0) {
      fprintf(stderr, "mclint: %s\n", err ? err : "bad configuration");
      free(err);
      rc = EXIT_TROUBLE;
    } else {
      const char *file = configs_file(cf, index);
      printf("%s# %s: %s%s\n", i ? "\n" : "", paths[i], file ? file : "no configuration file",
             !dir && excluded ? " (excluded)" : "");
      mcl_options_write(configs_options(cf, index), stdout);
    }
    free(probe);
  }
  return rc;
}

static int lint_paths(cli *c, char **paths, int count) {
  run r = {.c = c};
  r.configs = configs_new(c->config_mode, c->config_file, c->settings, c->setting_count);
  char *bad = NULL;
  if (configs_check_fixed(r.configs, &bad) != 0) { /* even if no file is found */
    fprintf(stderr, "mclint: %s\n", bad);
    free(bad);
    free_run(&r);
    return EXIT_TROUBLE;
  }
  if (c->show_config) {
    int rc = show_config(r.configs, paths, count);
    free_run(&r);
    return rc;
  }
  if (!find_files(&r, paths, count)) {
    free_run(&r);
    return EXIT_TROUBLE;
  }
  char *err = NULL;
  mcl_output *out = mcl_output_open(c->output, &err);
  if (!out) {
    fprintf(stderr, "mclint: %s\n", err);
    free(err);
    free_run(&r);
    return EXIT_TROUBLE;
  }
  watch_temp(out);
  if (c->audit)
    r.audit = mcl_audit_new(c->format, mcl_output_stream(out));
  else
    r.reporter = mcl_reporter_new(c->format, mcl_output_stream(out), report_flags(c));
  progress_start(&r.progress, r.files.count, progress_wanted(c));
  unsigned jobs = c->jobs ? c->jobs : par_cpu_count();
  /* The window lets other threads go on past a slow file (or a thread the
   * scheduler paused); the byte budget bounds it for large files. */
  size_t window = 16 * (size_t)jobs < 256 ? 16 * (size_t)jobs : 256;
  par_limits limits = {.window = window, .budget = 64u << 20, .size = result_size};
  par_run(r.files.count, jobs, limits, lint_one, report_one, &r);
  progress_end(&r.progress);
  if (!close_report(out, &r)) r.trouble = true;
  free_run(&r);
  if (r.trouble) return EXIT_TROUBLE;
  return r.failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* --extract: the embedded property list, whole or not at all. */
static int extract(cli *c, const char *path) {
  char *err = NULL;
  mcl_linter *l = mcl_linter_new(c->opts, &err);
  unsigned char *content = NULL;
  size_t len = 0;
  int rc = l ? mcl_extract_file(l, path, &content, &len, &err) : -2;
  mcl_linter_free(l);
  mcl_output *out = rc == 0 ? mcl_output_open(c->output, &err) : NULL;
  if (!out) {
    fprintf(stderr, "mclint: %s\n", err ? err : "cannot start");
    free(err);
    free(content);
    return rc == -1 ? EXIT_FINDINGS : EXIT_TROUBLE;
  }
  watch_temp(out);
  bool ok = fwrite(content, 1, len, mcl_output_stream(out)) == len;
  free(content);
  if (!ok) {
    mcl_output_discard(out);
    fputs("mclint: error writing output\n", stderr);
  } else if (mcl_output_commit(out, &err) != 0) {
    fprintf(stderr, "mclint: %s\n", err);
    free(err);
    ok = false;
  }
  pending_temp[0] = '\0';
  return ok ? EXIT_CLEAN : EXIT_TROUBLE;
}

/* Options that depend on each other, checked once all are read. */
static int check_mode(const cli *c, int paths) {
  if (c->audit && c->extract) return usage_error("%s", "--audit and --extract exclude each other");
  if (c->extract && paths != 1) return usage_error("%s", "--extract takes exactly one PATH");
  if (c->audit && !mcl_audit_format_known(c->format))
    return usage_error("unknown audit format '%s' (known: text, json)", c->format);
  if (!c->audit && !c->extract && !mcl_reporter_format_known(c->format))
    return unknown_format(c->format);
  return -1;
}

int main(int argc, char **argv) {
  cli c = {.opts = mcl_options_new(), .format = "text", .show_source = -1, .color = -1};
  int opt, rc = -1;
  while (rc < 0 && (opt = getopt_long(argc, argv, "hVqo:j:", long_options, NULL)) != -1)
    rc = opt == '?' ? EXIT_TROUBLE : apply_option(&c, opt, optarg);
  if (rc < 0 && optind >= argc) rc = usage_error("%s", "no PATH given");
  if (rc < 0) rc = check_mode(&c, argc - optind);
  if (rc < 0 && c.extract) rc = extract(&c, argv[optind]);
  if (rc < 0) rc = lint_paths(&c, argv + optind, argc - optind);
  mcl_options_free(c.opts);
  free(c.settings);
  return rc;
}
