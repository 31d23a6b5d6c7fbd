/* test_transform: ast-grep's substring, convert and replace transforms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "match/transform.h"
#include "util/buf.h"
#include "util/regex.h"

/*
 * Unless said otherwise, expected values come from the reference tool,
 * ast-grep 0.51.1, run on each input bound to a metavariable (the contents
 * of a Python string literal) with the transform under test; see the
 * "replacement"/"transformed" fields of `ast-grep scan --json`.
 */

/* toCase for every case, default separatedBy. Columns: lowerCase,
 * upperCase, capitalize, camelCase, snakeCase, kebabCase, pascalCase. */
static const struct {
    const char *in;
    const char *want[7];
} convert_cases[] = {
    {"fooBar", {"foobar", "FOOBAR", "FooBar", "fooBar", "foo_bar", "foo-bar", "FooBar"}},
    {"FooBar", {"foobar", "FOOBAR", "FooBar", "fooBar", "foo_bar", "foo-bar", "FooBar"}},
    {"foo_bar", {"foo_bar", "FOO_BAR", "Foo_bar", "fooBar", "foo_bar", "foo-bar", "FooBar"}},
    {"foo-bar", {"foo-bar", "FOO-BAR", "Foo-bar", "fooBar", "foo_bar", "foo-bar", "FooBar"}},
    {"foo.bar", {"foo.bar", "FOO.BAR", "Foo.bar", "fooBar", "foo_bar", "foo-bar", "FooBar"}},
    {"foo/bar", {"foo/bar", "FOO/BAR", "Foo/bar", "fooBar", "foo_bar", "foo-bar", "FooBar"}},
    {"foo bar", {"foo bar", "FOO BAR", "Foo bar", "fooBar", "foo_bar", "foo-bar", "FooBar"}},
    {"HTTPServer",
     {"httpserver", "HTTPSERVER", "HTTPServer", "httpServer", "http_server", "http-server",
      "HTTPServer"}},
    {"getHTTP2Url",
     {"gethttp2url", "GETHTTP2URL", "GetHTTP2Url", "getHTTP2Url", "get_http2_url", "get-http2-url",
      "GetHTTP2Url"}},
    {"HTTP2url",
     {"http2url", "HTTP2URL", "HTTP2url", "http2url", "http_2url", "http-2url", "HTTP2url"}},
    {"foo2Bar", {"foo2bar", "FOO2BAR", "Foo2Bar", "foo2Bar", "foo2_bar", "foo2-bar", "Foo2Bar"}},
    {"a1B2c3", {"a1b2c3", "A1B2C3", "A1B2c3", "a1b2c3", "a1b_2c3", "a1b-2c3", "A1B2c3"}},
    {"3dModel", {"3dmodel", "3DMODEL", "3dModel", "3dModel", "3d_model", "3d-model", "3dModel"}},
    {"model3D", {"model3d", "MODEL3D", "Model3D", "model3d", "model3d", "model3d", "Model3D"}},
    {"HTML5Parser",
     {"html5parser", "HTML5PARSER", "HTML5Parser", "html5Parser", "html5_parser", "html5-parser",
      "HTML5Parser"}},
    {"XMLHttpRequest",
     {"xmlhttprequest", "XMLHTTPREQUEST", "XMLHttpRequest", "xmlHttpRequest", "xml_http_request",
      "xml-http-request", "XMLHttpRequest"}},
    {"whatHTML",
     {"whathtml", "WHATHTML", "WhatHTML", "whatHTML", "what_html", "what-html", "WhatHTML"}},
    {"IOError", {"ioerror", "IOERROR", "IOError", "ioError", "io_error", "io-error", "IOError"}},
    {"iOS", {"ios", "IOS", "IOS", "iOS", "i_os", "i-os", "IOS"}},
    {"getURLForID",
     {"geturlforid", "GETURLFORID", "GetURLForID", "getURLForID", "get_url_for_id",
      "get-url-for-id", "GetURLForID"}},
    {"ABC", {"abc", "ABC", "ABC", "abc", "abc", "abc", "ABC"}},
    {"Ab", {"ab", "AB", "Ab", "ab", "ab", "ab", "Ab"}},
    {"ABc", {"abc", "ABC", "ABc", "aBc", "a_bc", "a-bc", "ABc"}},
    {"aBC", {"abc", "ABC", "ABC", "aBC", "a_bc", "a-bc", "ABC"}},
    {"A", {"a", "A", "A", "a", "a", "a", "A"}},
    {"a", {"a", "A", "A", "a", "a", "a", "A"}},
    {"foo__bar", {"foo__bar", "FOO__BAR", "Foo__bar", "fooBar", "foo_bar", "foo-bar", "FooBar"}},
    {"_private", {"_private", "_PRIVATE", "_private", "private", "private", "private", "Private"}},
    {"__init__", {"__init__", "__INIT__", "__init__", "init", "init", "init", "Init"}},
    {"end_", {"end_", "END_", "End_", "end", "end", "end", "End"}},
    {"--x--", {"--x--", "--X--", "--x--", "x", "x", "x", "X"}},
    {"a-b.c d/e",
     {"a-b.c d/e", "A-B.C D/E", "A-b.c d/e", "aBCDE", "a_b_c_d_e", "a-b-c-d-e", "ABCDE"}},
    {"a b  c", {"a b  c", "A B  C", "A b  c", "aBC", "a_b_c", "a-b-c", "ABC"}},
    {"ABC_DEF", {"abc_def", "ABC_DEF", "ABC_DEF", "abcDEF", "abc_def", "abc-def", "ABCDEF"}},
    {"already_snake",
     {"already_snake", "ALREADY_SNAKE", "Already_snake", "alreadySnake", "already_snake",
      "already-snake", "AlreadySnake"}},
    {"Title Case Words",
     {"title case words", "TITLE CASE WORDS", "Title Case Words", "titleCaseWords",
      "title_case_words", "title-case-words", "TitleCaseWords"}},
    {"path/to/file.ext",
     {"path/to/file.ext", "PATH/TO/FILE.EXT", "Path/to/file.ext", "pathToFileExt",
      "path_to_file_ext", "path-to-file-ext", "PathToFileExt"}},
    {"v1.2.3", {"v1.2.3", "V1.2.3", "V1.2.3", "v123", "v1_2_3", "v1-2-3", "V123"}},
    {"x86_64", {"x86_64", "X86_64", "X86_64", "x8664", "x86_64", "x86-64", "X8664"}},
    {"user_accountName",
     {"user_accountname", "USER_ACCOUNTNAME", "User_accountName", "userAccountName",
      "user_account_name", "user-account-name", "UserAccountName"}},
    {"camelCase2Snake",
     {"camelcase2snake", "CAMELCASE2SNAKE", "CamelCase2Snake", "camelCase2Snake",
      "camel_case2_snake", "camel-case2-snake", "CamelCase2Snake"}},
    {"éCole", {"école", "ÉCOLE", "ÉCole", "éCole", "é_cole", "é-cole", "ÉCole"}},
    {"ÉCOLE", {"école", "ÉCOLE", "ÉCOLE", "école", "école", "école", "ÉCOLE"}},
    {"straße", {"straße", "STRASSE", "Straße", "straße", "straße", "straße", "Straße"}},
    {"ΣΑΣ ΟΔΟΣ",
     {"σας οδος", "ΣΑΣ ΟΔΟΣ", "ΣΑΣ ΟΔΟΣ", "σαςΟΔΟΣ", "σας_οδος", "σας-οδος", "ΣΑΣΟΔΟΣ"}},
    {"aΣ", {"aς", "AΣ", "AΣ", "aΣ", "a_σ", "a-σ", "AΣ"}},
    {"ǅemo", {"ǆemo", "ǄEMO", "Ǆemo", "ǆemo", "ǆemo", "ǆemo", "Ǆemo"}},
    {"İstanbul",
     {"i\u0307stanbul", "İSTANBUL", "İstanbul", "i\u0307stanbul", "i\u0307stanbul",
      "i\u0307stanbul", "İstanbul"}},
    {"ﬁle", {"ﬁle", "FILE", "FIle", "ﬁle", "ﬁle", "ﬁle", "FIle"}},
    {"ŉx", {"ŉx", "ʼNX", "ʼNx", "ŉx", "ŉx", "ŉx", "ʼNx"}},
    {"日本Go", {"日本go", "日本GO", "日本Go", "日本Go", "日本_go", "日本-go", "日本Go"}},
    {"ＡＢｃ", {"ａｂｃ", "ＡＢＣ", "ＡＢｃ", "ａＢｃ", "ａ_ｂｃ", "ａ-ｂｃ", "ＡＢｃ"}},
    {"ʰa", {"ʰa", "ʰA", "ʰa", "ʰa", "ʰa", "ʰa", "ʰa"}},
    {"ⅰⅱⅲ", {"ⅰⅱⅲ", "ⅠⅡⅢ", "Ⅰⅱⅲ", "ⅰⅱⅲ", "ⅰⅱⅲ", "ⅰⅱⅲ", "Ⅰⅱⅲ"}},
    {"e\u0301Te\u0301",
     {"e\u0301te\u0301", "E\u0301TE\u0301", "E\u0301Te\u0301", "e\u0301Te\u0301",
      "e\u0301_te\u0301", "e\u0301-te\u0301", "E\u0301Te\u0301"}},
};

