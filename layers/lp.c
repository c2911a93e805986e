/*
 * lp.c: exact p-median, set covering and maximal covering as integer
 * programs solved by GLPK's branch and cut (glp_intopt). Used on small
 * instances, and to report the gap of the heuristics in algorithms/
 * facility.c. GLPK's own errors would abort the process: a hook turns them
 * into GT_ERR_DEPENDENCY. SPDX-License-Identifier: MIT
 */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "layers/network.h"

static _Thread_local jmp_buf *glp_jump;

static void on_glp_error(void *info)
{
    (void)info;
    glp_free_env(); /* GLPK's documented way out of an error: drop its state */
    longjmp(*glp_jump, 1);
}

/* Everything a model needs while it is built: GLPK's sparse triplets. */
typedef struct {
    int *ia, *ja;
    double *ar;
    int n, cap;
} triplets;

static bool trip_add(triplets *t, int row, int col, double v)
{
    if (t->n + 1 >= t->cap) {
        int cap = t->cap ? 2 * t->cap : 1024;
        int *ia = realloc(t->ia, (size_t)cap * sizeof *ia);
        if (ia)
            t->ia = ia;
        int *ja = realloc(t->ja, (size_t)cap * sizeof *ja);
        if (ja)
            t->ja = ja;
        double *ar = realloc(t->ar, (size_t)cap * sizeof *ar);
        if (ar)
            t->ar = ar;
        if (!ia || !ja || !ar)
            return false;
        t->cap = cap;
    }
    t->n++; /* GLPK's arrays start at 1 */
    t->ia[t->n] = row;
    t->ja[t->n] = col;
    t->ar[t->n] = v;
    return true;
}

static void trip_free(triplets *t)
{
    free(t->ia);
    free(t->ja);
    free(t->ar);
}

/* Solve the built problem; the verdict in *result. */
static gt_status solve(gt_context *ctx, glp_prob *lp, double time_limit_s, gt__lp_result *result)
{
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    parm.tm_lim = (int)fmin(time_limit_s * 1000.0, 1e9);
    int rc = glp_intopt(lp, &parm);
    int ms = glp_mip_status(lp);
    if (ms == GLP_OPT)
        *result = GT__LP_OPTIMAL;
    else if (ms == GLP_FEAS)
        *result = GT__LP_FEASIBLE;
    else if (ms == GLP_NOFEAS || rc == GLP_ENOPFS || rc == GLP_ENODFS)
        *result = GT__LP_INFEASIBLE;
    else if (rc == GLP_ETMLIM)
        *result = GT__LP_TIMEOUT; /* the caller keeps its heuristic solution */
    else
        return gt__error(ctx, GT_ERR_DEPENDENCY, "GLPK: glp_intopt failed (code %d)", rc);
    return GT_OK;
}

/* Run `build_and_solve` with GLPK's error hook and free GLPK's state after. */
#define GLP_GUARD_BEGIN(cleanup)                                                                   \
    jmp_buf jb;                                                                                    \
    glp_jump = &jb;                                                                                \
    if (setjmp(jb)) {                                                                              \
        trip_free(&t);                                                                             \
        cleanup;                                                                                   \
        return gt__error(ctx, GT_ERR_DEPENDENCY, "GLPK reported an internal error");              \
    }                                                                                              \
    glp_error_hook(on_glp_error, NULL);                                                            \
    glp_term_out(GLP_OFF);

#define GLP_GUARD_END                                                                              \
    glp_error_hook(NULL, NULL);                                                                    \
    glp_free_env();

gt_status gt__lp_pmedian(gt_context *ctx, const gt__pmedian *pm, int p, double time_limit_s,
                         int *open, int *assign, double *objective, gt__lp_result *result)
{
    const int n = pm->n, m = pm->m;
    triplets t = {0};
    int *xcol = malloc((size_t)n * m * sizeof *xcol);
    if (!xcol)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    gt_status st = GT_OK;
    volatile bool nomem = false;
    GLP_GUARD_BEGIN(free(xcol))
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    /* Columns: y_j (1..m), then x_ij where j can serve i. */
    glp_add_cols(lp, m);
    for (int j = 0; j < m; j++)
        glp_set_col_kind(lp, j + 1, GLP_BV);
    int nx = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            xcol[i * m + j] = isfinite(pm->dist[(size_t)i * m + j]) ? m + 1 + nx++ : 0;
    if (nx)
        glp_add_cols(lp, nx);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            int c = xcol[i * m + j];
            if (!c)
                continue;
            glp_set_obj_coef(lp, c, pm->weight[i] * pm->dist[(size_t)i * m + j]);
            if (pm->capacity)
                glp_set_col_kind(lp, c, GLP_BV); /* one station per commune */
            else
                glp_set_col_bnds(lp, c, GLP_DB, 0.0, 1.0);
        }
    /* Rows: each demand served once; x_ij <= y_j; sum y = p; capacities. */
    int row = glp_add_rows(lp, n);
    for (int i = 0; i < n; i++) {
        glp_set_row_bnds(lp, row + i, GLP_FX, 1.0, 1.0);
        for (int j = 0; j < m; j++)
            if (xcol[i * m + j] && !trip_add(&t, row + i, xcol[i * m + j], 1.0))
                nomem = true;
    }
    for (int i = 0; i < n && !nomem; i++)
        for (int j = 0; j < m; j++) {
            if (!xcol[i * m + j])
                continue;
            int r = glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, r, GLP_UP, 0.0, 0.0);
            if (!trip_add(&t, r, xcol[i * m + j], 1.0) || !trip_add(&t, r, j + 1, -1.0))
                nomem = true;
        }
    int r = glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, r, GLP_FX, p, p);
    for (int j = 0; j < m; j++)
        if (!trip_add(&t, r, j + 1, 1.0))
            nomem = true;
    if (pm->capacity)
        for (int j = 0; j < m; j++) {
            r = glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, r, GLP_UP, 0.0, 0.0);
            if (!trip_add(&t, r, j + 1, -pm->capacity[j]))
                nomem = true;
            for (int i = 0; i < n; i++)
                if (xcol[i * m + j] && !trip_add(&t, r, xcol[i * m + j], pm->weight[i]))
                    nomem = true;
        }
    if (nomem) {
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    } else {
        glp_load_matrix(lp, t.n, t.ia, t.ja, t.ar);
        st = solve(ctx, lp, time_limit_s, result);
    }
    if (!st && *result != GT__LP_INFEASIBLE && *result != GT__LP_TIMEOUT) {
        int k = 0;
        for (int j = 0; j < m; j++)
            if (glp_mip_col_val(lp, j + 1) > 0.5 && k < p)
                open[k++] = j;
        for (int i = 0; i < n; i++) {
            assign[i] = -1;
            double best = -1;
            for (int j = 0; j < m; j++)
                if (xcol[i * m + j] && glp_mip_col_val(lp, xcol[i * m + j]) > best) {
                    best = glp_mip_col_val(lp, xcol[i * m + j]);
                    assign[i] = j;
                }
        }
        *objective = glp_mip_obj_val(lp);
        if (!pm->capacity) /* continuous x: take the nearest open (same objective) */
            *objective = gt__pmedian_assign(pm, open, k, assign);
    }
    glp_delete_prob(lp);
    GLP_GUARD_END
    trip_free(&t);
    free(xcol);
    return st;
}

