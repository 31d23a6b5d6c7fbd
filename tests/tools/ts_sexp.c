/* ts_sexp: prints a file's syntax tree as tree-sitter's own ts_node_string
 * renders it (named nodes, fields and MISSING nodes, no ranges), parsing with
 * the raw tree-sitter API: the reference for tests/compat/sexp_vs_treesitter.sh.
 * usage: ts_sexp [-l LANG] FILE; the language is detected from FILE (path,
 * then '#!' line) unless -l names it. Exit 2 on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "graft/graft.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    const char *lang_name = NULL, *path = NULL;
    int i = 1;
    if (argc > 2 && !strcmp(argv[1], "-l")) {
        lang_name = argv[2];
        i = 3;
    }
    if (i == argc - 1)
        path = argv[i];
    if (!path) {
        fprintf(stderr, "usage: ts_sexp [-l LANG] FILE\n");
        return 2;
    }
    size_t len;
    char *data = slurp(path, &len);
    if (!data || len > UINT32_MAX) {
        fprintf(stderr, "ts_sexp: cannot read '%s'\n", path);
        free(data);
        return 2;
    }
    const gf_lang *lang =
        lang_name ? gf_lang_find(lang_name) : gf_lang_detect(NULL, path, data, len);
    if (!lang) {
        fprintf(stderr, "ts_sexp: '%s': unknown language\n", lang_name ? lang_name : path);
        free(data);
        return 2;
    }
    TSParser *p = ts_parser_new();
    if (!ts_parser_set_language(p, lang->ts())) {
        fprintf(stderr, "ts_sexp: grammar '%s' rejected by the runtime\n", lang->name);
        ts_parser_delete(p);
        free(data);
        return 2;
    }
    TSTree *t = ts_parser_parse_string(p, NULL, data, (uint32_t)len);
    if (!t) {
        fprintf(stderr, "ts_sexp: parse failed\n");
        ts_parser_delete(p);
        free(data);
        return 2;
    }
    char *s = ts_node_string(ts_tree_root_node(t));
    fputs(s, stdout);
    fputc('\n', stdout);
    free(s);
    ts_tree_delete(t);
    ts_parser_delete(p);
    free(data);
    return 0;
}
