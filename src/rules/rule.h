/* rule.h: what a rule is, and what a rule's check may use.
 *
 * A rule lives in one file: its metadata (the type is base/diag.h's:
 * name, severity, summary, explanation, a bad and a good example) next to
 * its check; its code and category come from its line in rules.def. Rules
 * that judge facts the readers, the schema checker or the suppression pass
 * recorded word their findings here too (see parse.c, container.c,
 * schema_facts.h, suppression.h). */
#ifndef MCL_RULE_H
#define MCL_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/options.h"
#include "base/util.h"
#include "mclint.h"
#include "plist/doc.h"
#include "plist/profile.h"

/* Each rule's index in the registry (rules.def order), its code and its
 * category, from rules.def. */
enum mcl_rule_id {
#define MCL_RULE(id, number, category) MCL_ID_##id,
#include "rules/rules.def"
#undef MCL_RULE
  MCL_RULE_COUNT
};
enum {
#define MCL_RULE(id, number, category) MCL_CATEGORY_OF_##id = MCL_CAT_##category,
#include "rules/rules.def"
#undef MCL_RULE
};
extern const char mcl_rule_codes[][8]; /* "MC101", by rule id */

/* The first fields of a rule's definition, all from its rules.def line:
 *   const mcl_rule mcl_rule_x = {MCL_RULE_IDENTITY(x), .name = "x", ...}; */
#define MCL_RULE_IDENTITY(id_)                                                                     \
  .id = MCL_ID_##id_, .code = mcl_rule_codes[MCL_ID_##id_],                                        \
  .category = (mcl_category)MCL_CATEGORY_OF_##id_

struct mcl_schema_set;
struct mcl_violations;
struct mcl_linter;

struct mcl_ctx {
  const mcl_options *opts;
  struct mcl_linter *linter;
  struct mcl_schema_set *schemas; /* the linter's, or NULL: no schema checks */
  const void *identifier_re;      /* pcre2_code of policy.identifier-pattern, or NULL */
  struct mcl_violations *schema_violations; /* see rules/schema_facts.h */
  mcl_arena *arena; /* lives as long as the result */
  mcl_doc *doc;
  mcl_profile profile;
  mcl_diag_list findings;
  /* Certificate payloads decoded once for all the rules that look at them
   * (rules/cert.c): opening a PKCS#12 file is costly by design. */
  struct mcl_cert_cache *cert_cache;
  /* What each VPN payload covers (rules/coverage.c), for the policy rule
   * and the audit; computed on first use. */
  struct mcl_vpn_covers *vpn_covers;
  struct mcl_deferred *deferred; /* see mcl_ctx_defer */
  /* The run compares files (lint/run.c): the rules across files
   * (MCL_RULE_ACROSS) can report, so suppressing them can be used. */
  bool compares_files;
  /* From the schema check (rules/schema_facts.h): values a manifest calls
   * secret (masked in shown source like those of secret keys), and the
   * manifest files used. */
  const mcl_value **secrets;
  size_t secret_count;
  const char **manifests;
  size_t manifest_count;
};

/* Calls fn(arg) once every rule has run on this input: for what a rule
 * shares with others outside the arena (decoded certificates). */
void mcl_ctx_defer(mcl_ctx *ctx, void (*fn)(void *), void *arg);

/* Records a finding unless the rule is off. Returns it (to add a hint), or
 * NULL when the rule is off. path may be NULL for "the whole document". */
