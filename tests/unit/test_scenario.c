/*
 * test_scenario.c: the scenario reader: errors name file:line:col and the
 * key path; fractions; --set overrides; AHP orientation.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include <unistd.h>

#include "gt_test.h"

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
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
