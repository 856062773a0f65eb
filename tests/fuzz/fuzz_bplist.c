/* Arbitrary bytes as a binary property list: the graph guard, libplist's
 * decoder, the conversion into the value tree, every rule, the text
 * reporter and the audit. The input is forced to start with the bplist00
 * signature so that no time is spent on other formats. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mclint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mcl_linter *linter;
  static FILE *sink;
  if (!linter) {
    linter = mcl_linter_new(NULL, NULL);
    sink = fopen("/dev/null", "w");
  }
  unsigned char *buf = malloc(size + 8);
  memcpy(buf, "bplist00", 8);
  if (size > 8) memcpy(buf + 8, data + 8, size - 8);
  size_t len = size > 8 ? size : 8;
  mcl_result *r = mcl_lint_memory(linter, "fuzz.plist", buf, len);
  mcl_reporter *rep = mcl_reporter_new("text", sink, MCL_REPORT_SOURCE);
  mcl_reporter_add(rep, r);
  mcl_reporter_finish(rep);
  mcl_audit *a = mcl_audit_new("json", sink);
  mcl_audit_add(a, r);
  mcl_audit_finish(a);
  mcl_result_free(r);
  free(buf);
  return 0;
}
