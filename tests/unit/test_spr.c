/*
 * test_spr.c: the source-pathway-receptor score of one landfill, the
 * remediation option and cost rules, and the profile checks, on a small
 * profile whose numbers are worked out by hand below.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include <unistd.h>

#include "gt_test.h"

#include "gistool/scenario.h"

static void rows(gt__spr_rows *t, int n, const char *const *keys, const double *values)
{
    t->n = n;
    for (int i = 0; i < n; i++) {
        t->key[i] = (char *)keys[i];
        t->value[i] = values[i];
    }
}

static void bands(gt__spr_bands *t, double upper, double below, double above)
{
    t->n = 2;
    t->band[0] = (gt_band){upper, below};
    t->band[1] = (gt_band){INFINITY, above};
}

/* Every maximum is 1, so a linkage is 100 x S x P x R. */
static void make_profile(gt__spr_profile *p)
{
    memset(p, 0, sizeof *p);
    p->path = (char *)"test-profile.yaml";
    p->high_min_pct = 70;
    p->moderate_min_pct = 40;
    static const char *const waste[] = {"household", "hazardous", "industrial", "mixed"};
    rows(&p->waste, 4, waste, (const double[]){0.5, 1.0, 0.8, 0.6});
    rows(&p->gas_waste, 4, waste, (const double[]){1.0, 0.5, 0.5, 0.8});
    rows(&p->liner, 2, (const char *const[]){"yes", "no"}, (const double[]){0.5, 1.0});
    rows(&p->cover, 3, (const char *const[]){"none", "partial", "full"},
         (const double[]){1.0, 0.5, 0.25});
    rows(&p->leachate, 3, (const char *const[]){"yes", "no", "unknown"},
         (const double[]){1.0, 0.5, 0.8});
    rows(&p->burning, 3, (const char *const[]){"YES", "No", "unknown"}, /* any case */
         (const double[]){1.0, 0.2, 0.5});
    bands(&p->volume_m3, 10000, 0.5, 1.0);
    p->groundwater_in_flood_zone = 1.0;
    p->groundwater_otherwise = 0.5;
    p->surface_water_in_flood_zone = 1.0;
    bands(&p->surface_water_dist_m, 100, 1.0, 0.5);
    bands(&p->gas_dist_residential_m, 100, 1.0, 0.2);
    bands(&p->burning_dist_residential_m, 250, 1.0, 0.5);
    bands(&p->well_dist_m, 500, 1.0, 0.25);
    bands(&p->protected_dist_m, 1000, 1.0, 0.5);
    bands(&p->pop_500m, 100, 0.25, 1.0);
    bands(&p->pop_2km, 1000, 0.5, 1.0);
    p->excavate_max_volume_m3 = 5000;
    p->excavate_near_water_max_volume_m3 = 50000;
    p->water_buffer_m = 100;
    p->upgrade_min_volume_m3 = 100000;
    p->upgrade_min_dist_water_m = 500;
    p->cost_excavate_per_m3 = 10;
    p->cost_cap_per_ha = 1000;
    p->cost_upgrade_per_ha = 5000;
}

/* Indices into gt__spr_category_values(). */
enum { HOUSEHOLD, HAZARDOUS, INDUSTRIAL, MIXED };
enum { YES, NO, UNKNOWN };
enum { COVER_NONE, COVER_PARTIAL, COVER_FULL };

/* An operating unsanitary landfill of household waste, 20 000 m3 (volume
 * 1.0), 2 ha, no liner (1.0), partly covered (0.5), leachate unknown (0.8),
 * no burning (0.2), outside the flood zone:
 *   source:   leachate 0.5 x 1.0 x 1.0 x 0.8 = 0.4, gas 1.0 x 1.0 x 0.5 = 0.5,
 *             burning 0.2 x 0.5 = 0.1
 *   pathway:  groundwater 0.5, surface water at 300 m 0.5, gas and burning
 *             with homes at 50 m 1.0
 *   receptor: well at 200 m 1.0, protected area at 2 km 0.5, 50 people
 *             within 500 m 0.25, 500 within 2 km 0.5
 *   linkages: 0.4 x 0.5 x 1.0 = 20 %, 0.4 x 0.5 x 0.5 = 10 %,
 *             0.5 x 1.0 x 0.25 = 12.5 %, 0.1 x 1.0 x 0.5 = 5 %
 * The worst is leachate to groundwater: 20 %, Low. Too large to dig out
 * (> 5 000 m3) and not near water; too small to upgrade (< 100 000 m3):
 * close and cap, 2 ha x 1 000 = 2 000. */
