/* cmd_find: structural search with ast-grep patterns. */
#include <getopt.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tree_sitter/api.h>

#include "cmd/cli.h"
#include "match/matchout.h"
#include "graft/match.h"
#include "syntax/tree.h"
#include "util/diff.h"
#include "util/json.h"
#include "util/vec.h"

static const char help[] =
    "usage: graft find PATTERN [PATH...] [-l LANG] [--selector KIND] [--strictness S]\n"
    "                  [--json[=pretty|stream|compact]] [--count] [--files-with-matches]\n"
    "                  [--max-count N] [-A N] [-B N] [-C N] [--color WHEN] [-g GLOB]... [-j N]\n\n"
    "Find code matching an ast-grep pattern. The pattern is parsed as a snippet of\n"
    "each file's language: $NAME matches one named node, $$NAME any single node,\n"
    "$$$NAME zero or more sibling nodes; $_ and $$$ match without capturing. A\n"
    "variable used twice must match equal code both times. Without -l the\n"
    "language comes from each file and the pattern is compiled once per language\n"
    "met; files whose language cannot parse the pattern are skipped.\n\n"
    "options:\n"
    "  -l, --lang L            search only files of language L (and parse the pattern as L)\n"
    "      --selector KIND     the pattern is a context; match its first KIND node\n"
    "      --strictness S      smart (default), cst, ast, relaxed, signature, template\n"
    "      --json[=STYLE]      ast-grep's JSON: pretty (default) array, compact array,\n"
    "                          or stream (one object per line); lines/columns 0-based,\n"
    "                          columns in characters\n"
    "  -c, --count             print path:count per file with matches\n"
    "      --files-with-matches  print only the paths of files with matches\n"
    "  -m, --max-count N       stop after N matches per file\n"
    "  -A/-B/-C N              show N lines of context after/before/around matches\n"
    "      --color WHEN        auto (default: on a terminal, unless NO_COLOR is set),\n"
    "                          always, never\n"
    "  -g, --glob G            include/exclude files (gitignore syntax; '!G' excludes)\n"
    "      --hidden, --no-ignore, --follow   as for 'graft files'\n"
    "      --max-filesize S    skip (and name on stderr) files larger than S\n"
    "                          (e.g. 512K, 100M; default 64M)\n"
    "  -j, --threads N         worker threads (default: number of CPUs)\n"
    "  -h, --help              show this help\n\n"
    "Text output, as ripgrep: path:line:col:text for the first line of each match,\n"
    "path:line:text for its other lines, path-line-text for context lines, and\n"
    "\"--\" between groups of lines that are not contiguous; each line is printed\n"
    "once (lines and columns 1-based, columns in characters).\n\n"
    "exit status: 0 matches found, 1 none, 2 error (bad pattern, bad path, I/O)\n\n"
    "examples:\n"
    "  graft find 'print($$$ARGS)' src\n"
    "  graft find -l go 'errors.Wrap($E, $$$)' --json=stream\n"
    "  graft find '$A == $A' --count\n"
    "  graft find --selector pair -l javascript '{ $K: $V }'\n";

typedef enum out_mode {
    OUT_TEXT,
    OUT_JSON_PRETTY,
    OUT_JSON_COMPACT,
    OUT_JSON_STREAM,
    OUT_COUNT,
    OUT_FILES
} out_mode;

/* Pattern compiled per language on first use; shared by the workers. */
typedef struct lang_slot {
    bool tried;
    gf_pattern *pat;
    gf_error err;
} lang_slot;

typedef struct find_ctx {
    const char *verb;    /* "find" or "rewrite" */
    const char *rewrite; /* replacement template, rewrite only */
    bool write, allow_errors;
    bool color;
    uint32_t before, after; /* context lines */
    size_t refused;         /* files left alone: new syntax errors, I/O, races */
    const char *pattern;
    gf_pattern_opts popts;
    out_mode mode;
    size_t max_count;
    pthread_mutex_t mu;
    lang_slot slots[32];
    size_t total, files_matched;
    bool first_json;
    gf_buf out;
} find_ctx;

