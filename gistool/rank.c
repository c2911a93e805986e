/*
 * rank.c: the `gistool rank` pipeline: landfill and dump remediation
 * priority, and a year-by-year plan against the 2030 targets.
 * SPDX-License-Identifier: MIT
 *
 *   scenario + risk profile ─► inventory (checked, defaults for missing)
 *     ─► receptors and pathways from the layers (population by areal
 *        weighting, exact distances, flood zone, slope, land use)
 *     ─► linkages S x P x R as % of maximum ─► worst linkage, class
 *     ─► rank ─► remediation option and cost ─► plan to 2030
 *     ─► GeoPackage (landfills, plan_by_year, provenance) + CSV
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "gistool/options.h"
#include "gistool/output.h"
#include "gistool/pipeline.h"

#define S GT_ERR_SCENARIO
#define P GT_ERR_PROFILE
#define MAXB 12
#define MAXC 8

/* ------------------------------------------------------------------ */
/* The scenario's rank keys                                             */
/* ------------------------------------------------------------------ */

/* The inventory schema (docs/rank.md). FIELD_ID must stay first. */
enum {
    F_ID,
    F_NAME,
    F_COMMUNE,
    F_TYPE,
    F_STATUS,
    F_STATUS_YEAR,
    F_AREA,
    F_VOLUME,
    F_YEARS,
    F_WASTE,
    F_LINER,
    F_COVER,
    F_LEACHATE,
    F_BURNING,
    NFIELDS
};
static const char *const schema[NFIELDS] = {
    "site_id",   "name",           "commune",    "type",  "status", "status_year", "area_ha",
    "volume_m3", "years_operated", "waste_type", "liner", "cover",  "leachate",    "burning"};

struct gt__rank_part {
    gt__layer_spec inventory;
    char *source_fields[NFIELDS]; /* NULL: the schema name */
    char *profile_name;
    int start_year, end_year;
    double annual_budget;
    int sites_per_year;
    char *out_csv;
};

void gt__rank_part_free(gt__rank_part *p)
{
    if (!p)
        return;
    gt__layer_spec_free(&p->inventory);
    for (int k = 0; k < NFIELDS; k++)
        free(p->source_fields[k]);
    free(p->profile_name);
    free(p->out_csv);
    free(p);
}

static const char *const rank_keys[] = {
    "name",   "crs",     "study_area", "inventory", "inventory_fields",
    "layers", "profile", "plan",       "outputs",   NULL};
static const char *const plan_keys[] = {"start_year", "end_year", "annual_budget", "sites_per_year",
                                        NULL};
static const char *const rank_output_keys[] = {"gpkg", "csv", "maps", "report", "lang", NULL};

static gt_status int_value(const gt__yaml *y, struct fy_node *n, int lo, int hi, int *out)
{
    double v;
    gt_status st = gt__yaml_number(y, n, S, &v);
    if (st)
        return st;
    if (v != floor(v) || v < lo || v > hi)
        return gt__yaml_error(y, n, S, "expected a whole number from %d to %d", lo, hi);
    *out = (int)v;
    return GT_OK;
}

gt_status gt__rank_parse(gt_scenario *s)
{
    const gt__yaml *y = &s->yaml;
    gt_context *ctx = y->ctx;
    struct fy_node *root = gt__yaml_root(y), *v;
    gt_status st = gt__yaml_check_map(y, root, rank_keys, S);
    if (st)
        return st;
    gt__rank_part *r = s->rank = gt__calloc(ctx, 1, sizeof *r);
    if (!r)
        return gt_context_status(ctx);
    r->start_year = 2026;
    r->end_year = 2030;
    if ((v = gt__yaml_get(root, "name")) && (st = gt__yaml_string(y, v, S, &s->name)))
        return st;
    if (!s->name && !(s->name = gt__strdup(ctx, "unnamed scenario")))
        return GT_ERR_NOMEM;
    if (!(v = gt__yaml_get(root, "crs")))
        return gt__yaml_error(y, root, S, "the scenario needs `crs:` (a metric working CRS)");
    if ((st = gt__yaml_string(y, v, S, &s->crs)))
        return st;
    if (!(v = gt__yaml_get(root, "study_area")))
        return gt__yaml_error(y, root, S, "the scenario needs `study_area:`");
    if ((st = gt__scenario_parse_layer(s, v, "study_area", &s->study_area)))
        return st;
    if ((st = gt__scenario_parse_layer(s, gt__yaml_get(root, "inventory"), "inventory",
                                       &r->inventory)))
        return st;
    if ((v = gt__yaml_get(root, "inventory_fields"))) {
        if ((st = gt__yaml_check_map(y, v, schema + 1, S)))
            return st;
        for (int k = 1; k < NFIELDS; k++) {
            struct fy_node *f = gt__yaml_get(v, schema[k]);
            if (f && (st = gt__yaml_string(y, f, S, &r->source_fields[k])))
                return st;
        }
    }
    if (r->inventory.id_field && !(r->source_fields[F_ID] = gt__strdup(ctx, r->inventory.id_field)))
        return GT_ERR_NOMEM;
    struct fy_node *layers = gt__yaml_get(root, "layers");
    if (layers && (st = gt__scenario_parse_layers(s, layers)))
        return st;
    r->profile_name = gt__strdup(ctx, "vn-spr-2026");
    if ((v = gt__yaml_get(root, "profile"))) {
        free(r->profile_name);
        if ((st = gt__yaml_string(y, v, S, &r->profile_name)))
            return st;
    }
    struct fy_node *plan = gt__yaml_get(root, "plan");
    if (plan) {
        if ((st = gt__yaml_check_map(y, plan, plan_keys, S)))
            return st;
        if ((v = gt__yaml_get(plan, "start_year")) &&
            (st = int_value(y, v, 2000, 2100, &r->start_year)))
            return st;
        if ((v = gt__yaml_get(plan, "end_year")) &&
            (st = int_value(y, v, 2000, 2100, &r->end_year)))
            return st;
        if ((v = gt__yaml_get(plan, "annual_budget")) &&
            (st = gt__yaml_number(y, v, S, &r->annual_budget)))
            return st;
        if (v && r->annual_budget < 0)
            return gt__yaml_error(y, v, S, "annual_budget must not be negative");
        if ((v = gt__yaml_get(plan, "sites_per_year")) &&
            (st = int_value(y, v, 0, 100000, &r->sites_per_year)))
            return st;
        if (r->end_year < r->start_year)
            return gt__yaml_error(y, plan, S, "end_year %d is before start_year %d", r->end_year,
                                  r->start_year);
    }
    struct fy_node *o = gt__yaml_get(root, "outputs");
    if (!o)
        return gt__yaml_error(y, root, S, "the scenario needs `outputs: {gpkg: ..., csv: ...}`");
    if ((st = gt__yaml_check_map(y, o, rank_output_keys, S)))
        return st;
    if (!(v = gt__yaml_get(o, "gpkg")))
        return gt__yaml_error(y, o, S, "`outputs:` needs `gpkg:`");
    if ((st = gt__yaml_string(y, v, S, &s->out_gpkg)))
        return st;
    if ((v = gt__yaml_get(o, "csv")) && (st = gt__yaml_string(y, v, S, &r->out_csv)))
        return st;
    return gt__parse_output_extras(s, o);
}

/* ------------------------------------------------------------------ */
/* The risk profile                                                     */
/* ------------------------------------------------------------------ */

typedef struct {
    char *key[MAXC];
    double value[MAXC];
    int n;
} cat_table;

typedef struct {
    gt_band b[MAXB];
    int n;
} band_table;

typedef struct {
    char *id, *title, *path;
    double high_min, moderate_min;
    char *def[NFIELDS]; /* defaults for missing categorical values */
    double def_depth_m, def_area_ha;
    cat_table waste, gas_waste, liner, cover, leachate, burning;
    band_table volume;
    double gw_flood, gw_other, sw_flood;
    band_table sw_dist, gas_dist, burn_dist, well_dist, prot_dist, pop500, pop2k;
    double excavate_max, excavate_water_max, water_buffer, upgrade_min, upgrade_dist;
    char *currency;
    double cost_excavate_m3, cost_cap_ha, cost_upgrade_ha;
} spr_profile;

