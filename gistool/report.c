/*
 * report.c: `gistool report RUN.gpkg`: a self-contained HTML report of a
 * site or rank run (inline CSS and SVG charts, no network access), written
 * as well-formed XHTML-style HTML5 that prints on A4. Everything comes from
 * the run's GeoPackage, so the report matches the data it describes. Every
 * word is the catalogue's (i18n.c), in the report's language: headings,
 * table headers, classes, options, targets, rule requirements; numbers and
 * money in the language's format.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_error.h>

#include "gistool/gaps.h"
#include "gistool/i18n.h"
#include "gistool/network_stages.h" /* network runs: network_report.c */
#include "gistool/options.h"
#include "gistool/output.h"
#include "layers/layers.h"

/* What every section writes with: the file, the run, the language. */
typedef struct {
    gt_context *ctx;
    FILE *f;
    GDALDatasetH ds;
    gt__lang L;
    char currency[16]; /* of the rank run's costs ("VND"), "" for a site run */
} rep;

static const char *T(const rep *r, const char *key)
{
    return gt__tr(r->L, key);
}

/* s as HTML text. */
static void esc(FILE *f, const char *s)
{
    gt__sbuf b = {0};
    gt__xml_escape(&b, s ? s : "");
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
    gt__error_clear(ctx);
    return buf;
}

static const char *num(const rep *r, char *buf, size_t size, double v, int decimals)
{
    return gt__fmt_num(buf, size, r->L, v, decimals);
}

/* How a column of a table is shown. */
typedef enum {
    C_TEXT,  /* as stored */
    C_PLAIN, /* an integer as it is: a rank, a year, an id */
    C_COUNT, /* an integer, thousands grouped */
    C_REAL,  /* `decimals` decimals */
    C_MONEY, /* whole units, grouped (the header says the currency) */
    C_CODE,  /* a stored code, through the catalogue's `domain` */
    C_YESNO  /* 0/1 */
} col_kind;

typedef struct {
    const char *head; /* catalogue key */
    col_kind kind;
    int decimals;
    const char *domain;
} col;

static void cell(const rep *r, OGRFeatureH row, int i, const col *c)
{
    FILE *f = r->f;
    char b[128];
    if (!OGR_F_IsFieldSetAndNotNull(row, i)) {
        fputs("<td>–</td>", f);
        return;
    }
    switch (c->kind) {
    case C_TEXT:
        fputs("<td>", f);
        esc(f, OGR_F_GetFieldAsString(row, i));
        break;
    case C_CODE:
        fputs("<td>", f);
        esc(f, gt__tr_code(r->L, c->domain, OGR_F_GetFieldAsString(row, i)));
        break;
    case C_YESNO:
        fprintf(f, "<td>%s", T(r, OGR_F_GetFieldAsInteger(row, i) ? "yes" : "no"));
        break;
    case C_PLAIN:
        fprintf(f, "<td class=\"n\">%lld", (long long)OGR_F_GetFieldAsInteger64(row, i));
        break;
    case C_COUNT:
        fprintf(f, "<td class=\"n\">%s", num(r, b, sizeof b, OGR_F_GetFieldAsDouble(row, i), 0));
        break;
    case C_REAL:
        fprintf(f, "<td class=\"n\">%s",
                num(r, b, sizeof b, OGR_F_GetFieldAsDouble(row, i), c->decimals));
        break;
    case C_MONEY:
        fprintf(f, "<td class=\"n\">%s", num(r, b, sizeof b, OGR_F_GetFieldAsDouble(row, i), 0));
        break;
    }
    fputs("</td>", f);
}

static void head_row(const rep *r, const col *cols, int n)
{
    fputs("<table><thead><tr>", r->f);
    for (int i = 0; i < n; i++) {
        fputs("<th>", r->f);
        esc(r->f, T(r, cols[i].head));
        if (cols[i].kind == C_MONEY && *r->currency)
            fprintf(r->f, " (%s)", gt__money_unit(r->L, r->currency));
        fputs("</th>", r->f);
    }
    fputs("</tr></thead><tbody>\n", r->f);
}

/* A table of the columns an SQL query returns, one col each, in order. */
static void table(const rep *r, const char *sql, const col *cols, int n)
{
    OGRLayerH l = GDALDatasetExecuteSQL(r->ds, sql, NULL, NULL);
    if (!l)
        return;
    head_row(r, cols, n);
    OGRFeatureH row;
    int nf = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(l));
    while ((row = OGR_L_GetNextFeature(l))) {
        fputs("<tr>", r->f);
        for (int i = 0; i < n && i < nf; i++)
            cell(r, row, i, &cols[i]);
        fputs("</tr>\n", r->f);
        OGR_F_Destroy(row);
    }
    fputs("</tbody></table>\n", r->f);
    GDALDatasetReleaseResultSet(r->ds, l);
}

/* Bars: labels and values, as inline SVG. */
static void bars(const rep *r, const char *title, const char *const *labels, const double *v, int n,
                 const char *const *colors)
{
    FILE *f = r->f;
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
        char b[64];
        double bh = max > 0 ? v[i] / max * (h - bottom - 20) : 0;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
                left + i * bw + 2, h - bottom - bh, bw - 4, bh, colors ? colors[i % 3] : "#3182bd");
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
                left + (i + 0.5) * bw, h - bottom - bh - 4, num(r, b, sizeof b, v[i], 0));
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
    "border-bottom:1px solid #999;margin-top:18pt}h3{font-size:11pt;margin:10pt 0 2pt}"
    "table{border-collapse:collapse;width:100%;font-size:8.5pt;margin:6pt 0;table-layout:auto}"
    "th,td{border:1px solid #bbb;padding:2pt 3pt;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere}td.n{text-align:right;white-space:nowrap}th{background:#eee}"
    "small{color:#555}figure{margin:8pt 0}figcaption{font-size:9pt;color:#555}"
    ".note{color:#555;font-size:9pt}.met{color:#1a7f37;font-weight:bold}"
    ".notmet{color:#b42318;font-weight:bold}@page{size:A4;margin:15mm}@media print{"
    "h2,h3{page-break-after:avoid}table,figure{page-break-inside:avoid}}";

/* The report's style sheet, for other reports of the same look (gistool
 * progress). */
const char *gt__report_css(void)
{
    return css;
}

/* --- site runs -------------------------------------------------------------- */

/* The weights: each criterion with its layer, measure, weight and the
 * control points of its fuzzy function. */
static void weights_table(const rep *r)
{
    static const col cols[] = {
        {"Criterion", C_TEXT, 0, NULL},      {"Layer", C_TEXT, 0, NULL},
        {"Measure", C_TEXT, 0, NULL},        {"Weight", C_REAL, 3, NULL},
        {"Fuzzy function", C_TEXT, 0, NULL}, {"Control points", C_TEXT, 0, NULL}};
    OGRLayerH l = GDALDatasetExecuteSQL(r->ds,
                                        "SELECT factor, layer, measure, weight, fuzzy_shape, a, b, "
                                        "c, d FROM " GT__TABLE_RUN_WEIGHTS,
                                        NULL, NULL);
    if (!l)
        return;
    head_row(r, cols, 6);
    OGRFeatureH row;
    while ((row = OGR_L_GetNextFeature(l))) {
        char b[64];
        fputs("<tr><td>", r->f);
        esc(r->f, gt__tr_code(r->L, "factor", OGR_F_GetFieldAsString(row, 0)));
        fputs("</td><td>", r->f);
        esc(r->f, gt__tr_code(r->L, "layer", OGR_F_GetFieldAsString(row, 1)));
        fputs("</td><td>", r->f);
        esc(r->f, gt__tr_code(r->L, "measure", OGR_F_GetFieldAsString(row, 2)));
        fputs("</td>", r->f);
        cell(r, row, 3, &cols[3]);
        fputs("<td>", r->f);
        esc(r->f, gt__tr_code(r->L, "shape", OGR_F_GetFieldAsString(row, 4)));
        fputs("</td><td>", r->f);
        static const char *const names[4] = {"a", "b", "c", "d"};
        bool first = true;
        for (int k = 0; k < 4; k++)
            if (OGR_F_IsFieldSetAndNotNull(row, 5 + k)) {
                double v = OGR_F_GetFieldAsDouble(row, 5 + k);
                fprintf(r->f, "%s%s = %s", first ? "" : "; ", names[k],
                        num(r, b, sizeof b, v, v == floor(v) ? 0 : 2));
                first = false;
            }
        fputs("</td></tr>\n", r->f);
        OGR_F_Destroy(row);
    }
    fputs("</tbody></table>\n", r->f);
    GDALDatasetReleaseResultSet(r->ds, l);
}

