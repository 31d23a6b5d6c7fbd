/* buf: the one growable byte buffer (never NULL, always NUL-terminated). */
#ifndef GF_UTIL_BUF_H
#define GF_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * ptr always points at valid memory holding len bytes followed by a NUL,
 * even before the first allocation (it then points at a shared empty
 * string). limit, when non-zero, is a hard cap on len for untrusted input:
 * growing past it fails with GF_ETOOBIG and leaves the buffer unchanged.
 */
typedef struct gf_buf {
    char *ptr;
    size_t len;
    size_t cap; /* 0 while ptr is the shared empty string */
    size_t limit;
} gf_buf;

extern char gf_buf_empty_[1];
#define GF_BUF_INIT                                                                                \
    {                                                                                              \
        gf_buf_empty_, 0, 0, 0                                                                     \
    }

void gf_buf_init(gf_buf *b, size_t hint);
/* Frees the memory and re-initialises; the buffer stays usable. */
void gf_buf_release(gf_buf *b);
/* Empties the buffer, keeping its memory. */
void gf_buf_clear(gf_buf *b);
/* Ensures room for extra more bytes; 0 or GF_ETOOBIG (over limit). */
int gf_buf_grow(gf_buf *b, size_t extra);
int gf_buf_add(gf_buf *b, const void *data, size_t n);
int gf_buf_addc(gf_buf *b, char c);
int gf_buf_adds(gf_buf *b, const char *s);
int gf_buf_printf(gf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int gf_buf_vprintf(gf_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Sets len (must be <= len + available room) and writes the NUL. */
void gf_buf_setlen(gf_buf *b, size_t len);
/* Hands the memory to the caller (free with gf_free); the buffer is reset.
 * Always returns allocated memory, even for an empty buffer. */
char *gf_buf_detach(gf_buf *b, size_t *len);

#endif
