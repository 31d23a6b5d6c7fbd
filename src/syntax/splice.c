/* splice: symbol-level edits (replace, insert beside, delete) as one byte range. */
#include <string.h>

#include "graft/symbols.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

/* ---- lines ---- */

static uint32_t line_start(const gf_source *s, uint32_t off)
{
    while (off > 0 && s->bytes[off - 1] != '\n')
        off--;
    return off;
}

/* Offset of the '\n' ending off's line, or len. */
static uint32_t line_eol(const gf_source *s, uint32_t off)
{
    const char *nl = memchr(s->bytes + off, '\n', s->len - off);
    return nl ? (uint32_t)(nl - s->bytes) : (uint32_t)s->len;
}

/* End of off's line content: before "\r\n" or "\n". */
static uint32_t content_end(const gf_source *s, uint32_t off)
{
    uint32_t e = line_eol(s, off);
    if (e < s->len && e > 0 && s->bytes[e - 1] == '\r')
        e--;
    return e;
}

/* Start of the next line (past the terminator), or len. */
static uint32_t next_line(const gf_source *s, uint32_t off)
{
    uint32_t e = line_eol(s, off);
    return e < s->len ? e + 1 : (uint32_t)s->len;
}

static bool blank_span(const gf_source *s, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b; i++)
        if (s->bytes[i] != ' ' && s->bytes[i] != '\t' && s->bytes[i] != '\r' &&
            s->bytes[i] != '\n' && s->bytes[i] != '\f')
            return false;
    return true;
}

static bool blank_line(const gf_source *s, uint32_t ls)
{
    return ls < s->len && blank_span(s, ls, line_eol(s, ls));
}

/* The file's line ending: that of the symbol's line, else the first. */
static const char *file_eol(const gf_source *s, uint32_t near)
{
    uint32_t e = line_eol(s, near);
    if (e == s->len) {
        const char *nl = memchr(s->bytes, '\n', s->len);
        e = nl ? (uint32_t)(nl - s->bytes) : (uint32_t)s->len;
    }
    return e < s->len && e > 0 && s->bytes[e - 1] == '\r' ? "\r\n" : "\n";
}

/* Blank lines right before the line starting at ls (stops at the file's
 * start); *first receives the start of the first of them. */
static uint32_t blanks_before(const gf_source *s, uint32_t ls, uint32_t *first)
{
    uint32_t n = 0;
    *first = ls;
    while (*first > 0) {
        uint32_t prev = line_start(s, *first - 1);
        if (!blank_span(s, prev, *first))
            break;
        *first = prev;
        n++;
    }
    return n;
}

/* Blank lines from the line starting at ls on; *end: the start of the first
 * line that is not blank (or len). */
static uint32_t blanks_from(const gf_source *s, uint32_t ls, uint32_t *end)
{
    uint32_t n = 0;
    *end = ls;
    while (*end < s->len && blank_line(s, *end)) {
        *end = next_line(s, *end);
        n++;
    }
    return n;
}

/* ---- text preparation ---- */

typedef struct lspan {
    uint32_t start, end;
} lspan;
typedef GF_VEC(lspan) spans;

/* The symbol's indentation (what precedes it on its line), or false when
 * code precedes it there. */
static bool indent_of(const gf_source *s, uint32_t off, uint32_t *ls)
{
    *ls = line_start(s, off);
    for (uint32_t i = *ls; i < off; i++)
        if (s->bytes[i] != ' ' && s->bytes[i] != '\t')
            return false;
    return true;
}

/* The file's indentation unit when it indents with spaces (the smallest
 * positive indentation of a line), 4 if none. */
static uint32_t space_unit(const gf_source *s)
{
    uint32_t unit = 0;
    for (uint32_t ls = 0; ls < s->len; ls = next_line(s, ls)) {
        uint32_t k = 0;
        while (ls + k < s->len && s->bytes[ls + k] == ' ')
            k++;
        if (k && ls + k < s->len && s->bytes[ls + k] != '\n' && s->bytes[ls + k] != '\r' &&
            (!unit || k < unit))
            unit = k;
        if (ls + k >= s->len)
            break;
    }
    return unit ? unit : 4;
}

/* How the file indents: only with tabs, only with spaces, or both (then
 * text is left as given: converting could only break its consistency). */
typedef enum indent_style { IND_NONE, IND_TABS, IND_SPACES, IND_MIXED } indent_style;

