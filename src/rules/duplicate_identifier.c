#include <string.h>

#include "rules/rule.h"

static void check(mcl_ctx *ctx) {
  const mcl_profile *p = &ctx->profile;
  for (size_t j = 1; j < p->payload_count; j++) {
    const mcl_value *b = mcl_dict_get_type(p->payloads[j].dict, "PayloadIdentifier", MCL_T_STRING);
    if (!b || !b->u.str.len) continue;
    /* One placeholder in two identifiers ({{id}}, com.example.{{name}}) is a
     * duplicate once filled in with one value; a warning, since a template
     * may fill each differently, and none for a generator. */
    bool placeholder = mcl_has_template_marker(b->u.str.s);
    if (placeholder && mcl_placeholder_generates(b->u.str.s)) continue;
    for (size_t i = 0; i < j; i++) {
      const mcl_value *a = mcl_dict_get_type(p->payloads[i].dict, "PayloadIdentifier", MCL_T_STRING);
      if (!a || strcmp(a->u.str.s, b->u.str.s) != 0) continue;
      const char *path = mcl_path_key(ctx->arena, p->payloads[j].path, "PayloadIdentifier");
      if (!placeholder) {
        mcl_emit(ctx, &mcl_rule_duplicate_identifier, b->pos, path,
                 "PayloadIdentifier '%s' is also used by %s (line %u)", b->u.str.s,
                 p->payloads[i].path, a->pos.line);
        break;
      }
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_duplicate_identifier, b->pos, path,
                             "PayloadIdentifier holds the placeholder '%s' of %s (line %u) too: "
                             "filled in with one value, the two are duplicates",
                             b->u.str.s, p->payloads[i].path, a->pos.line);
      if (d && d->severity > MCL_WARNING) d->severity = MCL_WARNING;
      mcl_hint(ctx, d, "give each payload its own identifier around the placeholder "
                       "(com.example.{{name}}.wifi, com.example.{{name}}.vpn)");
      break;
    }
  }
}

const mcl_rule mcl_rule_duplicate_identifier = {
    MCL_RULE_IDENTITY(duplicate_identifier), .name = "duplicate-identifier", .severity = MCL_ERROR,
    .summary = "Two payloads share a PayloadIdentifier",
    .explanation =
        "Apple requires each payload's PayloadIdentifier to be unique within the profile. "
        "Devices match payloads by identifier when a profile is replaced, so two payloads "
        "with one identifier can overwrite each other or be refused. The usual cause is a "
        "payload duplicated in an editor without renaming it.\n\n"
        "In a template source, one placeholder in two PayloadIdentifiers ({{id}} twice) is "
        "a warning: filled in with one value, they are duplicates. A generator (a call, "
        "{{ uuid() }}, or a random filter) gives each its own value and is not reported.",
    .bad = "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.settings</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.dock</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "    </dict>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.settings</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.finder</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E42</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "    </dict>\n"
           "  </array>\n"
           "  <key>PayloadDisplayName</key>\n"
           "  <string>Example</string>\n"
           "  <key>PayloadIdentifier</key>\n"
           "  <string>com.example.dock</string>\n"
           "  <key>PayloadType</key>\n"
           "  <string>Configuration</string>\n"
           "  <key>PayloadUUID</key>\n"
           "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
           "  <key>PayloadVersion</key>\n"
           "  <integer>1</integer>\n"
           "</dict>",
    .good = "<dict>\n"
            "  <key>PayloadContent</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>PayloadIdentifier</key>\n"
            "      <string>com.example.settings.dock</string>\n"
            "      <key>PayloadType</key>\n"
            "      <string>com.apple.dock</string>\n"
            "      <key>PayloadUUID</key>\n"
            "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
            "      <key>PayloadVersion</key>\n"
            "      <integer>1</integer>\n"
            "    </dict>\n"
            "    <dict>\n"
            "      <key>PayloadIdentifier</key>\n"
            "      <string>com.example.settings.finder</string>\n"
            "      <key>PayloadType</key>\n"
            "      <string>com.apple.finder</string>\n"
            "      <key>PayloadUUID</key>\n"
            "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E42</string>\n"
            "      <key>PayloadVersion</key>\n"
            "      <integer>1</integer>\n"
            "    </dict>\n"
            "  </array>\n"
            "  <key>PayloadDisplayName</key>\n"
            "  <string>Example</string>\n"
            "  <key>PayloadIdentifier</key>\n"
            "  <string>com.example.dock</string>\n"
            "  <key>PayloadType</key>\n"
            "  <string>Configuration</string>\n"
            "  <key>PayloadUUID</key>\n"
            "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
            "  <key>PayloadVersion</key>\n"
            "  <integer>1</integer>\n"
            "</dict>",
    .check = check,
};
