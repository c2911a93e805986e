/*
 * network_scenario.c: the keys of a `gistool network` scenario
 * (docs/network.md) and the road speed profile. The keys it shares with
 * site and rank scenarios (name, crs, study_area, layers, outputs) are read
 * by scenario.c's functions into a gt_scenario; the rest here, with the
 * same file:line:col messages. SPDX-License-Identifier: MIT
 */
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/text_fold.h"
#include "gistool/network_stages.h"

static const char *const top_keys[] = {"name",   "crs",     "study_area",         "layers",
                                       "network", "demand", "treatment",          "service_areas",
                                       "transfer_stations", "collection_points", "outputs",
                                       NULL};
static const char *const network_keys[] = {"roads",           "speeds",           "snap_m",
                                           "access_limit_m",  "access_speed_kmh", NULL};
static const char *const demand_keys[] = {"layer", "urban_prefixes", "kg_per_person_day",
                                          "residential", NULL};
static const char *const rate_keys[] = {"urban", "rural", NULL};
static const char *const facility_keys[] = {"layer", "site_run", "best", NULL};
static const char *const service_keys[] = {"isochrones_min", "buffer_m", NULL};
static const char *const station_keys[] = {"candidates",      "p",           "max_haul_min",
                                           "capacity_t_day",  "transfer_factor", "solver",
                                           "exact_time_s",    "exact_max_pairs", NULL};
static const char *const collection_keys[] = {"settlements", "max_distance_m", "k", "spacing_m",
                                              NULL};
static const char *const output_keys[] = {"gpkg", "maps", "report", "lang", NULL};

/* A number within [lo, hi] (whole when `whole`), or the message. */
static gt_status number(const gt__yaml *y, struct fy_node *map, const char *key, double lo,
                        double hi, bool whole, double *out)
{
    struct fy_node *v = gt__yaml_get(map, key);
    if (!v)
        return GT_OK;
    double x;
    gt_status st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &x);
    if (st)
        return st;
    if (!(x >= lo && x <= hi) || (whole && x != floor(x)))
        return gt__yaml_error(y, v, GT_ERR_SCENARIO, "%s must be %s%g to %g (got %g)", key,
                              whole ? "a whole number, " : "", lo, hi, x);
    *out = x;
    return GT_OK;
}

static gt_status string(const gt__yaml *y, struct fy_node *map, const char *key, char **out)
{
    struct fy_node *v = gt__yaml_get(map, key);
    if (!v)
        return GT_OK;
    free(*out);
    *out = NULL;
    return gt__yaml_string(y, v, GT_ERR_SCENARIO, out);
}

/* A scenario layer named by a key must exist. */
static gt_status need_layer(const gt__network_scenario *ns, struct fy_node *at, const char *key,
                            const char *name)
{
    if (gt__scenario_layer(ns->base, name))
        return GT_OK;
    gt__sbuf b = {0};
    for (int i = 0; i < ns->base->n_layers; i++)
        gt__sbuf_add(&b, "%s%s", i ? ", " : "", ns->base->layers[i].name);
    gt_status st = gt__yaml_error(&ns->base->yaml, at, GT_ERR_SCENARIO,
                                  "%s: no layer '%s' under `layers:` (it has: %s)", key, name,
                                  b.s ? b.s : "none");
    free(b.s);
    return st;
}

static gt_status parse_network(gt__network_scenario *ns, struct fy_node *root,
                               const char *default_roads)
{
    const gt__yaml *y = &ns->base->yaml;
    struct fy_node *n = gt__yaml_get(root, "network");
    ns->roads_layer = gt__strdup(y->ctx, default_roads);
    ns->speeds_name = gt__strdup(y->ctx, "road-speeds");
    ns->snap_m = 20;
    ns->access_limit_m = 5000;
    ns->access_speed_kmh = 15;
    if (!ns->roads_layer || !ns->speeds_name)
        return GT_ERR_NOMEM;
    gt_status st = GT_OK;
    if (n && (st = gt__yaml_check_map(y, n, network_keys, GT_ERR_SCENARIO)))
        return st;
    if (n && ((st = string(y, n, "roads", &ns->roads_layer)) ||
              (st = string(y, n, "speeds", &ns->speeds_name)) ||
              (st = number(y, n, "snap_m", 0, 1000, false, &ns->snap_m)) ||
              (st = number(y, n, "access_limit_m", 1, 1e6, false, &ns->access_limit_m)) ||
              (st = number(y, n, "access_speed_kmh", 1, 200, false, &ns->access_speed_kmh))))
        return st;
    return need_layer(ns, n ? n : root, "network.roads", ns->roads_layer);
}

