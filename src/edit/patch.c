/* patch: parsing unified diffs, placing hunks by GNU patch's rules, and
 * planning and committing multi-file patches beneath a root. */
#include "edit/patch.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edit/root.h"
#include "graft/source.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/file.h"
#include "util/pool.h"

/* Largest line number or count accepted in a hunk header. */
#define MAX_LINENO 1000000000L
/* Largest file a patch may change (as the editing verbs). */
#define MAX_TARGET ((size_t)64 << 20)

/* ---- the patch's lines ---- */

typedef struct lref {
    const char *p;
    size_t n; /* bytes including the '\n' (every line has one: the data ends with '\n') */
} lref;

typedef GF_VEC(lref) lrefs;

static bool starts(lref l, const char *prefix)
{
    size_t k = strlen(prefix);
    return l.n >= k && memcmp(l.p, prefix, k) == 0;
}

/* Length of l without its '\n' and a '\r' before it. */
static size_t body_len(lref l)
{
    size_t n = l.n;
    if (n && l.p[n - 1] == '\n')
        n--;
    if (n && l.p[n - 1] == '\r')
        n--;
    return n;
}

/* ---- path names ---- */

/*
 * Decodes a name git quoted ("a/with \"quote\"\t", C escapes and octal
 * bytes) starting at s[0] == '"'. Appends the bytes to out and sets *next
 * after the closing quote; false when the quoting is malformed.
 */
static bool unquote(const char *s, const char *end, gf_buf *out, const char **next)
{
    const char *p = s + 1;
    while (p < end && *p != '"') {
        if (*p != '\\') {
            gf_buf_addc(out, *p++);
            continue;
        }
        if (++p >= end)
            return false;
        char c = *p++;
        switch (c) {
        case 'a': gf_buf_addc(out, '\a'); break;
        case 'b': gf_buf_addc(out, '\b'); break;
        case 'f': gf_buf_addc(out, '\f'); break;
        case 'n': gf_buf_addc(out, '\n'); break;
        case 'r': gf_buf_addc(out, '\r'); break;
        case 't': gf_buf_addc(out, '\t'); break;
        case 'v': gf_buf_addc(out, '\v'); break;
        case '"':
        case '\\': gf_buf_addc(out, c); break;
        default:
            if (c >= '0' && c <= '3' && end - p >= 2 && p[0] >= '0' && p[0] <= '7' && p[1] >= '0' &&
                p[1] <= '7') {
                gf_buf_addc(out, (char)(((c - '0') << 6) | ((p[0] - '0') << 3) | (p[1] - '0')));
                p += 2;
            } else {
                return false;
            }
        }
    }
    if (p >= end)
        return false;
    *next = p + 1;
    return true;
}

/*
 * Strips strip leading components from name (runs of '/' count as one
 * separator, so "/abs" loses its empty first component). *out is allocated;
 * NULL (and false) when too few components remain, or none is left.
 */
static bool strip_name(const char *name, size_t len, int strip, char **out)
{
    const char *s = name, *end = name + len;
    *out = NULL;
    for (int k = 0; k < strip; k++) {
        const char *sl = memchr(s, '/', (size_t)(end - s));
        if (!sl)
            return false;
        s = sl + 1;
        while (s < end && *s == '/')
            s++;
    }
    if (s == end || memchr(s, '\0', (size_t)(end - s)))
        return false; /* nothing left, or a NUL inside a name */
    *out = gf_strndup(s, (size_t)(end - s));
    return true;
}

static bool is_dev_null(const char *s, size_t n)
{
    return n == 9 && memcmp(s, "/dev/null", 9) == 0;
}

/* Does the text after a traditional header's name date it 1970-01-01
 * (diff -N's stand-in for a file that does not exist)? */
static bool epoch_stamp(const char *s, size_t n)
{
    static const char *const stamps[] = {"1970-01-01 00:00:00", "1969-12-31 ", "1970-01-01 0",
                                         "Thu Jan  1 00:00:00 1970"};
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        size_t k = strlen(stamps[i]);
        if (n >= k && memcmp(s, stamps[i], k) == 0)
            return true;
    }
    return false;
}

typedef struct parser {
    gf_patch *p;
    lrefs lines;
    size_t i; /* current line */
    int strip;
    gf_error *err;
} parser;

