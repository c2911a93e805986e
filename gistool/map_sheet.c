/*
 * map_sheet.c: `gistool map RUN.gpkg`: map sheets of a site or rank run (PNG at
 * 300 dpi and vector PDF, A4 and A3 landscape), with base layers from the
 * run's own inputs (its scenario, recorded in run_info). Text in
 * Vietnamese (default) or English. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_error.h>

#include "gistool/options.h"
#include "gistool/scenario.h"

typedef struct {
    gt_context *ctx;
    GDALDatasetH ds;
    char *command, *scenario_path, *crs, *started, *sources;
    gt_scenario *s;
    OGRSpatialReferenceH srs;
    gt__features *boundary, *communes, *rivers, *roads, *protected_areas, *inset_area, *outline;
    GEOSGeometry *inset;
    GEOSGeometry **geoms; /* parcels, regions or sites read from the run */
    int n_geoms;
    double *score;
    int *excluded, *cls, *rank;
    GEOSGeometry **regions;
    int n_regions;
    double *lx, *ly;
    int *lrank, n_labels;
    float *raster;
    gt__grid grid;
} map_run;

static char *info(GDALDatasetH ds, const char *key)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "run_info");
    if (!l)
        return NULL;
    char *v = NULL;
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while (!v && (f = OGR_L_GetNextFeature(l))) {
        if (!strcmp(OGR_F_GetFieldAsString(f, 0), key))
            v = strdup(OGR_F_GetFieldAsString(f, 1));
        OGR_F_Destroy(f);
    }
    return v;
}

static gt__features *base_layer(map_run *m, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        const gt__layer_spec *spec = gt__scenario_layer(m->s, names[i]);
        gt__features *f = NULL;
        if (spec && !gt__vector_load(m->ctx, spec, m->srs, NULL, &f))
            return f;
    }
    return NULL;
}

/* Geometries and fields of a layer of the run. */
static gt_status read_run_layer(map_run *m, const char *name, const char *const *fields, int nf,
                                GEOSGeometry ***geoms, double **vals, int *n)
{
    *n = 0;
    OGRLayerH l = GDALDatasetGetLayerByName(m->ds, name);
    if (!l)
        return GT_OK;
    int cap = (int)OGR_L_GetFeatureCount(l, TRUE) + 1;
    *geoms = gt__calloc(m->ctx, (size_t)cap, sizeof **geoms);
    *vals = gt__calloc(m->ctx, (size_t)cap * (size_t)(nf ? nf : 1), sizeof **vals);
    GEOSWKBReader *rd = GEOSWKBReader_create_r(gt__geos(m->ctx));
    if (!*geoms || !*vals || !rd) {
        if (rd)
            GEOSWKBReader_destroy_r(gt__geos(m->ctx), rd);
        return gt_context_status(m->ctx) ? gt_context_status(m->ctx) : GT_ERR_NOMEM;
    }
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l)) && *n < cap) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g) {
            size_t size = (size_t)OGR_G_WkbSize(g);
            unsigned char *wkb = malloc(size);
            if (wkb) {
                OGR_G_ExportToWkb(g, wkbNDR, wkb);
                (*geoms)[*n] = GEOSWKBReader_read_r(gt__geos(m->ctx), rd, wkb, size);
                free(wkb);
            }
            for (int k = 0; k < nf; k++) {
                int i = OGR_FD_GetFieldIndex(d, fields[k]);
                (*vals)[(size_t)*n * nf + k] =
                    i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsDouble(f, i) : NAN;
            }
            if ((*geoms)[*n])
                (*n)++;
        }
        OGR_F_Destroy(f);
    }
    GEOSWKBReader_destroy_r(gt__geos(m->ctx), rd);
    return GT_OK;
}

static void labels_for(map_run *m, GEOSGeometry **g, const double *rank, int stride, int n)
{
    m->lx = gt__calloc(m->ctx, 11, sizeof(double));
    m->ly = gt__calloc(m->ctx, 11, sizeof(double));
    m->lrank = gt__calloc(m->ctx, 11, sizeof(int));
    for (int i = 0; m->lx && m->ly && m->lrank && i < n; i++) {
        double r = rank[(size_t)i * stride];
        if (isnan(r) || r < 1 || r > 10 || m->n_labels >= 10)
            continue;
        GEOSGeometry *p = GEOSPointOnSurface_r(gt__geos(m->ctx), g[i]);
        if (p && GEOSGeomGetX_r(gt__geos(m->ctx), p, &m->lx[m->n_labels]) &&
            GEOSGeomGetY_r(gt__geos(m->ctx), p, &m->ly[m->n_labels]))
            m->lrank[m->n_labels++] = (int)r;
        if (p)
            GEOSGeom_destroy_r(gt__geos(m->ctx), p);
    }
}

