#include "base/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mclint.h"

size_t mcl_utf8_decode_n(const char *s, size_t len, uint32_t *cp) {
  const unsigned char *p = (const unsigned char *)s;
  unsigned char c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, v = c & 0x1Fu, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, v = c & 0x0Fu, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, v = c & 0x07u, min = 0x10000;
  else
    return 0;
  if (n > len) return 0;
  for (size_t i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (p[i] & 0x3Fu);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

/* A NUL is not a continuation byte, so this never reads past the end. */
size_t mcl_utf8_decode(const char *s, uint32_t *cp) { return mcl_utf8_decode_n(s, 4, cp); }

size_t mcl_utf8_encode(uint32_t cp, char out[4]) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

bool mcl_text_unsafe(uint32_t cp) {
  if (cp < 0x20) return cp != '\t';
  if (cp < 0x7F) return false;
  return cp <= 0x9F || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Whether the eight bytes at s are all printable ASCII (0x20 to 0x7E), by
 * the usual bit tricks on a 64-bit word: a byte below 0x20 borrows into its
 * top bit when 0x20 is taken away, a byte above 0x7E reaches it when 1 is
 * added (or has it already). A borrow or carry can only spill into another
 * byte from a byte that fails itself, so the answer for the word is exact. */
static bool printable_ascii8(const char *s) {
  const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
  uint64_t x;
  memcpy(&x, s, 8);
  uint64_t below = (x - 0x20 * ones) & ~x & tops, above = ((x + ones) | x) & tops;
  return !(below | above);
}

size_t mcl_put_text_n(FILE *out, const char *s, size_t len) {
  size_t cols = 0;
  char esc[16];
  const char *run = s; /* safe bytes not yet written: one fwrite per run, not per character */
  while (len > 0) {
    uint32_t cp;
    size_t n;
    if (len >= 8 && printable_ascii8(s)) { /* eight at a time: the common case */
      cols += 8, s += 8, len -= 8;
      continue;
    }
    if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F) { /* printable ASCII */
      cols++, s++, len--;
      continue;
    }
    n = mcl_utf8_decode_n(s, len, &cp);
    int w;
    if (!n) {
      w = snprintf(esc, sizeof esc, "\\x%02X", (unsigned char)*s);
      n = 1;
    } else if (mcl_text_unsafe(cp)) {
      w = snprintf(esc, sizeof esc, cp < 0x80 ? "\\x%02X" : "\\u%04X", (unsigned)cp);
    } else {
      cols++;
      s += n, len -= n;
      continue;
    }
    if (out) {
      if (s > run) fwrite(run, 1, (size_t)(s - run), out);
      fputs(esc, out);
    }
    cols += (size_t)w;
    s += n, len -= n;
    run = s;
  }
  if (out && s > run) fwrite(run, 1, (size_t)(s - run), out);
  return cols;
}

void mcl_put_text(FILE *out, const char *s) {
  if (s) mcl_put_text_n(out, s, strlen(s));
}
