/* vpn_coverage.c: policy.vpn-coverage. What a VPN payload covers comes
 * from coverage.h (the audit shows the same); this rule only compares it
 * with what the organisation requires, on the devices the target names. */
#include <stdarg.h>
#include <string.h>

#include "base/util.h"
#include "rules/coverage.h"

static const char *const want_names[] = {"", "all-traffic", "always-on"};

/* When a key arrived, per platform, from Apple's schema (the IKEv2 and VPN
 * dictionaries); since 0: not on that platform. */
static const struct {
  const char *key;
  unsigned platform;
  mcl_osver since;
} arrivals[] = {
    {"IncludeAllNetworks", MCL_PLATFORM_IOS, MCL_OSVER(14, 0, 0)},
    {"IncludeAllNetworks", MCL_PLATFORM_MACOS, MCL_OSVER(10, 15, 0)},
    {"IncludeAllNetworks", MCL_PLATFORM_TVOS, 0},
    {"OnDemandUserOverrideDisabled", MCL_PLATFORM_IOS, MCL_OSVER(14, 0, 0)},
};

static const char *const all_traffic_recipe =
    "VPNType IKEv2, or a VPN app (VPNType VPN), with IncludeAllNetworks 1, OnDemandEnabled 1, "
    "OnDemandRules that end in a rule with only Action Connect, and "
    "OnDemandUserOverrideDisabled 1";

typedef struct verdict {
  mcl_ctx *ctx;
  mcl_buf why; /* reasons, "; " between them */
  mcl_buf fix; /* what to set, "; " between them */
  const char *cannot; /* the hint when no setting of this payload can meet the policy */
} verdict;

static void add(mcl_buf *b, const char *fmt, va_list ap) {
  if (b->len) mcl_buf_puts(b, "; ");
  mcl_buf_vprintf(b, fmt, ap);
}

__attribute__((format(printf, 2, 3))) static void because(verdict *v, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add(&v->why, fmt, ap);
  va_end(ap);
}

__attribute__((format(printf, 2, 3))) static void fix(verdict *v, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add(&v->fix, fmt, ap);
  va_end(ap);
}

static bool may_be_ios(const mcl_options *o) {
  return !o->platforms || (o->platforms & MCL_PLATFORM_IOS);
}

static mcl_osver arrival(const char *key, unsigned platform, bool *listed) {
  for (size_t i = 0; i < sizeof arrivals / sizeof arrivals[0]; i++)
    if (!strcmp(arrivals[i].key, key) && arrivals[i].platform == platform) {
      *listed = true;
      return arrivals[i].since;
    }
  *listed = false;
  return 0;
}

/* The keys the policy needs that arrived after the minimum OS, or never,
 * on a targeted platform: devices there ignore them. Only with --platform,
 * as the schema checks decide availability. */
static void check_arrivals(verdict *v, const char *const *keys, size_t n) {
  const mcl_options *o = v->ctx->opts;
  char min[32], since[32];
  for (unsigned bit = 1; bit < (1u << MCL_PLATFORM_COUNT); bit <<= 1) {
    if (!(o->platforms & bit)) continue;
    const char *os = mcl_platform_name(bit);
    mcl_buf late = {0};
    mcl_osver latest = 0;
    for (size_t k = 0; k < n; k++) {
      bool listed;
      mcl_osver at = arrival(keys[k], bit, &listed);
      if (listed && !at) {
        because(v, "%s has no %s", os, keys[k]);
        v->cannot = mcl_arena_printf(v->ctx->arena,
                                     "no VPN payload can carry all traffic on %s; leave %s out "
                                     "of the target, or the policy out of its configuration",
                                     os, os);
      } else if (listed && o->min_os && o->min_os < at) {
        mcl_buf_printf(&late, "%s%s", late.len ? " and " : "", keys[k]);
        if (at > latest) latest = at;
      }
    }
    if (late.len) {
      mcl_version_format(latest, since, sizeof since);
      because(v, "%s arrived in %s %s, and the minimum OS is %s", late.data, os, since,
              mcl_version_format(o->min_os, min, sizeof min));
      fix(v, "raise min-os to %s", since);
    }
    mcl_buf_free(&late);
  }
}

/* Always On VPN exists only on supervised iOS and iPadOS devices. */
static bool target_has_always_on(const mcl_options *o) {
  return !(o->platforms & ~(unsigned)MCL_PLATFORM_IOS) && o->supervised != 0;
}

