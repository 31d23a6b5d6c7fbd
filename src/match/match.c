/* match: matching compiled patterns against syntax trees, ast-grep's way.
 *
 * Children are matched left to right with lazy $$$ lists and no general
 * backtracking, so that graft finds exactly what ast-grep finds: a $$$ list
 * takes candidates until the pattern node after it matches (probed without
 * keeping the probe's bindings on failure); once every pattern child is
 * consumed the remaining candidates must be skippable for the strictness
 * (in smart mode all are). */
#include <string.h>

#include "match/matcher.h"
#include "match/pnode.h"
#include "syntax/cursor.h"
#include "util/alloc.h"
#include "util/vec.h"

typedef enum mone { M_MATCHED, M_SKIP_BOTH, M_SKIP_GOAL, M_SKIP_CAND, M_NO } mone;

gf_matcher *gf_matcher_new(void)
{
    return gf_calloc(1, sizeof(gf_matcher));
}

void gf_matcher_delete(gf_matcher *m)
{
    if (!m)
        return;
    if (m->cur_live)
        ts_tree_cursor_delete(&m->cur);
    gf_vec_release(&m->kids);
    gf_vec_release(&m->binds);
    gf_vec_release(&m->multi);
    gf_vec_release(&m->spans);
    gf_vec_release(&m->vars);
    gf_vec_release(&m->labels);
    gf_free(m);
}

/* Pushes n's children on the kids stack; returns the frame's start. */
static size_t push_children(gf_matcher *m, TSNode n, size_t *count)
{
    size_t start = m->kids.len;
    if (!m->cur_live) {
        m->cur = ts_tree_cursor_new(n);
        m->cur_live = true;
    } else {
        ts_tree_cursor_reset(&m->cur, n);
    }
    if (ts_tree_cursor_goto_first_child(&m->cur)) {
        do
            gf_vec_push(&m->kids, ts_tree_cursor_current_node(&m->cur));
        while (ts_tree_cursor_goto_next_sibling(&m->cur));
    }
    *count = m->kids.len - start;
    return start;
}

static bool is_comment(TSNode n)
{
    return strstr(ts_node_type(n), "comment") != NULL;
}

static bool text_eq(gf_matcher *m, TSNode a, TSNode b)
{
    uint32_t as = ts_node_start_byte(a), ae = ts_node_end_byte(a);
    uint32_t bs = ts_node_start_byte(b), be = ts_node_end_byte(b);
    return ae - as == be - bs && memcmp(m->src + as, m->src + bs, ae - as) == 0;
}

static bool is_named_leaf(TSNode n)
{
    return ts_node_is_named(n) && ts_node_child_count(n) == 0;
}

/*
 * Structural equality of two target subtrees (a repeated metavariable):
 * the same node; or, when either is a named leaf, equal text; else equal
 * kind, equal child count and pairwise equal children. Iterative, walking
 * both subtrees in lockstep, so deep trees cannot overflow the stack.
 */
static bool same_tree(gf_matcher *m, TSNode a, TSNode b)
{
    TSTreeCursor ca = ts_tree_cursor_new(a), cb = ts_tree_cursor_new(b);
    bool eq = true;
    uint32_t depth = 0;
    for (;;) {
        TSNode x = ts_tree_cursor_current_node(&ca), y = ts_tree_cursor_current_node(&cb);
        bool descend = false;
        if (ts_node_eq(x, y)) {
            /* identical: nothing below can differ */
        } else if (is_named_leaf(x) || is_named_leaf(y)) {
            eq = text_eq(m, x, y);
        } else if (ts_node_symbol(x) != ts_node_symbol(y) ||
                   ts_node_child_count(x) != ts_node_child_count(y)) {
            eq = false;
        } else if (ts_node_child_count(x) == 0) {
            eq = text_eq(m, x, y); /* anonymous leaves of one kind: same token */
        } else {
            descend = true;
        }
        if (!eq)
            break;
        if (descend) {
            ts_tree_cursor_goto_first_child(&ca);
            ts_tree_cursor_goto_first_child(&cb);
            depth++;
            continue;
        }
        bool moved = false;
        while (depth > 0) {
            if (ts_tree_cursor_goto_next_sibling(&ca)) {
                ts_tree_cursor_goto_next_sibling(&cb);
                moved = true;
                break;
            }
            ts_tree_cursor_goto_parent(&ca);
            ts_tree_cursor_goto_parent(&cb);
            depth--;
        }
        if (!moved)
            break;
    }
    ts_tree_cursor_delete(&ca);
    ts_tree_cursor_delete(&cb);
    return eq;
}

