/* Fuzz target: the plan loader (plans are written by agents and people).
 * Input: a plan; when it holds a NUL byte, the lines after it are --var
 * overrides. A loaded plan's invariants are checked, then every `when` is
 * evaluated and every "{{ }}" expanded as a run would, against the vars
 * and a sample result for each registered name. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plan/expr.h"
#include "plan/plan.h"
#include "util/alloc.h"
#include "util/vec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PLAN_PATH "fuzz.yml"

typedef struct names {
    const gf_plan *plan;
    json_t *registered; /* name -> a sample result */
} names;

static const json_t *look(void *ctx, const char *name)
{
    names *n = ctx;
    const json_t *v = json_object_get(n->registered, name);
    return v ? v : json_object_get(n->plan->vars, name);
}

/* A result shaped like the ones steps register (see docs/plans.md). */
static json_t *sample_result(void)
{
    return json_pack("{s:i, s:i, s:b, s:b, s:[{s:s, s:i}], s:s, s:n}", "count", 2, "exit_code", 0,
                     "changed", 1, "passed", 0, "files", "path", "a.py", "line", 3, "stdout",
                     "out\n", "tree");
}

/* Expands every templated scalar under n; the result is discarded. */
static void expand(names *ns, const gf_yaml_node *n)
{
    if (n->type == GF_YAML_SCALAR) {
        if (!memmem(n->str, n->len, "{{", 2))
            return;
        json_t *out = NULL;
        gf_error e = GF_ERROR_INIT;
        int rc = gf_plan_template(n->str, n->len, false, look, ns, &out, &e);
        if (rc == 0 ? out == NULL : (rc > 0 || out != NULL || !e.message[0]))
            __builtin_trap();
        json_decref(out);
        return;
    }
    if (n->type != GF_YAML_SEQ && n->type != GF_YAML_MAP)
        return;
    size_t count = n->type == GF_YAML_MAP ? 2 * n->n : n->n;
    for (size_t i = 0; i < count; i++)
        expand(ns, n->items[i]);
}

static void check_plan(const gf_plan *plan)
{
    if (!json_is_object(plan->vars) || plan->budget < -1 || strcmp(plan->path, PLAN_PATH) != 0 ||
        strlen(plan->sha256) != 64)
        __builtin_trap();
    names ns = {.plan = plan, .registered = json_object()};
    for (size_t i = 0; i < plan->steps.len; i++) {
        const gf_plan_step *s = &plan->steps.items[i];
        if (!s->name || !s->action || !s->args || s->line == 0 || s->col == 0 ||
            gf_action_find(s->action->name, strlen(s->action->name)) != s->action)
            __builtin_trap();
        for (size_t k = 0; k < i; k++)
            if (!strcmp(plan->steps.items[k].name, s->name))
                __builtin_trap();
        if (s->when) {
            json_t *v = NULL;
            gf_error e = GF_ERROR_INIT;
            int rc = gf_expr_eval(s->when->str, s->when->len, look, &ns, &v, &e);
            if (rc == 0 ? v == NULL : (rc > 0 || !e.message[0]))
                __builtin_trap();
            if (rc == 0)
                gf_json_truthy(v);
            json_decref(v);
        }
        expand(&ns, s->args);
        if (s->register_as)
            json_object_set_new(ns.registered, s->register_as, sample_result());
    }
    json_decref(ns.registered);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const uint8_t *nul = memchr(data, '\0', size);
    size_t len = nul ? (size_t)(nul - data) : size;
    /* the overrides: NUL-terminated copies of the lines after the NUL */
    GF_VEC(char *) vars = GF_VEC_INIT;
    if (nul) {
        const char *p = (const char *)nul + 1, *end = text + size;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            char *v = gf_malloc(n + 1);
            memcpy(v, p, n);
            v[n] = '\0';
            gf_vec_push(&vars, v);
            p += n + 1;
        }
    }
    gf_plan plan;
    gf_error e = GF_ERROR_INIT;
    int rc = gf_plan_load(PLAN_PATH, text, len, vars.items, vars.len, &plan, &e);
    if (rc == 0) {
        if (e.code != 0)
            __builtin_trap();
        check_plan(&plan);
    } else if (rc > 0 || e.code != rc || !e.message[0] ||
               (strncmp(e.message, "'" PLAN_PATH "':", sizeof PLAN_PATH + 2) != 0 &&
                strncmp(e.message, "--var", 5) != 0)) {
        __builtin_trap();
    }
    gf_plan_release(&plan);
    for (size_t i = 0; i < vars.len; i++)
        gf_free(vars.items[i]);
    gf_vec_release(&vars);
    return 0;
}
