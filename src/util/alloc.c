/* alloc: allocation hooks shared by graft and the tree-sitter runtime. */
#include "util/alloc.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

/* ---- the tree-sitter region (gf_region_*) ----
 *
 * One per thread, made on first use: a reserved span of address space that
 * the kernel backs with pages as they are touched. While the thread is
 * inside gf_region_enter/leave, tree-sitter allocations are bumped off it
 * (8-byte header holding the size, 8-byte alignment) and their frees are
 * no-ops; everything is released at once when the last tree held in it is
 * dropped. What does not fit spills to malloc (the region then remembers to
 * free trees the slow way). Frees of region memory are recognised by address
 * whatever the state, so tree-sitter code that frees outside the enter/leave
 * span stays correct.
 */

#if defined(__SANITIZE_ADDRESS__)
#define GF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GF_ASAN 1
#endif
#endif
#ifdef GF_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

enum {
    REGION_HEAD = 8,
    REGION_KEEP = 32 << 20, /* resident bytes kept for the next unit of work */
};
#define REGION_SPAN ((size_t)4 << 30) /* address space reserved per thread */

typedef struct region {
    char *base, *cur, *end;
    char *high; /* the most touched since pages were last given back */
    char *top;  /* the most ever touched (poisoned under ASan) */
    int entered;
    long live;    /* trees held */
    bool spilled; /* some allocation of the live trees went to malloc */
} region;

static _Thread_local region *tl_region;
static _Thread_local size_t tl_limit = REGION_SPAN; /* gf_region_set_limit */
static pthread_key_t region_key;
static pthread_once_t region_once = PTHREAD_ONCE_INIT;
static bool region_key_ok;

static void region_unmap(void *v)
{
    region *r = v;
    if (!r)
        return;
    char *top = r->cur > r->top ? r->cur : r->top;
    UNPOISON(r->base, (size_t)(top - r->base));
    munmap(r->base, REGION_SPAN);
    free(r);
}

static void *ts_malloc_hook(size_t n);
static void *ts_calloc_hook(size_t count, size_t size);
static void *ts_realloc_hook(void *p, size_t n);
static void ts_free_hook(void *p);

static void region_key_init(void)
{
    region_key_ok = pthread_key_create(&region_key, region_unmap) == 0;
    /* For programs that never call gf_set_alloc_hooks; the hooks fall back
     * to malloc's family outside regions, so earlier objects stay good. */
    ts_set_allocator(ts_malloc_hook, ts_calloc_hook, ts_realloc_hook, ts_free_hook);
}

static inline bool region_holds(const region *r, const void *p)
{
    return r && (uintptr_t)p - (uintptr_t)r->base < REGION_SPAN;
}

static inline size_t region_size_of(const void *p)
{
    size_t n;
    memcpy(&n, (const char *)p - REGION_HEAD, sizeof n);
    return n;
}

/* Bytes an allocation of n takes after its header. */
static inline size_t region_round(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static void *region_alloc(region *r, size_t n)
{
    size_t need = REGION_HEAD + region_round(n);
    if (n > REGION_SPAN || need > (size_t)(r->end - r->cur)) {
        r->spilled = true;
        return gf_malloc(n);
    }
    char *p = r->cur;
    r->cur += need;
    UNPOISON(p, REGION_HEAD + n);
    memcpy(p, &n, sizeof n);
    return p + REGION_HEAD;
}

static void *ts_malloc_hook(size_t n)
{
    region *r = tl_region;
    return r && r->entered ? region_alloc(r, n) : gf_malloc(n);
}

static void *ts_calloc_hook(size_t count, size_t size)
{
    region *r = tl_region;
    if (!r || !r->entered)
        return gf_calloc(count, size);
    size_t n = gf_mul_size(count, size);
    void *p = region_alloc(r, n);
    memset(p, 0, n);
    return p;
}

static void *ts_realloc_hook(void *p, size_t n)
{
    region *r = tl_region;
    if (!region_holds(r, p))
        return p || !r || !r->entered ? gf_realloc(p, n) : region_alloc(r, n);
    size_t old = region_size_of(p);
    char *q = p;
    /* The newest allocation grows in place. */
    size_t have = region_round(old), need = region_round(n);
    if (r->entered && n <= REGION_SPAN && q + have == r->cur && need <= (size_t)(r->end - q)) {
        r->cur = q + need;
        UNPOISON(q - REGION_HEAD, REGION_HEAD + n);
        memcpy(q - REGION_HEAD, &n, sizeof n);
        return q;
    }
    void *fresh;
    if (r->entered) {
        fresh = region_alloc(r, n);
    } else {
        fresh = gf_malloc(n);
        r->spilled = true; /* a region object now holds malloc'd memory */
    }
    memcpy(fresh, p, old < n ? old : n);
    return fresh;
}

static void ts_free_hook(void *p)
{
    region *r = tl_region;
    if (!region_holds(r, p))
        gf_free(p);
}

bool gf_region_enter(void)
{
    region *r = tl_region;
    if (!r) {
        pthread_once(&region_once, region_key_init);
        if (!region_key_ok)
            return false;
        void *base = mmap(NULL, REGION_SPAN, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (base == MAP_FAILED)
            return false;
        r = malloc(sizeof *r);
        if (!r || pthread_setspecific(region_key, r) != 0) {
            free(r);
            munmap(base, REGION_SPAN);
            return false;
        }
        *r = (region){.base = base, .cur = base, .end = (char *)base + tl_limit};
        r->high = r->top = base;
        tl_region = r;
    }
    r->entered++;
    return true;
}

void gf_region_leave(void)
{
    tl_region->entered--;
}

void gf_region_hold(void)
{
    tl_region->live++;
}

bool gf_region_holds(const void *p)
{
    return region_holds(tl_region, p);
}

bool gf_region_spilled(void)
{
    return tl_region && tl_region->spilled;
}

void gf_region_drop(void)
{
    region *r = tl_region;
    if (--r->live > 0 || r->entered)
        return;
    POISON(r->base, (size_t)(r->cur - r->base));
    if (r->cur > r->high)
        r->high = r->cur;
    if (r->cur > r->top)
        r->top = r->cur;
    r->cur = r->base;
    r->spilled = false;
    if (r->high > r->base + REGION_KEEP) {
        /* A big file: give back what it touched beyond what is kept. */
        madvise(r->base + REGION_KEEP, (size_t)(r->high - r->base) - REGION_KEEP, MADV_DONTNEED);
        r->high = r->base + REGION_KEEP;
    }
}

void gf_region_set_limit(size_t bytes)
{
    tl_limit = bytes < REGION_SPAN ? bytes : REGION_SPAN;
    region *r = tl_region;
    if (r)
        r->end = r->base + tl_limit < r->cur ? r->cur : r->base + tl_limit;
}

void gf_region_trim(void)
{
    region *r = tl_region;
    if (!r || r->live || r->entered)
        return;
    pthread_setspecific(region_key, NULL);
    tl_region = NULL;
    region_unmap(r);
}

/* Installed hooks apply to graft and to every tree-sitter object created later. */
void gf_set_alloc_hooks(const gf_alloc_hooks *h)
{
    hooks = h ? *h : (gf_alloc_hooks){malloc, realloc, free};
    ts_set_allocator(ts_malloc_hook, ts_calloc_hook, ts_realloc_hook, ts_free_hook);
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
