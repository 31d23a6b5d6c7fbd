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
};

gf_parser *gf_parser_new(void)
{
    return gf_calloc(1, sizeof(gf_parser));
}

void gf_parser_delete(gf_parser *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < sizeof p->by_lang / sizeof p->by_lang[0]; i++)
        if (p->by_lang[i])
            ts_parser_delete(p->by_lang[i]);
    gf_free(p);
}

int gf_parse(gf_parser *p, const gf_source *s, TSTree **out, gf_error *err)
{
    *out = NULL;
    size_t i = s->lang ? gf_lang_index(s->lang) : SIZE_MAX;
    if (i >= sizeof p->by_lang / sizeof p->by_lang[0])
        return gf_error_path(err, GF_ENOLANG, s->path, "no language to parse with");
    if (!p->by_lang[i]) {
        TSParser *tp = ts_parser_new();
        const TSLanguage *tl = s->lang->ts();
        if (!ts_parser_set_language(tp, tl)) {
            ts_parser_delete(tp);
            return gf_error_set(
                err, GF_ENOLANG, "grammar for '%s' has ABI %u; this runtime supports %u..%u",
                s->lang->name, ts_language_abi_version(tl),
                TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION);
        }
        p->by_lang[i] = tp;
    }
    if (s->len > UINT32_MAX)
        return gf_error_path(err, GF_ETOOBIG, s->path, "file too large to parse (over 4 GiB)");
    TSTree *t = ts_parser_parse_string(p->by_lang[i], NULL, s->bytes, (uint32_t)s->len);
    if (!t) {
        ts_parser_reset(p->by_lang[i]);
        return gf_error_path(err, GF_EPARSE, s->path, "parse cancelled");
    }
    *out = t;
    return 0;
}
