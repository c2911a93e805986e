/*
 * test_zonal.c: zonal statistics on a hand-made 4 x 3 grid.
 * SPDX-License-Identifier: MIT
 */
#include "gt_test.h"

static void test_hand_grid(void **state)
{
    /* zones:      values:
     *  1 1 2 0     1  2  3  9
     *  1 1 2 0     4  5  NaN 9
     *  3 3 3 0     7  8  6  9   (zone 4 has no cell) */
    const int32_t z[12] = {1, 1, 2, 0, 1, 1, 2, 0, 3, 3, 3, 0};
    const float v[12] = {1, 2, 3, 9, 4, 5, NAN, 9, 7, 8, 6, 9};
    gt_zone_stats s[4];
    assert_int_equal(gt_zonal_stats(*state, z, v, 12, 4, s), GT_OK);
    assert_int_equal(s[0].count, 4);
    ASSERT_NEAR(12.0, s[0].sum, 0);
    ASSERT_NEAR(1.0, s[0].min, 0);
    ASSERT_NEAR(5.0, s[0].max, 0);
    assert_int_equal(s[1].count, 1);
    assert_int_equal(s[1].nodata, 1);
    ASSERT_NEAR(3.0, s[1].sum, 0);
    assert_int_equal(s[2].count, 3);
    ASSERT_NEAR(7.0, s[2].sum / s[2].count, 1e-12);
    ASSERT_NEAR(6.0, s[2].min, 0);
    ASSERT_NEAR(8.0, s[2].max, 0);
    assert_int_equal(s[3].count, 0);
    assert_int_equal(s[3].nodata, 0);
}

static void test_out_of_range_zones_ignored(void **state)
{
    const int32_t z[3] = {-1, 7, 1};
    const float v[3] = {100, 100, 2};
    gt_zone_stats s[1];
    assert_int_equal(gt_zonal_stats(*state, z, v, 3, 1, s), GT_OK);
    assert_int_equal(s[0].count, 1);
    ASSERT_NEAR(2.0, s[0].sum, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hand_grid, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range_zones_ignored, gt_test_setup,
                                        gt_test_teardown),
    };
    return cmocka_run_group_tests_name("zonal", tests, NULL, NULL);
}
