/*
 * site.c: the `gistool site` pipeline.
 * SPDX-License-Identifier: MIT
 *
 *   scenario ─► rules (profile + extra) ─► weights (AHP/direct)
 *     ─► study area + grid ─► layers (open, reproject, repair)
 *     ─► factors: distance (exact EDT) / slope (Horn) / class scores
 *        ─► fuzzy ─► S = Σ w_i f_i                      (suitability, unmasked)
 *     ─► constraint zones (vector buffers ∩ study area) ─► mask
 *     ─► surface = S × (1 − mask), NoData outside the study area
 *     ─► parcels: zonal statistics + exact rule checks ─► rank
 *     ─► GeoPackage (atomic) with provenance
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <time.h>

#include <cpl_string.h>

#include <cpl_error.h>

#include "gistool/options.h"
#include "gistool/output.h"
#include "gistool/pipeline.h"

/* Largest padding of the distance grid beyond the study area (see
 * factor_distance). */
#define MAX_PAD_M 20000.0

/* ------------------------------------------------------------------ */
/* Shared with `gistool check`                                          */
/* ------------------------------------------------------------------ */

bool gt__layer_is_raster(const gt_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_factors; i++)
        if (s->factors[i].measure == GT__MEASURE_SLOPE && !strcmp(s->factors[i].layer, name))
            return true;
    for (int i = 0; i < s->n_extra; i++)
        if (s->extra[i].kind == GT__RULE_MAX_SLOPE && !strcmp(s->extra[i].layer, name))
            return true;
    return false;
}

gt_status gt__collect_rules(gt_context *ctx, const gt_scenario *s, gt__profile *profile,
                            gt__active_rule **out, int *n_out)
{
    *out = NULL;
    *n_out = 0;
    memset(profile, 0, sizeof *profile);
    gt_status st;
    if (s->profile_name && (st = gt__profile_load(ctx, s->profile_name, s->dir, profile)))
        return st;
    for (int d = 0; d < s->n_disabled; d++) {
        bool known = false;
        for (int i = 0; i < profile->n_rules; i++)
            known |= !strcmp(profile->rules[i].id, s->disabled_rules[d]);
        if (!known) {
            gt__error(ctx, GT_ERR_SCENARIO, "%s: constraints.disable: no rule '%s' in profile '%s'",
                      s->yaml.file, s->disabled_rules[d], profile->id ? profile->id : "(none)");
            gt__profile_free(profile);
            return GT_ERR_SCENARIO;
        }
    }
    gt__active_rule *r = gt__calloc(ctx, (size_t)(profile->n_rules + s->n_extra + 1), sizeof *r);
    if (!r) {
        gt__profile_free(profile);
        return GT_ERR_NOMEM;
    }
    int n = 0;
    for (int i = 0; i < profile->n_rules + s->n_extra; i++) {
        const gt__rule *rule =
            i < profile->n_rules ? &profile->rules[i] : &s->extra[i - profile->n_rules];
        if (!gt__rule_applies(rule, s->facility))
            continue;
        bool disabled = false;
        for (int d = 0; d < s->n_disabled && i < profile->n_rules; d++)
            disabled |= !strcmp(rule->id, s->disabled_rules[d]);
        if (disabled) {
            gt__log(ctx, GT_LOG_INFO, "rule %s disabled by the scenario", rule->id);
            continue;
        }
        for (int k = 0; k < n; k++)
            if (!strcmp(r[k].rule->id, rule->id)) {
                gt__error(ctx, GT_ERR_SCENARIO,
                          "%s: rule id '%s' in constraints.extra is already a rule of the "
                          "profile (%s)",
                          rule->origin, rule->id, r[k].rule->origin);
                free(r);
                gt__profile_free(profile);
                return GT_ERR_SCENARIO;
            }
        r[n].rule = rule;
        const gt__layer_spec *spec = gt__scenario_layer(s, rule->layer);
        r[n].applied = spec != NULL;
        if (!spec) {
            snprintf(r[n].note, sizeof r[n].note, "not applied: no layer '%s' in the scenario",
                     rule->layer);
            gt__log(ctx, GT_LOG_WARNING,
                    "rule %s not applied: the scenario has no layer "
                    "'%s'",
                    rule->id, rule->layer);
        } else if (rule->classes && !spec->class_field) {
            free(r);
            gt__profile_free(profile);
            return gt__error(ctx, GT_ERR_SCENARIO,
                             "rule %s (%s) selects classes of layer '%s', which has no "
                             "`class_field` in the scenario (%s)",
                             rule->id, rule->origin, rule->layer, spec->origin);
        }
        n++;
    }
    *out = r;
    *n_out = n;
    return GT_OK;
}

gt_status gt__compute_weights(gt_context *ctx, const gt_scenario *s, double *w, gt_ahp_result *ahp)
{
    memset(ahp, 0, sizeof *ahp);
    if (s->weights_mode != GT__WEIGHTS_AHP) { /* direct, or from a ranking */
        memcpy(w, s->direct_weights, sizeof(double) * (size_t)s->n_factors);
        return GT_OK;
    }
    gt_status st =
        gt_ahp_compute(ctx, s->n_factors, s->ahp_matrix, s->ahp_method, s->ri_table, ahp);
    if (st) {
        gt__error_prefix(ctx, "%s: weights.ahp", s->yaml.file);
        return st;
    }
    memcpy(w, ahp->weights, sizeof(double) * (size_t)s->n_factors);
    /* The gate: CR for the eigenvector method, the GCI for the geometric
     * one (its own measure, Aguarón & Moreno-Jiménez 2003). */
    bool geometric = s->ahp_method == GT_AHP_GEOMETRIC;
    double value = geometric ? ahp->gci : ahp->cr;
    double limit = geometric ? ahp->gci_limit : s->cr_limit;
    if (value >= limit) {
        char worst[512] = "";
        if (ahp->worst_row >= 0)
            snprintf(worst, sizeof worst,
                     "; the judgment furthest from the weights is %s over %s (%.4g; %.3g would "
                     "be consistent)",
                     s->factors[ahp->worst_row].name, s->factors[ahp->worst_col].name,
                     s->ahp_matrix[ahp->worst_row * s->n_factors + ahp->worst_col],
                     ahp->worst_consistent_value);
        char what[256];
        if (geometric)
            snprintf(what, sizeof what, "geometric consistency index GCI = %.4f is not below %.2f",
                     ahp->gci, ahp->gci_limit);
        else
            snprintf(what, sizeof what,
                     "consistency ratio CR = %.4f is not below the limit %.2f (lambda_max = "
                     "%.4f, CI = %.4f, RI(%d) = %.4g, %s)",
                     ahp->cr, s->cr_limit, ahp->lambda_max, ahp->ci, s->n_factors, ahp->ri,
                     gt_ri_table_name(ahp->ri_table));
        if (!s->allow_inconsistent)
            return gt__error(ctx, GT_ERR_AHP_INCONSISTENT,
                             "%s: weights.ahp: %s%s. Revise the judgments, or set "
                             "`allow_inconsistent: true` to run anyway.",
                             s->yaml.file, what, worst);
        gt__log(ctx, GT_LOG_WARNING, "AHP: %s; running because allow_inconsistent is true%s", what,
                worst);
    }
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* The run                                                              */
/* ------------------------------------------------------------------ */

typedef struct {
    gt__active_rule a;
    const gt__features *feats; /* the layer's features, or `subset` */
    gt__features *subset;      /* owned: the features of the rule's classes */
    gt__index *ix;
    GEOSGeometry *zone; /* clipped to the study area */
    int dcol;           /* distance column, -1 for none */
} run_rule;

typedef struct {
    char name[80]; /* d_<layer>_m */
    int rule;      /* first rule that uses it */
} dist_col;

typedef struct {
    gt_context *ctx;
    const gt_scenario *s;
    const gt_site_options *o;
    gt__progress prog;
    gt__profile profile;
    gt__active_rule *active;
    int n_active;
    run_rule *rules;
    int n_rules;
    dist_col *dcols;
    int n_dcols;
    double weights[GT_AHP_MAX_N];
    gt_ahp_result ahp;
    OGRSpatialReferenceH srs;
    gt__features *study;
    GEOSGeometry *study_geom;
    double aoi[4];
    gt__grid grid;
    size_t ncell;
    unsigned char *inside; /* 1 inside the study area */
    gt__features **layers; /* per scenario layer; NULL when not loaded */
    float *score;          /* WLC of the factors, NAN outside */
    float *slope;          /* cached slope grid, or NULL */
    unsigned char *mask;   /* 1 where a constraint excludes */
    /* parcels */
    gt__features *parcels;
    int np;
    int32_t *pid;
    gt_zone_stats *zs; /* scratch, np entries */
    double *f_mean;    /* np x n_factors */
    double *score_mean, *score_min, *score_max, *excl_share, *slope_mean;
    double *dist;    /* np x n_dcols */
    int *first_rule; /* -1: not excluded */
    double *first_dist;
    char **violations;
    int *rank;
    double t_start;
    double timing[8];
    /* demand and candidate regions */
    double demand_population, demand_tonnes, required_ha;
    gt_size_class size_class;
    double regions_min_area_ha;
    int n_regions;
    struct region {
        GEOSGeometry *geom;
        double area_ha, mean, min, compactness, dist_road_m;
        int64_t cells;
        int rank;
    } * regions;
    /* sensitivity */
    bool sens;
    float *fgrid[GT_AHP_MAX_N]; /* standardised factors, kept for re-weighting */
    int *rank_best, *rank_worst, *topk_mc, *topk_oat;
    double *mc_sum, *mc_sum2; /* per parcel score over the Monte Carlo runs */
    float *cv;
    int n_oat_runs, n_mc_runs;
    struct reversal {
        char change[96];
        int a, b, base_a, base_b, rank_a, rank_b;
    } * reversals;
    int n_reversals;
    double *parcel_area; /* m2, for the rank tie-break */
} site_run;

enum { T_LOAD, T_FACTORS, T_CONSTRAINTS, T_PARCELS, T_WRITE };
static const char *const timing_names[] = {"load_s", "factors_s", "constraints_s", "parcels_s",
                                           "write_s"};

static int layer_index(const gt_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_layers; i++)
        if (!strcmp(s->layers[i].name, name))
            return i;
    return -1;
}

static bool progress(site_run *r, double lo, double hi, double done, const char *msg)
{
    gt__progress p = gt__progress_sub(&r->prog, lo, hi);
    return gt__progress_report(r->ctx, &p, done, msg);
}

