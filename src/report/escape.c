#include "report/escape.h"

#include <stdbool.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

/* Returns what replaces a character (cp, n bytes; n == 0: invalid UTF-8),
 * written into buf if need be, or NULL to keep it as it is. */
typedef const char *(*escape_fn)(uint32_t cp, size_t n, int flag, char buf[16]);

/* The loop every format shares: runs of kept bytes go out in one fwrite
 * (a call per character, each taking the stream's lock, was a third of
 * the time of a SARIF report). */
static void put_escaped(FILE *out, const char *s, escape_fn escape, int flag) {
  const char *run = s;
  char buf[16];
  while (*s) {
    unsigned char c = (unsigned char)*s;
    uint32_t cp = c;
    size_t n = c < 0x80 ? 1 : mcl_utf8_decode(s, &cp);
    const char *with = escape(cp, n, flag, buf);
    if (with) {
      if (s > run) fwrite(run, 1, (size_t)(s - run), out);
      fputs(with, out);
    }
    s += n ? n : 1;
    if (with) run = s;
  }
  if (s > run) fwrite(run, 1, (size_t)(s - run), out);
}

static const char *json_escape(uint32_t cp, size_t n, int flag, char buf[16]) {
  (void)flag;
  if (!n) return "\\ufffd";
  switch (cp) {
  case '"': return "\\\"";
  case '\\': return "\\\\";
  case '\b': return "\\b";
  case '\f': return "\\f";
  case '\n': return "\\n";
  case '\r': return "\\r";
  case '\t': return "\\t";
  default:
    /* Unsafe in a terminal (base/text.h); U+2028/2029 also end a line in
     * JavaScript. */
    if (!mcl_text_unsafe(cp)) return NULL;
    snprintf(buf, 16, "\\u%04x", (unsigned)cp);
    return buf;
  }
}

void mcl_put_json_string(FILE *out, const char *s) {
  fputc('"', out);
  put_escaped(out, s, json_escape, 0);
  fputc('"', out);
}

static bool xml_char(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

static const char *xml_escape(uint32_t cp, size_t n, int attr, char buf[16]) {
  if (!n || !xml_char(cp)) return REPLACEMENT;
  switch (cp) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '\r': return "&#13;"; /* else a parser turns it into \n */
  case '"': return attr ? "&quot;" : NULL;
  case '\n': return attr ? "&#10;" : NULL;
  case '\t': return attr ? "&#9;" : NULL;
  default:
    if (!mcl_text_unsafe(cp)) return NULL;
    snprintf(buf, 16, "&#x%X;", (unsigned)cp);
    return buf;
  }
}

void mcl_put_xml(FILE *out, const char *s, int attr) { put_escaped(out, s, xml_escape, attr); }

static const char *github_escape(uint32_t cp, size_t n, int property, char buf[16]) {
  (void)buf;
  if (!n) return REPLACEMENT;
  if (cp == '%') return "%25";
  if (cp == '\r') return "%0D";
  if (cp == '\n') return "%0A";
  if (property && cp == ':') return "%3A";
  if (property && cp == ',') return "%2C";
  return mcl_text_unsafe(cp) ? REPLACEMENT : NULL;
}

void mcl_put_github(FILE *out, const char *s, int property) {
  put_escaped(out, s, github_escape, property);
}

void mcl_put_uri_path(FILE *out, const char *s) {
  const unsigned char *p = (const unsigned char *)s, *run = p;
  for (; *p; p++) {
    unsigned char c = *p;
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) continue;
    if (p > run) fwrite(run, 1, (size_t)(p - run), out);
    fprintf(out, "%%%02X", c);
    run = p + 1;
  }
  if (p > run) fwrite(run, 1, (size_t)(p - run), out);
}
