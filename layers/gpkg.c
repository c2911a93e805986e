/*
 * gpkg.c: the run's GeoPackage, written atomically. Everything goes into a
 * temporary file beside the final path (same folder, so rename(2) is atomic)
 * and is renamed over the final path only when every table is written and
 * the file is closed; on failure the temporary file is removed and any
 * previous output is untouched. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <math.h>
#include <sqlite3.h>

#include "layers/layers.h"

typedef struct gt__gpkg_pending gt__gpkg_pending;

struct gt__gpkg {
    char *final_path;
    char *tmp_path;
    GDALDatasetH ds;
    gt__gpkg_pending *pending; /* a raster's tiles being encoded */
    gt__gpkg_index *index;     /* spatial indexes filled when ds is closed */
};

static void index_free(gt__gpkg_index *x);
static gt_status index_flush(gt_context *ctx, gt__gpkg *g);

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

/* GDAL's GPKG driver writes a Float32 raster as 256 x 256 tiles, each an
 * LZW-compressed single-strip TIFF made from the tile (NoData in the part
 * beyond the raster's edge), with the tile's statistics in
 * gpkg_2d_gridded_tile_ancillary; a tile with no valid cell is not
 * written. Encoding them is most of the writing time and the driver does it
 * on one thread, so the tiles are made here the same way, on all threads,
 * and inserted in row order: the tables, the tile bytes and the statistics
 * are those the driver writes (tests/e2e check the values through GDAL). */
enum { TILE = 256 };
#define RASTER_NODATA -9999.0

typedef struct raster_tile {
    GByte *blob; /* the encoded tile (VSIFree), NULL: no valid cell */
    vsi_l_offset size;
    double min, max, mean, sd;
    bool done; /* encoded (blob NULL: nothing to write) */
} raster_tile;

/* The tiles of one raster, encoded by a pass of workers that take the next
 * tile in [next, end) until none is left, the encoded bytes reach `budget`
 * or one fails. */
typedef struct tile_job {
    const float *data;
    int w, h, tiles_x, n_tiles;
    raster_tile *tiles;
    atomic_int next;
    int end;
    atomic_size_t bytes;
    size_t budget;
    atomic_bool failed;
} tile_job;

/* Encoded tiles held while the vector tables are written: beyond this the
 * rest are encoded when the raster is inserted, a tile row at a time. */
enum { PREPARE_BUDGET = 256 << 20 };

struct gt__gpkg_pending {
    tile_job job;
    pthread_t thread;
    bool joined;
    gt_context *ctx;
};

/* One tile: NAN cells and the part beyond the raster become NoData, then
 * the driver's statistics (running mean and M2 over the valid cells) and
 * its encoding (GTiff CreateCopy of the tile, LZW, one strip). */
static bool encode_tile(const tile_job *j, int index, float *buf, raster_tile *t)
{
    int trow = index / j->tiles_x, tcol = index % j->tiles_x;
    int x0 = tcol * TILE, y0 = trow * TILE;
    int nx = j->w - x0 < TILE ? j->w - x0 : TILE, ny = j->h - y0 < TILE ? j->h - y0 : TILE;
    for (int y = 0; y < TILE; y++) {
        float *dst = buf + (size_t)y * TILE;
        if (y >= ny) {
            for (int x = 0; x < TILE; x++)
                dst[x] = (float)RASTER_NODATA;
            continue;
        }
        const float *src = j->data + (size_t)(y0 + y) * j->w + x0;
        for (int x = 0; x < nx; x++)
            dst[x] = src[x] != src[x] ? (float)RASTER_NODATA : src[x];
        for (int x = nx; x < TILE; x++)
            dst[x] = (float)RASTER_NODATA;
    }
    const float nodata = (float)RASTER_NODATA;
    float fmin = 0, fmax = 0;
    double mean = 0, m2 = 0;
    long long n = 0;
    for (size_t i = 0; i < (size_t)TILE * TILE; i++) {
        float v = buf[i];
        if (v == nodata)
            continue;
        if (n == 0)
            fmin = fmax = v;
        else {
            fmin = v < fmin ? v : fmin;
            fmax = v > fmax ? v : fmax;
        }
        n++;
        double d = v - mean;
        mean += d / (double)n;
        m2 += d * (v - mean);
    }
    *t = (raster_tile){NULL, 0, fmin, fmax, mean, n ? sqrt(m2 / (double)n) : 0.0, false};
    if (n == 0) {
        t->done = true;
        return true;
    }
    GDALDriverH mem = GDALGetDriverByName("MEM"), tiff = GDALGetDriverByName("GTiff");
    GDALDatasetH src = mem && tiff ? GDALCreate(mem, "", TILE, TILE, 0, GDT_Float32, NULL) : NULL;
    if (!src)
        return false;
    char ptr[64] = "DATAPOINTER=";
    CPLPrintPointer(ptr + strlen(ptr), buf, (int)(sizeof ptr - strlen(ptr)));
    char *band_opts[] = {ptr, NULL};
    bool ok = GDALAddBand(src, GDT_Float32, band_opts) == CE_None;
    char name[96];
    snprintf(name, sizeof name, "/vsimem/gt_gpkg_tile_%p_%d", (void *)j, index);
    char *opts[] = {"_INTERNAL_DATASET=YES", "COMPRESS=LZW", "BLOCKYSIZE=256",
                    "QUIET_DELETE_ON_CREATE_COPY=NO", NULL};
    GDALDatasetH out = ok ? GDALCreateCopy(tiff, name, src, FALSE, opts, NULL, NULL) : NULL;
    ok = out != NULL;
    if (out)
        GDALClose(out);
    GDALClose(src);
    if (ok)
        t->blob = VSIGetMemFileBuffer(name, &t->size, TRUE);
    VSIUnlink(name);
    t->done = ok && t->blob;
    return t->done;
}

