/*
 * test_network.c: the road network (layers/graph.c) on a hand-drawn graph:
 * noding at a T-junction and at a crossing, a gap under the snap tolerance
 * (joined) and one over it (a separate piece, dropped), a duplicated road
 * (one edge), shortest lengths and travel times through igraph, and the
 * tonnes routed along shortest paths. SPDX-License-Identifier: MIT
 */
#include "gt_test.h"

#include <stdio.h>
#include <string.h>

#include "gistool/network_stages.h"
#include "layers/network.h"

/*  Hand-drawn network (metres), snap tolerance 5 m:
 *
 *            top(500,500)    D(1000,1000)
 *              |            /|  \  (the diagonal D-C twice: a duplicate)
 *   A(0,0) ----E(500,0)----B(1000,0)----C(2000,0) ~3 m gap~ G(2003,0)----H(3000,0)
 *              |
 *           bottom(500,-500)
 *   far: (0,-10) to (-1000,-10), 10 m from A: over the tolerance.
 *
 *  "main" (60 km/h): A-C as ONE line (so B and E come from noding), and
 *  G-H. "local" (30 km/h): B-D (a T-junction on A-C at B), top-bottom
 *  (crosses A-C at E), D-C twice, and the far line. */
static const char *const wkt[] = {
    "LINESTRING (0 0, 2000 0)",        "LINESTRING (1000 0, 1000 1000)",
    "LINESTRING (500 500, 500 -500)",  "LINESTRING (1000 1000, 2000 0)",
    "LINESTRING (1000 1000, 2000 0)",  "LINESTRING (2003 0, 3000 0)",
    "LINESTRING (0 -10, -1000 -10)",
};
static const char *const cls[] = {"main", "local", "local", "local", "local", "main", "local"};
#define NF 7

static double speed(const char *c, void *arg)
{
    (void)arg;
    return !c ? 0 : !strcmp(c, "main") ? 60 : !strcmp(c, "local") ? 30 : 0;
}

typedef struct {
    gt__features f;
    gt__network *net;
} fixture;

static gt__features make_features(gt_context *ctx, const char *const *w, const char *const *c,
                                  int n)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    gt__features f = {0};
    f.name = strdup("roads");
    f.n = f.n_read = n;
    f.max_dim = 1;
    f.geoms = calloc((size_t)n, sizeof *f.geoms);
    f.ids = calloc((size_t)n, sizeof *f.ids);
    f.classes = calloc((size_t)n, sizeof *f.classes);
    for (int i = 0; i < n; i++) {
        f.geoms[i] = GEOSWKTReader_read_r(h, r, w[i]);
        f.ids[i] = gt__asprintf("r%d", i);
        f.classes[i] = strdup(c[i]);
    }
    GEOSWKTReader_destroy_r(h, r);
    return f;
}

static void free_features(gt_context *ctx, gt__features *f)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    for (int i = 0; i < f->n; i++) {
        GEOSGeom_destroy_r(h, f->geoms[i]);
        free(f->ids[i]);
        free(f->classes[i]);
    }
    free(f->geoms);
    free(f->ids);
    free(f->classes);
    free(f->name);
}

static int node_at(const gt__network *net, double x, double y)
{
    double d;
    int v = gt__network_nearest_node(net, x, y, &d);
    return d < 1e-6 ? v : -1;
}