/* Records a parse error "patch line N: ..." (GF_EINVAL) with err->line. */
static int perr(parser *ps, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int perr(parser *ps, size_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int rc = gf_error_set(ps->err, GF_EINVAL, "patch line %zu: %s", line, msg);
    if (ps->err)
        ps->err->line = (uint32_t)line;
    return rc;
}

/*
 * The name of a "--- NAME" / "+++ NAME" line: quoted, or up to a tab (diff
 * puts a date after it), else the rest of the line. /dev/null gives NULL
 * with *dev_null set. *epoch: the date after the name is 1970-01-01.
 */
static int header_name(parser *ps, lref l, char **out, bool *dev_null, bool *epoch)
{
    const char *s = l.p + 4, *end = l.p + body_len(l);
    *out = NULL;
    *dev_null = *epoch = false;
    gf_buf name = GF_BUF_INIT;
    const char *after = end;
    if (s < end && *s == '"') {
        if (!unquote(s, end, &name, &after)) {
            gf_buf_release(&name);
            return perr(ps, ps->i + 1, "malformed quoted file name");
        }
    } else {
        const char *tab = memchr(s, '\t', (size_t)(end - s));
        const char *e = tab ? tab : end;
        while (!tab && e > s && e[-1] == ' ')
            e--;
        gf_buf_add(&name, s, (size_t)(e - s));
        after = e;
    }
    while (after < end && (*after == '\t' || *after == ' '))
        after++;
    *epoch = epoch_stamp(after, (size_t)(end - after));
    if (is_dev_null(name.ptr, name.len)) {
        *dev_null = true;
        gf_buf_release(&name);
        return 0;
    }
    if (memchr(name.ptr, '\0', name.len)) {
        gf_buf_release(&name);
        return perr(ps, ps->i + 1, "a file name with a NUL byte is refused");
    }
    if (!strip_name(name.ptr, name.len, ps->strip, out)) {
        int rc = perr(ps, ps->i + 1, "cannot strip %d leading component%s from '%s' (see -p)",
                      ps->strip, ps->strip == 1 ? "" : "s", name.ptr);
        *out = NULL;
        gf_buf_release(&name);
        return rc;
    }
    gf_buf_release(&name);
    return 0;
}

/* Name on a git "rename from X" style line: quoted or verbatim, stripped
 * of strip - 1 components. */
static int rest_name(parser *ps, lref l, size_t skip, char **out)
{
    const char *s = l.p + skip, *end = l.p + body_len(l);
    gf_buf name = GF_BUF_INIT;
    if (s < end && *s == '"') {
        const char *after;
        if (!unquote(s, end, &name, &after)) {
            gf_buf_release(&name);
            return perr(ps, ps->i + 1, "malformed quoted file name");
        }
    } else {
        gf_buf_add(&name, s, (size_t)(end - s));
    }
    if (memchr(name.ptr, '\0', name.len)) {
        gf_buf_release(&name);
        return perr(ps, ps->i + 1, "a file name with a NUL byte is refused");
    }
    int strip = ps->strip > 0 ? ps->strip - 1 : 0;
    gf_free(*out);
    if (!strip_name(name.ptr, name.len, strip, out)) {
        gf_free(*out);
        *out = NULL;
        gf_buf_release(&name);
        return perr(ps, ps->i + 1, "cannot use the file name '%s'", name.ptr);
    }
    gf_buf_release(&name);
    return 0;
}

/*
 * Names from "diff --git A B". Quoted names are decoded; unquoted ones are
 * split where both halves name the same path once stripped (git's rule:
 * the header alone is trusted only when old and new names agree). Either
 * name may come back NULL; the ---/+++ or rename lines then decide.
 * *nul: a name holds a NUL byte (raw or quoted as \000), never accepted.
 */
static void git_header_names(parser *ps, lref l, char **a, char **b, bool *nul)
{
    const char *s = l.p + 11, *end = l.p + body_len(l);
    *a = *b = NULL;
    *nul = memchr(s, '\0', (size_t)(end - s)) != NULL;
    gf_buf x = GF_BUF_INIT, y = GF_BUF_INIT;
    if (s < end && *s == '"') {
        const char *after;
        if (!unquote(s, end, &x, &after))
            goto out;
        while (after < end && *after == ' ')
            after++;
        if (after < end && *after == '"') {
            if (!unquote(after, end, &y, &after))
                goto out;
        } else {
            gf_buf_add(&y, after, (size_t)(end - after));
        }
    } else {
        const char *q = NULL;
        for (const char *c = s; c + 1 < end; c++)
            if (c[0] == ' ' && c[1] == '"')
                q = c;
        if (q) {
            const char *after;
            gf_buf_add(&x, s, (size_t)(q - s));
            if (!unquote(q + 1, end, &y, &after))
                goto out;
        } else {
            /* try every space: the halves must agree once stripped */
            for (const char *c = s; c < end; c++) {
                if (*c != ' ')
                    continue;
                char *sa = NULL, *sb = NULL;
                bool ok = strip_name(s, (size_t)(c - s), ps->strip, &sa) &&
                          strip_name(c + 1, (size_t)(end - c - 1), ps->strip, &sb) &&
                          !strcmp(sa, sb);
                if (ok) {
                    *a = sa;
                    *b = sb;
                    goto out;
                }
                gf_free(sa);
                gf_free(sb);
            }
            goto out;
        }
    }
    *nul = *nul || (x.len && memchr(x.ptr, '\0', x.len)) || (y.len && memchr(y.ptr, '\0', y.len));
    bool oka = strip_name(x.ptr, x.len, ps->strip, a);
    bool okb = strip_name(y.ptr, y.len, ps->strip, b);
    if (!oka || !okb) {
        gf_free(*a);
        gf_free(*b);
        *a = *b = NULL;
    }
out:
    gf_buf_release(&x);
    gf_buf_release(&y);
}

static bool parse_long(const char **s, const char *end, long *v)
{
    const char *p = *s;
    long n = 0;
    if (p >= end || *p < '0' || *p > '9')
        return false;
    while (p < end && *p >= '0' && *p <= '9') {
        n = n * 10 + (*p++ - '0');
        if (n > MAX_LINENO)
            return false;
    }
    *v = n;
    *s = p;
    return true;
}

/* "-a[,b]" or "+c[,d]" */
static bool parse_range(const char **s, const char *end, char sign, long *start, long *count)
{
    if (*s >= end || **s != sign)
        return false;
    (*s)++;
    if (!parse_long(s, end, start))
        return false;
    *count = 1;
    if (*s < end && **s == ',') {
        (*s)++;
        if (!parse_long(s, end, count))
            return false;
    }
    return true;
}

/* Parses one hunk starting at the "@@ -" line ps->i; leaves ps->i after it. */
static int parse_hunk(parser *ps, gf_filepatch *fp)
{
    lref l = ps->lines.items[ps->i];
    const char *s = l.p + 3, *end = l.p + body_len(l);
    gf_phunk h = {0};
    if (!parse_range(&s, end, '-', &h.old_start, &h.old_count) || s >= end || *s++ != ' ' ||
        !parse_range(&s, end, '+', &h.new_start, &h.new_count) || end - s < 3 ||
        memcmp(s, " @@", 3) != 0)
        return perr(ps, ps->i + 1, "malformed hunk header '%.*s'",
                    (int)(body_len(l) > 80 ? 80 : body_len(l)), l.p);
    s += 3;
    if (s < end && *s == ' ')
        s++;
    h.section = s;
    h.section_len = (size_t)(end - s);
    h.lineno = ps->i + 1;
    h.first = fp->lines.len;
    ps->i++;
    long ol = h.old_count, nl = h.new_count;
    gf_pline *prev = NULL;
    while (ol > 0 || nl > 0 || (ps->i < ps->lines.len && ps->lines.items[ps->i].p[0] == '\\')) {
        if (ps->i >= ps->lines.len)
            return perr(ps, ps->i, "the patch ends inside a hunk (truncated?)");
        l = ps->lines.items[ps->i];
        char c = l.p[0];
        gf_pline pl = {c, false, l.p + 1, l.n - 1};
        if (c == '\\') {
            /* "\ No newline at end of file": the line before has none */
            if (!prev)
                return perr(ps, ps->i + 1, "'\\' marker without a line before it");
            if (!prev->no_eol && prev->len <= 1)
                return perr(ps, ps->i + 1,
                            "'\\' marker after an empty line (a last line "
                            "without a newline is never empty)");
            if (!prev->no_eol && prev->text[prev->len - 1] == '\n')
                prev->len--;
            prev->no_eol = true;
            ps->i++;
            if (ol == 0 && nl == 0)
                break;
            continue;
        }
        if (c == '\n' || (c == '\r' && l.n == 2)) {
            /* an empty context line whose leading space was lost */
            pl.tag = ' ';
            pl.text = l.p;
            pl.len = l.n;
            c = ' ';
        }
        if ((c == ' ' && (ol <= 0 || nl <= 0)) || (c == '-' && ol <= 0) || (c == '+' && nl <= 0) ||
            (c != ' ' && c != '-' && c != '+'))
            return perr(ps, ps->i + 1,
                        "corrupt hunk: the line does not fit the counts of the '@@' header "
                        "at line %zu",
                        h.lineno);
        if (c != '+')
            ol--;
        if (c != '-')
            nl--;
        gf_vec_push(&fp->lines, pl);
        prev = &gf_vec_last(&fp->lines);
        ps->i++;
    }
    h.count = fp->lines.len - h.first;
    gf_vec_push(&fp->hunks, h);
    return 0;
}

static int parse_hunks(parser *ps, gf_filepatch *fp)
{
    while (ps->i < ps->lines.len && starts(ps->lines.items[ps->i], "@@ -")) {
        int rc = parse_hunk(ps, fp);
        if (rc)
            return rc;
    }
    return 0;
}

static unsigned parse_mode(lref l, size_t skip)
{
    unsigned m = 0;
    for (size_t k = skip; k < l.n && l.p[k] >= '0' && l.p[k] <= '7'; k++)
        m = m * 8 + (unsigned)(l.p[k] - '0');
    return m;
}

static gf_filepatch *new_file(parser *ps)
{
    gf_filepatch *fp = gf_vec_push_slot(&ps->p->files);
    fp->similarity = -1;
    fp->lineno = ps->i + 1;
    return fp;
}

/* A file patch opened by "diff --git". */
static int parse_git(parser *ps)
{
    gf_filepatch *fp = new_file(ps);
    fp->git = true;
    char *a = NULL, *b = NULL, *from = NULL, *to = NULL, *minus = NULL, *plus = NULL;
    bool is_new = false, is_del = false, is_ren = false, is_copy = false, dn = false, ep = false;
    bool have_minus = false, have_plus = false, nul = false;
    int rc = 0;
    size_t header = ps->i;
    git_header_names(ps, ps->lines.items[ps->i], &a, &b, &nul);
    ps->i++;
    while (ps->i < ps->lines.len) {
        lref l = ps->lines.items[ps->i];
        if (starts(l, "old mode ")) {
            fp->old_mode = parse_mode(l, 9);
        } else if (starts(l, "new mode ")) {
            fp->new_mode = parse_mode(l, 9);
        } else if (starts(l, "deleted file mode ")) {
            is_del = true;
            fp->old_mode = parse_mode(l, 18);
        } else if (starts(l, "new file mode ")) {
            is_new = true;
            fp->new_mode = parse_mode(l, 14);
        } else if (starts(l, "rename from ") || starts(l, "rename old ")) {
            is_ren = true;
            if ((rc = rest_name(ps, l, 11 + (l.p[7] == 'f' ? 1 : 0), &from)))
                goto out;
        } else if (starts(l, "rename to ") || starts(l, "rename new ")) {
            is_ren = true;
            if ((rc = rest_name(ps, l, l.p[7] == 't' ? 10 : 11, &to)))
                goto out;
        } else if (starts(l, "copy from ")) {
            is_copy = true;
            if ((rc = rest_name(ps, l, 10, &from)))
                goto out;
        } else if (starts(l, "copy to ")) {
            is_copy = true;
            if ((rc = rest_name(ps, l, 8, &to)))
                goto out;
        } else if (starts(l, "similarity index ")) {
            int v = 0;
            for (size_t k = 17; k < l.n && l.p[k] >= '0' && l.p[k] <= '9' && v < 1000; k++)
                v = v * 10 + (l.p[k] - '0');
            fp->similarity = v;
        } else if (starts(l, "dissimilarity index ")) {
            /* nothing to do */
        } else if (starts(l, "index ")) {
            /* "index A..B MODE": the mode the file keeps. It changes
             * nothing, but a symbolic link or submodule must be refused. */
            const char *sp = memchr(l.p + 6, ' ', body_len(l) - 6);
            unsigned m = sp ? parse_mode(l, (size_t)(sp + 1 - l.p)) : 0;
            if ((m & 0170000) != 0100000 && !fp->old_mode && !fp->new_mode)
                fp->old_mode = fp->new_mode = m;
        } else if (starts(l, "Binary files ")) {
            fp->binary = true;
        } else if (starts(l, "GIT binary patch")) {
            fp->binary = true;
            while (ps->i < ps->lines.len && !starts(ps->lines.items[ps->i], "diff --git "))
                ps->i++;
            break;
        } else if (starts(l, "--- ") && ps->i + 1 < ps->lines.len &&
                   starts(ps->lines.items[ps->i + 1], "+++ ")) {
            if ((rc = header_name(ps, l, &minus, &dn, &ep)))
                goto out;
            have_minus = true;
            ps->i++;
            if ((rc = header_name(ps, ps->lines.items[ps->i], &plus, &dn, &ep)))
                goto out;
            have_plus = true;
            ps->i++;
            break;
        } else {
            break;
        }
        ps->i++;
    }
    if ((rc = parse_hunks(ps, fp)))
        goto out;
    if (is_new) {
        fp->kind = GF_PATCH_CREATE;
        fp->new_path = plus ? plus : have_plus ? NULL : b;
        if (fp->new_path == plus)
            plus = NULL;
        else if (fp->new_path == b)
            b = NULL;
    } else if (is_del) {
        fp->kind = GF_PATCH_DELETE;
        fp->old_path = minus ? minus : have_minus ? NULL : a;
        if (fp->old_path == minus)
            minus = NULL;
        else if (fp->old_path == a)
            a = NULL;
    } else if ((is_ren || is_copy) && from && to) {
        fp->kind = is_ren ? GF_PATCH_RENAME : GF_PATCH_COPY;
        fp->old_path = from;
        fp->new_path = to;
        from = to = NULL;
    } else {
        fp->old_path = minus ? minus : have_minus ? NULL : a;
        fp->new_path = plus ? plus : have_plus ? NULL : b;
        if (fp->old_path == minus)
            minus = NULL;
        else if (fp->old_path == a)
            a = NULL;
        if (fp->new_path == plus)
            plus = NULL;
        else if (fp->new_path == b)
            b = NULL;
        if (!fp->old_path && fp->new_path)
            fp->kind = GF_PATCH_CREATE;
        else if (fp->old_path && !fp->new_path)
            fp->kind = GF_PATCH_DELETE;
        else if (!fp->hunks.len && fp->old_mode && fp->new_mode && fp->old_mode != fp->new_mode)
            fp->kind = GF_PATCH_MODE;
        else
            fp->kind = GF_PATCH_MODIFY;
    }
    if ((fp->kind != GF_PATCH_CREATE && !fp->old_path) ||
        (fp->kind != GF_PATCH_DELETE && !fp->new_path))
        rc = nul ? perr(ps, header + 1, "a file name with a NUL byte is refused")
                 : perr(ps, header + 1,
                        "cannot tell which file the 'diff --git' header names (check -p)");
out:
    gf_free(a);
    gf_free(b);
    gf_free(from);
    gf_free(to);
    gf_free(minus);
    gf_free(plus);
    return rc;
}

/* A file patch opened by "--- A" "+++ B" (diff -u). */
static int parse_traditional(parser *ps)
{
    gf_filepatch *fp = new_file(ps);
    bool dn_old, dn_new;
    int rc = header_name(ps, ps->lines.items[ps->i], &fp->old_path, &dn_old, &fp->old_epoch);
    if (rc)
        return rc;
    ps->i++;
    rc = header_name(ps, ps->lines.items[ps->i], &fp->new_path, &dn_new, &fp->new_epoch);
    if (rc)
        return rc;
    ps->i++;
    if ((rc = parse_hunks(ps, fp)))
        return rc;
    bool all_empty_old = fp->hunks.len > 0, all_empty_new = fp->hunks.len > 0;
    for (size_t h = 0; h < fp->hunks.len; h++) {
        all_empty_old &= fp->hunks.items[h].old_start == 0 && fp->hunks.items[h].old_count == 0;
        all_empty_new &= fp->hunks.items[h].new_start == 0 && fp->hunks.items[h].new_count == 0;
    }
    if (dn_old || (fp->old_epoch && all_empty_old)) {
        fp->kind = GF_PATCH_CREATE;
        gf_free(fp->old_path);
        fp->old_path = NULL;
    } else if (dn_new || (fp->new_epoch && all_empty_new)) {
        fp->kind = GF_PATCH_DELETE;
        gf_free(fp->new_path);
        fp->new_path = NULL;
    } else {
        fp->kind = GF_PATCH_MODIFY;
    }
    if (!fp->old_path && !fp->new_path)
        return perr(ps, fp->lineno, "both sides of the patch are /dev/null");
    return 0;
}

static void filepatch_release(gf_filepatch *fp)
{
    gf_free(fp->old_path);
    gf_free(fp->new_path);
    gf_vec_release(&fp->lines);
    gf_vec_release(&fp->hunks);
}

void gf_patch_release(gf_patch *p)
{
    for (size_t i = 0; i < p->files.len; i++)
        filepatch_release(&p->files.items[i]);
    gf_vec_release(&p->files);
    gf_free(p->data);
    p->data = NULL;
    p->len = 0;
}

int gf_patch_parse(gf_patch *p, const char *data, size_t len, int strip, gf_error *err)
{
    memset(p, 0, sizeof *p);
    bool nl = len && data[len - 1] == '\n';
    p->data = gf_malloc(len + 2);
    memcpy(p->data, data, len);
    if (!nl)
        p->data[len++] = '\n';
    p->data[len] = '\0';
    p->len = len;
    parser ps = {.p = p, .strip = strip < 0 ? 0 : strip, .err = err};
    for (size_t i = 0; i < len;) {
        const char *e = memchr(p->data + i, '\n', len - i);
        size_t n = (size_t)(e - (p->data + i)) + 1;
        gf_vec_push(&ps.lines, ((lref){p->data + i, n}));
        i += n;
    }
    int rc = 0;
    size_t nlines = ps.lines.len;
    while (ps.i < nlines) {
        lref l = ps.lines.items[ps.i];
        if (starts(l, "diff --git ")) {
            rc = parse_git(&ps);
        } else if (starts(l, "diff --cc ") || starts(l, "diff --combined ")) {
            rc = perr(&ps, ps.i + 1, "combined (merge) diffs are not supported");
        } else if (starts(l, "--- ") && ps.i + 2 < nlines &&
                   starts(ps.lines.items[ps.i + 1], "+++ ") &&
                   starts(ps.lines.items[ps.i + 2], "@@ -")) {
            rc = parse_traditional(&ps);
        } else if (starts(l, "*** ") && ps.i + 2 < nlines &&
                   starts(ps.lines.items[ps.i + 1], "--- ") &&
                   starts(ps.lines.items[ps.i + 2], "***************")) {
            rc = perr(&ps, ps.i + 1,
                      "context diffs are not supported; make a unified diff (diff -u)");
        } else {
            ps.i++;
        }
        if (rc)
            break;
    }
    if (!rc && !p->files.len)
        rc = gf_error_set(err, GF_EINVAL,
                          "no patch found (no 'diff --git' or '---'/'+++'/'@@' lines)");
    gf_vec_release(&ps.lines);
    return rc;
}

typedef struct name_ref {
    const char *name;
    size_t file;
} name_ref;

static int cmp_name_ref(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->file > y->file) - (x->file < y->file);
}

