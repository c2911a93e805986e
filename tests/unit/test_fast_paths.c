/*
 * test_fast_paths.c: the multithreaded paths of a site run give exactly
 * what the one-thread, whole-grid way gives, on a generated mid-size case
 * (seeded): rasterization by row bands against one GDALRasterizeGeometries
 * call over the whole grid; the parcels' exact distances and overlap tests
 * on worker threads against one query at a time; zonal statistics shared
 * by zone, and taken band by band with no grid of zone ids, against a
 * plain pass; a layer read in parts by ranges of FIDs against one reading.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <gdal_alg.h>

#include "gt_test.h"
#include "layers/layers.h"

/* 2,000 x 1,300 cells of 10 m: several bands of rows, an odd last band. */
static const gt__grid GRID = {2000, 1300, 500000.0, 2213000.0, 10.0};

static double urand(uint64_t *s, double lo, double hi)
{
    return lo + (hi - lo) * (double)(gt_test_rand(s) >> 11) / 9007199254740992.0;
}

static GEOSGeometry *wkt(gt_context *ctx, const char *text)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(gt__geos(ctx));
    GEOSGeometry *g = GEOSWKTReader_read_r(gt__geos(ctx), r, text);
    GEOSWKTReader_destroy_r(gt__geos(ctx), r);
    assert_non_null(g);
    return g;
}

static gt__features *features(int n)
{
    gt__features *f = calloc(1, sizeof *f);
    f->n = n;
    f->geoms = calloc((size_t)n, sizeof *f->geoms);
    f->ids = calloc((size_t)n, sizeof *f->ids);
    for (int i = 0; i < n; i++)
        f->ids[i] = strdup("x");
    return f;
}

/* Roads (segments), villages (squares turned by a random angle) and
 * parcels (squares) scattered over the grid and a little beyond it. */
static gt__features *segments(gt_context *ctx, uint64_t *s, int n)
{
    gt__features *f = features(n);
    char buf[256];
    for (int i = 0; i < n; i++) {
        double x = urand(s, GRID.x0 - 500, GRID.x0 + GRID.w * GRID.res + 500);
        double y = urand(s, GRID.y0 - GRID.h * GRID.res - 500, GRID.y0 + 500);
        double a = urand(s, 0, 3.14159), l = urand(s, 50, 800);
        snprintf(buf, sizeof buf, "LINESTRING(%.3f %.3f,%.3f %.3f)", x, y, x + l * cos(a),
                 y + l * sin(a));
        f->geoms[i] = wkt(ctx, buf);
    }
    f->max_dim = 1;
    return f;
}

/* Rivers: long lines of 300 vertices meandering across the grid, whose
 * boxes cover most of it (the settling test splits them into runs). */
static gt__features *rivers(gt_context *ctx, uint64_t *s, int n)
{
    gt__features *f = features(n);
    for (int i = 0; i < n; i++) {
        size_t cap = 300 * 40 + 32, len = 0;
        char *buf = malloc(cap);
        len += (size_t)snprintf(buf, cap, "LINESTRING(");
        double y = urand(s, GRID.y0 - GRID.h * GRID.res, GRID.y0);
        for (int k = 0; k < 300; k++) {
            double x = GRID.x0 - 300 + k * (GRID.w * GRID.res + 600) / 299.0;
            y += urand(s, -120, 120);
            len += (size_t)snprintf(buf + len, cap - len, "%s%.3f %.3f", k ? "," : "", x, y);
        }
        snprintf(buf + len, cap - len, ")");
        f->geoms[i] = wkt(ctx, buf);
        free(buf);
    }
    f->max_dim = 1;
    return f;
}

static gt__features *squares(gt_context *ctx, uint64_t *s, int n, double smin, double smax,
                             bool turn)
{
    gt__features *f = features(n);
    char buf[512];
    for (int i = 0; i < n; i++) {
        double x = urand(s, GRID.x0, GRID.x0 + GRID.w * GRID.res);
        double y = urand(s, GRID.y0 - GRID.h * GRID.res, GRID.y0);
        double h = urand(s, smin, smax) / 2, a = turn ? urand(s, 0, 1.5) : 0;
        double c = h * cos(a), sn = h * sin(a);
        snprintf(buf, sizeof buf, "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))",
                 x - c + sn, y - sn - c, x + c + sn, y + sn - c, x + c - sn, y + sn + c, x - c - sn,
                 y - sn + c, x - c + sn, y - sn - c);
        f->geoms[i] = wkt(ctx, buf);
    }
    f->max_dim = 2;
    return f;
}

/* The reference: one GDALRasterizeGeometries call over the whole grid. */
static void rasterize_whole(gt_context *ctx, const gt__features *f, const double *burn,
                            GDALDataType type, bool all_touched, void *buffer)
{
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("MEM"), "", GRID.w, GRID.h, 0, type, NULL);
    char opt[64];
    snprintf(opt, sizeof opt, "DATAPOINTER=%p", buffer);
    char *bopts[] = {opt, NULL};
    assert_int_equal(GDALAddBand(ds, type, bopts), CE_None);
    double gt[6] = {GRID.x0, GRID.res, 0, GRID.y0, 0, -GRID.res};
    GDALSetGeoTransform(ds, gt);
    OGRGeometryH *og = calloc((size_t)f->n, sizeof *og);
    double *ones = calloc((size_t)f->n, sizeof *ones);
    for (int i = 0; i < f->n; i++) {
        size_t size;
        GEOSWKBWriter *w = GEOSWKBWriter_create_r(gt__geos(ctx));
        unsigned char *wkb = GEOSWKBWriter_write_r(gt__geos(ctx), w, f->geoms[i], &size);
        assert_int_equal(OGR_G_CreateFromWkb(wkb, NULL, &og[i], (int)size), OGRERR_NONE);
        GEOSFree_r(gt__geos(ctx), wkb);
        GEOSWKBWriter_destroy_r(gt__geos(ctx), w);
        ones[i] = 1;
    }
    int band = 1;
    char *opts[] = {all_touched ? "ALL_TOUCHED=TRUE" : NULL, NULL};
    assert_int_equal(GDALRasterizeGeometries(ds, 1, &band, f->n, og, NULL, NULL, burn ? burn : ones,
                                             opts, NULL, NULL),
                     CE_None);
    for (int i = 0; i < f->n; i++)
        OGR_G_DestroyGeometry(og[i]);
    free(og);
    free(ones);
    GDALClose(ds);
}