static void encode_worker(int begin, int end, void *arg)
{
    (void)begin, (void)end;
    tile_job *j = arg;
    /* A worker's GDAL messages are not the run's: a failure is reported
     * once, by the thread that inserts the tiles. */
    CPLPushErrorHandler(CPLQuietErrorHandler);
    float *buf = malloc(sizeof(float) * TILE * TILE);
    if (!buf)
        atomic_store(&j->failed, true);
    while (buf && !atomic_load(&j->failed) && atomic_load(&j->bytes) < j->budget) {
        int i = atomic_fetch_add(&j->next, 1);
        if (i >= j->end)
            break;
        if (j->tiles[i].done)
            continue;
        if (!encode_tile(j, i, buf, &j->tiles[i]))
            atomic_store(&j->failed, true);
        else
            atomic_fetch_add(&j->bytes, (size_t)j->tiles[i].size);
    }
    free(buf);
    CPLPopErrorHandler();
}

/* Encode tiles [begin, end) not yet encoded, on all threads. */
static void encode_pass(gt_context *ctx, tile_job *j, int begin, int end, size_t budget)
{
    atomic_store(&j->next, begin);
    j->end = end;
    j->budget = budget;
    int t = gt_context_threads(ctx);
    gt__parallel_for(ctx, t < 1 ? 1 : t, encode_worker, j);
}

static void *prepare_thread(void *arg)
{
    gt__gpkg_pending *p = arg;
    encode_pass(p->ctx, &p->job, 0, p->job.n_tiles, PREPARE_BUDGET);
    return NULL;
}

static void pending_free(gt__gpkg_pending *p)
{
    if (!p)
        return;
    if (!p->joined) {
        atomic_store(&p->job.failed, true); /* not needed any more: stop */
        pthread_join(p->thread, NULL);
    }
    for (int i = 0; i < p->job.n_tiles; i++)
        VSIFree(p->job.tiles[i].blob);
    free(p->job.tiles);
    free(p);
}

void gt__gpkg_prepare_raster(gt_context *ctx, gt__gpkg *g, const gt__grid *grid, const float *data)
{
    if (g->pending)
        return;
    gt__gpkg_pending *p = calloc(1, sizeof *p);
    int tiles_x = (grid->w + TILE - 1) / TILE, tiles_y = (grid->h + TILE - 1) / TILE;
    raster_tile *tiles = p ? calloc((size_t)tiles_x * tiles_y, sizeof *tiles) : NULL;
    if (!tiles) {
        free(p);
        return; /* the tiles are then all encoded when inserted */
    }
    p->ctx = ctx;
    p->job.data = data;
    p->job.w = grid->w;
    p->job.h = grid->h;
    p->job.tiles_x = tiles_x;
    p->job.n_tiles = tiles_x * tiles_y;
    p->job.tiles = tiles;
    if (pthread_create(&p->thread, NULL, prepare_thread, p) != 0) {
        free(tiles);
        free(p);
        return;
    }
    g->pending = p;
}

