/* container.h: what wraps a profile's property list (a CMS signature), as the
 * CMS reader found it. Reporters show its description once per file; the
 * audit shows the signers. Everything lives in the result's arena. */
#ifndef MCL_CONTAINER_H
#define MCL_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#include "base/arena.h"
#include "plist/reader.h"

/* A certificate, described without its key or extensions' raw bytes. */
typedef struct mcl_cert_info {
  const char *subject, *issuer; /* RFC 2253, e.g. "CN=Example,O=Example Inc,C=US" */
  const char *serial;           /* upper-case hex */
  const char *key;              /* "RSA 2048 bits", "EC prime256v1", ... */
  int64_t not_before, not_after; /* Unix seconds */
  bool is_ca;                    /* basicConstraints cA */
  bool self_signed;              /* issued by itself (names and key ids match) */
} mcl_cert_info;

typedef enum { MCL_CHECK_NOT_DONE, MCL_CHECK_PASSED, MCL_CHECK_FAILED } mcl_check;

typedef struct mcl_signer {
  bool has_cert;       /* the signer's certificate is in the file */
  mcl_cert_info cert;  /* when has_cert; else only issuer and serial are set */
  mcl_check chain;     /* --verify: chain to a trusted root */
  const char *chain_detail; /* the trust anchor's subject, or why the chain failed */
  mcl_cert_info *issuers;   /* --verify: the chain above the signer, up to the anchor */
  size_t issuer_count;
} mcl_signer;

typedef struct mcl_container {
  const char *encoding;    /* "DER", "BER, indefinite length" or "PEM" */
  const char *content;     /* "an XML property list", "a binary property list", ... */
  const char *description; /* one line for reporters */
  bool unwrapped;          /* false: damaged, nothing inside was read */
  const char *damage;      /* when not unwrapped: why */
  bool nested;             /* the content is itself a signed profile (not read) */
  const char *content_what; /* the content is no property list: what it is, else NULL */
  mcl_check integrity;     /* the signature over the content */
  const char *integrity_detail; /* why it failed */
  const char *trust_source; /* what --verify checked against, or NULL */
  mcl_signer *signers;
  size_t signer_count;
} mcl_container;

/* What --verify checks signers against: the trust store (NULL: no chain
 * checks) and the CA file it came from (NULL: the system's). */
typedef struct mcl_trust {
  X509_STORE *store;
  const char *ca_file;
} mcl_trust;

/* Reads a CMS-signed profile (kind MCL_KIND_CMS or MCL_KIND_CMS_PEM, or what
 * is left of one: MCL_KIND_CMS_DAMAGED, which is only described): describes
 * the signers, checks the signature (and the chains with trust), then reads
 * the embedded property list into doc. Sets doc->container; the container
 * rules (rules/container.c) judge it. */
bool mcl_read_signed(mcl_doc *doc, mcl_arena *arena, const unsigned char *data, size_t len,
                     mcl_kind kind, const mcl_trust *trust);

/* The recipients (issuer and serial of each key-transport recipient) of CMS
 * enveloped data such as EncryptedPayloadContent, described in the arena.
 * Returns how many; -1 when data is not CMS enveloped data. */
int mcl_cms_recipients(mcl_arena *arena, const unsigned char *data, size_t len,
                       mcl_cert_info **out);

#endif
