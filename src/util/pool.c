/* pool: worker threads over one mutex-protected LIFO of tasks. */
#include "util/pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/vec.h"

struct task {
    gf_task_fn fn;
    void *arg;
};

struct worker {
    gf_pool *pool;
    int id;
    pthread_t thread;
};

/* Invariant: pending counts queued + running tasks; idle is signalled when
 * it drops to zero, work when a task is queued or stop is set. */
struct gf_pool {
    pthread_mutex_t mu;
    pthread_cond_t work, idle;
    GF_VEC(struct task) tasks;
    size_t pending;
    bool stop;
    int n;
    struct worker *workers;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    gf_pool *p = w->pool;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->tasks.len && !p->stop)
            pthread_cond_wait(&p->work, &p->mu);
        if (!p->tasks.len && p->stop)
            break;
        struct task t = gf_vec_pop(&p->tasks);
        pthread_mutex_unlock(&p->mu);
        t.fn(t.arg, w->id);
        pthread_mutex_lock(&p->mu);
        if (--p->pending == 0)
            pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

gf_pool *gf_pool_new(int n)
{
    gf_pool *p = gf_calloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->idle, NULL);
    p->n = n < 1 ? 1 : n;
    p->workers = gf_calloc((size_t)p->n, sizeof *p->workers);
    int started = 0;
    for (int i = 0; i < p->n; i++) {
        p->workers[i].pool = p;
        p->workers[i].id = i;
        if (pthread_create(&p->workers[i].thread, NULL, worker_main, &p->workers[i]) != 0)
            break;
        started++;
    }
    if (!started) {
        fprintf(stderr, "graft: cannot create worker threads\n");
        abort();
    }
    p->n = started;
    return p;
}

int gf_pool_size(const gf_pool *p)
{
    return p->n;
}

void gf_pool_submit(gf_pool *p, gf_task_fn fn, void *arg)
{
    pthread_mutex_lock(&p->mu);
    gf_vec_push(&p->tasks, ((struct task){fn, arg}));
    p->pending++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
}

void gf_pool_wait(gf_pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->pending)
        pthread_cond_wait(&p->idle, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

void gf_pool_delete(gf_pool *p)
{
    if (!p)
        return;
    gf_pool_wait(p);
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n; i++)
        pthread_join(p->workers[i].thread, NULL);
    gf_vec_release(&p->tasks);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->idle);
    gf_free(p->workers);
    gf_free(p);
}
