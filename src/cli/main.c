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
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "args.h"
#include "base/util.h"
#include "configs.h"
#include "mclint.h"
#include "parallel.h"
#include "progress.h"
#include "repository.h"

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
  bool *data;       /* only compared with (a repository's), not reported */
  size_t count, cap;
  size_t named; /* the files named come first, then the repositories' */
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
  mcl_run *across; /* comparing files, or NULL (one file, or the rules off) */
  repo_seen *seen; /* the files in the run, so none comes twice */
  bool adding_data; /* collect(): files of a repository */
  bool trouble, bad_config, failed;
  size_t fixes, fixed_files; /* --fix, --diff */
} run;

static void add_file(file_list *f, const char *path, size_t config, bool data) {
  size_t n = strlen(path) + 1;
  if (f->paths_len + n > f->paths_cap) {
    while (f->paths_len + n > f->paths_cap) f->paths_cap = f->paths_cap ? 2 * f->paths_cap : 4096;
    f->paths = realloc(f->paths, f->paths_cap);
  }
  if (f->count == f->cap) {
    f->cap = f->cap ? 2 * f->cap : 256;
    f->offsets = realloc(f->offsets, f->cap * sizeof *f->offsets);
    f->config = realloc(f->config, f->cap * sizeof *f->config);
    f->data = realloc(f->data, f->cap * sizeof *f->data);
  }
  if (!f->paths || !f->offsets || !f->config || !f->data) abort();
  f->data[f->count] = data;
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
  if (excluded) return;
  if (r->adding_data && path[0] == '.' && path[1] == '/') path += 2; /* "./x" of "." */
  add_file(&r->files, path, config, r->adding_data);
}

static void *lint_one(size_t i, void *arg) {
  run *r = arg;
  const char *path = r->files.paths + r->files.offsets[i];
  mcl_linter *l = r->linters[r->files.config[i]];
  /* A repository's other files are only compared with: never fixed. */
  if (r->files.data[i] && r->across) {
    mcl_result *res = mcl_index_file(l, path);
    if (!r->c->fix && !r->c->diff) return res;
    mcl_fix_outcome *o = calloc(1, sizeof *o);
    if (!o) abort();
    o->result = res;
    return o;
  }
  if (!r->c->fix && !r->c->diff) return mcl_lint_file(l, path);
  mcl_fix_outcome *o = calloc(1, sizeof *o);
  if (!o) abort();
  mcl_fix_file(l, path, r->c->unsafe_fixes ? MCL_FIX_WITH_UNSAFE : 0, o);
  return o;
}

static size_t result_size(const void *result) { return mcl_result_size(result); }

static size_t outcome_size(const void *o_) {
  const mcl_fix_outcome *o = o_;
  return mcl_result_size(o->result) + (o->original ? mcl_result_size(o->original) : 0) +
         o->fixed_len + o->before_len + o->after_len;
}

static void deliver(run *r, size_t i, mcl_result *res);

/* --diff prints, --fix writes; then what remains is reported (--fix). */
static void fix_done(run *r, size_t i, mcl_fix_outcome *o) {
  const char *path = mcl_result_path(o->result);
  bool is_stdin = !strcmp(path, "<stdin>");
  if (o->refused) {
    char *msg = mcl_xasprintf("%s: not fixed: %s", path, o->refused);
    complain(msg);
    free(msg);
  }
  mcl_result *shown = o->result;
  if (r->c->diff) {
    if (o->applied) {
      progress_hide(&r->progress);
      char *a = malloc(strlen(path) + 3), *b = malloc(strlen(path) + 3);
      if (!a || !b) abort();
      const char *rel = path + strspn(path, "/"); /* a/tmp/x, as git writes it */
      sprintf(a, "a/%s", rel);
      sprintf(b, "b/%s", rel);
      mcl_diff_write(stdout, a, b, o->before, o->before_len, o->after, o->after_len);
      free(a);
      free(b);
      r->failed = true;
    }
    if (mcl_result_io_failed(o->result)) r->trouble = true;
    return;
  }
  char *err = NULL;
  if (is_stdin) {
    if (fwrite(o->fixed, 1, o->fixed_len, stdout) != o->fixed_len || fflush(stdout) != 0) {
      complain("error writing the fixed profile");
      r->trouble = true;
    }
  } else if (o->applied && mcl_file_replace(path, o->fixed, o->fixed_len, &err) != 0) {
    complain(err);
    free(err);
    r->trouble = true;
    shown = o->original; /* the file is as it was */
  }
  if (shown == o->result && o->applied) r->fixes += o->applied, r->fixed_files++;
  deliver(r, i, shown);
}