/* Does some path appear in two file patches (a series of patches)? */
static bool is_series(const gf_patch *p)
{
    GF_VEC(name_ref) v = GF_VEC_INIT;
    for (size_t f = 0; f < p->files.len; f++) {
        const gf_filepatch *fp = &p->files.items[f];
        if (fp->old_path)
            gf_vec_push(&v, ((name_ref){fp->old_path, f}));
        if (fp->new_path && (!fp->old_path || strcmp(fp->old_path, fp->new_path)))
            gf_vec_push(&v, ((name_ref){fp->new_path, f}));
    }
    bool dup = false;
    if (v.len)
        qsort(v.items, v.len, sizeof *v.items, cmp_name_ref);
    for (size_t i = 1; i < v.len && !dup; i++)
        dup =
            !strcmp(v.items[i].name, v.items[i - 1].name) && v.items[i].file != v.items[i - 1].file;
    gf_vec_release(&v);
    return dup;
}

void gf_patch_reverse(gf_patch *p)
{
    /* A series (one path in several file patches) is undone last first. */
    if (is_series(p))
        for (size_t i = 0, j = p->files.len ? p->files.len - 1 : 0; i < j; i++, j--) {
            gf_filepatch t = p->files.items[i];
            p->files.items[i] = p->files.items[j];
            p->files.items[j] = t;
        }
    for (size_t f = 0; f < p->files.len; f++) {
        gf_filepatch *fp = &p->files.items[f];
        char *t = fp->old_path;
        fp->old_path = fp->new_path;
        fp->new_path = t;
        unsigned m = fp->old_mode;
        fp->old_mode = fp->new_mode;
        fp->new_mode = m;
        bool e = fp->old_epoch;
        fp->old_epoch = fp->new_epoch;
        fp->new_epoch = e;
        if (fp->kind == GF_PATCH_CREATE)
            fp->kind = GF_PATCH_DELETE;
        else if (fp->kind == GF_PATCH_DELETE)
            fp->kind = GF_PATCH_CREATE;
        fp->uncopy = fp->kind == GF_PATCH_COPY ? !fp->uncopy : fp->uncopy;
        for (size_t i = 0; i < fp->lines.len; i++) {
            char *tag = &fp->lines.items[i].tag;
            *tag = *tag == '-' ? '+' : *tag == '+' ? '-' : *tag;
        }
        for (size_t h = 0; h < fp->hunks.len; h++) {
            gf_phunk *hk = &fp->hunks.items[h];
            long s = hk->old_start, c = hk->old_count;
            hk->old_start = hk->new_start;
            hk->old_count = hk->new_count;
            hk->new_start = s;
            hk->new_count = c;
        }
    }
}

