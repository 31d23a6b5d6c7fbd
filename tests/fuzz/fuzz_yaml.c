/* Fuzz target: the YAML loader (rule files come from repositories). Loads
 * the input, walks every node checking the model's invariants, releases. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks n and its subtree; depth counts the collections enclosing n.
 * Returns the number of nodes. Recursion is bounded by GF_YAML_MAX_DEPTH. */
static size_t walk(const gf_yaml_node *n, size_t depth)
{
    if (!n || !n->str || n->str[n->len] != '\0' || n->line == 0 || n->col == 0)
        __builtin_trap();
    bool b;
    long long v;
    gf_yaml_bool(n, &b);
    gf_yaml_int(n, &v);
    if (!gf_yaml_type_name(n))
        __builtin_trap();
    switch (n->type) {
    case GF_YAML_NULL:
        if (n->len || !n->plain || n->n || n->items || !gf_yaml_is_null(n))
            __builtin_trap();
        return 1;
    case GF_YAML_SCALAR:
        if (n->n || n->items)
            __builtin_trap();
        return 1;
    case GF_YAML_SEQ:
    case GF_YAML_MAP: break;
    default: __builtin_trap();
    }
    if (depth >= GF_YAML_MAX_DEPTH || n->len || n->plain || (n->n && !n->items))
        __builtin_trap();
    bool map = n->type == GF_YAML_MAP;
    size_t count = map ? 2 * n->n : n->n, total = 1;
    for (size_t i = 0; i < count; i++) {
        const gf_yaml_node *c = n->items[i];
        if (map && i % 2 == 0) {
            if (c->type != GF_YAML_SCALAR && c->type != GF_YAML_NULL)
                __builtin_trap();
            /* Keys without NUL bytes can be looked up. */
            if (strlen(c->str) == c->len && !gf_yaml_get(n, c->str))
                __builtin_trap();
        }
        total += walk(c, depth + 1);
    }
    return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gf_yaml_docs d = GF_YAML_DOCS_INIT;
    gf_error e = GF_ERROR_INIT;
    int rc = gf_yaml_load((const char *)data, size, "fuzz.yml", &d, &e);
    if (rc == 0) {
        size_t nodes = 0;
        for (size_t i = 0; i < d.len; i++) {
            if (d.items[i].line == 0)
                __builtin_trap();
            nodes += walk(d.items[i].root, 0);
        }
        if (nodes > GF_YAML_MAX_NODES || e.code != 0)
            __builtin_trap();
    } else if (rc > 0 || e.code != rc || !e.message[0] || d.len || d.items ||
               (e.line && e.offset > size)) {
        __builtin_trap();
    }
    gf_yaml_docs_release(&d);
    return 0;
}
