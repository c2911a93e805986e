/*
 * network_write.c: the GeoPackage of `gistool network`: network_edges,
 * demand_points, treatment_sites, transfer_stations, collection_points,
 * allocation, service_areas, run_info and run_inputs, with default QGIS
 * styles and Vietnamese field aliases, written to a temporary file and
 * renamed into place (docs/network.md). SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/network_stages.h"
#include "gistool/output.h"

#define N(a) ((int)(sizeof(a) / sizeof *(a)))

/* One layer: its fields (name, type, Vietnamese alias, English doc). */
typedef struct {
    const char *name;
    OGRFieldType type;
    const char *vi, *en;
} field;

static const field edge_fields[] = {
    {"edge_id", OFTInteger, "Mã đoạn", "edge id"},
    {"from_node", OFTInteger, "Nút đầu", "node at one end"},
    {"to_node", OFTInteger, "Nút cuối", "node at the other end"},
    {"road_class", OFTString, "Cấp đường", "class of the road (the layer's class_field)"},
    {"road_id", OFTString, "Mã tuyến", "id of the source road feature"},
    {"length_m", OFTReal, "Chiều dài (m)", "length in the working CRS"},
    {"speed_kmh", OFTReal, "Tốc độ (km/h)", "average truck speed of its class"},
    {"time_min", OFTReal, "Thời gian (phút)", "travel time"},
    {GT__FIELD_TONNES_DAY, OFTReal, "Khối lượng vận chuyển (tấn/ngày)",
     "household waste carried along it each day"},
};
static const field demand_fields[] = {
    {"commune_id", OFTString, "Mã xã", "commune id"},
    {"commune", OFTString, "Tên xã", "commune name"},
    {"population", OFTReal, "Dân số", "population"},
    {"urban", OFTInteger, "Đô thị (0/1)", "1 for wards and townships (urban rate)"},
    {"kg_per_person_day", OFTReal, "Phát sinh (kg/người/ngày)", "per-capita rate"},
    {GT__FIELD_TONNES_DAY, OFTReal, "Phát sinh (tấn/ngày)", "household waste generated"},
    {"node", OFTInteger, "Nút mạng", "nearest network node"},
    {"access_m", OFTReal, "Khoảng cách tiếp cận (m)", "straight line to the nearest node"},
    {"treatment_id", OFTString, "Cơ sở xử lý", "nearest treatment site by time"},
    {"haul_km", OFTReal, "Quãng đường đến cơ sở xử lý (km)", "network distance, access included"},
    {"haul_min", OFTReal, "Thời gian đến cơ sở xử lý (phút)", "travel time, access included"},
};
static const field treatment_fields[] = {
    {"site_id", OFTString, "Mã cơ sở", "treatment site id"},
    {"node", OFTInteger, "Nút mạng", "nearest network node"},
    {"access_m", OFTReal, "Khoảng cách tiếp cận (m)", "straight line to the nearest node"},
    {"communes", OFTInteger, "Số xã", "communes it serves"},
    {GT__FIELD_TONNES_DAY, OFTReal, "Tiếp nhận (tấn/ngày)", "waste it receives"},
};
static const field station_fields[] = {
    {"station_id", OFTString, "Mã trạm", "candidate id"},
    {"communes", OFTInteger, "Số xã phục vụ", "communes it serves"},
    {GT__FIELD_TONNES_DAY, OFTReal, "Tiếp nhận (tấn/ngày)", "waste it receives"},
    {"to_treatment_km", OFTReal, "Đến cơ sở xử lý (km)", "network distance to treatment"},
    {"to_treatment_min", OFTReal, "Đến cơ sở xử lý (phút)", "travel time to treatment"},
    {"saved_tkm_day", OFTReal, "Giảm vận chuyển (tấn·km/ngày)",
     "collection-truck tonne-km a day saved against hauling direct"},
    {"access_m", OFTReal, "Khoảng cách tiếp cận (m)", "straight line to the nearest node"},
};
static const field point_fields[] = {
    {"point_id", OFTInteger, "Mã điểm tập kết", "collection point id"},
    {"settlements", OFTInteger, "Số khu dân cư", "settlements it serves"},
    {"population", OFTReal, "Dân số phục vụ", "their population"},
};
static const field alloc_fields[] = {
    {"commune_id", OFTString, "Mã xã", "commune id"},
    {"commune", OFTString, "Tên xã", "commune name"},
    {"station_id", OFTString, "Trạm trung chuyển", "its transfer station (NULL: direct)"},
    {"treatment_id", OFTString, "Cơ sở xử lý", "treatment site"},
    {GT__FIELD_TONNES_DAY, OFTReal, "Khối lượng (tấn/ngày)", "waste a day"},
    {"dist_km", OFTReal, "Quãng đường (km)", "network distance via the station"},
    {"time_min", OFTReal, "Thời gian (phút)", "travel time via the station (transfer time not "
                                              "counted)"},
    {"direct_km", OFTReal, "Quãng đường trực tiếp (km)", "network distance hauled direct"},
    {"saved_tkm_day", OFTReal, "Giảm vận chuyển (tấn·km/ngày)",
     "collection-truck tonne-km a day saved"},
};
static const field service_fields[] = {
    {"treatment_id", OFTString, "Cơ sở xử lý", "treatment site"},
    {"minutes", OFTReal, "Thời gian (phút)", "travel time limit"},
    {"area_km2", OFTReal, "Diện tích (km²)", "area"},
};

