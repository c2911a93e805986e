/*
 * network.c: the `gistool network` pipeline (docs/network.md): inputs, the
 * road network (layers/graph.c), demand points joined to it, haul to the
 * treatment sites and service areas, transfer stations (p-median or
 * covering: algorithms/facility.c, exact in layers/lp.c) and collection
 * points (set or maximal covering). network_write.c writes the GeoPackage,
 * network_sheet.c the map sheet. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/extras.h"
#include "gistool/network_stages.h"

#define NOMEM(ctx) gt__error((ctx), GT_ERR_NOMEM, "out of memory")

/* A point standing for a feature: the feature itself when it is a point,
 * otherwise a point on its surface (inside it, unlike a centroid). */
static gt_status feature_point(gt_context *ctx, const GEOSGeometry *g, double *x, double *y)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    GEOSGeometry *p = GEOSPointOnSurface_r(h, g);
    if (!p || GEOSisEmpty_r(h, p) == 1) {
        if (p)
            GEOSGeom_destroy_r(h, p);
        return GT_GEOS_FAIL(ctx, "point on surface");
    }
    GEOSGeomGetX_r(h, p, x);
    GEOSGeomGetY_r(h, p, y);
    GEOSGeom_destroy_r(h, p);
    return GT_OK;
}

/* validation: an id_field whose values repeat (a commune, a treatment
 * site or a station candidate twice) would give two rows of the output
 * one name, and the tables joined on it a wrong answer. */
static gt_status unique_ids(gt_context *ctx, const gt__layer_spec *spec, const gt__features *f)
{
    const char *twice = NULL;
    gt_status st = spec->id_field ? gt__features_repeated_id(ctx, f, &twice) : GT_OK;
    if (!st && twice)
        st = gt__error(ctx, GT_ERR_INPUT_FIELD,
                       "layers.%s (%s): id '%s' appears twice in field '%s' (id_field must be "
                       "unique)",
                       spec->name, spec->origin, twice, spec->id_field);
    return st;
}

static gt_status load_layer(gt_context *ctx, const gt__network_run *r, const char *name,
                            const double *aoi, gt__features **out)
{
    const gt__layer_spec *spec = gt__scenario_layer(r->s->base, name);
    gt_status st = gt__vector_load(ctx, spec, r->srs, aoi, out);
    if (!st)
        st = gt__features_check_population(ctx, spec, *out);
    return st ? st : unique_ids(ctx, spec, *out);
}

/* Facilities from a scenario layer, or the best parcels of a site run. */
static gt_status load_facilities(gt_context *ctx, gt__network_run *r, const gt__facility_source *src,
                                 const char *role, const double *aoi, bool skip_far,
                                 gt__facility **out, int *n)
{
    gt__features *f = NULL;
    gt_status st;
    if (src->layer) {
        st = load_layer(ctx, r, src->layer, aoi, &f);
    } else {
        char where[96];
        snprintf(where, sizeof where, "\"%s\" IS NOT NULL AND \"%s\" <= %d", GT__FIELD_RANK,
                 GT__FIELD_RANK, src->best);
        gt__layer_spec spec = {.name = (char *)role,
                               .source = src->run,
                               .layer = GT__TABLE_PARCELS,
                               .id_field = "parcel_id",
                               .where = where,
                               .origin = src->origin};
        st = gt__vector_load(ctx, &spec, r->srs, aoi, &f);
        if (st)
            gt__error_suffix(ctx, " (%s.site_run: run `gistool site` first)", role);
    }
    if (!st && f->n == 0)
        st = gt__error(ctx, GT_ERR_INPUT_EXTENT, "%s (%s): no %s within the study area", role,
                       src->origin, src->layer ? "feature" : "ranked parcel");
    gt__facility *fa = st ? NULL : calloc((size_t)f->n, sizeof *fa);
    if (!st && !fa)
        st = NOMEM(ctx);
    int count = 0, n_far = 0;
    for (int i = 0; !st && i < f->n; i++) {
        gt__facility *a = &fa[count];
        st = feature_point(ctx, f->geoms[i], &a->x, &a->y);
        if (st)
            break;
        a->node = gt__network_nearest_node(r->net, a->x, a->y, &a->access_m);
        if (a->access_m > r->s->access_limit_m && skip_far) {
            n_far++;
            continue;
        }
        if (a->access_m > r->s->access_limit_m) {
            st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                           "%s '%s' is %.0f m from the nearest road of the network, more "
                           "than network.access_limit_m = %.0f m",
                           role, f->ids[i], a->access_m, r->s->access_limit_m);
            break;
        }
        if (!(a->id = gt__strdup(ctx, f->ids[i])))
            st = GT_ERR_NOMEM;
        else
            count++;
    }
    if (!st && n_far)
        gt__log(ctx, GT_LOG_WARNING,
                "%s: %d of %d are farther than network.access_limit_m = %.0f m from the road "
                "network and are left out",
                role, n_far, f->n, r->s->access_limit_m);
    if (!st && count == 0)
        st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                       "%s (%s): none is within network.access_limit_m = %.0f m of the road "
                       "network",
                       role, src->origin, r->s->access_limit_m);
    gt__features_free(ctx, f);
    if (st) {
        for (int i = 0; fa && i < count; i++)
            free(fa[i].id);
        free(fa);
        return st;
    }
    *out = fa;
    *n = count;
    return GT_OK;
}

static bool is_urban(const gt__network_scenario *s, const char *name)
{
    for (int k = 0; name && k < s->n_urban_prefixes; k++)
        if (!strncmp(name, s->urban_prefixes[k], strlen(s->urban_prefixes[k])))
            return true;
    return false;
}

/* A residential polygon's part inside a commune: where, which, how large. */
typedef struct {
    double x, y, area;
    int which;
} res_part;

typedef struct {
    int *v;
    int n, cap;
} int_list;

static void collect_cb(void *item, void *arg)
{
    int_list *l = arg;
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        int *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v)
            return; /* the candidate is lost; the caller checks n against cap */
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (int)(intptr_t)item;
}

/* The parts of the residential polygons inside commune `g` with an area,
 * each at a point on its surface, in polygon order. */
