/* test_ignore: gitignore syntax and wildmatch, expectations checked against git 2.39. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "walk/ignore.h"

enum { F = 0, D = 1 }; /* the path is a file or a directory */
#define NONE GF_IGNORE_NONE
#define EXCL GF_IGNORE_EXCLUDE
#define INCL GF_IGNORE_INCLUDE

/* One ignore file, one path, git's verdict (`git check-ignore -v`, paths
 * whose parent directory is excluded aside: see gf_ignore_match). */
typedef struct ig_case {
    const char *text;
    const char *path;
    int is_dir;
    gf_ignore_verdict want;
} ig_case;

static const char *verdict_name(gf_ignore_verdict v)
{
    return v == EXCL ? "exclude" : v == INCL ? "include" : "none";
}

static void run_cases_in(const char *base, const ig_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ig_case *c = &cases[i];
        gf_ignore *ig = gf_ignore_new(base);
        gf_ignore_add_text(ig, c->text, strlen(c->text));
        gf_ignore_verdict got = gf_ignore_match(ig, c->path, strlen(c->path), c->is_dir);
        gf_ignore_free(ig);
        if (got != c->want)
            fail_msg("case %zu: base '%s' text \"%s\" path '%s'%s: got %s, want %s", i, base,
                     c->text, c->path, c->is_dir ? " (dir)" : "", verdict_name(got),
                     verdict_name(c->want));
    }
}

#define RUN(cases) run_cases_in("", cases, sizeof cases / sizeof cases[0])

static void test_comments(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"#foo\n", "#foo", F, NONE},       {"\\#foo\n", "#foo", F, EXCL},
        {" #foo\n", " #foo", F, EXCL}, /* only a '#' in column one starts a comment */
        {"foo#bar\n", "foo#bar", F, EXCL}, {"a\n#b\nb\n", "b", F, EXCL},
        {"\n\n   \n", "   ", F, NONE}, /* blank, and blank once trimmed */
    };
    RUN(cases);
    gf_ignore *ig = gf_ignore_new("");
    const char text[] = "# comment\n\n   \nfoo\n\\#bar\n";
    gf_ignore_add_text(ig, text, sizeof text - 1);
    assert_int_equal(gf_ignore_count(ig), 2);
    gf_ignore_free(ig);
}

static void test_trailing_spaces(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"foo  \n", "foo", F, EXCL},
        {"foo  \n", "foo ", F, NONE},
        {"foo\\ \n", "foo ", F, EXCL},
        {"foo\\ \n", "foo", F, NONE},
        {"foo\\  \n", "foo ", F, EXCL}, /* the escaped space stays, the next goes */
        {"foo\\ \\ \n", "foo  ", F, EXCL},
        {"a b\n", "a b", F, EXCL},
        {"tab\t\n", "tab\t", F, EXCL}, /* only spaces are trimmed */
        {"tab\t\n", "tab", F, NONE},
        {"x \\\n", "x ", F, NONE}, /* ends in a backslash: kept whole, matches nothing */
        {"x \\\n", "x \\", F, NONE},
    };
    RUN(cases);
}

static void test_crlf(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"a.o\r\nb.o\r\n", "a.o", F, EXCL}, {"a.o\r\nb.o\r\n", "b.o", F, EXCL},
        {"a.o\r\n", "a.o\r", F, NONE},      {"dir/\r\n", "dir", D, EXCL},
        {"dir/\r\n", "dir", F, NONE},       {"foo \r\n", "foo", F, EXCL},
        {"a\rb\n", "a\rb", F, EXCL}, /* a CR not before LF is kept */
        {"last\r", "last", F, EXCL},        {"#c\r\nx\r\n", "x", F, EXCL},
    };
    RUN(cases);
}

static void test_bom(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"\xef\xbb\xbf*.o\n", "x.o", F, EXCL},
        {"\xef\xbb\xbf#c\n", "#c", F, NONE},
        {"a\n\xef\xbb\xbf"
         "b\n",
         "b", F, NONE}, /* a BOM counts only at the start of the file */
        {"a\n\xef\xbb\xbf"
         "b\n",
         "\xef\xbb\xbf"
         "b",
         F, EXCL},
    };
    RUN(cases);
}

