/*
 * check.c: `gistool check`: validate a scenario and open every input
 * (layer, fields, CRS, extent) without running the analysis.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/pipeline.h"

/* The data gaps a run would have (gaps.h), listed before it: rules and
 * factors without their layer, layers found empty (empty[i]). */
static gt_status check_gaps(gt_context *ctx, const gt_scenario *s, const gt__active_rule *rules,
                            int n_rules, double *w, const bool *empty)
{
    gt__gaps gaps = {0};
    gt_status st = gt__rule_gaps(ctx, s, rules, n_rules, &gaps);
    for (int i = 0; i < n_rules && !st; i++) {
        int li = -1;
        for (int k = 0; k < s->n_layers; k++)
            if (!strcmp(s->layers[k].name, rules[i].rule->layer))
                li = k;
        if (rules[i].applied && li >= 0 && empty[li])
            st = gt__gaps_add(ctx, &gaps, "rule", rules[i].rule->id, rules[i].rule->layer,
                              GT__GAP_NONE_NEAR, GT__GAP_RULE_APPLIED_EMPTY, NAN, NAN,
                              "constraint_zones; parcels.excluded, d_ fields",
                              "rule applied to no features: 0 ha excluded");
    }
    bool no_data[GT_AHP_MAX_N] = {false};
    gt__gap_kind why[GT_AHP_MAX_N] = {0};
    for (int i = 0; i < s->n_factors; i++)
        for (int k = 0; k < s->n_layers; k++)
            if (!strcmp(s->layers[k].name, s->factors[i].layer) && empty[k]) {
                no_data[i] = true;
                why[i] = GT__GAP_NONE_NEAR;
            }
    for (int i = 0; i < s->n_factors; i++)
        if (gt__scenario_layer_absent(s, s->factors[i].layer)) {
            no_data[i] = true;
            why[i] = GT__GAP_DECLARED_ABSENT;
        }
    gt_scenario *with_data = NULL;
    if (!st)
        st = gt__factors_with_data(ctx, s, no_data, why, w, &gaps, &with_data);
    gt__scenario_with_data_free(with_data);
    if (!st) {
        gt__gaps_log(ctx, &gaps);
        gt__log(ctx, GT_LOG_INFO, "data gaps: %d (table data_gaps of the run)", gaps.n);
        st = gt__gaps_refuse(ctx, s, &gaps);
    }
    gt__gaps_free(&gaps);
    return st;
}

gt_status gt_scenario_check(gt_context *ctx, const gt_scenario *s)
{
    if (s->kind == GT__SCENARIO_RANK)
        return gt__rank_check(ctx, s);
    /* One validation path: the stages of `site` that read and judge the
     * inputs decide; what follows only reports what was found. */
    gt_status validated = gt__site_check(ctx, s);
    if (validated)
        return validated;
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    gt__profile profile;
    gt__active_rule *rules = NULL;
    int n_rules = 0;
    double w[GT_AHP_MAX_N];
    gt_ahp_result ahp;
    OGRSpatialReferenceH srs = NULL;
    bool *empty = NULL;
    gt_status st = gt__collect_rules(ctx, s, &profile, &rules, &n_rules);
    if (st)
        goto done;
    if ((st = gt__compute_weights(ctx, s, w, &ahp)))
        goto done;
    for (int i = 0; i < s->n_factors; i++)
        gt__log(ctx, GT_LOG_INFO, "factor %s: weight %.4f", s->factors[i].name, w[i]);
    if (s->weights_mode == GT__WEIGHTS_AHP)
        gt__log(ctx, GT_LOG_INFO, "AHP (%s): lambda_max %.4f, CI %.4f, CR %.4f (%s RI %.2f)",
                gt_ahp_method_name(ahp.method), ahp.lambda_max, ahp.ci, ahp.cr,
                gt_ri_table_name(ahp.ri_table), ahp.ri);
    if (!(srs = gt__srs_create(ctx, s->crs))) {
        st = gt_context_status(ctx);
        goto done;
    }
    if (!OSRIsProjected(srs)) {
        st = gt__error(ctx, GT_ERR_INPUT_CRS, "%s: crs: '%s' is not a projected (metric) CRS",
                       s->yaml.file, s->crs);
        goto done;
    }
    double area[4];
    int count = 0;
    char *name = NULL;
    st = gt__vector_probe(ctx, &s->study_area, srs, &count, &name, area);
    if (!st && count == 0)
        st = gt__error(ctx, GT_ERR_INPUT_EXTENT, "study_area (%s): the layer is empty",
                       s->study_area.origin);
    if (!st)
        gt__log(ctx, GT_LOG_INFO, "study_area: %d features, %s", count, name);
    free(name);
    if (st)
        goto done;
    if (!(empty = gt__calloc(ctx, (size_t)s->n_layers + 1, sizeof *empty))) {
        st = gt_context_status(ctx);
        goto done;
    }
    for (int i = 0; i < s->n_layers && !st; i++) {
        const gt__layer_spec *l = &s->layers[i];
        double ext[4];
        name = NULL;
        bool raster = gt__layer_is_raster(s, l->name);
        count = -1;
        st = raster ? gt__raster_probe(ctx, l, srs, &name, ext)
                    : gt__vector_probe(ctx, l, srs, &count, &name, ext);
        bool disjoint =
            ext[2] < area[0] || ext[0] > area[2] || ext[3] < area[1] || ext[1] > area[3];
        /* A vector layer with no features, or none near the study area, is
         * a data gap (below); a raster that misses it stays an error, as
         * in `site`. */
        if (!st && (disjoint || count == 0) && (raster || l->required))
            st = gt__error(ctx, GT_ERR_INPUT_EXTENT, "layers.%s (%s): %s%s", l->name, l->origin,
                           l->required ? "required: true, but " : "",
                           count == 0 ? "the layer is empty"
                                      : "its extent does not overlap the study area (disjoint "
                                        "extents; is the CRS right?)");
        else if (!st && (disjoint || count == 0)) {
            empty[i] = true;
            gt__log(ctx, GT_LOG_WARNING, "layers.%s: %s", l->name,
                    count == 0 ? "the layer is empty"
                               : "its extent does not overlap the study area (is the CRS right?)");
        }
        if (!st)
            gt__log(ctx, GT_LOG_INFO, "layers.%s: %s, %s%s", l->name, raster ? "raster" : "vector",
                    name ? name : "?", count >= 0 ? "" : "");
        free(name);
    }
    for (int i = 0; i < n_rules && !st; i++)
        gt__log(ctx, GT_LOG_INFO, "rule %s: %s", rules[i].rule->id,
                rules[i].applied ? "will be applied" : rules[i].note);
    if (!st)
        st = check_gaps(ctx, s, rules, n_rules, w, empty);
done:
    free(empty);
    if (st && st != GT_ERR_NOMEM && st != GT_ERR_INTERNAL) { /* site accepts the inputs */
        gt__log(ctx, GT_LOG_WARNING, "%s", gt_context_errmsg(ctx));
        gt__error_clear(ctx);
        st = GT_OK;
    }
    if (srs)
        OSRDestroySpatialReference(srs);
    free(rules);
    gt__profile_free(&profile);
    gt__gdal_log_pop();
    return st;
}
