/*
 * site_stages.h: the stages of `gistool site` and the typed results they
 * hand to each other (internal). SPDX-License-Identifier: MIT
 *
 * Each stage reads the results of earlier stages through const pointers and
 * fills one struct of its own, which it allocates and which its free
 * function releases. site.c runs them in order:
 *
 *   site_config (rules, weights) ─► site_grid ─► site_layers (+ parcels)
 *     ─► site_demand ─► site_surface (factors, score) ─► site_constraints
 *     ─► site_parcels ─► site_regions ─► site_sensitivity ─► GeoPackage
 */
#ifndef GT_SITE_STAGES_H
#define GT_SITE_STAGES_H

#include <string.h>

#include "gistool/options.h"
#include "gistool/pipeline.h"

/* Largest padding of the distance grid beyond the study area (see
 * site_surface.c). */
#define GT__SITE_MAX_PAD_M 20000.0

/** The scenario's rules and weights for this run. */
typedef struct site_config {
    gt__profile profile;
    gt__active_rule *active; /* the rules for the facility type */
    int n_active;
    double weights[GT_AHP_MAX_N];
    gt_ahp_result ahp;
    gt__gaps gaps;          /* the run's data gaps (gaps.h), for data_gaps */
    gt_scenario *with_data; /* the scenario without the factors lacking data, or NULL */
} site_config;

/** The study area and the grid over it. */
typedef struct site_grid {
    OGRSpatialReferenceH srs; /* the working CRS */
    gt__features *study;
    GEOSGeometry *study_geom; /* union of the study-area polygons */
    double aoi[4];            /* area of interest: the study area plus a margin */
    gt__grid grid;
    size_t ncell;
    unsigned char *inside; /* 1 inside the study area */
} site_grid;

/** The vector layers, and the parcels among them. */
typedef struct site_layers {
    int n_layers;
    gt__features **layer;  /* per scenario layer; NULL when not loaded */
    gt__features *parcels; /* borrowed from `layer`; NULL without a parcel layer */
    int np;
} site_layers;

/** Required area from the demand block (docs/site.md). */
typedef struct site_demand {
    double population, tonnes, required_ha;
    gt_size_class size_class;
} site_demand;

/** The standardised factors and their aggregation, unmasked. */
typedef struct site_surface {
    float *fgrid[GT_AHP_MAX_N]; /* standardised factors, NAN outside; kept only
                                   for OWA and the sensitivity analysis */
    float *score;               /* the aggregation of the factors, NAN outside */
    double *f_mean;             /* np x nf: each parcel's mean of each factor */
    float *slope;               /* slope grid when a factor uses it, or NULL */
    bool slope_taken;           /* the slope, made band by band, was taken at the
                                   parcels' sample points (no grid) */
    bool is_suitability;        /* `score` now holds the suitability surface
                                   (S, 0 where excluded, NAN outside; site.c,
                                   before writing) */

    /* Each parcel's sample points and their factor values
     * (site_parcel_values.c), or NULL. */
    struct gt__psample *samples;
    gt__gaps haul_gaps;         /* cells a haul factor could not reach (site_haul.c) */
} site_surface;

/** A rule as applied in this run. */
typedef struct site_rule {
    gt__active_rule a;
    const gt__features *feats; /* the layer's features, or `subset` */
    gt__features *subset;      /* owned: the features of the rule's classes */
    gt__index *ix;
    GEOSGeometry *zone; /* clipped to the study area */
    int dcol;           /* distance column, -1 for none */
    /* A distance rule: a parcel whose envelope, widened by this, meets no
     * feature's envelope is settled as farther than the rule's distance and
     * gets no exact distance (NAN: every parcel is measured). */
    double settle_m;
} site_rule;

/** A distance column of the parcels table. */
typedef struct site_dist_col {
    char name[80]; /* d_<layer>_m */
    int rule;      /* first rule that uses it */
} site_dist_col;

/** The constraint zones and the mask they burn. */
typedef struct site_constraints {
    site_rule *rules;
    int n_rules;
    site_dist_col *dcols;
    int n_dcols;
    unsigned char *mask; /* 1 where a constraint excludes */
    float *slope;        /* slope grid computed for a max_slope rule when no factor needed one */
    bool slope_taken;    /* as site_surface's, by a max_slope rule */
} site_constraints;

/** Per parcel: zonal means, exact rule checks and rank. */
typedef struct site_parcels {
    int np, n_dcols;
    double *area_m2;
    double *score_mean, *score_min, *score_max, *excl_share, *slope_mean;
    double *dist;    /* np x n_dcols */
    int *first_rule; /* -1: not excluded */
    double *first_dist;
    char **violations;
    int *rank; /* 0: not ranked */
    /* Ties (site_parcels.c): the rule from `tie_break:`, each parcel's
     * values of its keys (np x tie.n_keys), and the first rank of the
     * parcel's tie group (0: not tied). */
    gt__tie_rule tie;
    double *tie_cols;
    int *tie_group;
} site_parcels;

/** A contiguous candidate region. */
typedef struct site_region {
    GEOSGeometry *geom;
    double area_ha, mean, min, compactness, dist_road_m;
    int64_t cells;
    int rank;
} site_region;