/* Defaults: MONRE's National State of Environment Report 2019 counts
 * 35,624 t/day of urban and 28,394 t/day of rural household waste; over the
 * 2019 census's 33.1 million urban and 63.1 million rural people that is
 * 1.08 and 0.45 kg per person and day (docs/network.md). */
static gt_status parse_demand(gt__network_scenario *ns, struct fy_node *root)
{
    const gt__yaml *y = &ns->base->yaml;
    struct fy_node *n = gt__yaml_get(root, "demand"), *v;
    ns->kg_urban = 1.08;
    ns->kg_rural = 0.45;
    if (!n)
        return gt__yaml_error(y, root, GT_ERR_SCENARIO,
                              "the scenario needs `demand: {layer: NAME}` (communes with "
                              "population)");
    gt_status st = gt__yaml_check_map(y, n, demand_keys, GT_ERR_SCENARIO);
    if (st || (st = string(y, n, "layer", &ns->demand_layer)))
        return st;
    if (!ns->demand_layer)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO, "`demand:` needs `layer:`");
    if ((st = need_layer(ns, n, "demand.layer", ns->demand_layer)))
        return st;
    const gt__layer_spec *l = gt__scenario_layer(ns->base, ns->demand_layer);
    if (!l->population_field)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "demand.layer: layer '%s' needs `population_field:`", l->name);
    if ((v = gt__yaml_get(n, "urban_prefixes"))) {
        if ((st = gt__yaml_strings(y, v, GT_ERR_SCENARIO, &ns->urban_prefixes,
                                   &ns->n_urban_prefixes)))
            return st;
        /* An empty prefix begins every name: every commune urban. */
        for (int k = 0; k < ns->n_urban_prefixes; k++)
            if (!ns->urban_prefixes[k][strspn(ns->urban_prefixes[k], " \t")])
                return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                      "prefix %d is empty; it would "
                                      "match every commune name and make every commune urban",
                                      k + 1);
        if (!l->class_field)
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "layer '%s' needs `class_field:` (the "
                                  "commune name the prefixes are matched against)",
                                  l->name);
    }
    if ((v = gt__yaml_get(n, "kg_per_person_day"))) {
        if ((st = gt__yaml_check_map(y, v, rate_keys, GT_ERR_SCENARIO)) ||
            (st = number(y, v, "urban", 0, 10, false, &ns->kg_urban)) ||
            (st = number(y, v, "rural", 0, 10, false, &ns->kg_rural)))
            return st;
        /* A rate of 0 leaves no waste to haul: every choice would tie. */
        if (!(ns->kg_urban > 0) || !(ns->kg_rural > 0))
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "urban and rural must be above 0 (got %g "
                                  "and %g): with no waste to haul, every choice of stations ties",
                                  ns->kg_urban, ns->kg_rural);
        /* National means run from 0.11 to 4.54 kg a person a day (What a
         * Waste 2.0, World Bank 2018); outside 0.1 to 5 a rate is a wrong
         * unit (g, t) or a typo (docs/network.md). */
        static const char *const which[2] = {"urban", "rural"};
        const double rate[2] = {ns->kg_urban, ns->kg_rural};
        for (int k = 0; k < 2; k++)
            if (!(rate[k] >= GT__KG_PER_PERSON_DAY_MIN && rate[k] <= GT__KG_PER_PERSON_DAY_MAX))
                return gt__yaml_error(y, gt__yaml_get(v, which[k]), GT_ERR_SCENARIO,
                                      "%g kg a person a day is outside %g to %g "
                                      "(national means worldwide: 0.11 to 4.54, What a "
                                      "Waste 2.0; a wrong unit?)",
                                      rate[k], GT__KG_PER_PERSON_DAY_MIN,
                                      GT__KG_PER_PERSON_DAY_MAX);
    }
    /* Residential polygons: each commune's demand split over those inside
     * it by area (gt__network_demand). */
    if ((st = string(y, n, "residential", &ns->residential_layer)))
        return st;
    if (ns->residential_layer &&
        (st = need_layer(ns, gt__yaml_get(n, "residential"), "demand.residential",
                         ns->residential_layer)))
        return st;
    return GT_OK;
}

