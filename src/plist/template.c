/* template.c: see template.h.
 *
 * A template source is not a profile: the engine decides what the device
 * gets. What it says outside its statements is still the profile's text,
 * though, and most mistakes are there: a wrong key, a wrong type, a
 * missing dictionary. Blanking the statements leaves that text for the XML
 * reader as one rendering of the template would: every loop body once, and
 * of each condition its first branch only, so that if/else alternatives do
 * not become duplicate keys or two values for one key. */
#include "plist/template.h"

#include <string.h>

#define MAX_NESTING 64

typedef enum { T_OPEN, T_BRANCH, T_CLOSE, T_OTHER } tag_role;

typedef struct {
  size_t start, end; /* the tag's bytes: text[start, end) */
  tag_role role;
  bool inverted; /* a Mustache {{^name}} section: an alternative, left out whole */
  bool when;     /* a Liquid {% when %}: its first one starts the kept branch */
} tag;

static void blank(char *text, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    if (text[i] != '\n') text[i] = ' ';
}

static bool word_is(const char *w, size_t n, const char *s) {
  return strlen(s) == n && memcmp(w, s, n) == 0;
}

/* The role of a Jinja statement from its first word. */
static tag_role jinja_role(const char *w, size_t n) {
  static const char *const opens[] = {"if", "for", "macro", "block", "call", "filter", "with",
                                      "raw", "unless", "case", "capture", "comment", "autoescape",
                                      "trans", "tablerow", NULL};
  static const char *const branches[] = {"elif", "else", "elsif", "when", "pluralize", NULL};
  for (size_t i = 0; opens[i]; i++)
    if (word_is(w, n, opens[i])) return T_OPEN;
  for (size_t i = 0; branches[i]; i++)
    if (word_is(w, n, branches[i])) return T_BRANCH;
  if (n > 3 && memcmp(w, "end", 3) == 0) return T_CLOSE;
  return T_OTHER; /* set, include, import, extends, do, break, ... */
}

/* Where each closing delimiter next occurs: tags are met in order, so
 * each search starts past the last and the scan stays linear, even over
 * hostile text with openings and no closings. */
typedef struct {
  size_t at[3]; /* of "%}", "#}", "}}": an offset, or len when none is left */
  size_t from[3];
  bool known[3];
} closings;

static size_t closing(closings *c, const char *text, size_t len, int k, size_t from) {
  static const char *const delims[] = {"%}", "#}", "}}"};
  if (c->known[k] && from >= c->from[k] && (c->at[k] >= from || c->at[k] == len)) return c->at[k];
  size_t at = len;
  for (size_t i = from; i + 1 < len; i++)
    if (text[i] == delims[k][0] && text[i + 1] == delims[k][1]) {
      at = i;
      break;
    }
  c->known[k] = true;
  c->from[k] = from;
  c->at[k] = at;
  return at;
}

/* The tag at text[i], if one starts there; *t filled. */
static bool tag_at(const char *text, size_t len, size_t i, tag *t, const char **engine,
                   closings *cl) {
  if (i + 1 >= len || text[i] != '{') return false;
  char c = text[i + 1], sigil = 0;
  int close;
  size_t body;
  if (c == '%' || c == '#') { /* Jinja: {% statement %}, {# comment #} */
    close = c == '%' ? 0 : 1;
    body = i + 2;
    *engine = "Jinja-style";
  } else if (c == '{') {
    /* Handlebars or Mustache: {{#section}}, {{/section}}, {{^inverted}},
     * {{! comment}}, {{> partial}}, {{else}}, with optional whitespace
     * control and blanks after the braces ({{~#if x}}, {{ else }}). */
    size_t k = i + 2;
    while (k < len && (text[k] == '~' || text[k] == ' ')) k++;
    if (k < len && text[k] != '\0' && strchr("#/^!>", text[k])) {
      sigil = text[k];
    } else if (k + 4 < len && !memcmp(text + k, "else", 4) &&
               (text[k + 4] == '}' || text[k + 4] == ' ' || text[k + 4] == '~')) {
      sigil = 'e';
    } else {
      return false;
    }
    close = 2;
    body = k + 1;
    *engine = "Handlebars or Mustache";
  } else {
    return false;
  }
  size_t at = closing(cl, text, len, close, body);
  if (at >= len) return false;
  t->start = i;
  t->end = at + 2;
  t->inverted = false;
  t->when = false;
  if (c == '#') {
    t->role = T_OTHER;
    return true;
  }
  if (c == '{') {
    t->role = sigil == '#' ? T_OPEN : sigil == '/' ? T_CLOSE : sigil == '^' ? T_OPEN
              : sigil == 'e'                                              ? T_BRANCH
                                                                          : T_OTHER;
    t->inverted = sigil == '^';
    return true;
  }
  size_t w = body;
  while (w < t->end && (text[w] == '-' || text[w] == '+' || text[w] == '~' || text[w] == ' ' ||
                        text[w] == '\t' || text[w] == '\n'))
    w++;
  size_t n = 0;
  while (w + n < t->end && ((text[w + n] >= 'a' && text[w + n] <= 'z') || text[w + n] == '_')) n++;
  t->role = jinja_role(text + w, n);
  t->when = word_is(text + w, n, "when");
  return true;
}

