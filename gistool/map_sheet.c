/*
 * map_sheet.c: `gistool map RUN.gpkg`: map sheets of a site or rank run (PNG at
 * 300 dpi and vector PDF, A4 and A3 landscape). Everything comes from the
 * run's GeoPackage: its results, its run_info and, for the base layers, the
 * inputs it recorded in run_inputs (never the scenario file, which may have
 * changed or moved since). Text in Vietnamese (default) or English.
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_error.h>

#include "gistool/gaps.h"
#include "gistool/i18n.h"
#include "gistool/network_stages.h" /* network runs: network_sheet.c */
#include "gistool/options.h"
#include "gistool/output.h"
#include "layers/layers.h"

typedef struct {
    gt_context *ctx;
    GDALDatasetH ds;
    char *command, *name, *crs, *started;
    OGRSpatialReferenceH srs;
    gt__features *boundary, *communes, *rivers, *roads, *protected_areas, *inset_area, *outline;
    gt__sbuf sources; /* labels of the base layers drawn, for the notes */
    gt__lang lang;
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

/* Scenario layers (run_inputs roles) drawn as the sheet's base layers, the
 * first recorded of each list. */
static const char *const communes_roles[] = {"population", NULL},
                         *const rivers_roles[] = {"rivers", "surface_water", NULL},
                         *const roads_roles[] = {"roads", NULL},
                         *const protected_roles[] = {"protected", NULL},
                         *const study_roles[] = {GT__ROLE_STUDY_AREA, NULL};

/* A label once in the sources note, in the sheet's language. */
static void add_source(map_run *m, const char *role, const char *label)
{
    gt__sbuf t = {0};
    gt__tr_label(&t, m->lang, role, label);
    if (t.s && *t.s && !(m->sources.s && strstr(m->sources.s, t.s)))
        gt__sbuf_add(&m->sources, "%s%s", m->sources.len ? "; " : "", t.s);
    free(t.s);
}

/* A base layer as the run recorded it, in `srs`. An input that was not
 * recorded is not drawn; one that moved or cannot be read is not drawn
 * either, with a warning: a sheet without a river layer is still a sheet.
 * Layers of the main map name their sources in the notes and warn; the
 * inset's copy of the study area does neither (the main map did). */
static gt__features *base_layer(map_run *m, const char *const *roles, OGRSpatialReferenceH srs,
                                bool main_map)
{
    for (int i = 0; roles[i]; i++) {
        gt__layer_spec *spec = NULL;
        if (gt__run_input_spec(m->ctx, m->ds, roles[i], &spec) || !spec) {
            gt__error_clear(m->ctx);
            continue;
        }
        gt__features *f = NULL;
        if (!gt__vector_load(m->ctx, spec, srs, NULL, &f)) {
            if (main_map)
                add_source(m, roles[i], spec->label);
        } else if (main_map) {
            gt__log(m->ctx, GT_LOG_WARNING, "map: the run's input '%s' is not drawn: %s", roles[i],
                    gt_context_errmsg(m->ctx));
        }
        gt__error_clear(m->ctx);
        gt__layer_spec_free(spec);
        free(spec);
        if (f)
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
    if (!*geoms || !*vals)
        return gt_context_status(m->ctx) ? gt_context_status(m->ctx) : GT_ERR_NOMEM;
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l)) && *n < cap) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g) {
            (*geoms)[*n] = gt__ogr_to_geos(m->ctx, g, NULL);
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
    free(m->name);
    free(m->crs);
    free(m->started);
    free(m->sources.s);
    if (m->srs)
        OSRDestroySpatialReference(m->srs);
    if (m->ds)
        GDALClose(m->ds);
}

/* Open the run and read what it says about itself. */
static gt_status open_run(map_run *m, const char *run)
{
    gt_context *ctx = m->ctx;
    /* The run, its command and every table of that command (report.c). */
    gt_status st = gt__run_open(ctx, "map", run, &m->ds, &m->command);
    if (st)
        return st;
    char *scenario = gt__run_info_get(ctx, m->ds, GT__KEY_SCENARIO_PATH);
    m->crs = gt__run_info_get(ctx, m->ds, GT__KEY_WORKING_CRS);
    m->started = gt__run_info_get(ctx, m->ds, GT__KEY_STARTED_UTC);
    m->name = gt__run_info_get(ctx, m->ds, GT__KEY_SCENARIO_NAME);
    bool known = m->command && scenario && m->crs;
    free(scenario);
    if (!known)
        return gt__error(ctx, GT_ERR_INPUT_LAYER,
                         "map: '%s' is not a gistool run (no run_info with command, scenario and "
                         "CRS)",
                         run);
    if (!(m->srs = gt__srs_create(ctx, m->crs)))
        return gt_context_status(ctx);
    return GT_OK;
}

