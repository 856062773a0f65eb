/* mclint.h: public interface of libmclint, a linter for Apple configuration
 * profiles. The mclint command is a thin front end over these calls. */
#ifndef MCLINT_H
#define MCLINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Ordered: a higher value is more severe. MCL_OFF disables a rule. */
typedef enum { MCL_OFF = -1, MCL_INFO = 0, MCL_WARNING = 1, MCL_ERROR = 2 } mcl_severity;

typedef struct mcl_rule mcl_rule;       /* an entry of the rule catalog */
typedef struct mcl_options mcl_options; /* settings: target, rule selection, ... */
typedef struct mcl_linter mcl_linter;   /* options plus loaded schemas; reusable */
typedef struct mcl_result mcl_result;   /* the outcome of linting one input */
typedef struct mcl_reporter mcl_reporter;

/* Another place a finding concerns: for findings across files, where the
 * same identifier, UUID or setting is in another profile. */
typedef struct mcl_related {
  const char *file;   /* as the run named it */
  unsigned line, col; /* 0 when that file has no lines (binary plist) */
  const char *path;   /* key path there */
} mcl_related;

/* One finding. Strings live as long as the result that holds them. */
typedef struct mcl_diag {
  const mcl_rule *rule;
  mcl_severity severity;
  unsigned line, col;  /* 1-based; 0 when the input has no lines (binary plist) */
  const char *path;    /* key path such as "PayloadContent[0].IPSec.SharedSecret" */
  const char *message; /* never contains a secret value */
  const char *hint;    /* a suggested fix, or NULL */
  /* Where the finding ends, when the rule knows: the line, and the column
   * just past its last character (as SARIF's endColumn). 0 when unknown. */
  unsigned end_line, end_col;
  /* The finding is about what wraps the property list (the CMS signature:
   * signer, certificate, integrity), not a place in it; line is 0 and path
   * is "". See mcl_result_container. */
  bool container;
  /* The repair --fix would make, or NULL (see mcl_diag_fix_kind). */
  const struct mcl_fix *fix;
  /* Other places the finding concerns, in the order files were added to
   * the run (at most MCL_RELATED_MAX; the message counts the rest). */
  const mcl_related *related;
  size_t related_count;
} mcl_diag;
#define MCL_RELATED_MAX 5

/* Whether a rule can repair what it reports: not at all, safely (--fix), or
 * only with --unsafe-fixes (the repair may change what the profile means). */
typedef enum { MCL_FIX_NONE = 0, MCL_FIX_SAFE = 1, MCL_FIX_UNSAFE = 2 } mcl_fix_kind;

/* ---- version ---- */
const char *mcl_version(void);        /* "0.1.0" */
const char *mcl_schema_release(void); /* Apple schema release the build embeds */

/* ---- rule catalog ---- */
size_t mcl_rule_count(void);
const mcl_rule *mcl_rule_at(size_t index);
const mcl_rule *mcl_rule_find(const char *name_or_code); /* NULL if unknown */
const char *mcl_rule_code(const mcl_rule *rule);        /* stable, e.g. "MC201" */
const char *mcl_rule_name(const mcl_rule *rule);        /* kebab-case */
const char *mcl_rule_summary(const mcl_rule *rule);     /* one line */
const char *mcl_rule_explanation(const mcl_rule *rule);
const char *mcl_rule_bad_example(const mcl_rule *rule);  /* may be NULL */
const char *mcl_rule_good_example(const mcl_rule *rule); /* may be NULL */
const char *mcl_rule_category(const mcl_rule *rule);
mcl_severity mcl_rule_default_severity(const mcl_rule *rule);
mcl_fix_kind mcl_rule_fix_kind(const mcl_rule *rule);
const char *mcl_fix_kind_name(mcl_fix_kind kind); /* "none", "safe", "unsafe" */
/* MCL_FIX_NONE when the finding carries no fix, else its rule's kind. */
mcl_fix_kind mcl_diag_fix_kind(const mcl_diag *diag);
const char *mcl_severity_name(mcl_severity severity); /* "error", ... */
/* The catalog as text: one line per rule, or one rule in full. */
void mcl_catalog_list(FILE *out);
void mcl_rule_explain(const mcl_rule *rule, FILE *out);
/* The whole catalog as Markdown (docs/rules.md is this output). */
void mcl_catalog_markdown(FILE *out);

