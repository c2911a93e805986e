/*
 * rank_plan.c: stages 3 and 4 of `gistool rank`: score each site with the
 * SPR model (algorithms/spr.c), rank the sites still to be dealt with, and
 * schedule them year by year against the 2030 targets (algorithms/phasing.c).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/rank_stages.h"

gt_status gt__rank_score(gt_context *ctx, const gt__spr_profile *p, const gt__rank_site *sites,
                         const gt__rank_receptors *receptors, int n, gt__spr_site_result **out)
{
    gt__spr_site_result *scores = *out = gt__calloc(ctx, (size_t)n, sizeof *scores);
    if (!scores)
        return gt_context_status(ctx);
    for (int i = 0; i < n; i++) {
        const gt__rank_site *s = &sites[i];
        const gt__rank_receptors *r = &receptors[i];
        const gt__spr_site_input in = {
            .type = s->type,
            .status = s->status,
            .waste = s->category[GT__CATEGORY_WASTE],
            .liner = s->category[GT__CATEGORY_LINER],
            .cover = s->category[GT__CATEGORY_COVER],
            .leachate = s->category[GT__CATEGORY_LEACHATE],
            .burning = s->category[GT__CATEGORY_BURNING],
            .volume_m3 = s->volume_m3,
            .area_ha = s->area_ha,
            .in_flood_zone = r->in_flood_zone,
            .dist_water_m = r->dist_water_m,
            .dist_well_m = r->dist_well_m,
            .dist_protected_m = r->dist_protected_m,
            .dist_residential_m = r->dist_residential_m,
            .pop_500m = r->pop_500m,
            .pop_2km = r->pop_2km,
        };
        gt__spr_score_site(p, &in, &scores[i]);
    }
    return GT_OK;
}

/* Done by `as_of`: a landfill when remediated, a dump when closed or
 * remediated, in or before that year. */
static int done_year(const gt__rank_site *s, int as_of)
{
    if (s->type == GT__SANITARY_LANDFILL)
        return 0;
    bool done = s->status == GT__STATUS_REMEDIATED ||
                (s->type == GT__SPONTANEOUS_DUMP && s->status == GT__STATUS_CLOSED);
    if (done && s->status_year && s->status_year <= as_of)
        return s->status_year;
    if (done && !s->status_year)
        return as_of; /* year unknown: counted as done by now */
    return 0;
}

static gt_site_kind target_kind(gt__landfill_type t)
{
    return t == GT__UNSANITARY_LANDFILL ? GT_SITE_UNSANITARY
           : t == GT__SPONTANEOUS_DUMP  ? GT_SITE_DUMP
                                        : GT_SITE_OTHER;
}

/* Which sites are already done, and what the rest cost. A site
 * "remediating" finishes in the plan's first year at no new cost (already
 * funded). */
static void sites_done(const gt__rank_inputs *in, const gt__spr_site_result *scores, int as_of,
                       gt__rank_plan *plan)
{
    for (int i = 0; i < in->n_sites; i++) {
        const gt__rank_site *s = &in->sites[i];
        plan->done_year[i] = done_year(s, as_of ? as_of : plan->start_year - 1);
        plan->cost[i] = scores[i].cost;
        if (s->status == GT__STATUS_REMEDIATING && !plan->done_year[i] &&
            s->type != GT__SANITARY_LANDFILL) {
            plan->done_year[i] = plan->start_year;
            plan->cost[i] = 0;
        }
    }
}

/* The sites not yet done, ranked by risk, then people within 1 km, then
 * volume (gt__rank_items); *order lists them best first, then the sites
 * already done (they only count towards the targets). */
static gt_status rank_sites(gt_context *ctx, const gt__rank_inputs *in,
                            const gt__rank_receptors *receptors, const gt__spr_site_result *scores,
                            gt__rank_plan *plan, int *order)
{
    int n = in->n_sites, m = 0;
    gt__rank_item *items = gt__calloc(ctx, (size_t)n, sizeof *items);
    if (!items)
        return gt_context_status(ctx);
    for (int i = 0; i < n; i++) {
        if (plan->done_year[i])
            continue; /* remediated sites are not ranked */
        double pop_1km = isnan(receptors[i].pop_1km) ? 0 : receptors[i].pop_1km;
        items[m++] = (gt__rank_item){{scores[i].risk_pct, pop_1km, in->sites[i].volume_m3},
                                     in->sites[i].value[GT__INVENTORY_SITE_ID],
                                     i};
    }
    gt__rank_items(items, m, plan->rank);
    int q = 0;
    for (int k = 0; k < m; k++)
        order[q++] = items[k].index;
    for (int i = 0; i < n; i++)
        if (!plan->rank[i])
            order[q++] = i;
    free(items);
    return GT_OK;
}

/* The first year each target is met, and, when the last year misses one,
 * the annual budget that would meet both. */
