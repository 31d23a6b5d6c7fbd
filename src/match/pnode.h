/* pnode: the compiled pattern tree shared by pattern.c and match.c. */
#ifndef GF_MATCH_PNODE_H
#define GF_MATCH_PNODE_H

#include <tree_sitter/api.h>

#include "graft/match.h"

typedef enum pn_type { PN_INTERNAL, PN_TERMINAL, PN_METAVAR } pn_type;

/* Metavariable forms: $A (CAPTURE, named), $$A (CAPTURE, any node),
 * $_ / $$_ (DROPPED), $$$ (MULTI), $$$A (MULTI_CAPTURE). */
typedef enum mv_kind { MV_CAPTURE, MV_DROPPED, MV_MULTI, MV_MULTI_CAPTURE } mv_kind;

#define PN_ERROR_SYMBOL ((TSSymbol)65535) /* tree-sitter's ERROR: matches any kind */

typedef struct pnode {
    uint8_t type;  /* pn_type */
    uint8_t mv;    /* mv_kind, for PN_METAVAR */
    bool named;    /* terminal: is_named; metavar: must bind a named node */
    TSSymbol kind; /* internal and terminal */
    uint32_t var;  /* metavar: index into the pattern's variables */
    uint32_t text; /* terminal: offset of its text in the pattern's text pool */
    uint32_t text_len;
    uint32_t child; /* internal: index of the first child; children are contiguous */
    uint32_t nchild;
} pnode;

#define GF_MAX_LITERALS 8

struct gf_pattern {
    const gf_lang *lang;
    gf_strictness strictness;
    pnode *nodes; /* nodes[0] is the root */
    size_t nnodes;
    char *pool; /* terminal texts */
    size_t pool_len;
    char **vars; /* capturing variable names */
    bool *var_multi;
    size_t nvars;
    bool has_root_kind; /* candidates must have root_kind (root or selector kind) */
    TSSymbol root_kind;
    bool root_from_selector; /* root_kind set by a selector: binding even in template mode */
    /* Texts every match contains: the distinct named leaves whose text must
     * be equal (not in signature mode), longest first, at most
     * GF_MAX_LITERALS; pool offset/length pairs. */
    uint32_t literal[GF_MAX_LITERALS], literal_len[GF_MAX_LITERALS];
    size_t nliterals;
};

#endif
