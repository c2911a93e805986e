/*
 * progress.c: `gistool progress REGISTER --year YEAR`: reads the provincial
 * waste register through GDAL/OGR by table name only (facilities,
 * status_history, commune_indicators, targets, register_meta), so a
 * GeoPackage path and a PostgreSQL `PG:` string read the same; computes the
 * 2030 indicators for every year up to YEAR (algorithms/indicators.c),
 * compares them with the targets and with the plan of a rank run, and
 * writes the CSV here and the HTML and PDF report (progress_out.c), all in
 * one output transaction. docs/progress.md.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "algorithms/register_rules.h"
#include "gistool/progress_model.h"
#include "layers/layers.h"

typedef struct {
    char *site_id, *name, *commune, *commune_code, *kind;
    gt__site_kind2 k;
    int polluting, commune_idx;
    GEOSGeometry *geom; /* EPSG:32648 */
    gt__ind_entry *hist;
    int n_hist;
} fac;

typedef struct {
    char *site_id, *status, *date, *source;
} hrow;

typedef struct {
    char *code, *commune;
    int year;
    gt__ind_commune v;
} crow;

typedef struct {
    gt_context *ctx;
    const gt_progress_options *o;
    GDALDatasetH ds;
    fac *f;
    int nf;
    hrow *h;
    int nh;
    crow *c;
    int nc;
    double ptarget[GT__IND_N][GT__PG_MAX_YEARS]; /* provincial, by year - first */
    char psource[GT__IND_N][256];
    int first_year;
    OGRLayerH sql_layers[8]; /* tables read through SQL, released at the end */
    int n_sql_layers;
    gt__pg_model m;
} run;

const char *gt__pg_T(const gt__pg_model *m, const char *key)
{
    return gt__tr(m->L, key);
}

const char *gt__pg_ind_name(gt__lang L, int i)
{
    return gt__tr_code(L, "ind", gt__ind_def_of(i)->id);
}

static char *dup_field(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    return strdup(OGR_F_GetFieldAsString(f, i));
}

static double real_field(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NAN;
    return OGR_F_GetFieldAsDouble(f, i);
}

/* A table of the register by name; GT_ERR_INPUT_LAYER naming it otherwise. */
static OGRLayerH table_of(run *r, const char *name, bool required)
{
    OGRLayerH l = GDALDatasetGetLayerByName(r->ds, name);
    /* A table the database has but does not list as a layer (a GeoPackage
     * table not in gpkg_contents): read it through SQL. */
    if (!l && r->n_sql_layers < 8) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        CPLPushErrorHandler(CPLQuietErrorHandler);
        l = GDALDatasetExecuteSQL(r->ds, sql, NULL, NULL);
        CPLPopErrorHandler();
        CPLErrorReset();
        if (l)
            r->sql_layers[r->n_sql_layers++] = l;
    }
    if (!l && required)
        gt__error(r->ctx, GT_ERR_INPUT_LAYER,
                  "progress: '%s' is not a waste register (schema v1): it has no table '%s' "
                  "(see docs/progress.md)",
                  r->o->reg, name);
    return l;
}

/* The index of a field the schema requires; GT_ERR_INPUT_FIELD otherwise. */
static int need_field(run *r, OGRLayerH l, const char *table, const char *field)
{
    int i = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), field);
    if (i < 0)
        gt__error(r->ctx, GT_ERR_INPUT_FIELD, "progress: '%s': table '%s' has no field '%s'",
                  r->o->reg, table, field);
    return i;
}

static bool valid_date(const char *d)
{
    if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return false;
    int mo = (d[5] - '0') * 10 + d[6] - '0', day = (d[8] - '0') * 10 + d[9] - '0';
    return mo >= 1 && mo <= 12 && day >= 1 && day <= 31;
}

static int find_fac(const run *r, const char *id)
{
    for (int i = 0; id && i < r->nf; i++)
        if (!strcmp(r->f[i].site_id, id))
            return i;
    return -1;
}

static gt_status read_meta(run *r)
{
    OGRLayerH l = table_of(r, "register_meta", true);
    if (!l)
        return gt_context_status(r->ctx);
    int ik = need_field(r, l, "register_meta", "key"), iv = need_field(r, l, "register_meta", "value");
    if (ik < 0 || iv < 0)
        return gt_context_status(r->ctx);
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    bool v1 = false;
    while ((f = OGR_L_GetNextFeature(l))) {
        const char *k = OGR_F_GetFieldAsString(f, ik), *v = OGR_F_GetFieldAsString(f, iv);
        if (!strcmp(k, "province"))
            snprintf(r->m.province, sizeof r->m.province, "%s", v);
        if (!strcmp(k, "schema_version") && !strcmp(v, "1"))
            v1 = true;
        OGR_F_Destroy(f);
    }
    if (!v1)
        return gt__error(r->ctx, GT_ERR_INPUT_FIELD,
                         "progress: '%s': register_meta has no schema_version = '1' (a register "
                         "of another version, or not a register)",
                         r->o->reg);
    return GT_OK;
}

