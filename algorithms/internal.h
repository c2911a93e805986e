/*
 * internal.h: declarations shared between libgistool's files (gt__ prefix).
 * Never installed; not API. SPDX-License-Identifier: MIT
 */
#ifndef GT_INTERNAL_H
#define GT_INTERNAL_H

#include <geos_c.h>
#include <proj.h>
#include <stdarg.h>
#include <stdbool.h>

#include "gistool.h"

struct gt_context {
    GEOSContextHandle_t geos;
    PJ_CONTEXT *proj;
    gt_status status;
    char errmsg[2048];
    char geos_msg[1024]; /* last GEOS error, bridged into our messages */
    gt_log_fn log_fn;
    void *log_arg;
    int threads;
};

/** Set the context's error and return `status` (so `return gt__error(...)`). */
gt_status gt__error(gt_context *ctx, gt_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** Prefix the current message: "<prefix>: <old message>". */
void gt__error_prefix(gt_context *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gt__log(gt_context *ctx, gt_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** GEOS failure with the caller's name (PostGIS GEOS_FAIL pattern). */
#define GT_GEOS_FAIL(ctx, what)                                                                    \
    gt__error((ctx), GT_ERR_DEPENDENCY, "%s: GEOS: %s: %s", __func__, (what),                      \
              (ctx)->geos_msg[0] ? (ctx)->geos_msg : "unknown error")
/** Take the last GDAL/CPL error as ours. */
gt_status gt__gdal_error(gt_context *ctx, gt_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checked allocation: returns NULL and sets GT_ERR_NOMEM on failure. */
void *gt__malloc(gt_context *ctx, size_t size);
void *gt__calloc(gt_context *ctx, size_t n, size_t size);
char *gt__strdup(gt_context *ctx, const char *s);
char *gt__asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Atomic file output. Write to gt__tmp_path(path, ext) (beside the final path,
 * so rename(2) is atomic; ext keeps a suffix GDAL or cairo may need), then call
 * gt__replace_file with the status of the writing: on success it moves the
 * temporary file over `path`, otherwise (or if the move fails) it removes the
 * temporary file and leaves any previous output untouched. It frees `tmp` and
 * returns the final status. */
char *gt__tmp_path(const char *path, const char *ext);
gt_status gt__replace_file(gt_context *ctx, gt_status st, char *tmp, const char *path);

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

/** While a pipeline runs, GDAL's messages go to the context's log instead
 *  of stderr: warnings as warnings, failures at debug level (the caller
 *  reports them with its own context through gt__gdal_error). */
void gt__gdal_log_push(gt_context *ctx);
void gt__gdal_log_pop(void);

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

#endif
