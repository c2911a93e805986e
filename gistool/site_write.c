/*
 * site_write.c: the GeoPackage of `gistool site`: the parcels, constraint
 * zones, candidate regions and sensitivity layers, the suitability rasters,
 * the field documentation and styles, and the provenance tables (run
 * weights, rules and run_info). SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gistool/output.h"
#include "gistool/site_stages.h"

/* The fields of each layer, in order, with their Vietnamese and English
 * documentation (gpkg_data_columns and the QGIS aliases). The writers
 * create the fields from these tables. */
static const gt__field_doc parcel_docs[] = {
    {"parcel_id", "Mã thửa", "parcel id"},
    {"area_ha", "Diện tích (ha)", "area on the WGS 84 ellipsoid (geodesic), hectares"},
    {GT__FIELD_SCORE, "Điểm phù hợp (0–1)", "mean suitability of the factors over the parcel, 0-1"},
    {"score_min", "Điểm thấp nhất", "lowest cell score in the parcel"},
    {"score_max", "Điểm cao nhất", "highest cell score in the parcel"},
    {"excluded_share", "Tỷ lệ bị loại trừ", "share of the parcel's cells in a constraint zone"},
    {GT__FIELD_RANK, "Thứ hạng",
     "rank among parcels breaking no rule (1 = best): score to the tie precision, then tie_break"},
    {GT__FIELD_EXCLUDED, "Bị loại trừ (0/1)",
     "1 when the parcel breaks a rule (exact vector test)"},
    {"excluded_by", "Quy định loại trừ", "first rule broken (see run_rules)"},
    {"excluded_distance_m", "Khoảng cách vi phạm (m)", "measured distance that broke the rule"},
    {"violations", "Các quy định vi phạm", "every rule broken, separated by ;"},
    {"tie_group", "Nhóm đồng hạng",
     "first rank of the parcels whose scores are equal to the tie precision; NULL: no tie"}};

static const gt__field_doc zone_docs[] = {
    {"rule_id", "Mã quy định", "rule id"},
    {"layer", "Lớp dữ liệu", "layer the rule applies to"},
    {"kind", "Loại quy định", "min_distance, inside or max_slope"},
    {"min_distance_m", "Khoảng cách tối thiểu (m)", "minimum distance in metres"},
    {"max_slope_pct", "Độ dốc tối đa (%)", "maximum slope in percent"},
    {"source", "Căn cứ pháp lý", "legal source of the rule"},
    {"status", "Tình trạng kiểm chứng", "verified, or verify (secondary text only)"},
    {"area_ha", "Diện tích loại trừ (ha)", "excluded area inside the study area"}};

static const gt__field_doc region_docs[] = {
    {"region_id", "Mã vùng", "region id (grown regions: in seed order, best peak first)"},
    {GT__FIELD_RANK, "Thứ hạng",
     "rank by mean score to the tie precision, then compactness (1 = best)"},
    {"area_ha", "Diện tích (ha)", "area on the WGS 84 ellipsoid (geodesic), hectares"},
    {"mean_score", "Điểm trung bình", "mean suitability"},
    {"min_score", "Điểm thấp nhất", "lowest cell score"},
    {"compactness", "Độ gọn (0–1)", "Polsby-Popper 4 pi A / P^2, geodesic area and perimeter"},
    {"dist_road_m", "Khoảng cách tới đường (m)", "exact distance to the nearest road"},
    {"cells", "Số ô lưới", "grid cells in the region"}};

static const gt__field_doc sens_docs[] = {
    {"parcel_id", "Mã thửa", "parcel id"},
    {GT__FIELD_RANK_BASE, "Thứ hạng gốc", "rank with the scenario's weights"},
    {"rank_best", "Thứ hạng tốt nhất", "best rank over all runs"},
    {"rank_worst", "Thứ hạng kém nhất", "worst rank over all runs"},
    {"top_k_share_mc", "Tỷ lệ trong nhóm đầu (Monte Carlo)",
     "share of Monte Carlo runs in the top k"},
    {"top_k_share_oat", "Tỷ lệ trong nhóm đầu (từng trọng số)",
     "share of one-at-a-time runs in the top k"},
    {"score_base", "Điểm gốc", "score with the scenario's weights"},
    {"score_mc_mean", "Điểm trung bình (Monte Carlo)", "mean score over the Monte Carlo runs"},
    {"score_mc_sd", "Độ lệch chuẩn (Monte Carlo)", "standard deviation over the Monte Carlo runs"}};

static const OGRFieldType parcel_types[] = {OFTString, OFTReal, OFTReal,    OFTReal,
                                            OFTReal,   OFTReal, OFTInteger, OFTInteger,
                                            OFTString, OFTReal, OFTString,  OFTInteger};
static const OGRFieldType zone_types[] = {OFTString, OFTString, OFTString, OFTReal,
                                          OFTReal,   OFTString, OFTString, OFTReal};
