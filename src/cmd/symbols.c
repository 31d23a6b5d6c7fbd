/* cmd_symbols, cmd_show: list a file's definitions; print one by name path. */
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <tree_sitter/api.h>

#include "cmd/cli.h"
#include "match/matchout.h"
#include "util/file.h"
#include "util/json.h"
#include "util/vec.h"

/* ---- shared ---- */

/* The first 16 hex digits of the SHA-256 of a symbol's text. */
static void sym_hash(const gf_source *s, const gf_symbol *y, char out[17])
{
    unsigned char sha[32];
    char hex[65];
    gf_sha256(s->bytes + y->start, y->end - y->start, sha);
    gf_sha256_hex(sha, hex);
    memcpy(out, hex, 16);
    out[16] = '\0';
}

static void json_text_or_null(gf_json *j, const char *key, const gf_source *s, uint32_t a,
                              uint32_t b)
{
    gf_json_key(j, key);
    if (a < b)
        gf_json_strn(j, s->bytes + a, b - a);
    else
        gf_json_null(j);
}

/* One symbol as a JSON object (the fields of `graft symbols --json`). */
static void sym_json(gf_json *j, gf_source *s, const gf_symbols *ys, size_t i, bool with_text)
{
    const gf_symbol *y = &ys->items[i];
    char hash[17];
    sym_hash(s, y, hash);
    gf_json_object_begin(j);
    gf_json_key(j, "file");
    gf_json_str(j, s->path);
    gf_json_key(j, "name");
    gf_json_str(j, y->name);
    gf_json_key(j, "name_path");
    gf_json_str(j, y->name_path);
    gf_json_key(j, "kind");
    gf_json_str(j, gf_symkind_name(y->kind));
    gf_json_key(j, "range");
    mo_json_range(j, s, y->start, y->end);
    json_text_or_null(j, "signature", s, y->sig_start, y->sig_end);
    json_text_or_null(j, "docstring", s, y->doc_start, y->doc_end);
    gf_json_key(j, "parent");
    if (y->parent_path)
        gf_json_str(j, y->parent_path);
    else
        gf_json_null(j);
    gf_json_key(j, "id");
    gf_buf id = GF_BUF_INIT;
    gf_buf_printf(&id, "%s::%s", mo_diff_path(s->path), y->name_path);
    gf_json_str(j, id.ptr);
    gf_buf_release(&id);
    gf_json_key(j, "hash");
    gf_json_str(j, hash);
    if (with_text) {
        gf_json_key(j, "text");
        gf_json_strn(j, s->bytes + y->start, y->end - y->start);
        json_text_or_null(j, "body", s, y->body_start, y->body_end);
    }
    gf_json_object_end(j);
}

typedef enum out_mode { OUT_TEXT, OUT_JSON_PRETTY, OUT_JSON_COMPACT, OUT_JSON_STREAM } out_mode;

static bool json_style(const char *arg, out_mode *m)
{
    if (!arg || !strcmp(arg, "pretty"))
        *m = OUT_JSON_PRETTY;
    else if (!strcmp(arg, "compact"))
        *m = OUT_JSON_COMPACT;
    else if (!strcmp(arg, "stream"))
        *m = OUT_JSON_STREAM;
    else
        return false;
    return true;
}

/* ---- graft symbols ---- */

static const char symbols_help[] =
    "usage: graft symbols [PATH...] [--depth N] [--kind K]... [--json[=STYLE]]\n"
    "                     [-l LANG] [-g GLOB]... [-j N]\n\n"
    "List each file's definitions as a tree: classes, functions, methods, fields,\n"
    "types, TOML tables, JSON/YAML top-level keys... with their name paths.\n"
    "A name path joins the enclosing definitions' names with '/':\n"
    "Outer/Inner/method. Definitions with the same name path (overloads, a\n"
    "property's getter and setter) get [1], [2], ... in document order; '/', '['\n"
    "and '\\' inside a name are escaped with '\\'. A Go method is listed under its\n"
    "receiver type (T/Method), a Rust method under its impl's type, a C++\n"
    "A::f definition under A. Ranges include decorators, attributes and\n"
    "annotations.\n\n"
    "Text output: per file, one line per symbol: its 1-based line range, its byte\n"
    "range [start, end), kind and name path, indented by depth. --json prints a\n"
    "flat array in document order; each element has file, name, name_path, kind,\n"
    "range (0-based, as 'graft find --json'),\n"
    "signature (the header up to the body), docstring (Python docstring or the\n"
    "comment right above; null if none), parent (name path or null), id\n"
    "(path::name_path, stable across unrelated edits) and hash (of the text).\n\n"
    "options:\n"
    "  -d, --depth N        only symbols at most N levels deep (1: top level)\n"
    "  -k, --kind K         only symbols of kind K (repeatable): module, namespace,\n"
    "                       class, struct, union, interface, trait, enum, type,\n"
    "                       function, prototype, method, constructor, property,\n"
    "                       field, enum-member, constant, variable, macro, table,\n"
    "                       array-table, key\n"
    "      --json[=STYLE]   JSON: pretty (default), compact, or stream (one object\n"
    "                       per line)\n"
    "  -l, --lang L         only files of language L\n"
    "  -g, --glob G         include/exclude files (gitignore syntax, !G excludes)\n"
    "  -j, --threads N      worker threads (default: CPU count)\n"
    "      --max-filesize S skip larger files (default 64M)\n"
    "  -h, --help           show this help\n\n"
    "exit status: 0 symbols listed, 1 none found, 2 error\n\n"
    "examples:\n"
    "  graft symbols src/app.py\n"
    "  graft symbols --depth 1 --kind class --kind function .\n"
    "  graft symbols --json=stream pyproject.toml | jq .name_path\n";

