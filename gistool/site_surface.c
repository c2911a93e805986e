/*
 * site_surface.c: the suitability surface of `gistool site`: each factor
 * measured (exact distance, Horn slope, class scores) and standardised,
 * then aggregated; and the constraint zones of the rules, burnt into the
 * exclusion mask. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/output.h"
#include "gistool/site_stages.h"

/* The padding of a distance factor in cells: the largest finite fuzzy
 * control point (beyond it the membership is constant), capped at
 * GT__SITE_MAX_PAD_M. */
static int distance_pad(gt_context *ctx, const gt__grid *g, const gt__factor *fac, bool warn)
{
    double padm = 0, pts[4] = {fac->fuzzy.a, fac->fuzzy.b, fac->fuzzy.c, fac->fuzzy.d};
    for (int k = 0; k < 4; k++)
        if (isfinite(pts[k]))
            padm = fmax(padm, pts[k]);
    if (padm > GT__SITE_MAX_PAD_M) {
        if (warn)
            gt__log(ctx, GT_LOG_WARNING,
                    "factors.%s: features more than %.0f km outside the study area are not "
                    "seen by the distance surface",
                    fac->name, GT__SITE_MAX_PAD_M / 1000);
        padm = GT__SITE_MAX_PAD_M;
    }
    return (int)ceil(padm / g->res) + 1;
}

/* Work buffers of the distance factors, sized once for the largest padded
 * grid and reused by every distance factor: fresh buffers per factor cost
 * a page fault per 4 KiB each time. A padded grid of fewer than 65535 rows
 * needs one 16-bit grid (the features, then the column pass in place; the
 * row pass writes the study area's window straight into the factor): 2
 * bytes a padded cell. Taller ones use a feature grid and a float grid (5
 * bytes a padded cell). */
typedef struct {
    size_t want; /* cells of the largest padded grid of the run */
    size_t cells;
    uint16_t *cols;
    unsigned char *feat;
    float *dist;
} dist_buffers;

static void dist_buffers_free(dist_buffers *b)
{
    free(b->cols);
    free(b->feat);
    free(b->dist);
    *b = (dist_buffers){0};
}

/* Distance in metres from each cell centre to the nearest feature cell,
 * by the exact EDT on a grid padded beyond the study area, so that features
 * outside it count. */
static gt_status factor_distance(gt_context *ctx, const gt__grid *g, const gt__factor *fac,
                                 const gt__features *f, dist_buffers *b, float *out,
                                 gt__edt_sink sink)
{
    int pad = distance_pad(ctx, g, fac, true);
    gt__grid pg = {g->w + 2 * pad, g->h + 2 * pad, g->x0 - pad * g->res, g->y0 + pad * g->res,
                   g->res};
    size_t pn = (size_t)pg.w * pg.h;
    bool narrow = pg.h < UINT16_MAX, fresh = false;
    if (pn > b->cells || (narrow ? !b->cols : !b->dist)) {
        size_t want = b->want;
        dist_buffers_free(b);
        b->want = want;
        b->cells = pn > want ? pn : want;
        fresh = true;
        if (narrow)
            b->cols = gt__calloc(ctx, b->cells, sizeof(uint16_t));
        else if ((b->feat = gt__malloc(ctx, b->cells)))
            b->dist = gt__malloc(ctx, b->cells * sizeof(float));
        if (narrow ? !b->cols : !b->dist) {
            dist_buffers_free(b);
            b->want = want;
            return gt_context_status(ctx);
        }
    }
    if (narrow) {
        /* A fresh grid comes zeroed from calloc, its pages first touched by
         * the EDT's column pass on all threads; a reused one is zeroed on
         * all threads. */
        if (!fresh)
            gt__zero_bytes(ctx, b->cols, pn * sizeof(uint16_t));
        gt_status st =
            gt__rasterize(ctx, &pg, f->geoms, f->n, NULL, GDT_UInt16, true, b->cols);
        return st ? st
                  : gt__distance_transform_u16_rows(ctx, b->cols, pg.w, pg.h, pg.res, pg.res, pad,
                                                    pad, g->w, g->h, out, sink);
    }
    memset(b->feat, 0, pn);
    gt_status st = gt__rasterize(ctx, &pg, f->geoms, f->n, NULL, GDT_Byte, true, b->feat);
    if (!st)
        st = gt_distance_transform(ctx, b->feat, pg.w, pg.h, pg.res, pg.res, b->dist);
    if (!st)
        for (int row = 0; row < g->h; row++)
            memcpy(out + (size_t)row * g->w, b->dist + (size_t)(row + pad) * pg.w + pad,
                   sizeof(float) * (size_t)g->w);
    return st;
}

/* The slope (Horn) of a DEM layer, made band by band (site_stages.h): each
 * band of SLOPE_BAND_ROWS rows is warped from the DEM with a row of halo
 * on each side (Horn's window; one row more below for the parcels'
 * bilinear samples), its slope made, the parcels' sample points in it taken (when
 * `ps` still wants them) and its rows handed to `fn`, which may overwrite
 * them. Every cell gets the value of the DEM warped and sloped whole: the
 * warp is exact per cell (no approximate transformer) and the halo rows
 * give Horn's window its neighbours, so only the grid's own edges are
 * edges. No grid of the DEM or the slope is made. Bands of 256 rows cost
 * the least CPU at 5,000 and 10,000 columns (the DEM and slope buffers stay
 * in cache; 512 rows and the whole grid at once cost about 10 % and 70 %
 * more at 25 M cells; bench/README.md).
 *
 * The bands are warped, checked and sloped on all threads, one band a
 * worker, each worker with the DEM opened once for all its bands
 * (gt__raster_warp: a GDAL dataset serves one thread at a time) and its own
 * context; then the bands are handed on in row order on the calling
 * thread. A band warped by GDAL's own threads left a core idle while GDAL
 * read the tiles, masked and set up each band (about a fifth of the warp's
 * CPU time). */
