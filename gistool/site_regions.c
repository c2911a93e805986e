/*
 * site_regions.c: the area a new landfill needs (from the demand block)
 * and the candidate regions of that size: grown from the score's peaks
 * over the suitable cells (docs/methodology.md, "Candidate regions").
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/site_stages.h"
#include "layers/geodesic.h"

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
        /* validation: a population layer that keeps no feature (its
         * values are checked as it is read) serves nobody: the
         * required area would be 0 ha, "small", an answer that looks
         * like one. */
        const gt__layer_spec *l = gt__scenario_layer(s, s->demand_layer);
        if (!(d.population > 0))
            return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                             "demand.population_layer: layers.%s (%s) keeps no features (none "
                             "within reach of the study area, or none left after its filter): "
                             "no population to size the landfill for",
                             s->demand_layer, l ? l->origin : "?");
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

/* A region's measures: size and score from its zonal statistics, area,
 * perimeter and Polsby-Popper compactness 4 pi A / P^2 of its polygon on
 * the ellipsoid, the exact distance to the nearest road when there is a
 * road index. */
static gt_status measure_region(gt_context *ctx, const gt_zone_stats *z, const gt__geodesic *gd,
                                const gt__index *roads, site_region *g)
{
    g->cells = z->count;
    g->mean = z->sum / (double)z->count;
    g->min = z->min;
    double a = 0, p = 0;
    gt_status st = g->geom ? gt__geodesic_area(ctx, gd, g->geom, &a, &p) : GT_OK;
    if (st)
        return st;
    g->area_ha = a / 1e4;
    g->compactness = p > 0 ? 4 * 3.14159265358979323846 * a / (p * p) : NAN;
    g->dist_road_m = NAN;
    int which;
    if (roads && g->geom)
        return gt__index_nearest(ctx, roads, g->geom, &g->dist_road_m, &which);
    return GT_OK;
}

/* Rank: mean score rounded to the scenario's tie precision (as parcels),
 * then compactness descending, then area descending, then the region id. */
static gt_status rank_regions(gt_context *ctx, const gt_scenario *s, site_regions *out)
{
    size_t n = (size_t)out->n + 1;
    gt__tie_item *items = gt__calloc(ctx, n, sizeof *items);
    double *cols = items ? gt__calloc(ctx, n * 3, sizeof *cols) : NULL;
    int *rank = cols ? gt__calloc(ctx, n, sizeof *rank) : NULL;
    gt_status st = rank ? GT_OK : gt_context_status(ctx);
    gt__tie_rule rule = {s->tie_precision, 3, {{0, true}, {1, true}, {2, false}}};
    for (int j = 0; !st && j < out->n; j++) {
        cols[3 * j] = out->region[j].compactness;
        cols[3 * j + 1] = out->region[j].area_ha;
        cols[3 * j + 2] = j;
        items[j] = (gt__tie_item){out->region[j].mean, &cols[3 * j], NULL, j};
    }
    if (!st)
        st = gt__rank_ties(ctx, &rule, items, out->n, rank, NULL);
    for (int j = 0; !st && j < out->n; j++)
        out->region[j].rank = rank[j];
    free(rank);
    free(cols);
    free(items);
    return st;
}

/* The area (ha) of a cell of each column of the grid on the ellipsoid, at
 * the grid's middle row: a Transverse Mercator scale factor changes with
 * the distance from the central meridian, and along a column by less than
 * 1e-6 over a province. */
static double *column_areas(gt_context *ctx, const site_grid *g, const gt__geodesic *gd)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    double *col = gt__malloc(ctx, sizeof *col * (size_t)(g->grid.w ? g->grid.w : 1));
    double y0 = g->grid.y0 - (g->grid.h / 2) * g->grid.res, y1 = y0 - g->grid.res;
    for (int c = 0; col && c < g->grid.w; c++) {
        double x0 = g->grid.x0 + c * g->grid.res, x1 = x0 + g->grid.res, a = NAN;
        GEOSGeometry *cell = GEOSGeom_createRectangle_r(h, x0, y1, x1, y0);
        gt_status st =
            cell ? gt__geodesic_area(ctx, gd, cell, &a, NULL) : GT_GEOS_FAIL(ctx, "cell");
        if (cell)
            GEOSGeom_destroy_r(h, cell);
        if (st) {
            free(col);
            return NULL;
        }
        col[c] = a / 1e4;
    }
    return col;
}

/* Whole contiguous areas (method: components): connected components of at
 * least the minimum area, renumbered 1..*kept in grid order. */
static gt_status components(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                            const unsigned char *m, const double *col_ha, double min_ha,
                            int32_t *lab, int32_t *kept)
{
    int32_t n = 0;
    *kept = 0;
    gt_status st = gt_regions_label(ctx, m, g->grid.w, g->grid.h, s->regions_connectivity, lab, &n);
    double *area = !st ? gt__calloc(ctx, (size_t)n + 1, sizeof *area) : NULL;
    int32_t *keep = area ? gt__calloc(ctx, (size_t)n + 1, sizeof *keep) : NULL;
    if (!st && !keep)
        st = gt_context_status(ctx);
    for (size_t k = 0; keep && k < g->ncell; k++)
        area[lab[k]] += col_ha[k % (size_t)g->grid.w];
    for (int32_t i = 1; keep && i <= n; i++)
        if (area[i] >= min_ha)
            keep[i] = ++*kept;
    for (size_t k = 0; keep && k < g->ncell; k++)
        lab[k] = keep[lab[k]];
    free(keep);
    free(area);
    return st;
}

