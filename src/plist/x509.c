#include "plist/x509.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "base/util.h"
#include "plist/scalar.h"

char *mcl_name_text(mcl_arena *arena, const X509_NAME *name) {
  BIO *b = BIO_new(BIO_s_mem());
  if (!b) return mcl_arena_strdup(arena, "?");
  /* RFC 2253 escapes control characters and specials; keep UTF-8 readable. */
  X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char *p = NULL;
  long n = BIO_get_mem_data(b, &p);
  char *s = mcl_arena_strndup(arena, n > 0 ? p : "", n > 0 ? (size_t)n : 0);
  BIO_free(b);
  return s;
}

char *mcl_serial_text(mcl_arena *arena, const ASN1_INTEGER *serial) {
  BIGNUM *bn = serial ? ASN1_INTEGER_to_BN(serial, NULL) : NULL;
  char *hex = bn ? BN_bn2hex(bn) : NULL;
  char *s = mcl_arena_strdup(arena, hex && *hex ? hex : "00");
  OPENSSL_free(hex);
  BN_free(bn);
  return s;
}

bool mcl_asn1_time_unix(const ASN1_TIME *t, int64_t *out) {
  struct tm tm;
  if (!t || !ASN1_TIME_to_tm(t, &tm)) return false;
  *out = mcl_days_from_civil((int64_t)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
                             (unsigned)tm.tm_mday) * 86400 +
         tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
  return true;
}

static char *key_text(mcl_arena *arena, X509 *cert) {
  EVP_PKEY *k = X509_get0_pubkey(cert);
  if (!k) return mcl_arena_strdup(arena, "unknown key");
  const char *type = EVP_PKEY_get0_type_name(k);
  if (EVP_PKEY_get_base_id(k) == EVP_PKEY_EC) {
    char group[64] = "";
    size_t n = 0;
    if (EVP_PKEY_get_utf8_string_param(k, "group", group, sizeof group, &n))
      return mcl_arena_printf(arena, "EC %s", group);
  }
  return mcl_arena_printf(arena, "%s %d bits", type ? type : "key", EVP_PKEY_get_bits(k));
}

void mcl_cert_describe(mcl_arena *arena, X509 *cert, mcl_cert_info *info) {
  memset(info, 0, sizeof *info);
  info->subject = mcl_name_text(arena, X509_get_subject_name(cert));
  info->issuer = mcl_name_text(arena, X509_get_issuer_name(cert));
  info->serial = mcl_serial_text(arena, X509_get0_serialNumber(cert));
  info->key = key_text(arena, cert);
  mcl_asn1_time_unix(X509_get0_notBefore(cert), &info->not_before);
  mcl_asn1_time_unix(X509_get0_notAfter(cert), &info->not_after);
  info->is_ca = (X509_get_extension_flags(cert) & EXFLAG_CA) != 0;
  info->self_signed = X509_self_signed(cert, 0) == 1; /* issued by itself; signature not checked */
  ERR_clear_error();
}

X509 *mcl_cert_parse(const unsigned char *data, size_t len) {
  if (len == 0 || len > 0x7fffffff) return NULL;
  const unsigned char *p = data;
  X509 *x = d2i_X509(NULL, &p, (long)len);
  if (!x) {
    BIO *b = BIO_new_mem_buf(data, (int)len);
    if (b) x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    BIO_free(b);
  }
  ERR_clear_error();
  return x;
}

const char *mcl_openssl_reason(const char *fallback) {
  unsigned long e = ERR_peek_last_error();
  const char *r = e ? ERR_reason_error_string(e) : NULL;
  ERR_clear_error();
  return r ? r : fallback;
}