static const gf_case case_order[7] = {GF_CASE_LOWER, GF_CASE_UPPER, GF_CASE_CAPITALIZE,
                                      GF_CASE_CAMEL, GF_CASE_SNAKE, GF_CASE_KEBAB,
                                      GF_CASE_PASCAL};

static void check_convert(const char *in, size_t len, gf_case to, unsigned seps, const char *want)
{
    gf_buf out = GF_BUF_INIT;
    assert_int_equal(gf_transform_convert(in, len, to, seps, &out), 0);
    if (strcmp(out.ptr, want) != 0)
        fail_msg("convert('%s', %s, seps %#x): got '%s', want '%s'", in, gf_case_name(to), seps,
                 out.ptr, want);
    gf_buf_release(&out);
}

static void test_convert_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof convert_cases / sizeof convert_cases[0]; i++)
        for (int c = 0; c < 7; c++)
            check_convert(convert_cases[i].in, strlen(convert_cases[i].in), case_order[c],
                          GF_SEP_ALL, convert_cases[i].want[c]);
}

/* separatedBy subsets: snakeCase and pascalCase of each input. */
static const struct {
    const char *in;
    unsigned seps;
    const char *snake, *pascal;
} sep_cases[] = {
    {"user_accountName", 0, "user_accountname", "User_accountName"},
    {"fooBar-baz qux", 0, "foobar-baz qux", "FooBar-baz qux"},
    {"a.b/c_d-e f", 0, "a.b/c_d-e f", "A.b/c_d-e f"},
    {"HTTPServer_x", 0, "httpserver_x", "HTTPServer_x"},
    {"XMLHttp.request", 0, "xmlhttp.request", "XMLHttp.request"},
    {"_a__B", 0, "_a__b", "_a__B"},
    {"user_accountName", GF_SEP_UNDERSCORE, "user_accountname", "UserAccountName"},
    {"fooBar-baz qux", GF_SEP_UNDERSCORE, "foobar-baz qux", "FooBar-baz qux"},
    {"a.b/c_d-e f", GF_SEP_UNDERSCORE, "a.b/c_d-e f", "A.b/cD-e f"},
    {"HTTPServer_x", GF_SEP_UNDERSCORE, "httpserver_x", "HTTPServerX"},
    {"XMLHttp.request", GF_SEP_UNDERSCORE, "xmlhttp.request", "XMLHttp.request"},
    {"_a__B", GF_SEP_UNDERSCORE, "a_b", "AB"},
    {"user_accountName", GF_SEP_CASE_CHANGE, "user_account_name", "User_accountName"},
    {"fooBar-baz qux", GF_SEP_CASE_CHANGE, "foo_bar-baz qux", "FooBar-baz qux"},
    {"a.b/c_d-e f", GF_SEP_CASE_CHANGE, "a.b/c_d-e f", "A.b/c_d-e f"},
    {"HTTPServer_x", GF_SEP_CASE_CHANGE, "http_server_x", "HTTPServer_x"},
    {"XMLHttp.request", GF_SEP_CASE_CHANGE, "xml_http.request", "XMLHttp.request"},
    {"_a__B", GF_SEP_CASE_CHANGE, "_a__b", "_a__B"},
    {"user_accountName", GF_SEP_DASH | GF_SEP_SPACE, "user_accountname", "User_accountName"},
    {"fooBar-baz qux", GF_SEP_DASH | GF_SEP_SPACE, "foobar_baz_qux", "FooBarBazQux"},
    {"a.b/c_d-e f", GF_SEP_DASH | GF_SEP_SPACE, "a.b/c_d_e_f", "A.b/c_dEF"},
    {"HTTPServer_x", GF_SEP_DASH | GF_SEP_SPACE, "httpserver_x", "HTTPServer_x"},
    {"XMLHttp.request", GF_SEP_DASH | GF_SEP_SPACE, "xmlhttp.request", "XMLHttp.request"},
    {"_a__B", GF_SEP_DASH | GF_SEP_SPACE, "_a__b", "_a__B"},
    {"user_accountName", GF_SEP_DOT | GF_SEP_SLASH, "user_accountname", "User_accountName"},
    {"fooBar-baz qux", GF_SEP_DOT | GF_SEP_SLASH, "foobar-baz qux", "FooBar-baz qux"},
    {"a.b/c_d-e f", GF_SEP_DOT | GF_SEP_SLASH, "a_b_c_d-e f", "ABC_d-e f"},
    {"HTTPServer_x", GF_SEP_DOT | GF_SEP_SLASH, "httpserver_x", "HTTPServer_x"},
    {"XMLHttp.request", GF_SEP_DOT | GF_SEP_SLASH, "xmlhttp_request", "XMLHttpRequest"},
    {"_a__B", GF_SEP_DOT | GF_SEP_SLASH, "_a__b", "_a__B"},
    {"user_accountName", GF_SEP_CASE_CHANGE | GF_SEP_UNDERSCORE, "user_account_name",
     "UserAccountName"},
    {"fooBar-baz qux", GF_SEP_CASE_CHANGE | GF_SEP_UNDERSCORE, "foo_bar-baz qux", "FooBar-baz qux"},
    {"a.b/c_d-e f", GF_SEP_CASE_CHANGE | GF_SEP_UNDERSCORE, "a.b/c_d-e f", "A.b/cD-e f"},
    {"HTTPServer_x", GF_SEP_CASE_CHANGE | GF_SEP_UNDERSCORE, "http_server_x", "HTTPServerX"},
    {"XMLHttp.request", GF_SEP_CASE_CHANGE | GF_SEP_UNDERSCORE, "xml_http.request",
     "XMLHttp.request"},
    {"_a__B", GF_SEP_CASE_CHANGE | GF_SEP_UNDERSCORE, "a_b", "AB"},
};

