/* transform: ast-grep's substring, convert and replace on metavariable text. */
#include "match/transform.h"

#include <string.h>

#include "match/casetab.h"

/* Output with a sticky error: after the first failed append, later ones
 * are skipped and rc keeps GF_ETOOBIG. */
typedef struct writer {
    gf_buf *out;
    int rc;
} writer;

static void put(writer *w, const char *s, size_t n)
{
    if (!w->rc && n)
        w->rc = gf_buf_add(w->out, s, n);
}

static void put_cp(writer *w, uint32_t c)
{
    char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (char)(0xC0 | (c >> 6));
        b[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (char)(0xE0 | (c >> 12));
        b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (c >> 18));
        b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    put(w, b, n);
}

/*
 * Length of the well-formed UTF-8 sequence at s[0..n) (n > 0), or 0 when
 * it is ill-formed; then *bad is the length of its maximal invalid subpart
 * (the bytes Rust's from_utf8_lossy replaces by one U+FFFD).
 */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
        need = 1;
    size_t k = 1;
    for (; k < need && k < n; k++) {
        unsigned char b = s[k];
        if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
            break;
    }
    if (need > 1 && k == need)
        return need;
    *bad = k;
    return 0;
}

/* text as valid UTF-8: text itself, or a lossy copy in tmp. */
static const char *lossy(const char *text, size_t *len, gf_buf *tmp)
{
    size_t n = *len, i = 0;
    const unsigned char *s = (const unsigned char *)text;
    size_t bad = 0;
    while (i < n) {
        size_t l = utf8_seq(s + i, n - i, &bad);
        if (!l)
            break;
        i += l;
    }
    if (i == n)
        return text ? text : "";
    gf_buf_add(tmp, text, i);
    while (i < n) {
        size_t l = utf8_seq(s + i, n - i, &bad);
        if (l) {
            gf_buf_add(tmp, text + i, l);
            i += l;
        } else {
            gf_buf_add(tmp, "\xEF\xBF\xBD", 3);
            i += bad;
        }
    }
    *len = tmp->len;
    return tmp->ptr;
}

/* Decodes the character at s[*i] of valid UTF-8 and advances *i. */
static uint32_t next_cp(const char *str, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str + *i;
    if (s[0] < 0x80) {
        *i += 1;
        return s[0];
    }
    if (s[0] < 0xE0) {
        *i += 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0) {
        *i += 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *i += 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Decodes the character ending at s[*i - 1] of valid UTF-8 and moves *i
 * back to its start. */
static uint32_t prev_cp(const char *s, size_t *i)
{
    size_t k = *i - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    *i = k;
    size_t j = k;
    return next_cp(s, &j);
}

/* Index of the last run with lo <= c in a table sorted by lo, or n. */
#define FIND_RUN(tab, n, c, out)                                                                   \
    do {                                                                                           \
        size_t lo_ = 0, hi_ = (n);                                                                 \
        while (lo_ < hi_) {                                                                        \
            size_t mid_ = lo_ + (hi_ - lo_) / 2;                                                   \
            if ((tab)[mid_].lo <= (c))                                                             \
                lo_ = mid_ + 1;                                                                    \
            else                                                                                   \
                hi_ = mid_;                                                                        \
        }                                                                                          \
        (out) = lo_ ? lo_ - 1 : (n);                                                               \
    } while (0)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool in_set(const casetab_set *tab, size_t n, uint32_t c)
{
    size_t k;
    FIND_RUN(tab, n, c, k);
    return k < n && c <= tab[k].hi && (c - tab[k].lo) % tab[k].stride == 0;
}

static bool is_lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return in_set(casetab_lowercase, COUNT(casetab_lowercase), c);
}

static bool is_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    return in_set(casetab_uppercase, COUNT(casetab_uppercase), c);
}

/* Appends the full case mapping of c (one to three characters). */
static void put_mapped(writer *w, uint32_t c, const casetab_map *map, size_t nmap,
                       const casetab_multi *multi, size_t nmulti)
{
    size_t k;
    FIND_RUN(map, nmap, c, k);
    if (k < nmap && c <= map[k].hi && (c - map[k].lo) % map[k].stride == 0) {
        put_cp(w, (uint32_t)((int64_t)c + map[k].delta));
        return;
    }
    for (k = 0; k < nmulti; k++) {
        if (multi[k].cp == c) {
            for (size_t t = 0; t < 3 && multi[k].to[t]; t++)
                put_cp(w, multi[k].to[t]);
            return;
        }
    }
    put_cp(w, c);
}

static void put_upper(writer *w, uint32_t c)
{
    if (c < 0x80) {
        put_cp(w, c >= 'a' && c <= 'z' ? c - 32 : c);
        return;
    }
    put_mapped(w, c, casetab_toupper, COUNT(casetab_toupper), casetab_toupper_multi,
               COUNT(casetab_toupper_multi));
}

