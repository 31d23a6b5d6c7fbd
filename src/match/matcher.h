/* matcher: the per-worker matching state shared by patterns and rules. */
#ifndef GF_MATCH_MATCHER_H
#define GF_MATCH_MATCHER_H

#include <tree_sitter/api.h>

#include "graft/match.h"
#include "util/vec.h"

/*
 * A binding of the environment: single (node) or multi (the nodes
 * multi[first..first+count) of the matcher). Bindings form a stack: the
 * latest binding of a variable wins, and undoing is truncating the stack
 * (and the multi nodes) to an earlier mark.
 */
typedef struct gf_bind {
    uint32_t var;
    bool multi;
    TSNode node;
    uint32_t first, count;
} gf_bind;
typedef gf_bind bind;

struct gf_matcher {
    TSTreeCursor cur;
    bool cur_live;
    GF_VEC(TSNode) kids; /* children frames, used as a stack */
    GF_VEC(bind) binds;
    GF_VEC(TSNode) multi;
    GF_VEC(TSNode) labels; /* rules: nodes matched by relational sub-rules */
    size_t floor;          /* bindings below it are hidden (a global utility's own env) */
    /* reporting */
    GF_VEC(gf_span) spans;
    GF_VEC(struct gf_var_binding) vars;
    /* current run */
    const gf_pattern *p;
    const uint32_t *varmap; /* pattern variable -> environment id; NULL = same */
    const char *src;
};

/* A mark of the environment, to undo everything bound after it. */
typedef struct gf_env_mark {
    size_t binds, multi, labels;
} gf_env_mark;

static inline gf_env_mark gf_env_save(const gf_matcher *m)
{
    return (gf_env_mark){m->binds.len, m->multi.len, m->labels.len};
}

static inline void gf_env_restore(gf_matcher *m, gf_env_mark k)
{
    m->binds.len = k.binds;
    m->multi.len = k.multi;
    m->labels.len = k.labels;
}

/* The latest binding of environment variable var, or NULL. */
const gf_bind *gf_env_lookup(const gf_matcher *m, uint32_t var);

/*
 * Whether pattern p matches node n of the source text src, binding its
 * variables into m's environment under the ids varmap gives (NULL: the
 * pattern's own indices). A variable already bound in the environment must
 * match a structurally equal node. On failure the environment is unchanged.
 */
bool gf_pattern_match_node(const gf_pattern *p, const uint32_t *varmap, gf_matcher *m,
                           const char *src, TSNode n);

/* Structural equality of two nodes of one source, as for repeated
 * metavariables. */
bool gf_same_tree(gf_matcher *m, TSNode a, TSNode b);

#endif
