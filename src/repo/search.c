/* search: line-oriented PCRE2 and literal search over whole file buffers. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "repo/search.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

/* JIT code runs on 32 KiB of machine stack by default; a scratch that
 * overflows it gets a private stack of up to this size (address space is
 * reserved, memory committed only as used), kept for its later matches. */
#define JIT_STACK_MAX (256u << 20)
/* Bound on the interpreter's backtracking memory (KiB) when JIT is missing. */
#define HEAP_LIMIT_KIB (256u << 10)

/*
 * How a gf_search finds lines:
 *   BUFFER   one PCRE2 search over the rest of the file, then the line of
 *            the match; a match that runs over a '\n' is re-checked on its
 *            first line alone
 *   LINES    PCRE2 on each line in turn (patterns whose answer could
 *            change when the line's neighbours are visible)
 * In BUFFER mode, a pattern with a required literal inside it (see
 * required_literal) is run only on the lines memmem finds that literal
 * in. Literals (-F) are escaped into a regex: PCRE2's JIT finds a leading
 * literal faster than memmem.
 */
typedef enum mode { MODE_BUFFER, MODE_LINES } mode;

/* Compiled variants, by subject kind: [0] any UTF-8, with Unicode \w \d
 * \s \b and POSIX classes (PCRE2_UCP); [1] pure-ASCII subjects, where the
 * ASCII meanings are the same and PCRE2 runs them faster. */
enum { UNI, ASCII };

struct gf_search {
    mode mode;
    char *lit; /* a string every match contains, or NULL (see required_literal) */
    size_t litlen;
    pcre2_code *code[2];
    pcre2_general_context *gctx;
    pcre2_match_context *mctx; /* template copied into each scratch */
};

struct gf_search_scratch {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *stack; /* allocated on the first JIT stack overflow */
    int kind;               /* UNI or ASCII: set by gf_search_begin */
};

static void *pcre_malloc(size_t n, void *data)
{
    (void)data;
    return gf_malloc(n);
}

static void pcre_free(void *p, void *data)
{
    (void)data;
    gf_free(p);
}

/*
 * Whether the pattern may mean something different when matched inside a
 * whole file than on one line alone: lookarounds and \K look past the
 * match, \A \z \Z \G anchor to the subject, verbs can do anything. A
 * conservative scan of the text (a false alarm only costs speed).
 */
static bool needs_lines(const char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] == '\\') {
            char c = p[i + 1];
            if (c == 'A' || c == 'z' || c == 'Z' || c == 'G' || c == 'K')
                return true;
            i++; /* skip the escaped character */
        } else if (p[i] == '(' && (p[i + 1] == '*' || p[i + 1] == '?')) {
            if (p[i + 1] == '*')
                return true;
            if (i + 2 < n && (p[i + 2] == '=' || p[i + 2] == '!'))
                return true;
            if (i + 3 < n && p[i + 2] == '<' && (p[i + 3] == '=' || p[i + 3] == '!'))
                return true;
        }
    }
    return false;
}

/* Whether PCRE2_UCP may change what the pattern matches: \w \d \s \b
 * and their negations, POSIX classes, or a (*UCP) of its own. A
 * conservative scan, like needs_lines. */
static bool ucp_sensitive(const char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] == '\\') {
            if (strchr("wWdDsSbBhHvVRX", p[i + 1]) && p[i + 1])
                return true;
            i++;
        } else if ((p[i] == '[' && p[i + 1] == ':') || (p[i] == '(' && p[i + 1] == '*')) {
            return true;
        }
    }
    return false;
}

/* Appends s[0..n) as a PCRE2 pattern matching exactly those bytes. */
static void escape_literal(gf_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        /* A backslash before any ASCII non-alphanumeric makes it literal. */
        if (c < 0x80 && !alnum)
            gf_buf_addc(out, '\\');
        gf_buf_addc(out, (char)c);
    }
}

/* Bytes of the character or escape at p[i] that stand for one literal
 * byte sequence, or 0 when p[i] starts anything else (a class, a group, an
 * escape with a meaning, a metacharacter). */
