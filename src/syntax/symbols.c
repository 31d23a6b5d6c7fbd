/* symbols: named definitions from the project's tree-sitter queries. */
#include "graft/symbols.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "queries.h"
#include "syntax/query.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/regex.h"
#include "util/vec.h"

/* ---- kinds ---- */

static const char *const kind_names[GF_SYM_KIND_COUNT] = {
    [GF_SYM_MODULE] = "module",
    [GF_SYM_NAMESPACE] = "namespace",
    [GF_SYM_CLASS] = "class",
    [GF_SYM_STRUCT] = "struct",
    [GF_SYM_UNION] = "union",
    [GF_SYM_INTERFACE] = "interface",
    [GF_SYM_TRAIT] = "trait",
    [GF_SYM_ENUM] = "enum",
    [GF_SYM_TYPE] = "type",
    [GF_SYM_FUNCTION] = "function",
    [GF_SYM_PROTOTYPE] = "prototype",
    [GF_SYM_METHOD] = "method",
    [GF_SYM_CONSTRUCTOR] = "constructor",
    [GF_SYM_PROPERTY] = "property",
    [GF_SYM_FIELD] = "field",
    [GF_SYM_ENUM_MEMBER] = "enum-member",
    [GF_SYM_CONSTANT] = "constant",
    [GF_SYM_VARIABLE] = "variable",
    [GF_SYM_MACRO] = "macro",
    [GF_SYM_TABLE] = "table",
    [GF_SYM_ARRAY_TABLE] = "array-table",
    [GF_SYM_KEY] = "key",
    [GF_SYM_IMPL] = "impl",
};

const char *gf_symkind_name(gf_symkind k)
{
    return (unsigned)k < GF_SYM_KIND_COUNT ? kind_names[k] : NULL;
}

int gf_symkind_find(const char *name)
{
    for (int i = 0; i < GF_SYM_KIND_COUNT; i++)
        if (!strcmp(kind_names[i], name))
            return i;
    return -1;
}

/* ---- per-language conventions ---- */

typedef struct lang_conf {
    const char *lang;            /* registry name */
    const char *query;           /* queries/<query>/symbols.scm */
    bool py_docstring;           /* a string first in the body documents the definition */
    bool ctor_named_constructor; /* a method named "constructor" is one (JS/TS) */
    bool ctor_named_like_class;  /* a method named like its class is one (C++) */
    /* kinds of preceding siblings that belong to the definition (Rust
     * attributes), of leading children left out of its header, and of
     * anonymous tokens right after it; NULL-terminated */
    const char *const *attach;
} lang_conf;

static const char *const rust_attach[] = {"attribute_item", NULL};
/* Java annotations, in the modifiers a declaration starts with */
static const char *const java_attach[] = {"marker_annotation", "annotation", NULL};
/* JS/TS decorators (a TS class member's are its preceding siblings) and
 * the ';' after a class field or signature */
static const char *const js_attach[] = {"decorator", ";", NULL};

static const lang_conf confs[] = {
    {"bash", "bash", false, false, false, NULL},
    {"c", "c", false, false, false, NULL},
    {"cpp", "cpp", false, false, true, NULL},
    {"go", "go", false, false, false, NULL},
    {"java", "java", false, false, false, java_attach},
    {"javascript", "javascript", false, true, false, js_attach},
    {"json", "json", false, false, false, NULL},
    {"python", "python", true, false, false, NULL},
    {"rust", "rust", false, false, false, rust_attach},
    {"toml", "toml", false, false, false, NULL},
    {"tsx", "typescript", false, true, false, js_attach},
    {"typescript", "typescript", false, true, false, js_attach},
    {"yaml", "yaml", false, false, false, NULL},
};

static const lang_conf *conf_for(const gf_lang *l)
{
    if (!l)
        return NULL;
    for (size_t i = 0; i < sizeof confs / sizeof *confs; i++)
        if (!strcmp(confs[i].lang, l->name))
            return &confs[i];
    return NULL;
}

/* The query files a language may have: symbols.scm and refs.scm;
 * opaque.scm, the node kinds symbols.scm need not search; gate.scm, the
 * words without which it need not search a node. */
static const char *const query_kinds[] = {"symbols", "refs", "opaque", "gate"};

static const char *query_text_kind(const char *name, int kind)
{
    for (size_t i = 0; gf_embedded_queries[i].lang; i++)
        if (!strcmp(gf_embedded_queries[i].lang, name) &&
            !strcmp(gf_embedded_queries[i].name, query_kinds[kind]))
            return gf_embedded_queries[i].text;
    return NULL;
}

static const char *query_text(const char *name)
{
    return query_text_kind(name, 0);
}

bool gf_symbols_supported(const gf_lang *lang)
{
    const lang_conf *c = conf_for(lang);
    return c && query_text(c->query);
}

/* A text predicate of a query pattern (#eq?, #match?, #any-of? and their
 * #not- forms), or #has-ancestor? @c type... (a node of one of those types
 * encloses @c: C's globals are declarations outside any function body);
 * tree-sitter leaves these to the client. */
typedef enum pred_op { P_EQ, P_MATCH, P_ANY_OF, P_HAS_ANCESTOR } pred_op;

typedef struct pred {
    pred_op op;
    bool negate;
    uint32_t cap;
    int cap2;                /* #eq? @a @b: the second capture, else -1 */
    const char *const *strs; /* #eq? string / #any-of? strings (in the query) */
    const uint32_t *lens;
    size_t nstrs;
    gf_regex *re;
} pred;

/* What a capture of the symbol query stands for (see collect). */
typedef enum cap_role {
    CAP_OTHER,
    CAP_DEF,
    CAP_NAME,
    CAP_BODY,
    CAP_SCOPE,
    CAP_WRAPPER,
    CAP_INNER
} cap_role;

typedef struct squery {
    TSQuery *q;
    GF_VEC(pred) preds;
    size_t *first, *count; /* per pattern: its slice of preds */
    /* per capture id: its role, and the kind of a @definition.KIND */
    unsigned char *role;
    gf_symkind *kind;
    /* per grammar symbol: some pattern starts at a node of that symbol.
     * NULL when a pattern's first node is not known (see load_roots). */
    bool *roots;
    /* per grammar symbol: no pattern starts inside an error-free node of
     * that symbol (queries/LANG/opaque.scm); NULL: none such known */
    bool *opaque;
    /* words, keywords of the grammar (queries/LANG/gate.scm): no pattern
     * starts inside an error-free node whose text holds none of them,
     * unless the node is of the tree root's kind; ngate 0: none known */
    const char **gate; /* in the query text, not NUL-terminated */
    uint32_t *gate_len;
    uint32_t ngate;
} squery;

/* Compiled queries, one per registry entry, built on first use. */
static pthread_mutex_t query_lock = PTHREAD_MUTEX_INITIALIZER;
static squery *queries[2]; /* by query kind (symbols, refs), then registry index */

