#include "report/escape.h"

#include <stdbool.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

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
      /* Unsafe in a terminal (base/text.h); U+2028/2029 also end a line in
       * JavaScript. */
      if (mcl_text_unsafe(cp))
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
    default:
      if (mcl_text_unsafe(cp))
        fprintf(out, "&#x%X;", (unsigned)cp);
      else
        fwrite(s, 1, n, out);
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
    else if (mcl_text_unsafe(cp))
      fputs(REPLACEMENT, out);
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
