/*
 * progress_model.h: what `gistool progress` has computed, shared by its
 * reader (progress.c) and its writers (progress_out.c: HTML and PDF).
 * Internal. SPDX-License-Identifier: MIT
 */
#ifndef GT_PROGRESS_MODEL_H
#define GT_PROGRESS_MODEL_H

#include "algorithms/indicators.h"
#include "algorithms/internal.h"
#include "gistool/i18n.h"
#include "gistool/progress.h"

#include <geos_c.h>

#define GT__PG_MAX_YEARS 64

/** A table of text cells, the same for the HTML and the PDF. */
typedef struct gt__pg_table {
    int ncol, nrow;
    const char *heads[10]; /* catalogue text, borrowed */
    char **cells;          /* nrow * ncol, owned */
    int right[10];         /* 1: a number, right-aligned */
} gt__pg_table;

typedef struct gt__pg_year {
    int year;
    gt__ind_value v[GT__IND_N];
    double target[GT__IND_N]; /* the target that applies that year */
    int met[GT__IND_N];       /* 1, 0, -1 no data */
    gt__trajectory traj[GT__IND_N];
} gt__pg_year;

typedef struct gt__pg_model {
    gt__lang L;
    const char *reg;
    int year;
    char province[256];
    char made_utc[32];
    int n_years;
    gt__pg_year years[GT__PG_MAX_YEARS];
    double target2030[GT__IND_N];
    char target_source[GT__IND_N][512];
    int base_year[GT__IND_N];
    double base_value[GT__IND_N];
    gt__pg_table summary, done, behind, communes, later;
    int plan_given;
    /* The map: facilities in metres (EPSG:32648) and their class. */
    GEOSGeometry **geoms;
    int *cls;
    int n_geoms;
    double extent[4];
    char *png_tmp; /* the map as a PNG (a staged temporary file) */
} gt__pg_model;

const char *gt__pg_T(const gt__pg_model *m, const char *key);
/** The indicator's name in the model's language. */
const char *gt__pg_ind_name(gt__lang L, int i);

gt_status gt__pg_write_html(gt_context *ctx, const gt__pg_model *m, const char *path);
gt_status gt__pg_write_pdf(gt_context *ctx, const gt__pg_model *m, const char *path);
gt_status gt__pg_render_map(gt_context *ctx, gt__pg_model *m, const char *png_path);

#endif
