#include <string.h>

#include "rules/vpn.h"

static void check_parameter(mcl_ctx *ctx, const mcl_value *p, const char *path) {
  const mcl_value *action = mcl_dict_get(p, "DomainAction");
  if (!mcl_dict_get(p, "Domains"))
    mcl_emit(ctx, &mcl_rule_on_demand_action_parameters, p->pos, path,
             "this ActionParameters entry has no Domains: it applies to no connection");
  if (!action) {
    mcl_emit(ctx, &mcl_rule_on_demand_action_parameters, p->pos, path,
             "this ActionParameters entry has no DomainAction (ConnectIfNeeded or "
             "NeverConnect): it decides nothing");
    return;
  }
  if (mcl_value_is_string(action, "ConnectIfNeeded")) return;
  static const char *const only_if_needed[] = {"RequiredDNSServers", "RequiredURLStringProbe"};
  for (size_t i = 0; i < 2; i++) {
    const mcl_entry *e = mcl_dict_entry(p, only_if_needed[i]);
    if (!e || action->type != MCL_T_STRING) continue;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_on_demand_action_parameters, e->key_pos,
                           mcl_path_key(ctx->arena, path, e->key),
                           "%s is ignored: it is used only with DomainAction ConnectIfNeeded, "
                           "and this entry's DomainAction is %s",
                           e->key, action->u.str.s);
    mcl_hint(ctx, d, "remove %s, or set DomainAction to ConnectIfNeeded", e->key);
  }
}

static void check_rule(mcl_ctx *ctx, const mcl_value *rule, const char *path) {
  const mcl_value *action = mcl_dict_get_type(rule, "Action", MCL_T_STRING);
  const mcl_entry *params = mcl_dict_entry(rule, "ActionParameters");
  if (!action) return; /* on-demand-action reports it */
  bool evaluate = strcmp(action->u.str.s, "EvaluateConnection") == 0;
  if (!evaluate && params) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_on_demand_action_parameters, params->key_pos,
                           mcl_path_key(ctx->arena, path, "ActionParameters"),
                           "ActionParameters is ignored: it is read only when Action is "
                           "EvaluateConnection, and this rule's Action is %s",
                           action->u.str.s);
    mcl_hint(ctx, d, "set Action to EvaluateConnection, or remove ActionParameters");
    return;
  }
  if (!evaluate) return;
  const mcl_value *list = params ? params->value : NULL;
  if (!list || (list->type == MCL_T_ARRAY && list->u.array.count == 0)) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_on_demand_action_parameters, action->pos,
                           mcl_path_key(ctx->arena, path, "Action"),
                           "Action EvaluateConnection without ActionParameters: there are no "
                           "domains to evaluate, so this rule never connects the VPN");
    mcl_hint(ctx, d, "add ActionParameters with Domains and a DomainAction, or use Connect");
    return;
  }
  if (list->type != MCL_T_ARRAY) return;
  const char *lpath = mcl_path_key(ctx->arena, path, "ActionParameters");
  for (size_t i = 0; i < list->u.array.count; i++)
    if (list->u.array.items[i]->type == MCL_T_DICT)
      check_parameter(ctx, list->u.array.items[i], mcl_path_index(ctx->arena, lpath, i));
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

const mcl_rule mcl_rule_on_demand_action_parameters = {
    MCL_RULE_IDENTITY(on_demand_action_parameters), .name = "on-demand-action-parameters", .severity = MCL_WARNING,
    .summary = "ActionParameters that are ignored, missing or incomplete",
    .explanation =
        "ActionParameters (per-domain decisions, evaluated for each connection) is read "
        "only in an on-demand rule whose Action is EvaluateConnection; with any other "
        "Action it is ignored. EvaluateConnection without ActionParameters has nothing to "
        "evaluate and never connects the VPN.\n\n"
        "Each ActionParameters entry needs Domains and a DomainAction. RequiredDNSServers "
        "and RequiredURLStringProbe are used only with DomainAction ConnectIfNeeded: with "
        "NeverConnect they are ignored. The same applies to the on-demand rules of DNS "
        "settings payloads.",
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
           "      <string>Connect</string>\n"
           "      <key>ActionParameters</key>\n"
           "      <array>\n"
           "        <dict>\n"
           "          <key>Domains</key>\n"
           "          <array><string>intranet.example.com</string></array>\n"
           "          <key>DomainAction</key>\n"
           "          <string>ConnectIfNeeded</string>\n"
           "        </dict>\n"
           "      </array>\n"
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
            "      <string>EvaluateConnection</string>\n"
            "      <key>ActionParameters</key>\n"
            "      <array>\n"
            "        <dict>\n"
            "          <key>Domains</key>\n"
            "          <array><string>intranet.example.com</string></array>\n"
            "          <key>DomainAction</key>\n"
            "          <string>ConnectIfNeeded</string>\n"
            "        </dict>\n"
            "      </array>\n"
            "    </dict>\n"
            "  </array>\n"
            "</dict>",
    .check = check,
    .supersedes = {&mcl_rule_missing_required_key},
};
