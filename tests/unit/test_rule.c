/* Unit tests for the public rule API (graft/rule.h): compile errors, the
 * literal prefilter, files/ignores globs, and what a scan reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tree_sitter/api.h>

#include "graft/graft.h"
#include "graft/rule.h"
#include "util/buf.h"

/*
 * Glob and match expectations come from ast-grep 0.51.1 run on the same
 * rules (scan --json=stream over a tree holding each path); error texts are
 * graft's own, their positions checked by hand against the YAML below.
 */

/* Adds yaml as one source named "r.yml" and compiles; returns the first
 * failing step's code. *out receives the set (caller deletes). */
static int load(const char *yaml, gf_rules **out, gf_error *e)
{
    gf_rules *rs = gf_rules_new();
    *e = (gf_error)GF_ERROR_INIT;
    int rc = gf_rules_add(rs, "r.yml", NULL, yaml, strlen(yaml), e);
    if (!rc)
        rc = gf_rules_compile(rs, e);
    *out = rs;
    return rc;
}

/* Compiles yaml, which must fail; returns the message (static storage). */
static const char *compile_error(const char *yaml, int *code, uint32_t *line, uint32_t *col)
{
    static gf_error e;
    gf_rules *rs;
    int rc = load(yaml, &rs, &e);
    gf_rules_delete(rs);
    assert_int_not_equal(rc, 0);
    if (code)
        *code = rc;
    if (line)
        *line = e.line;
    if (col)
        *col = e.column;
    return e.message;
}

/* Compiles yaml, which must succeed. */
static gf_rules *compile_ok(const char *yaml)
{
    gf_rules *rs;
    gf_error e;
    int rc = load(yaml, &rs, &e);
    if (rc)
        fail_msg("unexpected error: %s", e.message);
    return rs;
}

/* ---- compile errors ---- */

static void test_error_unknown_key(void **state)
{
    (void)state;
    int code;
    uint32_t line, col;
    const char *m =
        compile_error("id: a\nlanguage: python\nrule:\n  patern: eval($X)\n", &code, &line, &col);
    assert_int_equal(code, GF_EINVAL);
    assert_int_equal(line, 4);
    assert_int_equal(col, 3);
    assert_non_null(strstr(m, "'r.yml':4:3: unknown field 'patern', expected one of pattern"));
    /* at the top level too */
    m = compile_error("id: a\nlanguage: python\nseverty: error\nrule: {pattern: x}\n", NULL, &line,
                      &col);
    assert_non_null(strstr(m, "'r.yml':3:1: unknown field 'severty'"));
    assert_int_equal(line, 3);
    assert_int_equal(col, 1);
}

static void test_error_bad_types(void **state)
{
    (void)state;
    uint32_t line, col;
    const char *m =
        compile_error("id: a\nlanguage: python\nrule:\n  pattern: [1, 2]\n", NULL, &line, &col);
    assert_string_equal(m, "'r.yml':4:12: pattern must be a string, found a sequence");
    assert_int_equal(line, 4);
    assert_int_equal(col, 12);
    m = compile_error("id: a\nlanguage: python\nrule: {all: {pattern: x}}\n", NULL, NULL, NULL);
    assert_string_equal(m, "'r.yml':3:13: 'all' must be a sequence of rules, found a mapping");
    m = compile_error("id: a\nlanguage: python\nrule: {kind: call}\nseverity: [error]\n", NULL,
                      NULL, NULL);
    assert_string_equal(m, "'r.yml':4:11: severity must be a string, found a sequence");
    m = compile_error("id: a\nlanguage: python\nrule: {pattern: x, inside: 3}\n", NULL, NULL, NULL);
    assert_string_equal(m,
                        "'r.yml':3:28: a relational rule must be a rule object, found an integer");
    m = compile_error("id: a\nlanguage: python\nrule: {kind: call}\nfiles: 3\n", NULL, NULL, NULL);
    assert_string_equal(m, "'r.yml':4:8: files must be a list of globs");
    m = compile_error("id: a\nlanguage: python\nseverity: fatal\nrule: {kind: call}\n", NULL, NULL,
                      NULL);
    assert_string_equal(
        m, "'r.yml':3:11: unknown severity 'fatal' (expected error, warning, info, hint or off)");
}