/* ---- placing and applying hunks ---- */

/* A line of the original or of a hunk's old side, split into body and line
 * ending for comparison. */
typedef struct tline {
    const char *p;
    size_t len;        /* with the line ending */
    size_t body;       /* without it */
    unsigned char eol; /* 0 none, 1 "\n", 2 "\r\n" (only in CRLF mode) */
} tline;

typedef GF_VEC(tline) tlines;

static tline make_tline(const char *p, size_t len, bool crlf)
{
    tline t = {p, len, len, 0};
    if (len && p[len - 1] == '\n') {
        t.eol = 1;
        t.body = len - 1;
        if (crlf && t.body && p[t.body - 1] == '\r') {
            t.eol = 2;
            t.body--;
        }
    }
    return t;
}

/* Does every '\n' of data follow a '\r' (and is there one)? */
static bool all_crlf(const char *data, size_t len)
{
    size_t n = 0;
    for (const char *p = data, *end = data + len; (p = memchr(p, '\n', (size_t)(end - p)));
         p++, n++)
        if (p == data || p[-1] != '\r')
            return false;
    return n > 0;
}

typedef struct placer {
    const tline *file;
    long nfile;
    const tline *pat;
    long npat;
    bool crlf;
} placer;

static bool line_eq(const placer *pc, const tline *f, const tline *p)
{
    return f->body == p->body && memcmp(f->p, p->p, f->body) == 0 &&
           (f->eol == p->eol || (pc->crlf && f->eol == 2 && p->eol == 1));
}

/* Do the pattern's lines [pf, npat - sf) match the file from line at + pf? */
static bool match_at(const placer *pc, long at, long pf, long sf)
{
    for (long k = pf; k < pc->npat - sf; k++) {
        long fi = at + k;
        if (fi < 0 || fi >= pc->nfile || !line_eq(pc, &pc->file[fi], &pc->pat[k]))
            return false;
    }
    return true;
}

/*
 * GNU patch's locate_hunk, 0-based: the line where the pattern starts, or
 * -1. pos is where the hunk says it starts, *in_offset the offset of the
 * hunks placed so far, frozen the first line a hunk may still touch.
 * Hunks with less context before than after (or the reverse) that say they
 * start at the top (or run to the end) may only match there.
 */
static long locate(const placer *pc, long pos, long prefix, long suffix, long fuzz, long *in_offset,
                   long frozen)
{
    long context = prefix > suffix ? prefix : suffix;
    long pf = fuzz + prefix - context, sf = fuzz + suffix - context;
    long guess = pos + *in_offset;
    if (pc->npat == 0) {
        if (guess < frozen)
            guess = frozen;
        if (guess > pc->nfile)
            return -1;
        *in_offset = guess - pos;
        return guess;
    }
    if (pf < 0 && pos == 0) {
        /* can only match the start of the file */
        if (frozen <= prefix && pc->npat - sf <= pc->nfile && match_at(pc, 0, 0, sf)) {
            *in_offset = -pos;
            return 0;
        }
        return -1;
    }
    if (pf < 0)
        pf = 0;
    if (sf < 0) {
        /* can only match the end of the file */
        long at = pc->nfile - pc->npat;
        if (at >= 0 && at >= frozen && match_at(pc, at, pf, 0)) {
            *in_offset = at - pos;
            return at;
        }
        return -1;
    }
    long lo = frozen, hi = pc->nfile - (pc->npat - sf);
    if (hi < lo)
        return -1;
    long d0 = guess > hi ? guess - hi : guess < lo ? lo - guess : 0;
    long dmax = (hi - guess > guess - lo) ? hi - guess : guess - lo;
    for (long d = d0; d <= dmax; d++) {
        long at = guess + d;
        if (at >= lo && at <= hi && match_at(pc, at, pf, sf)) {
            *in_offset = at - pos;
            return at;
        }
        at = guess - d;
        if (d && at >= lo && at <= hi && match_at(pc, at, pf, sf)) {
            *in_offset = at - pos;
            return at;
        }
    }
    return -1;
}

/* The first line of the pattern that does not match at the hunk's
 * expected place, for the failure message. */
static void explain(const placer *pc, const gf_filepatch *fp, const gf_phunk *hk, long guess,
                    gf_hunk_result *r)
{
    if (guess < 0)
        guess = 0;
    if (guess > pc->nfile)
        guess = pc->nfile;
    r->bad_line = 0;
    long k = 0;
    for (size_t i = 0; i < hk->count; i++) {
        const gf_pline *pl = &fp->lines.items[hk->first + i];
        if (pl->tag == '+')
            continue;
        long fi = guess + k;
        if (fi >= pc->nfile || !line_eq(pc, &pc->file[fi], &pc->pat[k])) {
            r->bad_line = fi + 1;
            r->expect = pc->pat[k].p;
            r->expect_len = pc->pat[k].len;
            if (fi < pc->nfile) {
                r->found = pc->file[fi].p;
                r->found_len = pc->file[fi].len;
            }
            return;
        }
        k++;
    }
    if (pc->npat == 0)
        r->bad_line = pc->nfile + 1; /* an insertion past the end */
}

/* Appends an added line, in CRLF mode with "\r\n" for a lone "\n". */
static void emit(gf_buf *out, size_t start, const gf_pline *pl, bool crlf)
{
    if (out->len > start && out->ptr[out->len - 1] != '\n')
        gf_buf_adds(out, crlf ? "\r\n" : "\n"); /* after a last line without one */
    if (crlf && pl->len && pl->text[pl->len - 1] == '\n' &&
        (pl->len < 2 || pl->text[pl->len - 2] != '\r')) {
        gf_buf_add(out, pl->text, pl->len - 1);
        gf_buf_adds(out, "\r\n");
    } else {
        gf_buf_add(out, pl->text, pl->len);
    }
}

