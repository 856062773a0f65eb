/* options.h: the resolved settings a lint run uses. The command line and
 * configuration files both set them by name through mcl_options_set. */
#ifndef MCL_OPTIONS_H
#define MCL_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mclint.h"

enum {
  MCL_PLATFORM_IOS = 1u << 0,
  MCL_PLATFORM_MACOS = 1u << 1,
  MCL_PLATFORM_TVOS = 1u << 2,
  MCL_PLATFORM_VISIONOS = 1u << 3,
  MCL_PLATFORM_WATCHOS = 1u << 4,
};
#define MCL_PLATFORM_COUNT 5

/* An OS version packed so that comparison is integer comparison. */
typedef uint32_t mcl_osver;
#define MCL_OSVER(major, minor, patch) \
  ((mcl_osver)(((major) << 16) | ((minor) << 8) | (patch)))

/* Parses "17", "17.2" or "10.12.4"; returns false on anything else. */
bool mcl_version_parse(const char *s, mcl_osver *out);
/* Writes "17.2" style text into buf. */
const char *mcl_version_format(mcl_osver v, char *buf, size_t size);

const char *mcl_platform_name(unsigned platform_bit); /* "iOS", "macOS", ... */
/* Index 0..4 of a single platform bit, or -1. */
int mcl_platform_index(unsigned platform_bit);

struct mcl_options {
  unsigned platforms;   /* 0: no target platform */
  mcl_osver min_os;   /* 0: no minimum version */
  int supervised;       /* -1: unknown, 0: unsupervised, 1: supervised */
  bool strict_types;    /* exact plist types, as Apple Business Manager checks */
  bool strict;          /* warnings also fail the run */
  size_t max_file_size; /* bytes */
  mcl_severity *severity; /* per rule (registry order); MCL_OFF disables */
  char **schema_dirs;
  size_t schema_dir_count;
  char **excludes; /* absolute glob patterns of paths not to lint (see glob.h) */
  size_t exclude_count;
  /* Signed profiles (src/plist/cms.c). */
  bool verify;               /* check signers' chains against a trust store */
  char *ca_file;             /* that trust store instead of the system's (implies verify) */
  unsigned cert_expiry_days; /* warn when a signing certificate expires this soon; 0: never */
  /* Organisation policy (settings policy.*, rules MC8xx). */
  char *identifier_pattern; /* PCRE2, must match a whole PayloadIdentifier */
  char **allowed_types;     /* PayloadType globs; empty: any type */
  size_t allowed_type_count;
  char **forbidden_types;
  size_t forbidden_type_count;
  bool require_organization;
  char *organization; /* the PayloadOrganization required, or NULL */
  /* While a configuration file is applied: its directory, which relative
   * paths resolve against. NULL: the current directory. Never copied. */
  const char *base_dir;
};

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