/* The base layers and the inset (Vietnam's outline and the study area, in
 * lon/lat). None of them is required. */
static void load_base(map_run *m)
{
    gt_context *ctx = m->ctx;
    m->boundary = base_layer(m, study_roles, m->srs, true);
    m->communes = base_layer(m, communes_roles, m->srs, true);
    m->rivers = base_layer(m, rivers_roles, m->srs, true);
    m->roads = base_layer(m, roads_roles, m->srs, true);
    m->protected_areas = base_layer(m, protected_roles, m->srs, true);
    char *op = gt__data_file("vn_outline.geojson");
    OGRSpatialReferenceH wgs = gt__srs_create(ctx, "EPSG:4326");
    if (op && wgs) {
        gt__layer_spec os = {.name = "inset", .source = op, .origin = "vn_outline.geojson"};
        if (!gt__vector_load(ctx, &os, wgs, NULL, &m->outline) && m->outline->n)
            m->inset = GEOSGeom_clone_r(gt__geos(ctx), m->outline->geoms[0]);
        m->inset_area = base_layer(m, study_roles, wgs, false);
    }
    free(op);
    if (wgs)
        OSRDestroySpatialReference(wgs);
    gt__error_clear(ctx);
}

/* The suitability raster of a site run (none: the sheet has no surface). */
static void load_raster(map_run *m, const char *run)
{
    char *name = gt__asprintf("GPKG:%s:%s", gt__output_readable(run), GT__TABLE_SUITABILITY);
    GDALDatasetH r = name ? GDALOpen(name, GA_ReadOnly) : NULL;
    free(name);
    if (!r)
        return;
    double t[6];
    GDALGetGeoTransform(r, t);
    m->grid = (gt__grid){GDALGetRasterXSize(r), GDALGetRasterYSize(r), t[0], t[3], t[1]};
    m->raster = gt__malloc(m->ctx, sizeof(float) * (size_t)m->grid.w * m->grid.h);
    GDALRasterBandH b = GDALGetRasterBand(r, 1);
    int has;
    double nd = GDALGetRasterNoDataValue(b, &has);
    if (m->raster && GDALRasterIO(b, GF_Read, 0, 0, m->grid.w, m->grid.h, m->raster, m->grid.w,
                                  m->grid.h, GDT_Float32, 0, 0) == CE_None) {
        for (size_t k = 0; has && k < (size_t)m->grid.w * m->grid.h; k++)
            if (m->raster[k] == (float)nd)
                m->raster[k] = NAN;
    } else {
        free(m->raster);
        m->raster = NULL;
    }
    GDALClose(r);
}

/* Parcels (score, exclusion, top-10 labels), candidate regions, raster. */
static gt_status load_site(map_run *m, const char *run)
{
    gt_context *ctx = m->ctx;
    double *vals = NULL;
    static const char *const pf[] = {GT__FIELD_SCORE, GT__FIELD_EXCLUDED, GT__FIELD_RANK};
    gt_status st = read_run_layer(m, GT__TABLE_PARCELS, pf, 3, &m->geoms, &vals, &m->n_geoms);
    m->score = gt__calloc(ctx, (size_t)m->n_geoms + 1, sizeof(double));
    m->excluded = gt__calloc(ctx, (size_t)m->n_geoms + 1, sizeof(int));
    for (int i = 0; !st && m->score && m->excluded && i < m->n_geoms; i++) {
        m->score[i] = vals[(size_t)i * 3];
        m->excluded[i] = vals[(size_t)i * 3 + 1] == 1;
    }
    if (!st)
        labels_for(m, m->geoms, vals + 2, 3, m->n_geoms);
    free(vals);
    vals = NULL;
    static const char *const rf[] = {GT__FIELD_RANK};
    if (!st)
        st = read_run_layer(m, GT__TABLE_CANDIDATE_REGIONS, rf, 1, &m->regions, &vals,
                            &m->n_regions);
    free(vals);
    load_raster(m, run);
    return st;
}

