/*
 * test_progress.c: the indicators of gistool progress (algorithms/
 * indicators.c) on a hand-made register whose values are worked out by
 * hand in the comments: the status at the end of a year, entries after the
 * report year, dumps closed = closed or remediated, non-polluting dumps
 * left out, communes without data not counted, the stricter provincial
 * target, the trajectory rule and the sites behind a plan's schedule.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gt_test.h"

#include "algorithms/indicators.h"

static gt__ind_entry E(const char *date, gt__site_status s)
{
    gt__ind_entry e;
    memcpy(e.date, date, 11);
    e.status = s;
    return e;
}

/* Status at the end of a year: the latest entry dated <= Y-12-31. */
static void test_status_at_year_end(void **state)
{
    (void)state;
    gt__ind_entry h[] = {E("2024-12-31", GT__ST_OPERATING), E("2025-06-01", GT__ST_CLOSED),
                         E("2026-12-31", GT__ST_REMEDIATING), E("2027-01-01", GT__ST_REMEDIATED)};
    assert_int_equal(gt__ind_status_at(h, 4, 2023), GT__ST_NONE); /* not yet registered */
    assert_int_equal(gt__ind_status_at(h, 4, 2024), GT__ST_OPERATING);
    assert_int_equal(gt__ind_status_at(h, 4, 2025), GT__ST_CLOSED);
    /* Dated 31 December: counts for that year. */
    assert_int_equal(gt__ind_status_at(h, 4, 2026), GT__ST_REMEDIATING);
    /* 1 January of the next year: not counted in 2026, counted in 2027. */
    assert_int_equal(gt__ind_status_at(h, 4, 2027), GT__ST_REMEDIATED);
    /* Order of the array does not matter, except between equal dates:
     * closed then remediated on one day gives remediated. */
    gt__ind_entry same[] = {E("2026-05-05", GT__ST_CLOSED), E("2026-05-05", GT__ST_REMEDIATED),
                            E("2024-12-31", GT__ST_OPERATING)};
    assert_int_equal(gt__ind_status_at(same, 3, 2026), GT__ST_REMEDIATED);
    assert_int_equal(gt__ind_status_at(same, 3, 2025), GT__ST_OPERATING);
    assert_int_equal(gt__site_status_of("remediating"), GT__ST_REMEDIATING);
    assert_int_equal(gt__site_status_of("reopened"), GT__ST_NONE);
}

/* Three unsanitary landfills, four dumps, a sanitary landfill:
 *   U1 remediated, U2 remediating, U3 closed        -> 1 / 3 = 33.33 %
 *   D1 closed, D2 remediated, D3 operating (all polluting), D4 closed but
 *   not polluting, D5 not yet in the register      -> 2 / 3 = 66.67 %
 * a landfill counts only when remediated; a dump when closed|remediated. */
static void test_site_indicators(void **state)
{
    (void)state;
    gt__ind_site s[] = {
        {GT__KIND_UNSANITARY, 1, 0, GT__ST_REMEDIATED}, {GT__KIND_UNSANITARY, 1, 1, GT__ST_REMEDIATING},
        {GT__KIND_UNSANITARY, 1, 1, GT__ST_CLOSED},     {GT__KIND_DUMP, 1, 0, GT__ST_CLOSED},
        {GT__KIND_DUMP, 1, 2, GT__ST_REMEDIATED},       {GT__KIND_DUMP, 1, 2, GT__ST_OPERATING},
        {GT__KIND_DUMP, 0, 2, GT__ST_CLOSED},           {GT__KIND_DUMP, 1, 2, GT__ST_NONE},
        {GT__KIND_OTHER, 1, 1, GT__ST_OPERATING}};
    gt__ind_value v;
    gt__ind_sites(s, 9, GT__KIND_UNSANITARY, &v);
    ASSERT_NEAR(1, v.num, 0);
    ASSERT_NEAR(3, v.den, 0);
    ASSERT_NEAR(100.0 / 3, v.value, 1e-12);
    assert_int_equal(v.communes, 2); /* communes 0 and 1 */
    gt__ind_sites(s, 9, GT__KIND_DUMP, &v);
    ASSERT_NEAR(2, v.num, 0);
    ASSERT_NEAR(3, v.den, 0);
    ASSERT_NEAR(200.0 / 3, v.value, 1e-12);
    assert_int_equal(v.communes, 2); /* communes 0 and 2 */
    /* No site of the kind: no data, not 0 %. */
    gt__ind_sites(s, 0, GT__KIND_DUMP, &v);
    assert_true(isnan(v.value));
    assert_true(gt__ind_site_done(GT__KIND_DUMP, GT__ST_REMEDIATED));
    assert_false(gt__ind_site_done(GT__KIND_UNSANITARY, GT__ST_CLOSED));
}

