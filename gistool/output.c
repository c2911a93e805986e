/*
 * output.c: helpers shared by the pipelines that write GeoPackage layers
 * and provenance tables (site.c, rank.c). A leaf: it writes, and never
 * starts another command (extras.c does). SPDX-License-Identifier: MIT
 */
#include <math.h>
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

gt_status gt__out_feature(gt_context *ctx, OGRLayerH l, OGRFeatureH f, const GEOSGeometry *g,
                          bool multi_polygon)
{
    if (g) {
        OGRGeometryH og = gt__geos_to_ogr(ctx, g);
        if (!og)
            return gt_context_status(ctx);
        if (multi_polygon)
            og = OGR_G_ForceToMultiPolygon(og);
        OGR_F_SetGeometryDirectly(f, og);
    }
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing a feature of '%s' failed",
                              OGR_L_GetName(l));
    return GT_OK;
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