static int load_predicates(squery *sq, const char *lang, gf_error *err)
{
    uint32_t np = ts_query_pattern_count(sq->q);
    sq->first = gf_calloc(np ? np : 1, sizeof *sq->first);
    sq->count = gf_calloc(np ? np : 1, sizeof *sq->count);
    for (uint32_t p = 0; p < np; p++) {
        uint32_t n;
        const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(sq->q, p, &n);
        sq->first[p] = sq->preds.len;
        for (uint32_t i = 0; i < n;) {
            uint32_t j = i;
            while (j < n && st[j].type != TSQueryPredicateStepTypeDone)
                j++;
            /* st[i..j): operator, operands */
            uint32_t ol;
            const char *op = st[i].type == TSQueryPredicateStepTypeString
                                 ? ts_query_string_value_for_id(sq->q, st[i].value_id, &ol)
                                 : "";
            bool neg = !strncmp(op, "not-", 4);
            const char *base = neg ? op + 4 : op;
            pred pr = {.negate = neg, .cap2 = -1};
            bool known = true;
            if (!strcmp(base, "eq?"))
                pr.op = P_EQ;
            else if (!strcmp(base, "match?"))
                pr.op = P_MATCH;
            else if (!strcmp(base, "any-of?"))
                pr.op = P_ANY_OF;
            else if (!strcmp(base, "has-ancestor?"))
                pr.op = P_HAS_ANCESTOR;
            else
                known = false; /* directives (#set! ...) do not filter */
            if (known) {
                if (j - i < 3 || st[i + 1].type != TSQueryPredicateStepTypeCapture)
                    return gf_error_set(err, GF_EINVAL,
                                        "internal error: the %s symbol query has a malformed "
                                        "#%s predicate",
                                        lang, op);
                pr.cap = st[i + 1].value_id;
                if (pr.op == P_EQ && st[i + 2].type == TSQueryPredicateStepTypeCapture) {
                    pr.cap2 = (int)st[i + 2].value_id;
                } else {
                    size_t k = j - i - 2;
                    const char **strs = gf_calloc(k, sizeof *strs);
                    uint32_t *lens = gf_calloc(k, sizeof *lens);
                    for (size_t x = 0; x < k; x++)
                        strs[x] =
                            ts_query_string_value_for_id(sq->q, st[i + 2 + x].value_id, &lens[x]);
                    pr.strs = strs;
                    pr.lens = lens;
                    pr.nstrs = k;
                    if (pr.op == P_MATCH) {
                        gf_error re_err;
                        if (gf_regex_compile(strs[0], lens[0], &pr.re, &re_err) != 0)
                            return gf_error_set(err, GF_EINVAL,
                                                "internal error: the %s symbol query has a bad "
                                                "regex: %s",
                                                lang, re_err.message);
                    }
                }
                gf_vec_push(&sq->preds, pr);
            }
            i = j + 1;
        }
        sq->count[p] = sq->preds.len - sq->first[p];
    }
    return 0;
}

static void load_roles(squery *sq)
{
    uint32_t nc = ts_query_capture_count(sq->q);
    sq->role = gf_calloc(nc ? nc : 1, sizeof *sq->role);
    sq->kind = gf_calloc(nc ? nc : 1, sizeof *sq->kind);
    for (uint32_t i = 0; i < nc; i++) {
        uint32_t len;
        const char *cn = ts_query_capture_name_for_id(sq->q, i, &len);
        cap_role r = CAP_OTHER;
        if (len > 11 && !strncmp(cn, "definition.", 11)) {
            char k[32];
            size_t kl = len - 11 < sizeof k - 1 ? len - 11 : sizeof k - 1;
            memcpy(k, cn + 11, kl);
            k[kl] = '\0';
            int kind = gf_symkind_find(k);
            if (kind >= 0) {
                r = CAP_DEF;
                sq->kind[i] = (gf_symkind)kind;
            }
        } else if (len == 4 && !strncmp(cn, "name", 4)) {
            r = CAP_NAME;
        } else if (len == 4 && !strncmp(cn, "body", 4)) {
            r = CAP_BODY;
        } else if (len == 5 && !strncmp(cn, "scope", 5)) {
            r = CAP_SCOPE;
        } else if (len == 7 && !strncmp(cn, "wrapper", 7)) {
            r = CAP_WRAPPER;
        } else if (len == 5 && !strncmp(cn, "inner", 5)) {
            r = CAP_INNER;
        }
        sq->role[i] = (unsigned char)r;
    }
}

/* Past blanks and ; comments of query text [p, e). */
static const char *q_blank(const char *p, const char *e)
{
    for (;;) {
        while (p < e && isspace((unsigned char)*p))
            p++;
        if (p == e || *p != ';')
            return p;
        while (p < e && *p != '\n')
            p++;
    }
}

/* Past one parenthesised or bracketed expression, or string, at p. */
static const char *q_skip(const char *p, const char *e)
{
    int depth = 0;
    do {
        if (*p == '"') {
            for (p++; p < e && *p != '"'; p++)
                if (*p == '\\' && p + 1 < e)
                    p++;
        } else if (*p == ';') {
            while (p < e && *p != '\n')
                p++;
            continue;
        } else if (*p == '(' || *p == '[') {
            depth++;
        } else if (*p == ')' || *p == ']') {
            depth--;
        }
        p++;
    } while (p < e && depth > 0);
    return p;
}

/*
 * Marks in roots the symbols a pattern's first node, the expression at p in
 * [p, e), can have: `(kind ...)`, `[(a ...) (b ...)]`, or a group `((kind
 * ...) (#pred...))`. False when they cannot be told (wildcard, anonymous
 * node, supertype, quantifier...): then any node may start a match.
 */
static bool q_roots(const TSLanguage *lang, const char *p, const char *e, bool *roots,
                    uint32_t nsym, const char **after)
{
    p = q_blank(p, e);
    if (p == e)
        return false;
    const char *end = q_skip(p, e);
    if (*p == '[') {
        const char *a = q_blank(p + 1, end), *x;
        bool any = false;
        while (a < end && *a != ']') {
            if (*a != '(' || !q_roots(lang, a, end, roots, nsym, &x))
                return false;
            any = true;
            a = q_blank(x, end);
        }
        if (!any)
            return false;
    } else if (*p == '(') {
        const char *a = q_blank(p + 1, end), *b = a;
        if (a < end && (*a == '(' || *a == '[')) {
            if (!q_roots(lang, a, end, roots, nsym, &b))
                return false;
        } else {
            while (b < end && (isalnum((unsigned char)*b) || *b == '_'))
                b++;
            if (b == a || (b - a == 1 && *a == '_') || (b < end && *b == '/'))
                return false;
            TSSymbol sym = ts_language_symbol_for_name(lang, a, (uint32_t)(b - a), true);
            if (!sym || sym >= nsym)
                return false;
            roots[sym] = true;
        }
    } else {
        return false;
    }
    /* captures, then no quantifier */
    p = q_blank(end, e);
    while (p < e && *p == '@') {
        p++;
        while (p < e && (isalnum((unsigned char)*p) || strchr("_.-", *p)))
            p++;
        p = q_blank(p, e);
    }
    if (p < e && (*p == '*' || *p == '+' || *p == '?'))
        return false;
    *after = p;
    return true;
}

/* The symbols the patterns of q (compiled from text) start at, by symbol;
 * NULL when some pattern's first node cannot be told from the text.
 * Returns memory the caller frees. */
