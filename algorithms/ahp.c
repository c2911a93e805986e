/*
 * ahp.c: Analytic Hierarchy Process weights and consistency.
 * SPDX-License-Identifier: MIT
 *
 * T. L. Saaty, The Analytic Hierarchy Process, McGraw-Hill, 1980.
 * Weights are the principal right eigenvector of the pairwise matrix A
 * (a_ij = importance of criterion i over j, a_ji = 1/a_ij), normalised to
 * sum 1, found by power iteration; since A w = lambda_max w and sum w = 1,
 * lambda_max = sum_i (A w)_i.
 *   CI = (lambda_max - n) / (n - 1),   CR = CI / RI(n)   (CR = 0 for n <= 2)
 * RI from Saaty (1980) for n = 1..15 (as tabulated in most GIS codes; the
 * source tables are listed in docs/site.md). GRASS r.mcda.ahp's RI list is
 * off by one; this table is indexed by n itself.
 */
#include <math.h>
#include <string.h>

#include "algorithms/internal.h"

static const double ri_saaty1980[GT_AHP_MAX_N + 1] = {
    NAN, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};

/* Relative tolerance of the reciprocity check: |a_ij * a_ji - 1| <= this.
 * 0.33 for 1/3 passes (0.99); 0.3 for 1/3 fails (0.9). */
#define RECIPROCITY_TOL 0.02

double gt_ahp_random_index(gt_ri_table table, int n)
{
    if (n < 1 || n > GT_AHP_MAX_N)
        return NAN;
    switch (table) {
    case GT_RI_SAATY1980:
        return ri_saaty1980[n];
    }
    return NAN;
}

const char *gt_ri_table_name(gt_ri_table table)
{
    switch (table) {
    case GT_RI_SAATY1980:
        return "saaty1980";
    }
    return "unknown";
}

gt_status gt_ahp_weights(gt_context *ctx, int n, const double *a, gt_ri_table table,
                         gt_ahp_result *out)
{
    memset(out, 0, sizeof *out);
    if (n < 1 || n > GT_AHP_MAX_N)
        return gt__error(ctx, GT_ERR_AHP_MATRIX, "AHP matrix must have 1 to %d criteria (got %d)",
                         GT_AHP_MAX_N, n);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double v = a[i * n + j];
            if (!(v > 0) || !isfinite(v))
                return gt__error(ctx, GT_ERR_AHP_MATRIX,
                                 "AHP matrix row %d, column %d: judgment must "
                                 "be a positive number (got %g)",
                                 i + 1, j + 1, v);
        }
        if (fabs(a[i * n + i] - 1.0) > RECIPROCITY_TOL)
            return gt__error(ctx, GT_ERR_AHP_MATRIX,
                             "AHP matrix row %d, column %d: the diagonal must "
                             "be 1 (got %g)",
                             i + 1, i + 1, a[i * n + i]);
    }
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double p = a[i * n + j] * a[j * n + i];
            if (fabs(p - 1.0) > RECIPROCITY_TOL)
                return gt__error(ctx, GT_ERR_AHP_MATRIX,
                                 "AHP matrix is not reciprocal: row %d, column "
                                 "%d is %g, so row %d, column %d must be 1/%g "
                                 "= %.4g (got %g; tolerance %g%%)",
                                 i + 1, j + 1, a[i * n + j], j + 1, i + 1, a[i * n + j],
                                 1.0 / a[i * n + j], a[j * n + i], RECIPROCITY_TOL * 100);
        }

    double w[GT_AHP_MAX_N], next[GT_AHP_MAX_N];
    for (int i = 0; i < n; i++)
        w[i] = 1.0 / n;
    double lambda = n;
    int it;
    for (it = 1; it <= 10000; it++) {
        double sum = 0, diff = 0;
        for (int i = 0; i < n; i++) {
            next[i] = 0;
            for (int j = 0; j < n; j++)
                next[i] += a[i * n + j] * w[j];
            sum += next[i];
        }
        lambda = sum; /* sum(A w) with sum(w) = 1 */
        for (int i = 0; i < n; i++) {
            next[i] /= sum;
            diff = fmax(diff, fabs(next[i] - w[i]));
            w[i] = next[i];
        }
        if (diff < 1e-15)
            break;
    }
    if (it > 10000)
        return gt__error(ctx, GT_ERR_AHP_MATRIX, "AHP power iteration did not converge");
    out->n = n;
    memcpy(out->weights, w, sizeof(double) * (size_t)n);
    out->lambda_max = lambda;
    out->iterations = it;
    out->ri_table = table;
    out->ri = gt_ahp_random_index(table, n);
    if (n <= 2) {
        out->ci = 0;
        out->cr = 0;
    } else {
        out->ci = (lambda - n) / (n - 1);
        if (out->ci < 0)
            out->ci = 0; /* rounding below n for a consistent matrix */
        out->cr = out->ci / out->ri;
    }
    /* The judgment furthest from the one the weights imply (w_i / w_j), on a
     * log scale: where a reviewer should look first. */
    double worst = 0;
    out->worst_row = out->worst_col = -1;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double e = fabs(log(a[i * n + j] * w[j] / w[i]));
            if (e > worst + 1e-12) {
                worst = e;
                out->worst_row = i;
                out->worst_col = j;
                out->worst_consistent_value = w[i] / w[j];
            }
        }
    return GT_OK;
}
