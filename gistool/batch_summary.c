/*
 * batch_summary.c: the summary of a batch, merged from each run's record
 * and output GeoPackage in manifest order (never in the order runs ended),
 * so the same manifest and results give the same summary on one machine or
 * a cluster: OUTPUT/summary.gpkg (table `runs`; layers `best_parcels` and
 * `best_regions` in WGS 84, one feature per site run) and
 * OUTPUT/summary.csv. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/batch.h"
#include "gistool/output.h"
#include "layers/layers.h"

/* The columns of `runs` and the CSV, in order. */
enum {
    C_RUN_ID,
    C_COMMAND,
    C_PROVINCE,
    C_SCENARIO,
    C_OVERRIDES,
    C_STATUS,
    C_EXIT_CODE,
    C_ERROR,
    C_DURATION,
    C_OUTPUT,
    C_TOP_PARCEL,
    C_TOP_SCORE,
    C_RANKED,
    C_EXCLUDED,
    C_EXCLUDED_HA,
    C_REGIONS,
    C_TOP_REGION_HA,
    C_TOP_REGION_SCORE,
    C_REQUIRED_HA,
    C_SITES_RANKED,
    C_HIGH_RISK,
    C_TARGET_UNSANITARY,
    C_TARGET_DUMPS,
    C_BUDGET_NEEDED,
    C_N
};

static const char *const col_names[C_N] = {
    "run_id",           "command",        "province",          "scenario",
    "overrides",        "status",         "exit_code",         "error",
    "duration_s",       "output",         "top_parcel",        "top_score",
    "parcels_ranked",   "parcels_excluded", "excluded_ha",     "regions",
    "top_region_ha",    "top_region_score", "required_ha",     "sites_ranked",
    "high_risk_sites",  "target_unsanitary_met", "target_dumps_met", "budget_needed"};

static const OGRFieldType col_types[C_N] = {
    OFTString,  OFTString, OFTString, OFTString,  OFTString, OFTString, OFTInteger, OFTString,
    OFTReal,    OFTString, OFTString, OFTReal,    OFTInteger, OFTInteger, OFTReal,  OFTInteger,
    OFTReal,    OFTReal,   OFTReal,   OFTInteger, OFTInteger, OFTInteger, OFTInteger, OFTReal};

/* One row: text for every column ("" = NULL). */
typedef struct {
    char v[C_N][512];
} row;

static void put(row *r, int c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(row *r, int c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->v[c], sizeof r->v[c], fmt, ap);
    va_end(ap);
}

/* The first row of an SQL query on ds: columns into the row's columns. */
static void sql_into(GDALDatasetH ds, const char *sql, row *r, const int *cols, int n)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, "SQLITE");
    CPLPopErrorHandler();
    if (!l)
        return;
    OGRFeatureH f = OGR_L_GetNextFeature(l);
    for (int i = 0; f && i < n; i++)
        if (OGR_F_IsFieldSetAndNotNull(f, i)) {
            if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i)) == OFTReal)
                put(r, cols[i], "%.6g", OGR_F_GetFieldAsDouble(f, i));
            else
                put(r, cols[i], "%s", OGR_F_GetFieldAsString(f, i));
        }
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, l);
}

/* "... met ..." / "... NOT met ..." of a rank target, as 1 / 0. */
static void target_into(gt_context *ctx, GDALDatasetH ds, const char *key, row *r, int c)
{
    char *v = gt__run_info_get(ctx, ds, key);
    if (v && strstr(v, "met")) /* "no data" (no site of the kind): left empty */
        put(r, c, "%d", !strstr(v, "NOT met"));
    free(v);
}

