/*
 * test_slope_bands.c: the slope made band by band (gistool/site_surface.c,
 * gt__site_slope_bands): hand-worked values across band boundaries and at
 * NoData on a band's edge, the same bits as the DEM resampled and sloped
 * whole, the parcels' slope taken at their sample points band by band equal
 * to the mean read from the whole grid, and GDAL's own Horn slope
 * (GDALDEMProcessing "slope" -p -compute_edges, as `gdaldem slope`) as the
 * reference; and a DEM too fine for the whole grid refused though each band
 * alone would pass; and the same bits on one thread and on several.
 * SPDX-License-Identifier: MIT
 *
 * The DEM: W x H cells of 10 m in UTM 48N from (500 000, 2 240 400), on the
 * grid's own cells (the resampling keeps every value). The plane
 * z = 100 + 0.03 x + 0.04 y (x east, y north, metres from the north-west
 * corner's cell) has a slope of 100 * hypot(0.03, 0.04) = 5 % wherever Horn's
 * window is whole; bands of 3 rows put a band boundary every third row.
 */
#include <cpl_conv.h>
#include <gdal_utils.h>
#include <string.h>

#include "gt_test.h"
#include "gistool/site_stages.h"

#define W 40
#define H 40
#define CELL 10.0
#define X0 500000.0
#define Y0 2240400.0
#define NODATA -9999.0f

static float plane(int r, int c)
{
    return (float)(100.0 + 0.03 * c * CELL - 0.04 * r * CELL);
}

/* A GeoTIFF in /vsimem/ from z (H x W), NoData -9999. */
static void write_dem(const char *path, const float *z)
{
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    assert_non_null(drv);
    GDALDatasetH ds = GDALCreate(drv, path, W, H, 1, GDT_Float32, NULL);
    assert_non_null(ds);
    double t[6] = {X0, CELL, 0, Y0, 0, -CELL};
    GDALSetGeoTransform(ds, t);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 32648);
    GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    GDALSetRasterNoDataValue(b, NODATA);
    assert_int_equal(GDALRasterIO(b, GF_Write, 0, 0, W, H, (void *)z, W, H, GDT_Float32, 0, 0),
                     CE_None);
    GDALClose(ds);
}

typedef struct {
    float grid[W * H];
    int calls, last_row;
} collect;

static void collect_rows(int r0, int r1, float *rows, void *arg)
{
    collect *c = arg;
    assert_int_equal(r0, c->last_row); /* in row order, no gap */
    memcpy(c->grid + (size_t)r0 * W, rows, sizeof(float) * (size_t)(r1 - r0) * W);
    memset(rows, 0, sizeof(float) * (size_t)(r1 - r0) * W); /* fn may overwrite them */
    c->last_row = r1;
    c->calls++;
}

typedef struct {
    gt__layer_spec spec;
    gt_scenario s;
    site_grid g;
    unsigned char inside[W * H];
} fixture;

static void fixture_init(gt_context *ctx, fixture *f, const char *path)
{
    memset(f, 0, sizeof *f);
    f->spec = (gt__layer_spec){.name = "dem", .source = (char *)path, .origin = "test:1"};
    f->s.layers = &f->spec;
    f->s.n_layers = 1;
    f->g.srs = gt__srs_create(ctx, "EPSG:32648");
    assert_non_null(f->g.srs);
    f->g.grid = (gt__grid){W, H, X0, Y0, CELL};
    f->g.ncell = (size_t)W * H;
    memset(f->inside, 1, sizeof f->inside);
    f->g.inside = f->inside;
    f->g.aoi[0] = X0, f->g.aoi[1] = Y0 - H * CELL, f->g.aoi[2] = X0 + W * CELL, f->g.aoi[3] = Y0;
}

/* The DEM resampled onto the whole grid and sloped whole (the way before
 * bands). */
static void slope_whole(gt_context *ctx, fixture *f, float *out)
{
    float *dem = malloc(sizeof(float) * W * H);
    assert_int_equal(gt__raster_load(ctx, &f->spec, &f->g.grid, f->g.srs, dem), GT_OK);
    assert_int_equal(gt_slope_horn(ctx, dem, W, H, CELL, CELL, 0, 0, out), GT_OK);
    free(dem);
}

static void assert_same_bits(const float *a, const float *b)
{
    for (int k = 0; k < W * H; k++)
        if (!(isnan(a[k]) && isnan(b[k])) && memcmp(&a[k], &b[k], sizeof(float)))
            fail_msg("cell (%d, %d): %.9g band by band, %.9g whole", k / W, k % W, a[k], b[k]);
}

