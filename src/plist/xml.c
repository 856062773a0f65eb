/* xml.c: XML property lists into the value tree, through libxml2's SAX2
 * interface. Positions come from libxml2's byte offsets into our own UTF-8
 * copy of the input, so every key and value knows its line and column.
 *
 * The reader is iterative (an explicit stack, no recursion), refuses
 * entity declarations, never loads a DTD or touches the network, and caps
 * the nesting depth; each refusal is a diagnostic, never a crash. */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <string.h>

#include "base/util.h"
#include "plist/encoding.h"
#include "plist/reader.h"
#include "plist/scalar.h"

#define MAX_DEPTH 128

typedef enum {
  E_PLIST, E_DICT, E_ARRAY, E_KEY, E_STRING, E_INTEGER, E_REAL,
  E_TRUE, E_FALSE, E_DATE, E_DATA, E_UNKNOWN,
} elem;

static const struct {
  const char *name;
  elem kind;
} elements[] = {
    {"plist", E_PLIST},     {"dict", E_DICT},   {"array", E_ARRAY}, {"key", E_KEY},
    {"string", E_STRING},   {"integer", E_INTEGER}, {"real", E_REAL}, {"true", E_TRUE},
    {"false", E_FALSE},     {"date", E_DATE},   {"data", E_DATA},
};

typedef struct frame {
  elem kind;
  mcl_value *node;     /* NULL for <plist> and for values being discarded */
  mcl_pos pos;         /* of the start tag */
  size_t scratch_base; /* first child in state.scratch */
  bool has_key;        /* dict: a <key> waits for its value */
  bool has_value;      /* plist: the one value was seen */
  bool text_reported;  /* misplaced text already reported in this element */
  bool discard;        /* value parsed for its diagnostics only */
  mcl_entry pending;   /* dict: the last <key> read, waiting for its value */
} frame;

typedef struct state {
  mcl_ctx *ctx;
  xmlParserCtxtPtr parser;
  const char *text; /* doc text; libxml2 parses text + skip */
  size_t skip;
  frame *stack;
  size_t depth, stack_cap;
  size_t skip_depth; /* >0 while inside an unknown element */
  mcl_entry *scratch;
  size_t scratch_len, scratch_cap;
  mcl_buf chars;     /* text of the current scalar element */
  bool xml_error;    /* libxml2 reported a well-formedness error */
  size_t first_diag; /* the findings of this read start here */
  bool template_reported; /* a template block between elements was reported */
  bool stopped;
  mcl_comment *comments;
  size_t comment_count, comment_cap;
} state;

/* Byte offset in doc text of the parser's current position. */
static size_t cur_offset(state *st) {
  long consumed = xmlByteConsumed(st->parser);
  return consumed < 0 ? st->skip : st->skip + (size_t)consumed;
}

/* Position of the markup that begins with `open` and ends at the parser's
 * current position: scan back from there to the opening delimiter. */
static mcl_pos markup_pos(state *st, const char *open) {
  size_t end = cur_offset(st), olen = strlen(open);
  if (end > st->ctx->doc->len) end = st->ctx->doc->len;
  for (size_t i = end; i-- > st->skip;) {
    if (end - i > 65536) break;
    if (st->text[i] == '<' && strncmp(st->text + i, open, olen) == 0)
      return mcl_doc_pos(st->ctx->doc, i);
  }
  mcl_pos p = {(uint32_t)xmlSAX2GetLineNumber(st->parser), 1};
  return p;
}

static frame *top(state *st) { return st->depth ? &st->stack[st->depth - 1] : NULL; }

static void stop(state *st) {
  st->stopped = true;
  xmlStopParser(st->parser);
}

static elem lookup_elem(const xmlChar *name, const xmlChar *prefix) {
  if (prefix) return E_UNKNOWN;
  for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
    if (strcmp((const char *)name, elements[i].name) == 0) return elements[i].kind;
  return E_UNKNOWN;
}

static bool is_scalar(elem k) { return k >= E_KEY && k <= E_DATA; }

/* Decides whether a value starting here belongs in the tree, reporting the
 * structural mistakes a device would reject. */
