/* cms.c: CMS-signed profiles (PKCS#7 SignedData, DER, BER or PEM). The
 * profile is unwrapped with libcrypto, its signers are described, the
 * signature is checked against the content (always) and the signers'
 * certificate chains against a trust store (with --verify), and the
 * embedded property list is read as if it were the file: its findings
 * carry its own lines and columns. What is found is recorded in the
 * container (container.h); the container rules (rules/container.c) decide
 * and word the findings.
 *
 * Nothing here touches the network: chains are built only from the
 * certificates in the file and the local trust store; no OCSP, CRL or AIA. */
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509_vfy.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "mclint.h"
#include "plist/container.h"
#include "plist/scalar.h"
#include "plist/x509.h"

typedef struct unwrapped {
  CMS_ContentInfo *cms;
  const char *encoding;
  const unsigned char *content; /* owned by cms */
  size_t content_len;
  char why[256]; /* when unwrapping failed */
} unwrapped;

/* ---- decoding ---- */

static const unsigned char *find_text(const unsigned char *p, size_t len, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i + n <= len; i++)
    if (p[i] == (unsigned char)s[0] && memcmp(p + i, s, n) == 0) return p + i;
  return NULL;
}

/* The base64 body between the BEGIN and END lines, decoded. */
static unsigned char *pem_body(const unsigned char *data, size_t len, size_t *out_len,
                               char *why, size_t why_size) {
  const unsigned char *begin = find_text(data, len, "-----BEGIN ");
  const unsigned char *eol = begin ? memchr(begin, '\n', len - (size_t)(begin - data)) : NULL;
  const unsigned char *end = eol ? find_text(eol, len - (size_t)(eol - data), "-----END ") : NULL;
  if (!end) {
    snprintf(why, why_size, "the PEM armour has no -----END line (truncated?)");
    return NULL;
  }
  size_t n = (size_t)(end - eol);
  if (n > INT_MAX) {
    snprintf(why, why_size, "the PEM body is too large");
    return NULL;
  }
  unsigned char *out = mcl_xmalloc(n / 4 * 3 + 4);
  EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
  int got = 0, fin = 0;
  bool ok = ctx != NULL;
  if (ok) {
    EVP_DecodeInit(ctx);
    ok = EVP_DecodeUpdate(ctx, out, &got, eol, (int)n) >= 0 &&
         EVP_DecodeFinal(ctx, out + got, &fin) >= 0;
  }
  EVP_ENCODE_CTX_free(ctx);
  ERR_clear_error();
  if (!ok || got + fin == 0) {
    free(out);
    snprintf(why, why_size, "the PEM body is not valid base64");
    return NULL;
  }
  *out_len = (size_t)(got + fin);
  return out;
}

/* Why d2i failed, in words: a definite length longer than the file means the
 * file was cut short. */
static void decode_failure(const unsigned char *der, size_t len, char *why, size_t why_size) {
  const char *reason = mcl_openssl_reason("not a valid ASN.1 structure");
  if (len >= 2 && der[0] == 0x30 && (der[1] & 0x80) && der[1] != 0x80) {
    unsigned n = der[1] & 0x7F;
    if (n <= 4 && len >= 2 + n) {
      size_t declared = 0;
      for (unsigned i = 0; i < n; i++) declared = declared << 8 | der[2 + i];
      if (declared + 2 + n > len) {
        snprintf(why, why_size,
                 "the file is truncated: its signature structure declares %zu bytes, but "
                 "only %zu are present",
                 declared + 2 + n, len);
        return;
      }
    }
  }
  snprintf(why, why_size, "the signature structure is corrupt or truncated (%s)", reason);
}

static bool unwrap(const unsigned char *data, size_t len, mcl_kind kind, unwrapped *u) {
  memset(u, 0, sizeof *u);
  unsigned char *pem = NULL;
  const unsigned char *der = data;
  size_t der_len = len;
  if (kind == MCL_KIND_CMS_PEM) {
    pem = pem_body(data, len, &der_len, u->why, sizeof u->why);
    if (!pem) return false;
    der = pem;
    u->encoding = "PEM";
  } else {
    u->encoding = len > 1 && data[1] == 0x80 ? "BER, indefinite length" : "DER";
  }
  const unsigned char *p = der;
  ERR_clear_error();
  u->cms = der_len <= LONG_MAX ? d2i_CMS_ContentInfo(NULL, &p, (long)der_len) : NULL;
  if (!u->cms) decode_failure(der, der_len, u->why, sizeof u->why);
  free(pem);
  if (!u->cms) return false;
  if (OBJ_obj2nid(CMS_get0_type(u->cms)) != NID_pkcs7_signed) {
    char type[80];
    OBJ_obj2txt(type, sizeof type, CMS_get0_type(u->cms), 0);
    snprintf(u->why, sizeof u->why, "it is CMS %s, not signed data", type);
    return false;
  }
  ASN1_OCTET_STRING **content = CMS_get0_content(u->cms);
  if (!content || !*content) {
    snprintf(u->why, sizeof u->why,
             "it is a detached signature: the file holds no profile, only its signature");
    return false;
  }
  u->content = ASN1_STRING_get0_data(*content);
  u->content_len = (size_t)ASN1_STRING_length(*content);
  return true;
}