static OGRLayerH make_layer(gt_context *ctx, GDALDatasetH ds, const char *name,
                            OGRSpatialReferenceH srs, OGRwkbGeometryType type, const char *desc,
                            const field *f, int n)
{
    OGRLayerH l = gt__out_layer(ctx, ds, name, srs, type, desc);
    for (int i = 0; l && i < n; i++)
        if (!gt__out_field(l, f[i].name, f[i].type)) {
            gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create the field '%s' of '%s'", f[i].name,
                           name);
            return NULL;
        }
    return l;
}

static gt_status style(gt_context *ctx, GDALDatasetH ds, const char *table, const field *f, int n,
                       const char *desc)
{
    gt__field_doc docs[16];
    for (int i = 0; i < n && i < 16; i++)
        docs[i] = (gt__field_doc){f[i].name, f[i].vi, f[i].en};
    return gt__out_style(ctx, ds, table, docs, n, desc);
}

static GEOSGeometry *point(gt_context *ctx, double x, double y)
{
    return GEOSGeom_createPointFromXY_r(gt__geos(ctx), x, y);
}

static gt_status put(gt_context *ctx, OGRLayerH l, OGRFeatureH f, GEOSGeometry *g, bool multi)
{
    gt_status st = gt__out_feature(ctx, l, f, g, multi);
    if (g)
        GEOSGeom_destroy_r(gt__geos(ctx), g);
    OGR_F_Destroy(f);
    return st;
}

static void set_str(OGRFeatureH f, int k, const char *s)
{
    if (s)
        OGR_F_SetFieldString(f, k, s);
}

static gt_status write_edges(gt_context *ctx, const gt__network_run *r, GDALDatasetH ds)
{
    const gt__network *net = r->net;
    OGRLayerH l = make_layer(ctx, ds, GT__TABLE_NETWORK_EDGES, r->srs, wkbLineString,
                             "Road network as routed: noded edges with speed, time and the "
                             "tonnes of household waste carried each day (gistool network)",
                             edge_fields, N(edge_fields));
    if (!l)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    for (int e = 0; !st && e < net->n_edges; e++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldInteger(f, 0, e);
        OGR_F_SetFieldInteger(f, 1, net->from[e]);
        OGR_F_SetFieldInteger(f, 2, net->to[e]);
        set_str(f, 3, net->cls[e]);
        set_str(f, 4, r->roads->ids[net->feature[e]]);
        gt__set_real(f, 5, net->length_m[e]);
        gt__set_real(f, 6, net->speed_kmh[e]);
        gt__set_real(f, 7, net->time_s[e] / 60);
        gt__set_real(f, 8, r->edge_tonnes[e]);
        st = put(ctx, l, f, GEOSGeom_clone_r(gt__geos(ctx), net->geoms[e]), false);
    }
    return st;
}

