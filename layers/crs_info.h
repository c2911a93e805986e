/*
 * crs_info.h: what PROJ says of an EPSG projected CRS (layers/crs_info.c),
 * for `gistool crs`. SPDX-License-Identifier: MIT
 */
#ifndef GT_CRS_INFO_H
#define GT_CRS_INFO_H

#include "algorithms/internal.h"

/** PROJ's description of one EPSG CRS and of the operation PROJ would use
 *  from its geographic CRS to WGS 84. Strings are owned; free with
 *  gt__crs_info_free(). */
typedef struct gt__crs_info {
    char *name;                  /* e.g. "VN-2000 / TM-3 107-15" */
    char *proj;                  /* PROJ string of the CRS */
    char *wkt;                   /* WKT2:2019 */
    double central_meridian_deg; /* from OGR's reading of the definition */
    double scale_factor;
    double false_easting_m;
    char *datum;                /* the geographic CRS, e.g. "VN-2000" */
    char *to_wgs84_name;        /* e.g. "VN-2000 to WGS 84 (2)" */
    char *to_wgs84_id;          /* e.g. "EPSG:6960"; "" when it has none */
    char *to_wgs84_proj;        /* the pipeline */
    double to_wgs84_accuracy_m; /* -1 when unknown */
} gt__crs_info;

/** Fill `out` for EPSG:`code`. GT_ERR_INPUT_CRS when PROJ does not know the
 *  code or finds no operation to WGS 84. */
gt_status gt__crs_info_epsg(gt_context *ctx, int code, gt__crs_info *out);
void gt__crs_info_free(gt__crs_info *info);

#endif