static void test_error_missing_fields_and_language(void **state)
{
    (void)state;
    int code;
    const char *m = compile_error("id: a\nrule: {kind: call}\n", &code, NULL, NULL);
    assert_string_equal(m, "'r.yml':1:1: missing field 'language'");
    m = compile_error("id: a\nlanguage: python\n", &code, NULL, NULL);
    assert_string_equal(m, "'r.yml':1:1: missing field 'rule'");
    uint32_t line, col;
    m = compile_error("id: a\nlanguage: cobol\nrule: {kind: call}\n", &code, &line, &col);
    assert_int_equal(code, GF_ENOLANG);
    assert_int_equal(line, 2);
    assert_int_equal(col, 11);
    assert_non_null(strstr(m, "'r.yml':2:11: unknown language 'cobol' (known: bash, c, "));
}

static void test_error_unknown_kind(void **state)
{
    (void)state;
    uint32_t line, col;
    const char *m =
        compile_error("id: a\nlanguage: python\nrule:\n  kind: no_such_kind\n", NULL, &line, &col);
    assert_string_equal(m, "'r.yml':4:9: unknown kind 'no_such_kind' for language python");
    assert_int_equal(line, 4);
    assert_int_equal(col, 9);
    /* a kind of another language */
    m = compile_error("id: a\nlanguage: python\nrule: {kind: arrow_function}\n", NULL, NULL, NULL);
    assert_non_null(strstr(m, "unknown kind 'arrow_function' for language python"));
}

static void test_error_bad_regex(void **state)
{
    (void)state;
    uint32_t line, col;
    const char *m =
        compile_error("id: a\nlanguage: python\nrule:\n  regex: \"a(\"\n", NULL, &line, &col);
    assert_int_equal(line, 4);
    assert_int_equal(col, 10);
    assert_non_null(strstr(m, "'r.yml':4:10: invalid regex 'a('"));
    /* Rust's regex crate has no look-around or backreferences: refused */
    m = compile_error("id: a\nlanguage: python\nrule: {kind: call, regex: 'a(?=b)'}\n", NULL, NULL,
                      NULL);
    assert_non_null(strstr(m, "look-around is not supported"));
    m = compile_error("id: a\nlanguage: python\nrule: {kind: call, regex: '(a)\\1'}\n", NULL, NULL,
                      NULL);
    assert_non_null(strstr(m, "backreferences are not supported"));
}

static void test_error_cyclic_utils(void **state)
{
    (void)state;
    uint32_t line, col;
    const char *m = compile_error("id: a\nlanguage: python\nutils:\n  u1: {matches: u2}\n"
                                  "  u2: {matches: u1}\nrule: {matches: u1}\n",
                                  NULL, &line, &col);
    assert_non_null(strstr(m, "utility rule 'u1' refers to itself (cyclic matches)"));
    assert_int_equal(line, 4);
    assert_int_equal(col, 7);
    /* a utility calling itself */
    m = compile_error("id: a\nlanguage: python\nutils:\n  u: {any: [{kind: call}, {matches: u}]}\n"
                      "rule: {matches: u}\n",
                      NULL, NULL, NULL);
    assert_non_null(strstr(m, "utility rule 'u' refers to itself"));
    /* global utilities in a cycle */
    gf_rules *rs = gf_rules_new();
    gf_error e = GF_ERROR_INIT;
    const char *u = "id: g1\nlanguage: python\nrule: {matches: g2}\n---\n"
                    "id: g2\nlanguage: python\nrule: {matches: g1}\n";
    const char *r = "id: a\nlanguage: python\nrule: {matches: g1}\n";
    assert_int_equal(gf_rules_add_utils(rs, "u.yml", u, strlen(u), &e), 0);
    assert_int_equal(gf_rules_add(rs, "r.yml", NULL, r, strlen(r), &e), 0);
    assert_int_not_equal(gf_rules_compile(rs, &e), 0);
    assert_non_null(strstr(e.message, "refers to itself (cyclic matches)"));
    assert_non_null(strstr(e.message, "'u.yml':"));
    gf_rules_delete(rs);
}

