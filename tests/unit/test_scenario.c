/*
 * test_scenario.c: the scenario reader: errors name file:line:col and the
 * key path; fractions; --set overrides; AHP orientation; each site block's
 * checks, in the order they are made, and the values and defaults read.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "gt_test.h"

#include "gistool/scenario.h"

static const char *BASE =
    "name: t\n"
    "crs: EPSG:32648\n"
    "resolution_m: 100\n"
    "study_area: {source: area.gpkg}\n"
    "layers:\n"
    "  roads: {source: roads.gpkg}\n"
    "  dem: {source: dem.tif}\n"
    "factors:\n"
    "  road_access: {layer: roads, measure: distance, fuzzy: {shape: linear, c: 500, d: 5000}}\n"
    "  slope: {layer: dem, measure: slope_pct, fuzzy: {c: 5, d: 20}}\n"
    "weights:\n"
    "  ahp:\n"
    "    order: [slope, road_access]\n"
    "    matrix: [[1, 1/3], [3, 1]]\n"
    "outputs: {gpkg: out.gpkg}\n";

static char path[64];

static gt_scenario *load_text(gt_context *ctx, const char *text, const char *const *over)
{
    snprintf(path, sizeof path, "/tmp/gt_test_scenario_%d.yaml", (int)getpid());
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    gt_scenario *s = gt_scenario_load(ctx, path, over);
    unlink(path);
    return s;
}

static void expect_error(gt_context *ctx, const char *text, gt_status st, const char *needle)
{
    gt_scenario *s = load_text(ctx, text, NULL);
    if (s) {
        gt_scenario_destroy(s);
        print_error("expected an error containing '%s'\n", needle);
        fail();
    }
    assert_int_equal(gt_context_status(ctx), st);
    if (!strstr(gt_context_errmsg(ctx), needle)) {
        print_error("message '%s' lacks '%s'\n", gt_context_errmsg(ctx), needle);
        fail();
    }
}

static void test_valid(void **state)
{
    gt_scenario *s = load_text(*state, BASE, NULL);
    assert_non_null(s);
    assert_string_equal(gt_scenario_name(s), "t");
    gt_scenario_destroy(s);
}

static void test_syntax_error_position(void **state)
{
    /* A second colon on line 4, column 11. */
    expect_error(*state, "name: t\ncrs: EPSG:32648\nresolution_m: 100\nkey: value: other\nx: 1\n",
                 GT_ERR_SCENARIO, ":4:11: YAML syntax error");
}

static void test_unknown_key(void **state)
{
    char text[2048];
    snprintf(text, sizeof text, "%sresolutoin_m: 5\n", BASE);
    expect_error(*state, text, GT_ERR_SCENARIO, ":16:1: resolutoin_m: unknown key 'resolutoin_m'");
}

static void test_bad_number_names_key_path(void **state)
{
    char text[2048];
    snprintf(text, sizeof text, "%s", BASE);
    char *p = strstr(text, "c: 500");
    memcpy(p, "c: 5x0", 6);
    expect_error(*state, text, GT_ERR_SCENARIO, "factors.road_access.fuzzy.c: expected a number");
}

static void test_fuzzy_order(void **state)
{
    char text[2048];
    snprintf(text, sizeof text, "%s", BASE);
    char *p = strstr(text, "c: 500, d: 5000");
    memcpy(p, "c: 900, d: 0500", 15);
    expect_error(*state, text, GT_ERR_SCENARIO, "a <= b <= c <= d");
}

static void test_unknown_factor_layer(void **state)
{
    char text[2048];
    snprintf(text, sizeof text, "%s", BASE);
    char *p = strstr(text, "layer: roads,");
    memcpy(p, "layer: raods,", 13);
    expect_error(*state, text, GT_ERR_SCENARIO, "'raods', which is not under `layers:`");
}