static void cat_free(cat_table *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->key[i]);
}

static void profile_free(spr_profile *p)
{
    free(p->id);
    free(p->title);
    free(p->path);
    for (int k = 0; k < NFIELDS; k++)
        free(p->def[k]);
    cat_table *cats[] = {&p->waste, &p->gas_waste, &p->liner, &p->cover, &p->leachate, &p->burning};
    for (int i = 0; i < 6; i++)
        cat_free(cats[i]);
    free(p->currency);
}

static double cat_max(const cat_table *t)
{
    double m = 0;
    for (int i = 0; i < t->n; i++)
        m = fmax(m, t->value[i]);
    return m;
}

static double band_max(const band_table *t)
{
    double m = 0;
    for (int i = 0; i < t->n; i++)
        m = fmax(m, t->b[i].value);
    return m;
}

static const double *cat_find(const cat_table *t, const char *key)
{
    for (int i = 0; key && i < t->n; i++)
        if (!strcasecmp(t->key[i], key))
            return &t->value[i];
    return NULL;
}

static struct fy_node *need(const gt__yaml *y, struct fy_node *map, const char *key, gt_status *st)
{
    struct fy_node *v = gt__yaml_get(map, key);
    if (!v && !*st)
        *st = gt__yaml_error(y, map, P, "missing `%s`", key);
    return v;
}

static gt_status parse_cat(const gt__yaml *y, struct fy_node *n, cat_table *t)
{
    if (!n || !fy_node_is_mapping(n))
        return gt__yaml_error(y, n, P, "expected a table {value: multiplier}");
    void *it = NULL;
    struct fy_node_pair *p;
    gt_status st;
    while ((p = fy_node_mapping_iterate(n, &it))) {
        if (t->n == MAXC)
            return gt__yaml_error(y, n, P, "at most %d rows", MAXC);
        if ((st = gt__yaml_string(y, fy_node_pair_key(p), P, &t->key[t->n])))
            return st;
        if ((st = gt__yaml_number(y, fy_node_pair_value(p), P, &t->value[t->n++])))
            return st;
        if (t->value[t->n - 1] < 0 || t->value[t->n - 1] > 1)
            return gt__yaml_error(y, fy_node_pair_value(p), P, "a multiplier is from 0 to 1");
    }
    return GT_OK;
}

static gt_status parse_bands(const gt__yaml *y, struct fy_node *n, band_table *t)
{
    if (!n || !fy_node_is_sequence(n))
        return gt__yaml_error(y, n, P, "expected rows [[upper, value], ..., [.inf, value]]");
    void *it = NULL;
    struct fy_node *row;
    gt_status st;
    while ((row = fy_node_sequence_iterate(n, &it))) {
        if (t->n == MAXB)
            return gt__yaml_error(y, n, P, "at most %d rows", MAXB);
        if (!fy_node_is_sequence(row) || fy_node_sequence_item_count(row) != 2)
            return gt__yaml_error(y, row, P, "a row is [upper, value]");
        void *it2 = NULL;
        struct fy_node *u = fy_node_sequence_iterate(row, &it2);
        struct fy_node *val = fy_node_sequence_iterate(row, &it2);
        const char *us = fy_node_is_scalar(u) ? fy_node_get_scalar0(u) : "";
        if (!strcmp(us, ".inf") || !strcmp(us, "inf") || !strcmp(us, ".Inf"))
            t->b[t->n].upper = INFINITY;
        else if ((st = gt__yaml_number(y, u, P, &t->b[t->n].upper)))
            return st;
        if ((st = gt__yaml_number(y, val, P, &t->b[t->n].value)))
            return st;
        if (t->n && !(t->b[t->n].upper > t->b[t->n - 1].upper))
            return gt__yaml_error(y, row, P, "rows must be in ascending order of `upper`");
        if (t->b[t->n].value < 0 || t->b[t->n].value > 1)
            return gt__yaml_error(y, val, P, "a multiplier is from 0 to 1");
        t->n++;
    }
    if (!t->n || !isinf(t->b[t->n - 1].upper))
        return gt__yaml_error(y, n, P, "the last row must be [.inf, value]");
    return GT_OK;
}

static gt_status profile_load(gt_context *ctx, const char *name, const char *dir, spr_profile *p)
{
    memset(p, 0, sizeof *p);
    /* Risk profiles live where the constraint profiles do. */
    char *path = gt__profile_path(ctx, name, dir);
    if (!path)
        return gt_context_status(ctx);
    gt__yaml y;
    gt_status st = gt__yaml_load(ctx, path, P, &y);
    if (st == GT_ERR_INPUT_OPEN)
        st = gt__error_recode(ctx, GT_ERR_PROFILE);
    p->path = path;
    if (st) {
        gt__yaml_free(&y);
        return st;
    }
    struct fy_node *root = gt__yaml_root(&y), *v, *sec;
    static const char *const top[] = {"profile", "title",   "classes",  "defaults_for_missing",
                                      "source",  "pathway", "receptor", "options",
                                      "costs",   NULL};
    if ((st = gt__yaml_check_map(&y, root, top, P)))
        goto done;
    if ((v = gt__yaml_get(root, "profile")))
        st = gt__yaml_string(&y, v, P, &p->id);
    if (!st && (v = gt__yaml_get(root, "title")))
        st = gt__yaml_string(&y, v, P, &p->title);
    p->high_min = 70;
    p->moderate_min = 40;
    if (!st && (sec = gt__yaml_get(root, "classes"))) {
        if ((v = gt__yaml_get(sec, "high_min")))
            st = gt__yaml_number(&y, v, P, &p->high_min);
        if (!st && (v = gt__yaml_get(sec, "moderate_min")))
            st = gt__yaml_number(&y, v, P, &p->moderate_min);
    }
    if (!st && (sec = need(&y, root, "defaults_for_missing", &st))) {
        const int keys[] = {F_TYPE, F_STATUS, F_WASTE, F_LINER, F_COVER, F_LEACHATE, F_BURNING};
        for (int i = 0; i < 7 && !st; i++)
            if ((v = need(&y, sec, schema[keys[i]], &st)))
                st = gt__yaml_string(&y, v, P, &p->def[keys[i]]);
        if (!st && (v = need(&y, sec, "depth_m", &st)))
            st = gt__yaml_number(&y, v, P, &p->def_depth_m);
        if (!st && (v = need(&y, sec, "area_ha", &st)))
            st = gt__yaml_number(&y, v, P, &p->def_area_ha);
    }
    if (!st && (sec = need(&y, root, "source", &st))) {
        struct {
            const char *k;
            cat_table *t;
        } cats[] = {{"waste_type", &p->waste},  {"gas_waste", &p->gas_waste},
                    {"liner", &p->liner},       {"cover", &p->cover},
                    {"leachate", &p->leachate}, {"burning", &p->burning}};
        for (int i = 0; i < 6 && !st; i++)
            if ((v = need(&y, sec, cats[i].k, &st)))
                st = parse_cat(&y, v, cats[i].t);
        if (!st && (v = need(&y, sec, "volume_m3", &st)))
            st = parse_bands(&y, v, &p->volume);
    }
    if (!st && (sec = need(&y, root, "pathway", &st))) {
        struct fy_node *gw = need(&y, sec, "groundwater", &st);
        if (!st && (v = need(&y, gw, "in_flood_zone", &st)))
            st = gt__yaml_number(&y, v, P, &p->gw_flood);
        if (!st && (v = need(&y, gw, "otherwise", &st)))
            st = gt__yaml_number(&y, v, P, &p->gw_other);
        if (!st && (v = need(&y, sec, "surface_water_in_flood_zone", &st)))
            st = gt__yaml_number(&y, v, P, &p->sw_flood);
        if (!st && (v = need(&y, sec, "surface_water_dist_m", &st)))
            st = parse_bands(&y, v, &p->sw_dist);
        if (!st && (v = need(&y, sec, "gas_dist_residential_m", &st)))
            st = parse_bands(&y, v, &p->gas_dist);
        if (!st && (v = need(&y, sec, "burning_dist_residential_m", &st)))
            st = parse_bands(&y, v, &p->burn_dist);
    }
    if (!st && (sec = need(&y, root, "receptor", &st))) {
        if ((v = need(&y, sec, "well_dist_m", &st)))
            st = parse_bands(&y, v, &p->well_dist);
        if (!st && (v = need(&y, sec, "protected_dist_m", &st)))
            st = parse_bands(&y, v, &p->prot_dist);
        if (!st && (v = need(&y, sec, "pop_500m", &st)))
            st = parse_bands(&y, v, &p->pop500);
        if (!st && (v = need(&y, sec, "pop_2km", &st)))
            st = parse_bands(&y, v, &p->pop2k);
    }
    if (!st && (sec = need(&y, root, "options", &st))) {
        struct {
            const char *k;
            double *d;
        } nums[] = {{"excavate_max_volume_m3", &p->excavate_max},
                    {"excavate_near_water_max_volume_m3", &p->excavate_water_max},
                    {"water_buffer_m", &p->water_buffer},
                    {"upgrade_min_volume_m3", &p->upgrade_min},
                    {"upgrade_min_dist_water_m", &p->upgrade_dist}};
        for (int i = 0; i < 5 && !st; i++)
            if ((v = need(&y, sec, nums[i].k, &st)))
                st = gt__yaml_number(&y, v, P, nums[i].d);
    }
    if (!st && (sec = need(&y, root, "costs", &st))) {
        if ((v = need(&y, sec, "currency", &st)))
            st = gt__yaml_string(&y, v, P, &p->currency);
        struct {
            const char *k;
            double *d;
        } nums[] = {{"excavate_relocate_per_m3", &p->cost_excavate_m3},
                    {"close_cap_per_ha", &p->cost_cap_ha},
                    {"upgrade_sanitary_per_ha", &p->cost_upgrade_ha}};
        for (int i = 0; i < 3 && !st; i++)
            if ((v = need(&y, sec, nums[i].k, &st)))
                st = gt__yaml_number(&y, v, P, nums[i].d);
    }
    /* Every default must be a value its table knows. */
    if (!st) {
        struct {
            int f;
            cat_table *t;
        } chk[] = {{F_WASTE, &p->waste}, {F_WASTE, &p->gas_waste},   {F_LINER, &p->liner},
                   {F_COVER, &p->cover}, {F_LEACHATE, &p->leachate}, {F_BURNING, &p->burning}};
        for (int i = 0; i < 6 && !st; i++)
            if (!cat_find(chk[i].t, p->def[chk[i].f]))
                st = gt__error(ctx, P, "%s: defaults_for_missing.%s: '%s' is not in its table",
                               path, schema[chk[i].f], p->def[chk[i].f]);
    }
    if (!st && !p->id)
        p->id = gt__strdup(ctx, name);
done:
    gt__yaml_free(&y);
    return st;
}