static void test_rasterize_bands(void **state)
{
    gt_context *ctx = *state;
    GDALAllRegister();
    uint64_t seed = 394;
    gt__features *roads = segments(ctx, &seed, 3000);
    gt__features *parcels = squares(ctx, &seed, 4000, 20, 250, false);
    size_t n = (size_t)GRID.w * GRID.h;
    unsigned char *a = calloc(n, 1), *b = calloc(n, 1);
    int32_t *za = calloc(n, sizeof *za), *zb = calloc(n, sizeof *zb);
    double *burn = malloc(sizeof(double) * (size_t)parcels->n);
    for (int i = 0; i < parcels->n; i++)
        burn[i] = i + 1;
    for (int threads = 1; threads <= 3; threads += 2) {
        gt_context_set_threads(ctx, threads);
        memset(a, 0, n);
        memset(b, 0, n);
        memset(za, 0, n * sizeof *za);
        memset(zb, 0, n * sizeof *zb);
        assert_int_equal(gt__rasterize(ctx, &GRID, roads->geoms, roads->n, NULL, GDT_Byte, true, a),
                         GT_OK);
        rasterize_whole(ctx, roads, NULL, GDT_Byte, true, b);
        assert_memory_equal(a, b, n);
        assert_int_equal(
            gt__rasterize(ctx, &GRID, parcels->geoms, parcels->n, burn, GDT_Int32, false, za),
            GT_OK);
        rasterize_whole(ctx, parcels, burn, GDT_Int32, false, zb);
        assert_memory_equal(za, zb, n * sizeof *za);
    }
    /* One zone of many parts (the union of buffered villages, with holes
     * where buffers ring round), as a rule's zone is burnt: split into its
     * parts by gt__rasterize, whole for the reference. */
    gt__features *villages = squares(ctx, &seed, 400, 100, 400, true);
    GEOSGeometry **buf = malloc(sizeof *buf * (size_t)villages->n);
    for (int i = 0; i < villages->n; i++)
        buf[i] = GEOSBuffer_r(gt__geos(ctx), villages->geoms[i], urand(&seed, 20, 150), 8);
    GEOSGeometry *coll = GEOSGeom_createCollection_r(gt__geos(ctx), GEOS_GEOMETRYCOLLECTION, buf,
                                                     (unsigned)villages->n);
    gt__features *zone = features(1);
    zone->geoms[0] = GEOSUnaryUnion_r(gt__geos(ctx), coll);
    GEOSGeom_destroy_r(gt__geos(ctx), coll);
    free(buf);
    assert_true(GEOSGetNumGeometries_r(gt__geos(ctx), zone->geoms[0]) > 10);
    for (int threads = 1; threads <= 3; threads += 2) {
        gt_context_set_threads(ctx, threads);
        memset(a, 0, n);
        memset(b, 0, n);
        assert_int_equal(gt__rasterize(ctx, &GRID, zone->geoms, 1, NULL, GDT_Byte, false, a),
                         GT_OK);
        rasterize_whole(ctx, zone, NULL, GDT_Byte, false, b);
        assert_memory_equal(a, b, n);
    }
    gt__features_free(ctx, villages);
    gt__features_free(ctx, zone);
    free(a);
    free(b);
    free(za);
    free(zb);
    free(burn);
    gt__features_free(ctx, roads);
    gt__features_free(ctx, parcels);
}

/* The reference distance from g to a feature set: GEOS's distance to each
 * whole feature (GEOSDistance_r: 0 when they meet, inside included), the
 * least of them, with no index (a feature whose envelope is farther than
 * the least found so far is skipped). */
static double whole_distance(gt_context *ctx, const gt__features *f, const GEOSGeometry *g)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    double best = INFINITY, q[4], e[4], d;
    GEOSGeom_getXMin_r(h, g, &q[0]), GEOSGeom_getYMin_r(h, g, &q[1]);
    GEOSGeom_getXMax_r(h, g, &q[2]), GEOSGeom_getYMax_r(h, g, &q[3]);
    for (int i = 0; i < f->n; i++) {
        GEOSGeom_getXMin_r(h, f->geoms[i], &e[0]), GEOSGeom_getYMin_r(h, f->geoms[i], &e[1]);
        GEOSGeom_getXMax_r(h, f->geoms[i], &e[2]), GEOSGeom_getYMax_r(h, f->geoms[i], &e[3]);
        double dx = fmax(0, fmax(q[0] - e[2], e[0] - q[2]));
        double dy = fmax(0, fmax(q[1] - e[3], e[1] - q[3]));
        if (sqrt(dx * dx + dy * dy) > best)
            continue;
        assert_int_equal(GEOSDistance_r(h, f->geoms[i], g, &d), 1);
        best = fmin(best, d);
    }
    return best;
}

/* Whether the envelope of a meets b's widened by `by`. */
static bool envelopes_meet(GEOSContextHandle_t h, const GEOSGeometry *a, const GEOSGeometry *b,
                           double by)
{
    double q[4], e[4];
    GEOSGeom_getXMin_r(h, b, &q[0]), GEOSGeom_getYMin_r(h, b, &q[1]);
    GEOSGeom_getXMax_r(h, b, &q[2]), GEOSGeom_getYMax_r(h, b, &q[3]);
    GEOSGeom_getXMin_r(h, a, &e[0]), GEOSGeom_getYMin_r(h, a, &e[1]);
    GEOSGeom_getXMax_r(h, a, &e[2]), GEOSGeom_getYMax_r(h, a, &e[3]);
    return !(e[0] > q[2] + by || e[2] < q[0] - by || e[1] > q[3] + by || e[3] < q[1] - by);
}

/* Whether the envelope of a feature meets g's widened by `by`: the
 * parcels a distance rule measures (docs/site.md, "Which parcels get an
 * exact distance"). */