static void always_on_payload(verdict *v, const mcl_vpn_cover *c) {
  const mcl_options *o = v->ctx->opts;
  if (mcl_cover_has_gap(c, MCL_GAP_USER_OFF)) {
    because(v, "the user can turn it off (AlwaysOn.UIToggleEnabled is 1)");
    fix(v, "set AlwaysOn.UIToggleEnabled to 0");
  }
  unsigned others = o->platforms & ~(unsigned)MCL_PLATFORM_IOS;
  for (unsigned bit = 1; bit < (1u << MCL_PLATFORM_COUNT); bit <<= 1)
    if (others & bit)
      because(v, "Always On VPN exists only on iOS and iPadOS, and the target includes %s",
              mcl_platform_name(bit));
  if (o->supervised == 0)
    because(v, "Always On VPN installs only on supervised devices, and the target is "
               "unsupervised");
  if (target_has_always_on(o)) return;
  v->cannot = o->vpn_coverage == MCL_VPN_WANT_ALWAYS_ON
                  ? "Always On VPN exists only on supervised iOS and iPadOS devices, which "
                    "this target is not: policy.vpn-coverage = \"all-traffic\" is the most a "
                    "profile can meet there"
                  : mcl_arena_printf(v->ctx->arena, "for those devices, use %s",
                                     all_traffic_recipe);
}

static void all_traffic(verdict *v, const mcl_vpn_cover *c) {
  const char *d = c->caps->dict, *od = c->on_demand_dict;
  if (c->vpn.per_app) {
    because(v, "a per-app VPN carries only the traffic of its apps");
    v->cannot = mcl_arena_printf(v->ctx->arena,
                                 "a per-app VPN cannot; add a VPN payload "
                                 "(com.apple.vpn.managed) with %s",
                                 all_traffic_recipe);
    return;
  }
  if (!d) {
    because(v, "%s has no IncludeAllNetworks to send all traffic through the tunnel",
            c->vpn.type->label);
    if (may_be_ios(v->ctx->opts) && mcl_cover_has_gap(c, MCL_GAP_USER_OFF))
      because(v, "the user can turn Connect On Demand off");
    v->cannot = mcl_arena_printf(v->ctx->arena,
                                 "%s cannot: use %s; on supervised iOS devices, VPNType AlwaysOn",
                                 c->vpn.type->label, all_traffic_recipe);
    return;
  }
  if (c->cls == MCL_COVER_MANUAL) {
    because(v, "it connects only when someone turns it on");
    fix(v, "set %s.OnDemandEnabled to 1, with OnDemandRules that end in a rule with only "
           "Action Connect", od);
  } else if (!c->everywhere) {
    because(v, "it does not connect on demand on every network");
    fix(v, "give %s.OnDemandRules Action Connect for every network", od);
  }
  if (!c->include_all) {
    because(v, "IncludeAllNetworks is not 1");
    fix(v, "set %s.IncludeAllNetworks to 1", d);
  }
  const char *needed[] = {"IncludeAllNetworks", "OnDemandUserOverrideDisabled"};
  check_arrivals(v, needed, may_be_ios(v->ctx->opts) ? 2 : 1);
  if (!may_be_ios(v->ctx->opts)) return;
  const mcl_value *od_dict = mcl_dict_get_dict(c->vpn.dict, od);
  if (!mcl_value_is_true(mcl_dict_get(od_dict, "OnDemandUserOverrideDisabled"))) {
    because(v, "the user can turn Connect On Demand off");
    fix(v, "set %s.OnDemandUserOverrideDisabled to 1", od);
  }
}

static void judge(verdict *v, const mcl_vpn_cover *c) {
  const mcl_options *o = v->ctx->opts;
  if (c->cls == MCL_COVER_ALWAYS_ON) {
    always_on_payload(v, c);
  } else if (o->vpn_coverage == MCL_VPN_WANT_ALWAYS_ON) {
    because(v, "it is not an Always On VPN");
    v->cannot = target_has_always_on(o)
                    ? "use VPNType AlwaysOn, with IKEv2 tunnels in "
                      "AlwaysOn.TunnelConfigurations, on supervised iOS and iPadOS devices"
                    : "Always On VPN exists only on supervised iOS and iPadOS devices, which "
                      "this target is not: policy.vpn-coverage = \"all-traffic\" is the most a "
                      "profile can meet there";
  } else {
    all_traffic(v, c);
  }
}

