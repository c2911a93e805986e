/*
 * aggregate.c: weighted linear combination of standardised factors.
 * SPDX-License-Identifier: MIT
 *
 * S = sum_i w_i x_i with x_i in [0, 1] and sum w_i = 1 (Eastman 1995;
 * Malczewski 1999). The Boolean constraint mask is applied by the pipeline
 * (S x prod c_j). NoData rule: a cell that is NAN in any factor is NAN.
 */
#include <math.h>

#include "algorithms/internal.h"

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
    for (size_t k = 0; k < count; k++) {
        double s = 0;
        for (int i = 0; i < n; i++)
            s += weights[i] * factors[i][k];
        out[k] = (float)s; /* NAN propagates through the sum */
    }
    return GT_OK;
}