/* The full-resolution tile matrix the driver made for `table`: its zoom
 * level, when the tiles are 256 x 256 cells aligned on the raster's
 * top-left corner (the driver's layout for a new raster); -1 otherwise. */
static int tile_zoom(sqlite3 *db, const char *table, const gt__grid *grid)
{
    sqlite3_stmt *q = NULL;
    int zoom = -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT m.zoom_level, m.tile_width, m.tile_height, m.pixel_x_size, "
                           "m.pixel_y_size, s.min_x, s.max_y FROM gpkg_tile_matrix m JOIN "
                           "gpkg_tile_matrix_set s ON s.table_name = m.table_name WHERE "
                           "m.table_name = ?1 ORDER BY m.zoom_level DESC LIMIT 1",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 1) == TILE &&
        sqlite3_column_int(q, 2) == TILE && sqlite3_column_double(q, 3) == grid->res &&
        sqlite3_column_double(q, 4) == grid->res && sqlite3_column_double(q, 5) == grid->x0 &&
        sqlite3_column_double(q, 6) == grid->y0)
        zoom = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return zoom;
}

static gt_status sql_error(gt_context *ctx, sqlite3 *db, const char *table, const char *path)
{
    return gt__error(ctx, GT_ERR_OUTPUT, "writing raster '%s' to '%s' failed: %s", table, path,
                     db ? sqlite3_errmsg(db) : "cannot open");
}

/* Insert the tiles in row order, in one transaction: those encoded
 * beforehand (gt__gpkg_prepare_raster), the others a tile row at a time on
 * all threads, each row's blobs freed once inserted. */
static gt_status write_tiles(gt_context *ctx, const char *path, const char *table,
                             const gt__grid *grid, tile_job *job, bool *unknown_layout)
{
    *unknown_layout = false;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        gt_status st = sql_error(ctx, db, table, path);
        sqlite3_close(db);
        return st;
    }
    int zoom = tile_zoom(db, table, grid);
    if (zoom < 0) {
        sqlite3_close(db);
        *unknown_layout = true;
        return GT_OK;
    }
    char *sql_tile = sqlite3_mprintf("INSERT INTO \"%w\" (zoom_level, tile_row, tile_column, "
                                     "tile_data) VALUES (?1, ?2, ?3, ?4)",
                                     table);
    char *sql_anc = sqlite3_mprintf("INSERT INTO gpkg_2d_gridded_tile_ancillary (tpudt_name, "
                                    "tpudt_id, scale, offset, min, max, mean, std_dev) VALUES "
                                    "('%q', ?1, 1, 0, ?2, ?3, ?4, ?5)",
                                    table);
    sqlite3_stmt *ins = NULL, *anc = NULL;
    gt_status st = GT_OK;
    if (!sql_tile || !sql_anc ||
        sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql_tile, -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql_anc, -1, &anc, NULL) != SQLITE_OK)
        st = sql_error(ctx, db, table, path);
    int tiles_x = job->tiles_x, tiles_y = job->n_tiles / tiles_x;
    for (int r = 0; r < tiles_y && !st; r++) {
        encode_pass(ctx, job, r * tiles_x, (r + 1) * tiles_x, SIZE_MAX);
        if (atomic_load(&job->failed))
            st = gt__error(ctx, GT_ERR_OUTPUT, "encoding a tile of raster '%s' failed", table);
        for (int i = r * tiles_x; i < (r + 1) * tiles_x; i++) {
            raster_tile *t = &job->tiles[i];
            if (!st && t->blob) {
                sqlite3_bind_int(ins, 1, zoom);
                sqlite3_bind_int(ins, 2, r);
                sqlite3_bind_int(ins, 3, i % tiles_x);
                sqlite3_bind_blob64(ins, 4, t->blob, t->size, SQLITE_STATIC);
                if (sqlite3_step(ins) != SQLITE_DONE)
                    st = sql_error(ctx, db, table, path);
                sqlite3_reset(ins);
                sqlite3_bind_int64(anc, 1, sqlite3_last_insert_rowid(db));
                sqlite3_bind_double(anc, 2, t->min);
                sqlite3_bind_double(anc, 3, t->max);
                sqlite3_bind_double(anc, 4, t->mean);
                sqlite3_bind_double(anc, 5, t->sd);
                if (!st && sqlite3_step(anc) != SQLITE_DONE)
                    st = sql_error(ctx, db, table, path);
                sqlite3_reset(anc);
            }
            VSIFree(t->blob);
            t->blob = NULL;
        }
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(anc);
    if (!st && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        st = sql_error(ctx, db, table, path);
    if (sqlite3_close(db) != SQLITE_OK && !st)
        st = sql_error(ctx, NULL, table, path);
    sqlite3_free(sql_tile);
    sqlite3_free(sql_anc);
    return st;
}

/* The driver's own row-by-row writing, for a layout write_tiles does not
 * know. NAN cells are written as the nodata value. */
static gt_status write_rows(gt_context *ctx, GDALDatasetH ds, const char *table,
                            const gt__grid *grid, const float *data)
{
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    float *row = gt__malloc(ctx, sizeof(float) * (size_t)grid->w);
    gt_status st = row ? GT_OK : GT_ERR_NOMEM;
    for (int r = 0; r < grid->h && !st; r++) {
        const float *src = data + (size_t)r * grid->w;
        for (int c = 0; c < grid->w; c++)
            row[c] = src[c] != src[c] ? (float)RASTER_NODATA : src[c];
        if (GDALRasterIO(band, GF_Write, 0, r, grid->w, 1, row, grid->w, 1, GDT_Float32, 0, 0) !=
            CE_None)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing raster '%s' failed", table);
    }
    free(row);
    return st;
}

static gt_status create_raster(gt_context *ctx, gt__gpkg *g, const char *table,
                               const char *description, const gt__grid *grid,
                               OGRSpatialReferenceH srs, GDALDatasetH *out)
{
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
    GDALSetRasterNoDataValue(GDALGetRasterBand(ds, 1), RASTER_NODATA);
    *out = ds;
    return GT_OK;
}

static gt_status close_raster(gt_context *ctx, GDALDatasetH ds, const char *table, gt_status st)
{
    CPLErrorReset();
    GDALClose(ds);
    if (!st && CPLGetLastErrorType() >= CE_Failure)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "closing raster '%s' failed", table);
    return st;
}