/* AHP's consistency and the required area, from run_info. */
static void ahp_and_area(const rep *r)
{
    char cr[64], lm[64], ri[64], t[64], lim[64], b1[64], b2[64], b3[64], b4[64];
    if (*info(r->ctx, r->ds, GT__KEY_AHP_CR, cr, sizeof cr)) {
        info(r->ctx, r->ds, GT__KEY_AHP_LAMBDA_MAX, lm, sizeof lm);
        info(r->ctx, r->ds, GT__KEY_AHP_RI, ri, sizeof ri);
        info(r->ctx, r->ds, GT__KEY_AHP_RI_TABLE, t, sizeof t);
        info(r->ctx, r->ds, "ahp.cr_limit", lim, sizeof lim);
        double crv = atof(cr), limv = *lim ? atof(lim) : 0.1;
        fputs("<p>", r->f);
        char line[512];
        snprintf(line, sizeof line,
                 T(r, "AHP: λmax = %s, CR (consistency ratio) = %s, RI (random index) = %s, "
                      "table %s; limit %s: %s."),
                 num(r, b1, sizeof b1, atof(lm), 4), num(r, b2, sizeof b2, crv, 4),
                 num(r, b3, sizeof b3, atof(ri), 2), t, num(r, b4, sizeof b4, limv, 2),
                 T(r, crv < limv ? "consistent" : "NOT consistent"));
        esc(r->f, line);
        fputs("</p>\n", r->f);
    }
    char ha[64], sc[128];
    if (*info(r->ctx, r->ds, GT__KEY_DEMAND_REQUIRED_HA, ha, sizeof ha)) {
        info(r->ctx, r->ds, GT__KEY_DEMAND_SIZE_CLASS, sc, sizeof sc);
        /* "TCVN 6696:2009 very large (>= 50 ha)": the class's name. */
        static const char *const sizes[] = {"very large", "large", "medium", "small"};
        const char *size = NULL;
        for (int k = 0; k < 4 && !size; k++)
            if (strstr(sc, sizes[k]))
                size = sizes[k];
        fprintf(r->f, "<p>%s: %s ha", T(r, "Required area"), num(r, b1, sizeof b1, atof(ha), 2));
        if (size) {
            fprintf(r->f, " (%s: ", T(r, "TCVN 6696:2009 size class"));
            esc(r->f, gt__tr_code(r->L, "size", size));
            fputs(")", r->f);
        }
        fputs(".</p>\n", r->f);
    }
}

/* The top parcels with every criterion's standardised score. */
static void top_parcels(const rep *r, OGRLayerH pl)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(pl);
    char sql[2048] = "SELECT rank, parcel_id, score, area_ha";
    col cols[32] = {{"Rank", C_PLAIN, 0, NULL},
                    {"Parcel", C_TEXT, 0, NULL},
                    {"Score", C_REAL, 3, NULL},
                    {"Area (ha)", C_REAL, 1, NULL}};
    int n = 4;
    for (int i = 0; i < OGR_FD_GetFieldCount(d) && n < 32; i++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
        if (!strncmp(name, "f_", 2)) {
            size_t o = strlen(sql);
            snprintf(sql + o, sizeof sql - o, ", \"%s\"", name);
            cols[n++] = (col){gt__tr_code(r->L, "factor", name + 2), C_REAL, 2, NULL};
        }
    }
    size_t o = strlen(sql);
    snprintf(sql + o, sizeof sql - o, " FROM " GT__TABLE_PARCELS " WHERE rank <= 10 ORDER BY rank");
    table(r, sql, cols, n);
    fprintf(r->f, "<p class=\"note\">%s</p>\n",
            T(r, "Criterion columns: each criterion's standardised score (0-1) averaged over the "
                 "parcel."));
}

/* The score distribution of the parcels that break no rule. */
static void score_chart(const rep *r, OGRLayerH pl)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(pl);
    double h[5] = {0};
    char lab[5][48];
    const char *labels[5];
    for (int k = 0; k < 5; k++) {
        char a[16], b[16];
        snprintf(lab[k], sizeof lab[k], "%s–%s", num(r, a, sizeof a, k / 5.0, k ? 1 : 0),
                 num(r, b, sizeof b, (k + 1) / 5.0, k < 4 ? 1 : 0));
        labels[k] = lab[k];
    }
    int si = OGR_FD_GetFieldIndex(d, GT__FIELD_SCORE),
        ei = OGR_FD_GetFieldIndex(d, GT__FIELD_EXCLUDED);
    OGRFeatureH f;
    OGR_L_ResetReading(pl);
    while (si >= 0 && ei >= 0 && (f = OGR_L_GetNextFeature(pl))) {
        if (OGR_F_IsFieldSetAndNotNull(f, si) && !OGR_F_GetFieldAsInteger(f, ei))
            h[(int)fmax(0, fmin(4, floor(OGR_F_GetFieldAsDouble(f, si) * 5)))] += 1;
        OGR_F_Destroy(f);
    }
    bars(r, T(r, "Score distribution of the parcels that break no rule"), labels, h, 5, NULL);
}

/* The legal documents a rule's source cites (QCVN 01:2025/BTNMT,
 * 02/2025/TT-BTNMT, ...): codes, the same in every language. */
static void legal_codes(const char *src, gt__sbuf *out)
{
    regex_t re;
    if (regcomp(&re,
                "(QCVN|TCVN|QCXDVN|TCXDVN) ?[0-9]+(:[0-9]{4})?(/[A-Z]+)?|"
                "[0-9]+/[0-9]{4}/[A-Z]+(-[A-Z]+)*[0-9]*",
                REG_EXTENDED))
        return;
    regmatch_t mt;
    for (const char *p = src; p && !regexec(&re, p, 1, &mt, 0); p += mt.rm_eo) {
        char code[96];
        snprintf(code, sizeof code, "%.*s", (int)(mt.rm_eo - mt.rm_so), p + mt.rm_so);
        if (!out->s || !strstr(out->s, code))
            gt__sbuf_add(out, "%s%s", out->len ? "; " : "", code);
        if (mt.rm_eo == 0)
            break;
    }
    regfree(&re);
}

/* What a rule asks, from its kind, layer and distance, in the language. */
static void requirement(const rep *r, OGRFeatureH row, char *buf, size_t size)
{
    const char *kind = OGR_F_GetFieldAsString(row, 1);
    const char *layer = gt__tr_code(r->L, "layer", OGR_F_GetFieldAsString(row, 2));
    char b[64];
    if (!strcmp(kind, "min_distance"))
        snprintf(buf, size, T(r, "At least %s m from %s"),
                 num(r, b, sizeof b, OGR_F_GetFieldAsDouble(row, 3), 0), layer);
    else if (!strcmp(kind, "max_slope"))
        snprintf(buf, size, T(r, "Slope at most %s %%"),
                 num(r, b, sizeof b, OGR_F_GetFieldAsDouble(row, 4), 1));
    else if (OGR_F_IsFieldSetAndNotNull(row, 5) && *OGR_F_GetFieldAsString(row, 5)) {
        gt__sbuf cl = {0};
        for (const char *p = OGR_F_GetFieldAsString(row, 5); *p; p++)
            gt__sbuf_add(&cl, "%s", *p == '\n' ? ", " : (char[]){*p, 0});
        snprintf(buf, size, T(r, "Not on %s of the classes %s"), layer, cl.s ? cl.s : "");
        free(cl.s);
    } else
        snprintf(buf, size, T(r, "Not inside %s"), layer);
}