/* validation: a minimum area larger than the study area itself can never
 * be met; the run would end with no region and exit 0 (`min_area_ha:
 * 1e300`, or a demand block whose landfill needs more than the province). */
static gt_status too_large(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                           const double *col_ha, double min_ha)
{
    double study_ha = 0;
    for (size_t k = 0; k < g->ncell; k++)
        if (g->inside[k])
            study_ha += col_ha[k % (size_t)g->grid.w];
    if (!(min_ha > study_ha))
        return GT_OK;
    if (!isnan(s->regions_min_area_ha))
        return gt__error(ctx, GT_ERR_SCENARIO,
                         "%s: regions.min_area_ha: %g ha is larger than the study area "
                         "(%.0f ha): no region can reach it",
                         s->yaml.file, min_ha, study_ha);
    return gt__error(ctx, GT_ERR_SCENARIO,
                     "%s: regions: the area the demand block requires (%.0f ha) is larger than "
                     "the study area (%.0f ha): no region can reach it; check the demand's "
                     "figures or give regions.min_area_ha",
                     s->yaml.file, min_ha, study_ha);
}

/* Candidate regions of cells that pass every constraint and score at least
 * min_score: grown from score peaks to the site's size (or whole contiguous
 * areas with method: components), of at least the minimum area,
 * polygonised, measured on the ellipsoid and ranked. One cleanup for the
 * scratch buffers makes it longer than most. */
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
    double max_ha = !isnan(s->regions_max_area_ha) ? s->regions_max_area_ha : out->min_area_ha;
    if (max_ha < out->min_area_ha)
        return gt__error(ctx, GT_ERR_SCENARIO,
                         "%s: regions.max_area_ha (%g ha) is below the minimum area of a "
                         "region (%.2f ha)",
                         s->yaml.file, max_ha, out->min_area_ha);
    /* Without a size to grow to, the regions are the whole areas. */
    bool grow = !s->regions_components && max_ha > 0;
    gt__geodesic *gd = gt__geodesic_create(ctx, g->srs);
    double *col_ha = gd ? column_areas(ctx, g, gd) : NULL;
    gt_status st = col_ha ? too_large(ctx, s, g, col_ha, out->min_area_ha) : GT_OK;
    unsigned char *m = col_ha && !st ? gt__malloc(ctx, g->ncell) : NULL;
    int32_t *lab = m ? gt__malloc(ctx, g->ncell * sizeof(int32_t)) : NULL;
    if (!st && !lab)
        st = gt_context_status(ctx);
    int32_t kept = 0;
    for (size_t k = 0; !st && k < g->ncell; k++)
        m[k] = g->inside[k] && !cons->mask[k] && surf->score[k] >= s->regions_min_score;
    if (!st && grow)
        st =
            gt__regions_grow(ctx, surf->score, s->regions_score_band, m, g->grid.w, g->grid.h,
                             s->regions_connectivity, col_ha, max_ha, out->min_area_ha, lab, &kept);
    else if (!st)
        st = components(ctx, s, g, m, col_ha, out->min_area_ha, lab, &kept);
    gt_zone_stats *zs = !st ? gt__calloc(ctx, (size_t)kept + 1, sizeof *zs) : NULL;
    if (!st && !zs)
        st = gt_context_status(ctx);
    if (!st)
        st = gt_zonal_stats(ctx, lab, surf->score, g->ncell, kept, zs);
    GEOSGeometry **geoms = !st ? gt__calloc(ctx, (size_t)kept + 1, sizeof *geoms) : NULL;
    out->region = geoms ? gt__calloc(ctx, (size_t)kept + 1, sizeof *out->region) : NULL;
    if (!st && !out->region)
        st = gt_context_status(ctx);
    if (!st)
        st = gt__polygonize_labels(ctx, &g->grid, lab, kept, s->regions_connectivity, geoms);
    /* Distance to the nearest road, exactly, when there is a road layer. */
    const char *road = s->regions_road_layer ? s->regions_road_layer : "roads";
    int li = gt__site_layer_index(s, road);
    gt__index *ix = !st && li >= 0 && in->layer[li] ? gt__index_create(ctx, in->layer[li]) : NULL;
    for (int32_t j = 0; !st && j < kept; j++) {
        out->region[j].geom = geoms[j];
        geoms[j] = NULL;
        out->n = j + 1;
        st = measure_region(ctx, &zs[j], gd, ix, &out->region[j]);
    }
    if (!st)
        st = rank_regions(ctx, s, out);
    if (!st && grow)
        gt__log(ctx, GT_LOG_INFO,
                "candidate regions: %d grown from score peaks to %.1f ha (cells with score >= "
                "%g, at least %.1f ha)",
                kept, max_ha, s->regions_min_score, out->min_area_ha);
    else if (!st)
        gt__log(ctx, GT_LOG_INFO,
                "candidate regions: %d contiguous areas with score >= %g reach %.1f ha", kept,
                s->regions_min_score, out->min_area_ha);
    gt__index_destroy(ctx, ix);
    for (int32_t j = 0; geoms && j < kept; j++)
        if (geoms[j])
            GEOSGeom_destroy_r(gt__geos(ctx), geoms[j]);
    free(geoms);
    free(zs);
    free(lab);
    free(m);
    free(col_ha);
    gt__geodesic_destroy(gd);
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