static gt_status residential_parts(gt_context *ctx, GEOSSTRtree *tree, const gt__features *res,
                                   const GEOSGeometry *g, res_part **parts, int *n)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    int_list cand = {0};
    GEOSSTRtree_query_r(h, tree, g, collect_cb, &cand);
    *n = 0;
    *parts = cand.n ? calloc((size_t)cand.n, sizeof **parts) : NULL;
    if (cand.n && !*parts) {
        free(cand.v);
        return NOMEM(ctx);
    }
    /* In polygon order, whatever order the tree gives them in. */
    for (int i = 1; i < cand.n; i++)
        for (int k = i; k > 0 && cand.v[k - 1] > cand.v[k]; k--) {
            int t = cand.v[k];
            cand.v[k] = cand.v[k - 1];
            cand.v[k - 1] = t;
        }
    gt_status st = GT_OK;
    for (int i = 0; !st && i < cand.n; i++) {
        GEOSGeometry *part = GEOSIntersection_r(h, g, res->geoms[cand.v[i]]);
        double area = 0;
        if (!part) {
            st = GT_GEOS_FAIL(ctx, "residential polygon within its commune");
            break;
        }
        if (GEOSArea_r(h, part, &area) == 1 && area > 0) {
            res_part *p = &(*parts)[*n];
            p->area = area;
            p->which = cand.v[i];
            st = feature_point(ctx, part, &p->x, &p->y);
            (*n)++;
        }
        GEOSGeom_destroy_r(h, part);
    }
    free(cand.v);
    return st;
}

/* Demand: each commune's population x its per-capita rate, at a point on
 * its surface, or split over the residential polygons inside it by area;
 * each point joined to the nearest node. Every commune beyond the access
 * limit is listed in one error. */
gt_status gt__network_demand(gt_context *ctx, const gt__network_scenario *s,
                             const gt__network *net, const gt__features *c,
                             const gt__features *res, gt__demand **out, int *n_out)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    *out = NULL;
    *n_out = 0;
    if (res && res->n && res->max_dim != 2)
        return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                         "demand.residential: layer '%s' holds points or lines; the demand is "
                         "split over residential polygons",
                         s->residential_layer);
    int cap = c->n + 1, n = 0;
    gt__demand *dem = calloc((size_t)cap, sizeof *dem);
    if (!dem)
        return NOMEM(ctx);
    GEOSSTRtree *tree = NULL;
    if (res && res->n) {
        tree = GEOSSTRtree_create_r(h, 10);
        if (!tree) {
            free(dem);
            return GT_GEOS_FAIL(ctx, "index of the residential polygons");
        }
        for (int j = 0; j < res->n; j++)
            GEOSSTRtree_insert_r(h, tree, res->geoms[j], (void *)(intptr_t)j);
    }
    gt__sbuf far = {0};
    int n_far = 0, n_split = 0;
    gt_status st = GT_OK;
    for (int i = 0; !st && i < c->n; i++) {
        res_part *parts = NULL;
        int np = 0;
        double total = 0;
        if (tree)
            st = residential_parts(ctx, tree, res, c->geoms[i], &parts, &np);
        for (int k = 0; k < np; k++)
            total += parts[k].area;
        if (!(total > 0))
            np = 0;
        n_split += np > 0;
        int pieces = np ? np : 1;
        if (!st && n + pieces > cap) {
            int ncap = 2 * cap + pieces;
            gt__demand *grown = realloc(dem, (size_t)ncap * sizeof *dem);
            if (!grown)
                st = NOMEM(ctx);
            else {
                memset(grown + cap, 0, (size_t)(ncap - cap) * sizeof *grown);
                dem = grown;
                cap = ncap;
            }
        }
        double population =
            c->values && isfinite(c->values[i]) && c->values[i] > 0 ? c->values[i] : 0;
        for (int k = 0; !st && k < pieces; k++) {
            gt__demand *d = &dem[n++];
            d->id = gt__strdup(ctx, c->ids[i]);
            d->name = c->classes && c->classes[i] ? gt__strdup(ctx, c->classes[i]) : NULL;
            if (!d->id) {
                st = GT_ERR_NOMEM;
                break;
            }
            d->share = np ? parts[k].area / total : 1.0;
            d->residential = np ? parts[k].which : -1;
            d->population = population * d->share;
            d->urban = is_urban(s, d->name);
            d->kg_per_person_day = d->urban ? s->kg_urban : s->kg_rural;
            d->tonnes_day = d->population * d->kg_per_person_day / 1000.0;
            d->station = -1;
            if (np) {
                d->x = parts[k].x;
                d->y = parts[k].y;
            } else if ((st = feature_point(ctx, c->geoms[i], &d->x, &d->y))) {
                break;
            }
            d->node = gt__network_nearest_node(net, d->x, d->y, &d->access_m);
            if (d->access_m > s->access_limit_m) {
                if (n_far < 10)
                    gt__sbuf_add(&far, "%s%s%s%s (%.0f m)", n_far ? ", " : "", d->id,
                                 d->name ? " " : "", d->name ? d->name : "", d->access_m);
                n_far++;
            }
        }
        free(parts);
    }
    if (tree)
        GEOSSTRtree_destroy_r(h, tree);
    /* validation: communes with no population make no waste: every haul
     * and station would be 0 t, an answer that looks like one (a text
     * field as population_field reads as 0 everywhere). */
    double people = 0;
    for (int k = 0; k < n; k++)
        people += dem[k].population;
    const gt__layer_spec *dl = s->base ? gt__scenario_layer(s->base, s->demand_layer) : NULL;
    if (!st && !(people > 0))
        st = gt__error(ctx, GT_ERR_INPUT_FIELD,
                       "demand.layer: none of the %d communes of layer '%s' has a population "
                       "above 0 in its population_field %s%s%s (empty, 0 or not numbers)",
                       c->n, s->demand_layer, dl && dl->population_field ? "'" : "",
                       dl && dl->population_field ? dl->population_field : "(not set)",
                       dl && dl->population_field ? "'" : "");
    if (!st && n_far)
        st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                       "demand: %d of %d %s of layer '%s' are farther than "
                       "network.access_limit_m = %.0f m from the road network: %s%s "
                       "(add their roads to layers.%s, or raise the limit)",
                       n_far, res ? n : c->n, res ? "demand points" : "communes",
                       s->demand_layer, s->access_limit_m, far.s ? far.s : "",
                       n_far > 10 ? ", ..." : "", s->roads_layer);
    free(far.s);
    if (st) {
        gt__network_demand_free(dem, n);
        return st;
    }
    if (res)
        gt__log(ctx, GT_LOG_INFO,
                "demand: %d of %d communes split over the residential polygons of layer '%s' "
                "inside them (%d points); %d at their own point",
                n_split, c->n, s->residential_layer, n - (c->n - n_split), c->n - n_split);
    *out = dem;
    *n_out = n;
    return GT_OK;
}

void gt__network_demand_free(gt__demand *d, int n)
{
    for (int i = 0; d && i < n; i++) {
        free(d[i].id);
        free(d[i].name);
    }
    free(d);
}

static gt_status make_demand(gt_context *ctx, gt__network_run *r)
{
    return gt__network_demand(ctx, r->s, r->net, r->communes, r->residential, &r->demand,
                              &r->n_demand);
}

/* Haul of every commune to its nearest treatment site (by travel time),
 * and the tonnes each edge carries on the way. */