enum { SLOPE_BAND_ROWS = 256, SLOPE_WORKERS_MAX = 4 };

typedef struct {
    gt_context *ctx; /* the worker's own: its threads, its error */
    gt__raster_warp *warp;
    float *dem, *slope;
    int b0, b1, d0, d1; /* rows handed on, DEM rows */
    gt_status st;
    size_t valid; /* cells of the study area with data, over the worker's bands */
    bool holes;   /* no-data cells in the study area (dem_check.c) */
    gt__sbuf log; /* GDAL's messages of the band, passed on in row order */
} slope_worker;

typedef struct {
    const gt__layer_spec *spec;
    const site_grid *g;
    slope_worker *wk;
} slope_round;

/* One band: warped, its rows checked (heights on Earth) and counted, and
 * sloped. */
static void slope_band_work(int i0, int i1, void *arg)
{
    const slope_round *r = arg;
    const gt__grid *g = &r->g->grid;
    for (int i = i0; i < i1; i++) {
        slope_worker *k = &r->wk[i];
        gt__gdal_log_push(k->ctx);
        gt__grid bg = {g->w, k->d1 - k->d0, g->x0, g->y0 - k->d0 * g->res, g->res};
        k->st = gt__raster_warp_load(k->ctx, k->warp, &bg, k->dem);
        size_t n = (size_t)(k->b1 - k->b0) * g->w;
        const float *drow = k->dem + (size_t)(k->b0 - k->d0) * g->w;
        const unsigned char *in = r->g->inside + (size_t)k->b0 * g->w;
        if (!k->st)
            k->st = gt__dem_check_values(k->ctx, r->spec, drow, in, n, &k->holes);
        for (size_t c = 0; !k->st && c < n; c++)
            k->valid += in[c] && !isnan(drow[c]);
        if (!k->st)
            k->st = gt_slope_horn(k->ctx, k->dem, g->w, bg.h, g->res, g->res, 0, 0, k->slope);
        gt__gdal_log_pop();
    }
}

static void slope_workers_free(slope_worker *wk, int n)
{
    for (int i = 0; wk && i < n; i++) {
        gt__raster_warp_close(wk[i].warp);
        gt_context_destroy(wk[i].ctx);
        free(wk[i].log.s);
        free(wk[i].dem);
        free(wk[i].slope);
    }
    free(wk);
}

gt_status gt__site_slope_bands(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                               const char *layer, int band_rows, gt__psample *ps,
                               bool keep_points, gt__slope_rows_fn fn, void *arg)
{
    const gt__layer_spec *spec = gt__scenario_layer(s, layer);
    int w = g->grid.w, h = g->grid.h, band = band_rows < h ? band_rows : h;
    if (band < 1)
        return gt__error(ctx, GT_ERR_INTERNAL, "slope bands: %d rows a band", band_rows);
    size_t cap = (size_t)(band + 3) * (size_t)w;
    int nbands = (h + band - 1) / band, threads = gt_context_threads(ctx);
    int nw = threads < nbands ? threads : nbands;
    nw = nw < SLOPE_WORKERS_MAX ? (nw > 1 ? nw : 1) : SLOPE_WORKERS_MAX;
    slope_worker *wk = gt__calloc(ctx, (size_t)nw, sizeof *wk);
    gt_status st = wk ? GT_OK : gt_context_status(ctx);
    /* each worker opens the DEM (and checks the pixels under the whole
     * grid: each band alone might pass) */
    for (int i = 0; !st && i < nw; i++) {
        slope_worker *k = &wk[i];
        if (!(k->ctx = gt_context_create()))
            st = gt__error(ctx, GT_ERR_NOMEM, "out of memory for a worker");
        else {
            gt_context_set_threads(k->ctx, threads / nw > 1 ? threads / nw : 1);
            gt_context_set_log_handler(k->ctx, gt__site_keep_log, &k->log);
        }
        if (!st && (!(k->dem = gt__malloc(ctx, cap * sizeof(float))) ||
                    !(k->slope = gt__malloc(ctx, cap * sizeof(float)))))
            st = gt_context_status(ctx);
        if (!st)
            st = gt__raster_warp_open(ctx, spec, &g->grid, g->srs, &k->warp);
    }
    bool take = !st && gt__psample_slope_wanted(ps);
    if (take)
        st = gt__psample_slope_begin(ctx, ps, g);
    for (int first = 0; !st && first < nbands; first += nw) {
        int m = nbands - first < nw ? nbands - first : nw;
        for (int i = 0; i < m; i++) {
            slope_worker *k = &wk[i];
            k->b0 = (first + i) * band;
            k->b1 = k->b0 + band < h ? k->b0 + band : h;
            int e = k->b1 < h ? k->b1 + 1 : h; /* rows made */
            k->d0 = k->b0 > 0 ? k->b0 - 1 : 0;
            k->d1 = e < h ? e + 1 : h;
        }
        slope_round round = {spec, g, wk};
        gt__parallel_for(ctx, m, slope_band_work, &round);
        for (int i = 0; !st && i < m; i++) {
            slope_worker *k = &wk[i];
            gt__site_pass_log(ctx, &k->log);
            k->log.len = 0;
            if (k->log.s)
                k->log.s[0] = '\0';
            if (k->st) {
                st = gt__error(ctx, k->st, "%s", gt_context_errmsg(k->ctx));
                break;
            }
            float *rows = k->slope + (size_t)(k->b0 - k->d0) * w;
            if (take)
                gt__psample_slope_take(ctx, ps, g, rows, k->b0, k->b1);
            fn(k->b0, k->b1, rows, arg);
        }
    }
    size_t valid = 0;
    bool holes = false; /* no-data cells in the study area: the source is checked once */
    for (int i = 0; !st && i < nw; i++) {
        valid += wk[i].valid;
        holes |= wk[i].holes;
    }
    if (!st && holes)
        st = gt__dem_check_values(ctx, spec, NULL, NULL, 0, NULL); /* dem_check.c */
    if (!st && valid == 0)
        st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                       "layers.%s (%s): the raster has no data over the study area "
                       "(disjoint extents?)",
                       spec->name, spec->origin);
    if (!st && take)
        st = gt__psample_slope_end(ctx, ps, keep_points);
    slope_workers_free(wk, nw);
    return st;
}