/* ---- options ----
 * Every setting has a name shared by the command line and configuration
 * files, e.g. "platform"="ios", "min-os"="17.0", "disable"="template-marker".
 * mcl_options_set returns 0, or -1 with a message in *err (free() it).
 * Relative paths in values (schema-dir, exclude) resolve against the
 * current directory, or, through mcl_options_load, the file's directory. */
mcl_options *mcl_options_new(void);
void mcl_options_free(mcl_options *opts);
int mcl_options_set(mcl_options *opts, const char *name, const char *value, char **err);
bool mcl_options_is_setting(const char *name);
/* List settings (platform, schema-dir, exclude, policy.allowed-payload-types,
 * policy.forbidden-payload-types, alternatives, and group, whose values are
 * "NAME=PATTERN" as a configuration's [groups] NAME = ["PATTERN"] sets it)
 * accumulate: each value adds to the list.
 * mcl_options_clear empties one, as the command line does before it
 * replaces a list that a configuration file set. */
bool mcl_options_is_list(const char *name);
int mcl_options_clear(mcl_options *opts, const char *name, char **err);
/* True if an exclude pattern matches path or a directory above it. */
bool mcl_options_excludes(const mcl_options *opts, const char *path);
/* The effective settings in the configuration file's format. */
void mcl_options_write(const mcl_options *opts, FILE *out);
/* Writes s for a person (a terminal, a CI log): control characters,
 * bidirectional overrides and bytes that are not UTF-8 are shown escaped
 * (\x1B, \u202E), never raw. For file names and messages. */
void mcl_put_text(FILE *out, const char *s);

/* The command-line options of the settings, for a program's argument
 * parser and --help: "--name ARG" sets the setting to ARG, and "--name"
 * alone (arg NULL) sets it to value. group is the section of --help the
 * option belongs in ("target", "configuration", "rules" or "output"), help
 * its text there, with '\n' between lines. */
typedef struct mcl_setting_option {
  const char *name, *arg, *setting, *value, *group, *help;
} mcl_setting_option;
/* The i-th option (i = 0, 1, ...) into *out; false past the last. */
bool mcl_setting_option_at(size_t i, mcl_setting_option *out);

/* ---- configuration files (docs/configuration.md) ---- */
#define MCL_CONFIG_NAME ".mclint.toml"
/* The configuration for files in directory dir: the nearest .mclint.toml
 * in dir or above it. The search stops at the root of a git repository (a
 * directory holding .git) and at the file system root. Returns a malloc'd
 * path, or NULL when there is none. */
char *mcl_config_find(const char *dir);
/* Applies a configuration file's settings to opts; relative paths in it
 * resolve against its directory. Returns 0, or -1 with "FILE:LINE: message"
 * in *err (opts may then be partly changed). */
int mcl_options_load(mcl_options *opts, const char *config_path, char **err);

/* ---- linting ---- */
mcl_linter *mcl_linter_new(const mcl_options *opts, char **err);
void mcl_linter_free(mcl_linter *linter);
/* Lints a file ("-" reads standard input). Never returns NULL: I/O failures
 * are diagnostics in the result (see mcl_result_io_failed). */
mcl_result *mcl_lint_file(mcl_linter *linter, const char *path);
mcl_result *mcl_lint_memory(mcl_linter *linter, const char *name, const void *data, size_t len);

const char *mcl_result_path(const mcl_result *result);
size_t mcl_result_diag_count(const mcl_result *result);
const mcl_diag *mcl_result_diag(const mcl_result *result, size_t index);
size_t mcl_result_count(const mcl_result *result, mcl_severity severity);
bool mcl_result_io_failed(const mcl_result *result);
/* How the input wraps the property list that was linted, for reporters to
 * print once per file before its findings, e.g. "signed profile (CMS, DER)
 * holding an XML property list"; NULL when the input is the property list
 * itself (XML or binary). When it is set, the positions of findings (line,
 * column, source lines, key paths) refer to the embedded property list,
 * except for findings with mcl_diag.container set, which are about the
 * wrapper and have no position. */
