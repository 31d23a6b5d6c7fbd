/* cmd_patch: apply unified diffs (diff -u, git diff, git format-patch), all or nothing. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cli.h"
#include "edit/patch.h"
#include "edit/root.h"
#include "util/alloc.h"
#include "util/file.h"
#include "util/json.h"

/* Largest patch read (file or stdin). */
#define MAX_PATCH ((size_t)256 << 20)

static const char patch_help[] =
    "usage: graft patch [PATCHFILE|-] [-p N] [-d DIR] [-F N] [--reject] [-R] [--check]\n"
    "                   [--root DIR] [-n] [--json[=STYLE]]\n\n"
    "Apply a unified diff as written by diff -u, git diff or git format-patch (mail\n"
    "headers, commit message and signature are skipped), to any number of files:\n"
    "changes, new and deleted files, renames and copies (with or without changes),\n"
    "mode changes, quoted names, \"\\ No newline at end of file\". PATCHFILE '-' or\n"
    "none reads stdin. Paths in the patch are relative to the current directory\n"
    "(or -d DIR), as for GNU patch. Binary patches, symbolic links and\n"
    "submodules are refused.\n\n"
    "Each hunk is tried at the line it names, then at the nearest offset in either\n"
    "direction (reported as GNU patch does: \"Hunk #2 succeeded at 120 (offset 4\n"
    "lines).\"); context lines are ignored only with --fuzz. In a file whose lines\n"
    "all end with CRLF, the patch's LF lines match and added lines get CRLF.\n\n"
    "All or nothing: every file and hunk is checked before anything is written;\n"
    "if one fails, nothing is written (exit 2) and the error names the file, the\n"
    "hunk and the first line that did not match. With --reject, the hunks that\n"
    "apply are written and the others go to FILE.rej (exit 1); a missing file or\n"
    "one that already exists still fails the whole patch. A patch that is already\n"
    "applied (its reverse applies cleanly) changes nothing: changed: false, exit 0.\n"
    "Files are written one by one, each atomically (temporary file, fsync,\n"
    "rename; refused if it changed since it was read); new files first, then\n"
    "deletions, so a rename writes the new name before removing the old.\n\n"
    "options:\n"
    "  -p, --strip N            remove N leading path components (default 1, as\n"
    "                           git apply: a/ and b/); -p0 for plain paths\n"
    "  -d, --directory DIR      paths in the patch are relative to DIR\n"
    "  -F, --fuzz N             ignore up to N context lines at each end of a hunk\n"
    "                           when it does not apply otherwise (default 0)\n"
    "      --reject             write what applies; failed hunks go to FILE.rej\n"
    "  -R, --reverse            apply the patch in reverse (undo it)\n"
    "      --check              only test: write nothing, print nothing but errors;\n"
    "                           exit 0 if it applies, 2 if it would fail\n"
    "      --root DIR           patch only beneath DIR (default: the enclosing git\n"
    "                           work tree, else the current directory); paths that\n"
    "                           leave it (.., absolute, symbolic links) or enter .git\n"
    "                           are refused\n"
    "  -n, --dry-run            report what would be done, write nothing\n"
    "      --json[=STYLE]       print an array with one object per file: path,\n"
    "                           old_path, action (modify, create, delete, rename,\n"
    "                           copy, mode), changed, written, hunks, hunks_applied,\n"
    "                           offsets, lines_added, lines_removed, sha256_before,\n"
    "                           sha256_after, mode_before, mode_after, reject_file,\n"
    "                           error, note (STYLE: pretty or compact)\n"
    "  -h, --help               show this help\n\n"
    "exit status: 0 applied (or already applied), 1 some hunks rejected (--reject),\n"
    "2 error or would not apply (nothing written)\n\n"
    "examples:\n"
    "  git diff > fix.patch && graft patch fix.patch --root ../other-checkout\n"
    "  graft patch --check 0001-fix.patch          # does it apply? (git format-patch)\n"
    "  diff -u old.c new.c | graft patch -p0 --json\n"
    "  graft patch -R fix.patch                    # undo it\n"
    "  graft patch --reject --fuzz 2 backport.diff # keep what applies, FILE.rej the rest\n";

