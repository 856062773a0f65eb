/* xml.c: XML property lists into the value tree, through libxml2's SAX1
 * interface (property lists use no namespaces, which SAX2 resolves for every
 * element), with libxml2's errors through the thread's structured error
 * handler. Positions come from libxml2's byte offsets into our own UTF-8
 * copy of the input, so every key and value knows its line and column.
 *
 * The reader is iterative (an explicit stack, no recursion), refuses
 * entity declarations, never loads a DTD or touches the network, and caps
 * the nesting depth; each refusal is a diagnostic, never a crash. */
#include <libxml/parser.h>
#include <libxml/parserInternals.h> /* xmlCreateMemoryParserCtxt */
#include <string.h>

#include "base/util.h"
#include "plist/encoding.h"
#include "plist/reader.h"
#include "plist/template.h"
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
  size_t off;          /* of the start tag's '<' in the text, or -1 */
  size_t scratch_base; /* first child in state.scratch */
  bool has_key;        /* dict: a <key> waits for its value */
  bool has_value;      /* plist: the one value was seen */
  bool text_reported;  /* misplaced text already reported in this element */
  bool discard;        /* value parsed for its diagnostics only */
  mcl_entry pending;   /* dict: the last <key> read, waiting for its value */
} frame;

typedef struct state {
  mcl_doc *doc;
  mcl_arena *arena;
  xmlParserCtxtPtr parser;
  const char *text; /* doc text; libxml2 parses text + skip */
  size_t skip;
  frame *stack;
  size_t depth, stack_cap;
  size_t skip_depth; /* >0 while inside an unknown element */
  uint32_t *skip_lines; /* the lines of the unknown elements open, outermost first */
  size_t skip_cap;
  mcl_entry *scratch;
  size_t scratch_len, scratch_cap;
  mcl_buf chars;     /* text of the current scalar element */
  bool xml_error;    /* libxml2 reported a well-formedness error */
  size_t error_off;  /* where in the text libxml2 was at its first error */
  size_t first_problem; /* the problems of this read start here */
  bool stopped;
  mcl_comment *comments;
  size_t comment_count, comment_cap;
  const xmlChar *names[E_UNKNOWN]; /* elements[]' names in the parser's dictionary */
} state;

/* Byte offset in doc text of the parser's current position. */
/* Never past the text: the parser's input has blanks after it (new_parser). */
static size_t cur_offset(state *st) {
  /* What xmlByteConsumed computes for input without an encoder (ours is
   * UTF-8 already: mcl_text_from_bytes), without the call: it runs for
   * every element. */
  const xmlParserInputPtr in = st->parser->input;
  long consumed = in && !(in->buf && in->buf->encoder)
                      ? (long)in->consumed + (long)(in->cur - in->base)
                      : xmlByteConsumed(st->parser);
  size_t off = consumed < 0 ? st->skip : st->skip + (size_t)consumed;
  return off < st->doc->len ? off : st->doc->len;
}

/* Position of the markup that begins with `open` and ends at the parser's
 * current position: scan back from there to the opening delimiter. */
static mcl_pos markup_pos_at(state *st, const char *open, size_t *off) {
  size_t end = cur_offset(st), olen = strlen(open); /* never past the text */
  size_t stop = end > st->skip + 65536 ? end - 65536 : st->skip;
  for (size_t i = end; i-- > stop;) {
    if (st->text[i] == '<' && (olen == 1 || strncmp(st->text + i, open, olen) == 0)) {
      if (off) *off = i;
      return mcl_doc_pos(st->doc, i);
    }
  }
  if (off) *off = (size_t)-1; /* unknown: no fix will touch it */
  mcl_pos p = {(uint32_t)xmlSAX2GetLineNumber(st->parser), 1};
  return p;
}

static mcl_pos markup_pos(state *st, const char *open) { return markup_pos_at(st, open, NULL); }

static frame *top(state *st) { return st->depth ? &st->stack[st->depth - 1] : NULL; }

static void stop(state *st) {
  st->stopped = true;
  xmlStopParser(st->parser);
}

