/*
 * scenario.c: read a scenario YAML file (docs/scenario.md) into a
 * gt_scenario, checking every key and value and naming file, line, column
 * and key path on error. Sources are resolved against the scenario's
 * folder; the output path against the current folder.
 * SPDX-License-Identifier: MIT
 */
#include <float.h>
#include <libgen.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/vn2000.h"
#include "gistool/scenario.h"

/* outputs.maps, outputs.report and outputs.lang, the same for every kind. */
static gt_status parse_output_extras(gt_scenario *s, struct fy_node *o)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *v;
    gt_status st;
    if ((v = gt__yaml_get(o, "maps")) && (st = gt__yaml_bool(y, v, GT_ERR_SCENARIO, &s->out_maps)))
        return st;
    if ((v = gt__yaml_get(o, "report")) &&
        (st = gt__yaml_bool(y, v, GT_ERR_SCENARIO, &s->out_report)))
        return st;
    if ((v = gt__yaml_get(o, "lang"))) {
        if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s->out_lang)))
            return st;
        if (strcmp(s->out_lang, "vi") && strcmp(s->out_lang, "en"))
            return gt__yaml_error(y, v, GT_ERR_SCENARIO, "lang is vi or en");
    }
    return GT_OK;
}

gt_status gt__scenario_parse_outputs(gt_scenario *s, struct fy_node *root,
                                     const char *const *allowed, const char *missing,
                                     const char *file_key, char **file_path)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *o = gt__yaml_get(root, "outputs"), *v;
    if (!o)
        return gt__yaml_error(y, root, GT_ERR_SCENARIO, "%s", missing);
    gt_status st = gt__yaml_check_map(y, o, allowed, GT_ERR_SCENARIO);
    if (st)
        return st;
    if (!(v = gt__yaml_get(o, "gpkg")))
        return gt__yaml_error(y, o, GT_ERR_SCENARIO, "`outputs:` needs `gpkg:`");
    if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s->out_gpkg)))
        return st;
    if ((v = gt__yaml_get(o, file_key)) && (st = gt__yaml_string(y, v, GT_ERR_SCENARIO, file_path)))
        return st;
    return parse_output_extras(s, o);
}

/* `crs: VN-2000 <province>` becomes the EPSG code of the province's TM-3
 * CRS (algorithms/vn2000.c), so every later reader of s->crs (the
 * pipelines, run_info's working_crs, the map sheet) gets a string OGR
 * parses. The scenario text in run_info keeps the name as written. */
static gt_status resolve_vn2000(gt_scenario *s, struct fy_node *v)
{
    const gt__yaml *y = &s->yaml;
    const char *province = gt__vn2000_province_part(s->crs);
    if (!province)
        return GT_OK;
    const gt_vn2000_preset *p = gt_vn2000_lookup(y->ctx, province);
    if (!p) {
        char why[600];
        snprintf(why, sizeof why, "%s", gt_context_errmsg(y->ctx));
        return gt__yaml_error(y, v, GT_ERR_SCENARIO, "%s", why);
    }
    char epsg[32], dm[16];
    snprintf(epsg, sizeof epsg, "EPSG:%d", p->epsg);
    gt__log(y->ctx, GT_LOG_INFO, "crs: VN-2000 %s is %s (TM-3 %s%s)", p->name, epsg,
            gt_vn2000_meridian_text(p, dm, sizeof dm),
            p->verify ? "; verify, see docs/crs.md" : "");
    free(s->crs);
    s->crs = gt__strdup(y->ctx, epsg);
    return s->crs ? GT_OK : GT_ERR_NOMEM;
}

gt_status gt__scenario_parse_name_crs(gt_scenario *s, struct fy_node *root, const char *crs_hint)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *v;
    gt_status st;
    if ((v = gt__yaml_get(root, "name")) && (st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s->name)))
        return st;
    if (!s->name && !(s->name = gt__strdup(y->ctx, "unnamed scenario")))
        return GT_ERR_NOMEM;
    if (!(v = gt__yaml_get(root, "crs")))
        return gt__yaml_error(y, root, GT_ERR_SCENARIO, "the scenario needs `crs:` (%s)", crs_hint);
    if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s->crs)))
        return st;
    return resolve_vn2000(s, v);
}

gt_status gt__scenario_parse_study_area(gt_scenario *s, struct fy_node *root)
{
    struct fy_node *v = gt__yaml_get(root, "study_area");
    if (!v)
        return gt__yaml_error(&s->yaml, root, GT_ERR_SCENARIO, "the scenario needs `study_area:`");
    return gt__scenario_parse_layer(s, v, "study_area", &s->study_area);
}

const gt__layer_spec *gt__scenario_layer(const gt_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_layers; i++)
        if (!strcmp(s->layers[i].name, name))
            return &s->layers[i];
    return NULL;
}

const char *gt__scenario_layer_absent(const gt_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_absent; i++)
        if (!strcmp(s->absent_layers[i], name))
            return s->absent_origins[i];
    return NULL;
}

gt_status gt__scenario_parse_on_missing(gt_scenario *s, struct fy_node *root)
{
    struct fy_node *v = gt__yaml_get(root, "on_missing");
    if (!v)
        return GT_OK;
    const char *t = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : "";
    if (strcmp(t, "fail") && strcmp(t, "warn"))
        return gt__yaml_error(&s->yaml, v, GT_ERR_SCENARIO,
                              "'%s' is not fail or warn (fail: refuse to run when "
                              "data is missing; warn: run and record the gaps in data_gaps)",
                              t);
    s->on_missing_fail = !strcmp(t, "fail");
    return GT_OK;
}

const char *gt_scenario_name(const gt_scenario *s)
{
    return s->name;
}

void gt_scenario_destroy(gt_scenario *s)
{
    if (!s)
        return;
    gt__yaml_free(&s->yaml);
    gt__rank_part_free(s->rank);
    free(s->dir);
    free(s->name);
    free(s->crs);
    free(s->facility);
    gt__layer_spec_free(&s->study_area);
    for (int i = 0; i < s->n_layers; i++)
        gt__layer_spec_free(&s->layers[i]);
    free(s->layers);
    free(s->profile_name);
    gt__strv_free(s->disabled_rules);
    for (int i = 0; i < s->n_extra; i++)
        gt__rule_free(&s->extra[i]);
    free(s->extra);
    for (int i = 0; i < s->n_factors; i++) {
        gt__factor *f = &s->factors[i];
        free(f->name);
        free(f->layer);
        for (int k = 0; k < f->n_scores; k++)
            free(f->score_classes[k]);
        free(f->score_classes);
        free(f->scores);
        gt__haul_factor_free(f); /* haul factor */
    }
    free(s->factors);
    free(s->direct_weights);
    free(s->ahp_matrix);
    free(s->parcels_layer);
    free(s->demand_layer);
    free(s->regions_road_layer);
    for (int i = 0; i < s->n_tie_keys; i++) /* tie_break */
        free(s->tie_keys[i]);
    free(s->tie_origin);
    free(s->out_gpkg);
    free(s->out_lang);
    free(s->out_cog);
    gt__strv_free(s->absent_layers);
    gt__strv_free(s->absent_origins);
    free(s);
}

static char *resolve(gt_context *ctx, const char *dir, const char *path)
{
    if (path[0] == '/' || strstr(path, ":") || !dir) /* absolute, PG:, /vsi..., etc. */
        return gt__strdup(ctx, path);
    return gt__asprintf("%s/%s", dir, path);
}

static const char *const layer_keys[] = {
    "source",           "layer", "srs",   "id_field", "class_field", "classes",
    "population_field", "where", "label", "required", NULL};

