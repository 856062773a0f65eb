/* VPN coverage (rules/coverage.c, through mcl_result_vpn): each coverage
 * class and each gap; and the policy rule vpn-coverage that judges it,
 * with and without a target. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define VPN_PAYLOAD(ptype, vtype)                                                       \
  "      <key>PayloadIdentifier</key><string>com.example.vpn</string>\n"                \
  "      <key>PayloadType</key><string>" ptype "</string>\n"                            \
  "      <key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n" \
  "      <key>PayloadVersion</key><integer>1</integer>\n"                               \
  "      <key>UserDefinedName</key><string>Office</string>\n"                           \
  "      <key>VPNType</key><string>" vtype "</string>\n"
#define VPN(vtype) VPN_PAYLOAD("com.apple.vpn.managed", vtype)
#define DICT(name, body) "      <key>" name "</key>\n      <dict>\n" body "      </dict>\n"
#define KEY1(k) "        <key>" k "</key><integer>1</integer>\n"
#define KEY0(k) "        <key>" k "</key><integer>0</integer>\n"
#define RULES(body) "        <key>OnDemandRules</key><array>\n" body "        </array>\n"
#define RULE(action, match) \
  "          <dict><key>Action</key><string>" action "</string>" match "</dict>\n"
#define CONNECT RULES(RULE("Connect", ""))
#define ON_DEMAND KEY1("OnDemandEnabled") CONNECT
/* An IKEv2 VPN with every gap closed that a profile can close. */
#define TIGHT                                                                            \
  KEY1("IncludeAllNetworks")                                                             \
  KEY0("ExcludeLocalNetworks")                                                           \
  KEY0("ExcludeCellularServices") KEY0("ExcludeAPNs") KEY0("ExcludeDeviceCommunication") \
      KEY1("OnDemandUserOverrideDisabled") ON_DEMAND
#define TUNNEL                                                                        \
  "          <dict><key>ProtocolType</key><string>IKEv2</string>"                     \
  "<key>RemoteAddress</key><string>vpn.example.com</string></dict>\n"
#define ALWAYS_ON(body)                                                                 \
  DICT("AlwaysOn",                                                                      \
       "        <key>TunnelConfigurations</key><array>\n" TUNNEL "        </array>\n" body)

typedef struct {
  char *text;
  mcl_result *r;
} lint;

/* The payload in a profile; root_keys go into the profile's dictionary. */
static lint run_with(const char *body, const char *root_keys, const char *const *settings) {
  lint l;
  char *text = profile_with_payload(body);
  const char *at = strstr(text, "  <key>PayloadType</key><string>Configuration");
  size_t head = (size_t)(at - text), n = strlen(text) + strlen(root_keys) + 1;
  l.text = malloc(n);
  memcpy(l.text, text, head);
  strcpy(l.text + head, root_keys);
  strcat(l.text, at);
  free(text);
  l.r = lint_text(l.text, settings);
  return l;
}

static lint run(const char *body) { return run_with(body, "", NULL); }

static void done(lint *l) {
  mcl_result_free(l->r);
  free(l->text);
}

static const mcl_vpn_coverage *only_vpn(const lint *l) {
  ck_assert_uint_eq(mcl_result_vpn_count(l->r), 1);
  const mcl_vpn_coverage *c = mcl_result_vpn(l->r, 0);
  ck_assert_str_eq(c->path, "PayloadContent[0]");
  return c;
}

static size_t gaps_of(const mcl_vpn_coverage *c, const char *kind) {
  size_t n = 0;
  for (size_t i = 0; i < c->gap_count; i++) n += strcmp(c->gaps[i].kind, kind) == 0;
  return n;
}

/* The first gap of a kind; the test fails when there is none. */
static const mcl_vpn_gap *gap_of(const mcl_vpn_coverage *c, const char *kind) {
  for (size_t i = 0; i < c->gap_count; i++)
    if (strcmp(c->gaps[i].kind, kind) == 0) return &c->gaps[i];
  ck_abort_msg("no %s gap", kind);
  return NULL;
}