static const gf_pattern *pattern_for(find_ctx *c, const gf_lang *l)
{
    lang_slot *s = &c->slots[gf_lang_index(l)];
    pthread_mutex_lock(&c->mu);
    if (!s->tried) {
        s->tried = true;
        gf_pattern_compile(l, c->pattern, strlen(c->pattern), &c->popts, &s->pat, &s->err);
    }
    pthread_mutex_unlock(&c->mu);
    return s->pat;
}

typedef struct file_run {
    find_ctx *c;
    gf_source *src;
    gf_buf *out;
    gf_json j;
    size_t count;
    const gf_pattern *pat;
    uint32_t next_line; /* text output: first line not printed yet */
    uint32_t after_end; /* after-context runs up to this line */
    bool printed_any;
    gf_editset *edits; /* rewrite: outermost non-overlapping replacements */
    size_t nedits;
    uint32_t last_end;
    gf_buf repl;
} file_run;

/* Colours as ripgrep's defaults. */
#define C_PATH "\x1b[35m"
#define C_LINE "\x1b[32m"
#define C_MATCH "\x1b[1;31m"
#define C_OFF "\x1b[0m"

/*
 * Prints 0-based line `line` of the file: a match line ("path:N:COL:" for
 * the match's first line, "path:N:" for its others) or a context line
 * ("path-N-"). With colour, bytes [hs, he) of the file are highlighted.
 */
static void text_line(file_run *r, uint32_t line, char kind, uint32_t col, size_t hs, size_t he)
{
    gf_source *s = r->src;
    bool color = r->c->color;
    size_t a = gf_source_offset(s, line, 0);
    const char *nl = memchr(s->bytes + a, '\n', s->len - a);
    size_t b = nl ? (size_t)(nl - s->bytes) : s->len;
    if (b > a && s->bytes[b - 1] == '\r')
        b--;
    char sep = kind == '-' ? '-' : ':';
    gf_buf_printf(r->out, "%s%s%s%c%s%u%s%c", color ? C_PATH : "", s->path, color ? C_OFF : "", sep,
                  color ? C_LINE : "", line + 1, color ? C_OFF : "", sep);
    if (kind == 'F')
        gf_buf_printf(r->out, "%u:", col + 1);
    if (color && kind != '-' && hs < b && he > a) {
        size_t x = hs > a ? hs : a, y = he < b ? he : b;
        gf_buf_add(r->out, s->bytes + a, x - a);
        gf_buf_adds(r->out, C_MATCH);
        gf_buf_add(r->out, s->bytes + x, y - x);
        gf_buf_adds(r->out, C_OFF);
        gf_buf_add(r->out, s->bytes + y, b - y);
    } else {
        gf_buf_add(r->out, s->bytes + a, b - a);
    }
    gf_buf_addc(r->out, '\n');
}

/* Prints pending after-context lines up to (not including) line `upto`. */
static void flush_after(file_run *r, uint32_t upto)
{
    /* A final newline ends the last line; it does not start another. */
    gf_source *s = r->src;
    uint32_t lines = (uint32_t)gf_source_lines(s);
    if (s->len && s->bytes[s->len - 1] == '\n')
        lines--;
    if (upto > lines)
        upto = lines;
    while (r->next_line < r->after_end && r->next_line < upto)
        text_line(r, r->next_line++, '-', 0, 0, 0);
}

/*
 * ripgrep-style text output: every line is printed once, match lines with
 * ':' and context lines (-A/-B/-C) with '-', and "--" between groups of
 * lines that are not contiguous. Lines already printed for an enclosing
 * match are not repeated for a nested one.
 */
