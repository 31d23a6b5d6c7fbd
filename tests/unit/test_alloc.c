/* Unit tests for the allocation hooks: graft and tree-sitter both use them,
 * and every allocation made for a parse is released. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "graft/graft.h"
#include "util/alloc.h"

static long live, total;

static void *count_malloc(size_t n)
{
    live++;
    total++;
    return malloc(n);
}

static void *count_realloc(void *p, size_t n)
{
    if (!p) {
        live++;
        total++;
    }
    return realloc(p, n);
}

static void count_free(void *p)
{
    if (p)
        live--;
    free(p);
}

static const gf_alloc_hooks counting = {count_malloc, count_realloc, count_free};

static void test_hooks_route_graft_and_tree_sitter(void **state)
{
    gf_set_alloc_hooks(&counting);
    long before_live = live, before_total = total;
    char *s = gf_strdup("abc");
    assert_int_equal(total, before_total + 1);
    gf_free(s);

    long before_ts = total;
    TSParser *p = ts_parser_new(); /* allocated by the runtime, through the hooks */
    assert_true(total > before_ts);
    ts_parser_delete(p);

    gf_source src;
    const char code[] = "def f(x):\n    return [x, {1: 2}]\n";
    gf_source_init_mem(&src, "t.py", code, sizeof code - 1);
    src.lang = gf_lang_find("python");
    gf_parser *parser = gf_parser_new();
    TSTree *tree;
    assert_int_equal(gf_parse(parser, &src, &tree, NULL), 0);
    assert_false(ts_node_has_error(ts_tree_root_node(tree)));
    ts_tree_delete(tree);
    gf_parser_delete(parser);
    gf_source_release(&src);
    assert_int_equal(live, before_live); /* nothing leaked */
    gf_set_alloc_hooks(NULL);
}

static void test_strndup_stops_at_nul(void **state)
{
    char *s = gf_strndup("ab", 10);
    assert_string_equal(s, "ab");
    gf_free(s);
    s = gf_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    gf_free(s);
}

static void test_mul_size(void **state)
{
    assert_int_equal(gf_mul_size(3, 7), 21);
    assert_int_equal(gf_mul_size(0, SIZE_MAX), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hooks_route_graft_and_tree_sitter),
        cmocka_unit_test(test_strndup_stops_at_nul),
        cmocka_unit_test(test_mul_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