static void test_matrix_shape(void **state)
{
    char text[2048];
    snprintf(text, sizeof text, "%s", BASE);
    char *p = strstr(text, "[[1, 1/3], [3, 1]]");
    memcpy(p, "[[1, 1/3, 1]]     ", 18);
    expect_error(*state, text, GT_ERR_AHP_MATRIX, "must be a list of 2 rows");
}

static void test_override(void **state)
{
    gt_context *ctx = *state;
    const char *over[] = {"resolution_m=25", "name=changed", NULL};
    gt_scenario *s = load_text(ctx, BASE, over);
    assert_non_null(s);
    assert_string_equal(gt_scenario_name(s), "changed");
    gt_scenario_destroy(s);
    const char *bad[] = {"nosuch.key=1", NULL};
    assert_null(load_text(ctx, BASE, bad));
    assert_int_equal(gt_context_status(ctx), GT_ERR_USAGE);
    const char *typo[] = {"resolutoin_m=25", NULL};
    assert_null(load_text(ctx, BASE, typo)); /* added, then refused as unknown */
    assert_int_equal(gt_context_status(ctx), GT_ERR_SCENARIO);
}

/* Defaults a site scenario may leave out: the sensitivity settings, and
 * the demand values once `demand:` is there. */
static void test_site_defaults(void **state)
{
    char text[2048];
    snprintf(text, sizeof text, "%sdemand: {population: 1000}\n", BASE);
    gt_scenario *s = load_text(*state, text, NULL);
    assert_non_null(s);
    assert_int_equal(s->n_oat_steps, 6);
    ASSERT_NEAR(-0.2, s->oat_steps[0], 0);
    assert_int_equal(s->mc_runs, 200);
    assert_int_equal(s->mc_seed, 394);
    assert_int_equal(s->top_k, 10);
    ASSERT_NEAR(1000, s->demand.population, 0);
    ASSERT_NEAR(0.5, s->demand.kg_per_person_day_rural, 0);
    ASSERT_NEAR(20, s->demand.horizon_years, 0);
    ASSERT_NEAR(0.3, s->demand.allowance, 0);
    assert_null(s->out_cog);
    gt_scenario_destroy(s);
}

static const char *RANK = "name: r\n"
                          "crs: EPSG:32648\n"
                          "study_area: {source: area.gpkg}\n"
                          "inventory: {source: sites.csv, id_field: code}\n"
                          "inventory_fields: {volume_m3: vol}\n"
                          "outputs: {gpkg: out.gpkg, csv: out.csv, lang: en}\n";

/* A rank scenario: the shared keys, the rank keys and their defaults. */
static void test_rank_scenario(void **state)
{
    gt_scenario *s = load_text(*state, RANK, NULL);
    assert_non_null(s);
    assert_int_equal(s->kind, GT__SCENARIO_RANK);
    assert_string_equal(s->name, "r");
    assert_string_equal(s->crs, "EPSG:32648");
    assert_non_null(strstr(s->study_area.source, "area.gpkg"));
    assert_int_equal(s->n_layers, 0);
    assert_string_equal(s->out_gpkg, "out.gpkg");
    assert_string_equal(s->out_lang, "en");
    const gt__rank_part *r = s->rank;
    assert_string_equal(r->out_csv, "out.csv");
    assert_string_equal(r->profile_name, "vn-spr-2026");
    assert_int_equal(r->start_year, 2026);
    assert_int_equal(r->end_year, 2030);
    assert_string_equal(r->source_fields[GT__INVENTORY_SITE_ID], "code");
    assert_string_equal(r->source_fields[GT__INVENTORY_VOLUME_M3], "vol");
    assert_null(r->source_fields[GT__INVENTORY_NAME]);
    gt_scenario_destroy(s);
}

