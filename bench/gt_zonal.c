/*
 * gt_zonal.c: per-parcel zonal statistics as a whole process, for the
 * benchmark: read band 1 of a Float32 raster and the polygons of a vector
 * layer, burn the polygons (cells whose centre is inside, by bands of rows
 * on all threads), take count, sum, mean, min and max of the cells of each
 * polygon in one pass shared by zone among the threads, and write them as
 * CSV (fid,count,sum,mean,min,max), the figures QGIS's "Zonal statistics
 * (in place)" (native:zonalstatisticsfb) gives.
 * Usage: gt_zonal RASTER VECTOR OUT.csv [--threads N]
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

#include "gistool.h"
#include "layers/layers.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: gt_zonal RASTER VECTOR OUT.csv [--threads N]\n");
        return 2;
    }
    GDALAllRegister();
    gt_context *ctx = gt_context_create();
    if (argc == 6 && !strcmp(argv[4], "--threads"))
        gt_context_set_threads(ctx, atoi(argv[5]));
    GDALDatasetH src = GDALOpen(argv[1], GA_ReadOnly);
    GDALDatasetH vds = GDALOpenEx(argv[2], GDAL_OF_VECTOR, NULL, NULL, NULL);
    if (!src || !vds) {
        fprintf(stderr, "gt_zonal: cannot open the inputs\n");
        return 20;
    }
    double t[6];
    GDALGetGeoTransform(src, t);
    gt__grid grid = {GDALGetRasterXSize(src), GDALGetRasterYSize(src), t[0], t[3], t[1]};
    size_t n = (size_t)grid.w * grid.h;
    float *values = malloc(n * sizeof(float));
    int32_t *zones = calloc(n, sizeof(int32_t));
    GDALRasterBandH band = GDALGetRasterBand(src, 1);
    int has_nd = 0;
    double nd = GDALGetRasterNoDataValue(band, &has_nd);
    if (!values || !zones ||
        GDALRasterIO(band, GF_Read, 0, 0, grid.w, grid.h, values, grid.w, grid.h, GDT_Float32, 0,
                     0) != CE_None)
        return 20;
    if (has_nd)
        for (size_t k = 0; k < n; k++)
            if (values[k] == (float)nd)
                values[k] = NAN;
    OGRLayerH lyr = GDALDatasetGetLayer(vds, 0);
    int cap = (int)OGR_L_GetFeatureCount(lyr, TRUE), np = 0;
    GEOSGeometry **geoms = calloc((size_t)cap + 1, sizeof *geoms);
    long long *fids = calloc((size_t)cap + 1, sizeof *fids);
    GEOSWKBReader *rd = GEOSWKBReader_create_r(gt__geos(ctx));
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) && np < cap) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int size = g ? OGR_G_WkbSize(g) : 0;
        unsigned char *wkb = size ? malloc((size_t)size) : NULL;
        if (wkb && OGR_G_ExportToWkb(g, wkbNDR, wkb) == OGRERR_NONE) {
            geoms[np] = GEOSWKBReader_read_r(gt__geos(ctx), rd, wkb, (size_t)size);
            fids[np] = OGR_F_GetFID(f);
            np += geoms[np] != NULL;
        }
        free(wkb);
        OGR_F_Destroy(f);
    }
    GEOSWKBReader_destroy_r(gt__geos(ctx), rd);
    double *burn = malloc(sizeof(double) * (size_t)(np + 1));
    for (int i = 0; i < np; i++)
        burn[i] = i + 1;
    gt_zone_stats *zs = calloc((size_t)np + 1, sizeof *zs);
    gt_status st = gt__rasterize(ctx, &grid, geoms, np, burn, GDT_Int32, false, zones);
    if (!st)
        st = gt_zonal_stats(ctx, zones, values, n, np, zs);
    if (st) {
        fprintf(stderr, "gt_zonal: %s\n", gt_context_errmsg(ctx));
        return st;
    }
    FILE *out = fopen(argv[3], "w");
    if (!out)
        return 30;
    fprintf(out, "fid,count,sum,mean,min,max\n");
    for (int i = 0; i < np; i++) {
        const gt_zone_stats *z = &zs[i];
        if (z->count)
            fprintf(out, "%lld,%lld,%.9g,%.9g,%.9g,%.9g\n", fids[i], (long long)z->count, z->sum,
                    z->sum / (double)z->count, z->min, z->max);
        else
            fprintf(out, "%lld,0,,,,\n", fids[i]);
    }
    fclose(out);
    for (int i = 0; i < np; i++)
        GEOSGeom_destroy_r(gt__geos(ctx), geoms[i]);
    free(geoms);
    free(fids);
    free(burn);
    free(zs);
    free(values);
    free(zones);
    GDALClose(vds);
    GDALClose(src);
    gt_context_destroy(ctx);
    return 0;
}