static gt_status parse_facility(gt__network_scenario *ns, struct fy_node *n, const char *key,
                                gt__facility_source *f)
{
    const gt__yaml *y = &ns->base->yaml;
    gt_status st = gt__yaml_check_map(y, n, facility_keys, GT_ERR_SCENARIO);
    double best = 3;
    if (st || (st = string(y, n, "layer", &f->layer)) ||
        (st = string(y, n, "site_run", &f->run)) ||
        (st = number(y, n, "best", 1, 10000, true, &best)))
        return st;
    f->best = (int)best;
    int line, col;
    gt__yaml_pos(n, &line, &col);
    f->origin = gt__asprintf("%s:%d", y->file, line);
    if (!f->layer == !f->run)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "give either `layer:` (points or polygons of the scenario) or "
                              "`site_run:` (the GeoPackage of a `gistool site` run)");
    if (f->layer)
        return need_layer(ns, n, key, f->layer);
    return GT_OK;
}

static gt_status parse_treatment(gt__network_scenario *ns, struct fy_node *root)
{
    const gt__yaml *y = &ns->base->yaml;
    struct fy_node *n = gt__yaml_get(root, "treatment"), *v;
    if (!n)
        return gt__yaml_error(y, root, GT_ERR_SCENARIO,
                              "the scenario needs `treatment:` (a layer of treatment sites, or "
                              "`site_run:` with the best parcels of a site run)");
    gt_status st = parse_facility(ns, n, "treatment", &ns->treatment);
    if (st)
        return st;
    ns->isochrones_min[0] = 15;
    ns->isochrones_min[1] = 30;
    ns->isochrones_min[2] = 60;
    ns->n_isochrones = 3;
    ns->service_buffer_m = 1000;
    struct fy_node *s = gt__yaml_get(root, "service_areas");
    if (!s)
        return GT_OK;
    if ((st = gt__yaml_check_map(y, s, service_keys, GT_ERR_SCENARIO)) ||
        (st = number(y, s, "buffer_m", 1, 50000, false, &ns->service_buffer_m)))
        return st;
    if ((v = gt__yaml_get(s, "isochrones_min"))) {
        if (!fy_node_is_sequence(v) || fy_node_sequence_item_count(v) < 1 ||
            fy_node_sequence_item_count(v) > 8)
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "isochrones_min: a list of 1 to 8 times in minutes");
        ns->n_isochrones = 0;
        void *it = NULL;
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(v, &it))) {
            double x;
            if ((st = gt__yaml_number(y, item, GT_ERR_SCENARIO, &x)))
                return st;
            if (!(x > 0 && x <= 1440) ||
                (ns->n_isochrones && x <= ns->isochrones_min[ns->n_isochrones - 1]))
                return gt__yaml_error(y, item, GT_ERR_SCENARIO,
                                      "isochrones_min: increasing times, 0 to 1440 minutes");
            ns->isochrones_min[ns->n_isochrones++] = x;
        }
    }
    return GT_OK;
}

