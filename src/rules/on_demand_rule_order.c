#include <string.h>

#include "base/util.h"
#include "rules/vpn.h"

static void check_list(mcl_ctx *ctx, const mcl_rule_list *list) {
  const mcl_value *rules = list->rules;
  const mcl_value *last = NULL;
  size_t last_index = 0;
  unsigned interfaces = 0;
  for (size_t k = 0; k < rules->u.array.count; k++) {
    const mcl_value *r = rules->u.array.items[k];
    if (r->type != MCL_T_DICT || !mcl_dict_get(r, "Action")) continue;
    const mcl_entry *match = mcl_on_demand_first_match(r);
    if (match) interfaces = mcl_on_demand_interfaces(r, match, interfaces);
    if (match && interfaces != MCL_ON_DEMAND_ALL_INTERFACES) {
      last = r;
      last_index = k;
      continue;
    }
    /* Every network is decided here: later rules are never reached. */
    for (size_t j = k + 1; j < rules->u.array.count; j++) {
      const mcl_value *later = rules->u.array.items[j];
      if (later->type != MCL_T_DICT) continue;
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_on_demand_rule_order, later->pos,
                             mcl_path_index(ctx->arena, list->path, j),
                             "this on-demand rule is never used: %s before it already matches "
                             "every network",
                             match ? "the rules" : "the rule");
      mcl_hint(ctx, d,
               "rules are tried in order and the first match wins: move the catch-all "
               "rule to the end");
      return;
    }
    return;
  }
  if (!last) return;
  const mcl_entry *match = mcl_on_demand_first_match(last);
  mcl_diag *d;
  if (interfaces && mcl_on_demand_interfaces(last, match, 0)) {
    static const char *const names[] = {"Ethernet", "WiFi", "Cellular"};
    mcl_buf open = {0};
    for (unsigned i = 0; i < 3; i++) {
      if (interfaces & (1u << i)) continue;
      if (open.len) mcl_buf_puts(&open, " and ");
      mcl_buf_puts(&open, names[i]);
    }
    d = mcl_emit(ctx, &mcl_rule_on_demand_rule_order, last->pos,
                 mcl_path_index(ctx->arena, list->path, last_index),
                 "no on-demand rule matches %s networks: there the VPN is neither connected nor "
                 "disconnected on demand",
                 open.data);
    mcl_buf_free(&open);
  } else {
    d = mcl_emit(ctx, &mcl_rule_on_demand_rule_order, last->pos,
                 mcl_path_index(ctx->arena, list->path, last_index),
                 "the last on-demand rule matches only some networks (it has %s): on a network "
                 "no rule matches, the VPN is neither connected nor disconnected on demand",
                 match->key);
  }
  mcl_hint(ctx, d,
           "end OnDemandRules with a rule that has only an Action, such as Connect or "
           "Disconnect, to decide every other network");
}

static void check(mcl_ctx *ctx) {
  mcl_rule_list *lists;
  size_t n = mcl_on_demand_rule_lists(ctx, &lists);
  for (size_t i = 0; i < n; i++)
    if (lists[i].vpn) check_list(ctx, &lists[i]);
}

const mcl_rule mcl_rule_on_demand_rule_order = {
    MCL_RULE_IDENTITY(on_demand_rule_order), .name = "on-demand-rule-order", .severity = MCL_WARNING,
    .summary = "VPN on-demand rules without a final catch-all, or with rules after it",
    .explanation =
        "A device tries a VPN's OnDemandRules in order, each time the network changes, and "
        "applies the first rule whose match keys (DNSDomainMatch, DNSServerAddressMatch, "
        "InterfaceTypeMatch, SSIDMatch, URLStringProbe) all match. Apple's deployment "
        "reference asks for a last rule with no match keys, only an Action, as the default "
        "for every other network. Without it, networks that match no rule get no decision: "
        "a profile with only \"Disconnect on the office Wi-Fi\" never connects anywhere "
        "else.\n\n"
        "Rules that together match every interface type (Ethernet, WiFi and Cellular) count "
        "as a catch-all. A rule placed after the catch-all is never reached and is reported "
        "too.",
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
           "    </dict>\n"
           "    <dict>\n"
           "      <key>Action</key>\n"
           "      <string>Disconnect</string>\n"
           "      <key>SSIDMatch</key>\n"
           "      <array><string>Office</string></array>\n"
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
            "      <string>Disconnect</string>\n"
            "      <key>SSIDMatch</key>\n"
            "      <array><string>Office</string></array>\n"
            "    </dict>\n"
            "    <dict>\n"
            "      <key>Action</key>\n"
            "      <string>Connect</string>\n"
            "    </dict>\n"
            "  </array>\n"
            "</dict>",
    .check = check,
};