static void test_plane_across_bands(void **state)
{
    gt_context *ctx = *state;
    static float z[W * H];
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            z[r * W + c] = plane(r, c);
    write_dem("/vsimem/plane.tif", z);
    fixture f;
    fixture_init(ctx, &f, "/vsimem/plane.tif");
    static collect got;
    memset(&got, 0, sizeof got);
    assert_int_equal(
        gt__site_slope_bands(ctx, &f.s, &f.g, "dem", 3, NULL, false, collect_rows, &got), GT_OK);
    assert_int_equal(got.calls, (H + 2) / 3);
    assert_int_equal(got.last_row, H);
    /* every cell with a whole window, rows on both sides of each band
     * boundary included: 5 % (a missing halo row would make the boundary
     * rows edges: 3.01 % there) */
    for (int r = 1; r < H - 1; r++)
        for (int c = 1; c < W - 1; c++)
            ASSERT_NEAR(5.0, got.grid[r * W + c], 1e-4);
    /* The top edge (row 0, inner column): the missing northern neighbours
     * take the centre value e; with f = e + 0.3, d = e - 0.3, h = e - 0.4,
     * g = e - 0.7, i = e - 0.1 (metres):
     *   dz/dx = ((e + 2f + i) - (e + 2d + g)) / 80 = 1.8 / 80 = 0.0225
     *   dz/dy = ((g + 2h + i) - 4e) / 80 = -1.6 / 80 = -0.02
     *   slope = 100 * hypot(0.0225, 0.02) = 3.0104 % */
    ASSERT_NEAR(100.0 * hypot(0.0225, 0.02), got.grid[5], 1e-4);
    ASSERT_NEAR(100.0 * hypot(0.0225, 0.02), got.grid[(H - 1) * W + 5], 1e-4); /* bottom */
    static float whole[W * H];
    slope_whole(ctx, &f, whole);
    assert_same_bits(got.grid, whole);
    /* one band holding the whole grid, and bands of one row; on one
     * thread and on several (one band a worker, each with the DEM opened
     * once: the rows still handed on in order, the same bits) */
    int threads[] = {1, 2, 3, 5};
    for (int t = 0; t < 4; t++)
        for (int rows = 1; rows <= H + 5; rows += H + 4) {
            gt_context_set_threads(ctx, threads[t]);
            memset(&got, 0, sizeof got);
            assert_int_equal(gt__site_slope_bands(ctx, &f.s, &f.g, "dem", rows, NULL, false,
                                                  collect_rows, &got),
                             GT_OK);
            assert_same_bits(got.grid, whole);
        }
    OSRDestroySpatialReference(f.g.srs);
    VSIUnlink("/vsimem/plane.tif");
}

static void test_nodata_on_band_edge(void **state)
{
    gt_context *ctx = *state;
    static float z[W * H];
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            z[r * W + c] = plane(r, c);
    /* row 2 is the last row of the first band of 3 rows */
    z[2 * W + 5] = NODATA;
    write_dem("/vsimem/hole.tif", z);
    fixture f;
    fixture_init(ctx, &f, "/vsimem/hole.tif");
    static collect got;
    memset(&got, 0, sizeof got);
    assert_int_equal(
        gt__site_slope_bands(ctx, &f.s, &f.g, "dem", 3, NULL, false, collect_rows, &got), GT_OK);
    assert_true(isnan(got.grid[2 * W + 5]));
    /* (3, 5), the first row of the next band, below the hole: its northern
     * neighbour b takes the centre value e; a = e + 0.1, c = e + 0.7,
     * d = e - 0.3, f = e + 0.3, g = e - 0.7, h = e - 0.4, i = e - 0.1:
     *   dz/dx = ((0.7 + 0.6 - 0.1) - (0.1 - 0.6 - 0.7)) / 80 = 0.03
     *   dz/dy = ((-0.7 - 0.8 - 0.1) - (0.1 + 0 + 0.7)) / 80 = -0.03
     *   slope = 100 * hypot(0.03, 0.03) = 4.2426 % */
    ASSERT_NEAR(100.0 * hypot(0.03, 0.03), got.grid[3 * W + 5], 1e-4);
    /* (1, 5), above it in the same band: by symmetry h takes e:
     *   dz/dx = 0.03, dz/dy = ((g + 2e + i) - (a + 2b + c)) / 80
     *         = ((-0.7 - 0.1) - (0.1 + 0.8 + 0.7)) / 80 = -0.03 */
    ASSERT_NEAR(100.0 * hypot(0.03, 0.03), got.grid[1 * W + 5], 1e-4);
    ASSERT_NEAR(5.0, got.grid[4 * W + 5], 1e-4); /* out of the hole's reach */
    static float whole[W * H];
    slope_whole(ctx, &f, whole);
    assert_same_bits(got.grid, whole);
    OSRDestroySpatialReference(f.g.srs);
    VSIUnlink("/vsimem/hole.tif");
}