static bool value_allowed(state *st, frame *parent, elem kind, mcl_pos pos, const char *name) {
  if (!parent) {
    if (kind == E_PLIST) return true;
    if (kind != E_UNKNOWN && kind != E_KEY) {
      mcl_emit(st->ctx, &mcl_rule_plist_structure, pos, NULL,
               "the document has no <plist> root element; <%s> is at the top", name);
      return true;
    }
    mcl_emit(st->ctx, &mcl_rule_not_a_plist, pos, NULL,
             "XML document whose root element is <%s>, not a property list <plist>", name);
    stop(st);
    return false;
  }
  if (parent->discard) return true;
  switch (parent->kind) {
  case E_PLIST:
    if (parent->has_value) {
      mcl_emit(st->ctx, &mcl_rule_plist_structure, pos, NULL,
               "<plist> holds more than one value; a device reads only the first");
      return false;
    }
    return kind != E_KEY || (mcl_emit(st->ctx, &mcl_rule_value_without_key, pos, NULL,
                                      "<key> directly inside <plist>"),
                             false);
  case E_DICT:
    if (kind == E_KEY) return true;
    if (!parent->has_key) {
      mcl_emit(st->ctx, &mcl_rule_value_without_key, pos, NULL,
               "<%s> in a <dict> without a preceding <key>", name);
      return false;
    }
    return true;
  case E_ARRAY:
    if (kind == E_KEY) {
      mcl_emit(st->ctx, &mcl_rule_plist_structure, pos, NULL, "<key> inside an <array>");
      return false;
    }
    return true;
  default:
    mcl_emit(st->ctx, &mcl_rule_plist_structure, pos, NULL, "<%s> inside <%s>", name,
             elements[parent->kind].name);
    return false;
  }
}

static void on_start(void *ud, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int natt, int ndef, const xmlChar **att) {
  state *st = ud;
  if (st->stopped) return;
  if (st->skip_depth) {
    st->skip_depth++;
    return;
  }
  mcl_pos pos = markup_pos(st, "<");
  elem kind = lookup_elem(name, prefix);
  frame *parent = top(st);
  if (kind == E_UNKNOWN && parent) {
    mcl_emit(st->ctx, &mcl_rule_unknown_element, pos, NULL,
             "unknown element <%s>; a device rejects the profile", (const char *)name);
    if (parent->kind == E_DICT && parent->has_key) parent->has_key = false;
    st->skip_depth = 1;
    return;
  }
  bool keep = value_allowed(st, parent, kind, pos, (const char *)name);
  if (st->stopped) return;
  if (st->depth >= MAX_DEPTH) {
    mcl_emit(st->ctx, &mcl_rule_nesting_too_deep, pos, NULL,
             "values are nested more than %d levels deep; reading stopped here", MAX_DEPTH);
    stop(st);
    return;
  }
  bool discard = !keep || (parent && parent->discard);
  MCL_GROW(st->stack, st->stack_cap, st->depth + 1); /* may move parent */
  frame *f = &st->stack[st->depth++];
  memset(f, 0, sizeof *f);
  f->kind = kind;
  f->pos = pos;
  f->scratch_base = st->scratch_len;
  f->discard = discard;
  if (kind != E_PLIST && kind != E_KEY) {
    f->node = mcl_arena_alloc(st->ctx->arena, sizeof *f->node);
    f->node->pos = pos;
  }
  if (is_scalar(kind)) mcl_buf_clear(&st->chars);
}

static void report_bad_text(state *st, frame *f, const char *ch, int len) {
  if (f->text_reported) return;
  size_t i = 0;
  while (i < (size_t)len && strchr(" \t\r\n", ch[i])) i++;
  if (i == (size_t)len) return;
  f->text_reported = true;
  /* libxml2 usually hands us a pointer into its input; then we know exactly
   * where the text is. Otherwise it ends at the current position. */
  const xmlParserInputPtr in = st->parser->input;
  size_t off;
  if ((const xmlChar *)ch >= in->base && (const xmlChar *)ch < in->end)
    off = st->skip + (size_t)in->consumed + (size_t)((const xmlChar *)ch - in->base) + i;
  else
    off = cur_offset(st) >= (size_t)len ? cur_offset(st) - (size_t)len + i : st->skip;
  mcl_pos pos = off <= st->ctx->doc->len ? mcl_doc_pos(st->ctx->doc, off) : f->pos;
  /* A template engine's block ({{#if x}}, {% for %}) between elements: the
   * file is a template source, to be linted once rendered; say so once. */
  char *text = mcl_arena_strndup(st->ctx->arena, (const char *)ch + i, (size_t)len - i);
  bool marker = mcl_has_template_marker(text);
  if (marker) {
    if (!st->template_reported)
      mcl_emit(st->ctx, &mcl_rule_template_marker, pos, NULL,
               "template block inside <%s>: this is a template source; lint the profile it "
               "renders",
               elements[f->kind].name);
    st->template_reported = true;
    return;
  }
  mcl_emit(st->ctx, &mcl_rule_misplaced_text, pos, NULL, "text inside <%s>, where none belongs",
           elements[f->kind].name);
}

