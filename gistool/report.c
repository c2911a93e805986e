/*
 * report.c: `gistool report RUN.gpkg`: a self-contained HTML report of a
 * site or rank run (inline CSS and SVG charts, no network access), written
 * as well-formed XHTML-style HTML5 that prints on A4. Everything comes from
 * the run's GeoPackage, so the report matches the data it describes.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_error.h>

#include "gistool/options.h"
#include "layers/layers.h"

/* s as HTML text. */
static void esc(FILE *f, const char *s)
{
    gt__sbuf b = {0};
    gt__xml_escape(&b, s);
    if (b.s)
        fputs(b.s, f);
    free(b.s);
}

/* A run_info value into buf ("" when the run has no such key). */
static const char *info(gt_context *ctx, GDALDatasetH ds, const char *key, char *buf, size_t size)
{
    char *v = gt__run_info_get(ctx, ds, key);
    snprintf(buf, size, "%s", v ? v : "");
    free(v);
    return buf;
}

/* A table of a layer's fields (those listed), rows filtered and ordered by
 * an SQL clause. */
static void table(FILE *f, GDALDatasetH ds, const char *sql, const char *const *heads)
{
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    if (!l)
        return;
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    int n = OGR_FD_GetFieldCount(d);
    fputs("<table><thead><tr>", f);
    for (int i = 0; i < n; i++) {
        fputs("<th>", f);
        esc(f, heads && heads[i] ? heads[i] : OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i)));
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    OGRFeatureH r;
    while ((r = OGR_L_GetNextFeature(l))) {
        fputs("<tr>", f);
        for (int i = 0; i < n; i++) {
            OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, i));
            if (!OGR_F_IsFieldSetAndNotNull(r, i))
                fputs("<td>–</td>", f);
            else if (t == OFTReal)
                fprintf(f, "<td class=\"n\">%.3f</td>", OGR_F_GetFieldAsDouble(r, i));
            else {
                fputs(t == OFTInteger || t == OFTInteger64 ? "<td class=\"n\">" : "<td>", f);
                esc(f, OGR_F_GetFieldAsString(r, i));
                fputs("</td>", f);
            }
        }
        fputs("</tr>\n", f);
        OGR_F_Destroy(r);
    }
    fputs("</tbody></table>\n", f);
    GDALDatasetReleaseResultSet(ds, l);
}

/* Bars: labels and values, as inline SVG. */
static void bars(FILE *f, const char *title, const char *const *labels, const double *v, int n,
                 const char *const *colors)
{
    double max = 0;
    for (int i = 0; i < n; i++)
        max = fmax(max, v[i]);
    int w = 640, h = 220, left = 40, bottom = 40;
    double bw = (double)(w - left - 10) / n;
    fprintf(f, "<figure><svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", w,
            h, w, h);
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left,
            h - bottom, w - 10, h - bottom);
    for (int i = 0; i < n; i++) {
        double bh = max > 0 ? v[i] / max * (h - bottom - 20) : 0;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
                left + i * bw + 2, h - bottom - bh, bw - 4, bh, colors ? colors[i % 3] : "#3182bd");
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%g</text>\n",
                left + (i + 0.5) * bw, h - bottom - bh - 4, v[i]);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">",
                left + (i + 0.5) * bw, h - bottom + 16);
        esc(f, labels[i]);
        fputs("</text>\n", f);
    }
    fputs("</svg><figcaption>", f);
    esc(f, title);
    fputs("</figcaption></figure>\n", f);
}

static const char *css =
    "body{font-family:'Noto Sans',sans-serif;color:#222;max-width:190mm;margin:auto;"
    "font-size:10.5pt;line-height:1.4}h1{font-size:18pt;margin-bottom:2pt}h2{font-size:13pt;"
    "border-bottom:1px solid #999;margin-top:18pt}table{border-collapse:collapse;width:100%;"
    "font-size:9pt;margin:6pt 0}th,td{border:1px solid #bbb;padding:2pt 4pt;text-align:left}"
    "td.n{text-align:right}th{background:#eee}figure{margin:8pt 0}figcaption{font-size:9pt;"
    "color:#555}.note{color:#555;font-size:9pt}.met{color:#1a7f37;font-weight:bold}"
    ".notmet{color:#b42318;font-weight:bold}@page{size:A4;margin:15mm}@media print{"
    "h2{page-break-after:avoid}table,figure{page-break-inside:avoid}}";

