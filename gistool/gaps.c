/*
 * gaps.c: the data gaps of a run (gaps.h): the list built while the
 * inputs, rules and weights are read, the refusal under `on_missing: fail`,
 * the renormalised weights, and the `data_gaps` table, written and read
 * back. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/gaps.h"
#include "gistool/output.h"

gt_status gt__gaps_add(gt_context *ctx, gt__gaps *g, const char *item_type, const char *item,
                       const char *layer, gt__gap_kind kind, gt__gap_effect effect,
                       double weight_before, double weight_after, const char *affects,
                       const char *assumed_fmt, ...)
{
    if (g->n == g->cap) {
        int cap = g->cap ? 2 * g->cap : 8;
        gt__gap *v = realloc(g->v, (size_t)cap * sizeof *v);
        if (!v)
            return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        g->v = v;
        g->cap = cap;
    }
    gt__gap *gap = &g->v[g->n++];
    memset(gap, 0, sizeof *gap);
    snprintf(gap->item_type, sizeof gap->item_type, "%s", item_type);
    snprintf(gap->item, sizeof gap->item, "%s", item);
    snprintf(gap->layer, sizeof gap->layer, "%s", layer ? layer : "");
    gap->kind = kind;
    gap->effect = effect;
    gap->weight_before = weight_before;
    gap->weight_after = weight_after;
    snprintf(gap->affects, sizeof gap->affects, "%s", affects ? affects : "");
    va_list ap;
    va_start(ap, assumed_fmt);
    vsnprintf(gap->assumed, sizeof gap->assumed, assumed_fmt, ap);
    va_end(ap);
    return GT_OK;
}

void gt__gaps_free(gt__gaps *g)
{
    free(g->v);
    memset(g, 0, sizeof *g);
}

bool gt__gaps_has_layer(const gt__gaps *g, const char *layer)
{
    for (int i = 0; i < g->n; i++)
        if (!strcmp(g->v[i].layer, layer))
            return true;
    return false;
}

static const char *const kind_names[] = {"not_in_scenario", "declared_absent", "no_features_near",
                                         "none_after_filter", "not_covering"};
static const char *const effect_names[] = {"factor_dropped",    "rule_not_applied",
                                           "rule_applied_0_ha", "worst_case",
                                           "not_measured",      "no_score"};
#define N_KINDS ((int)(sizeof kind_names / sizeof *kind_names))
#define N_EFFECTS ((int)(sizeof effect_names / sizeof *effect_names))
_Static_assert(N_KINDS == GT__GAP_NOT_COVERING + 1, "a name per gap kind");
_Static_assert(N_EFFECTS == GT__GAP_NO_SCORE + 1, "a name per gap effect");

const char *gt__gap_kind_name(gt__gap_kind k)
{
    return kind_names[k];
}

const char *gt__gap_effect_name(gt__gap_effect e)
{
    return effect_names[e];
}

static const char *kind_text(gt__gap_kind k)
{
    switch (k) {
    case GT__GAP_NOT_IN_SCENARIO:
        return "not in the scenario";
    case GT__GAP_DECLARED_ABSENT:
        return "declared absent";
    case GT__GAP_NONE_NEAR:
        return "no features within reach of the study area";
    case GT__GAP_NONE_AFTER_FILTER:
        return "no features left after its filter";
    case GT__GAP_NOT_COVERING:
        return "no data over some parcels";
    }
    return "?";
}

void gt__gap_describe(const gt__gap *gap, char *buf, size_t size)
{
    snprintf(buf, size, "%s %s: layer '%s' %s: %s", gap->item_type, gap->item, gap->layer,
             kind_text(gap->kind), gap->assumed);
}

void gt__gaps_log(gt_context *ctx, const gt__gaps *g)
{
    char line[1024];
    for (int i = 0; i < g->n; i++) {
        gt__gap_describe(&g->v[i], line, sizeof line);
        gt__log(ctx, GT_LOG_WARNING, "data gap: %s", line);
    }
}

gt_status gt__gaps_refuse(gt_context *ctx, const gt_scenario *s, const gt__gaps *g)
{
    if (!s->on_missing_fail || g->n == 0)
        return GT_OK;
    gt__sbuf b = {0};
    char line[1024];
    for (int i = 0; i < g->n; i++) {
        gt__gap_describe(&g->v[i], line, sizeof line);
        gt__sbuf_add(&b, "\n  %s", line);
    }
    gt_status st = gt__error(ctx, GT_ERR_DATA_GAPS,
                             "%s: on_missing: fail, and the run has %d data gap%s; nothing was "
                             "written:%s",
                             s->yaml.file, g->n, g->n == 1 ? "" : "s", b.s ? b.s : "");
    free(b.s);
    return st;
}

gt_status gt__gaps_required(gt_context *ctx, const gt__layer_spec *spec, gt__gap_kind kind,
                            int n_outside)
{
    if (kind == GT__GAP_NONE_NEAR && n_outside > 0)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "layers.%s (%s): required: true, but none of its %d features is within "
                         "reach of the study area (disjoint extents; is the CRS right?)",
                         spec->name, spec->origin, n_outside);
    return gt__error(ctx, GT_ERR_INPUT_EXTENT, "layers.%s (%s): required: true, but it has %s",
                     spec->name, spec->origin, kind_text(kind));
}

gt_status gt__weights_renormalise(gt_context *ctx, int n, const double *w, const bool *dropped,
                                  double *out)
{
    double kept = 0;
    for (int i = 0; i < n; i++)
        if (!dropped[i])
            kept += w[i];
    if (!(kept > 0))
        return gt__error(ctx, GT_ERR_WEIGHTS,
                         "no factor with a positive weight has data: nothing left to score");
    for (int i = 0; i < n; i++)
        out[i] = dropped[i] ? 0 : w[i] / kept;
    return GT_OK;
}

/* --- the data_gaps table ---------------------------------------------------- */

