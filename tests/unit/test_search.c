/* test_search: line-oriented search (whole-buffer and per-line modes agree). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "repo/search.h"
#include "util/buf.h"

static gf_search *compile(const char *pattern, bool literal, bool icase, bool word)
{
    gf_search_opts o = {literal, icase, word};
    gf_search *s = NULL;
    gf_error err = GF_ERROR_INIT;
    if (gf_search_compile(pattern, strlen(pattern), &o, &s, &err) != 0)
        fail_msg("compiling '%s': %s", pattern, err.message);
    return s;
}

/* "N,N,..." of the 1-based numbers of the matching lines of data[0..len). */
static void lines_of(const gf_search *s, const char *data, size_t len, gf_buf *out)
{
    gf_search_scratch *m = gf_search_scratch_new(s);
    size_t pos = 0, ls, le;
    gf_search_begin(s, m, data, len);
    gf_buf_clear(out);
    while (gf_search_next_line(s, m, data, len, pos, &ls, &le, NULL) == 1) {
        size_t n = 1;
        for (size_t i = 0; i < ls; i++)
            n += data[i] == '\n';
        assert_true(le <= len && (le == len || data[le] == '\n'));
        assert_true(ls == 0 || data[ls - 1] == '\n');
        gf_buf_printf(out, "%s%zu", out->len ? "," : "", n);
        pos = le + 1;
    }
    gf_search_scratch_delete(m);
}

/* The same, the slow way: each line on its own; without begin, with the
 * pattern's Unicode variant whatever the subject. */
static void lines_naive(const gf_search *s, const char *data, size_t len, bool begin, gf_buf *out)
{
    gf_search_scratch *m = gf_search_scratch_new(s);
    if (begin)
        gf_search_begin(s, m, data, len);
    gf_buf_clear(out);
    size_t n = 1;
    for (size_t pos = 0; pos < len; n++) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t e = nl ? (size_t)(nl - data) : len;
        if (gf_search_line_matches(s, m, data + pos, e - pos, NULL) == 1)
            gf_buf_printf(out, "%s%zu", out->len ? "," : "", n);
        pos = e + 1;
    }
    gf_search_scratch_delete(m);
}

static void check_lines(const char *pattern, const char *data, const char *want)
{
    gf_search *s = compile(pattern, false, false, false);
    gf_buf got = GF_BUF_INIT;
    lines_of(s, data, strlen(data), &got);
    if (strcmp(got.ptr, want) != 0)
        fail_msg("'%s' over '%s': got lines [%s], want [%s]", pattern, data, got.ptr, want);
    gf_buf_release(&got);
    gf_search_delete(s);
}

static void test_line_semantics(void **state)
{
    (void)state;
    /* Matches never span lines, whatever \s and negated classes allow. */
    check_lines("a\\s+b", "a\nb\na b\n", "3");
    check_lines("a[^x]b", "a\nb\naxb\nayb", "4");
    check_lines("\\s$", "a \nb\n", "1");
    /* Anchors work per line, in both modes (lookarounds force per-line). */
    check_lines("^b", "a\nb\nab\n", "2");
    check_lines("a$", "a\nab\nba\r\nba", "1,4");
    check_lines("\\Ab", "a\nb\n", "2");
    check_lines("a\\z", "a\nb\n", "1");
    check_lines("(?<=\\n)b", "a\nb\n", "");
    check_lines("a(?=\\n)", "a\nb\n", "");
    check_lines("a\\Kb", "a\nb\nab", "3");
    /* A final '\n' ends the last line; it does not start another. */
    check_lines("^$", "a\n\nb\n", "2");
    check_lines("", "a\nb\n", "1,2");
    check_lines("", "a\nb", "1,2");
    check_lines("", "", "");
    check_lines("^", "\n", "1");
    check_lines("x*$", "a\n", "1");
}

