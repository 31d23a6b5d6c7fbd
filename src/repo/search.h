/* search: line-oriented regex (PCRE2 syntax, JIT) and literal search. */
#ifndef GF_REPO_SEARCH_H
#define GF_REPO_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "graft/core.h"

/*
 * A compiled search pattern. Matching is line by line: a line is the bytes
 * between two '\n' (a final line without one counts; '\r' belongs to the
 * line), and the pattern sees one line at a time, so ^ and \A match at its
 * start, $ and \z at its end, lookarounds stop at its ends and no match
 * spans lines. Patterns use PCRE2's syntax with Unicode on: \w, \d, \s, \b
 * and case folding are Unicode-aware; subjects are UTF-8 and invalid
 * sequences never match anything (not even '.'), so they cannot break a
 * search. Whole files are searched at once where that gives the same answer
 * (the common case); patterns with lookarounds, \K, \A, \z, \Z, \G or
 * (*VERBS) are matched line by line.
 *
 * Immutable once compiled: one gf_search is shared by every thread; each
 * thread brings its own gf_search_scratch.
 */
typedef struct gf_search gf_search;
typedef struct gf_search_scratch gf_search_scratch;

typedef struct gf_search_opts {
    bool literal;     /* the pattern is a string, not a regex (-F) */
    bool ignore_case; /* Unicode simple case folding (-i) */
    bool word;        /* matches must not touch a word character on either side (-w) */
} gf_search_opts;

/*
 * Compiles pattern[0..len). On success *out receives a handle freed with
 * gf_search_delete. Errors (GF_EINVAL): a pattern with a newline in it
 * ("search is line-oriented"), or a bad regex: "invalid regex 'a(b':
 * missing closing parenthesis at offset 3" (a byte offset into pattern).
 * o may be NULL (a case-sensitive regex).
 */
int gf_search_compile(const char *pattern, size_t len, const gf_search_opts *o, gf_search **out,
                      gf_error *err);
void gf_search_delete(gf_search *s);

/* Per-thread match state for s; freed with gf_search_scratch_delete. */
gf_search_scratch *gf_search_scratch_new(const gf_search *s);
void gf_search_scratch_delete(gf_search_scratch *m);

/*
 * Tells m about the next subject (a file's bytes): on pure ASCII a faster
 * variant of the pattern is used (\w, \d, \s, \b mean the same there).
 * Until the next call, the functions below must only be given data[0..len)
 * or parts of it. Without a call, any UTF-8 is fine.
 */
void gf_search_begin(const gf_search *s, gf_search_scratch *m, const char *data, size_t len);

/*
 * Finds the first matching line that starts at or after `from` (which must
 * be 0 or just after a '\n') in data[0..len). Returns 1 and sets [*ls, *le)
 * to the line without its '\n'; 0 when no line matches; GF_ETOOBIG when
 * PCRE2's backtracking or stack limits are exceeded on a line ([*ls, *le)
 * is that line, and err's offset its start; search on from *le + 1).
 */
int gf_search_next_line(const gf_search *s, gf_search_scratch *m, const char *data, size_t len,
                        size_t from, size_t *ls, size_t *le, gf_error *err);

/*
 * Iterates over the matches in one line (line[0..n), without its '\n'),
 * left to right and without overlap, as Rust's find_iter does (what
 * ripgrep reports): an empty match right where the previous match ended is
 * skipped. Start with *pos = 0 and *last = GF_SEARCH_NONE. Returns 1 and
 * sets [*ms, *me); 0 when there are no more; GF_ETOOBIG over the limits.
 */
#define GF_SEARCH_NONE ((size_t)-1)
int gf_search_line_next(const gf_search *s, gf_search_scratch *m, const char *line, size_t n,
                        size_t *pos, size_t *last, size_t *ms, size_t *me, gf_error *err);

/* Whether line[0..n) matches: 1, 0, or GF_ETOOBIG. */
int gf_search_line_matches(const gf_search *s, gf_search_scratch *m, const char *line, size_t n,
                           gf_error *err);

/* The string every match must contain that lines are pre-filtered by
 * (memmem), or NULL; for tests and diagnostics. Owned by s. */
const char *gf_search_literal(const gf_search *s, size_t *len);

/* Number of '\n' bytes in p[0..n) (word-at-a-time). */
size_t gf_count_newlines(const char *p, size_t n);

#endif
