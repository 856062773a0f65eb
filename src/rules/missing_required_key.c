/* missing-required-key: a key the schema requires is absent, from the
 * schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_MISSING_KEY) continue;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_missing_required_key, f->pos, f->path,
                           "%s has no '%s', which is required%s%s%s", f->subject, f->key,
                           f->condition ? " when " : "", f->condition ? f->condition : "",
                           mcl_violation_source(ctx, f));
    mcl_stype t = f->node->type;
    if (t != MCL_S_ANY && t != MCL_S_ARRAY && t != MCL_S_DICT)
      mcl_hint(ctx, d, "add <key>%s</key> with a %s value", f->key, mcl_type_element(f->want));
    /* A manifest's editors also use conditions to show a key, not only to
     * demand it. */
    if (d && f->condition && d->severity > MCL_WARNING) d->severity = MCL_WARNING;
  }
}

const mcl_rule mcl_rule_missing_required_key = {
    MCL_RULE_IDENTITY(missing_required_key), .name = "missing-required-key", .severity = MCL_ERROR,
    .flags = MCL_RULE_ABSENCE,
    .summary = "A key the schema requires is missing",
    .explanation =
        "Apple's schema marks some keys as required: a Wi-Fi payload without SSID_STR, "
        "or a VPN dictionary without RemoteAddress, is refused or cannot work. Nested "
        "dictionaries are checked too. A key required only on some platforms counts "
        "where it exists: without --platform it is reported only when it is required on "
        "every platform where the dictionary exists."
        "\n\n"
        "The four envelope keys (PayloadIdentifier, PayloadUUID, PayloadType, "
        "PayloadVersion) and PayloadContent are left to missing-common-key and "
        "payload-content.",
    .bad = "<key>PayloadType</key>\n<string>com.apple.webClip.managed</string>\n<key>Label</key>\n<string>Intranet</string>",
    .good = "<key>PayloadType</key>\n<string>com.apple.webClip.managed</string>\n<key>Label</key>\n<string>Intranet</string>\n<key>URL</key>\n<string>https://intranet.example.com</string>",
    .check = check,
};