/* Communes (tonnes/day):
 *   A urban: generated 10, collected 9.6, landfill 4, households 1000, sorting 600
 *   B rural: generated 20, collected 17,  landfill 10, households 2000, sorting -
 *   C rural: generated -,  collected 5,   landfill -,  households 500,  sorting 100
 *   D urban: nothing reported
 * urban collected 9.6 / 10 = 96 % (1 commune: D does not count);
 * rural 17 / 20 = 85 % (1: C has no generated);
 * direct landfill (4 + 10) / (9.6 + 17) = 52.631... % (2);
 * sorting (600 + 100) / (1000 + 500) = 46.666... % (2). */
static void test_commune_indicators(void **state)
{
    (void)state;
    gt__ind_commune c[] = {{1, 10, 9.6, 4, 1000, 600},
                           {0, 20, 17, 10, 2000, NAN},
                           {0, NAN, 5, NAN, 500, 100},
                           {1, NAN, NAN, NAN, NAN, NAN}};
    gt__ind_value v;
    gt__ind_collected(c, 4, 1, &v);
    ASSERT_NEAR(96.0, v.value, 1e-12);
    assert_int_equal(v.communes, 1);
    gt__ind_collected(c, 4, 0, &v);
    ASSERT_NEAR(85.0, v.value, 1e-12);
    assert_int_equal(v.communes, 1);
    gt__ind_direct_landfill(c, 4, &v);
    ASSERT_NEAR(100.0 * 14 / 26.6, v.value, 1e-12);
    assert_int_equal(v.communes, 2);
    gt__ind_sorting(c, 4, &v);
    ASSERT_NEAR(100.0 * 700 / 1500, v.value, 1e-12);
    assert_int_equal(v.communes, 2);
    /* Only commune D: no data, never 0 %. */
    gt__ind_collected(c + 3, 1, 1, &v);
    assert_true(isnan(v.value));
    assert_int_equal(v.communes, 0);
}

/* National 95 % (>=), province 98 % for 2030: 98 applies; a laxer
 * provincial 90 % does not weaken it; an interim 2026 target of 93 %
 * applies in 2026 only. Direct landfill (<): lower is stricter. */
static void test_targets(void **state)
{
    (void)state;
    ASSERT_NEAR(98, gt__ind_target_for(GT__CMP_GE, 95, 98, NAN, 2027), 0);
    ASSERT_NEAR(95, gt__ind_target_for(GT__CMP_GE, 95, 90, NAN, 2027), 0);
    ASSERT_NEAR(93, gt__ind_target_for(GT__CMP_GE, 95, 98, 93, 2026), 0);
    ASSERT_NEAR(98, gt__ind_target_for(GT__CMP_GE, 95, 98, 93, 2030), 0);
    ASSERT_NEAR(40, gt__ind_target_for(GT__CMP_LT, 50, 40, NAN, 2026), 0);
    ASSERT_NEAR(95, gt__ind_target_for(GT__CMP_GE, 95, NAN, NAN, 2026), 0);
    assert_int_equal(gt__ind_met(GT__CMP_GE, 96, 98), 0);
    assert_int_equal(gt__ind_met(GT__CMP_GE, 96, 95), 1);
    assert_int_equal(gt__ind_met(GT__CMP_GT, 50, 50), 0); /* > 50 % is strictly more */
    assert_int_equal(gt__ind_met(GT__CMP_LT, 49.9, 50), 1);
    assert_int_equal(gt__ind_met(GT__CMP_GE, NAN, 50), -1);
    const gt__ind_def *d = gt__ind_def_of(gt__ind_index("collected_rural_pct"));
    assert_non_null(d);
    ASSERT_NEAR(90, d->national_target, 0);
    assert_int_equal(gt__ind_index("nope"), -1);
}

