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

/*
 * The calling thread's tree-sitter region (see gf_parser_new_batch): between
 * enter and leave, tree-sitter's allocations on this thread are bumped off
 * the region and its frees are no-ops. hold/drop count the trees living in
 * it; when the count falls to zero outside enter/leave, the region is reset
 * in one step. enter returns false (and changes nothing) when no region can
 * be had; then leave must not be called. holds tells whether p lies in this
 * thread's region; spilled, whether an allocation since the last reset did
 * not fit and came from malloc (its trees must then be freed the slow way).
 * trim unmaps the thread's region when it holds nothing.
 */
bool gf_region_enter(void);
void gf_region_leave(void);
void gf_region_hold(void);
void gf_region_drop(void);
bool gf_region_holds(const void *p);
bool gf_region_spilled(void);
void gf_region_trim(void);
/* For tests: the bytes this thread's region may hand out before spilling. */
void gf_region_set_limit(size_t bytes);
long long gf_alloc_thread_bytes(void);

#endif
