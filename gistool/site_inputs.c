/*
 * site_inputs.c: the inputs of `gistool site`: the working CRS, the study
 * area and the grid over it, the vector layers within reach, and the
 * parcels. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/site_stages.h"

/* The largest grid a run makes: 2e9 cells are some 8 GB per float grid. */
#define MAX_CELLS 2.0e9

/* The working CRS must be projected: every distance and area is metric. */
static gt_status working_srs(gt_context *ctx, const gt_scenario *s, OGRSpatialReferenceH *out)
{
    *out = gt__srs_working(ctx, s); /* rules.c */
    return *out ? GT_OK : gt_context_status(ctx);
}

/* validation: the first feature of `f` that is not a polygon (a line or
 * point mixed into a polygon layer), or -1. */
static int first_not_polygon(gt_context *ctx, const gt__features *f)
{
    for (int i = 0; i < f->n; i++)
        if (GEOSGeom_getDimensions_r(gt__geos(ctx), f->geoms[i]) != 2)
            return i;
    return -1;
}

static const char *type_name(gt_context *ctx, const GEOSGeometry *g)
{
    static const char *const names[] = {"point",        "line",          "ring",
                                        "polygon",      "multi-point",   "multi-line",
                                        "multi-polygon", "geometry collection"};
    int t = GEOSGeomTypeId_r(gt__geos(ctx), g);
    return t >= 0 && t < 8 ? names[t] : "geometry of another type";
}

/* Features this far outside the study area still matter: a village across
 * the border is within the 1000 m rule. */
static double reach_margin(const gt_scenario *s, const site_config *cfg)
{
    double margin = 0;
    for (int i = 0; i < cfg->n_active; i++)
        if (cfg->active[i].rule->kind == GT__RULE_DISTANCE)
            margin = fmax(margin, cfg->active[i].rule->min_distance_m);
    for (int i = 0; i < s->n_factors; i++) {
        const gt_fuzzy *f = &s->factors[i].fuzzy;
        if (s->factors[i].measure == GT__MEASURE_DISTANCE) {
            double pts[4] = {f->a, f->b, f->c, f->d};
            for (int k = 0; k < 4; k++)
                if (isfinite(pts[k]))
                    margin = fmax(margin, fmin(pts[k], GT__SITE_MAX_PAD_M));
        }
    }
    return margin + 2 * s->resolution_m;
}

/* The study area: union of its polygons, and the grid over it. Several
 * checks, each with its own message, make it longer than most. */