/* The study area: union of its polygons, and the grid over it. */
static gt_status setup_grid(site_run *r)
{
    gt_context *ctx = r->ctx;
    const gt_scenario *s = r->s;
    gt_status st = gt__vector_load(ctx, &s->study_area, r->srs, NULL, &r->study);
    if (st)
        return st;
    if (r->study->n == 0)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "study_area (%s): the layer has no features (empty study area)",
                         s->study_area.origin);
    if (r->study->max_dim != 2)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT, "study_area (%s): the layer must hold polygons",
                         s->study_area.origin);
    /* The collection takes ownership of its parts: give it clones. */
    GEOSGeometry **parts = gt__calloc(ctx, (size_t)r->study->n, sizeof *parts);
    if (!parts)
        return gt_context_status(ctx);
    for (int i = 0; i < r->study->n; i++)
        parts[i] = GEOSGeom_clone_r(gt__geos(ctx), r->study->geoms[i]);
    GEOSGeometry *coll = GEOSGeom_createCollection_r(gt__geos(ctx), GEOS_GEOMETRYCOLLECTION, parts,
                                                     (unsigned)r->study->n);
    free(parts);
    if (!coll)
        return GT_GEOS_FAIL(ctx, "study area collection");
    r->study_geom = GEOSUnaryUnion_r(gt__geos(ctx), coll);
    GEOSGeom_destroy_r(gt__geos(ctx), coll);
    if (!r->study_geom)
        return GT_GEOS_FAIL(ctx, "study area union");
    double area;
    GEOSArea_r(gt__geos(ctx), r->study_geom, &area);
    if (GEOSisEmpty_r(gt__geos(ctx), r->study_geom) == 1 || !(area > 0))
        return gt__error(ctx, GT_ERR_INPUT_EXTENT, "study_area (%s): the area is empty",
                         s->study_area.origin);
    double x0, y0, x1, y1, res = s->resolution_m;
    GEOSGeom_getXMin_r(gt__geos(ctx), r->study_geom, &x0);
    GEOSGeom_getYMin_r(gt__geos(ctx), r->study_geom, &y0);
    GEOSGeom_getXMax_r(gt__geos(ctx), r->study_geom, &x1);
    GEOSGeom_getYMax_r(gt__geos(ctx), r->study_geom, &y1);
    /* Snap the grid to multiples of the resolution, so runs at the same
     * resolution share cell edges. */
    r->grid.x0 = floor(x0 / res) * res;
    r->grid.y0 = ceil(y1 / res) * res;
    double w = ceil((x1 - r->grid.x0) / res), h = ceil((r->grid.y0 - y0) / res);
    if (w * h > 2.0e9)
        return gt__error(ctx, GT_ERR_SCENARIO,
                         "%s: resolution_m = %g gives a %.0f x %.0f grid; use a coarser "
                         "resolution",
                         s->yaml.file, res, w, h);
    r->grid.w = (int)w;
    r->grid.h = (int)h;
    r->grid.res = res;
    r->ncell = (size_t)r->grid.w * (size_t)r->grid.h;
    r->inside = gt__calloc(ctx, r->ncell, 1);
    if (!r->inside)
        return gt_context_status(ctx);
    if ((st = gt__rasterize(ctx, &r->grid, &r->study_geom, 1, NULL, GDT_Byte, false, r->inside)))
        return st;
    size_t n_in = 0;
    for (size_t k = 0; k < r->ncell; k++)
        n_in += r->inside[k] != 0;
    if (n_in == 0)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "study_area (%s): no cell centre of the %g m grid falls inside it",
                         s->study_area.origin, res);
    gt__log(ctx, GT_LOG_INFO, "grid: %d x %d cells of %g m, %zu inside the study area (%.1f km2)",
            r->grid.w, r->grid.h, res, n_in, area / 1e6);
    /* Features this far outside the study area still matter: a village
     * across the border is within the 1000 m rule. */
    double margin = 0;
    for (int i = 0; i < r->n_active; i++)
        if (r->active[i].rule->kind == GT__RULE_DISTANCE)
            margin = fmax(margin, r->active[i].rule->min_distance_m);
    for (int i = 0; i < s->n_factors; i++) {
        const gt_fuzzy *f = &s->factors[i].fuzzy;
        if (s->factors[i].measure == GT__MEASURE_DISTANCE) {
            double pts[4] = {f->a, f->b, f->c, f->d};
            for (int k = 0; k < 4; k++)
                if (isfinite(pts[k]))
                    margin = fmax(margin, fmin(pts[k], MAX_PAD_M));
        }
    }
    margin += 2 * res;
    r->aoi[0] = x0 - margin;
    r->aoi[1] = y0 - margin;
    r->aoi[2] = x1 + margin;
    r->aoi[3] = y1 + margin;
    return GT_OK;
}

static gt_status load_layers(site_run *r)
{
    gt_context *ctx = r->ctx;
    const gt_scenario *s = r->s;
    r->layers = gt__calloc(ctx, (size_t)s->n_layers + 1, sizeof *r->layers);
    if (!r->layers)
        return gt_context_status(ctx);
    for (int i = 0; i < s->n_layers; i++) {
        const gt__layer_spec *spec = &s->layers[i];
        if (gt__layer_is_raster(s, spec->name))
            continue;
        bool used = !strcmp(spec->name, s->parcels_layer) ||
                    (s->demand_layer && !strcmp(spec->name, s->demand_layer)) ||
                    (s->has_regions &&
                     !strcmp(spec->name, s->regions_road_layer ? s->regions_road_layer : "roads"));
        for (int k = 0; k < s->n_factors; k++)
            used |= !strcmp(s->factors[k].layer, spec->name);
        for (int k = 0; k < r->n_active; k++)
            used |= r->active[k].applied && !strcmp(r->active[k].rule->layer, spec->name);
        if (!used) {
            gt__log(ctx, GT_LOG_WARNING, "layers.%s is not used by any factor or rule", spec->name);
            continue;
        }
        gt_status st = gt__vector_load(ctx, spec, r->srs, r->aoi, &r->layers[i]);
        if (st)
            return st;
        gt__features *f = r->layers[i];
        if (f->n == 0 && f->n_outside > 0)
            return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                             "layers.%s (%s): none of its %d features is within reach of "
                             "the study area (disjoint extents; is the CRS right?)",
                             spec->name, spec->origin, f->n_outside);
        if (f->n == 0)
            gt__log(ctx, GT_LOG_WARNING, "layers.%s: no features%s", spec->name,
                    spec->where || spec->classes ? " after filtering" : "");
        if (!progress(r, 0.0, 0.2, (i + 1.0) / s->n_layers, "loading layers"))
            return gt_context_status(ctx);
    }
    return GT_OK;
}

/* Distance in metres from each cell centre to the nearest feature cell,
 * by the exact EDT on a grid padded beyond the study area, so that features
 * outside it count. The padding is the largest finite fuzzy control point
 * (beyond it the membership is constant), capped at MAX_PAD_M. */
static gt_status factor_distance(site_run *r, const gt__factor *fac, const gt__features *f,
                                 float *out)
{
    gt_context *ctx = r->ctx;
    const gt__grid *g = &r->grid;
    double padm = 0, pts[4] = {fac->fuzzy.a, fac->fuzzy.b, fac->fuzzy.c, fac->fuzzy.d};
    for (int k = 0; k < 4; k++)
        if (isfinite(pts[k]))
            padm = fmax(padm, pts[k]);
    if (padm > MAX_PAD_M) {
        gt__log(ctx, GT_LOG_WARNING,
                "factors.%s: features more than %.0f km outside the study area are not "
                "seen by the distance surface",
                fac->name, MAX_PAD_M / 1000);
        padm = MAX_PAD_M;
    }
    int pad = (int)ceil(padm / g->res) + 1;
    gt__grid pg = {g->w + 2 * pad, g->h + 2 * pad, g->x0 - pad * g->res, g->y0 + pad * g->res,
                   g->res};
    size_t pn = (size_t)pg.w * pg.h;
    unsigned char *feat = gt__calloc(ctx, pn, 1);
    float *dist = feat ? gt__malloc(ctx, pn * sizeof(float)) : NULL;
    gt_status st = dist ? GT_OK : gt_context_status(ctx);
    if (!st)
        st = gt__rasterize(ctx, &pg, f->geoms, f->n, NULL, GDT_Byte, true, feat);
    if (!st)
        st = gt_distance_transform(ctx, feat, pg.w, pg.h, pg.res, pg.res, dist);
    if (!st)
        for (int row = 0; row < g->h; row++)
            memcpy(out + (size_t)row * g->w, dist + (size_t)(row + pad) * pg.w + pad,
                   sizeof(float) * (size_t)g->w);
    free(feat);
    free(dist);
    return st;
}

static gt_status compute_slope(site_run *r, const char *layer)
{
    if (r->slope)
        return GT_OK;
    gt_context *ctx = r->ctx;
    const gt__layer_spec *spec = gt__scenario_layer(r->s, layer);
    float *dem = gt__malloc(ctx, r->ncell * sizeof(float));
    r->slope = dem ? gt__malloc(ctx, r->ncell * sizeof(float)) : NULL;
    gt_status st = r->slope ? GT_OK : gt_context_status(ctx);
    if (!st)
        st = gt__raster_load(ctx, spec, &r->grid, r->srs, dem);
    if (!st) {
        size_t valid = 0;
        for (size_t k = 0; k < r->ncell; k++)
            valid += r->inside[k] && !isnan(dem[k]);
        if (valid == 0)
            st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                           "layers.%s (%s): the raster has no data over the study area "
                           "(disjoint extents?)",
                           spec->name, spec->origin);
    }
    if (!st)
        st =
            gt_slope_horn(ctx, dem, r->grid.w, r->grid.h, r->grid.res, r->grid.res, 0, 0, r->slope);
    free(dem);
    return st;
}

/* Land-use class scores: burn the index of each feature's class, look up. */
static gt_status factor_classes(site_run *r, const gt__factor *fac, const gt__features *f,
                                float *out)
{
    gt_context *ctx = r->ctx;
    int32_t *cls = gt__calloc(ctx, r->ncell, sizeof(int32_t));
    double *burn = f->n ? gt__malloc(ctx, sizeof(double) * (size_t)f->n) : NULL;
    double *score_of = gt__malloc(ctx, sizeof(double) * (size_t)(f->n + 1));
    gt_status st = cls && score_of && (burn || !f->n) ? GT_OK : gt_context_status(ctx);
    for (int i = 0; !st && i < f->n; i++) {
        burn[i] = i + 1;
        score_of[i + 1] = fac->default_score;
        for (int k = 0; k < fac->n_scores; k++)
            if (f->classes && f->classes[i] && !strcmp(f->classes[i], fac->score_classes[k]))
                score_of[i + 1] = fac->scores[k];
    }
    if (!st) {
        score_of[0] = fac->default_score;
        st = gt__rasterize(ctx, &r->grid, f->geoms, f->n, burn, GDT_Int32, false, cls);
    }
    for (size_t k = 0; !st && k < r->ncell; k++)
        out[k] = (float)score_of[cls[k]];
    free(cls);
    free(burn);
    free(score_of);
    return st;
}

