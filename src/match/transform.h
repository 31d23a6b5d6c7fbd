/* transform: ast-grep's `transform` string operations (substring, convert, replace). */
#ifndef GF_MATCH_TRANSFORM_H
#define GF_MATCH_TRANSFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graft/core.h"
#include "util/buf.h"
#include "util/regex.h"

/*
 * Pure functions of a metavariable's text, matching ast-grep 0.51.1
 * exactly. Input that is not valid UTF-8 is first decoded as Rust's
 * String::from_utf8_lossy does (what ast-grep applies to a variable's
 * bytes): each maximal invalid subpart becomes U+FFFD. Output is appended
 * to out and is valid UTF-8. They return 0, or GF_ETOOBIG when out's limit
 * is reached (out then holds a partial result).
 */

/* The `toCase` values. */
typedef enum gf_case {
    GF_CASE_LOWER,      /* lowerCase: the whole text lowercased */
    GF_CASE_UPPER,      /* upperCase: the whole text uppercased */
    GF_CASE_CAPITALIZE, /* capitalize: first character uppercased, rest kept */
    GF_CASE_CAMEL,      /* camelCase: first word lowercased, others capitalized */
    GF_CASE_SNAKE,      /* snakeCase: words lowercased, joined by '_' */
    GF_CASE_KEBAB,      /* kebabCase: words lowercased, joined by '-' */
    GF_CASE_PASCAL,     /* pascalCase: words capitalized (rest kept), joined */
} gf_case;

/* The `separatedBy` values, as a bit set; GF_SEP_ALL is the default when
 * separatedBy is absent. An empty set (separatedBy: []) splits nothing. */
enum {
    GF_SEP_DASH = 1 << 0,        /* '-' */
    GF_SEP_DOT = 1 << 1,         /* '.' */
    GF_SEP_SPACE = 1 << 2,       /* ' ' */
    GF_SEP_SLASH = 1 << 3,       /* '/' */
    GF_SEP_UNDERSCORE = 1 << 4,  /* '_' */
    GF_SEP_CASE_CHANGE = 1 << 5, /* lower to upper, and "XMLHttp" -> XML|Http */
    GF_SEP_ALL = (1 << 6) - 1,
};

/* Parses a toCase name ("lowerCase", ..., "pascalCase"; exact spelling);
 * false when unknown. */
bool gf_case_parse(const char *name, size_t len, gf_case *out);
/* The toCase name of c. */
const char *gf_case_name(gf_case c);
/* Parses a separatedBy name ("dash", "dot", "space", "slash",
 * "underscore", "caseChange") into its GF_SEP_* bit; false when unknown. */
bool gf_case_sep_parse(const char *name, size_t len, unsigned *bit);

/*
 * substring: characters [start, end) of text, counted in Unicode scalar
 * values; a negative index counts from the end; an absent bound (has_*
 * false) is the start or the end. Out-of-range indexes are clamped as in
 * Python slicing; start >= end gives "".
 */
typedef struct gf_substring_opts {
    bool has_start, has_end;
    int64_t start, end;
} gf_substring_opts;
int gf_transform_substring(const char *text, size_t len, const gf_substring_opts *opts,
                           gf_buf *out);

/*
 * convert: text in case `to`. The word cases (camel, snake, kebab, pascal)
 * first split text into words, as ast-grep's string_case.rs does:
 *   - each separator character in seps ends a word and is dropped; empty
 *     words are dropped ("__a--b_" -> a, b);
 *   - with GF_SEP_CASE_CHANGE, a state machine over the other characters
 *     (Unicode Lowercase / Uppercase properties; digits, CJK, marks and
 *     titlecase letters are neither), starting in Lower and reset to Lower
 *     by a separator:
 *       Lower + uppercase: split before it, -> OneUpper ("fooBar" -> foo|Bar)
 *       MultiUpper + lowercase: split before the previous character, ->
 *         Lower ("HTTPServer" -> HTTP|Server, "HTTP2url" -> HTTP|2url,
 *         "foo2Bar" -> foo2|Bar)
 *       otherwise: lowercase -> Lower; anything else -> OneUpper from Lower,
 *         MultiUpper from OneUpper or MultiUpper.
 * Words are then lowercased (snake, kebab; camel's first word) or
 * capitalized: first character uppercased, the rest kept (pascal, camel's
 * later words: "getHTTP2Url" -> getHTTP2Url). Case mappings are Rust's:
 * full (ß -> SS, ﬁ -> FI), Greek final sigma within the string (or word)
 * being lowercased.
 */
int gf_transform_convert(const char *text, size_t len, gf_case to, unsigned seps, gf_buf *out);

/*
 * replace: every match of re in text replaced by the expansion of
 * by[0..by_len), as gf_regex_replace_all (Rust's Regex::replace_all).
 * Errors as gf_regex_replace_all.
 */
int gf_transform_replace(const char *text, size_t len, const gf_regex *re, const char *by,
                         size_t by_len, gf_buf *out, gf_error *err);

#endif
