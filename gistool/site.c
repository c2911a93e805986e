/*
 * site.c: the `gistool site` pipeline: runs the stages in order, times
 * them, and releases what they made. SPDX-License-Identifier: MIT
 *
 *   scenario ─► rules (profile + extra) ─► weights (AHP/direct)   site_config
 *     ─► study area + grid                                        site_grid
 *     ─► layers (open, reproject, repair) + parcels               site_layers
 *     ─► demand: required area                                    site_demand
 *     ─► factors: distance (exact EDT) / slope (Horn) / class scores
 *        ─► fuzzy ─► S = aggregation of the factors (unmasked)    site_surface
 *     ─► constraint zones (vector buffers ∩ study area) ─► mask   site_constraints
 *     ─► parcels: zonal statistics + exact rule checks ─► rank    site_parcels
 *     ─► candidate regions                                        site_regions
 *     ─► weight sensitivity (optional)                            site_sensitivity
 *     ─► GeoPackage (atomic) with provenance, surface = S × (1 − mask)
 */
#include <math.h>
#include <stdlib.h>

#include "gistool/output.h"
#include "gistool/extras.h"
#include "gistool/site_stages.h"

static gt_status config_load(gt_context *ctx, const gt_scenario *s, site_config *cfg)
{
    gt_status st = gt__collect_rules(ctx, s, &cfg->profile, &cfg->active, &cfg->n_active);
    return st ? st : gt__compute_weights(ctx, s, cfg->weights, &cfg->ahp);
}

static void config_free(site_config *cfg)
{
    gt__gaps_free(&cfg->gaps);
    gt__scenario_with_data_free(cfg->with_data);
    free(cfg->active);
    gt__profile_free(&cfg->profile);
}

/* The suitability surface as a cloud-optimised GeoTIFF, when asked for. */
static gt_status write_cog(gt_context *ctx, const site_run *r, const char *path)
{
    if (r->surf.is_suitability)
        return gt__write_cog(ctx, &r->grid.grid, r->grid.srs, r->surf.score, path);
    float *surface = gt__malloc(ctx, r->grid.ncell * sizeof(float));
    if (!surface)
        return gt_context_status(ctx);
    gt__suitability(r->grid.ncell, r->grid.inside, r->cons.mask, r->surf.score, surface);
    gt_status st = gt__write_cog(ctx, &r->grid.grid, r->grid.srs, surface, path);
    free(surface);
    return st;
}

/* Before writing, the grids the writers do not read are freed (parcel ids,
 * slope) and the score becomes the suitability surface in place (the
 * writers read only the surface): at 100 M cells this was the run's peak,
 * the surface a fifth full grid beside these. */
static void release_for_write(site_run *r)
{
    free(r->surf.slope);
    r->surf.slope = NULL;
    free(r->cons.slope);
    r->cons.slope = NULL;
    if (r->surf.score && r->grid.inside && r->cons.mask) {
        gt__suitability(r->grid.ncell, r->grid.inside, r->cons.mask, r->surf.score,
                        r->surf.score);
        r->surf.is_suitability = true;
    }
}

/* GDAL's block cache holds the raster's tiles until it is full (5 % of the
 * memory by default): capped while the run writes, the tiles go to the file
 * as they are made instead of piling up beside the grids. */
enum { WRITE_CACHE_BYTES = 64 << 20 };

static void log_summary(gt_context *ctx, const site_run *r, const char *out)
{
    int excluded = 0, ranked = 0, best = -1;
    for (int p = 0; p < r->in.np; p++) {
        excluded += r->parcels.first_rule[p] >= 0;
        ranked += r->parcels.rank[p] > 0;
        if (r->parcels.rank[p] == 1)
            best = p;
    }
    gt__log(ctx, GT_LOG_INFO, "wrote %s: %d parcels, %d excluded, %d ranked%s%s", out, r->in.np,
            excluded, ranked, best >= 0 ? "; best: " : "",
            best >= 0 ? r->in.parcels->ids[best] : "");
}

static void run_free(gt_context *ctx, site_run *r)
{
    gt__site_sensitivity_free(&r->sa);
    gt__site_regions_free(ctx, &r->regions);
    gt__site_parcels_free(&r->parcels);
    gt__site_constraints_free(ctx, &r->cons);
    gt__site_surface_free(&r->surf);
    gt__site_layers_free(ctx, &r->in);
    gt__site_grid_free(ctx, &r->grid);
    config_free(&r->cfg);
}

/* Parcels a factor has no data over (a DEM of part of the study area):
 * without the factor's `nodata_fill` they get no score and no rank, which
 * the docs allow; the run says so, as a data gap per factor, and refuses
 * under `on_missing: fail` like any other gap. A parcel with no value in
 * any factor has no sample point in the study area: no layer is to blame. */
static gt_status uncovered_parcels(gt_context *ctx, const gt_scenario *s, site_run *r)
{
    const double *fm = r->surf.f_mean;
    int np = r->in.np, nf = s->n_factors, n0 = r->cfg.gaps.n;
    if (!fm || !r->in.parcels)
        return GT_OK;
    gt_status st = GT_OK;
    for (int i = 0; i < nf && !st; i++) {
        const gt__factor *fac = &s->factors[i];
        if (!isnan(fac->nodata_fill))
            continue;
        int n = 0;
        const char *first = NULL;
        for (int p = 0; p < np; p++) {
            if (!isnan(fm[(size_t)p * nf + i]))
                continue;
            bool other = false;
            for (int j = 0; j < nf && !other; j++)
                other = !isnan(fm[(size_t)p * nf + j]);
            if (other && !n++)
                first = r->in.parcels->ids[p];
        }
        if (n)
            st = gt__gaps_add(ctx, &r->cfg.gaps, "factor", fac->name, fac->layer,
                              GT__GAP_NOT_COVERING, GT__GAP_NO_SCORE, NAN, NAN,
                              "parcels.score, f_ fields, rank",
                              "%d of %d parcels (the first '%s'): no score and no rank (give "
                              "the factor `nodata_fill`, or data that covers the study area)",
                              n, np, first);
    }
    if (!st && r->cfg.gaps.n > n0) {
        gt__gaps added = {r->cfg.gaps.v + n0, r->cfg.gaps.n - n0, 0};
        gt__gaps_log(ctx, &added);
        st = gt__gaps_refuse(ctx, s, &added);
    }
    return st;
}