static size_t literal_unit(const char *p, size_t n, size_t i)
{
    unsigned char c = (unsigned char)p[i];
    if (c >= 0x80) { /* a UTF-8 sequence: taken whole */
        size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return i + k <= n ? k : 0;
    }
    if (c == '\\') {
        unsigned char e = i + 1 < n ? (unsigned char)p[i + 1] : 0;
        bool punct = e > 0x20 && e < 0x7f &&
                     !((e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z'));
        return punct ? 2 : 0;
    }
    return strchr("\\^$.|?*+()[]{}#", c) || c < 0x20 ? 0 : 1;
}

/*
 * The longest run of literal characters in the pattern's top-level
 * sequence that no quantifier applies to, when it is at least 3 bytes and
 * does not start the pattern (PCRE2 already searches for a leading
 * literal quickly): every match contains it, so only lines holding it need
 * the regex. Case-sensitive patterns without top-level alternation only;
 * anything unusual ((?i), (?x), \Q, a top-level |) gives no literal.
 * Appends the literal's bytes (unescaped) to out.
 */
static void required_literal(const char *p, size_t n, gf_buf *out)
{
    gf_buf run = GF_BUF_INIT;
    size_t depth = 0;
    bool run_at_start = false;
    for (size_t i = 0; i < n;) {
        size_t k = depth ? 0 : literal_unit(p, n, i);
        if (k) {
            size_t next = i + k;
            bool quantified = next < n && strchr("*+?{", p[next]);
            if (!quantified) {
                if (!run.len)
                    run_at_start = i == 0;
                gf_buf_add(&run, p[i] == '\\' ? p + i + 1 : p + i, p[i] == '\\' ? 1 : k);
            }
            if (quantified || next == n) {
                if (run.len > out->len && !run_at_start) {
                    gf_buf_clear(out);
                    gf_buf_add(out, run.ptr, run.len);
                }
                gf_buf_clear(&run);
            }
            i = next;
            continue;
        }
        if (run.len > out->len && !run_at_start) {
            gf_buf_clear(out);
            gf_buf_add(out, run.ptr, run.len);
        }
        gf_buf_clear(&run);
        char c = p[i];
        if (c == '\\') {
            /* An escape with a meaning, and whatever belongs to it: \x41,
             * \x{..}, \p{..}, \pL, \cX, \k<n>, \g{-1}, \101. Hex digits
             * after it are skipped too: dropping literal bytes is safe. */
            char e = i + 1 < n ? p[i + 1] : 0;
            if (e == 'Q' || e == 'E')
                goto none;
            i += 2;
            if (i < n && p[i] == '{') {
                const char *close = memchr(p + i, '}', n - i);
                i = close ? (size_t)(close - p) + 1 : n;
            } else if (i < n && (e == 'k' || e == 'g') && (p[i] == '<' || p[i] == '\'')) {
                const char *close = memchr(p + i + 1, p[i] == '<' ? '>' : '\'', n - i - 1);
                i = close ? (size_t)(close - p) + 1 : n;
            } else if (i < n && (e == 'c' || e == 'p' || e == 'P')) {
                i++;
            }
            while (i < n && strchr("0123456789abcdefABCDEF", p[i]) && p[i])
                i++;
        } else if (c == '[') {
            /* A class: ']' first is literal; skip escapes and [:name:]. */
            i++;
            if (i < n && p[i] == '^')
                i++;
            if (i < n && p[i] == ']')
                i++;
            for (; i < n && p[i] != ']'; i++) {
                if (p[i] == '\\') {
                    i++;
                } else if (p[i] == '[' && i + 1 < n && p[i + 1] == ':') {
                    const char *e = memmem(p + i + 2, n - i - 2, ":]", 2);
                    if (!e)
                        goto none;
                    i = (size_t)(e - p) + 1;
                }
            }
            i++;
        } else if (c == '(') {
            if (i + 1 < n && p[i + 1] == '?')
                for (size_t f = i + 2; f < n && p[f] && strchr("imnsxJU^-", p[f]); f++)
                    if (p[f] == 'i' || p[f] == 'x')
                        goto none;
            depth++;
            i++;
        } else if (c == ')') {
            if (depth)
                depth--;
            i++;
        } else if (c == '|' && !depth) {
            goto none;
        } else if (c == '#') {
            goto none; /* only special under (?x), refused above anyway */
        } else {
            i++;
        }
    }
    if (out->len >= 3) {
        gf_buf_release(&run);
        return;
    }
none:
    gf_buf_clear(out);
    gf_buf_release(&run);
}

/* Compiles and JIT-compiles prefix + body + suffix; NULL on error. */
static pcre2_code *build(gf_search *s, const char *prefix, const gf_buf *body, const char *suffix,
                         uint32_t flags, int *ec, PCRE2_SIZE *eo)
{
    gf_buf b = GF_BUF_INIT;
    gf_buf_adds(&b, prefix);
    gf_buf_add(&b, body->ptr, body->len);
    gf_buf_adds(&b, suffix);
    pcre2_compile_context *cc = pcre2_compile_context_create(s->gctx);
    pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
    pcre2_set_bsr(cc, PCRE2_BSR_UNICODE);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)b.ptr, b.len, flags, ec, eo, cc);
    pcre2_compile_context_free(cc);
    gf_buf_release(&b);
    /* Without JIT support (or memory for it) the interpreter is used. */
    if (code)
        (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return code;
}

int gf_search_compile(const char *pattern, size_t len, const gf_search_opts *o, gf_search **out,
                      gf_error *err)
{
    static const gf_search_opts defaults = {0};
    if (!o)
        o = &defaults;
    *out = NULL;
    int shown = len > 512 ? 512 : (int)len; /* the message is truncated anyway */
    const char *nl = memchr(pattern, '\n', len);
    if (nl)
        return gf_error_set(err, GF_EINVAL,
                            "the pattern contains a newline at offset %zu: search is line-oriented",
                            (size_t)(nl - pattern));
    gf_search *s = gf_calloc(1, sizeof *s);
    gf_buf pat = GF_BUF_INIT;
    if (o->literal)
        escape_literal(&pat, pattern, len);
    else
        gf_buf_add(&pat, pattern, len);
    s->mode = !o->literal && needs_lines(pattern, len) ? MODE_LINES : MODE_BUFFER;
    if (!o->literal && !o->ignore_case && s->mode == MODE_BUFFER) {
        gf_buf lit = GF_BUF_INIT;
        required_literal(pattern, len, &lit);
        if (lit.len)
            s->lit = gf_buf_detach(&lit, &s->litlen);
        gf_buf_release(&lit);
    }
    s->gctx = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
    /* MULTILINE makes ^ and $ match at the '\n's of a whole-file subject as
     * at the ends of a one-line subject. */
    uint32_t flags = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE |
                     PCRE2_NEVER_BACKSLASH_C | (o->ignore_case ? PCRE2_CASELESS : 0);
    int ec, rc = 0;
    PCRE2_SIZE eo;
    /* The pattern alone first, so an error's offset is the user's. */
    pcre2_code *code = build(s, "", &pat, "", flags | PCRE2_UCP, &ec, &eo);
    if (!code) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(ec, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", ec);
        /* Offsets into an escaped literal never occur: it always compiles. */
        rc = gf_error_set(err, GF_EINVAL, "invalid regex '%.*s': %s at offset %zu", shown, pattern,
                          (const char *)msg, (size_t)eo);
        gf_buf_release(&pat);
        gf_search_delete(s);
        return rc;
    }
    /*
     * -w: not touching a word character on either side, grep's and
     * ripgrep's meaning, which \b is not for patterns that start or end
     * with a non-word character. The tail ends whatever state the pattern
     * leaves the parser in: \E closes a \Q, and a newline ends an (?x)
     * comment while (?#...) hides it otherwise.
     */
    const char *pre = o->word ? "(?<!\\w)(?:" : "";
    const char *post = o->word ? "\\E(?#\n(?#))(?!\\w)" : "";
    /* Patterns that UCP cannot change (no -w wrapper either) need no ASCII
     * variant, nor the per-file ASCII check that picks it. */
    int kinds = o->word || (!o->literal && ucp_sensitive(pattern, len)) ? ASCII : UNI;
    for (int k = UNI; k <= kinds; k++) {
        uint32_t f = flags | (k == UNI ? PCRE2_UCP : 0);
        if (k == UNI && !o->word)
            s->code[k] = code;
        else
            s->code[k] = build(s, pre, &pat, post, f, &ec, &eo);
    }
    if (o->word)
        pcre2_code_free(code);
    gf_buf_release(&pat);
    /* Only the -w wrapper could fail here (it never should); without an
     * ASCII variant every subject takes the Unicode one. */
    if (!s->code[UNI]) {
        gf_search_delete(s);
        return gf_error_set(err, GF_EINVAL, "invalid regex '%.*s'", shown, pattern);
    }
    s->mctx = pcre2_match_context_create(s->gctx);
    pcre2_set_heap_limit(s->mctx, HEAP_LIMIT_KIB);
    *out = s;
    return 0;
}

void gf_search_delete(gf_search *s)
{
    if (!s)
        return;
    for (int k = UNI; k <= ASCII; k++)
        pcre2_code_free(s->code[k]);
    gf_free(s->lit);
    pcre2_match_context_free(s->mctx);
    pcre2_general_context_free(s->gctx);
    gf_free(s);
}

gf_search_scratch *gf_search_scratch_new(const gf_search *s)
{
    gf_search_scratch *m = gf_calloc(1, sizeof *m);
    /* Every variant has the same groups: one match data fits all. */
    m->md = pcre2_match_data_create_from_pattern(s->code[UNI], s->gctx);
    m->mctx = pcre2_match_context_copy(s->mctx);
    return m;
}

void gf_search_scratch_delete(gf_search_scratch *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->stack);
    gf_free(m);
}