static void test_rank_errors(void **state)
{
    gt_context *ctx = *state;
    char text[2048];
    snprintf(text, sizeof text, "%s", RANK);
    memcpy(strstr(text, "crs:"), "cs: ", 4);
    expect_error(ctx, text, GT_ERR_SCENARIO, "unknown key 'cs'");
    snprintf(text, sizeof text, "%splan: {start_year: 2029, end_year: 2027}\n", RANK);
    expect_error(ctx, text, GT_ERR_SCENARIO, "plan: end_year 2027 is before start_year 2029");
    snprintf(text, sizeof text, "%splan: {sites_per_year: 2.5}\n", RANK);
    expect_error(ctx, text, GT_ERR_SCENARIO, "expected a whole number from 0 to 100000");
    snprintf(text, sizeof text, "%s", RANK);
    memcpy(strstr(text, "csv: out.csv"), "cog: out.tif", 12);
    expect_error(ctx, text, GT_ERR_SCENARIO,
                 "unknown key 'cog' (allowed: gpkg, csv, maps, report, lang)");
    snprintf(text, sizeof text, "%s", RANK);
    *strstr(text, "outputs:") = '\0';
    expect_error(ctx, text, GT_ERR_SCENARIO, "the scenario needs `outputs: {gpkg: ..., csv: ...}`");
    snprintf(text, sizeof text,
             "name: r\nstudy_area: {source: a.gpkg}\ninventory: {source: "
             "s.csv}\noutputs: {gpkg: o.gpkg}\n");
    expect_error(ctx, text, GT_ERR_SCENARIO, "the scenario needs `crs:` (a metric working CRS)");
    snprintf(text, sizeof text, "%s", RANK);
    memcpy(strstr(text, "lang: en"), "lang: fr", 8);
    expect_error(ctx, text, GT_ERR_SCENARIO, "lang is vi or en");
}

/* The same shared keys in a site scenario keep the site's messages. */
static void test_site_shared_key_errors(void **state)
{
    char text[2048];
    snprintf(text, sizeof text, "%s", BASE);
    memcpy(strstr(text, "crs:"), "#rs:", 4);
    expect_error(*state, text, GT_ERR_SCENARIO,
                 "the scenario needs `crs:` (a metric working CRS, e.g. EPSG:32648)");
    snprintf(text, sizeof text, "%s", BASE);
    memcpy(strstr(text, "outputs: {gpkg"), "outputs: {gpkx", 14);
    expect_error(*state, text, GT_ERR_SCENARIO,
                 "unknown key 'gpkx' (allowed: gpkg, maps, report, lang, cog)");
    snprintf(text, sizeof text, "%s", BASE);
    memcpy(strstr(text, "study_area:"), "#tudy_area:", 11);
    expect_error(*state, text, GT_ERR_SCENARIO, "the scenario needs `study_area:`");
}

/* An edit of BASE: `old` replaced by `new`, or `new` appended when `old`
 * is NULL; the load must fail with `status` and exactly `msg` after the
 * file name. */
typedef struct edit_case {
    const char *old, *new;
    gt_status status;
    const char *msg;
} edit_case;

#define AHP "weights:\n  ahp:\n    order: [slope, road_access]\n    matrix: [[1, 1/3], [3, 1]]\n"