static gt_status read_facilities(run *r)
{
    static const char *const kinds[] = {"unsanitary_landfill", "spontaneous_dump",
                                        "sanitary_landfill",   "incinerator",
                                        "composting_plant",    "transfer_station",
                                        "collection_point",    NULL};
    OGRLayerH l = table_of(r, "facilities", true);
    if (!l)
        return gt_context_status(r->ctx);
    int is = need_field(r, l, "facilities", "site_id"), ik = need_field(r, l, "facilities", "kind");
    if (is < 0 || ik < 0)
        return gt_context_status(r->ctx);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    int in = OGR_FD_GetFieldIndex(d, "name"), ic = OGR_FD_GetFieldIndex(d, "commune"),
        ip = OGR_FD_GetFieldIndex(d, "polluting"), icc = OGR_FD_GetFieldIndex(d, "commune_code");
    GIntBig n = OGR_L_GetFeatureCount(l, TRUE);
    r->f = calloc((size_t)(n > 0 ? n : 1), sizeof *r->f);
    if (!r->f)
        return gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL), utm = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRImportFromEPSG(utm, 32648);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(utm, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(wgs, utm);
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    gt_status st = GT_OK;
    while (!st && (f = OGR_L_GetNextFeature(l)) && r->nf < n) {
        fac *x = &r->f[r->nf];
        x->site_id = dup_field(f, is);
        x->kind = dup_field(f, ik);
        x->name = dup_field(f, in);
        x->commune = dup_field(f, ic);
        x->commune_code = dup_field(f, icc);
        if (x->commune_code && !*x->commune_code) {
            free(x->commune_code);
            x->commune_code = NULL;
        }
        x->polluting = ip < 0 || !OGR_F_IsFieldSetAndNotNull(f, ip) ? 1 : OGR_F_GetFieldAsInteger(f, ip);
        x->commune_idx = -1;
        r->nf++;
        int k = 0;
        while (kinds[k] && (!x->kind || strcmp(kinds[k], x->kind)))
            k++;
        if (!x->site_id || !kinds[k]) {
            st = gt__error(r->ctx, GT_ERR_INPUT_FIELD,
                           "progress: '%s': facilities feature %lld: %s%s%s", r->o->reg,
                           (long long)OGR_F_GetFID(f),
                           !x->site_id ? "no site_id" : "kind '",
                           !x->site_id ? "" : x->kind ? x->kind : "",
                           !x->site_id ? ""
                                       : "' is not one of unsanitary_landfill, spontaneous_dump, "
                                         "sanitary_landfill, incinerator, composting_plant, "
                                         "transfer_station, collection_point");
        }
        x->k = k == 0 ? GT__KIND_UNSANITARY : k == 1 ? GT__KIND_DUMP : GT__KIND_OTHER;
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && ct) {
            OGRGeometryH c = OGR_G_Clone(g);
            if (OGR_G_Transform(c, ct) == OGRERR_NONE)
                x->geom = gt__ogr_to_geos(r->ctx, c, NULL);
            OGR_G_DestroyGeometry(c);
        }
        OGR_F_Destroy(f);
    }
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(wgs);
    OSRDestroySpatialReference(utm);
    /* Commune indices, for the count of communes with sites. */
    for (int i = 0; i < r->nf; i++) {
        if (!r->f[i].commune)
            continue;
        r->f[i].commune_idx = i;
        for (int j = 0; j < i; j++)
            if (r->f[j].commune && !strcmp(r->f[j].commune, r->f[i].commune)) {
                r->f[i].commune_idx = r->f[j].commune_idx;
                break;
            }
    }
    return st;
}

static gt_status read_history(run *r)
{
    OGRLayerH l = table_of(r, "status_history", true);
    if (!l)
        return gt_context_status(r->ctx);
    const char *T = "status_history";
    int is = need_field(r, l, T, "site_id"), it = need_field(r, l, T, "status"),
        id = need_field(r, l, T, "date"), io = need_field(r, l, T, "source");
    if (is < 0 || it < 0 || id < 0 || io < 0)
        return gt_context_status(r->ctx);
    /* In the order the rows were written (id), so of two entries on one day
     * the later row counts. */
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT * FROM status_history ORDER BY date, %s",
             OGR_L_GetFIDColumn(l) && *OGR_L_GetFIDColumn(l) ? OGR_L_GetFIDColumn(l) : "id");
    OGRLayerH q = GDALDatasetExecuteSQL(r->ds, sql, NULL, NULL);
    OGRLayerH src = q ? q : l;
    if (q) {
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(q);
        is = OGR_FD_GetFieldIndex(d, "site_id");
        it = OGR_FD_GetFieldIndex(d, "status");
        id = OGR_FD_GetFieldIndex(d, "date");
        io = OGR_FD_GetFieldIndex(d, "source");
    }
    CPLErrorReset();
    GIntBig n = OGR_L_GetFeatureCount(src, TRUE);
    r->h = calloc((size_t)(n > 0 ? n : 1), sizeof *r->h);
    gt_status st = r->h ? GT_OK : gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    OGR_L_ResetReading(src);
    OGRFeatureH f;
    while (!st && r->nh < n && (f = OGR_L_GetNextFeature(src))) {
        hrow *x = &r->h[r->nh++];
        x->site_id = dup_field(f, is);
        x->status = dup_field(f, it);
        x->date = dup_field(f, id);
        x->source = dup_field(f, io);
        int k = find_fac(r, x->site_id);
        if (k < 0)
            st = gt__error(r->ctx, GT_ERR_INPUT_FIELD,
                           "progress: '%s': status_history row %lld: site_id '%s' is not in "
                           "facilities",
                           r->o->reg, (long long)OGR_F_GetFID(f), x->site_id ? x->site_id : "");
        else if (!valid_date(x->date) || gt__site_status_of(x->status) == GT__ST_NONE)
            st = gt__error(r->ctx, GT_ERR_INPUT_FIELD,
                           "progress: '%s': status_history row %lld (site %s): bad %s '%s'",
                           r->o->reg, (long long)OGR_F_GetFID(f), x->site_id,
                           valid_date(x->date) ? "status" : "date",
                           valid_date(x->date) ? (x->status ? x->status : "")
                                               : (x->date ? x->date : ""));
        else {
            fac *fc = &r->f[k];
            gt__ind_entry *e = realloc(fc->hist, (size_t)(fc->n_hist + 1) * sizeof *e);
            if (!e) {
                st = gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
            } else {
                fc->hist = e;
                memcpy(e[fc->n_hist].date, x->date, 11);
                e[fc->n_hist++].status = gt__site_status_of(x->status);
            }
        }
        OGR_F_Destroy(f);
    }
    if (q)
        GDALDatasetReleaseResultSet(r->ds, q);
    return st;
}

