/*
 * test_random.c: the seeded generator is reproducible, and its gamma and
 * Dirichlet draws have the right moments (mean alpha, variance alpha for a
 * gamma; mean alpha_i / sum for a Dirichlet), within 3 standard errors of
 * 100,000 draws. SPDX-License-Identifier: MIT
 */
#include "gt_test.h"
#include "algorithms/internal.h"

static void test_reproducible(void **state)
{
    gt__rng a, b;
    gt__rng_seed(&a, 394);
    gt__rng_seed(&b, 394);
    for (int i = 0; i < 1000; i++)
        assert_true(gt__rng_next(&a) == gt__rng_next(&b));
    gt__rng_seed(&b, 395);
    assert_false(gt__rng_next(&a) == gt__rng_next(&b));
}

static void test_gamma_moments(void **state)
{
    const double alphas[3] = {0.5, 2.0, 9.0};
    for (int k = 0; k < 3; k++) {
        gt__rng r;
        gt__rng_seed(&r, 7 + k);
        int n = 100000;
        double s = 0, s2 = 0, a = alphas[k];
        for (int i = 0; i < n; i++) {
            double x = gt__rng_gamma(&r, a);
            s += x;
            s2 += x * x;
        }
        double mean = s / n, var = s2 / n - mean * mean;
        ASSERT_NEAR(a, mean, 3 * sqrt(a / n));
        ASSERT_NEAR(a, var, 0.05 * a + 3 * sqrt(6 * a * a / n) + 0.02);
    }
}

static void test_dirichlet_mean(void **state)
{
    const double alpha[3] = {10, 6, 4};
    gt__rng r;
    gt__rng_seed(&r, 11);
    double mean[3] = {0}, w[3];
    int n = 100000;
    for (int i = 0; i < n; i++) {
        gt__rng_dirichlet(&r, 3, alpha, w);
        ASSERT_NEAR(1.0, w[0] + w[1] + w[2], 1e-12);
        for (int k = 0; k < 3; k++)
            mean[k] += w[k] / n;
    }
    /* mean alpha_i / 20; sd of one draw <= 0.11, so 3 standard errors ~ 0.001 */
    ASSERT_NEAR(0.5, mean[0], 0.002);
    ASSERT_NEAR(0.3, mean[1], 0.002);
    ASSERT_NEAR(0.2, mean[2], 0.002);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_gamma_moments),
        cmocka_unit_test(test_dirichlet_mean),
    };
    return cmocka_run_group_tests_name("random", tests, NULL, NULL);
}
