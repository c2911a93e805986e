/*
 * inventory.c: read a landfill inventory from any OGR source, or a CSV with
 * lon/lat columns, into the working CRS: one geometry and the raw text of
 * each schema field per site (NULL when missing). Values are checked and
 * given defaults by the rank pipeline. SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cpl_error.h>

#include "layers/layers.h"
#include "layers/register_db.h"

void gt__inventory_free(gt_context *ctx, gt__inventory *inv)
{
    if (!inv)
        return;
    for (int i = 0; i < inv->n; i++) {
        if (inv->geoms[i])
            GEOSGeom_destroy_r(gt__geos(ctx), inv->geoms[i]);
        for (int k = 0; k < inv->nfields; k++)
            free(inv->values[(size_t)i * inv->nfields + k]);
    }
    free(inv->geoms);
    free(inv->values);
    free(inv->rows);
    free(inv);
}

static bool is_csv(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

bool gt__parse_number(const char *text, double *out)
{
    char buf[64];
    while (text && isspace((unsigned char)*text))
        text++;
    if (!text || !*text || strlen(text) >= sizeof buf)
        return false;
    snprintf(buf, sizeof buf, "%s", text);
    /* A decimal comma is read as a point only when it is the one separator:
     * "1.234,5" is ambiguous and stays an error. */
    char *comma = strchr(buf, ',');
    if (comma && !strchr(buf, '.') && !strchr(comma + 1, ','))
        *comma = '.';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == buf || *end || errno || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* The message of a failed check without its "inventory: " lead, which the
 * report gives once. */
static const char *without_lead(const char *msg)
{
    return strncmp(msg, "inventory: ", 11) ? msg : msg + 11;
}

bool gt__problems_add(gt_context *ctx, gt__problems *p, long row)
{
    gt_status st = gt_context_status(ctx);
    if (st != GT_ERR_INPUT_FIELD && st != GT_ERR_INPUT_GEOMETRY && st != GT_ERR_INPUT_CRS &&
        st != GT_ERR_INPUT_EXTENT)
        return false;
    const char *msg = gt_context_errmsg(ctx);
    if (p->n == 0) {
        snprintf(p->first, sizeof p->first, "%s", msg);
        p->first_row = row;
        p->status = st;
    }
    /* A line that does not fit whole is left to the "and N more" count. */
    size_t l = strlen(p->list);
    if (p->shown < GT__PROBLEMS_SHOWN &&
        (size_t)snprintf(p->list + l, sizeof p->list - l, "\n  %s %ld: %s",
                         p->table ? "row" : "feature", row, without_lead(msg)) < sizeof p->list - l)
        p->shown++;
    else
        p->list[l] = '\0';
    p->n++;
    gt__error_clear(ctx);
    return true;
}

gt_status gt__problems_report(gt_context *ctx, const gt__problems *p, const char *lead)
{
    const char *unit = p->table ? "row" : "feature";
    if (p->n == 0)
        return GT_OK;
    if (p->n == 1)
        return gt__error(ctx, p->status, "%s%s (%s %ld); nothing was ranked", lead, p->first, unit,
                         p->first_row);
    char more[64] = "";
    if (p->n > p->shown)
        snprintf(more, sizeof more, "\n  and %d more", p->n - p->shown);
    return gt__error(ctx, p->status, "%sinventory: %d bad %ss; nothing was ranked:%s%s", lead, p->n,
                     unit, p->list, more);
}

/* An open inventory source and what reading its sites needs: the layer,
 * where each schema field is in it, and the transformation to the working
 * CRS. */
typedef struct {
    const gt__layer_spec *spec;
    const char *const *source_fields; /* names in the source; [0] is the site id */
    int nfields;
    bool csv;
    bool table; /* a sheet or CSV without geometry: points from its lon/lat columns */
    GDALDatasetH ds;
    OGRLayerH lyr;
    int *idx;                /* idx[k]: index of source_fields[k] in the layer, or -1 */
    int lon_i, lat_i;        /* a table's coordinate columns, or -1 */
    int n_points, n_swapped; /* rows with both coordinates numbers; those that look swapped */
    char swap_example[96];
    OGRSpatialReferenceH srs;
    OGRCoordinateTransformationH ct; /* NULL when the source is in the working CRS */
} source;

/* Open the source (a CSV with its coordinate columns as the geometry) and
 * look up its layer; a missing layer is reported by check_layer. */
