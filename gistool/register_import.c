/*
 * register_import.c: `gistool register import REGISTER TABLE FILE`: the
 * rows of a spreadsheet (XLSX, ODS, CSV) or any OGR layer into a table of
 * the register. Every row is checked first and every problem reported at
 * once with its row number; then all rows are written in one transaction,
 * or none. SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_srs_api.h>

#include "algorithms/text_fold.h"
#include "gistool/national.h"
#include "gistool/rank_stages.h"
#include "gistool/register.h"
#include "gistool/scenario.h"

typedef enum { C_TEXT, C_REAL, C_INT, C_SPECIAL } col_type;

/* A column of a table: its name, the other names a sheet may give it
 * ('|'-separated; the template's Vietnamese heading first), its type. */
typedef struct {
    const char *name, *aliases;
    col_type type;
} column;

enum { F_SITE, F_NAME, F_COMMUNE, F_COMMUNE_CODE, F_KIND, F_POLLUTING, F_CAPACITY, F_AREA,
       F_VOLUME, F_YEARS, F_WASTE, F_LINER, F_COVER, F_LEACHATE, F_BURNING, F_OPENED, F_STATUS,
       F_STATUS_YEAR, F_LON, F_LAT, F_N };
static const column facility_cols[F_N] = {
    {"site_id", "Mã điểm|ma_diem|id", C_TEXT},
    {"name", "Tên|Tên cơ sở", C_TEXT},
    {"commune", "Xã/phường|Xã|Phường", C_TEXT},
    {"commune_code", "Mã xã", C_TEXT},
    {"kind", "Loại cơ sở|type|Loại", C_SPECIAL},
    {"polluting", "Gây ô nhiễm", C_SPECIAL},
    {"capacity_tpd", "Công suất (tấn/ngày)", C_REAL},
    {"area_ha", "Diện tích (ha)", C_REAL},
    {"volume_m3", "Khối lượng (m3)|Khối lượng (m³)", C_REAL},
    {"years_operated", "Số năm hoạt động", C_INT},
    {"waste_type", "Loại chất thải", C_SPECIAL},
    {"liner", "Lót đáy", C_SPECIAL},
    {"cover", "Che phủ", C_SPECIAL},
    {"leachate", "Nước rỉ rác", C_SPECIAL},
    {"burning", "Đốt rác", C_SPECIAL},
    {"opened_year", "Năm bắt đầu hoạt động", C_INT},
    {"status", "Tình trạng", C_SPECIAL},
    {"status_year", "Năm của tình trạng|Năm tình trạng", C_INT},
    {"lon", "Kinh độ|longitude|x", C_SPECIAL},
    {"lat", "Vĩ độ|latitude|y", C_SPECIAL},
};

/* The largest capacity_tpd a facility row may give, tonnes a day. */
#define GT__MAX_CAPACITY_TPD 100000.0

enum { H_SITE, H_STATUS, H_DATE, H_SOURCE, H_NOTE, H_N };
static const column history_cols[H_N] = {
    {"site_id", "Mã điểm|ma_diem", C_TEXT},
    {"status", "Tình trạng", C_SPECIAL},
    {"date", "Ngày|Ngày bắt đầu", C_SPECIAL},
    {"source", "Nguồn (quyết định, báo cáo)|Nguồn", C_TEXT},
    {"note", "Ghi chú", C_TEXT},
};

enum { I_CODE, I_COMMUNE, I_YEAR, I_AREA_TYPE, I_POP, I_HH, I_GEN, I_COLL, I_LANDFILL, I_INC,
       I_COMP, I_REC, I_OTHER, I_SORTING, I_SOURCE, I_N };
static const column indicator_cols[I_N] = {
    {"commune_code", "Mã xã", C_TEXT},
    {"commune", "Xã/phường|Xã", C_TEXT},
    {"year", "Năm", C_INT},
    {"area_type", "Khu vực (thành thị/nông thôn)|Khu vực", C_SPECIAL},
    {"population", "Dân số", C_INT},
    {"households", "Số hộ", C_INT},
    {"generated_tpd", "CTRSH phát sinh (tấn/ngày)|Phát sinh (tấn/ngày)", C_REAL},
    {"collected_tpd", "Thu gom (tấn/ngày)", C_REAL},
    {"landfill_tpd", "Chôn lấp trực tiếp (tấn/ngày)", C_REAL},
    {"incinerated_tpd", "Đốt (tấn/ngày)", C_REAL},
    {"composted_tpd", "Ủ phân compost (tấn/ngày)|Ủ phân (tấn/ngày)", C_REAL},
    {"recycled_tpd", "Tái chế (tấn/ngày)", C_REAL},
    {"other_tpd", "Khác (tấn/ngày)", C_REAL},
    {"households_sorting", "Số hộ phân loại tại nguồn", C_INT},
    {"source", "Nguồn", C_TEXT},
};

enum { T_INDICATOR, T_YEAR, T_VALUE, T_SOURCE, T_N };
static const column target_cols[T_N] = {
    {"indicator", "Chỉ tiêu", C_SPECIAL},
    {"year", "Năm", C_INT},
    {"value", "Giá trị (%)|Giá trị", C_REAL},
    {"source", "Nguồn", C_TEXT},
};

typedef struct {
    const char *name; /* the TABLE operand */
    const char *table;
    const char *vi; /* the template's sheet name */
    const column *cols;
    int n;
} table_def;

static const table_def tables[] = {
    {"facilities", "facilities", "Cơ sở", facility_cols, F_N},
    {"history", "status_history", "Lịch sử tình trạng", history_cols, H_N},
    {"indicators", "commune_indicators", "Chỉ số xã", indicator_cols, I_N},
    {"targets", "targets", "Chỉ tiêu", target_cols, T_N},
};

/* The other kinds of facility as provinces write them (the landfill kinds
 * come from gistool/profiles/vn-inventory-values.yaml). */
static const char *const kind_vi[][2] = {
    {"Lò đốt", "incinerator"},
    {"Lò đốt rác", "incinerator"},
    {"Nhà máy đốt rác", "incinerator"},
    {"Nhà máy điện rác", "incinerator"},
    {"Nhà máy compost", "composting_plant"},
    {"Cơ sở ủ phân compost", "composting_plant"},
    {"Nhà máy chế biến phân compost", "composting_plant"},
    {"Trạm trung chuyển", "transfer_station"},
    {"Điểm tập kết", "collection_point"},
    {"Điểm tập kết rác", "collection_point"},
    {"Điểm tập kết chất thải rắn sinh hoạt", "collection_point"},
};

