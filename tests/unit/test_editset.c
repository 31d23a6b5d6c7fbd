/* Unit tests for the EditSet: ordering, overlaps, atomic commit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graft/edit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/file.h"

static char *apply(gf_editset *es, int *rc)
{
    char *out = NULL;
    size_t len;
    gf_error e;
    *rc = gf_editset_apply(es, &out, &len, &e);
    return out;
}

static void test_empty_editset_is_identity(void **state)
{
    const char src[] = "a\r\nb\0c\xff";
    gf_editset *es = gf_editset_new("f", src, sizeof src - 1);
    int rc;
    char *out = apply(es, &rc);
    assert_int_equal(rc, 0);
    assert_memory_equal(out, src, sizeof src - 1);
    gf_free(out);
    gf_editset_delete(es);
}

static void test_replacements_in_any_order(void **state)
{
    gf_editset *es = gf_editset_new("f", "hello world", 11);
    assert_int_equal(gf_editset_add(es, 6, 11, "there", 5, NULL), 0);
    assert_int_equal(gf_editset_add(es, 0, 5, "HI", 2, NULL), 0);
    assert_int_equal(gf_editset_add(es, 11, 11, "!", 1, NULL), 0);
    int rc;
    char *out = apply(es, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(out, "HI there!");
    gf_free(out);
    gf_editset_delete(es);
}

static void test_inserts_at_same_offset_keep_order(void **state)
{
    gf_editset *es = gf_editset_new("f", "ab", 2);
    gf_editset_add(es, 1, 1, "1", 1, NULL);
    gf_editset_add(es, 1, 2, "B", 1, NULL); /* replacement starting there */
    gf_editset_add(es, 1, 1, "2", 1, NULL);
    int rc;
    char *out = apply(es, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(out, "a12B");
    gf_free(out);
    gf_editset_delete(es);
}

static void test_adjacent_ok_overlap_refused(void **state)
{
    gf_editset *es = gf_editset_new("f", "0123456789", 10);
    gf_editset_add(es, 0, 5, "x", 1, NULL);
    gf_editset_add(es, 5, 10, "y", 1, NULL);
    int rc;
    char *out = apply(es, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(out, "xy");
    gf_free(out);
    gf_editset_add(es, 4, 6, "z", 1, NULL);
    gf_error e;
    char *o2 = NULL;
    size_t n;
    assert_int_equal(gf_editset_apply(es, &o2, &n, &e), GF_EOVERLAP);
    assert_null(o2);
    assert_non_null(strstr(e.message, "overlapping edits"));
    gf_editset_delete(es);

    /* An insertion strictly inside a replaced range overlaps. */
    es = gf_editset_new("f", "0123456789", 10);
    gf_editset_add(es, 2, 8, "x", 1, NULL);
    gf_editset_add(es, 5, 5, "i", 1, NULL);
    assert_int_equal(gf_editset_apply(es, &o2, &n, &e), GF_EOVERLAP);
    gf_editset_delete(es);
}

static void test_range_outside_file(void **state)
{
    gf_editset *es = gf_editset_new("f", "abc", 3);
    gf_error e;
    assert_int_equal(gf_editset_add(es, 2, 4, "", 0, &e), GF_EINVAL);
    assert_int_equal(gf_editset_add(es, 3, 2, "", 0, &e), GF_EINVAL);
    assert_int_equal(gf_editset_count(es), 0);
    gf_editset_delete(es);
}

/* A scratch directory with one file; returns its path in dir/file. */
static void scratch(char *dir, char *file, const char *content, mode_t mode)
{
    strcpy(dir, "/tmp/graft-edit-XXXXXX");
    assert_non_null(mkdtemp(dir));
    sprintf(file, "%s/f.txt", dir);
    FILE *f = fopen(file, "wb");
    fputs(content, f);
    fclose(f);
    chmod(file, mode);
}

static size_t dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        n += de->d_name[0] != '.' || (de->d_name[1] && strcmp(de->d_name, ".."));
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    gf_buf b = GF_BUF_INIT;
    assert_int_equal(gf_read_file(path, 0, 0, &b, NULL, NULL), 0);
    return gf_buf_detach(&b, NULL);
}

static void cleanup(const char *dir, const char *file)
{
    unlink(file);
    rmdir(dir);
}

