/* item-count: an array with fewer or more items than the schema allows,
 * from the schema checker's facts. */
#include <string.h>

#include "base/util.h"
#include "rules/schema_facts.h"

static void check(mcl_ctx *ctx) {
  const mcl_violations *vs = mcl_schema_violations(ctx);
  for (size_t i = 0; i < vs->count; i++) {
    const mcl_violation *f = &vs->items[i];
    if (f->kind == MCL_SV_TOO_FEW_ITEMS)
      mcl_emit(ctx, &mcl_rule_item_count, f->pos, f->path,
               "%s has %zu item%s; it needs at least %llu%s",
               f->subject, f->count, f->count == 1 ? "" : "s",
               (unsigned long long)f->node->min_items, mcl_violation_source(ctx, f));
    else if (f->kind == MCL_SV_TOO_MANY_ITEMS)
      mcl_emit(ctx, &mcl_rule_item_count, f->pos, f->path,
               "%s has %zu items; it may have at most %llu%s",
               f->subject, f->count, (unsigned long long)f->node->max_items,
               mcl_violation_source(ctx, f));
  }
}

const mcl_rule mcl_rule_item_count = {
    MCL_RULE_IDENTITY(item_count), .name = "item-count", .severity = MCL_ERROR,
    .flags = 0,
    .summary = "An array has fewer or more items than the schema allows",
    .explanation =
        "Some arrays must hold a number of items within bounds (Apple's repetition): "
        "PPP AuthEAPPlugins holds exactly one plug-in, for example. A device reads only "
        "what it expects, or refuses the payload.",
    .bad = "<key>PayloadType</key>\n"
           "<string>com.apple.vpn.managed</string>\n"
           "<key>UserDefinedName</key>\n"
           "<string>Office VPN</string>\n"
           "<key>VPNType</key>\n"
           "<string>L2TP</string>\n"
           "<key>PPP</key>\n"
           "<dict>\n"
           "  <key>CommRemoteAddress</key>\n"
           "  <string>vpn.example.com</string>\n"
           "  <key>AuthEAPPlugins</key>\n"
           "  <array>\n"
           "    <string>EAP-RSA</string>\n"
           "    <string>EAP-TLS</string>\n"
           "  </array>\n"
           "</dict>\n"
           "<key>IPSec</key>\n"
           "<dict>\n"
           "  <key>AuthenticationMethod</key>\n"
           "  <string>SharedSecret</string>\n"
           "  <key>SharedSecret</key>\n"
           "  <data>c2VjcmV0</data>\n"
           "</dict>",
    .good = "<key>PayloadType</key>\n"
            "<string>com.apple.vpn.managed</string>\n"
            "<key>UserDefinedName</key>\n"
            "<string>Office VPN</string>\n"
            "<key>VPNType</key>\n"
            "<string>L2TP</string>\n"
            "<key>PPP</key>\n"
            "<dict>\n"
            "  <key>CommRemoteAddress</key>\n"
            "  <string>vpn.example.com</string>\n"
            "  <key>AuthEAPPlugins</key>\n"
            "  <array>\n"
            "    <string>EAP-RSA</string>\n"
            "  </array>\n"
            "</dict>\n"
            "<key>IPSec</key>\n"
            "<dict>\n"
            "  <key>AuthenticationMethod</key>\n"
            "  <string>SharedSecret</string>\n"
            "  <key>SharedSecret</key>\n"
            "  <data>c2VjcmV0</data>\n"
            "</dict>",
    .check = check,
};