static const edit_case block_errors[] = {
    {"resolution_m: 100", "resolution_m: 0", GT_ERR_SCENARIO,
     ":3:15: resolution_m: resolution_m must be positive"},
    {NULL, "facility: incinerator\n", GT_ERR_SCENARIO,
     ":16:11: facility: unknown facility 'incinerator' (sanitary_landfill, hazardous_landfill, "
     "inert_landfill, transfer_station, treatment_complex)"},
    {NULL, "constraints: {extra: x}\n", GT_ERR_SCENARIO,
     ":16:22: constraints.extra: `extra:` must be a list of rules"},
    {"fuzzy: {c: 5, d: 20}", "fuzzy: {shape: cone}", GT_ERR_SCENARIO,
     ":10:58: factors.slope.fuzzy.shape: unknown fuzzy shape 'cone' (linear, sigmoidal, j_shaped, "
     "gaussian, near, large, small, table)"},
    {"fuzzy: {c: 5, d: 20}", "fuzzy: {shape: gaussian, a: 1}", GT_ERR_SCENARIO,
     ":10:43: factors.slope.fuzzy: fuzzy gaussian takes `midpoint` and `spread`"},
    {"fuzzy: {c: 5, d: 20}", "fuzzy: {shape: near, spread: 1}", GT_ERR_SCENARIO,
     ":10:43: factors.slope.fuzzy: fuzzy near needs `midpoint`"},
    {"fuzzy: {c: 5, d: 20}", "fuzzy: {shape: large, midpoint: 1}", GT_ERR_SCENARIO,
     ":10:43: factors.slope.fuzzy: fuzzy large needs `spread`"},
    {"fuzzy: {c: 5, d: 20}", "fuzzy: {shape: linear, midpoint: 3}", GT_ERR_SCENARIO,
     ":10:43: factors.slope.fuzzy: fuzzy linear takes control points a, b, c, d"},
    {"fuzzy: {c: 5, d: 20}", "fuzzy: {a: 5}", GT_ERR_SCENARIO,
     ":10:43: factors.slope.fuzzy: give both a and b (the rising side) or neither"},
    {"fuzzy: {c: 5, d: 20}", "fuzzy: {c: 5}", GT_ERR_SCENARIO,
     ":10:43: factors.slope.fuzzy: give both c and d (the falling side) or neither"},
    {"fuzzy: {c: 5, d: 20}", "fuzzy: {shape: table, points: [[0, 0], [1]]}", GT_ERR_SCENARIO,
     ":10:83: factors.slope.fuzzy.points[1]: a point is [x, mu]"},
    {"fuzzy: {c: 5, d: 20}",
     "fuzzy: {shape: table, points: [[0, 0], [1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, "
     "0], [8, 0], [9, 0], [10, 0], [11, 0], [12, 0], [13, 0], [14, 0], [15, 0], [16, 0]]}",
     GT_ERR_SCENARIO, ":10:65: factors.slope.fuzzy.points: at most 16 points"},
    {"fuzzy: {c: 5, d: 20}", "nodata_fill: 2, fuzzy: {c: 5, d: 20}", GT_ERR_SCENARIO,
     ":10:56: factors.slope.nodata_fill: nodata_fill is a standardised score, from 0 to 1"},
    {"measure: slope_pct", "measure: area", GT_ERR_SCENARIO,
     ":10:32: factors.slope.measure: unknown measure 'area' (distance, slope_pct, class_score, haul)"},
    {"measure: slope_pct, fuzzy: {c: 5, d: 20}", "measure: class_score, scores: {a: 2}",
     GT_ERR_SCENARIO,
     ":10:57: factors.slope.scores.a: a class score must be between 0 and 1 (got 2)"},
    {"measure: slope_pct, fuzzy: {c: 5, d: 20}",
     "measure: class_score, scores: {a: 1}, fuzzy: {c: 1, d: 2}", GT_ERR_SCENARIO,
     ":10:61: factors.slope.fuzzy: a class_score factor takes `scores`, not `fuzzy`"},
    {AHP, "weights: {direct: {slope: 0, road_access: 0}}\n", GT_ERR_WEIGHTS,
     ":11:11: weights.direct: the weights sum to 0"},
    {AHP, "weights: {direct: {slope: 1}}\n", GT_ERR_WEIGHTS,
     ":11:11: weights.direct: no weight for factor 'road_access'"},
    {AHP, "weights: {direct: {slope: -1, road_access: 1}}\n", GT_ERR_WEIGHTS,
     ":11:27: weights.direct.slope: a weight must not be negative"},
    {AHP, "weights: {direct: {slope: 1, roads: 1}}\n", GT_ERR_SCENARIO,
     ":11:30: weights.direct.roads: 'roads' is not a factor of this scenario"},
    {AHP, "weights: {direct: {slope: 1, road_access: 1}, rank_order: {}}\n", GT_ERR_SCENARIO,
     ":11:1: weights: give exactly one of `direct:`, `ahp:` or `rank_order:`"},
    {AHP, "weights: {rank_order: {method: best, order: [slope, road_access]}}\n", GT_ERR_SCENARIO,
     ":11:32: weights.rank_order.method: unknown rank-order method 'best' (roc, rank_sum, "
     "reciprocal)"},
    {AHP, "weights: {rank_order: {order: [slope, slope]}}\n", GT_ERR_SCENARIO,
     ":11:24: weights.rank_order.order: 'slope' in `order` is not a factor, or is listed twice"},
    {AHP, "weights: {rank_order: {method: roc}}\n", GT_ERR_SCENARIO,
     ":11:11: weights.rank_order: `rank_order:` needs `order:` (factors, most important first)"},
    {AHP, "weights: {rank_order: {order: [slope]}}\n", GT_ERR_SCENARIO,
     ":11:24: weights.rank_order.order: `order` lists 1 factors; the scenario has 2"},
    {"order: [slope, road_access]", "order: [slope, slope]", GT_ERR_SCENARIO,
     ":13:5: weights.ahp.order: 'slope' is listed twice in `order`"},
    {"order: [slope, road_access]", "order: [slope, dem]", GT_ERR_SCENARIO,
     ":13:5: weights.ahp.order: 'dem' in `order` is not a factor"},
    {"[[1, 1/3], [3, 1]]", "[[1, 1/3], [3]]", GT_ERR_AHP_MATRIX,
     ":14:25: weights.ahp.matrix[1]: row 2 of `matrix` must have 2 judgments"},
    {"[[1, 1/3], [3, 1]]", "[[1, 1/3], [3, 1]]\n    method: power", GT_ERR_SCENARIO,
     ":15:13: weights.ahp.method: unknown AHP method 'power' (eigen, geometric)"},
    {NULL, "demand: {urban_share: 0.5}\n", GT_ERR_SCENARIO,
     ":16:1: demand: `demand:` needs `population:` or `population_layer:`"},
    {NULL, "demand: {population_layer: roads}\n", GT_ERR_SCENARIO,
     ":16:28: demand.population_layer: no layer 'roads' with a `population_field` under `layers:`"},
    {NULL, "regions: {connectivity: 6}\n", GT_ERR_SCENARIO,
     ":16:25: regions.connectivity: connectivity is 4 (edges) or 8 (edges and corners)"},
    {NULL, "regions: {road_layer: rivers}\n", GT_ERR_SCENARIO,
     ":16:23: regions.road_layer: no layer 'rivers' under `layers:`"},
    {NULL, "sensitivity: {oat_steps: 0.1}\n", GT_ERR_SCENARIO,
     ":16:26: sensitivity.oat_steps: oat_steps: a list of up to 16 relative changes, e.g. [-0.1, "
     "0.1]"},
    {NULL, "sensitivity: {oat_steps: [-1]}\n", GT_ERR_SCENARIO,
     ":16:27: sensitivity.oat_steps[0]: a step is a relative change above -1 (-100 %) and at "
     "most 10 (+1000 %); got -1"},
    {NULL, "sensitivity: {oat_steps: [0.1, 1000]}\n", GT_ERR_SCENARIO,
     ":16:32: sensitivity.oat_steps[1]: a step is a relative change above -1 (-100 %) and at "
     "most 10 (+1000 %); got 1000"},
    {NULL, "sensitivity: {monte_carlo_runs: 1.5}\n", GT_ERR_SCENARIO,
     ":16:33: sensitivity.monte_carlo_runs: monte_carlo_runs: a whole number, 0 to 100000"},
    {NULL, "sensitivity: {concentration: 0}\n", GT_ERR_SCENARIO,
     ":16:30: sensitivity.concentration: concentration must be positive, at most 1e6"},
    {NULL, "sensitivity: {seed: -1}\n", GT_ERR_SCENARIO,
     ":16:21: sensitivity.seed: seed: a whole number, 0 to 2^53 (9007199254740992)"},
    {NULL, "sensitivity: {top_k: 0}\n", GT_ERR_SCENARIO,
     ":16:22: sensitivity.top_k: top_k: a whole number, 1 to 1000"},
    {NULL, "sensitivity: {monte_carlo_runs: -1, top_k: 0}\n", GT_ERR_SCENARIO,
     ":16:33: sensitivity.monte_carlo_runs: monte_carlo_runs: a whole number, 0 to 100000"},
    {NULL, "aggregation: {method: sum}\n", GT_ERR_SCENARIO,
     ":16:23: aggregation.method: unknown aggregation 'sum' (wlc, wpm, owa)"},
    {NULL, "aggregation: {method: owa}\n", GT_ERR_SCENARIO,
     ":16:1: aggregation: OWA needs `order_weights:` with one weight per factor (2), for the "
     "largest value first"},
    {NULL, "aggregation: {method: owa, order_weights: [1, -1]}\n", GT_ERR_SCENARIO,
     ":16:47: aggregation.order_weights[1]: an order weight must not be negative"},
    {NULL, "aggregation: {method: owa, order_weights: [0, 0]}\n", GT_ERR_SCENARIO,
     ":16:28: aggregation.order_weights: the order weights sum to 0"},
    {NULL, "aggregation: {method: wpm, order_weights: [1, 1]}\n", GT_ERR_SCENARIO,
     ":16:28: aggregation.order_weights: `order_weights` goes with `method: owa`"},
    {NULL, "facility: incinerator\naggregation: {method: sum}\nsensitivity: {top_k: 0}\n",
     GT_ERR_SCENARIO,
     ":16:11: facility: unknown facility 'incinerator' (sanitary_landfill, hazardous_landfill, "
     "inert_landfill, transfer_station, treatment_complex)"},
    {NULL,
     "aggregation: {method: sum}\nsensitivity: {top_k: 0}\nregions: {connectivity: 6}\ndemand: "
     "{}\n",
     GT_ERR_SCENARIO, ":19:1: demand: `demand:` needs `population:` or `population_layer:`"},
};

