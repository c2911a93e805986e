/*
 * profile.c: the shipped and editable rule tables (gistool/profiles/<id>.yaml):
 * constraint profiles, whose rules each name the layer they apply to, the
 * distance or class list, the facility types and the legal source; and SPR
 * risk profiles, the point tables of `gistool rank`. Both are found and
 * opened the same way. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gistool/scenario.h"

void gt__rule_free(gt__rule *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->layer);
    gt__strv_free(r->classes);
    gt__strv_free(r->facilities);
    free(r->source);
    free(r->date);
    free(r->status);
    free(r->origin);
    memset(r, 0, sizeof *r);
}

bool gt__rule_applies(const gt__rule *r, const char *facility)
{
    if (!r->facilities)
        return true;
    for (int i = 0; i < r->n_facilities; i++)
        if (strcmp(r->facilities[i], facility) == 0 || strcmp(r->facilities[i], "any") == 0)
            return true;
    return false;
}

/* The widest setback a rule may ask for, metres: the shipped profiles'
 * widest is 3 km; 100 km is wider than most provinces. */
#define GT__RULE_MAX_DISTANCE_M 100000.0

static const char *const rule_keys[] = {"id",      "layer",         "min_distance_m", "inside",
                                        "classes", "max_slope_pct", "facility",       "source",
                                        "date",    "status",        "note",           NULL};

/* Values a rule cannot mean: two kinds at once, a distance of 0 (nothing
 * excluded, or did it mean `inside`?), an empty class list, a facility or
 * status nobody knows. Each would otherwise change the run silently. */
static gt_status rule_validate(const gt__yaml *y, struct fy_node *n, gt_status status,
                               const gt__rule *r, bool inside)
{
    struct fy_node *v;
    int kinds = inside + !isnan(r->min_distance_m) + !isnan(r->max_slope_pct);
    if (kinds > 1)
        return gt__yaml_error(y, n, status,
                              "rule '%s': give one of min_distance_m, inside: true or "
                              "max_slope_pct, not several",
                              r->id);
    if ((v = gt__yaml_get(n, "min_distance_m")) && !(r->min_distance_m > 0))
        return gt__yaml_error(y, v, status,
                              "rule '%s': min_distance_m must be above 0 (got %g); to exclude "
                              "the features themselves, write inside: true",
                              r->id, r->min_distance_m);
    /* A setback wider than a province excludes every parcel near the
     * layer, and at 1e300 m the area of interest cannot even be
     * transformed (exit 50): a wrong unit or a typo. */
    if (v && r->min_distance_m > GT__RULE_MAX_DISTANCE_M)
        return gt__yaml_error(y, v, status,
                              "rule '%s': min_distance_m: %g m is more than %g km; a setback "
                              "is at most that (a wrong unit?)",
                              r->id, r->min_distance_m, GT__RULE_MAX_DISTANCE_M / 1000);
    if ((v = gt__yaml_get(n, "max_slope_pct")) && !(r->max_slope_pct > 0))
        return gt__yaml_error(y, v, status, "rule '%s': max_slope_pct must be above 0 (got %g)",
                              r->id, r->max_slope_pct);
    if ((v = gt__yaml_get(n, "classes")) && r->n_classes == 0)
        return gt__yaml_error(y, v, status,
                              "rule '%s': classes: the list is empty (the rule would match "
                              "nothing)",
                              r->id);
    v = gt__yaml_get(n, "facility");
    for (int i = 0; i < r->n_facilities; i++)
        if (strcmp(r->facilities[i], "any") && !gt__facility_known(r->facilities[i]))
            return gt__yaml_error(y, v, status,
                                  "rule '%s': unknown facility '%s' (any, %s)", r->id,
                                  r->facilities[i], GT__FACILITY_NAMES);
    if (v && r->n_facilities == 0)
        return gt__yaml_error(y, v, status, "rule '%s': facility: the list is empty", r->id);
    if ((v = gt__yaml_get(n, "status")) && r->status && strcmp(r->status, "verified") &&
        strcmp(r->status, "verify"))
        return gt__yaml_error(y, v, status,
                              "rule '%s': status '%s' is not verified or verify", r->id,
                              r->status);
    return GT_OK;
}

