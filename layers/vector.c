/*
 * vector.c: read any OGR vector source into the working CRS as GEOS
 * geometries: open, find the layer and fields, reproject, repair (GEOS
 * MakeValid), keep what touches the area of interest.
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>

#include "layers/layers.h"

void gt__layer_spec_free(gt__layer_spec *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->source);
    free(s->layer);
    free(s->srs);
    free(s->id_field);
    free(s->class_field);
    for (int i = 0; i < s->n_classes; i++)
        free(s->classes[i]);
    free(s->classes);
    free(s->population_field);
    free(s->where);
    free(s->label);
    free(s->origin);
    memset(s, 0, sizeof *s);
}

void gt__features_free(gt_context *ctx, gt__features *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++) {
        if (f->geoms && f->geoms[i])
            GEOSGeom_destroy_r(gt__geos(ctx), f->geoms[i]);
        if (f->ids)
            free(f->ids[i]);
        if (f->classes)
            free(f->classes[i]);
    }
    free(f->geoms);
    free(f->ids);
    free(f->classes);
    free(f->values);
    free(f->name);
    free(f);
}

char *gt__srs_name(gt_context *ctx, OGRSpatialReferenceH srs)
{
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    return auth && code ? gt__asprintf("%s:%s", auth, code) : gt__strdup(ctx, OSRGetName(srs));
}

OGRSpatialReferenceH gt__srs_create(gt_context *ctx, const char *text)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    if (!srs || OSRSetFromUserInput(srs, text) != OGRERR_NONE) {
        gt__gdal_error(ctx, GT_ERR_INPUT_CRS, "'%s' is not a CRS GDAL/PROJ knows", text);
        if (srs)
            OSRDestroySpatialReference(srs);
        return NULL;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/* Open the source and find the layer; the message names the scenario key. */
static gt_status open_layer(gt_context *ctx, const gt__layer_spec *spec, GDALDatasetH *ds_out,
                            OGRLayerH *lyr_out)
{
    *ds_out = NULL;
    *lyr_out = NULL;
    if (access(spec->source, R_OK) != 0 && strncmp(spec->source, "/vsi", 4) != 0 &&
        strncmp(spec->source, "PG:", 3) != 0)
        return gt__error(ctx, GT_ERR_INPUT_OPEN,
                         "layers.%s (%s): cannot open '%s': no such file or not readable",
                         spec->name, spec->origin, spec->source);
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(spec->source, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return gt__gdal_error(ctx, GT_ERR_INPUT_OPEN,
                              "layers.%s (%s): '%s' is not a vector source GDAL can open",
                              spec->name, spec->origin, spec->source);
    int nl = GDALDatasetGetLayerCount(ds);
    OGRLayerH lyr = NULL;
    if (spec->layer)
        lyr = GDALDatasetGetLayerByName(ds, spec->layer);
    else if (nl == 1)
        lyr = GDALDatasetGetLayer(ds, 0);
    if (!lyr) {
        char list[800] = "";
        size_t o = 0;
        for (int i = 0; i < nl && o < sizeof list - 1; i++) {
            int w = snprintf(list + o, sizeof list - o, "%s'%s'", i ? ", " : "",
                             OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
            o += w > 0 ? (size_t)w : 0;
        }
        gt_status st;
        if (spec->layer)
            st = gt__error(ctx, GT_ERR_INPUT_LAYER,
                           "layers.%s (%s): '%s' has no layer '%s' (it has: %s)", spec->name,
                           spec->origin, spec->source, spec->layer, nl ? list : "no layers");
        else
            st = gt__error(ctx, GT_ERR_INPUT_LAYER,
                           "layers.%s (%s): '%s' has %d layers; say which with "
                           "`layer:` (it has: %s)",
                           spec->name, spec->origin, spec->source, nl, list);
        GDALClose(ds);
        return st;
    }
    *ds_out = ds;
    *lyr_out = lyr;
    return GT_OK;
}

static gt_status check_field(gt_context *ctx, const gt__layer_spec *spec, OGRLayerH lyr,
                             const char *key, const char *field, int *index)
{
    *index = -1;
    if (!field)
        return GT_OK;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    *index = OGR_FD_GetFieldIndex(defn, field);
    if (*index >= 0)
        return GT_OK;
    char list[800] = "";
    size_t o = 0;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn) && o < sizeof list - 1; i++) {
        int w = snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "",
                         OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
        o += w > 0 ? (size_t)w : 0;
    }
    return gt__error(ctx, GT_ERR_INPUT_FIELD,
                     "layers.%s.%s (%s): layer '%s' of '%s' has no field '%s' "
                     "(fields: %s)",
                     spec->name, key, spec->origin, OGR_L_GetName(lyr), spec->source, field,
                     list[0] ? list : "none");
}

