/* run: the plan executor -- steps, the verb bridge, diffs applied all or
 * nothing, the budget, artifacts and rollback. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "edit/patch.h"
#include "plan/plan.h"
#include "plan/proc.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/file.h"

#define DEFAULT_BUDGET 1000

/* ---- small helpers ---- */

/* snprintf for names and paths: a result that does not fit is emptied, so
 * that it names nothing rather than a truncated path. */
__attribute__((format(printf, 3, 4))) static void pathf(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, cap, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap)
        out[0] = '\0';
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "2026-12-02T13:04:05.123Z" */
static void iso_time(double t, char out[32])
{
    time_t s = (time_t)t;
    struct tm tm;
    gmtime_r(&s, &tm);
    int ms = (int)((t - (double)s) * 1000);
    pathf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
          tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

static void sha_hex(const char *data, size_t len, char hex[65])
{
    unsigned char sha[32];
    gf_sha256(data, len, sha);
    gf_sha256_hex(sha, hex);
}

/* Writes a whole artifact file (never a user file: these live under the
 * state directory, which the run owns). */
static int write_artifact(const char *path, const char *data, size_t len, gf_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return gf_error_errno(err, errno, path);
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno;
            close(fd);
            return gf_error_errno(err, e, path);
        }
        off += (size_t)w;
    }
    if (close(fd) != 0)
        return gf_error_errno(err, errno, path);
    return 0;
}

static int write_json(const char *path, const json_t *v, gf_error *err)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!s)
        return gf_error_set(err, GF_ENOMEM, "out of memory");
    size_t n = strlen(s);
    s[n] = '\0';
    gf_buf b = GF_BUF_INIT;
    gf_buf_add(&b, s, n);
    gf_buf_addc(&b, '\n');
    free(s);
    int rc = write_artifact(path, b.ptr, b.len, err);
    gf_buf_release(&b);
    return rc;
}

/* "Fix the parser!" -> "fix-the-parser" (at most 40 characters). */
static void slug(const char *name, char out[48])
{
    size_t o = 0;
    bool dash = false;
    for (const char *p = name; *p && o < 40; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && o)
                out[o++] = '-';
            out[o++] = c;
            dash = false;
        } else {
            dash = true;
        }
    }
    if (!o)
        out[o++] = 's';
    out[o] = '\0';
}

static json_t *jstr(const char *s, size_t len)
{
    json_t *v = json_stringn_nocheck(s ? s : "", s ? len : 0);
    return v ? v : json_string("");
}

/* Text that may not be UTF-8 (command output): invalid bytes become U+FFFD. */
static json_t *jtext(const char *s, size_t len)
{
    json_t *v = json_stringn(s ? s : "", s ? len : 0);
    if (v)
        return v;
    gf_buf b = GF_BUF_INIT;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        json_t *probe = n && i + n <= len ? json_stringn(s + i, n) : NULL;
        if (probe) {
            gf_buf_add(&b, s + i, n);
            json_decref(probe);
            i += n;
        } else {
            gf_buf_adds(&b, "\xEF\xBF\xBD");
            i++;
        }
    }
    v = json_stringn(b.ptr ? b.ptr : "", b.len);
    gf_buf_release(&b);
    return v ? v : json_string("");
}

/* ---- the run's state ---- */

typedef struct runctx {
    const gf_plan *plan;
    const gf_run_opts *o;
    char cwd[PATH_MAX];
    char *dir; /* the run's artifacts directory */
    long budget, used;
    json_t *registered; /* name -> result */
    json_t *steps;      /* results.json's steps */
    json_t *changed;    /* object used as an ordered set of changed paths */
    FILE *events;
    size_t added, removed;
} runctx;

static const json_t *lookup(void *ctx, const char *name)
{
    runctx *r = ctx;
    const json_t *v = json_object_get(r->registered, name);
    return v || !r->plan ? v : json_object_get(r->plan->vars, name);
}

static void event(runctx *r, const char *what, size_t index, const gf_plan_step *s, json_t *extra)
{
    char ts[32];
    iso_time(wall_now(), ts);
    json_t *e = json_pack("{s:s, s:s}", "time", ts, "event", what);
    if (s) {
        json_object_set_new(e, "step", json_integer((json_int_t)index + 1));
        json_object_set_new(e, "name", json_string(s->name));
        json_object_set_new(e, "action", json_string(s->action->name));
    }
    if (extra) {
        json_object_update(e, extra);
        json_decref(extra); /* callers hand over a new reference */
    }
    char *line = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (line && r->events) {
        fputs(line, r->events);
        fputc('\n', r->events);
        fflush(r->events);
    }
    free(line);
    json_decref(e);
}

/* ---- step outcome ---- */

typedef struct outcome {
    gf_step_status status;
    gf_buf message; /* why it failed */
    json_t *result; /* registered; NULL: none */
    json_t *record; /* results.json's entry */
    gf_buf log;
    size_t lines; /* changed lines (added + removed) */
} outcome;

__attribute__((format(printf, 3, 4))) static void failf(outcome *oc, gf_step_status st,
                                                        const char *fmt, ...)
{
    oc->status = st;
    gf_buf_clear(&oc->message);
    va_list ap;
    va_start(ap, fmt);
    gf_buf_vprintf(&oc->message, fmt, ap);
    va_end(ap);
}

/* ---- argument values (after substitution) ---- */

static int arg_text(const json_t *v, const gf_argspec *a, gf_buf *out, gf_error *err)
{
    gf_buf_clear(out);
    if (json_is_string(v)) {
        if (a->type == GF_ARG_INT || a->type == GF_ARG_NUM) {
            /* a template that gave digits as text */
            const char *s = json_string_value(v);
            char *end;
            double d = strtod(s, &end);
            if (!*s || *end || d < 0)
                return gf_error_set(err, GF_EINVAL, "'%s' must be a non-negative number, not '%s'",
                                    a->name, s);
        }
        return gf_buf_add(out, json_string_value(v), json_string_length(v));
    }
    if (json_is_integer(v)) {
        if (a->type == GF_ARG_INT && json_integer_value(v) < 0)
            return gf_error_set(err, GF_EINVAL, "'%s' must not be negative", a->name);
        return gf_buf_printf(out, "%lld", (long long)json_integer_value(v));
    }
    if (json_is_real(v) || json_is_boolean(v)) {
        if (a->type == GF_ARG_INT)
            return gf_error_set(err, GF_EINVAL, "'%s' must be an integer", a->name);
        char *t = gf_json_text(v);
        gf_buf_adds(out, t);
        gf_free(t);
        return 0;
    }
    return gf_error_set(err, GF_EINVAL, "'%s' must be a %s, not %s", a->name,
                        a->type == GF_ARG_INT ? "number" : "string",
                        json_is_null(v)    ? "null"
                        : json_is_array(v) ? "a list"
                                           : "a mapping");
}

static bool arg_bool(const json_t *v, bool *out)
{
    if (json_is_boolean(v)) {
        *out = json_is_true(v);
        return true;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (!strcmp(s, "true") || !strcmp(s, "false")) {
            *out = s[0] == 't';
            return true;
        }
    }
    return false;
}

typedef GF_VEC(char *) strvec;

static void strvec_free(strvec *v)
{
    for (size_t i = 0; i < v->len; i++)
        gf_free(v->items[i]);
    gf_vec_release(v);
}