static void apply_edit(char *text, size_t size, const char *old, const char *new)
{
    if (!old) {
        snprintf(text, size, "%s%s", BASE, new);
        return;
    }
    const char *at = strstr(BASE, old);
    assert_non_null(at);
    snprintf(text, size, "%.*s%s%s", (int)(at - BASE), BASE, new, at + strlen(old));
}

/* Every check of the site blocks, with its position, key path and the
 * whole message; the last cases have several mistakes, and the one read
 * first is reported. */
static void test_block_errors(void **state)
{
    gt_context *ctx = *state;
    for (size_t i = 0; i < sizeof block_errors / sizeof *block_errors; i++) {
        const edit_case *c = &block_errors[i];
        char text[4096], want[1024];
        apply_edit(text, sizeof text, c->old, c->new);
        gt_scenario *s = load_text(ctx, text, NULL);
        snprintf(want, sizeof want, "%s%s", path, c->msg);
        if (s || gt_context_status(ctx) != c->status || strcmp(gt_context_errmsg(ctx), want)) {
            print_error("case %zu: got status %d '%s', want %d '%s'\n", i,
                        s ? 0 : (int)gt_context_status(ctx), s ? "" : gt_context_errmsg(ctx),
                        (int)c->status, want);
            gt_scenario_destroy(s);
            fail();
        }
    }
}

