/*
 * facility.c: p-median by vertex substitution, greedy set covering and
 * maximal covering on in-memory matrices (facility.h). The exact versions
 * of the same models, for checking these and for small cases, are integer
 * programs solved with GLPK in layers/lp.c. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/facility.h"

typedef struct {
    double w;
    int i;
} by_weight;

static int cmp_weight_desc(const void *a, const void *b)
{
    const by_weight *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->i - y->i;
}

static double assign_capacitated(const gt__pmedian *pm, const int *open, int p, int *assign)
{
    by_weight *order = malloc((size_t)pm->n * sizeof *order);
    double *room = malloc((size_t)p * sizeof *room);
    if (!order || !room) {
        free(order);
        free(room);
        return NAN;
    }
    for (int i = 0; i < pm->n; i++)
        order[i] = (by_weight){pm->weight[i], i};
    qsort(order, (size_t)pm->n, sizeof *order, cmp_weight_desc);
    for (int k = 0; k < p; k++)
        room[k] = pm->capacity[open[k]];
    double total = 0;
    for (int r = 0; r < pm->n; r++) {
        int i = order[r].i, best = -1;
        double bd = INFINITY;
        for (int k = 0; k < p; k++) {
            double d = pm->dist[(size_t)i * pm->m + open[k]];
            if (d < bd && room[k] >= pm->weight[i]) {
                bd = d;
                best = k;
            }
        }
        if (assign)
            assign[i] = best < 0 ? -1 : open[best];
        if (best < 0) {
            total = INFINITY;
            continue;
        }
        room[best] -= pm->weight[i];
        total += pm->weight[i] * bd;
    }
    free(order);
    free(room);
    return total;
}

double gt__pmedian_assign(const gt__pmedian *pm, const int *open, int p, int *assign)
{
    if (pm->capacity)
        return assign_capacitated(pm, open, p, assign);
    double total = 0;
    for (int i = 0; i < pm->n; i++) {
        int best = -1;
        double bd = INFINITY;
        for (int k = 0; k < p; k++) {
            double d = pm->dist[(size_t)i * pm->m + open[k]];
            if (d < bd) {
                bd = d;
                best = open[k];
            }
        }
        if (assign)
            assign[i] = best;
        total += best < 0 ? INFINITY : pm->weight[i] * bd;
    }
    return total;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* Objective compared with a relative tolerance, so that rounding does not
 * make two equal solutions swap for ever. */
static bool better(double a, double b)
{
    if (isinf(b))
        return !isinf(a);
    return a < b - 1e-12 * fmax(1.0, fabs(b));
}

gt_status gt__pmedian_substitution(gt_context *ctx, const gt__pmedian *pm, int p, int *open,
                                   int *assign, double *objective)
{
    if (p < 1 || p > pm->m)
        return gt__error(ctx, GT_ERR_INTERNAL, "p-median: p = %d with %d candidates", p, pm->m);
    unsigned char *is_open = gt__calloc(ctx, (size_t)pm->m, 1);
    if (!is_open)
        return GT_ERR_NOMEM;
    /* Greedy start: add the candidate that lowers the objective most. */
    double best = INFINITY;
    for (int k = 0; k < p; k++) {
        int pick = -1;
        double pick_obj = INFINITY;
        for (int j = 0; j < pm->m; j++) {
            if (is_open[j])
                continue;
            open[k] = j;
            double o = gt__pmedian_assign(pm, open, k + 1, NULL);
            if (pick < 0 || better(o, pick_obj)) {
                pick = j;
                pick_obj = o;
            }
        }
        open[k] = pick;
        is_open[pick] = 1;
        best = pick_obj;
    }
    /* Substitution: for each open candidate, the best closed one to swap in;
     * apply an improving swap and start over until none improves. */
    bool improved = true;
    while (improved) {
        improved = false;
        for (int k = 0; k < p && !improved; k++) {
            int out = open[k];
            for (int j = 0; j < pm->m; j++) {
                if (is_open[j])
                    continue;
                open[k] = j;
                double o = gt__pmedian_assign(pm, open, p, NULL);
                if (better(o, best)) {
                    best = o;
                    is_open[out] = 0;
                    is_open[j] = 1;
                    improved = true;
                    break;
                }
                open[k] = out;
            }
        }
    }
    free(is_open);
    qsort(open, (size_t)p, sizeof *open, cmp_int);
    *objective = gt__pmedian_assign(pm, open, p, assign);
    return GT_OK;
}