static gt_status parse_stations(gt__network_scenario *ns, struct fy_node *root)
{
    const gt__yaml *y = &ns->base->yaml;
    struct fy_node *n = gt__yaml_get(root, "transfer_stations"), *v;
    ns->transfer_factor = 0.35;
    ns->exact_time_s = 30;
    ns->exact_max_pairs = 40000;
    if (!n)
        return GT_OK;
    ns->has_stations = true;
    gt_status st = gt__yaml_check_map(y, n, station_keys, GT_ERR_SCENARIO);
    if (st)
        return st;
    if (!(v = gt__yaml_get(n, "candidates")))
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "transfer_stations needs `candidates:` (`layer:` or `site_run:`)");
    if ((st = parse_facility(ns, v, "transfer_stations.candidates", &ns->stations)))
        return st;
    double p = 0, pairs = (double)ns->exact_max_pairs;
    ns->max_haul_min = 0;
    if ((st = number(y, n, "p", 1, 1000, true, &p)) ||
        (st = number(y, n, "max_haul_min", 1, 1440, false, &ns->max_haul_min)) ||
        (st = number(y, n, "capacity_t_day", 0.001, 1e6, false, &ns->capacity_t_day)) ||
        (st = number(y, n, "transfer_factor", 0, 1, false, &ns->transfer_factor)) ||
        (st = number(y, n, "exact_time_s", 1, 3600, false, &ns->exact_time_s)) ||
        (st = number(y, n, "exact_max_pairs", 1, 1e7, true, &pairs)))
        return st;
    ns->p = (int)p;
    ns->exact_max_pairs = (long)pairs;
    if (!ns->p == !(ns->max_haul_min > 0))
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "give either `p:` (how many stations) or "
                              "`max_haul_min:` (the fewest stations within that time of every "
                              "commune)");
    if ((v = gt__yaml_get(n, "solver"))) {
        char *s = NULL;
        if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s)))
            return st;
        ns->solver = !strcmp(s, "auto")        ? GT__SOLVER_AUTO
                     : !strcmp(s, "exact")     ? GT__SOLVER_EXACT
                     : !strcmp(s, "heuristic") ? GT__SOLVER_HEURISTIC
                                               : (gt__solver)-1;
        free(s);
        if ((int)ns->solver < 0)
            return gt__yaml_error(y, v, GT_ERR_SCENARIO, "solver is auto, exact or heuristic");
    }
    return GT_OK;
}

static gt_status parse_collection(gt__network_scenario *ns, struct fy_node *root)
{
    const gt__yaml *y = &ns->base->yaml;
    struct fy_node *n = gt__yaml_get(root, "collection_points");
    ns->walk_m = 500;
    ns->spacing_m = 250;
    if (!n)
        return GT_OK;
    ns->has_collection = true;
    double k = 0;
    gt_status st = gt__yaml_check_map(y, n, collection_keys, GT_ERR_SCENARIO);
    if (st || (st = string(y, n, "settlements", &ns->settlement_layer)) ||
        (st = number(y, n, "max_distance_m", 1, 100000, false, &ns->walk_m)) ||
        (st = number(y, n, "k", 1, 100000, true, &k)) ||
        (st = number(y, n, "spacing_m", 10, 100000, false, &ns->spacing_m)))
        return st;
    ns->k = (int)k;
    if (!ns->settlement_layer && !(ns->settlement_layer = gt__strdup(y->ctx, ns->demand_layer)))
        return GT_ERR_NOMEM;
    return need_layer(ns, n, "collection_points.settlements", ns->settlement_layer);
}

static gt_status parse(gt__network_scenario *ns)
{
    gt_scenario *s = ns->base;
    const gt__yaml *y = &s->yaml;
    struct fy_node *root = gt__yaml_root(y), *v;
    gt_status st = gt__yaml_check_map(y, root, top_keys, GT_ERR_SCENARIO);
    if (!st)
        st = gt__scenario_parse_name_crs(s, root, "a metric working CRS, e.g. EPSG:32648");
    if (!st)
        st = gt__scenario_parse_study_area(s, root);
    if (!st) {
        if (!(v = gt__yaml_get(root, "layers")))
            st = gt__yaml_error(y, root, GT_ERR_SCENARIO,
                                "the scenario needs `layers:` (roads and communes at least)");
        else
            st = gt__scenario_parse_layers(s, v);
    }
    if (!st)
        st = parse_network(ns, root, "roads");
    if (!st)
        st = parse_demand(ns, root);
    if (!st)
        st = parse_treatment(ns, root);
    if (!st)
        st = parse_stations(ns, root);
    if (!st)
        st = parse_collection(ns, root);
    if (!st)
        st = gt__scenario_parse_outputs(s, root, output_keys,
                                        "the scenario needs `outputs: {gpkg: path}`", "-", NULL);
    return st;
}

