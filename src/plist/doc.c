#include "plist/doc.h"

#include <string.h>

#include "core/util.h"

void mcl_doc_set_text(mcl_doc *doc, mcl_arena *arena, const char *text, size_t len) {
  size_t lines = 1;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) lines++;
  uint32_t *starts = mcl_arena_alloc(arena, lines * sizeof *starts);
  size_t n = 0;
  starts[n++] = 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n')))
      starts[n++] = (uint32_t)(i + 1);
  doc->text = text;
  doc->len = len;
  doc->line_starts = starts;
  doc->line_count = n;
}

mcl_pos mcl_doc_pos(const mcl_doc *doc, size_t offset) {
  mcl_pos pos = {0, 0};
  if (!doc->line_starts || offset > doc->len) return pos;
  size_t lo = 0, hi = doc->line_count; /* find the last start <= offset */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->line_starts[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  uint32_t col = 1;
  for (size_t i = doc->line_starts[lo]; i < offset; i++)
    if (((unsigned char)doc->text[i] & 0xC0) != 0x80) col++; /* count characters, not bytes */
  pos.line = (uint32_t)lo + 1;
  pos.col = col;
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
