/* coverage.c: what a VPN payload covers (see coverage.h).
 *
 * Every statement below rests on Apple's com.apple.vpn.managed schema:
 * IncludeAllNetworks 1 "routes all traffic through the VPN, with some
 * exclusions" (ExcludeLocalNetworks, ExcludeCellularServices, ExcludeAPNs,
 * ExcludeDeviceCommunication; the last three default to 1, and local
 * networks are excluded by default on iOS, not on macOS);
 * OnDemandUserOverrideDisabled 1 "disables the Connect On Demand toggle in
 * Settings" (iOS 14 and later); IPv4.OverridePrimary 1 "sends all network
 * traffic over VPN" for Cisco IPSec and L2TP; EnforceRoutes 1 gives the
 * VPN's routes precedence over locally defined ones; DNS
 * SupplementalMatchDomains makes a split DNS configuration unless the
 * tunnel is the default route; Always On's exceptions and UIToggleEnabled
 * are the only ways out of an Always On VPN. */
#include "rules/coverage.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct mcl_vpn_covers {
  mcl_vpn_cover *items;
  size_t count;
};

static const mcl_vpn_caps caps_table[] = {
    {MCL_VPN_CUSTOM, "VPN", false},  {MCL_VPN_L2TP, NULL, true},
    {MCL_VPN_PPTP, NULL, false},     {MCL_VPN_IPSEC, NULL, true},
    {MCL_VPN_IKEV2, "IKEv2", false}, {MCL_VPN_ALWAYSON, NULL, false},
    {MCL_VPN_TPROXY, NULL, false},
};

static const char *const class_names[] = {"manual", "on-demand", "all-traffic-on-demand",
                                          "always-on"};
static const char *const gap_names[] = {"user-can-disable", "before-connect", "excluded",
                                        "split-tunnel",     "dns",            "removable"};

/* With IncludeAllNetworks 1, traffic each key keeps outside the tunnel when
 * it is 1; def is what a device assumes when the key is absent (-1: 1 on
 * iOS, 0 on macOS). */
static const struct {
  const char *key, *what;
  int def;
} exclusions[] = {
    {"ExcludeLocalNetworks", "local network traffic", -1},
    {"ExcludeCellularServices",
     "the internet-routable traffic of cellular services (VoLTE, Wi-Fi Calling, IMS, MMS, "
     "Visual Voicemail)",
     1},
    {"ExcludeAPNs", "Apple Push Notification service (APNs) traffic", 1},
    {"ExcludeDeviceCommunication", "traffic with devices connected by USB or Wi-Fi", 1},
};

/* What a reachable on-demand rule with an Action other than Connect does
 * on the networks it matches. */
static const struct {
  const char *action, *effect;
} not_connect[] = {
    {"Disconnect", "the VPN is disconnected"},
    {"Ignore", "the VPN is not reconnected on demand"},
    {"EvaluateConnection", "the VPN connects only for the domains of its ActionParameters"},
    {"Allow", "only the legacy OnDemandMatchDomains lists start the VPN"},
};

const char *mcl_cover_class_name(mcl_cover_class cls) { return class_names[cls]; }

static const mcl_vpn_caps *caps_of(mcl_vpn_kind kind) {
  for (size_t i = 0; i < sizeof caps_table / sizeof caps_table[0]; i++)
    if (caps_table[i].kind == kind) return &caps_table[i];
  return &caps_table[0];
}

bool mcl_cover_has_gap(const mcl_vpn_cover *c, mcl_gap_kind kind) {
  for (size_t i = 0; i < c->pub.gap_count; i++)
    if (c->kinds[i] == kind) return true;
  return false;
}

/* ---- building one payload's gaps ---- */

typedef struct builder {
  mcl_ctx *ctx;
  mcl_vpn_cover *c;
  const mcl_value *settings; /* the caps->dict dictionary, or NULL */
  const mcl_value *od;       /* the dictionary on-demand keys are read from */
  mcl_vpn_gap *gaps;
  mcl_gap_kind *kinds;
  size_t n, cap, kcap;
} builder;

