/* Arbitrary bytes as a configuration file (.mclint.toml): the TOML subset
 * parser and every setting's value checks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lint/settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mcl_options *o = mcl_options_new();
  char *err = NULL;
  if (mcl_options_load_text(o, "/fuzz/.mclint.toml", (const char *)data, size, &err) == 0) {
    mcl_linter *l = mcl_linter_new(o, NULL); /* compiles the policy pattern */
    mcl_linter_free(l);
  }
  free(err);
  mcl_options_free(o);
  return 0;
}
