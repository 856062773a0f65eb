/* VPN rules: on demand, type dictionaries, authentication, IKE proposals,
 * Always On. Positions are those of the marked text in each profile. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define COMMON(type)                                                                    \
  "      <key>PayloadIdentifier</key><string>com.example.vpn</string>\n"                \
  "      <key>PayloadType</key><string>" type                                           \
  "</string>\n"                                                                         \
  "      <key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n" \
  "      <key>PayloadVersion</key><integer>1</integer>\n"
#define VPN(type)                                             \
  COMMON("com.apple.vpn.managed")                             \
  "      <key>UserDefinedName</key><string>Office</string>\n" \
  "      <key>VPNType</key><string>" type "</string>\n"
#define IKEV2_CONNECTION                                                  \
  "        <key>RemoteAddress</key><string>vpn.example.com</string>\n"    \
  "        <key>RemoteIdentifier</key><string>vpn.example.com</string>\n" \
  "        <key>LocalIdentifier</key><string>client.example.com</string>\n"
#define IKEV2_CERT                                                        \
  IKEV2_CONNECTION                                                        \
  "        <key>AuthenticationMethod</key><string>Certificate</string>\n" \
  "        "                                                              \
  "<key>PayloadCertificateUUID</key><string>1E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n"
#define CONNECT_RULES                                                                       \
  "        "                                                                                \
  "<key>OnDemandRules</key><array><dict><key>Action</key><string>Connect</string></dict></" \
  "array>\n"
#define IKEV2(body) "      <key>IKEv2</key>\n      <dict>\n" IKEV2_CERT body "      </dict>\n"

typedef struct {
  char *text;
  mcl_result *r;
} lint;

static lint run(const char *body, const char *const *settings) {
  lint l;
  l.text = profile_with_payload(body);
  l.r = lint_text(l.text, settings);
  return l;
}

static void done(lint *l) {
  mcl_result_free(l->r);
  free(l->text);
}

#define NONE(l, rule) \
  ck_assert_msg(count_rule((l).r, rule) == 0, "%s reported:\n%s", rule, dump_diags((l).r))

START_TEST(on_demand_without_rules) {
  lint l =
      run(VPN("IKEv2") IKEV2("        <key>OnDemandEnabled</key><integer>1</integer>\n"), NULL);
  ck_assert_diag_at_text(l.r, "vpn-on-demand-without-rules", l.text,
                         "<integer>1</integer>\n      </dict>");
  ck_assert_str_eq(find_rule(l.r, "vpn-on-demand-without-rules")->path,
                   "PayloadContent[0].IKEv2.OnDemandEnabled");
  done(&l);
  l = run(VPN("IKEv2") IKEV2("        <key>OnDemandEnabled</key><integer>1</integer>\n"
                             "        <key>OnDemandRules</key><array/>\n"),
          NULL);
  ck_assert_uint_eq(count_rule(l.r, "vpn-on-demand-without-rules"), 1);
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-on-demand-without-rules")->message, "empty"));
  done(&l);
  l = run(VPN("IKEv2") IKEV2("        <key>OnDemandEnabled</key><true/>\n" CONNECT_RULES), NULL);
  NONE(l, "vpn-on-demand-without-rules");
  done(&l);
  /* The legacy domain lists still drive on demand. */
  l = run(VPN("IPSec") "      <key>IPSec</key><dict>\n"
                       "        <key>OnDemandEnabled</key><integer>1</integer>\n"
                       "        <key>OnDemandMatchDomainsAlways</key><array><string>example.com</string></array>\n"
                       "      </dict>\n", NULL);
  NONE(l, "vpn-on-demand-without-rules");
  done(&l);
  /* A per-app VPN started by its apps. */
  l = run(COMMON("com.apple.vpn.managed.applayer")
          "      <key>VPNType</key><string>IKEv2</string>\n"
          "      <key>OnDemandMatchAppEnabled</key><true/>\n"
          IKEV2("        <key>OnDemandEnabled</key><integer>1</integer>\n"), NULL);
  NONE(l, "vpn-on-demand-without-rules");
  done(&l);
  l = run(COMMON("com.apple.vpn.managed.applayer") "      <key>VPNType</key><string>IKEv2</string>\n"
          IKEV2("        <key>OnDemandEnabled</key><integer>1</integer>\n"
                "        <key>OnDemandMatchAppEnabled</key><true/>\n"),
          NULL);
  NONE(l, "vpn-on-demand-without-rules");
  done(&l);
}
END_TEST