static bool envelope_near(gt_context *ctx, const gt__features *f, const GEOSGeometry *g, double by)
{
    for (int i = 0; i < f->n; i++)
        if (envelopes_meet(gt__geos(ctx), f->geoms[i], g, by))
            return true;
    return false;
}

/* Does a line feature lie wholly inside g (no crossing of g's boundary)? */
static bool line_inside(gt_context *ctx, const gt__features *f, const GEOSGeometry *g)
{
    for (int i = 0; i < f->n; i++)
        if (f->max_dim == 1 && GEOSContains_r(gt__geos(ctx), g, f->geoms[i]) == 1)
            return true;
    return false;
}

static void test_parcel_queries(void **state)
{
    gt_context *ctx = *state;
    uint64_t seed = 2030;
    gt__features *roads = segments(ctx, &seed, 2000);
    gt__features *villages = squares(ctx, &seed, 300, 100, 400, true);
    gt__features *parcels = squares(ctx, &seed, 3000, 20, 250, false);
    double *exact = malloc(sizeof(double) * (size_t)parcels->n);
    double *fast = malloc(sizeof(double) * 2 * (size_t)parcels->n);
    gt__features *river = rivers(ctx, &seed, 6);
    const gt__features *layers[] = {roads, villages, river};
    for (int l = 0; l < 3; l++) {
        gt__index *ix = gt__index_create(ctx, layers[l]);
        assert_non_null(ix);
        int which, inside = 0;
        bool hit;
        /* The reference: GEOS's distance to the whole features, 0 where a
         * line lies wholly inside a parcel (GEOS's prepared distance of the
         * line measured from the parcel's boundary there). The one query at
         * a time (gt__index_nearest) gives the same within 1e-9 m, and the
         * feature it names is at that distance. */
        for (int p = 0; p < parcels->n; p++) {
            double one, d;
            exact[p] = whole_distance(ctx, layers[l], parcels->geoms[p]);
            assert_int_equal(gt__index_nearest(ctx, ix, parcels->geoms[p], &one, &which), GT_OK);
            assert_true(fabs(one - exact[p]) <= 1e-9);
            assert_true(which >= 0 && which < layers[l]->n);
            assert_int_equal(
                GEOSDistance_r(gt__geos(ctx), layers[l]->geoms[which], parcels->geoms[p], &d), 1);
            assert_true(fabs(d - exact[p]) <= 1e-9);
            inside += exact[p] == 0 && line_inside(ctx, layers[l], parcels->geoms[p]);
        }
        if (l == 0)
            assert_true(inside > 5); /* the case has roads inside parcels */
        for (int threads = 1; threads <= 3; threads += 2) {
            gt_context_set_threads(ctx, threads);
            assert_int_equal(
                gt__nearest_many(ctx, layers[l], parcels->geoms, parcels->n, fast + 1, 2), GT_OK);
            /* Equal to the reference within 1e-9 m (both are GEOS's
             * distance between the same segments). */
            for (int p = 0; p < parcels->n; p++)
                assert_true(fabs(fast[2 * p + 1] - exact[p]) <= 1e-9);
            /* A distance rule settled by envelopes: the exact distance for
             * every parcel it decides (closer than the rule's distance) and
             * for every one measured; NAN only where the exact distance is
             * beyond it; both kinds occur. The exclusions are the same. */
            const double rule_m[] = {25, 300, 1000};
            int settled = 0, measured = 0;
            for (int k = 0; k < 3; k++) {
                assert_int_equal(gt__nearest_beyond_many(ctx, layers[l], parcels->geoms, parcels->n,
                                                         rule_m[k], fast + 1, 2),
                                 GT_OK);
                for (int p = 0; p < parcels->n; p++) {
                    double d = fast[2 * p + 1];
                    if (isnan(d)) {
                        assert_true(exact[p] > rule_m[k]);
                        settled++;
                    } else {
                        assert_true(fabs(d - exact[p]) <= 1e-9);
                        measured++;
                    }
                    assert_int_equal(d < rule_m[k], exact[p] < rule_m[k]);
                    /* Polygons settle by their whole envelopes (checked
                     * once: it is slow under ASan). */
                    if (l == 1 && threads == 1)
                        assert_int_equal(!isnan(d), envelope_near(ctx, villages, parcels->geoms[p],
                                                                  rule_m[k]));
                }
            }
            assert_true(settled > 100 && measured > 100);
            /* INFINITY or NAN: every parcel measured. */
            assert_int_equal(gt__nearest_beyond_many(ctx, layers[l], parcels->geoms, parcels->n,
                                                     NAN, fast + 1, 2),
                             GT_OK);
            for (int p = 0; p < parcels->n; p++)
                assert_true(fabs(fast[2 * p + 1] - exact[p]) <= 1e-9);
        }
        if (l == 1) {
            int overlapping = 0, interior = 0;
            assert_int_equal(gt__overlaps_many(ctx, villages, parcels->geoms, parcels->n, fast, 2),
                             GT_OK);
            for (int p = 0; p < parcels->n; p++) {
                assert_int_equal(gt__index_overlaps(ctx, ix, parcels->geoms[p], &hit, &which),
                                 GT_OK);
                assert_int_equal((int)fast[2 * p], which);
                overlapping += hit;
                /* The reference: the lowest village whose interior the
                 * parcel's meets, by GEOS's plain predicates. */
                GEOSContextHandle_t h = gt__geos(ctx);
                int ref = -1;
                for (int i = 0; ref < 0 && i < villages->n; i++)
                    if (envelopes_meet(h, villages->geoms[i], parcels->geoms[p], 0) &&
                        GEOSIntersects_r(h, villages->geoms[i], parcels->geoms[p]) == 1 &&
                        GEOSTouches_r(h, villages->geoms[i], parcels->geoms[p]) == 0)
                        ref = i;
                assert_int_equal(which, ref);
                interior += ref >= 0 && GEOSRelatePattern_r(h, villages->geoms[ref],
                                                            parcels->geoms[p], "T**FF*FF*") == 1;
            }
            /* the case does test overlaps, parcels inside a village among them */
            assert_true(overlapping > 10 && interior > 5 && overlapping - interior > 5);
        }
        gt__index_destroy(ctx, ix);
    }
    free(exact);
    free(fast);
    gt__features_free(ctx, roads);
    gt__features_free(ctx, villages);
    gt__features_free(ctx, river);
    gt__features_free(ctx, parcels);
}

