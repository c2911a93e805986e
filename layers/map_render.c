/*
 * map_render.c: print map sheets with cairo and pango: PNG at a given dpi or PDF
 * (vector, fonts embedded by cairo). Title and subtitle, the main map,
 * legend, scale bar, north arrow, CRS, sources and date, and an inset
 * locating the province. Text through pango with Noto Sans, so Vietnamese
 * diacritics render correctly. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "layers/layers.h"

typedef struct {
    cairo_t *cr;
    double x0, y0, scale; /* page = (world - world origin) * scale + frame origin */
    double wx0, wy1;      /* world left, world top */
} view;

static void to_page(const view *v, double x, double y, double *px, double *py)
{
    *px = v->x0 + (x - v->wx0) * v->scale;
    *py = v->y0 + (v->wy1 - y) * v->scale;
}

static void path_coords(gt_context *ctx, const view *v, const GEOSCoordSequence *seq, bool close)
{
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(gt__geos(ctx), seq, &n);
    for (unsigned i = 0; i < n; i++) {
        double x, y, px, py;
        GEOSCoordSeq_getXY_r(gt__geos(ctx), seq, i, &x, &y);
        to_page(v, x, y, &px, &py);
        if (i == 0)
            cairo_move_to(v->cr, px, py);
        else
            cairo_line_to(v->cr, px, py);
    }
    if (close)
        cairo_close_path(v->cr);
}

/* Add a geometry's outline to the current path (polygons, lines). */
static void path_geom(gt_context *ctx, const view *v, const GEOSGeometry *g)
{
    int t = GEOSGeomTypeId_r(gt__geos(ctx), g);
    if (t == GEOS_POLYGON) {
        path_coords(ctx, v,
                    GEOSGeom_getCoordSeq_r(gt__geos(ctx), GEOSGetExteriorRing_r(gt__geos(ctx), g)),
                    true);
        int nh = GEOSGetNumInteriorRings_r(gt__geos(ctx), g);
        for (int i = 0; i < nh; i++)
            path_coords(
                ctx, v,
                GEOSGeom_getCoordSeq_r(gt__geos(ctx), GEOSGetInteriorRingN_r(gt__geos(ctx), g, i)),
                true);
    } else if (t == GEOS_LINESTRING || t == GEOS_LINEARRING) {
        path_coords(ctx, v, GEOSGeom_getCoordSeq_r(gt__geos(ctx), g), false);
    } else if (t == GEOS_MULTIPOLYGON || t == GEOS_MULTILINESTRING ||
               t == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(gt__geos(ctx), g);
        for (int i = 0; i < n; i++)
            path_geom(ctx, v, GEOSGetGeometryN_r(gt__geos(ctx), g, i));
    }
}

static void rgba(cairo_t *cr, unsigned c, double a)
{
    cairo_set_source_rgba(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                          (c & 255) / 255.0, a);
}

static void draw_features(gt_context *ctx, const view *v, const gt__features *f, unsigned fill,
                          double fill_a, unsigned line, double width)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++) {
        cairo_new_path(v->cr);
        path_geom(ctx, v, f->geoms[i]);
        if (fill_a > 0 && f->max_dim == 2) {
            rgba(v->cr, fill, fill_a);
            cairo_fill_preserve(v->cr);
        }
        rgba(v->cr, line, 1);
        cairo_set_line_width(v->cr, width);
        cairo_stroke(v->cr);
    }
}

/* Red - yellow - green, as the QGIS style of the suitability raster. */
static unsigned ramp(double x)
{
    static const unsigned stops[5] = {0xd7191c, 0xfdae61, 0xffffbf, 0xa6d96a, 0x1a9641};
    if (isnan(x))
        return 0xffffffff;
    x = fmin(1, fmax(0, x)) * 4;
    int i = (int)fmin(3, floor(x));
    double t = x - i;
    unsigned a = stops[i], b = stops[i + 1], out = 0;
    for (int s = 16; s >= 0; s -= 8)
        out |= (unsigned)lround(((a >> s) & 255) * (1 - t) + ((b >> s) & 255) * t) << s;
    return out;
}