gt_status gt__scenario_parse_layer(gt_scenario *s, struct fy_node *n, const char *name,
                                   gt__layer_spec *l)
{
    const gt__yaml *y = &s->yaml;
    gt_status st;
    memset(l, 0, sizeof *l);
    if ((st = gt__yaml_check_map(y, n, layer_keys, GT_ERR_SCENARIO)))
        return st;
    int line, col;
    gt__yaml_pos(n, &line, &col);
    l->name = gt__strdup(y->ctx, name);
    l->origin = gt__asprintf("%s:%d", y->file, line);
    struct fy_node *v = gt__yaml_get(n, "source");
    if (!v)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "layer '%s' needs a `source` (a file GDAL can open)", name);
    char *src;
    if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &src)))
        return st;
    l->source = resolve(y->ctx, s->dir, src);
    free(src);
    /* validation: GDAL reads files and folders; a named pipe, socket or
     * device would make it wait for a writer forever (or read a stream it
     * cannot seek). */
    const char *kind = gt__not_a_file(l->source);
    if (kind && strcmp(kind, "folder"))
        return gt__yaml_error(y, v, GT_ERR_INPUT_OPEN,
                              "'%s' is a %s, not a file or folder GDAL can read", l->source, kind);
    struct {
        const char *key;
        char **dst;
    } strs[] = {{"layer", &l->layer},
                {"srs", &l->srs},
                {"id_field", &l->id_field},
                {"class_field", &l->class_field},
                {"population_field", &l->population_field},
                {"where", &l->where},
                {"label", &l->label}};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if ((v = gt__yaml_get(n, strs[i].key)) &&
            (st = gt__yaml_string(y, v, GT_ERR_SCENARIO, strs[i].dst)))
            return st;
    if ((v = gt__yaml_get(n, "classes")) &&
        (st = gt__yaml_strings(y, v, GT_ERR_SCENARIO, &l->classes, &l->n_classes)))
        return st;
    if (v && l->n_classes == 0) /* validation: an empty list would keep nothing */
        return gt__yaml_error(y, v, GT_ERR_SCENARIO, "classes: the list is empty (no feature "
                                                     "would be kept); leave it out to keep all");
    if ((v = gt__yaml_get(n, "required")) &&
        (st = gt__yaml_bool(y, v, GT_ERR_SCENARIO, &l->required)))
        return st;
    return GT_OK;
}

/* A YAML null: `~`, `null` or nothing, unquoted. */
static bool yaml_null(struct fy_node *n)
{
    if (!n)
        return true;
    if (!fy_node_is_scalar(n) || fy_node_get_style(n) != FYNS_PLAIN)
        return false;
    const char *t = fy_node_get_scalar0(n);
    return !t || !*t || !strcmp(t, "~") || !strcmp(t, "null") || !strcmp(t, "Null") ||
           !strcmp(t, "NULL");
}

gt_status gt__scenario_parse_layers(gt_scenario *s, struct fy_node *layers)
{
    const gt__yaml *y = &s->yaml;
    if (!fy_node_is_mapping(layers))
        return gt__yaml_error(y, layers, GT_ERR_SCENARIO,
                              "`layers:` must map names to layers "
                              "(name: {source: ...})");
    int nl = fy_node_mapping_item_count(layers);
    if (!(s->layers = gt__calloc(y->ctx, (size_t)nl + 1, sizeof *s->layers)) ||
        !(s->absent_layers = gt__calloc(y->ctx, (size_t)nl + 1, sizeof(char *))) ||
        !(s->absent_origins = gt__calloc(y->ctx, (size_t)nl + 1, sizeof(char *))))
        return GT_ERR_NOMEM;
    void *it = NULL;
    struct fy_node_pair *p;
    gt_status st;
    while ((p = fy_node_mapping_iterate(layers, &it))) {
        const char *name = fy_node_get_scalar0(fy_node_pair_key(p));
        struct fy_node *value = fy_node_pair_value(p);
        /* `dem: ~` (or `dem:`): the province has no such data; what needs
         * it is a data gap, recorded in data_gaps (docs/scenario.md). */
        if (yaml_null(value)) {
            int line, col;
            gt__yaml_pos(value ? value : fy_node_pair_key(p), &line, &col);
            s->absent_origins[s->n_absent] = gt__asprintf("%s:%d", y->file, line);
            if (!(s->absent_layers[s->n_absent++] = gt__strdup(y->ctx, name ? name : "?")))
                return GT_ERR_NOMEM;
            continue;
        }
        if ((st = gt__scenario_parse_layer(s, value, name ? name : "?", &s->layers[s->n_layers++])))
            return st;
    }
    return GT_OK;
}

static const char *const fuzzy_keys[] = {"shape",    "a",      "b",      "c", "d",
                                         "midpoint", "spread", "points", NULL};
static const char *const shape_names[] = {"linear", "sigmoidal", "j_shaped", "gaussian", "near",
                                          "large",  "small",     "table",    NULL};

static gt_status parse_fuzzy_shape(const gt__yaml *y, struct fy_node *n, gt_fuzzy *f)
{
    f->shape = GT_FUZZY_LINEAR;
    struct fy_node *v = gt__yaml_get(n, "shape");
    if (!v)
        return GT_OK;
    const char *sh = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : "";
    int k = 0;
    while (shape_names[k] && strcmp(shape_names[k], sh) && !(k == 2 && !strcmp(sh, "j-shaped")))
        k++;
    if (!shape_names[k])
        return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                              "unknown fuzzy shape '%s' (linear, sigmoidal, j_shaped, "
                              "gaussian, near, large, small, table)",
                              sh);
    f->shape = (gt_fuzzy_shape)k;
    return GT_OK;
}

/* Gaussian, near, large and small, as QGIS Fuzzify gives them: a midpoint
 * (f2) and a spread (f1). */
static gt_status parse_fuzzy_midpoint_spread(const gt__yaml *y, struct fy_node *n, gt_fuzzy *f)
{
    if (gt__yaml_get(n, "a") || gt__yaml_get(n, "points"))
        return gt__yaml_error(y, n, GT_ERR_SCENARIO, "fuzzy %s takes `midpoint` and `spread`",
                              shape_names[f->shape]);
    struct fy_node *v = gt__yaml_get(n, "midpoint");
    if (!v)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO, "fuzzy %s needs `midpoint`",
                              shape_names[f->shape]);
    gt_status st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &f->midpoint);
    if (st)
        return st;
    if (!(v = gt__yaml_get(n, "spread")))
        return gt__yaml_error(y, n, GT_ERR_SCENARIO, "fuzzy %s needs `spread`",
                              shape_names[f->shape]);
    return gt__yaml_number(y, v, GT_ERR_SCENARIO, &f->spread);
}

/* A table: `points: [[x, mu], ...]`, at most GT_FUZZY_MAX_POINTS. */
static gt_status parse_fuzzy_table(const gt__yaml *y, struct fy_node *n, gt_fuzzy *f)
{
    struct fy_node *v = gt__yaml_get(n, "points");
    if (!v || !fy_node_is_sequence(v))
        return gt__yaml_error(y, v ? v : n, GT_ERR_SCENARIO,
                              "fuzzy table needs `points: [[x, mu], ...]` (x ascending)");
    void *it = NULL;
    struct fy_node *row;
    gt_status st;
    while ((row = fy_node_sequence_iterate(v, &it))) {
        if (f->n_points == GT_FUZZY_MAX_POINTS)
            return gt__yaml_error(y, v, GT_ERR_SCENARIO, "at most %d points", GT_FUZZY_MAX_POINTS);
        if (!fy_node_is_sequence(row) || fy_node_sequence_item_count(row) != 2)
            return gt__yaml_error(y, row, GT_ERR_SCENARIO, "a point is [x, mu]");
        void *it2 = NULL;
        struct fy_node *x = fy_node_sequence_iterate(row, &it2),
                       *mu = fy_node_sequence_iterate(row, &it2);
        if ((st = gt__yaml_number(y, x, GT_ERR_SCENARIO, &f->px[f->n_points])) ||
            (st = gt__yaml_number(y, mu, GT_ERR_SCENARIO, &f->py[f->n_points])))
            return st;
        f->n_points++;
    }
    return GT_OK;
}

/* Linear, sigmoidal and J-shaped: control points a, b (the rising side)
 * and c, d (the falling side); a missing side is open, at -inf or +inf. */
