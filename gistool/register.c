/*
 * register.c: `gistool register`: the province's waste register
 * (docs/register.md): init, update, history and export here, import in
 * register_import.c. The storage is layers/register_db.c, the rules
 * algorithms/register_rules.c. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include "gistool/options.h"
#include "gistool/register.h"

void gt__register_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *gt__register_user(void)
{
    const char *u = getenv("USER");
    if (u && *u)
        return u;
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_name : NULL;
}

gt_status gt__register_add_status(gt_context *ctx, gt__register *r, const char *site_id,
                                  const char *status, const char *date, const char *source,
                                  const char *note)
{
    char now[32];
    gt__register_now(now);
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "INSERT INTO status_history (site_id, status, date, source, note, "
                     "recorded_at, recorded_by) VALUES (");
    const char *v[] = {site_id, status, date, source, note, now, gt__register_user()};
    for (int i = 0; i < 7; i++) {
        gt__sbuf_add(&b, i ? ", " : "");
        gt__sql_literal(&b, v[i] && *v[i] ? v[i] : NULL);
    }
    gt__sbuf_add(&b, ")");
    if (b.nomem) {
        free(b.s);
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    gt_status st = gt__register_sql(ctx, r, b.s);
    free(b.s);
    return st;
}

/* ------------------------------------------------------------------ */
/* init                                                                 */
/* ------------------------------------------------------------------ */

static gt_status do_init(gt_context *ctx, const gt_register_options *o, gt__sbuf *out)
{
    if (o->n_words != 1)
        return gt__error(ctx, GT_ERR_USAGE,
                         "register init: give one REGISTER (usage: gistool register init "
                         "REGISTER --province NAME)");
    if (!o->province)
        return gt__error(ctx, GT_ERR_USAGE,
                         "register init: --province NAME is required (a name with or without "
                         "diacritics, or a GSO code)");
    const gt_vn2000_preset *p = gt_vn2000_lookup(ctx, o->province);
    if (!p)
        return gt_context_status(ctx);
    char now[32];
    gt__register_now(now);
    const char *meta[] = {"province",   p->name, "province_code", p->gso_code, "created_at", now,
                          "gistool_version", gt_version(), NULL};
    gt_status st = gt__register_create(ctx, o->words[0], meta);
    if (!st)
        gt__sbuf_add(out, "register %s: province %s%s%s%s, schema_version %d\n", o->words[0],
                     p->name, *p->gso_code ? " (GSO code " : "", p->gso_code,
                     *p->gso_code ? ")" : "", GT__REGISTER_SCHEMA_VERSION);
    return st;
}

/* ------------------------------------------------------------------ */
/* update                                                               */
/* ------------------------------------------------------------------ */

static bool count_row(gt_context *ctx, OGRFeatureH f, void *arg)
{
    (*(int *)arg)++;
    return true;
}

/* Whether the site is in the register (GT_ERR_INPUT_FIELD when not). */
static gt_status site_known(gt_context *ctx, gt__register *r, const char *verb, const char *id)
{
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "SELECT site_id FROM facilities WHERE site_id = ");
    gt__sql_literal(&b, id);
    int n = 0;
    gt_status st = b.nomem ? gt__error(ctx, GT_ERR_NOMEM, "out of memory")
                           : gt__register_query(ctx, r, b.s, count_row, &n);
    free(b.s);
    if (!st && n == 0)
        st = gt__error(ctx, GT_ERR_INPUT_FIELD,
                       "register %s: site '%s' is not in the register '%s' (import it with "
                       "gistool register import REGISTER facilities FILE)",
                       verb, id, r->dsn);
    return st;
}

static bool last_row(gt_context *ctx, OGRFeatureH f, void *arg)
{
    gt__reg_last *l = arg;
    l->status = gt__reg_index(gt__reg_status_names, OGR_F_GetFieldAsString(f, 0));
    snprintf(l->date, sizeof l->date, "%s", OGR_F_GetFieldAsString(f, 1));
    return true;
}

