/* problem.h: what a reader found wrong with its input, as facts: a kind,
 * a position (or key path, for binary property lists) and the details.
 * Readers record problems in the document (mcl_doc_problem); the parse
 * rules of src/rules (MC1xx, rules/parse.c) decide and word the findings. */
#ifndef MCL_PROBLEM_H
#define MCL_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>

#include "plist/value.h"

typedef enum {
  /* the input as a whole (line 0) */
  MCL_PP_IO_ERROR,          /* detail: why it cannot be read */
  MCL_PP_TOO_LARGE,         /* n: its size, n2: the limit */
  MCL_PP_NOT_A_PLIST,       /* detail: what it looks like instead */
  /* XML */
  MCL_PP_XML_ERROR,         /* detail: libxml2's message; name: the element left open
                             * (at pos, its start tag), or NULL; n: where libxml2 gave up */
  MCL_PP_UNREADABLE_TEXT,   /* detail: why the bytes are not text */
  MCL_PP_NOT_PLIST_ROOT,    /* name: the root element */
  MCL_PP_NO_PLIST_ROOT,     /* name: the element at the top instead */
  MCL_PP_SECOND_VALUE,      /* <plist> holds more than one value */
  MCL_PP_EMPTY_PLIST,       /* <plist> holds no value */
  MCL_PP_KEY_IN_ARRAY,
  MCL_PP_VALUE_INSIDE,      /* name inside other, which holds no values */
  MCL_PP_KEY_IN_PLIST,
  MCL_PP_VALUE_WITHOUT_KEY, /* name: the value's element */
  MCL_PP_KEY_WITHOUT_VALUE, /* name: the key */
  MCL_PP_UNKNOWN_ELEMENT,   /* name */
  MCL_PP_TOO_DEEP,          /* n: the depth limit */
  MCL_PP_MISPLACED_TEXT,    /* name: the element holding it; text */
  MCL_PP_TEMPLATE_SOURCE,   /* at the first statement; name: the engine; n: statements
                             * left out, n2: conditional branches left out */
  MCL_PP_ENTITY,            /* name: the entity */
  MCL_PP_BAD_BASE64,        /* detail; c: the offending character, or 0 when not shown;
                             * key; text */
  MCL_PP_BAD_SCALAR,        /* name: "integer", "real" or "date"; detail; key; text */
  MCL_PP_DUPLICATE_KEY,     /* name: the key; n: the line of the first; same */
  MCL_PP_DUPLICATE_ENTRY,   /* binary: name: the key; n, n2: the two entries */
  MCL_PP_ENCODING_MISMATCH, /* name: the declared encoding; detail: the file's */
  MCL_PP_LEADING_WHITESPACE, /* n: text bytes before '<?xml' (blanks, stray BOMs) */
  MCL_PP_BAD_DECLARATION, /* detail: libxml2's complaint about the <?xml ...?> declaration */
  /* binary */
  MCL_PP_BINARY_TOO_DEEP,   /* detail: the object table check's message */
  MCL_PP_BINARY_MALFORMED,  /* detail, or NULL when libplist cannot decode it */
  MCL_PP_BINARY_DIFFERS,    /* libplist decodes it differently from its object table */
  MCL_PP_BIG_INTEGER,       /* binary: does not fit in 64 bits */
  MCL_PP_DATE_RANGE,        /* binary: outside the years 1 to 9999 */
} mcl_problem_kind;

typedef struct mcl_problem {
  mcl_problem_kind kind;
  mcl_pos pos;        /* line 0: no position (binary, or the whole input) */
  const char *path;   /* key path in a binary property list, or NULL */
  const char *name;   /* see the kinds */
  const char *other;
  const char *detail;
  /* The dict key the value belongs to, or NULL (a secret key's text is
   * never shown: mcl_is_secret_key). */
  const char *key;
  /* The text as written (XML): what the element holds, or the stray text. */
  const char *text;
  size_t n, n2;
  char c;
  bool same; /* DUPLICATE_KEY: both values are the same */
} mcl_problem;

#endif