/* The output of a verb that walks files (symbols, refs): each file's
 * records, joined in path order; JSON records end with \x1e, a message for
 * stderr follows \x1f. */
typedef struct walk_out {
    out_mode mode;
    bool heading; /* text: each file starts with a heading line */
    gf_buf out;
    bool first_json;
    size_t total;
} walk_out;

/* emit for gf_walk: user points to a struct whose first member is a walk_out */
static int walk_emit(void *user, const gf_walk_file *f, const gf_buf *out, const gf_error *err)
{
    walk_out *c = user;
    if (err) {
        cli_report_after(&c->out, err);
        return 0;
    }
    const char *errs = out->len ? memchr(out->ptr, '\x1f', out->len) : NULL;
    size_t len = errs ? (size_t)(errs - out->ptr) : out->len;
    if (errs) {
        cli_flush(&c->out);
        fflush(stdout);
        cli_error("%.*s", (int)(out->len - len - 1), errs + 1);
    }
    if (!len)
        return 0;
    if (c->mode == OUT_TEXT) {
        gf_buf_add(&c->out, out->ptr, len);
        for (size_t i = 0; i < len; i++)
            c->total += out->ptr[i] == '\n';
        c->total -= c->heading;
    } else {
        mo_join_json(&c->out, out->ptr, len,
                     c->mode == OUT_JSON_PRETTY    ? MO_JSON_PRETTY
                     : c->mode == OUT_JSON_COMPACT ? MO_JSON_COMPACT
                                                   : MO_JSON_STREAM,
                     &c->first_json, &c->total);
    }
    if (c->out.len > 64 * 1024)
        cli_flush(&c->out);
    return 0;
}

static void walk_warn(void *user, const gf_error *e)
{
    walk_out *c = user;
    cli_report_after(&c->out, e);
}

static void *sym_worker_new(void *user);
static void sym_worker_free(void *user, void *w);

/* Walks the PATHs of argv (from optind) with visit; user's first member is
 * the walk_out. EXIT_OK (something listed), EXIT_NONE or EXIT_ERROR. */
static int walk_run(walk_out *o, gf_walk_opts *wo, int argc, char **argv, const char *const *globs,
                    size_t nglobs, void (*visit)(void *, void *, const gf_walk_file *, gf_buf *),
                    void *user)
{
    gf_langmap *map = NULL;
    int rc = cli_walk_setup(wo, argc, argv, globs, nglobs, NULL, &map);
    if (rc != EXIT_OK)
        return rc;
    if (o->mode == OUT_JSON_PRETTY || o->mode == OUT_JSON_COMPACT)
        gf_buf_addc(&o->out, '[');
    gf_walk_visitor v = {sym_worker_new, sym_worker_free, visit, walk_emit, user};
    size_t problems = 0;
    gf_error e;
    if (gf_walk(wo, &v, walk_warn, user, &problems, &e) != 0) {
        gf_langmap_delete(map);
        return cli_report_after(&o->out, &e);
    }
    if (o->mode == OUT_JSON_PRETTY)
        gf_buf_adds(&o->out, o->first_json ? "]\n" : "\n]\n");
    else if (o->mode == OUT_JSON_COMPACT)
        gf_buf_adds(&o->out, "]\n");
    cli_flush(&o->out);
    gf_langmap_delete(map);
    return problems ? EXIT_ERROR : o->total ? EXIT_OK : EXIT_NONE;
}

typedef struct sym_ctx {
    walk_out o;
    uint32_t depth; /* 0: any */
    bool kinds[GF_SYM_KIND_COUNT];
    bool any_kind;
} sym_ctx;

static void *sym_worker_new(void *user)
{
    return gf_parser_new_batch();
}

static void sym_worker_free(void *user, void *w)
{
    gf_parser_delete(w);
}

static bool keep(const sym_ctx *c, const gf_symbol *y)
{
    return (!c->depth || y->depth < c->depth) && (!c->any_kind || c->kinds[y->kind]);
}

static void sym_visit(void *user, void *w, const gf_walk_file *f, gf_buf *out)
{
    sym_ctx *c = user;
    if (!f->lang || !gf_symbols_supported(f->lang))
        return;
    gf_source s;
    gf_source_init_mem(&s, f->path, f->data, f->len);
    s.lang = f->lang;
    TSTree *t;
    gf_error e;
    if (gf_parse(w, &s, &t, &e) != 0) {
        mo_problem(out, "%s", e.message);
        gf_source_release(&s);
        return;
    }
    gf_symbols ys = GF_SYMBOLS_INIT;
    if (gf_symbols_extract(&s, t, &ys, &e) != 0) {
        mo_problem(out, "%s", e.message);
    } else if (c->o.mode == OUT_TEXT) {
        bool head = false;
        for (size_t i = 0; i < ys.len; i++) {
            const gf_symbol *y = &ys.items[i];
            if (!keep(c, y))
                continue;
            if (!head)
                gf_buf_printf(out, "%s\n", f->path);
            head = true;
            uint32_t l0, l1, col;
            gf_source_point(&s, y->start, &l0, &col);
            gf_source_point(&s, y->end > y->start ? y->end - 1 : y->end, &l1, &col);
            char lines[32];
            char bytes[32];
            snprintf(lines, sizeof lines, "%u-%u", l0 + 1, l1 + 1);
            snprintf(bytes, sizeof bytes, "%u-%u", y->start, y->end);
            gf_buf_printf(out, "  %-11s %-15s %*s%s %s\n", lines, bytes, (int)(2 * y->depth), "",
                          gf_symkind_name(y->kind), y->name_path);
        }
    } else {
        gf_json j;
        gf_json_init(&j, out, c->o.mode == OUT_JSON_PRETTY);
        for (size_t i = 0; i < ys.len; i++) {
            if (!keep(c, &ys.items[i]))
                continue;
            sym_json(&j, &s, &ys, i, false);
            gf_buf_addc(out, '\x1e');
        }
        gf_json_release(&j);
    }
    gf_symbols_release(&ys);
    gf_tree_delete(t);
    gf_source_release(&s);
}