/* Everything one import holds. */
typedef struct {
    const gt_register_options *o;
    const table_def *t;
    const char *file;
    gt__register *r;
    GDALDatasetH ds;
    OGRLayerH lyr;
    int idx[F_N]; /* of each column in the layer, or -1 */
    bool sheet;   /* rows of a sheet or CSV (else features) */
    bool csv;
    gt__rank_part *values; /* the Vietnamese values table */
    OGRCoordinateTransformationH ct;
    double vn[4]; /* Viet Nam onshore (EPSG:4756's area of use): W, S, E, N; NAN when unknown */
    /* the register's province: its communes in the national census, to
     * check facilities against (NULL when the census is not installed) */
    char province[128];
    GDALDatasetH census;
    OGRLayerH communes;
    /* problems */
    gt__sbuf list;
    int n_bad, n_problems, shown; /* rows with problems, problems, problems listed */
    long last_bad;                /* the row of the last problem, plus 1 (0: none yet) */
    /* the rows, checked: n_rows x t->n normalised texts, and geometries */
    char **cell;
    OGRGeometryH *geom;
    long *rowno;
    int n_rows, cap;
    /* keys already in the register, and those of the file so far */
    char **keys;
    int n_keys, cap_keys;
    gt__register_status *last;
    int n_last;
} import;

/* How far from its province's communes (2009 census, of low resolution
 * along coasts and borders) a facility may lie, in degrees: about 5 km. */
#define PROVINCE_TOLERANCE_DEG 0.05

static void problem(import *im, long row, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(import *im, long row, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* A row may have several problems: the rows are counted once. */
    if (im->last_bad != row + 1)
        im->n_bad++;
    im->last_bad = row + 1;
    im->n_problems++;
    if (im->list.len < 1500) {
        gt__sbuf_add(&im->list, "\n  %s %ld: %s", im->sheet ? "row" : "feature", row, msg);
        im->shown++;
    }
}

static bool fold_eq(const char *a, const char *b)
{
    char fa[256], fb[256];
    return gt__text_fold(a, true, fa, sizeof fa) && gt__text_fold(b, true, fb, sizeof fb) &&
           !strcmp(fa, fb);
}

static bool name_matches(const column *c, const char *field)
{
    if (fold_eq(c->name, field))
        return true;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", c->aliases);
    for (char *save = NULL, *a = strtok_r(buf, "|", &save); a; a = strtok_r(NULL, "|", &save))
        if (fold_eq(a, field))
            return true;
    return false;
}

static bool key_has(const import *im, const char *key)
{
    for (int i = 0; i < im->n_keys; i++)
        if (!strcmp(im->keys[i], key))
            return true;
    return false;
}

static bool key_add(gt_context *ctx, import *im, const char *key)
{
    if (im->n_keys == im->cap_keys) {
        int cap = im->cap_keys ? 2 * im->cap_keys : 64;
        char **nk = realloc(im->keys, sizeof *nk * (size_t)cap);
        if (!nk)
            return false;
        im->keys = nk, im->cap_keys = cap;
    }
    return (im->keys[im->n_keys] = gt__strdup(ctx, key)) && ++im->n_keys;
}

static bool key_row(gt_context *ctx, OGRFeatureH f, void *arg)
{
    import *im = arg;
    char key[512];
    snprintf(key, sizeof key, "%s|%s", OGR_F_GetFieldAsString(f, 0),
             OGR_F_GetFieldCount(f) > 1 ? OGR_F_GetFieldAsString(f, 1) : "");
    return key_add(ctx, im, key);
}

/* ------------------------------------------------------------------ */
/* Opening the file                                                     */
/* ------------------------------------------------------------------ */

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), m = strlen(ext);
    return n > m && !strcasecmp(path + n - m, ext);
}

