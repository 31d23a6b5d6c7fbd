/* test_json: the streaming JSON writer (escaping, layout, deep nesting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/json.h"

/*
 * Independent checkers, written without looking at the writer: a UTF-8
 * validator that decodes code points and checks their ranges, and an
 * iterative JSON validator (explicit stack, so 200,000 levels are fine).
 */
static bool utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    return i;
}

/* Returns the index after the string starting at s[i] == '"', or 0 if bad. */
static size_t scan_string(const char *s, size_t n, size_t i)
{
    i++;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"')
            return i + 1;
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            if (i + 1 >= n)
                return 0;
            char e = s[i + 1];
            if (e == 'u') {
                if (i + 6 > n)
                    return 0;
                for (size_t k = 2; k < 6; k++)
                    if (!is_hex(s[i + k]))
                        return 0;
                i += 6;
            } else if (strchr("\"\\/bfnrt", e) && e) {
                i += 2;
            } else {
                return 0;
            }
            continue;
        }
        i++;
    }
    return 0;
}

/* Returns the index after the number or literal at s[i], or 0 if bad. */
static size_t scan_scalar(const char *s, size_t n, size_t i)
{
    static const char *const lits[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        size_t l = strlen(lits[k]);
        if (n - i >= l && !memcmp(s + i, lits[k], l))
            return i + l;
    }
    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0') {
        i++;
    } else if (i < n && s[i] >= '1' && s[i] <= '9') {
        while (i < n && is_digit(s[i]))
            i++;
    } else {
        return 0;
    }
    if (i < n && s[i] == '.') {
        if (++i >= n || !is_digit(s[i]))
            return 0;
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !is_digit(s[i]))
            return 0;
        while (i < n && is_digit(s[i]))
            i++;
    }
    return i;
}

/* One complete JSON value, surrounded only by whitespace, valid UTF-8. */
static bool json_valid(const char *s, size_t n)
{
    if (!utf8_valid((const unsigned char *)s, n))
        return false;
    char *stack = malloc(n + 1);
    size_t depth = 0, i = 0;
    enum { VALUE, VALUE_OR_CLOSE, KEY, KEY_OR_CLOSE, COLON, AFTER } st = VALUE;
    bool ok = false;
    for (;;) {
        i = skip_ws(s, n, i);
        if (st == AFTER && depth == 0) {
            ok = i == n;
            break;
        }
        if (i >= n)
            break;
        char c = s[i];
        if (st == AFTER) {
            char top = stack[depth - 1];
            if (c == ',') {
                st = top == 'a' ? VALUE : KEY;
                i++;
            } else if ((c == ']' && top == 'a') || (c == '}' && top == 'o')) {
                depth--;
                i++;
            } else {
                break;
            }
        } else if (st == COLON) {
            if (c != ':')
                break;
            st = VALUE;
            i++;
        } else if (st == KEY || st == KEY_OR_CLOSE) {
            if (c == '}' && st == KEY_OR_CLOSE) {
                depth--;
                st = AFTER;
                i++;
            } else if (c == '"' && (i = scan_string(s, n, i)) != 0) {
                st = COLON;
            } else {
                break;
            }
        } else if (c == ']' && st == VALUE_OR_CLOSE) {
            depth--;
            st = AFTER;
            i++;
        } else if (c == '[' || c == '{') {
            stack[depth++] = c == '[' ? 'a' : 'o';
            st = c == '[' ? VALUE_OR_CLOSE : KEY_OR_CLOSE;
            i++;
        } else if (c == '"') {
            if (!(i = scan_string(s, n, i)))
                break;
            st = AFTER;
        } else {
            if (!(i = scan_scalar(s, n, i)))
                break;
            st = AFTER;
        }
    }
    free(stack);
    return ok;
}