static indent_style file_indent(const gf_source *s)
{
    size_t tabs = 0, spaces = 0;
    for (uint32_t ls = 0; ls < s->len;) {
        char c = s->bytes[ls];
        if (c == '\t')
            tabs++;
        else if (c == ' ' && !blank_line(s, ls))
            spaces++;
        uint32_t nx = next_line(s, ls);
        if (nx <= ls)
            break;
        ls = nx;
    }
    return tabs && spaces ? IND_MIXED : tabs ? IND_TABS : spaces ? IND_SPACES : IND_NONE;
}

static bool is_blank_text(const char *t, lspan l)
{
    for (uint32_t i = l.start; i < l.end; i++)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\f' && t[i] != '\r')
            return false;
    return true;
}

/*
 * text, re-indented for a place whose indentation is indent: lines split
 * (CR before LF dropped), blank lines first and last dropped, the common
 * indentation removed, relative indentation converted to the file's style,
 * every line but the first prefixed with indent, joined with eol.
 */
static void prepare(const gf_source *s, const char *indent, size_t ilen, const char *eol,
                    const char *text, size_t len, gf_buf *out)
{
    spans lines = GF_VEC_INIT;
    for (size_t a = 0; a <= len;) {
        const char *nl = memchr(text + a, '\n', len - a);
        size_t e = nl ? (size_t)(nl - text) : len;
        size_t ce = e > a && text[e - 1] == '\r' ? e - 1 : e;
        gf_vec_push(&lines, ((lspan){(uint32_t)a, (uint32_t)ce}));
        if (!nl)
            break;
        a = e + 1;
    }
    size_t first = 0, last = lines.len;
    while (first < last && is_blank_text(text, lines.items[first]))
        first++;
    while (last > first && is_blank_text(text, lines.items[last - 1]))
        last--;
    /* the longest whitespace prefix all non-blank lines share, and the
     * first line's own indentation */
    size_t common = SIZE_MAX, i0 = 0, tab_lines = 0, space_lines = 0, sunit = SIZE_MAX;
    const char *ref = NULL;
    for (size_t i = first; i < last; i++) {
        lspan l = lines.items[i];
        if (is_blank_text(text, l))
            continue;
        size_t k = 0;
        while (l.start + k < l.end && (text[l.start + k] == ' ' || text[l.start + k] == '\t'))
            k++;
        if (!ref) {
            ref = text + l.start;
            common = i0 = k;
            continue;
        }
        size_t c = 0;
        while (c < k && c < common && text[l.start + c] == ref[c])
            c++;
        common = c;
    }
    if (common == SIZE_MAX)
        common = 0;
    /* Lines that do not all start with the first line's indentation (less
     * indented, or tabs against spaces): when the place has that same
     * indentation, they stay as they are; else they keep what follows the
     * shared prefix. */
    bool regular = common == i0;
    bool same_place = i0 == ilen && ref && !memcmp(ref, indent, ilen);
    for (size_t i = first; i < last; i++) {
        lspan l = lines.items[i];
        if (is_blank_text(text, l) || l.end - l.start <= common)
            continue;
        char c = text[l.start + common];
        size_t k = 0;
        while (l.start + common + k < l.end && text[l.start + common + k] == ' ')
            k++;
        if (c == '\t')
            tab_lines++;
        else if (k) {
            space_lines++;
            if (k < sunit)
                sunit = k;
        }
    }
    indent_style style = file_indent(s);
    uint32_t funit = style == IND_SPACES ? space_unit(s) : 0;
    for (size_t i = first; i < last; i++) {
        lspan l = lines.items[i];
        if (i > first)
            gf_buf_adds(out, eol);
        if (is_blank_text(text, l))
            continue;
        if (!regular) {
            if (i == first) {
                uint32_t a = l.start;
                while (a < l.end && (text[a] == ' ' || text[a] == '\t'))
                    a++;
                gf_buf_add(out, text + a, l.end - a);
            } else if (same_place) {
                gf_buf_add(out, text + l.start, l.end - l.start);
            } else {
                gf_buf_add(out, indent, ilen);
                gf_buf_add(out, text + l.start + common, l.end - l.start - common);
            }
            continue;
        }
        if (i > first)
            gf_buf_add(out, indent, ilen);
        uint32_t a = l.start + (uint32_t)common;
        /* relative indentation in the file's style */
        size_t spaces = 0, tabsn = 0;
        uint32_t p = a;
        while (p < l.end && (text[p] == ' ' || text[p] == '\t')) {
            if (text[p] == ' ')
                spaces++;
            else
                tabsn++;
            p++;
        }
        if (style == IND_TABS && space_lines && !tab_lines && sunit != SIZE_MAX) {
            for (size_t t = 0; t < spaces / sunit; t++)
                gf_buf_addc(out, '\t');
            for (size_t t = 0; t < spaces % sunit; t++)
                gf_buf_addc(out, ' ');
            gf_buf_add(out, text + p, l.end - p);
        } else if (style == IND_SPACES && tab_lines) {
            for (size_t t = 0; t < tabsn * funit + spaces; t++)
                gf_buf_addc(out, ' ');
            gf_buf_add(out, text + p, l.end - p);
        } else {
            gf_buf_add(out, text + a, l.end - a);
        }
    }
    gf_vec_release(&lines);
}

