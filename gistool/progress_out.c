/*
 * progress_out.c: the yearly progress report of gistool progress, as a
 * self-contained HTML page (the style of gistool report, inline SVG charts,
 * the map as an embedded PNG) and as a PDF drawn with cairo and pango (the
 * same map, the same tables), one language at a time through the catalogue.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <cpl_string.h>
#include <pango/pangocairo.h>

#include "gistool/progress_model.h"
#include "layers/layers.h"

const char *gt__report_css(void); /* report.c */

static const unsigned status_color[3] = {0x1a9641, 0xfdae61, 0xd7191c};

/* ------------------------------------------------------------------ */
/* The map                                                              */
/* ------------------------------------------------------------------ */

gt_status gt__pg_render_map(gt_context *ctx, gt__pg_model *m, const char *png_path)
{
    char title[256], sub[512], notes[1024];
    snprintf(title, sizeof title, gt__pg_T(m, "Facilities by status at the end of %d"), m->year);
    snprintf(sub, sizeof sub, "%s · %s", m->province, m->reg);
    snprintf(notes, sizeof notes, "%s: WGS 84 / UTM 48N (EPSG:32648).\n%s: %s", gt__pg_T(m, "Coordinate system"),
             gt__pg_T(m, "Sources"), m->reg);
    gt__map_legend legend[3] = {
        {status_color[0], false, true, gt__pg_T(m, "Remediated, or dump closed"), false},
        {status_color[1], false, true, gt__pg_T(m, "Closed or being remediated"), false},
        {status_color[2], false, true, gt__pg_T(m, "Operating"), false}};
    gt__map map = {0};
    map.title = title;
    map.subtitle = sub;
    map.legend_title = gt__pg_T(m, "Legend");
    map.notes = notes;
    map.legend = legend;
    map.n_legend = 3;
    map.north = gt__pg_T(m, "north:N");
    map.sites = m->geoms;
    map.site_class = m->cls;
    map.n_sites = m->n_geoms;
    /* The facilities' extent with a margin (5 km when there is one site). */
    double e[4] = {m->extent[0], m->extent[1], m->extent[2], m->extent[3]};
    if (!m->n_geoms) {
        e[0] = 580000, e[1] = 2200000, e[2] = 640000, e[3] = 2260000; /* Ninh Bình area */
    }
    double dx = fmax(e[2] - e[0], 5000), dy = fmax(e[3] - e[1], 5000);
    double cx = (e[0] + e[2]) / 2, cy = (e[1] + e[3]) / 2;
    map.extent[0] = cx - dx * 0.55;
    map.extent[1] = cy - dy * 0.55;
    map.extent[2] = cx + dx * 0.55;
    map.extent[3] = cy + dy * 0.55;
    gt_status st = gt__map_render(ctx, &map, png_path, false, 297, 210, 110);
    if (st)
        return st;
    m->png_tmp = strdup(gt__output_readable(png_path));
    return m->png_tmp ? GT_OK : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
}

/* ------------------------------------------------------------------ */
/* HTML                                                                 */
/* ------------------------------------------------------------------ */

static void esc(FILE *f, const char *s)
{
    gt__sbuf b = {0};
    gt__xml_escape(&b, s ? s : "");
    if (b.s)
        fputs(b.s, f);
    free(b.s);
}

