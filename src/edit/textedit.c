/* textedit: text-level edit actions (replace, insert at anchor, delete range). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "edit/textedit.h"

#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/vec.h"

typedef struct occ {
    size_t start, end;
} occ;
typedef GF_VEC(occ) occs;

/* ---- lines and line endings ---- */

static bool crlf_file(const char *d, size_t n)
{
    const char *nl = memchr(d, '\n', n);
    return nl && nl > d && nl[-1] == '\r';
}

/* text with "\n" read as "\r\n" in a CRLF file (unless it has '\r'). */
static void adapt_eol(const char *t, size_t n, bool crlf, gf_buf *out)
{
    gf_buf_clear(out);
    if (!crlf || memchr(t, '\r', n)) {
        gf_buf_add(out, t, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\n')
            gf_buf_addc(out, '\r');
        gf_buf_addc(out, t[i]);
    }
    if (!out->ptr)
        gf_buf_add(out, "", 0);
}

static size_t line_no(const char *d, size_t off)
{
    size_t n = 1;
    for (size_t i = 0; i < off; i++)
        n += d[i] == '\n';
    return n;
}

static size_t line_start(const char *d, size_t off)
{
    while (off > 0 && d[off - 1] != '\n')
        off--;
    return off;
}

/* Past the '\n' of off's line, or len. */
static size_t line_next(const char *d, size_t len, size_t off)
{
    const char *nl = memchr(d + off, '\n', len - off);
    return nl ? (size_t)(nl - d) + 1 : len;
}

/* "line N: text" for the line holding off, shortened. */
static void describe_line(gf_buf *b, const char *d, size_t len, size_t off)
{
    size_t ls = line_start(d, off), le = line_next(d, len, off);
    while (le > ls && (d[le - 1] == '\n' || d[le - 1] == '\r'))
        le--;
    size_t n = le - ls > 80 ? 80 : le - ls;
    gf_buf_printf(b, "\n  line %zu: %.*s%s", line_no(d, off), (int)n, d + ls,
                  le - ls > 80 ? "..." : "");
}

/* ---- finding ---- */

static void find_literal(const char *d, size_t len, const char *t, size_t n, occs *out)
{
    if (!n)
        return;
    for (size_t at = 0; at + n <= len;) {
        const char *p = memmem(d + at, len - at, t, n);
        if (!p)
            break;
        size_t s = (size_t)(p - d);
        gf_vec_push(out, ((occ){s, s + n}));
        at = s + n;
    }
}

typedef struct rx {
    pcre2_code *code;
    pcre2_match_data *md;
} rx;

static int rx_compile(const char *pat, size_t n, rx *r, gf_error *err)
{
    int ec;
    PCRE2_SIZE eo;
    r->code = pcre2_compile((PCRE2_SPTR)pat, n,
                            PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE, &ec, &eo, NULL);
    if (!r->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        return gf_error_set(err, GF_EINVAL, "invalid regex at offset %zu: %s", (size_t)eo,
                            (const char *)msg);
    }
    pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
    r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
    return 0;
}

static void rx_free(rx *r)
{
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->code);
}