static gt_status open_file(gt_context *ctx, import *im)
{
    const char *file = im->file;
    if (access(file, R_OK) != 0)
        return gt__error(ctx, GT_ERR_INPUT_OPEN,
                         "register import: cannot open '%s': no such file or not readable", file);
    /* A folder may be a layer (a shapefile's); a pipe or a device is not,
     * and an empty file is not a table with no rows but no table at all. */
    const char *kind = gt__not_a_file(file);
    if (kind && strcmp(kind, "folder"))
        return gt__error(ctx, GT_ERR_INPUT_OPEN,
                         "register import: '%s' is a %s, not a file or layer GDAL can read", file,
                         kind);
    struct stat sb;
    if (!kind && stat(file, &sb) == 0 && sb.st_size == 0)
        return gt__error(ctx, GT_ERR_INPUT_FIELD, "register import: '%s' is empty (0 bytes)",
                         file);
    bool sheet = has_ext(file, ".xlsx") || has_ext(file, ".ods");
    im->csv = has_ext(file, ".csv");
    im->sheet = sheet || im->csv;
    /* Every cell as text: a commune code keeps its leading zeros, and the
     * checks below read numbers and dates the same way in every format. */
    /* GDAL 3.6's XLSX and ODS drivers take these as configuration options
     * (read when a sheet is first read; reset by import_free). */
    if (sheet) {
        const char *pre = has_ext(file, ".ods") ? "OGR_ODS" : "OGR_XLSX";
        char key[32];
        snprintf(key, sizeof key, "%s_HEADERS", pre);
        CPLSetThreadLocalConfigOption(key, "FORCE");
        snprintf(key, sizeof key, "%s_FIELD_TYPES", pre);
        CPLSetThreadLocalConfigOption(key, "STRING");
    }
    const char *csv_opts[] = {"AUTODETECT_TYPE=NO", NULL};
    CPLErrorReset();
    im->ds = GDALOpenEx(file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                        im->csv ? csv_opts : NULL, NULL);
    if (!im->ds)
        return gt__gdal_error(ctx, GT_ERR_INPUT_OPEN,
                              "register import: '%s' is not a table or layer GDAL can open", file);
    const char *want = im->o->layer;
    if (want) {
        im->lyr = GDALDatasetGetLayerByName(im->ds, want);
        if (!im->lyr)
            return gt__error(ctx, GT_ERR_INPUT_LAYER, "register import: '%s' has no layer '%s'",
                             file, want);
    } else {
        for (int i = 0; !im->lyr && i < GDALDatasetGetLayerCount(im->ds); i++) {
            OGRLayerH l = GDALDatasetGetLayer(im->ds, i);
            if (fold_eq(OGR_L_GetName(l), im->t->name) || fold_eq(OGR_L_GetName(l), im->t->vi) ||
                fold_eq(OGR_L_GetName(l), im->t->table))
                im->lyr = l;
        }
        if (!im->lyr)
            im->lyr = GDALDatasetGetLayer(im->ds, 0);
        if (!im->lyr)
            return gt__error(ctx, GT_ERR_INPUT_LAYER, "register import: '%s' has no layer", file);
    }
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(im->lyr);
    /* A column by its own name first, else by one of its other names; two
     * columns that both give it (Xã and Phường, or Site_ID and site_id)
     * are an error: taking the first one silently dropped the other's
     * values (with `id` before `site_id`, the sites were called 1, 2, 3). */
    for (int k = 0; k < im->t->n; k++) {
        im->idx[k] = -1;
        for (int pass = 0; pass < 2 && im->idx[k] < 0; pass++) {
            const column *c = &im->t->cols[k];
            for (int i = 0; i < OGR_FD_GetFieldCount(d); i++) {
                const char *fn = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
                if (pass == 0 ? !fold_eq(c->name, fn) : !name_matches(c, fn))
                    continue;
                if (im->idx[k] >= 0)
                    return gt__error(
                        ctx, GT_ERR_INPUT_FIELD,
                        "register import: layer '%s' of '%s': columns '%s' and '%s' both give "
                        "%s; rename or remove one of them",
                        OGR_L_GetName(im->lyr), file,
                        OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, im->idx[k])), fn, c->name);
                im->idx[k] = i;
            }
        }
    }
    /* The key columns must be there. */
    const char *need = im->t->cols == target_cols ? "indicator"
                       : im->t->cols == indicator_cols ? "commune_code"
                                                       : "site_id";
    if (im->idx[0] < 0)
        return gt__error(ctx, GT_ERR_INPUT_FIELD,
                         "register import: layer '%s' of '%s' has no column %s (or one of: %s)",
                         OGR_L_GetName(im->lyr), file, need, im->t->cols[0].aliases);
    if (im->t->cols == facility_cols) {
        bool geom = OGR_L_GetGeomType(im->lyr) != wkbNone;
        if (!geom && (im->idx[F_LON] < 0 || im->idx[F_LAT] < 0))
            return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                             "register import: layer '%s' of '%s' has no geometry and no lon "
                             "and lat columns (Kinh độ, Vĩ độ)",
                             OGR_L_GetName(im->lyr), file);
        OGRSpatialReferenceH src = geom ? OGR_L_GetSpatialRef(im->lyr) : NULL;
        if (geom && !src)
            return gt__error(ctx, GT_ERR_INPUT_CRS,
                             "register import: layer '%s' of '%s' has no CRS",
                             OGR_L_GetName(im->lyr), file);
        if (src) {
            OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
            OSRImportFromEPSG(wgs, 4326);
            OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
            OGRSpatialReferenceH s2 = OSRClone(src);
            OSRSetAxisMappingStrategy(s2, OAMS_TRADITIONAL_GIS_ORDER);
            if (!OSRIsSame(s2, wgs))
                im->ct = OCTNewCoordinateTransformation(s2, wgs);
            OSRDestroySpatialReference(s2);
            OSRDestroySpatialReference(wgs);
        }
        if (im->idx[F_KIND] < 0)
            return gt__error(ctx, GT_ERR_INPUT_FIELD,
                             "register import: layer '%s' of '%s' has no column kind (or type, "
                             "Loại cơ sở)",
                             OGR_L_GetName(im->lyr), file);
    }
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* Checking one row                                                     */
/* ------------------------------------------------------------------ */

/* The code a category value means: the code itself, or the Vietnamese
 * value the shipped table maps (with or without marks). */
static const char *category(const import *im, gt__spr_category c, const char *v)
{
    const char *code = gt__value_map_find(&im->values->values[c], v, false);
    if (!code)
        code = gt__value_map_find(&im->values->values[c], v, true);
    return code;
}

static const char *yes_no(const char *v)
{
    const char *yes[] = {"yes", "true", "1", "có", "co", NULL},
               *no[] = {"no", "false", "0", "không", "khong", NULL};
    for (int i = 0; yes[i]; i++)
        if (fold_eq(v, yes[i]))
            return "yes";
    for (int i = 0; no[i]; i++)
        if (fold_eq(v, no[i]))
            return "no";
    return NULL;
}

static const char *const waste_codes[] = {"household", "hazardous", "industrial", "mixed", NULL};
static const char *const yes_no_codes[] = {"yes", "no", NULL};
static const char *const yes_no_unknown_codes[] = {"yes", "no", "unknown", NULL};
static const char *const cover_codes[] = {"none", "partial", "full", NULL};

static bool number(const char *text, double *v)
{
    return gt__parse_number(text, v);
}

/* A number cell normalised to text ("1,5" -> "1.5"), or a problem. */
static char *number_cell(gt_context *ctx, import *im, long row, const column *c, const char *v,
                         bool *ok)
{
    double x;
    if (!number(v, &x)) {
        problem(im, row, "%s '%s' is not a number", c->name, v);
        *ok = false;
        return NULL;
    }
    if (x < 0) {
        problem(im, row, "%s is negative (%s); it must be 0 or more", c->name, v);
        *ok = false;
        return NULL;
    }
    if (c->type == C_INT && x != floor(x)) {
        problem(im, row, "%s '%s' is not a whole number", c->name, v);
        *ok = false;
        return NULL;
    }
    char buf[64];
    snprintf(buf, sizeof buf, c->type == C_INT ? "%.0f" : "%.17g", x);
    return gt__strdup(ctx, buf);
}

/* The row's cells as text (trimmed copies, caller frees; NULL when
 * empty). GDAL's text of a number lives only until the next call. */
static void row_texts(const import *im, OGRFeatureH f, char **v)
{
    for (int k = 0; k < im->t->n; k++) {
        const char *s = im->idx[k] >= 0 && OGR_F_IsFieldSetAndNotNull(f, im->idx[k])
                            ? OGR_F_GetFieldAsString(f, im->idx[k])
                            : NULL;
        while (s && isspace((unsigned char)*s))
            s++;
        v[k] = s && *s ? strdup(s) : NULL;
        size_t n = v[k] ? strlen(v[k]) : 0;
        while (n && isspace((unsigned char)v[k][n - 1]))
            v[k][--n] = '\0';
    }
}

