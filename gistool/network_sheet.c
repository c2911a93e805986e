/*
 * network_sheet.c: what a map sheet of a `gistool network` run draws over
 * the base layers, read back from the run's GeoPackage (so `gistool map
 * NETWORK.gpkg` and the run's own sheets are one drawing): service areas,
 * each commune's leg to its transfer station, roads by tonnes a day,
 * stations numbered, collection points and treatment sites, the legend,
 * subtitle and notes in the sheet's language (i18n.c). map_sheet.c draws
 * the sheet. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/network_stages.h"

static gt_status grow(gt_context *ctx, gt__network_layers *nl)
{
    if (nl->n_overlay < nl->cap)
        return GT_OK;
    int cap = nl->cap ? 2 * nl->cap : 256;
    GEOSGeometry **g = realloc(nl->overlay, (size_t)cap * sizeof *g);
    if (g)
        nl->overlay = g;
    unsigned *c = g ? realloc(nl->color, (size_t)cap * sizeof *c) : NULL;
    if (c)
        nl->color = c;
    double *w = c ? realloc(nl->width, (size_t)cap * sizeof *w) : NULL;
    if (w)
        nl->width = w;
    double *a = w ? realloc(nl->alpha, (size_t)cap * sizeof *a) : NULL;
    if (a)
        nl->alpha = a;
    if (!a)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    nl->cap = cap;
    return GT_OK;
}

static gt_status add(gt_context *ctx, gt__network_layers *nl, GEOSGeometry *g, unsigned color,
                     double width, double alpha)
{
    gt_status st = g ? grow(ctx, nl) : gt_context_status(ctx);
    if (st) {
        if (g)
            GEOSGeom_destroy_r(gt__geos(ctx), g);
        return st ? st : GT_ERR_INTERNAL;
    }
    nl->overlay[nl->n_overlay] = g;
    nl->color[nl->n_overlay] = color;
    nl->width[nl->n_overlay] = width;
    nl->alpha[nl->n_overlay++] = alpha;
    return GT_OK;
}

static void extend(gt_context *ctx, gt__network_layers *nl, const GEOSGeometry *g)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    double a, b, c, d;
    if (GEOSisEmpty_r(h, g) == 1)
        return;
    GEOSGeom_getXMin_r(h, g, &a);
    GEOSGeom_getYMin_r(h, g, &b);
    GEOSGeom_getXMax_r(h, g, &c);
    GEOSGeom_getYMax_r(h, g, &d);
    nl->extent[0] = fmin(nl->extent[0], a), nl->extent[1] = fmin(nl->extent[1], b);
    nl->extent[2] = fmax(nl->extent[2], c), nl->extent[3] = fmax(nl->extent[3], d);
}

/* Each feature of `table` (absent: none) with its geometry in GEOS. */
typedef gt_status (*feature_fn)(gt_context *ctx, gt__network_layers *nl, OGRFeatureH f,
                                GEOSGeometry *g);

static gt_status each(gt_context *ctx, GDALDatasetH ds, const char *table, gt__network_layers *nl,
                      feature_fn fn)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, table);
    if (!l)
        return GT_OK;
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    gt_status st = GT_OK;
    while (!st && (f = OGR_L_GetNextFeature(l))) {
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        GEOSGeometry *g = og ? gt__ogr_to_geos(ctx, og, NULL) : NULL;
        if (g) {
            extend(ctx, nl, g);
            st = fn(ctx, nl, f, g);
        }
        OGR_F_Destroy(f);
    }
    return st;
}

static int field(OGRFeatureH f, const char *name)
{
    return OGR_F_GetFieldIndex(f, name);
}

static const unsigned iso_color[3] = {0x006d2c, 0x41ab5d, 0xa1d99b};

static gt_status service_fn(gt_context *ctx, gt__network_layers *nl, OGRFeatureH f,
                            GEOSGeometry *g)
{
    /* The darkest green for the shortest time. */
    double min = OGR_F_GetFieldAsDouble(f, field(f, "minutes"));
    int band = 0;
    while (band < nl->n_minutes && nl->minutes[band] < min)
        band++;
    return add(ctx, nl, g, iso_color[band < 3 ? band : 2], 0, 0.25);
}