static void push_str(strvec *v, const char *s)
{
    gf_vec_push(v, gf_strdup(s));
}

/* Each value of a STRS argument (a string or a list). */
static int each_text(const json_t *v, const gf_argspec *a, strvec *out, gf_error *err)
{
    gf_buf t = GF_BUF_INIT;
    int rc = 0;
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if ((rc = arg_text(x, a, &t, err)) != 0)
                break;
            push_str(out, t.ptr ? t.ptr : "");
        }
    } else if ((rc = arg_text(v, a, &t, err)) == 0) {
        push_str(out, t.ptr ? t.ptr : "");
    }
    gf_buf_release(&t);
    return rc;
}

/* argv for the verb behind a READ / EDIT action: options, "--", positionals. */
static int verb_argv(runctx *r, const gf_action *act, const json_t *args, const char *const *fixed,
                     strvec *argv, gf_error *err)
{
    push_str(argv, r->o->exe);
    push_str(argv, act->verb);
    for (const char *const *f = fixed; f && *f; f++)
        push_str(argv, *f);
    int rc = 0;
    for (const gf_argspec *a = act->args; a->name && !rc; a++) {
        const json_t *v = json_object_get(args, a->name);
        if (!v || !a->opt)
            continue;
        if (a->type == GF_ARG_BOOL) {
            bool b;
            if (!arg_bool(v, &b))
                return gf_error_set(err, GF_EINVAL, "'%s' must be true or false", a->name);
            if (b)
                push_str(argv, a->opt);
            continue;
        }
        if (a->type != GF_ARG_STRS && (json_is_array(v) || json_is_object(v)))
            return gf_error_set(err, GF_EINVAL, "'%s' must be a %s, not %s", a->name,
                                a->type == GF_ARG_STR ? "string" : "number",
                                json_is_array(v) ? "a list" : "a mapping");
        strvec vals = GF_VEC_INIT;
        rc = each_text(v, a, &vals, err);
        for (size_t i = 0; i < vals.len && !rc; i++) {
            push_str(argv, a->opt);
            push_str(argv, vals.items[i]);
        }
        strvec_free(&vals);
    }
    if (rc)
        return rc;
    push_str(argv, "--");
    for (int pos = 1; pos < 8 && !rc; pos++)
        for (const gf_argspec *a = act->args; a->name && !rc; a++) {
            const json_t *v = json_object_get(args, a->name);
            if (a->pos != pos || !v)
                continue;
            if (a->type != GF_ARG_STRS && (json_is_array(v) || json_is_object(v)))
                return gf_error_set(err, GF_EINVAL, "'%s' must be a string, not %s", a->name,
                                    json_is_array(v) ? "a list" : "a mapping");
            strvec vals = GF_VEC_INIT;
            rc = each_text(v, a, &vals, err);
            for (size_t i = 0; i < vals.len; i++)
                push_str(argv, vals.items[i]);
            strvec_free(&vals);
        }
    gf_vec_push(argv, NULL);
    argv->len--;
    return rc;
}

/* Appends a command's record to the step log. */
static void log_command(gf_buf *log, char *const *argv, const gf_proc_result *pr)
{
    gf_buf_adds(log, "$");
    for (char *const *a = argv; *a; a++) {
        gf_buf_addc(log, ' ');
        bool plain = **a != '\0';
        for (const char *p = *a; *p; p++)
            plain &= strchr(" \t\n'\"\\$`;&|<>(){}*?[]#~", *p) == NULL;
        if (plain) {
            gf_buf_adds(log, *a);
        } else {
            gf_buf_addc(log, '\'');
            for (const char *p = *a; *p; p++)
                *p == '\'' ? gf_buf_adds(log, "'\\''") : gf_buf_addc(log, *p);
            gf_buf_addc(log, '\'');
        }
    }
    gf_buf_printf(log, "\n--- stdout (%zu bytes)\n", pr->out.len);
    gf_buf_add(log, pr->out.ptr, pr->out.len);
    if (pr->out.len && pr->out.ptr[pr->out.len - 1] != '\n')
        gf_buf_addc(log, '\n');
    gf_buf_printf(log, "--- stderr (%zu bytes)\n", pr->err.len);
    gf_buf_add(log, pr->err.ptr, pr->err.len);
    if (pr->err.len && pr->err.ptr[pr->err.len - 1] != '\n')
        gf_buf_addc(log, '\n');
    gf_buf_printf(log, "--- exit code %d%s%s, %.3f s\n", pr->exit_code,
                  pr->timed_out ? " (timed out)" : "", pr->truncated ? " (output truncated)" : "",
                  pr->seconds);
}

/* A verb's error message: its stderr without the "graft: " prefixes. */
static void verb_message(const gf_proc_result *pr, gf_buf *out)
{
    gf_buf_clear(out);
    const char *s = pr->err.ptr ? pr->err.ptr : "";
    size_t n = pr->err.len;
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        n--;
    if (n > 2000)
        n = 2000;
    if (n >= 7 && !memcmp(s, "graft: ", 7)) {
        s += 7;
        n -= 7;
    }
    if (n)
        gf_buf_add(out, s, n);
    else
        gf_buf_printf(out, "exit code %d", pr->exit_code);
}

/* Runs argv; 0 with *pr filled (any exit code), or an error when it could not start. */
static int run_verb(runctx *r, strvec *argv, gf_proc_result *pr, gf_buf *log, gf_error *err)
{
    gf_proc_opts po = {.argv = argv->items, .cwd = r->cwd, .cancel = r->o->cancel};
    int rc = gf_proc_run(&po, pr, err);
    if (!rc)
        log_command(log, argv->items, pr);
    return rc;
}

/* Runs the verb behind act with args; false (oc says why) when it could
 * not run or reported an error (exit 2; exit 1, "nothing found", is fine). */
static bool run_action_verb(runctx *r, const gf_action *act, const json_t *args,
                            const char *const *fixed, strvec *argv, gf_proc_result *pr, outcome *oc)
{
    gf_error e = GF_ERROR_INIT;
    if (verb_argv(r, act, args, fixed, argv, &e) || run_verb(r, argv, pr, &oc->log, &e)) {
        failf(oc, GF_STEP_FAILED, "%s", e.message);
        return false;
    }
    if (pr->exit_code != 0 && pr->exit_code != 1) {
        verb_message(pr, &oc->message);
        oc->status = GF_STEP_FAILED;
        return false;
    }
    return true;
}

/* ---- applying a diff: plan, count, budget, write all or nothing ---- */

/* Restores path to want (absent when !want_exists), provided it is now as
 * expected (absent when !cur_exists). GF_ECHANGED when it is not. */