static void test_buffer_mode_agrees(void **state)
{
    (void)state;
    static const char *const patterns[] = {
        "a\\s*b", "\\s+", "[^a]b", "^$", "$", "b$", "^a", "a|b\\r", "x*", "\\bab", "a.b", "\\W+a",
        "(a|b\\s)+$", "é\\s", "\\Rb", "b\\X", "\\v", "[\\S]", "\\Bb\\B", "(?i)A\\h*B", "(?s)a.b",
        "\\N+$", "(?m)^b\\z", "\\w+\\s", "\\b\\w\\b", "[[:alpha:]]+ ", "(?i)\\W+B", "\\d|\\S$",
        /* with a required literal (the prefilter) */
        "[^b]ab", "\\s?ab a", "b+aab", "(a|b)ab\\s", "\\Wab$"};
    static const char alphabet[] = "ab \n\r\xc3\xa9\xff"; /* the first five are ASCII */
    gf_buf data = GF_BUF_INIT, got = GF_BUF_INIT, want = GF_BUF_INIT;
    srand(7);
    for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
        gf_search *s = compile(patterns[p], false, false, false);
        for (int round = 0; round < 600; round++) {
            /* Every other subject is ASCII: the ASCII variant must agree
             * with the Unicode one there. */
            bool ascii = round % 2;
            gf_buf_clear(&data);
            int n = rand() % 24;
            for (int i = 0; i < n; i++)
                gf_buf_addc(&data, alphabet[rand() % (ascii ? 5 : sizeof alphabet - 1)]);
            lines_of(s, data.ptr, data.len, &got);
            lines_naive(s, data.ptr, data.len, true, &want);
            if (strcmp(got.ptr, want.ptr) != 0)
                fail_msg("'%s' over a %zu-byte subject: got [%s], per line [%s]", patterns[p],
                         data.len, got.ptr, want.ptr);
            lines_naive(s, data.ptr, data.len, false, &want);
            if (strcmp(got.ptr, want.ptr) != 0)
                fail_msg("'%s' over a %zu-byte subject: got [%s], Unicode variant [%s]",
                         patterns[p], data.len, got.ptr, want.ptr);
        }
        gf_search_delete(s);
    }
    gf_buf_release(&data);
    gf_buf_release(&got);
    gf_buf_release(&want);
}

/* "s-e,s-e" of the submatches of one line. */
static void check_subs(const char *pattern, bool literal, bool icase, bool word, const char *line,
                       const char *want)
{
    gf_search *s = compile(pattern, literal, icase, word);
    gf_search_scratch *m = gf_search_scratch_new(s);
    gf_buf got = GF_BUF_INIT;
    size_t pos = 0, last = GF_SEARCH_NONE, a, b;
    while (gf_search_line_next(s, m, line, strlen(line), &pos, &last, &a, &b, NULL) == 1)
        gf_buf_printf(&got, "%s%zu-%zu", got.len ? "," : "", a, b);
    if (strcmp(got.ptr, want) != 0)
        fail_msg("'%s' in '%s': got [%s], want [%s]", pattern, line, got.ptr, want);
    gf_buf_release(&got);
    gf_search_scratch_delete(m);
    gf_search_delete(s);
}

static void test_submatches(void **state)
{
    (void)state;
    /* Rust's find_iter: no empty match right where the last one ended. */
    check_subs("o*", false, false, false, "fooZ", "0-0,1-3,4-4");
    check_subs("x*", false, false, false, "ab", "0-0,1-1,2-2");
    /* Empty matches step over whole characters. */
    check_subs("x*", false, false, false, "\xc3\x96r", "0-0,2-2,3-3");
    check_subs("x*", false, false, false, "\xffr", "0-0,1-1,2-2");
    check_subs("foo", true, false, false, "foofoo foo", "0-3,3-6,7-10");
    check_subs("a.b", true, false, false, "a.b axb a.b", "0-3,8-11");
    check_subs("A.B", true, true, false, "a.b axb A.b", "0-3,8-11");
    check_subs("\xc3\x84RGER", false, true, false, "\xc3\xa4rger", "0-6");
    check_subs("", true, false, false, "ab", "0-0,1-1,2-2");
}

static void test_word(void **state)
{
    (void)state;
    check_subs("foo", false, false, true, "a-foo-b foo_x -foo foobar", "2-5,15-18");
    /* Not \b: a pattern that starts with a non-word character still
     * matches at the start of a line (grep's and ripgrep's -w). */
    check_subs("-foo", false, false, true, "-foo a-foo", "0-4");
    check_subs("foo|foobar", false, false, true, "foobar", "0-6");
    check_subs("na\xc3\xafve", false, false, true, "na\xc3\xafve na\xc3\xafvety", "0-6");
    /* The wrapper survives an (?x) comment and an open \Q. */
    check_subs("(?x) foo # note", false, false, true, "foo food", "0-3");
    check_subs("\\Qa.b", false, false, true, "a.b a.bc", "0-3");
    check_subs("a.b", true, false, true, "a.b xa.b", "0-3");
}