gt_status gt__rule_parse(const gt__yaml *y, struct fy_node *n, gt_status status, gt__rule *r)
{
    memset(r, 0, sizeof *r);
    r->min_distance_m = NAN;
    r->max_slope_pct = NAN;
    gt_status st = gt__yaml_check_map(y, n, rule_keys, status);
    if (st)
        return st;
    struct fy_node *v;
    int line, col;
    gt__yaml_pos(n, &line, &col);
    r->origin = gt__asprintf("%s:%d", y->file, line);
    if (!(v = gt__yaml_get(n, "id")))
        return gt__yaml_error(y, n, status, "a rule needs an `id`");
    if ((st = gt__yaml_string(y, v, status, &r->id)))
        return st;
    if (!(v = gt__yaml_get(n, "layer")))
        return gt__yaml_error(y, n, status, "rule '%s' needs a `layer`", r->id);
    if ((st = gt__yaml_string(y, v, status, &r->layer)))
        return st;
    bool inside = false;
    if ((v = gt__yaml_get(n, "inside")) && (st = gt__yaml_bool(y, v, status, &inside)))
        return st;
    if ((v = gt__yaml_get(n, "min_distance_m")) &&
        (st = gt__yaml_number(y, v, status, &r->min_distance_m)))
        return st;
    if (v && r->min_distance_m < 0)
        return gt__yaml_error(y, v, status, "rule '%s': distance must be >= 0", r->id);
    if ((v = gt__yaml_get(n, "max_slope_pct")) &&
        (st = gt__yaml_number(y, v, status, &r->max_slope_pct)))
        return st;
    if ((v = gt__yaml_get(n, "classes")) &&
        (st = gt__yaml_strings(y, v, status, &r->classes, &r->n_classes)))
        return st;
    if ((v = gt__yaml_get(n, "facility")) &&
        (st = gt__yaml_strings(y, v, status, &r->facilities, &r->n_facilities)))
        return st;
    char **strs[] = {&r->source, &r->date, &r->status};
    const char *keys[] = {"source", "date", "status"};
    for (int i = 0; i < 3; i++)
        if ((v = gt__yaml_get(n, keys[i])) && (st = gt__yaml_string(y, v, status, strs[i])))
            return st;
    if ((st = rule_validate(y, n, status, r, inside)))
        return st;
    if (!isnan(r->max_slope_pct)) {
        r->kind = GT__RULE_MAX_SLOPE;
    } else if (!isnan(r->min_distance_m) && r->min_distance_m > 0) {
        r->kind = GT__RULE_DISTANCE;
    } else if (inside || r->classes || r->min_distance_m == 0) {
        r->kind = GT__RULE_INSIDE;
        r->min_distance_m = 0;
    } else {
        return gt__yaml_error(y, n, status,
                              "rule '%s' needs one of min_distance_m, inside: true, "
                              "classes or max_slope_pct",
                              r->id);
    }
    if (!r->source)
        return gt__yaml_error(y, n, status,
                              "rule '%s' needs a `source` (the legal text or decision "
                              "it comes from)",
                              r->id);
    if (!r->status && !(r->status = gt__strdup(y->ctx, "verified")))
        return GT_ERR_NOMEM;
    return GT_OK;
}

void gt__profile_free(gt__profile *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->n_rules; i++)
        gt__rule_free(&p->rules[i]);
    free(p->rules);
    free(p->id);
    free(p->title);
    free(p->path);
    memset(p, 0, sizeof *p);
}

char *gt__profile_path(gt_context *ctx, const char *name, const char *base_dir)
{
    if (strchr(name, '/') || strstr(name, ".yaml") || strstr(name, ".yml")) {
        if (name[0] == '/' || !base_dir)
            return gt__strdup(ctx, name);
        return gt__asprintf("%s/%s", base_dir, name);
    }
    char *file = gt__asprintf("%s.yaml", name);
    char *p = file ? gt__data_file(file) : NULL;
    free(file);
    if (!p)
        gt__error(ctx, GT_ERR_PROFILE, "profile '%s' not found (looked in $GISTOOL_DATA, %s, %s)",
                  name, GT_DATA_DIR_BUILD, GT_DATA_DIR_INSTALL);
    return p;
}