/* A rule's note ("applied: 45 features, 8.8 ha excluded", "not applied:
 * no layer 'x' in the scenario") in the language. */
static void rule_note(const rep *r, const char *note, char *buf, size_t size)
{
    int n;
    double ha;
    char layer[128], a[32], b[32];
    if (sscanf(note, "applied: %d features, %lf ha excluded", &n, &ha) == 2)
        snprintf(buf, size, T(r, "%s features, %s ha excluded"), num(r, a, sizeof a, n, 0),
                 num(r, b, sizeof b, ha, 1));
    else if (sscanf(note, "not applied: no layer '%127[^']' in the scenario", layer) == 1)
        snprintf(buf, size, T(r, "no layer '%s' in the scenario"), layer);
    else
        snprintf(buf, size, "%s", note);
}

/* Every rule: its id, what it asks, the documents it rests on (English:
 * the profile's full source), its status and whether it was applied. */
static void rules_table(const rep *r)
{
    static const col cols[] = {{"Rule", C_TEXT, 0, NULL},
                               {"Requirement", C_TEXT, 0, NULL},
                               {"Legal documents", C_TEXT, 0, NULL},
                               {"Status", C_TEXT, 0, NULL},
                               {"Applied", C_YESNO, 0, NULL},
                               {"Note", C_TEXT, 0, NULL}};
    OGRLayerH l = GDALDatasetExecuteSQL(r->ds,
                                        "SELECT rule_id, kind, layer, min_distance_m, "
                                        "max_slope_pct, classes, source, status, applied, note "
                                        "FROM " GT__TABLE_RUN_RULES,
                                        NULL, NULL);
    if (!l)
        return;
    head_row(r, cols, 6);
    OGRFeatureH row;
    while ((row = OGR_L_GetNextFeature(l))) {
        char buf[512];
        fputs("<tr><td>", r->f);
        esc(r->f, OGR_F_GetFieldAsString(row, 0));
        fputs("</td><td>", r->f);
        requirement(r, row, buf, sizeof buf);
        esc(r->f, buf);
        fputs("</td><td>", r->f);
        const char *src = OGR_F_GetFieldAsString(row, 6);
        if (r->L == GT__LANG_EN) {
            esc(r->f, src);
        } else {
            gt__sbuf codes = {0};
            if (!strncmp(src, "Local planning assumption", 25))
                gt__sbuf_add(&codes, "%s", T(r, "Local planning assumption"));
            size_t before = codes.len;
            gt__sbuf add = {0};
            legal_codes(src, &add);
            if (add.s)
                gt__sbuf_add(&codes, "%s%s", before ? ": " : "", add.s);
            esc(r->f, codes.s ? codes.s : "–");
            free(codes.s);
            free(add.s);
        }
        fputs("</td><td>", r->f);
        esc(r->f, gt__tr_code(r->L, "status", OGR_F_GetFieldAsString(row, 7)));
        fputs("</td>", r->f);
        cell(r, row, 8, &cols[4]);
        fputs("<td>", r->f);
        rule_note(r, OGR_F_GetFieldAsString(row, 9), buf, sizeof buf);
        esc(r->f, buf);
        fputs("</td></tr>\n", r->f);
        OGR_F_Destroy(row);
    }
    fputs("</tbody></table>\n", r->f);
    GDALDatasetReleaseResultSet(r->ds, l);
    if (r->L != GT__LANG_EN)
        fprintf(r->f, "<p class=\"note\">%s</p>\n",
                T(r, "The full text of each rule's legal source, as the profile gives it, is in "
                     "the table run_rules of the run's GeoPackage."));
}

static void site_sections(const rep *r)
{
    fprintf(r->f, "<h2>%s</h2>\n", T(r, "Weights"));
    weights_table(r);
    ahp_and_area(r);
    fprintf(r->f, "<h2>%s</h2>\n", T(r, "Top parcels"));
    OGRLayerH pl = GDALDatasetGetLayerByName(r->ds, GT__TABLE_PARCELS);
    if (pl) {
        top_parcels(r, pl);
        fprintf(r->f, "<h2>%s</h2>\n", T(r, "Why parcels were excluded"));
        static const col ex[] = {{"Binding rule", C_TEXT, 0, NULL},
                                 {"Parcels", C_COUNT, 0, NULL},
                                 {"Smallest distance (m)", C_REAL, 0, NULL}};
        table(r,
              "SELECT excluded_by, count(*) AS parcels, min(excluded_distance_m) AS "
              "min_distance_m FROM " GT__TABLE_PARCELS
              " WHERE excluded = 1 GROUP BY excluded_by ORDER BY parcels DESC",
              ex, 3);
        score_chart(r, pl);
    }
    if (GDALDatasetGetLayerByName(r->ds, GT__TABLE_CANDIDATE_REGIONS)) {
        fprintf(r->f, "<h2>%s</h2>\n", T(r, "Candidate regions"));
        static const col rc[] = {{"Rank", C_PLAIN, 0, NULL},
                                 {"Region", C_PLAIN, 0, NULL},
                                 {"Area (ha)", C_REAL, 1, NULL},
                                 {"Mean score", C_REAL, 3, NULL},
                                 {"Lowest score", C_REAL, 3, NULL},
                                 {"Compactness", C_REAL, 2, NULL},
                                 {"Distance to road (m)", C_REAL, 0, NULL}};
        table(r,
              "SELECT rank, region_id, area_ha, mean_score, min_score, compactness, dist_road_m "
              "FROM " GT__TABLE_CANDIDATE_REGIONS " ORDER BY rank LIMIT 10",
              rc, 7);
    }
    fprintf(r->f, "<h2>%s</h2>\n", T(r, "Rules"));
    rules_table(r);
}

/* --- rank runs -------------------------------------------------------------- */

static void risk_chart(const rep *r)
{
    double v[3] = {0};
    const char *labels[3] = {gt__tr_code(r->L, "risk", GT__RISK_HIGH),
                             gt__tr_code(r->L, "risk", GT__RISK_MODERATE),
                             gt__tr_code(r->L, "risk", GT__RISK_LOW)};
    const char *colors[3] = {"#d7191c", "#fdae61", "#1a9641"};
    OGRLayerH l = GDALDatasetGetLayerByName(r->ds, GT__TABLE_LANDFILLS);
    OGRFeatureH f;
    if (l)
        OGR_L_ResetReading(l);
    while (l && (f = OGR_L_GetNextFeature(l))) {
        const char *c = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, GT__FIELD_RISK_CLASS));
        if (OGR_F_IsFieldSetAndNotNull(f, OGR_F_GetFieldIndex(f, GT__FIELD_RANK)))
            v[!strcmp(c, GT__RISK_HIGH) ? 0 : !strcmp(c, GT__RISK_MODERATE) ? 1 : 2] += 1;
        OGR_F_Destroy(f);
    }
    bars(r, T(r, "Ranked sites by risk class"), labels, v, 3, colors);
}

/* The top priorities in two tables narrow enough for A4 portrait: who and
 * what (name, commune, type, class, option, cost, year), then the four
 * linkage scores that set the risk. */
static void top_priorities(const rep *r)
{
    static const col a[] = {{"Rank", C_PLAIN, 0, NULL},        {"Site", C_TEXT, 0, NULL},
                            {"Name", C_TEXT, 0, NULL},         {"Commune", C_TEXT, 0, NULL},
                            {"Type", C_CODE, 0, "type"},       {"Risk (%)", C_REAL, 1, NULL},
                            {"Risk class", C_CODE, 0, "risk"}, {"Option", C_CODE, 0, "option"},
                            {"Cost", C_MONEY, 0, NULL},        {"Plan year", C_PLAIN, 0, NULL}};
    table(r,
          "SELECT rank, site_id, name, commune, type, risk_pct, risk_class, option, cost, "
          "plan_year FROM " GT__TABLE_LANDFILLS " WHERE rank <= 10 ORDER BY rank",
          a, 10);
    fprintf(r->f, "<h3>%s</h3>\n", T(r, "Linkage scores of the top priorities"));
    col b[] = {{"Rank", C_PLAIN, 0, NULL},
               {"Site", C_TEXT, 0, NULL},
               {gt__tr_code(r->L, "linkage", "leachate_groundwater"), C_REAL, 1, NULL},
               {gt__tr_code(r->L, "linkage", "leachate_surface_water"), C_REAL, 1, NULL},
               {gt__tr_code(r->L, "linkage", "gas_residents"), C_REAL, 1, NULL},
               {gt__tr_code(r->L, "linkage", "burning_residents"), C_REAL, 1, NULL},
               {"Worst linkage", C_CODE, 0, "linkage"}};
    table(r,
          "SELECT rank, site_id, l_leachate_groundwater_pct, l_leachate_surface_water_pct, "
          "l_gas_residents_pct, l_burning_residents_pct, worst_linkage FROM " GT__TABLE_LANDFILLS
          " WHERE rank <= 10 ORDER BY rank",
          b, 7);
}

