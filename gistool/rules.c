/*
 * rules.c: the rules and weights of a site scenario, shared by `gistool
 * site` and `gistool check` (pipeline.h). SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <geodesic.h>

#include "gistool/pipeline.h"

bool gt__layer_is_raster(const gt_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_factors; i++)
        if (s->factors[i].measure == GT__MEASURE_SLOPE && !strcmp(s->factors[i].layer, name))
            return true;
    for (int i = 0; i < s->n_extra; i++)
        if (s->extra[i].kind == GT__RULE_MAX_SLOPE && !strcmp(s->extra[i].layer, name))
            return true;
    return false;
}

/* The first use of layer `name` as vector features by the scenario or an
 * active rule, described for a message into buf, or NULL when nothing
 * reads it as vectors. A layer is opened either as a raster or as vectors,
 * never both, so a DEM rule on a vector layer would leave its other users
 * without features. */
static const char *vector_use(const gt_scenario *s, const gt__active_rule *r, int n,
                              const char *name, char *buf, size_t size)
{
    for (int i = 0; i < s->n_factors; i++)
        if (s->factors[i].measure != GT__MEASURE_SLOPE && !strcmp(s->factors[i].layer, name)) {
            snprintf(buf, size, "factor '%s' reads it as features", s->factors[i].name);
            return buf;
        }
    for (int i = 0; i < n; i++)
        if (r[i].applied && r[i].rule->kind != GT__RULE_MAX_SLOPE &&
            !strcmp(r[i].rule->layer, name)) {
            snprintf(buf, size, "rule %s (%s) reads it as features", r[i].rule->id,
                     r[i].rule->origin);
            return buf;
        }
    const char *roles[][2] = {{s->parcels_layer, "the parcels"},
                              {s->demand_layer, "demand.population_layer"},
                              {s->regions_road_layer, "regions.road_layer"}};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (roles[i][0] && !strcmp(roles[i][0], name)) {
            snprintf(buf, size, "it holds %s", roles[i][1]);
            return buf;
        }
    return NULL;
}

/* Every slope factor and active max_slope_pct rule must read the same
 * layer, the run's one DEM (its slope grid is made once, from the first
 * layer that asks), and nothing else may read that layer as vectors. */
static gt_status check_dem_layers(gt_context *ctx, const gt_scenario *s, const gt__active_rule *r,
                                  int n)
{
    char use[512], first[300] = "";
    const char *dem = NULL;
    for (int i = 0; i < s->n_factors + n; i++) {
        const gt__factor *fac = i < s->n_factors ? &s->factors[i] : NULL;
        const gt__rule *rule = fac ? NULL : r[i - s->n_factors].rule;
        bool slope = fac ? fac->measure == GT__MEASURE_SLOPE
                         : rule->kind == GT__RULE_MAX_SLOPE && r[i - s->n_factors].applied;
        if (!slope)
            continue;
        const char *layer = fac ? fac->layer : rule->layer;
        char who[300];
        if (fac)
            snprintf(who, sizeof who, "%s: factors.%s: slope", s->yaml.file, fac->name);
        else
            snprintf(who, sizeof who, "rule %s (%s): max_slope_pct", rule->id, rule->origin);
        if (vector_use(s, r, n, layer, use, sizeof use))
            return gt__error(ctx, GT_ERR_SCENARIO,
                             "%s needs a DEM (raster) layer, but layer '%s' is vector data (%s)",
                             who, layer, use);
        if (dem && strcmp(dem, layer))
            return gt__error(ctx, GT_ERR_SCENARIO,
                             "%s reads layer '%s', but the run's DEM is layer '%s' (%s); a run "
                             "has one DEM",
                             who, layer, dem, first);
        if (!dem) {
            dem = layer;
            if (fac)
                snprintf(first, sizeof first, "from factor '%s'", fac->name);
            else
                snprintf(first, sizeof first, "from rule %s", rule->id);
        }
    }
    return GT_OK;
}