static void on_chars(void *ud, const xmlChar *ch, int len) {
  state *st = ud;
  frame *f = top(st);
  if (st->stopped || st->skip_depth || !f) return;
  if (is_scalar(f->kind) && f->kind != E_TRUE && f->kind != E_FALSE)
    mcl_buf_add(&st->chars, (const char *)ch, (size_t)len);
  else
    report_bad_text(st, f, (const char *)ch, len);
}

static void on_comment(void *ud, const xmlChar *value) {
  state *st = ud;
  if (st->stopped) return;
  MCL_GROW(st->comments, st->comment_cap, st->comment_count + 1);
  mcl_comment *c = &st->comments[st->comment_count++];
  c->pos = markup_pos(st, "<!--");
  size_t end = cur_offset(st);
  c->end = mcl_doc_pos(st->ctx->doc, end ? end - 1 : 0);
  c->text = mcl_arena_strdup(st->ctx->arena, (const char *)value);
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content) {
  state *st = ud;
  mcl_emit(st->ctx, &mcl_rule_entity_declaration, markup_pos(st, "<!ENTITY"), NULL,
           "DTD declares entity '%s'; property lists cannot use entities and mclint does "
           "not expand them",
           (const char *)name);
}

/* libxml2 names the element left open ("Opening and ending tag mismatch:
 * string line 14 and dict"): the cause, often far above where libxml2 gave
 * up. Its frame (start tag position, kind), if it is on our stack. */
static const frame *open_element(state *st, const char *msg) {
  const char *p = strstr(msg, "tag mismatch: ");
  if (!p) return NULL;
  p += strlen("tag mismatch: ");
  const char *sp = strchr(p, ' ');
  unsigned long line;
  if (!sp || sscanf(sp, " line %lu", &line) != 1) return NULL;
  for (size_t i = st->depth; i-- > 0;) {
    const frame *f = &st->stack[i];
    const char *name = elements[f->kind].name;
    size_t n = (size_t)(sp - p);
    if (f->pos.line == line && strlen(name) == n && !strncmp(name, p, n)) return f;
  }
  return NULL;
}

/* Everything this read reported after the cause of a fatal error cascades
 * from it (text and elements taken to be inside the element left open):
 * one XML error, one finding. */
static void drop_after(state *st, mcl_pos cause) {
  mcl_ctx *ctx = st->ctx;
  size_t out = st->first_diag;
  for (size_t i = st->first_diag; i < ctx->diag_count; i++) {
    const mcl_diag *d = ctx->diags[i];
    if (d->line < cause.line || (d->line == cause.line && d->col < cause.col))
      ctx->diags[out++] = ctx->diags[i];
  }
  ctx->diag_count = out;
}

static void on_error(void *ud, xmlErrorPtr err) {
  state *st = ud;
  if (st->xml_error || st->stopped || !err || err->level < XML_ERR_ERROR) return;
  st->xml_error = true;
  char *msg = mcl_xstrdup(err->message ? err->message : "malformed XML");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
  mcl_pos pos = {(uint32_t)(err->line > 0 ? err->line : 1), (uint32_t)(err->int2 > 0 ? err->int2 : 1)};
  if (st->skip) { /* libxml2 counted lines from where we let it start */
    mcl_pos base = mcl_doc_pos(st->ctx->doc, st->skip);
    if (pos.line == 1) pos.col += base.col - 1;
    pos.line += base.line - 1;
  }
  const frame *open = open_element(st, msg);
  if (open && open->pos.line < pos.line) {
    drop_after(st, open->pos);
    mcl_emit(st->ctx, &mcl_rule_malformed_xml, open->pos, NULL,
             "malformed XML: <%s> is never closed; libxml2 gave up at line %u: %s",
             elements[open->kind].name, pos.line, msg);
  } else {
    drop_after(st, pos);
    mcl_emit(st->ctx, &mcl_rule_malformed_xml, pos, NULL, "malformed XML: %s", msg);
  }
  free(msg);
}

/* ---- finishing values ---- */

static const char *chars_dup(state *st, size_t *len) {
  *len = st->chars.len;
  return mcl_arena_strndup(st->ctx->arena, mcl_buf_cstr(&st->chars), st->chars.len);
}