static gt_status open_source(gt_context *ctx, source *src)
{
    const gt__layer_spec *spec = src->spec;
    /* A waste register (docs/register.md): its landfills and dumps with
     * their statuses as of the year, as an inventory in memory. */
    if (gt__register_detect(spec->source)) {
        gt_status st = gt__register_inventory_open(ctx, spec->source, spec->as_of, &src->ds);
        if (st)
            return gt__error_prefix(ctx, "inventory (%s)", spec->origin), st;
        src->lyr = GDALDatasetGetLayer(src->ds, 0);
        return GT_OK;
    }
    if (access(spec->source, R_OK) != 0)
        return gt__error(ctx, GT_ERR_INPUT_OPEN,
                         "inventory (%s): cannot open '%s': no such file or not readable",
                         spec->origin, spec->source);
    src->csv = is_csv(spec->source);
    /* The coordinate columns are read as text (GDAL's own point would stop
     * at a decimal comma); GDAL finds a `;` separator from the header. */
    const char *csv_opts[] = {"AUTODETECT_TYPE=NO", NULL};
    CPLErrorReset();
    src->ds = GDALOpenEx(spec->source, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                         src->csv ? csv_opts : NULL, NULL);
    if (!src->ds)
        return gt__gdal_error(ctx, GT_ERR_INPUT_OPEN,
                              "inventory (%s): '%s' is not a vector source GDAL can open",
                              spec->origin, spec->source);
    src->lyr = spec->layer ? GDALDatasetGetLayerByName(src->ds, spec->layer)
                           : GDALDatasetGetLayer(src->ds, 0);
    return GT_OK;
}

static gt_status check_layer(gt_context *ctx, const source *src)
{
    const gt__layer_spec *spec = src->spec;
    if (!src->lyr)
        return gt__error(ctx, GT_ERR_INPUT_LAYER, "inventory (%s): '%s' has no layer '%s'",
                         spec->origin, spec->source, spec->layer ? spec->layer : "(first)");
    return GT_OK;
}

/* The first of `names` the layer has (ASCII case ignored), or -1. */
static int find_column(OGRFeatureDefnH defn, const char *const *names)
{
    int i = -1;
    for (int k = 0; names[k] && i < 0; k++)
        i = OGR_FD_GetFieldIndex(defn, names[k]);
    return i;
}

/* The names a coordinate column goes by, Vietnamese ones as a sheet
 * heading spells them. */
static const char *const lon_names[] = {"lon",     "longitude", "x",       "kinh độ",
                                        "Kinh Độ", "KINH ĐỘ",   "kinh do", NULL};
static const char *const lat_names[] = {"lat",   "latitude", "y",     "vĩ độ",
                                        "Vĩ Độ", "VĨ ĐỘ",    "vi do", NULL};

/* Where each schema field is in the layer (the id must be there), and the
 * lon and lat columns of a layer without geometry. */
static gt_status map_fields(gt_context *ctx, source *src)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src->lyr);
    src->lon_i = src->lat_i = -1;
    if (OGR_L_GetGeomType(src->lyr) == wkbNone) {
        src->lon_i = find_column(defn, lon_names);
        src->lat_i = find_column(defn, lat_names);
        src->table = src->lon_i >= 0 && src->lat_i >= 0;
        if (!src->table)
            return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                             "inventory (%s): layer '%s' of '%s' has no geometry column (a CSV "
                             "needs lon and lat columns, or longitude/latitude, or x/y)",
                             src->spec->origin, OGR_L_GetName(src->lyr), src->spec->source);
    }
    for (int k = 0; k < src->nfields; k++)
        src->idx[k] = OGR_FD_GetFieldIndex(defn, src->source_fields[k]);
    if (src->idx[0] < 0)
        return gt__error(
            ctx, GT_ERR_INPUT_FIELD, "inventory (%s): layer '%s' of '%s' has no id field '%s'",
            src->spec->origin, OGR_L_GetName(src->lyr), src->spec->source, src->source_fields[0]);
    return GT_OK;
}

/* The source CRS: the scenario's `srs`, the layer's, or WGS 84 for a CSV
 * with lon/lat columns; and the transformation to the working CRS. */
static gt_status source_srs(gt_context *ctx, source *src, OGRSpatialReferenceH work_srs)
{
    const gt__layer_spec *spec = src->spec;
    gt_status st;
    if (spec->srs) {
        if ((st = gt__srs_given(ctx, spec, OGR_L_GetSpatialRef(src->lyr), &src->srs)))
            return st;
    } else if (OGR_L_GetSpatialRef(src->lyr)) {
        src->srs = OSRClone(OGR_L_GetSpatialRef(src->lyr));
        OSRSetAxisMappingStrategy(src->srs, OAMS_TRADITIONAL_GIS_ORDER);
    } else if (src->table) {
        src->srs = gt__srs_create(ctx, "EPSG:4326"); /* lon/lat columns: WGS 84 */
        gt__log(ctx, GT_LOG_INFO, "inventory: lon/lat columns taken as WGS 84 (EPSG:4326)");
    } else {
        return gt__error(ctx, GT_ERR_INPUT_CRS,
                         "inventory (%s): '%s' has no CRS; give it in the scenario, e.g. "
                         "`srs: EPSG:4326`",
                         spec->origin, spec->source);
    }
    if (!OSRIsSame(src->srs, work_srs))
        src->ct = OCTNewCoordinateTransformation(src->srs, work_srs);
    return GT_OK;
}

