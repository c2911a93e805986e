/*
 * gistool.h: the one public header of libgistool.
 * SPDX-License-Identifier: MIT
 *
 * If a function, type or constant is not declared in this file, it is not
 * part of the published API of gistool (the rule of SQLite's sqlite.h).
 *
 * Programming notes (read once):
 *  - Every fallible call takes a gt_context first (pure functions that
 *    cannot fail, such as gt_fuzzy_eval, take none). One context per
 *    thread; a context holds the reentrant GEOS handle, the last error,
 *    the log handler and the thread count.
 *  - Fallible functions return gt_status (GT_OK == 0) or NULL. The message
 *    is kept on the context: gt_context_errmsg(). The library never prints
 *    and never exits.
 *  - Every X_create/X_load has an X_destroy; destroy(NULL) is a no-op.
 *    A returned non-const pointer is owned by the caller, who frees it with
 *    the destroyer named in the comment. Inputs are borrowed unless a
 *    comment says "takes ownership".
 *  - Distances are in metres, areas in hectares, slopes in percent, as the
 *    names say (_m, _ha, _pct).
 *  - Progress callbacks have GDAL's exact parameters (GDALProgressFunc), so
 *    they can be handed to GDAL; returning 0 cancels (GT_ERR_CANCELLED).
 */
#ifndef GISTOOL_H
#define GISTOOL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Status codes. Small families so the CLI returns them as exit codes  */
/* (documented in docs/exit-codes.md).                                  */
/* ------------------------------------------------------------------ */
typedef enum gt_status {
    GT_OK = 0,
    GT_ERR_USAGE = 2,             /* bad command line */
    GT_ERR_SCENARIO = 10,         /* scenario YAML: syntax, unknown key, bad value */
    GT_ERR_PROFILE = 11,          /* constraint profile: missing or malformed */
    GT_ERR_INPUT_OPEN = 20,       /* an input file is missing or unreadable */
    GT_ERR_INPUT_LAYER = 21,      /* a named layer does not exist in its source */
    GT_ERR_INPUT_FIELD = 22,      /* a named field is missing or has bad values */
    GT_ERR_INPUT_CRS = 23,        /* a layer has no CRS, or it cannot be transformed */
    GT_ERR_INPUT_EXTENT = 24,     /* empty study area, or a layer outside it */
    GT_ERR_INPUT_GEOMETRY = 25,   /* a geometry could not be read or repaired */
    GT_ERR_DATA_GAPS = 26,        /* data missing, and the scenario says on_missing: fail */
    GT_ERR_REGISTER_RULE = 27,    /* the waste register refused a change that breaks its rules */
    GT_ERR_OUTPUT = 30,           /* an output could not be written */
    GT_ERR_AHP_INCONSISTENT = 40, /* AHP consistency ratio at or above the limit */
    GT_ERR_AHP_MATRIX = 41,       /* AHP matrix not square, not positive, not reciprocal */
    GT_ERR_WEIGHTS = 42,          /* weights missing, negative or not matching the factors */
    GT_ERR_DEPENDENCY = 50,       /* GDAL, GEOS or PROJ reported a failure */
    GT_ERR_CANCELLED = 60,        /* the progress callback asked to stop */
    GT_ERR_NOMEM = 61,            /* out of memory */
    GT_ERR_INTERNAL = 70          /* a bug in gistool */
} gt_status;

/** Short stable name of a status ("GT_ERR_INPUT_CRS"). Never NULL. */
const char *gt_status_name(gt_status status);

/* ------------------------------------------------------------------ */
/* Context, logging, progress                                           */
/* ------------------------------------------------------------------ */
typedef struct gt_context gt_context;

typedef enum gt_log_level {
    GT_LOG_ERROR = 0,
    GT_LOG_WARNING = 1,
    GT_LOG_INFO = 2,
    GT_LOG_DEBUG = 3
} gt_log_level;

typedef void (*gt_log_fn)(gt_log_level level, const char *msg, void *arg);

/** GDAL's GDALProgressFunc parameters. Return 0 to cancel. */
typedef int (*gt_progress_fn)(double complete, const char *msg, void *arg);

/** Create a context. Returns NULL when memory or the GEOS handle cannot
 *  be had. Caller frees with gt_context_destroy(). */
gt_context *gt_context_create(void);
void gt_context_destroy(gt_context *ctx);

/** Last error code and message (an empty string when there was none). The
 *  message is owned by the context and valid until the next failing call. */
gt_status gt_context_status(const gt_context *ctx);
const char *gt_context_errmsg(const gt_context *ctx);

/** Install a log handler (NULL: messages are dropped). */
void gt_context_set_log_handler(gt_context *ctx, gt_log_fn fn, void *arg);
/** Worker threads for the parallel algorithms (default: online CPUs). */
void gt_context_set_threads(gt_context *ctx, int threads);
int gt_context_threads(const gt_context *ctx);

/** gistool's version ("0.1.0"). */
const char *gt_version(void);
/** One line per library: gistool, GDAL, PROJ, GEOS, SpatiaLite, libfyaml,
 *  SQLite. Caller frees with free(). */