/* A template placeholder where a number, date or data belongs ({{port}} in
 * an <integer>) is a template-marker like one in a <string>: the profile is
 * a template, not a malformed value. */
static bool report_placeholder(state *st, frame *f, const char *key, const char *text) {
  if (!mcl_has_template_marker(text)) return false;
  const char *name = key ? key : "this value";
  if (key && mcl_is_secret_key(key))
    mcl_emit(st->ctx, &mcl_rule_template_marker, f->pos, NULL,
             "%s holds an unfilled template placeholder in <%s>", name, elements[f->kind].name);
  else
    mcl_emit(st->ctx, &mcl_rule_template_marker, f->pos, NULL,
             "%s holds an unfilled template placeholder in <%s>: '%.60s'", name,
             elements[f->kind].name, text);
  return true;
}

/* key: the dict key the value belongs to, or NULL. */
static void finish_scalar(state *st, frame *f, const char *key) {
  mcl_value *v = f->node;
  const char *text = mcl_buf_cstr(&st->chars);
  const char *problem = NULL;
  const mcl_rule *rule = NULL;
  switch (f->kind) {
  case E_STRING:
    v->type = MCL_T_STRING;
    v->u.str.s = chars_dup(st, &v->u.str.len);
    return;
  case E_TRUE:
  case E_FALSE:
    v->type = MCL_T_BOOL;
    v->u.boolean = f->kind == E_TRUE;
    return;
  case E_INTEGER:
    v->type = MCL_T_INTEGER;
    problem = mcl_parse_integer(text, &v->u.integer.magnitude, &v->u.integer.negative);
    rule = &mcl_rule_invalid_integer;
    break;
  case E_REAL:
    v->type = MCL_T_REAL;
    problem = mcl_parse_real(text, &v->u.real);
    rule = &mcl_rule_invalid_real;
    break;
  case E_DATE:
    v->type = MCL_T_DATE;
    v->u.date.text = mcl_arena_strdup(st->ctx->arena, text);
    problem = mcl_parse_date(text, &v->u.date.unix_seconds);
    rule = &mcl_rule_invalid_date;
    break;
  case E_DATA: {
    v->type = MCL_T_DATA;
    unsigned char *bytes;
    size_t bad = 0;
    problem = mcl_parse_base64(st->ctx->arena, text, st->chars.len, &bytes, &v->u.data.len, &bad);
    v->u.data.bytes = bytes;
    rule = &mcl_rule_invalid_base64;
    if (problem) {
      v->invalid = true;
      if (report_placeholder(st, f, key, text)) return;
      bool secret = key && mcl_is_secret_key(key); /* not even one character of it */
      if (!secret && bad < st->chars.len && (unsigned char)text[bad] >= 0x20 &&
          (unsigned char)text[bad] < 0x7f)
        mcl_emit(st->ctx, rule, f->pos, NULL, "invalid base64 in <data>: %s ('%c')", problem,
                 text[bad]);
      else
        mcl_emit(st->ctx, rule, f->pos, NULL, "invalid base64 in <data>: %s", problem);
      return;
    }
    return;
  }
  default:
    return;
  }
  if (problem) {
    v->invalid = true;
    if (report_placeholder(st, f, key, text)) return;
    /* Number text is never secret-bearing, but keep messages short. */
    mcl_emit(st->ctx, rule, f->pos, NULL, "invalid <%s>: %s", elements[f->kind].name, problem);
  }
}

/* Entries ordered by key, then by position in the dict (pointers into one
 * array compare by position): equal keys end up side by side, so duplicates
 * are found in O(n log n) even in a hostile dict with a million keys. */
static int by_key_then_position(const void *a, const void *b) {
  const mcl_entry *x = *(const mcl_entry *const *)a, *y = *(const mcl_entry *const *)b;
  size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
  int c = memcmp(x->key, y->key, n);
  if (!c) c = (x->key_len > y->key_len) - (x->key_len < y->key_len);
  return c ? c : (x > y) - (x < y);
}

