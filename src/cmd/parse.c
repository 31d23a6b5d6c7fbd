/* cmd_parse: dump a file's concrete syntax tree, or list its syntax errors. */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include <tree_sitter/api.h>

#include "cmd/cli.h"
#include "syntax/tree.h"
#include "util/json.h"

static const char help[] =
    "usage: graft parse FILE [--lang L] [--format sexp|json|json-compact|tree] [--named]\n"
    "       graft parse --errors FILE... [--format json|json-compact]\n"
    "       graft parse - --lang L            (read stdin)\n\n"
    "Print the concrete syntax tree of FILE: every node's kind, field name, and\n"
    "range as 0-based [row, column] points (columns in bytes) and byte offsets.\n"
    "With --errors, print each syntax error instead, one per line:\n"
    "  path:line:col: syntax error: unexpected 'text'\n"
    "  path:line:col: syntax error: missing 'token'\n"
    "(line and col 1-based, col in bytes) and exit 1 if there is any, 0 if none.\n\n"
    "options:\n"
    "  -l, --lang L        language (default: detected from the path, project\n"
    "                      languageGlobs, or a '#!' line; required for stdin)\n"
    "  -f, --format F      sexp (default), json (nested objects with ranges in the\n"
    "                      same shape as 'graft find --json'), json-compact, or\n"
    "                      tree (indented, with the text of leaves)\n"
    "      --named         show named nodes only (anonymous tokens are hidden,\n"
    "                      MISSING ones still shown)\n"
    "  -e, --errors        report syntax errors (ERROR and MISSING nodes) instead\n"
    "                      of the tree; with --format json, as a JSON array\n"
    "      --config FILE   project config to read languageGlobs from\n"
    "  -h, --help          show this help\n\n"
    "Indentation stops growing after 128 levels so that very deep trees print in\n"
    "linear space; JSON output replaces invalid UTF-8 in text with U+FFFD.\n\n"
    "examples:\n"
    "  graft parse app.py\n"
    "  graft parse --format tree --named src/main.rs\n"
    "  echo 'x = (1,' | graft parse - --lang python --errors\n"
    "  graft parse --errors $(graft files --lang python)\n";

typedef struct parse_opts {
    const gf_lang *lang;
    gf_tree_format fmt;
    bool named, errors;
    const gf_langmap *langmap;
} parse_opts;

static void issues_text(gf_source *s, const gf_syntax_issues *is, gf_buf *out)
{
    for (size_t i = 0; i < is->len; i++) {
        const gf_syntax_issue *x = &is->items[i];
        gf_buf_printf(out, "%s:%u:%u: syntax error: ", s->path, x->line + 1, x->col + 1);
        if (x->missing)
            gf_buf_printf(out, "missing '%s'\n", x->what);
        else if (x->what[0])
            gf_buf_printf(out, "unexpected '%s'\n", x->what);
        else
            gf_buf_adds(out, "unexpected end of input\n");
    }
}

static void issues_json(gf_source *s, const gf_syntax_issues *is, gf_json *j)
{
    for (size_t i = 0; i < is->len; i++) {
        const gf_syntax_issue *x = &is->items[i];
        uint32_t el, ec;
        gf_source_point(s, x->end, &el, &ec);
        gf_json_object_begin(j);
        gf_json_key(j, "file");
        gf_json_str(j, s->path);
        gf_json_key(j, "kind");
        gf_json_str(j, x->missing ? "missing" : "error");
        gf_json_key(j, "text");
        gf_json_str(j, x->what);
        gf_json_key(j, "range");
        gf_json_range(j, x->start, x->end, x->line, x->col, el, ec);
        gf_json_object_end(j);
    }
}

static void flush_out(void *ctx, gf_buf *out)
{
    (void)ctx;
    cli_flush(out);
}

/* Parses one file; returns EXIT_OK, EXIT_NONE (syntax errors found with
 * --errors) or EXIT_ERROR. Output goes to out; errors to stderr. */
