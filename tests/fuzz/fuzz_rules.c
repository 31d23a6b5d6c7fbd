/* Fuzz target: the rule loader and evaluator (rule files come from
 * repositories). Input: YAML rules; when it holds a NUL byte, the text
 * before it is global utility rules. A compiled set is run over a fixed
 * Python and JavaScript source; every reported range must lie inside it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "graft/graft.h"
#include "graft/rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
    const char *lang, *code;
} sources[] = {
    {"python", "import os\n"
               "def f(x, *args, debug=True):\n"
               "    if x == None:\n"
               "        print(\"é\", x, *args)\n"
               "    eval(x)  # ast-grep-ignore\n"
               "    return [y for y in args if y]\n"
               "class C(Base):\n"
               "    def m(self): return f(f(1), debug=False)\n"},
    {"javascript", "const a = require('x');\n"
                   "function g(b) { console.log(a, b); return b == null ? 0 : b.c(); }\n"
                   "let h = async (x) => { await g(x); };\n"},
};
#define NSOURCES (sizeof sources / sizeof *sources)

static gf_parser *parser;
static gf_matcher *matcher;
static gf_source srcs[NSOURCES];
static TSTree *trees[NSOURCES];

static void in_bounds(gf_span s, size_t len)
{
    if (s.start > s.end || s.end > len)
        __builtin_trap();
}

static int on_match(void *user, const gf_rule_match *m)
{
    size_t len = *(const size_t *)user;
    in_bounds(m->range, len);
    for (size_t v = 0; v < m->nvars; v++) {
        if (!m->vars[v].name)
            __builtin_trap();
        for (uint32_t k = 0; k < m->vars[v].count; k++)
            in_bounds(m->spans[m->vars[v].first + k], len);
    }
    for (size_t k = 0; k < m->nsecondary; k++)
        in_bounds(m->secondary[k], len);
    for (size_t k = 0; k < m->nlabels; k++)
        in_bounds(m->labels[k].span, len);
    for (size_t k = 0; k < m->ntransformed; k++)
        if (!m->transformed[k].name || (m->transformed[k].len && !m->transformed[k].text))
            __builtin_trap();
    if (m->message_len && !m->message)
        __builtin_trap();
    if (m->has_fix) {
        in_bounds(m->fix_range, len);
        if (m->fix_len && !m->fix)
            __builtin_trap();
    }
    return 0;
}

static void check_error(int rc, const gf_error *e)
{
    if (rc >= 0 || e->code != rc || !e->message[0])
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8 * 1024)
        return 0;
    if (!parser) {
        parser = gf_parser_new();
        matcher = gf_matcher_new();
        for (size_t i = 0; i < NSOURCES; i++) {
            gf_source_init_mem(&srcs[i], "fuzz", sources[i].code, strlen(sources[i].code));
            srcs[i].lang = gf_lang_find(sources[i].lang);
            if (gf_parse(parser, &srcs[i], &trees[i], NULL) != 0)
                __builtin_trap();
        }
    }
    const char *text = (const char *)data;
    const char *nul = memchr(data, '\0', size);
    gf_rules *rs = gf_rules_new();
    gf_error e = GF_ERROR_INIT;
    int rc = 0;
    if (nul) {
        rc = gf_rules_add_utils(rs, "utils.yml", text, (size_t)(nul - text), &e);
        size = size - (size_t)(nul - text) - 1;
        text = nul + 1;
    }
    if (rc == 0)
        rc = gf_rules_add(rs, "fuzz.yml", "/project", text, size, &e);
    if (rc == 0)
        rc = gf_rules_compile(rs, &e);
    if (rc != 0) {
        check_error(rc, &e);
        gf_rules_delete(rs);
        return 0;
    }
    size_t n = gf_rules_count(rs);
    for (size_t s = 0; s < NSOURCES; s++) {
        const gf_rule *run[64];
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            const gf_rule *r = gf_rules_at(rs, i);
            if (!gf_rule_id(r) || !gf_rule_lang(r) || !gf_severity_name(gf_rule_severity(r)))
                __builtin_trap();
            /* exercised for crashes only: the globs are the input's */
            gf_rule_applies(r, "src/a/b.py");
            gf_rule_applies(r, "./Test_x.JS");
            if (gf_rule_lang(r) != srcs[s].lang)
                continue;
            if (gf_rule_may_match(r, srcs[s].bytes, srcs[s].len)) {
                if (k < 64)
                    run[k++] = r;
            } else if (gf_rules_scan(rs, &r, 1, matcher, &srcs[s], trees[s], on_match,
                                     &srcs[s].len) != 0) {
                /* the prefilter said no match was possible */
                __builtin_trap();
            }
        }
        if (k)
            gf_rules_scan(rs, run, k, matcher, &srcs[s], trees[s], on_match, &srcs[s].len);
    }
    gf_rules_delete(rs);
    return 0;
}
