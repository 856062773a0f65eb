#include "report/json_writer.h"

#include <stdlib.h>

#include "report/escape.h"

void mcl_json_init(mcl_json *j, FILE *out) { *j = (mcl_json){.out = out}; }

/* A newline and two spaces a level, in one write. */
static void newline(mcl_json *j) {
  static const char spaces[2 + 2 * MCL_JSON_MAX_DEPTH] = /* and a NUL */
      "\n                                                ";
  fwrite(spaces, 1, 1 + 2 * (size_t)j->depth, j->out);
}

/* Separator and indentation before a value or a key. */
static void next_item(mcl_json *j) {
  if (j->after_key) {
    j->after_key = false;
    return;
  }
  if (j->depth == 0) return;
  if (j->has_items[j->depth - 1]) fputc(',', j->out);
  j->has_items[j->depth - 1] = true;
  newline(j);
}

static void open_level(mcl_json *j, char opener, char closer) {
  next_item(j);
  /* The documents have a fixed shape: deeper nesting is a bug here. */
  if (j->depth >= MCL_JSON_MAX_DEPTH) abort();
  fputc(opener, j->out);
  j->has_items[j->depth] = false;
  j->closer[j->depth++] = closer;
}

void mcl_json_object(mcl_json *j) { open_level(j, '{', '}'); }
void mcl_json_array(mcl_json *j) { open_level(j, '[', ']'); }

void mcl_json_end(mcl_json *j) {
  if (j->depth == 0) abort();
  j->depth--;
  if (j->has_items[j->depth]) newline(j);
  fputc(j->closer[j->depth], j->out);
  if (j->depth == 0) fputc('\n', j->out);
}

void mcl_json_key(mcl_json *j, const char *key) {
  next_item(j);
  mcl_put_json_string(j->out, key);
  fputs(": ", j->out);
  j->after_key = true;
}

void mcl_json_string(mcl_json *j, const char *s) {
  if (!s) {
    mcl_json_null(j);
    return;
  }
  next_item(j);
  mcl_put_json_string(j->out, s);
}

void mcl_json_uint(mcl_json *j, unsigned long long v) {
  next_item(j);
  fprintf(j->out, "%llu", v);
}

void mcl_json_bool(mcl_json *j, bool v) {
  next_item(j);
  fputs(v ? "true" : "false", j->out);
}

void mcl_json_null(mcl_json *j) {
  next_item(j);
  fputs("null", j->out);
}

FILE *mcl_json_value(mcl_json *j) {
  next_item(j);
  return j->out;
}

void mcl_json_kstring(mcl_json *j, const char *key, const char *s) {
  mcl_json_key(j, key);
  mcl_json_string(j, s);
}

void mcl_json_kuint(mcl_json *j, const char *key, unsigned long long v) {
  mcl_json_key(j, key);
  mcl_json_uint(j, v);
}

void mcl_json_kpos(mcl_json *j, const char *key, unsigned v) {
  mcl_json_key(j, key);
  if (v) mcl_json_uint(j, v);
  else mcl_json_null(j);
}

void mcl_json_kbool(mcl_json *j, const char *key, bool v) {
  mcl_json_key(j, key);
  mcl_json_bool(j, v);
}

void mcl_json_kobject(mcl_json *j, const char *key) {
  mcl_json_key(j, key);
  mcl_json_object(j);
}

void mcl_json_karray(mcl_json *j, const char *key) {
  mcl_json_key(j, key);
  mcl_json_array(j);
}

void mcl_json_fork(const mcl_json *j, mcl_json *part, FILE *out) {
  *part = *j;
  part->out = out;
  if (part->depth) part->has_items[part->depth - 1] = true;
}

size_t mcl_json_join(mcl_json *j, const char *text, size_t len) {
  if (!len || !j->depth) return 0;
  bool first = !j->has_items[j->depth - 1];
  j->has_items[j->depth - 1] = true;
  return first && text[0] == ',' ? 1 : 0;
}
