/* cert.c: decoding certificate payloads. Devices accept DER or PEM in the
 * pkcs1, pem and root payloads, so both are tried for each. A PKCS#12 file
 * is opened with its Password when the profile has one; without it only
 * its structure can be checked. Certificate bags encrypted with RC2 or RC4
 * (as Keychain Access exports them) are decrypted by pkcs12_legacy.c. */
#include "rules/cert.h"

#include "plist/x509.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"

static const char *const der_or_pem_types[] = {"com.apple.security.pkcs1", "com.apple.security.pem",
                                               "com.apple.security.root"};

static const char *const identity_types[] = {"com.apple.security.pkcs12", "com.apple.security.scep",
                                             "com.apple.security.acme",
                                             "com.apple.ADCertificate.managed"};

bool mcl_is_certificate_type(const char *type) {
  for (size_t i = 0; i < 3; i++)
    if (strcmp(type, der_or_pem_types[i]) == 0) return true;
  for (size_t i = 0; i < 4; i++)
    if (strcmp(type, identity_types[i]) == 0) return true;
  return false;
}

bool mcl_cert_legacy_available(void) { return mcl_pkcs12_legacy_available(); }

static void add_cert(mcl_cert_payload *c, const mcl_cert *x) {
  c->certs = mcl_xrealloc(c->certs, (c->cert_count + 1) * sizeof *c->certs);
  c->certs[c->cert_count++] = x;
}

static bool looks_like_pem(const unsigned char *b, size_t n) {
  for (size_t i = 0; i + 10 <= n && i < 4096; i++)
    if (memcmp(b + i, "-----BEGIN", 10) == 0) return true;
  return false;
}

static void decode_certificate(mcl_cert_payload *c) {
  const unsigned char *bytes = c->content->u.data.bytes;
  size_t len = c->content->u.data.len;
  if (looks_like_pem(bytes, len)) {
    mcl_cert **found;
    size_t n = mcl_cert_from_pem(bytes, len, &found);
    for (size_t i = 0; i < n; i++) add_cert(c, found[i]);
    free(found);
    if (!c->cert_count) c->problem = "its PEM text holds no readable certificate";
  } else {
    mcl_cert *x = mcl_cert_from_der(bytes, len);
    if (x)
      add_cert(c, x);
    else
      c->problem = "it is neither a DER nor a PEM certificate";
  }
  c->opened = c->cert_count > 0;
}

static void add_bag_certs(mcl_cert_payload *c, STACK_OF(PKCS12_SAFEBAG) * bags) {
  for (int i = 0; bags && i < sk_PKCS12_SAFEBAG_num(bags); i++) {
    const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);
    mcl_cert *x = mcl_cert_from_bag(bag);
    if (x) add_cert(c, x);
  }
  sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
}

/* Key derivation is slow by design, and the file decides how slow: a
 * crafted identity asking for billions of rounds would stall the lint.
 * Keychain Access and OpenSSL write 2,048; anything past this bound is
 * checked for structure only, like an identity without a password. */
#define MAX_KDF_ROUNDS 100000

static long integer_value(const ASN1_INTEGER *i) {
  long v = i ? ASN1_INTEGER_get(i) : -1;
  return v > 0 ? v : -1;
}

/* Rounds a PKCS#12 PBE or PBES2/PBKDF2 algorithm asks for; -1 if unreadable. */
static long kdf_rounds(const X509_ALGOR *alg) {
  long rounds = -1;
  if (OBJ_obj2nid(alg->algorithm) == NID_pbes2) {
    PBE2PARAM *p2 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter);
    PBKDF2PARAM *kdf =
        p2 && OBJ_obj2nid(p2->keyfunc->algorithm) == NID_id_pbkdf2
            ? ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), p2->keyfunc->parameter)
            : NULL;
    if (kdf) rounds = integer_value(kdf->iter);
    PBKDF2PARAM_free(kdf);
    PBE2PARAM_free(p2);
  } else {
    PBEPARAM *pbe = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM), alg->parameter);
    if (pbe) rounds = integer_value(pbe->iter);
    PBEPARAM_free(pbe);
  }
  return rounds;
}

