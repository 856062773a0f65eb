/* across.c: the rules across files (MC550-MC554): which rule an entry of a
 * file's index belongs to, which settings merge, and the findings' words
 * (see across.h; the comparison is lint/run.c's). */
#include "rules/across.h"

#include <string.h>

const mcl_rule *mcl_xkind_rule(mcl_xkind kind) {
  static const mcl_rule *const rules[MCL_X_KINDS] = {
      [MCL_X_PROFILE_ID] = &mcl_rule_profile_identifier_collision,
      [MCL_X_UUID] = &mcl_rule_payload_uuid_collision,
      [MCL_X_PAYLOAD_ID] = &mcl_rule_payload_identifier_collision,
      [MCL_X_SINGLE] = &mcl_rule_single_payload_collision,
      [MCL_X_VALUE] = &mcl_rule_conflicting_setting,
  };
  return (unsigned)kind < MCL_X_KINDS ? rules[kind] : NULL;
}

static const char *const merging_types[] = {
    "com.apple.applicationaccess",
    "com.apple.applicationaccess.new",
};

bool mcl_merging_type(const char *type) {
  for (size_t i = 0; i < sizeof merging_types / sizeof merging_types[0]; i++)
    if (!strcmp(type, merging_types[i])) return true;
  return false;
}

bool mcl_setting_merges(const char *key, const mcl_value *v) {
  if (v->type == MCL_T_BOOL || v->type == MCL_T_ARRAY) return true;
  return v->type == MCL_T_INTEGER && !strncmp(key, "rating", 6);
}

void mcl_word_collision(mcl_diag *d, mcl_arena *a, const mcl_collision *c) {
  switch (c->kind) {
  case MCL_X_PROFILE_ID:
    d->message = mcl_arena_printf(a, "PayloadIdentifier '%s' is also the identifier of %s: "
                                  "installing one profile removes the other", c->label, c->where);
    d->hint = "give each profile its own PayloadIdentifier";
    break;
  case MCL_X_UUID:
    d->message = mcl_arena_printf(a, "PayloadUUID %s is also used in %s", c->label, c->where);
    d->hint = "give this payload a new UUID (uuidgen)";
    break;
  case MCL_X_PAYLOAD_ID:
    d->message = mcl_arena_printf(a, "payload identifier '%s' is also used in %s", c->label,
                                  c->where);
    d->hint = "give each payload an identifier of its own, e.g. under its profile's";
    break;
  case MCL_X_SINGLE:
    d->message = mcl_arena_printf(a, "a device may hold only one %s payload, and there is "
                                  "one in %s too", c->label, c->where);
    d->hint = "merge the two payloads into one profile, or send the profiles to different "
              "devices ([groups] in .mclint.toml)";
    break;
  case MCL_X_VALUE:
    if (c->others == 1 && c->shown && c->other_shown)
      d->message = mcl_arena_printf(a, "%s is %s here but %s in %s: which one a device applies "
                                    "is not defined", c->label, c->shown, c->other_shown,
                                    c->where);
    else
      d->message = mcl_arena_printf(a, "%s is set here and to a different value in %s: which "
                                    "one a device applies is not defined", c->label, c->where);
    d->hint = "manage the setting in one profile, or send the profiles to different devices "
              "([groups] in .mclint.toml)";
    break;
  case MCL_X_KINDS:
    break;
  }
}