static void test_error_no_kinds(void **state)
{
    (void)state;
    static const char *const rules[] = {
        "{regex: foo}",
        "{not: {pattern: x}}",
        "{inside: {pattern: x}}",
        "{any: [{regex: x}, {kind: call}]}",
    };
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        char y[256];
        snprintf(y, sizeof y, "id: a\nlanguage: python\nrule: %s\n", rules[i]);
        const char *m = compile_error(y, NULL, NULL, NULL);
        assert_string_equal(m, "'r.yml':1:1: rule 'a' must specify a set of node kinds to match "
                               "(add a 'kind' or a pattern with a fixed root)");
    }
    /* kinds from one sub-rule of all are enough, as in ast-grep */
    gf_rules_delete(
        compile_ok("id: a\nlanguage: python\nrule: {all: [{regex: x}, {kind: call}]}\n"));
}

static void test_error_undefined_util_and_yaml(void **state)
{
    (void)state;
    const char *m =
        compile_error("id: a\nlanguage: python\nrule:\n  matches: nope\n", NULL, NULL, NULL);
    assert_non_null(strstr(m, "undefined utility rule 'nope' in matches"));
    /* YAML syntax errors come from gf_rules_add, positioned in the stream */
    gf_rules *rs = gf_rules_new();
    gf_error e = GF_ERROR_INIT;
    const char *y = "id: a\nlanguage: python\nrule: {kind: call}\n---\nid: b\nrule: {pattern: [}\n";
    assert_int_not_equal(gf_rules_add(rs, "r.yml", NULL, y, strlen(y), &e), 0);
    assert_int_equal(e.line, 6);
    assert_non_null(strstr(e.message, "'r.yml':6:"));
    gf_rules_delete(rs);
}

/* ---- accessors ---- */

static void test_accessors(void **state)
{
    (void)state;
    gf_rules *rs = compile_ok("id: first\nlanguage: python\nrule: {pattern: eval($X)}\n---\n"
                              "id: second\nlanguage: js\nseverity: error\nnote: n\n"
                              "url: https://example.com/x\nrule: {kind: call_expression}\n"
                              "fix: f()\n---\nid: third\nlanguage: python\nseverity: off\n"
                              "rule: {kind: call}\n");
    assert_int_equal(gf_rules_count(rs), 3);
    const gf_rule *a = gf_rules_at(rs, 0), *b = gf_rules_at(rs, 1), *c = gf_rules_at(rs, 2);
    assert_string_equal(gf_rule_id(a), "first");
    assert_string_equal(gf_rule_lang(a)->name, "python");
    assert_int_equal(gf_rule_severity(a), GF_SEV_HINT); /* ast-grep's default */
    assert_null(gf_rule_note(a));
    assert_null(gf_rule_url(a));
    assert_false(gf_rule_has_fix(a));
    assert_null(gf_rule_base(a));
    uint32_t line = 0;
    assert_string_equal(gf_rule_source(a, &line), "r.yml");
    assert_int_equal(line, 1);
    assert_string_equal(gf_rule_lang(b)->name, "javascript"); /* alias */
    assert_int_equal(gf_rule_severity(b), GF_SEV_ERROR);
    assert_string_equal(gf_rule_note(b), "n");
    assert_string_equal(gf_rule_url(b), "https://example.com/x");
    assert_true(gf_rule_has_fix(b));
    gf_rule_source(b, &line);
    assert_int_equal(line, 4); /* its document starts at the '---' line */
    assert_int_equal(gf_rule_severity(c), GF_SEV_OFF);
    gf_rules_delete(rs);

    gf_severity s;
    assert_true(gf_severity_parse("warning", &s));
    assert_int_equal(s, GF_SEV_WARNING);
    assert_false(gf_severity_parse("fatal", &s));
    assert_string_equal(gf_severity_name(GF_SEV_INFO), "info");
    assert_string_equal(gf_severity_name(GF_SEV_OFF), "off");
}

/* ---- the literal prefilter ---- */

static bool may(const char *rule_body, const char *text)
{
    char y[512];
    snprintf(y, sizeof y, "id: a\nlanguage: python\nrule:\n%s", rule_body);
    gf_rules *rs = compile_ok(y);
    bool r = gf_rule_may_match(gf_rules_at(rs, 0), text, strlen(text));
    gf_rules_delete(rs);
    return r;
}

