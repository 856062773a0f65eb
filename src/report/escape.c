#include "report/escape.h"

#include <stdbool.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

size_t mcl_utf8_decode(const char *s, uint32_t *cp) {
  const unsigned char *p = (const unsigned char *)s;
  unsigned char c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) n = 2, v = c & 0x1Fu, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, v = c & 0x0Fu, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, v = c & 0x07u, min = 0x10000;
  else return 0;
  /* A NUL is not a continuation byte, so this never reads past the end. */
  for (size_t i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (p[i] & 0x3Fu);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

void mcl_put_json_string(FILE *out, const char *s) {
  fputc('"', out);
  while (*s) {
    uint32_t cp;
    size_t n = mcl_utf8_decode(s, &cp);
    if (!n) {
      fputs("\\ufffd", out);
      s++;
      continue;
    }
    switch (cp) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\b': fputs("\\b", out); break;
    case '\f': fputs("\\f", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    default:
      /* U+2028/2029 are valid JSON but end a line in JavaScript. */
      if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
        fprintf(out, "\\u%04x", (unsigned)cp);
      else
        fwrite(s, 1, n, out);
    }
    s += n;
  }
  fputc('"', out);
}

static bool xml_char(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

void mcl_put_xml(FILE *out, const char *s, int attr) {
  while (*s) {
    uint32_t cp;
    size_t n = mcl_utf8_decode(s, &cp);
    if (!n || !xml_char(cp)) {
      fputs(REPLACEMENT, out);
      s += n ? n : 1;
      continue;
    }
    switch (cp) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '\r': fputs("&#13;", out); break; /* else a parser turns it into \n */
    case '"': fputs(attr ? "&quot;" : "\"", out); break;
    case '\n': fputs(attr ? "&#10;" : "\n", out); break;
    case '\t': fputs(attr ? "&#9;" : "\t", out); break;
    default: fwrite(s, 1, n, out);
    }
    s += n;
  }
}

void mcl_put_github(FILE *out, const char *s, int property) {
  while (*s) {
    uint32_t cp;
    size_t n = mcl_utf8_decode(s, &cp);
    if (!n) {
      fputs(REPLACEMENT, out);
      s++;
      continue;
    }
    if (cp == '%') fputs("%25", out);
    else if (cp == '\r') fputs("%0D", out);
    else if (cp == '\n') fputs("%0A", out);
    else if (property && cp == ':') fputs("%3A", out);
    else if (property && cp == ',') fputs("%2C", out);
    else if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) fputs(REPLACEMENT, out);
    else fwrite(s, 1, n, out);
    s += n;
  }
}

void mcl_put_uri_path(FILE *out, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned char c = *p;
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) fputc(c, out);
    else fprintf(out, "%%%02X", c);
  }
}
