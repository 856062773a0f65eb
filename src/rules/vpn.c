/* vpn.c: the VPN type table and the places of a VPN payload (see vpn.h).
 *
 * The table follows Apple's com.apple.vpn.managed documentation: L2TP
 * reads PPP and IPSec, Cisco IPSec reads IPSec, IKEv2 reads IKEv2, and
 * on-demand settings live only in the VPN, IPSec, IKEv2 and
 * TransparentProxy dictionaries, each read only for its own type.
 * TransparentProxy configurations written before macOS 14 keep their
 * settings in the VPN dictionary, so both count for that type. */
#include "rules/vpn.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static const mcl_vpn_type types[] = {
    {"VPN", MCL_VPN_CUSTOM, "a VPN app (VPNType VPN)", {"VPN"}, "VPN", {"VPN"}},
    {"L2TP", MCL_VPN_L2TP, "L2TP", {"PPP", "IPSec"}, "PPP", {NULL}},
    {"PPTP", MCL_VPN_PPTP, "PPTP", {"PPP"}, "PPP", {NULL}},
    {"IPSec", MCL_VPN_IPSEC, "Cisco IPSec", {"IPSec"}, "IPSec", {"IPSec"}},
    {"IKEv2", MCL_VPN_IKEV2, "IKEv2", {"IKEv2"}, "IKEv2", {"IKEv2"}},
    {"AlwaysOn", MCL_VPN_ALWAYSON, "Always On", {"AlwaysOn"}, "AlwaysOn", {NULL}},
    {"TransparentProxy",
     MCL_VPN_TPROXY,
     "a transparent proxy",
     {"TransparentProxy", "VPN"},
     NULL,
     {"TransparentProxy", "VPN"}},
};

const char *const mcl_vpn_type_dicts[] = {"VPN",   "PPP",      "IPSec",
                                          "IKEv2", "AlwaysOn", "TransparentProxy"};

const char *const mcl_on_demand_keys[] = {
    "OnDemandEnabled",
    "OnDemandRules",
    "OnDemandMatchDomainsAlways",
    "OnDemandMatchDomainsNever",
    "OnDemandMatchDomainsOnRetry",
    "OnDemandUserOverrideDisabled",
};

const mcl_vpn_type *mcl_vpn_type_named(const char *name) {
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcmp(types[i].name, name) == 0) return &types[i];
  return NULL;
}

bool mcl_vpn_next(const mcl_ctx *ctx, size_t *cursor, mcl_vpn *out) {
  const mcl_profile *p = &ctx->profile;
  while (*cursor < p->payload_count) {
    const mcl_payload *pl = &p->payloads[(*cursor)++];
    if (!pl->type) continue;
    bool per_app = strcmp(pl->type, "com.apple.vpn.managed.applayer") == 0;
    if (!per_app && strcmp(pl->type, "com.apple.vpn.managed") != 0) continue;
    memset(out, 0, sizeof *out);
    out->dict = pl->dict;
    out->path = pl->path;
    out->per_app = per_app;
    out->type_value = mcl_dict_get(pl->dict, "VPNType");
    if (out->type_value && out->type_value->type == MCL_T_STRING)
      out->type = mcl_vpn_type_named(out->type_value->u.str.s);
    return true;
  }
  return false;
}

static bool listed(const char *const *list, size_t n, const char *key) {
  for (size_t i = 0; i < n && list[i]; i++)
    if (strcmp(list[i], key) == 0) return true;
  return false;
}

bool mcl_vpn_reads(const mcl_vpn *vpn, const char *dict_key) {
  return vpn->type && listed(vpn->type->reads, 2, dict_key);
}

static void add_place(mcl_vpn_place *places, size_t *n, mcl_vpn_place place) {
  places[(*n)++] = place;
}

