/* alloc: allocation hooks shared by graft and the tree-sitter runtime. */
#include "util/alloc.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

static gf_alloc_hooks hooks = {malloc, realloc, free};

/* ---- counting (gf_alloc_count) ---- */

static _Thread_local long long thread_bytes;

static void *count_malloc(size_t n)
{
    void *p = malloc(n);
    if (p)
        thread_bytes += (long long)malloc_usable_size(p);
    return p;
}

static void *count_realloc(void *p, size_t n)
{
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = realloc(p, n);
    if (q)
        thread_bytes += (long long)malloc_usable_size(q) - (long long)old;
    return q;
}

static void count_free(void *p)
{
    if (p)
        thread_bytes -= (long long)malloc_usable_size(p);
    free(p);
}

void gf_alloc_count(void)
{
    gf_alloc_hooks h = {count_malloc, count_realloc, count_free};
    gf_set_alloc_hooks(&h);
}

long long gf_alloc_thread_bytes(void)
{
    return thread_bytes;
}

static _Noreturn void oom(size_t n)
{
    fprintf(stderr, "graft: out of memory (allocating %zu bytes)\n", n);
    abort();
}

static void *ts_calloc_hook(size_t count, size_t size)
{
    return gf_calloc(count, size);
}

/* Installed hooks apply to graft and to every tree-sitter object created later. */
void gf_set_alloc_hooks(const gf_alloc_hooks *h)
{
    hooks = h ? *h : (gf_alloc_hooks){malloc, realloc, free};
    ts_set_allocator(gf_malloc, ts_calloc_hook, gf_realloc, gf_free);
}

void *gf_malloc(size_t n)
{
    void *p = hooks.malloc_fn(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

size_t gf_mul_size(size_t a, size_t b)
{
    if (b && a > SIZE_MAX / b)
        oom(SIZE_MAX);
    return a * b;
}

void *gf_calloc(size_t count, size_t size)
{
    size_t n = gf_mul_size(count, size);
    void *p = gf_malloc(n);
    memset(p, 0, n ? n : 1);
    return p;
}

void *gf_realloc(void *p, size_t n)
{
    void *q = hooks.realloc_fn(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

void gf_free(void *p)
{
    if (p)
        hooks.free_fn(p);
}

void *gf_memdup(const void *p, size_t n)
{
    if (n == SIZE_MAX)
        oom(n);
    char *q = gf_malloc(n + 1);
    if (n)
        memcpy(q, p, n);
    q[n] = '\0';
    return q;
}

char *gf_strndup(const char *s, size_t n)
{
    return gf_memdup(s, strnlen(s, n));
}

char *gf_strdup(const char *s)
{
    return gf_memdup(s, strlen(s));
}
