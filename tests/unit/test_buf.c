/* test_buf: the growable byte buffer (invariants, growth, limits, ownership). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "graft/graft.h"
#include "util/alloc.h"
#include "util/buf.h"

/* ptr is never NULL and ptr[len] is always NUL. */
static void assert_invariant(const gf_buf *b)
{
    assert_non_null(b->ptr);
    assert_int_equal(b->ptr[b->len], '\0');
    if (b->cap)
        assert_true(b->len < b->cap);
    else
        assert_true(b->ptr == gf_buf_empty_ && b->len == 0);
    assert_int_equal(gf_buf_empty_[0], '\0');
}

static void test_init_empty_string(void **state)
{
    (void)state;
    gf_buf a = GF_BUF_INIT;
    assert_invariant(&a);
    assert_string_equal(a.ptr, "");
    assert_int_equal(a.cap, 0);
    assert_int_equal(a.limit, 0);

    gf_buf b;
    gf_buf_init(&b, 0);
    assert_invariant(&b);
    assert_int_equal(b.cap, 0);

    gf_buf c;
    gf_buf_init(&c, 100);
    assert_invariant(&c);
    assert_int_equal(c.len, 0);
    assert_true(c.cap >= 101);
    assert_string_equal(c.ptr, "");
    gf_buf_release(&c);
    assert_invariant(&c);
}

static void test_add_addc_adds(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    assert_int_equal(gf_buf_adds(&b, "hello"), 0);
    assert_int_equal(gf_buf_addc(&b, ','), 0);
    assert_int_equal(gf_buf_add(&b, " world!!", 6), 0);
    assert_int_equal(gf_buf_add(&b, "ignored", 0), 0);
    assert_int_equal(gf_buf_adds(&b, ""), 0);
    assert_string_equal(b.ptr, "hello, world");
    assert_int_equal(b.len, 12);
    assert_invariant(&b);

    /* Binary data: embedded NUL bytes count towards len. */
    assert_int_equal(gf_buf_add(&b, "a\0b", 3), 0);
    assert_int_equal(b.len, 15);
    assert_memory_equal(b.ptr + 12, "a\0b", 4);
    assert_invariant(&b);
    gf_buf_release(&b);
}

static void test_growth_keeps_content(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    const size_t n = 1000000;
    for (size_t k = 0; k < n; k++)
        assert_int_equal(gf_buf_addc(&b, (char)('a' + k % 26)), 0);
    assert_int_equal(b.len, n);
    assert_invariant(&b);
    for (size_t k = 0; k < n; k++)
        assert_int_equal(b.ptr[k], 'a' + k % 26);
    gf_buf_release(&b);
}

static int call_vprintf(gf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int call_vprintf(gf_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gf_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

static void test_printf(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    assert_int_equal(gf_buf_printf(&b, "%d-%s-%zu", -5, "x", (size_t)7), 0);
    assert_string_equal(b.ptr, "-5-x-7");
    assert_int_equal(call_vprintf(&b, "[%c]", 'q'), 0);
    assert_string_equal(b.ptr, "-5-x-7[q]");
    assert_int_equal(gf_buf_printf(&b, "%s", ""), 0);
    assert_int_equal(b.len, 9);
    assert_invariant(&b);
    gf_buf_release(&b);
}

/* Outputs around and far beyond the 256-byte scratch buffer in vprintf. */
static void test_printf_long(void **state)
{
    (void)state;
    char big[5001];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    static const size_t sizes[] = {254, 255, 256, 257, 1000, 5000};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        gf_buf b = GF_BUF_INIT;
        gf_buf_adds(&b, "pre:");
        assert_int_equal(gf_buf_printf(&b, "%.*s|%d", (int)n, big, 42), 0);
        assert_int_equal(b.len, 4 + n + 3);
        assert_memory_equal(b.ptr, "pre:", 4);
        assert_memory_equal(b.ptr + 4, big, n);
        assert_string_equal(b.ptr + 4 + n, "|42");
        assert_invariant(&b);
        gf_buf_release(&b);
    }
}

static void assert_unchanged(const gf_buf *b, const gf_buf *before, const char *content)
{
    assert_ptr_equal(b->ptr, before->ptr);
    assert_int_equal(b->len, before->len);
    assert_int_equal(b->cap, before->cap);
    assert_int_equal(b->limit, before->limit);
    assert_string_equal(b->ptr, content);
    assert_invariant(b);
}

static void test_limit(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    b.limit = 10;
    assert_int_equal(gf_buf_adds(&b, "0123456"), 0);
    assert_int_equal(gf_buf_adds(&b, "789"), 0); /* exactly at the limit */
    assert_int_equal(gf_buf_add(&b, "", 0), 0);
    gf_buf before = b;

    assert_int_equal(gf_buf_addc(&b, 'x'), GF_ETOOBIG);
    assert_unchanged(&b, &before, "0123456789");
    assert_int_equal(gf_buf_adds(&b, "xyz"), GF_ETOOBIG);
    assert_unchanged(&b, &before, "0123456789");
    assert_int_equal(gf_buf_printf(&b, "%d", 1), GF_ETOOBIG);
    assert_unchanged(&b, &before, "0123456789");
    assert_int_equal(gf_buf_grow(&b, 1), GF_ETOOBIG);
    assert_unchanged(&b, &before, "0123456789");
    assert_int_equal(gf_buf_grow(&b, 0), 0);

    /* The long printf path (output > 256 bytes) honours the limit too. */
    gf_buf c = GF_BUF_INIT;
    c.limit = 300;
    gf_buf_adds(&c, "abc");
    before = c;
    assert_int_equal(gf_buf_printf(&c, "%400s", "y"), GF_ETOOBIG);
    assert_unchanged(&c, &before, "abc");
    assert_int_equal(gf_buf_printf(&c, "%297s", "y"), 0);
    assert_int_equal(c.len, 300);

    gf_buf_release(&b);
    gf_buf_release(&c);
}

static void test_grow_overflow(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    gf_buf_adds(&b, "abc");
    gf_buf before = b;
    assert_int_equal(gf_buf_grow(&b, SIZE_MAX), GF_ETOOBIG);
    assert_int_equal(gf_buf_grow(&b, SIZE_MAX - 3), GF_ETOOBIG);
    assert_unchanged(&b, &before, "abc");
    gf_buf_release(&b);
}

static void test_clear(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    gf_buf_clear(&b); /* must not write to the shared empty string */
    assert_invariant(&b);
    gf_buf_adds(&b, "some text");
    char *ptr = b.ptr;
    size_t cap = b.cap;
    gf_buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.ptr, "");
    assert_ptr_equal(b.ptr, ptr);
    assert_int_equal(b.cap, cap);
    gf_buf_adds(&b, "x");
    assert_string_equal(b.ptr, "x");
    gf_buf_release(&b);
}

