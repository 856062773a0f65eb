/* vpn.h: what the VPN rules share. A VPN payload (com.apple.vpn.managed or
 * its per-app twin com.apple.vpn.managed.applayer, which carries the same
 * keys) names a VPNType, and the type decides which of the type
 * dictionaries a device reads. The others are ignored, and with them every
 * on-demand or authentication setting they hold: that is where most VPN
 * profiles go wrong without a word from the device. */
#ifndef MCL_VPN_H
#define MCL_VPN_H

#include "rules/rule.h"

typedef enum {
  MCL_VPN_CUSTOM, /* "VPN": a VPN app's plug-in or network extension */
  MCL_VPN_L2TP,
  MCL_VPN_PPTP,
  MCL_VPN_IPSEC, /* Cisco IPSec */
  MCL_VPN_IKEV2,
  MCL_VPN_ALWAYSON,
  MCL_VPN_TPROXY,
} mcl_vpn_kind;

typedef struct mcl_vpn_type {
  const char *name; /* the VPNType value */
  mcl_vpn_kind kind;
  const char *label;        /* for messages: "Cisco IPSec" */
  const char *reads[2];     /* type dictionaries the device reads */
  const char *needs;        /* the one it cannot work without, or NULL */
  const char *on_demand[2]; /* where on-demand settings are read; none: cannot */
} mcl_vpn_type;

typedef struct mcl_vpn {
  const mcl_value *dict;       /* the payload dictionary */
  const char *path;            /* "PayloadContent[2]" */
  const mcl_value *type_value; /* VPNType's value, or NULL */
  const mcl_vpn_type *type;    /* NULL when VPNType is absent or unknown */
  bool per_app;                /* com.apple.vpn.managed.applayer */
} mcl_vpn;

/* A dictionary of a VPN payload where VPN settings can be written: the
 * payload itself, a type dictionary, or an Always On tunnel. */
typedef struct mcl_vpn_place {
  const char *label; /* "IPSec", "AlwaysOn.TunnelConfigurations[1]", "the payload" */
  const mcl_value *dict;
  const char *path;
  bool read;      /* the device reads this dictionary for this VPNType */
  bool on_demand; /* ... and reads on-demand settings from it */
  bool ikev2;     /* an IKEv2 connection the device uses (IKEv2 or a tunnel) */
  bool tunnel;    /* an entry of AlwaysOn.TunnelConfigurations */
} mcl_vpn_place;

/* The VPN payloads, in profile order:
 *   for (size_t i = 0; mcl_vpn_next(ctx, &i, &vpn);) ... */
bool mcl_vpn_next(const mcl_ctx *ctx, size_t *cursor, mcl_vpn *out);
const mcl_vpn_type *mcl_vpn_type_named(const char *name);
/* Every place of the payload, in a fixed order (payload first). The array
 * lives in the context's arena. */
size_t mcl_vpn_places(mcl_ctx *ctx, const mcl_vpn *vpn, mcl_vpn_place **out);
/* Calls fn for every place of every VPN payload whose VPNType is known:
 * the loop most VPN rules are made of. */
typedef void (*mcl_vpn_place_fn)(mcl_ctx *ctx, const mcl_vpn *vpn, const mcl_vpn_place *place,
                                 void *arg);
void mcl_vpn_each_place(mcl_ctx *ctx, mcl_vpn_place_fn fn, void *arg);
/* The type dictionaries (VPN, PPP, IPSec, IKEv2, AlwaysOn, TransparentProxy). */
extern const char *const mcl_vpn_type_dicts[];
#define MCL_VPN_TYPE_DICT_COUNT 6
bool mcl_vpn_reads(const mcl_vpn *vpn, const char *dict_key);

/* On-demand keys, OnDemandEnabled first. */
extern const char *const mcl_on_demand_keys[];
#define MCL_ON_DEMAND_KEY_COUNT 6
/* The first on-demand key of dict that carries a setting (a non-empty
 * array, or any other value), or NULL. OnDemandEnabled is skipped. */
const mcl_entry *mcl_on_demand_setting(const mcl_value *dict);
/* True when the legacy OnDemandMatchDomains* lists hold a domain. */
bool mcl_on_demand_legacy_domains(const mcl_value *dict);

/* Every OnDemandRules array of the profile: those of VPN payloads (in the
 * payload or a type dictionary) and of DNS settings payloads. */
typedef struct mcl_rule_list {
  const mcl_value *rules; /* the array */
  const char *path;       /* its key path */
  bool vpn;               /* a VPN's rules; false for DNS settings */
} mcl_rule_list;
size_t mcl_on_demand_rule_lists(mcl_ctx *ctx, mcl_rule_list **out);
/* The match keys of an on-demand rule: a rule with none matches every
 * network. */
extern const char *const mcl_on_demand_match_keys[];
#define MCL_ON_DEMAND_MATCH_KEY_COUNT 5
/* The first match key of an on-demand rule, or NULL for a catch-all. */
const mcl_entry *mcl_on_demand_first_match(const mcl_value *rule);
/* Rules matching only on the interface type cover every network once
 * Ethernet, WiFi and Cellular (bits 0, 1, 2 of set) all have one. Returns
 * set with the interface of rule added; match is its first match key. */
#define MCL_ON_DEMAND_ALL_INTERFACES 7u
unsigned mcl_on_demand_interfaces(const mcl_value *rule, const mcl_entry *match, unsigned set);

/* Obsolete IKE proposals in the security-association parameters of an
 * IKEv2 dictionary or Always On tunnel: DES, 3DES, SHA1-96, SHA1-160 and
 * Diffie-Hellman groups 1, 2 and 5, which Apple no longer offers in iOS,
 * macOS and visionOS 26 and never offered in tvOS and watchOS. */
typedef struct mcl_ike_weakness {
  const mcl_value *value; /* the offending value */
  const char *path;
  const char *key;  /* EncryptionAlgorithm, IntegrityAlgorithm, DiffieHellmanGroup */
  const char *what; /* "3DES", "Diffie-Hellman group 2" */
  bool dh_group;
} mcl_ike_weakness;
size_t mcl_ike_weaknesses(mcl_ctx *ctx, const mcl_value *ikev2, const char *path,
                          mcl_ike_weakness **out);

#endif
