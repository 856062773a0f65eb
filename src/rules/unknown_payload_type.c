/* unknown-payload-type: a PayloadType the schema does not know (or whose
 * schema failed to load), from the schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind == MCL_SV_BROKEN_SCHEMA) {
      /* Never with the tested embedded schemas; said loudly if it happens. */
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_unknown_payload_type, f->pos, f->path,
                             "the schema of %s could not be loaded, so this payload is not "
                             "checked: %s%s",
                             f->key, f->detail, mcl_violation_source(ctx, f));
      if (d) d->severity = MCL_ERROR;
    }
    if (f->kind == MCL_SV_BROKEN_MANIFEST) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_unknown_payload_type, f->pos, f->path,
                             "the manifest of %s cannot be used, so %s is not checked: %s%s",
                             f->key, f->subject, f->detail, mcl_violation_source(ctx, f));
      mcl_hint(ctx, d, "correct or remove the manifest file");
    }
    if (f->kind == MCL_SV_BROKEN_MANIFEST_KEY) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_unknown_payload_type, f->pos, f->path,
                             "the manifest's entry of '%s' cannot be used, so it is not "
                             "checked: %s%s",
                             f->key, f->detail, mcl_violation_source(ctx, f));
      mcl_hint(ctx, d, "correct or remove the manifest file");
    }
    if (f->kind != MCL_SV_UNKNOWN_TYPE) continue;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_unknown_payload_type, f->pos, f->path,
                           "unknown PayloadType '%s'%s%s", f->key,
                           f->suggestion ? "" : ": not a payload type of Apple's schema",
                           mcl_violation_source(ctx, f));
    if (!d) continue;
    unsigned targets = ctx->opts->platforms;
    if (f->suggestion) {
      mcl_hint(ctx, d, "did you mean '%s'?%s", f->suggestion,
               f->exact_case ? " (payload types are case-sensitive)" : "");
    } else if (!targets || (targets & MCL_PLATFORM_MACOS)) {
      /* Nothing close: most likely a custom preference domain, which macOS
       * accepts; tell, but do not warn. */
      if (d->severity > MCL_INFO) d->severity = MCL_INFO;
      mcl_hint(ctx, d, "fine if it is a preference domain for macOS (custom settings)");
    }
  }
}

const mcl_rule mcl_rule_unknown_payload_type = {
    MCL_RULE_IDENTITY(unknown_payload_type), .name = "unknown-payload-type", .severity = MCL_WARNING,
    .flags = 0,
    .summary = "A payload's PayloadType is not a payload type of Apple's schema",
    .explanation =
        "A payload whose PayloadType the device does not know is refused (iOS) or, on "
        "macOS, taken as the preference domain of that name, which is how custom "
        "settings are delivered. A misspelt type such as com.apple.wifi.manged "
        "therefore fails, or silently writes preferences nobody reads."
        "\n\n"
        "When a known type is close (a case difference or a small edit), the finding is "
        "a warning with the suggestion. So is an invented com.apple.* type: the prefix "
        "written twice (com.apple.com.apple.ShareKitHelper), or a name that a real "
        "type's name holds whole (com.apple.contentfilter in "
        "com.apple.webcontent-filter; of several such types, the one that defines most "
        "of the payload's keys). Other com.apple.* names are left alone, since macOS "
        "reads many real preference domains that way (com.apple.Terminal). When nothing is close it is most likely a "
        "custom preference domain: the finding is then only informational, unless the "
        "target (--platform) leaves out macOS. Only the common payload keys of such a "
        "payload are checked. A few types that Apple ships in its own signed profiles "
        "without documenting them (com.apple.defaults.managed in Apple's logging "
        "profiles) are not reported. (Should a payload schema itself fail to load, which the "
        "build's tests rule out for the embedded ones, this rule says so as an error.)"
        "\n\n"
        "Where the schema of a payload comes from, first match wins: a --schema-dir "
        "schema, then Apple's schema compiled into mclint, then a ProfileManifests "
        "manifest from --manifests (found by its pfm_domain). An Apple payload type is "
        "never checked against a manifest. With a manifest, third-party payloads and "
        "each preference domain of a custom settings payload (Forced, Set-Once, Often) "
        "get the same schema rules, and each such finding ends with \"(per the DOMAIN "
        "manifest)\"; the common Payload keys stay Apple's. A manifest that cannot be "
        "read is reported here, with its file and line, instead of the unknown type, "
        "and is not used (docs/manifests.md).",
    .bad = "<key>PayloadType</key>\n<string>com.apple.wifi.manged</string>",
    .good = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>",
    .check = check,
};