/* The row a user sees the site on: a sheet's row number (GDAL numbers a
 * CSV's data rows from 1, a spreadsheet's as the sheet does), or the
 * feature id of other sources. */
static long row_of(const source *src, OGRFeatureH f)
{
    return (long)OGR_F_GetFID(f) + (src->csv ? 1 : 0);
}

/* The site's id; a site without one is named by its feature id. */
static gt_status site_id(gt_context *ctx, const source *src, OGRFeatureH f, const char **id)
{
    *id =
        OGR_F_IsFieldSetAndNotNull(f, src->idx[0]) ? OGR_F_GetFieldAsString(f, src->idx[0]) : NULL;
    if (*id && **id)
        return GT_OK;
    /* The row is added where the problem is gathered ("(row 2)"). */
    return gt__error(ctx, GT_ERR_INPUT_FIELD, "inventory: a site has no %s",
                     src->source_fields[0]);
}

/* Whether lon/lat look swapped: latitude beyond the poles with a longitude
 * that could be one, or Vietnam's ranges the wrong way round. */
static bool looks_swapped(double lon, double lat)
{
    return (fabs(lat) > 90 && fabs(lon) <= 90) ||
           (lat >= 102 && lat <= 110 && lon >= 8 && lon <= 24);
}

/* One coordinate cell: a number (a decimal comma allowed) within the range. */
static gt_status coordinate(gt_context *ctx, OGRFeatureH f, int i, const char *name, double limit,
                            const char *id, double *v)
{
    const char *text = OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
    if (!gt__parse_number(text, v))
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                         *text ? "inventory: site %s: %s is missing or not a number ('%s')"
                               : "inventory: site %s: %s is missing or not a number%s",
                         id, name, text);
    if (fabs(*v) > limit)
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                         "inventory: site %s: %s %s is not a valid coordinate (%s)", id, name, text,
                         limit == 180 ? "-180 to 180" : "-90 to 90");
    return GT_OK;
}

/* A table row's point from its lon and lat cells; rows that look swapped
 * are counted for the report. */
static gt_status table_point(gt_context *ctx, source *src, OGRFeatureH f, const char *id,
                             OGRGeometryH *out)
{
    *out = NULL;
    double lon = NAN, lat = NAN;
    bool lon_ok = gt__parse_number(OGR_F_GetFieldAsString(f, src->lon_i), &lon);
    bool lat_ok = gt__parse_number(OGR_F_GetFieldAsString(f, src->lat_i), &lat);
    if (lon_ok && lat_ok) {
        src->n_points++;
        if (looks_swapped(lon, lat) && src->n_swapped++ == 0)
            snprintf(src->swap_example, sizeof src->swap_example, "site %s has lon %g, lat %g", id,
                     lon, lat);
    }
    gt_status st = coordinate(ctx, f, src->lon_i, "lon", 180, id, &lon);
    if (st || (st = coordinate(ctx, f, src->lat_i, "lat", 90, id, &lat)))
        return st;
    *out = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(*out, 0, lon, lat);
    return GT_OK;
}

/* The site's geometry in 2D, in the working CRS, repaired (counted in
 * inv->n_repaired), as GEOS. */
static gt_status site_geometry(gt_context *ctx, const source *src, OGRGeometryH og, const char *id,
                               gt__inventory *inv, GEOSGeometry **out)
{
    *out = NULL;
    if (!og || OGR_G_IsEmpty(og))
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY, "inventory: site %s has no geometry", id);
    OGRGeometryH g2 = OGR_G_Clone(og);
    OGR_G_FlattenTo2D(g2);
    if (src->ct && OGR_G_Transform(g2, src->ct) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(g2);
        return gt__error(ctx, GT_ERR_INPUT_CRS,
                         "inventory: site %s cannot be transformed to the working CRS", id);
    }
    int repaired = 0;
    *out = gt__ogr_to_geos(ctx, g2, &repaired);
    OGR_G_DestroyGeometry(g2);
    if (repaired)
        inv->n_repaired++;
    if (!*out)
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                         "inventory: site %s: the geometry cannot be read or repaired", id);
    return GT_OK;
}

