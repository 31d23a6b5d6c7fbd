/* cmd_replace, cmd_insert, cmd_delete_range: text edits an agent can trust. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd/cli.h"
#include "edit/root.h"
#include "util/alloc.h"
#include "edit/textedit.h"
#include "util/diff.h"
#include "util/error.h"
#include "util/file.h"
#include "util/json.h"

/* ---- what every editing verb shares ---- */

#define COMMON_HELP                                                                                \
    "common options:\n"                                                                            \
    "      --root DIR           edit only beneath DIR (default: the enclosing git work\n"          \
    "                           tree, else the current directory); paths that leave\n"             \
    "                           it (.., absolute, symbolic links) or enter .git are\n"             \
    "                           refused\n"                                                         \
    "  -n, --dry-run            print the diff, write nothing\n"                                   \
    "      --json[=STYLE]       print a result object: path, changed, the count, lines_added,\n"   \
    "                           lines_removed, diff, sha256_before, sha256_after, note\n"          \
    "      --expect-sha256 H    refuse unless the file's current SHA-256 is H\n"                   \
    "      --backup             keep the original in <root>/.agentfs/backups/\n"                   \
    "  -h, --help               show this help\n\n"                                                \
    "Writes are atomic (temporary file, fsync, rename; refused if the file changed\n"              \
    "since it was read). Line endings (LF/CRLF), tabs, other bytes and a missing\n"                \
    "final newline are kept; text you give takes the file's line endings. Binary\n"                \
    "files are refused. When the change is already in place, nothing is written,\n"                \
    "the result says changed: false with a note, and the exit status is 0.\n\n"                    \
    "exit status: 0 done (or already done), 1 nothing matched where that was\n"                    \
    "allowed, 2 error or refused (nothing written)\n"

typedef enum out_mode { OUT_TEXT, OUT_PRETTY, OUT_COMPACT } out_mode;

typedef struct edit_common {
    const char *root_arg, *expect;
    bool dry_run, backup;
    out_mode mode;
} edit_common;

enum { OPT_ROOT = 300, OPT_DRY, OPT_JSON, OPT_EXPECT, OPT_BACKUP };

#define COMMON_OPTS                                                                                \
    {"root", required_argument, NULL, OPT_ROOT}, {"dry-run", no_argument, NULL, 'n'},              \
        {"json", optional_argument, NULL, OPT_JSON},                                               \
        {"expect-sha256", required_argument, NULL, OPT_EXPECT},                                    \
        {"backup", no_argument, NULL, OPT_BACKUP},                                                 \
    {                                                                                              \
        "help", no_argument, NULL, 'h'                                                             \
    }

/* Handles a common option: 1 taken, 0 not common, -1 bad value (reported). */
static int common_opt(const char *verb, int opt, edit_common *c)
{
    switch (opt) {
    case OPT_ROOT: c->root_arg = optarg; return 1;
    case 'n':
    case OPT_DRY: c->dry_run = true; return 1;
    case OPT_EXPECT: c->expect = optarg; return 1;
    case OPT_BACKUP: c->backup = true; return 1;
    case OPT_JSON:
        if (!optarg || !strcmp(optarg, "pretty"))
            c->mode = OUT_PRETTY;
        else if (!strcmp(optarg, "compact"))
            c->mode = OUT_COMPACT;
        else {
            cli_usage_error(verb, "unknown JSON style '%s' (pretty, compact)", optarg);
            return -1;
        }
        return 1;
    default: return 0;
    }
}

/* Text from an option value or a file ('-': stdin). */
static int text_arg(const char *value, const char *file, gf_buf *out)
{
    gf_error e;
    if (value) {
        gf_buf_adds(out, value);
        if (!out->ptr)
            gf_buf_add(out, "", 0);
        return EXIT_OK;
    }
    int rc = !strcmp(file, "-") ? gf_read_fd(0, "<stdin>", 64u << 20, out, &e)
                                : gf_read_file(file, 64u << 20, 0, out, NULL, &e);
    if (!out->ptr)
        gf_buf_add(out, "", 0);
    return rc ? cli_report(&e) : EXIT_OK;
}