START_TEST(on_demand_inactive) {
  lint l = run(VPN("IKEv2")
                   IKEV2("        <key>OnDemandEnabled</key><integer>0</integer>\n" CONNECT_RULES),
               NULL);
  ck_assert_diag_at_text(l.r, "vpn-on-demand-inactive", l.text, "<key>OnDemandRules");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-on-demand-inactive")->message, "is 0"));
  done(&l);
  l = run(VPN("IKEv2") IKEV2(CONNECT_RULES), NULL);
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-on-demand-inactive")->message, "not set"));
  done(&l);
  l = run(VPN("IKEv2")
              IKEV2("        <key>OnDemandEnabled</key><integer>1</integer>\n" CONNECT_RULES),
          NULL);
  NONE(l, "vpn-on-demand-inactive");
  done(&l);
  /* A flag left at its default changes nothing. */
  l = run(VPN("IKEv2")
              IKEV2("        <key>OnDemandUserOverrideDisabled</key><integer>0</integer>\n"),
          NULL);
  NONE(l, "vpn-on-demand-inactive");
  done(&l);
}
END_TEST

START_TEST(on_demand_ignored) {
  lint l = run(VPN("L2TP") "      <key>PPP</key><dict><key>CommRemoteAddress</key><string>h</string></dict>\n"
                           "      <key>IPSec</key><dict>\n"
                           "        <key>SharedSecret</key><data>c2VjcmV0</data>\n"
                           "        <key>OnDemandEnabled</key><integer>1</integer>\n" CONNECT_RULES
                           "      </dict>\n", NULL);
  ck_assert_diag_at_text(l.r, "vpn-on-demand-ignored", l.text, "<key>OnDemandEnabled");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-on-demand-ignored")->message, "L2TP"));
  NONE(l, "vpn-on-demand-without-rules");
  done(&l);
  /* On-demand keys in the payload instead of the IKEv2 dictionary. */
  l = run(VPN("IKEv2")
              IKEV2("") "      <key>OnDemandEnabled</key><integer>1</integer>\n" CONNECT_RULES,
          NULL);
  ck_assert_diag_at_text(l.r, "vpn-on-demand-ignored", l.text, "<key>OnDemandEnabled");
  ck_assert_str_eq(find_rule(l.r, "vpn-on-demand-ignored")->path,
                   "PayloadContent[0].OnDemandEnabled");
  {
    unsigned line, col;
    pos_of(l.text, "<key>OnDemandEnabled", &line, &col);
    ck_assert_uint_eq(count_rule_at(l.r, "unknown-key", line, col), 0); /* superseded */
    pos_of(l.text, "<key>OnDemandRules", &line, &col);
    ck_assert_uint_eq(count_rule_at(l.r, "unknown-key", line, col), 1); /* not this rule's */
  }
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-on-demand-ignored")->hint, "IKEv2"));
  done(&l);
  /* In the IPSec dictionary of an IKEv2 VPN. */
  l = run(
      VPN("IKEv2") IKEV2(
          "") "      <key>IPSec</key><dict><key>OnDemandEnabled</key><integer>1</integer></dict>\n",
      NULL);
  ck_assert_uint_eq(count_rule(l.r, "vpn-on-demand-ignored"), 1);
  ck_assert_uint_eq(count_rule(l.r, "vpn-ignored-dictionary"), 1);
  done(&l);
  l = run(VPN("IKEv2")
              IKEV2("        <key>OnDemandEnabled</key><integer>1</integer>\n" CONNECT_RULES),
          NULL);
  NONE(l, "vpn-on-demand-ignored");
  done(&l);
  /* Switched off where it would be ignored anyway: nothing is lost. */
  l = run(VPN("L2TP") "      <key>PPP</key><dict/>\n      <key>IPSec</key><dict><key>OnDemandEnabled</key><integer>0</integer></dict>\n", NULL);
  NONE(l, "vpn-on-demand-ignored");
  done(&l);
}
END_TEST

