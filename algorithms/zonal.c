/*
 * zonal.c: per-zone statistics of a grid (count, NoData count, sum, min,
 * max), one pass over the cells. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "algorithms/internal.h"

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
    for (size_t k = 0; k < count; k++) {
        int32_t z = zones[k];
        if (z <= 0 || z > nzones)
            continue;
        gt_zone_stats *s = &stats[z - 1];
        float v = values[k];
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
    return GT_OK;
}
