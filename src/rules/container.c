/* container.c: the rules about what wraps a profile's property list (CMS
 * signatures) and about binary property lists. The CMS reader
 * (src/plist/cms.c) records what it finds in the container (container.h);
 * mcl_report_container judges it here: signer, integrity, chain, expiry.
 * Findings about the signature are marked as being about the container
 * (mcl_diag.container): they have no place in the property list. */
#include <time.h>

#include "plist/container.h"
#include "plist/scalar.h"
#include "rules/rule.h"

#define SIGNATURE_RULE .flags = MCL_RULE_PARSE | MCL_RULE_CONTAINER

const mcl_rule mcl_rule_signed_profile = {
    MCL_RULE_IDENTITY(signed_profile), .name = "signed-profile", SIGNATURE_RULE, .severity = MCL_INFO,
    .summary = "Who signed the profile, and the signing certificate's validity",
    .explanation =
        "A signed profile is a CMS (PKCS#7) SignedData structure, in DER, BER with "
        "indefinite lengths, or PEM armour, holding the property list. mclint recognises it "
        "by its content, unwraps it, lints the property list inside it (findings then carry "
        "the lines and columns of that embedded property list), and reports each signer: "
        "subject, issuer, serial number and validity of the signing certificate.\n\n"
        "With --verify (or --ca-file FILE) the message also says to which trusted root the "
        "certificate chain was verified. mclint never fetches anything: chains are built "
        "from the certificates in the file and the local trust store only, without OCSP, "
        "CRL or AIA requests.\n\n"
        "`mclint --extract FILE` writes the embedded property list to standard output.",
};

const mcl_rule mcl_rule_signature_invalid = {
    MCL_RULE_IDENTITY(signature_invalid), .name = "signature-invalid", SIGNATURE_RULE, .severity = MCL_ERROR,
    .summary = "The signature does not match the profile's content",
    .explanation =
        "The signed digest does not match the embedded property list, or the signature does "
        "not verify with the signer's certificate: the profile was changed after it was "
        "signed (or the file is corrupt), and a device shows it as not verified or refuses "
        "it. Also reported when the file holds no signer, or when the signer's certificate "
        "is missing so that the signature cannot be checked.\n\n"
        "This check needs no trust store and always runs; whether the signer is trusted is "
        "signer-untrusted, with --verify.",
    .bad = "<!-- runs signed-fixtures/tampered.mobileconfig -->\n"
           "<!-- a signed profile edited after signing: one byte of the embedded XML changed -->\n"
           "<string>vpn.example.com</string>  (signed)  ->  <string>vpn.example.net</string>",
    .good = "<!-- runs signed-fixtures/signed-der.mobileconfig -->\n"
            "<!-- edit the unsigned profile, then sign it again, e.g. -->\n"
            "security cms -S -N \"Example Profile Signing\" -i profile.mobileconfig -o signed.mobileconfig",
};

const mcl_rule mcl_rule_signer_untrusted = {
    MCL_RULE_IDENTITY(signer_untrusted), .name = "signer-untrusted", SIGNATURE_RULE, .severity = MCL_ERROR,
    .summary = "The signer's certificate does not chain to a trusted root (with --verify)",
    .explanation =
        "Only with --verify or --ca-file FILE: the signing certificate, together with the "
        "intermediate certificates in the file, must lead to a root in the system trust "
        "store (OpenSSL's default locations; SSL_CERT_FILE and SSL_CERT_DIR override them) "
        "or in FILE. A certificate in FILE is trusted even if it is an intermediate. The "
        "message gives OpenSSL's reason and the certificate where the chain broke.\n\n"
        "Validity dates are left to signer-certificate-expired; revocation is not checked, "
        "because that would need the network.",
    .bad = "<!-- mclint --verify: signed with a self-signed certificate made for the purpose -->\n"
           "<!-- runs signed-fixtures/signed-rogue.mobileconfig -->\n"
           "signer: CN=Profile Signer (self-signed)",
    .good = "<!-- mclint --verify --ca-file signed-fixtures/trust.pem: the company's root -->\n"
            "<!-- runs signed-fixtures/signed-der.mobileconfig -->\n"
            "<!-- signed with a certificate whose chain is in the file and ends at a trusted root\n"
            "     (the system store, or mclint --ca-file company-root.pem) -->\n"
            "signer: CN=Profile Signer, issued by CN=Example Issuing CA",
};