/* Landfills: risk class and top-10 labels. */
static gt_status load_rank(map_run *m)
{
    gt_context *ctx = m->ctx;
    double *vals = NULL;
    static const char *const lf[] = {GT__FIELD_RANK};
    gt_status st = read_run_layer(m, GT__TABLE_LANDFILLS, lf, 1, &m->geoms, &vals, &m->n_geoms);
    if (!st)
        labels_for(m, m->geoms, vals, 1, m->n_geoms);
    free(vals);
    m->cls = gt__calloc(ctx, (size_t)m->n_geoms + 1, sizeof(int));
    OGRLayerH l = GDALDatasetGetLayerByName(m->ds, GT__TABLE_LANDFILLS);
    OGRFeatureH f;
    int i = 0;
    if (l)
        OGR_L_ResetReading(l);
    while (l && m->cls && (f = OGR_L_GetNextFeature(l)) && i < m->n_geoms) {
        const char *c = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, GT__FIELD_RISK_CLASS));
        m->cls[i++] = !strcmp(c, GT__RISK_HIGH) ? 2 : !strcmp(c, GT__RISK_MODERATE) ? 1 : 0;
        OGR_F_Destroy(f);
    }
    return st;
}

/* The main map shows the study area; without it, what the run produced. */
static gt_status map_extent(map_run *m, double e[4])
{
    GEOSContextHandle_t h = gt__geos(m->ctx);
    GEOSGeometry *const *g = m->boundary && m->boundary->n ? m->boundary->geoms : m->geoms;
    int n = m->boundary && m->boundary->n ? 1 : m->n_geoms;
    if (n == 0)
        return gt__error(m->ctx, GT_ERR_INPUT_LAYER,
                         "map: the run has neither a study area nor results to draw");
    e[0] = e[1] = INFINITY;
    e[2] = e[3] = -INFINITY;
    for (int i = 0; i < n; i++) {
        double x0, y0, x1, y1;
        GEOSGeom_getXMin_r(h, g[i], &x0);
        GEOSGeom_getYMin_r(h, g[i], &y0);
        GEOSGeom_getXMax_r(h, g[i], &x1);
        GEOSGeom_getYMax_r(h, g[i], &y1);
        e[0] = fmin(e[0], x0), e[1] = fmin(e[1], y0), e[2] = fmax(e[2], x1), e[3] = fmax(e[3], y1);
    }
    return GT_OK;
}

/* The legend: an entry for each thing the run drew, nothing else. Its
 * labels come from the catalogue (i18n.c); `text` holds the ones composed
 * with a number. */
typedef struct {
    gt__map_legend e[16];
    int n;
    char text[4][96];
} legend;

static void legend_add(legend *l, unsigned color, bool dot, bool line, const char *label)
{
    if (l->n < 16)
        l->e[l->n++] = (gt__map_legend){color, false, dot, label, line};
}

/* The risk-class limits the run used (run_info classes), else 70 and 40. */
static void class_limits(map_run *m, double *high, double *moderate)
{
    *high = 70, *moderate = 40;
    char *c = gt__run_info_get(m->ctx, m->ds, GT__KEY_CLASSES);
    if (c && sscanf(c, "High >= %lf %%, Moderate >= %lf", high, moderate) != 2)
        *high = 70, *moderate = 40;
    free(c);
    gt__error_clear(m->ctx);
}

