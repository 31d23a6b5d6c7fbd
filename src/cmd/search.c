/* cmd_search: regex and literal search over the walker, with ripgrep's output. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "match/matchout.h"
#include "repo/search.h"
#include "util/json.h"
#include "util/vec.h"

static const char help[] =
    "usage: graft search PATTERN [PATH...] [-F] [-i] [-w] [-g GLOB]... [-l | -c] [--json]\n"
    "                    [-A N] [-B N] [-C N] [-m N] [-j N] [--hidden] [--no-ignore]\n\n"
    "Search files for lines matching a regular expression (PCRE2 syntax, Unicode\n"
    "aware, JIT-compiled), like ripgrep. Files are chosen as for 'graft files'\n"
    "(gitignore-aware) and reported in directory-tree order whatever -j. Files\n"
    "with a NUL byte in their first 8 KiB are skipped as binary; in other files\n"
    "the search stops at the line holding the first NUL byte. A UTF-8 byte order\n"
    "mark is not part of the first line.\n\n"
    "Search is line-oriented: the pattern sees one line at a time (without its\n"
    "'\\n'; a '\\r' before it is part of the line), so ^ and \\A match at the\n"
    "line's start, $ and \\z at its end, lookarounds stop at its ends, and a\n"
    "match never spans lines. Multi-line patterns are not supported; a pattern\n"
    "containing a newline is an error.\n\n"
    "options:\n"
    "  -e, --regexp P          the pattern (for one that starts with '-')\n"
    "  -F, --fixed-strings     PATTERN is a literal string, not a regex\n"
    "  -i, --ignore-case       case-insensitive (Unicode simple case folding)\n"
    "  -w, --word-regexp       only matches not touching a word character (\\w) on\n"
    "                          either side\n"
    "  -l, --files-with-matches  print only the paths of files with a match\n"
    "  -c, --count             print path:N, the number of matching lines per file\n"
    "                          (files without matches are not listed)\n"
    "  -A, --after-context N   print N lines after each matching line\n"
    "  -B, --before-context N  print N lines before each matching line\n"
    "  -C, --context N         both\n"
    "  -m, --max-count N       stop after N matching lines per file\n"
    "      --json              one JSON object per line (JSON Lines), see below\n"
    "  -H, --with-filename     print the path even when searching one file\n"
    "  -I, --no-filename       never print the path\n"
    "  -N, --no-line-number    do not print line numbers (-n, the default, prints them)\n"
    "      --color WHEN        auto (default: on a terminal, unless NO_COLOR is set),\n"
    "                          always, never\n"
    "  -g, --glob G            include/exclude files (gitignore syntax; '!G' excludes)\n"
    "      --hidden, --no-ignore, -L/--follow   as for 'graft files'\n"
    "      --max-filesize S    skip (and name on stderr) files larger than S\n"
    "                          (e.g. 512K, 100M; default 64M)\n"
    "  -j, --threads N         worker threads (default: number of CPUs)\n"
    "  -h, --help              show this help\n\n"
    "Text output is ripgrep's (rg --no-heading -n): path:line:text for matching\n"
    "lines, path-line-text for context lines, \"--\" between groups of lines that\n"
    "are not contiguous. The path is left out when the only PATH is a file.\n\n"
    "JSON output: for each matching line, {\"path\", \"line\" (1-based), \"column\"\n"
    "(1-based byte column of the first submatch), \"text\" (the line without its\n"
    "'\\n'), \"submatches\": [{\"start\", \"end\", \"text\"}]} with byte offsets into the\n"
    "line, end exclusive (submatches as ripgrep reports them: left to right, not\n"
    "overlapping). With -c: {\"path\", \"count\"}; with -l: {\"path\"}. Context lines\n"
    "are not part of JSON output (-A/-B/-C with --json is an error). Invalid UTF-8\n"
    "in text is written as U+FFFD; offsets count the file's bytes.\n\n"
    "exit status: 0 a line matched, 1 none, 2 error (bad regex, missing path,\n"
    "unreadable file, a line over the regex backtracking limits; the rest is still\n"
    "searched)\n\n"
    "examples:\n"
    "  graft search 'TODO|FIXME' src\n"
    "  graft search -F 'a.b(' -g '*.py'\n"
    "  graft search -iw 'error' --count\n"
    "  graft search -C 2 '^def \\w+\\(self' lib\n"
    "  graft search '(?<=import )\\w+' --json\n";

typedef enum out_mode { OUT_TEXT, OUT_JSON, OUT_COUNT, OUT_FILES } out_mode;

typedef struct search_ctx {
    const gf_search *re;
    out_mode mode;
    bool color, with_path, line_numbers, json;
    size_t before, after, max_count;
    size_t matched; /* files with a matching line */
    size_t failed;  /* files whose search hit the regex limits */
    bool printed;   /* some text output already: groups in the next file need "--" */
    gf_buf out;
} search_ctx;

