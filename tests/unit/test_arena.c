/* test_arena: the bump allocator (alignment, large blocks, clear, release). */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/vec.h"

#define ALIGN alignof(max_align_t)

typedef struct block {
    unsigned char *p;
    size_t n;
    unsigned char fill;
} block;
typedef GF_VEC(block) block_vec;

static void assert_aligned(const void *p)
{
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % ALIGN, 0);
}

/* Allocates and fills a block; check_blocks later proves nothing overlapped. */
static void *alloc_fill(gf_arena *a, block_vec *v, size_t n)
{
    unsigned char *p = gf_arena_alloc(a, n);
    assert_aligned(p);
    unsigned char fill = (unsigned char)(v->len * 37 + 1);
    memset(p, fill, n);
    gf_vec_push(v, ((block){p, n, fill}));
    return p;
}

static void check_blocks(const block_vec *v)
{
    for (size_t k = 0; k < v->len; k++)
        for (size_t i = 0; i < v->items[k].n; i++)
            assert_int_equal(v->items[k].p[i], v->items[k].fill);
}

static void test_many_small_aligned(void **state)
{
    (void)state;
    gf_arena a;
    gf_arena_init(&a, 4096);
    block_vec v = GF_VEC_INIT;
    size_t total = 0;
    for (size_t k = 0; k < 20000; k++) {
        size_t n = 1 + k % 64;
        alloc_fill(&a, &v, n);
        total += n;
    }
    check_blocks(&v);
    assert_int_equal(a.total, total);
    gf_vec_release(&v);
    gf_arena_release(&a);
}

/* An odd chunk size must not break alignment or bounds. */
static void test_odd_chunk_size(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 17, 1000};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        gf_arena a;
        gf_arena_init(&a, sizes[s]);
        block_vec v = GF_VEC_INIT;
        for (size_t k = 0; k < 2000; k++)
            alloc_fill(&a, &v, k % 300);
        check_blocks(&v);
        gf_vec_release(&v);
        gf_arena_release(&a);
    }
}

static void test_zero_size(void **state)
{
    (void)state;
    gf_arena a;
    gf_arena_init(&a, 1024);
    void *p = gf_arena_alloc(&a, 0);
    void *q = gf_arena_alloc(&a, 0);
    assert_aligned(p);
    assert_aligned(q);
    assert_ptr_not_equal(p, q);
    gf_arena_release(&a);
}

static void test_large_block(void **state)
{
    (void)state;
    gf_arena a;
    gf_arena_init(&a, 1024);
    block_vec v = GF_VEC_INIT;

    /* A large block as the very first allocation. */
    alloc_fill(&a, &v, 5000);
    unsigned char *p1 = alloc_fill(&a, &v, 1);
    alloc_fill(&a, &v, 100000);
    unsigned char *p2 = alloc_fill(&a, &v, 1);
    /* The large block got its own chunk: the small chunk keeps serving. */
    assert_ptr_equal(p2, p1 + ALIGN);
    for (size_t k = 0; k < 100; k++)
        alloc_fill(&a, &v, k % 2 ? 2000 : 24);
    check_blocks(&v);
    assert_int_equal(a.total, 5000 + 1 + 100000 + 1 + 50 * 2000 + 50 * 24);
    gf_vec_release(&v);
    gf_arena_release(&a);
}

static void test_calloc_zeroed(void **state)
{
    (void)state;
    gf_arena a;
    gf_arena_init(&a, 1024);
    unsigned char *p = gf_arena_alloc(&a, 200);
    memset(p, 0xAB, 200);
    gf_arena_clear(&a);
    /* Reused memory still comes back zeroed. */
    unsigned char *q = gf_arena_calloc(&a, 200);
    unsigned char *big = gf_arena_calloc(&a, 5000);
    assert_aligned(q);
    assert_aligned(big);
    for (size_t k = 0; k < 200; k++)
        assert_int_equal(q[k], 0);
    for (size_t k = 0; k < 5000; k++)
        assert_int_equal(big[k], 0);
    gf_arena_release(&a);
}

static void test_strndup(void **state)
{
    (void)state;
    gf_arena a;
    gf_arena_init(&a, 256);
    const char *src = "hello world";
    char *h = gf_arena_strndup(&a, src, 5);
    assert_string_equal(h, "hello");
    assert_ptr_not_equal(h, src);
    assert_string_equal(gf_arena_strndup(&a, src, 0), "");
    char *nul = gf_arena_strndup(&a, "a\0b", 3);
    assert_memory_equal(nul, "a\0b", 4);
    assert_string_equal(gf_arena_strdup(&a, src), src);
    assert_string_equal(gf_arena_strdup(&a, ""), "");

    char long_src[3000];
    memset(long_src, 'z', sizeof long_src - 1);
    long_src[sizeof long_src - 1] = '\0';
    char *l = gf_arena_strdup(&a, long_src); /* larger than a chunk */
    assert_string_equal(l, long_src);
    assert_string_equal(h, "hello");
    gf_arena_release(&a);
}

static void test_clear_reuse(void **state)
{
    (void)state;
    gf_arena a;
    gf_arena_init(&a, 2048);
    for (int round = 0; round < 5; round++) {
        block_vec v = GF_VEC_INIT;
        for (size_t k = 0; k < 3000; k++)
            alloc_fill(&a, &v, k % 50 == 0 ? 4000 : k % 100);
        check_blocks(&v);
        gf_vec_release(&v);
        gf_arena_clear(&a);
        assert_int_equal(a.total, 0);
        assert_non_null(a.head); /* one chunk is kept for the next unit */
        assert_int_equal(a.chunk_size, 2048);
    }
    gf_arena_release(&a);
}

static void test_release(void **state)
{
    (void)state;
    gf_arena a = GF_ARENA_INIT;
    gf_arena_clear(&a);   /* nothing allocated yet */
    gf_arena_release(&a); /* likewise */
    /* A zero-initialised arena picks the default chunk size on first use. */
    assert_aligned(gf_arena_alloc(&a, 10));
    assert_true(a.chunk_size > 0);
    gf_arena_alloc(&a, 1000000);
    gf_arena_release(&a);
    assert_null(a.head);
    assert_int_equal(a.total, 0);
    /* Usable after release, and releasing twice is harmless. */
    char *s = gf_arena_strdup(&a, "again");
    assert_string_equal(s, "again");
    gf_arena_release(&a);
    gf_arena_release(&a);
    assert_null(a.head);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_small_aligned), cmocka_unit_test(test_odd_chunk_size),
        cmocka_unit_test(test_zero_size),          cmocka_unit_test(test_large_block),
        cmocka_unit_test(test_calloc_zeroed),      cmocka_unit_test(test_strndup),
        cmocka_unit_test(test_clear_reuse),        cmocka_unit_test(test_release),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
