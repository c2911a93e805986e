/*
 * test_rank.c: banded point tables, linkage arithmetic and classes, and the
 * remediation scheduler on small cases worked out by hand.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"

static void test_bands(void **state)
{
    const gt_band b[3] = {{100, 1.0}, {500, 0.5}, {INFINITY, 0.1}};
    ASSERT_NEAR(1.0, gt_band_lookup(b, 3, 0), 0);
    ASSERT_NEAR(1.0, gt_band_lookup(b, 3, 99.9), 0);
    ASSERT_NEAR(0.5, gt_band_lookup(b, 3, 100), 0); /* x < upper: 100 is in the next band */
    ASSERT_NEAR(0.1, gt_band_lookup(b, 3, 1e9), 0);
    assert_true(isnan(gt_band_lookup(b, 3, NAN)));
    assert_true(isnan(gt_band_lookup(b, 2, 1e9)));
}

static void test_linkage_and_classes(void **state)
{
    ASSERT_NEAR(40.0, gt_spr_linkage_pct(0.5, 0.8, 1.0, 1, 1, 1), 1e-12);
    ASSERT_NEAR(100.0, gt_spr_linkage_pct(10, 3, 5, 10, 3, 5), 1e-12);
    ASSERT_NEAR(12.5, gt_spr_linkage_pct(5, 1, 2.5, 10, 2, 5), 1e-12);
    assert_true(isnan(gt_spr_linkage_pct(1, 1, 1, 0, 1, 1)));
    assert_int_equal(gt_risk_classify(70, 70, 40), GT_RISK_HIGH);
    assert_int_equal(gt_risk_classify(69.999, 70, 40), GT_RISK_MODERATE);
    assert_int_equal(gt_risk_classify(40, 70, 40), GT_RISK_MODERATE);
    assert_int_equal(gt_risk_classify(39.999, 70, 40), GT_RISK_LOW);
    assert_string_equal(gt_risk_class_name(GT_RISK_HIGH), "High");
}

/* Priority order: U10 D5 U20 D5 U30 U40 (U = unsanitary landfill, D = dump,
 * number = cost), 2026-2030, 30 a year:
 *   2026: U10 (20 left), D5 (15), U20 waits, D5 (10)  -> 3 sites, 20 spent
 *   2027: U20 (10 left)                               -> 1 site, 20
 *   2028: U30 (0 left)                                -> 1 site, 30
 *   2029-30: U40 costs more than a year's budget      -> never
 * Unsanitary done 1, 2, 3, 3, 3 of 4: > 50 % first in 2028 (2027's 50 % is
 * not more than half). Dumps 2 of 2 from 2026. */
static const gt_plan_site SITES[6] = {{GT_SITE_UNSANITARY, 10, 0}, {GT_SITE_DUMP, 5, 0},
                                      {GT_SITE_UNSANITARY, 20, 0}, {GT_SITE_DUMP, 5, 0},
                                      {GT_SITE_UNSANITARY, 30, 0}, {GT_SITE_UNSANITARY, 40, 0}};

static void test_schedule_budget(void **state)
{
    gt_plan_options o = {2026, 2030, 30, 0};
    int y[6];
    gt_plan_year py[5];
    assert_int_equal(gt_plan_schedule(*state, SITES, 6, &o, y, py), GT_OK);
    const int want[6] = {2026, 2026, 2027, 2026, 2028, 0};
    for (int i = 0; i < 6; i++)
        assert_int_equal(y[i], want[i]);
    assert_int_equal(py[0].scheduled, 3);
    ASSERT_NEAR(20, py[0].cost, 0);
    ASSERT_NEAR(20, py[1].cost, 0);
    ASSERT_NEAR(30, py[2].cost, 0);
    ASSERT_NEAR(0, py[3].cost, 0);
    ASSERT_NEAR(25.0, py[0].unsanitary_pct, 1e-12);
    ASSERT_NEAR(50.0, py[1].unsanitary_pct, 1e-12);
    assert_false(py[1].unsanitary_met); /* 50 % is not more than half */
    assert_true(py[2].unsanitary_met);
    ASSERT_NEAR(75.0, py[4].unsanitary_pct, 1e-12);
    assert_true(py[0].dumps_met);
    assert_int_equal(py[4].unsanitary_total, 4);
    assert_int_equal(py[4].dumps_total, 2);
}

/* Why sites were passed over, on SITES:
 *   30 a year: 2026 U20 (20 > 15 left after U10 and D5) goes by, the D5
 *   after it is taken: one skip. U30 (30 > 10) and U40 also go by, but
 *   nothing after them is taken that year: not skipped in anyone's favour.
 *   10 a year: 2026 U10 takes it all (nothing after is taken); 2027 D5
 *   (5 left), U20 (20 > 5) goes by, D5 is taken: one skip. */
