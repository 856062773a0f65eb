/* cert.h: the certificate payloads of a profile, decoded with libcrypto,
 * for the rules that judge them (content, validity, trust anchors). */
#ifndef MCL_CERT_H
#define MCL_CERT_H

#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "rules/rule.h"

/* A certificate's names, validity and extensions, without its key
 * (cert_light.c). */
typedef struct mcl_cert mcl_cert;
/* One DER certificate, or NULL; free with mcl_cert_release. */
mcl_cert *mcl_cert_from_der(const unsigned char *der, size_t len);
/* Every certificate of PEM text (other blocks skipped); the count, and a
 * malloc'd array of them in *out. */
size_t mcl_cert_from_pem(const unsigned char *text, size_t len, mcl_cert ***out);
/* The certificate of a PKCS#12 certificate bag, or NULL. */
mcl_cert *mcl_cert_from_bag(const PKCS12_SAFEBAG *bag);
void mcl_cert_release(mcl_cert *c);
const ASN1_TIME *mcl_cert_not_before(const mcl_cert *c);
const ASN1_TIME *mcl_cert_not_after(const mcl_cert *c);
const X509_NAME *mcl_cert_subject_name(const mcl_cert *c);
/* A self-signed certificate authority: a trust anchor. */
bool mcl_cert_self_signed_ca(const mcl_cert *c);

typedef enum {
  MCL_CERT_DER_OR_PEM, /* pkcs1, pem, root: one certificate, DER or PEM */
  MCL_CERT_PKCS12,     /* pkcs12: an identity, usually password-protected */
} mcl_cert_format;

typedef struct mcl_cert_payload {
  const mcl_payload *payload;
  const mcl_value *content; /* PayloadContent when it is data, else NULL */
  mcl_cert_format format;
  const char *claims;  /* "a DER or PEM certificate", "a PKCS#12 file" */
  const char *problem; /* why the content is not what the type claims, or NULL */
  bool wrong_password; /* PKCS#12 whose Password does not open it */
  bool opened;         /* the certificates inside could be read */
  const mcl_cert **certs; /* decoded certificates (the run's cache owns them) */
  size_t cert_count;
} mcl_cert_payload;

/* The certificate payloads in profile order; free each with
 * mcl_cert_payload_clear before the next call.
 *   for (size_t i = 0; mcl_cert_payload_next(ctx, &i, &c); mcl_cert_payload_clear(&c)) */
bool mcl_cert_payload_next(mcl_ctx *ctx, size_t *cursor, mcl_cert_payload *out);
void mcl_cert_payload_clear(mcl_cert_payload *c);
/* True when PKCS#12 files encrypted with RC2 or RC4 (Keychain Access
 * exports) can be opened: libcrypto was built with those ciphers. */
bool mcl_cert_legacy_available(void);
/* pkcs12_legacy.c: the RC2 and RC4 PBE schemes, without OpenSSL's legacy
 * provider. */
bool mcl_pkcs12_legacy_scheme(const X509_ALGOR *alg);
bool mcl_pkcs12_legacy_available(void);
/* PKCS12KDF with SHA-1 for at most 20 bytes (RFC 7292 B.2); false when
 * it cannot be computed. Exposed for its unit test. */
bool mcl_pkcs12_kdf_sha1(const char *pass, const unsigned char *salt, size_t salt_len, int id,
                         long iter, unsigned char *out, size_t n);
/* The SafeContents encrypted under alg with pass, or NULL. */
STACK_OF(PKCS12_SAFEBAG) *mcl_pkcs12_legacy_decrypt(const X509_ALGOR *alg,
                                                    const ASN1_OCTET_STRING *data,
                                                    const char *pass);
/* The payload types that install a certificate or an identity. */
bool mcl_is_certificate_type(const char *type);
/* "CN=Example Root CA, O=Example" in the arena. */
const char *mcl_cert_subject(mcl_ctx *ctx, const mcl_cert *cert);
/* "2031-05-01" in the arena. */
const char *mcl_cert_date(mcl_ctx *ctx, const ASN1_TIME *t);

#endif