/* Per parcel: mean of a grid over the parcel's cells (NAN when none). */
static gt_status parcel_means(site_run *r, const float *grid, double *mean, double *min,
                              double *max, int stride)
{
    if (!r->parcels)
        return GT_OK;
    gt_status st = gt_zonal_stats(r->ctx, r->pid, grid, r->ncell, r->np, r->zs);
    for (int p = 0; !st && p < r->np; p++) {
        const gt_zone_stats *z = &r->zs[p];
        mean[(size_t)p * stride] = z->count ? z->sum / (double)z->count : NAN;
        if (min)
            min[p] = z->count ? z->min : NAN;
        if (max)
            max[p] = z->count ? z->max : NAN;
    }
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static gt_status setup_parcels(site_run *r)
{
    gt_context *ctx = r->ctx;
    int li = layer_index(r->s, r->s->parcels_layer);
    if (li < 0) {
        gt__log(ctx, GT_LOG_WARNING,
                "no layer '%s': only the suitability surface is "
                "computed",
                r->s->parcels_layer);
        return GT_OK;
    }
    r->parcels = r->layers[li];
    r->np = r->parcels->n;
    if (r->parcels->max_dim != 2 && r->np > 0)
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY, "layers.%s (%s): parcels must be polygons",
                         r->s->parcels_layer, r->s->layers[li].origin);
    /* Parcels wholly outside the study area are dropped with a warning. */
    const GEOSPreparedGeometry *pg = GEOSPrepare_r(gt__geos(ctx), r->study_geom);
    if (!pg)
        return GT_GEOS_FAIL(ctx, "prepare study area");
    int kept = 0, dropped = 0;
    char first[200] = "";
    for (int i = 0; i < r->np; i++) {
        gt__features *f = r->parcels;
        if (GEOSPreparedIntersects_r(gt__geos(ctx), pg, f->geoms[i]) == 1) {
            f->geoms[kept] = f->geoms[i];
            f->ids[kept] = f->ids[i];
            if (f->classes)
                f->classes[kept] = f->classes[i];
            if (f->values)
                f->values[kept] = f->values[i];
            kept++;
        } else {
            if (dropped++ < 5) {
                size_t l = strlen(first);
                snprintf(first + l, sizeof first - l, "%s%s", l ? ", " : "", f->ids[i]);
            }
            GEOSGeom_destroy_r(gt__geos(ctx), f->geoms[i]);
            free(f->ids[i]);
            if (f->classes)
                free(f->classes[i]);
        }
    }
    GEOSPreparedGeom_destroy_r(gt__geos(ctx), pg);
    r->parcels->n = r->np = kept;
    if (dropped)
        gt__log(ctx, GT_LOG_WARNING,
                "layers.%s: %d parcel%s outside the study area left "
                "out (%s%s)",
                r->s->parcels_layer, dropped, dropped == 1 ? "" : "s", first,
                dropped > 5 ? ", ..." : "");
    /* Ids must be unique: sort a copy of the pointers, compare neighbours. */
    const char **sorted = gt__malloc(ctx, sizeof(char *) * (size_t)(r->np ? r->np : 1));
    if (!sorted)
        return gt_context_status(ctx);
    memcpy(sorted, r->parcels->ids, sizeof(char *) * (size_t)r->np);
    qsort(sorted, (size_t)r->np, sizeof(char *), cmp_str);
    for (int i = 1; i < r->np; i++)
        if (!strcmp(sorted[i - 1], sorted[i])) {
            gt__error(ctx, GT_ERR_INPUT_FIELD,
                      "layers.%s: parcel id '%s' appears twice (id_field must be unique)",
                      r->s->parcels_layer, sorted[i]);
            free(sorted);
            return GT_ERR_INPUT_FIELD;
        }
    free(sorted);
    size_t np = (size_t)(r->np ? r->np : 1), nf = (size_t)r->s->n_factors;
    r->pid = gt__calloc(ctx, r->ncell, sizeof(int32_t));
    r->zs = gt__calloc(ctx, np, sizeof *r->zs);
    r->f_mean = gt__calloc(ctx, np * nf, sizeof(double));
    r->score_mean = gt__calloc(ctx, np, sizeof(double));
    r->score_min = gt__calloc(ctx, np, sizeof(double));
    r->score_max = gt__calloc(ctx, np, sizeof(double));
    r->excl_share = gt__calloc(ctx, np, sizeof(double));
    r->slope_mean = gt__calloc(ctx, np, sizeof(double));
    r->first_rule = gt__calloc(ctx, np, sizeof(int));
    r->first_dist = gt__calloc(ctx, np, sizeof(double));
    r->violations = gt__calloc(ctx, np, sizeof(char *));
    r->rank = gt__calloc(ctx, np, sizeof(int));
    if (!r->pid || !r->zs || !r->f_mean || !r->score_mean || !r->score_min || !r->score_max ||
        !r->excl_share || !r->slope_mean || !r->first_rule || !r->first_dist || !r->violations ||
        !r->rank)
        return gt_context_status(ctx);
    double *burn = gt__malloc(ctx, np * sizeof(double));
    if (!burn)
        return gt_context_status(ctx);
    for (int i = 0; i < r->np; i++)
        burn[i] = i + 1;
    gt_status st =
        gt__rasterize(ctx, &r->grid, r->parcels->geoms, r->np, burn, GDT_Int32, false, r->pid);
    free(burn);
    return st;
}

/* A parcel smaller than a cell gets no cell centre: sample the cell under
 * its point on surface instead (documented in docs/site.md). */
static void fill_small_parcels(site_run *r, const float *grid, double *mean, int stride)
{
    for (int p = 0; p < r->np; p++) {
        if (r->zs[p].count || r->zs[p].nodata)
            continue;
        GEOSGeometry *pt = GEOSPointOnSurface_r(gt__geos(r->ctx), r->parcels->geoms[p]);
        double x, y;
        if (pt && GEOSGeomGetX_r(gt__geos(r->ctx), pt, &x) &&
            GEOSGeomGetY_r(gt__geos(r->ctx), pt, &y)) {
            int c = (int)floor((x - r->grid.x0) / r->grid.res);
            int row = (int)floor((r->grid.y0 - y) / r->grid.res);
            if (c >= 0 && c < r->grid.w && row >= 0 && row < r->grid.h)
                mean[(size_t)p * stride] = grid[(size_t)row * r->grid.w + c];
        }
        if (pt)
            GEOSGeom_destroy_r(gt__geos(r->ctx), pt);
    }
}

/* Standardise a factor (fuzzy membership, or the class score as it is),
 * set NoData outside the study area, and add w * f to the score. Rows are
 * shared among the threads. */
typedef struct {
    site_run *r;
    const gt__factor *fac;
    double weight;
    float *f;
} standardise_job;

static void standardise_rows(int r0, int r1, void *arg)
{
    standardise_job *j = arg;
    size_t w = (size_t)j->r->grid.w;
    for (size_t k = (size_t)r0 * w; k < (size_t)r1 * w; k++) {
        float v = j->fac->measure == GT__MEASURE_CLASS
                      ? j->f[k]
                      : (float)gt_fuzzy_eval(&j->fac->fuzzy, j->f[k]);
        /* NoData (e.g. outside the DEM) stays NoData unless the scenario
         * gives the factor a nodata_fill score. */
        if (isnan(v) && !isnan(j->fac->nodata_fill))
            v = (float)j->fac->nodata_fill;
        j->f[k] = j->r->inside[k] ? v : NAN;
        switch (j->r->s->aggregation) {
        case GT__AGG_WLC:
            j->r->score[k] += (float)(j->weight * j->f[k]);
            break;
        case GT__AGG_WPM:
            if (j->weight > 0 || isnan(j->f[k]))
                j->r->score[k] *= (float)pow(j->f[k], j->weight);
            break;
        case GT__AGG_OWA:
            break; /* all factors at the end */
        }
    }
}

static gt_status compute_factors(site_run *r)
{
    gt_context *ctx = r->ctx;
    const gt_scenario *s = r->s;
    r->score = gt__calloc(ctx, r->ncell, sizeof(float));
    if (r->score && s->aggregation == GT__AGG_WPM)
        for (size_t k = 0; k < r->ncell; k++)
            r->score[k] = 1.0f;
    float *owa[GT_AHP_MAX_N] = {0};
    float *f = gt__malloc(ctx, r->ncell * sizeof(float));
    gt_status st = r->score && f ? GT_OK : gt_context_status(ctx);
    for (int i = 0; !st && i < s->n_factors; i++) {
        const gt__factor *fac = &s->factors[i];
        int li = layer_index(s, fac->layer);
        const gt__features *feats = r->layers[li];
        switch (fac->measure) {
        case GT__MEASURE_DISTANCE:
            if (feats->n == 0) {
                st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                               "factors.%s: layer '%s' has no features to measure distance "
                               "to",
                               fac->name, fac->layer);
                break;
            }
            st = factor_distance(r, fac, feats, f);
            break;
        case GT__MEASURE_SLOPE:
            if (!(st = compute_slope(r, fac->layer)))
                memcpy(f, r->slope, r->ncell * sizeof(float));
            break;
        case GT__MEASURE_CLASS:
            if (!feats->classes) {
                st = gt__error(ctx, GT_ERR_SCENARIO,
                               "factors.%s: layer '%s' needs a `class_field` for class "
                               "scores",
                               fac->name, fac->layer);
                break;
            }
            st = factor_classes(r, fac, feats, f);
            break;
        }
        if (st)
            break;
        standardise_job job = {r, fac, r->weights[i], f};
        gt__parallel_for(ctx, r->grid.h, standardise_rows, &job);
        if (r->parcels) {
            st = parcel_means(r, f, r->f_mean + i, NULL, NULL, s->n_factors);
            fill_small_parcels(r, f, r->f_mean + i, s->n_factors);
        }
        if (!st && (s->aggregation == GT__AGG_OWA || r->sens)) {
            /* OWA orders the factors per cell, and the sensitivity analysis
             * re-weights them: keep each one. */
            if (!(owa[i] = gt__malloc(ctx, r->ncell * sizeof(float))))
                st = gt_context_status(ctx);
            else
                memcpy(owa[i], f, r->ncell * sizeof(float));
        }
        if (!st && !progress(r, 0.2, 0.6, (i + 1.0) / s->n_factors, "computing factors"))
            st = gt_context_status(ctx);
    }
    if (!st && s->aggregation == GT__AGG_OWA)
        st = gt_owa(ctx, s->n_factors, (const float *const *)owa, r->weights, s->order_weights,
                    r->ncell, r->score);
    for (int i = 0; i < s->n_factors; i++) {
        if (r->sens)
            r->fgrid[i] = owa[i]; /* kept for the sensitivity analysis */
        else
            free(owa[i]);
    }
    free(f);
    return st;
}

static gt_status rule_features(site_run *r, run_rule *rr)
{
    gt_context *ctx = r->ctx;
    const gt__rule *rule = rr->a.rule;
    const gt__features *f = r->layers[layer_index(r->s, rule->layer)];
    rr->feats = f;
    if (rule->classes) {
        gt__features *sub = gt__calloc(ctx, 1, sizeof *sub);
        if (!sub)
            return gt_context_status(ctx);
        rr->subset = sub;
        sub->geoms = gt__calloc(ctx, (size_t)f->n + 1, sizeof *sub->geoms);
        sub->ids = gt__calloc(ctx, (size_t)f->n + 1, sizeof *sub->ids);
        if (!sub->geoms || !sub->ids)
            return gt_context_status(ctx);
        for (int i = 0; i < f->n; i++) {
            bool keep = false;
            for (int k = 0; k < rule->n_classes; k++)
                keep |= f->classes && f->classes[i] && !strcmp(f->classes[i], rule->classes[k]);
            if (!keep)
                continue;
            sub->geoms[sub->n] = GEOSGeom_clone_r(gt__geos(ctx), f->geoms[i]);
            sub->ids[sub->n] = gt__strdup(ctx, f->ids[i]);
            if (!sub->geoms[sub->n])
                return GT_GEOS_FAIL(ctx, "clone");
            int d = GEOSGeom_getDimensions_r(gt__geos(ctx), sub->geoms[sub->n]);
            if (d > sub->max_dim)
                sub->max_dim = d;
            sub->n++;
        }
        rr->feats = sub;
    }
    if (rule->kind == GT__RULE_INSIDE && rr->feats->n > 0 && rr->feats->max_dim != 2)
        return gt__error(ctx, GT_ERR_PROFILE,
                         "rule %s (%s): `inside` needs polygons, but layer '%s' holds "
                         "points or lines; give min_distance_m instead",
                         rule->id, rule->origin, rule->layer);
    rr->ix = gt__index_create(ctx, rr->feats);
    return rr->ix ? GT_OK : gt_context_status(ctx);
}

