/* cmd_mcp: serve graft's tools to coding agents over MCP (stdio). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "edit/root.h"
#include "server/mcp.h"

static const char help[] =
    "usage: graft mcp [--root DIR] [--read-only] [--cache-mb N]\n\n"
    "Serve graft's capabilities as Model Context Protocol tools over stdio: UTF-8\n"
    "JSON-RPC 2.0, one message per line on stdin and stdout, logs on stderr.\n"
    "Tools: code_find, code_rewrite, code_scan, code_parse, code_symbols, code_show,\n"
    "code_splice, code_refs, file_read, file_replace, file_insert, file_delete_range,\n"
    "file_patch_apply, repo_search, repo_tree, plan_run. Paths in tool arguments are\n"
    "relative to the directory the server runs in, or to --root DIR when given.\n\n"
    "options:\n"
    "      --root DIR    serve the project at DIR: tool paths are relative to it and\n"
    "                    stay beneath it (default: the current directory, confined\n"
    "                    to its git work tree, else to itself)\n"
    "      --read-only   offer and accept only the tools that change nothing\n"
    "      --cache-mb N  megabytes for the files and parsed trees kept between calls\n"
    "                    (default 512; a tree takes 20-40 times its source)\n"
    "  -h, --help        show this help\n\n"
    "Register it with an MCP client (Claude Desktop, Claude Code, Cursor...):\n"
    "  {\"mcpServers\": {\"graft\": {\"command\": \"graft\",\n"
    "                             \"args\": [\"mcp\", \"--root\", \"/path/to/project\"]}}}\n\n"
    "exit status: 0 when the input ends, 2 on an error (the output broke)\n\n"
    "examples:\n"
    "  graft mcp\n"
    "  graft mcp --read-only --root ~/src/project\n"
    "  printf '%s\\n' '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}' | graft mcp\n";

int cmd_mcp(int argc, char **argv)
{
    enum { OPT_ROOT = 256, OPT_RO, OPT_CACHE };
    static const struct option opts[] = {{"cache-mb", required_argument, NULL, OPT_CACHE},
                                         {"help", no_argument, NULL, 'h'},
                                         {"read-only", no_argument, NULL, OPT_RO},
                                         {"root", required_argument, NULL, OPT_ROOT},
                                         {0}};
    const char *root_arg = NULL;
    bool ro = false;
    int c;
    long cache_mb = 512;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); return EXIT_OK;
        case OPT_ROOT: root_arg = optarg; break;
        case OPT_RO: ro = true; break;
        case OPT_CACHE: {
            char *end;
            errno = 0;
            cache_mb = strtol(optarg, &end, 10);
            if (end == optarg || *end || errno || cache_mb < 1 || cache_mb > (1L << 20))
                return cli_usage_error(
                    "mcp", "invalid --cache-mb '%s' (megabytes, from 1 to 1048576)", optarg);
            break;
        }
        default: return cli_bad_option("mcp", c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("mcp", "unexpected argument '%s'", argv[optind]);
    char *root = NULL;
    gf_error e = GF_ERROR_INIT;
    if (root_arg) {
        /* the server works in its root: clients that cannot set the
         * server's directory name the project with --root alone */
        root = realpath(root_arg, NULL);
        if (!root)
            return cli_error("--root '%s': %s", root_arg, strerror(errno));
        if (chdir(root) != 0) {
            int err = errno;
            free(root);
            return cli_error("--root '%s': %s", root_arg, strerror(err));
        }
    } else if (gf_root_default(".", &root, &e) != 0) {
        return cli_report(&e);
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        free(root);
        return cli_error("cannot find graft's own executable (/proc/self/exe)");
    }
    exe[n] = '\0';
    gf_mcp_opts o = {.exe = exe,
                     .root = root,
                     .read_only = ro,
                     .in_fd = 0,
                     .out = stdout,
                     .log = stderr,
                     .cache_mb = (size_t)cache_mb};
    int rc = gf_mcp_serve(&o);
    free(root);
    return rc;
}
