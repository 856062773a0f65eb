/* coverage.h: what the keys of a VPN payload add up to. How much of a
 * device's traffic goes through the tunnel (a coverage class), and what
 * stays outside it (gaps), each gap with the key paths behind it and, when
 * the VPN type has one, the setting that closes it. Computed once per
 * input, for the vpn-coverage policy rule and for the audit (through
 * mcl_result_vpn, mclint.h). It says only what Apple's com.apple.vpn.managed
 * schema documents; docs/audit.md cites it. */
#ifndef MCL_COVERAGE_H
#define MCL_COVERAGE_H

#include "rules/vpn.h"

/* Ordered: a higher class covers more. */
typedef enum {
  MCL_COVER_MANUAL,      /* up only while someone has connected it */
  MCL_COVER_ON_DEMAND,   /* connects by itself, but not all traffic everywhere */
  MCL_COVER_ALL_TRAFFIC, /* on demand on every network, IncludeAllNetworks 1 */
  MCL_COVER_ALWAYS_ON,   /* VPNType AlwaysOn */
} mcl_cover_class;

typedef enum {
  MCL_GAP_USER_OFF,       /* the user can switch it off */
  MCL_GAP_BEFORE_CONNECT, /* traffic leaves while the tunnel is not up */
  MCL_GAP_EXCLUDED,       /* networks and services kept outside */
  MCL_GAP_SPLIT,          /* only some traffic is routed into the tunnel */
  MCL_GAP_DNS,            /* names resolved outside the tunnel */
  MCL_GAP_REMOVABLE,      /* the profile, and the VPN with it, can go */
} mcl_gap_kind;

/* What a VPN type can do about coverage, from Apple's schema. */
typedef struct mcl_vpn_caps {
  mcl_vpn_kind kind;
  /* The dictionary that holds IncludeAllNetworks, EnforceRoutes, the
   * Exclude* keys and OnDemandUserOverrideDisabled; NULL: none of them. */
  const char *dict;
  bool override_primary; /* IPv4.OverridePrimary 1 sends all traffic over it */
} mcl_vpn_caps;

typedef struct mcl_vpn_cover {
  mcl_vpn_coverage pub; /* what the library reports */
  mcl_vpn vpn;
  const mcl_vpn_caps *caps;
  mcl_cover_class cls;
  const mcl_gap_kind *kinds; /* kinds[i] is the kind of pub.gaps[i] */
  bool include_all;          /* IncludeAllNetworks 1 where this type reads it */
  bool everywhere;           /* on demand connects on every network */
  /* Where this VPNType reads its on-demand keys, e.g. "IKEv2"; NULL when
   * it has none (L2TP, PPTP, Always On). */
  const char *on_demand_dict;
} mcl_vpn_cover;

/* Every VPN payload of the input whose VPNType is known, in profile order.
 * Computed on the first call and kept in the context's arena. */
size_t mcl_vpn_covers(mcl_ctx *ctx, const mcl_vpn_cover **out);
const char *mcl_cover_class_name(mcl_cover_class cls); /* "all-traffic-on-demand" */
bool mcl_cover_has_gap(const mcl_vpn_cover *c, mcl_gap_kind kind);

#endif