/* Line from (2025, 90 %) to (2030, 98 %): expected 91.6 in 2026, 93.2 in
 * 2027. 96 in 2026 is 4.4 points above: ahead; 92 in 2027 is 1.2 below:
 * behind; 92.5 in 2027 is 0.7 below: on track. Direct landfill from
 * (2025, 70.8333) to (2030, 50): expected 2026 = 66.6667; 52.63 is 14
 * points better: ahead. */
static void test_trajectory(void **state)
{
    (void)state;
    ASSERT_NEAR(91.6, gt__ind_expected(90, 2025, 98, 2026), 1e-12);
    ASSERT_NEAR(93.2, gt__ind_expected(90, 2025, 98, 2027), 1e-12);
    assert_int_equal(gt__ind_trajectory(GT__CMP_GE, 90, 2025, 96, 2026, 98), GT__TRAJ_AHEAD);
    assert_int_equal(gt__ind_trajectory(GT__CMP_GE, 90, 2025, 92, 2027, 98), GT__TRAJ_BEHIND);
    assert_int_equal(gt__ind_trajectory(GT__CMP_GE, 90, 2025, 92.5, 2027, 98), GT__TRAJ_ON_TRACK);
    /* The base year itself: on the line. */
    assert_int_equal(gt__ind_trajectory(GT__CMP_GE, 90, 2025, 90, 2025, 98), GT__TRAJ_ON_TRACK);
    assert_int_equal(gt__ind_trajectory(GT__CMP_LT, 1700.0 / 24, 2025, 1400 / 26.6, 2026, 50),
                     GT__TRAJ_AHEAD);
    /* Met before 2030: ahead; from 2030 on only met or behind. */
    assert_int_equal(gt__ind_trajectory(GT__CMP_GE, 90, 2025, 99, 2026, 98), GT__TRAJ_AHEAD);
    assert_int_equal(gt__ind_trajectory(GT__CMP_GE, 90, 2025, 98, 2030, 98), GT__TRAJ_ON_TRACK);
    assert_int_equal(gt__ind_trajectory(GT__CMP_GE, 90, 2025, 97.5, 2030, 98), GT__TRAJ_BEHIND);
    assert_int_equal(gt__ind_trajectory(GT__CMP_GE, NAN, 0, NAN, 2026, 98), GT__TRAJ_NONE);
    assert_string_equal(gt__trajectory_name(GT__TRAJ_ON_TRACK), "on_track");
}

/* The plan: U2 (2026, remediating at the end of 2026) and U3 (2025,
 * closed) are behind; U1 (2026, remediated) is not; D3 (2027) is not due;
 * D1 (not scheduled) is not; a dump closed by its plan year is not. */
static void test_behind_schedule(void **state)
{
    (void)state;
    assert_int_equal(gt__ind_behind(2026, 2026, GT__KIND_UNSANITARY, GT__ST_REMEDIATING), 1);
    assert_int_equal(gt__ind_behind(2025, 2026, GT__KIND_UNSANITARY, GT__ST_CLOSED), 1);
    assert_int_equal(gt__ind_behind(2026, 2026, GT__KIND_UNSANITARY, GT__ST_REMEDIATED), 0);
    assert_int_equal(gt__ind_behind(2027, 2026, GT__KIND_DUMP, GT__ST_OPERATING), 0);
    assert_int_equal(gt__ind_behind(0, 2026, GT__KIND_DUMP, GT__ST_OPERATING), 0);
    assert_int_equal(gt__ind_behind(2026, 2026, GT__KIND_DUMP, GT__ST_CLOSED), 0);
    assert_int_equal(gt__ind_behind(2026, 2026, GT__KIND_DUMP, GT__ST_NONE), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_at_year_end), cmocka_unit_test(test_site_indicators),
        cmocka_unit_test(test_commune_indicators), cmocka_unit_test(test_targets),
        cmocka_unit_test(test_trajectory),         cmocka_unit_test(test_behind_schedule),
    };
    return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