static gt_status parse_fuzzy_control_points(const gt__yaml *y, struct fy_node *n, gt_fuzzy *f)
{
    if (gt__yaml_get(n, "midpoint") || gt__yaml_get(n, "spread") || gt__yaml_get(n, "points"))
        return gt__yaml_error(y, n, GT_ERR_SCENARIO, "fuzzy %s takes control points a, b, c, d",
                              shape_names[f->shape]);
    double *pts[] = {&f->a, &f->b, &f->c, &f->d};
    const char *names[] = {"a", "b", "c", "d"};
    bool given[4];
    gt_status st;
    for (int i = 0; i < 4; i++) {
        struct fy_node *v = gt__yaml_get(n, names[i]);
        given[i] = v != NULL;
        *pts[i] = i < 2 ? -INFINITY : INFINITY;
        if (v && (st = gt__yaml_number(y, v, GT_ERR_SCENARIO, pts[i])))
            return st;
    }
    if (given[0] != given[1])
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "give both a and b (the rising side) or neither");
    if (given[2] != given[3])
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "give both c and d (the falling side) or neither");
    return GT_OK;
}

static gt_status parse_fuzzy(const gt__yaml *y, struct fy_node *n, gt_fuzzy *f)
{
    gt_status st = gt__yaml_check_map(y, n, fuzzy_keys, GT_ERR_SCENARIO);
    if (st || (st = parse_fuzzy_shape(y, n, f)))
        return st;
    if (f->shape >= GT_FUZZY_GAUSSIAN && f->shape <= GT_FUZZY_SMALL)
        st = parse_fuzzy_midpoint_spread(y, n, f);
    else if (f->shape == GT_FUZZY_TABLE)
        st = parse_fuzzy_table(y, n, f);
    else
        st = parse_fuzzy_control_points(y, n, f);
    if (st)
        return st;
    /* The library checks the parameters; its message is given again with
     * the scenario's file, line and key path. */
    if (gt_fuzzy_validate(y->ctx, f)) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", gt_context_errmsg(y->ctx));
        return gt__yaml_error(y, n, GT_ERR_SCENARIO, "%s", msg);
    }
    return GT_OK;
}

static const char *const factor_keys[] = {"layer",         "measure",     "fuzzy", "scores",
                                          "default_score", "nodata_fill", "unit",  "network",
                                          "demand",        NULL};

static gt_status parse_measure(const gt__yaml *y, struct fy_node *n, const char *name,
                               gt__factor *f)
{
    struct fy_node *v = gt__yaml_get(n, "measure");
    const char *m = v && fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : NULL;
    if (!m)
        return gt__yaml_error(y, v ? v : n, GT_ERR_SCENARIO,
                              "factor '%s' needs `measure: distance | slope_pct | "
                              "class_score | haul`",
                              name);
    if (!strcmp(m, "distance"))
        f->measure = GT__MEASURE_DISTANCE;
    else if (!strcmp(m, "slope_pct"))
        f->measure = GT__MEASURE_SLOPE;
    else if (!strcmp(m, "class_score"))
        f->measure = GT__MEASURE_CLASS;
    else if (!strcmp(m, "haul")) /* haul factor */
        f->measure = GT__MEASURE_HAUL;
    else
        return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                              "unknown measure '%s' (distance, slope_pct, class_score, haul)", m);
    return GT_OK;
}

/* A class_score factor: `scores: {class: score}` (each 0-1), an optional
 * `default_score`, and no `fuzzy` (the scores are already 0-1). */
static gt_status parse_class_scores(const gt__yaml *y, struct fy_node *n, const char *name,
                                    gt__factor *f)
{
    struct fy_node *sc = gt__yaml_get(n, "scores"), *v;
    if (!sc || !fy_node_is_mapping(sc))
        return gt__yaml_error(y, sc ? sc : n, GT_ERR_SCENARIO,
                              "factor '%s' (class_score) needs `scores: {class: score}`", name);
    int cnt = fy_node_mapping_item_count(sc);
    f->score_classes = gt__calloc(y->ctx, (size_t)cnt, sizeof(char *));
    f->scores = gt__calloc(y->ctx, (size_t)cnt, sizeof(double));
    if (!f->score_classes || !f->scores)
        return GT_ERR_NOMEM;
    void *it = NULL;
    struct fy_node_pair *p;
    gt_status st;
    while ((p = fy_node_mapping_iterate(sc, &it))) {
        int k = f->n_scores++;
        if ((st = gt__yaml_string(y, fy_node_pair_key(p), GT_ERR_SCENARIO, &f->score_classes[k])) ||
            (st = gt__yaml_number(y, fy_node_pair_value(p), GT_ERR_SCENARIO, &f->scores[k])))
            return st;
        if (f->scores[k] < 0 || f->scores[k] > 1)
            return gt__yaml_error(y, fy_node_pair_value(p), GT_ERR_SCENARIO,
                                  "a class score must be between 0 and 1 (got %g)", f->scores[k]);
    }
    if ((v = gt__yaml_get(n, "default_score")) &&
        (st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &f->default_score)))
        return st;
    if (v && (f->default_score < 0 || f->default_score > 1)) /* validation */
        return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                              "default_score is a class score, from 0 to 1 (got %g)",
                              f->default_score);
    if ((v = gt__yaml_get(n, "fuzzy")))
        return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                              "a class_score factor takes `scores`, not `fuzzy`");
    return GT_OK;
}

static gt_status parse_factor(gt_scenario *s, struct fy_node *n, const char *name, gt__factor *f)
{
    const gt__yaml *y = &s->yaml;
    gt_status st = gt__yaml_check_map(y, n, factor_keys, GT_ERR_SCENARIO);
    if (st)
        return st;
    f->name = gt__strdup(y->ctx, name);
    f->default_score = 0;
    f->nodata_fill = NAN;
    struct fy_node *v = gt__yaml_get(n, "nodata_fill");
    if (v && (st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &f->nodata_fill)))
        return st;
    if (v && (f->nodata_fill < 0 || f->nodata_fill > 1))
        return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                              "nodata_fill is a standardised score, from 0 to 1");
    v = gt__yaml_get(n, "layer");
    if (!v)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO, "factor '%s' needs a `layer`", name);
    if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &f->layer)))
        return st;
    if (!gt__scenario_layer(s, f->layer) && !gt__scenario_layer_absent(s, f->layer))
        return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                              "factor '%s' uses layer '%s', which is not under "
                              "`layers:` (when the province has no such data, declare it "
                              "absent: `%s: ~`)",
                              name, f->layer, f->layer);
    if ((st = parse_measure(y, n, name, f)))
        return st;
    if ((st = gt__haul_factor_parse(s, n, name, f))) /* haul factor (site_haul.c) */
        return st;
    if (f->measure == GT__MEASURE_CLASS)
        return parse_class_scores(y, n, name, f);
    v = gt__yaml_get(n, "fuzzy");
    if (!v)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "factor '%s' needs `fuzzy: {shape, a, b, c, d}` to "
                              "standardise it to 0-1",
                              name);
    return parse_fuzzy(y, v, &f->fuzzy);
}

static int factor_index(const gt_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_factors; i++)
        if (!strcmp(s->factors[i].name, name))
            return i;
    return -1;
}

static const char *const ahp_keys[] = {
    "order", "matrix", "method", "ri_table", "cr_limit", "allow_inconsistent", NULL};

static gt_status parse_rank_method(const gt__yaml *y, struct fy_node *rank, gt_rank_weights *out)
{
    struct fy_node *m = gt__yaml_get(rank, "method");
    const char *ms = m && fy_node_is_scalar(m) ? fy_node_get_scalar0(m) : "roc";
    if (!strcmp(ms, "roc"))
        *out = GT_RANK_ROC;
    else if (!strcmp(ms, "rank_sum"))
        *out = GT_RANK_SUM;
    else if (!strcmp(ms, "reciprocal"))
        *out = GT_RANK_RECIPROCAL;
    else
        return gt__yaml_error(y, m, GT_ERR_SCENARIO,
                              "unknown rank-order method '%s' (roc, rank_sum, "
                              "reciprocal)",
                              ms);
    return GT_OK;
}