/*
 * Rust's Final_Sigma test for the U+03A3 at s[at..at+2): a cased character
 * before it and none after it, skipping case-ignorable characters, within
 * s[0..n) (the string being lowercased: one word for the word cases).
 */
static bool final_sigma(const char *s, size_t n, size_t at)
{
    bool before = false, after = false;
    size_t i = at;
    while (i > 0) {
        uint32_t c = prev_cp(s, &i);
        if (!in_set(casetab_ignorable, COUNT(casetab_ignorable), c)) {
            before = in_set(casetab_cased, COUNT(casetab_cased), c);
            break;
        }
    }
    i = at + 2;
    while (i < n) {
        uint32_t c = next_cp(s, &i);
        if (!in_set(casetab_ignorable, COUNT(casetab_ignorable), c)) {
            after = in_set(casetab_cased, COUNT(casetab_cased), c);
            break;
        }
    }
    return before && !after;
}

/* Rust's str::to_lowercase of s[0..n) (valid UTF-8). */
static void put_lower_str(writer *w, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t at = i;
        uint32_t c = next_cp(s, &i);
        if (c < 0x80)
            put_cp(w, c >= 'A' && c <= 'Z' ? c + 32 : c);
        else if (c == 0x3A3)
            put_cp(w, final_sigma(s, n, at) ? 0x3C2 : 0x3C3);
        else
            put_mapped(w, c, casetab_tolower, COUNT(casetab_tolower), casetab_tolower_multi,
                       COUNT(casetab_tolower_multi));
    }
}

static void put_upper_str(writer *w, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n)
        put_upper(w, next_cp(s, &i));
}

/* First character uppercased (fully: "ß" gives "SS"), the rest as is. */
static void put_capitalized(writer *w, const char *s, size_t n)
{
    if (!n)
        return;
    size_t i = 0;
    put_upper(w, next_cp(s, &i));
    put(w, s + i, n - i);
}

/* A word of the split: bytes [start, end) of the text. */
typedef struct word {
    size_t start, end;
} word;

static bool is_sep(uint32_t c, unsigned seps)
{
    switch (c) {
    case '-': return seps & GF_SEP_DASH;
    case '.': return seps & GF_SEP_DOT;
    case ' ': return seps & GF_SEP_SPACE;
    case '/': return seps & GF_SEP_SLASH;
    case '_': return seps & GF_SEP_UNDERSCORE;
    default: return false;
    }
}

/*
 * Splits s[0..n) into words, calling fn for each non-empty one in order.
 * [left, right) is the word being grown; right is always the offset just
 * past the last character read, so at a separator it is the separator's
 * offset. The states are those of ast-grep's string_case.rs (see
 * transform.h); without GF_SEP_CASE_CHANGE the state stays IGNORE.
 */
enum split_state { LOWER, ONE_UPPER, MULTI_UPPER, IGNORE };

typedef void (*word_fn)(void *ctx, const char *s, word wd, size_t index);

static void split(const char *s, size_t n, unsigned seps, word_fn fn, void *ctx)
{
    enum split_state st = (seps & GF_SEP_CASE_CHANGE) ? LOWER : IGNORE;
    size_t left = 0, right = 0, last_len = 0, count = 0, i = 0;
#define EMIT(a, b)                                                                                 \
    do {                                                                                           \
        if ((a) < (b))                                                                             \
            fn(ctx, s, (word){(a), (b)}, count++);                                                 \
    } while (0)
    while (i < n) {
        size_t at = i;
        uint32_t c = next_cp(s, &i);
        size_t clen = i - at;
        if (is_sep(c, seps)) {
            EMIT(left, right);
            left = right = right + 1;
            if (st != IGNORE)
                st = LOWER;
            continue;
        }
        if (st == LOWER && is_upper(c)) {
            EMIT(left, right);
            left = right;
            right = left + clen;
            st = ONE_UPPER;
            continue;
        }
        if (st == MULTI_UPPER && is_lower(c)) {
            size_t new_left = right - last_len;
            EMIT(left, new_left);
            left = new_left;
            right += clen;
            st = LOWER;
            continue;
        }
        right += clen;
        if (st == IGNORE)
            continue;
        if (is_lower(c)) {
            st = LOWER;
        } else if (st == LOWER) {
            st = ONE_UPPER;
        } else {
            st = MULTI_UPPER;
            last_len = clen;
        }
    }
    EMIT(left, right);
#undef EMIT
}

typedef struct join_ctx {
    writer *w;
    gf_case to;
} join_ctx;

