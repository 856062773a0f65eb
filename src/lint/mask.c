/* mask.c: source lines that hold secret values are shown with the values
 * blanked, so that --show-source output never leaks a password.
 *
 * Only lines a report can show are looked at (findings, index entries,
 * comments); the others are not given at all (mcl_result_source_line).
 * Deciding which keys are secret, for every key of every profile, was most
 * of the cost of this file.
 *
 * Two passes find the lines. The tree pass visits the dict entries on
 * those lines, the shadowed duplicates too, so that keys written with
 * character references are recognised. The text pass reads <key> elements
 * straight from the text, so that a secret is masked even where the document
 * is malformed and there is no tree. Either marks every line of the value
 * element that follows a secret key, whatever its type; the tree pass also
 * every line of a string that holds a secret in its text
 * (mcl_find_text_secret). */
#include <stdlib.h>
#include <string.h>

#include "lint/index.h"
#include "lint/linter.h"
#include "base/util.h"

typedef struct {
  uint32_t *lines;
  size_t count, cap;
} line_set;

static size_t pos_offset(const mcl_doc *doc, mcl_pos pos) {
  size_t off = doc->line_starts[pos.line - 1];
  for (uint32_t col = 1; off < doc->len && col < pos.col; col++) {
    off++;
    while (off < doc->len && ((unsigned char)doc->text[off] & 0xC0) == 0x80) off++;
  }
  return off;
}

static bool starts(const mcl_doc *doc, size_t i, const char *s) {
  size_t n = strlen(s);
  return i + n <= doc->len && memcmp(doc->text + i, s, n) == 0;
}

/* Offset just past the element starting at `start` ('<'): its matching end
 * tag, or the end of its start tag if it is empty. When the document ends
 * or breaks first, the next <key> (or the end) bounds it. */
static size_t element_end(const mcl_doc *doc, size_t start) {
  size_t i = start + 1, n = 0;
  while (i + n < doc->len && doc->text[i + n] != '>' && doc->text[i + n] != '/' &&
         doc->text[i + n] != ' ' && doc->text[i + n] != '\t' && doc->text[i + n] != '<')
    n++;
  const char *name = doc->text + i;
  size_t j = i + n;
  while (j < doc->len && doc->text[j] != '>' && doc->text[j] != '<') j++;
  if (j < doc->len && doc->text[j] == '>' && doc->text[j - 1] == '/') return j + 1;
  int depth = 1;
  for (size_t k = j; k < doc->len; k++) {
    if (doc->text[k] != '<') continue;
    bool close = k + 1 < doc->len && doc->text[k + 1] == '/';
    size_t at = k + 1 + close;
    if (n && at + n <= doc->len && memcmp(doc->text + at, name, n) == 0 &&
        (at + n == doc->len || strchr(" \t\r\n/>", doc->text[at + n]))) {
      depth += close ? -1 : 1;
      if (depth == 0) {
        while (k < doc->len && doc->text[k] != '>') k++;
        return k < doc->len ? k + 1 : doc->len;
      }
    } else if (starts(doc, k, "<key>") && depth == 1) {
      return k;
    }
  }
  return doc->len;
}

static void mark_span(const mcl_doc *doc, size_t from, size_t to, line_set *set) {
  if (from >= doc->len) return;
  mcl_pos a = mcl_doc_pos(doc, from), b = mcl_doc_pos(doc, to > from ? to - 1 : from);
  for (uint32_t l = a.line; l && l <= b.line; l++) {
    MCL_GROW(set->lines, set->cap, set->count + 1);
    set->lines[set->count++] = l;
  }
}

static void mark_value(const mcl_doc *doc, size_t start, line_set *set) {
  mark_span(doc, start, element_end(doc, start), set);
}

/* The lines worth masking: those of findings, of index entries (findings
 * across files are put there) and of comments (suppression findings), the
 * only source lines a report shows (park.c keeps the same). need[l] says
 * whether line l is one; count[l] how many of lines 1..l are, so that
 * whether a value's lines hold one is two look-ups. */
typedef struct {
  unsigned char *need;
  uint32_t *count;
} wanted;