typedef enum action { ACT_REPLACE, ACT_INSERT, ACT_DELETE } action;

typedef struct edit_job {
    action act;
    te_replace_opts rep;
    te_insert_opts ins;
    te_delete_opts del;
} edit_job;

static int write_backup(const char *root, const char *rel, const char *data, size_t len,
                        const char *hex)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    gf_buf path = GF_BUF_INIT;
    gf_buf_printf(&path, "%s/.agentfs/backups/%s.%s.%.12s", root, rel, stamp, hex);
    char *dir = gf_strdup(path.ptr);
    *strrchr(dir, '/') = '\0';
    gf_error e;
    int rc = EXIT_OK;
    if (gf_mkdirs(dir, &e) != 0) {
        rc = cli_report(&e);
    } else {
        gf_editset *es = gf_editset_new_file(path.ptr);
        gf_editset_add(es, 0, 0, data, len, NULL);
        if (gf_editset_commit(es, NULL, &e) != 0)
            rc = cli_report(&e);
        gf_editset_delete(es);
    }
    gf_free(dir);
    gf_buf_release(&path);
    return rc;
}

static int run_edit(const char *verb, const edit_common *c, const char *path, edit_job *job)
{
    char *root = NULL, *abs = NULL, *rel = NULL;
    gf_error e;
    int rc = EXIT_OK;
    gf_source s = GF_SOURCE_INIT;
    gf_editset *es = NULL;
    char *after = NULL;
    size_t after_len = 0;
    gf_buf diff = GF_BUF_INIT, out = GF_BUF_INIT;
    bool have_source = false;
    if (c->root_arg) {
        root = realpath(c->root_arg, NULL);
        if (!root) {
            gf_error_errno(&e, errno, c->root_arg);
            rc = cli_error("--root %s", e.message);
            goto done;
        }
        char *owned = gf_strdup(root);
        free(root);
        root = owned;
    } else if (gf_root_default(".", &root, &e) != 0) {
        rc = cli_report(&e);
        goto done;
    }
    if (gf_root_resolve(root, path, &abs, &rel, &e) != 0) {
        rc = cli_report(&e);
        goto done;
    }
    /* What the commit path would refuse later, said now with the path as
     * given and before a backup is made. */
    struct stat st;
    if (stat(abs, &st) != 0) {
        gf_error_errno(&e, errno, path);
        rc = cli_report(&e);
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = cli_error("'%s' is a directory; give a file", path);
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = cli_error("'%s' is not a regular file; refused", path);
        goto done;
    }
    if (!c->dry_run && !(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))) {
        rc = cli_error("'%s' is read-only (mode %04o); not changed", path,
                       (unsigned)(st.st_mode & 07777));
        goto done;
    }
    if (gf_source_read(&s, abs, 64u << 20, &e) != 0) {
        rc = e.code == GF_EBINARY ? cli_error("'%s' is a binary file; refused", path)
                                  : cli_report(&e);
        goto done;
    }
    have_source = true;
    unsigned char sha[32], sha2[32];
    char hex[65], hex2[65];
    gf_sha256(s.bytes, s.len, sha);
    gf_sha256_hex(sha, hex);
    if (c->expect && strcasecmp(c->expect, hex) != 0) {
        rc = cli_error("'%s' has changed: its SHA-256 is %s, not %s as --expect-sha256 says; "
                       "read it again",
                       path, hex, c->expect);
        goto done;
    }
    es = gf_editset_new(abs, s.bytes, s.len);
    te_outcome oc;
    int r = job->act == ACT_REPLACE  ? te_replace(s.bytes, s.len, &job->rep, es, &oc, &e)
            : job->act == ACT_INSERT ? te_insert(s.bytes, s.len, &job->ins, es, &oc, &e)
                                     : te_delete_range(s.bytes, s.len, &job->del, es, &oc, &e);
    if (r != 0) {
        rc = cli_error("'%s': %s", path, e.message);
        goto done;
    }
    if (gf_editset_apply(es, &after, &after_len, &e) != 0) {
        rc = cli_report(&e);
        goto done;
    }
    bool changed = after_len != s.len || memcmp(after, s.bytes, s.len) != 0;
    size_t added = 0, removed = 0;
    if (changed)
        gf_diff_unified(rel, s.bytes, s.len, after, after_len, 3, &diff, &added, &removed);
    gf_sha256(after, after_len, sha2);
    gf_sha256_hex(sha2, hex2);
    if (changed && !c->dry_run) {
        if (c->backup && (rc = write_backup(root, rel, s.bytes, s.len, hex)) != EXIT_OK)
            goto done;
        if (gf_editset_commit(es, NULL, &e) != 0) {
            rc = cli_report(&e);
            goto done;
        }
    }
    if (!changed && !oc.already && !oc.none && !oc.note[0])
        snprintf(oc.note, sizeof oc.note, "the result equals the original; nothing to write");
    if (changed && c->dry_run) {
        /* the result object has no "written" key: a dry run says so here */
        size_t n = strlen(oc.note);
        snprintf(oc.note + n, sizeof oc.note - n, "%sdry run: nothing written", n ? "; " : "");
    }
    if (c->mode == OUT_TEXT) {
        gf_buf_add(&out, diff.ptr ? diff.ptr : "", diff.len);
        cli_flush(&out);
        if (oc.note[0])
            fprintf(stderr, "graft: '%s': %s\n", path, oc.note);
    } else {
        gf_json j;
        gf_json_init(&j, &out, c->mode == OUT_PRETTY);
        gf_json_object_begin(&j);
        gf_json_key(&j, "path");
        gf_json_str(&j, rel);
        gf_json_key(&j, "changed");
        gf_json_bool(&j, changed);
        gf_json_key(&j, job->act == ACT_REPLACE  ? "replacements"
                        : job->act == ACT_INSERT ? "insertions"
                                                 : "deletions");
        gf_json_uint(&j, changed ? oc.count : 0);
        gf_json_key(&j, "lines_added");
        gf_json_uint(&j, added);
        gf_json_key(&j, "lines_removed");
        gf_json_uint(&j, removed);
        gf_json_key(&j, "diff");
        gf_json_strn(&j, diff.ptr ? diff.ptr : "", diff.len);
        gf_json_key(&j, "sha256_before");
        gf_json_str(&j, hex);
        gf_json_key(&j, "sha256_after");
        gf_json_str(&j, hex2);
        gf_json_key(&j, "note");
        if (oc.note[0])
            gf_json_str(&j, oc.note);
        else
            gf_json_null(&j);
        gf_json_object_end(&j);
        gf_json_release(&j);
        gf_buf_addc(&out, '\n');
        cli_flush(&out);
    }
    rc = oc.none ? EXIT_NONE : EXIT_OK;