static gt_status haul_direct(gt_context *ctx, gt__network_run *r)
{
    const gt__network *net = r->net;
    int nn = net->n_nodes;
    int *src = malloc((size_t)r->n_treatment * sizeof *src);
    int *load_node = malloc(((size_t)r->n_demand + 1) * sizeof *load_node);
    double *loads = malloc(((size_t)r->n_demand + 1) * sizeof *loads);
    r->node_dist_m = malloc((size_t)nn * sizeof *r->node_dist_m);
    r->node_time_s = malloc((size_t)nn * sizeof *r->node_time_s);
    r->node_treatment = malloc((size_t)nn * sizeof *r->node_treatment);
    r->edge_tonnes = calloc((size_t)net->n_edges + 1, sizeof *r->edge_tonnes);
    int *near_len = malloc((size_t)nn * sizeof *near_len);
    gt_status st = GT_OK;
    if (!src || !load_node || !loads || !r->node_dist_m || !r->node_time_s ||
        !r->node_treatment || !r->edge_tonnes || !near_len)
        st = NOMEM(ctx);
    for (int t = 0; !st && t < r->n_treatment; t++)
        src[t] = r->treatment[t].node;
    /* Time decides where waste goes; the length is that of the same
     * nearest site (by time), measured by length. */
    if (!st)
        st = gt__network_tree(ctx, net, src, r->n_treatment, true, r->node_time_s,
                              r->node_treatment, NULL, NULL, 0, NULL);
    double *cost = st ? NULL : malloc((size_t)r->n_treatment * nn * sizeof *cost);
    int *all = st ? NULL : malloc((size_t)nn * sizeof *all);
    if (!st && (!cost || !all))
        st = NOMEM(ctx);
    for (int v = 0; !st && v < nn; v++)
        all[v] = v;
    if (!st)
        st = gt__network_costs(ctx, net, src, r->n_treatment, all, nn, false, cost);
    for (int v = 0; !st && v < nn; v++)
        r->node_dist_m[v] = cost[(size_t)r->node_treatment[v] * nn + v];
    free(cost);
    free(all);
    r->tkm_direct = 0;
    for (int i = 0; !st && i < r->n_demand; i++) {
        gt__demand *d = &r->demand[i];
        d->treatment = r->node_treatment[d->node];
        d->dist_m = d->access_m + r->node_dist_m[d->node];
        d->time_s = d->access_m / (r->s->access_speed_kmh / 3.6) + r->node_time_s[d->node];
        r->tkm_direct += d->tonnes_day * d->dist_m / 1000.0;
        load_node[i] = d->node;
        loads[i] = d->tonnes_day;
    }
    if (!st)
        st = gt__network_tree(ctx, net, src, r->n_treatment, true, r->node_time_s, near_len,
                              load_node, loads, r->n_demand, r->edge_tonnes);
    free(near_len);
    free(src);
    free(load_node);
    free(loads);
    return st;
}

/* Service areas: for each time and treatment site, the roads reached
 * within that time (both ends), buffered by service_areas.buffer_m and
 * clipped to the study area. */
static gt_status service_areas(gt_context *ctx, gt__network_run *r, const GEOSGeometry *study)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    const gt__network *net = r->net;
    int n = r->s->n_isochrones * r->n_treatment;
    r->service = calloc((size_t)n + 1, sizeof *r->service);
    r->service_min = calloc((size_t)n + 1, sizeof *r->service_min);
    r->service_site = calloc((size_t)n + 1, sizeof *r->service_site);
    GEOSGeometry **parts = malloc(((size_t)net->n_edges + 1) * sizeof *parts);
    if (!r->service || !r->service_min || !r->service_site || !parts) {
        free(parts);
        return NOMEM(ctx);
    }
    gt_status st = GT_OK;
    for (int k = 0; !st && k < r->s->n_isochrones; k++) {
        double limit = r->s->isochrones_min[k] * 60;
        for (int t = 0; !st && t < r->n_treatment; t++) {
            int np = 0;
            for (int e = 0; e < net->n_edges; e++)
                if (r->node_treatment[net->from[e]] == t && r->node_treatment[net->to[e]] == t &&
                    r->node_time_s[net->from[e]] <= limit && r->node_time_s[net->to[e]] <= limit)
                    parts[np++] = GEOSGeom_clone_r(h, net->geoms[e]);
            if (np == 0)
                continue;
            GEOSGeometry *coll =
                GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, parts, (unsigned)np);
            GEOSGeometry *buf = coll ? GEOSBuffer_r(h, coll, r->s->service_buffer_m, 4) : NULL;
            GEOSGeometry *clip = buf && study ? GEOSIntersection_r(h, buf, study) : NULL;
            if (coll)
                GEOSGeom_destroy_r(h, coll);
            if (clip) {
                GEOSGeom_destroy_r(h, buf);
                buf = clip;
            }
            if (!buf) {
                st = GT_GEOS_FAIL(ctx, "service area");
                break;
            }
            r->service[r->n_service] = buf;
            r->service_min[r->n_service] = r->s->isochrones_min[k];
            r->service_site[r->n_service] = t;
            r->n_service++;
        }
    }
    free(parts);
    return st;
}

/* Transfer stations: the cost of serving commune i from candidate j is
 * the tonne-km of its haul, the leg after the station weighted by
 * transfer_factor (a transfer truck carries more per km), or the direct
 * haul when that is cheaper: min(d_ij + f d_jT, d_iT). */
static gt_status stations_matrix(gt_context *ctx, gt__network_run *r, double **dist_out)
{
    int n = r->n_demand, m = r->n_cand;
    int *dn = malloc((size_t)n * sizeof *dn), *cn = malloc((size_t)m * sizeof *cn);
    double *d = malloc((size_t)n * m * sizeof *d);
    r->station_dist_m = malloc((size_t)m * sizeof *r->station_dist_m);
    r->station_time_s = malloc((size_t)m * sizeof *r->station_time_s);
    if (!dn || !cn || !d || !r->station_dist_m || !r->station_time_s) {
        free(dn);
        free(cn);
        free(d);
        return NOMEM(ctx);
    }
    for (int i = 0; i < n; i++)
        dn[i] = r->demand[i].node;
    for (int j = 0; j < m; j++) {
        cn[j] = r->cand[j].node;
        r->station_dist_m[j] = r->cand[j].access_m + r->node_dist_m[cn[j]];
        r->station_time_s[j] =
            r->cand[j].access_m / (r->s->access_speed_kmh / 3.6) + r->node_time_s[cn[j]];
    }
    gt_status st = gt__network_costs(ctx, r->net, dn, n, cn, m, false, d);
    for (int i = 0; !st && i < n; i++)
        for (int j = 0; j < m; j++) {
            double dij = r->demand[i].access_m + d[(size_t)i * m + j] + r->cand[j].access_m;
            double via = dij + r->s->transfer_factor * r->station_dist_m[j];
            d[(size_t)i * m + j] = fmin(via, r->demand[i].dist_m) / 1000.0; /* km */
        }
    free(dn);
    free(cn);
    if (st) {
        free(d);
        return st;
    }
    *dist_out = d;
    return GT_OK;
}

