/*
 * network_sheet.c: the map sheet of a `gistool network` run, drawn from the
 * run in memory with layers/map_render.c: communes, roads by tonnes a day,
 * service areas, each commune's route to its transfer station, stations
 * numbered, treatment sites and collection points; A4 and A3, PNG and PDF
 * beside the GeoPackage. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/network_stages.h"

typedef struct {
    GEOSGeometry **g;
    unsigned *color;
    double *width, *alpha;
    int n, owned; /* the first `owned` geometries are ours to free */
} overlay;

static bool ov_add(overlay *o, GEOSGeometry *g, unsigned color, double width, double alpha)
{
    if (!g)
        return false;
    o->g[o->n] = g;
    o->color[o->n] = color;
    o->width[o->n] = width;
    o->alpha[o->n] = alpha;
    o->n++;
    return true;
}

static gt_status sheet_texts(const gt__network_run *r, bool en, char *sub, size_t nsub,
                             char *notes, size_t nnotes)
{
    double tonnes = 0, saved = 0, km = 0;
    for (int e = 0; e < r->net->n_edges; e++)
        km += r->net->length_m[e] / 1000;
    for (int i = 0; i < r->n_demand; i++) {
        tonnes += r->demand[i].tonnes_day;
        saved += r->demand[i].saved_tkm;
    }
    if (r->n_open)
        snprintf(sub, nsub,
                 en ? "%d transfer stations on the road network: %.0f t/day from %d communes; "
                      "%.0f t-km/day of collection-truck haul saved (gistool network)"
                    : "%d trạm trung chuyển trên mạng đường: %.0f tấn/ngày từ %d xã; giảm %.0f "
                      "tấn·km/ngày vận chuyển bằng xe thu gom (gistool network)",
                 r->n_open, tonnes, r->n_demand, saved);
    else
        snprintf(sub, nsub,
                 en ? "Haul to treatment on the road network: %.0f t/day, %.0f t-km/day "
                      "(gistool network)"
                    : "Vận chuyển đến cơ sở xử lý trên mạng đường: %.0f tấn/ngày, %.0f "
                      "tấn·km/ngày (gistool network)",
                 tonnes, r->tkm_direct);
    snprintf(notes, nnotes,
             en ? "Coordinate system: %s. Network distances on the roads of the scenario "
                  "(%d km, planar lengths); demand = census population x %g (urban) / %g "
                  "(rural) kg/person/day. Service areas: %g m either side of the roads reached "
                  "within %g, %g... min. Stations: %s. gistool %s."
                : "Hệ tọa độ: %s. Khoảng cách theo mạng đường của kịch bản (%d km, chiều dài "
                  "phẳng); lượng phát sinh = dân số x %g (đô thị) / %g (nông thôn) "
                  "kg/người/ngày. Vùng phục vụ: %g m hai bên các tuyến đường đến được trong %g, "
                  "%g... phút. Trạm: %s. gistool %s.",
             r->s->base->crs, (int)lround(km), r->s->kg_urban, r->s->kg_rural, r->s->service_buffer_m,
             r->s->isochrones_min[0], r->s->n_isochrones > 1 ? r->s->isochrones_min[1] : 0,
             r->solver_used ? r->solver_used : "-", gt_version());
    return GT_OK;
}