gt_status gt__register_last(gt_context *ctx, gt__register *r, const char *id, gt__reg_last *last)
{
    last->status = -1;
    last->date[0] = '\0';
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "SELECT status, date FROM status_history WHERE site_id = ");
    gt__sql_literal(&b, id);
    gt__sbuf_add(&b, " ORDER BY date, id");
    gt_status st = b.nomem ? gt__error(ctx, GT_ERR_NOMEM, "out of memory")
                           : gt__register_query(ctx, r, b.s, last_row, last);
    free(b.s);
    return st;
}

static gt_status do_update(gt_context *ctx, const gt_register_options *o, gt__sbuf *out)
{
    if (o->n_words != 2)
        return gt__error(ctx, GT_ERR_USAGE,
                         "register update: give REGISTER and SITE_ID (usage: gistool register "
                         "update REGISTER SITE_ID --status S --date D --source TEXT)");
    if (!o->status || !o->date || !o->source || !*o->source)
        return gt__error(ctx, GT_ERR_USAGE,
                         "register update: --status, --date and --source are required");
    /* validation: the register's CHECK refuses a blank source too, but
     * as a database error (exit 50) quoting SQL */
    if (!o->source[strspn(o->source, " \t\n\r\v\f")])
        return gt__error(ctx, GT_ERR_USAGE,
                         "register update: --source '%s' is blank: give the decision, report or "
                         "file the status comes from",
                         o->source);
    char date[11];
    if (!gt__reg_date_normalise(o->date, date))
        return gt__error(ctx, GT_ERR_USAGE,
                         "register update: --date '%s' is not a date (YYYY-MM-DD)", o->date);
    const char *id = o->words[1];
    gt__register *r;
    gt_status st = gt__register_open(ctx, o->words[0], &r);
    if (st)
        return st;
    gt__reg_last last;
    char why[512];
    if (!(st = site_known(ctx, r, "update", id)) && !(st = gt__register_last(ctx, r, id, &last))) {
        /* validation: an update run twice would be a second, identical
         * entry of the history (import refuses such a row the same way) */
        if (gt__reg_repeats(&last, o->status, date))
            st = gt__error(ctx, GT_ERR_REGISTER_RULE,
                           "register update: site %s: %s on %s is already its latest entry; "
                           "nothing was written",
                           id, o->status, date);
        else if (!gt__reg_step(&last, o->status, date, o->note, why, sizeof why))
            st = gt__error(ctx, GT_ERR_REGISTER_RULE,
                           "register update: site %s: %s; nothing was written", id, why);
    }
    if (!st && !(st = gt__register_begin(ctx, r))) {
        st = gt__register_add_status(ctx, r, id, o->status, date, o->source, o->note);
        if (!st)
            st = gt__register_commit(ctx, r);
        if (st) {
            gt__register_rollback(r);
            gt__error_prefix(ctx, "register update: site %s (nothing was written)", id);
        }
    }
    if (!st)
        gt__sbuf_add(out, "%s: %s since %s\n", id, o->status, date);
    gt__register_close(r);
    return st;
}

/* ------------------------------------------------------------------ */
/* history                                                              */
/* ------------------------------------------------------------------ */

static bool history_row(gt_context *ctx, OGRFeatureH f, void *arg)
{
    gt__sbuf *out = arg;
    const char *note = OGR_F_IsFieldSetAndNotNull(f, 3) ? OGR_F_GetFieldAsString(f, 3) : "";
    const char *by = OGR_F_IsFieldSetAndNotNull(f, 5) ? OGR_F_GetFieldAsString(f, 5) : "";
    gt__sbuf_add(out, "%s  %-11s  %s%s%s  [recorded %s%s%s]\n", OGR_F_GetFieldAsString(f, 0),
                 OGR_F_GetFieldAsString(f, 1), OGR_F_GetFieldAsString(f, 2), *note ? "; note: " : "",
                 note, OGR_F_GetFieldAsString(f, 4), *by ? " by " : "", by);
    return true;
}

static bool facility_row(gt_context *ctx, OGRFeatureH f, void *arg)
{
    gt__sbuf *out = arg;
    gt__sbuf_add(out, "%s: %s, %s%s%s\n", OGR_F_GetFieldAsString(f, 0),
                 OGR_F_IsFieldSetAndNotNull(f, 1) ? OGR_F_GetFieldAsString(f, 1) : "(no name)",
                 OGR_F_GetFieldAsString(f, 2), OGR_F_IsFieldSetAndNotNull(f, 3) ? ", " : "",
                 OGR_F_IsFieldSetAndNotNull(f, 3) ? OGR_F_GetFieldAsString(f, 3) : "");
    return true;
}

