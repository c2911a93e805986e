/*
 * rank_stages.h: the stages of `gistool rank` and what each hands to the
 * next (internal). Each stage reads its inputs through const pointers and
 * owns, and frees, what it allocates:
 *
 *   scenario + SPR profile
 *     ─► inputs (rank_inputs.c): study area, layers, the checked inventory
 *     ─► receptors (rank_inputs.c): population, distances, flood zone,
 *        slope and land use around each site
 *     ─► scores (rank_plan.c, algorithms/spr.c): linkages, risk, option, cost
 *     ─► plan (rank_plan.c): rank and the year-by-year plan
 *     ─► outputs (rank_write.c): GeoPackage layers, CSV, field docs
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_RANK_STAGES_H
#define GT_RANK_STAGES_H

#include "gistool/options.h"
#include "gistool/output.h"
#include "gistool/pipeline.h"

/** The layers a rank scenario may name, each used for one receptor or
 *  pathway measure; a missing one scores as the worst case. */
typedef enum gt__rank_role {
    GT__ROLE_POPULATION,
    GT__ROLE_SURFACE_WATER,
    GT__ROLE_WELLS,
    GT__ROLE_FLOOD_ZONE,
    GT__ROLE_LANDUSE,
    GT__ROLE_PROTECTED,
    GT__ROLE_RESIDENTIAL,
    GT__N_ROLES
} gt__rank_role;

/** One inventory row, checked, with the profile's defaults filled in. */
typedef struct gt__rank_site {
    char *value[GT__INVENTORY_COUNT]; /* normalised text, by gt__inventory_field */
    const GEOSGeometry *geom;         /* owned by the inventory */
    gt__landfill_type type;
    gt__landfill_status status;
    int category[GT__N_CATEGORIES]; /* index into gt__spr_category_values() */
    int status_year;                /* 0: unknown */
    double area_ha, volume_m3;      /* as used (defaults included) */
    double years_operated;          /* NAN: unknown */
    char missing[256];              /* the fields filled by defaults, ';'-separated */
} gt__rank_site;

/** Stage 1: the study area, the inventory (checked against the study area
 *  and the profile's vocabulary) and the receptor layers. */
typedef struct gt__rank_inputs {
    gt__features *study;
    GEOSGeometry *study_geom; /* the union of the study area's polygons */
    gt__inventory *inventory;
    gt__features *layer[GT__N_ROLES]; /* NULL: not in the scenario */
    gt__rank_site *sites;
    int n_sites;
    gt__gaps gaps; /* missing receptor layers and what was assumed (gaps.h) */
} gt__rank_inputs;

gt_status gt__rank_inputs_load(gt_context *ctx, const gt_scenario *s, int as_of, const gt__spr_profile *p,
                               OGRSpatialReferenceH srs, gt__rank_inputs *out);
void gt__rank_inputs_free(gt_context *ctx, gt__rank_inputs *in);
/** The values an inventory number may take (status_year 1900-2100, area_ha
 *  up to 1e5, volume_m3 up to 1e9, years_operated up to 200; others 0 or
 *  more): rank refuses a site past them, and the register's importer a row. */
void gt__inventory_range(gt__inventory_field f, double *lo, double *hi);

/** Stage 2: what lies around each site. Unknown values are NAN (in_flood_zone
 *  -1, landuse_500m empty). */
typedef struct gt__rank_receptors {
    double pop_500m, pop_1km, pop_2km;
    double dist_water_m, dist_well_m, dist_protected_m, dist_residential_m;
    int in_flood_zone; /* 1, 0, or -1 when unknown */
    double slope_pct;
    char landuse_500m[64];
} gt__rank_receptors;

/** *out: one per site (caller frees with free()). */
gt_status gt__rank_receptors_measure(gt_context *ctx, const gt_scenario *s,
                                     const gt__rank_inputs *in, OGRSpatialReferenceH srs,
                                     gt__rank_receptors **out);

/** Stage 3: the SPR score, option and cost of each site. *out: one per
 *  site (caller frees with free()). */
gt_status gt__rank_score(gt_context *ctx, const gt__spr_profile *p, const gt__rank_site *sites,
                         const gt__rank_receptors *receptors, int n, gt__spr_site_result **out);

/** Stage 4: the priority rank and the plan. Per-site arrays are in site
 *  order. */
typedef struct gt__rank_plan {
    int *rank;      /* 1 = first; 0: not ranked (already done) */
    int *done_year; /* year remediated or closed before the plan, 0: not */
    int *plan_year; /* year the plan remediates or closes it, 0: not */
    double *cost;   /* the option's cost; 0 when already funded */
    int start_year; /* the year after --as-of, or the scenario's */
    gt_plan_year *years;
    int n_years;
    double budget_needed;    /* NAN: targets met; INFINITY: no budget meets them */
    int year_unsanitary_met; /* first year the target is met, 0: never */
    int year_dumps_met;
} gt__rank_plan;

gt_status gt__rank_plan_make(gt_context *ctx, const gt__rank_part *settings, int as_of,
                             const gt__rank_inputs *in, const gt__rank_receptors *receptors,
                             const gt__spr_site_result *scores, gt__rank_plan *out);
void gt__rank_plan_free(gt__rank_plan *p);

/** The linkages of one site scored with a worst-case assumption, each with
 *  the missing layers ("leachate_groundwater (wells); ..."); "" when none. */
void gt__rank_worst_case(const gt__rank_receptors *r, char *buf, size_t size);

/** Stage 5: everything the writers read. */
typedef struct gt__rank_outputs {
    const gt_scenario *scenario;
    const gt_rank_options *options;
    const gt__spr_profile *profile;
    OGRSpatialReferenceH srs;
    const gt__rank_inputs *inputs;
    const gt__rank_receptors *receptors;
    const gt__spr_site_result *scores;
    const gt__rank_plan *plan;
    int as_of; /* --as-of, 0: none */
} gt__rank_outputs;

/** The GeoPackage (landfills, plan_by_year, run_inputs, run_info, styles)
 *  and the CSV, each replaced atomically. */
gt_status gt__rank_write(gt_context *ctx, const gt__rank_outputs *out);

#endif