/* The scenario key a layer's settings sit under: `study_area` and a rank
 * scenario's `inventory` are top-level keys, the others under `layers`. */
static const char *key_prefix(const gt__layer_spec *spec)
{
    return !strcmp(spec->name, "study_area") || !strcmp(spec->name, "inventory") ? "" : "layers.";
}

gt_status gt__srs_given(gt_context *ctx, const gt__layer_spec *spec, OGRSpatialReferenceH own,
                        OGRSpatialReferenceH *out)
{
    const char *pre = key_prefix(spec);
    *out = gt__srs_create(ctx, spec->srs);
    if (!*out) {
        gt__error_prefix(ctx, "%s%s.srs (%s)", pre, spec->name, spec->origin);
        return gt_context_status(ctx);
    }
    OGRSpatialReferenceH o = own ? OSRClone(own) : NULL;
    if (o)
        OSRSetAxisMappingStrategy(o, OAMS_TRADITIONAL_GIS_ORDER);
    bool other = o && !OSRIsSame(o, *out);
    char *name = other ? gt__srs_name(ctx, o) : NULL;
    if (o)
        OSRDestroySpatialReference(o);
    if (!other)
        return GT_OK;
    gt_status st =
        gt__error(ctx, GT_ERR_INPUT_CRS,
                  "%s%s.srs (%s): srs: %s, but '%s' has a CRS of its own, %s; `srs:` is for a "
                  "source without one (its coordinates would be read in the wrong CRS): remove "
                  "it, or correct the file's CRS",
                  pre, spec->name, spec->origin, spec->srs, spec->source, name ? name : "?");
    free(name);
    OSRDestroySpatialReference(*out);
    *out = NULL;
    return st;
}

/* The layer's CRS, or the scenario's `srs:` for it; an error when neither. */
static gt_status layer_srs(gt_context *ctx, const gt__layer_spec *spec, OGRLayerH lyr,
                           OGRSpatialReferenceH *out)
{
    *out = NULL;
    if (spec->srs)
        return gt__srs_given(ctx, spec, OGR_L_GetSpatialRef(lyr), out);
    OGRSpatialReferenceH s = OGR_L_GetSpatialRef(lyr);
    if (!s)
        return gt__error(ctx, GT_ERR_INPUT_CRS,
                         "layers.%s (%s): layer '%s' of '%s' has no CRS; give it "
                         "in the scenario, e.g. `srs: EPSG:4326`",
                         spec->name, spec->origin, OGR_L_GetName(lyr), spec->source);
    *out = OSRClone(s);
    OSRSetAxisMappingStrategy(*out, OAMS_TRADITIONAL_GIS_ORDER);
    return GT_OK;
}

gt_status gt__layer_filter(gt_context *ctx, const gt__layer_spec *spec, OGRLayerH lyr)
{
    if (!spec->where)
        return GT_OK;
    CPLErrorReset();
    OGRErr err = OGR_L_SetAttributeFilter(lyr, spec->where);
    if (err == OGRERR_NONE) {
        /* SQL drivers (GeoPackage, SQLite) accept any filter here and fail
         * only when reading, with a GDAL error and no features: a typo
         * would read as an empty layer. Reading one feature finds out. */
        OGR_L_ResetReading(lyr);
        OGRFeatureH f = OGR_L_GetNextFeature(lyr);
        if (f)
            OGR_F_Destroy(f);
        OGR_L_ResetReading(lyr);
    }
    if (err != OGRERR_NONE || CPLGetLastErrorType() >= CE_Failure) {
        return gt__gdal_error(ctx, GT_ERR_INPUT_FIELD,
                              "%s%s.where (%s): filter '%s' is not valid for layer '%s' of '%s'",
                              key_prefix(spec), spec->name, spec->origin, spec->where,
                              OGR_L_GetName(lyr), spec->source);
    }
    return GT_OK;
}