/* A number of commune_indicators as the register holds it: NAN when not
 * reported; false when the cell is text that is not a number (a table read
 * through SQL, or one a tool wrote without the schema's types). */
static bool indicator_value(OGRFeatureH f, int i, double *out)
{
    *out = real_field(f, i);
    if (i < 0 || isnan(*out) || OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i)) != OFTString)
        return true;
    const char *t = OGR_F_GetFieldAsString(f, i);
    char *end;
    *out = strtod(t, &end);
    while (*end == ' ')
        end++;
    return end != t && !*end;
}

/* One commune_indicators row: a year the schema allows and values that hold
 * together (gt__reg_indicators_check, as the importer checks them), so that
 * no share above 100 % or from a negative, infinite or non-number value is
 * reported with exit 0 (a row written by another tool, or a PostgreSQL
 * register edited by hand, gets past the importer). */
static gt_status check_indicator_row(run *r, OGRFeatureH f, int iy, const char *code, int year)
{
    const char *T = "commune_indicators";
    const char *yt = OGR_F_GetFieldAsString(f, iy);
    char *end;
    long y = strtol(yt, &end, 10);
    if (end == yt || *end || y < 1900 || y > 2199)
        return gt__error(r->ctx, GT_ERR_INPUT_FIELD,
                         "progress: '%s': %s row %lld (commune %s): year '%s' is not a year from "
                         "1900 to 2199",
                         r->o->reg, T, (long long)OGR_F_GetFID(f), code, yt);
    static const char *const names[] = {
        "population",      "households",    "generated_tpd", "collected_tpd", "landfill_tpd",
        "incinerated_tpd", "composted_tpd", "recycled_tpd",  "other_tpd",     "households_sorting"};
    gt__reg_indicators v;
    double *vals[] = {&v.population,      &v.households,    &v.generated_tpd, &v.collected_tpd,
                      &v.landfill_tpd,    &v.incinerated_tpd, &v.composted_tpd, &v.recycled_tpd,
                      &v.other_tpd,       &v.households_sorting};
    OGRFeatureDefnH d = OGR_F_GetDefnRef(f);
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        int i = OGR_FD_GetFieldIndex(d, names[k]);
        if (!indicator_value(f, i, vals[k]))
            return gt__error(r->ctx, GT_ERR_INPUT_FIELD,
                             "progress: '%s': %s %s, %d: %s '%s' is not a number", r->o->reg, T,
                             code, year, names[k], OGR_F_GetFieldAsString(f, i));
    }
    char why[256];
    if (!gt__reg_indicators_check(&v, why, sizeof why))
        return gt__error(r->ctx, GT_ERR_INPUT_FIELD, "progress: '%s': %s %s, %d: %s", r->o->reg,
                         T, code, year, why);
    return GT_OK;
}

static gt_status read_indicators(run *r)
{
    OGRLayerH l = table_of(r, "commune_indicators", true);
    if (!l)
        return gt_context_status(r->ctx);
    const char *T = "commune_indicators";
    int ic = need_field(r, l, T, "commune_code"), iy = need_field(r, l, T, "year"),
        ia = need_field(r, l, T, "area_type");
    if (ic < 0 || iy < 0 || ia < 0)
        return gt_context_status(r->ctx);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    int in = OGR_FD_GetFieldIndex(d, "commune"), ig = OGR_FD_GetFieldIndex(d, "generated_tpd"),
        il = OGR_FD_GetFieldIndex(d, "collected_tpd"), id = OGR_FD_GetFieldIndex(d, "landfill_tpd"),
        ih = OGR_FD_GetFieldIndex(d, "households"),
        is = OGR_FD_GetFieldIndex(d, "households_sorting");
    GIntBig n = OGR_L_GetFeatureCount(l, TRUE);
    r->c = calloc((size_t)(n > 0 ? n : 1), sizeof *r->c);
    gt_status st = r->c ? GT_OK : gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (!st && r->nc < n && (f = OGR_L_GetNextFeature(l))) {
        crow *x = &r->c[r->nc++];
        x->code = dup_field(f, ic);
        x->commune = dup_field(f, in);
        x->year = OGR_F_GetFieldAsInteger(f, iy);
        const char *a = OGR_F_GetFieldAsString(f, ia);
        if ((st = check_indicator_row(r, f, iy, x->code ? x->code : "?", x->year)))
            ;
        else if (strcmp(a, "urban") && strcmp(a, "rural"))
            st = gt__error(r->ctx, GT_ERR_INPUT_FIELD,
                           "progress: '%s': commune_indicators %s, %d: area_type '%s' is not "
                           "urban or rural",
                           r->o->reg, x->code ? x->code : "?", x->year, a);
        x->v.urban = !strcmp(a, "urban");
        indicator_value(f, ig, &x->v.generated_tpd);
        indicator_value(f, il, &x->v.collected_tpd);
        indicator_value(f, id, &x->v.landfill_tpd);
        indicator_value(f, ih, &x->v.households);
        indicator_value(f, is, &x->v.households_sorting);
        OGR_F_Destroy(f);
    }
    return st;
}

