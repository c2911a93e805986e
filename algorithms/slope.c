/*
 * slope.c: slope in percent from a DEM by Horn's method.
 * SPDX-License-Identifier: MIT
 *
 * B. K. P. Horn, "Hill shading and the reflectance map", Proc. IEEE 69(1),
 * 1981. With the 3x3 window   a b c / d e f / g h i   (a is north-west):
 *
 *   dz/dx = ((c + 2f + i) - (a + 2d + g)) / (8 dx)
 *   dz/dy = ((g + 2h + i) - (a + 2b + c)) / (8 dy)
 *   slope_pct = 100 * sqrt(dz/dx^2 + dz/dy^2)
 *
 * the same as `gdaldem slope -p -alg Horn -compute_edges`: a neighbour that
 * lies outside the grid or is nodata takes the centre cell's value, and a
 * nodata centre gives nodata (NAN).
 */
#include <math.h>

#include "algorithms/internal.h"

typedef struct {
    const float *dem;
    float *out;
    int w, h;
    double dx, dy;
    int has_nodata;
    float nodata;
} slope_job;

static inline bool is_nodata(const slope_job *j, float v)
{
    return isnan(v) || (j->has_nodata && v == j->nodata);
}

/* Horn's slope from a 3x3 window w[0..8] (row-major, w[0] north-west). */
static inline float horn(const double *w, double dx, double dy)
{
    double dzdx = ((w[2] + 2 * w[5] + w[8]) - (w[0] + 2 * w[3] + w[6])) / (8.0 * dx);
    double dzdy = ((w[6] + 2 * w[7] + w[8]) - (w[0] + 2 * w[1] + w[2])) / (8.0 * dy);
    return (float)(100.0 * sqrt(dzdx * dzdx + dzdy * dzdy));
}

static void slope_rows(int r0, int r1, void *arg)
{
    slope_job *j = arg;
    for (int r = r0; r < r1; r++) {
        /* Inner cells with no nodata around them: no bounds or nodata
         * checks per neighbour (most of a DEM). */
        if (r > 0 && r < j->h - 1) {
            const float *up = j->dem + (size_t)(r - 1) * j->w, *mid = up + j->w, *dn = mid + j->w;
            float *o = j->out + (size_t)r * j->w;
            if (!j->has_nodata) {
                /* NoData is only NAN here, and a NAN among the eight
                 * neighbours makes Horn's slope NAN: so a slope that is
                 * not NAN, at a centre that is not, had a clean window. */
                for (int c = 1; c < j->w - 1; c++) {
                    double win[9] = {up[c - 1],  up[c],     up[c + 1], mid[c - 1], mid[c],
                                     mid[c + 1], dn[c - 1], dn[c],     dn[c + 1]};
                    float v = horn(win, j->dx, j->dy);
                    o[c] = isnan(v) || isnan(mid[c]) ? -1.0f : v; /* -1: do it below */
                }
            } else {
                for (int c = 1; c < j->w - 1; c++) {
                    double win[9] = {up[c - 1],  up[c],     up[c + 1], mid[c - 1], mid[c],
                                     mid[c + 1], dn[c - 1], dn[c],     dn[c + 1]};
                    bool clean = true;
                    for (int k = 0; k < 9; k++)
                        clean &= !is_nodata(j, (float)win[k]);
                    o[c] = clean ? horn(win, j->dx, j->dy) : -1.0f; /* -1: do it below */
                }
            }
        }
        for (int c = 0; c < j->w; c++) {
            if (r > 0 && r < j->h - 1 && c > 0 && c < j->w - 1 && j->out[(size_t)r * j->w + c] >= 0)
                continue;
            float e = j->dem[(size_t)r * j->w + c];
            if (is_nodata(j, e)) {
                j->out[(size_t)r * j->w + c] = NAN;
                continue;
            }
            double win[9];
            for (int k = 0; k < 9; k++) {
                int rr = r + k / 3 - 1, cc = c + k % 3 - 1;
                float v = e;
                if (rr >= 0 && rr < j->h && cc >= 0 && cc < j->w) {
                    v = j->dem[(size_t)rr * j->w + cc];
                    if (is_nodata(j, v))
                        v = e;
                }
                win[k] = v;
            }
            j->out[(size_t)r * j->w + c] = horn(win, j->dx, j->dy);
        }
    }
}

gt_status gt_slope_horn(gt_context *ctx, const float *dem, int w, int h, double dx_m, double dy_m,
                        int has_nodata, float nodata, float *out_pct)
{
    if (w <= 0 || h <= 0 || !dem || !out_pct)
        return gt__error(ctx, GT_ERR_INTERNAL, "gt_slope_horn: empty grid");
    if (!(dx_m > 0) || !(dy_m > 0))
        return gt__error(ctx, GT_ERR_INTERNAL, "gt_slope_horn: cell size must be positive");
    slope_job job = {dem, out_pct, w, h, dx_m, dy_m, has_nodata, nodata};
    gt__parallel_for(ctx, h, slope_rows, &job);
    return GT_OK;
}
