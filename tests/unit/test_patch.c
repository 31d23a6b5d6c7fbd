/* Unit tests for the patch module: parsing, placing hunks, reversing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "edit/patch.h"
#include "util/alloc.h"
#include "util/buf.h"

static void parse_ok(gf_patch *p, const char *text, int strip)
{
    gf_error e = {0};
    int rc = gf_patch_parse(p, text, strlen(text), strip, &e);
    if (rc)
        fail_msg("parse failed: %s", e.message);
}

/* Applies the only file patch of text to in; returns the result (gf_free)
 * and the number of failed hunks in *failed. */
static char *apply1(const char *patch, const char *in, int fuzz, size_t *failed,
                    gf_hunk_result *res)
{
    gf_patch p;
    parse_ok(&p, patch, 1);
    assert_int_equal(p.files.len, 1);
    gf_buf out = GF_BUF_INIT;
    gf_hunk_result local[8];
    *failed = gf_patch_apply_text(&p.files.items[0], in, strlen(in), fuzz, &out, res ? res : local);
    gf_patch_release(&p);
    return gf_buf_detach(&out, NULL);
}

static const char simple[] = "--- a/f\n+++ b/f\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n";

static void test_applies_at_its_line(void **state)
{
    size_t failed;
    gf_hunk_result r[1];
    char *out = apply1(simple, "a\nb\nc\nd\ne\n", 0, &failed, r);
    assert_int_equal(failed, 0);
    assert_string_equal(out, "a\nb\nC\nd\ne\n");
    assert_int_equal(r[0].where, 2);
    assert_int_equal(r[0].offset, 0);
    gf_free(out);
}

static void test_nearest_offset_either_way(void **state)
{
    size_t failed;
    gf_hunk_result r[1];
    /* the context at line 2 is gone; it is 1 line up... */
    char *out = apply1(simple, "b\nc\nd\nx\nx\nx\n", 0, &failed, r);
    assert_int_equal(failed, 0);
    assert_string_equal(out, "b\nC\nd\nx\nx\nx\n");
    assert_int_equal(r[0].offset, -1);
    gf_free(out);
    /* ... and 3 lines down, with another copy 4 lines up: nearest wins */
    out = apply1("--- a/f\n+++ b/f\n@@ -6,3 +6,3 @@\n b\n-c\n+C\n d\n",
                 "z\nb\nc\nd\nq\nq\nq\nq\nb\nc\nd\n", 0, &failed, r);
    assert_int_equal(failed, 0);
    assert_int_equal(r[0].offset, 3);
    assert_string_equal(out, "z\nb\nc\nd\nq\nq\nq\nq\nb\nC\nd\n");
    gf_free(out);
}

static void test_fuzz_only_when_asked(void **state)
{
    const char *patch = "--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+C\n d\n e\n";
    size_t failed;
    gf_hunk_result r[1];
    char *out = apply1(patch, "A\nb\nc\nd\ne\n", 0, &failed, r);
    assert_int_equal(failed, 1);
    assert_string_equal(out, "A\nb\nc\nd\ne\n");
    assert_int_equal(r[0].bad_line, 1);
    gf_free(out);
    out = apply1(patch, "A\nb\nc\nd\ne\n", 1, &failed, r);
    assert_int_equal(failed, 0);
    assert_int_equal(r[0].fuzz, 1);
    /* ignored context keeps the file's text */
    assert_string_equal(out, "A\nb\nC\nd\ne\n");
    gf_free(out);
}

static void test_hunk_at_top_is_anchored(void **state)
{
    /* no leading context, said to be at line 1: only the top will do */
    const char *patch = "--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n+new\n a\n b\n c\n";
    size_t failed;
    char *out = apply1(patch, "x\na\nb\nc\n", 0, &failed, NULL);
    assert_int_equal(failed, 1);
    gf_free(out);
    out = apply1(patch, "a\nb\nc\nd\n", 0, &failed, NULL);
    assert_int_equal(failed, 0);
    assert_string_equal(out, "new\na\nb\nc\nd\n");
    gf_free(out);
}

