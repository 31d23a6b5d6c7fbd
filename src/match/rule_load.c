/* rule_load: YAML rule documents -> compiled rules (ast-grep's schema and
 * its validation: unknown keys, wrong types, bad patterns, kinds, regexes,
 * undefined or cyclic utilities, rules without a kind to start from). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match/rule.h"
#include "match/template.h"
#include "match/transform.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

/* A source added to a rule set: its YAML documents, kept until compiled. */
typedef struct rsrc {
    char *name;
    char *base;
    bool utils;
    gf_yaml_docs docs;
} rsrc;

/* Rule-set state shared with rule.c through rule_int.h-like accessors. */
struct gf_rules {
    GF_VEC(rsrc) srcs;
    GF_VEC(char *) vars; /* interned metavariable names; the index is the id */
    GF_VEC(gf_rule *) rules;
    GF_VEC(rutil *) gutils;
    bool compiled;
};

/* ---- names ---- */

uint32_t gf_rules_var_id(gf_rules *rs, const char *name, size_t len)
{
    for (size_t i = 0; i < rs->vars.len; i++)
        if (strlen(rs->vars.items[i]) == len && memcmp(rs->vars.items[i], name, len) == 0)
            return (uint32_t)i;
    gf_vec_push(&rs->vars, gf_strndup(name, len));
    return (uint32_t)(rs->vars.len - 1);
}

const char *gf_rules_var_name(const gf_rules *rs, uint32_t id)
{
    return rs->vars.items[id];
}

/* Looks a name up without adding it; UINT32_MAX when unknown. */
uint32_t gf_rules_var_find(const gf_rules *rs, const char *name, size_t len)
{
    for (size_t i = 0; i < rs->vars.len; i++)
        if (strlen(rs->vars.items[i]) == len && memcmp(rs->vars.items[i], name, len) == 0)
            return (uint32_t)i;
    return UINT32_MAX;
}

size_t gf_rules_var_count(const gf_rules *rs)
{
    return rs->vars.len;
}

/* ---- lifecycle ---- */

gf_rules *gf_rules_new(void)
{
    return gf_calloc(1, sizeof(gf_rules));
}

static void rnode_free(rnode *r);

static void rutil_free(rutil *u);

static void rcore_release(rcore *c)
{
    rnode_free(c->rule);
    for (size_t i = 0; i < c->cons.len; i++)
        rnode_free(c->cons.items[i].rule);
    gf_vec_release(&c->cons);
    for (size_t i = 0; i < c->utils.len; i++)
        rutil_free(c->utils.items[i]);
    gf_vec_release(&c->utils);
    for (size_t i = 0; i < c->trans.len; i++) {
        gf_regex_delete(c->trans.items[i].re);
        gf_free(c->trans.items[i].by);
    }
    gf_vec_release(&c->trans);
    gf_free(c->fix);
    rnode_free(c->expand_start);
    rnode_free(c->expand_end);
}

static void rutil_free(rutil *u)
{
    if (!u)
        return;
    gf_free(u->name);
    rnode_free(u->rule);
    if (u->core) {
        rcore_release(u->core);
        gf_free(u->core);
    }
    gf_free(u);
}

static void rnode_free(rnode *r)
{
    if (!r)
        return;
    gf_free(r->kinds);
    gf_pattern_delete(r->pat);
    gf_free(r->varmap);
    gf_regex_delete(r->re);
    rnode_free(r->of);
    for (size_t i = 0; i < r->nkids; i++)
        rnode_free(r->kids[i]);
    gf_free(r->kids);
    rnode_free(r->inner);
    gf_free(r->util_name);
    rnode_free(r->stop_rule);
    gf_free(r);
}

static void rule_free(gf_rule *r)
{
    gf_free(r->id);
    for (size_t i = 0; i < r->labels.len; i++)
        gf_free(r->labels.items[i].message);
    gf_vec_release(&r->labels);
    rcore_release(&r->core);
    gf_free(r->message);
    gf_free(r->note);
    gf_free(r->url);
    for (size_t i = 0; i < r->files.len; i++)
        gf_free(r->files.items[i]);
    gf_vec_release(&r->files);
    for (size_t i = 0; i < r->ignores.len; i++)
        gf_free(r->ignores.items[i]);
    gf_vec_release(&r->ignores);
    gf_free(r->base);
    gf_free(r);
}

void gf_rules_delete(gf_rules *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->rules.len; i++)
        rule_free(rs->rules.items[i]);
    gf_vec_release(&rs->rules);
    for (size_t i = 0; i < rs->gutils.len; i++)
        rutil_free(rs->gutils.items[i]);
    gf_vec_release(&rs->gutils);
    for (size_t i = 0; i < rs->vars.len; i++)
        gf_free(rs->vars.items[i]);
    gf_vec_release(&rs->vars);
    for (size_t i = 0; i < rs->srcs.len; i++) {
        gf_free(rs->srcs.items[i].name);
        gf_free(rs->srcs.items[i].base);
        gf_yaml_docs_release(&rs->srcs.items[i].docs);
    }
    gf_vec_release(&rs->srcs);
    gf_free(rs);
}

static int add_source(gf_rules *rs, const char *name, const char *base, bool utils,
                      const char *text, size_t len, gf_error *err)
{
    if (rs->compiled)
        return gf_error_set(err, GF_EINVAL, "rules added after the rule set was compiled");
    rsrc s = {gf_strdup(name ? name : "<rules>"), base ? gf_strdup(base) : NULL, utils,
              GF_YAML_DOCS_INIT};
    int rc = gf_yaml_load(text, len, s.name, &s.docs, err);
    if (rc) {
        gf_free(s.name);
        gf_free(s.base);
        gf_yaml_docs_release(&s.docs);
        return rc;
    }
    gf_vec_push(&rs->srcs, s);
    return 0;
}

int gf_rules_add(gf_rules *rs, const char *name, const char *base_dir, const char *text, size_t len,
                 gf_error *err)
{
    return add_source(rs, name, base_dir, false, text, len, err);
}

int gf_rules_add_utils(gf_rules *rs, const char *name, const char *text, size_t len, gf_error *err)
{
    return add_source(rs, name, NULL, true, text, len, err);
}

/* ---- compile context and errors ---- */

typedef struct cctx {
    gf_rules *rs;
    const char *src;
    const gf_lang *lang;
    const TSLanguage *ts;
    rcore *core; /* for local utilities; NULL while compiling global ones */
    gf_error *err;
} cctx;

