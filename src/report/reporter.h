/* reporter.h: an output format is a small set of callbacks; each format
 * lives in its own file and is listed in reporter.c. */
#ifndef MCL_REPORTER_H
#define MCL_REPORTER_H

#include <stdio.h>

#include "mclint.h"

typedef struct mcl_report_format {
  const char *name;
  void (*begin)(mcl_reporter *r);
  void (*file)(mcl_reporter *r, const mcl_result *result);
  void (*end)(mcl_reporter *r);
} mcl_report_format;

struct mcl_reporter {
  const mcl_report_format *format;
  FILE *out;
  unsigned flags;
  size_t files;
  size_t counts[3]; /* by severity, over all files */
  void *state;      /* the format's own */
};

extern const mcl_report_format mcl_report_text;

#endif
