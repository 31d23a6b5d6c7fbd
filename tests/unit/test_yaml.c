/* test_yaml: the YAML document model (scalars, schema, streams, positions,
 * errors, aliases and the limits that guard untrusted rule files). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>

#include <cmocka.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/yaml.h"

/* Loads s (strlen) and expects success. */
static void load_ok(const char *s, gf_yaml_docs *d)
{
    gf_error e = GF_ERROR_INIT;
    int rc = gf_yaml_load(s, strlen(s), "t.yml", d, &e);
    if (rc != 0)
        fail_msg("load failed: %s", e.message);
}

/* Loads data[0..n) and expects code; returns the error for inspection. */
static gf_error load_fail(const char *data, size_t n, const char *name, int code)
{
    gf_error e = GF_ERROR_INIT;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    int rc = gf_yaml_load(data, n, name, &d, &e);
    if (rc != code)
        fail_msg("expected code %d, got %d (%s)", code, rc, e.message);
    assert_int_equal(e.code, code);
    assert_int_equal(d.len, 0); /* left empty after an error */
    assert_null(d.items);
    gf_yaml_docs_release(&d);
    return e;
}

static const gf_yaml_node *root1(const char *s, gf_yaml_docs *d)
{
    load_ok(s, d);
    assert_int_equal(d->len, 1);
    assert_non_null(d->items[0].root);
    return d->items[0].root;
}

static void assert_scalar(const gf_yaml_node *n, const char *text, bool plain)
{
    assert_non_null(n);
    assert_int_equal(n->type, GF_YAML_SCALAR);
    assert_int_equal(n->len, strlen(text));
    assert_memory_equal(n->str, text, n->len);
    assert_int_equal(n->str[n->len], '\0');
    assert_int_equal(n->plain, plain);
}

static void assert_pos(const gf_yaml_node *n, uint32_t line, uint32_t col)
{
    assert_non_null(n);
    if (n->line != line || n->col != col)
        fail_msg("node at %u:%u, expected %u:%u", n->line, n->col, line, col);
}

static void test_scalar_styles(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r = root1("plain: hello world\n"
                                  "single: 'it''s # not a comment'\n"
                                  "double: \"tab\\there\\u00e9\\x41\\n\"\n"
                                  "literal: |\n"
                                  "  line1\n"
                                  "    indented\n"
                                  "folded: >\n"
                                  "  one\n"
                                  "  two\n"
                                  "\n"
                                  "  three\n"
                                  "strip: |-\n"
                                  "  x\n"
                                  "keep: |+\n"
                                  "  y\n"
                                  "\n"
                                  "multi: plain\n"
                                  "  continued # comment\n"
                                  "nul: \"a\\0b\"\n",
                                  &d);
    assert_int_equal(r->type, GF_YAML_MAP);
    assert_int_equal(r->n, 9);
    assert_scalar(gf_yaml_get(r, "plain"), "hello world", true);
    assert_scalar(gf_yaml_get(r, "single"), "it's # not a comment", false);
    assert_scalar(gf_yaml_get(r, "double"),
                  "tab\there\xc3\xa9"
                  "A\n",
                  false);
    assert_scalar(gf_yaml_get(r, "literal"), "line1\n  indented\n", false);
    assert_scalar(gf_yaml_get(r, "folded"), "one two\nthree\n", false);
    assert_scalar(gf_yaml_get(r, "strip"), "x", false);
    assert_scalar(gf_yaml_get(r, "keep"), "y\n\n", false);
    assert_scalar(gf_yaml_get(r, "multi"), "plain continued", true);
    /* An escaped NUL stays in the text; len is authoritative. */
    const gf_yaml_node *nul = gf_yaml_get(r, "nul");
    assert_int_equal(nul->len, 3);
    assert_memory_equal(nul->str, "a\0b", 4);
    /* Keys are nodes too. */
    assert_scalar(r->items[0], "plain", true);
    gf_yaml_docs_release(&d);
    assert_int_equal(d.len, 0);
    assert_null(d.items);
}

static void test_null_forms(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r = root1("empty:\n"
                                  "tilde: ~\n"
                                  "lower: null\n"
                                  "title: Null\n"
                                  "upper: NULL\n"
                                  "mixed: nULL\n"
                                  "quoted: 'null'\n"
                                  "dquoted: \"~\"\n"
                                  "emptystr: ''\n"
                                  "flow: {a: , b}\n"
                                  "str: !!str\n",
                                  &d);
    const gf_yaml_node *empty = gf_yaml_get(r, "empty");
    assert_int_equal(empty->type, GF_YAML_NULL);
    assert_string_equal(empty->str, "");
    assert_int_equal(empty->len, 0);
    assert_true(empty->plain);
    assert_true(gf_yaml_is_null(empty));
    static const char *const nulls[] = {"tilde", "lower", "title", "upper"};
    for (size_t i = 0; i < 4; i++) {
        const gf_yaml_node *n = gf_yaml_get(r, nulls[i]);
        assert_int_equal(n->type, GF_YAML_SCALAR); /* the text is kept */
        assert_true(gf_yaml_is_null(n));
        assert_string_equal(gf_yaml_type_name(n), "null");
    }
    static const char *const not_nulls[] = {"mixed", "quoted", "dquoted", "emptystr", "str"};
    for (size_t i = 0; i < 5; i++) {
        const gf_yaml_node *n = gf_yaml_get(r, not_nulls[i]);
        assert_int_equal(n->type, GF_YAML_SCALAR);
        assert_false(gf_yaml_is_null(n));
        assert_string_equal(gf_yaml_type_name(n), "a string");
    }
    const gf_yaml_node *flow = gf_yaml_get(r, "flow");
    assert_int_equal(flow->n, 2);
    assert_true(gf_yaml_is_null(gf_yaml_get(flow, "a")));
    assert_true(gf_yaml_is_null(gf_yaml_get(flow, "b")));
    assert_false(gf_yaml_is_null(NULL));
    assert_false(gf_yaml_is_null(r));
    gf_yaml_docs_release(&d);
}

static void test_bools(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r =
        root1("[true, True, TRUE, false, False, FALSE, yes, no, on, off, y, tRUE, 'true', 1]", &d);
    assert_int_equal(r->type, GF_YAML_SEQ);
    assert_int_equal(r->n, 14);
    for (size_t i = 0; i < r->n; i++) {
        bool v = (i & 1) != 0, want_ok = i < 6;
        bool ok = gf_yaml_bool(r->items[i], &v);
        if (ok != want_ok)
            fail_msg("item %zu '%s': bool %d", i, r->items[i]->str, ok);
        if (ok)
            assert_int_equal(v, i < 3);
        else
            assert_int_equal(v, (i & 1) != 0); /* untouched */
        assert_string_equal(gf_yaml_type_name(r->items[i]), i < 6     ? "a boolean"
                                                            : i == 13 ? "an integer"
                                                                      : "a string");
    }
    bool v;
    assert_false(gf_yaml_bool(NULL, &v));
    assert_false(gf_yaml_bool(r, &v));
    gf_yaml_docs_release(&d);
}

