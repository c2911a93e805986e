/*
 * gpkg.c: the run's GeoPackage, written atomically. Everything goes into a
 * temporary file beside the final path (same folder, so rename(2) is atomic)
 * and is renamed over the final path only when every table is written and
 * the file is closed; on failure the temporary file is removed and any
 * previous output is untouched. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>

#include "layers/layers.h"

struct gt__gpkg {
    char *final_path;
    char *tmp_path;
    GDALDatasetH ds;
};

/* The temporary GeoPackage is opened with SQLite's synchronous=OFF: it is
 * renamed over its target only after the transaction of outputs has
 * flushed it to disk once (layers/atomic_file.c, commit_all), so SQLite's
 * own fdatasync per table (hundreds per run, most of a small run's time)
 * would buy nothing. A crash before the rename leaves only the temporary. */
static char *sync_off(void)
{
    const char *prev = CPLGetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", NULL);
    char *saved = prev ? strdup(prev) : NULL;
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
    return saved;
}

static void sync_restore(char *saved)
{
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", saved);
    free(saved);
}

gt__gpkg *gt__gpkg_begin(gt_context *ctx, const char *final_path)
{
    gt__gpkg *g = gt__calloc(ctx, 1, sizeof *g);
    if (!g)
        return NULL;
    g->final_path = gt__strdup(ctx, final_path);
    if (!g->final_path || !(g->tmp_path = gt__output_stage(ctx, final_path, ".gpkg")))
        goto fail;
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    CPLErrorReset();
    char *saved = sync_off();
    g->ds = drv ? GDALCreate(drv, g->tmp_path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    sync_restore(saved);
    if (!g->ds) {
        gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create '%s'", g->tmp_path);
        goto fail;
    }
    return g;
fail:
    gt__gpkg_abort(g);
    return NULL;
}

GDALDatasetH gt__gpkg_dataset(gt__gpkg *g)
{
    return g->ds;
}

gt_status gt__gpkg_add_raster(gt_context *ctx, gt__gpkg *g, const char *table,
                              const char *description, const gt__grid *grid,
                              OGRSpatialReferenceH srs, const float *data)
{
    if (g->ds) {
        GDALClose(g->ds);
        g->ds = NULL;
    }
    char tbl[256], desc[512];
    snprintf(tbl, sizeof tbl, "RASTER_TABLE=%s", table);
    snprintf(desc, sizeof desc, "RASTER_DESCRIPTION=%s", description);
    char *opts[] = {"APPEND_SUBDATASET=YES", tbl, desc, "TILE_FORMAT=TIFF", NULL};
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    CPLErrorReset();
    char *saved = sync_off();
    GDALDatasetH ds = GDALCreate(drv, g->tmp_path, grid->w, grid->h, 1, GDT_Float32, opts);
    sync_restore(saved);
    if (!ds)
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot add raster '%s' to '%s'", table,
                              g->tmp_path);
    double gt[6] = {grid->x0, grid->res, 0, grid->y0, 0, -grid->res};
    GDALSetGeoTransform(ds, gt);
    GDALSetSpatialRef(ds, srs);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    GDALSetRasterNoDataValue(band, -9999.0);
    /* NAN cells are written as the nodata value, row by row. */
    float *row = gt__malloc(ctx, sizeof(float) * (size_t)grid->w);
    gt_status st = row ? GT_OK : GT_ERR_NOMEM;
    for (int r = 0; r < grid->h && !st; r++) {
        const float *src = data + (size_t)r * grid->w;
        for (int c = 0; c < grid->w; c++)
            row[c] = src[c] != src[c] ? -9999.0f : src[c];
        if (GDALRasterIO(band, GF_Write, 0, r, grid->w, 1, row, grid->w, 1, GDT_Float32, 0, 0) !=
            CE_None)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing raster '%s' failed", table);
    }
    free(row);
    CPLErrorReset();
    GDALClose(ds);
    if (!st && CPLGetLastErrorType() >= CE_Failure)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "closing raster '%s' failed", table);
    return st;
}

gt_status gt__gpkg_reopen(gt_context *ctx, gt__gpkg *g)
{
    if (g->ds)
        return GT_OK;
    CPLErrorReset();
    char *saved = sync_off();
    g->ds = GDALOpenEx(g->tmp_path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    sync_restore(saved);
    if (!g->ds)
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot reopen '%s'", g->tmp_path);
    return GT_OK;
}

OGRLayerH gt__gpkg_table(gt_context *ctx, gt__gpkg *g, const char *name, const char *const *fields,
                         const OGRFieldType *types, int n)
{
    if (gt__gpkg_reopen(ctx, g))
        return NULL;
    OGRLayerH lyr = GDALDatasetCreateLayer(g->ds, name, NULL, wkbNone, NULL);
    if (!lyr) {
        gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create table '%s'", name);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i], types[i]);
        OGRErr e = OGR_L_CreateField(lyr, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE) {
            gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create field %s.%s", name, fields[i]);
            return NULL;
        }
    }
    return lyr;
}

gt_status gt__gpkg_commit(gt_context *ctx, gt__gpkg *g)
{
    gt_status st = GT_OK;
    if (g->ds) {
        CPLErrorReset();
        GDALClose(g->ds);
        g->ds = NULL;
        if (CPLGetLastErrorType() >= CE_Failure)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "closing '%s' failed", g->tmp_path);
    }
    /* In the run's transaction, the rename waits for its other outputs. */
    st = gt__replace_file(ctx, st, g->tmp_path, g->final_path);
    free(g->final_path);
    free(g);
    return st;
}

gt_status gt__gpkg_fail(gt_context *ctx, gt__gpkg *g, gt_status st)
{
    /* "database or disk is full" says nothing of which file: name it. */
    const char *msg = gt_context_errmsg(ctx);
    if (st == GT_ERR_OUTPUT && g && msg && !strstr(msg, g->final_path))
        gt__error_suffix(ctx, " (writing '%s')", g->final_path);
    gt__gpkg_abort(g);
    return st;
}

void gt__gpkg_abort(gt__gpkg *g)
{
    if (!g)
        return;
    if (g->ds)
        GDALClose(g->ds);
    gt__output_discard(g->tmp_path);
    free(g->final_path);
    free(g->tmp_path);
    free(g);
}