/* Find a profile and read its YAML. A profile that cannot be opened is a
 * profile error (GT_ERR_PROFILE), not an input error: the user named it.
 * *path is set (caller frees) whenever the profile was found; `y` can be
 * freed in every case. */
static gt_status open_profile(gt_context *ctx, const char *name_or_path, const char *base_dir,
                              char **path, gt__yaml *y)
{
    memset(y, 0, sizeof *y);
    if (!(*path = gt__profile_path(ctx, name_or_path, base_dir)))
        return gt_context_status(ctx);
    gt_status st = gt__yaml_load(ctx, *path, GT_ERR_PROFILE, y);
    if (st == GT_ERR_INPUT_OPEN)
        st = gt__error_recode(ctx, GT_ERR_PROFILE);
    return st;
}

static const char *const profile_keys[] = {"profile", "title", "rules", "note", NULL};

gt_status gt__profile_load(gt_context *ctx, const char *name_or_path, const char *base_dir,
                           gt__profile *out)
{
    memset(out, 0, sizeof *out);
    char *path = NULL;
    gt__yaml y;
    gt_status st = open_profile(ctx, name_or_path, base_dir, &path, &y);
    if (st)
        goto done;
    struct fy_node *root = gt__yaml_root(&y), *v;
    if ((st = gt__yaml_check_map(&y, root, profile_keys, GT_ERR_PROFILE)))
        goto done;
    if ((v = gt__yaml_get(root, "profile")) &&
        (st = gt__yaml_string(&y, v, GT_ERR_PROFILE, &out->id)))
        goto done;
    if ((v = gt__yaml_get(root, "title")) &&
        (st = gt__yaml_string(&y, v, GT_ERR_PROFILE, &out->title)))
        goto done;
    struct fy_node *rules = gt__yaml_get(root, "rules");
    if (!rules || !fy_node_is_sequence(rules)) {
        st = gt__yaml_error(&y, rules ? rules : root, GT_ERR_PROFILE,
                            "a profile needs a `rules:` list");
        goto done;
    }
    int n = fy_node_sequence_item_count(rules);
    out->rules = gt__calloc(ctx, (size_t)n, sizeof *out->rules);
    if (!out->rules) {
        st = GT_ERR_NOMEM;
        goto done;
    }
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(rules, &it))) {
        st = gt__rule_parse(&y, item, GT_ERR_PROFILE, &out->rules[out->n_rules]);
        out->n_rules++;
        if (st)
            goto done;
        for (int i = 0; i < out->n_rules - 1; i++)
            if (!strcmp(out->rules[i].id, out->rules[out->n_rules - 1].id)) {
                st = gt__yaml_error(&y, item, GT_ERR_PROFILE, "duplicate rule id '%s'",
                                    out->rules[i].id);
                goto done;
            }
    }
    if (!out->id)
        out->id = gt__strdup(ctx, name_or_path);
    out->path = path;
    path = NULL;
done:
    free(path);
    gt__yaml_free(&y);
    if (st)
        gt__profile_free(out);
    return st;
}

/* ------------------------------------------------------------------ */
/* SPR risk profiles                                                    */
/* ------------------------------------------------------------------ */

void gt__spr_profile_free(gt__spr_profile *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->title);
    free(p->path);
    for (int k = 0; k < GT__N_CATEGORIES; k++)
        free(p->default_value[k]);
    gt__spr_rows *tables[] = {&p->waste, &p->gas_waste, &p->liner,
                              &p->cover, &p->leachate,  &p->burning};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        for (int k = 0; k < tables[i]->n; k++)
            free(tables[i]->key[k]);
    free(p->currency);
    memset(p, 0, sizeof *p);
}

/* The value of a key every profile must have; the first missing key sets
 * *st (later ones keep the first message). */