static void unwrapped_free(unwrapped *u) {
  CMS_ContentInfo_free(u->cms);
  ERR_clear_error();
}

/* ---- signers ---- */

static void describe_signers(mcl_arena *arena, CMS_ContentInfo *cms, mcl_container *c) {
  CMS_set1_signers_certs(cms, NULL, 0); /* find each signer's certificate in the file */
  ERR_clear_error();
  STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
  int n = sis ? sk_CMS_SignerInfo_num(sis) : 0;
  c->signer_count = n > 0 ? (size_t)n : 0;
  c->signers = mcl_arena_alloc(arena, (c->signer_count + 1) * sizeof *c->signers);
  for (int i = 0; i < n; i++) {
    CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, i);
    mcl_signer *s = &c->signers[i];
    X509 *cert = NULL;
    CMS_SignerInfo_get0_algs(si, NULL, &cert, NULL, NULL);
    if (cert) {
      s->has_cert = true;
      mcl_cert_describe(arena, cert, &s->cert);
      continue;
    }
    ASN1_OCTET_STRING *keyid = NULL;
    X509_NAME *issuer = NULL;
    ASN1_INTEGER *serial = NULL;
    CMS_SignerInfo_get0_signer_id(si, &keyid, &issuer, &serial);
    s->cert.subject = "an unknown signer";
    s->cert.issuer = issuer ? mcl_name_text(arena, issuer) : "?";
    s->cert.serial = serial ? mcl_serial_text(arena, serial) : "?";
  }
}

static const char *integrity_failure(int reason) {
  switch (reason) {
  case CMS_R_CONTENT_VERIFY_ERROR:
    return "the content does not match the digest that was signed: the profile was "
           "changed after it was signed";
  case CMS_R_VERIFICATION_FAILURE:
    return "the signature does not verify with the signer's certificate: the signed "
           "attributes were changed or the signature is corrupt";
  case CMS_R_SIGNER_CERTIFICATE_NOT_FOUND:
    return "the signer's certificate is not in the file, so the signature cannot be checked";
  case CMS_R_NO_SIGNERS: return "the file holds content but no signature";
  default: return NULL;
  }
}

static void check_integrity(mcl_arena *arena, CMS_ContentInfo *cms, mcl_container *c) {
  ERR_clear_error();
  if (CMS_verify(cms, NULL, NULL, NULL, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1) {
    c->integrity = MCL_CHECK_PASSED;
    ERR_clear_error();
    return;
  }
  c->integrity = MCL_CHECK_FAILED;
  /* A changed content raises "verification failure" and then "content
   * verify error": the most telling reason wins, wherever it is queued. */
  int best = 0;
  const char *last = NULL;
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    int reason = ERR_GET_REASON(e);
    if (ERR_GET_LIB(e) == ERR_LIB_CMS && integrity_failure(reason) &&
        (!best || reason == CMS_R_CONTENT_VERIFY_ERROR))
      best = reason;
    if (ERR_reason_error_string(e)) last = ERR_reason_error_string(e);
  }
  c->integrity_detail =
      best ? integrity_failure(best)
           : mcl_arena_printf(arena, "the signature cannot be verified (%s)",
                              last ? last : "unknown error");
}

/* ---- chains (--verify) ---- */