static void text_match(file_run *r, const gf_match *m)
{
    find_ctx *c = r->c;
    gf_source *s = r->src;
    uint32_t first, col, last, lc;
    mo_char_point(s, m->range.start, &first, &col);
    gf_source_point(s, m->range.end, &last, &lc);
    if (last > first && lc == 0)
        last--; /* a match ending at a line start does not include that line */
    flush_after(r, first);
    uint32_t from = first > c->before ? first - c->before : 0;
    if (from < r->next_line)
        from = r->next_line;
    if (r->printed_any && from > r->next_line && (c->before || c->after))
        gf_buf_adds(r->out, "--\n");
    for (uint32_t l = from; l < first; l++)
        text_line(r, l, '-', 0, 0, 0);
    for (uint32_t l = first > r->next_line ? first : r->next_line; l <= last; l++)
        text_line(r, l, l == first ? 'F' : ':', col, m->range.start, m->range.end);
    if (last + 1 > r->next_line)
        r->next_line = last + 1;
    r->after_end = r->next_line + c->after;
    r->printed_any = true;
}

static int on_match(void *user, const gf_match *m)
{
    file_run *r = user;
    find_ctx *c = r->c;
    gf_source *s = r->src;
    r->count++;
    size_t ls, le;
    mo_line_bounds(s, m->range.start, m->range.end, &ls, &le);
    if (c->rewrite) {
        gf_buf_clear(&r->repl);
        gf_rewrite_render(r->pat, s, m, c->rewrite, strlen(c->rewrite), &r->repl);
        /* Nested matches are skipped: the outermost wins (ast-grep -U). */
        if (!r->nedits || m->range.start >= r->last_end) {
            gf_editset_add(r->edits, m->range.start, m->range.end, r->repl.ptr, r->repl.len, NULL);
            r->last_end = m->range.end;
            r->nedits++;
        }
    }
    if (c->mode == OUT_TEXT && !c->rewrite) {
        text_match(r, m);
    } else if (c->mode == OUT_JSON_PRETTY || c->mode == OUT_JSON_COMPACT ||
               c->mode == OUT_JSON_STREAM) {
        mo_json_find_match(&r->j, s, r->pat, m, c->rewrite ? r->repl.ptr : NULL, r->repl.len);
        gf_buf_addc(r->out, '\x1e'); /* record separator: the emitter joins records */
    }
    return c->max_count && r->count >= c->max_count;
}

static void visit(void *user, void *wp, const gf_walk_file *f, gf_buf *out)
{
    find_ctx *c = user;
    mo_worker *w = wp;
    if (!f->lang)
        return;
    const gf_pattern *pat = pattern_for(c, f->lang);
    if (!pat || !gf_pattern_may_match(pat, f->data, f->len))
        return;
    gf_source s;
    gf_source_init_mem(&s, f->path, f->data, f->len);
    s.lang = f->lang;
    TSTree *t;
    if (gf_parse(w->parser, &s, &t, NULL) == 0) {
        file_run r = {c, &s, out, .pat = pat, .repl = GF_BUF_INIT};
        if (c->rewrite)
            r.edits = gf_editset_new(f->path, f->data, f->len);
        gf_json_init(&r.j, out, c->mode == OUT_JSON_PRETTY);
        gf_pattern_find(pat, w->matcher, &s, t, on_match, &r);
        if (c->mode == OUT_TEXT && !c->rewrite)
            flush_after(&r, UINT32_MAX);
        gf_json_release(&r.j);
        if (r.count && (c->mode == OUT_COUNT || c->mode == OUT_FILES)) {
            gf_buf_clear(out);
            gf_buf_printf(out, "%zu", r.count);
        }
        if (r.nedits)
            mo_apply_edits(w->parser, &s, t, r.edits, c->allow_errors, c->mode == OUT_TEXT,
                           c->write, out);
        gf_editset_delete(r.edits);
        gf_buf_release(&r.repl);
        gf_tree_delete(t);
    }
    gf_source_release(&s);
}