const mcl_rule mcl_rule_signer_certificate_expired = {
    MCL_RULE_IDENTITY(signer_certificate_expired), .name = "signer-certificate-expired", SIGNATURE_RULE,
    .severity = MCL_WARNING,
    .summary = "The signing certificate has expired or is not yet valid",
    .explanation =
        "A device judges a profile's signature with the current date: once the signing "
        "certificate has expired the profile shows as not verified, although it still "
        "installs. With --verify, expired certificates further up the chain are reported "
        "too. Re-sign the profile with a current certificate.",
    .bad = "<!-- runs signed-fixtures/signed-expired.mobileconfig -->\n"
           "<!-- signed in 2020 with a certificate valid until 2021-01-01 -->\n"
           "signer: CN=Profile Signer, not after 2021-01-01",
    .good = "<!-- runs signed-fixtures/signed-der.mobileconfig -->\n"
            "<!-- re-signed with the renewed certificate -->\n"
            "signer: CN=Profile Signer, not after 2027-05-01",
};

const mcl_rule mcl_rule_signer_certificate_expiring = {
    MCL_RULE_IDENTITY(signer_certificate_expiring), .name = "signer-certificate-expiring", SIGNATURE_RULE,
    .severity = MCL_WARNING,
    .summary = "The signing certificate expires soon",
    .explanation =
        "The signing certificate expires within the warning period: 30 days by default, "
        "setting cert-expiry-days (--cert-expiry-days N; 0 turns the warning off). Re-sign "
        "the profile before it shows as not verified.",
    .bad = "<!-- runs signed-fixtures/signed-expiring.mobileconfig -->\n"
           "<!-- mclint on 2026-04-20: the signing certificate ends in 10 days -->\n"
           "signer: CN=Profile Signer, not after 2026-04-30",
    .good = "<!-- runs signed-fixtures/signed-der.mobileconfig -->\n"
            "<!-- re-signed ahead of time with the renewed certificate -->\n"
            "signer: CN=Profile Signer, not after 2027-05-01",
};

const mcl_rule mcl_rule_damaged_signed_profile = {
    MCL_RULE_IDENTITY(damaged_signed_profile), .name = "damaged-signed-profile", SIGNATURE_RULE, .severity = MCL_ERROR,
    .summary = "A signed profile that cannot be unwrapped",
    .explanation =
        "The file is, or was, a CMS-signed profile, but its signature structure cannot be "
        "decoded: it is truncated (its beginning or end is missing), corrupted (often by a "
        "transfer in text mode or a line-ending conversion, which changes bytes inside the "
        "binary signature), a detached signature without the profile, CMS of another type, "
        "or its signed content is not a property list. The message says which. Nothing "
        "else is checked, because a device cannot read it either.",
    .bad = "<!-- runs signed-fixtures/crlf-damaged.mobileconfig -->\n"
           "<!-- a DER-signed profile sent through a text-mode transfer: every CR byte in the\n"
           "     binary signature became LF -->",
    .good = "<!-- runs signed-fixtures/signed-der.mobileconfig -->\n"
            "<!-- the same file transferred in binary mode, byte for byte; or the XML taken\n"
            "     out with mclint --extract and signed again -->",
};

const mcl_rule mcl_rule_malformed_binary_plist = {
    MCL_RULE_IDENTITY(malformed_binary_plist), .name = "malformed-binary-plist", .flags = MCL_RULE_PARSE, .severity = MCL_ERROR,
    .summary = "A binary property list (bplist00) that cannot be read",
    .explanation =
        "Binary property lists are a table of objects that refer to each other by number. "
        "mclint checks the whole table before decoding it and refuses, with the reason, a "
        "file whose trailer or offsets point outside it, whose objects refer to objects that "
        "do not exist or to themselves (a cycle), that holds types a profile cannot hold "
        "(null, UID), or whose shared references would expand into an enormous tree. Such a "
        "file is truncated, damaged, or crafted; a device rejects it.\n\n"
        "Values nested more than 128 levels deep are nesting-too-deep, as in XML. Findings "
        "in binary property lists have key paths instead of lines and columns.",
    .bad = "<!-- runs testdata/binary/malformed-binary-plist-bad.mobileconfig -->\n"
           "<!-- bplist00 cut short by a failed download: its trailer and offset table point\n"
           "     past the end of the file -->",
    .good = "<!-- runs testdata/binary/all-good.mobileconfig -->\n"
            "<!-- the complete file; or the profile converted to XML by the tool that made it,\n"
            "     e.g. plutil -convert xml1 profile.mobileconfig -->",
};

/* ---- judging the container ---- */