/* The plan by year, cumulative, against the targets. */
static void plan_table(const rep *r)
{
    static const col c[] = {
        {"Year", C_PLAIN, 0, NULL}, {"Sites", C_COUNT, 0, NULL},
        {"Cost", C_MONEY, 0, NULL}, {"Unsanitary landfills remediated", C_TEXT, 0, NULL},
        {"%", C_REAL, 1, NULL},     {"Dumps closed", C_TEXT, 0, NULL},
        {"%", C_REAL, 1, NULL}};
    table(r,
          "SELECT year, sites, cost, CAST(unsanitary_done AS TEXT) || ' / ' || "
          "CAST(unsanitary_total AS TEXT), unsanitary_pct, CAST(dumps_done AS TEXT) || ' / ' || "
          "CAST(dumps_total AS TEXT), dumps_pct FROM " GT__TABLE_PLAN_BY_YEAR " ORDER BY year",
          c, 7);
}

/* Cumulative shares against the 2030 targets: a line chart. */
static void plan_chart(const rep *r)
{
    FILE *f = r->f;
    OGRLayerH p = GDALDatasetGetLayerByName(r->ds, GT__TABLE_PLAN_BY_YEAR);
    int n = p ? (int)OGR_L_GetFeatureCount(p, TRUE) : 0;
    if (n <= 0)
        return;
    OGRFeatureH row;
    int w = 640, h = 240, left = 44, bottom = 34;
    double dx = (double)(w - left - 20) / (n > 1 ? n - 1 : 1);
    fprintf(f, "<figure><svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", w,
            h, w, h);
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
            T(r, "target: more than 50 % of unsanitary landfills"));
    fprintf(f,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#6a3d9a\" "
            "stroke-dasharray=\"2 3\"/>\n",
            left, y100, w - 10, y100);
    const char *series[2] = {GT__FIELD_UNSANITARY_PCT, GT__FIELD_DUMPS_PCT},
               *colr[2] = {"#b42318", "#6a3d9a"};
    for (int s = 0; s < 2; s++) {
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", colr[s]);
        OGR_L_ResetReading(p);
        int i = 0;
        while ((row = OGR_L_GetNextFeature(p))) {
            double v = OGR_F_GetFieldAsDouble(row, OGR_F_GetFieldIndex(row, series[s]));
            fprintf(f, "%.1f,%.1f ", left + i * dx, h - bottom - v / 100 * (h - bottom - 14));
            i++;
            OGR_F_Destroy(row);
        }
        fputs("\"/>\n", f);
    }
    OGR_L_ResetReading(p);
    int i = 0;
    while ((row = OGR_L_GetNextFeature(p))) {
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>\n",
                left + i * dx, h - 14, OGR_F_GetFieldAsInteger(row, 0));
        i++;
        OGR_F_Destroy(row);
    }
    fprintf(f, "</svg><figcaption>%s</figcaption></figure>\n",
            T(r, "Cumulative share (red: unsanitary landfills remediated; purple: dumps closed) "
                 "against the 2030 targets (dashed)"));
}

/* Whether and when each target is met, from plan_by_year and the first
 * year run_info records; the budget that would meet both. */
static void targets(const rep *r)
{
    OGRLayerH l = GDALDatasetExecuteSQL(
        r->ds,
        "SELECT year, unsanitary_done, unsanitary_total, "
        "unsanitary_pct, dumps_done, dumps_total, dumps_pct FROM " GT__TABLE_PLAN_BY_YEAR
        " ORDER BY year DESC LIMIT 1",
        NULL, NULL);
    OGRFeatureH last = l ? OGR_L_GetNextFeature(l) : NULL;
    char b[256], y[32], pct[32];
    fprintf(r->f, "<h3>%s</h3>\n<ul>", T(r, "2030 targets"));
    for (int k = 0; last && k < 2; k++) {
        int met = atoi(
            info(r->ctx, r->ds, k ? "target.dumps_year" : "target.unsanitary_year", y, sizeof y));
        int end = OGR_F_GetFieldAsInteger(last, 0);
        if (OGR_F_GetFieldAsInteger(last, k ? 5 : 2) == 0) { /* no site of the kind */
            fprintf(r->f, "<li>%s: ",
                    T(r, k ? "100 % of spontaneous dumps closed"
                           : "More than 50 % of unsanitary landfills remediated"));
            esc(r->f, T(r, k ? "no data (no spontaneous dump in the inventory)"
                             : "no data (no unsanitary landfill in the inventory)"));
            fputs("</li>", r->f);
            continue;
        }
        fprintf(r->f, "<li class=\"%s\">%s: ", met ? "met" : "notmet",
                T(r, k ? "100 % of spontaneous dumps closed"
                       : "More than 50 % of unsanitary landfills remediated"));
        snprintf(b, sizeof b, T(r, met ? "met in %d" : "NOT met by %d"), met ? met : end);
        esc(r->f, b);
        snprintf(b, sizeof b, T(r, "%d of %d, %s %% by %d"),
                 OGR_F_GetFieldAsInteger(last, k ? 4 : 1), OGR_F_GetFieldAsInteger(last, k ? 5 : 2),
                 num(r, pct, sizeof pct, OGR_F_GetFieldAsDouble(last, k ? 6 : 3), 1), end);
        fputs(" (", r->f);
        esc(r->f, b);
        fputs(")</li>", r->f);
    }
    char need[256], years[64];
    if (*info(r->ctx, r->ds, GT__KEY_BUDGET_NEEDED, need, sizeof need)) {
        const char *dash =
            strchr(info(r->ctx, r->ds, GT__KEY_PLAN_YEARS, years, sizeof years), '-');
        int end = dash ? atoi(dash + 1) : 2030;
        char money[96];
        if (need[0] >= '0' && need[0] <= '9')
            snprintf(b, sizeof b, T(r, "An annual budget of %s would meet both targets by %d."),
                     gt__fmt_money(money, sizeof money, r->L, strtod(need, NULL), r->currency),
                     end);
        else
            snprintf(b, sizeof b,
                     T(r, "No annual budget meets both targets by %d (too few years, or too few "
                          "sites a year)."),
                     end);
        fputs("<li>", r->f);
        esc(r->f, b);
        fputs("</li>", r->f);
    }
    fputs("</ul>\n", r->f);
    if (last)
        OGR_F_Destroy(last);
    if (l)
        GDALDatasetReleaseResultSet(r->ds, l);
}

/* s as the inside of an SQL string literal ('' for '). */
static void sql_text(char *buf, size_t size, const char *s)
{
    size_t o = 0;
    for (; *s && o + 2 < size; s++) {
        if (*s == '\'')
            buf[o++] = '\'';
        buf[o++] = *s;
    }
    buf[o] = '\0';
}

/* Year by year: the sites the plan takes, and each higher-ranked site it
 * passed over for a lower-ranked one, with why (the scheduler's record in
 * plan_skips: its cost against what was left of the year's budget). */