typedef struct site_regions {
    double min_area_ha;
    int n;
    site_region *region;
} site_regions;

/** How ranks and cell scores move when the weights change. */
typedef struct site_sensitivity {
    int *rank_best, *rank_worst, *topk_mc, *topk_oat;
    double *mc_sum, *mc_sum2; /* per parcel score over the Monte Carlo runs */
    float *cv;
    int n_oat_runs, n_mc_runs;
    gt__reversal *reversals; /* at most GT__REVERSALS_MAX */
    int n_reversals;
} site_sensitivity;

enum {
    GT__TIME_LOAD,
    GT__TIME_FACTORS,
    GT__TIME_CONSTRAINTS,
    GT__TIME_PARCELS,
    GT__TIME_WRITE,
    GT__TIME_N
};

/** Everything one run has computed, for the writers. */
typedef struct site_run {
    const gt_scenario *s;
    const gt_site_options *o;
    bool sens;
    site_config cfg;
    site_grid grid;
    site_layers in;
    site_demand demand;
    site_surface surf;
    site_constraints cons;
    site_parcels parcels;
    site_regions regions;
    site_sensitivity sa;
    double timing[GT__TIME_N];
} site_run;

/* Helpers shared by the stages. */

static inline int gt__site_layer_index(const gt_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_layers; i++)
        if (!strcmp(s->layers[i].name, name))
            return i;
    return -1;
}

/** Report progress `done` of the part [lo, hi] of the run's bar. */
static inline bool gt__site_progress(gt_context *ctx, const gt__progress *prog, double lo,
                                     double hi, double done, const char *msg)
{
    gt__progress p = gt__progress_sub(prog, lo, hi);
    return gt__progress_report(ctx, &p, done, msg);
}

/** The slope grid of the run: the factors', else the constraints', else
 *  NULL (also when the slope was made band by band: then the parcels' slope
 *  was taken at their points, gt__psample_slope_means). */
static inline const float *gt__site_slope(const site_surface *surf, const site_constraints *cons)
{
    return surf->slope ? surf->slope : cons->slope;
}

/* site_inputs.c */
/** A worker's log (its own context's handler, arg a gt__sbuf) kept for
 *  the calling thread, which passes it on to the run's log in the
 *  worker's order with gt__site_pass_log. */
void gt__site_keep_log(gt_log_level level, const char *msg, void *arg);
void gt__site_pass_log(gt_context *ctx, const gt__sbuf *b);
gt_status gt__site_grid_setup(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                              site_grid *out);
void gt__site_grid_free(gt_context *ctx, site_grid *g);
gt_status gt__site_layers_load(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                               const site_grid *grid, const gt__progress *prog, site_layers *out);
void gt__site_layers_free(gt_context *ctx, site_layers *in);
/** The data gaps of the loaded run: rules without their layer, layers
 *  with no features, factors without data (left out, weights renormalised
 *  into cfg->weights and cfg->with_data); logged, and refused under
 *  `on_missing: fail`. */
gt_status gt__site_data_gaps(gt_context *ctx, const gt_scenario *s, site_config *cfg,
                             const site_layers *in);

/* site_surface.c */
/** Called with the slope's rows r0 .. r1 - 1 (row r0 at `rows`), which it
 *  may overwrite. */
typedef void (*gt__slope_rows_fn)(int r0, int r1, float *rows, void *arg);
/** The slope (Horn, percent) of DEM layer `layer` over the grid, made band
 *  by band of `band_rows` rows (no grid of the DEM or the slope), each band
 *  handed to `fn` in row order with the values of the DEM resampled and
 *  sloped whole; the parcels' points in `ps` take their slope on the way
 *  when it wants them (gt__psample_slope_wanted). */
gt_status gt__site_slope_bands(gt_context *ctx, const gt_scenario *s, const site_grid *grid,
                               const char *layer, int band_rows, struct gt__psample *ps,
                               bool keep_points, gt__slope_rows_fn fn, void *arg);
gt_status gt__site_aggregate(gt_context *ctx, const gt_scenario *s, const float *const *fgrid,
                             const double *weights, size_t ncell, float *out);
gt_status gt__site_surface_compute(gt_context *ctx, const gt_scenario *s, const site_config *cfg,
                                   const site_grid *grid, const site_layers *in, bool keep_factors,
                                   const gt__progress *prog, site_surface *out);
void gt__site_surface_free(site_surface *surf);
gt_status gt__site_constraints_compute(gt_context *ctx, const gt_scenario *s,
                                       const site_config *cfg, const site_grid *grid,
                                       const site_layers *in, const site_surface *surf,
                                       const gt__progress *prog, site_constraints *out);
void gt__site_constraints_free(gt_context *ctx, site_constraints *c);
/* Each applied rule's exact answer for each parcel, computed on all threads
 * (found[p * n_rules + i]): the distance to the nearest feature for a
 * distance rule, the lowest index of an overlapping feature (-1 for none)
 * for an `inside` rule, NAN otherwise. NULL on error. Caller frees. */