static gt_status check_fields(gt_context *ctx, const gt__layer_spec *spec, OGRLayerH lyr, int *id_i,
                              int *class_i, int *pop_i)
{
    gt_status st;
    if ((st = check_field(ctx, spec, lyr, "id_field", spec->id_field, id_i)) ||
        (st = check_field(ctx, spec, lyr, "class_field", spec->class_field, class_i)) ||
        (st = check_field(ctx, spec, lyr, "population_field", spec->population_field, pop_i)))
        return st;
    if (spec->classes && !spec->class_field)
        return gt__error(ctx, GT_ERR_SCENARIO, "layers.%s (%s): `classes` needs a `class_field`",
                         spec->name, spec->origin);
    return gt__layer_filter(ctx, spec, lyr);
}

/* The source extent in the working CRS (densified corner transform). */
static gt_status extent_to_work(gt_context *ctx, const gt__layer_spec *spec,
                                OGRSpatialReferenceH src, OGRSpatialReferenceH work,
                                const double in[4], double out[4])
{
    if (OSRIsSame(src, work)) {
        memcpy(out, in, 4 * sizeof(double));
        return GT_OK;
    }
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(src, work);
    int ok = ct && OCTTransformBounds(ct, in[0], in[1], in[2], in[3], &out[0], &out[1], &out[2],
                                      &out[3], 21);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (!ok)
        return gt__gdal_error(ctx, GT_ERR_INPUT_CRS,
                              "layers.%s (%s): its extent cannot be transformed to the "
                              "working CRS",
                              spec->name, spec->origin);
    return GT_OK;
}

gt_status gt__vector_probe(gt_context *ctx, const gt__layer_spec *spec,
                           OGRSpatialReferenceH work_srs, int *feature_count, char **srs_name,
                           double *extent)
{
    GDALDatasetH ds;
    OGRLayerH lyr;
    gt_status st = open_layer(ctx, spec, &ds, &lyr);
    if (st)
        return st;
    int id_i, class_i, pop_i;
    OGRSpatialReferenceH srs = NULL;
    if ((st = check_fields(ctx, spec, lyr, &id_i, &class_i, &pop_i)) ||
        (st = layer_srs(ctx, spec, lyr, &srs)))
        goto done;
    if (feature_count)
        *feature_count = (int)OGR_L_GetFeatureCount(lyr, TRUE);
    if (extent) {
        OGREnvelope env;
        if (OGR_L_GetExtent(lyr, &env, TRUE) != OGRERR_NONE) {
            extent[0] = extent[1] = INFINITY; /* empty layer */
            extent[2] = extent[3] = -INFINITY;
        } else {
            double in[4] = {env.MinX, env.MinY, env.MaxX, env.MaxY};
            if ((st = extent_to_work(ctx, spec, srs, work_srs, in, extent)))
                goto done;
        }
    }
    if (srs_name) {
        *srs_name = gt__srs_name(ctx, srs);
    }
done:
    if (srs)
        OSRDestroySpatialReference(srs);
    GDALClose(ds);
    return st;
}

static bool class_wanted(const gt__layer_spec *spec, const char *cls)
{
    if (!spec->classes)
        return true;
    for (int i = 0; i < spec->n_classes; i++)
        if (cls && strcmp(cls, spec->classes[i]) == 0)
            return true;
    return false;
}

static int geom_dim(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int d = GEOSGeom_getDimensions_r(h, g);
    return d < 0 ? 0 : d;
}

/* What reading one layer's features needs, and the features kept so far. */
typedef struct {
    const gt__layer_spec *spec;
    int id_i, class_i, pop_i;        /* field indexes, -1 when not asked for */
    OGRCoordinateTransformationH ct; /* NULL when the layer is in the working CRS */
    const double *aoi;               /* keep what touches it (NULL: everything) */
    gt__features *f;
    int cap; /* allocated length of f's arrays */
} reader;

/* The transformation from the layer's CRS to the working CRS; NULL (and
 * no error) when they are the same. */