static void assert_keys(const mcl_vpn_gap *g, const char *k0, const char *k1) {
  ck_assert_str_eq(g->keys[0], k0);
  if (k1)
    ck_assert_str_eq(g->keys[1], k1);
  else
    ck_assert_ptr_null(g->keys[1]);
}

#define HAS(s, part) ck_assert_msg(strstr((s), (part)) != NULL, "'%s' lacks '%s'", (s), (part))

/* ---- coverage classes ---- */

START_TEST(class_manual) {
  lint l = run(VPN("IKEv2") DICT("IKEv2", ""));
  const mcl_vpn_coverage *c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "manual");
  ck_assert_str_eq(c->vpn_type, "IKEv2");
  const mcl_vpn_gap *g = gap_of(c, "before-connect");
  assert_keys(g, "PayloadContent[0].IKEv2.OnDemandEnabled", NULL);
  HAS(g->detail, "on demand is off");
  HAS(g->fix, "set IKEv2.OnDemandEnabled to 1");
  ck_assert_uint_eq(gaps_of(c, "user-can-disable"), 0); /* before-connect says it */
  done(&l);
  /* OnDemandEnabled without rules never connects by itself. */
  l = run(VPN("IKEv2") DICT("IKEv2", KEY1("OnDemandEnabled")));
  c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "manual");
  HAS(gap_of(c, "before-connect")->detail, "never connects by itself");
  done(&l);
  /* L2TP has no on demand at all. */
  l = run(VPN("L2TP") DICT("PPP", "") DICT("IPSec", ""));
  c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "manual");
  g = gap_of(c, "before-connect");
  assert_keys(g, "PayloadContent[0].VPNType", NULL);
  ck_assert_ptr_null(g->fix);
  done(&l);
}
END_TEST

START_TEST(class_on_demand) {
  lint l = run(VPN("IKEv2") DICT("IKEv2", ON_DEMAND));
  const mcl_vpn_coverage *c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "on-demand");
  ck_assert_uint_eq(gaps_of(c, "user-can-disable"), 1);
  ck_assert_uint_eq(gaps_of(c, "before-connect"), 1);
  ck_assert_uint_eq(gaps_of(c, "split-tunnel"), 1);
  ck_assert_uint_eq(gaps_of(c, "excluded"), 0);
  done(&l);
  /* IncludeAllNetworks, but a trusted network disconnects. */
  l = run(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks") KEY1("OnDemandEnabled") RULES(
                                         RULE("Disconnect", "<key>SSIDMatch</key><array>"
                                                            "<string>Office</string></array>")
                                             RULE("Connect", ""))));
  c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "on-demand");
  done(&l);
}
END_TEST

START_TEST(class_all_traffic_without_gaps) {
  lint l = run_with(VPN("IKEv2") DICT("IKEv2", TIGHT),
                    "  <key>PayloadRemovalDisallowed</key><true/>\n", NULL);
  const mcl_vpn_coverage *c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "all-traffic-on-demand");
  ck_assert_msg(c->gap_count == 0, "gap %s: %s", c->gaps[0].kind, c->gaps[0].detail);
  done(&l);
  /* A VPN app reads the same keys in its VPN dictionary. */
  l = run_with(VPN("VPN") "      <key>VPNSubType</key><string>com.example.vpn</string>\n"
                   DICT("VPN", TIGHT),
               "  <key>PayloadRemovalDisallowed</key><true/>\n", NULL);
  c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "all-traffic-on-demand");
  ck_assert_uint_eq(c->gap_count, 0);
  done(&l);
  /* Interface rules that together match every network count as a catch-all. */
  l = run(VPN("IKEv2") DICT(
      "IKEv2", KEY1("IncludeAllNetworks") KEY1("OnDemandEnabled") RULES(
                   RULE("Connect", "<key>InterfaceTypeMatch</key><string>WiFi</string>")
                       RULE("Connect", "<key>InterfaceTypeMatch</key><string>Cellular</string>")
                           RULE("Connect",
                                "<key>InterfaceTypeMatch</key><string>Ethernet</string>"))));
  ck_assert_str_eq(only_vpn(&l)->coverage, "all-traffic-on-demand");
  done(&l);
}
END_TEST