static void html_table(FILE *f, const gt__pg_table *t, const gt__pg_model *m)
{
    if (!t->nrow) {
        fprintf(f, "<p>%s</p>\n", gt__pg_T(m, "None."));
        return;
    }
    fputs("<table><thead><tr>", f);
    for (int c = 0; c < t->ncol; c++) {
        fputs("<th>", f);
        esc(f, t->heads[c]);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (int r = 0; r < t->nrow; r++) {
        fputs("<tr>", f);
        for (int c = 0; c < t->ncol; c++) {
            fputs(t->right[c] ? "<td class=\"n\">" : "<td>", f);
            esc(f, t->cells[r * t->ncol + c]);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* One indicator by year, 0-100 %, with its 2030 target as a dashed line. */
static void svg_chart(FILE *f, const gt__pg_model *m, int k)
{
    const double W = 340, H = 170, x0 = 40, y0 = 12, pw = 280, ph = 120;
    int first = m->years[0].year, last = GT__TARGET_YEAR > m->year ? GT__TARGET_YEAR : m->year;
    double span = last - first > 0 ? last - first : 1;
#define PX(yr) (x0 + pw * ((yr) - first) / span)
#define PY(v) (y0 + ph * (1 - fmin(100, fmax(0, (v))) / 100))
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" "
               "viewBox=\"0 0 %g %g\" font-size=\"9\">",
            W, H, W, H);
    for (int v = 0; v <= 100; v += 25)
        fprintf(f, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                   "<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">%d %%</text>",
                x0, PY(v), x0 + pw, PY(v), x0 - 3, PY(v) + 3, v);
    for (int yr = first; yr <= last; yr++)
        fprintf(f, "<text x=\"%.1f\" y=\"%g\" text-anchor=\"middle\">%d</text>", PX(yr),
                y0 + ph + 12, yr);
    double t = m->target2030[k];
    fprintf(f, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#b42318\" "
               "stroke-dasharray=\"4 3\"/>",
            x0, PY(t), x0 + pw, PY(t));
    /* The linear trajectory from the first value to the target. */
    if (!isnan(m->base_value[k]))
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
                   "stroke-dasharray=\"1 2\"/>",
                PX(m->base_year[k]), PY(m->base_value[k]), PX(GT__TARGET_YEAR), PY(t));
    fputs("<polyline fill=\"none\" stroke=\"#2171b5\" stroke-width=\"2\" points=\"", f);
    for (int i = 0; i < m->n_years; i++)
        if (!isnan(m->years[i].v[k].value))
            fprintf(f, "%.1f,%.1f ", PX(m->years[i].year), PY(m->years[i].v[k].value));
    fputs("\"/>", f);
    for (int i = 0; i < m->n_years; i++)
        if (!isnan(m->years[i].v[k].value))
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2171b5\"/>",
                    PX(m->years[i].year), PY(m->years[i].v[k].value));
    fputs("</svg>", f);
#undef PX
#undef PY
}

static void para(FILE *f, const char *s)
{
    fputs("<p class=\"note\">", f);
    esc(f, s);
    fputs("</p>\n", f);
}

gt_status gt__pg_write_html(gt_context *ctx, const gt__pg_model *m, const char *path)
{
    /* The map, base64 for a data: URI. */
    FILE *pf = m->png_tmp ? fopen(m->png_tmp, "rb") : NULL;
    char *b64 = NULL;
    if (pf) {
        fseek(pf, 0, SEEK_END);
        long n = ftell(pf);
        fseek(pf, 0, SEEK_SET);
        GByte *buf = n > 0 ? malloc((size_t)n) : NULL;
        if (buf && fread(buf, 1, (size_t)n, pf) == (size_t)n)
            b64 = CPLBase64Encode((int)n, buf);
        free(buf);
        fclose(pf);
    }
    char *tmp = gt__output_stage(ctx, path, NULL);
    if (!tmp) {
        CPLFree(b64);
        return gt_context_status(ctx);
    }
    FILE *f = fopen(tmp, "w");
    if (!f) {
        CPLFree(b64);
        return gt__replace_file(
            ctx, gt__error(ctx, GT_ERR_OUTPUT, "progress: cannot write '%s': %s", path, strerror(errno)),
            tmp, path);
    }
    char b[1024], t[64];
    snprintf(b, sizeof b, gt__pg_T(m, "Report on household solid waste management, %d"), m->year);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head><meta charset=\"utf-8\"/>\n<title>",
            m->L == GT__LANG_EN ? "en" : "vi");
    esc(f, b);
    fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n<h1>", gt__report_css());
    esc(f, b);
    fputs("</h1>\n<table><tbody>\n", f);
    const char *rows[][2] = {{"Province", m->province},
                             {"Report year", NULL},
                             {"Date of the report", gt__fmt_time(t, sizeof t, m->L, m->made_utc)},
                             {"Register", m->reg}};
    for (int i = 0; i < 4; i++) {
        fputs("<tr><th>", f);
        esc(f, gt__pg_T(m, rows[i][0]));
        fputs("</th><td>", f);
        if (rows[i][1])
            esc(f, rows[i][1]);
        else
            fprintf(f, "%d", m->year);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    para(f, gt__pg_T(m, "Deadlines: to the provincial People's Committee by 30 November, to the Ministry of Agriculture and Environment by 15 December."));

    fprintf(f, "<h2>%s</h2>\n", gt__pg_T(m, "Indicators against the 2030 targets"));
    html_table(f, &m->summary, m);
    para(f, gt__pg_T(m, "An indicator that no commune reports is shown as no data, never as 0 %."));
    para(f, gt__pg_T(m, "Trajectory: a straight line from the first year with a value to the 2030 target; ahead when the target is already met or the value is more than 1 percentage point better than the line, behind when more than 1 point worse, on track otherwise."));
    fputs("<table><thead><tr>", f);
    fprintf(f, "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            gt__pg_T(m, "Indicator"), gt__pg_T(m, "2030 target"), gt__pg_T(m, "Source of the target"));
    for (int k = 0; k < GT__IND_N; k++) {
        const gt__ind_def *d = gt__ind_def_of(k);
        fputs("<tr><td>", f);
        esc(f, gt__pg_ind_name(m->L, k));
        fprintf(f, "</td><td class=\"n\">%s %s %%</td><td>",
                d->cmp == GT__CMP_GE ? "≥" : d->cmp == GT__CMP_GT ? "&gt;" : "&lt;",
                gt__fmt_num(t, sizeof t, m->L, m->target2030[k], 1));
        esc(f, m->target_source[k]);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);

    fprintf(f, "<h2>%s</h2>\n", gt__pg_T(m, "Indicators by year"));
    para(f, gt__pg_T(m, "Blue: the value each year; red dashed: the 2030 target; grey dotted: the straight line to the target."));
    for (int k = 0; k < GT__IND_N; k++) {
        fputs("<figure>", f);
        svg_chart(f, m, k);
        fputs("<figcaption>", f);
        esc(f, gt__pg_ind_name(m->L, k));
        fputs("</figcaption></figure>\n", f);
    }

    snprintf(b, sizeof b, gt__pg_T(m, "Facilities by status at the end of %d"), m->year);
    fputs("<h2>", f);
    esc(f, b);
    fputs("</h2>\n", f);
    if (b64) {
        fputs("<figure><img alt=\"", f);
        esc(f, b);
        fprintf(f, "\" style=\"width:100%%\" src=\"data:image/png;base64,%s\"/></figure>\n", b64);
    }
    CPLFree(b64);

    snprintf(b, sizeof b, gt__pg_T(m, "Sites remediated or closed in %d"), m->year);
    fputs("<h2>", f);
    esc(f, b);
    fputs("</h2>\n", f);
    html_table(f, &m->done, m);

    fprintf(f, "<h2>%s</h2>\n", gt__pg_T(m, "Sites behind the plan's schedule"));
    if (m->plan_given)
        html_table(f, &m->behind, m);
    else
        para(f, gt__pg_T(m, "No plan given (--plan): no schedule to compare with."));

    snprintf(b, sizeof b, gt__pg_T(m, "By commune, %d"), m->year);
    fputs("<h2>", f);
    esc(f, b);
    fputs("</h2>\n", f);
    html_table(f, &m->communes, m);

    snprintf(b, sizeof b, gt__pg_T(m, "Entries dated after %d (not counted)"), m->year);
    fputs("<h2>", f);
    esc(f, b);
    fputs("</h2>\n", f);
    html_table(f, &m->later, m);
    fputs("</body>\n</html>\n", f);
    gt_status st = GT_OK;
    if (ferror(f) | fclose(f))
        st = gt__error(ctx, GT_ERR_OUTPUT, "progress: writing '%s' failed", path);
    return gt__replace_file(ctx, st, tmp, path);
}

/* ------------------------------------------------------------------ */
/* PDF: A4 portrait, the same sections                                  */
/* ------------------------------------------------------------------ */

typedef struct {
    cairo_t *cr;
    PangoContext *pango;
    double y;              /* the cursor, points from the top */
    double W, H, margin;   /* page, points */
} doc;

static PangoLayout *layout(doc *d, const char *s, double size, bool bold, double width)
{
    return gt__text_layout(d->cr, d->pango, s, size, bold, width);
}

static double text_h(doc *d, const char *s, double size, bool bold, double width)
{
    PangoLayout *l = layout(d, s, size, bold, width);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

static void text_at(doc *d, double x, double y, const char *s, double size, bool bold,
                    double width, bool right)
{
    PangoLayout *l = layout(d, s, size, bold, width);
    if (right && width > 0)
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    cairo_set_source_rgb(d->cr, 0.13, 0.13, 0.13);
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
    g_object_unref(l);
}

static void need(doc *d, double h)
{
    if (d->y + h > d->H - d->margin) {
        cairo_show_page(d->cr);
        d->y = d->margin;
    }
}

static void pdf_para(doc *d, const char *s, double size, bool bold)
{
    double w = d->W - 2 * d->margin;
    double h = text_h(d, s, size, bold, w);
    need(d, h + 4);
    text_at(d, d->margin, d->y, s, size, bold, w, false);
    d->y += h + 4;
}

static void pdf_heading(doc *d, const char *s)
{
    need(d, 80);
    d->y += 8;
    pdf_para(d, s, 14, true);
}

static void pdf_table(doc *d, const gt__pg_table *t, const gt__pg_model *m)
{
    if (!t->nrow) {
        pdf_para(d, gt__pg_T(m, "None."), 9, false);
        return;
    }
    double w = d->W - 2 * d->margin, cw[10], minw[10], pad = 2, fs = 8.5;
    /* Each column at least as wide as its longest word (so an id or a date
     * never breaks), the rest shared in proportion to its longest text. */
    double em = 0.6 * fs, smin = 0, sextra = 0;
    for (int c = 0; c < t->ncol; c++) {
        double word = 0, cellmax = 0;
        for (int r = -1; r < t->nrow; r++) {
            const char *q = r < 0 ? t->heads[c] : t->cells[r * t->ncol + c];
            double run = 0, all = 0;
            for (; *q; q++) {
                if (((unsigned char)*q & 0xC0) == 0x80)
                    continue; /* a UTF-8 continuation byte */
                all++;
                run = *q == ' ' ? 0 : run + 1;
                if (r >= 0 || *q != ' ')
                    word = fmax(word, run);
            }
            cellmax = fmax(cellmax, r < 0 ? all * 0.5 : all);
        }
        minw[c] = fmin(word, 18) * em + 2 * pad;
        cw[c] = fmax(fmin(cellmax, 45) * em + 2 * pad, minw[c]);
        smin += minw[c];
        sextra += cw[c] - minw[c];
    }
    for (int c = 0; c < t->ncol; c++)
        cw[c] = smin >= w || sextra <= 0 ? minw[c] * w / smin
                                         : minw[c] + (cw[c] - minw[c]) * (w - smin) / sextra;
    for (int r = -1; r < t->nrow; r++) {
        double rh = 0;
        for (int c = 0; c < t->ncol; c++) {
            const char *s = r < 0 ? t->heads[c] : t->cells[r * t->ncol + c];
            rh = fmax(rh, text_h(d, s, fs, r < 0, cw[c] - 2 * pad));
        }
        rh += 2 * pad;
        if (d->y + rh > d->H - d->margin) {
            cairo_show_page(d->cr);
            d->y = d->margin;
        }
        double x = d->margin;
        for (int c = 0; c < t->ncol; c++) {
            cairo_rectangle(d->cr, x, d->y, cw[c], rh);
            if (r < 0) {
                cairo_set_source_rgb(d->cr, 0.93, 0.93, 0.93);
                cairo_fill_preserve(d->cr);
            }
            cairo_set_source_rgb(d->cr, 0.73, 0.73, 0.73);
            cairo_set_line_width(d->cr, 0.5);
            cairo_stroke(d->cr);
            const char *s = r < 0 ? t->heads[c] : t->cells[r * t->ncol + c];
            text_at(d, x + pad, d->y + pad, s, fs, r < 0, cw[c] - 2 * pad, r >= 0 && t->right[c]);
            x += cw[c];
        }
        d->y += rh;
    }
    d->y += 6;
}

static void pdf_chart(doc *d, const gt__pg_model *m, int k, double x0, double y0)
{
    cairo_t *cr = d->cr;
    const double pw = 200, ph = 90;
    int first = m->years[0].year, last = GT__TARGET_YEAR > m->year ? GT__TARGET_YEAR : m->year;
    double span = last - first > 0 ? last - first : 1;
#define PX(yr) (x0 + 28 + pw * ((yr) - first) / span)
#define PY(v) (y0 + 26 + ph * (1 - fmin(100, fmax(0, (v))) / 100))
    text_at(d, x0, y0, gt__pg_ind_name(m->L, k), 8, true, 250, false);
    char b[16];
    cairo_set_line_width(cr, 0.4);
    for (int v = 0; v <= 100; v += 25) {
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, PX(first), PY(v));
        cairo_line_to(cr, PX(last), PY(v));
        cairo_stroke(cr);
        snprintf(b, sizeof b, "%d %%", v);
        text_at(d, x0, PY(v) - 4, b, 6, false, 24, true);
    }
    for (int yr = first; yr <= last; yr++) {
        snprintf(b, sizeof b, "%d", yr);
        text_at(d, PX(yr) - 10, PY(0) + 2, b, 6, false, 0, false);
    }
    double t = m->target2030[k];
    double dash[] = {4, 3};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.71, 0.14, 0.09);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, PX(first), PY(t));
    cairo_line_to(cr, PX(last), PY(t));
    cairo_stroke(cr);
    if (!isnan(m->base_value[k])) {
        double dot[] = {1, 2};
        cairo_set_dash(cr, dot, 2, 0);
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_move_to(cr, PX(m->base_year[k]), PY(m->base_value[k]));
        cairo_line_to(cr, PX(GT__TARGET_YEAR), PY(t));
        cairo_stroke(cr);
    }
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_source_rgb(cr, 0.13, 0.44, 0.71);
    cairo_set_line_width(cr, 1.6);
    bool started = false;
    for (int i = 0; i < m->n_years; i++) {
        double v = m->years[i].v[k].value;
        if (isnan(v))
            continue;
        if (!started)
            cairo_move_to(cr, PX(m->years[i].year), PY(v));
        else
            cairo_line_to(cr, PX(m->years[i].year), PY(v));
        started = true;
    }
    cairo_stroke(cr);
    for (int i = 0; i < m->n_years; i++) {
        double v = m->years[i].v[k].value;
        if (isnan(v))
            continue;
        cairo_arc(cr, PX(m->years[i].year), PY(v), 2.2, 0, 2 * M_PI);
        cairo_fill(cr);
    }
#undef PX
#undef PY
}

