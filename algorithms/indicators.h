/*
 * indicators.h: the 2030 indicators of the provincial waste register
 * (gistool progress), as pure arithmetic on values already read: no file,
 * no GDAL. docs/progress.md gives every formula and target.
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_INDICATORS_H
#define GT_INDICATORS_H

#include <stdbool.h>

typedef enum gt__ind_id {
    GT__IND_COLLECTED_URBAN = 0,   /* collected / generated, urban communes, % */
    GT__IND_COLLECTED_RURAL = 1,   /* the same, rural communes */
    GT__IND_DIRECT_LANDFILL = 2,   /* landfilled / collected, % */
    GT__IND_UNSANITARY_REMEDIATED = 3, /* unsanitary landfills remediated, % */
    GT__IND_DUMPS_CLOSED = 4,      /* polluting dumps closed or remediated, % */
    GT__IND_HOUSEHOLDS_SORTING = 5, /* households sorting at source, % */
    GT__IND_N = 6
} gt__ind_id;

/** How an indicator is judged against its target. */
typedef enum gt__ind_cmp {
    GT__CMP_GE = 0, /* value >= target */
    GT__CMP_GT = 1, /* value > target */
    GT__CMP_LT = 2  /* value < target */
} gt__ind_cmp;

typedef struct gt__ind_def {
    const char *id;         /* the register's indicator id (targets.indicator) */
    gt__ind_cmp cmp;
    double national_target; /* percent, for 2030 */
    const char *source;     /* where the national target is published */
} gt__ind_def;

/** The definition of indicator i (0 .. GT__IND_N - 1). */
const gt__ind_def *gt__ind_def_of(int i);
/** The index of an indicator id, -1 when unknown. */
int gt__ind_index(const char *id);

/** One commune's row of commune_indicators for one year; NAN = not
 *  reported. */
typedef struct gt__ind_commune {
    int urban; /* 1 urban (phường, thị trấn), 0 rural (xã) */
    double generated_tpd, collected_tpd, landfill_tpd;
    double households, households_sorting;
} gt__ind_commune;

/** A computed indicator: value = 100 * num / den over the `communes`
 *  communes (or sites) that report what it needs; value NAN ("no data")
 *  when none does. */
typedef struct gt__ind_value {
    double value, num, den;
    int communes;
} gt__ind_value;

/** Collection rate of the urban (urban = 1) or rural communes: sum of
 *  collected / sum of generated over the communes reporting both with
 *  generated > 0. */
void gt__ind_collected(const gt__ind_commune *c, int n, int urban, gt__ind_value *out);
/** Direct landfill share: sum landfill / sum collected over the communes
 *  reporting both with collected > 0. */
void gt__ind_direct_landfill(const gt__ind_commune *c, int n, gt__ind_value *out);
/** Households sorting at source: sum sorting / sum households over the
 *  communes reporting both with households > 0. */
void gt__ind_sorting(const gt__ind_commune *c, int n, gt__ind_value *out);

/* --- sites ---------------------------------------------------------------- */
typedef enum gt__site_status {
    GT__ST_NONE = -1, /* no entry yet: not in the register that year */
    GT__ST_OPERATING = 0,
    GT__ST_CLOSED = 1,
    GT__ST_REMEDIATING = 2,
    GT__ST_REMEDIATED = 3
} gt__site_status;

/** "operating" ... "remediated" as a status, GT__ST_NONE when unknown. */
gt__site_status gt__site_status_of(const char *name);
const char *gt__site_status_name(gt__site_status s);

/** One status_history entry: date 'YYYY-MM-DD' (the day it began). */
typedef struct gt__ind_entry {
    char date[11];
    gt__site_status status;
} gt__ind_entry;

/** The status at the end of `year`: the latest entry dated <= year-12-31
 *  (of equal dates, the later in the array); GT__ST_NONE when none. */
gt__site_status gt__ind_status_at(const gt__ind_entry *e, int n, int year);

typedef enum gt__site_kind2 {
    GT__KIND_UNSANITARY = 0, /* unsanitary_landfill */
    GT__KIND_DUMP = 1,       /* spontaneous_dump */
    GT__KIND_OTHER = 2
} gt__site_kind2;

/** A facility for the site indicators. */
typedef struct gt__ind_site {
    gt__site_kind2 kind;
    int polluting;           /* dumps: only polluting ones count */
    int commune;             /* an index, for the count of communes; -1 none */
    gt__site_status status;  /* at the end of the year */
} gt__ind_site;

/** Whether a site counts as done: a landfill when remediated, a dump when
 *  closed or remediated (docs/rank.md). */
bool gt__ind_site_done(gt__site_kind2 kind, gt__site_status s);

/** Unsanitary landfills remediated (kind UNSANITARY) or polluting dumps
 *  closed (kind DUMP), in percent of those in the register at the end of
 *  the year (status != NONE). out->communes: distinct commune indices. */
void gt__ind_sites(const gt__ind_site *s, int n, gt__site_kind2 kind, gt__ind_value *out);

/* --- targets and the trajectory ------------------------------------------ */
/** 1 met, 0 not met, -1 no data (value NAN). */
int gt__ind_met(gt__ind_cmp cmp, double value, double target);

/** The stricter of two targets for a comparison (higher for GE/GT, lower
 *  for LT); NAN ignored. */
double gt__ind_stricter(gt__ind_cmp cmp, double a, double b);

/** The target that applies in `year`: the stricter of the national 2030
 *  target and the province's 2030 target (p2030, NAN: none) for 2030;
 *  for an earlier year, the province's own target for that year (p_year,
 *  an interim target) when it has one, else the 2030 target. */
double gt__ind_target_for(gt__ind_cmp cmp, double national, double p2030, double p_year, int year);

/** 1 when a site the plan scheduled for plan_year (<= 0: not scheduled) is
 *  behind at the end of `year`: plan_year <= year and not done by then
 *  (gt__ind_site_done; a kind other than a dump is done when remediated). */
int gt__ind_behind(int plan_year, int year, gt__site_kind2 kind, gt__site_status status);

typedef enum gt__trajectory {
    GT__TRAJ_NONE = -1, /* no data */
    GT__TRAJ_AHEAD = 0,
    GT__TRAJ_ON_TRACK = 1,
    GT__TRAJ_BEHIND = 2
} gt__trajectory;

#define GT__TRAJ_TOLERANCE_PP 1.0 /* percentage points */
#define GT__TARGET_YEAR 2030

/** The value the straight line from (base_year, base) to (2030, target)
 *  gives for `year` (the target itself from 2030 on or when base_year >=
 *  2030). */
double gt__ind_expected(double base, int base_year, double target, int year);

/** Trajectory of a value in `year` against the straight line from the
 *  first reported value (base_year, base) to the 2030 target:
 *   - target already met (by cmp) before 2030: ahead;
 *   - from 2030 on: on track when met, behind when not;
 *   - otherwise d = value - expected (expected - value for LT): ahead when
 *     d > tolerance, on track when |d| <= tolerance, behind when d <
 *     -tolerance (tolerance GT__TRAJ_TOLERANCE_PP). */
gt__trajectory gt__ind_trajectory(gt__ind_cmp cmp, double base, int base_year, double value,
                                  int year, double target);
const char *gt__trajectory_name(gt__trajectory t);

#endif