static void test_negation(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"*.o\n!keep.o\n", "keep.o", F, INCL},
        {"*.o\n!keep.o\n", "x.o", F, EXCL},
        {"*.o\n!keep.o\n", "x.c", F, NONE},
        {"!keep.o\n*.o\n", "keep.o", F, EXCL}, /* the last match wins */
        {"a\n!a\na\n", "a", F, EXCL},
        {"a\n!a\n", "a", F, INCL},
        {"!*.o\n", "x.o", F, INCL},
        {"\\!bang\n", "!bang", F, EXCL},
        {"!bang\n", "!bang", F, NONE},
        {"!\n", "!", F, NONE},
        {"\\!\n", "!", F, EXCL},
        {"build\n!build/\n", "build", D, INCL},
        {"build\n!build/\n", "build", F, EXCL},
    };
    RUN(cases);

    gf_ignore *ig = gf_ignore_new("");
    gf_ignore_add_line(ig, "!a", 2);
    assert_false(gf_ignore_has_positive(ig));
    gf_ignore_add_line(ig, "b", 1);
    assert_true(gf_ignore_has_positive(ig));
    gf_ignore_free(ig);
}

static void test_dir_only(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"build/\n", "build", D, EXCL},   {"build/\n", "build", F, NONE},
        {"build/\n", "a/build", D, EXCL}, {"a/b/\n", "a/b", D, EXCL},
        {"a/b/\n", "a/b", F, NONE},       {"*.d/\n", "x/y.d", D, EXCL},
        {"*.d/\n", "y.d", F, NONE},       {"/\n", "a", D, NONE},
    };
    RUN(cases);
}

static void test_anchoring(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"foo\n", "foo", F, EXCL},
        {"foo\n", "a/b/foo", F, EXCL}, /* no '/': the basename, at any depth */
        {"foo\n", "foobar", F, NONE},
        {"foo\n", "xfoo", F, NONE},
        {"/foo\n", "foo", F, EXCL},
        {"/foo\n", "a/foo", F, NONE},
        {"a/foo\n", "a/foo", F, EXCL},
        {"a/foo\n", "x/a/foo", F, NONE}, /* a middle '/' anchors too */
        {"doc/*.txt\n", "doc/x.txt", F, EXCL},
        {"doc/*.txt\n", "doc/sub/x.txt", F, NONE},
        {"*.txt\n", "doc/sub/x.txt", F, EXCL},
        {"/*.c\n", "x.c", F, EXCL},
        {"/*.c\n", "d/x.c", F, NONE},
        {"a/*/c\n", "a/b/c", F, EXCL},
        {"a/*/c\n", "a/b/d/c", F, NONE},
        {"Makefile\n", "src/Makefile", F, EXCL},
        {"Makefile\n", "src/makefile", F, NONE},
        {"*.c\n", ".c", F, EXCL},
        {"*.c\n", "c", F, NONE},
    };
    RUN(cases);
}

static void test_doublestar(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"**/foo\n", "foo", F, EXCL},
        {"**/foo\n", "a/b/foo", F, EXCL},
        {"**/foo\n", "a/foox", F, NONE},
        {"/**/b\n", "b", F, EXCL},
        {"**/*.c\n", "x.c", F, EXCL},
        {"**/foo/bar\n", "foo/bar", F, EXCL},
        {"**/foo/bar\n", "x/y/foo/bar", F, EXCL},
        {"**/foo/bar\n", "foo/x/bar", F, NONE},
        {"abc/**\n", "abc/x", F, EXCL},
        {"abc/**\n", "abc/x/y", F, EXCL},
        {"abc/**\n", "abc", D, NONE}, /* inside abc, not abc itself */
        {"abc/**\n", "xabc/y", F, NONE},
        {"a/**/b\n", "a/b", F, EXCL},
        {"a/**/b\n", "a/x/b", F, EXCL},
        {"a/**/b\n", "a/x/y/b", F, EXCL},
        {"a/**/b\n", "a/xb", F, NONE},
        {"a/**/b\n", "b", F, NONE},
        {"**\n", "x", F, EXCL},
        {"**\n", "any/deep/path", D, EXCL},
        {"**/**/x\n", "x", F, EXCL},
        {"**/**/x\n", "a/b/x", F, EXCL},
        {"***/x\n", "a/b/x", F, EXCL}, /* any run of two or more is "**" */
        {"a**b\n", "d/axyb", F, EXCL}, /* not a whole component: a plain '*' */
        {"/a**b\n", "a/x/b", F, NONE},
        {"/a**b\n", "axyb", F, EXCL},
        {"foo/**b\n", "foo/xb", F, EXCL},
        {"foo/**b\n", "foo/x/b", F, NONE},
        /* git compares the literal prefix "a/b" first and wildmatches the
         * rest alone, where the "**" is at the start: it crosses '/' */
        {"a/b**\n", "a/bc/d", F, EXCL},
        {"a/foo**/b\n", "a/foob", F, EXCL},
        {"x/*b**\n", "x/b/c", F, NONE}, /* here the "**" follows a wildcard */
        {"x/*b**\n", "x/abc", F, EXCL},
    };
    RUN(cases);
}

