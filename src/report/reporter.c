#include "report/reporter.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const mcl_report_format *const formats[] = {
    &mcl_report_text,
};

static const mcl_report_format *find_format(const char *name) {
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp(formats[i]->name, name) == 0) return formats[i];
  return NULL;
}

bool mcl_reporter_format_known(const char *format) { return find_format(format) != NULL; }

mcl_reporter *mcl_reporter_new(const char *format, FILE *out, unsigned flags) {
  const mcl_report_format *f = find_format(format ? format : "text");
  if (!f) return NULL;
  mcl_reporter *r = mcl_xcalloc(1, sizeof *r);
  r->format = f;
  r->out = out;
  r->flags = flags;
  if (f->begin) f->begin(r);
  return r;
}

void mcl_reporter_add(mcl_reporter *r, const mcl_result *result) {
  r->files++;
  for (int s = MCL_INFO; s <= MCL_ERROR; s++) r->counts[s] += mcl_result_count(result, s);
  r->format->file(r, result);
}

int mcl_reporter_finish(mcl_reporter *r) {
  if (r->format->end) r->format->end(r);
  int rc = fflush(r->out) == 0 && !ferror(r->out) ? 0 : -1;
  free(r);
  return rc;
}
