/* util.h: allocation that cannot return NULL, a growable string, and small
 * string helpers shared by every part of mclint. */
#ifndef MCL_UTIL_H
#define MCL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *mcl_xmalloc(size_t size);
void *mcl_xcalloc(size_t n, size_t size);
void *mcl_xrealloc(void *p, size_t size);
char *mcl_xstrdup(const char *s);
char *mcl_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *items (of elem_size bytes) so that it holds at least need items. */
void mcl_grow(void **items, size_t *cap, size_t need, size_t elem_size);
/* The test is inline: most calls find room and need no call. */
#define MCL_GROW(items, cap, need)                                          \
  ((need) > (cap) ? mcl_grow((void **)&(items), &(cap), (need), sizeof *(items)) \
                  : (void)0)

typedef struct mcl_buf {
  char *data; /* always NUL-terminated once anything was added */
  size_t len, cap;
} mcl_buf;

void mcl_buf_add(mcl_buf *b, const char *s, size_t len);
void mcl_buf_puts(mcl_buf *b, const char *s);
void mcl_buf_putc(mcl_buf *b, char c);
void mcl_buf_printf(mcl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mcl_buf_vprintf(mcl_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void mcl_buf_clear(mcl_buf *b);
void mcl_buf_free(mcl_buf *b);
const char *mcl_buf_cstr(mcl_buf *b); /* "" when empty */

bool mcl_streq_icase(const char *a, const char *b);
bool mcl_has_suffix(const char *s, const char *suffix);
/* 8-4-4-4-12 hexadecimal digits, either case. */
bool mcl_uuid_well_formed(const char *s);

/* Levenshtein distance with case-insensitive comparison, capped at limit+1. */
size_t mcl_edit_distance(const char *a, const char *b, size_t limit);

/* XML's white space: space, tab, CR and LF (strchr(" \t\r\n", c) would
 * also take NUL). Inline: the XML reader asks for every byte between
 * elements. */
static inline bool mcl_is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Secrets: keys whose values must never be printed (a wide net, for
 * masking; base/diag.c). */
bool mcl_is_secret_key(const char *key);

#endif
