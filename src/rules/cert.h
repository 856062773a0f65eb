/* cert.h: the certificate payloads of a profile, decoded with libcrypto,
 * for the rules that judge them (content, validity, trust anchors). */
#ifndef MCL_CERT_H
#define MCL_CERT_H

#include <openssl/x509.h>

#include "rules/rule.h"

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
  X509 **certs;        /* decoded certificates (owned) */
  size_t cert_count;
} mcl_cert_payload;

/* The certificate payloads in profile order; free each with
 * mcl_cert_payload_clear before the next call.
 *   for (size_t i = 0; mcl_cert_payload_next(ctx, &i, &c); mcl_cert_payload_clear(&c)) */
bool mcl_cert_payload_next(mcl_ctx *ctx, size_t *cursor, mcl_cert_payload *out);
void mcl_cert_payload_clear(mcl_cert_payload *c);
/* True when OpenSSL's legacy provider could be loaded: PKCS#12 files
 * encrypted with RC2 (Keychain Access exports) can be opened. */
bool mcl_cert_legacy_available(void);
/* The payload types that install a certificate or an identity. */
bool mcl_is_certificate_type(const char *type);
/* "CN=Example Root CA, O=Example" in the arena. */
const char *mcl_cert_subject(mcl_ctx *ctx, X509 *cert);
/* "2031-05-01" in the arena. */
const char *mcl_cert_date(mcl_ctx *ctx, const ASN1_TIME *t);

#endif