size_t gf_patch_apply_text(const gf_filepatch *fp, const char *data, size_t len, int max_fuzz,
                           gf_buf *out, gf_hunk_result *res)
{
    /* CRLF mode: the file is all CRLF and the patch all LF (a patch with
     * CRLF lines of its own says exactly which endings it wants). */
    bool crlf = all_crlf(data, len);
    for (size_t i = 0; crlf && i < fp->lines.len; i++) {
        const gf_pline *pl = &fp->lines.items[i];
        if (pl->len >= 2 && pl->text[pl->len - 1] == '\n' && pl->text[pl->len - 2] == '\r')
            crlf = false;
    }
    tlines file = GF_VEC_INIT, pat = GF_VEC_INIT;
    size_t nl = 1, grow = len;
    for (const char *q = data, *end = data + len; (q = memchr(q, '\n', (size_t)(end - q))); q++)
        nl++;
    gf_vec_reserve(&file, nl);
    for (size_t i = 0; i < fp->lines.len; i++)
        if (fp->lines.items[i].tag == '+')
            grow += fp->lines.items[i].len + 1;
    gf_buf_grow(out, grow);
    for (size_t i = 0; i < len;) {
        const char *e = memchr(data + i, '\n', len - i);
        size_t n = e ? (size_t)(e - (data + i)) + 1 : len - i;
        gf_vec_push(&file, make_tline(data + i, n, crlf));
        i += n;
    }
    size_t start = out->len, failed = 0;
    long in_offset = 0, out_offset = 0, frozen = 0;
    size_t copied = 0;  /* bytes of data already copied to out */
    long fi_copied = 0; /* lines of data already copied (or dropped) */
    for (size_t h = 0; h < fp->hunks.len; h++) {
        const gf_phunk *hk = &fp->hunks.items[h];
        gf_hunk_result *r = &res[h];
        memset(r, 0, sizeof *r);
        gf_vec_clear(&pat);
        long prefix = 0, suffix = 0;
        bool seen_change = false;
        for (size_t i = 0; i < hk->count; i++) {
            const gf_pline *pl = &fp->lines.items[hk->first + i];
            if (pl->tag != ' ') {
                seen_change = true;
                suffix = 0;
            } else if (!seen_change) {
                prefix++;
            } else {
                suffix++;
            }
            if (pl->tag != '+')
                gf_vec_push(&pat, make_tline(pl->text, pl->len, crlf));
            if (pl->tag == '+')
                r->added++;
            else if (pl->tag == '-')
                r->removed++;
        }
        if (!seen_change)
            suffix = 0; /* context only: all of it counts as leading */
        placer pc = {file.items, (long)file.len, pat.items, (long)pat.len, crlf};
        long pos = hk->old_count ? hk->old_start - 1 : hk->old_start;
        if (pos < 0)
            pos = 0;
        long context = prefix > suffix ? prefix : suffix;
        long maxf = max_fuzz < context ? max_fuzz : context;
        long at = -1, fuzz = 0, off = in_offset;
        for (; fuzz <= maxf; fuzz++) {
            off = in_offset;
            at = locate(&pc, pos, prefix, suffix, fuzz, &off, frozen);
            if (at >= 0)
                break;
        }
        if (at < 0) {
            explain(&pc, fp, hk, pos + in_offset, r);
            r->where = pos + in_offset + 1;
            r->newwhere = pos + 1 + out_offset; /* GNU patch's "FAILED at" */
            r->added = r->removed = 0;
            failed++;
            continue;
        }
        in_offset = off;
        r->applied = true;
        r->where = at + 1;
        r->newwhere = r->where + out_offset;
        r->offset = in_offset;
        r->fuzz = (int)fuzz;
        /* Copy lazily: context stays as it is in the file; only removals and
         * additions touch the output, so trailing context stays free for the
         * next hunk, as in GNU patch. */
        long p = at;
        for (size_t i = 0; i < hk->count; i++) {
            const gf_pline *pl = &fp->lines.items[hk->first + i];
            if (pl->tag == ' ') {
                p++;
                continue;
            }
            for (; fi_copied < p; fi_copied++) {
                gf_buf_add(out, file.items[fi_copied].p, file.items[fi_copied].len);
                copied += file.items[fi_copied].len;
            }
            if (pl->tag == '-') {
                copied += file.items[p].len;
                fi_copied = ++p;
            } else {
                emit(out, start, pl, crlf);
            }
            if (fi_copied > frozen)
                frozen = fi_copied;
        }
        out_offset += (long)r->added - (long)r->removed;
    }
    gf_buf_add(out, data + copied, len - copied);
    gf_vec_release(&file);
    gf_vec_release(&pat);
    return failed;
}

static void range(gf_buf *out, long start, long count)
{
    if (count == 1)
        gf_buf_printf(out, "%ld", start);
    else
        gf_buf_printf(out, "%ld,%ld", start, count);
}

void gf_patch_format_hunk(const gf_filepatch *fp, size_t h, gf_buf *out)
{
    const gf_phunk *hk = &fp->hunks.items[h];
    gf_buf_adds(out, "@@ -");
    range(out, hk->old_start, hk->old_count);
    gf_buf_adds(out, " +");
    range(out, hk->new_start, hk->new_count);
    gf_buf_adds(out, " @@");
    if (hk->section_len) {
        gf_buf_addc(out, ' ');
        gf_buf_add(out, hk->section, hk->section_len);
    }
    gf_buf_addc(out, '\n');
    /* Within each run of changes, removals first (a reversed patch has
     * them after the additions). */
    for (size_t i = 0; i < hk->count;) {
        const gf_pline *pl = &fp->lines.items[hk->first + i];
        size_t j = i + 1;
        if (pl->tag != ' ')
            while (j < hk->count && fp->lines.items[hk->first + j].tag != ' ')
                j++;
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = i; k < j; k++) {
                pl = &fp->lines.items[hk->first + k];
                if (pl->tag != (pass ? '+' : '-') && !(pl->tag == ' ' && !pass))
                    continue;
                gf_buf_addc(out, pl->tag);
                gf_buf_add(out, pl->text, pl->len);
                if (pl->no_eol)
                    gf_buf_adds(out, "\n\\ No newline at end of file\n");
            }
        i = j;
    }
}

/* ---- planning a multi-file patch ---- */

/*
 * A file the patch touches. As in git apply, the patch describes a change
 * from the files as they are (the preimage: disk) to what they become (the
 * postimage: post): a deletion or a rename removes the preimage, a
 * creation, change, rename or copy writes the postimage. A change,
 * deletion or rename of a path an earlier file patch wrote reads that
 * postimage (a series of patches); a copy reads the preimage (a git diff
 * may change a file and copy its old content, in either order).
 */
struct gf_patch_node {
    char *rel, *abs;
    bool on_disk;  /* existed when read */
    bool new_dirs; /* its directory must be created */
    char *disk;    /* content on disk, as read */
    size_t disk_len;
    unsigned disk_mode; /* permission bits on disk */
    bool gone;          /* the preimage is deleted or renamed away */
    bool will_go;       /* some file patch deletes or renames it away */
    bool post;          /* a postimage is planned */
    gf_buf cur;         /* ... its content */
    unsigned mode;      /* ... and permission bits */
};

static void node_free(gf_patch_node *n)
{
    gf_free(n->rel);
    gf_free(n->abs);
    gf_free(n->disk);
    gf_buf_release(&n->cur);
    gf_free(n);
}

static bool bad_component(const char *c, size_t n)
{
    return n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.') ||
           (n == 4 && memcmp(c, ".git", 4) == 0);
}

/*
 * Resolves a patch path (relative to o->directory) beneath the root with
 * gf_root_resolve. A path whose directory does not exist yet goes through
 * its deepest existing ancestor, and the missing part must be plain names
 * (no ".", "..", ".git"): *new_dirs is then set.
 */