static gt_status check_facility(gt_context *ctx, import *im, long row, const char **v, char **out,
                                OGRFeatureH f, OGRGeometryH *g)
{
    bool ok = true;
    const char *id = v[F_SITE];
    if (!id) {
        problem(im, row, "no site_id");
        return GT_OK;
    }
    char key[512];
    snprintf(key, sizeof key, "%s|", id);
    if (key_has(im, key)) {
        problem(im, row, "site %s: site_id appears twice (in the file or already in the register)",
                id);
        ok = false;
    } else if (!key_add(ctx, im, key)) {
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    for (int k = 0; k < F_N; k++) {
        const column *c = &facility_cols[k];
        if (!v[k] || k == F_LON || k == F_LAT)
            continue;
        if (c->type == C_TEXT) {
            out[k] = gt__strdup(ctx, v[k]);
        } else if (c->type == C_REAL || c->type == C_INT) {
            out[k] = number_cell(ctx, im, row, c, v[k], &ok);
        }
    }
    /* The bounds gistool rank holds a site to: a register row rank would
     * refuse (area_ha 1e300, years_operated 1e9) is refused here, not
     * imported with exit 0 to fail every later rank run. */
    const struct {
        int k;
        gt__inventory_field f;
    } bounded[] = {{F_AREA, GT__INVENTORY_AREA_HA},
                   {F_VOLUME, GT__INVENTORY_VOLUME_M3},
                   {F_YEARS, GT__INVENTORY_YEARS_OPERATED}};
    for (size_t i = 0; i < sizeof bounded / sizeof *bounded; i++) {
        double lo, hi, x;
        gt__inventory_range(bounded[i].f, &lo, &hi);
        if (out[bounded[i].k] && number(out[bounded[i].k], &x) && (x < lo || x > hi)) {
            problem(im, row, "site %s: %s %s is outside %g to %g (as gistool rank reads it)", id,
                    facility_cols[bounded[i].k].name, v[bounded[i].k], lo, hi);
            ok = false;
        }
    }
    /* validation: no landfill takes 1e5 t a day (the world's largest take
     * about 1e4; Việt Nam's, Nam Sơn, about 5e3): beyond it a wrong unit
     * (kg a day) or a typo. */
    double tpd;
    if (out[F_CAPACITY] && number(out[F_CAPACITY], &tpd) && tpd > GT__MAX_CAPACITY_TPD) {
        problem(im, row, "site %s: capacity_tpd %s is more than %g t a day (a wrong unit?)", id,
                v[F_CAPACITY], GT__MAX_CAPACITY_TPD);
        ok = false;
    }
    /* kind */
    const char *kind = v[F_KIND];
    if (!kind) {
        problem(im, row, "site %s: no kind (type)", id);
        ok = false;
    } else {
        const char *code = gt__reg_index(gt__reg_kind_names, kind) >= 0
                               ? kind
                               : category(im, GT__CATEGORY_TYPE, kind);
        for (size_t i = 0; !code && i < sizeof kind_vi / sizeof *kind_vi; i++)
            if (fold_eq(kind, kind_vi[i][0]))
                code = kind_vi[i][1];
        if (!code) {
            problem(im, row,
                    "site %s: kind '%s' is not one of: unsanitary_landfill, spontaneous_dump, "
                    "sanitary_landfill, incinerator, composting_plant, transfer_station, "
                    "collection_point (or a Vietnamese name of one)",
                    id, kind);
            ok = false;
        } else {
            out[F_KIND] = gt__strdup(ctx, code);
        }
    }
    /* polluting */
    if (v[F_POLLUTING]) {
        const char *yn = yes_no(v[F_POLLUTING]);
        if (!yn) {
            problem(im, row, "site %s: polluting '%s' is not 1/0 (yes/no, có/không)", id,
                    v[F_POLLUTING]);
            ok = false;
        } else {
            out[F_POLLUTING] = gt__strdup(ctx, !strcmp(yn, "yes") ? "1" : "0");
        }
    } else {
        out[F_POLLUTING] = gt__strdup(ctx, "1");
    }
    /* the categories of the rank inventory */
    const struct {
        int k;
        gt__spr_category c;
        const char *const *codes;
        bool yn;
    } cats[] = {{F_WASTE, GT__CATEGORY_WASTE, waste_codes, false},
                {F_LINER, GT__CATEGORY_LINER, yes_no_codes, true},
                {F_COVER, GT__CATEGORY_COVER, cover_codes, false},
                {F_LEACHATE, GT__CATEGORY_LEACHATE, yes_no_unknown_codes, true},
                {F_BURNING, GT__CATEGORY_BURNING, yes_no_unknown_codes, true}};
    for (size_t i = 0; i < sizeof cats / sizeof *cats; i++) {
        const char *val = v[cats[i].k];
        if (!val)
            continue;
        const char *code = gt__reg_index(cats[i].codes, val) >= 0 ? val : NULL;
        if (!code)
            code = category(im, cats[i].c, val);
        if (!code && cats[i].yn)
            code = yes_no(val);
        if (!code || gt__reg_index(cats[i].codes, code) < 0) {
            char list[128] = "";
            for (int j = 0; cats[i].codes[j]; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                         cats[i].codes[j]);
            problem(im, row, "site %s: %s '%s' is not one of: %s", id,
                    facility_cols[cats[i].k].name, val, list);
            ok = false;
        } else {
            out[cats[i].k] = gt__strdup(ctx, code);
        }
    }
    if (out[F_OPENED] && (atoi(out[F_OPENED]) < 1900 || atoi(out[F_OPENED]) > 2199)) {
        problem(im, row, "site %s: opened_year %s is not a year", id, out[F_OPENED]);
        ok = false;
    }
    /* status and its date */
    const char *status = v[F_STATUS] ? v[F_STATUS] : "operating";
    const char *scode = gt__reg_index(gt__reg_status_names, status) >= 0
                            ? status
                            : category(im, GT__CATEGORY_STATUS, status);
    if (!scode) {
        problem(im, row,
                "site %s: status '%s' is not one of: operating, closed, remediating, remediated",
                id, status);
        ok = false;
    } else {
        free(out[F_STATUS]);
        out[F_STATUS] = gt__strdup(ctx, scode);
    }
    char date[11] = "";
    if (out[F_STATUS_YEAR]) {
        int y = atoi(out[F_STATUS_YEAR]);
        if (y < 1900 || y > 2199) {
            problem(im, row, "site %s: status_year %s is not a year", id, out[F_STATUS_YEAR]);
            ok = false;
        } else {
            snprintf(date, sizeof date, "%04d-12-31", y);
        }
    } else if (im->o->status_date) {
        snprintf(date, sizeof date, "%s", im->o->status_date);
    } else if (ok) {
        problem(im, row,
                "site %s: no status_year, and no --status-date for the date of its status", id);
        ok = false;
    }
    /* validation: a site is not closed (or operating) before it opened */
    if (*date && out[F_OPENED] && atoi(out[F_OPENED]) > atoi(date)) {
        problem(im, row, "site %s: opened_year %s is after the date of its status, %s", id,
                out[F_OPENED], date);
        ok = false;
    }
    free(out[F_STATUS_YEAR]);
    out[F_STATUS_YEAR] = *date ? gt__strdup(ctx, date) : NULL; /* now the status date */
    /* geometry */
    if (im->idx[F_LON] >= 0 && im->idx[F_LAT] >= 0 && OGR_L_GetGeomType(im->lyr) == wkbNone) {
        double lon, lat;
        if (!v[F_LON] || !v[F_LAT] || !number(v[F_LON], &lon) || !number(v[F_LAT], &lat) ||
            fabs(lon) > 180 || fabs(lat) > 90) {
            problem(im, row, "site %s: lon '%s', lat '%s' is not a coordinate (WGS 84 degrees)",
                    id, v[F_LON] ? v[F_LON] : "", v[F_LAT] ? v[F_LAT] : "");
            ok = false;
        } else {
            *g = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(*g, 0, lon, lat);
        }
    } else {
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (!og || OGR_G_IsEmpty(og)) {
            problem(im, row, "site %s has no geometry", id);
            ok = false;
        } else {
            *g = OGR_G_Clone(og);
            OGR_G_FlattenTo2D(*g);
            if (im->ct && OGR_G_Transform(*g, im->ct) != OGRERR_NONE) {
                problem(im, row, "site %s: the geometry cannot be transformed to WGS 84", id);
                ok = false;
            }
        }
    }
    /* validation: a point in another country (or lon and lat swapped)
     * would be counted by gistool progress as the province's. */
    OGREnvelope e;
    if (ok && *g)
        OGR_G_GetEnvelope(*g, &e);
    if (ok && *g && !isnan(im->vn[0])) {
        if (e.MinX < im->vn[0] || e.MinY < im->vn[1] || e.MaxX > im->vn[2] || e.MaxY > im->vn[3]) {
            problem(im, row,
                    "site %s at %.5f, %.5f (lon, lat) lies outside Viet Nam onshore (%.2f to "
                    "%.2f E, %.2f to %.2f N: the area of use of VN-2000, EPSG:4756); are its "
                    "coordinates or its CRS right?",
                    id, (e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2, im->vn[0], im->vn[2],
                    im->vn[1], im->vn[3]);
            ok = false;
        }
    }
    /* validation: a facility of another province would be counted by
     * gistool progress as this one's (gistool rank refuses it later). */
    if (ok && *g && im->communes) {
        double x = (e.MinX + e.MaxX) / 2, y = (e.MinY + e.MaxY) / 2, d = PROVINCE_TOLERANCE_DEG;
        OGR_L_SetSpatialFilterRect(im->communes, x - d, y - d, x + d, y + d);
        OGR_L_ResetReading(im->communes);
        OGRFeatureH c = OGR_L_GetNextFeature(im->communes);
        if (c)
            OGR_F_Destroy(c);
        else
            problem(im, row,
                    "site %s at %.5f, %.5f (lon, lat) is not within about 5 km (%.2f degrees) of "
                    "any commune of %s in the 2009 census: is it the province's, and are its "
                    "coordinates right?",
                    id, x, y, d, im->province);
    }
    (void)ok;
    return GT_OK;
}

static bool meta_row(gt_context *ctx, OGRFeatureH f, void *arg)
{
    (void)ctx;
    char(*kv)[128] = arg;
    const char *k = OGR_F_GetFieldAsString(f, 0), *v = OGR_F_GetFieldAsString(f, 1);
    snprintf(kv[!strcmp(k, "province") ? 0 : 1], sizeof kv[0], "%s", v);
    return true;
}

/* Where the register's facilities may lie, for check_facility: Viet Nam
 * onshore, and the communes of the register's province in the national
 * census; without the census (not installed), Viet Nam alone, and the log
 * says so. */
static gt_status open_province(gt_context *ctx, import *im)
{
    /* Viet Nam: the EPSG dataset's area of use of VN-2000 (EPSG:4756,
     * "Vietnam - onshore"), as PROJ's database gives it. */
    for (int k = 0; k < 4; k++)
        im->vn[k] = NAN;
    OGRSpatialReferenceH vn = OSRNewSpatialReference(NULL);
    const char *area = NULL;
    if (vn && OSRImportFromEPSG(vn, 4756) == OGRERR_NONE &&
        !OSRGetAreaOfUse(vn, &im->vn[0], &im->vn[1], &im->vn[2], &im->vn[3], &area))
        for (int k = 0; k < 4; k++)
            im->vn[k] = NAN;
    if (vn)
        OSRDestroySpatialReference(vn);
    char kv[2][128] = {"", ""}; /* province, province_code */
    gt_status st = gt__register_query(
        ctx, im->r,
        "SELECT key, value FROM register_meta WHERE key IN ('province', 'province_code')", meta_row,
        kv);
    if (st)
        return st;
    const gt_vn2000_preset *p = gt_vn2000_lookup(ctx, kv[1][0] ? kv[1] : kv[0]);
    if (!p) {
        gt__log(ctx, GT_LOG_WARNING,
                "register import: the register's province '%s' is not a known province: "
                "facilities are checked against Viet Nam's extent only",
                kv[0]);
        return GT_OK;
    }
    /* A register kept from before the 2025 mergers holds the facilities of
     * the province its own is now part of. */
    p = gt__province_successor(p);
    if (p->former && strchr(p->former, ','))
        snprintf(im->province, sizeof im->province, "%s (former %s)", p->name, p->former);
    else
        snprintf(im->province, sizeof im->province, "%s", p->name);
    char *dir = gt__national_dir(NULL);
    char *path = dir ? gt__asprintf("%s/%s", dir, GT__CENSUS_FILE) : NULL;
    free(dir);
    if (!path)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    if (access(path, R_OK) != 0) {
        gt__log(ctx, GT_LOG_WARNING,
                "register import: no national census at '%s' (GISTOOL_NATIONAL): facilities "
                "are checked against Viet Nam's extent only, not against %s",
                path, im->province);
        free(path);
        return GT_OK;
    }
    char *members[GT__PROVINCE_MEMBERS_MAX] = {0}, *names[GT__PROVINCE_MEMBERS_MAX] = {0};
    int n = gt__province_members(ctx, p, members);
    im->census = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (n < 0)
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    else if (!im->census ||
             !(im->communes = GDALDatasetGetLayerByName(im->census, GT__CENSUS_LAYER)))
        st = gt__gdal_error(ctx, GT_ERR_INPUT_OPEN,
                            "register import: the national census '%s' cannot be read", path);
    else
        st = gt__census_names(ctx, "register import", im->census, path, members, n, names);
    gt__sbuf where = {0};
    for (int m = 0; !st && m < n; m++) {
        gt__sbuf_add(&where, "%s", m ? ", " : "province_vn IN (");
        gt__sql_literal(&where, names[m]);
    }
    gt__sbuf_add(&where, ")");
    if (!st && (where.nomem || OGR_L_SetAttributeFilter(im->communes, where.s) != OGRERR_NONE))
        st = gt__gdal_error(ctx, GT_ERR_INPUT_FIELD,
                            "register import: the national census '%s' cannot be filtered", path);
    free(where.s);
    for (int m = 0; m < GT__PROVINCE_MEMBERS_MAX; m++) {
        free(members[m]);
        free(names[m]);
    }
    free(path);
    if (st)
        im->communes = NULL;
    return st;
}

static int find_last(const import *im, const char *id)
{
    for (int i = 0; i < im->n_last; i++)
        if (!strcmp(im->last[i].site_id, id))
            return i;
    return -1;
}

static gt_status check_history(gt_context *ctx, import *im, long row, const char **v, char **out)
{
    const char *id = v[H_SITE];
    if (!id) {
        problem(im, row, "no site_id");
        return GT_OK;
    }
    char key[512];
    snprintf(key, sizeof key, "%s|", id);
    if (!key_has(im, key)) {
        problem(im, row, "site %s is not in the register (import it in facilities first)", id);
        return GT_OK;
    }
    const char *status = v[H_STATUS];
    const char *scode = !status                                              ? NULL
                        : gt__reg_index(gt__reg_status_names, status) >= 0 ? status
                                                                           : category(im, GT__CATEGORY_STATUS, status);
    char date[11];
    if (!scode) {
        problem(im, row,
                "site %s: status '%s' is not one of: operating, closed, remediating, remediated",
                id, status ? status : "");
        return GT_OK;
    }
    if (!v[H_DATE] || !gt__reg_date_normalise(v[H_DATE], date)) {
        problem(im, row, "site %s: date '%s' is not a date (YYYY-MM-DD, DD/MM/YYYY or a year)",
                id, v[H_DATE] ? v[H_DATE] : "");
        return GT_OK;
    }
    int i = find_last(im, id);
    gt__reg_last last = {-1, ""};
    if (i >= 0) {
        last.status = im->last[i].status;
        snprintf(last.date, sizeof last.date, "%s", im->last[i].date);
    }
    /* validation: the same status on the same day as the site's latest
     * entry is a row given twice, or a file imported again; it would be
     * a second, identical entry of the history. */
    if (gt__reg_repeats(&last, scode, date)) {
        problem(im, row,
                "site %s: %s on %s repeats the site's latest entry (a row given twice, or a "
                "file imported before?)",
                id, scode, date);
        return GT_OK;
    }
    char why[512];
    if (!gt__reg_step(&last, scode, date, v[H_NOTE], why, sizeof why)) {
        problem(im, row, "site %s: %s", id, why);
        return GT_OK;
    }
    if (i < 0) { /* remember the site's new latest entry for its next rows */
        gt__register_status *nl = realloc(im->last, sizeof *nl * (size_t)(im->n_last + 1));
        if (!nl)
            return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        im->last = nl;
        i = im->n_last++;
        memset(&im->last[i], 0, sizeof im->last[i]);
        im->last[i].site_id = gt__strdup(ctx, id);
    }
    im->last[i].status = last.status;
    snprintf(im->last[i].date, sizeof im->last[i].date, "%s", last.date);
    out[H_SITE] = gt__strdup(ctx, id);
    out[H_STATUS] = gt__strdup(ctx, scode);
    out[H_DATE] = gt__strdup(ctx, date);
    out[H_NOTE] = v[H_NOTE] ? gt__strdup(ctx, v[H_NOTE]) : NULL;
    if (v[H_SOURCE])
        out[H_SOURCE] = gt__strdup(ctx, v[H_SOURCE]);
    else
        out[H_SOURCE] = gt__asprintf("import: %s, row %ld", im->file, row);
    return GT_OK;
}

static const char *area_type(const char *v)
{
    const char *urban[] = {"urban", "thành thị", "đô thị", "phường", "thị trấn", NULL};
    const char *rural[] = {"rural", "nông thôn", "xã", NULL};
    for (int i = 0; urban[i]; i++)
        if (fold_eq(v, urban[i]))
            return "urban";
    for (int i = 0; rural[i]; i++)
        if (fold_eq(v, rural[i]))
            return "rural";
    return NULL;
}

static gt_status check_indicators(gt_context *ctx, import *im, long row, const char **v,
                                  char **out)
{
    bool ok = true;
    const char *code = v[I_CODE];
    if (!code) {
        problem(im, row, "no commune_code");
        return GT_OK;
    }
    for (int k = 0; k < I_N; k++) {
        const column *c = &indicator_cols[k];
        if (v[k] && c->type == C_TEXT)
            out[k] = gt__strdup(ctx, v[k]);
        else if (v[k] && (c->type == C_INT || c->type == C_REAL))
            out[k] = number_cell(ctx, im, row, c, v[k], &ok);
    }
    if (!out[I_YEAR] || atoi(out[I_YEAR]) < 1900 || atoi(out[I_YEAR]) > 2199) {
        if (ok)
            problem(im, row, "commune %s: year '%s' is not a year", code,
                    v[I_YEAR] ? v[I_YEAR] : "");
        return GT_OK;
    }
    const char *at = v[I_AREA_TYPE] ? area_type(v[I_AREA_TYPE]) : NULL;
    if (!at) {
        problem(im, row, "commune %s: area_type '%s' is not urban or rural (thành thị/nông thôn)",
                code, v[I_AREA_TYPE] ? v[I_AREA_TYPE] : "");
        ok = false;
    } else {
        out[I_AREA_TYPE] = gt__strdup(ctx, at);
    }
    if (!ok)
        return GT_OK;
    gt__reg_indicators ind;
    double *fields[] = {&ind.population,      &ind.households,    &ind.generated_tpd,
                        &ind.collected_tpd,   &ind.landfill_tpd,  &ind.incinerated_tpd,
                        &ind.composted_tpd,   &ind.recycled_tpd,  &ind.other_tpd,
                        &ind.households_sorting};
    for (int k = I_POP; k <= I_SORTING; k++)
        *fields[k - I_POP] = out[k] ? strtod(out[k], NULL) : NAN;
    char why[256];
    if (!gt__reg_indicators_check(&ind, why, sizeof why)) {
        problem(im, row, "commune %s, %s: %s", code, out[I_YEAR], why);
        return GT_OK;
    }
    char key[512];
    snprintf(key, sizeof key, "%s|%s", code, out[I_YEAR]);
    if (key_has(im, key))
        problem(im, row, "commune %s, %s appears twice (in the file or already in the register)",
                code, out[I_YEAR]);
    else if (!key_add(ctx, im, key))
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    return GT_OK;
}

static gt_status check_target(gt_context *ctx, import *im, long row, const char **v, char **out)
{
    bool ok = true;
    const char *ind = v[T_INDICATOR];
    if (!ind || gt__reg_index(gt__reg_target_names, ind) < 0) {
        problem(im, row,
                "indicator '%s' is not one of: collected_urban_pct, collected_rural_pct, "
                "direct_landfill_pct, unsanitary_remediated_pct, dumps_closed_pct, "
                "households_sorting_pct",
                ind ? ind : "");
        return GT_OK;
    }
    out[T_INDICATOR] = gt__strdup(ctx, ind);
    for (int k = T_YEAR; k < T_N; k++) {
        const column *c = &target_cols[k];
        if (v[k] && c->type == C_TEXT)
            out[k] = gt__strdup(ctx, v[k]);
        else if (v[k])
            out[k] = number_cell(ctx, im, row, c, v[k], &ok);
    }
    if (!ok)
        return GT_OK;
    if (!out[T_YEAR] || atoi(out[T_YEAR]) < 1900 || atoi(out[T_YEAR]) > 2199) {
        problem(im, row, "%s: year '%s' is not a year", ind, v[T_YEAR] ? v[T_YEAR] : "");
        return GT_OK;
    }
    if (!out[T_VALUE] || strtod(out[T_VALUE], NULL) > 100) {
        problem(im, row, "%s, %s: value '%s' is not a percentage 0 to 100", ind, out[T_YEAR],
                v[T_VALUE] ? v[T_VALUE] : "");
        return GT_OK;
    }
    char key[512];
    snprintf(key, sizeof key, "%s|%s", ind, out[T_YEAR]);
    if (key_has(im, key))
        problem(im, row, "%s, %s appears twice (in the file or already in the register)", ind,
                out[T_YEAR]);
    else if (!key_add(ctx, im, key))
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    return GT_OK;
}

/* Read and check every row; the good ones are kept for writing. */
static gt_status check_rows(gt_context *ctx, import *im)
{
    int n = im->t->n;
    OGR_L_ResetReading(im->lyr);
    OGRFeatureH f;
    gt_status st = GT_OK;
    while (!st && (f = OGR_L_GetNextFeature(im->lyr))) {
        long row = im->csv ? (long)OGR_F_GetFID(f) + 1 : (long)OGR_F_GetFID(f);
        char *cells[F_N] = {0};
        const char **v = (const char **)cells;
        row_texts(im, f, cells);
        bool empty = true;
        for (int k = 0; k < n; k++)
            empty &= !v[k];
        if (empty) { /* a blank line of a sheet */
            for (int k = 0; k < n; k++)
                free(cells[k]);
            OGR_F_Destroy(f);
            continue;
        }
        if (im->n_rows == im->cap) {
            int cap = im->cap ? 2 * im->cap : 64;
            char **nc = realloc(im->cell, sizeof *nc * (size_t)cap * (size_t)n);
            OGRGeometryH *ng = realloc(im->geom, sizeof *ng * (size_t)cap);
            long *nr = realloc(im->rowno, sizeof *nr * (size_t)cap);
            if (nc)
                im->cell = nc;
            if (ng)
                im->geom = ng;
            if (nr)
                im->rowno = nr;
            if (!nc || !ng || !nr) {
                for (int k = 0; k < n; k++)
                    free(cells[k]);
                OGR_F_Destroy(f);
                return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
            }
            im->cap = cap;
        }
        char **out = &im->cell[(size_t)im->n_rows * (size_t)n];
        memset(out, 0, sizeof *out * (size_t)n);
        im->geom[im->n_rows] = NULL;
        im->rowno[im->n_rows] = row;
        im->n_rows++;
        if (im->t->cols == facility_cols)
            st = check_facility(ctx, im, row, v, out, f, &im->geom[im->n_rows - 1]);
        else if (im->t->cols == history_cols)
            st = check_history(ctx, im, row, v, out);
        else if (im->t->cols == indicator_cols)
            st = check_indicators(ctx, im, row, v, out);
        else
            st = check_target(ctx, im, row, v, out);
        for (int k = 0; k < n; k++)
            free(cells[k]);
        OGR_F_Destroy(f);
    }
    return st;
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */
/* ------------------------------------------------------------------ */

static gt_status write_facility(gt_context *ctx, import *im, int i)
{
    char **c = &im->cell[(size_t)i * F_N];
    OGRLayerH l = GDALDatasetGetLayerByName(im->r->ds, "facilities");
    if (!l)
        return gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "register: no facilities table");
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    for (int k = 0; k < F_STATUS; k++)
        if (c[k])
            OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, facility_cols[k].name), c[k]);
    OGR_F_SetGeometry(f, im->geom[i]);
    CPLErrorReset();
    gt_status st = GT_OK;
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
        st = gt__error(ctx, GT_ERR_INPUT_FIELD, "site %s: the register refused it: %s", c[F_SITE],
                       gt__register_db_message());
    OGR_F_Destroy(f);
    if (st)
        return st;
    char source[1024];
    /* As the schema says it: "row N" (a layer's feature id for a layer). */
    snprintf(source, sizeof source, "import: %s, row %ld", im->file, im->rowno[i]);
    const char *date = c[F_STATUS_YEAR];
    if (!strcmp(c[F_STATUS], "remediated")) {
        /* The rules want closed before remediated: both on the same day. */
        st = gt__register_add_status(ctx, im->r, c[F_SITE], "closed", date, source,
                                     "closed by the time it was remediated (date unknown)");
        if (st)
            return st;
    }
    return gt__register_add_status(ctx, im->r, c[F_SITE], c[F_STATUS], date, source, NULL);
}