static gt_status read_targets(run *r)
{
    for (int i = 0; i < GT__IND_N; i++)
        for (int y = 0; y < GT__PG_MAX_YEARS; y++)
            r->ptarget[i][y] = NAN;
    OGRLayerH l = table_of(r, "targets", false);
    if (!l)
        return GT_OK; /* optional: the national targets apply */
    int ii = need_field(r, l, "targets", "indicator"), iy = need_field(r, l, "targets", "year"),
        iv = need_field(r, l, "targets", "value");
    if (ii < 0 || iy < 0 || iv < 0)
        return gt_context_status(r->ctx);
    int isrc = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "source");
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    gt_status st = GT_OK;
    while (!st && (f = OGR_L_GetNextFeature(l))) {
        const char *id = OGR_F_GetFieldAsString(f, ii);
        int k = gt__ind_index(id), y = OGR_F_GetFieldAsInteger(f, iy);
        if (k < 0)
            st = gt__error(r->ctx, GT_ERR_INPUT_FIELD,
                           "progress: '%s': targets: unknown indicator '%s' (one of "
                           "collected_urban_pct, collected_rural_pct, direct_landfill_pct, "
                           "unsanitary_remediated_pct, dumps_closed_pct, households_sorting_pct)",
                           r->o->reg, id);
        else if (y >= 2000 && y < 2000 + GT__PG_MAX_YEARS) {
            r->ptarget[k][y - 2000] = OGR_F_GetFieldAsDouble(f, iv);
            if (isrc >= 0 && OGR_F_IsFieldSetAndNotNull(f, isrc))
                snprintf(r->psource[k], sizeof r->psource[k], "%s",
                         OGR_F_GetFieldAsString(f, isrc));
        } else {
            gt__log(r->ctx, GT_LOG_WARNING,
                    "progress: '%s': targets: the target of '%s' for %d is outside the years "
                    "a report covers (2000 to %d): ignored",
                    r->o->reg, id, y, 2000 + GT__PG_MAX_YEARS - 1);
        }
        OGR_F_Destroy(f);
    }
    return st;
}

/* The provincial target of indicator k for `year`, NAN when none. */
static double ptarget(const run *r, int k, int year)
{
    return year >= 2000 && year < 2000 + GT__PG_MAX_YEARS ? r->ptarget[k][year - 2000] : NAN;
}

/* ------------------------------------------------------------------ */
/* Tables of text                                                       */
/* ------------------------------------------------------------------ */

static gt_status tbl_init(gt_context *ctx, gt__pg_table *t, int ncol, int nrow_max)
{
    t->ncol = ncol;
    t->nrow = 0;
    t->cells = calloc((size_t)(ncol * (nrow_max > 0 ? nrow_max : 1)), sizeof *t->cells);
    return t->cells ? GT_OK : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
}

static void tbl_set(gt__pg_table *t, int row, int col, const char *s)
{
    free(t->cells[row * t->ncol + col]);
    t->cells[row * t->ncol + col] = strdup(s ? s : "");
}

static void tbl_free(gt__pg_table *t)
{
    if (t->cells)
        for (int i = 0; i < t->nrow * t->ncol; i++)
            free(t->cells[i]);
    free(t->cells);
    t->cells = NULL;
}

static const char *pct(const gt__pg_model *m, char *b, size_t n, double v)
{
    if (isnan(v))
        return gt__pg_T(m, "no data");
    return gt__fmt_num(b, n, m->L, v, 1);
}

static const char *cmp_sign(gt__ind_cmp c)
{
    return c == GT__CMP_GE ? "≥" : c == GT__CMP_GT ? ">" : "<";
}

static const char *met_text(const gt__pg_model *m, int met)
{
    return gt__pg_T(m, met < 0 ? "no data" : met ? "met" : "not met");
}

static const char *traj_text(const gt__pg_model *m, gt__trajectory t)
{
    return gt__pg_T(m, t == GT__TRAJ_AHEAD      ? "ahead"
                       : t == GT__TRAJ_ON_TRACK ? "on track"
                       : t == GT__TRAJ_BEHIND   ? "behind"
                                                : "no data");
}

/* ------------------------------------------------------------------ */
/* The indicators, year by year                                         */
/* ------------------------------------------------------------------ */

static void compute_year(run *r, gt__pg_year *y, gt__ind_site *sites)
{
    int n = 0;
    for (int i = 0; i < r->nc; i++)
        n += r->c[i].year == y->year;
    gt__ind_commune *cs = calloc((size_t)(n > 0 ? n : 1), sizeof *cs);
    int k = 0;
    for (int i = 0; cs && i < r->nc; i++)
        if (r->c[i].year == y->year)
            cs[k++] = r->c[i].v;
    gt__ind_collected(cs, k, 1, &y->v[GT__IND_COLLECTED_URBAN]);
    gt__ind_collected(cs, k, 0, &y->v[GT__IND_COLLECTED_RURAL]);
    gt__ind_direct_landfill(cs, k, &y->v[GT__IND_DIRECT_LANDFILL]);
    gt__ind_sorting(cs, k, &y->v[GT__IND_HOUSEHOLDS_SORTING]);
    free(cs);
    for (int i = 0; i < r->nf; i++) {
        sites[i].kind = r->f[i].k;
        sites[i].polluting = r->f[i].polluting;
        sites[i].commune = r->f[i].commune_idx;
        sites[i].status = gt__ind_status_at(r->f[i].hist, r->f[i].n_hist, y->year);
    }
    gt__ind_sites(sites, r->nf, GT__KIND_UNSANITARY, &y->v[GT__IND_UNSANITARY_REMEDIATED]);
    gt__ind_sites(sites, r->nf, GT__KIND_DUMP, &y->v[GT__IND_DUMPS_CLOSED]);
}