/* libxml2 hands element names out of its parser's dictionary, where each
 * name is stored once: the names of elements[], looked up there before the
 * parse (intern_names), are compared as pointers. strcmp remains for a name
 * that did not come from the dictionary. */
static void intern_names(state *st) {
  for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
    st->names[i] = xmlDictLookup(st->parser->dict, (const xmlChar *)elements[i].name, -1);
}

/* A prefixed name ("foo:key", as SAX1 gives it) matches none of them. */
static elem lookup_elem(const state *st, const xmlChar *name) {
  for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
    if (name == st->names[i]) return elements[i].kind;
  for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
    if (strcmp((const char *)name, elements[i].name) == 0) return elements[i].kind;
  return E_UNKNOWN;
}

static mcl_problem *problem(state *st, mcl_problem_kind kind, mcl_pos pos) {
  return mcl_doc_problem(st->doc, st->arena, kind, pos, NULL);
}

/* A problem about one element or key. */
static void problem_at(state *st, mcl_problem_kind kind, mcl_pos pos, const char *name) {
  mcl_problem *p = problem(st, kind, pos);
  p->name = name ? mcl_arena_strdup(st->arena, name) : NULL;
}

static bool is_scalar(elem k) { return k >= E_KEY && k <= E_DATA; }

/* Decides whether a value starting here belongs in the tree, reporting the
 * structural mistakes a device would reject. */
static bool value_allowed(state *st, frame *parent, elem kind, mcl_pos pos, const char *name) {
  if (!parent) {
    if (kind == E_PLIST) return true;
    if (kind != E_UNKNOWN && kind != E_KEY) {
      problem_at(st, MCL_PP_NO_PLIST_ROOT, pos, name);
      return true;
    }
    problem_at(st, MCL_PP_NOT_PLIST_ROOT, pos, name);
    stop(st);
    return false;
  }
  if (parent->discard) return true;
  switch (parent->kind) {
  case E_PLIST:
    if (parent->has_value) {
      problem(st, MCL_PP_SECOND_VALUE, pos);
      return false;
    }
    return kind != E_KEY || (problem(st, MCL_PP_KEY_IN_PLIST, pos), false);
  case E_DICT:
    if (kind == E_KEY) return true;
    if (!parent->has_key) {
      problem_at(st, MCL_PP_VALUE_WITHOUT_KEY, pos, name);
      return false;
    }
    return true;
  case E_ARRAY:
    if (kind == E_KEY) {
      problem(st, MCL_PP_KEY_IN_ARRAY, pos);
      return false;
    }
    return true;
  default:
    problem_at(st, MCL_PP_VALUE_INSIDE, pos, name);
    st->doc->problems[st->doc->problem_count - 1].other = elements[parent->kind].name;
    return false;
  }
}

/* One more unknown element open (skipped with what it holds). */
static void skip_push(state *st, uint32_t line) {
  MCL_GROW(st->skip_lines, st->skip_cap, st->skip_depth + 1);
  st->skip_lines[st->skip_depth++] = line;
}

static void on_start(void *ud, const xmlChar *name, const xmlChar **atts) {
  state *st = ud;
  if (st->stopped) return;
  size_t start;
  mcl_pos pos = markup_pos_at(st, "<", &start);
  if (st->skip_depth) {
    skip_push(st, pos.line);
    return;
  }
  elem kind = lookup_elem(st, name);
  frame *parent = top(st);
  if (kind == E_UNKNOWN && parent) {
    problem_at(st, MCL_PP_UNKNOWN_ELEMENT, pos, (const char *)name);
    if (parent->kind == E_DICT && parent->has_key) parent->has_key = false;
    skip_push(st, pos.line);
    return;
  }
  bool keep = value_allowed(st, parent, kind, pos, (const char *)name);
  if (st->stopped) return;
  if (st->depth >= MAX_DEPTH) {
    problem(st, MCL_PP_TOO_DEEP, pos)->n = MAX_DEPTH;
    stop(st);
    return;
  }
  bool discard = !keep || (parent && parent->discard);
  MCL_GROW(st->stack, st->stack_cap, st->depth + 1); /* may move parent */
  frame *f = &st->stack[st->depth++];
  memset(f, 0, sizeof *f);
  f->kind = kind;
  f->pos = pos;
  f->off = start;
  f->scratch_base = st->scratch_len;
  f->discard = discard;
  if (kind != E_PLIST && kind != E_KEY) {
    f->node = mcl_arena_alloc(st->arena, sizeof *f->node);
    f->node->pos = pos;
    f->node->off = f->node->end = start;
  }
  if (is_scalar(kind)) mcl_buf_clear(&st->chars);
}

