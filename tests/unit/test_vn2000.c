/*
 * test_vn2000.c: the VN-2000 presets: the table's shape (63 provinces with
 * unique GSO codes, then the 34 of 2025), lookups with and without
 * diacritics, by code, with prefixes, and the suggestions for a slip.
 * PROJ's own meridians are checked by tests/unit/check_vn2000_proj.py.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"

#include "algorithms/vn2000.h"

static const char *found(gt_context *ctx, const char *name)
{
    const gt_vn2000_preset *p = gt_vn2000_lookup(ctx, name);
    if (!p) {
        print_error("'%s' not found: %s\n", name, gt_context_errmsg(ctx));
        fail();
    }
    return p->name;
}

static void expect_unknown(gt_context *ctx, const char *name, const char *needle)
{
    if (gt_vn2000_lookup(ctx, name)) {
        print_error("'%s' should be unknown\n", name);
        fail();
    }
    assert_int_equal(gt_context_status(ctx), GT_ERR_USAGE);
    if (!strstr(gt_context_errmsg(ctx), needle)) {
        print_error("message '%s' lacks '%s'\n", gt_context_errmsg(ctx), needle);
        fail();
    }
}

/* 63 provinces with a two-digit code each, no code twice; 34 of 2025,
 * each with its former provinces; 97 rows in all. */
static void test_table(void **state)
{
    assert_int_equal(gt_vn2000_count(), 63 + 34);
    int n63 = 0, n2025 = 0;
    for (size_t i = 0; i < gt_vn2000_count(); i++) {
        const gt_vn2000_preset *p = gt_vn2000_at(i);
        assert_in_range(p->central_meridian_deg, 102.0, 109.5);
        assert_true(p->source && *p->source);
        if (p->former) {
            n2025++;
            assert_non_null(strstr(p->name, "(2025)"));
            continue;
        }
        n63++;
        assert_int_equal(strlen(p->gso_code), 2);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(p->gso_code, gt_vn2000_at(j)->gso_code);
        assert_false(p->verify); /* every one is named by an EPSG area of use */
    }
    assert_int_equal(n63, 63);
    assert_int_equal(n2025, 34);
    assert_null(gt_vn2000_at(gt_vn2000_count()));
}

/* Examples from the EPSG areas of use: 9215 Lạng Sơn, 9205 Lai Châu,
 * 9206 Sơn La, 5897 Ninh Bình, 5898 Quảng Ngãi, 5899 Đà Nẵng. */
