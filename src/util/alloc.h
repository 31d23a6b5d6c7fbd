/* alloc: the one set of allocation functions; abort on out-of-memory. */
#ifndef GF_UTIL_ALLOC_H
#define GF_UTIL_ALLOC_H

#include "graft/core.h"

/* Each returns memory the caller frees with gf_free; never NULL. */
void *gf_malloc(size_t n);
void *gf_calloc(size_t count, size_t size);
void *gf_realloc(void *p, size_t n);
void gf_free(void *p);
char *gf_strdup(const char *s);
/* Copies at most n bytes of s, stopping at a NUL (as POSIX strndup). */
char *gf_strndup(const char *s, size_t n);
void *gf_memdup(const void *p, size_t n);

/* Multiplies with overflow check; aborts on overflow like an allocation failure. */
size_t gf_mul_size(size_t a, size_t b);

/*
 * Counts, per thread, the bytes graft and tree-sitter allocate through these
 * functions (malloc's usable sizes, less what the thread frees): a caller
 * reads gf_alloc_thread_bytes before and after building something to learn
 * what it holds (the server's cache measures its trees so). Installs
 * allocation hooks over libc malloc; memory allocated before is freed
 * correctly (its free only miscounts, in the freeing thread's total).
 */
void gf_alloc_count(void);
long long gf_alloc_thread_bytes(void);

#endif
