/* lossless: checks byte-exact round trips over a corpus. For every file the
 * walker yields: an empty EditSet reproduces it; replacing every top-level
 * node's text with itself reproduces it; and the tree covers the file.
 * usage: lossless DIR [-j N]; prints "ok lossless DIR (N files, M bytes)"
 * or one "not ok ..." line per failing file. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "graft/graft.h"
#include "util/alloc.h"
#include "util/buf.h"

typedef struct stats {
    size_t files, bytes, failures;
} stats;

static void *worker_new(void *user)
{
    return gf_parser_new();
}
static void worker_free(void *user, void *w)
{
    gf_parser_delete(w);
}

static bool same(const gf_editset *es, const char *data, size_t len)
{
    char *out;
    size_t n;
    if (gf_editset_apply(es, &out, &n, NULL) != 0)
        return false;
    bool eq = n == len && memcmp(out, data, len) == 0;
    gf_free(out);
    return eq;
}

static void visit(void *user, void *worker, const gf_walk_file *f, gf_buf *out)
{
    if (!f->lang)
        return;
    gf_source s;
    gf_source_init_mem(&s, f->path, f->data, f->len);
    s.lang = f->lang;
    TSTree *t;
    if (gf_parse(worker, &s, &t, NULL) != 0) {
        gf_buf_printf(out, "not ok lossless %s: parse failed\n", f->path);
        gf_source_release(&s);
        return;
    }
    gf_editset *empty = gf_editset_new(f->path, f->data, f->len);
    if (!same(empty, f->data, f->len))
        gf_buf_printf(out, "not ok lossless %s: empty edit set changed the file\n", f->path);
    gf_editset *self = gf_editset_new(f->path, f->data, f->len);
    TSNode root = ts_tree_root_node(t);
    uint32_t n = 0;
    TSTreeCursor c = ts_tree_cursor_new(root);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            uint32_t a = ts_node_start_byte(k), b = ts_node_end_byte(k);
            gf_editset_add(self, a, b, f->data + a, b - a, NULL);
            n++;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    if (!same(self, f->data, f->len))
        gf_buf_printf(out,
                      "not ok lossless %s: self-replacement of %u top-level nodes changed it\n",
                      f->path, n);
    if (ts_node_end_byte(root) > f->len)
        gf_buf_printf(out, "not ok lossless %s: tree ends past the file\n", f->path);
    gf_editset_delete(empty);
    gf_editset_delete(self);
    ts_tree_delete(t);
    gf_source_release(&s);
    gf_buf_adds(out, "."); /* marks a checked file */
}

static int emit(void *user, const gf_walk_file *f, const gf_buf *out, const gf_error *err)
{
    stats *st = user;
    if (err) {
        printf("not ok lossless %s: %s\n", f->path, err->message);
        st->failures++;
        return 0;
    }
    if (!out->len)
        return 0;
    if (out->ptr[out->len - 1] == '.' && out->len == 1) {
        st->files++;
        st->bytes += f->size;
        return 0;
    }
    fwrite(out->ptr, 1, out->len - 1, stdout);
    st->failures++;
    return 0;
}

int main(int argc, char **argv)
{
    gf_set_alloc_hooks(NULL);
    if (argc < 2) {
        fprintf(stderr, "usage: lossless DIR [threads]\n");
        return 2;
    }
    const char *paths[] = {argv[1]};
    gf_walk_opts o = {.paths = paths,
                      .npaths = 1,
                      .read_full = true,
                      .hidden = true,
                      .threads = argc > 2 ? atoi(argv[2]) : 0};
    stats st = {0};
    gf_walk_visitor v = {worker_new, worker_free, visit, emit, &st};
    size_t problems;
    gf_error e;
    if (gf_walk(&o, &v, NULL, NULL, &problems, &e) != 0) {
        printf("not ok lossless %s: %s\n", argv[1], e.message);
        return 1;
    }
    if (!st.files) {
        printf("not ok lossless %s: no files checked\n", argv[1]);
        return 1;
    }
    if (!st.failures)
        printf("ok lossless %s (%zu files, %zu bytes)\n", argv[1], st.files, st.bytes);
    return st.failures ? 1 : 0;
}
