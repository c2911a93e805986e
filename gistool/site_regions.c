/*
 * site_regions.c: the area a new landfill needs (from the demand block)
 * and the contiguous candidate regions of suitable cells that reach it.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/site_stages.h"

/* Required area from the demand block (docs/site.md). */
gt_status gt__site_demand_compute(gt_context *ctx, const gt_scenario *s, const site_layers *in,
                                  site_demand *out)
{
    memset(out, 0, sizeof *out);
    if (!s->has_demand)
        return GT_OK;
    gt_demand d = s->demand;
    if (s->demand_layer) {
        const gt__features *f = in->layer[gt__site_layer_index(s, s->demand_layer)];
        d.population = 0;
        for (int i = 0; f && f->values && i < f->n; i++)
            if (!isnan(f->values[i]) && f->values[i] > 0)
                d.population += f->values[i];
    }
    out->population = d.population;
    gt_status st = gt_required_area(ctx, &d, &out->tonnes, &out->required_ha, &out->size_class);
    if (st) {
        gt__error_prefix(ctx, "%s", s->yaml.file);
        return st;
    }
    gt__log(ctx, GT_LOG_INFO,
            "demand: %.0f people, %.0f t over %g years -> %.1f ha required, TCVN 6696:2009 %s",
            d.population, out->tonnes, d.horizon_years, out->required_ha,
            gt_size_class_name(out->size_class));
    return GT_OK;
}

/* A region's measures: size and score from its zonal statistics, the
 * Polsby-Popper compactness of its polygon, the exact distance to the
 * nearest road when there is a road index. */
static gt_status measure_region(gt_context *ctx, const gt_zone_stats *z, double cell_ha,
                                const gt__index *roads, site_region *g)
{
    g->cells = z->count;
    g->area_ha = z->count * cell_ha;
    g->mean = z->sum / (double)z->count;
    g->min = z->min;
    double a = 0, p = 0;
    if (g->geom) {
        GEOSArea_r(gt__geos(ctx), g->geom, &a);
        GEOSLength_r(gt__geos(ctx), g->geom, &p);
    }
    g->compactness = p > 0 ? 4 * 3.14159265358979323846 * a / (p * p) : NAN;
    g->dist_road_m = NAN;
    int which;
    if (roads && g->geom)
        return gt__index_nearest(ctx, roads, g->geom, &g->dist_road_m, &which);
    return GT_OK;
}

/* Rank: mean score descending, then area descending, then the order found
 * (the index as a third key, negated, so that the lower index wins). */
static gt_status rank_regions(gt_context *ctx, site_regions *out)
{
    gt__rank_item *items = gt__calloc(ctx, (size_t)out->n + 1, sizeof *items);
    if (!items)
        return gt_context_status(ctx);
    int *rank = gt__calloc(ctx, (size_t)out->n + 1, sizeof *rank);
    if (!rank) {
        free(items);
        return gt_context_status(ctx);
    }
    for (int j = 0; j < out->n; j++)
        items[j] =
            (gt__rank_item){{out->region[j].mean, out->region[j].area_ha, -(double)j}, NULL, j};
    gt__rank_items(items, out->n, rank);
    for (int j = 0; j < out->n; j++)
        out->region[j].rank = rank[j];
    free(rank);
    free(items);
    return GT_OK;
}

/* Contiguous regions of cells that pass every constraint and score at least
 * min_score, of at least the minimum area, polygonised and ranked. One
 * cleanup for the six scratch buffers makes it longer than most. */
gt_status gt__site_regions_compute(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                                   const site_layers *in, const site_surface *surf,
                                   const site_constraints *cons, const site_demand *demand,
                                   site_regions *out)
{
    memset(out, 0, sizeof *out);
    if (!s->has_regions)
        return GT_OK;
    out->min_area_ha = !isnan(s->regions_min_area_ha) ? s->regions_min_area_ha
                       : s->has_demand                ? demand->required_ha
                                                      : 0;
    unsigned char *m = gt__malloc(ctx, g->ncell);
    int32_t *lab = m ? gt__malloc(ctx, g->ncell * sizeof(int32_t)) : NULL;
    gt_status st = lab ? GT_OK : gt_context_status(ctx);
    int32_t n = 0;
    for (size_t k = 0; !st && k < g->ncell; k++)
        m[k] = g->inside[k] && !cons->mask[k] && surf->score[k] >= s->regions_min_score;
    if (!st)
        st = gt_regions_label(ctx, m, g->grid.w, g->grid.h, s->regions_connectivity, lab, &n);
    gt_zone_stats *zs = !st ? gt__calloc(ctx, (size_t)n + 1, sizeof *zs) : NULL;
    if (!st && !zs)
        st = gt_context_status(ctx);
    if (!st)
        st = gt_zonal_stats(ctx, lab, surf->score, g->ncell, n, zs);
    /* Keep the regions large enough; renumber them 1..kept. */
    int32_t *keep = !st ? gt__calloc(ctx, (size_t)n + 1, sizeof(int32_t)) : NULL;
    int32_t kept = 0;
    double cell_ha = g->grid.res * g->grid.res / 1e4;
    for (int32_t i = 0; keep && i < n; i++)
        if (zs[i].count * cell_ha >= out->min_area_ha)
            keep[i + 1] = ++kept;
    for (size_t k = 0; keep && k < g->ncell; k++)
        lab[k] = keep[lab[k]];
    GEOSGeometry **geoms = keep ? gt__calloc(ctx, (size_t)kept + 1, sizeof *geoms) : NULL;
    out->region = geoms ? gt__calloc(ctx, (size_t)kept + 1, sizeof *out->region) : NULL;
    if (!st && !out->region)
        st = gt_context_status(ctx);
    if (!st)
        st = gt__polygonize_labels(ctx, &g->grid, lab, kept, s->regions_connectivity, geoms);
    /* Distance to the nearest road, exactly, when there is a road layer. */
    const char *road = s->regions_road_layer ? s->regions_road_layer : "roads";
    int li = gt__site_layer_index(s, road);
    gt__index *ix = !st && li >= 0 && in->layer[li] ? gt__index_create(ctx, in->layer[li]) : NULL;
    for (int32_t i = 0, j = 0; !st && i < n; i++) {
        if (!keep[i + 1])
            continue;
        out->region[j].geom = geoms[j];
        geoms[j] = NULL;
        st = measure_region(ctx, &zs[i], cell_ha, ix, &out->region[j]);
        j++;
    }
    out->n = kept;
    if (!st)
        st = rank_regions(ctx, out);
    gt__log(ctx, GT_LOG_INFO,
            "candidate regions: %d of %d contiguous areas with score >= %g reach %.1f ha", kept, n,
            s->regions_min_score, out->min_area_ha);
    gt__index_destroy(ctx, ix);
    for (int32_t j = 0; geoms && j < kept; j++)
        if (geoms[j])
            GEOSGeom_destroy_r(gt__geos(ctx), geoms[j]);
    free(geoms);
    free(keep);
    free(zs);
    free(lab);
    free(m);
    return st;
}

void gt__site_regions_free(gt_context *ctx, site_regions *r)
{
    for (int i = 0; r->region && i < r->n; i++)
        if (r->region[i].geom)
            GEOSGeom_destroy_r(gt__geos(ctx), r->region[i].geom);
    free(r->region);
    memset(r, 0, sizeof *r);
}
