/*
 * layers_alone.c: links algorithms/ and layers/ without gistool/ (the
 * scenario reader and pipelines). If a file in layers/ calls up into
 * gistool/, this program does not link and the build fails. It also
 * measures one exact distance through the GEOS handle of a context.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>

#include "layers/layers.h"

int main(void)
{
    gt_context *ctx = gt_context_create();
    if (!ctx)
        return 1;
    GEOSContextHandle_t h = gt__geos(ctx);
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *a = GEOSWKTReader_read_r(h, r, "POINT (0 0)");
    GEOSGeometry *b = GEOSWKTReader_read_r(h, r, "LINESTRING (3 -5, 3 5)");
    double d = NAN;
    int ok = a && b && GEOSDistance_r(h, a, b, &d);
    GEOSGeom_destroy_r(h, a);
    GEOSGeom_destroy_r(h, b);
    GEOSWKTReader_destroy_r(h, r);
    gt_context_destroy(ctx);
    if (!ok || fabs(d - 3.0) > 1e-12) {
        fprintf(stderr, "distance %g, expected 3\n", d);
        return 1;
    }
    puts("layers/ links without gistool/");
    return 0;
}
