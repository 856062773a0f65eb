#include "rules/cert.h"

static void check_cert(mcl_ctx *ctx, const mcl_cert_payload *c, const mcl_cert *x) {
  const char *path = mcl_path_key(ctx->arena, c->payload->path, "PayloadContent");
  const ASN1_TIME *after = mcl_cert_not_after(x), *before = mcl_cert_not_before(x);
  if (X509_cmp_current_time(after) < 0) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_certificate_validity, c->content->pos, path,
                           "certificate '%s' expired on %s", mcl_cert_subject(ctx, x),
                           mcl_cert_date(ctx, after));
    mcl_hint(ctx, d, "replace it with a current certificate");
  } else if (X509_cmp_current_time(before) > 0) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_certificate_validity, c->content->pos, path,
                           "certificate '%s' is not valid before %s", mcl_cert_subject(ctx, x),
                           mcl_cert_date(ctx, before));
    mcl_hint(ctx, d, "check the issuing system's clock, or deploy the profile after that date");
  }
}

static void check(mcl_ctx *ctx) {
  mcl_cert_payload c;
  for (size_t i = 0; mcl_cert_payload_next(ctx, &i, &c); mcl_cert_payload_clear(&c))
    for (size_t k = 0; k < c.cert_count; k++) check_cert(ctx, &c, c.certs[k]);
}

const mcl_rule mcl_rule_certificate_validity = {
    MCL_RULE_IDENTITY(certificate_validity), .name = "certificate-validity", .severity = MCL_ERROR,
    .summary = "A certificate in the profile has expired or is not yet valid",
    .explanation =
        "Certificates of pkcs1, pem and root payloads, and those inside a pkcs12 identity "
        "that mclint can open (the profile holds its Password), are "
        "checked against the current date. An expired trust anchor or identity makes every "
        "VPN, Wi-Fi or mail connection that relies on it fail; a certificate not valid yet "
        "usually comes from a signing system with a wrong clock. The finding names the "
        "certificate's subject.",
    .bad = "<!-- runs signed-fixtures/cert-expired.mobileconfig -->\n"
           "<!-- a certificate whose notAfter date has passed -->\n"
           "<key>PayloadType</key>\n<string>com.apple.security.pkcs1</string>\n"
           "<key>PayloadContent</key>\n<data>MIIC...</data>",
    .good = "<!-- runs signed-fixtures/cert-leaf.mobileconfig -->\n"
            "<!-- the renewed certificate -->\n"
            "<key>PayloadType</key>\n<string>com.apple.security.pkcs1</string>\n"
            "<key>PayloadContent</key>\n<data>MIIC...</data>",
    .check = check,
};