START_TEST(class_always_on) {
  lint l = run_with(VPN("AlwaysOn") ALWAYS_ON(""),
                    "  <key>PayloadRemovalDisallowed</key><true/>\n", NULL);
  const mcl_vpn_coverage *c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "always-on");
  ck_assert_uint_eq(c->gap_count, 0);
  done(&l);
}
END_TEST

/* ---- gaps ---- */

START_TEST(gap_user_can_disable) {
  lint l = run(VPN("IKEv2") DICT("IKEv2", ON_DEMAND));
  const mcl_vpn_gap *g = gap_of(only_vpn(&l), "user-can-disable");
  assert_keys(g, "PayloadContent[0].IKEv2.OnDemandUserOverrideDisabled", NULL);
  HAS(g->fix, "set IKEv2.OnDemandUserOverrideDisabled to 1");
  done(&l);
  l = run(VPN("IKEv2") DICT("IKEv2", KEY1("OnDemandUserOverrideDisabled") ON_DEMAND));
  ck_assert_uint_eq(gaps_of(only_vpn(&l), "user-can-disable"), 0);
  done(&l);
  /* Cisco IPSec has no key for it. */
  l = run(VPN("IPSec") DICT("IPSec", ON_DEMAND));
  g = gap_of(only_vpn(&l), "user-can-disable");
  assert_keys(g, "PayloadContent[0].IPSec.OnDemandEnabled", NULL);
  HAS(g->detail, "Cisco IPSec has no OnDemandUserOverrideDisabled");
  ck_assert_ptr_null(g->fix);
  done(&l);
  l = run(VPN("AlwaysOn") ALWAYS_ON(KEY1("UIToggleEnabled")));
  g = gap_of(only_vpn(&l), "user-can-disable");
  assert_keys(g, "PayloadContent[0].AlwaysOn.UIToggleEnabled", NULL);
  ck_assert_str_eq(g->fix, "set AlwaysOn.UIToggleEnabled to 0");
  done(&l);
}
END_TEST