const char *mcl_result_container(const mcl_result *result);
/* Errors, or warnings when the linter's options say "strict". */
bool mcl_result_failed(const mcl_result *result);
/* About how many bytes the result holds (its text, tree and findings), for
 * callers that bound the memory of results waiting to be reported. */
size_t mcl_result_size(const mcl_result *result);
/* The text of source line `line` (without its line break), secret values
 * blanked, or NULL. Given for the lines a report can show: those of
 * findings, of what the checks across files compare, and of comments (of
 * every line when the document did not read whole); masking looks only
 * there, so other lines are NULL rather than unmasked. */
const char *mcl_result_source_line(const mcl_result *result, unsigned line, size_t *len);
void mcl_result_free(mcl_result *result);

/* ---- checks across files ----
 * Some mistakes sit between profiles: one PayloadIdentifier or PayloadUUID
 * in two files, one key of one domain set to two values, a payload a device
 * holds once in two profiles (rules of category "repository", MC55x).
 * A linter told to index keeps, with each result, a small record of what
 * those checks compare: identifiers, UUIDs, payload types, a digest of each
 * shared setting, and positions, never the document. A run takes each
 * result in a stable order: it keeps the record and, for a file to report,
 * parks the result in a temporary file (so memory holds the index, not the
 * findings). Once every file is in, mcl_run_result (or mcl_run_next) gives
 * back the results to report, in the order added, each with its findings
 * across files merged into its own, in order, as if one file's lint had
 * found them. Which files
 * can meet on one device comes from each file's configuration (groups). */
void mcl_linter_set_index(mcl_linter *linter, bool on);
/* Whether any rule that compares files is on in the linter's options. */
bool mcl_linter_checks_across(const mcl_linter *linter);
/* The directory whose profiles the options compare with (setting
 * repository), or NULL. */
const char *mcl_options_repository(const mcl_options *opts);

/* Reads a file only for its record (the rules do not run; its findings are
 * only those of reading it): for a file compared with but not reported. */
mcl_result *mcl_index_file(mcl_linter *linter, const char *path);

typedef struct mcl_run mcl_run;
/* source_lines: keep the source lines of the findings of the results to
 * report (for MCL_REPORT_SOURCE); without, mcl_result_source_line of a
 * result given back is NULL. NULL with *err (free() it) if no temporary
 * file can be made. */
mcl_run *mcl_run_new(bool source_lines, char **err);
/* Takes what it needs of result (the caller still frees it). report=false:
 * the file is only compared with (--repository); its findings are not
 * reported. Returns 0, or -1 with *err if the result could not be parked. */
int mcl_run_add(mcl_run *run, const mcl_result *result, bool report, char **err);
/* Compares the files added (once; later calls return 0): 0, or -1 with
 * *err if the parked results cannot be read back. Add nothing after. */
int mcl_run_compare(mcl_run *run, char **err);
/* After the comparison: the number of results to report, and the i-th of
 * them in the order added, with its findings across files (NULL, with
 * *err, if it cannot be read back). mcl_run_result only reads the run:
 * threads may call it at once, for different i. */
size_t mcl_run_count(const mcl_run *run);
mcl_result *mcl_run_result(const mcl_run *run, size_t i, char **err);
/* Results first .. first+n-1 (as many as there are) into out, read back
 * at once: the number made; out[k] is NULL for one that cannot be read
 * back (*err tells the first). Thread-safe as mcl_run_result. */
size_t mcl_run_results(const mcl_run *run, size_t first, size_t n, mcl_result **out, char **err);
/* The same one at a time: the next result to report, comparing first;
 * NULL after the last, or on failure with *err. */
mcl_result *mcl_run_next(mcl_run *run, char **err);
void mcl_run_free(mcl_run *run);

/* ---- signed profiles ----
 * The property list embedded in a CMS-signed profile (DER, BER or PEM), for
 * auditors who want to read it: 0 with a malloc()ed copy in *content, or -1
 * with a message in *err (free() it) when the input is not a signed profile
 * or cannot be unwrapped. The signature is not checked (mcl_lint_* does). */
