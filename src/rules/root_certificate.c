#include <openssl/x509v3.h>
#include <string.h>

#include "rules/cert.h"

static void check(mcl_ctx *ctx) {
  mcl_cert_payload c;
  for (size_t i = 0; mcl_cert_payload_next(ctx, &i, &c); mcl_cert_payload_clear(&c)) {
    if (c.format != MCL_CERT_DER_OR_PEM) continue;
    bool root_type = strcmp(c.payload->type, "com.apple.security.root") == 0;
    for (size_t k = 0; k < c.cert_count; k++) {
      if (!root_type && !mcl_cert_self_signed_ca(c.certs[k])) continue;
      mcl_emit(ctx, &mcl_rule_root_certificate, c.content->pos,
               mcl_path_key(ctx->arena, c.payload->path, "PayloadContent"),
               "installs '%s' as a trusted root certificate", mcl_cert_subject(ctx, c.certs[k]));
    }
  }
}

const mcl_rule mcl_rule_root_certificate = {
    MCL_RULE_IDENTITY(root_certificate), .name = "root-certificate", .severity = MCL_INFO,
    .summary = "The profile installs a root certificate (reported for audits)",
    .explanation =
        "A root certificate installed by a profile becomes a trust anchor: whoever holds "
        "its private key can issue certificates the device accepts, for any server if the "
        "certificate is trusted for TLS. That is often intended (a company CA for VPN and "
        "Wi-Fi), but it should never be a surprise, so every root installed is listed "
        "with its subject: the certificates of com.apple.security.root payloads, and "
        "self-signed CA certificates in pkcs1 or pem payloads.\n\n"
        "On iOS, a root installed by a manually installed profile is trusted for TLS only "
        "after the user enables it in Certificate Trust Settings; installed by MDM, it is "
        "trusted at once. Disable this rule where auditing roots is not wanted.",
    .bad = "<!-- runs signed-fixtures/cert-root.mobileconfig -->\n"
           "<key>PayloadType</key>\n<string>com.apple.security.root</string>\n"
           "<key>PayloadContent</key>\n<data>MIID... (CN=Unknown Interception CA)</data>",
    .good = "<!-- runs signed-fixtures/cert-intermediate.mobileconfig -->\n"
            "<key>PayloadType</key>\n<string>com.apple.security.pkcs1</string>\n"
            "<key>PayloadContent</key>\n<data>MIIE... (CN=Example Issuing CA, issued by a "
            "public root)</data>",
    .check = check,
};