static int restore_file(const char *abs, const char *rel, bool cur_exists, const char *cur,
                        size_t cur_len, bool want_exists, const char *want, size_t want_len,
                        unsigned want_mode, gf_error *err)
{
    struct stat st;
    bool exists = lstat(abs, &st) == 0;
    if (exists && !S_ISREG(st.st_mode))
        return gf_error_path(err, GF_ECHANGED, rel, "'%s' is no longer a regular file", rel);
    gf_buf now = GF_BUF_INIT;
    if (exists) {
        int rc = gf_read_file(abs, 0, 0, &now, NULL, err);
        if (rc) {
            gf_buf_release(&now);
            return rc;
        }
    }
    bool same =
        exists == cur_exists &&
        (!exists || (now.len == cur_len && (cur_len == 0 || !memcmp(now.ptr, cur, cur_len))));
    int rc = 0;
    if (!same) {
        rc = gf_error_path(err, GF_ECHANGED, rel, "'%s' %s since the run", rel,
                           exists ? "changed" : "was deleted");
    } else if (want_exists) {
        gf_editset *es;
        if (exists) {
            es = gf_editset_new(abs, now.ptr ? now.ptr : "", now.len);
            rc = gf_editset_add(es, 0, now.len, want, want_len, err);
        } else {
            char *dir = gf_strdup(abs);
            *strrchr(dir, '/') = '\0';
            rc = gf_mkdirs(dir, err);
            gf_free(dir);
            es = gf_editset_new_file(abs);
            if (!rc)
                rc = gf_editset_add(es, 0, 0, want, want_len, err);
        }
        if (!rc)
            rc = gf_editset_commit(es, NULL, err);
        gf_editset_delete(es);
        if (!rc && want_mode && (!exists || (st.st_mode & 07777) != want_mode) &&
            chmod(abs, want_mode) != 0)
            rc = gf_error_errno(err, errno, rel);
    } else if (exists) {
        rc = gf_editset_remove(abs, rel, now.ptr ? now.ptr : "", now.len, err);
        /* directories the file's creation made, now empty, go too (as a
         * patch that deletes a file prunes them); rel says how deep */
        char dir[PATH_MAX];
        pathf(dir, sizeof dir, "%s", abs);
        for (const char *r = rel; !rc && (r = strchr(r, '/')) != NULL; r++) {
            char *sl = strrchr(dir, '/');
            if (!sl)
                break;
            *sl = '\0';
            if (rmdir(dir) != 0)
                break;
        }
    }
    gf_buf_release(&now);
    return rc;
}

typedef struct applied {
    json_t *files; /* [{path, action, lines_added, lines_removed, sha256_before, sha256_after}] */
    size_t added, removed;
    bool changed;
} applied;

/* Adds a step's changes to the run's totals (also in a dry run: what
 * would change). */
static void track(runctx *r, const applied *ap)
{
    for (size_t i = 0; i < json_array_size(ap->files); i++)
        json_object_set_new(
            r->changed, json_string_value(json_object_get(json_array_get(ap->files, i), "path")),
            json_true());
    r->added += ap->added;
    r->removed += ap->removed;
}

/*
 * Applies diff (strip -p, relative to base) as one step: every file or none.
 * Records the step's diff, checksums and "before" blobs under the run's
 * artifacts. On failure oc says why (status and message) and nothing
 * stays changed.
 */
static int apply_diff(runctx *r, size_t index, const gf_plan_step *st, const char *diff, size_t len,
                      int strip, const char *base, int fuzz, bool reverse, outcome *oc, applied *ap)
{
    memset(ap, 0, sizeof *ap);
    ap->files = json_array();
    if (len == 0)
        return 0;
    gf_patch p = GF_PATCH_INIT;
    gf_patch_plan pl = {0};
    gf_error e = GF_ERROR_INIT;
    char stem[64], sl[48];
    slug(st->name, sl);
    pathf(stem, sizeof stem, "%03zu-%s", index + 1, sl);
    int rc = gf_patch_parse(&p, diff, len, strip, &e);
    if (!rc && reverse) {
        gf_patch_reverse(&p);
        json_object_set_new(oc->record, "reversed",
                            json_true()); /* the diff recorded is as given */
    }
    gf_patch_opts po = {.root = r->o->root, .directory = base, .fuzz = fuzz, .hashes = true};
    if (!rc)
        rc = gf_patch_plan_build(&pl, &p, &po, &e);
    if (rc) {
        failf(oc, GF_STEP_FAILED, "%s", e.message);
        goto out;
    }
    if (pl.already_applied) {
        json_object_set_new(oc->record, "already_applied", json_true());
        goto count;
    }
    if (pl.failed_hunks || pl.failed_files) {
        gf_buf *m = &oc->message;
        oc->status = GF_STEP_FAILED;
        gf_buf_clear(m);
        gf_buf_printf(m, "the changes do not apply (nothing written):");
        for (size_t i = 0; i < pl.files.len; i++) {
            gf_patch_result *pr = &pl.files.items[i];
            if (pr->error)
                gf_buf_printf(m, "\n  %s: %s", pr->path ? pr->path : pr->name, pr->error);
            for (size_t h = 0; h < pr->fp->hunks.len; h++) {
                const gf_hunk_result *hr = &pr->hunks[h];
                const gf_phunk *ph = &pr->fp->hunks.items[h];
                if (hr->applied)
                    continue;
                gf_buf_printf(m, "\n  %s: hunk %zu (@@ -%ld,%ld +%ld,%ld @@) does not apply",
                              pr->path ? pr->path : pr->name, h + 1, ph->old_start, ph->old_count,
                              ph->new_start, ph->new_count);
                if (hr->bad_line > 0 && hr->expect) {
                    int el = (int)hr->expect_len, fl = (int)hr->found_len;
                    while (el > 0 && (hr->expect[el - 1] == '\n' || hr->expect[el - 1] == '\r'))
                        el--;
                    while (fl > 0 && hr->found &&
                           (hr->found[fl - 1] == '\n' || hr->found[fl - 1] == '\r'))
                        fl--;
                    if (hr->found)
                        gf_buf_printf(m, ": line %ld is '%.*s', the hunk expects '%.*s'",
                                      hr->bad_line, fl, hr->found, el, hr->expect);
                    else
                        gf_buf_printf(m, ": the file ends before line %ld ('%.*s')", hr->bad_line,
                                      el, hr->expect);
                }
            }
        }
        goto out;
    }
count:
    for (size_t i = 0; i < pl.files.len; i++) {
        gf_patch_result *pr = &pl.files.items[i];
        if (!pr->changed)
            continue;
        ap->added += pr->added;
        ap->removed += pr->removed;
        static const char *const kinds[] = {"modify", "create", "delete", "rename", "copy", "mode"};
        json_t *f = json_pack("{s:s, s:s, s:I, s:I}", "path", pr->path, "action", kinds[pr->action],
                              "lines_added", (json_int_t)pr->added, "lines_removed",
                              (json_int_t)pr->removed);
        if (pr->old_path && pr->action != GF_PATCH_MODIFY)
            json_object_set_new(f, "old_path", json_string(pr->old_path));
        json_object_set_new(f, "sha256_before",
                            pr->has_before ? json_string(pr->sha_before) : json_null());
        json_object_set_new(f, "sha256_after",
                            pr->has_after ? json_string(pr->sha_after) : json_null());
        json_array_append_new(ap->files, f);
    }
    ap->changed = json_array_size(ap->files) > 0;
    oc->lines = ap->added + ap->removed;
    if (!ap->changed)
        goto out;
    /* the diff, always (also when over budget or dry) */
    if (r->dir) {
        char path[PATH_MAX];
        pathf(path, sizeof path, "%s/diffs/%s.diff", r->dir, stem);
        if ((rc = write_artifact(path, diff, len, &e)) != 0) {
            failf(oc, GF_STEP_FAILED, "%s", e.message);
            goto out;
        }
        json_object_set_new(oc->record, "diff", json_sprintf("diffs/%s.diff", stem));
    }
    if ((long)(r->used + oc->lines) > r->budget) {
        failf(oc, GF_STEP_FAILED,
              "over the diff budget: this step changes %zu lines, %ld of %ld are used (%ld left); "
              "nothing written",
              oc->lines, r->used, r->budget, r->budget - r->used);
        json_object_set_new(oc->record, "over_budget", json_true());
        goto out;
    }
    /* checksums, and the content before, for rollback */
    json_t *sums = json_pack("{s:s, s:[]}", "step", st->name, "files");
    size_t nstates = gf_patch_plan_state_count(&pl);
    for (size_t i = 0; i < nstates; i++) {
        gf_patch_state s;
        gf_patch_plan_state(&pl, i, &s);
        bool same = s.existed == s.exists && s.mode_before == s.mode_after &&
                    s.before_len == s.after_len && !memcmp(s.before, s.after, s.before_len);
        if (same)
            continue;
        char hb[65] = "", ha[65] = "";
        if (s.existed && r->dir) {
            sha_hex(s.before, s.before_len, hb);
            char blob[PATH_MAX];
            pathf(blob, sizeof blob, "%s/blobs/%s", r->dir, hb);
            if (access(blob, F_OK) != 0 &&
                (rc = write_artifact(blob, s.before, s.before_len, &e))) {
                json_decref(sums);
                failf(oc, GF_STEP_FAILED, "%s", e.message);
                goto out;
            }
        }
        if (s.existed && !hb[0])
            sha_hex(s.before, s.before_len, hb);
        if (s.exists)
            sha_hex(s.after, s.after_len, ha);
        json_t *f = json_pack(
            "{s:s, s:b, s:o, s:I, s:b, s:o, s:I}", "path", s.rel, "existed_before", s.existed,
            "sha256_before", s.existed ? json_string(hb) : json_null(), "mode_before",
            (json_int_t)s.mode_before, "exists_after", s.exists, "sha256_after",
            s.exists ? json_string(ha) : json_null(), "mode_after", (json_int_t)s.mode_after);
        json_array_append_new(json_object_get(sums, "files"), f);
    }
    if (!r->dir) {
        json_decref(sums);
    } else {
        char path[PATH_MAX];
        pathf(path, sizeof path, "%s/checksums/%s.json", r->dir, stem);
        rc = write_json(path, sums, &e);
        json_decref(sums);
        if (rc) {
            failf(oc, GF_STEP_FAILED, "%s", e.message);
            goto out;
        }
        json_object_set_new(oc->record, "checksums", json_sprintf("checksums/%s.json", stem));
    }
    r->used += oc->lines;
    if (r->o->dry_run) {
        track(r, ap);
        goto out;
    }
    size_t written = 0;
    rc = gf_patch_plan_commit(&pl, &written, &e);
    if (rc) {
        /* put back what was written: every file or none */
        gf_buf undone = GF_BUF_INIT;
        for (size_t i = 0; i < nstates; i++) {
            gf_patch_state s;
            gf_patch_plan_state(&pl, i, &s);
            gf_error ue = GF_ERROR_INIT;
            int urc = restore_file(s.abs, s.rel, s.exists, s.after, s.after_len, s.existed,
                                   s.before, s.before_len, s.mode_before, &ue);
            if (urc && urc != GF_ECHANGED)
                gf_buf_printf(&undone, "\n  could not undo '%s': %s", s.rel, ue.message);
        }
        failf(oc, GF_STEP_FAILED, "%s; nothing of this step was kept%s", e.message,
              undone.ptr ? undone.ptr : "");
        gf_buf_release(&undone);
        r->used -= oc->lines;
        goto out;
    }
    track(r, ap);
out:
    gf_patch_plan_release(&pl);
    gf_patch_release(&p);
    return 0;
}

