/* expr: the small expression language of plans (`when:`, `that:`) and the
 * `{{ ... }}` substitution in their string arguments.
 *
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | compare
 *   compare := primary (("==" | "!=") primary)?
 *   primary := "(" expr ")" | NUMBER | STRING | "true" | "false" | "null" | PATH
 *   PATH    := NAME ("." (NAME | INDEX))*      e.g. search.count, r.files.0.path
 *
 * NAME is [A-Za-z_][A-Za-z0-9_-]*; STRING is single- or double-quoted with
 * backslash escapes. Values are JSON values; == compares them as JSON
 * (numbers by value, 1 == 1.0), and a value is true unless it is null,
 * false, 0, "", [] or {}. A PATH names a variable or a registered result;
 * a field or index that does not exist is an error, not null -- except
 * below null (what a step that did not run registers), which stays null.
 */
#ifndef GF_PLAN_EXPR_H
#define GF_PLAN_EXPR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "graft/core.h"

/* Resolves a top-level name: a borrowed value, or NULL when it is unknown. */
typedef const json_t *(*gf_expr_lookup)(void *ctx, const char *name);

/* Evaluates src; *out gets a new reference. Errors (GF_EINVAL): syntax,
 * unknown names and fields, with err->column the 1-based column in src. */
int gf_expr_eval(const char *src, size_t len, gf_expr_lookup look, void *ctx, json_t **out,
                 gf_error *err);
/* Checks syntax only, and that every top-level name is known (look returns
 * non-NULL for known names; the values are not used). */
int gf_expr_check(const char *src, size_t len, gf_expr_lookup look, void *ctx, gf_error *err);

bool gf_json_truthy(const json_t *v);

/*
 * Expands each "{{ expr }}" in s[0..len). When s is exactly one "{{ expr }}"
 * (spaces around allowed), *out is the expression's value itself (so a
 * number stays a number); otherwise a string, values rendered as text
 * (strings as they are, null as "", other values as compact JSON).
 * check: only check syntax and names (*out is then set to NULL).
 */
int gf_plan_template(const char *s, size_t len, bool check, gf_expr_lookup look, void *ctx,
                     json_t **out, gf_error *err);

/* Appends v as template text (see above) to a newly allocated string. */
char *gf_json_text(const json_t *v);

#endif