static gt_status write_demand(gt_context *ctx, const gt__network_run *r, GDALDatasetH ds)
{
    OGRLayerH l = make_layer(ctx, ds, GT__TABLE_DEMAND_POINTS, r->srs, wkbPoint,
                             "Household waste of each commune at a point on its surface, joined "
                             "to the nearest network node (gistool network)",
                             demand_fields, N(demand_fields));
    if (!l)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    for (int i = 0; !st && i < r->n_demand; i++) {
        const gt__demand *d = &r->demand[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, d->id);
        set_str(f, 1, d->name);
        gt__set_real(f, 2, d->population);
        OGR_F_SetFieldInteger(f, 3, d->urban);
        gt__set_real(f, 4, d->kg_per_person_day);
        gt__set_real(f, 5, d->tonnes_day);
        OGR_F_SetFieldInteger(f, 6, d->node);
        gt__set_real(f, 7, d->access_m);
        OGR_F_SetFieldString(f, 8, r->treatment[d->treatment].id);
        gt__set_real(f, 9, d->dist_m / 1000);
        gt__set_real(f, 10, d->time_s / 60);
        st = put(ctx, l, f, point(ctx, d->x, d->y), false);
    }
    return st;
}

static gt_status write_treatment(gt_context *ctx, const gt__network_run *r, GDALDatasetH ds)
{
    OGRLayerH l = make_layer(ctx, ds, GT__TABLE_TREATMENT_SITES, r->srs, wkbPoint,
                             "Treatment sites the waste is hauled to (gistool network)",
                             treatment_fields, N(treatment_fields));
    if (!l)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    for (int t = 0; !st && t < r->n_treatment; t++) {
        int communes = 0;
        double tonnes = 0;
        for (int i = 0; i < r->n_demand; i++)
            if (r->demand[i].treatment == t) {
                communes++;
                tonnes += r->demand[i].tonnes_day;
            }
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, r->treatment[t].id);
        OGR_F_SetFieldInteger(f, 1, r->treatment[t].node);
        gt__set_real(f, 2, r->treatment[t].access_m);
        OGR_F_SetFieldInteger(f, 3, communes);
        gt__set_real(f, 4, tonnes);
        st = put(ctx, l, f, point(ctx, r->treatment[t].x, r->treatment[t].y), false);
    }
    return st;
}

static gt_status write_stations(gt_context *ctx, const gt__network_run *r, GDALDatasetH ds)
{
    OGRLayerH l = make_layer(ctx, ds, GT__TABLE_TRANSFER_STATIONS, r->srs, wkbPoint,
                             "Transfer stations chosen to minimise tonne-km to treatment "
                             "(p-median; gistool network)",
                             station_fields, N(station_fields));
    if (!l)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    for (int k = 0; !st && k < r->n_open; k++) {
        int j = r->open[k], communes = 0;
        double tonnes = 0, saved = 0;
        for (int i = 0; i < r->n_demand; i++)
            if (r->demand[i].station == j) {
                communes++;
                tonnes += r->demand[i].tonnes_day;
                saved += r->demand[i].saved_tkm;
            }
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, r->cand[j].id);
        OGR_F_SetFieldInteger(f, 1, communes);
        gt__set_real(f, 2, tonnes);
        gt__set_real(f, 3, r->station_dist_m[j] / 1000);
        gt__set_real(f, 4, r->station_time_s[j] / 60);
        gt__set_real(f, 5, saved);
        gt__set_real(f, 6, r->cand[j].access_m);
        st = put(ctx, l, f, point(ctx, r->cand[j].x, r->cand[j].y), false);
    }
    return st;
}