static const OGRFieldType region_types[] = {OFTInteger, OFTInteger, OFTReal, OFTReal,
                                            OFTReal,    OFTReal,    OFTReal, OFTInteger64};
static const OGRFieldType sens_types[] = {OFTString, OFTInteger, OFTInteger, OFTInteger, OFTReal,
                                          OFTReal,   OFTReal,    OFTReal,    OFTReal};
#define COUNT(a) (sizeof a / sizeof *a)
_Static_assert(COUNT(parcel_types) == COUNT(parcel_docs), "one type per parcels field");
_Static_assert(COUNT(zone_types) == COUNT(zone_docs), "one type per constraint_zones field");
_Static_assert(COUNT(region_types) == COUNT(region_docs), "one type per candidate_regions field");
_Static_assert(COUNT(sens_types) == COUNT(sens_docs), "one type per sensitivity_parcels field");

/* Create the fields of a documented table. */
static bool doc_fields(OGRLayerH l, const gt__field_doc *docs, const OGRFieldType *types, size_t n)
{
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = gt__out_field(l, docs[i].field, types[i]);
    return ok;
}

/* Parcel p's row of 'parcels' (gt__out_rows: on a worker thread). */
static bool parcel_row(void *arg, int p, OGRFeatureH f, const GEOSGeometry **geom)
{
    const site_run *r = arg;
    const gt_scenario *s = r->s;
    OGR_F_SetFieldString(f, 0, r->in.parcels->ids[p]);
    OGR_F_SetFieldDouble(f, 1, r->parcels.area_m2[p] / 1e4);
    gt__set_real(f, 2, r->parcels.score_mean[p]);
    gt__set_real(f, 3, r->parcels.score_min[p]);
    gt__set_real(f, 4, r->parcels.score_max[p]);
    gt__set_real(f, 5, r->parcels.excl_share[p]);
    if (r->parcels.rank[p] > 0)
        OGR_F_SetFieldInteger(f, 6, r->parcels.rank[p]);
    else
        OGR_F_SetFieldNull(f, 6);
    OGR_F_SetFieldInteger(f, 7, r->parcels.first_rule[p] >= 0);
    if (r->parcels.first_rule[p] >= 0) {
        OGR_F_SetFieldString(f, 8, r->cons.rules[r->parcels.first_rule[p]].a.rule->id);
        gt__set_real(f, 9, r->parcels.first_dist[p]);
        OGR_F_SetFieldString(f, 10, r->parcels.violations[p]);
    } else {
        OGR_F_SetFieldNull(f, 8);
        OGR_F_SetFieldNull(f, 9);
        OGR_F_SetFieldNull(f, 10);
    }
    if (r->parcels.tie_group[p] > 0)
        OGR_F_SetFieldInteger(f, 11, r->parcels.tie_group[p]);
    else
        OGR_F_SetFieldNull(f, 11);
    for (int i = 0; i < s->n_factors; i++)
        gt__set_real(f, (int)COUNT(parcel_docs) + i, r->surf.f_mean[(size_t)p * s->n_factors + i]);
    for (int c = 0; c < r->cons.n_dcols; c++)
        gt__set_real(f, (int)COUNT(parcel_docs) + s->n_factors + c,
                     r->parcels.dist[(size_t)p * r->cons.n_dcols + c]);
    *geom = r->in.parcels->geoms[p];
    return true;
}

static gt_status write_parcels(gt_context *ctx, const site_run *r, gt__gpkg *g)
{
    GDALDatasetH ds = gt__gpkg_dataset(g);
    const gt_scenario *s = r->s;
    OGRLayerH l = gt__out_layer(ctx, ds, GT__TABLE_PARCELS, r->grid.srs, wkbMultiPolygon,
                                "Candidate parcels: suitability score, rank, binding "
                                "constraint and per-criterion scores (gistool site)");
    if (!l)
        return gt_context_status(ctx);
    bool ok = doc_fields(l, parcel_docs, parcel_types, COUNT(parcel_docs));
    char fname[GT_AHP_MAX_N][80];
    for (int i = 0; i < s->n_factors; i++) {
        gt__field_name(fname[i], sizeof fname[i], "f_%s", s->factors[i].name);
        ok &= gt__out_field(l, fname[i], OFTReal);
    }
    for (int c = 0; c < r->cons.n_dcols; c++)
        ok &= gt__out_field(l, r->cons.dcols[c].name, OFTReal);
    if (!ok)
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create the fields of 'parcels'");
    /* A million features: their spatial index is packed in one pass. */
    gt__gpkg_index *index = gt__gpkg_index_defer(ctx, g, l);
    GDALDatasetStartTransaction(ds, FALSE);
    gt_status st = gt__out_rows(ctx, l, r->in.np, parcel_row, (void *)r, true, index);
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE && !st)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing 'parcels' failed");
    return st;
}

