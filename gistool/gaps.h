/*
 * gaps.h: the data gaps of a run (internal): the factors, rules and
 * receptor layers whose data is absent, what the run assumed instead, and
 * the `data_gaps` table every output GeoPackage holds (docs/outputs.md).
 * SPDX-License-Identifier: MIT
 *
 * A gap is data the scenario declares absent (`dem: ~` under `layers:`),
 * a layer the scenario does not name (a profile rule's, a rank receptor's),
 * or a layer with no feature within reach of the study area (none at all,
 * or none after its filter), or a factor whose data covers only part of
 * the parcels (`not_covering`, found once the factors are computed). A file that does not exist is not a gap but
 * an input error (GT_ERR_INPUT_OPEN): a path is a claim that data is there.
 */
#ifndef GT_GAPS_H
#define GT_GAPS_H

#include <stdio.h>

#include "gistool/scenario.h"

/** Why the data is missing. */
typedef enum gt__gap_kind {
    GT__GAP_NOT_IN_SCENARIO,  /* no such layer under `layers:` */
    GT__GAP_DECLARED_ABSENT,  /* `name: ~` under `layers:` */
    GT__GAP_NONE_NEAR,        /* no feature within reach of the study area */
    GT__GAP_NONE_AFTER_FILTER, /* features, but none left after where/classes */
    GT__GAP_NOT_COVERING       /* data, but none over some parcels (a DEM of part
                                  of the study area) */
} gt__gap_kind;

/** What the run did instead. */
typedef enum gt__gap_effect {
    GT__GAP_FACTOR_DROPPED,     /* factor left out, the other weights renormalised */
    GT__GAP_RULE_NOT_APPLIED,   /* rule not applied: it excludes nothing */
    GT__GAP_RULE_APPLIED_EMPTY, /* rule applied to no features: 0 ha excluded */
    GT__GAP_WORST_CASE,         /* rank: the linkages take their worst case */
    GT__GAP_NOT_MEASURED,       /* rank: an informative field left empty */
    GT__GAP_NO_SCORE            /* site: parcels left without a score and rank */
} gt__gap_effect;

/** One gap. */
typedef struct gt__gap {
    char item[96];      /* factor name, rule id or layer role */
    char item_type[16]; /* "factor", "rule" or "layer" */
    char layer[64];     /* the layer whose data is missing */
    gt__gap_kind kind;
    gt__gap_effect effect;
    double weight_before, weight_after; /* a dropped factor's weight; NAN otherwise */
    char assumed[512];                  /* what the run assumed, with values */
    char affects[256];                  /* the outputs it changes */
} gt__gap;

/** The gaps of one run, in the order they were found. */
typedef struct gt__gaps {
    gt__gap *v;
    int n, cap;
} gt__gaps;

/** Append a gap (the strings are copied, truncated to fit); the caller
 *  fills weights with NAN when they do not apply. */
gt_status gt__gaps_add(gt_context *ctx, gt__gaps *g, const char *item_type, const char *item,
                       const char *layer, gt__gap_kind kind, gt__gap_effect effect,
                       double weight_before, double weight_after, const char *affects,
                       const char *assumed_fmt, ...) __attribute__((format(printf, 11, 12)));
void gt__gaps_free(gt__gaps *g);
/** Has layer `layer` a gap already (kind any)? */
bool gt__gaps_has_layer(const gt__gaps *g, const char *layer);

/** "not_in_scenario", "declared_absent", "no_features_near",
 *  "none_after_filter"; "factor_dropped", ... as written in data_gaps. */
const char *gt__gap_kind_name(gt__gap_kind k);
const char *gt__gap_effect_name(gt__gap_effect e);

/** One line per gap, as in a log or an error message:
 *  "factor slope: layer 'dem' declared absent: factor dropped, ...". */
void gt__gap_describe(const gt__gap *gap, char *buf, size_t size);
/** A warning per gap on the context's log. */
void gt__gaps_log(gt_context *ctx, const gt__gaps *g);
/** With `on_missing: fail`, GT_ERR_DATA_GAPS listing every gap (the run
 *  refuses); GT_OK otherwise, or when there are none. */
gt_status gt__gaps_refuse(gt_context *ctx, const gt_scenario *s, const gt__gaps *g);
/** A layer marked `required: true` with no features: GT_ERR_INPUT_EXTENT. */
gt_status gt__gaps_required(gt_context *ctx, const gt__layer_spec *spec, gt__gap_kind kind,
                            int n_outside);

/** Weights renormalised without the dropped factors: out[i] = w[i] / sum of
 *  the kept w, 0 for the dropped ones. GT_ERR_WEIGHTS when nothing with a
 *  positive weight is kept. */
gt_status gt__weights_renormalise(gt_context *ctx, int n, const double *w, const bool *dropped,
                                  double *out);

/** The `data_gaps` table of `g` (always written, empty without gaps), with
 *  its field documentation and QGIS aliases. */
gt_status gt__gaps_write(gt_context *ctx, gt__gpkg *g, const gt__gaps *gaps);
/** The run_info row `data_gaps`: the count and a summary. */
void gt__gaps_run_info(gt_context *ctx, OGRLayerH l, gt_status *st, const gt__gaps *gaps);
/** Read the data_gaps table of an open run (none: an empty list, as for a
 *  run made before the table existed). */
gt_status gt__gaps_read(gt_context *ctx, GDALDatasetH ds, gt__gaps *out);

/* gaps_text.c: the gaps as a reader sees them, in Vietnamese or English. */
/** The report's section on missing data (HTML), read from the run; NULL
 *  on no memory. Caller frees. */
char *gt__gaps_html(gt_context *ctx, GDALDatasetH ds, bool en);
/** Write that section to the report being written. */
void gt__gaps_report(gt_context *ctx, FILE *f, GDALDatasetH ds, bool en);
/** A short note for a map sheet ("" without gaps). Caller frees. */
char *gt__gaps_note(gt_context *ctx, GDALDatasetH ds, bool en);

#endif