/* Add a site: its geometry (taken, destroyed on failure) and the text of
 * each field, leading blanks trimmed, NULL when empty or missing. */
static gt_status append_site(gt_context *ctx, const source *src, OGRFeatureH f, GEOSGeometry *g,
                             gt__inventory *inv, int *cap)
{
    int nfields = src->nfields;
    if (inv->n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        GEOSGeometry **ng = realloc(inv->geoms, sizeof *ng * (size_t)*cap);
        if (ng)
            inv->geoms = ng;
        char **nv = realloc(inv->values, sizeof *nv * (size_t)*cap * nfields);
        if (nv)
            inv->values = nv;
        long *nr = realloc(inv->rows, sizeof *nr * (size_t)*cap);
        if (nr)
            inv->rows = nr;
        if (!ng || !nv || !nr) {
            GEOSGeom_destroy_r(gt__geos(ctx), g);
            return gt__error(ctx, GT_ERR_NOMEM, "inventory: out of memory");
        }
    }
    inv->geoms[inv->n] = g;
    inv->rows[inv->n] = row_of(src, f);
    for (int k = 0; k < nfields; k++) {
        const char *v = src->idx[k] >= 0 && OGR_F_IsFieldSetAndNotNull(f, src->idx[k])
                            ? OGR_F_GetFieldAsString(f, src->idx[k])
                            : NULL;
        while (v && isspace((unsigned char)*v))
            v++;
        inv->values[(size_t)inv->n * nfields + k] = v && *v ? gt__strdup(ctx, v) : NULL;
    }
    inv->n++;
    return GT_OK;
}

/* Read one site: its id, point or geometry, and values. */
static gt_status read_site(gt_context *ctx, source *src, OGRFeatureH f, gt__inventory *inv,
                           int *cap)
{
    const char *id;
    OGRGeometryH point = NULL;
    GEOSGeometry *g;
    gt_status st = site_id(ctx, src, f, &id);
    if (!st && src->table)
        st = table_point(ctx, src, f, id, &point);
    if (!st)
        st = site_geometry(ctx, src, src->table ? point : OGR_F_GetGeometryRef(f), id, inv, &g);
    if (point)
        OGR_G_DestroyGeometry(point);
    return st ? st : append_site(ctx, src, f, g, inv, cap);
}

/* Read every site; the bad ones are all reported together, led by a word
 * on swapped coordinate columns when every row looks swapped. */
static gt_status read_sites(gt_context *ctx, source *src, gt__inventory *inv)
{
    gt_status st = GT_OK;
    gt__problems bad = {.table = src->table};
    int cap = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(src->lyr);
    while (!st && (f = OGR_L_GetNextFeature(src->lyr))) {
        if ((st = read_site(ctx, src, f, inv, &cap)) && gt__problems_add(ctx, &bad, row_of(src, f)))
            st = GT_OK;
        OGR_F_Destroy(f);
    }
    if (st || !bad.n)
        return st;
    char lead[256] = "";
    if (src->n_swapped && src->n_swapped == src->n_points)
        snprintf(lead, sizeof lead,
                 "inventory: columns lon/lat look swapped: %s (is the column order right?)\n",
                 src->swap_example);
    return gt__problems_report(ctx, &bad, lead);
}

gt_status gt__inventory_load(gt_context *ctx, const gt__layer_spec *spec,
                             OGRSpatialReferenceH work_srs, const char *const *fields,
                             const char *const *source_fields, int nfields, gt__inventory **out)
{
    *out = NULL;
    source src = {.spec = spec, .source_fields = source_fields, .nfields = nfields};
    gt_status st = open_source(ctx, &src);
    if (st)
        return st;
    gt__inventory *inv = gt__calloc(ctx, 1, sizeof *inv);
    src.idx = gt__calloc(ctx, (size_t)nfields, sizeof(int));
    if (!inv || !src.idx) {
        st = gt_context_status(ctx) ? gt_context_status(ctx) : GT_ERR_NOMEM;
        goto done;
    }
    if ((st = check_layer(ctx, &src)) || (st = gt__layer_filter(ctx, spec, src.lyr)) ||
        (st = map_fields(ctx, &src)) || (st = source_srs(ctx, &src, work_srs)))
        goto done;
    inv->nfields = nfields;
    inv->table = src.table;
    if (!(st = read_sites(ctx, &src, inv))) {
        *out = inv;
        inv = NULL;
    }
done:
    gt__inventory_free(ctx, inv);
    free(src.idx);
    if (src.ct)
        OCTDestroyCoordinateTransformation(src.ct);
    if (src.srs)
        OSRDestroySpatialReference(src.srs);
    GDALClose(src.ds);
    return st;
}
