/* plan: multi-step edit runs described in YAML (or JSON), with artifacts,
 * a diff budget and assertions. docs/plans.md is the user's reference. */
#ifndef GF_PLAN_PLAN_H
#define GF_PLAN_PLAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "graft/core.h"
#include "plan/expr.h"
#include "plan/proc.h"
#include "util/buf.h"
#include "util/vec.h"
#include "util/yaml.h"

/* ---- actions and their arguments ---- */

typedef enum gf_argtype {
    GF_ARG_STR,  /* a string (numbers and booleans given plainly are taken as text) */
    GF_ARG_INT,  /* an integer >= 0 */
    GF_ARG_NUM,  /* a number >= 0 */
    GF_ARG_BOOL, /* true / false */
    GF_ARG_STRS, /* a string or a list of strings */
    GF_ARG_ENV,  /* a mapping of names to strings */
    GF_ARG_ANY,  /* checked by the action itself */
} gf_argtype;

typedef struct gf_argspec {
    const char *name; /* the key in the plan (the CLI long option with '_' for '-') */
    gf_argtype type;
    const char
        *opt; /* the verb's option ("--old"); NULL: positional (pos > 0) or the runner's own */
    int pos;  /* 1-based positional order for the verb, 0 when an option */
    bool required;
} gf_argspec;

typedef enum gf_action_kind {
    GF_ACT_READ,  /* a read-only verb whose JSON output is the result */
    GF_ACT_EDIT,  /* a verb that prints a unified diff; the runner applies it */
    GF_ACT_PATCH, /* file.patch_apply: a unified diff applied by the runner */
    GF_ACT_SHELL,
    GF_ACT_ASSERT,
} gf_action_kind;

typedef struct gf_action {
    const char *name; /* "file.replace" */
    gf_action_kind kind;
    const char *verb;           /* the graft verb it runs (READ / EDIT) */
    const gf_argspec *args;     /* terminated by a NULL name */
    const char *const *one_of;  /* "old|old_file": at least one of them is required */
    const char *const *at_most; /* "all|count": at most one of them */
    const char *const *fixed;   /* options the runner always gives the verb */
    const char *result_key;     /* READ: the result's key for the verb's JSON array */
} gf_action;

/* The action named name, or NULL. */
const gf_action *gf_action_find(const char *name, size_t len);
/* Every action's name, comma-separated (static). */
const char *gf_action_names(void);

/* ---- plans ---- */

typedef struct gf_plan_step {
    const char *name;
    const gf_action *action;
    const gf_yaml_node *args; /* the action's value (a mapping, or a string/list for shell) */
    const char *register_as;  /* NULL when not registered */
    const gf_yaml_node *when; /* NULL when unconditional */
    uint32_t line, col;
} gf_plan_step;

typedef struct gf_plan {
    char *path;       /* as given */
    char sha256[65];  /* of the plan file's bytes */
    const char *name; /* may be NULL */
    json_t *vars;     /* object: the plan's vars, then --var overrides */
    long budget;      /* -1 when the plan sets none */
    GF_VEC(gf_plan_step) steps;
    gf_yaml_docs docs;
} gf_plan;

/*
 * Loads and validates a plan: YAML (JSON is YAML too), one document, a
 * mapping with `steps` and optionally `name`, `vars`, `budget`. Each step
 * has `name`, exactly one action and optionally `register` and `when`.
 * Validation covers unknown keys and actions, missing and wrongly typed
 * arguments, duplicate step or register names, and every `{{ }}` and
 * `when` expression (syntax, and names that are neither vars nor results
 * registered by an earlier step). overrides ("k=v", may be NULL) replace or
 * add vars. Errors are GF_ESYNTAX/GF_EINVAL with err->line and err->column
 * set and the message starting "'PATH':LINE:COL: ". Release with
 * gf_plan_release even on error.
 */
int gf_plan_load(const char *path, const char *data, size_t len, char *const *overrides,
                 size_t noverrides, gf_plan *plan, gf_error *err);
void gf_plan_release(gf_plan *plan);

/* A YAML node as a JSON value (scalars by the core schema: null, booleans,
 * numbers, else strings). With look, every string holding "{{" is
 * expanded (gf_plan_template); NULL and err filled when that fails. */