static void test_prefilter(void **state)
{
    (void)state;
    /* one pattern: its literal is required */
    assert_true(may("  pattern: foo($X)\n", "x = foo(1)"));
    assert_false(may("  pattern: foo($X)\n", "x = bar(1)"));
    /* all: every pattern's literals */
    const char *all = "  all:\n    - pattern: foo($X)\n    - has: {pattern: quux, stopBy: end}\n";
    assert_true(may(all, "foo(quux)"));
    assert_false(may(all, "foo(1)"));
    assert_false(may(all, "quux(1)"));
    /* a pattern next to relational rules: the other node's literals too */
    const char *rel = "  pattern: foo($X)\n  inside: {pattern: 'def zork(): $$$B', stopBy: end}\n";
    assert_true(may(rel, "def zork():\n    foo(1)\n"));
    assert_false(may(rel, "def other():\n    foo(1)\n"));
    const char *fol = "  pattern: foo($X)\n  follows: {pattern: setup()}\n";
    assert_false(may(fol, "foo(1)"));
    assert_true(may(fol, "setup()\nfoo(1)"));
    /* any: none of its branches is required */
    const char *any = "  any:\n    - pattern: foo($X)\n    - pattern: bar($X)\n";
    assert_true(may(any, "bar(1)"));
    assert_true(may(any, "foo(1)"));
    assert_true(may(any, "baz(1)"));
    /* not: adds nothing */
    const char *nt = "  pattern: foo($X)\n  not: {pattern: foo(secret)}\n";
    assert_true(may(nt, "foo(1)"));
    assert_false(may(nt, "bar(secret)"));
    assert_true(may("  pattern: foo($X)\n  not: {has: {pattern: quux, stopBy: end}}\n", "foo(1)"));
    /* a relational rule's stopBy rule need not match anywhere */
    const char *stop =
        "  pattern: foo($X)\n  inside: {kind: block, stopBy: {pattern: 'class zork: $$$B'}}\n";
    assert_true(may(stop, "def f():\n    foo(1)\n"));
    /* a kind alone requires no text */
    assert_true(may("  kind: call\n", ""));
    /* local utilities are looked through */
    char y[] = "id: a\nlanguage: python\nutils:\n  u: {pattern: wibble($X)}\n"
               "rule: {matches: u}\n";
    gf_rules *rs = compile_ok(y);
    assert_false(gf_rule_may_match(gf_rules_at(rs, 0), "foo(1)", 6));
    assert_true(gf_rule_may_match(gf_rules_at(rs, 0), "wibble(1)", 9));
    gf_rules_delete(rs);
}

/* ---- files and ignores ---- */

static bool applies(const char *globs, const char *path)
{
    char y[512];
    snprintf(y, sizeof y, "id: a\nlanguage: python\nrule: {kind: call}\n%s", globs);
    gf_rules *rs = compile_ok(y);
    bool r = gf_rule_applies(gf_rules_at(rs, 0), path);
    gf_rules_delete(rs);
    return r;
}