static void join_word(void *ctx, const char *s, word wd, size_t index)
{
    join_ctx *j = ctx;
    const char *p = s + wd.start;
    size_t n = wd.end - wd.start;
    switch (j->to) {
    case GF_CASE_SNAKE:
    case GF_CASE_KEBAB:
        if (index)
            put(j->w, j->to == GF_CASE_SNAKE ? "_" : "-", 1);
        put_lower_str(j->w, p, n);
        break;
    case GF_CASE_CAMEL:
        if (index)
            put_capitalized(j->w, p, n);
        else
            put_lower_str(j->w, p, n);
        break;
    default: put_capitalized(j->w, p, n); break;
    }
}

int gf_transform_convert(const char *text, size_t len, gf_case to, unsigned seps, gf_buf *out)
{
    gf_buf tmp = GF_BUF_INIT;
    const char *s = lossy(text, &len, &tmp);
    writer w = {out, 0};
    switch (to) {
    case GF_CASE_LOWER: put_lower_str(&w, s, len); break;
    case GF_CASE_UPPER: put_upper_str(&w, s, len); break;
    case GF_CASE_CAPITALIZE: put_capitalized(&w, s, len); break;
    default: split(s, len, seps, join_word, &(join_ctx){&w, to}); break;
    }
    gf_buf_release(&tmp);
    return w.rc;
}

/* ast-grep's resolve_char: a possibly negative index into len characters,
 * clamped to [0, len]. */
static uint64_t resolve(bool has, int64_t v, uint64_t dft, uint64_t len)
{
    if (!has)
        return dft;
    if (v >= 0)
        return (uint64_t)v >= len ? len : (uint64_t)v;
    uint64_t back = (uint64_t)(-(v + 1)) + 1; /* -v without overflow at INT64_MIN */
    return back >= len ? 0 : len - back;
}

int gf_transform_substring(const char *text, size_t len, const gf_substring_opts *opts, gf_buf *out)
{
    gf_buf tmp = GF_BUF_INIT;
    const char *s = lossy(text, &len, &tmp);
    uint64_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    uint64_t start = resolve(opts->has_start, opts->start, 0, chars);
    uint64_t end = resolve(opts->has_end, opts->end, chars, chars);
    writer w = {out, 0};
    if (start < end && start < chars) {
        /* Byte offsets of characters start and end. */
        size_t i = 0, b0 = 0, b1 = len;
        for (uint64_t k = 0; i <= len; i++) {
            if (i == len || ((unsigned char)s[i] & 0xC0) != 0x80) {
                if (k == start)
                    b0 = i;
                if (k == end) {
                    b1 = i;
                    break;
                }
                k++;
            }
        }
        put(&w, s + b0, b1 - b0);
    }
    gf_buf_release(&tmp);
    return w.rc;
}

int gf_transform_replace(const char *text, size_t len, const gf_regex *re, const char *by,
                         size_t by_len, gf_buf *out, gf_error *err)
{
    gf_buf tmp = GF_BUF_INIT;
    const char *s = lossy(text, &len, &tmp);
    int rc = gf_regex_replace_all(re, s, len, by, by_len, out, err);
    gf_buf_release(&tmp);
    return rc;
}

static const char *const case_names[] = {
    [GF_CASE_LOWER] = "lowerCase",       [GF_CASE_UPPER] = "upperCase",
    [GF_CASE_CAPITALIZE] = "capitalize", [GF_CASE_CAMEL] = "camelCase",
    [GF_CASE_SNAKE] = "snakeCase",       [GF_CASE_KEBAB] = "kebabCase",
    [GF_CASE_PASCAL] = "pascalCase",
};

bool gf_case_parse(const char *name, size_t len, gf_case *out)
{
    for (size_t k = 0; k < COUNT(case_names); k++) {
        if (strlen(case_names[k]) == len && !memcmp(case_names[k], name, len)) {
            *out = (gf_case)k;
            return true;
        }
    }
    return false;
}

const char *gf_case_name(gf_case c)
{
    return (size_t)c < COUNT(case_names) ? case_names[c] : "";
}

bool gf_case_sep_parse(const char *name, size_t len, unsigned *bit)
{
    static const struct {
        const char *name;
        unsigned bit;
    } seps[] = {
        {"caseChange", GF_SEP_CASE_CHANGE},
        {"dash", GF_SEP_DASH},
        {"dot", GF_SEP_DOT},
        {"slash", GF_SEP_SLASH},
        {"space", GF_SEP_SPACE},
        {"underscore", GF_SEP_UNDERSCORE},
    };
    for (size_t k = 0; k < COUNT(seps); k++) {
        if (strlen(seps[k].name) == len && !memcmp(seps[k].name, name, len)) {
            *bit = seps[k].bit;
            return true;
        }
    }
    return false;
}
