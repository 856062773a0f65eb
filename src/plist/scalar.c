#include "plist/scalar.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_space(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  return p;
}

static bool only_space(const char *p) { return *skip_space(p) == '\0'; }

const char *mcl_parse_integer(const char *text, uint64_t *magnitude, bool *negative) {
  const char *p = skip_space(text);
  *negative = false;
  *magnitude = 0;
  if (*p == '\0') return "empty <integer>";
  if (*p == '+' || *p == '-') *negative = *p++ == '-';
  unsigned base = 10;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p += 2;
  }
  if (!isxdigit((unsigned char)*p) || (base == 10 && !isdigit((unsigned char)*p)))
    return "not an integer";
  uint64_t v = 0;
  for (; *p; p++) {
    unsigned digit;
    if (isdigit((unsigned char)*p))
      digit = (unsigned)(*p - '0');
    else if (base == 16 && isxdigit((unsigned char)*p))
      digit = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
    else
      break;
    if (v > (UINT64_MAX - digit) / base) return "integer out of the 64-bit range";
    v = v * base + digit;
  }
  if (!only_space(p)) return "not an integer";
  if (*negative && v > (uint64_t)INT64_MAX + 1) return "integer out of the 64-bit range";
  if (*negative && v == 0) *negative = false;
  *magnitude = v;
  return NULL;
}

const char *mcl_parse_real(const char *text, double *out) {
  const char *p = skip_space(text);
  if (*p == '\0') return "empty <real>";
  char *end;
  errno = 0;
  double d = strtod(p, &end);
  if (end == p || !only_space(end)) return "not a number";
  if (errno == ERANGE && isinf(d)) return "number out of range";
  *out = d;
  return NULL;
}

int64_t mcl_days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

/* The inverse of mcl_days_from_civil (H. Hinnant's algorithm). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void mcl_format_date(int64_t t, char *buf, size_t size) {
  int64_t days = t / 86400, secs = t % 86400;
  if (secs < 0) secs += 86400, days--;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  snprintf(buf, size, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d,
           (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

static bool digits(const char *p, int n, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)p[i])) return false;
    v = v * 10 + (unsigned)(p[i] - '0');
  }
  *out = v;
  return true;
}

const char *mcl_parse_date(const char *text, int64_t *unix_seconds) {
  const char *p = skip_space(text);
  unsigned y, mo, d, h, mi, s;
  if (!digits(p, 4, &y) || p[4] != '-' || !digits(p + 5, 2, &mo) || p[7] != '-' ||
      !digits(p + 8, 2, &d) || p[10] != 'T' || !digits(p + 11, 2, &h) || p[13] != ':' ||
      !digits(p + 14, 2, &mi) || p[16] != ':' || !digits(p + 17, 2, &s) || p[19] != 'Z' ||
      !only_space(p + 20))
    return "not a date of the form YYYY-MM-DDTHH:MM:SSZ";
  static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
      h > 23 || mi > 59 || s > 60)
    return "not a valid calendar date and time";
  *unix_seconds = mcl_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return NULL;
}

/* Each byte's value in base64 plus one; 0 for a byte that is not base64. */
enum { B64_SPACE = 65, B64_PAD };
static const unsigned char b64[256] = {
#define S4(c, v) [c] = (v) + 1, [(c) + 1] = (v) + 2, [(c) + 2] = (v) + 3, [(c) + 3] = (v) + 4
    S4('A', 0),  S4('E', 4),  S4('I', 8),  S4('M', 12), S4('Q', 16), S4('U', 20), ['Y'] = 25,
    ['Z'] = 26,  S4('a', 26), S4('e', 30), S4('i', 34), S4('m', 38), S4('q', 42), S4('u', 46),
    ['y'] = 51,  ['z'] = 52,  S4('0', 52), S4('4', 56), ['8'] = 61,  ['9'] = 62,  ['+'] = 63,
    ['/'] = 64,  [' '] = B64_SPACE, ['\t'] = B64_SPACE, ['\n'] = B64_SPACE, ['\r'] = B64_SPACE,
    ['='] = B64_PAD,
#undef S4
};

const char *mcl_parse_base64(mcl_arena *arena, const char *text, size_t len,
                             unsigned char **out, size_t *out_len, size_t *bad_index) {
  const unsigned char *t = (const unsigned char *)text;
  unsigned char *buf = mcl_arena_alloc(arena, len / 4 * 3 + 3);
  size_t n = 0, chars = 0, pad = 0;
  uint32_t acc = 0;
  const char *problem = NULL;
  for (size_t i = 0; i < len; i++) {
    /* Four plain characters on a group boundary: the usual case. */
    if (chars % 4 == 0 && !pad && i + 4 <= len) {
      unsigned a = b64[t[i]] - 1u, b = b64[t[i + 1]] - 1u, c = b64[t[i + 2]] - 1u,
               d = b64[t[i + 3]] - 1u;
      if ((a | b | c | d) < 64) {
        uint32_t g = a << 18 | b << 12 | c << 6 | d;
        buf[n++] = (unsigned char)(g >> 16);
        buf[n++] = (unsigned char)(g >> 8);
        buf[n++] = (unsigned char)g;
        chars += 4;
        i += 3;
        continue;
      }
    }
    unsigned v = b64[t[i]];
    if (v == B64_SPACE) continue;
    if (v == B64_PAD) {
      pad++;
      continue;
    }
    if (v == 0 || pad) {
      if (!problem) {
        problem = v == 0 ? "character that is not base64" : "data after '=' padding";
        *bad_index = i;
      }
      continue; /* like CFPropertyList, skip it and decode the rest */
    }
    acc = acc << 6 | (v - 1);
    if (++chars % 4 == 0) {
      buf[n++] = (unsigned char)(acc >> 16);
      buf[n++] = (unsigned char)(acc >> 8);
      buf[n++] = (unsigned char)acc;
      acc = 0;
    }
  }
  size_t rest = chars % 4;
  if (rest >= 2) buf[n++] = (unsigned char)(acc >> (rest == 2 ? 4 : 10));
  if (rest == 3) buf[n++] = (unsigned char)(acc >> 2);
  if (!problem && (rest == 1 || (rest && rest + pad != 4) || (!rest && pad))) {
    problem = "truncated base64 (its length is not a multiple of 4)";
    *bad_index = len;
  }
  *out = buf;
  *out_len = n;
  return problem;
}
