/* diff: line diffs (Myers, linear space) rendered as unified diffs. */
#ifndef GF_UTIL_DIFF_H
#define GF_UTIL_DIFF_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Appends to out a unified diff turning a into b, for path, as git writes it
 * (and `git apply` / `patch -p1` read it): "diff --git a/P b/P", "--- a/P",
 * "+++ b/P", hunks with `context` lines of context, and "\ No newline at end
 * of file" where a side ends without one. Lines end at '\n' (a '\r' before
 * it is part of the line). Appends nothing when a and b are equal. Returns
 * the number of hunks; *added / *removed (may be NULL) count changed lines.
 */
size_t gf_diff_unified(const char *path, const char *a, size_t alen, const char *b, size_t blen,
                       int context, gf_buf *out, size_t *added, size_t *removed);

#endif