static const gt__spr_site_input SITE_A = {
    .type = GT__UNSANITARY_LANDFILL,
    .status = GT__STATUS_OPERATING,
    .waste = HOUSEHOLD,
    .liner = NO,
    .cover = COVER_PARTIAL,
    .leachate = UNKNOWN,
    .burning = NO,
    .volume_m3 = 20000,
    .area_ha = 2,
    .in_flood_zone = 0,
    .dist_water_m = 300,
    .dist_well_m = 200,
    .dist_protected_m = 2000,
    .dist_residential_m = 50,
    .pop_500m = 50,
    .pop_2km = 500,
};

static void test_score_by_hand(void **state)
{
    gt__spr_profile p;
    make_profile(&p);
    assert_int_equal(gt__spr_profile_check(*state, &p), GT_OK);
    gt__spr_site_result r;
    gt__spr_score_site(&p, &SITE_A, &r);
    ASSERT_NEAR(0.4, r.source_leachate, 1e-12);
    ASSERT_NEAR(0.5, r.source_gas, 1e-12);
    ASSERT_NEAR(0.1, r.source_burning, 1e-12);
    ASSERT_NEAR(0.5, r.pathway_groundwater, 0);
    ASSERT_NEAR(0.5, r.pathway_surface_water, 0);
    ASSERT_NEAR(1.0, r.pathway_gas, 0);
    ASSERT_NEAR(1.0, r.receptor_wells, 0);
    ASSERT_NEAR(0.25, r.receptor_pop_500m, 0);
    ASSERT_NEAR(20.0, r.linkage_pct[GT__LINK_LEACHATE_GROUNDWATER], 1e-9);
    ASSERT_NEAR(10.0, r.linkage_pct[GT__LINK_LEACHATE_SURFACE_WATER], 1e-9);
    ASSERT_NEAR(12.5, r.linkage_pct[GT__LINK_GAS_RESIDENTS], 1e-9);
    ASSERT_NEAR(5.0, r.linkage_pct[GT__LINK_BURNING_RESIDENTS], 1e-9);
    assert_int_equal(r.worst, GT__LINK_LEACHATE_GROUNDWATER);
    ASSERT_NEAR(20.0, r.risk_pct, 1e-9);
    assert_int_equal(r.risk_class, GT_RISK_LOW);
    assert_int_equal(r.option, GT__OPTION_CLOSE_CAP);
    ASSERT_NEAR(2000, r.cost, 0);
    assert_string_equal(gt__spr_linkage_name(r.worst), "leachate_groundwater");
    assert_string_equal(gt__remediation_option_name(r.option), "close_cap");

    /* In the flood zone: groundwater 1.0 gives 40 % (Moderate, the class
     * starts at its minimum); surface water rises to 1.0 (20 %); near
     * water and <= 50 000 m3, it is dug out: 20 000 x 10. */
    gt__spr_site_input flooded = SITE_A;
    flooded.in_flood_zone = 1;
    gt__spr_score_site(&p, &flooded, &r);
    ASSERT_NEAR(40.0, r.risk_pct, 1e-9);
    ASSERT_NEAR(20.0, r.linkage_pct[GT__LINK_LEACHATE_SURFACE_WATER], 1e-9);
    assert_int_equal(r.risk_class, GT_RISK_MODERATE);
    assert_int_equal(r.option, GT__OPTION_EXCAVATE_RELOCATE);
    ASSERT_NEAR(200000, r.cost, 0);
}

/* Nothing known around the site: every pathway and receptor takes its
 * worst value, the flood zone counts as inside. Hazardous waste, no liner,
 * no cover, leachate and burning seen: sources 1, 0.5 (gas), 1. Linkages
 * 100, 100, 50, 100 %: the first of the equal worst (groundwater) wins. */