/* ---- the actions ---- */

static bool want(const json_t *args, const char *key)
{
    bool b = false;
    const json_t *v = json_object_get(args, key);
    return v && arg_bool(v, &b) && b;
}

/* Parses a verb's JSON output: one value, or JSON Lines when lines. */
static json_t *parse_output(const gf_buf *out, bool lines, gf_error *err)
{
    json_error_t je;
    if (!lines) {
        json_t *v = json_loadb(out->ptr ? out->ptr : "", out->len, JSON_DECODE_ANY, &je);
        if (!v)
            gf_error_set(err, GF_EINVAL, "cannot read the verb's JSON output: %s", je.text);
        return v;
    }
    json_t *a = json_array();
    const char *p = out->ptr ? out->ptr : "", *end = p + out->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n) {
            json_t *v = json_loadb(p, n, JSON_DECODE_ANY, &je);
            if (!v) {
                json_decref(a);
                gf_error_set(err, GF_EINVAL, "cannot read the verb's JSON output: %s", je.text);
                return NULL;
            }
            json_array_append_new(a, v);
        }
        p += n + 1;
    }
    return a;
}

static void do_read(runctx *r, const gf_plan_step *st, const json_t *args, outcome *oc)
{
    const gf_action *act = st->action;
    strvec argv = GF_VEC_INIT;
    gf_error e = GF_ERROR_INIT;
    gf_proc_result pr = {0};
    json_t *out = NULL;
    if (!run_action_verb(r, act, args, act->fixed, &argv, &pr, oc))
        goto done;
    out = parse_output(&pr.out, !strcmp(act->verb, "search"), &e);
    if (!out) {
        failf(oc, GF_STEP_FAILED, "%s", e.message);
        goto done;
    }
    json_t *res = json_object();
    if (!json_is_array(out)) {
        json_object_set(res, act->result_key, out);
    } else {
        json_object_set_new(res, "count", json_integer((json_int_t)json_array_size(out)));
        if (!strcmp(act->verb, "search")) {
            json_t *files = json_object();
            size_t i;
            json_t *m;
            json_array_foreach(out, i, m)
            {
                const char *path = json_string_value(json_object_get(m, "path"));
                if (path)
                    json_object_set_new(files, path, json_true());
            }
            json_object_set_new(res, "files", json_integer((json_int_t)json_object_size(files)));
            json_decref(files);
        }
        if (!strcmp(act->verb, "scan")) {
            size_t errors = 0, i;
            json_t *m;
            json_array_foreach(out, i, m)
            {
                const char *sev = json_string_value(json_object_get(m, "severity"));
                errors += sev && !strcmp(sev, "error");
            }
            json_object_set_new(res, "errors", json_integer((json_int_t)errors));
        }
        json_object_set(res, act->result_key, out);
    }
    oc->result = res;
    oc->status = GF_STEP_OK;
done:
    json_decref(out);
    gf_proc_result_release(&pr);
    strvec_free(&argv);
}

static void set_applied(json_t *res, const applied *ap, bool written)
{
    json_object_set_new(res, "changed", json_boolean(ap->changed));
    json_object_set_new(res, "written", json_boolean(written && ap->changed));
    json_object_set(res, "files", ap->files);
    json_object_set_new(res, "lines_added", json_integer((json_int_t)ap->added));
    json_object_set_new(res, "lines_removed", json_integer((json_int_t)ap->removed));
}

