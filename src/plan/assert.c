/* assert: a plan's checks -- commands, files, git state, structural counts. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graft/edit.h"
#include "plan/plan.h"
#include "plan/proc.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/file.h"
#include "util/regex.h"

typedef struct actx {
    const gf_run_opts *o;
    char cwd[PATH_MAX];
    gf_buf *log;
    gf_expr_lookup look;
    void *ctx;
} actx;

static const char *str_of(const json_t *m, const char *key)
{
    return json_string_value(json_object_get(m, key));
}

/* An integer argument: a JSON integer, or digits that a template gave. */
static bool int_of(const json_t *m, const char *key, long long *out)
{
    const json_t *v = json_object_get(m, key);
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return true;
    }
    if (json_is_string(v)) {
        char *end;
        const char *s = json_string_value(v);
        long long n = strtoll(s, &end, 10);
        if (*s && !*end) {
            *out = n;
            return true;
        }
    }
    return false;
}

static void resolve(const actx *a, const char *p, char out[PATH_MAX])
{
    if (snprintf(out, PATH_MAX, "%s%s%s", p[0] == '/' ? "" : a->cwd, p[0] == '/' ? "" : "/", p) >=
        PATH_MAX)
        out[0] = '\0';
}

static json_t *check(const char *kind, bool passed, gf_buf *msg)
{
    json_t *c = json_pack("{s:s, s:b, s:s#}", "kind", kind, "passed", passed, "message",
                          msg->ptr ? msg->ptr : "", msg->len);
    if (!c)
        c = json_pack("{s:s, s:b, s:s}", "kind", kind, "passed", passed, "message",
                      "(message not valid UTF-8)");
    return c;
}

static int a_command(actx *a, const json_t *m, gf_buf *msg, bool *ok, gf_error *err)
{
    gf_proc_result pr;
    int rc =
        gf_plan_command(json_object_get(m, "command"), m, a->cwd, a->o->cancel, &pr, a->log, err);
    if (rc) {
        gf_proc_result_release(&pr);
        return rc;
    }
    long long want = 0;
    int_of(m, "exit_code", &want);
    *ok = !pr.timed_out && pr.exit_code == want;
    const json_t *c = json_object_get(m, "command");
    char *shown = json_is_string(c) ? gf_strdup(json_string_value(c)) : gf_json_text(c);
    if (pr.timed_out)
        gf_buf_printf(msg, "command '%s' timed out", shown);
    else if (*ok)
        gf_buf_printf(msg, "command '%s' exited with %d", shown, pr.exit_code);
    else
        gf_buf_printf(msg, "command '%s' exited with %d, expected %lld", shown, pr.exit_code, want);
    gf_free(shown);
    gf_proc_result_release(&pr);
    return 0;
}

static int a_file_exists(actx *a, const json_t *m, gf_buf *msg, bool *ok, gf_error *err)
{
    (void)err;
    const char *p = str_of(m, "file_exists");
    char abs[PATH_MAX];
    resolve(a, p, abs);
    struct stat st;
    *ok = stat(abs, &st) == 0;
    gf_buf_printf(msg, "'%s' %s", p, *ok ? "exists" : "does not exist");
    return 0;
}

static int read_target(actx *a, const char *p, gf_buf *data, gf_buf *msg, bool *ok)
{
    char abs[PATH_MAX];
    resolve(a, p, abs);
    gf_error e = GF_ERROR_INIT;
    if (gf_read_file(abs, 0, 0, data, NULL, &e) != 0) {
        *ok = false;
        gf_buf_printf(msg, "cannot read '%s': %s", p, gf_strerror(e.code));
        return 1;
    }
    return 0;
}