START_TEST(type_dictionaries) {
  lint l = run(VPN("IKEv2") "      <key>IPSec</key><dict>" IKEV2_CERT "</dict>\n", NULL);
  ck_assert_diag_at_text(l.r, "vpn-missing-type-dictionary", l.text, "<string>IKEv2");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-missing-type-dictionary")->hint, "IPSec"));
  ck_assert_diag_at_text(l.r, "vpn-ignored-dictionary", l.text, "<key>IPSec");
  done(&l);
  /* L2TP reads PPP and IPSec; IPv4, DNS and Proxies belong to every type. */
  l = run(VPN("L2TP") "      <key>PPP</key><dict/>\n      <key>IPSec</key><dict><key>SharedSecret</key><data>c2VjcmV0</data></dict>\n"
                      "      <key>IPv4</key><dict/>\n      <key>Proxies</key><dict/>\n", NULL);
  NONE(l, "vpn-missing-type-dictionary");
  NONE(l, "vpn-ignored-dictionary");
  done(&l);
  l = run(VPN("IKEv2") IKEV2(
              "") "      <key>VendorConfig</key><dict><key>Realm</key><string>R</string></dict>\n",
          NULL);
  ck_assert_diag_at_text(l.r, "vpn-ignored-dictionary", l.text, "<key>VendorConfig");
  done(&l);
  l = run(VPN("AlwaysOn") "      <key>IKEv2</key><dict>" IKEV2_CONNECTION
                          "</dict>\n"
                          "      <key>AlwaysOn</key><dict/>\n",
          NULL);
  ck_assert_ptr_nonnull(
      strstr(find_rule(l.r, "vpn-ignored-dictionary")->hint, "TunnelConfigurations"));
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-ignored-dictionary")->message, "RemoteAddress"));
  done(&l);
  /* Only defaults, as Profile Manager writes for every type: nothing lost. */
  l = run(VPN("VPN") "      <key>VPNSubType</key><string>com.example.vpn</string>\n"
                     "      <key>VPN</key><dict><key>RemoteAddress</key><string>h</string></dict>\n"
                     "      <key>IPSec</key><dict><key>AuthenticationMethod</key>"
                     "<string>SharedSecret</string>\n"
                     "        <key>OnDemandEnabled</key><integer>0</integer>"
                     "<key>PromptForVPNPIN</key><false/></dict>\n",
          NULL);
  NONE(l, "vpn-ignored-dictionary");
  done(&l);
  /* An unknown type is the schema's business. */
  l = run(VPN("Cisco") "      <key>IPSec</key><dict/>\n", NULL);
  NONE(l, "vpn-missing-type-dictionary");
  NONE(l, "vpn-ignored-dictionary");
  done(&l);
}
END_TEST

START_TEST(type_removed) {
  lint l = run(VPN("PPTP") "      <key>PPP</key><dict><key>OnDemandEnabled</key><integer>1</integer></dict>\n"
                           "      <key>IPSec</key><dict/>\n", NULL);
  ck_assert_diag_at_text(l.r, "vpn-type-removed", l.text, "<string>PPTP");
  ck_assert_str_eq(find_rule(l.r, "vpn-type-removed")->path, "PayloadContent[0].VPNType");
  NONE(l, "not-in-enum"); /* superseded */
  /* Nothing else about a removed type is worth saying. */
  NONE(l, "vpn-on-demand-ignored");
  NONE(l, "vpn-ignored-dictionary");
  done(&l);
}
END_TEST

#define XAUTH_IPSEC(extra)                                             \
  "      <key>IPSec</key><dict>\n"                                     \
  "        <key>LocalIdentifier</key><string>staff[hybrid]</string>\n" \
  "        <key>XAuthEnabled</key><integer>1</integer>\n"              \
  "        <key>OnDemandEnabled</key><integer>1</integer>\n" CONNECT_RULES extra "      </dict>\n"

