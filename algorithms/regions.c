/*
 * regions.c: required landfill area from demand (TCVN 6696:2009 size
 * classes) and connected-region labelling of suitable cells.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>

#include "algorithms/internal.h"

gt_size_class gt_size_class_of(double ha)
{
    return ha < 10   ? GT_SIZE_SMALL
           : ha < 30 ? GT_SIZE_MEDIUM
           : ha < 50 ? GT_SIZE_LARGE
                     : GT_SIZE_VERY_LARGE;
}

const char *gt_size_class_name(gt_size_class c)
{
    static const char *const names[] = {"small (< 10 ha)", "medium (10-30 ha)", "large (30-50 ha)",
                                        "very large (>= 50 ha)"};
    return (unsigned)c <= 3 ? names[c] : "?";
}

gt_status gt_required_area(gt_context *ctx, const gt_demand *d, double *tonnes, double *ha,
                           gt_size_class *size_class)
{
    struct {
        const char *name;
        double v, lo, hi;
    } chk[] = {{"population", d->population, 0, 1e9},
               {"urban_share", d->urban_share, 0, 1},
               {"kg_per_person_day.urban", d->kg_per_person_day_urban, 0, 20},
               {"kg_per_person_day.rural", d->kg_per_person_day_rural, 0, 20},
               {"collection_rate", d->collection_rate, 0, 1},
               {"landfill_share", d->landfill_share, 0, 1},
               {"horizon_years", d->horizon_years, 0.5, 200},
               {"density_t_per_m3", d->density_t_per_m3, 0.1, 3},
               {"fill_height_m", d->fill_height_m, 0.5, 200},
               {"allowance", d->allowance, 0, 10}};
    for (size_t i = 0; i < sizeof chk / sizeof chk[0]; i++)
        if (!(chk[i].v >= chk[i].lo && chk[i].v <= chk[i].hi))
            return gt__error(ctx, GT_ERR_SCENARIO, "demand.%s must be from %g to %g (got %g)",
                             chk[i].name, chk[i].lo, chk[i].hi, chk[i].v);
    double kg_day = d->population * (d->urban_share * d->kg_per_person_day_urban +
                                     (1 - d->urban_share) * d->kg_per_person_day_rural);
    *tonnes = kg_day * d->collection_rate * d->landfill_share * 365.0 * d->horizon_years / 1000.0;
    *ha = *tonnes / d->density_t_per_m3 / d->fill_height_m / 1e4 * (1 + d->allowance);
    *size_class = gt_size_class_of(*ha);
    return GT_OK;
}

gt_status gt_regions_label(gt_context *ctx, const unsigned char *mask, int w, int h,
                           int connectivity, int32_t *labels, int32_t *n_regions)
{
    if (connectivity != 4 && connectivity != 8)
        return gt__error(ctx, GT_ERR_SCENARIO, "connectivity must be 4 or 8 (got %d)",
                         connectivity);
    size_t n = (size_t)w * h;
    for (size_t k = 0; k < n; k++)
        labels[k] = 0;
    /* Flood fill with an explicit stack: each cell is pushed at most once. */
    size_t *stack = malloc(sizeof(size_t) * (n ? n : 1));
    if (!stack)
        return gt__error(ctx, GT_ERR_NOMEM, "regions: out of memory");
    static const int d4[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
    static const int d8[8][2] = {{-1, 0},  {1, 0},  {0, -1}, {0, 1},
                                 {-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    const int(*d)[2] = connectivity == 4 ? d4 : d8;
    int32_t next = 0;
    for (size_t start = 0; start < n; start++) {
        if (!mask[start] || labels[start])
            continue;
        labels[start] = ++next;
        size_t top = 0;
        stack[top++] = start;
        while (top) {
            size_t k = stack[--top];
            int r = (int)(k / (size_t)w), c = (int)(k % (size_t)w);
            for (int i = 0; i < connectivity; i++) {
                int rr = r + d[i][0], cc = c + d[i][1];
                if (rr < 0 || rr >= h || cc < 0 || cc >= w)
                    continue;
                size_t q = (size_t)rr * w + cc;
                if (mask[q] && !labels[q]) {
                    labels[q] = next;
                    stack[top++] = q;
                }
            }
        }
    }
    free(stack);
    *n_regions = next;
    return GT_OK;
}
