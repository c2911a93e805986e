/*
 * test_zonal.c: zonal statistics on a hand-made 4 x 3 grid, in one pass and
 * band by band.
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

/* Band by band, bands of 2 rows, the bands added last first: the figures
 * of test_hand_grid; zone 1 given rows 0..1 only while the third row holds
 * one of its cells is an error. */
static void test_bands_hand(void **state)
{
    /* zones:      values:
     *  1 1 2 0     1  2  3  9      band 0 (rows 0, 1)
     *  1 1 2 0     4  5  NaN 9
     *  3 3 1 0     7  8  6  9      band 1 (row 2) */
    const int32_t z[12] = {1, 1, 2, 0, 1, 1, 2, 0, 3, 3, 1, 0};
    const float v[12] = {1, 2, 3, 9, 4, 5, NAN, 9, 7, 8, 6, 9};
    const int r0[4] = {0, 0, 2, 0}, r1[4] = {2, 1, 2, -1};
    gt_zonal_bands zb;
    gt_zone_stats s[4];
    assert_int_equal(gt_zonal_bands_init(*state, &zb, 4, 2, r0, r1), GT_OK);
    assert_int_equal(zb.slot[4], 4); /* zone 1: two bands; 2, 3: one; 4: none */
    gt_zonal_bands_add(&zb, 2, 1, 4, z + 8, v + 8);
    gt_zonal_bands_add(&zb, 0, 2, 4, z, v);
    assert_int_equal(gt_zonal_bands_finish(*state, &zb, s), GT_OK);
    gt_zonal_bands_free(&zb);
    assert_int_equal(s[0].count, 5);
    ASSERT_NEAR(18.0, s[0].sum, 0); /* (1 + 2 + 4 + 5) + 6 */
    ASSERT_NEAR(1.0, s[0].min, 0);
    ASSERT_NEAR(6.0, s[0].max, 0);
    assert_int_equal(s[1].count, 1);
    assert_int_equal(s[1].nodata, 1);
    ASSERT_NEAR(3.0, s[1].sum, 0);
    assert_int_equal(s[2].count, 2);
    ASSERT_NEAR(7.5, s[2].sum / s[2].count, 0);
    assert_int_equal(s[3].count + s[3].nodata, 0);
    /* The flags of the same cells: v > 4 flagged. */
    const unsigned char fl[12] = {0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1};
    assert_int_equal(gt_zonal_bands_init(*state, &zb, 4, 2, r0, r1), GT_OK);
    gt_zonal_bands_add_flags(&zb, 0, 2, 4, z, fl);
    gt_zonal_bands_add_flags(&zb, 2, 1, 4, z + 8, fl + 8);
    assert_int_equal(gt_zonal_bands_finish(*state, &zb, s), GT_OK);
    gt_zonal_bands_free(&zb);
    assert_int_equal(s[0].count, 5);
    ASSERT_NEAR(2.0, s[0].sum, 0); /* cells 5 and 10 */
    ASSERT_NEAR(0.0, s[1].sum, 0);
    assert_int_equal(s[1].count, 2);
    ASSERT_NEAR(2.0, s[2].sum, 0);
    /* Zone 1 said to end on row 1: its cell on row 2 has no slot. */
    const int short1[4] = {1, 1, 2, -1};
    assert_int_equal(gt_zonal_bands_init(*state, &zb, 4, 2, r0, short1), GT_OK);
    gt_zonal_bands_add(&zb, 0, 2, 4, z, v);
    gt_zonal_bands_add(&zb, 2, 1, 4, z + 8, v + 8);
    assert_int_equal(gt_zonal_bands_finish(*state, &zb, s), GT_ERR_INTERNAL);
    gt_zonal_bands_free(&zb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hand_grid, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range_zones_ignored, gt_test_setup,
                                        gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_bands_hand, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("zonal", tests, NULL, NULL);
}
