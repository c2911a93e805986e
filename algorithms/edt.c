/*
 * edt.c: exact Euclidean distance transform in linear time.
 * SPDX-License-Identifier: MIT
 *
 * Method: P. F. Felzenszwalb and D. P. Huttenlocher, "Distance Transforms of
 * Sampled Functions", Theory of Computing 8 (2012) 415-428. The 2-D squared
 * distance separates into a pass along columns and a pass along rows:
 *
 *   D(x, y) = min_{x'} [ (x - x')^2 + G(x', y) ],  G(x', y) = min_{y'} (y - y')^2
 *
 * over feature cells (x', y'). Along a column the features are 0 and the rest
 * infinite, so G is the squared distance to the nearest feature in the column:
 * two sweeps give it in cells. The row pass is the lower envelope of the
 * parabolas (x - x')^2 + G(x'); the intersection of the parabolas rooted at q
 * and v is s = ((G(q) + x_q^2) - (G(v) + x_v^2)) / (2 (x_q - x_v)).
 * With x in cells and G = (k * dy_m / dx_m)^2 the distance in metres is
 * dx_m * sqrt(D), so cells need not be square. The column counts k are
 * integers (exact in a float up to 2^24 cells), held in the output array
 * itself (gt_distance_transform) or in the 16-bit feature grid
 * (gt__distance_transform_u16); the row pass overwrites them with the
 * distance or hands its rows on. Memory: the grid plus a few rows of work
 * space per thread.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "algorithms/internal.h"

/* The passes (both forms below):
 *  1. down the columns (columns shared among the threads): each cell's count
 *     of cells up to the nearest feature at or above it in its column;
 *  2. up each band of rows (one band a thread): the count down to the
 *     nearest feature at or below, kept for the band's current row in one
 *     row of work space, so that the row's G = min(up, down) is known, and
 *     the row's lower envelope is made and written at once.
 * A band starts from the counts down from the row below it, found by
 * scanning down from there until every column has met a feature. Two passes
 * over the grid instead of the three of a column pass in both directions
 * followed by a row pass; the values are the same integers and the same
 * arithmetic, so the distances are the same for any number of threads. */
typedef struct {
    const unsigned char *features;
    float *out;
    int w, h;
    double dx, dy;
    int bands;
    bool nomem;
} edt_job;

/* Pass 1 over columns [c0, c1): out = cells up to the nearest feature at or
 * above in the same column, INFINITY if there is none. Rows are walked in
 * order so that each thread reads memory row by row. */
static void edt_columns(int c0, int c1, void *arg)
{
    edt_job *j = arg;
    const int w = j->w, h = j->h;
    for (int c = c0; c < c1; c++)
        j->out[c] = j->features[c] ? 0.0f : INFINITY;
    for (int r = 1; r < h; r++) {
        const unsigned char *restrict f = j->features + (size_t)r * w;
        float *restrict o = j->out + (size_t)r * w;
        const float *restrict up = o - w;
        for (int c = c0; c < c1; c++)
            o[c] = f[c] ? 0.0f : up[c] + 1.0f;
    }
}

/* The lower envelope of parabolas of one row: vertices v, boundaries z
 * (z[i] = zn[i] / zd[i], zd[i] > 0, between parabolas i - 1 and i), heights
 * f (per column), k the last index (< 0 when empty). */
typedef struct {
    double *f, *z, *zn, *zd;
    int *v;
} envelope;

/* Add column q, at height gy (cells, in units of dx) from its nearest
 * feature in the column, to the lower envelope. Pop while the new
 * parabola's intersection num/den is not right of the last boundary: num /
 * den > zn / zd is tested as num * zd > zn * den, so that the division that
 * makes z[i] is not in the chain from one column to the next. */
static inline void envelope_add(const envelope *e, int *k, int q, double gy)
{
    double *f = e->f;
    int *v = e->v;
    f[q] = gy * gy;
    if (*k < 0) {
        *k = 0;
        v[0] = q;
        e->z[0] = -INFINITY;
        e->z[1] = INFINITY;
        return;
    }
    double fq = f[q] + (double)q * q, num, den;
    int i = *k;
    for (;;) { /* z[0] is -inf: parabola 0 is never popped */
        int vi = v[i];
        num = fq - (f[vi] + (double)vi * vi);
        den = 2.0 * (q - vi);
        if (i == 0 || num * e->zd[i] > e->zn[i] * den)
            break;
        i--;
    }
    i++;
    v[i] = q;
    e->zn[i] = num;
    e->zd[i] = den;
    e->z[i] = num / den;
    e->z[i + 1] = INFINITY;
    *k = i;
}

/* The lower envelope of the parabolas (x - q)^2 + F(q) of one row, written
 * for x in [c0, c0 + ow) into o[x - c0]. Positions are in cells and heights
 * in units of dx^2 (F = (g dy / dx)^2), so the intersection s = ((F(q) +
 * q^2) - (F(v) + v^2)) / (2 (q - v)) needs no scaling; the distance is dx *
 * sqrt((x - v)^2 + F(v)). g: the row's column counts as floats, INFINITY for
 * none. */