static gt_status work_transform(gt_context *ctx, const gt__layer_spec *spec,
                                OGRSpatialReferenceH src, OGRSpatialReferenceH work,
                                OGRCoordinateTransformationH *ct)
{
    *ct = NULL;
    if (OSRIsSame(src, work))
        return GT_OK;
    CPLErrorReset();
    *ct = OCTNewCoordinateTransformation(src, work);
    if (!*ct)
        return gt__gdal_error(ctx, GT_ERR_INPUT_CRS,
                              "layers.%s (%s): no transformation from the layer's "
                              "CRS to the working CRS",
                              spec->name, spec->origin);
    return GT_OK;
}

/* A feature's geometry as GEOS in the working CRS: curves made lines, 2D,
 * repaired (counted). NULL without an error when the repair leaves nothing
 * (counted as a feature without geometry). */
static gt_status work_geometry(gt_context *ctx, reader *r, OGRGeometryH og, long long fid,
                               GEOSGeometry **out)
{
    const gt__layer_spec *spec = r->spec;
    *out = NULL;
    OGRGeometryH lin = OGR_G_GetLinearGeometry(og, 0, NULL); /* curves -> lines */
    OGR_G_FlattenTo2D(lin);
    if (r->ct && OGR_G_Transform(lin, r->ct) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(lin);
        return gt__gdal_error(ctx, GT_ERR_INPUT_CRS,
                              "layers.%s: feature %lld of '%s' cannot be transformed to "
                              "the working CRS",
                              spec->name, fid, spec->source);
    }
    int repaired = 0;
    GEOSGeometry *g = gt__ogr_to_geos(ctx, lin, &repaired);
    OGR_G_DestroyGeometry(lin);
    if (!g)
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                         repaired < 0 ? "layers.%s: feature %lld of '%s': invalid geometry "
                                        "could not be repaired (GEOS: %s)"
                                      : "layers.%s: feature %lld of '%s': geometry cannot be "
                                        "read (GEOS: %s)",
                         spec->name, fid, spec->source, gt__geos_errmsg(ctx));
    if (repaired) {
        r->f->n_repaired++;
        if (GEOSisEmpty_r(gt__geos(ctx), g) == 1) {
            GEOSGeom_destroy_r(gt__geos(ctx), g);
            r->f->n_no_geometry++;
            return GT_OK;
        }
    }
    *out = g;
    return GT_OK;
}

/* Whether g's bounding box misses the area of interest. */
static bool outside_aoi(gt_context *ctx, const double *aoi, const GEOSGeometry *g)
{
    if (!aoi)
        return false;
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(gt__geos(ctx), g, &x0);
    GEOSGeom_getYMin_r(gt__geos(ctx), g, &y0);
    GEOSGeom_getXMax_r(gt__geos(ctx), g, &x1);
    GEOSGeom_getYMax_r(gt__geos(ctx), g, &y1);
    return x1 < aoi[0] || x0 > aoi[2] || y1 < aoi[1] || y0 > aoi[3];
}

/* Room for one more feature: the arrays double, those of absent fields
 * stay NULL. */
static bool grow(reader *r)
{
    gt__features *f = r->f;
    if (f->n < r->cap)
        return true;
    int ncap = r->cap ? r->cap * 2 : 256;
    GEOSGeometry **ng = realloc(f->geoms, sizeof *ng * (size_t)ncap);
    char **ni = ng ? realloc(f->ids, sizeof *ni * (size_t)ncap) : NULL;
    if (ng)
        f->geoms = ng;
    if (ni)
        f->ids = ni;
    bool ok = ng && ni;
    if (ok && r->class_i >= 0) {
        char **nc = realloc(f->classes, sizeof *nc * (size_t)ncap);
        ok = nc != NULL;
        if (nc)
            f->classes = nc;
    }
    if (ok && r->pop_i >= 0) {
        double *nv = realloc(f->values, sizeof *nv * (size_t)ncap);
        ok = nv != NULL;
        if (nv)
            f->values = nv;
    }
    if (ok)
        r->cap = ncap;
    return ok;
}

/* Keep a feature: its geometry (taken, destroyed on failure), id, class
 * and population. */