static void schedule_by_year(const rep *r)
{
    OGRLayerH years = GDALDatasetExecuteSQL(
        r->ds, "SELECT year, sites, cost FROM " GT__TABLE_PLAN_BY_YEAR " ORDER BY year", NULL,
        NULL);
    if (!years)
        return;
    char b[512], m1[96], m2[96];
    double budget = strtod(info(r->ctx, r->ds, GT__KEY_PLAN_ANNUAL_BUDGET, b, sizeof b), NULL);
    bool skips = GDALDatasetGetLayerByName(r->ds, GT__TABLE_PLAN_SKIPS) != NULL;
    fprintf(r->f, "<h2>%s</h2>\n<p class=\"note\">%s</p>\n", T(r, "Sites scheduled each year"),
            T(r, "Each year the plan takes the sites in priority order while the year's budget "
                 "lasts; a site dearer than what is left waits, and cheaper sites after it may go "
                 "first."));
    static const col sched[] = {{"Rank", C_PLAIN, 0, NULL},      {"Site", C_TEXT, 0, NULL},
                                {"Name", C_TEXT, 0, NULL},       {"Commune", C_TEXT, 0, NULL},
                                {"Option", C_CODE, 0, "option"}, {"Cost", C_MONEY, 0, NULL}};
    static const col skip[] = {
        {"Rank", C_PLAIN, 0, NULL}, {"Site", C_TEXT, 0, NULL},
        {"Name", C_TEXT, 0, NULL},  {"Commune", C_TEXT, 0, NULL},
        {"Cost", C_MONEY, 0, NULL}, {"Budget left at its turn", C_MONEY, 0, NULL},
        {"Why", C_TEXT, 0, NULL}};
    OGRFeatureH y;
    while ((y = OGR_L_GetNextFeature(years))) {
        int year = OGR_F_GetFieldAsInteger(y, 0), n = OGR_F_GetFieldAsInteger(y, 1);
        fprintf(r->f, "<h3>");
        snprintf(b, sizeof b, T(r, "Year %d"), year);
        esc(r->f, b);
        fputs("</h3>\n<p>", r->f);
        if (n > 0) {
            gt__fmt_money(m1, sizeof m1, r->L, OGR_F_GetFieldAsDouble(y, 2), r->currency);
            gt__fmt_money(m2, sizeof m2, r->L, budget, r->currency);
            if (budget > 0)
                snprintf(b, sizeof b, T(r, "Scheduled: %d sites, %s of %s."), n, m1, m2);
            else /* annual_budget 0: no limit (docs/scenario.md) */
                snprintf(b, sizeof b, T(r, "Scheduled: %d sites, %s (no budget limit)."), n, m1);
            esc(r->f, b);
            fputs("</p>\n", r->f);
            char sql[512];
            snprintf(sql, sizeof sql,
                     "SELECT rank, site_id, name, commune, option, cost FROM " GT__TABLE_LANDFILLS
                     " WHERE plan_year = %d AND rank IS NOT NULL ORDER BY rank",
                     year);
            table(r, sql, sched, 6);
        } else {
            esc(r->f, T(r, "No site is scheduled this year."));
            fputs("</p>\n", r->f);
        }
        char sql[640];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM " GT__TABLE_PLAN_SKIPS " WHERE year = %d",
                 year);
        OGRLayerH c = skips ? GDALDatasetExecuteSQL(r->ds, sql, NULL, NULL) : NULL;
        OGRFeatureH cf = c ? OGR_L_GetNextFeature(c) : NULL;
        int n_skip = cf ? OGR_F_GetFieldAsInteger(cf, 0) : 0;
        if (cf)
            OGR_F_Destroy(cf);
        if (c)
            GDALDatasetReleaseResultSet(r->ds, c);
        if (n_skip > 0) {
            fputs("<p>", r->f);
            snprintf(b, sizeof b, T(r, "Passed over for lower-ranked sites: %d."), n_skip);
            esc(r->f, b);
            fputs("</p>\n", r->f);
            /* The reason, worked out in SQL so the table helper shows it:
             * dearer than a whole year's budget, or than what was left. */
            char never[160], left[160];
            sql_text(never, sizeof never,
                     T(r, "cost more than a whole year's budget: never scheduled"));
            sql_text(left, sizeof left, T(r, "cost more than the budget left"));
            char *q =
                gt__asprintf("SELECT s.rank, s.site_id, l.name, l.commune, s.cost, s.budget_left, "
                             "CASE WHEN %.17g > 0 AND s.cost > %.17g THEN '%s' ELSE '%s' END "
                             "FROM " GT__TABLE_PLAN_SKIPS " s LEFT JOIN " GT__TABLE_LANDFILLS
                             " l ON l.site_id = s.site_id "
                             "WHERE s.year = %d ORDER BY s.rank LIMIT 10",
                             budget, budget, never, left, year);
            if (q)
                table(r, q, skip, 7);
            free(q);
            if (n_skip > 10) {
                fputs("<p class=\"note\">", r->f);
                snprintf(b, sizeof b, T(r, "and %d more (table plan_skips)"), n_skip - 10);
                esc(r->f, b);
                fputs("</p>\n", r->f);
            }
        }
        OGR_F_Destroy(y);
    }
    GDALDatasetReleaseResultSet(r->ds, years);
}

static void rank_sections(const rep *r)
{
    fprintf(r->f, "<h2>%s</h2>\n", T(r, "Risk classes"));
    risk_chart(r);
    fprintf(r->f, "<h2>%s</h2>\n", T(r, "Top priorities"));
    top_priorities(r);
    fprintf(r->f, "<h2>%s</h2>\n", T(r, "Remediation plan by year"));
    plan_table(r);
    plan_chart(r);
    targets(r);
    schedule_by_year(r);
}

/* --- the scenario, the inputs and the provenance ---------------------------- */

static void row_text(const rep *r, const char *head, const char *value)
{
    fprintf(r->f, "<tr><th>%s</th><td>", T(r, head));
    esc(r->f, value);
    fputs("</td></tr>\n", r->f);
}

/* Counts of a site run's parcels, or of a rank run's sites, from its
 * tables (run_info's sentences are English). */