/* Distances by pieces of the features, checked by hand: a parcel inside
 * a polygon, in its hole, crossing a line, near the middle of a long line
 * (a thousand segments), near the second part of a multi-line, round a
 * whole line, near a point; and a rule's distance settling the far ones
 * (those with no feature's envelope within it). */
static void test_rule_pieces(void **state)
{
    gt_context *ctx = *state;
    /* A line along y = 0 from x = 0 to 10,000 in 10 m steps, wavy
     * nowhere: 1,000 segments. */
    size_t cap = 1001 * 24 + 32, len = 0;
    char *line = malloc(cap);
    len += (size_t)snprintf(line, cap, "LINESTRING(");
    for (int k = 0; k <= 1000; k++)
        len += (size_t)snprintf(line + len, cap - len, "%s%d 0", k ? "," : "", 10 * k);
    snprintf(line + len, cap - len, ")");
    const char *layer_wkt[] = {
        "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0),(400 400,600 400,600 600,400 600,400 400))",
        line,
        "MULTILINESTRING((0 0,0 100),(500 0,500 100))",
        "MULTIPOINT((0 0),(100 100))",
        "LINESTRING(0 0,1000 1000)",
    };
    struct {
        int layer;
        const char *parcel;
        double want, rule;
    } cases[] = {
        {0, "POLYGON((100 100,150 100,150 150,100 150,100 100))", 0, 50},    /* inside */
        {0, "POLYGON((-20 500,20 500,20 540,-20 540,-20 500))", 0, 50},      /* across edge */
        {0, "POLYGON((450 450,550 450,550 550,450 550,450 450))", 50, 100},  /* in the hole */
        {0, "POLYGON((1030 200,1060 200,1060 260,1030 260,1030 200))", 30, 50},
        {0, "POLYGON((1300 200,1360 200,1360 260,1300 260,1300 200))", NAN, 50}, /* settled */
        {1, "POLYGON((5003 30,5013 30,5013 40,5003 40,5003 30))", 30, 200},  /* the middle */
        {1, "POLYGON((7000 -5,7010 -5,7010 5,7000 5,7000 -5))", 0, 200},     /* across it */
        {1, "POLYGON((10030 40,10040 40,10040 50,10030 50,10030 40))", 50, 200}, /* 3-4-5 */
        {2, "POLYGON((440 50,460 50,460 60,440 60,440 50))", 40, 100},       /* second part */
        {2, "POLYGON((530 -80,560 -80,560 -40,530 -40,530 -80))", 50, 100},  /* 3-4-5 to end */
        {2, "POLYGON((-10 -10,10 -10,10 110,-10 110,-10 -10))", 0, 100},     /* round a part */
        {3, "POLYGON((103 104,120 104,120 120,103 120,103 104))", 5, 10},    /* 3-4-5 */
        {3, "POLYGON((-5 -5,5 -5,5 5,-5 5,-5 -5))", 0, 10},                  /* round a point */
        /* Settled (NAN) only where no feature's envelope is within the
         * rule: a line's by runs of segments, a multi-point's whole; where
         * one is, the exact distance, even beyond the rule. */
        {1, "POLYGON((5000 300,5010 300,5010 310,5000 310,5000 300))", NAN, 200},
        {3, "POLYGON((80 10,90 10,90 20,80 20,80 10))", 80.62257748298549, 10},
        {4, "POLYGON((900 100,910 100,910 110,900 110,900 100))", 558.6143571373725, 200},
        {4, "POLYGON((1300 100,1310 100,1310 110,1300 110,1300 100))", NAN, 200},
    };
    int nc = (int)(sizeof cases / sizeof *cases);
    for (int t = 1; t <= 3; t += 2) {
        gt_context_set_threads(ctx, t);
        for (int c = 0; c < nc; c++) {
            gt__features *f = features(1), *p = features(1);
            f->geoms[0] = wkt(ctx, layer_wkt[cases[c].layer]);
            f->max_dim = GEOSGeom_getDimensions_r(gt__geos(ctx), f->geoms[0]);
            p->geoms[0] = wkt(ctx, cases[c].parcel);
            double d = -1, all = -1;
            assert_int_equal(gt__nearest_beyond_many(ctx, f, p->geoms, 1, cases[c].rule, &d, 1),
                             GT_OK);
            assert_int_equal(gt__nearest_many(ctx, f, p->geoms, 1, &all, 1), GT_OK);
            gt__index *ix = gt__index_create(ctx, f);
            double one = -1;
            int which = -2;
            assert_non_null(ix);
            assert_int_equal(gt__index_nearest(ctx, ix, p->geoms[0], &one, &which), GT_OK);
            assert_int_equal(which, 0);
            assert_true(one == all);
            gt__index_destroy(ctx, ix);
            if (isnan(cases[c].want)) {
                assert_true(isnan(d));
                assert_true(all > cases[c].rule);
            } else {
                assert_true(fabs(d - cases[c].want) <= 1e-9);
                assert_true(fabs(all - cases[c].want) <= 1e-9);
            }
            gt__features_free(ctx, f);
            gt__features_free(ctx, p);
        }
    }
    free(line);
}

