/* error: filling gf_error records (see graft.h for the struct). */
#ifndef GF_UTIL_ERROR_H
#define GF_UTIL_ERROR_H

#include "graft/core.h"

/* Records code and a printf-style message; returns code so callers can
 * `return gf_error_set(err, GF_EINVAL, "...")`. err may be NULL. */
int gf_error_set(gf_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same, and records path; the message is "'path': <fmt>". */
int gf_error_path(gf_error *err, int code, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Maps an errno value to a gf_code and records "'path': strerror". */
int gf_error_errno(gf_error *err, int errnum, const char *path);
/* Maps errno to a gf_code without recording anything. */
int gf_code_from_errno(int errnum);
void gf_error_clear(gf_error *err);

#endif