static void counts_row(const rep *r, bool site)
{
    char b[640];
    const char *sql =
        site ? "SELECT count(*), sum(excluded = 1), sum(rank IS NOT NULL), 0, 0, 0, 0 "
               "FROM " GT__TABLE_PARCELS
             : "SELECT count(*), sum(rank IS NOT NULL), sum(rank IS NOT NULL AND risk_class = "
               "'" GT__RISK_HIGH "'), sum(rank IS NOT NULL AND risk_class = '" GT__RISK_MODERATE
               "'), sum(rank IS NOT NULL AND risk_class = '" GT__RISK_LOW
               "'), sum(rank IS NULL), sum(type = 'sanitary_landfill') FROM " GT__TABLE_LANDFILLS;
    if (!GDALDatasetGetLayerByName(r->ds, site ? GT__TABLE_PARCELS : GT__TABLE_LANDFILLS))
        return;
    OGRLayerH l = GDALDatasetExecuteSQL(r->ds, sql, NULL, NULL);
    OGRFeatureH f = l ? OGR_L_GetNextFeature(l) : NULL;
    if (f) {
        int v[7];
        for (int i = 0; i < 7; i++)
            v[i] = OGR_F_GetFieldAsInteger(f, i);
        if (site)
            snprintf(b, sizeof b, T(r, "%d parcels: %d excluded by a rule, %d ranked"), v[0], v[1],
                     v[2]);
        else
            snprintf(b, sizeof b,
                     T(r, "%d sites: %d ranked (high risk %d, moderate %d, low %d); %d remediated "
                          "or closed before the plan, not ranked; %d sanitary landfills, not "
                          "counted in the targets"),
                     v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        row_text(r, site ? "Parcels" : "Sites", b);
        OGR_F_Destroy(f);
    }
    if (l)
        GDALDatasetReleaseResultSet(r->ds, l);
}

/* Long: one row per thing the scenario set, each put in the language. */
static void scenario_table(const rep *r, bool site)
{
    char b[1024], n1[64], n2[64];
    fprintf(r->f, "<h2>%s</h2>\n<table><tbody>\n", T(r, "Scenario"));
    if (*info(r->ctx, r->ds, GT__KEY_SCENARIO_PATH, b, sizeof b))
        row_text(r, "Scenario file", b);
    if (site && *info(r->ctx, r->ds, GT__KEY_FACILITY, b, sizeof b))
        row_text(r, "Facility", gt__tr_code(r->L, "facility", b));
    if (*info(r->ctx, r->ds, GT__KEY_WORKING_CRS, b, sizeof b))
        row_text(r, "Coordinate system", b);
    if (*info(r->ctx, r->ds, GT__KEY_RESOLUTION_M, b, sizeof b))
        row_text(r, "Grid resolution (m)", num(r, n1, sizeof n1, atof(b), 0));
    if (*info(r->ctx, r->ds, GT__KEY_PROFILE, b, sizeof b))
        row_text(r, "Rule profile", b);
    if (*info(r->ctx, r->ds, GT__KEY_WEIGHTS_METHOD, b, sizeof b))
        row_text(r, "Weighting method", gt__tr_code(r->L, "method", b));
    if (*info(r->ctx, r->ds, GT__KEY_AGGREGATION, b, sizeof b)) {
        b[strcspn(b, " ")] = '\0'; /* "wlc (weighted linear combination)" */
        row_text(r, "Aggregation", gt__tr_code(r->L, "aggregation", b));
    }
    counts_row(r, site);
    if (*info(r->ctx, r->ds, GT__KEY_PLAN_YEARS, b, sizeof b))
        row_text(r, "Plan years", b);
    if (*info(r->ctx, r->ds, GT__KEY_PLAN_ANNUAL_BUDGET, b, sizeof b))
        row_text(r, "Annual budget",
                 strtod(b, NULL) > 0
                     ? gt__fmt_money(n1, sizeof n1, r->L, strtod(b, NULL), r->currency)
                     : T(r, "no limit (annual_budget 0)"));
    double hi, mo;
    if (*info(r->ctx, r->ds, GT__KEY_CLASSES, b, sizeof b) &&
        sscanf(b, "High >= %lf %%, Moderate >= %lf", &hi, &mo) == 2) {
        char line[256];
        snprintf(line, sizeof line, T(r, "high at least %s %%, moderate at least %s %%, low below"),
                 num(r, n1, sizeof n1, hi, hi == floor(hi) ? 0 : 1),
                 num(r, n2, sizeof n2, mo, mo == floor(mo) ? 0 : 1));
        row_text(r, "Risk classes", line);
    }
    fputs("</tbody></table>\n", r->f);
    fprintf(r->f, "<p class=\"note\">%s</p>\n",
            T(r, "Numbers: thousands separated by ',', decimals by '.'; money in whole units."));
}

/* Every input file (its role, label, path, size and checksum), then how
 * the run was made. */
static void inputs_and_provenance(const rep *r)
{
    static const col cols[] = {{"Input", C_TEXT, 0, NULL},
                               {"Description", C_TEXT, 0, NULL},
                               {"File", C_TEXT, 0, NULL},
                               {"Size (bytes)", C_COUNT, 0, NULL},
                               {"SHA-256", C_TEXT, 0, NULL}};
    fprintf(r->f, "<h2>%s</h2>\n", T(r, "Inputs and provenance"));
    OGRLayerH l = GDALDatasetExecuteSQL(
        r->ds, "SELECT layer, label, path, size_bytes, sha256 FROM " GT__TABLE_RUN_INPUTS, NULL,
        NULL);
    if (l) {
        head_row(r, cols, 5);
        OGRFeatureH row;
        while ((row = OGR_L_GetNextFeature(l))) {
            const char *role = OGR_F_GetFieldAsString(row, 0);
            fputs("<tr><td>", r->f);
            esc(r->f, gt__tr_code(r->L, "layer", role));
            fputs("</td><td>", r->f);
            gt__sbuf lab = {0};
            if (OGR_F_IsFieldSetAndNotNull(row, 1))
                gt__tr_label(&lab, r->L, role, OGR_F_GetFieldAsString(row, 1));
            esc(r->f, lab.s ? lab.s : "–");
            free(lab.s);
            fputs("</td><td>", r->f);
            esc(r->f, OGR_F_GetFieldAsString(row, 2));
            fputs("</td>", r->f);
            cell(r, row, 3, &cols[3]);
            fputs("<td><small>", r->f);
            esc(r->f, OGR_F_GetFieldAsString(row, 4));
            fputs("</small></td></tr>\n", r->f);
            OGR_F_Destroy(row);
        }
        fputs("</tbody></table>\n", r->f);
        GDALDatasetReleaseResultSet(r->ds, l);
    }
    char b[4096], t[64];
    fputs("<table><tbody>\n", r->f);
    if (*info(r->ctx, r->ds, GT__KEY_COMMAND_LINE, b, sizeof b))
        row_text(r, "Command line", b);
    if (*info(r->ctx, r->ds, GT__KEY_VERSIONS, b, sizeof b))
        row_text(r, "Versions", b);
    if (*info(r->ctx, r->ds, GT__KEY_SCENARIO_SHA256, b, sizeof b))
        row_text(r, "Scenario checksum (SHA-256)", b);
    if (*info(r->ctx, r->ds, GT__KEY_STARTED_UTC, b, sizeof b))
        row_text(r, "Run started", gt__fmt_time(t, sizeof t, r->L, b));
    fputs("</tbody></table>\n", r->f);
}

/* The output path: -o, else the run's name with .html. */
static char *report_path(gt_context *ctx, const char *run, const gt_report_options *o)
{
    if (o->output)
        return gt__strdup(ctx, o->output);
    char *path = gt__strdup(ctx, run);
    if (path && strlen(path) > 5 && !strcmp(path + strlen(path) - 5, ".gpkg"))
        path[strlen(path) - 5] = '\0';
    char *p2 = path ? gt__asprintf("%s.html", path) : NULL;
    free(path);
    return p2;
}

/* --- opening a run (report, map, compare) ------------------------------- */

/* The tables a run of each command always has; a site run's
 * candidate_regions and sensitivity_parcels when its run_info says it made
 * them (run_open). A run without one of them is damaged or was edited. */
static const char *const site_tables[] = {
    GT__TABLE_PARCELS,   GT__TABLE_CONSTRAINT_ZONES, GT__TABLE_SUITABILITY, GT__TABLE_RUN_INPUTS,
    GT__TABLE_RUN_WEIGHTS, GT__TABLE_RUN_RULES,      GT__TABLE_DATA_GAPS,   NULL};
static const char *const rank_tables[] = {GT__TABLE_LANDFILLS, GT__TABLE_PLAN_BY_YEAR,
                                          GT__TABLE_PLAN_SKIPS, GT__TABLE_RUN_INPUTS,
                                          GT__TABLE_DATA_GAPS, NULL};
static const char *const network_tables[] = {
    GT__TABLE_NETWORK_EDGES, GT__TABLE_DEMAND_POINTS, GT__TABLE_TREATMENT_SITES,
    GT__TABLE_ALLOCATION,    GT__TABLE_SERVICE_AREAS, GT__TABLE_RUN_INPUTS, NULL};

/* The columns map, report and compare read of each table a run has (a
 * table not listed: no column is read by name). A run without one of them
 * is damaged or was edited: refused, rather than a report with an empty
 * section and GDAL's SQL error, or a map without its scores. */
static const char *const run_columns[][2] = {
    {GT__TABLE_PARCELS, "parcel_id area_ha score rank excluded excluded_by excluded_distance_m"},
    {GT__TABLE_CANDIDATE_REGIONS, "region_id rank area_ha mean_score min_score compactness "
                                  "dist_road_m"},
    {GT__TABLE_RUN_WEIGHTS, "factor layer measure weight fuzzy_shape a b c d"},
    {GT__TABLE_RUN_RULES, "rule_id kind layer min_distance_m max_slope_pct classes source status "
                          "applied note"},
    {GT__TABLE_RUN_INPUTS, "layer label path size_bytes sha256"},
    {GT__TABLE_LANDFILLS, "rank site_id name commune type risk_pct risk_class option cost "
                          "plan_year l_leachate_groundwater_pct l_leachate_surface_water_pct "
                          "l_gas_residents_pct l_burning_residents_pct worst_linkage"},
    {GT__TABLE_PLAN_BY_YEAR, "year sites cost unsanitary_done unsanitary_total unsanitary_pct "
                             "dumps_done dumps_total dumps_pct"},
    {GT__TABLE_PLAN_SKIPS, "year rank site_id cost budget_left"},
};

/* The error of a run damaged or edited after it was made: "WHO: 'PATH' is
 * a CMD run <what> (<why>; the file is damaged or was edited); run its
 * scenario again", `why` NULL for none. */
static gt_status damaged(gt_context *ctx, const char *who, const char *path, const char *cmd,
                         const char *why, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static gt_status damaged(gt_context *ctx, const char *who, const char *path, const char *cmd,
                         const char *why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *what = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (what) {
        va_start(ap, fmt);
        vsnprintf(what, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    gt_status st = gt__error(ctx, GT_ERR_INPUT_LAYER,
                             "%s: '%s' is a %s run %s (%s%sthe file is damaged or was edited); "
                             "run its scenario again",
                             who, path, cmd, what ? what : fmt, why ? why : "", why ? "; " : "");
    free(what);
    return st;
}

/* The first column of `table` in `list` (names separated by spaces) that
 * the run's table lacks, into `missing`; false when it has them all. */
static bool lacks_column(GDALDatasetH ds, const char *table, const char *list, char *missing,
                         size_t size)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, table);
    if (!l)
        return false; /* a raster or no such table: the table check says so */
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, " ");
        snprintf(missing, size, "%.*s", (int)n, p);
        if (n && OGR_FD_GetFieldIndex(d, missing) < 0)
            return true;
        p += n;
        p += strspn(p, " ");
    }
    return false;
}