gt_status gt__gpkg_add_raster(gt_context *ctx, gt__gpkg *g, const char *table,
                              const char *description, const gt__grid *grid,
                              OGRSpatialReferenceH srs, const float *data)
{
    if (g->ds) {
        GDALClose(g->ds);
        g->ds = NULL;
    }
    gt_status st = index_flush(ctx, g);
    if (st)
        return st;
    /* The tiles encoded beforehand, when they are this raster's. */
    gt__gpkg_pending *p = g->pending;
    if (p) {
        pthread_join(p->thread, NULL);
        p->joined = true;
        if (p->job.data != data || p->job.w != grid->w || p->job.h != grid->h) {
            g->pending = NULL;
            pending_free(p);
            p = NULL;
        }
    }
    tile_job local = {0};
    tile_job *job = p ? &p->job : &local;
    int tiles_x = (grid->w + TILE - 1) / TILE, tiles_y = (grid->h + TILE - 1) / TILE;
    if (!p) {
        local.data = data;
        local.w = grid->w;
        local.h = grid->h;
        local.tiles_x = tiles_x;
        local.n_tiles = tiles_x * tiles_y;
        local.tiles = gt__calloc(ctx, (size_t)local.n_tiles, sizeof *local.tiles);
        if (!local.tiles)
            return gt_context_status(ctx);
    }
    /* The driver makes the tables (tile matrix, coverage, contents) of an
     * empty raster; the tiles go in after it is closed. */
    GDALDatasetH ds = NULL;
    st = create_raster(ctx, g, table, description, grid, srs, &ds);
    if (!st)
        st = close_raster(ctx, ds, table, GT_OK);
    if (!st) {
        bool unknown_layout = false;
        st = write_tiles(ctx, g->tmp_path, table, grid, job, &unknown_layout);
        if (!st && unknown_layout) {
            /* Unknown layout: the driver writes the tiles itself. */
            char *saved = sync_off();
            ds = GDALOpenEx(g->tmp_path, GDAL_OF_RASTER | GDAL_OF_UPDATE, NULL,
                            (const char *const[]){CPLSPrintf("TABLE=%s", table), NULL}, NULL);
            sync_restore(saved);
            st = ds ? write_rows(ctx, ds, table, grid, data)
                    : gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot reopen raster '%s'", table);
            if (ds)
                st = close_raster(ctx, ds, table, st);
        }
    }
    if (p) {
        g->pending = NULL;
        pending_free(p);
    } else {
        for (int i = 0; i < local.n_tiles; i++)
            VSIFree(local.tiles[i].blob);
        free(local.tiles);
    }
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
    pending_free(g->pending);
    g->pending = NULL;
    if (g->ds) {
        CPLErrorReset();
        GDALClose(g->ds);
        g->ds = NULL;
        if (CPLGetLastErrorType() >= CE_Failure)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "closing '%s' failed", g->tmp_path);
    }
    if (!st)
        st = index_flush(ctx, g);
    /* In the run's transaction, the rename waits for its other outputs. */
    st = gt__replace_file(ctx, st, g->tmp_path, g->final_path);
    index_free(g->index);
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
    pending_free(g->pending);
    if (g->ds)
        GDALClose(g->ds);
    index_free(g->index);
    gt__output_discard(g->tmp_path);
    free(g->final_path);
    free(g->tmp_path);
    free(g);
}

