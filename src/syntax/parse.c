/* parse: per-worker parser sets over the language registry. */
#include <string.h>

#include <tree_sitter/api.h>

#include "graft/source.h"
#include "util/alloc.h"
#include "util/error.h"

/* One TSParser per registry language, created on first use. Owned by one
 * thread: tree-sitter parsers are not thread-safe. */
struct gf_parser {
    TSParser *by_lang[32];
    bool batch;
};

gf_parser *gf_parser_new(void)
{
    return gf_calloc(1, sizeof(gf_parser));
}

gf_parser *gf_parser_new_batch(void)
{
    gf_parser *p = gf_parser_new();
    p->batch = true;
    return p;
}

void gf_parser_delete(gf_parser *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < sizeof p->by_lang / sizeof p->by_lang[0]; i++)
        if (p->by_lang[i])
            ts_parser_delete(p->by_lang[i]);
    if (p->batch)
        gf_region_trim();
    gf_free(p);
}

/* The error for a grammar the runtime cannot load. */
static int abi_error(gf_error *err, const gf_source *s, const TSLanguage *tl)
{
    return gf_error_set(err, GF_ENOLANG,
                        "grammar for '%s' has ABI %u; this runtime supports %u..%u", s->lang->name,
                        ts_language_abi_version(tl), TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
                        TREE_SITTER_LANGUAGE_VERSION);
}

/* A batch parse: a parser made in the region for this one parse (it must not
 * outlive the region's reset; it needs no deleting, since the external
 * scanner's state, which grammars malloc themselves, is destroyed at the end
 * of every parse), and a tree the region holds. Returns 1 when
 * no region can be had. */
static int parse_in_region(const gf_source *s, TSTree **out, gf_error *err)
{
    if (!gf_region_enter())
        return 1;
    TSParser *tp = ts_parser_new();
    const TSLanguage *tl = s->lang->ts();
    bool ok = ts_parser_set_language(tp, tl);
    TSTree *t = ok ? ts_parser_parse_string(tp, NULL, s->bytes, (uint32_t)s->len) : NULL;
    gf_region_leave();
    if (gf_region_spilled())
        ts_parser_delete(tp); /* frees what did not fit in the region */
    gf_region_hold();
    if (!t)
        gf_region_drop();
    if (!ok)
        return abi_error(err, s, tl);
    if (!t)
        return gf_error_path(err, GF_EPARSE, s->path, "parse cancelled");
    *out = t;
    return 0;
}

void gf_tree_delete(TSTree *t)
{
    if (!t)
        return;
    if (!gf_region_holds(t)) {
        ts_tree_delete(t);
        return;
    }
    if (gf_region_spilled())
        ts_tree_delete(t); /* reaches the nodes that came from malloc */
    gf_region_drop();
}

int gf_parse(gf_parser *p, const gf_source *s, TSTree **out, gf_error *err)
{
    *out = NULL;
    size_t i = s->lang ? gf_lang_index(s->lang) : SIZE_MAX;
    if (i >= sizeof p->by_lang / sizeof p->by_lang[0])
        return gf_error_path(err, GF_ENOLANG, s->path, "no language to parse with");
    if (s->len > UINT32_MAX)
        return gf_error_path(err, GF_ETOOBIG, s->path, "file too large to parse (over 4 GiB)");
    if (p->batch) {
        int rc = parse_in_region(s, out, err);
        if (rc != 1)
            return rc;
    }
    if (!p->by_lang[i]) {
        TSParser *tp = ts_parser_new();
        const TSLanguage *tl = s->lang->ts();
        if (!ts_parser_set_language(tp, tl)) {
            ts_parser_delete(tp);
            return abi_error(err, s, tl);
        }
        p->by_lang[i] = tp;
    }
    TSTree *t = ts_parser_parse_string(p->by_lang[i], NULL, s->bytes, (uint32_t)s->len);
    if (!t) {
        ts_parser_reset(p->by_lang[i]);
        return gf_error_path(err, GF_EPARSE, s->path, "parse cancelled");
    }
    *out = t;
    return 0;
}
