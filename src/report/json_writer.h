/* json_writer.h: a streaming JSON writer for the json and sarif formats.
 * It keeps only the nesting state, so a document can be written one file's
 * findings at a time. Output is indented two spaces per level. */
#ifndef MCL_JSON_WRITER_H
#define MCL_JSON_WRITER_H

#include <stdbool.h>
#include <stdio.h>

#define MCL_JSON_MAX_DEPTH 24

typedef struct mcl_json {
  FILE *out;
  unsigned depth;
  bool after_key;
  bool has_items[MCL_JSON_MAX_DEPTH]; /* per open level */
  char closer[MCL_JSON_MAX_DEPTH];    /* '}' or ']' */
} mcl_json;

void mcl_json_init(mcl_json *j, FILE *out);
void mcl_json_object(mcl_json *j); /* { */
void mcl_json_array(mcl_json *j);  /* [ */
void mcl_json_end(mcl_json *j);    /* closes the innermost; a newline after the last */
void mcl_json_key(mcl_json *j, const char *key);
void mcl_json_string(mcl_json *j, const char *s); /* NULL writes null */
void mcl_json_uint(mcl_json *j, unsigned long long v);
void mcl_json_bool(mcl_json *j, bool v);
void mcl_json_null(mcl_json *j);
/* Positions for a value the caller writes itself, complete and valid JSON,
 * to the stream returned. */
FILE *mcl_json_value(mcl_json *j);

/* A part of the document written apart (another stream, another thread)
 * from inside an array: *part writes to out as j would, as though the
 * array already had an item, so that each item begins with its comma.
 * mcl_json_join then tells how many leading bytes of the part's text to
 * leave out (that comma, if the array had no item yet) and records that
 * it now has one. The part must close what it opens. */
void mcl_json_fork(const mcl_json *j, mcl_json *part, FILE *out);
size_t mcl_json_join(mcl_json *j, const char *text, size_t len);

/* key and value in one call */
void mcl_json_kstring(mcl_json *j, const char *key, const char *s);
void mcl_json_kuint(mcl_json *j, const char *key, unsigned long long v);
/* v, or null when v is 0 (an unknown line or column) */
void mcl_json_kpos(mcl_json *j, const char *key, unsigned v);
void mcl_json_kbool(mcl_json *j, const char *key, bool v);
void mcl_json_kobject(mcl_json *j, const char *key);
void mcl_json_karray(mcl_json *j, const char *key);

#endif