gt_status gt__site_grid_setup(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                              site_grid *g)
{
    memset(g, 0, sizeof *g);
    gt_status st = working_srs(ctx, s, &g->srs);
    if (!st)
        st = gt__vector_load(ctx, &s->study_area, g->srs, NULL, &g->study);
    if (st)
        return st;
    if (g->study->n == 0)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "study_area (%s): the layer has no features (empty study area)",
                         s->study_area.origin);
    int bad = first_not_polygon(ctx, g->study);
    if (g->study->max_dim != 2 || bad >= 0)
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                         "study_area (%s): the layer must hold polygons (feature %s of '%s' is "
                         "a %s)",
                         s->study_area.origin, g->study->ids[bad < 0 ? 0 : bad],
                         s->study_area.source,
                         type_name(ctx, g->study->geoms[bad < 0 ? 0 : bad]));
    double e[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY}, v;
    for (int i = 0; i < g->study->n; i++) { /* the working CRS measures true there (rules.c) */
        GEOSContextHandle_t h = gt__geos(ctx);
        if (GEOSGeom_getXMin_r(h, g->study->geoms[i], &v))
            e[0] = fmin(e[0], v);
        if (GEOSGeom_getYMin_r(h, g->study->geoms[i], &v))
            e[1] = fmin(e[1], v);
        if (GEOSGeom_getXMax_r(h, g->study->geoms[i], &v))
            e[2] = fmax(e[2], v);
        if (GEOSGeom_getYMax_r(h, g->study->geoms[i], &v))
            e[3] = fmax(e[3], v);
    }
    if (e[0] <= e[2] && (st = gt__srs_check_scale(ctx, s, g->srs, e)))
        return st;
    /* The collection takes ownership of its parts: give it clones. */
    GEOSGeometry **parts = gt__calloc(ctx, (size_t)g->study->n, sizeof *parts);
    if (!parts)
        return gt_context_status(ctx);
    for (int i = 0; i < g->study->n; i++)
        parts[i] = GEOSGeom_clone_r(gt__geos(ctx), g->study->geoms[i]);
    GEOSGeometry *coll = GEOSGeom_createCollection_r(gt__geos(ctx), GEOS_GEOMETRYCOLLECTION, parts,
                                                     (unsigned)g->study->n);
    free(parts);
    if (!coll)
        return GT_GEOS_FAIL(ctx, "study area collection");
    g->study_geom = GEOSUnaryUnion_r(gt__geos(ctx), coll);
    GEOSGeom_destroy_r(gt__geos(ctx), coll);
    if (!g->study_geom)
        return GT_GEOS_FAIL(ctx, "study area union");
    double area;
    GEOSArea_r(gt__geos(ctx), g->study_geom, &area);
    if (GEOSisEmpty_r(gt__geos(ctx), g->study_geom) == 1 || !(area > 0))
        return gt__error(ctx, GT_ERR_INPUT_EXTENT, "study_area (%s): the area is empty",
                         s->study_area.origin);
    double x0, y0, x1, y1, res = s->resolution_m;
    GEOSGeom_getXMin_r(gt__geos(ctx), g->study_geom, &x0);
    GEOSGeom_getYMin_r(gt__geos(ctx), g->study_geom, &y0);
    GEOSGeom_getXMax_r(gt__geos(ctx), g->study_geom, &x1);
    GEOSGeom_getYMax_r(gt__geos(ctx), g->study_geom, &y1);
    /* Snap the grid to multiples of the resolution, so runs at the same
     * resolution share cell edges. */
    g->grid.x0 = floor(x0 / res) * res;
    g->grid.y0 = ceil(y1 / res) * res;
    double w = ceil((x1 - g->grid.x0) / res), h = ceil((g->grid.y0 - y0) / res);
    /* The cell count must fit the allocations (one float or int32 per
     * cell, several grids at once) and a sane limit; the test is written
     * so that a NaN (an absurd resolution) fails it too. */
    double limit = fmin(MAX_CELLS, (double)(SIZE_MAX / sizeof(double)));
    if (!(w >= 1 && h >= 1 && w * h <= limit))
        return gt__error(ctx, GT_ERR_SCENARIO,
                         "%s: resolution_m = %g gives a %.0f x %.0f grid (at most %.0f cells); "
                         "use a coarser resolution",
                         s->yaml.file, res, w, h, limit);
    g->grid.w = (int)w;
    g->grid.h = (int)h;
    g->grid.res = res;
    g->ncell = (size_t)g->grid.w * (size_t)g->grid.h;
    g->inside = gt__calloc(ctx, g->ncell, 1);
    if (!g->inside)
        return gt_context_status(ctx);
    if ((st = gt__rasterize(ctx, &g->grid, &g->study_geom, 1, NULL, GDT_Byte, false, g->inside)))
        return st;
    size_t n_in = 0;
    for (size_t k = 0; k < g->ncell; k++)
        n_in += g->inside[k] != 0;
    if (n_in == 0)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "study_area (%s): no cell centre of the %g m grid falls inside it",
                         s->study_area.origin, res);
    gt__log(ctx, GT_LOG_INFO, "grid: %d x %d cells of %g m, %zu inside the study area (%.1f km2)",
            g->grid.w, g->grid.h, res, n_in, area / 1e6);
    double margin = reach_margin(s, cfg);
    g->aoi[0] = x0 - margin;
    g->aoi[1] = y0 - margin;
    g->aoi[2] = x1 + margin;
    g->aoi[3] = y1 + margin;
    return GT_OK;
}