gt_status gt__collect_rules(gt_context *ctx, const gt_scenario *s, gt__profile *profile,
                            gt__active_rule **out, int *n_out)
{
    *out = NULL;
    *n_out = 0;
    memset(profile, 0, sizeof *profile);
    gt_status st;
    if (s->profile_name && (st = gt__profile_load(ctx, s->profile_name, s->dir, profile)))
        return st;
    for (int d = 0; d < s->n_disabled; d++) {
        bool known = false;
        for (int i = 0; i < profile->n_rules; i++)
            known |= !strcmp(profile->rules[i].id, s->disabled_rules[d]);
        if (!known) {
            gt__error(ctx, GT_ERR_SCENARIO, "%s: constraints.disable: no rule '%s' in profile '%s'",
                      s->yaml.file, s->disabled_rules[d], profile->id ? profile->id : "(none)");
            gt__profile_free(profile);
            return GT_ERR_SCENARIO;
        }
    }
    gt__active_rule *r = gt__calloc(ctx, (size_t)(profile->n_rules + s->n_extra + 1), sizeof *r);
    if (!r) {
        gt__profile_free(profile);
        return GT_ERR_NOMEM;
    }
    int n = 0;
    for (int i = 0; i < profile->n_rules + s->n_extra; i++) {
        const gt__rule *rule =
            i < profile->n_rules ? &profile->rules[i] : &s->extra[i - profile->n_rules];
        if (!gt__rule_applies(rule, s->facility)) {
            /* A profile's rules for other facilities are its own business;
             * a rule the scenario adds for another one is a mistake or a
             * leftover, and is not applied. */
            if (i >= profile->n_rules)
                gt__log(ctx, GT_LOG_WARNING,
                        "rule %s (%s): constraints.extra: it is for facilit%s '%s'%s, not this "
                        "run's '%s': not applied",
                        rule->id, rule->origin, rule->n_facilities == 1 ? "y" : "ies",
                        rule->facilities[0], rule->n_facilities > 1 ? ", ..." : "", s->facility);
            continue;
        }
        bool disabled = false;
        for (int d = 0; d < s->n_disabled && i < profile->n_rules; d++)
            disabled |= !strcmp(rule->id, s->disabled_rules[d]);
        if (disabled) {
            gt__log(ctx, GT_LOG_INFO, "rule %s disabled by the scenario", rule->id);
            continue;
        }
        for (int k = 0; k < n; k++)
            if (!strcmp(r[k].rule->id, rule->id)) {
                gt__error(ctx, GT_ERR_SCENARIO,
                          "%s: rule id '%s' in constraints.extra is already a rule of the "
                          "profile (%s)",
                          rule->origin, rule->id, r[k].rule->origin);
                free(r);
                gt__profile_free(profile);
                return GT_ERR_SCENARIO;
            }
        r[n].rule = rule;
        const gt__layer_spec *spec = gt__scenario_layer(s, rule->layer);
        r[n].applied = spec != NULL;
        if (!spec) {
            snprintf(r[n].note, sizeof r[n].note, "not applied: no layer '%s' in the scenario",
                     rule->layer);
            gt__log(ctx, GT_LOG_INFO, /* the data gap warns (gt__rule_gaps) */
                    "rule %s not applied: the scenario has no layer "
                    "'%s'",
                    rule->id, rule->layer);
        } else if (rule->classes && !spec->class_field) {
            free(r);
            gt__profile_free(profile);
            return gt__error(ctx, GT_ERR_SCENARIO,
                             "rule %s (%s) selects classes of layer '%s', which has no "
                             "`class_field` in the scenario (%s)",
                             rule->id, rule->origin, rule->layer, spec->origin);
        }
        n++;
    }
    gt_status dem = check_dem_layers(ctx, s, r, n);
    if (dem) {
        free(r);
        gt__profile_free(profile);
        return dem;
    }
    *out = r;
    *n_out = n;
    return GT_OK;
}

