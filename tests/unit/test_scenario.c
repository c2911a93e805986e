/*
 * test_scenario.c: the scenario reader: errors name file:line:col and the
 * key path; fractions; --set overrides; AHP orientation.
 * SPDX-License-Identifier: MIT
 */
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
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
