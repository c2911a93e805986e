/*
 * raster.c: grids through GDAL: burn geometries into a buffer
 * (GDALRasterizeGeometries), resample a raster layer onto the working grid
 * (GDALReprojectImage, bilinear), and polygonize a mask (GDALPolygonize).
 * The buffers belong to the caller; GDAL sees them through MEM datasets.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_alg.h>
#include <gdalwarper.h>

#include "layers/layers.h"

/* A MEM dataset whose single band is the caller's buffer. */
static GDALDatasetH mem_dataset(gt_context *ctx, const gt__grid *grid, GDALDataType type,
                                void *buffer, OGRSpatialReferenceH srs)
{
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDatasetH ds = mem ? GDALCreate(mem, "", grid->w, grid->h, 0, type, NULL) : NULL;
    if (!ds) {
        gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "cannot create a MEM raster");
        return NULL;
    }
    char opt[64];
    snprintf(opt, sizeof opt, "DATAPOINTER=%p", buffer);
    char *opts[] = {opt, NULL};
    if (GDALAddBand(ds, type, opts) != CE_None) {
        gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "cannot wrap a buffer as a MEM band");
        GDALClose(ds);
        return NULL;
    }
    double gt[6] = {grid->x0, grid->res, 0, grid->y0, 0, -grid->res};
    GDALSetGeoTransform(ds, gt);
    if (srs)
        GDALSetSpatialRef(ds, srs);
    return ds;
}

/* Rasterization by bands of rows, on all the context's threads. Each band
 * is its own MEM dataset over the caller's buffer (DATAPOINTER at the band's
 * first row; no copy of the grid) and burns only the geometries whose
 * envelope reaches it. The band height is fixed, not derived from the
 * thread count, so the cells burnt are the same for any number of threads. */
enum { RASTER_BAND_ROWS = GT__RASTER_BAND_ROWS };

typedef struct {
    const gt__grid *grid;
    OGRGeometryH *og;
    const OGREnvelope *env; /* of each geometry */
    const double *values;
    int n;
    GDALDataType type;
    bool all_touched;
    bool scanline;         /* polygons into Int32 cells by scanline_band */
    unsigned char *buffer; /* the whole grid, or NULL: a band buffer per worker */
    gt__band_fn band_fn;   /* with no buffer: called with each band burnt */
    void *band_arg;
    int nbands;
    int next; /* next band, taken atomically */
    int failed;
    char msg[512];
} raster_job;

/* A MEM dataset of the band's rows over `cells` (no band when cells is
 * NULL: for its geotransform alone). */
static GDALDatasetH band_dataset(const gt__grid *bg, GDALDataType type, void *cells)
{
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDatasetH ds = mem ? GDALCreate(mem, "", bg->w, bg->h, 0, type, NULL) : NULL;
    char opt[64];
    snprintf(opt, sizeof opt, "DATAPOINTER=%p", cells);
    char *bopts[] = {opt, NULL};
    double gt[6] = {bg->x0, bg->res, 0, bg->y0, 0, -bg->res};
    if (ds && ((cells && GDALAddBand(ds, type, bopts) != CE_None) ||
               GDALSetGeoTransform(ds, gt) != CE_None)) {
        GDALClose(ds);
        return NULL;
    }
    return ds;
}

/* GDALRasterizeGeometries of k geometries into a band's cells. */
static bool gdal_burn(const raster_job *j, const gt__grid *bg, void *cells, int k,
                      OGRGeometryH *sel, double *val)
{
    GDALDatasetH ds = band_dataset(bg, j->type, cells);
    int band = 1;
    char *opts[] = {"OPTIM=RASTER", j->all_touched ? "ALL_TOUCHED=TRUE" : NULL, NULL};
    bool ok = ds && GDALRasterizeGeometries(ds, 1, &band, k, sel, NULL, NULL, val, opts, NULL,
                                            NULL) == CE_None;
    if (ds)
        GDALClose(ds);
    return ok;
}

/* GDAL's own scanline fill of polygons (cells whose centre is inside,
 * GDALdllImageFilledPolygon as GDALRasterizeGeometries runs it in GDAL
 * 3.6), written straight into Int32 cells: GDALRasterizeGeometries copies
 * the band out of its MEM dataset and back for every call, and that copy
 * cost as much as the fill. The vertices are taken to pixels by GDAL's own
 * transformer over the band's geotransform, as GDALRasterizeGeometries
 * takes them, and the fill's arithmetic is GDAL's, so the cells are the
 * same; unit.fast_paths checks them against GDALRasterizeGeometries band by
 * band. GDAL fills a horizontal edge lying exactly on a row's centre line
 * one way or the other by the ring's orientation (which it normalises with
 * OGRLinearRing::isClockwise); a polygon with such an edge is burnt by
 * GDALRasterizeGeometries itself. */
/* A polygon of the band: its vertices in pixels (from pt), its rings'
 * sizes (from part), the band rows it fills. */
typedef struct {
    size_t pt, part;
    int nparts, miny, maxy;
    int32_t value;
    bool gdal; /* left to GDALRasterizeGeometries */
    OGRGeometryH g;
} scan_poly;

typedef struct {
    double *x, *y, *z;
    int *ok, *parts, *ints;
    scan_poly *poly;
    size_t xcap, ycap, zcap, okcap, pcap, icap, polycap;
    size_t n, np, npoly; /* points, rings, polygons of the band */
} scan_scratch;

bool gt__grow(void *pp, size_t *cap, size_t need, size_t size)
{
    void **p = pp;
    if (need <= *cap)
        return true;
    void *q = realloc(*p, need * 2 * size);
    if (!q)
        return false;
    *p = q;
    *cap = need * 2;
    return true;
}