char *gt_version_report(void);

/* ------------------------------------------------------------------ */
/* Algorithms on in-memory grids (never open a file)                    */
/* ------------------------------------------------------------------ */

/** Exact Euclidean distance transform (Felzenszwalb & Huttenlocher 2012,
 *  linear time). `features` has w*h bytes, row-major, non-zero marks a
 *  feature cell. Writes into `out_m` (w*h floats) the distance in metres from
 *  each cell centre to the nearest feature cell centre, with cell sizes dx_m
 *  and dy_m (which may differ). Cells with no feature anywhere get INFINITY.
 *  Rows are shared among gt_context_threads() threads. */
gt_status gt_distance_transform(gt_context *ctx, const unsigned char *features, int w, int h,
                                double dx_m, double dy_m, float *out_m);

/** Slope in percent by Horn (1981)'s 3x3 method, as `gdaldem slope -p
 *  -compute_edges`: a neighbour outside the grid or equal to `nodata` (when
 *  has_nodata; NAN always counts as nodata) takes the centre cell's value;
 *  a nodata centre gives NAN. dx_m, dy_m: cell size in metres. */
gt_status gt_slope_horn(gt_context *ctx, const float *dem, int w, int h, double dx_m, double dy_m,
                        int has_nodata, float nodata, float *out_pct);

/** Fuzzy membership shapes: Eastman's FUZZY module and SAGA Fuzzify
 *  (linear, sigmoidal, J-shaped with control points a <= b <= c <= d), QGIS
 *  Fuzzify raster (gaussian, near, large, small with a midpoint f2 and a
 *  spread f1) and a user table of breakpoints. */
typedef enum gt_fuzzy_shape {
    GT_FUZZY_LINEAR = 0,
    GT_FUZZY_SIGMOIDAL = 1,
    GT_FUZZY_JSHAPED = 2,
    GT_FUZZY_GAUSSIAN = 3, /* exp(-f1 (x - f2)^2) */
    GT_FUZZY_NEAR = 4,     /* 1 / (1 + f1 (x - f2)^2) */
    GT_FUZZY_LARGE = 5,    /* 1 / (1 + (x / f2)^-f1); 0 for x <= 0 */
    GT_FUZZY_SMALL = 6,    /* 1 / (1 + (x / f2)^f1); 1 for x <= 0 */
    GT_FUZZY_TABLE = 7     /* piecewise linear through (x_k, mu_k); flat beyond */
} gt_fuzzy_shape;

#define GT_FUZZY_MAX_POINTS 16

/** Control points a <= b <= c <= d for linear, sigmoidal and J-shaped: use
 *  -INFINITY for a and b to get a decreasing function, +INFINITY for c and d
 *  to get an increasing one; mu = 0 outside [a, d], 1 on [b, c]. midpoint
 *  (f2) and spread (f1) for gaussian, near, large and small. n_points
 *  breakpoints (px ascending, py in [0, 1]) for a table. */
typedef struct gt_fuzzy {
    gt_fuzzy_shape shape;
    double a, b, c, d;
    double midpoint, spread;
    int n_points;
    double px[GT_FUZZY_MAX_POINTS], py[GT_FUZZY_MAX_POINTS];
} gt_fuzzy;

/** Checks the parameters of the shape (a <= b <= c <= d with one side
 *  finite; spread > 0 and, for large/small, midpoint > 0; a table of 2 to
 *  16 ascending points with values in [0, 1]). */
gt_status gt_fuzzy_validate(gt_context *ctx, const gt_fuzzy *f);
/** Membership of x, in [0, 1]; NAN for a NAN input. */
double gt_fuzzy_eval(const gt_fuzzy *f, double x);
const char *gt_fuzzy_shape_name(gt_fuzzy_shape shape);

/** Random-index tables for the AHP consistency ratio (the table used is
 *  recorded with every result: three are in use and give different CRs). */
typedef enum gt_ri_table {
    GT_RI_SAATY1980 = 0,   /* Saaty (1980), most GIS papers and codes */
    GT_RI_SAATY2005 = 1,   /* Saaty (2005), ANP book p. 31 */
    GT_RI_DONEGAN_DODD = 2 /* Donegan & Dodd (1991) */
} gt_ri_table;

/** How the weights are derived from the matrix. */
typedef enum gt_ahp_method {
    GT_AHP_EIGEN = 0,    /* principal right eigenvector (Saaty) */
    GT_AHP_GEOMETRIC = 1 /* row geometric mean (RGMM), with the GCI */
} gt_ahp_method;

#define GT_AHP_MAX_N 15
#define GT_AHP_SUGGESTIONS 3

/** A judgment worth revising: a[row][col] and the value the weights imply
 *  (w_row / w_col), with |ln(a w_col / w_row)|, its distance from it. */
typedef struct gt_ahp_suggestion {
    int row, col;
    double value, consistent_value, log_error;
} gt_ahp_suggestion;