static int emit(void *user, const gf_walk_file *f, const gf_buf *out, const gf_error *err)
{
    find_ctx *c = user;
    if (err) {
        cli_report_after(&c->out, err);
        return 0;
    }
    if (!out->len)
        return 0;
    /* A \x1f separates what goes to stderr (a refused rewrite). */
    const char *errs = memchr(out->ptr, '\x1f', out->len);
    size_t outlen = errs ? (size_t)(errs - out->ptr) : out->len;
    if (errs) {
        cli_flush(&c->out);
        fflush(stdout);
        cli_error("%.*s", (int)(out->len - outlen - 1), errs + 1);
        c->refused++;
    }
    gf_buf view = {out->ptr, outlen, 0, 0};
    out = &view;
    c->files_matched++;
    switch (c->mode) {
    case OUT_COUNT:
        if (outlen) {
            gf_buf_printf(&c->out, "%s:%.*s\n", f->path, (int)outlen, out->ptr);
            c->total += strtoull(out->ptr, NULL, 10);
        }
        break;
    case OUT_FILES:
        if (outlen) {
            gf_buf_printf(&c->out, "%s\n", f->path);
            c->total++;
        }
        break;
    case OUT_TEXT:
        gf_buf_add(&c->out, out->ptr, out->len);
        c->total++;
        break;
    default:
        mo_join_json(&c->out, out->ptr, out->len,
                     c->mode == OUT_JSON_PRETTY    ? MO_JSON_PRETTY
                     : c->mode == OUT_JSON_COMPACT ? MO_JSON_COMPACT
                                                   : MO_JSON_STREAM,
                     &c->first_json, &c->total);
    }
    if (c->out.len > 64 * 1024)
        cli_flush(&c->out);
    return 0;
}

static void warn(void *user, const gf_error *e)
{
    find_ctx *c = user;
    cli_report_after(&c->out, e);
}

static const char rewrite_help[] =
    "usage: graft rewrite PATTERN REPLACEMENT [PATH...] [-l LANG] [--selector KIND]\n"
    "                     [--strictness S] [--write] [--allow-errors] [--json[=STYLE]]\n"
    "                     [-g GLOB]... [-j N]\n\n"
    "Replace code matching an ast-grep pattern. In REPLACEMENT, $NAME, $$NAME and\n"
    "$$$NAME stand for the source text they captured (a $$$ list keeps its\n"
    "separators); unbound names become empty. Multi-line replacements are\n"
    "re-indented to the matched code's indentation. Where matches nest, the\n"
    "outermost is rewritten and the nested ones are left alone.\n\n"
    "Without --write, prints a unified diff (git-apply compatible, a/ and b/\n"
    "prefixes) and changes nothing. With --write, each file goes through graft's\n"
    "edit commit path: written atomically, and refused if the file changed since\n"
    "it was read; the diff of what was written is printed. A rewrite that would\n"
    "add syntax errors to a file is refused for that file (named with the line)\n"
    "unless --allow-errors.\n\n"
    "options: as 'graft find', plus\n"
    "  -w, --write          apply the changes\n"
    "      --allow-errors   apply even when the result has new syntax errors\n"
    "      --json[=STYLE]   ast-grep's JSON, with replacement and replacementOffsets\n\n"
    "exit status: 0 changes made or proposed, 1 no match, 2 error (bad pattern,\n"
    "I/O, a refused file)\n\n"
    "examples:\n"
    "  graft rewrite 'print($$$A)' 'log.info($$$A)' src\n"
    "  graft rewrite -l go 'errors.Wrap($E, $M)' 'fmt.Errorf(\"%s: %w\", $M, $E)' --write\n"
    "  graft rewrite '$A == None' '$A is None' | git apply --check\n";

static int search_main(int argc, char **argv, bool rewrite);

int cmd_find(int argc, char **argv)
{
    return search_main(argc, argv, false);
}

int cmd_rewrite(int argc, char **argv)
{
    return search_main(argc, argv, true);
}