static void scratch_free(scan_scratch *s)
{
    free(s->x);
    free(s->y);
    free(s->z);
    free(s->ok);
    free(s->ints);
    free(s->parts);
    free(s->poly);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The pixel column GDAL gives an intersection, floor(x + 0.5), clamped to
 * -1 .. w + 1 first (the same cells burnt; no overflow far off the band). */
static inline int scan_col(double x, int w)
{
    return (int)floor(fmin(fmax(x, -1.0), (double)w + 1.0) + 0.5);
}

/* The band rows a polygon fills (GDAL's: from its vertices' least y,
 * truncated, to its greatest, within the band), and whether GDAL must burn
 * it: an edge on a row's centre line, or a ring of fewer than two points. */
static void scan_bounds(scan_poly *p, const scan_scratch *s, int rows)
{
    const double *py = s->y + p->pt;
    const int *parts = s->parts + p->part;
    int n = 0;
    p->gdal = false;
    for (int r = 0; r < p->nparts; r++) {
        p->gdal |= parts[r] < 2;
        n += parts[r];
    }
    if (p->gdal || n == 0) {
        p->gdal = true;
        return;
    }
    double dminy = py[0], dmaxy = py[0];
    for (int i = 1; i < n; i++) {
        if (py[i] < dminy)
            dminy = py[i];
        if (py[i] > dmaxy)
            dmaxy = py[i];
    }
    int miny = (int)fmin(fmax(dminy, -1.0), (double)rows);
    int maxy = (int)fmin(fmax(dmaxy, -1.0), (double)rows);
    p->miny = miny < 0 ? 0 : miny;
    p->maxy = maxy >= rows ? rows - 1 : maxy;
    for (int r = 0, off = 0; r < p->nparts; off += parts[r++])
        for (int i = off; i < off + parts[r]; i++) {
            int i1 = i == off ? off + parts[r] - 1 : i - 1;
            double c = py[i] - 0.5;
            if (py[i1] == py[i] && c == floor(c) && c >= p->miny && c <= p->maxy)
                p->gdal = true;
        }
}

/* Fill a polygon's rows y_lo .. y_hi - 1 of the band (GDAL's scanline rule:
 * a row's centre line cut by the edges, crossings rounded to columns,
 * cells between pairs of them); `cells` is row y_lo. */
static bool scan_fill(scan_scratch *s, const scan_poly *p, int w, int y_lo, int y_hi,
                      int32_t *cells)
{
    const double *px = s->x + p->pt, *py = s->y + p->pt;
    const int *parts = s->parts + p->part;
    size_t n = 0;
    for (int r = 0; r < p->nparts; r++)
        n += (size_t)parts[r];
    if (!gt__grow(&s->ints, &s->icap, n, sizeof *s->ints))
        return false;
    int *ints = s->ints;
    int y0 = p->miny > y_lo ? p->miny : y_lo, y1 = p->maxy < y_hi - 1 ? p->maxy : y_hi - 1;
    for (int y = y0; y <= y1; y++) {
        const double dy = y + 0.5;
        int nints = 0;
        for (int r = 0, off = 0; r < p->nparts; off += parts[r++])
            for (int i = off; i < off + parts[r]; i++) {
                int ind1 = i == off ? off + parts[r] - 1 : i - 1, ind2 = i;
                double dy1 = py[ind1], dy2 = py[ind2], dx1, dx2;
                if ((dy1 < dy && dy2 < dy) || (dy1 > dy && dy2 > dy))
                    continue;
                if (dy1 < dy2) {
                    dx1 = px[ind1];
                    dx2 = px[ind2];
                } else if (dy1 > dy2) {
                    dy2 = py[ind1];
                    dy1 = py[ind2];
                    dx2 = px[ind1];
                    dx1 = px[ind2];
                } else {
                    continue; /* horizontal, off the centre line (scan_bounds) */
                }
                if (dy < dy2 && dy >= dy1) {
                    double intersect = (dy - dy1) * (dx2 - dx1) / (dy2 - dy1) + dx1;
                    ints[nints++] = scan_col(intersect, w);
                }
            }
        if (nints > 2)
            qsort(ints, (size_t)nints, sizeof *ints, cmp_int);
        else if (nints == 2 && ints[0] > ints[1]) {
            int t = ints[0];
            ints[0] = ints[1];
            ints[1] = t;
        }
        int32_t *row = cells + (size_t)(y - y_lo) * (size_t)w;
        for (int i = 0; i + 1 < nints; i += 2) {
            int x0 = ints[i], x1 = ints[i + 1] - 1;
            if (ints[i] > w - 1 || ints[i + 1] <= 0 || x0 > x1)
                continue;
            if (x0 < 0)
                x0 = 0;
            if (x1 >= w)
                x1 = w - 1;
            for (int x = x0; x <= x1; x++)
                row[x] = p->value;
        }
    }
    return true;
}

/* The band's k polygons in pixels, by GDAL's own transformer over the
 * band's geotransform (as GDALRasterizeGeometries takes them). */
static bool scan_prepare(const gt__grid *bg, int k, OGRGeometryH *sel, const double *val,
                         scan_scratch *s, bool *any_gdal)
{
    s->n = s->np = s->npoly = 0;
    *any_gdal = false;
    GDALDatasetH ds = band_dataset(bg, GDT_Int32, NULL);
    void *tr = ds ? GDALCreateGenImgProjTransformer2(NULL, ds, NULL) : NULL;
    bool ok = tr != NULL;
    for (int i = 0; ok && i < k; i++) {
        OGRGeometryH g = sel[i];
        int nr = OGR_G_GetGeometryCount(g);
        size_t npts = 0;
        for (int r = 0; r < nr; r++)
            npts += (size_t)OGR_G_GetPointCount(OGR_G_GetGeometryRef(g, r));
        if (!npts) /* empty (no ring has a point): GDAL burns nothing */
            continue;
        size_t need = s->n + npts + 1;
        if (!gt__grow(&s->x, &s->xcap, need, sizeof *s->x) ||
            !gt__grow(&s->y, &s->ycap, need, sizeof *s->y) ||
            !gt__grow(&s->z, &s->zcap, need, sizeof *s->z) ||
            !gt__grow(&s->ok, &s->okcap, need, sizeof *s->ok) ||
            !gt__grow(&s->parts, &s->pcap, s->np + (size_t)nr + 1, sizeof *s->parts) ||
            !gt__grow(&s->poly, &s->polycap, s->npoly + 1, sizeof *s->poly)) {
            ok = false;
            break;
        }
        size_t at = s->n;
        for (int r = 0; r < nr; r++) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(g, r);
            int c = OGR_G_GetPointCount(ring);
            if (c > 0)
                OGR_G_GetPoints(ring, s->x + at, sizeof(double), s->y + at, sizeof(double), NULL,
                                0);
            s->parts[s->np + (size_t)r] = c;
            at += (size_t)c;
        }
        for (size_t q = s->n; q < at; q++)
            s->z[q] = 0;
        if (at > s->n)
            ok = GDALGenImgProjTransform(tr, FALSE, (int)(at - s->n), s->x + s->n, s->y + s->n,
                                         s->z + s->n, s->ok + s->n) != 0;
        scan_poly *p = &s->poly[s->npoly++];
        *p = (scan_poly){.pt = s->n, .part = s->np, .nparts = nr, .value = (int32_t)val[i], .g = g};
        scan_bounds(p, s, bg->h);
        *any_gdal |= p->gdal;
        s->n = at;
        s->np += (size_t)nr;
    }
    if (tr)
        GDALDestroyGenImgProjTransformer(tr);
    if (ds)
        GDALClose(ds);
    return ok;
}