int cmd_symbols(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_MAXSIZE };
    static const struct option opts[] = {{"depth", required_argument, NULL, 'd'},
                                         {"glob", required_argument, NULL, 'g'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"json", optional_argument, NULL, OPT_JSON},
                                         {"kind", required_argument, NULL, 'k'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"max-filesize", required_argument, NULL, OPT_MAXSIZE},
                                         {"threads", required_argument, NULL, 'j'},
                                         {0}};
    sym_ctx c = {.o = {.mode = OUT_TEXT, .heading = true, .out = GF_BUF_INIT, .first_json = true}};
    gf_walk_opts wo = {
        .read_full = true, .max_filesize = CLI_SEARCH_MAX_FILESIZE, .warn_too_big = true};
    GF_VEC(const char *) globs = GF_VEC_INIT;
    int opt, n, rc = EXIT_OK;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":d:g:hj:k:l:", opts, NULL)) != -1) {
        switch (opt) {
        case 'd':
            if (!cli_parse_int(optarg, &n)) {
                rc = cli_usage_error("symbols", "invalid --depth '%s'", optarg);
                goto out;
            }
            c.depth = (uint32_t)n;
            break;
        case 'g': gf_vec_push(&globs, optarg); break;
        case 'h': fputs(symbols_help, stdout); goto out;
        case 'j':
            if (!cli_parse_int(optarg, &wo.threads)) {
                rc = cli_usage_error("symbols", "invalid thread count '%s'", optarg);
                goto out;
            }
            break;
        case 'k': {
            int k = gf_symkind_find(optarg);
            if (k < 0 || k == GF_SYM_IMPL) {
                rc = cli_usage_error("symbols", "unknown kind '%s'", optarg);
                goto out;
            }
            c.kinds[k] = c.any_kind = true;
            break;
        }
        case 'l':
            if (!(wo.lang = cli_lang(optarg))) {
                rc = EXIT_ERROR;
                goto out;
            }
            break;
        case OPT_JSON:
            if (!json_style(optarg, &c.o.mode)) {
                rc = cli_usage_error("symbols", "unknown JSON style '%s' (pretty, compact, stream)",
                                     optarg);
                goto out;
            }
            break;
        case OPT_MAXSIZE:
            if (!cli_parse_size(optarg, &wo.max_filesize)) {
                rc = cli_usage_error("symbols", "invalid --max-filesize '%s'", optarg);
                goto out;
            }
            break;
        default: rc = cli_bad_option("symbols", opt, argv); goto out;
        }
    }
    /* A file named explicitly must be one graft can list. */
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISREG(st.st_mode) && !wo.lang) {
            const gf_lang *l = gf_lang_detect(NULL, argv[i], NULL, 0);
            if (l && !gf_symbols_supported(l)) {
                rc = cli_error("'%s': no symbol support for %s", argv[i], l->name);
                goto out;
            }
        }
    }
    rc = walk_run(&c.o, &wo, argc, argv, globs.items, globs.len, sym_visit, &c);
out:
    gf_buf_release(&c.o.out);
    gf_vec_release(&globs);
    return rc;
}

/* ---- graft show ---- */

static const char show_help[] =
    "usage: graft show FILE::NAME_PATH... [--signature | --body | --docstring]\n"
    "                  [--json[=STYLE]] [-l LANG]\n\n"
    "Print the source of the definition at NAME_PATH in FILE (see 'graft symbols'\n"
    "for name paths). 'name' matches a definition of that name at any depth;\n"
    "'a/b' matches name paths ending in a/b; '/a/b' must match from the file's\n"
    "top level; 'f[2]' picks the second of several definitions named f. The\n"
    "text is the whole definition, decorators and annotations included, from the\n"
    "start of its first line.\n\n"
    "When nothing matches, or more than one definition does, nothing is printed:\n"
    "the message lists the candidates (name path, kind, lines) and the exit\n"
    "status is 2. Never an empty success.\n\n"
    "options:\n"
    "      --signature     only the header (up to the body)\n"
    "      --body          only the body\n"
    "      --docstring     only the docstring or leading comment (exit 1 if none)\n"
    "      --json[=STYLE]  the symbol as 'graft symbols --json' shows it, plus text\n"
    "                      and body\n"
    "  -l, --lang L        language (default: detected from the file)\n"
    "  -h, --help          show this help\n\n"
    "examples:\n"
    "  graft show src/app.py::App/run\n"
    "  graft show src/app.py::/App --signature\n"
    "  graft show main.go::Server/ServeHTTP --json\n";

