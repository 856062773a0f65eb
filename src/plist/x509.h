/* x509.h: certificates described for people (signers, certificate payloads),
 * with OpenSSL's libcrypto. */
#ifndef MCL_X509_H
#define MCL_X509_H

#include <openssl/x509.h>
#include <stddef.h>

#include "plist/container.h"

/* Fills info from cert; strings in the arena. */
void mcl_cert_describe(mcl_arena *arena, X509 *cert, mcl_cert_info *info);
/* A name in RFC 2253 form, UTF-8 kept, control characters escaped. */
char *mcl_name_text(mcl_arena *arena, const X509_NAME *name);
/* Upper-case hex of an ASN.1 integer ("00" when empty). */
char *mcl_serial_text(mcl_arena *arena, const ASN1_INTEGER *serial);
/* Unix seconds of an ASN.1 time; false if it does not parse. */
bool mcl_asn1_time_unix(const ASN1_TIME *t, int64_t *out);
/* A certificate from DER or PEM bytes, or NULL. */
X509 *mcl_cert_parse(const unsigned char *data, size_t len);
/* The text of OpenSSL's most recent error (reason only), then clears the
 * queue; fallback when there is none. */
const char *mcl_openssl_reason(const char *fallback);

/* Call before using OpenSSL on a thread: gives lint threads after the
 * first an OpenSSL library context of their own (see crypto_thread.c). */
void mcl_crypto_thread(void);
/* Records the calling thread as the one that keeps OpenSSL's global
 * context (called once, when the first linter is made). */
void mcl_crypto_owner(void);

#endif