static void test_convert_separators(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sep_cases / sizeof sep_cases[0]; i++) {
        check_convert(sep_cases[i].in, strlen(sep_cases[i].in), GF_CASE_SNAKE, sep_cases[i].seps,
                      sep_cases[i].snake);
        check_convert(sep_cases[i].in, strlen(sep_cases[i].in), GF_CASE_PASCAL, sep_cases[i].seps,
                      sep_cases[i].pascal);
    }
}

/* Not from ast-grep (a metavariable is never empty or invalid UTF-8 there):
 * empty input gives empty output; invalid UTF-8 is read as Rust's
 * from_utf8_lossy reads it, one U+FFFD per maximal invalid subpart. */
static void test_convert_edges(void **state)
{
    (void)state;
    for (int c = 0; c < 7; c++)
        check_convert("", 0, case_order[c], GF_SEP_ALL, "");
    check_convert(NULL, 0, GF_CASE_SNAKE, GF_SEP_ALL, "");
    check_convert("a\xffZ", 3, GF_CASE_SNAKE, GF_SEP_ALL, "a\xef\xbf\xbdz");
    check_convert("\xe2\x82_x\xf0\x9f", 6, GF_CASE_UPPER, GF_SEP_ALL, "\xef\xbf\xbd_X\xef\xbf\xbd");
    check_convert("\xed\xa0\x80", 3, GF_CASE_LOWER, GF_SEP_ALL,
                  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* a surrogate: three subparts */
    /* NUL bytes are ordinary characters. */
    gf_buf out = GF_BUF_INIT;
    assert_int_equal(gf_transform_convert("a\0B", 3, GF_CASE_UPPER, GF_SEP_ALL, &out), 0);
    assert_int_equal(out.len, 3);
    assert_memory_equal(out.ptr, "A\0B", 3);
    /* Appends to what out holds. */
    assert_int_equal(gf_transform_convert("xY", 2, GF_CASE_KEBAB, GF_SEP_ALL, &out), 0);
    assert_memory_equal(out.ptr, "A\0Bx-y", 6);
    /* The output limit gives GF_ETOOBIG. */
    gf_buf small = GF_BUF_INIT;
    small.limit = 3;
    assert_int_equal(gf_transform_convert("fooBarBaz", 9, GF_CASE_SNAKE, GF_SEP_ALL, &small),
                     GF_ETOOBIG);
    gf_buf_release(&small);
    gf_buf_release(&out);
}

/* Every uppercase-to-lowercase pair of Latin-1 and Greek round-trips; the
 * tables' stride-2 runs (Latin Extended-A) map both ways. Derived from the
 * Unicode data, not from ast-grep. */
static void test_case_tables(void **state)
{
    (void)state;
    check_convert("\xc4\x80\xc4\x81\xc5\xb8\xc7\x85", 8, GF_CASE_LOWER, GF_SEP_ALL,
                  "\xc4\x81\xc4\x81\xc3\xbf\xc7\x86"); /* Āā Ÿ ǅ -> āā ÿ ǆ */
    check_convert("\xc4\x80\xc4\x81\xc3\xbf\xc7\x85", 8, GF_CASE_UPPER, GF_SEP_ALL,
                  "\xc4\x80\xc4\x80\xc5\xb8\xc7\x84"); /* Āā ÿ ǅ -> ĀĀ Ÿ Ǆ */
    check_convert("\xce\x90", 2, GF_CASE_UPPER, GF_SEP_ALL,
                  "\xce\x99\xcc\x88\xcc\x81"); /* ΐ -> three characters */
    check_convert("\xf0\x9e\xa4\x80", 4, GF_CASE_LOWER, GF_SEP_ALL,
                  "\xf0\x9e\xa4\xa2"); /* Adlam U+1E900 -> U+1E922 */
    /* Final sigma needs a cased letter before and none after. */
    check_convert("\xce\xa3", 2, GF_CASE_LOWER, GF_SEP_ALL, "\xcf\x83");
    check_convert("A\xce\xa3", 3, GF_CASE_LOWER, GF_SEP_ALL, "a\xcf\x82");
    check_convert("A\xce\xa3"
                  "B",
                  4, GF_CASE_LOWER, GF_SEP_ALL,
                  "a\xcf\x83"
                  "b");
    check_convert("A'\xce\xa3'", 5, GF_CASE_LOWER, GF_SEP_ALL, "a'\xcf\x82'");
}

static const struct {
    const char *in;
    bool has_start;
    int64_t start;
    bool has_end;
    int64_t end;
    const char *want;
} substring_cases[] = {
    {"héllo", false, 0, false, 0, "héllo"}, {"héllo", true, 1, false, 0, "éllo"},
    {"héllo", false, 0, true, -1, "héll"},  {"héllo", true, 1, true, -1, "éll"},
    {"héllo", true, 0, true, 2, "hé"},      {"héllo", true, -2, false, 0, "lo"},
    {"héllo", false, 0, true, -3, "hé"},    {"héllo", true, 2, true, 1, ""},
    {"héllo", true, 3, true, 3, ""},        {"héllo", true, 5, true, 100, ""},
    {"héllo", true, -100, true, 2, "hé"},   {"héllo", true, -100, true, -100, ""},
    {"héllo", true, 100, false, 0, ""},     {"héllo", false, 0, true, 100, "héllo"},
    {"héllo", true, -1, false, 0, "o"},     {"héllo", true, 0, true, 0, ""},
    {"héllo", true, -3, true, -1, "ll"},    {"Σ🎉x", false, 0, false, 0, "Σ🎉x"},
    {"Σ🎉x", true, 1, false, 0, "🎉x"},       {"Σ🎉x", false, 0, true, -1, "Σ🎉"},
    {"Σ🎉x", true, 1, true, -1, "🎉"},        {"Σ🎉x", true, 0, true, 2, "Σ🎉"},
    {"Σ🎉x", true, -2, false, 0, "🎉x"},      {"Σ🎉x", false, 0, true, -3, ""},
    {"Σ🎉x", true, 2, true, 1, ""},          {"Σ🎉x", true, 3, true, 3, ""},
    {"Σ🎉x", true, 5, true, 100, ""},        {"Σ🎉x", true, -100, true, 2, "Σ🎉"},
    {"Σ🎉x", true, -100, true, -100, ""},    {"Σ🎉x", true, 100, false, 0, ""},
    {"Σ🎉x", false, 0, true, 100, "Σ🎉x"},    {"Σ🎉x", true, -1, false, 0, "x"},
    {"Σ🎉x", true, 0, true, 0, ""},          {"Σ🎉x", true, -3, true, -1, "Σ🎉"},
    {"ab", false, 0, false, 0, "ab"},       {"ab", true, 1, false, 0, "b"},
    {"ab", false, 0, true, -1, "a"},        {"ab", true, 1, true, -1, ""},
    {"ab", true, 0, true, 2, "ab"},         {"ab", true, -2, false, 0, "ab"},
    {"ab", false, 0, true, -3, ""},         {"ab", true, 2, true, 1, ""},
    {"ab", true, 3, true, 3, ""},           {"ab", true, 5, true, 100, ""},
    {"ab", true, -100, true, 2, "ab"},      {"ab", true, -100, true, -100, ""},
    {"ab", true, 100, false, 0, ""},        {"ab", false, 0, true, 100, "ab"},
    {"ab", true, -1, false, 0, "b"},        {"ab", true, 0, true, 0, ""},
    {"ab", true, -3, true, -1, "a"},
};

static void check_substring(const char *in, size_t len, gf_substring_opts o, const char *want)
{
    gf_buf out = GF_BUF_INIT;
    assert_int_equal(gf_transform_substring(in, len, &o, &out), 0);
    if (strcmp(out.ptr, want) != 0)
        fail_msg("substring('%s', %s%lld, %s%lld): got '%s', want '%s'", in,
                 o.has_start ? "" : "none ", (long long)o.start, o.has_end ? "" : "none ",
                 (long long)o.end, out.ptr, want);
    gf_buf_release(&out);
}

static void test_substring_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof substring_cases / sizeof substring_cases[0]; i++) {
        gf_substring_opts o = {substring_cases[i].has_start, substring_cases[i].has_end,
                               substring_cases[i].start, substring_cases[i].end};
        check_substring(substring_cases[i].in, strlen(substring_cases[i].in), o,
                        substring_cases[i].want);
    }
}

