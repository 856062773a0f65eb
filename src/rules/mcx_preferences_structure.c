#include <string.h>

#include "rules/rule.h"

static const char *const levels[] = {"Forced", "Set-Once", "Often"};

static bool is_level(const char *key) {
  for (size_t i = 0; i < 3; i++)
    if (strcmp(key, levels[i]) == 0) return true;
  return false;
}

static void report(mcl_ctx *ctx, mcl_pos pos, const char *path, const char *msg) {
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_mcx_preferences_structure, pos, path, "%s", msg);
  mcl_hint(ctx, d,
           "write PayloadContent > domain > Forced > [ { mcx_preference_settings > "
           "{ your keys } } ]");
}

static void check_level(mcl_ctx *ctx, const mcl_entry *e, const char *path) {
  if (e->value->type != MCL_T_ARRAY) {
    report(ctx, e->value->pos, path,
           mcl_arena_printf(ctx->arena,
                            "%s must be an array of dictionaries holding "
                            "mcx_preference_settings",
                            e->key));
    return;
  }
  for (size_t i = 0; i < e->value->u.array.count; i++) {
    const mcl_value *item = e->value->u.array.items[i];
    const char *ipath = mcl_path_index(ctx->arena, path, i);
    if (item->type != MCL_T_DICT) {
      report(ctx, item->pos, ipath,
             mcl_arena_printf(ctx->arena, "an entry of %s is not a dictionary: it is never applied",
                              e->key));
    } else if (!mcl_dict_get_type(item, "mcx_preference_settings", MCL_T_DICT)) {
      report(ctx, item->pos, ipath,
             mcl_arena_printf(ctx->arena,
                              "this %s entry has no mcx_preference_settings dictionary: "
                              "its settings are never applied",
                              e->key));
    }
  }
}

static void check_domain(mcl_ctx *ctx, const mcl_entry *d, const char *path) {
  if (d->value->type != MCL_T_DICT) {
    report(ctx, d->value->pos, path,
           mcl_arena_printf(ctx->arena,
                            "preference domain %s must be a dictionary of Forced, "
                            "Set-Once or Often",
                            d->key));
    return;
  }
  const mcl_value *v = d->value;
  bool any = false;
  for (size_t i = 0; i < v->u.dict.count; i++) {
    const mcl_entry *e = &v->u.dict.entries[i];
    if (e->shadowed) continue;
    const char *epath = mcl_path_key(ctx->arena, path, e->key);
    if (is_level(e->key)) {
      any = true;
      check_level(ctx, e, epath);
    } else if (strcmp(e->key, "mcx_preference_settings") == 0) {
      report(ctx, e->key_pos, epath,
             mcl_arena_printf(ctx->arena,
                              "mcx_preference_settings directly in domain %s: it must "
                              "be inside Forced, Set-Once or Often",
                              d->key));
      any = true;
    } else {
      report(ctx, e->key_pos, epath,
             mcl_arena_printf(ctx->arena,
                              "'%s' is not a management level (Forced, Set-Once, "
                              "Often): a setting written here is never applied",
                              e->key));
      any = true;
    }
  }
  if (!any)
    report(ctx, d->key_pos, path,
           mcl_arena_printf(ctx->arena, "preference domain %s is empty: it sets nothing", d->key));
}

/* Preference domains written as keys of the payload itself. */
static const mcl_entry *stray_domain(const mcl_value *payload) {
  for (size_t i = 0; i < payload->u.dict.count; i++) {
    const mcl_entry *e = &payload->u.dict.entries[i];
    if (!e->shadowed && strncmp(e->key, "Payload", 7) != 0 && e->value->type == MCL_T_DICT)
      return e;
  }
  return NULL;
}

