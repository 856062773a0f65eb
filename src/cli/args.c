/* args.c: the command line. One table (options[]) gives every option of the
 * command's own with its --help text, in --help order; a SETTINGS row
 * stands for the options of the library's settings in one --help section
 * (mcl_setting_option_at), which set those settings by name. */
#include "args.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum {
  OPT_CONFIG = 256,
  OPT_NO_CONFIG,
  OPT_SKIP_NON_PROFILES,
  OPT_SHOW_CONFIG,
  OPT_LIST_RULES,
  OPT_EXPLAIN,
  OPT_RULES_MARKDOWN,
  OPT_FORMAT,
  OPT_STATISTICS,
  OPT_AUDIT,
  OPT_EXTRACT,
  OPT_SHOW_SOURCE,
  OPT_NO_SOURCE,
  OPT_NO_HINTS,
  OPT_COLOR,
  OPT_FIX,
  OPT_DIFF,
  OPT_UNSAFE_FIXES,
  OPT_SETTING = 1024, /* + the index of a setting's option */
};

typedef struct cli_option {
  const char *name;  /* long option; NULL: a heading (help) or settings (group) */
  int key;           /* short option letter, or OPT_* */
  const char *arg;   /* argument in --help; NULL: takes none */
  const char *help;  /* NULL: not in --help (an alias) */
  const char *group; /* SETTINGS: the settings options of this --help section */
} cli_option;

#define HEADING(text)                                                                              \
  { NULL, 0, NULL, text, NULL }
#define SETTINGS(group)                                                                            \
  { NULL, 0, NULL, NULL, group }

static const cli_option options[] = {
    HEADING("Target (what the profile will be installed on):"),
    SETTINGS("target"),
    HEADING("Configuration (see docs/configuration.md; the command line wins):"),
    {"config", OPT_CONFIG, "FILE",
     "use FILE for every file instead of the nearest\n.mclint.toml above it", NULL},
    {"no-config", OPT_NO_CONFIG, NULL, "use no configuration file", NULL},
    SETTINGS("configuration"),
    {"skip-non-profiles", OPT_SKIP_NON_PROFILES, NULL,
     "skip named *.plist files that are not profiles (for\n"
     "pre-commit and other tools that pass every file)",
     NULL},
    {"show-config", OPT_SHOW_CONFIG, NULL,
     "print the configuration file and the settings that\napply to each PATH, and exit", NULL},
    HEADING("Rules:"),
    SETTINGS("rules"),
    {"list-rules", OPT_LIST_RULES, NULL, "print the rule catalog (with each rule's fix) and exit",
     NULL},
    {"explain", OPT_EXPLAIN, "RULE", "explain one rule, with examples, and exit", NULL},
    {"rules-markdown", OPT_RULES_MARKDOWN, NULL, "print the catalog as Markdown and exit", NULL},
    HEADING("Fixes (see docs/mclint.1):"),
    {"fix", OPT_FIX, NULL,
     "repair what has a safe fix, in place (atomically; - :\n"
     "the fixed profile to standard output, the report to\n"
     "standard error), then report what remains",
     NULL},
    {"diff", OPT_DIFF, NULL,
     "print what --fix would change as a unified diff and\n"
     "write nothing; exit 1 if anything would change",
     NULL},
    {"unsafe-fixes", OPT_UNSAFE_FIXES, NULL,
     "also apply fixes that may change what a profile means\n"
     "(renaming an unknown key to its one close match)",
     NULL},
    HEADING("Output:"),
    {"format", OPT_FORMAT, "FORMAT",
     "text (default), json, sarif (SARIF 2.1.0), github\n"
     "(Actions annotations) or junit (JUnit XML)",
     NULL},
    {"output", 'o', "FILE", "write the report to FILE, replaced only once complete", NULL},
    {"statistics", OPT_STATISTICS, NULL,
     "count findings per rule (text: a table at the end;\njson, sarif and junit: in the summary)",
     NULL},
    {"audit", OPT_AUDIT, NULL,
     "instead of findings, print a summary for auditing each\n"
     "profile: signer, payloads, certificates, removal,\n"
     "expiry, servers, embedded secrets (paths only);\n"
     "--format text (default) or json",
     NULL},
    {"extract", OPT_EXTRACT, NULL,
     "write the property list inside the signed profile PATH\n"
     "to standard output or --output (exit 1 if it is not\n"
     "signed or cannot be unwrapped)",
     NULL},
    {"show-source", OPT_SHOW_SOURCE, NULL, "show the source line and a caret under each finding",
     NULL},
    {"no-source", OPT_NO_SOURCE, NULL, "never show source lines (default unless a terminal)", NULL},
    {"no-hints", OPT_NO_HINTS, NULL, "no \"= hint:\" line under each finding (text)", NULL},
    {"color", OPT_COLOR, "WHEN", "auto (default), always or never; NO_COLOR turns it off", NULL},
    {"colour", OPT_COLOR, "WHEN", NULL, NULL},
    {"quiet", 'q', NULL, "no summary line, no progress line", NULL},
    SETTINGS("output"),
    {"jobs", 'j', "N",
     "lint N files at a time (default: one per CPU; output\nis the same for any N)", NULL},
    {"help", 'h', NULL, "show this help and exit", NULL},
    {"version", 'V', NULL, "show the version and the Apple schema release", NULL},
};
#define OPTION_COUNT (sizeof options / sizeof options[0])

