/* rule: evaluating compiled rules on syntax trees, ast-grep's way, and
 * scanning a tree with many rules in one traversal.
 *
 * The environment (metavariable bindings and secondary labels) is the
 * matcher's binding stack. Where ast-grep keeps or drops bindings is
 * reproduced exactly: a pattern that fails binds nothing; `any` keeps only
 * the bindings of the branch that matched; `all`, `not` and the relational
 * searches keep what their sub-rules bound even when they fail, as
 * ast-grep 0.51.1 does. */
#include <string.h>

#include "match/rule.h"
#include "match/template.h"
#include "match/transform.h"
#include "syntax/cursor.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "walk/ignore.h"

/* Deepest nesting of rule evaluation (utilities may recurse through
 * relational rules); deeper attempts fail instead of exhausting the
 * stack. */
#define MAX_EVAL_DEPTH 1000

typedef struct ectx {
    const gf_rules *rs;
    gf_matcher *m;
    const char *src;
    unsigned depth;
    GF_VEC(TSNode) nodes; /* children/sibling frames, used as a stack */
} ectx;

/*
 * Pushes the children of parent on e->nodes (a frame; pop by restoring
 * e->nodes.len to the returned start). A cursor walk: O(children), where
 * ts_node_child(i) and ts_node_next_sibling cost O(i) each.
 */
static size_t push_children(ectx *e, TSNode parent, size_t *count)
{
    size_t start = e->nodes.len;
    TSTreeCursor c = ts_tree_cursor_new(parent);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do
            gf_vec_push(&e->nodes, ts_tree_cursor_current_node(&c));
        while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    *count = e->nodes.len - start;
    return start;
}

static bool eval_to(ectx *e, const rnode *r, TSNode n, TSNode *out);

/* Whether r matches n (the node it matched is not needed). */
static bool eval(ectx *e, const rnode *r, TSNode n)
{
    TSNode m;
    return eval_to(e, r, n, &m);
}

static bool has_kind(const uint64_t *kinds, TSNode n)
{
    TSSymbol s = ts_node_symbol(n);
    uint32_t b = gf_kind_bit(s);
    return !kinds || (kinds[b / 64] >> (b % 64)) & 1;
}

/* Character column of a byte offset, given its byte column. */
static uint32_t char_col(const char *src, uint32_t offset, uint32_t byte_col)
{
    uint32_t n = 0;
    for (uint32_t i = offset - byte_col; i < offset; i++)
        n += ((unsigned char)src[i] & 0xC0) != 0x80;
    return n;
}

static bool eval_range(ectx *e, const rnode *r, TSNode n)
{
    TSPoint s = ts_node_start_point(n), t = ts_node_end_point(n);
    if (s.row != r->sl || t.row != r->el)
        return false;
    return char_col(e->src, ts_node_start_byte(n), s.column) == r->sc &&
           char_col(e->src, ts_node_end_byte(n), t.column) == r->ec;
}

/* ast-grep's An+B test on a 0-based index (Rust's truncating division). */
static bool position_matches(const rnode *r, size_t index)
{
    int64_t i = (int64_t)index + 1;
    if (r->step == 0)
        return i == r->offset;
    int64_t d = i - r->offset;
    return d / r->step >= 0 && d % r->step == 0;
}

static bool eval_nth(ectx *e, const rnode *r, TSNode n)
{
    TSNode parent = ts_node_parent(n);
    if (ts_node_is_null(parent))
        return false;
    /* The named siblings (those matching ofRule, which may bind); the
     * node's position among them. */
    size_t count = 0, index = SIZE_MAX;
    uint32_t nc = ts_node_child_count(parent);
    TSTreeCursor c = ts_tree_cursor_new(parent);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ts_node_is_named(k))
                continue;
            if (r->of && !eval(e, r->of, k))
                continue;
            if (ts_node_eq(k, n))
                index = count;
            count++;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    (void)nc;
    if (index == SIZE_MAX)
        return false;
    if (r->reverse)
        index = count - 1 - index;
    return position_matches(r, index);
}