static gt_status do_history(gt_context *ctx, const gt_register_options *o, gt__sbuf *out)
{
    if (o->n_words != 2)
        return gt__error(ctx, GT_ERR_USAGE,
                         "register history: give REGISTER and SITE_ID (usage: gistool register "
                         "history REGISTER SITE_ID)");
    gt__register *r;
    gt_status st = gt__register_open(ctx, o->words[0], &r);
    if (st)
        return st;
    const char *id = o->words[1];
    if (!(st = site_known(ctx, r, "history", id))) {
        gt__sbuf b = {0};
        gt__sbuf_add(&b, "SELECT site_id, name, kind, commune FROM facilities WHERE site_id = ");
        gt__sql_literal(&b, id);
        st = gt__register_query(ctx, r, b.s, facility_row, out);
        free(b.s);
        memset(&b, 0, sizeof b);
        gt__sbuf_add(&b, "SELECT date, status, source, note, recorded_at, recorded_by FROM "
                         "status_history WHERE site_id = ");
        gt__sql_literal(&b, id);
        gt__sbuf_add(&b, " ORDER BY date, id");
        if (!st)
            st = gt__register_query(ctx, r, b.s, history_row, out);
        free(b.s);
    }
    gt__register_close(r);
    return st;
}

/* ------------------------------------------------------------------ */
/* export                                                               */
/* ------------------------------------------------------------------ */

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && !strcasecmp(s + n - m, tail);
}

/* The inventory through a temporary file beside OUT, renamed at the end. */
static gt_status export_inventory(gt_context *ctx, gt__register *r, const char *path, int as_of,
                                  gt__sbuf *out)
{
    bool csv = ends_with(path, ".csv");
    if (!csv && !ends_with(path, ".gpkg"))
        return gt__error(ctx, GT_ERR_USAGE,
                         "register export: --inventory '%s': the name ends in .gpkg or .csv", path);
    GDALDatasetH mem;
    gt_status st = gt__register_inventory(ctx, r, as_of, &mem);
    if (st)
        return st;
    /* The temporary name keeps the extension: GDAL's CSV driver makes a
     * folder of a name without one. */
    size_t stem = strlen(path) - (csv ? 4 : 5);
    if (csv) {
        /* A CSV has no geometry: lon and lat columns, of the point or of a
         * point on the polygon's surface, as gistool rank reads them. */
        OGRLayerH l = GDALDatasetGetLayer(mem, 0);
        const char *ll[] = {"lon", "lat"};
        for (int k = 0; k < 2; k++) {
            OGRFieldDefnH fd = OGR_Fld_Create(ll[k], OFTReal);
            OGR_L_CreateField(l, fd, TRUE);
            OGR_Fld_Destroy(fd);
        }
        OGR_L_ResetReading(l);
        OGRFeatureH f;
        while (!st && (f = OGR_L_GetNextFeature(l))) {
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            OGRGeometryH p = g ? (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint
                                      ? OGR_G_Clone(g)
                                      : OGR_G_PointOnSurface(g))
                               : NULL;
            if (p && !OGR_G_IsEmpty(p)) {
                OGR_F_SetFieldDouble(f, OGR_F_GetFieldIndex(f, "lon"), OGR_G_GetX(p, 0));
                OGR_F_SetFieldDouble(f, OGR_F_GetFieldIndex(f, "lat"), OGR_G_GetY(p, 0));
                if (OGR_L_SetFeature(l, f) != OGRERR_NONE)
                    st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "register export: lon/lat");
            }
            if (p)
                OGR_G_DestroyGeometry(p);
            OGR_F_Destroy(f);
        }
    }
    /* Staged in the export's output transaction: a hidden temporary file
     * beside OUT (the extension kept), renamed when every output is done. */
    char *tmp = gt__output_stage(ctx, path, path + stem);
    char *argv_gpkg[] = {"-f", "GPKG", "-nln", "landfills", NULL};
    char *argv_csv[] = {"-f", "CSV", "-lco", "CREATE_CSVT=NO", NULL};
    GDALVectorTranslateOptions *vo = GDALVectorTranslateOptionsNew(csv ? argv_csv : argv_gpkg, NULL);
    int bad = 0;
    CPLErrorReset();
    GDALDatasetH dst = tmp && vo ? GDALVectorTranslate(tmp, NULL, 1, &mem, vo, &bad) : NULL;
    int n = (int)OGR_L_GetFeatureCount(GDALDatasetGetLayer(mem, 0), TRUE);
    GDALVectorTranslateOptionsFree(vo);
    if (!tmp)
        st = gt_context_status(ctx);
    else if (!dst)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "register export: cannot write '%s'", path);
    else
        GDALClose(dst);
    GDALClose(mem);
    if (tmp)
        st = gt__replace_file(ctx, st, tmp, path);
    if (!st) {
        char when[32] = "the latest statuses";
        if (as_of)
            snprintf(when, sizeof when, "statuses as of %d", as_of);
        gt__sbuf_add(out, "%s: %d landfills and dumps, %s\n", path, n, when);
    }
    return st;
}

