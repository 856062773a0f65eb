/* reporter.h: an output format is a small set of callbacks; each format
 * lives in its own file and is listed in reporter.c. Formats stream: file
 * is called once per result, in order, and must write it before returning
 * (the result is freed right after). The file callback must also work on
 * any thread (mcl_reporter_part), on a copy of the reporter whose `out` is
 * a memory stream, with only format, out, flags and state set: state NULL
 * or, with json_state, a fork of part_json (json_writer.h), joined back to
 * the document's writer when the part is added. */
#ifndef MCL_REPORTER_H
#define MCL_REPORTER_H

#include <stdio.h>

#include "mclint.h"
#include "report/json_writer.h"

typedef struct mcl_report_format {
  const char *name;
  void (*begin)(mcl_reporter *r);
  void (*file)(mcl_reporter *r, const mcl_result *result);
  void (*end)(mcl_reporter *r); /* also frees r->state */
  bool json_state; /* state is an mcl_json */
} mcl_report_format;

struct mcl_reporter {
  const mcl_report_format *format;
  FILE *out;
  unsigned flags;
  size_t files;
  size_t counts[3];         /* findings by severity, over all files */
  size_t unreadable;        /* files that could not be read */
  size_t (*rule_counts)[3]; /* findings by catalog index and severity */
  void *state;              /* the format's own */
  /* json_state: the writer as a file's part begins (set in begin, then
   * only read, while the document's own writer moves on) */
  mcl_json part_json;
};

/* One row of --statistics: a rule at a severity and how often it fired. */
typedef struct mcl_rule_stat {
  const mcl_rule *rule;
  mcl_severity severity;
  size_t count;
} mcl_rule_stat;

/* The rows with a count, most frequent first, then by code; *n of them.
 * free() the array (NULL when there are none). */
mcl_rule_stat *mcl_report_stats(const mcl_reporter *r, size_t *n);

/* The rows as a JSON array under "statistics", each {code_key, "rule",
 * severity_key, "count"}; json and sarif differ only in those names and in
 * how a severity is spelled. */
struct mcl_json;
void mcl_report_stats_json(const mcl_reporter *r, struct mcl_json *j, const char *code_key,
                           const char *severity_key, const char *(*severity)(mcl_severity));

extern const mcl_report_format mcl_report_text;
extern const mcl_report_format mcl_report_json;
extern const mcl_report_format mcl_report_sarif;
extern const mcl_report_format mcl_report_github;
extern const mcl_report_format mcl_report_junit;

#endif