mcl_diag *mcl_emit(mcl_ctx *ctx, const mcl_rule *rule, mcl_pos pos, const char *path,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void mcl_hint(mcl_ctx *ctx, mcl_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool mcl_rule_on(const mcl_ctx *ctx, const mcl_rule *rule);

/* Fixes, recorded on a finding d (which may be NULL) of a rule that declares
 * one. Each does nothing when the document has no byte ranges (binary) or
 * the value's range is unknown. */
/* Replace the whole element of v with xml, e.g. "<integer>1</integer>". */
void mcl_fix_value(mcl_ctx *ctx, mcl_diag *d, const mcl_value *v, const char *xml);
/* Replace the string v (a PayloadUUID) with a fresh UUID. */
void mcl_fix_new_uuid(mcl_ctx *ctx, mcl_diag *d, const mcl_value *v);
/* Rename the key of entry e to name. */
void mcl_fix_rename_key(mcl_ctx *ctx, mcl_diag *d, const mcl_entry *e, const char *name);
/* Add key with the value xml as the last entry of dict. */
void mcl_fix_add_entry(mcl_ctx *ctx, mcl_diag *d, const mcl_value *dict, const char *key,
                       const char *xml);
/* Delete text bytes [start, end). */
void mcl_fix_delete(mcl_ctx *ctx, mcl_diag *d, size_t start, size_t end);


/* Keys that plaintext-secret reports: those of Apple's schemas, and in
 * vendor settings (vendor = true) keys named like a password or secret.
 * Every such key is also an mcl_is_secret_key. */
bool mcl_is_plaintext_secret_key(const char *key, bool vendor);
/* A secret inside configuration text (rules/plaintext_secret.c): a line
 * "Name = value" whose Name is a vendor secret's (WireGuard's PrivateKey
 * in a WgQuickConfig, an INI file's Password), or a URL that carries a
 * password (scheme://user:password@host). Placeholders are none. */
typedef struct {
  size_t offset;    /* of the line or URL in the text */
  const char *what; /* "PrivateKey" (the line's name, up to 40 bytes) or "a URL's password" */
  char name[41];
} mcl_text_secret;
bool mcl_find_text_secret(const char *s, size_t len, mcl_text_secret *out);


/* The rule's index in the registry (rule->id), or (size_t)-1 for a rule
 * that is not in it. O(1). */
size_t mcl_rule_index(const mcl_rule *rule);
/* The identifier of the rule at index in rules.def ("malformed_xml"). */
const char *mcl_rule_identifier(size_t index);

/* Findings for what the readers recorded in ctx->doc (rules/parse.c). */
void mcl_report_problems(mcl_ctx *ctx);
/* A reader's problem whose text is a template placeholder, worded as
 * template-marker (rules/template_marker.c): true when it was; block_said
 * keeps a template block to one finding per file. */
bool mcl_report_template_problem(mcl_ctx *ctx, const mcl_problem *p, bool *block_said);
/* Findings about what wraps the property list (rules/container.c). */
void mcl_report_container(mcl_ctx *ctx);

/* True when s holds a template placeholder (template-marker's patterns);
 * other rules leave such values to that rule instead of reporting twice. */
bool mcl_has_template_marker(const char *s);
/* A placeholder that makes a new value each time it is filled in: a call
 * ({{ uuid() }}, $(uuidgen)) or a random filter ({{ 9 | random | to_uuid }}).
 * Two fields holding one such placeholder do not end up equal. */
bool mcl_placeholder_generates(const char *s);
/* Whether a key of an Apple payload names another payload by its
 * PayloadUUID: 0 no, 1 a single UUID, 2 an array of them (Apple's schemas:
 * PayloadCertificateUUID, PayloadCertificateAnchorUUID, ...). */
int mcl_uuid_reference_kind(const char *key);
/* A UUID-shaped placeholder such as all zeros or xxxxxxxx-... */
bool mcl_uuid_placeholder(const char *s);

/* Every rule of the registry, declared for the readers and for each other. */
#define MCL_RULE(id, number, category) extern const mcl_rule mcl_rule_##id;
#include "rules/rules.def"
#undef MCL_RULE

/* Index 0 is the profile's own dictionary (path ""), 1..n its payloads, so
 * that envelope rules treat them alike. False past the end. */
bool mcl_envelope_at(const mcl_ctx *ctx, size_t i, const mcl_value **dict, const char **path);

#endif
