/* Unit tests for the thread pool. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>

#include "util/pool.h"

typedef struct ctx {
    gf_pool *pool;
    atomic_int count;
    atomic_int bad_worker;
} ctx;

static void leaf(void *arg, int worker)
{
    ctx *c = arg;
    if (worker < 0 || worker >= gf_pool_size(c->pool))
        atomic_fetch_add(&c->bad_worker, 1);
    atomic_fetch_add(&c->count, 1);
}

/* Each call spawns two children until depth runs out: a binary tree of
 * tasks queued from inside tasks, like a directory walk. */
typedef struct node {
    ctx *c;
    int depth;
} node;

static node nodes[1 << 12];
static atomic_int next_node;

static void spawn(void *arg, int worker)
{
    node *n = arg;
    atomic_fetch_add(&n->c->count, 1);
    if (n->depth == 0)
        return;
    for (int i = 0; i < 2; i++) {
        node *k = &nodes[atomic_fetch_add(&next_node, 1)];
        k->c = n->c;
        k->depth = n->depth - 1;
        gf_pool_submit(n->c->pool, spawn, k);
    }
}

static void test_runs_every_task(void **state)
{
    ctx c = {0};
    c.pool = gf_pool_new(3);
    assert_int_equal(gf_pool_size(c.pool), 3);
    for (int i = 0; i < 10000; i++)
        gf_pool_submit(c.pool, leaf, &c);
    gf_pool_wait(c.pool);
    assert_int_equal(atomic_load(&c.count), 10000);
    assert_int_equal(atomic_load(&c.bad_worker), 0);
    gf_pool_delete(c.pool);
}

static void test_tasks_queued_by_tasks_are_waited_for(void **state)
{
    ctx c = {0};
    c.pool = gf_pool_new(2);
    atomic_store(&next_node, 1);
    nodes[0] = (node){&c, 10};
    gf_pool_submit(c.pool, spawn, &nodes[0]);
    gf_pool_wait(c.pool);
    assert_int_equal(atomic_load(&c.count), (1 << 11) - 1);
    gf_pool_delete(c.pool);
}

static void test_wait_on_idle_pool_returns(void **state)
{
    gf_pool *p = gf_pool_new(0); /* clamped to one worker */
    assert_int_equal(gf_pool_size(p), 1);
    gf_pool_wait(p);
    gf_pool_delete(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_every_task),
        cmocka_unit_test(test_tasks_queued_by_tasks_are_waited_for),
        cmocka_unit_test(test_wait_on_idle_pool_returns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