static void test_score_unknowns_are_worst(void **state)
{
    gt__spr_profile p;
    make_profile(&p);
    gt__spr_site_input in = {
        .type = GT__SPONTANEOUS_DUMP,
        .status = GT__STATUS_CLOSED,
        .waste = HAZARDOUS,
        .liner = NO,
        .cover = COVER_NONE,
        .leachate = YES,
        .burning = YES,
        .volume_m3 = 20000,
        .area_ha = 1,
        .in_flood_zone = -1,
        .dist_water_m = NAN,
        .dist_well_m = NAN,
        .dist_protected_m = NAN,
        .dist_residential_m = NAN,
        .pop_500m = NAN,
        .pop_2km = NAN,
    };
    gt__spr_site_result r;
    gt__spr_score_site(&p, &in, &r);
    ASSERT_NEAR(100.0, r.linkage_pct[GT__LINK_LEACHATE_GROUNDWATER], 1e-9);
    ASSERT_NEAR(100.0, r.linkage_pct[GT__LINK_LEACHATE_SURFACE_WATER], 1e-9);
    ASSERT_NEAR(50.0, r.linkage_pct[GT__LINK_GAS_RESIDENTS], 1e-9);
    ASSERT_NEAR(100.0, r.linkage_pct[GT__LINK_BURNING_RESIDENTS], 1e-9);
    assert_int_equal(r.worst, GT__LINK_LEACHATE_GROUNDWATER);
    assert_int_equal(r.risk_class, GT_RISK_HIGH);
    assert_int_equal(r.option, GT__OPTION_EXCAVATE_RELOCATE); /* unknown water: near */
}

static void test_option_and_cost_rules(void **state)
{
    gt__spr_profile p;
    make_profile(&p);
    gt__spr_site_input s = SITE_A;
    /* A sanitary landfill needs nothing, whatever its size. */
    s.type = GT__SANITARY_LANDFILL;
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_NONE);
    ASSERT_NEAR(0, gt__spr_cost(&p, GT__OPTION_NONE, 1e6, 100), 0);
    /* Small: dug out, up to and including the limit. */
    s = SITE_A;
    s.volume_m3 = 5000;
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_EXCAVATE_RELOCATE);
    s.volume_m3 = 5000.5;
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_CLOSE_CAP);
    /* Near water (closer than 100 m): dug out up to 50 000 m3. */
    s.dist_water_m = 99.9;
    s.volume_m3 = 50000;
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_EXCAVATE_RELOCATE);
    s.volume_m3 = 50001;
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_CLOSE_CAP);
    /* Large, operating, dry and at least 500 m from water: upgraded. */
    s = SITE_A;
    s.volume_m3 = 100000;
    s.dist_water_m = 500;
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_UPGRADE_SANITARY);
    s.dist_water_m = NAN; /* not known to be far from water */
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_CLOSE_CAP);
    s.dist_water_m = 500;
    s.status = GT__STATUS_CLOSED; /* only an operating landfill is upgraded */
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_CLOSE_CAP);
    s.status = GT__STATUS_OPERATING;
    s.type = GT__SPONTANEOUS_DUMP; /* nor is a dump */
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_CLOSE_CAP);
    s.type = GT__UNSANITARY_LANDFILL;
    s.in_flood_zone = -1; /* unknown flood zone counts as inside */
    assert_int_equal(gt__spr_option(&p, &s), GT__OPTION_CLOSE_CAP);
    /* Costs: excavation by volume, the others by area. */
    ASSERT_NEAR(30000, gt__spr_cost(&p, GT__OPTION_EXCAVATE_RELOCATE, 3000, 7), 0);
    ASSERT_NEAR(7000, gt__spr_cost(&p, GT__OPTION_CLOSE_CAP, 3000, 7), 0);
    ASSERT_NEAR(35000, gt__spr_cost(&p, GT__OPTION_UPGRADE_SANITARY, 3000, 7), 0);
}