static void test_applies_globs(void **state)
{
    (void)state;
    /* no files: every path */
    assert_true(applies("", "any/where.py"));
    /* '*' crosses '/' (globset's default), at any depth */
    assert_true(applies("files: ['*.py']\n", "src/a/b/x.py"));
    assert_true(applies("files: ['*/x.py']\n", "src/a/b/x.py"));
    assert_true(applies("files: ['src/*']\n", "src/a/b/x.py"));
    assert_false(applies("files: ['src/*']\n", "lib/x.py"));
    /* '**' followed by '/' may match no directory */
    assert_true(applies("files: ['src/**/x.py']\n", "src/x.py"));
    assert_true(applies("files: ['src/**/x.py']\n", "src/a/b/x.py"));
    assert_true(applies("files: ['**/test_*.py']\n", "test_top.py"));
    assert_true(applies("files: ['src/a/**/x.py']\n", "src/a/x.py"));
    assert_false(applies("files: ['src/a/**/x.py']\n", "src/x.py"));
    /* a directory name alone does not match the files below it */
    assert_false(applies("files: ['src']\n", "src/x.py"));
    /* braces, '?', classes */
    assert_true(applies("files: ['{src,lib}/**/*.py']\n", "lib/y.py"));
    assert_true(applies("files: ['{src,lib}/**/*.py']\n", "src/a/x.py"));
    assert_false(applies("files: ['{src,lib}/**/*.py']\n", "docs/z.py"));
    assert_true(applies("files: ['src/?/x.py']\n", "src/a/x.py"));
    assert_false(applies("files: ['src/?/x.py']\n", "src/ab/x.py"));
    assert_true(applies("files: ['src/[ab]/x.py']\n", "src/b/x.py"));
    assert_false(applies("files: ['src/[ab]/x.py']\n", "src/c/x.py"));
    /* a leading ./ is not part of the path */
    assert_true(applies("files: ['src/*.py']\n", "./src/x.py"));
    /* case: exact by default, folded on request */
    assert_false(applies("files: ['docs/*.py']\n", "Docs/d.py"));
    assert_true(applies("files:\n  - glob: 'docs/*.py'\n    caseInsensitive: true\n", "Docs/d.py"));
    assert_false(
        applies("files:\n  - glob: 'docs/*.py'\n    caseInsensitive: false\n", "Docs/d.py"));
    /* ignores win over files, and apply alone too */
    const char *both = "files: ['src/**/*.py']\nignores: ['src/gen/**', '**/test_*.py']\n";
    assert_true(applies(both, "src/a.py"));
    assert_false(applies(both, "src/gen/g.py"));
    assert_false(applies(both, "src/app/test_b.py"));
    assert_false(applies(both, "tools/t.py"));
    assert_false(applies("ignores: ['*.py']\n", "a/b.py"));
    assert_true(applies("ignores: ['*.py']\n", "a/b.pyi"));
}

static void test_base_dir(void **state)
{
    (void)state;
    gf_rules *rs = gf_rules_new();
    gf_error e = GF_ERROR_INIT;
    const char *y = "id: a\nlanguage: python\nrule: {kind: call}\n";
    assert_int_equal(gf_rules_add(rs, "r.yml", "/some/project", y, strlen(y), &e), 0);
    assert_int_equal(gf_rules_compile(rs, &e), 0);
    assert_string_equal(gf_rule_base(gf_rules_at(rs, 0)), "/some/project");
    gf_rules_delete(rs);
}

/* ---- scanning ---- */

typedef struct seen {
    const char *src;
    gf_buf out;
    size_t calls;
    size_t stop_after; /* 0: never stop */
} seen;

static void span_text(gf_buf *b, const char *src, gf_span s)
{
    gf_buf_printf(b, "%u-%u'", s.start, s.end);
    gf_buf_add(b, src + s.start, s.end - s.start);
    gf_buf_addc(b, '\'');
}

/* Renders one match: id range; vars; secondary; labels; message; fix. */
static int record(void *user, const gf_rule_match *m)
{
    seen *s = user;
    gf_buf *b = &s->out;
    gf_buf_printf(b, "%s ", gf_rule_id(m->rule));
    span_text(b, s->src, m->range);
    for (size_t v = 0; v < m->nvars; v++) {
        gf_buf_printf(b, " %s%s=", m->vars[v].multi ? "$$$" : "$", m->vars[v].name);
        for (uint32_t k = 0; k < m->vars[v].count; k++) {
            if (k)
                gf_buf_addc(b, '|');
            span_text(b, s->src, m->spans[m->vars[v].first + k]);
        }
    }
    for (size_t k = 0; k < m->nsecondary; k++) {
        gf_buf_adds(b, " secondary=");
        span_text(b, s->src, m->secondary[k]);
    }
    for (size_t k = 0; k < m->nlabels; k++) {
        gf_buf_printf(b, " label(%s", m->labels[k].primary ? "primary" : "secondary");
        if (m->labels[k].message)
            gf_buf_printf(b, ",%s", m->labels[k].message);
        gf_buf_adds(b, ")=");
        span_text(b, s->src, m->labels[k].span);
    }
    for (size_t k = 0; k < m->ntransformed; k++)
        gf_buf_printf(b, " %s:=%.*s", m->transformed[k].name, (int)m->transformed[k].len,
                      m->transformed[k].text);
    gf_buf_printf(b, " msg=%.*s", (int)m->message_len, m->message);
    if (m->has_fix) {
        gf_buf_printf(b, " fix=%u-%u'%.*s'", m->fix_range.start, m->fix_range.end, (int)m->fix_len,
                      m->fix);
    }
    gf_buf_addc(b, '\n');
    s->calls++;
    return s->stop_after && s->calls >= s->stop_after;
}