static void test_brackets(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"[abc].o\n", "b.o", F, EXCL},
        {"[abc].o\n", "d.o", F, NONE},
        {"*.py[cod]\n", "m/x.pyc", F, EXCL},
        {"*.py[cod]\n", "x.pyx", F, NONE},
        {"x[a-c]\n", "xb", F, EXCL},
        {"x[a-c]\n", "xd", F, NONE},
        {"y[!a]\n", "yb", F, EXCL},
        {"y[!a]\n", "ya", F, NONE},
        {"y[^a]\n", "yb", F, EXCL},
        {"y[^a]\n", "ya", F, NONE},
        {"[[:digit:]]z\n", "5z", F, EXCL},
        {"[[:digit:]]z\n", "az", F, NONE},
        {"[[:upper:]][[:lower:]]\n", "Ab", F, EXCL},
        {"[[:upper:]][[:lower:]]\n", "aB", F, NONE},
        {"x[[:space:]]y\n", "x y", F, EXCL},
        {"[]]w\n", "]w", F, EXCL},
        {"[!]]w\n", "]w", F, NONE},
        {"[!]]w\n", "aw", F, EXCL},
        {"[a-]q\n", "-q", F, EXCL},
        {"[\\]]v\n", "]v", F, EXCL},
        {"a[/]b\n", "a/b", F, NONE}, /* never matches '/' */
        {"a[!x]b\n", "a/b", F, NONE},
        {"[[:bogus:]]x\n", "bx", F, NONE}, /* malformed: the pattern matches nothing */
        {"[ab\n", "[ab", F, NONE},
        {"[ab\n", "a", F, NONE},
    };
    RUN(cases);
}

static void test_escapes(void **state)
{
    (void)state;
    static const ig_case cases[] = {
        {"\\*.o\n", "*.o", F, EXCL},     {"\\*.o\n", "x.o", F, NONE},
        {"what\\?\n", "what?", F, EXCL}, {"what\\?\n", "whatx", F, NONE},
        {"\\[a]\n", "[a]", F, EXCL},     {"\\[a]\n", "a", F, NONE},
        {"\\a\\b\n", "ab", F, EXCL},     {"back\\\\slash\n", "back\\slash", F, EXCL},
        {"d/\\*\n", "d/*", F, EXCL},     {"d/\\*\n", "d/x", F, NONE},
    };
    RUN(cases);
}

static void test_base(void **state)
{
    (void)state;
    static const ig_case src[] = {
        {"*.o\n/gen\n", "src/a.o", F, EXCL},
        {"*.o\n/gen\n", "src/x/b.o", F, EXCL},
        {"*.o\n/gen\n", "srcx/a.o", F, NONE},
        {"*.o\n/gen\n", "other/a.o", F, NONE},
        {"*.o\n/gen\n", "a.o", F, NONE},
        {"*.o\n/gen\n", "src", D, NONE},
        {"*.o\n/gen\n", "src/gen", D, EXCL},
        {"*.o\n/gen\n", "src/x/gen", D, NONE},
        {"*.o\n/gen\n", "gen", D, NONE},
        {"a/b\n", "src/a/b", F, EXCL},
        {"a/b\n", "a/b", F, NONE},
    };
    run_cases_in("src", src, sizeof src / sizeof src[0]);
    static const ig_case lib[] = {
        {"x\n", "src/lib/x", F, EXCL},
        {"x\n", "src/x", F, NONE},
        {"x\n", "src/libx/x", F, NONE},
    };
    run_cases_in("src/lib", lib, sizeof lib / sizeof lib[0]);
    static const ig_case top[] = {{"/gen\n", "gen", D, EXCL}, {"/gen\n", "a/gen", D, NONE}};
    run_cases_in("", top, sizeof top / sizeof top[0]);
}