static void check(mcl_ctx *ctx) {
  const mcl_vpn_cover *covers;
  size_t n = mcl_vpn_covers(ctx, &covers);
  for (size_t i = 0; i < n; i++) {
    const mcl_vpn_cover *c = &covers[i];
    verdict v = {ctx, {0}, {0}, NULL};
    judge(&v, c);
    if (v.why.len) {
      mcl_diag *d = mcl_emit(ctx, &mcl_rule_vpn_coverage, c->vpn.type_value->pos,
                             mcl_path_key(ctx->arena, c->vpn.path, "VPNType"),
                             "this VPN (VPNType %s) is %s, short of policy.vpn-coverage = "
                             "\"%s\": %s",
                             c->vpn.type->name, c->pub.coverage,
                             want_names[ctx->opts->vpn_coverage], v.why.data);
      if (v.cannot)
        mcl_hint(ctx, d, "%s", v.cannot);
      else
        mcl_hint(ctx, d, "%s", v.fix.data);
    }
    mcl_buf_free(&v.why);
    mcl_buf_free(&v.fix);
  }
}

static bool applies(const mcl_options *opts) { return opts->vpn_coverage != MCL_VPN_WANT_ANY; }

const mcl_rule mcl_rule_vpn_coverage = {
    MCL_RULE_IDENTITY(vpn_coverage), .name = "vpn-coverage", .severity = MCL_ERROR,
    .flags = MCL_RULE_TARGETED,
    .summary = "A VPN that does not cover all traffic, or is not Always On, as the "
               "organisation's policy requires",
    .explanation =
        "With policy.vpn-coverage = \"all-traffic\" every VPN payload must send all of a "
        "device's traffic through its tunnel, all the time; with \"always-on\" it must be an "
        "Always On VPN. The finding is at VPNType, says what falls short, and its hint names "
        "what to set, or says that this VPN type cannot do it and what can. `mclint --audit` "
        "shows the same coverage and its gaps for every VPN (docs/audit.md).\n\n"
        "All traffic, as Apple's com.apple.vpn.managed schema documents it, takes an IKEv2 "
        "VPN or a VPN app (VPNType VPN) with IncludeAllNetworks 1 (\"routes all traffic "
        "through the VPN, with some exclusions\"; iOS 14, macOS 10.15, not tvOS) that "
        "connects on demand (OnDemandEnabled 1) on every network: each on-demand rule the "
        "device can reach has Action Connect, up to one that matches every network. Where "
        "the devices may be iOS, OnDemandUserOverrideDisabled must be 1 too (\"disables the "
        "Connect On Demand toggle in Settings\", iOS 14; macOS has no such key). Or it is an "
        "Always On VPN (VPNType AlwaysOn, supervised iOS and iPadOS only) whose "
        "UIToggleEnabled, which \"allows the user to disable the VPN configuration\", is not "
        "1. Cisco IPSec, L2TP, PPTP and transparent proxies have no IncludeAllNetworks, and "
        "a per-app VPN carries only its apps' traffic: none of them can meet the policy.\n\n"
        "The exclusions that IncludeAllNetworks and Always On allow (local networks, "
        "cellular services, APNs, device communication, exceptions for services, apps and "
        "captive networks) are part of what Apple calls all traffic, and whether the "
        "profile can be removed depends on how it is installed (users cannot remove a "
        "profile that MDM installed): --audit shows them, the policy does not fail on "
        "them.\n\n"
        "The target counts: with --platform and --min-os, a key that arrived after the "
        "minimum OS (IncludeAllNetworks: iOS 14.0, macOS 10.15; OnDemandUserOverrideDisabled: "
        "iOS 14.0) does not cover the older devices, and an Always On VPN covers nothing on "
        "macOS or on unsupervised devices. Without this setting the rule checks nothing. The "
        "examples assume policy.vpn-coverage = \"all-traffic\".",
    .bad = "<!-- mclint --platform ios --min-os 17 --supervised -->\n"
           "<!-- .mclint.toml: policy.vpn-coverage = \"all-traffic\" -->\n"
           "<dict>\n"
           "  <key>PayloadContent</key>\n"
           "  <array>\n"
           "    <dict>\n"
           "      <key>PayloadIdentifier</key>\n"
           "      <string>com.example.vpn.office</string>\n"
           "      <key>PayloadType</key>\n"
           "      <string>com.apple.vpn.managed</string>\n"
           "      <key>PayloadUUID</key>\n"
           "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
           "      <key>PayloadVersion</key>\n"
           "      <integer>1</integer>\n"
           "      <key>UserDefinedName</key>\n"
           "      <string>Office VPN</string>\n"
           "      <key>VPNType</key>\n"
           "      <string>IKEv2</string>\n"
           "      <key>IKEv2</key>\n"
           "      <dict>\n"
           "        <key>RemoteAddress</key>\n"
           "        <string>vpn.example.com</string>\n"
           "        <key>RemoteIdentifier</key>\n"
           "        <string>vpn.example.com</string>\n"
           "        <key>LocalIdentifier</key>\n"
           "        <string>client.example.com</string>\n"
           "        <key>AuthenticationMethod</key>\n"
           "        <string>SharedSecret</string>\n"
           "        <key>SharedSecret</key>\n"
           "        <string>${VPN_SECRET}</string>\n"
           "        <key>OnDemandEnabled</key>\n"
           "        <integer>1</integer>\n"
           "        <key>OnDemandRules</key>\n"
           "        <array>\n"
           "          <dict>\n"
           "            <key>Action</key>\n"
           "            <string>Connect</string>\n"
           "          </dict>\n"
           "        </array>\n"
           "      </dict>\n"
           "    </dict>\n"
           "  </array>\n"
           "  <key>PayloadDisplayName</key>\n"
           "  <string>Example</string>\n"
           "  <key>PayloadIdentifier</key>\n"
           "  <string>com.example.vpn</string>\n"
           "  <key>PayloadType</key>\n"
           "  <string>Configuration</string>\n"
           "  <key>PayloadUUID</key>\n"
           "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
           "  <key>PayloadVersion</key>\n"
           "  <integer>1</integer>\n"
           "</dict>",
    .good = "<!-- mclint --platform ios --min-os 17 --supervised -->\n"
            "<!-- .mclint.toml: policy.vpn-coverage = \"all-traffic\" -->\n"
            "<dict>\n"
            "  <key>PayloadContent</key>\n"
            "  <array>\n"
            "    <dict>\n"
            "      <key>PayloadIdentifier</key>\n"
            "      <string>com.example.vpn.office</string>\n"
            "      <key>PayloadType</key>\n"
            "      <string>com.apple.vpn.managed</string>\n"
            "      <key>PayloadUUID</key>\n"
            "      <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E41</string>\n"
            "      <key>PayloadVersion</key>\n"
            "      <integer>1</integer>\n"
            "      <key>UserDefinedName</key>\n"
            "      <string>Office VPN</string>\n"
            "      <key>VPNType</key>\n"
            "      <string>IKEv2</string>\n"
            "      <key>IKEv2</key>\n"
            "      <dict>\n"
            "        <key>RemoteAddress</key>\n"
            "        <string>vpn.example.com</string>\n"
            "        <key>RemoteIdentifier</key>\n"
            "        <string>vpn.example.com</string>\n"
            "        <key>LocalIdentifier</key>\n"
            "        <string>client.example.com</string>\n"
            "        <key>AuthenticationMethod</key>\n"
            "        <string>SharedSecret</string>\n"
            "        <key>SharedSecret</key>\n"
            "        <string>${VPN_SECRET}</string>\n"
            "        <key>IncludeAllNetworks</key>\n"
            "        <integer>1</integer>\n"
            "        <key>OnDemandUserOverrideDisabled</key>\n"
            "        <integer>1</integer>\n"
            "        <key>OnDemandEnabled</key>\n"
            "        <integer>1</integer>\n"
            "        <key>OnDemandRules</key>\n"
            "        <array>\n"
            "          <dict>\n"
            "            <key>Action</key>\n"
            "            <string>Connect</string>\n"
            "          </dict>\n"
            "        </array>\n"
            "      </dict>\n"
            "    </dict>\n"
            "  </array>\n"
            "  <key>PayloadDisplayName</key>\n"
            "  <string>Example</string>\n"
            "  <key>PayloadIdentifier</key>\n"
            "  <string>com.example.vpn</string>\n"
            "  <key>PayloadType</key>\n"
            "  <string>Configuration</string>\n"
            "  <key>PayloadUUID</key>\n"
            "  <string>0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E40</string>\n"
            "  <key>PayloadVersion</key>\n"
            "  <integer>1</integer>\n"
            "</dict>",
    .check = check,
    .applies = applies,
};