static void report_bad_text(state *st, frame *f, const char *ch, int len) {
  if (f->text_reported) return;
  size_t i = 0;
  while (i < (size_t)len && mcl_is_xml_space(ch[i])) i++;
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
  mcl_pos pos = off <= st->doc->len ? mcl_doc_pos(st->doc, off) : f->pos;
  /* The text itself, for the parse rules: a template engine's block
   * ({{#if x}}, {% for %}) is template-marker's, not misplaced text. */
  mcl_problem *p = problem(st, MCL_PP_MISPLACED_TEXT, pos);
  p->name = elements[f->kind].name;
  p->text = mcl_arena_strndup(st->arena, ch + i, (size_t)len - i);
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
  c->end = mcl_doc_pos(st->doc, end ? end - 1 : 0);
  c->text = mcl_arena_strdup(st->arena, (const char *)value);
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content) {
  state *st = ud;
  problem_at(st, MCL_PP_ENTITY, markup_pos(st, "<!ENTITY"), (const char *)name);
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
  /* libxml2's SAX1 parser (configure_sax) does not keep the lines of open
   * tags and says line 0: the innermost open element of that name is the
   * one, unless the parser is inside an element we skip (with_open_line). */
  if (line == 0 && st->skip_depth) return NULL;
  for (size_t i = st->depth; i-- > 0;) {
    const frame *f = &st->stack[i];
    const char *name = elements[f->kind].name;
    size_t n = (size_t)(sp - p);
    if ((f->pos.line == line || line == 0) && strlen(name) == n && !strncmp(name, p, n)) return f;
  }
  return NULL;
}

/* The message with the open tag's line where libxml2 said "line 0": the
 * open element's, or the innermost unknown element's. */
static char *with_open_line(const state *st, const char *msg, const frame *open) {
  const char *zero = strstr(msg, " line 0 and ");
  uint32_t line = open ? open->pos.line : st->skip_depth ? st->skip_lines[st->skip_depth - 1] : 0;
  if (!zero || !line) return mcl_xstrdup(msg);
  return mcl_xasprintf("%.*s line %u%s", (int)(zero - msg), msg, (unsigned)line,
                       zero + strlen(" line 0"));
}

/* Everything this read recorded after the cause of a fatal error cascades
 * from it (text and elements taken to be inside the element left open):
 * one XML error, one problem. */
static void drop_after(state *st, mcl_pos cause) {
  mcl_doc *doc = st->doc;
  size_t out = st->first_problem;
  for (size_t i = st->first_problem; i < doc->problem_count; i++) {
    const mcl_problem *p = &doc->problems[i];
    if (p->pos.line < cause.line || (p->pos.line == cause.line && p->pos.col < cause.col))
      doc->problems[out++] = *p;
  }
  doc->problem_count = out;
}