START_TEST(on_demand_prompts) {
  lint l = run(VPN("IPSec") XAUTH_IPSEC(
                   "        <key>XAuthName</key><string>alice</string>\n"
                   "        <key>XAuthPasswordEncryption</key><string>Prompt</string>\n"),
               NULL);
  ck_assert_diag_at_text(l.r, "vpn-on-demand-prompts", l.text, "<key>XAuthPasswordEncryption");
  done(&l);
  /* A password missing from the profile is asked for once, at installation,
   * and stored: on demand still connects by itself. */
  l = run(VPN("IPSec") XAUTH_IPSEC("        <key>XAuthName</key><string>alice</string>\n"), NULL);
  NONE(l, "vpn-on-demand-prompts");
  done(&l);
  l = run(VPN("IPSec") XAUTH_IPSEC("        <key>XAuthName</key><string>alice</string>\n"
                                   "        <key>XAuthPassword</key><string>pw</string>\n"),
          NULL);
  NONE(l, "vpn-on-demand-prompts");
  done(&l);
  l = run(VPN("IPSec") XAUTH_IPSEC("        <key>PromptForVPNPIN</key><true/>\n"), NULL);
  ck_assert_diag_at_text(l.r, "vpn-on-demand-prompts", l.text, "<key>PromptForVPNPIN");
  done(&l);
  /* IKEv2 EAP: missing credentials are asked for once and stored; stored
   * credentials or EAP-TLS never ask. */
  const char *eap =
      VPN("IKEv2") "      <key>IKEv2</key><dict>\n" IKEV2_CONNECTION
                   "        <key>AuthenticationMethod</key><string>None</string>\n"
                   "        <key>ExtendedAuthEnabled</key><integer>1</integer>\n"
                   "        <key>OnDemandEnabled</key><integer>1</integer>\n" CONNECT_RULES;
  char buf[4096];
  snprintf(buf, sizeof buf, "%s      </dict>\n", eap);
  l = run(buf, NULL);
  NONE(l, "vpn-on-demand-prompts");
  done(&l);
  snprintf(buf, sizeof buf,
           "%s        <key>AuthName</key><string>a</string>\n"
           "        <key>AuthPassword</key><string>p</string>\n      </dict>\n",
           eap);
  l = run(buf, NULL);
  NONE(l, "vpn-on-demand-prompts");
  done(&l);
  snprintf(buf, sizeof buf,
           "%s        "
           "<key>PayloadCertificateUUID</key><string>1E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</"
           "string>\n      </dict>\n",
           eap);
  l = run(buf, NULL);
  NONE(l, "vpn-on-demand-prompts");
  done(&l);
  /* Not on demand: asking is fine. */
  l = run(VPN("IKEv2") "      <key>IKEv2</key><dict>" IKEV2_CONNECTION
                       "<key>ExtendedAuthEnabled</key><integer>1</integer></dict>\n",
          NULL);
  NONE(l, "vpn-on-demand-prompts");
  done(&l);
}
END_TEST

#define RULES(rules)                                             \
  IKEV2(                                                         \
      "        <key>OnDemandEnabled</key><integer>1</integer>\n" \
      "        <key>OnDemandRules</key><array>\n" rules "        </array>\n")

START_TEST(on_demand_actions) {
  lint l = run(VPN("IKEv2")
                   RULES("<dict><key>SSIDMatch</key><array><string>Office</string></array></dict>\n"
                         "<dict><key>Action</key><string>Allow</string></dict>\n"),
               NULL);
  ck_assert_uint_eq(count_rule(l.r, "on-demand-action"), 2);
  unsigned line, col;
  pos_of(l.text, "<dict><key>SSIDMatch", &line, &col);
  ck_assert_uint_eq(count_rule_at(l.r, "on-demand-action", line, col), 1);
  pos_of(l.text, "<string>Allow", &line, &col);
  ck_assert_uint_eq(count_rule_at(l.r, "on-demand-action", line, col), 1);
  done(&l);
  l = run(VPN("IKEv2") RULES("<dict><key>Action</key><string>Connect</string></dict>\n"), NULL);
  NONE(l, "on-demand-action");
  done(&l);
}
END_TEST