static gt_status keep_feature(gt_context *ctx, reader *r, OGRFeatureH feat, long long fid,
                              const char *cls, GEOSGeometry *g)
{
    gt__features *f = r->f;
    if (!grow(r)) {
        GEOSGeom_destroy_r(gt__geos(ctx), g);
        return gt__error(ctx, GT_ERR_NOMEM, "layers.%s: out of memory", r->spec->name);
    }
    int k = f->n;
    f->geoms[k] = g;
    f->ids[k] = r->id_i >= 0 ? gt__strdup(ctx, OGR_F_GetFieldAsString(feat, r->id_i))
                             : gt__asprintf("%lld", fid);
    if (r->class_i >= 0)
        f->classes[k] = cls ? gt__strdup(ctx, cls) : NULL;
    if (r->pop_i >= 0)
        f->values[k] = OGR_F_IsFieldSetAndNotNull(feat, r->pop_i)
                           ? OGR_F_GetFieldAsDouble(feat, r->pop_i)
                           : NAN;
    f->n++;
    int d = geom_dim(gt__geos(ctx), g);
    if (d > f->max_dim)
        f->max_dim = d;
    return GT_OK;
}

/* Read one feature: skip it (counted) when its class is not wanted, it has
 * no geometry or it lies outside the area of interest; keep it otherwise. */