double *gt__rule_answers(gt_context *ctx, const site_constraints *c, const site_layers *in);

/* site_parcels.c */
gt_status gt__site_rank_parcels(gt_context *ctx, const site_layers *in, const double *score,
                                const site_parcels *pc, int *rank, int *tie_group);
gt_status gt__site_parcels_evaluate(gt_context *ctx, const gt_scenario *s, const site_grid *grid,
                                    const site_layers *in, const site_surface *surf,
                                    const site_constraints *cons, const gt__progress *prog,
                                    site_parcels *out);
void gt__site_parcels_free(site_parcels *p);

/* site_parcel_values.c: each parcel's factor values and score from sample
 * points fixed in longitude/latitude, the same in any working CRS
 * (docs/site.md "Parcel values"). */
typedef struct gt__psample gt__psample;
/** The parcels' sample points; `weights` (nf) are kept for the score. */
gt_status gt__psample_create(gt_context *ctx, const site_grid *grid, const site_layers *in,
                             const double *weights, int nf, gt__psample **out);
void gt__psample_free(gt__psample *ps);
/** Each parcel's area (m2) on the WGS 84 ellipsoid, from the vertices its
 *  points were laid out from (those of layers/geodesic.c: the same
 *  transformation and the same geod_polygonarea, so the same figures). */
const double *gt__psample_areas(const gt__psample *ps);
/** Factor i at every point (exact distance, class, or bilinear from `raw`,
 *  the unstandardised slope, else from `standardised`), and each parcel's
 *  mean into f_mean[p * nf + i]. */
gt_status gt__psample_factor(gt_context *ctx, gt__psample *ps, const gt_scenario *s,
                             const site_grid *grid, const site_layers *in, int i, const float *raw,
                             const float *standardised, double *f_mean);
/** Each parcel's mean, min and max of its points' scores, aggregated with
 *  `weights` (NULL: the run's). */
gt_status gt__psample_scores(gt_context *ctx, const gt__psample *ps, const gt_scenario *s,
                             const double *weights, double *mean, double *min, double *max);
/** Each parcel's mean of a grid bilinearly interpolated at its points. */
void gt__psample_grid_mean(const gt__psample *ps, const site_grid *grid, const float *values,
                           double *mean);
/** Each parcel's mean slope, when it was taken band by band (below): true
 *  and the means in `mean`; false (mean untouched) when it was not. */
bool gt__psample_slope_means(const gt__psample *ps, double *mean);
/** The slope taken at the points band by band, as it is made (no slope
 *  grid): wanted while the points hold no slope; begin sorts the points by row; take
 *  gives the slope's rows r0 .. r1 (and row r1 when below r1 is a grid
 *  row: bilinear reads the next row), row r0 at `rows`, to the points on
 *  the threads of `ctx` (begin's sort too); end makes each
 *  parcel's mean (the same sums as gt__psample_grid_mean over a grid) and
 *  keeps each point's value for the slope factor's column if asked. */
bool gt__psample_slope_wanted(const gt__psample *ps);
gt_status gt__psample_slope_begin(gt_context *ctx, gt__psample *ps, const site_grid *grid);
void gt__psample_slope_take(gt_context *ctx, gt__psample *ps, const site_grid *grid,
                            const float *rows, int r0, int r1);
gt_status gt__psample_slope_end(gt_context *ctx, gt__psample *ps, bool keep_points);

/* site_regions.c */
gt_status gt__site_demand_compute(gt_context *ctx, const gt_scenario *s, const site_layers *in,
                                  site_demand *out);
gt_status gt__site_regions_compute(gt_context *ctx, const gt_scenario *s, const site_grid *grid,
                                   const site_layers *in, const site_surface *surf,
                                   const site_constraints *cons, const site_demand *demand,
                                   site_regions *out);
void gt__site_regions_free(gt_context *ctx, site_regions *r);

/* site_sensitivity.c */
gt_status gt__site_sensitivity_compute(gt_context *ctx, const gt_scenario *s,
                                       const site_config *cfg, const site_grid *grid,
                                       const site_layers *in, const site_surface *surf,
                                       const site_constraints *cons, const site_parcels *parcels,
                                       const gt__progress *prog, site_sensitivity *out);
void gt__site_sensitivity_free(site_sensitivity *sa);

/* site_haul.c: the haul factor (docs/site.md). */
/** Each cell's haul from the demand on the road network (t-km a day, or
 *  minutes), INFINITY where no road is within reach; gaps on `gaps`. */
gt_status gt__site_haul_measure(gt_context *ctx, const gt_scenario *s, const site_grid *grid,
                                const site_layers *in, const gt__factor *fac, gt__gaps *gaps,
                                float *out);
/** Does a haul factor read `layer` (its demand)? */
bool gt__haul_factor_uses(const gt__factor *f, const char *layer);
/** Append the gaps of `from` to `into`, and free `from`. */
gt_status gt__site_haul_gaps_merge(gt_context *ctx, gt__gaps *into, gt__gaps *from);

/* site_write.c */
gt_status gt__site_write(gt_context *ctx, const site_run *r, const char *path);

#endif