static bool eval_util(ectx *e, const rutil *u, TSNode n, TSNode *out);

/*
 * Tests the relational rule's sub-rule on candidate n. As in ast-grep, a
 * rule "returns" the node it matched: the candidate itself, except that a
 * relational rule returns the node its own search found. That node is the
 * relation's result, and is recorded as a secondary label.
 */
static bool found(ectx *e, const rnode *r, TSNode n, TSNode *out)
{
    TSNode m;
    if (!eval_to(e, r->inner, n, &m))
        return false;
    gf_vec_push(&e->m->labels, m);
    *out = m;
    return true;
}

static bool stops(ectx *e, const rnode *r, TSNode n)
{
    if (r->stop != STOP_RULE)
        return false;
    /* ast-grep tests the stop rule with an environment of its own. */
    gf_env_mark k = gf_env_save(e->m);
    bool s = eval(e, r->stop_rule, n);
    gf_env_restore(e->m, k);
    return s;
}

static bool eval_inside(ectx *e, const rnode *r, TSNode n, TSNode *out)
{
    TSNode child = n;
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); child = p, p = ts_node_parent(p)) {
        bool ok = true;
        if (r->field) {
            TSNode f = ts_node_child_by_field_id(p, r->field);
            ok = !ts_node_is_null(f) && ts_node_eq(f, child);
        }
        if (ok && found(e, r, p, out))
            return true;
        if (r->stop == STOP_NEIGHBOR || stops(e, r, p))
            return false;
    }
    return false;
}

/* has with stopBy end: pre-order over n's descendants (from n itself when
 * self is true). */
static bool has_dfs(ectx *e, const rnode *r, TSNode n, bool self, TSNode *out)
{
    if (self && found(e, r, n, out))
        return true;
    TSTreeCursor c = ts_tree_cursor_new(n);
    bool hit = false;
    if (ts_tree_cursor_goto_first_child(&c)) {
        for (;;) {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (found(e, r, k, out)) {
                hit = true;
                break;
            }
            if (ts_tree_cursor_goto_first_child(&c))
                continue;
            bool next = false;
            for (;;) {
                if (ts_tree_cursor_goto_next_sibling(&c)) {
                    next = true;
                    break;
                }
                if (!ts_tree_cursor_goto_parent(&c))
                    break;
                if (ts_node_eq(ts_tree_cursor_current_node(&c), n))
                    break;
            }
            if (!next)
                break;
        }
    }
    ts_tree_cursor_delete(&c);
    return hit;
}

/* has with a stop rule: each child is tested; a child that is not a stop
 * node is searched in turn (recursively), as ast-grep. */
static bool has_until(ectx *e, const rnode *r, TSNode n, unsigned depth, TSNode *out)
{
    if (depth > MAX_EVAL_DEPTH)
        return false;
    size_t nc, at = push_children(e, n, &nc);
    bool hit = false;
    for (size_t i = 0; i < nc && !hit; i++) {
        TSNode k = e->nodes.items[at + i];
        hit = found(e, r, k, out) || (!stops(e, r, k) && has_until(e, r, k, depth + 1, out));
    }
    e->nodes.len = at;
    return hit;
}

/* Tests the sub-rule on each child of n in turn; the first that matches. */
static bool any_child(ectx *e, const rnode *r, TSNode n, TSNode *out)
{
    size_t nc, at = push_children(e, n, &nc);
    bool hit = false;
    for (size_t i = 0; i < nc && !hit; i++)
        hit = found(e, r, e->nodes.items[at + i], out);
    e->nodes.len = at;
    return hit;
}

