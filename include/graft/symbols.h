/* graft/symbols.h: a file's named definitions as a tree, addressed by name path. */
#ifndef GRAFT_SYMBOLS_H
#define GRAFT_SYMBOLS_H

#include "graft/core.h"
#include "graft/source.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Definitions come from the project's tree-sitter queries
 * (queries/<lang>/symbols.scm, compiled into the library): each match
 * captures a definition node as @definition.<kind>, its name as @name, and
 * optionally its body (@body) and an outer scope written elsewhere
 * (@scope: a Go method's receiver type, a C++ "A::f" qualifier, a Rust
 * impl's type), which becomes part of the name path.
 *
 * A name path joins the names of the enclosing definitions and the symbol
 * with '/': "Outer/Inner/method". In a name, '/', '[' and '\' are escaped
 * with '\'. Siblings with the same name path (overloads, a property's
 * getter and setter, repeated TOML array tables) all get a 1-based index in
 * document order: "f[1]", "f[2]".
 */
typedef enum gf_symkind {
    GF_SYM_MODULE,
    GF_SYM_NAMESPACE,
    GF_SYM_CLASS,
    GF_SYM_STRUCT,
    GF_SYM_UNION,
    GF_SYM_INTERFACE,
    GF_SYM_TRAIT,
    GF_SYM_ENUM,
    GF_SYM_TYPE,
    GF_SYM_FUNCTION,
    GF_SYM_PROTOTYPE,
    GF_SYM_METHOD,
    GF_SYM_CONSTRUCTOR,
    GF_SYM_PROPERTY,
    GF_SYM_FIELD,
    GF_SYM_ENUM_MEMBER,
    GF_SYM_CONSTANT,
    GF_SYM_VARIABLE,
    GF_SYM_MACRO,
    GF_SYM_TABLE,
    GF_SYM_ARRAY_TABLE,
    GF_SYM_KEY,
    GF_SYM_IMPL, /* a scope only (Rust impl blocks): never listed */
    GF_SYM_KIND_COUNT
} gf_symkind;

/* "class", "function", "array-table", ...; NULL past the last kind. */
GRAFT_API const char *gf_symkind_name(gf_symkind k);
/* By name; -1 when unknown. */
GRAFT_API int gf_symkind_find(const char *name);

typedef struct gf_symbol {
    gf_symkind kind;
    char *name;        /* as written (unescaped) */
    char *name_path;   /* escaped, with [i] indexes */
    int parent;        /* index of the enclosing listed symbol, -1 at top level */
    char *parent_path; /* the name path it sits under (may name a symbol elsewhere,
                          e.g. a Go receiver type), NULL at top level */
    uint32_t depth;    /* 0 at top level: the number of '/' separators in name_path */
    /* the whole node: decorators, attributes and annotations included */
    uint32_t start, end;
    /* the name as written (quotes included for a quoted key) */
    uint32_t name_start, name_end;
    /* header: from the definition itself (after decorators) up to its body */
    uint32_t sig_start, sig_end;
    /* body (start == end when it has none) and docstring or leading comment
     * (start == end when none) */
    uint32_t body_start, body_end;
    uint32_t doc_start, doc_end;
} gf_symbol;

typedef struct gf_symbols {
    gf_symbol *items; /* document order (by start; an enclosing symbol first) */
    size_t len, cap;
} gf_symbols;

#define GF_SYMBOLS_INIT                                                                            \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* True when the library has symbol queries for lang. */
GRAFT_API bool gf_symbols_supported(const gf_lang *lang);
/*
 * Lists the definitions of s (parsed as tree, with s->lang) into out
 * (cleared first). GF_ENOLANG when the language has no symbol query;
 * GF_EINTERNAL when its query does not compile (a build defect).
 * Thread-safe: queries are compiled once and shared.
 */
GRAFT_API int gf_symbols_extract(const gf_source *s, const TSTree *tree, gf_symbols *out,
                                 gf_error *err);
GRAFT_API void gf_symbols_release(gf_symbols *syms);

/*
 * Whether symbol i matches a name path query: "name" matches the last
 * component at any depth; "a/b" matches a suffix of the name path; "/a/b"
 * must match from the top level. A component without an index matches
 * every index ("f" matches "f[1]" and "f[2]"); with one, only that index.
 */
GRAFT_API bool gf_symbol_matches(const gf_symbols *syms, size_t i, const char *query);

/*
 * Symbol-level edits. Each gives the one byte-range replacement that
 * performs it (out->text is allocated; free it with gf_free); the caller
 * applies it through an EditSet.
 *
 * REPLACE: the symbol's whole range (decorators included) becomes text,
 *   re-indented: text's common indentation is removed, every line after the
 *   first takes the symbol's indentation, and its relative indentation is
 *   converted to the file's style (when the file indents only with tabs, or
 *   only with spaces).
 * INSERT_BEFORE / INSERT_AFTER: text becomes a new line-aligned sibling
 *   before the symbol (and its leading comment) or after its last line,
 *   separated by the blank-line convention of the neighbours: PEP 8 in
 *   Python (two blank lines around top-level definitions, one between
 *   methods), elsewhere the gap that separates the symbol from its
 *   neighbouring sibling (one blank line if it has none).
 * DELETE: removes the symbol's lines, with its leading comment, and the
 *   blank lines before it (after it when none precede), so that INSERT_AFTER
 *   followed by DELETE of the inserted symbol restores the file byte for
 *   byte.
 * Inserted text takes the file's line ending (LF or CRLF). GF_EINVAL when
 * the edit cannot be made line by line (code shares the symbol's lines) or
 * text is empty.
 */
typedef enum gf_splice_op {
    GF_SPLICE_REPLACE,
    GF_SPLICE_INSERT_BEFORE,
    GF_SPLICE_INSERT_AFTER,
    GF_SPLICE_DELETE,
} gf_splice_op;

typedef struct gf_splice {
    uint32_t start, end; /* bytes replaced */
    char *text;
    size_t len;
} gf_splice;

GRAFT_API int gf_splice_plan(const gf_source *s, const gf_symbols *syms, size_t i, gf_splice_op op,
                             const char *text, size_t len, gf_splice *out, gf_error *err);

/*
 * Name-based references, from the project's queries/<lang>/refs.scm: each
 * match captures the reference as @reference.<kind> (call, type, import,
 * name) and the identifier as @name. A name node found by several patterns
 * keeps the most specific kind (call, type, import before name); the names
 * of definitions themselves are not references.
 */
typedef enum gf_refkind { GF_REF_CALL, GF_REF_TYPE, GF_REF_IMPORT, GF_REF_NAME } gf_refkind;

GRAFT_API const char *gf_refkind_name(gf_refkind k);

typedef struct gf_ref {
    gf_refkind kind;
    uint32_t start, end; /* the name */
    int symbol;          /* innermost enclosing symbol (index into syms), -1 */
} gf_ref;

typedef struct gf_refs {
    gf_ref *items; /* document order */
    size_t len, cap;
} gf_refs;

GRAFT_API bool gf_refs_supported(const gf_lang *lang);
/*
 * References to name (every name when NULL) in s, parsed as tree; syms (may
 * be NULL) gives the enclosing symbols and the definitions to leave out.
 * out is cleared first. GF_ENOLANG when the language has no reference query.
 */
GRAFT_API int gf_refs_find(const gf_source *s, const TSTree *tree, const char *name,
                           const gf_symbols *syms, gf_refs *out, gf_error *err);
GRAFT_API void gf_refs_release(gf_refs *refs);

#ifdef __cplusplus
}
#endif

#endif