typedef enum out_mode { OUT_TEXT, OUT_PRETTY, OUT_COMPACT } out_mode;

static const char *action_name(gf_patch_kind k)
{
    switch (k) {
    case GF_PATCH_CREATE: return "create";
    case GF_PATCH_DELETE: return "delete";
    case GF_PATCH_RENAME: return "rename";
    case GF_PATCH_COPY: return "copy";
    case GF_PATCH_MODE: return "mode";
    case GF_PATCH_MODIFY: break;
    }
    return "modify";
}

/* Non-negative number for -p and --fuzz. */
static bool parse_count(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 0 || v > 1000)
        return false;
    *out = (int)v;
    return true;
}

/* Appends text[0..n) quoted for a message: at most 120 bytes, '\r' and
 * other control characters escaped. */
static void shown_line(gf_buf *b, const char *text, size_t n)
{
    gf_buf_addc(b, '\'');
    for (size_t i = 0; i < n && i < 120; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\r')
            gf_buf_adds(b, "\\r");
        else if ((c < 0x20 && c != '\t') || c == 0x7f)
            gf_buf_printf(b, "\\x%02x", c);
        else
            gf_buf_addc(b, (char)c);
    }
    if (n > 120)
        gf_buf_adds(b, "...");
    gf_buf_addc(b, '\'');
}

static void hunk_header(gf_buf *b, const gf_phunk *hk)
{
    gf_buf_printf(b, "@@ -%ld", hk->old_start);
    if (hk->old_count != 1)
        gf_buf_printf(b, ",%ld", hk->old_count);
    gf_buf_printf(b, " +%ld", hk->new_start);
    if (hk->new_count != 1)
        gf_buf_printf(b, ",%ld", hk->new_count);
    gf_buf_adds(b, " @@");
}

/* Reports why hunk h of r failed (stderr). */
static void report_hunk(const gf_patch_result *r, size_t h)
{
    const gf_hunk_result *hr = &r->hunks[h];
    gf_buf b = GF_BUF_INIT;
    gf_buf_printf(&b, "'%s': hunk #%zu (", r->name, h + 1);
    hunk_header(&b, &r->fp->hunks.items[h]);
    gf_buf_adds(&b, ") does not apply: ");
    if (hr->bad_line == 0) {
        gf_buf_adds(&b, "its lines match only where its context does not allow (a hunk "
                        "without leading or trailing context must start at the top or end "
                        "at the bottom of the file, after the hunk before it)");
    } else if (!hr->expect) {
        gf_buf_printf(&b, "it inserts after line %ld, but the file ends at line %ld",
                      hr->bad_line - 1, hr->bad_line - 1);
    } else if (!hr->found) {
        gf_buf_printf(&b, "the file ends at line %ld where the patch expects ", hr->bad_line - 1);
        shown_line(&b, hr->expect, hr->expect_len);
    } else {
        size_t fl = hr->found_len, el = hr->expect_len;
        bool fnl = fl && hr->found[fl - 1] == '\n', enl = el && hr->expect[el - 1] == '\n';
        fl -= fnl;
        el -= enl;
        bool eol_only = fl == el && !memcmp(hr->found, hr->expect, fl);
        gf_buf_printf(&b, "line %ld is ", hr->bad_line);
        shown_line(&b, hr->found, fl);
        if (eol_only && !fnl)
            gf_buf_adds(&b, " without a final newline");
        gf_buf_adds(&b, ", the patch expects ");
        shown_line(&b, hr->expect, el);
        if (eol_only && !enl)
            gf_buf_adds(&b, " without a final newline");
        else if (eol_only)
            gf_buf_adds(&b, " with a newline");
    }
    cli_error("%s", b.ptr);
    gf_buf_release(&b);
}

/* GNU patch's account of a hunk placed away from its line or with fuzz. */
static void hunk_note(gf_buf *out, size_t h, const gf_hunk_result *hr)
{
    if (!hr->applied) {
        gf_buf_printf(out, "Hunk #%zu FAILED at %ld.\n", h + 1, hr->newwhere);
        return;
    }
    if (!hr->fuzz && !hr->offset)
        return;
    gf_buf_printf(out, "Hunk #%zu succeeded at %ld", h + 1, hr->newwhere);
    if (hr->fuzz)
        gf_buf_printf(out, " with fuzz %d", hr->fuzz);
    if (hr->offset)
        gf_buf_printf(out, " (offset %ld line%s)", hr->offset, hr->offset == 1 ? "" : "s");
    gf_buf_adds(out, ".\n");
}