static bool eval_has(ectx *e, const rnode *r, TSNode n, TSNode *out)
{
    if (r->field) {
        TSNode f = ts_node_child_by_field_id(n, r->field);
        if (ts_node_is_null(f))
            return false;
        switch (r->stop) {
        case STOP_NEIGHBOR: return found(e, r, f, out);
        case STOP_END: return has_dfs(e, r, f, true, out);
        case STOP_RULE:
            if (found(e, r, f, out))
                return true;
            return !stops(e, r, f) && any_child(e, r, f, out);
        }
    }
    switch (r->stop) {
    case STOP_NEIGHBOR: return any_child(e, r, n, out);
    case STOP_END: return has_dfs(e, r, n, false, out);
    case STOP_RULE: return has_until(e, r, n, 0, out);
    }
    return false;
}

/* precedes (forward) / follows (backward) over siblings, unnamed included,
 * nearest first. */
static bool eval_sibling(ectx *e, const rnode *r, TSNode n, bool forward, TSNode *out)
{
    TSNode parent = ts_node_parent(n);
    if (ts_node_is_null(parent))
        return false;
    size_t nc, at = push_children(e, parent, &nc), self = nc;
    for (size_t i = 0; i < nc && self == nc; i++)
        if (ts_node_eq(e->nodes.items[at + i], n))
            self = i;
    bool hit = false;
    if (self < nc) {
        for (size_t k = 1;; k++) {
            if (forward ? self + k >= nc : k > self)
                break;
            TSNode s = e->nodes.items[at + (forward ? self + k : self - k)];
            if (found(e, r, s, out)) {
                hit = true;
                break;
            }
            if (r->stop == STOP_NEIGHBOR || stops(e, r, s))
                break;
        }
    }
    e->nodes.len = at;
    return hit;
}

static bool eval_to(ectx *e, const rnode *r, TSNode n, TSNode *out)
{
    if (++e->depth > MAX_EVAL_DEPTH) {
        e->depth--;
        return false;
    }
    bool ok = false;
    *out = n;
    switch (r->k) {
    case R_PATTERN: ok = gf_pattern_match_node(r->pat, r->varmap, e->m, e->src, n); break;
    case R_KIND: ok = ts_node_symbol(n) == r->sym; break;
    case R_REGEX: {
        uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
        ok = gf_regex_search(r->re, e->src + a, b - a);
        break;
    }
    case R_NTH: ok = eval_nth(e, r, n); break;
    case R_RANGE: ok = eval_range(e, r, n); break;
    case R_ALL:
        /* Bindings of sub-rules that matched stay even when a later one
         * fails, as in ast-grep; all returns the node itself. */
        if (!has_kind(r->kinds, n))
            break;
        ok = true;
        for (size_t i = 0; i < r->nkids && ok; i++)
            ok = eval(e, r->kids[i], n);
        break;
    case R_ANY:
        /* Only the matching branch's bindings are kept. */
        if (!has_kind(r->kinds, n))
            break;
        for (size_t i = 0; i < r->nkids && !ok; i++) {
            gf_env_mark k = gf_env_save(e->m);
            ok = eval(e, r->kids[i], n);
            if (!ok)
                gf_env_restore(e->m, k);
        }
        break;
    case R_NOT: {
        /* Nothing bound under a not is kept. */
        gf_env_mark k = gf_env_save(e->m);
        ok = !eval(e, r->inner, n);
        gf_env_restore(e->m, k);
        break;
    }
    case R_MATCHES: ok = r->util && eval_util(e, r->util, n, out); break;
    case R_INSIDE: ok = eval_inside(e, r, n, out); break;
    case R_HAS: ok = eval_has(e, r, n, out); break;
    case R_PRECEDES: ok = eval_sibling(e, r, n, true, out); break;
    case R_FOLLOWS: ok = eval_sibling(e, r, n, false, out); break;
    }
    e->depth--;
    return ok;
}

/* Constraints on bound single variables; unbound ones pass. They may bind
 * further variables, kept only when all hold. */
