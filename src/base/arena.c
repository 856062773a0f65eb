#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define ARENA_BLOCK 16384
#define ARENA_ALIGN 16

struct mcl_arena_block {
  mcl_arena_block *next;
  size_t used, cap;
  _Alignas(ARENA_ALIGN) unsigned char data[];
};

void mcl_arena_init(mcl_arena *arena) { memset(arena, 0, sizeof *arena); }

void mcl_arena_free(mcl_arena *arena) {
  mcl_arena_block *b = arena->head;
  while (b) {
    mcl_arena_block *next = b->next;
    free(b);
    b = next;
  }
  arena->head = NULL;
  arena->total = 0;
}

static mcl_arena_block *new_block(size_t cap) {
  mcl_arena_block *b = mcl_xmalloc(sizeof *b + cap);
  b->next = NULL;
  b->used = 0;
  b->cap = cap;
  return b;
}

static size_t rounded(size_t size) {
  size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  return size ? size : ARENA_ALIGN;
}

/* size bytes, aligned, not cleared: for callers that write them all. */
static void *take(mcl_arena *arena, size_t size) {
  size = rounded(size);
  mcl_arena_block *b = arena->head;
  if (!b || b->cap - b->used < size) {
    size_t block = arena->block ? arena->block : ARENA_BLOCK;
    if (size > block / 4) {
      /* A large object gets a block of its own behind the current one, so
       * the space left in the current block is not wasted. */
      mcl_arena_block *big = new_block(size);
      if (b) {
        big->next = b->next;
        b->next = big;
      } else {
        arena->head = big;
      }
      big->used = size;
      arena->total += size;
      return big->data;
    }
    b = new_block(block);
    b->next = arena->head;
    arena->head = b;
  }
  void *p = b->data + b->used;
  b->used += size;
  arena->total += size;
  return p;
}

void *mcl_arena_alloc(mcl_arena *arena, size_t size) {
  void *p = take(arena, size);
  memset(p, 0, rounded(size));
  return p;
}

char *mcl_arena_strndup(mcl_arena *arena, const char *s, size_t len) {
  char *p = take(arena, len + 1);
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *mcl_arena_strdup(mcl_arena *arena, const char *s) {
  return mcl_arena_strndup(arena, s, strlen(s));
}

/* One pass when the text fits in the current block (most do): vsnprintf
 * writes it in place and the block is advanced past it; else a second pass
 * into space of the right size. */
char *mcl_arena_vprintf(mcl_arena *arena, const char *fmt, va_list ap) {
  mcl_arena_block *b = arena->head;
  size_t room = b ? b->cap - b->used : 0;
  char *at = room ? (char *)b->data + b->used : NULL;
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(at, room, fmt, copy);
  va_end(copy);
  if (n < 0) return mcl_arena_strdup(arena, "");
  if ((size_t)n < room) {
    size_t size = ((size_t)n + 1 + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    b->used += size < room ? size : room;
    arena->total += size;
    return at;
  }
  char *p = take(arena, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *mcl_arena_printf(mcl_arena *arena, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = mcl_arena_vprintf(arena, fmt, ap);
  va_end(ap);
  return p;
}