static int a_file_contains(actx *a, const json_t *m, gf_buf *msg, bool *ok, gf_error *err)
{
    const json_t *fc = json_object_get(m, "file_contains");
    const char *p = str_of(fc, "path"), *text = str_of(fc, "text"), *re = str_of(fc, "regex");
    if (!p || (!text && !re))
        return gf_error_set(err, GF_EINVAL, "file_contains needs 'path' and 'text' or 'regex'");
    gf_buf data = GF_BUF_INIT;
    if (read_target(a, p, &data, msg, ok)) {
        gf_buf_release(&data);
        return 0;
    }
    const char *s = data.ptr ? data.ptr : "";
    size_t n = 0;
    int rc = 0;
    if (text) {
        size_t tl = strlen(text);
        for (const char *h = s; tl && (h = memmem(h, data.len - (size_t)(h - s), text, tl));
             h += tl)
            n++;
    } else {
        gf_regex *rx = NULL;
        rc = gf_regex_compile(re, strlen(re), &rx, err);
        size_t at = 0, last = (size_t)-1;
        while (!rc && at <= data.len) {
            gf_regex_span g;
            int f = gf_regex_find(rx, s, data.len, at, &g, 1, err);
            if (f < 0) {
                rc = f;
                break;
            }
            if (f == 0)
                break;
            if (g.start == g.end && g.start == last) {
                at = g.end + 1;
                continue;
            }
            n++;
            last = g.end;
            at = g.end > g.start ? g.end : g.end + 1;
        }
        gf_regex_delete(rx);
    }
    gf_buf_release(&data);
    if (rc)
        return rc;
    long long want;
    bool counted = int_of(fc, "count", &want);
    *ok = counted ? (long long)n == want : n > 0;
    gf_buf_printf(msg, "'%s' holds %s '%s' %zu time%s", p, text ? "the text" : "matches of",
                  text ? text : re, n, n == 1 ? "" : "s");
    if (counted && !*ok)
        gf_buf_printf(msg, ", expected %lld", want);
    return 0;
}

static int a_file_sha256(actx *a, const json_t *m, gf_buf *msg, bool *ok, gf_error *err)
{
    const json_t *fs = json_object_get(m, "file_sha256");
    const char *p = str_of(fs, "path"), *want = str_of(fs, "checksum");
    if (!p || !want)
        return gf_error_set(err, GF_EINVAL, "file_sha256 needs 'path' and 'checksum'");
    gf_buf data = GF_BUF_INIT;
    if (read_target(a, p, &data, msg, ok)) {
        gf_buf_release(&data);
        return 0;
    }
    unsigned char sha[32];
    char hex[65];
    gf_sha256(data.ptr ? data.ptr : "", data.len, sha);
    gf_sha256_hex(sha, hex);
    gf_buf_release(&data);
    if (!strncasecmp(want, "sha256:", 7))
        want += 7;
    *ok = strcasecmp(hex, want) == 0;
    gf_buf_printf(msg, "'%s' has SHA-256 %s%s%s", p, hex, *ok ? "" : ", expected ",
                  *ok ? "" : want);
    return 0;
}

/* Runs git with args in the run's directory; its stdout in out. */
static int git(actx *a, const char *const *args, gf_buf *out, int *code, gf_error *err)
{
    const char *argv[32];
    size_t n = 0;
    argv[n++] = "git";
    for (; *args && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    gf_proc_opts po = {.argv = (char *const *)argv, .cwd = a->cwd, .cancel = a->o->cancel};
    gf_proc_result pr;
    int rc = gf_proc_run(&po, &pr, err);
    if (!rc) {
        *code = pr.exit_code;
        gf_buf_add(out, pr.out.ptr, pr.out.len);
        if (pr.exit_code != 0)
            rc = gf_error_set(err, GF_EINVAL, "git %s failed (exit %d): %.*s", argv[1],
                              pr.exit_code, (int)(pr.err.len > 300 ? 300 : pr.err.len),
                              pr.err.ptr ? pr.err.ptr : "");
    }
    gf_proc_result_release(&pr);
    return rc;
}

static int a_git_clean(actx *a, const json_t *m, gf_buf *msg, bool *ok, gf_error *err)
{
    const json_t *g = json_object_get(m, "git_clean");
    bool allow = json_is_true(json_object_get(g, "allow_untracked"));
    if (json_is_false(g)) {
        *ok = true;
        gf_buf_adds(msg, "git_clean: false checks nothing");
        return 0;
    }
    static const char *const args[] = {"status", "--porcelain", "--untracked-files=all", NULL};
    gf_buf out = GF_BUF_INIT;
    int code;
    int rc = git(a, args, &out, &code, err);
    if (rc) {
        gf_buf_release(&out);
        return rc;
    }
    size_t dirty = 0;
    gf_buf list = GF_BUF_INIT;
    const char *p = out.ptr ? out.ptr : "", *end = p + out.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len && !(allow && len >= 3 && !memcmp(p, "?? ", 3))) {
            if (dirty < 10)
                gf_buf_printf(&list, "%s%.*s", dirty ? ", " : ": ", (int)len, p);
            dirty++;
        }
        p += len + 1;
    }
    *ok = dirty == 0;
    if (*ok)
        gf_buf_adds(msg, allow ? "the work tree is clean (untracked files allowed)"
                               : "the work tree is clean");
    else
        gf_buf_printf(msg, "the work tree has %zu change%s%s%s", dirty, dirty == 1 ? "" : "s",
                      list.ptr, dirty > 10 ? ", ..." : "");
    gf_buf_release(&list);
    gf_buf_release(&out);
    return 0;
}