gt_status gt__network_sheet(gt_context *ctx, const gt__network_run *r, const char *gpkg_path)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    const gt__network *net = r->net;
    bool en = r->s->base->out_lang && !strcmp(r->s->base->out_lang, "en");
    int cap = r->n_service + net->n_edges + r->n_demand + 1;
    overlay o = {0};
    o.g = calloc((size_t)cap, sizeof *o.g);
    o.color = calloc((size_t)cap, sizeof *o.color);
    o.width = calloc((size_t)cap, sizeof *o.width);
    o.alpha = calloc((size_t)cap, sizeof *o.alpha);
    int ns = r->n_open + r->n_treatment + r->n_points;
    GEOSGeometry **sites = calloc((size_t)ns + 1, sizeof *sites);
    int *cls = calloc((size_t)ns + 1, sizeof *cls);
    double *lx = calloc((size_t)r->n_open + 1, sizeof *lx), *ly = calloc((size_t)r->n_open + 1, sizeof *ly);
    int *lrank = calloc((size_t)r->n_open + 1, sizeof *lrank);
    gt_status st = o.g && o.color && o.width && o.alpha && sites && cls && lx && ly && lrank
                       ? GT_OK
                       : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    /* Service areas (longest time first), routes, roads by load. */
    static const unsigned iso_color[3] = {0x006d2c, 0x41ab5d, 0xa1d99b};
    for (int k = r->n_service - 1; !st && k >= 0; k--) {
        int band = 0;
        for (int q = 0; q < r->s->n_isochrones; q++)
            if (r->s->isochrones_min[q] == r->service_min[k])
                band = q;
        if (!ov_add(&o, GEOSGeom_clone_r(h, r->service[k]), iso_color[band < 3 ? band : 2], 0,
                    0.25))
            st = GT_GEOS_FAIL(ctx, "clone");
    }
    for (int i = 0; !st && i < r->n_demand && r->n_open; i++) {
        const gt__demand *d = &r->demand[i];
        if (d->station < 0)
            continue;
        GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, 2, 2);
        GEOSCoordSeq_setXY_r(h, cs, 0, d->x, d->y);
        GEOSCoordSeq_setXY_r(h, cs, 1, r->cand[d->station].x, r->cand[d->station].y);
        if (!ov_add(&o, GEOSGeom_createLineString_r(h, cs), 0x2171b5, 0.5, 0))
            st = GT_GEOS_FAIL(ctx, "route");
    }
    o.owned = o.n;
    for (int e = 0; !st && e < net->n_edges; e++) {
        double t = r->edge_tonnes[e];
        unsigned c = t >= 200 ? 0x800026 : t >= 50 ? 0xe31a1c : t > 0 ? 0xfd8d3c : 0x969696;
        double w = t >= 200 ? 3.2 : t >= 50 ? 2.2 : t > 0 ? 1.3 : 0.6;
        ov_add(&o, net->geoms[e], c, w, 0);
    }
    /* Sites: stations (class 0, numbered), collection points (1), treatment (2). */
    int n = 0;
    for (int k = 0; !st && k < r->n_open; k++) {
        const gt__facility *f = &r->cand[r->open[k]];
        sites[n] = GEOSGeom_createPointFromXY_r(h, f->x, f->y);
        cls[n++] = 0;
        lx[k] = f->x;
        ly[k] = f->y;
        lrank[k] = k + 1;
    }
    for (int k = 0; !st && k < r->n_points; k++) {
        sites[n] = GEOSGeom_createPointFromXY_r(h, r->pt_x[k], r->pt_y[k]);
        cls[n++] = 1;
    }
    for (int t = 0; !st && t < r->n_treatment; t++) {
        sites[n] = GEOSGeom_createPointFromXY_r(h, r->treatment[t].x, r->treatment[t].y);
        cls[n++] = 2;
    }
    char sub[512], notes[2048];
    sheet_texts(r, en, sub, sizeof sub, notes, sizeof notes);
    const gt__map_legend legend_vi[] = {
        {0x800026, false, false, "Đường: ≥ 200 tấn/ngày", true},
        {0xe31a1c, false, false, "Đường: 50 – 200 tấn/ngày", true},
        {0xfd8d3c, false, false, "Đường: dưới 50 tấn/ngày", true},
        {0x006d2c, false, false, "Vùng phục vụ (ngắn nhất)", false},
        {0x2171b5, false, false, "Xã → trạm trung chuyển", true},
        {0x1a9641, false, true, "Trạm trung chuyển (số thứ tự)", false},
        {0xfdae61, false, true, "Điểm tập kết", false},
        {0xd7191c, false, true, "Cơ sở xử lý", false}};
    const gt__map_legend legend_en[] = {
        {0x800026, false, false, "Road: ≥ 200 t/day", true},
        {0xe31a1c, false, false, "Road: 50 – 200 t/day", true},
        {0xfd8d3c, false, false, "Road: below 50 t/day", true},
        {0x006d2c, false, false, "Service area (shortest)", false},
        {0x2171b5, false, false, "Commune → transfer station", true},
        {0x1a9641, false, true, "Transfer station (number)", false},
        {0xfdae61, false, true, "Collection point", false},
        {0xd7191c, false, true, "Treatment site", false}};
    gt__map m = {0};
    m.title = r->s->base->name;
    m.subtitle = sub;
    m.legend_title = en ? "Legend" : "Chú giải";
    m.notes = notes;
    m.communes = r->communes;
    m.sites = sites;
    m.site_class = cls;
    m.n_sites = n;
    m.label_x = lx;
    m.label_y = ly;
    m.label_rank = lrank;
    m.n_labels = r->n_open;
    m.overlay = o.g;
    m.overlay_color = o.color;
    m.overlay_width_pt = o.width;
    m.overlay_alpha = o.alpha;
    m.n_overlay = o.n;
    m.legend = en ? legend_en : legend_vi;
    m.n_legend = 8;
    /* Extent: the communes, with a margin. */
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int i = 0; i < r->communes->n; i++) {
        double a, b, c, d;
        GEOSGeom_getXMin_r(h, r->communes->geoms[i], &a);
        GEOSGeom_getYMin_r(h, r->communes->geoms[i], &b);
        GEOSGeom_getXMax_r(h, r->communes->geoms[i], &c);
        GEOSGeom_getYMax_r(h, r->communes->geoms[i], &d);
        x0 = fmin(x0, a), y0 = fmin(y0, b), x1 = fmax(x1, c), y1 = fmax(y1, d);
    }
    double mx = 0.03 * (x1 - x0), my = 0.03 * (y1 - y0);
    m.extent[0] = x0 - mx, m.extent[1] = y0 - my, m.extent[2] = x1 + mx, m.extent[3] = y1 + my;
    char *prefix = st ? NULL : gt__strdup(ctx, gpkg_path);
    if (!st && !prefix)
        st = GT_ERR_NOMEM;
    if (prefix && strlen(prefix) > 5 && !strcmp(prefix + strlen(prefix) - 5, ".gpkg"))
        prefix[strlen(prefix) - 5] = '\0';
    const struct {
        const char *name;
        double w, hh;
    } sizes[2] = {{"A4", 297, 210}, {"A3", 420, 297}};
    for (int i = 0; !st && i < 2; i++)
        for (int pdf = 0; !st && pdf < 2; pdf++) {
            char *path = gt__asprintf("%s-%s.%s", prefix, sizes[i].name, pdf ? "pdf" : "png");
            st = path ? gt__map_render(ctx, &m, path, pdf, sizes[i].w, sizes[i].hh, 200)
                      : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
            if (!st)
                gt__log(ctx, GT_LOG_INFO, "wrote %s", path);
            free(path);
        }
    free(prefix);
    for (int k = 0; k < o.owned; k++)
        GEOSGeom_destroy_r(h, o.g[k]);
    for (int k = 0; k < n; k++)
        if (sites[k])
            GEOSGeom_destroy_r(h, sites[k]);
    free(o.g);
    free(o.color);
    free(o.width);
    free(o.alpha);
    free(sites);
    free(cls);
    free(lx);
    free(ly);
    free(lrank);
    return st;
}