/* What one sheet's text is drawn with: its cairo context and the render's
 * own pango context (its own font map, released at the end, so no font cache
 * outlives the sheet and two sheets can be drawn at once). */
typedef struct {
    cairo_t *cr;
    PangoContext *pango;
} pen;

struct _PangoLayout *gt__text_layout(struct _cairo *cr, struct _PangoContext *pango,
                                     const char *s, double size_pt, bool bold, double width)
{
    pango_cairo_update_context(cr, pango);
    PangoLayout *l = pango_layout_new(pango);
    char font[64];
    snprintf(font, sizeof font, "Noto Sans %s%.1f", bold ? "Bold " : "", size_pt);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(l, s ? s : "", -1);
    return l;
}

static PangoLayout *text_layout(const pen *p, const char *s, double size_pt, bool bold,
                                double width)
{
    return gt__text_layout(p->cr, p->pango, s, size_pt, bold, width);
}

/* The height s takes at size_pt wrapped to `width`, without drawing it. */
static double text_height(const pen *p, const char *s, double size_pt, double width)
{
    PangoLayout *l = text_layout(p, s, size_pt, false, width);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

/* Draw s with its top-left corner at (x, y); returns its height. */
static double text(const pen *p, const char *s, double x, double y, double size_pt, bool bold,
                   double width, unsigned color)
{
    PangoLayout *l = text_layout(p, s, size_pt, bold, width);
    rgba(p->cr, color, 1);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

static void swatch(cairo_t *cr, double x, double y, double s, unsigned fill, bool hatch, bool dot)
{
    cairo_new_path(cr);
    if (dot)
        cairo_arc(cr, x + s / 2, y + s / 2, s / 3, 0, 2 * M_PI);
    else
        cairo_rectangle(cr, x, y, s, s);
    rgba(cr, fill, 1);
    cairo_fill_preserve(cr);
    rgba(cr, 0x333333, 1);
    cairo_set_line_width(cr, s / 20);
    cairo_stroke(cr);
    if (hatch) {
        cairo_save(cr);
        cairo_rectangle(cr, x, y, s, s);
        cairo_clip(cr);
        for (double d = -s; d < s; d += s / 4) {
            cairo_move_to(cr, x + d, y + s);
            cairo_line_to(cr, x + d + s, y);
        }
        cairo_stroke(cr);
        cairo_restore(cr);
    }
}

/* One sheet being drawn: the pen, the page in its units and the main map
 * frame, worked out once and read by each part of the sheet. */
typedef struct {
    gt_context *ctx;
    const gt__map *m;
    pen tp;
    double W, H;           /* the page, in page units */
    double mm, pt;         /* one millimetre and one point, in page units */
    double mx;             /* the left and right margin */
    double fx, fy, fw, fh; /* the main map frame */
    view v;                /* the main map inside the frame */
} sheet;

/* Title and subtitle, stacked by their measured height; returns where the
 * text ends. */
static double draw_title(const sheet *s)
{
    double mm = s->mm, pt = s->pt, mx = s->mx, W = s->W, ty = 8 * mm;
    ty += text(&s->tp, s->m->title, mx, ty, 18 * pt, true, W - 2 * mx, 0x111111) + 1 * mm;
    ty += text(&s->tp, s->m->subtitle, mx, ty, 11 * pt, false, W - 2 * mx, 0x444444);
    return ty;
}

/* The main map frame below the title (the right panel takes 72 mm), and
 * the map's extent, padded a little, centred in it at one scale. */
static void layout_frame(sheet *s, double ty)
{
    const gt__map *m = s->m;
    double mm = s->mm, mx = s->mx;
    double fx = mx, fy = ty + 6 * mm, fw = s->W - 2 * mx - 72 * mm, fh = s->H - fy - 16 * mm;
    double ex0 = m->extent[0], ey0 = m->extent[1], ex1 = m->extent[2], ey1 = m->extent[3];
    double pad = 0.03 * fmax(ex1 - ex0, ey1 - ey0);
    ex0 -= pad, ey0 -= pad, ex1 += pad, ey1 += pad;
    view v = {s->tp.cr, fx, fy, fmin(fw / (ex1 - ex0), fh / (ey1 - ey0)), ex0, ey1};
    v.x0 = fx + (fw - (ex1 - ex0) * v.scale) / 2;
    v.y0 = fy + (fh - (ey1 - ey0) * v.scale) / 2;
    s->fx = fx, s->fy = fy, s->fw = fw, s->fh = fh;
    s->v = v;
}

/* The suitability surface, cell by cell, as an image. */
static void draw_raster(const sheet *s)
{
    const gt__map *m = s->m;
    cairo_t *cr = s->tp.cr;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, m->grid.w, m->grid.h);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int r = 0; r < m->grid.h; r++) {
        uint32_t *row = (uint32_t *)(data + (size_t)r * stride);
        for (int c = 0; c < m->grid.w; c++) {
            float x = m->raster[(size_t)r * m->grid.w + c];
            row[c] = isnan(x) ? 0 : 0xff000000u | ramp(x);
        }
    }
    cairo_surface_mark_dirty(img);
    double px, py;
    to_page(&s->v, m->grid.x0, m->grid.y0, &px, &py);
    cairo_save(cr);
    cairo_translate(cr, px, py);
    cairo_scale(cr, m->grid.res * s->v.scale, m->grid.res * s->v.scale);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_paint_with_alpha(cr, 0.85);
    cairo_restore(cr);
    cairo_surface_destroy(img);
}