size_t mcl_vpn_places(mcl_ctx *ctx, const mcl_vpn *vpn, mcl_vpn_place **out) {
  const mcl_value *ao = mcl_dict_get_dict(vpn->dict, "AlwaysOn");
  const mcl_value *tunnels = ao ? mcl_dict_get_type(ao, "TunnelConfigurations", MCL_T_ARRAY) : NULL;
  size_t cap = 1 + MCL_VPN_TYPE_DICT_COUNT + (tunnels ? tunnels->u.array.count : 0), n = 0;
  mcl_vpn_place *places = mcl_arena_alloc(ctx->arena, cap * sizeof *places);
  add_place(places, &n,
            (mcl_vpn_place){"the payload", vpn->dict, vpn->path, true, false, false, false});
  for (size_t i = 0; i < MCL_VPN_TYPE_DICT_COUNT; i++) {
    const char *key = mcl_vpn_type_dicts[i];
    const mcl_value *d = mcl_dict_get_dict(vpn->dict, key);
    if (!d) continue;
    bool read = mcl_vpn_reads(vpn, key);
    add_place(places, &n,
              (mcl_vpn_place){key, d, mcl_path_key(ctx->arena, vpn->path, key), read,
                              read && listed(vpn->type->on_demand, 2, key),
                              read && vpn->type->kind == MCL_VPN_IKEV2, false});
  }
  bool always_on = vpn->type && vpn->type->kind == MCL_VPN_ALWAYSON;
  for (size_t i = 0; tunnels && i < tunnels->u.array.count; i++) {
    const mcl_value *t = tunnels->u.array.items[i];
    if (t->type != MCL_T_DICT) continue;
    char *path = mcl_path_key(ctx->arena, vpn->path, "AlwaysOn");
    path = mcl_path_index(ctx->arena, mcl_path_key(ctx->arena, path, "TunnelConfigurations"), i);
    add_place(places, &n,
              (mcl_vpn_place){mcl_arena_printf(ctx->arena, "AlwaysOn.TunnelConfigurations[%zu]", i),
                              t, path, always_on, false, always_on, true});
  }
  *out = places;
  return n;
}

void mcl_vpn_each_place(mcl_ctx *ctx, mcl_vpn_place_fn fn, void *arg) {
  mcl_vpn vpn;
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) {
    if (!vpn.type) continue;
    mcl_vpn_place *places;
    size_t n = mcl_vpn_places(ctx, &vpn, &places);
    for (size_t k = 0; k < n; k++) fn(ctx, &vpn, &places[k], arg);
  }
}

static bool array_has_items(const mcl_value *v) {
  return v && v->type == MCL_T_ARRAY && v->u.array.count > 0;
}

const mcl_entry *mcl_on_demand_setting(const mcl_value *dict) {
  for (size_t i = 1; i < MCL_ON_DEMAND_KEY_COUNT; i++) {
    const mcl_entry *e = mcl_dict_entry(dict, mcl_on_demand_keys[i]);
    if (!e) continue;
    bool on;
    if (e->value->type == MCL_T_ARRAY ? array_has_items(e->value)
                                      : !mcl_value_truth(e->value, &on) || on)
      return e;
  }
  return NULL;
}

bool mcl_on_demand_legacy_domains(const mcl_value *dict) {
  for (size_t i = 2; i < 5; i++)
    if (array_has_items(mcl_dict_get(dict, mcl_on_demand_keys[i]))) return true;
  return false;
}

const char *const mcl_on_demand_match_keys[] = {
    "DNSDomainMatch", "DNSServerAddressMatch", "InterfaceTypeMatch", "SSIDMatch", "URLStringProbe"};

const mcl_entry *mcl_on_demand_first_match(const mcl_value *rule) {
  for (size_t i = 0; i < rule->u.dict.count; i++) {
    const mcl_entry *e = &rule->u.dict.entries[i];
    if (e->shadowed) continue;
    for (size_t k = 0; k < MCL_ON_DEMAND_MATCH_KEY_COUNT; k++)
      if (strcmp(e->key, mcl_on_demand_match_keys[k]) == 0) return e;
  }
  return NULL;
}