static bool *pattern_roots(const TSQuery *q, const TSLanguage *lang, const char *text)
{
    uint32_t nsym = ts_language_symbol_count(lang), np = ts_query_pattern_count(q);
    bool *roots = gf_calloc(nsym ? nsym : 1, sizeof *roots);
    for (uint32_t i = 0; i < np; i++) {
        const char *after;
        if (!ts_query_is_pattern_rooted(q, i) ||
            !q_roots(lang, text + ts_query_start_byte_for_pattern(q, i),
                     text + ts_query_end_byte_for_pattern(q, i), roots, nsym, &after)) {
            gf_free(roots);
            return NULL;
        }
    }
    return roots;
}

/* sq->roots and sq->opaque for the symbol query of lang (text), whose
 * opaque kinds, if any, are the patterns of opaque. A kind that is both
 * stays searched. */
static int load_roots(squery *sq, const gf_lang *l, const char *text, const char *opaque,
                      gf_error *err)
{
    const TSLanguage *lang = l->ts();
    sq->roots = pattern_roots(sq->q, lang, text);
    if (!sq->roots || !opaque)
        return 0;
    uint32_t off;
    TSQueryError qe;
    TSQuery *oq = ts_query_new(lang, opaque, (uint32_t)strlen(opaque), &off, &qe);
    if (!oq)
        return gf_error_set(err, GF_EINVAL,
                            "internal error: the %s opaque query does not compile "
                            "(error %d at byte %u)",
                            l->name, (int)qe, off);
    sq->opaque = pattern_roots(oq, lang, opaque);
    ts_query_delete(oq);
    for (uint32_t i = 0, n = ts_language_symbol_count(lang); sq->opaque && i < n; i++)
        if (sq->roots[i])
            sq->opaque[i] = false;
    return 0;
}

/* sq->gate from the patterns of gate (a language's gate.scm), each a
 * keyword of the grammar, as "word": compiled first, so that a word that
 * is no token of the grammar is an error. */
static int load_gate(squery *sq, const gf_lang *l, const char *gate, gf_error *err)
{
    uint32_t off;
    TSQueryError qe;
    TSQuery *gq = ts_query_new(l->ts(), gate, (uint32_t)strlen(gate), &off, &qe);
    if (!gq)
        return gf_error_set(err, GF_EINVAL,
                            "internal error: the %s gate query does not compile "
                            "(error %d at byte %u)",
                            l->name, (int)qe, off);
    uint32_t np = ts_query_pattern_count(gq);
    sq->gate = gf_calloc(np ? np : 1, sizeof *sq->gate);
    sq->gate_len = gf_calloc(np ? np : 1, sizeof *sq->gate_len);
    int rc = 0;
    for (uint32_t i = 0; i < np && !rc; i++) {
        const char *a = q_blank(gate + ts_query_start_byte_for_pattern(gq, i),
                                gate + ts_query_end_byte_for_pattern(gq, i));
        const char *b = a + 1;
        while (*a == '"' && *b && *b != '"' && *b != '\\')
            b++;
        if (*a != '"' || *b != '"' || b == a + 1)
            rc = gf_error_set(err, GF_EINVAL,
                              "internal error: the %s gate query has a pattern other than "
                              "a word",
                              l->name);
        sq->gate[i] = a + 1;
        sq->gate_len[i] = (uint32_t)(b - a - 1);
    }
    ts_query_delete(gq);
    if (rc) {
        gf_free(sq->gate);
        gf_free(sq->gate_len);
        sq->gate = NULL;
        sq->gate_len = NULL;
    } else {
        sq->ngate = np;
    }
    return rc;
}

static int query_for_kind(const gf_lang *l, const lang_conf *c, int kind, squery **out,
                          gf_error *err)
{
    size_t i = gf_lang_index(l);
    const char *text = query_text_kind(c->query, kind);
    if (i == SIZE_MAX || !text)
        return gf_error_set(err, GF_ENOLANG, "no %s support for %s", kind ? "reference" : "symbol",
                            l->name);
    int rc = 0;
    pthread_mutex_lock(&query_lock);
    if (!queries[kind])
        queries[kind] = gf_calloc(gf_lang_count(), sizeof *queries[kind]);
    squery *sq = &queries[kind][i];
    if (!sq->q) {
        uint32_t off;
        TSQueryError qe;
        sq->q = ts_query_new(l->ts(), text, (uint32_t)strlen(text), &off, &qe);
        if (!sq->q)
            rc = gf_error_set(err, GF_EINVAL,
                              "internal error: the %s %s query does not compile "
                              "(error %d at byte %u)",
                              l->name, query_kinds[kind], (int)qe, off);
        else
            rc = load_predicates(sq, l->name, err);
        if (!rc) {
            load_roles(sq);
            if (kind == 0)
                rc = load_roots(sq, l, text, query_text_kind(c->query, 2), err);
            const char *gate = query_text_kind(c->query, 3);
            if (kind == 0 && !rc && gate)
                rc = load_gate(sq, l, gate, err);
        }
        if (rc && sq->q) {
            ts_query_delete(sq->q);
            sq->q = NULL;
        }
    }
    *out = sq;
    pthread_mutex_unlock(&query_lock);
    return rc;
}

static int query_for(const gf_lang *l, const lang_conf *c, squery **out, gf_error *err)
{
    return query_for_kind(l, c, 0, out, err);
}

static bool text_is(const gf_source *s, TSNode n, const char *t, size_t tl)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    return b - a == tl && b <= s->len && !memcmp(s->bytes + a, t, tl);
}

/* The match satisfies every text predicate of its pattern (a predicate on a
 * capture that took no node holds). */
static bool predicates_hold(const gf_source *s, const squery *sq, const TSQueryMatch *m)
{
    for (size_t k = 0; k < sq->count[m->pattern_index]; k++) {
        const pred *pr = &sq->preds.items[sq->first[m->pattern_index] + k];
        for (uint16_t i = 0; i < m->capture_count; i++) {
            if (m->captures[i].index != pr->cap)
                continue;
            TSNode n = m->captures[i].node;
            bool ok = false;
            if (pr->op == P_EQ && pr->cap2 >= 0) {
                for (uint16_t j = 0; j < m->capture_count; j++)
                    if (m->captures[j].index == (uint32_t)pr->cap2) {
                        TSNode o = m->captures[j].node;
                        ok = text_is(s, n, s->bytes + ts_node_start_byte(o),
                                     ts_node_end_byte(o) - ts_node_start_byte(o));
                    }
            } else if (pr->op == P_MATCH) {
                uint32_t a = ts_node_start_byte(n);
                ok = gf_regex_search(pr->re, s->bytes + a, ts_node_end_byte(n) - a);
            } else if (pr->op == P_HAS_ANCESTOR) {
                for (TSNode p = ts_node_parent(n); !ts_node_is_null(p) && !ok;
                     p = ts_node_parent(p))
                    for (size_t x = 0; x < pr->nstrs && !ok; x++)
                        ok = strlen(ts_node_type(p)) == pr->lens[x] &&
                             !memcmp(ts_node_type(p), pr->strs[x], pr->lens[x]);
            } else {
                for (size_t x = 0; x < pr->nstrs && !ok; x++)
                    ok = text_is(s, n, pr->strs[x], pr->lens[x]);
            }
            if (ok == pr->negate)
                return false;
        }
    }
    return true;
}

/* ---- extraction ---- */

typedef struct raw_def {
    gf_symkind kind;
    TSNode def, inner, name, body, scope;
    bool has_body, has_scope;
    uint32_t start, end; /* range, attachments included */
    int container;       /* innermost enclosing raw_def, -1 */
    char *base;          /* path before the index */
    char *path;          /* final name path (impl: its scope path) */
    int listed;          /* index in the output, -1 */
} raw_def;

