/*
 * dem_check.c: a DEM's elevations must be heights on Earth. A Float64 DEM
 * with values no float holds (1e300) was resampled to no data and reported
 * as "no data over the study area" (disjoint extents?), or, when only part
 * of it was so, run with that part missing and exit 0; a DEM in
 * centimetres gave slopes 100 times too steep. SPDX-License-Identifier: MIT
 */
#include <math.h>

#include <cpl_error.h>
#include <gdal.h>

#include "layers/layers.h"

/* The lowest and highest points on Earth, rounded outward: the Challenger
 * Deep, 10 935 m below sea level (GEBCO), and Mount Everest, 8 848.86 m
 * (China and Nepal, 2020). A bathymetric DEM of a coastal province stays
 * inside them too. */
#define DEM_LOWEST_M (-11000.0)
#define DEM_HIGHEST_M 9000.0

/* A source up to this many pixels is read whole to find its range; a
 * larger one is sampled (GDAL's approximate minimum and maximum). */
#define EXACT_SCAN_PIXELS 1e8

static gt_status out_of_range(gt_context *ctx, const gt__layer_spec *spec, double lo, double hi,
                              const char *where)
{
    return gt__error(ctx, GT_ERR_INPUT_FIELD,
                     "layers.%s (%s): DEM '%s' has elevations out of range (%s from %g to %g; "
                     "a height on Earth is from %g to %g m): the values overflow or are not "
                     "metres (a wrong data type, scale or unit?); nothing was computed from it",
                     spec->name, spec->origin, spec->source, where, lo, hi, DEM_LOWEST_M,
                     DEM_HIGHEST_M);
}

/* The source's band 1, its no-data values left out: its smallest and
 * largest values within the limits. */
static gt_status check_source(gt_context *ctx, const gt__layer_spec *spec)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(spec->source, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    gt_status st = GT_OK;
    if (ds && GDALGetRasterCount(ds) >= 1) {
        GDALRasterBandH b = GDALGetRasterBand(ds, 1);
        double px = (double)GDALGetRasterXSize(ds) * GDALGetRasterYSize(ds);
        double mm[2] = {NAN, NAN};
        CPLErrorReset();
        GDALComputeRasterMinMax(b, px > EXACT_SCAN_PIXELS, mm);
        if (CPLGetLastErrorType() == CE_None &&
            !(mm[0] >= DEM_LOWEST_M && mm[1] <= DEM_HIGHEST_M) && !isnan(mm[0]) && !isnan(mm[1]))
            st = out_of_range(ctx, spec, mm[0], mm[1], "its values run");
    }
    if (ds)
        GDALClose(ds);
    CPLErrorReset();
    CPLPopErrorHandler();
    return st;
}

gt_status gt__dem_check_values(gt_context *ctx, const gt__layer_spec *spec, const float *dem,
                               const unsigned char *inside, size_t n, bool *holes_out)
{
    if (!dem)
        return check_source(ctx, spec);
    double lo = INFINITY, hi = -INFINITY;
    bool holes = false;
    for (size_t k = 0; k < n; k++) {
        if (inside && !inside[k])
            continue;
        if (isnan(dem[k])) {
            holes = true;
            continue;
        }
        /* no NaN here: plain comparisons, not fmin/fmax calls (a band of
         * the slope is checked cell by cell) */
        lo = dem[k] < lo ? dem[k] : lo;
        hi = dem[k] > hi ? dem[k] : hi;
    }
    if (lo <= hi && !(lo >= DEM_LOWEST_M && hi <= DEM_HIGHEST_M))
        return out_of_range(ctx, spec, lo, hi, "over the study area, resampled");
    /* No data in the study area: none there, or values a float cannot
     * hold, which the resampling turned into no data; the source tells
     * (once, by the caller, when it checks part by part). */
    if (holes_out) {
        *holes_out = *holes_out || holes;
        return GT_OK;
    }
    return holes ? check_source(ctx, spec) : GT_OK;
}
