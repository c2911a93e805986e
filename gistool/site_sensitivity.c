/*
 * site_sensitivity.c: the weight sensitivity stage of `gistool site`
 * (docs/sensitivity.md): the surface and the parcel ranks recomputed for
 * one-at-a-time weight changes and for Monte Carlo weights, with the
 * arithmetic of algorithms/sensitivity.c. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/site_stages.h"

/* Scratch of one re-weighted run. */
typedef struct {
    float *surface; /* ncell */
    double *score;  /* np */
    int *rank;      /* np */
    gt_zone_stats *zs;
} rerun;

/* The surface for other weights, then the parcel scores and ranks as the
 * base run computes them. */
static gt_status rerun_surface(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                               const site_surface *surf, const double *w, rerun *x)
{
    return gt__site_aggregate(ctx, s, (const float *const *)surf->fgrid, w, g->ncell, x->surface);
}

static gt_status rerun_ranks(gt_context *ctx, const gt_scenario *s, const site_surface *surf,
                             const double *w, const site_layers *in, const site_parcels *parcels,
                             rerun *x)
{
    if (!in->parcels || !surf->samples)
        return GT_OK;
    gt_status st = gt__psample_scores(ctx, surf->samples, s, w, x->score, NULL, NULL);
    return st ? st : gt__site_rank_parcels(ctx, in, x->score, parcels, x->rank, NULL);
}

/* One at a time: each weight changed by each step, the others rescaled in
 * proportion; ranks tracked, and the reversals of the base top k kept. */
static gt_status one_at_a_time(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                               const site_grid *g, const site_layers *in, const site_surface *surf,
                               const site_parcels *parcels, const gt__progress *prog, rerun *x,
                               site_sensitivity *out)
{
    int nf = s->n_factors;
    gt_status st = GT_OK;
    for (int k = 0; !st && k < nf; k++)
        for (int t = 0; !st && t < s->n_oat_steps; t++) {
            double w[GT_AHP_MAX_N];
            gt__oat_weights(nf, cfg->weights, k, s->oat_steps[t], w);
            if ((st = rerun_surface(ctx, s, g, surf, w, x)) ||
                (st = rerun_ranks(ctx, s, surf, w, in, parcels, x)))
                break;
            gt__rank_track(in->np, x->rank, s->top_k, out->rank_best, out->rank_worst,
                           out->topk_oat);
            out->n_oat_runs++;
            gt__rank_reversals(in->np, parcels->rank, x->rank, s->top_k, k * s->n_oat_steps + t,
                               out->reversals, &out->n_reversals, GT__REVERSALS_MAX);
            if (!gt__site_progress(ctx, prog, 0.95, 0.97,
                                   (k * s->n_oat_steps + t + 1.0) / (nf * s->n_oat_steps),
                                   "sensitivity: one at a time"))
                st = gt_context_status(ctx);
        }
    return st;
}

/* Monte Carlo: weights ~ Dirichlet centred on the base weights; per cell
 * the running mean and variance for the CV, per parcel its rank and the
 * sums of its score. */
static gt_status monte_carlo(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                             const site_grid *g, const site_layers *in, const site_surface *surf,
                             const site_constraints *cons, const site_parcels *parcels,
                             const gt__progress *prog, rerun *x, site_sensitivity *out)
{
    int nf = s->n_factors;
    double *mean = gt__calloc(ctx, g->ncell, sizeof(double));
    double *m2 = mean ? gt__calloc(ctx, g->ncell, sizeof(double)) : NULL;
    unsigned char *valid = m2 ? gt__malloc(ctx, g->ncell) : NULL;
    gt_status st = valid ? GT_OK : gt_context_status(ctx);
    for (size_t c = 0; !st && c < g->ncell; c++)
        valid[c] = g->inside[c] && !cons->mask[c]; /* outside or excluded: no CV */
    gt__rng rng;
    gt__rng_seed(&rng, s->mc_seed);
    double alpha[GT_AHP_MAX_N];
    gt__mc_alpha(nf, cfg->weights, s->mc_concentration, alpha);
    for (int run = 0; !st && run < s->mc_runs; run++) {
        double w[GT_AHP_MAX_N];
        gt__mc_weights(&rng, nf, alpha, w);
        if ((st = rerun_surface(ctx, s, g, surf, w, x)))
            break;
        gt__welford_add(g->ncell, x->surface, valid, run, mean, m2);
        if (in->parcels && !(st = rerun_ranks(ctx, s, surf, w, in, parcels, x))) {
            gt__rank_track(in->np, x->rank, s->top_k, out->rank_best, out->rank_worst,
                           out->topk_mc);
            for (int p = 0; p < in->np; p++)
                if (x->rank[p]) {
                    out->mc_sum[p] += x->score[p];
                    out->mc_sum2[p] += x->score[p] * x->score[p];
                }
        }
        out->n_mc_runs++;
        if (!st && !gt__site_progress(ctx, prog, 0.97, 0.99, (run + 1.0) / s->mc_runs,
                                      "sensitivity: Monte Carlo"))
            st = gt_context_status(ctx);
    }
    if (!st)
        gt__welford_cv(g->ncell, mean, m2, out->n_mc_runs, out->cv);
    free(valid);
    free(m2);
    free(mean);
    return st;
}

gt_status gt__site_sensitivity_compute(gt_context *ctx, const gt_scenario *s,
                                       const site_config *cfg, const site_grid *g,
                                       const site_layers *in, const site_surface *surf,
                                       const site_constraints *cons, const site_parcels *parcels,
                                       const gt__progress *prog, site_sensitivity *out)
{
    memset(out, 0, sizeof *out);
    size_t np = (size_t)(in->np ? in->np : 1);
    rerun x = {gt__malloc(ctx, g->ncell * sizeof(float)), gt__malloc(ctx, sizeof(double) * np),
               gt__calloc(ctx, np, sizeof(int)), gt__calloc(ctx, np, sizeof(gt_zone_stats))};
    out->rank_best = gt__calloc(ctx, np, sizeof(int));
    out->rank_worst = gt__calloc(ctx, np, sizeof(int));
    out->topk_mc = gt__calloc(ctx, np, sizeof(int));
    out->topk_oat = gt__calloc(ctx, np, sizeof(int));
    out->mc_sum = gt__calloc(ctx, np, sizeof(double));
    out->mc_sum2 = gt__calloc(ctx, np, sizeof(double));
    out->cv = gt__malloc(ctx, g->ncell * sizeof(float));
    out->reversals = gt__calloc(ctx, GT__REVERSALS_MAX, sizeof *out->reversals);
    gt_status st = x.surface && x.score && x.rank && x.zs && out->rank_best && out->rank_worst &&
                           out->topk_mc && out->topk_oat && out->mc_sum && out->mc_sum2 &&
                           out->cv && out->reversals
                       ? GT_OK
                       : gt_context_status(ctx);
    if (!st)
        st = one_at_a_time(ctx, s, cfg, g, in, surf, parcels, prog, &x, out);
    if (!st)
        st = monte_carlo(ctx, s, cfg, g, in, surf, cons, parcels, prog, &x, out);
    free(x.surface);
    free(x.score);
    free(x.rank);
    free(x.zs);
    return st;
}

void gt__site_sensitivity_free(site_sensitivity *sa)
{
    free(sa->rank_best);
    free(sa->rank_worst);
    free(sa->topk_mc);
    free(sa->topk_oat);
    free(sa->mc_sum);
    free(sa->mc_sum2);
    free(sa->cv);
    free(sa->reversals);
    memset(sa, 0, sizeof *sa);
}