/* Every column map, report and compare read by name: those of
 * run_columns and, in a site run, f_<factor> of parcels for each factor
 * of run_weights. */
static gt_status check_columns(gt_context *ctx, const char *who, const char *path,
                               const char *cmd, GDALDatasetH ds)
{
    char col[128];
    for (size_t i = 0; i < sizeof run_columns / sizeof *run_columns; i++)
        if (lacks_column(ds, run_columns[i][0], run_columns[i][1], col, sizeof col))
            return damaged(ctx, who, path, cmd, NULL, "whose table '%s' has no column '%s'",
                           run_columns[i][0], col);
    OGRLayerH w = strcmp(cmd, GT__CMD_SITE) ? NULL
                                            : GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_WEIGHTS);
    gt_status st = GT_OK;
    OGRFeatureH f;
    if (w)
        OGR_L_ResetReading(w);
    while (!st && w && (f = OGR_L_GetNextFeature(w))) {
        char fcol[160];
        snprintf(fcol, sizeof fcol, "f_%s", OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "factor")));
        if (lacks_column(ds, GT__TABLE_PARCELS, fcol, col, sizeof col))
            st = damaged(ctx, who, path, cmd, "the factor of run_weights",
                         "whose table '%s' has no column '%s'", GT__TABLE_PARCELS, col);
        OGR_F_Destroy(f);
    }
    return st;
}

/* One integer an SQL statement gives (its first row's first column),
 * -1 when it gives none. */
static long long sql_count(GDALDatasetH ds, const char *sql)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    CPLPopErrorHandler();
    CPLErrorReset();
    long long v = -1;
    OGRFeatureH f = l ? OGR_L_GetNextFeature(l) : NULL;
    if (f && OGR_F_IsFieldSetAndNotNull(f, 0))
        v = OGR_F_GetFieldAsInteger64(f, 0);
    OGR_F_Destroy(f);
    if (l)
        GDALDatasetReleaseResultSet(ds, l);
    return v;
}

/* The rows of a run's main table against what its run_info says it wrote
 * ("400 parcels, 361 excluded, 39 ranked"; "68 sites: 59 ranked ..."), and
 * the numbers map and report draw: a score for each ranked row, a weight
 * for each factor. Rows deleted or values emptied after the run would
 * give a report of another result with exit 0. */
static gt_status check_rows(gt_context *ctx, const char *who, const char *path, const char *cmd,
                            GDALDatasetH ds)
{
    bool site = !strcmp(cmd, GT__CMD_SITE);
    if (!site && strcmp(cmd, GT__CMD_RANK))
        return GT_OK;
    const char *table = site ? GT__TABLE_PARCELS : GT__TABLE_LANDFILLS;
    const char *key = site ? GT__KEY_PARCELS : GT__KEY_SITES;
    char *said = gt__run_info_get(ctx, ds, key);
    gt__error_clear(ctx);
    long long n_said = -1, ranked_said = -1;
    if (said) {
        const char *r = strstr(said, " ranked");
        n_said = atoll(said);
        if (r) { /* the number before " ranked" */
            const char *b = r;
            while (b > said && b[-1] >= '0' && b[-1] <= '9')
                b--;
            ranked_said = b < r ? atoll(b) : -1;
        }
    }
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    long long n = sql_count(ds, sql);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE rank IS NOT NULL", table);
    long long ranked = sql_count(ds, sql);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM %s WHERE rank IS NOT NULL AND typeof(%s) NOT IN ('real', "
             "'integer')",
             table, site ? "score" : "risk_pct");
    long long unscored = sql_count(ds, sql);
    long long unweighted =
        site ? sql_count(ds, "SELECT count(*) FROM " GT__TABLE_RUN_WEIGHTS " WHERE typeof(weight) "
                             "NOT IN ('real', 'integer') OR NOT weight >= 0")
             : 0;
    /* Every site run weighs its factors; a rank run plans each year of
     * its plan.years ("2026-2030"). */
    long long rows = -1, rows_said = -1;
    char *years = site ? NULL : gt__run_info_get(ctx, ds, "plan.years");
    gt__error_clear(ctx);
    int y0, y1;
    if (site) {
        rows = sql_count(ds, "SELECT count(*) FROM " GT__TABLE_RUN_WEIGHTS);
        rows_said = rows > 0 ? rows : 1;
    } else if (years && sscanf(years, "%d-%d", &y0, &y1) == 2) {
        rows = sql_count(ds, "SELECT count(*) FROM " GT__TABLE_PLAN_BY_YEAR);
        rows_said = y1 >= y0 ? y1 - y0 + 1 : 0;
    }
    free(years);
    gt_status st = GT_OK;
    if (rows >= 0 && rows != rows_said)
        st = damaged(ctx, who, path, cmd, NULL, "whose table '%s' has %lld rows; %s",
                     site ? GT__TABLE_RUN_WEIGHTS : GT__TABLE_PLAN_BY_YEAR, rows,
                     site ? "a site run weighs at least one factor"
                          : "its run_info's plan.years says otherwise");
    else if (said && ((n_said >= 0 && n != n_said) || (ranked_said >= 0 && ranked != ranked_said)))
        st = damaged(ctx, who, path, cmd, NULL,
                     "whose table '%s' has %lld rows, %lld ranked, but its run_info says %s: %s",
                     table, n, ranked, key, said);
    else if (unscored > 0)
        st = damaged(ctx, who, path, cmd, NULL,
                     "whose table '%s' has %lld ranked rows without a number in '%s'", table,
                     unscored, site ? "score" : "risk_pct");
    else if (unweighted > 0)
        st = damaged(ctx, who, path, cmd, NULL,
                     "whose table '%s' has %lld factors without a weight of 0 or more",
                     GT__TABLE_RUN_WEIGHTS, unweighted);
    free(said);
    return st;
}

/* Whether the GeoPackage has the table `t`: as a layer, or (a raster, an
 * unlisted table read by SQL) in SQLite's own list of tables. */
static bool has_table(GDALDatasetH ds, const char *t)
{
    if (GDALDatasetGetLayerByName(ds, t))
        return true;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE type IN ('table', "
                              "'view') AND name = '%s'", t);
    return sql_count(ds, sql) > 0;
}

