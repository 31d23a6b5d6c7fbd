/* cmd_run: run a plan (multi-step edits with a budget, assertions and
 * artifacts), check one, or roll a run back. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "edit/root.h"
#include "plan/plan.h"
#include "util/alloc.h"
#include "util/file.h"
#include "util/vec.h"

static const char help[] =
    "usage: graft run PLAN.yml [--dry-run] [--budget N] [--run-id ID] [--var NAME=VALUE]...\n"
    "                 [--continue-on-error] [--json] [--root DIR]\n"
    "       graft run --check PLAN.yml [--var NAME=VALUE]...\n"
    "       graft run --rollback RUN_ID [--json] [--root DIR]\n\n"
    "Run a plan: steps in order, each one action with the arguments of the verb it\n"
    "mirrors (file.replace, file.insert, file.delete_range, file.patch_apply,\n"
    "repo.search, repo.tree, code.find, code.rewrite, code.scan, code.splice,\n"
    "code.parse, code.symbols, code.show, code.refs, shell, assert). A step that changes files "
    "applies all of its changes or none,\n"
    "through graft's checked, atomic edit path. A failing step stops the run.\n"
    "Every run records its diffs, checksums, logs, events and results under\n"
    "<root>/.agentfs/artifacts/RUN_ID/. The plan format is in docs/plans.md.\n\n"
    "options:\n"
    "  -n, --dry-run            run read-only steps and compute every diff; write no\n"
    "                           file (shell and assert steps are skipped)\n"
    "      --budget N           the most changed lines (added + removed) the run may\n"
    "                           make (default: the plan's budget, else 1000); a step\n"
    "                           that would go over fails before writing\n"
    "      --run-id ID          name the run (default: UTC time + random suffix)\n"
    "      --var NAME=VALUE     set a plan variable (repeatable; overrides vars:)\n"
    "      --continue-on-error  run the remaining steps after a failure\n"
    "      --json               print results.json instead of progress lines\n"
    "      --check              validate the plan only (errors with line:column)\n"
    "      --rollback RUN_ID    restore the files the run changed to their content\n"
    "                           before it, when they still hold what the run wrote;\n"
    "                           files changed since are listed and left alone\n"
    "      --root DIR           edits stay beneath DIR; artifacts go to\n"
    "                           DIR/.agentfs (default: the git work tree, else the\n"
    "                           current directory)\n"
    "  -h, --help               show this help\n\n"
    "exit status: 0 every step succeeded (or --check: the plan is valid; --rollback:\n"
    "every file restored), 1 an assertion failed (--rollback: some files left\n"
    "alone), 2 an action failed, the budget was exceeded or the plan is invalid\n\n"
    "examples:\n"
    "  graft run --check examples/plans/retries.yml\n"
    "  graft run examples/plans/retries.yml --dry-run\n"
    "  graft run plan.yml --var retries=5 --budget 50 --run-id bump-retries\n"
    "  graft run --rollback bump-retries\n";

typedef struct prog {
    size_t total;
} prog;

static void on_progress(void *ctx, const gf_run_event *ev)
{
    prog *p = ctx;
    if (!strcmp(ev->what, "started"))
        return;
    printf("[%zu/%zu] %s (%s): ", ev->index + 1, p->total, ev->step->name, ev->step->action->name);
    switch (ev->status) {
    case GF_STEP_OK:
        if (ev->lines_changed)
            printf("ok, %zu line%s changed\n", ev->lines_changed,
                   ev->lines_changed == 1 ? "" : "s");
        else
            printf("ok\n");
        break;
    case GF_STEP_SKIPPED: printf("skipped: %s\n", ev->message ? ev->message : ""); break;
    case GF_STEP_ASSERT_FAILED:
        printf("assertion failed: %s\n", ev->message ? ev->message : "");
        break;
    default: printf("failed: %s\n", ev->message ? ev->message : ""); break;
    }
    fflush(stdout);
}

static void print_json(const json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s)
        printf("%s\n", s);
    free(s);
}

static int load(const char *path, char *const *vars, size_t nvars, gf_plan *plan)
{
    gf_buf data = GF_BUF_INIT;
    gf_error e = GF_ERROR_INIT;
    int rc = strcmp(path, "-") == 0 ? gf_read_fd(0, "-", 0, &data, &e)
                                    : gf_read_file(path, 16 << 20, 0, &data, NULL, &e);
    if (!rc)
        rc = gf_plan_load(path, data.ptr ? data.ptr : "", data.len, vars, nvars, plan, &e);
    gf_buf_release(&data);
    return rc ? cli_report(&e) : EXIT_OK;
}

int cmd_run(int argc, char **argv)
{
    enum {
        OPT_BUDGET = 256,
        OPT_RUNID,
        OPT_VAR,
        OPT_CONT,
        OPT_JSON,
        OPT_CHECK,
        OPT_ROLLBACK,
        OPT_ROOT
    };
    static const struct option opts[] = {{"budget", required_argument, NULL, OPT_BUDGET},
                                         {"check", no_argument, NULL, OPT_CHECK},
                                         {"continue-on-error", no_argument, NULL, OPT_CONT},
                                         {"dry-run", no_argument, NULL, 'n'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"json", no_argument, NULL, OPT_JSON},
                                         {"rollback", required_argument, NULL, OPT_ROLLBACK},
                                         {"root", required_argument, NULL, OPT_ROOT},
                                         {"run-id", required_argument, NULL, OPT_RUNID},
                                         {"var", required_argument, NULL, OPT_VAR},
                                         {0}};
    GF_VEC(char *) vars = GF_VEC_INIT;
    gf_run_opts ro = {.budget = -1};
    bool json = false, check = false;
    const char *rollback = NULL, *root_arg = NULL;
    char *root = NULL;
    gf_plan plan = {0};
    bool loaded = false;
    int c, rc = EXIT_OK;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":hn", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); goto out;
        case 'n': ro.dry_run = true; break;
        case OPT_BUDGET: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 0) {
                rc = cli_usage_error("run", "invalid --budget '%s' (a number of lines, from 0)",
                                     optarg);
                goto out;
            }
            ro.budget = v;
            break;
        }
        case OPT_RUNID: ro.run_id = optarg; break;
        case OPT_VAR: gf_vec_push(&vars, optarg); break;
        case OPT_CONT: ro.continue_on_error = true; break;
        case OPT_JSON: json = true; break;
        case OPT_CHECK: check = true; break;
        case OPT_ROLLBACK: rollback = optarg; break;
        case OPT_ROOT: root_arg = optarg; break;
        default: rc = cli_bad_option("run", c, argv); goto out;
        }
    }
    gf_error e = GF_ERROR_INIT;
    if (root_arg) {
        root = realpath(root_arg, NULL);
        if (!root) {
            rc = cli_error("--root '%s': %s", root_arg, strerror(errno));
            goto out;
        }
    } else if (gf_root_default(".", &root, &e) != 0) {
        rc = cli_report(&e);
        goto out;
    }
    if (rollback) {
        if (optind < argc || check || ro.dry_run) {
            rc = cli_usage_error("run", "--rollback takes only a run id (and --json, --root)");
            goto out;
        }
        json_t *report = NULL;
        int rr = gf_plan_rollback(root, rollback, &report, &e);
        if (report) {
            if (json) {
                print_json(report);
            } else {
                size_t i;
                json_t *v;
                json_array_foreach(json_object_get(report, "restored"), i, v)
                    printf("restored %s\n", json_string_value(v));
                json_array_foreach(json_object_get(report, "left_alone"), i, v)
                    printf("left alone %s: %s\n", json_string_value(json_object_get(v, "path")),
                           json_string_value(json_object_get(v, "reason")));
                if (!json_array_size(json_object_get(report, "restored")) &&
                    !json_array_size(json_object_get(report, "left_alone")))
                    printf("run '%s' changed no files\n", rollback);
            }
        }
        if (rr)
            rc = cli_report(&e);
        else
            rc = json_array_size(json_object_get(report, "left_alone")) ? EXIT_NONE : EXIT_OK;
        json_decref(report);
        goto out;
    }
    if (argc - optind != 1) {
        rc = cli_usage_error("run", argc == optind ? "missing PLAN" : "one PLAN at a time");
        goto out;
    }
    rc = load(argv[optind], vars.items, vars.len, &plan);
    loaded = true;
    if (rc)
        goto out;
    if (check) {
        printf("%s: valid plan, %zu step%s\n", argv[optind], plan.steps.len,
               plan.steps.len == 1 ? "" : "s");
        goto out;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        rc = cli_error("cannot find graft's own executable (/proc/self/exe)");
        goto out;
    }
    exe[n] = '\0';
    ro.exe = exe;
    ro.root = root;
    prog pg = {.total = plan.steps.len};
    if (!json) {
        ro.progress = on_progress;
        ro.progress_ctx = &pg;
    }
    gf_run_summary sum;
    if (gf_plan_run(&plan, &ro, &sum, &e) != 0) {
        rc = cli_report(&e);
        gf_run_summary_release(&sum);
        goto out;
    }
    if (json) {
        print_json(sum.results);
    } else {
        const json_t *b = json_object_get(sum.results, "budget");
        printf("run %s %s%s: %lld line%s changed in %zu file%s (budget %lld, %lld left)\n"
               "artifacts: %s\n",
               sum.run_id, json_string_value(json_object_get(sum.results, "status")),
               ro.dry_run ? " (dry run, nothing written)" : "",
               (long long)json_integer_value(json_object_get(b, "used")),
               json_integer_value(json_object_get(b, "used")) == 1 ? "" : "s",
               json_array_size(json_object_get(sum.results, "changed_files")),
               json_array_size(json_object_get(sum.results, "changed_files")) == 1 ? "" : "s",
               (long long)json_integer_value(json_object_get(b, "limit")),
               (long long)json_integer_value(json_object_get(b, "left")), sum.artifacts);
    }
    rc = sum.exit_code;
    gf_run_summary_release(&sum);
out:
    if (loaded)
        gf_plan_release(&plan);
    free(root);
    gf_vec_release(&vars);
    return rc;
}