static void test_hunk_at_end_is_anchored(void **state)
{
    const char *patch = "--- a/f\n+++ b/f\n@@ -2,3 +2,4 @@\n a\n b\n c\n+end\n";
    size_t failed;
    char *out = apply1(patch, "q\na\nb\nc\nd\n", 0, &failed, NULL);
    assert_int_equal(failed, 1);
    gf_free(out);
    out = apply1(patch, "q\nq\na\nb\nc\n", 0, &failed, NULL);
    assert_int_equal(failed, 0);
    assert_string_equal(out, "q\nq\na\nb\nc\nend\n");
    gf_free(out);
}

static void test_crlf_file_lf_patch(void **state)
{
    size_t failed;
    char *out = apply1(simple, "a\r\nb\r\nc\r\nd\r\n", 0, &failed, NULL);
    assert_int_equal(failed, 0);
    assert_string_equal(out, "a\r\nb\r\nC\r\nd\r\n");
    gf_free(out);
    /* mixed endings: exact only */
    out = apply1(simple, "a\nb\r\nc\r\nd\n", 0, &failed, NULL);
    assert_int_equal(failed, 1);
    gf_free(out);
}

static void test_no_newline_markers(void **state)
{
    const char *patch = "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n"
                        "+y\n";
    gf_patch p;
    parse_ok(&p, patch, 1);
    const gf_filepatch *fp = &p.files.items[0];
    assert_int_equal(fp->lines.len, 3);
    assert_true(fp->lines.items[1].no_eol);
    assert_int_equal(fp->lines.items[1].len, 1);
    gf_buf out = GF_BUF_INIT;
    gf_hunk_result r[1];
    assert_int_equal(gf_patch_apply_text(fp, "x\ny", 3, 0, &out, r), 0);
    assert_string_equal(out.ptr, "x\ny\n");
    gf_buf_clear(&out);
    /* the file has the newline the patch says is missing */
    assert_int_equal(gf_patch_apply_text(fp, "x\ny\n", 4, 0, &out, r), 1);
    gf_buf_release(&out);
    gf_patch_release(&p);
}

static void test_git_headers(void **state)
{
    const char *text = "From 123 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n---\n"
                       " a | 1 +\n\n"
                       "diff --git a/old name.txt b/new name.txt\n"
                       "similarity index 90%\nrename from old name.txt\nrename to new name.txt\n"
                       "index 1..2 100644\n--- a/old name.txt\n+++ b/new name.txt\n"
                       "@@ -1 +1 @@\n-a\n+b\n"
                       "diff --git \"a/t\\303\\251\\\"x\" \"b/t\\303\\251\\\"x\"\n"
                       "old mode 100644\nnew mode 100755\n"
                       "diff --git a/n b/n\nnew file mode 100755\nindex 0..1\n"
                       "diff --git a/bin b/bin\nindex 1..2 100644\nGIT binary patch\nliteral 1\n"
                       "IcmZo*00\n\nliteral 0\nKcmV+b0RR6000031\n\n"
                       "-- \n2.39.5\n";
    gf_patch p;
    parse_ok(&p, text, 1);
    assert_int_equal(p.files.len, 4);
    const gf_filepatch *f = p.files.items;
    assert_int_equal(f[0].kind, GF_PATCH_RENAME);
    assert_string_equal(f[0].old_path, "old name.txt");
    assert_string_equal(f[0].new_path, "new name.txt");
    assert_int_equal(f[0].similarity, 90);
    /* an index line's mode is what the file keeps: not a mode change */
    assert_int_equal(f[0].new_mode, 0);
    assert_int_equal(f[0].hunks.len, 1);
    assert_int_equal(f[1].kind, GF_PATCH_MODE);
    assert_string_equal(f[1].new_path, "t\xc3\xa9\"x");
    assert_int_equal(f[1].new_mode, 0100755);
    assert_int_equal(f[2].kind, GF_PATCH_CREATE);
    assert_null(f[2].old_path);
    assert_string_equal(f[2].new_path, "n");
    assert_true(f[3].binary);
    gf_patch_release(&p);
}

