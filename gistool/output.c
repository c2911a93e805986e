/*
 * output.c: helpers shared by the pipelines that write GeoPackage layers
 * and provenance tables (site.c, rank.c). A leaf: it writes, and never
 * starts another command (extras.c does). SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/output.h"

void gt__set_real(OGRFeatureH f, int i, double v)
{
    if (isnan(v) || isinf(v))
        OGR_F_SetFieldNull(f, i);
    else
        OGR_F_SetFieldDouble(f, i, v);
}

OGRLayerH gt__out_layer(gt_context *ctx, GDALDatasetH ds, const char *name,
                        OGRSpatialReferenceH srs, OGRwkbGeometryType type, const char *description)
{
    char desc[512];
    snprintf(desc, sizeof desc, "DESCRIPTION=%s", description);
    char *opts[] = {"GEOMETRY_NAME=geom", "FID=fid", desc, NULL};
    OGRLayerH l = GDALDatasetCreateLayer(ds, name, srs, type, opts);
    if (!l)
        gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create layer '%s'", name);
    return l;
}

bool gt__out_field(OGRLayerH l, const char *name, OGRFieldType t)
{
    OGRFieldDefnH fd = OGR_Fld_Create(name, t);
    OGRErr e = OGR_L_CreateField(l, fd, TRUE);
    OGR_Fld_Destroy(fd);
    return e == OGRERR_NONE;
}

bool gt__out_fields(OGRLayerH l, const char *const *names, const OGRFieldType *types, size_t n)
{
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = gt__out_field(l, names[i], types[i]);
    return ok;
}

/* f's geometry from g (wr: a WKB writer of ctx's, or NULL). */
static gt_status set_geometry(gt_context *ctx, GEOSWKBWriter *wr, OGRFeatureH f,
                              const GEOSGeometry *g, bool multi_polygon)
{
    OGRGeometryH og = wr ? gt__geos_to_ogr_with(ctx, wr, g) : gt__geos_to_ogr(ctx, g);
    if (!og)
        return gt_context_status(ctx);
    OGR_F_SetGeometryDirectly(f, multi_polygon ? OGR_G_ForceToMultiPolygon(og) : og);
    return GT_OK;
}

static gt_status create_feature(gt_context *ctx, OGRLayerH l, OGRFeatureH f)
{
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing a feature of '%s' failed",
                              OGR_L_GetName(l));
    return GT_OK;
}

gt_status gt__out_feature(gt_context *ctx, OGRLayerH l, OGRFeatureH f, const GEOSGeometry *g,
                          bool multi_polygon)
{
    gt_status st = g ? set_geometry(ctx, NULL, f, g, multi_polygon) : GT_OK;
    return st ? st : create_feature(ctx, l, f);
}

/* gt__out_rows: a table of many features (a million parcels) is written
 * by one thread, as the GeoPackage is one SQLite connection; making each
 * feature (its fields, its geometry converted from GEOS) is about as much
 * work again. So worker threads make the features, ROW_BATCH rows at a
 * time, into a ring of slots, and the calling thread writes the batches in
 * row order as they are ready. A worker claims the next batch, waits until
 * its slot's previous batch is written, destroys those features and fills
 * the slot; the writer never waits for a batch that is not claimed, so
 * nobody waits forever. */
enum { ROW_BATCH = 256, ROW_SLOTS = 8, ROW_WORKERS_MAX = 3 };

typedef struct row_slot {
    OGRFeatureH f[ROW_BATCH]; /* NULL: no feature for the row */
    int n_done;               /* its rows made; fewer when one failed */
    bool ready;               /* made, not yet written */
    gt_status st;             /* why making row n_done failed */
    char msg[512];
} row_slot;

typedef struct row_pipe {
    OGRFeatureDefnH defn;
    int n, n_batches, n_slots;
    gt__out_row_fn row;
    void *arg;
    bool multi;
    row_slot *slot;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int next;    /* the next batch to claim */
    int written; /* batches written so far */
    bool stop;   /* the writer failed: stop */
} row_pipe;

