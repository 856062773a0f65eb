#include <string.h>

#include "rules/rule.h"
#include "base/util.h"

/* One template placeholder in two PayloadUUIDs: filled in with one value,
 * they become duplicates. A generator gives each its own value. A warning:
 * the template may fill each alike. */
static void same_placeholder(mcl_ctx *ctx, size_t j, const mcl_value *ub, const char *pb) {
  if (mcl_placeholder_generates(ub->u.str.s)) return;
  const mcl_value *a;
  const char *pa;
  for (size_t i = 0; i < j && mcl_envelope_at(ctx, i, &a, &pa); i++) {
    const mcl_value *ua = mcl_dict_get_type(a, "PayloadUUID", MCL_T_STRING);
    if (!ua || strcmp(ua->u.str.s, ub->u.str.s) != 0) continue;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_duplicate_uuid, ub->pos,
                           mcl_path_key(ctx->arena, pb, "PayloadUUID"),
                           "PayloadUUID holds the placeholder '%s' of %s (line %u) too: filled in "
                           "with one value, the two are duplicates",
                           ub->u.str.s, i == 0 ? "the profile itself" : pa, ua->pos.line);
    if (d && d->severity > MCL_WARNING) d->severity = MCL_WARNING;
    mcl_hint(ctx, d, "give each payload a placeholder of its own");
    return;
  }
}

static void check(mcl_ctx *ctx) {
  const mcl_value *a, *b;
  const char *pa, *pb;
  for (size_t j = 1; mcl_envelope_at(ctx, j, &b, &pb); j++) {
    const mcl_value *ub = mcl_dict_get_type(b, "PayloadUUID", MCL_T_STRING);
    if (!ub || !ub->u.str.len) continue;
    if (mcl_has_template_marker(ub->u.str.s)) {
      same_placeholder(ctx, j, ub, pb);
      continue;
    }
    for (size_t i = 0; i < j && mcl_envelope_at(ctx, i, &a, &pa); i++) {
      const mcl_value *ua = mcl_dict_get_type(a, "PayloadUUID", MCL_T_STRING);
      if (!ua || !mcl_streq_icase(ua->u.str.s, ub->u.str.s)) continue;
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_duplicate_uuid, ub->pos,
                             mcl_path_key(ctx->arena, pb, "PayloadUUID"),
                             "PayloadUUID '%s' is also used by %s (line %u)", ub->u.str.s,
                             i == 0 ? "the profile itself" : pa, ua->pos.line);
      /* The later one gets a new UUID; references keep naming the first. */
      mcl_fix_new_uuid(ctx, d, ub);
      break;
    }
  }
}

const mcl_rule mcl_rule_duplicate_uuid = {
    MCL_RULE_IDENTITY(duplicate_uuid), .name = "duplicate-uuid", .severity = MCL_ERROR,
    .summary = "Two payloads (or a payload and the profile) share a PayloadUUID",
    .explanation =
        "Each payload's PayloadUUID must be unique within the profile, and differ from the "
        "profile's own. Devices use it to match payloads when a profile is updated, and "
        "certificate references (PayloadCertificateUUID) point at it; a duplicate makes both "
        "ambiguous, and some devices refuse the profile. UUIDs compare without regard to "
        "case.\n\n"
        "In a template source, one placeholder in two PayloadUUIDs ({{uuid}} twice) is a "
        "warning: filled in with one value, they are duplicates. A generator call "
        "({{ uuid() }}, $(uuidgen)) is not reported.",
    .bad = "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.dock.left</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.dock</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "    </dict>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.finder</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.finder</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
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
            "      <string>com.example.dock.left</string>\n"
            "      <key>PayloadType</key>\n"
            "      <string>com.apple.dock</string>\n"
            "      <key>PayloadUUID</key>\n"
            "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
            "      <key>PayloadVersion</key>\n"
            "      <integer>1</integer>\n"
            "    </dict>\n"
            "    <dict>\n"
            "      <key>PayloadIdentifier</key>\n"
            "      <string>com.example.finder</string>\n"
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
    .fix = MCL_FIX_SAFE,
};