static gt_status compute(run *r)
{
    gt__pg_model *m = &r->m;
    /* The first year with data: the earliest status entry or indicator row. */
    int first = 0, last = 0;
    for (int i = 0; i < r->nh; i++) {
        int y = atoi(r->h[i].date);
        if (!first || y < first)
            first = y;
        last = y > last ? y : last;
    }
    for (int i = 0; i < r->nc; i++) {
        if (!first || r->c[i].year < first)
            first = r->c[i].year;
        last = r->c[i].year > last ? r->c[i].year : last;
    }
    if (!first)
        return gt__error(r->ctx, GT_ERR_INPUT_EXTENT,
                         "progress: '%s': the register has no status_history entry and no "
                         "commune_indicators row: nothing to report",
                         r->o->reg);
    if (r->o->year < first)
        return gt__error(r->ctx, GT_ERR_INPUT_EXTENT,
                         "progress: --year %d: the register '%s' has no data for %d or before "
                         "(its first year is %d)",
                         r->o->year, r->o->reg, r->o->year, first);
    if (r->o->year - first + 1 > GT__PG_MAX_YEARS)
        first = r->o->year - GT__PG_MAX_YEARS + 1;
    /* validation: the report's years end at --year; when they start after
     * the register's last data, every row was "no data", with exit 0 */
    if (last < first)
        return gt__error(r->ctx, GT_ERR_INPUT_EXTENT,
                         "progress: --year %d: the register '%s' has data up to %d, and a report "
                         "covers at most %d years (%d to %d): none of its data would be in it",
                         r->o->year, r->o->reg, last, GT__PG_MAX_YEARS, first, r->o->year);
    r->first_year = first;
    m->n_years = r->o->year - first + 1;
    gt__ind_site *sites = calloc((size_t)(r->nf > 0 ? r->nf : 1), sizeof *sites);
    if (!sites)
        return gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    for (int k = 0; k < GT__IND_N; k++) {
        const gt__ind_def *d = gt__ind_def_of(k);
        double p = ptarget(r, k, GT__TARGET_YEAR);
        double t = gt__ind_stricter(d->cmp, d->national_target, p);
        m->target2030[k] = t;
        if (!isnan(p) && t == p && p != d->national_target)
            snprintf(m->target_source[k], sizeof m->target_source[k], "%s%s%s",
                     gt__pg_T(m, "provincial target"), *r->psource[k] ? ": " : "", r->psource[k]);
        else
            snprintf(m->target_source[k], sizeof m->target_source[k], "%s",
                     gt__tr_code(m->L, "indsrc", d->id));
        if (!isnan(p) && t != p)
            gt__log(r->ctx, GT_LOG_WARNING,
                    "progress: the provincial 2030 target of %s (%g) is less strict than the "
                    "national one (%g): the national one applies",
                    d->id, p, d->national_target);
        m->base_year[k] = 0;
        m->base_value[k] = NAN;
    }
    for (int i = 0; i < m->n_years; i++) {
        gt__pg_year *y = &m->years[i];
        y->year = first + i;
        compute_year(r, y, sites);
        for (int k = 0; k < GT__IND_N; k++) {
            const gt__ind_def *d = gt__ind_def_of(k);
            y->target[k] = gt__ind_target_for(d->cmp, d->national_target,
                                              ptarget(r, k, GT__TARGET_YEAR),
                                              ptarget(r, k, y->year), y->year);
            y->met[k] = gt__ind_met(d->cmp, y->v[k].value, y->target[k]);
            if (!isnan(y->v[k].value) && isnan(m->base_value[k])) {
                m->base_value[k] = y->v[k].value;
                m->base_year[k] = y->year;
            }
            y->traj[k] = gt__ind_trajectory(d->cmp, m->base_value[k], m->base_year[k],
                                            y->v[k].value, y->year, m->target2030[k]);
        }
    }
    /* The status at the end of the report year, for the map and the lists. */
    for (int i = 0; i < r->nf; i++)
        sites[i].status = gt__ind_status_at(r->f[i].hist, r->f[i].n_hist, r->o->year);
    m->geoms = calloc((size_t)(r->nf > 0 ? r->nf : 1), sizeof *m->geoms);
    m->cls = calloc((size_t)(r->nf > 0 ? r->nf : 1), sizeof *m->cls);
    if (!m->geoms || !m->cls) {
        free(sites);
        return gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    }
    GEOSContextHandle_t h = gt__geos(r->ctx);
    for (int i = 0; i < r->nf; i++) {
        if (sites[i].status == GT__ST_NONE || !r->f[i].geom)
            continue;
        double x0, y0, x1, y1;
        if (!GEOSGeom_getXMin_r(h, r->f[i].geom, &x0) || !GEOSGeom_getYMin_r(h, r->f[i].geom, &y0) ||
            !GEOSGeom_getXMax_r(h, r->f[i].geom, &x1) || !GEOSGeom_getYMax_r(h, r->f[i].geom, &y1))
            continue;
        if (!m->n_geoms || x0 < m->extent[0])
            m->extent[0] = x0;
        if (!m->n_geoms || y0 < m->extent[1])
            m->extent[1] = y0;
        if (!m->n_geoms || x1 > m->extent[2])
            m->extent[2] = x1;
        if (!m->n_geoms || y1 > m->extent[3])
            m->extent[3] = y1;
        m->geoms[m->n_geoms] = r->f[i].geom;
        gt__site_status s = sites[i].status;
        m->cls[m->n_geoms++] = gt__ind_site_done(r->f[i].k, s) ? 0 : s == GT__ST_OPERATING ? 2 : 1;
    }
    free(sites);
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* The tables of the report                                             */
/* ------------------------------------------------------------------ */

static gt_status summary_table(run *r)
{
    gt__pg_model *m = &r->m;
    gt__pg_table *t = &m->summary;
    if (tbl_init(r->ctx, t, 7, GT__IND_N))
        return gt_context_status(r->ctx);
    const char *heads[] = {"Indicator", "Value", "Numerator / denominator", "Communes reporting",
                           "Target", "Status", "Trajectory to 2030"};
    for (int c = 0; c < 7; c++) {
        t->heads[c] = gt__pg_T(m, heads[c]);
        t->right[c] = c >= 1 && c <= 4;
    }
    const gt__pg_year *y = &m->years[m->n_years - 1];
    char b[128], b2[64], b3[64];
    for (int k = 0; k < GT__IND_N; k++) {
        const gt__ind_def *d = gt__ind_def_of(k);
        int row = t->nrow++;
        tbl_set(t, row, 0, gt__pg_ind_name(m->L, k));
        tbl_set(t, row, 1, pct(m, b, sizeof b, y->v[k].value));
        if (y->v[k].communes || y->v[k].den > 0) {
            int d0 = k >= GT__IND_UNSANITARY_REMEDIATED ? 0 : 1;
            snprintf(b, sizeof b, "%s / %s", gt__fmt_num(b2, sizeof b2, m->L, y->v[k].num, d0),
                     gt__fmt_num(b3, sizeof b3, m->L, y->v[k].den, d0));
            tbl_set(t, row, 2, b);
        } else {
            tbl_set(t, row, 2, "–");
        }
        snprintf(b, sizeof b, "%d", y->v[k].communes);
        tbl_set(t, row, 3, b);
        snprintf(b, sizeof b, "%s %s %%", cmp_sign(d->cmp),
                 gt__fmt_num(b2, sizeof b2, m->L, y->target[k], 1));
        tbl_set(t, row, 4, b);
        tbl_set(t, row, 5, met_text(m, y->met[k]));
        tbl_set(t, row, 6, traj_text(m, y->traj[k]));
    }
    return GT_OK;
}

static const char *fac_label(const fac *x)
{
    return x->name && *x->name ? x->name : x->site_id;
}

/* Sites that became closed or remediated in the report year. */
static gt_status done_table(run *r)
{
    gt__pg_model *m = &r->m;
    gt__pg_table *t = &m->done;
    if (tbl_init(r->ctx, t, 7, r->nh))
        return gt_context_status(r->ctx);
    const char *heads[] = {"Site", "Name", "Kind", "Commune", "Status", "Date", "Source"};
    for (int c = 0; c < 7; c++)
        t->heads[c] = gt__pg_T(m, heads[c]);
    char y0[16], y1[16];
    snprintf(y0, sizeof y0, "%04d-01-01", r->o->year);
    snprintf(y1, sizeof y1, "%04d-12-31", r->o->year);
    for (int i = 0; i < r->nh; i++) {
        const hrow *h = &r->h[i];
        if (strcmp(h->date, y0) < 0 || strcmp(h->date, y1) > 0)
            continue;
        if (strcmp(h->status, "closed") && strcmp(h->status, "remediated"))
            continue;
        const fac *x = &r->f[find_fac(r, h->site_id)];
        int row = t->nrow++;
        tbl_set(t, row, 0, x->site_id);
        tbl_set(t, row, 1, fac_label(x));
        tbl_set(t, row, 2, gt__tr_code(m->L, "fkind", x->kind));
        tbl_set(t, row, 3, x->commune);
        tbl_set(t, row, 4, gt__tr_code(m->L, "fstatus", h->status));
        tbl_set(t, row, 5, h->date);
        tbl_set(t, row, 6, h->source);
    }
    return GT_OK;
}

/* Entries dated after the report year: not counted, listed. */
static gt_status later_table(run *r)
{
    gt__pg_model *m = &r->m;
    gt__pg_table *t = &m->later;
    if (tbl_init(r->ctx, t, 4, r->nh))
        return gt_context_status(r->ctx);
    const char *heads[] = {"Site", "Status", "Date", "Source"};
    for (int c = 0; c < 4; c++)
        t->heads[c] = gt__pg_T(m, heads[c]);
    char y1[16];
    snprintf(y1, sizeof y1, "%04d-12-31", r->o->year);
    for (int i = 0; i < r->nh; i++) {
        const hrow *h = &r->h[i];
        if (strcmp(h->date, y1) <= 0)
            continue;
        int row = t->nrow++;
        tbl_set(t, row, 0, h->site_id);
        tbl_set(t, row, 1, gt__tr_code(m->L, "fstatus", h->status));
        tbl_set(t, row, 2, h->date);
        tbl_set(t, row, 3, h->source);
    }
    return GT_OK;
}

/* The sites the plan scheduled for a year <= YEAR not done by its end. */
static gt_status behind_table(run *r)
{
    gt__pg_model *m = &r->m;
    gt__pg_table *t = &m->behind;
    const char *heads[] = {"Site", "Name", "Kind", "Commune", "Planned year",
                           "Status at the end of the year"};
    if (tbl_init(r->ctx, t, 6, r->nf))
        return gt_context_status(r->ctx);
    for (int c = 0; c < 6; c++)
        t->heads[c] = gt__pg_T(m, heads[c]);
    if (!r->o->plan)
        return GT_OK;
    m->plan_given = 1;
    const char *plan = r->o->plan;
    GDALDatasetH ds = GDALOpenEx(plan, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return gt__gdal_error(r->ctx, GT_ERR_INPUT_OPEN, "progress: --plan: cannot open '%s'", plan);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "landfills");
    OGRLayerH pby = GDALDatasetGetLayerByName(ds, "plan_by_year");
    gt_status st = GT_OK;
    int is = l ? OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "site_id") : -1;
    int iy = l ? OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "plan_year") : -1;
    if (!l || !pby || is < 0 || iy < 0) {
        st = gt__error(r->ctx, GT_ERR_INPUT_LAYER,
                       "progress: --plan '%s' is not the output of gistool rank: it has no %s "
                       "(docs/rank.md, Outputs)",
                       plan,
                       !l     ? "layer 'landfills'"
                       : !pby ? "table 'plan_by_year'"
                       : is < 0 ? "field 'site_id' in layer 'landfills'"
                                : "field 'plan_year' in layer 'landfills'");
        GDALClose(ds);
        return st;
    }
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    int unknown = 0;
    char b[32];
    while ((f = OGR_L_GetNextFeature(l))) {
        if (OGR_F_IsFieldSetAndNotNull(f, iy) && OGR_F_GetFieldAsInteger(f, iy) <= r->o->year) {
            int py = OGR_F_GetFieldAsInteger(f, iy);
            int k = find_fac(r, OGR_F_GetFieldAsString(f, is));
            if (k < 0) {
                unknown++;
            } else {
                const fac *x = &r->f[k];
                gt__site_status s = gt__ind_status_at(x->hist, x->n_hist, r->o->year);
                if (gt__ind_behind(py, r->o->year, x->k, s) && t->nrow < r->nf) {
                    int row = t->nrow++;
                    tbl_set(t, row, 0, x->site_id);
                    tbl_set(t, row, 1, fac_label(x));
                    tbl_set(t, row, 2, gt__tr_code(m->L, "fkind", x->kind));
                    tbl_set(t, row, 3, x->commune);
                    snprintf(b, sizeof b, "%d", py);
                    tbl_set(t, row, 4, b);
                    tbl_set(t, row, 5,
                            s == GT__ST_NONE ? gt__pg_T(m, "not in the register")
                                             : gt__tr_code(m->L, "fstatus",
                                                           gt__site_status_name(s)));
                }
            }
        }
        OGR_F_Destroy(f);
    }
    if (unknown)
        gt__log(r->ctx, GT_LOG_WARNING,
                "progress: %d site(s) the plan '%s' schedules by %d are not in the register",
                unknown, plan, r->o->year);
    GDALClose(ds);
    return st;
}