/* Run the stages; each one only when the ones before it succeeded. */
static gt_status run_stages(gt_context *ctx, site_run *r, const gt__progress *prog)
{
    const gt_scenario *s = r->s;
    gt_status st = GT_OK;
    double t = gt__now();
#define STEP(call)                                                                                 \
    do {                                                                                           \
        if (!st)                                                                                   \
            st = (call);                                                                           \
    } while (0)
    STEP(config_load(ctx, s, &r->cfg));
    STEP(gt__site_grid_setup(ctx, s, &r->cfg, &r->grid));
    STEP(gt__site_layers_load(ctx, s, &r->cfg, &r->grid, prog, &r->in));
    /* Data gaps: from here on, the scenario's factors are those with data. */
    STEP(gt__site_data_gaps(ctx, s, &r->cfg, &r->in));
    if (!st && r->cfg.with_data)
        s = r->s = r->cfg.with_data;
    STEP(gt__site_demand_compute(ctx, s, &r->in, &r->demand));
    r->timing[GT__TIME_LOAD] = gt__now() - t;
    t = gt__now();
    STEP(gt__site_surface_compute(ctx, s, &r->cfg, &r->grid, &r->in, r->sens, prog, &r->surf));
    /* haul factor: the cells it could not reach join the run's data gaps */
    gt_status merged = gt__site_haul_gaps_merge(ctx, &r->cfg.gaps, &r->surf.haul_gaps);
    STEP(merged);
    r->timing[GT__TIME_FACTORS] = gt__now() - t;
    t = gt__now();
    STEP(gt__site_constraints_compute(ctx, s, &r->cfg, &r->grid, &r->in, &r->surf, prog, &r->cons));
    r->timing[GT__TIME_CONSTRAINTS] = gt__now() - t;
    t = gt__now();
    STEP(
        gt__site_parcels_evaluate(ctx, s, &r->grid, &r->in, &r->surf, &r->cons, prog, &r->parcels));
    STEP(uncovered_parcels(ctx, s, r));
    STEP(gt__site_regions_compute(ctx, s, &r->grid, &r->in, &r->surf, &r->cons, &r->demand,
                                  &r->regions));
    if (r->sens)
        STEP(gt__site_sensitivity_compute(ctx, s, &r->cfg, &r->grid, &r->in, &r->surf, &r->cons,
                                          &r->parcels, prog, &r->sa));
    r->timing[GT__TIME_PARCELS] = gt__now() - t;
#undef STEP
    return st;
}

gt_status gt__site_check(gt_context *ctx, const gt_scenario *s, gt__site_report_fn report,
                         void *arg)
{
    if (s->kind != GT__SCENARIO_SITE)
        return gt__error(ctx, GT_ERR_USAGE, "%s is not a site scenario", s->yaml.file);
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    site_run r = {.s = s};
    gt__progress prog = {NULL, NULL, 0.0, 1.0};
    gt__error_clear(ctx);
    gt_status st = run_stages(ctx, &r, &prog);
    if (!st && report) {
        gt__site_findings f = {r.s,           r.cfg.active, r.cfg.n_active, r.cfg.weights,
                               &r.cfg.ahp,    r.cfg.gaps.n};
        report(ctx, &f, arg);
    }
    run_free(ctx, &r);
    gt__gdal_log_pop();
    return st;
}

gt_status gt_site_run(gt_context *ctx, const gt_scenario *s, const gt_site_options *o)
{
    if (s->kind != GT__SCENARIO_SITE)
        return gt__error(ctx, GT_ERR_USAGE,
                         "%s is a landfill-ranking scenario (it has `inventory:`); run it "
                         "with `gistool rank`",
                         s->yaml.file);
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    site_run r = {.s = s, .o = o, .sens = o->sensitivity || s->has_sensitivity};
    gt__progress prog = {o->progress, o->progress_arg, 0.0, 1.0};
    int saved_threads = gt_context_threads(ctx);
    if (o->threads > 0)
        gt_context_set_threads(ctx, o->threads);
    gt__error_clear(ctx);
    const char *out = o->output ? o->output : s->out_gpkg;
    /* Every output of the run is committed together, or none is. */
    gt_status st = gt__outputs_begin(ctx);
    if (!st)
        st = run_stages(ctx, &r, &prog);
    GIntBig cache = GDALGetCacheMax64();
    if (!st) {
        release_for_write(&r);
        if (cache > WRITE_CACHE_BYTES)
            GDALSetCacheMax64(WRITE_CACHE_BYTES);
    }
    if (!st)
        st = gt__site_write(ctx, &r, out);
    if (!st && s->out_cog)
        st = write_cog(ctx, &r, s->out_cog);
    GDALSetCacheMax64(cache);
    if (!st)
        st = gt__out_extras(ctx, s, out);
    st = gt__outputs_end(ctx, st);
    if (!st) {
        log_summary(ctx, &r, out);
        gt__progress_report(ctx, &prog, 1.0, "done");
    }
    run_free(ctx, &r);
    gt_context_set_threads(ctx, saved_threads);
    gt__gdal_log_pop();
    return st;
}