static bool affordable(long rounds) { return rounds > 0 && rounds <= MAX_KDF_ROUNDS; }

/* Reads the certificate bags (never the keys) with the given password. */
static void open_pkcs12(mcl_cert_payload *c, PKCS12 *p12, const char *pass) {
  STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12);
  bool complete = safes != NULL;
  for (int i = 0; safes && i < sk_PKCS7_num(safes); i++) {
    PKCS7 *p7 = sk_PKCS7_value(safes, i);
    int nid = OBJ_obj2nid(p7->type);
    if (nid == NID_pkcs7_data) {
      add_bag_certs(c, PKCS12_unpack_p7data(p7));
    } else if (nid == NID_pkcs7_encrypted && p7->d.encrypted && p7->d.encrypted->enc_data) {
      PKCS7_ENC_CONTENT *enc = p7->d.encrypted->enc_data;
      STACK_OF(PKCS12_SAFEBAG) *bags = NULL;
      if (enc->enc_data && affordable(kdf_rounds(enc->algorithm)))
        bags = mcl_pkcs12_legacy_scheme(enc->algorithm)
                   ? mcl_pkcs12_legacy_decrypt(enc->algorithm, enc->enc_data, pass)
                   : PKCS12_item_decrypt_d2i_ex(enc->algorithm, ASN1_ITEM_rptr(PKCS12_SAFEBAGS),
                                                pass, (int)strlen(pass), enc->enc_data, 1, NULL,
                                                NULL);
      if (!bags) complete = false;
      add_bag_certs(c, bags);
    }
  }
  sk_PKCS7_pop_free(safes, PKCS7_free);
  c->opened = complete && c->cert_count > 0;
  ERR_clear_error();
}

static void decode_pkcs12(mcl_ctx *ctx, mcl_cert_payload *c) {
  const unsigned char *p = c->content->u.data.bytes;
  PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)c->content->u.data.len);
  if (!p12) {
    c->problem = "it is not a PKCS#12 file";
    ERR_clear_error();
    return;
  }
  const mcl_value *pw = mcl_dict_get(c->payload->dict, "Password");
  const char *pass = pw && pw->type == MCL_T_STRING ? pw->u.str.s : NULL;
  /* Without its password (or with a placeholder) the device asks at
   * installation: only the structure can be checked. Opening is costly
   * by design, so the MAC is checked only when the contents do not open. */
  if (pass && !mcl_has_template_marker(pass)) {
    open_pkcs12(c, p12, pass);
    const ASN1_INTEGER *mac_rounds = NULL;
    if (PKCS12_mac_present(p12)) PKCS12_get0_mac(NULL, NULL, NULL, &mac_rounds, p12);
    /* A MAC without an iteration count means one round (RFC 7292). */
    long rounds = mac_rounds ? integer_value(mac_rounds) : 1;
    if (!c->opened && PKCS12_mac_present(p12) && affordable(rounds) &&
        !PKCS12_verify_mac(p12, pass, -1))
      c->wrong_password = true;
  }
  (void)ctx;
  PKCS12_free(p12);
  ERR_clear_error();
}

/* What decoding a payload found. The certificates are the cache's: each
 * caller borrows them, and they are freed when every rule has run. */
typedef struct {
  bool done;
  const char *problem;
  bool wrong_password, opened;
  const mcl_cert **certs;
  size_t count;
} cached_cert;

struct mcl_cert_cache {
  cached_cert *entries; /* one per payload of the profile */
  size_t count;
};

static void decode(mcl_ctx *ctx, mcl_cert_payload *out) {
  mcl_crypto_thread();
  if (!out->content->u.data.len)
    out->problem = "it is empty";
  else if (out->format == MCL_CERT_PKCS12)
    decode_pkcs12(ctx, out);
  else
    decode_certificate(out);
  ERR_clear_error();
}