/* --help: the option and its argument, then the text from column 27. */
static void usage_option(FILE *out, int key, const char *name, const char *arg, const char *help) {
  int n = key < 256 ? fprintf(out, "  -%c, --%s", key, name) : fprintf(out, "      --%s", name);
  if (arg) n += fprintf(out, " %s", arg);
  fprintf(out, "%*s", n <= 25 ? 27 - n : 2, "");
  for (const char *p = help; *p; p++) {
    fputc(*p, out);
    if (*p == '\n') fprintf(out, "%27s", "");
  }
  fputc('\n', out);
}

void cli_usage(FILE *out) {
  fputs("Usage: mclint [OPTION]... PATH...\n"
        "Lint Apple configuration profiles (.mobileconfig). PATH may be a file, a\n"
        "directory (searched for *.mobileconfig and profile *.plist files), or - for\n"
        "standard input.\n",
        out);
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    const cli_option *o = &options[i];
    if (o->group) {
      mcl_setting_option s;
      for (size_t k = 0; mcl_setting_option_at(k, &s); k++)
        if (!strcmp(s.group, o->group)) usage_option(out, OPT_SETTING, s.name, s.arg, s.help);
    } else if (!o->name) {
      fprintf(out, "\n%s\n", o->help);
    } else if (o->help) {
      usage_option(out, o->key, o->name, o->arg, o->help);
    }
  }
  fputs("\nExit status: 0 no errors, 1 errors found (or warnings with --strict),\n"
        "2 usage error, bad configuration, a file that could not be read, or the report\n"
        "not written.\n",
        out);
}

/* The message quotes arguments: escaped like every other text output. */
int usage_error(const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fputs("mclint: ", stderr);
  mcl_put_text(stderr, msg);
  fputs("\nTry 'mclint --help' for more information.\n", stderr);
  return EXIT_TROUBLE;
}

void cli_init(cli *c) {
  *c = (cli){.opts = mcl_options_new(), .format = "text", .show_source = -1, .color = -1};
}

void cli_free(cli *c) {
  mcl_options_free(c->opts);
  free(c->settings);
}

static int explain(const char *name) {
  const mcl_rule *r = mcl_rule_find(name);
  if (!r) return usage_error("unknown rule '%s' (see --list-rules)", name);
  mcl_rule_explain(r, stdout);
  return EXIT_CLEAN;
}

/* A setting's option: checked now, applied over each configuration later. */
static int apply_setting(cli *c, size_t index, const char *arg) {
  mcl_setting_option s;
  if (!mcl_setting_option_at(index, &s)) abort();
  const char *value = s.arg ? arg : s.value;
  char *err = NULL;
  if (mcl_options_set(c->opts, s.setting, value, &err) != 0) {
    int rc = usage_error("%s", err);
    free(err);
    return rc;
  }
  c->settings = realloc(c->settings, (c->setting_count + 1) * sizeof *c->settings);
  if (!c->settings) abort();
  c->settings[c->setting_count++] = (cli_setting){s.setting, value};
  return -1;
}

/* Returns -1 to go on, or an exit status. */
static int apply_option(cli *c, int opt, const char *arg) {
  if (opt >= OPT_SETTING) return apply_setting(c, (size_t)(opt - OPT_SETTING), arg);
  switch (opt) {
  case 'h': cli_usage(stdout); return EXIT_CLEAN;
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
  case OPT_FIX: c->fix = true; return -1;
  case OPT_DIFF: c->diff = true; return -1;
  case OPT_UNSAFE_FIXES: c->unsafe_fixes = true; return -1;
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
    if (!strcmp(arg, "always"))
      c->color = 1;
    else if (!strcmp(arg, "never"))
      c->color = 0;
    else if (!strcmp(arg, "auto"))
      c->color = -1;
    else
      return usage_error("--color takes auto, always or never, not '%s'", arg);
    return -1;
  default: return usage_error("%s", "invalid option");
  }
}

/* getopt_long's table and short options, from options[] and the settings. */
static struct option *long_options(char *shorts) {
  size_t n = OPTION_COUNT, k = 0;
  mcl_setting_option s;
  for (size_t i = 0; mcl_setting_option_at(i, &s); i++) n++;
  struct option *lo = calloc(n + 1, sizeof *lo);
  if (!lo) abort();
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    const cli_option *o = &options[i];
    if (!o->name) continue;
    lo[k++] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->key};
    if (o->key < 256) {
      *shorts++ = (char)o->key;
      if (o->arg) *shorts++ = ':';
    }
  }
  *shorts = '\0';
  for (size_t i = 0; mcl_setting_option_at(i, &s); i++)
    lo[k++] = (struct option){s.name, s.arg ? required_argument : no_argument, NULL,
                              OPT_SETTING + (int)i};
  return lo;
}

int cli_parse(cli *c, int argc, char **argv, int *first) {
  char shorts[2 * OPTION_COUNT + 1];
  struct option *lo = long_options(shorts);
  int opt, rc = -1;
  while (rc < 0 && (opt = getopt_long(argc, argv, shorts, lo, NULL)) != -1)
    rc = opt == '?' ? EXIT_TROUBLE : apply_option(c, opt, optarg);
  free(lo);
  *first = optind;
  return rc;
}