static void plan_targets(gt_context *ctx, const gt_plan_site *sites, int n,
                         const gt_plan_options *schedule, gt__rank_plan *plan)
{
    plan->year_unsanitary_met = plan->year_dumps_met = 0;
    for (int y = 0; y < plan->n_years; y++) {
        if (plan->years[y].unsanitary_met && !plan->year_unsanitary_met)
            plan->year_unsanitary_met = plan->years[y].year;
        if (plan->years[y].dumps_met && !plan->year_dumps_met)
            plan->year_dumps_met = plan->years[y].year;
    }
    plan->budget_needed = NAN;
    const gt_plan_year *last = plan->n_years ? &plan->years[plan->n_years - 1] : NULL;
    if (last && !(last->unsanitary_met && last->dumps_met))
        plan->budget_needed = gt_plan_budget_needed(ctx, sites, n, schedule);
}

gt_status gt__rank_plan_make(gt_context *ctx, const gt__rank_part *settings, int as_of,
                             const gt__rank_inputs *in, const gt__rank_receptors *receptors,
                             const gt__spr_site_result *scores, gt__rank_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    int n = in->n_sites;
    plan->start_year = as_of ? as_of + 1 : settings->start_year;
    int end_year = settings->end_year < plan->start_year ? plan->start_year : settings->end_year;
    plan->n_years = end_year - plan->start_year + 1;
    plan->rank = gt__calloc(ctx, (size_t)n, sizeof(int));
    plan->done_year = gt__calloc(ctx, (size_t)n, sizeof(int));
    plan->plan_year = gt__calloc(ctx, (size_t)n, sizeof(int));
    plan->cost = gt__calloc(ctx, (size_t)n, sizeof(double));
    plan->years = gt__calloc(ctx, (size_t)plan->n_years, sizeof *plan->years);
    gt_plan_site *sites = gt__calloc(ctx, (size_t)n, sizeof *sites);
    int *order = gt__calloc(ctx, (size_t)n, sizeof(int));
    int *year_of = gt__calloc(ctx, (size_t)n, sizeof(int));
    gt_status st = plan->rank && plan->done_year && plan->plan_year && plan->cost && plan->years &&
                           sites && order && year_of
                       ? GT_OK
                       : gt_context_status(ctx);
    if (!st) {
        sites_done(in, scores, as_of, plan);
        st = rank_sites(ctx, in, receptors, scores, plan, order);
    }
    gt_plan_options schedule = {.start_year = plan->start_year,
                                .end_year = end_year,
                                .annual_budget = settings->annual_budget,
                                .sites_per_year = settings->sites_per_year};
    /* The scheduler takes the sites in priority order. */
    for (int k = 0; !st && k < n; k++)
        sites[k] = (gt_plan_site){target_kind(in->sites[order[k]].type), plan->cost[order[k]],
                                  plan->done_year[order[k]]};
    if (!st)
        st = gt_plan_schedule(ctx, sites, n, &schedule, year_of, plan->years);
    for (int k = 0; !st && k < n; k++)
        plan->plan_year[order[k]] = year_of[k];
    if (!st)
        plan_targets(ctx, sites, n, &schedule, plan);
    free(sites);
    free(order);
    free(year_of);
    return st;
}

void gt__rank_plan_free(gt__rank_plan *p)
{
    free(p->rank);
    free(p->done_year);
    free(p->plan_year);
    free(p->cost);
    free(p->years);
    memset(p, 0, sizeof *p);
}

void gt__rank_worst_case(const gt__rank_receptors *r, char *buf, size_t size)
{
    /* Each linkage's inputs from the layers (docs/rank.md): a NAN measure
     * (in_flood_zone -1) scored as its worst case (algorithms/spr.c). */
    const struct {
        gt__spr_linkage link;
        bool missing[4];
        const char *layer[4];
    } links[] = {
        {GT__LINK_LEACHATE_GROUNDWATER,
         {r->in_flood_zone < 0, isnan(r->dist_well_m)},
         {"flood_zone", "wells"}},
        {GT__LINK_LEACHATE_SURFACE_WATER,
         {isnan(r->dist_water_m), r->in_flood_zone < 0, isnan(r->dist_protected_m)},
         {"surface_water", "flood_zone", "protected"}},
        {GT__LINK_GAS_RESIDENTS,
         {isnan(r->dist_residential_m), isnan(r->pop_500m)},
         {"residential", "population"}},
        {GT__LINK_BURNING_RESIDENTS,
         {isnan(r->dist_residential_m), isnan(r->pop_2km)},
         {"residential", "population"}},
    };
    buf[0] = '\0';
    for (size_t k = 0; k < sizeof links / sizeof *links; k++) {
        char layers[128] = "";
        for (int j = 0; j < 4; j++)
            if (links[k].layer[j] && links[k].missing[j]) {
                size_t l = strlen(layers);
                snprintf(layers + l, sizeof layers - l, "%s%s", l ? ", " : "", links[k].layer[j]);
            }
        size_t l = strlen(buf);
        if (layers[0])
            snprintf(buf + l, size - l, "%s%s (%s)", l ? "; " : "",
                     gt__spr_linkage_name(links[k].link), layers);
    }
}