/* The search of one file, on a worker thread. */
typedef struct run {
    search_ctx *c;
    gf_search_scratch *m;
    const char *path, *data;
    size_t path_len, len;
    gf_buf *out;
    size_t cur_pos, cur_line;   /* a line start and its 1-based number */
    size_t next_pos, next_line; /* the first line not printed yet */
    size_t after_left;          /* after-context lines still owed */
    bool printed_any;
} run;

/* Colours as ripgrep's defaults. */
#define C_PATH "\x1b[35m"
#define C_LINE "\x1b[32m"
#define C_MATCH "\x1b[1;31m"
#define C_OFF "\x1b[0m"

static size_t line_end(const char *data, size_t len, size_t at)
{
    const char *p = at < len ? memchr(data + at, '\n', len - at) : NULL;
    return p ? (size_t)(p - data) : len;
}

/* 1-based number of the line starting at ls (never before the cursor). */
static size_t line_number(run *r, size_t ls)
{
    r->cur_line += gf_count_newlines(r->data + r->cur_pos, ls - r->cur_pos);
    r->cur_pos = ls;
    return r->cur_line;
}

/* One text output line: [path sep] [number sep] text; with colour the
 * submatches of a matching line (sep ':') are highlighted. */
static void text_line(run *r, size_t ls, size_t le, size_t num, char sep)
{
    search_ctx *c = r->c;
    gf_buf *o = r->out;
    /* Without printf: this runs once per line printed. */
    if (c->with_path) {
        if (c->color)
            gf_buf_adds(o, C_PATH);
        gf_buf_add(o, r->path, r->path_len);
        if (c->color)
            gf_buf_adds(o, C_OFF);
        gf_buf_addc(o, sep);
    }
    if (c->line_numbers) {
        char digits[24], *d = digits + sizeof digits;
        do
            *--d = (char)('0' + num % 10);
        while (num /= 10);
        if (c->color)
            gf_buf_adds(o, C_LINE);
        gf_buf_add(o, d, (size_t)(digits + sizeof digits - d));
        if (c->color)
            gf_buf_adds(o, C_OFF);
        gf_buf_addc(o, sep);
    }
    const char *line = r->data + ls;
    size_t n = le - ls, done = 0;
    if (c->color && sep == ':') {
        size_t pos = 0, last = GF_SEARCH_NONE, ms, me;
        while (gf_search_line_next(c->re, r->m, line, n, &pos, &last, &ms, &me, NULL) == 1) {
            if (ms == me)
                continue;
            gf_buf_add(o, line + done, ms - done);
            gf_buf_adds(o, C_MATCH);
            gf_buf_add(o, line + ms, me - ms);
            gf_buf_adds(o, C_OFF);
            done = me;
        }
    }
    gf_buf_add(o, line + done, n - done);
    gf_buf_addc(o, '\n');
}

/* Prints owed after-context lines that start before `upto`. After the
 * --max-count limit, a line that matches is shown as a match (ripgrep). */
static void flush_after(run *r, size_t upto, bool check)
{
    while (r->after_left && r->next_pos < upto && r->next_pos < r->len) {
        size_t e = line_end(r->data, r->len, r->next_pos);
        char sep = '-';
        if (check && gf_search_line_matches(r->c->re, r->m, r->data + r->next_pos, e - r->next_pos,
                                            NULL) == 1)
            sep = ':';
        text_line(r, r->next_pos, e, r->next_line, sep);
        r->next_pos = e + 1;
        r->next_line++;
        r->after_left--;
    }
}

/* Start of the line before the one starting at ls (ls > 0). */
static size_t prev_line(const char *data, size_t ls)
{
    const char *p = ls > 1 ? memrchr(data, '\n', ls - 1) : NULL;
    return p ? (size_t)(p - data) + 1 : 0;
}

/* A matching line in text mode: owed after-context, "--" when the group
 * is not contiguous with what was printed, before-context, the line. */