static int resolve(const gf_patch_plan *pl, const char *name, char **abs, char **rel,
                   bool *new_dirs, gf_error *err)
{
    gf_buf full = GF_BUF_INIT, dir = GF_BUF_INIT;
    if (pl->opts.directory && name[0] != '/')
        gf_buf_printf(&full, "%s/%s", pl->opts.directory, name);
    else
        gf_buf_adds(&full, name);
    *new_dirs = false;
    char *dabs = NULL, *drel = NULL;
    int rc = gf_root_resolve(pl->opts.root, full.ptr, abs, rel, err);
    if (rc != GF_ENOENT)
        goto out;
    gf_buf_adds(&dir, full.ptr);
    for (;;) {
        char *sl = strrchr(dir.ptr, '/');
        if (!sl) {
            gf_buf_clear(&dir);
            gf_buf_addc(&dir, '.');
            break;
        }
        gf_buf_setlen(&dir, (size_t)(sl - dir.ptr));
        struct stat st;
        if (dir.len == 0 || lstat(dir.ptr, &st) == 0)
            break;
    }
    const char *rest = full.ptr;
    if (!(dir.len == 1 && dir.ptr[0] == '.' && strncmp(full.ptr, "./", 2) != 0))
        rest = full.ptr + dir.len + 1;
    if (dir.len == 0)
        gf_buf_addc(&dir, '/');
    for (const char *c = rest; *c;) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (bad_component(c, n) || (e && !e[1])) {
            rc = gf_error_set(err, GF_EACCES, "'%s': refused (a '.', '..' or '.git' component)",
                              name);
            goto out;
        }
        c += n + (e ? 1 : 0);
    }
    if ((rc = gf_root_resolve(pl->opts.root, dir.ptr, &dabs, &drel, err)))
        goto out;
    struct stat st;
    if (stat(dabs, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rc = gf_error_set(err, GF_EINVAL, "'%s': '%s' is not a directory", name, dir.ptr);
        goto out;
    }
    gf_buf b = GF_BUF_INIT;
    gf_buf_printf(&b, "%s/%s", dabs, rest);
    *abs = gf_buf_detach(&b, NULL);
    if (!strcmp(drel, "."))
        gf_buf_adds(&b, rest);
    else
        gf_buf_printf(&b, "%s/%s", drel, rest);
    *rel = gf_buf_detach(&b, NULL);
    *new_dirs = true;
    gf_error_clear(err);
out:
    gf_free(dabs);
    gf_free(drel);
    gf_buf_release(&full);
    gf_buf_release(&dir);
    return rc;
}

/* The node for a patch path: found among those already read, or read now. */
static int get_node(gf_patch_plan *pl, const char *name, gf_patch_node **out, gf_error *err)
{
    char *abs = NULL, *rel = NULL;
    bool new_dirs;
    int rc = resolve(pl, name, &abs, &rel, &new_dirs, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < pl->nodes.len; i++)
        if (!strcmp(pl->nodes.items[i]->rel, rel)) {
            gf_free(abs);
            gf_free(rel);
            *out = pl->nodes.items[i];
            return 0;
        }
    gf_patch_node *n = gf_calloc(1, sizeof *n);
    n->rel = rel;
    n->abs = abs;
    n->new_dirs = new_dirs;
    struct stat st;
    if (!new_dirs && lstat(abs, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            node_free(n);
            return gf_error_set(err, GF_EINVAL, "'%s': not a regular file", name);
        }
        gf_buf b = GF_BUF_INIT;
        /* room for it all: gf_read_fd then reads without growing */
        if ((size_t)st.st_size <= MAX_TARGET)
            gf_buf_grow(&b, (size_t)st.st_size + 65536);
        if ((rc = gf_read_file(abs, MAX_TARGET, 0, &b, NULL, err))) {
            gf_buf_release(&b);
            node_free(n);
            return rc;
        }
        if (gf_is_binary(b.ptr, b.len)) {
            gf_buf_release(&b);
            node_free(n);
            return gf_error_set(err, GF_EBINARY, "'%s' is a binary file; refused", name);
        }
        n->on_disk = true;
        n->disk_mode = st.st_mode & 07777;
        n->disk = gf_buf_detach(&b, &n->disk_len);
    } else if (!new_dirs && errno != ENOENT) {
        rc = gf_error_errno(err, errno, name);
        node_free(n);
        return rc;
    }
    gf_vec_push(&pl->nodes, n);
    *out = n;
    return 0;
}

/* Permission bits m with the executable bits git mode says. */
static unsigned with_exec(unsigned m, unsigned git_mode)
{
    return (git_mode & 0111) ? (m | ((m & 0444) >> 2)) : (m & ~0111u);
}

