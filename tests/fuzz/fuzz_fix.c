/* Arbitrary bytes through --fix: every safe fix the rules offer is applied
 * to the mutated profile, and the result must still parse and hold no
 * finding that the input did not have (compared by rule and key path:
 * positions and messages move with the repaired bytes). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mclint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int by_rule_path(const void *a, const void *b) {
  const mcl_diag *x = *(const mcl_diag *const *)a, *y = *(const mcl_diag *const *)b;
  int c = strcmp(mcl_rule_code(x->rule), mcl_rule_code(y->rule));
  return c ? c : strcmp(x->path, y->path);
}

static const mcl_diag **sorted(const mcl_result *r) {
  size_t n = mcl_result_diag_count(r);
  const mcl_diag **v = malloc((n + 1) * sizeof *v);
  if (!v) abort();
  for (size_t i = 0; i < n; i++) v[i] = mcl_result_diag(r, i);
  qsort(v, n, sizeof *v, by_rule_path);
  return v;
}

/* Every finding of after has one of its own in before (a multiset). */
static void no_new_findings(const mcl_result *before, const mcl_result *after) {
  size_t nb = mcl_result_diag_count(before), na = mcl_result_diag_count(after), i = 0;
  const mcl_diag **b = sorted(before), **a = sorted(after);
  for (size_t k = 0; k < na; k++) {
    while (i < nb && by_rule_path(&b[i], &a[k]) < 0) i++;
    if (i == nb || by_rule_path(&b[i], &a[k]) != 0) abort(); /* a new finding */
    i++;
  }
  free(a);
  free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mcl_linter *linter;
  if (!linter) {
    mcl_options *o = mcl_options_new();
    mcl_options_set(o, "platform", "ios,macos", NULL);
    linter = mcl_linter_new(o, NULL);
    mcl_options_free(o);
  }
  mcl_fix_outcome out;
  mcl_fix_memory(linter, "fuzz.mobileconfig", data, size, 0, &out);
  if (out.applied) {
    mcl_result *again = mcl_lint_memory(linter, "fuzz.mobileconfig", out.fixed, out.fixed_len);
    bool parses = true;
    for (size_t i = 0; i < mcl_result_diag_count(again); i++) {
      const char *cat = mcl_rule_category(mcl_result_diag(again, i)->rule);
      const char *name = mcl_rule_name(mcl_result_diag(again, i)->rule);
      if (!strcmp(cat, "parse") && (!strcmp(name, "malformed-xml") || !strcmp(name, "not-a-plist")))
        parses = false;
    }
    if (!parses) abort();
    no_new_findings(out.original, again);
    mcl_result_free(again);
  }
  mcl_fix_outcome_free(&out);
  return 0;
}