static gt_status write_regions(gt_context *ctx, const site_run *r, GDALDatasetH ds)
{
    OGRLayerH l = gt__out_layer(ctx, ds, GT__TABLE_CANDIDATE_REGIONS, r->grid.srs, wkbMultiPolygon,
                                "Candidate regions of the required size grown from score "
                                "peaks, ranked (gistool site)");
    if (!l)
        return gt_context_status(ctx);
    if (!doc_fields(l, region_docs, region_types, COUNT(region_docs)))
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create candidate_regions fields");
    gt_status st = GT_OK;
    for (int i = 0; i < r->regions.n && !st; i++) {
        const site_region *g = &r->regions.region[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldInteger(f, 0, i + 1);
        OGR_F_SetFieldInteger(f, 1, g->rank);
        gt__set_real(f, 2, g->area_ha);
        gt__set_real(f, 3, g->mean);
        gt__set_real(f, 4, g->min);
        gt__set_real(f, 5, g->compactness);
        gt__set_real(f, 6, g->dist_road_m);
        OGR_F_SetFieldInteger64(f, 7, g->cells);
        st = gt__out_feature(ctx, l, f, g->geom, true);
        OGR_F_Destroy(f);
    }
    return st;
}

/* Parcel p's row of 'sensitivity_parcels', ranked parcels only
 * (gt__out_rows: on a worker thread). */
static bool sensitivity_row(void *arg, int p, OGRFeatureH f, const GEOSGeometry **geom)
{
    const site_run *r = arg;
    const site_sensitivity *sa = &r->sa;
    if (!r->parcels.rank[p])
        return false;
    /* The base run counts among the runs for the best and worst rank. */
    int base = r->parcels.rank[p];
    int best = sa->rank_best[p] && sa->rank_best[p] < base ? sa->rank_best[p] : base;
    int worst = sa->rank_worst[p] > base ? sa->rank_worst[p] : base;
    OGR_F_SetFieldString(f, 0, r->in.parcels->ids[p]);
    OGR_F_SetFieldInteger(f, 1, base);
    OGR_F_SetFieldInteger(f, 2, best);
    OGR_F_SetFieldInteger(f, 3, worst);
    gt__set_real(f, 4, gt__run_share(sa->topk_mc[p], sa->n_mc_runs));
    gt__set_real(f, 5, gt__run_share(sa->topk_oat[p], sa->n_oat_runs));
    gt__set_real(f, 6, r->parcels.score_mean[p]);
    double n = sa->n_mc_runs, m = n ? sa->mc_sum[p] / n : NAN;
    gt__set_real(f, 7, m);
    gt__set_real(f, 8, n > 1 ? sqrt(fmax(0, (sa->mc_sum2[p] - n * m * m) / (n - 1))) : NAN);
    *geom = r->in.parcels->geoms[p];
    return true;
}

static gt_status write_sensitivity(gt_context *ctx, const site_run *r, gt__gpkg *g)
{
    GDALDatasetH ds = gt__gpkg_dataset(g);
    OGRLayerH l =
        gt__out_layer(ctx, ds, GT__TABLE_SENSITIVITY_PARCELS, r->grid.srs, wkbMultiPolygon,
                      "How each ranked parcel's rank moves when the weights change "
                      "(gistool sensitivity)");
    if (!l)
        return gt_context_status(ctx);
    if (!doc_fields(l, sens_docs, sens_types, COUNT(sens_docs)))
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create sensitivity_parcels fields");
    gt__gpkg_index *index = gt__gpkg_index_defer(ctx, g, l);
    /* One transaction, as for the parcels: a million ranked parcels
     * each in its own would each create and delete SQLite's journal. */
    GDALDatasetStartTransaction(ds, FALSE);
    gt_status st = gt__out_rows(ctx, l, r->in.np, sensitivity_row, (void *)r, true, index);
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE && !st)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing 'sensitivity_parcels' failed");
    return st;
}

static gt_status write_reversals(gt_context *ctx, const site_run *r, gt__gpkg *g)
{
    const char *names[] = {"change",      "parcel_a", "parcel_b", "base_rank_a",
                           "base_rank_b", "rank_a",   "rank_b"};
    OGRFieldType types[] = {OFTString,  OFTString,  OFTString, OFTInteger,
                            OFTInteger, OFTInteger, OFTInteger};
    OGRLayerH l = gt__gpkg_table(ctx, g, "rank_reversals", names, types, (int)COUNT(names));
    if (!l)
        return gt_context_status(ctx);
    for (int i = 0; i < r->sa.n_reversals; i++) {
        const gt__reversal *v = &r->sa.reversals[i];
        /* The change is numbered factor by factor, step by step. */
        int k = v->change / r->s->n_oat_steps, t = v->change % r->s->n_oat_steps;
        char change[96];
        snprintf(change, sizeof change, "%s %+g %%", r->s->factors[k].name,
                 r->s->oat_steps[t] * 100);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, change);
        OGR_F_SetFieldString(f, 1, r->in.parcels->ids[v->a]);
        OGR_F_SetFieldString(f, 2, r->in.parcels->ids[v->b]);
        OGR_F_SetFieldInteger(f, 3, v->base_a);
        OGR_F_SetFieldInteger(f, 4, v->base_b);
        OGR_F_SetFieldInteger(f, 5, v->rank_a);
        OGR_F_SetFieldInteger(f, 6, v->rank_b);
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing rank_reversals failed");
    }
    return GT_OK;
}

