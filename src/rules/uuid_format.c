#include "base/util.h"
#include "rules/rule.h"

static void check(mcl_ctx *ctx) {
  const mcl_value *dict;
  const char *base;
  for (size_t i = 0; mcl_envelope_at(ctx, i, &dict, &base); i++) {
    const mcl_value *v = mcl_dict_get(dict, "PayloadUUID");
    const char *path = mcl_path_key(ctx->arena, base, "PayloadUUID");
    if (!v || v->invalid) continue;
    if (v->type != MCL_T_STRING) {
      mcl_emit(ctx, &mcl_rule_uuid_format, v->pos, path, "PayloadUUID is %s, not a <string>",
               mcl_type_element(v->type));
    } else if (v->u.str.len && !mcl_uuid_well_formed(v->u.str.s) &&
               !mcl_uuid_placeholder(v->u.str.s) && !mcl_has_template_marker(v->u.str.s)) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_uuid_format, v->pos, path,
                             "PayloadUUID '%s' is not a UUID (8-4-4-4-12 hexadecimal digits)",
                             v->u.str.s);
      mcl_hint(ctx, d, "generate one with uuidgen");
    }
  }
}

const mcl_rule mcl_rule_uuid_format = {
    MCL_RULE_IDENTITY(uuid_format), .name = "uuid-format", .severity = MCL_WARNING,
    .summary = "PayloadUUID is not a well-formed UUID",
    .explanation =
        "PayloadUUID identifies a profile or payload across updates: a device replaces an "
        "installed profile when a new one has the same PayloadIdentifier and PayloadUUID. "
        "Devices accept any string, but MDM servers, Apple Configurator and Apple Business "
        "Manager expect a UUID, and hand-made strings tend to collide between profiles.",
    .bad = "<key>PayloadUUID</key>\n<string>vpn-payload-1</string>",
    .good = "<key>PayloadUUID</key>\n<string>9A0F3C5E-2B7D-4E61-8C3A-5D4F6E7A8B9C</string>",
    .check = check,
};
