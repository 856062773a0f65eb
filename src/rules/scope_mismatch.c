/* scope-mismatch: a payload or key that macOS takes only in the other
 * profile scope than the profile's PayloadScope, from the schema
 * checker's facts (Apple's device-channel and user-channel, a manifest's
 * pfm_targets). */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_WRONG_SCOPE) continue;
    bool system = !strcmp(f->detail, "System");
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_scope_mismatch, f->pos, f->path,
                           "%s is taken only in a %s profile on macOS, and this profile's "
                           "PayloadScope is '%s'%s",
                           f->subject, system ? "User" : "System", f->detail,
                           mcl_violation_source(ctx, f));
    if (!d) continue;
    d->hint = system ? "move it to a profile with PayloadScope User (the user channel)"
                     : "move it to a profile with PayloadScope System (the device channel)";
    /* A manifest's pfm_targets say where its editors expect the setting,
     * not what macOS enforces: information only (see the explanation). */
    if (f->manifest && d->severity > MCL_INFO) d->severity = MCL_INFO;
  }
}

const mcl_rule mcl_rule_scope_mismatch = {
    MCL_RULE_IDENTITY(scope_mismatch), .name = "scope-mismatch", .severity = MCL_WARNING,
    .summary = "A payload or key that macOS takes only in the other profile scope",
    .explanation =
        "On macOS a profile is installed for the whole system or for one user: its "
        "PayloadScope (System or User), or the MDM channel it is sent on (device or user). "
        "Apple's schema says which scopes take each payload: accounts (Mail, CalDAV, "
        "CardDAV, Exchange Web Services, LDAP), web clips and the user screen saver only a "
        "user's; FileVault, kernel and system extension policies, Privacy Preferences Policy "
        "Control and many more only the system's. A manifest says the same with "
        "pfm_targets (user, system). A payload in a profile of the other scope is not "
        "installed."
        "\n\n"
        "A manifest's pfm_targets give what its editors found or expect, not what macOS "
        "enforces, and real profiles contradict some of them (Microsoft's samples set "
        "com.apple.NetworkBrowser in a User profile, which its manifest lists as system "
        "only): a mismatch with a manifest is reported as information."
        "\n\n"
        "Only a PayloadScope written in the profile is compared: without one, the scope "
        "comes from how the profile is installed, which the file does not say.",
    .bad = "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>Label</key><string>Intranet</string>\n"
           "      <key>URL</key><string>https://intranet.example.com</string>\n"
           "      <key>PayloadIdentifier</key><string>com.example.webclip</string>\n"
           "      <key>PayloadType</key><string>com.apple.webClip.managed</string>\n"
           "      <key>PayloadUUID</key><string>5B0C1E7A-3D2F-4A8B-9C6D-1E2F3A4B5C6D</string>\n"
           "      <key>PayloadVersion</key><integer>1</integer>\n"
           "    </dict>\n"
           "  </array>\n"
           "  <key>PayloadDisplayName</key><string>Intranet</string>\n"
           "  <key>PayloadIdentifier</key><string>com.example.profile</string>\n"
           "  <key>PayloadScope</key><string>System</string>\n"
           "  <key>PayloadType</key><string>Configuration</string>\n"
           "  <key>PayloadUUID</key><string>8E2D4C6A-1B3F-4E5D-A7C9-0B1D2F3E4A5C</string>\n"
           "  <key>PayloadVersion</key><integer>1</integer>\n"
           "</dict>\n",
    .good = "<dict>\n"
            "  <key>PayloadContent</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>Label</key><string>Intranet</string>\n"
            "      <key>URL</key><string>https://intranet.example.com</string>\n"
            "      <key>PayloadIdentifier</key><string>com.example.webclip</string>\n"
            "      <key>PayloadType</key><string>com.apple.webClip.managed</string>\n"
            "      <key>PayloadUUID</key><string>5B0C1E7A-3D2F-4A8B-9C6D-1E2F3A4B5C6D</string>\n"
            "      <key>PayloadVersion</key><integer>1</integer>\n"
            "    </dict>\n"
            "  </array>\n"
            "  <key>PayloadDisplayName</key><string>Intranet</string>\n"
            "  <key>PayloadIdentifier</key><string>com.example.profile</string>\n"
            "  <key>PayloadScope</key><string>User</string>\n"
            "  <key>PayloadType</key><string>Configuration</string>\n"
            "  <key>PayloadUUID</key><string>8E2D4C6A-1B3F-4E5D-A7C9-0B1D2F3E4A5C</string>\n"
            "  <key>PayloadVersion</key><integer>1</integer>\n"
            "</dict>\n",
    .check = check,
};
