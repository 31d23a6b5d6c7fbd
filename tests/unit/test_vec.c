/* test_vec: the typed growable array macros. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/vec.h"

typedef GF_VEC(int) int_vec;

typedef struct point {
    int x, y;
    char name[12];
} point;
typedef GF_VEC(point) point_vec;

static void test_push_many(void **state)
{
    (void)state;
    int_vec v = GF_VEC_INIT;
    assert_null(v.items);
    for (int k = 0; k < 10000; k++) {
        gf_vec_push(&v, k * 3);
        assert_int_equal(v.len, (size_t)k + 1);
        assert_true(v.cap >= v.len);
    }
    for (int k = 0; k < 10000; k++)
        assert_int_equal(v.items[k], k * 3);
    gf_vec_release(&v);
}

/* x is evaluated exactly once, after the array has grown. */
static void test_push_evaluates_once(void **state)
{
    (void)state;
    int_vec v = GF_VEC_INIT;
    int counter = 0;
    for (int k = 0; k < 100; k++)
        gf_vec_push(&v, counter++);
    assert_int_equal(counter, 100);
    assert_int_equal(v.items[99], 99);

    /* Pushing an element of the vector itself exactly when it must grow. */
    while (v.len < v.cap)
        gf_vec_push(&v, 0);
    gf_vec_push(&v, v.items[1]);
    assert_int_equal(gf_vec_last(&v), 1);
    gf_vec_release(&v);
}

static void test_push_slot_zeroed(void **state)
{
    (void)state;
    point_vec v = GF_VEC_INIT;
    point p = {1, 2, "dirty"};
    gf_vec_push(&v, p);
    (void)gf_vec_pop(&v);
    /* The slot reuses the memory that held p: it must come back zeroed. */
    point *s = gf_vec_push_slot(&v);
    assert_ptr_equal(s, &v.items[0]);
    assert_int_equal(v.len, 1);
    point zero;
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(s, &zero, sizeof zero);

    for (int k = 0; k < 1000; k++) {
        s = gf_vec_push_slot(&v);
        assert_ptr_equal(s, &v.items[v.len - 1]);
        assert_memory_equal(s, &zero, sizeof zero);
        s->x = k;
    }
    assert_int_equal(v.len, 1001);
    assert_int_equal(v.items[1000].x, 999);
    gf_vec_release(&v);
}

static void test_pop_last(void **state)
{
    (void)state;
    int_vec v = GF_VEC_INIT;
    gf_vec_push(&v, 1);
    gf_vec_push(&v, 2);
    gf_vec_push(&v, 3);
    assert_int_equal(gf_vec_last(&v), 3);
    assert_int_equal(gf_vec_pop(&v), 3);
    assert_int_equal(v.len, 2);
    assert_int_equal(gf_vec_last(&v), 2);
    gf_vec_last(&v) = 20; /* last is an lvalue */
    assert_int_equal(v.items[1], 20);
    assert_int_equal(gf_vec_pop(&v), 20);
    assert_int_equal(gf_vec_pop(&v), 1);
    assert_int_equal(v.len, 0);
    gf_vec_release(&v);
}

static void test_reserve_clear(void **state)
{
    (void)state;
    int_vec v = GF_VEC_INIT;
    gf_vec_reserve(&v, 1000);
    assert_non_null(v.items);
    assert_true(v.cap >= 1000);
    assert_int_equal(v.len, 0);
    int *items = v.items;
    for (int k = 0; k < 1000; k++)
        gf_vec_push(&v, k);
    assert_ptr_equal(v.items, items); /* no reallocation within the reserve */
    size_t cap = v.cap;
    gf_vec_reserve(&v, 10); /* never shrinks */
    assert_int_equal(v.cap, cap);
    gf_vec_clear(&v);
    assert_int_equal(v.len, 0);
    assert_int_equal(v.cap, cap);
    assert_ptr_equal(v.items, items);
    gf_vec_release(&v);
}

static void test_release(void **state)
{
    (void)state;
    int_vec v = GF_VEC_INIT;
    gf_vec_release(&v); /* releasing an empty vector is harmless */
    gf_vec_push(&v, 5);
    gf_vec_release(&v);
    assert_null(v.items);
    assert_int_equal(v.len, 0);
    assert_int_equal(v.cap, 0);
    gf_vec_push(&v, 6); /* usable again */
    assert_int_equal(v.items[0], 6);
    gf_vec_release(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_many),        cmocka_unit_test(test_push_evaluates_once),
        cmocka_unit_test(test_push_slot_zeroed), cmocka_unit_test(test_pop_last),
        cmocka_unit_test(test_reserve_clear),    cmocka_unit_test(test_release),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
