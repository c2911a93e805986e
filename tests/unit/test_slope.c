/*
 * test_slope.c: Horn slope on planar and conical DEMs, edges and NoData.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"

static void test_planar(void **state)
{
    /* z = 0.03 x + 0.04 y (x, y in metres): slope 5 % everywhere inside;
     * Horn is exact on a plane. */
    int w = 9, h = 7;
    double dx = 30, dy = 30;
    float dem[63], s[63];
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++)
            dem[r * w + c] = (float)(0.03 * c * dx + 0.04 * (h - r) * dy);
    assert_int_equal(gt_slope_horn(*state, dem, w, h, dx, dy, 0, 0, s), GT_OK);
    for (int r = 1; r < h - 1; r++)
        for (int c = 1; c < w - 1; c++)
            ASSERT_NEAR(5.0, s[r * w + c], 1e-4);
    /* At the north-west corner the five missing neighbours take the
     * centre value e (gdaldem -compute_edges). With f = e + 0.9,
     * h = e - 1.2 and i = e - 0.3 (metres):
     *   dz/dx = ((e + 2f + i) - 4e) / 240 = (1.8 - 0.3) / 240 = 0.00625
     *   dz/dy = ((e + 2h + i) - 4e) / 240 = (-2.4 - 0.3) / 240 = -0.01125
     *   slope = 100 * hypot(0.00625, 0.01125) = 1.28695 % */
    ASSERT_NEAR(100.0 * hypot(0.00625, 0.01125), s[0], 1e-4);
}

static void test_anisotropic_cells(void **state)
{
    /* z = 0.1 x only, with 10 m x 40 m cells: slope 10 %. */
    int w = 5, h = 5;
    float dem[25], s[25];
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++)
            dem[r * w + c] = (float)(0.1 * c * 10.0);
    assert_int_equal(gt_slope_horn(*state, dem, w, h, 10, 40, 0, 0, s), GT_OK);
    ASSERT_NEAR(10.0, s[12], 1e-4);
}

static void test_cone(void **state)
{
    /* z = 0.2 * r (a cone): slope 20 % away from the apex. Horn is exact
     * on planes only: on the cone its diagonal neighbours lie on other
     * contours. On the x axis at x = 50 m (cells of 5 m) by hand:
     *   dz/dx = (2 * 0.2 * (hypot(55, 5) - hypot(45, 5)) + 2 * 2 * 0.2 * 5) / 40
     * = 0.19950. */
    int n = 41;
    double cell = 5;
    float *dem = malloc(sizeof(float) * n * n), *s = malloc(sizeof(float) * n * n);
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++) {
            double x = (c - 20) * cell, y = (r - 20) * cell;
            dem[r * n + c] = (float)(0.2 * sqrt(x * x + y * y));
        }
    assert_int_equal(gt_slope_horn(*state, dem, n, n, cell, cell, 0, 0, s), GT_OK);
    double axis = 100.0 * (2 * 0.2 * (hypot(55, 5) - hypot(45, 5)) + 4 * 0.2 * 5) / 40.0;
    ASSERT_NEAR(axis, s[20 * n + 30], 1e-4); /* on the x axis */
    ASSERT_NEAR(axis, s[10 * n + 20], 1e-4); /* on the y axis: the same by symmetry */
    /* Every inner cell against Horn's formula evaluated by hand on the
     * exact cone in double (tolerance 1e-3 %: float elevations), and the
     * method's bias against the true 20 % (worst case worked out over
     * this grid: 0.565 at r >= 3 cells, 0.202 at r >= 5, 0.078 at r >= 8). */
    for (int r = 1; r < n - 1; r++)
        for (int c = 1; c < n - 1; c++) {
            double z[9];
            for (int k = 0; k < 9; k++)
                z[k] = 0.2 * hypot((c + k % 3 - 1 - 20) * cell, (r + k / 3 - 1 - 20) * cell);
            double gx = ((z[2] + 2 * z[5] + z[8]) - (z[0] + 2 * z[3] + z[6])) / (8 * cell);
            double gy = ((z[6] + 2 * z[7] + z[8]) - (z[0] + 2 * z[1] + z[2])) / (8 * cell);
            ASSERT_NEAR(100.0 * hypot(gx, gy), s[r * n + c], 1e-3);
            double d = hypot(r - 20, c - 20);
            ASSERT_NEAR(20.0, s[r * n + c], d >= 8 ? 0.08 : d >= 5 ? 0.21 : d >= 3 ? 0.57 : 20);
        }
    ASSERT_NEAR(0.0, s[20 * n + 20], 1e-6); /* the apex is symmetric: 0 */
    free(dem);
    free(s);
}

static void test_nodata(void **state)
{
    /* A nodata centre gives NAN; a nodata neighbour takes the centre's
     * value, so a flat DEM with a hole stays at 0 % around it. */
    float dem[9] = {5, 5, 5, 5, -9999, 5, 5, 5, 5}, s[9];
    assert_int_equal(gt_slope_horn(*state, dem, 3, 3, 10, 10, 1, -9999, s), GT_OK);
    assert_true(isnan(s[4]));
    for (int k = 0; k < 9; k++)
        if (k != 4)
            ASSERT_NEAR(0.0, s[k], 1e-9);
    float dem2[9] = {5, 5, 5, 5, NAN, 5, 5, 5, 5};
    assert_int_equal(gt_slope_horn(*state, dem2, 3, 3, 10, 10, 0, 0, s), GT_OK);
    assert_true(isnan(s[4]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_planar, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_anisotropic_cells, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_cone, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_nodata, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("slope", tests, NULL, NULL);
}
