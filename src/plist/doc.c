#include "plist/doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Offsets of line starts. LF and CRLF end a line; so does a lone CR
 * (classic Mac files), which needs the slower byte-by-byte scan. One pass,
 * into a buffer that grows as needed, copied to the arena at the end. */
static uint32_t *index_lines(mcl_arena *arena, const char *text, size_t len, size_t *count) {
  uint32_t *starts = NULL;
  size_t n = 0, cap = 0;
  MCL_GROW(starts, cap, len / 32 + 8);
  starts[n++] = 0;
  if (!memchr(text, '\r', len)) {
    for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p)));) {
      p++;
      MCL_GROW(starts, cap, n + 1);
      starts[n++] = (uint32_t)(p - text);
    }
  } else {
    for (size_t i = 0; i < len; i++)
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
        MCL_GROW(starts, cap, n + 1);
        starts[n++] = (uint32_t)(i + 1);
      }
  }
  uint32_t *kept = mcl_arena_alloc(arena, n * sizeof *kept);
  memcpy(kept, starts, n * sizeof *kept);
  free(starts);
  *count = n;
  return kept;
}

void mcl_doc_set_text(mcl_doc *doc, mcl_arena *arena, const char *text, size_t len) {
  size_t lines;
  doc->line_starts = index_lines(arena, text, len, &lines);
  doc->text = text;
  doc->len = len;
  doc->line_count = lines;
  doc->last_offset = 0;
  doc->last_pos.line = 1;
  doc->last_pos.col = 1;
}

static size_t line_end(const mcl_doc *doc, size_t line_index) {
  return line_index + 1 < doc->line_count ? doc->line_starts[line_index + 1] : doc->len + 1;
}

/* Readers ask for positions in increasing order, often many on one long
 * line (minified XML): continue from the last answer when we can, so the
 * cost stays linear in the file size. */
/* Characters (not bytes: UTF-8 continuation bytes do not count) in
 * text[from, to); eight ASCII bytes at a time, as profiles mostly are. */
static uint32_t chars_between(const char *text, size_t from, size_t to) {
  uint32_t n = 0;
  size_t i = from;
  for (; to - i >= 8; i += 8) {
    uint64_t w;
    memcpy(&w, text + i, 8);
    if (w & 0x8080808080808080u) break;
    n += 8;
  }
  for (; i < to; i++)
    if (((unsigned char)text[i] & 0xC0) != 0x80) n++;
  return n;
}

mcl_pos mcl_doc_pos(const mcl_doc *doc_const, size_t offset) {
  mcl_doc *doc = (mcl_doc *)doc_const;
  mcl_pos pos = {0, 0};
  if (!doc->line_starts || offset > doc->len) return pos;
  size_t from;
  uint32_t col;
  size_t li = doc->last_pos.line ? doc->last_pos.line - 1 : 0;
  if (doc->last_pos.line && offset >= doc->last_offset && offset < line_end(doc, li)) {
    from = doc->last_offset;
    col = doc->last_pos.col;
  } else {
    /* The last start <= offset. Past the last answer it is usually on one
     * of the next few lines: search those first. */
    size_t lo = 0, hi = doc->line_count;
    if (doc->last_pos.line && offset >= doc->last_offset) {
      lo = li;
      if (li + 8 < doc->line_count && doc->line_starts[li + 8] > offset) hi = li + 8;
    }
    while (hi - lo > 1) {
      size_t mid = lo + (hi - lo) / 2;
      if (doc->line_starts[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
    li = lo;
    from = doc->line_starts[lo];
    col = 1;
  }
  col += chars_between(doc->text, from, offset);
  pos.line = (uint32_t)li + 1;
  pos.col = col;
  doc->last_offset = offset;
  doc->last_pos = pos;
  return pos;
}

const char *mcl_doc_line(const mcl_doc *doc, uint32_t line, size_t *len) {
  if (!doc->text || line == 0 || line > doc->line_count) return NULL;
  size_t start = doc->line_starts[line - 1];
  size_t end = line < doc->line_count ? doc->line_starts[line] : doc->len;
  while (end > start && (doc->text[end - 1] == '\n' || doc->text[end - 1] == '\r')) end--;
  *len = end - start;
  return doc->text + start;
}

mcl_problem *mcl_doc_problem(mcl_doc *doc, mcl_arena *arena, mcl_problem_kind kind, mcl_pos pos,
                             const char *path) {
  if (doc->problem_count == doc->problem_cap) {
    size_t cap = doc->problem_cap ? doc->problem_cap * 2 : 8;
    mcl_problem *items = mcl_arena_alloc(arena, cap * sizeof *items);
    if (doc->problem_count) memcpy(items, doc->problems, doc->problem_count * sizeof *items);
    doc->problems = items;
    doc->problem_cap = cap;
  }
  mcl_problem *p = &doc->problems[doc->problem_count++];
  memset(p, 0, sizeof *p);
  p->kind = kind;
  p->pos = pos;
  p->path = path ? mcl_arena_strdup(arena, path) : NULL;
  return p;
}