static const char *kind_name(gt__rule_kind k)
{
    return k == GT__RULE_DISTANCE ? "min_distance" : k == GT__RULE_INSIDE ? "inside" : "max_slope";
}

static gt_status write_zones(gt_context *ctx, const site_run *r, GDALDatasetH ds)
{
    OGRLayerH l = gt__out_layer(ctx, ds, GT__TABLE_CONSTRAINT_ZONES, r->grid.srs, wkbMultiPolygon,
                                "Areas excluded by each legal constraint, clipped to the "
                                "study area (gistool site)");
    if (!l)
        return gt_context_status(ctx);
    if (!doc_fields(l, zone_docs, zone_types, COUNT(zone_docs)))
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create constraint_zones fields");
    gt_status st = GT_OK;
    for (int i = 0; i < r->cons.n_rules && !st; i++) {
        const site_rule *rr = &r->cons.rules[i];
        if (!rr->a.applied || !rr->zone || GEOSisEmpty_r(gt__geos(ctx), rr->zone) == 1)
            continue;
        const gt__rule *rule = rr->a.rule;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        double area;
        GEOSArea_r(gt__geos(ctx), rr->zone, &area);
        OGR_F_SetFieldString(f, 0, rule->id);
        OGR_F_SetFieldString(f, 1, rule->layer);
        OGR_F_SetFieldString(f, 2, kind_name(rule->kind));
        gt__set_real(f, 3, rule->kind == GT__RULE_MAX_SLOPE ? NAN : rule->min_distance_m);
        gt__set_real(f, 4, rule->max_slope_pct);
        OGR_F_SetFieldString(f, 5, rule->source);
        OGR_F_SetFieldString(f, 6, rule->status);
        OGR_F_SetFieldDouble(f, 7, area / 1e4);
        /* Keep only the polygonal part of the intersection. */
        GEOSGeometry *poly = NULL;
        if (GEOSGeomTypeId_r(gt__geos(ctx), rr->zone) == GEOS_GEOMETRYCOLLECTION) {
            int n = GEOSGetNumGeometries_r(gt__geos(ctx), rr->zone), k = 0;
            GEOSGeometry **parts = gt__calloc(ctx, (size_t)n + 1, sizeof *parts);
            for (int j = 0; parts && j < n; j++) {
                const GEOSGeometry *gj = GEOSGetGeometryN_r(gt__geos(ctx), rr->zone, j);
                if (GEOSGeom_getDimensions_r(gt__geos(ctx), gj) == 2)
                    parts[k++] = GEOSGeom_clone_r(gt__geos(ctx), gj);
            }
            poly = parts ? GEOSGeom_createCollection_r(gt__geos(ctx), GEOS_GEOMETRYCOLLECTION,
                                                       parts, (unsigned)k)
                         : NULL;
            free(parts);
        }
        st = gt__out_feature(ctx, l, f, poly ? poly : rr->zone, true);
        if (poly)
            GEOSGeom_destroy_r(gt__geos(ctx), poly);
        OGR_F_Destroy(f);
    }
    return st;
}