/* Every numeric key refuses a value that is not finite, written as a
 * number or as a fraction (which AHP judgments allow everywhere), with its
 * key path: none may reach a grid size, a weight or a threshold. A bad
 * judgment stays an AHP matrix error, as a judgment that is not a number. */
static void test_non_finite_numbers(void **state)
{
    gt_context *ctx = *state;
    const char *values[] = {"inf/1", "nan/1", "1/0", "1/inf", "1e999", "nan", "-inf", "1/nan"};
    const struct {
        const char *old, *new, *key;
        gt_status status;
    } keys[] = {
        {"resolution_m: 100", "resolution_m: %s", "resolution_m: ", GT_ERR_SCENARIO},
        {"matrix: [[1, 1/3]", "matrix: [[1, %s]", "weights.ahp.matrix[0][1]: ", GT_ERR_AHP_MATRIX},
        {"c: 500, d: 5000", "c: %s, d: 5000", "factors.road_access.fuzzy.c: ", GT_ERR_SCENARIO},
        {AHP, AHP "    cr_limit: %s\n", "weights.ahp.cr_limit: ", GT_ERR_SCENARIO},
        {AHP, "weights: {direct: {slope: %s, road_access: 1}}\n",
         "weights.direct.slope: ", GT_ERR_SCENARIO},
        {NULL, "regions: {min_score: %s}\n", "regions.min_score: ", GT_ERR_SCENARIO},
        {NULL, "demand: {population: %s}\n", "demand.population: ", GT_ERR_SCENARIO},
    };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
            char edit[512], text[4096], want[256];
            snprintf(edit, sizeof edit, keys[k].new, values[v]);
            apply_edit(text, sizeof text, keys[k].old, edit);
            snprintf(want, sizeof want, "%sexpected a finite number", keys[k].key);
            expect_error(ctx, text, keys[k].status, want);
        }
    char text[2048];
    snprintf(text, sizeof text, "%splan: {annual_budget: 1/0}\n", RANK);
    expect_error(ctx, text, GT_ERR_SCENARIO, "plan.annual_budget: expected a finite number");
}

