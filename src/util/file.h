/* file: reading files and streams with size limits. */
#ifndef GF_UTIL_FILE_H
#define GF_UTIL_FILE_H

#include <stddef.h>

#include "graft/core.h"
#include "util/buf.h"

/*
 * Reads all of fd into out (appending). max_size 0 means no limit; over the
 * limit: GF_ETOOBIG with out unchanged in length. path names the file in
 * errors. Does not close fd.
 */
int gf_read_fd(int fd, const char *path, size_t max_size, gf_buf *out, gf_error *err);

/*
 * Opens path and reads it into out: whole (head == 0) or only its first
 * head bytes. Directories give GF_EISDIR, other non-regular files (FIFOs,
 * devices, sockets) GF_EINVAL; files over max_size (0 = no limit)
 * give GF_ETOOBIG. *size receives the file size when non-NULL.
 */
int gf_read_file(const char *path, size_t max_size, size_t head, gf_buf *out, uint64_t *size,
                 gf_error *err);

/* Creates dir and its missing parents (mode 0777 less umask); 0 or an
 * errno-based gf_error. */
int gf_mkdirs(const char *dir, gf_error *err);

#endif
