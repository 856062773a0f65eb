/* park.c: a lint result written to a temporary file and read back, so that
 * a run can hold thousands of results until the checks across files are
 * done without holding their documents or findings in memory. What is kept
 * is what reporters read: the path, the findings, the container's
 * description, the flags, and the (masked) source lines at the findings and
 * at the index's entries, where findings across files will point.
 *
 * A record is its length, then its fields, built in memory and written at
 * once (and read back at once): stdio calls per field cost more than the
 * rest of parking together. */
#include "lint/park.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "lint/index.h"

#define NO_STRING UINT32_MAX

static void put_u32(mcl_buf *b, uint32_t v) { mcl_buf_add(b, (const char *)&v, sizeof v); }

static void put_bytes(mcl_buf *b, const char *s, size_t n) {
  put_u32(b, (uint32_t)n);
  mcl_buf_add(b, s, n);
}

static void put_str(mcl_buf *b, const char *s) {
  if (s)
    put_bytes(b, s, strlen(s));
  else
    put_u32(b, NO_STRING);
}

static int by_number(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* The lines findings or index entries are at, sorted, each once. */
static uint32_t *lines_wanted(const mcl_result *r, size_t *n) {
  size_t cap = r->diag_count + (r->index ? r->index->count : 0);
  uint32_t *lines = mcl_xmalloc((cap ? cap : 1) * sizeof *lines);
  size_t k = 0;
  for (size_t i = 0; i < r->diag_count; i++)
    if (r->diags[i]->line) lines[k++] = r->diags[i]->line;
  for (size_t i = 0; r->index && i < r->index->count; i++)
    if (r->index->entries[i].line) lines[k++] = r->index->entries[i].line;
  qsort(lines, k, sizeof *lines, by_number);
  size_t kept = 0;
  for (size_t i = 0; i < k; i++)
    if (!kept || lines[kept - 1] != lines[i]) lines[kept++] = lines[i];
  *n = kept;
  return lines;
}

static void put_diag(mcl_buf *b, const mcl_diag *d) {
  uint32_t v[7] = {(uint32_t)mcl_rule_index(d->rule), (uint32_t)d->severity, d->line, d->col,
                   d->end_line, d->end_col, d->container};
  mcl_buf_add(b, (const char *)v, sizeof v);
  put_str(b, d->path);
  put_str(b, d->message);
  put_str(b, d->hint);
}

int mcl_park_write(FILE *f, const mcl_result *r, bool source_lines, mcl_buf *scratch,
                   size_t *size) {
  mcl_buf b = *scratch;
  mcl_buf_clear(&b);
  put_u32(&b, 0); /* the record's length, once known */
  put_str(&b, r->path);
  put_str(&b, mcl_result_container(r));
  put_u32(&b, (uint32_t)r->io_failed | (uint32_t)r->strict << 1);
  put_u32(&b, (uint32_t)r->diag_count);
  for (size_t i = 0; i < r->diag_count; i++) put_diag(&b, r->diags[i]);
  size_t n = 0;
  uint32_t *lines = source_lines ? lines_wanted(r, &n) : NULL;
  put_u32(&b, (uint32_t)n);
  for (size_t i = 0; i < n; i++) {
    size_t len = 0;
    const char *text = mcl_result_source_line(r, lines[i], &len);
    put_u32(&b, lines[i]);
    put_bytes(&b, text ? text : "", text ? len : 0);
  }
  free(lines);
  uint32_t total = (uint32_t)b.len;
  memcpy(b.data, &total, sizeof total);
  int rc = fwrite(b.data, 1, b.len, f) == b.len ? 0 : -1;
  *size = b.len;
  *scratch = b;
  return rc;
}

/* ---- reading: from the record in memory; *ok turns false past its end ---- */

typedef struct reader {
  const char *p, *end;
  bool ok;
} reader;

static uint32_t get_u32(reader *rd) {
  uint32_t v = 0;
  if (rd->end - rd->p < (ptrdiff_t)sizeof v) {
    rd->ok = false;
    return 0;
  }
  memcpy(&v, rd->p, sizeof v);
  rd->p += sizeof v;
  return v;
}

/* NULL for an absent string. */
static char *get_str(reader *rd, mcl_arena *a, size_t *len) {
  uint32_t n = get_u32(rd);
  if (!rd->ok || n == NO_STRING) return NULL;
  if ((size_t)(rd->end - rd->p) < n) {
    rd->ok = false;
    return NULL;
  }
  if (len) *len = n;
  char *s = mcl_arena_strndup(a, rd->p, n);
  rd->p += n;
  return s;
}

static void read_diags(reader *rd, mcl_result *r, uint32_t count) {
  r->diags = mcl_xcalloc(count ? count : 1, sizeof *r->diags);
  for (uint32_t i = 0; i < count && rd->ok; i++) {
    mcl_diag *d = mcl_arena_alloc(&r->arena, sizeof *d);
    uint32_t v[7];
    for (int k = 0; k < 7; k++) v[k] = get_u32(rd);
    if (!rd->ok || v[0] >= mcl_rule_count()) {
      rd->ok = false;
      return;
    }
    d->rule = mcl_rule_at(v[0]);
    d->severity = (mcl_severity)v[1];
    d->line = v[2], d->col = v[3], d->end_line = v[4], d->end_col = v[5];
    d->container = v[6] != 0;
    const char *path = get_str(rd, &r->arena, NULL);
    d->path = path ? path : "";
    const char *message = get_str(rd, &r->arena, NULL);
    d->message = message ? message : "";
    d->hint = get_str(rd, &r->arena, NULL);
    r->diags[r->diag_count++] = d;
  }
}

static void read_lines(reader *rd, mcl_result *r) {
  uint32_t n = get_u32(rd);
  if (!rd->ok || n > (size_t)(rd->end - rd->p) / 8) { /* each takes 8 bytes at least */
    rd->ok = false;
    return;
  }
  r->masked = mcl_arena_alloc(&r->arena, (n ? n : 1) * sizeof *r->masked);
  for (uint32_t i = 0; i < n && rd->ok; i++) {
    mcl_masked_line *m = &r->masked[i];
    m->line = get_u32(rd);
    m->text = get_str(rd, &r->arena, &m->len);
    if (!m->text) m->text = "";
  }
  r->masked_count = n;
}

static void read_record(reader *rd, mcl_result *r) {
  const char *path = get_str(rd, &r->arena, NULL);
  r->path = mcl_xstrdup(path ? path : "");
  r->container_text = get_str(rd, &r->arena, NULL);
  uint32_t flags = get_u32(rd), count = get_u32(rd);
  r->io_failed = flags & 1;
  r->strict = (flags & 2) != 0;
  if (rd->ok && count > (size_t)(rd->end - rd->p) / 40) rd->ok = false; /* 40 bytes at least */
  if (rd->ok) read_diags(rd, r, count);
  if (rd->ok) read_lines(rd, r);
}

/* pread, again after a short read or a signal; false at the file's end
 * or on an error. */
static bool read_fully(int fd, char *buf, size_t len, uint64_t offset) {
  while (len) {
    ssize_t n = pread(fd, buf, len, (off_t)offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buf += n, len -= (size_t)n, offset += (uint64_t)n;
  }
  return true;
}

char *mcl_park_read_span(int fd, uint64_t offset, size_t size) {
  char *data = mcl_xmalloc(size ? size : 1);
  if (!read_fully(fd, data, size, offset)) {
    free(data);
    return NULL;
  }
  return data;
}

mcl_result *mcl_park_decode(const char *record, size_t size) {
  uint32_t total;
  if (size < sizeof total) return NULL;
  memcpy(&total, record, sizeof total);
  if (total != size) return NULL;
  mcl_result *r = mcl_xcalloc(1, sizeof *r);
  mcl_arena_init(&r->arena);
  reader rd = {record + sizeof total, record + size, true};
  read_record(&rd, r);
  if (!rd.ok) {
    mcl_result_free(r);
    return NULL;
  }
  mcl_result_recount(r);
  return r;
}
