/* cmd_langs: the language table. */
#include <getopt.h>
#include <string.h>

#include "cmd/cli.h"
#include "util/json.h"

static const char help[] =
    "usage: graft langs [--json]\n\n"
    "List the supported languages: name, aliases, file extensions and exact file\n"
    "names used for detection, and the grammar package and version built in.\n"
    "Detection order for a file: project languageGlobs (graft.yml or sgconfig.yml),\n"
    "exact file name, extension, then a '#!' interpreter line.\n\n"
    "options:\n"
    "  --json       print a JSON array\n"
    "  -h, --help   show this help\n\n"
    "examples:\n"
    "  graft langs\n"
    "  graft langs --json | jq -r '.[].name'\n";

static void join(gf_buf *b, const char *const *list, const char *prefix)
{
    for (size_t i = 0; list[i]; i++)
        gf_buf_printf(b, "%s%s%s", i ? "," : "", prefix, list[i]);
    if (!list[0])
        gf_buf_adds(b, "-");
}

static void json_list(gf_json *j, const char *key, const char *const *list)
{
    gf_json_key(j, key);
    gf_json_array_begin(j);
    for (size_t i = 0; list[i]; i++)
        gf_json_str(j, list[i]);
    gf_json_array_end(j);
}

int cmd_langs(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'J'}, {"help", no_argument, NULL, 'h'}, {0}};
    bool json = false;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'J')
            json = true;
        else if (c == 'h')
            return fputs(help, stdout), EXIT_OK;
        else
            return cli_bad_option("langs", c, argv);
    }
    if (optind < argc)
        return cli_usage_error("langs", "unexpected argument '%s'", argv[optind]);
    gf_buf out = GF_BUF_INIT;
    if (json) {
        gf_json j;
        gf_json_init(&j, &out, true);
        gf_json_array_begin(&j);
        for (size_t i = 0; i < gf_lang_count(); i++) {
            const gf_lang *l = gf_lang_at(i);
            gf_json_object_begin(&j);
            gf_json_key(&j, "name");
            gf_json_str(&j, l->name);
            json_list(&j, "aliases", l->aliases);
            json_list(&j, "extensions", l->extensions);
            json_list(&j, "filenames", l->filenames);
            json_list(&j, "interpreters", l->interpreters);
            gf_json_key(&j, "package");
            gf_json_str(&j, l->package);
            gf_json_key(&j, "version");
            gf_json_str(&j, l->version);
            gf_json_object_end(&j);
        }
        gf_json_array_end(&j);
        gf_json_release(&j);
        gf_buf_addc(&out, '\n');
    } else {
        gf_buf_printf(&out, "%-11s %-14s %-46s %s\n", "NAME", "ALIASES", "GRAMMAR", "FILES");
        for (size_t i = 0; i < gf_lang_count(); i++) {
            const gf_lang *l = gf_lang_at(i);
            gf_buf al = GF_BUF_INIT, ex = GF_BUF_INIT;
            join(&al, l->aliases, "");
            join(&ex, l->extensions, ".");
            if (l->filenames[0]) {
                gf_buf_addc(&ex, ',');
                join(&ex, l->filenames, "");
            }
            gf_buf gr = GF_BUF_INIT;
            gf_buf_printf(&gr, "%s@%s", l->package, l->version);
            gf_buf_printf(&out, "%-11s %-14s %-46s %s\n", l->name, al.ptr, gr.ptr, ex.ptr);
            gf_buf_release(&gr);
            gf_buf_release(&al);
            gf_buf_release(&ex);
        }
    }
    cli_flush(&out);
    gf_buf_release(&out);
    return EXIT_OK;
}