static gt_status alloc_fn(gt_context *ctx, gt__network_layers *nl, OGRFeatureH f,
                          GEOSGeometry *g)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    if (!OGR_F_IsFieldSetAndNotNull(f, field(f, "station_id"))) {
        GEOSGeom_destroy_r(h, g);
        return GT_OK;
    }
    /* The leg from the commune to its station: the first two vertices. */
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
    GEOSCoordSequence *leg = GEOSCoordSeq_create_r(h, 2, 2);
    double x, y;
    for (unsigned k = 0; cs && leg && k < 2; k++) {
        GEOSCoordSeq_getXY_r(h, cs, k, &x, &y);
        GEOSCoordSeq_setXY_r(h, leg, k, x, y);
    }
    GEOSGeom_destroy_r(h, g);
    nl->has_legs = true;
    return add(ctx, nl, leg ? GEOSGeom_createLineString_r(h, leg) : NULL, 0x2171b5, 0.5, 0);
}

static gt_status edge_fn(gt_context *ctx, gt__network_layers *nl, OGRFeatureH f, GEOSGeometry *g)
{
    double t = OGR_F_GetFieldAsDouble(f, field(f, GT__FIELD_TONNES_DAY));
    unsigned c = t >= 200 ? 0x800026 : t >= 50 ? 0xe31a1c : t > 0 ? 0xfd8d3c : 0x969696;
    double w = t >= 200 ? 3.2 : t >= 50 ? 2.2 : t > 0 ? 1.3 : 0.6;
    return add(ctx, nl, g, c, w, 0);
}

static gt_status site(gt_context *ctx, gt__network_layers *nl, GEOSGeometry *g, int cls)
{
    if (nl->n_sites == nl->cap_sites) {
        int cap = nl->cap_sites ? 2 * nl->cap_sites : 64;
        GEOSGeometry **s = realloc(nl->sites, (size_t)cap * sizeof *s);
        if (s)
            nl->sites = s;
        int *c = s ? realloc(nl->site_class, (size_t)cap * sizeof *c) : NULL;
        if (c)
            nl->site_class = c;
        if (!c) {
            GEOSGeom_destroy_r(gt__geos(ctx), g);
            return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        }
        nl->cap_sites = cap;
    }
    nl->sites[nl->n_sites] = g;
    nl->site_class[nl->n_sites++] = cls;
    return GT_OK;
}

static gt_status station_fn(gt_context *ctx, gt__network_layers *nl, OGRFeatureH f,
                            GEOSGeometry *g)
{
    (void)f;
    GEOSContextHandle_t h = gt__geos(ctx);
    if (nl->n_labels < 64) {
        GEOSGeomGetX_r(h, g, &nl->lx[nl->n_labels]);
        GEOSGeomGetY_r(h, g, &nl->ly[nl->n_labels]);
        nl->lrank[nl->n_labels] = nl->n_labels + 1;
        nl->n_labels++;
    }
    return site(ctx, nl, g, 0);
}

static gt_status point_fn(gt_context *ctx, gt__network_layers *nl, OGRFeatureH f,
                          GEOSGeometry *g)
{
    (void)f;
    nl->n_points++;
    return site(ctx, nl, g, 1);
}

static gt_status treatment_fn(gt_context *ctx, gt__network_layers *nl, OGRFeatureH f,
                              GEOSGeometry *g)
{
    (void)f;
    return site(ctx, nl, g, 2);
}

/* A run_info value, "" when absent. */
static void info(gt_context *ctx, GDALDatasetH ds, const char *key, char *buf, size_t size)
{
    char *v = gt__run_info_get(ctx, ds, key);
    snprintf(buf, size, "%s", v ? v : "");
    free(v);
    gt__error_clear(ctx);
}

static void texts(gt_context *ctx, GDALDatasetH ds, gt__lang L, gt__network_layers *nl)
{
    char tonnes[128], tkm[128], stations[160], crs[128], net[256], b1[64], b2[64];
    info(ctx, ds, GT__KEY_DEMAND_TONNES, tonnes, sizeof tonnes);
    info(ctx, ds, GT__KEY_TKM_DIRECT, tkm, sizeof tkm);
    info(ctx, ds, GT__KEY_STATIONS, stations, sizeof stations);
    info(ctx, ds, GT__KEY_WORKING_CRS, crs, sizeof crs);
    info(ctx, ds, GT__KEY_NETWORK, net, sizeof net);
    double t = atof(tonnes), k = atof(tkm);
    if (nl->n_labels)
        snprintf(nl->subtitle, sizeof nl->subtitle,
                 gt__tr(L, "%d transfer stations on the road network: %s t/day, haul direct %s "
                           "t-km/day (gistool network)"),
                 nl->n_labels, gt__fmt_num(b1, sizeof b1, L, t, 0),
                 gt__fmt_num(b2, sizeof b2, L, k, 0));
    else
        snprintf(nl->subtitle, sizeof nl->subtitle,
                 gt__tr(L, "Haul to treatment on the road network: %s t/day, %s t-km/day "
                           "(gistool network)"),
                 gt__fmt_num(b1, sizeof b1, L, t, 0), gt__fmt_num(b2, sizeof b2, L, k, 0));
    char km[64] = "";
    const char *p = strstr(net, "edges, ");
    if (p)
        snprintf(km, sizeof km, "%.0f", atof(p + 7));
    nl->notes = gt__asprintf(gt__tr(L, "Coordinate system: %s. Network distances on the roads of "
                                       "the scenario (%s km); roads by tonnes a day along the "
                                       "shortest paths; service areas of %d travel times. "
                                       "gistool %s."),
                             crs, km, nl->n_minutes, gt_version());
}