static void test_validator_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",           "[",           "[1,]",     "{\"a\"}",
        "{\"a\":1,}", "[1 2]",       "\"a",      "\"\\x\"",
        "\"\x01\"",   "\"\\u12g4\"", "01",       "1.",
        "-",          "[1]]",        "{1:2}",    "\"\xC0\xAF\"",
        "tru",        "[}",          "{\"a\":}", "\"\xED\xA0\x80\"",
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        assert_false(json_valid(bad[k], strlen(bad[k])));
    static const char *const good[] = {
        "[]",
        "{}",
        " [1, -0.5e+3, \"\\u00ff\", true, false, null, {\"a\": []}] ",
        "\"\xF4\x8F\xBF\xBF\"",
    };
    for (size_t k = 0; k < sizeof good / sizeof *good; k++)
        assert_true(json_valid(good[k], strlen(good[k])));
}

/* Expected escape of each control character, written out by hand. */
static const char *const control_escapes[0x20] = {
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
    "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
    "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
    "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
};

static void expected_ascii(char *dst, unsigned char c)
{
    if (c < 0x20)
        strcpy(dst, control_escapes[c]);
    else if (c == '"')
        strcpy(dst, "\\\"");
    else if (c == '\\')
        strcpy(dst, "\\\\");
    else
        dst[0] = (char)c, dst[1] = '\0';
}

static void assert_escape(const char *in, size_t n, const char *want)
{
    gf_buf out = GF_BUF_INIT;
    gf_json_escape(&out, in, n);
    assert_string_equal(out.ptr, want);
    assert_int_equal(out.len, strlen(want));
    assert_true(utf8_valid((const unsigned char *)out.ptr, out.len));
    gf_buf_release(&out);
}

static void test_escape_every_ascii_byte(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 0x80; c++) {
        char one = (char)c, want[16];
        expected_ascii(want, (unsigned char)c);
        assert_escape(&one, 1, want);

        /* The same byte between plain runs, to cross the fast path's edges. */
        char in[3] = {'a', (char)c, 'z'}, want3[24];
        snprintf(want3, sizeof want3, "a%sz", want);
        assert_escape(in, 3, want3);
    }
}

static void test_escape_all_ascii_at_once(void **state)
{
    (void)state;
    char in[0x80], want[0x80 * 8] = "";
    for (unsigned c = 0; c < 0x80; c++) {
        char one[16];
        in[c] = (char)c;
        expected_ascii(one, (unsigned char)c);
        strcat(want, one);
    }
    assert_escape(in, sizeof in, want);
    assert_escape("", 0, "");
    assert_escape("a/b\x7F", 4, "a/b\x7F");
}

static void test_escape_valid_utf8_verbatim(void **state)
{
    (void)state;
    static const char *const valid[] = {
        "\xC2\x80",         /* U+0080 */
        "\xC3\xA9",         /* U+00E9 */
        "\xDF\xBF",         /* U+07FF */
        "\xE0\xA0\x80",     /* U+0800 */
        "\xE2\x82\xAC",     /* U+20AC */
        "\xED\x9F\xBF",     /* U+D7FF */
        "\xEE\x80\x80",     /* U+E000 */
        "\xEF\xBF\xBD",     /* U+FFFD */
        "\xEF\xBF\xBF",     /* U+FFFF */
        "\xF0\x90\x80\x80", /* U+10000 */
        "\xF0\x9F\x98\x80", /* U+1F600 */
        "\xF4\x8F\xBF\xBF", /* U+10FFFF */
        "caf\xC3\xA9 \xE2\x82\xAC\"\xF0\x9F\x98\x80\n",
    };
    for (size_t k = 0; k < sizeof valid / sizeof *valid - 1; k++)
        assert_escape(valid[k], strlen(valid[k]), valid[k]);
    const char *mixed = valid[sizeof valid / sizeof *valid - 1];
    assert_escape(mixed, strlen(mixed), "caf\xC3\xA9 \xE2\x82\xAC\\\"\xF0\x9F\x98\x80\\n");
}

#define FFFD "\xEF\xBF\xBD"

