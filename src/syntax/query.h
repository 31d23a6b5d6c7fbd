/* query: the project's compiled tree-sitter queries (queries/LANG/NAME.scm),
 * shared by symbols.c and refs.c. */
#ifndef GF_SYNTAX_QUERY_H
#define GF_SYNTAX_QUERY_H

#include <tree_sitter/api.h>

#include "graft/source.h"

typedef struct squery squery;

/* The reference query of a language (compiled once, shared, immutable):
 * 0, GF_ENOLANG (none), or GF_EINVAL (does not compile: a build defect). */
int gf_query_refs(const gf_lang *l, const squery **out, gf_error *err);
bool gf_query_refs_supported(const gf_lang *l);
TSQuery *gf_query_ts(const squery *q);
/* The match satisfies its pattern's text predicates (#eq?, #match?...). */
bool gf_query_match_ok(const gf_source *s, const squery *q, const TSQueryMatch *m);

#endif
