/* ignore: gitignore-syntax pattern lists (.gitignore, .ignore, excludes,
 * --glob overrides) and git's wildmatch. */
#ifndef GF_WALK_IGNORE_H
#define GF_WALK_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "graft/core.h"

/*
 * A gf_ignore holds the patterns of one source (one ignore file, or one list
 * of globs) together with the directory they are relative to. Syntax and
 * matching are git's (gitignore(5)), including its corner cases. Building a
 * list is single-threaded; once loaded it is read-only and may be matched
 * from several threads at once.
 */
typedef struct gf_ignore gf_ignore;

typedef enum gf_ignore_verdict {
    GF_IGNORE_NONE = 0,    /* no pattern matched */
    GF_IGNORE_EXCLUDE = 1, /* the last matching pattern is a plain pattern */
    GF_IGNORE_INCLUDE = 2, /* the last matching pattern is negated with '!' */
} gf_ignore_verdict;

/* base: the directory the patterns are relative to, in the same path space
 * as the paths later matched ("" for the top, no leading or trailing '/').
 * Returns a new empty list; free with gf_ignore_free. */
gf_ignore *gf_ignore_new(const char *base);
void gf_ignore_free(gf_ignore *ig);

/* Adds the patterns of a whole file's text: LF or CRLF lines, an optional
 * UTF-8 BOM, then each line as gf_ignore_add_line. Copies what it keeps. */
void gf_ignore_add_text(gf_ignore *ig, const char *text, size_t len);
/* Adds one pattern line (without its newline), with the rules of a line of
 * an ignore file: '#' starts a comment, trailing spaces not escaped with a
 * backslash are dropped, blank lines and patterns that can match nothing
 * ("!", "/") add nothing; a NUL ends the line. Copies what it keeps. */
void gf_ignore_add_line(gf_ignore *ig, const char *line, size_t len);
/* Reads and adds a file; a missing file adds nothing and is not an error.
 * Returns 0 or a negative gf_code (unreadable file, or over 16 MiB:
 * GF_ETOOBIG) with err filled; nothing is added on error. */
int gf_ignore_load(gf_ignore *ig, const char *fs_path, gf_error *err);

/* Number of patterns kept (comments, blank lines and "!" alone are not). */
size_t gf_ignore_count(const gf_ignore *ig);
/* True when at least one pattern is not negated (for --glob whitelists). */
bool gf_ignore_has_positive(const gf_ignore *ig);

/* Matches path (relative to the top of the path space, '/'-separated, no
 * leading or trailing '/') against the list, git's way: the last matching
 * pattern wins. Paths outside base, and base itself, never match. A path
 * whose parent directory is excluded is not excluded by this call: walkers
 * skip such directories. Thread-safe on a loaded list; allocates nothing
 * except a memo for patterns with many '*' runs against very long paths. */
gf_ignore_verdict gf_ignore_match(const gf_ignore *ig, const char *path, size_t len, bool is_dir);

/* git's wildmatch. */
enum {
    GF_WM_PATHNAME = 1, /* wildcards do not match '/'; '**' rules apply */
    GF_WM_CASEFOLD = 2
};
/* Returns true when text (NUL-terminated) matches pattern (NUL-terminated).
 * Same results as git's wildmatch(); the search is memoized, so no pattern
 * makes it exponential. Thread-safe. */
bool gf_wildmatch(const char *pattern, const char *text, unsigned flags);

#endif
