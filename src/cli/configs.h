/* configs.h: which configuration, and so which linter, each file gets.
 *
 * Precedence: a setting's default, then the configuration file, then the
 * command line. A command-line list setting (--platform, --schema-dir,
 * --exclude) replaces the file's list instead of adding to it; rule
 * choices (--select, --enable, --disable, --ignore, --severity) apply
 * after the file's, in order. One linter is made per distinct
 * configuration file and shared by every file (and thread) that uses it. */
#ifndef MCL_CLI_CONFIGS_H
#define MCL_CLI_CONFIGS_H

#include <stdbool.h>
#include <stddef.h>

#include "mclint.h"

typedef struct cli_setting {
  const char *name, *value;
} cli_setting;

typedef enum {
  CONFIG_SEARCH, /* nearest .mclint.toml above each file */
  CONFIG_FIXED,  /* --config FILE for every file */
  CONFIG_NONE,   /* --no-config */
} config_mode;

typedef struct configs configs;

configs *configs_new(config_mode mode, const char *fixed, const cli_setting *settings,
                     size_t setting_count);
void configs_free(configs *c);
/* The error of --config FILE, known before any file is found: 0, or -1
 * with a message in *err (free() it). */
int configs_check_fixed(configs *c, char **err);

/* The configuration for path ("-": the current directory's) as an index for
 * configs_linter, and whether it excludes path. Returns 0, or -1 with a
 * message in *err (free() it) when a configuration file is bad; each bad
 * file is reported once. */
int configs_for_file(configs *c, const char *path, size_t *index, bool *excluded, char **err);
/* How many configurations were seen; indexes are below this. */
size_t configs_count(const configs *c);
/* The configuration file of an index (NULL: none) and its settings with the
 * command line's applied (NULL if the file is bad). */
const char *configs_file(const configs *c, size_t index);
const mcl_options *configs_options(const configs *c, size_t index);
/* The linter of a configuration, made on first use; NULL with *err. */
mcl_linter *configs_linter(configs *c, size_t index, char **err);

#endif