/* ------------------------------------------------------------------ */
/* Sites                                                                */
/* ------------------------------------------------------------------ */

enum { T_UNSANITARY, T_DUMP, T_SANITARY };
static const char *const type_names[] = {"unsanitary_landfill", "spontaneous_dump",
                                         "sanitary_landfill", NULL};
enum { ST_OPERATING, ST_CLOSED, ST_REMEDIATING, ST_REMEDIATED };
static const char *const status_names[] = {"operating", "closed", "remediating", "remediated",
                                           NULL};
static const char *const waste_names[] = {"household", "hazardous", "industrial", "mixed", NULL};
static const char *const yesno_names[] = {"yes", "no", NULL};
static const char *const cover_names[] = {"none", "partial", "full", NULL};
static const char *const evidence_names[] = {"yes", "no", "unknown", NULL};
enum { L_GW, L_SW, L_GAS, L_BURN, NLINK };
static const char *const link_names[NLINK] = {"leachate_groundwater", "leachate_surface_water",
                                              "gas_residents", "burning_residents"};
enum { O_NONE, O_EXCAVATE, O_CAP, O_UPGRADE };
static const char *const option_names[] = {"none", "excavate_relocate", "close_cap",
                                           "upgrade_sanitary"};

typedef struct {
    char *v[NFIELDS]; /* normalised text values (defaults filled in) */
    const GEOSGeometry *geom;
    int type, status, status_year;
    double area_ha, volume_m3, years;
    char missing[256];
    double pop500, pop1k, pop2k, d_water, d_well, d_prot, d_res, slope;
    int in_flood;
    char landuse[64];
    double s_leach, s_gas, s_burn, p_gw, p_sw, p_gas, p_burn, r_well, r_sw, r_gas, r_burn;
    double link[NLINK];
    int worst;
    double risk;
    gt_risk_class cls;
    int rank;
    int option;
    double cost;
    int done_year, plan_year;
} site;

static int name_index(const char *const *names, const char *v)
{
    for (int i = 0; names[i]; i++)
        if (!strcasecmp(names[i], v))
            return i;
    return -1;
}

static void add_missing(site *s, const char *field)
{
    size_t l = strlen(s->missing);
    snprintf(s->missing + l, sizeof s->missing - l, "%s%s", l ? ";" : "", field);
}

/* Booleans may be written yes/no, true/false, 1/0. */
static const char *yes_no(const char *v)
{
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1"))
        return "yes";
    if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0"))
        return "no";
    return v;
}

static gt_status check_enum(gt_context *ctx, site *s, int f, const char *const *names)
{
    if (name_index(names, s->v[f]) >= 0)
        return GT_OK;
    char list[200] = "";
    for (int i = 0; names[i]; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", names[i]);
    }
    return gt__error(ctx, GT_ERR_INPUT_FIELD, "inventory: site %s: %s '%s' is not one of: %s",
                     s->v[F_ID], schema[f], s->v[f], list);
}

static gt_status number_field(gt_context *ctx, site *s, int f, double *out)
{
    *out = NAN;
    if (!s->v[f])
        return GT_OK;
    char *end;
    errno = 0;
    double x = strtod(s->v[f], &end);
    if (end == s->v[f] || *end || errno || !isfinite(x))
        return gt__error(ctx, GT_ERR_INPUT_FIELD, "inventory: site %s: %s '%s' is not a number",
                         s->v[F_ID], schema[f], s->v[f]);
    if (x < 0)
        return gt__error(ctx, GT_ERR_INPUT_FIELD,
                         "inventory: site %s: %s is negative (%s); it must be 0 or more",
                         s->v[F_ID], schema[f], s->v[f]);
    *out = x;
    return GT_OK;
}