static void make_legend(map_run *m, bool site, legend *l)
{
    gt__lang L = m->lang;
    char n1[32], n2[32];
    if (site && m->raster) {
        legend_add(l, 0x1a9641, false, false, gt__tr(L, "Highly suitable (score 1)"));
        snprintf(l->text[0], sizeof l->text[0], gt__tr(L, "Moderate (score %s)"),
                 gt__fmt_num(n1, sizeof n1, L, 0.5, 1));
        legend_add(l, 0xffffbf, false, false, l->text[0]);
        legend_add(l, 0xd7191c, false, false, gt__tr(L, "Low or excluded (score 0)"));
    }
    bool any_excluded = false;
    for (int i = 0; site && m->excluded && i < m->n_geoms; i++)
        any_excluded |= m->excluded[i] != 0;
    if (any_excluded)
        legend_add(l, 0x969696, false, false, gt__tr(L, "Parcel excluded by a rule"));
    if (site && m->n_regions > 0)
        legend_add(l, 0xffffff, false, false, gt__tr(L, "Candidate region (green outline)"));
    if (!site) {
        double hi, mo;
        class_limits(m, &hi, &mo);
        int count[3] = {0};
        for (int i = 0; m->cls && i < m->n_geoms; i++)
            count[m->cls[i] % 3]++;
        gt__fmt_num(n1, sizeof n1, L, hi, hi == floor(hi) ? 0 : 1);
        gt__fmt_num(n2, sizeof n2, L, mo, mo == floor(mo) ? 0 : 1);
        snprintf(l->text[1], sizeof l->text[1], "%s (≥ %s %%)", gt__tr(L, "High risk"), n1);
        snprintf(l->text[2], sizeof l->text[2], "%s (%s–%s %%)", gt__tr(L, "Moderate risk"), n2,
                 n1);
        snprintf(l->text[3], sizeof l->text[3], "%s (< %s %%)", gt__tr(L, "Low risk"), n2);
        static const unsigned col[3] = {0xd7191c, 0xfdae61, 0x1a9641};
        for (int c = 2; c >= 0; c--)
            if (count[c])
                legend_add(l, col[2 - c], true, false, l->text[1 + (2 - c)]);
    }
    if (m->boundary && m->boundary->n)
        legend_add(l, 0x000000, false, true, gt__tr(L, "Study area boundary"));
    if (m->communes && m->communes->n)
        legend_add(l, 0xb0b0b0, false, true, gt__tr(L, "Commune boundary"));
    if (m->rivers && m->rivers->n)
        legend_add(l, 0x2b8cbe, false, true, gt__tr(L, "River"));
    if (m->roads && m->roads->n)
        legend_add(l, 0x636363, false, true, gt__tr(L, "Road"));
    if (m->protected_areas && m->protected_areas->n)
        legend_add(l, 0xc7e9c0, false, false, gt__tr(L, "Protected or heritage area"));
    if (m->n_labels > 0)
        legend_add(l, 0xffffff, true, false,
                   gt__tr(L, site ? "Number: rank of the top 10 parcels"
                                  : "Number: priority of the top 10 sites"));
}

/* The notes under the legend: CRS, sources (the labels the run recorded
 * for the layers drawn), how synthetic layers are marked, the run's date
 * and gistool's version. */
static void make_notes(map_run *m, gt__sbuf *notes)
{
    gt__lang L = m->lang;
    char when[64];
    gt__sbuf_add(notes, "%s: %s. %s: %s. %s", gt__tr(L, "Coordinate system"), m->crs,
                 gt__tr(L, "Sources"), m->sources.s ? m->sources.s : "–",
                 gt__tr(L, "Synthetic layers are marked so in the run's provenance (table "
                           "run_inputs)."));
    /* The run's data gaps, one sentence (gaps_text.c). */
    char *gaps = gt__gaps_note(m->ctx, m->ds, L == GT__LANG_EN);
    if (gaps && *gaps)
        gt__sbuf_add(notes, " %s", gaps);
    free(gaps);
    gt__sbuf_add(notes, " %s: %s, gistool %s.", gt__tr(L, "Run of"),
                 gt__fmt_time(when, sizeof when, L, m->started ? m->started : "?"), gt_version());
}

/* Sheets: A4 and A3 landscape, PNG at dpi and vector PDF. */
static gt_status render_sheets(map_run *m, const gt__map *map, const char *run,
                               const gt_map_options *o, char ***written)
{
    gt_context *ctx = m->ctx;
    gt_status st = GT_OK;
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
            st = path ? gt__map_render(ctx, map, path, pdf, sizes[i].w, sizes[i].h, o->dpi)
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
    return st;
}

/* The sheets are PREFIX-A4.png and so on: a prefix that is empty, or
 * ends in '/', would write '-A4.png' (a name hidden in a listing); one
 * too long for a file name fails only at the final rename. Each is
 * refused before anything is drawn. */
static gt_status check_prefix(gt_context *ctx, const char *prefix)
{
    size_t len = strlen(prefix);
    const char *base = strrchr(prefix, '/');
    base = base ? base + 1 : prefix;
    if (!len)
        return gt__error(ctx, GT_ERR_OUTPUT,
                         "map: --output is empty: give a prefix, e.g. 'out/ninh-binh' for "
                         "out/ninh-binh-A4.png, -A4.pdf, -A3.png, -A3.pdf");
    if (!*base)
        return gt__error(ctx, GT_ERR_OUTPUT,
                         "map: --output '%s' is a folder; give a prefix of the sheets' names "
                         "in it, e.g. '%sname' for %sname-A4.png and the others; nothing was "
                         "written",
                         prefix, prefix, prefix);
    if (strlen(base) + strlen("-A4.png") > NAME_MAX)
        return gt__error(ctx, GT_ERR_OUTPUT,
                         "map: --output '%.40s...': the sheets' names would be %zu bytes, more "
                         "than a file name may have (%d); give a shorter prefix; nothing was "
                         "written",
                         prefix, strlen(base) + strlen("-A4.png"), NAME_MAX);
    return GT_OK;
}