static void run_free(map_run *m)
{
    gt_context *ctx = m->ctx;
    gt__features *fs[] = {m->boundary,        m->communes,   m->rivers, m->roads,
                          m->protected_areas, m->inset_area, m->outline};
    for (int i = 0; i < 7; i++)
        gt__features_free(ctx, fs[i]);
    if (m->inset)
        GEOSGeom_destroy_r(gt__geos(ctx), m->inset);
    for (int i = 0; m->geoms && i < m->n_geoms; i++)
        GEOSGeom_destroy_r(gt__geos(ctx), m->geoms[i]);
    for (int i = 0; m->regions && i < m->n_regions; i++)
        GEOSGeom_destroy_r(gt__geos(ctx), m->regions[i]);
    free(m->geoms);
    free(m->regions);
    free(m->score);
    free(m->excluded);
    free(m->cls);
    free(m->rank);
    free(m->lx);
    free(m->ly);
    free(m->lrank);
    free(m->raster);
    free(m->command);
    free(m->scenario_path);
    free(m->crs);
    free(m->started);
    free(m->sources);
    gt_scenario_destroy(m->s);
    if (m->srs)
        OSRDestroySpatialReference(m->srs);
    if (m->ds)
        GDALClose(m->ds);
}

static char *outline_path(void)
{
    const char *dirs[] = {getenv("GISTOOL_DATA"), GT_DATA_DIR_BUILD, GT_DATA_DIR_INSTALL};
    for (int i = 0; i < 3; i++) {
        char *p = dirs[i] ? gt__asprintf("%s/vn_outline.geojson", dirs[i]) : NULL;
        if (p && access(p, R_OK) == 0)
            return p;
        free(p);
    }
    return NULL;
}

