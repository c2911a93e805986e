/*
 * test_register.c: the waste register's rules (algorithms/register_rules.c)
 * with hand-made cases; dates checked against the C library's calendar
 * (timegm); and the rules of the C checker against the database's own
 * triggers (layers/register_db.c) on random status sequences.
 * SPDX-License-Identifier: MIT
 */
#define _DEFAULT_SOURCE /* timegm */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gt_test.h"

#include "algorithms/register_rules.h"
#include "layers/register_db.h"

static void test_dates(void **state)
{
    (void)state;
    assert_true(gt__reg_date_valid("2024-02-29"));  /* leap year */
    assert_false(gt__reg_date_valid("2023-02-29")); /* not one */
    assert_false(gt__reg_date_valid("2100-02-29")); /* century, not leap */
    assert_true(gt__reg_date_valid("2000-02-29"));  /* 400 years: leap */
    assert_false(gt__reg_date_valid("2024-04-31"));
    assert_false(gt__reg_date_valid("2024-13-01"));
    assert_false(gt__reg_date_valid("2024-1-01"));
    assert_false(gt__reg_date_valid("24-01-01"));
    assert_false(gt__reg_date_valid(""));
    assert_false(gt__reg_date_valid(NULL));
    char d[11];
    assert_true(gt__reg_date_normalise("2025", d));
    assert_string_equal(d, "2025-12-31"); /* a year alone: its last day */
    assert_true(gt__reg_date_normalise("5/3/2025", d));
    assert_string_equal(d, "2025-03-05"); /* Vietnamese order: day/month/year */
    assert_true(gt__reg_date_normalise("2025/03/05", d));
    assert_string_equal(d, "2025-03-05");
    assert_true(gt__reg_date_normalise(" 2025-03-05 ", d));
    assert_string_equal(d, "2025-03-05");
    assert_false(gt__reg_date_normalise("31/02/2025", d));
    assert_false(gt__reg_date_normalise("2025-3-5", d));
    assert_false(gt__reg_date_normalise("tháng 3", d));
}

/* Every day of 1900-2199 and every impossible one: the same verdict as
 * the C library's calendar (timegm normalises an impossible date). */
static void test_dates_reference(void **state)
{
    (void)state;
    int checked = 0;
    for (int y = 1900; y <= 2199; y++)
        for (int m = 1; m <= 12; m++)
            for (int dd = 1; dd <= 31; dd++) {
                struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd, .tm_hour = 12};
                time_t t = timegm(&tm);
                struct tm back;
                gmtime_r(&t, &back);
                bool real = back.tm_year == y - 1900 && back.tm_mon == m - 1 && back.tm_mday == dd;
                char text[16];
                snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, dd);
                assert_int_equal(gt__reg_date_valid(text), real);
                checked++;
            }
    assert_int_equal(checked, 300 * 12 * 31);
}

static bool step(gt__reg_last *l, const char *s, const char *d, const char *note)
{
    char why[512];
    return gt__reg_step(l, s, d, note, why, sizeof why);
}

static void test_rules(void **state)
{
    (void)state;
    gt__reg_last l = {-1, ""};
    char why[512];
    /* remediated as the first entry: refused, with the reason */
    assert_false(gt__reg_step(&l, "remediated", "2024-12-31", NULL, why, sizeof why));
    assert_non_null(strstr(why, "no entry before"));
    assert_int_equal(l.status, -1); /* unchanged */
    assert_true(step(&l, "operating", "2020-12-31", NULL));
    /* remediated straight after operating: refused */
    assert_false(gt__reg_step(&l, "remediated", "2024-01-01", NULL, why, sizeof why));
    assert_non_null(strstr(why, "operating since 2020-12-31"));
    /* backwards: refused */
    assert_false(gt__reg_step(&l, "closed", "2019-06-30", NULL, why, sizeof why));
    assert_non_null(strstr(why, "never go backwards"));
    /* closed, then remediated on the same day: allowed */
    assert_true(step(&l, "closed", "2024-03-01", NULL));
    assert_true(step(&l, "remediated", "2024-03-01", NULL));
    assert_int_equal(l.status, GT__REG_REMEDIATED);
    assert_string_equal(l.date, "2024-03-01");
    /* after remediated: closed refused, operating without a note refused */
    assert_false(step(&l, "closed", "2025-01-01", NULL));
    assert_false(step(&l, "operating", "2025-01-01", NULL));
    assert_false(step(&l, "operating", "2025-01-01", "   "));
    assert_true(step(&l, "operating", "2025-01-01", "mở lại theo QĐ 12"));
    /* a repeat is the same status on the same day, nothing else */
    assert_true(gt__reg_repeats(&l, "operating", "2025-01-01"));
    assert_false(gt__reg_repeats(&l, "closed", "2025-01-01"));
    assert_false(gt__reg_repeats(&l, "operating", "2025-01-02"));
    assert_false(gt__reg_repeats(&(gt__reg_last){-1, ""}, "operating", ""));
    /* remediating, then remediated later */
    assert_true(step(&l, "remediating", "2025-06-01", NULL));
    assert_true(step(&l, "remediated", "2026-06-01", NULL));
    /* bad values */
    assert_false(gt__reg_step(&l, "shut", "2027-01-01", NULL, why, sizeof why));
    assert_non_null(strstr(why, "not one of"));
    assert_false(gt__reg_step(&l, "operating", "2027-02-30", "x", why, sizeof why));
    assert_non_null(strstr(why, "not a date"));
    assert_int_equal(gt__reg_index(gt__reg_kind_names, "composting_plant"), 4);
    assert_int_equal(gt__reg_index(gt__reg_kind_names, "landfill"), -1);
}

