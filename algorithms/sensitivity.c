/*
 * sensitivity.c: the arithmetic of the weight sensitivity analysis: the
 * one-at-a-time re-weighting, the Monte Carlo weights centred on the base
 * weights, running cell statistics and rank tracking (docs/sensitivity.md).
 * SPDX-License-Identifier: MIT
 *
 * One at a time: Chen, Yu & Khan (2010), Environ. Model. Softw. 25(12);
 * Monte Carlo weights from a Dirichlet distribution centred on the base
 * weights; running variance: Welford (1962), Technometrics 4(3).
 */
#include <math.h>

#include "algorithms/internal.h"

void gt__oat_weights(int n, const double *base, int k, double step, double *out)
{
    double wk = fmin(1, fmax(0, base[k] * (1 + step)));
    double rest = 1 - base[k];
    for (int i = 0; i < n; i++)
        out[i] = i == k ? wk : rest > 0 ? base[i] * (1 - wk) / rest : 0;
}

void gt__mc_alpha(int n, const double *base, double concentration, double *alpha)
{
    /* The Dirichlet mean is alpha_i / sum(alpha) = w_i; the floor of 0.5
     * keeps a zero weight able to move. */
    for (int i = 0; i < n; i++)
        alpha[i] = fmax(concentration * n * base[i], 0.5);
}

void gt__mc_weights(gt__rng *rng, int n, const double *alpha, double *out)
{
    gt__rng_dirichlet(rng, n, alpha, out);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += out[i];
    for (int i = 0; i < n; i++)
        out[i] /= sum;
}

void gt__welford_add(size_t count, const float *x, const unsigned char *valid, int run,
                     double *mean, double *m2)
{
    double inv = 1.0 / (run + 1);
    for (size_t c = 0; c < count; c++) {
        if (!valid[c]) {
            mean[c] = NAN;
            continue;
        }
        double v = x[c], d = v - mean[c];
        mean[c] += d * inv;
        m2[c] += d * (v - mean[c]);
    }
}

void gt__welford_cv(size_t count, const double *mean, const double *m2, int runs, float *cv)
{
    for (size_t c = 0; c < count; c++) {
        double sd = runs > 1 ? sqrt(m2[c] / (runs - 1)) : NAN;
        cv[c] = isnan(mean[c]) || mean[c] == 0 ? NAN : (float)(sd / fabs(mean[c]));
    }
}

void gt__rank_track(int n, const int *rank, int top_k, int *best, int *worst, int *in_top_k)
{
    for (int p = 0; p < n; p++) {
        if (!rank[p])
            continue;
        if (!best[p] || rank[p] < best[p])
            best[p] = rank[p];
        if (rank[p] > worst[p])
            worst[p] = rank[p];
        in_top_k[p] += rank[p] <= top_k;
    }
}

double gt__run_share(int count, int runs)
{
    return runs ? (double)count / runs : NAN;
}

void gt__rank_reversals(int n, const int *base, const int *rank, int top_k, int change,
                        gt__reversal *out, int *n_out, int cap)
{
    for (int a = 0; a < n && *n_out < cap; a++)
        for (int b = 0; b < n && *n_out < cap; b++) {
            int ba = base[a], bb = base[b];
            if (!ba || !bb || ba >= bb || bb > top_k || !rank[a] || !rank[b] || rank[a] < rank[b])
                continue;
            out[(*n_out)++] = (gt__reversal){.change = change,
                                             .a = a,
                                             .b = b,
                                             .base_a = ba,
                                             .base_b = bb,
                                             .rank_a = rank[a],
                                             .rank_b = rank[b]};
        }
}
