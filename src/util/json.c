/* json: streaming JSON writer (serde_json-compatible escaping and layout). */
#include "util/json.h"

#include <assert.h>
#include <string.h>

/* Stack byte flag: the container already has at least one member. */
#define HAS_MEMBERS 0x80u

static const char hex_digits[] = "0123456789abcdef";

/* ASCII copied verbatim inside a string: DEL is not escaped, as in serde_json. */
static bool plain_ascii(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/*
 * Length of the UTF-8 sequence starting at s[0] (n > 0 bytes available, s[0]
 * >= 0x80). Returns k > 0 when s[0..k) is one well-formed sequence (Unicode
 * Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), otherwise
 * -k where s[0..k) is the maximal invalid subpart: the longest prefix of a
 * well-formed sequence (at least one byte), to be replaced by one U+FFFD.
 */
static int utf8_seq(const unsigned char *s, size_t n)
{
    unsigned lead = s[0];
    if (lead < 0xC2 || lead > 0xF4)
        return -1;
    int trail = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
    unsigned lo = 0x80, hi = 0xBF;
    if (lead == 0xE0)
        lo = 0xA0; /* overlong below U+0800 */
    else if (lead == 0xED)
        hi = 0x9F; /* surrogates U+D800..U+DFFF */
    else if (lead == 0xF0)
        lo = 0x90; /* overlong below U+10000 */
    else if (lead == 0xF4)
        hi = 0x8F; /* above U+10FFFF */
    int k = 1;
    for (int t = 0; t < trail; t++, k++) {
        if ((size_t)k >= n || s[k] < lo || s[k] > hi)
            return -k;
        lo = 0x80;
        hi = 0xBF;
    }
    return k;
}

/*
 * Invariant of the loop: s[i..) is still to be written. Each pass copies the
 * longest run of bytes needing no change (plain ASCII and well-formed UTF-8)
 * with one gf_buf_add, then writes one escape or one U+FFFD.
 */
void gf_json_escape(gf_buf *out, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        int bad = 0;
        while (i < n) {
            if (plain_ascii(s[i])) {
                i++;
            } else if (s[i] >= 0x80) {
                int k = utf8_seq(s + i, n - i);
                if (k < 0) {
                    bad = -k;
                    break;
                }
                i += (size_t)k;
            } else {
                break;
            }
        }
        if (i > start)
            gf_buf_add(out, s + start, i - start);
        if (i == n)
            break;
        if (bad) {
            gf_buf_add(out, "\xEF\xBF\xBD", 3);
            i += (size_t)bad;
            continue;
        }
        unsigned char c = s[i++];
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex_digits[c >> 4];
            esc[5] = hex_digits[c & 0xF];
            len = 6;
        }
        gf_buf_add(out, esc, len);
    }
}

void gf_json_init(gf_json *j, gf_buf *out, bool pretty)
{
    j->out = out;
    j->pretty = pretty;
    j->after_key = false;
    j->depth = 0;
    gf_buf_init(&j->stack, 0);
}

void gf_json_release(gf_json *j)
{
    gf_buf_release(&j->stack);
    j->depth = 0;
    j->after_key = false;
}

/* Pretty mode: a newline and two spaces per open container in depth. */
static void newline_indent(gf_json *j, size_t depth)
{
    /* Indentation stops growing at GF_JSON_MAX_INDENT levels so that very
     * deep documents stay linear in size; the JSON is still valid. */
    if (depth > GF_JSON_MAX_INDENT)
        depth = GF_JSON_MAX_INDENT;
    gf_buf_addc(j->out, '\n');
    if (gf_buf_grow(j->out, depth * 2))
        return; /* over the output limit: the writer drops what does not fit */
    memset(j->out->ptr + j->out->len, ' ', depth * 2);
    gf_buf_setlen(j->out, j->out->len + depth * 2);
}

/*
 * Marks the innermost container as having a member and writes what comes
 * before that member: a comma unless it is the first, then in pretty mode
 * a newline and the member's indentation.
 */
static void member_prefix(gf_json *j)
{
    unsigned char *top = (unsigned char *)&j->stack.ptr[j->depth - 1];
    if (*top & HAS_MEMBERS)
        gf_buf_addc(j->out, ',');
    *top |= HAS_MEMBERS;
    if (j->pretty)
        newline_indent(j, j->depth);
}

/*
 * Called before every value. After a key the ':' is already written; at top
 * level nothing is written (the caller separates several top-level values,
 * e.g. with '\n' for JSON Lines); inside an array the value is a member.
 */
