/*
 * ranking.c: the one ranking rule of gistool. Items are ordered best first
 * by up to three numeric keys, each descending, then by id ascending (byte
 * order), so that equal scores rank the same way on every run, whatever
 * order the input came in. Landfills use (risk, population within 1 km,
 * volume). Site parcels use the rule with ties below (gt__rank_ties): the
 * score to a stated precision, then the scenario's tie-break keys.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/internal.h"

static int item_cmp(const void *a, const void *b)
{
    const gt__rank_item *x = a, *y = b;
    for (int k = 0; k < GT__RANK_KEYS; k++)
        if (x->key[k] != y->key[k])
            return x->key[k] > y->key[k] ? -1 : 1;
    return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

void gt__rank_items(gt__rank_item *items, int n, int *rank_out)
{
    if (n <= 0)
        return;
    qsort(items, (size_t)n, sizeof *items, item_cmp);
    if (rank_out)
        for (int i = 0; i < n; i++)
            rank_out[items[i].index] = i + 1;
}

/* Ranking with ties: the score rounded to a stated precision, then the
 * scenario's tie-break keys, then the id. Rounding makes the order of two
 * parcels whose scores differ only by the grid's sampling (docs/site.md,
 * "What depends on the CRS") depend on keys that do not, such as the
 * geodesic area or the id. */
double gt__tie_quantum(double score, double precision)
{
    return floor(score / precision + 0.5);
}

static int col_cmp(double a, double b, bool desc)
{
    if (isnan(a) || isnan(b))
        return isnan(a) - isnan(b); /* NAN last */
    if (a == b)
        return 0;
    return (a < b) == desc ? 1 : -1;
}

static int tie_cmp(const gt__tie_rule *r, const gt__tie_item *x, const gt__tie_item *y)
{
    double qx = gt__tie_quantum(x->score, r->precision);
    double qy = gt__tie_quantum(y->score, r->precision);
    if (qx != qy)
        return qx > qy ? -1 : 1;
    for (int k = 0; k < r->n_keys; k++) {
        const gt__tie_key *key = &r->key[k];
        int c;
        if (key->column == GT__TIE_ID) {
            c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
            c = key->desc ? -c : c;
        } else {
            c = col_cmp(x->cols ? x->cols[key->column] : NAN, y->cols ? y->cols[key->column] : NAN,
                        key->desc);
        }
        if (c)
            return c;
    }
    return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

/* Bottom-up merge sort of a[0..n) with tmp of the same size: stable, and
 * with the rule passed along (qsort has no argument for it). */
static void merge_sort(const gt__tie_rule *r, gt__tie_item *a, gt__tie_item *tmp, int n)
{
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n;
            int hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = tie_cmp(r, &a[j], &a[i]) < 0 ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, sizeof *a * (size_t)n);
    }
}

gt_status gt__rank_ties(gt_context *ctx, const gt__tie_rule *rule, gt__tie_item *items, int n,
                        int *rank_out, int *tie_out)
{
    if (n <= 0) /* nothing to rank (a run without parcels) */
        return GT_OK;
    if (!(rule->precision > 0) || rule->n_keys < 0 || rule->n_keys > GT__TIE_MAX_KEYS)
        return gt__error(ctx, GT_ERR_INTERNAL, "ranking: bad tie rule");
    gt__tie_item *tmp = gt__malloc(ctx, sizeof *tmp * (size_t)n);
    if (!tmp)
        return gt_context_status(ctx);
    merge_sort(rule, items, tmp, n);
    free(tmp);
    for (int first = 0; first < n;) {
        double q = gt__tie_quantum(items[first].score, rule->precision);
        int end = first; /* the last item of this group */
        while (end + 1 < n && gt__tie_quantum(items[end + 1].score, rule->precision) == q)
            end++;
        for (int i = first; i <= end; i++) {
            if (rank_out)
                rank_out[items[i].index] = i + 1;
            if (tie_out)
                tie_out[items[i].index] = end > first ? first + 1 : 0;
        }
        first = end + 1;
    }
    return GT_OK;
}
