/* rule: the compiled form of YAML rules, shared by the loader and the
 * evaluator (rule.c). */
#ifndef GF_MATCH_RULE_H
#define GF_MATCH_RULE_H

#include <tree_sitter/api.h>

#include "graft/rule.h"
#include "match/matcher.h"
#include "match/pnode.h"
#include "util/regex.h"
#include "util/vec.h"
#include "util/yaml.h"

typedef enum rkind {
    R_PATTERN,
    R_KIND,
    R_REGEX,
    R_NTH,
    R_RANGE,
    R_ALL,
    R_ANY,
    R_NOT,
    R_MATCHES,
    R_INSIDE,
    R_HAS,
    R_PRECEDES,
    R_FOLLOWS,
} rkind;

/* The bit of a node kind in a potential-kinds bitset. tree-sitter's ERROR
 * symbol is 65535, past the grammar's symbols: it takes bit 0, which is
 * the end-of-input symbol that no node has. */
static inline uint32_t gf_kind_bit(TSSymbol s)
{
    return s == (TSSymbol)-1 ? 0 : s;
}

typedef enum stop_kind { STOP_NEIGHBOR, STOP_END, STOP_RULE } stop_kind;

typedef struct rnode rnode;
typedef struct rutil rutil;
typedef struct rcore rcore;

/* One rule object key (a rule object with several keys is an R_ALL of
 * them, in ast-grep's order: atomic, composite, relational). */
struct rnode {
    rkind k;
    uint64_t *kinds; /* potential root kinds (bitset by symbol); NULL: any */
    /* R_PATTERN */
    gf_pattern *pat;
    uint32_t *varmap; /* pattern variable -> rule-set variable id */
    /* R_KIND */
    TSSymbol sym;
    /* R_REGEX */
    gf_regex *re;
    /* R_NTH: 1-based position step*n + offset; of: filter of siblings */
    int32_t step, offset;
    bool reverse;
    rnode *of;
    /* R_RANGE: 0-based lines, character columns, end exclusive */
    uint32_t sl, sc, el, ec;
    /* R_ALL, R_ANY */
    rnode **kids;
    size_t nkids;
    /* R_NOT and relational: the sub-rule */
    rnode *inner;
    /* R_MATCHES */
    char *util_name;
    const rutil *util;
    /* relational */
    stop_kind stop;
    rnode *stop_rule;
    TSFieldId field;
};

/* A utility rule: local (a rule object) or global (a rule core). */
struct rutil {
    char *name;
    const gf_lang *lang;
    const gf_yaml_node *yaml; /* its rule object, until compiled */
    const char *src;          /* source name, for messages */
    rnode *rule;              /* local */
    rcore *core;              /* global */
    int state;                /* compile: 0 new, 1 in progress, 2 done */
};

/* A transform step: NAME = op(source). */
typedef struct rtrans {
    uint32_t var;      /* the new variable */
    uint32_t source;   /* the variable it reads */
    bool source_multi; /* written $$$NAME: reads a list variable */
    int op;            /* 0 substring, 1 replace, 2 convert */
    long long start, end;
    bool has_start, has_end;
    gf_regex *re;
    char *by;
    int to_case;
    unsigned separators;
} rtrans;

/* What a rule and a global utility share: ast-grep's RuleCore. */
struct rcore {
    const gf_lang *lang;
    rnode *rule;
    GF_VEC(struct rcons {
        uint32_t var;
        rnode *rule;
    })
    cons;
    GF_VEC(rutil *) utils; /* local utilities */
    GF_VEC(rtrans) trans;  /* in evaluation order */
    bool has_fix;
    char *fix;
    size_t fix_len;
    rnode *expand_start, *expand_end; /* fix range expansion; NULL: none */
    /* texts every match's file contains (longest first) */
    const char *lits[GF_MAX_LITERALS];
    size_t lit_lens[GF_MAX_LITERALS];
    size_t nlits;
};

/* A `labels:` entry: the variable's node(s) reported with a style. */
typedef struct rlabel {
    uint32_t var;
    bool primary;
    char *message;
} rlabel;

struct gf_rule {
    char *id;
    bool has_labels; /* `labels:` given: they replace the default labels */
    GF_VEC(rlabel) labels;
    rcore core;
    gf_severity severity;
    char *message, *note, *url;
    GF_VEC(char *) files;
    GF_VEC(char *) ignores;
    const char *src; /* source name */
    uint32_t line;
    char *base; /* directory of files/ignores globs, absolute; NULL: cwd */
};

/* Rule-set variable names (rule_load.c): ids are indices, stable once the
 * set is compiled. */
uint32_t gf_rules_var_id(gf_rules *rs, const char *name, size_t len);
uint32_t gf_rules_var_find(const gf_rules *rs, const char *name, size_t len);
const char *gf_rules_var_name(const gf_rules *rs, uint32_t id);
size_t gf_rules_var_count(const gf_rules *rs);

#endif