json_t *gf_plan_value(const gf_yaml_node *n, gf_expr_lookup look, void *ctx, gf_error *err);

/* ---- running ---- */

typedef enum gf_step_status {
    GF_STEP_PENDING,
    GF_STEP_OK,
    GF_STEP_FAILED,        /* the action failed, or would exceed the budget */
    GF_STEP_ASSERT_FAILED, /* an assertion did not hold */
    GF_STEP_SKIPPED,       /* `when` was false, or a dry run does not run it */
} gf_step_status;

typedef struct gf_run_event {
    const char *what; /* "started", "finished", "skipped", "failed" */
    size_t index;     /* 0-based step */
    const gf_plan_step *step;
    gf_step_status status;
    const char *message; /* why it failed or was skipped; may be NULL */
    size_t lines_changed;
    double seconds;
} gf_run_event;

typedef struct gf_run_opts {
    const char *exe;    /* the graft executable that runs the verbs */
    const char *root;   /* absolute: edits stay beneath it; artifacts in <root>/.agentfs */
    const char *run_id; /* NULL: timestamp + random suffix */
    long budget;        /* -1: the plan's, else 1000 */
    bool dry_run;
    bool continue_on_error;
    void (*progress)(void *ctx, const gf_run_event *ev); /* may be NULL */
    void *progress_ctx;
    volatile int *cancel; /* set non-zero (from another thread) to stop: the running
                             command is killed and no further step starts */
} gf_run_opts;

typedef struct gf_run_summary {
    char run_id[128];
    char *artifacts; /* absolute directory of the run's artifacts */
    int exit_code;   /* 0 all steps succeeded, 1 an assertion failed, 2 an action failed */
    json_t *results; /* what results.json holds */
} gf_run_summary;

/*
 * Runs the plan's steps in order (see docs/plans.md): each editing step's
 * changes are computed as a unified diff, checked against the budget, then
 * applied to every file or to none. Writes the artifacts. Returns 0 when the
 * run happened (whatever its steps did: see sum->exit_code); an error
 * (nothing run) when the artifacts directory cannot be made or the run id
 * is taken or malformed. Release sum with gf_run_summary_release.
 */
int gf_plan_run(const gf_plan *plan, const gf_run_opts *o, gf_run_summary *sum, gf_error *err);
void gf_run_summary_release(gf_run_summary *sum);

/*
 * Restores every file run run_id changed to its content before the run,
 * when its current content still equals the run's last recorded content;
 * the others are left alone. *report (new reference) lists both:
 * {run_id, restored:[path], left_alone:[{path, reason}]}. Errors: no such
 * run, unreadable artifacts, a failed write (files restored before it stay
 * restored and are listed).
 */
int gf_plan_rollback(const char *root, const char *run_id, json_t **report, gf_error *err);

/* Runs the assertion(s) of an `assert` step, args substituted (a mapping
 * or a list of mappings; see docs/plans.md). *result (new reference) gets
 * {passed, checks:[{kind, passed, message}]}; command output goes to log.
 * `that:` expressions are evaluated with look. Returns 0 when every check
 * ran, passed or not; an error when one could not run (a bad regex, a
 * command that cannot start). */
int gf_plan_assert(const json_t *args, const gf_run_opts *o, gf_expr_lookup look, void *ctx,
                   json_t **result, gf_buf *log, gf_error *err);

/* Runs a command: cmd is a string (run by /bin/sh -c) or a list (argv);
 * opts may hold cwd (relative to base_cwd), env, timeout and stdin. The
 * command line and its output are appended to log. Errors: it cannot
 * start. pr must be released even on error. */
int gf_plan_command(const json_t *cmd, const json_t *opts, const char *base_cwd,
                    volatile int *cancel, gf_proc_result *pr, gf_buf *log, gf_error *err);

/*
 * Runs one action outside a plan, with args as JSON (no substitution, no
 * artifacts, no budget): what the MCP server's tools do. Returns the step
 * status; *result (new reference, may be NULL) is what a plan would
 * register; message says why it failed.
 */
gf_step_status gf_plan_exec(const gf_action *a, const json_t *args, const gf_run_opts *o,
                            json_t **result, gf_buf *message);

#endif