/* The rule's excluded area inside the study area, as polygons. */
static gt_status rule_zone(site_run *r, run_rule *rr)
{
    gt_context *ctx = r->ctx;
    GEOSContextHandle_t h = gt__geos(ctx);
    const gt__rule *rule = rr->a.rule;
    if (rule->kind == GT__RULE_MAX_SLOPE) {
        gt_status st = compute_slope(r, rule->layer);
        if (st)
            return st;
        unsigned char *m = gt__calloc(ctx, r->ncell, 1);
        if (!m)
            return gt_context_status(ctx);
        for (size_t k = 0; k < r->ncell; k++)
            m[k] = r->inside[k] && r->slope[k] > rule->max_slope_pct;
        rr->zone = gt__polygonize_mask(ctx, &r->grid, m);
        free(m);
        return rr->zone ? GT_OK : gt_context_status(ctx);
    }
    const gt__features *f = rr->feats;
    GEOSGeometry **parts = gt__calloc(ctx, (size_t)f->n + 1, sizeof *parts);
    if (!parts)
        return gt_context_status(ctx);
    for (int i = 0; i < f->n; i++) {
        parts[i] = rule->kind == GT__RULE_DISTANCE
                       ? GEOSBuffer_r(h, f->geoms[i], rule->min_distance_m, 8)
                       : GEOSGeom_clone_r(h, f->geoms[i]);
        if (!parts[i]) {
            for (int k = 0; k < i; k++)
                GEOSGeom_destroy_r(h, parts[k]);
            free(parts);
            return GT_GEOS_FAIL(ctx, "buffer");
        }
    }
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)f->n);
    free(parts);
    if (!coll)
        return GT_GEOS_FAIL(ctx, "collection");
    GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);
    GEOSGeom_destroy_r(h, coll);
    if (!u)
        return GT_GEOS_FAIL(ctx, "union");
    rr->zone = GEOSIntersection_r(h, u, r->study_geom);
    GEOSGeom_destroy_r(h, u);
    return rr->zone ? GT_OK : GT_GEOS_FAIL(ctx, "intersection with the study area");
}

static gt_status compute_constraints(site_run *r)
{
    gt_context *ctx = r->ctx;
    r->rules = gt__calloc(ctx, (size_t)r->n_active + 1, sizeof *r->rules);
    r->dcols = gt__calloc(ctx, (size_t)r->n_active + 1, sizeof *r->dcols);
    r->mask = gt__calloc(ctx, r->ncell, 1);
    if (!r->rules || !r->dcols || !r->mask)
        return gt_context_status(ctx);
    for (int i = 0; i < r->n_active; i++) {
        run_rule *rr = &r->rules[r->n_rules++];
        rr->a = r->active[i];
        rr->dcol = -1;
        if (!rr->a.applied)
            continue;
        const gt__rule *rule = rr->a.rule;
        gt_status st = GT_OK;
        if (rule->kind != GT__RULE_MAX_SLOPE && (st = rule_features(r, rr)))
            return st;
        if ((st = rule_zone(r, rr)))
            return st;
        if ((st = gt__rasterize(ctx, &r->grid, &rr->zone, 1, NULL, GDT_Byte, false, r->mask)))
            return st;
        if (rule->kind == GT__RULE_DISTANCE) {
            char name[80];
            gt__sanitize(name, sizeof name, "d_%s_m", rule->layer);
            for (int k = 0; k < r->n_dcols; k++) {
                const gt__rule *other = r->rules[r->dcols[k].rule].a.rule;
                bool same_feats = !other->classes == !rule->classes;
                for (int c = 0; same_feats && rule->classes && c < rule->n_classes; c++)
                    same_feats =
                        c < other->n_classes && !strcmp(rule->classes[c], other->classes[c]);
                if (!strcmp(r->dcols[k].name, name) && same_feats)
                    rr->dcol = k;
            }
            if (rr->dcol < 0) {
                rr->dcol = r->n_dcols++;
                snprintf(r->dcols[rr->dcol].name, sizeof r->dcols[rr->dcol].name, "%s", name);
                for (int k = 0; k < rr->dcol; k++)
                    if (!strcmp(r->dcols[k].name, name))
                        gt__sanitize(r->dcols[rr->dcol].name, sizeof r->dcols[rr->dcol].name,
                                     "d_%s_m", rule->id);
                r->dcols[rr->dcol].rule = r->n_rules - 1;
            }
        }
        double area = 0;
        GEOSArea_r(gt__geos(ctx), rr->zone, &area);
        snprintf(rr->a.note, sizeof rr->a.note, "applied: %d features, %.1f ha excluded",
                 rule->kind == GT__RULE_MAX_SLOPE ? 0 : rr->feats->n, area / 1e4);
        if (!progress(r, 0.6, 0.8, (i + 1.0) / r->n_active, "applying constraints"))
            return gt_context_status(ctx);
    }
    return GT_OK;
}

/* Required area from the demand block (docs/site.md). */
static gt_status compute_demand(site_run *r)
{
    const gt_scenario *s = r->s;
    if (!s->has_demand)
        return GT_OK;
    gt_demand d = s->demand;
    if (s->demand_layer) {
        const gt__features *f = r->layers[layer_index(s, s->demand_layer)];
        d.population = 0;
        for (int i = 0; f && f->values && i < f->n; i++)
            if (!isnan(f->values[i]) && f->values[i] > 0)
                d.population += f->values[i];
    }
    r->demand_population = d.population;
    gt_status st = gt_required_area(r->ctx, &d, &r->demand_tonnes, &r->required_ha, &r->size_class);
    if (st) {
        gt__error_prefix(r->ctx, "%s", s->yaml.file);
        return st;
    }
    gt__log(r->ctx, GT_LOG_INFO,
            "demand: %.0f people, %.0f t over %g years -> %.1f ha required, TCVN 6696:2009 %s",
            d.population, r->demand_tonnes, d.horizon_years, r->required_ha,
            gt_size_class_name(r->size_class));
    return GT_OK;
}

typedef struct {
    double key_mean, key_area;
    int index;
} region_key;

static int region_cmp(const void *a, const void *b)
{
    const region_key *x = a, *y = b;
    if (x->key_mean != y->key_mean)
        return x->key_mean > y->key_mean ? -1 : 1;
    if (x->key_area != y->key_area)
        return x->key_area > y->key_area ? -1 : 1;
    return x->index - y->index;
}

/* Contiguous regions of cells that pass every constraint and score at least
 * min_score, of at least the minimum area, polygonised and ranked. */
static gt_status compute_regions(site_run *r)
{
    gt_context *ctx = r->ctx;
    const gt_scenario *s = r->s;
    if (!s->has_regions)
        return GT_OK;
    r->regions_min_area_ha = !isnan(s->regions_min_area_ha) ? s->regions_min_area_ha
                             : s->has_demand                ? r->required_ha
                                                            : 0;
    unsigned char *m = gt__malloc(ctx, r->ncell);
    int32_t *lab = m ? gt__malloc(ctx, r->ncell * sizeof(int32_t)) : NULL;
    gt_status st = lab ? GT_OK : gt_context_status(ctx);
    int32_t n = 0;
    for (size_t k = 0; !st && k < r->ncell; k++)
        m[k] = r->inside[k] && !r->mask[k] && r->score[k] >= s->regions_min_score;
    if (!st)
        st = gt_regions_label(ctx, m, r->grid.w, r->grid.h, s->regions_connectivity, lab, &n);
    gt_zone_stats *zs = !st ? gt__calloc(ctx, (size_t)n + 1, sizeof *zs) : NULL;
    if (!st && !zs)
        st = gt_context_status(ctx);
    if (!st)
        st = gt_zonal_stats(ctx, lab, r->score, r->ncell, n, zs);
    /* Keep the regions large enough; renumber them 1..kept. */
    int32_t *keep = !st ? gt__calloc(ctx, (size_t)n + 1, sizeof(int32_t)) : NULL;
    int32_t kept = 0;
    double cell_ha = r->grid.res * r->grid.res / 1e4;
    for (int32_t i = 0; keep && i < n; i++)
        if (zs[i].count * cell_ha >= r->regions_min_area_ha)
            keep[i + 1] = ++kept;
    for (size_t k = 0; keep && k < r->ncell; k++)
        lab[k] = keep[lab[k]];
    GEOSGeometry **geoms = keep ? gt__calloc(ctx, (size_t)kept + 1, sizeof *geoms) : NULL;
    r->regions = geoms ? gt__calloc(ctx, (size_t)kept + 1, sizeof *r->regions) : NULL;
    if (!st && !r->regions)
        st = gt_context_status(ctx);
    if (!st)
        st = gt__polygonize_labels(ctx, &r->grid, lab, kept, s->regions_connectivity, geoms);
    /* Distance to the nearest road, exactly, when there is a road layer. */
    const char *road = s->regions_road_layer ? s->regions_road_layer : "roads";
    int li = layer_index(s, road);
    gt__index *ix = !st && li >= 0 && r->layers[li] ? gt__index_create(ctx, r->layers[li]) : NULL;
    for (int32_t i = 0, j = 0; !st && i < n; i++) {
        if (!keep[i + 1])
            continue;
        struct region *g = &r->regions[j];
        g->geom = geoms[j];
        geoms[j] = NULL;
        g->cells = zs[i].count;
        g->area_ha = zs[i].count * cell_ha;
        g->mean = zs[i].sum / (double)zs[i].count;
        g->min = zs[i].min;
        double a = 0, p = 0;
        if (g->geom) {
            GEOSArea_r(gt__geos(ctx), g->geom, &a);
            GEOSLength_r(gt__geos(ctx), g->geom, &p);
        }
        g->compactness = p > 0 ? 4 * 3.14159265358979323846 * a / (p * p) : NAN;
        g->dist_road_m = NAN;
        int which;
        if (ix && g->geom)
            st = gt__index_nearest(ctx, ix, g->geom, &g->dist_road_m, &which);
        j++;
    }
    r->n_regions = kept;
    region_key *keys = !st ? gt__calloc(ctx, (size_t)kept + 1, sizeof *keys) : NULL;
    for (int32_t j = 0; keys && j < kept; j++)
        keys[j] = (region_key){r->regions[j].mean, r->regions[j].area_ha, j};
    if (keys) {
        qsort(keys, (size_t)kept, sizeof *keys, region_cmp);
        for (int32_t j = 0; j < kept; j++)
            r->regions[keys[j].index].rank = j + 1;
    }
    gt__log(ctx, GT_LOG_INFO,
            "candidate regions: %d of %d contiguous areas with score >= %g reach %.1f ha", kept, n,
            s->regions_min_score, r->regions_min_area_ha);
    gt__index_destroy(ctx, ix);
    for (int32_t j = 0; geoms && j < kept; j++)
        if (geoms[j])
            GEOSGeom_destroy_r(gt__geos(ctx), geoms[j]);
    free(keys);
    free(geoms);
    free(keep);
    free(zs);
    free(lab);
    free(m);
    return st;
}

typedef struct {
    double score, area;
    const char *id;
    int index;
} rank_key;

static int rank_cmp(const void *a, const void *b)
{
    const rank_key *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->area != y->area)
        return x->area > y->area ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Exact checks per parcel, then the rank of the parcels that pass. */