static void test_schedule_skips(void **state)
{
    gt_plan_options o = {2026, 2030, 30, 0};
    gt_plan_skip *sk = NULL;
    int n = -1;
    assert_int_equal(gt_plan_skips(*state, SITES, 6, &o, &sk, &n), GT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sk[0].year, 2026);
    assert_int_equal(sk[0].site, 2);
    ASSERT_NEAR(20, sk[0].cost, 0);
    ASSERT_NEAR(15, sk[0].budget_left, 0);
    free(sk);
    o.annual_budget = 10;
    assert_int_equal(gt_plan_skips(*state, SITES, 6, &o, &sk, &n), GT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sk[0].year, 2027);
    assert_int_equal(sk[0].site, 2);
    ASSERT_NEAR(5, sk[0].budget_left, 0);
    free(sk);
    /* No budget limit: nothing is ever passed over. */
    o.annual_budget = 0;
    assert_int_equal(gt_plan_skips(*state, SITES, 6, &o, &sk, &n), GT_OK);
    assert_int_equal(n, 0);
    assert_null(sk);
}

static void test_schedule_exact_fit_and_count(void **state)
{
    /* A budget of exactly 10: U10 fits exactly in 2026; then the two dumps
     * (5 + 5) in 2027; U20... never (20 > 10). */
    gt_plan_options o = {2026, 2030, 10, 0};
    int y[6];
    gt_plan_year py[5];
    assert_int_equal(gt_plan_schedule(*state, SITES, 6, &o, y, py), GT_OK);
    assert_int_equal(y[0], 2026);
    assert_int_equal(y[1], 2027);
    assert_int_equal(y[3], 2027);
    assert_int_equal(y[2], 0);
    assert_false(py[4].unsanitary_met);
    /* One site a year and no budget limit: strictly in priority order. */
    gt_plan_options one = {2026, 2030, 0, 1};
    assert_int_equal(gt_plan_schedule(*state, SITES, 6, &one, y, py), GT_OK);
    const int want[6] = {2026, 2027, 2028, 2029, 2030, 0};
    for (int i = 0; i < 6; i++)
        assert_int_equal(y[i], want[i]);
}

static void test_schedule_done_and_other(void **state)
{
    /* Already remediated sites keep their year and count from it; a
     * sanitary landfill (OTHER) is never scheduled or counted. */
    const gt_plan_site s[4] = {{GT_SITE_UNSANITARY, 100, 2024},
                               {GT_SITE_UNSANITARY, 100, 0},
                               {GT_SITE_OTHER, 1, 0},
                               {GT_SITE_DUMP, 1, 0}};
    gt_plan_options o = {2026, 2027, 1, 0};
    int y[4];
    gt_plan_year py[2];
    assert_int_equal(gt_plan_schedule(*state, s, 4, &o, y, py), GT_OK);
    assert_int_equal(y[0], 2024);
    assert_int_equal(y[1], 0);
    assert_int_equal(y[2], 0);
    assert_int_equal(y[3], 2026);
    assert_int_equal(py[0].unsanitary_done, 1);
    assert_int_equal(py[0].unsanitary_total, 2);
    assert_false(py[0].unsanitary_met);
    assert_true(py[0].dumps_met);
}

static void test_schedule_ties(void **state)
{
    /* Equal costs, room for one a year: the higher priority (earlier in the
     * list) goes first, every time. */
    const gt_plan_site s[3] = {{GT_SITE_DUMP, 7, 0}, {GT_SITE_DUMP, 7, 0}, {GT_SITE_DUMP, 7, 0}};
    gt_plan_options o = {2026, 2028, 10, 0};
    int y[3];
    gt_plan_year py[3];
    assert_int_equal(gt_plan_schedule(*state, s, 3, &o, y, py), GT_OK);
    assert_int_equal(y[0], 2026);
    assert_int_equal(y[1], 2027);
    assert_int_equal(y[2], 2028);
    assert_false(py[1].dumps_met);
    assert_true(py[2].dumps_met);
}

static void test_budget_needed(void **state)
{
    /* As worked out above: 30 a year meets both targets (by 2028); 29.99
     * cannot (U30 never fits, U40 neither: 2 of 4). */
    gt_plan_options o = {2026, 2030, 0, 0};
    ASSERT_NEAR(30.0, gt_plan_budget_needed(*state, SITES, 6, &o), 0.03);
    /* Too few slots: one site a year for 2 years cannot close 2 dumps and
     * remediate 3 of 4 landfills. */
    gt_plan_options tight = {2029, 2030, 0, 1};
    assert_true(isinf(gt_plan_budget_needed(*state, SITES, 6, &tight)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_linkage_and_classes),
        cmocka_unit_test_setup_teardown(test_schedule_budget, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_schedule_exact_fit_and_count, gt_test_setup,
                                        gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_schedule_done_and_other, gt_test_setup,
                                        gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_schedule_skips, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_schedule_ties, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_budget_needed, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("rank", tests, NULL, NULL);
}