static void on_error(void *ud, xmlErrorPtr err) {
  state *st = ud;
  if (st->xml_error || st->stopped || !err || err->level < XML_ERR_ERROR) return;
  st->xml_error = true;
  st->error_off = cur_offset(st);
  char *msg = mcl_xstrdup(err->message ? err->message : "malformed XML");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
  mcl_pos pos = {(uint32_t)(err->line > 0 ? err->line : 1), (uint32_t)(err->int2 > 0 ? err->int2 : 1)};
  if (st->skip) { /* libxml2 counted lines from where we let it start */
    mcl_pos base = mcl_doc_pos(st->doc, st->skip);
    if (pos.line == 1) pos.col += base.col - 1;
    pos.line += base.line - 1;
  }
  /* An error at the end of the input is at the end of the text, not in the
   * blanks after it (new_parser). */
  mcl_pos end = mcl_doc_pos(st->doc, st->doc->len);
  if (end.line && (pos.line > end.line || (pos.line == end.line && pos.col > end.col))) pos = end;
  const frame *open = open_element(st, msg);
  char *fixed = with_open_line(st, msg, open);
  free(msg);
  msg = fixed;
  if (open && open->pos.line < pos.line) {
    drop_after(st, open->pos);
    mcl_problem *p = problem(st, MCL_PP_XML_ERROR, open->pos);
    p->name = elements[open->kind].name;
    p->n = pos.line;
    p->detail = mcl_arena_strdup(st->arena, msg);
  } else {
    drop_after(st, pos);
    problem(st, MCL_PP_XML_ERROR, pos)->detail = mcl_arena_strdup(st->arena, msg);
  }
  free(msg);
}

/* ---- finishing values ---- */

static const char *chars_dup(state *st, size_t *len) {
  *len = st->chars.len;
  return mcl_arena_strndup(st->arena, mcl_buf_cstr(&st->chars), st->chars.len);
}

