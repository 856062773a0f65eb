/* schema_facts.h: the schema checker's violations (schema/check.h) for the
 * schema rules (MC3xx), and the wording they share. Not a rule itself. */
#ifndef MCL_SCHEMA_FACTS_H
#define MCL_SCHEMA_FACTS_H

#include "rules/rule.h"
#include "schema/check.h"

/* The profile's violations, found once per input by whichever schema rule
 * asks first (so that none is found when every schema rule is off). */
const mcl_violations *mcl_schema_violations(mcl_ctx *ctx);

/* "iOS, macOS and tvOS": the platforms of a violation. */
const char *mcl_violation_platforms(mcl_ctx *ctx, const mcl_violation *f);
/* "iOS 17.0 and macOS 14.0": each platform with its version. */
const char *mcl_violation_versions(mcl_ctx *ctx, const mcl_violation *f);
/* A finding that holds on only some of several targeted platforms is a
 * warning at most: the profile still works where it is meant to. */
void mcl_cap_partial(mcl_diag *d, const mcl_violation *f);

#endif