/* Field titles of the snapshot (QGIS aliases, gpkg_data_columns). */
static const gt__field_doc snapshot_docs[] = {
    {"site_id", "Mã điểm", "site id"},
    {"name", "Tên", "name"},
    {"commune", "Xã/phường", "commune"},
    {"commune_code", "Mã xã", "commune code"},
    {"kind", "Loại cơ sở", "kind of facility"},
    {"polluting", "Gây ô nhiễm (1 = có)", "polluting (1 = yes)"},
    {"capacity_tpd", "Công suất (tấn/ngày)", "capacity, tonnes a day"},
    {"area_ha", "Diện tích (ha)", "area, hectares"},
    {"volume_m3", "Khối lượng (m³)", "volume, cubic metres"},
    {"years_operated", "Số năm hoạt động", "years operated"},
    {"waste_type", "Loại chất thải", "waste type"},
    {"liner", "Lót đáy", "liner"},
    {"cover", "Che phủ", "cover"},
    {"leachate", "Nước rỉ rác", "leachate seen"},
    {"burning", "Đốt rác", "burning seen"},
    {"opened_year", "Năm bắt đầu hoạt động", "year opened"},
    {"status", "Tình trạng hiện tại", "current status"},
    {"status_date", "Ngày bắt đầu tình trạng", "day the status began"},
    {"status_source", "Nguồn (quyết định, báo cáo)", "source of the status"},
};
static const gt__field_doc history_docs[] = {
    {"site_id", "Mã điểm", "site id"},
    {"status", "Tình trạng", "status"},
    {"date", "Ngày", "day the status began"},
    {"source", "Nguồn (quyết định, báo cáo)", "decision, report or file"},
    {"note", "Ghi chú", "note"},
    {"recorded_at", "Thời điểm ghi", "recorded at (UTC)"},
    {"recorded_by", "Người ghi", "recorded by"},
};

/* Copy a plain table of the register into the snapshot. */
static gt_status copy_table(gt_context *ctx, gt__register *r, GDALDatasetH dst, const char *table,
                            const char *order)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", table, order);
    CPLErrorReset();
    OGRLayerH src = GDALDatasetExecuteSQL(r->ds, sql, NULL, NULL);
    if (!src)
        return gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "register: cannot read %s", table);
    OGRFeatureDefnH sd = OGR_L_GetLayerDefn(src);
    OGRLayerH l = GDALDatasetCreateLayer(dst, table, NULL, wkbNone, NULL);
    gt_status st = l ? GT_OK : gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot write table %s", table);
    for (int k = 0; !st && k < OGR_FD_GetFieldCount(sd); k++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(sd, k));
        if (!strcmp(name, "fid"))
            continue;
        OGRFieldDefnH fd = OGR_Fld_Create(name, OGR_Fld_GetType(OGR_FD_GetFieldDefn(sd, k)));
        OGR_L_CreateField(l, fd, TRUE);
        OGR_Fld_Destroy(fd);
    }
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(src))) {
        OGRFeatureH g = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFrom(g, f, TRUE);
        if (OGR_L_CreateFeature(l, g) != OGRERR_NONE)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot write a row of %s", table);
        OGR_F_Destroy(g);
        OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(r->ds, src);
    return st;
}

