/*
 * indicators.c: the 2030 indicators of gistool progress (indicators.h).
 * Pure arithmetic: sums over the communes or sites that report what an
 * indicator needs, so a commune with no data neither helps nor hurts, and
 * an indicator nobody reports is NAN ("no data"), never 0 %.
 * SPDX-License-Identifier: MIT
 */
#include "algorithms/indicators.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* National targets for 2030 (docs/progress.md gives each source). */
static const gt__ind_def defs[GT__IND_N] = {
    {"collected_urban_pct", GT__CMP_GE, 95.0,
     "Decision 491/QĐ-TTg (2018), adjusted national strategy on solid waste, 2030 targets"},
    {"collected_rural_pct", GT__CMP_GE, 90.0,
     "Decision 491/QĐ-TTg (2018), adjusted national strategy on solid waste, 2030 targets"},
    {"direct_landfill_pct", GT__CMP_LT, 50.0,
     "Decision 491/QĐ-TTg (2018): direct landfill below 30 % of collected urban waste by 2025; "
     "< 50 % of all collected waste is the plans' 2030 indicator"},
    {"unsanitary_remediated_pct", GT__CMP_GT, 50.0,
     "Resolution 394/NQ-CP and the provincial plans: > 50 % of unsanitary landfills remediated"},
    {"dumps_closed_pct", GT__CMP_GE, 100.0,
     "Resolution 394/NQ-CP and the provincial plans: 100 % of polluting dumps closed"},
    {"households_sorting_pct", GT__CMP_GE, 100.0,
     "Law on Environmental Protection 2020, art. 75 (every household sorts); "
     "100 % as a 2030 target is a local assumption"},
};

const gt__ind_def *gt__ind_def_of(int i)
{
    return i >= 0 && i < GT__IND_N ? &defs[i] : NULL;
}

int gt__ind_index(const char *id)
{
    for (int i = 0; id && i < GT__IND_N; i++)
        if (!strcmp(defs[i].id, id))
            return i;
    return -1;
}

static void ratio(gt__ind_value *out, double num, double den, int communes)
{
    out->num = num;
    out->den = den;
    out->communes = communes;
    out->value = communes > 0 && den > 0 ? 100.0 * num / den : NAN;
}

void gt__ind_collected(const gt__ind_commune *c, int n, int urban, gt__ind_value *out)
{
    double num = 0, den = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (c[i].urban != urban || isnan(c[i].generated_tpd) || isnan(c[i].collected_tpd) ||
            !(c[i].generated_tpd > 0))
            continue;
        num += c[i].collected_tpd;
        den += c[i].generated_tpd;
        k++;
    }
    ratio(out, num, den, k);
}

void gt__ind_direct_landfill(const gt__ind_commune *c, int n, gt__ind_value *out)
{
    double num = 0, den = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(c[i].landfill_tpd) || isnan(c[i].collected_tpd) || !(c[i].collected_tpd > 0))
            continue;
        num += c[i].landfill_tpd;
        den += c[i].collected_tpd;
        k++;
    }
    ratio(out, num, den, k);
}

void gt__ind_sorting(const gt__ind_commune *c, int n, gt__ind_value *out)
{
    double num = 0, den = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(c[i].households) || isnan(c[i].households_sorting) || !(c[i].households > 0))
            continue;
        num += c[i].households_sorting;
        den += c[i].households;
        k++;
    }
    ratio(out, num, den, k);
}

static const char *const status_names[] = {"operating", "closed", "remediating", "remediated"};

gt__site_status gt__site_status_of(const char *name)
{
    for (int i = 0; name && i < 4; i++)
        if (!strcmp(status_names[i], name))
            return (gt__site_status)i;
    return GT__ST_NONE;
}

const char *gt__site_status_name(gt__site_status s)
{
    return s >= 0 && s < 4 ? status_names[s] : "none";
}

gt__site_status gt__ind_status_at(const gt__ind_entry *e, int n, int year)
{
    char end[16];
    /* "YYYY-12-31" compares as text with every ISO date. */
    int y = year < 0 ? 0 : year > 9999 ? 9999 : year;
    end[0] = (char)('0' + y / 1000);
    end[1] = (char)('0' + y / 100 % 10);
    end[2] = (char)('0' + y / 10 % 10);
    end[3] = (char)('0' + y % 10);
    memcpy(end + 4, "-12-31", 7);
    gt__site_status st = GT__ST_NONE;
    const char *best = NULL;
    for (int i = 0; i < n; i++) {
        if (strcmp(e[i].date, end) > 0)
            continue;
        if (!best || strcmp(e[i].date, best) >= 0) {
            best = e[i].date;
            st = e[i].status;
        }
    }
    return st;
}

