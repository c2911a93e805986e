/*
 * network_report.c: the sections of `gistool report NETWORK.gpkg` on a
 * network run (report.c writes the page around them): demand, haul to
 * treatment, the transfer stations chosen with the communes they serve and
 * the haul they save, the gap of the heuristic to the exact optimum, and
 * the collection points. Everything comes from the GeoPackage; every word
 * from the catalogue (i18n.c), numbers in the language's format.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/network_stages.h"

static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
}

/* A run_info value (its first number, with `number`), or NULL. Caller frees. */
static char *info(gt_context *ctx, GDALDatasetH ds, const char *key)
{
    char *v = gt__run_info_get(ctx, ds, key);
    gt__error_clear(ctx);
    return v;
}

static void row(FILE *f, gt__lang L, const char *head, const char *value)
{
    fputs("<tr><th>", f);
    esc(f, gt__tr(L, head));
    fputs("</th><td>", f);
    esc(f, value);
    fputs("</td></tr>\n", f);
}

static void row_num(FILE *f, gt__lang L, const char *head, double v, int decimals,
                    const char *unit)
{
    char b[64], t[128];
    snprintf(t, sizeof t, "%s %s", gt__fmt_num(b, sizeof b, L, v, decimals), gt__tr(L, unit));
    row(f, L, head, t);
}

/* One table from an SQL query: text columns as they are, numbers in the
 * language's format with `dec[i]` decimals (-1: text). */
