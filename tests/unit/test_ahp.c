/*
 * test_ahp.c: AHP weights, lambda_max, CI and CR.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"

/* Saaty's relative consumption of drinks in the USA (T. L. Saaty, "Decision
 * making with the analytic hierarchy process", Int. J. Services Sciences
 * 1(1), 2008, Table 2): the published eigenvector, to 3 decimals, is
 * .177 .019 .042 .116 .190 .129 .327. Tolerance 0.0015 (rounding of the
 * published values). */
static void test_saaty_drinks(void **state)
{
    const double a[49] = {
        1,       9,       5,       2,       1,       1,       1.0 / 2, 1.0 / 9, 1,       1.0 / 3,
        1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 5, 3,       1,       1.0 / 3, 1.0 / 4, 1.0 / 3,
        1.0 / 9, 1.0 / 2, 9,       3,       1,       1.0 / 2, 1,       1.0 / 3, 1,       9,
        4,       2,       1,       2,       1.0 / 2, 1,       9,       3,       1,       1.0 / 2,
        1,       1.0 / 3, 2,       9,       9,       3,       2,       3,       1};
    const double published[7] = {.177, .019, .042, .116, .190, .129, .327};
    gt_ahp_result r;
    assert_int_equal(gt_ahp_weights(*state, 7, a, GT_RI_SAATY1980, &r), GT_OK);
    double sum = 0;
    for (int i = 0; i < 7; i++) {
        ASSERT_NEAR(published[i], r.weights[i], 0.0015);
        sum += r.weights[i];
    }
    ASSERT_NEAR(1.0, sum, 1e-12);
    assert_true(r.lambda_max > 7.0);
    ASSERT_NEAR((r.lambda_max - 7) / 6, r.ci, 1e-12);
    ASSERT_NEAR(r.ci / 1.32, r.cr, 1e-12);
    assert_true(r.cr < 0.10);
}

/* A consistent matrix (a_ij = w_i / w_j) gives back w, lambda_max = n and
 * CR = 0. */
static void test_consistent(void **state)
{
    const double w[4] = {0.4, 0.3, 0.2, 0.1};
    double a[16];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            a[i * 4 + j] = w[i] / w[j];
    gt_ahp_result r;
    assert_int_equal(gt_ahp_weights(*state, 4, a, GT_RI_SAATY1980, &r), GT_OK);
    for (int i = 0; i < 4; i++)
        ASSERT_NEAR(w[i], r.weights[i], 1e-12);
    ASSERT_NEAR(4.0, r.lambda_max, 1e-12);
    ASSERT_NEAR(0.0, r.cr, 1e-12);
}

/* A three-criterion example: row geometric means give the weights exactly
 * for n = 3 only when consistent; here compare to the hand-checked
 * eigenvector 0.3090, 0.5816, 0.1095 (power iteration by hand, 4 d.p.). */
static void test_three(void **state)
{
    const double a[9] = {1, 1.0 / 2, 3, 2, 1, 5, 1.0 / 3, 1.0 / 5, 1};
    gt_ahp_result r;
    assert_int_equal(gt_ahp_weights(*state, 3, a, GT_RI_SAATY1980, &r), GT_OK);
    ASSERT_NEAR(0.3090, r.weights[0], 1e-4);
    ASSERT_NEAR(0.5816, r.weights[1], 1e-4);
    ASSERT_NEAR(0.1095, r.weights[2], 1e-4);
    ASSERT_NEAR(0.58, r.ri, 0);
    ASSERT_NEAR(r.ci / 0.58, r.cr, 1e-12);
}

static void test_small_n(void **state)
{
    gt_ahp_result r;
    const double one[1] = {1};
    assert_int_equal(gt_ahp_weights(*state, 1, one, GT_RI_SAATY1980, &r), GT_OK);
    ASSERT_NEAR(1.0, r.weights[0], 0);
    ASSERT_NEAR(0.0, r.cr, 0);
    const double two[4] = {1, 3, 1.0 / 3, 1};
    assert_int_equal(gt_ahp_weights(*state, 2, two, GT_RI_SAATY1980, &r), GT_OK);
    ASSERT_NEAR(0.75, r.weights[0], 1e-12);
    ASSERT_NEAR(0.25, r.weights[1], 1e-12);
    ASSERT_NEAR(0.0, r.cr, 0);
}

static void test_inconsistent(void **state)
{
    /* A prefers B 9:1, B prefers C 9:1, but C prefers A 9:1: a cycle. */
    const double a[9] = {1, 9, 1.0 / 9, 1.0 / 9, 1, 9, 9, 1.0 / 9, 1};
    gt_ahp_result r;
    assert_int_equal(gt_ahp_weights(*state, 3, a, GT_RI_SAATY1980, &r), GT_OK);
    assert_true(r.cr > 1.0);
    assert_true(r.n_suggestions > 0);
    assert_true(r.suggestions[0].row >= 0 && r.suggestions[0].col > r.suggestions[0].row);
}

static void test_errors(void **state)
{
    gt_context *ctx = *state;
    gt_ahp_result r;
    /* 0.3 where 1/3 belongs: not reciprocal, and the message names the cell. */
    const double a[9] = {1, 3, 1, 0.3, 1, 1, 1, 1, 1};
    assert_int_equal(gt_ahp_weights(ctx, 3, a, GT_RI_SAATY1980, &r), GT_ERR_AHP_MATRIX);
    assert_non_null(strstr(gt_context_errmsg(ctx), "row 1, column 2"));
    /* 0.333 for 1/3 is accepted (tolerance 2 %). */
    const double b[9] = {1, 3, 1, 0.333, 1, 1, 1, 1, 1};
    assert_int_equal(gt_ahp_weights(ctx, 3, b, GT_RI_SAATY1980, &r), GT_OK);
    const double neg[4] = {1, -2, -0.5, 1};
    assert_int_equal(gt_ahp_weights(ctx, 2, neg, GT_RI_SAATY1980, &r), GT_ERR_AHP_MATRIX);
    const double diag[4] = {2, 1, 1, 1};
    assert_int_equal(gt_ahp_weights(ctx, 2, diag, GT_RI_SAATY1980, &r), GT_ERR_AHP_MATRIX);
    assert_int_equal(gt_ahp_weights(ctx, 0, diag, GT_RI_SAATY1980, &r), GT_ERR_AHP_MATRIX);
}