static void do_edit(runctx *r, size_t index, const gf_plan_step *st, const json_t *args,
                    outcome *oc)
{
    const gf_action *act = st->action;
    bool file_verb = !strncmp(act->name, "file.", 5);
    bool scan = !strcmp(act->verb, "scan");
    static const char *const fixed_scan[] = {"--fix", NULL};
    strvec argv = GF_VEC_INIT;
    gf_error e = GF_ERROR_INIT;
    gf_proc_result pr = {0};
    json_t *res = NULL;
    if (scan) {
        /* the findings first (registered), then the fixes as a diff */
        do_read(r, st, args, oc);
        if (oc->status != GF_STEP_OK)
            return;
        res = oc->result;
        oc->result = NULL;
        oc->status = GF_STEP_PENDING;
    }
    if (!run_action_verb(r, act, args, scan ? fixed_scan : act->fixed, &argv, &pr, oc))
        goto done;
    const char *diff = pr.out.ptr ? pr.out.ptr : "";
    size_t dlen = pr.out.len;
    if (file_verb) {
        res = parse_output(&pr.out, false, &e);
        if (!res || !json_is_object(res)) {
            failf(oc, GF_STEP_FAILED, "%s", res ? "the verb did not print an object" : e.message);
            goto done;
        }
        json_t *d = json_object_get(res, "diff");
        diff = json_is_string(d) ? json_string_value(d) : "";
        dlen = json_is_string(d) ? json_string_length(d) : 0;
    }
    if (file_verb) {
        /* the verb was asked for a dry run; whether the step writes is the
         * runner's to say ("written"), so its note must not claim otherwise */
        const char *note = json_string_value(json_object_get(res, "note"));
        const char *dry = note ? strstr(note, "dry run: nothing written") : NULL;
        if (dry) {
            size_t keep = (size_t)(dry - note);
            while (keep && (note[keep - 1] == ' ' || note[keep - 1] == ';'))
                keep--;
            json_object_set_new(res, "note", keep ? jstr(note, keep) : json_null());
        }
    }
    if (!res)
        res = json_object();
    applied ap;
    apply_diff(r, index, st, diff, dlen, 1, file_verb ? r->o->root : NULL, 0, false, oc, &ap);
    set_applied(res, &ap, oc->status == GF_STEP_PENDING && !r->o->dry_run);
    if (!file_verb)
        json_object_set_new(res, "diff", jstr(diff, dlen));
    json_decref(ap.files);
    if (oc->status == GF_STEP_PENDING)
        oc->status = GF_STEP_OK;
done:
    if (oc->status == GF_STEP_OK || oc->status == GF_STEP_PENDING)
        oc->result = res;
    else
        json_decref(res);
    gf_proc_result_release(&pr);
    strvec_free(&argv);
}

static void do_patch(runctx *r, size_t index, const gf_plan_step *st, const json_t *args,
                     outcome *oc)
{
    gf_buf text = GF_BUF_INIT;
    gf_error e = GF_ERROR_INIT;
    const json_t *pf = json_object_get(args, "patch"), *df = json_object_get(args, "diff");
    long strip = 1, fuzz = 0;
    const json_t *sv = json_object_get(args, "strip"), *fv = json_object_get(args, "fuzz");
    const json_t *dir = json_object_get(args, "directory");
    if ((sv && !json_is_integer(sv)) || (fv && !json_is_integer(fv)) ||
        (pf && !json_is_string(pf)) || (df && !json_is_string(df)) ||
        (dir && !json_is_string(dir))) {
        failf(oc, GF_STEP_FAILED,
              "file.patch_apply: 'patch', 'diff' and 'directory' take strings, "
              "'strip' and 'fuzz' integers");
        goto out;
    }
    if (sv)
        strip = (long)json_integer_value(sv);
    if (fv)
        fuzz = (long)json_integer_value(fv);
    if (pf) {
        char path[PATH_MAX];
        const char *name = json_string_value(pf);
        pathf(path, sizeof path, "%s%s%s", name[0] == '/' ? "" : r->cwd, name[0] == '/' ? "" : "/",
              name);
        if (gf_read_file(path, 0, 0, &text, NULL, &e)) {
            failf(oc, GF_STEP_FAILED, "cannot read the patch: %s", e.message);
            goto out;
        }
    } else {
        gf_buf_add(&text, json_string_value(df), json_string_length(df));
    }
    char base[PATH_MAX];
    const char *d = dir ? json_string_value(dir) : NULL;
    if (d)
        pathf(base, sizeof base, "%s%s%s", d[0] == '/' ? "" : r->cwd, d[0] == '/' ? "" : "/", d);
    applied ap;
    apply_diff(r, index, st, text.ptr ? text.ptr : "", text.len, (int)strip, d ? base : NULL,
               (int)fuzz, want(args, "reverse"), oc, &ap);
    if (oc->status == GF_STEP_PENDING) {
        json_t *res = json_object();
        set_applied(res, &ap, !r->o->dry_run);
        oc->result = res;
        oc->status = GF_STEP_OK;
    }
    json_decref(ap.files);
out:
    gf_buf_release(&text);
}

int gf_plan_command(const json_t *cmd, const json_t *opts, const char *base_cwd,
                    volatile int *cancel, gf_proc_result *pr, gf_buf *log, gf_error *err)
{
    memset(pr, 0, sizeof *pr);
    strvec argv = GF_VEC_INIT, env = GF_VEC_INIT;
    gf_argspec as = {"cmd", GF_ARG_STRS, NULL, 0, true};
    int rc = 0;
    if (json_is_string(cmd)) {
        push_str(&argv, "/bin/sh");
        push_str(&argv, "-c");
        push_str(&argv, json_string_value(cmd));
    } else if ((rc = each_text(cmd, &as, &argv, err)) != 0) {
        goto out;
    } else if (argv.len == 0) {
        rc = gf_error_set(err, GF_EINVAL, "empty command");
        goto out;
    }
    gf_vec_push(&argv, NULL);
    argv.len--;
    const json_t *cwd = json_object_get(opts, "cwd"), *ev = json_object_get(opts, "env");
    const json_t *to = json_object_get(opts, "timeout"), *in = json_object_get(opts, "stdin");
    char dir[PATH_MAX];
    pathf(dir, sizeof dir, "%s", base_cwd);
    if (json_is_string(cwd)) {
        const char *c = json_string_value(cwd);
        pathf(dir, sizeof dir, "%s%s%s", c[0] == '/' ? "" : base_cwd, c[0] == '/' ? "" : "/", c);
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)ev, k, v)
    {
        char *t = gf_json_text(v);
        gf_buf kv = GF_BUF_INIT;
        gf_buf_printf(&kv, "%s=%s", k, t);
        gf_free(t);
        gf_vec_push(&env, gf_buf_detach(&kv, NULL));
    }
    gf_vec_push(&env, NULL);
    env.len--;
    double timeout = 0;
    if (json_is_number(to))
        timeout = json_number_value(to);
    else if (json_is_string(to))
        timeout = strtod(json_string_value(to), NULL);
    gf_proc_opts po = {.argv = argv.items,
                       .cwd = dir,
                       .env_add = env.items,
                       .timeout = timeout,
                       .input = json_is_string(in) ? json_string_value(in) : NULL,
                       .input_len = json_is_string(in) ? json_string_length(in) : 0,
                       .cancel = cancel};
    rc = gf_proc_run(&po, pr, err);
    if (!rc)
        log_command(log, argv.items, pr);
out:
    strvec_free(&argv);
    strvec_free(&env);
    return rc;
}