static void text_result(gf_buf *out, const gf_patch_result *r)
{
    switch (r->action) {
    case GF_PATCH_CREATE: gf_buf_printf(out, "creating file '%s'", r->name); break;
    case GF_PATCH_DELETE: gf_buf_printf(out, "deleting file '%s'", r->name); break;
    case GF_PATCH_RENAME: gf_buf_printf(out, "renaming '%s' to '%s'", r->old_name, r->name); break;
    case GF_PATCH_COPY: gf_buf_printf(out, "copying '%s' to '%s'", r->old_name, r->name); break;
    case GF_PATCH_MODE: gf_buf_printf(out, "changing mode of '%s'", r->name); break;
    case GF_PATCH_MODIFY: gf_buf_printf(out, "patching file '%s'", r->name); break;
    }
    if (r->has_before && r->has_after && r->mode_before != r->mode_after)
        gf_buf_printf(out, " (mode %o)", 0100000 | r->mode_after);
    else if (!r->has_before && r->has_after && (r->mode_after & 0111))
        gf_buf_printf(out, " (mode %o)", 0100000 | r->mode_after);
    if (!r->changed && !r->note[0])
        gf_buf_adds(out, " (no change)");
    gf_buf_addc(out, '\n');
    size_t failed = 0;
    for (size_t h = 0; h < r->fp->hunks.len; h++) {
        hunk_note(out, h, &r->hunks[h]);
        failed += !r->hunks[h].applied;
    }
    if (failed && r->rej_path)
        gf_buf_printf(out, "%zu out of %zu hunk%s FAILED -- saving rejects to file '%s'\n", failed,
                      r->fp->hunks.len, r->fp->hunks.len == 1 ? "" : "s", r->rej_path);
}

static void json_sha(gf_json *j, const char *key, bool have, const char *hex)
{
    gf_json_key(j, key);
    if (have)
        gf_json_str(j, hex);
    else
        gf_json_null(j);
}

static void json_mode(gf_json *j, const char *key, bool have, unsigned mode)
{
    gf_json_key(j, key);
    if (have) {
        char m[16];
        snprintf(m, sizeof m, "%o", 0100000 | mode);
        gf_json_str(j, m);
    } else {
        gf_json_null(j);
    }
}

static void json_result(gf_json *j, const gf_patch_result *r, bool written)
{
    gf_json_object_begin(j);
    gf_json_key(j, "path");
    gf_json_str(j, r->path ? r->path : r->name ? r->name : "");
    gf_json_key(j, "old_path");
    if (r->old_path)
        gf_json_str(j, r->old_path);
    else
        gf_json_null(j);
    gf_json_key(j, "action");
    gf_json_str(j, action_name(r->action));
    gf_json_key(j, "changed");
    gf_json_bool(j, r->changed);
    gf_json_key(j, "written");
    gf_json_bool(j, written && r->changed);
    gf_json_key(j, "hunks");
    gf_json_uint(j, r->fp->hunks.len);
    gf_json_key(j, "hunks_applied");
    gf_json_uint(j, r->applied);
    gf_json_key(j, "offsets");
    gf_json_array_begin(j);
    for (size_t h = 0; h < r->fp->hunks.len; h++)
        if (r->hunks[h].applied)
            gf_json_int(j, r->hunks[h].offset);
        else
            gf_json_null(j);
    gf_json_array_end(j);
    gf_json_key(j, "lines_added");
    gf_json_uint(j, r->added);
    gf_json_key(j, "lines_removed");
    gf_json_uint(j, r->removed);
    json_sha(j, "sha256_before", r->has_before, r->sha_before);
    json_sha(j, "sha256_after", r->has_after, r->sha_after);
    json_mode(j, "mode_before", r->has_before, r->mode_before);
    json_mode(j, "mode_after", r->has_after, r->mode_after);
    gf_json_key(j, "reject_file");
    if (r->rej_path)
        gf_json_str(j, r->rej_path);
    else
        gf_json_null(j);
    gf_json_key(j, "error");
    if (r->error)
        gf_json_str(j, r->error);
    else
        gf_json_null(j);
    gf_json_key(j, "note");
    if (r->note[0])
        gf_json_str(j, r->note);
    else
        gf_json_null(j);
    gf_json_object_end(j);
}