START_TEST(gap_before_connect) {
  lint l = run(VPN("IKEv2") DICT("IKEv2", ON_DEMAND));
  const mcl_vpn_gap *g = gap_of(only_vpn(&l), "before-connect");
  assert_keys(g, "PayloadContent[0].IKEv2.IncludeAllNetworks", NULL);
  ck_assert_str_eq(g->fix, "set IKEv2.IncludeAllNetworks to 1");
  HAS(g->detail, "while it connects or reconnects");
  done(&l);
  l = run(VPN("IPSec") DICT("IPSec", ON_DEMAND));
  g = gap_of(only_vpn(&l), "before-connect");
  HAS(g->detail, "Cisco IPSec has no IncludeAllNetworks");
  ck_assert_ptr_null(g->fix);
  done(&l);
  l = run(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks") ON_DEMAND));
  ck_assert_uint_eq(gaps_of(only_vpn(&l), "before-connect"), 0);
  done(&l);
}
END_TEST

START_TEST(gap_excluded_by_keys) {
  /* Absent exclusion keys take Apple's defaults. */
  lint l = run(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks") ON_DEMAND));
  const mcl_vpn_coverage *c = only_vpn(&l);
  ck_assert_uint_eq(gaps_of(c, "excluded"), 4);
  const mcl_vpn_gap *g = gap_of(c, "excluded");
  assert_keys(g, "PayloadContent[0].IKEv2.ExcludeLocalNetworks", NULL);
  HAS(g->detail, "default 1 on iOS, 0 on macOS");
  ck_assert_str_eq(g->fix, "set IKEv2.ExcludeLocalNetworks to 0");
  HAS(c->gaps[c->gap_count - 2].detail, "devices connected by USB or Wi-Fi");
  done(&l);
  l = run(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks") KEY0("ExcludeLocalNetworks")
                                         KEY0("ExcludeCellularServices") KEY1("ExcludeAPNs")
                                             KEY0("ExcludeDeviceCommunication") ON_DEMAND));
  c = only_vpn(&l);
  ck_assert_uint_eq(gaps_of(c, "excluded"), 1);
  g = gap_of(c, "excluded");
  assert_keys(g, "PayloadContent[0].IKEv2.ExcludeAPNs", NULL);
  HAS(g->detail, "ExcludeAPNs is 1: Apple Push Notification service (APNs) traffic");
  done(&l);
}
END_TEST

START_TEST(gap_excluded_by_rules) {
  lint l = run(VPN("IKEv2") DICT(
      "IKEv2", KEY1("IncludeAllNetworks") KEY1("OnDemandEnabled")
                   RULES(RULE("Disconnect",
                              "<key>SSIDMatch</key><array><string>Office</string></array>")
                             RULE("Connect", "") RULE("Disconnect", ""))));
  const mcl_vpn_coverage *c = only_vpn(&l);
  /* The rule after the catch-all is never reached: one exclusion. */
  const mcl_vpn_gap *g = gap_of(c, "excluded");
  assert_keys(g, "PayloadContent[0].IKEv2.OnDemandRules[0]", NULL);
  HAS(g->detail, "(SSIDMatch), Action Disconnect: the VPN is disconnected");
  ck_assert_uint_eq(gaps_of(c, "excluded"), 5); /* and the four keys' defaults */
  done(&l);
  /* No rule matches every network. */
  l = run(VPN("IKEv2") DICT(
      "IKEv2", KEY1("OnDemandEnabled") RULES(RULE(
                   "Connect", "<key>InterfaceTypeMatch</key><string>WiFi</string>"))));
  g = gap_of(only_vpn(&l), "excluded");
  assert_keys(g, "PayloadContent[0].IKEv2.OnDemandRules", NULL);
  HAS(g->detail, "matches every network");
  done(&l);
  /* Legacy domain lists start the VPN only for their domains. */
  l = run(VPN("IPSec") DICT("IPSec", KEY1("OnDemandEnabled")
                                         "        <key>OnDemandMatchDomainsAlways</key>"
                                         "<array><string>example.com</string></array>\n"));
  c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "on-demand");
  HAS(gap_of(c, "excluded")->detail, "legacy OnDemandMatchDomains");
  done(&l);
}
END_TEST

START_TEST(gap_excluded_always_on) {
  lint l = run(VPN("AlwaysOn") ALWAYS_ON(
      "        <key>ServiceExceptions</key><array>"
      "<dict><key>ServiceName</key><string>VoiceMail</string>"
      "<key>Action</key><string>Allow</string></dict>"
      "<dict><key>ServiceName</key><string>AirPrint</string>"
      "<key>Action</key><string>Drop</string></dict></array>\n"
      "        <key>ApplicationExceptions</key><array>"
      "<dict><key>BundleIdentifier</key><string>com.example.app</string></dict></array>\n" KEY1(
          "AllowCaptiveWebSheet")));
  const mcl_vpn_coverage *c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "always-on");
  ck_assert_uint_eq(gaps_of(c, "excluded"), 3);
  assert_keys(&c->gaps[0], "PayloadContent[0].AlwaysOn.ServiceExceptions[0]", NULL);
  HAS(c->gaps[0].detail, "VoiceMail");
  assert_keys(&c->gaps[1], "PayloadContent[0].AlwaysOn.ApplicationExceptions[0]", NULL);
  HAS(c->gaps[1].detail, "com.example.app");
  assert_keys(&c->gaps[2], "PayloadContent[0].AlwaysOn.AllowCaptiveWebSheet", NULL);
  done(&l);
}
END_TEST