/* Rows of a band handed on at a time by the scanline fill: small enough
 * for the cells and the caller's values to stay in cache (and to touch few
 * fresh pages), the band's partition unchanged. */
enum { SCAN_ROWS = 64 };

/* One band by the scanline fill, handed to band_fn SCAN_ROWS rows at a time
 * (in order, on this worker); with a polygon left to GDAL, the band whole,
 * the polygons burnt in their order. */
static bool scanline_band(const raster_job *j, int worker, int r0, const gt__grid *bg,
                          int32_t *cells, int k, OGRGeometryH *sel, const double *val,
                          scan_scratch *s)
{
    bool any_gdal;
    if (!scan_prepare(bg, k, sel, val, s, &any_gdal))
        return false;
    int w = bg->w, rows = bg->h;
    if (any_gdal) {
        memset(cells, 0, (size_t)rows * (size_t)w * sizeof *cells);
        for (size_t i = 0; i < s->npoly; i++) {
            scan_poly *p = &s->poly[i];
            double v = p->value;
            if (!(p->gdal ? gdal_burn(j, bg, cells, 1, &p->g, &v)
                          : scan_fill(s, p, w, 0, rows, cells)))
                return false;
        }
        if (j->band_fn)
            j->band_fn(j->band_arg, worker, r0, rows, cells);
        return true;
    }
    for (int sub = 0; sub < rows; sub += SCAN_ROWS) {
        int n = rows - sub < SCAN_ROWS ? rows - sub : SCAN_ROWS;
        bool any = false;
        for (size_t i = 0; i < s->npoly; i++) {
            const scan_poly *p = &s->poly[i];
            if (p->maxy < sub || p->miny >= sub + n)
                continue;
            if (!any)
                memset(cells, 0, (size_t)n * (size_t)w * sizeof *cells);
            any = true;
            if (!scan_fill(s, p, w, sub, sub + n, cells))
                return false;
        }
        if (any && j->band_fn)
            j->band_fn(j->band_arg, worker, r0 + sub, n, cells);
    }
    return true;
}

static void raster_bands(int w0, int w1, void *arg)
{
    raster_job *j = arg;
    const gt__grid *g = j->grid;
    size_t cell = (size_t)GDALGetDataTypeSizeBytes(j->type);
    OGRGeometryH *sel = malloc(sizeof *sel * (size_t)j->n);
    double *val = malloc(sizeof *val * (size_t)j->n);
    size_t band_bytes = (size_t)RASTER_BAND_ROWS * (size_t)g->w * cell;
    unsigned char *own = j->buffer ? NULL : malloc(band_bytes);
    scan_scratch scratch = {0};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    for (int w = w0; w < w1 && sel && val && (j->buffer || own); w++) {
        for (;;) {
            int b = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
            if (b >= j->nbands || __atomic_load_n(&j->failed, __ATOMIC_RELAXED))
                break;
            int r0 = b * RASTER_BAND_ROWS;
            int rows = g->h - r0 < RASTER_BAND_ROWS ? g->h - r0 : RASTER_BAND_ROWS;
            /* The band's extent, one cell wider for all_touched. */
            double top = g->y0 - r0 * g->res, bottom = top - rows * g->res;
            double margin = g->res;
            int k = 0;
            for (int i = 0; i < j->n; i++)
                if (j->env[i].MaxY >= bottom - margin && j->env[i].MinY <= top + margin) {
                    sel[k] = j->og[i];
                    val[k++] = j->values[i];
                }
            if (!k)
                continue;
            gt__grid bg = {g->w, rows, g->x0, top, g->res};
            unsigned char *cells = j->buffer ? j->buffer + (size_t)r0 * (size_t)g->w * cell : own;
            CPLErrorReset();
            bool ok;
            if (j->scanline && !j->buffer) {
                ok = scanline_band(j, w, r0, &bg, (int32_t *)own, k, sel, val, &scratch);
            } else {
                if (!j->buffer)
                    memset(own, 0, (size_t)rows * (size_t)g->w * cell);
                ok = gdal_burn(j, &bg, cells, k, sel, val);
                if (ok && j->band_fn)
                    j->band_fn(j->band_arg, w, r0, rows, cells);
            }
            if (!ok && !__atomic_exchange_n(&j->failed, 1, __ATOMIC_RELAXED))
                snprintf(j->msg, sizeof j->msg, "%s",
                         CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "out of memory");
        }
    }
    CPLPopErrorHandler();
    if ((!sel || !val || (!j->buffer && !own)) &&
        !__atomic_exchange_n(&j->failed, 1, __ATOMIC_RELAXED))
        snprintf(j->msg, sizeof j->msg, "out of memory");
    scratch_free(&scratch);
    free(sel);
    free(val);
    free(own);
}