static bool want_lines(mcl_result *r, const mcl_ctx *ctx, wanted *w) {
  const mcl_doc *doc = &r->doc;
  size_t n = doc->line_count;
  w->need = mcl_arena_alloc(&r->arena, n + 2);
  bool any = false;
  for (size_t i = 0; i < ctx->findings.count; i++) {
    uint32_t l = ctx->findings.items[i]->line;
    if (l && l <= n) w->need[l] = 1, any = true;
  }
  for (size_t i = 0; r->index && i < r->index->count; i++) {
    uint32_t l = r->index->entries[i].line;
    if (l && l <= n) w->need[l] = 1, any = true;
  }
  /* Suppression comments: findings about them come after masking. */
  for (size_t i = 0; i < doc->comment_count; i++)
    for (uint32_t l = doc->comments[i].pos.line; l && l <= doc->comments[i].end.line && l <= n; l++)
      w->need[l] = 1, any = true;
  r->showable = w->need;
  if (!any) return false;
  w->count = mcl_xmalloc((n + 1) * sizeof *w->count);
  w->count[0] = 0;
  for (size_t l = 1; l <= n; l++) w->count[l] = w->count[l - 1] + w->need[l];
  return true;
}

/* The last line of v's element; the document's last when unknown. */
static uint32_t last_line(const mcl_doc *doc, const mcl_value *v) {
  uint32_t first = v->pos.line;
  if (v->end <= v->off || v->end > doc->len) return (uint32_t)doc->line_count;
  if (first >= doc->line_count || v->end <= doc->line_starts[first]) return first;
  size_t lo = first, hi = doc->line_count; /* the last line starting before v->end */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->line_starts[mid] < v->end) lo = mid;
    else hi = mid;
  }
  return (uint32_t)lo + 1;
}

static bool lines_wanted(const mcl_doc *doc, const mcl_value *v, const wanted *w) {
  if (!w) return true; /* every line */
  uint32_t first = v->pos.line;
  if (!first || first > doc->line_count) return true; /* no position: look inside */
  return w->count[last_line(doc, v)] > w->count[first - 1];
}

/* Bounded by the readers' depth cap. Values on no wanted line are passed
 * by (the caller asks, before the key's check): deciding which keys are
 * secret is the cost. */
static void mark_tree(const mcl_doc *doc, const mcl_value *v, const wanted *w, line_set *set) {
  mcl_text_secret t; /* a WireGuard key in a VPN's config text, a URL's password */
  if (v->type == MCL_T_STRING && v->pos.line && v->pos.line <= doc->line_count &&
      mcl_find_text_secret(v->u.str.s, v->u.str.len, &t))
    mark_value(doc, pos_offset(doc, v->pos), set);
  if (v->type == MCL_T_ARRAY)
    for (size_t i = 0; i < v->u.array.count; i++)
      if (lines_wanted(doc, v->u.array.items[i], w)) mark_tree(doc, v->u.array.items[i], w, set);
  if (v->type != MCL_T_DICT) return;
  for (size_t i = 0; i < v->u.dict.count; i++) {
    const mcl_entry *e = &v->u.dict.entries[i];
    const mcl_value *c = e->value;
    if (!lines_wanted(doc, c, w)) continue;
    if (mcl_is_secret_key(e->key) && c->pos.line && c->pos.line <= doc->line_count)
      mark_value(doc, pos_offset(doc, c->pos), set);
    mark_tree(doc, c, w, set);
  }
}

/* A key's text with the predefined and numeric character references of
 * ASCII characters decoded; other text is kept as written. */
static char *key_text(const char *s, size_t n) {
  static const struct {
    const char *ref;
    char c;
  } refs[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  char *out = mcl_xmalloc(n + 1);
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    bool done = false;
    for (size_t r = 0; r < 5 && !done; r++) {
      size_t rl = strlen(refs[r].ref);
      if (i + rl <= n && memcmp(s + i, refs[r].ref, rl) == 0)
        out[o++] = refs[r].c, i += rl, done = true;
    }
    if (!done && i + 2 < n && s[i] == '&' && s[i + 1] == '#') {
      char *end;
      long c = s[i + 2] == 'x' ? strtol(s + i + 3, &end, 16) : strtol(s + i + 2, &end, 10);
      if ((size_t)(end - s) < n && *end == ';' && c > 0 && c < 128) {
        out[o++] = (char)c;
        i = (size_t)(end - s) + 1;
        done = true;
      }
    }
    if (!done) out[o++] = s[i++];
  }
  out[o] = '\0';
  return out;
}