START_TEST(gap_split_tunnel) {
  lint l = run(VPN("IPSec") DICT("IPSec", ON_DEMAND));
  const mcl_vpn_gap *g = gap_of(only_vpn(&l), "split-tunnel");
  assert_keys(g, "PayloadContent[0].IPv4.OverridePrimary", NULL);
  ck_assert_str_eq(g->fix, "set IPv4.OverridePrimary to 1");
  done(&l);
  l = run(VPN("IPSec") DICT("IPSec", ON_DEMAND) DICT("IPv4", KEY1("OverridePrimary")));
  ck_assert_uint_eq(gaps_of(only_vpn(&l), "split-tunnel"), 0);
  done(&l);
  l = run(VPN("IKEv2") DICT("IKEv2", ON_DEMAND));
  g = gap_of(only_vpn(&l), "split-tunnel");
  assert_keys(g, "PayloadContent[0].IKEv2.IncludeAllNetworks",
              "PayloadContent[0].IKEv2.EnforceRoutes");
  HAS(g->detail, "locally defined routes");
  done(&l);
  l = run(VPN("IKEv2") DICT("IKEv2", KEY1("EnforceRoutes") ON_DEMAND));
  g = gap_of(only_vpn(&l), "split-tunnel");
  assert_keys(g, "PayloadContent[0].IKEv2.IncludeAllNetworks", NULL);
  done(&l);
  l = run(VPN_PAYLOAD("com.apple.vpn.managed.applayer", "IKEv2")
              "      <key>OnDemandMatchAppEnabled</key><true/>\n" DICT("IKEv2", ""));
  const mcl_vpn_coverage *c = only_vpn(&l);
  ck_assert_str_eq(c->coverage, "on-demand");
  g = gap_of(c, "split-tunnel");
  assert_keys(g, "PayloadContent[0].PayloadType", NULL);
  HAS(g->detail, "per-app VPN");
  done(&l);
}
END_TEST

#define SPLIT_DNS(domain)                                                   \
  DICT("DNS", "        <key>ServerAddresses</key><array><string>10.0.0.1</string></array>\n" \
              "        <key>SupplementalMatchDomains</key><array><string>" domain         \
              "</string></array>\n")

START_TEST(gap_dns) {
  lint l = run(VPN("IKEv2") DICT("IKEv2", ON_DEMAND) SPLIT_DNS("corp.example.com"));
  const mcl_vpn_gap *g = gap_of(only_vpn(&l), "dns");
  assert_keys(g, "PayloadContent[0].DNS.SupplementalMatchDomains", NULL);
  HAS(g->detail, "default resolver");
  done(&l);
  /* The empty string is the default domain. */
  l = run(VPN("IKEv2") DICT("IKEv2", ON_DEMAND) SPLIT_DNS(""));
  ck_assert_uint_eq(gaps_of(only_vpn(&l), "dns"), 0);
  done(&l);
  /* The tunnel is the default route: its servers resolve every name. */
  l = run(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks") ON_DEMAND)
              SPLIT_DNS("corp.example.com"));
  ck_assert_uint_eq(gaps_of(only_vpn(&l), "dns"), 0);
  done(&l);
}
END_TEST

START_TEST(gap_removable) {
  lint l = run(VPN("IKEv2") DICT("IKEv2", ON_DEMAND));
  const mcl_vpn_gap *g = gap_of(only_vpn(&l), "removable");
  assert_keys(g, "PayloadRemovalDisallowed", NULL);
  HAS(g->detail, "installed by hand");
  done(&l);
  l = run_with(VPN("IKEv2") DICT("IKEv2", ON_DEMAND),
               "  <key>PayloadRemovalDisallowed</key><true/>\n"
               "  <key>RemovalDate</key><date>2030-01-01T00:00:00Z</date>\n",
               NULL);
  const mcl_vpn_coverage *c = only_vpn(&l);
  ck_assert_uint_eq(gaps_of(c, "removable"), 1);
  g = gap_of(c, "removable");
  assert_keys(g, "RemovalDate", NULL);
  done(&l);
  l = run_with(VPN("IKEv2") DICT("IKEv2", ON_DEMAND),
               "  <key>PayloadRemovalDisallowed</key><true/>\n"
               "  <key>HasRemovalPasscode</key><true/>\n",
               NULL);
  HAS(gap_of(only_vpn(&l), "removable")->detail, "removal password");
  done(&l);
}
END_TEST