static void test_noding_snapping(void **state)
{
    gt_context *ctx = *state;
    gt__features f = make_features(ctx, wkt, cls, NF);
    gt__network_opts o = {.snap_m = 5, .speed_kmh = speed};
    gt__network *net = NULL;
    assert_int_equal(gt__network_build(ctx, &f, &o, &net), GT_OK);
    /* Nodes A E B C D top bottom G H = 9. Edges A-E, E-B, B-C, B-D, D-C
     * (once), E-top, E-bottom, C-G (connector), G-H = 9. */
    assert_int_equal(net->n_nodes, 9);
    assert_int_equal(net->n_edges, 9);
    assert_int_equal(net->n_snapped, 1);
    /* The far line is its own component: one piece of 1000 m. */
    assert_int_equal(net->n_pieces, 1);
    ASSERT_NEAR(1000.0, net->pieces[0].length_m, 1e-9);
    assert_string_equal(net->pieces[0].feature_ids, "r6");
    int A = node_at(net, 0, 0), B = node_at(net, 1000, 0), C = node_at(net, 2000, 0),
        D = node_at(net, 1000, 1000), E = node_at(net, 500, 0), T = node_at(net, 500, 500),
        H = node_at(net, 3000, 0);
    assert_true(A >= 0 && B >= 0 && C >= 0 && D >= 0 && E >= 0 && T >= 0 && H >= 0);
    int src[2] = {A, T};
    int dst[4] = {D, C, H, T};
    double len[8], tim[8];
    assert_int_equal(gt__network_costs(ctx, net, src, 2, dst, 4, false, len), GT_OK);
    assert_int_equal(gt__network_costs(ctx, net, src, 2, dst, 4, true, tim), GT_OK);
    /* Lengths: A-D = A-B 1000 + B-D 1000 = 2000 (A-C-D would be 3414);
     * A-C 2000; A-H = 2000 + 3 (connector) + 997 = 3000; A-top = 500 + 500.
     * top-D = 500 + 500 + 1000 = 2000; top-C 500 + 1500 = 2000;
     * top-H 3000; top-top 0. */
    const double want_len[8] = {2000, 2000, 3000, 1000, 2000, 2000, 3000, 0};
    for (int k = 0; k < 8; k++)
        ASSERT_NEAR(want_len[k], len[k], 1e-6);
    /* Times: main at 60 km/h = 16.667 m/s, local at 30 km/h = 8.333 m/s.
     * A-D: 1000 m main (60 s) + 1000 m local (120 s) = 180 s.
     * A-C: 2000 m main = 120 s. A-H: 120 + 3 m main connector (0.18 s:
     * the gap takes the speed of the line it leaves, G-H) + 997 m main
     * (59.82 s) = 180 s. A-top: 30 s + 60 s = 90 s. */
    ASSERT_NEAR(180.0, tim[0], 1e-6);
    ASSERT_NEAR(120.0, tim[1], 1e-6);
    ASSERT_NEAR(180.0, tim[2], 1e-6);
    ASSERT_NEAR(90.0, tim[3], 1e-6);

    /* Loads routed to the nearest of the sources {A}: 2 t from H and 1 t
     * from D. H's path H-G-C-B-E-A; D's path D-B-E-A. So B-E and E-A
     * carry 3 t, C-B and G-C 2 t, B-D 1 t, D-C and the top/bottom 0. */
    double cost[9], load[9];
    int nearest[9];
    int ln[2] = {H, D};
    double lt[2] = {2, 1};
    assert_int_equal(gt__network_tree(ctx, net, &A, 1, false, cost, nearest, ln, lt, 2, load),
                     GT_OK);
    double total = 0;
    for (int e = 0; e < net->n_edges; e++) {
        bool ea = (net->from[e] == E && net->to[e] == A) || (net->from[e] == A && net->to[e] == E);
        bool bd = (net->from[e] == B && net->to[e] == D) || (net->from[e] == D && net->to[e] == B);
        if (ea)
            ASSERT_NEAR(3.0, load[e], 1e-12);
        if (bd)
            ASSERT_NEAR(1.0, load[e], 1e-12);
        total += load[e] * net->length_m[e];
    }
    /* tonne-metres: 2 t x 3000 m + 1 t x 2000 m = 8000 */
    ASSERT_NEAR(8000.0, total, 1e-6);
    ASSERT_NEAR(3000.0, cost[H], 1e-6);
    gt__network_free(ctx, net);
    free_features(ctx, &f);
}

static void test_gap_over_tolerance(void **state)
{
    gt_context *ctx = *state;
    /* The same gap of 3 m with a 2 m tolerance: G-H stays apart. The main
     * component (A..D, 7 edges, 5414.2 m) beats G-H (997 m). */
    gt__features f = make_features(ctx, wkt, cls, NF);
    gt__network_opts o = {.snap_m = 2, .speed_kmh = speed};
    gt__network *net = NULL;
    assert_int_equal(gt__network_build(ctx, &f, &o, &net), GT_OK);
    assert_int_equal(net->n_snapped, 0);
    assert_int_equal(net->n_edges, 7);
    assert_int_equal(net->n_pieces, 2);
    ASSERT_NEAR(1997.0, net->dropped_length_m, 1e-6);
    gt__network_free(ctx, net);
    free_features(ctx, &f);
}