static gt_status write_row(gt_context *ctx, import *im, int i)
{
    if (im->t->cols == facility_cols)
        return write_facility(ctx, im, i);
    char **c = &im->cell[(size_t)i * (size_t)im->t->n];
    if (im->t->cols == history_cols)
        return gt__register_add_status(ctx, im->r, c[H_SITE], c[H_STATUS], c[H_DATE], c[H_SOURCE],
                                       c[H_NOTE]);
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "INSERT INTO %s (", im->t->table);
    for (int k = 0; k < im->t->n; k++)
        gt__sbuf_add(&b, "%s%s", k ? ", " : "", im->t->cols[k].name);
    gt__sbuf_add(&b, ") VALUES (");
    for (int k = 0; k < im->t->n; k++) {
        gt__sbuf_add(&b, k ? ", " : "");
        if (c[k] && im->t->cols[k].type != C_TEXT && im->t->cols[k].type != C_SPECIAL)
            gt__sbuf_add(&b, "%s", c[k]);
        else
            gt__sql_literal(&b, c[k]);
    }
    gt__sbuf_add(&b, ")");
    gt_status st = b.nomem ? gt__error(ctx, GT_ERR_NOMEM, "out of memory")
                           : gt__register_sql(ctx, im->r, b.s);
    free(b.s);
    return st;
}