typedef enum show_part { PART_ALL, PART_SIGNATURE, PART_BODY, PART_DOC } show_part;

/* FILE::NAME_PATH: split at the first "::" whose left side is a file. */
static bool split_spec(const char *spec, char **file, const char **query)
{
    const char *first = NULL;
    for (const char *p = strstr(spec, "::"); p; p = strstr(p + 1, "::")) {
        if (!first)
            first = p;
        char *f = gf_memdup(spec, (size_t)(p - spec));
        f[p - spec] = '\0';
        struct stat st;
        if (stat(f, &st) == 0 && !S_ISDIR(st.st_mode)) {
            *file = f;
            *query = p + 2;
            return true;
        }
        gf_free(f);
    }
    if (!first)
        return false;
    *file = gf_memdup(spec, (size_t)(first - spec));
    (*file)[first - spec] = '\0';
    *query = first + 2;
    return true;
}

/* "  Foo/bar  method  lines 3-9" for each symbol in idx. */
static void list_candidates(gf_buf *b, gf_source *s, const gf_symbols *ys, const size_t *idx,
                            size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const gf_symbol *y = &ys->items[idx[k]];
        uint32_t l0, l1, col;
        gf_source_point(s, y->start, &l0, &col);
        gf_source_point(s, y->end > y->start ? y->end - 1 : y->end, &l1, &col);
        gf_buf_printf(b, "\n  %s  %s  lines %u-%u", y->name_path, gf_symkind_name(y->kind), l0 + 1,
                      l1 + 1);
    }
}

static bool ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return false;
}

/* The last component of a name path query, without an index. */
static void last_name(const char *q, gf_buf *out)
{
    const char *last = q;
    for (const char *p = q; *p; p++) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == '/')
            last = p + 1;
    }
    size_t n = strlen(last);
    if (n && last[n - 1] == ']') {
        const char *lb = strrchr(last, '[');
        if (lb)
            n = (size_t)(lb - last);
    }
    gf_buf_add(out, last, n);
}

/* A FILE::NAME_PATH resolved to exactly one symbol. */
typedef struct resolved {
    char *file;
    gf_source s;
    TSTree *t;
    gf_symbols ys;
    size_t index;
} resolved;

static void resolved_release(resolved *r)
{
    gf_symbols_release(&r->ys);
    if (r->t)
        gf_tree_delete(r->t);
    gf_source_release(&r->s);
    gf_free(r->file);
}

/* Resolves spec for verb; EXIT_OK, or EXIT_ERROR with the message printed
 * (after flushing out) and r released. */
static int resolve(const char *verb, const char *spec, const gf_lang *lang, gf_parser *parser,
                   resolved *r, gf_buf *out)
{
    memset(r, 0, sizeof *r);
    const char *query = NULL;
    if (!split_spec(spec, &r->file, &query) || !*query || !*r->file) {
        gf_free(r->file);
        r->file = NULL;
        return cli_usage_error(verb, "'%s' is not FILE::NAME_PATH", spec);
    }
    const char *file = r->file;
    gf_error e;
    int rc = EXIT_OK;
    if (gf_source_read(&r->s, file, CLI_SEARCH_MAX_FILESIZE, &e) != 0) {
        gf_free(r->file);
        r->file = NULL;
        return cli_report(&e);
    }
    gf_langmap *map = NULL;
    if (!lang && gf_langmap_load(".", NULL, &map, &e) != 0) {
        resolved_release(r);
        return cli_report(&e);
    }
    r->s.lang = lang ? lang : gf_lang_detect(map, file, r->s.bytes, r->s.len);
    gf_langmap_delete(map);
    gf_symbols *ys = &r->ys;
    GF_VEC(size_t) hits = GF_VEC_INIT;
    if (!r->s.lang) {
        rc = cli_error("'%s': cannot detect the language; pass --lang (known: %s)", file,
                       gf_lang_names());
        goto done;
    }
    if (!gf_symbols_supported(r->s.lang)) {
        rc = cli_error("'%s': no symbol support for %s", file, r->s.lang->name);
        goto done;
    }
    if (gf_parse(parser, &r->s, &r->t, &e) != 0 || gf_symbols_extract(&r->s, r->t, ys, &e) != 0) {
        rc = cli_report(&e);
        goto done;
    }
    for (size_t i = 0; i < ys->len; i++)
        if (gf_symbol_matches(ys, i, query))
            gf_vec_push(&hits, i);
    if (hits.len != 1) {
        gf_buf msg = GF_BUF_INIT;
        if (hits.len) {
            gf_buf_printf(&msg, "'%s' matches %zu definitions in '%s'; name one:", query, hits.len,
                          file);
            list_candidates(&msg, &r->s, ys, hits.items, hits.len);
        } else {
            gf_buf_printf(&msg, "no definition '%s' in '%s'", query, file);
            gf_buf name = GF_BUF_INIT;
            last_name(query, &name);
            for (size_t i = 0; i < ys->len; i++)
                if (name.len && ci_contains(ys->items[i].name, name.ptr))
                    gf_vec_push(&hits, i);
            gf_buf_release(&name);
            /* "A/missing": what A holds */
            const char *slash = NULL;
            for (const char *p = query; *p; p++) {
                if (*p == '\\' && p[1])
                    p++;
                else if (*p == '/' && p != query)
                    slash = p;
            }
            if (!hits.len && slash) {
                char *parent = gf_memdup(query, (size_t)(slash - query));
                parent[slash - query] = '\0';
                for (size_t i = 0; i < ys->len && hits.len < 40; i++) {
                    int pi = ys->items[i].parent;
                    if (pi >= 0 && gf_symbol_matches(ys, (size_t)pi, parent))
                        gf_vec_push(&hits, i);
                }
                gf_free(parent);
            }
            if (!hits.len)
                for (size_t i = 0; i < ys->len && hits.len < 40; i++)
                    if (!ys->items[i].depth)
                        gf_vec_push(&hits, i);
            if (hits.len) {
                gf_buf_adds(&msg, "; candidates:");
                list_candidates(&msg, &r->s, ys, hits.items, hits.len);
            } else {
                gf_buf_adds(&msg, " (the file has no definitions)");
            }
        }
        cli_flush(out);
        rc = cli_error("%s", msg.ptr);
        gf_buf_release(&msg);
        goto done;
    }
    r->index = hits.items[0];
done:
    gf_vec_release(&hits);
    if (rc != EXIT_OK)
        resolved_release(r);
    return rc;
}