typedef GF_VEC(raw_def) raw_defs;

/* A match capturing @wrapper and @inner, no definition: the definition
 * whose node is @inner takes @wrapper's range (C++ `template <...>`). */
typedef struct wrap {
    TSNode outer, inner;
} wrap;

static int cmp_wrap(const void *pa, const void *pb)
{
    const wrap *a = pa, *b = pb;
    uint32_t la = ts_node_end_byte(a->outer) - ts_node_start_byte(a->outer);
    uint32_t lb = ts_node_end_byte(b->outer) - ts_node_start_byte(b->outer);
    return la < lb ? -1 : la > lb;
}

static bool node_same(TSNode a, TSNode b)
{
    return ts_node_start_byte(a) == ts_node_start_byte(b) &&
           ts_node_end_byte(a) == ts_node_end_byte(b);
}

static bool contains_kind(const char *const *kinds, const char *k)
{
    for (; kinds && *kinds; kinds++)
        if (!strcmp(*kinds, k))
            return true;
    return false;
}

/* How specific a kind is when two patterns name one definition: a bare
 * binding (variable, field) yields to "function" (its value is one: JS
 * `const f = () => {}`), which yields to any other kind (a decorated
 * @property, a JS getter). */
static int kind_rank(gf_symkind k)
{
    return k == GF_SYM_VARIABLE || k == GF_SYM_FIELD ? 0 : k == GF_SYM_FUNCTION ? 1 : 2;
}

/* The definitions found so far, with an index by name node: collect merges
 * the matches that name one node. slot holds indexes into defs (-1: empty),
 * by a hash of the name's start byte; same_start chains the definitions
 * whose names start at one byte, latest first. */
typedef struct collector {
    const gf_source *s;
    const squery *sq;
    raw_defs *defs;
    GF_VEC(int) slot;
    GF_VEC(int) same_start;
    GF_VEC(wrap) wraps;
} collector;

static size_t slot_of(const collector *c, uint32_t start)
{
    size_t mask = c->slot.len - 1, h = (start * 2654435761u) & mask;
    while (c->slot.items[h] >= 0 &&
           ts_node_start_byte(c->defs->items[c->slot.items[h]].name) != start)
        h = (h + 1) & mask;
    return h;
}

/* Indexes defs->items[i] (the latest definition) by its name's start. */
static void index_def(collector *c, size_t i)
{
    if (2 * (i + 1) > c->slot.len) {
        size_t n = c->slot.len ? 2 * c->slot.len : 64;
        gf_vec_release(&c->slot);
        gf_vec_reserve(&c->slot, n);
        c->slot.len = n;
        for (size_t k = 0; k < n; k++)
            c->slot.items[k] = -1;
        /* the chain heads: the latest definition of each start */
        for (size_t k = 0; k < i; k++)
            c->slot.items[slot_of(c, ts_node_start_byte(c->defs->items[k].name))] = (int)k;
    }
    size_t h = slot_of(c, ts_node_start_byte(c->defs->items[i].name));
    gf_vec_push(&c->same_start, c->slot.items[h]);
    c->slot.items[h] = (int)i;
}

/* The latest definition named by node n, -1. */
static int find_def(const collector *c, TSNode n)
{
    if (!c->slot.len)
        return -1;
    int j = c->slot.items[slot_of(c, ts_node_start_byte(n))];
    while (j >= 0 && !node_same(c->defs->items[j].name, n))
        j = c->same_start.items[j];
    return j;
}

static void add_match(collector *c, const TSQueryMatch *m)
{
    const gf_source *s = c->s;
    const squery *sq = c->sq;
    if (!predicates_hold(s, sq, m))
        return;
    raw_def d = {.container = -1, .listed = -1};
    bool has_def = false, has_name = false;
    wrap w = {0};
    int wrap_parts = 0;
    for (uint16_t i = 0; i < m->capture_count; i++) {
        uint32_t id = m->captures[i].index;
        TSNode n = m->captures[i].node;
        switch ((cap_role)sq->role[id]) {
        case CAP_DEF:
            d.kind = sq->kind[id];
            d.def = d.inner = n;
            has_def = true;
            break;
        case CAP_NAME:
            d.name = n;
            has_name = true;
            break;
        case CAP_BODY:
            d.body = n;
            d.has_body = true;
            break;
        case CAP_SCOPE:
            d.scope = n;
            d.has_scope = true;
            break;
        case CAP_WRAPPER:
            w.outer = n;
            wrap_parts |= 1;
            break;
        case CAP_INNER:
            w.inner = n;
            wrap_parts |= 2;
            break;
        case CAP_OTHER: break;
        }
    }
    if (!has_def && wrap_parts == 3) {
        gf_vec_push(&c->wraps, w);
        return;
    }
    if (!has_def || !has_name || ts_node_end_byte(d.name) > s->len)
        return;
    /* One definition per name node: a decorated or exported wrapper and
     * the plain definition inside it are the same symbol, with the
     * wrapper's range and the inner node's header. */
    int j = find_def(c, d.name);
    if (j < 0) {
        gf_vec_push(c->defs, d);
        index_def(c, c->defs->len - 1);
        return;
    }
    raw_def *o = &c->defs->items[j];
    bool larger = ts_node_end_byte(d.def) - ts_node_start_byte(d.def) >
                  ts_node_end_byte(o->def) - ts_node_start_byte(o->def);
    if (larger)
        o->def = d.def;
    if (ts_node_end_byte(d.def) - ts_node_start_byte(d.def) <
        ts_node_end_byte(o->inner) - ts_node_start_byte(o->inner))
        o->inner = d.inner;
    /* the inner pattern's kind, unless only the other names a more
     * specific one (see kind_rank) */
    if ((!larger && kind_rank(d.kind) >= kind_rank(o->kind)) ||
        kind_rank(d.kind) > kind_rank(o->kind))
        o->kind = d.kind;
    if (!o->has_body && d.has_body)
        o->body = d.body, o->has_body = true;
    if (!o->has_scope && d.has_scope)
        o->scope = d.scope, o->has_scope = true;
}

/* Where the gate words occur in a source (see squery.gate): their start
 * offsets, ascending, and the first one not before the node last tested. */
typedef struct gate_offsets {
    GF_VEC(uint32_t) at;
    size_t next;
} gate_offsets;

static int cmp_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return a < b ? -1 : a > b;
}

static void gate_find(const gf_source *s, const squery *sq, gate_offsets *g)
{
    for (uint32_t w = 0; w < sq->ngate; w++)
        for (const char *p = s->bytes, *e = s->bytes + s->len;
             (p = memmem(p, (size_t)(e - p), sq->gate[w], sq->gate_len[w])) != NULL; p++)
            gf_vec_push(&g->at, (uint32_t)(p - s->bytes));
    if (sq->ngate > 1 && g->at.len)
        qsort(g->at.items, g->at.len, sizeof *g->at.items, cmp_u32);
}

/* A gate word starts inside n. The nodes tested come in document order
 * (their starts never decrease), so the offsets before n are done with. */
static bool gate_open(gate_offsets *g, TSNode n)
{
    uint32_t a = ts_node_start_byte(n);
    while (g->next < g->at.len && g->at.items[g->next] < a)
        g->next++;
    return g->next < g->at.len && g->at.items[g->next] < ts_node_end_byte(n);
}

