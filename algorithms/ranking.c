/*
 * ranking.c: the one ranking rule of gistool. Items are ordered best first
 * by up to three numeric keys, each descending, then by id ascending (byte
 * order), so that equal scores rank the same way on every run, whatever
 * order the input came in. Site parcels use (score, area); landfills use
 * (risk, population within 1 km, volume). SPDX-License-Identifier: MIT
 */
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
