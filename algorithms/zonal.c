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
#include <stdlib.h>
#include <string.h>

#include "algorithms/internal.h"

/* A zone with no cell yet, and one cell's value added to a zone. */
static const gt_zone_stats zone_empty = {0, 0, 0, INFINITY, -INFINITY};

static inline void zone_add(gt_zone_stats *s, float v)
{
    if (isnan(v)) {
        s->nodata++;
        return;
    }
    s->count++;
    s->sum += v;
    if (v < s->min)
        s->min = v;
    if (v > s->max)
        s->max = v;
}

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
            zone_add(&st[lo + (int32_t)z], j->values[k]);
        }
    }
}

gt_status gt_zonal_stats(gt_context *ctx, const int32_t *zones, const float *values, size_t count,
                         int32_t nzones, gt_zone_stats *stats)
{
    if (nzones < 0)
        return gt__error(ctx, GT_ERR_INTERNAL, "gt_zonal_stats: nzones < 0");
    for (int32_t z = 0; z < nzones; z++)
        stats[z] = zone_empty;
    if (nzones == 0)
        return GT_OK;
    int parts = gt_context_threads(ctx);
    if (parts > nzones)
        parts = nzones;
    zonal_job job = {zones, values, count, nzones, parts, stats};
    gt__parallel_for(ctx, parts, zonal_part, &job);
    return GT_OK;
}

/* Band by band: zone z (1-based) has the slots slot[z - 1] .. slot[z] - 1,
 * one per band from first[z - 1]. */
gt_status gt_zonal_bands_init(gt_context *ctx, gt_zonal_bands *zb, int32_t nzones, int band_rows,
                              const int *row0, const int *row1)
{
    memset(zb, 0, sizeof *zb);
    if (nzones < 0 || band_rows < 1)
        return gt__error(ctx, GT_ERR_INTERNAL, "gt_zonal_bands_init: bad arguments");
    zb->nzones = nzones;
    zb->band_rows = band_rows;
    size_t nz = (size_t)nzones;
    zb->first = gt__malloc(ctx, (nz + 1) * sizeof *zb->first);
    zb->slot = gt__malloc(ctx, (nz + 1) * sizeof *zb->slot);
    if (!zb->first || !zb->slot) {
        gt_zonal_bands_free(zb);
        return gt_context_status(ctx);
    }
    size_t slots = 0;
    for (size_t z = 0; z < nz; z++) {
        int b0 = row0[z] < 0 ? 0 : row0[z] / band_rows;
        int b1 = row1[z] < 0 ? -1 : row1[z] / band_rows;
        zb->first[z] = b0;
        zb->slot[z] = slots;
        slots += b1 >= b0 ? (size_t)(b1 - b0 + 1) : 0;
    }
    zb->first[nz] = 0;
    zb->slot[nz] = slots;
    zb->part = gt__malloc(ctx, (slots ? slots : 1) * sizeof *zb->part);
    if (!zb->part) {
        gt_zonal_bands_free(zb);
        return gt_context_status(ctx);
    }
    for (size_t k = 0; k < slots; k++)
        zb->part[k] = zone_empty;
    return GT_OK;
}

/* The slot of zone z (1-based) in band b, or NULL when the zone has none
 * there (counted as lost: its rows were wrong). */
static inline gt_zone_stats *band_slot(gt_zonal_bands *zb, uint32_t z, int b)
{
    if (z - 1u >= (uint32_t)zb->nzones)
        return NULL;
    size_t k = zb->slot[z - 1] + (size_t)(b - zb->first[z - 1]);
    if (b < zb->first[z - 1] || k >= zb->slot[z]) {
        __atomic_fetch_add(&zb->lost, 1, __ATOMIC_RELAXED);
        return NULL;
    }
    return &zb->part[k];
}

/* One band's cells in cell order: a run of one zone's cells looks up its
 * slot once and is added in local variables, cell by cell in the same
 * order (the same sums, bit for bit, as zone_add one cell at a time). */
#define ZONAL_BAND_ADD(VALUE)                                                                      \
    int b = r0 / zb->band_rows;                                                                    \
    size_t n = (size_t)rows * (size_t)w;                                                           \
    for (size_t k = 0; k < n;) {                                                                   \
        uint32_t z = (uint32_t)zones[k];                                                           \
        if (!z) {                                                                                  \
            k++;                                                                                   \
            continue;                                                                              \
        }                                                                                          \
        size_t e = k + 1;                                                                          \
        while (e < n && (uint32_t)zones[e] == z)                                                   \
            e++;                                                                                   \
        gt_zone_stats *s = band_slot(zb, z, b);                                                    \
        if (s) {                                                                                   \
            gt_zone_stats t = *s;                                                                  \
            for (; k < e; k++)                                                                     \
                zone_add(&t, (VALUE));                                                             \
            *s = t;                                                                                \
        }                                                                                          \
        k = e;                                                                                     \
    }

void gt_zonal_bands_add(gt_zonal_bands *zb, int r0, int rows, int w, const int32_t *zones,
                        const float *values)
{
    ZONAL_BAND_ADD(values[k])
}

void gt_zonal_bands_add_flags(gt_zonal_bands *zb, int r0, int rows, int w, const int32_t *zones,
                              const unsigned char *flags)
{
    ZONAL_BAND_ADD(flags[k] ? 1.0f : 0.0f)
}
#undef ZONAL_BAND_ADD

gt_status gt_zonal_bands_finish(gt_context *ctx, const gt_zonal_bands *zb, gt_zone_stats *stats)
{
    if (zb->lost)
        return gt__error(ctx, GT_ERR_INTERNAL,
                         "zonal statistics: %d runs of cells in a band outside their zone's rows",
                         zb->lost);
    for (int32_t z = 0; z < zb->nzones; z++) {
        gt_zone_stats t = zone_empty;
        for (size_t k = zb->slot[z]; k < zb->slot[z + 1]; k++) {
            const gt_zone_stats *p = &zb->part[k];
            t.count += p->count;
            t.nodata += p->nodata;
            t.sum += p->sum;
            t.min = p->min < t.min ? p->min : t.min;
            t.max = p->max > t.max ? p->max : t.max;
        }
        stats[z] = t;
    }
    return GT_OK;
}

void gt_zonal_bands_free(gt_zonal_bands *zb)
{
    free(zb->first);
    free(zb->slot);
    free(zb->part);
    memset(zb, 0, sizeof *zb);
}