/* Values the blocks read: direct weights scaled to sum to 1, rank-order
 * weights, OWA order weights, the tables of demand, regions and
 * sensitivity with their defaults, and the AHP cr_limit default. */
static void test_block_values(void **state)
{
    gt_context *ctx = *state;
    char text[4096];
    apply_edit(text, sizeof text, AHP,
               "weights: {direct: {slope: 30, road_access: 70}}\n"
               "demand: {population: 10, kg_per_person_day: {rural: 0.7}, allowance: 0.5}\n"
               "regions: {min_area_ha: 3, connectivity: 8}\n"
               "sensitivity: {oat_steps: [0.5], monte_carlo_runs: 0, concentration: 0.5, "
               "seed: 7, top_k: 1000}\n"
               "aggregation: {method: owa, order_weights: [3, 1]}\n");
    gt_scenario *s = load_text(ctx, text, NULL);
    assert_non_null(s);
    assert_int_equal(s->weights_mode, GT__WEIGHTS_DIRECT);
    ASSERT_NEAR(0.7, s->direct_weights[0], 1e-15); /* road_access, the first factor */
    ASSERT_NEAR(0.3, s->direct_weights[1], 1e-15);
    ASSERT_NEAR(0, s->cr_limit, 0);
    ASSERT_NEAR(10, s->demand.population, 0);
    ASSERT_NEAR(1.0, s->demand.kg_per_person_day_urban, 0);
    ASSERT_NEAR(0.7, s->demand.kg_per_person_day_rural, 0);
    ASSERT_NEAR(1.0, s->demand.collection_rate, 0);
    ASSERT_NEAR(0.8, s->demand.density_t_per_m3, 0);
    ASSERT_NEAR(0.5, s->demand.allowance, 0);
    assert_true(s->has_regions);
    ASSERT_NEAR(0.6, s->regions_min_score, 0);
    ASSERT_NEAR(3, s->regions_min_area_ha, 0);
    assert_int_equal(s->regions_connectivity, 8);
    assert_true(s->has_sensitivity);
    assert_int_equal(s->n_oat_steps, 1);
    ASSERT_NEAR(0.5, s->oat_steps[0], 0);
    assert_int_equal(s->mc_runs, 0);
    ASSERT_NEAR(0.5, s->mc_concentration, 0);
    assert_int_equal(s->mc_seed, 7);
    assert_int_equal(s->top_k, 1000);
    assert_int_equal(s->aggregation, GT__AGG_OWA);
    ASSERT_NEAR(0.75, s->order_weights[0], 1e-15);
    ASSERT_NEAR(0.25, s->order_weights[1], 1e-15);
    gt_scenario_destroy(s);

    apply_edit(text, sizeof text, AHP,
               "weights: {rank_order: {order: [slope, road_access]}}\nregions: {}\n");
    assert_non_null(s = load_text(ctx, text, NULL));
    assert_int_equal(s->weights_mode, GT__WEIGHTS_RANK);
    assert_int_equal(s->rank_method, GT_RANK_ROC);
    ASSERT_NEAR(0.25, s->direct_weights[0], 1e-15); /* ROC for 2: 3/4 and 1/4 */
    ASSERT_NEAR(0.75, s->direct_weights[1], 1e-15);
    assert_true(isnan(s->regions_min_area_ha));
    assert_int_equal(s->regions_connectivity, 4);
    assert_false(s->has_demand);
    assert_false(s->has_sensitivity);
    assert_int_equal(s->mc_runs, 200);
    ASSERT_NEAR(5, s->mc_concentration, 0);
    gt_scenario_destroy(s);

    assert_non_null(s = load_text(ctx, BASE, NULL));
    assert_int_equal(s->weights_mode, GT__WEIGHTS_AHP);
    ASSERT_NEAR(0.10, s->cr_limit, 0);
    ASSERT_NEAR(3, s->ahp_matrix[1], 0); /* road_access over slope, in factor order */
    assert_false(s->has_regions);
    gt_scenario_destroy(s);
}