static void test_add_line(void **state)
{
    (void)state;
    gf_ignore *ig = gf_ignore_new("");
    gf_ignore_add_line(ig, "a\0b", 3); /* a NUL ends the pattern */
    gf_ignore_add_line(ig, "#c", 2);
    gf_ignore_add_line(ig, "   ", 3);
    gf_ignore_add_line(ig, "!", 1);
    gf_ignore_add_line(ig, "x.tmp  ", 7);
    assert_int_equal(gf_ignore_count(ig), 2);
    assert_int_equal(gf_ignore_match(ig, "a", 1, false), EXCL);
    assert_int_equal(gf_ignore_match(ig, "a\0b", 3, false), NONE);
    assert_int_equal(gf_ignore_match(ig, "#c", 2, false), NONE);
    assert_int_equal(gf_ignore_match(ig, "d/x.tmp", 7, false), EXCL);
    /* the length bounds the path: no NUL needed after it */
    assert_int_equal(gf_ignore_match(ig, "d/x.tmpXYZ", 7, false), EXCL);
    assert_int_equal(gf_ignore_match(ig, "", 0, false), NONE);
    gf_ignore_free(ig);
}

/* git's wildmatch itself (as git's test-tool wildmatch; rows git can express
 * were checked with `git check-attr` and, without PATHNAME, `git ls-files`). */
typedef struct wm_case {
    const char *pattern;
    const char *text;
    unsigned flags;
    bool want;
} wm_case;

#define P GF_WM_PATHNAME
#define I GF_WM_CASEFOLD