static void test_indicators(void **state)
{
    (void)state;
    gt__reg_indicators v = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    char why[256];
    assert_true(gt__reg_indicators_check(&v, why, sizeof why)); /* nothing reported: fine */
    v.households = 1200, v.households_sorting = 1200;
    assert_true(gt__reg_indicators_check(&v, why, sizeof why));
    v.households_sorting = 1201;
    assert_false(gt__reg_indicators_check(&v, why, sizeof why));
    assert_non_null(strstr(why, "households_sorting (1201) is more than households (1200)"));
    v.households_sorting = 10;
    v.population = 4500.5;
    assert_false(gt__reg_indicators_check(&v, why, sizeof why));
    assert_non_null(strstr(why, "population is not a whole number"));
    v.population = 4500;
    v.generated_tpd = 3.2, v.collected_tpd = 3.3;
    assert_false(gt__reg_indicators_check(&v, why, sizeof why));
    v.collected_tpd = 3.2;
    assert_true(gt__reg_indicators_check(&v, why, sizeof why));
    v.landfill_tpd = -0.1;
    assert_false(gt__reg_indicators_check(&v, why, sizeof why));
    assert_non_null(strstr(why, "landfill_tpd is negative"));
    v.landfill_tpd = 3.3; /* more than the 3.2 collected */
    assert_false(gt__reg_indicators_check(&v, why, sizeof why));
    assert_non_null(strstr(why, "landfill_tpd (3.3) is more than collected_tpd (3.2)"));
    v.landfill_tpd = 3.2;
    assert_true(gt__reg_indicators_check(&v, why, sizeof why));
    v.generated_tpd = INFINITY;
    assert_false(gt__reg_indicators_check(&v, why, sizeof why));
    v.generated_tpd = 2e9;
    assert_false(gt__reg_indicators_check(&v, why, sizeof why));
    assert_non_null(strstr(why, "generated_tpd is 2e+09; a commune's value is at most 1e9"));
}

/* The C rules and the GeoPackage's triggers give the same verdict on
 * random entries (statuses, notes, dates moving back and forth). */
static void test_rules_match_triggers(void **state)
{
    gt_context *ctx = *state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/test_register_%ld.gpkg", (long)getpid());
    unlink(path);
    assert_int_equal(gt__register_create(ctx, path, NULL), GT_OK);
    gt__register *r = NULL;
    assert_int_equal(gt__register_open(ctx, path, &r), GT_OK);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    uint64_t seed = 394;
    int accepted = 0, refused = 0;
    for (int site = 0; site < 12; site++) {
        char id[16], sql[512];
        snprintf(id, sizeof id, "S%02d", site);
        snprintf(sql, sizeof sql,
                 "INSERT INTO facilities (site_id, kind) VALUES ('%s', 'unsanitary_landfill')", id);
        assert_int_equal(gt__register_sql(ctx, r, sql), GT_OK);
        gt__reg_last last = {-1, ""};
        int day = 0;
        for (int k = 0; k < 25; k++) {
            const char *status = gt__reg_status_names[gt_test_rand(&seed) % 4];
            day += (int)(gt_test_rand(&seed) % 5) - 1; /* sometimes back a day */
            if (day < 0)
                day = 0;
            char date[11];
            snprintf(date, sizeof date, "2025-%02d-%02d", 1 + day / 28 % 12, 1 + day % 28);
            const char *note = gt_test_rand(&seed) % 2 ? "mở lại" : NULL;
            char why[512];
            gt__reg_last before = last;
            bool c_ok = gt__reg_step(&last, status, date, note, why, sizeof why);
            if (strcmp(date, before.date) < 0 && before.status >= 0)
                assert_false(c_ok);
            snprintf(sql, sizeof sql,
                     "INSERT INTO status_history (site_id, status, date, source, note, "
                     "recorded_at) VALUES ('%s', '%s', '%s', 'test', %s%s%s, 'now')",
                     id, status, date, note ? "'" : "", note ? note : "NULL", note ? "'" : "");
            gt_status st = gt__register_sql(ctx, r, sql);
            if (c_ok != (st == GT_OK))
                fail_msg("site %s, %s on %s (note %s): C says %s, the trigger says %s", id,
                         status, date, note ? note : "none", c_ok ? "yes" : why,
                         st ? gt_context_errmsg(ctx) : "yes");
            if (st)
                assert_int_equal(st, GT_ERR_REGISTER_RULE);
            c_ok ? accepted++ : refused++;
        }
    }
    CPLPopErrorHandler();
    /* both kinds of verdict happened */
    assert_true(accepted > 50);
    assert_true(refused > 50);
    gt__register_close(r);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_dates_reference),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_indicators),
        cmocka_unit_test_setup_teardown(test_rules_match_triggers, gt_test_setup,
                                        gt_test_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
