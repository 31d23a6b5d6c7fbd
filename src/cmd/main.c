/* main: the graft command line; dispatches to one cmd_<verb> per verb. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"

/* Sorted by name. */
static const cli_verb verbs[] = {
    {"delete-range", cmd_delete_range, "delete the lines between two anchors (atomic, checked)"},
    {"files", cmd_files, "list the files graft would visit (gitignore-aware)"},
    {"find", cmd_find, "find code matching an ast-grep pattern"},
    {"insert", cmd_insert, "insert lines before/after an anchor or a line number"},
    {"langs", cmd_langs, "list supported languages"},
    {"mcp", cmd_mcp, "serve graft's tools to coding agents (Model Context Protocol, stdio)"},
    {"new", cmd_new, "scaffold a rule project, or a rule and its test"},
    {"parse", cmd_parse, "print a file's syntax tree, or its syntax errors"},
    {"patch", cmd_patch, "apply a unified diff (git diff, diff -u): all or nothing, checked"},
    {"refs", cmd_refs, "find references to a name (calls, types, imports) with their context"},
    {"replace", cmd_replace, "replace text in a file: unique unless --all/--count"},
    {"rewrite", cmd_rewrite, "rewrite code matching an ast-grep pattern (diff, or --write)"},
    {"run", cmd_run, "run a plan: multi-step edits with a diff budget, assertions, artifacts"},
    {"scan", cmd_scan, "run YAML rules (ast-grep's rule language): report, fix"},
    {"search", cmd_search, "search files for a regex or string, like ripgrep (gitignore-aware)"},
    {"show", cmd_show, "print a definition by name path (FILE::Class/method)"},
    {"splice", cmd_splice, "replace, insert beside or delete a definition by name path"},
    {"symbols", cmd_symbols, "list definitions (classes, functions, ...) with name paths"},
    {"test", cmd_test, "test the project's rules against their valid/invalid cases"},
    {"tree", cmd_tree, "print the file tree (gitignore-aware), like tree"},
};

static void usage(FILE *f)
{
    fprintf(f,
            "graft %s: fast, lossless, structure-aware reading and editing of source code\n\n"
            "usage: graft <command> [options] [args]\n\ncommands:\n",
            GRAFT_VERSION);
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        fprintf(f, "  %-12s %s\n", verbs[i].name, verbs[i].summary);
    fprintf(f, "\nrun 'graft <command> --help' for a command's options and examples\n"
               "exit codes: 0 success, 1 nothing found (or syntax errors with parse --errors), "
               "2 error\n");
}

int main(int argc, char **argv)
{
    gf_set_alloc_hooks(NULL);
    /* Output goes through stdio; a closed pipe (graft ... | head) ends the
     * process quietly, as for other Unix filters. */
    signal(SIGPIPE, SIG_DFL);
    if (argc < 2) {
        usage(stderr);
        return EXIT_ERROR;
    }
    const char *verb = argv[1];
    if (!strcmp(verb, "--help") || !strcmp(verb, "-h") || !strcmp(verb, "help")) {
        if (argc > 2 && strcmp(verb, "help") == 0) {
            for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
                if (!strcmp(verbs[i].name, argv[2])) {
                    char *args[] = {argv[2], "--help", NULL};
                    return verbs[i].run(2, args);
                }
            return cli_error("unknown command '%s'", argv[2]);
        }
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(verb, "--version") || !strcmp(verb, "-V") || !strcmp(verb, "version")) {
        printf("graft %s\n", GRAFT_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (!strcmp(verbs[i].name, verb)) {
            int rc = verbs[i].run(argc - 1, argv + 1);
            if (fflush(stdout) != 0 || ferror(stdout))
                return cli_error("error writing output");
            return rc;
        }
    cli_error("unknown command '%s'", verb);
    usage(stderr);
    return EXIT_ERROR;
}