/* Drops "index ..." lines; the rest stays byte for byte. */
static void strip_index(const char *s, size_t n, gf_buf *out)
{
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        if (!(len >= 6 && !memcmp(p, "index ", 6)))
            gf_buf_add(out, p, len);
        p += len;
    }
    if (out->len && out->ptr[out->len - 1] != '\n')
        gf_buf_addc(out, '\n');
}

static int a_git_diff(actx *a, const json_t *m, gf_buf *msg, bool *ok, gf_error *err)
{
    const json_t *gd = json_object_get(m, "git_diff");
    const char *want = str_of(gd, "expected_diff");
    if (!want)
        return gf_error_set(err, GF_EINVAL, "git_diff needs 'expected_diff'");
    const char *args[24] = {"diff", "--no-color", "--no-ext-diff", NULL};
    size_t n = 3;
    const json_t *paths = json_object_get(gd, "paths");
    if (paths) {
        args[n++] = "--";
        if (json_is_string(paths))
            args[n++] = json_string_value(paths);
        for (size_t i = 0; json_is_array(paths) && i < json_array_size(paths) && n < 23; i++)
            args[n++] = json_string_value(json_array_get(paths, i));
    }
    args[n] = NULL;
    gf_buf out = GF_BUF_INIT, x = GF_BUF_INIT, y = GF_BUF_INIT;
    int code;
    int rc = git(a, args, &out, &code, err);
    if (!rc) {
        strip_index(out.ptr ? out.ptr : "", out.len, &x);
        strip_index(want, strlen(want), &y);
        *ok = x.len == y.len && (x.len == 0 || !memcmp(x.ptr, y.ptr, x.len));
        if (*ok) {
            gf_buf_adds(msg, "git diff is as expected");
        } else {
            size_t i = 0, line = 1;
            while (i < x.len && i < y.len && x.ptr[i] == y.ptr[i])
                line += x.ptr[i++] == '\n';
            const char *xs = x.ptr ? x.ptr : "", *ys = y.ptr ? y.ptr : "";
            size_t xb = i, yb = i;
            while (xb > 0 && xs[xb - 1] != '\n')
                xb--;
            yb = xb;
            const char *xe = memchr(xs + xb, '\n', x.len - xb),
                       *ye = memchr(ys + yb, '\n', y.len - yb);
            gf_buf_printf(
                msg,
                "git diff differs from the expected diff at line %zu: got '%.*s', expected '%.*s'",
                line, (int)(xe ? (size_t)(xe - xs) - xb : x.len - xb), xs + xb,
                (int)(ye ? (size_t)(ye - ys) - yb : y.len - yb), ys + yb);
        }
    }
    gf_buf_release(&out);
    gf_buf_release(&x);
    gf_buf_release(&y);
    return rc;
}