static void check_payload(mcl_ctx *ctx, const mcl_payload *p) {
  const mcl_entry *pc = mcl_dict_entry(p->dict, "PayloadContent");
  if (!pc) {
    const mcl_entry *stray = stray_domain(p->dict);
    if (stray)
      report(ctx, stray->key_pos, mcl_path_key(ctx->arena, p->path, stray->key),
             mcl_arena_printf(ctx->arena,
                              "preference domain %s is written in the payload "
                              "itself, not in PayloadContent: it is never applied",
                              stray->key));
    else
      report(ctx, p->dict->pos, p->path,
             "this custom settings payload has no PayloadContent: it sets nothing");
    return;
  }
  const char *path = mcl_path_key(ctx->arena, p->path, "PayloadContent");
  if (pc->value->type != MCL_T_DICT) {
    report(ctx, pc->value->pos, path, "PayloadContent must be a dictionary of preference domains");
    return;
  }
  for (size_t k = 0; k < pc->value->u.dict.count; k++) {
    const mcl_entry *d = &pc->value->u.dict.entries[k];
    if (d->shadowed) continue;
    const char *dpath = mcl_path_key(ctx->arena, path, d->key);
    if (strcmp(d->key, "PayloadContent") == 0 && d->value->type == MCL_T_DICT)
      report(ctx, d->key_pos, dpath,
             "PayloadContent is nested in PayloadContent: the preference domains inside are "
             "never applied");
    else
      check_domain(ctx, d, dpath);
  }
}

static void check(mcl_ctx *ctx) {
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *p = &ctx->profile.payloads[i];
    if (p->type && strcmp(p->type, "com.apple.ManagedClient.preferences") == 0)
      check_payload(ctx, p);
  }
}

const mcl_rule mcl_rule_mcx_preferences_structure = {
    MCL_RULE_IDENTITY(mcx_preferences_structure), .name = "mcx-preferences-structure", .severity = MCL_ERROR,
    .summary = "Custom settings (com.apple.ManagedClient.preferences) that are never applied",
    .explanation =
        "A com.apple.ManagedClient.preferences payload sets preferences of other apps "
        "through the MCX structure: PayloadContent maps each preference domain to a "
        "management level (Forced: always; Set-Once: once; Often: at each login), each an "
        "array of dictionaries whose mcx_preference_settings holds the keys and values.\n\n"
        "Settings written anywhere else (directly under the domain, or without "
        "mcx_preference_settings) install without complaint and are never applied. For "
        "plain key/value settings, a payload whose PayloadType is the app's domain is "
        "simpler.",
    .bad = "<!-- mclint --platform macos -->\n"
           "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.app.prefs</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.ManagedClient.preferences</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "      <key>PayloadContent</key>\n"
           "      <dict>\n"
           "        <key>com.example.app</key>\n"
           "        <dict>\n"
           "          <key>AutoUpdate</key>\n"
           "          <false/>\n"
           "        </dict>\n"
           "      </dict>\n"
           "    </dict>\n"
           "  </array>\n"
           "  <key>PayloadDisplayName</key>\n"
           "  <string>Example</string>\n"
           "  <key>PayloadIdentifier</key>\n"
           "  <string>com.example.app</string>\n"
           "  <key>PayloadType</key>\n"
           "  <string>Configuration</string>\n"
           "  <key>PayloadUUID</key>\n"
           "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
           "  <key>PayloadVersion</key>\n"
           "  <integer>1</integer>\n"
           "</dict>",
    .good = "<!-- mclint --platform macos -->\n"
            "<dict>\n"
            "  <key>PayloadContent</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>PayloadIdentifier</key>\n"
            "      <string>com.example.app.prefs</string>\n"
            "      <key>PayloadType</key>\n"
            "      <string>com.apple.ManagedClient.preferences</string>\n"
            "      <key>PayloadUUID</key>\n"
            "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
            "      <key>PayloadVersion</key>\n"
            "      <integer>1</integer>\n"
            "      <key>PayloadContent</key>\n"
            "      <dict>\n"
            "        <key>com.example.app</key>\n"
            "        <dict>\n"
            "          <key>Forced</key>\n"
            "          <array>\n"
            "            <dict>\n"
            "              <key>mcx_preference_settings</key>\n"
            "              <dict>\n"
            "                <key>AutoUpdate</key>\n"
            "                <false/>\n"
            "              </dict>\n"
            "            </dict>\n"
            "          </array>\n"
            "        </dict>\n"
            "      </dict>\n"
            "    </dict>\n"
            "  </array>\n"
            "  <key>PayloadDisplayName</key>\n"
            "  <string>Example</string>\n"
            "  <key>PayloadIdentifier</key>\n"
            "  <string>com.example.app</string>\n"
            "  <key>PayloadType</key>\n"
            "  <string>Configuration</string>\n"
            "  <key>PayloadUUID</key>\n"
            "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
            "  <key>PayloadVersion</key>\n"
            "  <integer>1</integer>\n"
            "</dict>",
    .check = check,
    .supersedes = {&mcl_rule_missing_required_key, &mcl_rule_unknown_key},
};