START_TEST(no_vpn_no_coverage) {
  lint l = run(VPN_PAYLOAD("com.apple.vpn.managed", "NoSuchType"));
  ck_assert_uint_eq(mcl_result_vpn_count(l.r), 0);
  ck_assert_ptr_null(mcl_result_vpn(l.r, 0));
  done(&l);
}
END_TEST

/* ---- the policy ---- */

static const mcl_diag *policy_finding(const lint *l) {
  ck_assert_msg(count_rule(l->r, "vpn-coverage") == 1, "%s", dump_diags(l->r));
  const mcl_diag *d = find_rule(l->r, "vpn-coverage");
  unsigned line, col;
  const char *at = strstr(l->text, "<key>VPNType</key>");
  pos_at(l->text, strstr(at, "<string>"), &line, &col);
  ck_assert_uint_eq(d->line, line);
  ck_assert_uint_eq(d->col, col);
  ck_assert_str_eq(d->path, "PayloadContent[0].VPNType");
  return d;
}

#define ALL_TRAFFIC "policy.vpn-coverage=all-traffic"
#define NO_POLICY_FINDING(l) \
  ck_assert_msg(count_rule((l).r, "vpn-coverage") == 0, "%s", dump_diags((l).r))

START_TEST(policy_inert_without_setting) {
  lint l = run(VPN("IPSec") DICT("IPSec", ON_DEMAND));
  NO_POLICY_FINDING(l);
  done(&l);
}
END_TEST

START_TEST(policy_all_traffic) {
  const char *const set[] = {ALL_TRAFFIC, NULL};
  lint l = run_with(VPN("IKEv2") DICT("IKEv2", ON_DEMAND), "", set);
  const mcl_diag *d = policy_finding(&l);
  ck_assert_int_eq(d->severity, MCL_ERROR);
  HAS(d->message, "is on-demand, short of policy.vpn-coverage = \"all-traffic\"");
  HAS(d->message, "IncludeAllNetworks is not 1");
  HAS(d->message, "the user can turn Connect On Demand off");
  ck_assert_str_eq(d->hint, "set IKEv2.IncludeAllNetworks to 1; set "
                            "IKEv2.OnDemandUserOverrideDisabled to 1");
  done(&l);
  /* Exclusions and removal are shown by the audit, not failed. */
  l = run_with(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks")
                                              KEY1("OnDemandUserOverrideDisabled") ON_DEMAND),
               "", set);
  NO_POLICY_FINDING(l);
  done(&l);
  l = run_with(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks")), "", set);
  d = policy_finding(&l);
  HAS(d->message, "it connects only when someone turns it on");
  HAS(d->hint, "set IKEv2.OnDemandEnabled to 1");
  done(&l);
  l = run_with(VPN("AlwaysOn") ALWAYS_ON(""), "", set);
  NO_POLICY_FINDING(l);
  done(&l);
}
END_TEST

START_TEST(policy_types_that_cannot) {
  const char *const set[] = {ALL_TRAFFIC, NULL};
  lint l = run_with(VPN("IPSec") DICT("IPSec", ON_DEMAND) DICT("IPv4", KEY1("OverridePrimary")),
                    "", set);
  const mcl_diag *d = policy_finding(&l);
  HAS(d->message, "Cisco IPSec has no IncludeAllNetworks");
  HAS(d->hint, "Cisco IPSec cannot: use VPNType IKEv2");
  HAS(d->hint, "VPNType AlwaysOn");
  done(&l);
  l = run_with(VPN("L2TP") DICT("PPP", "") DICT("IPSec", ""), "", set);
  HAS(policy_finding(&l)->hint, "L2TP cannot");
  done(&l);
  l = run_with(VPN_PAYLOAD("com.apple.vpn.managed.applayer", "IKEv2")
                   DICT("IKEv2", KEY1("IncludeAllNetworks") ON_DEMAND),
               "", set);
  HAS(policy_finding(&l)->hint, "a per-app VPN cannot");
  done(&l);
}
END_TEST