static int search_main(int argc, char **argv, bool rewrite)
{
    enum {
        OPT_SELECTOR = 256,
        OPT_STRICT,
        OPT_JSON,
        OPT_FILES,
        OPT_HIDDEN,
        OPT_NOIGNORE,
        OPT_MAXSIZE,
        OPT_ALLOW,
        OPT_COLOR
    };
    static const struct option opts[] = {{"after-context", required_argument, NULL, 'A'},
                                         {"allow-errors", no_argument, NULL, OPT_ALLOW},
                                         {"before-context", required_argument, NULL, 'B'},
                                         {"color", required_argument, NULL, OPT_COLOR},
                                         {"context", required_argument, NULL, 'C'},
                                         {"count", no_argument, NULL, 'c'},
                                         {"files-with-matches", no_argument, NULL, OPT_FILES},
                                         {"follow", no_argument, NULL, 'L'},
                                         {"glob", required_argument, NULL, 'g'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"hidden", no_argument, NULL, OPT_HIDDEN},
                                         {"json", optional_argument, NULL, OPT_JSON},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"max-count", required_argument, NULL, 'm'},
                                         {"max-filesize", required_argument, NULL, OPT_MAXSIZE},
                                         {"no-ignore", no_argument, NULL, OPT_NOIGNORE},
                                         {"selector", required_argument, NULL, OPT_SELECTOR},
                                         {"strictness", required_argument, NULL, OPT_STRICT},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"write", no_argument, NULL, 'w'},
                                         {0}};
    const char *verb = rewrite ? "rewrite" : "find";
    find_ctx c = {.out = GF_BUF_INIT, .first_json = true, .verb = verb};
    pthread_mutex_init(&c.mu, NULL);
    /* Structural search reads files whole; larger ones than ast-grep would
     * skip are rare, and a skipped file is said on stderr. */
    gf_walk_opts wo = {
        .read_full = true, .max_filesize = CLI_SEARCH_MAX_FILESIZE, .warn_too_big = true};
    GF_VEC(const char *) globs = GF_VEC_INIT;
    int opt, rc = EXIT_OK, n;
    optind = 1;
    opterr = 0;
    const char *color = "auto";
    while ((opt = getopt_long(argc, argv, ":A:B:C:cg:hj:Ll:m:w", opts, NULL)) != -1) {
        if ((opt == 'w' || opt == OPT_ALLOW) && !rewrite) {
            rc = cli_usage_error(verb, "--write and --allow-errors belong to 'graft rewrite'");
            goto out;
        }
        switch (opt) {
        case 'w': c.write = true; break;
        case 'A':
        case 'B':
        case 'C': {
            char *endp;
            long v = strtol(optarg, &endp, 10);
            if (*endp || v < 0 || v > 100000) {
                rc = cli_usage_error(verb, "invalid context line count '%s'", optarg);
                goto out;
            }
            if (opt != 'B')
                c.after = (uint32_t)v;
            if (opt != 'A')
                c.before = (uint32_t)v;
            break;
        }
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                rc = cli_usage_error(verb, "invalid --color '%s' (auto, always, never)", optarg);
                goto out;
            }
            color = optarg;
            break;
        case OPT_ALLOW: c.allow_errors = true; break;
        case 'c': c.mode = OUT_COUNT; break;
        case OPT_FILES: c.mode = OUT_FILES; break;
        case 'L': wo.follow = true; break;
        case 'g': gf_vec_push(&globs, optarg); break;
        case 'h': fputs(rewrite ? rewrite_help : help, stdout); goto out;
        case OPT_HIDDEN: wo.hidden = true; break;
        case OPT_NOIGNORE: wo.no_ignore = true; break;
        case OPT_MAXSIZE:
            if (!cli_parse_size(optarg, &wo.max_filesize) || !wo.max_filesize) {
                rc = cli_usage_error(verb, "invalid --max-filesize '%s'", optarg);
                goto out;
            }
            break;
        case OPT_JSON:
            if (!optarg || !strcmp(optarg, "pretty"))
                c.mode = OUT_JSON_PRETTY;
            else if (!strcmp(optarg, "compact"))
                c.mode = OUT_JSON_COMPACT;
            else if (!strcmp(optarg, "stream"))
                c.mode = OUT_JSON_STREAM;
            else {
                rc = cli_usage_error(verb, "unknown JSON style '%s' (pretty, compact, stream)",
                                     optarg);
                goto out;
            }
            break;
        case 'l':
            if (!(wo.lang = cli_lang(optarg))) {
                rc = EXIT_ERROR;
                goto out;
            }
            break;
        case 'm':
            if (!cli_parse_int(optarg, &n)) {
                rc = cli_usage_error(verb, "invalid --max-count '%s'", optarg);
                goto out;
            }
            c.max_count = (size_t)n;
            break;
        case 'j':
            if (!cli_parse_int(optarg, &wo.threads)) {
                rc = cli_usage_error(verb, "invalid thread count '%s'", optarg);
                goto out;
            }
            break;
        case OPT_SELECTOR: c.popts.selector = optarg; break;
        case OPT_STRICT:
            if (!gf_strictness_parse(optarg, &c.popts.strictness)) {
                rc = cli_usage_error(
                    verb, "unknown strictness '%s' (smart, cst, ast, relaxed, signature, template)",
                    optarg);
                goto out;
            }
            break;
        default: rc = cli_bad_option(verb, opt, argv); goto out;
        }
    }
    c.color = !strcmp(color, "always") ||
              (!strcmp(color, "auto") && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
    if (optind >= argc) {
        rc = cli_usage_error(verb, "missing PATTERN");
        goto out;
    }
    c.pattern = argv[optind++];
    if (rewrite) {
        if (optind >= argc) {
            rc = cli_usage_error(verb, "missing REPLACEMENT");
            goto out;
        }
        c.rewrite = argv[optind++];
    }
    if (wo.lang) {
        /* One language: a bad pattern is an error before any file is read. */
        lang_slot *s = &c.slots[gf_lang_index(wo.lang)];
        s->tried = true;
        if (gf_pattern_compile(wo.lang, c.pattern, strlen(c.pattern), &c.popts, &s->pat, &s->err) !=
            0) {
            rc = cli_error("invalid pattern for %s: %s", wo.lang->name, s->err.message);
            goto out;
        }
    }
    gf_langmap *map = NULL;
    gf_error e;
    if ((rc = cli_walk_setup(&wo, argc, argv, globs.items, globs.len, NULL, &map)) != EXIT_OK)
        goto out;
    if (c.mode == OUT_JSON_PRETTY || c.mode == OUT_JSON_COMPACT)
        gf_buf_addc(&c.out, '[');
    gf_walk_visitor v = {mo_worker_new_batch, mo_worker_free, visit, emit, &c};
    size_t problems = 0;
    gf_walk(&wo, &v, warn, &c, &problems, &e);
    if (c.mode == OUT_JSON_PRETTY)
        gf_buf_adds(&c.out, c.first_json ? "]\n" : "\n]\n");
    else if (c.mode == OUT_JSON_COMPACT)
        gf_buf_adds(&c.out, "]\n");
    cli_flush(&c.out);
    gf_langmap_delete(map);
    /* A pattern that parsed in no language met is an error, not "no match". */
    bool any_ok = false, any_bad = false;
    for (size_t i = 0; i < gf_lang_count(); i++) {
        any_ok |= c.slots[i].pat != NULL;
        any_bad |= c.slots[i].tried && !c.slots[i].pat;
    }
    if (any_bad && !any_ok) {
        for (size_t i = 0; i < gf_lang_count(); i++)
            if (c.slots[i].tried && !c.slots[i].pat)
                cli_error("invalid pattern for %s: %s", gf_lang_at(i)->name,
                          c.slots[i].err.message);
        rc = EXIT_ERROR;
    } else {
        rc = problems || c.refused ? EXIT_ERROR : c.total ? EXIT_OK : EXIT_NONE;
    }
out:
    for (size_t i = 0; i < 32; i++)
        gf_pattern_delete(c.slots[i].pat);
    gf_buf_release(&c.out);
    gf_vec_release(&globs);
    pthread_mutex_destroy(&c.mu);
    return rc;
}