/* Check one site's values and fill in the profile's defaults. */
static gt_status prepare_site(gt_context *ctx, const spr_profile *p, site *s, double geom_area_m2,
                              bool polygon)
{
    gt_status st;
    static const int cats[] = {F_TYPE, F_STATUS, F_WASTE, F_LINER, F_COVER, F_LEACHATE, F_BURNING};
    static const char *const *names[] = {type_names,  status_names,   waste_names,   yesno_names,
                                         cover_names, evidence_names, evidence_names};
    for (int i = 0; i < 7; i++) {
        int f = cats[i];
        if (!s->v[f]) {
            add_missing(s, schema[f]);
            if (!(s->v[f] = gt__strdup(ctx, p->def[f])))
                return gt_context_status(ctx);
        } else if (f == F_LINER || f == F_LEACHATE || f == F_BURNING) {
            char *n = gt__strdup(ctx, yes_no(s->v[f]));
            free(s->v[f]);
            s->v[f] = n;
        }
        if ((st = check_enum(ctx, s, f, names[i])))
            return st;
    }
    s->type = name_index(type_names, s->v[F_TYPE]);
    s->status = name_index(status_names, s->v[F_STATUS]);
    double year;
    if ((st = number_field(ctx, s, F_STATUS_YEAR, &year)) ||
        (st = number_field(ctx, s, F_AREA, &s->area_ha)) ||
        (st = number_field(ctx, s, F_VOLUME, &s->volume_m3)) ||
        (st = number_field(ctx, s, F_YEARS, &s->years)))
        return st;
    s->status_year = isnan(year) ? 0 : (int)year;
    if (!s->status_year && (s->status == ST_REMEDIATED || s->status == ST_CLOSED))
        add_missing(s, "status_year");
    if (isnan(s->years))
        add_missing(s, "years_operated");
    if (isnan(s->area_ha)) {
        add_missing(s, "area_ha");
        if (polygon)
            s->area_ha = geom_area_m2 / 1e4; /* from the polygon */
        else if (!isnan(s->volume_m3))
            s->area_ha = s->volume_m3 / p->def_depth_m / 1e4;
        else
            s->area_ha = p->def_area_ha;
    }
    if (isnan(s->volume_m3)) {
        add_missing(s, "volume_m3");
        s->volume_m3 = s->area_ha * 1e4 * p->def_depth_m;
    }
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* The run                                                              */
/* ------------------------------------------------------------------ */

typedef struct {
    gt_context *ctx;
    const gt_scenario *s;
    const gt__rank_part *rp;
    const gt_rank_options *o;
    spr_profile prof;
    OGRSpatialReferenceH srs;
    gt__features *study;
    GEOSGeometry *study_geom;
    gt__inventory *inv;
    site *sites;
    int n;
    gt__features *lay[8];
    int as_of;
    int start_year;
    gt_plan_year *years;
    int ny;
    double budget_needed;
    int year_unsanitary_met, year_dumps_met;
} rank_run;

enum { LY_POP, LY_WATER, LY_WELLS, LY_FLOOD, LY_LANDUSE, LY_PROTECTED, LY_RESIDENTIAL, NLY };
static const char *const layer_roles[NLY] = {
    "population", "surface_water", "wells", "flood_zone", "landuse", "protected", "residential"};

static gt_status load_inputs(rank_run *r)
{
    gt_context *ctx = r->ctx;
    const gt_scenario *s = r->s;
    gt_status st = gt__vector_load(ctx, &s->study_area, r->srs, NULL, &r->study);
    if (st)
        return st;
    if (r->study->n == 0 || r->study->max_dim != 2)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "study_area (%s): no polygons (empty study area)", s->study_area.origin);
    GEOSGeometry **parts = gt__calloc(ctx, (size_t)r->study->n, sizeof *parts);
    if (!parts)
        return gt_context_status(ctx);
    for (int i = 0; i < r->study->n; i++)
        parts[i] = GEOSGeom_clone_r(gt__geos(ctx), r->study->geoms[i]);
    GEOSGeometry *coll = GEOSGeom_createCollection_r(gt__geos(ctx), GEOS_GEOMETRYCOLLECTION, parts,
                                                     (unsigned)r->study->n);
    free(parts);
    r->study_geom = coll ? GEOSUnaryUnion_r(gt__geos(ctx), coll) : NULL;
    if (coll)
        GEOSGeom_destroy_r(gt__geos(ctx), coll);
    if (!r->study_geom)
        return GT_GEOS_FAIL(ctx, "study area union");
    const char *src[NFIELDS];
    for (int k = 0; k < NFIELDS; k++)
        src[k] = r->rp->source_fields[k] ? r->rp->source_fields[k] : schema[k];
    if ((st = gt__inventory_load(ctx, &r->rp->inventory, r->srs, schema, src, NFIELDS, &r->inv)))
        return st;
    if (r->inv->n == 0)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT, "inventory: no sites in '%s'",
                         r->rp->inventory.source);
    /* Layers, within 2 km of the study area (the largest radius). */
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(gt__geos(ctx), r->study_geom, &x0);
    GEOSGeom_getYMin_r(gt__geos(ctx), r->study_geom, &y0);
    GEOSGeom_getXMax_r(gt__geos(ctx), r->study_geom, &x1);
    GEOSGeom_getYMax_r(gt__geos(ctx), r->study_geom, &y1);
    double aoi[4] = {x0 - 5000, y0 - 5000, x1 + 5000, y1 + 5000};
    for (int k = 0; k < NLY; k++) {
        const gt__layer_spec *spec = gt__scenario_layer(s, layer_roles[k]);
        if (!spec) {
            gt__log(ctx, GT_LOG_WARNING,
                    "rank: no layer '%s': the scores that need it use their worst case",
                    layer_roles[k]);
            continue;
        }
        if ((st = gt__vector_load(ctx, spec, r->srs, aoi, &r->lay[k])))
            return st;
        if (k == LY_POP && !spec->population_field)
            return gt__error(ctx, GT_ERR_SCENARIO,
                             "layers.population (%s) needs `population_field`", spec->origin);
    }
    return GT_OK;
}

static gt_status prepare_sites(rank_run *r)
{
    gt_context *ctx = r->ctx;
    r->n = r->inv->n;
    r->sites = gt__calloc(ctx, (size_t)r->n, sizeof *r->sites);
    if (!r->sites)
        return gt_context_status(ctx);
    const GEOSPreparedGeometry *study = GEOSPrepare_r(gt__geos(ctx), r->study_geom);
    gt_status st = study ? GT_OK : GT_GEOS_FAIL(ctx, "prepare study area");
    for (int i = 0; !st && i < r->n; i++) {
        site *s = &r->sites[i];
        for (int k = 0; k < NFIELDS; k++) {
            s->v[k] = r->inv->values[(size_t)i * NFIELDS + k];
            r->inv->values[(size_t)i * NFIELDS + k] = NULL; /* the site owns them now */
        }
        s->geom = r->inv->geoms[i];
        for (int k = 0; k < i; k++)
            if (!strcmp(r->sites[k].v[F_ID], s->v[F_ID])) {
                st = gt__error(ctx, GT_ERR_INPUT_FIELD,
                               "inventory: site id '%s' appears twice (site_id must be unique)",
                               s->v[F_ID]);
                break;
            }
        if (st)
            break;
        if (GEOSPreparedIntersects_r(gt__geos(ctx), study, s->geom) != 1) {
            st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                           "inventory: site %s lies outside the study area (is its CRS right?)",
                           s->v[F_ID]);
            break;
        }
        double a = 0;
        GEOSArea_r(gt__geos(ctx), s->geom, &a);
        st = prepare_site(ctx, &r->prof, s, a,
                          GEOSGeom_getDimensions_r(gt__geos(ctx), s->geom) == 2);
    }
    if (study)
        GEOSPreparedGeom_destroy_r(gt__geos(ctx), study);
    return st;
}

/* The dominant land-use class (by area) within 500 m of the site. */
static gt_status landuse_around(gt_context *ctx, const gt__features *lu, const GEOSGeometry *g,
                                char *out, size_t size)
{
    snprintf(out, size, "%s", lu->classes ? "" : "(no class field)");
    if (!lu->classes)
        return GT_OK;
    GEOSGeometry *buf = GEOSBuffer_r(gt__geos(ctx), g, 500, 16);
    if (!buf)
        return GT_GEOS_FAIL(ctx, "buffer");
    double best = 0;
    /* Sum the area per class (classes are few; a linear scan is enough). */
    double *by = gt__calloc(ctx, (size_t)lu->n + 1, sizeof(double));
    for (int i = 0; by && i < lu->n; i++) {
        if (!lu->classes[i])
            continue;
        GEOSGeometry *x = GEOSIntersection_r(gt__geos(ctx), buf, lu->geoms[i]);
        double a = 0;
        if (x) {
            GEOSArea_r(gt__geos(ctx), x, &a);
            GEOSGeom_destroy_r(gt__geos(ctx), x);
        }
        int k = i;
        for (int j = 0; j < i; j++)
            if (lu->classes[j] && !strcmp(lu->classes[j], lu->classes[i])) {
                k = j;
                break;
            }
        by[k] += a;
        if (by[k] > best) {
            best = by[k];
            snprintf(out, size, "%s", lu->classes[k]);
        }
    }
    free(by);
    GEOSGeom_destroy_r(gt__geos(ctx), buf);
    return GT_OK;
}