void gt__site_grid_free(gt_context *ctx, site_grid *g)
{
    if (g->study_geom)
        GEOSGeom_destroy_r(gt__geos(ctx), g->study_geom);
    gt__features_free(ctx, g->study);
    if (g->srs)
        OSRDestroySpatialReference(g->srs);
    free(g->inside);
    memset(g, 0, sizeof *g);
}

/* Is the layer read by a factor, an applied rule, the parcels, the demand
 * or the regions? */
static bool layer_used(const gt_scenario *s, const site_config *cfg, const char *name)
{
    bool used =
        !strcmp(name, s->parcels_layer) || (s->demand_layer && !strcmp(name, s->demand_layer)) ||
        (s->has_regions && !strcmp(name, s->regions_road_layer ? s->regions_road_layer : "roads"));
    for (int k = 0; k < s->n_factors; k++)
        used |= !strcmp(s->factors[k].layer, name) || gt__haul_factor_uses(&s->factors[k], name);
    for (int k = 0; k < cfg->n_active; k++)
        used |= cfg->active[k].applied && !strcmp(cfg->active[k].rule->layer, name);
    return used;
}

/* Why a loaded layer has no features. */
static gt__gap_kind empty_kind(const gt__layer_spec *spec, const gt__features *f)
{
    return f->n_outside == 0 && (spec->where || spec->classes) ? GT__GAP_NONE_AFTER_FILTER
                                                               : GT__GAP_NONE_NEAR;
}

/* One layer, or one part of a large one (a range of FIDs), loaded by a
 * worker: its own context, whose messages are kept and passed on in layer
 * order once all are loaded. */
typedef struct layer_load {
    const gt__layer_spec *spec;
    OGRSpatialReferenceH srs; /* the worker's copy of the working CRS */
    int part, parts;          /* part of parts (1: the whole layer) */
    long long range[2];       /* the layer's FIDs, when in parts */
    gt__features *out;
    gt_status st;
    char *err;
    gt__sbuf log; /* level digit + message + RS (0x1e), one per message */
} layer_load;

typedef struct load_job {
    layer_load *l;
    const int *order; /* the loads to make, parts of large layers first */
    int n;
    const double *aoi;
    int next; /* atomic */
} load_job;

void gt__site_keep_log(gt_log_level level, const char *msg, void *arg)
{
    gt__sbuf_add(arg, "%c%s\x1e", (char)('0' + (int)level), msg);
}

static void load_worker(int w0, int w1, void *arg)
{
    (void)w0, (void)w1;
    load_job *j = arg;
    for (;;) {
        int i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
        if (i >= j->n)
            break;
        layer_load *l = &j->l[j->order[i]];
        gt_context *w = gt_context_create();
        if (!w) {
            l->st = GT_ERR_NOMEM;
            continue;
        }
        gt_context_set_threads(w, 1);
        gt_context_set_log_handler(w, gt__site_keep_log, &l->log);
        gt__gdal_log_push(w);
        l->st = l->parts > 1 ? gt__vector_load_part(w, l->spec, l->srs, j->aoi, l->range, l->part,
                                                    l->parts, &l->out)
                             : gt__vector_load(w, l->spec, l->srs, j->aoi, &l->out);
        gt__gdal_log_pop();
        if (l->st)
            l->err = strdup(gt_context_errmsg(w));
        gt_context_destroy(w);
    }
}

void gt__site_pass_log(gt_context *ctx, const gt__sbuf *b)
{
    for (const char *p = b->s; p && *p;) {
        const char *end = strchr(p, '\x1e');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 0)
            gt__log(ctx, (gt_log_level)(p[0] - '0'), "%.*s", (int)len - 1, p + 1);
        p += len + (end != NULL);
    }
}

/* The loads of the layers the run uses: one per layer, or one per part of
 * a large one; first[i] is layer i's first load (-1: not used). */