/* Weights from a ranking: {method: roc | rank_sum | reciprocal,
 * order: [most important, ..., least]}. */
static gt_status parse_rank_weights(gt_scenario *s, struct fy_node *rank)
{
    const gt__yaml *y = &s->yaml;
    static const char *const rkeys[] = {"method", "order", NULL};
    gt_status st = gt__yaml_check_map(y, rank, rkeys, GT_ERR_SCENARIO);
    if (st)
        return st;
    s->weights_mode = GT__WEIGHTS_RANK;
    if ((st = parse_rank_method(y, rank, &s->rank_method)))
        return st;
    char **order = NULL;
    int n_order = 0, nf = s->n_factors;
    struct fy_node *o = gt__yaml_get(rank, "order");
    if (!o)
        return gt__yaml_error(y, rank, GT_ERR_SCENARIO,
                              "`rank_order:` needs `order:` (factors, most "
                              "important first)");
    if ((st = gt__yaml_strings(y, o, GT_ERR_SCENARIO, &order, &n_order)))
        return st;
    double w[GT_AHP_MAX_N];
    s->direct_weights = gt__calloc(y->ctx, (size_t)nf, sizeof(double));
    if (!s->direct_weights || n_order != nf ||
        gt_rank_order_weights(y->ctx, nf, s->rank_method, w)) {
        gt__strv_free(order);
        return s->direct_weights ? gt__yaml_error(y, o, GT_ERR_SCENARIO,
                                                  "`order` lists %d factors; the "
                                                  "scenario has %d",
                                                  n_order, nf)
                                 : GT_ERR_NOMEM;
    }
    for (int i = 0; i < nf && !st; i++) {
        int k = factor_index(s, order[i]);
        if (k < 0 || s->direct_weights[k] > 0)
            st = gt__yaml_error(y, o, GT_ERR_SCENARIO,
                                "'%s' in `order` is not a factor, or is listed "
                                "twice",
                                order[i]);
        else
            s->direct_weights[k] = w[i];
    }
    gt__strv_free(order);
    return st;
}

/* `direct: {factor: weight}`, one for each factor, scaled to sum to 1. */
static gt_status parse_direct_weights(gt_scenario *s, struct fy_node *direct)
{
    const gt__yaml *y = &s->yaml;
    int nf = s->n_factors;
    s->weights_mode = GT__WEIGHTS_DIRECT;
    if (!fy_node_is_mapping(direct))
        return gt__yaml_error(y, direct, GT_ERR_SCENARIO, "expected `factor: weight` pairs");
    s->direct_weights = gt__calloc(y->ctx, (size_t)nf, sizeof(double));
    if (!s->direct_weights)
        return GT_ERR_NOMEM;
    for (int i = 0; i < nf; i++)
        s->direct_weights[i] = NAN;
    void *it = NULL;
    struct fy_node_pair *p;
    double sum = 0;
    gt_status st;
    while ((p = fy_node_mapping_iterate(direct, &it))) {
        const char *k = fy_node_get_scalar0(fy_node_pair_key(p));
        int i = k ? factor_index(s, k) : -1;
        if (i < 0)
            return gt__yaml_error(y, fy_node_pair_key(p), GT_ERR_SCENARIO,
                                  "'%s' is not a factor of this scenario", k ? k : "?");
        if ((st =
                 gt__yaml_number(y, fy_node_pair_value(p), GT_ERR_SCENARIO, &s->direct_weights[i])))
            return st;
        if (s->direct_weights[i] < 0)
            return gt__yaml_error(y, fy_node_pair_value(p), GT_ERR_WEIGHTS,
                                  "a weight must not be negative");
        sum += s->direct_weights[i];
    }
    for (int i = 0; i < nf; i++)
        if (isnan(s->direct_weights[i]))
            return gt__yaml_error(y, direct, GT_ERR_WEIGHTS, "no weight for factor '%s'",
                                  s->factors[i].name);
    if (!(sum > 0))
        return gt__yaml_error(y, direct, GT_ERR_WEIGHTS, "the weights sum to 0");
    for (int i = 0; i < nf; i++)
        s->direct_weights[i] /= sum; /* 30/20/50 and 0.3/0.2/0.5 mean the same */
    return GT_OK;
}

/* The AHP `order:`: each row's factor, every factor once. On success
 * *perm (caller frees) maps row i to its factor's index. */
static gt_status parse_ahp_order(gt_scenario *s, struct fy_node *ahp, int **perm)
{
    const gt__yaml *y = &s->yaml;
    char **order = NULL;
    int n_order = 0;
    struct fy_node *v = gt__yaml_get(ahp, "order");
    if (!v)
        return gt__yaml_error(y, ahp, GT_ERR_SCENARIO,
                              "`ahp:` needs `order:` (the factor of each row)");
    gt_status st = gt__yaml_strings(y, v, GT_ERR_SCENARIO, &order, &n_order);
    if (st)
        return st;
    int *pm = gt__calloc(y->ctx, (size_t)(n_order ? n_order : 1), sizeof(int));
    if (!pm) {
        gt__strv_free(order);
        return GT_ERR_NOMEM;
    }
    for (int i = 0; i < n_order && !st; i++) {
        pm[i] = factor_index(s, order[i]);
        if (pm[i] < 0)
            st = gt__yaml_error(y, v, GT_ERR_SCENARIO, "'%s' in `order` is not a factor", order[i]);
        for (int j = 0; j < i && !st; j++)
            if (pm[j] == pm[i])
                st = gt__yaml_error(y, v, GT_ERR_SCENARIO, "'%s' is listed twice in `order`",
                                    order[i]);
    }
    if (!st && n_order != s->n_factors)
        st = gt__yaml_error(y, v, GT_ERR_SCENARIO, "`order` lists %d factors; the scenario has %d",
                            n_order, s->n_factors);
    gt__strv_free(order);
    if (st)
        free(pm);
    else
        *perm = pm;
    return st;
}

/* The AHP `matrix:`, its rows in `order`, stored in factor order. */
static gt_status parse_ahp_matrix(gt_scenario *s, struct fy_node *ahp, const int *perm)
{
    const gt__yaml *y = &s->yaml;
    int nf = s->n_factors;
    struct fy_node *m = gt__yaml_get(ahp, "matrix");
    if (!m || !fy_node_is_sequence(m) || fy_node_sequence_item_count(m) != nf)
        return gt__yaml_error(y, m ? m : ahp, GT_ERR_AHP_MATRIX,
                              "`matrix` must be a list of %d rows", nf);
    if (!(s->ahp_matrix = gt__calloc(y->ctx, (size_t)nf * nf, sizeof(double))))
        return GT_ERR_NOMEM;
    void *it = NULL;
    struct fy_node *row;
    gt_status st = GT_OK;
    for (int i = 0; !st && (row = fy_node_sequence_iterate(m, &it)); i++) {
        if (!fy_node_is_sequence(row) || fy_node_sequence_item_count(row) != nf)
            return gt__yaml_error(y, row, GT_ERR_AHP_MATRIX,
                                  "row %d of `matrix` must have %d judgments", i + 1, nf);
        void *it2 = NULL;
        struct fy_node *cell;
        for (int j = 0; !st && (cell = fy_node_sequence_iterate(row, &it2)); j++) {
            double x;
            st = gt__yaml_number(y, cell, GT_ERR_AHP_MATRIX, &x);
            s->ahp_matrix[perm[i] * nf + perm[j]] = x;
        }
    }
    return st;
}

/* The AHP settings after the matrix: cr_limit (0.10 unless given),
 * allow_inconsistent, ri_table and method. */
