/* template: rendering replacement templates ($VAR substitution with
 * ast-grep's indentation rules) for rewrites and rule fixes. */
#ifndef GF_MATCH_TEMPLATE_H
#define GF_MATCH_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* A variable's value: text, and its offset in the source when it is source
 * text (SIZE_MAX for computed text, which is inserted as it is). */
typedef struct gf_template_value {
    const char *text;
    size_t len;
    size_t src_offset;
} gf_template_value;

/* Length of the metavariable name at s[0..n): an uppercase letter or '_',
 * then uppercase letters, digits and '_' (ast-grep's rule); 0 when s does
 * not start one ("$1" is literal text). */
static inline size_t gf_template_name_len(const char *s, size_t n)
{
    if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return 0;
    size_t i = 1;
    while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
        i++;
    return i;
}

/* Looks up a variable by name (without '$'); multi: written $$$NAME, which
 * stands only for a list variable ($NAME and $$NAME only for a single
 * one, as ast-grep). False when unbound or of the other arity. */
typedef bool (*gf_template_lookup)(void *ctx, const char *name, size_t nlen, bool multi,
                                   gf_template_value *v);

/*
 * Appends to out the template tmpl with $NAME, $$NAME and $$$NAME replaced
 * by their values, as written (no indentation rules unless reindent: then
 * multi-line source captures are re-indented for the template line they
 * land on). src is the source the values' offsets point into.
 */
void gf_template_expand(const char *src, const char *tmpl, size_t tlen, gf_template_lookup fn,
                        void *ctx, bool reindent, gf_buf *out);

/*
 * Appends to out the template tmpl with $NAME, $$NAME and $$$NAME replaced
 * by their values (unbound ones by nothing; a lone "$$$" stays literal).
 * Multi-line source captures keep their layout relative to the template
 * line they land on, and every line after the first is indented like the
 * line of src containing offset at (the matched node's start).
 */
void gf_template_render(const char *src, uint32_t at, const char *tmpl, size_t tlen,
                        gf_template_lookup fn, void *ctx, gf_buf *out);

#endif