static gt_status write_points(gt_context *ctx, const gt__network_run *r, GDALDatasetH ds)
{
    OGRLayerH l = make_layer(ctx, ds, GT__TABLE_COLLECTION_POINTS, r->srs, wkbPoint,
                             "Collection points on the road network within walking or cart "
                             "distance of the settlements (set covering; gistool network)",
                             point_fields, N(point_fields));
    if (!l)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    for (int k = 0; !st && k < r->n_points; k++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldInteger(f, 0, k + 1);
        OGR_F_SetFieldInteger(f, 1, r->pt_settlements[k]);
        gt__set_real(f, 2, r->pt_population[k]);
        st = put(ctx, l, f, point(ctx, r->pt_x[k], r->pt_y[k]), false);
    }
    return st;
}

static gt_status write_allocation(gt_context *ctx, const gt__network_run *r, GDALDatasetH ds)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    OGRLayerH l = make_layer(ctx, ds, GT__TABLE_ALLOCATION, r->srs, wkbLineString,
                             "Each commune to its transfer station (or direct) to treatment, "
                             "drawn as straight legs; distances and times on the network "
                             "(gistool network)",
                             alloc_fields, N(alloc_fields));
    if (!l)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    for (int i = 0; !st && i < r->n_demand; i++) {
        const gt__demand *d = &r->demand[i];
        const gt__facility *t = &r->treatment[d->treatment];
        const gt__facility *s = d->station >= 0 ? &r->cand[d->station] : NULL;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, d->id);
        set_str(f, 1, d->name);
        set_str(f, 2, s ? s->id : NULL);
        OGR_F_SetFieldString(f, 3, t->id);
        gt__set_real(f, 4, d->tonnes_day);
        gt__set_real(f, 5, (r->n_open ? d->via_dist_m : d->dist_m) / 1000);
        gt__set_real(f, 6, (r->n_open ? d->via_time_s : d->time_s) / 60);
        gt__set_real(f, 7, d->dist_m / 1000);
        gt__set_real(f, 8, d->saved_tkm);
        GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, s ? 3 : 2, 2);
        if (cs) {
            GEOSCoordSeq_setXY_r(h, cs, 0, d->x, d->y);
            if (s)
                GEOSCoordSeq_setXY_r(h, cs, 1, s->x, s->y);
            GEOSCoordSeq_setXY_r(h, cs, s ? 2 : 1, t->x, t->y);
        }
        GEOSGeometry *g = cs ? GEOSGeom_createLineString_r(h, cs) : NULL;
        if (!g) {
            OGR_F_Destroy(f);
            return GT_GEOS_FAIL(ctx, "allocation line");
        }
        st = put(ctx, l, f, g, false);
    }
    return st;
}

static gt_status write_service(gt_context *ctx, const gt__network_run *r, GDALDatasetH ds)
{
    OGRLayerH l = make_layer(ctx, ds, GT__TABLE_SERVICE_AREAS, r->srs, wkbMultiPolygon,
                             "Service areas: land within buffer_m of the roads reached from a "
                             "treatment site within each time (gistool network)",
                             service_fields, N(service_fields));
    if (!l)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    /* Largest first, so the shorter times draw on top in QGIS. */
    for (int k = r->n_service - 1; !st && k >= 0; k--) {
        double area = 0;
        GEOSArea_r(gt__geos(ctx), r->service[k], &area);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, r->treatment[r->service_site[k]].id);
        gt__set_real(f, 1, r->service_min[k]);
        gt__set_real(f, 2, area / 1e6);
        st = put(ctx, l, f, GEOSGeom_clone_r(gt__geos(ctx), r->service[k]), true);
    }
    return st;
}