static void test_ints(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        long long v;
    } cases[] = {
        {"0", true, 0},
        {"-0", true, 0},
        {"+12", true, 12},
        {"42", true, 42},
        {"-17", true, -17},
        {"9223372036854775807", true, 9223372036854775807LL},
        {"-9223372036854775808", true, -9223372036854775807LL - 1},
        {"9223372036854775808", false, 0},
        {"-9223372036854775809", false, 0},
        {"99999999999999999999999", false, 0},
        {"0x1F", true, 31},
        {"0xff", true, 255},
        {"-0x10", true, -16},
        {"0x7fffffffffffffff", true, 9223372036854775807LL},
        {"0x8000000000000000", false, 0},
        {"0o17", true, 15},
        {"0b101", true, 5},
        {"0o8", false, 0},
        {"0b2", false, 0},
        {"0x", false, 0},
        {"0x-1", false, 0},
        {"012", false, 0}, /* leading zero: a string to serde_yaml */
        {"-012", false, 0},
        {"1_000", false, 0},
        {"1.5", false, 0},
        {"1e3", false, 0},
        {"+", false, 0},
        {"-x", false, 0},
        {"12a", false, 0},
        {"1 2", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char doc[64];
        snprintf(doc, sizeof doc, "v: '%s'\nw: %s\n", cases[i].text, cases[i].text);
        gf_yaml_docs d = GF_YAML_DOCS_INIT;
        const gf_yaml_node *r = root1(doc, &d);
        long long v = 7;
        /* The quoted form is always a string. */
        assert_false(gf_yaml_int(gf_yaml_get(r, "v"), &v));
        const gf_yaml_node *w = gf_yaml_get(r, "w");
        bool ok = gf_yaml_int(w, &v);
        if (ok != cases[i].ok)
            fail_msg("'%s': int %d", cases[i].text, ok);
        assert_true(v == (ok ? cases[i].v : 7));
        gf_yaml_docs_release(&d);
    }
    long long v;
    assert_false(gf_yaml_int(NULL, &v));
}

static void test_type_names(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r = root1(
        "[~, !!null '', true, 12, 0x1f, 1.5, .5, 1e3, -.inf, .NaN, 99999999999999999999, 007, "
        "abc, '12', [], {}, 1.2.3, !!int 12]",
        &d);
    static const char *const want[] = {
        "null",     "null",     "a boolean",  "an integer", "an integer", "a number",
        "a number", "a number", "a number",   "a number",   "a number",   "a string",
        "a string", "a string", "a sequence", "a mapping",  "a string",   "an integer",
    };
    assert_int_equal(r->n, sizeof want / sizeof *want);
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(gf_yaml_type_name(r->items[i]), want[i]) != 0)
            fail_msg("item %zu: %s, expected %s", i, gf_yaml_type_name(r->items[i]), want[i]);
    assert_string_equal(gf_yaml_type_name(NULL), "null");
    gf_yaml_docs_release(&d);
}

static void test_nested_and_positions(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r = root1("rules:\n"
                                  "  - id: x\n"
                                  "    pattern: |\n"
                                  "      foo\n"
                                  "  - id: y\n"
                                  "    any: [a, {b: c}]\n",
                                  &d);
    assert_int_equal(d.items[0].line, 1);
    assert_pos(r, 1, 1);
    assert_pos(r->items[0], 1, 1); /* the key "rules" */
    const gf_yaml_node *rules = gf_yaml_get(r, "rules");
    assert_int_equal(rules->type, GF_YAML_SEQ);
    assert_int_equal(rules->n, 2);
    assert_pos(rules, 2, 3);
    const gf_yaml_node *first = rules->items[0];
    assert_int_equal(first->type, GF_YAML_MAP);
    assert_pos(first, 2, 5);
    assert_pos(gf_yaml_get(first, "id"), 2, 9);
    assert_scalar(gf_yaml_get(first, "pattern"), "foo\n", false);
    assert_pos(gf_yaml_get(first, "pattern"), 3, 14);
    const gf_yaml_node *second = rules->items[1];
    assert_pos(gf_yaml_get(second, "id"), 5, 9);
    const gf_yaml_node *any = gf_yaml_get(second, "any");
    assert_int_equal(any->type, GF_YAML_SEQ);
    assert_pos(any, 6, 10);
    assert_scalar(any->items[0], "a", true);
    assert_pos(any->items[0], 6, 11);
    const gf_yaml_node *inner = any->items[1];
    assert_int_equal(inner->type, GF_YAML_MAP);
    assert_pos(inner, 6, 14);
    assert_pos(inner->items[0], 6, 15);
    assert_scalar(gf_yaml_get(inner, "b"), "c", true);
    assert_pos(gf_yaml_get(inner, "b"), 6, 18);
    gf_yaml_docs_release(&d);

    /* Columns count characters: "é" is two bytes, one column. */
    r = root1("ключ: значение\nb: [é, x]\n", &d);
    assert_pos(gf_yaml_get(r, "ключ"), 1, 7);
    assert_pos(gf_yaml_get(r, "b")->items[1], 2, 8);
    gf_yaml_docs_release(&d);

    /* A byte order mark is skipped and does not shift columns. */
    r = root1("\xEF\xBB\xBF"
              "a: 1\nb: 2\n",
              &d);
    assert_pos(r->items[0], 1, 1);
    assert_pos(r->items[2], 2, 1);
    gf_yaml_docs_release(&d);
}

static void test_flow_style(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r = root1("{a: [1, 'two', {b: \"c\"}], d: e, f: [], g: {}}", &d);
    assert_int_equal(r->type, GF_YAML_MAP);
    assert_int_equal(r->n, 4);
    const gf_yaml_node *a = gf_yaml_get(r, "a");
    assert_int_equal(a->type, GF_YAML_SEQ);
    assert_int_equal(a->n, 3);
    long long v;
    assert_true(gf_yaml_int(a->items[0], &v));
    assert_int_equal(v, 1);
    assert_scalar(a->items[1], "two", false);
    assert_scalar(gf_yaml_get(a->items[2], "b"), "c", false);
    assert_scalar(gf_yaml_get(r, "d"), "e", true);
    const gf_yaml_node *f = gf_yaml_get(r, "f"), *g = gf_yaml_get(r, "g");
    assert_int_equal(f->type, GF_YAML_SEQ);
    assert_int_equal(f->n, 0);
    assert_null(f->items);
    assert_int_equal(g->type, GF_YAML_MAP);
    assert_int_equal(g->n, 0);
    assert_null(gf_yaml_get(r, "missing"));
    assert_null(gf_yaml_get(a, "a")); /* not a mapping */
    assert_null(gf_yaml_get(NULL, "a"));
    gf_yaml_docs_release(&d);
}