static void test_points_refused(void **state)
{
    gt_context *ctx = *state;
    const char *w[] = {"POINT (0 0)"};
    const char *c[] = {"main"};
    gt__features f = make_features(ctx, w, c, 1);
    gt__network_opts o = {.snap_m = 2, .speed_kmh = speed};
    gt__network *net = NULL;
    assert_int_equal(gt__network_build(ctx, &f, &o, &net), GT_ERR_INPUT_GEOMETRY);
    assert_null(net);
    assert_non_null(strstr(gt_context_errmsg(ctx), "needs lines"));
    free_features(ctx, &f);
}

static void test_no_speed(void **state)
{
    gt_context *ctx = *state;
    const char *w[] = {"LINESTRING (0 0, 1 1)"};
    const char *c[] = {"footway"};
    gt__features f = make_features(ctx, w, c, 1);
    gt__network_opts o = {.snap_m = 2, .speed_kmh = speed};
    gt__network *net = NULL;
    assert_int_equal(gt__network_build(ctx, &f, &o, &net), GT_ERR_INPUT_EXTENT);
    free_features(ctx, &f);
}

/* The shipped speed profile: classes matched without case or marks; a
 * class not listed takes default_kmh; footways are not roads (0). */
static void test_speed_profile(void **state)
{
    gt_context *ctx = *state;
    gt__speed_profile p;
    assert_int_equal(gt__speed_profile_load(ctx, "road-speeds", NULL, &p), GT_OK);
    ASSERT_NEAR(50.0, gt__speed_lookup("Quốc Gia", &p), 0);
    ASSERT_NEAR(50.0, gt__speed_lookup("QUOC LO", &p), 0);
    ASSERT_NEAR(40.0, gt__speed_lookup(" Cấp Tỉnh ", &p), 0);
    ASSERT_NEAR(45.0, gt__speed_lookup("primary", &p), 0);
    ASSERT_NEAR(0.0, gt__speed_lookup("footway", &p), 0);
    ASSERT_NEAR(20.0, gt__speed_lookup("something else", &p), 0);
    ASSERT_NEAR(20.0, gt__speed_lookup(NULL, &p), 0);
    gt__speed_profile_free(&p);
    assert_int_equal(gt__speed_profile_load(ctx, "no-such-speeds", NULL, &p), GT_ERR_PROFILE);
}

/* Roads whose classes the profile lists none of (a class_field naming
 * the wrong field): one warning naming the layer; one listed class is
 * enough to keep quiet. */
static void keep_warning(gt_log_level level, const char *msg, void *arg)
{
    if (level == GT_LOG_WARNING)
        snprintf(arg, 512, "%s", msg);
}

static void test_speed_unlisted(void **state)
{
    gt_context *ctx = *state;
    char said[512] = "";
    gt_context_set_log_handler(ctx, keep_warning, said);
    gt__speed_profile p;
    assert_int_equal(gt__speed_profile_load(ctx, "road-speeds", NULL, &p), GT_OK);
    const char *w[] = {"LINESTRING (0 0, 1 1)", "LINESTRING (1 1, 2 2)"};
    const char *c[] = {"Đường đất", "12B"};
    gt__features f = make_features(ctx, w, c, 2);
    gt__speed_warn_unlisted(ctx, &f, &p);
    assert_non_null(strstr(said, "none of its 2 roads has a class that speed profile"));
    assert_non_null(strstr(said, "default_kmh (20 km/h)"));
    free_features(ctx, &f);
    said[0] = '\0';
    const char *c2[] = {"Đường đất", "Quốc lộ"};
    f = make_features(ctx, w, c2, 2);
    gt__speed_warn_unlisted(ctx, &f, &p);
    assert_string_equal(said, "");
    free_features(ctx, &f);
    gt__speed_profile_free(&p);
    gt_context_set_log_handler(ctx, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_noding_snapping, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_gap_over_tolerance, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_points_refused, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_no_speed, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_speed_profile, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_speed_unlisted, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
