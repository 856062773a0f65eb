#include <string.h>

#include "base/util.h"
#include "rules/rule.h"

static const mcl_rule *const registry[] = {
#define MCL_RULE(id) &mcl_rule_##id,
#include "rules/rules.def"
#undef MCL_RULE
};

#define REGISTRY_SIZE (sizeof registry / sizeof registry[0])

size_t mcl_rule_count(void) { return REGISTRY_SIZE; }

const mcl_rule *mcl_rule_at(size_t index) {
  return index < REGISTRY_SIZE ? registry[index] : NULL;
}

const mcl_rule *mcl_rule_find(const char *name_or_code) {
  for (size_t i = 0; i < REGISTRY_SIZE; i++)
    if (strcmp(registry[i]->name, name_or_code) == 0 ||
        mcl_streq_icase(registry[i]->code, name_or_code))
      return registry[i];
  return NULL;
}

size_t mcl_rule_index(const mcl_rule *rule) {
  for (size_t i = 0; i < REGISTRY_SIZE; i++)
    if (registry[i] == rule) return i;
  return (size_t)-1;
}

const char *mcl_rule_code(const mcl_rule *r) { return r->code; }
const char *mcl_rule_name(const mcl_rule *r) { return r->name; }
const char *mcl_rule_summary(const mcl_rule *r) { return r->summary; }
const char *mcl_rule_explanation(const mcl_rule *r) { return r->explanation; }
const char *mcl_rule_bad_example(const mcl_rule *r) { return r->bad; }
const char *mcl_rule_good_example(const mcl_rule *r) { return r->good; }
const char *mcl_rule_category(const mcl_rule *r) { return r->category; }
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
