/* Fuzz target: the pattern compiler and matcher. Input: language byte,
 * strictness byte, pattern text, NUL, source text. Compiles the pattern
 * (with and without a selector) and matches it over the parsed source; every
 * match and capture must lie inside the source. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "graft/graft.h"
#include "graft/match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gf_parser *parser;
static gf_matcher *matcher;

typedef struct check {
    size_t len;
    size_t nvars;
} check;

static int on_match(void *user, const gf_match *m)
{
    const check *c = user;
    if (m->range.start > m->range.end || m->range.end > c->len)
        __builtin_trap();
    for (size_t v = 0; v < c->nvars; v++)
        for (uint32_t k = 0; k < m->vars[v].count; k++) {
            gf_span s = m->spans[m->vars[v].first + k];
            if (s.start > s.end || s.end > c->len)
                __builtin_trap();
        }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3 || size > 16 * 1024)
        return 0;
    if (!parser) {
        parser = gf_parser_new();
        matcher = gf_matcher_new();
    }
    const gf_lang *lang = gf_lang_at(data[0] % gf_lang_count());
    gf_pattern_opts o = {.strictness = (gf_strictness)(data[1] % 6)};
    const char *p = (const char *)data + 2;
    size_t rest = size - 2;
    const char *nul = memchr(p, '\0', rest);
    size_t plen = nul ? (size_t)(nul - p) : rest;
    const char *src = nul ? nul + 1 : "";
    size_t slen = nul ? rest - plen - 1 : 0;

    gf_source s;
    gf_source_init_mem(&s, "fuzz", src, slen);
    s.lang = lang;
    TSTree *t = NULL;
    gf_parse(parser, &s, &t, NULL);
    for (int sel = 0; sel < 2; sel++) {
        o.selector = sel ? "identifier" : NULL;
        gf_pattern *pat;
        gf_error e;
        if (gf_pattern_compile(lang, p, plen, &o, &pat, &e) != 0)
            continue;
        check c = {slen, gf_pattern_var_count(pat)};
        if (t)
            gf_pattern_find(pat, matcher, &s, t, on_match, &c);
        gf_pattern_delete(pat);
    }
    if (t)
        ts_tree_delete(t);
    gf_source_release(&s);
    return 0;
}
