/*
 * internal.h: declarations shared between libgistool's files (gt__ prefix).
 * Never installed; not API. SPDX-License-Identifier: MIT
 */
#ifndef GT_INTERNAL_H
#define GT_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>

#include "gistool.h"

/* The context's fields are private to algorithms/context.c. */

/** A context with no I/O state (gt_context_create() adds the GEOS handle). */
gt_context *gt__context_new(void);
/** The I/O layer's per-context state: the context owns `io` and calls
 *  destroy(io) from gt_context_destroy(). */
void gt__context_set_io(gt_context *ctx, void *io, void (*destroy)(void *io));
void *gt__context_io(const gt_context *ctx);

/** Set the context's error and return `status` (so `return gt__error(...)`). */
gt_status gt__error(gt_context *ctx, gt_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** Prefix the current message: "<prefix>: <old message>". */
void gt__error_prefix(gt_context *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gt__log(gt_context *ctx, gt_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** Append to the current message. */
void gt__error_suffix(gt_context *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Keep the current message under another status; returns `status`. */
gt_status gt__error_recode(gt_context *ctx, gt_status status);
/** Forget the last error (a run starts clean). */
void gt__error_clear(gt_context *ctx);

/* Checked allocation: returns NULL and sets GT_ERR_NOMEM on failure. */
void *gt__malloc(gt_context *ctx, size_t size);
void *gt__calloc(gt_context *ctx, size_t n, size_t size);
char *gt__strdup(gt_context *ctx, const char *s);
char *gt__asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Scaled progress (GDALCreateScaledProgress without GDAL): maps [0,1] of a
 * stage onto [lo,hi] of the parent bar. */
typedef struct gt__progress {
    gt_progress_fn fn;
    void *arg;
    double lo, hi;
} gt__progress;
/** Report `done` in [0,1] of a stage; false when the user cancelled (the
 *  context then holds GT_ERR_CANCELLED). */
bool gt__progress_report(gt_context *ctx, const gt__progress *p, double done, const char *msg);
gt__progress gt__progress_sub(const gt__progress *p, double lo, double hi);

/* Run fn(i, arg) for i in [0, n) over the context's threads; each worker
 * gets a contiguous block. Returns false if a thread could not start (the
 * work is then done on the calling thread, so the result is the same). */
typedef void (*gt__range_fn)(int begin, int end, void *arg);
void gt__parallel_for(gt_context *ctx, int n, gt__range_fn fn, void *arg);

/* The aggregation one factor at a time (aggregate.c): gt_wlc and gt_wpm are
 * these over all factors, starting from 0 (sum) or 1 (product). A pipeline
 * that makes its factors one by one adds each as it is made, so it holds one
 * factor grid, not all of them. acc[k] += w f[k] in float: */
void gt__wlc_add(gt_context *ctx, double w, const float *f, size_t count, float *acc);
/* acc[k] *= f[k]^w in float; a zero weight leaves acc, but NoData in f makes
 * the cell NoData: */
void gt__wpm_mul(gt_context *ctx, double w, const float *f, size_t count, float *acc);
/* The same for `count` cells on the calling thread: acc += w f (WLC) or
 * acc *= f^w (WPM, `product`), as gt__wlc_add and gt__wpm_mul do. */
void gt__agg_cells(bool product, double w, const float *f, size_t count, float *acc);

/* The ranking rule (ranking.c): best first by key[0], key[1], key[2], each
 * descending, then id ascending (byte order). Keys must not be NAN (callers
 * leave unrankable items out or map NAN to a value); unused keys are 0. */
#define GT__RANK_KEYS 3
typedef struct gt__rank_item {
    double key[GT__RANK_KEYS];
    const char *id; /* borrowed */
    int index;      /* the caller's index of the item */
} gt__rank_item;
/** Sort items best first; when rank_out is not NULL, rank_out[items[i].index]
 *  = i + 1 (entries of items left out are not touched). */
void gt__rank_items(gt__rank_item *items, int n, int *rank_out);

/* Ranking with ties (ranking.c; docs/site.md "Ties"): scores are compared
 * rounded to the nearest multiple of `precision` (half up), so scores equal
 * to that precision tie; ties are broken by the rule's keys in order, then
 * by id ascending (byte order). A key is a column of the item's `cols`
 * (NAN last in either direction) or GT__TIE_ID. */
#define GT__TIE_MAX_KEYS 4
#define GT__TIE_ID (-1)
typedef struct gt__tie_key {
    int column; /* index into an item's cols, or GT__TIE_ID */
    bool desc;
} gt__tie_key;
typedef struct gt__tie_rule {
    double precision; /* > 0 */
    int n_keys;
    gt__tie_key key[GT__TIE_MAX_KEYS];
} gt__tie_rule;
typedef struct gt__tie_item {
    double score;       /* not NAN: leave unscored items out */
    const double *cols; /* the item's columns for the keys (borrowed; NULL without) */
    const char *id;     /* borrowed */
    int index;          /* the caller's index of the item */
} gt__tie_item;
/** The score as ordered: round(score / precision), half up. */
double gt__tie_quantum(double score, double precision);
/** Sort items best first (a stable merge sort; allocates n items). When not
 *  NULL, rank_out[index] = position + 1 and tie_out[index] = the rank of
 *  the first item of its tie group when the group holds more than one item,
 *  0 otherwise (entries of items left out are not touched). */
gt_status gt__rank_ties(gt_context *ctx, const gt__tie_rule *rule, gt__tie_item *items, int n,
                        int *rank_out, int *tie_out);

/* Candidate regions of a site's size (regions.c; docs/methodology.md
 * "Candidate regions"): seeded region growing from score peaks. The best
 * cell not yet taken seeds a region, which takes, one at a time, its best
 * neighbouring cell (higher score first; equal scores: nearer the seed,
 * then lower index) until its area reaches `target`; every cell is taken
 * once. With precision > 0 the scores are compared rounded to it (half
 * up), as parcels' are, so a region grows compactly over cells of equal
 * score. A region that runs out of cells below `min_area` is dropped (its
 * cells stay untaken by others: they were all it could reach). Eligible
 * cells: mask != 0 and score not NAN. col_area[c] is the area of a cell of
 * column c (NULL: 1 each). labels get 0 or 1..*n, numbered in seed order
 * (best seed first). */
gt_status gt__regions_grow(gt_context *ctx, const float *score, double precision,
                           const unsigned char *mask, int w, int h, int connectivity,
                           const double *col_area, double target, double min_area,
                           int32_t *labels, int32_t *n_regions);

/* Seeded random numbers (random.c): xoshiro256**, the same sequence on
 * every platform for a seed. */
typedef struct gt__rng {
    uint64_t s[4];
} gt__rng;
void gt__rng_seed(gt__rng *r, uint64_t seed);
uint64_t gt__rng_next(gt__rng *r);
double gt__rng_uniform(gt__rng *r); /* (0, 1) */
double gt__rng_normal(gt__rng *r);
double gt__rng_gamma(gt__rng *r, double alpha);
/** A Dirichlet(alpha) draw: n weights summing to 1. */
void gt__rng_dirichlet(gt__rng *r, int n, const double *alpha, double *out);

/* A growing string for building reports and styles; on allocation failure
 * `nomem` is set and further additions are ignored. Free s with free(). */
typedef struct gt__sbuf {
    char *s;
    size_t len, cap;
    bool nomem;
} gt__sbuf;
void gt__sbuf_add(gt__sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Monotonic clock in seconds. */
double gt__now(void);

/* The suitability surface (suitability.c): the aggregated score where no
 * constraint excludes, 0 where one does, NAN outside the study area. */
void gt__suitability(size_t count, const unsigned char *inside, const unsigned char *mask,
                     const float *score, float *out);

/* Weight sensitivity (sensitivity.c; docs/sensitivity.md). */

/** One-at-a-time re-weighting: w_k' = w_k (1 + step) clipped to [0, 1], the
 *  other weights rescaled in proportion so that they still sum to 1. */
void gt__oat_weights(int n, const double *base, int k, double step, double *out);
/** Dirichlet parameters centred on the base weights:
 *  alpha_i = max(concentration x n x w_i, 0.5). */
void gt__mc_alpha(int n, const double *base, double concentration, double *alpha);
/** One Monte Carlo weight vector: a Dirichlet(alpha) draw, renormalised so
 *  that it sums to 1 exactly as the aggregation checks it. */
void gt__mc_weights(gt__rng *rng, int n, const double *alpha, double *out);
/** Welford's running mean and sum of squared deviations, cell by cell, for
 *  the run numbered `run` (from 0); cells with valid[k] == 0 get mean NAN. */
void gt__welford_add(size_t count, const float *x, const unsigned char *valid, int run,
                     double *mean, double *m2);
/** Coefficient of variation sd / |mean| after `runs` runs (sample sd); NAN
 *  where the mean is NAN or 0, or with fewer than two runs. */
void gt__welford_cv(size_t count, const double *mean, const double *m2, int runs, float *cv);
/** Update each ranked item's best and worst rank and count it when it is in
 *  the top k (rank 0: not ranked, not counted). */
void gt__rank_track(int n, const int *rank, int top_k, int *best, int *worst, int *in_top_k);
/** Share of `runs` runs, NAN for none. */
double gt__run_share(int count, int runs);

/* Most rank reversals kept from a sensitivity analysis. */
#define GT__REVERSALS_MAX 1000
/** Two items of the base top k whose order a re-weighting reverses. */
typedef struct gt__reversal {
    int change; /* which re-weighting, numbered by the caller */
    int a, b;   /* item indexes: a ranked before b in the base */
    int base_a, base_b, rank_a, rank_b;
} gt__reversal;
/** Append to out[*n_out] (up to `cap` in all) every pair (a, b) with base
 *  ranks base_a < base_b <= top_k that `rank` orders b before a or ties
 *  (items unranked in either are skipped); scans a, then b, in index order. */
void gt__rank_reversals(int n, const int *base, const int *rank, int top_k, int change,
                        gt__reversal *out, int *n_out, int cap);

/* Source-pathway-receptor screening of one landfill (spr.c): the typed
 * risk profile, one site's inputs and its result. The profile is read from
 * YAML by gistool/profile.c; everything here is arithmetic on it. */

/** The inventory's categorical attributes, each with a fixed list of values
 *  (docs/rank.md); the profile's defaults are indexed by these. */
typedef enum gt__spr_category {
    GT__CATEGORY_TYPE,
    GT__CATEGORY_STATUS,
    GT__CATEGORY_WASTE,
    GT__CATEGORY_LINER,
    GT__CATEGORY_COVER,
    GT__CATEGORY_LEACHATE,
    GT__CATEGORY_BURNING,
    GT__N_CATEGORIES
} gt__spr_category;
/** The values of a category, NULL-terminated, in the order of its enum
 *  (gt__landfill_type, gt__landfill_status) or of the profile's docs. */
const char *const *gt__spr_category_values(gt__spr_category c);
/** The attribute's name in the inventory and the profile ("waste_type"). */
const char *gt__spr_category_name(gt__spr_category c);
/** Index of `value` (case-insensitive) in the category's list, or -1. */
int gt__spr_category_index(gt__spr_category c, const char *value);

typedef enum gt__landfill_type {
    GT__UNSANITARY_LANDFILL,
    GT__SPONTANEOUS_DUMP,
    GT__SANITARY_LANDFILL
} gt__landfill_type;
typedef enum gt__landfill_status {
    GT__STATUS_OPERATING,
    GT__STATUS_CLOSED,
    GT__STATUS_REMEDIATING,
    GT__STATUS_REMEDIATED
} gt__landfill_status;
typedef enum gt__spr_linkage {
    GT__LINK_LEACHATE_GROUNDWATER,
    GT__LINK_LEACHATE_SURFACE_WATER,
    GT__LINK_GAS_RESIDENTS,
    GT__LINK_BURNING_RESIDENTS,
    GT__N_LINKS
} gt__spr_linkage;
typedef enum gt__remediation_option {
    GT__OPTION_NONE,
    GT__OPTION_EXCAVATE_RELOCATE,
    GT__OPTION_CLOSE_CAP,
    GT__OPTION_UPGRADE_SANITARY
} gt__remediation_option;
/** "leachate_groundwater", ...; "excavate_relocate", ... */
const char *gt__spr_linkage_name(gt__spr_linkage l);
const char *gt__remediation_option_name(gt__remediation_option o);

#define GT__SPR_MAX_ROWS 8
#define GT__SPR_MAX_BANDS 12
/** A table {value: multiplier}, rows in file order. */
typedef struct gt__spr_rows {
    char *key[GT__SPR_MAX_ROWS];
    double value[GT__SPR_MAX_ROWS];
    int n;
} gt__spr_rows;
/** A banded table [[upper, multiplier], ..., [inf, multiplier]]. */
typedef struct gt__spr_bands {
    gt_band band[GT__SPR_MAX_BANDS];
    int n;
} gt__spr_bands;

typedef struct gt__spr_profile {
    char *id, *title, *path; /* path names the profile in messages */
    double high_min_pct, moderate_min_pct;
    char *default_value[GT__N_CATEGORIES]; /* for a missing attribute */
    double default_depth_m, default_area_ha;
    /* Source multipliers. */
    gt__spr_rows waste, gas_waste, liner, cover, leachate, burning;
    gt__spr_bands volume_m3;
    /* Pathway multipliers. */
    double groundwater_in_flood_zone, groundwater_otherwise, surface_water_in_flood_zone;
    gt__spr_bands surface_water_dist_m, gas_dist_residential_m, burning_dist_residential_m;
    /* Receptor multipliers. */
    gt__spr_bands well_dist_m, protected_dist_m, pop_500m, pop_2km;
    /* Remediation option thresholds. */
    double excavate_max_volume_m3, excavate_near_water_max_volume_m3, water_buffer_m;
    double upgrade_min_volume_m3, upgrade_min_dist_water_m;
    /* Unit costs, in `currency`. */
    char *currency;
    double cost_excavate_per_m3, cost_cap_per_ha, cost_upgrade_per_ha;
} gt__spr_profile;

/** The multiplier of a table's row (case-insensitive, first match), or
 *  NULL when the table has no such row. */
const double *gt__spr_row(const gt__spr_rows *t, const char *key);
/** The largest multiplier of a banded table: what an unknown distance or
 *  population scores (the worst case). */
double gt__spr_bands_max(const gt__spr_bands *t);
/** GT_ERR_PROFILE naming the profile and the row when a source table lacks
 *  a row for a value its category allows (scoring would have nothing to
 *  multiply by). */
gt_status gt__spr_profile_check(gt_context *ctx, const gt__spr_profile *p);

/** One site as the model sees it. Categorical values are indices into
 *  gt__spr_category_values(); unknown measures are NAN (in_flood_zone -1),
 *  and score as the worst case. */
typedef struct gt__spr_site_input {
    gt__landfill_type type;
    gt__landfill_status status;
    int waste, liner, cover, leachate, burning;
    double volume_m3, area_ha;
    int in_flood_zone; /* 1, 0, or -1 when unknown */
    double dist_water_m, dist_well_m, dist_protected_m, dist_residential_m;
    double pop_500m, pop_2km;
} gt__spr_site_input;

typedef struct gt__spr_site_result {
    double source_leachate, source_gas, source_burning;
    double pathway_groundwater, pathway_surface_water, pathway_gas, pathway_burning;
    double receptor_wells, receptor_protected, receptor_pop_500m, receptor_pop_2km;
    double linkage_pct[GT__N_LINKS];
    gt__spr_linkage worst;
    double risk_pct; /* the worst linkage */
    gt_risk_class risk_class;
    gt__remediation_option option;
    double cost; /* of the option, in the profile's currency */
} gt__spr_site_result;

/** Score one site against a profile that passed gt__spr_profile_check. */
void gt__spr_score_site(const gt__spr_profile *p, const gt__spr_site_input *in,
                        gt__spr_site_result *out);
/** The remediation option the profile's rules give the site (docs/rank.md). */
gt__remediation_option gt__spr_option(const gt__spr_profile *p, const gt__spr_site_input *in);
/** The option's cost: excavation by volume, capping and upgrading by area. */
double gt__spr_cost(const gt__spr_profile *p, gt__remediation_option o, double volume_m3,
                    double area_ha);

/* Exact EDT (edt.c) with the column pass held in place in `grid` (feature
 * cells nonzero on entry; 16-bit cell counts on return), h < 65535 rows:
 * the distances in metres of the window of ow x oh cells at (c0, r0) into
 * out_m (row stride ow), equal to gt_distance_transform's for those cells. */
gt_status gt__distance_transform_u16(gt_context *ctx, uint16_t *grid, int w, int h, double dx_m,
                                     double dy_m, int c0, int r0, int ow, int oh, float *out_m);
/* Where gt__distance_transform_u16_rows hands each row of the window as it
 * is made: fn(row, distances, arg), row counted in the window, ow values
 * (the calling thread's buffer: fn may change them), from several threads
 * at once (each row once, in no set order). */
typedef struct {
    void (*fn)(int row, float *dist, void *arg);
    void *arg;
} gt__edt_sink;
/* The same, each row handed to `sink` when sink.fn is set (out_m may then be
 * NULL), else written to out_m. */
gt_status gt__distance_transform_u16_rows(gt_context *ctx, uint16_t *grid, int w, int h,
                                          double dx_m, double dy_m, int c0, int r0, int ow, int oh,
                                          float *out_m, gt__edt_sink sink);

#endif