static void free_cache(void *arg) {
  struct mcl_cert_cache *cache = arg;
  for (size_t i = 0; i < cache->count; i++) {
    for (size_t k = 0; k < cache->entries[i].count; k++)
      mcl_cert_release((mcl_cert *)cache->entries[i].certs[k]);
    free(cache->entries[i].certs);
  }
}

static void remember(const mcl_cert_payload *c, cached_cert *e) {
  e->done = true;
  e->problem = c->problem;
  e->wrong_password = c->wrong_password;
  e->opened = c->opened;
  e->count = c->cert_count; /* the decoded certificates become the cache's */
  e->certs = mcl_xcalloc(c->cert_count, sizeof *e->certs);
  for (size_t i = 0; i < c->cert_count; i++) e->certs[i] = c->certs[i];
}

static void recall(const cached_cert *e, mcl_cert_payload *out) {
  out->problem = e->problem;
  out->wrong_password = e->wrong_password;
  out->opened = e->opened;
  for (size_t i = 0; i < e->count; i++) add_cert(out, e->certs[i]);
}

static cached_cert *cache_entry(mcl_ctx *ctx, size_t index) {
  if (!ctx->cert_cache) {
    struct mcl_cert_cache *cache = mcl_arena_alloc(ctx->arena, sizeof *cache);
    cache->count = ctx->profile.payload_count;
    cache->entries = mcl_arena_alloc(ctx->arena, cache->count * sizeof *cache->entries);
    ctx->cert_cache = cache;
    mcl_ctx_defer(ctx, free_cache, cache);
  }
  return &ctx->cert_cache->entries[index];
}

bool mcl_cert_payload_next(mcl_ctx *ctx, size_t *cursor, mcl_cert_payload *out) {
  const mcl_profile *prof = &ctx->profile;
  while (*cursor < prof->payload_count) {
    size_t index = (*cursor)++;
    const mcl_payload *pl = &prof->payloads[index];
    if (!pl->type) continue;
    bool pkcs12 = strcmp(pl->type, "com.apple.security.pkcs12") == 0;
    bool cert = false;
    for (size_t i = 0; i < 3 && !pkcs12; i++) cert |= strcmp(pl->type, der_or_pem_types[i]) == 0;
    if (!pkcs12 && !cert) continue;
    memset(out, 0, sizeof *out);
    out->payload = pl;
    out->format = pkcs12 ? MCL_CERT_PKCS12 : MCL_CERT_DER_OR_PEM;
    out->claims = pkcs12 ? "a PKCS#12 file" : "a DER or PEM certificate";
    const mcl_value *content = mcl_dict_get(pl->dict, "PayloadContent");
    if (!content || content->type != MCL_T_DATA || content->invalid) return true;
    out->content = content;
    cached_cert *e = cache_entry(ctx, index);
    if (e->done) {
      recall(e, out);
    } else {
      decode(ctx, out);
      remember(out, e);
    }
    return true;
  }
  return false;
}

void mcl_cert_payload_clear(mcl_cert_payload *c) {
  free(c->certs); /* the certificates are the cache's */
  c->certs = NULL;
  c->cert_count = 0;
}

const char *mcl_cert_subject(mcl_ctx *ctx, const mcl_cert *cert) {
  BIO *bio = BIO_new(BIO_s_mem());
  if (!bio) return "?";
  X509_NAME_print_ex(bio, mcl_cert_subject_name(cert), 0,
                     (ASN1_STRFLGS_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) | XN_FLAG_SEP_CPLUS_SPC |
                         XN_FLAG_DN_REV | XN_FLAG_FN_SN);
  char *text;
  long n = BIO_get_mem_data(bio, &text);
  const char *s = n > 0 ? mcl_arena_strndup(ctx->arena, text, (size_t)n) : "(empty subject)";
  BIO_free(bio);
  return s;
}

const char *mcl_cert_date(mcl_ctx *ctx, const ASN1_TIME *t) {
  struct tm tm;
  if (!t || !ASN1_TIME_to_tm(t, &tm)) return "?";
  return mcl_arena_printf(ctx->arena, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                          tm.tm_mday);
}
