#include "core/walk.h"

#include <ctype.h>

void mcl_buf_path_key(mcl_buf *b, const char *key) {
  bool plain = *key != '\0';
  for (const char *p = key; *p && plain; p++)
    plain = isalnum((unsigned char)*p) || *p == '_' || *p == '-';
  if (plain) {
    if (b->len) mcl_buf_putc(b, '.');
    mcl_buf_puts(b, key);
    return;
  }
  mcl_buf_puts(b, "[\"");
  for (const char *p = key; *p; p++) {
    if (*p == '"' || *p == '\\') mcl_buf_putc(b, '\\');
    mcl_buf_putc(b, *p);
  }
  mcl_buf_puts(b, "\"]");
}

void mcl_buf_path_index(mcl_buf *b, size_t index) { mcl_buf_printf(b, "[%zu]", index); }

/* Recursion is bounded: readers refuse documents nested deeper than 128. */
static void walk(mcl_ctx *ctx, const char *key, const mcl_value *v, mcl_buf *path,
                 mcl_visit_fn fn, void *arg) {
  fn(ctx, key, v, mcl_buf_cstr(path), arg);
  size_t mark = path->len;
  if (v->type == MCL_T_DICT) {
    for (size_t i = 0; i < v->u.dict.count; i++) {
      const mcl_entry *e = &v->u.dict.entries[i];
      if (e->shadowed) continue;
      mcl_buf_path_key(path, e->key);
      walk(ctx, e->key, e->value, path, fn, arg);
      path->len = mark;
      path->data[mark] = '\0';
    }
  } else if (v->type == MCL_T_ARRAY) {
    for (size_t i = 0; i < v->u.array.count; i++) {
      mcl_buf_path_index(path, i);
      walk(ctx, NULL, v->u.array.items[i], path, fn, arg);
      path->len = mark;
      path->data[mark] = '\0';
    }
  }
}

void mcl_walk(mcl_ctx *ctx, const mcl_value *root, const char *root_path, mcl_visit_fn fn,
              void *arg) {
  mcl_buf path = {0};
  mcl_buf_puts(&path, root_path ? root_path : "");
  walk(ctx, NULL, root, &path, fn, arg);
  mcl_buf_free(&path);
}