static void test_missing_row_is_an_error(void **state)
{
    gt__spr_profile p;
    make_profile(&p);
    /* gas_waste without its `industrial` row. */
    static const char *const waste[] = {"household", "hazardous", "mixed"};
    rows(&p.gas_waste, 3, waste, (const double[]){1.0, 0.5, 0.8});
    assert_int_equal(gt__spr_profile_check(*state, &p), GT_ERR_PROFILE);
    assert_string_equal(gt_context_errmsg(*state),
                        "test-profile.yaml: source.gas_waste has no row for 'industrial' (every "
                        "value of waste_type needs one)");
    make_profile(&p);
    p.cover.n = 2; /* no `full` row */
    assert_int_equal(gt__spr_profile_check(*state, &p), GT_ERR_PROFILE);
    assert_non_null(strstr(gt_context_errmsg(*state), "source.cover has no row for 'full'"));
}

static void test_categories(void **state)
{
    assert_int_equal(gt__spr_category_index(GT__CATEGORY_TYPE, "Spontaneous_Dump"),
                     GT__SPONTANEOUS_DUMP);
    assert_int_equal(gt__spr_category_index(GT__CATEGORY_STATUS, "remediated"),
                     GT__STATUS_REMEDIATED);
    assert_int_equal(gt__spr_category_index(GT__CATEGORY_WASTE, "plastic"), -1);
    assert_int_equal(gt__spr_category_index(GT__CATEGORY_WASTE, NULL), -1);
    assert_string_equal(gt__spr_category_name(GT__CATEGORY_WASTE), "waste_type");
    assert_string_equal(gt__spr_category_values(GT__CATEGORY_COVER)[2], "full");
}

/* The shipped profile loads; the same text without a row does not, and the
 * message names the file and the row. */
static void test_profile_load(void **state)
{
    gt_context *ctx = *state;
    gt__spr_profile p;
    assert_int_equal(gt__spr_profile_load(ctx, "vn-spr-2026", NULL, &p), GT_OK);
    assert_string_equal(p.id, "vn-spr-2026");
    assert_string_equal(p.currency, "VND");
    ASSERT_NEAR(70, p.high_min_pct, 0);
    assert_int_equal(p.volume_m3.n, 4);
    assert_true(isinf(p.volume_m3.band[3].upper));
    char *shipped = gt__profile_path(ctx, "vn-spr-2026", NULL);
    assert_non_null(shipped);
    FILE *f = fopen(shipped, "r");
    assert_non_null(f);
    char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *row = strstr(text, "gas_waste: {household: 1.0, mixed: 0.8, industrial: 0.4, ");
    assert_non_null(row);
    char *cut = strstr(row, "industrial: 0.4, ");
    memmove(cut, cut + strlen("industrial: 0.4, "), strlen(cut + strlen("industrial: 0.4, ")) + 1);
    char path[64];
    snprintf(path, sizeof path, "/tmp/gt_test_spr_%d.yaml", (int)getpid());
    f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    gt__spr_profile bad;
    assert_int_equal(gt__spr_profile_load(ctx, path, NULL, &bad), GT_ERR_PROFILE);
    char want[256];
    snprintf(want, sizeof want,
             "%s: source.gas_waste has no row for 'industrial' (every value of waste_type needs "
             "one)",
             path);
    assert_string_equal(gt_context_errmsg(ctx), want);
    unlink(path);
    free(shipped);
    gt__spr_profile_free(&p);
    /* A profile that is not there is a profile error too. */
    assert_int_equal(gt__spr_profile_load(ctx, "/nonexistent/spr.yaml", NULL, &bad),
                     GT_ERR_PROFILE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_score_by_hand, gt_test_setup, gt_test_teardown),
        cmocka_unit_test(test_score_unknowns_are_worst),
        cmocka_unit_test(test_option_and_cost_rules),
        cmocka_unit_test_setup_teardown(test_missing_row_is_an_error, gt_test_setup,
                                        gt_test_teardown),
        cmocka_unit_test(test_categories),
        cmocka_unit_test_setup_teardown(test_profile_load, gt_test_setup, gt_test_teardown),
    };
    return cmocka_run_group_tests_name("spr", tests, NULL, NULL);
}
