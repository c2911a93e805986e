/*
 * test_population.c: population within a radius by areal weighting, on
 * hand-made squares (an internal function of layers/, tested as libuv
 * tests its internals). SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"
#include "layers/layers.h"

/* A: (0,0)-(100,100) with 1000 people; B: (100,0)-(200,100) with 500;
 * C: far away with 9999; D: no count (NAN, skipped). */
static gt__features *squares(gt_context *ctx)
{
    static const char *wkt[] = {"POLYGON((0 0,100 0,100 100,0 100,0 0))",
                                "POLYGON((100 0,200 0,200 100,100 100,100 0))",
                                "POLYGON((5000 5000,5100 5000,5100 5100,5000 5100,5000 5000))",
                                "POLYGON((0 100,100 100,100 200,0 200,0 100))"};
    static const double pop[] = {1000, 500, 9999, NAN};
    gt__features *f = calloc(1, sizeof *f);
    f->n = 4;
    f->geoms = calloc(4, sizeof *f->geoms);
    f->values = calloc(4, sizeof(double));
    f->ids = calloc(4, sizeof(char *));
    GEOSWKTReader *r = GEOSWKTReader_create_r(gt__geos(ctx));
    for (int i = 0; i < 4; i++) {
        f->geoms[i] = GEOSWKTReader_read_r(gt__geos(ctx), r, wkt[i]);
        f->values[i] = pop[i];
        f->ids[i] = strdup("x");
    }
    GEOSWKTReader_destroy_r(gt__geos(ctx), r);
    return f;
}

static GEOSGeometry *wkt(gt_context *ctx, const char *s)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(gt__geos(ctx));
    GEOSGeometry *g = GEOSWKTReader_read_r(gt__geos(ctx), r, s);
    GEOSWKTReader_destroy_r(gt__geos(ctx), r);
    return g;
}

static void test_areal_weighting(void **state)
{
    gt_context *ctx = *state;
    gt__features *f = squares(ctx);
    double p;
    /* A rectangle over half of A and half of B, radius 0:
     * 1000 x 1/2 + 500 x 1/2 = 750 exactly. */
    GEOSGeometry *half = wkt(ctx, "POLYGON((50 0,150 0,150 100,50 100,50 0))");
    assert_int_equal(gt__population_within(ctx, f, half, 0, &p), GT_OK);
    ASSERT_NEAR(750.0, p, 1e-9);
    /* A point on the A/B edge with a 50 m radius: the buffer is a 64-gon of
     * area (64/2) r^2 sin(2 pi/64) = 7841.371 m2, half in A, half in B:
     * (1000 + 500) / 10000 x 7841.371 / 2 = 588.103 (D's NAN count is
     * skipped although the circle touches nothing of it). */
    GEOSGeometry *pt = wkt(ctx, "POINT(100 50)");
    assert_int_equal(gt__population_within(ctx, f, pt, 50, &p), GT_OK);
    double area = 32.0 * 2500.0 * sin(2.0 * 3.14159265358979323846 / 64.0);
    ASSERT_NEAR(0.15 * area / 2.0, p, 1e-6);
    /* A radius that swallows A and B whole: 1500 (C is far away). */
    assert_int_equal(gt__population_within(ctx, f, pt, 1000, &p), GT_OK);
    ASSERT_NEAR(1500.0, p, 1e-9);
    GEOSGeom_destroy_r(gt__geos(ctx), half);
    GEOSGeom_destroy_r(gt__geos(ctx), pt);
    gt__features_free(ctx, f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_areal_weighting, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("population", tests, NULL, NULL);
}