/* key: the dict key the value belongs to, or NULL. */
static void finish_scalar(state *st, frame *f, const char *key) {
  mcl_value *v = f->node;
  const char *text = mcl_buf_cstr(&st->chars);
  const char *why = NULL;
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
    why = mcl_parse_integer(text, &v->u.integer.magnitude, &v->u.integer.negative);
    break;
  case E_REAL:
    v->type = MCL_T_REAL;
    why = mcl_parse_real(text, &v->u.real);
    break;
  case E_DATE:
    v->type = MCL_T_DATE;
    v->u.date.text = mcl_arena_strdup(st->arena, text);
    why = mcl_parse_date(text, &v->u.date.unix_seconds);
    break;
  case E_DATA: {
    v->type = MCL_T_DATA;
    unsigned char *bytes;
    size_t bad = 0;
    why = mcl_parse_base64(st->arena, text, st->chars.len, &bytes, &v->u.data.len, &bad);
    v->u.data.bytes = bytes;
    if (why) {
      v->invalid = true;
      bool secret = key && mcl_is_secret_key(key); /* not even one character of it */
      mcl_problem *p = problem(st, MCL_PP_BAD_BASE64, f->pos);
      p->detail = why;
      p->key = key;
      p->text = mcl_arena_strdup(st->arena, text);
      if (!secret && bad < st->chars.len && (unsigned char)text[bad] >= 0x20 &&
          (unsigned char)text[bad] < 0x7f)
        p->c = text[bad];
      return;
    }
    return;
  }
  default:
    return;
  }
  if (why) {
    v->invalid = true;
    /* Number text is never secret-bearing, but keep messages short. */
    mcl_problem *p = problem(st, MCL_PP_BAD_SCALAR, f->pos);
    p->name = elements[f->kind].name;
    p->detail = why;
    p->key = key;
    p->text = mcl_arena_strdup(st->arena, text);
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

/* Whether a key may appear twice: pairwise for the small dicts of almost
 * every profile (cheaper than sorting them), always true for large ones. */
static bool has_duplicate(const mcl_entry *e, size_t n) {
  if (n > 32) return true;
  for (size_t i = 1; i < n; i++)
    for (size_t j = 0; j < i; j++)
      if (e[i].key[0] == e[j].key[0] && same_key(&e[i], &e[j])) return true;
  return false;
}

/* Marks every entry whose key appears again later in the same dict, and
 * reports each later occurrence against the one before it: an error when
 * the values differ (the device keeps the last), a warning when they are
 * the same (nothing is lost, but one entry is redundant). */
static void mark_duplicates(state *st, mcl_entry *e, size_t n) {
  if (!has_duplicate(e, n)) return;
  mcl_entry **order = mcl_xmalloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = &e[i];
  qsort(order, n, sizeof *order, by_key_then_position);
  for (size_t k = 1; k < n; k++) {
    mcl_entry *prev = order[k - 1], *cur = order[k];
    if (!same_key(prev, cur)) continue;
    prev->shadowed = true;
    mcl_problem *p = problem(st, MCL_PP_DUPLICATE_KEY, cur->key_pos);
    p->name = cur->key;
    p->n = prev->key_pos.line;
    p->same = same_scalar(prev->value, cur->value);
  }
  free(order);
}

static void finish_container(state *st, frame *f) {
  size_t n = st->scratch_len - f->scratch_base;
  mcl_entry *src = n ? st->scratch + f->scratch_base : NULL;
  mcl_value *v = f->node;
  if (f->kind == E_DICT) {
    if (f->has_key)
      problem(st, MCL_PP_KEY_WITHOUT_VALUE, f->pending.key_pos)->name = f->pending.key;
    v->type = MCL_T_DICT;
    v->u.dict.count = n;
    v->u.dict.entries = mcl_arena_alloc(st->arena, n * sizeof(mcl_entry));
    if (n) memcpy(v->u.dict.entries, src, n * sizeof(mcl_entry));
    if (n > 1) mark_duplicates(st, v->u.dict.entries, n);
  } else {
    v->type = MCL_T_ARRAY;
    v->u.array.count = n;
    v->u.array.items = mcl_arena_alloc(st->arena, n * sizeof(mcl_value *));
    for (size_t i = 0; i < n; i++) v->u.array.items[i] = src[i].value;
  }
  st->scratch_len = f->scratch_base;
}

static void attach(state *st, frame *parent, mcl_value *v) {
  if (!parent) { /* a bare value without <plist> */
    st->doc->root = v;
    return;
  }
  if (parent->discard) return;
  if (parent->kind == E_PLIST) {
    parent->has_value = true;
    st->doc->root = v;
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

static void on_end(void *ud, const xmlChar *name) {
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
      problem(st, MCL_PP_EMPTY_PLIST, f.pos);
    return;
  case E_KEY:
    if (!parent || parent->kind != E_DICT || parent->discard) return;
    if (parent->has_key)
      problem(st, MCL_PP_KEY_WITHOUT_VALUE, parent->pending.key_pos)->name = parent->pending.key;
    parent->pending.key = chars_dup(st, &parent->pending.key_len);
    parent->pending.key_pos = f.pos;
    parent->pending.key_off = f.off;
    parent->pending.key_end = cur_offset(st);
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
  if (f.node) f.node->end = f.off == (size_t)-1 ? f.off : cur_offset(st);
  if (!f.discard) attach(st, parent, f.node);
}

/* SAX1 handlers (initialized is not XML_SAX2_MAGIC): libxml2 then takes
 * its SAX1 path, and reports errors to the structured handler set around
 * the parse (parse()), since SAX1 handlers have no serror. */
static void configure_sax(xmlSAXHandler *sax) {
  memset(sax, 0, sizeof *sax);
  sax->initialized = 1;
  sax->startElement = on_start;
  sax->endElement = on_end;
  sax->characters = on_chars;
  sax->cdataBlock = on_chars;
  sax->comment = on_comment;
  sax->entityDecl = on_entity_decl;
  /* No getEntity, resolveEntity, internalSubset or externalSubset: nothing
   * a document declares is ever loaded or expanded. */
}

/* Lone CRs become LFs so libxml2's line numbers (which only count LF) agree
 * with ours; the length, and so every offset, stays the same. */
static void normalize_cr(char *text, size_t len) {
  for (char *p = text, *end = text + len; (p = memchr(p, '\r', (size_t)(end - p))); p++)
    if (p + 1 >= end || p[1] != '\n') *p = '\n';
}

static void check_encoding(mcl_doc *doc, mcl_arena *arena, const mcl_text *t) {
  const char *d = t->declared;
  if (!d) return;
  bool utf16 = strncmp(t->source_encoding, "UTF-16", 6) == 0;
  bool says16 = mcl_streq_icase(d, "UTF-16") || mcl_streq_icase(d, "UTF-16LE") ||
                mcl_streq_icase(d, "UTF-16BE");
  if (utf16 != says16 || (t->had_bom && !utf16 && !mcl_streq_icase(d, "UTF-8"))) {
    mcl_pos p = {1, 1};
    mcl_problem *pr = mcl_doc_problem(doc, arena, MCL_PP_ENCODING_MISMATCH, p, NULL);
    pr->name = d;
    pr->detail = t->source_encoding;
  }
}

/* The text libxml2 reads: the document's, or for a template source a copy
 * with its statements blanked (plist/template.h), offsets unchanged, said
 * once as a problem at the first statement. */
static const char *template_blanked(mcl_doc *doc, mcl_arena *arena, const mcl_text *t) {
  if (!memchr(t->text, '{', t->len) && !(t->len >= 8 && !memcmp(t->text, "#jinja2:", 8)))
    return t->text;
  char *copy = mcl_arena_strndup(arena, t->text, t->len);
  mcl_template_info info;
  if (!mcl_template_blank(copy, t->len, &info)) return t->text;
  mcl_problem *p =
      mcl_doc_problem(doc, arena, MCL_PP_TEMPLATE_SOURCE, mcl_doc_pos(doc, info.first), NULL);
  p->name = info.engine;
  p->n = info.statements;
  p->n2 = info.branches;
  doc->template_source = true;
  return copy;
}

/* A parser over a copy of the text with blanks after it. libxml2 tries to
 * read more input for every token within 250 bytes (INPUT_CHUNK) of the
 * end of its buffer, about 250 instructions each even from memory, which
 * has no more: with 256 blanks after the document (white space after the
 * root element is allowed) it never gets that close to the end, and offsets
 * in the text are the same. */
#define PARSER_PAD 256
/* *padded: the copy, to free after the parser (not kept with the document). */
static xmlParserCtxtPtr new_parser(const char *text, size_t len, char **padded) {
  *padded = mcl_xmalloc(len + PARSER_PAD + 1);
  memcpy(*padded, text, len);
  memset(*padded + len, ' ', PARSER_PAD);
  (*padded)[len + PARSER_PAD] = '\0';
  return xmlCreateMemoryParserCtxt(*padded, (int)(len + PARSER_PAD));
}

/* One run of libxml2 over text (st->text + st->skip): the tree and the
 * problems go to st->doc. */
static bool parse(state *st, const char *text, size_t len) {
  mcl_doc *doc = st->doc;
  xmlSAXHandler sax;
  configure_sax(&sax);
  char *padded;
  st->parser = new_parser(text, len, &padded);
  if (!st->parser) {
    free(padded);
    return false;
  }
  xmlFree(st->parser->sax);
  st->parser->sax = &sax;
  st->parser->userData = st;
  intern_names(st);
  xmlCtxtUseOptions(st->parser, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC |
                                    XML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc(st, on_error);
  xmlParseDocument(st->parser);
  xmlSetStructuredErrorFunc(NULL, NULL);

  bool ok = !st->xml_error && !st->stopped && doc->root;
  if (!ok) doc->root = NULL;
  doc->comments = st->comments
                      ? mcl_arena_alloc(st->arena, st->comment_count * sizeof *st->comments)
                      : NULL;
  if (st->comment_count)
    memcpy(doc->comments, st->comments, st->comment_count * sizeof *st->comments);
  doc->comment_count = st->comment_count;
  free(st->comments);
  free(st->stack);
  free(st->skip_lines);
  free(st->scratch);
  mcl_buf_free(&st->chars);
  st->parser->sax = NULL; /* ours, on the stack */
  xmlFreeParserCtxt(st->parser);
  free(padded);
  return ok;
}

/* Bytes of the XML declaration at the start of text ("<?xml" and a blank
 * or '?', up to "?>" before any other markup), or 0. */
static size_t declaration_end(const char *text, size_t len) {
  if (len < 7 || memcmp(text, "<?xml", 5) != 0 ||
      !(mcl_is_xml_space(text[5]) || text[5] == '?'))
    return 0;
  for (size_t i = 5; i + 1 < len && i < 1024 && text[i] != '<'; i++)
    if (text[i] == '?' && text[i + 1] == '>') return i + 2;
  return 0;
}

bool mcl_read_xml(mcl_doc *doc, mcl_arena *arena, const unsigned char *data, size_t len) {
  mcl_text t;
  mcl_text_from_bytes(arena, data, len, &t);
  mcl_pos origin = {1, 1};
  if (t.error || !t.text) {
    mcl_doc_problem(doc, arena, MCL_PP_UNREADABLE_TEXT, origin, NULL)->detail =
        t.error ? t.error : "unknown encoding";
    return false;
  }
  normalize_cr(t.text, t.len);
  mcl_doc_set_text(doc, arena, t.text, t.len);
  doc->format = MCL_FMT_XML;
  doc->source_encoding = t.source_encoding;
  doc->bom_len = !t.had_bom ? 0 : strncmp(t.source_encoding, "UTF-16", 6) == 0 ? 2 : 3;
  check_encoding(doc, arena, &t);

  state st;
  memset(&st, 0, sizeof st);
  st.doc = doc;
  st.arena = arena;
  st.first_problem = doc->problem_count;
  st.text = template_blanked(doc, arena, &t);
  /* Blank lines, and byte-order marks that a concatenation left after them
   * (U+FEFF, EF BB BF in the text), before the declaration. */
  for (;;) {
    if (st.skip < t.len && mcl_is_xml_space(st.text[st.skip])) st.skip++;
    else if (t.len - st.skip >= 3 && !memcmp(st.text + st.skip, "\xEF\xBB\xBF", 3)) st.skip += 3;
    else break;
  }
  /* (Blanked template text before it is no leading whitespace of the file.) */
  bool blank_before = true;
  for (size_t i = 0; i < st.skip && blank_before; i++) blank_before = st.text[i] == t.text[i];
  if (st.skip && st.skip + 5 <= t.len && memcmp(st.text + st.skip, "<?xml", 5) == 0) {
    /* n: what precedes the declaration, the text bytes a fix deletes. */
    if (blank_before) mcl_doc_problem(doc, arena, MCL_PP_LEADING_WHITESPACE, origin, NULL)->n = st.skip;
  } else {
    st.skip = 0;
  }
  if (t.len - st.skip > (size_t)0x7fffffff - PARSER_PAD) return false;

  size_t decl_end = declaration_end(st.text + st.skip, t.len - st.skip);
  size_t mark = doc->problem_count; /* this parse's problems start here */
  bool ok = parse(&st, st.text + st.skip, t.len - st.skip);
  size_t bad = doc->problem_count;
  while (bad > mark && doc->problems[bad - 1].kind != MCL_PP_XML_ERROR) bad--;
  if (st.xml_error && bad > mark && decl_end && st.error_off < st.skip + decl_end) {
    /* The error is in the declaration: Apple's parser skips <?xml ...?>
     * unread, so a device reads the rest. Say so, and read the rest with
     * the declaration blanked (offsets unchanged), as a device does. */
    mcl_problem error = doc->problems[bad - 1];
    doc->problem_count = mark;
    char *copy = mcl_arena_strndup(arena, st.text, t.len);
    memset(copy + st.skip, ' ', decl_end);
    state again;
    memset(&again, 0, sizeof again);
    again.doc = doc;
    again.arena = arena;
    again.text = copy;
    again.skip = st.skip; /* doc->root is NULL: the first parse failed */
    mcl_doc_problem(doc, arena, MCL_PP_BAD_DECLARATION, error.pos, NULL)->detail = error.detail;
    again.first_problem = doc->problem_count;
    ok = parse(&again, copy + st.skip, t.len - st.skip);
  }
  return ok;
}
