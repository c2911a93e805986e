/*
 * test_edt.c: the exact distance transform against brute force.
 * Tolerance: relative 1e-6 (the result is stored as float; both sides
 * compute sqrt(dx^2 + dy^2) of the same integer offsets in double).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"

static void brute(const unsigned char *f, int w, int h, double dx, double dy, double *out)
{
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++) {
            double best = INFINITY;
            for (int r2 = 0; r2 < h; r2++)
                for (int c2 = 0; c2 < w; c2++)
                    if (f[r2 * w + c2]) {
                        double ex = (c - c2) * dx, ey = (r - r2) * dy;
                        double d = sqrt(ex * ex + ey * ey);
                        if (d < best)
                            best = d;
                    }
            out[r * w + c] = best;
        }
}

static void check_grid(gt_context *ctx, const unsigned char *f, int w, int h, double dx, double dy)
{
    float *got = malloc(sizeof(float) * (size_t)w * h);
    double *want = malloc(sizeof(double) * (size_t)w * h);
    assert_non_null(got);
    assert_non_null(want);
    assert_int_equal(gt_distance_transform(ctx, f, w, h, dx, dy, got), GT_OK);
    brute(f, w, h, dx, dy, want);
    for (int k = 0; k < w * h; k++) {
        if (isinf(want[k])) {
            assert_true(isinf(got[k]));
            continue;
        }
        ASSERT_NEAR(want[k], got[k], 1e-6 * want[k] + 1e-9);
    }
    free(got);
    free(want);
}

static void test_hand_values(void **state)
{
    /* One feature in the middle of a 3 x 3 grid of 10 m cells. */
    unsigned char f[9] = {0, 0, 0, 0, 1, 0, 0, 0, 0};
    float d[9];
    assert_int_equal(gt_distance_transform(*state, f, 3, 3, 10, 10, d), GT_OK);
    ASSERT_NEAR(0.0, d[4], 0);
    ASSERT_NEAR(10.0, d[1], 1e-6);
    ASSERT_NEAR(10.0, d[3], 1e-6);
    ASSERT_NEAR(sqrt(200.0), d[0], 1e-5);
    ASSERT_NEAR(sqrt(200.0), d[8], 1e-5);
}

static void test_random_grids(void **state)
{
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    const double sizes[][2] = {{1, 1}, {10, 10}, {30, 10}, {10, 30}, {0.5, 2.5}};
    for (int trial = 0; trial < 60; trial++) {
        int w = 1 + (int)(gt_test_rand(&seed) % 40), h = 1 + (int)(gt_test_rand(&seed) % 40);
        int density = 1 + (int)(gt_test_rand(&seed) % 50); /* 1..50 % feature cells */
        unsigned char *f = calloc((size_t)w * h, 1);
        for (int k = 0; k < w * h; k++)
            f[k] = (int)(gt_test_rand(&seed) % 100) < density;
        const double *s = sizes[trial % 5];
        check_grid(*state, f, w, h, s[0], s[1]);
        free(f);
    }
}

static void test_edge_shapes(void **state)
{
    /* One row, one column, one cell, a lone feature in a corner, no
     * feature at all (infinite), all features (zero). */
    unsigned char row[17] = {0};
    row[16] = 1;
    check_grid(*state, row, 17, 1, 3, 7);
    check_grid(*state, row, 1, 17, 3, 7);
    unsigned char one[1] = {1};
    check_grid(*state, one, 1, 1, 10, 10);
    unsigned char none[12] = {0};
    check_grid(*state, none, 4, 3, 10, 10);
    unsigned char all[12];
    memset(all, 1, sizeof all);
    check_grid(*state, all, 4, 3, 10, 10);
    unsigned char corner[35] = {0};
    corner[0] = 1;
    check_grid(*state, corner, 7, 5, 1, 4);
}

static void test_threads_agree(void **state)
{
    gt_context *ctx = *state;
    int w = 257, h = 131;
    unsigned char *f = calloc((size_t)w * h, 1);
    uint64_t seed = 42;
    for (int k = 0; k < 40; k++)
        f[gt_test_rand(&seed) % (uint64_t)(w * h)] = 1;
    float *a = malloc(sizeof(float) * (size_t)w * h), *b = malloc(sizeof(float) * (size_t)w * h);
    gt_context_set_threads(ctx, 1);
    assert_int_equal(gt_distance_transform(ctx, f, w, h, 10, 10, a), GT_OK);
    gt_context_set_threads(ctx, 7);
    assert_int_equal(gt_distance_transform(ctx, f, w, h, 10, 10, b), GT_OK);
    assert_memory_equal(a, b, sizeof(float) * (size_t)w * h);
    free(f);
    free(a);
    free(b);
}

static void test_bad_arguments(void **state)
{
    unsigned char f[4] = {0};
    float d[4];
    assert_int_equal(gt_distance_transform(*state, f, 2, 2, 0, 10, d), GT_ERR_INTERNAL);
    assert_non_null(strstr(gt_context_errmsg(*state), "cell size"));
    assert_int_equal(gt_distance_transform(*state, f, 0, 2, 10, 10, d), GT_ERR_INTERNAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hand_values, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_random_grids, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_edge_shapes, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_threads_agree, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("edt", tests, NULL, NULL);
}
