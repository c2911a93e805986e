/*
 * output.c: helpers shared by the pipelines that write GeoPackage layers
 * and provenance tables (site.c, rank.c). SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_string.h>

#include "gistool/options.h"
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

gt_status gt__out_kv(gt_context *ctx, OGRLayerH l, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[1024];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    char *big = NULL;
    if (n >= (int)sizeof small) {
        big = malloc((size_t)n + 1);
        va_start(ap, fmt);
        if (big)
            vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGR_F_SetFieldString(f, 0, key);
    OGR_F_SetFieldString(f, 1, big ? big : small);
    OGRErr e = OGR_L_CreateFeature(l, f);
    OGR_F_Destroy(f);
    free(big);
    return e == OGRERR_NONE ? GT_OK : gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing run_info failed");
}

gt_status gt__out_inputs(gt_context *ctx, gt__gpkg *g, const gt_scenario *s,
                         const gt__layer_spec *extra)
{
    const char *names[] = {"layer", "path", "size_bytes", "sha256", "label"};
    OGRFieldType types[] = {OFTString, OFTString, OFTInteger64, OFTString, OFTString};
    OGRLayerH l = gt__gpkg_table(ctx, g, "run_inputs", names, types, 5);
    if (!l)
        return gt_context_status(ctx);
    for (int i = -3; i < s->n_layers; i++) {
        if (i == -3 && !extra)
            continue;
        const char *name = i == -3   ? extra->name
                           : i == -2 ? "scenario"
                           : i == -1 ? "study_area"
                                     : s->layers[i].name;
        const char *label = i == -3   ? extra->label
                            : i == -2 ? NULL
                            : i == -1 ? s->study_area.label
                                      : s->layers[i].label;
        const char *src = i == -3   ? extra->source
                          : i == -2 ? s->yaml.file
                          : i == -1 ? s->study_area.source
                                    : s->layers[i].source;
        char **files = NULL;
        if (i != -2) {
            GDALDatasetH ds = GDALOpenEx(src, GDAL_OF_READONLY, NULL, NULL, NULL);
            if (ds) {
                files = GDALGetFileList(ds);
                GDALClose(ds);
            }
        }
        const char *one[] = {src, NULL};
        const char *const *list = files ? (const char *const *)files : one;
        for (int k = 0; list[k]; k++) {
            char hex[65] = "";
            long long size = -1;
            if (!gt__sha256_file(list[k], hex, &size))
                snprintf(hex, sizeof hex, "unreadable");
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            OGR_F_SetFieldString(f, 0, name);
            OGR_F_SetFieldString(f, 1, list[k]);
            OGR_F_SetFieldInteger64(f, 2, size);
            OGR_F_SetFieldString(f, 3, hex);
            if (label)
                OGR_F_SetFieldString(f, 4, label);
            OGRErr e = OGR_L_CreateFeature(l, f);
            OGR_F_Destroy(f);
            if (e != OGRERR_NONE) {
                CSLDestroy(files);
                return gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing run_inputs failed");
            }
        }
        CSLDestroy(files);
    }
    return GT_OK;
}

void gt__sanitize(char *dst, size_t size, const char *fmt, const char *a)
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

char *gt__command_line(int argc, char *const *argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
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

gt_status gt__out_extras(gt_context *ctx, const gt_scenario *s, const char *gpkg)
{
    if (!s->out_maps && !s->out_report)
        return GT_OK;
    gt_map_options mo = {.run = gpkg, .lang = s->out_lang, .dpi = 300};
    gt_report_options ro = {.run = gpkg, .lang = s->out_lang};
    gt_status st = GT_OK;
    if (s->out_maps) {
        char **written = NULL;
        st = gt_map_run(ctx, gpkg, &mo, &written);
        for (int i = 0; written && written[i]; i++) {
            gt__log(ctx, GT_LOG_INFO, "wrote %s", written[i]);
            free(written[i]);
        }
        free(written);
    }
    if (!st && s->out_report) {
        char *written = NULL;
        st = gt_report_run(ctx, gpkg, &ro, &written);
        if (written)
            gt__log(ctx, GT_LOG_INFO, "wrote %s", written);
        free(written);
    }
    return st;
}
