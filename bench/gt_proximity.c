/*
 * gt_proximity.c: the exact distance transform as a whole process, for the
 * benchmark and the reference test: read band 1 of a raster (cells that are
 * non-zero and not NoData are features), write a Float32 GeoTIFF of the
 * distance in georeferenced units from each cell centre to the nearest
 * feature cell centre, as `gdal_proximity.py -distunits GEO` does (which
 * approximates it). Uses gistool's EDT and GDAL.
 *
 * The output is an uncompressed GeoTIFF in strips of one row, the layout
 * gdal_proximity.py writes by default (GTiff's default strips are one row of
 * a raster this wide). Each row is written as the transform makes it (its
 * row pass runs in bands of rows on all threads, so the strips are in the
 * file in the order they were made; the strip offsets in the header say
 * where each is), so no distance grid is held: the process keeps the
 * 16-bit feature and column-count grid (2 bytes a cell), and the block
 * cache is off, so each row goes straight to the file.
 * Usage: gt_proximity SRC DST [--threads N]
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <gdal.h>

#include "algorithms/internal.h"
#include "gistool.h"

typedef struct {
    GDALRasterBandH band;
    int w;
    pthread_mutex_t lock;
    int failed;
} row_writer;

static void write_row(int row, float *dist, void *arg)
{
    row_writer *rw = arg;
    pthread_mutex_lock(&rw->lock);
    if (!rw->failed && GDALRasterIO(rw->band, GF_Write, 0, row, rw->w, 1, dist, rw->w, 1,
                                    GDT_Float32, 0, 0) != CE_None)
        rw->failed = 1;
    pthread_mutex_unlock(&rw->lock);
}

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
    if (h >= UINT16_MAX) {
        fprintf(stderr, "gt_proximity: %d rows; at most %d\n", h, UINT16_MAX - 1);
        return 20;
    }
    double t[6];
    GDALGetGeoTransform(src, t);
    GDALRasterBandH band = GDALGetRasterBand(src, 1);
    int has_nd = 0;
    double nd = GDALGetRasterNoDataValue(band, &has_nd);
    size_t n = (size_t)w * h;
    uint16_t *grid = malloc(sizeof(uint16_t) * n);
    if (!grid) {
        fprintf(stderr, "gt_proximity: out of memory\n");
        return 61;
    }
    /* One read of the whole band, so that GDAL decodes its tiles on all
     * cores (GDAL_NUM_THREADS, set above); a Byte band straight into the
     * 16-bit grid (any non-zero value is a feature for the transform),
     * other types as Float32 in bands of rows (a value 0.5 is a feature, not
     * 0 after rounding). */
    if (GDALGetRasterDataType(band) == GDT_Byte) {
        if (GDALRasterIO(band, GF_Read, 0, 0, w, h, grid, w, h, GDT_UInt16, 0, 0) != CE_None)
            return 20;
        if (has_nd && nd >= 1 && nd <= 255 && nd == (int)nd)
            for (size_t k = 0; k < n; k++)
                grid[k] = grid[k] != 0 && grid[k] != (uint16_t)nd;
    } else {
        const int chunk = 256;
        float *buf = malloc(sizeof(float) * (size_t)w * chunk);
        if (!buf) {
            fprintf(stderr, "gt_proximity: out of memory\n");
            return 61;
        }
        for (int r = 0; r < h; r += chunk) {
            int rows = r + chunk <= h ? chunk : h - r;
            uint16_t *dst = grid + (size_t)r * w;
            if (GDALRasterIO(band, GF_Read, 0, r, w, rows, buf, w, rows, GDT_Float32, 0, 0) !=
                CE_None)
                return 20;
            for (size_t k = 0; k < (size_t)w * rows; k++)
                dst[k] = buf[k] != 0 && !(has_nd && buf[k] == nd);
        }
        free(buf);
    }
    char *opts[] = {"TILED=NO", "BLOCKYSIZE=1", NULL};
    GDALSetCacheMax64(0);
    GDALDatasetH dst =
        GDALCreate(GDALGetDriverByName("GTiff"), argv[2], w, h, 1, GDT_Float32, opts);
    if (!dst) {
        fprintf(stderr, "gt_proximity: cannot create %s\n", argv[2]);
        return 30;
    }
    GDALSetGeoTransform(dst, t);
    GDALSetProjection(dst, GDALGetProjectionRef(src));
    gt_context *ctx = gt_context_create();
    if (threads > 0)
        gt_context_set_threads(ctx, threads);
    row_writer rw = {GDALGetRasterBand(dst, 1), w, PTHREAD_MUTEX_INITIALIZER, 0};
    gt_status st = gt__distance_transform_u16_rows(ctx, grid, w, h, fabs(t[1]), fabs(t[5]), 0, 0,
                                                   w, h, NULL, (gt__edt_sink){write_row, &rw});
    if (st) {
        fprintf(stderr, "gt_proximity: %s\n", gt_context_errmsg(ctx));
        return st;
    }
    CPLErrorReset();
    GDALClose(dst);
    if (rw.failed || CPLGetLastErrorType() >= CE_Failure) {
        fprintf(stderr, "gt_proximity: writing %s failed\n", argv[2]);
        return 30;
    }
    GDALClose(src);
    gt_context_destroy(ctx);
    free(grid);
    return 0;
}