START_TEST(on_demand_action_parameters) {
  lint l = run(
      VPN("IKEv2") RULES(
          "<dict><key>Action</key><string>Connect</string><key>InterfaceTypeMatch</"
          "key><string>WiFi</string>\n"
          "  <key>ActionParameters</key><array/></dict>\n"
          "<dict><key>Action</key><string>EvaluateConnection</string><key>SSIDMatch</key><array/></"
          "dict>\n"
          "<dict><key>Action</key><string>EvaluateConnection</string><key>ActionParameters</"
          "key><array>\n"
          "  <dict><key>Domains</key><array/><key>DomainAction</key><string>NeverConnect</string>\n"
          "    <key>RequiredDNSServers</key><array/></dict>\n"
          "  <dict><key>DomainAction</key><string>ConnectIfNeeded</string></dict>\n"
          "  <dict><key>Domains</key><array/></dict>\n"
          "</array></dict>\n"),
      NULL);
  ck_assert_uint_eq(count_rule(l.r, "on-demand-action-parameters"), 5);
  unsigned line, col;
  pos_of(l.text, "<key>ActionParameters</key><array/>", &line, &col);
  ck_assert_uint_eq(count_rule_at(l.r, "on-demand-action-parameters", line, col), 1);
  pos_of(l.text, "<string>EvaluateConnection</string><key>SSIDMatch", &line, &col);
  ck_assert_uint_eq(count_rule_at(l.r, "on-demand-action-parameters", line, col), 1);
  pos_of(l.text, "<key>RequiredDNSServers", &line, &col);
  ck_assert_uint_eq(count_rule_at(l.r, "on-demand-action-parameters", line, col), 1);
  pos_of(l.text, "<dict><key>DomainAction</key><string>ConnectIfNeeded", &line, &col);
  ck_assert_uint_eq(count_rule_at(l.r, "on-demand-action-parameters", line, col), 1);
  done(&l);
  /* DNS settings payloads have on-demand rules too. */
  l = run(COMMON("com.apple.dnsSettings.managed")
          "      <key>DNSSettings</key><dict><key>DNSProtocol</key><string>TLS</string>"
          "<key>ServerName</key><string>dns.example.com</string></dict>\n"
          "      <key>OnDemandRules</key><array><dict><key>Action</key><string>Disconnect</string>\n"
          "        <key>ActionParameters</key><array/></dict></array>\n", NULL);
  ck_assert_diag_at_text(l.r, "on-demand-action-parameters", l.text, "<key>ActionParameters");
  NONE(l, "on-demand-rule-order"); /* DNS settings apply where no rule matches */
  done(&l);
}
END_TEST

START_TEST(on_demand_rule_order) {
  lint l =
      run(VPN("IKEv2") RULES("<dict><key>Action</key><string>Disconnect</string>"
                             "<key>SSIDMatch</key><array><string>Office</string></array></dict>\n"),
          NULL);
  ck_assert_diag_at_text(l.r, "on-demand-rule-order", l.text,
                         "<dict><key>Action</key><string>Disconnect");
  ck_assert_str_eq(find_rule(l.r, "on-demand-rule-order")->path,
                   "PayloadContent[0].IKEv2.OnDemandRules[0]");
  done(&l);
  l = run(VPN("IKEv2") RULES("<dict><key>Action</key><string>Connect</string></dict>\n"
                             "<dict><key>Action</key><string>Disconnect</string></dict>\n"),
          NULL);
  ck_assert_diag_at_text(l.r, "on-demand-rule-order", l.text,
                         "<dict><key>Action</key><string>Disconnect");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "on-demand-rule-order")->message, "never used"));
  done(&l);
  /* Every interface type decided counts as a catch-all. */
  l = run(VPN("IKEv2")
              RULES("<dict><key>Action</key><string>Connect</string><key>InterfaceTypeMatch</"
                    "key><string>WiFi</string></dict>\n"
                    "<dict><key>Action</key><string>Connect</string><key>InterfaceTypeMatch</"
                    "key><string>Cellular</string></dict>\n"
                    "<dict><key>Action</key><string>Ignore</string><key>InterfaceTypeMatch</"
                    "key><string>Ethernet</string></dict>\n"),
          NULL);
  NONE(l, "on-demand-rule-order");
  done(&l);
  l = run(VPN("IKEv2")
              RULES("<dict><key>Action</key><string>Connect</string><key>InterfaceTypeMatch</"
                    "key><string>WiFi</string></dict>\n"
                    "<dict><key>Action</key><string>Connect</string><key>InterfaceTypeMatch</"
                    "key><string>Cellular</string></dict>\n"),
          NULL);
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "on-demand-rule-order")->message, "Ethernet"));
  done(&l);
}
END_TEST

