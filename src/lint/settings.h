/* settings.h: the settings table. One row per setting (settings.c) gives
 * its field in mcl_options (base/options.h), its default, how a value from
 * the command line or a configuration file is parsed, its command-line
 * options with their --help text, and how --show-config writes it. The
 * command line (src/cli) and configuration files (config.c) both set
 * options by name through mcl_options_set. */
#ifndef MCL_SETTINGS_H
#define MCL_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/options.h"
#include "mclint.h"

mcl_options *mcl_options_copy(const mcl_options *opts);

/* How a setting takes values; for configuration files and the command line. */
enum {
  MCL_SETTING_LIST = 1u << 0,        /* values accumulate; the command line replaces the file's */
  MCL_SETTING_COMMA = 1u << 1,       /* a value may be a comma-separated list */
  MCL_SETTING_PATH = 1u << 2,        /* a value is one path or pattern, relative to base_dir;
                                        with LIST, a TOML array gives one value per item */
  MCL_SETTING_BOOL = 1u << 3,        /* true or false */
  MCL_SETTING_SHOW_IF_SET = 1u << 4, /* --show-config omits it while it is unset */
  MCL_SETTING_SECTION = 1u << 5,     /* --show-config: its own [table], after the others */
};

/* What the field of a setting is; copying, freeing and clearing options
 * follow it, and so do the default parser and writer. */
typedef enum {
  MCL_SETTING_NONE,     /* no field of its own (rule selection sets severity[]) */
  MCL_SETTING_BOOLEAN,  /* bool */
  MCL_SETTING_INT,      /* int */
  MCL_SETTING_UNSIGNED, /* unsigned, at most .max */
  MCL_SETTING_SIZE,     /* size_t: bytes, or a number with K or M */
  MCL_SETTING_OSVER,    /* mcl_osver; "" for none */
  MCL_SETTING_STRING,   /* char *, malloc'd; NULL for none */
  MCL_SETTING_STRINGS,  /* char ** at .field, its size_t count at .count */
} mcl_setting_type;

typedef struct mcl_setting mcl_setting;

/* Parses one value into o; 0, or -1 with a message in *err. */
typedef int (*mcl_setting_parse)(const mcl_setting *s, mcl_options *o, const char *value,
                                 char **err);
/* STRING and STRINGS: checks a value and gives what to store (malloc'd, or
 * NULL to unset a STRING); 0, or -1 with a message in *err. */
typedef int (*mcl_setting_value)(mcl_options *o, const char *value, char **out, char **err);
/* Writes the setting for --show-config; key is its name inside its table. */
typedef void (*mcl_setting_show)(const mcl_setting *s, const mcl_options *o, const char *key,
                                 FILE *out);

/* A command-line option that sets the setting: --name ARG, or --name alone
 * (then it sets value). help: its --help text, '\n' between lines. */
typedef struct mcl_setting_cli {
  const char *name, *arg, *value, *help;
} mcl_setting_cli;

struct mcl_setting {
  const char *name; /* "min-os"; "policy.organization" is organization in [policy] */
  mcl_setting_type type;
  size_t field, count;     /* offsetof(mcl_options, ...): the value, and a list's length */
  unsigned flags;          /* MCL_SETTING_* */
  const char *dflt;        /* parsed into every new mcl_options; NULL: zero */
  unsigned max;            /* UNSIGNED: the largest value */
  const char *unit;        /* UNSIGNED: what it counts, for messages ("days") */
  mcl_setting_parse parse; /* NULL: the type's */
  mcl_setting_value value; /* STRING, STRINGS: NULL takes any value as it is */
  mcl_setting_show show;   /* NULL: the type's; not shown if the type is NONE */
  const char *comment;     /* --show-config: a comment line before it */
  const char *group;       /* --help section: target, configuration, rules, output */
  mcl_setting_cli cli[2];  /* its command-line options, if any */
  /* For the round-trip test (tests/cli_unit/test_settings.c): a value, as
   * given on the command line and (as a string) in a configuration file,
   * and a line --show-config then prints (NULL: the effect is only a
   * difference); given: configuration lines applied first, so that the
   * example has a visible effect. */
  const char *example, *shown, *given;
};

/* The table, in --show-config and --help order; NULL past the end. */
const mcl_setting *mcl_setting_at(size_t i);
const mcl_setting *mcl_setting_find(const char *name);

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

/* One step of the search for a configuration file (mcl_config_find), for
 * callers that remember each directory's answer: the absolute directory
 * holds .mclint.toml, ends the search (a repository root, or /), or sends
 * it on to its parent. */
typedef enum { MCL_CONFIG_HERE, MCL_CONFIG_STOP, MCL_CONFIG_UP } mcl_config_step;
mcl_config_step mcl_config_in_dir(const char *dir);
/* Cuts an absolute path to its parent, in place ("/" stays "/"). */
void mcl_path_parent(char *dir);

#endif
