/* rewrite: rendering replacement templates for matches, with ast-grep's
 * indentation rules. */
#include <string.h>

#include "match/pnode.h"
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

static bool name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

void gf_rewrite_render(const gf_pattern *p, const gf_source *s, const gf_match *m, const char *tmpl,
                       size_t tlen, gf_buf *out)
{
    gf_buf body = GF_BUF_INIT;
    for (size_t i = 0; i < tlen;) {
        if (tmpl[i] != '$') {
            gf_buf_addc(&body, tmpl[i++]);
            continue;
        }
        size_t d = 0;
        while (i + d < tlen && tmpl[i + d] == '$' && d < 3)
            d++;
        size_t nstart = i + d, nend = nstart;
        while (nend < tlen && name_char(tmpl[nend]))
            nend++;
        if (nend == nstart) {
            /* "$", "$$", or an anonymous "$$$": literal text. */
            gf_buf_add(&body, tmpl + i, d);
            i += d;
            continue;
        }
        /* A variable: substitute its source text; unbound ones vanish. */
        const char *name = tmpl + nstart;
        size_t nlen = nend - nstart;
        for (size_t v = 0; v < p->nvars; v++) {
            if (strlen(p->vars[v]) != nlen || memcmp(p->vars[v], name, nlen) != 0)
                continue;
            const struct gf_var_binding *b = &m->vars[v];
            if (!b->bound || b->count == 0)
                break;
            size_t a = m->spans[b->first].start, e = m->spans[b->first + b->count - 1].end;
            const char *text = s->bytes + a;
            size_t tl = e - a;
            if (memchr(text, '\n', tl)) {
                /* Keep the capture's own layout: strip its source line's
                 * indentation, add the template line's. */
                add_reindented(&body, text, tl, indent_at(s->bytes, a), indent_at(tmpl, i));
            } else {
                gf_buf_add(&body, text, tl);
            }
            break;
        }
        i = nend;
    }
    /* The whole replacement follows the matched node's indentation. */
    add_reindented(out, body.ptr, body.len, 0, indent_at(s->bytes, m->range.start));
    gf_buf_release(&body);
}