static void envelope_row(const float *g, int w, double ratio, double dx, int c0, int ow,
                         const envelope *e, float *o)
{
    const double *f = e->f, *z = e->z;
    const int *v = e->v;
    int k = -1;
    for (int q = 0; q < w; q++) {
        if (isinf(g[q]))
            continue;
        envelope_add(e, &k, q, (double)g[q] * ratio);
    }
    if (k < 0) { /* no feature in any column: the row stays infinite */
        for (int p = 0; p < ow; p++)
            o[p] = INFINITY;
        return;
    }
    k = 0;
    while (z[k + 1] < c0)
        k++;
    for (int p = c0; p < c0 + ow; p++) {
        while (z[k + 1] < p)
            k++;
        double d = p - v[k];
        o[p - c0] = (float)(dx * sqrt(d * d + f[v[k]]));
    }
}

static bool envelope_alloc(envelope *e, int w)
{
    e->f = malloc(sizeof(double) * (size_t)w);
    e->z = malloc(sizeof(double) * ((size_t)w + 1));
    e->zn = malloc(sizeof(double) * ((size_t)w + 1));
    e->zd = malloc(sizeof(double) * ((size_t)w + 1));
    e->v = malloc(sizeof(int) * (size_t)w);
    return e->f && e->z && e->zn && e->zd && e->v;
}

static void envelope_free(envelope *e)
{
    free(e->f);
    free(e->z);
    free(e->zn);
    free(e->zd);
    free(e->v);
}

/* Pass 2 over bands [b0, b1) of the rows. */
static void edt_rows(int b0, int b1, void *arg)
{
    edt_job *j = arg;
    const int w = j->w, h = j->h;
    const double ratio = j->dy / j->dx;
    envelope e;
    bool ok = envelope_alloc(&e, w);
    float *down = malloc(sizeof(float) * (size_t)w);
    if (!ok || !down) {
        j->nomem = true;
        goto done;
    }
    for (int b = b0; b < b1; b++) {
        int r0 = (int)((long long)h * b / j->bands), r1 = (int)((long long)h * (b + 1) / j->bands);
        if (r0 >= r1)
            continue;
        /* Counts down from row r1 (r1 - 1 adds one), to the first feature. */
        int left = w;
        for (int c = 0; c < w; c++)
            down[c] = INFINITY;
        for (int r = r1; r < h && left > 0; r++) {
            const unsigned char *fr = j->features + (size_t)r * w;
            for (int c = 0; c < w; c++)
                if (fr[c] && isinf(down[c])) {
                    down[c] = (float)(r - r1);
                    left--;
                }
        }
        for (int r = r1 - 1; r >= r0; r--) {
            const unsigned char *restrict fr = j->features + (size_t)r * w;
            float *restrict o = j->out + (size_t)r * w;
            float *restrict dn = down;
            for (int c = 0; c < w; c++) {
                dn[c] = fr[c] ? 0.0f : dn[c] + 1.0f;
                if (dn[c] < o[c])
                    o[c] = dn[c];
            }
            /* The row's counts are read into f before o is written. */
            envelope_row(o, w, ratio, j->dx, 0, w, &e, o);
        }
    }
done:
    envelope_free(&e);
    free(down);
}

gt_status gt_distance_transform(gt_context *ctx, const unsigned char *features, int w, int h,
                                double dx_m, double dy_m, float *out_m)
{
    if (w <= 0 || h <= 0 || !features || !out_m)
        return gt__error(ctx, GT_ERR_INTERNAL, "gt_distance_transform: empty grid (%d x %d)", w, h);
    if (!(dx_m > 0) || !(dy_m > 0) || !isfinite(dx_m) || !isfinite(dy_m))
        return gt__error(ctx, GT_ERR_INTERNAL,
                         "gt_distance_transform: cell size must be positive "
                         "(got %g x %g m)",
                         dx_m, dy_m);
    if (h > (1 << 24))
        return gt__error(ctx, GT_ERR_INTERNAL, "gt_distance_transform: more than 2^24 rows");
    int t = gt_context_threads(ctx);
    edt_job job = {features, out_m, w, h, dx_m, dy_m, t < h ? t : h, false};
    gt__parallel_for(ctx, w, edt_columns, &job);
    gt__parallel_for(ctx, job.bands, edt_rows, &job);
    if (job.nomem)
        return gt__error(ctx, GT_ERR_NOMEM, "gt_distance_transform: out of memory for row buffers");
    return GT_OK;
}

/* The same transform with the column counts held in 16 bits
 * (gt__distance_transform_u16): 2 bytes a cell instead of the 4 of a float
 * and the 1 of the feature grid, and the rows are written only in a window
 * of the grid, so that a grid padded beyond the study area never needs a
 * padded float copy. The values are those of gt_distance_transform: the
 * counts are the same integers, then converted to float and double the same
 * way. */
#define EDT_U16_NONE UINT16_MAX

typedef struct {
    uint16_t *grid;
    int w, h;
    double dx, dy;
    int c0, r0, ow, oh;
    float *out;
    gt__edt_sink sink;
    int bands;
    bool nomem;
} edt16_job;

