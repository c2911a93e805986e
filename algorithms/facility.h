/*
 * facility.h: location models on an in-memory distance matrix (internal):
 * p-median by vertex substitution (Teitz and Bart 1968) and set covering /
 * maximal covering by greedy selection (Chvátal 1979; Church and ReVelle
 * 1974). Pure computation: the exact solvers (GLPK) are in layers/lp.c.
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_FACILITY_H
#define GT_FACILITY_H

#include "algorithms/internal.h"

/** A p-median instance: n demands, m candidates. dist[i * m + j] is the
 *  cost of serving one unit of demand i from candidate j (INFINITY when j
 *  cannot serve i); weight[i] the demand (tonnes/day). capacity (NULL:
 *  uncapacitated) caps the weight each open candidate may serve. */
typedef struct gt__pmedian {
    int n, m;
    const double *dist;
    const double *weight;
    const double *capacity;
} gt__pmedian;

/** Objective of serving every demand from the open set (open[k], k < p):
 *  sum of weight x dist to the assigned candidate. Uncapacitated: each demand
 *  goes to its nearest open candidate. Capacitated: demands in order of
 *  decreasing weight take their nearest open candidate with room left
 *  (greedy, not optimal). assign (may be NULL) gets the candidate of each
 *  demand, -1 when none can serve it; the objective is then INFINITY. */
double gt__pmedian_assign(const gt__pmedian *pm, const int *open, int p, int *assign);

/** Vertex substitution: start from the greedy (add one at a time) solution,
 *  then swap an open candidate for a closed one while the objective drops,
 *  until no swap improves it. open[p] gets the chosen candidates (sorted),
 *  assign[n] the candidate of each demand; returns the objective (INFINITY
 *  when some demand cannot be served). p must be 1..m. GT_ERR_NOMEM only. */
gt_status gt__pmedian_substitution(gt_context *ctx, const gt__pmedian *pm, int p, int *open,
                                   int *assign, double *objective);

/** Set covering: cover[i * m + j] != 0 when candidate j covers demand i.
 *  Greedy: take the candidate covering most uncovered demands (ties: lowest
 *  index), then drop candidates whose demands are all covered by the others
 *  (last chosen first). chosen[m] gets 1 for chosen candidates; *count
 *  their number. Demands no candidate covers are left out and counted in
 *  *uncoverable. */
gt_status gt__setcover_greedy(gt_context *ctx, int n, int m, const unsigned char *cover,
                              unsigned char *chosen, int *count, int *uncoverable);

/** Maximal covering: k candidates covering the most weight (greedy: the
 *  largest uncovered weight first, ties lowest index). Returns the weight
 *  covered in *covered. */
gt_status gt__maxcover_greedy(gt_context *ctx, int n, int m, const unsigned char *cover,
                              const double *weight, int k, unsigned char *chosen, double *covered);

#endif
