/* schema_facts.h: the schema checker's violations (schema/check.h) for the
 * schema rules (MC3xx), and the wording they share. Not a rule itself. */
#ifndef MCL_SCHEMA_FACTS_H
#define MCL_SCHEMA_FACTS_H

#include "rules/rule.h"
#include "schema/check.h"

/* The profile's violations, found once per input by whichever schema rule
 * asks first (so that none is found when every schema rule is off). Also
 * gives ctx the manifests used (ctx->manifests, for the audit) and the
 * values a manifest calls secret (ctx->secrets, masked in shown source). */
const mcl_violations *mcl_schema_violations(mcl_ctx *ctx);

/* " (per the DOMAIN manifest)" when a ProfileManifests manifest was the
 * schema of the violation, else "": every schema finding ends with it. */
const char *mcl_violation_source(mcl_ctx *ctx, const mcl_violation *f);
/* An MCL_SV_SECRET_VALUE that plaintext-secret reports and shown source
 * masks: not a key that rule reports by its name already, nor a template
 * placeholder (template-marker's). */
bool mcl_manifest_secret(const mcl_violation *f);

/* "iOS, macOS and tvOS": the platforms of a violation. */
const char *mcl_violation_platforms(mcl_ctx *ctx, const mcl_violation *f);
/* "iOS 17.0 and macOS 14.0": each platform with its version. */
const char *mcl_violation_versions(mcl_ctx *ctx, const mcl_violation *f);
/* A finding that holds on only some of several targeted platforms is a
 * warning at most: the profile still works where it is meant to. */
void mcl_cap_partial(mcl_diag *d, const mcl_violation *f);
/* The fix of a 0/1 <integer> where the schema says boolean (<true/> or
 * <false/>), or of <true/>/<false/> where it says integer: the same truth
 * value in the schema's type, which devices read alike. */
void mcl_fix_bool_int(mcl_ctx *ctx, mcl_diag *d, const mcl_value *v);

#endif
