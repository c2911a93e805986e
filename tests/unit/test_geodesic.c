/*
 * test_geodesic.c: ellipsoidal areas of polygons in a working CRS
 * (layers/geodesic.c, PROJ's geod_polygonarea), against a value published
 * with GeographicLib, hand-worked Transverse Mercator scale factors and
 * pyproj. SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"
#include "layers/geodesic.h"

static GEOSGeometry *wkt(gt_context *ctx, const char *s)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(gt__geos(ctx));
    GEOSGeometry *g = GEOSWKTReader_read_r(gt__geos(ctx), r, s);
    GEOSWKTReader_destroy_r(gt__geos(ctx), r);
    return g;
}

static void measure(gt_context *ctx, const char *crs, const char *geom, double *a, double *p)
{
    OGRSpatialReferenceH srs = gt__srs_create(ctx, crs);
    assert_non_null(srs);
    gt__geodesic *gd = gt__geodesic_create(ctx, srs);
    assert_non_null(gd);
    GEOSGeometry *g = wkt(ctx, geom);
    assert_non_null(g);
    assert_int_equal(gt__geodesic_area(ctx, gd, g, a, p), GT_OK);
    GEOSGeom_destroy_r(gt__geos(ctx), g);
    gt__geodesic_destroy(gd);
    OSRDestroySpatialReference(srs);
}

/* Antarctica as GeographicLib's documentation measures it (the 18 vertices
 * of its Python "examples" page and of PROJ's geodesic.h, lon/lat on WGS 84):
 * perimeter 16831067.893 m, area 13662703680020.1 m² (published by Karney;
 * pyproj 3.4 Geod("WGS84").polygon_area_perimeter gives 13662703680020.094 and
 * 16831067.8928). The working CRS is WGS 84 itself, so the transformation
 * is the identity and this checks the ring handling and the call. The
 * vertices are clockwise: the area comes back positive. */
static void test_published_antarctica(void **state)
{
    gt_context *ctx = *state;
    double a, p;
    measure(ctx, "EPSG:4326",
            "POLYGON((-58 -63.1,-74 -72.9,-102 -71.9,-102 -74.9,-131 -74.3,-163 -77.5,163 -77.4,"
            "172 -71.7,140 -65.9,113 -65.7,88 -66.6,59 -66.9,25 -69.8,-4 -70.0,-14 -71.0,"
            "-33 -77.3,-46 -77.9,-61 -74.7,-58 -63.1))",
            &a, &p);
    ASSERT_NEAR(13662703680020.1, a, 1.0);
    ASSERT_NEAR(16831067.893, p, 0.001);
}

/* A 1 km square in UTM 48N centred on the zone's central meridian (105° E,
 * x = 500 000) at y = 2 240 000 (20.25° N, Ninh Bình). On the central
 * meridian the Transverse Mercator scale factor is k0 = 0.9996, and 500 m
 * away k = k0 (1 + x²/2R²) differs from it by 3e-9, so the ground area is
 * 10^6 / 0.9996² = 10^6 / 0.99920016 = 1 000 800.480 m² and the perimeter
 * 4000 / 0.9996 = 4001.601 m. pyproj (Transformer 32648 -> 4326, then
 * Geod("WGS84").polygon_area_perimeter) gives 1000800.48026 m² and
 * 4001.60063 m. The planar area in the CRS would be 1 000 000 m². */
static void test_utm_square(void **state)
{
    gt_context *ctx = *state;
    double a, p;
    measure(ctx, "EPSG:32648",
            "POLYGON((499500 2239500,500500 2239500,500500 2240500,499500 2240500,"
            "499500 2239500))",
            &a, &p);
    ASSERT_NEAR(1000800.48026, a, 0.01);
    ASSERT_NEAR(4001.60063, p, 0.001);
    /* The same square with a 500 m hole (250 000 / 0.9996² = 250 200.120 m²)
     * and a second square 10 km east (k = 0.9996 (1 + 10000² / (2 x
     * 6.37e6²)) = 0.9996 x 1.00000123: area 1 000 800.480 / 1.00000123² =
     * 1 000 798.01 m² with R rounded to 6370 km; pyproj 1000798.0055, the
     * expected value here); a line adds nothing. */
    measure(ctx, "EPSG:32648",
            "GEOMETRYCOLLECTION(MULTIPOLYGON(((499500 2239500,500500 2239500,500500 2240500,"
            "499500 2240500,499500 2239500),(499750 2239750,499750 2240250,500250 2240250,"
            "500250 2239750,499750 2239750)),((509500 2239500,510500 2239500,510500 2240500,"
            "509500 2240500,509500 2239500))),LINESTRING(0 0,1000 0))",
            &a, NULL);
    ASSERT_NEAR(1000800.48026 - 250200.12006 + 1000798.00553, a, 0.01);
}

/* The square of test_utm_square, its corners transformed to VN-2000 /
 * TM-3 105-00 (EPSG:5897, the preset of Ninh Bình): the same ground, so
 * the same area (tolerance 0.001 m², 1e-9), although the planar areas
 * differ by (0.9999 / 0.9996)² − 1 = 0.06 %. */
static void test_same_area_in_vn2000(void **state)
{
    gt_context *ctx = *state;
    OGRSpatialReferenceH utm = gt__srs_create(ctx, "EPSG:32648");
    OGRSpatialReferenceH vn = gt__srs_create(ctx, "EPSG:5897");
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(utm, vn);
    assert_non_null(ct);
    double x[5] = {499500, 500500, 500500, 499500, 499500};
    double y[5] = {2239500, 2239500, 2240500, 2240500, 2239500};
    assert_true(OCTTransform(ct, 5, x, y, NULL));
    char buf[512];
    snprintf(buf, sizeof buf, "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", x[0],
             y[0], x[1], y[1], x[2], y[2], x[3], y[3], x[4], y[4]);
    double a, planar = (x[1] - x[0]) * (y[2] - y[1]);
    measure(ctx, "EPSG:5897", buf, &a, NULL);
    ASSERT_NEAR(1000800.48026, a, 0.01);
    assert_true(fabs(planar - 1e6) > 500); /* the planar area is not the same */
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(utm);
    OSRDestroySpatialReference(vn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_published_antarctica, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_utm_square, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_same_area_in_vn2000, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("geodesic", tests, NULL, NULL);
}