/* A feature of `src` (rank 1 of its table) into `dst` in WGS 84. */
static gt_status best_into(gt_context *ctx, GDALDatasetH src, const char *table, OGRLayerH dst,
                           const char *run_id, const char *province)
{
    OGRLayerH l = GDALDatasetGetLayerByName(src, table);
    if (!l)
        return GT_OK;
    char where[64];
    snprintf(where, sizeof where, "%s = 1", GT__FIELD_RANK);
    if (OGR_L_SetAttributeFilter(l, where) != OGRERR_NONE)
        return GT_OK;
    OGRFeatureH f = OGR_L_GetNextFeature(l);
    OGR_L_SetAttributeFilter(l, NULL);
    if (!f)
        return GT_OK;
    gt_status st = GT_OK;
    OGRGeometryH g = OGR_G_Clone(OGR_F_GetGeometryRef(f));
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    if (g && OGR_L_GetSpatialRef(l)) {
        OGR_G_AssignSpatialReference(g, OGR_L_GetSpatialRef(l));
        if (OGR_G_TransformTo(g, wgs) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(g);
            g = NULL;
        }
    }
    OGRFeatureH out = OGR_F_Create(OGR_L_GetLayerDefn(dst));
    OGR_F_SetFieldString(out, 0, run_id);
    if (province)
        OGR_F_SetFieldString(out, 1, province);
    const char *copy[] = {"parcel_id", "region_id", "area_ha", "score", "mean_score"};
    for (size_t i = 0; i < sizeof copy / sizeof copy[0]; i++) {
        int s = OGR_F_GetFieldIndex(f, copy[i]), d = OGR_F_GetFieldIndex(out, copy[i]);
        if (s >= 0 && d >= 0 && OGR_F_IsFieldSetAndNotNull(f, s))
            OGR_F_SetFieldString(out, d, OGR_F_GetFieldAsString(f, s));
    }
    if (g) {
        OGRGeometryH multi = OGR_G_ForceToMultiPolygon(g);
        OGR_F_SetGeometryDirectly(out, multi);
    }
    if (OGR_L_CreateFeature(dst, out) != OGRERR_NONE)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing %s of run %s failed", table, run_id);
    OGR_F_Destroy(out);
    OGR_F_Destroy(f);
    OSRDestroySpatialReference(wgs);
    return st;
}

/* The key results of a run's output into its row, and its best parcel
 * and region into the layers. */
static gt_status results_into(gt_context *ctx, const gt__batch_run *run, const char *gpkg, row *r,
                              OGRLayerH best_parcels, OGRLayerH best_regions)
{
    GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return GT_OK;
    gt_status st = GT_OK;
    if (run->kind == GT__RUN_RANK) {
        const int c1[] = {C_SITES_RANKED, C_HIGH_RISK};
        sql_into(ds,
                 "SELECT count(rank), sum(CASE WHEN risk_class = 'High' THEN 1 ELSE 0 END) "
                 "FROM landfills",
                 r, c1, 2);
        target_into(ctx, ds, GT__KEY_TARGET_UNSANITARY, r, C_TARGET_UNSANITARY);
        target_into(ctx, ds, GT__KEY_TARGET_DUMPS, r, C_TARGET_DUMPS);
        char *b = gt__run_info_get(ctx, ds, GT__KEY_BUDGET_NEEDED);
        if (b && strtod(b, NULL) > 0)
            put(r, C_BUDGET_NEEDED, "%.6g", strtod(b, NULL));
        free(b);
    } else {
        const int c1[] = {C_TOP_PARCEL, C_TOP_SCORE};
        sql_into(ds, "SELECT parcel_id, score FROM parcels WHERE rank = 1", r, c1, 2);
        const int c2[] = {C_RANKED, C_EXCLUDED, C_EXCLUDED_HA};
        sql_into(ds,
                 "SELECT count(rank), sum(excluded), "
                 "round(sum(CASE WHEN excluded = 1 THEN area_ha ELSE 0 END), 2) FROM parcels",
                 r, c2, 3);
        const int c3[] = {C_REGIONS};
        sql_into(ds, "SELECT count(*) FROM candidate_regions", r, c3, 1);
        const int c4[] = {C_TOP_REGION_HA, C_TOP_REGION_SCORE};
        sql_into(ds, "SELECT area_ha, mean_score FROM candidate_regions WHERE rank = 1", r, c4, 2);
        char *req = gt__run_info_get(ctx, ds, GT__KEY_DEMAND_REQUIRED_HA);
        if (req)
            put(r, C_REQUIRED_HA, "%s", req);
        free(req);
        st = best_into(ctx, ds, GT__TABLE_PARCELS, best_parcels, run->id, run->province);
        if (!st)
            st = best_into(ctx, ds, GT__TABLE_CANDIDATE_REGIONS, best_regions, run->id,
                           run->province);
    }
    GDALClose(ds);
    gt__error_clear(ctx);
    return st;
}