static void text_match(run *r, size_t ls, size_t le)
{
    search_ctx *c = r->c;
    size_t num = line_number(r, ls);
    flush_after(r, ls, false);
    size_t from = ls, k = 0;
    while (k < c->before && from > r->next_pos) {
        from = prev_line(r->data, from);
        k++;
    }
    if (r->printed_any && from > r->next_pos && (c->before || c->after))
        gf_buf_adds(r->out, "--\n");
    for (size_t i = 0; i < k; i++) {
        size_t e = line_end(r->data, r->len, from);
        text_line(r, from, e, num - k + i, '-');
        from = e + 1;
    }
    text_line(r, ls, le, num, ':');
    r->next_pos = le + 1;
    r->next_line = num + 1;
    r->after_left = c->after;
    r->printed_any = true;
}

typedef GF_VEC(size_t) offsets;

static void json_match(run *r, size_t ls, size_t le, offsets *subs)
{
    gf_buf *o = r->out;
    const char *line = r->data + ls;
    size_t n = le - ls, pos = 0, last = GF_SEARCH_NONE, ms, me;
    gf_vec_clear(subs);
    while (gf_search_line_next(r->c->re, r->m, line, n, &pos, &last, &ms, &me, NULL) == 1) {
        gf_vec_push(subs, ms);
        gf_vec_push(subs, me);
    }
    gf_buf_adds(o, "{\"path\":\"");
    gf_json_escape(o, r->path, strlen(r->path));
    gf_buf_printf(o, "\",\"line\":%zu,\"column\":%zu,\"text\":\"", line_number(r, ls),
                  subs->len ? subs->items[0] + 1 : 1);
    gf_json_escape(o, line, n);
    gf_buf_adds(o, "\",\"submatches\":[");
    for (size_t i = 0; i < subs->len; i += 2) {
        size_t a = subs->items[i], b = subs->items[i + 1];
        gf_buf_printf(o, "%s{\"start\":%zu,\"end\":%zu,\"text\":\"", i ? "," : "", a, b);
        gf_json_escape(o, line + a, b - a);
        gf_buf_adds(o, "\"}");
    }
    gf_buf_adds(o, "]}\n");
}

static void *worker_new(void *user)
{
    search_ctx *c = user;
    return gf_search_scratch_new(c->re);
}

static void worker_free(void *user, void *w)
{
    (void)user;
    gf_search_scratch_delete(w);
}

/*
 * Searches one file. out receives the text or JSON lines (TEXT, JSON), or
 * the decimal count of matching lines (COUNT, FILES; nothing when zero),
 * then after a \x1f a message for stderr when the regex limits stopped the
 * search.
 */
static void visit(void *user, void *worker, const gf_walk_file *f, gf_buf *out)
{
    search_ctx *c = user;
    run r = {.c = c,
             .m = worker,
             .path = f->path,
             .path_len = strlen(f->path),
             .data = f->data,
             .len = f->len,
             .out = out,
             .cur_line = 1,
             .next_line = 1};
    /* A UTF-8 byte order mark is not text (ripgrep drops it too). */
    if (r.len >= 3 && !memcmp(r.data, "\xef\xbb\xbf", 3)) {
        r.data += 3;
        r.len -= 3;
    }
    /* Binary data past the probe: stop at the line holding it (ripgrep). */
    const char *nul = memchr(r.data, '\0', r.len);
    if (nul) {
        const char *nl = memrchr(r.data, '\n', (size_t)(nul - r.data));
        r.len = nl ? (size_t)(nl - r.data) + 1 : 0;
    }
    gf_search_begin(c->re, r.m, r.data, r.len);
    offsets subs = GF_VEC_INIT;
    size_t pos = 0, count = 0, ls, le, skipped = 0, skipped_at = 0;
    gf_error e, first;
    for (;;) {
        if (c->max_count && count >= c->max_count)
            break;
        int rc = gf_search_next_line(c->re, r.m, r.data, r.len, pos, &ls, &le, &e);
        if (rc == 0)
            break;
        if (rc < 0) {
            /* The line is left out and said on stderr; the search goes on. */
            if (!skipped++) {
                skipped_at = line_number(&r, ls);
                first = e;
            }
            pos = le + 1;
            continue;
        }
        count++;
        if (c->mode == OUT_TEXT)
            text_match(&r, ls, le);
        else if (c->mode == OUT_JSON)
            json_match(&r, ls, le, &subs);
        else if (c->mode == OUT_FILES)
            break;
        pos = le + 1;
    }
    if (c->mode == OUT_TEXT)
        flush_after(&r, r.len, c->max_count && count >= c->max_count);
    if (count && (c->mode == OUT_COUNT || c->mode == OUT_FILES))
        gf_buf_printf(out, "%zu", count);
    if (skipped)
        mo_problem(out, "'%s': line %zu: %s (%zu line%s skipped)", f->path, skipped_at,
                   first.message, skipped, skipped == 1 ? "" : "s");
    gf_vec_release(&subs);
}

