/* graft/rule.h: ast-grep-compatible YAML rules (scan, fix). */
#ifndef GRAFT_RULE_H
#define GRAFT_RULE_H

#include "graft/core.h"
#include "graft/lang.h"
#include "graft/match.h"
#include "graft/source.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gf_severity {
    GF_SEV_OFF = 0,
    GF_SEV_HINT,
    GF_SEV_INFO,
    GF_SEV_WARNING,
    GF_SEV_ERROR,
} gf_severity;

/* "off", "hint", "info", "warning", "error". */
GRAFT_API const char *gf_severity_name(gf_severity s);
/* Parses one of those names; false when unknown. */
GRAFT_API bool gf_severity_parse(const char *name, gf_severity *out);

/*
 * A rule set: rules in ast-grep's YAML schema (id, language, rule,
 * constraints, utils, transform, fix, severity, message, note, url, files,
 * ignores, metadata, labels), plus global utility rules. Built in two
 * steps: add every source, then compile (utility references resolve across
 * files). Once compiled it is immutable: share it between threads.
 */
typedef struct gf_rules gf_rules;
typedef struct gf_rule gf_rule;

GRAFT_API gf_rules *gf_rules_new(void);
GRAFT_API void gf_rules_delete(gf_rules *rs);
/*
 * Adds the rules of a YAML stream (one rule per document). name names the
 * source in messages; base_dir (may be NULL: the current directory) is the
 * directory the rules' files/ignores globs are relative to. Syntax errors
 * are reported here; rule errors by gf_rules_compile.
 */
GRAFT_API int gf_rules_add(gf_rules *rs, const char *name, const char *base_dir, const char *text,
                           size_t len, gf_error *err);
/* Adds global utility rules (id, language, rule, constraints, utils),
 * usable from every rule of their language through `matches`. */
GRAFT_API int gf_rules_add_utils(gf_rules *rs, const char *name, const char *text, size_t len,
                                 gf_error *err);
/*
 * Compiles every rule added: patterns, kinds, regexes, references, cycle
 * checks. Errors name the file, line and column of the offending key
 * (GF_EINVAL, GF_ENOLANG for an unknown language).
 */
GRAFT_API int gf_rules_compile(gf_rules *rs, gf_error *err);

GRAFT_API size_t gf_rules_count(const gf_rules *rs);
GRAFT_API const gf_rule *gf_rules_at(const gf_rules *rs, size_t i);

GRAFT_API const char *gf_rule_id(const gf_rule *r);
GRAFT_API const gf_lang *gf_rule_lang(const gf_rule *r);
GRAFT_API gf_severity gf_rule_severity(const gf_rule *r);
/* note and url: NULL when absent. */
GRAFT_API const char *gf_rule_note(const gf_rule *r);
GRAFT_API const char *gf_rule_url(const gf_rule *r);
GRAFT_API bool gf_rule_has_fix(const gf_rule *r);
/* The source the rule came from and the line of its document. */
GRAFT_API const char *gf_rule_source(const gf_rule *r, uint32_t *line);
/* The directory its files/ignores globs are relative to (absolute), or
 * NULL for the current directory. */
GRAFT_API const char *gf_rule_base(const gf_rule *r);
/* Whether the rule applies to path (files/ignores globs; ignores first). */
GRAFT_API bool gf_rule_applies(const gf_rule *r, const char *path);
/* False when data cannot hold a match: a text every match contains is
 * absent, so the file need not be parsed for this rule. */
GRAFT_API bool gf_rule_may_match(const gf_rule *r, const char *data, size_t len);

/* One metavariable of a rule match: spans[first..first+count). */
typedef struct gf_rule_var {
    const char *name;
    bool multi;
    uint32_t first, count;
} gf_rule_var;

/* A label of a match: the matched node (primary) and the nodes relational
 * sub-rules matched (secondary), or the rule's own `labels:`. */
typedef struct gf_rule_label {
    gf_span span;
    bool primary;
    const char *message; /* the rule's label message, or NULL */
} gf_rule_label;

/* A transformed variable (transform:) and its text. */
typedef struct gf_rule_text {
    const char *name;
    const char *text;
    size_t len;
} gf_rule_text;

/*
 * A rule match as reported to the scan callback; valid during the callback
 * only. vars lists the bound metavariables in first-binding order;
 * secondary the nodes matched by relational sub-rules (ast-grep's
 * metaVariables.multi.secondary); labels what ast-grep reports as the
 * match's labels. message is the rule's message with $VARs substituted. With a
 * fix, fix_range is the range it replaces (the match, expanded by
 * expandStart/expandEnd) and fix its rendered text.
 */
typedef struct gf_rule_match {
    const gf_rule *rule;
    gf_span range;
    size_t nvars;
    const gf_rule_var *vars;
    const gf_span *spans;
    size_t nsecondary;
    const gf_span *secondary;
    size_t nlabels;
    const gf_rule_label *labels;
    size_t ntransformed;
    const gf_rule_text *transformed;
    const char *message;
    size_t message_len;
    bool has_fix;
    gf_span fix_range;
    const char *fix;
    size_t fix_len;
} gf_rule_match;

typedef int (*gf_rule_match_fn)(void *user, const gf_rule_match *m);

/*
 * Runs rules[0..n) (all of s's language, compiled in rs) over tree in one
 * traversal; fn is called for every match in pre-order (outer before
 * nested), in rules order for one node; fn returning non-zero stops.
 * Suppression comments are not applied here. m is the worker's matcher.
 * Returns the number of matches reported.
 */
GRAFT_API size_t gf_rules_scan(const gf_rules *rs, const gf_rule *const *rules, size_t n,
                               gf_matcher *m, const gf_source *s, const TSTree *tree,
                               gf_rule_match_fn fn, void *user);

#ifdef __cplusplus
}
#endif

#endif