static void table(FILE *f, GDALDatasetH ds, gt__lang L, const char *sql, const char *const *heads,
                  const int *dec, int n)
{
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    if (!l)
        return;
    fputs("<table><thead><tr>", f);
    for (int i = 0; i < n; i++) {
        fputs("<th>", f);
        esc(f, gt__tr(L, heads[i]));
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    OGRFeatureH ft;
    while ((ft = OGR_L_GetNextFeature(l))) {
        fputs("<tr>", f);
        for (int i = 0; i < n; i++) {
            char b[64];
            fputs(dec[i] < 0 ? "<td>" : "<td class=\"n\">", f);
            if (!OGR_F_IsFieldSetAndNotNull(ft, i))
                fputs("–", f);
            else if (dec[i] < 0)
                esc(f, OGR_F_GetFieldAsString(ft, i));
            else
                esc(f, gt__fmt_num(b, sizeof b, L, OGR_F_GetFieldAsDouble(ft, i), dec[i]));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
        OGR_F_Destroy(ft);
    }
    fputs("</tbody></table>\n", f);
    GDALDatasetReleaseResultSet(ds, l);
}

static double count(GDALDatasetH ds, const char *sql)
{
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    if (!l)
        return NAN;
    OGRFeatureH ft = OGR_L_GetNextFeature(l);
    double v = ft ? OGR_F_GetFieldAsDouble(ft, 0) : NAN;
    if (ft)
        OGR_F_Destroy(ft);
    GDALDatasetReleaseResultSet(ds, l);
    return v;
}

static void h2(FILE *f, gt__lang L, const char *key)
{
    fputs("<h2>", f);
    esc(f, gt__tr(L, key));
    fputs("</h2>\n", f);
}

void gt__network_report(gt_context *ctx, FILE *f, GDALDatasetH ds, gt__lang L)
{
    char *net = info(ctx, ds, GT__KEY_NETWORK), *direct = info(ctx, ds, GT__KEY_TKM_DIRECT);
    char *gap = info(ctx, ds, GT__KEY_STATIONS_GAP);
    char *exact = info(ctx, ds, "stations.objective_exact");
    char *heur = info(ctx, ds, "stations.objective_heuristic");
    char *with = info(ctx, ds, GT__KEY_TKM_STATIONS), *rates = info(ctx, ds, "demand.rates");
    char *cover_text = info(ctx, ds, GT__KEY_COLLECTION), *cover = cover_text;

    /* Demand and haul. */
    h2(f, L, "Demand and haul on the road network");
    fputs("<table><tbody>\n", f);
    double communes = count(ds, "SELECT COUNT(DISTINCT commune_id) FROM " GT__TABLE_DEMAND_POINTS);
    double points = count(ds, "SELECT COUNT(*) FROM " GT__TABLE_DEMAND_POINTS);
    double resid = count(ds, "SELECT COUNT(*) FROM " GT__TABLE_DEMAND_POINTS
                             " WHERE placed_at = 'residential'");
    double tonnes = count(ds, "SELECT SUM(" GT__FIELD_TONNES_DAY ") FROM " GT__TABLE_DEMAND_POINTS);
    row_num(f, L, "Communes", communes, 0, "");
    if (resid > 0)
        row_num(f, L, "Demand points in residential areas", resid, 0, "");
    else
        row_num(f, L, "Demand points", points, 0, "");
    row_num(f, L, "Household waste", tonnes, 1, "t/day");
    if (rates) {
        double u = NAN, r = NAN;
        sscanf(rates, "urban %lf, rural %lf", &u, &r);
        char b1[32], b2[32], t[160];
        snprintf(t, sizeof t, "%s / %s %s", gt__fmt_num(b1, sizeof b1, L, u, 2),
                 gt__fmt_num(b2, sizeof b2, L, r, 2), gt__tr(L, "kg/person/day"));
        row(f, L, "Rates, urban / rural", t);
    }
    int nodes = 0, edges = 0;
    double km = NAN;
    if (net && sscanf(net, "%d nodes, %d edges, %lf km", &nodes, &edges, &km) == 3)
        row_num(f, L, "Road network", km, 1, "km");
    if (direct)
        row_num(f, L, "Haul direct to treatment", atof(direct), 0, "t-km/day");
    fputs("</tbody></table>\n", f);
    static const char *const th[] = {"Treatment site", "Communes", "Waste (t/day)"};
    static const int td[] = {-1, 0, 1};
    table(f, ds, L,
          "SELECT site_id, communes, " GT__FIELD_TONNES_DAY " FROM " GT__TABLE_TREATMENT_SITES
          " ORDER BY site_id",
          th, td, 3);

    /* Transfer stations. */
    if (GDALDatasetGetLayerByName(ds, GT__TABLE_TRANSFER_STATIONS)) {
        h2(f, L, "Transfer stations chosen");
        fputs("<table><tbody>\n", f);
        row_num(f, L, "Stations",
                count(ds, "SELECT COUNT(*) FROM " GT__TABLE_TRANSFER_STATIONS), 0, "");
        double travelled = NAN, saved = NAN;
        if (with && sscanf(with, "%lf t-km/day travelled; %lf", &travelled, &saved) == 2) {
            row_num(f, L, "Haul with the stations", travelled, 0, "t-km/day");
            row_num(f, L, "Collection-truck haul saved", saved, 0, "t-km/day");
        }
        if (heur)
            row_num(f, L, "Objective, vertex substitution", atof(heur), 1, "t-km/day");
        if (exact && isfinite(atof(exact)))
            row_num(f, L, "Objective, exact (GLPK)", atof(exact), 1, "t-km/day");
        else if (exact)
            row(f, L, "Objective, exact (GLPK)", gt__tr(L, "not found (not run, or time limit)"));
        if (gap)
            row_num(f, L, "Gap of the heuristic to the exact optimum", atof(gap), 2, "%");
        fputs("</tbody></table>\n", f);
        static const char *const sh[] = {"Station",   "Communes served", "Waste (t/day)",
                                         "To treatment (km)", "Haul saved (t-km/day)"};
        static const int sd[] = {-1, 0, 1, 1, 0};
        table(f, ds, L,
              "SELECT station_id, communes, " GT__FIELD_TONNES_DAY ", to_treatment_km, "
              "saved_tkm_day FROM " GT__TABLE_TRANSFER_STATIONS " ORDER BY saved_tkm_day DESC",
              sh, sd, 5);
    }

    /* Collection points. */
    if (GDALDatasetGetLayerByName(ds, GT__TABLE_COLLECTION_POINTS)) {
        h2(f, L, "Collection points");
        fputs("<table><tbody>\n", f);
        row_num(f, L, "Collection points",
                count(ds, "SELECT COUNT(*) FROM " GT__TABLE_COLLECTION_POINTS), 0, "");
        row_num(f, L, "Population served",
                count(ds, "SELECT SUM(population) FROM " GT__TABLE_COLLECTION_POINTS), 0, "");
        int settle = 0, total = 0;
        if (cover && (cover = strchr(cover, ';')) &&
            sscanf(cover, "; %d of %d settlements", &settle, &total) == 2) {
            row_num(f, L, "Settlements covered", settle, 0, "");
            row_num(f, L, "Settlements", total, 0, "");
        }
        fputs("</tbody></table>\n", f);
    }
    free(net);
    free(direct);
    free(gap);
    free(exact);
    free(heur);
    free(with);
    free(rates);
    free(cover_text);
}