/* Spatial indexes filled in bulk. The driver keeps a layer's R-tree
 * (gpkg_rtree_index) up to date with a trigger that inserts each new
 * feature's box, one R*-tree insertion at a time: about 15 CPU seconds for
 * a million parcels, more than the features themselves. So the driver
 * makes the index (virtual table, triggers, extension row) while the layer
 * is empty, its insert trigger is set aside while the features are
 * written, and when the dataset is closed the tree is packed in one pass
 * (sort-tile-recursive: boxes sorted by x into slices, each slice by y,
 * packed into full nodes, level by level up to the root) into the R-tree's
 * own tables, and the trigger is put back. The tables are those SQLite's
 * R-tree module reads and checks (rtreecheck): each node a blob of the
 * module's node size (2 bytes of tree depth, in the root only, 2 bytes of
 * cell count, then cells of a 64-bit id and four 32-bit floats, all
 * big-endian), with a row per entry in _rowid and per non-root node in
 * _parent. */
typedef struct rtree_entry {
    int64_t id;   /* feature id (leaves) or node index of the level below */
    float box[4]; /* minx, maxx, miny, maxy */
} rtree_entry;

struct gt__gpkg_index {
    gt__gpkg_index *next;
    char *rtree;   /* rtree_<table>_<geometry column> */
    char *trigger; /* the insert trigger's SQL, put back after the fill */
    rtree_entry *e;
    size_t n, cap;
};

static void index_free(gt__gpkg_index *x)
{
    while (x) {
        gt__gpkg_index *next = x->next;
        sqlite3_free(x->rtree);
        free(x->trigger);
        free(x->e);
        free(x);
        x = next;
    }
}

/* The 32-bit bounds the R-tree module stores for a double: rounded down
 * for a minimum and up for a maximum, as its rtreeValueDown/Up do, so the
 * packed boxes are those the trigger would have inserted. */
static float box_down(double d)
{
    float f = (float)d;
    if (f > d)
        f = (float)(d * (d < 0 ? 1.0 + 1.0 / 8388608.0 : 1.0 - 1.0 / 8388608.0));
    return f;
}

static float box_up(double d)
{
    float f = (float)d;
    if (f < d)
        f = (float)(d * (d < 0 ? 1.0 - 1.0 / 8388608.0 : 1.0 + 1.0 / 8388608.0));
    return f;
}

/* One column of a statement's first row, or NULL (strdup'ed). */
static char *query_text(GDALDatasetH ds, const char *sql)
{
    OGRLayerH res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    if (!res)
        return NULL;
    OGRFeatureH f = OGR_L_GetNextFeature(res);
    char *text =
        f && OGR_F_IsFieldSetAndNotNull(f, 0) ? strdup(OGR_F_GetFieldAsString(f, 0)) : NULL;
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, res);
    return text;
}