static void value_prefix(gf_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth) {
        assert(((unsigned char)j->stack.ptr[j->depth - 1] & ~HAS_MEMBERS) == 'a');
        member_prefix(j);
    }
}

static void container_open(gf_json *j, char kind, char bracket)
{
    value_prefix(j);
    gf_buf_addc(j->out, bracket);
    gf_buf_addc(&j->stack, kind);
    j->depth++;
}

/* Empty containers close on the same line: {} and [], as serde_json does. */
static void container_close(gf_json *j, char kind, char bracket)
{
    assert(j->depth && !j->after_key);
    if (!j->depth)
        return;
    unsigned char top = (unsigned char)j->stack.ptr[j->depth - 1];
    assert((top & ~HAS_MEMBERS) == (unsigned char)kind);
    (void)kind;
    j->depth--;
    gf_buf_setlen(&j->stack, j->depth);
    if (j->pretty && (top & HAS_MEMBERS))
        newline_indent(j, j->depth);
    gf_buf_addc(j->out, bracket);
}

void gf_json_object_begin(gf_json *j)
{
    container_open(j, 'o', '{');
}

void gf_json_object_end(gf_json *j)
{
    container_close(j, 'o', '}');
}

void gf_json_array_begin(gf_json *j)
{
    container_open(j, 'a', '[');
}

void gf_json_array_end(gf_json *j)
{
    container_close(j, 'a', ']');
}

void gf_json_key(gf_json *j, const char *key)
{
    assert(j->depth && !j->after_key);
    assert(((unsigned char)j->stack.ptr[j->depth - 1] & ~HAS_MEMBERS) == 'o');
    if (j->depth)
        member_prefix(j);
    gf_buf_addc(j->out, '"');
    gf_json_escape(j->out, key, strlen(key));
    gf_buf_add(j->out, j->pretty ? "\": " : "\":", j->pretty ? 3 : 2);
    j->after_key = true;
}

void gf_json_strn(gf_json *j, const char *s, size_t n)
{
    value_prefix(j);
    gf_buf_addc(j->out, '"');
    gf_json_escape(j->out, s, n);
    gf_buf_addc(j->out, '"');
}

/* A NULL string is written as null rather than crashing. */
void gf_json_str(gf_json *j, const char *s)
{
    if (!s) {
        gf_json_null(j);
        return;
    }
    gf_json_strn(j, s, strlen(s));
}

/* Writes the decimal digits of v, preceded by '-' when neg. */
static void write_u64(gf_json *j, uint64_t v, bool neg)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (neg)
        *--p = '-';
    value_prefix(j);
    gf_buf_add(j->out, p, (size_t)(tmp + sizeof tmp - p));
}

/* The magnitude is computed in unsigned arithmetic so INT64_MIN is exact. */
void gf_json_int(gf_json *j, int64_t v)
{
    if (v < 0)
        write_u64(j, (uint64_t)0 - (uint64_t)v, true);
    else
        write_u64(j, (uint64_t)v, false);
}

void gf_json_uint(gf_json *j, uint64_t v)
{
    write_u64(j, v, false);
}

void gf_json_bool(gf_json *j, bool v)
{
    value_prefix(j);
    gf_buf_add(j->out, v ? "true" : "false", v ? 4 : 5);
}

void gf_json_null(gf_json *j)
{
    value_prefix(j);
    gf_buf_add(j->out, "null", 4);
}

static void json_point(gf_json *j, const char *key, uint32_t line, uint32_t col)
{
    gf_json_key(j, key);
    gf_json_object_begin(j);
    gf_json_key(j, "line");
    gf_json_uint(j, line);
    gf_json_key(j, "column");
    gf_json_uint(j, col);
    gf_json_object_end(j);
}

void gf_json_range(gf_json *j, uint64_t start_byte, uint64_t end_byte, uint32_t start_line,
                   uint32_t start_col, uint32_t end_line, uint32_t end_col)
{
    gf_json_object_begin(j);
    gf_json_key(j, "byteOffset");
    gf_json_object_begin(j);
    gf_json_key(j, "start");
    gf_json_uint(j, start_byte);
    gf_json_key(j, "end");
    gf_json_uint(j, end_byte);
    gf_json_object_end(j);
    json_point(j, "start", start_line, start_col);
    json_point(j, "end", end_line, end_col);
    gf_json_object_end(j);
}
