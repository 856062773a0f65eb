/* unknown-key: a key the schema does not define, from the schema
 * checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"
#include "schema/schema.h"

/* The type of the payload a key path lies in (the longest payload path
 * that starts it), or NULL. */
static const char *payload_type_at(const mcl_ctx *ctx, const char *path) {
  const mcl_payload *best = NULL;
  for (size_t i = 0; path && i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    size_t n = strlen(p->path);
    if (n && !strncmp(path, p->path, n) && (path[n] == '.' || path[n] == '[' || !path[n]) &&
        (!best || n > strlen(best->path)))
      best = p;
  }
  return best ? best->type : NULL;
}

/* The key paths of the PayloadContent nested in the PayloadContent of
 * each custom settings payload (com.apple.ManagedClient.preferences): the
 * keys there are preference domains that are never applied, which
 * mcx-preferences-structure reports once, at the nesting; a domain's name
 * is no unknown key. NULL-terminated; NULL when there is none to skip. */
static const char **nested_mcx_contents(mcl_ctx *ctx) {
  if (!mcl_rule_on(ctx, &mcl_rule_mcx_preferences_structure)) return NULL;
  const char **out = NULL;
  size_t n = 0;
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    if (!p->type || strcmp(p->type, "com.apple.ManagedClient.preferences") != 0) continue;
    if (!out) out = mcl_arena_alloc(ctx->arena, (ctx->profile.payload_count + 1) * sizeof *out);
    out[n++] = mcl_path_key(ctx->arena, mcl_path_key(ctx->arena, p->path, "PayloadContent"),
                            "PayloadContent");
    out[n] = NULL;
  }
  return out;
}

static bool under(const char *path, const char *const *prefixes) {
  for (size_t i = 0; path && prefixes && prefixes[i]; i++) {
    size_t n = strlen(prefixes[i]);
    if (!strncmp(path, prefixes[i], n) && (path[n] == '.' || path[n] == '[')) return true;
  }
  return false;
}

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  const char **nested = vs->count ? nested_mcx_contents(ctx) : NULL;
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind != MCL_SV_UNKNOWN_KEY || under(f->path, nested)) continue;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_unknown_key, f->pos, f->path, "unknown key '%s' in %s%s",
                           f->key, f->subject, mcl_violation_source(ctx, f));
    if (!d) continue;
    if (f->suggestion) {
      mcl_hint(ctx, d, "did you mean '%s'?", f->suggestion);
      /* Unsafe: only where one known key is the closest. */
      if (!f->suggestion_tied && f->entry) mcl_fix_rename_key(ctx, d, f->entry, f->suggestion);
    }
    else if (f->detail) /* a key of a nested dictionary, one level too high */
      mcl_hint(ctx, d, "'%s' belongs inside %s", f->key, f->detail);
    else if (f->manifest) {
      /* Manifests trail their apps: a key no manifest key is close to is
       * more often newer than the manifest than a mistake. */
      if (d->severity > MCL_INFO) d->severity = MCL_INFO;
      mcl_hint(ctx, d, "fine if the app is newer than the manifest (%s)", f->manifest_file);
    } else {
      const char *type = payload_type_at(ctx, f->path);
      if (mcl_schema_preference_domain(type)) {
        /* macOS writes it to the domain as it is, and apps read keys
         * Apple does not document: information, not a defect. */
        if (d->severity > MCL_INFO) d->severity = MCL_INFO;
        mcl_hint(ctx, d, "not in Apple's schema; macOS writes it to the %s domain as it is, "
                         "so it works if the app reads it", type);
      } else if (d->severity > MCL_WARNING) {
        d->severity = MCL_WARNING; /* no known key is close: maybe undocumented, not a typo */
      }
    }
  }
}

const mcl_rule mcl_rule_unknown_key = {
    MCL_RULE_IDENTITY(unknown_key), .name = "unknown-key", .severity = MCL_ERROR,
    .flags = 0,
    .fix = MCL_FIX_UNSAFE,
    .summary = "A key that the payload's schema does not define",
    .explanation =
        "Devices ignore keys they do not know, so a misspelt key (SSID instead of "
        "SSID_STR, allowcamera instead of allowCamera) installs without complaint and "
        "configures nothing. The profile's outer dictionary is checked against Apple's "
        "TopLevel keys, each payload against its PayloadType's keys plus the common "
        "payload keys, and nested dictionaries against theirs, at any depth."
        "\n\n"
        "When a known key is close (case difference or a small edit distance) the "
        "finding is an error with a \"did you mean\" hint. When no known key is close, "
        "the key may be undocumented or vendor-specific, and the finding is a warning; "
        "information in the payloads that macOS writes key by key to the preference "
        "domain of their name (com.apple.dock, com.apple.finder, com.apple.loginwindow "
        "and a few more), where apps read keys Apple does not document "
        "(_FXShowPosixPathInTitle, showhidden). "
        "A few well-known misnamings that no edit distance finds get their hint from "
        "a table, where the right key belongs to the dictionary: WiFiPassword, "
        "WifiPassword and WLANPassword for Password; Hidden and HiddenNetwork for "
        "HIDDEN_NETWORK; SSID for SSID_STR. A password under a wrong key is still "
        "reported by plaintext-secret. "
        "Dictionaries whose keys are free (Apple's ANY: bundle identifiers, language "
        "codes) accept any key. The preference domains of a PayloadContent nested in "
        "a custom settings payload's PayloadContent are mcx-preferences-structure's "
        "(one finding, at the nesting), not unknown keys.",
    .bad = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>\n<key>SSID</key>\n<string>Office</string>",
    .good = "<key>PayloadType</key>\n<string>com.apple.wifi.managed</string>\n<key>SSID_STR</key>\n<string>Office</string>",
    .check = check,
};