/*
 * The query's matches, merged by name node into out. A query cursor visits
 * every node of the tree and tests each against every pattern. When the
 * nodes that can start a pattern are known (sq->roots), a plain tree
 * cursor, which is cheaper per node, finds them instead, and the query
 * cursor runs from each of them only (max start depth 0); it does not enter
 * an error-free node of a kind in which no pattern starts (sq->opaque: the
 * grammar allows none there; an error node may hold anything), nor one
 * whose text holds no gate word (sq->gate). Matches come in
 * start order, which may differ from the order in which one cursor over
 * the whole tree completes them. Merging depends on the order only when
 * two patterns of equal rank name one node with definitions of one size;
 * the symbols of the bench corpora and of the test cases came out the same
 * both ways.
 */
static void collect(const gf_source *s, const TSTree *tree, const squery *sq, raw_defs *out)
{
    collector c = {s, sq, out, GF_VEC_INIT, GF_VEC_INIT, GF_VEC_INIT};
    TSQueryCursor *qc = ts_query_cursor_new();
    TSQueryMatch m;
    TSNode root = ts_tree_root_node(tree);
    if (!sq->roots) {
        ts_query_cursor_exec(qc, sq->q, root);
        while (ts_query_cursor_next_match(qc, &m))
            add_match(&c, &m);
    } else {
        uint32_t nsym = ts_language_symbol_count(ts_tree_language(tree));
        TSSymbol top = ts_node_symbol(root);
        gate_offsets g = {GF_VEC_INIT, 0};
        gate_find(s, sq, &g);
        ts_query_cursor_set_max_start_depth(qc, 0);
        TSTreeCursor tc = ts_tree_cursor_new(root);
        for (;;) {
            TSNode n = ts_tree_cursor_current_node(&tc);
            TSSymbol sym = ts_node_symbol(n);
            if (sym < nsym && sq->roots[sym]) {
                ts_query_cursor_exec(qc, sq->q, n);
                while (ts_query_cursor_next_match(qc, &m))
                    add_match(&c, &m);
            }
            bool open = sym >= nsym || ((!sq->opaque || !sq->opaque[sym]) &&
                                        (!sq->ngate || sym == top || gate_open(&g, n)));
            if ((open || ts_node_has_error(n)) && ts_tree_cursor_goto_first_child(&tc))
                continue;
            while (!ts_tree_cursor_goto_next_sibling(&tc))
                if (!ts_tree_cursor_goto_parent(&tc))
                    goto walked;
        }
    walked:
        ts_tree_cursor_delete(&tc);
        gf_vec_release(&g.at);
    }
    ts_query_cursor_delete(qc);
    gf_vec_release(&c.slot);
    gf_vec_release(&c.same_start);
    /* innermost wrapper first: template <A> template <B> ... */
    if (c.wraps.len)
        qsort(c.wraps.items, c.wraps.len, sizeof *c.wraps.items, cmp_wrap);
    for (size_t k = 0; k < c.wraps.len; k++)
        for (size_t j = 0; j < out->len; j++)
            if (node_same(out->items[j].def, c.wraps.items[k].inner))
                out->items[j].def = c.wraps.items[k].outer;
    gf_vec_release(&c.wraps);
}

/* Two definitions of one declaration, neither a scope-only twin. */
static bool shares_range(const raw_def *a, const raw_def *b)
{
    return a->start == b->start && a->end == b->end && a->kind != GF_SYM_IMPL &&
           b->kind != GF_SYM_IMPL;
}

static int cmp_raw(const void *pa, const void *pb)
{
    const raw_def *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    /* same range: the definition before its scope-only twin, then names
     * declared together (`int a, b;`) in the order written */
    if ((a->kind == GF_SYM_IMPL) != (b->kind == GF_SYM_IMPL))
        return (a->kind == GF_SYM_IMPL) - (b->kind == GF_SYM_IMPL);
    uint32_t na = ts_node_start_byte(a->name), nb = ts_node_start_byte(b->name);
    return na < nb ? -1 : na > nb;
}

/* A name (path) and the index of what bears it, sorted by name then index. */
typedef struct named {
    const char *name;
    size_t index;
} named;

static int cmp_named(const void *pa, const void *pb)
{
    const named *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    return c ? c : a->index < b->index ? -1 : a->index > b->index;
}

/* A name as written: quotes around a JSON/YAML/TOML key dropped. */
static void node_name(const gf_source *s, TSNode n, gf_buf *out)
{
    const char *p = s->bytes + ts_node_start_byte(n);
    size_t len = ts_node_end_byte(n) - ts_node_start_byte(n);
    if (len >= 2 && (p[0] == '"' || p[0] == '\'') && p[len - 1] == p[0])
        p++, len -= 2;
    gf_buf_add(out, p, len);
}

static void escape_into(gf_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '/' || s[i] == '[' || s[i] == '\\')
            gf_buf_addc(b, '\\');
        gf_buf_addc(b, s[i]);
    }
}

/* The scope text s->bytes[from, to) (a receiver type, "A::B", an impl's
 * type) as path components: generic arguments and pointer marks left out. */
static void scope_into(const gf_source *s, uint32_t from, uint32_t to, gf_buf *b)
{
    const char *p = s->bytes + from;
    size_t len = to - from, i = 0;
    bool any = false;
    while (i < len) {
        while (i < len && (p[i] == '*' || p[i] == '&' || isspace((unsigned char)p[i])))
            i++;
        size_t a = i;
        int depth = 0;
        while (i < len) {
            if (p[i] == '<')
                depth++;
            else if (p[i] == '>' && depth)
                depth--;
            else if (!depth && p[i] == ':' && i + 1 < len && p[i + 1] == ':')
                break;
            i++;
        }
        size_t e = i;
        /* drop generic arguments: Foo<T> -> Foo */
        const char *lt = memchr(p + a, '<', e - a);
        if (lt)
            e = (size_t)(lt - p);
        while (e > a && isspace((unsigned char)p[e - 1]))
            e--;
        if (e > a) {
            if (any || b->len)
                gf_buf_addc(b, '/');
            escape_into(b, p + a, e - a);
            any = true;
        }
        if (i < len)
            i += 2;
    }
}

/* The text of d's scope, up to its name when the scope holds it (a C++
 * qualified_identifier `A::B::f` captured whole). */
static void scope_span(const raw_def *d, uint32_t *from, uint32_t *to)
{
    *from = ts_node_start_byte(d->scope);
    *to = ts_node_end_byte(d->scope);
    uint32_t ns = ts_node_start_byte(d->name);
    if (ns >= *from && ns < *to)
        *to = ns;
}

/* The number of path components d adds below its container (at least 1). */
static uint32_t path_comps(const gf_source *s, const raw_def *d)
{
    gf_buf b = GF_BUF_INIT;
    uint32_t from = ts_node_start_byte(d->name), to = ts_node_end_byte(d->name), n = 0;
    if (d->kind != GF_SYM_IMPL && d->has_scope)
        scope_span(d, &from, &to);
    if (d->kind == GF_SYM_IMPL || d->has_scope)
        scope_into(s, from, to, &b);
    for (size_t k = 0; k < b.len; k++) {
        if (b.ptr[k] == '\\')
            k++;
        else if (b.ptr[k] == '/')
            n++;
    }
    n += b.len ? 1 : 0;
    gf_buf_release(&b);
    n += d->kind != GF_SYM_IMPL;
    return n ? n : 1;
}

