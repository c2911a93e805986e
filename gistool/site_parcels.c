/*
 * site_parcels.c: the parcels of `gistool site`: the score from the
 * parcel's sample points (site_parcel_values.c), the excluded share of its
 * cells, the exact vector check of every rule, and the rank of the parcels
 * that break none. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/site_stages.h"

/* The excluded share of each parcel's cells (centre inside), band by band:
 * the parcels are burnt one fixed band of rows at a time on every thread
 * (GDAL's scanline rule straight into the parcel numbers,
 * gt__rasterize_ogr_bands) and counted against the exclusion mask there,
 * with no grid of parcel ids (gt_zonal_bands). */
typedef struct {
    gt_zonal_bands zb;
    const unsigned char *mask;
    int w;
} excl_job;

static void excl_band(void *arg, int worker, int r0, int rows, const void *cells)
{
    excl_job *j = arg;
    (void)worker;
    gt_zonal_bands_add_flags(&j->zb, r0, rows, j->w, cells, j->mask + (size_t)r0 * (size_t)j->w);
}

/* The rows a parcel's cells may be on: its envelope, a row wider each way. */
static void parcel_rows(GEOSContextHandle_t h, const gt__grid *grid, const GEOSGeometry *geom,
                        int *r0, int *r1)
{
    double y0, y1;
    *r0 = 0;
    *r1 = -1;
    if (GEOSisEmpty_r(h, geom) != 0 || !GEOSGeom_getYMin_r(h, geom, &y0) ||
        !GEOSGeom_getYMax_r(h, geom, &y1))
        return;
    double top = floor((grid->y0 - y1) / grid->res) - 1,
           bottom = ceil((grid->y0 - y0) / grid->res) + 1;
    if (!(top <= bottom) || bottom < 0 || top > grid->h - 1)
        return;
    *r0 = top < 0 ? 0 : (int)top;
    *r1 = bottom > grid->h - 1 ? grid->h - 1 : (int)bottom;
}

/* The parcels as OGR geometries for the scanline fill, made on every
 * thread (each worker a range of parcels, with its own context), with
 * each parcel's rows. */
typedef struct {
    const gt__grid *grid;
    GEOSGeometry *const *geoms;
    int np, nparts;
    OGRGeometryH *og;
    int *r0, *r1;
    int failed;
} ogr_job;

static void ogr_parts(int k0, int k1, void *arg)
{
    ogr_job *j = arg;
    for (int k = k0; k < k1; k++) {
        gt_context *w = gt_context_create();
        GEOSWKBWriter *wr = w ? GEOSWKBWriter_create_r(gt__geos(w)) : NULL;
        int p0 = (int)((long long)j->np * k / j->nparts),
            p1 = (int)((long long)j->np * (k + 1) / j->nparts);
        for (int p = p0; wr && p < p1; p++) {
            parcel_rows(gt__geos(w), j->grid, j->geoms[p], &j->r0[p], &j->r1[p]);
            if (!(j->og[p] = gt__geos_to_ogr_with(w, wr, j->geoms[p])))
                break;
        }
        if (!wr || gt_context_status(w))
            __atomic_store_n(&j->failed, 1, __ATOMIC_RELAXED);
        if (wr)
            GEOSWKBWriter_destroy_r(gt__geos(w), wr);
        gt_context_destroy(w);
    }
}

/* The polygons to burn, in parcel order: a multi-polygon's parts each with
 * the parcel's value (they are disjoint: the same cells), anything else
 * whole. A parcel's geometry is taken (moved or destroyed). */
static bool burn_list(OGRGeometryH *og, int np, OGRGeometryH **out, double **burn, int *n)
{
    int cap = np + 16;
    *out = malloc(sizeof **out * (size_t)cap);
    *burn = malloc(sizeof **burn * (size_t)cap);
    *n = 0;
    bool ok = *out && *burn;
    for (int p = 0; p < np; p++) {
        OGRGeometryH g = og[p];
        og[p] = NULL;
        int parts = wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPolygon
                        ? OGR_G_GetGeometryCount(g)
                        : 0;
        if (ok && *n + parts + 1 > cap) {
            cap = 2 * (*n + parts + 1);
            OGRGeometryH *no = realloc(*out, sizeof *no * (size_t)cap);
            if (no)
                *out = no;
            double *nb = realloc(*burn, sizeof *nb * (size_t)cap);
            if (nb)
                *burn = nb;
            ok = no && nb;
        }
        if (ok && parts > 1) {
            for (int k = 0; ok && k < parts; k++) {
                (*burn)[*n] = p + 1;
                ok = ((*out)[(*n)++] = OGR_G_Clone(OGR_G_GetGeometryRef(g, k))) != NULL;
            }
            OGR_G_DestroyGeometry(g);
        } else if (ok) {
            (*burn)[*n] = p + 1;
            (*out)[(*n)++] = g;
        } else {
            OGR_G_DestroyGeometry(g);
        }
    }
    return ok;
}

