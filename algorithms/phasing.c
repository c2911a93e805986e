/*
 * phasing.c: a year-by-year remediation plan against the 2030 targets of
 * Resolution 394/NQ-CP: more than 50 % of unsanitary landfills remediated,
 * 100 % of (polluting) spontaneous dumps closed.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/internal.h"

/* A growing list of the sites passed over in favour of lower-priority ones. */
typedef struct {
    gt_plan_skip *v;
    int n, cap;
    bool nomem;
} skip_list;

static void skip_add(skip_list *l, gt_plan_skip s)
{
    if (l->nomem)
        return;
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        gt_plan_skip *v = realloc(l->v, sizeof *v * (size_t)cap);
        if (!v) {
            l->nomem = true;
            return;
        }
        l->v = v, l->cap = cap;
    }
    l->v[l->n++] = s;
}

/* The scheduler, and when `skips` is given, the record of why it went past
 * a site: each year, a site whose cost exceeded what was left of the
 * budget at its turn, when a site after it in priority order was then taken
 * that year (a site passed over with nothing after it taken was not passed
 * over in favour of anyone). One loop for both, so the explanation cannot
 * drift from the schedule it explains. */
static gt_status schedule(gt_context *ctx, const gt_plan_site *sites, int n,
                          const gt_plan_options *o, int *year_out, gt_plan_year *years,
                          skip_list *skips)
{
    if (o->end_year < o->start_year)
        return gt__error(ctx, GT_ERR_SCENARIO, "plan: end year %d is before start year %d",
                         o->end_year, o->start_year);
    int ny = o->end_year - o->start_year + 1, tot_u = 0, tot_d = 0;
    for (int i = 0; i < n; i++) {
        year_out[i] = sites[i].done_year > 0 ? sites[i].done_year : 0;
        tot_u += sites[i].kind == GT_SITE_UNSANITARY;
        tot_d += sites[i].kind == GT_SITE_DUMP;
    }
    for (int y = 0; y < ny; y++) {
        gt_plan_year *py = &years[y];
        memset(py, 0, sizeof *py);
        py->year = o->start_year + y;
        double left = o->annual_budget > 0 ? o->annual_budget : INFINITY;
        int slots = o->sites_per_year > 0 ? o->sites_per_year : n;
        int first_skip = skips ? skips->n : 0, last_taken = -1;
        for (int i = 0; i < n && slots > 0; i++) {
            if (year_out[i] || sites[i].kind == GT_SITE_OTHER)
                continue;
            if (sites[i].cost > left) {
                if (skips)
                    skip_add(skips, (gt_plan_skip){py->year, i, sites[i].cost, left});
                continue; /* waits; a cheaper site after it may go */
            }
            year_out[i] = py->year;
            left -= sites[i].cost;
            py->cost += sites[i].cost;
            py->scheduled++;
            slots--;
            last_taken = i;
        }
        /* Keep only the sites passed over before the last one taken. */
        while (skips && skips->n > first_skip && skips->v[skips->n - 1].site > last_taken)
            skips->n--;
        for (int i = 0; i < n; i++) {
            if (!year_out[i] || year_out[i] > py->year)
                continue;
            py->unsanitary_done += sites[i].kind == GT_SITE_UNSANITARY;
            py->dumps_done += sites[i].kind == GT_SITE_DUMP;
        }
        py->unsanitary_total = tot_u;
        py->dumps_total = tot_d;
        py->unsanitary_pct = tot_u ? 100.0 * py->unsanitary_done / tot_u : 100.0;
        py->dumps_pct = tot_d ? 100.0 * py->dumps_done / tot_d : 100.0;
        /* "More than 50 %": strictly greater. */
        py->unsanitary_met = tot_u == 0 || 2 * py->unsanitary_done > tot_u;
        py->dumps_met = py->dumps_done == tot_d;
    }
    return GT_OK;
}

gt_status gt_plan_schedule(gt_context *ctx, const gt_plan_site *sites, int n,
                           const gt_plan_options *o, int *year_out, gt_plan_year *years)
{
    return schedule(ctx, sites, n, o, year_out, years, NULL);
}

gt_status gt_plan_skips(gt_context *ctx, const gt_plan_site *sites, int n, const gt_plan_options *o,
                        gt_plan_skip **skips, int *n_skips)
{
    *skips = NULL;
    *n_skips = 0;
    int ny = o->end_year - o->start_year + 1;
    int *yo = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    gt_plan_year *years = malloc(sizeof *years * (size_t)(ny > 0 ? ny : 1));
    skip_list l = {0};
    gt_status st = yo && years ? schedule(ctx, sites, n, o, yo, years, &l)
                               : gt__error(ctx, GT_ERR_NOMEM, "plan: out of memory");
    if (!st && l.nomem)
        st = gt__error(ctx, GT_ERR_NOMEM, "plan: out of memory");
    free(yo);
    free(years);
    if (st) {
        free(l.v);
        return st;
    }
    *skips = l.v;
    *n_skips = l.n;
    return GT_OK;
}

static bool meets(gt_context *ctx, const gt_plan_site *sites, int n, const gt_plan_options *o,
                  double budget, int *year_out, gt_plan_year *years)
{
    gt_plan_options t = *o;
    t.annual_budget = budget;
    if (gt_plan_schedule(ctx, sites, n, &t, year_out, years))
        return false;
    gt_plan_year *last = &years[o->end_year - o->start_year];
    return last->unsanitary_met && last->dumps_met;
}

double gt_plan_budget_needed(gt_context *ctx, const gt_plan_site *sites, int n,
                             const gt_plan_options *o)
{
    int ny = o->end_year - o->start_year + 1;
    if (ny < 1)
        return INFINITY;
    int *yo = malloc(sizeof(int) * (size_t)(n ? n : 1));
    gt_plan_year *years = malloc(sizeof *years * (size_t)ny);
    double result = INFINITY;
    if (!yo || !years)
        goto done;
    /* With every site's cost as the budget, each year can take the dearest
     * site: if even that fails (too few years or slots), nothing will. */
    double hi = 0, total = 0;
    for (int i = 0; i < n; i++)
        if (sites[i].kind != GT_SITE_OTHER && !sites[i].done_year) {
            hi = fmax(hi, sites[i].cost);
            total += sites[i].cost;
        }
    hi = fmax(hi, total);
    if (!meets(ctx, sites, n, o, hi > 0 ? hi : 1, yo, years))
        goto done;
    double lo = 0;
    if (meets(ctx, sites, n, o, 0 + 1e-9, yo, years)) {
        result = 0;
        goto done;
    }
    while (hi - lo > 1e-3 * hi) {
        double mid = 0.5 * (lo + hi);
        if (meets(ctx, sites, n, o, mid, yo, years))
            hi = mid;
        else
            lo = mid;
    }
    result = hi;
done:
    free(yo);
    free(years);
    return result;
}