static void test_multi_document(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    load_ok("id: one\n---\nid: two\n", &d);
    assert_int_equal(d.len, 2);
    assert_int_equal(d.items[0].line, 1);
    assert_int_equal(d.items[1].line, 2);
    assert_scalar(gf_yaml_get(d.items[0].root, "id"), "one", true);
    assert_scalar(gf_yaml_get(d.items[1].root, "id"), "two", true);
    assert_pos(gf_yaml_get(d.items[1].root, "id"), 3, 5);
    gf_yaml_docs_release(&d);

    /* Leading "---", an empty document, an explicit end, a trailing "---". */
    load_ok("# rules\n---\nid: a\n---\n---\nid: b\n...\n---\n", &d);
    assert_int_equal(d.len, 4);
    assert_int_equal(d.items[0].line, 2);
    assert_int_equal(d.items[1].line, 4);
    assert_int_equal(d.items[2].line, 5);
    assert_int_equal(d.items[3].line, 8);
    assert_scalar(gf_yaml_get(d.items[0].root, "id"), "a", true);
    assert_int_equal(d.items[1].root->type, GF_YAML_NULL);
    assert_true(gf_yaml_is_null(d.items[1].root));
    assert_scalar(gf_yaml_get(d.items[2].root, "id"), "b", true);
    assert_int_equal(d.items[3].root->type, GF_YAML_NULL);
    gf_yaml_docs_release(&d);

    /* No documents at all. */
    static const char *const empty[] = {"", "# only a comment\n", "\n\n  \n"};
    for (size_t i = 0; i < 3; i++) {
        load_ok(empty[i], &d);
        assert_int_equal(d.len, 0);
        gf_yaml_docs_release(&d);
    }
    gf_error e = GF_ERROR_INIT;
    assert_int_equal(gf_yaml_load(NULL, 0, NULL, &d, &e), 0);
    assert_int_equal(d.len, 0);
    gf_yaml_docs_release(&d);

    /* A scalar document, and a "---" line holding content. */
    load_ok("--- just text\n--- [1, 2]\n", &d);
    assert_int_equal(d.len, 2);
    assert_scalar(d.items[0].root, "just text", true);
    assert_int_equal(d.items[1].root->type, GF_YAML_SEQ);
    assert_int_equal(d.items[1].line, 2);
    gf_yaml_docs_release(&d);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    const char bad[] = "a: 1\nb: c: d\n";
    gf_error e = load_fail(bad, sizeof bad - 1, "rules.yml", GF_ESYNTAX);
    assert_string_equal(e.message,
                        "'rules.yml':2:5: mapping values are not allowed in this context");
    assert_string_equal(e.path, "rules.yml");
    assert_int_equal(e.line, 2);
    assert_int_equal(e.column, 5);
    assert_int_equal(e.offset, 9);
    assert_int_equal(bad[e.offset], ':');

    /* Without a name the message starts at the position. */
    e = load_fail(bad, sizeof bad - 1, NULL, GF_ESYNTAX);
    assert_string_equal(e.message, "2:5: mapping values are not allowed in this context");
    assert_string_equal(e.path, "");

    /* libyaml's context is kept. */
    const char open[] = "a: [1, 2\nb: 3\n";
    e = load_fail(open, sizeof open - 1, "r.yml", GF_ESYNTAX);
    assert_non_null(strstr(e.message, "while parsing a flow sequence at 1:4"));
    assert_true(strncmp(e.message, "'r.yml':", 8) == 0);

    /* The offset is in bytes, the column in characters. */
    const char wide[] = "é: x: y\n";
    e = load_fail(wide, sizeof wide - 1, "w.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'w.yml':1:5: mapping values are not allowed in this context");
    assert_int_equal(e.offset, 5);
    assert_int_equal(wide[e.offset], ':');

    /* More of what libyaml refuses. */
    static const char *const others[] = {
        "a: 'unterminated\n",
        "key: \"bad \\q escape\"\n",
        "- a\nb: c\n",
        "a:\n\t- b\n",
        "[a, b",
        "{a: b",
        "a: &\n",
        "a: *\n",
        "%YAML 9.9\n---\na\n",
        "a: !<\n",
    };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        e = load_fail(others[i], strlen(others[i]), "x.yml", GF_ESYNTAX);
        assert_true(strncmp(e.message, "'x.yml':", 8) == 0);
        assert_true(e.line >= 1);
        assert_true(e.column >= 1);
        assert_true(e.offset <= strlen(others[i]));
    }

    /* err may be NULL. */
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    assert_int_equal(gf_yaml_load(bad, sizeof bad - 1, "x", &d, NULL), GF_ESYNTAX);
    assert_int_equal(d.len, 0);
    gf_yaml_docs_release(&d);
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    const char dup[] = "a: 1\nb: 2\na: 3\n";
    gf_error e = load_fail(dup, sizeof dup - 1, "r.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'r.yml':3:1: duplicate key 'a' (first at 1:1)");
    assert_int_equal(e.line, 3);
    assert_int_equal(e.column, 1);
    assert_int_equal(e.offset, 10);
    assert_string_equal(e.path, "r.yml");

    /* Nested, flow style: the earliest repeat is reported. */
    const char nested[] = "rule:\n  any:\n    - {kind: x, pattern: p, kind: y, pattern: q}\n";
    e = load_fail(nested, sizeof nested - 1, "n.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'n.yml':3:29: duplicate key 'kind' (first at 3:8)");

    /* Keys compare as serde_yaml compares them. */
    static const char *const same[] = {
        "'a': 1\na: 2\n",     "\"a\": 1\n'a': 2\n", "~: 1\nnull: 2\n",
        "true: 1\nTrue: 2\n", "1: a\n0x1: b\n",     "10: a\n+10: b\n",
        "? \n: 1\nNULL: 2\n", "<<: 1\n<<: 2\n",     "[a, a]: 1\n",
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        gf_error f = GF_ERROR_INIT;
        gf_yaml_docs d = GF_YAML_DOCS_INIT;
        int rc = gf_yaml_load(same[i], strlen(same[i]), "s.yml", &d, &f);
        assert_int_equal(rc, GF_ESYNTAX);
        gf_yaml_docs_release(&d);
        if (i < 8 && !strstr(f.message, "duplicate key"))
            fail_msg("case %zu: %s", i, f.message);
    }
    static const char *const distinct[] = {
        "1: a\n'1': b\n", "true: 1\n'true': 2\n", "~: 1\n'~': 2\n",
        "a: 1\nA: 2\n",   "1: a\n01: b\n",        "x: {a: 1}\ny: {a: 2}\n",
    };
    for (size_t i = 0; i < sizeof distinct / sizeof *distinct; i++) {
        gf_yaml_docs d = GF_YAML_DOCS_INIT;
        load_ok(distinct[i], &d);
        assert_int_equal(d.items[0].root->n, 2);
        gf_yaml_docs_release(&d);
    }

    /* A long key is cut in the message, control bytes escaped. */
    gf_buf b = GF_BUF_INIT;
    gf_buf_adds(&b, "\"");
    for (int i = 0; i < 100; i++)
        gf_buf_adds(&b, "é");
    gf_buf_adds(&b, "\\t\": 1\n");
    gf_buf_add(&b, b.ptr, b.len);
    e = load_fail(b.ptr, b.len, "long.yml", GF_ESYNTAX);
    assert_non_null(strstr(e.message, "duplicate key 'ééé"));
    assert_non_null(strstr(e.message, "é'... (first at 1:1)"));
    assert_int_equal(e.line, 2);
    gf_buf_release(&b);

    const char ctl[] = "\"a\\tb\": 1\n\"a\\tb\": 2\n";
    e = load_fail(ctl, sizeof ctl - 1, "c.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'c.yml':2:1: duplicate key 'a\\x09b' (first at 1:1)");

    /* Many keys: sorting keeps it fast, and the repeat is still found. */
    gf_buf_init(&b, 0);
    for (int i = 0; i < 50000; i++)
        gf_buf_printf(&b, "k%d: %d\n", i, i);
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    load_ok(b.ptr, &d);
    assert_int_equal(d.items[0].root->n, 50000);
    assert_scalar(gf_yaml_get(d.items[0].root, "k49999"), "49999", true);
    gf_yaml_docs_release(&d);
    gf_buf_adds(&b, "k123: again\n");
    e = load_fail(b.ptr, b.len, "big.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'big.yml':50001:1: duplicate key 'k123' (first at 124:1)");
    gf_buf_release(&b);
}

