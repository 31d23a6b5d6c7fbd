/* graft/source.h: a file's bytes, path, language and line index; parsing. */
#ifndef GRAFT_SOURCE_H
#define GRAFT_SOURCE_H

#include "graft/core.h"
#include "graft/lang.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TSTree TSTree;

/* Default limit for files graft reads (8 MiB). */
#define GF_DEFAULT_MAX_FILESIZE ((size_t)8 << 20)
/* How many leading bytes are checked for NUL to call a file binary. */
#define GF_BINARY_PROBE 8192

/*
 * A Source owns its bytes (read once, never modified), its display path and
 * its line index. The line index is built lazily on the first position
 * query; a Source is therefore used by one thread at a time.
 */
typedef struct gf_source {
    char *bytes; /* len bytes + NUL; owned */
    size_t len;
    char *path;           /* display path; owned */
    const gf_lang *lang;  /* may be NULL */
    uint32_t *line_start; /* offsets of line starts; built lazily; owned */
    size_t line_count;
} gf_source;

#define GF_SOURCE_INIT                                                                             \
    {                                                                                              \
        0                                                                                          \
    }

/* Reads path (max_size 0 = GF_DEFAULT_MAX_FILESIZE). Refuses directories
 * (GF_EISDIR), binary files (GF_EBINARY) and files over the limit
 * (GF_ETOOBIG). path "-" reads stdin. lang is not detected here. */
GRAFT_API int gf_source_read(gf_source *s, const char *path, size_t max_size, gf_error *err);
/* Copies len bytes of data into a new Source named path. */
GRAFT_API void gf_source_init_mem(gf_source *s, const char *path, const char *data, size_t len);
/* Takes ownership of data (allocated with the graft allocator, len + 1
 * bytes with a NUL at len). */
GRAFT_API void gf_source_init_owned(gf_source *s, const char *path, char *data, size_t len);
GRAFT_API void gf_source_release(gf_source *s);

/* True when the first GF_BINARY_PROBE bytes hold a NUL. */
GRAFT_API bool gf_is_binary(const char *data, size_t len);

/* 0-based line and byte column of a byte offset (offset <= len); O(log n). */
GRAFT_API void gf_source_point(gf_source *s, size_t offset, uint32_t *line, uint32_t *column);
/* Byte offset of a 0-based line/column; clamps to the line's end and the
 * file's end. */
GRAFT_API size_t gf_source_offset(gf_source *s, uint32_t line, uint32_t column);
/* Number of lines (a final line without newline counts; "" has 1 line). */
GRAFT_API size_t gf_source_lines(gf_source *s);

/*
 * A parser set: one tree-sitter parser per language, created on first use.
 * Never share one between threads; each worker owns its own.
 */
typedef struct gf_parser gf_parser;

GRAFT_API gf_parser *gf_parser_new(void);
/*
 * A parser set for batch work (one file after another on a worker thread):
 * its trees are built in the thread's region, a bump allocator reset in one
 * step when the last of them is freed, which spares malloc and the per-node
 * free of tree deletion. Its trees must be freed with gf_tree_delete on the
 * thread that parsed them, are not to be kept across units of work (the
 * region is only reset once none is live) nor edited (ts_tree_edit), and
 * no tree-sitter object made while it parses outlives the tree. Falls back to plain parsing when no
 * region can be reserved.
 */
GRAFT_API gf_parser *gf_parser_new_batch(void);
GRAFT_API void gf_parser_delete(gf_parser *p);
/* Parses s with s->lang (required). *out receives a tree the caller frees
 * with gf_tree_delete (ts_tree_delete will do for a parser made by
 * gf_parser_new). Fails only when the language cannot be loaded or the
 * parse is cancelled. */
GRAFT_API int gf_parse(gf_parser *p, const gf_source *s, TSTree **out, gf_error *err);
/* Frees a tree from gf_parse, whichever parser made it. */
GRAFT_API void gf_tree_delete(TSTree *t);

#ifdef __cplusplus
}
#endif

#endif
