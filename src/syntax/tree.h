/* tree: rendering syntax trees (sexp, json, indented) and syntax errors. */
#ifndef GF_SYNTAX_TREE_H
#define GF_SYNTAX_TREE_H

#include <tree_sitter/api.h>

#include "graft/source.h"
#include "util/buf.h"
#include "util/vec.h"

typedef enum gf_tree_format {
    GF_TREE_SEXP,
    GF_TREE_JSON,
    GF_TREE_JSON_COMPACT,
    GF_TREE_INDENT,
} gf_tree_format;

/*
 * Appends a rendering of tree to out. named_only hides anonymous nodes
 * (punctuation, keywords) except MISSING ones. Traversal is iterative, so
 * trees of any depth render without recursion; indentation is capped at
 * GF_TREE_MAX_INDENT levels to keep output linear in the node count.
 */
#define GF_TREE_MAX_INDENT 128
/* When flush is non-NULL it is called with out whenever out holds more than
 * about 1 MiB, and may drain it (so huge trees stream in bounded memory). */
typedef void (*gf_flush_fn)(void *ctx, gf_buf *out);
void gf_tree_render(gf_source *s, const TSTree *tree, gf_tree_format fmt, bool named_only,
                    gf_buf *out, gf_flush_fn flush, void *flush_ctx);

/* A syntax problem: a MISSING node, or an ERROR node holding no nested
 * ERROR or MISSING node (the most precise location). */
typedef struct gf_syntax_issue {
    bool missing;       /* MISSING node, else ERROR */
    size_t start, end;  /* byte range */
    uint32_t line, col; /* 0-based point of start (byte column) */
    char what[64];      /* missing kind, or the unexpected text (first line, truncated) */
} gf_syntax_issue;

typedef GF_VEC(gf_syntax_issue) gf_syntax_issues;

/* Appends every issue of tree to out, in document order. */
void gf_tree_issues(gf_source *s, const TSTree *tree, gf_syntax_issues *out);

#endif
