/* graft/edit.h: EditSet, the one path through which any file changes. */
#ifndef GRAFT_EDIT_H
#define GRAFT_EDIT_H

#include "graft/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * An EditSet holds, for one file, its original bytes (as read, with their
 * SHA-256) and a list of byte-range replacements against those bytes.
 * Edits must not overlap; insertions (empty ranges) at the same offset are
 * applied in the order they were added. Adjacent edits are fine.
 */
typedef struct gf_editset gf_editset;

/* path: the file to change; original: its bytes as read (copied). */
GRAFT_API gf_editset *gf_editset_new(const char *path, const char *original, size_t len);
/* An EditSet that creates path (empty original): commit refuses, with
 * GF_ECHANGED, when the file exists or appears before it is linked in. */
GRAFT_API gf_editset *gf_editset_new_file(const char *path);
GRAFT_API void gf_editset_delete(gf_editset *es);
/* Replaces original[start..end) with text[0..len) (copied). GF_EINVAL when
 * the range is outside the original. Overlaps are detected at apply time. */
GRAFT_API int gf_editset_add(gf_editset *es, size_t start, size_t end, const char *text, size_t len,
                             gf_error *err);
GRAFT_API size_t gf_editset_count(const gf_editset *es);

/* Applies the edits to a copy: *out (caller frees with gf_free) gets the new
 * content, NUL-terminated. GF_EOVERLAP names the two conflicting ranges. */
GRAFT_API int gf_editset_apply(const gf_editset *es, char **out, size_t *out_len, gf_error *err);

typedef struct gf_commit_result {
    bool changed; /* false when the new content equals the old */
    unsigned char sha_before[32];
    unsigned char sha_after[32];
} gf_commit_result;

/*
 * Applies and writes the result atomically: a temp file in the same
 * directory, written, fsync'ed, given the original's mode; then the file on
 * disk is re-read and its SHA-256 compared with the original's -- if it
 * changed since it was read, the temp file is removed and GF_ECHANGED is
 * returned with nothing written; else rename over the original and fsync the
 * directory. A file without any write permission bit is refused (GF_EACCES)
 * even though a rename could replace it. A no-op edit set writes nothing.
 * res may be NULL.
 */
GRAFT_API int gf_editset_commit(const gf_editset *es, gf_commit_result *res, gf_error *err);

/*
 * Deletes the file at path when its content still equals expect[0..len),
 * then syncs its directory; GF_ECHANGED (nothing deleted) when it differs,
 * GF_EINVAL when path is not a regular file (a symbolic link is not
 * followed). name (may be NULL) is the path shown in messages.
 */
GRAFT_API int gf_editset_remove(const char *path, const char *name, const char *expect, size_t len,
                                gf_error *err);

/* SHA-256 of data, as 32 bytes and as 64 lowercase hex chars + NUL. */
GRAFT_API void gf_sha256(const void *data, size_t len, unsigned char out[32]);
GRAFT_API void gf_sha256_hex(const unsigned char sha[32], char hex[65]);

#ifdef __cplusplus
}
#endif

#endif