static void test_ri_table(void **state)
{
    /* Saaty (1980) as tabulated in domain.md §D1: indexed by n itself
     * (GRASS r.mcda.ahp is off by one). */
    const double ri[16] = {NAN,  0,    0,    0.58, 0.90, 1.12, 1.24, 1.32,
                           1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
    for (int n = 1; n <= 15; n++)
        ASSERT_NEAR(ri[n], gt_ahp_random_index(GT_RI_SAATY1980, n), 0);
    assert_true(isnan(gt_ahp_random_index(GT_RI_SAATY1980, 16)));
}

/* Row geometric means by hand for the 3 x 3 example: (1 x 1/2 x 3)^(1/3)
 * = 1.1447, (2 x 1 x 5)^(1/3) = 2.1544, (1/3 x 1/5 x 1)^(1/3) = 0.4055,
 * normalised by their sum 3.7046: 0.3090, 0.5816, 0.1095; for this nearly
 * consistent matrix the eigenvector agrees to 4 decimals. */
static void test_geometric(void **state)
{
    const double a[9] = {1, 1.0 / 2, 3, 2, 1, 5, 1.0 / 3, 1.0 / 5, 1};
    gt_ahp_result g, e;
    assert_int_equal(gt_ahp_compute(*state, 3, a, GT_AHP_GEOMETRIC, GT_RI_SAATY1980, &g), GT_OK);
    assert_int_equal(gt_ahp_compute(*state, 3, a, GT_AHP_EIGEN, GT_RI_SAATY1980, &e), GT_OK);
    double r0 = cbrt(1.5), r1 = cbrt(10.0), r2 = cbrt(1.0 / 15.0), sum = r0 + r1 + r2;
    ASSERT_NEAR(r0 / sum, g.weights[0], 1e-12);
    ASSERT_NEAR(r1 / sum, g.weights[1], 1e-12);
    ASSERT_NEAR(r2 / sum, g.weights[2], 1e-12);
    for (int i = 0; i < 3; i++)
        ASSERT_NEAR(e.weights[i], g.weights[i], 1e-4);
    assert_true(g.gci > 0 && g.gci < g.gci_limit);
    ASSERT_NEAR(0.31, g.gci_limit, 0);
}

static void test_ri_tables_and_names(void **state)
{
    gt_ri_table t;
    assert_int_equal(gt_ri_table_from_name(*state, "donegan-dodd", &t), GT_OK);
    assert_int_equal(t, GT_RI_DONEGAN_DODD);
    ASSERT_NEAR(0.4914, gt_ahp_random_index(t, 3), 0);
    ASSERT_NEAR(1.4969, gt_ahp_random_index(t, 15), 0);
    ASSERT_NEAR(0.52, gt_ahp_random_index(GT_RI_SAATY2005, 3), 0);
    ASSERT_NEAR(1.59, gt_ahp_random_index(GT_RI_SAATY2005, 15), 0);
    assert_int_equal(gt_ri_table_from_name(*state, "saaty1990", &t), GT_ERR_USAGE);
    gt_ahp_method m;
    assert_int_equal(gt_ahp_method_from_name(*state, "geometric", &m), GT_OK);
    assert_int_equal(m, GT_AHP_GEOMETRIC);
}

static void test_group(void **state)
{
    /* Element-wise geometric mean: sqrt(2 x 8) = 4, sqrt(1/2 x 1/8) = 1/4. */
    const double a[4] = {1, 2, 0.5, 1}, b[4] = {1, 8, 0.125, 1};
    const double *m[2] = {a, b};
    double out[4];
    assert_int_equal(gt_ahp_group(*state, 2, 2, m, out), GT_OK);
    ASSERT_NEAR(4.0, out[1], 1e-12);
    ASSERT_NEAR(0.25, out[2], 1e-12);
    ASSERT_NEAR(1.0, out[0], 1e-12);
}

static void test_suggestions_order(void **state)
{
    /* The cycle: three judgments, each far from the weights, worst first. */
    const double a[9] = {1, 9, 1.0 / 9, 1.0 / 9, 1, 9, 9, 1.0 / 9, 1};
    gt_ahp_result r;
    assert_int_equal(gt_ahp_weights(*state, 3, a, GT_RI_SAATY1980, &r), GT_OK);
    assert_int_equal(r.n_suggestions, 3);
    assert_true(r.suggestions[0].log_error >= r.suggestions[1].log_error);
    assert_true(r.suggestions[1].log_error >= r.suggestions[2].log_error);
    ASSERT_NEAR(r.weights[r.suggestions[0].row] / r.weights[r.suggestions[0].col],
                r.suggestions[0].consistent_value, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_saaty_drinks, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_consistent, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_three, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_small_n, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_inconsistent, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_errors, gt_test_setup, gt_test_teardown),
        cmocka_unit_test(test_ri_table),
        cmocka_unit_test_setup_teardown(test_geometric, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_ri_tables_and_names, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_group, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_suggestions_order, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("ahp", tests, NULL, NULL);
}
