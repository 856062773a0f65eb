/* cert_light.c: the parts of an X.509 certificate the rules read (names,
 * validity, extensions), decoded with libcrypto's ASN.1 templates but
 * without the subject public key. d2i_X509 decodes that key through
 * OpenSSL 3's provider decoders, which cost 5M instructions for the first
 * certificate of a run and about 1.5M for each after it, several times
 * the cost of linting the profile that carries it; no rule reads the key.
 * The key stays a raw SEQUENCE, so certificates with keys OpenSSL does not
 * know decode as well as with d2i_X509. */
#include "rules/cert.h"

#include <limits.h>
#include <openssl/asn1t.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "base/util.h"

typedef struct {
  ASN1_INTEGER *version;
  ASN1_INTEGER *serial;
  X509_ALGOR *signature;
  X509_NAME *issuer;
  X509_VAL *validity;
  X509_NAME *subject;
  ASN1_STRING *key; /* SubjectPublicKeyInfo, not decoded */
  ASN1_BIT_STRING *issuer_uid, *subject_uid;
  STACK_OF(X509_EXTENSION) *extensions;
} MCL_TBS;

ASN1_SEQUENCE(MCL_TBS) = {
    ASN1_EXP_OPT(MCL_TBS, version, ASN1_INTEGER, 0),
    ASN1_SIMPLE(MCL_TBS, serial, ASN1_INTEGER),
    ASN1_SIMPLE(MCL_TBS, signature, X509_ALGOR),
    ASN1_SIMPLE(MCL_TBS, issuer, X509_NAME),
    ASN1_SIMPLE(MCL_TBS, validity, X509_VAL),
    ASN1_SIMPLE(MCL_TBS, subject, X509_NAME),
    ASN1_SIMPLE(MCL_TBS, key, ASN1_SEQUENCE),
    ASN1_IMP_OPT(MCL_TBS, issuer_uid, ASN1_BIT_STRING, 1),
    ASN1_IMP_OPT(MCL_TBS, subject_uid, ASN1_BIT_STRING, 2),
    ASN1_EXP_SEQUENCE_OF_OPT(MCL_TBS, extensions, X509_EXTENSION, 3),
} static_ASN1_SEQUENCE_END(MCL_TBS)

struct mcl_cert {
  MCL_TBS *tbs;
  X509_ALGOR *algorithm;
  ASN1_BIT_STRING *signature;
};