/* True when p[0..n) is all ASCII (word at a time). */
static bool all_ascii(const char *p, size_t n)
{
    const uint64_t high = 0x8080808080808080u;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        uint64_t w[4];
        memcpy(w, p + i, 32);
        if ((w[0] | w[1] | w[2] | w[3]) & high)
            return false;
    }
    for (; i < n; i++)
        if (p[i] & 0x80)
            return false;
    return true;
}

void gf_search_begin(const gf_search *s, gf_search_scratch *m, const char *data, size_t len)
{
    m->kind = s->code[ASCII] && all_ascii(data, len) ? ASCII : UNI;
}

/* One pcre2_match over subj[0..len) from start; on a JIT stack overflow
 * the scratch gets a large stack and the match is retried. */
static int run(const gf_search *s, const pcre2_code *code, gf_search_scratch *m, const char *subj,
               size_t len, size_t start)
{
    PCRE2_SPTR p = (PCRE2_SPTR)(subj ? subj : "");
    int rc = pcre2_match(code, p, len, start, 0, m->md, m->mctx);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT && !m->stack) {
        m->stack = pcre2_jit_stack_create(256u << 10, JIT_STACK_MAX, s->gctx);
        if (m->stack) {
            pcre2_jit_stack_assign(m->mctx, NULL, m->stack);
            rc = pcre2_match(code, p, len, start, 0, m->md, m->mctx);
        }
    }
    return rc;
}