static void test_non_scalar_keys(void **state)
{
    (void)state;
    const char seq_key[] = "? [a, b]\n: c\n";
    gf_error e = load_fail(seq_key, sizeof seq_key - 1, "k.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'k.yml':1:3: mapping keys must be scalars, found a sequence");
    const char map_key[] = "{{a: b}: c}";
    e = load_fail(map_key, sizeof map_key - 1, "k.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'k.yml':1:2: mapping keys must be scalars, found a mapping");
    const char alias_key[] = "a: &m {x: 1}\n*m : 2\n";
    e = load_fail(alias_key, sizeof alias_key - 1, "k.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'k.yml':2:1: mapping keys must be scalars, found a mapping");

    /* An alias to a scalar is a fine key; "<<" is an ordinary key. */
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r = root1("a: &k key\n*k : v\n<<: {a: 1}\n", &d);
    assert_int_equal(r->n, 3);
    assert_scalar(gf_yaml_get(r, "key"), "v", true);
    const gf_yaml_node *merge = gf_yaml_get(r, "<<");
    assert_int_equal(merge->type, GF_YAML_MAP);
    assert_scalar(gf_yaml_get(r, "a"), "key", true); /* not merged over */
    gf_yaml_docs_release(&d);
}

static void test_anchors_and_aliases(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r = root1("base: &b {x: 1, y: [2, 3]}\n"
                                  "use: *b\n"
                                  "s: &s hello\n"
                                  "t: [*s, *s]\n",
                                  &d);
    const gf_yaml_node *base = gf_yaml_get(r, "base"), *use = gf_yaml_get(r, "use");
    assert_int_equal(use->type, GF_YAML_MAP);
    assert_ptr_not_equal(use, base); /* a copy: consumers walk a tree */
    assert_int_equal(use->n, 2);
    assert_scalar(gf_yaml_get(use, "x"), "1", true);
    const gf_yaml_node *y = gf_yaml_get(use, "y");
    assert_ptr_not_equal(y, gf_yaml_get(base, "y"));
    assert_int_equal(y->n, 2);
    assert_scalar(y->items[1], "3", true);
    /* The copy's root sits at the alias, its insides at the anchor. */
    assert_pos(use, 2, 6);
    assert_pos(base, 1, 7);
    assert_pos(use->items[0], 1, 11);
    assert_pos(y, 1, 20);
    const gf_yaml_node *t = gf_yaml_get(r, "t");
    assert_scalar(t->items[0], "hello", true);
    assert_scalar(t->items[1], "hello", true);
    assert_pos(t->items[1], 4, 9);
    gf_yaml_docs_release(&d);

    /* A later anchor of the same name shadows the first. */
    r = root1("a: &x 1\nb: &x 2\nc: *x\n", &d);
    assert_scalar(gf_yaml_get(r, "c"), "2", true);
    gf_yaml_docs_release(&d);

    /* Aliases inside an anchored collection see earlier anchors. */
    r = root1("a: &outer [&inner 5, *inner]\nb: *outer\n", &d);
    assert_scalar(gf_yaml_get(r, "b")->items[1], "5", true);
    gf_yaml_docs_release(&d);

    const char undefined[] = "a: *nope\n";
    gf_error e = load_fail(undefined, sizeof undefined - 1, "a.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'a.yml':1:4: undefined alias 'nope'");
    const char self[] = "a: &x [1, *x]\n";
    e = load_fail(self, sizeof self - 1, "a.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'a.yml':1:11: alias 'x' refers to a node that contains it");
    const char self_map[] = "a: &x\n  b: *x\n";
    e = load_fail(self_map, sizeof self_map - 1, "a.yml", GF_ESYNTAX);
    assert_non_null(strstr(e.message, "refers to a node that contains it"));
    /* Anchors do not cross documents. */
    const char cross[] = "a: &x 1\n---\nb: *x\n";
    e = load_fail(cross, sizeof cross - 1, "a.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'a.yml':3:4: undefined alias 'x'");
}

/* The classic: nine levels of ten aliases each, a billion strings. */
static void test_billion_laughs(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    gf_buf_adds(&b,
                "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                "\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
        gf_buf_printf(&b, "%c: &%c [", c, c);
        for (int k = 0; k < 10; k++)
            gf_buf_printf(&b, "%s*%c", k ? "," : "", c - 1);
        gf_buf_adds(&b, "]\n");
    }
    clock_t t0 = clock();
    gf_error e = load_fail(b.ptr, b.len, "lol.yml", GF_ETOOBIG);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_non_null(strstr(e.message, "document too large (more than 1000000 nodes"));
    assert_true(strncmp(e.message, "'lol.yml':", 10) == 0);
    assert_true(e.line >= 6 && e.line <= 8); /* the budget runs out at level f, g or h */
    assert_true(secs < 20.0);

    /* The same under budget: three levels, every copy in place. */
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const char *cut = strstr(b.ptr, "d: ");
    gf_buf_setlen(&b, (size_t)(cut - b.ptr));
    const gf_yaml_node *r = root1(b.ptr, &d);
    const gf_yaml_node *c = gf_yaml_get(r, "c");
    assert_int_equal(c->n, 10);
    for (size_t i = 0; i < 10; i++) {
        assert_int_equal(c->items[i]->type, GF_YAML_SEQ);
        assert_int_equal(c->items[i]->n, 10);
        for (size_t j = 0; j < 10; j++) {
            assert_int_equal(c->items[i]->items[j]->n, 10);
            assert_scalar(c->items[i]->items[j]->items[9], "lol", false);
        }
    }
    gf_yaml_docs_release(&d);
    gf_buf_release(&b);

    /* The budget covers the whole stream, not one document. */
    gf_buf_init(&b, 0);
    for (int i = 0; i < 3; i++) {
        gf_buf_adds(&b, "---\na: &a [");
        for (int k = 0; k < 1000; k++)
            gf_buf_adds(&b, k ? ",x" : "x");
        gf_buf_adds(&b, "]\nb: [");
        for (int k = 0; k < 400; k++)
            gf_buf_adds(&b, k ? ",*a" : "*a");
        gf_buf_adds(&b, "]\n");
    }
    e = load_fail(b.ptr, b.len, "many.yml", GF_ETOOBIG);
    assert_true(e.line > 2); /* the first document alone fits */
    gf_buf_release(&b);
}

