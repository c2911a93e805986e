/*
 * test_haul.c: the haul factor of `gistool site` (gistool/site_haul.c) on
 * a hand-drawn network and demand, every expected value worked out by hand
 * below; and the cells it cannot reach (too far, or nearest to a piece
 * of road cut off from the network), each a data gap.
 * SPDX-License-Identifier: MIT
 */
#include "gt_test.h"

#include <string.h>
#include <unistd.h>

#include "gistool/network_stages.h"
#include "gistool/site_stages.h"

/*  Network (metres), one class "main" at 60 km/h (1 km a minute):
 *
 *    A(0,0) ------ B(1000,0) ----------------- C(3000,0)
 *
 *    and a piece not connected to it: (3000,1000) - (3500,1000).
 *
 *  Demand: two communes given as points (a point stands for itself):
 *    a at A, 1000 people, rural 0.45 kg/day -> 0.45 t/day;
 *    c at C, 2000 people, rural             -> 0.90 t/day. W = 1.35 t/day.
 *
 *  Per node, tonne-km a day (access legs of the communes are 0):
 *    H(A) = 0.45 x 0 + 0.90 x 3 = 2.70
 *    H(B) = 0.45 x 1 + 0.90 x 2 = 2.25
 *    H(C) = 0.45 x 3 + 0.90 x 0 = 1.35
 *  A cell takes its nearest node's value plus W x its straight access km.
 *
 *  Grid: 31 x 10 cells of 100 m, top-left corner (-50, 1050): the centre
 *  of column c, row r is (100 c, 1000 - 100 r). */
static const char *const road_wkt[] = {"LINESTRING (0 0, 3000 0)", "LINESTRING (0 0, 1000 0)",
                                       "LINESTRING (3000 1000, 3500 1000)"};
#define N_ROADS 3
static const char *const commune_wkt[] = {"POINT (0 0)", "POINT (3000 0)"};
static const double commune_pop[] = {1000, 2000};
#define N_COMMUNES 2

static gt__features features(gt_context *ctx, const char *name, const char *const *w, int n,
                             bool classes, const double *values)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    gt__features f = {0};
    f.name = strdup(name);
    f.n = f.n_read = n;
    f.geoms = calloc((size_t)n, sizeof *f.geoms);
    f.ids = calloc((size_t)n, sizeof *f.ids);
    f.classes = classes ? calloc((size_t)n, sizeof *f.classes) : NULL;
    f.values = values ? calloc((size_t)n, sizeof *f.values) : NULL;
    for (int i = 0; i < n; i++) {
        f.geoms[i] = GEOSWKTReader_read_r(h, r, w[i]);
        int d = GEOSGeom_getDimensions_r(h, f.geoms[i]);
        f.max_dim = d > f.max_dim ? d : f.max_dim;
        f.ids[i] = gt__asprintf("%s%d", name, i);
        if (classes)
            f.classes[i] = strdup("main");
        if (values)
            f.values[i] = values[i];
    }
    GEOSWKTReader_destroy_r(h, r);
    return f;
}

static void features_clear(gt_context *ctx, gt__features *f)
{
    for (int i = 0; i < f->n; i++) {
        GEOSGeom_destroy_r(gt__geos(ctx), f->geoms[i]);
        free(f->ids[i]);
        if (f->classes)
            free(f->classes[i]);
    }
    free(f->geoms);
    free(f->ids);
    free(f->classes);
    free(f->values);
    free(f->name);
}

typedef struct {
    gt_context *ctx;
    char profile[64];
    gt__features roads, communes;
    gt__features *layer[2];
    gt__layer_spec specs[2];
    gt_scenario s;
    site_grid g;
    site_layers in;
    gt__network_scenario *ns;
    gt__factor fac;
} fixture;

static void fixture_init(fixture *fx, gt_context *ctx, bool minutes, double limit_m)
{
    memset(fx, 0, sizeof *fx);
    fx->ctx = ctx;
    /* A speed profile of one class. */
    snprintf(fx->profile, sizeof fx->profile, "/tmp/gt-haul-speeds-XXXXXX");
    int fd = mkstemp(fx->profile);
    assert_true(fd >= 0);
    const char *yaml = "id: test\ndefault_kmh: 0\nclasses:\n  main: 60\n";
    assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
    close(fd);
    fx->roads = features(ctx, "roads", road_wkt, N_ROADS, true, NULL);
    fx->communes = features(ctx, "communes", commune_wkt, N_COMMUNES, false, commune_pop);
    fx->layer[0] = &fx->roads;
    fx->layer[1] = &fx->communes;
    fx->specs[0].name = "roads";
    fx->specs[1].name = "communes";
    fx->s.layers = fx->specs;
    fx->s.n_layers = 2;
    fx->s.dir = ".";
    fx->g.grid = (gt__grid){31, 10, -50, 1050, 100};
    fx->g.ncell = 310;
    fx->g.inside = malloc(310);
    memset(fx->g.inside, 1, 310);
    fx->in.n_layers = 2;
    fx->in.layer = fx->layer;
    gt__network_scenario *ns = calloc(1, sizeof *ns);
    ns->roads_layer = strdup("roads");
    ns->speeds_name = strdup(fx->profile);
    ns->demand_layer = strdup("communes");
    ns->snap_m = 5;
    ns->access_limit_m = limit_m;
    ns->access_speed_kmh = 15;
    ns->kg_urban = 1.08;
    ns->kg_rural = 0.45;
    ns->base = &fx->s; /* the site scenario, as gt__network_haul_parse sets it */
    fx->ns = ns;
    fx->fac.name = "haul";
    fx->fac.layer = "roads";
    fx->fac.measure = GT__MEASURE_HAUL;
    fx->fac.haul = ns;
    fx->fac.haul_minutes = minutes;
}