gt_status gt_map_run(gt_context *ctx, const char *run, const gt_map_options *o, char ***written)
{
    gt__network_layers net = {0};
    *written = NULL;
    {
        /* the prefix render_sheets writes with: --output, or the run's name */
        char *prefix = gt__strdup(ctx, o->output ? o->output : run);
        size_t len = prefix ? strlen(prefix) : 0;
        if (prefix && !o->output && len > 5 && !strcmp(prefix + len - 5, ".gpkg"))
            prefix[len - 5] = '\0';
        gt_status pst = prefix ? check_prefix(ctx, prefix) : gt_context_status(ctx);
        free(prefix);
        if (pst)
            return pst;
    }
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    map_run m = {.ctx = ctx, .lang = gt__lang_of(o->lang)};
    gt_status st = open_run(&m, run);
    if (st)
        goto done;
    /* Only the kinds it can draw. */
    if (strcmp(m.command, GT__CMD_SITE) && strcmp(m.command, GT__CMD_RANK) &&
        strcmp(m.command, GT__CMD_NETWORK)) {
        st = gt__error(ctx, GT_ERR_USAGE,
                       "map: '%s' is a %s run: map draws site, rank and network runs", run,
                       m.command);
        goto done;
    }
    load_base(&m);
    bool site = !strcmp(m.command, GT__CMD_SITE);
    bool network = !strcmp(m.command, GT__CMD_NETWORK); /* network_sheet.c */
    if ((st = network ? gt__network_map_layers(ctx, m.ds, m.lang, &net)
              : site  ? load_site(&m, run)
                      : load_rank(&m)))
        goto done;

    gt__map map = {0};
    if (network && !(m.boundary && m.boundary->n) && isfinite(net.extent[0]))
        memcpy(map.extent, net.extent, sizeof map.extent);
    else if ((st = map_extent(&m, map.extent)))
        goto done;
    gt__lang L = m.lang;
    map.title = m.name ? m.name : "";
    map.subtitle =
        gt__tr(L, site ? "Suitability for a household-waste treatment facility (gistool site)"
                       : "Remediation priority of unsanitary landfills and dumps (gistool rank)");
    map.legend_title = gt__tr(L, "Legend");
    map.north = gt__tr_code(L, "north", "N");
    gt__sbuf notes = {0};
    make_notes(&m, &notes);
    map.notes = notes.s ? notes.s : "";
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
    legend leg = {0};
    make_legend(&m, site, &leg);
    map.legend = leg.e;
    map.n_legend = leg.n;
    if (network) { /* a network run: its layers over the base layers */
        map.subtitle = net.subtitle;
        map.notes = net.notes;
        map.overlay = net.overlay;
        map.overlay_color = net.color;
        map.overlay_width_pt = net.width;
        map.overlay_alpha = net.alpha;
        map.n_overlay = net.n_overlay;
        map.sites = net.sites;
        map.site_class = net.site_class;
        map.n_sites = net.n_sites;
        map.label_x = net.lx;
        map.label_y = net.ly;
        map.label_rank = net.lrank;
        map.n_labels = net.n_labels;
        map.legend = net.legend;
        map.n_legend = net.n_legend;
    }
    /* The four sheets are committed together (or with the run drawing them). */
    if (notes.nomem)
        st = gt__error(ctx, GT_ERR_NOMEM, "map: out of memory");
    else if (!(st = gt__outputs_begin(ctx)))
        st = gt__outputs_end(ctx, render_sheets(&m, &map, run, o, written));
    if (st && *written) { /* drawn, but the commit failed */
        for (int i = 0; (*written)[i]; i++)
            free((*written)[i]);
        free(*written);
        *written = NULL;
    }
    free(notes.s);
done:
    gt__network_map_layers_free(ctx, &net);
    run_free(&m);
    gt__gdal_log_pop();
    return st;
}