/* Resolves one FILE::NAME_PATH and prints it; EXIT_OK, EXIT_NONE (no
 * docstring) or EXIT_ERROR. */
static int show_one(const char *spec, const gf_lang *lang, show_part part, out_mode mode,
                    gf_parser *parser, gf_json *j, bool *first, gf_buf *out)
{
    resolved r;
    int rc = resolve("show", spec, lang, parser, &r, out);
    if (rc != EXIT_OK)
        return rc;
    const gf_symbol *y = &r.ys.items[r.index];
    if (mode != OUT_TEXT) {
        if (mode != OUT_JSON_STREAM && !*first)
            gf_buf_adds(out, mode == OUT_JSON_PRETTY ? ",\n" : ",");
        else if (mode == OUT_JSON_PRETTY)
            gf_buf_addc(out, '\n');
        *first = false;
        sym_json(j, &r.s, &r.ys, r.index, true);
        if (mode == OUT_JSON_STREAM)
            gf_buf_addc(out, '\n');
        goto done;
    }
    uint32_t a = y->start, b = y->end;
    switch (part) {
    case PART_SIGNATURE: a = y->sig_start, b = y->sig_end; break;
    case PART_BODY: a = y->body_start, b = y->body_end; break;
    case PART_DOC: a = y->doc_start, b = y->doc_end; break;
    default: break;
    }
    if (a >= b) {
        cli_flush(out);
        rc = part == PART_DOC ? EXIT_NONE : EXIT_ERROR;
        cli_error("'%s' in '%s' has no %s", y->name_path, r.file,
                  part == PART_DOC ? "docstring or leading comment" : "body");
        goto done;
    }
    /* from the start of the line when only indentation precedes */
    uint32_t ls = a;
    while (ls > 0 && (r.s.bytes[ls - 1] == ' ' || r.s.bytes[ls - 1] == '\t'))
        ls--;
    if (ls == 0 || r.s.bytes[ls - 1] == '\n')
        a = ls;
    gf_buf_add(out, r.s.bytes + a, b - a);
    if (r.s.bytes[b - 1] != '\n')
        gf_buf_addc(out, '\n');
done:
    resolved_release(&r);
    return rc;
}