static gt_status slope_bands(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                             const char *layer, gt__psample *ps, bool keep_points,
                             gt__slope_rows_fn fn, void *arg)
{
    return gt__site_slope_bands(ctx, s, g, layer, SLOPE_BAND_ROWS, ps, keep_points, fn, arg);
}

/* slope_bands' rows into a whole grid (a factor that is not streamed). */
typedef struct {
    size_t w;
    float *out;
} slope_copy_job;

static void slope_rows_copy(int r0, int r1, float *rows, void *arg)
{
    const slope_copy_job *j = arg;
    memcpy(j->out + (size_t)r0 * j->w, rows, sizeof(float) * (size_t)(r1 - r0) * j->w);
}

/* Land-use class scores: burn the index of each feature's class, look up. */
static gt_status factor_classes(gt_context *ctx, const site_grid *g, const gt__factor *fac,
                                const gt__features *f, float *out)
{
    int32_t *cls = gt__calloc(ctx, g->ncell, sizeof(int32_t));
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
        st = gt__rasterize(ctx, &g->grid, f->geoms, f->n, burn, GDT_Int32, false, cls);
    }
    for (size_t k = 0; !st && k < g->ncell; k++)
        out[k] = (float)score_of[cls[k]];
    free(cls);
    free(burn);
    free(score_of);
    return st;
}

/* Standardise a factor in place (fuzzy membership, or the class score as
 * it is) and set NoData outside the study area. Rows are shared among the
 * threads. */
typedef struct {
    const site_grid *g;
    const gt__factor *fac;
    float *f;
} standardise_job;

/* A cell's standardised value from its membership (or class score) v. */
static inline float standardise_value(const gt__factor *fac, float v, bool inside)
{
    /* NoData (e.g. outside the DEM) stays NoData unless the scenario gives
     * the factor a nodata_fill score. */
    if (isnan(v) && !isnan(fac->nodata_fill))
        v = (float)fac->nodata_fill;
    return inside ? v : NAN;
}

static inline float standardise_cell(const gt__factor *fac, float x, bool inside)
{
    if (!inside)
        return NAN;
    float v = fac->measure == GT__MEASURE_CLASS ? x : (float)gt_fuzzy_eval(&fac->fuzzy, x);
    return standardise_value(fac, v, inside);
}

/* The fuzzy membership of a distance factor's cells, remembered by value.
 * The distances are dx * sqrt(n) for whole n, so a grid holds few distinct
 * values (some tens of thousands within the padding), and the membership
 * (a sine for the sigmoidal shape) was the dearest step of streaming. One
 * table for all threads: an entry is one 64-bit word (the distance's bits
 * and the membership's), stored and loaded whole, so that a race loses an
 * entry and never mixes two. The membership is a function of the distance
 * alone: the same bits as evaluating it every time. */
enum { FUZZY_MEMO_BITS = 16 };

static uint64_t *fuzzy_memo_new(gt_context *ctx)
{
    uint64_t *m = gt__malloc(ctx, sizeof(uint64_t) << FUZZY_MEMO_BITS);
    if (m) /* empty: the key of a NaN, which is never looked up */
        memset(m, 0xff, sizeof(uint64_t) << FUZZY_MEMO_BITS);
    return m;
}

static inline float fuzzy_memo(uint64_t *memo, const gt_fuzzy *fz, float x)
{
    if (isnan(x))
        return (float)gt_fuzzy_eval(fz, x);
    uint32_t key, bits;
    memcpy(&key, &x, sizeof key);
    size_t slot = (uint32_t)(key * 2654435761u) >> (32 - FUZZY_MEMO_BITS);
    uint64_t e = __atomic_load_n(&memo[slot], __ATOMIC_RELAXED);
    float v;
    if ((uint32_t)(e >> 32) == key) {
        bits = (uint32_t)e;
        memcpy(&v, &bits, sizeof v);
        return v;
    }
    v = (float)gt_fuzzy_eval(fz, x);
    memcpy(&bits, &v, sizeof bits);
    __atomic_store_n(&memo[slot], (uint64_t)key << 32 | bits, __ATOMIC_RELAXED);
    return v;
}

static void standardise_rows(int r0, int r1, void *arg)
{
    standardise_job *j = arg;
    size_t w = (size_t)j->g->grid.w;
    for (size_t k = (size_t)r0 * w; k < (size_t)r1 * w; k++)
        j->f[k] = standardise_cell(j->fac, j->f[k], j->g->inside[k]);
}

/* A factor streamed into the score (WLC or WPM, no factor grid kept): each
 * row of raw values standardised and aggregated as it is made, with the
 * same arithmetic as standardise_rows followed by gt__wlc_add or
 * gt__wpm_mul, so no grid of the factor is ever written. */