static struct fy_node *require_key(const gt__yaml *y, struct fy_node *map, const char *key,
                                   gt_status *st)
{
    struct fy_node *v = gt__yaml_get(map, key);
    if (!v && !*st)
        *st = gt__yaml_error(y, map, GT_ERR_PROFILE, "missing `%s`", key);
    return v;
}

static gt_status require_number(const gt__yaml *y, struct fy_node *map, const char *key,
                                double *out)
{
    gt_status st = GT_OK;
    struct fy_node *v = require_key(y, map, key, &st);
    return v ? gt__yaml_number(y, v, GT_ERR_PROFILE, out) : st;
}

/* A table {value: multiplier}. */
static gt_status parse_rows(const gt__yaml *y, struct fy_node *n, gt__spr_rows *t)
{
    if (!n || !fy_node_is_mapping(n))
        return gt__yaml_error(y, n, GT_ERR_PROFILE, "expected a table {value: multiplier}");
    void *it = NULL;
    struct fy_node_pair *p;
    gt_status st;
    while ((p = fy_node_mapping_iterate(n, &it))) {
        if (t->n == GT__SPR_MAX_ROWS)
            return gt__yaml_error(y, n, GT_ERR_PROFILE, "at most %d rows", GT__SPR_MAX_ROWS);
        if ((st = gt__yaml_string(y, fy_node_pair_key(p), GT_ERR_PROFILE, &t->key[t->n])))
            return st;
        if ((st = gt__yaml_number(y, fy_node_pair_value(p), GT_ERR_PROFILE, &t->value[t->n++])))
            return st;
        if (t->value[t->n - 1] < 0 || t->value[t->n - 1] > 1)
            return gt__yaml_error(y, fy_node_pair_value(p), GT_ERR_PROFILE,
                                  "a multiplier is from 0 to 1");
    }
    return GT_OK;
}

/* A banded table [[upper, multiplier], ..., [.inf, multiplier]]. */
static gt_status parse_bands(const gt__yaml *y, struct fy_node *n, gt__spr_bands *t)
{
    if (!n || !fy_node_is_sequence(n))
        return gt__yaml_error(y, n, GT_ERR_PROFILE,
                              "expected rows [[upper, value], ..., [.inf, value]]");
    void *it = NULL;
    struct fy_node *row;
    gt_status st;
    while ((row = fy_node_sequence_iterate(n, &it))) {
        gt_band *b = &t->band[t->n];
        if (t->n == GT__SPR_MAX_BANDS)
            return gt__yaml_error(y, n, GT_ERR_PROFILE, "at most %d rows", GT__SPR_MAX_BANDS);
        if (!fy_node_is_sequence(row) || fy_node_sequence_item_count(row) != 2)
            return gt__yaml_error(y, row, GT_ERR_PROFILE, "a row is [upper, value]");
        void *it2 = NULL;
        struct fy_node *upper = fy_node_sequence_iterate(row, &it2);
        struct fy_node *value = fy_node_sequence_iterate(row, &it2);
        const char *us = fy_node_is_scalar(upper) ? fy_node_get_scalar0(upper) : "";
        if (!strcmp(us, ".inf") || !strcmp(us, "inf") || !strcmp(us, ".Inf"))
            b->upper = INFINITY;
        else if ((st = gt__yaml_number(y, upper, GT_ERR_PROFILE, &b->upper)))
            return st;
        if ((st = gt__yaml_number(y, value, GT_ERR_PROFILE, &b->value)))
            return st;
        if (t->n && !(b->upper > t->band[t->n - 1].upper))
            return gt__yaml_error(y, row, GT_ERR_PROFILE,
                                  "rows must be in ascending order of `upper`");
        if (b->value < 0 || b->value > 1)
            return gt__yaml_error(y, value, GT_ERR_PROFILE, "a multiplier is from 0 to 1");
        t->n++;
    }
    if (!t->n || !isinf(t->band[t->n - 1].upper))
        return gt__yaml_error(y, n, GT_ERR_PROFILE, "the last row must be [.inf, value]");
    return GT_OK;
}

