/* graft/match.h: ast-grep-compatible structural patterns. */
#ifndef GRAFT_MATCH_H
#define GRAFT_MATCH_H

#include "graft/core.h"
#include "graft/lang.h"
#include "graft/source.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gf_strictness {
    GF_STRICT_SMART = 0, /* default: unnamed nodes and comments in the source are skipped */
    GF_STRICT_CST,       /* every node must match */
    GF_STRICT_AST,       /* unnamed nodes skipped on both sides */
    GF_STRICT_RELAXED,   /* as ast, and comments skipped */
    GF_STRICT_SIGNATURE, /* as relaxed, and the text of named leaves ignored */
    GF_STRICT_TEMPLATE,  /* as smart, but node kinds ignored (text only) */
} gf_strictness;

/* Parses "smart", "cst", ... ; false when unknown. */
GRAFT_API bool gf_strictness_parse(const char *name, gf_strictness *out);

/*
 * A compiled pattern for one language: immutable, shareable between
 * threads. The pattern is parsed as a snippet of the language; $NAME binds
 * one named node, $$NAME one node of any kind, $$$NAME zero or more sibling
 * nodes; $_ and $$$ match without capturing. With a selector (a node kind),
 * the pattern is a context and the first node of that kind in it is the one
 * matched, as ast-grep's {context, selector}.
 */
typedef struct gf_pattern gf_pattern;
struct gf_buf;

typedef struct gf_pattern_opts {
    const char *selector;     /* node kind, or NULL */
    gf_strictness strictness; /* default smart */
} gf_pattern_opts;

GRAFT_API int gf_pattern_compile(const gf_lang *lang, const char *src, size_t len,
                                 const gf_pattern_opts *opts, gf_pattern **out, gf_error *err);
GRAFT_API void gf_pattern_delete(gf_pattern *p);
/* Names of the capturing metavariables, in first-appearance order. */
GRAFT_API size_t gf_pattern_var_count(const gf_pattern *p);
GRAFT_API const char *gf_pattern_var_name(const gf_pattern *p, size_t i);
GRAFT_API bool gf_pattern_var_is_multi(const gf_pattern *p, size_t i);

/* False when data cannot hold a match (a literal the pattern requires is
 * absent): the file need not be parsed. Cheap (one memmem). */
GRAFT_API bool gf_pattern_may_match(const gf_pattern *p, const char *data, size_t len);

/* One captured node (byte range in the source). */
typedef struct gf_span {
    uint32_t start, end;
} gf_span;

/*
 * A match as reported to the callback: the matched node's byte range and,
 * per capturing variable (index as gf_pattern_var_name), its binding:
 * vars[i].count == 0 means unbound; single variables have count 1 and
 * spans[vars[i].first]; multi variables list count spans. Valid during the
 * callback only.
 */
typedef struct gf_match {
    gf_span range;
    const struct gf_var_binding {
        uint32_t first, count;
        bool bound;
    } * vars;
    const gf_span *spans;
} gf_match;

/* Per-worker matching state (scratch stacks, a tree cursor); never share. */
typedef struct gf_matcher gf_matcher;
GRAFT_API gf_matcher *gf_matcher_new(void);
GRAFT_API void gf_matcher_delete(gf_matcher *m);

/* Calls fn for every match of p in tree (pre-order: outer matches before
 * nested ones); fn returning non-zero stops. Returns the number of matches
 * reported. */
typedef int (*gf_match_fn)(void *user, const gf_match *m);
GRAFT_API size_t gf_pattern_find(const gf_pattern *p, gf_matcher *m, const gf_source *s,
                                 const TSTree *tree, gf_match_fn fn, void *user);

struct TSNode;

/* The one node kind every match of p is rooted at, or 0 when a match may
 * start at a node of any kind. */
GRAFT_API uint16_t gf_pattern_root_symbol(const gf_pattern *p);

/* As gf_pattern_find, trying only the given nodes of one tree (in document
 * order, so that matches come pre-order): for callers that keep, per tree,
 * the nodes of a pattern's root symbol between searches. ends, when not
 * NULL, holds each node's end byte: nodes whose range cannot hold the
 * pattern's literal text are then passed over without being read. */
GRAFT_API size_t gf_pattern_find_at(const gf_pattern *p, gf_matcher *m, const gf_source *s,
                                    const struct TSNode *nodes, const uint32_t *ends, size_t count,
                                    gf_match_fn fn, void *user);

/*
 * Appends to out the replacement for match m of p in s, from the template
 * tmpl: $NAME, $$NAME and $$$NAME are replaced by the source text they
 * captured ($$$ lists from their first node's start to their last node's
 * end), unbound names by nothing; a lone "$$$" stays literal. Multi-line
 * captures keep their layout relative to the template line they land on,
 * and every line after the first is indented like the matched node's line
 * (spaces, as ast-grep).
 */
GRAFT_API void gf_rewrite_render(const gf_pattern *p, const gf_source *s, const gf_match *m,
                                 const char *tmpl, size_t tlen, struct gf_buf *out);

#ifdef __cplusplus
}
#endif

#endif