/* A rolling surface against GDAL's Horn slope (`gdaldem slope -p
 * -compute_edges`), with NoData in the last row of one band and the first
 * of the next: every cell off the grid's edge (the NoData cells' neighbours
 * included) the same to 1e-4 % (both in float from double sums). On the
 * grid's outer edge GDAL 3.6 extrapolates the missing row or column where
 * gt_slope_horn takes the centre value (algorithms/slope.c), so the edge is
 * checked by hand and against the whole grid above instead. */
static void test_against_gdaldem(void **state)
{
    gt_context *ctx = *state;
    static float z[W * H];
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            z[r * W + c] = (float)(50.0 + 8.0 * sin(c * 0.3) * cos(r * 0.2) + 0.02 * r * c);
    z[5 * W + 7] = NODATA; /* the last row of the second band of 3 rows */
    z[6 * W + 20] = NODATA; /* the first row of the third */
    write_dem("/vsimem/rolling.tif", z);
    fixture f;
    fixture_init(ctx, &f, "/vsimem/rolling.tif");
    static collect got;
    memset(&got, 0, sizeof got);
    assert_int_equal(
        gt__site_slope_bands(ctx, &f.s, &f.g, "dem", 3, NULL, false, collect_rows, &got), GT_OK);
    char *argv[] = {"-p", "-compute_edges", "-alg", "Horn", NULL};
    GDALDEMProcessingOptions *o = GDALDEMProcessingOptionsNew(argv, NULL);
    GDALDatasetH src = GDALOpen("/vsimem/rolling.tif", GA_ReadOnly);
    GDALDatasetH ref = GDALDEMProcessing("/vsimem/rolling_slope.tif", src, "slope", NULL, o, NULL);
    assert_non_null(ref);
    static float want[W * H];
    GDALRasterBandH b = GDALGetRasterBand(ref, 1);
    int has_nd = 0;
    double nd = GDALGetRasterNoDataValue(b, &has_nd);
    assert_int_equal(GDALRasterIO(b, GF_Read, 0, 0, W, H, want, W, H, GDT_Float32, 0, 0), CE_None);
    int compared = 0;
    for (int k = 0; k < W * H; k++) {
        if (has_nd && want[k] == (float)nd) {
            assert_true(isnan(got.grid[k]));
            continue;
        }
        int r = k / W, c = k % W;
        if (r == 0 || r == H - 1 || c == 0 || c == W - 1)
            continue;
        ASSERT_NEAR(want[k], got.grid[k], 1e-4);
        compared++;
    }
    assert_int_equal(compared, (W - 2) * (H - 2) - 2);
    GDALClose(ref);
    GDALClose(src);
    GDALDEMProcessingOptionsFree(o);
    OSRDestroySpatialReference(f.g.srs);
    VSIUnlink("/vsimem/rolling.tif");
    VSIUnlink("/vsimem/rolling_slope.tif");
}

/* The parcels' slope taken at their sample points band by band: the same
 * means as read from the whole slope grid; on the plane, 5 %. */