static gt_status write_weights_and_rules(gt_context *ctx, const site_run *r, gt__gpkg *g)
{
    const gt_scenario *s = r->s;
    const char *wn[] = {"factor", "layer", "measure", "weight", "fuzzy_shape", "a", "b", "c", "d"};
    OGRFieldType wt[] = {OFTString, OFTString, OFTString, OFTReal, OFTString,
                         OFTReal,   OFTReal,   OFTReal,   OFTReal};
    OGRLayerH l = gt__gpkg_table(ctx, g, GT__TABLE_RUN_WEIGHTS, wn, wt, (int)COUNT(wn));
    if (!l)
        return gt_context_status(ctx);
    static const char *const measures[] = {"distance", "slope_pct", "class_score", "haul"};
    for (int i = 0; i < s->n_factors; i++) {
        const gt__factor *fac = &s->factors[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, fac->name);
        OGR_F_SetFieldString(f, 1, fac->layer);
        OGR_F_SetFieldString(f, 2, measures[fac->measure]);
        OGR_F_SetFieldDouble(f, 3, r->cfg.weights[i]);
        if (fac->measure != GT__MEASURE_CLASS) {
            OGR_F_SetFieldString(f, 4, gt_fuzzy_shape_name(fac->fuzzy.shape));
            gt__set_real(f, 5, fac->fuzzy.a);
            gt__set_real(f, 6, fac->fuzzy.b);
            gt__set_real(f, 7, fac->fuzzy.c);
            gt__set_real(f, 8, fac->fuzzy.d);
        }
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing run_weights failed");
    }
    const char *rn[] = {"rule_id", "layer", "kind",   "min_distance_m", "max_slope_pct", "classes",
                        "source",  "date",  "status", "origin",         "applied",       "note"};
    OGRFieldType rt[] = {OFTString, OFTString, OFTString, OFTReal,   OFTReal,    OFTString,
                         OFTString, OFTString, OFTString, OFTString, OFTInteger, OFTString};
    l = gt__gpkg_table(ctx, g, GT__TABLE_RUN_RULES, rn, rt, (int)COUNT(rn));
    if (!l)
        return gt_context_status(ctx);
    for (int i = 0; i < r->cons.n_rules; i++) {
        const gt__rule *rule = r->cons.rules[i].a.rule;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        char classes[512] = "";
        for (int k = 0; k < rule->n_classes; k++) {
            size_t o = strlen(classes);
            snprintf(classes + o, sizeof classes - o, "%s%s", k ? ";" : "", rule->classes[k]);
        }
        OGR_F_SetFieldString(f, 0, rule->id);
        OGR_F_SetFieldString(f, 1, rule->layer);
        OGR_F_SetFieldString(f, 2, kind_name(rule->kind));
        gt__set_real(f, 3, rule->kind == GT__RULE_MAX_SLOPE ? NAN : rule->min_distance_m);
        gt__set_real(f, 4, rule->max_slope_pct);
        if (classes[0])
            OGR_F_SetFieldString(f, 5, classes);
        OGR_F_SetFieldString(f, 6, rule->source);
        if (rule->date)
            OGR_F_SetFieldString(f, 7, rule->date);
        OGR_F_SetFieldString(f, 8, rule->status);
        OGR_F_SetFieldString(f, 9, rule->origin);
        OGR_F_SetFieldInteger(f, 10, r->cons.rules[i].a.applied);
        OGR_F_SetFieldString(f, 11, r->cons.rules[i].a.note);
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing run_rules failed");
    }
    return GT_OK;
}

static const char *const timing_names[GT__TIME_WRITE] = {"load_s", "factors_s", "constraints_s",
                                                         "parcels_s"};

/* The run_info key/value table: what was run, on what, with which
 * settings, and what came out. One long list of keys, kept in one place so
 * that the provenance reads top to bottom. */
/* run_info, the run's own keys after the common header: how the weights
 * were made and how they were combined. */
static void info_weights(gt_context *ctx, const site_run *r, OGRLayerH l, gt_status *st)
{
    const gt_scenario *s = r->s;
    const gt_ahp_result *ahp = &r->cfg.ahp;
    static const char *const rank_names[] = {"rank_sum", "reciprocal", "roc"};
    gt__run_info_add(ctx, l, st, GT__KEY_WEIGHTS_METHOD, "%s%s",
                     s->weights_mode == GT__WEIGHTS_AHP    ? "ahp"
                     : s->weights_mode == GT__WEIGHTS_RANK ? "rank-order "
                                                           : "direct",
                     s->weights_mode == GT__WEIGHTS_RANK ? rank_names[s->rank_method] : "");
    static const char *const agg_names[] = {"wlc (weighted linear combination)",
                                            "wpm (weighted product)",
                                            "owa (ordered weighted average)"};
    gt__run_info_add(ctx, l, st, GT__KEY_AGGREGATION, "%s", agg_names[s->aggregation]);
    if (s->aggregation == GT__AGG_OWA) {
        double orness, tradeoff;
        gt_owa_measures(s->n_factors, s->order_weights, &orness, &tradeoff);
        char ow[512] = "";
        for (int i = 0; i < s->n_factors; i++) {
            size_t o = strlen(ow);
            snprintf(ow + o, sizeof ow - o, "%s%.6g", i ? ", " : "", s->order_weights[i]);
        }
        gt__run_info_add(ctx, l, st, "owa.order_weights", "%s (largest value first)", ow);
        gt__run_info_add(ctx, l, st, "owa.orness", "%.6f", orness);
        gt__run_info_add(ctx, l, st, "owa.tradeoff", "%.6f", tradeoff);
    }
    for (int i = 0; i < s->n_factors; i++) {
        char key[128];
        snprintf(key, sizeof key, "weight.%s", s->factors[i].name);
        gt__run_info_add(ctx, l, st, key, "%.10f", r->cfg.weights[i]);
    }
    if (s->weights_mode != GT__WEIGHTS_AHP)
        return;
    gt__run_info_add(ctx, l, st, GT__KEY_AHP_LAMBDA_MAX, "%.10f", ahp->lambda_max);
    gt__run_info_add(ctx, l, st, "ahp.ci", "%.10f", ahp->ci);
    gt__run_info_add(ctx, l, st, GT__KEY_AHP_CR, "%.10f", ahp->cr);
    gt__run_info_add(ctx, l, st, GT__KEY_AHP_RI_TABLE, "%s", gt_ri_table_name(ahp->ri_table));
    gt__run_info_add(ctx, l, st, GT__KEY_AHP_RI, "%.4f", ahp->ri);
    gt__run_info_add(ctx, l, st, "ahp.method", "%s", gt_ahp_method_name(ahp->method));
    if (ahp->method == GT_AHP_GEOMETRIC) {
        gt__run_info_add(ctx, l, st, "ahp.gci", "%.10f", ahp->gci);
        gt__run_info_add(ctx, l, st, "ahp.gci_limit", "%.2f", ahp->gci_limit);
    }
    char ri_values[256] = "";
    for (int n = 1; n <= GT_AHP_MAX_N; n++) {
        size_t o = strlen(ri_values);
        snprintf(ri_values + o, sizeof ri_values - o, "%s%g", n > 1 ? ", " : "",
                 gt_ahp_random_index(ahp->ri_table, n));
    }
    gt__run_info_add(ctx, l, st, "ahp.ri_table_values", "%s RI for n = 1..15: %s",
                     gt_ri_table_name(ahp->ri_table), ri_values);
    gt__run_info_add(ctx, l, st, "ahp.cr_limit", "%.4f", s->cr_limit);
    gt__run_info_add(ctx, l, st, "ahp.allow_inconsistent", "%s",
                     s->allow_inconsistent ? "true" : "false");
}