typedef struct {
    const site_grid *g;
    const gt__factor *fac;
    bool product;
    double weight;
    float *score;
    uint64_t *memo; /* a distance factor's memberships (fuzzy_memo), or NULL */
} stream_job;

static void stream_row(int row, float *v, void *arg)
{
    const stream_job *j = arg;
    size_t w = (size_t)j->g->grid.w, k0 = (size_t)row * w;
    const unsigned char *inside = j->g->inside + k0;
    if (j->memo)
        for (size_t c = 0; c < w; c++)
            v[c] = inside[c] ? standardise_value(j->fac, fuzzy_memo(j->memo, &j->fac->fuzzy, v[c]),
                                                 true)
                             : NAN;
    else
        for (size_t c = 0; c < w; c++)
            v[c] = standardise_cell(j->fac, v[c], inside[c]);
    gt__agg_cells(j->product, j->weight, v, w, j->score + k0);
}

/* A band of slope rows (slope_bands) streamed into the score on all
 * threads, each row standardised in place. */
typedef struct {
    stream_job *job;
    int r0;
    float *rows;
} stream_band_job;

static void stream_band_rows(int a, int b, void *arg)
{
    const stream_band_job *j = arg;
    size_t w = (size_t)j->job->g->grid.w;
    for (int r = a; r < b; r++)
        stream_row(j->r0 + r, j->rows + (size_t)r * w, j->job);
}

typedef struct {
    gt_context *ctx;
    stream_job *job;
} slope_stream;

static void slope_rows_stream(int r0, int r1, float *rows, void *arg)
{
    slope_stream *ss = arg;
    stream_band_job bj = {ss->job, r0, rows};
    gt__parallel_for(ss->ctx, r1 - r0, stream_band_rows, &bj);
}

/* Can factor `fac` be streamed? Distance factors whose padded grid fits the
 * 16-bit EDT, and the slope. */
static bool factor_streams(gt_context *ctx, const gt__grid *g, const gt__factor *fac)
{
    if (fac->measure == GT__MEASURE_SLOPE)
        return true;
    return fac->measure == GT__MEASURE_DISTANCE &&
           g->h + 2 * distance_pad(ctx, g, fac, false) < UINT16_MAX;
}

/* Measure factor `fac` and stream it into the score (factor_streams). */
static gt_status factor_stream(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                               const site_layers *in, const gt__factor *fac, double weight,
                               site_surface *surf, dist_buffers *bufs)
{
    stream_job job = {g, fac, s->aggregation == GT__AGG_WPM, weight, surf->score, NULL};
    if (fac->measure == GT__MEASURE_DISTANCE) {
        const gt__features *feats = in->layer[gt__site_layer_index(s, fac->layer)];
        if (feats->n == 0)
            return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                             "factors.%s: layer '%s' has no features to measure distance "
                             "to",
                             fac->name, fac->layer);
        if (!(job.memo = fuzzy_memo_new(ctx)))
            return gt_context_status(ctx);
        gt_status st = factor_distance(ctx, &g->grid, fac, feats, bufs, NULL,
                                       (gt__edt_sink){stream_row, &job});
        free(job.memo);
        return st;
    }
    /* The slope band by band; the parcels' points take theirs on the way
     * (kept per point for the factor's column). */
    slope_stream ss = {ctx, &job};
    gt_status st = slope_bands(ctx, s, g, fac->layer, surf->samples, true, slope_rows_stream, &ss);
    surf->slope_taken = !st && surf->samples;
    return st;
}

gt_status gt__site_aggregate(gt_context *ctx, const gt_scenario *s, const float *const *fgrid,
                             const double *weights, size_t ncell, float *out)
{
    switch (s->aggregation) {
    case GT__AGG_WPM:
        return gt_wpm(ctx, s->n_factors, fgrid, weights, ncell, out);
    case GT__AGG_OWA:
        return gt_owa(ctx, s->n_factors, fgrid, weights, s->order_weights, ncell, out);
    default:
        return gt_wlc(ctx, s->n_factors, fgrid, weights, ncell, out);
    }
}

/* One factor's raw measure (metres, percent or class score) into out. */
static gt_status factor_measure(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                                const site_layers *in, const gt__factor *fac, site_surface *surf,
                                dist_buffers *bufs, float *out)
{
    const gt__features *feats = in->layer[gt__site_layer_index(s, fac->layer)];
    gt_status st = GT_OK;
    switch (fac->measure) {
    case GT__MEASURE_DISTANCE:
        if (feats->n == 0)
            return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                             "factors.%s: layer '%s' has no features to measure distance "
                             "to",
                             fac->name, fac->layer);
        return factor_distance(ctx, &g->grid, fac, feats, bufs, out, (gt__edt_sink){0});
    case GT__MEASURE_SLOPE: {
        /* The slope band by band into the factor's grid (no DEM or slope
         * grid); the parcels' points take theirs on the way. */
        slope_copy_job cj = {(size_t)g->grid.w, out};
        st = slope_bands(ctx, s, g, fac->layer, surf->samples, true, slope_rows_copy, &cj);
        surf->slope_taken = !st && surf->samples;
        return st;
    }
    case GT__MEASURE_CLASS:
        if (!feats->classes)
            return gt__error(ctx, GT_ERR_SCENARIO,
                             "factors.%s: layer '%s' needs a `class_field` for class "
                             "scores",
                             fac->name, fac->layer);
        return factor_classes(ctx, g, fac, feats, out);
    case GT__MEASURE_HAUL: /* network haul from the demand (site_haul.c) */
        return gt__site_haul_measure(ctx, s, g, in, fac, &surf->haul_gaps, out);
    }
    return st;
}