/* n nested flow sequences around a scalar. */
static void nested_flow(gf_buf *b, int n)
{
    for (int i = 0; i < n; i++)
        gf_buf_addc(b, '[');
    gf_buf_addc(b, 'x');
    for (int i = 0; i < n; i++)
        gf_buf_addc(b, ']');
}

static void test_depth_limit(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    nested_flow(&b, GF_YAML_MAX_DEPTH);
    const gf_yaml_node *r = root1(b.ptr, &d);
    int levels = 0;
    for (; r->type == GF_YAML_SEQ; r = r->items[0])
        levels++;
    assert_int_equal(levels, GF_YAML_MAX_DEPTH);
    assert_scalar(r, "x", true);
    gf_yaml_docs_release(&d);

    gf_buf_clear(&b);
    nested_flow(&b, GF_YAML_MAX_DEPTH + 1);
    gf_error e = load_fail(b.ptr, b.len, "deep.yml", GF_ETOOBIG);
    assert_string_equal(e.message, "'deep.yml':1:257: nesting deeper than 256 levels");

    /* Block style, and far deeper input stops at the limit. */
    gf_buf_clear(&b);
    for (int i = 0; i < GF_YAML_MAX_DEPTH + 1; i++)
        gf_buf_adds(&b, "- ");
    gf_buf_adds(&b, "x\n");
    e = load_fail(b.ptr, b.len, "deep.yml", GF_ETOOBIG);
    assert_int_equal(e.column, 2 * GF_YAML_MAX_DEPTH + 1);
    gf_buf_clear(&b);
    nested_flow(&b, 200000);
    load_fail(b.ptr, b.len, "deep.yml", GF_ETOOBIG);
    gf_buf_clear(&b);
    for (int i = 0; i < 200000; i++)
        gf_buf_adds(&b, "{a: ");
    load_fail(b.ptr, b.len, "deep.yml", GF_ETOOBIG);

    /* Aliases count: a 200-deep anchor used 60 levels down is too deep,
     * 50 levels down fits (1 for the root mapping + 50 + 200). */
    for (int down = 50; down <= 60; down += 10) {
        gf_buf_clear(&b);
        gf_buf_adds(&b, "a: &a ");
        nested_flow(&b, 200);
        gf_buf_adds(&b, "\nb: ");
        for (int i = 0; i < down; i++)
            gf_buf_addc(&b, '[');
        gf_buf_adds(&b, "*a ");
        for (int i = 0; i < down; i++)
            gf_buf_addc(&b, ']');
        gf_buf_addc(&b, '\n');
        if (down == 50) {
            r = root1(b.ptr, &d);
            levels = 0;
            for (r = gf_yaml_get(r, "b"); r->type == GF_YAML_SEQ; r = r->items[0])
                levels++;
            assert_int_equal(levels, 250);
            gf_yaml_docs_release(&d);
        } else {
            e = load_fail(b.ptr, b.len, "alias.yml", GF_ETOOBIG);
            assert_string_equal(e.message, "'alias.yml':2:64: nesting deeper than 256 levels");
        }
    }
    gf_buf_release(&b);
}

static void test_bad_bytes(void **state)
{
    (void)state;
    const char nul[] = "a: b\0c\n";
    gf_error e = load_fail(nul, sizeof nul - 1, "n.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'n.yml':1:5: control characters are not allowed (U+0000)");
    assert_int_equal(e.offset, 4);
    const char ff[] = "a: 1\nb: \xff\n";
    e = load_fail(ff, sizeof ff - 1, "f.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'f.yml':2:4: invalid leading UTF-8 octet (byte 0xff)");
    assert_int_equal(e.offset, 8);
    const char cut[] = "a: \xc3";
    e = load_fail(cut, sizeof cut - 1, "c.yml", GF_ESYNTAX);
    assert_non_null(strstr(e.message, "incomplete UTF-8 octet sequence"));
    const char bell[] = "a: \x07\n";
    e = load_fail(bell, sizeof bell - 1, "b.yml", GF_ESYNTAX);
    assert_non_null(strstr(e.message, "control characters are not allowed (U+0007)"));
    /* UTF-16 is not read (serde_yaml reads UTF-8 only). */
    const char utf16[] = "\xff\xfe"
                         "a\0:\0 \0"
                         "1\0";
    load_fail(utf16, sizeof utf16 - 1, "u.yml", GF_ESYNTAX);
    /* A BOM after the BOM offset is accounted for in byte offsets. */
    const char bom[] = "\xEF\xBB\xBF"
                       "a: \x01\n";
    e = load_fail(bom, sizeof bom - 1, "bom.yml", GF_ESYNTAX);
    assert_int_equal(e.column, 4);
    assert_int_equal(e.offset, 6);

    /* Random bytes, with YAML punctuation mixed in: errors, never crashes. */
    static const char alphabet[] = "-:?[]{},&*!|>'\"%@`#\n\t abc~\\\0\xff\xc3\xa9";
    uint64_t seed = 0x9e3779b97f4a7c15u;
    char buf[256];
    size_t loaded = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(seed % sizeof buf);
        for (size_t i = 0; i < n; i++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            buf[i] = (seed >> 40) % 4 == 0 ? (char)(seed >> 8)
                                           : alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        gf_yaml_docs d = GF_YAML_DOCS_INIT;
        gf_error f = GF_ERROR_INIT;
        int rc = gf_yaml_load(buf, n, "r.yml", &d, &f);
        if (rc == 0) {
            loaded++;
            assert_int_equal(f.code, 0);
        } else {
            assert_int_equal(f.code, rc);
            assert_true(strncmp(f.message, "'r.yml':", 8) == 0);
            assert_true(f.offset <= n);
            assert_int_equal(d.len, 0);
        }
        gf_yaml_docs_release(&d);
    }
    assert_true(loaded > 0); /* the generator also makes valid YAML */
}