static int file_error(gf_patch_plan *pl, gf_patch_result *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int file_error(gf_patch_plan *pl, gf_patch_result *r, const char *fmt, ...)
{
    gf_buf b = GF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    gf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (!r->error) {
        r->error = gf_buf_detach(&b, NULL);
        pl->failed_files++;
    }
    gf_buf_release(&b);
    return 0;
}

/* Of two existing files a traditional diff names, the one GNU patch picks:
 * fewer components, then the shorter base name, then the shorter name. */
static bool prefer_old(const char *a, const char *b)
{
    size_t ca = 0, cb = 0;
    for (const char *c = a; *c; c++)
        ca += *c == '/';
    for (const char *c = b; *c; c++)
        cb += *c == '/';
    if (ca != cb)
        return ca < cb;
    const char *ba = strrchr(a, '/'), *bb = strrchr(b, '/');
    size_t la = strlen(ba ? ba + 1 : a), lb = strlen(bb ? bb + 1 : b);
    if (la != lb)
        return la < lb;
    return strlen(a) <= strlen(b);
}

static int check_mode(const gf_filepatch *fp, const char *name, gf_error *err)
{
    unsigned modes[2] = {fp->old_mode, fp->new_mode};
    for (int i = 0; i < 2; i++) {
        unsigned t = modes[i] & 0170000;
        if (t == 0120000)
            return gf_error_set(err, GF_EINVAL,
                                "'%s': the patch changes a symbolic link; not supported", name);
        if (t == 0160000)
            return gf_error_set(err, GF_EINVAL,
                                "'%s': the patch changes a submodule; not supported", name);
        if (t && t != 0100000)
            return gf_error_set(err, GF_EINVAL, "'%s': unsupported file mode %o", name, modes[i]);
    }
    return 0;
}

static void sha_hex(const char *data, size_t len, char hex[65])
{
    unsigned char sha[32];
    gf_sha256(data, len, sha);
    gf_sha256_hex(sha, hex);
}

/* Keeps a node's replaced content alive: hunk results point into it. */
static void retire(gf_patch_plan *pl, gf_buf *b)
{
    gf_vec_push(&pl->retired, gf_buf_detach(b, NULL));
}

/* Does path hold a file in the postimage planned so far? */
static bool exists_now(const gf_patch_node *n)
{
    return n->post || (n->on_disk && !n->gone);
}

/* Content a change or deletion reads: the postimage when one is planned. */
static void read_chained(const gf_patch_node *n, const char **p, size_t *len, unsigned *mode)
{
    *p = n->post ? n->cur.ptr : n->disk;
    *len = n->post ? n->cur.len : n->disk_len;
    *mode = n->post ? n->mode : n->disk_mode;
}

/* Content a rename or copy reads: the preimage when there is one. */
static void read_source(const gf_patch_node *n, const char **p, size_t *len, unsigned *mode)
{
    if (n->on_disk) {
        *p = n->disk;
        *len = n->disk_len;
        *mode = n->disk_mode;
    } else {
        read_chained(n, p, len, mode);
    }
}

static void set_post(gf_patch_plan *pl, gf_patch_node *n, gf_buf *content, unsigned mode)
{
    retire(pl, &n->cur);
    n->cur = *content;
    *content = (gf_buf)GF_BUF_INIT;
    n->post = true;
    n->mode = mode;
}

/* Removes what a deletion or rename read: the postimage if it read that,
 * else the preimage. */
static void remove_read(gf_patch_node *n, bool from_post)
{
    if (from_post)
        n->post = false;
    else
        n->gone = true;
}

static int plan_file(gf_patch_plan *pl, gf_filepatch *fp, gf_patch_result *r, gf_error *err)
{
    r->fp = fp;
    r->action = fp->kind;
    r->hunks = gf_calloc(fp->hunks.len ? fp->hunks.len : 1, sizeof *r->hunks);
    const char *shown = fp->new_path ? fp->new_path : fp->old_path;
    if (fp->binary)
        return gf_error_set(err, GF_EINVAL,
                            "'%s': binary patch (GIT binary patch, or 'Binary files ... differ'); "
                            "graft patch applies text diffs only",
                            shown);
    int rc = check_mode(fp, shown, err);
    if (rc)
        return rc;
    gf_patch_node *src = NULL, *dst = NULL;
    const char *src_name = fp->old_path, *dst_name = fp->new_path;
    gf_patch_kind kind = fp->kind;
    if (kind != GF_PATCH_CREATE && (rc = get_node(pl, fp->old_path, &src, err)))
        return rc;
    if (kind != GF_PATCH_DELETE && (rc = get_node(pl, fp->new_path, &dst, err)))
        return rc;
    if ((kind == GF_PATCH_MODIFY || kind == GF_PATCH_MODE) && src != dst) {
        /* a traditional diff naming two files: patch the one that exists */
        bool use_old = exists_now(src) && (!exists_now(dst) || prefer_old(src->rel, dst->rel));
        if (use_old) {
            dst = src;
            dst_name = src_name;
        } else {
            src = dst;
            src_name = dst_name;
        }
    }
    if ((kind == GF_PATCH_RENAME || kind == GF_PATCH_COPY) && src == dst && !fp->uncopy)
        kind = GF_PATCH_MODIFY;
    bool moves = (kind == GF_PATCH_RENAME || kind == GF_PATCH_COPY) && !fp->uncopy;
    r->action = fp->uncopy ? GF_PATCH_DELETE : kind;
    r->name = gf_strdup(fp->uncopy || !dst ? src_name : dst_name);
    r->path = gf_strdup(fp->uncopy || !dst ? src->rel : dst->rel);
    if (moves) {
        r->old_name = gf_strdup(src_name);
        r->old_path = gf_strdup(src->rel);
    }
    if (src && !exists_now(src) && !(kind == GF_PATCH_COPY && !fp->uncopy && src->on_disk))
        return file_error(pl, r, "'%s': no such file", src_name);
    /* A path may be created where the preimage has a file only when some
     * file patch deletes or renames that file away. */
    if ((kind == GF_PATCH_CREATE || moves) &&
        (dst->post || (dst->on_disk && !dst->gone && !dst->will_go)))
        return file_error(pl, r,
                          moves ? "'%s' already exists; the patch %s '%s' to it"
                                : "'%s' already exists; the patch creates it",
                          dst_name, kind == GF_PATCH_RENAME ? "renames" : "copies", src_name);
    if (fp->uncopy && !exists_now(dst))
        return file_error(pl, r, "'%s': no such file", dst_name);

    const char *in = "";
    size_t inlen = 0;
    unsigned in_mode = 0;
    bool from_post = false;
    if (src) {
        /* a copy reads the file as it was before the whole patch (git's
         * rule: a diff may change the source and copy it in any order);
         * anything else reads what the file patches before it left */
        bool pre = kind == GF_PATCH_COPY && !fp->uncopy && src->on_disk;
        if (pre)
            read_source(src, &in, &inlen, &in_mode);
        else
            read_chained(src, &in, &inlen, &in_mode);
        from_post = src->post && !pre;
    }
    if (src && !(in_mode & 0222) && (kind == GF_PATCH_MODIFY || kind == GF_PATCH_MODE))
        return file_error(pl, r, "'%s' is read-only; not changed", src_name);
    r->has_before = src != NULL;
    r->mode_before = in_mode;
    if (src)
        if (pl->opts.hashes)
            sha_hex(in, inlen, r->sha_before);
    gf_buf out = GF_BUF_INIT;
    size_t failed = gf_patch_apply_text(fp, in, inlen, pl->opts.fuzz, &out, r->hunks);
    pl->failed_hunks += failed;
    r->applied = fp->hunks.len - failed;
    for (size_t h = 0; h < fp->hunks.len; h++) {
        r->added += r->hunks[h].added;
        r->removed += r->hunks[h].removed;
    }
    if (failed && pl->opts.reject) {
        gf_buf_printf(&r->rej, "--- %s\n+++ %s\n", fp->old_path ? fp->old_path : "/dev/null",
                      fp->new_path ? fp->new_path : "/dev/null");
        for (size_t h = 0; h < fp->hunks.len; h++)
            if (!r->hunks[h].applied)
                gf_patch_format_hunk(fp, h, &r->rej);
        gf_buf rp = GF_BUF_INIT;
        gf_buf_printf(&rp, "%s.rej", r->name);
        bool nd;
        rc = resolve(pl, rp.ptr, &r->rej_abs, &r->rej_path, &nd, err);
        gf_buf_release(&rp);
        if (rc) {
            gf_buf_release(&out);
            return rc;
        }
    }
    bool same = out.len == inlen && memcmp(out.ptr, in, inlen) == 0;
    gf_patch_node *after = NULL;
    if (kind == GF_PATCH_CREATE) {
        set_post(pl, dst, &out, with_exec(0644, fp->new_mode));
        r->changed = true;
        after = dst;
    } else if (kind == GF_PATCH_DELETE && !fp->uncopy) {
        if (!failed && out.len)
            file_error(pl, r,
                       "'%s': the patch deletes the file but does not remove all of its lines; "
                       "not deleted",
                       src_name);
        else if (!failed) {
            remove_read(src, from_post);
            r->changed = true;
        }
    } else if (fp->uncopy) {
        /* the original may still change later in the patch: compared with
         * its final content in plan_all */
        if (!failed) {
            r->uncopy_len = out.len;
            r->uncopy_of = dst;
            retire(pl, &out);
            r->uncopy_text = gf_vec_last(&pl->retired);
            remove_read(src, from_post);
            r->changed = true;
        }
    } else if (moves) {
        if (kind == GF_PATCH_RENAME)
            remove_read(src, from_post);
        set_post(pl, dst, &out, fp->new_mode ? with_exec(in_mode, fp->new_mode) : in_mode);
        r->changed = true;
        after = dst;
    } else {
        unsigned m = fp->new_mode ? with_exec(in_mode, fp->new_mode) : in_mode;
        r->changed = !same || m != in_mode;
        set_post(pl, src, &out, m);
        after = src;
    }
    gf_buf_release(&out);
    if (after) {
        r->has_after = true;
        r->mode_after = after->mode;
        if (pl->opts.hashes)
            sha_hex(after->cur.ptr, after->cur.len, r->sha_after);
    }
    return 0;
}

static void result_release(gf_patch_result *r)
{
    gf_free(r->name);
    gf_free(r->old_name);
    gf_free(r->path);
    gf_free(r->old_path);
    gf_free(r->hunks);
    gf_free(r->error);
    gf_free(r->rej_path);
    gf_free(r->rej_abs);
    gf_buf_release(&r->rej);
}

void gf_patch_plan_release(gf_patch_plan *pl)
{
    for (size_t i = 0; i < pl->files.len; i++)
        result_release(&pl->files.items[i]);
    gf_vec_release(&pl->files);
    for (size_t i = 0; i < pl->nodes.len; i++)
        node_free(pl->nodes.items[i]);
    gf_vec_release(&pl->nodes);
    for (size_t i = 0; i < pl->retired.len; i++)
        gf_free(pl->retired.items[i]);
    gf_vec_release(&pl->retired);
}

static int plan_all(gf_patch_plan *pl, gf_patch *p, const gf_patch_opts *o, gf_error *err)
{
    memset(pl, 0, sizeof *pl);
    pl->opts = *o;
    /* what is deleted or renamed away may be created again, in any order */
    for (size_t i = 0; i < p->files.len; i++) {
        const gf_filepatch *fp = &p->files.items[i];
        gf_patch_node *n;
        if ((fp->kind == GF_PATCH_DELETE || fp->kind == GF_PATCH_RENAME) && fp->old_path &&
            !fp->binary && get_node(pl, fp->old_path, &n, NULL) == 0)
            n->will_go = true;
    }
    for (size_t i = 0; i < p->files.len; i++) {
        gf_patch_result *r = gf_vec_push_slot(&pl->files);
        int rc = plan_file(pl, &p->files.items[i], r, err);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < pl->files.len; i++) {
        gf_patch_result *r = &pl->files.items[i];
        const gf_patch_node *n = r->uncopy_of;
        if (!n)
            continue;
        const char *orig = n->post ? n->cur.ptr : n->disk;
        size_t olen = n->post ? n->cur.len : n->disk_len;
        if (r->uncopy_len != olen || memcmp(r->uncopy_text, orig, olen) != 0) {
            file_error(pl, r, "'%s' is not a copy of '%s' as the patch says; not deleted", r->name,
                       r->fp->new_path);
            r->changed = false;
        }
    }
    return 0;
}

int gf_patch_plan_build(gf_patch_plan *pl, gf_patch *p, const gf_patch_opts *o, gf_error *err)
{
    int rc = plan_all(pl, p, o, err);
    if (rc || (!pl->failed_hunks && !pl->failed_files) || o->reject)
        return rc;
    /* Failed: is it applied already? Then its reverse applies cleanly. */
    gf_patch_plan rev;
    gf_patch_opts ro = *o;
    ro.fuzz = 0;
    gf_patch_reverse(p);
    int rrc = plan_all(&rev, p, &ro, NULL);
    gf_patch_reverse(p);
    if (rrc == 0 && !rev.failed_hunks && !rev.failed_files) {
        pl->already_applied = true;
        for (size_t i = 0; i < pl->files.len; i++) {
            gf_patch_result *r = &pl->files.items[i];
            r->changed = false;
            gf_free(r->error);
            r->error = NULL;
            r->applied = 0;
            r->added = r->removed = 0;
            /* the file is as the patch leaves it: before = after = now */
            r->has_before = r->has_after = false;
            for (size_t k = 0; k < pl->nodes.len; k++) {
                const gf_patch_node *n = pl->nodes.items[k];
                if (!strcmp(n->rel, r->path) && n->on_disk) {
                    if (pl->opts.hashes)
                        sha_hex(n->disk, n->disk_len, r->sha_before);
                    memcpy(r->sha_after, r->sha_before, sizeof r->sha_after);
                    r->has_before = r->has_after = true;
                    r->mode_before = r->mode_after = n->disk_mode;
                }
            }
            snprintf(r->note, sizeof r->note,
                     "already applied: the patch's reverse applies cleanly; nothing to do");
        }
    }
    gf_patch_plan_release(&rev);
    return 0;
}

/* ---- committing ---- */

/* Removes the directories above abs that the deletion left empty, up to
 * (not including) the root. */
static void prune_dirs(const char *root, const char *abs)
{
    char *dir = gf_strdup(abs);
    size_t rl = strlen(root);
    for (;;) {
        char *sl = strrchr(dir, '/');
        if (!sl || (size_t)(sl - dir) <= rl)
            break;
        *sl = '\0';
        if (rmdir(dir) != 0)
            break;
    }
    gf_free(dir);
}

static int write_node(gf_patch_node *n, const char *content, size_t len, gf_error *err)
{
    if (!n->on_disk && n->new_dirs) {
        char *dir = gf_strdup(n->abs);
        *strrchr(dir, '/') = '\0';
        int rc = gf_mkdirs(dir, err);
        gf_free(dir);
        if (rc)
            return rc;
    }
    gf_editset *es =
        n->on_disk ? gf_editset_new(n->abs, n->disk, n->disk_len) : gf_editset_new_file(n->abs);
    int rc = gf_editset_add(es, 0, n->on_disk ? n->disk_len : 0, content, len, err);
    if (!rc)
        rc = gf_editset_commit(es, NULL, err);
    gf_editset_delete(es);
    return rc;
}

/* Writes one node's planned content and mode (phase 0) or deletes it
 * (phase 1); *done when something changed on disk. */
static int commit_node(const gf_patch_plan *pl, gf_patch_node *n, int phase, bool *done,
                       gf_error *err)
{
    *done = false;
    if (phase == 0) {
        if (!n->post)
            return 0;
        bool content = !n->on_disk || n->cur.len != n->disk_len ||
                       memcmp(n->cur.ptr, n->disk, n->disk_len) != 0;
        int rc = content ? write_node(n, n->cur.ptr, n->cur.len, err) : 0;
        if (rc)
            return rc;
        unsigned have = n->on_disk ? n->disk_mode : 0644;
        if (n->mode != have && chmod(n->abs, n->mode) != 0)
            return gf_error_errno(err, errno, n->rel);
        *done = content || n->mode != have;
        return 0;
    }
    if (n->post || !n->on_disk || !n->gone)
        return 0;
    int rc = gf_editset_remove(n->abs, n->rel, n->disk, n->disk_len, err);
    if (rc)
        return rc;
    prune_dirs(pl->opts.root, n->abs);
    *done = true;
    return 0;
}

/* One file's commit as a pool task: the result and error stay in the task. */
typedef struct commit_task {
    const gf_patch_plan *pl;
    gf_patch_node *n;
    int phase;
    int rc;
    bool done;
    gf_error err;
} commit_task;

static void run_commit_task(void *arg, int worker)
{
    (void)worker;
    commit_task *t = arg;
    t->rc = commit_node(t->pl, t->n, t->phase, &t->done, &t->err);
}

/* Files written at once: each commit mostly waits for fsync, so a few
 * threads overlap those waits (every file is still its own atomic
 * commit). */
#define COMMIT_THREADS 8

int gf_patch_plan_commit(gf_patch_plan *pl, size_t *written, gf_error *err)
{
    *written = 0;
    if (pl->already_applied)
        return 0;
    int rc = 0;
    size_t n = pl->nodes.len;
    commit_task *tasks = gf_calloc(n ? n : 1, sizeof *tasks);
    gf_pool *pool = n > 1 ? gf_pool_new(n < COMMIT_THREADS ? (int)n : COMMIT_THREADS) : NULL;
    /* phase 0: new and changed files, then phase 1: deletions, so that a
     * rename has its new name before the old one goes */
    for (int phase = 0; phase < 2 && !rc; phase++) {
        for (size_t i = 0; i < n; i++) {
            tasks[i] = (commit_task){.pl = pl, .n = pl->nodes.items[i], .phase = phase};
            if (pool)
                gf_pool_submit(pool, run_commit_task, &tasks[i]);
            else
                run_commit_task(&tasks[i], 0);
        }
        if (pool)
            gf_pool_wait(pool);
        for (size_t i = 0; i < n; i++) {
            *written += tasks[i].done;
            if (tasks[i].rc && !rc) {
                rc = tasks[i].rc;
                if (err)
                    *err = tasks[i].err;
            }
        }
    }
    if (pool)
        gf_pool_delete(pool);
    gf_free(tasks);
    if (rc)
        return rc;
    for (size_t i = 0; i < pl->files.len; i++) {
        gf_patch_result *r = &pl->files.items[i];
        if (!r->rej_abs)
            continue;
        gf_buf old = GF_BUF_INIT;
        struct stat st;
        bool exists = lstat(r->rej_abs, &st) == 0;
        if (exists && (rc = gf_read_file(r->rej_abs, 0, 0, &old, NULL, err)) != 0) {
            gf_buf_release(&old);
            return rc;
        }
        gf_patch_node tmp = {.abs = r->rej_abs,
                             .rel = r->rej_path,
                             .on_disk = exists,
                             .disk = old.ptr,
                             .disk_len = old.len};
        rc = write_node(&tmp, r->rej.ptr, r->rej.len, err);
        gf_buf_release(&old);
        if (rc)
            return rc;
    }
    return 0;
}

size_t gf_patch_plan_state_count(const gf_patch_plan *pl)
{
    return pl->nodes.len;
}

void gf_patch_plan_state(const gf_patch_plan *pl, size_t i, gf_patch_state *out)
{
    const gf_patch_node *n = pl->nodes.items[i];
    *out = (gf_patch_state){.rel = n->rel,
                            .abs = n->abs,
                            .existed = n->on_disk,
                            .before = n->disk,
                            .before_len = n->disk_len,
                            .mode_before = n->on_disk ? n->disk_mode : 0};
    if (n->post) {
        out->exists = true;
        out->after = n->cur.ptr ? n->cur.ptr : "";
        out->after_len = n->cur.len;
        out->mode_after = n->mode;
    } else if (n->on_disk && !n->gone) {
        out->exists = true;
        out->after = n->disk;
        out->after_len = n->disk_len;
        out->mode_after = n->disk_mode;
    }
    if (!out->before)
        out->before = "";
    if (!out->after)
        out->after = "";
}