gt_status gt__network_map_layers(gt_context *ctx, GDALDatasetH ds, gt__lang L,
                                 gt__network_layers *nl)
{
    memset(nl, 0, sizeof *nl);
    nl->extent[0] = nl->extent[1] = INFINITY;
    nl->extent[2] = nl->extent[3] = -INFINITY;
    if (!GDALDatasetGetLayerByName(ds, GT__TABLE_NETWORK_EDGES))
        return gt__error(ctx, GT_ERR_INPUT_LAYER,
                         "map: the network run has no layer %s to draw", GT__TABLE_NETWORK_EDGES);
    /* The service areas' times, shortest first. */
    OGRLayerH sl = GDALDatasetExecuteSQL(
        ds, "SELECT DISTINCT minutes FROM " GT__TABLE_SERVICE_AREAS " ORDER BY minutes", NULL,
        NULL);
    gt__error_clear(ctx);
    if (sl) {
        OGRFeatureH f;
        while ((f = OGR_L_GetNextFeature(sl))) {
            if (nl->n_minutes < 8)
                nl->minutes[nl->n_minutes++] = OGR_F_GetFieldAsDouble(f, 0);
            OGR_F_Destroy(f);
        }
        GDALDatasetReleaseResultSet(ds, sl);
    }
    /* Drawn in this order: areas, legs, roads; then the points. */
    gt_status st = each(ctx, ds, GT__TABLE_SERVICE_AREAS, nl, service_fn);
    if (!st)
        st = each(ctx, ds, GT__TABLE_ALLOCATION, nl, alloc_fn);
    if (!st)
        st = each(ctx, ds, GT__TABLE_NETWORK_EDGES, nl, edge_fn);
    if (!st)
        st = each(ctx, ds, GT__TABLE_TRANSFER_STATIONS, nl, station_fn);
    if (!st)
        st = each(ctx, ds, GT__TABLE_COLLECTION_POINTS, nl, point_fn);
    if (!st)
        st = each(ctx, ds, GT__TABLE_TREATMENT_SITES, nl, treatment_fn);
    if (st)
        return st;
    const struct {
        unsigned color;
        bool dot, line, want;
        const char *key;
    } leg[] = {
        {0x800026, false, true, true, "Road: 200 t/day or more"},
        {0xe31a1c, false, true, true, "Road: 50 to 200 t/day"},
        {0xfd8d3c, false, true, true, "Road: below 50 t/day"},
        {0x006d2c, false, false, nl->n_minutes > 0, "Service area (shortest time)"},
        {0x2171b5, false, true, nl->has_legs, "Commune to transfer station"},
        {0x1a9641, true, false, nl->n_labels > 0, "Transfer station (number)"},
        {0xfdae61, true, false, nl->n_points > 0, "Collection point"},
        {0xd7191c, true, false, true, "Treatment site"},
    };
    for (size_t k = 0; k < sizeof leg / sizeof *leg; k++)
        if (leg[k].want)
            nl->legend[nl->n_legend++] =
                (gt__map_legend){leg[k].color, false, leg[k].dot, gt__tr(L, leg[k].key), leg[k].line};
    texts(ctx, ds, L, nl);
    return nl->notes ? GT_OK : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
}

void gt__network_map_layers_free(gt_context *ctx, gt__network_layers *nl)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    for (int k = 0; k < nl->n_overlay; k++)
        GEOSGeom_destroy_r(h, nl->overlay[k]);
    for (int k = 0; k < nl->n_sites; k++)
        GEOSGeom_destroy_r(h, nl->sites[k]);
    free(nl->overlay);
    free(nl->color);
    free(nl->width);
    free(nl->alpha);
    free(nl->sites);
    free(nl->site_class);
    free(nl->notes);
    memset(nl, 0, sizeof *nl);
}