static gt_status plan_loads(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                            const site_grid *g, int *first, layer_load **out, int *n_out)
{
    int threads = gt_context_threads(ctx), n = 0;
    int *parts = gt__calloc(ctx, (size_t)s->n_layers + 1, sizeof *parts);
    long long(*range)[2] = parts ? gt__calloc(ctx, (size_t)s->n_layers + 1, sizeof *range) : NULL;
    layer_load *l = NULL;
    gt_status st = range ? GT_OK : gt_context_status(ctx);
    for (int i = 0; !st && i < s->n_layers; i++) {
        bool wanted = !gt__layer_is_raster(s, s->layers[i].name) &&
                      layer_used(s, cfg, s->layers[i].name);
        parts[i] = wanted ? gt__vector_parts(ctx, &s->layers[i], threads, range[i]) : 0;
        first[i] = wanted ? n : -1;
        n += parts[i];
    }
    if (!st && !(l = gt__calloc(ctx, (size_t)n + 1, sizeof *l)))
        st = gt_context_status(ctx);
    for (int i = 0; !st && i < s->n_layers; i++)
        for (int k = 0; k < parts[i]; k++) {
            layer_load *t = &l[first[i] + k];
            *t = (layer_load){.spec = &s->layers[i],
                              .srs = OSRClone(g->srs),
                              .part = k,
                              .parts = parts[i],
                              .range = {range[i][0], range[i][1]}};
            /* OGRSpatialReference is not safe to share between threads. */
            if (!t->srs)
                st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        }
    free(parts);
    free(range);
    *out = l;
    *n_out = l ? n : 0;
    return st;
}

/* The vector layers the run uses, read, reprojected and repaired by
 * workers at once (each layer on one thread, a large GeoPackage layer in
 * parts on all); then, in layer order, their messages, the first failure
 * and the checks on what they hold. */
static gt_status load_vectors(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                              const site_grid *g, const gt__progress *prog, site_layers *in)
{
    int *first = gt__calloc(ctx, (size_t)s->n_layers + 1, sizeof *first);
    layer_load *l = NULL;
    int n = 0, *order = NULL;
    gt_status st = first ? plan_loads(ctx, s, cfg, g, first, &l, &n) : gt_context_status(ctx);
    if (!st && !(order = gt__calloc(ctx, (size_t)n + 1, sizeof *order)))
        st = gt_context_status(ctx);
    if (!st) {
        int k = 0;
        for (int i = 0; i < n; i++) /* the parts first: the longest loads */
            if (l[i].parts > 1)
                order[k++] = i;
        for (int i = 0; i < n; i++)
            if (l[i].parts == 1)
                order[k++] = i;
        load_job job = {l, order, n, g->aoi, 0};
        int t = gt_context_threads(ctx);
        gt__parallel_for(ctx, t < n ? t : (n ? n : 1), load_worker, &job);
    }
    for (int i = 0; i < s->n_layers && !st; i++) {
        const gt__layer_spec *spec = &s->layers[i];
        if (gt__layer_is_raster(s, spec->name))
            continue;
        if (first[i] < 0) {
            gt__log(ctx, GT_LOG_WARNING, "layers.%s is not used by any factor or rule", spec->name);
            continue;
        }
        layer_load *li = &l[first[i]];
        for (int k = 0; k < li->parts && !st; k++) {
            gt__site_pass_log(ctx, &li[k].log);
            if (li[k].st)
                st = gt__error(ctx, li[k].st, "%s", li[k].err ? li[k].err : "out of memory");
        }
        if (st)
            break;
        if (li->parts > 1) {
            gt__features *parts[li->parts];
            for (int k = 0; k < li->parts; k++)
                parts[k] = li[k].out, li[k].out = NULL;
            st = gt__vector_join(ctx, spec, parts, li->parts, &in->layer[i]);
            for (int k = 0; k < li->parts; k++)
                gt__features_free(ctx, parts[k]);
            if (st)
                break;
        } else {
            in->layer[i] = li->out;
            li->out = NULL;
        }
        /* No features is a data gap (gt__site_data_gaps), unless the
         * scenario says the layer is required. */
        const gt__features *f = in->layer[i];
        if ((st = gt__features_check_values(ctx, spec, f)))
            break;
        if (f->n == 0 && spec->required) {
            st = gt__gaps_required(ctx, spec, empty_kind(spec, f), f->n_outside);
            break;
        }
        if (f->n == 0 && f->n_outside > 0)
            gt__log(ctx, GT_LOG_WARNING,
                    "layers.%s (%s): none of its %d features is within reach of the study "
                    "area (disjoint extents; is the CRS right?)",
                    spec->name, spec->origin, f->n_outside);
        else if (f->n == 0)
            gt__log(ctx, GT_LOG_WARNING, "layers.%s: no features%s", spec->name,
                    spec->where || spec->classes ? " after filtering" : "");
        if (!gt__site_progress(ctx, prog, 0.0, 0.2, (i + 1.0) / s->n_layers, "loading layers"))
            st = gt_context_status(ctx);
    }
    for (int i = 0; i < n; i++) {
        gt__features_free(ctx, l[i].out);
        if (l[i].srs)
            OSRDestroySpatialReference(l[i].srs);
        free(l[i].err);
        free(l[i].log.s);
    }
    free(l);
    free(order);
    free(first);
    return st;
}

