/* buffer: growth doubles the capacity, never below BUFFER_MIN. */
#include <stdlib.h>
#include <string.h>

#include "buffer.h"

static void *default_alloc(size_t size) { return malloc(size); }

static const struct buffer_ops ops = { .alloc = default_alloc, .release = free };
const struct buffer_ops *buffer_default_ops = &ops;

void buffer_init(buffer *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

int buffer_grow(buffer *b, size_t extra)
{
    if (b->len + extra <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : BUFFER_MIN;
    while (cap < b->len + extra)
        cap *= 2;
    char *data = buffer_default_ops->alloc(cap);
    if (!data)
        return -1;
    if (b->data) {
        memcpy(data, b->data, b->len);
        (*buffer_default_ops->release)(b->data);
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

int buffer_append(buffer *b, const char *s, size_t n)
{
    if (buffer_grow(b, n + 1) != 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

void buffer_release(buffer *b)
{
    buffer_default_ops->release(b->data);
    buffer_init(b);
}