gt_status gt_map_run(gt_context *ctx, const char *run_gpkg, const gt_map_options *o,
                     char ***written)
{
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    map_run m = {.ctx = ctx};
    gt_status st = GT_OK;
    bool en = o->lang && !strcmp(o->lang, "en");
    *written = NULL;
    const char *run = run_gpkg;
    CPLErrorReset();
    m.ds = GDALOpenEx(run, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!m.ds) {
        st = gt__gdal_error(ctx, GT_ERR_INPUT_OPEN, "map: cannot open '%s'", run);
        goto done;
    }
    m.command = info(m.ds, "command");
    m.scenario_path = info(m.ds, "scenario_path");
    m.crs = info(m.ds, "working_crs");
    m.started = info(m.ds, "started_utc");
    if (!m.command || !m.scenario_path || !m.crs) {
        st = gt__error(ctx, GT_ERR_INPUT_LAYER,
                       "map: '%s' is not a gistool run (no run_info with command, scenario and "
                       "CRS)",
                       run);
        goto done;
    }
    if (!(m.s = gt_scenario_load(ctx, m.scenario_path, NULL))) {
        gt__error_prefix(ctx, "map: the run's scenario");
        st = gt_context_status(ctx);
        goto done;
    }
    if (!(m.srs = gt__srs_create(ctx, m.crs))) {
        st = gt_context_status(ctx);
        goto done;
    }
    if ((st = gt__vector_load(ctx, &m.s->study_area, m.srs, NULL, &m.boundary)))
        goto done;
    static const char *const communes[] = {"population", NULL},
                             *const rivers[] = {"rivers", "surface_water", NULL},
                             *const roads[] = {"roads", NULL}, *const prot[] = {"protected", NULL};
    m.communes = base_layer(&m, communes);
    m.rivers = base_layer(&m, rivers);
    m.roads = base_layer(&m, roads);
    m.protected_areas = base_layer(&m, prot);
    /* The inset: Vietnam's outline and the study area, in lon/lat. */
    char *op = outline_path();
    OGRSpatialReferenceH wgs = gt__srs_create(ctx, "EPSG:4326");
    if (op && wgs) {
        gt__layer_spec os = {.name = "inset", .source = op, .origin = "vn_outline.geojson"};
        if (!gt__vector_load(ctx, &os, wgs, NULL, &m.outline) && m.outline->n)
            m.inset = GEOSGeom_clone_r(gt__geos(ctx), m.outline->geoms[0]);
        gt__vector_load(ctx, &m.s->study_area, wgs, NULL, &m.inset_area);
    }
    free(op);
    if (wgs)
        OSRDestroySpatialReference(wgs);
    gt__error_clear(ctx);

    bool site = !strcmp(m.command, "site");
    double *vals = NULL;
    if (site) {
        static const char *const pf[] = {"score", "excluded", "rank"};
        st = read_run_layer(&m, "parcels", pf, 3, &m.geoms, &vals, &m.n_geoms);
        m.score = gt__calloc(ctx, (size_t)m.n_geoms + 1, sizeof(double));
        m.excluded = gt__calloc(ctx, (size_t)m.n_geoms + 1, sizeof(int));
        for (int i = 0; !st && m.score && m.excluded && i < m.n_geoms; i++) {
            m.score[i] = vals[(size_t)i * 3];
            m.excluded[i] = vals[(size_t)i * 3 + 1] == 1;
        }
        if (!st)
            labels_for(&m, m.geoms, vals + 2, 3, m.n_geoms);
        free(vals);
        vals = NULL;
        static const char *const rf[] = {"rank"};
        if (!st)
            st = read_run_layer(&m, "candidate_regions", rf, 1, &m.regions, &vals, &m.n_regions);
        free(vals);
        /* The suitability raster. */
        char *name = gt__asprintf("GPKG:%s:suitability", run);
        GDALDatasetH r = name ? GDALOpen(name, GA_ReadOnly) : NULL;
        free(name);
        if (r) {
            double t[6];
            GDALGetGeoTransform(r, t);
            m.grid = (gt__grid){GDALGetRasterXSize(r), GDALGetRasterYSize(r), t[0], t[3], t[1]};
            m.raster = gt__malloc(ctx, sizeof(float) * (size_t)m.grid.w * m.grid.h);
            GDALRasterBandH b = GDALGetRasterBand(r, 1);
            int has;
            double nd = GDALGetRasterNoDataValue(b, &has);
            if (m.raster && GDALRasterIO(b, GF_Read, 0, 0, m.grid.w, m.grid.h, m.raster, m.grid.w,
                                         m.grid.h, GDT_Float32, 0, 0) == CE_None) {
                for (size_t k = 0; has && k < (size_t)m.grid.w * m.grid.h; k++)
                    if (m.raster[k] == (float)nd)
                        m.raster[k] = NAN;
            } else {
                free(m.raster);
                m.raster = NULL;
            }
            GDALClose(r);
        }
    } else {
        static const char *const lf[] = {"rank"};
        st = read_run_layer(&m, "landfills", lf, 1, &m.geoms, &vals, &m.n_geoms);
        if (!st)
            labels_for(&m, m.geoms, vals, 1, m.n_geoms);
        free(vals);
        /* risk classes by text */
        m.cls = gt__calloc(ctx, (size_t)m.n_geoms + 1, sizeof(int));
        OGRLayerH l = GDALDatasetGetLayerByName(m.ds, "landfills");
        OGRFeatureH f;
        int i = 0;
        OGR_L_ResetReading(l);
        while (m.cls && (f = OGR_L_GetNextFeature(l)) && i < m.n_geoms) {
            const char *c = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "risk_class"));
            m.cls[i++] = !strcmp(c, "High") ? 2 : !strcmp(c, "Moderate") ? 1 : 0;
            OGR_F_Destroy(f);
        }
    }
    if (st)
        goto done;

    gt__map map = {0};
    char title[512], notes[2048];
    snprintf(title, sizeof title, "%s", m.s->name);
    map.title = title;
    map.subtitle =
        site ? (en ? "Suitability for a household-waste treatment facility (gistool site)"
                   : "Mức độ phù hợp xây dựng khu xử lý chất thải rắn sinh hoạt (gistool site)")
             : (en ? "Remediation priority of unsanitary landfills and dumps (gistool rank)"
                   : "Thứ tự ưu tiên cải tạo bãi chôn lấp không hợp vệ sinh (gistool rank)");
    map.legend_title = en ? "Legend" : "Chú giải";
    snprintf(notes, sizeof notes,
             en ? "Coordinate system: %s. Sources: %s. Synthetic layers are labelled so in the "
                  "run's provenance (run_inputs). Run of %s, gistool %s."
                : "Hệ tọa độ: %s. Nguồn dữ liệu: %s. Các lớp dữ liệu tổng hợp (synthetic) được "
                  "ghi rõ trong bảng run_inputs. Ngày chạy: %s, gistool %s.",
             m.crs,
             en ? "province boundary, communes and 2009 census (GSO), rivers (WDB II), roads and "
                  "protected areas (LegoCity)"
                : "ranh giới tỉnh, xã và Tổng điều tra 2009 (GSO), sông (WDB II), đường và khu bảo "
                  "tồn (LegoCity)",
             m.started ? m.started : "?", gt_version());
    map.notes = notes;
    GEOSGeom_getXMin_r(gt__geos(ctx), m.boundary->geoms[0], &map.extent[0]);
    GEOSGeom_getYMin_r(gt__geos(ctx), m.boundary->geoms[0], &map.extent[1]);
    GEOSGeom_getXMax_r(gt__geos(ctx), m.boundary->geoms[0], &map.extent[2]);
    GEOSGeom_getYMax_r(gt__geos(ctx), m.boundary->geoms[0], &map.extent[3]);
    map.grid = m.grid;
    map.raster = m.raster;
    map.boundary = m.boundary;
    map.communes = m.communes;
    map.rivers = m.rivers;
    map.roads = m.roads;
    map.protected_areas = m.protected_areas;
    if (site) {
        map.parcels = m.geoms;
        map.parcel_score = m.score;
        map.parcel_excluded = m.excluded;
        map.n_parcels = m.n_geoms;
        map.regions = m.regions;
        map.n_regions = m.n_regions;
    } else {
        map.sites = m.geoms;
        map.site_class = m.cls;
        map.n_sites = m.n_geoms;
    }
    map.label_x = m.lx;
    map.label_y = m.ly;
    map.label_rank = m.lrank;
    map.n_labels = m.n_labels;
    map.inset = m.inset;
    map.inset_area = m.inset_area && m.inset_area->n ? m.inset_area->geoms[0] : NULL;
    const gt__map_legend site_vi[] = {{0x1a9641, false, false, "Phù hợp cao (điểm 1)"},
                                      {0xffffbf, false, false, "Trung bình (0,5)"},
                                      {0xd7191c, false, false, "Thấp hoặc bị loại trừ (0)"},
                                      {0x969696, false, false, "Thửa bị loại trừ theo quy định"},
                                      {0xffffff, false, false, "Vùng ứng viên (viền xanh)"},
                                      {0x2b8cbe, false, false, "Sông"},
                                      {0x636363, false, false, "Đường"},
                                      {0xc7e9c0, false, false, "Khu bảo tồn, di sản"},
                                      {0xffffff, false, true, "Số: thứ hạng 10 thửa tốt nhất"}};
    const gt__map_legend site_en[] = {
        {0x1a9641, false, false, "Highly suitable (score 1)"},
        {0xffffbf, false, false, "Moderate (0.5)"},
        {0xd7191c, false, false, "Low or excluded (0)"},
        {0x969696, false, false, "Parcel excluded by a rule"},
        {0xffffff, false, false, "Candidate region (green outline)"},
        {0x2b8cbe, false, false, "River"},
        {0x636363, false, false, "Road"},
        {0xc7e9c0, false, false, "Protected or heritage area"},
        {0xffffff, false, true, "Number: rank of the top 10 parcels"}};
    const gt__map_legend rank_vi[] = {{0xd7191c, false, true, "Rủi ro cao (≥ 70 %)"},
                                      {0xfdae61, false, true, "Rủi ro trung bình (40–70 %)"},
                                      {0x1a9641, false, true, "Rủi ro thấp (< 40 %)"},
                                      {0x2b8cbe, false, false, "Sông"},
                                      {0x636363, false, false, "Đường"},
                                      {0xc7e9c0, false, false, "Khu bảo tồn, di sản"},
                                      {0xffffff, false, true, "Số: thứ tự ưu tiên (10 bãi đầu)"}};
    const gt__map_legend rank_en[] = {{0xd7191c, false, true, "High risk (≥ 70 %)"},
                                      {0xfdae61, false, true, "Moderate risk (40–70 %)"},
                                      {0x1a9641, false, true, "Low risk (< 40 %)"},
                                      {0x2b8cbe, false, false, "River"},
                                      {0x636363, false, false, "Road"},
                                      {0xc7e9c0, false, false, "Protected or heritage area"},
                                      {0xffffff, false, true, "Number: priority (top 10)"}};
    map.legend = site ? (en ? site_en : site_vi) : (en ? rank_en : rank_vi);
    map.n_legend = site ? 9 : 7;

    /* Sheets: A4 and A3 landscape, PNG at dpi and vector PDF. */
    char *prefix = o->output ? gt__strdup(ctx, o->output) : gt__strdup(ctx, run);
    if (prefix && !o->output && strlen(prefix) > 5 && !strcmp(prefix + strlen(prefix) - 5, ".gpkg"))
        prefix[strlen(prefix) - 5] = '\0';
    char **out = gt__calloc(ctx, 5, sizeof(char *));
    const struct {
        const char *name;
        double w, h;
    } sizes[2] = {{"A4", 297, 210}, {"A3", 420, 297}};
    int k = 0;
    for (int i = 0; prefix && out && !st && i < 2; i++)
        for (int pdf = 0; !st && pdf < 2; pdf++) {
            char *path = gt__asprintf("%s-%s.%s", prefix, sizes[i].name, pdf ? "pdf" : "png");
            st = path ? gt__map_render(ctx, &map, path, pdf, sizes[i].w, sizes[i].h, o->dpi)
                      : GT_ERR_NOMEM;
            out[k++] = path;
        }
    free(prefix);
    if (!st)
        *written = out;
    else if (out) {
        for (int i = 0; i < k; i++)
            free(out[i]);
        free(out);
    }
done:
    run_free(&m);
    gt__gdal_log_pop();
    return st;
}