static gt_status snapshot_facilities(gt_context *ctx, gt__register *r, GDALDatasetH dst, int as_of,
                                     int *count)
{
    gt__register_status *s = NULL;
    int n = 0;
    gt_status st = gt__register_statuses(ctx, r, as_of, &s, &n);
    if (st)
        return st;
    OGRLayerH src = GDALDatasetGetLayerByName(r->ds, "facilities");
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    const char *lco[] = {"GEOMETRY_NAME=geom", "FID=fid", NULL};
    OGRLayerH l = src ? GDALDatasetCreateLayer(dst, "facilities", wgs, wkbUnknown, (char **)lco)
                      : NULL;
    OSRDestroySpatialReference(wgs);
    if (!l) {
        gt__register_statuses_free(s, n);
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot write the facilities layer");
    }
    OGRFeatureDefnH sd = OGR_L_GetLayerDefn(src);
    for (size_t k = 0; k < sizeof snapshot_docs / sizeof *snapshot_docs; k++) {
        int si = OGR_FD_GetFieldIndex(sd, snapshot_docs[k].field);
        OGRFieldDefnH fd = OGR_Fld_Create(snapshot_docs[k].field,
                                          si >= 0 ? OGR_Fld_GetType(OGR_FD_GetFieldDefn(sd, si))
                                                  : OFTString);
        OGR_L_CreateField(l, fd, TRUE);
        OGR_Fld_Destroy(fd);
    }
    OGR_L_ResetReading(src);
    OGRFeatureH f;
    *count = 0;
    while (!st && (f = OGR_L_GetNextFeature(src))) {
        const char *id = OGR_F_GetFieldAsString(f, OGR_FD_GetFieldIndex(sd, "site_id"));
        int i = -1;
        for (int j = 0; j < n && i < 0; j++)
            if (!strcmp(s[j].site_id, id))
                i = j;
        if (as_of && i < 0) { /* not yet in the register that year */
            OGR_F_Destroy(f);
            continue;
        }
        OGRFeatureH g = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFrom(g, f, TRUE);
        OGR_F_SetFID(g, OGR_F_GetFID(f));
        if (i >= 0 && s[i].status >= 0) {
            OGR_F_SetFieldString(g, OGR_F_GetFieldIndex(g, "status"),
                                 gt__reg_status_names[s[i].status]);
            OGR_F_SetFieldString(g, OGR_F_GetFieldIndex(g, "status_date"), s[i].date);
            OGR_F_SetFieldString(g, OGR_F_GetFieldIndex(g, "status_source"), s[i].source);
        }
        if (OGR_L_CreateFeature(l, g) != OGRERR_NONE)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot write facility %s", id);
        else
            (*count)++;
        OGR_F_Destroy(g);
        OGR_F_Destroy(f);
    }
    gt__register_statuses_free(s, n);
    return st;
}

static gt_status export_snapshot(gt_context *ctx, gt__register *r, const char *path, int as_of,
                                 gt__sbuf *out)
{
    if (!ends_with(path, ".gpkg"))
        return gt__error(ctx, GT_ERR_USAGE,
                         "register export: --snapshot '%s': the name ends in .gpkg", path);
    gt__gpkg *g = gt__gpkg_begin(ctx, path);
    if (!g)
        return gt_context_status(ctx);
    GDALDatasetH ds = gt__gpkg_dataset(g);
    int n = 0;
    gt_status st = snapshot_facilities(ctx, r, ds, as_of, &n);
    if (!st)
        st = copy_table(ctx, r, ds, "status_history", "site_id, date, id");
    if (!st)
        st = copy_table(ctx, r, ds, "commune_indicators", "commune_code, year");
    if (!st)
        st = copy_table(ctx, r, ds, "targets", "indicator, year");
    if (!st)
        st = copy_table(ctx, r, ds, "register_meta", "key");
    if (!st) {
        char *q = gt__style_register_qml(snapshot_docs,
                                         (int)(sizeof snapshot_docs / sizeof *snapshot_docs));
        char *sld = gt__style_register_sld();
        st = q && sld ? gt__gpkg_style(ctx, ds, "facilities", "geom", q, sld,
                                       "Cơ sở xử lý chất thải theo tình trạng / facilities by status")
                      : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        free(q);
        free(sld);
    }
    if (!st)
        st = gt__gpkg_data_columns(ctx, ds, "facilities", snapshot_docs,
                                   (int)(sizeof snapshot_docs / sizeof *snapshot_docs));
    if (!st)
        st = gt__gpkg_data_columns(ctx, ds, "status_history", history_docs,
                                   (int)(sizeof history_docs / sizeof *history_docs));
    if (st)
        return gt__gpkg_fail(ctx, g, st);
    if ((st = gt__gpkg_commit(ctx, g)))
        return st;
    gt__sbuf_add(out, "%s: %d facilities with their %s status, status_history, "
                      "commune_indicators, targets\n",
                 path, n, as_of ? "year-end" : "current");
    return GT_OK;
}

