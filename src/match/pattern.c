/* pattern: compiling ast-grep patterns into pnode trees. */
#include <string.h>

#include "match/pnode.h"
#include "syntax/cursor.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

/* Deepest pattern accepted: conversion and matching recurse per level. */
#define MAX_PATTERN_DEPTH 512

bool gf_strictness_parse(const char *name, gf_strictness *out)
{
    static const char *const names[] = {"smart", "cst", "ast", "relaxed", "signature", "template"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (gf_strictness)i;
            return true;
        }
    return false;
}

/* The character that stands for '$' where '$' cannot start an identifier:
 * the same "expando" characters ast-grep uses, so the same patterns parse. */
static const char *expando_of(const gf_lang *l)
{
    static const char *const micro[] = {"python", "go", "rust"};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(l->name, micro[i]) == 0)
            return "\xC2\xB5"; /* U+00B5 MICRO SIGN */
    if (strcmp(l->name, "c") == 0 || strcmp(l->name, "cpp") == 0)
        return "\xF0\x90\x80\x80"; /* U+10000 */
    return NULL;
}

/* Replaces each run of '$' that is followed by [A-Z_], and every "$$$",
 * by as many expando characters. */
static void preprocess(const char *src, size_t len, const char *exp, gf_buf *out)
{
    size_t el = strlen(exp);
    for (size_t i = 0; i < len;) {
        if (src[i] != '$') {
            gf_buf_addc(out, src[i++]);
            continue;
        }
        size_t j = i;
        while (j < len && src[j] == '$')
            j++;
        bool var = j < len && ((src[j] >= 'A' && src[j] <= 'Z') || src[j] == '_');
        if (var || j - i >= 3) {
            for (size_t k = i; k < j; k++)
                gf_buf_add(out, exp, el);
        } else {
            gf_buf_add(out, src + i, j - i);
        }
        i = j;
    }
}

static bool var_char(char c, bool first)
{
    return (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
}

/* Classifies a node's whole text as a metavariable; *name receives the
 * name part (may be empty for anonymous forms). */
static bool extract_var(const char *t, size_t n, const char *meta, mv_kind *kind, bool *named,
                        const char **name, size_t *name_len)
{
    size_t ml = strlen(meta);
    size_t count = 0;
    while (n >= (count + 1) * ml && memcmp(t + count * ml, meta, ml) == 0 && count < 3)
        count++;
    if (count == 0)
        return false;
    const char *rest = t + count * ml;
    size_t rl = n - count * ml;
    if (count == 3 && rl == 0) {
        *kind = MV_MULTI;
        *name_len = 0;
        return true;
    }
    if (rl == 0 || !var_char(rest[0], true))
        return false;
    for (size_t i = 1; i < rl; i++)
        if (!var_char(rest[i], false))
            return false;
    bool anon = rest[0] == '_';
    *name = rest;
    *name_len = rl;
    *named = count == 1;
    if (count == 3)
        *kind = anon ? MV_MULTI : MV_MULTI_CAPTURE;
    else
        *kind = anon ? MV_DROPPED : MV_CAPTURE;
    return true;
}

typedef struct builder {
    gf_pattern *p;
    const char *src; /* preprocessed text */
    const char *meta;
    GF_VEC(pnode) nodes;
    gf_buf pool;
    GF_VEC(char *) vars;
    GF_VEC(bool) multi;
    bool too_deep;
} builder;

static uint32_t var_index(builder *b, const char *name, size_t n, bool multi)
{
    for (size_t i = 0; i < b->vars.len; i++)
        if (strlen(b->vars.items[i]) == n && memcmp(b->vars.items[i], name, n) == 0)
            return (uint32_t)i;
    gf_vec_push(&b->vars, gf_strndup(name, n));
    gf_vec_push(&b->multi, multi);
    return (uint32_t)(b->vars.len - 1);
}

static bool is_single_node(TSNode n)
{
    uint32_t c = ts_node_child_count(n);
    if (c == 1)
        return true;
    if (c == 2) {
        TSNode second = ts_node_child(n, 1);
        return ts_node_is_missing(second) || ts_node_type(second)[0] == '\0';
    }
    return false;
}

/* Fills nodes[at] from n; children are appended as one contiguous block. */
static void convert(builder *b, TSNode n, size_t at, int depth)
{
    if (depth > MAX_PATTERN_DEPTH) {
        b->too_deep = true;
        return;
    }
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    pnode pn = {0};
    mv_kind mk;
    bool named = true;
    const char *name = NULL;
    size_t name_len = 0;
    if (extract_var(b->src + s, e - s, b->meta, &mk, &named, &name, &name_len)) {
        pn.type = PN_METAVAR;
        pn.mv = (uint8_t)mk;
        pn.named = named;
        if (mk == MV_CAPTURE || mk == MV_MULTI_CAPTURE)
            pn.var = var_index(b, name, name_len, mk == MV_MULTI_CAPTURE);
        b->nodes.items[at] = pn;
        return;
    }
    uint32_t count = ts_node_child_count(n);
    if (count == 0) {
        pn.type = PN_TERMINAL;
        pn.named = ts_node_is_named(n);
        pn.kind = ts_node_symbol(n);
        pn.text = (uint32_t)b->pool.len;
        pn.text_len = e - s;
        gf_buf_add(&b->pool, b->src + s, e - s);
        b->nodes.items[at] = pn;
        return;
    }
    pn.type = PN_INTERNAL;
    pn.kind = ts_node_symbol(n);
    /* MISSING nodes the parser invented are not part of the pattern. */
    TSTreeCursor c = ts_tree_cursor_new(n);
    GF_VEC(TSNode) kids = GF_VEC_INIT;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ts_node_is_missing(k))
                gf_vec_push(&kids, k);
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    pn.child = (uint32_t)b->nodes.len;
    pn.nchild = (uint32_t)kids.len;
    gf_vec_reserve(&b->nodes, b->nodes.len + kids.len);
    memset(b->nodes.items + b->nodes.len, 0, kids.len * sizeof(pnode));
    b->nodes.len += kids.len;
    b->nodes.items[at] = pn;
    for (size_t i = 0; i < kids.len; i++)
        convert(b, kids.items[i], pn.child + i, depth + 1);
    gf_vec_release(&kids);
}