START_TEST(auth_incomplete) {
  lint l =
      run(VPN("IKEv2") "      <key>IKEv2</key><dict>\n" IKEV2_CONNECTION
                       "        <key>AuthenticationMethod</key><string>Certificate</string>\n"
                       "        <key>PPKIdentifier</key><string>ppk-1</string>\n      </dict>\n",
          NULL);
  ck_assert_uint_eq(count_rule(l.r, "vpn-auth-incomplete"), 2);
  unsigned line, col;
  pos_of(l.text, "<string>Certificate", &line, &col);
  ck_assert_uint_eq(count_rule_at(l.r, "vpn-auth-incomplete", line, col), 1);
  pos_of(l.text, "<key>PPKIdentifier", &line, &col);
  ck_assert_uint_eq(count_rule_at(l.r, "vpn-auth-incomplete", line, col), 1);
  done(&l);
  /* Cisco IPSec defaults to a shared secret; hybrid needs none. */
  l = run(
      VPN("IPSec") "      "
                   "<key>IPSec</key><dict><key>RemoteAddress</key><string>h</string></dict>\n",
      NULL);
  ck_assert_diag_at_text(l.r, "vpn-auth-incomplete", l.text, "<dict><key>RemoteAddress");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-auth-incomplete")->message, "default"));
  done(&l);
  l = run(VPN("IPSec") "      <key>IPSec</key><dict><key>LocalIdentifier</key><string>g [hybrid]</string></dict>\n", NULL);
  NONE(l, "vpn-auth-incomplete");
  done(&l);
  l = run(VPN("IKEv2") "      <key>IKEv2</key><dict>" IKEV2_CONNECTION
                       "<key>AuthenticationMethod</key><string>None</string></dict>\n",
          NULL);
  ck_assert_diag_at_text(l.r, "vpn-auth-incomplete", l.text, "<string>None");
  done(&l);
  l = run(VPN("IKEv2") "      <key>IKEv2</key><dict>" IKEV2_CONNECTION
                       "<key>AuthenticationMethod</key><string>None</string>"
                       "<key>ExtendedAuthEnabled</key><integer>1</integer></dict>\n",
          NULL);
  NONE(l, "vpn-auth-incomplete");
  done(&l);
  l = run(VPN("L2TP") "      <key>PPP</key><dict/>\n", NULL);
  ck_assert_diag_at_text(l.r, "vpn-auth-incomplete", l.text, "<string>L2TP");
  done(&l);
  /* An invalid secret is present (the reader reported it). */
  l = run(VPN("IKEv2") "      <key>IKEv2</key><dict>" IKEV2_CONNECTION
                       "<key>AuthenticationMethod</key><string>SharedSecret</string>"
                       "<key>SharedSecret</key><string>{{secret}}</string></dict>\n",
          NULL);
  NONE(l, "vpn-auth-incomplete");
  done(&l);
}
END_TEST

START_TEST(auth_ignored_key) {
  lint l = run(VPN("L2TP") "      <key>PPP</key><dict/>\n      <key>IPSec</key><dict>\n"
                           "        <key>SharedSecret</key><data>c2VjcmV0</data>\n"
                           "        <key>XAuthName</key><string>alice</string>\n"
                           "        <key>XAuthEnabled</key><integer>0</integer>\n      </dict>\n", NULL);
  ck_assert_diag_at_text(l.r, "vpn-auth-ignored-key", l.text, "<key>XAuthName");
  done(&l);
  l = run(VPN("IPSec") "      <key>IPSec</key><dict>\n"
                       "        <key>SharedSecret</key><data>c2VjcmV0</data>\n"
                       "        <key>XAuthName</key><string>alice</string>\n      </dict>\n", NULL);
  ck_assert_diag_at_text(l.r, "vpn-auth-ignored-key", l.text, "<key>XAuthName");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-auth-ignored-key")->message, "XAuthEnabled"));
  done(&l);
  l = run(VPN("IKEv2") IKEV2("        <key>SharedSecret</key><string>s</string>\n"), NULL);
  ck_assert_diag_at_text(l.r, "vpn-auth-ignored-key", l.text, "<key>SharedSecret");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "vpn-auth-ignored-key")->hint, "secret"));
  done(&l);
  /* Empty AuthName/AuthPassword keep iOS from asking: not reported. */
  l = run(VPN("IKEv2") IKEV2("        <key>AuthName</key><string></string>\n"
                             "        <key>AuthPassword</key><string></string>\n"),
          NULL);
  NONE(l, "vpn-auth-ignored-key");
  done(&l);
}
END_TEST