static bool check_constraints(ectx *e, const rcore *c)
{
    gf_env_mark k = gf_env_save(e->m);
    for (size_t i = 0; i < c->cons.len; i++) {
        const gf_bind *b = gf_env_lookup(e->m, c->cons.items[i].var);
        if (!b || b->multi)
            continue;
        if (!eval(e, c->cons.items[i].rule, b->node)) {
            gf_env_restore(e->m, k);
            return false;
        }
    }
    return true;
}

/* eval_core for a node already known to be of a potential root kind. */
static bool eval_core_kind_ok(ectx *e, const rcore *c, TSNode n, TSNode *out)
{
    return eval_to(e, c->rule, n, out) && check_constraints(e, c);
}

static bool eval_core(ectx *e, const rcore *c, TSNode n, TSNode *out)
{
    return has_kind(c->rule->kinds, n) && eval_core_kind_ok(e, c, n, out);
}

/* A local utility shares the rule's environment; a global one (utilDirs)
 * matches in an environment of its own, so what it binds is not seen by
 * the rule that uses it, as in ast-grep. */
static bool eval_util(ectx *e, const rutil *u, TSNode n, TSNode *out)
{
    if (!u->core)
        return eval_to(e, u->rule, n, out);
    gf_env_mark k = gf_env_save(e->m);
    size_t floor = e->m->floor;
    e->m->floor = e->m->binds.len;
    bool ok = eval_core(e, u->core, n, out);
    e->m->floor = floor;
    gf_env_restore(e->m, k);
    return ok;
}

/* ---- reporting ---- */

typedef struct scan_state {
    ectx e;
    const gf_source *s;
    GF_VEC(gf_rule_var) vars;
    GF_VEC(gf_span) spans;
    GF_VEC(gf_span) labels;
    GF_VEC(gf_rule_label) shown;
    GF_VEC(gf_rule_text) trans;
    gf_buf text; /* transformed texts, then message and fix */
    GF_VEC(size_t) trans_off;
} scan_state;

static gf_span node_span(TSNode n)
{
    return (gf_span){ts_node_start_byte(n), ts_node_end_byte(n)};
}

/* The text a variable stands for: a single node's, or a list's from its
 * first node's start to its last node's end. */
static bool var_text(const scan_state *st, uint32_t id, bool multi, gf_template_value *v)
{
    const gf_bind *b = gf_env_lookup(st->e.m, id);
    if (!b || b->multi != multi)
        return false;
    gf_span sp;
    if (!b->multi) {
        sp = node_span(b->node);
    } else {
        if (b->count == 0) {
            *v = (gf_template_value){"", 0, SIZE_MAX};
            return true;
        }
        sp.start = ts_node_start_byte(st->e.m->multi.items[b->first]);
        sp.end = ts_node_end_byte(st->e.m->multi.items[b->first + b->count - 1]);
    }
    *v = (gf_template_value){st->s->bytes + sp.start, sp.end - sp.start, sp.start};
    return true;
}

/* Transformed variables are text: $NAME and $$NAME reach them, not $$$. */
static bool lookup_var(void *ctx, const char *name, size_t nlen, bool multi, gf_template_value *v)
{
    const scan_state *st = ctx;
    for (size_t i = st->trans.len; i-- > 0;) {
        const gf_rule_text *t = &st->trans.items[i];
        if (strlen(t->name) == nlen && memcmp(t->name, name, nlen) == 0) {
            if (multi)
                return false;
            *v = (gf_template_value){st->text.ptr + st->trans_off.items[i], t->len, SIZE_MAX};
            return true;
        }
    }
    uint32_t id = gf_rules_var_find(st->e.rs, name, nlen);
    return id != UINT32_MAX && var_text(st, id, multi, v);
}

