/* park.c: a lint result written to a temporary file and read back, so that
 * a run can hold thousands of results until the checks across files are
 * done without holding their documents or findings in memory. What is kept
 * is what reporters read: the path, the findings, the container's
 * description, the flags, and the (masked) source lines at the findings and
 * at the index's entries, where findings across files will point. */
#include "lint/park.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lint/index.h"

#define NO_STRING UINT32_MAX

static void put_u32(FILE *f, uint32_t v) { fwrite(&v, sizeof v, 1, f); }

static void put_str(FILE *f, const char *s) {
  if (!s) {
    put_u32(f, NO_STRING);
    return;
  }
  size_t n = strlen(s);
  put_u32(f, (uint32_t)n);
  fwrite(s, 1, n, f);
}

static void put_bytes(FILE *f, const char *s, size_t n) {
  put_u32(f, (uint32_t)n);
  fwrite(s, 1, n, f);
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

int mcl_park_write(FILE *f, const mcl_result *r) {
  put_str(f, r->path);
  put_str(f, mcl_result_container(r));
  put_u32(f, (uint32_t)r->io_failed | (uint32_t)r->strict << 1);
  put_u32(f, (uint32_t)r->diag_count);
  for (size_t i = 0; i < r->diag_count; i++) {
    const mcl_diag *d = r->diags[i];
    put_u32(f, (uint32_t)mcl_rule_index(d->rule));
    put_u32(f, (uint32_t)d->severity);
    put_u32(f, d->line);
    put_u32(f, d->col);
    put_u32(f, d->end_line);
    put_u32(f, d->end_col);
    put_u32(f, d->container);
    put_str(f, d->path);
    put_str(f, d->message);
    put_str(f, d->hint);
  }
  size_t n;
  uint32_t *lines = lines_wanted(r, &n);
  put_u32(f, (uint32_t)n);
  for (size_t i = 0; i < n; i++) {
    size_t len = 0;
    const char *text = mcl_result_source_line(r, lines[i], &len);
    put_u32(f, lines[i]);
    put_bytes(f, text ? text : "", text ? len : 0);
  }
  free(lines);
  return ferror(f) ? -1 : 0;
}

static bool get_u32(FILE *f, uint32_t *v) { return fread(v, sizeof *v, 1, f) == 1; }

/* NULL for an absent string; *ok false on a short read. */
static char *get_str(FILE *f, mcl_arena *a, size_t *len, bool *ok) {
  uint32_t n;
  if (!get_u32(f, &n)) {
    *ok = false;
    return NULL;
  }
  if (n == NO_STRING) return NULL;
  char *s = mcl_arena_alloc(a, (size_t)n + 1);
  if (n && fread(s, 1, n, f) != n) *ok = false;
  if (len) *len = n;
  return s;
}

static bool read_diags(FILE *f, mcl_result *r, uint32_t count) {
  bool ok = true;
  r->diags = mcl_xcalloc(count ? count : 1, sizeof *r->diags);
  for (uint32_t i = 0; i < count && ok; i++) {
    mcl_diag *d = mcl_arena_alloc(&r->arena, sizeof *d);
    uint32_t v[7];
    for (int k = 0; k < 7; k++) ok = ok && get_u32(f, &v[k]);
    if (!ok || v[0] >= mcl_rule_count()) return false;
    d->rule = mcl_rule_at(v[0]);
    d->severity = (mcl_severity)v[1];
    d->line = v[2], d->col = v[3], d->end_line = v[4], d->end_col = v[5];
    d->container = v[6] != 0;
    char *path = get_str(f, &r->arena, NULL, &ok);
    d->path = path ? path : "";
    d->message = get_str(f, &r->arena, NULL, &ok);
    d->hint = get_str(f, &r->arena, NULL, &ok);
    if (!d->message) d->message = "";
    r->diags[r->diag_count++] = d;
  }
  return ok;
}

static bool read_lines(FILE *f, mcl_result *r) {
  uint32_t n;
  if (!get_u32(f, &n)) return false;
  r->masked = mcl_arena_alloc(&r->arena, (n ? n : 1) * sizeof *r->masked);
  bool ok = true;
  for (uint32_t i = 0; i < n && ok; i++) {
    mcl_masked_line *m = &r->masked[i];
    ok = get_u32(f, &m->line);
    m->text = get_str(f, &r->arena, &m->len, &ok);
    if (!m->text) m->text = "";
  }
  r->masked_count = n;
  return ok;
}

mcl_result *mcl_park_read(FILE *f) {
  mcl_result *r = mcl_xcalloc(1, sizeof *r);
  mcl_arena_init(&r->arena);
  bool ok = true;
  char *path = get_str(f, &r->arena, NULL, &ok);
  r->path = mcl_xstrdup(path ? path : "");
  r->container_text = get_str(f, &r->arena, NULL, &ok);
  uint32_t flags = 0, count = 0;
  ok = ok && get_u32(f, &flags) && get_u32(f, &count);
  r->io_failed = flags & 1;
  r->strict = (flags & 2) != 0;
  if (!ok || !read_diags(f, r, count) || !read_lines(f, r)) {
    mcl_result_free(r);
    return NULL;
  }
  mcl_result_recount(r);
  return r;
}
