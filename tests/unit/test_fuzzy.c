/*
 * test_fuzzy.c: membership at and between the control points.
 * Hand values: linear midpoint 0.5; sigmoidal sin^2(pi/4) = 0.5 at the
 * midpoint and sin^2(pi/8) = 0.146447 a quarter in; J-shaped midpoint
 * 1/(1 + 0.5^2) = 0.8. SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"

static const double T = 1e-12;

static void test_linear(void **state)
{
    gt_fuzzy f = {.shape = GT_FUZZY_LINEAR, .a = 0, .b = 100, .c = 200, .d = 400};
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, -5), T);
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, 0), T);
    ASSERT_NEAR(0.25, gt_fuzzy_eval(&f, 25), T);
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&f, 50), T);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 100), T);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 150), T);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 200), T);
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&f, 300), T);
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, 400), T);
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, 1e9), T);
    assert_true(isnan(gt_fuzzy_eval(&f, NAN)));
}

static void test_sigmoidal(void **state)
{
    gt_fuzzy f = {.shape = GT_FUZZY_SIGMOIDAL, .a = 1000, .b = 3000, .c = INFINITY, .d = INFINITY};
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, 1000), T);
    ASSERT_NEAR(0.1464466094067262, gt_fuzzy_eval(&f, 1500), 1e-12);
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&f, 2000), 1e-12);
    ASSERT_NEAR(0.8535533905932737, gt_fuzzy_eval(&f, 2500), 1e-12);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 3000), T);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, INFINITY), T);
    gt_fuzzy g = {.shape = GT_FUZZY_SIGMOIDAL, .a = -INFINITY, .b = -INFINITY, .c = 10, .d = 20};
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&g, -1e9), T);
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&g, 15), 1e-12);
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&g, 20), T);
}

static void test_jshaped(void **state)
{
    gt_fuzzy f = {.shape = GT_FUZZY_JSHAPED, .a = 0, .b = 10, .c = 20, .d = 40};
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, 0), T);       /* outside [a, d]: 0 (SAGA) */
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&f, 1e-9), 1e-9); /* just inside a */
    ASSERT_NEAR(0.8, gt_fuzzy_eval(&f, 5), 1e-12);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 10), T);
    ASSERT_NEAR(0.8, gt_fuzzy_eval(&f, 30), 1e-12);
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, 40), T);
}

static void test_steps(void **state)
{
    /* a == b: mu = 1 from a on; c == d: mu = 0 after d. */
    gt_fuzzy f = {.shape = GT_FUZZY_LINEAR, .a = 0, .b = 0, .c = 500, .d = 500};
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, -1), T);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 0), T);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 500), T);
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, 500.001), T);
}

/* QGIS Fuzzify shapes with midpoint f2 = 100 and spread f1, by hand. */
static void test_qgis_shapes(void **state)
{
    gt_fuzzy g = {.shape = GT_FUZZY_GAUSSIAN, .midpoint = 100, .spread = 0.001};
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&g, 100), T);
    ASSERT_NEAR(exp(-0.001 * 100), gt_fuzzy_eval(&g, 110), 1e-12); /* exp(-0.1) */
    gt_fuzzy n = {.shape = GT_FUZZY_NEAR, .midpoint = 100, .spread = 0.01};
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&n, 110), 1e-12); /* 1 / (1 + 0.01 x 100) */
    gt_fuzzy l = {.shape = GT_FUZZY_LARGE, .midpoint = 100, .spread = 5};
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&l, 100), 1e-12);
    ASSERT_NEAR(32.0 / 33.0, gt_fuzzy_eval(&l, 200), 1e-12); /* 1 / (1 + 2^-5) */
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&l, 0), T);
    gt_fuzzy sm = {.shape = GT_FUZZY_SMALL, .midpoint = 100, .spread = 5};
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&sm, 100), 1e-12);
    ASSERT_NEAR(1.0 / 33.0, gt_fuzzy_eval(&sm, 200), 1e-12);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&sm, 0), T);
}

static void test_table(void **state)
{
    gt_fuzzy t = {.shape = GT_FUZZY_TABLE, .n_points = 3, .px = {0, 500, 2000}, .py = {0.2, 1, 0}};
    ASSERT_NEAR(0.2, gt_fuzzy_eval(&t, -10), T); /* flat before the first point */
    ASSERT_NEAR(0.6, gt_fuzzy_eval(&t, 250), 1e-12);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&t, 500), T);
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&t, 1250), 1e-12);
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&t, 1e6), T);
    assert_int_equal(gt_fuzzy_validate(*state, &t), GT_OK);
    gt_fuzzy bad = {.shape = GT_FUZZY_TABLE, .n_points = 2, .px = {5, 5}, .py = {0, 1}};
    assert_int_equal(gt_fuzzy_validate(*state, &bad), GT_ERR_SCENARIO);
    gt_fuzzy neg = {.shape = GT_FUZZY_LARGE, .midpoint = -1, .spread = 2};
    assert_int_equal(gt_fuzzy_validate(*state, &neg), GT_ERR_SCENARIO);
}

static void test_validate(void **state)
{
    gt_context *ctx = *state;
    gt_fuzzy ok = {.shape = GT_FUZZY_LINEAR, .a = 0, .b = 1, .c = 2, .d = 3};
    assert_int_equal(gt_fuzzy_validate(ctx, &ok), GT_OK);
    gt_fuzzy unordered = {.shape = GT_FUZZY_LINEAR, .a = 0, .b = 5, .c = 2, .d = 3};
    assert_int_equal(gt_fuzzy_validate(ctx, &unordered), GT_ERR_SCENARIO);
    assert_non_null(strstr(gt_context_errmsg(ctx), "a <= b <= c <= d"));
    gt_fuzzy none = {
        .shape = GT_FUZZY_LINEAR, .a = -INFINITY, .b = -INFINITY, .c = INFINITY, .d = INFINITY};
    assert_int_equal(gt_fuzzy_validate(ctx, &none), GT_ERR_SCENARIO);
    gt_fuzzy nan = {.shape = GT_FUZZY_LINEAR, .a = NAN, .b = 1, .c = 2, .d = 3};
    assert_int_equal(gt_fuzzy_validate(ctx, &nan), GT_ERR_SCENARIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_sigmoidal),
        cmocka_unit_test(test_jshaped),
        cmocka_unit_test(test_steps),
        cmocka_unit_test(test_qgis_shapes),
        cmocka_unit_test_setup_teardown(test_table, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_validate, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("fuzzy", tests, NULL, NULL);
}
