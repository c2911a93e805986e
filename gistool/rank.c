/*
 * rank.c: the `gistool rank` pipeline: landfill and dump remediation
 * priority, and a year-by-year plan against the 2030 targets. This file
 * runs the stages (rank_stages.h) in order and owns what they hand on.
 * SPDX-License-Identifier: MIT
 *
 *   scenario + risk profile ─► inventory (checked, defaults for missing)
 *     ─► receptors and pathways from the layers (population by areal
 *        weighting, exact distances, flood zone, slope, land use)
 *     ─► linkages S x P x R as % of maximum ─► worst linkage, class
 *     ─► rank ─► remediation option and cost ─► plan to 2030
 *     ─► GeoPackage (landfills, plan_by_year, provenance) + CSV
 */
#include <stdlib.h>

#include "gistool/extras.h"
#include "gistool/rank_stages.h"

/* Everything one run owns, freed by run_free(). */
typedef struct {
    gt__spr_profile profile;
    OGRSpatialReferenceH srs;
    gt__rank_inputs inputs;
    gt__rank_receptors *receptors;
    gt__spr_site_result *scores;
    gt__rank_plan plan;
} rank_run;

static void run_free(gt_context *ctx, rank_run *r)
{
    gt__rank_plan_free(&r->plan);
    free(r->scores);
    free(r->receptors);
    gt__rank_inputs_free(ctx, &r->inputs);
    if (r->srs)
        OSRDestroySpatialReference(r->srs);
    gt__spr_profile_free(&r->profile);
}

/* The profile, the working CRS, and the inputs (the part `check` runs). */
static gt_status load(gt_context *ctx, const gt_scenario *s, int as_of, rank_run *r)
{
    if (s->kind != GT__SCENARIO_RANK)
        return gt__error(ctx, GT_ERR_USAGE,
                         "%s is a site scenario (no `inventory:`); run it with `gistool site`",
                         s->yaml.file);
    gt_status st = gt__spr_profile_load(ctx, s->rank->profile_name, s->dir, &r->profile);
    if (st)
        return st;
    if (!(r->srs = gt__srs_working(ctx, s))) /* rules.c */
        return gt_context_status(ctx);
    return gt__rank_inputs_load(ctx, s, as_of, &r->profile, r->srs, &r->inputs);
}

gt_status gt__rank_check(gt_context *ctx, const gt_scenario *s)
{
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    rank_run r = {0};
    gt_status st = load(ctx, s, 0, &r);
    if (!st)
        gt__log(ctx, GT_LOG_INFO, "inventory: %d sites, profile %s; data gaps: %d",
                r.inputs.n_sites, r.profile.id, r.inputs.gaps.n);
    run_free(ctx, &r);
    gt__gdal_log_pop();
    return st;
}

static void log_targets(gt_context *ctx, const rank_run *r)
{
    const gt__rank_plan *plan = &r->plan;
    const gt_plan_year *last = plan->n_years ? &plan->years[plan->n_years - 1] : NULL;
    /* A target over no site of its kind is not met or missed: nothing to
     * measure (gistool progress: no data), not "100 %, met". */
    char u[128], d[128];
    if (last && last->unsanitary_total)
        snprintf(u, sizeof u, "%.1f %% of unsanitary landfills remediated (target > 50 %%: %s)",
                 last->unsanitary_pct, plan->year_unsanitary_met ? "met" : "NOT met");
    else
        snprintf(u, sizeof u, "no unsanitary landfill in the inventory (target > 50 %%: no data)");
    if (last && last->dumps_total)
        snprintf(d, sizeof d, "%.1f %% of dumps closed (target 100 %%: %s)", last->dumps_pct,
                 plan->year_dumps_met ? "met" : "NOT met");
    else
        snprintf(d, sizeof d, "no spontaneous dump in the inventory (target 100 %%: no data)");
    if (last)
        gt__log(ctx, GT_LOG_INFO, "%d sites; by %d: %s, %s", r->inputs.n_sites, last->year, u, d);
}

gt_status gt_rank_run(gt_context *ctx, const gt_scenario *s, const gt_rank_options *o)
{
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    rank_run r = {0};
    gt__progress prog = {o->progress, o->progress_arg, 0, 1};
    /* Every output of the run is committed together, or none is. */
    gt_status st = gt__outputs_begin(ctx);
    if (!st)
        st = load(ctx, s, o->as_of, &r);
    if (!st && !gt__progress_report(ctx, &prog, 0.2, "receptors and pathways"))
        st = gt_context_status(ctx);
    if (!st)
        st = gt__rank_receptors_measure(ctx, s, &r.inputs, r.srs, &r.receptors);
    if (!st)
        st = gt__rank_score(ctx, &r.profile, r.inputs.sites, r.receptors, r.inputs.n_sites,
                            &r.scores);
    if (!st && !gt__progress_report(ctx, &prog, 0.8, "ranking and plan"))
        st = gt_context_status(ctx);
    if (!st)
        st = gt__rank_plan_make(ctx, s->rank, o->as_of, &r.inputs, r.receptors, r.scores, &r.plan);
    const gt__rank_outputs out = {.scenario = s,
                                  .options = o,
                                  .profile = &r.profile,
                                  .srs = r.srs,
                                  .inputs = &r.inputs,
                                  .receptors = r.receptors,
                                  .scores = r.scores,
                                  .plan = &r.plan,
                                  .as_of = o->as_of};
    if (!st)
        st = gt__rank_write(ctx, &out);
    if (!st)
        st = gt__out_extras(ctx, s, o->output ? o->output : s->out_gpkg);
    st = gt__outputs_end(ctx, st);
    if (!st) {
        log_targets(ctx, &r);
        gt__progress_report(ctx, &prog, 1.0, "done");
    }
    run_free(ctx, &r);
    gt__gdal_log_pop();
    return st;
}