static gt_status excluded_share(gt_context *ctx, const site_grid *g, const site_layers *in,
                                const unsigned char *mask, double *share)
{
    size_t np = (size_t)(in->np ? in->np : 1);
    int *rows = gt__malloc(ctx, 2 * np * sizeof(int));
    OGRGeometryH *og = rows ? gt__calloc(ctx, np, sizeof *og) : NULL;
    gt_zone_stats *zs = og ? gt__malloc(ctx, np * sizeof *zs) : NULL;
    excl_job job = {.mask = mask, .w = g->grid.w};
    gt_status st = zs ? GT_OK : gt_context_status(ctx);
    OGRGeometryH *parts = NULL;
    double *burn = NULL;
    int nparts = 0;
    if (!st) {
        /* Every geometry's envelope is computed here first: workers read
         * them, and GEOS caches an envelope on first use. */
        double v;
        for (int p = 0; p < in->np; p++)
            GEOSGeom_getYMin_r(gt__geos(ctx), in->parcels->geoms[p], &v);
        int t = gt_context_threads(ctx);
        ogr_job oj = {&g->grid, in->parcels->geoms, in->np, t < 1 ? 1 : t, og, rows, rows + np, 0};
        gt__parallel_for(ctx, oj.nparts, ogr_parts, &oj);
        if (oj.failed)
            st = gt__error(ctx, GT_ERR_DEPENDENCY, "parcels: a geometry cannot be made OGR's");
    }
    if (!st && !burn_list(og, in->np, &parts, &burn, &nparts))
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory for rasterizing the parcels");
    if (!st)
        st = gt_zonal_bands_init(ctx, &job.zb, in->np, GT__RASTER_BAND_ROWS, rows, rows + np);
    if (!st)
        st = gt__rasterize_ogr_bands(ctx, &g->grid, parts, nparts, burn, GDT_Int32, false,
                                     excl_band, &job);
    if (!st)
        st = gt_zonal_bands_finish(ctx, &job.zb, zs);
    for (int p = 0; !st && p < in->np; p++)
        share[p] = zs[p].count ? zs[p].sum / (double)zs[p].count : NAN;
    for (int p = 0; og && p < in->np; p++)
        if (og[p])
            OGR_G_DestroyGeometry(og[p]);
    for (int k = 0; k < nparts; k++)
        OGR_G_DestroyGeometry(parts[k]);
    gt_zonal_bands_free(&job.zb);
    free(parts);
    free(burn);
    free(zs);
    free(og);
    free(rows);
    return st;
}

/* Rank the parcels that break no rule and have a score: the score rounded
 * to the tie precision, then the tie-break keys, then the id (the rule of
 * gt__rank_ties, docs/site.md "Ties"); excluded parcels and those without a
 * score get rank 0. `pc` gives the rule and each parcel's key values (the
 * sensitivity analysis ranks other scores with the same rule). */
gt_status gt__site_rank_parcels(gt_context *ctx, const site_layers *in, const double *score,
                                const site_parcels *pc, int *rank, int *tie_group)
{
    gt__tie_item *items = gt__malloc(ctx, sizeof *items * (size_t)(in->np ? in->np : 1));
    if (!items)
        return gt_context_status(ctx);
    int n = 0;
    for (int p = 0; p < in->np; p++) {
        rank[p] = 0;
        if (tie_group)
            tie_group[p] = 0;
        if (pc->first_rule[p] >= 0 || isnan(score[p]))
            continue;
        items[n++] = (gt__tie_item){score[p], pc->tie_cols + (size_t)p * pc->tie.n_keys,
                                    in->parcels->ids[p], p};
    }
    gt_status st = gt__rank_ties(ctx, &pc->tie, items, n, rank, tie_group);
    free(items);
    return st;
}

/* The tie rule of the scenario with each key's column: the key's index
 * (parcel_id: the id), and each parcel's values of the keys. */