/* The area layers under the results: commune outlines, protected areas. */
static void draw_base_areas(const sheet *s)
{
    const gt__map *m = s->m;
    double pt = s->pt;
    draw_features(s->ctx, &s->v, m->communes, 0, 0, 0xb0b0b0, 0.25 * pt);
    draw_features(s->ctx, &s->v, m->protected_areas, 0x31a354, 0.15, 0x006d2c, 0.6 * pt);
}

/* The line layers over the parcel fills, so a parcel never hides the road
 * that serves it, then the study area's boundary on top. */
static void draw_base_lines(const sheet *s)
{
    const gt__map *m = s->m;
    double pt = s->pt;
    draw_features(s->ctx, &s->v, m->rivers, 0, 0, 0x2b8cbe, 1.2 * pt);
    draw_features(s->ctx, &s->v, m->roads, 0, 0, 0x636363, 1.0 * pt);
    draw_features(s->ctx, &s->v, m->boundary, 0, 0, 0x000000, 1.6 * pt);
}

/* Candidate regions as outlines, then parcels filled by their score (grey
 * when excluded). */
static void draw_regions_and_parcels(const sheet *s)
{
    const gt__map *m = s->m;
    cairo_t *cr = s->tp.cr;
    for (int i = 0; i < m->n_regions; i++) {
        cairo_new_path(cr);
        path_geom(s->ctx, &s->v, m->regions[i]);
        rgba(cr, 0x006837, 1);
        cairo_set_line_width(cr, 1.2 * s->pt);
        cairo_stroke(cr);
    }
    for (int i = 0; i < m->n_parcels; i++) {
        cairo_new_path(cr);
        path_geom(s->ctx, &s->v, m->parcels[i]);
        unsigned fill = m->parcel_excluded[i] ? 0x969696 : ramp(m->parcel_score[i]);
        rgba(cr, fill, 1);
        cairo_fill_preserve(cr);
        rgba(cr, 0x333333, 1);
        cairo_set_line_width(cr, 0.4 * s->pt);
        cairo_stroke(cr);
    }
}