static bool same_key(const mcl_entry *a, const mcl_entry *b) {
  return a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

/* Two scalars with the same value (containers are never judged equal). */
static bool same_scalar(const mcl_value *a, const mcl_value *b) {
  if (!a || !b || a->type != b->type || a->invalid || b->invalid) return false;
  switch (a->type) {
  case MCL_T_STRING:
    return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
  case MCL_T_INTEGER:
    return a->u.integer.magnitude == b->u.integer.magnitude &&
           a->u.integer.negative == b->u.integer.negative;
  case MCL_T_REAL: return a->u.real == b->u.real;
  case MCL_T_BOOL: return a->u.boolean == b->u.boolean;
  case MCL_T_DATE: return a->u.date.unix_seconds == b->u.date.unix_seconds;
  case MCL_T_DATA:
    return a->u.data.len == b->u.data.len &&
           !memcmp(a->u.data.bytes, b->u.data.bytes, a->u.data.len);
  default: return false;
  }
}

/* Marks every entry whose key appears again later in the same dict, and
 * reports each later occurrence against the one before it: an error when
 * the values differ (the device keeps the last), a warning when they are
 * the same (nothing is lost, but one entry is redundant). */
static void mark_duplicates(state *st, mcl_entry *e, size_t n) {
  mcl_entry **order = mcl_xmalloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = &e[i];
  qsort(order, n, sizeof *order, by_key_then_position);
  for (size_t k = 1; k < n; k++) {
    mcl_entry *prev = order[k - 1], *cur = order[k];
    if (!same_key(prev, cur)) continue;
    prev->shadowed = true;
    bool same = same_scalar(prev->value, cur->value);
    mcl_diag *d = mcl_emit(st->ctx, &mcl_rule_duplicate_key, cur->key_pos, NULL,
                           same ? "duplicate key '%s' in this dictionary (first at line %u), "
                                  "with the same value"
                                : "duplicate key '%s' in this dictionary (first at line %u); a "
                                  "device keeps only the last value",
                           cur->key, prev->key_pos.line);
    if (d && same && d->severity > MCL_WARNING) d->severity = MCL_WARNING;
    mcl_hint(st->ctx, d, "remove one of the two '%s' entries", cur->key);
  }
  free(order);
}

static void finish_container(state *st, frame *f) {
  size_t n = st->scratch_len - f->scratch_base;
  mcl_entry *src = n ? st->scratch + f->scratch_base : NULL;
  mcl_value *v = f->node;
  if (f->kind == E_DICT) {
    if (f->has_key)
      mcl_emit(st->ctx, &mcl_rule_key_without_value, f->pending.key_pos, NULL,
               "<key>%s</key> has no value", f->pending.key);
    v->type = MCL_T_DICT;
    v->u.dict.count = n;
    v->u.dict.entries = mcl_arena_alloc(st->ctx->arena, n * sizeof(mcl_entry));
    if (n) memcpy(v->u.dict.entries, src, n * sizeof(mcl_entry));
    if (n > 1) mark_duplicates(st, v->u.dict.entries, n);
  } else {
    v->type = MCL_T_ARRAY;
    v->u.array.count = n;
    v->u.array.items = mcl_arena_alloc(st->ctx->arena, n * sizeof(mcl_value *));
    for (size_t i = 0; i < n; i++) v->u.array.items[i] = src[i].value;
  }
  st->scratch_len = f->scratch_base;
}

static void attach(state *st, frame *parent, mcl_value *v) {
  if (!parent) { /* a bare value without <plist> */
    st->ctx->doc->root = v;
    return;
  }
  if (parent->discard) return;
  if (parent->kind == E_PLIST) {
    parent->has_value = true;
    st->ctx->doc->root = v;
    return;
  }
  MCL_GROW(st->scratch, st->scratch_cap, st->scratch_len + 1);
  mcl_entry *e = &st->scratch[st->scratch_len++];
  if (parent->kind == E_DICT) {
    *e = parent->pending;
    parent->has_key = false;
  } else {
    memset(e, 0, sizeof *e);
  }
  e->value = v;
}

static void on_end(void *ud, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri) {
  state *st = ud;
  if (st->stopped) return;
  if (st->skip_depth) {
    st->skip_depth--;
    return;
  }
  if (!st->depth) return;
  frame f = st->stack[--st->depth];
  frame *parent = top(st);
  switch (f.kind) {
  case E_PLIST:
    if (!f.has_value)
      mcl_emit(st->ctx, &mcl_rule_plist_structure, f.pos, NULL, "<plist> holds no value");
    return;
  case E_KEY:
    if (!parent || parent->kind != E_DICT || parent->discard) return;
    if (parent->has_key)
      mcl_emit(st->ctx, &mcl_rule_key_without_value, parent->pending.key_pos, NULL,
               "<key>%s</key> has no value", parent->pending.key);
    parent->pending.key = chars_dup(st, &parent->pending.key_len);
    parent->pending.key_pos = f.pos;
    parent->has_key = true;
    return;
  case E_DICT:
  case E_ARRAY:
    finish_container(st, &f);
    break;
  default:
    finish_scalar(st, &f,
                  parent && parent->kind == E_DICT && parent->has_key ? parent->pending.key : NULL);
    break;
  }
  if (!f.discard) attach(st, parent, f.node);
}

static void configure_sax(xmlSAXHandler *sax) {
  memset(sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC;
  sax->startElementNs = on_start;
  sax->endElementNs = on_end;
  sax->characters = on_chars;
  sax->cdataBlock = on_chars;
  sax->comment = on_comment;
  sax->entityDecl = on_entity_decl;
  sax->serror = on_error;
  /* No getEntity, resolveEntity, internalSubset or externalSubset: nothing
   * a document declares is ever loaded or expanded. */
}

/* Lone CRs become LFs so libxml2's line numbers (which only count LF) agree
 * with ours; the length, and so every offset, stays the same. */
static void normalize_cr(char *text, size_t len) {
  for (char *p = text, *end = text + len; (p = memchr(p, '\r', (size_t)(end - p))); p++)
    if (p + 1 >= end || p[1] != '\n') *p = '\n';
}

static void check_encoding(mcl_ctx *ctx, const mcl_text *t) {
  const char *d = t->declared;
  if (!d) return;
  bool utf16 = strncmp(t->source_encoding, "UTF-16", 6) == 0;
  bool says16 = mcl_streq_icase(d, "UTF-16") || mcl_streq_icase(d, "UTF-16LE") ||
                mcl_streq_icase(d, "UTF-16BE");
  if (utf16 != says16 || (t->had_bom && !utf16 && !mcl_streq_icase(d, "UTF-8"))) {
    mcl_pos p = {1, 1};
    mcl_emit(ctx, &mcl_rule_encoding_declaration, p, NULL,
             "the XML declaration says encoding \"%s\" but the file is %s", d,
             t->source_encoding);
  }
}

bool mcl_read_xml(mcl_ctx *ctx, const unsigned char *data, size_t len) {
  mcl_doc *doc = ctx->doc;
  mcl_text t;
  mcl_text_from_bytes(ctx->arena, data, len, &t);
  mcl_pos origin = {1, 1};
  if (t.error || !t.text) {
    mcl_emit(ctx, &mcl_rule_malformed_xml, origin, NULL, "cannot read the text: %s",
             t.error ? t.error : "unknown encoding");
    return false;
  }
  normalize_cr(t.text, t.len);
  mcl_doc_set_text(doc, ctx->arena, t.text, t.len);
  doc->format = MCL_FMT_XML;
  check_encoding(ctx, &t);

  state st;
  memset(&st, 0, sizeof st);
  st.ctx = ctx;
  st.first_diag = ctx->diag_count;
  st.text = t.text;
  while (st.skip < t.len && strchr(" \t\r\n", t.text[st.skip])) st.skip++;
  if (st.skip && st.skip + 5 <= t.len && memcmp(t.text + st.skip, "<?xml", 5) == 0) {
    mcl_diag *d = mcl_emit(ctx, &mcl_rule_leading_whitespace, origin, NULL,
                           "whitespace before the XML declaration; strict XML parsers "
                           "(and many MDM servers) reject the file");
    mcl_hint(ctx, d, "delete everything before '<?xml'");
  } else {
    st.skip = 0;
  }
  if (t.len - st.skip > (size_t)0x7fffffff) return false;

  xmlSAXHandler sax;
  configure_sax(&sax);
  st.parser = xmlCreateMemoryParserCtxt(t.text + st.skip, (int)(t.len - st.skip));
  if (!st.parser) return false;
  xmlFree(st.parser->sax);
  st.parser->sax = &sax;
  st.parser->userData = &st;
  xmlCtxtUseOptions(st.parser, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC |
                                   XML_PARSE_NOWARNING);
  xmlParseDocument(st.parser);

  bool ok = !st.xml_error && !st.stopped && doc->root;
  if (!ok) doc->root = NULL;
  doc->comments = st.comments ? mcl_arena_alloc(ctx->arena, st.comment_count * sizeof *st.comments)
                              : NULL;
  if (st.comment_count) memcpy(doc->comments, st.comments, st.comment_count * sizeof *st.comments);
  doc->comment_count = st.comment_count;
  free(st.comments);
  free(st.stack);
  free(st.scratch);
  mcl_buf_free(&st.chars);
  st.parser->sax = NULL; /* ours, on the stack */
  xmlFreeParserCtxt(st.parser);
  return ok;
}