typedef struct gt_ahp_result {
    int n;
    double weights[GT_AHP_MAX_N]; /* sum 1 */
    gt_ahp_method method;
    double lambda_max; /* eigen: of A; geometric: mean of (A w)_i / w_i */
    double ci;         /* (lambda_max - n) / (n - 1) */
    double ri;         /* RI(n) of the table used */
    double cr;         /* ci / ri; 0 when n <= 2 */
    gt_ri_table ri_table;
    double gci;       /* geometric consistency index (Aguarón &
                         Moreno-Jiménez 2003); 0 when n <= 2 */
    double gci_limit; /* 0.31 (n = 3), 0.35 (n = 4), 0.37 (n > 4) */
    int iterations;   /* power iterations (eigen) */
    /* The judgments furthest from what the weights imply, worst first
     * (none when the weights reproduce every judgment). */
    int n_suggestions;
    gt_ahp_suggestion suggestions[GT_AHP_SUGGESTIONS];
} gt_ahp_result;

/** Random index RI(n) of a table (n = 1..15; 0 for n <= 2), or NAN when the
 *  table has no value for n. */
double gt_ahp_random_index(gt_ri_table table, int n);
const char *gt_ri_table_name(gt_ri_table table);
/** "saaty1980", "saaty2005", "donegan-dodd": GT_OK or GT_ERR_USAGE. */
gt_status gt_ri_table_from_name(gt_context *ctx, const char *name, gt_ri_table *out);
const char *gt_ahp_method_name(gt_ahp_method method);
/** "eigen" or "geometric": GT_OK or GT_ERR_USAGE. */
gt_status gt_ahp_method_from_name(gt_context *ctx, const char *name, gt_ahp_method *out);

/** AHP weights of an n x n pairwise matrix (row-major; a[i*n+j] = how much
 *  more important criterion i is than j). Checks that entries are positive,
 *  the diagonal is 1 and a[j][i] = 1/a[i][j] within a relative tolerance of
 *  2 % (GT_ERR_AHP_MATRIX names the cell otherwise). Does not judge the
 *  consistency: the caller compares out->cr (or out->gci) with its limit. */
gt_status gt_ahp_compute(gt_context *ctx, int n, const double *matrix, gt_ahp_method method,
                         gt_ri_table table, gt_ahp_result *out);
/** gt_ahp_compute with the eigenvector method. */
gt_status gt_ahp_weights(gt_context *ctx, int n, const double *matrix, gt_ri_table table,
                         gt_ahp_result *out);
/** Group judgment: the element-wise geometric mean of k experts' n x n
 *  matrices (AIJ; reciprocal when the inputs are). */
gt_status gt_ahp_group(gt_context *ctx, int n, int k, const double *const *matrices, double *out);

/** Weighted linear combination S = sum_i w_i x_i over `count` cells of n
 *  factor arrays. A cell that is NAN in any factor is NAN in the result.
 *  Weights must be >= 0 and sum to 1 (within 1e-9). */
gt_status gt_wlc(gt_context *ctx, int n, const float *const *factors, const double *weights,
                 size_t count, float *out);

/** Weighted product S = prod_i x_i^w_i (a factor at 0 gives 0: no
 *  compensation). NAN rule and weights as gt_wlc. */
gt_status gt_wpm(gt_context *ctx, int n, const float *const *factors, const double *weights,
                 size_t count, float *out);

/** Ordered weighted average with criterion weights u (Yager 1988; the
 *  weighted OWA of Malczewski 2006, as in IDRISI/TerrSet): per cell, sort
 *  the values descending z(1) >= ... >= z(n), carrying their weights u(j),
 *  and S = sum_j u(j) v_j z(j) / sum_j u(j) v_j. v = (1/n, ...) gives WLC,
 *  (1, 0, ..., 0) the maximum, (0, ..., 0, 1) the minimum. Order weights
 *  must be >= 0 and sum to 1. NAN rule as gt_wlc. */
gt_status gt_owa(gt_context *ctx, int n, const float *const *factors, const double *weights,
                 const double *order_weights, size_t count, float *out);

/** ORness = sum_j (n - j) v_j / (n - 1) (j = 1 for the largest value; 1 =
 *  OR/max, 0 = AND/min, 0.5 = WLC) and trade-off = 1 - sqrt(n sum_j (v_j -
 *  1/n)^2 / (n - 1)) (1 = full compensation). For n = 1 both are 1. */
void gt_owa_measures(int n, const double *order_weights, double *orness, double *tradeoff);

/** Weights from a ranking only (criterion 0 ranked first): */
typedef enum gt_rank_weights {
    GT_RANK_SUM = 0,        /* w_i proportional to n - i + 1 */
    GT_RANK_RECIPROCAL = 1, /* w_i proportional to 1 / i */
    GT_RANK_ROC = 2         /* rank-order centroid: w_i = (1/n) sum_{k=i..n} 1/k */
} gt_rank_weights;
gt_status gt_rank_order_weights(gt_context *ctx, int n, gt_rank_weights method, double *out);

/** Per-zone statistics of a float grid: zones[i] in 1..nzones selects a zone
 *  (0 = none); NAN values are skipped and counted in `nodata`. */