static void fixture_clear(fixture *fx)
{
    features_clear(fx->ctx, &fx->roads);
    features_clear(fx->ctx, &fx->communes);
    free(fx->g.inside);
    gt__network_haul_free(fx->ns);
    unlink(fx->profile);
}

#define CELL(col, row) ((size_t)(row) * 31 + (col))

static void test_tonne_km(void **state)
{
    fixture fx;
    fixture_init(&fx, *state, false, 800);
    float out[310];
    gt__gaps gaps = {0};
    assert_int_equal(gt__site_haul_measure(fx.ctx, &fx.s, &fx.g, &fx.in, &fx.fac, &gaps, out),
                     GT_OK);
    /* (1000,100): B at 100 m: 2.25 + 1.35 x 0.1 = 2.385 */
    ASSERT_NEAR(2.385, out[CELL(10, 9)], 1e-5);
    /* (0,100): A at 100 m: 2.70 + 0.135 = 2.835 */
    ASSERT_NEAR(2.835, out[CELL(0, 9)], 1e-5);
    /* (3000,300): C at 300 m (the piece's node (3000,1000) is 700 m):
     * 1.35 + 1.35 x 0.3 = 1.755 */
    ASSERT_NEAR(1.755, out[CELL(30, 7)], 1e-5);
    /* (500,0) is not a cell centre; (500,100): A and B both at 509.9 m,
     * the tie to the first node found (A or B: 2.70 or 2.25) + 0.6884 */
    double a = hypot(500, 100) / 1000 * 1.35;
    assert_true(fabs(out[CELL(5, 9)] - (2.25 + a)) < 1e-5 ||
                fabs(out[CELL(5, 9)] - (2.70 + a)) < 1e-5);
    /* (2000,100): B and C at 1005 m > the 800 m limit; the piece 1345 m:
     * too far, the worst value. */
    assert_true(isinf(out[CELL(20, 9)]) && out[CELL(20, 9)] > 0);
    /* (3000,1000): on the piece cut off from the network: the worst. */
    assert_true(isinf(out[CELL(30, 0)]) && out[CELL(30, 0)] > 0);
    /* Both are data gaps of the factor. */
    assert_int_equal(gaps.n, 2);
    assert_string_equal(gaps.v[0].item, "haul");
    assert_int_equal(gaps.v[0].effect, GT__GAP_WORST_CASE);
    assert_non_null(strstr(gaps.v[0].assumed, "access_limit_m = 800 m"));
    assert_non_null(strstr(gaps.v[1].assumed, "not connected"));
    gt__gaps_free(&gaps);
    fixture_clear(&fx);
}

static void test_minutes(void **state)
{
    fixture fx;
    fixture_init(&fx, *state, true, 5000);
    float out[310];
    gt__gaps gaps = {0};
    assert_int_equal(gt__site_haul_measure(fx.ctx, &fx.s, &fx.g, &fx.in, &fx.fac, &gaps, out),
                     GT_OK);
    /* Tonne-weighted mean minutes at 60 km/h = 1 min a km:
     * T(B) = (0.45 x 1 + 0.90 x 2) / 1.35 = 1.6667 min; the cell (1000,100)
     * adds 100 m at 15 km/h = 0.4 min: 2.0667. */
    ASSERT_NEAR(2.25 / 1.35 + 0.4, out[CELL(10, 9)], 1e-5);
    /* T(C) = 0.45 x 3 / 1.35 = 1 min; (3000,300): + 300 m at 15 km/h =
     * 1.2 min: 2.2 */
    ASSERT_NEAR(2.2, out[CELL(30, 7)], 1e-5);
    /* (2000,100) is within the 5 km limit now: B at 1005 m (ties with C
     * at the same distance go to the lowest node found): 1.6667 or 1 plus
     * 1005 m at 15 km/h = 4.02 min. */
    double acc = hypot(1000, 100) / (15 / 3.6) / 60;
    assert_true(fabs(out[CELL(20, 9)] - (2.25 / 1.35 + acc)) < 1e-4 ||
                fabs(out[CELL(20, 9)] - (1.0 + acc)) < 1e-4);
    assert_int_equal(gaps.n, 1); /* the cut-off piece only */
    gt__gaps_free(&gaps);
    fixture_clear(&fx);
}

