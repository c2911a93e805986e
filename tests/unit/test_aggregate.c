/*
 * test_aggregate.c: weighted linear combination with NoData and errors.
 * The constraint mask is applied by the pipeline; here S x c on a
 * hand-made grid as the pipeline does it. SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"

static void test_wlc_hand(void **state)
{
    const float f1[4] = {0, 0.5f, 1, 1}, f2[4] = {1, 0.5f, 0, NAN};
    const float *fs[2] = {f1, f2};
    const double w[2] = {0.75, 0.25};
    float s[4];
    assert_int_equal(gt_wlc(*state, 2, fs, w, 4, s), GT_OK);
    ASSERT_NEAR(0.25, s[0], 1e-7);
    ASSERT_NEAR(0.5, s[1], 1e-7);
    ASSERT_NEAR(0.75, s[2], 1e-7);
    assert_true(isnan(s[3])); /* NoData in any factor: NoData */
    /* With a constraint mask c = (1, 0, 1, 1): S x c. */
    const unsigned char c[4] = {1, 0, 1, 1};
    for (int k = 0; k < 4; k++)
        s[k] = c[k] ? s[k] : 0.0f;
    ASSERT_NEAR(0.0, s[1], 0);
    ASSERT_NEAR(0.75, s[2], 1e-7);
}

static void test_wlc_errors(void **state)
{
    gt_context *ctx = *state;
    const float f1[1] = {1};
    const float *fs[1] = {f1};
    float s[1];
    const double bad_sum[1] = {0.9}, negative[1] = {-1};
    assert_int_equal(gt_wlc(ctx, 1, fs, bad_sum, 1, s), GT_ERR_WEIGHTS);
    assert_non_null(strstr(gt_context_errmsg(ctx), "sum to 1"));
    assert_int_equal(gt_wlc(ctx, 1, fs, negative, 1, s), GT_ERR_WEIGHTS);
    assert_int_equal(gt_wlc(ctx, 0, fs, negative, 1, s), GT_ERR_WEIGHTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_wlc_hand, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_wlc_errors, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("aggregate", tests, NULL, NULL);
}