START_TEST(subtype) {
  lint l = run(
      VPN("VPN") "      <key>VPN</key><dict><key>RemoteAddress</key><string>h</string></dict>\n",
      NULL);
  ck_assert_diag_at_text(l.r, "vpn-subtype", l.text, "<string>VPN</string>");
  done(&l);
  l = run(VPN("TransparentProxy") "      <key>VPNSubType</key><string> </string>\n", NULL);
  ck_assert_diag_at_text(l.r, "vpn-subtype", l.text, "<string> </string>");
  done(&l);
  l = run(VPN("IKEv2") IKEV2("") "      <key>VPNSubType</key><string></string>\n", NULL);
  NONE(l, "vpn-subtype");
  done(&l);
  l = run(VPN("IKEv2") IKEV2("") "      <key>VPNSubType</key><string>com.example.app</string>\n",
          NULL);
  ck_assert_diag_at_text(l.r, "vpn-subtype", l.text, "<string>com.example.app");
  done(&l);
}
END_TEST

#define WEAK_SA                                                     \
  "        <key>IKESecurityAssociationParameters</key><dict>\n"     \
  "          <key>EncryptionAlgorithm</key><string>3DES</string>\n" \
  "          <key>DiffieHellmanGroup</key><integer>14</integer>\n        </dict>\n"

START_TEST(ike_proposals) {
  lint l = run(VPN("IKEv2") IKEV2(WEAK_SA), NULL);
  ck_assert_diag_at_text(l.r, "weak-ike-proposal", l.text, "<string>3DES");
  ck_assert_str_eq(find_rule(l.r, "weak-ike-proposal")->path,
                   "PayloadContent[0].IKEv2.IKESecurityAssociationParameters.EncryptionAlgorithm");
  NONE(l, "unsupported-ike-proposal");
  done(&l);
  const char *ios26[] = {"platform=ios", "min-os=26", NULL};
  l = run(VPN("IKEv2") IKEV2(WEAK_SA), ios26);
  ck_assert_diag_at_text(l.r, "unsupported-ike-proposal", l.text, "<string>3DES");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "unsupported-ike-proposal")->message, "iOS 26"));
  NONE(l, "weak-ike-proposal"); /* superseded */
  done(&l);
  const char *ios18[] = {"platform=ios", "min-os=18", NULL};
  l = run(VPN("IKEv2") IKEV2(WEAK_SA), ios18);
  ck_assert_uint_eq(count_rule(l.r, "weak-ike-proposal"), 1);
  NONE(l, "unsupported-ike-proposal");
  done(&l);
  const char *tvos[] = {"platform=tvos", NULL};
  l = run(VPN("IKEv2") IKEV2(WEAK_SA), tvos);
  ck_assert_uint_eq(count_rule(l.r, "unsupported-ike-proposal"), 1);
  done(&l);
  l = run(VPN("IKEv2") IKEV2(
              WEAK_SA "        <key>EnforceStrictAlgorithmSelection</key><integer>1</integer>\n"),
          NULL);
  ck_assert_uint_eq(count_rule(l.r, "unsupported-ike-proposal"), 1);
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "unsupported-ike-proposal")->message, "rejects"));
  done(&l);
  /* An IKEv2 dictionary the type does not read proposes nothing. */
  l = run(VPN("L2TP") "      <key>PPP</key><dict/>\n" IKEV2(WEAK_SA), NULL);
  NONE(l, "weak-ike-proposal");
  done(&l);
}
END_TEST

#define TUNNEL(ifaces, extra)                                                                  \
  "          <dict><key>ProtocolType</key><string>IKEv2</string>" ifaces "\n" IKEV2_CERT extra \
  "          </dict>\n"
#define ALWAYS_ON(tunnels)                                                          \
  VPN("AlwaysOn")                                                                   \
  "      <key>AlwaysOn</key><dict><key>TunnelConfigurations</key><array>\n" tunnels \
  "      </array></dict>\n"
#define CELL "<key>Interfaces</key><array><string>Cellular</string></array>"
#define WIFI "<key>Interfaces</key><array><string>WiFi</string></array>"

