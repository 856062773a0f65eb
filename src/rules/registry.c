#include <stdarg.h>
#include <string.h>

#include "base/util.h"
#include "rules/rule.h"

/* registry.c: the rules of rules.def, by id, name and code. */
static const mcl_rule *const registry[] = {
#define MCL_RULE(id, number, category) &mcl_rule_##id,
#include "rules/rules.def"
#undef MCL_RULE
};

const char mcl_rule_codes[][8] = {
#define MCL_RULE(id, number, category) "MC" #number,
#include "rules/rules.def"
#undef MCL_RULE
};

static const char *const identifiers[] = {
#define MCL_RULE(id, number, category) #id,
#include "rules/rules.def"
#undef MCL_RULE
};

/* Code number -> id + 1 (0: no such rule). A number given twice in
 * rules.def initialises one element twice, which -Woverride-init (part of
 * -Wextra) reports at build time. */
static const unsigned char by_number[1000] = {
#define MCL_RULE(id, number, category) [number] = MCL_ID_##id + 1,
#include "rules/rules.def"
#undef MCL_RULE
};

_Static_assert(MCL_RULE_COUNT < 255, "by_number holds ids in a byte");

const char *mcl_rule_identifier(size_t index) {
  return index < MCL_RULE_COUNT ? identifiers[index] : NULL;
}

#define REGISTRY_SIZE (sizeof registry / sizeof registry[0])

size_t mcl_rule_count(void) { return REGISTRY_SIZE; }

const mcl_rule *mcl_rule_at(size_t index) {
  return index < REGISTRY_SIZE ? registry[index] : NULL;
}

/* A code is looked up by its number; a name by a search of the registry
 * (names are looked up only while settings are read). */
const mcl_rule *mcl_rule_find(const char *name_or_code) {
  const char *s = name_or_code;
  if ((s[0] == 'M' || s[0] == 'm') && (s[1] == 'C' || s[1] == 'c') && strlen(s) == 5 &&
      strspn(s + 2, "0123456789") == 3) {
    unsigned id = by_number[(s[2] - '0') * 100 + (s[3] - '0') * 10 + (s[4] - '0')];
    return id ? registry[id - 1] : NULL;
  }
  for (size_t i = 0; i < REGISTRY_SIZE; i++)
    if (strcmp(registry[i]->name, name_or_code) == 0) return registry[i];
  return NULL;
}

size_t mcl_rule_index(const mcl_rule *rule) {
  return rule->id < REGISTRY_SIZE && registry[rule->id] == rule ? rule->id : (size_t)-1;
}

const char *mcl_rule_code(const mcl_rule *r) { return r->code; }
const char *mcl_rule_name(const mcl_rule *r) { return r->name; }
const char *mcl_rule_summary(const mcl_rule *r) { return r->summary; }
const char *mcl_rule_explanation(const mcl_rule *r) { return r->explanation; }
const char *mcl_rule_bad_example(const mcl_rule *r) { return r->bad; }
const char *mcl_rule_good_example(const mcl_rule *r) { return r->good; }
const char *mcl_rule_category(const mcl_rule *r) { return mcl_category_name(r->category); }
mcl_severity mcl_rule_default_severity(const mcl_rule *r) { return r->severity; }

const char *mcl_severity_name(mcl_severity s) {
  switch (s) {
  case MCL_ERROR: return "error";
  case MCL_WARNING: return "warning";
  case MCL_INFO: return "info";
  case MCL_OFF: return "off";
  }
  return "?";
}

/* ---- emitting, for the rules' checks (the engine is base/diag.h) ---- */

bool mcl_rule_on(const mcl_ctx *ctx, const mcl_rule *rule) {
  return mcl_rule_index(rule) != (size_t)-1 && mcl_diag_rule_on(&ctx->findings, rule);
}

mcl_diag *mcl_emit(mcl_ctx *ctx, const mcl_rule *rule, mcl_pos pos, const char *path,
                   const char *fmt, ...) {
  if (mcl_rule_index(rule) == (size_t)-1) return NULL;
  va_list ap;
  va_start(ap, fmt);
  mcl_diag *d = mcl_diag_vadd(&ctx->findings, rule, pos, path, fmt, ap);
  va_end(ap);
  return d;
}

void mcl_hint(mcl_ctx *ctx, mcl_diag *diag, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  mcl_diag_vhint(ctx->arena, diag, fmt, ap);
  va_end(ap);
}