int mcl_extract_memory(const void *data, size_t len, unsigned char **content,
                       size_t *content_len, char **err);
/* The same for a file ("-" reads standard input), within the linter's
 * max-file-size; -2 (and *err) when the file cannot be read at all. */
int mcl_extract_file(mcl_linter *linter, const char *path, unsigned char **content,
                     size_t *content_len, char **err);

/* ---- finding files ----
 * Calls fn for each file to lint under path: the path itself if it is a
 * file, else every *.mobileconfig and profile *.plist below it, sorted.
 * Returns 0, or -1 with a message in *err if path cannot be read. */
typedef void (*mcl_file_fn)(const char *file, void *arg);
int mcl_discover(const char *path, mcl_file_fn fn, void *arg, char **err);
/* What directory search lints: *.mobileconfig, and *.plist files whose
 * first 64 KiB name a Payload key. */
bool mcl_discover_wanted(const char *path);

/* ---- reporting ----
 * A reporter writes each result as it is added (it never holds them), so
 * memory stays flat however many files are linted. */
enum {
  MCL_REPORT_SOURCE = 1u << 0, /* text: show the source line and a caret */
  MCL_REPORT_COLOR = 1u << 1,  /* text: ANSI colours */
  MCL_REPORT_QUIET = 1u << 2,  /* text: no summary line */
  MCL_REPORT_STATISTICS = 1u << 3, /* counts per rule: a table (text), or in the summary */
  MCL_REPORT_NO_HINTS = 1u << 4,   /* text: no "= hint:" line under findings */
};
/* format: "text", "json", "sarif", "github" or "junit" (NULL is "text");
 * returns NULL if unknown. Machine formats ignore SOURCE, COLOR, QUIET and NO_HINTS. */
mcl_reporter *mcl_reporter_new(const char *format, FILE *out, unsigned flags);
bool mcl_reporter_format_known(const char *format);
/* The format names in order; NULL past the end. */
const char *mcl_reporter_format_name(size_t index);
void mcl_reporter_add(mcl_reporter *reporter, const mcl_result *result);
/* A file's part of the report, written apart from the others so that
 * several threads may write parts at once (the reporter is only read),
 * then added in order with mcl_reporter_add_part. It takes the result
 * (kept, and written when added, if no memory stream can be had). */
typedef struct mcl_report_part mcl_report_part;
mcl_report_part *mcl_reporter_part(const mcl_reporter *reporter, mcl_result *result);
/* Bytes the part holds, to bound how many wait. */
size_t mcl_report_part_size(const mcl_report_part *part);
/* Adds the part as mcl_reporter_add adds a result. */
void mcl_reporter_add_part(mcl_reporter *reporter, const mcl_report_part *part);
/* Frees the part (and the result it kept), on any thread. */
void mcl_report_part_free(mcl_report_part *part);
/* Writes any trailer; returns 0, or -1 if writing failed. Frees reporter. */
int mcl_reporter_finish(mcl_reporter *reporter);

/* ---- writing a report to a file, atomically ----
 * mcl_output_open creates a temporary file in path's directory; what is
 * written to mcl_output_stream appears under path only when
 * mcl_output_commit succeeds, so path never holds a partial report (a
 * symbolic link at path is replaced, not followed). path NULL or "-" is
 * standard output (commit then only flushes it). Returns NULL with a
 * message in *err (free() it) if the file cannot be created. */
typedef struct mcl_output mcl_output;
mcl_output *mcl_output_open(const char *path, char **err);
FILE *mcl_output_stream(const mcl_output *output);
/* The temporary file's name (NULL for standard output), e.g. for a signal
 * handler that must unlink() it. */
const char *mcl_output_temp_path(const mcl_output *output);
/* Flushes, syncs and renames into place; on failure removes the temporary
 * file and returns -1 with a message in *err. Frees output either way. */
int mcl_output_commit(mcl_output *output, char **err);
/* Removes the temporary file; path is left as it was. Frees output. */
void mcl_output_discard(mcl_output *output);

