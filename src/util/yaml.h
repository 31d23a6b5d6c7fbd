/* yaml: a read-only YAML document model on libyaml, for rule files, and a
 * writer in serde-saphyr's style, for snapshot files. */
#ifndef GF_UTIL_YAML_H
#define GF_UTIL_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graft/core.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * Loads a YAML stream as serde_yaml (ast-grep's parser) sees it: input is
 * UTF-8 (a leading byte order mark is skipped), scalars resolve by the YAML
 * 1.2 core schema (no yes/no booleans), "<<" is an ordinary key, and a
 * mapping with two equal keys is refused.
 *
 * A block scalar whose first line starts with a tab after its indentation
 * (valid YAML that libyaml refuses without an indentation indicator, and
 * that serde-saphyr writes) is read with the indicator that line implies.
 *
 * Input comes from repositories and is untrusted. Any bytes are accepted
 * without crashing: invalid UTF-8, NUL and other control characters are
 * errors. Aliases are resolved by copying the anchored node, so consumers
 * walk a tree, never a DAG; the copies count against GF_YAML_MAX_NODES
 * (for the whole stream), which turns "billion laughs" inputs into a quick
 * error. Collections nest at most GF_YAML_MAX_DEPTH deep, aliases
 * included, so consumers may recurse.
 *
 * Threads: no global state; a loaded gf_yaml_docs is immutable and may be
 * read from any number of threads.
 */
#define GF_YAML_MAX_NODES 1000000
#define GF_YAML_MAX_DEPTH 256

typedef enum gf_yaml_type {
    GF_YAML_NULL,   /* an empty node (`key:` or an empty document); str is "" */
    GF_YAML_SCALAR, /* any scalar with text, including plain `null`, `true`, `12` */
    GF_YAML_SEQ,
    GF_YAML_MAP,
} gf_yaml_type;

typedef struct gf_yaml_node {
    gf_yaml_type type;
    /*
     * Scalar text after unescaping and folding, NUL-terminated; "" for NULL
     * and collections. It may hold NUL bytes (from a "\0" escape), so len is
     * authoritative.
     */
    const char *str;
    size_t len;
    /*
     * The text resolves by the core schema (may be null, a boolean or a
     * number): a plain scalar, or one tagged !!null, !!bool, !!int or
     * !!float. Quoted and block scalars, and !!str or ! tagged ones, are
     * always strings. True for NULL nodes, false for collections.
     */
    bool plain;
    /*
     * 1-based start position; the column counts characters, not bytes.
     * The root of an alias's copy takes the alias's position; the nodes
     * inside the copy keep their positions at the anchor.
     */
    uint32_t line, col;
    /* SEQ: n items, items[0..n). MAP: n pairs, key i at items[2i] (always a
     * SCALAR or NULL node), value at items[2i+1]. 0 and NULL otherwise. */
    size_t n;
    struct gf_yaml_node **items;
} gf_yaml_node;

typedef struct gf_yaml_doc {
    gf_yaml_node *root; /* never NULL: an empty document has a NULL node */
    uint32_t line;      /* 1-based line where it starts: directives, "---" or content */
} gf_yaml_doc;

/* Every document of one stream; all memory lives in the arena. */
typedef struct gf_yaml_docs {
    gf_yaml_doc *items;
    size_t len;
    gf_arena arena;
} gf_yaml_docs;

#define GF_YAML_DOCS_INIT                                                                          \
    {                                                                                              \
        NULL, 0, GF_ARENA_INIT                                                                     \
    }

/*
 * Loads every document of data[0..len) (documents separated by "---"; a
 * stream of only comments has none). out must be initialised or released;
 * the caller frees it with gf_yaml_docs_release, also after an error, when
 * it is left empty. name (may be NULL) appears in messages and err->path.
 *
 * Errors fill err with path, line, column and byte offset, and a message
 * like "'rules.yml':3:5: mapping values are not allowed in this context":
 * GF_ESYNTAX for what libyaml refuses (including invalid UTF-8 and control
 * characters), duplicate keys, keys that are collections, unknown or
 * self-referencing aliases and tags other than the core schema's;
 * GF_ETOOBIG past GF_YAML_MAX_DEPTH or GF_YAML_MAX_NODES; GF_ENOMEM when
 * libyaml runs out of memory.
 */
int gf_yaml_load(const char *data, size_t len, const char *name, gf_yaml_docs *out, gf_error *err);
/* Frees every node and document; out stays usable (empty). */
void gf_yaml_docs_release(gf_yaml_docs *docs);

/* The value of key in a MAP (keys compare by text), or NULL when map is NULL,
 * not a mapping or has no such key. Borrows from map. */
const gf_yaml_node *gf_yaml_get(const gf_yaml_node *map, const char *key);
/* NULL nodes and plain "~", "null", "Null", "NULL". */
bool gf_yaml_is_null(const gf_yaml_node *node);
/* Plain true/True/TRUE/false/False/FALSE; false (and *out untouched) otherwise. */
bool gf_yaml_bool(const gf_yaml_node *node, bool *out);
/*
 * A plain integer as serde_yaml reads one: optional sign, then decimal
 * without leading zeros, or 0x/0o/0b digits; it must fit in long long.
 * Returns false (and leaves *out untouched) otherwise.
 */
bool gf_yaml_int(const gf_yaml_node *node, long long *out);
/* What a node holds, for messages ("expected a string, found a sequence"):
 * "null", "a boolean", "an integer", "a number", "a string", "a sequence",
 * "a mapping". Static string. */
const char *gf_yaml_type_name(const gf_yaml_node *node);

/* ---- writing ---- */

/*
 * A YAML writer that formats as serde-saphyr 2.0.0 does with its default
 * options (the writer of ast-grep 0.51.1's snapshot files), so that files
 * both tools write are the same byte for byte: block mappings and
 * sequences (two spaces a level, a sequence at its key's column, empty
 * ones as {} and []), unescaped Unicode, strings plain where a YAML 1.1
 * reader would read them back as strings and double-quoted otherwise,
 * multi-line strings as literal blocks and long lines as folded blocks
 * (the rules are listed in yaml.c). One document; call the functions in
 * document order (a key, then its value). Errors (invalid UTF-8 in a
 * string, a collection as a key, unbalanced or missing calls) are
 * remembered and reported by gf_yaml_writer_finish.
 *
 * Threads: a writer is used by one thread at a time.
 */
typedef struct gf_yaml_writer gf_yaml_writer;

/* Appends to out, which must outlive the writer; freed by
 * gf_yaml_writer_finish. */
gf_yaml_writer *gf_yaml_writer_new(gf_buf *out);
void gf_yaml_write_map_start(gf_yaml_writer *w);
void gf_yaml_write_map_end(gf_yaml_writer *w);
void gf_yaml_write_seq_start(gf_yaml_writer *w);
void gf_yaml_write_seq_end(gf_yaml_writer *w);
/* s[0..n) (may hold NUL bytes), copied into the output. */
void gf_yaml_write_str(gf_yaml_writer *w, const char *s, size_t n);
void gf_yaml_write_uint(gf_yaml_writer *w, unsigned long long v);
/* Ends the document and frees w: 0, or GF_EINVAL with a message. */
int gf_yaml_writer_finish(gf_yaml_writer *w, gf_error *err);

#endif
