/* Arbitrary bytes as a file name and a profile, reported in every machine
 * format; each output must still parse: json and sarif as strict JSON
 * (UTF-8 included), junit as XML (libxml2), github as one line per
 * finding. Escaping bugs become crashes here. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include <libxml/parser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mclint.h"
#include "report/escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- a strict JSON checker: returns the end of the value, or NULL ---- */
static const char *value(const char *p, int depth);

static const char *ws(const char *p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  return p;
}

static const char *string(const char *p) {
  if (*p++ != '"') return NULL;
  while (*p != '"') {
    uint32_t cp;
    if ((unsigned char)*p < 0x20) return NULL;
    if (*p == '\\') {
      p++;
      if (*p == 'u') {
        for (int i = 1; i <= 4; i++)
          if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i]) return NULL;
        p += 5;
      } else if (*p && strchr("\"\\/bfnrt", *p)) {
        p++;
      } else {
        return NULL;
      }
      continue;
    }
    size_t n = mcl_utf8_decode(p, &cp);
    if (!n) return NULL;
    p += n;
  }
  return p + 1;
}

static const char *number(const char *p) {
  if (*p == '-') p++;
  if (*p < '0' || *p > '9') return NULL;
  while (*p >= '0' && *p <= '9') p++;
  return p;
}

static const char *members(const char *p, char close, bool keyed, int depth) {
  p = ws(p + 1);
  if (*p == close) return p + 1;
  for (;;) {
    if (keyed) {
      if (!(p = string(ws(p)))) return NULL;
      if (*(p = ws(p)) != ':') return NULL;
      p++;
    }
    if (!(p = value(p, depth + 1))) return NULL;
    p = ws(p);
    if (*p == close) return p + 1;
    if (*p++ != ',') return NULL;
  }
}

static const char *value(const char *p, int depth) {
  if (depth > 64) return NULL;
  p = ws(p);
  if (*p == '{') return members(p, '}', true, depth);
  if (*p == '[') return members(p, ']', false, depth);
  if (*p == '"') return string(p);
  if (!strncmp(p, "true", 4)) return p + 4;
  if (!strncmp(p, "false", 5)) return p + 5;
  if (!strncmp(p, "null", 4)) return p + 4;
  return number(p);
}

static void check_json(const char *out, size_t len) {
  const char *end = value(out, 0);
  if (!end || *ws(end) || (size_t)(ws(end) - out) != len) {
    fprintf(stderr, "invalid JSON:\n%s\n", out);
    abort();
  }
}

static void check_xml(const char *out, size_t len) {
  xmlDocPtr doc = xmlReadMemory(out, (int)len, "junit.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    fprintf(stderr, "invalid XML:\n%s\n", out);
    abort();
  }
  xmlFreeDoc(doc);
}

static void check_lines(const char *out, size_t len, size_t findings) {
  size_t lines = 0;
  for (size_t i = 0; i < len; i++) {
    if (out[i] == '\r') abort();
    if (out[i] == '\n') lines++;
  }
  if (lines != findings || memchr(out, '\0', len)) {
    fprintf(stderr, "%zu lines for %zu findings:\n%s\n", lines, findings, out);
    abort();
  }
}

static void report(const char *format, const mcl_result *r, unsigned flags) {
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  mcl_reporter *rep = mcl_reporter_new(format, f, flags);
  mcl_reporter_add(rep, r);
  if (mcl_reporter_finish(rep) != 0) abort();
  fclose(f);
  if (!strcmp(format, "json") || !strcmp(format, "sarif")) check_json(out, len);
  else if (!strcmp(format, "junit")) check_xml(out, len);
  else check_lines(out, len, mcl_result_diag_count(r));
  free(out);
}

/* Input: the file name up to the first newline (at most 255 bytes), then
 * the profile. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mcl_linter *linter;
  if (!linter) linter = mcl_linter_new(NULL, NULL);
  const uint8_t *nl = memchr(data, '\n', size < 256 ? size : 256);
  size_t name_len = nl ? (size_t)(nl - data) : 0;
  char name[256];
  memcpy(name, data, name_len);
  name[name_len] = '\0';
  if (memchr(name, '\0', name_len)) return 0; /* a C string ends there anyway */
  size_t skip = nl ? name_len + 1 : 0;
  mcl_result *r = mcl_lint_memory(linter, name_len ? name : "x", data + skip, size - skip);
  static const char *const formats[] = {"json", "sarif", "junit", "github"};
  for (size_t i = 0; i < 4; i++) report(formats[i], r, MCL_REPORT_STATISTICS);
  mcl_result_free(r);
  return 0;
}