static gt_status require_bands(const gt__yaml *y, struct fy_node *map, const char *key,
                               gt__spr_bands *t)
{
    gt_status st = GT_OK;
    struct fy_node *v = require_key(y, map, key, &st);
    return v ? parse_bands(y, v, t) : st;
}

static gt_status read_defaults(const gt__yaml *y, struct fy_node *root, gt__spr_profile *p)
{
    gt_status st = GT_OK;
    struct fy_node *sec = require_key(y, root, "defaults_for_missing", &st), *v;
    for (int c = 0; sec && !st && c < GT__N_CATEGORIES; c++)
        if ((v = require_key(y, sec, gt__spr_category_name(c), &st)))
            st = gt__yaml_string(y, v, GT_ERR_PROFILE, &p->default_value[c]);
    if (sec && !st)
        st = require_number(y, sec, "depth_m", &p->default_depth_m);
    if (sec && !st)
        st = require_number(y, sec, "area_ha", &p->default_area_ha);
    return st;
}

static gt_status read_source(const gt__yaml *y, struct fy_node *root, gt__spr_profile *p)
{
    gt_status st = GT_OK;
    struct fy_node *sec = require_key(y, root, "source", &st), *v;
    const struct {
        const char *key;
        gt__spr_rows *rows;
    } tables[] = {{"waste_type", &p->waste},  {"gas_waste", &p->gas_waste},
                  {"liner", &p->liner},       {"cover", &p->cover},
                  {"leachate", &p->leachate}, {"burning", &p->burning}};
    for (size_t i = 0; sec && !st && i < sizeof tables / sizeof *tables; i++)
        if ((v = require_key(y, sec, tables[i].key, &st)))
            st = parse_rows(y, v, tables[i].rows);
    if (sec && !st)
        st = require_bands(y, sec, "volume_m3", &p->volume_m3);
    return st;
}

static gt_status read_pathway(const gt__yaml *y, struct fy_node *root, gt__spr_profile *p)
{
    gt_status st = GT_OK;
    struct fy_node *sec = require_key(y, root, "pathway", &st);
    if (!sec)
        return st;
    struct fy_node *groundwater = require_key(y, sec, "groundwater", &st);
    if (!groundwater)
        return st;
    if ((st = require_number(y, groundwater, "in_flood_zone", &p->groundwater_in_flood_zone)) ||
        (st = require_number(y, groundwater, "otherwise", &p->groundwater_otherwise)) ||
        (st = require_number(y, sec, "surface_water_in_flood_zone",
                             &p->surface_water_in_flood_zone)) ||
        (st = require_bands(y, sec, "surface_water_dist_m", &p->surface_water_dist_m)) ||
        (st = require_bands(y, sec, "gas_dist_residential_m", &p->gas_dist_residential_m)))
        return st;
    return require_bands(y, sec, "burning_dist_residential_m", &p->burning_dist_residential_m);
}

static gt_status read_receptor(const gt__yaml *y, struct fy_node *root, gt__spr_profile *p)
{
    gt_status st = GT_OK;
    struct fy_node *sec = require_key(y, root, "receptor", &st);
    if (!sec)
        return st;
    if ((st = require_bands(y, sec, "well_dist_m", &p->well_dist_m)) ||
        (st = require_bands(y, sec, "protected_dist_m", &p->protected_dist_m)) ||
        (st = require_bands(y, sec, "pop_500m", &p->pop_500m)))
        return st;
    return require_bands(y, sec, "pop_2km", &p->pop_2km);
}