/* ---- planning ---- */

static bool def_kind(gf_symkind k)
{
    switch (k) {
    case GF_SYM_CLASS:
    case GF_SYM_STRUCT:
    case GF_SYM_UNION:
    case GF_SYM_INTERFACE:
    case GF_SYM_TRAIT:
    case GF_SYM_ENUM:
    case GF_SYM_FUNCTION:
    case GF_SYM_METHOD:
    case GF_SYM_CONSTRUCTOR:
    case GF_SYM_PROPERTY:
    case GF_SYM_MODULE:
    case GF_SYM_NAMESPACE:
    case GF_SYM_TABLE:
    case GF_SYM_ARRAY_TABLE: return true;
    default: return false;
    }
}

static bool same_parent(const gf_symbol *a, const gf_symbol *b)
{
    if (!a->parent_path || !b->parent_path)
        return !a->parent_path && !b->parent_path;
    return !strcmp(a->parent_path, b->parent_path);
}

/* Where the symbol's lines begin: its leading comment's line if it has one
 * (a docstring inside the body does not count). */
static uint32_t first_byte(const gf_symbol *y)
{
    return y->doc_start < y->start ? y->doc_start : y->start;
}

/* Blank lines to put between the symbol and a new sibling. */
static uint32_t separation(const gf_source *s, const gf_symbols *ys, size_t i, bool after)
{
    const gf_symbol *y = &ys->items[i];
    if (s->lang && !strcmp(s->lang->name, "python") && def_kind(y->kind))
        return y->depth ? 1 : 2;
    /* the gap to the neighbouring sibling: after it first when inserting
     * after, before it first when inserting before */
    const gf_symbol *next = NULL, *prev = NULL;
    for (size_t j = i + 1; j < ys->len && !next; j++)
        if (same_parent(&ys->items[j], y) && ys->items[j].start >= y->end)
            next = &ys->items[j];
    for (size_t j = i; j-- > 0 && !prev;)
        if (same_parent(&ys->items[j], y) && ys->items[j].end <= y->start)
            prev = &ys->items[j];
    uint32_t gap_after = UINT32_MAX, gap_before = UINT32_MAX, stop;
    if (next) {
        uint32_t n = blanks_from(s, next_line(s, y->end > y->start ? y->end - 1 : y->end), &stop);
        if (stop >= line_start(s, first_byte(next)))
            gap_after = n;
    }
    if (prev) {
        uint32_t from;
        uint32_t n = blanks_before(s, line_start(s, first_byte(y)), &from);
        if (from <= next_line(s, prev->end > prev->start ? prev->end - 1 : prev->end))
            gap_before = n;
    }
    uint32_t first = after ? gap_after : gap_before, second = after ? gap_before : gap_after;
    if (first != UINT32_MAX)
        return first;
    if (second != UINT32_MAX)
        return second;
    return def_kind(y->kind) ? 1 : 0;
}

/* Nothing but blank lines between the line at l0 and the start of the
 * block holding the symbol (its enclosing symbol's body, or the file). */
static bool first_in_block(const gf_source *s, const gf_symbols *ys, size_t i, uint32_t l0)
{
    uint32_t from;
    blanks_before(s, l0, &from);
    if (from == 0)
        return true;
    uint32_t prev = line_start(s, from - 1);
    const gf_symbol *y = &ys->items[i];
    if (y->parent < 0)
        return false;
    const gf_symbol *p = &ys->items[y->parent];
    return p->start <= y->start && y->end <= p->end && p->body_start < p->body_end &&
           prev < p->body_start;
}

