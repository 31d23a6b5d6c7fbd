/* find: code_find inside the MCP server, over a cache of file contents and
 * parsed trees kept between calls (issue 8's session state). */
#ifndef GF_SERVER_FIND_H
#define GF_SERVER_FIND_H

#include <jansson.h>
#include <stddef.h>

#include "graft/core.h"

/*
 * Files are cached by path with their stat identity (device, inode, size,
 * mtime, ctime): a file whose identity changed is read again before use,
 * and one read within two seconds of its last change is compared byte for
 * byte on each use, so a change within one timestamp tick is not missed.
 * Trees are parsed only for files a pattern may match (its literals are in
 * the file), and kept with them. Memory is bounded by an estimate (content
 * plus ten times its size per tree) under limit_bytes, least recently used
 * first out. Thread-safe.
 */
typedef struct gf_fcache gf_fcache;

gf_fcache *gf_fcache_new(size_t limit_bytes);
void gf_fcache_delete(gf_fcache *c);

/*
 * code_find's arguments (pattern, paths, lang, selector, strictness, glob,
 * hidden, no_ignore, max_count) -> *result {count, matches} with matches
 * exactly as `graft find --json` prints them. Returns GF_EINVAL, with
 * *result NULL, whenever the CLI would report a problem (a bad pattern or
 * language, a missing path, an unreadable or oversized file) or an argument
 * this path does not handle: the caller then runs the CLI, which words the
 * error.
 */
int gf_fcache_find(gf_fcache *c, const json_t *args, volatile int *cancel, json_t **result);

void gf_fcache_stats(gf_fcache *c, size_t *files, size_t *bytes, size_t *hits, size_t *misses);

#endif