static const char *date_text(mcl_ctx *ctx, int64_t t) {
  char buf[32];
  mcl_format_date(t, buf, sizeof buf);
  return mcl_arena_strdup(ctx->arena, buf);
}

/* Expired or not yet valid is an error; expiring within cert-expiry-days a
 * warning. */
static void report_expiry(mcl_ctx *ctx, const mcl_cert_info *ci, bool signer) {
  mcl_pos none = {0, 0};
  int64_t now = (int64_t)time(NULL);
  const char *what = signer ? "the signing certificate" : "the certificate";
  const char *where = signer ? "" : " in the signer's chain";
  unsigned warn_days = ctx->opts->cert_expiry_days;
  if (ci->not_after < now) {
    mcl_emit(ctx, &mcl_rule_signer_certificate_expired, none, NULL, "%s '%s'%s expired on %s",
             what, ci->subject, where, date_text(ctx, ci->not_after));
  } else if (ci->not_before > now) {
    mcl_emit(ctx, &mcl_rule_signer_certificate_expired, none, NULL,
             "%s '%s'%s is not valid until %s", what, ci->subject, where,
             date_text(ctx, ci->not_before));
  } else if (warn_days && ci->not_after - now < (int64_t)warn_days * 86400) {
    int64_t days = (ci->not_after - now + 86399) / 86400;
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_signer_certificate_expiring, none, NULL,
                           "%s '%s'%s expires in %lld day%s, on %s", what, ci->subject, where,
                           (long long)days, days == 1 ? "" : "s", date_text(ctx, ci->not_after));
    mcl_hint(ctx, d, "re-sign the profile with a renewed certificate (warning period: setting "
                     "cert-expiry-days, now %u)", warn_days);
  }
}

static void report_signer(mcl_ctx *ctx, const mcl_container *c, const mcl_signer *s) {
  mcl_pos none = {0, 0};
  const mcl_cert_info *ci = &s->cert;
  const char *chain = "";
  if (s->chain == MCL_CHECK_PASSED)
    chain = mcl_arena_printf(ctx->arena, "; chain verified to '%s' (%s)", s->chain_detail,
                             c->trust_source);
  if (!s->has_cert) {
    mcl_emit(ctx, &mcl_rule_signed_profile, none, NULL,
             "signed (%s) by an unknown signer: issuer '%s', serial %s; its certificate is "
             "not in the file",
             c->encoding, ci->issuer, ci->serial);
  } else {
    mcl_emit(ctx, &mcl_rule_signed_profile, none, NULL,
             "signed (%s) by '%s', issued by '%s', serial %s, valid %s to %s%s", c->encoding,
             ci->subject, ci->issuer, ci->serial, date_text(ctx, ci->not_before),
             date_text(ctx, ci->not_after), chain);
    report_expiry(ctx, ci, true);
  }
  for (size_t k = 0; k < s->issuer_count; k++) report_expiry(ctx, &s->issuers[k], false);
  if (s->chain == MCL_CHECK_FAILED) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_signer_untrusted, none, NULL,
                           "the signer '%s' is not trusted by %s: %s", ci->subject,
                           c->trust_source, s->chain_detail);
    mcl_hint(ctx, d, "give the issuing CA with --ca-file, or sign with a certificate that "
                     "devices trust");
  }
}

void mcl_report_container(mcl_ctx *ctx) {
  const mcl_container *c = ctx->doc->container;
  if (!c) return;
  mcl_pos none = {0, 0};
  mcl_diag *d;
  if (c->damage) {
    d = mcl_emit(ctx, &mcl_rule_damaged_signed_profile, none, NULL,
                 "cannot unwrap the signed profile: %s", c->damage);
    mcl_hint(ctx, d, "get the file again from its source; a signed profile must be copied as "
                     "binary (line-ending conversion and text editors corrupt it)");
    return;
  }
  for (size_t i = 0; i < c->signer_count; i++) report_signer(ctx, c, &c->signers[i]);
  if (c->integrity == MCL_CHECK_FAILED) {
    d = mcl_emit(ctx, &mcl_rule_signature_invalid, none, NULL, "%s", c->integrity_detail);
    mcl_hint(ctx, d, "do not install it; get the profile again from its publisher");
  }
  if (c->nested)
    mcl_emit(ctx, &mcl_rule_damaged_signed_profile, none, NULL,
             "the signed content is itself a signed profile; mclint unwraps only one "
             "signature");
  else if (c->content_what)
    mcl_emit(ctx, &mcl_rule_damaged_signed_profile, none, NULL,
             "the signed content is not a property list: %s", c->content_what);
}
