/*
 * pipeline.h: steps of the pipelines that `gistool check` shares
 * (internal). SPDX-License-Identifier: MIT
 */
#ifndef GT_PIPELINE_H
#define GT_PIPELINE_H

#include "gistool/gaps.h"
#include "gistool/scenario.h"

/** A rule as it applies to one run. */
typedef struct gt__active_rule {
    const gt__rule *rule;
    bool applied;   /* false: its layer is not in the scenario */
    char note[256]; /* why not applied, or how it was applied */
} gt__active_rule;

/** Load the profile and list the rules for the scenario's facility type:
 *  profile rules minus `disable`, plus `extra`. *rules is allocated (caller
 *  frees with free()); the profile must outlive it. */
gt_status gt__collect_rules(gt_context *ctx, const gt_scenario *s, gt__profile *profile,
                            gt__active_rule **rules, int *n);

/** Factor weights in factor order (direct, or AHP with its consistency
 *  check against the scenario's cr_limit). `ahp` is filled for AHP. */
gt_status gt__compute_weights(gt_context *ctx, const gt_scenario *s, double *weights,
                              gt_ahp_result *ahp);

/** A data gap for every rule whose layer the scenario lacks (not named, or
 *  declared absent): the rule is not applied. */
gt_status gt__rule_gaps(gt_context *ctx, const gt_scenario *s, const gt__active_rule *r, int n,
                        gt__gaps *gaps);
/** Leave out the factors whose data is missing (no_data[i], why[i]), with a
 *  gap each naming their weight before and the renormalised weights of the
 *  rest. *out is NULL when every factor has data; otherwise a shallow copy
 *  of s with only the kept factors and their renormalised weights (also
 *  written to weights[0..kept)), freed with gt__scenario_with_data_free().
 *  GT_ERR_WEIGHTS when no factor with a positive weight is left. */
gt_status gt__factors_with_data(gt_context *ctx, const gt_scenario *s, const bool *no_data,
                                const gt__gap_kind *why, double *weights, gt__gaps *gaps,
                                gt_scenario **out);
void gt__scenario_with_data_free(gt_scenario *r);

/** Is layer `name` used as a raster (DEM for slope) in this scenario? */
bool gt__layer_is_raster(const gt_scenario *s, const char *name);

/** The working CRS of a run must be projected in metres: a CRS in feet
 *  would make every distance and area wrong by a factor (rules.c). */
gt_status gt__srs_check_metric(gt_context *ctx, const gt_scenario *s, OGRSpatialReferenceH srs);
/** The scenario's working CRS: known to PROJ (the message names the
 *  scenario and `crs:`) and projected in metres (gt__srs_check_metric).
 *  NULL on error; destroy with OSRDestroySpatialReference. */
OGRSpatialReferenceH gt__srs_working(gt_context *ctx, const gt_scenario *s);
/** A metre of the working CRS must be a metre on the ground, to 1 %, over
 *  the study area's envelope e (xmin, ymin, xmax, ymax: its middle and
 *  corners): Web Mercator (EPSG:3857) at 20 N measures 6.7 % short, and
 *  every distance rule with it (rules.c). */
gt_status gt__srs_check_scale(gt_context *ctx, const gt_scenario *s, OGRSpatialReferenceH srs,
                              const double e[4]);

/** `gistool check` of a site scenario: every stage of `site` that reads
 *  or judges its inputs, so that check fails exactly when site would fail
 *  on its input; nothing is written (site.c). */
typedef struct gt__site_findings {
    const gt_scenario *s;          /* the scenario the run would use (factors with data) */
    const gt__active_rule *rules;  /* the rules for the facility type */
    int n_rules;
    const double *weights;         /* per factor of s, renormalised after the data gaps */
    const gt_ahp_result *ahp;      /* filled when the weights come from AHP */
    int n_gaps;                    /* data gaps, each already logged once by the stages */
} gt__site_findings;
typedef void (*gt__site_report_fn)(gt_context *ctx, const gt__site_findings *f, void *arg);
/** `report`, when given, is called once after the stages succeed, with
 *  what they found, before it is freed: a report of it logs nothing the
 *  stages have already logged. */
gt_status gt__site_check(gt_context *ctx, const gt_scenario *s, gt__site_report_fn report,
                         void *arg);

/** `gistool check` of a rank scenario: the profile and every input opened
 *  and checked, nothing scored (rank.c). */
gt_status gt__rank_check(gt_context *ctx, const gt_scenario *s);

#endif
