/* editset: byte-range replacements on one file, applied to a copy and
 * committed atomically -- the one path through which graft changes files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graft/edit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/vec.h"

typedef struct edit {
    size_t start, end; /* range in the original */
    char *text;        /* replacement, owned */
    size_t len;
    size_t seq; /* insertion order, to keep same-offset inserts stable */
} edit;

struct gf_editset {
    char *path;
    char *orig; /* original bytes, owned */
    size_t orig_len;
    unsigned char orig_sha[32];
    bool create; /* the file must not exist; commit creates it */
    GF_VEC(edit) edits;
};

gf_editset *gf_editset_new_file(const char *path)
{
    gf_editset *es = gf_editset_new(path, "", 0);
    es->create = true;
    return es;
}

gf_editset *gf_editset_new(const char *path, const char *original, size_t len)
{
    gf_editset *es = gf_calloc(1, sizeof *es);
    es->path = gf_strdup(path);
    es->orig = gf_memdup(original, len);
    es->orig_len = len;
    gf_sha256(original, len, es->orig_sha);
    return es;
}

void gf_editset_delete(gf_editset *es)
{
    if (!es)
        return;
    for (size_t i = 0; i < es->edits.len; i++)
        gf_free(es->edits.items[i].text);
    gf_vec_release(&es->edits);
    gf_free(es->orig);
    gf_free(es->path);
    gf_free(es);
}

int gf_editset_add(gf_editset *es, size_t start, size_t end, const char *text, size_t len,
                   gf_error *err)
{
    if (start > end || end > es->orig_len)
        return gf_error_path(err, GF_EINVAL, es->path,
                             "edit range %zu..%zu outside the file (%zu bytes)", start, end,
                             es->orig_len);
    edit e = {start, end, gf_memdup(text, len), len, es->edits.len};
    gf_vec_push(&es->edits, e);
    return 0;
}

size_t gf_editset_count(const gf_editset *es)
{
    return es->edits.len;
}