static gt_status read_feature(gt_context *ctx, reader *r, OGRFeatureH feat)
{
    r->f->n_read++;
    long long fid = OGR_F_GetFID(feat);
    const char *cls = r->class_i >= 0 && OGR_F_IsFieldSetAndNotNull(feat, r->class_i)
                          ? OGR_F_GetFieldAsString(feat, r->class_i)
                          : NULL;
    OGRGeometryH og = OGR_F_GetGeometryRef(feat);
    if (!class_wanted(r->spec, cls))
        return GT_OK;
    if (!og || OGR_G_IsEmpty(og)) {
        r->f->n_no_geometry++;
        return GT_OK;
    }
    GEOSGeometry *g;
    gt_status st = work_geometry(ctx, r, og, fid, &g);
    if (st || !g)
        return st;
    if (outside_aoi(ctx, r->aoi, g)) {
        GEOSGeom_destroy_r(gt__geos(ctx), g);
        r->f->n_outside++;
        return GT_OK;
    }
    return keep_feature(ctx, r, feat, fid, cls, g);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort a copy of the id pointers, compare neighbours. */
gt_status gt__features_repeated_id(gt_context *ctx, const gt__features *f, const char **repeated)
{
    *repeated = NULL;
    if (f->n < 2)
        return GT_OK;
    char **ids = gt__malloc(ctx, sizeof *ids * (size_t)f->n);
    if (!ids)
        return gt_context_status(ctx);
    memcpy(ids, f->ids, sizeof *ids * (size_t)f->n);
    qsort(ids, (size_t)f->n, sizeof *ids, cmp_id);
    for (int k = 1; k < f->n && !*repeated; k++)
        if (!strcmp(ids[k - 1], ids[k]))
            *repeated = ids[k];
    free(ids);
    return GT_OK;
}

/* A commune of -5000 people or of NaN was left out of the demand without
 * a word (14 % of a province's people, the landfill 15 % too small); one
 * of 1e15 made a network's tonnage. */
gt_status gt__features_check_population(gt_context *ctx, const gt__layer_spec *spec,
                                        const gt__features *f)
{
    if (!spec->population_field || !f->values)
        return GT_OK;
    int n_null = 0;
    gt__sbuf ids = {0};
    for (int k = 0; k < f->n; k++) {
        double v = f->values[k];
        if (isnan(v)) {
            if (n_null++ < 5)
                gt__sbuf_add(&ids, "%s'%s'", n_null > 1 ? ", " : "", f->ids[k]);
            continue;
        }
        if (v < 0 || v > 1e9) {
            free(ids.s);
            return gt__error(ctx, GT_ERR_INPUT_FIELD,
                             "layers.%s.population_field (%s): feature '%s' of '%s' has %g "
                             "people in field '%s'; a population is from 0 to 1e9",
                             spec->name, spec->origin, f->ids[k], spec->source, v,
                             spec->population_field);
        }
    }
    if (n_null)
        gt__log(ctx, GT_LOG_WARNING,
                "layers.%s.population_field (%s): %d of the %d features kept have no population "
                "(NULL or not a number) in field '%s' (%s%s): check the source",
                spec->name, spec->origin, n_null, f->n, spec->population_field, ids.s,
                n_null > 5 ? ", ..." : "");
    free(ids.s);
    return GT_OK;
}

/* A class factor scored every feature alike and a rule's classes
 * excluded nothing; a population of 0 everywhere put nobody near a
 * landfill. A filter on `classes` drops features without a class
 * already (a data gap, "no features after filtering"). */
gt_status gt__features_check_values(gt_context *ctx, const gt__layer_spec *spec,
                                    const gt__features *f)
{
    if (f->n == 0)
        return GT_OK;
    bool any_class = !spec->class_field || !f->classes;
    for (int k = 0; k < f->n && !any_class; k++)
        any_class = f->classes[k] && f->classes[k][0];
    bool any_pop = !spec->population_field || !f->values;
    for (int k = 0; k < f->n && !any_pop; k++)
        any_pop = f->values[k] > 0; /* false for NaN: NULL */
    if (!any_class)
        return gt__error(ctx, GT_ERR_INPUT_FIELD,
                         "layers.%s.class_field (%s): field '%s' of '%s' is empty (NULL or '') "
                         "in every one of the %d features kept; no feature has a class",
                         spec->name, spec->origin, spec->class_field, spec->source, f->n);
    if (!any_pop)
        return gt__error(ctx, GT_ERR_INPUT_FIELD,
                         "layers.%s.population_field (%s): none of the %d features kept of '%s' "
                         "has a population above 0 in field '%s' (empty, 0 or not numbers)",
                         spec->name, spec->origin, f->n, spec->source, spec->population_field);
    return gt__features_check_population(ctx, spec, f);
}

/* What was repaired, skipped and kept. */
static void log_counts(gt_context *ctx, const gt__layer_spec *spec, const gt__features *f)
{
    if (f->n_repaired)
        gt__log(ctx, GT_LOG_WARNING, "layers.%s: %d invalid geometr%s repaired with GEOS MakeValid",
                spec->name, f->n_repaired, f->n_repaired == 1 ? "y" : "ies");
    if (f->n_no_geometry)
        gt__log(ctx, GT_LOG_WARNING, "layers.%s: %d feature%s without geometry skipped", spec->name,
                f->n_no_geometry, f->n_no_geometry == 1 ? "" : "s");
    gt__log(ctx, GT_LOG_INFO, "layers.%s: %d features read from %s, %d kept", spec->name, f->n_read,
            spec->source, f->n);
}

/* Keep only the features of FIDs range[0] .. range[1] - 1 (a part of the
 * layer read on its own thread), as a filter on the FID column; an end at
 * LLONG_MIN or LLONG_MAX is open. */
static gt_status fid_filter(gt_context *ctx, const gt__layer_spec *spec, OGRLayerH lyr,
                            const long long *range)
{
    if (!range)
        return GT_OK;
    const char *fid = OGR_L_GetFIDColumn(lyr);
    char where[256] = "", *w = where;
    if (range[0] != LLONG_MIN)
        w += snprintf(w, 100, "\"%.80s\" >= %lld", fid, range[0]);
    if (range[1] != LLONG_MAX)
        snprintf(w, 120, "%s\"%.80s\" < %lld", w > where ? " AND " : "", fid, range[1]);
    if (OGR_L_SetAttributeFilter(lyr, where[0] ? where : NULL) != OGRERR_NONE)
        return gt__gdal_error(ctx, GT_ERR_INPUT_LAYER,
                              "layers.%s (%s): '%s' cannot be read by ranges of FIDs", spec->name,
                              spec->origin, spec->source);
    return GT_OK;
}

/* The layer's features (those of a range of FIDs when `range` is given),
 * without the message of what was kept. */
static gt_status load_features(gt_context *ctx, const gt__layer_spec *spec,
                               OGRSpatialReferenceH work_srs, const double *aoi,
                               const long long *range, gt__features **out)
{
    *out = NULL;
    GDALDatasetH ds = NULL;
    OGRLayerH lyr = NULL;
    OGRSpatialReferenceH src_srs = NULL;
    reader r = {.spec = spec, .aoi = aoi};
    gt_status st = open_layer(ctx, spec, &ds, &lyr);
    if (st)
        return st;
    if ((st = check_fields(ctx, spec, lyr, &r.id_i, &r.class_i, &r.pop_i)) ||
        (st = fid_filter(ctx, spec, lyr, range)) || (st = layer_srs(ctx, spec, lyr, &src_srs)) ||
        (st = work_transform(ctx, spec, src_srs, work_srs, &r.ct)))
        goto done;
    r.f = gt__calloc(ctx, 1, sizeof *r.f);
    if (!r.f || !(r.f->name = gt__strdup(ctx, spec->name))) {
        st = gt_context_status(ctx) ? gt_context_status(ctx) : GT_ERR_NOMEM;
        goto done;
    }
    OGR_L_ResetReading(lyr);
    OGRFeatureH feat;
    while ((feat = OGR_L_GetNextFeature(lyr))) {
        st = read_feature(ctx, &r, feat);
        OGR_F_Destroy(feat);
        if (st)
            goto done;
    }
    *out = r.f;
    r.f = NULL;
done:
    gt__features_free(ctx, r.f);
    if (r.ct)
        OCTDestroyCoordinateTransformation(r.ct);
    if (src_srs)
        OSRDestroySpatialReference(src_srs);
    GDALClose(ds);
    return st;
}

gt_status gt__vector_load(gt_context *ctx, const gt__layer_spec *spec,
                          OGRSpatialReferenceH work_srs, const double *aoi, gt__features **out)
{
    gt_status st = load_features(ctx, spec, work_srs, aoi, NULL, out);
    if (!st)
        log_counts(ctx, spec, *out);
    return st;
}

int gt__vector_parts(gt_context *ctx, const gt__layer_spec *spec, int most, long long range[2])
{
    (void)ctx;
    range[0] = range[1] = 0;
    /* A filter could make SQLite walk an index of its own, in another order
     * than one reading gives. */
    if (most < 2 || spec->where)
        return 1;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const char *const drivers[] = {"GPKG", NULL};
    GDALDatasetH ds = GDALOpenEx(spec->source, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL,
                                 NULL);
    OGRLayerH lyr = !ds                 ? NULL
                    : spec->layer       ? GDALDatasetGetLayerByName(ds, spec->layer)
                    : GDALDatasetGetLayerCount(ds) == 1 ? GDALDatasetGetLayer(ds, 0)
                                                        : NULL;
    const char *fid = lyr ? OGR_L_GetFIDColumn(lyr) : "";
    int parts = 1;
    if (fid[0] && !strchr(fid, '"') && !strchr(OGR_L_GetName(lyr), '"') &&
        OGR_L_GetFeatureCount(lyr, FALSE) >= GT__VECTOR_PART_MIN) {
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT MIN(\"%s\"), MAX(\"%s\") FROM \"%s\"", fid, fid,
                 OGR_L_GetName(lyr));
        OGRLayerH res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
        OGRFeatureH f = res ? OGR_L_GetNextFeature(res) : NULL;
        if (f && OGR_F_IsFieldSetAndNotNull(f, 0) && OGR_F_IsFieldSetAndNotNull(f, 1)) {
            range[0] = OGR_F_GetFieldAsInteger64(f, 0);
            range[1] = OGR_F_GetFieldAsInteger64(f, 1) + 1;
            if (range[1] - range[0] >= (long long)GT__VECTOR_PART_MIN)
                parts = most;
        }
        if (f)
            OGR_F_Destroy(f);
        if (res)
            GDALDatasetReleaseResultSet(ds, res);
    }
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return parts;
}

gt_status gt__vector_load_part(gt_context *ctx, const gt__layer_spec *spec,
                               OGRSpatialReferenceH work_srs, const double *aoi,
                               const long long range[2], int part, int parts, gt__features **out)
{
    long long span = range[1] - range[0];
    long long r[2] = {range[0] + span * part / parts, range[0] + span * (part + 1) / parts};
    /* The first and last parts reach out to any FID, as one reading does. */
    if (part == 0)
        r[0] = LLONG_MIN;
    if (part == parts - 1)
        r[1] = LLONG_MAX;
    return load_features(ctx, spec, work_srs, aoi, r, out);
}

/* Append a's arrays to f's (grown to n). */
static bool append_arrays(gt__features *f, const gt__features *a, int n)
{
    GEOSGeometry **g = realloc(f->geoms, sizeof *g * (size_t)n);
    if (g)
        f->geoms = g;
    char **ids = realloc(f->ids, sizeof *ids * (size_t)n);
    if (ids)
        f->ids = ids;
    char **cls = a->classes ? realloc(f->classes, sizeof *cls * (size_t)n) : f->classes;
    if (cls)
        f->classes = cls;
    double *v = a->values ? realloc(f->values, sizeof *v * (size_t)n) : f->values;
    if (v)
        f->values = v;
    if (!g || !ids || (a->classes && !cls) || (a->values && !v))
        return false;
    memcpy(f->geoms + f->n, a->geoms, sizeof *g * (size_t)a->n);
    memcpy(f->ids + f->n, a->ids, sizeof *ids * (size_t)a->n);
    if (a->classes)
        memcpy(f->classes + f->n, a->classes, sizeof *cls * (size_t)a->n);
    if (a->values)
        memcpy(f->values + f->n, a->values, sizeof *v * (size_t)a->n);
    return true;
}

/* Append part a to f (grown to n). A part that kept no feature has no
 * arrays (they are made with its first feature): only its counts add. */
static bool append_part(gt__features *f, gt__features *a, int n)
{
    if (a->n > 0 && !append_arrays(f, a, n))
        return false;
    f->n += a->n;
    f->n_read += a->n_read;
    f->n_repaired += a->n_repaired;
    f->n_no_geometry += a->n_no_geometry;
    f->n_outside += a->n_outside;
    f->max_dim = a->max_dim > f->max_dim ? a->max_dim : f->max_dim;
    a->n = 0; /* its features are f's now */
    return true;
}

gt_status gt__vector_join(gt_context *ctx, const gt__layer_spec *spec, gt__features **parts,
                          int n, gt__features **out)
{
    *out = parts[0];
    parts[0] = NULL;
    gt__features *f = *out;
    for (int k = 1; k < n; k++) {
        gt__features *a = parts[k];
        if (!append_part(f, a, f->n + a->n)) {
            gt__features_free(ctx, f);
            *out = NULL;
            return gt__error(ctx, GT_ERR_NOMEM, "layers.%s: out of memory", spec->name);
        }
        gt__features_free(ctx, a);
        parts[k] = NULL;
    }
    log_counts(ctx, spec, f);
    return GT_OK;
}

OGRGeometryH gt__geos_to_ogr_with(gt_context *ctx, GEOSWKBWriter *w, const GEOSGeometry *g)
{
    size_t size;
    unsigned char *wkb = GEOSWKBWriter_write_r(gt__geos(ctx), w, g, &size);
    if (!wkb) {
        GT_GEOS_FAIL(ctx, "WKB export");
        return NULL;
    }
    OGRGeometryH og = NULL;
    if (OGR_G_CreateFromWkb(wkb, NULL, &og, (int)size) != OGRERR_NONE)
        gt__error(ctx, GT_ERR_DEPENDENCY, "OGR cannot read a GEOS WKB geometry");
    GEOSFree_r(gt__geos(ctx), wkb);
    return og;
}

OGRGeometryH gt__geos_to_ogr(gt_context *ctx, const GEOSGeometry *g)
{
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(gt__geos(ctx));
    if (!w) {
        GT_GEOS_FAIL(ctx, "WKB writer");
        return NULL;
    }
    OGRGeometryH og = gt__geos_to_ogr_with(ctx, w, g);
    GEOSWKBWriter_destroy_r(gt__geos(ctx), w);
    return og;
}

GEOSGeometry *gt__ogr_to_geos(gt_context *ctx, OGRGeometryH g, int *repaired)
{
    if (repaired)
        *repaired = 0;
    size_t size = (size_t)OGR_G_WkbSize(g);
    unsigned char *wkb = malloc(size ? size : 1);
    if (!wkb)
        return NULL;
    OGR_G_ExportToWkb(g, wkbNDR, wkb);
    GEOSGeometry *out = GEOSGeomFromWKB_buf_r(gt__geos(ctx), wkb, size);
    free(wkb);
    if (out && repaired && GEOSisValid_r(gt__geos(ctx), out) != 1) {
        GEOSGeometry *fixed = GEOSMakeValid_r(gt__geos(ctx), out);
        GEOSGeom_destroy_r(gt__geos(ctx), out);
        out = fixed;
        *repaired = fixed ? 1 : -1;
    }
    return out;
}

gt_status gt__srs_extent_to_work(gt_context *ctx, const gt__layer_spec *spec,
                                 OGRSpatialReferenceH src, OGRSpatialReferenceH work,
                                 const double in[4], double out[4])
{
    return extent_to_work(ctx, spec, src, work, in, out);
}