static gt_status evaluate_parcels(site_run *r)
{
    gt_context *ctx = r->ctx;
    if (!r->parcels)
        return GT_OK;
    gt_status st;
    if ((st = parcel_means(r, r->score, r->score_mean, r->score_min, r->score_max, 1)))
        return st;
    fill_small_parcels(r, r->score, r->score_mean, 1);
    float *m = gt__malloc(ctx, r->ncell * sizeof(float));
    if (!m)
        return gt_context_status(ctx);
    for (size_t k = 0; k < r->ncell; k++)
        m[k] = r->mask[k] ? 1.0f : 0.0f;
    st = parcel_means(r, m, r->excl_share, NULL, NULL, 1);
    free(m);
    if (st)
        return st;
    if (r->slope && (st = parcel_means(r, r->slope, r->slope_mean, NULL, NULL, 1)))
        return st;
    r->dist =
        gt__calloc(ctx, (size_t)r->np * (size_t)(r->n_dcols ? r->n_dcols : 1), sizeof(double));
    if (!r->dist)
        return gt_context_status(ctx);
    for (int p = 0; p < r->np; p++) {
        const GEOSGeometry *g = r->parcels->geoms[p];
        r->first_rule[p] = -1;
        r->first_dist[p] = NAN;
        for (int c = 0; c < r->n_dcols; c++)
            r->dist[(size_t)p * r->n_dcols + c] = NAN;
        char viol[1024] = "";
        for (int i = 0; i < r->n_rules; i++) {
            run_rule *rr = &r->rules[i];
            if (!rr->a.applied)
                continue;
            const gt__rule *rule = rr->a.rule;
            bool broken = false;
            double d = NAN;
            if (rule->kind == GT__RULE_DISTANCE) {
                int which;
                if ((st = gt__index_nearest(ctx, rr->ix, g, &d, &which)))
                    return st;
                r->dist[(size_t)p * r->n_dcols + rr->dcol] = d;
                broken = d < rule->min_distance_m;
            } else if (rule->kind == GT__RULE_INSIDE) {
                int which;
                if ((st = gt__index_overlaps(ctx, rr->ix, g, &broken, &which)))
                    return st;
            } else {
                broken = r->slope_mean[p] > rule->max_slope_pct;
            }
            if (!broken)
                continue;
            size_t l = strlen(viol);
            snprintf(viol + l, sizeof viol - l, "%s%s", l ? ";" : "", rule->id);
            if (r->first_rule[p] < 0) {
                r->first_rule[p] = i;
                r->first_dist[p] = d;
            }
        }
        r->violations[p] = viol[0] ? gt__strdup(ctx, viol) : NULL;
        if (!progress(r, 0.8, 0.95, (p + 1.0) / r->np, "checking parcels"))
            return gt_context_status(ctx);
    }
    /* Rank: score descending, then area descending, then id ascending, so
     * equal scores rank the same way on every run. */
    rank_key *keys = gt__malloc(ctx, sizeof *keys * (size_t)(r->np ? r->np : 1));
    if (!keys)
        return gt_context_status(ctx);
    int n = 0;
    for (int p = 0; p < r->np; p++) {
        r->rank[p] = 0;
        if (r->first_rule[p] >= 0 || isnan(r->score_mean[p]))
            continue;
        keys[n].score = r->score_mean[p];
        GEOSArea_r(gt__geos(ctx), r->parcels->geoms[p], &keys[n].area);
        keys[n].id = r->parcels->ids[p];
        keys[n].index = p;
        n++;
    }
    qsort(keys, (size_t)n, sizeof *keys, rank_cmp);
    for (int i = 0; i < n; i++)
        r->rank[keys[i].index] = i + 1;
    free(keys);
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* Sensitivity (docs/sensitivity.md)                                    */
/* ------------------------------------------------------------------ */

/* The surface for other weights, as the scenario's aggregation makes it. */
static gt_status surface_for(site_run *r, const double *w, float *out)
{
    const gt_scenario *s = r->s;
    const float *const *f = (const float *const *)r->fgrid;
    switch (s->aggregation) {
    case GT__AGG_WPM:
        return gt_wpm(r->ctx, s->n_factors, f, w, r->ncell, out);
    case GT__AGG_OWA:
        return gt_owa(r->ctx, s->n_factors, f, w, s->order_weights, r->ncell, out);
    default:
        return gt_wlc(r->ctx, s->n_factors, f, w, r->ncell, out);
    }
}

/* Parcel scores and ranks for a surface, as the base run computes them. */
static gt_status ranks_for(site_run *r, const float *surface, double *score, int *rank)
{
    gt_status st = parcel_means(r, surface, score, NULL, NULL, 1);
    if (st)
        return st;
    fill_small_parcels(r, surface, score, 1);
    rank_key *keys = gt__malloc(r->ctx, sizeof *keys * (size_t)(r->np ? r->np : 1));
    if (!keys)
        return gt_context_status(r->ctx);
    int n = 0;
    for (int p = 0; p < r->np; p++) {
        rank[p] = 0;
        if (r->first_rule[p] >= 0 || isnan(score[p]))
            continue;
        keys[n].score = score[p];
        keys[n].area = r->parcel_area[p];
        keys[n].id = r->parcels->ids[p];
        keys[n].index = p;
        n++;
    }
    qsort(keys, (size_t)n, sizeof *keys, rank_cmp);
    for (int i = 0; i < n; i++)
        rank[keys[i].index] = i + 1;
    free(keys);
    return GT_OK;
}

static void track(site_run *r, const int *rank, int *topk)
{
    for (int p = 0; p < r->np; p++) {
        if (!rank[p])
            continue;
        if (!r->rank_best[p] || rank[p] < r->rank_best[p])
            r->rank_best[p] = rank[p];
        if (rank[p] > r->rank_worst[p])
            r->rank_worst[p] = rank[p];
        topk[p] += rank[p] <= r->s->top_k;
    }
}

static gt_status compute_sensitivity(site_run *r)
{
    gt_context *ctx = r->ctx;
    const gt_scenario *s = r->s;
    if (!r->sens)
        return GT_OK;
    int nf = s->n_factors, np = r->np ? r->np : 1;
    float *surf = gt__malloc(ctx, r->ncell * sizeof(float));
    double *score = gt__malloc(ctx, sizeof(double) * (size_t)np);
    int *rank = gt__calloc(ctx, (size_t)np, sizeof(int));
    double *mean = gt__calloc(ctx, r->ncell, sizeof(double));
    double *m2 = gt__calloc(ctx, r->ncell, sizeof(double));
    r->rank_best = gt__calloc(ctx, (size_t)np, sizeof(int));
    r->rank_worst = gt__calloc(ctx, (size_t)np, sizeof(int));
    r->topk_mc = gt__calloc(ctx, (size_t)np, sizeof(int));
    r->topk_oat = gt__calloc(ctx, (size_t)np, sizeof(int));
    r->mc_sum = gt__calloc(ctx, (size_t)np, sizeof(double));
    r->mc_sum2 = gt__calloc(ctx, (size_t)np, sizeof(double));
    r->cv = gt__malloc(ctx, r->ncell * sizeof(float));
    r->reversals = gt__calloc(ctx, 1000, sizeof *r->reversals);
    r->parcel_area = gt__calloc(ctx, (size_t)np, sizeof(double));
    for (int p = 0; r->parcel_area && p < r->np; p++)
        GEOSArea_r(gt__geos(ctx), r->parcels->geoms[p], &r->parcel_area[p]);
    gt_status st = surf && score && rank && mean && m2 && r->rank_best && r->rank_worst &&
                           r->topk_mc && r->topk_oat && r->mc_sum && r->mc_sum2 && r->cv &&
                           r->reversals && r->parcel_area
                       ? GT_OK
                       : gt_context_status(ctx);
    /* One-at-a-time: w_k' = w_k (1 + step), clipped to [0, 1]; the others
     * rescaled in proportion so that the weights still sum to 1. */
    for (int k = 0; !st && k < nf; k++)
        for (int t = 0; !st && t < s->n_oat_steps; t++) {
            double w[GT_AHP_MAX_N], wk = fmin(1, fmax(0, r->weights[k] * (1 + s->oat_steps[t])));
            double rest = 1 - r->weights[k];
            for (int i = 0; i < nf; i++)
                w[i] = i == k ? wk : rest > 0 ? r->weights[i] * (1 - wk) / rest : 0;
            if ((st = surface_for(r, w, surf)) || (st = ranks_for(r, surf, score, rank)))
                break;
            track(r, rank, r->topk_oat);
            r->n_oat_runs++;
            /* Pairs of the base top k whose order this change reverses. */
            for (int a = 0; a < r->np && r->n_reversals < 1000; a++)
                for (int b = 0; b < r->np && r->n_reversals < 1000; b++) {
                    int ba = r->rank[a], bb = r->rank[b];
                    if (!ba || !bb || ba >= bb || bb > s->top_k || !rank[a] || !rank[b] ||
                        rank[a] < rank[b])
                        continue;
                    struct reversal *v = &r->reversals[r->n_reversals++];
                    *v = (struct reversal){.a = a,
                                           .b = b,
                                           .base_a = ba,
                                           .base_b = bb,
                                           .rank_a = rank[a],
                                           .rank_b = rank[b]};
                    snprintf(v->change, sizeof v->change, "%s %+g %%", s->factors[k].name,
                             s->oat_steps[t] * 100);
                }
            if (!progress(r, 0.95, 0.97, (k * s->n_oat_steps + t + 1.0) / (nf * s->n_oat_steps),
                          "sensitivity: one at a time"))
                st = gt_context_status(ctx);
        }
    /* Monte Carlo: weights ~ Dirichlet(alpha_i = max(kappa n w_i, 0.5)),
     * centred on the base weights; per cell mean and variance (Welford). */
    gt__rng rng;
    gt__rng_seed(&rng, s->mc_seed);
    double alpha[GT_AHP_MAX_N];
    for (int i = 0; i < nf; i++)
        alpha[i] = fmax(s->mc_concentration * nf * r->weights[i], 0.5);
    for (int run = 0; !st && run < s->mc_runs; run++) {
        double w[GT_AHP_MAX_N];
        gt__rng_dirichlet(&rng, nf, alpha, w);
        double sum = 0; /* exact renormalisation for the sum-to-1 check */
        for (int i = 0; i < nf; i++)
            sum += w[i];
        for (int i = 0; i < nf; i++)
            w[i] /= sum;
        if ((st = surface_for(r, w, surf)))
            break;
        double inv = 1.0 / (run + 1);
        for (size_t c = 0; c < r->ncell; c++) {
            if (!r->inside[c] || r->mask[c]) {
                mean[c] = NAN; /* outside or excluded: no CV */
                continue;
            }
            double x = surf[c], d = x - mean[c];
            mean[c] += d * inv;
            m2[c] += d * (x - mean[c]);
        }
        if (r->parcels && !(st = ranks_for(r, surf, score, rank))) {
            track(r, rank, r->topk_mc);
            for (int p = 0; p < r->np; p++)
                if (rank[p]) {
                    r->mc_sum[p] += score[p];
                    r->mc_sum2[p] += score[p] * score[p];
                }
        }
        r->n_mc_runs++;
        if (!st && !progress(r, 0.97, 0.99, (run + 1.0) / s->mc_runs, "sensitivity: Monte Carlo"))
            st = gt_context_status(ctx);
    }
    for (size_t c = 0; !st && c < r->ncell; c++) {
        double sd = r->n_mc_runs > 1 ? sqrt(m2[c] / (r->n_mc_runs - 1)) : NAN;
        r->cv[c] = isnan(mean[c]) || mean[c] == 0 ? NAN : (float)(sd / fabs(mean[c]));
    }
    free(surf);
    free(score);
    free(rank);
    free(mean);
    free(m2);
    return st;
}

/* ------------------------------------------------------------------ */
/* Output                                                               */
/* ------------------------------------------------------------------ */

static gt_status write_parcels(site_run *r, GDALDatasetH ds)
{
    gt_context *ctx = r->ctx;
    const gt_scenario *s = r->s;
    OGRLayerH l = gt__out_layer(ctx, ds, "parcels", r->srs, wkbMultiPolygon,
                                "Candidate parcels: suitability score, rank, binding "
                                "constraint and per-criterion scores (gistool site)");
    if (!l)
        return gt_context_status(ctx);
    const char *names[] = {
        "parcel_id",      "area_ha", "score",    "score_min",   "score_max",
        "excluded_share", "rank",    "excluded", "excluded_by", "excluded_distance_m",
        "violations"};
    OGRFieldType types[] = {OFTString,  OFTReal,    OFTReal,   OFTReal, OFTReal,  OFTReal,
                            OFTInteger, OFTInteger, OFTString, OFTReal, OFTString};
    bool ok = gt__out_fields(l, names, types, sizeof names / sizeof names[0]);
    char fname[GT_AHP_MAX_N][80];
    for (int i = 0; i < s->n_factors; i++) {
        gt__sanitize(fname[i], sizeof fname[i], "f_%s", s->factors[i].name);
        ok &= gt__out_field(l, fname[i], OFTReal);
    }
    for (int c = 0; c < r->n_dcols; c++)
        ok &= gt__out_field(l, r->dcols[c].name, OFTReal);
    if (!ok)
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create the fields of 'parcels'");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    GDALDatasetStartTransaction(ds, FALSE);
    gt_status st = GT_OK;
    for (int p = 0; p < r->np && !st; p++) {
        OGRFeatureH f = OGR_F_Create(defn);
        double area;
        GEOSArea_r(gt__geos(ctx), r->parcels->geoms[p], &area);
        OGR_F_SetFieldString(f, 0, r->parcels->ids[p]);
        OGR_F_SetFieldDouble(f, 1, area / 1e4);
        gt__set_real(f, 2, r->score_mean[p]);
        gt__set_real(f, 3, r->score_min[p]);
        gt__set_real(f, 4, r->score_max[p]);
        gt__set_real(f, 5, r->excl_share[p]);
        if (r->rank[p] > 0)
            OGR_F_SetFieldInteger(f, 6, r->rank[p]);
        else
            OGR_F_SetFieldNull(f, 6);
        OGR_F_SetFieldInteger(f, 7, r->first_rule[p] >= 0);
        if (r->first_rule[p] >= 0) {
            OGR_F_SetFieldString(f, 8, r->rules[r->first_rule[p]].a.rule->id);
            gt__set_real(f, 9, r->first_dist[p]);
            OGR_F_SetFieldString(f, 10, r->violations[p]);
        } else {
            OGR_F_SetFieldNull(f, 8);
            OGR_F_SetFieldNull(f, 9);
            OGR_F_SetFieldNull(f, 10);
        }
        for (int i = 0; i < s->n_factors; i++)
            gt__set_real(f, 11 + i, r->f_mean[(size_t)p * s->n_factors + i]);
        for (int c = 0; c < r->n_dcols; c++)
            gt__set_real(f, 11 + s->n_factors + c, r->dist[(size_t)p * r->n_dcols + c]);
        st = gt__out_feature(r->ctx, l, f, r->parcels->geoms[p], true);
        OGR_F_Destroy(f);
    }
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE && !st)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing 'parcels' failed");
    return st;
}

