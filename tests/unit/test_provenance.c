/*
 * test_provenance.c: the run's record in its GeoPackage: the run_info header
 * in its documented order with its values, command keys after it, reading a
 * key back, and run_inputs sources recorded relative to the scenario's
 * folder and resolved against it again. SPDX-License-Identifier: MIT
 */
#include <string.h>
#include <unistd.h>

#include "gt_test.h"
#include "layers/layers.h"

/* A folder with a scenario file, and the path of a GeoPackage in it. */
typedef struct {
    char dir[64], yaml[128], gpkg[128];
} fixture;

static void make_fixture(fixture *fx)
{
    snprintf(fx->dir, sizeof fx->dir, "/tmp/gt_provenance_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->yaml, sizeof fx->yaml, "%s/s.yaml", fx->dir);
    snprintf(fx->gpkg, sizeof fx->gpkg, "%s/run.gpkg", fx->dir);
    FILE *f = fopen(fx->yaml, "w");
    assert_non_null(f);
    fputs("name: test\n", f);
    fclose(f);
}

static void drop_fixture(const fixture *fx)
{
    unlink(fx->yaml);
    unlink(fx->gpkg);
    rmdir(fx->dir);
}

/* Write a run whose header has `facility` (NULL: none), then open it. */
static GDALDatasetH write_run(gt_context *ctx, const fixture *fx, const char *facility)
{
    char *argv[] = {"gistool", "site", "s.yaml", "--set", "a=1"};
    const char *over[] = {"a=1", "b.c=x y"};
    const gt__run_kv space[] = {{GT__KEY_RESOLUTION_M, "50"}, {GT__KEY_GRID, "2 x 3 cells"}};
    gt__run_header h = {.command = GT__CMD_SITE,
                        .argc = 5,
                        .argv = argv,
                        .overrides = over,
                        .n_overrides = 2,
                        .scenario_name = "Test",
                        .scenario_path = fx->yaml,
                        .scenario_text = "name: test\n",
                        .facility = facility,
                        .working_crs = "EPSG:32648",
                        .space = space,
                        .n_space = 2,
                        .profile_id = NULL,
                        .profile_path = NULL};
    gt__gpkg *g = gt__gpkg_begin(ctx, fx->gpkg);
    assert_non_null(g);
    OGRLayerH l = gt__run_info_begin(ctx, g, &h);
    assert_non_null(l);
    assert_int_equal(gt__run_info_put(ctx, l, "weights_method", "%s", "ahp"), GT_OK);
    OGRLayerH in = gt__run_inputs_begin(ctx, g);
    assert_non_null(in);
    char *classes[] = {"Quốc Gia", "urban"};
    char source[192];
    snprintf(source, sizeof source, "%s/data/roads.gpkg", fx->dir);
    gt__layer_spec roads = {.name = "roads",
                            .source = source,
                            .layer = "lines",
                            .where = "kind <> 'rail'",
                            .class_field = "cap",
                            .classes = classes,
                            .n_classes = 2,
                            .label = "real: roads"};
    assert_int_equal(gt__run_inputs_put(ctx, in, fx->dir, &roads, false), GT_OK);
    gt__layer_spec abs = {.name = "rivers", .source = "/elsewhere/rivers.shp"};
    assert_int_equal(gt__run_inputs_put(ctx, in, fx->dir, &abs, false), GT_OK);
    assert_int_equal(gt__gpkg_commit(ctx, g), GT_OK);
    GDALDatasetH ds = GDALOpenEx(fx->gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    return ds;
}

static void test_run_info(void **state)
{
    gt_context *ctx = *state;
    GDALAllRegister();
    fixture fx;
    make_fixture(&fx);
    GDALDatasetH ds = write_run(ctx, &fx, "sanitary_landfill");
    static const char *const order[] = {"tool",
                                        "command",
                                        "command_line",
                                        "versions",
                                        "started_utc",
                                        "scenario_name",
                                        "scenario_path",
                                        "scenario_sha256",
                                        "scenario_overrides",
                                        "scenario_text",
                                        "facility",
                                        "working_crs",
                                        "resolution_m",
                                        "grid",
                                        "profile",
                                        "profile_path",
                                        "weights_method"};
    OGRLayerH l = GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_INFO);
    assert_non_null(l);
    OGRFeatureH f;
    size_t i = 0;
    while ((f = OGR_L_GetNextFeature(l))) {
        assert_true(i < sizeof order / sizeof order[0]);
        assert_string_equal(OGR_F_GetFieldAsString(f, 0), order[i++]);
        OGR_F_Destroy(f);
    }
    assert_int_equal(i, sizeof order / sizeof order[0]);
    static const char *const expect[][2] = {{"command", "site"},
                                            {"command_line", "gistool site s.yaml --set a=1"},
                                            {"scenario_overrides", "a=1; b.c=x y"},
                                            {"scenario_name", "Test"},
                                            {"profile", "(none)"},
                                            {"profile_path", ""},
                                            {"grid", "2 x 3 cells"},
                                            {"weights_method", "ahp"}};
    for (size_t k = 0; k < sizeof expect / sizeof expect[0]; k++) {
        char *v = gt__run_info_get(ctx, ds, expect[k][0]);
        assert_non_null(v);
        assert_string_equal(v, expect[k][1]);
        free(v);
    }
    char *tool = gt__run_info_get(ctx, ds, "tool");
    assert_non_null(tool);
    assert_true(!strncmp(tool, "gistool ", 8));
    free(tool);
    char *sha = gt__run_info_get(ctx, ds, "scenario_sha256");
    assert_int_equal(strlen(sha), 64);
    free(sha);
    assert_null(gt__run_info_get(ctx, ds, "no_such_key"));
    GDALClose(ds);
    /* Without a facility (rank), the key is not written at all. */
    ds = write_run(ctx, &fx, NULL);
    assert_null(gt__run_info_get(ctx, ds, "facility"));
    GDALClose(ds);
    drop_fixture(&fx);
}

static void test_run_inputs(void **state)
{
    gt_context *ctx = *state;
    GDALAllRegister();
    fixture fx;
    make_fixture(&fx);
    GDALDatasetH ds = write_run(ctx, &fx, NULL);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_INPUTS);
    OGRFeatureH f = OGR_L_GetNextFeature(l);
    assert_string_equal(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "source")),
                        "data/roads.gpkg");
    OGR_F_Destroy(f);
    gt__layer_spec *s = NULL;
    assert_int_equal(gt__run_input_spec(ctx, ds, "roads", &s), GT_OK);
    assert_non_null(s);
    char want[192];
    snprintf(want, sizeof want, "%s/data/roads.gpkg", fx.dir);
    assert_string_equal(s->source, want);
    assert_string_equal(s->layer, "lines");
    assert_string_equal(s->where, "kind <> 'rail'");
    assert_string_equal(s->class_field, "cap");
    assert_int_equal(s->n_classes, 2);
    assert_string_equal(s->classes[0], "Quốc Gia");
    assert_string_equal(s->label, "real: roads");
    gt__layer_spec_free(s);
    free(s);
    assert_int_equal(gt__run_input_spec(ctx, ds, "rivers", &s), GT_OK);
    assert_string_equal(s->source, "/elsewhere/rivers.shp");
    assert_null(s->label);
    gt__layer_spec_free(s);
    free(s);
    assert_int_equal(gt__run_input_spec(ctx, ds, "dem", &s), GT_OK);
    assert_null(s);
    GDALClose(ds);
    drop_fixture(&fx);
}

/* The risk classes the SPR model names (algorithms/spr.c) are the values
 * the styles and map sheets match (output_names.h): a rename on one side
 * must fail here, not silently uncolour the landfills. */
static void test_risk_class_names(void **state)
{
    (void)state;
    assert_string_equal(gt_risk_class_name(GT_RISK_HIGH), GT__RISK_HIGH);
    assert_string_equal(gt_risk_class_name(GT_RISK_MODERATE), GT__RISK_MODERATE);
    assert_string_equal(gt_risk_class_name(GT_RISK_LOW), GT__RISK_LOW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_run_info, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_run_inputs, gt_test_setup, gt_test_teardown),
        cmocka_unit_test(test_risk_class_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