static void do_shell(runctx *r, const gf_plan_step *st, const json_t *args, outcome *oc)
{
    (void)st;
    const json_t *cmd = json_is_object(args) ? json_object_get(args, "cmd") : args;
    gf_proc_result pr;
    gf_error e = GF_ERROR_INIT;
    if (gf_plan_command(cmd, json_is_object(args) ? args : NULL, r->cwd, r->o->cancel, &pr,
                        &oc->log, &e)) {
        failf(oc, GF_STEP_FAILED, "%s", e.message);
        gf_proc_result_release(&pr);
        return;
    }
    json_t *res = json_pack("{s:i, s:o, s:o, s:b, s:f}", "exit_code", pr.exit_code, "stdout",
                            jtext(pr.out.ptr, pr.out.len), "stderr", jtext(pr.err.ptr, pr.err.len),
                            "timed_out", pr.timed_out, "seconds", pr.seconds);
    oc->result = res;
    if (pr.timed_out)
        failf(oc, GF_STEP_FAILED,
              "the command timed out after %.3g s (its process group was killed)",
              json_number_value(json_object_get(args, "timeout")));
    else if (pr.exit_code != 0 && !(json_is_object(args) && want(args, "allow_failure")))
        failf(oc, GF_STEP_FAILED, "the command exited with %d%s", pr.exit_code,
              pr.signal ? " (killed by a signal)" : "");
    else
        oc->status = GF_STEP_OK;
    gf_proc_result_release(&pr);
}

static void do_assert(runctx *r, const json_t *args, outcome *oc)
{
    gf_error e = GF_ERROR_INIT;
    json_t *res = NULL;
    if (gf_plan_assert(args, r->o, lookup, r, &res, &oc->log, &e)) {
        failf(oc, GF_STEP_FAILED, "%s", e.message);
        json_decref(res);
        return;
    }
    oc->result = res;
    if (json_is_true(json_object_get(res, "passed"))) {
        oc->status = GF_STEP_OK;
        return;
    }
    oc->status = GF_STEP_ASSERT_FAILED;
    gf_buf_clear(&oc->message);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(res, "checks"), i, c)
    {
        if (json_is_true(json_object_get(c, "passed")))
            continue;
        gf_buf_printf(&oc->message, "%s%s", oc->message.len ? "; " : "",
                      json_string_value(json_object_get(c, "message")));
    }
}

/* ---- the run ---- */

static const char *status_name(gf_step_status s)
{
    switch (s) {
    case GF_STEP_OK: return "succeeded";
    case GF_STEP_FAILED: return "failed";
    case GF_STEP_ASSERT_FAILED: return "assertion_failed";
    case GF_STEP_SKIPPED: return "skipped";
    case GF_STEP_PENDING: return "not_run";
    }
    return "not_run";
}

static bool valid_run_id(const char *id)
{
    if (!id[0] || id[0] == '.' || strlen(id) > 100)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

static void new_run_id(char out[128])
{
    char ts[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
    unsigned char rnd[3] = {0};
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, rnd, sizeof rnd) != (ssize_t)sizeof rnd) {
        unsigned v = (unsigned)getpid() ^ (unsigned)clock();
        memcpy(rnd, &v, sizeof rnd);
    }
    if (fd >= 0)
        close(fd);
    pathf(out, 128, "%s-%02x%02x%02x", ts, rnd[0], rnd[1], rnd[2]);
}

static int make_dirs(runctx *r, gf_run_summary *sum, gf_error *err)
{
    gf_buf p = GF_BUF_INIT;
    gf_buf_printf(&p, "%s/.agentfs/artifacts", r->o->root);
    int rc = gf_mkdirs(p.ptr, err);
    if (!rc) {
        /* the state directory is graft's, not the project's: keep it out
         * of git status (and so out of git_clean assertions) */
        gf_buf gi = GF_BUF_INIT;
        gf_buf_printf(&gi, "%s/.agentfs/.gitignore", r->o->root);
        if (access(gi.ptr, F_OK) != 0) {
            gf_error ignored = GF_ERROR_INIT;
            write_artifact(gi.ptr, "*\n", 2, &ignored);
        }
        gf_buf_release(&gi);
        gf_buf_printf(&p, "/%s", sum->run_id);
        if (mkdir(p.ptr, 0755) != 0)
            rc = errno == EEXIST ? gf_error_set(err, GF_EINVAL, "run id '%s' is taken (%s exists)",
                                                sum->run_id, p.ptr)
                                 : gf_error_errno(err, errno, p.ptr);
    }
    static const char *const subs[] = {"diffs", "checksums", "logs", "blobs"};
    for (size_t i = 0; i < 4 && !rc; i++) {
        gf_buf s = GF_BUF_INIT;
        gf_buf_printf(&s, "%s/%s", p.ptr, subs[i]);
        if (mkdir(s.ptr, 0755) != 0)
            rc = gf_error_errno(err, errno, s.ptr);
        gf_buf_release(&s);
    }
    if (rc) {
        gf_buf_release(&p);
        return rc;
    }
    sum->artifacts = gf_buf_detach(&p, NULL);
    return 0;
}

static void progress(runctx *r, const char *what, size_t i, const gf_plan_step *st,
                     const outcome *oc, double secs)
{
    if (!r->o->progress)
        return;
    gf_run_event ev = {.what = what,
                       .index = i,
                       .step = st,
                       .status = oc ? oc->status : GF_STEP_PENDING,
                       .message = oc && oc->message.len ? oc->message.ptr : NULL,
                       .lines_changed = oc ? oc->lines : 0,
                       .seconds = secs};
    r->o->progress(r->o->progress_ctx, &ev);
}

static void dispatch(runctx *r, size_t i, const gf_plan_step *st, const json_t *args, outcome *oc)
{
    switch (st->action->kind) {
    case GF_ACT_READ:
        if (!strcmp(st->action->verb, "scan") && want(args, "fix"))
            do_edit(r, i, st, args, oc);
        else
            do_read(r, st, args, oc);
        break;
    case GF_ACT_EDIT: do_edit(r, i, st, args, oc); break;
    case GF_ACT_PATCH: do_patch(r, i, st, args, oc); break;
    case GF_ACT_SHELL: do_shell(r, st, args, oc); break;
    case GF_ACT_ASSERT: do_assert(r, args, oc); break;
    }
    if (r->o->cancel && *r->o->cancel && oc->status != GF_STEP_OK)
        failf(oc, GF_STEP_FAILED, "cancelled");
}

static void run_step(runctx *r, size_t i, const gf_plan_step *st, outcome *oc)
{
    gf_error e = GF_ERROR_INIT;
    if (st->when) {
        json_t *v = NULL;
        if (gf_expr_eval(st->when->str, st->when->len, lookup, r, &v, &e)) {
            failf(oc, GF_STEP_FAILED, "when '%s': %s", st->when->str, e.message);
            return;
        }
        bool go = gf_json_truthy(v);
        json_decref(v);
        if (!go) {
            failf(oc, GF_STEP_SKIPPED, "when '%s' is false", st->when->str);
            return;
        }
    }
    if (r->o->dry_run && (st->action->kind == GF_ACT_SHELL || st->action->kind == GF_ACT_ASSERT)) {
        failf(oc, GF_STEP_SKIPPED, "dry run: %s steps are not run",
              st->action->kind == GF_ACT_SHELL ? "shell" : "assert");
        return;
    }
    json_t *args = gf_plan_value(st->args, lookup, r, &e);
    if (!args) {
        failf(oc, GF_STEP_FAILED, "%s", e.message);
        return;
    }
    dispatch(r, i, st, args, oc);
    json_decref(args);
}