/* First node of kind `sym` in pre-order, if any. */
static bool find_kind(TSNode root, TSSymbol sym, TSNode *out)
{
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool found = false;
    do {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (ts_node_symbol(n) == sym) {
            *out = n;
            found = true;
            break;
        }
    } while (gf_cursor_next(&c, true));
    ts_tree_cursor_delete(&c);
    return found;
}

/* Keeps the pattern's distinct named leaf texts, longest first (the longest
 * is usually the rarest, so a file without it is dropped after one scan);
 * when there are more than GF_MAX_LITERALS, the longest ones. */
static void collect_literals(gf_pattern *p, const char *pool)
{
    for (size_t i = 0; i < p->nnodes; i++) {
        const pnode *n = &p->nodes[i];
        if (n->type != PN_TERMINAL || !n->named || n->text_len == 0)
            continue;
        bool dup = false;
        for (size_t j = 0; j < p->nliterals && !dup; j++)
            dup = p->literal_len[j] == n->text_len &&
                  memcmp(pool + p->literal[j], pool + n->text, n->text_len) == 0;
        if (dup)
            continue;
        size_t at = p->nliterals;
        while (at > 0 && p->literal_len[at - 1] < n->text_len)
            at--;
        if (at == GF_MAX_LITERALS)
            continue;
        size_t last = p->nliterals < GF_MAX_LITERALS ? p->nliterals : GF_MAX_LITERALS - 1;
        for (size_t j = last; j > at; j--) {
            p->literal[j] = p->literal[j - 1];
            p->literal_len[j] = p->literal_len[j - 1];
        }
        p->literal[at] = n->text;
        p->literal_len[at] = n->text_len;
        if (p->nliterals < GF_MAX_LITERALS)
            p->nliterals++;
    }
}

