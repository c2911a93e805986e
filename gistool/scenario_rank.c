/*
 * scenario_rank.c: the keys of a rank scenario (docs/rank.md), part of the
 * scenario reader: the landfill inventory and its field names, the risk
 * profile and the plan. The keys a rank scenario shares with a site
 * scenario (name, crs, study_area, layers, outputs) are read by scenario.c.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/text_fold.h"

#include "gistool/scenario.h"

const char *const gt__inventory_schema[GT__INVENTORY_COUNT + 1] = {
    [GT__INVENTORY_SITE_ID] = "site_id",
    [GT__INVENTORY_NAME] = "name",
    [GT__INVENTORY_COMMUNE] = "commune",
    [GT__INVENTORY_TYPE] = "type",
    [GT__INVENTORY_STATUS] = "status",
    [GT__INVENTORY_STATUS_YEAR] = "status_year",
    [GT__INVENTORY_AREA_HA] = "area_ha",
    [GT__INVENTORY_VOLUME_M3] = "volume_m3",
    [GT__INVENTORY_YEARS_OPERATED] = "years_operated",
    [GT__INVENTORY_WASTE_TYPE] = "waste_type",
    [GT__INVENTORY_LINER] = "liner",
    [GT__INVENTORY_COVER] = "cover",
    [GT__INVENTORY_LEACHATE] = "leachate",
    [GT__INVENTORY_BURNING] = "burning",
    [GT__INVENTORY_COUNT] = NULL,
};

/* Without `plan:` years the plan runs 2026-2030, to the 2030 targets of
 * Resolution 394/NQ-CP; without `profile:` the shipped SPR profile. */
#define DEFAULT_START_YEAR 2026
#define DEFAULT_END_YEAR 2030
#define DEFAULT_PROFILE "vn-spr-2026"
/* The category values communes commonly write, applied to each field the
 * scenario's `inventory_values:` does not map (gistool/profiles/). */
#define DEFAULT_VALUES "vn-inventory-values"

static const char *const rank_keys[] = {
    "name",   "crs",     "study_area", "inventory", "inventory_fields", "inventory_values",
    "layers", "profile", "plan",       "outputs",   "on_missing",       NULL};
static const char *const plan_keys[] = {"start_year", "end_year", "annual_budget", "sites_per_year",
                                        NULL};
static const char *const rank_output_keys[] = {"gpkg", "csv", "maps", "report", "lang", NULL};

static void value_map_free(gt__value_map *m)
{
    for (int i = 0; i < m->n; i++) {
        free(m->from[i]);
        free(m->to[i]);
    }
    free(m->from);
    free(m->to);
    memset(m, 0, sizeof *m);
}

const char *gt__value_map_find(const gt__value_map *m, const char *value, bool strip_marks)
{
    char want[512], have[512];
    if (!gt__text_fold(value, strip_marks, want, sizeof want))
        return NULL;
    for (int i = 0; i < m->n; i++)
        if (gt__text_fold(m->from[i], strip_marks, have, sizeof have) && !strcmp(want, have))
            return m->to[i];
    return NULL;
}

/* One field's map, `"source value": code`, each code one of the field's. */
static gt_status parse_value_map(const gt__yaml *y, struct fy_node *n, gt_status status,
                                 gt__spr_category c, gt__value_map *m)
{
    int count = fy_node_mapping_item_count(n);
    if (count < 0)
        return gt__yaml_error(y, n, status, "%s: expected a map of `source value: code`",
                              gt__spr_category_name(c));
    if (!(m->from = gt__calloc(y->ctx, (size_t)count + 1, sizeof *m->from)) ||
        !(m->to = gt__calloc(y->ctx, (size_t)count + 1, sizeof *m->to)))
        return gt_context_status(y->ctx);
    void *it = NULL;
    struct fy_node_pair *p;
    gt_status st;
    while ((p = fy_node_mapping_iterate(n, &it))) {
        if ((st = gt__yaml_string(y, fy_node_pair_key(p), status, &m->from[m->n])) ||
            (st = gt__yaml_string(y, fy_node_pair_value(p), status, &m->to[m->n])))
            return st;
        if (gt__spr_category_index(c, m->to[m->n++]) < 0)
            return gt__yaml_error(y, fy_node_pair_value(p), status,
                                  "'%s' is not a %s code (see docs/rank.md)", m->to[m->n - 1],
                                  gt__spr_category_name(c));
    }
    return GT_OK;
}

