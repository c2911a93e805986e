/*
 * test_gaps.c: data gaps: the weights renormalised when factors lack data
 * (worked by hand), the reduced scenario a site run continues with, and
 * the per-site list of linkages scored with a worst-case assumption.
 * SPDX-License-Identifier: MIT
 */
#include "gt_test.h"

#include "gistool/pipeline.h"
#include "gistool/rank_stages.h"

static void test_renormalise(void **state)
{
    gt_context *ctx = *state;
    /* w = (0.4, 0.3, 0.2, 0.1) without factors 1 and 3: the kept weights
     * 0.4 and 0.2 sum to 0.6, so 0.4 / 0.6 = 2/3 and 0.2 / 0.6 = 1/3. */
    const double w[4] = {0.4, 0.3, 0.2, 0.1};
    const bool drop[4] = {false, true, false, true};
    double out[4];
    assert_int_equal(gt__weights_renormalise(ctx, 4, w, drop, out), GT_OK);
    ASSERT_NEAR(2.0 / 3.0, out[0], 1e-15);
    ASSERT_NEAR(0.0, out[1], 0);
    ASSERT_NEAR(1.0 / 3.0, out[2], 1e-15);
    ASSERT_NEAR(0.0, out[3], 0);
    /* The example's AHP weights without slope (0.0824): each of the others
     * divided by 1 - 0.0824 = 0.9176; remoteness 0.4266 / 0.9176 = 0.4649. */
    const double ahp[5] = {0.4266, 0.2537, 0.1507, 0.0824, 0.0866};
    const bool no_slope[5] = {false, false, false, true, false};
    double r[5];
    assert_int_equal(gt__weights_renormalise(ctx, 5, ahp, no_slope, r), GT_OK);
    ASSERT_NEAR(0.4266 / 0.9176, r[0], 1e-12);
    ASSERT_NEAR(0.4649, r[0], 5e-5);
    ASSERT_NEAR(1.0, r[0] + r[1] + r[2] + r[3] + r[4], 1e-12);
}

static void test_nothing_left(void **state)
{
    gt_context *ctx = *state;
    /* Every factor dropped, or only a zero weight left: nothing to score. */
    const double w[2] = {0.0, 1.0};
    const bool all[2] = {true, true}, zero_left[2] = {false, true};
    double out[2];
    assert_int_equal(gt__weights_renormalise(ctx, 2, w, all, out), GT_ERR_WEIGHTS);
    assert_int_equal(gt__weights_renormalise(ctx, 2, w, zero_left, out), GT_ERR_WEIGHTS);
}

static void test_scenario_with_data(void **state)
{
    gt_context *ctx = *state;
    /* Three factors, the second without data: the run continues with two,
     * weights 0.5 / 0.7 and 0.2 / 0.7, and one gap records 0.3 -> 0. */
    gt__factor f[3] = {
        {.name = "a", .layer = "la"}, {.name = "b", .layer = "dem"}, {.name = "c", .layer = "lc"}};
    double m[9] = {1, 2, 3, 0.5, 1, 2, 1.0 / 3, 0.5, 1};
    gt_scenario s = {.factors = f, .n_factors = 3, .ahp_matrix = m};
    s.yaml.file = "t.yaml";
    double w[GT_AHP_MAX_N] = {0.5, 0.3, 0.2};
    const bool no_data[3] = {false, true, false};
    const gt__gap_kind why[3] = {0, GT__GAP_DECLARED_ABSENT, 0};
    gt__gaps gaps = {0};
    gt_scenario *r = NULL;
    assert_int_equal(gt__factors_with_data(ctx, &s, no_data, why, w, &gaps, &r), GT_OK);
    assert_non_null(r);
    assert_int_equal(r->n_factors, 2);
    assert_string_equal(r->factors[0].name, "a");
    assert_string_equal(r->factors[1].name, "c");
    ASSERT_NEAR(0.5 / 0.7, w[0], 1e-15);
    ASSERT_NEAR(0.2 / 0.7, w[1], 1e-15);
    ASSERT_NEAR(0.5 / 0.7, r->direct_weights[0], 1e-15);
    /* The AHP submatrix keeps rows and columns a and c. */
    ASSERT_NEAR(3, r->ahp_matrix[0 * 2 + 1], 0);
    ASSERT_NEAR(1.0 / 3, r->ahp_matrix[1 * 2 + 0], 0);
    assert_int_equal(gaps.n, 1);
    assert_string_equal(gaps.v[0].item, "b");
    assert_int_equal(gaps.v[0].effect, GT__GAP_FACTOR_DROPPED);
    ASSERT_NEAR(0.3, gaps.v[0].weight_before, 0);
    ASSERT_NEAR(0.0, gaps.v[0].weight_after, 0);
    assert_non_null(strstr(gaps.v[0].assumed, "a 0.5000 -> 0.7143, c 0.2000 -> 0.2857"));
    gt__scenario_with_data_free(r);
    gt__gaps_free(&gaps);
    /* Every factor with data: no copy, weights untouched. */
    const bool none[3] = {false, false, false};
    double w2[GT_AHP_MAX_N] = {0.5, 0.3, 0.2};
    assert_int_equal(gt__factors_with_data(ctx, &s, none, why, w2, &gaps, &r), GT_OK);
    assert_null(r);
    assert_int_equal(gaps.n, 0);
    ASSERT_NEAR(0.3, w2[1], 0);
}

static void test_worst_case_per_site(void **state)
{
    (void)state;
    char buf[256];
    /* Everything measured: no worst case. */
    gt__rank_receptors r = {.pop_500m = 10,
                            .pop_1km = 20,
                            .pop_2km = 30,
                            .dist_water_m = 100,
                            .dist_well_m = 200,
                            .dist_protected_m = 300,
                            .dist_residential_m = 400,
                            .in_flood_zone = 0};
    gt__rank_worst_case(&r, buf, sizeof buf);
    assert_string_equal(buf, "");
    /* No wells: only leachate to groundwater uses a worst case. */
    r.dist_well_m = NAN;
    gt__rank_worst_case(&r, buf, sizeof buf);
    assert_string_equal(buf, "leachate_groundwater (wells)");
    /* No flood zone either: both leachate linkages, each with its layers. */
    r.in_flood_zone = -1;
    gt__rank_worst_case(&r, buf, sizeof buf);
    assert_string_equal(buf, "leachate_groundwater (flood_zone, wells); "
                             "leachate_surface_water (flood_zone)");
    /* No population: the two resident linkages. */
    r = (gt__rank_receptors){.pop_500m = NAN,
                             .pop_1km = NAN,
                             .pop_2km = NAN,
                             .dist_water_m = 1,
                             .dist_well_m = 1,
                             .dist_protected_m = 1,
                             .dist_residential_m = 1,
                             .in_flood_zone = 1};
    gt__rank_worst_case(&r, buf, sizeof buf);
    assert_string_equal(buf, "gas_residents (population); burning_residents (population)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_renormalise, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_nothing_left, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_scenario_with_data, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_worst_case_per_site, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