static void csv_field(gt__sbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        gt__sbuf_add(b, "%s", s);
        return;
    }
    gt__sbuf_add(b, "\"");
    for (; *s; s++)
        gt__sbuf_add(b, *s == '"' ? "\"\"" : "%c", *s);
    gt__sbuf_add(b, "\"");
}

static OGRLayerH best_layer(gt_context *ctx, GDALDatasetH ds, const char *name, bool parcels)
{
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OGRLayerH l = gt__out_layer(ctx, ds, name, wgs, wkbMultiPolygon,
                                parcels ? "the best parcel (rank 1) of each site run"
                                        : "the best candidate region (rank 1) of each site run");
    OSRDestroySpatialReference(wgs);
    if (!l)
        return NULL;
    const char *names[] = {"run_id", "province", parcels ? "parcel_id" : "region_id", "area_ha",
                           parcels ? "score" : "mean_score"};
    const OGRFieldType types[] = {OFTString, OFTString, parcels ? OFTString : OFTInteger,
                                  OFTReal, OFTReal};
    if (!gt__out_fields(l, names, types, 5)) {
        gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create the fields of %s", name);
        return NULL;
    }
    return l;
}

static void fill_row(const gt__manifest *m, const gt__batch_run *run, const gt__run_record *rec,
                     row *r)
{
    memset(r, 0, sizeof *r);
    put(r, C_RUN_ID, "%s", run->id);
    put(r, C_COMMAND, "%s",
        run->kind == GT__RUN_RANK ? "rank" : run->kind == GT__RUN_SITE ? "site" : "init+site");
    if (run->province)
        put(r, C_PROVINCE, "%s", run->province);
    /* Relative to the output folder when inside it, so the summary does
     * not depend on where the batch ran. */
    size_t n = strlen(m->output), nd = strrchr(m->path, '/') - m->path;
    const char *scen = run->scenario;
    if (!strncmp(scen, m->output, n) && scen[n] == '/')
        scen += n + 1;
    else if (!strncmp(scen, m->path, nd) && scen[nd] == '/')
        scen += nd + 1; /* as the manifest wrote it */
    put(r, C_SCENARIO, "%s", scen);
    gt__sbuf over = {0};
    gt__sbuf_add(&over, "%s", "");
    for (int i = 0; i < run->n_sets; i++)
        gt__sbuf_add(&over, "%s%s", i ? "; " : "", run->sets[i]);
    put(r, C_OVERRIDES, "%s", over.s ? over.s : "");
    free(over.s);
    put(r, C_STATUS, "%s", gt__run_status_name(rec->status));
    if (rec->status != GT__RUN_PENDING) {
        put(r, C_EXIT_CODE, "%d", rec->exit_code);
        put(r, C_DURATION, "%.3f", rec->duration_s);
    }
    if (rec->error)
        put(r, C_ERROR, "%s", rec->error);
    put(r, C_OUTPUT, "%s/%s", run->id, gt__run_gpkg_name(run));
}

/* Writes both files; long because it is one pass over the runs that feeds
 * the table, the two layers and the CSV together. */