int gf_splice_plan(const gf_source *s, const gf_symbols *ys, size_t i, gf_splice_op op,
                   const char *text, size_t len, gf_splice *out, gf_error *err)
{
    memset(out, 0, sizeof *out);
    if (i >= ys->len)
        return gf_error_set(err, GF_EINVAL, "no such symbol");
    const gf_symbol *y = &ys->items[i];
    if (op != GF_SPLICE_DELETE) {
        bool empty = true;
        for (size_t k = 0; k < len && empty; k++)
            empty = text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r';
        if (empty)
            return gf_error_set(err, GF_EINVAL, "the new text is empty");
    }
    const char *eol = file_eol(s, y->start);
    uint32_t ls;
    bool at_line_start = indent_of(s, y->start, &ls);
    const char *indent = s->bytes + ls;
    size_t ilen = at_line_start ? y->start - ls : 0;
    uint32_t last = y->end > y->start ? y->end - 1 : y->end;
    /* only blanks or a comment may follow the symbol on its last line */
    uint32_t tail = content_end(s, last);
    bool alone_after = blank_span(s, y->end, tail);
    gf_buf b = GF_BUF_INIT;
    switch (op) {
    case GF_SPLICE_REPLACE:
        prepare(s, indent, ilen, eol, text, len, &b);
        out->start = y->start;
        out->end = y->end;
        break;
    case GF_SPLICE_INSERT_BEFORE: {
        uint32_t first = first_byte(y), fls, lb;
        if (!indent_of(s, first, &fls))
            goto shared;
        uint32_t blank = separation(s, ys, i, false);
        if (first_in_block(s, ys, i, fls)) {
            /* the new first of the block: the blank lines go after it */
            gf_buf_add(&b, indent, ilen);
            prepare(s, indent, ilen, eol, text, len, &b);
            for (uint32_t k = 0; k <= blank; k++)
                gf_buf_adds(&b, eol);
            out->start = out->end = fls;
        } else {
            /* before the blank lines that separate the symbol from what
             * precedes it, each new line preceded by its own */
            blanks_before(s, fls, &lb);
            for (uint32_t k = 0; k < blank; k++)
                gf_buf_adds(&b, eol);
            gf_buf_add(&b, indent, ilen);
            prepare(s, indent, ilen, eol, text, len, &b);
            gf_buf_adds(&b, eol);
            out->start = out->end = lb;
        }
        break;
    }
    case GF_SPLICE_INSERT_AFTER: {
        if (!at_line_start)
            goto shared;
        uint32_t blank = separation(s, ys, i, true);
        for (uint32_t k = 0; k <= blank; k++)
            gf_buf_adds(&b, eol);
        gf_buf_add(&b, indent, ilen);
        prepare(s, indent, ilen, eol, text, len, &b);
        out->start = out->end = tail;
        break;
    }
    case GF_SPLICE_DELETE: {
        uint32_t first = first_byte(y), l0;
        if (!indent_of(s, first, &l0) || !alone_after)
            goto shared;
        uint32_t lend = next_line(s, last); /* past the terminator, or len */
        bool terminated = lend > 0 && s->bytes[lend - 1] == '\n';
        uint32_t lb, la;
        blanks_before(s, l0, &lb);
        if (first_in_block(s, ys, i, l0)) {
            /* the blank lines after it go with it */
            blanks_from(s, lend, &la);
            out->start = l0;
            out->end = la;
        } else if (!terminated) {
            /* the last line of the file: take the line break before it */
            uint32_t from = lb;
            if (from > 0) {
                from--; /* the '\n' */
                if (from > 0 && s->bytes[from - 1] == '\r')
                    from--;
            }
            out->start = from;
            out->end = lend;
        } else {
            out->start = lb;
            out->end = lend;
        }
        break;
    }
    }
    out->len = b.len;
    out->text = gf_buf_detach(&b, NULL);
    return 0;
shared:
    gf_buf_release(&b);
    return gf_error_set(err, GF_EINVAL,
                        "'%s' shares its lines with other code; it cannot be %s line by line",
                        y->name_path, op == GF_SPLICE_DELETE ? "deleted" : "given a sibling");
}