/* Each parcel's value of one factor, measured while the factor is in
 * memory (column i of the np x nf table): the mean over the parcel's sample
 * points, fixed in longitude/latitude (site_parcel_values.c), made on the
 * first factor. */
static gt_status factor_parcel_means(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                                     const site_grid *g, const site_layers *in, site_surface *surf,
                                     const float *f, int i)
{
    if (!in->parcels || !in->np)
        return GT_OK;
    gt_status st = GT_OK;
    if (!surf->samples)
        st = gt__psample_create(ctx, g, in, cfg->weights, s->n_factors, &surf->samples);
    /* a slope factor's points took their slope as it was made */
    if (!st)
        st = gt__psample_factor(ctx, surf->samples, s, g, in, i, NULL, f, surf->f_mean);
    return st;
}

gt_status gt__site_surface_compute(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                                   const site_grid *g, const site_layers *in, bool keep_factors,
                                   const gt__progress *prog, site_surface *out)
{
    memset(out, 0, sizeof *out);
    /* OWA orders all factors per cell, so it needs them all at the end; WLC
     * and WPM take each factor as it is made, and only one is held. */
    bool owa = s->aggregation == GT__AGG_OWA;
    keep_factors = keep_factors || owa;
    int nf = s->n_factors;
    out->score = gt__malloc(ctx, g->ncell * sizeof(float));
    out->f_mean = gt__calloc(ctx, (size_t)(in->np ? in->np : 1) * (size_t)nf, sizeof(double));
    /* A factor grid only for the factors that cannot be streamed. */
    float *scratch = NULL;
    if (!out->score || !out->f_mean)
        return gt_context_status(ctx);
    bool product = s->aggregation == GT__AGG_WPM;
    /* The score starts at 0 (sum) or 1 (product), set on all threads: the
     * first touch of a fresh grid's pages is the dear part. */
    gt__fill_floats(ctx, out->score, g->ncell, product ? 1.0f : 0.0f);
    gt_status st = GT_OK;
    dist_buffers bufs = {0};
    int last_distance = -1; /* the buffers are freed after it */
    for (int i = 0; i < nf; i++)
        if (s->factors[i].measure == GT__MEASURE_DISTANCE) {
            last_distance = i;
            size_t pad = (size_t)distance_pad(ctx, &g->grid, &s->factors[i], false);
            size_t pn = ((size_t)g->grid.w + 2 * pad) * ((size_t)g->grid.h + 2 * pad);
            bufs.want = pn > bufs.want ? pn : bufs.want;
        }
    for (int i = 0; !st && i < nf; i++) {
        const gt__factor *fac = &s->factors[i];
        bool stream = !keep_factors && factor_streams(ctx, &g->grid, fac);
        float *f = NULL;
        if (keep_factors && !(f = out->fgrid[i] = gt__malloc(ctx, g->ncell * sizeof(float))))
            st = gt_context_status(ctx);
        if (!st && !keep_factors && !stream && !scratch &&
            !(scratch = gt__malloc(ctx, g->ncell * sizeof(float))))
            st = gt_context_status(ctx);
        if (!st && !keep_factors && !stream)
            f = scratch;
        /* a slope factor's points take their slope as it is made */
        if (!st && fac->measure == GT__MEASURE_SLOPE && in->parcels && in->np && !out->samples)
            st = gt__psample_create(ctx, g, in, cfg->weights, nf, &out->samples);
        if (!st)
            st = stream ? factor_stream(ctx, s, g, in, fac, cfg->weights[i], out, &bufs)
                        : factor_measure(ctx, s, g, in, fac, out, &bufs, f);
        if (i == last_distance)
            dist_buffers_free(&bufs);
        if (st)
            break;
        if (!stream) {
            standardise_job job = {g, fac, f};
            gt__parallel_for(ctx, g->grid.h, standardise_rows, &job);
        }
        /* A streamed factor has no standardised grid: its parcel values are
         * exact distances or the raw slope (site_parcel_values.c). */
        st = factor_parcel_means(ctx, s, cfg, g, in, out, f, i);
        if (!st && !stream && product)
            gt__wpm_mul(ctx, cfg->weights[i], f, g->ncell, out->score);
        else if (!st && !stream && !owa)
            gt__wlc_add(ctx, cfg->weights[i], f, g->ncell, out->score);
        if (!st && !gt__site_progress(ctx, prog, 0.2, 0.6, (i + 1.0) / nf, "computing factors"))
            st = gt_context_status(ctx);
    }
    free(scratch);
    dist_buffers_free(&bufs);
    if (!st && owa)
        st = gt__site_aggregate(ctx, s, (const float *const *)out->fgrid, cfg->weights, g->ncell,
                                out->score);
    return st;
}

void gt__site_surface_free(site_surface *surf)
{
    for (int i = 0; i < GT_AHP_MAX_N; i++)
        free(surf->fgrid[i]);
    free(surf->score);
    free(surf->f_mean);
    free(surf->slope);
    gt__psample_free(surf->samples);
    memset(surf, 0, sizeof *surf);
}