/* The environment's id of the current pattern's variable v. */
static uint32_t var_id(const gf_matcher *m, uint32_t v)
{
    return m->varmap ? m->varmap[v] : v;
}

const gf_bind *gf_env_lookup(const gf_matcher *m, uint32_t var)
{
    for (size_t i = m->binds.len; i-- > m->floor;)
        if (m->binds.items[i].var == var)
            return &m->binds.items[i];
    return NULL;
}

static const bind *lookup(gf_matcher *m, uint32_t var)
{
    for (size_t i = m->binds.len; i-- > m->floor;)
        if (m->binds.items[i].var == var)
            return &m->binds.items[i];
    return NULL;
}

static bool bind_single(gf_matcher *m, uint32_t var, TSNode n)
{
    var = var_id(m, var);
    const bind *old = lookup(m, var);
    if (old && !old->multi && !same_tree(m, old->node, n))
        return false;
    gf_vec_push(&m->binds, ((bind){var, false, n, 0, 0}));
    return true;
}

/* Binds $$$var to kids[start..start+count); a repeated list must have the
 * same named nodes, pairwise structurally equal. */
static bool bind_multi(gf_matcher *m, uint32_t var, size_t start, size_t count)
{
    var = var_id(m, var);
    const bind *old = lookup(m, var);
    if (old && old->multi) {
        size_t i = old->first, j = start, ie = old->first + old->count, je = start + count;
        for (;;) {
            while (i < ie && !ts_node_is_named(m->multi.items[i]))
                i++;
            while (j < je && !ts_node_is_named(m->kids.items[j]))
                j++;
            if (i == ie || j == je) {
                if (i != ie || j != je)
                    return false;
                break;
            }
            if (!same_tree(m, m->multi.items[i], m->kids.items[j]))
                return false;
            i++, j++;
        }
    }
    uint32_t first = (uint32_t)m->multi.len;
    for (size_t k = 0; k < count; k++)
        gf_vec_push(&m->multi, m->kids.items[start + k]);
    gf_vec_push(&m->binds, ((bind){var, true, {{0}, 0, 0}, first, (uint32_t)count}));
    return true;
}

static mone match_terminal(gf_matcher *m, const pnode *g, TSNode c)
{
    gf_strictness st = m->p->strictness;
    TSSymbol ck = ts_node_symbol(c);
    bool kind_ok = g->kind == ck || g->kind == PN_ERROR_SYMBOL;
    uint32_t cs = ts_node_start_byte(c), ce = ts_node_end_byte(c);
    bool text_ok =
        g->text_len == ce - cs && memcmp(m->p->pool + g->text, m->src + cs, ce - cs) == 0;
    /* Unnamed tokens compare by kind only (their spans are unreliable in
     * some grammars). */
    if (kind_ok && (!g->named || text_ok))
        return M_MATCHED;
    bool cand_named = ts_node_is_named(c);
    bool skip_goal = false, skip_cand = false;
    switch (st) {
    case GF_STRICT_CST: break;
    case GF_STRICT_SMART: skip_cand = !cand_named; break;
    case GF_STRICT_AST:
        skip_goal = !g->named;
        skip_cand = !cand_named;
        break;
    case GF_STRICT_RELAXED:
        skip_goal = !g->named;
        skip_cand = !cand_named || is_comment(c);
        break;
    case GF_STRICT_SIGNATURE:
        if (kind_ok)
            return M_MATCHED;
        skip_goal = !g->named;
        skip_cand = !cand_named || is_comment(c);
        break;
    case GF_STRICT_TEMPLATE:
        if (text_ok)
            return M_MATCHED;
        skip_cand = !cand_named;
        break;
    }
    return skip_goal ? (skip_cand ? M_SKIP_BOTH : M_SKIP_GOAL) : (skip_cand ? M_SKIP_CAND : M_NO);
}