static gt_status write_inputs(gt_context *ctx, const gt__network_run *r, gt__gpkg *g)
{
    const gt_scenario *s = r->s->base;
    OGRLayerH l = gt__run_inputs_begin(ctx, g);
    if (!l)
        return gt_context_status(ctx);
    gt__layer_spec scenario = {.name = GT__ROLE_SCENARIO, .source = s->yaml.file};
    gt__layer_spec speeds = {.name = "speed_profile", .source = r->speeds.path,
                             .label = r->speeds.title};
    gt__layer_spec study = s->study_area;
    study.name = GT__ROLE_STUDY_AREA;
    gt_status st = gt__run_inputs_put(ctx, l, s->dir, &scenario, false);
    if (!st)
        st = gt__run_inputs_put(ctx, l, s->dir, &speeds, false);
    if (!st)
        st = gt__run_inputs_put(ctx, l, s->dir, &study, true);
    for (int i = 0; !st && i < s->n_layers; i++)
        st = gt__run_inputs_put(ctx, l, s->dir, &s->layers[i], true);
    const gt__facility_source *runs[] = {&r->s->treatment,
                                         r->s->has_stations ? &r->s->stations : NULL};
    const char *roles[] = {"treatment_site_run", "station_site_run"};
    for (int k = 0; !st && k < 2; k++)
        if (runs[k] && runs[k]->run) {
            gt__layer_spec run = {.name = (char *)roles[k], .source = runs[k]->run,
                                  .layer = GT__TABLE_PARCELS};
            st = gt__run_inputs_put(ctx, l, s->dir, &run, false);
        }
    return st;
}

static gt_status write_run_info(gt_context *ctx, const gt__network_run *r, gt__gpkg *g)
{
    const gt__network_scenario *s = r->s;
    const gt_network_options *o = r->o;
    const gt__run_header hd = {
        .command = GT__CMD_NETWORK,
        .argc = o->argc,
        .argv = o->argv,
        .overrides = o->overrides,
        .n_overrides = o->n_overrides,
        .scenario_name = s->base->name,
        .scenario_path = s->base->yaml.file,
        .scenario_text = s->base->yaml.text,
        .working_crs = s->base->crs,
        .profile_id = r->speeds.id,
        .profile_path = r->speeds.path,
    };
    OGRLayerH l = gt__run_info_begin(ctx, g, &hd);
    if (!l)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    const gt__network *net = r->net;
    double km = 0, tonnes = 0, saved = 0;
    for (int e = 0; e < net->n_edges; e++)
        km += net->length_m[e] / 1000;
    for (int i = 0; i < r->n_demand; i++) {
        tonnes += r->demand[i].tonnes_day;
        saved += r->demand[i].saved_tkm;
    }
    gt__run_info_add(ctx, l, &st, "network.length", "planar, in the working CRS (%s)",
                     s->base->crs);
    gt__run_info_add(ctx, l, &st, GT__KEY_NETWORK,
                     "%d nodes, %d edges, %.1f km; %d gaps under %g m joined; %d pieces "
                     "(%.1f km) left out",
                     net->n_nodes, net->n_edges, km, net->n_snapped, s->snap_m, net->n_pieces,
                     net->dropped_length_m / 1000);
    for (int k = 0; k < net->n_pieces && k < 20; k++) {
        char key[48];
        snprintf(key, sizeof key, "network.left_out.%d", k + 1);
        gt__run_info_add(ctx, l, &st, key, "%.1f km, %d edges, features %s, near (%.0f, %.0f)",
                         net->pieces[k].length_m / 1000, net->pieces[k].n_edges,
                         net->pieces[k].feature_ids ? net->pieces[k].feature_ids : "?",
                         net->pieces[k].x, net->pieces[k].y);
    }
    gt__run_info_add(ctx, l, &st, "network.access",
                     "straight line to the nearest node, at most %g m, at %g km/h",
                     s->access_limit_m, s->access_speed_kmh);
    gt__run_info_add(ctx, l, &st, "demand.rates",
                     "urban %g, rural %g kg/person/day (urban: names starting with the "
                     "urban_prefixes)",
                     s->kg_urban, s->kg_rural);
    gt__run_info_add(ctx, l, &st, GT__KEY_DEMAND_TONNES, "%.2f t/day from %d communes", tonnes,
                     r->n_demand);
    gt__run_info_add(ctx, l, &st, GT__KEY_TKM_DIRECT, "%.1f t-km/day to %d treatment site(s)",
                     r->tkm_direct, r->n_treatment);
    if (r->n_open) {
        gt__run_info_add(ctx, l, &st, GT__KEY_STATIONS, "%d chosen of %d candidates by %s",
                         r->n_open, r->n_cand, r->solver_used);
        gt__run_info_add(ctx, l, &st, "stations.transfer_factor", "%g", s->transfer_factor);
        gt__run_info_add(ctx, l, &st, "stations.capacity_t_day", "%g (0: uncapacitated)",
                         s->capacity_t_day);
        gt__run_info_add(ctx, l, &st, "stations.objective_heuristic", "%.4f", r->obj_heuristic);
        gt__run_info_add(ctx, l, &st, "stations.objective_exact", "%.4f (%s)", r->obj_exact,
                         r->exact_status);
        if (!isnan(r->gap_pct))
            gt__run_info_add(ctx, l, &st, GT__KEY_STATIONS_GAP, "%.4f %%", r->gap_pct);
        gt__run_info_add(ctx, l, &st, GT__KEY_TKM_STATIONS,
                         "%.1f t-km/day travelled; %.1f t-km/day of collection-truck haul saved",
                         r->tkm_with_stations, saved);
    }
    if (s->has_collection) {
        gt__run_info_add(ctx, l, &st, GT__KEY_COLLECTION,
                         "%d points by %s within %g m; %d of %d settlements covered (%.0f of "
                         "%.0f people); %d beyond reach",
                         r->n_points, r->cover_solver, s->walk_m,
                         r->n_settlements - r->n_uncovered, r->n_settlements,
                         r->cover_population, r->cover_total_population, r->n_uncovered);
        if (r->cover_exact_count >= 0 && !s->k)
            gt__run_info_add(ctx, l, &st, "collection.greedy_vs_exact", "greedy %d, GLPK %d",
                             r->cover_greedy_count, r->cover_exact_count);
    }
    return st;
}

