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
 * dx_m * sqrt(D), so cells need not be square. The column pass stores k, an integer count of cells,
 * in the output array itself (exact in a float up to 2^24 cells); the row pass overwrites it with
 * the distance. Memory: the output plus one row of work space per thread.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "algorithms/internal.h"

typedef struct {
    const unsigned char *features;
    float *out;
    int w, h;
    double dx, dy;
    bool nomem;
} edt_job;

/* Column pass over columns [c0, c1): out = cells to the nearest feature in
 * the same column, INFINITY if there is none. Rows are walked in order so
 * that each thread reads memory row by row. */
static void edt_columns(int c0, int c1, void *arg)
{
    edt_job *j = arg;
    const int w = j->w, h = j->h;
    for (int c = c0; c < c1; c++)
        j->out[c] = j->features[c] ? 0.0f : INFINITY;
    for (int r = 1; r < h; r++) {
        const unsigned char *f = j->features + (size_t)r * w;
        float *o = j->out + (size_t)r * w, *up = o - w;
        for (int c = c0; c < c1; c++)
            o[c] = f[c] ? 0.0f : up[c] + 1.0f;
    }
    for (int r = h - 2; r >= 0; r--) {
        float *o = j->out + (size_t)r * w, *down = o + w;
        for (int c = c0; c < c1; c++)
            if (down[c] + 1.0f < o[c])
                o[c] = down[c] + 1.0f;
    }
}

/* Add column q, at height gy (cells, in units of dx) from its nearest
 * feature in the column, to the lower envelope of parabolas (v, z, k: the
 * envelope's vertices, boundaries and last index, k < 0 when empty). */
static inline void envelope_add(double *f, double *z, int *v, int *k, int q, double gy)
{
    f[q] = gy * gy;
    if (*k < 0) {
        *k = 0;
        v[0] = q;
        z[0] = -INFINITY;
        z[1] = INFINITY;
        return;
    }
    /* Pop while the new parabola's intersection num/den is left of z[k];
     * compare num > z[k] * den (den > 0) to divide once. */
    double fq = f[q] + (double)q * q, num, den;
    int i = *k;
    for (;;) { /* z[0] is -inf, so i never goes below 0 */
        int vi = v[i];
        num = fq - (f[vi] + (double)vi * vi);
        den = 2.0 * (q - vi);
        if (num > z[i] * den)
            break;
        i--;
    }
    i++;
    v[i] = q;
    z[i] = num / den;
    z[i + 1] = INFINITY;
    *k = i;
}

/* Row pass over rows [r0, r1): lower envelope of parabolas. Positions are
 * in cells and heights in units of dx^2 (F = (k dy / dx)^2), so the
 * intersection s = ((F(q) + q^2) - (F(v) + v^2)) / (2 (q - v)) needs no
 * scaling; the distance is dx * sqrt((p - v)^2 + F(v)). */
static void edt_rows(int r0, int r1, void *arg)
{
    edt_job *j = arg;
    const int w = j->w;
    const double ratio = j->dy / j->dx;
    double *f = malloc(sizeof(double) * (size_t)w);
    double *z = malloc(sizeof(double) * ((size_t)w + 1));
    int *v = malloc(sizeof(int) * (size_t)w);
    if (!f || !z || !v) {
        j->nomem = true;
        goto done;
    }
    for (int r = r0; r < r1; r++) {
        float *o = j->out + (size_t)r * w;
        int k = -1;
        for (int q = 0; q < w; q++) {
            if (isinf(o[q]))
                continue;
            envelope_add(f, z, v, &k, q, (double)o[q] * ratio);
        }
        if (k < 0)
            continue; /* no feature in any column: the row stays infinite */
        k = 0;
        for (int p = 0; p < w; p++) {
            while (z[k + 1] < p)
                k++;
            double d = p - v[k];
            o[p] = (float)(j->dx * sqrt(d * d + f[v[k]]));
        }
    }
done:
    free(f);
    free(z);
    free(v);
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
    edt_job job = {features, out_m, w, h, dx_m, dy_m, false};
    gt__parallel_for(ctx, w, edt_columns, &job);
    gt__parallel_for(ctx, h, edt_rows, &job);
    if (job.nomem)
        return gt__error(ctx, GT_ERR_NOMEM, "gt_distance_transform: out of memory for row buffers");
    return GT_OK;
}