/* The features a rule looks at: the layer's, or those of its classes. */
static gt_status rule_features(gt_context *ctx, const gt_scenario *s, const site_layers *in,
                               site_rule *rr)
{
    const gt__rule *rule = rr->a.rule;
    const gt__features *f = in->layer[gt__site_layer_index(s, rule->layer)];
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

/* A max_slope rule's zone: the cells steeper than the limit, polygonised.
 * The slope is made band by band for it (the factors keep no slope grid);
 * the parcels' points take theirs on the way unless a slope factor's did. */
typedef struct {
    const site_grid *g;
    double max_pct;
    unsigned char *m;
} slope_mask_job;

static void slope_rows_mask(int r0, int r1, float *rows, void *arg)
{
    const slope_mask_job *j = arg;
    size_t k0 = (size_t)r0 * j->g->grid.w, n = (size_t)(r1 - r0) * j->g->grid.w;
    for (size_t k = 0; k < n; k++)
        j->m[k0 + k] = j->g->inside[k0 + k] && rows[k] > j->max_pct;
}

static gt_status slope_zone(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                            const site_surface *surf, site_constraints *c, site_rule *rr)
{
    const gt__rule *rule = rr->a.rule;
    unsigned char *m = gt__calloc(ctx, g->ncell, 1);
    if (!m)
        return gt_context_status(ctx);
    slope_mask_job job = {g, rule->max_slope_pct, m};
    gt__psample *ps = surf->slope_taken || c->slope_taken ? NULL : surf->samples;
    gt_status st = slope_bands(ctx, s, g, rule->layer, ps, false, slope_rows_mask, &job);
    if (!st && ps)
        c->slope_taken = true;
    if (!st && !(rr->zone = gt__polygonize_mask(ctx, &g->grid, m)))
        st = gt_context_status(ctx);
    free(m);
    return st;
}

/* A feature of more than ZONE_WHOLE vertices is buffered in pieces of
 * ZONE_PIECE vertices.
 * GEOS buffers a line by noding its whole raw offset curve at once: for a
 * line that turns back on itself within the distance (a zigzag of 5,000
 * vertices 400 m wide under a 200 m setback) the crossings, and the
 * memory, grow with the square of its vertices (760 MB at 5,000, the
 * machine's memory at 100,000); in pieces they grow with the vertices times
 * the piece's size. The buffer of a union is the union of the buffers, and
 * a polygon's buffer is the polygon with its rings' buffers, so the zone is
 * the same set; a feature of ZONE_WHOLE vertices or fewer is buffered
 * whole, as before. */
enum { ZONE_WHOLE = 256, ZONE_PIECE = 32 };

typedef struct {
    GEOSGeometry **v;
    size_t n, cap;
} zone_parts;

static bool zone_push(GEOSContextHandle_t h, zone_parts *z, GEOSGeometry *g)
{
    if (g && gt__grow(&z->v, &z->cap, z->n + 1, sizeof *z->v)) {
        z->v[z->n++] = g;
        return true;
    }
    if (g)
        GEOSGeom_destroy_r(h, g);
    return false;
}

/* The buffers of a line's (or a ring's) pieces of ZONE_PIECE vertices,
 * each sharing its last vertex with the next one's first. */
static bool zone_line_pieces(GEOSContextHandle_t h, const GEOSGeometry *line, double d,
                             zone_parts *z)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, line);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return false;
    if (n < 2)
        return zone_push(h, z, GEOSBuffer_r(h, line, d, 8));
    for (unsigned int a = 0; a + 1 < n; a += ZONE_PIECE - 1) {
        unsigned int m = n - a < ZONE_PIECE ? n - a : ZONE_PIECE;
        GEOSCoordSequence *piece = GEOSCoordSeq_create_r(h, m, 2);
        bool ok = piece != NULL;
        for (unsigned int k = 0; ok && k < m; k++) {
            double x, y;
            ok = GEOSCoordSeq_getXY_r(h, cs, a + k, &x, &y) &&
                 GEOSCoordSeq_setXY_r(h, piece, k, x, y);
        }
        GEOSGeometry *pl = ok ? GEOSGeom_createLineString_r(h, piece) : NULL;
        if (!pl && piece)
            GEOSCoordSeq_destroy_r(h, piece);
        GEOSGeometry *buf = pl ? GEOSBuffer_r(h, pl, d, 8) : NULL;
        if (pl)
            GEOSGeom_destroy_r(h, pl);
        if (!zone_push(h, z, buf))
            return false;
    }
    return true;
}

/* The parts whose union is g buffered by d (g itself for d < 0). */
static bool zone_feature(GEOSContextHandle_t h, const GEOSGeometry *g, double d, zone_parts *z)
{
    if (d < 0)
        return zone_push(h, z, GEOSGeom_clone_r(h, g));
    int type = GEOSGeomTypeId_r(h, g);
    if (GEOSGetNumCoordinates_r(h, g) <= ZONE_WHOLE || type == GEOS_POINT ||
        type == GEOS_MULTIPOINT)
        return zone_push(h, z, GEOSBuffer_r(h, g, d, 8));
    if (type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOLYGON ||
        type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(h, g); i++)
            if (!zone_feature(h, GEOSGetGeometryN_r(h, g, i), d, z))
                return false;
        return true;
    }
    if (type == GEOS_LINESTRING || type == GEOS_LINEARRING)
        return zone_line_pieces(h, g, d, z);
    if (type != GEOS_POLYGON)
        return zone_push(h, z, GEOSBuffer_r(h, g, d, 8));
    if (!zone_push(h, z, GEOSGeom_clone_r(h, g)))
        return false;
    int nr = 1 + GEOSGetNumInteriorRings_r(h, g);
    for (int r = 0; r < nr; r++) {
        const GEOSGeometry *ring =
            r ? GEOSGetInteriorRingN_r(h, g, r - 1) : GEOSGetExteriorRing_r(h, g);
        if (!ring || !zone_line_pieces(h, ring, d, z))
            return false;
    }
    return true;
}

/* A vector rule's excluded area inside the study area, as polygons: the
 * features buffered by the distance (or as they are for `inside`). */