static void test_points_across_bands(void **state)
{
    gt_context *ctx = *state;
    static float z[W * H];
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            z[r * W + c] = (float)(plane(r, c) + 0.002 * (r - 20) * (r - 20));
    write_dem("/vsimem/points.tif", z);
    fixture f;
    fixture_init(ctx, &f, "/vsimem/points.tif");
    /* two parcels of 100 m and 35 m, across several bands of 3 rows (30 m);
     * the DEM bends north-south (a parabola in y) so the slope differs
     * from band to band */
    const char *wkt[2] = {
        "POLYGON ((500100 2240100, 500200 2240100, 500200 2240200, 500100 2240200, "
        "500100 2240100))",
        "POLYGON ((500231 2240217, 500266 2240217, 500266 2240252, 500231 2240252, "
        "500231 2240217))"};
    gt__features parcels = {.name = "parcels", .n = 2, .max_dim = 2};
    GEOSGeometry *geoms[2];
    char *ids[2] = {"A", "B"};
    GEOSWKTReader *rd = GEOSWKTReader_create_r(gt__geos(ctx));
    for (int i = 0; i < 2; i++)
        assert_non_null(geoms[i] = GEOSWKTReader_read_r(gt__geos(ctx), rd, wkt[i]));
    GEOSWKTReader_destroy_r(gt__geos(ctx), rd);
    parcels.geoms = geoms;
    parcels.ids = ids;
    gt__features *layer[1] = {&parcels};
    site_layers in = {.n_layers = 1, .layer = layer, .parcels = &parcels, .np = 2};
    GEOSWKTReader *rs = GEOSWKTReader_create_r(gt__geos(ctx));
    f.g.study_geom = GEOSWKTReader_read_r(gt__geos(ctx), rs,
                                          "POLYGON ((500000 2240000, 500400 2240000, "
                                          "500400 2240400, 500000 2240400, 500000 2240000))");
    GEOSWKTReader_destroy_r(gt__geos(ctx), rs);
    assert_non_null(f.g.study_geom);
    double wt[1] = {1};
    gt__psample *ps = NULL;
    assert_int_equal(gt__psample_create(ctx, &f.g, &in, wt, 1, &ps), GT_OK);
    static float whole[W * H];
    slope_whole(ctx, &f, whole);
    double from_grid[2], banded[2];
    gt__psample_grid_mean(ps, &f.g, whole, from_grid);
    assert_false(gt__psample_slope_means(ps, banded)); /* not taken yet */
    assert_true(gt__psample_slope_wanted(ps));
    static collect got;
    memset(&got, 0, sizeof got);
    assert_int_equal(
        gt__site_slope_bands(ctx, &f.s, &f.g, "dem", 3, ps, false, collect_rows, &got), GT_OK);
    assert_true(gt__psample_slope_wanted(ps)); /* the points' values were not kept */
    assert_true(gt__psample_slope_means(ps, banded));
    for (int p = 0; p < 2; p++) {
        assert_true(isfinite(from_grid[p]));
        assert_memory_equal(&from_grid[p], &banded[p], sizeof(double));
    }
    /* on the plane alone: every point's slope is 5 % */
    gt__psample_free(ps);
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            z[r * W + c] = plane(r, c);
    write_dem("/vsimem/points.tif", z);
    assert_int_equal(gt__psample_create(ctx, &f.g, &in, wt, 1, &ps), GT_OK);
    memset(&got, 0, sizeof got);
    assert_int_equal(
        gt__site_slope_bands(ctx, &f.s, &f.g, "dem", 3, ps, false, collect_rows, &got), GT_OK);
    assert_true(gt__psample_slope_means(ps, banded));
    ASSERT_NEAR(5.0, banded[0], 1e-4);
    ASSERT_NEAR(5.0, banded[1], 1e-4);
    gt__psample_free(ps);
    for (int i = 0; i < 2; i++)
        GEOSGeom_destroy_r(gt__geos(ctx), geoms[i]);
    GEOSGeom_destroy_r(gt__geos(ctx), f.g.study_geom);
    OSRDestroySpatialReference(f.g.srs);
    VSIUnlink("/vsimem/points.tif");
}

/* A DEM far finer than the grid: 4e10 pixels of 1e-5 degree (about 1 m)
 * over 2 x 2 degrees; a grid of 40 x 40 cells of 2 km under it holds some
 * 5e9 of them, refused (at most 4e9) before anything is resampled, though
 * no band of 3 rows holds more than 4e8. */
static void test_source_too_fine(void **state)
{
    gt_context *ctx = *state;
    const char *vrt = "/vsimem/huge.vrt";
    const char *xml = "<VRTDataset rasterXSize=\"200000\" rasterYSize=\"200000\"><SRS>EPSG:4326"
                      "</SRS><GeoTransform>105.3, 0.00001, 0, 20.9, 0, -0.00001</GeoTransform>"
                      "<VRTRasterBand dataType=\"Float32\" band=\"1\"/></VRTDataset>";
    VSILFILE *fp = VSIFOpenL(vrt, "wb");
    assert_non_null(fp);
    VSIFWriteL(xml, 1, strlen(xml), fp);
    VSIFCloseL(fp);
    fixture f;
    fixture_init(ctx, &f, vrt);
    f.g.grid = (gt__grid){W, H, 560000, 2290000, 2000};
    static collect got;
    memset(&got, 0, sizeof got);
    assert_int_equal(
        gt__site_slope_bands(ctx, &f.s, &f.g, "dem", 3, NULL, false, collect_rows, &got),
        GT_ERR_INPUT_EXTENT);
    assert_int_equal(got.calls, 0);
    assert_non_null(strstr(gt_context_errmsg(ctx), "pixels under the 2000 m grid"));
    assert_non_null(strstr(gt_context_errmsg(ctx), "layers.dem (test:1): raster"));
    OSRDestroySpatialReference(f.g.srs);
    VSIUnlink(vrt);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plane_across_bands, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_nodata_on_band_edge, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_against_gdaldem, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_points_across_bands, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_source_too_fine, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