bool gt__ind_site_done(gt__site_kind2 kind, gt__site_status s)
{
    if (kind == GT__KIND_DUMP)
        return s == GT__ST_CLOSED || s == GT__ST_REMEDIATED;
    return s == GT__ST_REMEDIATED;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void gt__ind_sites(const gt__ind_site *s, int n, gt__site_kind2 kind, gt__ind_value *out)
{
    int num = 0, den = 0;
    int *communes = n > 0 ? malloc((size_t)n * sizeof *communes) : NULL;
    int nc = 0;
    for (int i = 0; i < n; i++) {
        if (s[i].kind != kind || s[i].status == GT__ST_NONE)
            continue;
        if (kind == GT__KIND_DUMP && !s[i].polluting)
            continue;
        den++;
        num += gt__ind_site_done(kind, s[i].status);
        if (communes && s[i].commune >= 0)
            communes[nc++] = s[i].commune;
    }
    int distinct = 0;
    if (communes) {
        qsort(communes, (size_t)nc, sizeof *communes, cmp_int);
        for (int i = 0; i < nc; i++)
            distinct += i == 0 || communes[i] != communes[i - 1];
        free(communes);
    }
    out->num = num;
    out->den = den;
    out->communes = distinct;
    out->value = den > 0 ? 100.0 * num / den : NAN;
}

int gt__ind_met(gt__ind_cmp cmp, double value, double target)
{
    if (isnan(value) || isnan(target))
        return -1;
    switch (cmp) {
    case GT__CMP_GE:
        return value >= target;
    case GT__CMP_GT:
        return value > target;
    case GT__CMP_LT:
        return value < target;
    }
    return -1;
}

double gt__ind_stricter(gt__ind_cmp cmp, double a, double b)
{
    if (isnan(a))
        return b;
    if (isnan(b))
        return a;
    return cmp == GT__CMP_LT ? fmin(a, b) : fmax(a, b);
}

double gt__ind_target_for(gt__ind_cmp cmp, double national, double p2030, double p_year, int year)
{
    double t2030 = gt__ind_stricter(cmp, national, p2030);
    if (year < GT__TARGET_YEAR && !isnan(p_year))
        return p_year;
    if (year >= GT__TARGET_YEAR && !isnan(p_year))
        return gt__ind_stricter(cmp, t2030, p_year);
    return t2030;
}

int gt__ind_behind(int plan_year, int year, gt__site_kind2 kind, gt__site_status status)
{
    if (plan_year <= 0 || plan_year > year)
        return 0;
    return !gt__ind_site_done(kind == GT__KIND_DUMP ? GT__KIND_DUMP : GT__KIND_UNSANITARY, status);
}

double gt__ind_expected(double base, int base_year, double target, int year)
{
    if (base_year >= GT__TARGET_YEAR || year >= GT__TARGET_YEAR)
        return target;
    if (year <= base_year)
        return base;
    return base + (target - base) * (double)(year - base_year) /
                      (double)(GT__TARGET_YEAR - base_year);
}

gt__trajectory gt__ind_trajectory(gt__ind_cmp cmp, double base, int base_year, double value,
                                  int year, double target)
{
    if (isnan(value) || isnan(base) || isnan(target))
        return GT__TRAJ_NONE;
    int met = gt__ind_met(cmp, value, target);
    if (year >= GT__TARGET_YEAR)
        return met ? GT__TRAJ_ON_TRACK : GT__TRAJ_BEHIND;
    if (met)
        return GT__TRAJ_AHEAD;
    double e = gt__ind_expected(base, base_year, target, year);
    double d = cmp == GT__CMP_LT ? e - value : value - e;
    if (d > GT__TRAJ_TOLERANCE_PP)
        return GT__TRAJ_AHEAD;
    if (d >= -GT__TRAJ_TOLERANCE_PP)
        return GT__TRAJ_ON_TRACK;
    return GT__TRAJ_BEHIND;
}

const char *gt__trajectory_name(gt__trajectory t)
{
    switch (t) {
    case GT__TRAJ_AHEAD:
        return "ahead";
    case GT__TRAJ_ON_TRACK:
        return "on_track";
    case GT__TRAJ_BEHIND:
        return "behind";
    default:
        return "no_data";
    }
}
