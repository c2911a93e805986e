/*
 * check.c: `gistool check`: validate a scenario and open every input
 * (layer, fields, CRS, extent) without running the analysis.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/pipeline.h"

/* What the site stages found, reported after them: the weights, each
 * layer's kind and CRS, which rules apply, and the number of data gaps.
 * Every warning (a layer with no features, a rule or factor without data)
 * was logged once by the stage that found it, so nothing here repeats it. */
static void report_site(gt_context *ctx, const gt__site_findings *f, void *arg)
{
    (void)arg;
    const gt_scenario *s = f->s;
    for (int i = 0; i < s->n_factors; i++)
        gt__log(ctx, GT_LOG_INFO, "factor %s: weight %.4f", s->factors[i].name, f->weights[i]);
    if (s->weights_mode == GT__WEIGHTS_AHP)
        gt__log(ctx, GT_LOG_INFO, "AHP (%s): lambda_max %.4f, CI %.4f, CR %.4f (%s RI %.2f)",
                gt_ahp_method_name(f->ahp->method), f->ahp->lambda_max, f->ahp->ci, f->ahp->cr,
                gt_ri_table_name(f->ahp->ri_table), f->ahp->ri);
    OGRSpatialReferenceH srs = gt__srs_create(ctx, s->crs);
    for (int i = 0; srs && i < s->n_layers; i++) {
        const gt__layer_spec *l = &s->layers[i];
        double ext[4];
        char *name = NULL;
        int count = -1;
        bool raster = gt__layer_is_raster(s, l->name);
        gt_status st = raster ? gt__raster_probe(ctx, l, srs, &name, ext)
                              : gt__vector_probe(ctx, l, srs, &count, &name, ext);
        if (!st)
            gt__log(ctx, GT_LOG_INFO, "layers.%s: %s, %s", l->name, raster ? "raster" : "vector",
                    name ? name : "?");
        free(name);
    }
    if (srs)
        OSRDestroySpatialReference(srs);
    gt__error_clear(ctx); /* the stages accepted the inputs: a probe adds nothing */
    for (int i = 0; i < f->n_rules; i++)
        gt__log(ctx, GT_LOG_INFO, "rule %s: %s", f->rules[i].rule->id,
                f->rules[i].applied ? "will be applied" : f->rules[i].note);
    gt__log(ctx, GT_LOG_INFO, "data gaps: %d (table data_gaps of the run)", f->n_gaps);
}

int gt_scenario_is_network(gt_context *ctx, const char *path)
{
    gt__yaml y;
    bool network = false;
    if (!gt__yaml_load(ctx, path, GT_ERR_SCENARIO, &y)) {
        struct fy_node *root = gt__yaml_root(&y);
        network = root && fy_node_is_mapping(root) &&
                  (gt__yaml_get(root, "treatment") || gt__yaml_get(root, "network"));
    }
    gt__yaml_free(&y);
    gt__error_clear(ctx); /* a file that cannot be read: the scenario loader says why */
    return network;
}

gt_status gt_scenario_check(gt_context *ctx, const gt_scenario *s)
{
    if (s->kind == GT__SCENARIO_RANK)
        return gt__rank_check(ctx, s);
    /* One validation path: the stages of `site` that read and judge the
     * inputs decide, and report what they found. */
    return gt__site_check(ctx, s, report_site, NULL);
}
