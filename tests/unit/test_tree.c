/* test_tree: building, counting and rendering a directory tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "repo/tree.h"

static char root[256];

static void put_n(const char *rel, const char *data, size_t n)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fwrite(data, 1, n, f);
    fclose(f);
}

static void put(const char *rel, const char *text)
{
    put_n(rel, text, strlen(text));
}

static void dir(const char *rel)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/graft-test-tree-XXXXXX");
    assert_non_null(mkdtemp(root));
    dir("b");
    dir("b/empty");
    dir("a");
    dir(".hidden");
    put("b/z.txt", "zz");
    put("a/y.c", "yyy");
    put("x", "x");
    put(".hidden/h", "h");
    put(".ignore", "*.log\n");
    put("skip.log", "l");
    put_n("bin", "\x01\x00\x02", 3); /* binary: listed, unlike the walker */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd);
}

static void test_build_and_text(void **state)
{
    (void)state;
    gf_tree_opts o = {.path = root};
    gf_tree_node *t;
    size_t problems;
    gf_error err = GF_ERROR_INIT;
    assert_int_equal(gf_tree_build(&o, &t, NULL, NULL, &problems, &err), 0);
    assert_int_equal(problems, 0);
    size_t dirs, files;
    gf_tree_count(t, &dirs, &files);
    assert_int_equal(dirs, 3);
    assert_int_equal(files, 4);
    assert_int_equal(t->size, 3 + 2 + 1 + 3);
    gf_buf out = GF_BUF_INIT;
    gf_tree_text(t, &out);
    char want[2048];
    snprintf(want, sizeof want,
             "%s\n"
             "├── a\n"
             "│\u00a0\u00a0 └── y.c\n"
             "├── b\n"
             "│\u00a0\u00a0 ├── empty\n"
             "│\u00a0\u00a0 └── z.txt\n"
             "├── bin\n"
             "└── x\n\n"
             "4 directories, 4 files\n",
             root);
    assert_string_equal(out.ptr, want);
    gf_buf_release(&out);
    gf_tree_free(t);
}

static void test_options_and_json(void **state)
{
    (void)state;
    const char *ex[] = {"b*"};
    gf_tree_opts o = {.path = root, .max_depth = 1, .excludes = ex, .nexcludes = 1, .hidden = true};
    gf_tree_node *t;
    gf_error err = GF_ERROR_INIT;
    assert_int_equal(gf_tree_build(&o, &t, NULL, NULL, NULL, &err), 0);
    gf_buf out = GF_BUF_INIT;
    gf_tree_json(t, false, &out);
    char want[2048];
    snprintf(want, sizeof want,
             "{\"path\":\"%s\",\"type\":\"directory\",\"size\":7,\"children\":["
             "{\"path\":\"%s/.hidden\",\"type\":\"directory\",\"size\":0},"
             "{\"path\":\"%s/.ignore\",\"type\":\"file\",\"size\":6},"
             "{\"path\":\"%s/a\",\"type\":\"directory\",\"size\":0},"
             "{\"path\":\"%s/x\",\"type\":\"file\",\"size\":1}]}\n",
             root, root, root, root, root);
    assert_string_equal(out.ptr, want);
    gf_buf_release(&out);
    gf_tree_free(t);

    gf_tree_opts noig = {.path = root, .no_ignore = true};
    assert_int_equal(gf_tree_build(&noig, &t, NULL, NULL, NULL, &err), 0);
    size_t dirs, files;
    gf_tree_count(t, &dirs, &files);
    assert_int_equal(files, 5); /* skip.log is back */
    gf_tree_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    gf_tree_opts o = {.path = "/nonexistent/graft-tree"};
    gf_tree_node *t = (gf_tree_node *)1;
    gf_error err = GF_ERROR_INIT;
    assert_int_equal(gf_tree_build(&o, &t, NULL, NULL, NULL, &err), GF_ENOENT);
    assert_null(t);
    assert_string_equal(err.message, "'/nonexistent/graft-tree': no such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_and_text),
        cmocka_unit_test(test_options_and_json),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