gt_status gt__network_scenario_load(gt_context *ctx, const char *path,
                                    const char *const *overrides, gt__network_scenario **out)
{
    *out = NULL;
    gt__network_scenario *ns = gt__calloc(ctx, 1, sizeof *ns);
    gt_scenario *s = ns ? gt__calloc(ctx, 1, sizeof *s) : NULL;
    if (!s) {
        free(ns);
        return GT_ERR_NOMEM;
    }
    ns->base = s;
    gt_status st = gt__yaml_load(ctx, path, GT_ERR_SCENARIO, &s->yaml);
    if (!st) {
        char *tmp = gt__strdup(ctx, path);
        s->dir = tmp ? gt__strdup(ctx, dirname(tmp)) : NULL;
        free(tmp);
        if (!s->dir)
            st = GT_ERR_NOMEM;
    }
    for (int i = 0; !st && overrides && overrides[i]; i++)
        st = gt__yaml_override(&s->yaml, overrides[i]);
    if (!st)
        st = parse(ns);
    if (st) {
        gt__network_scenario_free(ns);
        return st;
    }
    *out = ns;
    return GT_OK;
}

gt_status gt__network_haul_parse(gt_scenario *base, struct fy_node *n, const char *roads,
                                 gt__network_scenario **out)
{
    const gt__yaml *y = &base->yaml;
    *out = NULL;
    gt__network_scenario *ns = gt__calloc(y->ctx, 1, sizeof *ns);
    if (!ns)
        return GT_ERR_NOMEM;
    ns->base = base;
    struct fy_node *net = gt__yaml_get(n, "network"), *v;
    gt_status st = GT_OK;
    if (net && (v = gt__yaml_get(net, "roads")))
        st = gt__yaml_error(y, v, GT_ERR_SCENARIO,
                            "a haul factor's roads are its `layer:`, not network.roads");
    if (!st)
        st = parse_network(ns, n, roads);
    if (!st && !gt__yaml_get(n, "demand"))
        st = gt__yaml_error(y, n, GT_ERR_SCENARIO,
                            "a haul factor needs `demand: {layer: NAME}` (communes with "
                            "population), as in a network scenario");
    if (!st)
        st = parse_demand(ns, n);
    if (st) {
        gt__network_haul_free(ns);
        return st;
    }
    *out = ns;
    return GT_OK;
}

void gt__network_haul_free(gt__network_scenario *ns)
{
    if (ns)
        ns->base = NULL; /* borrowed */
    gt__network_scenario_free(ns);
}

static void facility_source_free(gt__facility_source *f)
{
    free(f->layer);
    free(f->run);
    free(f->origin);
}

void gt__network_scenario_free(gt__network_scenario *ns)
{
    if (!ns)
        return;
    gt_scenario_destroy(ns->base);
    free(ns->roads_layer);
    free(ns->speeds_name);
    free(ns->demand_layer);
    free(ns->residential_layer);
    gt__strv_free(ns->urban_prefixes);
    facility_source_free(&ns->treatment);
    facility_source_free(&ns->stations);
    free(ns->stations_origin);
    free(ns->settlement_layer);
    free(ns);
}

/* --- the speed profile ------------------------------------------------------ */