static void test_errors(void **state)
{
    (void)state;
    gf_search *s = NULL;
    gf_error err = GF_ERROR_INIT;
    assert_int_equal(gf_search_compile("a(b", 3, NULL, &s, &err), GF_EINVAL);
    assert_null(s);
    assert_string_equal(err.message,
                        "invalid regex 'a(b': missing closing parenthesis at offset 3");
    gf_search_opts w = {.word = true};
    assert_int_equal(gf_search_compile("x)", 2, &w, &s, &err), GF_EINVAL);
    assert_string_equal(err.message,
                        "invalid regex 'x)': unmatched closing parenthesis at offset 1");
    gf_search_opts lit = {.literal = true};
    assert_int_equal(gf_search_compile("a\nb", 3, &lit, &s, &err), GF_EINVAL);
    assert_string_equal(err.message,
                        "the pattern contains a newline at offset 1: search is line-oriented");
    /* Catastrophic backtracking: an error for that line, not a hang. */
    s = compile("(a+)+$", false, false, false);
    gf_search_scratch *m = gf_search_scratch_new(s);
    const char *data = "b\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\na\n";
    size_t ls, le;
    assert_int_equal(gf_search_next_line(s, m, data, strlen(data), 0, &ls, &le, &err), GF_ETOOBIG);
    assert_int_equal(ls, 2);
    assert_int_equal(data[le], '\n');
    assert_int_equal(gf_search_next_line(s, m, data, strlen(data), le + 1, &ls, &le, &err), 1);
    assert_int_equal(ls, strlen(data) - 2);
    gf_search_scratch_delete(m);
    gf_search_delete(s);
}

static void check_literal(const char *pattern, const char *want)
{
    gf_search *s = compile(pattern, false, false, false);
    size_t n;
    const char *lit = gf_search_literal(s, &n);
    char got[64] = "";
    if (lit)
        snprintf(got, sizeof got, "%.*s", (int)n, lit);
    if (strcmp(got, want) != 0)
        fail_msg("literal of '%s': got '%s', want '%s'", pattern, got, want);
    gf_search_delete(s);
}

static void test_required_literal(void **state)
{
    (void)state;
    check_literal("[A-Z][a-z]+Error", "Error");
    check_literal("\\w+_test\\(", "_test(");
    check_literal("\\s*return None$", "return None");
    check_literal("x+abcd?e", "abc");
    check_literal("(a|b)cde(f|g)", "cde");
    check_literal("\\d+\\.\\d+\\.\\d+", "");
    check_literal(".*caf\xc3\xa9s", "cafés");
    check_literal(".*caf\xc3\xa9+s", "caf");
    /* None: leading literal, alternation, case folding, escapes' digits. */
    check_literal("Error\\w+", "");
    check_literal("\\w+Error|Warn", "");
    check_literal("(?i)\\w+Error", "");
    check_literal("\\w+(?i:Error)", "");
    check_literal("\\p{Greek}\\x{41}\\x41\\cAbc", "");
    check_literal("\\w\\Qabcd\\E", "");
    check_literal("[abc]{2}(def)", "");
    check_literal("(?x) \\w+ abc", "");
    check_literal("\\w(?=abcd)", "");
    /* -i patterns and literals never get one. */
    gf_search *s = compile("\\w+Error", false, true, false);
    size_t n;
    assert_null(gf_search_literal(s, &n));
    gf_search_delete(s);
    /* Lines are still matched whole: a literal on a line is not enough. */
    check_lines("[A-Z]+Error", "Error\nXError\nx Error\n", "2");
    check_lines("\\d+abc$", "1abc\n1abcx\nabc\n22abc", "1,4");
}

static void test_count_newlines(void **state)
{
    (void)state;
    char buf[300];
    srand(3);
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(rand() % 300), off = (size_t)(rand() % 8), want = 0;
        if (off > n)
            off = n;
        for (size_t i = 0; i < n; i++) {
            int r = rand() % 4;
            buf[i] = r == 0 ? '\n' : r == 1 ? (char)0x8a : r == 2 ? (char)0x0b : 'x';
        }
        for (size_t i = off; i < n; i++)
            want += buf[i] == '\n';
        assert_int_equal(gf_count_newlines(buf + off, n - off), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_semantics),   cmocka_unit_test(test_buffer_mode_agrees),
        cmocka_unit_test(test_submatches),       cmocka_unit_test(test_word),
        cmocka_unit_test(test_errors),           cmocka_unit_test(test_count_newlines),
        cmocka_unit_test(test_required_literal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