static bool first_date_row(gt_context *ctx, OGRFeatureH f, void *arg)
{
    (void)ctx;
    if (OGR_F_IsFieldSetAndNotNull(f, 0))
        snprintf((char *)arg, 11, "%s", OGR_F_GetFieldAsString(f, 0));
    return true;
}

/* --as-of before the register's first entry: nothing is known of that year
 * (an empty inventory with exit 0, which every rank run then refused), so
 * it is refused as progress refuses such a --year. */
static gt_status as_of_known(gt_context *ctx, gt__register *r, const char *dsn, int as_of)
{
    char first[11] = "";
    gt_status st = gt__register_query(ctx, r, "SELECT min(date) FROM status_history",
                                      first_date_row, first);
    if (!st && *first && atoi(first) > as_of)
        st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                       "register export: --as-of %d: the register '%s' has no status entry "
                       "dated by the end of %d (its first is %s)",
                       as_of, dsn, as_of, first);
    return st;
}

static gt_status do_export(gt_context *ctx, const gt_register_options *o, gt__sbuf *out)
{
    if (o->n_words != 1)
        return gt__error(ctx, GT_ERR_USAGE,
                         "register export: give one REGISTER (usage: gistool register export "
                         "REGISTER --inventory OUT | --snapshot OUT.gpkg)");
    if (!o->inventory && !o->snapshot)
        return gt__error(ctx, GT_ERR_USAGE,
                         "register export: give --inventory OUT or --snapshot OUT.gpkg");
    /* The inventory and the snapshot are one output transaction, and
     * neither may replace the register they are read from (an exit 0 used
     * to leave `export R.gpkg --inventory R.gpkg` with the register lost). */
    gt_status st = gt__outputs_begin(ctx);
    if (st)
        return st;
    gt__outputs_note_input(o->words[0]);
    gt__register *r = NULL;
    st = gt__register_open(ctx, o->words[0], &r);
    if (!st && o->as_of)
        st = as_of_known(ctx, r, o->words[0], o->as_of);
    if (!st && o->inventory)
        st = export_inventory(ctx, r, o->inventory, o->as_of, out);
    if (!st && o->snapshot)
        st = export_snapshot(ctx, r, o->snapshot, o->as_of, out);
    if (r)
        gt__register_close(r);
    return gt__outputs_end(ctx, st);
}

gt_status gt_register_run(gt_context *ctx, const gt_register_options *o, char **report)
{
    *report = NULL;
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    gt__sbuf out = {0};
    gt_status st;
    const char *v = o->verb ? o->verb : "";
    if (o->n_words > 0 && !*o->words[0]) {
        gt__gdal_log_pop();
        return gt__error(ctx, GT_ERR_USAGE, "register %s: REGISTER is empty (a .gpkg file or a "
                                            "PG:... connection string)", v);
    }
    if (!strcmp(v, "init"))
        st = do_init(ctx, o, &out);
    else if (!strcmp(v, "import"))
        st = gt__register_import(ctx, o, &out);
    else if (!strcmp(v, "update"))
        st = do_update(ctx, o, &out);
    else if (!strcmp(v, "export"))
        st = do_export(ctx, o, &out);
    else if (!strcmp(v, "history"))
        st = do_history(ctx, o, &out);
    else
        st = gt__error(ctx, GT_ERR_USAGE,
                       "register: missing verb: init, import, update, export or history");
    gt__gdal_log_pop();
    if (out.nomem) {
        free(out.s);
        return st ? st : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    *report = out.s;
    return st;
}