static bool match_children(gf_matcher *m, const pnode *g, TSNode c);

static mone match_node(gf_matcher *m, const pnode *g, TSNode c)
{
    switch (g->type) {
    case PN_TERMINAL: return match_terminal(m, g, c);
    case PN_METAVAR:
        if (g->named && !ts_node_is_named(c))
            return M_NO;
        if (g->mv == MV_CAPTURE && !bind_single(m, g->var, c))
            return M_NO;
        return M_MATCHED;
    default:
        if (m->p->strictness != GF_STRICT_TEMPLATE && g->kind != ts_node_symbol(c) &&
            g->kind != PN_ERROR_SYMBOL)
            return M_NO;
        return match_children(m, g, c) ? M_MATCHED : M_NO;
    }
}

static bool is_ellipsis(const pnode *g)
{
    return g->type == PN_METAVAR && (g->mv == MV_MULTI || g->mv == MV_MULTI_CAPTURE);
}

static bool is_trivial(const pnode *g)
{
    return g->type == PN_TERMINAL && !g->named;
}

/* Whether a pattern child may be left unmatched when candidates run out. */
static bool goal_skippable(gf_strictness st, const pnode *g)
{
    if (st == GF_STRICT_CST)
        return false;
    if (is_ellipsis(g))
        return true;
    if (st == GF_STRICT_SMART || st == GF_STRICT_TEMPLATE)
        return false;
    if (g->type == PN_METAVAR)
        return !g->named;
    return g->type == PN_TERMINAL && !g->named;
}

static bool trailing_skippable(gf_strictness st, TSNode c)
{
    switch (st) {
    case GF_STRICT_SMART: return true;
    /* ast-grep 0.51.1 matches foo($A) against foo(1,) in ast strictness:
     * unnamed tokens left over after the pattern are skipped. */
    case GF_STRICT_AST: return !ts_node_is_named(c);
    case GF_STRICT_RELAXED:
    case GF_STRICT_SIGNATURE: return !ts_node_is_named(c) || is_comment(c);
    default: return false;
    }
}

/* In the modes that skip comments, a comment in the source is passed over
 * unless the pattern node itself matches it (a metavariable never binds a
 * comment below the pattern's root). */
static bool skips_comments(gf_strictness st)
{
    return st == GF_STRICT_SMART || st == GF_STRICT_RELAXED || st == GF_STRICT_SIGNATURE ||
           st == GF_STRICT_TEMPLATE;
}

static bool end_ellipsis(gf_matcher *m, const pnode *g, size_t start, size_t count, size_t skipped)
{
    if (g->mv != MV_MULTI_CAPTURE)
        return true;
    /* Separators skipped after the list do not belong to it. */
    count = count > skipped ? count - skipped : 0;
    return bind_multi(m, g->var, start, count);
}