static gt_status write_regions(site_run *r, GDALDatasetH ds)
{
    gt_context *ctx = r->ctx;
    OGRLayerH l = gt__out_layer(ctx, ds, "candidate_regions", r->srs, wkbMultiPolygon,
                                "Contiguous suitable areas of at least the required size, "
                                "ranked (gistool site)");
    if (!l)
        return gt_context_status(ctx);
    const char *names[] = {"region_id", "rank",        "area_ha",     "mean_score",
                           "min_score", "compactness", "dist_road_m", "cells"};
    OGRFieldType types[] = {OFTInteger, OFTInteger, OFTReal, OFTReal,
                            OFTReal,    OFTReal,    OFTReal, OFTInteger64};
    if (!gt__out_fields(l, names, types, sizeof names / sizeof names[0]))
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create candidate_regions fields");
    gt_status st = GT_OK;
    for (int i = 0; i < r->n_regions && !st; i++) {
        const struct region *g = &r->regions[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldInteger(f, 0, i + 1);
        OGR_F_SetFieldInteger(f, 1, g->rank);
        gt__set_real(f, 2, g->area_ha);
        gt__set_real(f, 3, g->mean);
        gt__set_real(f, 4, g->min);
        gt__set_real(f, 5, g->compactness);
        gt__set_real(f, 6, g->dist_road_m);
        OGR_F_SetFieldInteger64(f, 7, g->cells);
        st = gt__out_feature(ctx, l, f, g->geom, true);
        OGR_F_Destroy(f);
    }
    return st;
}

static gt_status write_sensitivity(site_run *r, GDALDatasetH ds)
{
    gt_context *ctx = r->ctx;
    OGRLayerH l = gt__out_layer(ctx, ds, "sensitivity_parcels", r->srs, wkbMultiPolygon,
                                "How each ranked parcel's rank moves when the weights change "
                                "(gistool sensitivity)");
    if (!l)
        return gt_context_status(ctx);
    const char *names[] = {"parcel_id",  "rank_base",      "rank_best",
                           "rank_worst", "top_k_share_mc", "top_k_share_oat",
                           "score_base", "score_mc_mean",  "score_mc_sd"};
    OGRFieldType types[] = {OFTString, OFTInteger, OFTInteger, OFTInteger, OFTReal,
                            OFTReal,   OFTReal,    OFTReal,    OFTReal};
    if (!gt__out_fields(l, names, types, sizeof names / sizeof names[0]))
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create sensitivity_parcels fields");
    gt_status st = GT_OK;
    for (int p = 0; p < r->np && !st; p++) {
        if (!r->rank[p])
            continue;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        int best = r->rank_best[p] && r->rank_best[p] < r->rank[p] ? r->rank_best[p] : r->rank[p];
        int worst = r->rank_worst[p] > r->rank[p] ? r->rank_worst[p] : r->rank[p];
        OGR_F_SetFieldString(f, 0, r->parcels->ids[p]);
        OGR_F_SetFieldInteger(f, 1, r->rank[p]);
        OGR_F_SetFieldInteger(f, 2, best);
        OGR_F_SetFieldInteger(f, 3, worst);
        gt__set_real(f, 4, r->n_mc_runs ? (double)r->topk_mc[p] / r->n_mc_runs : NAN);
        gt__set_real(f, 5, r->n_oat_runs ? (double)r->topk_oat[p] / r->n_oat_runs : NAN);
        gt__set_real(f, 6, r->score_mean[p]);
        double n = r->n_mc_runs, m = n ? r->mc_sum[p] / n : NAN;
        gt__set_real(f, 7, m);
        gt__set_real(f, 8, n > 1 ? sqrt(fmax(0, (r->mc_sum2[p] - n * m * m) / (n - 1))) : NAN);
        st = gt__out_feature(ctx, l, f, r->parcels->geoms[p], true);
        OGR_F_Destroy(f);
    }
    return st;
}

static gt_status write_reversals(site_run *r, gt__gpkg *g)
{
    const char *names[] = {"change",      "parcel_a", "parcel_b", "base_rank_a",
                           "base_rank_b", "rank_a",   "rank_b"};
    OGRFieldType types[] = {OFTString,  OFTString,  OFTString, OFTInteger,
                            OFTInteger, OFTInteger, OFTInteger};
    OGRLayerH l = gt__gpkg_table(r->ctx, g, "rank_reversals", names, types, 7);
    if (!l)
        return gt_context_status(r->ctx);
    for (int i = 0; i < r->n_reversals; i++) {
        const struct reversal *v = &r->reversals[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, v->change);
        OGR_F_SetFieldString(f, 1, r->parcels->ids[v->a]);
        OGR_F_SetFieldString(f, 2, r->parcels->ids[v->b]);
        OGR_F_SetFieldInteger(f, 3, v->base_a);
        OGR_F_SetFieldInteger(f, 4, v->base_b);
        OGR_F_SetFieldInteger(f, 5, v->rank_a);
        OGR_F_SetFieldInteger(f, 6, v->rank_b);
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "writing rank_reversals failed");
    }
    return GT_OK;
}

static const char *kind_name(gt__rule_kind k)
{
    return k == GT__RULE_DISTANCE ? "min_distance" : k == GT__RULE_INSIDE ? "inside" : "max_slope";
}

static gt_status write_zones(site_run *r, GDALDatasetH ds)
{
    gt_context *ctx = r->ctx;
    OGRLayerH l = gt__out_layer(ctx, ds, "constraint_zones", r->srs, wkbMultiPolygon,
                                "Areas excluded by each legal constraint, clipped to the "
                                "study area (gistool site)");
    if (!l)
        return gt_context_status(ctx);
    const char *names[] = {"rule_id",       "layer",  "kind",   "min_distance_m",
                           "max_slope_pct", "source", "status", "area_ha"};
    OGRFieldType types[] = {OFTString, OFTString, OFTString, OFTReal,
                            OFTReal,   OFTString, OFTString, OFTReal};
    if (!gt__out_fields(l, names, types, sizeof names / sizeof names[0]))
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create constraint_zones fields");
    gt_status st = GT_OK;
    for (int i = 0; i < r->n_rules && !st; i++) {
        const run_rule *rr = &r->rules[i];
        if (!rr->a.applied || !rr->zone || GEOSisEmpty_r(gt__geos(ctx), rr->zone) == 1)
            continue;
        const gt__rule *rule = rr->a.rule;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        double area;
        GEOSArea_r(gt__geos(ctx), rr->zone, &area);
        OGR_F_SetFieldString(f, 0, rule->id);
        OGR_F_SetFieldString(f, 1, rule->layer);
        OGR_F_SetFieldString(f, 2, kind_name(rule->kind));
        gt__set_real(f, 3, rule->kind == GT__RULE_MAX_SLOPE ? NAN : rule->min_distance_m);
        gt__set_real(f, 4, rule->max_slope_pct);
        OGR_F_SetFieldString(f, 5, rule->source);
        OGR_F_SetFieldString(f, 6, rule->status);
        OGR_F_SetFieldDouble(f, 7, area / 1e4);
        /* Keep only the polygonal part of the intersection. */
        GEOSGeometry *poly = NULL;
        if (GEOSGeomTypeId_r(gt__geos(ctx), rr->zone) == GEOS_GEOMETRYCOLLECTION) {
            int n = GEOSGetNumGeometries_r(gt__geos(ctx), rr->zone), k = 0;
            GEOSGeometry **parts = gt__calloc(ctx, (size_t)n + 1, sizeof *parts);
            for (int j = 0; parts && j < n; j++) {
                const GEOSGeometry *gj = GEOSGetGeometryN_r(gt__geos(ctx), rr->zone, j);
                if (GEOSGeom_getDimensions_r(gt__geos(ctx), gj) == 2)
                    parts[k++] = GEOSGeom_clone_r(gt__geos(ctx), gj);
            }
            poly = parts ? GEOSGeom_createCollection_r(gt__geos(ctx), GEOS_GEOMETRYCOLLECTION,
                                                       parts, (unsigned)k)
                         : NULL;
            free(parts);
        }
        st = gt__out_feature(r->ctx, l, f, poly ? poly : rr->zone, true);
        if (poly)
            GEOSGeom_destroy_r(gt__geos(ctx), poly);
        OGR_F_Destroy(f);
    }
    return st;
}