static void site_sections(gt_context *ctx, FILE *f, GDALDatasetH ds, bool en)
{
    char b[4096];
    fprintf(f, "<h2>%s</h2>\n", en ? "Weights" : "Trọng số");
    table(f, ds,
          "SELECT factor, layer, measure, weight, fuzzy_shape, a, b, c, d "
          "FROM " GT__TABLE_RUN_WEIGHTS,
          NULL);
    if (*info(ctx, ds, GT__KEY_AHP_CR, b, sizeof b)) {
        char l[64], ri[64], t[64];
        info(ctx, ds, GT__KEY_AHP_LAMBDA_MAX, l, sizeof l);
        info(ctx, ds, GT__KEY_AHP_RI, ri, sizeof ri);
        info(ctx, ds, GT__KEY_AHP_RI_TABLE, t, sizeof t);
        fprintf(f, "<p>AHP: λmax = %s, CR = %s (RI = %s, %s).</p>\n", l, b, ri, t);
    }
    if (*info(ctx, ds, GT__KEY_DEMAND_REQUIRED_HA, b, sizeof b)) {
        char c[128];
        info(ctx, ds, GT__KEY_DEMAND_SIZE_CLASS, c, sizeof c);
        fprintf(f, "<p>%s: %s ha (%s).</p>\n", en ? "Required area" : "Diện tích cần thiết", b, c);
    }
    fprintf(f, "<h2>%s</h2>\n", en ? "Top parcels" : "Các thửa tốt nhất");
    OGRLayerH pl = GDALDatasetGetLayerByName(ds, GT__TABLE_PARCELS);
    if (pl) {
        /* parcel id, rank, score, area and every f_ column */
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(pl);
        char sql[2048] = "SELECT rank, parcel_id, score, area_ha";
        for (int i = 0; i < OGR_FD_GetFieldCount(d); i++) {
            const char *n = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
            if (!strncmp(n, "f_", 2)) {
                size_t o = strlen(sql);
                snprintf(sql + o, sizeof sql - o, ", %s", n);
            }
        }
        size_t o = strlen(sql);
        snprintf(sql + o, sizeof sql - o,
                 " FROM " GT__TABLE_PARCELS " WHERE rank <= 10 ORDER BY rank");
        table(f, ds, sql, NULL);
        fprintf(f, "<p class=\"note\">%s</p>\n",
                en ? "f_ columns: each criterion's standardised score (0-1) over the parcel."
                   : "Cột f_: điểm chuẩn hóa (0–1) của từng tiêu chí trên thửa.");
        fprintf(f, "<h2>%s</h2>\n", en ? "Why parcels were excluded" : "Lý do thửa bị loại trừ");
        table(f, ds,
              "SELECT excluded_by, count(*) AS parcels, min(excluded_distance_m) AS "
              "min_distance_m FROM " GT__TABLE_PARCELS
              " WHERE excluded = 1 GROUP BY excluded_by ORDER BY "
              "parcels DESC",
              NULL);
        /* score distribution */
        double h[5] = {0};
        const char *labels[5] = {"0–0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8–1"};
        OGRFeatureH r;
        OGR_L_ResetReading(pl);
        int si = OGR_FD_GetFieldIndex(d, GT__FIELD_SCORE),
            ei = OGR_FD_GetFieldIndex(d, GT__FIELD_EXCLUDED);
        while ((r = OGR_L_GetNextFeature(pl))) {
            if (OGR_F_IsFieldSetAndNotNull(r, si) && !OGR_F_GetFieldAsInteger(r, ei))
                h[(int)fmin(4, floor(OGR_F_GetFieldAsDouble(r, si) * 5))] += 1;
            OGR_F_Destroy(r);
        }
        bars(f,
             en ? "Score distribution of the parcels that break no rule"
                : "Phân bố điểm của các thửa không vi phạm quy định",
             labels, h, 5, NULL);
    }
    if (GDALDatasetGetLayerByName(ds, GT__TABLE_CANDIDATE_REGIONS)) {
        fprintf(f, "<h2>%s</h2>\n", en ? "Candidate regions" : "Các vùng ứng viên");
        table(f, ds,
              "SELECT rank, region_id, area_ha, mean_score, min_score, compactness, dist_road_m "
              "FROM " GT__TABLE_CANDIDATE_REGIONS " ORDER BY rank LIMIT 10",
              NULL);
    }
    fprintf(f, "<h2>%s</h2>\n", en ? "Rules" : "Các quy định");
    table(f, ds,
          "SELECT rule_id, kind, min_distance_m, source, status, applied, note "
          "FROM " GT__TABLE_RUN_RULES,
          NULL);
}

