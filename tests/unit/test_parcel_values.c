/*
 * test_parcel_values.c: a parcel's factor values from sample points fixed
 * in longitude/latitude (gistool/site_parcel_values.c): hand-worked values,
 * the same values in UTM 48N and in VN-2000, and pyproj as the reference.
 * SPDX-License-Identifier: MIT
 *
 * The case: a 100 m square parcel in UTM 48N on the zone's central meridian
 * (x 499 950 - 500 050, y 2 239 950 - 2 240 050, Ninh Bình); a village point
 * at (500 000, 2 241 000), a road along y = 2 239 000, and a land-use polygon
 * covering x < 499 990. The parcel fills its longitude/latitude box, so its
 * lattice is 5 x 5, 20 m apart, at offsets -40, -20, 0, 20, 40 m from the
 * centre. Each distance factor is linear from 0 at 0 m to 1 at 2 000 m.
 *
 * By hand (UTM scale factor 0.9996 on the central meridian):
 * - road: every lattice row is 1000 + v m from the road in UTM metres, mean
 *   1000 m, on the ground 1000 / 0.9996 = 1000.400 m: mu = 0.500200;
 * - village: sqrt(u^2 + (1000 - v)^2) ~ (1000 - v) + u^2 / 2000, whose mean
 *   is 1000 + 800 / 2000 = 1000.4 UTM metres, 1000.800 m on the ground:
 *   mu = 0.500400;
 * - land use: the columns at -40 and -20 m lie in the polygon: 2/5 = 0.4.
 * pyproj (Transformer EPSG:32648 <-> EPSG:4326 for the lattice, nearest
 * points in UTM, Geod("WGS84").inv for each length) gives mean lengths
 * 1000.800556 m and 1000.400110 m: mu = 0.500400278 and 0.500200055; the
 * tolerance is 1e-6 (the values are kept as float, 6e-8 at 0.5).
 * The same ground in VN-2000 (EPSG:5897, the geometries transformed by
 * GDAL) must give the same values to 1e-6.
 */
#include <cpl_conv.h>
#include <string.h>

#include "gt_test.h"
#include "gistool/site_stages.h"

#define VILLAGE "POINT (500000 2241000)"
#define ROAD "LINESTRING (499000 2239000, 501000 2239000)"
#define LANDUSE                                                                                    \
    "POLYGON ((499000 2239000, 499990 2239000, 499990 2241000, 499000 2241000, 499000 2239000))"
#define PARCEL                                                                                     \
    "POLYGON ((499950 2239950, 500050 2239950, 500050 2240050, 499950 2240050, 499950 2239950))"
#define STUDY                                                                                      \
    "POLYGON ((498000 2238000, 502000 2238000, 502000 2242000, 498000 2242000, 498000 2238000))"

/* A geometry given in UTM 48N, in the working CRS `srs`. */
static GEOSGeometry *geom_in(gt_context *ctx, const char *wkt, OGRSpatialReferenceH utm,
                             OGRSpatialReferenceH srs)
{
    OGRGeometryH g = NULL;
    char *w = (char *)wkt;
    assert_int_equal(OGR_G_CreateFromWkt(&w, utm, &g), OGRERR_NONE);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(utm, srs);
    assert_non_null(ct);
    assert_int_equal(OGR_G_Transform(g, ct), OGRERR_NONE);
    OCTDestroyCoordinateTransformation(ct);
    char *out = NULL;
    OGR_G_ExportToWkt(g, &out);
    OGR_G_DestroyGeometry(g);
    GEOSWKTReader *r = GEOSWKTReader_create_r(gt__geos(ctx));
    GEOSGeometry *res = GEOSWKTReader_read_r(gt__geos(ctx), r, out);
    GEOSWKTReader_destroy_r(gt__geos(ctx), r);
    CPLFree(out);
    assert_non_null(res);
    return res;
}

static gt__features *one(gt_context *ctx, const char *name, GEOSGeometry *g, const char *cls,
                         int dim)
{
    gt__features *f = calloc(1, sizeof *f);
    f->name = strdup(name);
    f->n = 1;
    f->geoms = calloc(1, sizeof *f->geoms);
    f->ids = calloc(1, sizeof *f->ids);
    f->geoms[0] = g;
    f->ids[0] = strdup(name);
    if (cls) {
        f->classes = calloc(1, sizeof *f->classes);
        f->classes[0] = strdup(cls);
    }
    f->max_dim = dim;
    (void)ctx;
    return f;
}

