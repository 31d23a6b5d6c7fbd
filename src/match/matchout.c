/* matchout: output pieces shared by the verbs that report matches (find,
 * rewrite, scan): ast-grep's JSON shapes, positions, and applying edits. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "match/matchout.h"
#include "util/alloc.h"
#include "syntax/tree.h"
#include "util/diff.h"

/* ast-grep's display names for languages. */
const char *mo_display_name(const gf_lang *l)
{
    static const char *const names[][2] = {
        {"bash", "Bash"}, {"c", "C"},           {"cpp", "Cpp"},
        {"go", "Go"},     {"java", "Java"},     {"javascript", "JavaScript"},
        {"json", "Json"}, {"python", "Python"}, {"rust", "Rust"},
        {"toml", "Toml"}, {"tsx", "Tsx"},       {"typescript", "TypeScript"},
        {"yaml", "Yaml"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i][0], l->name) == 0)
            return names[i][1];
    return l->name;
}

/* Characters (UTF-8 lead bytes) in s[a..b). */
uint32_t mo_chars(const char *s, size_t a, size_t b)
{
    uint32_t n = 0;
    for (size_t i = a; i < b; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* 0-based line and character column of a byte offset. */
void mo_char_point(gf_source *s, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t l, bc;
    gf_source_point(s, off, &l, &bc);
    *line = l;
    *col = mo_chars(s->bytes, off - bc, off);
}

void mo_json_range(gf_json *j, gf_source *s, size_t a, size_t b)
{
    uint32_t sl, sc, el, ec;
    mo_char_point(s, a, &sl, &sc);
    mo_char_point(s, b, &el, &ec);
    gf_json_range(j, a, b, sl, sc, el, ec);
}

void mo_json_capture(gf_json *j, gf_source *s, gf_span sp)
{
    gf_json_object_begin(j);
    gf_json_key(j, "text");
    gf_json_strn(j, s->bytes + sp.start, sp.end - sp.start);
    gf_json_key(j, "range");
    mo_json_range(j, s, sp.start, sp.end);
    gf_json_object_end(j);
}

/* Byte offsets of the start of a's line and the end of b's line. */
void mo_line_bounds(gf_source *s, size_t a, size_t b, size_t *ls, size_t *le)
{
    uint32_t l, c;
    gf_source_point(s, a, &l, &c);
    *ls = a - c;
    const char *nl = memchr(s->bytes + b, '\n', s->len - b);
    /* Lines end at '\n' only: a CRLF line keeps its '\r', as in ast-grep. */
    *le = nl ? (size_t)(nl - s->bytes) : s->len;
}

/* Path as diff headers want it: without a leading "./". */
const char *mo_diff_path(const char *p)
{
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    return p;
}

/* Problems for stderr travel after a \x1f in the file's output buffer. */
void mo_problem(gf_buf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gf_buf_addc(out, '\x1f');
    gf_buf_vprintf(out, fmt, ap);
    va_end(ap);
}

/*
 * Applies a file's rewrite: refuses results with more syntax problems than
 * the original (unless --allow-errors), renders the diff for text output,
 * and with --write commits through the EditSet path.
 */
void mo_apply_edits(gf_parser *parser, gf_source *s, TSTree *old, gf_editset *es, bool allow_errors,
                    bool diff, bool write, gf_buf *out)
{
    char *data;
    size_t len;
    gf_error e;
    if (gf_editset_apply(es, &data, &len, &e) != 0) {
        mo_problem(out, "%s", e.message);
        return;
    }
    if (!allow_errors) {
        gf_source ns;
        gf_source_init_mem(&ns, s->path, data, len);
        ns.lang = s->lang;
        TSTree *nt;
        gf_syntax_issues before = GF_VEC_INIT, after = GF_VEC_INIT;
        if (gf_parse(parser, &ns, &nt, NULL) == 0) {
            gf_tree_issues(s, old, &before);
            gf_tree_issues(&ns, nt, &after);
            gf_tree_delete(nt);
        }
        bool worse = after.len > before.len;
        char where[64];
        snprintf(where, sizeof where, "%u", after.len ? after.items[0].line + 1 : 0);
        gf_vec_release(&before);
        gf_vec_release(&after);
        gf_source_release(&ns);
        if (worse) {
            mo_problem(out,
                       "'%s': the edit would introduce a syntax error (line %s of the result); "
                       "file left unchanged (use --allow-errors to force)",
                       s->path, where);
            gf_free(data);
            return;
        }
    }
    if (diff)
        gf_diff_unified(mo_diff_path(s->path), s->bytes, s->len, data, len, 3, out, NULL, NULL);
    gf_free(data);
    if (write && gf_editset_commit(es, NULL, &e) != 0)
        mo_problem(out, "%s", e.message);
}

void mo_join_json(gf_buf *dst, const char *recs, size_t len, mo_json_style style, bool *first,
                  size_t *count)
{
    /* Records are separated by \x1e; join them per style. */
    for (const char *p = recs, *end = recs + len; p < end;) {
        const char *sep = memchr(p, '\x1e', (size_t)(end - p));
        size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
        if (style == MO_JSON_STREAM) {
            gf_buf_add(dst, p, n);
            gf_buf_addc(dst, '\n');
        } else {
            if (!*first)
                gf_buf_adds(dst, style == MO_JSON_PRETTY ? ",\n" : ",");
            else if (style == MO_JSON_PRETTY)
                gf_buf_addc(dst, '\n');
            *first = false;
            gf_buf_add(dst, p, n);
        }
        (*count)++;
        p = sep ? sep + 1 : end;
    }
}

void mo_json_replacement(gf_json *j, const char *text, size_t n, size_t start, size_t end)
{
    gf_json_key(j, "replacement");
    gf_json_strn(j, text, n);
    gf_json_key(j, "replacementOffsets");
    gf_json_object_begin(j);
    gf_json_key(j, "start");
    gf_json_uint(j, start);
    gf_json_key(j, "end");
    gf_json_uint(j, end);
    gf_json_object_end(j);
}

void mo_json_match_head(gf_json *j, gf_source *s, size_t a, size_t b)
{
    size_t ls, le;
    mo_line_bounds(s, a, b, &ls, &le);
    gf_json_key(j, "text");
    gf_json_strn(j, s->bytes + a, b - a);
    gf_json_key(j, "range");
    mo_json_range(j, s, a, b);
    gf_json_key(j, "file");
    gf_json_str(j, mo_diff_path(s->path));
    gf_json_key(j, "lines");
    gf_json_strn(j, s->bytes + ls, le - ls);
    gf_json_key(j, "charCount");
    gf_json_object_begin(j);
    gf_json_key(j, "leading");
    gf_json_uint(j, mo_chars(s->bytes, ls, a));
    gf_json_key(j, "trailing");
    gf_json_uint(j, mo_chars(s->bytes, b, le));
    gf_json_object_end(j);
}

void mo_json_find_match(gf_json *j, gf_source *s, const gf_pattern *pat, const gf_match *m,
                        const char *repl, size_t repl_len)
{
    gf_json_object_begin(j);
    mo_json_match_head(j, s, m->range.start, m->range.end);
    if (repl)
        mo_json_replacement(j, repl, repl_len, m->range.start, m->range.end);
    gf_json_key(j, "language");
    gf_json_str(j, mo_display_name(s->lang));
    size_t nv = gf_pattern_var_count(pat);
    if (nv) {
        gf_json_key(j, "metaVariables");
        gf_json_object_begin(j);
        gf_json_key(j, "single");
        gf_json_object_begin(j);
        for (size_t v = 0; v < nv; v++) {
            if (gf_pattern_var_is_multi(pat, v) || !m->vars[v].bound)
                continue;
            gf_json_key(j, gf_pattern_var_name(pat, v));
            mo_json_capture(j, s, m->spans[m->vars[v].first]);
        }
        gf_json_object_end(j);
        gf_json_key(j, "multi");
        gf_json_object_begin(j);
        for (size_t v = 0; v < nv; v++) {
            if (!gf_pattern_var_is_multi(pat, v) || !m->vars[v].bound)
                continue;
            gf_json_key(j, gf_pattern_var_name(pat, v));
            gf_json_array_begin(j);
            for (uint32_t k = 0; k < m->vars[v].count; k++)
                mo_json_capture(j, s, m->spans[m->vars[v].first + k]);
            gf_json_array_end(j);
        }
        gf_json_object_end(j);
        gf_json_key(j, "transformed");
        gf_json_object_begin(j);
        gf_json_object_end(j);
        gf_json_object_end(j);
    }
    gf_json_object_end(j);
}

static mo_worker *worker_with(gf_parser *parser)
{
    mo_worker *w = gf_malloc(sizeof *w);
    w->parser = parser;
    w->matcher = gf_matcher_new();
    return w;
}

void *mo_worker_new(void *user)
{
    (void)user;
    return worker_with(gf_parser_new());
}

void *mo_worker_new_batch(void *user)
{
    (void)user;
    return worker_with(gf_parser_new_batch());
}

void mo_worker_free(void *user, void *worker)
{
    (void)user;
    mo_worker *w = worker;
    gf_parser_delete(w->parser);
    gf_matcher_delete(w->matcher);
    gf_free(w);
}
