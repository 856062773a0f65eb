#include <ctype.h>
#include <string.h>

#include "base/util.h"
#include "rules/rule.h"

/* The UUID shape with one repeated digit or letter (00000000-..., FFFF...,
 * xxxxxxxx-...) or a documentation sample (12345678-1234-1234-1234-...,
 * A1B2C3D4-E5F6-7890-ABCD-EF1234567890 and kin). */
bool mcl_uuid_placeholder(const char *s) {
  static const int groups[] = {8, 4, 4, 4, 12};
  char first = (char)toupper((unsigned char)*s);
  bool same = isxdigit((unsigned char)first) || first == 'X';
  const char *p = s;
  for (int g = 0; g < 5 && same; g++) {
    for (int i = 0; i < groups[g] && same; i++, p++) same = toupper((unsigned char)*p) == first;
    if (same && g < 4 && *p++ != '-') same = false;
  }
  if (same && *p == '\0') return true;
  /* Documentation samples, copied from one example into many profiles. */
  static const char *const samples[] = {
      "A1B2C3D4-E5F6-7890-ABCD-EF1234567890", "12345678-90AB-CDEF-1234-567890ABCDEF",
      "ABCDEF12-3456-7890-ABCD-EF1234567890", "01234567-89AB-CDEF-0123-456789ABCDEF",
  };
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
    if (mcl_streq_icase(s, samples[i])) return true;
  return strncmp(s, "12345678-1234-1234-1234-", 24) == 0 && mcl_uuid_well_formed(s);
}

static void check(mcl_ctx *ctx) {
  const mcl_value *dict;
  const char *base;
  for (size_t i = 0; mcl_envelope_at(ctx, i, &dict, &base); i++) {
    const mcl_value *v = mcl_dict_get_type(dict, "PayloadUUID", MCL_T_STRING);
    if (v && mcl_uuid_placeholder(v->u.str.s)) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_placeholder_uuid, v->pos,
                             mcl_path_key(ctx->arena, base, "PayloadUUID"),
                             "PayloadUUID %s is a placeholder, not a generated UUID", v->u.str.s);
      mcl_hint(ctx, d, "generate a fresh one with uuidgen");
      mcl_fix_new_uuid(ctx, d, v);
    }
  }
}

const mcl_rule mcl_rule_placeholder_uuid = {
    MCL_RULE_IDENTITY(placeholder_uuid), .name = "placeholder-uuid", .severity = MCL_WARNING,
    .summary = "PayloadUUID is a placeholder such as all zeros",
    .explanation =
        "A UUID of one repeated digit, or a documentation sample (12345678-1234-..., "
        "A1B2C3D4-E5F6-7890-ABCD-EF1234567890), is "
        "shared by every profile copied from the same example. Two profiles with the same "
        "PayloadIdentifier and PayloadUUID replace each other on a device.",
    .bad = "<key>PayloadUUID</key>\n<string>00000000-0000-0000-0000-000000000000</string>",
    .good = "<key>PayloadUUID</key>\n<string>9A0F3C5E-2B7D-4E61-8C3A-5D4F6E7A8B9C</string>",
    .check = check,
    .fix = MCL_FIX_SAFE,
};
