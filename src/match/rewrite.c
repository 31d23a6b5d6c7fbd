/* rewrite: rendering replacement templates for matches, with ast-grep's
 * indentation rules. */
#include <string.h>

#include "match/pnode.h"
#include "match/template.h"
#include "util/buf.h"

/* Longest look-back when measuring indentation, as ast-grep. */
#define MAX_LOOK_BACK 512

/*
 * Indentation of the line containing offset `at` in s: the run of spaces
 * that starts the line, provided only that line's text precedes `at` within
 * MAX_LOOK_BACK bytes. 0 when there is none (tabs do not count).
 */
static size_t indent_at(const char *s, size_t at)
{
    size_t from = at > MAX_LOOK_BACK ? at - MAX_LOOK_BACK : 0, indent = 0;
    for (size_t i = at; i > from; i--) {
        char c = s[i - 1];
        if (c == '\n')
            return indent;
        indent = c == ' ' ? indent + 1 : 0;
    }
    return from == 0 ? indent : 0;
}

/* Appends text with every line after the first prefixed by `indent`
 * spaces, after removing `strip` leading spaces from each line (where
 * present). */
static void add_reindented(gf_buf *out, const char *t, size_t n, size_t strip, size_t indent)
{
    bool first = true;
    for (size_t i = 0; i <= n;) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - t) : n;
        size_t k = i, s = 0;
        while (s < strip && k < end && t[k] == ' ')
            k++, s++;
        if (s < strip)
            k = i; /* not indented that far: keep the line as it is */
        if (!first) {
            gf_buf_addc(out, '\n');
            for (size_t j = 0; j < indent; j++)
                gf_buf_addc(out, ' ');
        }
        gf_buf_add(out, t + k, end - k);
        first = false;
        if (!nl)
            break;
        i = end + 1;
    }
}

void gf_template_expand(const char *src, const char *tmpl, size_t tlen, gf_template_lookup fn,
                        void *ctx, bool reindent, gf_buf *out)
{
    for (size_t i = 0; i < tlen;) {
        if (tmpl[i] != '$') {
            gf_buf_addc(out, tmpl[i++]);
            continue;
        }
        size_t d = 0;
        while (i + d < tlen && tmpl[i + d] == '$' && d < 3)
            d++;
        size_t nstart = i + d, nend = nstart + gf_template_name_len(tmpl + nstart, tlen - nstart);
        if (nend == nstart) {
            /* "$", "$$", or an anonymous "$$$": literal text. */
            gf_buf_add(out, tmpl + i, d);
            i += d;
            continue;
        }
        /* A variable: substitute its text; unbound ones vanish. */
        gf_template_value v = {NULL, 0, SIZE_MAX};
        if (fn(ctx, tmpl + nstart, nend - nstart, d == 3, &v) && v.len) {
            if (reindent && v.src_offset != SIZE_MAX && memchr(v.text, '\n', v.len)) {
                /* Keep the capture's own layout: strip its source line's
                 * indentation, add the template line's. */
                add_reindented(out, v.text, v.len, indent_at(src, v.src_offset),
                               indent_at(tmpl, i));
            } else {
                gf_buf_add(out, v.text, v.len);
            }
        }
        i = nend;
    }
}

void gf_template_render(const char *src, uint32_t at, const char *tmpl, size_t tlen,
                        gf_template_lookup fn, void *ctx, gf_buf *out)
{
    gf_buf body = GF_BUF_INIT;
    gf_template_expand(src, tmpl, tlen, fn, ctx, true, &body);
    /* The whole replacement follows the matched node's indentation. */
    add_reindented(out, body.ptr, body.len, 0, indent_at(src, at));
    gf_buf_release(&body);
}

typedef struct pattern_ctx {
    const gf_pattern *p;
    const gf_source *s;
    const gf_match *m;
} pattern_ctx;

static bool pattern_lookup(void *ctx, const char *name, size_t nlen, bool multi,
                           gf_template_value *v)
{
    const pattern_ctx *c = ctx;
    for (size_t i = 0; i < c->p->nvars; i++) {
        if (strlen(c->p->vars[i]) != nlen || memcmp(c->p->vars[i], name, nlen) != 0)
            continue;
        if (c->p->var_multi[i] != multi)
            return false;
        const struct gf_var_binding *b = &c->m->vars[i];
        if (!b->bound || b->count == 0)
            return false;
        size_t a = c->m->spans[b->first].start, e = c->m->spans[b->first + b->count - 1].end;
        *v = (gf_template_value){c->s->bytes + a, e - a, a};
        return true;
    }
    return false;
}

void gf_rewrite_render(const gf_pattern *p, const gf_source *s, const gf_match *m, const char *tmpl,
                       size_t tlen, gf_buf *out)
{
    pattern_ctx c = {p, s, m};
    gf_template_render(s->bytes, m->range.start, tmpl, tlen, pattern_lookup, &c, out);
}