done:
    (void)verb;
    gf_free(after);
    gf_editset_delete(es);
    if (have_source)
        gf_source_release(&s);
    gf_buf_release(&diff);
    gf_buf_release(&out);
    gf_free(root);
    gf_free(abs);
    gf_free(rel);
    return rc;
}

/* ---- graft replace ---- */

static const char replace_help[] =
    "usage: graft replace PATH (--old TEXT | --old-file F) (--new TEXT | --new-file F)\n"
    "                     [--regex] [--all | --count N] [--fuzzy] [common options]\n\n"
    "Replace text in one file. The old text is literal and must occur exactly once,\n"
    "unless --all (every occurrence) or --count N (exactly N, else nothing changes).\n"
    "When it occurs several times, the error lists each occurrence with its line;\n"
    "when it does not occur, the error shows the closest line of the file. If the\n"
    "old text is absent and the new text present, the change counts as already\n"
    "made (changed: false, exit 0).\n\n"
    "options:\n"
    "      --old TEXT, --old-file F   the text to find (F '-' reads stdin)\n"
    "      --new TEXT, --new-file F   its replacement\n"
    "  -e, --regex                    the old text is a PCRE2 pattern (multiline: ^ and $\n"
    "                                 match at line breaks); the new text may use $1,\n"
    "                                 ${name}, $$\n"
    "  -a, --all                      replace every occurrence\n"
    "      --count N                  require exactly N occurrences\n"
    "      --fuzzy                    when the exact text is not found, compare whole\n"
    "                                 lines ignoring, step by step: leading whitespace\n"
    "                                 (the new text then takes the file's indentation),\n"
    "                                 also trailing whitespace, also one blank line more\n"
    "                                 or less; the match must still be unique, and the\n"
    "                                 result says which fallback matched\n\n" COMMON_HELP
    "\nexamples:\n"
    "  graft replace src/app.py --old 'retries = 3' --new 'retries = 5'\n"
    "  graft replace main.go --regex --old 'log\\.Printf\\((.*)\\)' --new 'slog.Info($1)' --all\n"
    "  graft replace README.md --old-file old.txt --new-file new.txt --dry-run --json\n";