/* Sites as dots at their centroids, coloured by class. */
static void draw_sites(const sheet *s)
{
    static const unsigned cls[3] = {0x1a9641, 0xfdae61, 0xd7191c};
    const gt__map *m = s->m;
    cairo_t *cr = s->tp.cr;
    GEOSContextHandle_t h = gt__geos(s->ctx);
    for (int i = 0; i < m->n_sites; i++) {
        GEOSGeometry *c = GEOSGetCentroid_r(h, m->sites[i]);
        double x, y, px, py;
        if (c && GEOSGeomGetX_r(h, c, &x) && GEOSGeomGetY_r(h, c, &y)) {
            to_page(&s->v, x, y, &px, &py);
            cairo_new_path(cr);
            cairo_arc(cr, px, py, 2.2 * s->mm, 0, 2 * M_PI);
            rgba(cr, cls[m->site_class[i] % 3], 1);
            cairo_fill_preserve(cr);
            rgba(cr, 0x222222, 1);
            cairo_set_line_width(cr, 0.5 * s->pt);
            cairo_stroke(cr);
        }
        if (c)
            GEOSGeom_destroy_r(h, c);
    }
}

/* Labels: the ranks of the top sites, in white discs with a leader line to
 * the place they name. Each disc is sized from the number's pango extents
 * and placed greedily, best rank first: the first of eight positions
 * around its place (NE, NW, SE, SW, E, W, N, S) on rings further and
 * further out whose box stays inside the frame and clear of every disc
 * already placed. Only when no position on any ring is free (a crowd no
 * map scale can separate) does a disc go on the first ring regardless. */
typedef struct {
    double x0, y0, x1, y1;
} box;

static bool boxes_meet(const box *a, const box *b, double gap)
{
    return a->x0 < b->x1 + gap && b->x0 < a->x1 + gap && a->y0 < b->y1 + gap && b->y0 < a->y1 + gap;
}

/* Where the disc of label k goes (its centre); false when it had to
 * overlap. `placed` holds the n boxes already placed. */
static bool place_label(const sheet *s, double px, double py, double r, const box *placed, int n,
                        double *cx, double *cy)
{
    static const double dir[8][2] = {{1, -1}, {-1, -1}, {1, 1},  {-1, 1},
                                     {1, 0},  {-1, 0},  {0, -1}, {0, 1}};
    double mm = s->mm;
    for (int ring = 1; ring <= 12; ring++) {
        double d = (r + 0.8 * mm) * (0.6 + 0.7 * ring);
        for (int k = 0; k < 8; k++) {
            double len = hypot(dir[k][0], dir[k][1]);
            double x = px + dir[k][0] / len * d, y = py + dir[k][1] / len * d;
            box b = {x - r, y - r, x + r, y + r};
            if (b.x0 < s->fx || b.y0 < s->fy || b.x1 > s->fx + s->fw || b.y1 > s->fy + s->fh)
                continue;
            bool free_here = true;
            for (int j = 0; j < n && free_here; j++)
                free_here = !boxes_meet(&b, &placed[j], 0.3 * mm);
            if (free_here) {
                *cx = x, *cy = y;
                return true;
            }
        }
    }
    double d = (r + 0.8 * mm) * 1.3;
    *cx = px + d / sqrt(2), *cy = py - d / sqrt(2);
    return false;
}