static void check_chain(mcl_arena *arena, X509_STORE *store, bool partial, X509 *cert,
                        STACK_OF(X509) *untrusted, mcl_signer *s, STACK_OF(X509) **chain_out) {
  X509_STORE_CTX *sc = X509_STORE_CTX_new();
  if (!sc || !X509_STORE_CTX_init(sc, store, cert, untrusted)) {
    X509_STORE_CTX_free(sc);
    s->chain = MCL_CHECK_FAILED;
    s->chain_detail = "cannot set up verification";
    return;
  }
  /* Expiry is reported by its own rules; trust is judged regardless of time
   * so that one expired certificate is not reported twice. */
  unsigned long flags = X509_V_FLAG_NO_CHECK_TIME | (partial ? X509_V_FLAG_PARTIAL_CHAIN : 0);
  X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(sc), flags);
  if (X509_verify_cert(sc) == 1) {
    STACK_OF(X509) *chain = X509_STORE_CTX_get1_chain(sc);
    X509 *anchor = sk_X509_value(chain, sk_X509_num(chain) - 1);
    s->chain = MCL_CHECK_PASSED;
    s->chain_detail = mcl_name_text(arena, X509_get_subject_name(anchor));
    *chain_out = chain;
  } else {
    int err = X509_STORE_CTX_get_error(sc);
    X509 *at = X509_STORE_CTX_get_current_cert(sc);
    s->chain = MCL_CHECK_FAILED;
    s->chain_detail =
        at ? mcl_arena_printf(arena, "%s (at '%s')", X509_verify_cert_error_string(err),
                              mcl_name_text(arena, X509_get_subject_name(at)))
           : mcl_arena_strdup(arena, X509_verify_cert_error_string(err));
  }
  X509_STORE_CTX_free(sc);
  ERR_clear_error();
}

/* With --verify, builds each signer's chain and describes the issuers in it. */
static void verify_chains(mcl_arena *arena, CMS_ContentInfo *cms, mcl_container *c,
                          const mcl_trust *trust) {
  if (!trust || !trust->store) return;
  c->trust_source = trust->ca_file
                        ? mcl_arena_printf(arena, "CA file '%s'", trust->ca_file)
                        : "the system trust store";
  STACK_OF(X509) *certs = CMS_get1_certs(cms);
  STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
  for (size_t i = 0; i < c->signer_count; i++) {
    mcl_signer *s = &c->signers[i];
    X509 *cert = NULL;
    CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(sis, (int)i), NULL, &cert, NULL, NULL);
    if (!cert) {
      s->chain = MCL_CHECK_FAILED;
      s->chain_detail = "the signer's certificate is not in the file";
      continue;
    }
    STACK_OF(X509) *chain = NULL;
    check_chain(arena, trust->store, trust->ca_file != NULL, cert, certs, s, &chain);
    int n = chain ? sk_X509_num(chain) : 0;
    if (n > 1) {
      s->issuers = mcl_arena_alloc(arena, (size_t)(n - 1) * sizeof *s->issuers);
      for (int k = 1; k < n; k++) mcl_cert_describe(arena, sk_X509_value(chain, k), &s->issuers[k - 1]);
      s->issuer_count = (size_t)(n - 1);
    }
    sk_X509_pop_free(chain, X509_free);
  }
  sk_X509_pop_free(certs, X509_free);
}

/* ---- the embedded property list ---- */

static void read_content(mcl_doc *doc, mcl_arena *arena, mcl_container *c, const unsigned char *p,
                         size_t n) {
  const char *what = NULL;
  switch (mcl_sniff(p, n, &what)) {
  case MCL_KIND_XML:
    c->content = "an XML property list";
    mcl_read_xml(doc, arena, p, n);
    return;
  case MCL_KIND_BPLIST:
    c->content = "a binary property list";
    mcl_read_bplist(doc, arena, p, n);
    return;
  case MCL_KIND_CMS:
  case MCL_KIND_CMS_PEM:
    c->content = "another signed profile";
    c->nested = true;
    return;
  default:
    c->content = "no property list";
    c->content_what = what ? what : "unknown data";
    return;
  }
}

static void damaged(mcl_arena *arena, mcl_container *c, const char *encoding, const char *why) {
  c->encoding = encoding ? encoding : "unknown";
  c->content = "no readable content";
  c->description = encoding ? mcl_arena_printf(arena, "damaged signed profile (CMS, %s)",
                                               encoding)
                            : "damaged signed profile";
  c->damage = mcl_arena_strdup(arena, why);
}

bool mcl_read_signed(mcl_doc *doc, mcl_arena *arena, const unsigned char *data, size_t len,
                     mcl_kind kind, const mcl_trust *trust) {
  mcl_crypto_thread();
  mcl_container *c = mcl_arena_alloc(arena, sizeof *c);
  doc->container = c;
  if (kind == MCL_KIND_CMS_DAMAGED) { /* what is left of one, as mcl_sniff saw it */
    const char *what = NULL;
    mcl_sniff(data, len, &what);
    damaged(arena, c, NULL, what ? what : "damaged");
    return false;
  }
  unwrapped u;
  if (!unwrap(data, len, kind, &u)) {
    damaged(arena, c, u.encoding, u.why);
    unwrapped_free(&u);
    return false;
  }
  c->encoding = u.encoding;
  describe_signers(arena, u.cms, c);
  check_integrity(arena, u.cms, c);
  verify_chains(arena, u.cms, c, trust);
  read_content(doc, arena, c, u.content, u.content_len);
  c->unwrapped = true;
  c->description = mcl_arena_printf(arena, "signed profile (CMS, %s) holding %s", c->encoding,
                                    c->content);
  unwrapped_free(&u);
  return doc->root != NULL;
}