static void path_prefix(search_ctx *c, const char *path)
{
    if (c->color)
        gf_buf_printf(&c->out, C_PATH "%s" C_OFF, path);
    else
        gf_buf_adds(&c->out, path);
}

static int emit(void *user, const gf_walk_file *f, const gf_buf *out, const gf_error *err)
{
    search_ctx *c = user;
    if (err) {
        cli_report_after(&c->out, err);
        return 0;
    }
    const char *msg = memchr(out->ptr, '\x1f', out->len);
    size_t n = msg ? (size_t)(msg - out->ptr) : out->len;
    if (n) {
        c->matched++;
        switch (c->mode) {
        case OUT_FILES:
        case OUT_COUNT:
            if (c->json) {
                /* {"path"} or {"path","count"} */
                gf_buf_adds(&c->out, "{\"path\":\"");
                gf_json_escape(&c->out, f->path, strlen(f->path));
                gf_buf_addc(&c->out, '"');
                if (c->mode == OUT_COUNT)
                    gf_buf_printf(&c->out, ",\"count\":%.*s", (int)n, out->ptr);
                gf_buf_adds(&c->out, "}\n");
            } else if (c->mode == OUT_FILES) {
                path_prefix(c, f->path);
                gf_buf_addc(&c->out, '\n');
            } else {
                if (c->with_path) {
                    path_prefix(c, f->path);
                    gf_buf_addc(&c->out, ':');
                }
                gf_buf_add(&c->out, out->ptr, n);
                gf_buf_addc(&c->out, '\n');
            }
            break;
        case OUT_TEXT:
            /* ripgrep separates files' groups too when context is on. */
            if (c->printed && (c->before || c->after))
                gf_buf_adds(&c->out, "--\n");
            c->printed = true;
            gf_buf_add(&c->out, out->ptr, n);
            break;
        case OUT_JSON: gf_buf_add(&c->out, out->ptr, n); break;
        }
    }
    if (msg) {
        cli_flush(&c->out);
        fflush(stdout);
        cli_error("%.*s", (int)(out->len - n - 1), msg + 1);
        c->failed++;
    }
    if (c->out.len > 64 * 1024)
        cli_flush(&c->out);
    return 0;
}

static void warn(void *user, const gf_error *e)
{
    search_ctx *c = user;
    cli_report_after(&c->out, e);
}

static bool parse_count(const char *s, size_t *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 0 || v > 100000)
        return false;
    *out = (size_t)v;
    return true;
}

