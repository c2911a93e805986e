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
    {"placed_at", OFTString, "Vị trí điểm phát sinh",
     "residential: the part of a residential polygon inside the commune; commune: a point on "
     "the commune's surface (no residential polygon in it, or none given)"},
    {"residential_id", OFTString, "Mã khu dân cư", "the residential polygon (placed_at = "
                                                   "residential)"},
    {"share", OFTReal, "Tỷ lệ của xã", "share of the commune's demand (by residential area)"},
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

static GEOSGeometry *point(gt_context *ctx, double x, double y)
{
    return GEOSGeom_createPointFromXY_r(gt__geos(ctx), x, y);
}

static void set_str(OGRFeatureH f, int k, const char *s)
{
    if (s)
        OGR_F_SetFieldString(f, k, s);
}

/* Each layer's rows: fill row k's fields (in the order of its field table)
 * and return its geometry (NULL: GEOS failed). */
typedef GEOSGeometry *(*row_fn)(gt_context *ctx, const gt__network_run *r, int k, OGRFeatureH f);

static GEOSGeometry *edge_row(gt_context *ctx, const gt__network_run *r, int e, OGRFeatureH f)
{
    const gt__network *net = r->net;
    OGR_F_SetFieldInteger(f, 0, e);
    OGR_F_SetFieldInteger(f, 1, net->from[e]);
    OGR_F_SetFieldInteger(f, 2, net->to[e]);
    set_str(f, 3, net->cls[e]);
    set_str(f, 4, r->roads->ids[net->feature[e]]);
    gt__set_real(f, 5, net->length_m[e]);
    gt__set_real(f, 6, net->speed_kmh[e]);
    gt__set_real(f, 7, net->time_s[e] / 60);
    gt__set_real(f, 8, r->edge_tonnes[e]);
    return GEOSGeom_clone_r(gt__geos(ctx), net->geoms[e]);
}

static GEOSGeometry *demand_row(gt_context *ctx, const gt__network_run *r, int i, OGRFeatureH f)
{
    const gt__demand *d = &r->demand[i];
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
    OGR_F_SetFieldString(f, 11, d->residential >= 0 ? "residential" : "commune");
    set_str(f, 12, d->residential >= 0 ? r->residential->ids[d->residential] : NULL);
    gt__set_real(f, 13, d->share);
    return point(ctx, d->x, d->y);
}

static GEOSGeometry *treatment_row(gt_context *ctx, const gt__network_run *r, int t,
                                   OGRFeatureH f)
{
    int communes = 0;
    double tonnes = 0;
    for (int i = 0; i < r->n_demand; i++)
        if (r->demand[i].treatment == t) {
            communes++;
            tonnes += r->demand[i].tonnes_day;
        }
    OGR_F_SetFieldString(f, 0, r->treatment[t].id);
    OGR_F_SetFieldInteger(f, 1, r->treatment[t].node);
    gt__set_real(f, 2, r->treatment[t].access_m);
    OGR_F_SetFieldInteger(f, 3, communes);
    gt__set_real(f, 4, tonnes);
    return point(ctx, r->treatment[t].x, r->treatment[t].y);
}

static GEOSGeometry *station_row(gt_context *ctx, const gt__network_run *r, int k, OGRFeatureH f)
{
    int j = r->open[k], communes = 0;
    double tonnes = 0, saved = 0;
    for (int i = 0; i < r->n_demand; i++)
        if (r->demand[i].station == j) {
            communes++;
            tonnes += r->demand[i].tonnes_day;
            saved += r->demand[i].saved_tkm;
        }
    OGR_F_SetFieldString(f, 0, r->cand[j].id);
    OGR_F_SetFieldInteger(f, 1, communes);
    gt__set_real(f, 2, tonnes);
    gt__set_real(f, 3, r->station_dist_m[j] / 1000);
    gt__set_real(f, 4, r->station_time_s[j] / 60);
    gt__set_real(f, 5, saved);
    gt__set_real(f, 6, r->cand[j].access_m);
    return point(ctx, r->cand[j].x, r->cand[j].y);
}

static GEOSGeometry *point_row(gt_context *ctx, const gt__network_run *r, int k, OGRFeatureH f)
{
    OGR_F_SetFieldInteger(f, 0, k + 1);
    OGR_F_SetFieldInteger(f, 1, r->pt_settlements[k]);
    gt__set_real(f, 2, r->pt_population[k]);
    return point(ctx, r->pt_x[k], r->pt_y[k]);
}

static GEOSGeometry *alloc_row(gt_context *ctx, const gt__network_run *r, int i, OGRFeatureH f)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    const gt__demand *d = &r->demand[i];
    const gt__facility *t = &r->treatment[d->treatment];
    const gt__facility *s = d->station >= 0 ? &r->cand[d->station] : NULL;
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
    if (!cs)
        return NULL;
    GEOSCoordSeq_setXY_r(h, cs, 0, d->x, d->y);
    if (s)
        GEOSCoordSeq_setXY_r(h, cs, 1, s->x, s->y);
    GEOSCoordSeq_setXY_r(h, cs, s ? 2 : 1, t->x, t->y);
    return GEOSGeom_createLineString_r(h, cs);
}

