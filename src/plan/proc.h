/* proc: run a command with its output captured, a time limit and an
 * environment of its own (shell steps, command assertions, graft's verbs). */
#ifndef GF_PLAN_PROC_H
#define GF_PLAN_PROC_H

#include <stdbool.h>
#include <stddef.h>

#include "graft/core.h"
#include "util/buf.h"

typedef struct gf_proc_opts {
    char *const *argv;    /* NULL-terminated; argv[0] is looked up in PATH without a '/' */
    const char *cwd;      /* NULL: the current directory */
    char *const *env_add; /* "NAME=VALUE" set in the child's environment; may be NULL */
    double timeout;       /* seconds; <= 0: no limit */
    const char *input;    /* the child's stdin; NULL: /dev/null */
    size_t input_len;
    size_t max_output;    /* bytes kept per stream (the rest is read and dropped); 0: 64 MiB */
    volatile int *cancel; /* when it becomes non-zero the process group is killed; may be NULL */
} gf_proc_opts;

typedef struct gf_proc_result {
    int exit_code;  /* the exit status, or 128 + signal when killed by one */
    int signal;     /* the signal that ended it, 0 when it exited */
    bool timed_out; /* killed after the time limit */
    bool cancelled; /* killed because *cancel was set */
    bool truncated; /* some output was dropped past max_output */
    double seconds; /* wall time */
    gf_buf out, err;
} gf_proc_result;

/*
 * Runs the command and waits for it (and, with a time limit, stops its whole
 * process group: SIGTERM, then SIGKILL one second later). The child runs in
 * a process group of its own. Errors (GF_EINVAL / GF_ENOENT / GF_EACCES /
 * GF_EIO): the command cannot be started (not found, not executable, a cwd
 * that does not exist) -- then nothing ran. res must be released with
 * gf_proc_result_release even on error.
 */
int gf_proc_run(const gf_proc_opts *o, gf_proc_result *res, gf_error *err);
void gf_proc_result_release(gf_proc_result *res);

#endif