static gt_status parse_ahp_options(gt_scenario *s, struct fy_node *ahp)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *v;
    gt_status st;
    s->cr_limit = 0.10;
    if ((v = gt__yaml_get(ahp, "cr_limit")) &&
        (st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &s->cr_limit)))
        return st;
    if (v && !(s->cr_limit > 0 && s->cr_limit <= 1)) /* validation, as --cr-limit */
        return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                              "cr_limit must be above 0 and at most 1 (got %g)", s->cr_limit);
    if ((v = gt__yaml_get(ahp, "allow_inconsistent")) &&
        (st = gt__yaml_bool(y, v, GT_ERR_SCENARIO, &s->allow_inconsistent)))
        return st;
    if ((v = gt__yaml_get(ahp, "ri_table"))) {
        const char *t = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : "";
        if (gt_ri_table_from_name(y->ctx, t, &s->ri_table))
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "unknown random-index table '%s' (saaty1980, saaty2005, "
                                  "donegan-dodd)",
                                  t);
    }
    if ((v = gt__yaml_get(ahp, "method"))) {
        const char *t = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : "";
        if (gt_ahp_method_from_name(y->ctx, t, &s->ahp_method))
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "unknown AHP method '%s' (eigen, geometric)", t);
    }
    return GT_OK;
}

static gt_status parse_ahp_weights(gt_scenario *s, struct fy_node *ahp)
{
    s->weights_mode = GT__WEIGHTS_AHP;
    gt_status st = gt__yaml_check_map(&s->yaml, ahp, ahp_keys, GT_ERR_SCENARIO);
    if (st)
        return st;
    int *perm = NULL;
    if ((st = parse_ahp_order(s, ahp, &perm)))
        return st;
    st = parse_ahp_matrix(s, ahp, perm);
    free(perm);
    return st ? st : parse_ahp_options(s, ahp);
}

/* `weights:` (required): exactly one of direct, ahp or rank_order. */
static gt_status parse_weights(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *n = gt__yaml_get(root, "weights");
    if (!n)
        return gt__yaml_error(y, root, GT_ERR_SCENARIO,
                              "the scenario needs `weights:` (direct or ahp)");
    static const char *const keys[] = {"direct", "ahp", "rank_order", NULL};
    gt_status st = gt__yaml_check_map(y, n, keys, GT_ERR_SCENARIO);
    if (st)
        return st;
    struct fy_node *direct = gt__yaml_get(n, "direct"), *ahp = gt__yaml_get(n, "ahp"),
                   *rank = gt__yaml_get(n, "rank_order");
    if ((direct != NULL) + (ahp != NULL) + (rank != NULL) != 1)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "give exactly one of `direct:`, `ahp:` or `rank_order:`");
    if (rank)
        return parse_rank_weights(s, rank);
    if (direct)
        return parse_direct_weights(s, direct);
    return parse_ahp_weights(s, ahp);
}

static const char *const top_keys[] = {
    "tie_break",    "aggregation", "demand",     "regions", "sensitivity", "name",
    "crs",          "resolution_m", "facility",  "study_area", "layers",   "parcels",
    "constraints",  "factors",     "weights",    "outputs", "on_missing",  NULL};
static const char *const constraint_keys[] = {"profile", "disable", "extra", NULL};
static const char *const output_keys[] = {"gpkg", "maps", "report", "lang", "cog", NULL};
static const char *const facilities[] = {"sanitary_landfill", "hazardous_landfill",
                                         "inert_landfill",    "transfer_station",
                                         "treatment_complex", NULL};

/* A numeric key of a block, read by read_numbers(): where its value goes
 * (an offset into the struct the block fills, stored as `type`), its
 * default, and, when `invalid` is set, the range it must be in (inclusive,
 * a whole number if `whole`) and the message when it is not. Keys without
 * `invalid` take any number. */
typedef enum { NUM_DOUBLE, NUM_INT, NUM_U64 } num_type;
typedef struct num_key {
    const char *key;
    size_t offset;
    num_type type;
    double dflt;
    bool whole;
    double min, max;
    const char *invalid;
} num_key;

#define N_KEYS(table) (sizeof(table) / sizeof *(table))

/* `demand:` values a scenario may leave out (docs/scenario.md): no urban
 * population and 1 kg a person a day unless given (rural 0.5 kg), all of it
 * collected and landfilled, over 20 years, compacted to 0.8 t/m3 and filled
 * 10 m high, plus 30 % of the area for buffers, roads and works. The
 * population has no default: it is given or read from a layer. The rows
 * are in the order the keys are read, which decides the first error. */
static const num_key demand_keys[] = {
    {"population", offsetof(gt_demand, population), .dflt = NAN},           /* people served */
    {"urban_share", offsetof(gt_demand, urban_share), .dflt = 0},           /* 0-1 */
    {"collection_rate", offsetof(gt_demand, collection_rate), .dflt = 1.0}, /* 0-1 */
    {"landfill_share", offsetof(gt_demand, landfill_share), .dflt = 1.0},   /* 0-1 */
    {"horizon_years", offsetof(gt_demand, horizon_years), .dflt = 20},
    {"density_t_per_m3", offsetof(gt_demand, density_t_per_m3), .dflt = 0.8}, /* compacted */
    {"fill_height_m", offsetof(gt_demand, fill_height_m), .dflt = 10},
    {"allowance", offsetof(gt_demand, allowance), .dflt = 0.3}, /* share added to the area */
};
/* `demand: kg_per_person_day: {urban, rural}`. */
static const num_key generation_keys[] = {
    {"urban", offsetof(gt_demand, kg_per_person_day_urban), .dflt = 1.0,
     .min = GT__KG_PER_PERSON_DAY_MIN, .max = GT__KG_PER_PERSON_DAY_MAX,
     .invalid = "from 0.1 to 5 kg a person a day (national "
                "means worldwide: 0.11 to 4.54, What a Waste 2.0; a wrong unit?)"},
    {"rural", offsetof(gt_demand, kg_per_person_day_rural), .dflt = 0.5,
     .min = GT__KG_PER_PERSON_DAY_MIN, .max = GT__KG_PER_PERSON_DAY_MAX,
     .invalid = "from 0.1 to 5 kg a person a day (national "
                "means worldwide: 0.11 to 4.54, What a Waste 2.0; a wrong unit?)"},
};

/* `regions:` keeps cells scoring at least 0.6 (0-1) unless told; without
 * `min_area_ha` (NAN) a region must be as large as the required area. */
static const num_key regions_keys[] = {
    {"min_score", offsetof(gt_scenario, regions_min_score), .dflt = 0.6, .min = 0, .max = 1,
     .invalid = "min_score: a score, from 0 to 1"},
    {"min_area_ha", offsetof(gt_scenario, regions_min_area_ha), .dflt = NAN, .min = 0,
     .max = INFINITY, .invalid = "min_area_ha must not be negative"},
    {"max_area_ha", offsetof(gt_scenario, regions_max_area_ha), .dflt = NAN, .min = DBL_TRUE_MIN,
     .max = INFINITY, .invalid = "max_area_ha must be positive"},
    /* growing compares scores in bands of 0.05 (docs/methodology.md) */
    {"score_band", offsetof(gt_scenario, regions_score_band), .dflt = 0.05, .min = 0, .max = 1,
     .invalid = "score_band: from 0 (exact scores) to 1"},
};

/* `sensitivity:` defaults: weights moved one at a time by +-5, 10 and 20 %;
 * 200 Monte Carlo draws from a Dirichlet centred on the weights with
 * concentration 5; stability judged on the top 10. The seed is fixed so
 * that two runs of one scenario give the same numbers. The concentration's
 * minimum, DBL_TRUE_MIN, is the smallest double above 0: it must be
 * positive. */
