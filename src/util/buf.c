/* buf: growable byte buffer with a hard cap for untrusted input. */
#include "util/buf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graft/core.h"
#include "util/alloc.h"

char gf_buf_empty_[1];

void gf_buf_init(gf_buf *b, size_t hint)
{
    b->ptr = gf_buf_empty_;
    b->len = b->cap = b->limit = 0;
    if (hint)
        gf_buf_grow(b, hint);
}

void gf_buf_release(gf_buf *b)
{
    size_t limit = b->limit;
    if (b->cap)
        gf_free(b->ptr);
    gf_buf_init(b, 0);
    b->limit = limit;
}

void gf_buf_clear(gf_buf *b)
{
    b->len = 0;
    if (b->cap)
        b->ptr[0] = '\0';
}

int gf_buf_grow(gf_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return GF_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (b->limit && b->len + extra > b->limit)
        return GF_ETOOBIG;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (b->cap) {
        b->ptr = gf_realloc(b->ptr, cap);
    } else {
        b->ptr = gf_malloc(cap);
        b->ptr[0] = '\0';
    }
    b->cap = cap;
    return 0;
}

int gf_buf_add(gf_buf *b, const void *data, size_t n)
{
    /* data may point into b itself; growing would move it. */
    const char *d = data;
    bool inside = b->cap && d >= b->ptr && d < b->ptr + b->cap;
    size_t at = inside ? (size_t)(d - b->ptr) : 0;
    int rc = gf_buf_grow(b, n);
    if (rc)
        return rc;
    if (inside)
        data = b->ptr + at;
    if (n)
        memcpy(b->ptr + b->len, data, n);
    gf_buf_setlen(b, b->len + n);
    return 0;
}

int gf_buf_addc(gf_buf *b, char c)
{
    /* the common case, room for c and the NUL under the limit, in place */
    if (b->len + 2 > b->cap || (b->limit && b->len >= b->limit))
        return gf_buf_add(b, &c, 1);
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
    return 0;
}

int gf_buf_adds(gf_buf *b, const char *s)
{
    return gf_buf_add(b, s, strlen(s));
}

int gf_buf_vprintf(gf_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, cp);
    va_end(cp);
    if (n < 0)
        return GF_EINVAL;
    if ((size_t)n < sizeof small)
        return gf_buf_add(b, small, (size_t)n);
    /* Format into a separate block: arguments may point into b. */
    char *big = gf_malloc((size_t)n + 1);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    int rc = gf_buf_add(b, big, (size_t)n);
    gf_free(big);
    return rc;
}

int gf_buf_printf(gf_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gf_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void gf_buf_setlen(gf_buf *b, size_t len)
{
    if (!b->cap) {
        if (len == 0)
            return;
        if (gf_buf_grow(b, len) != 0)
            abort(); /* contract: len fits the room reserved by gf_buf_grow */
    }
    b->len = len;
    b->ptr[len] = '\0';
}

char *gf_buf_detach(gf_buf *b, size_t *len)
{
    if (!b->cap)
        gf_buf_grow(b, 0);
    char *p = b->ptr;
    if (len)
        *len = b->len;
    size_t limit = b->limit;
    gf_buf_init(b, 0);
    b->limit = limit;
    return p;
}