gt__gpkg_index *gt__gpkg_index_defer(gt_context *ctx, gt__gpkg *g, OGRLayerH l)
{
    (void)ctx;
    const char *geom = OGR_L_GetGeometryColumn(l);
    if (!g->ds || !geom || !*geom || OGR_L_GetFeatureCount(l, TRUE) != 0)
        return NULL;
    /* The driver makes a new layer's index when the layer is first synced. */
    if (OGR_L_SyncToDisk(l) != OGRERR_NONE)
        return NULL;
    gt__gpkg_index *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->rtree = sqlite3_mprintf("rtree_%s_%s", OGR_L_GetName(l), geom);
    char *sql = x->rtree ? sqlite3_mprintf("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                           "AND name = '%q_insert'",
                                           x->rtree)
                         : NULL;
    x->trigger = sql ? query_text(g->ds, sql) : NULL;
    sqlite3_free(sql);
    if (!x->trigger) {
        index_free(x);
        return NULL;
    }
    sql = sqlite3_mprintf("DROP TRIGGER \"%w_insert\"", x->rtree);
    CPLErrorReset();
    if (sql)
        GDALDatasetReleaseResultSet(g->ds, GDALDatasetExecuteSQL(g->ds, sql, NULL, NULL));
    sqlite3_free(sql);
    if (!sql || CPLGetLastErrorType() >= CE_Failure) {
        index_free(x);
        return NULL;
    }
    x->next = g->index;
    g->index = x;
    return x;
}

gt_status gt__gpkg_index_add(gt_context *ctx, gt__gpkg_index *x, OGRFeatureH f)
{
    OGRGeometryH geom = x ? OGR_F_GetGeometryRef(f) : NULL;
    /* The trigger's condition: a geometry, not empty. */
    if (!geom || OGR_G_IsEmpty(geom))
        return GT_OK;
    if (!gt__grow(&x->e, &x->cap, x->n + 1, sizeof *x->e))
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory for the spatial index %s", x->rtree);
    OGREnvelope env;
    OGR_G_GetEnvelope(geom, &env);
    x->e[x->n++] =
        (rtree_entry){OGR_F_GetFID(f),
                      {box_down(env.MinX), box_up(env.MaxX), box_down(env.MinY), box_up(env.MaxY)}};
    return GT_OK;
}

static int by_x(const void *a, const void *b)
{
    const rtree_entry *p = a, *q = b;
    double u = (double)p->box[0] + p->box[1], v = (double)q->box[0] + q->box[1];
    return u < v ? -1 : u > v ? 1 : (p->id > q->id) - (p->id < q->id);
}

static int by_y(const void *a, const void *b)
{
    const rtree_entry *p = a, *q = b;
    double u = (double)p->box[2] + p->box[3], v = (double)q->box[2] + q->box[3];
    return u < v ? -1 : u > v ? 1 : (p->id > q->id) - (p->id < q->id);
}

/* One level of the tree: its cells (the level below's nodes, or the
 * entries), in the order they are packed, and where each node's cells
 * start; node j holds cells [start[j], start[j + 1]). */
typedef struct rtree_level {
    rtree_entry *cell;
    size_t n_cells, n_nodes, *start;
} rtree_level;

/* Sort-tile-recursive packing of lv->cell into nodes of at most `cap`
 * cells; the level above's cells (one per node, its box the union of its
 * cells') go into *up. */
static bool pack_level(rtree_level *lv, size_t cap, rtree_entry **up)
{
    size_t n = lv->n_cells, nodes = (n + cap - 1) / cap;
    size_t slices = (size_t)ceil(sqrt((double)nodes)), per = slices * cap;
    lv->start = malloc((nodes + slices + 1) * sizeof *lv->start);
    *up = malloc((nodes + slices + 1) * sizeof **up);
    if (!lv->start || !*up)
        return false;
    qsort(lv->cell, n, sizeof *lv->cell, by_x);
    size_t k = 0;
    for (size_t s0 = 0; s0 < n; s0 += per) {
        size_t s1 = s0 + per < n ? s0 + per : n;
        qsort(lv->cell + s0, s1 - s0, sizeof *lv->cell, by_y);
        for (size_t c0 = s0; c0 < s1; c0 += cap, k++) {
            size_t c1 = c0 + cap < s1 ? c0 + cap : s1;
            rtree_entry u = {(int64_t)k, {INFINITY, -INFINITY, INFINITY, -INFINITY}};
            for (size_t i = c0; i < c1; i++) {
                const float *b = lv->cell[i].box;
                u.box[0] = fminf(u.box[0], b[0]);
                u.box[1] = fmaxf(u.box[1], b[1]);
                u.box[2] = fminf(u.box[2], b[2]);
                u.box[3] = fmaxf(u.box[3], b[3]);
            }
            lv->start[k] = c0;
            (*up)[k] = u;
        }
    }
    lv->start[k] = n;
    lv->n_nodes = k;
    return true;
}