static void test_tags(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r = root1(
        "a: !!str 12\nb: ! 12\nc: !!int '12'\nd: !!map {x: 1}\ne: !!seq [1]\nf: !!bool true\n", &d);
    long long v;
    assert_scalar(gf_yaml_get(r, "a"), "12", false);
    assert_false(gf_yaml_int(gf_yaml_get(r, "a"), &v));
    assert_scalar(gf_yaml_get(r, "b"), "12", false);
    assert_true(gf_yaml_int(gf_yaml_get(r, "c"), &v));
    assert_int_equal(v, 12);
    assert_int_equal(gf_yaml_get(r, "d")->type, GF_YAML_MAP);
    assert_int_equal(gf_yaml_get(r, "e")->type, GF_YAML_SEQ);
    bool bv;
    assert_true(gf_yaml_bool(gf_yaml_get(r, "f"), &bv));
    assert_true(bv);
    gf_yaml_docs_release(&d);

    const char custom[] = "a: !custom x\n";
    gf_error e = load_fail(custom, sizeof custom - 1, "t.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'t.yml':1:4: unsupported tag '!custom'");
    const char mismatch[] = "a: !!map x\n";
    e = load_fail(mismatch, sizeof mismatch - 1, "t.yml", GF_ESYNTAX);
    assert_string_equal(e.message, "'t.yml':1:4: unsupported tag 'tag:yaml.org,2002:map'");
}

/* Every allocation goes through the hooks and is returned, on success and
 * on every kind of error. */
static long live;
static void *count_malloc(size_t n)
{
    live++;
    return malloc(n);
}
static void *count_realloc(void *p, size_t n)
{
    if (!p)
        live++;
    return realloc(p, n);
}
static void count_free(void *p)
{
    if (p)
        live--;
    free(p);
}

static void test_allocations_released(void **state)
{
    (void)state;
    static const gf_alloc_hooks counting = {count_malloc, count_realloc, count_free};
    static const char *const inputs[] = {
        "a: &x {b: [1, 2, *y]}\n",
        "a: &x {b: [1, 2]}\nc: *x\n---\nd: [*x]\n",
        "a: &x {b: [1, 2]}\nc: *x\n---\nd: e\n",
        "a: 1\na: 2\n",
        "a: [1, 2\n",
        "a: \xff\n",
        "{[a]: b}\n",
    };
    gf_set_alloc_hooks(&counting);
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        long before = live;
        gf_yaml_docs d = GF_YAML_DOCS_INIT;
        gf_error e = GF_ERROR_INIT;
        int rc = gf_yaml_load(inputs[i], strlen(inputs[i]), "m.yml", &d, &e);
        assert_int_equal(rc, i == 2 ? 0 : GF_ESYNTAX);
        if (rc == 0)
            assert_true(live > before); /* the tree lives in hooked memory */
        else
            assert_int_equal(live, before);
        gf_yaml_docs_release(&d);
        assert_int_equal(live, before);
    }
    gf_set_alloc_hooks(NULL);
}

/* Loads run concurrently without shared state. */
static void *load_many(void *arg)
{
    const char *doc = arg;
    for (int i = 0; i < 200; i++) {
        gf_yaml_docs d = GF_YAML_DOCS_INIT;
        gf_error e = GF_ERROR_INIT;
        if (gf_yaml_load(doc, strlen(doc), "p.yml", &d, &e) != 0 || d.len != 2)
            return (void *)1;
        const gf_yaml_node *ids = gf_yaml_get(d.items[1].root, "ids");
        if (!ids || ids->n != 3 || strcmp(ids->items[2]->str, "z"))
            return (void *)1;
        gf_yaml_docs_release(&d);
        if (gf_yaml_load("a: 1\na: 2\n", 10, "q.yml", &d, &e) != GF_ESYNTAX ||
            strcmp(e.message, "'q.yml':2:1: duplicate key 'a' (first at 1:1)") != 0)
            return (void *)1;
        gf_yaml_docs_release(&d);
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    static const char doc[] = "id: r\nrule: {pattern: x}\n---\nids: &i [x, y, z]\nmore: *i\n";
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, load_many, (void *)doc), 0);
    for (int i = 0; i < 4; i++) {
        void *ret;
        assert_int_equal(pthread_join(t[i], &ret), 0);
        assert_null(ret);
    }
}

/* ---- writing ---- */

/* {key: value} as the writer writes it; the caller frees. */
static char *write_pair(const char *k, size_t kn, const char *v, size_t vn)
{
    gf_buf b = GF_BUF_INIT;
    gf_yaml_writer *w = gf_yaml_writer_new(&b);
    gf_yaml_write_map_start(w);
    gf_yaml_write_str(w, k, kn);
    gf_yaml_write_str(w, v, vn);
    gf_yaml_write_map_end(w);
    gf_error e = GF_ERROR_INIT;
    if (gf_yaml_writer_finish(w, &e) != 0)
        fail_msg("write failed: %s", e.message);
    return gf_buf_detach(&b, NULL);
}

/* How "v" is written as a value (after "k: "), and as a key ("...:"). */
static void check_value(const char *v, const char *want)
{
    char *got = write_pair("k", 1, v, strlen(v));
    char *exp = gf_malloc(strlen(want) + 8);
    sprintf(exp, "k: %s\n", want);
    if (strcmp(got, exp) != 0)
        fail_msg("value %s: got [%s], want [%s]", v, got, exp);
    gf_free(exp);
    gf_free(got);
}

static void check_key(const char *k, const char *want)
{
    char *got = write_pair(k, strlen(k), "v", 1);
    char *exp = gf_malloc(strlen(want) + 8);
    sprintf(exp, "%s: v\n", want);
    if (strcmp(got, exp) != 0)
        fail_msg("key %s: got [%s], want [%s]", k, got, exp);
    gf_free(exp);
    gf_free(got);
}

/* The layout of ast-grep's snapshot files: nested maps two spaces deeper,
 * sequences at their key's column, a map item's first key after "- ",
 * empty collections in flow form. */