static int cmp_edit(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    /* At one offset, insertions come before a replacement starting there. */
    bool xi = x->start == x->end, yi = y->start == y->end;
    if (xi != yi)
        return xi ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Sorted copy of the edits, checked: each edit must start at or after the
 * previous one's end. Insertions at the same offset are fine; an insertion
 * strictly inside a replaced range, or two ranges sharing bytes, overlap.
 */
static int sorted_edits(const gf_editset *es, edit **out, gf_error *err)
{
    size_t n = es->edits.len;
    edit *v = gf_malloc(gf_mul_size(n ? n : 1, sizeof *v));
    if (n)
        memcpy(v, es->edits.items, n * sizeof *v);
    if (n)
        qsort(v, n, sizeof *v, cmp_edit);
    for (size_t i = 1; i < n; i++) {
        if (v[i].start < v[i - 1].end) {
            int rc = gf_error_path(err, GF_EOVERLAP, es->path,
                                   "overlapping edits: bytes %zu..%zu and %zu..%zu", v[i - 1].start,
                                   v[i - 1].end, v[i].start, v[i].end);
            gf_free(v);
            return rc;
        }
    }
    *out = v;
    return 0;
}

int gf_editset_apply(const gf_editset *es, char **out, size_t *out_len, gf_error *err)
{
    edit *v = NULL;
    int rc = sorted_edits(es, &v, err);
    if (rc)
        return rc;
    gf_buf b = GF_BUF_INIT;
    size_t grow = es->orig_len;
    for (size_t i = 0; i < es->edits.len; i++)
        grow += v[i].len;
    gf_buf_grow(&b, grow);
    size_t pos = 0;
    for (size_t i = 0; i < es->edits.len; i++) {
        gf_buf_add(&b, es->orig + pos, v[i].start - pos);
        gf_buf_add(&b, v[i].text, v[i].len);
        pos = v[i].end;
    }
    gf_buf_add(&b, es->orig + pos, es->orig_len - pos);
    gf_free(v);
    *out = gf_buf_detach(&b, out_len);
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Directory part of path ("." when none). */
static void dir_of(const char *path, gf_buf *out)
{
    const char *slash = strrchr(path, '/');
    gf_buf_clear(out);
    if (!slash)
        gf_buf_addc(out, '.');
    else if (slash == path)
        gf_buf_addc(out, '/');
    else
        gf_buf_add(out, path, (size_t)(slash - path));
}

int gf_editset_commit(const gf_editset *es, gf_commit_result *res, gf_error *err)
{
    char *data;
    size_t len;
    int rc = gf_editset_apply(es, &data, &len, err);
    if (rc)
        return rc;
    gf_commit_result r = {0};
    memcpy(r.sha_before, es->orig_sha, 32);
    gf_sha256(data, len, r.sha_after);
    r.changed = es->create || len != es->orig_len || memcmp(data, es->orig, len) != 0;
    if (res)
        *res = r;
    if (!r.changed) {
        gf_free(data);
        return 0;
    }

    gf_buf dir = GF_BUF_INIT, tmp = GF_BUF_INIT, now = GF_BUF_INIT;
    int fd = -1;
    struct stat st;
    /* Follow a symlinked path to its target so the link itself survives. */
    char *target = es->create ? NULL : realpath(es->path, NULL);
    const char *path = target ? target : es->path;
    if (es->create) {
        if (lstat(path, &st) == 0 || errno != ENOENT) {
            rc = gf_error_path(err, GF_ECHANGED, es->path, "file exists; nothing written");
            goto out;
        }
        st.st_mode = S_IFREG | 0644;
        st.st_uid = getuid();
        st.st_gid = getgid();
    } else if (stat(path, &st) != 0) {
        rc = gf_error_errno(err, errno, es->path);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = gf_error_path(err, GF_EINVAL, es->path, "not a regular file");
        goto out;
    }
    /* Replacing by rename would succeed on a read-only file (only the
     * directory must be writable); its mode says its owner wants it left
     * alone, and root ignores access(), so the mode bits decide. */
    if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))) {
        rc = gf_error_path(err, GF_EACCES, es->path, "file is read-only; not changed");
        goto out;
    }
    dir_of(path, &dir);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    gf_buf_printf(&tmp, "%s/.%s.graft-XXXXXX", dir.ptr, base);
    fd = mkstemp(tmp.ptr);
    if (fd < 0) {
        rc = gf_error_errno(err, errno, tmp.ptr);
        goto out;
    }
    if (write_all(fd, data, len) != 0 || fchmod(fd, st.st_mode & 07777) != 0 || fsync(fd) != 0) {
        rc = gf_error_errno(err, errno, es->path);
        goto fail;
    }
    /* Best effort: keep the owner when running as a user allowed to. */
    if (fchown(fd, st.st_uid, st.st_gid) != 0) {
        /* not permitted for ordinary users; the mode was kept */
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = gf_error_errno(err, errno, es->path);
        goto fail;
    }
    fd = -1;
    if (es->create) {
        /* link() refuses to replace a file created meanwhile. */
        if (link(tmp.ptr, path) != 0) {
            rc = errno == EEXIST ? gf_error_path(err, GF_ECHANGED, es->path,
                                                 "file appeared meanwhile; nothing written")
                                 : gf_error_errno(err, errno, es->path);
            goto fail;
        }
        unlink(tmp.ptr);
        goto synced;
    }
    /* Re-read the original just before the rename: refuse if anything
     * changed it since it was read. */
    unsigned char sha_now[32];
    rc = gf_read_file(path, 0, 0, &now, NULL, err);
    if (rc)
        goto fail;
    gf_sha256(now.ptr, now.len, sha_now);
    if (memcmp(sha_now, es->orig_sha, 32) != 0) {
        rc = gf_error_path(err, GF_ECHANGED, es->path,
                           "file changed since it was read; nothing written");
        goto fail;
    }
    if (rename(tmp.ptr, path) != 0) {
        rc = gf_error_errno(err, errno, es->path);
        goto fail;
    }
synced:;
    int dfd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    goto out;
fail:
    if (fd >= 0)
        close(fd);
    unlink(tmp.ptr);
out:
    free(target); /* realpath allocates with malloc */
    gf_free(data);
    gf_buf_release(&dir);
    gf_buf_release(&tmp);
    gf_buf_release(&now);
    return rc;
}

int gf_editset_remove(const char *path, const char *name, const char *expect, size_t len,
                      gf_error *err)
{
    const char *who = name ? name : path;
    struct stat st;
    if (lstat(path, &st) != 0)
        return gf_error_errno(err, errno, who);
    if (!S_ISREG(st.st_mode))
        return gf_error_path(err, GF_EINVAL, who, "not a regular file; not deleted");
    gf_buf now = GF_BUF_INIT;
    int rc = gf_read_file(path, 0, 0, &now, NULL, err);
    bool same = !rc && now.len == len && (len == 0 || memcmp(now.ptr, expect, len) == 0);
    gf_buf_release(&now);
    if (rc)
        return rc;
    if (!same)
        return gf_error_path(err, GF_ECHANGED, who, "file changed since it was read; not deleted");
    if (unlink(path) != 0)
        return gf_error_errno(err, errno, who);
    gf_buf dir = GF_BUF_INIT;
    dir_of(path, &dir);
    int dfd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    gf_buf_release(&dir);
    return 0;
}