/* run_info: what each layer gave, the required area and the sensitivity
 * settings. */
static void info_inputs_and_demand(gt_context *ctx, const site_run *r, OGRLayerH l, gt_status *st)
{
    const gt_scenario *s = r->s;
    for (int i = -1; i < s->n_layers; i++) {
        const gt__features *f = i < 0 ? r->grid.study : r->in.layer[i];
        if (!f)
            continue;
        char key[160];
        snprintf(key, sizeof key, "layer.%s", f->name);
        gt__run_info_add(ctx, l, st, key,
                         "%d read, %d kept, %d repaired (GEOS MakeValid), %d without geometry, "
                         "%d out of reach",
                         f->n_read, f->n, f->n_repaired, f->n_no_geometry, f->n_outside);
    }
    if (!s->has_demand)
        return;
    const gt_demand *d = &s->demand;
    gt__run_info_add(ctx, l, st, "demand.population", "%.0f%s", r->demand.population,
                     s->demand_layer ? " (sum of the population layer)" : "");
    gt__run_info_add(ctx, l, st, "demand.inputs",
                     "urban share %g; %g kg/person/day urban, %g rural; collection %g; "
                     "landfilled %g; %g years; %g t/m3; fill %g m; allowance %g",
                     d->urban_share, d->kg_per_person_day_urban, d->kg_per_person_day_rural,
                     d->collection_rate, d->landfill_share, d->horizon_years, d->density_t_per_m3,
                     d->fill_height_m, d->allowance);
    gt__run_info_add(ctx, l, st, "demand.tonnes", "%.0f", r->demand.tonnes);
    gt__run_info_add(ctx, l, st, GT__KEY_DEMAND_REQUIRED_HA, "%.2f", r->demand.required_ha);
    gt__run_info_add(ctx, l, st, GT__KEY_DEMAND_SIZE_CLASS, "TCVN 6696:2009 %s",
                     gt_size_class_name(r->demand.size_class));
}

static void info_sensitivity(gt_context *ctx, const site_run *r, OGRLayerH l, gt_status *st)
{
    const gt_scenario *s = r->s;
    char steps[256] = "";
    for (int i = 0; i < s->n_oat_steps; i++) {
        size_t o = strlen(steps);
        snprintf(steps + o, sizeof steps - o, "%s%+g %%", i ? ", " : "", s->oat_steps[i] * 100);
    }
    gt__run_info_add(ctx, l, st, "sensitivity.oat",
                     "%d runs: each weight changed by %s, the others rescaled in proportion",
                     r->sa.n_oat_runs, steps);
    gt__run_info_add(ctx, l, st, "sensitivity.monte_carlo",
                     "%d runs: Dirichlet(alpha_i = max(%g x %d x w_i, 0.5)), seed %llu",
                     r->sa.n_mc_runs, s->mc_concentration, s->n_factors,
                     (unsigned long long)s->mc_seed);
    gt__run_info_add(ctx, l, st, "sensitivity.top_k", "%d", s->top_k);
    char capped[64] = "";
    if (r->sa.n_reversals >= GT__REVERSALS_MAX)
        snprintf(capped, sizeof capped, " (first %d kept)", GT__REVERSALS_MAX);
    gt__run_info_add(ctx, l, st, "sensitivity.rank_reversals",
                     "%d pairs of the base top %d reversed by a one-at-a-time change%s",
                     r->sa.n_reversals, s->top_k, capped);
}