static const double default_oat_steps[] = {-0.20, -0.10, -0.05, 0.05, 0.10, 0.20};
static const num_key sensitivity_keys[] = {
    {"monte_carlo_runs", offsetof(gt_scenario, mc_runs), NUM_INT, 200, true, 0, 100000,
     "monte_carlo_runs: a whole number, 0 to 100000"},
    /* Above 1e6 the weights' standard deviation, at most sqrt(0.25 / (c + 1)),
     * is below 0.0005: nothing left to test (and 1e300 is a typo). */
    {"concentration", offsetof(gt_scenario, mc_concentration), NUM_DOUBLE, 5, false, DBL_TRUE_MIN,
     1e6, "concentration must be positive, at most 1e6"},
    /* 2^53: every whole number up to it is exact in a double; beyond, the
     * conversion to the generator's 64-bit seed is undefined past 2^64. */
    {"seed", offsetof(gt_scenario, mc_seed), NUM_U64, 394, true, 0, 9007199254740992.0,
     "seed: a whole number, 0 to 2^53 (9007199254740992)"},
    {"top_k", offsetof(gt_scenario, top_k), NUM_INT, 10, true, 1, 1000,
     "top_k: a whole number, 1 to 1000"},
};

static void store_number(const num_key *k, void *base, double x)
{
    char *at = (char *)base + k->offset;
    switch (k->type) {
    case NUM_DOUBLE:
        *(double *)at = x;
        break;
    case NUM_INT:
        *(int *)at = (int)x;
        break;
    case NUM_U64:
        *(uint64_t *)at = (uint64_t)x;
        break;
    }
}

static void set_number_defaults(const num_key *keys, size_t n, void *base)
{
    for (size_t i = 0; i < n; i++)
        store_number(&keys[i], base, keys[i].dflt);
}

/* Reads the keys of `block` listed in `keys`, in that order, into the
 * struct at `base`; keys not given keep what is there. */
static gt_status read_numbers(const gt__yaml *y, struct fy_node *block, const num_key *keys,
                              size_t n, void *base)
{
    for (size_t i = 0; i < n; i++) {
        const num_key *k = &keys[i];
        struct fy_node *v = gt__yaml_get(block, k->key);
        double x;
        if (!v)
            continue;
        gt_status st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &x);
        if (st)
            return st;
        /* Written so that NaN is never in range. */
        bool ok = (!k->whole || x == floor(x)) && x >= k->min && x <= k->max;
        if (k->invalid && !ok)
            return gt__yaml_error(y, v, GT_ERR_SCENARIO, "%s", k->invalid);
        store_number(k, base, x);
    }
    return GT_OK;
}

static gt_status parse_resolution(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *v = gt__yaml_get(root, "resolution_m");
    if (!v)
        return gt__yaml_error(y, root, GT_ERR_SCENARIO, "the scenario needs `resolution_m:`");
    gt_status st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &s->resolution_m);
    if (st)
        return st;
    if (!(s->resolution_m > 0))
        return gt__yaml_error(y, v, GT_ERR_SCENARIO, "resolution_m must be positive");
    return GT_OK;
}

bool gt__facility_known(const char *name)
{
    for (int i = 0; facilities[i]; i++)
        if (!strcmp(facilities[i], name))
            return true;
    return false;
}

/* `facility:`, a sanitary landfill unless given. */
static gt_status parse_facility(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    s->facility = gt__strdup(y->ctx, "sanitary_landfill");
    struct fy_node *v = gt__yaml_get(root, "facility");
    if (!v)
        return GT_OK;
    free(s->facility);
    gt_status st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s->facility);
    if (st)
        return st;
    bool ok = false;
    for (int i = 0; facilities[i]; i++)
        ok |= !strcmp(facilities[i], s->facility);
    if (!ok)
        return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                              "unknown facility '%s' (sanitary_landfill, "
                              "hazardous_landfill, inert_landfill, transfer_station, "
                              "treatment_complex)",
                              s->facility);
    return GT_OK;
}

/* `layers:` (required), then `parcels:`, the name of one of them
 * ("parcels" unless given). */
static gt_status parse_site_layers(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *layers = gt__yaml_get(root, "layers"), *v;
    if (!layers)
        return gt__yaml_error(y, root, GT_ERR_SCENARIO,
                              "the scenario needs `layers:` (name: {source: ...})");
    gt_status st = gt__scenario_parse_layers(s, layers);
    if (st)
        return st;
    s->parcels_layer = gt__strdup(y->ctx, "parcels");
    if (!(v = gt__yaml_get(root, "parcels")))
        return GT_OK;
    free(s->parcels_layer);
    if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s->parcels_layer)))
        return st;
    if (!gt__scenario_layer(s, s->parcels_layer))
        return gt__yaml_error(y, v, GT_ERR_SCENARIO, "no layer '%s' under `layers:`",
                              s->parcels_layer);
    return GT_OK;
}

/* `constraints:`: the profile, the rules it turns off and extra rules. */
static gt_status parse_constraints(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *c = gt__yaml_get(root, "constraints"), *v;
    if (!c)
        return GT_OK;
    gt_status st = gt__yaml_check_map(y, c, constraint_keys, GT_ERR_SCENARIO);
    if (st)
        return st;
    if ((v = gt__yaml_get(c, "profile")) &&
        (st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s->profile_name)))
        return st;
    if ((v = gt__yaml_get(c, "disable")) &&
        (st = gt__yaml_strings(y, v, GT_ERR_SCENARIO, &s->disabled_rules, &s->n_disabled)))
        return st;
    struct fy_node *extra = gt__yaml_get(c, "extra");
    if (!extra)
        return GT_OK;
    if (!fy_node_is_sequence(extra))
        return gt__yaml_error(y, extra, GT_ERR_SCENARIO, "`extra:` must be a list of rules");
    int n = fy_node_sequence_item_count(extra);
    if (!(s->extra = gt__calloc(y->ctx, (size_t)n, sizeof *s->extra)))
        return GT_ERR_NOMEM;
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(extra, &it)))
        if ((st = gt__rule_parse(y, item, GT_ERR_SCENARIO, &s->extra[s->n_extra++])))
            return st;
    return GT_OK;
}

/* `factors:` (required): one to GT_AHP_MAX_N of them, by name. */
static gt_status parse_factors(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *factors = gt__yaml_get(root, "factors");
    if (!factors || !fy_node_is_mapping(factors) || !fy_node_mapping_item_count(factors))
        return gt__yaml_error(y, factors ? factors : root, GT_ERR_SCENARIO,
                              "the scenario needs `factors:` (at least one)");
    int nf = fy_node_mapping_item_count(factors);
    if (nf > GT_AHP_MAX_N)
        return gt__yaml_error(y, factors, GT_ERR_SCENARIO, "at most %d factors", GT_AHP_MAX_N);
    if (!(s->factors = gt__calloc(y->ctx, (size_t)nf, sizeof *s->factors)))
        return GT_ERR_NOMEM;
    void *it = NULL;
    struct fy_node_pair *p;
    gt_status st;
    while ((p = fy_node_mapping_iterate(factors, &it))) {
        const char *name = fy_node_get_scalar0(fy_node_pair_key(p));
        if ((st = parse_factor(s, fy_node_pair_value(p), name ? name : "?",
                               &s->factors[s->n_factors++])))
            return st;
    }
    return GT_OK;
}

/* `demand:`: the waste to hold, and so the area a landfill needs; the
 * population is given or read from a layer's counts. */
