/*
 * zonal.c: per-zone statistics of a grid (count, NoData count, sum, min,
 * max). SPDX-License-Identifier: MIT
 *
 * Threads share the zones, not the cells: each thread scans every cell but
 * accumulates only the zones of its own range of ids. So each zone's cells
 * are added in cell order, as one pass would add them, and the sums are
 * the same bits for any number of threads, with no partial tables to merge.
 */
#include <math.h>
#include <string.h>

#include "algorithms/internal.h"

typedef struct {
    const int32_t *zones;
    const float *values;
    size_t count;
    int32_t nzones;
    int parts;
    gt_zone_stats *stats;
} zonal_job;

static void zonal_part(int p0, int p1, void *arg)
{
    const zonal_job *j = arg;
    for (int p = p0; p < p1; p++) {
        /* zone ids lo + 1 .. hi */
        int32_t lo = (int32_t)((long long)j->nzones * p / j->parts);
        int32_t hi = (int32_t)((long long)j->nzones * (p + 1) / j->parts);
        uint32_t span = (uint32_t)(hi - lo);
        gt_zone_stats *st = j->stats;
        for (size_t k = 0; k < j->count; k++) {
            uint32_t z = (uint32_t)j->zones[k] - 1u - (uint32_t)lo;
            if (z >= span)
                continue;
            gt_zone_stats *s = &st[lo + (int32_t)z];
            float v = j->values[k];
            if (isnan(v)) {
                s->nodata++;
                continue;
            }
            s->count++;
            s->sum += v;
            if (v < s->min)
                s->min = v;
            if (v > s->max)
                s->max = v;
        }
    }
}

gt_status gt_zonal_stats(gt_context *ctx, const int32_t *zones, const float *values, size_t count,
                         int32_t nzones, gt_zone_stats *stats)
{
    if (nzones < 0)
        return gt__error(ctx, GT_ERR_INTERNAL, "gt_zonal_stats: nzones < 0");
    for (int32_t z = 0; z < nzones; z++) {
        stats[z].count = stats[z].nodata = 0;
        stats[z].sum = 0;
        stats[z].min = INFINITY;
        stats[z].max = -INFINITY;
    }
    if (nzones == 0)
        return GT_OK;
    int parts = gt_context_threads(ctx);
    if (parts > nzones)
        parts = nzones;
    zonal_job job = {zones, values, count, nzones, parts, stats};
    gt__parallel_for(ctx, parts, zonal_part, &job);
    return GT_OK;
}