static void test_escape_invalid_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"\x80", FFFD},
        {"\xBF", FFFD},
        {"\xF0\x9F\x98", FFFD},                    /* truncated 4-byte */
        {"\xF0\x9F\x98x", FFFD "x"},               /* interrupted 4-byte */
        {"\xE2\x82", FFFD},                        /* truncated 3-byte */
        {"\xC3", FFFD},                            /* truncated 2-byte */
        {"\xC2\x41", FFFD "A"},                    /* lead then ASCII */
        {"\xC0\xAF", FFFD FFFD},                   /* overlong '/' */
        {"\xC1\xBF", FFFD FFFD},                   /* overlong */
        {"\xE0\x80\x80", FFFD FFFD FFFD},          /* overlong 3-byte */
        {"\xF0\x80\x80\x80", FFFD FFFD FFFD FFFD}, /* overlong 4-byte */
        {"\xED\xA0\x80", FFFD FFFD FFFD},          /* surrogate U+D800 */
        {"\xED\xBF\xBF", FFFD FFFD FFFD},          /* surrogate U+DFFF */
        {"\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD}, /* U+110000 */
        {"\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD}, /* F5 never valid */
        {"\xFE\xFF", FFFD FFFD},
        {"\xC3\xA9\x80\xC3\xA9", "\xC3\xA9" FFFD "\xC3\xA9"},
        {"\xE2\x82\xE2\x82\xAC", FFFD "\xE2\x82\xAC"}, /* truncated then valid */
        {"\xF0\x9F\x98\"", FFFD "\\\""},
        /* Unicode Table 3-8 (and the WHATWG decoder) example. */
        {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
         "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        assert_escape(cases[k].in, strlen(cases[k].in), cases[k].want);
}

/* Every high byte alone and as a stray byte inside text becomes one U+FFFD. */
static void test_escape_every_lone_high_byte(void **state)
{
    (void)state;
    for (unsigned c = 0x80; c < 0x100; c++) {
        char in[3] = {'a', (char)c, 'z'};
        assert_escape(in, 3, "a" FFFD "z");
    }
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/*
 * Random byte strings (biased towards UTF-8 lead/continuation bytes): the
 * quoted output is always a valid JSON string, and escaping is the identity
 * on valid UTF-8 without '"', '\\' or control characters.
 */
static void test_escape_random(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15u;
    static const unsigned char pool[] = {'a',  ' ',  '"',  '\\', '\n', 0x00, 0x1F,
                                         0x7F, 0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xED,
                                         0xEF, 0xF0, 0xF4, 0xF5, 0xA0, 0x9F};
    gf_buf out = GF_BUF_INIT;
    for (int round = 0; round < 20000; round++) {
        unsigned char in[32];
        size_t n = rng_next(&seed) % sizeof in;
        for (size_t k = 0; k < n; k++) {
            uint64_t r = rng_next(&seed);
            in[k] = r & 1 ? pool[(r >> 1) % sizeof pool] : (unsigned char)(r >> 8);
        }
        gf_buf_clear(&out);
        gf_buf_addc(&out, '"');
        gf_json_escape(&out, (const char *)in, n);
        gf_buf_addc(&out, '"');
        assert_true(json_valid(out.ptr, out.len));

        bool clean = utf8_valid(in, n);
        for (size_t k = 0; k < n && clean; k++)
            clean = in[k] >= 0x20 && in[k] != '"' && in[k] != '\\';
        if (clean) {
            assert_int_equal(out.len, n + 2);
            assert_memory_equal(out.ptr + 1, in, n);
        }
    }
    gf_buf_release(&out);
}

static void test_escape_long_run(void **state)
{
    (void)state;
    size_t n = 100000;
    char *in = gf_malloc(n);
    for (size_t k = 0; k < n; k++)
        in[k] = (char)('a' + k % 26);
    in[n / 2] = '\t';
    gf_buf out = GF_BUF_INIT;
    gf_buf_adds(&out, "prefix:");
    gf_json_escape(&out, in, n);
    assert_int_equal(out.len, 7 + n + 1);
    assert_memory_equal(out.ptr, "prefix:", 7);
    assert_memory_equal(out.ptr + 7, in, n / 2);
    assert_memory_equal(out.ptr + 7 + n / 2, "\\t", 2);
    assert_memory_equal(out.ptr + 7 + n / 2 + 2, in + n / 2 + 1, n - n / 2 - 1);
    gf_buf_release(&out);
    gf_free(in);
}

/* Test harness: a writer over a fresh buffer, checked and freed by finish. */
typedef struct {
    gf_buf out;
    gf_json j;
} writer;

static void start(writer *w, bool pretty)
{
    gf_buf_init(&w->out, 0);
    gf_json_init(&w->j, &w->out, pretty);
}

static void finish(writer *w, const char *want)
{
    assert_string_equal(w->out.ptr, want);
    assert_int_equal(w->out.len, strlen(want));
    assert_true(json_valid(w->out.ptr, w->out.len));
    assert_int_equal(w->j.depth, 0);
    gf_json_release(&w->j);
    gf_buf_release(&w->out);
}

/* {"name":"graft","tags":["a",1,true,null],"nested":{"x":{"y":[[],{}]}},"e":{}} */
static void write_sample(gf_json *j)
{
    gf_json_object_begin(j);
    gf_json_key(j, "name");
    gf_json_str(j, "graft");
    gf_json_key(j, "tags");
    gf_json_array_begin(j);
    gf_json_str(j, "a");
    gf_json_int(j, 1);
    gf_json_bool(j, true);
    gf_json_null(j);
    gf_json_array_end(j);
    gf_json_key(j, "nested");
    gf_json_object_begin(j);
    gf_json_key(j, "x");
    gf_json_object_begin(j);
    gf_json_key(j, "y");
    gf_json_array_begin(j);
    gf_json_array_begin(j);
    gf_json_array_end(j);
    gf_json_object_begin(j);
    gf_json_object_end(j);
    gf_json_array_end(j);
    gf_json_object_end(j);
    gf_json_object_end(j);
    gf_json_key(j, "e");
    gf_json_object_begin(j);
    gf_json_object_end(j);
    gf_json_object_end(j);
}

static void test_nested_compact(void **state)
{
    (void)state;
    writer w;
    start(&w, false);
    write_sample(&w.j);
    finish(&w, "{\"name\":\"graft\",\"tags\":[\"a\",1,true,null],"
               "\"nested\":{\"x\":{\"y\":[[],{}]}},\"e\":{}}");
}

static void test_nested_pretty(void **state)
{
    (void)state;
    writer w;
    start(&w, true);
    write_sample(&w.j);
    finish(&w, "{\n"
               "  \"name\": \"graft\",\n"
               "  \"tags\": [\n"
               "    \"a\",\n"
               "    1,\n"
               "    true,\n"
               "    null\n"
               "  ],\n"
               "  \"nested\": {\n"
               "    \"x\": {\n"
               "      \"y\": [\n"
               "        [],\n"
               "        {}\n"
               "      ]\n"
               "    }\n"
               "  },\n"
               "  \"e\": {}\n"
               "}");
}

static void test_empty_containers(void **state)
{
    (void)state;
    for (int pretty = 0; pretty < 2; pretty++) {
        writer w;
        start(&w, pretty);
        gf_json_array_begin(&w.j);
        gf_json_array_end(&w.j);
        finish(&w, "[]");

        start(&w, pretty);
        gf_json_object_begin(&w.j);
        gf_json_object_end(&w.j);
        finish(&w, "{}");

        start(&w, pretty);
        gf_json_array_begin(&w.j);
        gf_json_object_begin(&w.j);
        gf_json_object_end(&w.j);
        gf_json_array_end(&w.j);
        finish(&w, pretty ? "[\n  {}\n]" : "[{}]");
    }
}

static void test_scalars_top_level(void **state)
{
    (void)state;
    writer w;
    start(&w, true);
    gf_json_str(&w.j, "a\"b");
    finish(&w, "\"a\\\"b\"");

    start(&w, false);
    gf_json_strn(&w.j, "a\0b", 3);
    finish(&w, "\"a\\u0000b\"");

    start(&w, false);
    gf_json_str(&w.j, NULL);
    finish(&w, "null");

    start(&w, false);
    gf_json_bool(&w.j, false);
    finish(&w, "false");
}

static void test_keys_escaped(void **state)
{
    (void)state;
    for (int pretty = 0; pretty < 2; pretty++) {
        writer w;
        start(&w, pretty);
        gf_json_object_begin(&w.j);
        gf_json_key(&w.j, "q\"b\\n\n\x01");
        gf_json_str(&w.j, "v");
        gf_json_key(&w.j, "bad\xFF\xC3\xA9");
        gf_json_int(&w.j, 2);
        gf_json_key(&w.j, "");
        gf_json_strn(&w.j, "", 0);
        gf_json_object_end(&w.j);
        finish(&w, pretty ? "{\n  \"q\\\"b\\\\n\\n\\u0001\": \"v\",\n  \"bad" FFFD
                            "\xC3\xA9\": 2,\n  \"\": \"\"\n}"
                          : "{\"q\\\"b\\\\n\\n\\u0001\":\"v\",\"bad" FFFD
                            "\xC3\xA9\":2,\"\":\"\"}");
    }
}

static void test_integers(void **state)
{
    (void)state;
    writer w;
    start(&w, false);
    gf_json_array_begin(&w.j);
    gf_json_int(&w.j, INT64_MIN);
    gf_json_int(&w.j, INT64_MAX);
    gf_json_int(&w.j, 0);
    gf_json_int(&w.j, -1);
    gf_json_int(&w.j, 10);
    gf_json_uint(&w.j, UINT64_MAX);
    gf_json_uint(&w.j, 0);
    gf_json_uint(&w.j, 1000000007);
    gf_json_array_end(&w.j);
    finish(&w, "[-9223372036854775808,9223372036854775807,0,-1,10,"
               "18446744073709551615,0,1000000007]");
}

/* The writer appends after existing content and leaves it alone. */
static void test_appends_and_reuse(void **state)
{
    (void)state;
    gf_buf out = GF_BUF_INIT;
    gf_buf_adds(&out, "x=");
    gf_json j;
    gf_json_init(&j, &out, false);
    gf_json_array_begin(&j);
    gf_json_uint(&j, 1);
    gf_json_array_end(&j);
    gf_json_release(&j);
    gf_buf_addc(&out, '\n');
    gf_json_init(&j, &out, true);
    gf_json_object_begin(&j);
    gf_json_key(&j, "k");
    gf_json_array_begin(&j);
    gf_json_array_end(&j);
    gf_json_object_end(&j);
    gf_json_release(&j);
    assert_string_equal(out.ptr, "x=[1]\n{\n  \"k\": []\n}");
    gf_buf_release(&out);
}

#define DEEP 200000

static void test_deep_arrays(void **state)
{
    (void)state;
    writer w;
    start(&w, false);
    for (int k = 0; k < DEEP; k++)
        gf_json_array_begin(&w.j);
    assert_int_equal(w.j.depth, DEEP);
    gf_json_int(&w.j, 7);
    for (int k = 0; k < DEEP; k++)
        gf_json_array_end(&w.j);
    assert_int_equal(w.j.depth, 0);
    assert_int_equal(w.out.len, 2 * (size_t)DEEP + 1);
    for (size_t k = 0; k < DEEP; k++) {
        assert_int_equal(w.out.ptr[k], '[');
        assert_int_equal(w.out.ptr[DEEP + 1 + k], ']');
    }
    assert_int_equal(w.out.ptr[DEEP], '7');
    assert_true(json_valid(w.out.ptr, w.out.len));
    gf_json_release(&w.j);
    gf_buf_release(&w.out);
}

static void test_deep_objects(void **state)
{
    (void)state;
    writer w;
    start(&w, false);
    for (int k = 0; k < DEEP; k++) {
        gf_json_object_begin(&w.j);
        gf_json_key(&w.j, "a");
    }
    gf_json_null(&w.j);
    for (int k = 0; k < DEEP; k++)
        gf_json_object_end(&w.j);
    /* {"a": is 5 bytes per level, } one more, plus null. */
    assert_int_equal(w.out.len, 6 * (size_t)DEEP + 4);
    assert_true(json_valid(w.out.ptr, w.out.len));
    gf_json_release(&w.j);
    gf_buf_release(&w.out);
}

/* Pretty mode at depth: indentation is two spaces per level, built here. */
static void test_deep_pretty(void **state)
{
    (void)state;
    /* Indentation stops growing at GF_JSON_MAX_INDENT levels. */
    enum { D = 300 };
#define IND(k) (2 * ((k) < GF_JSON_MAX_INDENT ? (k) : GF_JSON_MAX_INDENT))
    writer w;
    start(&w, true);
    gf_buf want = GF_BUF_INIT;
    for (int k = 0; k < D; k++) {
        gf_json_array_begin(&w.j);
        gf_buf_printf(&want, "%*s[\n", IND(k), "");
    }
    gf_json_bool(&w.j, true);
    gf_buf_printf(&want, "%*strue", IND(D), "");
    for (int k = D - 1; k >= 0; k--) {
        gf_json_array_end(&w.j);
        gf_buf_printf(&want, "\n%*s]", IND(k), "");
    }
    finish(&w, want.ptr);
    gf_buf_release(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validator_rejects),
        cmocka_unit_test(test_escape_every_ascii_byte),
        cmocka_unit_test(test_escape_all_ascii_at_once),
        cmocka_unit_test(test_escape_valid_utf8_verbatim),
        cmocka_unit_test(test_escape_invalid_utf8),
        cmocka_unit_test(test_escape_every_lone_high_byte),
        cmocka_unit_test(test_escape_random),
        cmocka_unit_test(test_escape_long_run),
        cmocka_unit_test(test_nested_compact),
        cmocka_unit_test(test_nested_pretty),
        cmocka_unit_test(test_empty_containers),
        cmocka_unit_test(test_scalars_top_level),
        cmocka_unit_test(test_keys_escaped),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_appends_and_reuse),
        cmocka_unit_test(test_deep_arrays),
        cmocka_unit_test(test_deep_objects),
        cmocka_unit_test(test_deep_pretty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
