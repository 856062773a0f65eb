/* mask.c: source lines that hold secret values are shown with the values
 * blanked, so that --show-source output never leaks a password. */
#include <stdlib.h>
#include <string.h>

#include "core/linter.h"
#include "core/util.h"
#include "core/walk.h"

static size_t pos_offset(const mcl_doc *doc, mcl_pos pos) {
  size_t off = doc->line_starts[pos.line - 1];
  for (uint32_t col = 1; off < doc->len && col < pos.col; col++) {
    off++;
    while (off < doc->len && ((unsigned char)doc->text[off] & 0xC0) == 0x80) off++;
  }
  return off;
}

typedef struct {
  uint32_t *lines;
  size_t count, cap;
} line_set;

static void mark(mcl_ctx *ctx, const char *key, const mcl_value *v, const char *path, void *arg) {
  if (!key || !mcl_is_secret_key(key) || (v->type != MCL_T_STRING && v->type != MCL_T_DATA))
    return;
  const mcl_doc *doc = ctx->doc;
  if (!v->pos.line || v->pos.line > doc->line_count) return;
  size_t start = pos_offset(doc, v->pos);
  const char *close = NULL;
  for (size_t i = start + 1; i + 1 < doc->len && !close; i++)
    if (doc->text[i] == '<') close = doc->text + i;
  mcl_pos end = close ? mcl_doc_pos(doc, (size_t)(close - doc->text)) : v->pos;
  line_set *set = arg;
  for (uint32_t l = v->pos.line; l <= end.line; l++) {
    MCL_GROW(set->lines, set->cap, set->count + 1);
    set->lines[set->count++] = l;
  }
}

/* Replaces text outside tags (except key names) with asterisks. */
static char *mask_line(mcl_arena *arena, const char *line, size_t len, size_t *out_len) {
  mcl_buf b = {0};
  bool in_tag = false, after_key = false;
  for (size_t i = 0; i < len;) {
    if (in_tag) {
      mcl_buf_putc(&b, line[i]);
      if (line[i++] == '>') in_tag = false;
      continue;
    }
    if (line[i] == '<') {
      after_key = len - i >= 5 && memcmp(line + i, "<key>", 5) == 0;
      in_tag = true;
      continue;
    }
    size_t j = i;
    bool blank = true;
    while (j < len && line[j] != '<') blank &= line[j] == ' ' || line[j] == '\t', j++;
    if (blank || after_key)
      mcl_buf_add(&b, line + i, j - i);
    else
      mcl_buf_puts(&b, "******");
    i = j;
  }
  *out_len = b.len;
  char *s = mcl_arena_strndup(arena, mcl_buf_cstr(&b), b.len);
  mcl_buf_free(&b);
  return s;
}

void mcl_mask_secrets(mcl_result *r, mcl_ctx *ctx) {
  if (!r->doc.root || !r->doc.text) return;
  line_set set = {0};
  mcl_walk(ctx, r->doc.root, "", mark, &set);
  if (!set.count) return;
  r->masked = mcl_arena_alloc(&r->arena, set.count * sizeof *r->masked);
  for (size_t i = 0; i < set.count; i++) {
    size_t len;
    const char *line = mcl_doc_line(&r->doc, set.lines[i], &len);
    if (!line) continue;
    mcl_masked_line *m = &r->masked[r->masked_count++];
    m->line = set.lines[i];
    m->text = mask_line(&r->arena, line, len, &m->len);
  }
  free(set.lines);
}