static gt_status parse_demand(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *dm = gt__yaml_get(root, "demand"), *v;
    if (!dm)
        return GT_OK;
    static const char *const dkeys[] = {"population",
                                        "population_layer",
                                        "urban_share",
                                        "kg_per_person_day",
                                        "collection_rate",
                                        "landfill_share",
                                        "horizon_years",
                                        "density_t_per_m3",
                                        "fill_height_m",
                                        "allowance",
                                        NULL};
    gt_status st = gt__yaml_check_map(y, dm, dkeys, GT_ERR_SCENARIO);
    if (st)
        return st;
    gt_demand *d = &s->demand;
    s->has_demand = true;
    set_number_defaults(demand_keys, N_KEYS(demand_keys), d);
    set_number_defaults(generation_keys, N_KEYS(generation_keys), d);
    if ((st = read_numbers(y, dm, demand_keys, N_KEYS(demand_keys), d)))
        return st;
    if ((v = gt__yaml_get(dm, "kg_per_person_day"))) {
        static const char *const gk[] = {"urban", "rural", NULL};
        if ((st = gt__yaml_check_map(y, v, gk, GT_ERR_SCENARIO)) ||
            (st = read_numbers(y, v, generation_keys, N_KEYS(generation_keys), d)))
            return st;
    }
    if ((v = gt__yaml_get(dm, "population_layer"))) {
        /* validation: the layer's sum replaces `population:`, which would
         * be dropped without a word (`--set demand.population=...`). */
        if (!isnan(d->population))
            return gt__yaml_error(y, gt__yaml_get(dm, "population"), GT_ERR_SCENARIO,
                                  "give population or population_layer, not both (the "
                                  "layer's sum would replace %g)",
                                  d->population);
        if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s->demand_layer)))
            return st;
        const gt__layer_spec *pl = gt__scenario_layer(s, s->demand_layer);
        if (!pl || !pl->population_field)
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "no layer '%s' with a `population_field` under "
                                  "`layers:`",
                                  s->demand_layer);
    } else if (isnan(d->population)) {
        return gt__yaml_error(y, dm, GT_ERR_SCENARIO,
                              "`demand:` needs `population:` or "
                              "`population_layer:`");
    }
    return GT_OK;
}

/* `regions:`: contiguous suitable areas where there are no parcels. */
static gt_status parse_regions(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *rg = gt__yaml_get(root, "regions"), *v;
    if (!rg)
        return GT_OK;
    static const char *const rkeys[] = {"min_score",  "min_area_ha", "connectivity",
                                        "road_layer", "max_area_ha", "method",
                                        "score_band", NULL};
    gt_status st = gt__yaml_check_map(y, rg, rkeys, GT_ERR_SCENARIO);
    if (st)
        return st;
    s->has_regions = true;
    set_number_defaults(regions_keys, N_KEYS(regions_keys), s);
    s->regions_connectivity = 4;
    if ((st = read_numbers(y, rg, regions_keys, N_KEYS(regions_keys), s)))
        return st;
    if ((v = gt__yaml_get(rg, "connectivity"))) {
        double conn;
        if ((st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &conn)))
            return st;
        if (conn != 4 && conn != 8)
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "connectivity is 4 (edges) or 8 (edges and "
                                  "corners)");
        s->regions_connectivity = (int)conn;
    }
    if ((v = gt__yaml_get(rg, "method"))) { /* grow (default) or components */
        char *m = NULL;
        if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &m)))
            return st;
        bool grow = !strcmp(m, "grow");
        s->regions_components = !strcmp(m, "components");
        free(m);
        if (!grow && !s->regions_components)
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "method is grow (site-sized regions from score peaks) or "
                                  "components (whole contiguous areas)");
    }
    /* Settings of growing that components, whole areas, would ignore. */
    static const char *const grow_only[] = {"max_area_ha", "score_band"};
    for (int i = 0; s->regions_components && i < 2; i++)
        if ((v = gt__yaml_get(rg, grow_only[i])))
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "`%s` goes with `method: grow`; `method: components` keeps "
                                  "whole areas and would ignore it",
                                  grow_only[i]);
    if ((v = gt__yaml_get(rg, "road_layer"))) {
        if ((st = gt__yaml_string(y, v, GT_ERR_SCENARIO, &s->regions_road_layer)))
            return st;
        if (!gt__scenario_layer(s, s->regions_road_layer))
            return gt__yaml_error(y, v, GT_ERR_SCENARIO, "no layer '%s' under `layers:`",
                                  s->regions_road_layer);
    }
    return GT_OK;
}

/* `tie_break:` how parcels with equal scores are ordered (docs/site.md,
 * "Ties"): `precision` (scores rounded to it are equal; default 0.01) and
 * `keys`, up to four of `area_ha`, `parcel_id`, `f_<factor>`, `d_<layer>_m`,
 * each with `asc` (default) or `desc`; default [area_ha desc, parcel_id
 * asc]. A list alone gives the keys. The id ascending ends every order. */
static gt_status tie_key(gt_scenario *s, struct fy_node *n, const char *text)
{
    const gt__yaml *y = &s->yaml;
    char name[128], dir[16] = "asc", extra[8];
    int got = sscanf(text, "%127s %15s %7s", name, dir, extra);
    if (got < 1 || got > 2 || (strcmp(dir, "asc") && strcmp(dir, "desc")))
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "'%s': a tie-break key is a name and asc or desc, e.g. "
                              "'area_ha desc'", text);
    size_t len = strlen(name);
    bool ok = !strcmp(name, "area_ha") || !strcmp(name, "parcel_id");
    for (int i = 0; !ok && i < s->n_factors; i++)
        ok = !strncmp(name, "f_", 2) && !strcmp(name + 2, s->factors[i].name);
    for (int i = 0; !ok && i < s->n_layers; i++)
        ok = len > 4 && !strncmp(name, "d_", 2) && !strcmp(name + len - 2, "_m") &&
             strlen(s->layers[i].name) == len - 4 && !strncmp(name + 2, s->layers[i].name, len - 4);
    if (!ok)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                              "unknown tie-break key '%s' (area_ha, parcel_id, f_<factor>, "
                              "d_<layer>_m)", name);
    if (s->n_tie_keys == GT__TIE_MAX_KEYS)
        return gt__yaml_error(y, n, GT_ERR_SCENARIO, "at most %d tie-break keys",
                              GT__TIE_MAX_KEYS);
    /* A key after itself or after the (unique) parcel id would never
     * order two parcels: a key meant to count that does not. */
    for (int i = 0; i < s->n_tie_keys; i++)
        if (!strcmp(s->tie_keys[i], name) || !strcmp(s->tie_keys[i], "parcel_id"))
            return gt__yaml_error(y, n, GT_ERR_SCENARIO,
                                  "tie-break key '%s' comes after '%s' and would never order "
                                  "two parcels (%s)",
                                  name, s->tie_keys[i],
                                  strcmp(s->tie_keys[i], name) ? "parcel ids are unique"
                                                               : "it is given twice");
    if (!(s->tie_keys[s->n_tie_keys] = gt__strdup(y->ctx, name)))
        return gt_context_status(y->ctx);
    s->tie_desc[s->n_tie_keys++] = !strcmp(dir, "desc");
    return GT_OK;
}

static gt_status parse_tie_break(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    s->tie_precision = 0.01;
    struct fy_node *tb = gt__yaml_get(root, "tie_break"), *keys = tb, *v;
    gt_status st = GT_OK;
    if (tb && !fy_node_is_sequence(tb)) {
        static const char *const tkeys[] = {"precision", "keys", NULL};
        if ((st = gt__yaml_check_map(y, tb, tkeys, GT_ERR_SCENARIO)))
            return st;
        if ((v = gt__yaml_get(tb, "precision"))) {
            if ((st = gt__yaml_number(y, v, GT_ERR_SCENARIO, &s->tie_precision)))
                return st;
            if (!(s->tie_precision >= 1e-12 && s->tie_precision <= 1))
                return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                      "must be from 1e-12 to 1 (scores are 0-1)");
        }
        keys = gt__yaml_get(tb, "keys");
    }
    if (tb) {
        int line, col;
        gt__yaml_pos(tb, &line, &col);
        if (!(s->tie_origin = gt__asprintf("%s:%d", y->file, line)))
            return gt__error(y->ctx, GT_ERR_NOMEM, "out of memory");
    }
    if (!keys) { /* the default */
        st = tie_key(s, root, "area_ha desc");
        return st ? st : tie_key(s, root, "parcel_id asc");
    }
    char **list = NULL;
    int n = 0;
    if ((st = gt__yaml_strings(y, keys, GT_ERR_SCENARIO, &list, &n)))
        return st;
    for (int i = 0; !st && i < n; i++)
        st = tie_key(s, keys, list[i]);
    gt__strv_free(list);
    return st;
}