gf_step_status gf_plan_exec(const gf_action *a, const json_t *args, const gf_run_opts *o,
                            json_t **result, gf_buf *message)
{
    *result = NULL;
    runctx r = {.o = o, .budget = LONG_MAX};
    gf_plan_step st = {.name = a->name, .action = a};
    outcome oc = {.status = GF_STEP_PENDING, .record = json_object()};
    gf_buf_init(&oc.message, 0);
    gf_buf_init(&oc.log, 0);
    if (!getcwd(r.cwd, sizeof r.cwd)) {
        failf(&oc, GF_STEP_FAILED, "cannot read the current directory: %s", strerror(errno));
    } else {
        r.registered = json_object();
        r.changed = json_object();
        dispatch(&r, 0, &st, args, &oc);
        json_decref(r.registered);
        json_decref(r.changed);
    }
    if (oc.status == GF_STEP_PENDING)
        failf(&oc, GF_STEP_FAILED, "the action did nothing");
    *result = oc.result;
    if (message)
        gf_buf_add(message, oc.message.ptr, oc.message.len);
    json_decref(oc.record);
    gf_buf_release(&oc.message);
    gf_buf_release(&oc.log);
    return oc.status;
}

int gf_plan_run(const gf_plan *plan, const gf_run_opts *o, gf_run_summary *sum, gf_error *err)
{
    memset(sum, 0, sizeof *sum);
    runctx r = {.plan = plan, .o = o};
    if (!getcwd(r.cwd, sizeof r.cwd))
        return gf_error_errno(err, errno, ".");
    if (o->run_id) {
        if (!valid_run_id(o->run_id))
            return gf_error_set(err, GF_EINVAL,
                                "run id '%s' must be letters, digits, '-', '_' and '.' (not first)",
                                o->run_id);
        snprintf(sum->run_id, sizeof sum->run_id, "%s", o->run_id);
    } else {
        new_run_id(sum->run_id);
    }
    int rc = make_dirs(&r, sum, err);
    if (rc)
        return rc;
    r.dir = sum->artifacts;
    r.budget = o->budget >= 0 ? o->budget : plan->budget >= 0 ? plan->budget : DEFAULT_BUDGET;
    r.registered = json_object();
    r.steps = json_array();
    r.changed = json_object();
    char path[PATH_MAX];
    pathf(path, sizeof path, "%s/events.jsonl", r.dir);
    r.events = fopen(path, "we");
    double t0 = wall_now();
    char started[32];
    iso_time(t0, started);
    event(&r, "run_started", 0, NULL,
          json_pack("{s:s, s:s, s:b}", "run_id", sum->run_id, "plan", plan->path, "dry_run",
                    o->dry_run));
    int exit_code = 0;
    bool stop = false;
    for (size_t i = 0; i < plan->steps.len; i++) {
        const gf_plan_step *st = &plan->steps.items[i];
        char sl[48], stem[64];
        slug(st->name, sl);
        pathf(stem, sizeof stem, "%03zu-%s", i + 1, sl);
        outcome oc = {.status = GF_STEP_PENDING, .record = json_object()};
        gf_buf_init(&oc.message, 0);
        gf_buf_init(&oc.log, 0);
        json_object_set_new(oc.record, "index", json_integer((json_int_t)i + 1));
        json_object_set_new(oc.record, "name", json_string(st->name));
        json_object_set_new(oc.record, "action", json_string(st->action->name));
        if (!stop && o->cancel && *o->cancel) {
            stop = true;
            exit_code = 2;
            event(&r, "run_cancelled", i, st, NULL);
        }
        if (stop) {
            json_object_set_new(oc.record, "status", json_string("not_run"));
            json_array_append_new(r.steps, oc.record);
            if (st->register_as)
                json_object_set_new(r.registered, st->register_as, json_null());
            gf_buf_release(&oc.message);
            gf_buf_release(&oc.log);
            continue;
        }
        double s0 = wall_now();
        event(&r, "step_started", i, st, NULL);
        progress(&r, "started", i, st, NULL, 0);
        run_step(&r, i, st, &oc);
        double secs = wall_now() - s0;
        if (oc.log.len) {
            pathf(path, sizeof path, "%s/logs/%s.log", r.dir, stem);
            gf_error le = GF_ERROR_INIT;
            if (!write_artifact(path, oc.log.ptr, oc.log.len, &le))
                json_object_set_new(oc.record, "log", json_sprintf("logs/%s.log", stem));
        }
        json_object_set_new(oc.record, "status", json_string(status_name(oc.status)));
        if (oc.message.len && oc.status != GF_STEP_OK)
            json_object_set_new(oc.record, oc.status == GF_STEP_SKIPPED ? "reason" : "error",
                                jtext(oc.message.ptr, oc.message.len));
        json_t *files = oc.result ? json_object_get(oc.result, "files") : NULL;
        if (json_is_array(files) && oc.status == GF_STEP_OK) {
            json_t *names = json_array();
            size_t k;
            json_t *f;
            json_array_foreach(files, k, f) json_array_append(names, json_object_get(f, "path"));
            json_object_set_new(oc.record, "changed_files", names);
        }
        json_object_set_new(oc.record, "lines_changed", json_integer((json_int_t)oc.lines));
        json_object_set_new(oc.record, "duration_ms", json_integer((json_int_t)(secs * 1000)));
        if (st->register_as)
            json_object_set(r.registered, st->register_as, oc.result ? oc.result : json_null());
        if (oc.result && st->register_as)
            json_object_set_new(oc.record, "registered", json_string(st->register_as));
        const char *what = oc.status == GF_STEP_OK        ? "step_finished"
                           : oc.status == GF_STEP_SKIPPED ? "step_skipped"
                                                          : "step_failed";
        event(&r, what, i, st,
              json_pack("{s:s, s:I, s:I, s:o}", "status", status_name(oc.status), "lines_changed",
                        (json_int_t)oc.lines, "duration_ms", (json_int_t)(secs * 1000), "message",
                        oc.message.len && oc.status != GF_STEP_OK
                            ? jtext(oc.message.ptr, oc.message.len)
                            : json_null()));
        progress(&r, what + 5, i, st, &oc, secs);
        json_array_append_new(r.steps, oc.record);
        if (oc.status == GF_STEP_FAILED || oc.status == GF_STEP_ASSERT_FAILED) {
            int code = oc.status == GF_STEP_FAILED ? 2 : 1;
            if (code > exit_code)
                exit_code = code;
            stop = !o->continue_on_error;
        }
        json_decref(oc.result);
        gf_buf_release(&oc.message);
        gf_buf_release(&oc.log);
    }
    double t1 = wall_now();
    char finished[32];
    iso_time(t1, finished);
    json_t *changed = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(r.changed, k, v) json_array_append_new(changed, json_string(k));
    json_t *res = json_object();
    json_object_set_new(res, "run_id", json_string(sum->run_id));
    json_object_set_new(res, "plan",
                        json_pack("{s:s, s:s}", "path", plan->path, "sha256", plan->sha256));
    json_object_set_new(res, "name", plan->name ? json_string(plan->name) : json_null());
    json_object_set(res, "vars", plan->vars);
    json_object_set_new(res, "dry_run", json_boolean(o->dry_run));
    json_object_set_new(res, "status",
                        json_string(exit_code == 0   ? "succeeded"
                                    : exit_code == 1 ? "assertion_failed"
                                                     : "failed"));
    json_object_set_new(res, "exit_code", json_integer(exit_code));
    json_object_set_new(res, "started", json_string(started));
    json_object_set_new(res, "finished", json_string(finished));
    json_object_set_new(res, "duration_ms", json_integer((json_int_t)((t1 - t0) * 1000)));
    json_object_set_new(res, "changed_files", changed);
    json_object_set_new(res, "lines_added", json_integer((json_int_t)r.added));
    json_object_set_new(res, "lines_removed", json_integer((json_int_t)r.removed));
    json_object_set_new(res, "budget",
                        json_pack("{s:I, s:I, s:I}", "limit", (json_int_t)r.budget, "used",
                                  (json_int_t)r.used, "left", (json_int_t)(r.budget - r.used)));
    json_object_set_new(res, "steps", r.steps);
    event(&r, "run_finished", 0, NULL,
          json_pack("{s:s, s:i}", "status", json_string_value(json_object_get(res, "status")),
                    "exit_code", exit_code));
    pathf(path, sizeof path, "%s/results.json", r.dir);
    rc = write_json(path, res, err);
    if (r.events)
        fclose(r.events);
    json_decref(r.registered);
    json_decref(r.changed);
    sum->exit_code = exit_code;
    sum->results = res;
    return rc;
}