static void edt16_columns(int c0, int c1, void *arg)
{
    edt16_job *j = arg;
    const int w = j->w, h = j->h;
    uint16_t *g = j->grid;
    for (int c = c0; c < c1; c++)
        g[c] = g[c] ? 0 : EDT_U16_NONE;
    for (int r = 1; r < h; r++) {
        uint16_t *restrict o = g + (size_t)r * w;
        const uint16_t *restrict up = o - w;
        for (int c = c0; c < c1; c++)
            o[c] = o[c] ? 0 : up[c] == EDT_U16_NONE ? EDT_U16_NONE : (uint16_t)(up[c] + 1);
    }
}

/* Pass 2 over bands [b0, b1) of the window's rows (grid row = window row +
 * j->r0). The rows above and below the window only give the counts. */
static void edt16_rows(int b0, int b1, void *arg)
{
    edt16_job *j = arg;
    const int w = j->w, h = j->h;
    const double ratio = j->dy / j->dx;
    envelope e;
    bool ok = envelope_alloc(&e, w);
    uint16_t *down = malloc(sizeof(uint16_t) * (size_t)w);
    float *g = malloc(sizeof(float) * (size_t)w);
    float *row = j->sink.fn ? malloc(sizeof(float) * (size_t)j->ow) : NULL;
    if (!ok || !down || !g || (j->sink.fn && !row)) {
        j->nomem = true;
        goto done;
    }
    for (int b = b0; b < b1; b++) {
        int r0 = (int)((long long)j->oh * b / j->bands) + j->r0;
        int r1 = (int)((long long)j->oh * (b + 1) / j->bands) + j->r0;
        if (r0 >= r1)
            continue;
        int left = w;
        for (int c = 0; c < w; c++)
            down[c] = EDT_U16_NONE;
        for (int r = r1; r < h && left > 0; r++) {
            const uint16_t *gr = j->grid + (size_t)r * w;
            for (int c = 0; c < w; c++)
                if (!gr[c] && down[c] == EDT_U16_NONE) {
                    down[c] = (uint16_t)(r - r1);
                    left--;
                }
        }
        for (int r = r1 - 1; r >= r0; r--) {
            const uint16_t *restrict col = j->grid + (size_t)r * w;
            uint16_t *restrict dn = down;
            float *restrict gf = g;
            for (int c = 0; c < w; c++) {
                uint16_t d = col[c] == 0                ? 0
                             : dn[c] == EDT_U16_NONE ? EDT_U16_NONE
                                                        : (uint16_t)(dn[c] + 1);
                dn[c] = d;
                uint16_t m = col[c] < d ? col[c] : d;
                gf[c] = m == EDT_U16_NONE ? INFINITY : (float)m;
            }
            int wr = r - j->r0;
            float *o = row ? row : j->out + (size_t)wr * j->ow;
            envelope_row(g, w, ratio, j->dx, j->c0, j->ow, &e, o);
            if (row)
                j->sink.fn(wr, row, j->sink.arg);
        }
    }
done:
    envelope_free(&e);
    free(down);
    free(g);
    free(row);
}

gt_status gt__distance_transform_u16_rows(gt_context *ctx, uint16_t *grid, int w, int h,
                                          double dx_m, double dy_m, int c0, int r0, int ow, int oh,
                                          float *out_m, gt__edt_sink sink)
{
    if (w <= 0 || h <= 0 || !grid || (!out_m && !sink.fn) || ow <= 0 || oh <= 0 || c0 < 0 ||
        r0 < 0 || c0 + ow > w || r0 + oh > h)
        return gt__error(ctx, GT_ERR_INTERNAL,
                         "gt__distance_transform_u16: bad grid or window (%d x %d, %d x %d at "
                         "%d, %d)",
                         w, h, ow, oh, c0, r0);
    if (!(dx_m > 0) || !(dy_m > 0) || !isfinite(dx_m) || !isfinite(dy_m))
        return gt__error(ctx, GT_ERR_INTERNAL,
                         "gt__distance_transform_u16: cell size must be positive (got %g x %g m)",
                         dx_m, dy_m);
    if (h >= EDT_U16_NONE)
        return gt__error(ctx, GT_ERR_INTERNAL,
                         "gt__distance_transform_u16: %d rows do not fit 16-bit counts", h);
    int t = gt_context_threads(ctx);
    edt16_job job = {grid, w, h, dx_m, dy_m, c0, r0, ow, oh, out_m, sink, t < oh ? t : oh, false};
    gt__parallel_for(ctx, w, edt16_columns, &job);
    gt__parallel_for(ctx, job.bands, edt16_rows, &job);
    if (job.nomem)
        return gt__error(ctx, GT_ERR_NOMEM,
                         "gt__distance_transform_u16: out of memory for row buffers");
    return GT_OK;
}

gt_status gt__distance_transform_u16(gt_context *ctx, uint16_t *grid, int w, int h, double dx_m,
                                     double dy_m, int c0, int r0, int ow, int oh, float *out_m)
{
    return gt__distance_transform_u16_rows(ctx, grid, w, h, dx_m, dy_m, c0, r0, ow, oh, out_m,
                                           (gt__edt_sink){0});
}