/* A batch's summary.gpkg (table runs, no run_info): name a run to pass. */
static gt_status batch_summary(gt_context *ctx, const char *who, GDALDatasetH ds,
                               const char *path)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "runs");
    char *run = NULL;
    OGRFeatureH f;
    if (l && OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "output") >= 0) {
        OGR_L_ResetReading(l);
        while (!run && (f = OGR_L_GetNextFeature(l))) {
            const char *o = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "output"));
            if (o && *o) {
                const char *slash = strrchr(path, '/');
                run = slash ? gt__asprintf("%.*s/%s", (int)(slash - path), path, o)
                            : gt__asprintf("%s", o);
            }
            OGR_F_Destroy(f);
        }
    }
    gt_status st = gt__error(ctx, GT_ERR_INPUT_LAYER,
                             "%s: '%s' is the summary of a batch (gistool batch), not a run: "
                             "give one run of the batch instead%s%s%s",
                             who, path, run ? ", e.g. '" : " (OUTPUT/ID/*.gpkg)", run ? run : "",
                             run ? "'" : "");
    free(run);
    return st;
}

/* The files the run records as its inputs (its scenario, each layer's
 * source) are inputs of a map, report or compare of it too: an output
 * there would replace the scenario or a layer with a sheet or a page
 * (`report a.gpkg -o data/dem.tif` replaced the DEM, exit 0). */
static void note_recorded_inputs(gt_context *ctx, GDALDatasetH ds)
{
    char *scenario = gt__run_info_get(ctx, ds, GT__KEY_SCENARIO_PATH);
    gt__outputs_note_input(scenario);
    free(scenario);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_INPUTS);
    int n = l ? (int)OGR_L_GetFeatureCount(l, TRUE) : 0;
    char **roles = n > 0 ? gt__calloc(ctx, (size_t)n + 1, sizeof *roles) : NULL;
    OGRFeatureH f;
    int k = 0;
    if (roles)
        OGR_L_ResetReading(l);
    while (roles && k < n && (f = OGR_L_GetNextFeature(l))) {
        roles[k++] = gt__strdup(ctx, OGR_F_GetFieldAsString(f, 0));
        OGR_F_Destroy(f);
    }
    for (int i = 0; roles && i < k; i++) {
        gt__layer_spec *spec = NULL;
        if (roles[i] && !gt__run_input_spec(ctx, ds, roles[i], &spec) && spec)
            gt__outputs_note_input(spec->source);
        if (spec) {
            gt__layer_spec_free(spec);
            free(spec);
        }
        free(roles[i]);
    }
    free(roles);
    gt__error_clear(ctx);
}

gt_status gt__run_open(gt_context *ctx, const char *who, const char *path, GDALDatasetH *out,
                       char **command)
{
    *out = NULL;
    *command = NULL;
    GDALAllRegister();
    CPLErrorReset();
    /* A run being written (maps and a report made by `site`) is read from its temporary file. */
    GDALDatasetH ds = GDALOpenEx(gt__output_readable(path), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 NULL, NULL, NULL);
    if (!ds)
        return gt__gdal_error(ctx, GT_ERR_INPUT_OPEN, "%s: cannot open '%s' as a GeoPackage",
                              who, path);
    char *cmd = gt__run_info_get(ctx, ds, GT__KEY_COMMAND);
    gt__error_clear(ctx);
    gt_status st = GT_OK;
    if (!cmd || !*cmd) {
        if (!GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_INFO) &&
            GDALDatasetGetLayerByName(ds, "runs"))
            st = batch_summary(ctx, who, ds, path);
        else
            st = gt__error(ctx, GT_ERR_INPUT_LAYER,
                           "%s: '%s' is not a gistool run (no table run_info naming its "
                           "command)",
                           who, path);
    } else {
        const char *const *need = !strcmp(cmd, GT__CMD_SITE)      ? site_tables
                                  : !strcmp(cmd, GT__CMD_RANK)    ? rank_tables
                                  : !strcmp(cmd, GT__CMD_NETWORK) ? network_tables
                                                                  : NULL;
        for (int i = 0; need && need[i] && !st; i++)
            if (!has_table(ds, need[i]))
                st = damaged(ctx, who, path, cmd, NULL, "without its table '%s'", need[i]);
        if (need && !st)
            st = check_columns(ctx, who, path, cmd, ds);
        if (need && !st)
            st = check_rows(ctx, who, path, cmd, ds);
        /* What the run's run_info says it made. */
        static const char *const made[][2] = {
            {"regions", GT__TABLE_CANDIDATE_REGIONS},
            {"sensitivity.oat", GT__TABLE_SENSITIVITY_PARCELS}};
        for (size_t i = 0; need == site_tables && !st && i < sizeof made / sizeof *made; i++) {
            char *v = gt__run_info_get(ctx, ds, made[i][0]);
            gt__error_clear(ctx);
            if (v && !has_table(ds, made[i][1])) {
                char *why = gt__asprintf("its run_info says %s: %s", made[i][0], v);
                st = damaged(ctx, who, path, cmd, why ? why : made[i][0],
                             "without its table '%s'", made[i][1]);
                free(why);
            }
            free(v);
        }
    }
    if (st) {
        free(cmd);
        GDALClose(ds);
        return st;
    }
    note_recorded_inputs(ctx, ds);
    *out = ds;
    *command = cmd;
    return GT_OK;
}

/* Long: the page from head to foot, in the order it is read. */
static gt_status report_write(gt_context *ctx, const char *run, const gt_report_options *o,
                              char **written)
{
    *written = NULL;
    GDALDatasetH ds;
    char *command;
    gt_status ost = gt__run_open(ctx, "report", run, &ds, &command);
    if (ost)
        return ost;
    char cmd[64], name[1024], when[64], b[1024];
    snprintf(cmd, sizeof cmd, "%s", command);
    free(command);
    info(ctx, ds, GT__KEY_SCENARIO_NAME, name, sizeof name);
    info(ctx, ds, GT__KEY_STARTED_UTC, when, sizeof when);
    if (strcmp(cmd, GT__CMD_SITE) && strcmp(cmd, GT__CMD_RANK) &&
        strcmp(cmd, GT__CMD_NETWORK)) { /* not drawn as a rank run */
        GDALClose(ds);
        return gt__error(ctx, GT_ERR_USAGE, "report: '%s' is a %s run: report reads site, rank "
                         "and network runs", run, cmd);
    }
    char *path = report_path(ctx, run, o);
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
    rep r = {.ctx = ctx, .f = f, .ds = ds, .L = gt__lang_of(o->lang)};
    bool site = !strcmp(cmd, GT__CMD_SITE);
    /* The rank run's currency: the unit after its annual budget. */
    const char *sp = strchr(info(ctx, ds, GT__KEY_PLAN_ANNUAL_BUDGET, b, sizeof b), ' ');
    snprintf(r.currency, sizeof r.currency, "%s", sp ? sp + 1 : "");
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head><meta charset=\"utf-8\"/>\n<title>",
            r.L == GT__LANG_EN ? "en" : "vi");
    esc(f, name);
    fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n<h1>", css);
    esc(f, name);
    fprintf(f, "</h1>\n<p class=\"note\">gistool %s · %s · ", cmd,
            gt__fmt_time(b, sizeof b, r.L, when));
    esc(f, run);
    fputs("</p>\n", f);
    if (!strcmp(cmd, GT__CMD_NETWORK)) /* network_report.c */
        gt__network_report(ctx, f, ds, r.L);
    else
        scenario_table(&r, site);
    if (site)
        site_sections(&r);
    else if (strcmp(cmd, GT__CMD_NETWORK))
        rank_sections(&r);
    inputs_and_provenance(&r);
    /* The run's data gaps (gaps_text.c), after the inputs they come from. */
    gt__gaps_report(ctx, f, ds, r.L == GT__LANG_EN);
    fputs("</body>\n</html>\n", f);
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
    if (!gt__outputs_open()) /* alone: the report may not replace its run */
        gt__outputs_note_input(run);
    gt_status st = gt__outputs_begin(ctx);
    if (!st)
        st = gt__outputs_end(ctx, report_write(ctx, run, o, written));
    if (st) {
        free(*written);
        *written = NULL;
    }
    return st;
}