static const gt__field_doc gap_docs[] = {
    {GT__FIELD_GAP_ITEM, "Hạng mục thiếu dữ liệu",
     "the factor, rule or layer whose data is missing"},
    {GT__FIELD_GAP_ITEM_TYPE, "Loại hạng mục", "factor, rule or layer"},
    {GT__FIELD_GAP_LAYER, "Lớp dữ liệu", "the scenario layer (role) that is missing or empty"},
    {GT__FIELD_GAP_KIND, "Tình trạng dữ liệu",
     "not_in_scenario, declared_absent, no_features_near or none_after_filter"},
    {GT__FIELD_GAP_EFFECT, "Hệ quả",
     "factor_dropped, rule_not_applied, rule_applied_0_ha, worst_case or not_measured"},
    {GT__FIELD_GAP_WEIGHT_BEFORE, "Trọng số ban đầu", "a dropped factor's weight in the scenario"},
    {GT__FIELD_GAP_WEIGHT_AFTER, "Trọng số sau khi bỏ", "its weight in the run (0)"},
    {GT__FIELD_GAP_ASSUMED, "Giả định đã dùng",
     "what the run assumed instead: renormalised weights, the worst-case value used"},
    {GT__FIELD_GAP_AFFECTS, "Kết quả bị ảnh hưởng", "the output fields and layers it changes"}};
static const OGRFieldType gap_types[] = {OFTString, OFTString, OFTString, OFTString, OFTString,
                                         OFTReal,   OFTReal,   OFTString, OFTString};
#define N_GAP_FIELDS ((int)(sizeof gap_docs / sizeof *gap_docs))
_Static_assert(sizeof gap_types / sizeof *gap_types == sizeof gap_docs / sizeof *gap_docs,
               "one type per data_gaps field");

