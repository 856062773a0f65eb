#include "rules/cert.h"

static void check_one(mcl_ctx *ctx, const mcl_cert_payload *c) {
  const mcl_payload *pl = c->payload;
  const char *type = pl->type;
  const mcl_entry *e = mcl_dict_entry(pl->dict, "PayloadContent");
  if (!e) {
    mcl_diag *d =
        mcl_emit(ctx, &mcl_rule_certificate_content, pl->dict->pos, pl->path,
                 "this %s payload has no PayloadContent: it installs no certificate", type);
    mcl_hint(ctx, d, "add PayloadContent with %s as <data>", c->claims);
    return;
  }
  const char *path = mcl_path_key(ctx->arena, pl->path, "PayloadContent");
  if (c->problem) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_certificate_content, e->value->pos, path,
                           "PayloadContent of this %s payload should be %s, but %s", type,
                           c->claims, c->problem);
    mcl_hint(ctx, d, "%s",
             c->format == MCL_CERT_PKCS12
                 ? "export the identity again as a .p12 file and embed its bytes"
                 : "embed the certificate file's bytes (DER, or PEM text), base64 "
                   "encoded in <data>");
    return;
  }
  if (c->wrong_password) {
    const mcl_value *pw = mcl_dict_get(pl->dict, "Password");
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_certificate_content, pw->pos,
                           mcl_path_key(ctx->arena, pl->path, "Password"),
                           "the Password does not open this PKCS#12 file: installation fails");
    mcl_hint(ctx, d,
             "correct the Password, or remove it to have the user asked at "
             "installation");
  }
}

static void check(mcl_ctx *ctx) {
  mcl_cert_payload c;
  for (size_t i = 0; mcl_cert_payload_next(ctx, &i, &c); mcl_cert_payload_clear(&c)) {
    const mcl_value *content = mcl_dict_get(c.payload->dict, "PayloadContent");
    if (content && !c.content) continue; /* a type error or unreadable base64, reported */
    check_one(ctx, &c);
  }
}

const mcl_rule mcl_rule_certificate_content = {
    MCL_RULE_IDENTITY(certificate_content), .name = "certificate-content", .severity = MCL_ERROR,
    .summary = "A certificate payload whose content is not what its type says",
    .explanation =
        "com.apple.security.pkcs1, .pem and .root install one certificate, given as DER or "
        "PEM in PayloadContent; com.apple.security.pkcs12 installs an identity from a "
        "PKCS#12 file. mclint decodes the content with OpenSSL: a truncated or mangled "
        "certificate, a private key or a CSR in place of a certificate, or a PKCS#12 file "
        "that is not one makes the device refuse the profile.\n\n"
        "When a pkcs12 payload carries its Password, mclint checks that it opens the file "
        "(a wrong one makes installation fail). Without a Password the device asks for it "
        "at installation, and only the file's structure can be checked. The password is "
        "never printed.",
    .bad = "<key>PayloadType</key>\n<string>com.apple.security.root</string>\n"
           "<key>PayloadContent</key>\n<data>SGVsbG8sIHdvcmxkIQ==</data>",
    .good = "<key>PayloadType</key>\n<string>com.apple.security.root</string>\n"
            "<key>PayloadContent</key>\n<data>MIIDdzCCAl+gAwIBAgIU...</data>",
    .check = check,
    .supersedes = {&mcl_rule_missing_required_key},
};