/* The same transform with the column pass held in 16-bit cell counts
 * (gt__distance_transform_u16): 2 bytes a cell instead of the 4 of a float
 * and the 1 of the feature grid, and the row pass writes only a window of
 * the grid, so that a grid padded beyond the study area never needs a
 * padded float copy. The values are those of gt_distance_transform: k is
 * the same integer, then converted to double the same way. */
#define EDT_U16_NONE UINT16_MAX

typedef struct {
    uint16_t *grid;
    int w, h;
    double dx, dy;
    int c0, r0, ow;
    float *out;
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
        uint16_t *o = g + (size_t)r * w, *up = o - w;
        for (int c = c0; c < c1; c++)
            o[c] = o[c] ? 0 : up[c] == EDT_U16_NONE ? EDT_U16_NONE : (uint16_t)(up[c] + 1);
    }
    for (int r = h - 2; r >= 0; r--) {
        uint16_t *o = g + (size_t)r * w, *down = o + w;
        for (int c = c0; c < c1; c++)
            if (down[c] != EDT_U16_NONE && down[c] + 1 < o[c])
                o[c] = (uint16_t)(down[c] + 1);
    }
}

/* Row pass over output rows [r0, r1) of the window: grid row r0 + j->r0. */
static void edt16_rows(int r0, int r1, void *arg)
{
    edt16_job *j = arg;
    const int w = j->w;
    const double ratio = j->dy / j->dx;
    double *f = malloc(sizeof(double) * (size_t)w);
    double *z = malloc(sizeof(double) * ((size_t)w + 1));
    int *v = malloc(sizeof(int) * (size_t)w);
    if (!f || !z || !v) {
        j->nomem = true;
        goto done;
    }
    for (int r = r0; r < r1; r++) {
        const uint16_t *col = j->grid + (size_t)(r + j->r0) * w;
        float *o = j->out + (size_t)r * j->ow;
        int k = -1;
        for (int q = 0; q < w; q++) {
            if (col[q] == EDT_U16_NONE)
                continue;
            envelope_add(f, z, v, &k, q, (double)(float)col[q] * ratio);
        }
        if (k < 0) {
            for (int p = 0; p < j->ow; p++)
                o[p] = INFINITY;
            continue;
        }
        k = 0;
        for (int p = 0; p < j->c0 + j->ow; p++) {
            while (z[k + 1] < p)
                k++;
            if (p < j->c0)
                continue;
            double d = p - v[k];
            o[p - j->c0] = (float)(j->dx * sqrt(d * d + f[v[k]]));
        }
    }
done:
    free(f);
    free(z);
    free(v);
}

gt_status gt__distance_transform_u16(gt_context *ctx, uint16_t *grid, int w, int h, double dx_m,
                                     double dy_m, int c0, int r0, int ow, int oh, float *out_m)
{
    if (w <= 0 || h <= 0 || !grid || !out_m || ow <= 0 || oh <= 0 || c0 < 0 || r0 < 0 ||
        c0 + ow > w || r0 + oh > h)
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
    edt16_job job = {grid, w, h, dx_m, dy_m, c0, r0, ow, out_m, false};
    gt__parallel_for(ctx, w, edt16_columns, &job);
    gt__parallel_for(ctx, oh, edt16_rows, &job);
    if (job.nomem)
        return gt__error(ctx, GT_ERR_NOMEM,
                         "gt__distance_transform_u16: out of memory for row buffers");
    return GT_OK;
}
