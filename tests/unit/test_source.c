/* Unit tests for Source: reading, binary detection, line index. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graft/source.h"

static void point(gf_source *s, size_t off, uint32_t el, uint32_t ec)
{
    uint32_t l, c;
    gf_source_point(s, off, &l, &c);
    assert_int_equal(l, el);
    assert_int_equal(c, ec);
}

static void test_points_lf_crlf_and_no_trailing_newline(void **state)
{
    gf_source s;
    gf_source_init_mem(&s, "x", "ab\ncd\r\nef", 9);
    assert_int_equal(gf_source_lines(&s), 3);
    point(&s, 0, 0, 0);
    point(&s, 2, 0, 2); /* the '\n' itself belongs to line 0 */
    point(&s, 3, 1, 0);
    point(&s, 5, 1, 2); /* '\r' is part of line 1 */
    point(&s, 7, 2, 0);
    point(&s, 9, 2, 2);  /* end of file */
    point(&s, 99, 2, 2); /* clamped */
    assert_int_equal(gf_source_offset(&s, 1, 1), 4);
    assert_int_equal(gf_source_offset(&s, 1, 99), 6); /* clamped before '\n' */
    assert_int_equal(gf_source_offset(&s, 7, 0), 9);
    gf_source_release(&s);
}

static void test_empty_and_trailing_newline(void **state)
{
    gf_source s;
    gf_source_init_mem(&s, "x", "", 0);
    assert_int_equal(gf_source_lines(&s), 1);
    point(&s, 0, 0, 0);
    gf_source_release(&s);
    gf_source_init_mem(&s, "x", "a\n", 2);
    assert_int_equal(gf_source_lines(&s), 2);
    point(&s, 2, 1, 0);
    gf_source_release(&s);
}

static void test_point_offset_roundtrip_large(void **state)
{
    size_t n = 200000;
    char *buf = malloc(n);
    for (size_t i = 0; i < n; i++)
        buf[i] = (i % 37 == 36) ? '\n' : 'a';
    gf_source s;
    gf_source_init_mem(&s, "x", buf, n);
    for (size_t off = 0; off <= n; off += 997) {
        uint32_t l, c;
        gf_source_point(&s, off, &l, &c);
        assert_int_equal(l, off / 37);
        assert_int_equal(gf_source_offset(&s, l, c), off);
    }
    gf_source_release(&s);
    free(buf);
}

static void test_binary_detection(void **state)
{
    char buf[GF_BINARY_PROBE + 10];
    memset(buf, 'a', sizeof buf);
    assert_false(gf_is_binary(buf, sizeof buf));
    buf[GF_BINARY_PROBE - 1] = '\0';
    assert_true(gf_is_binary(buf, sizeof buf));
    buf[GF_BINARY_PROBE - 1] = 'a';
    buf[GF_BINARY_PROBE] = '\0'; /* beyond the probe: not binary */
    assert_false(gf_is_binary(buf, sizeof buf));
}

static void test_read_errors(void **state)
{
    gf_source s;
    gf_error e;
    assert_int_equal(gf_source_read(&s, "/nonexistent/graft", 0, &e), GF_ENOENT);
    assert_string_equal(e.message, "'/nonexistent/graft': no such file or directory");
    assert_int_equal(gf_source_read(&s, "/tmp", 0, &e), GF_EISDIR);
    char path[] = "/tmp/graft-src-XXXXXX";
    int fd = mkstemp(path);
    assert_true(write(fd, "abc\0def", 7) == 7);
    close(fd);
    assert_int_equal(gf_source_read(&s, path, 0, &e), GF_EBINARY);
    assert_int_equal(gf_source_read(&s, path, 3, &e), GF_ETOOBIG);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_lf_crlf_and_no_trailing_newline),
        cmocka_unit_test(test_empty_and_trailing_newline),
        cmocka_unit_test(test_point_offset_roundtrip_large),
        cmocka_unit_test(test_binary_detection),
        cmocka_unit_test(test_read_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