static int parse_one(const char *path, const parse_opts *po, gf_parser *parser, gf_json *ej,
                     gf_buf *out)
{
    gf_source s;
    gf_error e;
    if (gf_source_read(&s, path, 0, &e) != 0)
        return cli_report(&e);
    s.lang = po->lang ? po->lang : gf_lang_detect(po->langmap, path, s.bytes, s.len);
    if (!s.lang) {
        gf_source_release(&s);
        return cli_error("'%s': cannot detect the language; pass --lang (known: %s)", path,
                         gf_lang_names());
    }
    TSTree *tree;
    if (gf_parse(parser, &s, &tree, &e) != 0) {
        gf_source_release(&s);
        return cli_report(&e);
    }
    int rc = EXIT_OK;
    if (po->errors) {
        gf_syntax_issues is = GF_VEC_INIT;
        gf_tree_issues(&s, tree, &is);
        if (ej)
            issues_json(&s, &is, ej);
        else
            issues_text(&s, &is, out);
        rc = is.len ? EXIT_NONE : EXIT_OK;
        gf_vec_release(&is);
    } else {
        gf_tree_render(&s, tree, po->fmt, po->named, out, flush_out, NULL);
    }
    cli_flush(out);
    gf_tree_delete(tree);
    gf_source_release(&s);
    return rc;
}

int cmd_parse(int argc, char **argv)
{
    enum { OPT_NAMED = 256, OPT_CONFIG };
    static const struct option opts[] = {{"config", required_argument, NULL, OPT_CONFIG},
                                         {"errors", no_argument, NULL, 'e'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"named", no_argument, NULL, OPT_NAMED},
                                         {0}};
    parse_opts po = {.fmt = GF_TREE_SEXP};
    const char *config = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":ef:hl:", opts, NULL)) != -1) {
        switch (c) {
        case 'e': po.errors = true; break;
        case 'f':
            if (!strcmp(optarg, "sexp"))
                po.fmt = GF_TREE_SEXP;
            else if (!strcmp(optarg, "json"))
                po.fmt = GF_TREE_JSON;
            else if (!strcmp(optarg, "json-compact"))
                po.fmt = GF_TREE_JSON_COMPACT;
            else if (!strcmp(optarg, "tree"))
                po.fmt = GF_TREE_INDENT;
            else
                return cli_usage_error(
                    "parse", "unknown format '%s' (sexp, json, json-compact, tree)", optarg);
            break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        case 'l':
            if (!(po.lang = cli_lang(optarg)))
                return EXIT_ERROR;
            break;
        case OPT_NAMED: po.named = true; break;
        case OPT_CONFIG: config = optarg; break;
        default: return cli_bad_option("parse", c, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("parse", "missing FILE (use '-' for stdin)");
    if (argc - optind > 1 && !po.errors)
        return cli_usage_error("parse", "several files can only be checked with --errors");
    for (int i = optind; i < argc; i++)
        if (!strcmp(argv[i], "-") && !po.lang)
            return cli_usage_error("parse", "reading stdin needs --lang");

    gf_langmap *map = NULL;
    gf_error e;
    if (!po.lang && gf_langmap_load(".", config, &map, &e) != 0)
        return cli_report(&e);
    po.langmap = map;

    gf_parser *parser = gf_parser_new_batch();
    gf_buf out = GF_BUF_INIT;
    gf_json ej;
    bool json_errors = po.errors && (po.fmt == GF_TREE_JSON || po.fmt == GF_TREE_JSON_COMPACT);
    if (json_errors) {
        gf_json_init(&ej, &out, po.fmt == GF_TREE_JSON);
        gf_json_array_begin(&ej);
    }
    int rc = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        int r = parse_one(argv[i], &po, parser, json_errors ? &ej : NULL, &out);
        if (r > rc)
            rc = r;
    }
    if (json_errors) {
        gf_json_array_end(&ej);
        gf_json_release(&ej);
        gf_buf_addc(&out, '\n');
        cli_flush(&out);
    }
    gf_buf_release(&out);
    gf_parser_delete(parser);
    gf_langmap_delete(map);
    return rc;
}