unsigned mcl_on_demand_interfaces(const mcl_value *rule, const mcl_entry *match, unsigned set) {
  static const char *const names[] = {"Ethernet", "WiFi", "Cellular"};
  if (strcmp(match->key, "InterfaceTypeMatch") != 0 || match->value->type != MCL_T_STRING)
    return set;
  for (size_t i = 0; i < MCL_ON_DEMAND_MATCH_KEY_COUNT; i++)
    if (strcmp(mcl_on_demand_match_keys[i], "InterfaceTypeMatch") != 0 &&
        mcl_dict_get(rule, mcl_on_demand_match_keys[i]))
      return set;
  for (unsigned i = 0; i < 3; i++)
    if (strcmp(match->value->u.str.s, names[i]) == 0) set |= 1u << i;
  return set;
}

size_t mcl_on_demand_rule_lists(mcl_ctx *ctx, mcl_rule_list **out) {
  size_t n = 0, cap = 0;
  mcl_rule_list *lists = NULL;
  mcl_vpn vpn;
  for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) {
    mcl_vpn_place *places;
    size_t np = mcl_vpn_places(ctx, &vpn, &places);
    for (size_t k = 0; k < np; k++) {
      const mcl_value *r = mcl_dict_get_type(places[k].dict, "OnDemandRules", MCL_T_ARRAY);
      if (!r || places[k].tunnel) continue;
      MCL_GROW(lists, cap, n + 1);
      lists[n++] =
          (mcl_rule_list){r, mcl_path_key(ctx->arena, places[k].path, "OnDemandRules"), true};
    }
  }
  for (size_t i = 0; i < ctx->profile.payload_count; i++) {
    const mcl_payload *pl = &ctx->profile.payloads[i];
    if (!pl->type || strcmp(pl->type, "com.apple.dnsSettings.managed") != 0) continue;
    const mcl_value *r = mcl_dict_get_type(pl->dict, "OnDemandRules", MCL_T_ARRAY);
    if (!r) continue;
    MCL_GROW(lists, cap, n + 1);
    lists[n++] = (mcl_rule_list){r, mcl_path_key(ctx->arena, pl->path, "OnDemandRules"), false};
  }
  mcl_rule_list *copy = mcl_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *copy);
  if (n) memcpy(copy, lists, n * sizeof *copy);
  free(lists);
  *out = copy;
  return n;
}

static const char *weak_algorithm(const mcl_value *v) {
  static const char *const weak[] = {"DES", "3DES", "SHA1-96", "SHA1-160"};
  if (!v || v->type != MCL_T_STRING) return NULL;
  for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++)
    if (strcmp(v->u.str.s, weak[i]) == 0) return weak[i];
  return NULL;
}

size_t mcl_ike_weaknesses(mcl_ctx *ctx, const mcl_value *ikev2, const char *path,
                          mcl_ike_weakness **out) {
  static const char *const sa_keys[] = {"IKESecurityAssociationParameters",
                                        "ChildSecurityAssociationParameters"};
  static const char *const alg_keys[] = {"EncryptionAlgorithm", "IntegrityAlgorithm"};
  mcl_ike_weakness *w = mcl_arena_alloc(ctx->arena, 6 * sizeof *w);
  size_t n = 0;
  for (size_t s = 0; s < 2; s++) {
    const mcl_value *sa = mcl_dict_get_dict(ikev2, sa_keys[s]);
    if (!sa) continue;
    const char *sa_path = mcl_path_key(ctx->arena, path, sa_keys[s]);
    for (size_t a = 0; a < 2; a++) {
      const mcl_value *v = mcl_dict_get(sa, alg_keys[a]);
      const char *what = weak_algorithm(v);
      if (what)
        w[n++] = (mcl_ike_weakness){v, mcl_path_key(ctx->arena, sa_path, alg_keys[a]), alg_keys[a],
                                    what, false};
    }
    const mcl_value *dh = mcl_dict_get(sa, "DiffieHellmanGroup");
    int64_t g;
    if (mcl_value_int64(dh, &g) && (g == 1 || g == 2 || g == 5))
      w[n++] = (mcl_ike_weakness){
          dh, mcl_path_key(ctx->arena, sa_path, "DiffieHellmanGroup"), "DiffieHellmanGroup",
          mcl_arena_printf(ctx->arena, "Diffie-Hellman group %d", (int)g), true};
  }
  *out = w;
  return n;
}