/* Long: the sections in reading order, one after the other. */
static void rank_sections(gt_context *ctx, FILE *f, GDALDatasetH ds, bool en)
{
    char b[1024];
    fprintf(f, "<h2>%s</h2>\n", en ? "Risk classes" : "Cấp rủi ro");
    double v[3] = {0};
    const char *labels[3] = {GT__RISK_HIGH, GT__RISK_MODERATE, GT__RISK_LOW};
    const char *colors[3] = {"#d7191c", "#fdae61", "#1a9641"};
    OGRLayerH l = GDALDatasetGetLayerByName(ds, GT__TABLE_LANDFILLS);
    OGRFeatureH r;
    OGR_L_ResetReading(l);
    while (l && (r = OGR_L_GetNextFeature(l))) {
        const char *c = OGR_F_GetFieldAsString(r, OGR_F_GetFieldIndex(r, GT__FIELD_RISK_CLASS));
        if (OGR_F_IsFieldSetAndNotNull(r, OGR_F_GetFieldIndex(r, GT__FIELD_RANK)))
            v[!strcmp(c, GT__RISK_HIGH) ? 0 : !strcmp(c, GT__RISK_MODERATE) ? 1 : 2] += 1;
        OGR_F_Destroy(r);
    }
    bars(f, en ? "Ranked sites by risk class" : "Số bãi theo cấp rủi ro", labels, v, 3, colors);
    fprintf(f, "<h2>%s</h2>\n", en ? "Top priorities" : "Ưu tiên hàng đầu");
    table(f, ds,
          "SELECT rank, site_id, type, risk_pct, risk_class, worst_linkage, "
          "l_leachate_groundwater_pct, l_leachate_surface_water_pct, l_gas_residents_pct, "
          "l_burning_residents_pct, option, plan_year FROM " GT__TABLE_LANDFILLS
          " WHERE rank <= 10 ORDER BY rank",
          NULL);
    fprintf(f, "<h2>%s</h2>\n", en ? "Remediation plan by year" : "Kế hoạch cải tạo theo năm");
    table(f, ds,
          "SELECT year, sites, cost, unsanitary_done, unsanitary_total, unsanitary_pct, "
          "dumps_done, dumps_total, dumps_pct, unsanitary_target_met, dumps_target_met "
          "FROM " GT__TABLE_PLAN_BY_YEAR " ORDER BY year",
          NULL);
    /* Cumulative shares against the 2030 targets: a line chart. */
    OGRLayerH p = GDALDatasetGetLayerByName(ds, GT__TABLE_PLAN_BY_YEAR);
    int n = p ? (int)OGR_L_GetFeatureCount(p, TRUE) : 0;
    if (n > 0) {
        int w = 640, h = 240, left = 44, bottom = 34;
        double dx = (double)(w - left - 20) / (n > 1 ? n - 1 : 1);
        fprintf(f, "<figure><svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
                w, h, w, h);
        for (int t = 0; t <= 100; t += 25) {
            double y = h - bottom - t / 100.0 * (h - bottom - 14);
            fprintf(f,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    "<text x=\"4\" y=\"%.1f\" font-size=\"10\">%d %%</text>\n",
                    left, y, w - 10, y, y + 4, t);
        }
        double y50 = h - bottom - 0.5 * (h - bottom - 14), y100 = h - bottom - (h - bottom - 14);
        fprintf(f,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#b42318\" "
                "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" font-size=\"10\" "
                "fill=\"#b42318\">%s</text>\n",
                left, y50, w - 10, y50, left + 4, y50 - 4,
                en ? "target: more than 50 % of unsanitary landfills"
                   : "mục tiêu: trên 50 % bãi không hợp vệ sinh");
        fprintf(f,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#6a3d9a\" "
                "stroke-dasharray=\"2 3\"/>\n",
                left, y100, w - 10, y100);
        const char *series[2] = {GT__FIELD_UNSANITARY_PCT, GT__FIELD_DUMPS_PCT},
                   *col[2] = {"#b42318", "#6a3d9a"};
        for (int s = 0; s < 2; s++) {
            fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
                    col[s]);
            OGR_L_ResetReading(p);
            int i = 0;
            while ((r = OGR_L_GetNextFeature(p))) {
                double v2 = OGR_F_GetFieldAsDouble(r, OGR_F_GetFieldIndex(r, series[s]));
                fprintf(f, "%.1f,%.1f ", left + i * dx, h - bottom - v2 / 100 * (h - bottom - 14));
                i++;
                OGR_F_Destroy(r);
            }
            fputs("\"/>\n", f);
        }
        OGR_L_ResetReading(p);
        int i = 0;
        while ((r = OGR_L_GetNextFeature(p))) {
            fprintf(f,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>\n",
                    left + i * dx, h - 14, OGR_F_GetFieldAsInteger(r, 0));
            i++;
            OGR_F_Destroy(r);
        }
        fprintf(f, "</svg><figcaption>%s</figcaption></figure>\n",
                en ? "Cumulative share remediated (red: unsanitary landfills; purple: dumps "
                     "closed) against the 2030 targets (dashed)"
                   : "Tỷ lệ cải tạo lũy kế (đỏ: bãi không hợp vệ sinh; tím: bãi tự phát đã đóng) "
                     "so với mục tiêu 2030 (nét đứt)");
    }
    const char *keys[3] = {GT__KEY_TARGET_UNSANITARY, GT__KEY_TARGET_DUMPS, GT__KEY_BUDGET_NEEDED};
    fputs("<ul>", f);
    for (int k = 0; k < 3; k++)
        if (*info(ctx, ds, keys[k], b, sizeof b)) {
            fprintf(f, "<li class=\"%s\">", strstr(b, "NOT") ? "notmet" : k < 2 ? "met" : "");
            esc(f, b);
            fputs("</li>", f);
        }
    fputs("</ul>\n", f);
}