static gt_status compute_receptors(rank_run *r)
{
    gt_context *ctx = r->ctx;
    gt__index *ix[NLY] = {0};
    gt_status st = GT_OK;
    for (int k = 0; k < NLY; k++)
        if (r->lay[k] && !(ix[k] = gt__index_create(ctx, r->lay[k]))) {
            st = gt_context_status(ctx);
            goto done;
        }
    const gt__layer_spec *dem = gt__scenario_layer(r->s, "dem");
    for (int i = 0; !st && i < r->n; i++) {
        site *s = &r->sites[i];
        int which;
        double *dists[] = {&s->d_water, &s->d_well, &s->d_prot, &s->d_res};
        const int roles[] = {LY_WATER, LY_WELLS, LY_PROTECTED, LY_RESIDENTIAL};
        for (int k = 0; k < 4 && !st; k++) {
            *dists[k] = NAN;
            if (ix[roles[k]])
                st = gt__index_nearest(ctx, ix[roles[k]], s->geom, dists[k], &which);
        }
        s->in_flood = -1;
        if (!st && ix[LY_FLOOD]) {
            bool in;
            if (!(st = gt__index_overlaps(ctx, ix[LY_FLOOD], s->geom, &in, &which)))
                s->in_flood = in;
        }
        s->pop500 = s->pop1k = s->pop2k = NAN;
        if (!st && r->lay[LY_POP] &&
            !(st = gt__population_within(ctx, r->lay[LY_POP], s->geom, 500, &s->pop500)) &&
            !(st = gt__population_within(ctx, r->lay[LY_POP], s->geom, 1000, &s->pop1k)))
            st = gt__population_within(ctx, r->lay[LY_POP], s->geom, 2000, &s->pop2k);
        s->landuse[0] = '\0';
        if (!st && r->lay[LY_LANDUSE])
            st = landuse_around(ctx, r->lay[LY_LANDUSE], s->geom, s->landuse, sizeof s->landuse);
        /* Slope: a 5 x 5 grid of 30 m cells centred on the site, Horn's
         * method at the centre cell. */
        s->slope = NAN;
        if (!st && dem) {
            GEOSGeometry *c = GEOSGetCentroid_r(gt__geos(ctx), s->geom);
            double x, y;
            if (c && GEOSGeomGetX_r(gt__geos(ctx), c, &x) && GEOSGeomGetY_r(gt__geos(ctx), c, &y)) {
                gt__grid g = {5, 5, x - 75, y + 75, 30};
                float z[25], sl[25];
                if (!(st = gt__raster_load(ctx, dem, &g, r->srs, z)) &&
                    !(st = gt_slope_horn(ctx, z, 5, 5, 30, 30, 0, 0, sl)))
                    s->slope = sl[12];
            }
            if (c)
                GEOSGeom_destroy_r(gt__geos(ctx), c);
        }
    }
done:
    for (int k = 0; k < NLY; k++)
        gt__index_destroy(ctx, ix[k]);
    return st;
}

/* A banded value, or the table's worst (largest) value when x is unknown. */
static double band_or_worst(const band_table *t, double x)
{
    return isnan(x) ? band_max(t) : gt_band_lookup(t->b, t->n, x);
}

static void score_site(const spr_profile *p, site *s)
{
    double vol = gt_band_lookup(p->volume.b, p->volume.n, s->volume_m3);
    s->s_leach = *cat_find(&p->waste, s->v[F_WASTE]) * vol * *cat_find(&p->liner, s->v[F_LINER]) *
                 *cat_find(&p->leachate, s->v[F_LEACHATE]);
    s->s_gas = *cat_find(&p->gas_waste, s->v[F_WASTE]) * vol * *cat_find(&p->cover, s->v[F_COVER]);
    s->s_burn = *cat_find(&p->burning, s->v[F_BURNING]) * *cat_find(&p->cover, s->v[F_COVER]);
    /* Unknown flood zone (no layer) counts as inside: the worst case. */
    bool flood = s->in_flood != 0;
    s->p_gw = flood ? p->gw_flood : p->gw_other;
    s->p_sw = band_or_worst(&p->sw_dist, s->d_water);
    if (flood)
        s->p_sw = fmax(s->p_sw, p->sw_flood);
    s->p_gas = band_or_worst(&p->gas_dist, s->d_res);
    s->p_burn = band_or_worst(&p->burn_dist, s->d_res);
    s->r_well = band_or_worst(&p->well_dist, s->d_well);
    s->r_sw = band_or_worst(&p->prot_dist, s->d_prot);
    s->r_gas = band_or_worst(&p->pop500, s->pop500);
    s->r_burn = band_or_worst(&p->pop2k, s->pop2k);
    double vmax = band_max(&p->volume);
    double smax_leach = cat_max(&p->waste) * vmax * cat_max(&p->liner) * cat_max(&p->leachate);
    double smax_gas = cat_max(&p->gas_waste) * vmax * cat_max(&p->cover);
    double smax_burn = cat_max(&p->burning) * cat_max(&p->cover);
    s->link[L_GW] = gt_spr_linkage_pct(s->s_leach, s->p_gw, s->r_well, smax_leach,
                                       fmax(p->gw_flood, p->gw_other), band_max(&p->well_dist));
    s->link[L_SW] =
        gt_spr_linkage_pct(s->s_leach, s->p_sw, s->r_sw, smax_leach,
                           fmax(band_max(&p->sw_dist), p->sw_flood), band_max(&p->prot_dist));
    s->link[L_GAS] = gt_spr_linkage_pct(s->s_gas, s->p_gas, s->r_gas, smax_gas,
                                        band_max(&p->gas_dist), band_max(&p->pop500));
    s->link[L_BURN] = gt_spr_linkage_pct(s->s_burn, s->p_burn, s->r_burn, smax_burn,
                                         band_max(&p->burn_dist), band_max(&p->pop2k));
    s->worst = 0;
    for (int k = 1; k < NLINK; k++)
        if (s->link[k] > s->link[s->worst])
            s->worst = k;
    s->risk = s->link[s->worst];
    s->cls = gt_risk_classify(s->risk, p->high_min, p->moderate_min);

    /* Option (docs/rank.md, in this order). */
    bool near_water =
        flood || (!isnan(s->d_water) && s->d_water < p->water_buffer) || isnan(s->d_water);
    if (s->type == T_SANITARY)
        s->option = O_NONE;
    else if (s->volume_m3 <= p->excavate_max)
        s->option = O_EXCAVATE;
    else if (near_water && s->volume_m3 <= p->excavate_water_max)
        s->option = O_EXCAVATE;
    else if (s->type == T_UNSANITARY && s->status == ST_OPERATING &&
             s->volume_m3 >= p->upgrade_min && !flood && !isnan(s->d_water) &&
             s->d_water >= p->upgrade_dist)
        s->option = O_UPGRADE;
    else
        s->option = O_CAP;
    s->cost = s->option == O_EXCAVATE  ? s->volume_m3 * p->cost_excavate_m3
              : s->option == O_CAP     ? s->area_ha * p->cost_cap_ha
              : s->option == O_UPGRADE ? s->area_ha * p->cost_upgrade_ha
                                       : 0;
}

/* Done by `as_of`: a landfill when remediated, a dump when closed or
 * remediated, in or before that year. A site "remediating" finishes in the
 * plan's first year at no new cost (already funded). */
static int done_year(const site *s, int as_of)
{
    if (s->type == T_SANITARY)
        return 0;
    bool done = s->status == ST_REMEDIATED || (s->type == T_DUMP && s->status == ST_CLOSED);
    if (done && s->status_year && s->status_year <= as_of)
        return s->status_year;
    if (done && !s->status_year)
        return as_of; /* year unknown: counted as done by now */
    return 0;
}

typedef struct {
    double risk, pop1k, volume;
    const char *id;
    int index;
} rkey;

static int rkey_cmp(const void *a, const void *b)
{
    const rkey *x = a, *y = b;
    if (x->risk != y->risk)
        return x->risk > y->risk ? -1 : 1;
    if (x->pop1k != y->pop1k)
        return x->pop1k > y->pop1k ? -1 : 1;
    if (x->volume != y->volume)
        return x->volume > y->volume ? -1 : 1;
    return strcmp(x->id, y->id);
}

