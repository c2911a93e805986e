/*
 * profile.c: constraint profiles, the shipped and editable rule tables
 * (gistool/profiles/<id>.yaml). Each rule names the layer it applies to,
 * the distance or class list, the facility types and its legal source.
 * SPDX-License-Identifier: MIT
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

static const char *const rule_keys[] = {"id",      "layer",         "min_distance_m", "inside",
                                        "classes", "max_slope_pct", "facility",       "source",
                                        "date",    "status",        "note",           NULL};

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
    const char *dirs[] = {getenv("GISTOOL_DATA"), GT_DATA_DIR_BUILD, GT_DATA_DIR_INSTALL};
    for (int i = 0; i < 3; i++) {
        if (!dirs[i])
            continue;
        char *p = gt__asprintf("%s/%s.yaml", dirs[i], name);
        if (p && access(p, R_OK) == 0)
            return p;
        free(p);
    }
    gt__error(ctx, GT_ERR_PROFILE, "profile '%s' not found (looked in $GISTOOL_DATA, %s, %s)", name,
              GT_DATA_DIR_BUILD, GT_DATA_DIR_INSTALL);
    return NULL;
}

static const char *const profile_keys[] = {"profile", "title", "rules", "note", NULL};

gt_status gt__profile_load(gt_context *ctx, const char *name_or_path, const char *base_dir,
                           gt__profile *out)
{
    memset(out, 0, sizeof *out);
    char *path = gt__profile_path(ctx, name_or_path, base_dir);
    if (!path)
        return gt_context_status(ctx);
    gt__yaml y;
    gt_status st = gt__yaml_load(ctx, path, GT_ERR_PROFILE, &y);
    if (st == GT_ERR_INPUT_OPEN)
        st = gt__error_recode(ctx, GT_ERR_PROFILE);
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