/* Parcels wholly outside the study area are dropped with a warning. */
static gt_status drop_outside(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                              gt__features *f)
{
    const GEOSPreparedGeometry *pg = GEOSPrepare_r(gt__geos(ctx), g->study_geom);
    if (!pg)
        return GT_GEOS_FAIL(ctx, "prepare study area");
    int kept = 0, dropped = 0;
    char first[200] = "";
    for (int i = 0; i < f->n; i++) {
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
    f->n = kept;
    if (dropped)
        gt__log(ctx, GT_LOG_WARNING,
                "layers.%s: %d parcel%s outside the study area left "
                "out (%s%s)",
                s->parcels_layer, dropped, dropped == 1 ? "" : "s", first,
                dropped > 5 ? ", ..." : "");
    return GT_OK;
}

/* Ids must be unique, and none blank. */
static gt_status check_unique_ids(gt_context *ctx, const gt_scenario *s, const gt__layer_spec *spec,
                                  const gt__features *f)
{
    gt_status st = GT_OK;
    /* validation: a parcel without an id (NULL or '' in id_field) could
     * not be found again by the id the outputs give it ('') */
    int blank = 0;
    for (int i = 0; i < f->n; i++)
        blank += !f->ids[i][0];
    if (blank)
        st = gt__error(ctx, GT_ERR_INPUT_FIELD,
                       "layers.%s.id_field (%s): %d parcel%s of '%s' %s no id (NULL or '' in "
                       "field '%s'); every parcel needs one",
                       s->parcels_layer, spec->origin, blank, blank == 1 ? "" : "s",
                       spec->source, blank == 1 ? "has" : "have",
                       spec->id_field ? spec->id_field : "?");
    const char *twice = NULL;
    if (!st)
        st = gt__features_repeated_id(ctx, f, &twice);
    if (!st && twice)
        st = gt__error(ctx, GT_ERR_INPUT_FIELD,
                       "layers.%s: parcel id '%s' appears twice (id_field must be unique)",
                       s->parcels_layer, twice);
    return st;
}

/* A scenario with a parcel layer asks which parcels are best: with none
 * left (an empty layer, a filter that keeps nothing, no geometries) there
 * is no honest answer, and an empty ranking would look like one. */
static gt_status no_parcels(gt_context *ctx, const gt_scenario *s, const gt__layer_spec *spec)
{
    return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                     "layers.%s (%s): no parcels remain%s%s%s (no features with a geometry "
                     "in the study area); fix the layer, or remove it to compute only the "
                     "suitability surface",
                     s->parcels_layer, spec->origin, spec->where ? " after the filter '" : "",
                     spec->where ? spec->where : "", spec->where ? "'" : "");
}