static gt_status vector_zone(gt_context *ctx, const site_grid *g, site_rule *rr)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    const gt__rule *rule = rr->a.rule;
    const gt__features *f = rr->feats;
    double d = rule->kind == GT__RULE_DISTANCE ? rule->min_distance_m : -1;
    zone_parts z = {0};
    bool ok = true;
    for (int i = 0; ok && i < f->n; i++)
        ok = zone_feature(h, f->geoms[i], d, &z);
    if (!ok) {
        for (size_t k = 0; k < z.n; k++)
            GEOSGeom_destroy_r(h, z.v[k]);
        free(z.v);
        return GT_GEOS_FAIL(ctx, "buffer");
    }
    GEOSGeometry *coll =
        z.n ? GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, z.v, (unsigned)z.n)
            : GEOSGeom_createEmptyCollection_r(h, GEOS_GEOMETRYCOLLECTION);
    free(z.v);
    if (!coll)
        return GT_GEOS_FAIL(ctx, "collection");
    GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);
    GEOSGeom_destroy_r(h, coll);
    if (!u)
        return GT_GEOS_FAIL(ctx, "union");
    rr->zone = GEOSIntersection_r(h, u, g->study_geom);
    GEOSGeom_destroy_r(h, u);
    return rr->zone ? GT_OK : GT_GEOS_FAIL(ctx, "intersection with the study area");
}

/* A distance rule's column in the parcels table: shared by the rules that
 * measure to the same features, named after the layer (or the rule when
 * two rules on one layer select different classes). */
static void distance_column(site_constraints *c, site_rule *rr)
{
    const gt__rule *rule = rr->a.rule;
    char name[80];
    gt__field_name(name, sizeof name, "d_%s_m", rule->layer);
    for (int k = 0; k < c->n_dcols; k++) {
        const gt__rule *other = c->rules[c->dcols[k].rule].a.rule;
        bool same_feats = !other->classes == !rule->classes;
        for (int i = 0; same_feats && rule->classes && i < rule->n_classes; i++)
            same_feats = i < other->n_classes && !strcmp(rule->classes[i], other->classes[i]);
        if (!strcmp(c->dcols[k].name, name) && same_feats)
            rr->dcol = k;
    }
    if (rr->dcol >= 0)
        return;
    site_dist_col *d = &c->dcols[rr->dcol = c->n_dcols++];
    snprintf(d->name, sizeof d->name, "%s", name);
    for (int k = 0; k < rr->dcol; k++)
        if (!strcmp(c->dcols[k].name, name))
            gt__field_name(d->name, sizeof d->name, "d_%s_m", rule->id);
    d->rule = (int)(rr - c->rules);
}

/* Which parcels of a distance rule need an exact distance (docs/site.md,
 * "Performance"): those whose envelope, widened by the rule's distance,
 * meets a feature's envelope; the others are farther than the distance from
 * every feature, so they do not break the rule, and their d_<layer>_m is
 * left empty. A column shared by several rules settles at the largest of
 * their distances, so that every rule on it reads the same values; a column
 * that orders ties (tie_break) is measured for every parcel. */
static void settle_distances(const gt_scenario *s, site_constraints *c)
{
    for (int i = 0; i < c->n_rules; i++) {
        site_rule *rr = &c->rules[i];
        rr->settle_m = NAN;
        if (!rr->a.applied || rr->a.rule->kind != GT__RULE_DISTANCE || rr->dcol < 0)
            continue;
        bool ties = false;
        for (int k = 0; k < s->n_tie_keys; k++)
            ties |= !strcmp(s->tie_keys[k], c->dcols[rr->dcol].name);
        if (ties)
            continue;
        double d = 0;
        for (int k = 0; k < c->n_rules; k++)
            if (c->rules[k].a.applied && c->rules[k].dcol == rr->dcol &&
                c->rules[k].a.rule->kind == GT__RULE_DISTANCE)
                d = fmax(d, c->rules[k].a.rule->min_distance_m);
        rr->settle_m = d;
    }
}

/* The vector rules' zones are independent (buffers, their union, the clip
 * to the study area: GEOS only), so workers make them at once, one rule at
 * a time each, largest layer first, each worker with its own context. */
typedef struct zone_job {
    const site_grid *g;
    site_rule *rules;
    const int *order; /* rules to make, largest first */
    int n;
    int next;       /* next entry of order (atomic) */
    gt_status *st;  /* per rule */
    char **msg;     /* per rule: the worker's message (owned) */
} zone_job;

static void zone_worker(int w0, int w1, void *arg)
{
    (void)w0, (void)w1;
    zone_job *j = arg;
    gt_context *wctx = gt_context_create();
    if (wctx)
        gt_context_set_threads(wctx, 1);
    for (;;) {
        int k = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
        if (k >= j->n)
            break;
        int i = j->order[k];
        gt_status st = wctx ? vector_zone(wctx, j->g, &j->rules[i]) : GT_ERR_NOMEM;
        if (st) {
            j->st[i] = st;
            j->msg[i] = strdup(wctx ? gt_context_errmsg(wctx) : "out of memory for a worker");
            if (wctx)
                gt__error_clear(wctx);
        }
    }
    gt_context_destroy(wctx);
}

/* The zones of the vector rules among rules[0, n): returns the first
 * failure in rule order, with its message. */
