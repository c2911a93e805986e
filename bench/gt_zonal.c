/*
 * gt_zonal.c: per-parcel zonal statistics as a whole process, for the
 * benchmark: read band 1 of a Float32 raster and the polygons of a vector
 * layer, take count, sum, mean, min and max of the cells of each polygon
 * (cells whose centre is inside), and write them as CSV
 * (fid,count,sum,mean,min,max), the figures QGIS's "Zonal statistics (in
 * place)" (native:zonalstatisticsfb) gives.
 *
 * No whole grid is held: the polygons are burnt one fixed band of rows at a
 * time on every thread (gt__rasterize_ogr_bands), each thread reads the
 * same rows of the raster through a dataset of its own (GeoTIFF tiles
 * decoded on every thread; uncompressed ones read straight into the band's
 * buffer, GTIFF_DIRECT_IO) and adds the band to the polygons' statistics
 * (gt_zonal_bands). The polygons are read as OGR geometries with their
 * attributes ignored.
 * Usage: gt_zonal RASTER VECTOR OUT.csv [--threads N]
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>

#include "gistool.h"
#include "layers/layers.h"

enum { MAX_WORKERS = 64 };

typedef struct {
    const char *path;
    int w, has_nd;
    double nd;
    gt_zonal_bands zb;
    GDALDatasetH ds[MAX_WORKERS];
    float *buf[MAX_WORKERS];
    int failed;
} zonal_job;

/* One band burnt: read the same rows of the raster, add them. */
static void zonal_band(void *arg, int worker, int r0, int rows, const void *cells)
{
    zonal_job *j = arg;
    if (worker >= MAX_WORKERS)
        return (void)__atomic_store_n(&j->failed, 1, __ATOMIC_RELAXED);
    if (!j->ds[worker])
        j->ds[worker] = GDALOpen(j->path, GA_ReadOnly);
    if (!j->buf[worker])
        j->buf[worker] = malloc((size_t)GT__RASTER_BAND_ROWS * (size_t)j->w * sizeof(float));
    float *v = j->buf[worker];
    if (!j->ds[worker] || !v ||
        GDALRasterIO(GDALGetRasterBand(j->ds[worker], 1), GF_Read, 0, r0, j->w, rows, v, j->w, rows,
                     GDT_Float32, 0, 0) != CE_None)
        return (void)__atomic_store_n(&j->failed, 1, __ATOMIC_RELAXED);
    if (j->has_nd)
        for (size_t k = 0; k < (size_t)rows * (size_t)j->w; k++)
            if (v[k] == (float)j->nd)
                v[k] = NAN;
    gt_zonal_bands_add(&j->zb, r0, rows, j->w, cells, v);
}

/* The polygons with a geometry, their attributes ignored. */
static int read_polygons(OGRLayerH lyr, OGRGeometryH **geoms, long long **fids)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int nf = OGR_FD_GetFieldCount(defn), cap = 1024, np = 0;
    const char **ignored = calloc((size_t)nf + 2, sizeof *ignored);
    for (int i = 0; ignored && i < nf; i++)
        ignored[i] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
    if (ignored) {
        ignored[nf] = "OGR_STYLE";
        OGR_L_SetIgnoredFields(lyr, ignored);
    }
    free(ignored);
    *geoms = malloc(sizeof **geoms * (size_t)cap);
    *fids = malloc(sizeof **fids * (size_t)cap);
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while (*geoms && *fids && (f = OGR_L_GetNextFeature(lyr))) {
        OGRGeometryH g = OGR_F_StealGeometry(f);
        if (g && np == cap) {
            cap *= 2;
            OGRGeometryH *ng = realloc(*geoms, sizeof *ng * (size_t)cap);
            long long *nfid = realloc(*fids, sizeof *nfid * (size_t)cap);
            if (ng)
                *geoms = ng;
            if (nfid)
                *fids = nfid;
            if (!ng || !nfid) {
                OGR_G_DestroyGeometry(g);
                OGR_F_Destroy(f);
                return -1;
            }
        }
        if (g) {
            (*geoms)[np] = g;
            (*fids)[np++] = OGR_F_GetFID(f);
        }
        OGR_F_Destroy(f);
    }
    return *geoms && *fids ? np : -1;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: gt_zonal RASTER VECTOR OUT.csv [--threads N]\n");
        return 2;
    }
    GDALAllRegister();
    /* Uncompressed tiles are read straight into the caller's buffer, not
     * through the block cache. */
    CPLSetConfigOption("GTIFF_DIRECT_IO", "YES");
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
    zonal_job job = {.path = argv[1], .w = grid.w};
    job.nd = GDALGetRasterNoDataValue(GDALGetRasterBand(src, 1), &job.has_nd);
    GDALClose(src);
    OGRGeometryH *geoms = NULL;
    long long *fids = NULL;
    int np = read_polygons(GDALDatasetGetLayer(vds, 0), &geoms, &fids);
    if (np < 0) {
        fprintf(stderr, "gt_zonal: out of memory reading the polygons\n");
        return 20;
    }
    /* Each polygon's rows: its envelope, a row wider each way. */
    size_t nz = (size_t)np + 1;
    double *burn = malloc(sizeof(double) * nz);
    int *rows = malloc(sizeof(int) * 2 * nz);
    gt_zone_stats *zs = malloc(sizeof *zs * nz);
    if (!burn || !rows || !zs)
        return 20;
    for (int i = 0; i < np; i++) {
        OGREnvelope e;
        OGR_G_GetEnvelope(geoms[i], &e);
        double r0 = floor((grid.y0 - e.MaxY) / grid.res) - 1;
        double r1 = ceil((grid.y0 - e.MinY) / grid.res) + 1;
        bool on = r0 <= r1 && r1 >= 0 && r0 <= grid.h - 1;
        rows[i] = on ? (int)fmax(r0, 0) : 0;
        rows[nz + (size_t)i] = on ? (int)fmin(r1, grid.h - 1) : -1;
        burn[i] = i + 1;
    }
    gt_status st = gt_zonal_bands_init(ctx, &job.zb, np, GT__RASTER_BAND_ROWS, rows, rows + nz);
    if (!st)
        st = gt__rasterize_ogr_bands(ctx, &grid, geoms, np, burn, GDT_Int32, false, zonal_band,
                                     &job);
    if (!st && job.failed)
        st = gt__error(ctx, GT_ERR_INPUT_OPEN, "%s: cannot read the raster by bands", argv[1]);
    if (!st)
        st = gt_zonal_bands_finish(ctx, &job.zb, zs);
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
    if (fclose(out))
        return 30;
    for (int k = 0; k < MAX_WORKERS; k++) {
        if (job.ds[k])
            GDALClose(job.ds[k]);
        free(job.buf[k]);
    }
    for (int i = 0; i < np; i++)
        OGR_G_DestroyGeometry(geoms[i]);
    gt_zonal_bands_free(&job.zb);
    free(geoms);
    free(fids);
    free(burn);
    free(rows);
    free(zs);
    GDALClose(vds);
    gt_context_destroy(ctx);
    return 0;
}
