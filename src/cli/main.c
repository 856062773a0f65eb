/* main.c: the mclint command. It parses arguments into library settings,
 * finds the files, lints them and reports; every decision about profiles
 * is the library's. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "base/util.h"
#include "configs.h"
#include "mclint.h"
#include "parallel.h"
#include "progress.h"

/* A message on standard error; it may quote file names and configuration
 * values, shown escaped like every other text output. */
static void complain(const char *msg) {
  fputs("mclint: ", stderr);
  mcl_put_text(stderr, msg);
  fputc('\n', stderr);
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

static void collect(const char *path, void *arg) {
  run *r = arg;
  /* Directory search already skipped .plist files that are not profiles. */
  if (r->c->skip_non_profiles && !strcmp(path, r->arg) && mcl_has_suffix(path, ".plist") &&
      !mcl_discover_wanted(path))
    return;
  size_t config;
  bool excluded;
  char *err = NULL;
  if (configs_for_file(r->configs, path, &config, &excluded, &err) != 0) {
    if (err) complain(err);
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
    complain(err);
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
      complain(err);
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
      complain(err ? err : "cannot start");
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
      complain(err ? err : "bad configuration");
      free(err);
      rc = EXIT_TROUBLE;
    } else {
      const char *file = configs_file(cf, index);
      printf("%s# ", i ? "\n" : "");
      mcl_put_text(stdout, paths[i]);
      fputs(": ", stdout);
      mcl_put_text(stdout, file ? file : "no configuration file");
      printf("%s\n", !dir && excluded ? " (excluded)" : "");
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
    complain(bad);
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
    complain(err);
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
    complain(err ? err : "cannot start");
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
    complain(err);
    free(err);
    ok = false;
  }
  pending_temp[0] = '\0';
  return ok ? EXIT_CLEAN : EXIT_TROUBLE;
}

static int unknown_format(const char *name) {
  char known[128] = "";
  for (size_t i = 0; mcl_reporter_format_name(i); i++) {
    if (i) strncat(known, ", ", sizeof known - strlen(known) - 1);
    strncat(known, mcl_reporter_format_name(i), sizeof known - strlen(known) - 1);
  }
  return usage_error("unknown format '%s' (known: %s)", name, known);
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
  cli c;
  cli_init(&c);
  int first;
  int rc = cli_parse(&c, argc, argv, &first);
  if (rc < 0 && first >= argc) rc = usage_error("%s", "no PATH given");
  if (rc < 0) rc = check_mode(&c, argc - first);
  if (rc < 0 && c.extract) rc = extract(&c, argv[first]);
  if (rc < 0) rc = lint_paths(&c, argv + first, argc - first);
  cli_free(&c);
  return rc;
}