static gt_status write_weights_and_rules(site_run *r, gt__gpkg *g)
{
    const gt_scenario *s = r->s;
    const char *wn[] = {"factor", "layer", "measure", "weight", "fuzzy_shape", "a", "b", "c", "d"};
    OGRFieldType wt[] = {OFTString, OFTString, OFTString, OFTReal, OFTString,
                         OFTReal,   OFTReal,   OFTReal,   OFTReal};
    OGRLayerH l = gt__gpkg_table(r->ctx, g, "run_weights", wn, wt, 9);
    if (!l)
        return gt_context_status(r->ctx);
    static const char *const measures[] = {"distance", "slope_pct", "class_score"};
    for (int i = 0; i < s->n_factors; i++) {
        const gt__factor *fac = &s->factors[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, fac->name);
        OGR_F_SetFieldString(f, 1, fac->layer);
        OGR_F_SetFieldString(f, 2, measures[fac->measure]);
        OGR_F_SetFieldDouble(f, 3, r->weights[i]);
        if (fac->measure != GT__MEASURE_CLASS) {
            OGR_F_SetFieldString(f, 4, gt_fuzzy_shape_name(fac->fuzzy.shape));
            gt__set_real(f, 5, fac->fuzzy.a);
            gt__set_real(f, 6, fac->fuzzy.b);
            gt__set_real(f, 7, fac->fuzzy.c);
            gt__set_real(f, 8, fac->fuzzy.d);
        }
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "writing run_weights failed");
    }
    const char *rn[] = {"rule_id", "layer", "kind",   "min_distance_m", "max_slope_pct", "classes",
                        "source",  "date",  "status", "origin",         "applied",       "note"};
    OGRFieldType rt[] = {OFTString, OFTString, OFTString, OFTReal,   OFTReal,    OFTString,
                         OFTString, OFTString, OFTString, OFTString, OFTInteger, OFTString};
    l = gt__gpkg_table(r->ctx, g, "run_rules", rn, rt, 12);
    if (!l)
        return gt_context_status(r->ctx);
    for (int i = 0; i < r->n_rules; i++) {
        const gt__rule *rule = r->rules[i].a.rule;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        char classes[512] = "";
        for (int k = 0; k < rule->n_classes; k++) {
            size_t o = strlen(classes);
            snprintf(classes + o, sizeof classes - o, "%s%s", k ? ";" : "", rule->classes[k]);
        }
        OGR_F_SetFieldString(f, 0, rule->id);
        OGR_F_SetFieldString(f, 1, rule->layer);
        OGR_F_SetFieldString(f, 2, kind_name(rule->kind));
        gt__set_real(f, 3, rule->kind == GT__RULE_MAX_SLOPE ? NAN : rule->min_distance_m);
        gt__set_real(f, 4, rule->max_slope_pct);
        if (classes[0])
            OGR_F_SetFieldString(f, 5, classes);
        OGR_F_SetFieldString(f, 6, rule->source);
        if (rule->date)
            OGR_F_SetFieldString(f, 7, rule->date);
        OGR_F_SetFieldString(f, 8, rule->status);
        OGR_F_SetFieldString(f, 9, rule->origin);
        OGR_F_SetFieldInteger(f, 10, r->rules[i].a.applied);
        OGR_F_SetFieldString(f, 11, r->rules[i].a.note);
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "writing run_rules failed");
    }
    return GT_OK;
}

static gt_status write_run_info(site_run *r, gt__gpkg *g)
{
    const gt_scenario *s = r->s;
    const char *names[] = {"key", "value"};
    OGRFieldType types[] = {OFTString, OFTString};
    OGRLayerH l = gt__gpkg_table(r->ctx, g, "run_info", names, types, 2);
    if (!l)
        return gt_context_status(r->ctx);
    char *versions = gt_version_report();
    char cmd[4096] = "";
    for (int i = 0; i < r->o->argc; i++) {
        size_t o = strlen(cmd);
        snprintf(cmd + o, sizeof cmd - o, "%s%s", i ? " " : "", r->o->argv[i]);
    }
    char over[2048] = "";
    for (int i = 0; i < r->o->n_overrides; i++) {
        size_t o = strlen(over);
        snprintf(over + o, sizeof over - o, "%s%s", i ? "; " : "", r->o->overrides[i]);
    }
    char hex[65] = "";
    long long size = 0;
    gt__sha256_file(s->yaml.file, hex, &size);
    time_t now = time(NULL);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    gt_status st = GT_OK;
#define KV(k, ...)                                                                                 \
    if (!st)                                                                                       \
    st = gt__out_kv(r->ctx, l, k, __VA_ARGS__)
    KV("tool", "gistool %s", gt_version());
    KV("command", "site");
    KV("command_line", "%s", cmd);
    KV("versions", "%s", versions ? versions : "");
    KV("started_utc", "%s", stamp);
    KV("scenario_name", "%s", s->name);
    KV("scenario_path", "%s", s->yaml.file);
    KV("scenario_sha256", "%s", hex);
    KV("scenario_overrides", "%s", over);
    KV("scenario_text", "%s", s->yaml.text);
    KV("facility", "%s", s->facility);
    KV("working_crs", "%s", s->crs);
    KV("resolution_m", "%.17g", s->resolution_m);
    KV("grid", "%d x %d cells, top-left (%.3f, %.3f)", r->grid.w, r->grid.h, r->grid.x0,
       r->grid.y0);
    KV("profile", "%s", r->profile.id ? r->profile.id : "(none)");
    KV("profile_path", "%s", r->profile.path ? r->profile.path : "");
    static const char *const rank_names[] = {"rank_sum", "reciprocal", "roc"};
    KV("weights_method", "%s%s",
       s->weights_mode == GT__WEIGHTS_AHP    ? "ahp"
       : s->weights_mode == GT__WEIGHTS_RANK ? "rank-order "
                                             : "direct",
       s->weights_mode == GT__WEIGHTS_RANK ? rank_names[s->rank_method] : "");
    static const char *const agg_names[] = {"wlc (weighted linear combination)",
                                            "wpm (weighted product)",
                                            "owa (ordered weighted average)"};
    KV("aggregation", "%s", agg_names[s->aggregation]);
    if (s->aggregation == GT__AGG_OWA) {
        double orness, tradeoff;
        gt_owa_measures(s->n_factors, s->order_weights, &orness, &tradeoff);
        char ow[512] = "";
        for (int i = 0; i < s->n_factors; i++) {
            size_t o = strlen(ow);
            snprintf(ow + o, sizeof ow - o, "%s%.6g", i ? ", " : "", s->order_weights[i]);
        }
        KV("owa.order_weights", "%s (largest value first)", ow);
        KV("owa.orness", "%.6f", orness);
        KV("owa.tradeoff", "%.6f", tradeoff);
    }
    for (int i = 0; i < s->n_factors; i++) {
        char key[128];
        snprintf(key, sizeof key, "weight.%s", s->factors[i].name);
        KV(key, "%.10f", r->weights[i]);
    }
    if (s->weights_mode == GT__WEIGHTS_AHP) {
        KV("ahp.lambda_max", "%.10f", r->ahp.lambda_max);
        KV("ahp.ci", "%.10f", r->ahp.ci);
        KV("ahp.cr", "%.10f", r->ahp.cr);
        KV("ahp.ri_table", "%s", gt_ri_table_name(r->ahp.ri_table));
        KV("ahp.ri", "%.4f", r->ahp.ri);
        KV("ahp.method", "%s", gt_ahp_method_name(r->ahp.method));
        if (r->ahp.method == GT_AHP_GEOMETRIC) {
            KV("ahp.gci", "%.10f", r->ahp.gci);
            KV("ahp.gci_limit", "%.2f", r->ahp.gci_limit);
        }
        char ri_values[256] = "";
        for (int n = 1; n <= GT_AHP_MAX_N; n++) {
            size_t o = strlen(ri_values);
            snprintf(ri_values + o, sizeof ri_values - o, "%s%g", n > 1 ? ", " : "",
                     gt_ahp_random_index(r->ahp.ri_table, n));
        }
        KV("ahp.ri_table_values", "%s RI for n = 1..15: %s", gt_ri_table_name(r->ahp.ri_table),
           ri_values);
        KV("ahp.cr_limit", "%.4f", s->cr_limit);
        KV("ahp.allow_inconsistent", "%s", s->allow_inconsistent ? "true" : "false");
    }
    for (int i = -1; i < s->n_layers; i++) {
        const gt__features *f = i < 0 ? r->study : r->layers[i];
        if (!f)
            continue;
        char key[160];
        snprintf(key, sizeof key, "layer.%s", f->name);
        KV(key,
           "%d read, %d kept, %d repaired (GEOS MakeValid), %d without geometry, "
           "%d out of reach",
           f->n_read, f->n, f->n_repaired, f->n_no_geometry, f->n_outside);
    }
    if (s->has_demand) {
        const gt_demand *d = &s->demand;
        KV("demand.population", "%.0f%s", r->demand_population,
           s->demand_layer ? " (sum of the population layer)" : "");
        KV("demand.inputs",
           "urban share %g; %g kg/person/day urban, %g rural; collection %g; landfilled %g; "
           "%g years; %g t/m3; fill %g m; allowance %g",
           d->urban_share, d->kg_per_person_day_urban, d->kg_per_person_day_rural,
           d->collection_rate, d->landfill_share, d->horizon_years, d->density_t_per_m3,
           d->fill_height_m, d->allowance);
        KV("demand.tonnes", "%.0f", r->demand_tonnes);
        KV("demand.required_ha", "%.2f", r->required_ha);
        KV("demand.size_class", "TCVN 6696:2009 %s", gt_size_class_name(r->size_class));
    }
    if (r->sens) {
        char steps[256] = "";
        for (int i = 0; i < s->n_oat_steps; i++) {
            size_t o = strlen(steps);
            snprintf(steps + o, sizeof steps - o, "%s%+g %%", i ? ", " : "", s->oat_steps[i] * 100);
        }
        KV("sensitivity.oat",
           "%d runs: each weight changed by %s, the others rescaled in "
           "proportion",
           r->n_oat_runs, steps);
        KV("sensitivity.monte_carlo",
           "%d runs: Dirichlet(alpha_i = max(%g x %d x w_i, 0.5)), "
           "seed %llu",
           r->n_mc_runs, s->mc_concentration, s->n_factors, (unsigned long long)s->mc_seed);
        KV("sensitivity.top_k", "%d", s->top_k);
        KV("sensitivity.rank_reversals",
           "%d pairs of the base top %d reversed by a one-at-a-time "
           "change%s",
           r->n_reversals, s->top_k, r->n_reversals >= 1000 ? " (first 1000 kept)" : "");
    }
    if (s->has_regions) {
        KV("regions", "%d regions: score >= %g, at least %.2f ha, %d-connected cells", r->n_regions,
           s->regions_min_score, r->regions_min_area_ha, s->regions_connectivity);
    }
    int excluded = 0, ranked = 0;
    for (int p = 0; p < r->np; p++) {
        excluded += r->first_rule[p] >= 0;
        ranked += r->rank[p] > 0;
    }
    KV("parcels", "%d parcels, %d excluded, %d ranked", r->np, excluded, ranked);
    for (int i = 0; i < T_WRITE; i++) {
        char key[64];
        snprintf(key, sizeof key, "timing.%s", timing_names[i]);
        KV(key, "%.3f", r->timing[i]);
    }
#undef KV
    free(versions);
    return st;
}

static const gt__field_doc parcel_docs[] = {
    {"parcel_id", "Mã thửa", "parcel id"},
    {"area_ha", "Diện tích (ha)", "area in hectares"},
    {"score", "Điểm phù hợp (0–1)", "mean suitability of the factors over the parcel, 0-1"},
    {"score_min", "Điểm thấp nhất", "lowest cell score in the parcel"},
    {"score_max", "Điểm cao nhất", "highest cell score in the parcel"},
    {"excluded_share", "Tỷ lệ bị loại trừ", "share of the parcel's cells in a constraint zone"},
    {"rank", "Thứ hạng", "rank among parcels breaking no rule (1 = best)"},
    {"excluded", "Bị loại trừ (0/1)", "1 when the parcel breaks a rule (exact vector test)"},
    {"excluded_by", "Quy định loại trừ", "first rule broken (see run_rules)"},
    {"excluded_distance_m", "Khoảng cách vi phạm (m)", "measured distance that broke the rule"},
    {"violations", "Các quy định vi phạm", "every rule broken, separated by ;"}};

static const gt__field_doc zone_docs[] = {
    {"rule_id", "Mã quy định", "rule id"},
    {"layer", "Lớp dữ liệu", "layer the rule applies to"},
    {"kind", "Loại quy định", "min_distance, inside or max_slope"},
    {"min_distance_m", "Khoảng cách tối thiểu (m)", "minimum distance in metres"},
    {"max_slope_pct", "Độ dốc tối đa (%)", "maximum slope in percent"},
    {"source", "Căn cứ pháp lý", "legal source of the rule"},
    {"status", "Tình trạng kiểm chứng", "verified, or verify (secondary text only)"},
    {"area_ha", "Diện tích loại trừ (ha)", "excluded area inside the study area"}};