gt_status gt__lp_setcover(gt_context *ctx, int n, int m, const unsigned char *cover,
                          double time_limit_s, unsigned char *chosen, int *count,
                          gt__lp_result *result)
{
    triplets t = {0};
    gt_status st = GT_OK;
    volatile bool nomem = false;
    GLP_GUARD_BEGIN((void)0)
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, m);
    for (int j = 0; j < m; j++) {
        glp_set_col_kind(lp, j + 1, GLP_BV);
        glp_set_obj_coef(lp, j + 1, 1.0);
    }
    for (int i = 0; i < n; i++) {
        bool any = false;
        for (int j = 0; j < m && !any; j++)
            any = cover[(size_t)i * m + j];
        if (!any)
            continue; /* nothing covers it: left out, as in the heuristic */
        int r = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, r, GLP_LO, 1.0, 0.0);
        for (int j = 0; j < m; j++)
            if (cover[(size_t)i * m + j] && !trip_add(&t, r, j + 1, 1.0))
                nomem = true;
    }
    if (nomem)
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    else {
        glp_load_matrix(lp, t.n, t.ia, t.ja, t.ar);
        st = solve(ctx, lp, time_limit_s, result);
    }
    if (!st && (*result == GT__LP_OPTIMAL || *result == GT__LP_FEASIBLE)) {
        *count = 0;
        for (int j = 0; j < m; j++) {
            chosen[j] = glp_mip_col_val(lp, j + 1) > 0.5;
            *count += chosen[j];
        }
    }
    glp_delete_prob(lp);
    GLP_GUARD_END
    trip_free(&t);
    return st;
}

gt_status gt__lp_maxcover(gt_context *ctx, int n, int m, const unsigned char *cover,
                          const double *weight, int k, double time_limit_s, unsigned char *chosen,
                          double *covered, gt__lp_result *result)
{
    triplets t = {0};
    gt_status st = GT_OK;
    volatile bool nomem = false;
    GLP_GUARD_BEGIN((void)0)
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    /* y_j (1..m) chosen; z_i (m+1..m+n) covered. */
    glp_add_cols(lp, m + n);
    for (int j = 0; j < m; j++)
        glp_set_col_kind(lp, j + 1, GLP_BV);
    for (int i = 0; i < n; i++) {
        glp_set_col_bnds(lp, m + 1 + i, GLP_DB, 0.0, 1.0);
        glp_set_obj_coef(lp, m + 1 + i, weight[i]);
    }
    int r = glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, r, GLP_UP, 0.0, k);
    for (int j = 0; j < m; j++)
        if (!trip_add(&t, r, j + 1, 1.0))
            nomem = true;
    for (int i = 0; i < n; i++) {
        r = glp_add_rows(lp, 1); /* z_i - sum_j covers y_j <= 0 */
        glp_set_row_bnds(lp, r, GLP_UP, 0.0, 0.0);
        if (!trip_add(&t, r, m + 1 + i, 1.0))
            nomem = true;
        for (int j = 0; j < m; j++)
            if (cover[(size_t)i * m + j] && !trip_add(&t, r, j + 1, -1.0))
                nomem = true;
    }
    if (nomem)
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    else {
        glp_load_matrix(lp, t.n, t.ia, t.ja, t.ar);
        st = solve(ctx, lp, time_limit_s, result);
    }
    if (!st && (*result == GT__LP_OPTIMAL || *result == GT__LP_FEASIBLE)) {
        for (int j = 0; j < m; j++)
            chosen[j] = glp_mip_col_val(lp, j + 1) > 0.5;
        *covered = 0;
        for (int i = 0; i < n; i++) {
            bool c = false;
            for (int j = 0; j < m && !c; j++)
                c = chosen[j] && cover[(size_t)i * m + j];
            if (c)
                *covered += weight[i];
        }
    }
    glp_delete_prob(lp);
    GLP_GUARD_END
    trip_free(&t);
    return st;
}