static bool match_children(gf_matcher *m, const pnode *g, TSNode c)
{
    const pnode *goals = m->p->nodes + g->child;
    size_t gn = g->nchild, gi = 0;
    size_t cn, cs = push_children(m, c, &cn), ci = 0;
    gf_strictness st = m->p->strictness;
    bool ok = false;
    if (cn == 0)
        goto done;
    for (;;) {
        /* A $$$ list at goals[gi]. */
        if (gi == gn) {
            ok = true;
            goto done;
        }
        if (is_ellipsis(&goals[gi])) {
            const pnode *ell = &goals[gi++];
            size_t mstart = cs + ci, skipped = 0;
            if (gi == gn) {
                ok = end_ellipsis(m, ell, mstart, cn - ci, 0);
                goto done;
            }
            while (is_trivial(&goals[gi])) {
                gi++, skipped++;
                if (gi == gn) {
                    ok = end_ellipsis(m, ell, mstart, cn - ci, skipped);
                    goto done;
                }
            }
            if (is_ellipsis(&goals[gi])) {
                /* $$$ $$$: the first list takes exactly one node. */
                ci++;
                if (ci == cn || !end_ellipsis(m, ell, mstart, 1, skipped))
                    goto done;
                continue;
            }
            for (;;) {
                size_t nb = m->binds.len, nm = m->multi.len;
                if (match_node(m, &goals[gi], m->kids.items[cs + ci]) == M_MATCHED) {
                    if (!end_ellipsis(m, ell, mstart, cs + ci - mstart, skipped))
                        goto done;
                    break;
                }
                m->binds.len = nb, m->multi.len = nm; /* the probe leaves nothing */
                if (++ci == cn)
                    goto done;
            }
        }
        /* One pattern node against the next candidates, skipping trivia. */
        for (;;) {
            if (ci == cn) {
                while (gi < gn && goal_skippable(st, &goals[gi]))
                    gi++;
                if (gi < gn)
                    goto done;
                break;
            }
            TSNode cand = m->kids.items[cs + ci];
            const pnode *goal = &goals[gi];
            size_t nb = m->binds.len, nm = m->multi.len;
            mone r = match_node(m, goal, cand);
            /* A comment or other extra (Python's line continuation) is
             * passed over by a token or a metavariable, but an inner
             * pattern node must match it (ast-grep 0.51.1). */
            bool extra = skips_comments(st) && (is_comment(cand) || ts_node_is_extra(cand));
            if (r != M_MATCHED && goal->type != PN_INTERNAL && extra) {
                m->binds.len = nb, m->multi.len = nm;
                r = M_SKIP_CAND;
            } else if (r == M_MATCHED && goal->type == PN_METAVAR && extra) {
                m->binds.len = nb, m->multi.len = nm;
                r = M_SKIP_CAND;
            }
            if (r == M_MATCHED)
                break;
            if (r == M_SKIP_GOAL || r == M_SKIP_BOTH) {
                if (r == M_SKIP_BOTH)
                    ci++;
                if (++gi == gn)
                    break;
            } else if (r == M_SKIP_CAND) {
                ci++;
            } else {
                goto done;
            }
        }
        if (gi < gn) {
            gi++;
            ci++;
        }
        if (gi == gn) {
            ok = true;
            for (; ci < cn && ok; ci++)
                ok = trailing_skippable(st, m->kids.items[cs + ci]);
            goto done;
        }
        if (ci >= cn)
            goto done;
    }
done:
    m->kids.len = cs; /* pop this frame */
    return ok;
}

/* Fills m->vars/m->spans from the bindings for reporting. */
static void collect(gf_matcher *m, gf_match *out)
{
    size_t nv = m->p->nvars;
    gf_vec_reserve(&m->vars, nv ? nv : 1);
    m->spans.len = 0;
    for (size_t v = 0; v < nv; v++) {
        struct gf_var_binding *vb = &m->vars.items[v];
        const bind *b = lookup(m, (uint32_t)v);
        vb->bound = b != NULL;
        vb->first = (uint32_t)m->spans.len;
        vb->count = 0;
        if (!b)
            continue;
        if (!b->multi) {
            gf_vec_push(&m->spans,
                        ((gf_span){ts_node_start_byte(b->node), ts_node_end_byte(b->node)}));
            vb->count = 1;
        } else {
            for (uint32_t k = 0; k < b->count; k++) {
                TSNode n = m->multi.items[b->first + k];
                gf_vec_push(&m->spans, ((gf_span){ts_node_start_byte(n), ts_node_end_byte(n)}));
            }
            vb->count = b->count;
        }
    }
    out->vars = m->vars.items;
    out->spans = m->spans.items;
}

/* Whether node n may be the root of a match of p: of the root kind, when
 * the pattern has one (in template mode only a selector's kind binds). */
static bool root_ok(const gf_pattern *p, TSNode n)
{
    return !p->has_root_kind || ts_node_symbol(n) == p->root_kind ||
           (p->strictness == GF_STRICT_TEMPLATE && !p->root_from_selector);
}