static void test_epsg_examples(void **state)
{
    gt_context *ctx = *state;
    const struct {
        const char *name;
        int epsg;
        double cm;
        const char *dm;
    } cases[] = {{"Lạng Sơn", 9215, 107.25, "107°15'"},  {"Lai Châu", 9205, 103.0, "103°00'"},
                 {"Sơn La", 9206, 104.0, "104°00'"},     {"Ninh Bình", 5897, 105.0, "105°00'"},
                 {"Quảng Ngãi", 5898, 108.0, "108°00'"}, {"Đà Nẵng", 5899, 107.75, "107°45'"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const gt_vn2000_preset *p = gt_vn2000_lookup(ctx, cases[i].name);
        assert_non_null(p);
        assert_int_equal(p->epsg, cases[i].epsg);
        ASSERT_NEAR(cases[i].cm, p->central_meridian_deg, 0);
        char dm[16];
        assert_string_equal(gt_vn2000_meridian_text(p, dm, sizeof dm), cases[i].dm);
    }
}

static void test_diacritics_and_case(void **state)
{
    gt_context *ctx = *state;
    assert_string_equal(found(ctx, "Lạng Sơn"), "Lạng Sơn");
    assert_string_equal(found(ctx, "lang son"), "Lạng Sơn");
    assert_string_equal(found(ctx, "LANG SON"), "Lạng Sơn");
    assert_string_equal(found(ctx, "LẠNG SƠN"), "Lạng Sơn");
    assert_string_equal(found(ctx, "  Lang   Son "), "Lạng Sơn");
    assert_string_equal(found(ctx, "Lang Son province"), "Lạng Sơn");
    /* Decomposed text: "a" + combining dot below, "o" + horn. */
    assert_string_equal(found(ctx, "La\xcc\xa3ng So\xcc\x9bn"), "Lạng Sơn");
    /* đ and Đ fold to d; both accent placements of Hòa/Hoà. */
    assert_string_equal(found(ctx, "dien bien"), "Điện Biên");
    assert_string_equal(found(ctx, "ĐIỆN BIÊN"), "Điện Biên");
    assert_string_equal(found(ctx, "Hoà Bình"), "Hòa Bình");
    assert_string_equal(found(ctx, "Ba Ria-Vung Tau"), "Bà Rịa - Vũng Tàu");
    assert_string_equal(found(ctx, "Thua Thien-Hue"), "Thừa Thiên Huế");
}

static void test_codes_and_prefixes(void **state)
{
    gt_context *ctx = *state;
    assert_string_equal(found(ctx, "20"), "Lạng Sơn");
    assert_string_equal(found(ctx, "12"), "Lai Châu");
    assert_string_equal(found(ctx, "14"), "Sơn La");
    assert_string_equal(found(ctx, "37"), "Ninh Bình");
    assert_string_equal(found(ctx, "1"), "Hà Nội");
    assert_string_equal(found(ctx, "tỉnh Lạng Sơn"), "Lạng Sơn");
    assert_string_equal(found(ctx, "Tinh Ninh Binh"), "Ninh Bình");
    assert_string_equal(found(ctx, "thành phố Hồ Chí Minh"), "Hồ Chí Minh");
    assert_string_equal(found(ctx, "TP. Hồ Chí Minh"), "Hồ Chí Minh");
    assert_string_equal(found(ctx, "TP.HCM"), "Hồ Chí Minh");
    assert_string_equal(found(ctx, "Thành phố Đà Nẵng"), "Đà Nẵng");
    assert_string_equal(found(ctx, "Huế"), "Thừa Thiên Huế");
    expect_unknown(ctx, "99", "unknown province code '99'");
}

/* A 2025 province is asked for with "2025"; the plain name stays the
 * province of the 63. */
static void test_2025(void **state)
{
    gt_context *ctx = *state;
    const gt_vn2000_preset *p = gt_vn2000_lookup(ctx, "Ninh Bình 2025");
    assert_non_null(p);
    assert_string_equal(p->name, "Ninh Bình (2025)");
    assert_string_equal(p->former, "Ninh Bình, Hà Nam, Nam Định");
    assert_true(p->verify);
    assert_int_equal(p->epsg, 5897);
    p = gt_vn2000_lookup(ctx, "bac ninh (2025)");
    assert_non_null(p);
    assert_int_equal(p->epsg, 9214); /* Bắc Giang's 107°00', the capital */
    p = gt_vn2000_lookup(ctx, "Lạng Sơn (2025)");
    assert_non_null(p);
    assert_false(p->verify); /* unchanged */
    assert_string_equal(found(ctx, "Ninh Binh"), "Ninh Bình");
}

static void test_suggestions(void **state)
{
    gt_context *ctx = *state;
    expect_unknown(ctx, "Lang Sonn", "unknown province 'Lang Sonn' (did you mean Lạng Sơn?)");
    expect_unknown(ctx, "Ninh Bnh", "did you mean Ninh Bình?");
    expect_unknown(ctx, "Quang Ngaii province", "did you mean Quảng Ngãi?");
    expect_unknown(ctx, "Atlantis", "unknown province 'Atlantis' (a name of the 63 provinces");
    expect_unknown(ctx, "", "unknown province ''");
}

/* Which `crs:` values are presets: not PROJ's own VN-2000 names. */
static void test_crs_prefix(void **state)
{
    assert_string_equal(gt__vn2000_province_part("VN-2000 Lạng Sơn"), "Lạng Sơn");
    assert_string_equal(gt__vn2000_province_part("vn2000  20"), "20");
    assert_null(gt__vn2000_province_part("VN-2000"));
    assert_null(gt__vn2000_province_part("VN-2000 / TM-3 107-15"));
    assert_null(gt__vn2000_province_part("VN-2000 / UTM zone 48N"));
    assert_null(gt__vn2000_province_part("EPSG:9215"));
    assert_null(gt__vn2000_province_part("VN-2000X Lang Son"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test_setup_teardown(test_epsg_examples, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_diacritics_and_case, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_codes_and_prefixes, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_2025, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_suggestions, gt_test_setup, gt_test_teardown),
        cmocka_unit_test(test_crs_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
