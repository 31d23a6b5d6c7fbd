/* cmd_files: list the files graft would visit, like `rg --files`. */
#include <getopt.h>
#include <string.h>

#include "cmd/cli.h"
#include "util/json.h"
#include "util/vec.h"

static const char help[] =
    "usage: graft files [PATH...] [--lang L] [--glob G]... [--hidden] [--no-ignore]\n"
    "                   [--follow] [--max-filesize SIZE] [-j N] [--json]\n\n"
    "List the files graft would visit, one per line, in directory-tree order\n"
    "(bytewise, '/' first), like 'rg --files'. PATH defaults to the current\n"
    "directory. Skipped: entries matched by .gitignore files, .git/info/exclude\n"
    "and core.excludesFile inside a git work tree; entries matched by .ignore\n"
    "files (anywhere, taking precedence over git's files); hidden entries; .git\n"
    "and .agentfs; symbolic links; binary files (NUL in the first 8 KiB) and\n"
    "files over the size limit. Files named explicitly are always listed.\n\n"
    "options:\n"
    "  -l, --lang L          only files of language L (extension, project\n"
    "                        languageGlobs, or '#!' line)\n"
    "  -g, --glob G          include only files matching G (gitignore syntax, relative\n"
    "                        to each PATH); '!G' excludes; repeatable; globs take\n"
    "                        precedence over ignore files and hidden-file rules\n"
    "      --hidden          include hidden files and directories\n"
    "      --no-ignore       do not read .gitignore, .ignore or exclude files\n"
    "  -L, --follow          follow symbolic links (loops are reported and skipped)\n"
    "      --max-filesize S  skip files larger than S (e.g. 512K, 10M; default 8M)\n"
    "  -j, --threads N       worker threads (default: number of CPUs)\n"
    "      --json            print a JSON array of {path, language, size}\n"
    "      --config FILE     project config to read languageGlobs from\n"
    "  -h, --help            show this help\n\n"
    "Files tracked by git despite matching an ignore rule are not listed: graft\n"
    "reads ignore files, not git's index.\n\n"
    "exit status: 0 files listed, 1 none, 2 an error occurred (missing path,\n"
    "unreadable file or directory; the other files are still listed)\n\n"
    "examples:\n"
    "  graft files\n"
    "  graft files src tests --lang python\n"
    "  graft files --glob '*.rs' --glob '!target/**'\n"
    "  graft files --hidden --no-ignore --json\n";

typedef struct files_ctx {
    gf_buf out;
    gf_json j;
    bool json;
    size_t count;
} files_ctx;

static int emit(void *user, const gf_walk_file *f, const gf_buf *unused, const gf_error *err)
{
    (void)unused;
    files_ctx *c = user;
    if (err) {
        cli_report_after(&c->out, err);
        return 0;
    }
    c->count++;
    if (c->json) {
        gf_json_object_begin(&c->j);
        gf_json_key(&c->j, "path");
        gf_json_str(&c->j, f->path);
        gf_json_key(&c->j, "language");
        if (f->lang)
            gf_json_str(&c->j, f->lang->name);
        else
            gf_json_null(&c->j);
        gf_json_key(&c->j, "size");
        gf_json_uint(&c->j, f->size);
        gf_json_object_end(&c->j);
    } else {
        gf_buf_adds(&c->out, f->path);
        gf_buf_addc(&c->out, '\n');
    }
    if (c->out.len > 64 * 1024)
        cli_flush(&c->out);
    return 0;
}

static void warn(void *user, const gf_error *e)
{
    files_ctx *c = user;
    cli_report_after(&c->out, e);
}

int cmd_files(int argc, char **argv)
{
    enum { OPT_HIDDEN = 256, OPT_NOIGNORE, OPT_MAXSIZE, OPT_JSON, OPT_CONFIG };
    static const struct option opts[] = {{"config", required_argument, NULL, OPT_CONFIG},
                                         {"follow", no_argument, NULL, 'L'},
                                         {"glob", required_argument, NULL, 'g'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"hidden", no_argument, NULL, OPT_HIDDEN},
                                         {"json", no_argument, NULL, OPT_JSON},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"max-filesize", required_argument, NULL, OPT_MAXSIZE},
                                         {"no-ignore", no_argument, NULL, OPT_NOIGNORE},
                                         {"threads", required_argument, NULL, 'j'},
                                         {0}};
    gf_walk_opts wo = {0};
    GF_VEC(const char *) globs = GF_VEC_INIT;
    const char *config = NULL;
    files_ctx ctx = {.out = GF_BUF_INIT};
    int c, rc = EXIT_OK;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":g:hj:Ll:", opts, NULL)) != -1) {
        switch (c) {
        case 'g': gf_vec_push(&globs, optarg); break;
        case 'h': fputs(help, stdout); goto out;
        case 'j':
            if (!cli_parse_int(optarg, &wo.threads)) {
                rc = cli_usage_error("files", "invalid thread count '%s'", optarg);
                goto out;
            }
            break;
        case 'L': wo.follow = true; break;
        case 'l':
            if (!(wo.lang = cli_lang(optarg))) {
                rc = EXIT_ERROR;
                goto out;
            }
            break;
        case OPT_HIDDEN: wo.hidden = true; break;
        case OPT_NOIGNORE: wo.no_ignore = true; break;
        case OPT_MAXSIZE:
            if (!cli_parse_size(optarg, &wo.max_filesize) || !wo.max_filesize) {
                rc = cli_usage_error("files", "invalid size '%s' (e.g. 512K, 10M)", optarg);
                goto out;
            }
            break;
        case OPT_JSON: ctx.json = true; break;
        case OPT_CONFIG: config = optarg; break;
        default: rc = cli_bad_option("files", c, argv); goto out;
        }
    }
    gf_langmap *map = NULL;
    gf_error e;
    if ((rc = cli_walk_setup(&wo, argc, argv, globs.items, globs.len, config, &map)) != EXIT_OK)
        goto out;
    if (ctx.json) {
        gf_json_init(&ctx.j, &ctx.out, true);
        gf_json_array_begin(&ctx.j);
    }
    gf_walk_visitor v = {.emit = emit, .user = &ctx};
    size_t problems = 0;
    if (gf_walk(&wo, &v, warn, &ctx, &problems, &e) != 0)
        rc = cli_report(&e);
    if (ctx.json) {
        gf_json_array_end(&ctx.j);
        gf_json_release(&ctx.j);
        gf_buf_addc(&ctx.out, '\n');
    }
    cli_flush(&ctx.out);
    gf_langmap_delete(map);
    if (rc == EXIT_OK)
        rc = problems ? EXIT_ERROR : ctx.count ? EXIT_OK : EXIT_NONE;
out:
    gf_buf_release(&ctx.out);
    gf_vec_release(&globs);
    return rc;
}
