/*
 * gt_zonal.c: per-parcel zonal statistics as a whole process, for the
 * benchmark: read band 1 of a Float32 raster and the polygons of a vector
 * layer, take count, sum, mean, min and max of the cells of each polygon
 * (cells whose centre is inside), and write them as CSV
 * (fid,count,sum,mean,min,max), the figures QGIS's "Zonal statistics (in
 * place)" (native:zonalstatisticsfb) gives.
 *
 * No whole grid is held: the polygons are burnt one fixed band of rows at a
 * time on every thread (gt__rasterize_ogr_bands: GDAL's scanline rule
 * straight into the zone ids, handed on 64 rows at a time), each thread
 * reads the same rows of the raster through a dataset of its own (GeoTIFF
 * tiles decoded on every thread; uncompressed ones read straight into the
 * buffer, GTIFF_DIRECT_IO) and adds them to the polygons' statistics
 * (gt_zonal_bands). The polygons are read as OGR geometries with their
 * attributes ignored, a GeoPackage's on every thread by ranges of FIDs;
 * the CSV rows are made on every thread and written in order.
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

/* The polygons with a geometry, their attributes ignored: appended to a
 * part's arrays. */
typedef struct {
    OGRGeometryH *geoms;
    long long *fids;
    int n, cap;
} polygons;

static int read_polygons(OGRLayerH lyr, polygons *p)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int nf = OGR_FD_GetFieldCount(defn);
    const char **ignored = calloc((size_t)nf + 2, sizeof *ignored);
    for (int i = 0; ignored && i < nf; i++)
        ignored[i] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
    if (ignored) {
        ignored[nf] = "OGR_STYLE";
        OGR_L_SetIgnoredFields(lyr, ignored);
    }
    free(ignored);
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr))) {
        OGRGeometryH g = OGR_F_StealGeometry(f);
        if (g && p->n == p->cap) {
            int cap = p->cap ? 2 * p->cap : 1024;
            OGRGeometryH *ng = realloc(p->geoms, sizeof *ng * (size_t)cap);
            if (ng)
                p->geoms = ng;
            long long *nfid = realloc(p->fids, sizeof *nfid * (size_t)cap);
            if (nfid)
                p->fids = nfid;
            if (!ng || !nfid) {
                OGR_G_DestroyGeometry(g);
                OGR_F_Destroy(f);
                return -1;
            }
            p->cap = cap;
        }
        if (g) {
            p->geoms[p->n] = g;
            p->fids[p->n++] = OGR_F_GetFID(f);
        }
        OGR_F_Destroy(f);
    }
    return 0;
}

/* A GeoPackage layer is read on every thread, each a range of FIDs through
 * a dataset of its own (SQLite walks the rowid range in order), the parts
 * joined in FID order: the order one reading gives. */
enum { MAX_PARTS = 8 };

typedef struct {
    const char *path, *fid_col;
    OGRLayerH lyr0; /* part 0's: the dataset already open */
    long long lo, hi; /* FIDs lo .. hi - 1 split into nparts ranges */
    int nparts;
    polygons part[MAX_PARTS];
    int failed;
} read_job;

static void read_parts(int p0, int p1, void *arg)
{
    read_job *j = arg;
    for (int p = p0; p < p1; p++) {
        long long a = j->lo + (j->hi - j->lo) * p / j->nparts;
        long long b = j->lo + (j->hi - j->lo) * (p + 1) / j->nparts;
        GDALDatasetH ds = p ? GDALOpenEx(j->path, GDAL_OF_VECTOR, NULL, NULL, NULL) : NULL;
        OGRLayerH lyr = p ? (ds ? GDALDatasetGetLayer(ds, 0) : NULL) : j->lyr0;
        char where[256];
        snprintf(where, sizeof where, "\"%s\" >= %lld AND \"%s\" < %lld", j->fid_col, a,
                 j->fid_col, b);
        if (!lyr || OGR_L_SetAttributeFilter(lyr, where) != OGRERR_NONE ||
            read_polygons(lyr, &j->part[p]) < 0)
            __atomic_store_n(&j->failed, 1, __ATOMIC_RELAXED);
        if (ds)
            GDALClose(ds);
    }
}