static void slot_clear(row_slot *s)
{
    for (int i = 0; i < ROW_BATCH; i++) {
        if (s->f[i])
            OGR_F_Destroy(s->f[i]);
        s->f[i] = NULL;
    }
}

/* Make batch b's features into s with w's GEOS handle and writer wr. */
static void slot_fill(const row_pipe *p, row_slot *s, int b, gt_context *w, GEOSWKBWriter *wr)
{
    slot_clear(s);
    s->st = GT_OK;
    int i0 = b * ROW_BATCH, i1 = i0 + ROW_BATCH < p->n ? i0 + ROW_BATCH : p->n;
    for (s->n_done = 0; i0 + s->n_done < i1; s->n_done++) {
        OGRFeatureH f = OGR_F_Create(p->defn);
        const GEOSGeometry *g = NULL;
        if (!f) {
            s->st = gt__error(w, GT_ERR_NOMEM, "out of memory");
        } else if (!p->row(p->arg, i0 + s->n_done, f, &g)) {
            OGR_F_Destroy(f);
            continue;
        } else if (g) {
            s->st = set_geometry(w, wr, f, g, p->multi);
        }
        if (s->st) {
            snprintf(s->msg, sizeof s->msg, "%s", gt_context_errmsg(w));
            if (f)
                OGR_F_Destroy(f);
            break;
        }
        s->f[s->n_done] = f;
    }
}

static void *row_worker(void *arg)
{
    row_pipe *p = arg;
    /* A worker's GDAL messages are not the run's: a failure is reported by
     * the writing thread, with the row's own message. */
    CPLPushErrorHandler(CPLQuietErrorHandler);
    gt_context *w = gt_context_create();
    GEOSWKBWriter *wr = w ? GEOSWKBWriter_create_r(gt__geos(w)) : NULL;
    pthread_mutex_lock(&p->mu);
    while (!p->stop && p->next < p->n_batches) {
        int b = p->next++;
        while (!p->stop && b - p->written >= p->n_slots)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop)
            break;
        row_slot *s = &p->slot[b % p->n_slots];
        pthread_mutex_unlock(&p->mu);
        if (wr) {
            slot_fill(p, s, b, w, wr);
        } else {
            slot_clear(s);
            s->n_done = 0;
            s->st = GT_ERR_NOMEM;
            snprintf(s->msg, sizeof s->msg, "out of memory for a worker thread");
        }
        pthread_mutex_lock(&p->mu);
        s->ready = true;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    if (wr)
        GEOSWKBWriter_destroy_r(gt__geos(w), wr);
    gt_context_destroy(w);
    CPLPopErrorHandler();
    return NULL;
}

/* Write slot s's features; st: making one failed. */
static gt_status slot_write(gt_context *ctx, OGRLayerH l, row_slot *s, gt__gpkg_index *index)
{
    gt_status st = GT_OK;
    for (int i = 0; i < s->n_done && !st; i++) {
        if (s->f[i] && !(st = create_feature(ctx, l, s->f[i])))
            st = gt__gpkg_index_add(ctx, index, s->f[i]);
    }
    if (!st && s->st)
        st = gt__error(ctx, s->st, "%s", s->msg);
    return st;
}