static void print_json(const gf_patch_plan *pl, out_mode mode, bool written)
{
    gf_buf out = GF_BUF_INIT;
    gf_json j;
    gf_json_init(&j, &out, mode == OUT_PRETTY);
    gf_json_array_begin(&j);
    for (size_t i = 0; i < pl->files.len; i++)
        json_result(&j, &pl->files.items[i], written);
    gf_json_array_end(&j);
    gf_json_release(&j);
    gf_buf_addc(&out, '\n');
    cli_flush(&out);
    gf_buf_release(&out);
}

typedef struct patch_args {
    const char *file, *dir, *root_arg;
    int strip, fuzz;
    bool reject, reverse, check, dry_run;
    out_mode mode;
} patch_args;

static int run_patch(const patch_args *a)
{
    gf_error e = {0};
    gf_buf text = GF_BUF_INIT;
    gf_patch p = GF_PATCH_INIT;
    gf_patch_plan pl = {0};
    char *root = NULL;
    int rc = EXIT_OK;
    bool stdin_in = !a->file || !strcmp(a->file, "-");
    if ((stdin_in ? gf_read_fd(0, "<stdin>", MAX_PATCH, &text, &e)
                  : gf_read_file(a->file, MAX_PATCH, 0, &text, NULL, &e)) != 0) {
        rc = cli_report(&e);
        goto done;
    }
    if (a->root_arg) {
        char *r = realpath(a->root_arg, NULL);
        if (!r) {
            rc = cli_error("--root '%s': %s", a->root_arg, strerror(errno));
            goto done;
        }
        root = gf_strdup(r);
        free(r);
    } else if (gf_root_default(a->dir ? a->dir : ".", &root, &e) != 0) {
        rc = cli_report(&e);
        goto done;
    }
    if (a->dir) {
        struct stat st;
        if (stat(a->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            rc = cli_error("--directory '%s': not a directory", a->dir);
            goto done;
        }
    }
    if (gf_patch_parse(&p, text.ptr, text.len, a->strip, &e) != 0) {
        rc = cli_error("'%s': %s", stdin_in ? "<stdin>" : a->file, e.message);
        goto done;
    }
    if (a->reverse)
        gf_patch_reverse(&p);
    gf_patch_opts o = {.root = root,
                       .directory = a->dir,
                       .fuzz = a->fuzz,
                       .reject = a->reject,
                       .hashes = a->mode != OUT_TEXT};
    if (gf_patch_plan_build(&pl, &p, &o, &e) != 0) {
        rc = cli_report(&e);
        goto done;
    }
    bool failed = pl.failed_files || (pl.failed_hunks && !a->reject);
    if (pl.already_applied) {
        if (a->mode != OUT_TEXT)
            print_json(&pl, a->mode, false);
        fprintf(stderr, "graft: note: the patch is already applied (its reverse applies "
                        "cleanly); nothing to do\n");
        rc = EXIT_OK;
        goto done;
    }
    if (failed) {
        if (a->mode != OUT_TEXT)
            print_json(&pl, a->mode, false);
        /* the first failure of each file, for the first few files */
        size_t shown = 0, bad = 0;
        for (size_t i = 0; i < pl.files.len; i++) {
            const gf_patch_result *r = &pl.files.items[i];
            size_t nfail = 0, first = 0;
            for (size_t h = 0; h < r->fp->hunks.len; h++)
                if (!r->hunks[h].applied && !nfail++)
                    first = h;
            if (!r->error && !nfail)
                continue;
            if (bad++ >= 10)
                continue;
            shown++;
            if (r->error)
                cli_error("%s", r->error);
            else
                report_hunk(r, first);
            if (!r->error && nfail > 1)
                cli_error("'%s': %zu more hunk%s did not apply", r->name, nfail - 1,
                          nfail == 2 ? "" : "s");
        }
        if (bad > shown)
            cli_error("... and %zu more file%s that cannot be patched", bad - shown,
                      bad - shown == 1 ? "" : "s");
        size_t total = 0;
        for (size_t i = 0; i < p.files.len; i++)
            total += p.files.items[i].hunks.len;
        if (pl.failed_hunks && !a->reject)
            cli_error("nothing written: %zu of %zu hunk%s did not apply (--reject writes the "
                      "hunks that apply%s)",
                      pl.failed_hunks, total, total == 1 ? "" : "s",
                      a->fuzz ? "" : "; --fuzz N tolerates changed context");
        else
            cli_error("nothing written");
        rc = EXIT_ERROR;
        goto done;
    }
    size_t written = 0;
    bool write = !a->check && !a->dry_run;
    int crc = write ? gf_patch_plan_commit(&pl, &written, &e) : 0;
    if (a->mode != OUT_TEXT) {
        print_json(&pl, a->mode, write && crc == 0);
    } else if (!a->check) {
        gf_buf out = GF_BUF_INIT;
        for (size_t i = 0; i < pl.files.len; i++)
            text_result(&out, &pl.files.items[i]);
        cli_flush(&out);
        gf_buf_release(&out);
    }
    if (a->dry_run && !a->check && crc == 0)
        fprintf(stderr, "graft: dry run: nothing written\n");
    if (crc != 0) {
        rc = cli_report(&e);
        if (written)
            cli_error("%zu file%s had been written before the error", written,
                      written == 1 ? "" : "s");
        goto done;
    }
    rc = pl.failed_hunks ? EXIT_NONE : EXIT_OK;
done:
    gf_patch_plan_release(&pl);
    gf_patch_release(&p);
    gf_buf_release(&text);
    gf_free(root);
    return rc;
}

int cmd_patch(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_REJECT, OPT_CHECK, OPT_ROOT };
    static const struct option opts[] = {{"check", no_argument, NULL, OPT_CHECK},
                                         {"directory", required_argument, NULL, 'd'},
                                         {"dry-run", no_argument, NULL, 'n'},
                                         {"fuzz", required_argument, NULL, 'F'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"input", required_argument, NULL, 'i'},
                                         {"json", optional_argument, NULL, OPT_JSON},
                                         {"reject", no_argument, NULL, OPT_REJECT},
                                         {"reverse", no_argument, NULL, 'R'},
                                         {"root", required_argument, NULL, OPT_ROOT},
                                         {"strip", required_argument, NULL, 'p'},
                                         {0}};
    patch_args a = {.strip = 1};
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":d:F:hi:np:R", opts, NULL)) != -1) {
        switch (opt) {
        case 'h': fputs(patch_help, stdout); return EXIT_OK;
        case 'd': a.dir = optarg; break;
        case 'i': a.file = optarg; break;
        case 'n': a.dry_run = true; break;
        case 'R': a.reverse = true; break;
        case OPT_CHECK: a.check = true; break;
        case OPT_REJECT: a.reject = true; break;
        case OPT_ROOT: a.root_arg = optarg; break;
        case 'p':
            if (!parse_count(optarg, &a.strip))
                return cli_usage_error("patch", "invalid -p '%s'", optarg);
            break;
        case 'F':
            if (!parse_count(optarg, &a.fuzz))
                return cli_usage_error("patch", "invalid --fuzz '%s'", optarg);
            break;
        case OPT_JSON:
            if (!optarg || !strcmp(optarg, "pretty"))
                a.mode = OUT_PRETTY;
            else if (!strcmp(optarg, "compact"))
                a.mode = OUT_COMPACT;
            else
                return cli_usage_error("patch", "unknown JSON style '%s' (pretty, compact)",
                                       optarg);
            break;
        default: return cli_bad_option("patch", opt, argv);
        }
    }
    if (optind < argc) {
        if (a.file || argc - optind > 1)
            return cli_usage_error("patch", "one patch at a time");
        a.file = argv[optind];
    }
    return run_patch(&a);
}
