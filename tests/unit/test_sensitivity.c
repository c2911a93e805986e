/*
 * test_sensitivity.c: the arithmetic of the weight sensitivity analysis on
 * hand-worked cases: one-at-a-time re-weighting, the Dirichlet parameters,
 * the running mean and variance against a two-pass computation, rank
 * tracking and rank reversals. SPDX-License-Identifier: MIT
 */
#include "gt_test.h"

#include "algorithms/internal.h"

static void test_oat(void **state)
{
    (void)state;
    /* Base (0.5, 0.3, 0.2), first weight +20 %: w0' = 0.5 x 1.2 = 0.6; the
     * others share 1 - 0.6 = 0.4 in proportion 0.3 : 0.2 of 0.5:
     * 0.3 x 0.4 / 0.5 = 0.24 and 0.2 x 0.4 / 0.5 = 0.16. */
    const double base[3] = {0.5, 0.3, 0.2};
    double w[3];
    gt__oat_weights(3, base, 0, 0.2, w);
    ASSERT_NEAR(0.6, w[0], 1e-15);
    ASSERT_NEAR(0.24, w[1], 1e-15);
    ASSERT_NEAR(0.16, w[2], 1e-15);
    /* Second weight -100 %: 0; the others 0.5 / 0.7 and 0.2 / 0.7. */
    gt__oat_weights(3, base, 1, -1.0, w);
    ASSERT_NEAR(0.0, w[1], 0);
    ASSERT_NEAR(0.5 / 0.7, w[0], 1e-15);
    ASSERT_NEAR(0.2 / 0.7, w[2], 1e-15);
    /* +300 % of 0.5 is clipped to 1: the others drop to 0. */
    gt__oat_weights(3, base, 0, 3.0, w);
    ASSERT_NEAR(1.0, w[0], 0);
    ASSERT_NEAR(0.0, w[1], 0);
    ASSERT_NEAR(0.0, w[2], 0);
    /* A single weight of 1 has no others to rescale (1 - w_k = 0). */
    const double one[2] = {1, 0};
    gt__oat_weights(2, one, 0, -0.1, w);
    ASSERT_NEAR(0.9, w[0], 1e-15);
    ASSERT_NEAR(0.0, w[1], 0);
}

static void test_mc_weights(void **state)
{
    (void)state;
    /* alpha_i = max(5 x 3 x w_i, 0.5): (7.5, 4.5, 3) and, for a weight of
     * 0.01, 0.15 raised to the floor 0.5. */
    const double base[3] = {0.5, 0.3, 0.2}, skew[3] = {0.98, 0.01, 0.01};
    double alpha[3];
    gt__mc_alpha(3, base, 5, alpha);
    ASSERT_NEAR(7.5, alpha[0], 1e-12);
    ASSERT_NEAR(4.5, alpha[1], 1e-12);
    ASSERT_NEAR(3.0, alpha[2], 1e-12);
    gt__mc_alpha(3, skew, 5, alpha);
    ASSERT_NEAR(14.7, alpha[0], 1e-12);
    ASSERT_NEAR(0.5, alpha[1], 0);
    /* Draws sum to 1 and repeat for the same seed; their mean over many
     * draws is the base (alpha_i / sum alpha = w_i). */
    gt__mc_alpha(3, base, 50, alpha);
    gt__rng a, b;
    gt__rng_seed(&a, 42);
    gt__rng_seed(&b, 42);
    double mean[3] = {0};
    const int runs = 4000;
    for (int r = 0; r < runs; r++) {
        double w[3], v[3];
        gt__mc_weights(&a, 3, alpha, w);
        gt__mc_weights(&b, 3, alpha, v);
        ASSERT_NEAR(1.0, w[0] + w[1] + w[2], 1e-12);
        for (int i = 0; i < 3; i++) {
            ASSERT_NEAR(w[i], v[i], 0);
            mean[i] += w[i] / runs;
        }
    }
    for (int i = 0; i < 3; i++)
        ASSERT_NEAR(base[i], mean[i], 0.01);
}