static void report_one(size_t i, void *result, void *arg) {
  run *r = arg;
  if (r->c->fix || r->c->diff) {
    fix_done(r, i, result);
  } else {
    deliver(r, i, result);
  }
  progress_step(&r->progress);
}

/* What a result says about the run, before it is reported. */
typedef struct outcome {
  bool io_failed, failed, findings;
} outcome;

static outcome outcome_of(const mcl_result *res) {
  return (outcome){mcl_result_io_failed(res), mcl_result_failed(res),
                   mcl_result_diag_count(res) > 0};
}

static void note_outcome(run *r, outcome o) {
  if (o.io_failed) r->trouble = true;
  if (o.failed) r->failed = true;
  /* stdout is line-buffered on a terminal: hiding the line is enough. */
  if (o.findings) progress_hide(&r->progress);
}

static void report_result(run *r, mcl_result *res) {
  note_outcome(r, outcome_of(res));
  if (r->audit)
    mcl_audit_add(r->audit, res);
  else
    mcl_reporter_add(r->reporter, res);
}

/* A file's result, once it is final: compared with the others' first when
 * files are compared, else reported now. It stays the caller's. */
static void deliver(run *r, size_t i, mcl_result *res) {
  if (r->across) {
    char *err = NULL;
    /* A repository's unreadable file is left out of the comparison. */
    if (mcl_run_add(r->across, res, !r->files.data[i], &err) != 0) {
      complain(err);
      free(err);
      r->trouble = true;
    }
  } else {
    report_result(r, res);
  }
}

/* After report_one, on the thread that linted the file. */
static void release_one(void *result, void *arg) {
  run *r = arg;
  if (r->c->fix || r->c->diff) {
    mcl_fix_outcome_free(result);
    free(result);
  } else {
    mcl_result_free(result);
  }
}

/* After every file: the findings across files, merged into each file's,
 * and the file's part of the report written, on the lint's threads (the
 * run and the reporter are only read); the parts are added in order. An
 * item is a few results, read back from the run's file at once. Written
 * here, the report of a repository (thousands of findings across files)
 * is not left to one thread once the others have nothing more to do. */
#define ACROSS_BATCH 8

typedef struct across_out {
  size_t count;
  mcl_report_part *part[ACROSS_BATCH];
  outcome outcome[ACROSS_BATCH];
  char *err;
} across_out;

static void *across_one(size_t i, void *arg) {
  run *r = arg;
  across_out *o = calloc(1, sizeof *o);
  if (!o) abort();
  mcl_result *res[ACROSS_BATCH] = {0};
  size_t first = i * ACROSS_BATCH, left = mcl_run_count(r->across) - first;
  o->count = left < ACROSS_BATCH ? left : ACROSS_BATCH;
  mcl_run_results(r->across, first, o->count, res, &o->err);
  for (size_t k = 0; k < o->count; k++) {
    if (!res[k]) continue;
    o->outcome[k] = outcome_of(res[k]);
    o->part[k] = mcl_reporter_part(r->reporter, res[k]);
  }
  return o;
}

static size_t across_size(const void *o_) {
  const across_out *o = o_;
  size_t size = 0;
  for (size_t k = 0; k < o->count; k++) size += o->part[k] ? mcl_report_part_size(o->part[k]) : 0;
  return size;
}