static gt_status tie_rule(gt_context *ctx, const gt_scenario *s, const site_layers *in,
                          const site_surface *surf, const site_constraints *cons, site_parcels *out)
{
    gt__tie_rule *r = &out->tie;
    r->precision = s->tie_precision;
    r->n_keys = s->n_tie_keys;
    out->tie_cols = gt__calloc(
        ctx, (size_t)(in->np ? in->np : 1) * (size_t)(r->n_keys ? r->n_keys : 1), sizeof(double));
    if (!out->tie_cols)
        return gt_context_status(ctx);
    for (int k = 0; k < r->n_keys; k++) {
        const char *name = s->tie_keys[k];
        r->key[k] = (gt__tie_key){k, s->tie_desc[k]};
        int fi = -1, dc = -1;
        for (int i = 0; fi < 0 && i < s->n_factors; i++)
            if (!strncmp(name, "f_", 2) && !strcmp(name + 2, s->factors[i].name))
                fi = i;
        for (int c = 0; dc < 0 && c < cons->n_dcols; c++)
            if (!strcmp(name, cons->dcols[c].name))
                dc = c;
        if (!strcmp(name, "parcel_id")) {
            r->key[k].column = GT__TIE_ID;
        } else if (strcmp(name, "area_ha") && fi < 0 && dc < 0) {
            return gt__error(ctx, GT_ERR_SCENARIO,
                             "%s: tie_break: no parcel field '%s' in this run (no distance "
                             "rule measures that layer)",
                             s->tie_origin ? s->tie_origin : s->yaml.file, name);
        }
        for (int p = 0; p < in->np; p++) {
            double *v = &out->tie_cols[(size_t)p * r->n_keys + k];
            *v = !strcmp(name, "area_ha") ? out->area_m2[p] / 1e4
                 : fi >= 0                ? surf->f_mean[(size_t)p * s->n_factors + fi]
                 : dc >= 0                ? out->dist[(size_t)p * cons->n_dcols + dc]
                                          : NAN;
        }
    }
    return GT_OK;
}

/* Warn about each tie group that reaches the top 10: its ranks, its parcels
 * and the keys that ordered them. */
static void warn_top_ties(gt_context *ctx, const gt_scenario *s, const site_layers *in,
                          const site_parcels *out)
{
    enum { TOP = 10 };
    int at[TOP]; /* parcel of each rank 1..10, or -1 */
    for (int k = 0; k < TOP; k++)
        at[k] = -1;
    for (int p = 0; p < in->np; p++)
        if (out->rank[p] >= 1 && out->rank[p] <= TOP)
            at[out->rank[p] - 1] = p;
    char keys[256] = "";
    bool by_id = false;
    for (int k = 0; k < s->n_tie_keys; k++) {
        size_t l = strlen(keys);
        snprintf(keys + l, sizeof keys - l, "%s%s %s", k ? ", " : "", s->tie_keys[k],
                 s->tie_desc[k] ? "desc" : "asc");
        by_id |= !strcmp(s->tie_keys[k], "parcel_id");
    }
    if (!by_id) {
        size_t l = strlen(keys);
        snprintf(keys + l, sizeof keys - l, "%sparcel_id asc", l ? ", " : "");
    }
    for (int k = 0; k < TOP; k++) {
        if (at[k] < 0 || out->tie_group[at[k]] != k + 1)
            continue;
        int last = k; /* the group may run past rank 10: count it all */
        for (int p = 0; p < in->np; p++)
            if (out->tie_group[p] == k + 1 && out->rank[p] - 1 > last)
                last = out->rank[p] - 1;
        char ids[512] = "";
        for (int j = k; j <= last && j < TOP; j++) {
            size_t l = strlen(ids);
            snprintf(ids + l, sizeof ids - l, "%s%s", j > k ? ", " : "", in->parcels->ids[at[j]]);
        }
        gt__log(ctx, GT_LOG_WARNING,
                "parcels ranked %d to %d tie: equal scores to %g (%s%s); ordered by tie_break: "
                "%s%s",
                k + 1, last + 1, s->tie_precision, ids, last >= TOP ? ", ..." : "", keys,
                s->tie_origin ? "" : " (the default)");
    }
}

static gt_status alloc_parcels(gt_context *ctx, int np_, int n_dcols, site_parcels *p)
{
    size_t np = (size_t)(np_ ? np_ : 1);
    p->np = np_;
    p->n_dcols = n_dcols;
    p->area_m2 = gt__calloc(ctx, np, sizeof(double));
    p->score_mean = gt__calloc(ctx, np, sizeof(double));
    p->score_min = gt__calloc(ctx, np, sizeof(double));
    p->score_max = gt__calloc(ctx, np, sizeof(double));
    p->excl_share = gt__calloc(ctx, np, sizeof(double));
    p->slope_mean = gt__calloc(ctx, np, sizeof(double));
    p->dist = gt__calloc(ctx, np * (size_t)(n_dcols ? n_dcols : 1), sizeof(double));
    p->first_rule = gt__calloc(ctx, np, sizeof(int));
    p->first_dist = gt__calloc(ctx, np, sizeof(double));
    p->violations = gt__calloc(ctx, np, sizeof(char *));
    p->rank = gt__calloc(ctx, np, sizeof(int));
    p->tie_group = gt__calloc(ctx, np, sizeof(int));
    bool ok = p->area_m2 && p->score_mean && p->score_min && p->score_max && p->excl_share &&
              p->slope_mean && p->dist && p->first_rule && p->first_dist && p->violations &&
              p->rank && p->tie_group;
    return ok ? GT_OK : gt_context_status(ctx);
}

