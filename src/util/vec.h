/* vec: the one typed growable array (macro over a struct of items/len/cap). */
#ifndef GF_UTIL_VEC_H
#define GF_UTIL_VEC_H

#include <stddef.h>
#include <string.h>

#include "util/alloc.h"

/* Declare as `GF_VEC(int) v = GF_VEC_INIT;` or typedef GF_VEC(T) name. */
#define GF_VEC(T)                                                                                  \
    struct {                                                                                       \
        T *items;                                                                                  \
        size_t len, cap;                                                                           \
    }
#define GF_VEC_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Grows *items to hold at least need elements of size elem (amortised x2). */
void gf_vec_reserve_(void **items, size_t *cap, size_t need, size_t elem);

#define gf_vec_reserve(v, n)                                                                       \
    gf_vec_reserve_((void **)&(v)->items, &(v)->cap, (n), sizeof *(v)->items)
/* Appends x (evaluated once); returns nothing. */
#define gf_vec_push(v, x)                                                                          \
    do {                                                                                           \
        gf_vec_reserve((v), (v)->len + 1);                                                         \
        (v)->items[(v)->len++] = (x);                                                              \
    } while (0)
/* Appends a zeroed slot and yields a pointer to it. */
#define gf_vec_push_slot(v)                                                                        \
    (gf_vec_reserve((v), (v)->len + 1), memset(&(v)->items[(v)->len], 0, sizeof *(v)->items),      \
     &(v)->items[(v)->len++])
#define gf_vec_pop(v) ((v)->items[--(v)->len])
#define gf_vec_last(v) ((v)->items[(v)->len - 1])
#define gf_vec_clear(v) ((v)->len = 0)
/* Frees the array (not what the elements point to) and re-initialises. */
#define gf_vec_release(v)                                                                          \
    do {                                                                                           \
        gf_free((v)->items);                                                                       \
        (v)->items = NULL;                                                                         \
        (v)->len = (v)->cap = 0;                                                                   \
    } while (0)

#endif