/* `crs: VN-2000 <province>` resolves to the province's EPSG code
 * (docs/crs.md); an unknown province names file:line:col and suggests. */
static void with_crs(char *text, size_t size, const char *crs)
{
    const char *rest = strstr(BASE, "\nresolution_m");
    snprintf(text, size, "name: t\ncrs: %s%s", crs, rest);
}

static void test_vn2000_crs(void **state)
{
    char text[2048];
    with_crs(text, sizeof text, "VN-2000 Ninh Bình");
    gt_scenario *s = load_text(*state, text, NULL);
    assert_non_null(s);
    assert_string_equal(s->crs, "EPSG:5897");
    gt_scenario_destroy(s);
    with_crs(text, sizeof text, "\"VN-2000 20\"");
    assert_non_null(s = load_text(*state, text, NULL));
    assert_string_equal(s->crs, "EPSG:9215");
    gt_scenario_destroy(s);
    /* PROJ's own names stay as written. */
    with_crs(text, sizeof text, "VN-2000 / TM-3 107-15");
    assert_non_null(s = load_text(*state, text, NULL));
    assert_string_equal(s->crs, "VN-2000 / TM-3 107-15");
    gt_scenario_destroy(s);
    const char *const over[] = {"crs=VN-2000 lang son", NULL};
    assert_non_null(s = load_text(*state, BASE, over));
    assert_string_equal(s->crs, "EPSG:9215");
    gt_scenario_destroy(s);
    with_crs(text, sizeof text, "VN-2000 Lang Sonn");
    expect_error(*state, text, GT_ERR_SCENARIO,
                 ":2:6: crs: unknown province 'Lang Sonn' (did you mean Lạng Sơn?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_valid, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_syntax_error_position, gt_test_setup,
                                        gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_key, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_bad_number_names_key_path, gt_test_setup,
                                        gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_fuzzy_order, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_factor_layer, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_matrix_shape, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_override, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_site_defaults, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_rank_scenario, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_rank_errors, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_site_shared_key_errors, gt_test_setup,
                                        gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_block_errors, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_block_values, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_non_finite_numbers, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_vn2000_crs, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