/* Scans code (lang) with every rule of yaml; returns the rendering
 * (static storage) and the count gf_rules_scan returned. */
static const char *scan(const char *yaml, const char *lang, const char *code, size_t stop_after,
                        size_t *count)
{
    static char result[8192];
    gf_rules *rs = compile_ok(yaml);
    const gf_rule *rules[16];
    size_t n = gf_rules_count(rs);
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++)
        rules[i] = gf_rules_at(rs, i);
    gf_source src;
    gf_source_init_mem(&src, "t", code, strlen(code));
    src.lang = gf_lang_find(lang);
    gf_parser *p = gf_parser_new();
    gf_matcher *m = gf_matcher_new();
    TSTree *t;
    assert_int_equal(gf_parse(p, &src, &t, NULL), 0);
    seen s = {src.bytes, GF_BUF_INIT, 0, stop_after};
    size_t c = gf_rules_scan(rs, rules, n, m, &src, t, record, &s);
    if (count)
        *count = c;
    snprintf(result, sizeof result, "%s", s.out.ptr);
    gf_buf_release(&s.out);
    ts_tree_delete(t);
    gf_matcher_delete(m);
    gf_parser_delete(p);
    gf_source_release(&src);
    gf_rules_delete(rs);
    return result;
}

static void test_scan_vars_and_message(void **state)
{
    (void)state;
    size_t n;
    const char *r = scan("id: call\nlanguage: python\nmessage: $F gets $$$ARGS\n"
                         "rule: {pattern: $F($$$ARGS)}\n",
                         "python", "f(1, x)\n", 0, &n);
    /* ast-grep's $$$ARGS holds the ',' between the arguments */
    assert_string_equal(r, "call 0-7'f(1, x)' $F=0-1'f' $$$ARGS=2-3'1'|3-4','|5-6'x' "
                           "label(primary)=0-7'f(1, x)' msg=f gets 1, x\n");
    assert_int_equal(n, 1);
}

static void test_scan_secondary_and_labels(void **state)
{
    (void)state;
    /* inside: the enclosing node is secondary, and a secondary label */
    const char *r = scan("id: in-def\nlanguage: python\nrule:\n  pattern: eval($X)\n"
                         "  inside: {kind: function_definition, stopBy: end}\n",
                         "python", "def f():\n    eval(x)\n", 0, NULL);
    assert_string_equal(r,
                        "in-def 13-20'eval(x)' $X=18-19'x' secondary=0-20'def f():\n    eval(x)' "
                        "label(primary)=13-20'eval(x)' "
                        "label(secondary)=0-20'def f():\n    eval(x)' msg=\n");
    /* labels: replace the default labels, with their messages */
    r = scan("id: lab\nlanguage: javascript\nrule: {pattern: $F($ARG)}\nlabels:\n"
             "  F: {style: primary, message: the callee}\n"
             "  ARG: {style: secondary, message: its argument}\n",
             "javascript", "alert(1);\n", 0, NULL);
    assert_string_equal(r, "lab 0-8'alert(1)' $F=0-5'alert' $ARG=6-7'1' "
                           "label(primary,the callee)=0-5'alert' "
                           "label(secondary,its argument)=6-7'1' msg=\n");
}

static void test_scan_fix_and_transform(void **state)
{
    (void)state;
    const char *r = scan("id: none\nlanguage: python\nrule: {pattern: $A == None}\n"
                         "fix: $A is None\n",
                         "python", "if x == None: pass\n", 0, NULL);
    assert_string_equal(r, "none 3-12'x == None' $A=3-4'x' label(primary)=3-12'x == None' msg= "
                           "fix=3-12'x is None'\n");
    /* expandEnd widens the replaced range over the following ',' */
    r = scan("id: drop\nlanguage: python\nrule: {kind: keyword_argument, regex: ^debug=}\n"
             "fix:\n  template: ''\n  expandEnd: {regex: ','}\n",
             "python", "run(debug=True, fast=1)\n", 0, NULL);
    assert_string_equal(r, "drop 4-14'debug=True' label(primary)=4-14'debug=True' msg= "
                           "fix=4-15''\n");
    /* transformed variables, usable in the fix and the message */
    r = scan("id: up\nlanguage: python\nmessage: call $U\nrule: {pattern: $F()}\n"
             "transform:\n  U: {convert: {source: $F, toCase: upperCase}}\nfix: $U()\n",
             "python", "go()\n", 0, NULL);
    assert_string_equal(r, "up 0-4'go()' $F=0-2'go' label(primary)=0-4'go()' U:=GO msg=call GO "
                           "fix=0-4'GO()'\n");
}