static void across_done(size_t i, void *o_, void *arg) {
  (void)i;
  run *r = arg;
  across_out *o = o_;
  for (size_t k = 0; k < o->count; k++) {
    if (!o->part[k]) continue;
    note_outcome(r, o->outcome[k]);
    mcl_reporter_add_part(r->reporter, o->part[k]);
  }
  if (o->err) {
    complain(o->err);
    r->trouble = true;
  }
}

static void across_release(void *o_, void *arg) {
  (void)arg;
  across_out *o = o_;
  for (size_t k = 0; k < o->count; k++) mcl_report_part_free(o->part[k]);
  free(o->err);
  free(o);
}

static void report_across(run *r, unsigned jobs, par_limits limits) {
  char *err = NULL;
  if (mcl_run_compare(r->across, &err) != 0) {
    complain(err);
    free(err);
    r->trouble = true;
    return;
  }
  size_t count = mcl_run_count(r->across);
  limits.size = across_size;
  limits.release = across_release;
  limits.window = 4 * (size_t)jobs; /* results held: 8 times that */
  par_run((count + ACROSS_BATCH - 1) / ACROSS_BATCH, jobs, limits, across_one, across_done, r);
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

static void search_error(run *r, char *err) {
  complain(err);
  free(err);
  r->trouble = true;
}

/* The repositories the named files' configurations name (each once), and
 * every profile under them that is not named, as data to compare with. */
static void find_repository_files(run *r) {
  const char **dirs = NULL;
  size_t ndirs = 0;
  for (size_t i = 0; i < r->files.named; i++) {
    const mcl_options *o = configs_options(r->configs, r->files.config[i]);
    const char *dir = o ? mcl_options_repository(o) : NULL;
    bool known = !dir;
    for (size_t k = 0; k < ndirs && !known; k++) known = !strcmp(dirs[k], dir);
    if (known) continue;
    dirs = realloc(dirs, (ndirs + 1) * sizeof *dirs);
    if (!dirs) abort();
    dirs[ndirs++] = dir;
  }
  /* Real paths cost system calls: only when there is a repository. */
  if (ndirs) r->seen = repo_seen_new();
  for (size_t i = 0; ndirs && i < r->files.named; i++)
    repo_seen_add(r->seen, r->files.paths + r->files.offsets[i]);
  r->adding_data = true;
  for (size_t k = 0; k < ndirs; k++) {
    char *err = NULL, *dir = repo_display_dir(dirs[k]);
    r->arg = dir;
    if (repo_collect(dir, r->seen, collect, r, &err) != 0) search_error(r, err);
    free(dir);
  }
  r->adding_data = false;
  repo_seen_free(r->seen);
  r->seen = NULL;
  free(dirs);
}

/* Files are compared when there are two or more and a rule across files is
 * on for a file to report; then every linter indexes. */
static void start_across(run *r) {
  bool wanted = false;
  for (size_t i = 0; i < r->files.named && !wanted; i++)
    wanted = mcl_linter_checks_across(r->linters[r->files.config[i]]);
  /* --diff reports nothing but the diff: there is nothing to compare for. */
  if (!wanted || r->files.count < 2 || r->c->audit || r->c->diff) return;
  char *err = NULL;
  r->across = mcl_run_new((report_flags(r->c) & MCL_REPORT_SOURCE) != 0, &err);
  if (!r->across) { /* lint file by file, as without comparisons */
    mcl_buf b = {0};
    mcl_buf_printf(&b, "%s; files are not compared", err);
    complain(mcl_buf_cstr(&b));
    mcl_buf_free(&b);
    free(err);
    return;
  }
  for (size_t k = 0; k < configs_count(r->configs); k++)
    if (r->linters[k]) mcl_linter_set_index(r->linters[k], true);
}

/* Finds every file and its configuration; false if a configuration is bad. */
static bool find_files(run *r, char **paths, int count) {
  for (int i = 0; i < count; i++) {
    char *err = NULL;
    r->arg = paths[i];
    if (mcl_discover(paths[i], collect, r, &err) != 0) search_error(r, err);
  }
  r->files.named = r->files.count;
  if (!r->bad_config && !r->c->audit) find_repository_files(r);
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
  start_across(r);
  return true;
}

static void free_run(run *r) {
  mcl_run_free(r->across);
  free(r->files.paths);
  free(r->files.offsets);
  free(r->files.config);
  free(r->files.data);
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
  /* --fix -: standard output carries the fixed profile */
  FILE *stream = c->stdin_fixed && !c->output ? stderr : mcl_output_stream(out);
  if (c->audit)
    r.audit = mcl_audit_new(c->format, stream);
  else if (!c->diff)
    r.reporter = mcl_reporter_new(c->format, stream, report_flags(c));
  progress_start(&r.progress, r.files.count, progress_wanted(c));
  unsigned jobs = c->jobs ? c->jobs : par_cpu_count();
  /* The window lets other threads go on past a slow file (or a thread the
   * scheduler paused); the byte budget bounds it for large files. */
  size_t window = 16 * (size_t)jobs < 256 ? 16 * (size_t)jobs : 256;
  par_limits limits = {.window = window,
                       .budget = 64u << 20,
                       .size = c->fix || c->diff ? outcome_size : result_size,
                       .release = release_one};
  par_run(r.files.count, jobs, limits, lint_one, report_one, &r);
  if (r.across) report_across(&r, jobs, limits);
  progress_end(&r.progress);
  if (c->fix && r.fixes && !c->quiet)
    fprintf(stderr, "mclint: %zu fix%s applied in %zu file%s\n", r.fixes, r.fixes == 1 ? "" : "es",
            r.fixed_files, r.fixed_files == 1 ? "" : "s");
  if (c->diff) {
    mcl_output_discard(out);
    if (fflush(stdout) != 0) r.trouble = true;
  } else if (!close_report(out, &r)) {
    r.trouble = true;
  }
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
  if ((c->fix || c->diff) && (c->audit || c->extract || c->show_config))
    return usage_error("%s", "--fix and --diff do not go with --audit, --extract or --show-config");
  if (c->fix && c->diff) return usage_error("%s", "--fix and --diff exclude each other");
  if (c->unsafe_fixes && !c->fix && !c->diff)
    return usage_error("%s", "--unsafe-fixes goes with --fix or --diff");
  if (c->extract && paths != 1) return usage_error("%s", "--extract takes exactly one PATH");
  if (c->audit && !mcl_audit_format_known(c->format))
    return usage_error("unknown audit format '%s' (known: text, json)", c->format);
  if (!c->audit && !c->extract && !mcl_reporter_format_known(c->format))
    return unknown_format(c->format);
  return -1;
}

/* glibc hands freed memory at the top of its heap back to the kernel once
 * more than 128 KiB are free (M_TRIM_THRESHOLD), and takes it back page
 * fault by page fault. A lint frees each file's memory when the file is
 * done, so every file paid again: a third of the page faults of a corpus
 * run, and with threads, TLB shootdowns between CPUs. The process is
 * short-lived: keep up to 64 MiB. (Other C libraries: their default.) */
static void tune_allocator(void) {
#ifdef __GLIBC__
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int main(int argc, char **argv) {
  tune_allocator();
  cli c;
  cli_init(&c);
  int first;
  int rc = cli_parse(&c, argc, argv, &first);
  if (rc < 0 && first >= argc) rc = usage_error("%s", "no PATH given");
  if (rc < 0) rc = check_mode(&c, argc - first);
  for (int i = first; rc < 0 && c.fix && i < argc; i++)
    if (!strcmp(argv[i], "-")) c.stdin_fixed = true;
  if (rc < 0 && c.extract) rc = extract(&c, argv[first]);
  if (rc < 0) rc = lint_paths(&c, argv + first, argc - first);
  cli_free(&c);
  return rc;
}