static void test_zonal_threads(void **state)
{
    gt_context *ctx = *state;
    uint64_t seed = 7;
    size_t n = 1000003;
    int32_t nz = 5000;
    int32_t *z = malloc(n * sizeof *z);
    float *v = malloc(n * sizeof *v);
    for (size_t k = 0; k < n; k++) {
        z[k] = (int32_t)(gt_test_rand(&seed) % (uint64_t)(nz + 3)) - 1; /* -1 .. nz + 1 */
        v[k] = k % 97 == 0 ? NAN : (float)urand(&seed, -5, 5);
    }
    gt_zone_stats *ref = calloc((size_t)nz, sizeof *ref), *got = calloc((size_t)nz, sizeof *got);
    for (int32_t i = 0; i < nz; i++)
        ref[i].min = INFINITY, ref[i].max = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        if (z[k] < 1 || z[k] > nz)
            continue;
        gt_zone_stats *s = &ref[z[k] - 1];
        if (isnan(v[k])) {
            s->nodata++;
            continue;
        }
        s->count++;
        s->sum += v[k];
        s->min = fmin(s->min, v[k]);
        s->max = fmax(s->max, v[k]);
    }
    for (int threads = 1; threads <= 7; threads += 2) {
        gt_context_set_threads(ctx, threads);
        assert_int_equal(gt_zonal_stats(ctx, z, v, n, nz, got), GT_OK);
        for (int32_t i = 0; i < nz; i++) {
            assert_int_equal(got[i].count, ref[i].count);
            assert_int_equal(got[i].nodata, ref[i].nodata);
            assert_true(got[i].sum == ref[i].sum); /* the same bits: cell order kept */
            assert_true(got[i].min == ref[i].min && got[i].max == ref[i].max);
        }
    }
    free(z);
    free(v);
    free(ref);
    free(got);
}

/* Zonal statistics band by band (gt__rasterize_bands + gt_zonal_bands, no
 * grid of zone ids) against the whole grid burnt and one plain pass
 * (gt__rasterize + gt_zonal_stats): 4,000 squares over 3 bands of rows,
 * some overlapping, some across a band's edge, values with NaNs; 1 and 3
 * threads. Counts, NoData, min and max are equal; the sum is the same bits
 * for a zone within one band, within 1e-12 (relative) across bands. A zone
 * given too few rows is an internal error, not a silent loss. */
typedef struct {
    gt_zonal_bands zb;
    const float *v;
} bands_job;

static void bands_add(void *arg, int worker, int r0, int rows, const void *cells)
{
    bands_job *j = arg;
    (void)worker;
    gt_zonal_bands_add(&j->zb, r0, rows, GRID.w, cells, j->v + (size_t)r0 * GRID.w);
}

static void test_zonal_bands(void **state)
{
    gt_context *ctx = *state;
    GDALAllRegister();
    uint64_t seed = 11;
    gt__features *parcels = squares(ctx, &seed, 4000, 20, 250, false);
    int np = parcels->n;
    size_t n = (size_t)GRID.w * GRID.h;
    int32_t *z = calloc(n, sizeof *z);
    float *v = malloc(n * sizeof *v);
    for (size_t k = 0; k < n; k++)
        v[k] = k % 89 == 0 ? NAN : (float)urand(&seed, -50, 500);
    double *burn = malloc(sizeof(double) * (size_t)np);
    int *r0 = malloc(sizeof(int) * (size_t)np), *r1 = malloc(sizeof(int) * (size_t)np);
    int across = 0;
    for (int i = 0; i < np; i++) {
        burn[i] = i + 1;
        double y0, y1;
        GEOSGeom_getYMin_r(gt__geos(ctx), parcels->geoms[i], &y0);
        GEOSGeom_getYMax_r(gt__geos(ctx), parcels->geoms[i], &y1);
        r0[i] = (int)fmax(0, floor((GRID.y0 - y1) / GRID.res) - 1);
        r1[i] = (int)fmin(GRID.h - 1, ceil((GRID.y0 - y0) / GRID.res) + 1);
        across += r0[i] / GT__RASTER_BAND_ROWS != r1[i] / GT__RASTER_BAND_ROWS;
    }
    assert_true(across > 20);
    assert_int_equal(gt__rasterize(ctx, &GRID, parcels->geoms, np, burn, GDT_Int32, false, z),
                     GT_OK);
    gt_zone_stats *ref = calloc((size_t)np, sizeof *ref), *got = calloc((size_t)np, sizeof *got);
    assert_int_equal(gt_zonal_stats(ctx, z, v, n, np, ref), GT_OK);
    for (int threads = 1; threads <= 3; threads += 2) {
        gt_context_set_threads(ctx, threads);
        bands_job job = {.v = v};
        assert_int_equal(gt_zonal_bands_init(ctx, &job.zb, np, GT__RASTER_BAND_ROWS, r0, r1),
                         GT_OK);
        assert_int_equal(gt__rasterize_bands(ctx, &GRID, parcels->geoms, np, burn, GDT_Int32, false,
                                             bands_add, &job),
                         GT_OK);
        assert_int_equal(gt_zonal_bands_finish(ctx, &job.zb, got), GT_OK);
        gt_zonal_bands_free(&job.zb);
        int counted = 0;
        for (int i = 0; i < np; i++) {
            assert_int_equal(got[i].count, ref[i].count);
            assert_int_equal(got[i].nodata, ref[i].nodata);
            assert_true(got[i].min == ref[i].min && got[i].max == ref[i].max);
            if (r0[i] / GT__RASTER_BAND_ROWS == r1[i] / GT__RASTER_BAND_ROWS)
                assert_true(got[i].sum == ref[i].sum);
            else
                assert_true(fabs(got[i].sum - ref[i].sum) <= 1e-12 * fmax(1, fabs(ref[i].sum)));
            counted += got[i].count > 0;
        }
        assert_true(counted > np / 2);
    }
    /* Every zone given only its first row's band: those across an edge lose cells. */
    for (int i = 0; i < np; i++)
        r1[i] = r0[i];
    bands_job job = {.v = v};
    assert_int_equal(gt_zonal_bands_init(ctx, &job.zb, np, GT__RASTER_BAND_ROWS, r0, r1), GT_OK);
    assert_int_equal(gt__rasterize_bands(ctx, &GRID, parcels->geoms, np, burn, GDT_Int32, false,
                                         bands_add, &job),
                     GT_OK);
    assert_int_equal(gt_zonal_bands_finish(ctx, &job.zb, got), GT_ERR_INTERNAL);
    gt_zonal_bands_free(&job.zb);
    free(ref);
    free(got);
    free(r0);
    free(r1);
    free(burn);
    free(z);
    free(v);
    gt__features_free(ctx, parcels);
}

