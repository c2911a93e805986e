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

static void test_wpm(void **state)
{
    /* 0.25^0.5 x 1^0.5 = 0.5; a zero factor gives 0 (no compensation). */
    const float f1[2] = {0.25f, 0}, f2[2] = {1, 1};
    const float *fs[2] = {f1, f2};
    const double w[2] = {0.5, 0.5};
    float s[2];
    assert_int_equal(gt_wpm(*state, 2, fs, w, 2, s), GT_OK);
    ASSERT_NEAR(0.5, s[0], 1e-7);
    ASSERT_NEAR(0.0, s[1], 0);
}

static void test_wpm_zero_weight_and_float(void **state)
{
    /* A zero weight leaves a value out (x^0 = 1) but not NoData: cell 0 is
     * 0.25^1 = 0.25 whatever the second factor, cell 1 is NAN. */
    const float f1[2] = {0.25f, 0.25f}, f2[2] = {0.5f, NAN};
    const float *fs[2] = {f1, f2};
    const double w[2] = {1, 0};
    float s[2];
    assert_int_equal(gt_wpm(*state, 2, fs, w, 2, s), GT_OK);
    ASSERT_NEAR(0.25, s[0], 0);
    assert_true(isnan(s[1]));
    /* The product is taken in float, factor by factor, as the surface is
     * stored: 0.3^0.5 x 0.7^0.5 with each power rounded to float first. */
    const float g1[1] = {0.3f}, g2[1] = {0.7f};
    const float *gs[2] = {g1, g2};
    const double h[2] = {0.5, 0.5};
    assert_int_equal(gt_wpm(*state, 2, gs, h, 1, s), GT_OK);
    float want = 1.0f;
    want *= (float)pow(0.3f, 0.5);
    want *= (float)pow(0.7f, 0.5);
    assert_true(s[0] == want);
    ASSERT_NEAR(sqrt(0.21), s[0], 1e-6);
}

/* OWA order weights (1,0,0) = max, (0,0,1) = min, (1/3,1/3,1/3) = WLC, with
 * ORness 1, 0, 0.5 and trade-off 0, 0, 1 (domain.md §D2 checks). */
static void test_owa(void **state)
{
    const float f1[2] = {0.2f, 0.9f}, f2[2] = {0.8f, 0.1f}, f3[2] = {0.5f, NAN};
    const float *fs[3] = {f1, f2, f3};
    const double w[3] = {0.5, 0.3, 0.2};
    const double vmax[3] = {1, 0, 0}, vmin[3] = {0, 0, 1}, vavg[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    float s[2], wlc[2];
    assert_int_equal(gt_owa(*state, 3, fs, w, vmax, 2, s), GT_OK);
    ASSERT_NEAR(0.8, s[0], 1e-7);
    assert_true(isnan(s[1]));
    assert_int_equal(gt_owa(*state, 3, fs, w, vmin, 2, s), GT_OK);
    ASSERT_NEAR(0.2, s[0], 1e-7);
    assert_int_equal(gt_owa(*state, 3, fs, w, vavg, 2, s), GT_OK);
    assert_int_equal(gt_wlc(*state, 3, fs, w, 2, wlc), GT_OK);
    ASSERT_NEAR(wlc[0], s[0], 1e-7); /* 0.5 x 0.2 + 0.3 x 0.8 + 0.2 x 0.5 = 0.44 */
    ASSERT_NEAR(0.44, s[0], 1e-7);
    double o, t;
    gt_owa_measures(3, vmax, &o, &t);
    ASSERT_NEAR(1.0, o, 1e-12);
    ASSERT_NEAR(0.0, t, 1e-12);
    gt_owa_measures(3, vmin, &o, &t);
    ASSERT_NEAR(0.0, o, 1e-12);
    gt_owa_measures(3, vavg, &o, &t);
    ASSERT_NEAR(0.5, o, 1e-12);
    ASSERT_NEAR(1.0, t, 1e-12);
}

static void test_rank_order(void **state)
{
    /* ROC for n = 5: 0.4567, 0.2567, 0.1567, 0.0900, 0.0400 (domain.md §D2). */
    double w[5];
    assert_int_equal(gt_rank_order_weights(*state, 5, GT_RANK_ROC, w), GT_OK);
    const double roc[5] = {0.4567, 0.2567, 0.1567, 0.0900, 0.0400};
    for (int i = 0; i < 5; i++)
        ASSERT_NEAR(roc[i], w[i], 5e-5);
    assert_int_equal(gt_rank_order_weights(*state, 3, GT_RANK_SUM, w), GT_OK);
    ASSERT_NEAR(3.0 / 6, w[0], 1e-12);
    ASSERT_NEAR(1.0 / 6, w[2], 1e-12);
    assert_int_equal(gt_rank_order_weights(*state, 3, GT_RANK_RECIPROCAL, w), GT_OK);
    ASSERT_NEAR(1.0 / (11.0 / 6.0), w[0], 1e-12); /* 1 / (1 + 1/2 + 1/3) */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_wlc_hand, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_wlc_errors, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_wpm, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_wpm_zero_weight_and_float, gt_test_setup,
                                        gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_owa, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_rank_order, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("aggregate", tests, NULL, NULL);
}