static gt_status rank_and_plan(rank_run *r)
{
    gt_context *ctx = r->ctx;
    const gt__rank_part *rp = r->rp;
    r->start_year = r->as_of ? r->as_of + 1 : rp->start_year;
    int end_year = rp->end_year < r->start_year ? r->start_year : rp->end_year;
    rkey *keys = gt__calloc(ctx, (size_t)r->n, sizeof *keys);
    gt_plan_site *ps = gt__calloc(ctx, (size_t)r->n, sizeof *ps);
    int *order = gt__calloc(ctx, (size_t)r->n, sizeof(int));
    int *yo = gt__calloc(ctx, (size_t)r->n, sizeof(int));
    r->ny = end_year - r->start_year + 1;
    r->years = gt__calloc(ctx, (size_t)r->ny, sizeof *r->years);
    gt_status st = keys && ps && order && yo && r->years ? GT_OK : gt_context_status(ctx);
    int m = 0;
    for (int i = 0; !st && i < r->n; i++) {
        site *s = &r->sites[i];
        s->done_year = done_year(s, r->as_of ? r->as_of : r->start_year - 1);
        if (s->status == ST_REMEDIATING && !s->done_year && s->type != T_SANITARY) {
            s->done_year = r->start_year;
            s->cost = 0;
        }
        s->rank = 0;
        if (s->done_year)
            continue; /* remediated sites are not ranked */
        keys[m] = (rkey){s->risk, isnan(s->pop1k) ? 0 : s->pop1k, s->volume_m3, s->v[F_ID], i};
        m++;
    }
    if (!st) {
        qsort(keys, (size_t)m, sizeof *keys, rkey_cmp);
        for (int k = 0; k < m; k++)
            r->sites[keys[k].index].rank = k + 1;
        /* The scheduler takes sites in priority order: ranked ones first,
         * then those already done (they only count). */
        int q = 0;
        for (int k = 0; k < m; k++)
            order[q++] = keys[k].index;
        for (int i = 0; i < r->n; i++)
            if (!r->sites[i].rank)
                order[q++] = i;
        for (int k = 0; k < r->n; k++) {
            const site *s = &r->sites[order[k]];
            ps[k].kind = s->type == T_UNSANITARY ? GT_SITE_UNSANITARY
                         : s->type == T_DUMP     ? GT_SITE_DUMP
                                                 : GT_SITE_OTHER;
            ps[k].cost = s->cost;
            ps[k].done_year = s->done_year;
        }
        gt_plan_options po = {r->start_year, end_year, rp->annual_budget, rp->sites_per_year};
        st = gt_plan_schedule(ctx, ps, r->n, &po, yo, r->years);
        for (int k = 0; !st && k < r->n; k++)
            r->sites[order[k]].plan_year = yo[k];
        r->year_unsanitary_met = r->year_dumps_met = 0;
        for (int y = 0; !st && y < r->ny; y++) {
            if (r->years[y].unsanitary_met && !r->year_unsanitary_met)
                r->year_unsanitary_met = r->years[y].year;
            if (r->years[y].dumps_met && !r->year_dumps_met)
                r->year_dumps_met = r->years[y].year;
        }
        r->budget_needed = NAN;
        const gt_plan_year *last = r->ny ? &r->years[r->ny - 1] : NULL;
        if (!st && last && !(last->unsanitary_met && last->dumps_met))
            r->budget_needed = gt_plan_budget_needed(ctx, ps, r->n, &po);
    }
    free(keys);
    free(ps);
    free(order);
    free(yo);
    return st;
}

/* ------------------------------------------------------------------ */
/* Output                                                               */
/* ------------------------------------------------------------------ */

static const char *const out_fields[] = {"site_id",
                                         "name",
                                         "commune",
                                         "type",
                                         "status",
                                         "status_year",
                                         "risk_pct",
                                         "risk_class",
                                         "rank",
                                         "worst_linkage",
                                         "l_leachate_groundwater_pct",
                                         "l_leachate_surface_water_pct",
                                         "l_gas_residents_pct",
                                         "l_burning_residents_pct",
                                         "pop_500m",
                                         "pop_1km",
                                         "pop_2km",
                                         "dist_water_m",
                                         "dist_well_m",
                                         "dist_protected_m",
                                         "dist_residential_m",
                                         "in_flood_zone",
                                         "slope_pct",
                                         "landuse_500m",
                                         "area_ha",
                                         "volume_m3",
                                         "waste_type",
                                         "liner",
                                         "cover",
                                         "leachate",
                                         "burning",
                                         "option",
                                         "cost",
                                         "plan_year",
                                         "missing_fields",
                                         NULL};

static gt_status write_landfills(rank_run *r, GDALDatasetH ds)
{
    gt_context *ctx = r->ctx;
    OGRLayerH l = gt__out_layer(ctx, ds, "landfills", r->srs, wkbUnknown,
                                "Unsanitary landfills and dumps: source-pathway-receptor risk, "
                                "rank, remediation option and plan year (gistool rank)");
    if (!l)
        return gt_context_status(ctx);
    static const OGRFieldType t[] = {
        OFTString,  OFTString,  OFTString, OFTString, OFTString, OFTInteger, OFTReal,
        OFTString,  OFTInteger, OFTString, OFTReal,   OFTReal,   OFTReal,    OFTReal,
        OFTReal,    OFTReal,    OFTReal,   OFTReal,   OFTReal,   OFTReal,    OFTReal,
        OFTInteger, OFTReal,    OFTString, OFTReal,   OFTReal,   OFTString,  OFTString,
        OFTString,  OFTString,  OFTString, OFTString, OFTReal,   OFTInteger, OFTString};
    for (int k = 0; out_fields[k]; k++)
        if (!gt__out_field(l, out_fields[k], t[k]))
            return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create the fields of 'landfills'");
    GDALDatasetStartTransaction(ds, FALSE);
    gt_status st = GT_OK;
    for (int i = 0; i < r->n && !st; i++) {
        const site *s = &r->sites[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        int k = 0;
        OGR_F_SetFieldString(f, k++, s->v[F_ID]);
        for (int j = 0; j < 2; j++, k++)
            if (s->v[F_NAME + j])
                OGR_F_SetFieldString(f, k, s->v[F_NAME + j]);
        OGR_F_SetFieldString(f, k++, s->v[F_TYPE]);
        OGR_F_SetFieldString(f, k++, s->v[F_STATUS]);
        if (s->status_year)
            OGR_F_SetFieldInteger(f, k, s->status_year);
        k++;
        gt__set_real(f, k++, s->risk);
        OGR_F_SetFieldString(f, k++, gt_risk_class_name(s->cls));
        if (s->rank)
            OGR_F_SetFieldInteger(f, k, s->rank);
        k++;
        OGR_F_SetFieldString(f, k++, link_names[s->worst]);
        for (int j = 0; j < NLINK; j++)
            gt__set_real(f, k++, s->link[j]);
        gt__set_real(f, k++, s->pop500);
        gt__set_real(f, k++, s->pop1k);
        gt__set_real(f, k++, s->pop2k);
        gt__set_real(f, k++, s->d_water);
        gt__set_real(f, k++, s->d_well);
        gt__set_real(f, k++, s->d_prot);
        gt__set_real(f, k++, s->d_res);
        if (s->in_flood >= 0)
            OGR_F_SetFieldInteger(f, k, s->in_flood);
        k++;
        gt__set_real(f, k++, s->slope);
        if (s->landuse[0])
            OGR_F_SetFieldString(f, k, s->landuse);
        k++;
        gt__set_real(f, k++, s->area_ha);
        gt__set_real(f, k++, s->volume_m3);
        for (int j = F_WASTE; j <= F_BURNING; j++)
            OGR_F_SetFieldString(f, k++, s->v[j]);
        OGR_F_SetFieldString(f, k++, option_names[s->option]);
        gt__set_real(f, k++, s->cost);
        if (s->plan_year)
            OGR_F_SetFieldInteger(f, k, s->plan_year);
        k++;
        if (s->missing[0])
            OGR_F_SetFieldString(f, k, s->missing);
        st = gt__out_feature(ctx, l, f, s->geom, false);
        OGR_F_Destroy(f);
    }
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE && !st)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing 'landfills' failed");
    return st;
}

