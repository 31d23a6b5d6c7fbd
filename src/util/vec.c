/* vec: growth helper behind the GF_VEC macros. */
#include "util/vec.h"

void gf_vec_reserve_(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n = n > SIZE_MAX / 4 ? need : n * 2;
    *items = gf_realloc(*items, gf_mul_size(n, elem));
    *cap = n;
}