int cmd_show(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_SIG, OPT_BODY, OPT_DOC };
    static const struct option opts[] = {{"body", no_argument, NULL, OPT_BODY},
                                         {"docstring", no_argument, NULL, OPT_DOC},
                                         {"help", no_argument, NULL, 'h'},
                                         {"json", optional_argument, NULL, OPT_JSON},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"signature", no_argument, NULL, OPT_SIG},
                                         {0}};
    out_mode mode = OUT_TEXT;
    show_part part = PART_ALL;
    const gf_lang *lang = NULL;
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":hl:", opts, NULL)) != -1) {
        switch (opt) {
        case 'h': fputs(show_help, stdout); return EXIT_OK;
        case 'l':
            if (!(lang = cli_lang(optarg)))
                return EXIT_ERROR;
            break;
        case OPT_JSON:
            if (!json_style(optarg, &mode))
                return cli_usage_error("show", "unknown JSON style '%s' (pretty, compact, stream)",
                                       optarg);
            break;
        case OPT_SIG:
        case OPT_BODY:
        case OPT_DOC: {
            show_part p = opt == OPT_SIG ? PART_SIGNATURE : opt == OPT_BODY ? PART_BODY : PART_DOC;
            if (part != PART_ALL && part != p)
                return cli_usage_error("show", "--signature, --body and --docstring exclude "
                                               "each other");
            part = p;
            break;
        }
        default: return cli_bad_option("show", opt, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("show", "missing FILE::NAME_PATH");
    if (mode != OUT_TEXT && part != PART_ALL)
        return cli_usage_error("show", "--json prints every part; leave out --%s",
                               part == PART_SIGNATURE ? "signature"
                               : part == PART_BODY    ? "body"
                                                      : "docstring");
    gf_parser *parser = gf_parser_new();
    gf_buf out = GF_BUF_INIT;
    gf_json j;
    gf_json_init(&j, &out, mode == OUT_JSON_PRETTY);
    bool first = true;
    if (mode == OUT_JSON_PRETTY || mode == OUT_JSON_COMPACT)
        gf_buf_addc(&out, '[');
    int rc = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        int r = show_one(argv[i], lang, part, mode, parser, &j, &first, &out);
        if (r > rc)
            rc = r;
    }
    if (mode == OUT_JSON_PRETTY)
        gf_buf_adds(&out, first ? "]\n" : "\n]\n");
    else if (mode == OUT_JSON_COMPACT)
        gf_buf_adds(&out, "]\n");
    cli_flush(&out);
    gf_json_release(&j);
    gf_buf_release(&out);
    gf_parser_delete(parser);
    return rc;
}

/* ---- graft splice ---- */

static const char splice_help[] =
    "usage: graft splice FILE::NAME_PATH (--replace | --insert-before | --insert-after |\n"
    "                    --delete) [--with FILE | --text TEXT] [--write] [--allow-errors]\n"
    "                    [--json[=STYLE]] [-l LANG]\n\n"
    "Edit one definition, found by name path as 'graft show' finds it (exactly one\n"
    "must match, or nothing changes and the candidates are listed):\n\n"
    "  --replace        the whole definition (decorators and signature included)\n"
    "                   becomes the new text, re-indented to the definition's\n"
    "                   indentation\n"
    "  --insert-before  the new text becomes a sibling before the definition (and\n"
    "  --insert-after   its leading comment), or after it, separated by the blank\n"
    "                   lines of its neighbours: PEP 8 in Python (two around\n"
    "                   top-level definitions, one between methods), elsewhere the\n"
    "                   gap the file already uses\n"
    "  --delete         removes the definition, its leading comment and the blank\n"
    "                   lines it owned: --insert-after then --delete of the inserted\n"
    "                   definition gives back the original file byte for byte\n\n"
    "The new text comes from --with FILE ('-' for stdin) or --text. Its common\n"
    "indentation is removed and its relative indentation converted to the file's\n"
    "(when the file indents only with tabs, or only with spaces); it takes the\n"
    "file's line endings (LF or CRLF).\n\n"
    "Without --write, prints the unified diff and changes nothing. With --write,\n"
    "the file goes through graft's edit commit path (atomic; refused if the file\n"
    "changed since it was read) and the diff is printed. An edit that would add\n"
    "syntax errors is refused unless --allow-errors.\n\n"
    "options:\n"
    "      --with FILE      the new text from FILE, or stdin with '-'\n"
    "      --text TEXT      the new text\n"
    "  -w, --write          apply the change\n"
    "      --allow-errors   apply even when the result has new syntax errors\n"
    "      --json[=STYLE]   {file, name_path, action, changed, written, diff}\n"
    "  -l, --lang L         language (default: detected from the file)\n"
    "  -h, --help           show this help\n\n"
    "exit status: 0 changed (or proposed), 2 error or refused\n\n"
    "examples:\n"
    "  graft splice app.py::Cart/total --replace --with new_total.py --write\n"
    "  printf 'def helper():\\n    return 1\\n' | graft splice app.py::main --insert-before --with "
    "-\n"
    "  graft splice server.go::Server/legacyHandler --delete --write\n";

static const char *const splice_actions[] = {"replace", "insert-before", "insert-after", "delete"};

int cmd_splice(int argc, char **argv)
{
    enum {
        OPT_JSON = 256,
        OPT_WITH,
        OPT_TEXT,
        OPT_ALLOW,
        OPT_REPLACE,
        OPT_BEFORE,
        OPT_AFTER,
        OPT_DELETE
    };
    static const struct option opts[] = {{"allow-errors", no_argument, NULL, OPT_ALLOW},
                                         {"delete", no_argument, NULL, OPT_DELETE},
                                         {"help", no_argument, NULL, 'h'},
                                         {"insert-after", no_argument, NULL, OPT_AFTER},
                                         {"insert-before", no_argument, NULL, OPT_BEFORE},
                                         {"json", optional_argument, NULL, OPT_JSON},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"replace", no_argument, NULL, OPT_REPLACE},
                                         {"text", required_argument, NULL, OPT_TEXT},
                                         {"with", required_argument, NULL, OPT_WITH},
                                         {"write", no_argument, NULL, 'w'},
                                         {0}};
    out_mode mode = OUT_TEXT;
    const gf_lang *lang = NULL;
    const char *with = NULL, *text_arg = NULL;
    bool write = false, allow = false;
    int op = -1, opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":hl:w", opts, NULL)) != -1) {
        switch (opt) {
        case 'h': fputs(splice_help, stdout); return EXIT_OK;
        case 'l':
            if (!(lang = cli_lang(optarg)))
                return EXIT_ERROR;
            break;
        case 'w': write = true; break;
        case OPT_ALLOW: allow = true; break;
        case OPT_WITH: with = optarg; break;
        case OPT_TEXT: text_arg = optarg; break;
        case OPT_JSON:
            if (!json_style(optarg, &mode))
                return cli_usage_error("splice",
                                       "unknown JSON style '%s' (pretty, compact, stream)", optarg);
            break;
        case OPT_REPLACE:
        case OPT_BEFORE:
        case OPT_AFTER:
        case OPT_DELETE: {
            int o = opt - OPT_REPLACE;
            if (op >= 0 && op != o)
                return cli_usage_error("splice", "choose one of --replace, --insert-before, "
                                                 "--insert-after, --delete");
            op = o;
            break;
        }
        default: return cli_bad_option("splice", opt, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("splice", "missing FILE::NAME_PATH");
    if (argc - optind > 1)
        return cli_usage_error("splice", "one FILE::NAME_PATH at a time");
    if (op < 0)
        return cli_usage_error("splice", "say what to do: --replace, --insert-before, "
                                         "--insert-after or --delete");
    if (op == GF_SPLICE_DELETE && (with || text_arg))
        return cli_usage_error("splice", "--delete takes no new text");
    if (op != GF_SPLICE_DELETE && !with == !text_arg)
        return cli_usage_error("splice", "give the new text with --with FILE or --text TEXT");
    gf_buf text = GF_BUF_INIT, out = GF_BUF_INIT;
    gf_error e;
    if (with && (!strcmp(with, "-") ? gf_read_fd(0, "<stdin>", 64u << 20, &text, &e)
                                    : gf_read_file(with, 64u << 20, 0, &text, NULL, &e)) != 0) {
        gf_buf_release(&text);
        return cli_report(&e);
    }
    if (text_arg)
        gf_buf_adds(&text, text_arg);
    gf_parser *parser = gf_parser_new();
    resolved r;
    int rc = resolve("splice", argv[optind], lang, parser, &r, &out);
    if (rc != EXIT_OK)
        goto out;
    gf_splice sp;
    if (gf_splice_plan(&r.s, &r.ys, r.index, (gf_splice_op)op, text.ptr, text.len, &sp, &e) != 0) {
        rc = cli_error("'%s': %s", r.file, e.message);
        resolved_release(&r);
        goto out;
    }
    bool changed = sp.end - sp.start != sp.len || memcmp(r.s.bytes + sp.start, sp.text, sp.len);
    gf_buf res = GF_BUF_INIT;
    if (changed) {
        gf_editset *es = gf_editset_new(r.file, r.s.bytes, r.s.len);
        gf_editset_add(es, sp.start, sp.end, sp.text, sp.len, NULL);
        mo_apply_edits(parser, &r.s, r.t, es, allow, true, write, &res);
        gf_editset_delete(es);
    }
    const char *errs = res.len ? memchr(res.ptr, '\x1f', res.len) : NULL;
    size_t dlen = errs ? (size_t)(errs - res.ptr) : res.len;
    if (errs) {
        rc = cli_error("%.*s", (int)(res.len - dlen - 1), errs + 1);
    } else if (mode == OUT_TEXT) {
        gf_buf_add(&out, res.ptr, dlen);
    } else {
        gf_json j;
        gf_json_init(&j, &out, mode == OUT_JSON_PRETTY);
        if (mode != OUT_JSON_STREAM)
            gf_json_array_begin(&j);
        gf_json_object_begin(&j);
        gf_json_key(&j, "file");
        gf_json_str(&j, r.s.path);
        gf_json_key(&j, "name_path");
        gf_json_str(&j, r.ys.items[r.index].name_path);
        gf_json_key(&j, "action");
        gf_json_str(&j, splice_actions[op]);
        gf_json_key(&j, "changed");
        gf_json_bool(&j, changed);
        gf_json_key(&j, "written");
        gf_json_bool(&j, changed && write);
        gf_json_key(&j, "diff");
        gf_json_strn(&j, res.ptr ? res.ptr : "", dlen);
        gf_json_object_end(&j);
        if (mode != OUT_JSON_STREAM)
            gf_json_array_end(&j);
        gf_json_release(&j);
        gf_buf_addc(&out, '\n');
    }
    gf_buf_release(&res);
    gf_free(sp.text);
    resolved_release(&r);
out:
    cli_flush(&out);
    gf_buf_release(&out);
    gf_buf_release(&text);
    gf_parser_delete(parser);
    return rc;
}

/* ---- graft refs ---- */

static const char refs_help[] =
    "usage: graft refs NAME [PATH...] [--kind K]... [--json[=STYLE]] [-l LANG]\n"
    "                  [-g GLOB]... [-j N]\n\n"
    "Find the places that use NAME, by name: calls, type uses (annotations, base\n"
    "classes, ...), imports, and other uses of the identifier, each with the\n"
    "definition it sits in (its name path, as 'graft symbols' lists it). The\n"
    "definitions named NAME themselves are not listed. This is name-based, not\n"
    "scope-aware: a different 'run' in another class counts too.\n\n"
    "Text output: path:line:col: kind in NAME_PATH: the line. --json prints\n"
    "objects with file, name, kind, range (as 'graft find --json'), symbol (name\n"
    "path or null), symbol_kind, line (the text of the line).\n\n"
    "options:\n"
    "  -k, --kind K         only references of kind K (repeatable): call, type,\n"
    "                       import, name\n"
    "      --json[=STYLE]   pretty (default), compact, or stream\n"
    "  -l, --lang L         only files of language L\n"
    "  -g, --glob G         include/exclude files (gitignore syntax, !G excludes)\n"
    "  -j, --threads N      worker threads (default: CPU count)\n"
    "  -h, --help           show this help\n\n"
    "exit status: 0 references found, 1 none, 2 error\n\n"
    "examples:\n"
    "  graft refs fetch src\n"
    "  graft refs Cart --kind type --kind import --json=stream\n";

typedef struct refs_ctx {
    walk_out o;
    const char *name;
    size_t name_len;
    bool kinds[GF_REF_NAME + 1], any_kind;
} refs_ctx;

static void refs_visit(void *user, void *w, const gf_walk_file *f, gf_buf *out)
{
    refs_ctx *c = user;
    if (!f->lang || !gf_refs_supported(f->lang) || !memmem(f->data, f->len, c->name, c->name_len))
        return;
    gf_source s;
    gf_source_init_mem(&s, f->path, f->data, f->len);
    s.lang = f->lang;
    TSTree *t;
    gf_error e;
    if (gf_parse(w, &s, &t, &e) != 0) {
        mo_problem(out, "%s", e.message);
        gf_source_release(&s);
        return;
    }
    gf_symbols ys = GF_SYMBOLS_INIT;
    gf_refs rs = {0};
    if (gf_symbols_supported(s.lang) && gf_symbols_extract(&s, t, &ys, &e) != 0)
        mo_problem(out, "%s", e.message);
    else if (gf_refs_find(&s, t, c->name, &ys, &rs, &e) != 0)
        mo_problem(out, "%s", e.message);
    gf_json j;
    gf_json_init(&j, out, c->o.mode == OUT_JSON_PRETTY);
    for (size_t i = 0; i < rs.len; i++) {
        const gf_ref *r = &rs.items[i];
        if (c->any_kind && !c->kinds[r->kind])
            continue;
        const gf_symbol *y = r->symbol >= 0 ? &ys.items[r->symbol] : NULL;
        size_t ls, le;
        mo_line_bounds(&s, r->start, r->end, &ls, &le);
        while (le > ls && (s.bytes[le - 1] == '\n' || s.bytes[le - 1] == '\r'))
            le--;
        if (c->o.mode == OUT_TEXT) {
            uint32_t line, col;
            mo_char_point(&s, r->start, &line, &col);
            gf_buf_printf(out, "%s:%u:%u: %s in %s: %.*s\n", f->path, line + 1, col + 1,
                          gf_refkind_name(r->kind), y ? y->name_path : "(top level)",
                          (int)(le - ls), s.bytes + ls);
        } else {
            gf_json_object_begin(&j);
            gf_json_key(&j, "file");
            gf_json_str(&j, f->path);
            gf_json_key(&j, "name");
            gf_json_str(&j, c->name);
            gf_json_key(&j, "kind");
            gf_json_str(&j, gf_refkind_name(r->kind));
            gf_json_key(&j, "range");
            mo_json_range(&j, &s, r->start, r->end);
            gf_json_key(&j, "symbol");
            if (y)
                gf_json_str(&j, y->name_path);
            else
                gf_json_null(&j);
            gf_json_key(&j, "symbol_kind");
            if (y)
                gf_json_str(&j, gf_symkind_name(y->kind));
            else
                gf_json_null(&j);
            gf_json_key(&j, "line");
            gf_json_strn(&j, s.bytes + ls, le - ls);
            gf_json_object_end(&j);
            gf_buf_addc(out, '\x1e');
        }
    }
    gf_json_release(&j);
    gf_refs_release(&rs);
    gf_symbols_release(&ys);
    gf_tree_delete(t);
    gf_source_release(&s);
}

int cmd_refs(int argc, char **argv)
{
    enum { OPT_JSON = 256 };
    static const struct option opts[] = {{"glob", required_argument, NULL, 'g'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"json", optional_argument, NULL, OPT_JSON},
                                         {"kind", required_argument, NULL, 'k'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {0}};
    refs_ctx c = {.o = {.mode = OUT_TEXT, .out = GF_BUF_INIT, .first_json = true}};
    gf_walk_opts wo = {
        .read_full = true, .max_filesize = CLI_SEARCH_MAX_FILESIZE, .warn_too_big = true};
    GF_VEC(const char *) globs = GF_VEC_INIT;
    int opt, rc = EXIT_OK;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":g:hj:k:l:", opts, NULL)) != -1) {
        switch (opt) {
        case 'g': gf_vec_push(&globs, optarg); break;
        case 'h': fputs(refs_help, stdout); goto out;
        case 'j':
            if (!cli_parse_int(optarg, &wo.threads)) {
                rc = cli_usage_error("refs", "invalid thread count '%s'", optarg);
                goto out;
            }
            break;
        case 'k': {
            int k = -1;
            for (int i = 0; i <= GF_REF_NAME; i++)
                if (!strcmp(optarg, gf_refkind_name((gf_refkind)i)))
                    k = i;
            if (k < 0) {
                rc =
                    cli_usage_error("refs", "unknown kind '%s' (call, type, import, name)", optarg);
                goto out;
            }
            c.kinds[k] = c.any_kind = true;
            break;
        }
        case 'l':
            if (!(wo.lang = cli_lang(optarg))) {
                rc = EXIT_ERROR;
                goto out;
            }
            break;
        case OPT_JSON:
            if (!json_style(optarg, &c.o.mode)) {
                rc = cli_usage_error("refs", "unknown JSON style '%s' (pretty, compact, stream)",
                                     optarg);
                goto out;
            }
            break;
        default: rc = cli_bad_option("refs", opt, argv); goto out;
        }
    }
    if (optind >= argc) {
        rc = cli_usage_error("refs", "missing NAME");
        goto out;
    }
    c.name = argv[optind++];
    c.name_len = strlen(c.name);
    if (!c.name_len) {
        rc = cli_usage_error("refs", "NAME is empty");
        goto out;
    }
    rc = walk_run(&c.o, &wo, argc, argv, globs.items, globs.len, refs_visit, &c);
out:
    gf_buf_release(&c.o.out);
    gf_vec_release(&globs);
    return rc;
}
