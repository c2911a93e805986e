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
    gt_fuzzy f = {GT_FUZZY_LINEAR, 0, 100, 200, 400};
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
    gt_fuzzy f = {GT_FUZZY_SIGMOIDAL, 1000, 3000, INFINITY, INFINITY};
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, 1000), T);
    ASSERT_NEAR(0.1464466094067262, gt_fuzzy_eval(&f, 1500), 1e-12);
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&f, 2000), 1e-12);
    ASSERT_NEAR(0.8535533905932737, gt_fuzzy_eval(&f, 2500), 1e-12);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 3000), T);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, INFINITY), T);
    gt_fuzzy g = {GT_FUZZY_SIGMOIDAL, -INFINITY, -INFINITY, 10, 20};
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&g, -1e9), T);
    ASSERT_NEAR(0.5, gt_fuzzy_eval(&g, 15), 1e-12);
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&g, 20), T);
}

static void test_jshaped(void **state)
{
    gt_fuzzy f = {GT_FUZZY_JSHAPED, 0, 10, 20, 40};
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
    gt_fuzzy f = {GT_FUZZY_LINEAR, 0, 0, 500, 500};
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, -1), T);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 0), T);
    ASSERT_NEAR(1.0, gt_fuzzy_eval(&f, 500), T);
    ASSERT_NEAR(0.0, gt_fuzzy_eval(&f, 500.001), T);
}

static void test_validate(void **state)
{
    gt_context *ctx = *state;
    gt_fuzzy ok = {GT_FUZZY_LINEAR, 0, 1, 2, 3};
    assert_int_equal(gt_fuzzy_validate(ctx, &ok), GT_OK);
    gt_fuzzy unordered = {GT_FUZZY_LINEAR, 0, 5, 2, 3};
    assert_int_equal(gt_fuzzy_validate(ctx, &unordered), GT_ERR_SCENARIO);
    assert_non_null(strstr(gt_context_errmsg(ctx), "a <= b <= c <= d"));
    gt_fuzzy none = {GT_FUZZY_LINEAR, -INFINITY, -INFINITY, INFINITY, INFINITY};
    assert_int_equal(gt_fuzzy_validate(ctx, &none), GT_ERR_SCENARIO);
    gt_fuzzy nan = {GT_FUZZY_LINEAR, NAN, 1, 2, 3};
    assert_int_equal(gt_fuzzy_validate(ctx, &nan), GT_ERR_SCENARIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_sigmoidal),
        cmocka_unit_test(test_jshaped),
        cmocka_unit_test(test_steps),
        cmocka_unit_test_setup_teardown(test_validate, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("fuzzy", tests, NULL, NULL);
}