static bool secret_key_text(const char *s, size_t n) {
  char buf[256];
  if (n < sizeof buf && !memchr(s, '&', n)) { /* the usual key: no references */
    memcpy(buf, s, n);
    buf[n] = '\0';
    return mcl_is_secret_key(buf);
  }
  char *key = key_text(s, n);
  bool secret = mcl_is_secret_key(key);
  free(key);
  return secret;
}

static void mark_text(const mcl_doc *doc, line_set *set) {
  const char *text = doc->text, *stop = text + doc->len;
  for (const char *p = text; (p = memchr(p, '<', (size_t)(stop - p))); p++) {
    size_t i = (size_t)(p - text);
    if (!starts(doc, i, "<key>")) continue;
    size_t k = i + 5, e = k;
    const char *lt = memchr(text + k, '<', doc->len - k);
    e = lt ? (size_t)(lt - text) : doc->len;
    if (!secret_key_text(text + k, e - k)) continue;
    size_t v = e;
    if (starts(doc, v, "</key>")) v += 6;
    for (;;) { /* skip blanks and comments to the value's start tag */
      while (v < doc->len && mcl_is_xml_space(doc->text[v])) v++;
      if (!starts(doc, v, "<!--")) break;
      const char *end = v + 4 < doc->len ? strstr(doc->text + v + 4, "-->") : NULL;
      v = end ? (size_t)(end - doc->text) + 3 : doc->len;
    }
    if (v < doc->len && doc->text[v] == '<' && !starts(doc, v, "<key>") && !starts(doc, v, "</"))
      mark_value(doc, v, set);
    else if (v < doc->len && doc->text[v] != '<')
      mark_span(doc, v, v + 1, set); /* text where the value should be */
  }
}

static bool plist_tag(const char *s, size_t n, size_t *len) {
  static const char *const names[] = {"key",  "string", "data", "integer", "real", "date",
                                      "true", "false",  "dict", "array",   "plist"};
  size_t i = 1 + (n > 1 && s[1] == '/');
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    size_t m = strlen(names[k]), j = i + m;
    if (j > n || memcmp(s + i, names[k], m) != 0) continue;
    while (j < n && (s[j] == ' ' || s[j] == '\t')) j++;
    if (j < n && s[j] == '/') j++;
    if (j < n && s[j] == '>') {
      *len = j + 1;
      return true;
    }
  }
  return false;
}

/* Keeps the plist tags and key names of a line; every other run of text
 * that is not blank becomes asterisks, and is added to *hidden. */
static char *mask_line(mcl_arena *arena, const char *line, size_t len, size_t *out_len,
                       mcl_buf *hidden) {
  mcl_buf b = {0};
  size_t run = 0; /* start of the pending text run */
  bool blank = true;
  for (size_t i = 0; i <= len;) {
    size_t tag = 0;
    if (i == len || (line[i] == '<' && plist_tag(line + i, len - i, &tag))) {
      if (i > run) {
        if (blank) {
          mcl_buf_add(&b, line + run, i - run);
        } else {
          mcl_buf_puts(&b, "******");
          mcl_buf_add(hidden, line + run, i - run);
          mcl_buf_putc(hidden, '\n');
        }
      }
      if (i == len) break;
      mcl_buf_add(&b, line + i, tag);
      i += tag;
      if (tag == 5 && memcmp(line + i - 5, "<key>", 5) == 0) {
        size_t e = i;
        while (e < len && line[e] != '<') e++;
        mcl_buf_add(&b, line + i, e - i);
        i = e;
      }
      run = i;
      blank = true;
      continue;
    }
    if (line[i] != ' ' && line[i] != '\t') blank = false;
    i++;
  }
  *out_len = b.len;
  char *s = mcl_arena_strndup(arena, mcl_buf_cstr(&b), b.len);
  mcl_buf_free(&b);
  return s;
}

static int cmp_line(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (unsigned char)c >= 0x80;
}