gt_status gt__compute_weights(gt_context *ctx, const gt_scenario *s, double *w, gt_ahp_result *ahp)
{
    memset(ahp, 0, sizeof *ahp);
    if (s->weights_mode != GT__WEIGHTS_AHP) { /* direct, or from a ranking */
        memcpy(w, s->direct_weights, sizeof(double) * (size_t)s->n_factors);
        return GT_OK;
    }
    gt_status st = gt__ahp_check_scale(ctx, s->n_factors, s->ahp_matrix);
    if (!st)
        st = gt_ahp_compute(ctx, s->n_factors, s->ahp_matrix, s->ahp_method, s->ri_table, ahp);
    if (st) {
        gt__error_prefix(ctx, "%s: weights.ahp", s->yaml.file);
        return st;
    }
    memcpy(w, ahp->weights, sizeof(double) * (size_t)s->n_factors);
    /* The gate: CR for the eigenvector method, the GCI for the geometric
     * one (its own measure, Aguarón & Moreno-Jiménez 2003). */
    bool geometric = s->ahp_method == GT_AHP_GEOMETRIC;
    double value = geometric ? ahp->gci : ahp->cr;
    double limit = geometric ? ahp->gci_limit : s->cr_limit;
    if (value >= limit) {
        char worst[512] = "";
        const gt_ahp_suggestion *w = ahp->n_suggestions ? &ahp->suggestions[0] : NULL;
        if (w)
            snprintf(worst, sizeof worst,
                     "; the judgment furthest from the weights is %s over %s (%.4g; %.3g would "
                     "be consistent)",
                     s->factors[w->row].name, s->factors[w->col].name,
                     s->ahp_matrix[w->row * s->n_factors + w->col], w->consistent_value);
        char what[256];
        if (geometric)
            snprintf(what, sizeof what, "geometric consistency index GCI = %.4f is not below %.2f",
                     ahp->gci, ahp->gci_limit);
        else
            snprintf(what, sizeof what,
                     "consistency ratio CR = %.4f is not below the limit %.2f (lambda_max = "
                     "%.4f, CI = %.4f, RI(%d) = %.4g, %s)",
                     ahp->cr, s->cr_limit, ahp->lambda_max, ahp->ci, s->n_factors, ahp->ri,
                     gt_ri_table_name(ahp->ri_table));
        if (!s->allow_inconsistent)
            return gt__error(ctx, GT_ERR_AHP_INCONSISTENT,
                             "%s: weights.ahp: %s%s. Revise the judgments, or set "
                             "`allow_inconsistent: true` to run anyway.",
                             s->yaml.file, what, worst);
        gt__log(ctx, GT_LOG_WARNING, "AHP: %s; running because allow_inconsistent is true%s", what,
                worst);
    }
    return GT_OK;
}

/* --- data gaps of the rules and factors (gaps.h) --------------------------- */

gt_status gt__rule_gaps(gt_context *ctx, const gt_scenario *s, const gt__active_rule *r, int n,
                        gt__gaps *gaps)
{
    gt_status st = GT_OK;
    for (int i = 0; i < n && !st; i++) {
        if (r[i].applied)
            continue;
        const gt__rule *rule = r[i].rule;
        const char *absent = gt__scenario_layer_absent(s, rule->layer);
        st = gt__gaps_add(ctx, gaps, "rule", rule->id, rule->layer,
                          absent ? GT__GAP_DECLARED_ABSENT : GT__GAP_NOT_IN_SCENARIO,
                          GT__GAP_RULE_NOT_APPLIED, NAN, NAN,
                          "constraint_zones; parcels.excluded, rank; suitability",
                          "rule not applied: nothing is excluded for it (give the scenario a "
                          "layer '%s' to apply it)",
                          rule->layer);
    }
    return st;
}

/* "remoteness 0.4162 -> 0.5100, river_distance ..." for the kept factors. */
static void weights_text(const gt_scenario *s, const double *before, const double *after,
                         const bool *dropped, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < s->n_factors; i++) {
        if (dropped[i])
            continue;
        size_t l = strlen(buf);
        snprintf(buf + l, size - l, "%s%s %.4f -> %.4f", l ? ", " : "", s->factors[i].name,
                 before[i], after[i]);
    }
}

