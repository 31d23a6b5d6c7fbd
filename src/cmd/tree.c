/* cmd_tree: the file tree under the walker's ignore rules, like `tree`. */
#include <getopt.h>

#include "cmd/cli.h"
#include "repo/tree.h"
#include "util/vec.h"

static const char help[] =
    "usage: graft tree [PATH] [--max-depth N] [--exclude NAME]... [--json]\n"
    "                  [--hidden] [--no-ignore]\n\n"
    "Print the directory tree under PATH (default: the current directory) as the\n"
    "'tree' program does: entries sorted by name (bytewise, directories and files\n"
    "mixed), ├── └── │ connectors, then \"N directories, M files\". Entries are\n"
    "chosen by the rules of 'graft files': .gitignore, .git/info/exclude and\n"
    "core.excludesFile inside a git work tree, .ignore files anywhere, hidden\n"
    "entries, .git and .agentfs, symbolic links and special files are left out.\n"
    "Unlike 'graft files', binary and large files and empty directories are shown.\n\n"
    "options:\n"
    "  -L, --max-depth N     show N levels below PATH (directories at the last level\n"
    "                        are shown but not read)\n"
    "  -I, --exclude NAME    leave out entries whose name matches NAME (a name or a\n"
    "                        glob such as '*.pyc'), with everything below them;\n"
    "                        repeatable\n"
    "      --hidden          include hidden files and directories\n"
    "      --no-ignore       do not read .gitignore, .ignore or exclude files\n"
    "      --json            print the tree as nested JSON (see below)\n"
    "  -h, --help            show this help\n\n"
    "JSON output: {\"path\", \"type\": \"file\" or \"directory\", \"size\", \"children\": [...]}\n"
    "nested, children sorted as in the text output. path is the path to show\n"
    "(PATH, then PATH/name...; without PATH, names relative to the current\n"
    "directory). size is a file's size in bytes, and for a directory the sum of\n"
    "the sizes of the files shown below it. A directory at the --max-depth limit\n"
    "has no \"children\" and size 0 (it was not read).\n\n"
    "exit status: 0 the tree holds at least one file, 1 it holds none, 2 error\n"
    "(missing PATH; an unreadable directory is named on stderr and shown empty)\n\n"
    "examples:\n"
    "  graft tree\n"
    "  graft tree src --max-depth 2\n"
    "  graft tree --exclude tests --exclude '*.md'\n"
    "  graft tree --json | jq '.children[].path'\n";

static void warn(void *user, const gf_error *e)
{
    (void)user;
    cli_report(e);
}

int cmd_tree(int argc, char **argv)
{
    enum { OPT_HIDDEN = 256, OPT_NOIGNORE, OPT_JSON };
    static const struct option opts[] = {{"exclude", required_argument, NULL, 'I'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"hidden", no_argument, NULL, OPT_HIDDEN},
                                         {"json", no_argument, NULL, OPT_JSON},
                                         {"max-depth", required_argument, NULL, 'L'},
                                         {"no-ignore", no_argument, NULL, OPT_NOIGNORE},
                                         {0}};
    gf_tree_opts to = {0};
    GF_VEC(const char *) excludes = GF_VEC_INIT;
    bool json = false;
    int c, rc = EXIT_OK;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":hI:L:", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); goto out;
        case 'I': gf_vec_push(&excludes, optarg); break;
        case 'L':
            if (!cli_parse_int(optarg, &to.max_depth)) {
                rc = cli_usage_error("tree", "invalid --max-depth '%s' (a number from 1)", optarg);
                goto out;
            }
            break;
        case OPT_HIDDEN: to.hidden = true; break;
        case OPT_NOIGNORE: to.no_ignore = true; break;
        case OPT_JSON: json = true; break;
        default: rc = cli_bad_option("tree", c, argv); goto out;
        }
    }
    if (argc - optind > 1) {
        rc = cli_usage_error("tree", "one PATH at most (got %d)", argc - optind);
        goto out;
    }
    to.path = optind < argc ? argv[optind] : NULL;
    to.excludes = excludes.items;
    to.nexcludes = excludes.len;
    gf_tree_node *root;
    size_t problems;
    gf_error e;
    if (gf_tree_build(&to, &root, warn, NULL, &problems, &e) != 0) {
        rc = cli_report(&e);
        goto out;
    }
    gf_buf b = GF_BUF_INIT;
    if (json)
        gf_tree_json(root, true, &b);
    else
        gf_tree_text(root, &b);
    cli_flush(&b);
    gf_buf_release(&b);
    size_t dirs, files;
    gf_tree_count(root, &dirs, &files);
    gf_tree_free(root);
    rc = problems ? EXIT_ERROR : files ? EXIT_OK : EXIT_NONE;
out:
    gf_vec_release(&excludes);
    return rc;
}