ASN1_SEQUENCE(mcl_cert) = {
    ASN1_SIMPLE(mcl_cert, tbs, MCL_TBS),
    ASN1_SIMPLE(mcl_cert, algorithm, X509_ALGOR),
    ASN1_SIMPLE(mcl_cert, signature, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END(mcl_cert)

void mcl_cert_release(mcl_cert *c) { ASN1_item_free((ASN1_VALUE *)c, ASN1_ITEM_rptr(mcl_cert)); }

mcl_cert *mcl_cert_from_der(const unsigned char *der, size_t len) {
  if (len > LONG_MAX) return NULL;
  const unsigned char *p = der;
  return (mcl_cert *)ASN1_item_d2i(NULL, &p, (long)len, ASN1_ITEM_rptr(mcl_cert));
}

/* A PKCS#12 SafeBag holding a certificate (RFC 7292, 4.2.3), read only as
 * far as the certificate's DER: libcrypto gives a bag's certificate only
 * as a fully decoded X509. */
typedef struct {
  ASN1_OBJECT *type; /* x509Certificate for a DER certificate */
  ASN1_OCTET_STRING *value;
} MCL_CERTBAG;

ASN1_SEQUENCE(MCL_CERTBAG) = {
    ASN1_SIMPLE(MCL_CERTBAG, type, ASN1_OBJECT),
    ASN1_EXP(MCL_CERTBAG, value, ASN1_OCTET_STRING, 0),
} static_ASN1_SEQUENCE_END(MCL_CERTBAG)

typedef struct {
  ASN1_OBJECT *type; /* certBag */
  MCL_CERTBAG *bag;
  STACK_OF(X509_ATTRIBUTE) *attributes;
} MCL_SAFEBAG;

ASN1_SEQUENCE(MCL_SAFEBAG) = {
    ASN1_SIMPLE(MCL_SAFEBAG, type, ASN1_OBJECT),
    ASN1_EXP(MCL_SAFEBAG, bag, MCL_CERTBAG, 0),
    ASN1_SET_OF_OPT(MCL_SAFEBAG, attributes, X509_ATTRIBUTE),
} static_ASN1_SEQUENCE_END(MCL_SAFEBAG)

mcl_cert *mcl_cert_from_bag(const PKCS12_SAFEBAG *bag) {
  if (PKCS12_SAFEBAG_get_nid(bag) != NID_certBag) return NULL;
  unsigned char *der = NULL;
  int n = i2d_PKCS12_SAFEBAG(bag, &der);
  if (n <= 0) return NULL;
  const unsigned char *p = der;
  MCL_SAFEBAG *sb = (MCL_SAFEBAG *)ASN1_item_d2i(NULL, &p, n, ASN1_ITEM_rptr(MCL_SAFEBAG));
  mcl_cert *c = NULL;
  if (sb && OBJ_obj2nid(sb->bag->type) == NID_x509Certificate)
    c = mcl_cert_from_der(ASN1_STRING_get0_data(sb->bag->value),
                          (size_t)ASN1_STRING_length(sb->bag->value));
  ASN1_item_free((ASN1_VALUE *)sb, ASN1_ITEM_rptr(MCL_SAFEBAG));
  OPENSSL_free(der);
  return c;
}

/* The PEM labels PEM_read_bio_X509 accepts. */
static bool certificate_label(const char *name) {
  return !strcmp(name, PEM_STRING_X509) || !strcmp(name, PEM_STRING_X509_OLD) ||
         !strcmp(name, PEM_STRING_X509_TRUSTED);
}

size_t mcl_cert_from_pem(const unsigned char *text, size_t len, mcl_cert ***out) {
  size_t n = 0;
  *out = NULL;
  if (len > INT_MAX) return 0;
  BIO *bio = BIO_new_mem_buf(text, (int)len);
  char *name, *header;
  unsigned char *data;
  long dlen;
  while (bio && PEM_read_bio(bio, &name, &header, &data, &dlen)) {
    mcl_cert *c = certificate_label(name) ? mcl_cert_from_der(data, (size_t)dlen) : NULL;
    if (c) {
      *out = mcl_xrealloc(*out, (n + 1) * sizeof **out);
      (*out)[n++] = c;
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
  BIO_free(bio);
  return n;
}

const ASN1_TIME *mcl_cert_not_before(const mcl_cert *c) { return c->tbs->validity->notBefore; }
const ASN1_TIME *mcl_cert_not_after(const mcl_cert *c) { return c->tbs->validity->notAfter; }
const X509_NAME *mcl_cert_subject_name(const mcl_cert *c) { return c->tbs->subject; }

static bool same_octets(const ASN1_OCTET_STRING *a, const ASN1_OCTET_STRING *b) {
  return a && b && ASN1_STRING_length(a) == ASN1_STRING_length(b) &&
         !memcmp(ASN1_STRING_get0_data(a), ASN1_STRING_get0_data(b), (size_t)ASN1_STRING_length(a));
}

/* As X509_check_issued(x, x) and X509_check_ca(x) decide, without the
 * key: issued by itself (its issuer is its subject, and an authority key
 * identifier, if any, names its own subject key identifier), and a CA (basic
 * constraints say so; without them, a key usage that allows signing
 * certificates, or a version 1 certificate, which predates extensions). */
bool mcl_cert_self_signed_ca(const mcl_cert *c) {
  const MCL_TBS *t = c->tbs;
  if (X509_NAME_cmp(t->issuer, t->subject) != 0) return false;
  const STACK_OF(X509_EXTENSION) *ext = t->extensions;
  bool ok = true;
  AUTHORITY_KEYID *akid = X509V3_get_d2i(ext, NID_authority_key_identifier, NULL, NULL);
  ASN1_OCTET_STRING *skid = X509V3_get_d2i(ext, NID_subject_key_identifier, NULL, NULL);
  if (akid && akid->keyid && skid && !same_octets(akid->keyid, skid)) ok = false;
  AUTHORITY_KEYID_free(akid);
  ASN1_OCTET_STRING_free(skid);
  if (!ok) return false;
  BASIC_CONSTRAINTS *bc = X509V3_get_d2i(ext, NID_basic_constraints, NULL, NULL);
  ASN1_BIT_STRING *ku = X509V3_get_d2i(ext, NID_key_usage, NULL, NULL);
  bool cert_sign = ku && ASN1_BIT_STRING_get_bit(ku, 5); /* keyCertSign */
  bool ca;
  if (ku && !cert_sign)
    ca = false;
  else if (bc)
    ca = bc->ca != 0;
  else
    ca = cert_sign || !t->version || ASN1_INTEGER_get(t->version) == 0;
  BASIC_CONSTRAINTS_free(bc);
  ASN1_BIT_STRING_free(ku);
  return ca;
}