gt_status gt__factors_with_data(gt_context *ctx, const gt_scenario *s, const bool *no_data,
                                const gt__gap_kind *why, double *weights, gt__gaps *gaps,
                                gt_scenario **out)
{
    *out = NULL;
    int nf = s->n_factors, k = 0;
    for (int i = 0; i < nf; i++)
        k += !no_data[i];
    if (k == nf)
        return GT_OK;
    double after[GT_AHP_MAX_N];
    gt_status st = gt__weights_renormalise(ctx, nf, weights, no_data, after);
    if (st) {
        gt__error_prefix(ctx, "%s: every factor with a weight lacks its data", s->yaml.file);
        return st;
    }
    char text[400];
    weights_text(s, weights, after, no_data, text, sizeof text);
    for (int i = 0; i < nf && !st; i++)
        if (no_data[i])
            st = gt__gaps_add(ctx, gaps, "factor", s->factors[i].name, s->factors[i].layer, why[i],
                              GT__GAP_FACTOR_DROPPED, weights[i], 0.0,
                              "parcels.score, f_ fields, rank; suitability; candidate_regions; "
                              "run_weights",
                              "factor dropped; the other weights renormalised to sum 1: %s", text);
    gt_scenario *r = st ? NULL : gt__malloc(ctx, sizeof *r);
    if (!r)
        return st ? st : gt_context_status(ctx);
    *r = *s; /* shallow: the copy borrows everything but these arrays */
    r->factors = gt__calloc(ctx, (size_t)k, sizeof *r->factors);
    r->direct_weights = gt__calloc(ctx, (size_t)k, sizeof(double));
    r->ahp_matrix = s->ahp_matrix ? gt__calloc(ctx, (size_t)k * k, sizeof(double)) : NULL;
    if (!r->factors || !r->direct_weights || (s->ahp_matrix && !r->ahp_matrix)) {
        gt__scenario_with_data_free(r);
        return gt_context_status(ctx);
    }
    r->n_factors = k;
    double ow = 0;
    for (int i = 0, a = 0; i < nf; i++) {
        if (no_data[i])
            continue;
        r->factors[a] = s->factors[i];
        r->direct_weights[a] = after[i];
        r->order_weights[a] = s->order_weights[a];
        ow += r->order_weights[a];
        for (int j = 0, b = 0; r->ahp_matrix && j < nf; j++)
            if (!no_data[j])
                r->ahp_matrix[a * k + b++] = s->ahp_matrix[i * nf + j];
        a++;
    }
    /* OWA: the order weights of the first k positions, rescaled. */
    for (int a = 0; a < k && ow > 0; a++)
        r->order_weights[a] /= ow;
    memcpy(weights, r->direct_weights, sizeof(double) * (size_t)k);
    *out = r;
    return GT_OK;
}

void gt__scenario_with_data_free(gt_scenario *r)
{
    if (!r)
        return;
    free(r->factors);
    free(r->direct_weights);
    free(r->ahp_matrix);
    free(r);
}
gt_status gt__srs_check_metric(gt_context *ctx, const gt_scenario *s, OGRSpatialReferenceH srs)
{
    if (!OSRIsProjected(srs))
        return gt__error(ctx, GT_ERR_INPUT_CRS,
                         "%s: crs: '%s' is not a projected (metric) CRS; use e.g. "
                         "EPSG:32648 (UTM 48N) or a VN-2000 TM-3 zone",
                         s->yaml.file, s->crs);
    char *unit = NULL;
    double m = OSRGetLinearUnits(srs, &unit);
    if (!(fabs(m - 1.0) < 1e-9))
        return gt__error(ctx, GT_ERR_INPUT_CRS,
                         "%s: crs: '%s' measures in %s (%g m), not metres; distances and "
                         "areas would be wrong; use e.g. EPSG:32648 (UTM 48N) or a VN-2000 "
                         "TM-3 zone",
                         s->yaml.file, s->crs, unit ? unit : "another unit", m);
    return GT_OK;
}

OGRSpatialReferenceH gt__srs_working(gt_context *ctx, const gt_scenario *s)
{
    OGRSpatialReferenceH srs = gt__srs_create(ctx, s->crs);
    if (!srs) {
        gt__error_prefix(ctx, "%s: crs", s->yaml.file);
        return NULL;
    }
    if (gt__srs_check_metric(ctx, s, srs)) {
        OSRDestroySpatialReference(srs);
        return NULL;
    }
    return srs;
}