static void test_write_layout(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    gf_yaml_writer *w = gf_yaml_writer_new(&b);
    gf_yaml_write_map_start(w);
    gf_yaml_write_str(w, "id", 2);
    gf_yaml_write_str(w, "r", 1);
    gf_yaml_write_str(w, "snapshots", 9);
    gf_yaml_write_map_start(w);
    gf_yaml_write_str(w, "f(1)", 4);
    gf_yaml_write_map_start(w);
    gf_yaml_write_str(w, "labels", 6);
    gf_yaml_write_seq_start(w);
    gf_yaml_write_map_start(w);
    gf_yaml_write_str(w, "source", 6);
    gf_yaml_write_str(w, "a\n  b", 5);
    gf_yaml_write_str(w, "end", 3);
    gf_yaml_write_uint(w, 18446744073709551615ULL);
    gf_yaml_write_map_end(w);
    gf_yaml_write_map_start(w);
    gf_yaml_write_map_end(w);
    gf_yaml_write_str(w, "x", 1);
    gf_yaml_write_seq_end(w);
    gf_yaml_write_str(w, "none", 4);
    gf_yaml_write_seq_start(w);
    gf_yaml_write_seq_end(w);
    gf_yaml_write_str(w, "empty", 5);
    gf_yaml_write_map_start(w);
    gf_yaml_write_map_end(w);
    gf_yaml_write_map_end(w);
    gf_yaml_write_map_end(w);
    gf_yaml_write_map_end(w);
    gf_error e = GF_ERROR_INIT;
    assert_int_equal(gf_yaml_writer_finish(w, &e), 0);
    assert_string_equal(b.ptr, "id: r\n"
                               "snapshots:\n"
                               "  f(1):\n"
                               "    labels:\n"
                               "    - source: |-\n"
                               "        a\n"
                               "          b\n"
                               "      end: 18446744073709551615\n"
                               "    - {}\n"
                               "    - x\n"
                               "    none: []\n"
                               "    empty: {}\n");
    gf_buf_release(&b);

    /* An empty root, nested sequences, a block scalar as an item. */
    w = gf_yaml_writer_new(&b);
    gf_yaml_write_map_start(w);
    gf_yaml_write_map_end(w);
    assert_int_equal(gf_yaml_writer_finish(w, &e), 0);
    assert_string_equal(b.ptr, "{}\n");
    gf_buf_clear(&b);
    w = gf_yaml_writer_new(&b);
    gf_yaml_write_seq_start(w);
    gf_yaml_write_seq_start(w);
    gf_yaml_write_str(w, "a", 1);
    gf_yaml_write_str(w, "b\nc", 3);
    gf_yaml_write_seq_end(w);
    gf_yaml_write_seq_end(w);
    assert_int_equal(gf_yaml_writer_finish(w, &e), 0);
    assert_string_equal(b.ptr, "- - a\n  - |-\n    b\n    c\n");
    gf_buf_release(&b);
}

/* serde-saphyr's choice between plain, single- and double-quoted values
 * (YAML 1.1 types quoted, ": " and " #", indicators, edge spaces). */
static void test_write_quoting(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"a", "a"},
        {"x = y", "x = y"},
        {"a = [1]", "a = [1]"},
        {"a,b", "a,b"},
        {"a#b", "a#b"},
        {"a:b", "a:b"},
        {"-a", "-a"},
        {"?a", "?a"},
        {"a'b", "a'b"},
        {"a\"b", "a\"b"},
        {"a\\b", "a\\b"},
        {"ü 日本", "ü 日本"},
        {"a\xC2\xA0"
         "b",
         "a\xC2\xA0"
         "b"},
        {"no\xC2\xA0", "no\xC2\xA0"},
        {"0xg", "0xg"},
        {"1:60", "1:60"},
        {"0:20", "0:20"},
        {"+-", "+-"},
        {".i_nf", ".i_nf"},
        {"", "\"\""},
        {"1", "\"1\""},
        {"-1", "\"-1\""},
        {"01", "\"01\""},
        {"1_000", "\"1_000\""},
        {"_1", "\"_1\""},
        {"1.5", "\"1.5\""},
        {".5", "\".5\""},
        {"1.2.3", "\"1.2.3\""},
        {"1e3", "\"1e3\""},
        {".e3", "\".e3\""},
        {"0x1F", "\"0x1F\""},
        {"0B10", "\"0B10\""},
        {"0b+1", "\"0b+1\""},
        {"0o7", "\"0o7\""},
        {"1:20", "\"1:20\""},
        {"1:20.5", "\"1:20.5\""},
        {"2001-12-14", "\"2001-12-14\""},
        {"2001-1-2 3:4:5,6 -5", "\"2001-1-2 3:4:5,6 -5\""},
        {".inf", "\".inf\""},
        {"-.Inf", "\"-.Inf\""},
        {"nan", "\"nan\""},
        {"-INF", "\"-INF\""},
        {"..", "\"..\""},
        {"yes", "\"yes\""},
        {"yEs", "\"yEs\""},
        {"N", "\"N\""},
        {"off", "\"off\""},
        {"tRuE", "\"tRuE\""},
        {"nULL", "\"nULL\""},
        {"~", "\"~\""},
        {"=", "\"=\""},
        {"<<", "\"<<\""},
        {".", "'.'"},
        {"#", "'#'"},
        {"-", "'-'"},
        {"?", "\"?\""},
        {"- a", "\"- a\""},
        {"? a", "\"? a\""},
        {"---", "\"---\""},
        {"... a", "\"... a\""},
        {"#a", "\"#a\""},
        {"a #", "\"a #\""},
        {"a\xC2\xA0#", "\"a\xC2\xA0#\""},
        {"a: b", "\"a: b\""},
        {"a:", "\"a:\""},
        {"a :", "\"a :\""},
        {":a", "\":a\""},
        {",a", "\",a\""},
        {"[a", "\"[a\""},
        {"{a", "\"{a\""},
        {"'a", "\"'a\""},
        {"\"a", "\"\\\"a\""},
        {"&a", "\"&a\""},
        {"*a", "\"*a\""},
        {"!a", "\"!a\""},
        {"|a", "\"|a\""},
        {">a", "\">a\""},
        {"%a", "\"%a\""},
        {"@a", "\"@a\""},
        {"`a", "\"`a\""},
        {" a", "\" a\""},
        {"a ", "\"a \""},
        {"a\tb", "\"a\\tb\""},
        {"a\r\nb", "\"a\\r\\nb\""},
        {"\x01\x07\x08\x0b\x0c\x1b\x7f", "\"\\x01\\a\\b\\v\\f\\e\\x7F\""},
        {"\xC2\x85\xC2\x9F\xE2\x80\xA8\xE2\x80\xA9\xEF\xBB\xBF\xEF\xBF\xBE",
         "\"\\N\\x9F\\L\\P\\uFEFF\\uFFFE\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_value(cases[i][0], cases[i][1]);
    /* NUL, with explicit lengths */
    char *got = write_pair("k", 1, "a\0b", 3);
    assert_string_equal(got, "k: \"a\\0b\"\n");
    gf_free(got);

    /* Keys: never blocks or single quotes; ',', '[', ']', '{', '}' and ':'
     * anywhere are quoted; a long key stays on its line. */
    check_key("a b", "a b");
    check_key("a#b", "a#b");
    check_key("-a", "-a");
    check_key("a,b", "\"a,b\"");
    check_key("a = [1]", "\"a = [1]\"");
    check_key("a:b", "\"a:b\"");
    check_key(".", "\".\"");
    check_key("#", "\"#\"");
    check_key("yes", "\"yes\"");
    check_key("  a\nb", "\"  a\\nb\"");
    check_key("a\n", "\"a\\n\"");
    char long_key[141];
    memset(long_key, 'y', 140);
    long_key[140] = '\0';
    check_key(long_key, long_key);
}

