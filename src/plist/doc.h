/* doc.h: one parsed input: its value tree, its UTF-8 text with a line index
 * (so positions can be computed and source lines shown) and its comments. */
#ifndef MCL_DOC_H
#define MCL_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "plist/problem.h"
#include "plist/value.h"

typedef enum {
  MCL_FMT_UNKNOWN,
  MCL_FMT_XML,
  MCL_FMT_BINARY,
} mcl_format;

typedef struct mcl_comment {
  mcl_pos pos;      /* of "<!--" */
  mcl_pos end;      /* of the last character of "-->" */
  const char *text; /* between the delimiters */
} mcl_comment;

struct mcl_container;

typedef struct mcl_doc {
  mcl_format format;
  /* What wraps the property list (a CMS signature), or NULL when the input
   * is the property list itself. Positions refer to the property list. */
  struct mcl_container *container;
  /* How text came from the input bytes (XML): "UTF-8", "UTF-16LE", ...,
   * and the length of the byte-order mark before it. Fixes map text
   * offsets back onto the input through these. */
  const char *source_encoding;
  size_t bom_len;
  mcl_value *root; /* NULL when the input could not be read as a plist */
  bool template_source; /* read with a template engine's statements left out */
  const char *text; /* UTF-8 text positions refer to (NULL for binary) */
  size_t len;
  uint32_t *line_starts; /* offsets of each line's first byte */
  size_t line_count;
  mcl_comment *comments;
  size_t comment_count;
  /* What the readers found wrong, in the order found (problem.h). */
  mcl_problem *problems;
  size_t problem_count, problem_cap;
  /* mcl_doc_pos's memo of its last answer (positions are asked in order). */
  size_t last_offset;
  mcl_pos last_pos;
} mcl_doc;

/* Index the lines of text (LF, CRLF and lone CR all end a line). */
void mcl_doc_set_text(mcl_doc *doc, mcl_arena *arena, const char *text, size_t len);
/* Appends a problem of this kind at pos (path: NULL, or a binary key path,
 * copied); the caller fills in its details. Good until the next call. */
mcl_problem *mcl_doc_problem(mcl_doc *doc, mcl_arena *arena, mcl_problem_kind kind, mcl_pos pos,
                             const char *path);
/* Line and column (in characters) of a byte offset into doc->text. */
mcl_pos mcl_doc_pos(const mcl_doc *doc, size_t offset);
/* The line's text without its line break; NULL if out of range. */
const char *mcl_doc_line(const mcl_doc *doc, uint32_t line, size_t *len);

#endif