static bool blank_char(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* A statement between elements, where the XML reader would take it for
 * stray text: only blanks, markup or other template tags around it. One
 * inside a value (<string>{{#if a}}x{{else}}y{{/if}}</string>) is left as
 * it is, a placeholder in that value. */
static bool scalar_name(const char *p, const char *end) {
  static const char *const names[] = {"key", "string", "integer", "real", "date", "data", NULL};
  for (size_t k = 0; names[k]; k++) {
    size_t n = strlen(names[k]);
    if ((size_t)(end - p) > n && !memcmp(p, names[k], n) && (p[n] == '>' || blank_char(p[n])))
      return true;
  }
  return false;
}

static bool between_elements(const char *text, size_t len, const tag *t) {
  size_t i = t->start;
  while (i && blank_char(text[i - 1])) i--;
  if (i && text[i - 1] == '>') { /* after a start tag of a value: inside it */
    size_t lt = i - 1, stop = i > 256 ? i - 256 : 0; /* start tags are short */
    while (lt > stop && text[lt] != '<') lt--;
    if (text[lt] == '<' && scalar_name(text + lt + 1, text + len)) return false;
  } else if (i && text[i - 1] != '}') {
    return false;
  }
  size_t j = t->end;
  while (j < len && blank_char(text[j])) j++;
  if (j + 2 < len && text[j] == '<' && text[j + 1] == '/' && scalar_name(text + j + 2, text + len))
    return false; /* before an end tag of a value */
  return j == len || text[j] == '<' || text[j] == '{';
}

bool mcl_template_blank(char *text, size_t len, mcl_template_info *info) {
  memset(info, 0, sizeof *info);
  /* Ansible's per-file options: "#jinja2: lstrip_blocks: True" as line 1. */
  if (len >= 8 && !memcmp(text, "#jinja2:", 8)) {
    const char *nl = memchr(text, '\n', len);
    blank(text, 0, nl ? (size_t)(nl - text) : len);
    info->engine = "Jinja-style";
    info->statements++;
  }
  /* when[d]: a Liquid {% when %} was seen at depth d (the first one
   * starts the kept branch, the next ones are left out). */
  bool when[MAX_NESTING + 1] = {false};
  size_t depth = 0, skip_from = 0;
  closings cl;
  memset(&cl, 0, sizeof cl);
  bool skipping = false;
  size_t skip_depth = 0;
  for (size_t i = 0; i < len;) {
    tag t;
    const char *engine = NULL;
    const char *brace = memchr(text + i, '{', len - i);
    if (!brace) break;
    i = (size_t)(brace - text);
    if (!tag_at(text, len, i, &t, &engine, &cl) || (!skipping && !between_elements(text, len, &t))) {
      i++;
      continue;
    }
    if (!info->engine || !info->statements) info->engine = engine;
    if (!info->statements++ || t.start < info->first) info->first = t.start;
    bool first_when = t.when && depth <= MAX_NESTING && !when[depth];
    if (first_when) when[depth] = true;
    if (t.role == T_OPEN) {
      if (depth < MAX_NESTING) when[++depth] = false;
      if (t.inverted && !skipping) {
        skipping = true;
        skip_depth = depth;
        skip_from = t.start;
        info->branches++;
      }
    } else if (t.role == T_BRANCH && depth && !skipping && !first_when) {
      skipping = true;
      skip_depth = depth;
      skip_from = t.start;
      info->branches++;
    } else if (t.role == T_CLOSE && depth) {
      if (skipping && depth == skip_depth) {
        blank(text, skip_from, t.start);
        skipping = false;
      }
      depth--;
    }
    blank(text, t.start, t.end);
    i = t.end;
  }
  if (skipping) blank(text, skip_from, len); /* an unclosed branch: to the end */
  return info->statements > 0;
}

bool mcl_template_prefix(const unsigned char *text, size_t len) {
  size_t i = 0;
  while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) i++;
  if (len - i < 2) return false;
  const char *p = (const char *)text + i;
  bool header = (len - i >= 8 && !memcmp(p, "#jinja2:", 8)) || !memcmp(p, "{%", 2) ||
                !memcmp(p, "{#", 2) || (len - i >= 3 && (!memcmp(p, "{{#", 3) || !memcmp(p, "{{!", 3)));
  if (!header) return false;
  for (size_t k = i; k + 6 <= len; k++)
    if (!memcmp(text + k, "<?xml", 5) || !memcmp(text + k, "<plist", 6)) return true;
  return false;
}