START_TEST(policy_respects_target) {
  /* macOS has no OnDemandUserOverrideDisabled: not required there. */
  const char *const macos[] = {ALL_TRAFFIC, "platform=macos", NULL};
  lint l = run_with(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks") ON_DEMAND), "", macos);
  NO_POLICY_FINDING(l);
  done(&l);
  /* Devices older than the keys ignore them; the schema says the same. */
  const char *const ios13[] = {ALL_TRAFFIC, "platform=ios", "min-os=13", NULL};
  l = run_with(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks")
                                              KEY1("OnDemandUserOverrideDisabled") ON_DEMAND),
               "", ios13);
  const mcl_diag *d = policy_finding(&l);
  HAS(d->message, "IncludeAllNetworks and OnDemandUserOverrideDisabled arrived in iOS 14.0, "
                     "and the minimum OS is 13.0");
  ck_assert_str_eq(d->hint, "raise min-os to 14.0");
  ck_assert_uint_ge(count_rule(l.r, "newer-than-min-os"), 1);
  done(&l);
  const char *const tvos[] = {ALL_TRAFFIC, "platform=tvos", NULL};
  l = run_with(VPN("IKEv2") DICT("IKEv2", KEY1("IncludeAllNetworks") ON_DEMAND), "", tvos);
  HAS(policy_finding(&l)->hint, "no VPN payload can carry all traffic on tvOS");
  done(&l);
  /* Always On: only supervised iOS. */
  const char *const unsup[] = {ALL_TRAFFIC, "platform=ios", "supervision=unsupervised", NULL};
  l = run_with(VPN("AlwaysOn") ALWAYS_ON(""), "", unsup);
  d = policy_finding(&l);
  HAS(d->message, "installs only on supervised devices");
  HAS(d->hint, "use VPNType IKEv2");
  done(&l);
}
END_TEST

START_TEST(policy_always_on) {
  const char *const set[] = {"policy.vpn-coverage=always-on", "platform=ios",
                             "supervision=supervised", NULL};
  lint l = run_with(VPN("AlwaysOn") ALWAYS_ON(""), "", set);
  NO_POLICY_FINDING(l);
  done(&l);
  l = run_with(VPN("AlwaysOn") ALWAYS_ON(KEY1("UIToggleEnabled")), "", set);
  ck_assert_str_eq(policy_finding(&l)->hint, "set AlwaysOn.UIToggleEnabled to 0");
  done(&l);
  l = run_with(VPN("IKEv2") DICT("IKEv2", TIGHT), "", set);
  const mcl_diag *d = policy_finding(&l);
  HAS(d->message, "is all-traffic-on-demand, short of policy.vpn-coverage = \"always-on\"");
  HAS(d->hint, "use VPNType AlwaysOn");
  done(&l);
  const char *const mac[] = {"policy.vpn-coverage=always-on", "platform=macos", NULL};
  l = run_with(VPN("IKEv2") DICT("IKEv2", TIGHT), "", mac);
  HAS(policy_finding(&l)->hint, "\"all-traffic\" is the most a profile can meet there");
  done(&l);
}
END_TEST

START_TEST(policy_setting) {
  mcl_options *o = mcl_options_new();
  char *err = NULL;
  ck_assert_int_eq(mcl_options_set(o, "policy.vpn-coverage", "always-on", &err), 0);
  ck_assert_int_eq(mcl_options_set(o, "policy.vpn-coverage", "everything", &err), -1);
  HAS(err, "unknown VPN coverage 'everything'");
  free(err);
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  mcl_options_write(o, out);
  fclose(out);
  HAS(text, "vpn-coverage = \"always-on\"");
  free(text);
  mcl_options_free(o);
}
END_TEST

