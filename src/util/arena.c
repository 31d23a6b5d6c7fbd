/* arena: chunked bump allocator; big requests get their own chunk. */
#include "util/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "util/alloc.h"

struct gf_arena_chunk {
    gf_arena_chunk *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
};

#define ALIGN (alignof(max_align_t))

void gf_arena_init(gf_arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    a->total = 0;
}

static gf_arena_chunk *chunk_new(size_t size, gf_arena_chunk *next)
{
    gf_arena_chunk *c = gf_malloc(sizeof *c + size);
    c->next = next;
    c->used = 0;
    c->size = size;
    return c;
}

void *gf_arena_alloc(gf_arena *a, size_t n)
{
    if (!a->chunk_size)
        gf_arena_init(a, 0);
    if (n > SIZE_MAX / 2)
        gf_malloc(SIZE_MAX); /* cannot be satisfied: reports out of memory */
    size_t need = (n + ALIGN - 1) & ~(ALIGN - 1);
    if (!need)
        need = ALIGN;
    gf_arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        if (need > a->chunk_size / 4) {
            /* Large block: its own chunk, linked behind the current one so
             * the current chunk keeps serving small requests. */
            gf_arena_chunk *big = chunk_new(need, NULL);
            big->used = need;
            if (c) {
                big->next = c->next;
                c->next = big;
            } else {
                a->head = big;
            }
            a->total += n;
            return big->data;
        }
        c = a->head = chunk_new(a->chunk_size, a->head);
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += n;
    return p;
}

void *gf_arena_calloc(gf_arena *a, size_t n)
{
    void *p = gf_arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *gf_arena_strndup(gf_arena *a, const char *s, size_t n)
{
    char *p = gf_arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *gf_arena_strdup(gf_arena *a, const char *s)
{
    return gf_arena_strndup(a, s, strlen(s));
}

void gf_arena_clear(gf_arena *a)
{
    gf_arena_chunk *c = a->head, *keep = NULL;
    while (c) {
        gf_arena_chunk *next = c->next;
        if (!keep && c->size == a->chunk_size) {
            keep = c;
        } else {
            gf_free(c);
        }
        c = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
    a->total = 0;
}

void gf_arena_release(gf_arena *a)
{
    gf_arena_chunk *c = a->head;
    while (c) {
        gf_arena_chunk *next = c->next;
        gf_free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}