gt_status gt__network_write(gt_context *ctx, const gt__network_run *r)
{
    const char *path = r->o->output ? r->o->output : r->s->base->out_gpkg;
    gt__gpkg *g = gt__gpkg_begin(ctx, path);
    if (!g)
        return gt_context_status(ctx);
    GDALDatasetH ds = gt__gpkg_dataset(g);
    GDALDatasetStartTransaction(ds, FALSE);
    gt_status st = write_edges(ctx, r, ds);
    if (!st)
        st = write_demand(ctx, r, ds);
    if (!st)
        st = write_treatment(ctx, r, ds);
    if (!st && r->s->has_stations)
        st = write_stations(ctx, r, ds);
    if (!st && r->s->has_collection)
        st = write_points(ctx, r, ds);
    if (!st)
        st = write_allocation(ctx, r, ds);
    if (!st)
        st = write_service(ctx, r, ds);
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE && !st)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing the network layers failed");
    if (!st)
        st = write_inputs(ctx, r, g);
    if (!st)
        st = write_run_info(ctx, r, g);
    struct {
        const char *table;
        const field *f;
        int n;
        const char *desc;
        bool want;
    } styles[] = {
        {GT__TABLE_NETWORK_EDGES, edge_fields, N(edge_fields), "Roads by tonnes carried a day",
         true},
        {GT__TABLE_DEMAND_POINTS, demand_fields, N(demand_fields), "Communes by waste a day", true},
        {GT__TABLE_TREATMENT_SITES, treatment_fields, N(treatment_fields), "Treatment sites", true},
        {GT__TABLE_TRANSFER_STATIONS, station_fields, N(station_fields), "Transfer stations",
         r->s->has_stations},
        {GT__TABLE_COLLECTION_POINTS, point_fields, N(point_fields), "Collection points",
         r->s->has_collection},
        {GT__TABLE_ALLOCATION, alloc_fields, N(alloc_fields), "Commune to station to treatment",
         true},
        {GT__TABLE_SERVICE_AREAS, service_fields, N(service_fields), "Service areas by time",
         true},
    };
    for (int k = 0; !st && k < N(styles); k++)
        if (styles[k].want)
            st = style(ctx, ds, styles[k].table, styles[k].f, styles[k].n, styles[k].desc);
    if (!st)
        st = gt__gpkg_commit(ctx, g);
    else
        gt__gpkg_abort(g);
    if (!st)
        gt__log(ctx, GT_LOG_INFO, "wrote %s", path);
    return st;
}