static void draw_labels(const sheet *s)
{
    const gt__map *m = s->m;
    cairo_t *cr = s->tp.cr;
    double mm = s->mm, pt = s->pt;
    if (m->n_labels <= 0)
        return;
    int *order = calloc((size_t)m->n_labels, sizeof *order);
    box *placed = calloc((size_t)m->n_labels, sizeof *placed);
    if (!order || !placed) {
        free(order);
        free(placed);
        return;
    }
    for (int i = 0; i < m->n_labels; i++)
        order[i] = i;
    for (int i = 1; i < m->n_labels; i++) /* best rank first: few labels */
        for (int j = i; j > 0 && m->label_rank[order[j]] < m->label_rank[order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (int n = 0; n < m->n_labels; n++) {
        int i = order[n];
        double px, py, cx, cy;
        to_page(&s->v, m->label_x[i], m->label_y[i], &px, &py);
        char l[16];
        snprintf(l, sizeof l, "%d", m->label_rank[i]);
        PangoLayout *lay = text_layout(&s->tp, l, 8 * pt, true, 0);
        PangoRectangle ink, logical;
        pango_layout_get_extents(lay, &ink, &logical);
        double tw = (double)logical.width / PANGO_SCALE, th = (double)logical.height / PANGO_SCALE;
        double r = fmax(2.4 * mm, 0.5 * hypot(tw, th * 0.7) + 0.6 * mm);
        place_label(s, px, py, r, placed, n, &cx, &cy);
        placed[n] = (box){cx - r, cy - r, cx + r, cy + r};
        if (m->label_boxes_mm) {
            double *b = &m->label_boxes_mm[4 * i];
            b[0] = placed[n].x0 / mm, b[1] = placed[n].y0 / mm;
            b[2] = placed[n].x1 / mm, b[3] = placed[n].y1 / mm;
        }
        /* Leader line from the place to the disc's edge, and a dot. */
        double dx = cx - px, dy = cy - py, dl = hypot(dx, dy);
        cairo_new_path(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.5 * pt);
        if (dl > r) {
            cairo_move_to(cr, px, py);
            cairo_line_to(cr, cx - dx / dl * r, cy - dy / dl * r);
            cairo_stroke(cr);
        }
        cairo_arc(cr, px, py, 0.45 * mm, 0, 2 * M_PI);
        cairo_fill(cr);
        cairo_new_path(cr);
        cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.6 * pt);
        cairo_stroke(cr);
        cairo_move_to(cr, cx - tw / 2 - (double)logical.x / PANGO_SCALE, cy - th / 2);
        pango_cairo_show_layout(cr, lay);
        g_object_unref(lay);
    }
    free(order);
    free(placed);
}

/* gistool network: the overlay (service areas filled, routes stroked). */
static void draw_overlay(const sheet *s)
{
    const gt__map *m = s->m;
    cairo_t *cr = s->tp.cr;
    for (int i = 0; i < m->n_overlay; i++) {
        cairo_new_path(cr);
        path_geom(s->ctx, &s->v, m->overlay[i]);
        rgba(cr, m->overlay_color[i], m->overlay_alpha[i] > 0 ? m->overlay_alpha[i] : 1);
        if (m->overlay_alpha[i] > 0) {
            cairo_fill(cr);
        } else {
            cairo_set_line_width(cr, m->overlay_width_pt[i] * s->pt);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
            cairo_stroke(cr);
        }
    }
}

/* Everything inside the main frame, clipped to it, then the frame line. */
static void draw_main_map(const sheet *s)
{
    cairo_t *cr = s->tp.cr;
    cairo_save(cr);
    cairo_rectangle(cr, s->fx, s->fy, s->fw, s->fh);
    cairo_clip(cr);
    if (s->m->raster)
        draw_raster(s);
    draw_base_areas(s);
    draw_overlay(s); /* gistool network */
    draw_regions_and_parcels(s);
    draw_base_lines(s);
    draw_sites(s);
    draw_labels(s);
    cairo_restore(cr);
    cairo_rectangle(cr, s->fx, s->fy, s->fw, s->fh);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.8 * s->pt);
    cairo_stroke(cr);
}

/* North arrow (grid north: the map is north-up in its projected CRS), in
 * the frame's top right corner. */
static void draw_north_arrow(const sheet *s)
{
    cairo_t *cr = s->tp.cr;
    double mm = s->mm, nx = s->fx + s->fw - 12 * mm, ny = s->fy + 8 * mm;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, nx, ny);
    cairo_line_to(cr, nx - 3.5 * mm, ny + 10 * mm);
    cairo_line_to(cr, nx, ny + 7.5 * mm);
    cairo_close_path(cr);
    cairo_fill(cr);
    cairo_move_to(cr, nx, ny);
    cairo_line_to(cr, nx + 3.5 * mm, ny + 10 * mm);
    cairo_line_to(cr, nx, ny + 7.5 * mm);
    cairo_close_path(cr);
    cairo_set_line_width(cr, 0.6 * s->pt);
    cairo_stroke(cr);
    const char *north = s->m->north ? s->m->north : "N";
    PangoLayout *l = text_layout(&s->tp, north, 10 * s->pt, true, 0);
    int tw, th;
    pango_layout_get_size(l, &tw, &th);
    g_object_unref(l);
    text(&s->tp, north, nx - (double)tw / PANGO_SCALE / 2, ny + 10.5 * mm, 10 * s->pt, true, 0,
         0x000000);
}

