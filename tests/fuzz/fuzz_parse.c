/* Fuzz target: arbitrary bytes parsed in one language (chosen by the first
 * byte), then every rendering and the syntax-error scan run over the tree --
 * graft's own traversal code on the strangest trees error recovery makes.
 * The same bytes are parsed again by a batch parser (its tree in the
 * thread's region; with the top bit of the first byte set, in a region too
 * small for it, so that it spills to malloc): the trees must be equal. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "graft/graft.h"
#include "syntax/tree.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gf_parser *parser, *batch;

/* The batch parser's tree for s must print as t does. */
static void check_batch(const gf_source *s, TSTree *t, bool spill)
{
    gf_region_set_limit(spill ? 2048 : SIZE_MAX);
    TSTree *b;
    if (gf_parse(batch, s, &b, NULL) != 0)
        __builtin_trap();
    char *want = ts_node_string(ts_tree_root_node(t));
    char *got = ts_node_string(ts_tree_root_node(b));
    if (strcmp(want, got) != 0)
        __builtin_trap();
    gf_free(want);
    gf_free(got);
    gf_tree_delete(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 64 * 1024)
        return 0;
    if (!parser) {
        parser = gf_parser_new(); /* one per process, as one per worker */
        batch = gf_parser_new_batch();
    }
    gf_source s;
    gf_source_init_mem(&s, "fuzz", (const char *)data + 1, size - 1);
    s.lang = gf_lang_at(data[0] % gf_lang_count());
    TSTree *t;
    if (gf_parse(parser, &s, &t, NULL) == 0) {
        gf_buf out = GF_BUF_INIT;
        for (int fmt = GF_TREE_SEXP; fmt <= GF_TREE_INDENT; fmt++)
            for (int named = 0; named < 2; named++) {
                gf_tree_render(&s, t, (gf_tree_format)fmt, named, &out, NULL, NULL);
                gf_buf_clear(&out);
            }
        gf_syntax_issues is = GF_VEC_INIT;
        gf_tree_issues(&s, t, &is);
        /* Every issue lies inside the file and agrees with its point. */
        for (size_t i = 0; i < is.len; i++) {
            uint32_t l, c;
            gf_source_point(&s, is.items[i].start, &l, &c);
            if (is.items[i].start > is.items[i].end || is.items[i].end > s.len ||
                l != is.items[i].line || c != is.items[i].col)
                __builtin_trap();
        }
        if (ts_node_has_error(ts_tree_root_node(t)) != (is.len > 0))
            __builtin_trap(); /* a damaged tree always yields an issue */
        gf_vec_release(&is);
        gf_buf_release(&out);
        check_batch(&s, t, data[0] & 0x80);
        ts_tree_delete(t);
    }
    gf_source_release(&s);
    return 0;
}