int cmd_replace(int argc, char **argv)
{
    enum { OPT_OLD = 256, OPT_NEW, OPT_OLDF, OPT_NEWF, OPT_COUNT, OPT_FUZZY };
    static const struct option opts[] = {COMMON_OPTS,
                                         {"all", no_argument, NULL, 'a'},
                                         {"count", required_argument, NULL, OPT_COUNT},
                                         {"fuzzy", no_argument, NULL, OPT_FUZZY},
                                         {"new", required_argument, NULL, OPT_NEW},
                                         {"new-file", required_argument, NULL, OPT_NEWF},
                                         {"old", required_argument, NULL, OPT_OLD},
                                         {"old-file", required_argument, NULL, OPT_OLDF},
                                         {"regex", no_argument, NULL, 'e'},
                                         {0}};
    edit_common c = {0};
    edit_job job = {.act = ACT_REPLACE, .rep = {.count = -1}};
    const char *old = NULL, *nw = NULL, *oldf = NULL, *newf = NULL;
    int opt, n;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":aehn", opts, NULL)) != -1) {
        int k = common_opt("replace", opt, &c);
        if (k < 0)
            return EXIT_ERROR;
        if (k)
            continue;
        switch (opt) {
        case 'h': fputs(replace_help, stdout); return EXIT_OK;
        case 'a': job.rep.all = true; break;
        case 'e': job.rep.regex = true; break;
        case OPT_FUZZY: job.rep.fuzzy = true; break;
        case OPT_OLD: old = optarg; break;
        case OPT_NEW: nw = optarg; break;
        case OPT_OLDF: oldf = optarg; break;
        case OPT_NEWF: newf = optarg; break;
        case OPT_COUNT:
            if (!cli_parse_int(optarg, &n))
                return cli_usage_error("replace", "invalid --count '%s'", optarg);
            job.rep.count = n;
            break;
        default: return cli_bad_option("replace", opt, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("replace", "missing PATH");
    if (argc - optind > 1)
        return cli_usage_error("replace", "one PATH at a time");
    if (old && oldf)
        return cli_usage_error("replace", "--old and --old-file exclude each other");
    if (nw && newf)
        return cli_usage_error("replace", "--new and --new-file exclude each other");
    if (!old && !oldf)
        return cli_usage_error("replace", "give the old text with --old or --old-file");
    if (!nw && !newf)
        return cli_usage_error("replace", "give the new text with --new or --new-file");
    if (job.rep.all && job.rep.count >= 0)
        return cli_usage_error("replace", "--all and --count exclude each other");
    if (job.rep.fuzzy && job.rep.regex)
        return cli_usage_error("replace", "--fuzzy applies to literal text, not --regex");
    gf_buf ob = GF_BUF_INIT, nb = GF_BUF_INIT;
    int rc = text_arg(old, oldf, &ob);
    if (rc == EXIT_OK)
        rc = text_arg(nw, newf, &nb);
    if (rc == EXIT_OK) {
        job.rep.old = ob.ptr;
        job.rep.old_len = ob.len;
        job.rep.new_text = nb.ptr;
        job.rep.new_len = nb.len;
        rc = run_edit("replace", &c, argv[optind], &job);
    }
    gf_buf_release(&ob);
    gf_buf_release(&nb);
    return rc;
}

/* ---- graft insert ---- */

static const char insert_help[] =
    "usage: graft insert PATH (--anchor TEXT [--regex] | --at-line N) (--before | --after)\n"
    "                    (--text TEXT | --text-file F) [--occurrence N | --all]\n"
    "                    [--allow-no-match] [common options]\n\n"
    "Insert whole lines before or after the line holding an anchor (the anchor must\n"
    "occur on exactly one line, unless --occurrence N or --all), or after line N\n"
    "(--at-line; 0 inserts at the top). The text always becomes whole lines: a\n"
    "line break is added at its end when missing. If the text is already there,\n"
    "nothing changes (changed: false, exit 0).\n\n"
    "options:\n"
    "      --anchor TEXT         literal text on the line to insert beside\n"
    "  -e, --regex               the anchor is a PCRE2 pattern\n"
    "      --at-line N           insert after line N (1-based; 0: at the top)\n"
    "      --before, --after     where, relative to the anchor's line(s)\n"
    "      --text TEXT, --text-file F   the lines to insert (F '-' reads stdin)\n"
    "      --occurrence N        use the Nth line holding the anchor\n"
    "  -a, --all                 insert beside every line holding the anchor\n"
    "      --allow-no-match      a missing anchor is not an error: exit 1, nothing\n"
    "                            written\n\n" COMMON_HELP "\nexamples:\n"
    "  graft insert app.py --anchor 'import os' --after --text 'import sys'\n"
    "  graft insert CHANGES.md --at-line 0 --text '## 1.2.0'\n"
    "  graft insert main.go --regex --anchor '^func main' --before --text-file doc.txt\n";

int cmd_insert(int argc, char **argv)
{
    enum {
        OPT_ANCHOR = 256,
        OPT_TEXT,
        OPT_TEXTF,
        OPT_BEFORE,
        OPT_AFTER,
        OPT_OCC,
        OPT_ATLINE,
        OPT_ALLOW
    };
    static const struct option opts[] = {COMMON_OPTS,
                                         {"after", no_argument, NULL, OPT_AFTER},
                                         {"all", no_argument, NULL, 'a'},
                                         {"allow-no-match", no_argument, NULL, OPT_ALLOW},
                                         {"anchor", required_argument, NULL, OPT_ANCHOR},
                                         {"at-line", required_argument, NULL, OPT_ATLINE},
                                         {"before", no_argument, NULL, OPT_BEFORE},
                                         {"occurrence", required_argument, NULL, OPT_OCC},
                                         {"regex", no_argument, NULL, 'e'},
                                         {"text", required_argument, NULL, OPT_TEXT},
                                         {"text-file", required_argument, NULL, OPT_TEXTF},
                                         {0}};
    edit_common c = {0};
    edit_job job = {.act = ACT_INSERT, .ins = {.at_line = -1}};
    const char *text = NULL, *textf = NULL;
    int where = -1, opt, n;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":aehn", opts, NULL)) != -1) {
        int k = common_opt("insert", opt, &c);
        if (k < 0)
            return EXIT_ERROR;
        if (k)
            continue;
        switch (opt) {
        case 'h': fputs(insert_help, stdout); return EXIT_OK;
        case 'a': job.ins.all = true; break;
        case 'e': job.ins.regex = true; break;
        case OPT_ANCHOR:
            job.ins.anchor = optarg;
            job.ins.anchor_len = strlen(optarg);
            break;
        case OPT_TEXT: text = optarg; break;
        case OPT_TEXTF: textf = optarg; break;
        case OPT_BEFORE:
        case OPT_AFTER:
            if (where >= 0 && where != (opt == OPT_AFTER))
                return cli_usage_error("insert", "--before and --after exclude each other");
            where = opt == OPT_AFTER;
            break;
        case OPT_ALLOW: job.ins.allow_no_match = true; break;
        case OPT_OCC:
            if (!cli_parse_int(optarg, &n) || n < 1)
                return cli_usage_error("insert", "invalid --occurrence '%s'", optarg);
            job.ins.occurrence = n;
            break;
        case OPT_ATLINE: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || end == optarg)
                return cli_usage_error("insert", "invalid --at-line '%s'", optarg);
            job.ins.at_line = v;
            break;
        }
        default: return cli_bad_option("insert", opt, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("insert", "missing PATH");
    if (argc - optind > 1)
        return cli_usage_error("insert", "one PATH at a time");
    if (job.ins.anchor && job.ins.at_line >= 0)
        return cli_usage_error("insert", "--anchor and --at-line exclude each other");
    if (!job.ins.anchor && job.ins.at_line < 0)
        return cli_usage_error("insert", "give --anchor TEXT or --at-line N");
    if (job.ins.anchor && where < 0)
        return cli_usage_error("insert", "say --before or --after the anchor");
    if (job.ins.at_line >= 0 && (where == 0 || job.ins.all || job.ins.occurrence))
        return cli_usage_error("insert", "--at-line inserts after the line; --before, --all "
                                         "and --occurrence need an --anchor");
    if (job.ins.all && job.ins.occurrence)
        return cli_usage_error("insert", "--all and --occurrence exclude each other");
    if (text && textf)
        return cli_usage_error("insert", "--text and --text-file exclude each other");
    if (!text && !textf)
        return cli_usage_error("insert", "give the text with --text or --text-file");
    job.ins.after = where == 1 || job.ins.at_line >= 0;
    gf_buf tb = GF_BUF_INIT;
    int rc = text_arg(text, textf, &tb);
    if (rc == EXIT_OK) {
        job.ins.text = tb.ptr;
        job.ins.text_len = tb.len;
        rc = run_edit("insert", &c, argv[optind], &job);
    }
    gf_buf_release(&tb);
    return rc;
}