/* Non-overlapping matches, left to right; an empty match advances by one. */
static void find_regex(rx *r, const char *d, size_t len, occs *out)
{
    for (size_t at = 0; at <= len;) {
        int rc = pcre2_match(r->code, (PCRE2_SPTR)d, len, at, 0, r->md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        gf_vec_push(out, ((occ){ov[0], ov[1]}));
        at = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
    }
}

static void find(rx *r, const char *d, size_t len, const char *t, size_t n, occs *out)
{
    if (r)
        find_regex(r, d, len, out);
    else
        find_literal(d, len, t, n, out);
}

/* ---- messages ---- */

/* The edit distance from p[0..m) to the closest substring of line[0..n)
 * (both cut at 200 bytes), or SIZE_MAX once it is sure to exceed cap. */
static size_t lev_within(const char *line, size_t n, const char *p, size_t m, size_t cap)
{
    if (n > 200)
        n = 200;
    if (m > 200)
        m = 200;
    size_t row[201];
    for (size_t i = 0; i <= n; i++)
        row[i] = 0; /* the match may start anywhere in the line */
    for (size_t j = 1; j <= m; j++) {
        size_t diag = row[0], best = row[0] = j;
        for (size_t i = 1; i <= n; i++) {
            size_t up = row[i];
            size_t v = diag + (p[j - 1] != line[i - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[i - 1] + 1 < v)
                v = row[i - 1] + 1;
            row[i] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > cap) /* rows' minima never fall */
            return SIZE_MAX;
    }
    size_t v = SIZE_MAX;
    for (size_t i = 0; i <= n; i++)
        if (row[i] < v)
            v = row[i];
    return v;
}

/* The line of the file closest to holding the first non-blank line of t
 * (by the edit distance from that line of t to a part of the file's line:
 * a short text is found inside a long line), when close enough to be a
 * plausible hint: *at gets its first non-blank byte. */
static bool closest_line(const char *d, size_t len, const char *t, size_t n, size_t *at)
{
    size_t a = 0;
    while (a < n && (t[a] == '\n' || t[a] == '\r'))
        a++;
    const char *nl = memchr(t + a, '\n', n - a);
    size_t e = nl ? (size_t)(nl - t) : n;
    while (e > a && (t[e - 1] == '\r' || t[e - 1] == ' ' || t[e - 1] == '\t'))
        e--;
    while (a < e && (t[a] == ' ' || t[a] == '\t'))
        a++;
    if (a == e)
        return false;
    size_t best = SIZE_MAX;
    for (size_t ls = 0; ls < len; ls = line_next(d, len, ls)) {
        size_t le = line_next(d, len, ls), s = ls;
        while (le > s && (d[le - 1] == '\n' || d[le - 1] == '\r' || d[le - 1] == ' '))
            le--;
        while (s < le && (d[s] == ' ' || d[s] == '\t'))
            s++;
        if (s == le)
            continue;
        size_t shorter = e - a > le - s ? e - a - (le - s) : 0; /* a lower bound */
        if (best != SIZE_MAX && shorter >= best)
            continue;
        size_t v = lev_within(d + s, le - s, t + a, e - a, best == SIZE_MAX ? SIZE_MAX - 1 : best);
        if (v < best)
            best = v, *at = s;
    }
    /* a third of the text may differ: a part of a line matches more
     * easily than a whole one */
    return best != SIZE_MAX && best <= (e - a) / 3 + 1;
}

static void closest_hint(gf_buf *b, const char *d, size_t len, const char *t, size_t n)
{
    size_t at;
    if (closest_line(d, len, t, n, &at)) {
        gf_buf_adds(b, "; the closest line is");
        describe_line(b, d, len, at);
    }
}

static int too_many(const char *what, const occs *o, const char *d, size_t len, const char *why,
                    gf_error *err)
{
    gf_buf b = GF_BUF_INIT;
    gf_buf_printf(&b, "%s occurs %zu times%s:", what, o->len, why);
    for (size_t i = 0; i < o->len && i < 10; i++)
        describe_line(&b, d, len, o->items[i].start);
    if (o->len > 10)
        gf_buf_printf(&b, "\n  ... and %zu more", o->len - 10);
    int rc = gf_error_set(err, GF_EINVAL, "%s", b.ptr);
    gf_buf_release(&b);
    return rc;
}

static int not_found(const char *what, const char *d, size_t len, const char *t, size_t n,
                     bool regex, gf_error *err)
{
    gf_buf b = GF_BUF_INIT;
    gf_buf_printf(&b, "%s was not found", what);
    if (!regex)
        closest_hint(&b, d, len, t, n);
    int rc = gf_error_set(err, GF_EINVAL, "%s", b.ptr);
    gf_buf_release(&b);
    return rc;
}

/* ---- fuzzy fallbacks ---- */

typedef struct tline {
    size_t start, end; /* content, without the line break */
} tline;
typedef GF_VEC(tline) tlines;

static void split_lines(const char *t, size_t n, tlines *out)
{
    for (size_t a = 0; a <= n;) {
        const char *nl = memchr(t + a, '\n', n - a);
        size_t e = nl ? (size_t)(nl - t) : n;
        size_t ce = e > a && t[e - 1] == '\r' ? e - 1 : e;
        gf_vec_push(out, ((tline){a, ce}));
        if (!nl)
            break;
        a = e + 1;
    }
}

static bool ws(char c)
{
    return c == ' ' || c == '\t';
}

static bool line_blank(const char *t, tline l)
{
    for (size_t i = l.start; i < l.end; i++)
        if (!ws(t[i]) && t[i] != '\f')
            return false;
    return true;
}

/* Lines equal, ignoring leading blanks (mode >= 1) and trailing blanks
 * (mode >= 2): the fallbacks are cumulative. */
static bool lines_eq(const char *a, tline x, const char *b, tline y, int mode)
{
    if (mode >= 1) {
        while (x.start < x.end && ws(a[x.start]))
            x.start++;
        while (y.start < y.end && ws(b[y.start]))
            y.start++;
    }
    if (mode >= 2) {
        while (x.end > x.start && ws(a[x.end - 1]))
            x.end--;
        while (y.end > y.start && ws(b[y.end - 1]))
            y.end--;
    }
    return x.end - x.start == y.end - y.start && !memcmp(a + x.start, b + y.start, x.end - x.start);
}

static const char *const fallback_names[] = {
    NULL,
    "leading whitespace ignored",
    "leading and trailing whitespace ignored",
    "whitespace and one blank line of difference ignored",
};

/*
 * Finds old's lines in the file under fallback mode (1, 2 or 3, each
 * tolerating what the previous does and more): whole
 * lines, each match a byte range from its first line's start to its last
 * line's end (without the line break).
 */
static void find_fuzzy(const char *d, size_t len, const tlines *fl, const char *old,
                       const tlines *ol, int mode, occs *out)
{
    size_t m = ol->len;
    if (!m)
        return;
    if (mode != 3) {
        for (size_t i = 0; i + m <= fl->len; i++) {
            size_t k = 0;
            while (k < m && lines_eq(d, fl->items[i + k], old, ol->items[k], mode))
                k++;
            if (k == m)
                gf_vec_push(out, ((occ){fl->items[i].start, fl->items[i + m - 1].end}));
        }
        return;
    }
    /* mode 3: the non-blank lines in order, exactly; blank lines in
     * between may differ by one in number */
    size_t old_blank = 0, first = 0, last = m;
    while (first < m && line_blank(old, ol->items[first]))
        first++;
    while (last > first && line_blank(old, ol->items[last - 1]))
        last--;
    if (first == last)
        return;
    for (size_t k = first; k < last; k++)
        old_blank += line_blank(old, ol->items[k]);
    for (size_t i = 0; i < fl->len; i++) {
        if (!lines_eq(d, fl->items[i], old, ol->items[first], 2))
            continue;
        size_t fi = i, k = first, file_blank = 0;
        bool ok = true;
        while (k < last) {
            if (line_blank(old, ol->items[k])) {
                k++;
                continue;
            }
            while (fi < fl->len && line_blank(d, fl->items[fi]))
                fi++, file_blank++;
            if (fi >= fl->len || !lines_eq(d, fl->items[fi], old, ol->items[k], 2)) {
                ok = false;
                break;
            }
            fi++;
            k++;
        }
        size_t diff = file_blank > old_blank ? file_blank - old_blank : old_blank - file_blank;
        if (ok && diff == 1)
            gf_vec_push(out, ((occ){fl->items[i].start, fl->items[fi - 1].end}));
    }
    (void)len;
}

/* The leading blanks of line l. */
static tline indent(const char *t, tline l)
{
    tline r = {l.start, l.start};
    while (r.end < l.end && ws(t[r.end]))
        r.end++;
    return r;
}

/*
 * new for a fuzzy match, in the file's line breaks and indentation: the
 * non-blank lines of old and of the matched region pair up in order, which
 * maps each indentation of old to the file's; a line of new takes the
 * mapped indentation of its own, else the first matched line's plus what it
 * has beyond old's first indentation.
 */
static void fuzzy_new(const char *d, occ at, const char *old, const tlines *ol, const char *nw,
                      size_t nlen, bool crlf, gf_buf *out)
{
    tlines fl = GF_VEC_INIT, nl = GF_VEC_INIT;
    split_lines(d + at.start, at.end - at.start, &fl);
    for (size_t k = 0; k < fl.len; k++)
        fl.items[k].start += at.start, fl.items[k].end += at.start;
    GF_VEC(tline) from = GF_VEC_INIT, to = GF_VEC_INIT;
    for (size_t i = 0, j = 0; i < ol->len && j < fl.len;) {
        if (line_blank(old, ol->items[i])) {
            i++;
            continue;
        }
        if (line_blank(d, fl.items[j])) {
            j++;
            continue;
        }
        gf_vec_push(&from, indent(old, ol->items[i]));
        gf_vec_push(&to, indent(d, fl.items[j]));
        i++, j++;
    }
    split_lines(nw, nlen, &nl);
    if (nl.len > 1 && nl.items[nl.len - 1].start == nl.items[nl.len - 1].end && nlen &&
        nw[nlen - 1] == '\n')
        nl.len--; /* the final line break */
    for (size_t k = 0; k < nl.len; k++) {
        tline l = nl.items[k];
        if (k)
            gf_buf_adds(out, crlf ? "\r\n" : "\n");
        if (!line_blank(nw, l) && from.len) {
            tline in = indent(nw, l);
            size_t m = 0;
            while (m < from.len &&
                   !(from.items[m].end - from.items[m].start == in.end - in.start &&
                     !memcmp(old + from.items[m].start, nw + in.start, in.end - in.start)))
                m++;
            tline f0 = from.items[0], t0 = to.items[0];
            if (m < from.len) {
                gf_buf_add(out, d + to.items[m].start, to.items[m].end - to.items[m].start);
            } else if (in.end - in.start >= f0.end - f0.start &&
                       !memcmp(nw + in.start, old + f0.start, f0.end - f0.start)) {
                gf_buf_add(out, d + t0.start, t0.end - t0.start);
                gf_buf_add(out, nw + in.start + (f0.end - f0.start),
                           in.end - in.start - (f0.end - f0.start));
            } else {
                gf_buf_add(out, d + t0.start, t0.end - t0.start);
            }
            l.start = in.end;
        }
        gf_buf_add(out, nw + l.start, l.end - l.start);
    }
    if (!out->ptr)
        gf_buf_add(out, "", 0);
    gf_vec_release(&from);
    gf_vec_release(&to);
    gf_vec_release(&fl);
    gf_vec_release(&nl);
}

/* ---- replace ---- */

int te_replace(const char *d, size_t len, const te_replace_opts *o, gf_editset *es, te_outcome *out,
               gf_error *err)
{
    memset(out, 0, sizeof *out);
    if (!o->old_len)
        return gf_error_set(err, GF_EINVAL, "the old text is empty");
    bool crlf = crlf_file(d, len);
    gf_buf old = GF_BUF_INIT, nw = GF_BUF_INIT, rep = GF_BUF_INIT;
    adapt_eol(o->old, o->old_len, crlf && !o->regex, &old);
    adapt_eol(o->new_text, o->new_len, crlf, &nw);
    rx r = {0};
    occs found = GF_VEC_INIT;
    int rc = 0, mode = 0;
    tlines fl = GF_VEC_INIT, ol = GF_VEC_INIT;
    if (o->regex && (rc = rx_compile(old.ptr, old.len, &r, err)) != 0)
        goto done;
    find(o->regex ? &r : NULL, d, len, old.ptr, old.len, &found);
    if (!found.len && o->fuzzy && !o->regex) {
        split_lines(d, len, &fl);
        split_lines(o->old, o->old_len, &ol);
        if (ol.len > 1 && ol.items[ol.len - 1].start == ol.items[ol.len - 1].end)
            ol.len--; /* old ends with a line break */
        for (mode = 1; mode <= 3 && !found.len; mode++)
            find_fuzzy(d, len, &fl, o->old, &ol, mode, &found);
        mode = found.len ? mode - 1 : 0;
        if (mode)
            snprintf(out->note, sizeof out->note, "matched with a fallback: %s",
                     fallback_names[mode]);
    }
    if (!found.len) {
        /* already done: the old text is gone and the new text stands
         * where it would have gone, on the line closest to the old text */
        occs have = GF_VEC_INIT;
        size_t near = 0, k = 0;
        if (!o->regex && nw.len && closest_line(d, len, old.ptr, old.len, &near))
            find_literal(d, len, nw.ptr, nw.len, &have);
        size_t nl0 = line_start(d, near), nl1 = line_next(d, len, near);
        while (k < have.len && !(have.items[k].start < nl1 && have.items[k].end > nl0))
            k++;
        if (k < have.len) {
            out->already = true;
            snprintf(out->note, sizeof out->note,
                     "already applied: the old text is absent and the new text is present "
                     "(line %zu)",
                     line_no(d, have.items[k].start));
        } else {
            rc = not_found(o->regex ? "the pattern" : "the old text", d, len, old.ptr, old.len,
                           o->regex, err);
        }
        gf_vec_release(&have);
        goto done;
    }
    if (o->count >= 0 && found.len != (size_t)o->count) {
        char why[64];
        snprintf(why, sizeof why, ", not %ld as --count requires", o->count);
        rc = too_many(o->regex ? "the pattern" : "the old text", &found, d, len, why, err);
        goto done;
    }
    if (found.len > 1 && !o->all && o->count < 0) {
        rc = too_many(o->regex ? "the pattern" : "the old text", &found, d, len,
                      " (use --all, --count N, or more context to make it unique)", err);
        goto done;
    }
    for (size_t i = 0; i < found.len; i++) {
        const char *t = nw.ptr;
        size_t tl = nw.len;
        if (mode) {
            gf_buf_clear(&rep);
            fuzzy_new(d, found.items[i], o->old, &ol, o->new_text, o->new_len, crlf, &rep);
            t = rep.ptr;
            tl = rep.len;
        } else if (o->regex) {
            /* the replacement for this match, with $1 and ${name} */
            pcre2_match(r.code, (PCRE2_SPTR)d, len, found.items[i].start, 0, r.md, NULL);
            PCRE2_SIZE cap = nw.len * 2 + 256;
            for (;;) {
                gf_buf_clear(&rep);
                gf_buf_grow(&rep, cap + 1);
                PCRE2_SIZE outlen = cap;
                int s =
                    pcre2_substitute(r.code, (PCRE2_SPTR)d, len, found.items[i].start,
                                     PCRE2_SUBSTITUTE_MATCHED | PCRE2_SUBSTITUTE_REPLACEMENT_ONLY |
                                         PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
                                     r.md, NULL, (PCRE2_SPTR)(nw.ptr ? nw.ptr : ""), nw.len,
                                     (PCRE2_UCHAR *)rep.ptr, &outlen);
                if (s == PCRE2_ERROR_NOMEMORY) {
                    cap = outlen;
                    continue;
                }
                if (s < 0) {
                    PCRE2_UCHAR msg[256];
                    pcre2_get_error_message(s, msg, sizeof msg);
                    rc = gf_error_set(err, GF_EINVAL, "invalid replacement: %s", (const char *)msg);
                    goto done;
                }
                gf_buf_setlen(&rep, outlen);
                break;
            }
            t = rep.ptr;
            tl = rep.len;
        }
        gf_editset_add(es, found.items[i].start, found.items[i].end, t ? t : "", tl, NULL);
    }
    out->count = found.len;
done:
    if (r.code)
        rx_free(&r);
    gf_vec_release(&fl);
    gf_vec_release(&ol);
    gf_vec_release(&found);
    gf_buf_release(&old);
    gf_buf_release(&nw);
    gf_buf_release(&rep);
    return rc;
}

/* ---- insert ---- */

int te_insert(const char *d, size_t len, const te_insert_opts *o, gf_editset *es, te_outcome *out,
              gf_error *err)
{
    memset(out, 0, sizeof *out);
    bool crlf = crlf_file(d, len);
    const char *eol = crlf ? "\r\n" : "\n";
    gf_buf text = GF_BUF_INIT, anchor = GF_BUF_INIT;
    adapt_eol(o->text, o->text_len, crlf, &text);
    if (!text.len || text.ptr[text.len - 1] != '\n')
        gf_buf_adds(&text, eol);
    occs found = GF_VEC_INIT;
    rx r = {0};
    int rc = 0;
    GF_VEC(size_t) at = GF_VEC_INIT; /* insertion offsets */
    if (o->at_line >= 0) {
        size_t ln = 0, off = 0;
        while (ln < (size_t)o->at_line && off < len) {
            off = line_next(d, len, off);
            ln++;
        }
        if (ln < (size_t)o->at_line) {
            rc =
                gf_error_set(err, GF_EINVAL, "the file has %zu lines; cannot insert after line %ld",
                             ln, o->at_line);
            goto done;
        }
        gf_vec_push(&at, off);
    } else {
        adapt_eol(o->anchor, o->anchor_len, crlf && !o->regex, &anchor);
        if (!anchor.len) {
            rc = gf_error_set(err, GF_EINVAL, "the anchor is empty");
            goto done;
        }
        if (o->regex && (rc = rx_compile(anchor.ptr, anchor.len, &r, err)) != 0)
            goto done;
        find(o->regex ? &r : NULL, d, len, anchor.ptr, anchor.len, &found);
        /* one anchor per line */
        size_t k = 0;
        for (size_t i = 0; i < found.len; i++)
            if (!k || line_start(d, found.items[i].start) >=
                          line_next(d, len,
                                    found.items[k - 1].end > found.items[k - 1].start
                                        ? found.items[k - 1].end - 1
                                        : found.items[k - 1].end))
                found.items[k++] = found.items[i];
        found.len = k;
        if (!found.len) {
            if (o->allow_no_match) {
                out->none = true;
                snprintf(out->note, sizeof out->note, "the anchor was not found; nothing inserted");
            } else {
                rc = not_found("the anchor", d, len, anchor.ptr, anchor.len, o->regex, err);
            }
            goto done;
        }
        if (o->occurrence > 0) {
            if ((size_t)o->occurrence > found.len) {
                rc = too_many("the anchor", &found, d, len, "; there is no such --occurrence", err);
                goto done;
            }
            found.items[0] = found.items[o->occurrence - 1];
            found.len = 1;
        } else if (found.len > 1 && !o->all) {
            rc = too_many("the anchor", &found, d, len,
                          " (use --occurrence N, --all, or a longer anchor)", err);
            goto done;
        }
        for (size_t i = 0; i < found.len; i++) {
            occ f = found.items[i];
            size_t last = f.end > f.start ? f.end - 1 : f.end;
            gf_vec_push(&at, o->after ? line_next(d, len, last) : line_start(d, f.start));
        }
    }
    size_t done_already = 0;
    for (size_t i = 0; i < at.len; i++) {
        size_t p = at.items[i];
        bool unterminated = p == len && len > 0 && d[len - 1] != '\n';
        /* already there? */
        bool present;
        size_t el = strlen(eol), tl0 = text.len - el; /* without its line break */
        if (o->after || o->at_line >= 0)
            present = (p + text.len <= len && !memcmp(d + p, text.ptr, text.len)) ||
                      /* the file's last line, without a line break */
                      (p + tl0 == len && d[len - 1] != '\n' && !memcmp(d + p, text.ptr, tl0));
        else
            present = p >= text.len && !memcmp(d + p - text.len, text.ptr, text.len);
        /* p == len after a last line without a line break: nothing
         * follows it, so the text cannot be there yet (that line merely
         * equal to the text is not the text inserted after it) */
        if (unterminated)
            present = false;
        if (present) {
            done_already++;
            continue;
        }
        if (unterminated) {
            /* after a last line without a line break: keep it without one */
            gf_buf t = GF_BUF_INIT;
            gf_buf_adds(&t, eol);
            gf_buf_add(&t, text.ptr, text.len - strlen(eol));
            gf_editset_add(es, p, p, t.ptr, t.len, NULL);
            gf_buf_release(&t);
        } else {
            gf_editset_add(es, p, p, text.ptr, text.len, NULL);
        }
        out->count++;
    }
    if (!out->count && done_already) {
        out->already = true;
        if (o->at_line == 0)
            snprintf(out->note, sizeof out->note,
                     "already applied: the text is already at the top");
        else if (o->at_line > 0)
            snprintf(out->note, sizeof out->note,
                     "already applied: the text is already after line %ld", o->at_line);
        else
            snprintf(out->note, sizeof out->note,
                     "already applied: the text is already %s the anchor",
                     o->after ? "after" : "before");
    }
done:
    if (r.code)
        rx_free(&r);
    gf_vec_release(&at);
    gf_vec_release(&found);
    gf_buf_release(&text);
    gf_buf_release(&anchor);
    return rc;
}

/* ---- delete range ---- */

int te_delete_range(const char *d, size_t len, const te_delete_opts *o, gf_editset *es,
                    te_outcome *out, gf_error *err)
{
    memset(out, 0, sizeof *out);
    bool crlf = crlf_file(d, len);
    gf_buf a = GF_BUF_INIT, b = GF_BUF_INIT;
    adapt_eol(o->start, o->start_len, crlf && !o->regex, &a);
    adapt_eol(o->end, o->end_len, crlf && !o->regex, &b);
    rx ra = {0}, rb = {0};
    occs fa = GF_VEC_INIT, fb = GF_VEC_INIT, cand = GF_VEC_INIT;
    int rc = 0;
    if (!a.len || !b.len) {
        rc = gf_error_set(err, GF_EINVAL, "the %s anchor is empty", a.len ? "end" : "start");
        goto done;
    }
    if (o->regex && ((rc = rx_compile(a.ptr, a.len, &ra, err)) != 0 ||
                     (rc = rx_compile(b.ptr, b.len, &rb, err)) != 0))
        goto done;
    find(o->regex ? &ra : NULL, d, len, a.ptr, a.len, &fa);
    find(o->regex ? &rb : NULL, d, len, b.ptr, b.len, &fb);
    if (!fa.len) {
        rc = not_found("the start anchor", d, len, a.ptr, a.len, o->regex, err);
        goto done;
    }
    if (!fb.len) {
        rc = not_found("the end anchor", d, len, b.ptr, b.len, o->regex, err);
        goto done;
    }
    /* each start with the first end on its line or after it */
    for (size_t i = 0; i < fa.len; i++) {
        size_t ls = line_start(d, fa.items[i].start);
        for (size_t j = 0; j < fb.len; j++)
            if (fb.items[j].start >= fa.items[i].end ||
                (line_start(d, fb.items[j].start) == ls && fb.items[j].start > fa.items[i].start)) {
                gf_vec_push(&cand, ((occ){fa.items[i].start, fb.items[j].end}));
                break;
            }
    }
    if (!cand.len) {
        gf_buf m = GF_BUF_INIT;
        gf_buf_adds(&m, "the end anchor comes before the start anchor:");
        describe_line(&m, d, len, fa.items[0].start);
        describe_line(&m, d, len, fb.items[0].start);
        rc = gf_error_set(err, GF_EINVAL, "%s", m.ptr);
        gf_buf_release(&m);
        goto done;
    }
    if (cand.len > 1) {
        gf_buf m = GF_BUF_INIT;
        gf_buf_printf(&m, "%zu candidate ranges (make the start anchor unique):", cand.len);
        for (size_t i = 0; i < cand.len && i < 10; i++)
            gf_buf_printf(&m, "\n  lines %zu-%zu", line_no(d, cand.items[i].start),
                          line_no(d, cand.items[i].end > 0 ? cand.items[i].end - 1 : 0));
        rc = gf_error_set(err, GF_EINVAL, "%s", m.ptr);
        gf_buf_release(&m);
        goto done;
    }
    occ c = cand.items[0];
    size_t from = line_start(d, c.start),
           to = line_next(d, len, c.end > c.start ? c.end - 1 : c.end);
    if (o->exclusive) {
        from = line_next(d, len, c.start);
        to = line_start(d, c.end > c.start ? c.end - 1 : c.end);
        if (to < from)
            to = from;
    } else if (to == len && len && d[len - 1] != '\n' && from > 0) {
        /* the range reaches a last line without a line break: take the
         * break before it, so the file still ends without one */
        from--;
        if (from > 0 && d[from - 1] == '\r')
            from--;
    }
    if (to > from) {
        gf_editset_add(es, from, to, "", 0, NULL);
        out->count = 1;
    } else {
        out->already = true;
        snprintf(out->note, sizeof out->note, "nothing between the anchors; already deleted");
    }
done:
    if (ra.code)
        rx_free(&ra);
    if (rb.code)
        rx_free(&rb);
    gf_vec_release(&fa);
    gf_vec_release(&fb);
    gf_vec_release(&cand);
    gf_buf_release(&a);
    gf_buf_release(&b);
    return rc;
}