/* Per commune, the report year: the commune indicators and its sites. */
static gt_status commune_table(run *r)
{
    gt__pg_model *m = &r->m;
    gt__pg_table *t = &m->communes;
    if (tbl_init(r->ctx, t, 7, r->nc))
        return gt_context_status(r->ctx);
    const char *heads[] = {"Commune", "Area", "Collected (%)", "Direct landfill (%)",
                           "Households sorting (%)", "Unsanitary landfills remediated",
                           "Polluting dumps closed"};
    for (int c = 0; c < 7; c++) {
        t->heads[c] = gt__pg_T(m, heads[c]);
        t->right[c] = c >= 2;
    }
    char b[64];
    for (int i = 0; i < r->nc; i++) {
        const crow *c = &r->c[i];
        if (c->year != r->o->year)
            continue;
        int row = t->nrow++;
        tbl_set(t, row, 0, c->commune ? c->commune : c->code);
        tbl_set(t, row, 1, gt__pg_T(m, c->v.urban ? "area:urban" : "area:rural"));
        gt__ind_value v;
        gt__ind_collected(&c->v, 1, c->v.urban, &v);
        tbl_set(t, row, 2, pct(m, b, sizeof b, v.value));
        gt__ind_direct_landfill(&c->v, 1, &v);
        tbl_set(t, row, 3, pct(m, b, sizeof b, v.value));
        gt__ind_sorting(&c->v, 1, &v);
        tbl_set(t, row, 4, pct(m, b, sizeof b, v.value));
        /* Its sites: by commune_code when the facility has one, else by
         * the commune's name. */
        int ud = 0, un = 0, dd = 0, dn = 0;
        for (int k = 0; k < r->nf; k++) {
            const fac *x = &r->f[k];
            bool same = x->commune_code ? c->code && !strcmp(x->commune_code, c->code)
                                        : x->commune && c->commune && !strcmp(x->commune, c->commune);
            if (!same)
                continue;
            gt__site_status s = gt__ind_status_at(x->hist, x->n_hist, r->o->year);
            if (s == GT__ST_NONE)
                continue;
            if (x->k == GT__KIND_UNSANITARY) {
                un++;
                ud += gt__ind_site_done(x->k, s);
            } else if (x->k == GT__KIND_DUMP && x->polluting) {
                dn++;
                dd += gt__ind_site_done(x->k, s);
            }
        }
        snprintf(b, sizeof b, un ? "%d / %d" : "–", ud, un);
        tbl_set(t, row, 5, b);
        snprintf(b, sizeof b, dn ? "%d / %d" : "–", dd, dn);
        tbl_set(t, row, 6, b);
    }
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* The CSV for the ministry's spreadsheets                              */
/* ------------------------------------------------------------------ */

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static gt_status write_csv(run *r, const char *path)
{
    char *tmp = gt__output_stage(r->ctx, path, NULL);
    if (!tmp)
        return gt_context_status(r->ctx);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        gt_status st = gt__error(r->ctx, GT_ERR_OUTPUT, "progress: cannot write '%s': %s", path,
                                 strerror(errno));
        return gt__replace_file(r->ctx, st, tmp, path);
    }
    /* UTF-8 with a byte-order mark: Excel then reads the Vietnamese names. */
    fputs("\xEF\xBB\xBF", f);
    fputs("indicator,name_vi,name_en,year,value,numerator,denominator,communes_reporting,"
          "target,comparison,status,trajectory\r\n",
          f);
    const gt__pg_model *m = &r->m;
    for (int k = 0; k < GT__IND_N; k++) {
        const gt__ind_def *d = gt__ind_def_of(k);
        for (int i = 0; i < m->n_years; i++) {
            const gt__pg_year *y = &m->years[i];
            const gt__ind_value *v = &y->v[k];
            fprintf(f, "%s,", d->id);
            csv_field(f, gt__pg_ind_name(GT__LANG_VI, k));
            fputc(',', f);
            csv_field(f, gt__pg_ind_name(GT__LANG_EN, k));
            fprintf(f, ",%d,", y->year);
            if (isnan(v->value))
                fputs(",,,", f);
            else
                fprintf(f, "%.17g,%.17g,%.17g,", v->value, v->num, v->den);
            fprintf(f, "%d,%.17g,%s,%s,%s\r\n", v->communes, y->target[k],
                    d->cmp == GT__CMP_GE ? ">=" : d->cmp == GT__CMP_GT ? ">" : "<",
                    y->met[k] < 0 ? "no_data" : y->met[k] ? "met" : "not_met",
                    gt__trajectory_name(y->traj[k]));
        }
    }
    gt_status st = GT_OK;
    if (ferror(f) | fclose(f))
        st = gt__error(r->ctx, GT_ERR_OUTPUT, "progress: writing '%s' failed", path);
    return gt__replace_file(r->ctx, st, tmp, path);
}

