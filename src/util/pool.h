/* pool: fixed-size worker thread pool with a shared task stack. */
#ifndef GF_UTIL_POOL_H
#define GF_UTIL_POOL_H

typedef struct gf_pool gf_pool;

/* A task receives its argument and the id (0..n-1) of the worker running it,
 * so callers can index per-worker state without locks. */
typedef void (*gf_task_fn)(void *arg, int worker);

/* Starts n worker threads (n >= 1). Never NULL; aborts if threads cannot be
 * created at all. */
gf_pool *gf_pool_new(int n);
int gf_pool_size(const gf_pool *p);
/* Queues fn(arg); thread-safe, callable from inside tasks. Tasks run in
 * last-in first-out order (depth-first for directory walks). */
void gf_pool_submit(gf_pool *p, gf_task_fn fn, void *arg);
/* Blocks until no task is queued or running (tasks queued by tasks
 * included). */
void gf_pool_wait(gf_pool *p);
/* Waits, stops the threads and frees the pool. */
void gf_pool_delete(gf_pool *p);

#endif
