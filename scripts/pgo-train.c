/* pgo-train: the training run of the tree-sitter runtime's profile-guided
 * build (scripts/build-runtime). Reads "LANG PATH" lines on stdin and parses
 * each file with that grammar: whole, and every fourth file also with a
 * stretch cut out of its middle, so that error recovery gets a profile too.
 * The grammar entry points come from GRAFT_PGO_LANGS, an X-macro list the
 * build script defines. Prints "files bytes" on success. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#define DECLARE(name) const TSLanguage *tree_sitter_##name(void);
GRAFT_PGO_LANGS(DECLARE)
#undef DECLARE

static const TSLanguage *lookup(const char *name)
{
#define MATCH(n)                                                                                   \
    if (!strcmp(name, #n))                                                                         \
        return tree_sitter_##n();
    GRAFT_PGO_LANGS(MATCH)
#undef MATCH
    return NULL;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            b = realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

static void parse(TSParser *p, const char *text, size_t len)
{
    TSTree *t = ts_parser_parse_string(p, NULL, text, (uint32_t)len);
    if (t) {
        TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(t));
        bool more = true; /* a full walk, as every graft command makes one */
        while (more) {
            if (ts_tree_cursor_goto_first_child(&c))
                continue;
            while (!ts_tree_cursor_goto_next_sibling(&c))
                if (!ts_tree_cursor_goto_parent(&c)) {
                    more = false;
                    break;
                }
        }
        ts_tree_cursor_delete(&c);
        ts_tree_delete(t);
    }
}

int main(void)
{
    TSParser *p = ts_parser_new();
    char line[4096];
    size_t files = 0, bytes = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        char *path = strchr(line, ' ');
        if (!path)
            continue;
        *path++ = '\0';
        const TSLanguage *lang = lookup(line);
        size_t len;
        char *text = lang ? slurp(path, &len) : NULL;
        if (!text || len > UINT32_MAX || !ts_parser_set_language(p, lang)) {
            free(text);
            continue;
        }
        parse(p, text, len);
        if (files % 4 == 3 && len > 64) {
            size_t cut = len / 3;
            memmove(text + cut, text + 2 * cut, len - 2 * cut);
            parse(p, text, len - cut);
        }
        free(text);
        files++;
        bytes += len;
    }
    ts_parser_delete(p);
    printf("%zu %zu\n", files, bytes);
    return files ? 0 : 1;
}
