/* options.h: the resolved settings a lint run uses, as plain data. Every
 * layer above base reads them; the lint layer (lint/settings.h) sets them
 * from the command line and configuration files. */
#ifndef MCL_OPTIONS_H
#define MCL_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/osver.h"
#include "mclint.h"

/* policy.vpn-coverage: "", "all-traffic" or "always-on". */
typedef enum { MCL_VPN_WANT_ANY, MCL_VPN_WANT_ALL_TRAFFIC, MCL_VPN_WANT_ALWAYS_ON } mcl_vpn_want;

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
  mcl_vpn_want vpn_coverage; /* what every VPN payload must cover */
  /* While a configuration file is applied: its directory, which relative
   * paths resolve against. NULL: the current directory. Never copied. */
  const char *base_dir;
};

#endif
