/* root: confining the paths an editing verb may touch to one directory tree. */
#include "edit/root.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

int gf_root_default(const char *dir, char **out, gf_error *err)
{
    char *d = realpath(dir, NULL);
    if (!d)
        return gf_error_errno(err, errno, dir);
    gf_buf b = GF_BUF_INIT;
    for (size_t len = strlen(d);;) {
        gf_buf_clear(&b);
        gf_buf_add(&b, d, len);
        gf_buf_adds(&b, len == 1 ? ".git" : "/.git");
        struct stat st;
        if (lstat(b.ptr, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
            char *r = gf_memdup(d, len + 1);
            r[len] = '\0';
            free(d);
            gf_buf_release(&b);
            *out = r;
            return 0;
        }
        if (len <= 1)
            break;
        while (len > 1 && d[len - 1] != '/')
            len--;
        if (len > 1)
            len--; /* drop the '/' */
    }
    gf_buf_release(&b);
    *out = gf_strdup(d);
    free(d);
    return 0;
}

/* Inside root (equal, or root + '/' + more). */
static bool beneath(const char *root, const char *p)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return p[0] == '/';
    return !strncmp(p, root, n) && (p[n] == '\0' || p[n] == '/');
}

/* Lexically normalised absolute path of path (relative to cwd): "." and
 * ".." resolved, repeated '/' folded; no symlink lookups. */
static int normalise(const char *path, gf_buf *out, gf_error *err)
{
    gf_buf in = GF_BUF_INIT;
    if (path[0] != '/') {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd)) {
            gf_buf_release(&in);
            return gf_error_errno(err, errno, ".");
        }
        gf_buf_adds(&in, cwd);
        gf_buf_addc(&in, '/');
    }
    gf_buf_adds(&in, path);
    gf_buf_clear(out);
    const char *p = in.ptr;
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0)
            break;
        if (n == 1 && p[0] == '.') {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (out->len && out->ptr[out->len - 1] != '/')
                out->len--;
            if (out->len)
                out->len--;
            out->ptr[out->len] = '\0';
        } else {
            gf_buf_addc(out, '/');
            gf_buf_add(out, p, n);
        }
        p += n;
    }
    if (!out->len)
        gf_buf_addc(out, '/');
    gf_buf_release(&in);
    return 0;
}

int gf_root_resolve(const char *root, const char *path, char **abs, char **rel, gf_error *err)
{
    *abs = *rel = NULL;
    for (const char *c = path; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f) {
            /* the message shows the bytes escaped, never raw on a terminal */
            gf_buf b = GF_BUF_INIT;
            for (const char *q = path; *q; q++)
                if ((unsigned char)*q < 0x20 || *q == 0x7f)
                    gf_buf_printf(&b, "\\x%02x", (unsigned char)*q);
                else
                    gf_buf_addc(&b, *q);
            int rc = gf_error_set(err, GF_EACCES, "'%s': control characters in a path are refused",
                                  b.ptr);
            gf_buf_release(&b);
            return rc;
        }
    if (!*path)
        return gf_error_set(err, GF_EINVAL, "empty path");
    gf_buf lex = GF_BUF_INIT;
    int rc = normalise(path, &lex, err);
    if (rc)
        goto out;
    if (!beneath(root, lex.ptr)) {
        rc = gf_error_set(err, GF_EACCES, "'%s' is outside the root '%s' (see --root)", path, root);
        goto out;
    }
    /* Resolve symlinks: the file itself when it exists, else its
     * directory (a new file). */
    char *real = realpath(lex.ptr, NULL);
    const char *base = NULL;
    if (!real) {
        if (errno != ENOENT) {
            rc = gf_error_errno(err, errno, path);
            goto out;
        }
        struct stat st;
        if (lstat(lex.ptr, &st) == 0) {
            /* a dangling symlink: where would it write? refuse */
            rc = gf_error_set(err, GF_EACCES, "'%s' is a symbolic link to a missing file; refused",
                              path);
            goto out;
        }
        char *slash = strrchr(lex.ptr, '/');
        base = slash + 1;
        *slash = '\0';
        real = realpath(lex.ptr[0] ? lex.ptr : "/", NULL);
        *slash = '/';
        if (!real) {
            rc = gf_error_errno(err, errno, path);
            goto out;
        }
    }
    gf_buf full = GF_BUF_INIT;
    gf_buf_adds(&full, real);
    if (base) {
        if (full.len > 1)
            gf_buf_addc(&full, '/');
        gf_buf_adds(&full, base);
    }
    free(real);
    if (!beneath(root, full.ptr)) {
        rc = gf_error_set(err, GF_EACCES,
                          "'%s' resolves to '%s', outside the root '%s' (a symbolic link "
                          "leaves it); refused",
                          path, full.ptr, root);
        gf_buf_release(&full);
        goto out;
    }
    const char *r = full.ptr + strlen(root);
    while (*r == '/')
        r++;
    /* .git as any component */
    for (const char *c = r; *c;) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (n == 4 && !memcmp(c, ".git", 4)) {
            rc = gf_error_set(err, GF_EACCES, "'%s' is inside a .git directory; refused", path);
            gf_buf_release(&full);
            goto out;
        }
        c += n;
        while (*c == '/')
            c++;
    }
    *rel = gf_strdup(*r ? r : ".");
    *abs = gf_buf_detach(&full, NULL);
out:
    gf_buf_release(&lex);
    return rc;
}
