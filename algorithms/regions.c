/*
 * regions.c: required landfill area from demand (TCVN 6696:2009 size
 * classes), connected-region labelling of suitable cells, and candidate
 * regions of a site's size grown from score peaks. SPDX-License-Identifier: MIT
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

/* Seeded region growing (gt__regions_grow). A frontier cell with the key
 * the heap orders it by: score (rounded to the precision) descending,
 * squared distance to the seed ascending (so cells of equal score grow as
 * a disc, not along rows), index ascending. */
typedef struct frontier {
    double score; /* rounded to the precision, when there is one */
    int64_t d2;
    size_t k;
} frontier;

static bool better(const frontier *a, const frontier *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    if (a->d2 != b->d2)
        return a->d2 < b->d2;
    return a->k < b->k;
}

static void heap_push(frontier *heap, size_t *n, frontier f)
{
    size_t i = (*n)++;
    while (i > 0 && better(&f, &heap[(i - 1) / 2])) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i] = f;
}

static frontier heap_pop(frontier *heap, size_t *n)
{
    frontier top = heap[0], last = heap[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && better(&heap[c + 1], &heap[c]))
            c++;
        if (!better(&heap[c], &last))
            break;
        heap[i] = heap[c];
        i = c;
    }
    if (*n)
        heap[i] = last;
    return top;
}

typedef struct seed {
    float score;
    size_t k;
} seed;

static int seed_cmp(const void *a, const void *b)
{
    const seed *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* Grow one region from `s0` with number `id`; the cells get label `id`
 * and are listed in `cells` (*count of them); `seen` marks the cells
 * queued for it. Returns the area reached. */
static double grow_one(const float *score, double precision, const unsigned char *ok, int w, int h,
                       int connectivity, const double *col_area, double target, size_t s0,
                       int32_t id, int32_t *labels, int32_t *seen, frontier *heap, size_t *cells,
                       size_t *count)
{
    static const int d[8][2] = {{-1, 0},  {1, 0},  {0, -1}, {0, 1},
                                {-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    int r0 = (int)(s0 / (size_t)w), c0 = (int)(s0 % (size_t)w);
    size_t n = 0;
    double area = 0;
    *count = 0;
    heap_push(heap, &n, (frontier){0, 0, s0}); /* the seed is taken first whatever its key */
    seen[s0] = id;
    while (n && area < target) {
        frontier f = heap_pop(heap, &n);
        labels[f.k] = id;
        cells[(*count)++] = f.k;
        int r = (int)(f.k / (size_t)w), c = (int)(f.k % (size_t)w);
        area += col_area ? col_area[c] : 1.0;
        for (int i = 0; i < connectivity; i++) {
            int rr = r + d[i][0], cc = c + d[i][1];
            if (rr < 0 || rr >= h || cc < 0 || cc >= w)
                continue;
            size_t q = (size_t)rr * w + cc;
            if (!ok[q] || labels[q] || seen[q] == id)
                continue;
            seen[q] = id;
            int64_t dr = rr - r0, dc = cc - c0;
            double key = precision > 0 ? floor(score[q] / precision + 0.5) : score[q];
            heap_push(heap, &n, (frontier){key, dr * dr + dc * dc, q});
        }
    }
    return area;
}

gt_status gt__regions_grow(gt_context *ctx, const float *score, double precision,
                           const unsigned char *mask, int w, int h, int connectivity,
                           const double *col_area, double target, double min_area, int32_t *labels,
                           int32_t *n_regions)
{
    if (connectivity != 4 && connectivity != 8)
        return gt__error(ctx, GT_ERR_SCENARIO, "connectivity must be 4 or 8 (got %d)",
                         connectivity);
    size_t n = (size_t)w * h, m = 0;
    for (size_t k = 0; k < n; k++) {
        labels[k] = 0;
        m += mask[k] && !isnan(score[k]);
    }
    *n_regions = 0;
    unsigned char *ok = gt__malloc(ctx, n ? n : 1);
    int32_t *seen = ok ? gt__calloc(ctx, n ? n : 1, sizeof *seen) : NULL;
    seed *seeds = seen ? gt__malloc(ctx, sizeof *seeds * (m ? m : 1)) : NULL;
    frontier *heap = seeds ? gt__malloc(ctx, sizeof *heap * (m ? m : 1)) : NULL;
    size_t *cells = heap ? gt__malloc(ctx, sizeof *cells * (m ? m : 1)) : NULL;
    if (!cells) {
        free(heap);
        free(ok);
        free(seen);
        free(seeds);
        return gt_context_status(ctx);
    }
    m = 0;
    for (size_t k = 0; k < n; k++) {
        ok[k] = mask[k] && !isnan(score[k]);
        if (ok[k])
            seeds[m++] = (seed){score[k], k};
    }
    qsort(seeds, m, sizeof *seeds, seed_cmp);
    /* Regions are numbered from 1; a dropped region's cells are marked -1
     * while growing (taken) and cleared at the end. `next` also numbers the
     * dropped ones, so `seen` never confuses two regions. */
    int32_t kept = 0, next = 0;
    for (size_t i = 0; i < m; i++) {
        size_t s0 = seeds[i].k;
        if (labels[s0])
            continue;
        int32_t id = ++next;
        size_t count;
        double area = grow_one(score, precision, ok, w, h, connectivity, col_area, target, s0, id,
                               labels, seen, heap, cells, &count);
        bool keep = area >= min_area;
        if (keep)
            kept++;
        for (size_t j = 0; j < count; j++) /* renumber: kept regions 1..kept */
            labels[cells[j]] = keep ? kept : -1;
    }
    for (size_t k = 0; k < n; k++)
        if (labels[k] < 0)
            labels[k] = 0;
    free(cells);
    free(heap);
    free(seeds);
    free(seen);
    free(ok);
    *n_regions = kept;
    return GT_OK;
}