gt_status gt__pg_write_pdf(gt_context *ctx, const gt__pg_model *m, const char *path)
{
    char *tmp = gt__output_stage(ctx, path, ".pdf");
    if (!tmp)
        return gt_context_status(ctx);
    const double mm = 72.0 / 25.4;
    doc d = {.W = 210 * mm, .H = 297 * mm, .margin = 15 * mm};
    cairo_surface_t *surf = cairo_pdf_surface_create(tmp, d.W, d.H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return gt__replace_file(
            ctx, gt__error(ctx, GT_ERR_OUTPUT, "progress: cannot create the PDF '%s'", path), tmp,
            path);
    }
    d.cr = cairo_create(surf);
    PangoFontMap *fontmap = pango_cairo_font_map_new();
    d.pango = pango_font_map_create_context(fontmap);
    /* Sizes in points on a page measured in points. */
    pango_cairo_context_set_resolution(d.pango, 72);
    d.y = d.margin;
    char b[1024], t[64];
    snprintf(b, sizeof b, gt__pg_T(m, "Report on household solid waste management, %d"), m->year);
    pdf_para(&d, b, 18, true);
    snprintf(b, sizeof b, "%s: %s · %s: %d · %s: %s", gt__pg_T(m, "Province"), m->province,
             gt__pg_T(m, "Report year"), m->year, gt__pg_T(m, "Date of the report"),
             gt__fmt_time(t, sizeof t, m->L, m->made_utc));
    pdf_para(&d, b, 10, false);
    snprintf(b, sizeof b, "%s: %s", gt__pg_T(m, "Register"), m->reg);
    pdf_para(&d, b, 10, false);
    pdf_para(&d, gt__pg_T(m, "Deadlines: to the provincial People's Committee by 30 November, to the Ministry of Agriculture and Environment by 15 December."), 9, false);

    pdf_heading(&d, gt__pg_T(m, "Indicators against the 2030 targets"));
    pdf_table(&d, &m->summary, m);
    pdf_para(&d, gt__pg_T(m, "An indicator that no commune reports is shown as no data, never as 0 %."), 9, false);
    pdf_para(&d, gt__pg_T(m, "Trajectory: a straight line from the first year with a value to the 2030 target; ahead when the target is already met or the value is more than 1 percentage point better than the line, behind when more than 1 point worse, on track otherwise."), 9, false);
    for (int k = 0; k < GT__IND_N; k++) {
        snprintf(b, sizeof b, "%s — %s: %s %%; %s: %s", gt__pg_ind_name(m->L, k),
                 gt__pg_T(m, "2030 target"), gt__fmt_num(t, sizeof t, m->L, m->target2030[k], 1),
                 gt__pg_T(m, "Source of the target"), m->target_source[k]);
        pdf_para(&d, b, 8.5, false);
    }

    pdf_heading(&d, gt__pg_T(m, "Indicators by year"));
    pdf_para(&d, gt__pg_T(m, "Blue: the value each year; red dashed: the 2030 target; grey dotted: the straight line to the target."), 9, false);
    for (int k = 0; k < GT__IND_N; k += 2) {
        need(&d, 150);
        pdf_chart(&d, m, k, d.margin, d.y);
        if (k + 1 < GT__IND_N)
            pdf_chart(&d, m, k + 1, d.margin + 260, d.y);
        d.y += 150;
    }

    /* The map on a page of its own, A4 portrait, scaled to the width. */
    cairo_surface_t *img = m->png_tmp ? cairo_image_surface_create_from_png(m->png_tmp) : NULL;
    if (img && cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
        double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
        double s = (d.W - 2 * d.margin) / iw;
        need(&d, ih * s + 30);
        snprintf(b, sizeof b, gt__pg_T(m, "Facilities by status at the end of %d"), m->year);
        pdf_heading(&d, b);
        cairo_save(d.cr);
        cairo_translate(d.cr, d.margin, d.y);
        cairo_scale(d.cr, s, s);
        cairo_set_source_surface(d.cr, img, 0, 0);
        cairo_paint(d.cr);
        cairo_restore(d.cr);
        d.y += ih * s + 8;
    }
    if (img)
        cairo_surface_destroy(img);

    snprintf(b, sizeof b, gt__pg_T(m, "Sites remediated or closed in %d"), m->year);
    pdf_heading(&d, b);
    pdf_table(&d, &m->done, m);
    pdf_heading(&d, gt__pg_T(m, "Sites behind the plan's schedule"));
    if (m->plan_given)
        pdf_table(&d, &m->behind, m);
    else
        pdf_para(&d, gt__pg_T(m, "No plan given (--plan): no schedule to compare with."), 9, false);
    snprintf(b, sizeof b, gt__pg_T(m, "By commune, %d"), m->year);
    pdf_heading(&d, b);
    pdf_table(&d, &m->communes, m);
    snprintf(b, sizeof b, gt__pg_T(m, "Entries dated after %d (not counted)"), m->year);
    pdf_heading(&d, b);
    pdf_table(&d, &m->later, m);

    cairo_destroy(d.cr);
    g_object_unref(d.pango);
    g_object_unref(fontmap);
    cairo_surface_finish(surf);
    gt_status st = cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS
                       ? GT_OK
                       : gt__error(ctx, GT_ERR_OUTPUT, "progress: writing the PDF '%s' failed: %s",
                                   path, cairo_status_to_string(cairo_surface_status(surf)));
    cairo_surface_destroy(surf);
    return gt__replace_file(ctx, st, tmp, path);
}