/* run_info: the common header (provenance.c), then the site run's keys. */
/* t_write: when the writing began; timing.write_s is the time spent on the
 * tables and rasters written before run_info (nearly all of the writing). */
static gt_status write_run_info(gt_context *ctx, const site_run *r, gt__gpkg *g, double t_write)
{
    const gt_scenario *s = r->s;
    char grid[160];
    snprintf(grid, sizeof grid, "%d x %d cells, top-left (%.3f, %.3f)", r->grid.grid.w,
             r->grid.grid.h, r->grid.grid.x0, r->grid.grid.y0);
    char resolution[64];
    snprintf(resolution, sizeof resolution, "%.17g", s->resolution_m);
    const gt__run_kv space[] = {{GT__KEY_RESOLUTION_M, resolution}, {GT__KEY_GRID, grid}};
    const gt__run_header h = {
        .command = GT__CMD_SITE,
        .argc = r->o->argc,
        .argv = r->o->argv,
        .overrides = r->o->overrides,
        .n_overrides = r->o->n_overrides,
        .scenario_name = s->name,
        .scenario_path = s->yaml.file,
        .scenario_text = s->yaml.text,
        .facility = s->facility,
        .working_crs = s->crs,
        .space = space,
        .n_space = (int)COUNT(space),
        .profile_id = r->cfg.profile.id,
        .profile_path = r->cfg.profile.path,
    };
    OGRLayerH l = gt__run_info_begin(ctx, g, &h);
    if (!l)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    info_weights(ctx, r, l, &st);
    info_inputs_and_demand(ctx, r, l, &st);
    if (r->sens)
        info_sensitivity(ctx, r, l, &st);
    if (s->has_regions)
        gt__run_info_add(
            ctx, l, &st, "regions", "%d regions: score >= %g, at least %.2f ha, %d-connected cells",
            r->regions.n, s->regions_min_score, r->regions.min_area_ha, s->regions_connectivity);
    int excluded = 0, ranked = 0;
    for (int p = 0; p < r->in.np; p++) {
        excluded += r->parcels.first_rule[p] >= 0;
        ranked += r->parcels.rank[p] > 0;
    }
    gt__run_info_add(ctx, l, &st, GT__KEY_PARCELS, "%d parcels, %d excluded, %d ranked", r->in.np,
                     excluded, ranked);
    gt__gaps_run_info(ctx, l, &st, &r->cfg.gaps); /* data gaps (gaps.c) */
    for (int i = 0; i < GT__TIME_WRITE; i++) {
        char key[64];
        snprintf(key, sizeof key, "timing.%s", timing_names[i]);
        gt__run_info_add(ctx, l, &st, key, "%.3f", r->timing[i]);
    }
    gt__run_info_add(ctx, l, &st, "timing.write_s", "%.3f", gt__now() - t_write);
    return st;
}

