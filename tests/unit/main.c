#include <stdlib.h>

#include "harness.h"

int main(void) {
  SRunner *sr = srunner_create(parser_suite());
  srunner_add_suite(sr, envelope_suite());
  srunner_add_suite(sr, options_suite());
  srunner_add_suite(sr, scalar_suite());
  srunner_add_suite(sr, report_suite());
  srunner_add_suite(sr, container_suite());
  srunner_add_suite(sr, schema_suite());
  srunner_add_suite(sr, vpn_suite());
  srunner_add_suite(sr, payload_suite());
  srunner_add_suite(sr, secrets_suite());
  srunner_add_suite(sr, config_suite());
  srunner_add_suite(sr, suppress_suite());
  srunner_add_suite(sr, policy_suite());
  srunner_add_suite(sr, coverage_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
