/* Fuzz target: the MCP server's framing and dispatch (its input comes from
 * any client). Input: the bytes a client writes to the server's stdin. The
 * server runs on them in a scratch directory holding two small source
 * files, read-only, with an executable that does not exist (tools that run
 * the CLI fail fast; code_find and file_read run in-process over the
 * scratch files). Checks: the server returns 0, and everything it wrote is
 * whole lines, each one JSON-RPC 2.0 message -- a response with an id and
 * exactly one of result and error, or a notification. */
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "server/mcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];

static void cleanup(void)
{
    if (chdir("/") == 0) {
        char p[96];
        snprintf(p, sizeof p, "%s/a.py", root);
        unlink(p);
        snprintf(p, sizeof p, "%s/b.js", root);
        unlink(p);
        rmdir(root);
    }
}

static void scratch(void)
{
    if (root[0])
        return;
    snprintf(root, sizeof root, "/tmp/graft-fuzz-mcp-XXXXXX");
    if (!mkdtemp(root) || chdir(root) != 0)
        abort();
    atexit(cleanup);
    FILE *f = fopen("a.py", "w");
    fputs("def f(x):\n    print(x)\n    return len(x)\n", f);
    fclose(f);
    f = fopen("b.js", "w");
    fputs("console.log(1);\nfunction g(a) { return a + 1; }\n", f);
    fclose(f);
}

static void check_line(const char *s, size_t n)
{
    json_error_t je;
    json_t *m = json_loadb(s, n, 0, &je);
    if (!json_is_object(m) || !json_is_string(json_object_get(m, "jsonrpc")) ||
        strcmp(json_string_value(json_object_get(m, "jsonrpc")), "2.0") != 0)
        __builtin_trap();
    bool has_id = json_object_get(m, "id") != NULL;
    bool result = json_object_get(m, "result") != NULL, error = json_object_get(m, "error") != NULL;
    bool method = json_is_string(json_object_get(m, "method"));
    if (has_id ? (result == error || method) : (!method || result || error))
        __builtin_trap();
    json_decref(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the server works in the scratch directory; the caller's stays its own */
    int cwd = open(".", O_RDONLY | O_DIRECTORY);
    if (cwd < 0)
        abort();
    if (root[0] && chdir(root) != 0)
        abort();
    scratch();
    int in = memfd_create("mcp-in", 0);
    if (in < 0)
        return 0;
    for (size_t off = 0; off < size;) {
        ssize_t w = write(in, data + off, size - off);
        if (w <= 0)
            abort();
        off += (size_t)w;
    }
    lseek(in, 0, SEEK_SET);
    char *out = NULL;
    size_t outlen = 0;
    FILE *o = open_memstream(&out, &outlen);
    gf_mcp_opts opts = {.exe = "/nonexistent/graft",
                        .root = root,
                        .read_only = true,
                        .in_fd = in,
                        .out = o,
                        .log = NULL,
                        .max_message = 1 << 16,
                        .cache_mb = 4};
    int rc = gf_mcp_serve(&opts);
    fclose(o);
    close(in);
    if (rc != 0 || (outlen && out[outlen - 1] != '\n'))
        __builtin_trap();
    for (const char *p = out, *end = out + outlen; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        check_line(p, (size_t)(nl - p));
        p = nl + 1;
    }
    free(out);
    if (fchdir(cwd) != 0)
        abort();
    close(cwd);
    return 0;
}