/* `inventory_values:` (or the default table's `values:`): a map per
 * category field, and whether Vietnamese marks are ignored. Fields already
 * mapped are kept, so that the default table fills only the others. */
static gt_status parse_values(const gt__yaml *y, struct fy_node *n, gt_status status,
                              gt__rank_part *r)
{
    static const char *keys[GT__N_CATEGORIES + 2];
    for (int c = 0; c < GT__N_CATEGORIES; c++)
        keys[c] = gt__spr_category_name((gt__spr_category)c);
    keys[GT__N_CATEGORIES] = "ignore_diacritics";
    gt_status st = gt__yaml_check_map(y, n, keys, status);
    struct fy_node *v;
    if (!st && (v = gt__yaml_get(n, "ignore_diacritics")))
        st = gt__yaml_bool(y, v, status, &r->values_strip_marks);
    for (int c = 0; !st && c < GT__N_CATEGORIES; c++)
        if ((v = gt__yaml_get(n, keys[c])) && !r->values[c].from)
            st = parse_value_map(y, v, status, (gt__spr_category)c, &r->values[c]);
    return st;
}

/* The shipped default table, for the fields the scenario does not map. */
static gt_status load_default_values(gt_context *ctx, gt__rank_part *r)
{
    static const char *const file_keys[] = {"title", "note", "values", NULL};
    gt__yaml y = {0};
    char *path = gt__profile_path(ctx, DEFAULT_VALUES, NULL);
    gt_status st = path ? gt__yaml_load(ctx, path, GT_ERR_PROFILE, &y) : gt_context_status(ctx);
    bool strip = r->values_strip_marks;
    struct fy_node *v;
    if (!st && !(st = gt__yaml_check_map(&y, gt__yaml_root(&y), file_keys, GT_ERR_PROFILE)) &&
        (v = gt__yaml_get(gt__yaml_root(&y), "values")))
        st = parse_values(&y, v, GT_ERR_PROFILE, r);
    r->values_strip_marks = strip; /* the scenario's choice, not the table's */
    gt__yaml_free(&y);
    free(path);
    return st;
}

void gt__rank_part_free(gt__rank_part *p)
{
    if (!p)
        return;
    gt__layer_spec_free(&p->inventory);
    for (int k = 0; k < GT__INVENTORY_COUNT; k++)
        free(p->source_fields[k]);
    for (int c = 0; c < GT__N_CATEGORIES; c++)
        value_map_free(&p->values[c]);
    free(p->profile_name);
    free(p->out_csv);
    free(p);
}

static gt_status whole_number(const gt__yaml *y, struct fy_node *n, int lo, int hi, int *out)
{
    double v;
    gt_status st = gt__yaml_number(y, n, GT_ERR_SCENARIO, &v);
    if (st)
        return st;
    if (v != floor(v) || v < lo || v > hi)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO, "expected a whole number from %d to %d", lo,
                              hi);
    *out = (int)v;
    return GT_OK;
}

/* `inventory_fields:`: the inventory's own name for a schema field. The
 * id field may also be given as the inventory layer's `id_field`. */
