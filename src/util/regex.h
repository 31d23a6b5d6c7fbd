/* regex: Rust-regex-compatible matching (ast-grep's `regex:` and `replace`) on PCRE2. */
#ifndef GF_UTIL_REGEX_H
#define GF_UTIL_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "graft/core.h"
#include "util/buf.h"

/*
 * A compiled regex. Patterns use the syntax of Rust's regex crate (what
 * ast-grep rule files contain) and are translated to PCRE2: Unicode-aware
 * \w \d \s \b, `$` only at the very end (multi-line: before every '\n'),
 * `(?m)^` also after a final '\n', '.' anything but '\n'. regex.c lists the
 * remaining differences. Subjects are UTF-8; invalid sequences never match
 * anything (not even '.'), so they cannot crash a search and are copied
 * through unchanged by gf_regex_replace_all.
 *
 * Immutable once compiled: one handle may be used from many threads at once
 * (match data is allocated per call).
 */
typedef struct gf_regex gf_regex;

/* A group's byte range in the subject; start == GF_REGEX_UNSET when the
 * group did not take part in the match. */
typedef struct gf_regex_span {
    size_t start, end;
} gf_regex_span;
#define GF_REGEX_UNSET ((size_t)-1)

/*
 * Compiles pattern[0..len). On success *out receives a handle the caller
 * frees with gf_regex_delete. A bad pattern gives GF_EINVAL and a message
 * such as "invalid regex 'a(b': missing closing parenthesis at offset 3"
 * (offset in bytes into pattern).
 */
int gf_regex_compile(const char *pattern, size_t len, gf_regex **out, gf_error *err);
void gf_regex_delete(gf_regex *re);

/* The pattern as given (NUL-terminated, owned by re). */
const char *gf_regex_pattern(const gf_regex *re);
/* Number of capture groups, group 0 (the whole match) included. */
size_t gf_regex_group_count(const gf_regex *re);
/* Index of the group named name[0..len), or -1 when there is none. */
int gf_regex_group_index(const gf_regex *re, const char *name, size_t len);

/*
 * Whether re matches anywhere in subject[0..len) (Rust's Regex::is_match,
 * what ast-grep's `regex:` rule does). A search that exceeds PCRE2's
 * backtracking limits (Rust's engines have none) counts as no match.
 */
bool gf_regex_search(const gf_regex *re, const char *subject, size_t len);

/*
 * Finds the leftmost-first match starting at or after byte `start` (text
 * before start still counts for ^, \b and lookbehind). Fills
 * groups[0..ngroups) (group 0 is the whole match; groups beyond
 * gf_regex_group_count are set to GF_REGEX_UNSET). Returns 1 on a match, 0
 * when there is none, GF_ETOOBIG when the backtracking limits are exceeded.
 */
int gf_regex_find(const gf_regex *re, const char *subject, size_t len, size_t start,
                  gf_regex_span *groups, size_t ngroups, gf_error *err);

/*
 * Appends to out subject[0..len) with every match replaced by the expansion
 * of replacement[0..rlen), as Rust's Regex::replace_all: `$$` is a '$';
 * `$name` takes the longest run of [0-9A-Za-z_] (so "$1a" names group "1a");
 * `${name}` takes anything up to '}'; an all-digit name is a group index;
 * unknown or unmatched groups expand to nothing; a '$' that starts no
 * reference is literal. Matches are found left to right; an empty match
 * adjacent to the end of the previous match is skipped. Returns 0 or
 * GF_ETOOBIG (out's limit, or the backtracking limits); on error out holds
 * a partial result.
 */
int gf_regex_replace_all(const gf_regex *re, const char *subject, size_t len,
                         const char *replacement, size_t rlen, gf_buf *out, gf_error *err);

#endif