/* Burn the job's geometries band by band on all threads; `n` is the
 * caller's count of geometries, for the message. */
static gt_status burn_bands(gt_context *ctx, raster_job *job, int n)
{
    job->nbands = (job->grid->h + RASTER_BAND_ROWS - 1) / RASTER_BAND_ROWS;
    int workers = gt_context_threads(ctx);
    gt__parallel_for(ctx, workers < job->nbands ? workers : job->nbands, raster_bands, job);
    if (job->failed)
        return gt__error(ctx, GT_ERR_DEPENDENCY, "rasterizing %d geometries failed: %s", n,
                         job->msg);
    return GT_OK;
}

/* Geometries as OGR's, multi-part ones split into their parts with the
 * value of the whole. GDAL's scanline fill walks every edge of a geometry
 * on every row it spans, so a zone made of thousands of polygons costs
 * rows x all edges whole and only rows x its own edges per part; the parts
 * of a valid multi-polygon are disjoint, so the cells are the same. */
typedef struct {
    OGRGeometryH *og;
    OGREnvelope *env;
    double *values;
    int n, cap;
} ogr_parts;

static gt_status add_part(gt_context *ctx, GEOSWKBWriter *writer, const GEOSGeometry *g,
                          double value, ogr_parts *p)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    int type = GEOSGeomTypeId_r(h, g), parts = GEOSGetNumGeometries_r(h, g);
    if ((type == GEOS_MULTIPOLYGON || type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOINT ||
         type == GEOS_GEOMETRYCOLLECTION) &&
        parts > 1) {
        for (int k = 0; k < parts; k++) {
            gt_status st = add_part(ctx, writer, GEOSGetGeometryN_r(h, g, k), value, p);
            if (st)
                return st;
        }
        return GT_OK;
    }
    if (p->n == p->cap) {
        int cap = p->cap ? 2 * p->cap : 64;
        OGRGeometryH *og = realloc(p->og, sizeof *og * (size_t)cap);
        if (og)
            p->og = og;
        OGREnvelope *env = realloc(p->env, sizeof *env * (size_t)cap);
        if (env)
            p->env = env;
        double *values = realloc(p->values, sizeof *values * (size_t)cap);
        if (values)
            p->values = values;
        if (!og || !env || !values)
            return gt__error(ctx, GT_ERR_NOMEM, "out of memory for rasterizing");
        p->cap = cap;
    }
    size_t size;
    unsigned char *wkb = GEOSWKBWriter_write_r(h, writer, g, &size);
    if (!wkb)
        return GT_GEOS_FAIL(ctx, "WKB export");
    OGRErr e = OGR_G_CreateFromWkb(wkb, NULL, &p->og[p->n], (int)size);
    GEOSFree_r(h, wkb);
    if (e != OGRERR_NONE)
        return gt__error(ctx, GT_ERR_DEPENDENCY, "gt__rasterize: OGR cannot read WKB");
    OGR_G_GetEnvelope(p->og[p->n], &p->env[p->n]);
    p->values[p->n++] = value;
    return GT_OK;
}

static gt_status rasterize(gt_context *ctx, const gt__grid *grid, GEOSGeometry *const *geoms, int n,
                           const double *burn, GDALDataType type, bool all_touched, void *buffer,
                           gt__band_fn fn, void *arg)
{
    if (n <= 0 || grid->w <= 0 || grid->h <= 0)
        return GT_OK;
    ogr_parts p = {0};
    GEOSWKBWriter *writer = GEOSWKBWriter_create_r(gt__geos(ctx));
    gt_status st = writer ? GT_OK : GT_GEOS_FAIL(ctx, "WKB writer");
    for (int i = 0; !st && i < n; i++)
        st = add_part(ctx, writer, geoms[i], burn ? burn[i] : 1.0, &p);
    if (!st && p.n > 0)
        st = burn_bands(ctx, &(raster_job){.grid = grid,
                                           .og = p.og,
                                           .env = p.env,
                                           .values = p.values,
                                           .n = p.n,
                                           .type = type,
                                           .all_touched = all_touched,
                                           .buffer = buffer,
                                           .band_fn = fn,
                                           .band_arg = arg},
                        n);
    for (int i = 0; i < p.n; i++)
        OGR_G_DestroyGeometry(p.og[i]);
    free(p.og);
    free(p.env);
    free(p.values);
    if (writer)
        GEOSWKBWriter_destroy_r(gt__geos(ctx), writer);
    return st;
}

