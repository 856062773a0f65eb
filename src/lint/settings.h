/* settings.h: setting the options (base/options.h) by name, from the
 * command line and configuration files, through mcl_options_set. */
#ifndef MCL_SETTINGS_H
#define MCL_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/options.h"
#include "mclint.h"


mcl_options *mcl_options_copy(const mcl_options *opts);

/* How a setting takes values; for configuration files and the command line. */
enum {
  MCL_SETTING_LIST = 1u << 0,  /* values accumulate; the command line replaces the file's */
  MCL_SETTING_COMMA = 1u << 1, /* a value may be a comma-separated list */
  MCL_SETTING_PATH = 1u << 2,  /* a value is one path or pattern, relative to base_dir;
                                  with LIST, a TOML array gives one value per item */
  MCL_SETTING_BOOL = 1u << 3,  /* true or false */
};
/* Flags of a setting, or -1 if there is no such setting. */
int mcl_setting_flags(const char *name);
/* The known setting closest to a misspelt name, or NULL. */
const char *mcl_setting_suggest(const char *name);

/* mcl_options_load on text already read; path names it in messages and
 * gives the directory relative paths resolve against. */
int mcl_options_load_text(mcl_options *opts, const char *path, const char *text, size_t len,
                          char **err);

/* name resolved against base (or the current directory), lexically
 * normalised ("." and ".." removed, no double slashes). malloc'd. */
char *mcl_path_resolve(const char *base, const char *name);

#endif