/* The largest share by which a metre of the working CRS may differ from a
 * metre on the ground (local assumption, docs/crs.md: UTM and VN-2000 TM-3
 * zones stay well inside it over a Vietnamese province). */
#define MAX_SCALE_ERROR 0.01

/* The ground metres of one metre of the CRS at (x, y), east-west and
 * north-south; false when (x, y) has no place in lon/lat. */
static bool scale_at(OGRCoordinateTransformationH ct, const struct geod_geodesic *g, double x,
                     double y, double *lon, double *lat, double *ew, double *ns)
{
    const double d = 500; /* metres of the CRS either side of the point */
    double xs[5] = {x, x + d, x - d, x, x}, ys[5] = {y, y, y, y + d, y - d};
    int ok[5] = {0};
    if (!OCTTransformEx(ct, 5, xs, ys, NULL, ok))
        return false;
    for (int i = 0; i < 5; i++)
        if (!ok[i] || !isfinite(xs[i]) || !isfinite(ys[i]) || fabs(ys[i]) > 90)
            return false;
    geod_inverse(g, ys[2], xs[2], ys[1], xs[1], ew, NULL, NULL);
    geod_inverse(g, ys[4], xs[4], ys[3], xs[3], ns, NULL, NULL);
    *ew /= 2 * d;
    *ns /= 2 * d;
    *lon = xs[0];
    *lat = ys[0];
    return true;
}

gt_status gt__srs_check_scale(gt_context *ctx, const gt_scenario *s, OGRSpatialReferenceH srs,
                              const double e[4])
{
    OGRSpatialReferenceH wgs = gt__srs_create(ctx, "EPSG:4326");
    OGRCoordinateTransformationH ct = wgs ? OCTNewCoordinateTransformation(srs, wgs) : NULL;
    gt__error_clear(ctx);
    struct geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    /* The middle and the corners of the study area's envelope: the worst. */
    const double px[5] = {(e[0] + e[2]) / 2, e[0], e[2], e[0], e[2]};
    const double py[5] = {(e[1] + e[3]) / 2, e[1], e[1], e[3], e[3]};
    double worst = 0, at[4] = {0};
    for (int i = 0; ct && i < 5; i++) {
        double lon, lat, ew, ns;
        CPLPushErrorHandler(CPLQuietErrorHandler);
        bool ok = scale_at(ct, &g, px[i], py[i], &lon, &lat, &ew, &ns);
        CPLPopErrorHandler();
        double w = ok ? fmax(fabs(ew - 1), fabs(ns - 1)) : 0;
        if (ok && w > worst)
            worst = w, at[0] = lon, at[1] = lat, at[2] = ew, at[3] = ns;
    }
    CPLErrorReset();
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (wgs)
        OSRDestroySpatialReference(wgs);
    if (worst < MAX_SCALE_ERROR) /* a point with no place in lon/lat: the layers' checks say so */
        return GT_OK;
    return gt__error(ctx, GT_ERR_INPUT_CRS,
                     "%s: crs: '%s' is %.1f %% off true distances in the study area (at %.3f E "
                     "%.3f N one metre of it is %.3f m east-west and %.3f m north-south on the "
                     "ground, beyond the %g %% allowed), so every distance rule would be off as "
                     "much; use a conformal CRS centred near the study area, e.g. its UTM "
                     "zone or a VN-2000 TM-3 zone",
                     s->yaml.file, s->crs, 100 * worst, at[0], at[1], at[2], at[3],
                     100 * MAX_SCALE_ERROR);
}

gt_status gt__ahp_check_scale(gt_context *ctx, int n, const double *a)
{
    const double lo = 1.0 / 9 * 0.98, hi = 9 * 1.02; /* 0.11 for 1/9 is on the scale */
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (a[i * n + j] < lo || a[i * n + j] > hi) /* NaN: the matrix check says so */
                return gt__error(ctx, GT_ERR_AHP_MATRIX,
                                 "AHP matrix row %d, column %d: judgment %g is outside Saaty's "
                                 "scale of 1/9 to 9 (its random indices, and so CR, are "
                                 "measured on that scale; docs/ahp.md)",
                                 i + 1, j + 1, a[i * n + j]);
    return GT_OK;
}
