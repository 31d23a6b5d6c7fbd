/* mcp: graft as a Model Context Protocol server (JSON-RPC 2.0 over stdio,
 * one message per line). */
#ifndef GF_SERVER_MCP_H
#define GF_SERVER_MCP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "graft/core.h"
#include "util/buf.h"

typedef struct gf_mcp_opts {
    const char *exe;    /* the graft executable (verbs run through it) */
    const char *root;   /* absolute: edits stay beneath it */
    bool read_only;     /* list and accept only read-only tools */
    int in_fd;          /* messages in (stdin) */
    FILE *out;          /* messages out (stdout): nothing else is written there */
    FILE *log;          /* diagnostics (stderr) */
    size_t max_message; /* bytes; a longer line is refused with -32700 (0: 16 MiB) */
    size_t cache_mb;    /* bound of the file and tree cache (0: 512) */
} gf_mcp_opts;

/* Serves until the input ends. Returns 0, or 2 when the output breaks. */
int gf_mcp_serve(const gf_mcp_opts *o);

/* ---- tools (tools.c) ---- */

struct gf_fcache;

typedef struct gf_mcp_call {
    const gf_mcp_opts *o;
    struct gf_fcache *cache; /* files and trees kept between calls */
    volatile int *cancel;
    /* progress: (progress, total, message); no-op without a progress token */
    void (*progress)(void *ctx, double progress, double total, const char *message);
    void *progress_ctx;
    /* where a tool may put its result object as compact JSON text instead
     * of *structured (large answers are not built as values); NULL: not
     * offered */
    gf_buf *raw;
} gf_mcp_call;

typedef struct gf_mcp_tool gf_mcp_tool;

size_t gf_mcp_tool_count(void);
const gf_mcp_tool *gf_mcp_tool_at(size_t i);
const gf_mcp_tool *gf_mcp_tool_find(const char *name);
bool gf_mcp_tool_read_only(const gf_mcp_tool *t);
/* The tool's entry for tools/list (new reference). */
json_t *gf_mcp_tool_describe(const gf_mcp_tool *t);

/*
 * Calls the tool: *structured (new reference) is the result object; when
 * the call failed in a way the model can correct, *is_error is set and
 * message says what to do. Arguments that do not fit the input schema are
 * such failures too.
 */
void gf_mcp_tool_call(const gf_mcp_tool *t, const json_t *args, const gf_mcp_call *c,
                      json_t **structured, bool *is_error, gf_buf *message);

#endif
