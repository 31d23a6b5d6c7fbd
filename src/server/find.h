/* find: code_find inside the MCP server, over a cache of file contents and
 * parsed trees kept between calls (issue 8's session state). */
#ifndef GF_SERVER_FIND_H
#define GF_SERVER_FIND_H

#include <jansson.h>
#include <stddef.h>

#include "graft/core.h"
#include "util/buf.h"
#include "util/vec.h"

/*
 * Files are cached by path with their stat identity (device, inode, size,
 * mtime, ctime): a file whose identity changed is read again before use,
 * and one read within two seconds of its last change is compared byte for
 * byte on each use, so a change within one timestamp tick is not missed.
 * Trees are parsed only for files a pattern may match (its literals are in
 * the file), and kept with them, with the nodes of each kind a pattern was
 * rooted at. Memory is bounded under limit_bytes by what entries hold
 * (content, the allocations measured while parsing, node lists), least
 * recently used first out; a call never evicts what it used itself, so a
 * search over more than fits keeps the files it reached first and drops the
 * rest after use. Thread-safe.
 */
typedef struct gf_fcache gf_fcache;

gf_fcache *gf_fcache_new(size_t limit_bytes);
void gf_fcache_delete(gf_fcache *c);

/* code_find's matches, as `graft find --json=compact` prints them. */
typedef struct gf_found {
    gf_buf text; /* a JSON array */
    size_t count;
    GF_VEC(size_t) at; /* where each match starts in text */
    json_t *per_file;  /* file -> its number of matches */
} gf_found;

void gf_found_release(gf_found *f);

/*
 * code_find's arguments (pattern, paths, lang, selector, strictness, glob,
 * hidden, no_ignore, max_count) -> *out, its matches exactly as `graft find
 * --json` prints them. Returns GF_EINVAL, with *out empty, whenever the CLI
 * would report a problem (a bad pattern or language, a missing path, an
 * unreadable or oversized file) or an argument this path does not handle:
 * the caller then runs the CLI, which words the error.
 */
int gf_fcache_find(gf_fcache *c, const json_t *args, volatile int *cancel, gf_found *out);
void gf_fcache_stats(gf_fcache *c, size_t *files, size_t *bytes, size_t *hits, size_t *misses);

#endif