gt_status gt__out_rows(gt_context *ctx, OGRLayerH l, int n, gt__out_row_fn row, void *arg,
                       bool multi_polygon, gt__gpkg_index *index)
{
    row_pipe p = {.defn = OGR_L_GetLayerDefn(l),
                  .n = n,
                  .n_batches = (n + ROW_BATCH - 1) / ROW_BATCH,
                  .row = row,
                  .arg = arg,
                  .multi = multi_polygon};
    int workers = gt_context_threads(ctx) - 1;
    workers = workers > ROW_WORKERS_MAX ? ROW_WORKERS_MAX : workers;
    workers = workers > p.n_batches - 1 ? p.n_batches - 1 : workers;
    p.n_slots = workers > 0 ? ROW_SLOTS * workers : 1;
    p.slot = gt__calloc(ctx, (size_t)p.n_slots, sizeof *p.slot);
    if (!p.slot)
        return gt_context_status(ctx);
    pthread_t tid[ROW_WORKERS_MAX];
    int started = 0;
    if (workers > 0) {
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.cv, NULL);
        while (started < workers && pthread_create(&tid[started], NULL, row_worker, &p) == 0)
            started++;
    }
    /* Without workers the batches are made here, one at a time. */
    GEOSWKBWriter *wr = started ? NULL : GEOSWKBWriter_create_r(gt__geos(ctx));
    gt_status st = started || wr ? GT_OK : GT_GEOS_FAIL(ctx, "WKB writer");
    for (int b = 0; b < p.n_batches && !st; b++) {
        row_slot *s = &p.slot[b % p.n_slots];
        if (!started) {
            slot_fill(&p, s, b, ctx, wr);
        } else {
            pthread_mutex_lock(&p.mu);
            while (!s->ready)
                pthread_cond_wait(&p.cv, &p.mu);
            pthread_mutex_unlock(&p.mu);
        }
        st = slot_write(ctx, l, s, index);
        if (started) {
            pthread_mutex_lock(&p.mu);
            s->ready = false;
            p.written = b + 1;
            p.stop = st != GT_OK;
            pthread_cond_broadcast(&p.cv);
            pthread_mutex_unlock(&p.mu);
        }
    }
    if (started) {
        pthread_mutex_lock(&p.mu);
        p.stop = true;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
        for (int i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
    }
    if (workers > 0) {
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.cv);
    }
    if (wr)
        GEOSWKBWriter_destroy_r(gt__geos(ctx), wr);
    for (int i = 0; i < p.n_slots; i++)
        slot_clear(&p.slot[i]);
    free(p.slot);
    return st;
}

gt_status gt__out_inputs(gt_context *ctx, gt__gpkg *g, const gt_scenario *s,
                         const gt__layer_spec *extra)
{
    OGRLayerH l = gt__run_inputs_begin(ctx, g);
    if (!l)
        return gt_context_status(ctx);
    /* The scenario file itself is hashed, not opened as a dataset; the study
     * area is recorded under its role whatever the scenario calls it. */
    gt__layer_spec scenario = {.name = GT__ROLE_SCENARIO, .source = s->yaml.file};
    gt__layer_spec study = s->study_area;
    study.name = GT__ROLE_STUDY_AREA;
    gt_status st = GT_OK;
    if (extra)
        st = gt__run_inputs_put(ctx, l, s->dir, extra, true);
    if (!st)
        st = gt__run_inputs_put(ctx, l, s->dir, &scenario, false);
    if (!st)
        st = gt__run_inputs_put(ctx, l, s->dir, &study, true);
    for (int i = 0; !st && i < s->n_layers; i++)
        st = gt__run_inputs_put(ctx, l, s->dir, &s->layers[i], true);
    return st;
}

void gt__field_name(char *dst, size_t size, const char *fmt, const char *a)
{
    char raw[256];
    snprintf(raw, sizeof raw, fmt, a);
    size_t o = 0;
    for (const char *p = raw; *p && o + 1 < size; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        dst[o++] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
    }
    dst[o] = '\0';
}

gt_status gt__out_style(gt_context *ctx, GDALDatasetH ds, const char *table,
                        const gt__field_doc *docs, int n, const char *description)
{
    char *q = gt__style_qml(table, docs, n), *sld = gt__style_sld(table);
    gt_status st = q ? gt__gpkg_style(ctx, ds, table, "geom", q, sld, description)
                     : gt__error(ctx, GT_ERR_NOMEM, "no style for %s", table);
    if (!st)
        st = gt__gpkg_data_columns(ctx, ds, table, docs, n);
    free(q);
    free(sld);
    return st;
}
