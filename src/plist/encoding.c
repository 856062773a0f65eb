#include "plist/encoding.h"

#include <ctype.h>
#include <libxml/encoding.h>
#include <string.h>

#include "base/text.h"
#include "base/util.h"

static bool name_is(const char *a, const char *b) { return mcl_streq_icase(a, b); }

static void from_utf16(mcl_arena *arena, const unsigned char *p, size_t len, bool big_endian,
                       mcl_text *out) {
  size_t units = len / 2;
  char *buf = mcl_arena_alloc(arena, units * 3 + 1);
  size_t n = 0;
  for (size_t i = 0; i < units; i++) {
    unsigned long u = big_endian ? (unsigned long)(p[2 * i] << 8 | p[2 * i + 1])
                                 : (unsigned long)(p[2 * i + 1] << 8 | p[2 * i]);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      unsigned long lo = big_endian ? (unsigned long)(p[2 * i + 2] << 8 | p[2 * i + 3])
                                    : (unsigned long)(p[2 * i + 3] << 8 | p[2 * i + 2]);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        i++;
      } else {
        out->error = "invalid UTF-16 (unpaired surrogate)";
      }
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      out->error = "invalid UTF-16 (unpaired surrogate)";
    }
    n += mcl_utf8_encode((uint32_t)u, buf + n);
  }
  if (len % 2) out->error = "invalid UTF-16 (odd number of bytes)";
  buf[n] = '\0';
  out->text = buf;
  out->len = n;
  out->source_encoding = big_endian ? "UTF-16BE" : "UTF-16LE";
}

/* The encoding="..." of an XML declaration at the start of ASCII-compatible text. */
static const char *declared_encoding(mcl_arena *arena, const char *p, size_t len) {
  size_t i = 0;
  while (i < len && isspace((unsigned char)p[i])) i++;
  if (len - i < 5 || memcmp(p + i, "<?xml", 5) != 0) return NULL;
  const char *end = memchr(p + i, '>', len - i);
  if (!end) return NULL;
  const char *enc = NULL;
  for (const char *q = p + i; q + 8 < end; q++)
    if (memcmp(q, "encoding", 8) == 0) {
      enc = q + 8;
      break;
    }
  if (!enc) return NULL;
  while (enc < end && (isspace((unsigned char)*enc) || *enc == '=')) enc++;
  if (enc >= end || (*enc != '"' && *enc != '\'')) return NULL;
  char quote = *enc++;
  const char *close = memchr(enc, quote, (size_t)(end - enc));
  if (!close) return NULL;
  return mcl_arena_strndup(arena, enc, (size_t)(close - enc));
}

/* Converts other encodings (ISO-8859-1, Windows-1252, ...) with libxml2's
 * converters, so mclint accepts whatever encoding libxml2 would. */
static void from_legacy(mcl_arena *arena, const unsigned char *p, size_t len, const char *name,
                        mcl_text *out) {
  xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(name);
  if (!h) {
    out->error = "unsupported character encoding";
    return;
  }
  xmlBufferPtr in = xmlBufferCreateSize(len + 1), conv = xmlBufferCreateSize(len * 2 + 16);
  int rc = -1;
  if (in && conv && xmlBufferAdd(in, p, (int)len) == 0) rc = xmlCharEncInFunc(h, conv, in);
  if (rc < 0 || xmlBufferLength(in) != 0) {
    out->error = "bytes that are not valid in the declared encoding";
  } else {
    out->len = (size_t)xmlBufferLength(conv);
    out->text = mcl_arena_strndup(arena, (const char *)xmlBufferContent(conv), out->len);
    out->source_encoding = name;
  }
  xmlBufferFree(in);
  xmlBufferFree(conv);
  xmlCharEncCloseFunc(h);
}

void mcl_text_from_bytes(mcl_arena *arena, const unsigned char *p, size_t len, mcl_text *out) {
  memset(out, 0, sizeof *out);
  if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
    out->had_bom = true;
    from_utf16(arena, p + 2, len - 2, p[0] == 0xFE, out);
  } else if (len >= 4 && p[0] == '<' && p[1] == 0 && p[2] == '?' && p[3] == 0) {
    from_utf16(arena, p, len, false, out);
  } else if (len >= 4 && p[0] == 0 && p[1] == '<' && p[2] == 0 && p[3] == '?') {
    from_utf16(arena, p, len, true, out);
  } else {
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
      out->had_bom = true;
      p += 3;
      len -= 3;
    }
    out->declared = declared_encoding(arena, (const char *)p, len);
    const char *d = out->declared;
    if (d && !out->had_bom && !name_is(d, "UTF-8") && !name_is(d, "UTF8") &&
        !name_is(d, "US-ASCII") && !name_is(d, "ASCII") && !name_is(d, "UTF-16")) {
      from_legacy(arena, p, len, d, out);
      return;
    }
    out->text = mcl_arena_strndup(arena, (const char *)p, len);
    out->len = len;
    out->source_encoding = "UTF-8";
    return;
  }
  if (out->text) out->declared = declared_encoding(arena, out->text, out->len);
}
