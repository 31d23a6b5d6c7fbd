/* arena: bump allocator for one unit of work, freed in one call. */
#ifndef GF_UTIL_ARENA_H
#define GF_UTIL_ARENA_H

#include <stddef.h>

typedef struct gf_arena_chunk gf_arena_chunk;
typedef struct gf_arena {
    gf_arena_chunk *head; /* current chunk; older chunks linked behind */
    size_t chunk_size;    /* default size of new chunks */
    size_t total;         /* bytes handed out, for statistics */
} gf_arena;

#define GF_ARENA_INIT                                                                              \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void gf_arena_init(gf_arena *a, size_t chunk_size);
/* Returns n bytes aligned for any type, valid until gf_arena_release/clear;
 * never NULL. */
void *gf_arena_alloc(gf_arena *a, size_t n);
void *gf_arena_calloc(gf_arena *a, size_t n);
/* NUL-terminated copy of s[0..n) in the arena. */
char *gf_arena_strndup(gf_arena *a, const char *s, size_t n);
char *gf_arena_strdup(gf_arena *a, const char *s);
/* Frees everything but the first chunk, for reuse on the next unit of work. */
void gf_arena_clear(gf_arena *a);
/* Frees all memory. */
void gf_arena_release(gf_arena *a);

#endif