/* The distance factor's EDT in 16-bit column counts, written for the study
 * area's window of a padded grid, against gt_distance_transform over the
 * whole padded grid: the same floats, bit for bit, for 1 and 3 threads; the
 * roads burnt as UInt16 are the cells burnt as Byte. Plus a hand-checked
 * case: one feature cell, a window one cell in from it. */
static void test_edt_window(void **state)
{
    gt_context *ctx = *state;
    GDALAllRegister();
    uint64_t seed = 77;
    gt__features *roads = segments(ctx, &seed, 400);
    size_t n = (size_t)GRID.w * GRID.h;
    unsigned char *feat = calloc(n, 1);
    uint16_t *cols = calloc(n, sizeof *cols);
    float *ref = malloc(sizeof(float) * n);
    const int pad = 137, ow = GRID.w - 2 * pad, oh = GRID.h - 2 * pad;
    float *got = malloc(sizeof(float) * (size_t)ow * oh);
    assert_int_equal(gt__rasterize(ctx, &GRID, roads->geoms, roads->n, NULL, GDT_Byte, true, feat),
                     GT_OK);
    /* Three rows with no feature of their own. */
    memset(feat + (size_t)400 * GRID.w, 0, (size_t)GRID.w * 3);
    for (int threads = 1; threads <= 3; threads += 2) {
        gt_context_set_threads(ctx, threads);
        memset(cols, 0, n * sizeof *cols);
        assert_int_equal(
            gt__rasterize(ctx, &GRID, roads->geoms, roads->n, NULL, GDT_UInt16, true, cols), GT_OK);
        for (size_t c = 0; c < (size_t)GRID.w * 3; c++)
            cols[(size_t)400 * GRID.w + c] = 0;
        for (size_t k = 0; k < n; k++)
            assert_int_equal(cols[k] != 0, feat[k] != 0);
        assert_int_equal(gt_distance_transform(ctx, feat, GRID.w, GRID.h, 10, 10, ref), GT_OK);
        assert_int_equal(
            gt__distance_transform_u16(ctx, cols, GRID.w, GRID.h, 10, 10, pad, pad, ow, oh, got),
            GT_OK);
        for (int r = 0; r < oh; r++)
            assert_memory_equal(got + (size_t)r * ow, ref + (size_t)(r + pad) * GRID.w + pad,
                                sizeof(float) * (size_t)ow);
    }
    /* 5 x 4 cells of 10 m, feature at (row 0, col 0); window 3 x 2 at (1, 1):
     * distances 10 sqrt(2), 10 sqrt(5), 10 sqrt(10); 10 sqrt(5), 10 sqrt(8),
     * 10 sqrt(13). */
    uint16_t small[20] = {1};
    float w[6];
    assert_int_equal(gt__distance_transform_u16(ctx, small, 5, 4, 10, 10, 1, 1, 3, 2, w), GT_OK);
    const double want[6] = {sqrt(2), sqrt(5), sqrt(10), sqrt(5), sqrt(8), sqrt(13)};
    for (int k = 0; k < 6; k++)
        assert_float_equal(w[k], 10 * want[k], 1e-4);
    /* No feature: every cell infinite; a window outside the grid refused. */
    uint16_t none[20] = {0};
    float all[20];
    assert_int_equal(gt__distance_transform_u16(ctx, none, 5, 4, 10, 10, 0, 0, 5, 4, all), GT_OK);
    for (int k = 0; k < 20; k++)
        assert_true(isinf(all[k]));
    assert_int_equal(gt__distance_transform_u16(ctx, none, 5, 4, 10, 10, 3, 0, 3, 1, all),
                     GT_ERR_INTERNAL);
    gt__features_free(ctx, roads);
    free(feat);
    free(cols);
    free(ref);
    free(got);
}

/* gt__rasterize_ogr_bands burns polygons into Int32 zone ids by its own
 * scanline fill, straight into the band's cells; the reference is
 * GDALRasterizeGeometries on each band of rows (the band's own MEM dataset
 * and geotransform, every polygon given), which it must equal cell for
 * cell: turned squares of 5 to 300 m, rectangles with their corners on cell
 * centres (horizontal edges on rows' centre lines, either orientation: the
 * case left to GDAL), shapes on cell corners, polygons with holes, 64-gons,
 * an empty one, polygons across the grid's edges, round it and far off it;
 * 1 and 3 threads. Plus a hand-checked rectangle: 3 columns x 4 rows = 12
 * cells. */
typedef struct {
    const gt__grid *g;
    int32_t *grid;
} collect_job;

static void collect_band(void *arg, int worker, int r0, int rows, const void *cells)
{
    collect_job *j = arg;
    (void)worker;
    memcpy(j->grid + (size_t)r0 * j->g->w, cells, sizeof(int32_t) * (size_t)rows * j->g->w);
}

static void gdal_by_bands(const gt__grid *G, OGRGeometryH *og, int n, double *burn, int32_t *out)
{
    for (int r0 = 0; r0 < G->h; r0 += GT__RASTER_BAND_ROWS) {
        int rows = G->h - r0 < GT__RASTER_BAND_ROWS ? G->h - r0 : GT__RASTER_BAND_ROWS;
        GDALDatasetH ds =
            GDALCreate(GDALGetDriverByName("MEM"), "", G->w, rows, 0, GDT_Int32, NULL);
        char opt[64];
        snprintf(opt, sizeof opt, "DATAPOINTER=%p", (void *)(out + (size_t)r0 * G->w));
        char *bopts[] = {opt, NULL};
        assert_int_equal(GDALAddBand(ds, GDT_Int32, bopts), CE_None);
        double gt[6] = {G->x0, G->res, 0, G->y0 - r0 * G->res, 0, -G->res};
        GDALSetGeoTransform(ds, gt);
        int band = 1;
        char *opts[] = {"OPTIM=RASTER", NULL};
        assert_int_equal(
            GDALRasterizeGeometries(ds, 1, &band, n, og, NULL, NULL, burn, opts, NULL, NULL),
            CE_None);
        GDALClose(ds);
    }
}