static int a_match_count(actx *a, const json_t *m, gf_buf *msg, bool *ok, gf_error *err)
{
    const json_t *mc = json_object_get(m, "match_count");
    const char *pattern = str_of(mc, "pattern");
    if (!pattern)
        return gf_error_set(err, GF_EINVAL, "match_count needs 'pattern'");
    const char *argv[40];
    size_t n = 0;
    argv[n++] = a->o->exe;
    argv[n++] = "find";
    argv[n++] = "--json=compact";
    if (str_of(mc, "lang")) {
        argv[n++] = "--lang";
        argv[n++] = str_of(mc, "lang");
    }
    if (str_of(mc, "selector")) {
        argv[n++] = "--selector";
        argv[n++] = str_of(mc, "selector");
    }
    argv[n++] = "--";
    argv[n++] = pattern;
    const json_t *paths = json_object_get(mc, "path");
    if (json_is_string(paths))
        argv[n++] = json_string_value(paths);
    for (size_t i = 0; json_is_array(paths) && i < json_array_size(paths) && n < 39; i++)
        argv[n++] = json_string_value(json_array_get(paths, i));
    argv[n] = NULL;
    gf_proc_opts po = {.argv = (char *const *)argv, .cwd = a->cwd, .cancel = a->o->cancel};
    gf_proc_result pr;
    int rc = gf_proc_run(&po, &pr, err);
    if (rc) {
        gf_proc_result_release(&pr);
        return rc;
    }
    if (pr.exit_code > 1) {
        rc = gf_error_set(err, GF_EINVAL, "match_count: %.*s",
                          (int)(pr.err.len > 500 ? 500 : pr.err.len), pr.err.ptr ? pr.err.ptr : "");
        gf_proc_result_release(&pr);
        return rc;
    }
    json_error_t je;
    json_t *arr = json_loadb(pr.out.ptr ? pr.out.ptr : "[]", pr.out.len ? pr.out.len : 2, 0, &je);
    gf_proc_result_release(&pr);
    if (!json_is_array(arr)) {
        json_decref(arr);
        return gf_error_set(err, GF_EINVAL, "match_count: cannot read graft find's output");
    }
    long long cnt = (long long)json_array_size(arr), v;
    json_decref(arr);
    *ok = true;
    gf_buf_printf(msg, "'%s' matches %lld time%s", pattern, cnt, cnt == 1 ? "" : "s");
    if (int_of(mc, "equals", &v) && cnt != v) {
        *ok = false;
        gf_buf_printf(msg, ", expected %lld", v);
    }
    if (int_of(mc, "min", &v) && cnt < v) {
        *ok = false;
        gf_buf_printf(msg, ", expected at least %lld", v);
    }
    if (int_of(mc, "max", &v) && cnt > v) {
        *ok = false;
        gf_buf_printf(msg, ", expected at most %lld", v);
    }
    return 0;
}

static int a_that(actx *a, const json_t *m, gf_buf *msg, bool *ok, gf_error *err)
{
    const char *src = str_of(m, "that");
    json_t *v = NULL;
    gf_error e = GF_ERROR_INIT;
    if (gf_expr_eval(src, strlen(src), a->look, a->ctx, &v, &e))
        return gf_error_set(err, GF_EINVAL, "that '%s': %s", src, e.message);
    *ok = gf_json_truthy(v);
    char *t = gf_json_text(v);
    gf_buf_printf(msg, "'%s' is %s%s%s", src, *ok ? "true" : "false",
                  json_is_boolean(v) ? "" : " (", json_is_boolean(v) ? "" : t);
    if (!json_is_boolean(v))
        gf_buf_addc(msg, ')');
    gf_free(t);
    json_decref(v);
    return 0;
}

typedef int (*afn)(actx *, const json_t *, gf_buf *, bool *, gf_error *);

static const struct {
    const char *kind;
    afn fn;
} kinds[] = {
    {"command", a_command},
    {"file_exists", a_file_exists},
    {"file_contains", a_file_contains},
    {"file_sha256", a_file_sha256},
    {"git_clean", a_git_clean},
    {"git_diff", a_git_diff},
    {"match_count", a_match_count},
    {"that", a_that},
};

static int one(actx *a, const json_t *m, json_t *checks, bool *all, gf_error *err)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (!json_object_get(m, kinds[i].kind))
            continue;
        gf_buf msg = GF_BUF_INIT;
        bool ok = false;
        int rc = kinds[i].fn(a, m, &msg, &ok, err);
        if (!rc) {
            json_array_append_new(checks, check(kinds[i].kind, ok, &msg));
            *all &= ok;
        }
        gf_buf_release(&msg);
        return rc;
    }
    return gf_error_set(err, GF_EINVAL, "an assertion without a known kind");
}

int gf_plan_assert(const json_t *args, const gf_run_opts *o, gf_expr_lookup look, void *ctx,
                   json_t **result, gf_buf *log, gf_error *err)
{
    actx a = {.o = o, .log = log, .look = look, .ctx = ctx};
    *result = NULL;
    if (!getcwd(a.cwd, sizeof a.cwd))
        return gf_error_errno(err, errno, ".");
    json_t *checks = json_array();
    bool all = true;
    int rc = 0;
    if (json_is_array(args)) {
        size_t i;
        json_t *m;
        json_array_foreach(args, i, m)
        {
            if ((rc = one(&a, m, checks, &all, err)) != 0)
                break;
        }
    } else {
        rc = one(&a, args, checks, &all, err);
    }
    *result = json_pack("{s:b, s:o}", "passed", all && !rc, "checks", checks);
    return rc;
}