/* Scale bar: a round length near a fifth of the frame, in four blocks. */
static void draw_scale_bar(const sheet *s)
{
    static const double nice[] = {100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000};
    cairo_t *cr = s->tp.cr;
    double mm = s->mm, pt = s->pt;
    double target = s->fw / s->v.scale / 5, len = 1;
    for (int i = 0; i < 10; i++)
        if (nice[i] <= target)
            len = nice[i];
    double bx = s->fx + 6 * mm, by = s->fy + s->fh - 10 * mm, bw = len * s->v.scale;
    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, bx + i * bw / 4, by, bw / 4, 2 * mm);
        if (i % 2 == 0) {
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_fill_preserve(cr);
        } else {
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_fill_preserve(cr);
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.5 * pt);
        cairo_stroke(cr);
    }
    char lab[32];
    text(&s->tp, "0", bx - 1 * mm, by + 2.5 * mm, 8 * pt, false, 0, 0x000000);
    if (len >= 1000)
        snprintf(lab, sizeof lab, "%g km", len / 1000);
    else
        snprintf(lab, sizeof lab, "%g m", len);
    text(&s->tp, lab, bx + bw - 2 * mm, by + 2.5 * mm, 8 * pt, false, 0, 0x000000);
}

/* The inset locating the area in the province, at the top of the right
 * panel (x0, y0, width pw); returns where the panel continues. */
static double draw_inset(const sheet *s, double x0, double y0, double pw)
{
    const gt__map *m = s->m;
    cairo_t *cr = s->tp.cr;
    GEOSContextHandle_t h = gt__geos(s->ctx);
    double mm = s->mm, pt = s->pt;
    double ix0, iy0, ix1, iy1;
    GEOSGeom_getXMin_r(h, m->inset, &ix0);
    GEOSGeom_getYMin_r(h, m->inset, &iy0);
    GEOSGeom_getXMax_r(h, m->inset, &ix1);
    GEOSGeom_getYMax_r(h, m->inset, &iy1);
    double ih = fmin(62 * mm, 0.22 * s->H), sc = fmin(pw / (ix1 - ix0), ih / (iy1 - iy0));
    view iv = {cr, x0 + (pw - (ix1 - ix0) * sc) / 2, y0, sc, ix0, iy1};
    cairo_new_path(cr);
    path_geom(s->ctx, &iv, m->inset);
    rgba(cr, 0xe5e5e5, 1);
    cairo_fill_preserve(cr);
    rgba(cr, 0x777777, 1);
    cairo_set_line_width(cr, 0.4 * pt);
    cairo_stroke(cr);
    if (m->inset_area) {
        cairo_new_path(cr);
        path_geom(s->ctx, &iv, m->inset_area);
        rgba(cr, 0xd7191c, 1);
        cairo_fill(cr);
    }
    cairo_rectangle(cr, x0, y0, pw, ih);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.6 * pt);
    cairo_stroke(cr);
    return y0 + ih + 4 * mm;
}

