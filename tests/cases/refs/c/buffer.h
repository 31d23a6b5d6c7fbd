/* A growable byte buffer. */
#ifndef BUFFER_H
#define BUFFER_H

#include <stddef.h>

#define BUFFER_MIN 64

typedef struct buffer {
    char *data;
    size_t len, cap;
} buffer;

typedef void (*buffer_free_fn)(void *ptr);

struct buffer_ops {
    void *(*alloc)(size_t size);
    buffer_free_fn release;
};

extern const struct buffer_ops *buffer_default_ops;

void buffer_init(buffer *b);
int buffer_grow(buffer *b, size_t extra);
int buffer_append(buffer *b, const char *s, size_t n);
void buffer_release(buffer *b);

#endif