START_TEST(always_on) {
  const char *good = ALWAYS_ON(TUNNEL(CELL, "") TUNNEL(WIFI, ""));
  const char *unsup[] = {"platform=ios", "supervision=unsupervised", NULL};
  lint l = run(good, unsup);
  ck_assert_diag_at_text(l.r, "always-on-target", l.text, "<key>AlwaysOn");
  ck_assert_str_eq(find_rule(l.r, "always-on-target")->path, "PayloadContent[0].AlwaysOn");
  NONE(l, "supervised-only"); /* superseded */
  done(&l);
  const char *mac[] = {"platform=ios,macos", "supervision=supervised", NULL};
  l = run(good, mac);
  ck_assert_uint_eq(count_rule(l.r, "always-on-target"), 1);
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "always-on-target")->message, "macOS"));
  done(&l);
  const char *sup[] = {"platform=ios", "supervision=supervised", NULL};
  l = run(good, sup);
  NONE(l, "always-on-target");
  done(&l);
  l = run(good, NULL);
  NONE(l, "always-on-target");
  NONE(l, "always-on-tunnel");
  done(&l);
}
END_TEST

START_TEST(always_on_tunnels) {
  lint l = run(ALWAYS_ON("          <dict><key>ProtocolType</key><string>IKEv2</string></dict>\n"),
               NULL);
  ck_assert_diag_at_text(l.r, "always-on-tunnel", l.text, "<dict><key>ProtocolType");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "always-on-tunnel")->message, "RemoteAddress"));
  done(&l);
  l = run(ALWAYS_ON(TUNNEL(CELL,
                           "            <key>ChildSecurityAssociationParameters</key><dict>"
                           "<key>DiffieHellmanGroup</key><integer>5</integer></dict>\n")),
          NULL);
  ck_assert_diag_at_text(l.r, "always-on-tunnel", l.text, "<integer>5");
  NONE(l, "weak-ike-proposal"); /* superseded by the stricter Always On rule */
  done(&l);
  l = run(ALWAYS_ON(TUNNEL(CELL, "") TUNNEL("", "")), NULL);
  ck_assert_uint_eq(count_rule(l.r, "always-on-tunnel"), 1);
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "always-on-tunnel")->message, "Cellular"));
  done(&l);
  l = run(VPN("AlwaysOn") "      <key>AlwaysOn</key><dict/>\n", NULL);
  ck_assert_diag_at_text(l.r, "always-on-tunnel", l.text, "<dict/>");
  NONE(l, "missing-required-key"); /* superseded: same place, more specific */
  done(&l);
  /* Two Always On payloads in one profile. */
  char *two = profile_with_payload(ALWAYS_ON(TUNNEL(
      CELL,
      "")) "    </dict>\n    <dict>\n"
           "      <key>PayloadIdentifier</key><string>com.example.vpn2</string>\n"
           "      <key>PayloadType</key><string>com.apple.vpn.managed</string>\n"
           "      <key>PayloadUUID</key><string>2E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n"
           "      <key>PayloadVersion</key><integer>1</integer>\n"
           "      <key>VPNType</key><string>AlwaysOn</string>\n");
  mcl_result *r = lint_text(two, NULL);
  unsigned line, col;
  pos_at(two, strstr(strstr(two, "<string>AlwaysOn") + 1, "<string>AlwaysOn"), &line, &col);
  ck_assert_uint_eq(count_rule(r, "always-on-multiple"), 1);
  ck_assert_uint_eq(count_rule_at(r, "always-on-multiple", line, col), 1);
  mcl_result_free(r);
  free(two);
}
END_TEST

Suite *vpn_suite(void) {
  Suite *s = suite_create("vpn");
  TCase *tc = tcase_create("rules");
  tcase_add_test(tc, on_demand_without_rules);
  tcase_add_test(tc, on_demand_inactive);
  tcase_add_test(tc, on_demand_ignored);
  tcase_add_test(tc, type_dictionaries);
  tcase_add_test(tc, type_removed);
  tcase_add_test(tc, on_demand_prompts);
  tcase_add_test(tc, on_demand_actions);
  tcase_add_test(tc, on_demand_action_parameters);
  tcase_add_test(tc, on_demand_rule_order);
  tcase_add_test(tc, auth_incomplete);
  tcase_add_test(tc, auth_ignored_key);
  tcase_add_test(tc, subtype);
  tcase_add_test(tc, ike_proposals);
  tcase_add_test(tc, always_on);
  tcase_add_test(tc, always_on_tunnels);
  suite_add_tcase(s, tc);
  return s;
}