static void scanline_case(gt_context *ctx, const gt__grid *G, uint64_t seed)
{
    enum { N = 4300 };
    OGRGeometryH *og = calloc(N, sizeof *og);
    double *burn = malloc(sizeof(double) * N);
    char buf[4096];
    double X1 = G->x0 + G->w * G->res, Y1 = G->y0 - G->h * G->res;
    int n = 0;
    /* First (the others over it): a triangle of 1e9 m round the grid. */
    snprintf(buf, sizeof buf, "POLYGON((%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f))", G->x0 + 1e9,
             G->y0 - 1e9, G->x0 - 1e9, G->y0 - 5e3, G->x0 + 1e7, G->y0 + 1e9, G->x0 + 1e9,
             G->y0 - 1e9);
    assert_int_equal(OGR_G_CreateFromWkt(&(char *){buf}, NULL, &og[n++]), OGRERR_NONE);
    for (int i = 0; i < 3000; i++) { /* turned squares */
        double x = urand(&seed, G->x0 - 200, X1 + 200), y = urand(&seed, Y1 - 200, G->y0 + 200);
        double h = urand(&seed, 5, 300) / 2, a = urand(&seed, 0, 1.5);
        double c = h * cos(a), s = h * sin(a);
        snprintf(buf, sizeof buf, "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))",
                 x - c + s, y - s - c, x + c + s, y + s - c, x + c - s, y + s + c, x - c - s,
                 y - s + c, x - c + s, y - s - c);
        assert_int_equal(OGR_G_CreateFromWkt(&(char *){buf}, NULL,
                                             &og[n++]),
                         OGRERR_NONE);
    }
    for (int i = 0; i < 240; i++) { /* corners on cell centres or corners, by axis */
        double offx = i % 3 ? 0 : 0.5 * G->res, offy = i % 2 ? 0 : 0.5 * G->res;
        int c0 = (int)urand(&seed, -3, G->w), r0 = (int)urand(&seed, -3, G->h);
        int cw = 1 + (int)urand(&seed, 0, 12), rh = 1 + (int)urand(&seed, 0, 12);
        double x0 = G->x0 + c0 * G->res + offx, x1 = x0 + cw * G->res;
        double yt = G->y0 - r0 * G->res - offy, yb = yt - rh * G->res;
        if (i % 4 < 2) /* counter-clockwise */
            snprintf(buf, sizeof buf, "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))",
                     x0, yb, x1, yb, x1, yt, x0, yt, x0, yb);
        else /* clockwise, an L: a notch out of the top right */
            snprintf(buf, sizeof buf,
                     "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f "
                     "%.3f))",
                     x0, yb, x0, yt, (x0 + x1) / 2, yt, (x0 + x1) / 2, (yt + yb) / 2, x1,
                     (yt + yb) / 2, x1, yb, x0, yb);
        assert_int_equal(OGR_G_CreateFromWkt(&(char *){buf}, NULL, &og[n++]), OGRERR_NONE);
    }
    for (int i = 0; i < 400; i++) { /* 64-gons, every other one with a hole */
        double x = urand(&seed, G->x0, X1), y = urand(&seed, Y1, G->y0);
        double r = urand(&seed, 8, 400);
        size_t len = (size_t)snprintf(buf, sizeof buf, "POLYGON((");
        for (int k = 0; k <= 64; k++) {
            double a = 2 * M_PI * (k % 64) / 64;
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%.3f %.3f", k ? "," : "",
                                    x + r * cos(a), y + r * sin(a));
        }
        if (i % 2)
            len += (size_t)snprintf(buf + len, sizeof buf - len,
                                    "),(%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f", x - r / 3, y - r / 3,
                                    x + r / 3, y - r / 3, x, y + r / 3, x - r / 3, y - r / 3);
        snprintf(buf + len, sizeof buf - len, "))");
        assert_int_equal(OGR_G_CreateFromWkt(&(char *){buf}, NULL, &og[n++]), OGRERR_NONE);
    }
    /* Empty, across the grid's corner, far off it, and the hand-checked one
     * last. */
    snprintf(buf, sizeof buf, "POLYGON EMPTY");
    assert_int_equal(OGR_G_CreateFromWkt(&(char *){buf}, NULL, &og[n++]), OGRERR_NONE);
    snprintf(buf, sizeof buf, "POLYGON((%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f))", G->x0 - 1e3,
             G->y0 + 1e3, G->x0 + 1e3, G->y0 + 1e3, G->x0 - 1e3, G->y0 - 1e3,
             G->x0 - 1e3, G->y0 + 1e3);
    assert_int_equal(OGR_G_CreateFromWkt(&(char *){buf}, NULL, &og[n++]), OGRERR_NONE);
    snprintf(buf, sizeof buf, "POLYGON((%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f))", G->x0 + 1e9,
             G->y0 + 1e9, G->x0 + 2e9, G->y0 + 1e9, G->x0 + 1e9, G->y0 + 3e9, G->x0 + 1e9,
             G->y0 + 1e9);
    assert_int_equal(OGR_G_CreateFromWkt(&(char *){buf}, NULL, &og[n++]), OGRERR_NONE);
    snprintf(buf, sizeof buf, "POLYGON((%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f))",
             G->x0 + 20, G->y0 - 20, G->x0 + 50, G->y0 - 20, G->x0 + 50, G->y0 - 60,
             G->x0 + 20, G->y0 - 60, G->x0 + 20, G->y0 - 20);
    assert_int_equal(OGR_G_CreateFromWkt(&(char *){buf}, NULL, &og[n++]), OGRERR_NONE);
    for (int i = 0; i < n; i++)
        burn[i] = i + 1;
    size_t cells = (size_t)G->w * G->h;
    int32_t *ref = calloc(cells, sizeof *ref);
    collect_job job = {G, calloc(cells, sizeof(int32_t))};
    gdal_by_bands(G, og, n, burn, ref);
    for (int threads = 1; threads <= 3; threads += 2) {
        gt_context_set_threads(ctx, threads);
        memset(job.grid, 0, cells * sizeof(int32_t));
        assert_int_equal(
            gt__rasterize_ogr_bands(ctx, G, og, n, burn, GDT_Int32, false, collect_band, &job),
            GT_OK);
        size_t differ = 0;
        for (size_t k = 0; k < cells; k++)
            differ += job.grid[k] != ref[k];
        assert_int_equal(differ, 0);
    }
    /* Hand-checked on the 10 m grid: columns 2..4, rows 2..5 are the last
     * polygon's, and no other of its cells: 12 cells. */
    size_t mine = G->res == 10 ? 0 : 12;
    for (int r = 0; G->res == 10 && r < 10; r++)
        for (int c = 0; c < 10; c++)
            if (job.grid[(size_t)r * G->w + c] == n) {
                mine++;
                assert_true(c >= 2 && c <= 4 && r >= 2 && r <= 5);
            }
    assert_int_equal(mine, 12);
    for (int i = 0; i < n; i++)
        OGR_G_DestroyGeometry(og[i]);
    free(og);
    free(burn);
    free(ref);
    free(job.grid);
}