/* Python-slicing arithmetic at the extremes, and lossy decoding (U+FFFD
 * counts as one character). Not from ast-grep, which takes 32-bit
 * indexes. */
static void test_substring_edges(void **state)
{
    (void)state;
    check_substring("abc", 3, (gf_substring_opts){true, true, INT64_MIN, INT64_MAX}, "abc");
    check_substring("abc", 3, (gf_substring_opts){true, true, INT64_MAX, INT64_MIN}, "");
    check_substring("abc", 3, (gf_substring_opts){true, false, -3, 0}, "abc");
    check_substring("abc", 3, (gf_substring_opts){true, false, -4, 0}, "abc");
    check_substring("", 0, (gf_substring_opts){false, false, 0, 0}, "");
    check_substring("", 0, (gf_substring_opts){true, true, -1, 1}, "");
    check_substring("a\xff"
                    "b",
                    3, (gf_substring_opts){true, true, 1, 2}, "\xef\xbf\xbd");
    check_substring("a\xe2\x82"
                    "b",
                    4, (gf_substring_opts){true, false, -2, 0},
                    "\xef\xbf\xbd"
                    "b");
}

/* replace through gf_transform_replace. */
static const struct {
    const char *pattern, *by, *in, *want;
} replace_cases[] = {
    {"([a-z])([A-Z])", "${1}_$2", "fooBar", "foo_Bar"},
    {"([a-z])([A-Z])", "${1}_$2", "a-b-c", "a-b-c"},
    {"([a-z])([A-Z])", "${1}_$2", "日本語", "日本語"},
    {"-", ".", "fooBar", "fooBar"},
    {"-", ".", "a-b-c", "a.b.c"},
    {"-", ".", "日本語", "日本語"},
    {"(?<first>.)", "[$first]", "fooBar", "[f][o][o][B][a][r]"},
    {"(?<first>.)", "[$first]", "a-b-c", "[a][-][b][-][c]"},
    {"(?<first>.)", "[$first]", "日本語", "[日][本][語]"},
    {"$", "!", "fooBar", "fooBar!"},
    {"$", "!", "a-b-c", "a-b-c!"},
    {"$", "!", "日本語", "日本語!"},
};