int gf_pattern_compile(const gf_lang *lang, const char *src, size_t len,
                       const gf_pattern_opts *opts, gf_pattern **out, gf_error *err)
{
    *out = NULL;
    gf_pattern_opts o = opts ? *opts : (gf_pattern_opts){0};
    const char *exp = expando_of(lang);
    builder b = {.meta = exp ? exp : "$", .pool = GF_BUF_INIT};
    gf_buf text = GF_BUF_INIT;
    if (exp)
        preprocess(src, len, exp, &text);
    else
        gf_buf_add(&text, src, len);
    b.src = text.ptr;

    TSParser *parser = ts_parser_new();
    int rc = 0;
    TSTree *tree = NULL;
    if (!ts_parser_set_language(parser, lang->ts()) ||
        !(tree = ts_parser_parse_string(parser, NULL, text.ptr, (uint32_t)text.len))) {
        rc = gf_error_set(err, GF_EPARSE, "cannot parse the pattern as %s", lang->name);
        goto out;
    }
    TSNode root = ts_tree_root_node(tree);
    TSNode goal = root;
    gf_pattern *p = gf_calloc(1, sizeof *p);
    p->lang = lang;
    p->strictness = o.strictness;
    if (o.selector) {
        TSSymbol sym =
            ts_language_symbol_for_name(lang->ts(), o.selector, (uint32_t)strlen(o.selector), true);
        if (!sym)
            sym = ts_language_symbol_for_name(lang->ts(), o.selector, (uint32_t)strlen(o.selector),
                                              false);
        if (!sym) {
            rc = gf_error_set(err, GF_EINVAL, "unknown node kind '%s' for %s", o.selector,
                              lang->name);
        } else if (!find_kind(root, sym, &goal)) {
            rc = gf_error_set(err, GF_EINVAL, "selector '%s' matches no node in the pattern",
                              o.selector);
        } else {
            p->has_root_kind = true;
            p->root_from_selector = true;
            p->root_kind = ts_node_symbol(goal);
        }
    } else if (ts_node_child_count(root) == 0) {
        rc = gf_error_set(err, GF_EINVAL, "the pattern is empty (no syntax node in it)");
    } else if (!is_single_node(root)) {
        rc = gf_error_set(err, GF_EINVAL,
                          "the pattern has several top-level nodes; match one node, or use "
                          "--selector KIND with the pattern as context");
    } else {
        while (is_single_node(goal))
            goal = ts_node_child(goal, 0);
    }
    if (rc == 0) {
        gf_vec_push_slot(&b.nodes);
        convert(&b, goal, 0, 0);
        if (b.too_deep)
            rc = gf_error_set(err, GF_EINVAL, "the pattern is nested too deeply (over %d levels)",
                              MAX_PATTERN_DEPTH);
        else if (b.nodes.items[0].type == PN_METAVAR && b.nodes.items[0].mv >= MV_MULTI &&
                 !o.selector)
            rc = gf_error_set(err, GF_EINVAL, "a pattern cannot be a bare $$$ list");
    }
    if (rc == 0 && !p->has_root_kind && b.nodes.items[0].type != PN_METAVAR) {
        p->has_root_kind = b.nodes.items[0].kind != PN_ERROR_SYMBOL;
        p->root_kind = b.nodes.items[0].kind;
    }
    p->nodes = b.nodes.items;
    p->nnodes = b.nodes.len;
    /* Every named leaf of the pattern must be matched by a node with the
     * same text, so its text occurs in any file holding a match. */
    if (rc == 0 && o.strictness != GF_STRICT_SIGNATURE)
        collect_literals(p, b.pool.ptr);
    p->pool = gf_buf_detach(&b.pool, &p->pool_len);
    p->vars = b.vars.items;
    p->var_multi = b.multi.items;
    p->nvars = b.vars.len;
    if (rc)
        gf_pattern_delete(p);
    else
        *out = p;
out:
    if (tree)
        ts_tree_delete(tree);
    ts_parser_delete(parser);
    gf_buf_release(&text);
    return rc;
}

void gf_pattern_delete(gf_pattern *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nvars; i++)
        gf_free(p->vars[i]);
    gf_free(p->vars);
    gf_free(p->var_multi);
    gf_free(p->nodes);
    gf_free(p->pool);
    gf_free(p);
}

size_t gf_pattern_var_count(const gf_pattern *p)
{
    return p->nvars;
}

const char *gf_pattern_var_name(const gf_pattern *p, size_t i)
{
    return p->vars[i];
}

bool gf_pattern_var_is_multi(const gf_pattern *p, size_t i)
{
    return p->var_multi[i];
}

bool gf_pattern_may_match(const gf_pattern *p, const char *data, size_t len)
{
    for (size_t i = 0; i < p->nliterals; i++)
        if (!memmem(data, len, p->pool + p->literal[i], p->literal_len[i]))
            return false;
    return true;
}