int cmd_search(int argc, char **argv)
{
    enum {
        OPT_JSON = 256,
        OPT_HIDDEN,
        OPT_NOIGNORE,
        OPT_MAXSIZE,
        OPT_COLOR,
    };
    static const struct option opts[] = {{"after-context", required_argument, NULL, 'A'},
                                         {"before-context", required_argument, NULL, 'B'},
                                         {"color", required_argument, NULL, OPT_COLOR},
                                         {"context", required_argument, NULL, 'C'},
                                         {"count", no_argument, NULL, 'c'},
                                         {"files-with-matches", no_argument, NULL, 'l'},
                                         {"fixed-strings", no_argument, NULL, 'F'},
                                         {"follow", no_argument, NULL, 'L'},
                                         {"glob", required_argument, NULL, 'g'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"hidden", no_argument, NULL, OPT_HIDDEN},
                                         {"ignore-case", no_argument, NULL, 'i'},
                                         {"json", no_argument, NULL, OPT_JSON},
                                         {"line-number", no_argument, NULL, 'n'},
                                         {"max-count", required_argument, NULL, 'm'},
                                         {"max-filesize", required_argument, NULL, OPT_MAXSIZE},
                                         {"no-filename", no_argument, NULL, 'I'},
                                         {"no-ignore", no_argument, NULL, OPT_NOIGNORE},
                                         {"no-line-number", no_argument, NULL, 'N'},
                                         {"regexp", required_argument, NULL, 'e'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"with-filename", no_argument, NULL, 'H'},
                                         {"word-regexp", no_argument, NULL, 'w'},
                                         {0}};
    search_ctx c = {.out = GF_BUF_INIT, .line_numbers = true};
    gf_search_opts so = {0};
    gf_walk_opts wo = {
        .read_full = true, .max_filesize = CLI_SEARCH_MAX_FILESIZE, .warn_too_big = true};
    GF_VEC(const char *) globs = GF_VEC_INIT;
    const char *pattern = NULL, *color = "auto";
    int opt, rc = EXIT_OK, n, filename = -1; /* -1 auto, 0 -I, 1 -H */
    gf_search *re = NULL;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":A:B:C:ce:Fg:HhIij:Llm:Nnw", opts, NULL)) != -1) {
        switch (opt) {
        case 'A':
        case 'B':
        case 'C': {
            size_t v;
            if (!parse_count(optarg, &v)) {
                rc = cli_usage_error("search", "invalid context line count '%s'", optarg);
                goto out;
            }
            if (opt != 'B')
                c.after = v;
            if (opt != 'A')
                c.before = v;
            break;
        }
        case 'c': c.mode = OUT_COUNT; break;
        case 'l': c.mode = OUT_FILES; break;
        case 'e': pattern = optarg; break;
        case 'F': so.literal = true; break;
        case 'i': so.ignore_case = true; break;
        case 'w': so.word = true; break;
        case 'g': gf_vec_push(&globs, optarg); break;
        case 'H': filename = 1; break;
        case 'I': filename = 0; break;
        case 'n': c.line_numbers = true; break;
        case 'N': c.line_numbers = false; break;
        case 'L': wo.follow = true; break;
        case 'h': fputs(help, stdout); goto out;
        case 'm':
            if (!cli_parse_int(optarg, &n)) {
                rc = cli_usage_error("search", "invalid --max-count '%s'", optarg);
                goto out;
            }
            c.max_count = (size_t)n;
            break;
        case 'j':
            if (!cli_parse_int(optarg, &wo.threads)) {
                rc = cli_usage_error("search", "invalid thread count '%s'", optarg);
                goto out;
            }
            break;
        case OPT_JSON: c.json = true; break;
        case OPT_HIDDEN: wo.hidden = true; break;
        case OPT_NOIGNORE: wo.no_ignore = true; break;
        case OPT_MAXSIZE:
            if (!cli_parse_size(optarg, &wo.max_filesize) || !wo.max_filesize) {
                rc = cli_usage_error("search", "invalid --max-filesize '%s'", optarg);
                goto out;
            }
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                rc =
                    cli_usage_error("search", "invalid --color '%s' (auto, always, never)", optarg);
                goto out;
            }
            color = optarg;
            break;
        default: rc = cli_bad_option("search", opt, argv); goto out;
        }
    }
    if (!pattern) {
        if (optind >= argc) {
            rc = cli_usage_error("search", "missing PATTERN");
            goto out;
        }
        pattern = argv[optind++];
    }
    if (c.json && (c.before || c.after)) {
        rc = cli_usage_error("search", "--json prints no context lines: drop -A, -B and -C");
        goto out;
    }
    if (c.json && c.mode == OUT_TEXT)
        c.mode = OUT_JSON;
    c.color = !c.json && (!strcmp(color, "always") ||
                          (!strcmp(color, "auto") && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")));
    gf_error e;
    if (gf_search_compile(pattern, strlen(pattern), &so, &re, &e) != 0) {
        rc = cli_report(&e);
        goto out;
    }
    c.re = re;
    /* As ripgrep: no path when the one thing searched is a file. */
    struct stat st;
    if (filename >= 0)
        c.with_path = filename;
    else
        c.with_path = !(argc - optind == 1 && stat(argv[optind], &st) == 0 && !S_ISDIR(st.st_mode));
    /* No language map: search reads no project config. */
    wo.paths = (const char *const *)argv + optind;
    wo.npaths = (size_t)(argc - optind);
    wo.globs = globs.items;
    wo.nglobs = globs.len;
    gf_walk_visitor v = {worker_new, worker_free, visit, emit, &c};
    size_t problems = 0;
    gf_walk(&wo, &v, warn, &c, &problems, &e);
    cli_flush(&c.out);
    rc = problems || c.failed ? EXIT_ERROR : c.matched ? EXIT_OK : EXIT_NONE;
out:
    gf_search_delete(re);
    gf_buf_release(&c.out);
    gf_vec_release(&globs);
    return rc;
}
