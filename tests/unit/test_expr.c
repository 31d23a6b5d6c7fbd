/* Unit tests for plan expressions and {{ }} substitution (plan/expr.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "plan/expr.h"
#include "util/alloc.h"

static json_t *scope;

static const json_t *look(void *ctx, const char *name)
{
    (void)ctx;
    return json_object_get(scope, name);
}

static int setup(void **state)
{
    (void)state;
    json_error_t je;
    scope =
        json_loads("{\"r\": {\"count\": 2, \"changed\": true, \"files\": [{\"path\": \"a.py\"}],"
                   " \"note\": null, \"empty\": []},"
                   " \"retries\": 5, \"name\": \"x y\", \"skipped\": null, \"zero\": 0}",
                   0, &je);
    assert_non_null(scope);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(scope);
    return 0;
}

/* Evaluates src and returns its truth; fails the test on an error. */
static bool truth(const char *src)
{
    json_t *v = NULL;
    gf_error e = GF_ERROR_INIT;
    int rc = gf_expr_eval(src, strlen(src), look, NULL, &v, &e);
    if (rc)
        fail_msg("'%s': %s", src, e.message);
    bool t = gf_json_truthy(v);
    json_decref(v);
    return t;
}

/* The error message (and column) of a bad expression. */
static void bad(const char *src, const char *msg, uint32_t col)
{
    gf_error e = GF_ERROR_INIT;
    json_t *v = NULL;
    assert_int_equal(gf_expr_eval(src, strlen(src), look, NULL, &v, &e), GF_EINVAL);
    assert_null(v);
    if (!strstr(e.message, msg))
        fail_msg("'%s': got '%s', expected '%s'", src, e.message, msg);
    assert_int_equal(e.column, col);
}

static void test_truth_and_compare(void **state)
{
    (void)state;
    assert_true(truth("r.changed"));
    assert_true(truth("r.count == 2"));
    assert_true(truth("r.count == 2.0"));
    assert_false(truth("r.count != 2"));
    assert_true(truth("retries == 5 and name == 'x y'"));
    assert_true(truth("name == \"x y\""));
    assert_false(truth("zero"));
    assert_false(truth("r.note"));
    assert_false(truth("r.empty"));
    assert_true(truth("not r.empty"));
    assert_true(truth("r.files.0.path == 'a.py'"));
    assert_true(truth("not (r.count == 1 or zero) and r.changed"));
    assert_true(truth("r.count == 3 or retries == 5"));
    assert_false(truth("not not zero"));
    assert_true(truth("null == r.note"));
    assert_false(truth("'5' == retries")); /* a string is not a number */
    assert_true(truth("true != false"));
    assert_true(truth("-1 != zero"));
    /* below null (a step that did not run) fields are null, not errors */
    assert_false(truth("skipped.changed"));
    assert_true(truth("skipped.files.0 == null"));
    /* the right side is not evaluated when the left decides */
    assert_false(truth("zero and r.nosuchfield"));
    assert_true(truth("r.changed or r.nosuchfield"));
    assert_true(truth("not (zero and r.files.9.path == 1)"));
}

static void test_short_circuit_still_checks(void **state)
{
    (void)state;
    bad("zero and nosuch", "unknown name 'nosuch'", 10);
    bad("r.changed or (", "expression ends early", 15);
}

static void test_errors(void **state)
{
    (void)state;
    bad("missing", "unknown name 'missing'", 1);
    bad("r.cont", "no field 'cont'", 3);
    bad("r.files.3", "no field '3'", 9);
    bad("r.count > 0", "unexpected '>' after the expression", 9);
    bad("(r.changed", "expected ')'", 11);
    bad("'open", "unterminated string", 1);
    bad("r.changed and", "expression ends early", 14);
    bad("", "expression ends early", 1);
    bad("r.", "expected a field name", 3);
}

static void test_check_only(void **state)
{
    (void)state;
    gf_error e = GF_ERROR_INIT;
    /* a check resolves top-level names only */
    assert_int_equal(gf_expr_check("r.anything.at.all == 1", 22, look, NULL, &e), 0);
    assert_int_equal(gf_expr_check("nope == 1", 9, look, NULL, &e), GF_EINVAL);
    assert_non_null(strstr(e.message, "unknown name 'nope'"));
}

static char *expand(const char *s, bool *is_string)
{
    json_t *v = NULL;
    gf_error e = GF_ERROR_INIT;
    if (gf_plan_template(s, strlen(s), false, look, NULL, &v, &e))
        fail_msg("'%s': %s", s, e.message);
    *is_string = json_is_string(v);
    char *t = gf_json_text(v);
    json_decref(v);
    return t;
}

static void test_templates(void **state)
{
    (void)state;
    bool str;
    char *t = expand("RETRIES = {{ retries }}", &str);
    assert_string_equal(t, "RETRIES = 5");
    assert_true(str);
    gf_free(t);
    t = expand("{{ retries }}", &str); /* one whole template keeps its type */
    assert_string_equal(t, "5");
    assert_false(str);
    gf_free(t);
    t = expand("  {{r.files}}  ", &str);
    assert_string_equal(t, "[{\"path\":\"a.py\"}]");
    assert_false(str);
    gf_free(t);
    t = expand("[{{ r.note }}|{{ name }}|{{ r.changed }}]", &str);
    assert_string_equal(t, "[|x y|true]");
    gf_free(t);
    t = expand("no braces", &str);
    assert_string_equal(t, "no braces");
    gf_free(t);
    gf_error e = GF_ERROR_INIT;
    json_t *v = NULL;
    assert_int_equal(gf_plan_template("a {{ b", 6, false, look, NULL, &v, &e), GF_EINVAL);
    assert_non_null(strstr(e.message, "without its '}}'"));
    assert_int_equal(e.column, 3);
    assert_int_equal(gf_plan_template("x {{ nope }}", 12, false, look, NULL, &v, &e), GF_EINVAL);
    assert_int_equal(e.column, 6);
    assert_null(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truth_and_compare),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_short_circuit_still_checks),
        cmocka_unit_test(test_check_only),
        cmocka_unit_test(test_templates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