static void test_wildmatch_table(void **state)
{
    (void)state;
    static const wm_case cases[] = {
        {"foo", "foo", P, true},
        {"foo", "fo", P, false},
        {"", "", P, true},
        {"", "x", P, false},
        {"?", "", P, false},
        {"*", "", P, true},
        {"f?o", "foo", P, true},
        {"f?o", "f/o", P, false},
        {"f?o", "f/o", 0, true},
        {"*", "a/b", P, false},
        {"*", "a/b", 0, true},
        {"**", "a/b", P, true},
        {"a/*/c", "a/b/c", P, true},
        {"a/*/c", "a/b/x/c", P, false},
        {"a/*/c", "a/b/x/c", 0, true},
        {"a/**/c", "a/c", P, true},
        {"a/**/c", "a/c", 0, false}, /* without PATHNAME "**" is '*', and the slashes stay */
        {"a/**/c", "a/b/x/c", P, true},
        {"a/**/c", "a/bc", P, false},
        {"**/c", "c", P, true},
        {"**/c", "x/y/c", P, true},
        {"**/c", "xc", P, false},
        {"a/**", "a/", P, true},
        {"a/**", "a", P, false},
        {"a**c", "a/b/c", P, false},
        {"a**c", "a/b/c", 0, true},
        {"a**c", "abbc", P, true},
        {"*.c", "d/x.c", P, false},
        {"*/*", "d/x.c", P, true},
        {"[a-c]x", "bx", P, true},
        {"[!a-c]", "d", P, true},
        {"[!a-c]", "b", P, false},
        {"[^a-c]", "/", P, false},
        {"[^a-c]", "/", 0, true},
        {"[]]", "]", P, true},
        {"[]-]", "-", P, true},
        {"[a-]", "-", P, true},
        {"[--0]", "/", 0, true}, /* a range spanning '/' */
        {"[[:alpha:]]", "Q", P, true},
        {"[[:alpha:]]", "1", P, false},
        {"[[:alpha:]]", "\xe9", P, false}, /* classes are ASCII only */
        {"[[:xdigit:]]", "F", P, true},
        {"[[:punct:]]", "_", P, true},
        {"[[:space:]]", "\t", P, true},
        {"[[:space:]]", "\v", P, false}, /* git's isspace has no '\v' */
        {"[[:cntrl:]]", "\x7f", P, true},
        {"[[:nope:]]", "a", P, false},
        {"[[:alpha:]", "a", P, false},
        {"[[:]x]", ":x]", P, true}, /* no ":]" after "[:": the set is '[' and ':' */
        {"[[:]x]", "x", P, false},
        {"[a", "[a", P, false},
        {"\\*", "*", P, true},
        {"\\*", "x", P, false},
        {"foo\\", "foo\\", P, false}, /* a trailing backslash matches nothing */
        {"\\\\", "\\", P, true},
        {"-*-*-12-*-m-*", "-a-b-12-c-m-d", P, true},
        {"-*-*-12-*-m-*", "-a-b-12-c-X-d", P, false},
        {"**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt", P, true},
        {"*/*X*/*/*i", "ab/cXd/efXg/hi", P, true},
        {"*X*i", "ab/cXd/efXg/hi", P, false},
        {"FOO", "foo", I, true},
        {"[A-Z]", "a", I, true},
        {"[a]", "A", I, true},
        {"[A]", "A", I, false}, /* under CASEFOLD git lowers the text, not set members */
        {"\\A", "A", I, false},
        {"[[:upper:]]", "a", I, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const wm_case *c = &cases[i];
        bool got = gf_wildmatch(c->pattern, c->text, c->flags);
        if (got != c->want)
            fail_msg("case %zu: wildmatch(\"%s\", \"%s\", %u) = %d, want %d", i, c->pattern,
                     c->text, c->flags, got, c->want);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * times + t + 1);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * u, unit, u);
    memcpy(s + u * times, tail, t + 1);
    return s;
}

/* Patterns that make a plain backtracking matcher (and git) exponential. */
static void test_pathological(void **state)
{
    (void)state;
    static const struct {
        const char *punit, *ptail;
        size_t pn;
        const char *tunit, *ttail;
        size_t tn;
        unsigned flags;
    } cases[] = {
        {"*a", "*b", 7, "a", "", 60, P},        {"*a", "*b", 7, "a", "", 60, 0},
        {"**/", "x", 20, "a/", "b", 40, P},     {"**/a/", "x", 12, "a/", "b", 60, P},
        {"**/a*/", "x", 12, "ab/", "b", 60, P}, {"**a", "b", 30, "a", "", 200, 0},
        {"*?", "b", 500, "a", "/", 999, 0},     {"**/", "x", 300, "a/", "b", 1000, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *p = repeat(cases[i].punit, cases[i].pn, cases[i].ptail);
        char *t = repeat(cases[i].tunit, cases[i].tn, cases[i].ttail);
        double t0 = now();
        bool m = gf_wildmatch(p, t, cases[i].flags);
        double dt = now() - t0;
        free(p);
        free(t);
        if (m || dt > 1.0)
            fail_msg("case %zu: match %d in %.3fs", i, m, dt);
    }
    /* the same through a list, against a deep path */
    gf_ignore *ig = gf_ignore_new("");
    const char text[] = "**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/x\n*a*a*a*a*a*a*a*b\n";
    gf_ignore_add_text(ig, text, sizeof text - 1);
    char *deep = repeat("a/", 60, "b");
    double t0 = now();
    assert_int_equal(gf_ignore_match(ig, deep, strlen(deep), false), NONE);
    assert_true(now() - t0 < 1.0);
    free(deep);
    gf_ignore_free(ig);
}

static char tmpdir[64];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_ignore.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void test_load(void **state)
{
    (void)state;
    char path[128];
    gf_error err = GF_ERROR_INIT;
    gf_ignore *ig = gf_ignore_new("");

    snprintf(path, sizeof path, "%s/.gitignore", tmpdir);
    const char text[] = "\xef\xbb\xbf# c\r\n*.o\r\n!keep.o\r\nbuild/";
    write_file(path, text, sizeof text - 1);
    assert_int_equal(gf_ignore_load(ig, path, &err), 0);
    assert_int_equal(gf_ignore_count(ig), 3);
    assert_int_equal(gf_ignore_match(ig, "a/x.o", 5, false), EXCL);
    assert_int_equal(gf_ignore_match(ig, "keep.o", 6, false), INCL);
    assert_int_equal(gf_ignore_match(ig, "build", 5, true), EXCL);

    snprintf(path, sizeof path, "%s/missing", tmpdir);
    assert_int_equal(gf_ignore_load(ig, path, &err), 0);
    snprintf(path, sizeof path, "%s/.gitignore/x", tmpdir); /* ENOTDIR */
    assert_int_equal(gf_ignore_load(ig, path, &err), 0);
    assert_int_equal(err.code, 0);
    assert_int_equal(gf_ignore_count(ig), 3);

    assert_int_equal(gf_ignore_load(ig, tmpdir, &err), GF_EISDIR);
    assert_int_equal(err.code, GF_EISDIR);
    assert_string_equal(err.path, tmpdir);

    snprintf(path, sizeof path, "%s/huge", tmpdir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (16 << 20) + 1), 0); /* sparse: cheap */
    close(fd);
    assert_int_equal(gf_ignore_load(ig, path, &err), GF_ETOOBIG);
    assert_non_null(strstr(err.message, "16 MiB"));
    assert_int_equal(gf_ignore_count(ig), 3);

    if (geteuid() != 0) { /* root reads anything */
        snprintf(path, sizeof path, "%s/secret", tmpdir);
        write_file(path, "x\n", 2);
        assert_int_equal(chmod(path, 0), 0);
        assert_int_equal(gf_ignore_load(ig, path, &err), GF_EACCES);
    }
    gf_ignore_free(ig);
}