static gt_status write_plan(rank_run *r, gt__gpkg *g)
{
    const char *names[] = {"year",
                           "sites",
                           "cost",
                           "unsanitary_done",
                           "unsanitary_total",
                           "unsanitary_pct",
                           "dumps_done",
                           "dumps_total",
                           "dumps_pct",
                           "unsanitary_target_met",
                           "dumps_target_met"};
    OGRFieldType types[] = {OFTInteger, OFTInteger, OFTReal, OFTInteger, OFTInteger, OFTReal,
                            OFTInteger, OFTInteger, OFTReal, OFTInteger, OFTInteger};
    OGRLayerH l = gt__gpkg_table(r->ctx, g, "plan_by_year", names, types, 11);
    if (!l)
        return gt_context_status(r->ctx);
    for (int y = 0; y < r->ny; y++) {
        const gt_plan_year *p = &r->years[y];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldInteger(f, 0, p->year);
        OGR_F_SetFieldInteger(f, 1, p->scheduled);
        OGR_F_SetFieldDouble(f, 2, p->cost);
        OGR_F_SetFieldInteger(f, 3, p->unsanitary_done);
        OGR_F_SetFieldInteger(f, 4, p->unsanitary_total);
        OGR_F_SetFieldDouble(f, 5, p->unsanitary_pct);
        OGR_F_SetFieldInteger(f, 6, p->dumps_done);
        OGR_F_SetFieldInteger(f, 7, p->dumps_total);
        OGR_F_SetFieldDouble(f, 8, p->dumps_pct);
        OGR_F_SetFieldInteger(f, 9, p->unsanitary_met);
        OGR_F_SetFieldInteger(f, 10, p->dumps_met);
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "writing plan_by_year failed");
    }
    return GT_OK;
}

static gt_status write_run_info(rank_run *r, gt__gpkg *g)
{
    const char *names[] = {"key", "value"};
    OGRFieldType types[] = {OFTString, OFTString};
    OGRLayerH l = gt__gpkg_table(r->ctx, g, "run_info", names, types, 2);
    if (!l)
        return gt_context_status(r->ctx);
    gt_context *ctx = r->ctx;
    char *versions = gt_version_report(), *cmd = gt__command_line(r->o->argc, r->o->argv);
    char hex[65] = "";
    long long size;
    gt__sha256_file(r->s->yaml.file, hex, &size);
    time_t now = time(NULL);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    const gt_plan_year *last = r->ny ? &r->years[r->ny - 1] : NULL;
    int high = 0, moderate = 0, low = 0, done = 0, other = 0;
    for (int i = 0; i < r->n; i++) {
        if (r->sites[i].rank) {
            high += r->sites[i].cls == GT_RISK_HIGH;
            moderate += r->sites[i].cls == GT_RISK_MODERATE;
            low += r->sites[i].cls == GT_RISK_LOW;
        }
        done += r->sites[i].done_year > 0;
        other += r->sites[i].type == T_SANITARY;
    }
    gt_status st = GT_OK;
#define KV(k, ...)                                                                                 \
    if (!st)                                                                                       \
    st = gt__out_kv(ctx, l, k, __VA_ARGS__)
    KV("tool", "gistool %s", gt_version());
    KV("command", "rank");
    KV("command_line", "%s", cmd ? cmd : "");
    KV("versions", "%s", versions ? versions : "");
    KV("started_utc", "%s", stamp);
    KV("scenario_name", "%s", r->s->name);
    KV("scenario_path", "%s", r->s->yaml.file);
    KV("scenario_sha256", "%s", hex);
    KV("scenario_text", "%s", r->s->yaml.text);
    KV("working_crs", "%s", r->s->crs);
    KV("profile", "%s", r->prof.id);
    KV("profile_path", "%s", r->prof.path);
    KV("classes", "High >= %g %%, Moderate >= %g %%, Low below", r->prof.high_min,
       r->prof.moderate_min);
    KV("sites",
       "%d sites: %d ranked (High %d, Moderate %d, Low %d); %d remediated or closed by %d "
       "(or remediating, done in %d), not ranked; %d sanitary landfills ranked, not in the "
       "targets",
       r->n, high + moderate + low, high, moderate, low, done, r->start_year - 1, r->start_year,
       other);
    KV("as_of", "%d", r->as_of);
    KV("plan.years", "%d-%d", r->start_year, r->start_year + r->ny - 1);
    KV("plan.annual_budget", "%.0f %s", r->rp->annual_budget, r->prof.currency);
    KV("plan.sites_per_year", "%d", r->rp->sites_per_year);
    KV("plan.scheduler", "priority order, skip-and-fill within each year's budget and count");
    if (last) {
        KV("target.unsanitary", "> 50 %% remediated: %s (%d of %d, %.1f %% by %d)",
           r->year_unsanitary_met ? "met" : "NOT met", last->unsanitary_done,
           last->unsanitary_total, last->unsanitary_pct, last->year);
        KV("target.unsanitary_year", "%d", r->year_unsanitary_met);
        KV("target.dumps", "100 %% closed: %s (%d of %d, %.1f %% by %d)",
           r->year_dumps_met ? "met" : "NOT met", last->dumps_done, last->dumps_total,
           last->dumps_pct, last->year);
        KV("target.dumps_year", "%d", r->year_dumps_met);
    }
    if (!isnan(r->budget_needed) && isinf(r->budget_needed)) {
        KV("budget_needed",
           "no annual budget meets both targets by %d (too few years or "
           "sites per year)",
           r->start_year + r->ny - 1);
    } else if (!isnan(r->budget_needed)) {
        KV("budget_needed", "%.0f %s a year meets both targets by %d", r->budget_needed,
           r->prof.currency, r->start_year + r->ny - 1);
    }
#undef KV
    free(versions);
    free(cmd);
    return st;
}

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int site_rank_cmp(const void *a, const void *b)
{
    const site *x = *(const site *const *)a, *y = *(const site *const *)b;
    int rx = x->rank ? x->rank : 1 << 30, ry = y->rank ? y->rank : 1 << 30;
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return strcmp(x->v[F_ID], y->v[F_ID]);
}

/* The ranked list as CSV (RFC 4180), written to a temporary file and
 * renamed, like the GeoPackage. */
static gt_status write_csv(rank_run *r, const char *path)
{
    gt_context *ctx = r->ctx;
    char *tmp = gt__tmp_path(path, NULL);
    FILE *f = tmp ? fopen(tmp, "w") : NULL;
    if (!f) {
        free(tmp);
        return gt__error(ctx, GT_ERR_OUTPUT, "cannot write '%s': %s", path, strerror(errno));
    }
    const site **sorted = gt__calloc(ctx, (size_t)r->n, sizeof *sorted);
    for (int i = 0; sorted && i < r->n; i++)
        sorted[i] = &r->sites[i];
    if (sorted)
        qsort(sorted, (size_t)r->n, sizeof *sorted, site_rank_cmp);
    fprintf(f, "rank,site_id,name,commune,type,status,risk_pct,risk_class,worst_linkage,"
               "l_leachate_groundwater_pct,l_leachate_surface_water_pct,l_gas_residents_pct,"
               "l_burning_residents_pct,pop_500m,pop_1km,pop_2km,dist_water_m,dist_well_m,"
               "in_flood_zone,option,cost,plan_year,missing_fields\n");
    for (int i = 0; sorted && i < r->n; i++) {
        const site *s = sorted[i];
        if (s->rank)
            fprintf(f, "%d,", s->rank);
        else
            fputc(',', f);
        csv_field(f, s->v[F_ID]);
        fputc(',', f);
        csv_field(f, s->v[F_NAME]);
        fputc(',', f);
        csv_field(f, s->v[F_COMMUNE]);
        fprintf(f, ",%s,%s,%.2f,%s,%s", s->v[F_TYPE], s->v[F_STATUS], s->risk,
                gt_risk_class_name(s->cls), link_names[s->worst]);
        for (int k = 0; k < NLINK; k++)
            fprintf(f, ",%.2f", s->link[k]);
        double nums[] = {s->pop500, s->pop1k, s->pop2k, s->d_water, s->d_well};
        for (int k = 0; k < 5; k++)
            isnan(nums[k]) ? (void)fputc(',', f) : (void)fprintf(f, ",%.1f", nums[k]);
        fprintf(f, ",%s,%s,%.0f,",
                s->in_flood < 0 ? ""
                : s->in_flood   ? "1"
                                : "0",
                option_names[s->option], s->cost);
        if (s->plan_year)
            fprintf(f, "%d", s->plan_year);
        fputc(',', f);
        csv_field(f, s->missing);
        fputc('\n', f);
    }
    free(sorted);
    gt_status st = GT_OK;
    if (ferror(f) | fclose(f))
        st = gt__error(ctx, GT_ERR_OUTPUT, "writing '%s' failed", tmp);
    return gt__replace_file(ctx, st, tmp, path);
}

