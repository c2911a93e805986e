/*
 * geodesic.c: ellipsoidal areas and perimeters with PROJ's geodesic API
 * (geodesic.h, C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87,
 * 2013). A polygon in the working CRS is transformed to WGS 84
 * longitude/latitude (GDAL/PROJ, the same operation whichever projected CRS
 * the run works in) and measured on the WGS 84 ellipsoid, so a parcel's
 * area does not depend on the working CRS's scale factor or zone.
 * SPDX-License-Identifier: MIT
 */
#include <geodesic.h>
#include <math.h>
#include <stdlib.h>

#include "layers/geodesic.h"

struct gt__geodesic {
    OGRSpatialReferenceH wgs84;
    OGRCoordinateTransformationH ct;
    struct geod_geodesic geod;
};

gt__geodesic *gt__geodesic_create(gt_context *ctx, OGRSpatialReferenceH work_srs)
{
    gt__geodesic *gd = gt__calloc(ctx, 1, sizeof *gd);
    if (!gd)
        return NULL;
    gd->wgs84 = OSRNewSpatialReference(NULL);
    if (!gd->wgs84 || OSRImportFromEPSG(gd->wgs84, 4326) != OGRERR_NONE) {
        gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "geodesic areas: PROJ does not know EPSG:4326");
        gt__geodesic_destroy(gd);
        return NULL;
    }
    OSRSetAxisMappingStrategy(gd->wgs84, OAMS_TRADITIONAL_GIS_ORDER); /* x = longitude */
    gd->ct = OCTNewCoordinateTransformation(work_srs, gd->wgs84);
    if (!gd->ct) {
        gt__gdal_error(ctx, GT_ERR_DEPENDENCY,
                       "geodesic areas: no transformation from the working CRS to WGS 84");
        gt__geodesic_destroy(gd);
        return NULL;
    }
    geod_init(&gd->geod, 6378137.0, 1 / 298.257223563);
    return gd;
}

void gt__geodesic_destroy(gt__geodesic *gd)
{
    if (!gd)
        return;
    if (gd->ct)
        OCTDestroyCoordinateTransformation(gd->ct);
    if (gd->wgs84)
        OSRDestroySpatialReference(gd->wgs84);
    free(gd);
}

/* One ring: |area| and perimeter on the ellipsoid. */
static gt_status ring_measure(gt_context *ctx, const gt__geodesic *gd, const GEOSGeometry *ring,
                              double *area, double *perim)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    *area = *perim = 0;
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n))
        return GT_GEOS_FAIL(ctx, "ring coordinates");
    if (n < 4) /* a closed ring has at least 4 points; anything less has no area */
        return GT_OK;
    double *x = gt__malloc(ctx, 2 * sizeof(double) * n), *y = x ? x + n : NULL;
    if (!x)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    for (unsigned int i = 0; i < n && !st; i++)
        if (!GEOSCoordSeq_getXY_r(h, seq, i, &x[i], &y[i]))
            st = GT_GEOS_FAIL(ctx, "ring coordinates");
    if (!st && !OCTTransform(gd->ct, (int)n, x, y, NULL))
        st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY,
                            "geodesic areas: a vertex could not be transformed to WGS 84");
    if (!st) {
        double a = 0, p = 0;
        /* The closing vertex repeats the first: geod_polygonarea closes the
         * polygon itself (x holds longitudes, y latitudes). */
        geod_polygonarea(&gd->geod, y, x, (int)n - 1, &a, &p);
        *area = fabs(a);
        *perim = p;
    }
    free(x);
    return st;
}

static gt_status polygon_measure(gt_context *ctx, const gt__geodesic *gd, const GEOSGeometry *g,
                                 double *area, double *perim)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    double a, p;
    gt_status st = ring_measure(ctx, gd, GEOSGetExteriorRing_r(h, g), &a, &p);
    *area += a;
    *perim += p;
    int holes = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; !st && i < holes; i++) {
        st = ring_measure(ctx, gd, GEOSGetInteriorRingN_r(h, g, i), &a, &p);
        *area -= a;
        *perim += p;
    }
    return st;
}

static gt_status measure(gt_context *ctx, const gt__geodesic *gd, const GEOSGeometry *g,
                         double *area, double *perim)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON)
        return GEOSisEmpty_r(h, g) ? GT_OK : polygon_measure(ctx, gd, g, area, perim);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        gt_status st = GT_OK;
        for (int i = 0; !st && i < n; i++)
            st = measure(ctx, gd, GEOSGetGeometryN_r(h, g, i), area, perim);
        return st;
    }
    return GT_OK; /* points and lines have no area */
}

gt_status gt__geodesic_area(gt_context *ctx, const gt__geodesic *gd, const GEOSGeometry *g,
                            double *area_m2, double *perimeter_m)
{
    double a = 0, p = 0;
    gt_status st = g ? measure(ctx, gd, g, &a, &p) : GT_OK;
    if (area_m2)
        *area_m2 = st ? NAN : (a > 0 ? a : 0);
    if (perimeter_m)
        *perimeter_m = st ? NAN : p;
    return st;
}