gt_status gt__speed_profile_load(gt_context *ctx, const char *name_or_path, const char *base_dir,
                                 gt__speed_profile *out)
{
    memset(out, 0, sizeof *out);
    char *path = gt__profile_path(ctx, name_or_path, base_dir);
    if (!path)
        return gt_context_status(ctx);
    out->path = path;
    gt__yaml y;
    gt_status st = gt__yaml_load(ctx, path, GT_ERR_PROFILE, &y);
    if (st) {
        gt__error_recode(ctx, GT_ERR_PROFILE);
        return GT_ERR_PROFILE;
    }
    static const char *const keys[] = {"id",          "title",   "default_kmh", "status",
                                       "legal_maximum", "classes", NULL};
    struct fy_node *root = gt__yaml_root(&y), *v;
    st = gt__yaml_check_map(&y, root, keys, GT_ERR_PROFILE);
    if (!st && (v = gt__yaml_get(root, "id")))
        st = gt__yaml_string(&y, v, GT_ERR_PROFILE, &out->id);
    if (!st && (v = gt__yaml_get(root, "title")))
        st = gt__yaml_string(&y, v, GT_ERR_PROFILE, &out->title);
    if (!st && (v = gt__yaml_get(root, "status")))
        st = gt__yaml_string(&y, v, GT_ERR_PROFILE, &out->status);
    if (!st && (v = gt__yaml_get(root, "default_kmh")))
        st = gt__yaml_number(&y, v, GT_ERR_PROFILE, &out->default_kmh);
    if (!st && !(out->default_kmh >= 0 && out->default_kmh <= 200))
        st = gt__yaml_error(&y, v, GT_ERR_PROFILE, "default_kmh: 0 to 200 km/h");
    struct fy_node *c = st ? NULL : gt__yaml_get(root, "classes");
    if (!st && (!c || !fy_node_is_mapping(c)))
        st = gt__yaml_error(&y, root, GT_ERR_PROFILE,
                            "a speed profile needs `classes:` (road class: km/h)");
    if (!st) {
        int n = fy_node_mapping_item_count(c);
        out->cls = calloc((size_t)n + 1, sizeof *out->cls);
        out->kmh = calloc((size_t)n + 1, sizeof *out->kmh);
        if (!out->cls || !out->kmh)
            st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        void *it = NULL;
        struct fy_node_pair *p;
        while (!st && (p = fy_node_mapping_iterate(c, &it))) {
            const char *name = fy_node_get_scalar0(fy_node_pair_key(p));
            double kmh;
            if ((st = gt__yaml_number(&y, fy_node_pair_value(p), GT_ERR_PROFILE, &kmh)))
                break;
            if (!(kmh >= 0 && kmh <= 200)) {
                st = gt__yaml_error(&y, fy_node_pair_value(p), GT_ERR_PROFILE,
                                    "%s: a speed of 0 to 200 km/h", name ? name : "?");
                break;
            }
            char folded[256];
            if (!name || !gt__text_fold(name, true, folded, sizeof folded)) {
                st = gt__yaml_error(&y, fy_node_pair_key(p), GT_ERR_PROFILE,
                                    "a road class name of at most 255 bytes");
                break;
            }
            out->cls[out->n] = gt__strdup(ctx, folded);
            out->kmh[out->n++] = kmh;
        }
    }
    if (!st && !out->id && !(out->id = gt__strdup(ctx, name_or_path)))
        st = GT_ERR_NOMEM;
    gt__yaml_free(&y);
    if (st)
        gt__speed_profile_free(out);
    return st;
}

void gt__speed_profile_free(gt__speed_profile *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->cls[i]);
    free(p->cls);
    free(p->kmh);
    free(p->id);
    free(p->title);
    free(p->path);
    free(p->status);
    memset(p, 0, sizeof *p);
}

/* The profile's entry for a road class, or -1: a class it does not list. */
static int speed_entry(const char *cls, const gt__speed_profile *p)
{
    char folded[256];
    if (cls && gt__text_fold(cls, true, folded, sizeof folded))
        for (int i = 0; i < p->n; i++)
            if (!strcmp(p->cls[i], folded))
                return i;
    return -1;
}

double gt__speed_lookup(const char *cls, void *profile)
{
    const gt__speed_profile *p = profile;
    int i = speed_entry(cls, p);
    return i >= 0 ? p->kmh[i] : p->default_kmh;
}

void gt__speed_warn_unlisted(gt_context *ctx, const gt__features *roads,
                             const gt__speed_profile *p)
{
    for (int i = 0; i < roads->n; i++)
        if (speed_entry(roads->classes ? roads->classes[i] : NULL, p) >= 0)
            return;
    if (roads->n > 0)
        gt__log(ctx, GT_LOG_WARNING,
                "layers.%s: none of its %d roads has a class that speed profile '%s' lists; "
                "every road takes its default_kmh (%g km/h): is `class_field:` the field of the "
                "road classes?",
                roads->name, roads->n, p->id ? p->id : "?", p->default_kmh);
}