/* Right panel: the inset, the legend and the notes, top to bottom. */
static void draw_panel(const sheet *s)
{
    const gt__map *m = s->m;
    double mm = s->mm, pt = s->pt;
    double px0 = s->W - s->mx - 66 * mm, pw = 66 * mm, py0 = s->fy;
    if (m->inset)
        py0 = draw_inset(s, px0, py0, pw);
    text(&s->tp, m->legend_title, px0, py0, 11 * pt, true, pw, 0x111111);
    py0 += 7 * mm;
    for (int i = 0; i < m->n_legend; i++) {
        const gt__map_legend *e = &m->legend[i];
        if (e->line) {
            cairo_new_path(s->tp.cr);
            cairo_move_to(s->tp.cr, px0, py0 + 2 * mm);
            cairo_line_to(s->tp.cr, px0 + 4 * mm, py0 + 2 * mm);
            rgba(s->tp.cr, e->color, 1);
            cairo_set_line_width(s->tp.cr, 1.4 * pt);
            cairo_stroke(s->tp.cr);
        } else {
            swatch(s->tp.cr, px0, py0, 4 * mm, e->color, e->hatch, e->dot);
        }
        double h = text(&s->tp, e->label, px0 + 6 * mm, py0 - 0.6 * mm, 8.5 * pt, false,
                        pw - 6 * mm, 0x222222);
        py0 += fmax(5 * mm, h + 1.3 * mm); /* a wrapped label pushes the next down */
    }
    py0 += 3 * mm;
    /* The notes (CRS, every source with its licence, the run date) grow
     * with the run's inputs: they start at 7 pt and shrink, down to a 5 pt
     * floor that still prints legibly, until they fit above the margin. */
    double room = s->H - 8 * mm - py0, size = 7;
    while (size > 5 && text_height(&s->tp, m->notes, size * pt, pw) > room)
        size -= 0.25;
    text(&s->tp, m->notes, px0, py0, size * pt, false, pw, 0x444444);
}

/* Every part of the sheet on a white page, in drawing order. */
static void draw_sheet(sheet *s)
{
    cairo_set_source_rgb(s->tp.cr, 1, 1, 1);
    cairo_paint(s->tp.cr);
    layout_frame(s, draw_title(s));
    draw_main_map(s);
    draw_north_arrow(s);
    draw_scale_bar(s);
    draw_panel(s);
}

/* Write the PNG (a PDF is written as it is drawn), finish the surface and
 * report the first cairo error. */
static gt_status finish_surface(gt_context *ctx, cairo_surface_t *surf, const char *tmp,
                                const char *path, bool pdf)
{
    cairo_status_t cst = CAIRO_STATUS_SUCCESS;
    if (!pdf)
        cst = cairo_surface_write_to_png(surf, tmp);
    cairo_surface_finish(surf);
    if (cst == CAIRO_STATUS_SUCCESS)
        cst = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (cst != CAIRO_STATUS_SUCCESS)
        return gt__error(ctx, GT_ERR_OUTPUT, "writing the map sheet '%s' failed: %s", path,
                         cairo_status_to_string(cst));
    return GT_OK;
}

gt_status gt__map_render(gt_context *ctx, const gt__map *m, const char *path, bool pdf,
                         double page_w_mm, double page_h_mm, int dpi)
{
    /* Page units: points (1/72 in) for PDF; pixels at dpi for PNG. */
    double unit = pdf ? 72.0 / 25.4 : dpi / 25.4; /* per mm */
    double W = page_w_mm * unit, H = page_h_mm * unit;
    /* Drawn into a temporary file, moved over `path` only when complete. */
    char *tmp = gt__tmp_path(path, NULL);
    if (!tmp)
        return errno == ENOMEM ? gt__error(ctx, GT_ERR_NOMEM, "out of memory")
                               : gt__error(ctx, GT_ERR_OUTPUT, "cannot write the map sheet '%s': %s",
                                           path, strerror(errno));
    cairo_surface_t *surf =
        pdf ? cairo_pdf_surface_create(tmp, W, H)
            : cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(W), (int)lround(H));
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return gt__replace_file(
            ctx, gt__error(ctx, GT_ERR_OUTPUT, "cannot create the map sheet '%s'", path), tmp,
            path);
    }
    sheet s = {.ctx = ctx, .m = m, .W = W, .H = H};
    s.tp.cr = cairo_create(surf);
    PangoFontMap *fontmap = pango_cairo_font_map_new();
    s.tp.pango = pango_font_map_create_context(fontmap);
    s.mm = unit, s.pt = unit * 25.4 / 72.0; /* one point, in page units */
    s.mx = 10 * s.mm;                       /* margins 10 mm */
    draw_sheet(&s);
    cairo_destroy(s.tp.cr);
    g_object_unref(s.tp.pango);
    g_object_unref(fontmap);
    return gt__replace_file(ctx, finish_surface(ctx, surf, tmp, path, pdf), tmp, path);
}