/* ---- graft delete-range ---- */

static const char delete_help[] =
    "usage: graft delete-range PATH --start TEXT --end TEXT [--regex] [--exclusive]\n"
    "                          [common options]\n\n"
    "Delete whole lines: from the line holding the start anchor through the line\n"
    "holding the first end anchor after it (with --exclusive, only the lines between\n"
    "them). Refused, with nothing written, when an anchor is missing, when the end\n"
    "comes before the start, or when there is more than one candidate range (they\n"
    "are listed).\n\n"
    "options:\n"
    "      --start TEXT    the anchor of the first line\n"
    "      --end TEXT      the anchor of the last line\n"
    "  -e, --regex         the anchors are PCRE2 patterns\n"
    "      --exclusive     keep the anchor lines\n\n" COMMON_HELP "\nexamples:\n"
    "  graft delete-range app.py --start '# BEGIN generated' --end '# END generated'\n"
    "  graft delete-range conf.ini --start '[legacy]' --end 'timeout' --exclusive --dry-run\n";

int cmd_delete_range(int argc, char **argv)
{
    enum { OPT_START = 256, OPT_END, OPT_EXCL };
    static const struct option opts[] = {COMMON_OPTS,
                                         {"end", required_argument, NULL, OPT_END},
                                         {"exclusive", no_argument, NULL, OPT_EXCL},
                                         {"regex", no_argument, NULL, 'e'},
                                         {"start", required_argument, NULL, OPT_START},
                                         {0}};
    edit_common c = {0};
    edit_job job = {.act = ACT_DELETE};
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":ehn", opts, NULL)) != -1) {
        int k = common_opt("delete-range", opt, &c);
        if (k < 0)
            return EXIT_ERROR;
        if (k)
            continue;
        switch (opt) {
        case 'h': fputs(delete_help, stdout); return EXIT_OK;
        case 'e': job.del.regex = true; break;
        case OPT_START:
            job.del.start = optarg;
            job.del.start_len = strlen(optarg);
            break;
        case OPT_END:
            job.del.end = optarg;
            job.del.end_len = strlen(optarg);
            break;
        case OPT_EXCL: job.del.exclusive = true; break;
        default: return cli_bad_option("delete-range", opt, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("delete-range", "missing PATH");
    if (argc - optind > 1)
        return cli_usage_error("delete-range", "one PATH at a time");
    if (!job.del.start || !job.del.end)
        return cli_usage_error("delete-range", "give both --start and --end");
    return run_edit("delete-range", &c, argv[optind], &job);
}
