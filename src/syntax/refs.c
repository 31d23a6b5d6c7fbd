/* refs: name-based references from the project's tree-sitter queries. */
#include <stdlib.h>
#include <string.h>

#include "graft/symbols.h"
#include "syntax/query.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/vec.h"

static const char *const ref_names[] = {"call", "type", "import", "name"};

const char *gf_refkind_name(gf_refkind k)
{
    return (unsigned)k <= GF_REF_NAME ? ref_names[k] : NULL;
}

bool gf_refs_supported(const gf_lang *lang)
{
    return lang && gf_query_refs_supported(lang);
}

static int cmp_ref(const void *pa, const void *pb)
{
    const gf_ref *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (a->kind > b->kind) - (a->kind < b->kind);
}

int gf_refs_find(const gf_source *s, const TSTree *tree, const char *name, const gf_symbols *syms,
                 gf_refs *out, gf_error *err)
{
    gf_refs_release(out);
    const squery *q;
    int rc = gf_query_refs(s->lang, &q, err);
    if (rc)
        return rc;
    size_t nlen = name ? strlen(name) : 0;
    TSQuery *tq = gf_query_ts(q);
    TSQueryCursor *qc = ts_query_cursor_new();
    ts_query_cursor_exec(qc, tq, ts_tree_root_node(tree));
    TSQueryMatch m;
    GF_VEC(gf_ref) all = GF_VEC_INIT;
    while (ts_query_cursor_next_match(qc, &m)) {
        int kind = -1;
        TSNode nm = {0};
        bool has_name = false;
        for (uint16_t i = 0; i < m.capture_count; i++) {
            uint32_t len;
            const char *cn = ts_query_capture_name_for_id(tq, m.captures[i].index, &len);
            if (len > 10 && !strncmp(cn, "reference.", 10)) {
                for (int k = 0; k <= GF_REF_NAME; k++)
                    if (len - 10 == strlen(ref_names[k]) &&
                        !strncmp(cn + 10, ref_names[k], len - 10))
                        kind = k;
            } else if (len == 4 && !strncmp(cn, "name", 4)) {
                nm = m.captures[i].node;
                has_name = true;
            }
        }
        if (kind < 0 || !has_name)
            continue;
        uint32_t a = ts_node_start_byte(nm), b = ts_node_end_byte(nm);
        if (b > s->len || (name && (b - a != nlen || memcmp(s->bytes + a, name, nlen) != 0)))
            continue;
        /* the predicates last: #has-ancestor? walks up the tree */
        if (!gf_query_match_ok(s, q, &m))
            continue;
        gf_vec_push(&all, ((gf_ref){(gf_refkind)kind, a, b, -1}));
    }
    ts_query_cursor_delete(qc);
    if (all.len)
        qsort(all.items, all.len, sizeof *all.items, cmp_ref);
    for (size_t i = 0; i < all.len; i++) {
        gf_ref r = all.items[i];
        /* one per name node, the most specific kind first (sorted) */
        if (out->len && out->items[out->len - 1].start == r.start &&
            out->items[out->len - 1].end == r.end)
            continue;
        bool is_def = false;
        for (size_t k = 0; syms && k < syms->len && !is_def; k++)
            is_def = syms->items[k].name_start == r.start && syms->items[k].name_end == r.end;
        if (is_def)
            continue;
        /* the innermost symbol holding it: the last that starts before it
         * and ends after it (symbols are in document order) */
        for (size_t k = syms ? syms->len : 0; k-- > 0;)
            if (syms->items[k].start <= r.start && r.end <= syms->items[k].end) {
                r.symbol = (int)k;
                break;
            }
        gf_vec_push(out, r);
    }
    gf_vec_release(&all);
    return 0;
}

void gf_refs_release(gf_refs *refs)
{
    gf_free(refs->items);
    refs->items = NULL;
    refs->len = refs->cap = 0;
}