/* Applies one transformation to text, appending the result to out. */
static void apply_transform(const rtrans *t, const char *text, size_t len, gf_buf *out)
{
    switch (t->op) {
    case 0: {
        gf_substring_opts o = {t->has_start, t->has_end, t->start, t->end};
        gf_transform_substring(text, len, &o, out);
        break;
    }
    case 1: gf_transform_replace(text, len, t->re, t->by, strlen(t->by), out, NULL); break;
    default: gf_transform_convert(text, len, (gf_case)t->to_case, t->separators, out); break;
    }
}

/* Computes the rule's transformed variables into st->trans/st->text. */
static void transform(scan_state *st, const rcore *c)
{
    st->trans.len = st->trans_off.len = 0;
    for (size_t i = 0; i < c->trans.len; i++) {
        const rtrans *t = &c->trans.items[i];
        gf_template_value v;
        const char *src_name = gf_rules_var_name(st->e.rs, t->source);
        if (!lookup_var(st, src_name, strlen(src_name), t->source_multi, &v))
            v = (gf_template_value){"", 0, SIZE_MAX}; /* unbound: "" as ast-grep */
        /* v may point into st->text, which grows: copy first. */
        gf_buf in = GF_BUF_INIT;
        gf_buf_add(&in, v.text, v.len);
        size_t off = st->text.len;
        apply_transform(t, in.ptr, in.len, &st->text);
        gf_buf_release(&in);
        gf_vec_push(&st->trans_off, off);
        gf_vec_push(&st->trans, ((gf_rule_text){gf_rules_var_name(st->e.rs, t->var), NULL,
                                                st->text.len - off}));
    }
}

/* Renders a message: $VAR, $$VAR and $$$VAR replaced by their text. */
static void render_message(scan_state *st, const char *msg, gf_buf *out)
{
    /* Transformed values live in st->text, which may be out: expand into a
     * buffer of its own first. */
    gf_buf tmp = GF_BUF_INIT;
    gf_template_expand(st->s->bytes, msg, strlen(msg), lookup_var, st, false, &tmp);
    gf_buf_add(out, tmp.ptr, tmp.len);
    gf_buf_release(&tmp);
}

/*
 * The fix's range: the match, extended to the start of the node that
 * expandStart finds among the previous siblings and to the end of the one
 * expandEnd finds among the next siblings (each searched as follows /
 * precedes would be, with its stopBy). Bindings made there are dropped.
 */
static gf_span fix_range(scan_state *st, const rcore *c, TSNode n)
{
    gf_span sp = node_span(n);
    const rnode *ends[2] = {c->expand_start, c->expand_end};
    for (int side = 0; side < 2; side++) {
        const rnode *r = ends[side];
        if (!r)
            continue;
        gf_env_mark k = gf_env_save(st->e.m);
        TSNode hit;
        if (eval_sibling(&st->e, r, n, side == 1, &hit)) {
            if (side)
                sp.end = ts_node_end_byte(hit);
            else
                sp.start = ts_node_start_byte(hit);
        }
        gf_env_restore(st->e.m, k);
    }
    return sp;
}

