/* pkcs12_legacy.c: PKCS#12 bags encrypted with the PBE schemes of RFC 7292
 * appendix C that use RC2 or RC4 (Keychain Access and OpenSSL 1.x export
 * certificates with 40-bit RC2).
 *
 * OpenSSL 3 implements these ciphers only in its legacy provider, a
 * module loaded with dlopen that brings a second, shared copy of
 * libcrypto: about 160 page faults and 10M instructions of relocation and
 * method construction, more than the rest of a corpus run's certificate
 * work. The ciphers themselves are still in libcrypto as its (deprecated)
 * RC2 and RC4 functions, and the key derivation (PKCS12KDF, SHA-1) is in
 * the default provider, so the bags are decrypted here with those. */
#define OPENSSL_SUPPRESS_DEPRECATED /* RC2_cbc_encrypt, RC4: see above */

#include "rules/cert.h"

#include <limits.h>
#include <openssl/evp.h>
#include <openssl/opensslconf.h>
#include <openssl/pkcs12.h>
#include <stdlib.h>
#include <string.h>
#ifndef OPENSSL_NO_RC2
#include <openssl/rc2.h>
#endif
#ifndef OPENSSL_NO_RC4
#include <openssl/rc4.h>
#endif
#include <openssl/sha.h>

#include "base/util.h"

typedef struct {
  int nid;
  bool rc4;
  int key_len, bits; /* bytes; RC2's effective key bits */
} scheme;

static const scheme schemes[] = {
    {NID_pbe_WithSHA1And40BitRC2_CBC, false, 5, 40},
    {NID_pbe_WithSHA1And128BitRC2_CBC, false, 16, 128},
    {NID_pbe_WithSHA1And40BitRC4, true, 5, 0},
    {NID_pbe_WithSHA1And128BitRC4, true, 16, 0},
};

static const scheme *scheme_of(const X509_ALGOR *alg) {
  int nid = OBJ_obj2nid(alg->algorithm);
  for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
    if (schemes[i].nid == nid) return &schemes[i];
  return NULL;
}

bool mcl_pkcs12_legacy_scheme(const X509_ALGOR *alg) { return scheme_of(alg) != NULL; }

bool mcl_pkcs12_legacy_available(void) {
#if defined(OPENSSL_NO_RC2) || defined(OPENSSL_NO_RC4)
  return false;
#else
  return true;
#endif
}

/* RFC 7292 appendix B.2 with SHA-1, for keys of at most 20 bytes (one
 * block of output, which every scheme above needs): the first n bytes of
 * H^iter(D || S || P), D 64 bytes of id, S and P the salt and the password
 * (as BMPString, OPENSSL_utf82uni) each repeated to a multiple of 64
 * bytes. PKCS12_key_gen_utf8_ex computes the same through an EVP digest
 * context per round; here a round is one SHA-1 compression (about 900
 * instructions). Identities ask for 2,048 rounds, twice (key and IV). A
 * unit test compares the two. */
static bool kdf_sha1(const char *pass, const unsigned char *salt, size_t salt_len, int id,
                     long iter, unsigned char *out, size_t n) {
  if (n > SHA_DIGEST_LENGTH || iter < 1 || salt_len > 1024) return false;
  unsigned char *uni = NULL;
  int uni_len = 0;
  size_t pass_len = strlen(pass);
  if (pass_len > 1024 || !OPENSSL_utf82uni(pass, (int)pass_len, &uni, &uni_len)) return false;
  size_t s_len = 64 * ((salt_len + 63) / 64), p_len = 64 * (((size_t)uni_len + 63) / 64);
  unsigned char d[64], *i_buf = mcl_xmalloc(s_len + p_len + 1);
  memset(d, id, sizeof d);
  for (size_t k = 0; k < s_len; k++) i_buf[k] = salt[k % salt_len];
  for (size_t k = 0; k < p_len; k++) i_buf[s_len + k] = uni[k % (size_t)uni_len];
  OPENSSL_clear_free(uni, (size_t)uni_len);
  unsigned char a[SHA_DIGEST_LENGTH];
  SHA_CTX c;
  SHA1_Init(&c);
  SHA1_Update(&c, d, sizeof d);
  SHA1_Update(&c, i_buf, s_len + p_len);
  SHA1_Final(a, &c);
  /* Every later round hashes the 20 bytes of the last: one block, padded
   * once here (0x80, zeros, the length in bits: 160), one compression per
   * round instead of SHA1_Update and SHA1_Final's padding each time. */
  unsigned char block[SHA_CBLOCK] = {0};
  block[SHA_DIGEST_LENGTH] = 0x80;
  block[SHA_CBLOCK - 1] = SHA_DIGEST_LENGTH * 8;
  SHA_CTX start;
  SHA1_Init(&start);
  for (long r = 1; r < iter; r++) {
    memcpy(block, a, sizeof a);
    c = start;
    SHA1_Transform(&c, block);
    const SHA_LONG h[5] = {c.h0, c.h1, c.h2, c.h3, c.h4};
    for (int w = 0; w < 5; w++)
      for (int b = 0; b < 4; b++) a[4 * w + b] = (unsigned char)(h[w] >> (24 - 8 * b));
  }
  OPENSSL_cleanse(block, sizeof block);
  memcpy(out, a, n);
  OPENSSL_cleanse(a, sizeof a);
  OPENSSL_cleanse(&c, sizeof c);
  OPENSSL_clear_free(i_buf, s_len + p_len + 1);
  return true;
}