static int match_error(int rc, size_t at, gf_error *err)
{
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", rc);
    gf_error_set(err, GF_ETOOBIG, "%s", (const char *)msg);
    if (err)
        err->offset = at;
    return GF_ETOOBIG;
}

/* Finds the next match in line[0..n) at or after start: 1, 0, or < 0. */
static int find_in(const gf_search *s, gf_search_scratch *m, const char *line, size_t n,
                   size_t start, size_t *ms, size_t *me)
{
    int rc = run(s, s->code[m->kind], m, line, n, start);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0)
        return rc;
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    /* \K can put the start after the end; report the end point then. */
    *ms = ov[0] <= ov[1] ? ov[0] : ov[1];
    *me = ov[1];
    return 1;
}

int gf_search_line_matches(const gf_search *s, gf_search_scratch *m, const char *line, size_t n,
                           gf_error *err)
{
    size_t ms, me;
    int rc = find_in(s, m, line, n, 0, &ms, &me);
    return rc < 0 ? match_error(rc, 0, err) : rc;
}

/* Bytes to step over at p[0] (n > 0 available): one well-formed UTF-8
 * sequence, else one byte. */
static size_t utf8_step(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t k = c < 0xC2 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 1;
    if (k > n)
        return 1;
    for (size_t i = 1; i < k; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 1;
    return k;
}

int gf_search_line_next(const gf_search *s, gf_search_scratch *m, const char *line, size_t n,
                        size_t *pos, size_t *last, size_t *ms, size_t *me, gf_error *err)
{
    while (*pos <= n) {
        int rc = find_in(s, m, line, n, *pos, ms, me);
        if (rc < 0)
            return match_error(rc, *pos, err);
        if (rc == 0) {
            *pos = n + 1;
            return 0;
        }
        if (*ms == *me) {
            /* Progress past an empty match; one right after the previous
             * match is not reported (Rust's find_iter). */
            *pos = *me < n ? *me + utf8_step((const unsigned char *)line + *me, n - *me) : n + 1;
            if (*last == *me)
                continue;
        } else {
            *pos = *me;
        }
        *last = *me;
        return 1;
    }
    return 0;
}

/* Start of the line holding data[at], not before lo (a line start). */
static size_t line_start(const char *data, size_t lo, size_t at)
{
    const char *p = at > lo ? memrchr(data + lo, '\n', at - lo) : NULL;
    return p ? (size_t)(p - data) + 1 : lo;
}

static size_t line_end(const char *data, size_t len, size_t at)
{
    const char *p = at < len ? memchr(data + at, '\n', len - at) : NULL;
    return p ? (size_t)(p - data) : len;
}

/* MODE_LINES, or the rest of a file after a whole-file search failed. */
static int next_line_each(const gf_search *s, gf_search_scratch *m, const char *data, size_t len,
                          size_t pos, size_t *ls, size_t *le, gf_error *err)
{
    while (pos < len) {
        size_t e = line_end(data, len, pos), ms, me;
        int rc = find_in(s, m, data + pos, e - pos, 0, &ms, &me);
        if (rc != 0) {
            *ls = pos;
            *le = e;
            return rc < 0 ? match_error(rc, pos, err) : 1;
        }
        pos = e + 1;
    }
    return 0;
}

int gf_search_next_line(const gf_search *s, gf_search_scratch *m, const char *data, size_t len,
                        size_t from, size_t *ls, size_t *le, gf_error *err)
{
    if (s->mode == MODE_LINES)
        return next_line_each(s, m, data, len, from, ls, le, err);
    size_t pos = from;
    if (s->lit) {
        /* Only lines holding the required literal can match. */
        while (pos < len) {
            const char *hit = memmem(data + pos, len - pos, s->lit, s->litlen);
            if (!hit)
                return 0;
            size_t at = (size_t)(hit - data), ms, me;
            size_t a = line_start(data, pos, at), b = line_end(data, len, at);
            int rc = find_in(s, m, data + a, b - a, 0, &ms, &me);
            if (rc != 0) {
                *ls = a;
                *le = b;
                return rc < 0 ? match_error(rc, a, err) : 1;
            }
            pos = b + 1;
        }
        return 0;
    }
    while (pos < len) {
        size_t ms, me;
        int rc = find_in(s, m, data, len, pos, &ms, &me);
        if (rc == 0)
            return 0;
        if (rc < 0) {
            /* Limits are per search; one line at a time they may hold. */
            return next_line_each(s, m, data, len, pos, ls, le, err);
        }
        /* An empty match after a final '\n' is in no line. */
        if (ms == len && data[len - 1] == '\n')
            return 0;
        size_t a = line_start(data, pos, ms), b = line_end(data, len, ms);
        if (me <= b) {
            *ls = a;
            *le = b;
            return 1;
        }
        /* The match ran over a '\n': does its first line match alone? */
        rc = find_in(s, m, data + a, b - a, 0, &ms, &me);
        if (rc != 0) {
            *ls = a;
            *le = b;
            return rc < 0 ? match_error(rc, a, err) : 1;
        }
        pos = b + 1;
    }
    return 0;
}

const char *gf_search_literal(const gf_search *s, size_t *len)
{
    *len = s->litlen;
    return s->lit;
}

size_t gf_count_newlines(const char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, nl = ones * '\n', low7 = ones * 0x7f;
    size_t count = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t x = w ^ nl; /* zero bytes where p has '\n' */
        /* 0x80 in each zero byte of x, 0 elsewhere (exact: no carries
         * cross bytes), then the sum of those bits lands in the top byte. */
        uint64_t z = ~(((x & low7) + low7) | x | low7);
        count += (size_t)(((z >> 7) * ones) >> 56);
    }
    for (; i < n; i++)
        count += p[i] == '\n';
    return count;
}
