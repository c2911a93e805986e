/*
 * geodesic.h: ellipsoidal (geodesic) areas and perimeters of polygons in
 * the working CRS, so that the same parcel or region has the same area in
 * any working CRS (internal). SPDX-License-Identifier: MIT
 */
#ifndef GT_GEODESIC_H
#define GT_GEODESIC_H

#include "layers/layers.h"

/** A transformation from the working CRS to WGS 84 longitude/latitude and
 *  the WGS 84 ellipsoid (a = 6378137 m, 1/f = 298.257223563; VN-2000 uses
 *  the same ellipsoid). Caller frees with gt__geodesic_destroy(). */
typedef struct gt__geodesic gt__geodesic;
gt__geodesic *gt__geodesic_create(gt_context *ctx, OGRSpatialReferenceH work_srs);
void gt__geodesic_destroy(gt__geodesic *gd);

/** Area (m², always >= 0) and perimeter (m) on the ellipsoid of the
 *  polygons of g (Polygon, MultiPolygon, or the polygons of a collection;
 *  points and lines count 0): each ring is transformed vertex by vertex to
 *  WGS 84 longitude/latitude and measured with PROJ's geod_polygonarea
 *  (Karney 2013, edges as geodesics); area = outer rings − holes, perimeter
 *  = every ring. Either output may be NULL. */
gt_status gt__geodesic_area(gt_context *ctx, const gt__geodesic *gd, const GEOSGeometry *g,
                            double *area_m2, double *perimeter_m);

#endif