/* The three factors of the case for the parcel, in the CRS `crs`. */
static void values_in(gt_context *ctx, const char *crs, double out[3])
{
    OGRSpatialReferenceH utm = gt__srs_create(ctx, "EPSG:32648");
    OGRSpatialReferenceH srs = gt__srs_create(ctx, crs);
    assert_non_null(utm);
    assert_non_null(srs);
    gt__layer_spec specs[4] = {
        {.name = "villages"}, {.name = "roads"}, {.name = "landuse"}, {.name = "parcels"}};
    char *classes[1] = {"a"};
    double scores[1] = {1.0};
    gt_fuzzy lin = {.shape = GT_FUZZY_LINEAR, .a = 0, .b = 2000, .c = INFINITY, .d = INFINITY};
    gt__factor factors[3] = {{.name = "remoteness",
                              .layer = "villages",
                              .measure = GT__MEASURE_DISTANCE,
                              .fuzzy = lin,
                              .nodata_fill = NAN},
                             {.name = "road",
                              .layer = "roads",
                              .measure = GT__MEASURE_DISTANCE,
                              .fuzzy = lin,
                              .nodata_fill = NAN},
                             {.name = "landuse",
                              .layer = "landuse",
                              .measure = GT__MEASURE_CLASS,
                              .score_classes = classes,
                              .scores = scores,
                              .n_scores = 1,
                              .default_score = 0,
                              .nodata_fill = NAN}};
    gt_scenario s = {0};
    s.layers = specs;
    s.n_layers = 4;
    s.factors = factors;
    s.n_factors = 3;
    gt__features *layer[4] = {one(ctx, "v", geom_in(ctx, VILLAGE, utm, srs), NULL, 0),
                              one(ctx, "r", geom_in(ctx, ROAD, utm, srs), NULL, 1),
                              one(ctx, "l", geom_in(ctx, LANDUSE, utm, srs), "a", 2),
                              one(ctx, "P1", geom_in(ctx, PARCEL, utm, srs), NULL, 2)};
    site_layers in = {.n_layers = 4, .layer = layer, .parcels = layer[3], .np = 1};
    site_grid g = {.srs = srs, .study_geom = geom_in(ctx, STUDY, utm, srs)};
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(gt__geos(ctx), g.study_geom, &x0);
    GEOSGeom_getYMin_r(gt__geos(ctx), g.study_geom, &y0);
    GEOSGeom_getXMax_r(gt__geos(ctx), g.study_geom, &x1);
    GEOSGeom_getYMax_r(gt__geos(ctx), g.study_geom, &y1);
    g.aoi[0] = x0, g.aoi[1] = y0, g.aoi[2] = x1, g.aoi[3] = y1;
    double w[3] = {0.5, 0.25, 0.25};
    gt__psample *ps = NULL;
    assert_int_equal(gt__psample_create(ctx, &g, &in, w, 3, &ps), GT_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(gt__psample_factor(ctx, ps, &s, &g, &in, i, NULL, NULL, out), GT_OK);
    double score, lo, hi;
    assert_int_equal(gt__psample_scores(ctx, ps, &s, NULL, &score, &lo, &hi), GT_OK);
    /* WLC is linear: the mean of the points' scores is the weighted mean */
    ASSERT_NEAR(0.5 * out[0] + 0.25 * out[1] + 0.25 * out[2], score, 1e-7);
    assert_true(lo <= score && score <= hi);
    gt__psample_free(ps);
    for (int k = 0; k < 4; k++)
        gt__features_free(ctx, layer[k]);
    GEOSGeom_destroy_r(gt__geos(ctx), g.study_geom);
    OSRDestroySpatialReference(utm);
    OSRDestroySpatialReference(srs);
}

static void test_hand_and_pyproj_utm(void **state)
{
    double v[3];
    values_in(*state, "EPSG:32648", v);
    /* by hand, to the approximation of the sum (1e-4) */
    ASSERT_NEAR(0.500400, v[0], 1e-4);
    ASSERT_NEAR(0.500200, v[1], 1e-4);
    ASSERT_NEAR(0.4, v[2], 1e-7);
    /* pyproj, 1e-6 */
    ASSERT_NEAR(0.500400278, v[0], 1e-6);
    ASSERT_NEAR(0.500200055, v[1], 1e-6);
}

static void test_same_in_vn2000(void **state)
{
    double u[3], v[3];
    values_in(*state, "EPSG:32648", u);
    values_in(*state, "EPSG:5897", v);
    for (int i = 0; i < 3; i++)
        ASSERT_NEAR(u[i], v[i], 1e-6);
    ASSERT_NEAR(0.500400278, v[0], 1e-6);
    ASSERT_NEAR(0.500200055, v[1], 1e-6);
    ASSERT_NEAR(0.4, v[2], 1e-7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hand_and_pyproj_utm, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_same_in_vn2000, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