static int report(scan_state *st, const gf_rule *rule, TSNode n, gf_rule_match_fn fn, void *user)
{
    gf_matcher *m = st->e.m;
    st->vars.len = st->spans.len = st->labels.len = 0;
    st->text.len = 0;
    transform(st, &rule->core);
    /* Variables in first-binding order, each with its latest binding. */
    for (size_t i = 0; i < m->binds.len; i++) {
        uint32_t id = m->binds.items[i].var;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = m->binds.items[j].var == id;
        if (seen)
            continue;
        const gf_bind *b = gf_env_lookup(m, id);
        gf_rule_var v = {gf_rules_var_name(st->e.rs, id), b->multi, (uint32_t)st->spans.len, 0};
        if (!b->multi) {
            gf_vec_push(&st->spans, node_span(b->node));
            v.count = 1;
        } else {
            for (uint32_t k = 0; k < b->count; k++)
                gf_vec_push(&st->spans, node_span(m->multi.items[b->first + k]));
            v.count = b->count;
        }
        gf_vec_push(&st->vars, v);
    }
    for (size_t i = 0; i < m->labels.len; i++)
        gf_vec_push(&st->labels, node_span(m->labels.items[i]));
    st->shown.len = 0;
    if (!rule->has_labels) {
        gf_vec_push(&st->shown, ((gf_rule_label){node_span(n), true, NULL}));
        for (size_t i = 0; i < st->labels.len; i++)
            gf_vec_push(&st->shown, ((gf_rule_label){st->labels.items[i], false, NULL}));
    } else {
        /* The rule's labels: a variable's node, or its list's extent. */
        for (size_t i = 0; i < rule->labels.len; i++) {
            const rlabel *l = &rule->labels.items[i];
            const gf_bind *b = gf_env_lookup(m, l->var);
            if (!b || (b->multi && b->count == 0))
                continue;
            gf_span sp = b->multi
                             ? (gf_span){ts_node_start_byte(m->multi.items[b->first]),
                                         ts_node_end_byte(m->multi.items[b->first + b->count - 1])}
                             : node_span(b->node);
            gf_vec_push(&st->shown, ((gf_rule_label){sp, l->primary, l->message}));
        }
    }
    size_t msg_off = st->text.len;
    render_message(st, rule->message, &st->text);
    size_t msg_len = st->text.len - msg_off;
    size_t fix_off = st->text.len;
    gf_span fr = {0, 0};
    if (rule->core.has_fix) {
        fr = fix_range(st, &rule->core, n);
        gf_template_render(st->s->bytes, ts_node_start_byte(n), rule->core.fix, rule->core.fix_len,
                           lookup_var, st, &st->text);
    }
    for (size_t i = 0; i < st->trans.len; i++)
        st->trans.items[i].text = st->text.ptr + st->trans_off.items[i];
    gf_rule_match rm = {rule,
                        node_span(n),
                        st->vars.len,
                        st->vars.items,
                        st->spans.items,
                        st->labels.len,
                        st->labels.items,
                        st->shown.len,
                        st->shown.items,
                        st->trans.len,
                        st->trans.items,
                        st->text.ptr + msg_off,
                        msg_len,
                        rule->core.has_fix,
                        fr,
                        st->text.ptr + fix_off,
                        rule->core.has_fix ? st->text.len - fix_off : 0};
    return fn ? fn(user, &rm) : 0;
}

size_t gf_rules_scan(const gf_rules *rs, const gf_rule *const *rules, size_t n, gf_matcher *m,
                     const gf_source *s, const TSTree *tree, gf_rule_match_fn fn, void *user)
{
    scan_state st = {.e = {rs, m, s->bytes, 0, GF_VEC_INIT}, .s = s, .text = GF_BUF_INIT};
    size_t count = 0;
    bool stop = false;
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
    while (!stop) {
        TSNode node = ts_tree_cursor_current_node(&c);
        /* The symbol once per node, not once per rule: most rules start
         * at a few kinds, and this test rejects most (rule, node) pairs. */
        uint32_t b = gf_kind_bit(ts_node_symbol(node));
        for (size_t i = 0; i < n && !stop; i++) {
            const gf_rule *r = rules[i];
            const uint64_t *k = r->core.rule->kinds;
            if (k && !((k[b / 64] >> (b % 64)) & 1))
                continue;
            m->binds.len = m->multi.len = m->labels.len = m->kids.len = 0;
            TSNode matched;
            if (!eval_core_kind_ok(&st.e, &r->core, node, &matched))
                continue;
            count++;
            stop = report(&st, r, node, fn, user) != 0;
        }
        if (!gf_cursor_next(&c, ts_node_child_count(node) > 0))
            break;
    }
    ts_tree_cursor_delete(&c);
    gf_vec_release(&st.vars);
    gf_vec_release(&st.spans);
    gf_vec_release(&st.labels);
    gf_vec_release(&st.shown);
    gf_vec_release(&st.e.nodes);
    gf_vec_release(&st.trans);
    gf_vec_release(&st.trans_off);
    gf_buf_release(&st.text);
    return count;
}