/* The parcels: kept when they touch the study area, unique ids. They are
 * burnt band by band when their cells are counted (site_parcels.c). */
static gt_status setup_parcels(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                               site_layers *in)
{
    int li = gt__site_layer_index(s, s->parcels_layer);
    if (li < 0) {
        gt__log(ctx, GT_LOG_WARNING,
                "no layer '%s': only the suitability surface is "
                "computed",
                s->parcels_layer);
        return GT_OK;
    }
    gt__features *f = in->parcels = in->layer[li];
    int bad = first_not_polygon(ctx, f);
    if (bad >= 0) /* a line kept as a parcel of 0 ha, scored and ranked */
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                         "layers.%s (%s): parcels must be polygons (parcel '%s' of '%s' is a %s)",
                         s->parcels_layer, s->layers[li].origin, f->ids[bad], s->layers[li].source,
                         type_name(ctx, f->geoms[bad]));
    gt_status st = drop_outside(ctx, s, g, f);
    if (!st && f->n == 0)
        st = no_parcels(ctx, s, &s->layers[li]);
    if (!st)
        st = check_unique_ids(ctx, s, &s->layers[li], f);
    if (st)
        return st;
    in->np = f->n;
    return GT_OK;
}

gt_status gt__site_layers_load(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                               const site_grid *g, const gt__progress *prog, site_layers *in)
{
    memset(in, 0, sizeof *in);
    in->layer = gt__calloc(ctx, (size_t)s->n_layers + 1, sizeof *in->layer);
    if (!in->layer)
        return gt_context_status(ctx);
    in->n_layers = s->n_layers;
    gt_status st = load_vectors(ctx, s, cfg, g, prog, in);
    return st ? st : setup_parcels(ctx, s, g, in);
}

void gt__site_layers_free(gt_context *ctx, site_layers *in)
{
    for (int i = 0; in->layer && i < in->n_layers; i++)
        gt__features_free(ctx, in->layer[i]);
    free(in->layer);
    memset(in, 0, sizeof *in);
}

/* Whether a feature of f has the class `name`. */
static bool has_class(const gt__features *f, const char *name)
{
    for (int i = 0; f->classes && i < f->n; i++)
        if (f->classes[i] && !strcmp(f->classes[i], name))
            return true;
    return false;
}

/* Warn of each class a scenario names (`what`: a layer's filter, a rule's
 * classes, a factor's scores) that no feature kept of layer li has: a
 * misspelt class selected or scored nothing without a word. Returns how
 * many of the names some feature has. */
static int absent_classes(gt_context *ctx, const gt_scenario *s, int li, const gt__features *f,
                          const char *what, char *const *names, int n)
{
    int found = 0;
    for (int k = 0; k < n; k++) {
        if (has_class(f, names[k])) {
            found++;
            continue;
        }
        gt__sbuf have = {0};
        const char *shown[8];
        int listed = 0;
        for (int i = 0; f->classes && i < f->n; i++) {
            bool seen = !f->classes[i];
            for (int j = 0; j < listed && !seen; j++)
                seen = !strcmp(shown[j], f->classes[i]);
            if (seen)
                continue;
            if (listed == 8) {
                gt__sbuf_add(&have, ", ...");
                break;
            }
            gt__sbuf_add(&have, "%s'%s'", listed ? ", " : "", f->classes[i]);
            shown[listed++] = f->classes[i];
        }
        gt__log(ctx, GT_LOG_WARNING,
                "%s: class '%s' is not the %s of any of the %d features of layer '%s' kept "
                "(%s); check its spelling (classes there: %s)",
                what, names[k], s->layers[li].class_field, f->n, s->layers[li].name,
                s->layers[li].origin, have.s ? have.s : "none");
        free(have.s);
    }
    return found;
}