/* Styles (layer_styles) and field documentation (gpkg_data_columns). */
static gt_status write_styles(gt_context *ctx, const site_run *r, GDALDatasetH ds)
{
    const gt_scenario *s = r->s;
    gt_status st = GT_OK;
    if (r->in.parcels) {
        /* The fixed fields, then one per factor and per distance column. */
        int nf = s->n_factors, n_fixed = (int)COUNT(parcel_docs),
            n = n_fixed + nf + r->cons.n_dcols;
        gt__field_doc *docs = gt__calloc(ctx, (size_t)n, sizeof *docs);
        char(*names)[2][200] = gt__calloc(ctx, (size_t)(nf + r->cons.n_dcols + 1), sizeof *names);
        char(*fields)[80] = gt__calloc(ctx, (size_t)(nf + r->cons.n_dcols + 1), sizeof *fields);
        if (!docs || !names || !fields)
            st = gt_context_status(ctx);
        for (int i = 0; !st && i < n_fixed; i++)
            docs[i] = parcel_docs[i];
        for (int i = 0; !st && i < nf + r->cons.n_dcols; i++) {
            if (i < nf) {
                gt__field_name(fields[i], sizeof fields[i], "f_%s", s->factors[i].name);
                snprintf(names[i][0], sizeof names[i][0], "Điểm tiêu chí: %s", s->factors[i].name);
                snprintf(names[i][1], sizeof names[i][1], "standardised score of factor %s, 0-1",
                         s->factors[i].name);
            } else {
                const gt__rule *rule = r->cons.rules[r->cons.dcols[i - nf].rule].a.rule;
                snprintf(fields[i], sizeof fields[i], "%s", r->cons.dcols[i - nf].name);
                snprintf(names[i][0], sizeof names[i][0], "Khoảng cách tới %s (m)", rule->layer);
                snprintf(names[i][1], sizeof names[i][1],
                         "exact distance to the nearest feature of %s, metres", rule->layer);
            }
            docs[n_fixed + i] = (gt__field_doc){fields[i], names[i][0], names[i][1]};
        }
        if (!st)
            st = gt__out_style(ctx, ds, GT__TABLE_PARCELS, docs, n,
                               "Parcels by score; excluded ones hatched grey; top 10 labelled");
        free(docs);
        free(names);
        free(fields);
    }
    if (!st)
        st = gt__out_style(ctx, ds, GT__TABLE_CONSTRAINT_ZONES, zone_docs, (int)COUNT(zone_docs),
                           "Excluded areas by rule");
    if (!st && s->has_regions)
        st = gt__out_style(ctx, ds, GT__TABLE_CANDIDATE_REGIONS, region_docs,
                           (int)COUNT(region_docs),
                           "Candidate regions; top 3 darker; top 10 labelled");
    if (!st && r->sens && r->in.parcels)
        st = gt__out_style(ctx, ds, GT__TABLE_SENSITIVITY_PARCELS, sens_docs, (int)COUNT(sens_docs),
                           "Parcels by robustness of their rank");
    if (!st) {
        char *q = gt__style_raster_qml();
        st = q ? gt__gpkg_style(ctx, ds, GT__TABLE_SUITABILITY, NULL, q, NULL,
                                "Suitability 0-1, red (excluded) to green")
               : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        free(q);
    }
    return st;
}

gt_status gt__site_write(gt_context *ctx, const site_run *r, const char *path)
{
    double t_write = gt__now();
    gt__gpkg *g = gt__gpkg_begin(ctx, path);
    if (!g)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    /* The surface is the score itself when site.c has masked it in place. */
    float *surface = r->surf.is_suitability ? NULL : gt__malloc(ctx, r->grid.ncell * sizeof(float));
    if (!surface && !r->surf.is_suitability)
        st = gt_context_status(ctx);
    /* The suitability surface: S where no constraint excludes, 0 where one
     * does, NoData outside the study area. Its tiles are encoded on worker
     * threads while the vector tables are written. */
    if (!st && surface)
        gt__suitability(r->grid.ncell, r->grid.inside, r->cons.mask, r->surf.score, surface);
    if (!st)
        gt__gpkg_prepare_raster(ctx, g, &r->grid.grid, surface ? surface : r->surf.score);
    if (!st && r->in.parcels)
        st = write_parcels(ctx, r, g);
    if (!st)
        st = write_zones(ctx, r, gt__gpkg_dataset(g));
    if (!st && r->s->has_regions)
        st = write_regions(ctx, r, gt__gpkg_dataset(g));
    if (!st && r->sens && r->in.parcels)
        st = write_sensitivity(ctx, r, g);
    if (!st) {
        /* The description names the aggregation the run used. */
        static const char *const described[] = {
            "Suitability 0-1 (weighted linear combination x constraints; 0 = excluded)",
            "Suitability 0-1 (weighted product x constraints; 0 = excluded)",
            "Suitability 0-1 (ordered weighted average x constraints; 0 = excluded)"};
        st = gt__gpkg_add_raster(ctx, g, GT__TABLE_SUITABILITY, described[r->s->aggregation],
                                 &r->grid.grid, r->grid.srs, surface ? surface : r->surf.score);
    }
    if (!st && r->sens)
        st = gt__gpkg_add_raster(ctx, g, "suitability_cv",
                                 "Coefficient of variation of the suitability over the Monte "
                                 "Carlo weight runs (sd / mean)",
                                 &r->grid.grid, r->grid.srs, r->sa.cv);
    if (!st && r->sens && r->in.parcels)
        st = write_reversals(ctx, r, g);
    if (!st)
        st = gt__out_inputs(ctx, g, r->s, NULL);
    if (!st)
        st = write_styles(ctx, r, gt__gpkg_dataset(g));
    if (!st)
        st = write_weights_and_rules(ctx, r, g);
    if (!st)
        st = write_run_info(ctx, r, g, t_write);
    /* Data gaps (gaps.c): the table, always written, empty without gaps. */
    if (!st)
        st = gt__gaps_write(ctx, g, &r->cfg.gaps);
    if (!st)
        st = gt__gpkg_commit(ctx, g);
    else
        gt__gpkg_fail(ctx, g, st);
    /* Freed only now: until the GeoPackage is committed or dropped, workers
     * may still be encoding the surface's tiles. */
    free(surface);
    return st;
}