static const gt__field_doc landfill_docs[] = {
    {"site_id", "Mã bãi", "site id"},
    {"name", "Tên", "name"},
    {"commune", "Xã", "commune"},
    {"type", "Loại", "unsanitary_landfill, spontaneous_dump or sanitary_landfill"},
    {"status", "Hiện trạng", "operating, closed, remediating or remediated"},
    {"status_year", "Năm hiện trạng", "year the status began"},
    {"risk_pct", "Mức rủi ro (%)", "worst source-pathway-receptor linkage, % of its maximum"},
    {"risk_class", "Cấp rủi ro", "High >= 70 %, Moderate >= 40 %, Low"},
    {"rank", "Thứ tự ưu tiên", "remediation priority (1 = first)"},
    {"worst_linkage", "Liên kết rủi ro cao nhất", "the linkage that sets the risk"},
    {"l_leachate_groundwater_pct", "Nước rỉ → nước ngầm (%)", "leachate to groundwater to wells"},
    {"l_leachate_surface_water_pct", "Nước rỉ → nước mặt (%)", "leachate to surface water"},
    {"l_gas_residents_pct", "Khí bãi rác → dân cư (%)", "landfill gas to residents"},
    {"l_burning_residents_pct", "Đốt rác, tiếp xúc → dân cư (%)",
     "burning and contact to residents"},
    {"pop_500m", "Dân số trong 500 m", "people within 500 m (census, areal weighting)"},
    {"pop_1km", "Dân số trong 1 km", "people within 1 km"},
    {"pop_2km", "Dân số trong 2 km", "people within 2 km"},
    {"dist_water_m", "Khoảng cách tới nước mặt (m)", "exact distance to surface water"},
    {"dist_well_m", "Khoảng cách tới giếng (m)", "exact distance to the nearest well or intake"},
    {"dist_protected_m", "Khoảng cách tới khu bảo tồn (m)", "exact distance to a protected area"},
    {"dist_residential_m", "Khoảng cách tới khu dân cư (m)", "exact distance to residential works"},
    {"in_flood_zone", "Trong vùng ngập (0/1)", "1 when the site overlaps a flood zone"},
    {"slope_pct", "Độ dốc (%)", "slope at the site"},
    {"landuse_500m", "Sử dụng đất trong 500 m", "dominant land use within 500 m"},
    {"area_ha", "Diện tích (ha)", "area as used (defaults included)"},
    {"volume_m3", "Khối lượng (m³)", "volume as used (defaults included)"},
    {"waste_type", "Loại chất thải", "household, hazardous, industrial or mixed"},
    {"liner", "Lớp lót đáy", "yes or no"},
    {"cover", "Lớp phủ", "none, partial or full"},
    {"leachate", "Nước rỉ rác", "evidence of leachate: yes, no or unknown"},
    {"burning", "Đốt rác", "evidence of burning: yes, no or unknown"},
    {"option", "Phương án xử lý", "suggested remediation option"},
    {"cost", "Chi phí", "cost of the option (profile currency)"},
    {"plan_year", "Năm thực hiện", "year the plan remediates or closes the site"},
    {"missing_fields", "Thông tin còn thiếu", "attributes filled by conservative defaults"}};

static gt_status write_outputs(rank_run *r)
{
    gt_context *ctx = r->ctx;
    const char *path = r->o->output ? r->o->output : r->s->out_gpkg;
    const char *csv = r->o->csv ? r->o->csv : r->rp->out_csv;
    gt__gpkg *g = gt__gpkg_begin(ctx, path);
    if (!g)
        return gt_context_status(ctx);
    gt_status st = write_landfills(r, gt__gpkg_dataset(g));
    if (!st)
        st = write_plan(r, g);
    if (!st)
        st = gt__out_inputs(ctx, g, r->s, &r->rp->inventory);
    if (!st)
        st = write_run_info(r, g);
    if (!st)
        st = gt__out_style(ctx, gt__gpkg_dataset(g), "landfills", landfill_docs, 35,
                           "Sites by risk class; top 10 priorities labelled");
    /* The CSV first, then the GeoPackage: a failure leaves both previous
     * outputs in place only if the CSV fails; documented in docs/rank.md. */
    if (!st && csv)
        st = write_csv(r, csv);
    if (!st)
        st = gt__gpkg_commit(ctx, g);
    else
        gt__gpkg_abort(g);
    if (!st)
        gt__log(ctx, GT_LOG_INFO, "wrote %s%s%s", path, csv ? " and " : "", csv ? csv : "");
    return st;
}

static void run_free(rank_run *r)
{
    gt_context *ctx = r->ctx;
    if (r->sites)
        for (int i = 0; i < r->n; i++)
            for (int k = 0; k < NFIELDS; k++)
                free(r->sites[i].v[k]);
    free(r->sites);
    free(r->years);
    gt__inventory_free(ctx, r->inv);
    for (int k = 0; k < NLY; k++)
        gt__features_free(ctx, r->lay[k]);
    gt__features_free(ctx, r->study);
    if (r->study_geom)
        GEOSGeom_destroy_r(gt__geos(ctx), r->study_geom);
    if (r->srs)
        OSRDestroySpatialReference(r->srs);
    profile_free(&r->prof);
}

static gt_status setup(rank_run *r, gt_context *ctx, const gt_scenario *s)
{
    if (s->kind != GT__SCENARIO_RANK)
        return gt__error(ctx, GT_ERR_USAGE,
                         "%s is a site scenario (no `inventory:`); run it with `gistool site`",
                         s->yaml.file);
    r->ctx = ctx;
    r->s = s;
    r->rp = s->rank;
    gt_status st = profile_load(ctx, r->rp->profile_name, s->dir, &r->prof);
    if (st)
        return st;
    if (!(r->srs = gt__srs_create(ctx, s->crs)))
        return gt_context_status(ctx);
    if (!OSRIsProjected(r->srs))
        return gt__error(ctx, GT_ERR_INPUT_CRS, "%s: crs: '%s' is not a projected (metric) CRS",
                         s->yaml.file, s->crs);
    return GT_OK;
}

gt_status gt__rank_check(gt_context *ctx, const gt_scenario *s)
{
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    rank_run r = {0};
    gt_status st = setup(&r, ctx, s);
    if (!st)
        st = load_inputs(&r);
    if (!st)
        st = prepare_sites(&r);
    if (!st)
        gt__log(ctx, GT_LOG_INFO, "inventory: %d sites, profile %s", r.n, r.prof.id);
    run_free(&r);
    gt__gdal_log_pop();
    return st;
}

gt_status gt_rank_run(gt_context *ctx, const gt_scenario *s, const gt_rank_options *o)
{
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    rank_run r = {0};
    r.o = o;
    r.as_of = o->as_of;
    gt__progress prog = {o->progress, o->progress_arg, 0, 1};
    gt_status st = setup(&r, ctx, s);
    if (!st)
        st = load_inputs(&r);
    if (!st)
        st = prepare_sites(&r);
    if (!st && !gt__progress_report(ctx, &prog, 0.2, "receptors and pathways"))
        st = gt_context_status(ctx);
    if (!st)
        st = compute_receptors(&r);
    for (int i = 0; !st && i < r.n; i++)
        score_site(&r.prof, &r.sites[i]);
    if (!st && !gt__progress_report(ctx, &prog, 0.8, "ranking and plan"))
        st = gt_context_status(ctx);
    if (!st)
        st = rank_and_plan(&r);
    if (!st)
        st = write_outputs(&r);
    if (!st)
        st = gt__out_extras(ctx, s, o->output ? o->output : s->out_gpkg);
    if (!st) {
        const gt_plan_year *last = r.ny ? &r.years[r.ny - 1] : NULL;
        if (last)
            gt__log(ctx, GT_LOG_INFO,
                    "%d sites; by %d: %.1f %% of unsanitary landfills remediated (target > 50 %%: "
                    "%s), %.1f %% of dumps closed (target 100 %%: %s)",
                    r.n, last->year, last->unsanitary_pct,
                    r.year_unsanitary_met ? "met" : "NOT met", last->dumps_pct,
                    r.year_dumps_met ? "met" : "NOT met");
        gt__progress_report(ctx, &prog, 1.0, "done");
    }
    run_free(&r);
    gt__gdal_log_pop();
    return st;
}
