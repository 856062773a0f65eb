/* glob.c: see glob.h. Patterns come from configuration files, not from
 * profiles; a step budget still keeps a pathological one from taking long. */
#include "base/glob.h"

#include <stdlib.h>
#include <string.h>

#define STEP_BUDGET 200000

typedef struct {
  const char *pat; /* start of the pattern: '**' must begin a component */
  unsigned steps;
} matcher;

/* p points after '['. Sets *end past the closing ']'. */
static bool match_class(const char *p, char c, const char **end) {
  bool negate = *p == '!' || *p == '^';
  if (negate) p++;
  bool hit = false, first = true;
  while (*p && (*p != ']' || first)) {
    first = false;
    char lo = *p;
    if (lo == '\\' && p[1]) lo = *++p;
    p++;
    char hi = lo;
    if (p[0] == '-' && p[1] && p[1] != ']') {
      hi = p[1];
      p += 2;
      if (hi == '\\' && *p) hi = *p++;
    }
    if ((unsigned char)c >= (unsigned char)lo && (unsigned char)c <= (unsigned char)hi) hit = true;
  }
  *end = *p ? p + 1 : p;
  return hit != negate;
}

static bool whole_component_stars(const matcher *m, const char *p) {
  return p[0] == '*' && p[1] == '*' && (p == m->pat || p[-1] == '/') &&
         (p[2] == '/' || p[2] == '\0');
}

static bool match(matcher *m, const char *p, const char *s) {
  for (;;) {
    if (++m->steps > STEP_BUDGET) return false;
    if (*p == '\0') return *s == '\0';
    if (whole_component_stars(m, p)) {
      if (p[2] == '\0') return true;
      for (const char *t = s;;) {
        if (match(m, p + 3, t)) return true;
        t = strchr(t, '/');
        if (!t) return false;
        t++;
      }
    }
    if (*p == '*') {
      while (*p == '*') p++;
      for (const char *t = s;; t++) {
        if (match(m, p, t)) return true;
        if (*t == '\0' || *t == '/') return false;
      }
    }
    if (*s == '\0') return false;
    if (*p == '?') {
      if (*s == '/') return false;
    } else if (*p == '[') {
      const char *end;
      if (*s == '/' || !match_class(p + 1, *s, &end)) return false;
      p = end;
      s++;
      continue;
    } else {
      if (*p == '\\' && p[1]) p++;
      if (*p != *s) return false;
    }
    p++;
    s++;
  }
}

bool mcl_glob_match(const char *pattern, const char *s) {
  matcher m = {pattern, 0};
  return match(&m, pattern, s);
}

bool mcl_glob_match_path(const char *pattern, const char *path) {
  char *copy = mcl_xstrdup(path);
  bool hit = false;
  for (char *slash = strchr(copy + 1, '/'); slash && !hit; slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    hit = mcl_glob_match(pattern, copy);
    *slash = '/';
  }
  if (!hit) hit = mcl_glob_match(pattern, copy);
  free(copy);
  return hit;
}

const char *mcl_glob_check(const char *pattern) {
  for (const char *p = pattern; *p; p++) {
    if (*p == '\\') {
      if (!p[1]) return "ends with a backslash";
      p++;
    } else if (*p == '[') {
      const char *q = p + 1;
      if (*q == '!' || *q == '^') q++;
      if (*q == ']') q++;
      while (*q && *q != ']') q += (*q == '\\' && q[1]) ? 2 : 1;
      if (!*q) return "'[' without a closing ']'";
      p = q;
    }
  }
  return NULL;
}

void mcl_glob_escape(mcl_buf *b, const char *s) {
  for (; *s; s++) {
    if (strchr("*?[]\\", *s)) mcl_buf_putc(b, '\\');
    mcl_buf_putc(b, *s);
  }
}
