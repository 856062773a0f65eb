/* Arbitrary bytes through the whole pipeline: detection, every reader,
 * every rule, and the text reporter (with source lines). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mclint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mcl_linter *linter;
  static FILE *sink;
  if (!linter) {
    mcl_options *o = mcl_options_new();
    mcl_options_set(o, "platform", "ios,macos", NULL);
    mcl_options_set(o, "min-os", "17", NULL);
    mcl_options_set(o, "supervision", "unsupervised", NULL);
    linter = mcl_linter_new(o, NULL);
    mcl_options_free(o);
    sink = fopen("/dev/null", "w");
  }
  mcl_result *r = mcl_lint_memory(linter, "fuzz.mobileconfig", data, size);
  mcl_reporter *rep = mcl_reporter_new("text", sink, MCL_REPORT_SOURCE);
  mcl_reporter_add(rep, r);
  mcl_reporter_finish(rep);
  mcl_result_free(r);
  return 0;
}