/* Which communes each candidate reaches within max_haul_min. */
static gt_status stations_cover(gt_context *ctx, gt__network_run *r, unsigned char **out)
{
    int n = r->n_demand, m = r->n_cand;
    int *dn = malloc((size_t)n * sizeof *dn), *cn = malloc((size_t)m * sizeof *cn);
    double *t = malloc((size_t)n * m * sizeof *t);
    unsigned char *cov = malloc((size_t)n * m);
    if (!dn || !cn || !t || !cov) {
        free(dn);
        free(cn);
        free(t);
        free(cov);
        return NOMEM(ctx);
    }
    for (int i = 0; i < n; i++)
        dn[i] = r->demand[i].node;
    for (int j = 0; j < m; j++)
        cn[j] = r->cand[j].node;
    gt_status st = gt__network_costs(ctx, r->net, dn, n, cn, m, true, t);
    double v = r->s->access_speed_kmh / 3.6;
    for (int i = 0; !st && i < n; i++)
        for (int j = 0; j < m; j++)
            cov[(size_t)i * m + j] = r->demand[i].access_m / v + t[(size_t)i * m + j] +
                                         r->cand[j].access_m / v <=
                                     r->s->max_haul_min * 60;
    free(dn);
    free(cn);
    free(t);
    if (st) {
        free(cov);
        return st;
    }
    *out = cov;
    return GT_OK;
}

static gt_status choose_stations(gt_context *ctx, gt__network_run *r, int p, gt__solver solver)
{
    const gt__network_scenario *s = r->s;
    int n = r->n_demand, m = r->n_cand;
    double *dist = NULL;
    gt_status st = stations_matrix(ctx, r, &dist);
    if (st)
        return st;
    double *w = malloc((size_t)n * sizeof *w), *cap = NULL;
    int *assign = malloc((size_t)n * sizeof *assign), *open_h = malloc((size_t)m * sizeof *open_h);
    r->open = malloc((size_t)m * sizeof *r->open);
    if (s->capacity_t_day > 0 && (cap = malloc((size_t)m * sizeof *cap)))
        for (int j = 0; j < m; j++)
            cap[j] = s->capacity_t_day;
    if (!w || !assign || !open_h || !r->open || (s->capacity_t_day > 0 && !cap))
        st = NOMEM(ctx);
    for (int i = 0; !st && i < n; i++)
        w[i] = r->demand[i].tonnes_day;
    gt__pmedian pm = {n, m, dist, w, cap};
    bool small = (long)n * m <= s->exact_max_pairs;
    bool run_exact = solver == GT__SOLVER_EXACT || (solver == GT__SOLVER_AUTO && small);
    r->obj_exact = r->obj_heuristic = r->gap_pct = NAN;
    r->exact_status = "not run";
    if (!st && s->max_haul_min > 0 && p == 0) {
        /* The fewest stations within max_haul_min of every commune. */
        unsigned char *cov = NULL, *ch = malloc((size_t)m);
        st = ch ? stations_cover(ctx, r, &cov) : NOMEM(ctx);
        int count = 0, unc = 0;
        if (!st)
            st = gt__setcover_greedy(ctx, n, m, cov, ch, &count, &unc);
        r->solver_used = "set covering (greedy)";
        if (!st && run_exact) {
            gt__lp_result res;
            int ecount;
            unsigned char *ech = malloc((size_t)m);
            st = ech ? gt__lp_setcover(ctx, n, m, cov, s->exact_time_s, ech, &ecount, &res)
                     : NOMEM(ctx);
            if (!st && (res == GT__LP_OPTIMAL || res == GT__LP_FEASIBLE) && ecount <= count) {
                memcpy(ch, ech, (size_t)m);
                count = ecount;
                r->solver_used = "set covering (GLPK)";
                r->exact_status = res == GT__LP_OPTIMAL ? "optimal" : "time limit";
            } else if (!st && res == GT__LP_TIMEOUT) {
                r->exact_status = "time limit before any solution";
            }
            free(ech);
        }
        if (!st && unc)
            gt__log(ctx, GT_LOG_WARNING,
                    "transfer stations: %d communes are farther than %g min from every "
                    "candidate; they keep the nearest station or go direct",
                    unc, s->max_haul_min);
        r->n_open = 0;
        for (int j = 0; !st && j < m; j++)
            if (ch[j])
                r->open[r->n_open++] = j;
        if (!st && r->n_open == 0)
            st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                           "transfer_stations.max_haul_min: no candidate is within %g min of "
                           "any commune",
                           s->max_haul_min);
        if (!st)
            r->obj_heuristic = gt__pmedian_assign(&pm, r->open, r->n_open, assign);
        free(cov);
        free(ch);
    } else if (!st) {
        if (solver != GT__SOLVER_EXACT || !run_exact)
            st = gt__pmedian_substitution(ctx, &pm, p, open_h, assign, &r->obj_heuristic);
        if (!st) {
            memcpy(r->open, open_h, (size_t)p * sizeof *open_h);
            r->n_open = p;
            r->solver_used = "vertex substitution";
        }
        if (!st && run_exact) {
            gt__lp_result res;
            int *eopen = malloc((size_t)p * sizeof *eopen), *eassign = malloc((size_t)n * sizeof *eassign);
            st = eopen && eassign ? gt__lp_pmedian(ctx, &pm, p, s->exact_time_s, eopen, eassign,
                                                   &r->obj_exact, &res)
                                  : NOMEM(ctx);
            if (!st && res == GT__LP_TIMEOUT && !isnan(r->obj_heuristic)) {
                r->exact_status = "time limit before any solution";
                gt__log(ctx, GT_LOG_WARNING,
                        "transfer stations: GLPK found no solution within exact_time_s = %g s; "
                        "the vertex substitution's stations are kept (no gap reported)",
                        s->exact_time_s);
            } else if (!st && res == GT__LP_TIMEOUT) {
                st = gt__error(ctx, GT_ERR_DEPENDENCY,
                               "transfer_stations: GLPK found no solution within exact_time_s = "
                               "%g s; raise it or use solver: heuristic",
                               s->exact_time_s);
            } else if (!st && res == GT__LP_INFEASIBLE)
                st = gt__error(ctx, GT_ERR_SCENARIO,
                               "transfer_stations: no %d stations of capacity_t_day = %g can "
                               "take the %d communes' waste (%s)",
                               p, s->capacity_t_day, n, s->stations_origin ? s->stations_origin : "");
            if (!st && (res == GT__LP_OPTIMAL || res == GT__LP_FEASIBLE)) {
                r->exact_status = res == GT__LP_OPTIMAL ? "optimal" : "time limit (not proven)";
                if (isnan(r->obj_heuristic) || r->obj_exact <= r->obj_heuristic) {
                    memcpy(r->open, eopen, (size_t)p * sizeof *eopen);
                    memcpy(assign, eassign, (size_t)n * sizeof *eassign);
                    r->solver_used = res == GT__LP_OPTIMAL ? "exact (GLPK)" : "GLPK, time limit";
                }
                if (isfinite(r->obj_heuristic) && r->obj_exact > 0)
                    r->gap_pct = 100 * (r->obj_heuristic - r->obj_exact) / r->obj_exact;
            }
            free(eopen);
            free(eassign);
        }
        if (!st && !strcmp(r->solver_used, "vertex substitution") &&
            !isfinite(gt__pmedian_assign(&pm, r->open, r->n_open, NULL)))
            st = gt__error(ctx, GT_ERR_SCENARIO,
                           "transfer_stations: the greedy assignment finds no room for every "
                           "commune in %d stations of capacity_t_day = %g; raise the capacity "
                           "or p, or use solver: exact",
                           p, s->capacity_t_day);
    }
    /* Each commune: its station, or direct when that is no dearer. */
    r->tkm_with_stations = 0;
    for (int i = 0; !st && i < n; i++) {
        gt__demand *d = &r->demand[i];
        int j = assign[i];
        if (s->max_haul_min > 0 && p == 0) {
            j = -1; /* nearest open by cost */
            double best = INFINITY;
            for (int k = 0; k < r->n_open; k++)
                if (dist[(size_t)i * m + r->open[k]] < best) {
                    best = dist[(size_t)i * m + r->open[k]];
                    j = r->open[k];
                }
        }
        double direct_km = d->dist_m / 1000.0;
        double cost_km = j >= 0 ? dist[(size_t)i * m + j] : direct_km;
        if (j < 0 || cost_km >= direct_km - 1e-9) {
            d->station = -1;
            d->via_dist_m = d->dist_m;
            d->via_time_s = d->time_s;
            d->saved_tkm = 0;
        } else {
            d->station = j;
            double to_station_m =
                (cost_km * 1000.0) - s->transfer_factor * r->station_dist_m[j];
            d->via_dist_m = to_station_m + r->station_dist_m[j];
            d->saved_tkm = d->tonnes_day * (direct_km - cost_km);
            d->via_time_s = NAN; /* filled below */
        }
        r->tkm_with_stations += d->tonnes_day * d->via_dist_m / 1000.0;
    }
    free(dist);
    free(w);
    free(cap);
    free(assign);
    free(open_h);
    return st;
}

