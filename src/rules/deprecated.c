/* deprecated: a payload or key deprecated, or removed after the minimum
 * OS, from the schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  mcl_osver min_os = ctx->opts->min_os;
  char minimum[32] = "";
  if (min_os) mcl_version_format(min_os, minimum, sizeof minimum);
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind == MCL_SV_REMOVED_LATER)
      mcl_emit(ctx, &mcl_rule_deprecated, f->pos, f->path,
               "%s was removed in %s%s%s: devices from that release on ignore it%s", f->subject,
               mcl_violation_versions(ctx, f), min_os ? ", after the minimum OS " : "", minimum,
               mcl_violation_source(ctx, f));
    else if (f->kind == MCL_SV_DEPRECATED)
      mcl_emit(ctx, &mcl_rule_deprecated, f->pos, f->path, "%s is deprecated since %s%s",
               f->subject, mcl_violation_versions(ctx, f), mcl_violation_source(ctx, f));
    else if (f->kind == MCL_SV_APP_DEPRECATED) {
      /* Information: mclint does not know the app's version. */
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_deprecated, f->pos, f->path,
                             "%s is deprecated since version %s of the app%s", f->subject,
                             f->detail, mcl_violation_source(ctx, f));
      if (d && d->severity > MCL_INFO) d->severity = MCL_INFO;
    }
  }
}

const mcl_rule mcl_rule_deprecated = {
    MCL_RULE_IDENTITY(deprecated), .name = "deprecated", .severity = MCL_WARNING,
    .flags = MCL_RULE_TARGETED,
    .summary = "A payload or key is deprecated, or removed in a release after the minimum OS",
    .explanation =
        "Apple deprecates keys before it removes them; a deprecated key still works but "
        "should be replaced. A key removed in a release newer than --min-os (or removed "
        "at all, when no --min-os is given) works on older devices only, and newer ones "
        "ignore it; removals at or before --min-os are the rule removed's errors."
        "\n\n"
        "How the target matters: with --min-os it reports deprecations at or "
        "before it; without --min-os every deprecation on a targeted platform counts; "
        "without --platform only what is deprecated on every platform where it exists.",
    .bad = "<!-- mclint --platform macos -->\n"
           "<key>PayloadType</key>\n"
           "<string>com.apple.familycontrols.contentfilter</string>\n"
           "<key>filterWhitelist</key>\n"
           "<array>\n"
           "  <string>https://www.example.com</string>\n"
           "</array>",
    .good = "<!-- mclint --platform macos -->\n"
            "<key>PayloadType</key>\n"
            "<string>com.apple.familycontrols.contentfilter</string>\n"
            "<key>filterAllowList</key>\n"
            "<array>\n"
            "  <string>https://www.example.com</string>\n"
            "</array>",
    .check = check,
};