gt_status gt__rasterize(gt_context *ctx, const gt__grid *grid, GEOSGeometry *const *geoms, int n,
                        const double *burn, GDALDataType type, bool all_touched, void *buffer)
{
    return rasterize(ctx, grid, geoms, n, burn, type, all_touched, buffer, NULL, NULL);
}

gt_status gt__rasterize_bands(gt_context *ctx, const gt__grid *grid, GEOSGeometry *const *geoms,
                              int n, const double *burn, GDALDataType type, bool all_touched,
                              gt__band_fn fn, void *arg)
{
    return rasterize(ctx, grid, geoms, n, burn, type, all_touched, NULL, fn, arg);
}

gt_status gt__rasterize_ogr_bands(gt_context *ctx, const gt__grid *grid, OGRGeometryH *geoms, int n,
                                  const double *burn, GDALDataType type, bool all_touched,
                                  gt__band_fn fn, void *arg)
{
    if (n <= 0 || grid->w <= 0 || grid->h <= 0)
        return GT_OK;
    OGREnvelope *env = gt__malloc(ctx, sizeof *env * (size_t)n);
    if (!env)
        return gt_context_status(ctx);
    /* Polygons into Int32 cells (zone ids) by the scanline fill written
     * straight into the band; anything else by GDALRasterizeGeometries. */
    bool scanline = type == GDT_Int32 && !all_touched;
    for (int i = 0; i < n; i++) {
        OGR_G_GetEnvelope(geoms[i], &env[i]);
        scanline = scanline && wkbFlatten(OGR_G_GetGeometryType(geoms[i])) == wkbPolygon &&
                   burn[i] >= INT32_MIN && burn[i] <= INT32_MAX && burn[i] == floor(burn[i]);
    }
    gt_status st = burn_bands(ctx, &(raster_job){.grid = grid,
                                                  .og = geoms,
                                                  .env = env,
                                                  .values = burn,
                                                  .n = n,
                                                  .type = type,
                                                  .all_touched = all_touched,
                                                  .scanline = scanline,
                                                  .band_fn = fn,
                                                  .band_arg = arg},
                              n);
    free(env);
    return st;
}

static gt_status open_raster(gt_context *ctx, const gt__layer_spec *spec, GDALDatasetH *out,
                             OGRSpatialReferenceH *srs_out)
{
    *out = NULL;
    *srs_out = NULL;
    if (access(spec->source, R_OK) != 0 && strncmp(spec->source, "/vsi", 4) != 0)
        return gt__error(ctx, GT_ERR_INPUT_OPEN,
                         "layers.%s (%s): cannot open '%s': no such file or not readable",
                         spec->name, spec->origin, spec->source);
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(spec->source, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return gt__gdal_error(ctx, GT_ERR_INPUT_OPEN,
                              "layers.%s (%s): '%s' is not a raster GDAL can open", spec->name,
                              spec->origin, spec->source);
    if (GDALGetRasterCount(ds) < 1) {
        GDALClose(ds);
        return gt__error(ctx, GT_ERR_INPUT_LAYER, "layers.%s (%s): '%s' has no raster band",
                         spec->name, spec->origin, spec->source);
    }
    /* validation: without a geotransform (or with one of zero area) GDAL
     * places the raster at pixel coordinates, which no CRS can move. */
    double t[6];
    if (GDALGetGeoTransform(ds, t) != CE_None || !(fabs(t[1] * t[5] - t[2] * t[4]) > 0) ||
        !isfinite(t[0]) || !isfinite(t[3])) {
        GDALClose(ds);
        return gt__error(ctx, GT_ERR_INPUT_CRS,
                         "layers.%s (%s): raster '%s' has no georeferencing (no geotransform, "
                         "or pixels of zero size): nothing places it on the ground",
                         spec->name, spec->origin, spec->source);
    }
    OGRSpatialReferenceH srs = NULL;
    if (spec->srs) {
        gt_status st = gt__srs_given(ctx, spec, GDALGetSpatialRef(ds), &srs);
        if (st) {
            GDALClose(ds);
            return st;
        }
    } else {
        OGRSpatialReferenceH s = GDALGetSpatialRef(ds);
        if (!s) {
            GDALClose(ds);
            return gt__error(ctx, GT_ERR_INPUT_CRS,
                             "layers.%s (%s): raster '%s' has no CRS; give it in the "
                             "scenario, e.g. `srs: EPSG:4326`",
                             spec->name, spec->origin, spec->source);
        }
        srs = OSRClone(s);
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
    *out = ds;
    *srs_out = srs;
    return GT_OK;
}

gt_status gt__raster_probe(gt_context *ctx, const gt__layer_spec *spec,
                           OGRSpatialReferenceH work_srs, char **srs_name, double *extent)
{
    GDALDatasetH ds;
    OGRSpatialReferenceH srs;
    gt_status st = open_raster(ctx, spec, &ds, &srs);
    if (st)
        return st;
    if (extent) {
        double t[6];
        GDALGetGeoTransform(ds, t);
        int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds);
        double xs[2] = {t[0], t[0] + w * t[1] + h * t[2]};
        double ys[2] = {t[3], t[3] + w * t[4] + h * t[5]};
        double in[4] = {fmin(xs[0], xs[1]), fmin(ys[0], ys[1]), fmax(xs[0], xs[1]),
                        fmax(ys[0], ys[1])};
        st = gt__srs_extent_to_work(ctx, spec, srs, work_srs, in, extent);
    }
    if (srs_name) {
        *srs_name = gt__srs_name(ctx, srs);
    }
    OSRDestroySpatialReference(srs);
    GDALClose(ds);
    return st;
}

/* The most source pixels a raster may give over the grid: resampling reads
 * them all (4e9 take minutes; a 1 m DEM of a whole province, 1.2e10, took
 * hours with no word). */
#define MAX_SOURCE_PIXELS 4.0e9

/* validation: the source pixels under the grid, refused past the limit. */
static gt_status window_size(gt_context *ctx, const gt__layer_spec *spec, GDALDatasetH src,
                             OGRSpatialReferenceH src_srs, const gt__grid *grid,
                             OGRSpatialReferenceH work_srs)
{
    double t[6];
    GDALGetGeoTransform(src, t);
    double area = fabs(t[1] * t[5] - t[2] * t[4]); /* of a pixel, in the raster's units */
    double x0 = grid->x0, y1 = grid->y0, x1 = x0 + grid->w * grid->res,
           y0 = y1 - grid->h * grid->res;
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(work_srs, src_srs);
    double b[4];
    bool ok = ct && OCTTransformBounds(ct, x0, y0, x1, y1, &b[0], &b[1], &b[2], &b[3], 21);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    CPLErrorReset();
    if (!ok) /* the warp names the CRS problem */
        return GT_OK;
    double n = (b[2] - b[0]) * (b[3] - b[1]) / area;
    double all = (double)GDALGetRasterXSize(src) * GDALGetRasterYSize(src);
    n = fmin(n, all);
    if (!(n > MAX_SOURCE_PIXELS))
        return GT_OK;
    return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                     "layers.%s (%s): raster '%s' has some %.3g pixels under the %.0f m grid "
                     "(at most %.0e; each grid cell would read %.0f of them): resample it to "
                     "pixels of about %g m first (gdalwarp -tr)",
                     spec->name, spec->origin, spec->source, n, grid->res, MAX_SOURCE_PIXELS,
                     n / ((double)grid->w * grid->h), grid->res);
}