typedef struct gt_zone_stats {
    int64_t count;  /* cells with a value */
    int64_t nodata; /* cells of the zone that were NAN */
    double sum, min, max;
} gt_zone_stats;

/** `stats` has nzones entries; it is reset, then filled. mean = sum/count. */
gt_status gt_zonal_stats(gt_context *ctx, const int32_t *zones, const float *values, size_t count,
                         int32_t nzones, gt_zone_stats *stats);

/** Zonal statistics band by band, without a grid of zone ids: the zones are
 *  burnt one fixed band of rows at a time (band b = rows b * band_rows
 *  onwards), the bands in any order on any thread, and each band's cells
 *  go to slots of their own, one per zone and band the zone may reach. The
 *  finish adds each zone's slots in band order: the figures are the same
 *  bits for any number of threads, and those of gt_zonal_stats for a zone
 *  within one band (across bands, the sum may differ in the last bits). */
typedef struct gt_zonal_bands {
    int32_t nzones;
    int band_rows;
    int *first;          /* per zone: its first band */
    size_t *slot;        /* per zone: its first slot; slot[nzones] = all slots */
    gt_zone_stats *part; /* the slots */
    int lost;            /* runs of cells in a band outside their zone's rows */
} gt_zonal_bands;

/** row0[z], row1[z]: the first and last row that may hold cells of zone
 *  z + 1 (wider is only slower; row1 < row0: none). */
gt_status gt_zonal_bands_init(gt_context *ctx, gt_zonal_bands *zb, int32_t nzones, int band_rows,
                              const int *row0, const int *row1);
/** Add one band: `zones` and `values` (or `flags`, as 1 where non-zero,
 *  else 0) hold rows x w cells from row r0, a multiple of band_rows. Bands
 *  may be added at once from several threads; each band only once. */
void gt_zonal_bands_add(gt_zonal_bands *zb, int r0, int rows, int w, const int32_t *zones,
                        const float *values);
void gt_zonal_bands_add_flags(gt_zonal_bands *zb, int r0, int rows, int w, const int32_t *zones,
                              const unsigned char *flags);
/** `stats` (nzones entries) from the slots; an internal error when a band
 *  held cells of a zone outside the rows given at init. */
gt_status gt_zonal_bands_finish(gt_context *ctx, const gt_zonal_bands *zb, gt_zone_stats *stats);
void gt_zonal_bands_free(gt_zonal_bands *zb);

/* ------------------------------------------------------------------ */
/* Required area and candidate regions                                  */
/* ------------------------------------------------------------------ */

/** The waste a landfill must hold over its life, and so its area. */
typedef struct gt_demand {
    double population;  /* people served */
    double urban_share; /* 0..1 */
    double kg_per_person_day_urban, kg_per_person_day_rural;
    double collection_rate; /* share collected, 0..1 */
    double landfill_share;  /* share of the collected waste landfilled, 0..1 */
    double horizon_years;
    double density_t_per_m3; /* compacted waste */
    double fill_height_m;
    double allowance; /* share added for buffers, roads, works */
} gt_demand;

/** TCVN 6696:2009 Table 1 landfill size classes. */
typedef enum gt_size_class {
    GT_SIZE_SMALL = 0,     /* < 10 ha */
    GT_SIZE_MEDIUM = 1,    /* 10 - < 30 ha */
    GT_SIZE_LARGE = 2,     /* 30 - < 50 ha */
    GT_SIZE_VERY_LARGE = 3 /* >= 50 ha */
} gt_size_class;

/** Required area in hectares:
 *    tonnes = P x (u g_urban + (1 - u) g_rural) x collection x landfilled
 *             x 365 x years / 1000
 *    ha = tonnes / density / fill_height / 10^4 x (1 + allowance)
 *  GT_ERR_SCENARIO when a value is out of range. */
gt_status gt_required_area(gt_context *ctx, const gt_demand *d, double *tonnes, double *ha,
                           gt_size_class *size_class);
gt_size_class gt_size_class_of(double ha);
const char *gt_size_class_name(gt_size_class c);

/** Label the connected regions of non-zero cells of a w x h mask, rook
 *  (connectivity 4: sharing an edge) or queen (8: also a corner). labels
 *  gets 0 outside and 1..*n_regions inside, numbered in row-major order of
 *  each region's first cell. */
gt_status gt_regions_label(gt_context *ctx, const unsigned char *mask, int w, int h,
                           int connectivity, int32_t *labels, int32_t *n_regions);

/* ------------------------------------------------------------------ */
/* Landfill remediation: source-pathway-receptor scoring and phasing    */
/* ------------------------------------------------------------------ */

/** One row of a banded point table: the value applies to x < upper (rows in
 *  ascending order of `upper`; the last row should have upper = INFINITY). */
typedef struct gt_band {
    double upper;
    double value;
} gt_band;

/** Value of the first band with x < upper; NAN for a NAN x or no band. */
double gt_band_lookup(const gt_band *bands, int n, double x);

/** A source-pathway-receptor linkage as a percentage of its maximum:
 *  100 * (s * p * r) / (s_max * p_max * r_max) (Irish EPA 2007 Code of
 *  Practice pattern). NAN when a maximum is not positive. */
