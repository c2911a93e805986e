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

gt_status gt__inventory_load(gt_context *ctx, const gt__layer_spec *spec,
                             OGRSpatialReferenceH work_srs, const char *const *fields,
                             const char *const *source_fields, int nfields, gt__inventory **out)
{
    *out = NULL;
    if (access(spec->source, R_OK) != 0)
        return gt__error(ctx, GT_ERR_INPUT_OPEN,
                         "inventory (%s): cannot open '%s': no such file or not readable",
                         spec->origin, spec->source);
    bool csv = is_csv(spec->source);
    const char *csv_opts[] = {"X_POSSIBLE_NAMES=lon,longitude,x", "Y_POSSIBLE_NAMES=lat,latitude,y",
                              "KEEP_GEOM_COLUMNS=YES", "AUTODETECT_TYPE=NO", NULL};
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(spec->source, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                                 csv ? csv_opts : NULL, NULL);
    if (!ds)
        return gt__gdal_error(ctx, GT_ERR_INPUT_OPEN,
                              "inventory (%s): '%s' is not a vector source GDAL can open",
                              spec->origin, spec->source);
    gt_status st = GT_OK;
    OGRSpatialReferenceH srs = NULL;
    OGRCoordinateTransformationH ct = NULL;
    gt__inventory *inv = gt__calloc(ctx, 1, sizeof *inv);
    int *idx = gt__calloc(ctx, (size_t)nfields, sizeof(int));
    OGRLayerH lyr =
        spec->layer ? GDALDatasetGetLayerByName(ds, spec->layer) : GDALDatasetGetLayer(ds, 0);
    if (!inv || !idx) {
        st = gt_context_status(ctx) ? gt_context_status(ctx) : GT_ERR_NOMEM;
        goto done;
    }
    if (!lyr) {
        st = gt__error(ctx, GT_ERR_INPUT_LAYER, "inventory (%s): '%s' has no layer '%s'",
                       spec->origin, spec->source, spec->layer ? spec->layer : "(first)");
        goto done;
    }
    if (OGR_L_GetGeomType(lyr) == wkbNone) {
        st = gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                       "inventory (%s): layer '%s' of '%s' has no geometry column (a CSV needs "
                       "lon and lat columns, or longitude/latitude, or x/y)",
                       spec->origin, OGR_L_GetName(lyr), spec->source);
        goto done;
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    for (int k = 0; k < nfields; k++)
        idx[k] = OGR_FD_GetFieldIndex(defn, source_fields[k]);
    if (idx[0] < 0) {
        st = gt__error(ctx, GT_ERR_INPUT_FIELD,
                       "inventory (%s): layer '%s' of '%s' has no id field '%s'", spec->origin,
                       OGR_L_GetName(lyr), spec->source, source_fields[0]);
        goto done;
    }
    int lon_i = csv ? OGR_FD_GetFieldIndex(defn, "lon") : -1;
    int lat_i = csv ? OGR_FD_GetFieldIndex(defn, "lat") : -1;
    if (csv && lon_i < 0)
        lon_i = OGR_FD_GetFieldIndex(defn, "longitude");
    if (csv && lat_i < 0)
        lat_i = OGR_FD_GetFieldIndex(defn, "latitude");
    if (spec->srs) {
        if (!(srs = gt__srs_create(ctx, spec->srs))) {
            st = gt_context_status(ctx);
            goto done;
        }
    } else if (OGR_L_GetSpatialRef(lyr)) {
        srs = OSRClone(OGR_L_GetSpatialRef(lyr));
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    } else if (csv && lon_i >= 0 && lat_i >= 0) {
        srs = gt__srs_create(ctx, "EPSG:4326"); /* lon/lat columns: WGS 84 */
        gt__log(ctx, GT_LOG_INFO, "inventory: lon/lat columns taken as WGS 84 (EPSG:4326)");
    } else {
        st = gt__error(ctx, GT_ERR_INPUT_CRS,
                       "inventory (%s): '%s' has no CRS; give it in the scenario, e.g. "
                       "`srs: EPSG:4326`",
                       spec->origin, spec->source);
        goto done;
    }
    if (!OSRIsSame(srs, work_srs))
        ct = OCTNewCoordinateTransformation(srs, work_srs);
    inv->nfields = nfields;
    int cap = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while (!st && (f = OGR_L_GetNextFeature(lyr))) {
        const char *id =
            OGR_F_IsFieldSetAndNotNull(f, idx[0]) ? OGR_F_GetFieldAsString(f, idx[0]) : NULL;
        char idbuf[64];
        if (!id || !*id) {
            snprintf(idbuf, sizeof idbuf, "(feature %lld)", (long long)OGR_F_GetFID(f));
            st = gt__error(ctx, GT_ERR_INPUT_FIELD, "inventory: site %s has no %s", idbuf,
                           source_fields[0]);
            OGR_F_Destroy(f);
            break;
        }
        if (csv && lon_i >= 0 && lat_i >= 0 &&
            (!coord_ok(OGR_F_GetFieldAsString(f, lon_i), 180) ||
             !coord_ok(OGR_F_GetFieldAsString(f, lat_i), 90))) {
            bool lon_bad = !coord_ok(OGR_F_GetFieldAsString(f, lon_i), 180);
            int bad_i = lon_bad ? lon_i : lat_i;
            /* GDAL reads the coordinate columns as numbers and leaves a
             * value that is not one unset: say so rather than quote it. */
            if (OGR_F_IsFieldSetAndNotNull(f, bad_i) && *OGR_F_GetFieldAsString(f, bad_i))
                st = gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                               "inventory: site %s: %s %s is not a valid coordinate (%s)", id,
                               lon_bad ? "lon" : "lat", OGR_F_GetFieldAsString(f, bad_i),
                               lon_bad ? "-180 to 180" : "-90 to 90");
            else
                st = gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                               "inventory: site %s: %s is missing or not a number", id,
                               lon_bad ? "lon" : "lat");
            OGR_F_Destroy(f);
            break;
        }
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (!og || OGR_G_IsEmpty(og)) {
            st = gt__error(ctx, GT_ERR_INPUT_GEOMETRY, "inventory: site %s has no geometry", id);
            OGR_F_Destroy(f);
            break;
        }
        OGRGeometryH g2 = OGR_G_Clone(og);
        OGR_G_FlattenTo2D(g2);
        if (ct && OGR_G_Transform(g2, ct) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(g2);
            st = gt__error(ctx, GT_ERR_INPUT_CRS,
                           "inventory: site %s cannot be transformed to the working CRS", id);
            OGR_F_Destroy(f);
            break;
        }
        int repaired = 0;
        GEOSGeometry *g = gt__ogr_to_geos(ctx, g2, &repaired);
        OGR_G_DestroyGeometry(g2);
        if (repaired)
            inv->n_repaired++;
        if (!g) {
            st = gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                           "inventory: site %s: the geometry cannot be read or repaired", id);
            OGR_F_Destroy(f);
            break;
        }
        if (inv->n == cap) {
            cap = cap ? 2 * cap : 64;
            GEOSGeometry **ng = realloc(inv->geoms, sizeof *ng * (size_t)cap);
            if (ng)
                inv->geoms = ng;
            char **nv = realloc(inv->values, sizeof *nv * (size_t)cap * nfields);
            if (nv)
                inv->values = nv;
            if (!ng || !nv) {
                GEOSGeom_destroy_r(gt__geos(ctx), g);
                st = gt__error(ctx, GT_ERR_NOMEM, "inventory: out of memory");
                OGR_F_Destroy(f);
                break;
            }
        }
        inv->geoms[inv->n] = g;
        for (int k = 0; k < nfields; k++) {
            const char *v = idx[k] >= 0 && OGR_F_IsFieldSetAndNotNull(f, idx[k])
                                ? OGR_F_GetFieldAsString(f, idx[k])
                                : NULL;
            while (v && isspace((unsigned char)*v))
                v++;
            inv->values[(size_t)inv->n * nfields + k] = v && *v ? gt__strdup(ctx, v) : NULL;
        }
        inv->n++;
        OGR_F_Destroy(f);
    }
    if (!st) {
        *out = inv;
        inv = NULL;
    }
done:
    gt__inventory_free(ctx, inv);
    free(idx);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (srs)
        OSRDestroySpatialReference(srs);
    GDALClose(ds);
    return st;
}