bool mcl_pkcs12_kdf_sha1(const char *pass, const unsigned char *salt, size_t salt_len, int id,
                         long iter, unsigned char *out, size_t n) {
  return kdf_sha1(pass, salt, salt_len, id, iter, out, n);
}

/* The plaintext of data under scheme s, or NULL (a wrong password shows
 * as bad padding, or later as bytes that are no SafeContents). */
static unsigned char *decrypt(const scheme *s, const unsigned char *key, const unsigned char *iv,
                              const unsigned char *in, size_t len, size_t *out_len) {
#if defined(OPENSSL_NO_RC2) || defined(OPENSSL_NO_RC4)
  (void)s, (void)key, (void)iv, (void)in, (void)len, (void)out_len;
  return NULL;
#else
  unsigned char *out = mcl_xmalloc(len ? len : 1);
  if (s->rc4) {
    RC4_KEY k;
    RC4_set_key(&k, s->key_len, key);
    RC4(&k, len, in, out);
    *out_len = len;
    return out;
  }
  if (!len || len % 8 || len > LONG_MAX) {
    free(out);
    return NULL;
  }
  RC2_KEY k;
  unsigned char ivec[8];
  memcpy(ivec, iv, 8);
  RC2_set_key(&k, s->key_len, key, s->bits);
  RC2_cbc_encrypt(in, out, (long)len, &k, ivec, RC2_DECRYPT);
  unsigned pad = out[len - 1];
  bool ok = pad >= 1 && pad <= 8;
  for (unsigned i = 1; ok && i <= pad; i++) ok = out[len - i] == pad;
  if (!ok) {
    free(out);
    return NULL;
  }
  *out_len = len - pad;
  return out;
#endif
}

STACK_OF(PKCS12_SAFEBAG) *mcl_pkcs12_legacy_decrypt(const X509_ALGOR *alg,
                                                    const ASN1_OCTET_STRING *data,
                                                    const char *pass) {
  const scheme *s = scheme_of(alg);
  if (!s || !data || !mcl_pkcs12_legacy_available()) return NULL;
  PBEPARAM *pbe = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM), alg->parameter);
  if (!pbe) return NULL;
  long iter = pbe->iter ? ASN1_INTEGER_get(pbe->iter) : 1;
  unsigned char key[16], iv[8];
  const unsigned char *salt = ASN1_STRING_get0_data(pbe->salt);
  size_t salt_len = (size_t)ASN1_STRING_length(pbe->salt);
  bool keyed = iter > 0 && iter <= INT_MAX &&
               kdf_sha1(pass, salt, salt_len, PKCS12_KEY_ID, iter, key, (size_t)s->key_len) &&
               (s->rc4 || kdf_sha1(pass, salt, salt_len, PKCS12_IV_ID, iter, iv, sizeof iv));
  PBEPARAM_free(pbe);
  if (!keyed) return NULL;
  size_t len = 0;
  unsigned char *plain = decrypt(s, key, iv, ASN1_STRING_get0_data(data),
                                 (size_t)ASN1_STRING_length(data), &len);
  OPENSSL_cleanse(key, sizeof key);
  if (!plain) return NULL;
  const unsigned char *p = plain;
  STACK_OF(PKCS12_SAFEBAG) *bags = len <= LONG_MAX
      ? (STACK_OF(PKCS12_SAFEBAG) *)ASN1_item_d2i(NULL, &p, (long)len, ASN1_ITEM_rptr(PKCS12_SAFEBAGS))
      : NULL;
  OPENSSL_cleanse(plain, len);
  free(plain);
  return bags;
}