double gt_spr_linkage_pct(double s, double p, double r, double s_max, double p_max, double r_max);

typedef enum gt_risk_class {
    GT_RISK_LOW = 0,
    GT_RISK_MODERATE = 1,
    GT_RISK_HIGH = 2
} gt_risk_class;
/** High when pct >= high_min, Moderate when pct >= moderate_min, else Low. */
gt_risk_class gt_risk_classify(double pct, double high_min, double moderate_min);
const char *gt_risk_class_name(gt_risk_class c);

/** Site kinds the 2030 targets count (Resolution 394/NQ-CP). */
typedef enum gt_site_kind {
    GT_SITE_UNSANITARY = 0, /* unsanitary landfill: > 50 % remediated by 2030 */
    GT_SITE_DUMP = 1,       /* spontaneous dump: 100 % closed by 2030 */
    GT_SITE_OTHER = 2       /* e.g. a sanitary landfill: not in the targets */
} gt_site_kind;

/** A site as the scheduler sees it, listed in priority order. */
typedef struct gt_plan_site {
    gt_site_kind kind;
    double cost;   /* of its remediation option, in the plan's currency */
    int done_year; /* > 0: remediated (or closed) in that year already */
} gt_plan_site;

typedef struct gt_plan_options {
    int start_year, end_year; /* inclusive; end_year is usually 2030 */
    double annual_budget;     /* <= 0: no budget limit */
    int sites_per_year;       /* <= 0: no limit on the number of sites */
} gt_plan_options;

typedef struct gt_plan_year {
    int year;
    int scheduled; /* sites started (and finished) this year */
    double cost;   /* spent this year */
    int unsanitary_done, unsanitary_total;
    int dumps_done, dumps_total;
    double unsanitary_pct, dumps_pct;
    int unsanitary_met; /* > 50 % remediated */
    int dumps_met;      /* 100 % closed */
} gt_plan_year;

/** Schedule sites year by year in priority order: each year, walk the
 *  unscheduled sites (kinds UNSANITARY and DUMP) in order and take every
 *  one whose cost fits what is left of the year's budget and count
 *  (skip-and-fill: a site too dear for this year waits, cheaper ones after
 *  it may go first). year_out[i] gets the year site i is done (its
 *  done_year when already done, 0 when not scheduled by end_year).
 *  years[] has end_year - start_year + 1 entries with the cumulative
 *  indicators. A site costing more than a whole year's budget is never
 *  scheduled. */
gt_status gt_plan_schedule(gt_context *ctx, const gt_plan_site *sites, int n,
                           const gt_plan_options *opts, int *year_out, gt_plan_year *years);

/** A site the scheduler passed over in a year in favour of a site after it
 *  in priority order: its cost exceeded what was left of that year's
 *  budget when its turn came (annual budget minus the sites taken before
 *  it that year). */
typedef struct gt_plan_skip {
    int year;           /* the year it was passed over */
    int site;           /* its index in the sites given to the scheduler */
    double cost;        /* its cost */
    double budget_left; /* what was left of the year's budget at its turn */
} gt_plan_skip;

/** Every site gt_plan_schedule passes over in favour of a lower-priority
 *  site, year by year (same arguments, same schedule). *skips: caller frees
 *  with free(); NULL with *n_skips = 0 when there are none. */
gt_status gt_plan_skips(gt_context *ctx, const gt_plan_site *sites, int n,
                        const gt_plan_options *opts, gt_plan_skip **skips, int *n_skips);

/** The smallest annual budget (within 0.1 %, by bisection) with which the
 *  schedule meets both 2030 targets by end_year; INFINITY when no budget
 *  can (a site cannot be scheduled, or sites_per_year is too small). */
double gt_plan_budget_needed(gt_context *ctx, const gt_plan_site *sites, int n,
                             const gt_plan_options *opts);

/* ------------------------------------------------------------------ */
/* Scenarios and pipelines                                              */
/* ------------------------------------------------------------------ */
typedef struct gt_scenario gt_scenario;

/** Read and validate a scenario YAML file (docs/scenario.md). `overrides`
 *  is NULL or a NULL-terminated list of "key.path=value" strings applied on
 *  top of the file (as `--set`). Errors name the file, line, column and key
 *  path. Caller frees with gt_scenario_destroy(). */
gt_scenario *gt_scenario_load(gt_context *ctx, const char *path, const char *const *overrides);
void gt_scenario_destroy(gt_scenario *scenario);
/** The scenario's name, borrowed. */
const char *gt_scenario_name(const gt_scenario *scenario);

/** Open every input of a scenario and check it (the file opens, the layer
 *  and fields exist, a CRS is known, extents overlap the study area) without
 *  running the analysis. A summary goes to the log at GT_LOG_INFO. */
gt_status gt_scenario_check(gt_context *ctx, const gt_scenario *scenario);

/** 1 when the YAML file at `path` is a `gistool network` scenario (it
 *  has `treatment:` or `network:` at its top); 0 otherwise, or when it
 *  cannot be read (gt_scenario_load then says why). */
int gt_scenario_is_network(gt_context *ctx, const char *path);