/* Travel times commune -> station and the tonnes on each edge with the
 * stations: communes to their station, stations' totals to treatment,
 * direct communes to treatment. */
static gt_status station_loads(gt_context *ctx, gt__network_run *r)
{
    const gt__network *net = r->net;
    int nn = net->n_nodes, n = r->n_demand;
    double *cost = malloc((size_t)nn * sizeof *cost), *tcost = malloc((size_t)nn * sizeof *tcost);
    double *load = calloc((size_t)net->n_edges + 1, sizeof *load);
    int *ln = malloc(((size_t)n + r->n_open + 1) * sizeof *ln);
    double *lt = malloc(((size_t)n + r->n_open + 1) * sizeof *lt);
    int *src = malloc((size_t)r->n_treatment * sizeof *src);
    gt_status st = cost && tcost && load && ln && lt && src ? GT_OK : NOMEM(ctx);
    for (int e = 0; !st && e < net->n_edges; e++)
        r->edge_tonnes[e] = 0;
    double v = r->s->access_speed_kmh / 3.6;
    for (int k = 0; !st && k < r->n_open; k++) {
        int j = r->open[k], nl = 0;
        for (int i = 0; i < n; i++)
            if (r->demand[i].station == j) {
                ln[nl] = r->demand[i].node;
                lt[nl++] = r->demand[i].tonnes_day;
            }
        st = gt__network_tree(ctx, net, &r->cand[j].node, 1, false, cost, NULL, ln, lt, nl, load);
        if (!st)
            st = gt__network_tree(ctx, net, &r->cand[j].node, 1, true, tcost, NULL, NULL, NULL,
                                  0, NULL);
        for (int e = 0; !st && e < net->n_edges; e++)
            r->edge_tonnes[e] += load[e];
        for (int i = 0; !st && i < n; i++)
            if (r->demand[i].station == j)
                r->demand[i].via_time_s = r->demand[i].access_m / v + tcost[r->demand[i].node] +
                                          r->cand[j].access_m / v + r->station_time_s[j];
    }
    /* To treatment: station totals and the direct communes. */
    int nl = 0;
    for (int k = 0; !st && k < r->n_open; k++) {
        double t = 0;
        for (int i = 0; i < n; i++)
            if (r->demand[i].station == r->open[k])
                t += r->demand[i].tonnes_day;
        ln[nl] = r->cand[r->open[k]].node;
        lt[nl++] = t;
    }
    for (int i = 0; !st && i < n; i++)
        if (r->demand[i].station < 0) {
            ln[nl] = r->demand[i].node;
            lt[nl++] = r->demand[i].tonnes_day;
        }
    for (int t = 0; !st && t < r->n_treatment; t++)
        src[t] = r->treatment[t].node;
    if (!st)
        st = gt__network_tree(ctx, net, src, r->n_treatment, true, cost, NULL, ln, lt, nl, load);
    for (int e = 0; !st && e < net->n_edges; e++)
        r->edge_tonnes[e] += load[e];
    free(cost);
    free(tcost);
    free(load);
    free(ln);
    free(lt);
    free(src);
    return st;
}

/* Collection points: candidates are the network's nodes and points every
 * spacing_m along its edges; a settlement is covered by a candidate when
 * its access distance plus the network distance is within max_distance_m. */