/* Per parcel: the score (with its range) and the slope from the parcel's
 * sample points (site_parcel_values.c: the same points in every working
 * CRS), and the excluded share of its cells. */
static gt_status parcel_stats(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                              const site_layers *in, const site_surface *surf,
                              const site_constraints *cons, site_parcels *out)
{
    gt_status st = GT_OK;
    if (in->np && !surf->samples)
        st = gt__error(ctx, GT_ERR_INTERNAL, "parcel values: no sample points");
    if (!st && in->np)
        st = gt__psample_scores(ctx, surf->samples, s, NULL, out->score_mean, out->score_min,
                                out->score_max);
    if (!st)
        st = excluded_share(ctx, g, in, cons->mask, out->excl_share);
    const float *slope = gt__site_slope(surf, cons);
    if (!st && in->np && !gt__psample_slope_means(surf->samples, out->slope_mean) && slope)
        gt__psample_grid_mean(surf->samples, g, slope, out->slope_mean);
    return st;
}

/* The exact check of every applied rule against one parcel: distances
 * into the parcel's row of `dist`, the first rule broken and the list of
 * all of them. */
static gt_status check_parcel(gt_context *ctx, const site_constraints *cons, const site_layers *in,
                              int p, const double *found, site_parcels *out)
{
    (void)ctx;
    (void)in;
    out->first_rule[p] = -1;
    out->first_dist[p] = NAN;
    for (int c = 0; c < cons->n_dcols; c++)
        out->dist[(size_t)p * cons->n_dcols + c] = NAN;
    char viol[1024] = "";
    for (int i = 0; i < cons->n_rules; i++) {
        const site_rule *rr = &cons->rules[i];
        if (!rr->a.applied)
            continue;
        const gt__rule *rule = rr->a.rule;
        bool broken = false;
        double d = NAN;
        if (rule->kind == GT__RULE_DISTANCE) {
            d = found[i];
            out->dist[(size_t)p * cons->n_dcols + rr->dcol] = d;
            broken = d < rule->min_distance_m;
        } else if (rule->kind == GT__RULE_INSIDE) {
            broken = found[i] >= 0;
        } else {
            broken = out->slope_mean[p] > rule->max_slope_pct;
        }
        if (!broken)
            continue;
        size_t l = strlen(viol);
        snprintf(viol + l, sizeof viol - l, "%s%s", l ? ";" : "", rule->id);
        if (out->first_rule[p] < 0) {
            out->first_rule[p] = i;
            out->first_dist[p] = d;
        }
    }
    out->violations[p] = viol[0] ? gt__strdup(ctx, viol) : NULL;
    return GT_OK;
}

gt_status gt__site_parcels_evaluate(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                                    const site_layers *in, const site_surface *surf,
                                    const site_constraints *cons, const gt__progress *prog,
                                    site_parcels *out)
{
    memset(out, 0, sizeof *out);
    if (!in->parcels)
        return GT_OK;
    gt_status st = alloc_parcels(ctx, in->np, cons->n_dcols, out);
    if (!st)
        st = parcel_stats(ctx, s, g, in, surf, cons, out);
    /* Every rule's exact answer for every parcel, on all threads. */
    double *found = st ? NULL : gt__rule_answers(ctx, cons, in);
    if (!st && !found)
        st = gt_context_status(ctx);
    for (int p = 0; !st && p < in->np; p++) {
        if ((st = check_parcel(ctx, cons, in, p, found + (size_t)p * cons->n_rules, out)))
            break;
        if (!gt__site_progress(ctx, prog, 0.8, 0.95, (p + 1.0) / in->np, "checking parcels"))
            st = gt_context_status(ctx);
    }
    free(found);
    /* Areas on the ellipsoid, the same in every working CRS, measured on
     * every thread with the sample points (site_parcel_values.c). */
    if (!st && in->np)
        memcpy(out->area_m2, gt__psample_areas(surf->samples), sizeof(double) * (size_t)in->np);
    if (!st)
        st = tie_rule(ctx, s, in, surf, cons, out);
    if (!st)
        st = gt__site_rank_parcels(ctx, in, out->score_mean, out, out->rank, out->tie_group);
    if (!st)
        warn_top_ties(ctx, s, in, out);
    return st;
}

void gt__site_parcels_free(site_parcels *p)
{
    free(p->area_m2);
    free(p->score_mean);
    free(p->score_min);
    free(p->score_max);
    free(p->excl_share);
    free(p->slope_mean);
    free(p->dist);
    free(p->first_rule);
    free(p->first_dist);
    for (int i = 0; p->violations && i < p->np; i++)
        free(p->violations[i]);
    free(p->violations);
    free(p->rank);
    free(p->tie_cols);
    free(p->tie_group);
    memset(p, 0, sizeof *p);
}
