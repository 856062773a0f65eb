/* arena.h: bump allocation for everything that lives as long as one lint
 * result (the value tree, diagnostics, key paths); freed in one go. */
#ifndef MCL_ARENA_H
#define MCL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct mcl_arena_block mcl_arena_block;
typedef struct mcl_arena {
  mcl_arena_block *head;
  size_t total; /* bytes handed out, for limits and statistics */
  size_t block;  /* bytes a block holds; 0 (as init leaves it): 16 KiB */
} mcl_arena;

void mcl_arena_init(mcl_arena *arena);
void mcl_arena_free(mcl_arena *arena);
void *mcl_arena_alloc(mcl_arena *arena, size_t size);  /* zeroed, aligned */
char *mcl_arena_strndup(mcl_arena *arena, const char *s, size_t len);
char *mcl_arena_strdup(mcl_arena *arena, const char *s);
char *mcl_arena_printf(mcl_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *mcl_arena_vprintf(mcl_arena *arena, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