static gt_status vector_zones(gt_context *ctx, const site_grid *g, site_rule *rules, int n)
{
    int *order = gt__calloc(ctx, (size_t)n + 1, sizeof *order);
    gt_status *sts = gt__calloc(ctx, (size_t)n + 1, sizeof *sts);
    char **msg = gt__calloc(ctx, (size_t)n + 1, sizeof *msg);
    if (!order || !sts || !msg) {
        free(order);
        free(sts);
        free(msg);
        return gt_context_status(ctx);
    }
    /* GEOS computes envelopes on first use: here, before workers share the
     * features and the study area. */
    GEOSContextHandle_t h = gt__geos(ctx);
    double v;
    GEOSGeom_getXMin_r(h, g->study_geom, &v);
    int m = 0;
    for (int i = 0; i < n; i++) {
        site_rule *rr = &rules[i];
        if (!rr->a.applied || rr->a.rule->kind == GT__RULE_MAX_SLOPE)
            continue;
        for (int k = 0; k < rr->feats->n; k++)
            GEOSGeom_getXMin_r(h, rr->feats->geoms[k], &v);
        order[m++] = i;
    }
    /* Largest layer first (a handful of rules: insertion sort). */
    for (int a = 1; a < m; a++)
        for (int b = a; b > 0 && rules[order[b]].feats->n > rules[order[b - 1]].feats->n; b--) {
            int tmp = order[b];
            order[b] = order[b - 1];
            order[b - 1] = tmp;
        }
    zone_job job = {g, rules, order, m, 0, sts, msg};
    int t = gt_context_threads(ctx);
    gt__parallel_for(ctx, t < m ? t : m, zone_worker, &job);
    gt_status st = GT_OK;
    for (int i = 0; i < n && !st; i++)
        if (sts[i])
            st = gt__error(ctx, sts[i], "%s", msg[i] ? msg[i] : "out of memory");
    for (int i = 0; i < n; i++)
        free(msg[i]);
    free(order);
    free(sts);
    free(msg);
    return st;
}

gt_status gt__site_constraints_compute(gt_context *ctx, const gt_scenario *s,
                                       const site_config *cfg, const site_grid *g,
                                       const site_layers *in, const site_surface *surf,
                                       const gt__progress *prog, site_constraints *c)
{
    memset(c, 0, sizeof *c);
    c->rules = gt__calloc(ctx, (size_t)cfg->n_active + 1, sizeof *c->rules);
    c->dcols = gt__calloc(ctx, (size_t)cfg->n_active + 1, sizeof *c->dcols);
    c->mask = gt__calloc(ctx, g->ncell, 1);
    if (!c->rules || !c->dcols || !c->mask)
        return gt_context_status(ctx);
    /* Each rule's features (and the slope zones), in order, up to the
     * first failure; then the vector zones of those rules on all threads;
     * then, in order, each zone burnt into the mask. */
    gt_status first = GT_OK;
    for (int i = 0; i < cfg->n_active && !first; i++) {
        site_rule *rr = &c->rules[c->n_rules++];
        rr->a = cfg->active[i];
        rr->dcol = -1;
        if (!rr->a.applied)
            continue;
        first = rr->a.rule->kind == GT__RULE_MAX_SLOPE ? slope_zone(ctx, s, g, surf, c, rr)
                                                       : rule_features(ctx, s, in, rr);
    }
    /* The rule that failed, if any, is the last one made; its message stays
     * unless a zone before it fails. */
    int n_ok = first ? c->n_rules - 1 : c->n_rules;
    gt_status st = vector_zones(ctx, g, c->rules, n_ok);
    if (st)
        return st;
    for (int i = 0; i < n_ok; i++) {
        site_rule *rr = &c->rules[i];
        if (!rr->a.applied)
            continue;
        const gt__rule *rule = rr->a.rule;
        st = gt__rasterize(ctx, &g->grid, &rr->zone, 1, NULL, GDT_Byte, false, c->mask);
        if (st)
            return st;
        if (rule->kind == GT__RULE_DISTANCE)
            distance_column(c, rr);
        double area = 0;
        GEOSArea_r(gt__geos(ctx), rr->zone, &area);
        snprintf(rr->a.note, sizeof rr->a.note, "applied: %d features, %.1f ha excluded",
                 rule->kind == GT__RULE_MAX_SLOPE ? 0 : rr->feats->n, area / 1e4);
        if (!gt__site_progress(ctx, prog, 0.6, 0.8, (i + 1.0) / cfg->n_active,
                               "applying constraints"))
            return gt_context_status(ctx);
    }
    if (first)
        return first;
    settle_distances(s, c);
    return GT_OK;
}

double *gt__rule_answers(gt_context *ctx, const site_constraints *c, const site_layers *in)
{
    size_t nr = (size_t)(c->n_rules ? c->n_rules : 1);
    double *found = gt__malloc(ctx, (size_t)(in->np ? in->np : 1) * nr * sizeof(double));
    gt_status st = found ? GT_OK : gt_context_status(ctx);
    for (int i = 0; !st && i < c->n_rules; i++) {
        const site_rule *rr = &c->rules[i];
        if (!rr->a.applied)
            continue;
        if (rr->a.rule->kind == GT__RULE_DISTANCE)
            st = gt__nearest_beyond_many(ctx, rr->feats, in->parcels->geoms, in->np, rr->settle_m,
                                         found + i, nr);
        else if (rr->a.rule->kind == GT__RULE_INSIDE)
            st = gt__overlaps_many(ctx, rr->feats, in->parcels->geoms, in->np, found + i, nr);
        else
            for (int p = 0; p < in->np; p++)
                found[(size_t)p * nr + i] = NAN;
    }
    if (st) {
        free(found);
        return NULL;
    }
    return found;
}

void gt__site_constraints_free(gt_context *ctx, site_constraints *c)
{
    for (int i = 0; i < c->n_rules; i++) {
        gt__index_destroy(ctx, c->rules[i].ix);
        gt__features_free(ctx, c->rules[i].subset);
        if (c->rules[i].zone)
            GEOSGeom_destroy_r(gt__geos(ctx), c->rules[i].zone);
    }
    free(c->rules);
    free(c->dcols);
    free(c->mask);
    free(c->slope);
    memset(c, 0, sizeof *c);
}
