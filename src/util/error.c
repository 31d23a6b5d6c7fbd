/* error: error records and code names. */
#include "util/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *gf_strerror(int code)
{
    switch (code) {
    case GF_OK: return "success";
    case GF_EINVAL: return "invalid argument";
    case GF_ENOENT: return "no such file or directory";
    case GF_EACCES: return "permission denied";
    case GF_EIO: return "input/output error";
    case GF_EISDIR: return "is a directory";
    case GF_EBINARY: return "binary file";
    case GF_ETOOBIG: return "file too large";
    case GF_ENOLANG: return "unknown language";
    case GF_ECHANGED: return "file changed since it was read";
    case GF_EOVERLAP: return "overlapping edits";
    case GF_ESYNTAX: return "syntax error";
    case GF_ENOMEM: return "out of memory";
    case GF_EPARSE: return "parse cancelled";
    }
    return "unknown error";
}

void gf_error_clear(gf_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

__attribute__((format(printf, 4, 0))) static void vset(gf_error *err, int code, const char *path,
                                                       const char *fmt, va_list ap)
{
    char tmp[sizeof err->message];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    err->code = code;
    err->line = err->column = 0;
    err->offset = 0;
    if (path) {
        snprintf(err->path, sizeof err->path, "%s", path);
        /* Truncation is acceptable: the message stays NUL-terminated. */
        if (snprintf(err->message, sizeof err->message, "'%s': %s", path, tmp) < 0)
            err->message[0] = '\0';
    } else {
        err->path[0] = '\0';
        snprintf(err->message, sizeof err->message, "%s", tmp);
    }
}

int gf_error_set(gf_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vset(err, code, NULL, fmt, ap);
        va_end(ap);
    }
    return code;
}

int gf_error_path(gf_error *err, int code, const char *path, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vset(err, code, path, fmt, ap);
        va_end(ap);
    }
    return code;
}

int gf_code_from_errno(int errnum)
{
    switch (errnum) {
    case ENOENT:
    case ENOTDIR: return GF_ENOENT;
    case EACCES:
    case EPERM: return GF_EACCES;
    case EISDIR: return GF_EISDIR;
    case ENOMEM: return GF_ENOMEM;
    case EFBIG: return GF_ETOOBIG;
    default: return GF_EIO;
    }
}

int gf_error_errno(gf_error *err, int errnum, const char *path)
{
    int code = gf_code_from_errno(errnum);
    /* strerror gives "No such file or directory"; house style is lowercase. */
    char msg[256], scratch[256];
    /* GNU strerror_r: thread-safe, returns the message pointer. */
    snprintf(msg, sizeof msg, "%s", strerror_r(errnum, scratch, sizeof scratch));
    if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
        msg[0] = (char)(msg[0] - 'A' + 'a');
    if (path)
        return gf_error_path(err, code, path, "%s", msg);
    return gf_error_set(err, code, "%s", msg);
}
