/* harness.h: helpers shared by the unit test suites. */
#ifndef MCL_TEST_HARNESS_H
#define MCL_TEST_HARNESS_H

#include <check.h>
#include <stddef.h>

#include "mclint.h"

/* Lints text with the given settings ("name=value" pairs, NULL-ended). */
mcl_result *lint_text(const char *text, const char *const *settings);
mcl_result *lint_bytes(const void *data, size_t len);
/* Number of findings of a rule; and the first one, or NULL. */
size_t count_rule(const mcl_result *r, const char *rule);
const mcl_diag *find_rule(const mcl_result *r, const char *rule);
/* Asserts exactly one finding of rule at line:col. */
#define ck_assert_diag_at(r, rule, l, c)                                               \
  do {                                                                                 \
    ck_assert_uint_eq(count_rule((r), (rule)), 1);                                     \
    const mcl_diag *d_ = find_rule((r), (rule));                                       \
    ck_assert_uint_eq(d_->line, (l));                                                  \
    ck_assert_uint_eq(d_->col, (c));                                                   \
  } while (0)
/* A whole profile around one payload dict body. */
char *profile_with_payload(const char *payload_body);
const char *dump_diags(const mcl_result *r);

Suite *parser_suite(void);
Suite *envelope_suite(void);
Suite *options_suite(void);
Suite *scalar_suite(void);
Suite *report_suite(void);
Suite *container_suite(void);
Suite *schema_suite(void);

#endif