/* `sensitivity:` `oat_steps`: up to 16 relative weight changes. */
static gt_status parse_oat_steps(gt_scenario *s, struct fy_node *v)
{
    const gt__yaml *y = &s->yaml;
    if (!fy_node_is_sequence(v) || fy_node_sequence_item_count(v) > 16)
        return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                              "oat_steps: a list of up to 16 relative changes, "
                              "e.g. [-0.1, 0.1]");
    s->n_oat_steps = 0;
    void *it = NULL;
    struct fy_node *x;
    gt_status st;
    while ((x = fy_node_sequence_iterate(v, &it))) {
        double *d = &s->oat_steps[s->n_oat_steps++];
        if ((st = gt__yaml_number(y, x, GT_ERR_SCENARIO, d)))
            return st;
        if (*d <= -1 || *d > 10)
            return gt__yaml_error(y, x, GT_ERR_SCENARIO,
                                  "a step is a relative change above -1 (-100 %%) and at most "
                                  "10 (+1000 %%); got %g",
                                  *d);
        /* A step twice is the same runs twice: counted twice in the
         * one-at-a-time shares (a typo for its opposite, most likely). */
        for (int k = 0; k < s->n_oat_steps - 1; k++)
            if (s->oat_steps[k] == *d)
                return gt__yaml_error(y, x, GT_ERR_SCENARIO,
                                      "step %g is listed twice (steps %d and %d)", *d, k + 1,
                                      s->n_oat_steps);
    }
    return GT_OK;
}

/* Sensitivity settings (used by `gistool sensitivity`, and by `site`
 * when the block is there); defaults otherwise. */
static gt_status parse_sensitivity(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    s->n_oat_steps = (int)(sizeof default_oat_steps / sizeof *default_oat_steps);
    memcpy(s->oat_steps, default_oat_steps, sizeof default_oat_steps);
    set_number_defaults(sensitivity_keys, N_KEYS(sensitivity_keys), s);
    struct fy_node *sens = gt__yaml_get(root, "sensitivity"), *v;
    if (!sens)
        return GT_OK;
    static const char *const skeys[] = {
        "oat_steps", "monte_carlo_runs", "concentration", "seed", "top_k", NULL};
    gt_status st = gt__yaml_check_map(y, sens, skeys, GT_ERR_SCENARIO);
    if (st)
        return st;
    s->has_sensitivity = true;
    if ((v = gt__yaml_get(sens, "oat_steps")) && (st = parse_oat_steps(s, v)))
        return st;
    if ((st = read_numbers(y, sens, sensitivity_keys, N_KEYS(sensitivity_keys), s)))
        return st;
    /* No step and no draw: every parcel would keep its rank in "every
     * run", and the outputs would call the ranking stable untested. */
    if (s->n_oat_steps == 0 && s->mc_runs == 0)
        return gt__yaml_error(y, sens, GT_ERR_SCENARIO,
                              "oat_steps is empty and monte_carlo_runs is 0: nothing would be "
                              "tested, yet every parcel would show as stable; give steps, "
                              "runs, or both");
    return GT_OK;
}

/* OWA `order_weights:`, one per factor for the largest value first,
 * scaled to sum to 1; only with `method: owa`. */
static gt_status parse_order_weights(gt_scenario *s, struct fy_node *agg)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *ow = gt__yaml_get(agg, "order_weights");
    if (s->aggregation != GT__AGG_OWA)
        return ow ? gt__yaml_error(y, ow, GT_ERR_SCENARIO,
                                   "`order_weights` goes with `method: owa`")
                  : GT_OK;
    if (!ow || !fy_node_is_sequence(ow) || fy_node_sequence_item_count(ow) != s->n_factors)
        return gt__yaml_error(y, ow ? ow : agg, GT_ERR_SCENARIO,
                              "OWA needs `order_weights:` with one weight per factor "
                              "(%d), for the largest value first",
                              s->n_factors);
    void *it = NULL;
    struct fy_node *x;
    double sum = 0;
    gt_status st;
    for (int i = 0; (x = fy_node_sequence_iterate(ow, &it)); i++) {
        if ((st = gt__yaml_number(y, x, GT_ERR_SCENARIO, &s->order_weights[i])))
            return st;
        if (s->order_weights[i] < 0)
            return gt__yaml_error(y, x, GT_ERR_SCENARIO, "an order weight must not be negative");
        sum += s->order_weights[i];
    }
    if (!(sum > 0))
        return gt__yaml_error(y, ow, GT_ERR_SCENARIO, "the order weights sum to 0");
    for (int i = 0; i < s->n_factors; i++)
        s->order_weights[i] /= sum;
    return GT_OK;
}

/* `aggregation:`: how the factors combine, wlc unless given. */
static gt_status parse_aggregation(gt_scenario *s, struct fy_node *root)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *agg = gt__yaml_get(root, "aggregation");
    if (!agg)
        return GT_OK;
    static const char *const akeys[] = {"method", "order_weights", NULL};
    gt_status st = gt__yaml_check_map(y, agg, akeys, GT_ERR_SCENARIO);
    if (st)
        return st;
    struct fy_node *v = gt__yaml_get(agg, "method");
    const char *m = v && fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : "wlc";
    if (!strcmp(m, "wlc"))
        s->aggregation = GT__AGG_WLC;
    else if (!strcmp(m, "wpm"))
        s->aggregation = GT__AGG_WPM;
    else if (!strcmp(m, "owa"))
        s->aggregation = GT__AGG_OWA;
    else
        return gt__yaml_error(y, v, GT_ERR_SCENARIO, "unknown aggregation '%s' (wlc, wpm, owa)", m);
    return parse_order_weights(s, agg);
}

static gt_status parse_site_name_crs(gt_scenario *s, struct fy_node *root)
{
    return gt__scenario_parse_name_crs(s, root, "a metric working CRS, e.g. EPSG:32648");
}

static gt_status parse_site_outputs(gt_scenario *s, struct fy_node *root)
{
    return gt__scenario_parse_outputs(
        s, root, output_keys, "the scenario needs `outputs: {gpkg: path}`", "cog", &s->out_cog);
}

/* The blocks of a site scenario in the order they are read. The first
 * block that fails gives the error reported, so this order is part of
 * the behaviour: a scenario with several mistakes is told about the same
 * one first every time. */
static gt_status (*const site_blocks[])(gt_scenario *s, struct fy_node *root) = {
    parse_site_name_crs, parse_resolution,
    parse_facility,      gt__scenario_parse_study_area,
    parse_site_layers,   parse_constraints,
    parse_factors,       parse_weights,
    parse_demand,        parse_regions,
    parse_sensitivity,   parse_aggregation,
    parse_site_outputs,  gt__scenario_parse_on_missing,
    parse_tie_break,
};

static gt_status parse(gt_scenario *s)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *root = gt__yaml_root(y);
    if (root && fy_node_is_mapping(root) && gt__yaml_get(root, "inventory")) {
        s->kind = GT__SCENARIO_RANK;
        return gt__rank_parse(s);
    }
    gt_status st = gt__yaml_check_map(y, root, top_keys, GT_ERR_SCENARIO);
    for (size_t i = 0; !st && i < sizeof site_blocks / sizeof *site_blocks; i++)
        st = site_blocks[i](s, root);
    return st;
}

gt_scenario *gt_scenario_load(gt_context *ctx, const char *path, const char *const *overrides)
{
    gt_scenario *s = gt__calloc(ctx, 1, sizeof *s);
    if (!s)
        return NULL;
    gt_status st = gt__yaml_load(ctx, path, GT_ERR_SCENARIO, &s->yaml);
    if (!st) {
        char *tmp = gt__strdup(ctx, path);
        s->dir = tmp ? gt__strdup(ctx, dirname(tmp)) : NULL;
        free(tmp);
    }
    for (int i = 0; !st && overrides && overrides[i]; i++)
        st = gt__yaml_override(&s->yaml, overrides[i]);
    if (!st)
        st = parse(s);
    if (st) {
        gt_scenario_destroy(s);
        return NULL;
    }
    return s;
}