/** `gistool check` of a network scenario: the stages of `gistool network`
 *  that read and judge its inputs, without writing; the code and message
 *  the run would give. */
gt_status gt_network_check(gt_context *ctx, const char *path, const char *const *overrides);

/* Options, one type per command (GDAL's gdal_utils.h pattern), so scripts
 * and the CLI share one parser. Each gt_<cmd>_options_create() takes the
 * argv array as the CLI receives it after the subcommand name, operands
 * included (`gistool rank -o out.gpkg rank.yaml` gives {"-o", "out.gpkg",
 * "rank.yaml"}); the strings stay borrowed, so argv must outlive the
 * options. On a usage error (unknown option, bad value, missing operand) it
 * returns NULL with GT_ERR_USAGE on the context. A missing operand is not an
 * error when --help was given: check gt_<cmd>_options_help() first. */

/** `gistool site` and `gistool sensitivity`. */
typedef struct gt_site_options gt_site_options;
/** Caller frees with gt_site_options_destroy(). */
gt_site_options *gt_site_options_create(gt_context *ctx, int argc, char *const *argv);
/** The options of `gistool sensitivity`: the site options, and gt_site_run
 *  also runs the sensitivity analysis. Caller frees with
 *  gt_site_options_destroy(). */
gt_site_options *gt_sensitivity_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_site_options_destroy(gt_site_options *opts);
/** The scenario path given on the command line (borrowed; NULL with --help). */
const char *gt_site_options_scenario(const gt_site_options *opts);
/** The --set overrides (NULL-terminated, borrowed). */
const char *const *gt_site_options_overrides(const gt_site_options *opts);
/** True when --help was asked for. */
int gt_site_options_help(const gt_site_options *opts);
void gt_site_options_set_progress(gt_site_options *opts, gt_progress_fn fn, void *arg);
/** The command line recorded in the output's provenance (borrowed strings). */
void gt_site_options_set_command_line(gt_site_options *opts, int argc, char *const *argv);

/** `gistool check`. Caller frees with gt_check_options_destroy(). */
typedef struct gt_check_options gt_check_options;
gt_check_options *gt_check_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_check_options_destroy(gt_check_options *opts);
/** As the gt_site_options accessors (borrowed). */
const char *gt_check_options_scenario(const gt_check_options *opts);
const char *const *gt_check_options_overrides(const gt_check_options *opts);
int gt_check_options_help(const gt_check_options *opts);

/** `gistool rank`. Caller frees with gt_rank_options_destroy(). */
typedef struct gt_rank_options gt_rank_options;
gt_rank_options *gt_rank_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_rank_options_destroy(gt_rank_options *opts);
/** As the gt_site_options accessors and setters (borrowed). */
const char *gt_rank_options_scenario(const gt_rank_options *opts);
const char *const *gt_rank_options_overrides(const gt_rank_options *opts);
int gt_rank_options_help(const gt_rank_options *opts);
void gt_rank_options_set_progress(gt_rank_options *opts, gt_progress_fn fn, void *arg);
void gt_rank_options_set_command_line(gt_rank_options *opts, int argc, char *const *argv);

/** `gistool ahp`: the operands are the matrix files (one or more). Caller
 *  frees with gt_ahp_options_destroy(). */
typedef struct gt_ahp_options gt_ahp_options;
gt_ahp_options *gt_ahp_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_ahp_options_destroy(gt_ahp_options *opts);
int gt_ahp_options_help(const gt_ahp_options *opts);

/** `gistool map`. Caller frees with gt_map_options_destroy(). */
typedef struct gt_map_options gt_map_options;
gt_map_options *gt_map_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_map_options_destroy(gt_map_options *opts);
/** The RUN.gpkg operand (borrowed; NULL with --help). */
const char *gt_map_options_run(const gt_map_options *opts);
int gt_map_options_help(const gt_map_options *opts);
void gt_map_options_set_progress(gt_map_options *opts, gt_progress_fn fn, void *arg);

/** `gistool report`. Caller frees with gt_report_options_destroy(). */
typedef struct gt_report_options gt_report_options;
gt_report_options *gt_report_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_report_options_destroy(gt_report_options *opts);
/** The RUN.gpkg operand (borrowed; NULL with --help). */
const char *gt_report_options_run(const gt_report_options *opts);
int gt_report_options_help(const gt_report_options *opts);

/** Help text of a subcommand ("site", "sensitivity", "check", "rank",
 *  "ahp", "map", "report"), generated from its option table; NULL if the
 *  command is unknown or memory ran out. Caller frees with free(). */
char *gt_command_help(const char *command);
/** The same table as JSON: the command, usage, summary, operand and each
 *  option's name, short name, argument, type, min, max, choices, default,
 *  unit and help (docs/site.md, "Machine-readable usage"). NULL `command`:
 *  {"commands": [...]} for all of them. NULL if the command is unknown or
 *  memory ran out. Caller frees with free(). */
char *gt_command_usage_json(const char *command);

/** Run the site-suitability pipeline of a scenario and write its GeoPackage
 *  atomically (a failed run leaves any previous output untouched). */