static void test_welford(void **state)
{
    (void)state;
    /* Cell 0 over four runs: 1, 2, 3, 4: mean 2.5, squared deviations
     * 2.25 + 0.25 + 0.25 + 2.25 = 5, sd = sqrt(5 / 3), CV = sd / 2.5.
     * Cell 1 is not valid (outside or excluded): NAN. Cell 2 is always 0:
     * mean 0, no CV. */
    const unsigned char valid[3] = {1, 0, 1};
    double mean[3] = {0}, m2[3] = {0};
    for (int run = 0; run < 4; run++) {
        const float x[3] = {(float)(run + 1), 7, 0};
        gt__welford_add(3, x, valid, run, mean, m2);
    }
    ASSERT_NEAR(2.5, mean[0], 1e-15);
    ASSERT_NEAR(5.0, m2[0], 1e-12);
    assert_true(isnan(mean[1]));
    float cv[3];
    gt__welford_cv(3, mean, m2, 4, cv);
    ASSERT_NEAR(sqrt(5.0 / 3) / 2.5, cv[0], 1e-7);
    assert_true(isnan(cv[1]));
    assert_true(isnan(cv[2]));
    gt__welford_cv(3, mean, m2, 1, cv); /* one run: no spread */
    assert_true(isnan(cv[0]));
    /* Against the two-pass mean and variance of 200 pseudo-random values. */
    uint64_t seed = 7;
    float xs[200];
    double mu = 0, var = 0, wm = 0, wm2 = 0;
    const unsigned char one = 1;
    for (int i = 0; i < 200; i++) {
        xs[i] = (float)(gt_test_rand(&seed) % 10000) / 1000.0f;
        mu += xs[i] / 200.0;
        gt__welford_add(1, &xs[i], &one, i, &wm, &wm2);
    }
    for (int i = 0; i < 200; i++)
        var += (xs[i] - mu) * (xs[i] - mu) / 199.0;
    ASSERT_NEAR(mu, wm, 1e-12);
    ASSERT_NEAR(var, wm2 / 199.0, 1e-10);
}

static void test_track(void **state)
{
    (void)state;
    /* Two runs over three items, top 2: item 0 ranks 1 then 3, item 1
     * ranks 2 then 1, item 2 is unranked then 2. */
    int best[3] = {0}, worst[3] = {0}, top[3] = {0};
    const int r1[3] = {1, 2, 0}, r2[3] = {3, 1, 2};
    gt__rank_track(3, r1, 2, best, worst, top);
    gt__rank_track(3, r2, 2, best, worst, top);
    assert_int_equal(best[0], 1);
    assert_int_equal(worst[0], 3);
    assert_int_equal(top[0], 1);
    assert_int_equal(best[1], 1);
    assert_int_equal(worst[1], 2);
    assert_int_equal(top[1], 2);
    assert_int_equal(best[2], 2);
    assert_int_equal(top[2], 1);
    ASSERT_NEAR(0.5, gt__run_share(top[0], 2), 0);
    assert_true(isnan(gt__run_share(0, 0)));
}

static void test_reversals(void **state)
{
    (void)state;
    /* Base ranks 1, 2, 3 and one unranked item; the change swaps the first
     * two: only the pair (0, 1) of the top 3 is reversed. */
    const int base[4] = {1, 2, 3, 0}, swapped[4] = {2, 1, 3, 4};
    gt__reversal out[GT__REVERSALS_MAX];
    int n = 0;
    gt__rank_reversals(4, base, swapped, 3, 5, out, &n, GT__REVERSALS_MAX);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].change, 5);
    assert_int_equal(out[0].a, 0);
    assert_int_equal(out[0].b, 1);
    assert_int_equal(out[0].base_a, 1);
    assert_int_equal(out[0].base_b, 2);
    assert_int_equal(out[0].rank_a, 2);
    assert_int_equal(out[0].rank_b, 1);
    /* Top 1: no pair has both base ranks within it. */
    n = 0;
    gt__rank_reversals(4, base, swapped, 1, 0, out, &n, GT__REVERSALS_MAX);
    assert_int_equal(n, 0);
    /* The order reversed completely: pairs (0,1), (0,2), (1,2), in that
     * order; with a cap of 2 the third is not kept, and a tie counts. */
    const int reversed[4] = {3, 2, 1, 0}, tied[4] = {1, 1, 2, 0};
    n = 0;
    gt__rank_reversals(4, base, reversed, 3, 0, out, &n, 2);
    assert_int_equal(n, 2);
    assert_int_equal(out[1].a, 0);
    assert_int_equal(out[1].b, 2);
    n = 0;
    gt__rank_reversals(4, base, tied, 3, 0, out, &n, GT__REVERSALS_MAX);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].rank_a, out[0].rank_b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oat),       cmocka_unit_test(test_mc_weights),
        cmocka_unit_test(test_welford),   cmocka_unit_test(test_track),
        cmocka_unit_test(test_reversals),
    };
    return cmocka_run_group_tests_name("sensitivity", tests, NULL, NULL);
}
