/* suppression.h: what the suppression pass (src/lint/suppress.c) found
 * wrong or unused in suppression comments, as facts; the two suppression
 * rules (invalid-suppression, unused-suppression) decide and word the
 * findings. */
#ifndef MCL_SUPPRESSION_H
#define MCL_SUPPRESSION_H

#include "rules/rule.h"

typedef enum {
  MCL_SF_UNKNOWN_DIRECTIVE, /* word: as written */
  MCL_SF_NO_RULE,           /* word: the directive names no rule */
  MCL_SF_UNKNOWN_RULE,      /* word, name; more: words follow it (a reason without colon?) */
  MCL_SF_PARSE_RULE,        /* word, rule: parse findings cannot be suppressed */
  MCL_SF_META_RULE,         /* word, rule: a suppression rule cannot be suppressed */
  MCL_SF_ENABLE_WITHOUT_DISABLE, /* rule */
  MCL_SF_UNUSED,            /* word: the directive; rule; scope: how far it reached */
} mcl_sf_kind;

typedef struct mcl_suppression_fact {
  mcl_sf_kind kind;
  mcl_pos pos; /* of the comment */
  const char *word;
  const char *name;
  const mcl_rule *rule;
  const char *scope; /* "on the next line", "in its region", "in this file" */
  bool more;
} mcl_suppression_fact;

typedef struct mcl_suppression_facts {
  mcl_suppression_fact *items;
  size_t count, cap;
} mcl_suppression_facts;

/* Findings for the facts, once the suppression pass is over (so that they
 * are never suppressed themselves). */
void mcl_report_invalid_suppressions(mcl_ctx *ctx, const mcl_suppression_facts *facts);
void mcl_report_unused_suppressions(mcl_ctx *ctx, const mcl_suppression_facts *facts);

#endif
