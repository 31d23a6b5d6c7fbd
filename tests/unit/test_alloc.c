/* Unit tests for the allocation hooks: graft and tree-sitter both use them,
 * and every allocation made for a parse is released. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
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

static long parse_mallocs; /* allocations through the hooks by the last gf_parse */

static TSTree *parse_with(gf_parser *p, const char *lang, const char *code, size_t len)
{
    gf_source src;
    gf_source_init_mem(&src, "t", code, len);
    src.lang = gf_lang_find(lang);
    TSTree *tree = NULL;
    long before = total;
    assert_int_equal(gf_parse(p, &src, &tree, NULL), 0);
    parse_mallocs = total - before;
    gf_source_release(&src);
    return tree;
}

static void assert_same_tree(TSTree *a, TSTree *b)
{
    char *sa = ts_node_string(ts_tree_root_node(a)), *sb = ts_node_string(ts_tree_root_node(b));
    assert_string_equal(sa, sb);
    gf_free(sa);
    gf_free(sb);
}

/* Sources with and without syntax errors; the region must not change a tree. */
static const struct {
    const char *lang, *code;
} samples[] = {
    {"python", "def f(x=[]):\n    return [x, {1: 2}]\n"},
    {"python", "def broken(:\n  pass\nclass C:\n    x = f'{y}'\n"},
    {"c", "int main(void) { return 0; }\n"},
    {"javascript", "const f = (a) => { if (a) { return `${a}`; } };\n"},
    {"rust", "fn main() { let x = vec![1, 2 3]; }\n"},
};

static void test_batch_parser_builds_the_same_trees(void **state)
{
    gf_set_alloc_hooks(&counting);
    gf_parser *plain = gf_parser_new(), *batch = gf_parser_new_batch();
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        const char *code = samples[i].code;
        TSTree *a = parse_with(plain, samples[i].lang, code, strlen(code));
        TSTree *b = parse_with(batch, samples[i].lang, code, strlen(code));
        assert_int_equal(parse_mallocs, 0); /* all of it in the region */
        assert_true(gf_region_holds(b));
        assert_false(gf_region_holds(a));
        assert_same_tree(a, b);
        /* A second live tree lies elsewhere in the region... */
        TSTree *c = parse_with(batch, samples[i].lang, code, strlen(code));
        assert_ptr_not_equal(b, c);
        assert_same_tree(a, c);
        gf_tree_delete(c);
        gf_tree_delete(b);
        /* ...and once none is live the region starts over. */
        TSTree *d = parse_with(batch, samples[i].lang, code, strlen(code));
        assert_ptr_equal(b, d);
        gf_tree_delete(d);
        gf_tree_delete(a);
    }
    gf_parser_delete(batch);
    gf_parser_delete(plain);
    gf_set_alloc_hooks(NULL);
}

/* A file that outgrows the region spills to malloc, and all of it is freed. */
static void test_batch_parser_spills_and_frees(void **state)
{
    gf_set_alloc_hooks(&counting);
    char *code = gf_malloc(64 * 1024);
    size_t len = 0;
    for (int i = 0; len + 64 < 64 * 1024; i++)
        len += (size_t)snprintf(code + len, 64, "def f%d(a, b=[%d]):\n    return a + b\n", i, i);
    gf_parser *plain = gf_parser_new(), *batch = gf_parser_new_batch();
    TSTree *a = parse_with(plain, "python", code, len);
    long before = live;
    gf_region_set_limit(16 * 1024);
    TSTree *b = parse_with(batch, "python", code, len);
    assert_true(gf_region_spilled());
    assert_true(live > before);
    assert_same_tree(a, b);
    gf_tree_delete(b);
    assert_int_equal(live, before); /* the spilled part is freed too */
    gf_region_set_limit(SIZE_MAX);
    b = parse_with(batch, "python", code, len);
    assert_false(gf_region_spilled());
    assert_same_tree(a, b);
    gf_tree_delete(b);
    gf_tree_delete(a);
    gf_parser_delete(batch);
    gf_parser_delete(plain);
    gf_free(code);
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
        cmocka_unit_test(test_batch_parser_builds_the_same_trees),
        cmocka_unit_test(test_batch_parser_spills_and_frees),
        cmocka_unit_test(test_strndup_stops_at_nul),
        cmocka_unit_test(test_mul_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
