/*
 * aggregate.c: the aggregation of standardised factors into one surface:
 * weighted linear combination, weighted product and ordered weighted
 * average. SPDX-License-Identifier: MIT
 *
 * S = sum_i w_i x_i with x_i in [0, 1] and sum w_i = 1 (Eastman 1995;
 * Malczewski 1999). The Boolean constraint mask is applied afterwards
 * (gt__suitability). NoData rule: a cell that is NAN in any factor is NAN.
 * The site pipeline and its sensitivity analysis both aggregate here, so
 * the same weights give the same surface.
 */
#include <math.h>

#include "algorithms/internal.h"

/* One factor into a running aggregation, over blocks of cells shared among
 * the threads. The surface is built one factor at a time, so a caller that
 * makes its factors one by one never holds more than one of them. */
typedef struct {
    bool product;
    double w;
    const float *f;
    size_t count;
    float *acc;
} add_job;

enum { AGG_BLOCK = 1 << 16 };

void gt__agg_cells(bool product, double w, const float *f, size_t count, float *acc)
{
    if (!product) {
        for (size_t k = 0; k < count; k++)
            acc[k] += (float)(w * f[k]); /* NAN propagates through the sum */
        return;
    }
    /* The product in float, as a surface is stored; a zero weight
     * contributes x^0 = 1, or NAN for NoData (pow(NAN, 0) would be 1). */
    for (size_t k = 0; k < count; k++)
        if (w > 0)
            acc[k] *= (float)pow(f[k], w);
        else if (isnan(f[k]))
            acc[k] = NAN;
}

static void add_block(int b0, int b1, void *arg)
{
    const add_job *j = arg;
    size_t k0 = (size_t)b0 * AGG_BLOCK, k1 = (size_t)b1 * AGG_BLOCK;
    if (k1 > j->count)
        k1 = j->count;
    gt__agg_cells(j->product, j->w, j->f + k0, k1 - k0, j->acc + k0);
}

static void add_factor(gt_context *ctx, bool product, double w, const float *f, size_t count,
                       float *acc)
{
    add_job job = {product, w, f, count, acc};
    size_t blocks = (count + AGG_BLOCK - 1) / AGG_BLOCK;
    gt__parallel_for(ctx, (int)blocks, add_block, &job);
}

void gt__wlc_add(gt_context *ctx, double w, const float *f, size_t count, float *acc)
{
    add_factor(ctx, false, w, f, count, acc);
}

void gt__wpm_mul(gt_context *ctx, double w, const float *f, size_t count, float *acc)
{
    add_factor(ctx, true, w, f, count, acc);
}

gt_status gt_wlc(gt_context *ctx, int n, const float *const *factors, const double *weights,
                 size_t count, float *out)
{
    if (n < 1)
        return gt__error(ctx, GT_ERR_WEIGHTS, "WLC needs at least one factor");
    double sum = 0;
    for (int i = 0; i < n; i++) {
        if (!(weights[i] >= 0) || !isfinite(weights[i]))
            return gt__error(ctx, GT_ERR_WEIGHTS, "weight %d is negative or not a number (%g)",
                             i + 1, weights[i]);
        sum += weights[i];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return gt__error(ctx, GT_ERR_WEIGHTS, "weights must sum to 1 (sum is %.12g)", sum);
    for (size_t k = 0; k < count; k++)
        out[k] = 0.0f;
    for (int i = 0; i < n; i++)
        gt__wlc_add(ctx, weights[i], factors[i], count, out);
    return GT_OK;
}

static gt_status check_weights(gt_context *ctx, int n, const double *w, const char *what)
{
    if (n < 1)
        return gt__error(ctx, GT_ERR_WEIGHTS, "%s: at least one factor is needed", what);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        if (!(w[i] >= 0) || !isfinite(w[i]))
            return gt__error(ctx, GT_ERR_WEIGHTS, "%s: weight %d is negative or not a number (%g)",
                             what, i + 1, w[i]);
        sum += w[i];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return gt__error(ctx, GT_ERR_WEIGHTS, "%s: weights must sum to 1 (sum is %.12g)", what,
                         sum);
    return GT_OK;
}

gt_status gt_wpm(gt_context *ctx, int n, const float *const *factors, const double *weights,
                 size_t count, float *out)
{
    gt_status st = check_weights(ctx, n, weights, "weighted product");
    if (st)
        return st;
    for (size_t k = 0; k < count; k++)
        out[k] = 1.0f;
    for (int i = 0; i < n; i++)
        gt__wpm_mul(ctx, weights[i], factors[i], count, out);
    return GT_OK;
}

gt_status gt_owa(gt_context *ctx, int n, const float *const *factors, const double *weights,
                 const double *v, size_t count, float *out)
{
    gt_status st = check_weights(ctx, n, weights, "OWA criterion weights");
    if (!st)
        st = check_weights(ctx, n, v, "OWA order weights");
    if (st)
        return st;
    if (n > GT_AHP_MAX_N)
        return gt__error(ctx, GT_ERR_WEIGHTS, "OWA: at most %d factors", GT_AHP_MAX_N);
    for (size_t k = 0; k < count; k++) {
        double z[GT_AHP_MAX_N], u[GT_AHP_MAX_N];
        bool nodata = false;
        for (int i = 0; i < n; i++) {
            z[i] = factors[i][k];
            u[i] = weights[i];
            nodata |= isnan(z[i]);
        }
        if (nodata) {
            out[k] = NAN;
            continue;
        }
        /* Insertion sort, descending, carrying the criterion weights (n is
         * small); stable, so equal values keep the factors' order. */
        for (int i = 1; i < n; i++) {
            double zi = z[i], ui = u[i];
            int j = i - 1;
            while (j >= 0 && z[j] < zi) {
                z[j + 1] = z[j];
                u[j + 1] = u[j];
                j--;
            }
            z[j + 1] = zi;
            u[j + 1] = ui;
        }
        double num = 0, den = 0;
        for (int j = 0; j < n; j++) {
            num += u[j] * v[j] * z[j];
            den += u[j] * v[j];
        }
        out[k] = den > 0 ? (float)(num / den) : 0.0f;
    }
    return GT_OK;
}

void gt_owa_measures(int n, const double *v, double *orness, double *tradeoff)
{
    if (n <= 1) {
        *orness = *tradeoff = 1;
        return;
    }
    double o = 0, t = 0;
    for (int j = 0; j < n; j++) {
        o += (n - 1 - j) * v[j]; /* (n - j) with j counted from 1 */
        t += (v[j] - 1.0 / n) * (v[j] - 1.0 / n);
    }
    *orness = o / (n - 1);
    *tradeoff = 1 - sqrt(n * t / (n - 1));
}

gt_status gt_rank_order_weights(gt_context *ctx, int n, gt_rank_weights method, double *out)
{
    if (n < 1)
        return gt__error(ctx, GT_ERR_WEIGHTS, "rank-order weights: no criteria");
    double sum = 0;
    for (int i = 0; i < n; i++) {
        int rank = i + 1;
        switch (method) {
        case GT_RANK_SUM:
            out[i] = n - rank + 1;
            break;
        case GT_RANK_RECIPROCAL:
            out[i] = 1.0 / rank;
            break;
        case GT_RANK_ROC:
            out[i] = 0;
            for (int k = rank; k <= n; k++)
                out[i] += 1.0 / k;
            out[i] /= n;
            break;
        default:
            return gt__error(ctx, GT_ERR_WEIGHTS, "unknown rank-order method %d", method);
        }
        sum += out[i];
    }
    for (int i = 0; i < n; i++)
        out[i] /= sum;
    return GT_OK;
}
