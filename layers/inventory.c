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
    free(inv);
}

static bool is_csv(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

/* A CSV coordinate: a finite number within the range. */
static bool coord_ok(const char *s, double limit)
{
    if (!s)
        return false;
    while (isspace((unsigned char)*s))
        s++;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    return end != s && *end == '\0' && errno == 0 && isfinite(v) && fabs(v) <= limit;
}

/* An open inventory source and what reading its sites needs: the layer,
 * where each schema field is in it, and the transformation to the working
 * CRS. */
typedef struct {
    const gt__layer_spec *spec;
    const char *const *source_fields; /* names in the source; [0] is the site id */
    int nfields;
    bool csv;
    GDALDatasetH ds;
    OGRLayerH lyr;
    int *idx;         /* idx[k]: index of source_fields[k] in the layer, or -1 */
    int lon_i, lat_i; /* a CSV's coordinate columns, or -1 */
    OGRSpatialReferenceH srs;
    OGRCoordinateTransformationH ct; /* NULL when the source is in the working CRS */
} source;

/* Open the source (a CSV with its coordinate columns as the geometry) and
 * look up its layer; a missing layer is reported by check_layer. */
static gt_status open_source(gt_context *ctx, source *src)
{
    const gt__layer_spec *spec = src->spec;
    if (access(spec->source, R_OK) != 0)
        return gt__error(ctx, GT_ERR_INPUT_OPEN,
                         "inventory (%s): cannot open '%s': no such file or not readable",
                         spec->origin, spec->source);
    src->csv = is_csv(spec->source);
    const char *csv_opts[] = {"X_POSSIBLE_NAMES=lon,longitude,x", "Y_POSSIBLE_NAMES=lat,latitude,y",
                              "KEEP_GEOM_COLUMNS=YES", "AUTODETECT_TYPE=NO", NULL};
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
    if (OGR_L_GetGeomType(src->lyr) == wkbNone)
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                         "inventory (%s): layer '%s' of '%s' has no geometry column (a CSV needs "
                         "lon and lat columns, or longitude/latitude, or x/y)",
                         spec->origin, OGR_L_GetName(src->lyr), spec->source);
    return GT_OK;
}

/* Where each schema field is in the layer (the id must be there), and a
 * CSV's lon and lat columns. */
static gt_status map_fields(gt_context *ctx, source *src)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src->lyr);
    for (int k = 0; k < src->nfields; k++)
        src->idx[k] = OGR_FD_GetFieldIndex(defn, src->source_fields[k]);
    if (src->idx[0] < 0)
        return gt__error(
            ctx, GT_ERR_INPUT_FIELD, "inventory (%s): layer '%s' of '%s' has no id field '%s'",
            src->spec->origin, OGR_L_GetName(src->lyr), src->spec->source, src->source_fields[0]);
    src->lon_i = src->csv ? OGR_FD_GetFieldIndex(defn, "lon") : -1;
    src->lat_i = src->csv ? OGR_FD_GetFieldIndex(defn, "lat") : -1;
    if (src->csv && src->lon_i < 0)
        src->lon_i = OGR_FD_GetFieldIndex(defn, "longitude");
    if (src->csv && src->lat_i < 0)
        src->lat_i = OGR_FD_GetFieldIndex(defn, "latitude");
    return GT_OK;
}

/* The source CRS: the scenario's `srs`, the layer's, or WGS 84 for a CSV
 * with lon/lat columns; and the transformation to the working CRS. */
static gt_status source_srs(gt_context *ctx, source *src, OGRSpatialReferenceH work_srs)
{
    const gt__layer_spec *spec = src->spec;
    if (spec->srs) {
        if (!(src->srs = gt__srs_create(ctx, spec->srs)))
            return gt_context_status(ctx);
    } else if (OGR_L_GetSpatialRef(src->lyr)) {
        src->srs = OSRClone(OGR_L_GetSpatialRef(src->lyr));
        OSRSetAxisMappingStrategy(src->srs, OAMS_TRADITIONAL_GIS_ORDER);
    } else if (src->csv && src->lon_i >= 0 && src->lat_i >= 0) {
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

/* The site's id; a site without one is named by its feature id. */
static gt_status site_id(gt_context *ctx, const source *src, OGRFeatureH f, const char **id)
{
    *id =
        OGR_F_IsFieldSetAndNotNull(f, src->idx[0]) ? OGR_F_GetFieldAsString(f, src->idx[0]) : NULL;
    if (*id && **id)
        return GT_OK;
    char idbuf[64];
    snprintf(idbuf, sizeof idbuf, "(feature %lld)", (long long)OGR_F_GetFID(f));
    return gt__error(ctx, GT_ERR_INPUT_FIELD, "inventory: site %s has no %s", idbuf,
                     src->source_fields[0]);
}

/* A CSV site's lon and lat must be numbers in range. */
static gt_status check_coords(gt_context *ctx, const source *src, OGRFeatureH f, const char *id)
{
    int lon_i = src->lon_i, lat_i = src->lat_i;
    if (!(src->csv && lon_i >= 0 && lat_i >= 0 &&
          (!coord_ok(OGR_F_GetFieldAsString(f, lon_i), 180) ||
           !coord_ok(OGR_F_GetFieldAsString(f, lat_i), 90))))
        return GT_OK;
    bool lon_bad = !coord_ok(OGR_F_GetFieldAsString(f, lon_i), 180);
    int bad_i = lon_bad ? lon_i : lat_i;
    /* GDAL reads the coordinate columns as numbers and leaves a
     * value that is not one unset: say so rather than quote it. */
    if (OGR_F_IsFieldSetAndNotNull(f, bad_i) && *OGR_F_GetFieldAsString(f, bad_i))
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                         "inventory: site %s: %s %s is not a valid coordinate (%s)", id,
                         lon_bad ? "lon" : "lat", OGR_F_GetFieldAsString(f, bad_i),
                         lon_bad ? "-180 to 180" : "-90 to 90");
    return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                     "inventory: site %s: %s is missing or not a number", id,
                     lon_bad ? "lon" : "lat");
}

/* The site's geometry in 2D, in the working CRS, repaired (counted in
 * inv->n_repaired), as GEOS. */
static gt_status site_geometry(gt_context *ctx, const source *src, OGRFeatureH f, const char *id,
                               gt__inventory *inv, GEOSGeometry **out)
{
    *out = NULL;
    OGRGeometryH og = OGR_F_GetGeometryRef(f);
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
        if (!ng || !nv) {
            GEOSGeom_destroy_r(gt__geos(ctx), g);
            return gt__error(ctx, GT_ERR_NOMEM, "inventory: out of memory");
        }
    }
    inv->geoms[inv->n] = g;
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

/* Read every site; the first bad one stops the reading with its error. */
static gt_status read_sites(gt_context *ctx, const source *src, gt__inventory *inv)
{
    gt_status st = GT_OK;
    int cap = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(src->lyr);
    while (!st && (f = OGR_L_GetNextFeature(src->lyr))) {
        const char *id;
        GEOSGeometry *g;
        if (!(st = site_id(ctx, src, f, &id)) && !(st = check_coords(ctx, src, f, id)) &&
            !(st = site_geometry(ctx, src, f, id, inv, &g)))
            st = append_site(ctx, src, f, g, inv, &cap);
        OGR_F_Destroy(f);
    }
    return st;
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