static gt_status summary_write(gt_context *ctx, const gt__manifest *m)
{
    char *gpkg_path = gt__asprintf("%s/summary.gpkg", m->output);
    char *csv_path = gt__asprintf("%s/summary.csv", m->output);
    if (!gpkg_path || !csv_path) {
        free(gpkg_path);
        free(csv_path);
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    gt__gpkg *g = gt__gpkg_begin(ctx, gpkg_path);
    gt_status st = g ? GT_OK : gt_context_status(ctx);
    GDALDatasetH ds = g ? gt__gpkg_dataset(g) : NULL;
    OGRLayerH runs = NULL, bp = NULL, br = NULL;
    if (!st) {
        runs = gt__gpkg_table(ctx, g, "runs", col_names, col_types, C_N);
        bp = runs ? best_layer(ctx, ds, "best_parcels", true) : NULL;
        br = bp ? best_layer(ctx, ds, "best_regions", false) : NULL;
        if (!br)
            st = gt_context_status(ctx) ? gt_context_status(ctx) : GT_ERR_OUTPUT;
    }
    gt__sbuf csv = {0};
    for (int c = 0; c < C_N; c++)
        gt__sbuf_add(&csv, "%s%s", c ? "," : "", col_names[c]);
    gt__sbuf_add(&csv, "\n");
    row *r = gt__calloc(ctx, 1, sizeof *r);
    if (!st && !r)
        st = GT_ERR_NOMEM;
    if (!st && GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "%s: cannot start a transaction", gpkg_path);
    for (int i = 0; !st && i < m->n_runs; i++) {
        const gt__batch_run *run = &m->runs[i];
        char *rec_path = gt__run_path(m, run, "batch-run.yaml");
        char *out = gt__run_path(m, run, gt__run_gpkg_name(run));
        gt__run_record rec;
        st = rec_path && out ? gt__run_record_read(ctx, rec_path, &rec) : GT_ERR_NOMEM;
        if (st == GT_ERR_OUTPUT) { /* an unreadable record: as if none */
            gt__error_clear(ctx);
            memset(&rec, 0, sizeof rec);
            st = GT_OK;
        }
        if (!st) {
            fill_row(m, run, &rec, r);
            if (rec.status == GT__RUN_OK || rec.status == GT__RUN_SKIPPED)
                st = results_into(ctx, run, out, r, bp, br);
        }
        if (!st) {
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(runs));
            for (int c = 0; c < C_N; c++) {
                if (r->v[c][0])
                    OGR_F_SetFieldString(f, c, r->v[c]);
                gt__sbuf_add(&csv, "%s", c ? "," : "");
                csv_field(&csv, r->v[c]);
            }
            gt__sbuf_add(&csv, "\n");
            if (OGR_L_CreateFeature(runs, f) != OGRERR_NONE)
                st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "%s: writing the row of run '%s' failed",
                                    gpkg_path, run->id);
            OGR_F_Destroy(f);
        }
        gt__run_record_free(&rec);
        free(rec_path);
        free(out);
    }
    if (!st && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "%s: cannot commit", gpkg_path);
    free(r);
    if (!st)
        st = gt__gpkg_commit(ctx, g);
    else
        gt__gpkg_abort(g);
    if (!st && csv.nomem)
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    if (!st) {
        char *tmp = gt__tmp_path(csv_path, ".csv");
        FILE *f = tmp ? fopen(tmp, "w") : NULL;
        if (!f)
            st = gt__error(ctx, GT_ERR_OUTPUT, "%s: cannot write: %s", csv_path, strerror(errno));
        else if ((fputs(csv.s, f) < 0) + (fclose(f) != 0)) /* both, always */
            st = gt__error(ctx, GT_ERR_OUTPUT, "%s: cannot write", csv_path);
        if (tmp)
            st = gt__replace_file(ctx, st, tmp, csv_path);
    }
    free(csv.s);
    free(gpkg_path);
    free(csv_path);
    return st;
}

/* summary.gpkg and summary.csv are one output transaction: both or neither
 * (a CSV that could not be written left a new summary.gpkg beside the old
 * CSV, with exit 30), and GDAL's messages go into the error, not stderr. */
gt_status gt__batch_summary(gt_context *ctx, const gt__manifest *m)
{
    gt_status st = gt__outputs_begin(ctx);
    if (st)
        return st;
    gt__gdal_log_push(ctx);
    st = summary_write(ctx, m);
    gt__gdal_log_pop();
    return gt__outputs_end(ctx, st);
}