static void test_replace(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof replace_cases / sizeof replace_cases[0]; i++) {
        gf_regex *re = NULL;
        assert_int_equal(
            gf_regex_compile(replace_cases[i].pattern, strlen(replace_cases[i].pattern), &re, NULL),
            0);
        gf_buf out = GF_BUF_INIT;
        assert_int_equal(gf_transform_replace(replace_cases[i].in, strlen(replace_cases[i].in), re,
                                              replace_cases[i].by, strlen(replace_cases[i].by),
                                              &out, NULL),
                         0);
        assert_string_equal(out.ptr, replace_cases[i].want);
        gf_buf_release(&out);
        gf_regex_delete(re);
    }
    /* Invalid UTF-8 is decoded lossily first, so '.' matches U+FFFD (not
     * from ast-grep). */
    gf_regex *re = NULL;
    assert_int_equal(gf_regex_compile(".", 1, &re, NULL), 0);
    gf_buf out = GF_BUF_INIT;
    assert_int_equal(gf_transform_replace("a\xff", 2, re, "[$0]", 4, &out, NULL), 0);
    assert_string_equal(out.ptr, "[a][\xef\xbf\xbd]");
    gf_buf_release(&out);
    gf_regex_delete(re);
}

static void test_names(void **state)
{
    (void)state;
    static const char *const names[] = {"lowerCase", "upperCase", "capitalize", "camelCase",
                                        "snakeCase", "kebabCase", "pascalCase"};
    for (int c = 0; c < 7; c++) {
        gf_case got;
        assert_true(gf_case_parse(names[c], strlen(names[c]), &got));
        assert_int_equal(got, case_order[c]);
        assert_string_equal(gf_case_name(got), names[c]);
    }
    gf_case got;
    assert_false(gf_case_parse("snake_case", 10, &got));
    assert_false(gf_case_parse("SnakeCase", 9, &got));
    assert_false(gf_case_parse("snakeCas", 8, &got));
    assert_false(gf_case_parse("snakeCasee", 10, &got));
    static const struct {
        const char *name;
        unsigned bit;
    } seps[] = {{"dash", GF_SEP_DASH},
                {"dot", GF_SEP_DOT},
                {"space", GF_SEP_SPACE},
                {"slash", GF_SEP_SLASH},
                {"underscore", GF_SEP_UNDERSCORE},
                {"caseChange", GF_SEP_CASE_CHANGE}};
    unsigned all = 0;
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        unsigned bit = 0;
        assert_true(gf_case_sep_parse(seps[i].name, strlen(seps[i].name), &bit));
        assert_int_equal(bit, seps[i].bit);
        all |= bit;
    }
    assert_int_equal(all, GF_SEP_ALL);
    unsigned bit;
    assert_false(gf_case_sep_parse("case_change", 11, &bit));
    assert_false(gf_case_sep_parse("Dash", 4, &bit));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_convert_table),   cmocka_unit_test(test_convert_separators),
        cmocka_unit_test(test_convert_edges),   cmocka_unit_test(test_case_tables),
        cmocka_unit_test(test_substring_table), cmocka_unit_test(test_substring_edges),
        cmocka_unit_test(test_replace),         cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