/* Largest first, so the shorter times draw on top in QGIS. */
static GEOSGeometry *service_row(gt_context *ctx, const gt__network_run *r, int k, OGRFeatureH f)
{
    k = r->n_service - 1 - k;
    double area = 0;
    GEOSArea_r(gt__geos(ctx), r->service[k], &area);
    OGR_F_SetFieldString(f, 0, r->treatment[r->service_site[k]].id);
    gt__set_real(f, 1, r->service_min[k]);
    gt__set_real(f, 2, area / 1e6);
    return GEOSGeom_clone_r(gt__geos(ctx), r->service[k]);
}

/* One output layer: its table, geometry, description, fields, rows, and
 * the title of its default QGIS style. */
typedef struct {
    const char *table;
    OGRwkbGeometryType type;
    const char *desc;
    const field *f;
    int nf;
    row_fn row;
    const char *style;
} layer_def;

static const layer_def layer_defs[] = {
    {GT__TABLE_NETWORK_EDGES, wkbLineString,
     "Road network as routed: noded edges with speed, time and the tonnes of household waste "
     "carried each day (gistool network)",
     edge_fields, N(edge_fields), edge_row, "Roads by tonnes carried a day"},
    {GT__TABLE_DEMAND_POINTS, wkbPoint,
     "Household waste of each commune at a point on its surface, joined to the nearest network "
     "node (gistool network)",
     demand_fields, N(demand_fields), demand_row, "Communes by waste a day"},
    {GT__TABLE_TREATMENT_SITES, wkbPoint, "Treatment sites the waste is hauled to (gistool network)",
     treatment_fields, N(treatment_fields), treatment_row, "Treatment sites"},
    {GT__TABLE_TRANSFER_STATIONS, wkbPoint,
     "Transfer stations chosen to minimise tonne-km to treatment (p-median; gistool network)",
     station_fields, N(station_fields), station_row, "Transfer stations"},
    {GT__TABLE_COLLECTION_POINTS, wkbPoint,
     "Collection points on the road network within walking or cart distance of the settlements "
     "(set covering; gistool network)",
     point_fields, N(point_fields), point_row, "Collection points"},
    {GT__TABLE_ALLOCATION, wkbLineString,
     "Each commune to its transfer station (or direct) to treatment, drawn as straight legs; "
     "distances and times on the network (gistool network)",
     alloc_fields, N(alloc_fields), alloc_row, "Commune to station to treatment"},
    {GT__TABLE_SERVICE_AREAS, wkbMultiPolygon,
     "Service areas: land within buffer_m of the roads reached from a treatment site within "
     "each time (gistool network)",
     service_fields, N(service_fields), service_row, "Service areas by time"},
};

/* How many rows layer k has, or -1 when the run does not write it. */
static int layer_rows(const gt__network_run *r, int k)
{
    const int rows[] = {r->net->n_edges,
                        r->n_demand,
                        r->n_treatment,
                        r->s->has_stations ? r->n_open : -1,
                        r->s->has_collection ? r->n_points : -1,
                        r->n_demand,
                        r->n_service};
    return rows[k];
}

/* Write one layer: create it with its fields, then one feature per row. */
static gt_status write_layer(gt_context *ctx, const gt__network_run *r, GDALDatasetH ds,
                             const layer_def *d, int n)
{
    OGRLayerH l = gt__out_layer(ctx, ds, d->table, r->srs, d->type, d->desc);
    if (!l)
        return gt_context_status(ctx);
    for (int i = 0; i < d->nf; i++)
        if (!gt__out_field(l, d->f[i].name, d->f[i].type))
            return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create the field '%s' of '%s'",
                                  d->f[i].name, d->table);
    bool multi = d->type == wkbMultiPolygon;
    gt_status st = GT_OK;
    for (int k = 0; !st && k < n; k++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        GEOSGeometry *g = d->row(ctx, r, k, f);
        if (!g) {
            OGR_F_Destroy(f);
            return GT_GEOS_FAIL(ctx, d->table);
        }
        st = gt__out_feature(ctx, l, f, g, multi);
        GEOSGeom_destroy_r(gt__geos(ctx), g);
        OGR_F_Destroy(f);
    }
    return st;
}

static gt_status style(gt_context *ctx, GDALDatasetH ds, const layer_def *d)
{
    gt__field_doc docs[16];
    for (int i = 0; i < d->nf && i < 16; i++)
        docs[i] = (gt__field_doc){d->f[i].name, d->f[i].vi, d->f[i].en};
    return gt__out_style(ctx, ds, d->table, docs, d->nf, d->style);
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
    gt_status st = GT_OK;
    for (int k = 0; !st && k < N(layer_defs); k++)
        if (layer_rows(r, k) >= 0)
            st = write_layer(ctx, r, ds, &layer_defs[k], layer_rows(r, k));
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE && !st)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing the network layers failed");
    if (!st)
        st = write_inputs(ctx, r, g);
    if (!st)
        st = write_run_info(ctx, r, g);
    for (int k = 0; !st && k < N(layer_defs); k++)
        if (layer_rows(r, k) >= 0)
            st = style(ctx, ds, &layer_defs[k]);
    if (!st)
        st = gt__gpkg_commit(ctx, g);
    else
        gt__gpkg_abort(g);
    if (!st)
        gt__log(ctx, GT_LOG_INFO, "wrote %s", path);
    return st;
}