/* True when text contains, as a whole word, a word of hidden. */
static bool quotes_hidden(const char *text, size_t text_len, const char *hidden) {
  for (const char *h = hidden; *h;) {
    while (*h && !word_char(*h)) h++;
    const char *w = h;
    while (*h && word_char(*h)) h++;
    size_t n = (size_t)(h - w);
    if (!n) continue;
    for (size_t t = 0; t + n <= text_len; t++)
      if (strncmp(text + t, w, n) == 0 && (t == 0 || !word_char(text[t - 1])) &&
          (t + n == text_len || !word_char(text[t + n])))
        return true;
  }
  return false;
}

/* Rules quote values in '...' or "..."; the parsers quote markup (a "tag"
 * that is really part of a password) without quotes. */
static bool message_quotes_hidden(const mcl_diag *d, const char *hidden) {
  const char *m = d->message;
  if (d->rule == &mcl_rule_malformed_xml || d->rule == &mcl_rule_unknown_element)
    return quotes_hidden(m, strlen(m), hidden);
  for (const char *q = m; (q = strpbrk(q, "'\"")); q++) {
    const char *close = strchr(q + 1, *q);
    if (!close) break;
    if (quotes_hidden(q + 1, (size_t)(close - q - 1), hidden)) return true;
    q = close;
  }
  return false;
}

/* A last line of defence: a finding on a masked line whose message would
 * quote part of the hidden text loses its details. */
static void withhold_messages(mcl_ctx *ctx, const mcl_result *r, const char *const *hidden) {
  for (size_t i = 0; i < ctx->findings.count; i++) {
    mcl_diag *d = ctx->findings.items[i];
    size_t k = mcl_masked_index(r, d->line);
    if (k == (size_t)-1 || !hidden[k] || !message_quotes_hidden(d, hidden[k])) continue;
    d->message = mcl_arena_printf(ctx->arena,
                                  "%s (details withheld: they would quote a secret value)",
                                  d->rule->summary);
  }
}

size_t mcl_masked_index(const mcl_result *r, uint32_t line) {
  size_t lo = 0, hi = r->masked_count; /* masked lines are sorted */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->masked[mid].line == line) return mid;
    if (r->masked[mid].line < line)
      lo = mid + 1;
    else
      hi = mid;
  }
  return (size_t)-1;
}

void mcl_mask_secrets(mcl_result *r, mcl_ctx *ctx) {
  const mcl_doc *doc = &r->doc;
  if (!doc->text || !doc->line_starts) return;
  /* The tree holds every value of a document read without a problem; the
   * text pass is for the others (no tree, values dropped by the reader),
   * and there every line is looked at. */
  bool complete = doc->root != NULL;
  for (size_t i = 0; i < ctx->findings.count && complete; i++)
    complete = !(ctx->findings.items[i]->rule->flags & MCL_RULE_PARSE);
  line_set set = {0};
  if (complete) {
    wanted w = {0};
    if (want_lines(r, ctx, &w) && lines_wanted(doc, doc->root, &w))
      mark_tree(doc, doc->root, &w, &set);
    free(w.count);
  } else {
    if (doc->root) mark_tree(doc, doc->root, NULL, &set);
    mark_text(doc, &set);
  }
  for (size_t i = 0; i < ctx->secret_count; i++) { /* pfm_sensitive values */
    mcl_pos p = ctx->secrets[i]->pos;
    if (p.line && p.line <= doc->line_count) mark_value(doc, pos_offset(doc, p), &set);
  }
  if (!set.count) return;
  const char **hidden = mcl_arena_alloc(&r->arena, set.count * sizeof *hidden);
  qsort(set.lines, set.count, sizeof *set.lines, cmp_line);
  r->masked = mcl_arena_alloc(&r->arena, set.count * sizeof *r->masked);
  for (size_t i = 0; i < set.count; i++) {
    if (i && set.lines[i] == set.lines[i - 1]) continue;
    size_t len;
    const char *line = mcl_doc_line(doc, set.lines[i], &len);
    if (!line) continue;
    mcl_buf h = {0};
    mcl_masked_line *m = &r->masked[r->masked_count];
    m->line = set.lines[i];
    m->text = mask_line(&r->arena, line, len, &m->len, &h);
    hidden[r->masked_count++] = h.len ? mcl_arena_strndup(&r->arena, h.data, h.len) : NULL;
    mcl_buf_free(&h);
  }
  free(set.lines);
  withhold_messages(ctx, r, hidden);
}
