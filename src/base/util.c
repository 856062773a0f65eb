#include "base/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void) {
  fputs("mclint: out of memory\n", stderr);
  abort();
}

void *mcl_xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p) out_of_memory();
  return p;
}

void *mcl_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) out_of_memory();
  return p;
}

void *mcl_xrealloc(void *p, size_t size) {
  p = realloc(p, size ? size : 1);
  if (!p) out_of_memory();
  return p;
}

char *mcl_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(mcl_xmalloc(n), s, n);
}

char *mcl_xasprintf(const char *fmt, ...) {
  mcl_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  mcl_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  return b.data ? b.data : mcl_xstrdup("");
}

void mcl_grow(void **items, size_t *cap, size_t need, size_t elem_size) {
  if (need <= *cap) return;
  size_t n = *cap ? *cap : 8;
  while (n < need) n *= 2;
  *items = mcl_xrealloc(*items, n * elem_size);
  *cap = n;
}

static void buf_reserve(mcl_buf *b, size_t extra) {
  MCL_GROW(b->data, b->cap, b->len + extra + 1);
}

void mcl_buf_add(mcl_buf *b, const char *s, size_t len) {
  buf_reserve(b, len);
  if (len) memcpy(b->data + b->len, s, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void mcl_buf_puts(mcl_buf *b, const char *s) { mcl_buf_add(b, s, strlen(s)); }

void mcl_buf_putc(mcl_buf *b, char c) { mcl_buf_add(b, &c, 1); }

/* One pass when the text fits in the space the buffer has (most do). */
void mcl_buf_vprintf(mcl_buf *b, const char *fmt, va_list ap) {
  size_t room = b->cap > b->len ? b->cap - b->len : 0;
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, copy);
  va_end(copy);
  if (n <= 0) {
    buf_reserve(b, 0);
    b->data[b->len] = '\0';
    return;
  }
  if ((size_t)n >= room) {
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  }
  b->len += (size_t)n;
}

void mcl_buf_printf(mcl_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  mcl_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void mcl_buf_clear(mcl_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void mcl_buf_free(mcl_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

const char *mcl_buf_cstr(mcl_buf *b) { return b->data ? b->data : ""; }

bool mcl_streq_icase(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
  return *a == *b;
}

bool mcl_has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

size_t mcl_edit_distance(const char *a, const char *b, size_t limit) {
  size_t n = strlen(a), m = strlen(b);
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  size_t *row = mcl_xmalloc((m + 1) * sizeof *row);
  for (size_t j = 0; j <= m; j++) row[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t diag = row[0], best = row[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t up = row[j];
      size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
      size_t v = diag + cost;
      if (up + 1 < v) v = up + 1;
      if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
      row[j] = v;
      diag = up;
      if (v < best) best = v;
    }
    if (best > limit) {
      free(row);
      return limit + 1;
    }
  }
  size_t d = row[m];
  free(row);
  return d > limit ? limit + 1 : d;
}

bool mcl_uuid_well_formed(const char *s) {
  static const int groups[] = {8, 4, 4, 4, 12};
  for (int g = 0; g < 5; g++) {
    for (int i = 0; i < groups[g]; i++, s++)
      if (!isxdigit((unsigned char)*s)) return false;
    if (g < 4 && *s++ != '-') return false;
  }
  return *s == '\0';
}