static void test_scan_order_and_stop(void **state)
{
    (void)state;
    const char *y = "id: outer\nlanguage: python\nrule: {pattern: f($X)}\n---\n"
                    "id: any-call\nlanguage: python\nrule: {kind: call}\n";
    size_t n;
    const char *r = scan(y, "python", "f(f(1))\n", 0, &n);
    /* pre-order (outer before nested), rules order on one node */
    assert_string_equal(r, "outer 0-7'f(f(1))' $X=2-6'f(1)' label(primary)=0-7'f(f(1))' msg=\n"
                           "any-call 0-7'f(f(1))' label(primary)=0-7'f(f(1))' msg=\n"
                           "outer 2-6'f(1)' $X=4-5'1' label(primary)=2-6'f(1)' msg=\n"
                           "any-call 2-6'f(1)' label(primary)=2-6'f(1)' msg=\n");
    assert_int_equal(n, 4);
    /* the callback returning non-zero stops the scan */
    r = scan(y, "python", "f(f(1))\n", 2, &n);
    assert_string_equal(r, "outer 0-7'f(f(1))' $X=2-6'f(1)' label(primary)=0-7'f(f(1))' msg=\n"
                           "any-call 0-7'f(f(1))' label(primary)=0-7'f(f(1))' msg=\n");
    assert_int_equal(n, 2);
}

static void test_global_utils(void **state)
{
    (void)state;
    gf_rules *rs = gf_rules_new();
    gf_error e = GF_ERROR_INIT;
    const char *u = "id: eval-call\nlanguage: python\nrule: {pattern: eval($X)}\n";
    const char *r = "id: a\nlanguage: python\nrule: {matches: eval-call}\n";
    const char *js = "id: b\nlanguage: javascript\nrule: {matches: eval-call}\n";
    assert_int_equal(gf_rules_add_utils(rs, "u.yml", u, strlen(u), &e), 0);
    assert_int_equal(gf_rules_add(rs, "r.yml", NULL, r, strlen(r), &e), 0);
    assert_int_equal(gf_rules_compile(rs, &e), 0);
    /* utilities are not rules */
    assert_int_equal(gf_rules_count(rs), 1);
    gf_rules_delete(rs);
    /* a utility of another language is not visible */
    rs = gf_rules_new();
    assert_int_equal(gf_rules_add_utils(rs, "u.yml", u, strlen(u), &e), 0);
    assert_int_equal(gf_rules_add(rs, "r.yml", NULL, js, strlen(js), &e), 0);
    assert_int_not_equal(gf_rules_compile(rs, &e), 0);
    assert_non_null(strstr(e.message, "undefined utility rule 'eval-call'"));
    gf_rules_delete(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_unknown_key),
        cmocka_unit_test(test_error_bad_types),
        cmocka_unit_test(test_error_missing_fields_and_language),
        cmocka_unit_test(test_error_unknown_kind),
        cmocka_unit_test(test_error_bad_regex),
        cmocka_unit_test(test_error_cyclic_utils),
        cmocka_unit_test(test_error_no_kinds),
        cmocka_unit_test(test_error_undefined_util_and_yaml),
        cmocka_unit_test(test_accessors),
        cmocka_unit_test(test_prefilter),
        cmocka_unit_test(test_applies_globs),
        cmocka_unit_test(test_base_dir),
        cmocka_unit_test(test_scan_vars_and_message),
        cmocka_unit_test(test_scan_secondary_and_labels),
        cmocka_unit_test(test_scan_fix_and_transform),
        cmocka_unit_test(test_scan_order_and_stop),
        cmocka_unit_test(test_global_utils),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