/* ------------------------------------------------------------------ */
/* The command                                                          */
/* ------------------------------------------------------------------ */

char *gt_progress_default_path(const char *reg, int year, const char *kind)
{
    if (!reg)
        return NULL;
    char dir[4096] = "", stem[1024] = "register";
    if (strncmp(reg, "PG:", 3)) {
        const char *slash = strrchr(reg, '/');
        const char *base = slash ? slash + 1 : reg;
        if (slash)
            snprintf(dir, sizeof dir, "%.*s/", (int)(slash - reg), reg);
        snprintf(stem, sizeof stem, "%s", base);
        char *dot = strrchr(stem, '.');
        if (dot && dot != stem)
            *dot = '\0';
        size_t n = strlen(stem);
        if (n > 9 && !strcmp(stem + n - 9, "-register"))
            stem[n - 9] = '\0';
    }
    return gt__asprintf("%s%s-progress-%d.%s", dir, stem, year, kind);
}

static void run_free(run *r)
{
    GEOSContextHandle_t h = gt__geos(r->ctx);
    for (int i = 0; i < r->nf; i++) {
        free(r->f[i].site_id);
        free(r->f[i].name);
        free(r->f[i].commune);
        free(r->f[i].commune_code);
        free(r->f[i].kind);
        free(r->f[i].hist);
        if (r->f[i].geom)
            GEOSGeom_destroy_r(h, r->f[i].geom);
    }
    free(r->f);
    for (int i = 0; i < r->nh; i++) {
        free(r->h[i].site_id);
        free(r->h[i].status);
        free(r->h[i].date);
        free(r->h[i].source);
    }
    free(r->h);
    for (int i = 0; i < r->nc; i++) {
        free(r->c[i].code);
        free(r->c[i].commune);
    }
    free(r->c);
    gt__pg_table *ts[] = {&r->m.summary, &r->m.done, &r->m.behind, &r->m.communes, &r->m.later};
    for (size_t i = 0; i < sizeof ts / sizeof *ts; i++)
        tbl_free(ts[i]);
    free(r->m.geoms);
    free(r->m.cls);
    for (int i = 0; i < r->n_sql_layers; i++)
        GDALDatasetReleaseResultSet(r->ds, r->sql_layers[i]);
    if (r->ds)
        GDALClose(r->ds);
}