/* On the 10 m grid (1/10 is inexact: vertices on cell centres fall a
 * rounding off the centre lines) and on an 8 m grid (exact: edges lie on
 * the centre lines themselves). */
static void test_scanline_polygons(void **state)
{
    gt_context *ctx = *state;
    GDALAllRegister();
    scanline_case(ctx, &GRID, 2026);
    const gt__grid g8 = {700, 600, 500000.0, 2213000.0, 8.0};
    scanline_case(ctx, &g8, 77);
}

/* A GeoPackage layer read in parts (ranges of FIDs, each on its own) and
 * joined gives what one reading gives: the same features in the same
 * order, the same counts (repaired, without a geometry, outside the area
 * of interest). */
static void test_vector_parts(void **state)
{
    gt_context *ctx = *state;
    GEOSContextHandle_t h = gt__geos(ctx);
    char path[] = "/vsimem/test_vector_parts.gpkg", pid[] = "pid", name[] = "parcels",
         origin[] = "test";
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    assert_int_equal(OSRImportFromEPSG(srs, 32648), OGRERR_NONE);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, name, srs, wkbPolygon, NULL);
    OGRFieldDefnH fd = OGR_Fld_Create(pid, OFTString);
    assert_int_equal(OGR_L_CreateField(lyr, fd, TRUE), OGRERR_NONE);
    OGR_Fld_Destroy(fd);
    assert_int_equal(OGR_L_StartTransaction(lyr), OGRERR_NONE);
    for (int i = 0; i < 1000; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        char id[32], text[256], *t = text;
        snprintf(id, sizeof id, "P%04d", i);
        OGR_F_SetFieldString(f, 0, id);
        double x = 500000 + 100.0 * (i % 40), y = 2200000 + 100.0 * (i / 40);
        if (i % 97 == 5) /* a bow tie: repaired */
            snprintf(text, sizeof text, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", x, y, x + 50,
                     y + 50, x + 50, y, x, y + 50, x, y);
        else
            snprintf(text, sizeof text, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", x, y, x + 50, y,
                     x + 50, y + 50, x, y + 50, x, y);
        OGRGeometryH g = NULL;
        if (i % 89 != 3) { /* else no geometry */
            assert_int_equal(OGR_G_CreateFromWkt(&t, NULL, &g), OGRERR_NONE);
            OGR_F_SetGeometryDirectly(f, g);
        }
        assert_int_equal(OGR_L_CreateFeature(lyr, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    assert_int_equal(OGR_L_CommitTransaction(lyr), OGRERR_NONE);
    GDALClose(ds);
    gt__layer_spec spec = {.name = name, .source = path, .id_field = pid, .origin = origin};
    /* The second area keeps rows 0 to 6 only: the later parts of three
     * keep no feature (their counts still add up). */
    const double aois[2][4] = {{500000, 2200000, 503000, 2202000}, /* columns 31 to 39 out */
                               {500000, 2200000, 503000, 2200700}};
    long long range[2];
    assert_int_equal(gt__vector_parts(ctx, &spec, 2, range), 1); /* small: read whole */
    for (int a = 0; a < 2; a++) {
        const double *aoi = aois[a];
        gt__features *whole = NULL;
        assert_int_equal(gt__vector_load(ctx, &spec, srs, aoi, &whole), GT_OK);
        assert_true(whole->n_repaired > (a ? 0 : 5) && whole->n_no_geometry > (a ? 0 : 5) &&
                    whole->n_outside > 100);
        range[0] = 1, range[1] = 1001;
        for (int parts = 2; parts <= 3; parts++) {
            gt__features *part[3] = {NULL}, *joined = NULL;
            for (int k = 0; k < parts; k++)
                assert_int_equal(
                    gt__vector_load_part(ctx, &spec, srs, aoi, range, k, parts, &part[k]), GT_OK);
            if (a && parts == 3)
                assert_int_equal(part[2]->n, 0);
            assert_int_equal(gt__vector_join(ctx, &spec, part, parts, &joined), GT_OK);
            assert_int_equal(joined->n, whole->n);
            assert_int_equal(joined->n_read, whole->n_read);
            assert_int_equal(joined->n_repaired, whole->n_repaired);
            assert_int_equal(joined->n_no_geometry, whole->n_no_geometry);
            assert_int_equal(joined->n_outside, whole->n_outside);
            assert_int_equal(joined->max_dim, whole->max_dim);
            for (int i = 0; i < whole->n; i++) {
                assert_string_equal(joined->ids[i], whole->ids[i]);
                assert_int_equal(GEOSEqualsExact_r(h, joined->geoms[i], whole->geoms[i], 0), 1);
            }
            for (int k = 0; k < parts; k++)
                assert_null(part[k]);
            gt__features_free(ctx, joined);
        }
        gt__features_free(ctx, whole);
    }
    OSRDestroySpatialReference(srs);
    VSIUnlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rasterize_bands, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_parcel_queries, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_rule_pieces, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_vector_parts, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_zonal_threads, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_zonal_bands, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_edt_window, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_scanline_polygons, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
