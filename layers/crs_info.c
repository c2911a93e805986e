/*
 * crs_info.c: what PROJ and OGR say of an EPSG projected CRS and of the
 * operation PROJ would use from its datum to WGS 84, for `gistool crs`.
 * The preset table (algorithms/vn2000.c) only claims a meridian and a
 * code; this file asks the EPSG dataset so the two can be compared.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_srs_api.h>
#include <proj.h>

#include "layers/crs_info.h"

void gt__crs_info_free(gt__crs_info *info)
{
    if (!info)
        return;
    free(info->name);
    free(info->proj);
    free(info->wkt);
    free(info->datum);
    free(info->to_wgs84_name);
    free(info->to_wgs84_id);
    free(info->to_wgs84_proj);
    memset(info, 0, sizeof *info);
}

/* PROJ returns NULL for a text it cannot give; the report then shows "". */
static bool keep(gt_context *ctx, char **field, const char *text)
{
    *field = gt__strdup(ctx, text ? text : "");
    return *field != NULL;
}

/* The projection parameters as OGR reads them: the same reading that
 * gt__srs_create() gives the pipelines for "EPSG:code". */
static gt_status read_parameters(gt_context *ctx, int code, gt__crs_info *out)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    if (!srs || OSRImportFromEPSG(srs, code) != OGRERR_NONE) {
        if (srs)
            OSRDestroySpatialReference(srs);
        return gt__error(ctx, GT_ERR_INPUT_CRS, "EPSG:%d is not a CRS GDAL/PROJ knows", code);
    }
    out->central_meridian_deg = OSRGetProjParm(srs, SRS_PP_CENTRAL_MERIDIAN, 0, NULL);
    out->scale_factor = OSRGetProjParm(srs, SRS_PP_SCALE_FACTOR, 0, NULL);
    out->false_easting_m = OSRGetProjParm(srs, SRS_PP_FALSE_EASTING, 0, NULL);
    OSRDestroySpatialReference(srs);
    return GT_OK;
}

/* The first operation PROJ lists from the CRS's geographic CRS to WGS 84
 * (EPSG:4326): PROJ sorts them best first, so this is the one a
 * transformation between the two would use where no grid is missing. */
static gt_status read_operation(gt_context *ctx, PJ_CONTEXT *pc, PJ *crs, gt__crs_info *out)
{
    gt_status st = GT_OK;
    PJ *geog = proj_crs_get_geodetic_crs(pc, crs);
    PJ *wgs = proj_create_from_database(pc, "EPSG", "4326", PJ_CATEGORY_CRS, 0, NULL);
    PJ_OPERATION_FACTORY_CONTEXT *oc = proj_create_operation_factory_context(pc, NULL);
    PJ_OBJ_LIST *ops = NULL;
    PJ *op = NULL;
    if (geog && wgs && oc) {
        proj_operation_factory_context_set_grid_availability_use(
            pc, oc, PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
        ops = proj_create_operations(pc, geog, wgs, oc);
    }
    if (ops && proj_list_get_count(ops) > 0)
        op = proj_list_get(pc, ops, 0);
    if (!op) {
        st = gt__error(ctx, GT_ERR_INPUT_CRS, "PROJ finds no operation from %s to WGS 84",
                       out->name);
    } else {
        const char *auth = proj_get_id_auth_name(op, 0), *code = proj_get_id_code(op, 0);
        char id[64] = "";
        if (auth && code)
            snprintf(id, sizeof id, "%s:%s", auth, code);
        out->to_wgs84_accuracy_m = proj_coordoperation_get_accuracy(pc, op);
        if (!keep(ctx, &out->datum, proj_get_name(geog)) ||
            !keep(ctx, &out->to_wgs84_name, proj_get_name(op)) ||
            !keep(ctx, &out->to_wgs84_id, id) ||
            !keep(ctx, &out->to_wgs84_proj, proj_as_proj_string(pc, op, PJ_PROJ_5, NULL)))
            st = GT_ERR_NOMEM;
    }
    proj_destroy(op);
    proj_list_destroy(ops);
    proj_operation_factory_context_destroy(oc);
    proj_destroy(wgs);
    proj_destroy(geog);
    return st;
}

gt_status gt__crs_info_epsg(gt_context *ctx, int code, gt__crs_info *out)
{
    memset(out, 0, sizeof *out);
    gt_status st = read_parameters(ctx, code, out);
    if (st)
        return st;
    /* A context of its own: PROJ contexts are not shared between threads. */
    PJ_CONTEXT *pc = proj_context_create();
    char text[16];
    snprintf(text, sizeof text, "%d", code);
    PJ *crs = pc ? proj_create_from_database(pc, "EPSG", text, PJ_CATEGORY_CRS, 0, NULL) : NULL;
    if (!crs) {
        st = gt__error(ctx, GT_ERR_INPUT_CRS, "EPSG:%d is not in PROJ's database", code);
    } else {
        const char *const wkt_opts[] = {"MULTILINE=YES", NULL};
        if (!keep(ctx, &out->name, proj_get_name(crs)) ||
            !keep(ctx, &out->proj, proj_as_proj_string(pc, crs, PJ_PROJ_4, NULL)) ||
            !keep(ctx, &out->wkt, proj_as_wkt(pc, crs, PJ_WKT2_2019, wkt_opts)))
            st = GT_ERR_NOMEM;
        else
            st = read_operation(ctx, pc, crs, out);
    }
    proj_destroy(crs);
    proj_context_destroy(pc);
    if (st)
        gt__crs_info_free(out);
    return st;
}