gt_status gt__setcover_greedy(gt_context *ctx, int n, int m, const unsigned char *cover,
                              unsigned char *chosen, int *count, int *uncoverable)
{
    unsigned char *covered = gt__calloc(ctx, (size_t)n + 1, 1);
    int *order = gt__calloc(ctx, (size_t)m + 1, sizeof *order);
    if (!covered || !order) {
        free(covered);
        free(order);
        return GT_ERR_NOMEM;
    }
    memset(chosen, 0, (size_t)m);
    int left = 0;
    *uncoverable = 0;
    for (int i = 0; i < n; i++) {
        bool any = false;
        for (int j = 0; j < m && !any; j++)
            any = cover[(size_t)i * m + j];
        if (!any) {
            covered[i] = 1; /* nothing can cover it: left out */
            (*uncoverable)++;
        } else {
            left++;
        }
    }
    int n_chosen = 0;
    while (left > 0) {
        int pick = -1, pick_gain = 0;
        for (int j = 0; j < m; j++) {
            if (chosen[j])
                continue;
            int gain = 0;
            for (int i = 0; i < n; i++)
                gain += !covered[i] && cover[(size_t)i * m + j];
            if (gain > pick_gain) {
                pick = j;
                pick_gain = gain;
            }
        }
        chosen[pick] = 1;
        order[n_chosen++] = pick;
        for (int i = 0; i < n; i++)
            if (!covered[i] && cover[(size_t)i * m + pick]) {
                covered[i] = 1;
                left--;
            }
    }
    /* Drop redundant picks, the last chosen first: a candidate whose every
     * demand another chosen candidate also covers. */
    for (int r = n_chosen - 1; r >= 0; r--) {
        int j = order[r];
        bool needed = false;
        for (int i = 0; i < n && !needed; i++) {
            if (!cover[(size_t)i * m + j])
                continue;
            bool other = false;
            for (int k = 0; k < m && !other; k++)
                other = k != j && chosen[k] && cover[(size_t)i * m + k];
            needed = !other;
        }
        if (!needed)
            chosen[j] = 0;
    }
    *count = 0;
    for (int j = 0; j < m; j++)
        *count += chosen[j];
    free(covered);
    free(order);
    return GT_OK;
}

gt_status gt__maxcover_greedy(gt_context *ctx, int n, int m, const unsigned char *cover,
                              const double *weight, int k, unsigned char *chosen, double *covered)
{
    unsigned char *is_cov = gt__calloc(ctx, (size_t)n + 1, 1);
    if (!is_cov)
        return GT_ERR_NOMEM;
    memset(chosen, 0, (size_t)m);
    *covered = 0;
    for (int r = 0; r < k && r < m; r++) {
        int pick = -1;
        double pick_gain = -1;
        for (int j = 0; j < m; j++) {
            if (chosen[j])
                continue;
            double gain = 0;
            for (int i = 0; i < n; i++)
                if (!is_cov[i] && cover[(size_t)i * m + j])
                    gain += weight[i];
            if (gain > pick_gain) {
                pick = j;
                pick_gain = gain;
            }
        }
        chosen[pick] = 1;
        *covered += pick_gain;
        for (int i = 0; i < n; i++)
            if (cover[(size_t)i * m + pick])
                is_cov[i] = 1;
    }
    free(is_cov);
    return GT_OK;
}