static void test_points_refused(void **state)
{
    fixture fx;
    fixture_init(&fx, *state, false, 800);
    /* The road layer replaced by the communes' points. */
    fx.layer[0] = &fx.communes;
    float out[310];
    gt__gaps gaps = {0};
    assert_int_equal(gt__site_haul_measure(fx.ctx, &fx.s, &fx.g, &fx.in, &fx.fac, &gaps, out),
                     GT_ERR_INPUT_GEOMETRY);
    assert_non_null(strstr(gt_context_errmsg(fx.ctx), "factors.haul"));
    assert_non_null(strstr(gt_context_errmsg(fx.ctx), "needs lines"));
    fixture_clear(&fx);
}

static void test_no_population(void **state)
{
    fixture fx;
    fixture_init(&fx, *state, false, 800);
    fx.communes.values[0] = fx.communes.values[1] = 0;
    float out[310];
    gt__gaps gaps = {0};
    assert_int_equal(gt__site_haul_measure(fx.ctx, &fx.s, &fx.g, &fx.in, &fx.fac, &gaps, out),
                     GT_ERR_INPUT_FIELD);
    assert_non_null(strstr(gt_context_errmsg(fx.ctx), "has a population above 0"));
    fixture_clear(&fx);
}

/* Residential polygons (gistool network's demand.residential): commune 0,
 * the square (0,0)-(1000,1000) with 1000 people (rural: 0.45 t/day),
 * holds R0 = (0,0)-(100,100) (10,000 m2) and half of R1 = (900,900)-
 * (1100,1100) (its 10,000 m2 inside): 0.225 t/day at each, R0's point
 * inside (0..100)^2 and R1's inside (900..1000)^2. Commune 1, the square
 * (2000,0)-(3000,1000) with 2000 people, holds none: 0.9 t/day at a point
 * on its own surface. R2 lies in no commune. */
static void test_residential_split(void **state)
{
    gt_context *ctx = *state;
    const char *cw[] = {"POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))",
                        "POLYGON ((2000 0, 3000 0, 3000 1000, 2000 1000, 2000 0))"};
    const double pop[] = {1000, 2000};
    const char *rw[] = {"POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))",
                        "POLYGON ((900 900, 1100 900, 1100 1100, 900 1100, 900 900))",
                        "POLYGON ((5000 5000, 5100 5000, 5100 5100, 5000 5100, 5000 5000))"};
    gt__features communes = features(ctx, "communes", cw, 2, false, pop);
    gt__features res = features(ctx, "res", rw, 3, false, NULL);
    gt__features roads = features(ctx, "roads", road_wkt, 2, true, NULL);
    gt__network *net = NULL;
    gt__speed_profile prof = {0};
    double kmh = 60;
    char main_cls[] = "main";
    char *cls[] = {main_cls};
    prof.n = 1;
    prof.cls = cls;
    prof.kmh = &kmh;
    gt__network_opts o = {5, gt__speed_lookup, &prof};
    assert_int_equal(gt__network_build(ctx, &roads, &o, &net), GT_OK);
    gt__network_scenario ns = {.access_limit_m = 5000, .kg_urban = 1.08, .kg_rural = 0.45};
    gt__demand *d = NULL;
    int n = 0;
    assert_int_equal(gt__network_demand(ctx, &ns, net, &communes, &res, &d, &n), GT_OK);
    assert_int_equal(n, 3);
    assert_string_equal(d[0].id, "communes0");
    assert_int_equal(d[0].residential, 0);
    ASSERT_NEAR(0.5, d[0].share, 1e-12);
    ASSERT_NEAR(0.225, d[0].tonnes_day, 1e-12);
    ASSERT_NEAR(500, d[0].population, 1e-9);
    assert_true(d[0].x > 0 && d[0].x < 100 && d[0].y > 0 && d[0].y < 100);
    assert_int_equal(d[1].residential, 1);
    ASSERT_NEAR(0.225, d[1].tonnes_day, 1e-12);
    assert_true(d[1].x > 900 && d[1].x < 1000 && d[1].y > 900 && d[1].y < 1000);
    assert_string_equal(d[2].id, "communes1");
    assert_int_equal(d[2].residential, -1);
    ASSERT_NEAR(1.0, d[2].share, 1e-12);
    ASSERT_NEAR(0.9, d[2].tonnes_day, 1e-12);
    /* Without residential polygons: one point a commune. */
    gt__network_demand_free(d, n);
    assert_int_equal(gt__network_demand(ctx, &ns, net, &communes, NULL, &d, &n), GT_OK);
    assert_int_equal(n, 2);
    ASSERT_NEAR(0.45, d[0].tonnes_day, 1e-12);
    assert_int_equal(d[0].residential, -1);
    gt__network_demand_free(d, n);
    /* Lines as residential "polygons": refused. */
    ns.residential_layer = "res";
    assert_int_equal(gt__network_demand(ctx, &ns, net, &communes, &roads, &d, &n),
                     GT_ERR_INPUT_GEOMETRY);
    assert_null(d);
    gt__network_free(ctx, net);
    features_clear(ctx, &communes);
    features_clear(ctx, &res);
    features_clear(ctx, &roads);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tonne_km, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_minutes, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_points_refused, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_no_population, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_residential_split, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
