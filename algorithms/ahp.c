/*
 * ahp.c: Analytic Hierarchy Process weights and consistency.
 * SPDX-License-Identifier: MIT
 *
 * T. L. Saaty, The Analytic Hierarchy Process, McGraw-Hill, 1980.
 * Matrix orientation: a_ij = how much more important criterion i is than j
 * (a_ji = 1/a_ij). A transposed matrix gives the reciprocal weights with the
 * same CR, so the orientation is stated in every file format.
 *
 * eigen:     w = principal right eigenvector, by power iteration; with
 *            sum w = 1, lambda_max = sum_i (A w)_i.
 * geometric: w_i = (prod_j a_ij)^(1/n), normalised (row geometric mean);
 *            lambda_max = (1/n) sum_i (A w)_i / w_i;
 *            GCI = 2 / ((n-1)(n-2)) sum_{i<j} ln^2(a_ij w_j / w_i)
 *            (Aguarón & Moreno-Jiménez, EJOR 147, 2003), acceptable below
 *            0.31 (n = 3), 0.35 (n = 4), 0.37 (n > 4).
 * Both:      CI = (lambda_max - n) / (n - 1), CR = CI / RI(n) (0 for n <= 2).
 * RI tables (indexed by n itself; GRASS r.mcda.ahp's list is off by one):
 * Saaty (1980); Saaty (2005, ANP book p. 31); Donegan & Dodd (1991).
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "algorithms/internal.h"

static const double ri_tables[3][GT_AHP_MAX_N + 1] = {
    /* Saaty 1980 */
    {NAN, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59},
    /* Saaty 2005 */
    {NAN, 0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59},
    /* Donegan & Dodd 1991 */
    {NAN, 0.0, 0.0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497,
     1.4643, 1.4822, 1.4969}};
static const char *const ri_names[3] = {"saaty1980", "saaty2005", "donegan-dodd"};

/* Relative tolerance of the reciprocity check: |a_ij * a_ji - 1| <= this.
 * 0.33 for 1/3 passes (0.99); 0.3 for 1/3 fails (0.9). */
#define RECIPROCITY_TOL 0.02

double gt_ahp_random_index(gt_ri_table table, int n)
{
    if (n < 1 || n > GT_AHP_MAX_N || (unsigned)table > 2)
        return NAN;
    return ri_tables[table][n];
}

const char *gt_ri_table_name(gt_ri_table table)
{
    return (unsigned)table <= 2 ? ri_names[table] : "unknown";
}

gt_status gt_ri_table_from_name(gt_context *ctx, const char *name, gt_ri_table *out)
{
    for (int i = 0; i < 3; i++)
        if (!strcmp(name, ri_names[i])) {
            *out = (gt_ri_table)i;
            return GT_OK;
        }
    return gt__error(ctx, GT_ERR_USAGE,
                     "unknown random-index table '%s' (saaty1980, saaty2005, donegan-dodd)", name);
}

const char *gt_ahp_method_name(gt_ahp_method method)
{
    return method == GT_AHP_GEOMETRIC ? "geometric" : method == GT_AHP_EIGEN ? "eigen" : "unknown";
}

gt_status gt_ahp_method_from_name(gt_context *ctx, const char *name, gt_ahp_method *out)
{
    if (!strcmp(name, "eigen"))
        *out = GT_AHP_EIGEN;
    else if (!strcmp(name, "geometric"))
        *out = GT_AHP_GEOMETRIC;
    else
        return gt__error(ctx, GT_ERR_USAGE, "unknown AHP method '%s' (eigen, geometric)", name);
    return GT_OK;
}

static gt_status check_matrix(gt_context *ctx, int n, const double *a)
{
    if (n < 1 || n > GT_AHP_MAX_N)
        return gt__error(ctx, GT_ERR_AHP_MATRIX, "AHP matrix must have 1 to %d criteria (got %d)",
                         GT_AHP_MAX_N, n);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double v = a[i * n + j];
            if (!(v > 0) || !isfinite(v))
                return gt__error(ctx, GT_ERR_AHP_MATRIX,
                                 "AHP matrix row %d, column %d: judgment must be a positive "
                                 "number (got %g)",
                                 i + 1, j + 1, v);
        }
        if (fabs(a[i * n + i] - 1.0) > RECIPROCITY_TOL)
            return gt__error(ctx, GT_ERR_AHP_MATRIX,
                             "AHP matrix row %d, column %d: the diagonal must be 1 (got %g)", i + 1,
                             i + 1, a[i * n + i]);
    }
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double p = a[i * n + j] * a[j * n + i];
            if (fabs(p - 1.0) > RECIPROCITY_TOL)
                return gt__error(ctx, GT_ERR_AHP_MATRIX,
                                 "AHP matrix is not reciprocal: row %d, column %d is %g, so row "
                                 "%d, column %d must be 1/%g = %.4g (got %g; tolerance %g%%)",
                                 i + 1, j + 1, a[i * n + j], j + 1, i + 1, a[i * n + j],
                                 1.0 / a[i * n + j], a[j * n + i], RECIPROCITY_TOL * 100);
        }
    return GT_OK;
}

