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
/* Line and column (characters, 1-based) of the first occurrence of needle
 * in text; the test fails if there is none. */
void pos_of(const char *text, const char *needle, unsigned *line, unsigned *col);
/* The same for a pointer into text. */
void pos_at(const char *text, const char *at, unsigned *line, unsigned *col);
/* Number of findings of rule at line:col. */
size_t count_rule_at(const mcl_result *r, const char *rule, unsigned line, unsigned col);
/* Asserts exactly one finding of rule in all, at the first occurrence of
 * needle in text. */
#define ck_assert_diag_at_text(r, rule, text, needle)                                    \
  do {                                                                                 \
    unsigned l_, c_;                                                                   \
    pos_of((text), (needle), &l_, &c_);                                                \
    ck_assert_msg(count_rule((r), (rule)) == 1, "%s: %zu findings\n%s", (rule),         \
                  count_rule((r), (rule)), dump_diags(r));                              \
    ck_assert_msg(count_rule_at((r), (rule), l_, c_) == 1, "%s not at %u:%u\n%s", (rule), \
                  l_, c_, dump_diags(r));                                               \
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
Suite *vpn_suite(void);
Suite *payload_suite(void);
Suite *secrets_suite(void);
Suite *config_suite(void);
Suite *suppress_suite(void);
Suite *policy_suite(void);
Suite *coverage_suite(void);

#endif