/* An applied rule whose layer has no features, or none of its classes:
 * applied, excluding 0 ha. Each class a rule, factor or filter names that
 * no feature has is warned of. */
static gt_status empty_rule_gaps(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                                 const site_layers *in, gt__gaps *gaps)
{
    gt_status st = GT_OK;
    char what[160];
    for (int li = 0; li < s->n_layers; li++)
        if (in->layer[li] && in->layer[li]->n > 0 && s->layers[li].classes) {
            snprintf(what, sizeof what, "layers.%s.classes", s->layers[li].name);
            absent_classes(ctx, s, li, in->layer[li], what, s->layers[li].classes,
                           s->layers[li].n_classes);
        }
    for (int i = 0; i < s->n_factors; i++) {
        const gt__factor *fac = &s->factors[i];
        int li = gt__site_layer_index(s, fac->layer);
        if (fac->measure == GT__MEASURE_CLASS && li >= 0 && in->layer[li] &&
            in->layer[li]->n > 0) {
            snprintf(what, sizeof what, "factors.%s.scores", fac->name);
            absent_classes(ctx, s, li, in->layer[li], what, fac->score_classes, fac->n_scores);
        }
    }
    for (int i = 0; i < cfg->n_active && !st; i++) {
        const gt__rule *rule = cfg->active[i].rule;
        int li = gt__site_layer_index(s, rule->layer);
        const gt__features *f = li >= 0 ? in->layer[li] : NULL;
        if (!cfg->active[i].applied || !f)
            continue;
        if (f->n > 0 && rule->classes) {
            snprintf(what, sizeof what, "rule %s (%s)", rule->id, rule->origin);
            if (absent_classes(ctx, s, li, f, what, rule->classes, rule->n_classes) == 0)
                st = gt__gaps_add(ctx, gaps, "rule", rule->id, rule->layer,
                                  GT__GAP_NONE_AFTER_FILTER, GT__GAP_RULE_APPLIED_EMPTY, NAN, NAN,
                                  "constraint_zones; parcels.excluded, d_ fields",
                                  "none of its classes is a class of the layer's features: rule "
                                  "applied to no features: 0 ha excluded");
            continue;
        }
        if (f->n > 0)
            continue;
        st = gt__gaps_add(ctx, gaps, "rule", rule->id, rule->layer, empty_kind(&s->layers[li], f),
                          GT__GAP_RULE_APPLIED_EMPTY, NAN, NAN,
                          "constraint_zones; parcels.excluded, d_ fields",
                          "rule applied to no features: 0 ha excluded");
    }
    return st;
}

gt_status gt__site_data_gaps(gt_context *ctx, const gt_scenario *s, site_config *cfg,
                             const site_layers *in)
{
    gt__gaps *gaps = &cfg->gaps;
    gt_status st = gt__rule_gaps(ctx, s, cfg->active, cfg->n_active, gaps);
    if (!st)
        st = empty_rule_gaps(ctx, s, cfg, in, gaps);
    /* A factor lacks data when its layer is declared absent or, read as
     * features, has none within reach. */
    bool no_data[GT_AHP_MAX_N] = {false};
    gt__gap_kind why[GT_AHP_MAX_N] = {0};
    for (int i = 0; i < s->n_factors; i++) {
        const gt__factor *fac = &s->factors[i];
        int li = gt__site_layer_index(s, fac->layer);
        const gt__features *f = li >= 0 ? in->layer[li] : NULL;
        if (li < 0) {
            no_data[i] = true;
            why[i] = GT__GAP_DECLARED_ABSENT;
        } else if (fac->measure != GT__MEASURE_SLOPE && f && f->n == 0) {
            no_data[i] = true;
            why[i] = empty_kind(&s->layers[li], f);
        }
    }
    if (!st)
        st = gt__factors_with_data(ctx, s, no_data, why, cfg->weights, gaps, &cfg->with_data);
    if (!st)
        gt__gaps_log(ctx, gaps);
    return st ? st : gt__gaps_refuse(ctx, s, gaps);
}