static gt_status collection_points(gt_context *ctx, gt__network_run *r)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    const gt__network_scenario *s = r->s;
    const gt__network *net = r->net;
    const gt__features *f = r->settlements_f;
    int n = f->n, nn = net->n_nodes;
    /* candidates: nodes, then points along edges */
    int m = nn;
    int *per_edge = malloc(((size_t)net->n_edges + 1) * sizeof *per_edge);
    if (!per_edge)
        return NOMEM(ctx);
    for (int e = 0; e < net->n_edges; e++) {
        /* points strictly inside the edge (a noded edge can be a few mm) */
        per_edge[e] = (int)fmax(0.0, ceil(net->length_m[e] / s->spacing_m) - 1);
        m += per_edge[e];
    }
    if ((double)n * m > 4e8) {
        free(per_edge);
        return gt__error(ctx, GT_ERR_SCENARIO,
                         "collection_points: %d settlements x %d candidate points is too large "
                         "(at most 4e8 pairs); raise collection_points.spacing_m or split the "
                         "province",
                         n, m);
    }
    int *ce = malloc((size_t)m * sizeof *ce);       /* edge, -1: node */
    double *co = malloc((size_t)m * sizeof *co);    /* offset from `from` */
    double *cx = malloc((size_t)m * sizeof *cx), *cy = malloc((size_t)m * sizeof *cy);
    int *sn = malloc((size_t)n * sizeof *sn), *all = malloc((size_t)nn * sizeof *all);
    double *sa = malloc((size_t)n * sizeof *sa), *pop = malloc((size_t)n * sizeof *pop);
    /* Network distances a block of settlements at a time: n x nodes at
     * once would not fit for a province's full OSM network. */
    enum { BLOCK = 64 };
    double *D = malloc((size_t)BLOCK * nn * sizeof *D);
    unsigned char *cov = calloc((size_t)n * m + 1, 1), *ch = malloc((size_t)m + 1);
    gt_status st = ce && co && cx && cy && sn && all && sa && pop && D && cov && ch ? GT_OK
                                                                                   : NOMEM(ctx);
    int k = 0;
    for (int v = 0; !st && v < nn; v++, k++) {
        ce[k] = -1;
        co[k] = v;
        cx[k] = net->nx[v];
        cy[k] = net->ny[v];
        all[v] = v;
    }
    for (int e = 0; !st && e < net->n_edges; e++) {
        for (int q = 1; q <= per_edge[e]; q++, k++) {
            ce[k] = e;
            co[k] = q * s->spacing_m;
            GEOSGeometry *p = GEOSInterpolate_r(h, net->geoms[e], co[k]);
            if (!p) {
                st = GT_GEOS_FAIL(ctx, "interpolate");
                break;
            }
            GEOSGeomGetX_r(h, p, &cx[k]);
            GEOSGeomGetY_r(h, p, &cy[k]);
            GEOSGeom_destroy_r(h, p);
        }
    }
    /* GEOS measures offsets from a line's first point: which node is it? */
    unsigned char *from_first = st ? NULL : malloc((size_t)net->n_edges + 1);
    if (!st && !from_first)
        st = NOMEM(ctx);
    for (int e = 0; !st && e < net->n_edges; e++) {
        GEOSGeometry *a = GEOSGeomGetStartPoint_r(h, net->geoms[e]);
        double ax = 0, ay = 0;
        if (!a) {
            st = GT_GEOS_FAIL(ctx, "start point");
            break;
        }
        GEOSGeomGetX_r(h, a, &ax);
        GEOSGeomGetY_r(h, a, &ay);
        GEOSGeom_destroy_r(h, a);
        from_first[e] = hypot(ax - net->nx[net->from[e]], ay - net->ny[net->from[e]]) < 1e-3;
    }
    r->cover_total_population = 0;
    for (int i = 0; !st && i < n; i++) {
        double x, y;
        if ((st = feature_point(ctx, f->geoms[i], &x, &y)))
            break;
        sn[i] = gt__network_nearest_node(net, x, y, &sa[i]);
        pop[i] = f->values && isfinite(f->values[i]) && f->values[i] > 0 ? f->values[i] : 1;
        r->cover_total_population += pop[i];
    }
    for (int i = 0; !st && i < n; i++) {
        if (i % BLOCK == 0 && (st = gt__network_costs(ctx, net, &sn[i], n - i < BLOCK ? n - i : BLOCK,
                                                      all, nn, false, D)))
            break;
        const double *Di = &D[(size_t)(i % BLOCK) * nn];
        for (int j = 0; j < m; j++) {
            double d;
            if (ce[j] < 0) {
                d = Di[(int)co[j]];
            } else {
                int e = ce[j];
                int u = from_first[e] ? net->from[e] : net->to[e];
                int w = from_first[e] ? net->to[e] : net->from[e];
                d = fmin(Di[u] + co[j], Di[w] + net->length_m[e] - co[j]);
            }
            cov[(size_t)i * m + j] = sa[i] + d <= s->walk_m;
        }
    }
    int count = 0;
    r->n_settlements = n;
    if (!st && s->k > 0) {
        double covered;
        st = gt__maxcover_greedy(ctx, n, m, cov, pop, s->k, ch, &covered);
        r->cover_solver = "maximal covering (greedy)";
        if (!st && (long)n * m <= s->exact_max_pairs * 10) {
            gt__lp_result res;
            unsigned char *ech = malloc((size_t)m + 1);
            double ecov;
            st = ech ? gt__lp_maxcover(ctx, n, m, cov, pop, s->k, s->exact_time_s, ech, &ecov,
                                       &res)
                     : NOMEM(ctx);
            if (!st && (res == GT__LP_OPTIMAL || res == GT__LP_FEASIBLE) && ecov >= covered) {
                memcpy(ch, ech, (size_t)m);
                r->cover_solver = res == GT__LP_OPTIMAL ? "maximal covering (GLPK, optimal)"
                                                        : "maximal covering (GLPK, time limit)";
            }
            free(ech);
        }
    } else if (!st) {
        st = gt__setcover_greedy(ctx, n, m, cov, ch, &count, &r->n_uncoverable);
        r->cover_greedy_count = count;
        r->cover_exact_count = -1;
        r->cover_solver = "set covering (greedy)";
        if (!st && (long)n * m <= s->exact_max_pairs * 10) {
            gt__lp_result res;
            unsigned char *ech = malloc((size_t)m + 1);
            int ecount;
            st = ech ? gt__lp_setcover(ctx, n, m, cov, s->exact_time_s, ech, &ecount, &res)
                     : NOMEM(ctx);
            if (!st && (res == GT__LP_OPTIMAL || res == GT__LP_FEASIBLE)) {
                r->cover_exact_count = ecount;
                if (ecount <= count) {
                    memcpy(ch, ech, (size_t)m);
                    r->cover_solver = res == GT__LP_OPTIMAL ? "set covering (GLPK, optimal)"
                                                            : "set covering (GLPK, time limit)";
                }
            }
            free(ech);
        }
    }
    /* The chosen points, each with the settlements it is nearest to among
     * the chosen ones that cover them. */
    r->n_points = 0;
    for (int j = 0; !st && j < m; j++)
        r->n_points += ch[j];
    r->pt_x = calloc((size_t)r->n_points + 1, sizeof *r->pt_x);
    r->pt_y = calloc((size_t)r->n_points + 1, sizeof *r->pt_y);
    r->pt_settlements = calloc((size_t)r->n_points + 1, sizeof *r->pt_settlements);
    r->pt_population = calloc((size_t)r->n_points + 1, sizeof *r->pt_population);
    if (!st && (!r->pt_x || !r->pt_y || !r->pt_settlements || !r->pt_population))
        st = NOMEM(ctx);
    int *idx = st ? NULL : malloc(((size_t)r->n_points + 1) * sizeof *idx);
    if (!st && !idx)
        st = NOMEM(ctx);
    int q = 0;
    for (int j = 0; !st && j < m; j++)
        if (ch[j]) {
            r->pt_x[q] = cx[j];
            r->pt_y[q] = cy[j];
            idx[q++] = j;
        }
    r->cover_population = 0;
    r->n_uncovered = 0;
    for (int i = 0; !st && i < n; i++) {
        int first = -1;
        for (int p = 0; p < r->n_points && first < 0; p++)
            if (cov[(size_t)i * m + idx[p]])
                first = p;
        if (first < 0) {
            r->n_uncovered++;
            continue;
        }
        r->pt_settlements[first]++;
        r->pt_population[first] += pop[i];
        r->cover_population += pop[i];
    }
    free(idx);
    free(from_first);
    free(per_edge);
    free(ce);
    free(co);
    free(cx);
    free(cy);
    free(sn);
    free(all);
    free(sa);
    free(pop);
    free(D);
    free(cov);
    free(ch);
    return st;
}

