/* Unit tests for the walker's visitor contract: per-worker state, ordered
 * emits, whole-file data, early stop, warnings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graft/graft.h"
#include "util/buf.h"

static char root[64];

/* 3 directories x 70 files, each file holding its own path. */
static int setup(void **state)
{
    strcpy(root, "/tmp/graft-walk-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    char p[256];
    for (int d = 0; d < 3; d++) {
        snprintf(p, sizeof p, "%s/d%d", root, d);
        mkdir(p, 0755);
        for (int f = 0; f < 70; f++) {
            snprintf(p, sizeof p, "%s/d%d/f%02d.py", root, d, f);
            FILE *fp = fopen(p, "w");
            fprintf(fp, "%s\n", p);
            fclose(fp);
        }
    }
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd);
}

typedef struct ctx {
    atomic_int workers_made, workers_freed;
    int emitted;
    int stop_after;
    char last[256];
    bool ordered, data_ok;
} ctx;

static void *worker_new(void *user)
{
    ctx *c = user;
    atomic_fetch_add(&c->workers_made, 1);
    return malloc(1);
}

static void worker_free(void *user, void *w)
{
    ctx *c = user;
    atomic_fetch_add(&c->workers_freed, 1);
    free(w);
}

static void visit(void *user, void *worker, const gf_walk_file *f, gf_buf *out)
{
    ctx *c = user;
    /* The file holds its own path plus '\n'. */
    if (f->len != strlen(f->path) + 1 || memcmp(f->data, f->path, f->len - 1) != 0)
        c->data_ok = false;
    gf_buf_adds(out, f->path);
}

static int emit(void *user, const gf_walk_file *f, const gf_buf *out, const gf_error *err)
{
    ctx *c = user;
    if (strcmp(out->ptr, f->path) != 0 || strcmp(c->last, f->path) >= 0)
        c->ordered = false;
    snprintf(c->last, sizeof c->last, "%s", f->path);
    c->emitted++;
    return c->stop_after && c->emitted >= c->stop_after;
}

static void walk_with(ctx *c, int threads)
{
    const char *paths[] = {root};
    gf_walk_opts o = {.paths = paths, .npaths = 1, .threads = threads, .read_full = true};
    gf_walk_visitor v = {worker_new, worker_free, visit, emit, c};
    size_t problems = 99;
    assert_int_equal(gf_walk(&o, &v, NULL, NULL, &problems, NULL), 0);
    assert_int_equal(problems, 0);
}

static void test_ordered_with_worker_state(void **state)
{
    for (int threads = 1; threads <= 4; threads++) {
        ctx c = {.ordered = true, .data_ok = true};
        walk_with(&c, threads);
        assert_int_equal(c.emitted, 210);
        assert_true(c.ordered);
        assert_true(c.data_ok);
        assert_int_equal(atomic_load(&c.workers_made), threads);
        assert_int_equal(atomic_load(&c.workers_freed), threads);
    }
}

static void test_emit_can_stop_early(void **state)
{
    ctx c = {.ordered = true, .data_ok = true, .stop_after = 5};
    walk_with(&c, 3);
    assert_int_equal(c.emitted, 5);
    assert_true(c.ordered);
    assert_int_equal(atomic_load(&c.workers_made), atomic_load(&c.workers_freed));
}

static int warnings;
static void on_warn(void *user, const gf_error *w)
{
    warnings++;
    assert_int_equal(w->code, GF_ENOENT);
}

static void test_missing_root_is_a_warning(void **state)
{
    const char *paths[] = {"/nonexistent/graft-root", root};
    gf_walk_opts o = {.paths = paths, .npaths = 2, .threads = 2};
    ctx c = {.ordered = true, .data_ok = true};
    gf_walk_visitor v = {.emit = emit, .user = &c};
    size_t problems = 0;
    warnings = 0;
    assert_int_equal(gf_walk(&o, &v, on_warn, NULL, &problems, NULL), 0);
    assert_int_equal(warnings, 1);
    assert_int_equal(problems, 1);
    assert_int_equal(c.emitted, 210);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ordered_with_worker_state),
        cmocka_unit_test(test_emit_can_stop_early),
        cmocka_unit_test(test_missing_root_is_a_warning),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
