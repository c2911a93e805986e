/*
 * test_regions.c: required area by hand and connected regions on hand-made
 * grids, including a diagonal-only connection. SPDX-License-Identifier: MIT
 */
#include "gt_test.h"

#include "algorithms/internal.h"

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

/* Seeded region growing on a hand-made 6 x 3 grid, 4-connected, target
 * and minimum 3 cells (x: not eligible):
 *
 *        c0   c1   c2   c3   c4   c5
 *   r0  .90  .80   x    x   .70  .95
 *   r1  .80  .70   x    x   .60  .60
 *   r2   x    x    x    x   .50  .50
 *
 * Seeds by score: .95 (r0c5) grows: frontier r0c4 .70, r1c5 .60 -> takes
 * r0c4; frontier r1c5 .60 (distance² to the seed 1), r1c4 .60 (2) ->
 * takes r1c5: 3 cells, region 1 = {r0c5, r0c4, r1c5}.
 * Next seed .90 (r0c0): frontier r0c1 .80 and r1c0 .80, both at distance²
 * 1 -> lower index r0c1, then r1c0: region 2 = {r0c0, r0c1, r1c0}.
 * Next seed .70 (r1c1): no free neighbour, 1 cell < 3: dropped.
 * Next seed .60 (r1c4): takes r2c4 .50, then r2c5 .50: region 3. */
static void test_grow(void **state)
{
    enum { W = 6, H = 3 };
    const float x = NAN;
    /* clang-format off */
    const float score[W * H] = {.90f, .80f, x, x, .70f, .95f,
                                .80f, .70f, x, x, .60f, .60f,
                                x,    x,    x, x, .50f, .50f};
    /* clang-format on */
    unsigned char mask[W * H];
    for (int k = 0; k < W * H; k++)
        mask[k] = k != 2 && k != 3; /* NAN also excludes the others */
    int32_t lab[W * H], n;
    assert_int_equal(gt__regions_grow(*state, score, 0, mask, W, H, 4, NULL, 3, 3, lab, &n), GT_OK);
    assert_int_equal(n, 3);
    const int32_t want[W * H] = {2, 2, 0, 0, 1, 1, 2, 0, 0, 0, 3, 1, 0, 0, 0, 0, 3, 3};
    for (int k = 0; k < W * H; k++)
        assert_int_equal(lab[k], want[k]);
    /* Column areas: a cell of column 5 weighs 3, so the first region stops
     * at its seed (3 >= 3); the .70 at r0c4 then seeds a region with r1c4
     * (.60 at distance² 1) and r1c5 (.60, at 2, but column 5 weighs 3). */
    const double col[W] = {1, 1, 1, 1, 1, 3};
    assert_int_equal(gt__regions_grow(*state, score, 0, mask, W, H, 4, col, 3, 3, lab, &n), GT_OK);
    assert_int_equal(lab[5], 1);
    assert_int_equal(lab[4], 3);
    assert_int_equal(lab[10], 3);
    assert_int_equal(lab[11], 3);
    assert_int_equal(lab[0], 2);
    /* Without a minimum, the lone .70 at r1c1 is a region of its own. */
    assert_int_equal(gt__regions_grow(*state, score, 0, mask, W, H, 4, NULL, 3, 0, lab, &n), GT_OK);
    assert_int_equal(n, 4);
    assert_int_equal(lab[7], 3);
    assert_int_equal(gt__regions_grow(*state, score, 0, mask, W, H, 6, NULL, 3, 3, lab, &n),
                     GT_ERR_SCENARIO);
}

/* A plateau (every score 1) grows as a disc round its seed, not along a
 * row: on a 5 x 5 grid with a target of 9 cells the first seed is the
 * lowest index (r0c0) and the 9 nearest cells (distance² 0, 1, 1, 2, 4, 4,
 * 5, 5, 8) are the 3 x 3 square in the corner. */
static void test_grow_plateau(void **state)
{
    enum { W = 5 };
    float score[W * W];
    unsigned char mask[W * W];
    for (int k = 0; k < W * W; k++) {
        score[k] = 1;
        mask[k] = 1;
    }
    int32_t lab[W * W], n;
    assert_int_equal(gt__regions_grow(*state, score, 0, mask, W, W, 4, NULL, 9, 9, lab, &n), GT_OK);
    for (int r = 0; r < W; r++)
        for (int c = 0; c < W; c++)
            if (r < 3 && c < 3)
                assert_int_equal(lab[r * W + c], 1);
            else
                assert_int_not_equal(lab[r * W + c], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_required_area, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_diagonal, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_ring, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_grow, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_grow_plateau, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("regions", tests, NULL, NULL);
}
