/*
 * algorithms_alone.c: links algorithms/ with libm and pthreads only. If
 * any file in algorithms/ calls GDAL, GEOS, PROJ or the layers above it,
 * this program does not link and the build fails. It also computes one
 * hand-checkable distance so the check cannot pass by linking nothing.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>

#include "algorithms/internal.h"

int main(void)
{
    gt_context *ctx = gt__context_new();
    if (!ctx)
        return 1;
    /* One feature cell at (0, 0) of a 3 x 1 grid of 10 m cells: 0, 10, 20 m. */
    const unsigned char f[3] = {1, 0, 0};
    float d[3];
    gt_status st = gt_distance_transform(ctx, f, 3, 1, 10, 10, d);
    gt_context_destroy(ctx);
    if (st || d[0] != 0.0f || fabsf(d[1] - 10.0f) > 1e-6f || fabsf(d[2] - 20.0f) > 1e-6f) {
        fprintf(stderr, "distance transform gave %g %g %g (status %d)\n", d[0], d[1], d[2], st);
        return 1;
    }
    puts("algorithms/ links alone");
    return 0;
}
