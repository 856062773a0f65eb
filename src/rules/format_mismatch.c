/* format-mismatch: a string not of the form the schema gives, from the
 * schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

/* Apple's format patterns by what they describe: a message names the
 * format ("not a UUID"); the pattern itself is for --explain and the hint. */
static const struct {
  const char *pattern, *name;
} format_names[] = {
    {"^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}$", "a UUID"},
    {"^https://.*$", "an https:// URL"},
    {"^([0-9A-Fa-f]{2}:){5}([0-9A-Fa-f]{2})$", "a MAC address (six hex pairs with ':')"},
    {"^[0-9]{6}$", "six digits"},
};

static const char *format_name(const char *pattern) {
  for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
    if (!strcmp(format_names[i].pattern, pattern)) return format_names[i].name;
  return NULL;
}

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_FORMAT) continue;
    const mcl_value *v = f->value;
    /* An empty optional value is an unset key (Apple's own examples leave
     * PayloadCertificateUUID ''); a switch that needs the value on is
     * missing-dependent-key's. */
    if (v->u.str.len == 0 && !f->node->required) continue;
    if (mcl_has_template_marker(v->u.str.s)) continue; /* template-marker's */
    const char *format = f->node->format, *name = format_name(format);
    mcl_diag *d;
    if (f->secret)
      d = mcl_emit(ctx, &mcl_rule_format_mismatch, f->pos, f->path, "%s is not %s%s%s",
                   f->subject, name ? name : "of the form ", name ? "" : format,
                   mcl_violation_source(ctx, f));
    else
      d = mcl_emit(ctx, &mcl_rule_format_mismatch, f->pos, f->path, "%s is '%.*s%s', not %s%s%s",
                   f->subject, v->u.str.len > 80 ? 80 : (int)v->u.str.len, v->u.str.s,
                   v->u.str.len > 80 ? "..." : "", name ? name : "of the form ",
                   name ? "" : format, mcl_violation_source(ctx, f));
    if (name) mcl_hint(ctx, d, "the schema wants the whole value to match %s", format);
  }
}

const mcl_rule mcl_rule_format_mismatch = {
    MCL_RULE_IDENTITY(format_mismatch), .name = "format-mismatch", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "A string does not have the form the schema's pattern requires",
    .explanation =
        "A few keys have a format given as a regular expression: UUID-shaped "
        "references, https URLs, MAC addresses. The whole string must match it (the "
        "pattern is anchored at both ends). Values holding a template placeholder are "
        "left to template-marker, and values of secret keys are not printed.",
    .bad = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>\n<key>SSID_STR</key>\n<string>Office</string>\n<key>PayloadCertificateUUID</key>\n<string>my-cert</string>",
    .good = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>\n<key>SSID_STR</key>\n<string>Office</string>\n<key>PayloadCertificateUUID</key>\n<string>6F1D1C2B-3A4E-4F5A-8B6C-7D8E9F0A1B2C</string>",
    .check = check,
};