static void import_free(import *im)
{
    if (im->census)
        GDALClose(im->census);
    for (int i = 0; i < im->n_rows; i++) {
        for (int k = 0; k < im->t->n; k++)
            free(im->cell[(size_t)i * (size_t)im->t->n + k]);
        if (im->geom[i])
            OGR_G_DestroyGeometry(im->geom[i]);
    }
    free(im->cell);
    free(im->geom);
    free(im->rowno);
    for (int i = 0; i < im->n_keys; i++)
        free(im->keys[i]);
    free(im->keys);
    gt__register_statuses_free(im->last, im->n_last);
    free(im->list.s);
    if (im->ct)
        OCTDestroyCoordinateTransformation(im->ct);
    if (im->ds)
        GDALClose(im->ds);
    const char *const keys[] = {"OGR_XLSX_HEADERS", "OGR_XLSX_FIELD_TYPES", "OGR_ODS_HEADERS",
                                "OGR_ODS_FIELD_TYPES"};
    for (int i = 0; i < 4; i++)
        CPLSetThreadLocalConfigOption(keys[i], NULL);
    gt__rank_part_free(im->values);
    gt__register_close(im->r);
}

gt_status gt__register_import(gt_context *ctx, const gt_register_options *o, gt__sbuf *out)
{
    if (o->n_words != 3)
        return gt__error(ctx, GT_ERR_USAGE,
                         "register import: give REGISTER, TABLE and FILE (usage: gistool "
                         "register import REGISTER facilities|history|indicators|targets FILE)");
    import im = {.o = o, .file = o->words[2]};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        if (!strcmp(o->words[1], tables[i].name))
            im.t = &tables[i];
    if (!im.t)
        return gt__error(ctx, GT_ERR_USAGE,
                         "register import: TABLE '%s' is not one of: facilities, history, "
                         "indicators, targets",
                         o->words[1]);
    if (o->status_date && !gt__reg_date_valid(o->status_date))
        return gt__error(ctx, GT_ERR_USAGE,
                         "register import: --status-date '%s' is not a date YYYY-MM-DD",
                         o->status_date);
    gt_status st = gt__register_open(ctx, o->words[0], &im.r);
    if (!st && !(im.values = gt__calloc(ctx, 1, sizeof *im.values)))
        st = gt_context_status(ctx);
    if (!st)
        st = gt__inventory_values_load(ctx, im.values);
    if (!st)
        st = open_file(ctx, &im);
    /* What the register holds already: ids, keys, latest statuses. */
    if (!st && (im.t->cols == facility_cols || im.t->cols == history_cols))
        st = gt__register_query(ctx, im.r, "SELECT site_id FROM facilities", key_row, &im);
    else if (!st && im.t->cols == indicator_cols)
        st = gt__register_query(ctx, im.r,
                                "SELECT commune_code, CAST(year AS TEXT) FROM commune_indicators",
                                key_row, &im);
    else if (!st)
        st = gt__register_query(ctx, im.r, "SELECT indicator, CAST(year AS TEXT) FROM targets",
                                key_row, &im);
    if (!st && im.t->cols == history_cols)
        st = gt__register_statuses(ctx, im.r, 0, &im.last, &im.n_last);
    if (!st && im.t->cols == facility_cols)
        st = open_province(ctx, &im);
    if (!st)
        st = check_rows(ctx, &im);
    if (!st && im.n_bad) {
        char more[64] = "";
        if (im.n_problems > im.shown)
            snprintf(more, sizeof more, "\n  and %d more", im.n_problems - im.shown);
        st = gt__error(ctx, GT_ERR_INPUT_FIELD,
                       "register import: '%s' (layer '%s'): %d bad %s%s; nothing was written:%s%s",
                       im.file, OGR_L_GetName(im.lyr), im.n_bad, im.sheet ? "row" : "feature",
                       im.n_bad > 1 ? "s" : "", im.list.s ? im.list.s : "", more);
    }
    if (!st && im.n_rows == 0)
        st = gt__error(ctx, GT_ERR_INPUT_FIELD, "register import: '%s' has no rows", im.file);
    if (!st && !(st = gt__register_begin(ctx, im.r))) {
        for (int i = 0; !st && i < im.n_rows; i++)
            if ((st = write_row(ctx, &im, i)))
                gt__error_prefix(ctx, "register import: '%s', %s %ld (nothing was written)",
                                 im.file, im.sheet ? "row" : "feature", im.rowno[i]);
        if (!st)
            st = gt__register_commit(ctx, im.r);
        if (st)
            gt__register_rollback(im.r);
    }
    if (!st)
        gt__sbuf_add(out, "%s: %d rows added to %s from '%s'\n", o->words[0], im.n_rows,
                     im.t->table, im.file);
    import_free(&im);
    return st;
}