/* All the layer's polygons into *all; a GeoPackage on every thread. */
static int read_layer(gt_context *ctx, const char *path, GDALDatasetH vds, polygons *all)
{
    OGRLayerH lyr = GDALDatasetGetLayer(vds, 0);
    GDALDriverH drv = GDALGetDatasetDriver(vds);
    const char *fid_col = lyr ? OGR_L_GetFIDColumn(lyr) : "";
    int threads = gt_context_threads(ctx);
    if (!lyr)
        return -1;
    if (threads < 2 || !drv || strcmp(GDALGetDriverShortName(drv), "GPKG") || !fid_col[0] ||
        strchr(fid_col, '"'))
        return read_polygons(lyr, all);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT MIN(\"%s\"), MAX(\"%s\") FROM \"%s\"", fid_col, fid_col,
             OGR_L_GetName(lyr));
    OGRLayerH r = strchr(OGR_L_GetName(lyr), '"') ? NULL : GDALDatasetExecuteSQL(vds, sql, NULL, NULL);
    OGRFeatureH f = r ? OGR_L_GetNextFeature(r) : NULL;
    bool range = f && OGR_F_IsFieldSetAndNotNull(f, 0) && OGR_F_IsFieldSetAndNotNull(f, 1);
    read_job job = {.path = path, .fid_col = fid_col, .lyr0 = lyr,
                    .nparts = threads < MAX_PARTS ? threads : MAX_PARTS};
    if (range) {
        job.lo = OGR_F_GetFieldAsInteger64(f, 0);
        job.hi = OGR_F_GetFieldAsInteger64(f, 1) + 1;
    }
    if (f)
        OGR_F_Destroy(f);
    if (r)
        GDALDatasetReleaseResultSet(vds, r);
    if (!range || job.hi - job.lo < 2 * job.nparts)
        return read_polygons(lyr, all);
    gt__parallel_for(ctx, job.nparts, read_parts, &job);
    OGR_L_SetAttributeFilter(lyr, NULL);
    int n = 0;
    for (int p = 0; p < job.nparts; p++)
        n += job.part[p].n;
    all->geoms = malloc(sizeof *all->geoms * (size_t)(n ? n : 1));
    all->fids = malloc(sizeof *all->fids * (size_t)(n ? n : 1));
    bool ok = all->geoms && all->fids && !job.failed;
    for (int p = 0; p < job.nparts; p++) {
        polygons *q = &job.part[p];
        for (int i = 0; i < q->n; i++)
            if (ok) {
                all->geoms[all->n] = q->geoms[i];
                all->fids[all->n++] = q->fids[i];
            } else {
                OGR_G_DestroyGeometry(q->geoms[i]);
            }
        free(q->geoms);
        free(q->fids);
    }
    all->cap = n;
    return ok ? 0 : -1;
}

/* The CSV rows, made on every thread (parts of the zones, each its own
 * text), written in order. */
typedef struct {
    const gt_zone_stats *zs;
    const long long *fids;
    int n, nparts;
    char *text[MAX_PARTS];
    size_t len[MAX_PARTS];
    int failed;
} csv_job;

static void csv_parts(int p0, int p1, void *arg)
{
    csv_job *j = arg;
    for (int p = p0; p < p1; p++) {
        int i0 = (int)((long long)j->n * p / j->nparts);
        int i1 = (int)((long long)j->n * (p + 1) / j->nparts);
        size_t cap = (size_t)(i1 - i0) * 96 + 1, len = 0;
        char *t = malloc(cap);
        for (int i = i0; t && i < i1; i++) {
            const gt_zone_stats *z = &j->zs[i];
            if (cap - len < 160) {
                char *nt = realloc(t, cap * 2);
                if (!nt) {
                    free(t);
                    t = NULL;
                    break;
                }
                t = nt;
                cap *= 2;
            }
            if (z->count)
                len += (size_t)snprintf(t + len, cap - len, "%lld,%lld,%.9g,%.9g,%.9g,%.9g\n",
                                        j->fids[i], (long long)z->count, z->sum,
                                        z->sum / (double)z->count, z->min, z->max);
            else
                len += (size_t)snprintf(t + len, cap - len, "%lld,0,,,,\n", j->fids[i]);
        }
        if (!t)
            __atomic_store_n(&j->failed, 1, __ATOMIC_RELAXED);
        j->text[p] = t;
        j->len[p] = len;
    }
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
    polygons all = {0};
    if (read_layer(ctx, argv[2], vds, &all) < 0) {
        fprintf(stderr, "gt_zonal: cannot read the polygons of '%s'\n", argv[2]);
        return 20;
    }
    OGRGeometryH *geoms = all.geoms;
    long long *fids = all.fids;
    int np = all.n;
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
    int threads = gt_context_threads(ctx);
    csv_job csv = {.zs = zs, .fids = fids, .n = np,
                   .nparts = threads < 1 ? 1 : threads < MAX_PARTS ? threads : MAX_PARTS};
    gt__parallel_for(ctx, csv.nparts, csv_parts, &csv);
    FILE *out = csv.failed ? NULL : fopen(argv[3], "w");
    bool written = out && fputs("fid,count,sum,mean,min,max\n", out) >= 0;
    for (int p = 0; p < csv.nparts; p++) {
        written = written && fwrite(csv.text[p], 1, csv.len[p], out) == csv.len[p];
        free(csv.text[p]);
    }
    if (!out || fclose(out) || !written)
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