static void run_free(gt_context *ctx, gt__network_run *r)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    gt__network_demand_free(r->demand, r->n_demand);
    for (int i = 0; i < r->n_treatment; i++)
        free(r->treatment[i].id);
    free(r->treatment);
    for (int i = 0; i < r->n_cand; i++)
        free(r->cand[i].id);
    free(r->cand);
    for (int i = 0; i < r->n_service; i++)
        GEOSGeom_destroy_r(h, r->service[i]);
    free(r->service);
    free(r->service_min);
    free(r->service_site);
    free(r->node_dist_m);
    free(r->node_time_s);
    free(r->node_treatment);
    free(r->edge_tonnes);
    free(r->open);
    free(r->station_dist_m);
    free(r->station_time_s);
    free(r->pt_x);
    free(r->pt_y);
    free(r->pt_settlements);
    free(r->pt_population);
    gt__network_free(ctx, r->net);
    gt__features_free(ctx, r->roads);
    gt__features_free(ctx, r->communes);
    gt__features_free(ctx, r->residential);
    gt__features_free(ctx, r->settlements_f);
    gt__speed_profile_free(&r->speeds);
    if (r->srs)
        OSRDestroySpatialReference(r->srs);
}

/* The study area as one geometry and its extent grown by the access limit. */
static gt_status study_area(gt_context *ctx, gt__network_run *r, GEOSGeometry **area,
                            double aoi[4])
{
    GEOSContextHandle_t h = gt__geos(ctx);
    gt__features *f = NULL;
    gt_status st = gt__vector_load(ctx, &r->s->base->study_area, r->srs, NULL, &f);
    if (st)
        return st;
    if (f->n == 0) {
        gt__features_free(ctx, f);
        return gt__error(ctx, GT_ERR_INPUT_EXTENT, "study_area: the layer has no features");
    }
    GEOSGeometry **gs = malloc((size_t)f->n * sizeof *gs);
    for (int i = 0; gs && i < f->n; i++)
        gs[i] = GEOSGeom_clone_r(h, f->geoms[i]);
    GEOSGeometry *coll =
        gs ? GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, gs, (unsigned)f->n) : NULL;
    free(gs);
    *area = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
    if (coll)
        GEOSGeom_destroy_r(h, coll);
    gt__features_free(ctx, f);
    if (!*area)
        return GT_GEOS_FAIL(ctx, "study area");
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(h, *area, &x0);
    GEOSGeom_getYMin_r(h, *area, &y0);
    GEOSGeom_getXMax_r(h, *area, &x1);
    GEOSGeom_getYMax_r(h, *area, &y1);
    double g = r->s->access_limit_m;
    aoi[0] = x0 - g;
    aoi[1] = y0 - g;
    aoi[2] = x1 + g;
    aoi[3] = y1 + g;
    return GT_OK;
}

static gt_status build_network(gt_context *ctx, gt__network_run *r, const double aoi[4])
{
    const gt__network_scenario *s = r->s;
    gt_status st = load_layer(ctx, r, s->roads_layer, aoi, &r->roads);
    if (st)
        return st;
    if (r->roads->n == 0)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "layers.%s: none of its %d features is within %.0f m of the study area "
                         "(disjoint extents; is the CRS right?)",
                         s->roads_layer, r->roads->n_read, s->access_limit_m);
    gt__speed_warn_unlisted(ctx, r->roads, &r->speeds);
    gt__network_opts o = {.snap_m = s->snap_m, .speed_kmh = gt__speed_lookup,
                          .speed_arg = &r->speeds};
    st = gt__network_build(ctx, r->roads, &o, &r->net);
    if (st)
        return st;
    double total = 0;
    for (int e = 0; e < r->net->n_edges; e++)
        total += r->net->length_m[e];
    gt__log(ctx, GT_LOG_INFO,
            "network: %d nodes, %d edges, %.1f km from %d road features (%d of a class without "
            "a speed); %d gaps under %g m joined",
            r->net->n_nodes, r->net->n_edges, total / 1000, r->net->n_features_used,
            r->net->n_features_skipped, r->net->n_snapped, s->snap_m);
    for (int k = 0; k < r->net->n_pieces && k < 10; k++)
        gt__log(ctx, GT_LOG_WARNING,
                "network: a piece of %.1f km (%d edges, features %s, near %.0f, %.0f) does not "
                "connect to the main network and is left out",
                r->net->pieces[k].length_m / 1000, r->net->pieces[k].n_edges,
                r->net->pieces[k].feature_ids ? r->net->pieces[k].feature_ids : "?",
                r->net->pieces[k].x, r->net->pieces[k].y);
    if (r->net->n_pieces > 10)
        gt__log(ctx, GT_LOG_WARNING, "network: %d more pieces left out (%.1f km in all)",
                r->net->n_pieces - 10, r->net->dropped_length_m / 1000);
    return GT_OK;
}

/* The stages in order; long because it is one list of steps, each
 * checked. */