bool gf_pattern_match_node(const gf_pattern *p, const uint32_t *varmap, gf_matcher *m,
                           const char *src, TSNode n)
{
    if (!root_ok(p, n))
        return false;
    const gf_pattern *saved_p = m->p;
    const uint32_t *saved_map = m->varmap;
    const char *saved_src = m->src;
    m->p = p;
    m->varmap = varmap;
    m->src = src;
    gf_env_mark k = gf_env_save(m);
    bool ok = match_node(m, &p->nodes[0], n) == M_MATCHED;
    if (!ok)
        gf_env_restore(m, k);
    m->p = saved_p;
    m->varmap = saved_map;
    m->src = saved_src;
    return ok;
}

bool gf_same_tree(gf_matcher *m, TSNode a, TSNode b)
{
    return same_tree(m, a, b);
}

uint16_t gf_pattern_root_symbol(const gf_pattern *p)
{
    if (!p->has_root_kind || (p->strictness == GF_STRICT_TEMPLATE && !p->root_from_selector))
        return 0;
    return p->root_kind;
}

/* Tries p at n (reporting a match to fn); true when fn asks to stop. */
static bool find_at(const gf_pattern *p, gf_matcher *m, TSNode n, size_t *found, gf_match_fn fn,
                    void *user)
{
    if (!root_ok(p, n))
        return false;
    m->binds.len = m->multi.len = m->kids.len = 0;
    if (match_node(m, &p->nodes[0], n) != M_MATCHED)
        return false;
    gf_match mt = {{ts_node_start_byte(n), ts_node_end_byte(n)}, NULL, NULL};
    collect(m, &mt);
    ++*found;
    return fn && fn(user, &mt);
}

size_t gf_pattern_find(const gf_pattern *p, gf_matcher *m, const gf_source *s, const TSTree *tree,
                       gf_match_fn fn, void *user)
{
    m->p = p;
    m->varmap = NULL;
    m->src = s->bytes;
    size_t found = 0;
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (find_at(p, m, n, &found, fn, user))
            break;
        /* Leaves are about half the nodes: not asking the cursor to descend
         * into them saves a child iteration each. */
        if (!gf_cursor_next(&c, ts_node_child_count(n) > 0))
            break;
    }
    ts_tree_cursor_delete(&c);
    return found;
}

/* The first i in occ[from, n) with occ[i] >= at (occ ascending). */
static size_t first_at(const uint32_t *occ, size_t from, size_t n, uint32_t at)
{
    size_t lo = from, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (occ[mid] < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t gf_pattern_find_at(const gf_pattern *p, gf_matcher *m, const gf_source *s,
                          const TSNode *nodes, const uint32_t *ends, size_t count, gf_match_fn fn,
                          void *user)
{
    m->p = p;
    m->varmap = NULL;
    m->src = s->bytes;
    size_t found = 0;
    /* A match holds every literal of the pattern within its range: with
     * the nodes' ends at hand, nodes whose range holds no occurrence of
     * the longest literal are passed over without reading their subtrees
     * (the nodes' starts, kept in the node handles, cost nothing). */
    GF_VEC(uint32_t) occ = GF_VEC_INIT;
    size_t litlen = p->nliterals && ends ? p->literal_len[0] : 0;
    if (litlen) {
        const char *lit = p->pool + p->literal[0], *at = s->bytes, *end = s->bytes + s->len;
        while ((at = memmem(at, (size_t)(end - at), lit, litlen))) {
            gf_vec_push(&occ, (uint32_t)(at - s->bytes));
            at++;
        }
    }
    size_t o = 0;
    for (size_t i = 0; i < count; i++) {
        if (litlen) {
            uint32_t start = ts_node_start_byte(nodes[i]);
            o = first_at(occ.items, o, occ.len, start);
            if (o == occ.len)
                break; /* no occurrence at or after this node, nor the later ones */
            if (occ.items[o] + litlen > ends[i])
                continue;
        }
        if (find_at(p, m, nodes[i], &found, fn, user))
            break;
    }
    gf_vec_release(&occ);
    return found;
}
