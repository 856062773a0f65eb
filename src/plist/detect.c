/* detect.c: what an input is, judged by its content alone. A profile named
 * .mobileconfig may be XML, binary, signed, or something else entirely. */
#include <ctype.h>
#include <string.h>

#include "base/util.h"
#include "plist/reader.h"
#include "plist/template.h"

static const unsigned char signed_data_oid[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86,
                                                0xF7, 0x0D, 0x01, 0x07, 0x02};

static bool starts(const unsigned char *p, size_t len, const char *s) {
  size_t n = strlen(s);
  return len >= n && memcmp(p, s, n) == 0;
}

static bool starts_icase(const unsigned char *p, size_t len, const char *s) {
  size_t n = strlen(s);
  if (len < n) return false;
  for (size_t i = 0; i < n; i++)
    if (tolower(p[i]) != tolower((unsigned char)s[i])) return false;
  return true;
}

static bool find(const unsigned char *p, size_t len, const void *needle, size_t n) {
  const unsigned char *end = p + len, first = *(const unsigned char *)needle;
  for (; (size_t)(end - p) >= n && (p = memchr(p, first, (size_t)(end - p) - n + 1)); p++)
    if (memcmp(p, needle, n) == 0) return true;
  return false;
}

/* A DER/BER SEQUENCE whose content starts with the signedData OID. */
static bool is_cms(const unsigned char *p, size_t len) {
  if (len < 2 + sizeof signed_data_oid || p[0] != 0x30) return false;
  size_t hdr = 2;
  if (p[1] & 0x80 && p[1] != 0x80) hdr += p[1] & 0x7F;
  return hdr + sizeof signed_data_oid <= len &&
         memcmp(p + hdr, signed_data_oid, sizeof signed_data_oid) == 0;
}

/* DER-encoded object identifiers that every CMS signature or X.509
 * certificate holds: PKCS#7 content types, PKCS#9 signed attributes, and
 * X.520 name attributes (id-at). */
static bool has_signature_data(const unsigned char *p, size_t len) {
  static const unsigned char pkcs7[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07};
  static const unsigned char pkcs9[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09};
  static const unsigned char id_at[] = {0x06, 0x03, 0x55, 0x04};
  return find(p, len, pkcs7, sizeof pkcs7) || find(p, len, pkcs9, sizeof pkcs9) ||
         find(p, len, id_at, sizeof id_at);
}

/* Signature data after the last </plist>: what is left of a signed profile
 * whose header was cut off right before its content. Scans from the end,
 * so the cost for ordinary files is a few bytes. */
static bool signature_after_plist(const unsigned char *p, size_t len) {
  static const char close[] = "</plist>";
  size_t n = sizeof close - 1;
  for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;) {
    if (p[i] != '<' || memcmp(p + i, close, n) != 0) continue;
    return has_signature_data(p + i + n, len - i - n);
  }
  return false;
}

static bool mostly_text(const unsigned char *p, size_t len) {
  size_t n = len < 4096 ? len : 4096, bad = 0;
  for (size_t i = 0; i < n; i++)
    if (p[i] < 0x09 || (p[i] > 0x0D && p[i] < 0x20) || p[i] == 0x7F) bad++;
  return bad * 100 <= n;
}

mcl_kind mcl_sniff(const unsigned char *data, size_t len, const char **what) {
  const unsigned char *p = data;
  size_t n = len;
  *what = NULL;
  if (starts(p, n, "\xEF\xBB\xBF")) p += 3, n -= 3;
  if (starts(p, n, "\xFF\xFE") || starts(p, n, "\xFE\xFF")) return MCL_KIND_XML;
  if (n >= 4 && ((p[0] == '<' && p[1] == 0) || (p[0] == 0 && p[1] == '<'))) return MCL_KIND_XML;
  /* Blank lines, and BOMs a concatenation left among them (leading-whitespace). */
  while (n && (isspace(*p) || starts(p, n, "\xEF\xBB\xBF"))) {
    size_t k = isspace(*p) ? 1 : 3;
    p += k, n -= k;
  }
  if (n == 0) {
    *what = "an empty file";
    return MCL_KIND_EMPTY;
  }
  if (starts(p, n, "bplist00")) return MCL_KIND_BPLIST;
  if (starts(p, n, "bplist")) return (*what = "a binary property list of an unsupported version"), MCL_KIND_OTHER;
  if (is_cms(data, len)) return MCL_KIND_CMS;
  if (starts(p, n, "-----BEGIN PKCS7-----") || starts(p, n, "-----BEGIN CMS-----") ||
      starts(p, n, "-----BEGIN PKCS #7 SIGNED DATA-----"))
    return MCL_KIND_CMS_PEM;
  if (starts(p, n, "-----BEGIN ")) return (*what = "a PEM file that is not a signed profile"), MCL_KIND_OTHER;
  if (starts_icase(p, n, "<!DOCTYPE html") || starts_icase(p, n, "<html"))
    return (*what = "an HTML page"), MCL_KIND_OTHER;
  if (*p == '<') {
    if (!signature_after_plist(data, len)) return MCL_KIND_XML;
    *what = "its beginning is missing: the file starts with the signed content, and "
            "certificate data follows it (truncated or damaged file)";
    return MCL_KIND_CMS_DAMAGED;
  }
  if (starts(p, n, "PK\x03\x04")) return (*what = "a ZIP archive"), MCL_KIND_OTHER;
  if (starts(p, n, "\x1F\x8B")) return (*what = "gzip-compressed data"), MCL_KIND_OTHER;
  if (starts(p, n, "%PDF")) return (*what = "a PDF document"), MCL_KIND_OTHER;
  if (mcl_template_prefix(data, len)) return MCL_KIND_XML; /* read as a template source */
  if (*p == '{' || *p == '[') return (*what = "JSON or other text, not XML"), MCL_KIND_OTHER;
  if (find(data, len, "<?xml", 5) || find(data, len, "<plist", 6)) {
    if (has_signature_data(data, len))
      return (*what = data[0] == 0x30
                          ? "its signature structure is damaged: the header is not CMS "
                            "signed data (corrupted, e.g. by line-ending conversion?)"
                          : "its beginning is missing: the file starts inside the signed "
                            "content, and certificate data follows it (truncated or damaged "
                            "file)"),
             MCL_KIND_CMS_DAMAGED;
    return (*what = mostly_text(data, len)
                        ? "text with an XML property list inside it, not at its start"
                        : "binary data with an XML property list inside it (a damaged or "
                          "truncated signed profile?)"),
           MCL_KIND_OTHER;
  }
  *what = mostly_text(data, len) ? "text that is not XML" : "binary data of unknown format";
  return MCL_KIND_OTHER;
}