static void test_commit_writes_atomically_and_keeps_mode(void **state)
{
    char dir[64], file[96];
    scratch(dir, file, "one\ntwo\n", 0750);
    gf_editset *es = gf_editset_new(file, "one\ntwo\n", 8);
    gf_editset_add(es, 4, 7, "TWO", 3, NULL);
    gf_commit_result r;
    gf_error e;
    assert_int_equal(gf_editset_commit(es, &r, &e), 0);
    assert_true(r.changed);
    char *now = slurp(file);
    assert_string_equal(now, "one\nTWO\n");
    gf_free(now);
    struct stat st;
    stat(file, &st);
    assert_int_equal(st.st_mode & 07777, 0750);
    assert_int_equal(dir_entries(dir), 1); /* no temp file left behind */
    unsigned char sha[32];
    gf_sha256("one\nTWO\n", 8, sha);
    assert_memory_equal(sha, r.sha_after, 32);
    gf_editset_delete(es);
    cleanup(dir, file);
}

static void test_commit_refuses_changed_file(void **state)
{
    char dir[64], file[96];
    scratch(dir, file, "original\n", 0644);
    gf_editset *es = gf_editset_new(file, "original\n", 9);
    gf_editset_add(es, 0, 8, "edited", 6, NULL);
    /* Someone else writes the file after graft read it. */
    FILE *f = fopen(file, "wb");
    fputs("concurrent change\n", f);
    fclose(f);
    gf_error e;
    assert_int_equal(gf_editset_commit(es, NULL, &e), GF_ECHANGED);
    assert_non_null(strstr(e.message, "changed since it was read"));
    char *now = slurp(file);
    assert_string_equal(now, "concurrent change\n");
    gf_free(now);
    assert_int_equal(dir_entries(dir), 1);
    gf_editset_delete(es);
    cleanup(dir, file);
}

static void test_noop_commit_writes_nothing(void **state)
{
    char dir[64], file[96];
    scratch(dir, file, "same\n", 0600);
    struct stat before, after;
    stat(file, &before);
    gf_editset *es = gf_editset_new(file, "same\n", 5);
    gf_editset_add(es, 0, 4, "same", 4, NULL);
    gf_commit_result r;
    assert_int_equal(gf_editset_commit(es, &r, NULL), 0);
    assert_false(r.changed);
    stat(file, &after);
    assert_int_equal(before.st_ino, after.st_ino);
    gf_editset_delete(es);
    cleanup(dir, file);
}

static void test_commit_missing_file(void **state)
{
    gf_editset *es = gf_editset_new("/tmp/graft-no-such-dir/x", "a", 1);
    gf_editset_add(es, 0, 1, "b", 1, NULL);
    gf_error e;
    assert_int_equal(gf_editset_commit(es, NULL, &e), GF_ENOENT);
    gf_editset_delete(es);
}

static void test_commit_refuses_read_only_file(void **state)
{
    char dir[64], file[96];
    scratch(dir, file, "ro\n", 0444);
    gf_editset *es = gf_editset_new(file, "ro\n", 3);
    gf_editset_add(es, 0, 2, "rw", 2, NULL);
    gf_error e;
    assert_int_equal(gf_editset_commit(es, NULL, &e), GF_EACCES);
    assert_non_null(strstr(e.message, "read-only"));
    char *now = slurp(file);
    assert_string_equal(now, "ro\n");
    gf_free(now);
    assert_int_equal(dir_entries(dir), 1);
    gf_editset_delete(es);
    cleanup(dir, file);
}

static void test_sha256_known_vector(void **state)
{
    unsigned char sha[32];
    char hex[65];
    gf_sha256("abc", 3, sha);
    gf_sha256_hex(sha, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_editset_is_identity),
        cmocka_unit_test(test_replacements_in_any_order),
        cmocka_unit_test(test_inserts_at_same_offset_keep_order),
        cmocka_unit_test(test_adjacent_ok_overlap_refused),
        cmocka_unit_test(test_range_outside_file),
        cmocka_unit_test(test_commit_writes_atomically_and_keeps_mode),
        cmocka_unit_test(test_commit_refuses_changed_file),
        cmocka_unit_test(test_noop_commit_writes_nothing),
        cmocka_unit_test(test_commit_missing_file),
        cmocka_unit_test(test_commit_refuses_read_only_file),
        cmocka_unit_test(test_sha256_known_vector),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