/* The audit shows the same coverage, in text and JSON. */
static char *audit_text(const mcl_result *r, const char *format) {
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  mcl_audit *a = mcl_audit_new(format, out);
  mcl_audit_add(a, r);
  ck_assert_int_eq(mcl_audit_finish(a), 0);
  fclose(out);
  return text;
}

/* The audit's JSON without the layout: white space outside strings removed,
 * so that the checks below are about content, not indentation. */
static char *compact_json(char *t) {
  bool in_str = false;
  char *w = t;
  for (const char *p = t; *p; p++) {
    if (in_str) {
      *w++ = *p;
      if (*p == '\\' && p[1]) *w++ = *++p;
      else if (*p == '"') in_str = false;
    } else if (*p == '"') {
      in_str = true;
      *w++ = *p;
    } else if (*p != ' ' && *p != '\n' && *p != '\t') {
      *w++ = *p;
    }
  }
  *w = '\0';
  return t;
}

START_TEST(audit_shows_coverage) {
  lint l = run(VPN("IPSec") DICT("IPSec", ON_DEMAND));
  char *t = audit_text(l.r, "text");
  HAS(t, "  VPN coverage (1)\n    PayloadContent[0]  VPNType IPSec  on-demand\n"
         "      user-can-disable: the user can turn Connect On Demand off in Settings: Cisco "
         "IPSec has no OnDemandUserOverrideDisabled\n"
         "        keys  PayloadContent[0].IPSec.OnDemandEnabled\n"
         "        fix   none: this VPN type cannot\n");
  free(t);
  t = compact_json(audit_text(l.r, "json"));
  HAS(t, "\"vpn_coverage\":[{\"path\":\"PayloadContent[0]\",\"vpn_type\":\"IPSec\","
         "\"coverage\":\"on-demand\",\"gaps\":[{\"kind\":\"user-can-disable\","
         "\"keys\":[\"PayloadContent[0].IPSec.OnDemandEnabled\"],");
  HAS(t, "\"fix\":\"set IPv4.OverridePrimary to 1\"}");
  free(t);
  done(&l);
  /* No VPN: an empty list in JSON, no section in text. */
  l = run("      <key>PayloadType</key><string>com.apple.dock</string>\n");
  t = compact_json(audit_text(l.r, "json"));
  HAS(t, "\"vpn_coverage\":[]}");
  free(t);
  t = audit_text(l.r, "text");
  ck_assert_ptr_null(strstr(t, "VPN coverage"));
  free(t);
  done(&l);
}
END_TEST

Suite *coverage_suite(void) {
  Suite *s = suite_create("coverage");
  TCase *c = tcase_create("classes and gaps");
  tcase_add_test(c, class_manual);
  tcase_add_test(c, class_on_demand);
  tcase_add_test(c, class_all_traffic_without_gaps);
  tcase_add_test(c, class_always_on);
  tcase_add_test(c, gap_user_can_disable);
  tcase_add_test(c, gap_before_connect);
  tcase_add_test(c, gap_excluded_by_keys);
  tcase_add_test(c, gap_excluded_by_rules);
  tcase_add_test(c, gap_excluded_always_on);
  tcase_add_test(c, gap_split_tunnel);
  tcase_add_test(c, gap_dns);
  tcase_add_test(c, gap_removable);
  tcase_add_test(c, no_vpn_no_coverage);
  tcase_add_test(c, audit_shows_coverage);
  suite_add_tcase(s, c);
  TCase *p = tcase_create("policy");
  tcase_add_test(p, policy_inert_without_setting);
  tcase_add_test(p, policy_all_traffic);
  tcase_add_test(p, policy_types_that_cannot);
  tcase_add_test(p, policy_respects_target);
  tcase_add_test(p, policy_always_on);
  tcase_add_test(p, policy_setting);
  suite_add_tcase(s, p);
  return s;
}