/* Literal blocks (chomping, indentation indicator, blank lines keep their
 * indentation) and folded blocks for long lines. */
static void test_write_blocks(void **state)
{
    (void)state;
    check_value("a\nb", "|-\n  a\n  b");
    check_value("a\n", "|\n  a");
    check_value("a\n\n", "|+\n  a\n  ");
    check_value("a\n\nb\n", "|\n  a\n  \n  b");
    check_value("\n", "|+\n  ");
    check_value("\na", "|-\n  \n  a");
    check_value("  a\nb", "|2-\n    a\n  b");
    check_value("\n  a", "|2-\n  \n    a");
    check_value("a \n\tb", "|-\n  a \n  \tb");
    check_value("a\x01\nb", "\"a\\x01\\nb\"");
    check_value("a\r\nb", "\"a\\r\\nb\"");
    check_value("a\xE2\x80\xA8\nb", "\"a\\L\\nb\"");

    char line[200];
    memset(line, 'x', 81);
    line[81] = '\0';
    char want[300];
    snprintf(want, sizeof want, ">-\n  %s", line);
    check_value(line, want); /* no space: not wrapped */
    line[80] = '\0';
    check_value(line, line); /* 80 characters: plain */
    /* 16 words of 4 fit in 80 columns; a run of n spaces leaves n-1 */
    snprintf(line, sizeof line, "%s", "");
    for (int i = 0; i < 20; i++)
        strcat(line, i ? " word" : "word");
    strcat(line, "  ");
    check_value(line, ">-\n  word word word word word word word word word word word word word word "
                      "word word\n  word word word word  ");
    check_value("a: word word word word word word word word word word word word word word word "
                "word word",
                "\"a: word word word word word word word word word word word word word word word "
                "word word\"");
}

static void test_write_errors(void **state)
{
    (void)state;
    gf_buf b = GF_BUF_INIT;
    gf_error e = GF_ERROR_INIT;
    gf_yaml_writer *w = gf_yaml_writer_new(&b);
    gf_yaml_write_map_start(w);
    gf_yaml_write_str(w, "k", 1);
    gf_yaml_write_str(w, "\xff", 1);
    gf_yaml_write_map_end(w);
    assert_int_equal(gf_yaml_writer_finish(w, &e), GF_EINVAL);
    assert_string_equal(e.message, "cannot write YAML: a string is not valid UTF-8");

    w = gf_yaml_writer_new(&b);
    gf_yaml_write_map_start(w);
    gf_yaml_write_seq_start(w);
    assert_int_equal(gf_yaml_writer_finish(w, &e), GF_EINVAL);
    assert_string_equal(e.message, "cannot write YAML: a mapping key must be a scalar");

    w = gf_yaml_writer_new(&b);
    gf_yaml_write_map_start(w);
    gf_yaml_write_str(w, "k", 1);
    gf_yaml_write_map_end(w);
    assert_int_equal(gf_yaml_writer_finish(w, &e), GF_EINVAL);

    w = gf_yaml_writer_new(&b);
    gf_yaml_write_seq_start(w);
    assert_int_equal(gf_yaml_writer_finish(w, &e), GF_EINVAL);
    assert_string_equal(e.message, "cannot write YAML: the document is incomplete");

    w = gf_yaml_writer_new(&b);
    gf_yaml_write_str(w, "a", 1);
    gf_yaml_write_str(w, "b", 1);
    assert_int_equal(gf_yaml_writer_finish(w, &e), GF_EINVAL);
    assert_string_equal(e.message, "cannot write YAML: more than one root node");
    gf_buf_release(&b);
}

/* What the writer writes reads back as the same strings, including blocks
 * whose first line starts with a tab (which libyaml cannot read without an
 * indentation indicator; the loader supplies it). */
static void test_write_read_back(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "a",
        "1",
        "yes",
        "",
        " a ",
        "a\nb",
        "  a\nb\n\n",
        "\ta\nb",
        "\n\n\tx\n",
        "a\n\tb",
        "x\n  \n\ty",
        "- a",
        "a: b",
        "\"'\\",
        "\xC2\x85\xEF\xBB\xBF",
        "a\r\nb\r",
        "\xF0\x9F\x98\x80",
        "word word word word word word word word word word word word word word word word word  x",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        for (int as_key = 0; as_key < 2; as_key++) {
            const char *t = texts[i];
            char *y = as_key ? write_pair(t, strlen(t), "v", 1) : write_pair("k", 1, t, strlen(t));
            gf_yaml_docs d = GF_YAML_DOCS_INIT;
            const gf_yaml_node *r = root1(y, &d);
            assert_int_equal(r->type, GF_YAML_MAP);
            const gf_yaml_node *n = r->items[as_key ? 0 : 1];
            if (n->len != strlen(t) || memcmp(n->str, t, n->len) != 0)
                fail_msg("%s read back as [%s] from [%s]", t, n->str, y);
            gf_yaml_docs_release(&d);
            gf_free(y);
        }
    }
}

/* Tab-led blocks as another writer lays them out: under sequences, with
 * leading blank lines, at the top; a real misplaced tab stays an error. */
static void test_tab_led_blocks(void **state)
{
    (void)state;
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    const gf_yaml_node *r =
        root1("a:\n  - s: |-\n      \tx\n      y\n    t: >\n      \n      \tz\n", &d);
    const gf_yaml_node *item = gf_yaml_get(r, "a")->items[0];
    assert_scalar(gf_yaml_get(item, "s"), "\tx\ny", false);
    assert_scalar(gf_yaml_get(item, "t"), "\n\tz\n", false);
    assert_int_equal(gf_yaml_get(item, "t")->line, 5);
    assert_int_equal(gf_yaml_get(item, "t")->col, 8);
    gf_yaml_docs_release(&d);
    r = root1("--- |\n \tq\n", &d);
    assert_scalar(r, "\tq\n", false);
    gf_yaml_docs_release(&d);
    const char bad[] = "a: |2\n \tq\n";
    gf_error e = load_fail(bad, sizeof bad - 1, "t.yml", GF_ESYNTAX);
    assert_non_null(strstr(e.message, "found a tab character"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar_styles),
        cmocka_unit_test(test_null_forms),
        cmocka_unit_test(test_bools),
        cmocka_unit_test(test_ints),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_nested_and_positions),
        cmocka_unit_test(test_flow_style),
        cmocka_unit_test(test_multi_document),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_non_scalar_keys),
        cmocka_unit_test(test_anchors_and_aliases),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_allocations_released),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_write_layout),
        cmocka_unit_test(test_write_quoting),
        cmocka_unit_test(test_write_blocks),
        cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_write_read_back),
        cmocka_unit_test(test_tab_led_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