static bool classy(gf_symkind k)
{
    return k == GF_SYM_CLASS || k == GF_SYM_STRUCT || k == GF_SYM_INTERFACE || k == GF_SYM_TRAIT ||
           k == GF_SYM_ENUM || k == GF_SYM_IMPL || k == GF_SYM_UNION;
}

static bool is_comment(TSNode n)
{
    return strstr(ts_node_type(n), "comment") != NULL;
}

/* Only blanks between a and b, with at most one line break. */
static bool adjacent(const gf_source *s, uint32_t a, uint32_t b)
{
    int breaks = 0;
    for (uint32_t i = a; i < b; i++) {
        char c = s->bytes[i];
        if (c == '\n')
            breaks++;
        else if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return breaks <= 1;
}

/* Only blanks between the start of off's line and off. */
static bool line_starts_at(const gf_source *s, uint32_t off)
{
    while (off > 0 && (s->bytes[off - 1] == ' ' || s->bytes[off - 1] == '\t'))
        off--;
    return off == 0 || s->bytes[off - 1] == '\n';
}

/* Bytes between the start of off's line and off. */
static uint32_t column_at(const gf_source *s, uint32_t off)
{
    uint32_t b = off;
    while (b > 0 && s->bytes[b - 1] != '\n')
        b--;
    return off - b;
}

/*
 * Comment lines that end node n and sit right above byte next, indented no
 * deeper than column col: YAML and TOML grammars put the comment above a
 * pair or table at the end of the previous one. True when there are some;
 * [*a, *b) spans them.
 */
static bool tail_comments(const gf_source *s, TSNode n, uint32_t col, uint32_t next, uint32_t *a,
                          uint32_t *b)
{
    uint32_t ns = ts_node_start_byte(n), k = ts_node_end_byte(n), cur = next;
    bool found = false;
    for (;;) {
        while (k > ns && isspace((unsigned char)s->bytes[k - 1]))
            k--;
        if (k == ns)
            break;
        TSNode c = ts_node_descendant_for_byte_range(n, k - 1, k);
        uint32_t cs = ts_node_start_byte(c);
        if (!is_comment(c) || cs == ns || !line_starts_at(s, cs) || column_at(s, cs) > col ||
            !adjacent(s, k, cur))
            break;
        if (!found)
            *b = k;
        *a = cs;
        found = true;
        cur = k = cs;
    }
    return found;
}

/* The Python docstring: a string alone in the body's first statement. */
static bool py_docstring(const raw_def *d, uint32_t *a, uint32_t *b)
{
    if (!d->has_body || !ts_node_named_child_count(d->body))
        return false;
    TSNode first = ts_node_named_child(d->body, 0);
    if (strcmp(ts_node_type(first), "expression_statement") != 0 ||
        ts_node_named_child_count(first) != 1)
        return false;
    TSNode str = ts_node_named_child(first, 0);
    if (strcmp(ts_node_type(str), "string") != 0 &&
        strcmp(ts_node_type(str), "concatenated_string") != 0)
        return false;
    *a = ts_node_start_byte(str);
    *b = ts_node_end_byte(str);
    return true;
}

/* The node before the cursor's among its siblings, the cursor moved there;
 * a null node (and the cursor left) when there is none. */
static TSNode cursor_prev(TSTreeCursor *tc)
{
    TSNode none = {{0}, NULL, NULL};
    return ts_tree_cursor_goto_previous_sibling(tc) ? ts_tree_cursor_current_node(tc) : none;
}

/* Comment lines right above the definition (no blank line between). */
static bool leading_comment(const gf_source *s, TSNode n, uint32_t start, uint32_t *a, uint32_t *b)
{
    /* Either way below, the text right before start is a comment, then
     * blanks with at most one line break: when it is not, the tree need
     * not be searched (finding a node's parent and siblings costs a walk
     * from the root). */
    uint32_t k = start, breaks = 0;
    while (k > 0 && isspace((unsigned char)s->bytes[k - 1]))
        breaks += s->bytes[--k] == '\n';
    if (k == 0 || breaks > 1)
        return false;
    /* climb wrappers that start where the definition does; p: n's parent */
    TSNode p = ts_node_parent(n), pp;
    for (; !ts_node_is_null(p) && ts_node_start_byte(p) == start &&
           !ts_node_is_null(pp = ts_node_parent(p));
         p = pp)
        n = p;
    if (ts_node_is_null(p))
        return false;
    /* n's previous siblings come from a cursor on p (ts_node_prev_sibling
     * walks from the root for each) */
    TSTreeCursor tc = ts_tree_cursor_new(p);
    bool on = ts_tree_cursor_goto_first_child_for_byte(&tc, ts_node_start_byte(n)) >= 0;
    while (on && ts_tree_cursor_current_node(&tc).id != n.id)
        on = ts_tree_cursor_goto_next_sibling(&tc);
    if (!on) {
        ts_tree_cursor_delete(&tc);
        return false;
    }
    bool found = false;
    uint32_t cur = start;
    /* from before the attachments (Rust attributes): a doc comment comes first */
    TSNode prev = cursor_prev(&tc);
    while (!ts_node_is_null(prev) && ts_node_start_byte(prev) >= start)
        prev = cursor_prev(&tc);
    for (; !ts_node_is_null(prev) && is_comment(prev); prev = cursor_prev(&tc)) {
        uint32_t ps = ts_node_start_byte(prev), pe = ts_node_end_byte(prev);
        /* a Rust doc comment (`/// ...`) holds its line break */
        while (pe > ps && (s->bytes[pe - 1] == '\n' || s->bytes[pe - 1] == '\r'))
            pe--;
        if (pe > cur || !adjacent(s, pe, cur) || !line_starts_at(s, ps))
            break;
        if (!found)
            *b = pe;
        *a = ps;
        cur = ps;
        found = true;
    }
    ts_tree_cursor_delete(&tc);
    /* or at the end of the previous node (see tail_comments) */
    if (!found && !ts_node_is_null(prev) && !is_comment(prev))
        found = tail_comments(s, prev, column_at(s, start), start, a, b);
    return found;
}

static void finish(const gf_source *s, const lang_conf *c, raw_def *d, gf_symbol *sym)
{
    sym->kind = d->kind;
    sym->start = d->start;
    sym->end = d->end;
    uint32_t ss = ts_node_start_byte(d->inner), se;
    /* the header starts after the attachments the definition holds (the
     * decorators of a JS method or TS class), also those leading its
     * modifier list (Java annotations) */
    for (uint32_t k = 0; c->attach && k < ts_node_child_count(d->inner); k++) {
        TSNode ch = ts_node_child(d->inner, k);
        if (contains_kind(c->attach, ts_node_type(ch)) || is_comment(ch))
            continue;
        uint32_t g = 0, gn = ts_node_child_count(ch);
        while (g < gn && (contains_kind(c->attach, ts_node_type(ts_node_child(ch, g))) ||
                          is_comment(ts_node_child(ch, g))))
            g++;
        if (g && g == gn)
            continue; /* annotations only: the header starts after them */
        ss = ts_node_start_byte(g ? ts_node_child(ch, g) : ch);
        break;
    }
    if (d->has_body && ts_node_start_byte(d->body) >= ss) {
        se = ts_node_start_byte(d->body);
        sym->body_start = ts_node_start_byte(d->body);
        sym->body_end = ts_node_end_byte(d->body);
    } else {
        uint32_t e = ts_node_end_byte(d->inner);
        const char *nl = memchr(s->bytes + ss, '\n', e - ss);
        se = nl ? (uint32_t)(nl - s->bytes) : e;
        sym->body_start = sym->body_end = d->end;
    }
    /* blanks, and the line continuation of a multi-line C macro */
    while (se > ss && (isspace((unsigned char)s->bytes[se - 1]) || s->bytes[se - 1] == '\\'))
        se--;
    sym->name_start = ts_node_start_byte(d->name);
    sym->name_end = ts_node_end_byte(d->name);
    sym->sig_start = ss;
    sym->sig_end = se;
    uint32_t a = 0, b = 0;
    if ((c->py_docstring && py_docstring(d, &a, &b)) ||
        leading_comment(s, d->def, d->start, &a, &b)) {
        sym->doc_start = a;
        sym->doc_end = b;
    } else {
        sym->doc_start = sym->doc_end = d->start;
    }
}

int gf_symbols_extract(const gf_source *s, const TSTree *tree, gf_symbols *out, gf_error *err)
{
    gf_symbols_release(out);
    const lang_conf *c = conf_for(s->lang);
    if (!c)
        return gf_error_set(err, GF_ENOLANG, "'%s': no symbol support for %s", s->path,
                            s->lang ? s->lang->name : "this file");
    squery *q = NULL;
    int rc = query_for(s->lang, c, &q, err);
    if (rc)
        return rc;
    raw_defs defs = GF_VEC_INIT;
    collect(s, tree, q, &defs);

    /* ranges: attachments (Rust attributes) before the definition */
    for (size_t i = 0; i < defs.len; i++) {
        raw_def *d = &defs.items[i];
        d->start = ts_node_start_byte(d->def);
        d->end = ts_node_end_byte(d->def);
        for (TSNode p = c->attach ? ts_node_prev_named_sibling(d->def) : d->def;
             c->attach && !ts_node_is_null(p) && contains_kind(c->attach, ts_node_type(p)) &&
             adjacent(s, ts_node_end_byte(p), d->start);
             p = ts_node_prev_named_sibling(p))
            d->start = ts_node_start_byte(p);
        /* and an anonymous token of those kinds right after it (the ';' that
         * ends a TS class field or signature is the class body's child) */
        TSNode nx = c->attach ? ts_node_next_sibling(d->def) : d->def;
        if (c->attach && !ts_node_is_null(nx) && !ts_node_is_named(nx) &&
            ts_node_start_byte(nx) == d->end && contains_kind(c->attach, ts_node_type(nx)))
            d->end = ts_node_end_byte(nx);
        /* nor the blank lines a TOML table or YAML pair ends with, nor the
         * comment lines at its end that document what follows */
        while (d->end > d->start && isspace((unsigned char)s->bytes[d->end - 1]))
            d->end--;
        uint32_t next = d->end, ca, cb;
        while (next < s->len && isspace((unsigned char)s->bytes[next]))
            next++;
        if (next < s->len && d->end <= ts_node_end_byte(d->def) &&
            tail_comments(s, d->def, column_at(s, d->start), next, &ca, &cb)) {
            while (ca > d->start && isspace((unsigned char)s->bytes[ca - 1]))
                ca--;
            d->end = ca;
        }
    }
    if (defs.len)
        qsort(defs.items, defs.len, sizeof *defs.items, cmp_raw);

    /* containment */
    GF_VEC(int) stack = GF_VEC_INIT;
    for (size_t i = 0; i < defs.len; i++) {
        raw_def *d = &defs.items[i];
        while (stack.len && defs.items[gf_vec_last(&stack)].end <= d->start)
            stack.len--;
        /* names declared together (C `struct s {...} v;`, Go `a, b int`)
         * share one range: they are siblings, and what the declaration
         * holds belongs to the first */
        if (stack.len && shares_range(&defs.items[gf_vec_last(&stack)], d)) {
            d->container = defs.items[gf_vec_last(&stack)].container;
            continue;
        }
        d->container = stack.len ? gf_vec_last(&stack) : -1;
        gf_vec_push(&stack, (int)i);
    }
    gf_vec_release(&stack);

    /* kinds that depend on the container */
    for (size_t i = 0; i < defs.len; i++) {
        raw_def *d = &defs.items[i];
        const raw_def *ct = d->container >= 0 ? &defs.items[d->container] : NULL;
        bool in_class = (ct && classy(ct->kind)) || d->has_scope;
        if (d->kind == GF_SYM_FUNCTION && in_class)
            d->kind = GF_SYM_METHOD;
        if (d->kind == GF_SYM_METHOD) {
            size_t nl = ts_node_end_byte(d->name) - ts_node_start_byte(d->name);
            const char *np = s->bytes + ts_node_start_byte(d->name);
            if (c->ctor_named_constructor && nl == 11 && !memcmp(np, "constructor", 11))
                d->kind = GF_SYM_CONSTRUCTOR;
            if (c->ctor_named_like_class && (d->has_scope || ct)) {
                /* the class: the scope's last component (`Vec<T>::Vec`),
                 * else the container */
                uint32_t from = ts_node_start_byte(ct ? ct->name : d->name),
                         to = ts_node_end_byte(ct ? ct->name : d->name);
                if (d->has_scope)
                    scope_span(d, &from, &to);
                gf_buf cb = GF_BUF_INIT;
                scope_into(s, from, to, &cb);
                const char *cls = cb.ptr ? cb.ptr : "", *sl = strrchr(cls, '/');
                if (sl)
                    cls = sl + 1;
                if (strlen(cls) == nl && !memcmp(np, cls, nl))
                    d->kind = GF_SYM_CONSTRUCTOR;
                gf_buf_release(&cb);
            }
        }
    }

    /* name paths, by the number of components so that a container's index
     * is known before its contents are named, and a C++ `A::f` defined
     * outside A is numbered with the f declared inside */
    uint32_t *depth = gf_calloc(defs.len ? defs.len : 1, sizeof *depth), max_depth = 0;
    for (size_t i = 0; i < defs.len; i++) {
        raw_def *d = &defs.items[i];
        depth[i] = (d->container >= 0 ? depth[d->container] : 0) + path_comps(s, d);
        if (depth[i] > max_depth)
            max_depth = depth[i];
    }
    gf_buf b = GF_BUF_INIT;
    GF_VEC(named) byname = GF_VEC_INIT;
    for (uint32_t level = 1; level <= max_depth; level++) {
        for (size_t i = 0; i < defs.len; i++) {
            raw_def *d = &defs.items[i];
            if (depth[i] != level)
                continue;
            gf_buf_clear(&b);
            if (d->container >= 0)
                gf_buf_adds(&b, defs.items[d->container].path);
            if (d->has_scope && d->kind != GF_SYM_IMPL) {
                uint32_t from, to;
                scope_span(d, &from, &to);
                scope_into(s, from, to, &b);
            }
            if (d->kind == GF_SYM_IMPL) {
                scope_into(s, ts_node_start_byte(d->name), ts_node_end_byte(d->name), &b);
            } else {
                if (b.len)
                    gf_buf_addc(&b, '/');
                gf_buf tmp = GF_BUF_INIT;
                node_name(s, d->name, &tmp);
                escape_into(&b, tmp.ptr ? tmp.ptr : "", tmp.len);
                gf_buf_release(&tmp);
            }
            d->base = gf_strdup(b.ptr ? b.ptr : "");
        }
        /* the definitions of this level that share a base are numbered in
         * document order: sorted by base, then by index */
        gf_vec_clear(&byname);
        for (size_t i = 0; i < defs.len; i++) {
            raw_def *d = &defs.items[i];
            if (depth[i] != level)
                continue;
            if (d->kind == GF_SYM_IMPL)
                d->path = gf_strdup(d->base);
            else
                gf_vec_push(&byname, ((named){d->base, i}));
        }
        if (byname.len)
            qsort(byname.items, byname.len, sizeof *byname.items, cmp_named);
        for (size_t k = 0, n; k < byname.len; k += n) {
            for (n = 1;
                 k + n < byname.len && !strcmp(byname.items[k + n].name, byname.items[k].name); n++)
                ;
            for (size_t x = 0; x < n; x++) {
                raw_def *d = &defs.items[byname.items[k + x].index];
                if (n > 1) {
                    gf_buf_clear(&b);
                    gf_buf_printf(&b, "%s[%zu]", d->base, x + 1);
                    d->path = gf_strdup(b.ptr);
                } else {
                    d->path = gf_strdup(d->base);
                }
            }
        }
    }
    gf_buf_release(&b);
    gf_free(depth);

    /* the listed symbols, in document order */
    for (size_t i = 0; i < defs.len; i++) {
        raw_def *d = &defs.items[i];
        if (d->kind == GF_SYM_IMPL)
            continue;
        gf_vec_reserve(out, out->len + 1);
        gf_symbol *sym = &out->items[out->len];
        memset(sym, 0, sizeof *sym);
        finish(s, c, d, sym);
        gf_buf nb = GF_BUF_INIT;
        node_name(s, d->name, &nb);
        sym->name = gf_buf_detach(&nb, NULL);
        sym->name_path = gf_strdup(d->path);
        /* the parent path: the name path without its last component */
        size_t cut = 0;
        for (size_t k = 0; sym->name_path[k]; k++) {
            if (sym->name_path[k] == '\\' && sym->name_path[k + 1])
                k++;
            else if (sym->name_path[k] == '/')
                cut = k, sym->depth++;
        }
        sym->parent_path = sym->depth ? gf_memdup(sym->name_path, cut) : NULL;
        if (sym->parent_path)
            sym->parent_path[cut] = '\0';
        sym->parent = -1;
        d->listed = (int)out->len;
        out->len++;
    }
    /* the symbols by name path, then index, to find parents by path */
    gf_vec_clear(&byname);
    for (size_t i = 0; i < out->len; i++)
        gf_vec_push(&byname, ((named){out->items[i].name_path, i}));
    if (byname.len)
        qsort(byname.items, byname.len, sizeof *byname.items, cmp_named);
    for (size_t i = 0; i < out->len; i++) {
        gf_symbol *sym = &out->items[i];
        if (!sym->parent_path)
            continue;
        /* [lo, hi): the symbols whose name path is the parent path */
        size_t lo = 0, hi = byname.len;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(byname.items[mid].name, sym->parent_path) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (hi = lo; hi < byname.len && !strcmp(byname.items[hi].name, sym->parent_path); hi++)
            ;
        /* the enclosing symbol first (the nearest before it), else one with
         * that path elsewhere in the file (a Go receiver type, a Rust
         * struct beside its impl) */
        for (size_t k = hi; k-- > lo;) {
            size_t j = byname.items[k].index;
            if (j < i && out->items[j].start <= sym->start && sym->end <= out->items[j].end) {
                sym->parent = (int)j;
                break;
            }
        }
        for (size_t k = lo; k < hi && sym->parent < 0; k++)
            if (byname.items[k].index != i)
                sym->parent = (int)byname.items[k].index;
    }
    gf_vec_release(&byname);
    for (size_t i = 0; i < defs.len; i++) {
        gf_free(defs.items[i].base);
        gf_free(defs.items[i].path);
    }
    gf_vec_release(&defs);
    return 0;
}

void gf_symbols_release(gf_symbols *syms)
{
    for (size_t i = 0; i < syms->len; i++) {
        gf_free(syms->items[i].name);
        gf_free(syms->items[i].name_path);
        gf_free(syms->items[i].parent_path);
    }
    gf_free(syms->items);
    syms->items = NULL;
    syms->len = syms->cap = 0;
}

/* ---- name path queries ---- */

typedef struct comp {
    const char *p;
    size_t len; /* the name, escapes included */
    long index; /* -1: none */
} comp;

typedef GF_VEC(comp) comps;

/* Splits a name path at unescaped '/'; a trailing [n] becomes the index. */
static void split_path(const char *s, comps *out)
{
    const char *a = s;
    for (const char *p = s;; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        if (*p && *p != '/')
            continue;
        comp c = {a, (size_t)(p - a), -1};
        if (c.len > 2 && a[c.len - 1] == ']') {
            size_t k = c.len - 1;
            while (k > 0 && isdigit((unsigned char)a[k - 1]))
                k--;
            if (k > 0 && k < c.len - 1 && a[k - 1] == '[' && (k < 2 || a[k - 2] != '\\')) {
                c.index = strtol(a + k, NULL, 10);
                c.len = k - 1;
            }
        }
        gf_vec_push(out, c);
        if (!*p)
            break;
        a = p + 1;
    }
}

bool gf_symbol_matches(const gf_symbols *syms, size_t i, const char *query)
{
    if (i >= syms->len || !query || !*query)
        return false;
    bool anchored = query[0] == '/';
    comps q = GF_VEC_INIT, n = GF_VEC_INIT;
    split_path(query + anchored, &q);
    split_path(syms->items[i].name_path, &n);
    bool ok = q.len <= n.len && (!anchored || q.len == n.len);
    for (size_t k = 0; ok && k < q.len; k++) {
        const comp *a = &q.items[q.len - 1 - k], *b = &n.items[n.len - 1 - k];
        ok = a->len == b->len && !memcmp(a->p, b->p, a->len) &&
             (a->index < 0 || a->index == b->index);
    }
    gf_vec_release(&q);
    gf_vec_release(&n);
    return ok;
}

/* ---- the reference queries, for refs.c (syntax/query.h) ---- */

int gf_query_refs(const gf_lang *l, const squery **out, gf_error *err)
{
    const lang_conf *c = conf_for(l);
    if (!c)
        return gf_error_set(err, GF_ENOLANG, "no reference support for %s",
                            l ? l->name : "this file");
    squery *q = NULL;
    int rc = query_for_kind(l, c, 1, &q, err);
    *out = q;
    return rc;
}

bool gf_query_refs_supported(const gf_lang *l)
{
    const lang_conf *c = conf_for(l);
    return c && query_text_kind(c->query, 1);
}

TSQuery *gf_query_ts(const squery *q)
{
    return q->q;
}

bool gf_query_match_ok(const gf_source *s, const squery *q, const TSQueryMatch *m)
{
    return predicates_hold(s, q, m);
}
