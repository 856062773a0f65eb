#include "rules/vpn.h"

static void check_rule(mcl_ctx *ctx, const mcl_value *rule, const char *path) {
  const mcl_entry *e = mcl_dict_entry(rule, "Action");
  if (!e) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_on_demand_action, rule->pos, path,
                           "this on-demand rule has no Action: the device cannot use it");
    mcl_hint(ctx, d, "add an Action: Connect, Disconnect, EvaluateConnection or Ignore");
    return;
  }
  if (!mcl_value_is_string(e->value, "Allow")) return;
  mcl_diag *d = mcl_emit(ctx, &mcl_rule_on_demand_action, e->value->pos,
                         mcl_path_key(ctx->arena, path, "Action"),
                         "Action Allow is deprecated since iOS 7: it only defers to the legacy "
                         "OnDemandMatchDomains lists");
  mcl_hint(ctx, d,
           "use Connect, or EvaluateConnection with ActionParameters for per-domain "
           "decisions");
}

static void check(mcl_ctx *ctx) {
  mcl_rule_list *lists;
  size_t n = mcl_on_demand_rule_lists(ctx, &lists);
  for (size_t i = 0; i < n; i++) {
    const mcl_value *rules = lists[i].rules;
    for (size_t k = 0; k < rules->u.array.count; k++) {
      const mcl_value *r = rules->u.array.items[k];
      if (r->type == MCL_T_DICT) check_rule(ctx, r, mcl_path_index(ctx->arena, lists[i].path, k));
    }
  }
}

const mcl_rule mcl_rule_on_demand_action = {
    MCL_RULE_IDENTITY(on_demand_action), .name = "on-demand-action", .severity = MCL_WARNING,
    .summary = "An on-demand rule without an Action, or with the deprecated Allow",
    .explanation =
        "Every dictionary of OnDemandRules (in a VPN or a DNS settings payload) needs an "
        "Action: Connect, Disconnect, EvaluateConnection or Ignore. A rule without one "
        "cannot be applied.\n\n"
        "Allow is the iOS 6 action: it does not decide anything itself but defers to the "
        "legacy OnDemandMatchDomainsAlways, OnDemandMatchDomainsOnRetry and "
        "OnDemandMatchDomainsNever lists, deprecated since iOS 7 and ignored on newer "
        "platforms such as watchOS. Use Connect, or EvaluateConnection with "
        "ActionParameters to decide per domain.",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.vpn.managed</string>\n"
           "<key>UserDefinedName</key>\n"
           "<string>Office VPN</string>\n"
           "<key>VPNType</key>\n"
           "<string>IKEv2</string>\n"
           "<key>IKEv2</key>\n"
           "<dict>\n"
           "  <key>RemoteAddress</key>\n"
           "  <string>vpn.example.com</string>\n"
           "  <key>RemoteIdentifier</key>\n"
           "  <string>vpn.example.com</string>\n"
           "  <key>LocalIdentifier</key>\n"
           "  <string>client.example.com</string>\n"
           "  <key>AuthenticationMethod</key>\n"
           "  <string>SharedSecret</string>\n"
           "  <key>SharedSecret</key>\n"
           "  <string>${VPN_SECRET}</string>\n"
           "  <key>OnDemandEnabled</key>\n"
           "  <integer>1</integer>\n"
           "  <key>OnDemandRules</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>Action</key>\n"
           "      <string>Allow</string>\n"
           "    </dict>\n"
           "  </array>\n"
           "</dict>",
    .good = "<key>PayloadType</key>\n"
            "<string>com.apple.vpn.managed</string>\n"
            "<key>UserDefinedName</key>\n"
            "<string>Office VPN</string>\n"
            "<key>VPNType</key>\n"
            "<string>IKEv2</string>\n"
            "<key>IKEv2</key>\n"
            "<dict>\n"
            "  <key>RemoteAddress</key>\n"
            "  <string>vpn.example.com</string>\n"
            "  <key>RemoteIdentifier</key>\n"
            "  <string>vpn.example.com</string>\n"
            "  <key>LocalIdentifier</key>\n"
            "  <string>client.example.com</string>\n"
            "  <key>AuthenticationMethod</key>\n"
            "  <string>SharedSecret</string>\n"
            "  <key>SharedSecret</key>\n"
            "  <string>${VPN_SECRET}</string>\n"
            "  <key>OnDemandEnabled</key>\n"
            "  <integer>1</integer>\n"
            "  <key>OnDemandRules</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>Action</key>\n"
            "      <string>Connect</string>\n"
            "    </dict>\n"
            "  </array>\n"
            "</dict>",
    .check = check,
    .supersedes = {&mcl_rule_missing_required_key},
};