/* Long: the page from head to foot, in the order it is read. */
static gt_status report_write(gt_context *ctx, const char *run, const gt_report_options *o,
                              char **written)
{
    GDALAllRegister();
    *written = NULL;
    bool en = o->lang && !strcmp(o->lang, "en");
    CPLErrorReset();
    /* A run being written (a report made by `site`) is read from its temporary file. */
    GDALDatasetH ds =
        GDALOpenEx(gt__output_readable(run), GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return gt__gdal_error(ctx, GT_ERR_INPUT_OPEN, "report: cannot open '%s'", run);
    char cmd[64], name[1024], when[64], b[1024];
    info(ctx, ds, GT__KEY_COMMAND, cmd, sizeof cmd);
    info(ctx, ds, GT__KEY_SCENARIO_NAME, name, sizeof name);
    info(ctx, ds, GT__KEY_STARTED_UTC, when, sizeof when);
    if (!*cmd) {
        GDALClose(ds);
        return gt__error(ctx, GT_ERR_INPUT_LAYER, "report: '%s' is not a gistool run", run);
    }
    char *path;
    if (o->output)
        path = gt__strdup(ctx, o->output);
    else {
        path = gt__strdup(ctx, run);
        if (path && strlen(path) > 5 && !strcmp(path + strlen(path) - 5, ".gpkg"))
            path[strlen(path) - 5] = '\0';
        char *p2 = path ? gt__asprintf("%s.html", path) : NULL;
        free(path);
        path = p2;
    }
    char *tmp = path ? gt__tmp_path(path, NULL) : NULL;
    FILE *f = tmp ? fopen(tmp, "w") : NULL;
    if (!f) {
        int e = errno;
        GDALClose(ds);
        gt_status st = gt__error(ctx, GT_ERR_OUTPUT, "report: cannot write '%s': %s",
                                 path ? path : "?", strerror(e));
        free(tmp);
        free(path);
        return st;
    }
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head><meta charset=\"utf-8\"/>\n<title>",
            en ? "en" : "vi");
    esc(f, name);
    fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n<h1>", css);
    esc(f, name);
    fprintf(f, "</h1>\n<p class=\"note\">gistool %s · %s · ", cmd, when);
    esc(f, run);
    fputs("</p>\n", f);
    fprintf(f, "<h2>%s</h2>\n<table><tbody>\n", en ? "Scenario" : "Kịch bản");
    const char *keys[] = {GT__KEY_SCENARIO_PATH,
                          GT__KEY_FACILITY,
                          GT__KEY_WORKING_CRS,
                          GT__KEY_RESOLUTION_M,
                          GT__KEY_PROFILE,
                          GT__KEY_WEIGHTS_METHOD,
                          GT__KEY_AGGREGATION,
                          GT__KEY_SITES,
                          GT__KEY_PARCELS,
                          GT__KEY_PLAN_YEARS,
                          GT__KEY_PLAN_ANNUAL_BUDGET,
                          GT__KEY_CLASSES};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (*info(ctx, ds, keys[k], b, sizeof b)) {
            fprintf(f, "<tr><th>%s</th><td>", keys[k]);
            esc(f, b);
            fputs("</td></tr>\n", f);
        }
    fputs("</tbody></table>\n", f);
    if (!strcmp(cmd, GT__CMD_SITE))
        site_sections(ctx, f, ds, en);
    else
        rank_sections(ctx, f, ds, en);
    fprintf(f, "<h2>%s</h2>\n", en ? "Inputs and provenance" : "Dữ liệu đầu vào và nguồn gốc");
    table(f, ds, "SELECT layer, label, path, size_bytes, sha256 FROM " GT__TABLE_RUN_INPUTS, NULL);
    fputs("<table><tbody>\n", f);
    const char *prov[] = {GT__KEY_COMMAND_LINE, GT__KEY_VERSIONS, GT__KEY_SCENARIO_SHA256,
                          GT__KEY_STARTED_UTC};
    for (int k = 0; k < 4; k++)
        if (*info(ctx, ds, prov[k], b, sizeof b)) {
            fprintf(f, "<tr><th>%s</th><td>", prov[k]);
            esc(f, b);
            fputs("</td></tr>\n", f);
        }
    fputs("</tbody></table>\n</body>\n</html>\n", f);
    GDALClose(ds);
    gt_status st = GT_OK;
    if (ferror(f) | fclose(f))
        st = gt__error(ctx, GT_ERR_OUTPUT, "report: writing '%s' failed", tmp);
    st = gt__replace_file(ctx, st, tmp, path);
    if (!st)
        *written = path;
    else
        free(path);
    return st;
}

gt_status gt_report_run(gt_context *ctx, const char *run, const gt_report_options *o,
                        char **written)
{
    /* Committed alone, or with the run that asked for it. */
    *written = NULL;
    gt_status st = gt__outputs_begin(ctx);
    if (!st)
        st = gt__outputs_end(ctx, report_write(ctx, run, o, written));
    if (st) {
        free(*written);
        *written = NULL;
    }
    return st;
}
