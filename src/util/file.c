/* file: bounded whole-file and head reads. */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"

int gf_read_fd(int fd, const char *path, size_t max_size, gf_buf *out, gf_error *err)
{
    size_t start = out->len;
    for (;;) {
        if (gf_buf_grow(out, 64 * 1024))
            goto too_big;
        size_t room = out->cap - out->len - 1;
        ssize_t n = read(fd, out->ptr + out->len, room);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            gf_buf_setlen(out, start);
            return gf_error_errno(err, e, path);
        }
        if (n == 0)
            break;
        gf_buf_setlen(out, out->len + (size_t)n);
        if (max_size && out->len - start > max_size)
            goto too_big;
    }
    return 0;
too_big:
    gf_buf_setlen(out, start);
    return gf_error_path(err, GF_ETOOBIG, path, "file too large (over %zu bytes)", max_size);
}

int gf_read_file(const char *path, size_t max_size, size_t head, gf_buf *out, uint64_t *size,
                 gf_error *err)
{
    /* O_NONBLOCK: opening a FIFO must not hang; such files are refused
     * below, and regular files ignore the flag. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return gf_error_errno(err, errno, path);
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) != 0) {
        rc = gf_error_errno(err, errno, path);
    } else if (S_ISDIR(st.st_mode)) {
        rc = gf_error_path(err, GF_EISDIR, path, "is a directory");
    } else if (!S_ISREG(st.st_mode)) {
        rc = gf_error_path(err, GF_EINVAL, path, "not a regular file");
    } else if (S_ISREG(st.st_mode) && max_size && (uint64_t)st.st_size > max_size) {
        rc = gf_error_path(err, GF_ETOOBIG, path, "file too large (%llu bytes, limit %zu)",
                           (unsigned long long)st.st_size, max_size);
    }
    if (rc) {
        close(fd);
        return rc;
    }
    if (size)
        *size = (uint64_t)st.st_size;
    if (head) {
        size_t start = out->len;
        gf_buf_grow(out, head);
        size_t got = 0;
        /* A regular file's size is known: stop without the extra read that
         * would only report end-of-file. */
        size_t want = head;
        if (S_ISREG(st.st_mode) && (uint64_t)st.st_size < want)
            want = (size_t)st.st_size;
        while (got < want) {
            ssize_t n = read(fd, out->ptr + start + got, want - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                rc = gf_error_errno(err, errno, path);
                break;
            }
            if (n == 0)
                break;
            got += (size_t)n;
        }
        gf_buf_setlen(out, rc ? start : start + got);
    } else {
        if (S_ISREG(st.st_mode) && st.st_size > 0)
            gf_buf_grow(out, (size_t)st.st_size + 1); /* +1 so the EOF read needs no growth */
        rc = gf_read_fd(fd, path, max_size, out, err);
    }
    close(fd);
    return rc;
}

int gf_mkdirs(const char *dir, gf_error *err)
{
    char *p = gf_strdup(dir);
    for (char *q = p + 1; *q; q++) {
        if (*q != '/')
            continue;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            int rc = gf_error_errno(err, errno, p);
            gf_free(p);
            return rc;
        }
        *q = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? gf_error_errno(err, errno, p) : 0;
    gf_free(p);
    return rc;
}