/* A key path inside the payload: "IKEv2.IncludeAllNetworks". */
static const char *in_payload(builder *b, const char *dict, const char *key) {
  const char *base = dict ? mcl_path_key(b->ctx->arena, b->c->vpn.path, dict) : b->c->vpn.path;
  return mcl_path_key(b->ctx->arena, base, key);
}

static void gap(builder *b, mcl_gap_kind kind, const char *key1, const char *key2,
                const char *fix, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void gap(builder *b, mcl_gap_kind kind, const char *key1, const char *key2,
                const char *fix, const char *fmt, ...) {
  MCL_GROW(b->gaps, b->cap, b->n + 1);
  MCL_GROW(b->kinds, b->kcap, b->n + 1);
  const char **keys = mcl_arena_alloc(b->ctx->arena, 3 * sizeof *keys);
  keys[0] = key1;
  keys[1] = key1 ? key2 : NULL;
  mcl_buf text = {0};
  va_list ap;
  va_start(ap, fmt);
  mcl_buf_vprintf(&text, fmt, ap);
  va_end(ap);
  b->gaps[b->n] = (mcl_vpn_gap){gap_names[kind], keys, mcl_arena_strdup(b->ctx->arena, text.data),
                                fix};
  b->kinds[b->n++] = kind;
  mcl_buf_free(&text);
}

static const char *fix_text(builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *fix_text(builder *b, const char *fmt, ...) {
  mcl_buf text = {0};
  va_list ap;
  va_start(ap, fmt);
  mcl_buf_vprintf(&text, fmt, ap);
  va_end(ap);
  const char *s = mcl_arena_strdup(b->ctx->arena, text.data);
  mcl_buf_free(&text);
  return s;
}

static bool is_true(const mcl_value *dict, const char *key) {
  return dict && mcl_value_is_true(mcl_dict_get(dict, key));
}

static const char *effect_of(const char *action) {
  for (size_t i = 0; i < sizeof not_connect / sizeof not_connect[0]; i++)
    if (action && !strcmp(action, not_connect[i].action)) return not_connect[i].effect;
  return "the VPN is not connected on demand";
}

/* Walks OnDemandRules in order, as a device does, up to the rule where
 * every network is decided: each reachable rule whose Action is not
 * Connect keeps some networks (or all the others) out of the tunnel. */
static void judge_rules(builder *b, const mcl_value *rules) {
  const char *path = in_payload(b, b->c->on_demand_dict, "OnDemandRules");
  bool all_connect = true;
  unsigned interfaces = 0;
  for (size_t k = 0; k < rules->u.array.count; k++) {
    const mcl_value *r = rules->u.array.items[k];
    if (r->type != MCL_T_DICT || !mcl_dict_get(r, "Action")) continue;
    const char *action = mcl_dict_get_string(r, "Action");
    const mcl_entry *match = mcl_on_demand_first_match(r);
    if (match) interfaces = mcl_on_demand_interfaces(r, match, interfaces);
    bool decides_all = !match || interfaces == MCL_ON_DEMAND_ALL_INTERFACES;
    if (!action || strcmp(action, "Connect") != 0) {
      all_connect = false;
      const char *rule_path = mcl_path_index(b->ctx->arena, path, k);
      const char *shown = action ? action : "(not a string)";
      if (match)
        gap(b, MCL_GAP_EXCLUDED, rule_path, NULL,
            fix_text(b, "remove %s, or make its Action Connect", rule_path),
            "on networks that match %s (%s), Action %s: %s", rule_path, match->key, shown,
            effect_of(action));
      else
        gap(b, MCL_GAP_EXCLUDED, rule_path, NULL,
            fix_text(b, "make Connect the Action of %s", rule_path),
            "on every network the rules before it leave, %s has Action %s: %s", rule_path, shown,
            effect_of(action));
    }
    if (decides_all) {
      b->c->everywhere = all_connect;
      return;
    }
  }
  gap(b, MCL_GAP_EXCLUDED, path, NULL,
      fix_text(b, "end %s with a rule that has only Action Connect", path),
      "no rule of %s matches every network: where none matches, the VPN is not connected on "
      "demand",
      path);
}

/* On demand, and whether it connects on every network. */
static bool judge_on_demand(builder *b) {
  const mcl_vpn *v = &b->c->vpn;
  if (v->per_app && is_true(v->dict, "OnDemandMatchAppEnabled")) return true;
  if (!b->od || !is_true(b->od, "OnDemandEnabled")) return false;
  const mcl_value *rules = mcl_dict_get_type(b->od, "OnDemandRules", MCL_T_ARRAY);
  if (rules && rules->u.array.count) {
    judge_rules(b, rules);
    return true;
  }
  if (!mcl_on_demand_legacy_domains(b->od)) return false; /* never connects by itself */
  gap(b, MCL_GAP_EXCLUDED, in_payload(b, b->c->on_demand_dict, "OnDemandMatchDomainsAlways"),
      in_payload(b, b->c->on_demand_dict, "OnDemandMatchDomainsOnRetry"), NULL,
      "on demand starts the VPN only for the domains of the legacy OnDemandMatchDomains lists");
  return true;
}

/* ---- the gaps, kind by kind ---- */

static void user_off(builder *b) {
  mcl_vpn_cover *c = b->c;
  const char *od = c->on_demand_dict;
  if (c->cls == MCL_COVER_ALWAYS_ON) {
    const mcl_value *ao = mcl_dict_get_dict(c->vpn.dict, "AlwaysOn");
    if (is_true(ao, "UIToggleEnabled"))
      gap(b, MCL_GAP_USER_OFF, in_payload(b, "AlwaysOn", "UIToggleEnabled"), NULL,
          "set AlwaysOn.UIToggleEnabled to 0", "AlwaysOn.UIToggleEnabled is 1: the user can turn "
                                               "the VPN off");
    return;
  }
  if (c->cls == MCL_COVER_MANUAL || c->vpn.per_app) return; /* before-connect says it */
  if (c->caps->dict && od && !strcmp(od, c->caps->dict)) {
    if (!is_true(b->od, "OnDemandUserOverrideDisabled"))
      gap(b, MCL_GAP_USER_OFF, in_payload(b, od, "OnDemandUserOverrideDisabled"), NULL,
          fix_text(b, "set %s.OnDemandUserOverrideDisabled to 1 (iOS 14 and later)", od),
          "the user can turn Connect On Demand off in Settings: OnDemandUserOverrideDisabled "
          "is not 1 (it exists on iOS 14 and later, not on macOS)");
    return;
  }
  gap(b, MCL_GAP_USER_OFF, in_payload(b, od, "OnDemandEnabled"), NULL, NULL,
      "the user can turn Connect On Demand off in Settings: %s has no "
      "OnDemandUserOverrideDisabled",
      c->vpn.type->label);
}

static void before_connect(builder *b) {
  mcl_vpn_cover *c = b->c;
  if (c->cls == MCL_COVER_ALWAYS_ON || c->include_all) return;
  if (c->cls == MCL_COVER_MANUAL) {
    const char *od = c->on_demand_dict;
    bool od_on = is_true(b->od, "OnDemandEnabled");
    gap(b, MCL_GAP_BEFORE_CONNECT,
        od ? in_payload(b, od, "OnDemandEnabled") : in_payload(b, NULL, "VPNType"), NULL,
        od ? fix_text(b, "set %s.OnDemandEnabled to 1, with OnDemandRules that end in a rule "
                         "with only Action Connect",
                      od)
           : NULL,
        "%s: the VPN is up only while someone has connected it, and traffic goes around it "
        "otherwise",
        !od      ? "this VPN type has no on demand"
        : od_on  ? "on demand has no rule, so it never connects by itself"
                 : "on demand is off");
    return;
  }
  if (c->caps->dict)
    gap(b, MCL_GAP_BEFORE_CONNECT, in_payload(b, c->caps->dict, "IncludeAllNetworks"), NULL,
        fix_text(b, "set %s.IncludeAllNetworks to 1", c->caps->dict),
        "IncludeAllNetworks is not 1: nothing keeps traffic from leaving outside the tunnel "
        "while it connects or reconnects");
  else
    gap(b, MCL_GAP_BEFORE_CONNECT, in_payload(b, NULL, "VPNType"), NULL, NULL,
        "%s has no IncludeAllNetworks: nothing keeps traffic from leaving outside the tunnel "
        "while it connects or reconnects",
        c->vpn.type->label);
}

static void excluded_by_keys(builder *b) {
  const char *dict = b->c->caps->dict;
  for (size_t i = 0; i < sizeof exclusions / sizeof exclusions[0]; i++) {
    const mcl_value *v = mcl_dict_get(b->settings, exclusions[i].key);
    bool on;
    if (v && mcl_value_truth(v, &on) && !on) continue;
    const char *set = v ? "is 1" : exclusions[i].def > 0 ? "is not set (default 1)"
                                                         : "is not set (default 1 on iOS, 0 on "
                                                           "macOS)";
    gap(b, MCL_GAP_EXCLUDED, in_payload(b, dict, exclusions[i].key), NULL,
        fix_text(b, "set %s.%s to 0", dict, exclusions[i].key),
        "%s %s: %s stays outside the tunnel", exclusions[i].key, set, exclusions[i].what);
  }
}

/* "PayloadContent[0].AlwaysOn.ServiceExceptions[2]" */
static const char *always_on_item(builder *b, const char *list, size_t i) {
  return mcl_path_index(b->ctx->arena, in_payload(b, "AlwaysOn", list), i);
}

static void excluded_always_on(builder *b) {
  const mcl_value *ao = mcl_dict_get_dict(b->c->vpn.dict, "AlwaysOn");
  const mcl_value *list = ao ? mcl_dict_get_type(ao, "ServiceExceptions", MCL_T_ARRAY) : NULL;
  for (size_t i = 0; list && i < list->u.array.count; i++) {
    const mcl_value *e = list->u.array.items[i];
    if (e->type != MCL_T_DICT || !mcl_value_is_string(mcl_dict_get(e, "Action"), "Allow"))
      continue;
    const char *p = always_on_item(b, "ServiceExceptions", i);
    const char *name = mcl_dict_get_string(e, "ServiceName");
    gap(b, MCL_GAP_EXCLUDED, p, NULL, fix_text(b, "set the Action of %s to Drop", p),
        "%s allows the service %s outside the VPN", p, name ? name : "(unnamed)");
  }
  list = ao ? mcl_dict_get_type(ao, "ApplicationExceptions", MCL_T_ARRAY) : NULL;
  for (size_t i = 0; list && i < list->u.array.count; i++) {
    const mcl_value *e = list->u.array.items[i];
    if (e->type != MCL_T_DICT) continue;
    const char *p = always_on_item(b, "ApplicationExceptions", i);
    const char *app = mcl_dict_get_string(e, "BundleIdentifier");
    gap(b, MCL_GAP_EXCLUDED, p, NULL, fix_text(b, "remove %s", p),
        "%s: the connections of %s occur outside the VPN", p, app ? app : "an app");
  }
  static const char *const captive[] = {"AllowCaptiveWebSheet", "AllowAllCaptiveNetworkPlugins"};
  for (size_t i = 0; i < 2; i++)
    if (is_true(ao, captive[i]))
      gap(b, MCL_GAP_EXCLUDED, in_payload(b, "AlwaysOn", captive[i]), NULL,
          fix_text(b, "set AlwaysOn.%s to 0", captive[i]),
          "AlwaysOn.%s is 1: captive network traffic %s goes outside the VPN", captive[i],
          i ? "of every captive networking app" : "of the Captive Web Sheet");
  list = ao ? mcl_dict_get_type(ao, "AllowedCaptiveNetworkPlugins", MCL_T_ARRAY) : NULL;
  if (list && list->u.array.count && !is_true(ao, "AllowAllCaptiveNetworkPlugins"))
    gap(b, MCL_GAP_EXCLUDED, in_payload(b, "AlwaysOn", "AllowedCaptiveNetworkPlugins"), NULL,
        "empty AlwaysOn.AllowedCaptiveNetworkPlugins",
        "AlwaysOn.AllowedCaptiveNetworkPlugins lets %zu captive networking app%s send traffic "
        "outside the VPN",
        list->u.array.count, list->u.array.count == 1 ? "" : "s");
}

static void split(builder *b) {
  mcl_vpn_cover *c = b->c;
  if (c->vpn.per_app) {
    gap(b, MCL_GAP_SPLIT, in_payload(b, NULL, "PayloadType"), NULL, NULL,
        "a per-app VPN (com.apple.vpn.managed.applayer) carries only the traffic of the apps "
        "and domains assigned to it");
    return;
  }
  if (c->cls == MCL_COVER_ALWAYS_ON || c->include_all) return;
  if (c->caps->override_primary) {
    if (!is_true(mcl_dict_get_dict(c->vpn.dict, "IPv4"), "OverridePrimary"))
      gap(b, MCL_GAP_SPLIT, in_payload(b, "IPv4", "OverridePrimary"), NULL,
          "set IPv4.OverridePrimary to 1",
          "IPv4.OverridePrimary is not 1: the system does not send all network traffic over "
          "the VPN, only what its routes cover");
  } else if (c->caps->dict) {
    bool enforced = is_true(b->settings, "EnforceRoutes");
    gap(b, MCL_GAP_SPLIT, in_payload(b, c->caps->dict, "IncludeAllNetworks"),
        enforced ? NULL : in_payload(b, c->caps->dict, "EnforceRoutes"),
        fix_text(b, "set %s.IncludeAllNetworks to 1", c->caps->dict),
        "IncludeAllNetworks is not 1: the routes of the VPN server (or app) decide what goes "
        "through the tunnel%s",
        enforced ? ""
                 : ", and with EnforceRoutes not 1 they do not take precedence over locally "
                   "defined routes");
  } else {
    gap(b, MCL_GAP_SPLIT, in_payload(b, NULL, "VPNType"), NULL, NULL,
        "%s has no key that sends all network traffic through the VPN", c->vpn.type->label);
  }
}

/* The tunnel is the default route: its DNS servers resolve every name. */
static bool default_route(const mcl_vpn_cover *c) {
  return c->cls == MCL_COVER_ALWAYS_ON || c->include_all ||
         (c->caps->override_primary &&
          is_true(mcl_dict_get_dict(c->vpn.dict, "IPv4"), "OverridePrimary"));
}

static void dns(builder *b) {
  const mcl_value *d = mcl_dict_get_dict(b->c->vpn.dict, "DNS");
  const mcl_value *list = d ? mcl_dict_get_type(d, "SupplementalMatchDomains", MCL_T_ARRAY) : NULL;
  if (!list || !list->u.array.count || default_route(b->c) || b->c->vpn.per_app) return;
  for (size_t i = 0; i < list->u.array.count; i++)
    if (mcl_value_is_string(list->u.array.items[i], "")) return; /* the default domain */
  const mcl_vpn_caps *caps = b->c->caps;
  gap(b, MCL_GAP_DNS, in_payload(b, "DNS", "SupplementalMatchDomains"), NULL,
      caps->dict              ? fix_text(b, "set %s.IncludeAllNetworks to 1", caps->dict)
      : caps->override_primary ? "set IPv4.OverridePrimary to 1"
                               : NULL,
      "split DNS: the tunnel's DNS servers resolve only the domains of "
      "DNS.SupplementalMatchDomains, the default resolver every other name, unless the tunnel "
      "becomes the default route");
}

static void removable(builder *b) {
  const mcl_value *root = b->ctx->profile.root;
  bool password = is_true(root, "HasRemovalPasscode");
  for (size_t i = 0; i < b->ctx->profile.payload_count; i++) {
    const char *t = b->ctx->profile.payloads[i].type;
    if (t && !strcmp(t, "com.apple.profileRemovalPassword")) password = true;
  }
  if (!is_true(root, "PayloadRemovalDisallowed"))
    gap(b, MCL_GAP_REMOVABLE, "PayloadRemovalDisallowed", NULL,
        "install the profile through MDM, or set PayloadRemovalDisallowed to true (on iOS, "
        "supervised devices only)",
        "installed by hand, the profile can be removed by the user, and the VPN with it "
        "(PayloadRemovalDisallowed is not true; users cannot remove a profile that MDM "
        "installed)");
  else if (password)
    gap(b, MCL_GAP_REMOVABLE, "PayloadRemovalDisallowed", NULL, NULL,
        "whoever has the removal password can remove the profile, and the VPN with it");
  static const char *const timed[] = {"RemovalDate", "DurationUntilRemoval"};
  for (size_t i = 0; i < 2; i++)
    if (mcl_dict_get(root, timed[i]))
      gap(b, MCL_GAP_REMOVABLE, timed[i], NULL, fix_text(b, "remove %s", timed[i]),
          "the system removes the profile, and the VPN with it, as %s says", timed[i]);
}

/* ---- one payload ---- */

static mcl_cover_class classify(builder *b) {
  mcl_vpn_cover *c = b->c;
  if (c->vpn.type->kind == MCL_VPN_ALWAYSON) return MCL_COVER_ALWAYS_ON;
  if (!judge_on_demand(b)) return MCL_COVER_MANUAL;
  if (c->vpn.per_app || !c->everywhere || !c->include_all) return MCL_COVER_ON_DEMAND;
  return MCL_COVER_ALL_TRAFFIC;
}

/* The first of the type's on-demand dictionaries that the payload has. */
static const char *on_demand_dict(const mcl_vpn *v) {
  for (size_t i = 0; i < 2 && v->type->on_demand[i]; i++)
    if (mcl_dict_get_dict(v->dict, v->type->on_demand[i])) return v->type->on_demand[i];
  return v->type->on_demand[0];
}

static void cover_one(mcl_ctx *ctx, const mcl_vpn *vpn, mcl_vpn_cover *c) {
  memset(c, 0, sizeof *c);
  c->vpn = *vpn;
  c->caps = caps_of(vpn->type->kind);
  c->on_demand_dict = on_demand_dict(vpn);
  builder b = {ctx, c, NULL, NULL, NULL, NULL, 0, 0, 0};
  if (c->caps->dict) b.settings = mcl_dict_get_dict(vpn->dict, c->caps->dict);
  if (c->on_demand_dict) b.od = mcl_dict_get_dict(vpn->dict, c->on_demand_dict);
  c->include_all = !vpn->per_app && is_true(b.settings, "IncludeAllNetworks");
  c->cls = classify(&b);
  user_off(&b);
  before_connect(&b);
  if (c->include_all) excluded_by_keys(&b);
  if (c->cls == MCL_COVER_ALWAYS_ON) excluded_always_on(&b);
  split(&b);
  dns(&b);
  removable(&b);
  /* In the order of the kinds; classify() found the on-demand rules'
   * exclusions first, and they stay first among the exclusions. */
  mcl_vpn_gap *gaps = mcl_arena_alloc(ctx->arena, (b.n ? b.n : 1) * sizeof *gaps);
  mcl_gap_kind *kinds = mcl_arena_alloc(ctx->arena, (b.n ? b.n : 1) * sizeof *kinds);
  size_t k = 0;
  for (int kind = MCL_GAP_USER_OFF; kind <= MCL_GAP_REMOVABLE; kind++)
    for (size_t i = 0; i < b.n; i++)
      if ((int)b.kinds[i] == kind) gaps[k] = b.gaps[i], kinds[k++] = b.kinds[i];
  free(b.gaps);
  free(b.kinds);
  c->kinds = kinds;
  c->pub = (mcl_vpn_coverage){vpn->path, vpn->type->name, class_names[c->cls], gaps, b.n};
}

size_t mcl_vpn_covers(mcl_ctx *ctx, const mcl_vpn_cover **out) {
  if (!ctx->vpn_covers) {
    struct mcl_vpn_covers *all = mcl_arena_alloc(ctx->arena, sizeof *all);
    size_t n = 0;
    mcl_vpn vpn;
    for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) n += vpn.type != NULL;
    all->items = mcl_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *all->items);
    for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);)
      if (vpn.type) cover_one(ctx, &vpn, &all->items[all->count++]);
    ctx->vpn_covers = all;
  }
  *out = ctx->vpn_covers->items;
  return ctx->vpn_covers->count;
}