/* Fill a grid with `to`, or turn its cells equal to `from` into `to`, or
 * set bytes to 0, in blocks on all threads: the first touch of a fresh
 * grid's pages is the dear part, and it is shared too. A block is
 * FILL_BLOCK floats, or as many bytes. */
enum { FILL_BLOCK = 1 << 16 };

typedef struct {
    float *p;
    unsigned char *bytes; /* set to 0, n of them, when not NULL */
    size_t n;
    bool replace;
    float from, to;
} fill_job;

static void fill_blocks(int b0, int b1, void *arg)
{
    const fill_job *j = arg;
    size_t unit = j->bytes ? sizeof(float) : 1;
    size_t k0 = (size_t)b0 * FILL_BLOCK * unit, k1 = (size_t)b1 * FILL_BLOCK * unit;
    if (k1 > j->n)
        k1 = j->n;
    if (j->bytes) {
        memset(j->bytes + k0, 0, k1 - k0);
    } else if (j->replace) {
        for (size_t k = k0; k < k1; k++)
            if (j->p[k] == j->from)
                j->p[k] = j->to;
    } else {
        for (size_t k = k0; k < k1; k++)
            j->p[k] = j->to;
    }
}

static void fill_run(gt_context *ctx, const fill_job *job)
{
    size_t block = FILL_BLOCK * (job->bytes ? sizeof(float) : 1);
    gt__parallel_for(ctx, (int)((job->n + block - 1) / block), fill_blocks, (void *)job);
}

static void fill_grid(gt_context *ctx, float *p, size_t n, bool replace, float from, float to)
{
    fill_job job = {p, NULL, n, replace, from, to};
    fill_run(ctx, &job);
}

void gt__fill_floats(gt_context *ctx, float *p, size_t n, float v)
{
    fill_grid(ctx, p, n, false, 0, v);
}

void gt__zero_bytes(gt_context *ctx, void *p, size_t n)
{
    fill_job job = {NULL, p, n, false, 0, 0};
    fill_run(ctx, &job);
}

/* A raster layer opened for resampling onto windows of a grid: the source,
 * its CRS and the transformer from the grid's pixels to the source's are
 * made once, and each window only moves the transformer's destination
 * geotransform (the same transformer GDAL would build for the window, so
 * the values are the same bits). A grid resampled in bands then opens the
 * source, checks its size and builds the transformer once, not per band. */
struct gt__raster_warp {
    const gt__layer_spec *spec;
    GDALDatasetH src;
    OGRSpatialReferenceH src_srs, work_srs;
    void *transformer;
    int has_nodata;
    double nodata;
};

void gt__raster_warp_close(gt__raster_warp *w)
{
    if (!w)
        return;
    if (w->transformer)
        GDALDestroyGenImgProjTransformer(w->transformer);
    OSRDestroySpatialReference(w->src_srs);
    if (w->src)
        GDALClose(w->src);
    free(w);
}

gt_status gt__raster_warp_open(gt_context *ctx, const gt__layer_spec *spec, const gt__grid *grid,
                               OGRSpatialReferenceH work_srs, gt__raster_warp **out)
{
    *out = NULL;
    gt__raster_warp *w = gt__calloc(ctx, 1, sizeof *w);
    if (!w)
        return gt_context_status(ctx);
    w->spec = spec;
    w->work_srs = work_srs;
    gt_status st = open_raster(ctx, spec, &w->src, &w->src_srs);
    if (!st)
        st = window_size(ctx, spec, w->src, w->src_srs, grid, work_srs);
    GDALDatasetH dst = st ? NULL : band_dataset(grid, GDT_Float32, NULL);
    if (!st && !dst)
        st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "cannot create a MEM raster");
    if (!st) {
        char *src_wkt = NULL, *dst_wkt = NULL;
        OSRExportToWkt(w->src_srs, &src_wkt);
        OSRExportToWkt(work_srs, &dst_wkt);
        w->nodata = GDALGetRasterNoDataValue(GDALGetRasterBand(w->src, 1), &w->has_nodata);
        CPLErrorReset();
        w->transformer =
            GDALCreateGenImgProjTransformer(w->src, src_wkt, dst, dst_wkt, FALSE, 0.0, 1);
        if (!w->transformer)
            st = gt__gdal_error(ctx, GT_ERR_INPUT_CRS,
                                "layers.%s: no transformation from the raster's CRS to the "
                                "working CRS",
                                spec->name);
        CPLFree(src_wkt);
        CPLFree(dst_wkt);
    }
    if (dst)
        GDALClose(dst);
    if (st) {
        gt__raster_warp_close(w);
        return st;
    }
    *out = w;
    return GT_OK;
}

