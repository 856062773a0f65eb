/* args.h: the command line of mclint, parsed. Options that set a library
 * setting come from the library's settings table (mcl_setting_option_at);
 * the others, the command's own, are listed in args.c. Both give --help. */
#ifndef MCL_CLI_ARGS_H
#define MCL_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "configs.h"
#include "mclint.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

typedef struct cli {
  mcl_options *opts;     /* the command line's settings alone, to check them early */
  cli_setting *settings; /* the same, in order, to apply over each configuration */
  size_t setting_count;
  config_mode config_mode;
  const char *config_file;
  bool skip_non_profiles, show_config;
  unsigned jobs; /* 0: one per CPU */
  const char *format;
  const char *output; /* NULL: standard output */
  int show_source;    /* -1: when stdout is a terminal */
  int color;          /* -1: when stdout is a terminal */
  bool quiet, statistics, no_hints;
  bool audit, extract; /* what to print instead of findings */
  bool fix, diff, unsafe_fixes;
  bool stdin_fixed; /* --fix -: the profile goes to stdout, the report to stderr */
} cli;

void cli_init(cli *c);
void cli_free(cli *c);
/* Parses argv into c; the PATHs start at *first. Returns -1 to go on, or
 * the exit status (after --help, --version, a usage error, ...). */
int cli_parse(cli *c, int argc, char **argv, int *first);
__attribute__((format(printf, 1, 2))) int usage_error(const char *fmt, ...);
/* --help */
void cli_usage(FILE *out);

#endif