gt_status gt_site_run(gt_context *ctx, const gt_scenario *scenario, const gt_site_options *opts);

/** Run the landfill-ranking pipeline of a rank scenario (one with
 *  `inventory:`; docs/rank.md) and write its GeoPackage and CSV atomically. */
gt_status gt_rank_run(gt_context *ctx, const gt_scenario *scenario, const gt_rank_options *opts);

/** `gistool ahp`: weights and consistency of the matrices named in the
 *  options. *report gets the text or JSON report (caller frees with free())
 *  whenever the matrix could be computed; the status is
 *  GT_ERR_AHP_INCONSISTENT when it is not consistent enough. */
gt_status gt_ahp_run(gt_context *ctx, const gt_ahp_options *opts, char **report);

/** `gistool map`: map sheets of the run in the GeoPackage `run_gpkg`, drawn
 *  from what the run recorded (its tables, run_info and run_inputs).
 *  *written gets the files written (NULL-terminated; caller frees each and
 *  the array). */
gt_status gt_map_run(gt_context *ctx, const char *run_gpkg, const gt_map_options *opts,
                     char ***written);

/** Remove the temporary files of every output this process is writing (a
 *  run's outputs are committed together at its end; before that they are
 *  hidden temporary files beside their final paths). Async-signal-safe:
 *  for a SIGTERM or SIGINT handler that then ends the process. Previous
 *  outputs are never touched. */
void gt_outputs_discard(void);

/** `gistool report`: the HTML report of the run in the GeoPackage
 *  `run_gpkg`. *written gets the file written (caller frees with free()). */
gt_status gt_report_run(gt_context *ctx, const char *run_gpkg, const gt_report_options *opts,
                        char **written);

/* ------------------------------------------------------------------ */
/* VN-2000 provincial CRS presets                                       */
/* ------------------------------------------------------------------ */

/** A province's VN-2000 CRS: Transverse Mercator with a 3-degree zone,
 *  scale factor 0.9999, false easting 500 km, and the central meridian that
 *  Circular 973/2001/TT-TCĐC sets for the province; `epsg` is the EPSG
 *  dataset's VN-2000 / TM-3 CRS with that meridian (docs/crs.md). */
typedef struct gt_vn2000_preset {
    const char *name;            /* with diacritics, e.g. "Lạng Sơn"; "Ninh Bình (2025)" */
    const char *gso_code;        /* two digits, e.g. "20"; "" for a 2025 province */
    double central_meridian_deg; /* e.g. 107.25 */
    int epsg;                    /* e.g. 9215 */
    const char *former;          /* 2025 provinces: the former provinces; NULL otherwise */
    int verify;                  /* 1: the meridian is not named by a cited source */
    const char *source;          /* where the meridian comes from, or why it is unverified */
} gt_vn2000_preset;

/** The number of presets: the 63 provinces before 1 July 2025, then the 34
 *  provinces of Resolution 202/2025/QH15. */
size_t gt_vn2000_count(void);
/** The i-th preset (borrowed, static), or NULL past the end. */
const gt_vn2000_preset *gt_vn2000_at(size_t i);
/** Find a province by name, with or without diacritics and in any case
 *  ("Lạng Sơn", "lang son", "LANG SON", "Tỉnh Lạng Sơn", "TP. Hồ Chí Minh"),
 *  or by GSO code ("20"). A 2025 province is named with "2025", e.g.
 *  "Ninh Bình 2025". Unknown: NULL with GT_ERR_USAGE on the context and a
 *  message suggesting the closest names. The preset is static: never free. */
const gt_vn2000_preset *gt_vn2000_lookup(gt_context *ctx, const char *name);
/** The central meridian in degrees and minutes, e.g. "107°15'" (UTF-8);
 *  `buf` of at least 16 bytes. Returns buf. */
char *gt_vn2000_meridian_text(const gt_vn2000_preset *preset, char *buf, size_t size);

/** `gistool crs PROVINCE`: the operands are the words of one province name
 *  ("Lạng", "Sơn"), joined with spaces. Caller frees with
 *  gt_crs_options_destroy(). */
typedef struct gt_crs_options gt_crs_options;
gt_crs_options *gt_crs_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_crs_options_destroy(gt_crs_options *opts);
int gt_crs_options_help(const gt_crs_options *opts);

/** `gistool crs`: the preset of the province named in the options and what
 *  PROJ says of its EPSG code (name, PROJ string, optionally WKT, the
 *  operation PROJ would use to WGS 84). *report gets text or JSON (caller
 *  frees with free()). GT_ERR_USAGE for an unknown province. */
gt_status gt_crs_run(gt_context *ctx, const gt_crs_options *opts, char **report);

/* ------------------------------------------------------------------ */
/* gistool init: a ready-to-run province folder from national data      */
/* ------------------------------------------------------------------ */

/** `gistool init PROVINCE DIR`: the operands are the words of the province
 *  name, then DIR. Caller frees with gt_init_options_destroy(). */