/* ---- rule accessors ---- */

const char *gf_rule_id(const gf_rule *r)
{
    return r->id;
}

const gf_lang *gf_rule_lang(const gf_rule *r)
{
    return r->core.lang;
}

gf_severity gf_rule_severity(const gf_rule *r)
{
    return r->severity;
}

const char *gf_rule_note(const gf_rule *r)
{
    return r->note;
}

const char *gf_rule_url(const gf_rule *r)
{
    return r->url;
}

bool gf_rule_has_fix(const gf_rule *r)
{
    return r->core.has_fix;
}

const char *gf_rule_source(const gf_rule *r, uint32_t *line)
{
    if (line)
        *line = r->line;
    return r->src;
}

const char *gf_rule_base(const gf_rule *r)
{
    return r->base;
}

/* Matches g (brace alternatives already expanded) as globset: '*' also
 * matches '/', and "double-star slash" may match no directory at all. */
static bool glob_plain(const char *g, const char *path, unsigned flags, int depth)
{
    if (gf_wildmatch(g, path, flags))
        return true;
    if (depth > 8)
        return false;
    /* Every "**" followed by '/' may also stand for nothing. */
    for (const char *p = strstr(g, "**/"); p; p = strstr(p + 1, "**/")) {
        if (p != g && p[-1] != '/')
            continue;
        gf_buf b = GF_BUF_INIT;
        gf_buf_add(&b, g, (size_t)(p - g));
        gf_buf_adds(&b, p + 3);
        bool ok = glob_plain(b.ptr, path, flags, depth + 1);
        gf_buf_release(&b);
        if (ok)
            return true;
    }
    return false;
}

/* Expands the first {a,b,...} of g (no nesting inside an alternative's
 * braces is needed for rule globs) and matches each; at most a few hundred
 * alternatives. */
static bool glob_braces(const char *g, const char *path, unsigned flags, int *budget)
{
    const char *open = strchr(g, '{');
    const char *close = open ? strchr(open, '}') : NULL;
    if (!open || !close)
        return glob_plain(g, path, flags, 0);
    for (const char *alt = open + 1;;) {
        const char *end = alt;
        while (end < close && *end != ',')
            end++;
        if (--*budget < 0)
            return false;
        gf_buf b = GF_BUF_INIT;
        gf_buf_add(&b, g, (size_t)(open - g));
        gf_buf_add(&b, alt, (size_t)(end - alt));
        gf_buf_adds(&b, close + 1);
        bool ok = glob_braces(b.ptr, path, flags, budget);
        gf_buf_release(&b);
        if (ok)
            return true;
        if (end >= close)
            return false;
        alt = end + 1;
    }
}

/* A files/ignores glob as ast-grep's globset reads it. A glob stored with a
 * leading \x01 is case-insensitive ({glob, caseInsensitive: true}). */
static bool glob_matches(const char *g, const char *path)
{
    unsigned flags = 0;
    if (g[0] == '\x01') {
        flags |= GF_WM_CASEFOLD;
        g++;
    }
    int budget = 512;
    return glob_braces(g, path, flags, &budget);
}

bool gf_rule_applies(const gf_rule *r, const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    for (size_t i = 0; i < r->ignores.len; i++)
        if (glob_matches(r->ignores.items[i], path))
            return false;
    if (r->files.len == 0)
        return true;
    for (size_t i = 0; i < r->files.len; i++)
        if (glob_matches(r->files.items[i], path))
            return true;
    return false;
}

bool gf_rule_may_match(const gf_rule *r, const char *data, size_t len)
{
    for (size_t i = 0; i < r->core.nlits; i++)
        if (!memmem(data, len, r->core.lits[i], r->core.lit_lens[i]))
            return false;
    return true;
}
