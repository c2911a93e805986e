/*
 * gt_proximity.c: the exact distance transform as a whole process, for the
 * benchmark and the reference test: read band 1 of a raster (cells that are
 * non-zero and not NoData are features), write a Float32 GeoTIFF of the
 * distance in georeferenced units from each cell centre to the nearest
 * feature cell centre, as `gdal_proximity.py -distunits GEO` does (which
 * approximates it). Uses only gistool.h and GDAL.
 * Usage: gt_proximity SRC DST [--threads N]
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <gdal.h>

#include "gistool.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gt_proximity SRC DST [--threads N]\n");
        return 2;
    }
    int threads = 0;
    if (argc == 5 && !strcmp(argv[3], "--threads"))
        threads = atoi(argv[4]);
    /* Decode a compressed source on all cores (GTiff, GDAL >= 3.6). */
    if (!CPLGetConfigOption("GDAL_NUM_THREADS", NULL))
        CPLSetConfigOption("GDAL_NUM_THREADS", "ALL_CPUS");
    GDALAllRegister();
    GDALDatasetH src = GDALOpen(argv[1], GA_ReadOnly);
    if (!src) {
        fprintf(stderr, "gt_proximity: cannot open %s\n", argv[1]);
        return 20;
    }
    int w = GDALGetRasterXSize(src), h = GDALGetRasterYSize(src);
    double t[6];
    GDALGetGeoTransform(src, t);
    GDALRasterBandH band = GDALGetRasterBand(src, 1);
    int has_nd = 0;
    double nd = GDALGetRasterNoDataValue(band, &has_nd);
    size_t n = (size_t)w * h;
    unsigned char *feat = malloc(n);
    float *dist = malloc(sizeof(float) * n);
    if (!feat || !dist) {
        fprintf(stderr, "gt_proximity: out of memory\n");
        return 61;
    }
    /* One read of the whole band, so that GDAL decodes its tiles on all
     * cores (GDAL_NUM_THREADS, set above); as Byte when the band is Byte (no
     * conversion; any non-zero byte is a feature for the transform), as
     * Float32 in bands of rows otherwise (a value 0.5 is a feature, not 0
     * after rounding). */
    int is_byte = GDALGetRasterDataType(band) == GDT_Byte;
    if (is_byte) {
        if (GDALRasterIO(band, GF_Read, 0, 0, w, h, feat, w, h, GDT_Byte, 0, 0) != CE_None)
            return 20;
        if (has_nd && nd >= 1 && nd <= 255 && nd == (int)nd)
            for (size_t k = 0; k < n; k++)
                feat[k] = feat[k] != 0 && feat[k] != (unsigned char)nd;
    } else {
        const int chunk = 256;
        float *buf = malloc(sizeof(float) * (size_t)w * chunk);
        if (!buf) {
            fprintf(stderr, "gt_proximity: out of memory\n");
            return 61;
        }
        for (int r = 0; r < h; r += chunk) {
            int rows = r + chunk <= h ? chunk : h - r;
            unsigned char *dst = feat + (size_t)r * w;
            if (GDALRasterIO(band, GF_Read, 0, r, w, rows, buf, w, rows, GDT_Float32, 0, 0) !=
                CE_None)
                return 20;
            for (size_t k = 0; k < (size_t)w * rows; k++)
                dst[k] = buf[k] != 0 && !(has_nd && buf[k] == nd);
        }
        free(buf);
    }
    gt_context *ctx = gt_context_create();
    if (threads > 0)
        gt_context_set_threads(ctx, threads);
    gt_status st = gt_distance_transform(ctx, feat, w, h, fabs(t[1]), fabs(t[5]), dist);
    if (st) {
        fprintf(stderr, "gt_proximity: %s\n", gt_context_errmsg(ctx));
        return st;
    }
    /* Uncompressed and in strips of 64 rows (2.5 MB at 10,000 columns), the
     * layout gdal_proximity.py writes by default but with fewer, larger
     * strips; written with no block cache in between, so the strips go
     * straight from the distance grid to the file (a 400 MB cache copy of
     * the grid cost more than the transform's row pass). */
    char *opts[] = {"TILED=NO", "BLOCKYSIZE=64", NULL};
    GDALSetCacheMax64(0);
    GDALDatasetH dst =
        GDALCreate(GDALGetDriverByName("GTiff"), argv[2], w, h, 1, GDT_Float32, opts);
    if (!dst) {
        fprintf(stderr, "gt_proximity: cannot create %s\n", argv[2]);
        return 30;
    }
    GDALSetGeoTransform(dst, t);
    GDALSetProjection(dst, GDALGetProjectionRef(src));
    if (GDALRasterIO(GDALGetRasterBand(dst, 1), GF_Write, 0, 0, w, h, dist, w, h, GDT_Float32, 0,
                     0) != CE_None)
        return 30;
    GDALClose(dst);
    GDALClose(src);
    gt_context_destroy(ctx);
    free(feat);
    free(dist);
    return 0;
}