gt_status gt__raster_warp_load(gt_context *ctx, gt__raster_warp *w, const gt__grid *window,
                               float *out)
{
    const gt__layer_spec *spec = w->spec;
    const float fill = -3.4e38f;
    fill_grid(ctx, out, (size_t)window->w * window->h, false, 0, fill);
    GDALDatasetH dst = mem_dataset(ctx, window, GDT_Float32, out, w->work_srs);
    if (!dst)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    GDALRasterBandH dband = GDALGetRasterBand(dst, 1);
    GDALSetRasterNoDataValue(dband, fill);
    double gt[6] = {window->x0, window->res, 0, window->y0, 0, -window->res};
    GDALSetGenImgProjTransformerDstGeoTransform(w->transformer, gt);
    GDALWarpOptions *wo = GDALCreateWarpOptions();
    wo->hSrcDS = w->src;
    wo->hDstDS = dst;
    wo->nBandCount = 1;
    wo->panSrcBands = CPLMalloc(sizeof(int));
    wo->panDstBands = CPLMalloc(sizeof(int));
    wo->panSrcBands[0] = wo->panDstBands[0] = 1;
    wo->eResampleAlg = GRA_Bilinear;
    wo->eWorkingDataType = GDT_Float32;
    if (w->has_nodata) {
        wo->padfSrcNoDataReal = CPLMalloc(sizeof(double));
        wo->padfSrcNoDataReal[0] = w->nodata;
    }
    wo->padfDstNoDataReal = CPLMalloc(sizeof(double));
    wo->padfDstNoDataReal[0] = fill;
    wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "INIT_DEST", "NO_DATA");
    char threads[16];
    snprintf(threads, sizeof threads, "%d", gt_context_threads(ctx));
    wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "NUM_THREADS", threads);
    wo->pTransformerArg = w->transformer;
    wo->pfnTransformer = GDALGenImgProjTransform;
    CPLErrorReset();
    GDALWarpOperationH op = GDALCreateWarpOperation(wo);
    if (!op || GDALChunkAndWarpImage(op, 0, 0, window->w, window->h) != CE_None)
        st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "layers.%s: resampling '%s' failed",
                            spec->name, spec->source);
    if (op)
        GDALDestroyWarpOperation(op);
    GDALDestroyWarpOptions(wo); /* the transformer stays the warp's */
    fill_grid(ctx, out, (size_t)window->w * window->h, true, fill, NAN);
    GDALClose(dst);
    return st;
}

gt_status gt__raster_load(gt_context *ctx, const gt__layer_spec *spec, const gt__grid *grid,
                          OGRSpatialReferenceH work_srs, float *out)
{
    gt__raster_warp *w;
    gt_status st = gt__raster_warp_open(ctx, spec, grid, work_srs, &w);
    if (!st)
        st = gt__raster_warp_load(ctx, w, grid, out);
    gt__raster_warp_close(w);
    return st;
}

GEOSGeometry *gt__polygonize_mask(gt_context *ctx, const gt__grid *grid, const unsigned char *mask)
{
    GEOSGeometry *result = NULL;
    GDALDatasetH ds = mem_dataset(ctx, grid, GDT_Byte, (void *)mask, NULL);
    GDALDriverH memv = GDALGetDriverByName("Memory");
    GDALDatasetH vds = memv ? GDALCreate(memv, "", 0, 0, 0, GDT_Unknown, NULL) : NULL;
    GEOSGeometry **parts = NULL;
    int n = 0;
    if (!ds || !vds) {
        gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "gt__polygonize_mask: setup failed");
        goto done;
    }
    OGRLayerH lyr = GDALDatasetCreateLayer(vds, "mask", NULL, wkbPolygon, NULL);
    OGRFieldDefnH fd = OGR_Fld_Create("v", OFTInteger);
    OGR_L_CreateField(lyr, fd, TRUE);
    OGR_Fld_Destroy(fd);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    char *opts[] = {"8CONNECTED=8", NULL};
    CPLErrorReset();
    if (GDALPolygonize(band, band, lyr, 0, opts, NULL, NULL) != CE_None) {
        gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "polygonizing a constraint mask failed");
        goto done;
    }
    int cap = (int)OGR_L_GetFeatureCount(lyr, TRUE);
    parts = gt__calloc(ctx, (size_t)cap + 1, sizeof *parts);
    if (!parts)
        goto done;
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) && n < cap) {
        parts[n] = gt__ogr_to_geos(ctx, OGR_F_GetGeometryRef(f), NULL);
        if (parts[n])
            n++;
        OGR_F_Destroy(f);
    }
    result = GEOSGeom_createCollection_r(gt__geos(ctx), GEOS_MULTIPOLYGON, parts, (unsigned)n);
    if (!result) {
        for (int i = 0; i < n; i++)
            GEOSGeom_destroy_r(gt__geos(ctx), parts[i]);
        GT_GEOS_FAIL(ctx, "collecting polygons");
    }