typedef struct gt_init_options gt_init_options;
gt_init_options *gt_init_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_init_options_destroy(gt_init_options *opts);
int gt_init_options_help(const gt_init_options *opts);
void gt_init_options_set_progress(gt_init_options *opts, gt_progress_fn fn, void *arg);
/** The command line recorded in the folder's README.md (borrowed strings). */
void gt_init_options_set_command_line(gt_init_options *opts, int argc, char *const *argv);

/** Write the folder DIR for the province named in the options from the
 *  national sources (docs/init.md): layers under DIR/data, site.yaml,
 *  rank.yaml and README.md. The folder is written beside DIR under a
 *  temporary name and renamed into place at the end, so a failed init leaves
 *  no half folder; a DIR that exists and is not empty is refused
 *  (GT_ERR_OUTPUT) unless --force. GT_ERR_USAGE for an unknown province. */
gt_status gt_init_run(gt_context *ctx, const gt_init_options *opts);
/* Batches of runs and comparing two runs (docs/batch.md,               */
/* docs/compare.md)                                                     */
/* ------------------------------------------------------------------ */

/** `gistool batch MANIFEST.yaml`. Caller frees with
 *  gt_batch_options_destroy(). */
typedef struct gt_batch_options gt_batch_options;
gt_batch_options *gt_batch_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_batch_options_destroy(gt_batch_options *opts);
int gt_batch_options_help(const gt_batch_options *opts);
void gt_batch_options_set_progress(gt_batch_options *opts, gt_progress_fn fn, void *arg);
/** The gistool executable every run is started with, as a child process
 *  (borrowed; the CLI gives its own). Without one gt_batch_run fails. */
void gt_batch_options_set_executable(gt_batch_options *opts, const char *path);

/** Exit code of `gistool batch` when the batch ran but a run failed (the
 *  summary says which and why). */
#define GT_BATCH_RUNS_FAILED 80

typedef struct gt_batch_result {
    int runs, ok, skipped, failed, pending; /* pending: no record (never ran) */
    int first_exit_code;                    /* of the first failed run (or the --task run) */
    int task;                               /* 1: one run (--task) was made */
} gt_batch_result;

/** Run a manifest's runs (or one with --task, or only its summary with
 *  --summary), or submit them to Slurm. *report gets a few lines for the
 *  terminal (the sbatch scripts with --dry-run); caller frees with free().
 *  A failed run is not an error of the batch: it is counted in *result. */
gt_status gt_batch_run(gt_context *ctx, const gt_batch_options *opts, gt_batch_result *result,
                       char **report);

/** `gistool compare A.gpkg B.gpkg`. Caller frees with
 *  gt_compare_options_destroy(). */
typedef struct gt_compare_options gt_compare_options;
gt_compare_options *gt_compare_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_compare_options_destroy(gt_compare_options *opts);
int gt_compare_options_help(const gt_compare_options *opts);

/** What differs between two site runs or two rank runs: settings from their
 *  provenance, parcels that entered or left the top N, rank shifts, area
 *  newly excluded or released; or landfills whose class or plan year
 *  changed, and targets. Writes a GeoPackage and an HTML section; *summary
 *  gets the short text for the terminal (caller frees with free()). */
gt_status gt_compare_run(gt_context *ctx, const gt_compare_options *opts, char **summary);
/* gistool network: haul on the road network, transfer stations and    */
/* collection points (docs/network.md).                                 */
/* ------------------------------------------------------------------ */
/** Options of `gistool network`. Caller frees with
 *  gt_network_options_destroy(). */
typedef struct gt_network_options gt_network_options;
gt_network_options *gt_network_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_network_options_destroy(gt_network_options *opts);
int gt_network_options_help(const gt_network_options *opts);
void gt_network_options_set_progress(gt_network_options *opts, gt_progress_fn fn, void *arg);
void gt_network_options_set_command_line(gt_network_options *opts, int argc, char *const *argv);
/** Read the network scenario named in the options and run it: the road
 *  network, demand, haul to treatment, service areas, and when the
 *  scenario asks, transfer stations and collection points; writes one
 *  GeoPackage (and map sheets when the scenario's outputs.maps is true). */
gt_status gt_network_run(gt_context *ctx, const gt_network_options *opts);

/* ------------------------------------------------------------------ */
/* The provincial waste register (docs/register.md)                     */
/* ------------------------------------------------------------------ */

/** `gistool register VERB ...`: argv[0] is the verb (init, import, update,
 *  export, history). Caller frees with gt_register_options_destroy(). */
typedef struct gt_register_options gt_register_options;
gt_register_options *gt_register_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_register_options_destroy(gt_register_options *opts);
int gt_register_options_help(const gt_register_options *opts);
/** The verb given, or NULL (help of the command). */
const char *gt_register_options_verb(const gt_register_options *opts);

/** Run the verb on the register (a GeoPackage path or a PG: connection
 *  string). *report gets what the verb prints (caller frees with free()).
 *  GT_ERR_REGISTER_RULE when a change breaks the status rules. */
gt_status gt_register_run(gt_context *ctx, const gt_register_options *opts, char **report);

#ifdef __cplusplus
}
#endif
#endif /* GISTOOL_H */