static gt_status progress_write(gt_context *ctx, const gt_progress_options *o, char **written)
{
    GDALAllRegister();
    run r = {.ctx = ctx, .o = o};
    r.m.L = gt__lang_of(o->lang);
    r.m.reg = o->reg;
    r.m.year = o->year;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(r.m.made_utc, sizeof r.m.made_utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
    CPLErrorReset();
    gt__gdal_log_push(ctx);
    r.ds = GDALOpenEx(o->reg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    gt__gdal_log_pop();
    gt_status st = GT_OK;
    if (!r.ds)
        st = gt__gdal_error(ctx, GT_ERR_INPUT_OPEN, "progress: cannot open the register '%s'",
                            o->reg);
    if (!st)
        st = read_meta(&r);
    if (!st)
        st = read_facilities(&r);
    if (!st)
        st = read_history(&r);
    if (!st)
        st = read_indicators(&r);
    if (!st)
        st = read_targets(&r);
    if (!st)
        st = compute(&r);
    if (!st)
        st = summary_table(&r);
    if (!st)
        st = done_table(&r);
    if (!st)
        st = later_table(&r);
    if (!st)
        st = behind_table(&r);
    if (!st)
        st = commune_table(&r);
    char *html = o->output ? strdup(o->output) : gt_progress_default_path(o->reg, o->year, "html");
    char *pdf = o->pdf ? strdup(o->pdf) : gt_progress_default_path(o->reg, o->year, "pdf");
    char *csv = o->csv ? strdup(o->csv) : gt_progress_default_path(o->reg, o->year, "csv");
    char *png = html ? gt__asprintf("%s.map.png", html) : NULL;
    if (!st && (!html || !pdf || !csv || !png))
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    const char *outs[3] = {html, pdf, csv};
    for (int i = 0; !st && i < 3; i++) {
        char *dir = strdup(outs[i]);
        char *sl = dir ? strrchr(dir, '/') : NULL;
        if (sl) {
            *sl = '\0';
            if (*dir && gt__make_dirs(dir))
                st = gt__error(ctx, GT_ERR_OUTPUT, "progress: cannot create the folder '%s': %s",
                               dir, strerror(errno));
        }
        free(dir);
    }
    if (!st)
        st = write_csv(&r, csv);
    if (!st)
        st = gt__pg_render_map(ctx, &r.m, png);
    if (!st)
        st = gt__pg_write_html(ctx, &r.m, html);
    if (!st)
        st = gt__pg_write_pdf(ctx, &r.m, pdf);
    /* The map PNG lives inside the HTML and the PDF only. */
    if (r.m.png_tmp)
        gt__output_discard(r.m.png_tmp);
    free(r.m.png_tmp);
    if (!st)
        *written = gt__asprintf("%s\n%s\n%s", html, pdf, csv);
    free(html);
    free(pdf);
    free(csv);
    free(png);
    run_free(&r);
    return st;
}

gt_status gt_progress_run(gt_context *ctx, const gt_progress_options *o, char **written)
{
    *written = NULL;
    if (o->year < 2000 || o->year > 2100)
        return gt__error(ctx, GT_ERR_USAGE, "progress: --year must be 2000 to 2100 (got %d)",
                         o->year);
    gt_status st = gt__outputs_begin(ctx);
    /* No output may replace what the report reads (`-o reg.gpkg` left the
     * register replaced by the HTML, with exit 0). */
    if (!st) {
        gt__outputs_note_input(o->reg);
        gt__outputs_note_input(o->plan);
        st = gt__outputs_end(ctx, progress_write(ctx, o, written));
    }
    if (st) {
        free(*written);
        *written = NULL;
    }
    return st;
}
