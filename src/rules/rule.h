/* rule.h: what a rule is, and what a rule's check may use.
 *
 * A rule lives in one file: its metadata (code, name, severity, summary,
 * explanation, a bad and a good example) next to its check. The registry
 * (rules.def) is only a list. Rules whose findings come from a reader or the
 * schema walker have no check function; their metadata still lives here. */
#ifndef MCL_RULE_H
#define MCL_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/options.h"
#include "mclint.h"
#include "plist/doc.h"

enum {
  /* The rule's outcome depends on --platform, --min-os or supervision. */
  MCL_RULE_TARGETED = 1u << 0,
  /* Reported while reading the input: inline suppression cannot hide it. */
  MCL_RULE_PARSE = 1u << 1,
  /* Findings are about what wraps the property list (a CMS signature), not
   * a place in it: they set mcl_diag.container. */
  MCL_RULE_CONTAINER = 1u << 2,
};

typedef struct mcl_ctx mcl_ctx;

struct mcl_rule {
  const char *code;     /* stable: never reused, never renumbered */
  const char *name;     /* kebab-case, stable */
  const char *category; /* "parse", "envelope", "schema", "vpn", ... */
  mcl_severity severity;
  unsigned flags;
  const char *summary;     /* one line, no trailing period */
  const char *explanation; /* paragraphs separated by blank lines */
  const char *bad;         /* minimal plist fragment that triggers it */
  const char *good;        /* the same fragment, fixed */
  void (*check)(mcl_ctx *ctx);
  /* NULL, or whether the rule can report anything with these options (a
   * policy rule without its setting cannot); a suppression of a rule that
   * cannot is not reported as unused. */
  bool (*applies)(const mcl_options *opts);
  /* Generic rules this one refines: a finding of this rule removes theirs
   * at the same position and key path, so one mistake is reported once,
   * by the rule with the most specific message. */
  const mcl_rule *supersedes[4];
};

typedef struct mcl_payload {
  const mcl_value *dict;
  size_t index;     /* in PayloadContent */
  const char *type; /* PayloadType, or NULL when absent or not a string */
  const char *path; /* "PayloadContent[3]" */
} mcl_payload;

typedef struct mcl_profile {
  const mcl_value *root;    /* the top-level dict, or NULL */
  const mcl_value *content; /* PayloadContent when it is an array, else NULL */
  mcl_payload *payloads;    /* every dict item of PayloadContent */
  size_t payload_count;
} mcl_profile;

struct mcl_linter;

struct mcl_ctx {
  const mcl_options *opts;
  struct mcl_linter *linter;
  mcl_arena *arena; /* lives as long as the result */
  mcl_doc *doc;
  mcl_profile profile;
  mcl_diag **diags;
  size_t diag_count, diag_cap;
  /* Certificate payloads decoded once for all the rules that look at them
   * (rules/cert.c): opening a PKCS#12 file is costly by design. */
  struct mcl_cert_cache *cert_cache;
  struct mcl_deferred *deferred; /* see mcl_ctx_defer */
  /* From the schema check: values a manifest calls secret (masked in shown
   * source like those of secret keys), and the manifest files used. */
  const mcl_value **secrets;
  size_t secret_count, secret_cap;
  const char **manifests;
  size_t manifest_count, manifest_cap;
};

/* Calls fn(arg) once every rule has run on this input: for what a rule
 * shares with others outside the arena (decoded certificates). */
void mcl_ctx_defer(mcl_ctx *ctx, void (*fn)(void *), void *arg);
void mcl_ctx_add_secret(mcl_ctx *ctx, const mcl_value *v);
/* Records a manifest file (or list of files) used; each once. */
void mcl_ctx_add_manifest(mcl_ctx *ctx, const char *files);

/* Records a finding unless the rule is off. Returns it (to add a hint), or
 * NULL when the rule is off. path may be NULL for "the whole document". */
mcl_diag *mcl_emit(mcl_ctx *ctx, const mcl_rule *rule, mcl_pos pos, const char *path,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void mcl_hint(mcl_ctx *ctx, mcl_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool mcl_rule_on(const mcl_ctx *ctx, const mcl_rule *rule);

/* Key paths: "a.b", "a[2]", and ["odd key"] for keys that are not plain. */
char *mcl_path_key(mcl_arena *arena, const char *base, const char *key);
char *mcl_path_index(mcl_arena *arena, const char *base, size_t index);

/* Secrets: keys whose values must never be printed (a wide net, for
 * masking). */
bool mcl_is_secret_key(const char *key);
/* Keys that plaintext-secret reports: those of Apple's schemas, and in
 * vendor settings (vendor = true) keys named like a password or secret.
 * Every such key is also an mcl_is_secret_key. */
bool mcl_is_plaintext_secret_key(const char *key, bool vendor);

/* Position of a dict entry's key, or of the dict itself when absent. */
mcl_pos mcl_key_pos(const mcl_value *dict, const char *key);

size_t mcl_rule_index(const mcl_rule *rule);

/* True when s holds a template placeholder (template-marker's patterns);
 * other rules leave such values to that rule instead of reporting twice. */
bool mcl_has_template_marker(const char *s);
/* A UUID-shaped placeholder such as all zeros or xxxxxxxx-... */
bool mcl_uuid_placeholder(const char *s);

/* Every rule of the registry, declared for the readers and for each other. */
#define MCL_RULE(id) extern const mcl_rule mcl_rule_##id;
#include "rules/rules.def"
#undef MCL_RULE

/* Index 0 is the profile's own dictionary (path ""), 1..n its payloads, so
 * that envelope rules treat them alike. False past the end. */
bool mcl_envelope_at(const mcl_ctx *ctx, size_t i, const mcl_value **dict, const char **path);

#endif