done:
    free(parts);
    if (vds)
        GDALClose(vds);
    if (ds)
        GDALClose(ds);
    return result;
}

gt_status gt__polygonize_labels(gt_context *ctx, const gt__grid *grid, const int32_t *labels,
                                int32_t n, int connectivity, GEOSGeometry **out)
{
    for (int32_t i = 0; i < n; i++)
        out[i] = NULL;
    size_t cells = (size_t)grid->w * grid->h;
    unsigned char *mask = gt__malloc(ctx, cells);
    if (!mask)
        return gt_context_status(ctx);
    for (size_t k = 0; k < cells; k++)
        mask[k] = labels[k] > 0;
    gt_status st = GT_OK;
    GDALDatasetH ds = mem_dataset(ctx, grid, GDT_Int32, (void *)labels, NULL);
    GDALDatasetH ms = ds ? mem_dataset(ctx, grid, GDT_Byte, mask, NULL) : NULL;
    GDALDriverH memv = GDALGetDriverByName("Memory");
    GDALDatasetH vds = memv ? GDALCreate(memv, "", 0, 0, 0, GDT_Unknown, NULL) : NULL;
    GEOSGeometry ***parts = gt__calloc(ctx, (size_t)n + 1, sizeof *parts);
    int *nparts = gt__calloc(ctx, (size_t)n + 1, sizeof(int));
    if (!ds || !ms || !vds || !parts || !nparts) {
        st = gt_context_status(ctx) ? gt_context_status(ctx)
                                    : gt__error(ctx, GT_ERR_DEPENDENCY, "polygonize: setup");
        goto done;
    }
    OGRLayerH lyr = GDALDatasetCreateLayer(vds, "regions", NULL, wkbPolygon, NULL);
    OGRFieldDefnH fd = OGR_Fld_Create("label", OFTInteger);
    OGR_L_CreateField(lyr, fd, TRUE);
    OGR_Fld_Destroy(fd);
    char *opts[] = {connectivity == 8 ? "8CONNECTED=8" : NULL, NULL};
    CPLErrorReset();
    if (GDALPolygonize(GDALGetRasterBand(ds, 1), GDALGetRasterBand(ms, 1), lyr, 0, opts, NULL,
                       NULL) != CE_None) {
        st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "polygonizing candidate regions failed");
        goto done;
    }
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr))) {
        int label = OGR_F_GetFieldAsInteger(f, 0);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (label >= 1 && label <= n && g) {
            GEOSGeometry *gg = gt__ogr_to_geos(ctx, g, NULL);
            GEOSGeometry **np =
                gg ? realloc(parts[label - 1], sizeof *np * (size_t)(nparts[label - 1] + 1)) : NULL;
            if (np) {
                parts[label - 1] = np;
                np[nparts[label - 1]++] = gg;
            } else if (gg) {
                GEOSGeom_destroy_r(gt__geos(ctx), gg);
            }
        }
        OGR_F_Destroy(f);
    }
    for (int32_t i = 0; i < n; i++)
        if (nparts[i])
            out[i] = GEOSGeom_createCollection_r(gt__geos(ctx), GEOS_MULTIPOLYGON, parts[i],
                                                 (unsigned)nparts[i]);
done:
    for (int32_t i = 0; parts && i < n; i++)
        free(parts[i]); /* the geometries now belong to out[i] */
    free(parts);
    free(nparts);
    if (vds)
        GDALClose(vds);
    if (ms)
        GDALClose(ms);
    if (ds)
        GDALClose(ds);
    free(mask);
    return st;
}

gt_status gt__write_cog(gt_context *ctx, const gt__grid *grid, OGRSpatialReferenceH srs,
                        const float *data, const char *path)
{
    /* A copy with NoData as -9999 (the buffer is the caller's). */
    size_t n = (size_t)grid->w * grid->h;
    float *copy = gt__malloc(ctx, n * sizeof(float));
    if (!copy)
        return gt_context_status(ctx);
    for (size_t k = 0; k < n; k++)
        copy[k] = data[k] != data[k] ? -9999.0f : data[k];
    GDALDatasetH mem = mem_dataset(ctx, grid, GDT_Float32, copy, srs);
    gt_status st = mem ? GT_OK : gt_context_status(ctx);
    char *tmp = gt__tmp_path(path, ".tif");
    if (!st) {
        GDALSetRasterNoDataValue(GDALGetRasterBand(mem, 1), -9999.0);
        GDALDriverH cog = GDALGetDriverByName("COG");
        char *opts[] = {"COMPRESS=DEFLATE", "PREDICTOR=YES", NULL};
        CPLErrorReset();
        int e = errno;
        GDALDatasetH out =
            cog && tmp ? GDALCreateCopy(cog, tmp, mem, FALSE, opts, NULL, NULL) : NULL;
        if (!tmp)
            st = gt__error(ctx, GT_ERR_OUTPUT, "cannot write the Cloud Optimized GeoTIFF '%s': %s",
                           path, strerror(e));
        else if (!out || CPLGetLastErrorType() >= CE_Failure)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot write the Cloud Optimized GeoTIFF '%s'",
                                path);
        if (out) {
            /* A full disk shows first when the last blocks are flushed. */
            GDALClose(out);
            if (!st && CPLGetLastErrorType() >= CE_Failure)
                st = gt__gdal_error(ctx, GT_ERR_OUTPUT,
                                    "writing the Cloud Optimized GeoTIFF '%s' failed", path);
        }
    }
    st = gt__replace_file(ctx, st, tmp, path);
    if (mem)
        GDALClose(mem);
    free(copy);
    return st;
}
