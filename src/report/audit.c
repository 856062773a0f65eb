/* audit.c: --audit, what a vendor's profile does, summarised for the
 * person who has to decide whether to install it. Facts are gathered once
 * per file (audit_facts.c), then written by the format asked for
 * (audit_text.c, audit_json.c; docs/audit.md). */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "report/audit_facts.h"

static const mcl_audit_format *const formats[] = {&mcl_audit_text, &mcl_audit_json};

static const mcl_audit_format *find_format(const char *name) {
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (name && !strcmp(formats[i]->name, name)) return formats[i];
  return NULL;
}

bool mcl_audit_format_known(const char *format) { return find_format(format) != NULL; }

mcl_audit *mcl_audit_new(const char *format, FILE *out) {
  const mcl_audit_format *f = find_format(format ? format : "text");
  if (!f) return NULL;
  mcl_audit *a = mcl_xcalloc(1, sizeof *a);
  a->format = f;
  a->out = out;
  if (f->begin) f->begin(a);
  return a;
}

void mcl_audit_add(mcl_audit *a, const mcl_result *r) {
  mcl_audit_facts f;
  mcl_audit_gather(&f, r);
  a->files++;
  a->format->file(a, &f);
  mcl_audit_facts_free(&f);
}

int mcl_audit_finish(mcl_audit *a) {
  if (a->format->end) a->format->end(a);
  int rc = fflush(a->out) == 0 && !ferror(a->out) ? 0 : -1;
  free(a);
  return rc;
}