/* A leaf entry's row of _rowid: the feature and the node holding it. */
typedef struct rtree_link {
    int64_t id, node;
} rtree_link;

static int by_id(const void *a, const void *b)
{
    const rtree_link *p = a, *q = b;
    return (p->id > q->id) - (p->id < q->id);
}

static void put_be(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)(v & 0xff);
}

/* Pack x's entries into the (empty) R-tree and write its tables. */
static gt_status index_fill(gt_context *ctx, sqlite3 *db, gt__gpkg_index *x, const char *path)
{
    gt_status st = GT_OK;
    sqlite3_stmt *q = NULL, *node = NULL, *rowid = NULL, *parent = NULL;
    int size = 0;
    char *sql = sqlite3_mprintf("SELECT length(data) FROM \"%w_node\" WHERE nodeno = 1", x->rtree);
    if (sql && sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        size = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    sqlite3_free(sql);
    size_t cap = size > 4 ? (size_t)(size - 4) / 24 : 0;
    if (cap < 2)
        return gt__error(ctx, GT_ERR_OUTPUT, "spatial index %s in '%s': unexpected layout",
                         x->rtree, path);
    /* A layer with no rows (no parcel in the study area) keeps its empty
     * R-tree as GDAL made it: there is nothing to pack. */
    if (x->n == 0) {
        if (sqlite3_exec(db, x->trigger, NULL, NULL, NULL) != SQLITE_OK)
            return gt__error(ctx, GT_ERR_OUTPUT, "spatial index %s in '%s': %s", x->rtree, path,
                             sqlite3_errmsg(db));
        return GT_OK;
    }
    /* The levels, leaves first, up to the one with a single node. */
    rtree_level lv[32] = {{0}};
    int top = 0;
    lv[0].cell = x->e;
    lv[0].n_cells = x->n;
    x->e = NULL;
    for (;; top++) {
        rtree_entry *up = NULL;
        if (!pack_level(&lv[top], cap, &up)) {
            free(up);
            st = gt__error(ctx, GT_ERR_NOMEM, "out of memory for the spatial index %s", x->rtree);
            break;
        }
        if (lv[top].n_nodes <= 1 || top + 1 == (int)(sizeof lv / sizeof *lv)) {
            free(up);
            break;
        }
        lv[top + 1].cell = up;
        lv[top + 1].n_cells = lv[top].n_nodes;
    }
    /* Node numbers: the root is 1, then level by level downwards. */
    int64_t base[32];
    base[top] = 1;
    for (int k = top - 1; k >= 0; k--)
        base[k] = base[k + 1] + (int64_t)lv[k + 1].n_nodes;
    unsigned char *blob = st ? NULL : calloc(1, (size_t)size);
    size_t n_leaf = 0;
    rtree_link *leaf = st ? NULL : malloc((lv[0].n_cells ? lv[0].n_cells : 1) * sizeof *leaf);
    char *sql_node =
             sqlite3_mprintf("INSERT OR REPLACE INTO \"%w_node\" VALUES (?1, ?2)", x->rtree),
         *sql_rowid = sqlite3_mprintf("INSERT INTO \"%w_rowid\" VALUES (?1, ?2)", x->rtree),
         *sql_parent = sqlite3_mprintf("INSERT INTO \"%w_parent\" VALUES (?1, ?2)", x->rtree);
    if (!st && (!blob || !leaf || !sql_node || !sql_rowid || !sql_parent ||
                sqlite3_prepare_v2(db, sql_node, -1, &node, NULL) != SQLITE_OK ||
                sqlite3_prepare_v2(db, sql_rowid, -1, &rowid, NULL) != SQLITE_OK ||
                sqlite3_prepare_v2(db, sql_parent, -1, &parent, NULL) != SQLITE_OK))
        st = gt__error(ctx, GT_ERR_OUTPUT, "spatial index %s in '%s': %s", x->rtree, path,
                       sqlite3_errmsg(db));
    for (int k = top; k >= 0 && !st; k--) {
        for (size_t j = 0; j < lv[k].n_nodes && !st; j++) {
            int64_t no = base[k] + (int64_t)j;
            size_t c0 = lv[k].start[j], c1 = lv[k].start[j + 1];
            memset(blob, 0, (size_t)size);
            put_be(blob, k == top ? (uint64_t)top : 0, 2);
            put_be(blob + 2, c1 - c0, 2);
            for (size_t i = c0; i < c1 && !st; i++) {
                const rtree_entry *c = &lv[k].cell[i];
                int64_t id = k ? base[k - 1] + c->id : c->id;
                unsigned char *p = blob + 4 + (i - c0) * 24;
                put_be(p, (uint64_t)id, 8);
                for (int b = 0; b < 4; b++) {
                    uint32_t bits;
                    memcpy(&bits, &c->box[b], sizeof bits);
                    put_be(p + 8 + 4 * b, bits, 4);
                }
                if (!k) {
                    leaf[n_leaf++] = (rtree_link){id, no};
                    continue;
                }
                sqlite3_bind_int64(parent, 1, id);
                sqlite3_bind_int64(parent, 2, no);
                if (sqlite3_step(parent) != SQLITE_DONE)
                    st = GT_ERR_OUTPUT;
                sqlite3_reset(parent);
            }
            sqlite3_bind_int64(node, 1, no);
            sqlite3_bind_blob(node, 2, blob, size, SQLITE_STATIC);
            if (!st && sqlite3_step(node) != SQLITE_DONE)
                st = GT_ERR_OUTPUT;
            sqlite3_reset(node);
        }
    }
    /* The leaves' rows go into _rowid in id order: in the packing's order
     * each would land on a random page of that table's B-tree, and with
     * SQLite's small page cache nearly every one is a page written out
     * and another read back (about 10 s for a million parcels). */
    if (!st)
        qsort(leaf, n_leaf, sizeof *leaf, by_id);
    for (size_t i = 0; i < n_leaf && !st; i++) {
        sqlite3_bind_int64(rowid, 1, leaf[i].id);
        sqlite3_bind_int64(rowid, 2, leaf[i].node);
        if (sqlite3_step(rowid) != SQLITE_DONE)
            st = GT_ERR_OUTPUT;
        sqlite3_reset(rowid);
    }
    if (!st && sqlite3_exec(db, x->trigger, NULL, NULL, NULL) != SQLITE_OK)
        st = GT_ERR_OUTPUT;
    if (st == GT_ERR_OUTPUT && gt_context_status(ctx) == GT_OK)
        gt__error(ctx, st, "spatial index %s in '%s': %s", x->rtree, path, sqlite3_errmsg(db));
    sqlite3_finalize(node);
    sqlite3_finalize(rowid);
    sqlite3_finalize(parent);
    sqlite3_free(sql_node);
    sqlite3_free(sql_rowid);
    sqlite3_free(sql_parent);
    free(blob);
    free(leaf);
    for (int k = 0; k <= top; k++) {
        free(lv[k].cell);
        free(lv[k].start);
    }
    return st;
}

/* After the dataset is closed: fill the deferred spatial indexes, in one
 * transaction on the temporary file. */
static gt_status index_flush(gt_context *ctx, gt__gpkg *g)
{
    if (!g->index)
        return GT_OK;
    sqlite3 *db = NULL;
    gt_status st = GT_OK;
    if (sqlite3_open_v2(g->tmp_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        st = gt__error(ctx, GT_ERR_OUTPUT, "cannot fill the spatial indexes of '%s': %s",
                       g->tmp_path, db ? sqlite3_errmsg(db) : "cannot open");
    for (gt__gpkg_index *x = g->index; x && !st; x = x->next)
        st = index_fill(ctx, db, x, g->tmp_path);
    if (!st && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        st = gt__error(ctx, GT_ERR_OUTPUT, "cannot fill the spatial indexes of '%s': %s",
                       g->tmp_path, sqlite3_errmsg(db));
    if (sqlite3_close(db) != SQLITE_OK && !st)
        st = gt__error(ctx, GT_ERR_OUTPUT, "cannot close '%s'", g->tmp_path);
    index_free(g->index);
    g->index = NULL;
    return st;
}
