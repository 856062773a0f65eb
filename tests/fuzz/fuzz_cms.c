/* Arbitrary bytes as a signed profile: CMS decoding (DER, BER and, when
 * the first byte is odd, the same bytes in PEM armour), signer and
 * integrity checks, chain verification against the local trust store, the
 * embedded property list, extraction and the audit (which also decodes
 * certificate payloads and encrypted-payload recipients). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mclint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *pem_armour(const uint8_t *data, size_t size, size_t *len) {
  static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t cap = size / 3 * 4 + size / 48 + 64;
  char *out = malloc(cap), *p = out;
  p += sprintf(p, "-----BEGIN PKCS7-----\n");
  for (size_t i = 0; i < size; i += 3) {
    uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < size ? (uint32_t)data[i + 1] << 8 : 0) |
                 (i + 2 < size ? data[i + 2] : 0);
    *p++ = tbl[v >> 18 & 63];
    *p++ = tbl[v >> 12 & 63];
    *p++ = i + 1 < size ? tbl[v >> 6 & 63] : '=';
    *p++ = i + 2 < size ? tbl[v & 63] : '=';
    if (i % 48 == 45) *p++ = '\n';
  }
  p += sprintf(p, "\n-----END PKCS7-----\n");
  *len = (size_t)(p - out);
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mcl_linter *plain, *verifying;
  static FILE *sink;
  if (!plain) {
    plain = mcl_linter_new(NULL, NULL);
    mcl_options *o = mcl_options_new();
    mcl_options_set(o, "verify", "true", NULL);
    verifying = mcl_linter_new(o, NULL);
    mcl_options_free(o);
    sink = fopen("/dev/null", "w");
  }
  if (size == 0) return 0;
  bool pem = data[0] & 1;
  mcl_linter *l = (data[0] & 2) && verifying ? verifying : plain;
  size_t len = size;
  char *armoured = pem ? pem_armour(data, size, &len) : NULL;
  const void *input = pem ? (const void *)armoured : (const void *)data;
  mcl_result *r = mcl_lint_memory(l, "fuzz.mobileconfig", input, len);
  mcl_reporter *rep = mcl_reporter_new("text", sink, MCL_REPORT_SOURCE);
  mcl_reporter_add(rep, r);
  mcl_reporter_finish(rep);
  mcl_audit *a = mcl_audit_new("text", sink);
  mcl_audit_add(a, r);
  mcl_audit_finish(a);
  mcl_result_free(r);
  unsigned char *content = NULL;
  size_t clen = 0;
  char *err = NULL;
  mcl_extract_memory(input, len, &content, &clen, &err);
  free(content);
  free(err);
  free(armoured);
  return 0;
}