static void test_detach(void **state)
{
    (void)state;
    /* Empty, never allocated: still returns memory the caller frees. */
    gf_buf b = GF_BUF_INIT;
    b.limit = 50;
    size_t len = 99;
    char *p = gf_buf_detach(&b, &len);
    assert_non_null(p);
    assert_true(p != gf_buf_empty_);
    assert_int_equal(len, 0);
    assert_string_equal(p, "");
    gf_free(p);
    assert_invariant(&b);
    assert_int_equal(b.limit, 50);

    /* Non-empty: ownership moves, the buffer is reset but keeps its limit. */
    gf_buf_adds(&b, "payload");
    p = gf_buf_detach(&b, &len);
    assert_int_equal(len, 7);
    assert_string_equal(p, "payload");
    assert_invariant(&b);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.limit, 50);
    gf_buf_adds(&b, "again");
    assert_string_equal(p, "payload");
    gf_free(p);

    /* Allocated but emptied; len may be NULL. */
    gf_buf_clear(&b);
    p = gf_buf_detach(&b, NULL);
    assert_string_equal(p, "");
    gf_free(p);
    assert_invariant(&b);
}

static void test_release_keeps_limit(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    b.limit = 4;
    gf_buf_adds(&b, "abcd");
    gf_buf_release(&b);
    assert_invariant(&b);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.limit, 4);
    assert_int_equal(gf_buf_adds(&b, "abcde"), GF_ETOOBIG);
    assert_int_equal(gf_buf_adds(&b, "abcd"), 0);
    gf_buf_release(&b);
    gf_buf_release(&b); /* releasing twice is harmless */
    assert_invariant(&b);
}

static void test_setlen(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    gf_buf_setlen(&b, 0); /* no allocation, nothing written */
    assert_invariant(&b);
    assert_int_equal(b.cap, 0);

    gf_buf_adds(&b, "hello world");
    gf_buf_setlen(&b, 5);
    assert_int_equal(b.len, 5);
    assert_string_equal(b.ptr, "hello");
    assert_invariant(&b);

    /* Write into reserved room directly, then publish it with setlen. */
    assert_int_equal(gf_buf_grow(&b, 300), 0);
    memset(b.ptr + b.len, '!', 300);
    gf_buf_setlen(&b, b.len + 300);
    assert_int_equal(b.len, 305);
    assert_memory_equal(b.ptr, "hello!!!", 8);
    assert_int_equal(b.ptr[304], '!');
    assert_invariant(&b);

    gf_buf_setlen(&b, 0);
    assert_string_equal(b.ptr, "");
    gf_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_empty_string),
        cmocka_unit_test(test_add_addc_adds),
        cmocka_unit_test(test_growth_keeps_content),
        cmocka_unit_test(test_printf),
        cmocka_unit_test(test_printf_long),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_grow_overflow),
        cmocka_unit_test(test_clear),
        cmocka_unit_test(test_detach),
        cmocka_unit_test(test_release_keeps_limit),
        cmocka_unit_test(test_setlen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