void gf_run_summary_release(gf_run_summary *sum)
{
    gf_free(sum->artifacts);
    json_decref(sum->results);
    memset(sum, 0, sizeof *sum);
}

/* ---- rollback ---- */

typedef struct rb_file {
    const char *path;
    bool existed, exists; /* before the run / after its last change */
    const char *sha_before, *sha_after;
    unsigned mode_before;
} rb_file;

int gf_plan_rollback(const char *root, const char *run_id, json_t **report, gf_error *err)
{
    *report = NULL;
    if (!valid_run_id(run_id))
        return gf_error_set(err, GF_EINVAL, "bad run id '%s'", run_id);
    char dir[PATH_MAX], path[PATH_MAX];
    pathf(dir, sizeof dir, "%s/.agentfs/artifacts/%s", root, run_id);
    pathf(path, sizeof path, "%s/results.json", dir);
    json_error_t je;
    json_t *res = json_load_file(path, 0, &je);
    if (!res)
        return access(path, F_OK)
                   ? gf_error_set(err, GF_ENOENT, "no run '%s' in %s/.agentfs/artifacts", run_id,
                                  root)
                   : gf_error_set(err, GF_EINVAL, "cannot read '%s': %s", path, je.text);
    if (json_is_true(json_object_get(res, "dry_run"))) {
        json_decref(res);
        return gf_error_set(err, GF_EINVAL, "run '%s' was a dry run: it changed nothing", run_id);
    }
    GF_VEC(rb_file) files = GF_VEC_INIT;
    json_t *sums_all = json_array();
    int rc = 0;
    size_t i;
    json_t *st;
    json_array_foreach(json_object_get(res, "steps"), i, st)
    {
        const char *sums = json_string_value(json_object_get(st, "checksums"));
        const char *status = json_string_value(json_object_get(st, "status"));
        if (!sums || !status || strcmp(status, "succeeded") != 0)
            continue;
        pathf(path, sizeof path, "%s/%s", dir, sums);
        json_t *sj = json_load_file(path, 0, &je);
        if (!sj) {
            rc = gf_error_path(err, GF_EINVAL, path, "cannot read '%s': %s", path, je.text);
            break;
        }
        json_array_append_new(sums_all, sj);
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(sj, "files"), k, f)
        {
            const char *p = json_string_value(json_object_get(f, "path"));
            if (!p)
                continue;
            rb_file *hit = NULL;
            for (size_t m = 0; m < files.len; m++)
                if (!strcmp(files.items[m].path, p))
                    hit = &files.items[m];
            if (!hit) {
                rb_file nf = {.path = p,
                              .existed = json_is_true(json_object_get(f, "existed_before")),
                              .sha_before = json_string_value(json_object_get(f, "sha256_before")),
                              .mode_before =
                                  (unsigned)json_integer_value(json_object_get(f, "mode_before"))};
                gf_vec_push(&files, nf);
                hit = &gf_vec_last(&files);
            }
            hit->exists = json_is_true(json_object_get(f, "exists_after"));
            hit->sha_after = json_string_value(json_object_get(f, "sha256_after"));
        }
    }
    json_t *restored = json_array(), *left = json_array();
    for (size_t m = 0; m < files.len && !rc; m++) {
        rb_file *f = &files.items[m];
        char abs[PATH_MAX];
        pathf(abs, sizeof abs, "%s/%s", root, f->path);
        gf_buf now = GF_BUF_INIT, before = GF_BUF_INIT;
        gf_error e = GF_ERROR_INIT;
        struct stat sb;
        bool exists = lstat(abs, &sb) == 0 && S_ISREG(sb.st_mode);
        bool present = lstat(abs, &sb) == 0;
        const char *why = NULL;
        char hex[65] = "";
        if (present && !exists)
            why = "no longer a regular file";
        else if (exists && gf_read_file(abs, 0, 0, &now, NULL, &e) != 0)
            why = e.message;
        if (!why) {
            if (exists)
                sha_hex(now.ptr ? now.ptr : "", now.len, hex);
            if (exists != f->exists)
                why = exists ? "exists again since the run" : "deleted since the run";
            else if (exists && (!f->sha_after || strcmp(hex, f->sha_after) != 0))
                why = "changed since the run";
        }
        if (!why && f->existed) {
            pathf(path, sizeof path, "%s/blobs/%s", dir, f->sha_before ? f->sha_before : "");
            char bh[65];
            if (!f->sha_before || gf_read_file(path, 0, 0, &before, NULL, &e) != 0)
                why = "its recorded content is missing from the artifacts";
            else if (sha_hex(before.ptr ? before.ptr : "", before.len, bh),
                     strcmp(bh, f->sha_before))
                why = "its recorded content does not match its checksum";
        }
        if (why) {
            json_array_append_new(left, json_pack("{s:s, s:s}", "path", f->path, "reason", why));
        } else {
            rc = restore_file(abs, f->path, exists, now.ptr ? now.ptr : "", now.len, f->existed,
                              before.ptr ? before.ptr : "", before.len, f->mode_before, &e);
            if (rc == GF_ECHANGED) {
                json_array_append_new(left, json_pack("{s:s, s:s}", "path", f->path, "reason",
                                                      "changed while being restored"));
                rc = 0;
            } else if (rc) {
                gf_error_set(err, rc, "%s", e.message);
            } else {
                json_array_append_new(restored, json_string(f->path));
            }
        }
        gf_buf_release(&now);
        gf_buf_release(&before);
    }
    *report =
        json_pack("{s:s, s:o, s:o}", "run_id", run_id, "restored", restored, "left_alone", left);
    /* a record of the rollback beside the run's events */
    pathf(path, sizeof path, "%s/events.jsonl", dir);
    FILE *ev = fopen(path, "ae");
    if (ev) {
        char ts[32];
        iso_time(wall_now(), ts);
        json_t *e = json_pack("{s:s, s:s, s:O, s:O}", "time", ts, "event", "rollback", "restored",
                              restored, "left_alone", left);
        char *line = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (line)
            fprintf(ev, "%s\n", line);
        free(line);
        json_decref(e);
        fclose(ev);
    }
    gf_vec_release(&files);
    json_decref(sums_all);
    json_decref(res);
    return rc;
}
