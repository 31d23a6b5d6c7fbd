/* ringbuf.c: the ring buffer behind ringbuf.h. */
#include "ringbuf.h"

#include <stdlib.h>
#include <string.h>

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define LOCKED(rb, stmt)                                                     \
    do {                                                                     \
        if ((rb)->lock.lock)                                                 \
            (rb)->lock.lock((rb)->lock.ctx);                                 \
        stmt;                                                                \
        if ((rb)->lock.unlock)                                               \
            (rb)->lock.unlock((rb)->lock.ctx);                               \
    } while (0)

struct ringbuf {
    uint8_t *data;
    rb_size cap, head, tail;
    struct rb_lock lock;
    rb_stats stats;
    union {
        uint32_t flags;
        struct {
            unsigned overwrite : 1;
            unsigned zeroed : 1;
        } bits;
    };
};

static size_t used(const ringbuf *rb);
static size_t copy_out(const ringbuf *rb, void *dst, size_t len);

void *(*rb_alloc)(size_t size) = malloc;
const char *const rb_status_names[] = {"ok", "empty", "full", "invalid"};
static struct counters {
    unsigned created, freed;
} counters, *counters_p = &counters;
static int debug_level;

ringbuf *rb_new(rb_size capacity, const struct rb_lock *lock)
{
    if (capacity < RB_MIN_CAPACITY)
        capacity = RB_MIN_CAPACITY;
    capacity = RB_ROUND_UP(capacity);
    ringbuf *rb = rb_alloc(sizeof *rb);
    if (!rb)
        return NULL;
    memset(rb, 0, sizeof *rb);
    rb->data = rb_alloc(capacity);
    rb->cap = capacity;
    if (lock)
        rb->lock = *lock;
    counters.created++;
    return rb;
}

void rb_free(ringbuf *rb)
{
    if (!rb)
        return;
    free(rb->data);
    free(rb);
    counters_p->freed++;
}

/* Bytes between tail and head; the mask keeps it in range. */
static size_t used(const ringbuf *rb)
{
    return (rb->head - rb->tail) & (rb->cap - 1);
}

size_t rb_write(ringbuf *rb, const void *src, size_t len)
{
    size_t n = 0;
    LOCKED(rb, {
        n = MIN(len, rb->cap - 1 - used(rb));
        for (size_t i = 0; i < n; i++)
            rb->data[(rb->head + i) & (rb->cap - 1)] = ((const uint8_t *)src)[i];
        rb->head += n;
        rb->stats.writes++;
    });
    return n;
}

static size_t copy_out(const ringbuf *rb, void *dst, size_t len)
{
    uint8_t *out = dst;
    size_t n = MIN(len, used(rb));
    for (size_t i = 0; i < n; i++)
        out[i] = rb->data[(rb->tail + i) & (rb->cap - 1)];
    return n;
}

size_t rb_read(ringbuf *rb, void *dst, size_t len)
{
    size_t n;
    LOCKED(rb, n = copy_out(rb, dst, len); rb->tail += n);
    return n;
}

const char **rb_describe(const ringbuf *rb)
{
    static const char *lines[4];
    int level = debug_level;
    lines[0] = rb_status_names[used(rb) ? RB_OK : RB_EMPTY];
    lines[1] = level > 1 ? "verbose" : NULL;
    return lines;
}