static gt_status run(gt_context *ctx, gt__network_run *r, const gt__progress *prog)
{
    const gt__network_scenario *s = r->s;
    const gt_network_options *o = r->o;
    if (!(r->srs = gt__srs_create(ctx, s->base->crs)))
        return gt_context_status(ctx);
    if (!OSRIsProjected(r->srs))
        return gt__error(ctx, GT_ERR_INPUT_CRS, "%s: crs: '%s' is not a projected (metric) CRS",
                         s->base->yaml.file, s->base->crs);
    gt_status st = gt__speed_profile_load(ctx, s->speeds_name, s->base->dir, &r->speeds);
    GEOSGeometry *area = NULL;
    double aoi[4];
    if (!st)
        st = study_area(ctx, r, &area, aoi);
    if (!st && !gt__progress_report(ctx, prog, 0.05, "road network"))
        st = gt_context_status(ctx);
    if (!st)
        st = build_network(ctx, r, aoi);
    if (!st)
        st = load_layer(ctx, r, s->demand_layer, aoi, &r->communes);
    if (!st && r->communes->n == 0)
        st = gt__error(ctx, GT_ERR_INPUT_EXTENT, "demand.layer: '%s' has no feature in the study "
                       "area", s->demand_layer);
    if (!st && s->residential_layer)
        st = load_layer(ctx, r, s->residential_layer, aoi, &r->residential);
    if (!st)
        st = make_demand(ctx, r);
    if (!st)
        st = load_facilities(ctx, r, &s->treatment, "treatment", aoi, false, &r->treatment,
                             &r->n_treatment);
    if (!st && !gt__progress_report(ctx, prog, 0.3, "haul to treatment"))
        st = gt_context_status(ctx);
    if (!st)
        st = haul_direct(ctx, r);
    if (!st)
        st = service_areas(ctx, r, area);
    int p = o->stations ? o->stations : s->p;
    gt__solver solver = s->solver;
    if (o->solver)
        solver = !strcmp(o->solver, "exact")       ? GT__SOLVER_EXACT
                 : !strcmp(o->solver, "heuristic") ? GT__SOLVER_HEURISTIC
                                                   : GT__SOLVER_AUTO;
    if (!st && o->stations && !s->has_stations)
        st = gt__error(ctx, GT_ERR_USAGE,
                       "--stations: the scenario has no `transfer_stations:` block (candidates)");
    if (!st && s->has_stations) {
        if (!gt__progress_report(ctx, prog, 0.5, "transfer stations"))
            st = gt_context_status(ctx);
        if (!st)
            st = load_facilities(ctx, r, &s->stations, "transfer_stations.candidates", aoi,
                                 true, &r->cand, &r->n_cand);
        if (!st && p > r->n_cand)
            st = gt__error(ctx, o->stations ? GT_ERR_USAGE : GT_ERR_SCENARIO,
                           "%s: %d transfer stations asked for, but there are only %d "
                           "candidates (%s)",
                           o->stations ? "--stations" : "transfer_stations.p", p, r->n_cand,
                           s->stations.origin);
        if (!st)
            st = choose_stations(ctx, r, p, solver);
        if (!st)
            st = station_loads(ctx, r);
    }
    if (!st && s->has_collection) {
        if (!gt__progress_report(ctx, prog, 0.7, "collection points"))
            st = gt_context_status(ctx);
        if (!st)
            st = load_layer(ctx, r, s->settlement_layer, aoi, &r->settlements_f);
        /* validation: no settlement, no collection point: an empty answer
         * the scenario's question does not allow. */
        if (!st && r->settlements_f->n == 0)
            st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                           "collection_points.settlements: '%s' has no feature in the study "
                           "area",
                           s->settlement_layer);
        if (!st)
            st = collection_points(ctx, r);
    }
    if (area)
        GEOSGeom_destroy_r(gt__geos(ctx), area);
    return st;
}

static void log_summary(gt_context *ctx, const gt__network_run *r)
{
    double tonnes = 0;
    for (int i = 0; i < r->n_demand; i++)
        tonnes += r->demand[i].tonnes_day;
    gt__log(ctx, GT_LOG_INFO,
            "demand: %d communes, %.1f t/day; direct haul to %d treatment site(s): %.0f t-km/day",
            r->n_demand, tonnes, r->n_treatment, r->tkm_direct);
    if (r->n_open) {
        double eq = 0;
        for (int i = 0; i < r->n_demand; i++)
            eq += r->demand[i].saved_tkm;
        gt__log(ctx, GT_LOG_INFO,
                "transfer stations: %d chosen of %d candidates (%s); %.0f t-km/day travelled, "
                "%.0f t-km/day of collection-truck haul saved%s",
                r->n_open, r->n_cand, r->solver_used, r->tkm_with_stations, eq,
                isnan(r->gap_pct) ? "" : "");
        if (!isnan(r->gap_pct))
            gt__log(ctx, GT_LOG_INFO,
                    "transfer stations: vertex substitution %.2f, GLPK %.2f (%s): gap %.3f %%",
                    r->obj_heuristic, r->obj_exact, r->exact_status, r->gap_pct);
    }
    if (r->s->has_collection)
        gt__log(ctx, GT_LOG_INFO,
                "collection points: %d (%s) within %g m of %d of %d settlements (%d beyond "
                "reach of any road)",
                r->n_points, r->cover_solver, r->s->walk_m, r->n_settlements - r->n_uncovered,
                r->n_settlements, r->n_uncovered);
}

gt_status gt_network_check(gt_context *ctx, const char *path, const char *const *overrides)
{
    gt_network_options o = {.scenario = path};
    gt__network_scenario *s = NULL;
    gt__progress prog = {NULL, NULL, 0, 1};
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    /* One validation path: the run's own stages, then nothing written. */
    gt_status st = gt__network_scenario_load(ctx, path, overrides, &s);
    gt__network_run r = {.s = s, .o = &o};
    if (!st)
        st = run(ctx, &r, &prog);
    if (s)
        run_free(ctx, &r);
    gt__network_scenario_free(s);
    gt__gdal_log_pop();
    return st;
}

gt_status gt_network_run(gt_context *ctx, const gt_network_options *o)
{
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    gt__network_scenario *s = NULL;
    gt_status st = gt__network_scenario_load(ctx, o->scenario, o->overrides, &s);
    gt__network_run r = {.s = s, .o = o};
    gt__progress prog = {o->progress, o->progress_arg, 0, 1};
    if (!st)
        st = run(ctx, &r, &prog);
    if (!st && !gt__progress_report(ctx, &prog, 0.85, "writing"))
        st = gt_context_status(ctx);
    /* Every output of the run (GeoPackage, sheets, report) is committed
     * together, or none is (docs/exit-codes.md). */
    bool staged = false;
    if (!st)
        staged = !(st = gt__outputs_begin(ctx));
    if (!st)
        st = gt__network_write(ctx, &r);
    /* The sheets and report are `gistool map` and `gistool report` of the
     * GeoPackage just written (extras.c). */
    if (!st && s && o->no_maps)
        s->base->out_maps = false;
    if (!st)
        st = gt__out_extras(ctx, s->base, o->output ? o->output : s->base->out_gpkg);
    if (staged)
        st = gt__outputs_end(ctx, st);
    if (!st) {
        log_summary(ctx, &r);
        gt__progress_report(ctx, &prog, 1.0, "done");
    }
    if (s)
        run_free(ctx, &r);
    gt__network_scenario_free(s);
    gt__gdal_log_pop();
    return st;
}