static gt_status read_options_and_costs(const gt__yaml *y, struct fy_node *root, gt__spr_profile *p)
{
    gt_status st = GT_OK;
    struct fy_node *sec = require_key(y, root, "options", &st), *v;
    const struct {
        const char *key;
        double *value;
    } options[] = {{"excavate_max_volume_m3", &p->excavate_max_volume_m3},
                   {"excavate_near_water_max_volume_m3", &p->excavate_near_water_max_volume_m3},
                   {"water_buffer_m", &p->water_buffer_m},
                   {"upgrade_min_volume_m3", &p->upgrade_min_volume_m3},
                   {"upgrade_min_dist_water_m", &p->upgrade_min_dist_water_m}},
      costs[] = {{"excavate_relocate_per_m3", &p->cost_excavate_per_m3},
                 {"close_cap_per_ha", &p->cost_cap_per_ha},
                 {"upgrade_sanitary_per_ha", &p->cost_upgrade_per_ha}};
    for (size_t i = 0; sec && !st && i < sizeof options / sizeof *options; i++)
        st = require_number(y, sec, options[i].key, options[i].value);
    if (st || !(sec = require_key(y, root, "costs", &st)))
        return st;
    if ((v = require_key(y, sec, "currency", &st)))
        st = gt__yaml_string(y, v, GT_ERR_PROFILE, &p->currency);
    for (size_t i = 0; !st && i < sizeof costs / sizeof *costs; i++)
        st = require_number(y, sec, costs[i].key, costs[i].value);
    return st;
}

/* Every default must be a value its table knows. */
static gt_status check_defaults(gt_context *ctx, const gt__spr_profile *p)
{
    const struct {
        gt__spr_category category;
        const gt__spr_rows *rows;
    } tables[] = {{GT__CATEGORY_WASTE, &p->waste},       {GT__CATEGORY_WASTE, &p->gas_waste},
                  {GT__CATEGORY_LINER, &p->liner},       {GT__CATEGORY_COVER, &p->cover},
                  {GT__CATEGORY_LEACHATE, &p->leachate}, {GT__CATEGORY_BURNING, &p->burning}};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        const char *value = p->default_value[tables[i].category];
        if (!gt__spr_row(tables[i].rows, value))
            return gt__error(ctx, GT_ERR_PROFILE,
                             "%s: defaults_for_missing.%s: '%s' is not in its table", p->path,
                             gt__spr_category_name(tables[i].category), value);
    }
    return GT_OK;
}

static const char *const spr_profile_keys[] = {
    "profile", "title", "classes", "defaults_for_missing", "source", "pathway", "receptor",
    "options", "costs", NULL};

gt_status gt__spr_profile_load(gt_context *ctx, const char *name_or_path, const char *base_dir,
                               gt__spr_profile *p)
{
    memset(p, 0, sizeof *p);
    gt__yaml y;
    gt_status st = open_profile(ctx, name_or_path, base_dir, &p->path, &y);
    if (st)
        goto done;
    struct fy_node *root = gt__yaml_root(&y), *v, *classes;
    if ((st = gt__yaml_check_map(&y, root, spr_profile_keys, GT_ERR_PROFILE)))
        goto done;
    if ((v = gt__yaml_get(root, "profile")))
        st = gt__yaml_string(&y, v, GT_ERR_PROFILE, &p->id);
    if (!st && (v = gt__yaml_get(root, "title")))
        st = gt__yaml_string(&y, v, GT_ERR_PROFILE, &p->title);
    /* The classes of the Irish EPA (2007) code of practice unless told. */
    p->high_min_pct = 70;
    p->moderate_min_pct = 40;
    if (!st && (classes = gt__yaml_get(root, "classes"))) {
        if ((v = gt__yaml_get(classes, "high_min")))
            st = gt__yaml_number(&y, v, GT_ERR_PROFILE, &p->high_min_pct);
        if (!st && (v = gt__yaml_get(classes, "moderate_min")))
            st = gt__yaml_number(&y, v, GT_ERR_PROFILE, &p->moderate_min_pct);
    }
    if (!st)
        st = read_defaults(&y, root, p);
    if (!st)
        st = read_source(&y, root, p);
    if (!st)
        st = read_pathway(&y, root, p);
    if (!st)
        st = read_receptor(&y, root, p);
    if (!st)
        st = read_options_and_costs(&y, root, p);
    if (!st)
        st = check_defaults(ctx, p);
    if (!st)
        st = gt__spr_profile_check(ctx, p);
    if (!st && !p->id && !(p->id = gt__strdup(ctx, name_or_path)))
        st = GT_ERR_NOMEM;
done:
    gt__yaml_free(&y);
    if (st)
        gt__spr_profile_free(p);
    return st;
}
