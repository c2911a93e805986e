/*
 * test_regions.c: required area by hand and connected regions on hand-made
 * grids, including a diagonal-only connection. SPDX-License-Identifier: MIT
 */
#include "gt_test.h"

static void test_required_area(void **state)
{
    /* 100,000 people, 40 % urban at 1.0 kg and 60 % rural at 0.5 kg a day:
     * 70,000 kg a day; all collected and landfilled for 10 years:
     * 70 t x 3650 = 255,500 t; at 1 t/m3 and 5 m high: 51,100 m2 = 5.11 ha;
     * plus 100 %: 10.22 ha, medium (10-30 ha). */
    gt_demand d = {100000, 0.4, 1.0, 0.5, 1.0, 1.0, 10, 1.0, 5, 1.0};
    double t, ha;
    gt_size_class c;
    assert_int_equal(gt_required_area(*state, &d, &t, &ha, &c), GT_OK);
    ASSERT_NEAR(255500.0, t, 1e-6);
    ASSERT_NEAR(10.22, ha, 1e-9);
    assert_int_equal(c, GT_SIZE_MEDIUM);
    d.allowance = 0;
    assert_int_equal(gt_required_area(*state, &d, &t, &ha, &c), GT_OK);
    assert_int_equal(c, GT_SIZE_SMALL);
    assert_int_equal(gt_size_class_of(30), GT_SIZE_LARGE); /* 30 - < 50 */
    assert_int_equal(gt_size_class_of(50), GT_SIZE_VERY_LARGE);
    d.urban_share = 1.5;
    assert_int_equal(gt_required_area(*state, &d, &t, &ha, &c), GT_ERR_SCENARIO);
}

static void test_diagonal(void **state)
{
    /* Two cells touching only at a corner, and a 2-cell bar:
     *   1 0 0 1
     *   0 1 0 1
     *   0 0 0 0
     * rook (4): {(0,0)}, {(0,3),(1,3)}, {(1,1)} = 3 regions
     * queen (8): {(0,0),(1,1)}, {(0,3),(1,3)} = 2 regions */
    const unsigned char m[12] = {1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0};
    int32_t lab[12], n;
    assert_int_equal(gt_regions_label(*state, m, 4, 3, 4, lab, &n), GT_OK);
    assert_int_equal(n, 3);
    assert_int_equal(lab[0], 1);
    assert_int_equal(lab[3], 2);
    assert_int_equal(lab[7], 2);
    assert_int_equal(lab[5], 3);
    assert_int_equal(lab[1], 0);
    assert_int_equal(gt_regions_label(*state, m, 4, 3, 8, lab, &n), GT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(lab[5], 1);
    assert_int_equal(gt_regions_label(*state, m, 4, 3, 6, lab, &n), GT_ERR_SCENARIO);
}

static void test_ring(void **state)
{
    /* A ring around a hole is one region under either connectivity. */
    const unsigned char m[25] = {1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0,
                                 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1};
    int32_t lab[25], n;
    assert_int_equal(gt_regions_label(*state, m, 5, 5, 4, lab, &n), GT_OK);
    assert_int_equal(n, 1);
    int cells = 0;
    for (int k = 0; k < 25; k++)
        cells += lab[k] == 1;
    assert_int_equal(cells, 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_required_area, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_diagonal, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_ring, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("regions", tests, NULL, NULL);
}