static gt_status eigen_weights(gt_context *ctx, int n, const double *a, gt_ahp_result *out)
{
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
    memcpy(out->weights, w, sizeof(double) * (size_t)n);
    out->lambda_max = lambda;
    out->iterations = it;
    return GT_OK;
}

static void geometric_weights(int n, const double *a, gt_ahp_result *out)
{
    double sum = 0;
    for (int i = 0; i < n; i++) {
        double lg = 0;
        for (int j = 0; j < n; j++)
            lg += log(a[i * n + j]);
        out->weights[i] = exp(lg / n);
        sum += out->weights[i];
    }
    double lambda = 0;
    for (int i = 0; i < n; i++)
        out->weights[i] /= sum;
    for (int i = 0; i < n; i++) {
        double aw = 0;
        for (int j = 0; j < n; j++)
            aw += a[i * n + j] * out->weights[j];
        lambda += aw / out->weights[i];
    }
    out->lambda_max = lambda / n;
}

gt_status gt_ahp_compute(gt_context *ctx, int n, const double *a, gt_ahp_method method,
                         gt_ri_table table, gt_ahp_result *out)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)table > 2)
        return gt__error(ctx, GT_ERR_USAGE, "unknown random-index table %d", (int)table);
    gt_status st = check_matrix(ctx, n, a);
    if (st)
        return st;
    out->n = n;
    out->method = method;
    out->ri_table = table;
    if (method == GT_AHP_GEOMETRIC)
        geometric_weights(n, a, out);
    else if ((st = eigen_weights(ctx, n, a, out)))
        return st;
    out->ri = gt_ahp_random_index(table, n);
    out->gci_limit = n <= 3 ? 0.31 : n == 4 ? 0.35 : 0.37;
    if (n > 2) {
        out->ci = (out->lambda_max - n) / (n - 1);
        if (out->ci < 0)
            out->ci = 0; /* rounding below n for a consistent matrix */
        out->cr = out->ci / out->ri;
        double s = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double e = log(a[i * n + j] * out->weights[j] / out->weights[i]);
                s += e * e;
            }
        out->gci = 2.0 * s / ((n - 1.0) * (n - 2.0));
    }
    /* The judgments furthest from the ones the weights imply (w_i / w_j),
     * on a log scale: where a reviewer should look first. */
    bool taken[GT_AHP_MAX_N][GT_AHP_MAX_N] = {{false}};
    for (int k = 0; k < GT_AHP_SUGGESTIONS; k++) {
        gt_ahp_suggestion best = {-1, -1, 0, 0, 1e-9};
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double err = fabs(log(a[i * n + j] * out->weights[j] / out->weights[i]));
                if (!taken[i][j] && err > best.log_error)
                    best = (gt_ahp_suggestion){i, j, a[i * n + j],
                                               out->weights[i] / out->weights[j], err};
            }
        if (best.row < 0)
            break; /* the rest agree with the weights */
        taken[best.row][best.col] = true;
        out->suggestions[out->n_suggestions++] = best;
    }
    return GT_OK;
}

gt_status gt_ahp_weights(gt_context *ctx, int n, const double *a, gt_ri_table table,
                         gt_ahp_result *out)
{
    return gt_ahp_compute(ctx, n, a, GT_AHP_EIGEN, table, out);
}

gt_status gt_ahp_group(gt_context *ctx, int n, int k, const double *const *m, double *out)
{
    if (k < 1 || n < 1 || n > GT_AHP_MAX_N)
        return gt__error(ctx, GT_ERR_AHP_MATRIX, "AHP group: need at least one %d x %d matrix", n,
                         n);
    for (int c = 0; c < n * n; c++) {
        double lg = 0;
        for (int e = 0; e < k; e++) {
            if (!(m[e][c] > 0))
                return gt__error(ctx, GT_ERR_AHP_MATRIX,
                                 "AHP group: matrix %d, row %d, column %d is not positive", e + 1,
                                 c / n + 1, c % n + 1);
            lg += log(m[e][c]);
        }
        out[c] = exp(lg / k);
    }
    return GT_OK;
}