static void test_signature_is_not_a_removal(void **state)
{
    /* "-- " after the last hunk ends the mail, it is not a removed line */
    gf_patch p;
    parse_ok(&p, "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n-- \n2.39.5\n", 1);
    assert_int_equal(p.files.items[0].lines.len, 2);
    gf_patch_release(&p);
}

static void test_strip_and_refusals(void **state)
{
    gf_patch p;
    gf_error e = {0};
    const char *plain = "--- f.c\t2024-01-01\n+++ f.c\t2024-01-02\n@@ -1 +1 @@\n-a\n+b\n";
    assert_int_not_equal(gf_patch_parse(&p, plain, strlen(plain), 1, &e), 0);
    assert_non_null(strstr(e.message, "-p"));
    gf_patch_release(&p);
    parse_ok(&p, plain, 0);
    assert_string_equal(p.files.items[0].old_path, "f.c");
    gf_patch_release(&p);
    const char *bad[] = {
        "nothing here\n",
        "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n",           /* truncated */
        "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n-b\n+c\n",       /* counts */
        "--- a/f\n+++ b/f\n@@ -1 +1 @@\n \n\\ No newline\n", /* empty last line */
        "diff --cc f\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_not_equal(gf_patch_parse(&p, bad[i], strlen(bad[i]), 1, &e), 0);
        gf_patch_release(&p);
    }
}

static void test_reverse_twice_and_series_order(void **state)
{
    const char *series = "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"
                         "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-b\n+c\n";
    gf_patch p;
    parse_ok(&p, series, 1);
    gf_patch_reverse(&p);
    /* undone last first: c -> b, then b -> a */
    assert_int_equal(p.files.items[0].lines.items[0].tag, '+');
    assert_memory_equal(p.files.items[0].lines.items[0].text, "b\n", 2);
    assert_memory_equal(p.files.items[0].lines.items[1].text, "c\n", 2);
    gf_buf out = GF_BUF_INIT;
    gf_hunk_result r[1];
    assert_int_equal(gf_patch_apply_text(&p.files.items[0], "c\n", 2, 0, &out, r), 0);
    assert_string_equal(out.ptr, "b\n");
    gf_buf_release(&out);
    gf_patch_reverse(&p);
    assert_memory_equal(p.files.items[0].lines.items[0].text, "a\n", 2);
    assert_int_equal(p.files.items[0].lines.items[0].tag, '-');
    gf_patch_release(&p);
}

static void test_reject_format(void **state)
{
    gf_patch p;
    parse_ok(&p,
             "--- a/f\n+++ b/f\n@@ -3,2 +3,2 @@ func\n x\n-a\n\\ No newline at end of file\n+b\n",
             1);
    gf_patch_reverse(&p);
    gf_buf out = GF_BUF_INIT;
    gf_patch_format_hunk(&p.files.items[0], 0, &out);
    /* removals before additions even when reversed */
    assert_string_equal(out.ptr,
                        "@@ -3,2 +3,2 @@ func\n x\n-b\n+a\n\\ No newline at end of file\n");
    gf_buf_release(&out);
    gf_patch_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_applies_at_its_line),
        cmocka_unit_test(test_nearest_offset_either_way),
        cmocka_unit_test(test_fuzz_only_when_asked),
        cmocka_unit_test(test_hunk_at_top_is_anchored),
        cmocka_unit_test(test_hunk_at_end_is_anchored),
        cmocka_unit_test(test_crlf_file_lf_patch),
        cmocka_unit_test(test_no_newline_markers),
        cmocka_unit_test(test_git_headers),
        cmocka_unit_test(test_signature_is_not_a_removal),
        cmocka_unit_test(test_strip_and_refusals),
        cmocka_unit_test(test_reverse_twice_and_series_order),
        cmocka_unit_test(test_reject_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