static const gt__field_doc region_docs[] = {
    {"region_id", "Mã vùng", "region id"},
    {"rank", "Thứ hạng", "rank by mean score (1 = best)"},
    {"area_ha", "Diện tích (ha)", "area in hectares"},
    {"mean_score", "Điểm trung bình", "mean suitability"},
    {"min_score", "Điểm thấp nhất", "lowest cell score"},
    {"compactness", "Độ gọn (0–1)", "Polsby-Popper 4 pi A / P^2"},
    {"dist_road_m", "Khoảng cách tới đường (m)", "exact distance to the nearest road"},
    {"cells", "Số ô lưới", "grid cells in the region"}};

static const gt__field_doc sens_docs[] = {
    {"parcel_id", "Mã thửa", "parcel id"},
    {"rank_base", "Thứ hạng gốc", "rank with the scenario's weights"},
    {"rank_best", "Thứ hạng tốt nhất", "best rank over all runs"},
    {"rank_worst", "Thứ hạng kém nhất", "worst rank over all runs"},
    {"top_k_share_mc", "Tỷ lệ trong nhóm đầu (Monte Carlo)",
     "share of Monte Carlo runs in the top k"},
    {"top_k_share_oat", "Tỷ lệ trong nhóm đầu (từng trọng số)",
     "share of one-at-a-time runs in the top k"},
    {"score_base", "Điểm gốc", "score with the scenario's weights"},
    {"score_mc_mean", "Điểm trung bình (Monte Carlo)", "mean score over the Monte Carlo runs"},
    {"score_mc_sd", "Độ lệch chuẩn (Monte Carlo)", "standard deviation over the Monte Carlo runs"}};

/* Styles (layer_styles) and field documentation (gpkg_data_columns). */
static gt_status write_styles(site_run *r, GDALDatasetH ds)
{
    gt_context *ctx = r->ctx;
    const gt_scenario *s = r->s;
    gt_status st = GT_OK;
    if (r->parcels) {
        /* The fixed fields, then one per factor and per distance column. */
        int nf = s->n_factors, n = 11 + nf + r->n_dcols;
        gt__field_doc *docs = gt__calloc(ctx, (size_t)n, sizeof *docs);
        char(*names)[2][200] = gt__calloc(ctx, (size_t)(nf + r->n_dcols + 1), sizeof *names);
        char(*fields)[80] = gt__calloc(ctx, (size_t)(nf + r->n_dcols + 1), sizeof *fields);
        if (!docs || !names || !fields)
            st = gt_context_status(ctx);
        for (int i = 0; !st && i < 11; i++)
            docs[i] = parcel_docs[i];
        for (int i = 0; !st && i < nf + r->n_dcols; i++) {
            if (i < nf) {
                gt__sanitize(fields[i], sizeof fields[i], "f_%s", s->factors[i].name);
                snprintf(names[i][0], sizeof names[i][0], "Điểm tiêu chí: %s", s->factors[i].name);
                snprintf(names[i][1], sizeof names[i][1], "standardised score of factor %s, 0-1",
                         s->factors[i].name);
            } else {
                const gt__rule *rule = r->rules[r->dcols[i - nf].rule].a.rule;
                snprintf(fields[i], sizeof fields[i], "%s", r->dcols[i - nf].name);
                snprintf(names[i][0], sizeof names[i][0], "Khoảng cách tới %s (m)", rule->layer);
                snprintf(names[i][1], sizeof names[i][1],
                         "exact distance to the nearest feature of %s, metres", rule->layer);
            }
            docs[11 + i] = (gt__field_doc){fields[i], names[i][0], names[i][1]};
        }
        if (!st)
            st = gt__out_style(ctx, ds, "parcels", docs, n,
                               "Parcels by score; excluded ones hatched grey; top 10 labelled");
        free(docs);
        free(names);
        free(fields);
    }
    if (!st)
        st = gt__out_style(ctx, ds, "constraint_zones", zone_docs, 8, "Excluded areas by rule");
    if (!st && s->has_regions)
        st = gt__out_style(ctx, ds, "candidate_regions", region_docs, 8,
                           "Candidate regions; top 3 darker; top 10 labelled");
    if (!st && r->sens && r->parcels)
        st = gt__out_style(ctx, ds, "sensitivity_parcels", sens_docs, 9,
                           "Parcels by robustness of their rank");
    if (!st) {
        char *q = gt__style_raster_qml();
        st = q ? gt__gpkg_style(ctx, ds, "suitability", NULL, q, NULL,
                                "Suitability 0-1, red (excluded) to green")
               : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        free(q);
    }
    return st;
}

static gt_status write_output(site_run *r, const char *path)
{
    gt_context *ctx = r->ctx;
    gt__gpkg *g = gt__gpkg_begin(ctx, path);
    if (!g)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    float *surface = gt__malloc(ctx, r->ncell * sizeof(float));
    if (!surface)
        st = gt_context_status(ctx);
    if (!st && r->parcels)
        st = write_parcels(r, gt__gpkg_dataset(g));
    if (!st)
        st = write_zones(r, gt__gpkg_dataset(g));
    if (!st && r->s->has_regions)
        st = write_regions(r, gt__gpkg_dataset(g));
    if (!st && r->sens && r->parcels)
        st = write_sensitivity(r, gt__gpkg_dataset(g));
    if (!st) {
        /* The suitability surface: S where no constraint excludes, 0 where one
         * does, NoData outside the study area. */
        for (size_t k = 0; k < r->ncell; k++)
            surface[k] = !r->inside[k] ? NAN : r->mask[k] ? 0.0f : r->score[k];
        st = gt__gpkg_add_raster(ctx, g, "suitability",
                                 "Suitability 0-1 (weighted linear combination x "
                                 "constraints; 0 = excluded)",
                                 &r->grid, r->srs, surface);
    }
    free(surface);
    if (!st && r->sens)
        st = gt__gpkg_add_raster(ctx, g, "suitability_cv",
                                 "Coefficient of variation of the suitability over the Monte "
                                 "Carlo weight runs (sd / mean)",
                                 &r->grid, r->srs, r->cv);
    if (!st && r->sens && r->parcels)
        st = write_reversals(r, g);
    if (!st)
        st = gt__out_inputs(ctx, g, r->s, NULL);
    if (!st)
        st = write_styles(r, gt__gpkg_dataset(g));
    if (!st)
        st = write_weights_and_rules(r, g);
    if (!st)
        st = write_run_info(r, g);
    if (!st)
        st = gt__gpkg_commit(ctx, g);
    else
        gt__gpkg_abort(g);
    return st;
}

static void run_free(site_run *r)
{
    gt_context *ctx = r->ctx;
    for (int i = 0; r->regions && i < r->n_regions; i++)
        if (r->regions[i].geom)
            GEOSGeom_destroy_r(gt__geos(ctx), r->regions[i].geom);
    free(r->regions);
    for (int i = 0; i < GT_AHP_MAX_N; i++)
        free(r->fgrid[i]);
    free(r->rank_best);
    free(r->rank_worst);
    free(r->topk_mc);
    free(r->topk_oat);
    free(r->mc_sum);
    free(r->mc_sum2);
    free(r->cv);
    free(r->reversals);
    free(r->parcel_area);
    for (int i = 0; i < r->n_rules; i++) {
        gt__index_destroy(ctx, r->rules[i].ix);
        gt__features_free(ctx, r->rules[i].subset);
        if (r->rules[i].zone)
            GEOSGeom_destroy_r(gt__geos(ctx), r->rules[i].zone);
    }
    free(r->rules);
    free(r->dcols);
    free(r->active);
    gt__profile_free(&r->profile);
    if (r->layers)
        for (int i = 0; i < r->s->n_layers; i++)
            gt__features_free(ctx, r->layers[i]);
    free(r->layers);
    if (r->study_geom)
        GEOSGeom_destroy_r(gt__geos(ctx), r->study_geom);
    gt__features_free(ctx, r->study);
    if (r->srs)
        OSRDestroySpatialReference(r->srs);
    free(r->inside);
    free(r->score);
    free(r->slope);
    free(r->mask);
    free(r->pid);
    free(r->zs);
    free(r->f_mean);
    free(r->score_mean);
    free(r->score_min);
    free(r->score_max);
    free(r->excl_share);
    free(r->slope_mean);
    free(r->dist);
    free(r->first_rule);
    free(r->first_dist);
    if (r->violations)
        for (int p = 0; p < r->np; p++)
            free(r->violations[p]);
    free(r->violations);
    free(r->rank);
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
    site_run r = {0};
    r.ctx = ctx;
    r.s = s;
    r.o = o;
    r.prog = (gt__progress){o->progress, o->progress_arg, 0.0, 1.0};
    r.t_start = gt__now();
    r.sens = o->sensitivity || s->has_sensitivity;
    int saved_threads = gt_context_threads(ctx);
    if (o->threads > 0)
        gt_context_set_threads(ctx, o->threads);
    gt__error_clear(ctx);
    gt_status st = GT_OK;
    double t = gt__now();
#define STEP(call)                                                                                 \
    do {                                                                                           \
        if (!st)                                                                                   \
            st = (call);                                                                           \
    } while (0)
    STEP(gt__collect_rules(ctx, s, &r.profile, &r.active, &r.n_active));
    STEP(gt__compute_weights(ctx, s, r.weights, &r.ahp));
    if (!st) {
        r.srs = gt__srs_create(ctx, s->crs);
        if (!r.srs)
            st = gt_context_status(ctx);
        else if (!OSRIsProjected(r.srs))
            st = gt__error(ctx, GT_ERR_INPUT_CRS,
                           "%s: crs: '%s' is not a projected (metric) CRS; use e.g. "
                           "EPSG:32648 (UTM 48N) or a VN-2000 TM-3 zone",
                           s->yaml.file, s->crs);
    }
    STEP(setup_grid(&r));
    STEP(load_layers(&r));
    STEP(setup_parcels(&r));
    STEP(compute_demand(&r));
    r.timing[T_LOAD] = gt__now() - t;
    t = gt__now();
    STEP(compute_factors(&r));
    r.timing[T_FACTORS] = gt__now() - t;
    t = gt__now();
    STEP(compute_constraints(&r));
    r.timing[T_CONSTRAINTS] = gt__now() - t;
    t = gt__now();
    STEP(evaluate_parcels(&r));
    STEP(compute_regions(&r));
    STEP(compute_sensitivity(&r));
    r.timing[T_PARCELS] = gt__now() - t;
    const char *out = o->output ? o->output : s->out_gpkg;
    STEP(write_output(&r, out));
    if (!st && s->out_cog) {
        float *surface = gt__malloc(ctx, r.ncell * sizeof(float));
        for (size_t k = 0; surface && k < r.ncell; k++)
            surface[k] = !r.inside[k] ? NAN : r.mask[k] ? 0.0f : r.score[k];
        st = surface ? gt__write_cog(ctx, &r.grid, r.srs, surface, s->out_cog)
                     : gt_context_status(ctx);
        free(surface);
    }
    STEP(gt__out_extras(ctx, s, out));
#undef STEP
    if (!st) {
        int excluded = 0, ranked = 0, best = -1;
        for (int p = 0; p < r.np; p++) {
            excluded += r.first_rule[p] >= 0;
            ranked += r.rank[p] > 0;
            if (r.rank[p] == 1)
                best = p;
        }
        gt__log(ctx, GT_LOG_INFO, "wrote %s: %d parcels, %d excluded, %d ranked%s%s", out, r.np,
                excluded, ranked, best >= 0 ? "; best: " : "",
                best >= 0 ? r.parcels->ids[best] : "");
        gt__progress_report(ctx, &r.prog, 1.0, "done");
    }
    run_free(&r);
    gt_context_set_threads(ctx, saved_threads);
    gt__gdal_log_pop();
    return st;
}