/* ---- fixes (--fix, --diff) ----
 * mcl_fix_file lints path ("-": standard input), applies the fixes of its
 * findings (safe ones, and unsafe ones with MCL_FIX_WITH_UNSAFE) to the
 * bytes as read, and lints the result again, until nothing more applies.
 * Only the repaired bytes change: encoding, line endings and comments stay.
 * Nothing is written: the caller writes `fixed` (mcl_file_replace) or shows
 * the difference (mcl_diff_write over before/after). */
enum { MCL_FIX_WITH_UNSAFE = 1u << 0 };
typedef struct mcl_fix_outcome {
  mcl_result *result;  /* the findings that remain (of the fixed content) */
  mcl_result *original; /* the findings of the input as read */
  size_t applied;      /* fixes applied; 0 when nothing changed */
  unsigned char *fixed; /* the new bytes when applied > 0 (malloc) */
  size_t fixed_len;
  /* Both versions as UTF-8 text, for a diff (malloc; set when applied > 0). */
  char *before, *after;
  size_t before_len, after_len;
  /* Why fixable findings were left alone (a signed or binary profile, a
   * template source, ...), or NULL. Static text. */
  const char *refused;
} mcl_fix_outcome;
void mcl_fix_file(mcl_linter *linter, const char *path, unsigned flags, mcl_fix_outcome *out);
void mcl_fix_memory(mcl_linter *linter, const char *name, const void *data, size_t len,
                    unsigned flags, mcl_fix_outcome *out);
void mcl_fix_outcome_free(mcl_fix_outcome *out);
/* A unified diff (--- a_name, +++ b_name, @@ hunks with 3 lines of context)
 * of two texts; nothing when they are equal. */
void mcl_diff_write(FILE *out, const char *a_name, const char *b_name, const char *a, size_t a_len,
                    const char *b, size_t b_len);
/* Replaces the file path with data atomically: a temporary file in the same
 * directory, with path's permissions, renamed over it (a symbolic link is
 * followed, so the link stays). 0, or -1 with a message in *err (free it);
 * path is then left as it was. */
int mcl_file_replace(const char *path, const void *data, size_t len, char **err);

/* ---- audit ----
 * A summary of each linted profile for a person deciding whether to
 * install it: signer and validity, payloads, the certificates they install,
 * removability and expiry, the servers it points to, the secrets it embeds
 * (key paths only, never values) and its findings by severity. format is
 * "text" or "json" (one JSON document for all files; docs/audit.md);
 * mcl_audit_new returns NULL for any other. */
typedef struct mcl_audit mcl_audit;
bool mcl_audit_format_known(const char *format);
mcl_audit *mcl_audit_new(const char *format, FILE *out);
void mcl_audit_add(mcl_audit *audit, const mcl_result *result);
/* Writes any trailer; returns 0, or -1 if writing failed. Frees audit. */
int mcl_audit_finish(mcl_audit *audit);

/* ---- VPN coverage (docs/audit.md) ----
 * What the keys of each VPN payload add up to, as the audit shows it:
 * coverage "always-on", "all-traffic-on-demand", "on-demand" or "manual",
 * and the gaps that leave traffic outside the tunnel. Strings live as long
 * as the result. */
typedef struct mcl_vpn_gap {
  const char *kind; /* "user-can-disable", "before-connect", "excluded",
                       "split-tunnel", "dns" or "removable" */
  const char *const *keys; /* key paths behind it, set or not; NULL-ended */
  const char *detail;      /* one sentence */
  const char *fix;         /* what would close it, or NULL: this VPN type cannot */
} mcl_vpn_gap;
typedef struct mcl_vpn_coverage {
  const char *path;     /* "PayloadContent[2]" */
  const char *vpn_type; /* the VPNType value */
  const char *coverage;
  const mcl_vpn_gap *gaps;
  size_t gap_count;
} mcl_vpn_coverage;
/* The VPN payloads whose VPNType mclint knows, in profile order. */
size_t mcl_result_vpn_count(const mcl_result *result);
const mcl_vpn_coverage *mcl_result_vpn(const mcl_result *result, size_t index);

#ifdef __cplusplus
}
#endif
#endif
