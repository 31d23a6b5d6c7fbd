/* ringbuf.h: a fixed-size byte ring buffer with pluggable locking. */
#ifndef RINGBUF_H
#define RINGBUF_H

#include <stddef.h>
#include <stdint.h>

#define RB_VERSION "1.4.0"
#define RB_MIN_CAPACITY 16
/* Rounds n up to the next power of two (n > 0). */
#define RB_ROUND_UP(n) (1u << (32 - __builtin_clz((unsigned)(n) - 1)))

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes returned by every rb_* function. */
typedef enum rb_status {
    RB_OK = 0,
    RB_EMPTY,      /* nothing to read */
    RB_FULL,       /* no room to write */
    RB_EINVAL = -1 /* bad argument */
} rb_status;

typedef struct ringbuf ringbuf;
typedef uint32_t rb_size;
typedef void (*rb_lock_fn)(void *ctx);

/* Locking hooks; both NULL for a single-threaded buffer. */
struct rb_lock {
    rb_lock_fn lock;
    rb_lock_fn unlock;
    void *ctx;
};

/* A snapshot of the counters, for monitoring. */
typedef struct {
    uint64_t reads, writes;
    uint64_t bytes, overruns;
    struct {
        rb_size high_water;
        rb_size last_len;
    } level;
} rb_stats;

union rb_word {
    uint32_t u32;
    uint8_t bytes[4];
};

/* The allocator every buffer uses (malloc by default). */
extern void *(*rb_alloc)(size_t size);
extern const char *const rb_status_names[];

ringbuf *rb_new(rb_size capacity, const struct rb_lock *lock);
void rb_free(ringbuf *rb);

/* Writes up to len bytes; returns the number written. */
size_t rb_write(ringbuf *rb, const void *src, size_t len);
size_t rb_read(ringbuf *rb, void *dst, size_t len);
rb_status rb_peek(const ringbuf *rb, uint8_t *out);
int rb_stats_get(const ringbuf *rb, rb_stats *out), rb_reset(ringbuf *rb);
const char **rb_describe(const ringbuf *rb);

#ifdef __cplusplus
}
#endif

#endif /* RINGBUF_H */