gt_status gt__gaps_write(gt_context *ctx, gt__gpkg *g, const gt__gaps *gaps)
{
    const char *names[N_GAP_FIELDS];
    for (int i = 0; i < N_GAP_FIELDS; i++)
        names[i] = gap_docs[i].field;
    OGRLayerH l = gt__gpkg_table(ctx, g, GT__TABLE_DATA_GAPS, names, gap_types, N_GAP_FIELDS);
    if (!l)
        return gt_context_status(ctx);
    for (int i = 0; i < gaps->n; i++) {
        const gt__gap *gap = &gaps->v[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, gap->item);
        OGR_F_SetFieldString(f, 1, gap->item_type);
        OGR_F_SetFieldString(f, 2, gap->layer);
        OGR_F_SetFieldString(f, 3, gt__gap_kind_name(gap->kind));
        OGR_F_SetFieldString(f, 4, gt__gap_effect_name(gap->effect));
        gt__set_real(f, 5, gap->weight_before);
        gt__set_real(f, 6, gap->weight_after);
        OGR_F_SetFieldString(f, 7, gap->assumed);
        OGR_F_SetFieldString(f, 8, gap->affects);
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing %s failed", GT__TABLE_DATA_GAPS);
    }
    GDALDatasetH ds = gt__gpkg_dataset(g);
    char *q = gt__style_qml(GT__TABLE_DATA_GAPS, gap_docs, N_GAP_FIELDS);
    gt_status st = q ? gt__gpkg_style(ctx, ds, GT__TABLE_DATA_GAPS, NULL, q, NULL,
                                      "Missing data and what the run assumed instead")
                     : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    free(q);
    return st ? st : gt__gpkg_data_columns(ctx, ds, GT__TABLE_DATA_GAPS, gap_docs, N_GAP_FIELDS);
}

void gt__gaps_run_info(gt_context *ctx, OGRLayerH l, gt_status *st, const gt__gaps *gaps)
{
    if (gaps->n == 0) {
        gt__run_info_add(ctx, l, st, GT__KEY_DATA_GAPS, "0: no data missing");
        return;
    }
    gt__sbuf b = {0};
    for (int i = 0; i < gaps->n; i++)
        gt__sbuf_add(&b, "%s%s %s (%s, %s)", i ? "; " : "", gaps->v[i].item_type, gaps->v[i].item,
                     gt__gap_kind_name(gaps->v[i].kind), gt__gap_effect_name(gaps->v[i].effect));
    gt__run_info_add(ctx, l, st, GT__KEY_DATA_GAPS, "%d: %s (table %s)", gaps->n, b.s ? b.s : "?",
                     GT__TABLE_DATA_GAPS);
    free(b.s);
}

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s))
            return i;
    return 0;
}

gt_status gt__gaps_read(gt_context *ctx, GDALDatasetH ds, gt__gaps *out)
{
    memset(out, 0, sizeof *out);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, GT__TABLE_DATA_GAPS);
    if (!l)
        return GT_OK;
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    int col[N_GAP_FIELDS];
    for (int i = 0; i < N_GAP_FIELDS; i++)
        col[i] = OGR_FD_GetFieldIndex(d, gap_docs[i].field);
    gt_status st = GT_OK;
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while (!st && (f = OGR_L_GetNextFeature(l))) {
        const char *v[N_GAP_FIELDS];
        double w[2] = {NAN, NAN};
        for (int i = 0; i < N_GAP_FIELDS; i++)
            v[i] = col[i] >= 0 ? OGR_F_GetFieldAsString(f, col[i]) : "";
        for (int k = 0; k < 2; k++)
            if (col[5 + k] >= 0 && OGR_F_IsFieldSetAndNotNull(f, col[5 + k]))
                w[k] = OGR_F_GetFieldAsDouble(f, col[5 + k]);
        st = gt__gaps_add(ctx, out, v[1], v[0], v[2],
                          (gt__gap_kind)name_index(kind_names, N_KINDS, v[3]),
                          (gt__gap_effect)name_index(effect_names, N_EFFECTS, v[4]), w[0], w[1],
                          v[8], "%s", v[7]);
        OGR_F_Destroy(f);
    }
    if (st)
        gt__gaps_free(out);
    return st;
}