static gt_status parse_inventory_fields(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    gt__rank_part *r = s->rank;
    struct fy_node *fields = gt__yaml_get(root, "inventory_fields");
    gt_status st;
    if (fields) {
        if ((st = gt__yaml_check_map(y, fields, gt__inventory_schema + 1, GT_ERR_SCENARIO)))
            return st;
        for (int k = 1; k < GT__INVENTORY_COUNT; k++) {
            struct fy_node *f = gt__yaml_get(fields, gt__inventory_schema[k]);
            if (f && (st = gt__yaml_string(y, f, GT_ERR_SCENARIO, &r->source_fields[k])))
                return st;
        }
    }
    if (r->inventory.id_field &&
        !(r->source_fields[GT__INVENTORY_SITE_ID] = gt__strdup(y->ctx, r->inventory.id_field)))
        return GT_ERR_NOMEM;
    return GT_OK;
}

static gt_status parse_plan(const gt__yaml *y, struct fy_node *plan, gt__rank_part *r)
{
    struct fy_node *v;
    gt_status st = gt__yaml_check_map(y, plan, plan_keys, GT_ERR_SCENARIO);
    if (st)
        return st;
    if ((v = gt__yaml_get(plan, "start_year")) &&
        (st = whole_number(y, v, 2000, 2100, &r->start_year)))
        return st;
    if ((v = gt__yaml_get(plan, "end_year")) && (st = whole_number(y, v, 2000, 2100, &r->end_year)))
        return st;
    if ((v = gt__yaml_get(plan, "annual_budget")) &&
        (st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &r->annual_budget)))
        return st;
    if (v && r->annual_budget < 0)
        return gt__yaml_error(y, v, GT_ERR_SCENARIO, "annual_budget must not be negative");
    if ((v = gt__yaml_get(plan, "sites_per_year")) &&
        (st = whole_number(y, v, 0, 100000, &r->sites_per_year)))
        return st;
    if (r->end_year < r->start_year)
        return gt__yaml_error(y, plan, GT_ERR_SCENARIO, "end_year %d is before start_year %d",
                              r->end_year, r->start_year);
    return GT_OK;
}

gt_status gt__rank_parse(gt_scenario *s)
{
    const gt__yaml *y = &s->yaml;
    gt_context *ctx = y->ctx;
    struct fy_node *root = gt__yaml_root(y), *v;
    gt_status st = gt__yaml_check_map(y, root, rank_keys, GT_ERR_SCENARIO);
    if (st)
        return st;
    gt__rank_part *r = s->rank = gt__calloc(ctx, 1, sizeof *r);
    if (!r)
        return gt_context_status(ctx);
    r->start_year = DEFAULT_START_YEAR;
    r->end_year = DEFAULT_END_YEAR;
    if ((st = gt__scenario_parse_name_crs(s, root, "a metric working CRS")) ||
        (st = gt__scenario_parse_study_area(s, root)))
        return st;
    if ((st = gt__scenario_parse_layer(s, gt__yaml_get(root, "inventory"), "inventory",
                                       &r->inventory)))
        return st;
    if ((st = parse_inventory_fields(s, root)))
        return st;
    if ((v = gt__yaml_get(root, "inventory_values")) &&
        (st = parse_values(y, v, GT_ERR_SCENARIO, r)))
        return st;
    if ((st = load_default_values(ctx, r)))
        return st;
    struct fy_node *layers = gt__yaml_get(root, "layers");
    if (layers && (st = gt__scenario_parse_layers(s, layers)))
        return st;
    if ((v = gt__yaml_get(root, "profile"))) {
        if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &r->profile_name)))
            return st;
    } else if (!(r->profile_name = gt__strdup(ctx, DEFAULT_PROFILE))) {
        return GT_ERR_NOMEM;
    }
    struct fy_node *plan = gt__yaml_get(root, "plan");
    if (plan && (st = parse_plan(y, plan, r)))
        return st;
    if ((st = gt__scenario_parse_on_missing(s, root)))
        return st;
    return gt__scenario_parse_outputs(s, root, rank_output_keys,
                                      "the scenario needs `outputs: {gpkg: ..., csv: ...}`", "csv",
                                      &r->out_csv);
}

/* gistool register import: the shipped table of Vietnamese values alone. */
gt_status gt__inventory_values_load(gt_context *ctx, gt__rank_part *r)
{
    return load_default_values(ctx, r);
}