/* ---- enveloped data (EncryptedPayloadContent) ---- */

typedef struct recipients {
  mcl_arena *arena;
  mcl_cert_info *items;
  size_t count, cap;
} recipients;

static void add_recipient(recipients *rs, const X509_NAME *issuer, const ASN1_INTEGER *serial) {
  if (rs->count == rs->cap) {
    size_t cap = rs->cap * 2 + 4;
    mcl_cert_info *bigger = mcl_arena_alloc(rs->arena, cap * sizeof *bigger);
    if (rs->count) memcpy(bigger, rs->items, rs->count * sizeof *bigger);
    rs->items = bigger;
    rs->cap = cap;
  }
  mcl_cert_info *ci = &rs->items[rs->count++];
  ci->subject = "";
  ci->issuer = issuer ? mcl_name_text(rs->arena, issuer) : "(named by key identifier)";
  ci->serial = serial ? mcl_serial_text(rs->arena, serial) : "";
}

/* RSA recipients (key transport) name one certificate each; EC recipients
 * (key agreement) may name several. */
static void collect_recipient(recipients *rs, CMS_RecipientInfo *ri) {
  ASN1_OCTET_STRING *keyid = NULL;
  X509_NAME *issuer = NULL;
  ASN1_INTEGER *serial = NULL;
  if (CMS_RecipientInfo_type(ri) == CMS_RECIPINFO_TRANS) {
    if (CMS_RecipientInfo_ktri_get0_signer_id(ri, &keyid, &issuer, &serial))
      add_recipient(rs, issuer, serial);
    return;
  }
  if (CMS_RecipientInfo_type(ri) != CMS_RECIPINFO_AGREE) return;
  STACK_OF(CMS_RecipientEncryptedKey) *reks = CMS_RecipientInfo_kari_get0_reks(ri);
  for (int k = 0; reks && k < sk_CMS_RecipientEncryptedKey_num(reks); k++) {
    CMS_RecipientEncryptedKey *rek = sk_CMS_RecipientEncryptedKey_value(reks, k);
    issuer = NULL;
    serial = NULL;
    if (CMS_RecipientEncryptedKey_get0_id(rek, &keyid, NULL, NULL, &issuer, &serial))
      add_recipient(rs, issuer, serial);
  }
}

int mcl_cms_recipients(mcl_arena *arena, const unsigned char *data, size_t len,
                       mcl_cert_info **out) {
  *out = NULL;
  const unsigned char *p = data;
  CMS_ContentInfo *cms = len <= LONG_MAX ? d2i_CMS_ContentInfo(NULL, &p, (long)len) : NULL;
  if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_enveloped) {
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return -1;
  }
  recipients rs = {.arena = arena};
  STACK_OF(CMS_RecipientInfo) *ris = CMS_get0_RecipientInfos(cms);
  for (int i = 0; ris && i < sk_CMS_RecipientInfo_num(ris); i++)
    collect_recipient(&rs, sk_CMS_RecipientInfo_value(ris, i));
  CMS_ContentInfo_free(cms);
  ERR_clear_error();
  *out = rs.items;
  return (int)rs.count;
}

/* ---- extraction (public) ---- */

int mcl_extract_memory(const void *data, size_t len, unsigned char **out, size_t *out_len,
                       char **err) {
  *out = NULL;
  *out_len = 0;
  if (err) *err = NULL;
  const char *what = NULL;
  mcl_kind kind = mcl_sniff(data, len, &what);
  if (kind != MCL_KIND_CMS && kind != MCL_KIND_CMS_PEM) {
    if (err)
      *err = kind == MCL_KIND_CMS_DAMAGED
                 ? mcl_xasprintf("cannot unwrap the signed profile: %s", what)
                 : mcl_xasprintf("not a signed profile: it is %s",
                                 kind == MCL_KIND_XML      ? "an XML property list"
                                 : kind == MCL_KIND_BPLIST ? "a binary property list"
                                 : what                    ? what
                                                           : "unknown data");
    return -1;
  }
  unwrapped u;
  if (!unwrap(data, len, kind, &u)) {
    if (err) *err = mcl_xasprintf("cannot unwrap the signed profile: %s", u.why);
    unwrapped_free(&u);
    return -1;
  }
  *out = mcl_xmalloc(u.content_len ? u.content_len : 1);
  memcpy(*out, u.content, u.content_len);
  *out_len = u.content_len;
  unwrapped_free(&u);
  return 0;
}
