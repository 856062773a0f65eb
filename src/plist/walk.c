#include "plist/walk.h"

#include <ctype.h>
#include <stdlib.h>

typedef struct segment {
  const char *key; /* NULL: an array index */
  size_t index;
} segment;

struct mcl_walk_path {
  const char *root;
  segment *segs;
  size_t depth, cap;
  mcl_buf text;
};

const char *mcl_walk_path_text(mcl_walk_path *p) {
  mcl_buf_clear(&p->text);
  mcl_buf_puts(&p->text, p->root);
  for (size_t i = 0; i < p->depth; i++) {
    if (p->segs[i].key)
      mcl_buf_path_key(&p->text, p->segs[i].key);
    else
      mcl_buf_path_index(&p->text, p->segs[i].index);
  }
  return mcl_buf_cstr(&p->text);
}

static void push(mcl_walk_path *p, const char *key, size_t index) {
  MCL_GROW(p->segs, p->cap, p->depth + 1);
  p->segs[p->depth].key = key;
  p->segs[p->depth].index = index;
  p->depth++;
}

/* Recursion is bounded: readers refuse documents nested deeper than 128. */
static void walk(mcl_ctx *ctx, const char *key, const mcl_value *v, mcl_walk_path *path,
                 mcl_visit_fn fn, void *arg) {
  fn(ctx, key, v, path, arg);
  if (v->type == MCL_T_DICT) {
    for (size_t i = 0; i < v->u.dict.count; i++) {
      const mcl_entry *e = &v->u.dict.entries[i];
      if (e->shadowed) continue;
      push(path, e->key, 0);
      walk(ctx, e->key, e->value, path, fn, arg);
      path->depth--;
    }
  } else if (v->type == MCL_T_ARRAY) {
    for (size_t i = 0; i < v->u.array.count; i++) {
      push(path, NULL, i);
      walk(ctx, NULL, v->u.array.items[i], path, fn, arg);
      path->depth--;
    }
  }
}

void mcl_walk(mcl_ctx *ctx, const mcl_value *root, const char *root_path, mcl_visit_fn fn,
              void *arg) {
  mcl_walk_path path = {.root = root_path ? root_path : ""};
  walk(ctx, NULL, root, &path, fn, arg);
  free(path.segs);
  mcl_buf_free(&path.text);
}