static int cerr(cctx *c, const gf_yaml_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int cerr(cctx *c, const gf_yaml_node *at, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    uint32_t line = at ? at->line : 0, col = at ? at->col : 0;
    int rc = gf_error_set(c->err, GF_EINVAL, "'%s':%u:%u: %s", c->src, line, col, msg);
    if (c->err) {
        snprintf(c->err->path, sizeof c->err->path, "%s", c->src);
        c->err->line = line;
        c->err->column = col;
    }
    return rc;
}

static bool is_string(const gf_yaml_node *n)
{
    return n && n->type == GF_YAML_SCALAR && !(n->plain && gf_yaml_is_null(n));
}

/* A string value (any scalar: ast-grep reads `message: 1` as "1"? no —
 * serde wants a string, but plain scalars that look like numbers are
 * strings for a String field). */
static int get_string(cctx *c, const gf_yaml_node *n, const char *what, const char **out)
{
    if (!is_string(n))
        return cerr(c, n, "%s must be a string, found %s", what, gf_yaml_type_name(n));
    *out = n->str;
    return 0;
}

static bool key_is(const gf_yaml_node *k, const char *name)
{
    return k->len == strlen(name) && memcmp(k->str, name, k->len) == 0;
}

/* ---- rule objects ---- */

static const char *const rule_keys[] = {"pattern", "kind",     "regex",   "nthChild", "range",
                                        "all",     "any",      "not",     "matches",  "inside",
                                        "has",     "precedes", "follows", NULL};

static rnode *new_node(rkind k)
{
    rnode *r = gf_calloc(1, sizeof *r);
    r->k = k;
    return r;
}

static int compile_rule(cctx *c, const gf_yaml_node *y, bool relational, rnode **out);

static int compile_pattern(cctx *c, const gf_yaml_node *y, rnode **out)
{
    const char *text = NULL, *selector = NULL;
    gf_pattern_opts o = {NULL, GF_STRICT_SMART};
    if (y->type == GF_YAML_MAP) {
        for (size_t i = 0; i < y->n; i++) {
            const gf_yaml_node *k = y->items[2 * i], *v = y->items[2 * i + 1];
            if (key_is(k, "context")) {
                if (get_string(c, v, "pattern context", &text))
                    return GF_EINVAL;
            } else if (key_is(k, "selector")) {
                if (get_string(c, v, "pattern selector", &selector))
                    return GF_EINVAL;
            } else if (key_is(k, "strictness")) {
                const char *st;
                if (get_string(c, v, "strictness", &st))
                    return GF_EINVAL;
                if (!gf_strictness_parse(st, &o.strictness))
                    return cerr(c, v,
                                "unknown strictness '%s' (expected cst, smart, ast, relaxed or "
                                "signature)",
                                st);
            } else {
                return cerr(c, k,
                            "unknown field '%s' in pattern, expected context, selector or "
                            "strictness",
                            k->str);
            }
        }
        if (!text)
            return cerr(c, y, "pattern object needs 'context'");
    } else if (get_string(c, y, "pattern", &text)) {
        return GF_EINVAL;
    }
    o.selector = selector;
    gf_pattern *p;
    gf_error perr = GF_ERROR_INIT;
    if (gf_pattern_compile(c->lang, text, strlen(text), &o, &p, &perr) != 0)
        return cerr(c, y, "invalid pattern: %s", perr.message);
    rnode *r = new_node(R_PATTERN);
    r->pat = p;
    size_t nv = gf_pattern_var_count(p);
    r->varmap = gf_calloc(nv ? nv : 1, sizeof(uint32_t));
    for (size_t i = 0; i < nv; i++) {
        const char *name = gf_pattern_var_name(p, i);
        r->varmap[i] = gf_rules_var_id(c->rs, name, strlen(name));
    }
    *out = r;
    return 0;
}

static int compile_kind(cctx *c, const gf_yaml_node *y, rnode **out)
{
    const char *name;
    if (get_string(c, y, "kind", &name))
        return GF_EINVAL;
    TSSymbol sym = ts_language_symbol_for_name(c->ts, name, (uint32_t)strlen(name), true);
    if (sym == 0) {
        if (strpbrk(name, " >+~,:"))
            return cerr(c, y,
                        "kind selectors ('%s') are not supported; use a node kind with "
                        "inside/has",
                        name);
        return cerr(c, y, "unknown kind '%s' for language %s", name, c->lang->name);
    }
    rnode *r = new_node(R_KIND);
    r->sym = sym;
    *out = r;
    return 0;
}

static int compile_regex(cctx *c, const gf_yaml_node *y, gf_regex **re)
{
    const char *pat;
    if (get_string(c, y, "regex", &pat))
        return GF_EINVAL;
    /* Rust's regex crate (ast-grep's) has no look-around and no
     * backreferences; PCRE2 would accept them, so refuse them here. */
    for (size_t i = 0; i + 1 < y->len; i++) {
        if (pat[i] == '\\') {
            if (pat[i + 1] >= '1' && pat[i + 1] <= '9')
                return cerr(c, y, "invalid regex '%s': backreferences are not supported", pat);
            i++;
            continue;
        }
        if (pat[i] == '(' && pat[i + 1] == '?' && i + 2 < y->len &&
            (pat[i + 2] == '=' || pat[i + 2] == '!' ||
             (pat[i + 2] == '<' && i + 3 < y->len && (pat[i + 3] == '=' || pat[i + 3] == '!'))))
            return cerr(c, y, "invalid regex '%s': look-around is not supported", pat);
    }
    gf_error rerr = GF_ERROR_INIT;
    if (gf_regex_compile(pat, y->len, re, &rerr) != 0)
        return cerr(c, y, "%s", rerr.message);
    return 0;
}

/* CSS An+B, as ast-grep parses it: whitespace ignored, "n" alone is 1n. */
static bool parse_an_b(const char *s, int32_t *step, int32_t *offset)
{
    enum { INITIAL, N, SIGN, NUM } st = INITIAL;
    bool has_n = false;
    int32_t sign = 1, num = 0, a = 0;
    for (; *s; s++) {
        char ch = *s;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
            continue;
        bool digit = ch >= '0' && ch <= '9', isn = ch == 'n' || ch == 'N',
             sg = ch == '+' || ch == '-';
        if (!digit && !isn && !sg)
            return false;
        switch (st) {
        case INITIAL:
            if (sg) {
                st = SIGN;
                sign = ch == '+' ? 1 : -1;
            } else if (digit) {
                st = NUM;
                num = ch - '0';
            } else {
                st = N;
                a = sign;
                has_n = true;
            }
            break;
        case SIGN:
            if (sg)
                return false;
            if (digit) {
                st = NUM;
                num = ch - '0';
            } else {
                if (has_n)
                    return false;
                st = N;
                a = sign;
                has_n = true;
            }
            break;
        case NUM:
            if (sg)
                return false;
            if (digit) {
                if (num > 100000000)
                    return false;
                num = num * 10 + (ch - '0');
            } else {
                if (has_n)
                    return false;
                st = N;
                a = sign * num;
                num = 0;
                has_n = true;
            }
            break;
        case N:
            if (!sg)
                return false;
            st = SIGN;
            sign = ch == '+' ? 1 : -1;
            num = 0;
            break;
        }
    }
    if (st == SIGN || st == INITIAL)
        return false;
    *step = a;
    *offset = st == N ? 0 : num * sign;
    return true;
}

static int nth_position(cctx *c, const gf_yaml_node *y, rnode *r)
{
    long long v;
    if (gf_yaml_int(y, &v)) {
        if (v < 0 || v > INT32_MAX)
            return cerr(c, y, "nthChild position must be a positive number");
        r->step = 0;
        r->offset = (int32_t)v;
        return 0;
    }
    if (y->type != GF_YAML_SCALAR || !parse_an_b(y->str, &r->step, &r->offset))
        return cerr(c, y, "invalid nthChild position '%s' (a number or An+B)", y->str);
    return 0;
}

static int compile_nth(cctx *c, const gf_yaml_node *y, rnode **out)
{
    rnode *r = new_node(R_NTH);
    int rc = 0;
    if (y->type == GF_YAML_MAP) {
        const gf_yaml_node *pos = NULL;
        for (size_t i = 0; i < y->n && !rc; i++) {
            const gf_yaml_node *k = y->items[2 * i], *v = y->items[2 * i + 1];
            if (key_is(k, "position"))
                pos = v;
            else if (key_is(k, "ofRule"))
                rc = compile_rule(c, v, false, &r->of);
            else if (key_is(k, "reverse")) {
                if (!gf_yaml_bool(v, &r->reverse))
                    rc = cerr(c, v, "reverse must be true or false");
            } else
                rc = cerr(c, k,
                          "unknown field '%s' in nthChild, expected position, ofRule or "
                          "reverse",
                          k->str);
        }
        if (!rc && !pos)
            rc = cerr(c, y, "nthChild object needs 'position'");
        if (!rc)
            rc = nth_position(c, pos, r);
    } else {
        rc = nth_position(c, y, r);
    }
    if (rc) {
        rnode_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

static int range_point(cctx *c, const gf_yaml_node *y, const char *what, uint32_t *line,
                       uint32_t *col)
{
    if (!y || y->type != GF_YAML_MAP)
        return cerr(c, y, "range %s must be {line, column}", what);
    const gf_yaml_node *l = gf_yaml_get(y, "line"), *cl = gf_yaml_get(y, "column");
    long long lv, cv;
    if (!gf_yaml_int(l, &lv) || !gf_yaml_int(cl, &cv) || lv < 0 || cv < 0 || lv > UINT32_MAX ||
        cv > UINT32_MAX)
        return cerr(c, y, "range %s needs non-negative integer line and column", what);
    *line = (uint32_t)lv;
    *col = (uint32_t)cv;
    return 0;
}

static int compile_range(cctx *c, const gf_yaml_node *y, rnode **out)
{
    if (y->type != GF_YAML_MAP)
        return cerr(c, y, "range must be {start: {line, column}, end: {line, column}}");
    rnode *r = new_node(R_RANGE);
    int rc = range_point(c, gf_yaml_get(y, "start"), "start", &r->sl, &r->sc);
    if (!rc)
        rc = range_point(c, gf_yaml_get(y, "end"), "end", &r->el, &r->ec);
    if (!rc && (r->sl > r->el || (r->sl == r->el && r->sc > r->ec)))
        rc = cerr(c, y, "range start must be before its end");
    if (rc) {
        rnode_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

static int compile_list(cctx *c, const gf_yaml_node *y, rkind k, rnode **out)
{
    if (y->type != GF_YAML_SEQ)
        return cerr(c, y, "'%s' must be a sequence of rules, found %s", k == R_ALL ? "all" : "any",
                    gf_yaml_type_name(y));
    rnode *r = new_node(k);
    r->kids = gf_calloc(y->n ? y->n : 1, sizeof(rnode *));
    for (size_t i = 0; i < y->n; i++) {
        int rc = compile_rule(c, y->items[i], false, &r->kids[i]);
        if (rc) {
            rnode_free(r);
            return rc;
        }
        r->nkids++;
    }
    *out = r;
    return 0;
}

static int compile_relation(cctx *c, const gf_yaml_node *y, rkind k, rnode **out)
{
    if (y->type != GF_YAML_MAP)
        return cerr(c, y, "a relational rule must be a rule object, found %s",
                    gf_yaml_type_name(y));
    rnode *r = new_node(k);
    int rc = compile_rule(c, y, true, &r->inner);
    const gf_yaml_node *stop = gf_yaml_get(y, "stopBy"), *field = gf_yaml_get(y, "field");
    if (!rc && stop) {
        if (stop->type == GF_YAML_SCALAR && strcmp(stop->str, "neighbor") == 0)
            r->stop = STOP_NEIGHBOR;
        else if (stop->type == GF_YAML_SCALAR && strcmp(stop->str, "end") == 0)
            r->stop = STOP_END;
        else if (stop->type == GF_YAML_MAP) {
            r->stop = STOP_RULE;
            rc = compile_rule(c, stop, false, &r->stop_rule);
        } else
            rc = cerr(c, stop, "stopBy must be neighbor, end or a rule object");
    }
    if (!rc && field) {
        const char *fname;
        if (k == R_PRECEDES || k == R_FOLLOWS)
            rc = cerr(c, field, "field is only supported in has/inside");
        else if (!(rc = get_string(c, field, "field", &fname))) {
            r->field = ts_language_field_id_for_name(c->ts, fname, (uint32_t)strlen(fname));
            if (r->field == 0)
                rc = cerr(c, field, "unknown field '%s' for language %s", fname, c->lang->name);
        }
    }
    if (rc) {
        rnode_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

/*
 * Compiles a rule object. relational: the object is the body of
 * inside/has/precedes/follows, which may also hold stopBy and field.
 */
static int compile_rule(cctx *c, const gf_yaml_node *y, bool relational, rnode **out)
{
    if (!y || y->type != GF_YAML_MAP)
        return cerr(c, y, "a rule must be a mapping of rule keys, found %s",
                    y ? gf_yaml_type_name(y) : "nothing");
    const gf_yaml_node *val[13] = {0};
    for (size_t i = 0; i < y->n; i++) {
        const gf_yaml_node *k = y->items[2 * i];
        size_t j = 0;
        while (rule_keys[j] && !key_is(k, rule_keys[j]))
            j++;
        if (rule_keys[j]) {
            val[j] = y->items[2 * i + 1];
            continue;
        }
        /* ast-grep flattens a relational rule's object into the relation,
         * which ignores keys it does not know. */
        if (relational)
            continue;
        return cerr(c, k,
                    "unknown field '%s', expected one of pattern, kind, regex, nthChild, range, "
                    "inside, has, precedes, follows, all, any, not, matches%s",
                    k->str, "");
    }
    rnode *parts[13];
    size_t np = 0;
    int rc = 0;
    /* ast-grep's order: atomic, composite, then relational, so that
     * variables bound by a pattern are visible to relational sub-rules. */
    for (size_t j = 0; j < 13 && !rc; j++) {
        const gf_yaml_node *v = val[j];
        if (!v)
            continue;
        rnode *r = NULL;
        switch (j) {
        case 0: rc = compile_pattern(c, v, &r); break;
        case 1: rc = compile_kind(c, v, &r); break;
        case 2:
            r = new_node(R_REGEX);
            rc = compile_regex(c, v, &r->re);
            break;
        case 3: rc = compile_nth(c, v, &r); break;
        case 4: rc = compile_range(c, v, &r); break;
        case 5: rc = compile_list(c, v, R_ALL, &r); break;
        case 6: rc = compile_list(c, v, R_ANY, &r); break;
        case 7:
            r = new_node(R_NOT);
            rc = compile_rule(c, v, false, &r->inner);
            break;
        case 8: {
            const char *name;
            if (!(rc = get_string(c, v, "matches", &name))) {
                r = new_node(R_MATCHES);
                r->util_name = gf_strdup(name);
            }
            break;
        }
        case 9: rc = compile_relation(c, v, R_INSIDE, &r); break;
        case 10: rc = compile_relation(c, v, R_HAS, &r); break;
        case 11: rc = compile_relation(c, v, R_PRECEDES, &r); break;
        case 12: rc = compile_relation(c, v, R_FOLLOWS, &r); break;
        }
        if (rc) {
            rnode_free(r);
            break;
        }
        parts[np++] = r;
    }
    if (!rc && np == 0)
        rc = cerr(c, y, "a rule must have at least one key (pattern, kind, regex, ...)");
    if (rc) {
        for (size_t i = 0; i < np; i++)
            rnode_free(parts[i]);
        return rc;
    }
    if (np == 1) {
        *out = parts[0];
    } else {
        rnode *all = new_node(R_ALL);
        all->kids = gf_malloc(np * sizeof(rnode *));
        memcpy(all->kids, parts, np * sizeof(rnode *));
        all->nkids = np;
        *out = all;
    }
    return 0;
}

/* ---- utilities: resolution, cycles and potential kinds ---- */

static const rutil *find_util(const gf_rules *rs, const rcore *core, const gf_lang *lang,
                              const char *name)
{
    if (core)
        for (size_t i = 0; i < core->utils.len; i++)
            if (strcmp(core->utils.items[i]->name, name) == 0)
                return core->utils.items[i];
    for (size_t i = 0; i < rs->gutils.len; i++)
        if (rs->gutils.items[i]->lang == lang && strcmp(rs->gutils.items[i]->name, name) == 0)
            return rs->gutils.items[i];
    return NULL;
}

/* Resolves matches references. An undefined one is an error in a rule
 * (strict); inside a utility it only never matches, as in ast-grep. */
static int resolve(cctx *c, rnode *r, const gf_yaml_node *at, bool strict)
{
    if (!r)
        return 0;
    if (r->k == R_MATCHES) {
        r->util = find_util(c->rs, c->core, c->lang, r->util_name);
        if (!r->util && strict)
            return cerr(c, at, "undefined utility rule '%s' in matches", r->util_name);
    }
    int rc = resolve(c, r->of, at, strict);
    for (size_t i = 0; i < r->nkids && !rc; i++)
        rc = resolve(c, r->kids[i], at, strict);
    if (!rc)
        rc = resolve(c, r->inner, at, strict);
    if (!rc)
        rc = resolve(c, r->stop_rule, at, strict);
    return rc;
}

static const rnode *util_rule(const rutil *u)
{
    return u->core ? u->core->rule : u->rule;
}

/* Whether following composite keys (all/any/not/matches) from r leads
 * back to u: a utility that matches itself without descending the tree. */
static bool reaches(const rnode *r, const rutil *u, int depth)
{
    if (!r || depth > 64)
        return depth > 64;
    switch (r->k) {
    case R_ALL:
    case R_ANY:
        for (size_t i = 0; i < r->nkids; i++)
            if (reaches(r->kids[i], u, depth + 1))
                return true;
        return false;
    case R_NOT: return reaches(r->inner, u, depth + 1);
    case R_MATCHES: return r->util && (r->util == u || reaches(util_rule(r->util), u, depth + 1));
    default: return false;
    }
}

static size_t kind_words(const TSLanguage *ts)
{
    return (ts_language_symbol_count(ts) + 63) / 64 + 1;
}

static uint64_t *kinds_dup(const uint64_t *k, size_t w)
{
    if (!k)
        return NULL;
    uint64_t *d = gf_malloc(w * sizeof *d);
    memcpy(d, k, w * sizeof *d);
    return d;
}

/* Computes r->kinds (and those below): the node kinds a match can start
 * at, NULL for any, as ast-grep's potential_kinds. */
static void compute_kinds(rnode *r, size_t w, int depth)
{
    if (!r || depth > 200)
        return;
    gf_free(r->kinds);
    r->kinds = NULL;
    compute_kinds(r->of, w, depth + 1);
    for (size_t i = 0; i < r->nkids; i++)
        compute_kinds(r->kids[i], w, depth + 1);
    compute_kinds(r->inner, w, depth + 1);
    compute_kinds(r->stop_rule, w, depth + 1);
    switch (r->k) {
    case R_PATTERN: {
        const gf_pattern *p = r->pat;
        if (p->has_root_kind && !(p->strictness == GF_STRICT_TEMPLATE && !p->root_from_selector)) {
            r->kinds = gf_calloc(w, sizeof(uint64_t));
            uint32_t b = gf_kind_bit(p->root_kind);
            r->kinds[b / 64] |= 1ull << (b % 64);
        }
        break;
    }
    case R_KIND:
        r->kinds = gf_calloc(w, sizeof(uint64_t));
        r->kinds[gf_kind_bit(r->sym) / 64] |= 1ull << (gf_kind_bit(r->sym) % 64);
        break;
    case R_NTH: r->kinds = r->of ? kinds_dup(r->of->kinds, w) : NULL; break;
    case R_ALL:
        for (size_t i = 0; i < r->nkids; i++) {
            const uint64_t *k = r->kids[i]->kinds;
            if (!k)
                continue;
            if (!r->kinds)
                r->kinds = kinds_dup(k, w);
            else
                for (size_t j = 0; j < w; j++)
                    r->kinds[j] &= k[j];
        }
        break;
    case R_ANY:
        r->kinds = gf_calloc(w, sizeof(uint64_t));
        for (size_t i = 0; i < r->nkids; i++) {
            const uint64_t *k = r->kids[i]->kinds;
            if (!k) {
                gf_free(r->kinds);
                r->kinds = NULL;
                break;
            }
            for (size_t j = 0; j < w; j++)
                r->kinds[j] |= k[j];
        }
        break;
    case R_NOT: break;
    case R_MATCHES: {
        const rnode *u = r->util ? util_rule(r->util) : NULL;
        r->kinds = u ? kinds_dup(u->kinds, w) : NULL;
        break;
    }
    /* Relational rules say nothing about the node itself: any kind. */
    default: break;
    }
}

/* ---- literal prefilter ---- */

static void add_lit(rcore *core, const char *s, size_t len)
{
    for (size_t i = 0; i < core->nlits; i++)
        if (core->lit_lens[i] == len && memcmp(core->lits[i], s, len) == 0)
            return;
    size_t at = core->nlits;
    while (at > 0 && core->lit_lens[at - 1] < len)
        at--;
    if (at == GF_MAX_LITERALS)
        return;
    size_t last = core->nlits < GF_MAX_LITERALS ? core->nlits : GF_MAX_LITERALS - 1;
    for (size_t j = last; j > at; j--) {
        core->lits[j] = core->lits[j - 1];
        core->lit_lens[j] = core->lit_lens[j - 1];
    }
    core->lits[at] = s;
    core->lit_lens[at] = len;
    if (core->nlits < GF_MAX_LITERALS)
        core->nlits++;
}

/* Texts any node matching r implies in the same file: patterns' literals,
 * through all and relational rules (the other node is in the file too). */
static void collect_lits(rcore *core, const rnode *r, int depth)
{
    if (!r || depth > 64)
        return;
    switch (r->k) {
    case R_PATTERN:
        for (size_t i = 0; i < r->pat->nliterals; i++)
            add_lit(core, r->pat->pool + r->pat->literal[i], r->pat->literal_len[i]);
        break;
    case R_ALL:
        for (size_t i = 0; i < r->nkids; i++)
            collect_lits(core, r->kids[i], depth + 1);
        break;
    case R_MATCHES:
        if (r->util && !r->util->core)
            collect_lits(core, r->util->rule, depth + 1);
        break;
    case R_INSIDE:
    case R_HAS:
    case R_PRECEDES:
    case R_FOLLOWS: collect_lits(core, r->inner, depth + 1); break;
    default: break;
    }
}

/* ---- rule cores ---- */

static const char *const core_keys[] = {"rule", "constraints", "utils", "transform", "fix", NULL};

static int compile_utils(cctx *c, const gf_yaml_node *y, rcore *core)
{
    if (y->type != GF_YAML_MAP)
        return cerr(c, y, "utils must be a mapping from names to rules");
    for (size_t i = 0; i < y->n; i++) {
        rutil *u = gf_calloc(1, sizeof *u);
        u->name = gf_strdup(y->items[2 * i]->str);
        u->lang = c->lang;
        u->yaml = y->items[2 * i + 1];
        u->src = c->src;
        gf_vec_push(&core->utils, u);
    }
    for (size_t i = 0; i < core->utils.len; i++) {
        rutil *u = core->utils.items[i];
        int rc = compile_rule(c, u->yaml, false, &u->rule);
        if (rc)
            return rc;
    }
    return 0;
}

static int compile_fix(cctx *c, const gf_yaml_node *y, rcore *core)
{
    const gf_yaml_node *tmpl = y;
    if (y->type == GF_YAML_MAP) {
        tmpl = gf_yaml_get(y, "template");
        for (size_t i = 0; i < y->n; i++) {
            const gf_yaml_node *k = y->items[2 * i], *v = y->items[2 * i + 1];
            int rc = 0;
            if (key_is(k, "template"))
                continue;
            if (key_is(k, "expandStart"))
                rc = compile_relation(c, v, R_FOLLOWS, &core->expand_start);
            else if (key_is(k, "expandEnd"))
                rc = compile_relation(c, v, R_PRECEDES, &core->expand_end);
            /* other keys are ignored, as ast-grep does */
            if (rc)
                return rc;
        }
        if (!tmpl)
            return cerr(c, y, "fix object needs 'template'");
    }
    if (tmpl->type == GF_YAML_NULL) {
        core->fix = gf_strdup("");
    } else if (tmpl->type != GF_YAML_SCALAR) {
        return cerr(c, tmpl, "fix must be a string, found %s", gf_yaml_type_name(tmpl));
    } else {
        core->fix = gf_memdup(tmpl->str, tmpl->len);
        core->fix_len = tmpl->len;
    }
    core->has_fix = true;
    return 0;
}

static int compile_transform(cctx *c, const gf_yaml_node *y, rcore *core);

/* ---- metavariable checks (ast-grep's check_var) ---- */

typedef GF_VEC(uint32_t) idset;

static void idset_add(idset *s, uint32_t id)
{
    for (size_t i = 0; i < s->len; i++)
        if (s->items[i] == id)
            return;
    gf_vec_push(s, id);
}

static bool idset_has(const idset *s, uint32_t id)
{
    for (size_t i = 0; i < s->len; i++)
        if (s->items[i] == id)
            return true;
    return false;
}

/* The variables a rule can bind: its patterns' capturing variables, through
 * every sub-rule (utilities referenced by matches excepted, as ast-grep). */
static void defined_vars(const rnode *r, idset *out)
{
    if (!r)
        return;
    if (r->k == R_PATTERN)
        for (size_t i = 0; i < gf_pattern_var_count(r->pat); i++)
            idset_add(out, r->varmap[i]);
    defined_vars(r->of, out);
    for (size_t i = 0; i < r->nkids; i++)
        defined_vars(r->kids[i], out);
    defined_vars(r->inner, out);
    defined_vars(r->stop_rule, out);
}

typedef struct var_check {
    const gf_rules *rs;
    const idset *vars;
    const char *bad; /* first undefined name, not NUL-terminated */
    size_t bad_len;
} var_check;

static bool check_lookup(void *ctx, const char *name, size_t nlen, bool multi, gf_template_value *v)
{
    (void)multi;
    (void)v;
    var_check *k = ctx;
    if (k->bad || (nlen == 1 && name[0] == '_'))
        return false;
    uint32_t id = gf_rules_var_find(k->rs, name, nlen);
    if (id == UINT32_MAX || !idset_has(k->vars, id)) {
        k->bad = name;
        k->bad_len = nlen;
    }
    return false;
}

/* Checks that every $VAR of a template is in vars; reports the first that
 * is not. */
static int check_template_vars(cctx *c, const gf_yaml_node *at, const char *t, size_t n,
                               const idset *vars, const char *where)
{
    var_check k = {c->rs, vars, NULL, 0};
    gf_buf sink = GF_BUF_INIT;
    gf_template_expand("", t, n, check_lookup, &k, false, &sink);
    gf_buf_release(&sink);
    if (k.bad)
        return cerr(c, at, "undefined metavariable '$%.*s' used in %s", (int)k.bad_len, k.bad,
                    where);
    return 0;
}

static int check_vars(cctx *c, const gf_yaml_node *doc, rcore *core)
{
    idset vars = GF_VEC_INIT;
    defined_vars(core->rule, &vars);
    for (size_t i = 0; i < core->utils.len; i++)
        defined_vars(core->utils.items[i]->rule, &vars);
    for (size_t i = 0; i < core->cons.len; i++)
        defined_vars(core->cons.items[i].rule, &vars);
    int rc = 0;
    const gf_yaml_node *y = gf_yaml_get(doc, "constraints");
    for (size_t i = 0; !rc && i < core->cons.len; i++)
        if (!idset_has(&vars, core->cons.items[i].var))
            rc = cerr(c, y->items[2 * i], "undefined metavariable '$%s' used in constraints",
                      gf_rules_var_name(c->rs, core->cons.items[i].var));
    y = gf_yaml_get(doc, "transform");
    for (size_t i = 0; !rc && i < core->trans.len; i++) {
        uint32_t v = core->trans.items[i].var;
        if (idset_has(&vars, v))
            rc = cerr(c, y, "transform variable '%s' is already defined by the rule",
                      gf_rules_var_name(c->rs, v));
    }
    for (size_t i = 0; !rc && i < core->trans.len; i++)
        idset_add(&vars, core->trans.items[i].var);
    for (size_t i = 0; !rc && i < core->trans.len; i++)
        if (!idset_has(&vars, core->trans.items[i].source))
            rc = cerr(c, y, "undefined metavariable '$%s' used in transform",
                      gf_rules_var_name(c->rs, core->trans.items[i].source));
    if (!rc && core->has_fix)
        rc =
            check_template_vars(c, gf_yaml_get(doc, "fix"), core->fix, core->fix_len, &vars, "fix");
    gf_vec_release(&vars);
    return rc;
}

static int compile_core(cctx *c, const gf_yaml_node *doc, rcore *core)
{
    core->lang = c->lang;
    c->core = core;
    const gf_yaml_node *y;
    int rc = 0;
    if ((y = gf_yaml_get(doc, "utils")) && !gf_yaml_is_null(y))
        rc = compile_utils(c, y, core);
    const gf_yaml_node *rule = gf_yaml_get(doc, "rule");
    if (!rc && !rule)
        rc = cerr(c, doc, "missing field 'rule'");
    if (!rc)
        rc = compile_rule(c, rule, false, &core->rule);
    if (!rc && (y = gf_yaml_get(doc, "constraints")) && !gf_yaml_is_null(y)) {
        if (y->type != GF_YAML_MAP)
            rc = cerr(c, y, "constraints must be a mapping from variable names to rules");
        for (size_t i = 0; !rc && i < y->n; i++) {
            const gf_yaml_node *k = y->items[2 * i];
            struct rcons cs = {gf_rules_var_id(c->rs, k->str, k->len), NULL};
            rc = compile_rule(c, y->items[2 * i + 1], false, &cs.rule);
            if (!rc)
                gf_vec_push(&core->cons, cs);
        }
    }
    if (!rc && (y = gf_yaml_get(doc, "transform")) && !gf_yaml_is_null(y))
        rc = compile_transform(c, y, core);
    if (!rc && (y = gf_yaml_get(doc, "fix")))
        rc = compile_fix(c, y, core);
    if (!rc)
        rc = check_vars(c, doc, core);
    return rc;
}

/* Second pass of a core, once every utility exists. */
static int finish_core(cctx *c, rcore *core, const gf_yaml_node *at, bool strict)
{
    c->core = core;
    c->lang = core->lang;
    c->ts = core->lang->ts();
    int rc = resolve(c, core->rule, at, strict);
    for (size_t i = 0; !rc && i < core->utils.len; i++)
        rc = resolve(c, core->utils.items[i]->rule, core->utils.items[i]->yaml, false);
    for (size_t i = 0; !rc && i < core->cons.len; i++)
        rc = resolve(c, core->cons.items[i].rule, at, strict);
    if (!rc)
        rc = resolve(c, core->expand_start, at, strict);
    if (!rc)
        rc = resolve(c, core->expand_end, at, strict);
    for (size_t i = 0; !rc && i < core->utils.len; i++) {
        const rutil *u = core->utils.items[i];
        if (reaches(u->rule, u, 0))
            rc = cerr(c, u->yaml, "utility rule '%s' refers to itself (cyclic matches)", u->name);
    }
    return rc;
}

static void kinds_core(rcore *core)
{
    size_t w = kind_words(core->lang->ts());
    /* Utilities first (twice, so that utilities using later ones settle). */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < core->utils.len; i++)
            compute_kinds(core->utils.items[i]->rule, w, 0);
    compute_kinds(core->rule, w, 0);
    for (size_t i = 0; i < core->cons.len; i++)
        compute_kinds(core->cons.items[i].rule, w, 0);
    compute_kinds(core->expand_start, w, 0);
    compute_kinds(core->expand_end, w, 0);
    collect_lits(core, core->rule, 0);
}

static const char *const top_keys[] = {"id",        "language", "rule",      "constraints", "utils",
                                       "transform", "fix",      "rewriters", "message",     "note",
                                       "severity",  "labels",   "files",     "ignores",     "url",
                                       "metadata",  NULL};

static int lang_of(cctx *c, const gf_yaml_node *doc)
{
    const gf_yaml_node *l = gf_yaml_get(doc, "language");
    const char *name;
    if (!l)
        return cerr(c, doc, "missing field 'language'");
    if (get_string(c, l, "language", &name))
        return GF_EINVAL;
    c->lang = gf_lang_find(name);
    if (!c->lang) {
        int rc = cerr(c, l, "unknown language '%s' (known: %s)", name, gf_lang_names());
        if (c->err)
            c->err->code = GF_ENOLANG;
        return rc == 0 ? 0 : GF_ENOLANG;
    }
    c->ts = c->lang->ts();
    return 0;
}

static int string_list(cctx *c, const gf_yaml_node *y, const char *what, char ***items, size_t *n)
{
    GF_VEC(char *) v = GF_VEC_INIT;
    int rc = 0;
    if (y->type != GF_YAML_SEQ) {
        *items = NULL;
        *n = 0;
        return cerr(c, y, "%s must be a list of globs", what);
    }
    const gf_yaml_node *const *list = (const gf_yaml_node *const *)y->items;
    size_t count = y->n;
    for (size_t i = 0; i < count && !rc; i++) {
        const gf_yaml_node *g = list[i];
        if (g->type == GF_YAML_MAP) {
            const gf_yaml_node *glob = gf_yaml_get(g, "glob"),
                               *ci = gf_yaml_get(g, "caseInsensitive");
            bool fold = false;
            if (ci && !gf_yaml_bool(ci, &fold))
                rc = cerr(c, ci, "caseInsensitive must be true or false");
            else if (!is_string(glob))
                rc = cerr(c, g, "%s entry needs a 'glob' string", what);
            else if (fold) {
                /* marked for gf_rule_applies: \x01 = case-insensitive */
                gf_buf b = GF_BUF_INIT;
                gf_buf_addc(&b, '\x01');
                gf_buf_adds(&b, glob->str);
                gf_vec_push(&v, gf_buf_detach(&b, NULL));
            } else
                gf_vec_push(&v, gf_strdup(glob->str));
        } else if (is_string(g)) {
            gf_vec_push(&v, gf_strdup(g->str));
        } else {
            rc = cerr(c, g, "%s must be a glob or a list of globs", what);
        }
    }
    *items = v.items;
    *n = v.len;
    return rc;
}

/* `labels: {VAR: {style: primary|secondary, message}}`: variables the rule
 * (or its constraints) binds, reported instead of the default labels. */
static int compile_labels(cctx *c, const gf_yaml_node *y, gf_rule *r)
{
    if (y->type != GF_YAML_MAP)
        return cerr(c, y, "labels must be a mapping from metavariable names to {style, message}");
    idset vars = GF_VEC_INIT;
    defined_vars(r->core.rule, &vars);
    for (size_t i = 0; i < r->core.utils.len; i++)
        defined_vars(r->core.utils.items[i]->rule, &vars);
    for (size_t i = 0; i < r->core.cons.len; i++)
        defined_vars(r->core.cons.items[i].rule, &vars);
    int rc = 0;
    r->has_labels = true;
    for (size_t i = 0; i < y->n && !rc; i++) {
        const gf_yaml_node *k = y->items[2 * i], *v = y->items[2 * i + 1];
        uint32_t id = gf_rules_var_find(c->rs, k->str, k->len);
        if (id == UINT32_MAX || !idset_has(&vars, id)) {
            rc = cerr(c, k, "label metavariable '%s' must be defined in rule or constraints",
                      k->str);
            break;
        }
        const gf_yaml_node *st = gf_yaml_get(v, "style"), *msg = gf_yaml_get(v, "message");
        rlabel l = {id, false, NULL};
        if (v->type != GF_YAML_MAP || !st)
            rc = cerr(c, v, "a label needs a style (primary or secondary)");
        else if (st->type == GF_YAML_SCALAR && !strcmp(st->str, "primary"))
            l.primary = true;
        else if (!(st->type == GF_YAML_SCALAR && !strcmp(st->str, "secondary")))
            rc = cerr(c, st, "unknown label style '%s', expected primary or secondary", st->str);
        if (!rc && msg && is_string(msg))
            l.message = gf_strdup(msg->str);
        if (!rc)
            gf_vec_push(&r->labels, l);
    }
    gf_vec_release(&vars);
    return rc;
}

static int compile_rule_doc(gf_rules *rs, const rsrc *src, const gf_yaml_doc *d, size_t index,
                            gf_error *err)
{
    cctx c = {rs, src->name, NULL, NULL, NULL, err};
    const gf_yaml_node *doc = d->root;
    if (doc->type == GF_YAML_NULL)
        return 0; /* an empty document ("---" at the end) */
    if (doc->type != GF_YAML_MAP)
        return cerr(&c, doc, "a rule must be a mapping, found %s", gf_yaml_type_name(doc));
    for (size_t i = 0; i < doc->n; i++) {
        const gf_yaml_node *k = doc->items[2 * i];
        size_t j = 0;
        while (top_keys[j] && !key_is(k, top_keys[j]))
            j++;
        if (!top_keys[j])
            return cerr(&c, k,
                        "unknown field '%s', expected one of id, language, rule, constraints, "
                        "utils, transform, fix, rewriters, message, note, severity, labels, files, "
                        "ignores, url, metadata",
                        k->str);
    }
    /* A rule without an id is named after its file, as ast-grep does:
     * "stem" for the first document, "stem-N" for document N; inline
     * rules get an empty id. */
    const gf_yaml_node *idn = gf_yaml_get(doc, "id");
    const char *id = "";
    char idbuf[512];
    if (idn && get_string(&c, idn, "id", &id))
        return GF_EINVAL;
    if (!idn) {
        const char *base = strrchr(src->name, '/');
        base = base ? base + 1 : src->name;
        size_t bl = strlen(base);
        size_t stem = bl > 5 && !strcmp(base + bl - 5, ".yaml")  ? bl - 5
                      : bl > 4 && !strcmp(base + bl - 4, ".yml") ? bl - 4
                                                                 : 0;
        if (stem && index == 0)
            snprintf(idbuf, sizeof idbuf, "%.*s", (int)stem, base);
        else if (stem)
            snprintf(idbuf, sizeof idbuf, "%.*s-%zu", (int)stem, base, index);
        else
            idbuf[0] = '\0';
        id = idbuf;
    }
    int rc = lang_of(&c, doc);
    if (rc)
        return rc;
    gf_rule *r = gf_calloc(1, sizeof *r);
    r->id = gf_strdup(id);
    r->severity = GF_SEV_HINT;
    r->src = src->name;
    r->line = d->line;
    r->base = src->base ? gf_strdup(src->base) : NULL;
    gf_vec_push(&rs->rules, r);
    const gf_yaml_node *y;
    if ((y = gf_yaml_get(doc, "rewriters")))
        return cerr(&c, y, "rewriters are not supported yet");
    rc = compile_core(&c, doc, &r->core);
    const char *s;
    if (!rc && (y = gf_yaml_get(doc, "severity")) && !gf_yaml_is_null(y)) {
        if (!(rc = get_string(&c, y, "severity", &s)) && !gf_severity_parse(s, &r->severity))
            rc = cerr(&c, y, "unknown severity '%s' (expected error, warning, info, hint or off)",
                      s);
    }
    if (!rc && (y = gf_yaml_get(doc, "message")) && !gf_yaml_is_null(y) &&
        !(rc = get_string(&c, y, "message", &s)))
        r->message = gf_strdup(s);
    if (!rc && (y = gf_yaml_get(doc, "note")) && !gf_yaml_is_null(y) &&
        !(rc = get_string(&c, y, "note", &s)))
        r->note = gf_strdup(s);
    if (!rc && (y = gf_yaml_get(doc, "url")) && !gf_yaml_is_null(y) &&
        !(rc = get_string(&c, y, "url", &s)))
        r->url = gf_strdup(s);
    if (!rc && (y = gf_yaml_get(doc, "files")) && !gf_yaml_is_null(y)) {
        rc = string_list(&c, y, "files", &r->files.items, &r->files.len);
        r->files.cap = r->files.len;
    }
    if (!rc && (y = gf_yaml_get(doc, "ignores")) && !gf_yaml_is_null(y)) {
        rc = string_list(&c, y, "ignores", &r->ignores.items, &r->ignores.len);
        r->ignores.cap = r->ignores.len;
    }
    if (!rc && (y = gf_yaml_get(doc, "labels")) && !gf_yaml_is_null(y))
        rc = compile_labels(&c, y, r);
    if (!r->message)
        r->message = gf_strdup("");
    return rc;
}

static int compile_util_doc(gf_rules *rs, const rsrc *src, const gf_yaml_doc *d, gf_error *err)
{
    cctx c = {rs, src->name, NULL, NULL, NULL, err};
    const gf_yaml_node *doc = d->root;
    if (doc->type == GF_YAML_NULL)
        return 0;
    if (doc->type != GF_YAML_MAP)
        return cerr(&c, doc, "a utility rule must be a mapping, found %s", gf_yaml_type_name(doc));
    for (size_t i = 0; i < doc->n; i++) {
        const gf_yaml_node *k = doc->items[2 * i];
        size_t j = 0;
        while (core_keys[j] && !key_is(k, core_keys[j]))
            j++;
        if (!core_keys[j] && !key_is(k, "id") && !key_is(k, "language"))
            return cerr(&c, k,
                        "unknown field '%s', expected one of id, language, rule, constraints, "
                        "utils, transform, fix",
                        k->str);
    }
    const gf_yaml_node *idn = gf_yaml_get(doc, "id");
    const char *id;
    if (!idn)
        return cerr(&c, doc, "missing field 'id'");
    if (get_string(&c, idn, "id", &id))
        return GF_EINVAL;
    int rc = lang_of(&c, doc);
    if (rc)
        return rc;
    for (size_t i = 0; i < rs->gutils.len; i++)
        if (rs->gutils.items[i]->lang == c.lang && strcmp(rs->gutils.items[i]->name, id) == 0)
            return cerr(&c, idn, "duplicate utility rule id '%s'", id);
    rutil *u = gf_calloc(1, sizeof *u);
    u->name = gf_strdup(id);
    u->lang = c.lang;
    u->yaml = doc;
    u->src = src->name;
    u->core = gf_calloc(1, sizeof(rcore));
    gf_vec_push(&rs->gutils, u);
    return compile_core(&c, doc, u->core);
}

int gf_rules_compile(gf_rules *rs, gf_error *err)
{
    if (rs->compiled)
        return 0;
    int rc = 0;
    for (size_t i = 0; i < rs->srcs.len && !rc; i++) {
        const rsrc *s = &rs->srcs.items[i];
        if (s->utils)
            for (size_t d = 0; d < s->docs.len && !rc; d++)
                rc = compile_util_doc(rs, s, &s->docs.items[d], err);
    }
    for (size_t i = 0; i < rs->srcs.len && !rc; i++) {
        const rsrc *s = &rs->srcs.items[i];
        if (!s->utils)
            for (size_t d = 0; d < s->docs.len && !rc; d++)
                rc = compile_rule_doc(rs, s, &s->docs.items[d], d, err);
    }
    cctx c = {rs, NULL, NULL, NULL, NULL, err};
    for (size_t i = 0; i < rs->gutils.len && !rc; i++) {
        rutil *u = rs->gutils.items[i];
        c.src = u->src;
        rc = finish_core(&c, u->core, u->yaml, false);
    }
    for (size_t i = 0; i < rs->gutils.len && !rc; i++) {
        const rutil *u = rs->gutils.items[i];
        if (reaches(u->core->rule, u, 0)) {
            c.src = u->src;
            rc = cerr(&c, u->yaml, "utility rule '%s' refers to itself (cyclic matches)", u->name);
        }
    }
    for (size_t i = 0; i < rs->rules.len && !rc; i++) {
        gf_rule *r = rs->rules.items[i];
        c.src = r->src;
        gf_yaml_node at = {.line = r->line, .col = 1};
        rc = finish_core(&c, &r->core, &at, true);
    }
    if (rc)
        return rc;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rs->gutils.len; i++)
            kinds_core(rs->gutils.items[i]->core);
    for (size_t i = 0; i < rs->rules.len && !rc; i++) {
        gf_rule *r = rs->rules.items[i];
        kinds_core(&r->core);
        if (!r->core.rule->kinds) {
            c.src = r->src;
            gf_yaml_node at = {.line = r->line, .col = 1};
            rc = cerr(&c, &at,
                      "rule '%s' must specify a set of node kinds to match (add a 'kind' or a "
                      "pattern with a fixed root)",
                      r->id);
        }
    }
    rs->compiled = rc == 0;
    return rc;
}

/* ---- accessors ---- */

size_t gf_rules_count(const gf_rules *rs)
{
    return rs->rules.len;
}

const gf_rule *gf_rules_at(const gf_rules *rs, size_t i)
{
    return rs->rules.items[i];
}

const char *gf_severity_name(gf_severity s)
{
    static const char *const names[] = {"off", "hint", "info", "warning", "error"};
    return (unsigned)s < 5 ? names[s] : "?";
}

bool gf_severity_parse(const char *name, gf_severity *out)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(name, gf_severity_name((gf_severity)i)) == 0) {
            *out = (gf_severity)i;
            return true;
        }
    return false;
}

/* ---- transform ---- */

/* rtrans.op values, as rule.c applies them. */
enum { TR_SUBSTRING, TR_REPLACE, TR_CONVERT };

/* The variable named by a transform source: "$A", "$$$A" (also "A"). */
static int source_var(cctx *c, const gf_yaml_node *y, uint32_t *out, bool *multi)
{
    const char *s;
    if (get_string(c, y, "transform source", &s))
        return GF_EINVAL;
    if (*s != '$')
        return cerr(c, y, "transform source '%s' must be $-prefixed", s);
    *multi = strncmp(s, "$$$", 3) == 0;
    while (*s == '$')
        s++;
    size_t n = strlen(s);
    if (n == 0)
        return cerr(c, y, "transform source must name a metavariable ($NAME)");
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return cerr(c, y, "transform source '%s' is not a metavariable ($NAME)", y->str);
    *out = gf_rules_var_id(c->rs, s, n);
    return 0;
}

static int int_field(cctx *c, const gf_yaml_node *y, long long *v)
{
    if (!gf_yaml_int(y, v))
        return cerr(c, y, "expected an integer, found %s", gf_yaml_type_name(y));
    return 0;
}

/* One transformation object ({substring: ...} | {replace: ...} |
 * {convert: ...}) for variable var. */
static int compile_trans_obj(cctx *c, const gf_yaml_node *y, uint32_t var, rtrans *t)
{
    memset(t, 0, sizeof *t);
    t->var = var;
    if (y->type != GF_YAML_MAP || y->n != 1)
        return cerr(c, y, "a transformation must be one of substring, replace or convert");
    const gf_yaml_node *k = y->items[0], *body = y->items[1];
    if (key_is(k, "substring"))
        t->op = TR_SUBSTRING;
    else if (key_is(k, "replace"))
        t->op = TR_REPLACE;
    else if (key_is(k, "convert"))
        t->op = TR_CONVERT;
    else if (key_is(k, "rewrite"))
        return cerr(c, k, "the rewrite transformation is not supported yet");
    else
        return cerr(c, k, "unknown transformation '%s' (substring, replace, convert)", k->str);
    if (body->type != GF_YAML_MAP)
        return cerr(c, body, "%s needs an object with a source", k->str);
    bool has_source = false, has_re = false, has_by = false, has_case = false;
    t->separators = GF_SEP_ALL;
    for (size_t i = 0; i < body->n; i++) {
        const gf_yaml_node *f = body->items[2 * i], *v = body->items[2 * i + 1];
        int rc = 0;
        if (key_is(f, "source")) {
            rc = source_var(c, v, &t->source, &t->source_multi);
            has_source = true;
        } else if (t->op == TR_SUBSTRING && key_is(f, "startChar")) {
            rc = int_field(c, v, &t->start);
            t->has_start = true;
        } else if (t->op == TR_SUBSTRING && key_is(f, "endChar")) {
            rc = int_field(c, v, &t->end);
            t->has_end = true;
        } else if (t->op == TR_REPLACE && key_is(f, "replace")) {
            rc = compile_regex(c, v, &t->re);
            has_re = true;
        } else if (t->op == TR_REPLACE && key_is(f, "by")) {
            const char *by;
            if (!(rc = get_string(c, v, "by", &by)))
                t->by = gf_memdup(by, v->len);
            has_by = true;
        } else if (t->op == TR_CONVERT && key_is(f, "toCase")) {
            gf_case cs = GF_CASE_LOWER;
            if (v->type != GF_YAML_SCALAR || !gf_case_parse(v->str, v->len, &cs))
                rc = cerr(c, v,
                          "unknown toCase '%s' (lowerCase, upperCase, capitalize, camelCase, "
                          "snakeCase, kebabCase, pascalCase)",
                          v->str);
            t->to_case = (int)cs;
            has_case = true;
        } else if (t->op == TR_CONVERT && key_is(f, "separatedBy")) {
            if (v->type != GF_YAML_SEQ)
                rc = cerr(c, v, "separatedBy must be a list");
            t->separators = 0;
            for (size_t j = 0; !rc && j < v->n; j++) {
                unsigned bit;
                const gf_yaml_node *sv = v->items[j];
                if (sv->type != GF_YAML_SCALAR || !gf_case_sep_parse(sv->str, sv->len, &bit))
                    rc = cerr(c, sv,
                              "unknown separator '%s' (dash, dot, space, slash, underscore, "
                              "caseChange)",
                              sv->str);
                else
                    t->separators |= bit;
            }
        } else {
            rc = cerr(c, f, "unknown field '%s' in %s", f->str, k->str);
        }
        if (rc)
            return rc;
    }
    if (!has_source)
        return cerr(c, body, "%s needs a source", k->str);
    if (t->op == TR_REPLACE && (!has_re || !has_by))
        return cerr(c, body, "replace needs 'replace' (a regex) and 'by'");
    if (t->op == TR_CONVERT && !has_case)
        return cerr(c, body, "convert needs 'toCase'");
    return 0;
}

/* Splits the string form "op($A, key=value, key=[a, b])" into a YAML-like
 * mapping the object compiler reads: the arguments become fields. */
static int compile_trans_str(cctx *c, const gf_yaml_node *y, uint32_t var, rtrans *t)
{
    const char *s = y->str, *open = strchr(s, '('), *close = strrchr(s, ')');
    if (!open || !close || close < open)
        return cerr(c, y, "transformation '%s' is not of the form op($VAR, key=value, ...)", s);
    gf_arena a = GF_ARENA_INIT;
    gf_yaml_node *root = gf_arena_alloc(&a, sizeof *root), *body = gf_arena_alloc(&a, sizeof *body);
    gf_yaml_node *keys[16], *vals[16];
    size_t nf = 0;
    memset(root, 0, sizeof *root);
    memset(body, 0, sizeof *body);
    root->type = GF_YAML_MAP;
    root->line = y->line;
    root->col = y->col;
    body->type = GF_YAML_MAP;
    body->line = y->line;
    body->col = y->col;
    int rc = 0;
    /* the op name */
    const char *p = s;
    while (*p == ' ')
        p++;
    const char *oe = open;
    while (oe > p && oe[-1] == ' ')
        oe--;
    gf_yaml_node *opk = gf_arena_alloc(&a, sizeof *opk);
    memset(opk, 0, sizeof *opk);
    opk->type = GF_YAML_SCALAR;
    opk->str = gf_arena_strndup(&a, p, (size_t)(oe - p));
    opk->len = (size_t)(oe - p);
    opk->line = y->line;
    opk->col = y->col;
    /* arguments: the first is the source; others key=value */
    p = open + 1;
    bool first = true;
    while (!rc && p < close && nf < 15) {
        while (p < close && (*p == ' ' || *p == ','))
            p++;
        if (p >= close)
            break;
        const char *ks = p, *ke = p;
        bool keyed = false;
        const char *scan = p;
        while (scan < close && *scan != ',' && *scan != '=' && *scan != '\'' && *scan != '"' &&
               *scan != '[')
            scan++;
        if (scan < close && *scan == '=') {
            keyed = true;
            ke = scan;
            while (ke > ks && ke[-1] == ' ')
                ke--;
            p = scan + 1;
            while (p < close && *p == ' ')
                p++;
        }
        gf_yaml_node *k = gf_arena_alloc(&a, sizeof *k), *v = gf_arena_alloc(&a, sizeof *v);
        memset(k, 0, sizeof *k);
        memset(v, 0, sizeof *v);
        k->type = GF_YAML_SCALAR;
        k->line = v->line = y->line;
        k->col = v->col = y->col;
        if (keyed) {
            k->str = gf_arena_strndup(&a, ks, (size_t)(ke - ks));
            k->len = (size_t)(ke - ks);
        } else if (first) {
            k->str = "source";
            k->len = 6;
        } else {
            rc = cerr(c, y, "transformation '%s': arguments after the source need key=value", s);
            break;
        }
        first = false;
        if (*p == '\'' || *p == '"') {
            char q = *p++;
            const char *vs = p;
            while (p < close && *p != q)
                p++;
            if (p >= close) {
                rc = cerr(c, y, "transformation '%s': unterminated string", s);
                break;
            }
            v->type = GF_YAML_SCALAR;
            v->str = gf_arena_strndup(&a, vs, (size_t)(p - vs));
            v->len = (size_t)(p - vs);
            p++;
        } else if (*p == '[') {
            const char *le = memchr(p, ']', (size_t)(close - p));
            if (!le) {
                rc = cerr(c, y, "transformation '%s': unterminated list", s);
                break;
            }
            v->type = GF_YAML_SEQ;
            v->items = gf_arena_alloc(&a, 16 * sizeof(gf_yaml_node *));
            const char *q = p + 1;
            while (q < le && v->n < 16) {
                while (q < le && (*q == ' ' || *q == ','))
                    q++;
                const char *es = q;
                while (q < le && *q != ',' && *q != ' ')
                    q++;
                if (q > es) {
                    gf_yaml_node *it = gf_arena_alloc(&a, sizeof *it);
                    memset(it, 0, sizeof *it);
                    it->type = GF_YAML_SCALAR;
                    it->plain = true;
                    it->str = gf_arena_strndup(&a, es, (size_t)(q - es));
                    it->len = (size_t)(q - es);
                    it->line = y->line;
                    it->col = y->col;
                    v->items[v->n++] = it;
                }
            }
            p = le + 1;
        } else {
            const char *vs = p;
            while (p < close && *p != ',')
                p++;
            const char *ve = p;
            while (ve > vs && ve[-1] == ' ')
                ve--;
            v->type = GF_YAML_SCALAR;
            v->plain = true;
            v->str = gf_arena_strndup(&a, vs, (size_t)(ve - vs));
            v->len = (size_t)(ve - vs);
        }
        keys[nf] = k;
        vals[nf] = v;
        nf++;
    }
    if (!rc) {
        body->n = nf;
        body->items = gf_arena_alloc(&a, (2 * nf + 1) * sizeof(gf_yaml_node *));
        for (size_t i = 0; i < nf; i++) {
            body->items[2 * i] = keys[i];
            body->items[2 * i + 1] = vals[i];
        }
        gf_yaml_node *pair[2] = {opk, body};
        root->n = 1;
        root->items = pair;
        rc = compile_trans_obj(c, root, var, t);
    }
    gf_arena_release(&a);
    return rc;
}

static int compile_transform(cctx *c, const gf_yaml_node *y, rcore *core)
{
    if (y->type != GF_YAML_MAP)
        return cerr(c, y,
                    "transform must be a mapping from new variable names to "
                    "transformations");
    GF_VEC(rtrans) raw = GF_VEC_INIT;
    int rc = 0;
    for (size_t i = 0; i < y->n && !rc; i++) {
        const gf_yaml_node *k = y->items[2 * i], *v = y->items[2 * i + 1];
        rtrans t;
        memset(&t, 0, sizeof t);
        uint32_t var = gf_rules_var_id(c->rs, k->str, k->len);
        rc = v->type == GF_YAML_SCALAR ? compile_trans_str(c, v, var, &t)
                                       : compile_trans_obj(c, v, var, &t);
        if (!rc) {
            gf_vec_push(&raw, t);
        } else {
            /* what the failed transformation compiled before its error */
            gf_regex_delete(t.re);
            gf_free(t.by);
        }
    }
    /* Order: a transformation runs after those producing its source. */
    bool *done = gf_calloc(raw.len + 1, sizeof(bool));
    for (size_t placed = 0; !rc && placed < raw.len;) {
        bool progress = false;
        for (size_t i = 0; i < raw.len; i++) {
            if (done[i])
                continue;
            bool ready = true;
            for (size_t j = 0; j < raw.len && ready; j++)
                ready = done[j] || j == i || raw.items[j].var != raw.items[i].source;
            if (raw.items[i].source == raw.items[i].var)
                ready = false;
            if (!ready)
                continue;
            gf_vec_push(&core->trans, raw.items[i]);
            done[i] = true;
            placed++;
            progress = true;
        }
        if (!progress)
            rc = cerr(c, y, "transform variables depend on each other in a cycle");
    }
    if (rc)
        for (size_t i = 0; i < raw.len; i++)
            if (!done[i]) {
                gf_regex_delete(raw.items[i].re);
                gf_free(raw.items[i].by);
            }
    gf_free(done);
    gf_vec_release(&raw);
    return rc;
}