typedef struct {
    const gf_ignore *ig;
    const char **paths;
    size_t n;
    gf_ignore_verdict *out;
} match_job;

static void *match_all(void *arg)
{
    match_job *j = arg;
    for (int round = 0; round < 50; round++)
        for (size_t i = 0; i < j->n; i++)
            j->out[i] = gf_ignore_match(j->ig, j->paths[i], strlen(j->paths[i]), i % 2);
    return NULL;
}

/* A loaded list is read-only: threads matching at once agree with one alone. */
static void test_threads(void **state)
{
    (void)state;
    gf_ignore *ig = gf_ignore_new("");
    const char text[] = "*.o\n!keep.o\nbuild/\n**/gen/**\na/**/b/*.c\n*x*y*z*\n";
    gf_ignore_add_text(ig, text, sizeof text - 1);
    const char *paths[] = {"a.o",    "keep.o", "build",   "src/gen/x", "a/q/b/f.c",
                           "x1y2z3", "plain",  "a/b/f.c", "gen",       "deep/er/build"};
    enum { N = sizeof paths / sizeof paths[0], T = 4 };
    gf_ignore_verdict want[N], got[T][N];
    match_job jobs[T + 1] = {{ig, paths, N, want}};
    match_all(&jobs[0]);
    pthread_t th[T];
    for (int i = 0; i < T; i++) {
        jobs[i + 1] = (match_job){ig, paths, N, got[i]};
        assert_int_equal(pthread_create(&th[i], NULL, match_all, &jobs[i + 1]), 0);
    }
    for (int i = 0; i < T; i++) {
        pthread_join(th[i], NULL);
        assert_memory_equal(got[i], want, sizeof want);
    }
    assert_int_equal(want[0], EXCL);
    assert_int_equal(want[1], INCL);
    assert_int_equal(want[6], NONE);
    gf_ignore_free(ig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_trailing_spaces),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_dir_only),
        cmocka_unit_test(test_anchoring),
        cmocka_unit_test(test_doublestar),
        cmocka_unit_test(test_brackets),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_base),
        cmocka_unit_test(test_add_line),
        cmocka_unit_test(test_wildmatch_table),
        cmocka_unit_test(test_pathological),
        cmocka_unit_test_setup_teardown(test_load, make_tmpdir, remove_tmpdir),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
