/*
 * rank_inputs.c: the first two stages of `gistool rank`: read the study
 * area, the landfill inventory and the receptor layers, check every site
 * and fill in the profile's defaults; then measure what lies around each
 * site (population by areal weighting, exact distances, flood zone, slope,
 * land use). SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gistool/rank_stages.h"
#include "layers/geodesic.h"

static const char *const role_layer_names[GT__N_ROLES] = {[GT__ROLE_POPULATION] = "population",
                                                          [GT__ROLE_SURFACE_WATER] =
                                                              "surface_water",
                                                          [GT__ROLE_WELLS] = "wells",
                                                          [GT__ROLE_FLOOD_ZONE] = "flood_zone",
                                                          [GT__ROLE_LANDUSE] = "landuse",
                                                          [GT__ROLE_PROTECTED] = "protected",
                                                          [GT__ROLE_RESIDENTIAL] = "residential"};

/* The inventory field that holds each categorical attribute. */
static const gt__inventory_field category_field[GT__N_CATEGORIES] = {
    [GT__CATEGORY_TYPE] = GT__INVENTORY_TYPE,
    [GT__CATEGORY_STATUS] = GT__INVENTORY_STATUS,
    [GT__CATEGORY_WASTE] = GT__INVENTORY_WASTE_TYPE,
    [GT__CATEGORY_LINER] = GT__INVENTORY_LINER,
    [GT__CATEGORY_COVER] = GT__INVENTORY_COVER,
    [GT__CATEGORY_LEACHATE] = GT__INVENTORY_LEACHATE,
    [GT__CATEGORY_BURNING] = GT__INVENTORY_BURNING};

/* Layers are read this far beyond the study area, more than the largest
 * radius measured (2 km), so that a site near the edge sees its whole
 * neighbourhood. */
#define LAYER_MARGIN_M 5000

/* ------------------------------------------------------------------ */
/* One site                                                             */
/* ------------------------------------------------------------------ */

static void add_missing(gt__rank_site *s, const char *field)
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

/* A value the inventory writes its own way ("Bãi rác tự phát") replaced by
 * the code it means in the scenario's or the default table. */
static gt_status map_value(gt_context *ctx, const gt__rank_part *r, gt__rank_site *s,
                           gt__spr_category c)
{
    char **v = &s->value[category_field[c]];
    if (gt__spr_category_index(c, yes_no(*v)) >= 0)
        return GT_OK;
    const char *code = gt__value_map_find(&r->values[c], *v, r->values_strip_marks);
    if (!code)
        return GT_OK;
    char *copy = gt__strdup(ctx, code);
    if (!copy)
        return gt_context_status(ctx);
    free(*v);
    *v = copy;
    return GT_OK;
}

static gt_status check_category(gt_context *ctx, gt__rank_site *s, gt__spr_category c)
{
    gt__inventory_field f = category_field[c];
    if ((s->category[c] = gt__spr_category_index(c, s->value[f])) >= 0)
        return GT_OK;
    const char *const *values = gt__spr_category_values(c);
    char list[200] = "";
    for (int i = 0; values[i]; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", values[i]);
    }
    return gt__error(
        ctx, GT_ERR_INPUT_FIELD,
        "inventory: site %s: %s '%s' is not one of: %s (or map it in inventory_values)",
        s->value[GT__INVENTORY_SITE_ID], gt__inventory_schema[f], s->value[f], list);
}

void gt__inventory_range(gt__inventory_field f, double *lo, double *hi)
{
    /* Bounds no landfill reaches (a local plausibility assumption, docs/
     * rank.md): a value past them is a typo or a unit error, not a site,
     * and a year past INT_MAX would not even convert. */
    *lo = 0, *hi = INFINITY;
    if (f == GT__INVENTORY_STATUS_YEAR)
        *lo = 1900, *hi = 2100;
    else if (f == GT__INVENTORY_AREA_HA)
        *hi = 100000; /* 1000 km2 */
    else if (f == GT__INVENTORY_VOLUME_M3)
        *hi = 1e9;
    else if (f == GT__INVENTORY_YEARS_OPERATED)
        *hi = 200;
}

static gt_status number_field(gt_context *ctx, const gt__rank_site *s, gt__inventory_field f,
                              double *out)
{
    *out = NAN;
    const char *text = s->value[f];
    if (!text)
        return GT_OK;
    double x;
    if (!gt__parse_number(text, &x))
        return gt__error(ctx, GT_ERR_INPUT_FIELD, "inventory: site %s: %s '%s' is not a number",
                         s->value[GT__INVENTORY_SITE_ID], gt__inventory_schema[f], text);
    if (x < 0)
        return gt__error(ctx, GT_ERR_INPUT_FIELD,
                         "inventory: site %s: %s is negative (%s); it must be 0 or more",
                         s->value[GT__INVENTORY_SITE_ID], gt__inventory_schema[f], text);
    if (f == GT__INVENTORY_STATUS_YEAR && x != floor(x))
        return gt__error(ctx, GT_ERR_INPUT_FIELD,
                         "inventory: site %s: status_year '%s' is not a whole year",
                         s->value[GT__INVENTORY_SITE_ID], text);
    double lo, hi;
    gt__inventory_range(f, &lo, &hi);
    if (x < lo || x > hi)
        return gt__error(ctx, GT_ERR_INPUT_FIELD,
                         "inventory: site %s: %s %s is outside %g to %g",
                         s->value[GT__INVENTORY_SITE_ID], gt__inventory_schema[f], text, lo, hi);
    *out = x;
    return GT_OK;
}

/* Check one site's values and fill in the profile's defaults. */
static gt_status prepare_site(gt_context *ctx, const gt__spr_profile *p, const gt__rank_part *r,
                              gt__rank_site *s, double geom_area_m2, bool polygon)
{
    gt_status st;
    for (int c = 0; c < GT__N_CATEGORIES; c++) {
        gt__inventory_field f = category_field[c];
        if (s->value[f] && (st = map_value(ctx, r, s, (gt__spr_category)c)))
            return st;
        if (!s->value[f]) {
            add_missing(s, gt__inventory_schema[f]);
            if (!(s->value[f] = gt__strdup(ctx, p->default_value[c])))
                return gt_context_status(ctx);
        } else if (c == GT__CATEGORY_LINER || c == GT__CATEGORY_LEACHATE ||
                   c == GT__CATEGORY_BURNING) {
            char *normalised = gt__strdup(ctx, yes_no(s->value[f]));
            if (!normalised)
                return gt_context_status(ctx);
            free(s->value[f]);
            s->value[f] = normalised;
        }
        if ((st = check_category(ctx, s, (gt__spr_category)c)))
            return st;
    }
    s->type = (gt__landfill_type)s->category[GT__CATEGORY_TYPE];
    s->status = (gt__landfill_status)s->category[GT__CATEGORY_STATUS];
    double year;
    if ((st = number_field(ctx, s, GT__INVENTORY_STATUS_YEAR, &year)) ||
        (st = number_field(ctx, s, GT__INVENTORY_AREA_HA, &s->area_ha)) ||
        (st = number_field(ctx, s, GT__INVENTORY_VOLUME_M3, &s->volume_m3)) ||
        (st = number_field(ctx, s, GT__INVENTORY_YEARS_OPERATED, &s->years_operated)))
        return st;
    s->status_year = isnan(year) ? 0 : (int)year;
    if (!s->status_year && (s->status == GT__STATUS_REMEDIATED || s->status == GT__STATUS_CLOSED))
        add_missing(s, "status_year");
    if (isnan(s->years_operated))
        add_missing(s, "years_operated");
    if (isnan(s->area_ha)) {
        add_missing(s, "area_ha");
        if (polygon)
            s->area_ha = geom_area_m2 / 1e4; /* from the polygon */
        else if (!isnan(s->volume_m3))
            s->area_ha = s->volume_m3 / p->default_depth_m / 1e4;
        else
            s->area_ha = p->default_area_ha;
    }
    if (isnan(s->volume_m3)) {
        add_missing(s, "volume_m3");
        s->volume_m3 = s->area_ha * 1e4 * p->default_depth_m;
    }
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* Stage 1: inputs                                                      */
/* ------------------------------------------------------------------ */

static gt_status load_study_area(gt_context *ctx, const gt_scenario *s, OGRSpatialReferenceH srs,
                                 gt__rank_inputs *in)
{
    gt_status st = gt__vector_load(ctx, &s->study_area, srs, NULL, &in->study);
    if (st)
        return st;
    if (in->study->n == 0 || in->study->max_dim != 2)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "study_area (%s): no polygons (empty study area)", s->study_area.origin);
    GEOSContextHandle_t geos = gt__geos(ctx);
    GEOSGeometry **parts = gt__calloc(ctx, (size_t)in->study->n, sizeof *parts);
    if (!parts)
        return gt_context_status(ctx);
    for (int i = 0; i < in->study->n; i++)
        parts[i] = GEOSGeom_clone_r(geos, in->study->geoms[i]);
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(geos, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)in->study->n);
    free(parts);
    in->study_geom = coll ? GEOSUnaryUnion_r(geos, coll) : NULL;
    if (coll)
        GEOSGeom_destroy_r(geos, coll);
    if (!in->study_geom)
        return GT_GEOS_FAIL(ctx, "study area union");
    /* The working CRS must measure true over the study area, as for
     * `site` (rules.c): every distance band of the profile is in ground
     * metres, and Web Mercator is 6.7 % short at 20 N. */
    double e[4];
    if (GEOSGeom_getXMin_r(geos, in->study_geom, &e[0]) &&
        GEOSGeom_getYMin_r(geos, in->study_geom, &e[1]) &&
        GEOSGeom_getXMax_r(geos, in->study_geom, &e[2]) &&
        GEOSGeom_getYMax_r(geos, in->study_geom, &e[3]))
        return gt__srs_check_scale(ctx, s, srs, e);
    return GT_OK;
}

/* A receptor layer the run lacks: what the scores assume instead, in the
 * profile's numbers, and the outputs that change. */
static gt_status role_gap(gt_context *ctx, const gt__spr_profile *p, gt__rank_inputs *in,
                          const char *layer, gt__gap_kind kind)
{
    gt__gaps *g = &in->gaps;
    const char *item = layer;
    if (!strcmp(layer, "population"))
        return gt__gaps_add(ctx, g, "layer", item, layer, kind, GT__GAP_WORST_CASE, NAN, NAN,
                            "landfills.pop_500m, pop_1km, pop_2km, l_gas_residents_pct, "
                            "l_burning_residents_pct, risk_pct, rank, worst_case",
                            "worst case: population receptors at their largest multipliers "
                            "(500 m: %g, 2 km: %g); populations left empty",
                            gt__spr_bands_max(&p->pop_500m), gt__spr_bands_max(&p->pop_2km));
    if (!strcmp(layer, "surface_water"))
        return gt__gaps_add(ctx, g, "layer", item, layer, kind, GT__GAP_WORST_CASE, NAN, NAN,
                            "landfills.dist_water_m, l_leachate_surface_water_pct, risk_pct, "
                            "rank, option, cost, worst_case",
                            "worst case: surface-water pathway at its largest multiplier (%g); "
                            "every site counts as near water for the remediation option",
                            gt__spr_bands_max(&p->surface_water_dist_m));
    if (!strcmp(layer, "wells"))
        return gt__gaps_add(ctx, g, "layer", item, layer, kind, GT__GAP_WORST_CASE, NAN, NAN,
                            "landfills.dist_well_m, l_leachate_groundwater_pct, risk_pct, rank, "
                            "worst_case",
                            "worst case: well receptor at its largest multiplier (%g), as if a "
                            "well were next to every site",
                            gt__spr_bands_max(&p->well_dist_m));
    if (!strcmp(layer, "flood_zone"))
        return gt__gaps_add(ctx, g, "layer", item, layer, kind, GT__GAP_WORST_CASE, NAN, NAN,
                            "landfills.in_flood_zone, l_leachate_groundwater_pct, "
                            "l_leachate_surface_water_pct, risk_pct, rank, option, cost, "
                            "worst_case",
                            "worst case: every site counts as in a flood zone (groundwater "
                            "pathway %g, surface-water pathway at least %g)",
                            p->groundwater_in_flood_zone, p->surface_water_in_flood_zone);
    if (!strcmp(layer, "protected"))
        return gt__gaps_add(ctx, g, "layer", item, layer, kind, GT__GAP_WORST_CASE, NAN, NAN,
                            "landfills.dist_protected_m, l_leachate_surface_water_pct, risk_pct, "
                            "rank, worst_case",
                            "worst case: protected-area receptor at its largest multiplier (%g)",
                            gt__spr_bands_max(&p->protected_dist_m));
    if (!strcmp(layer, "residential"))
        return gt__gaps_add(ctx, g, "layer", item, layer, kind, GT__GAP_WORST_CASE, NAN, NAN,
                            "landfills.dist_residential_m, l_gas_residents_pct, "
                            "l_burning_residents_pct, risk_pct, rank, worst_case",
                            "worst case: gas and burning pathways at their largest multipliers "
                            "(%g, %g)",
                            gt__spr_bands_max(&p->gas_dist_residential_m),
                            gt__spr_bands_max(&p->burning_dist_residential_m));
    /* landuse, dem: described, not scored. */
    return gt__gaps_add(ctx, g, "layer", item, layer, kind, GT__GAP_NOT_MEASURED, NAN, NAN,
                        !strcmp(layer, "dem") ? "landfills.slope_pct" : "landfills.landuse_500m",
                        "not measured: the field is left empty (it is not scored)");
}

static gt_status load_layers(gt_context *ctx, const gt_scenario *s, const gt__spr_profile *p,
                             OGRSpatialReferenceH srs, gt__rank_inputs *in)
{
    GEOSContextHandle_t geos = gt__geos(ctx);
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(geos, in->study_geom, &x0);
    GEOSGeom_getYMin_r(geos, in->study_geom, &y0);
    GEOSGeom_getXMax_r(geos, in->study_geom, &x1);
    GEOSGeom_getYMax_r(geos, in->study_geom, &y1);
    double aoi[4] = {x0 - LAYER_MARGIN_M, y0 - LAYER_MARGIN_M, x1 + LAYER_MARGIN_M,
                     y1 + LAYER_MARGIN_M};
    for (int k = 0; k < GT__N_ROLES; k++) {
        const char *name = role_layer_names[k];
        const gt__layer_spec *spec = gt__scenario_layer(s, name);
        gt_status st;
        if (!spec) {
            gt__gap_kind kind = gt__scenario_layer_absent(s, name) ? GT__GAP_DECLARED_ABSENT
                                                                   : GT__GAP_NOT_IN_SCENARIO;
            if ((st = role_gap(ctx, p, in, name, kind)))
                return st;
            continue;
        }
        if ((st = gt__vector_load(ctx, spec, srs, aoi, &in->layer[k])))
            return st;
        if (k == GT__ROLE_POPULATION && !spec->population_field)
            return gt__error(ctx, GT_ERR_SCENARIO,
                             "layers.population (%s) needs `population_field`", spec->origin);
        if ((st = gt__features_check_values(ctx, spec, in->layer[k])))
            return st;
        /* No features within reach: missing data, scored as the worst
         * case like an absent layer (an empty layer is no evidence that
         * nothing is there), unless the layer is required. */
        gt__features *f = in->layer[k];
        if (f->n > 0)
            continue;
        gt__gap_kind kind = f->n_outside == 0 && (spec->where || spec->classes)
                                ? GT__GAP_NONE_AFTER_FILTER
                                : GT__GAP_NONE_NEAR;
        if (spec->required)
            return gt__gaps_required(ctx, spec, kind, f->n_outside);
        gt__features_free(ctx, f);
        in->layer[k] = NULL;
        if ((st = role_gap(ctx, p, in, name, kind)))
            return st;
    }
    if (!gt__scenario_layer(s, "dem"))
        return role_gap(ctx, p, in, "dem",
                        gt__scenario_layer_absent(s, "dem") ? GT__GAP_DECLARED_ABSENT
                                                            : GT__GAP_NOT_IN_SCENARIO);
    /* Elevations no float holds would be no data at every site. */
    return gt__dem_check_values(ctx, gt__scenario_layer(s, "dem"), NULL, NULL, 0, NULL);
}

/* Check one site: a unique id, inside the study area, known values. */
static gt_status check_site(gt_context *ctx, const gt__spr_profile *p, const gt__rank_part *r,
                            gt__rank_inputs *in, const GEOSPreparedGeometry *study,
                            const gt__geodesic *gd, int i)
{
    GEOSContextHandle_t geos = gt__geos(ctx);
    gt__rank_site *s = &in->sites[i];
    const char *id = s->value[GT__INVENTORY_SITE_ID];
    for (int k = 0; k < i; k++)
        if (!strcmp(in->sites[k].value[GT__INVENTORY_SITE_ID], id))
            return gt__error(ctx, GT_ERR_INPUT_FIELD,
                             "inventory: site id '%s' appears twice (site_id must be unique)", id);
    if (GEOSPreparedIntersects_r(geos, study, s->geom) != 1)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "inventory: site %s lies outside the study area (is its CRS right?)", id);
    double area_m2 = 0; /* on the ellipsoid, the same in any working CRS */
    gt_status st = gt__geodesic_area(ctx, gd, s->geom, &area_m2, NULL);
    if (st)
        return st;
    return prepare_site(ctx, p, r, s, area_m2, GEOSGeom_getDimensions_r(geos, s->geom) == 2);
}

/* Move the inventory's rows into sites and check each; every bad site is
 * reported at once, with its row in the source. */
static gt_status prepare_sites(gt_context *ctx, const gt__spr_profile *p, const gt__rank_part *r,
                               OGRSpatialReferenceH srs, gt__rank_inputs *in)
{
    GEOSContextHandle_t geos = gt__geos(ctx);
    in->n_sites = in->inventory->n;
    in->sites = gt__calloc(ctx, (size_t)in->n_sites, sizeof *in->sites);
    if (!in->sites)
        return gt_context_status(ctx);
    for (int i = 0; i < in->n_sites; i++) {
        char **row = &in->inventory->values[(size_t)i * GT__INVENTORY_COUNT];
        for (int k = 0; k < GT__INVENTORY_COUNT; k++) {
            in->sites[i].value[k] = row[k];
            row[k] = NULL; /* the site owns them now */
        }
        in->sites[i].geom = in->inventory->geoms[i];
    }
    const GEOSPreparedGeometry *study = GEOSPrepare_r(geos, in->study_geom);
    gt_status st = study ? GT_OK : GT_GEOS_FAIL(ctx, "prepare study area");
    gt__geodesic *gd = !st ? gt__geodesic_create(ctx, srs) : NULL; /* site areas */
    if (!st && !gd)
        st = gt_context_status(ctx);
    gt__problems bad = {.table = in->inventory->table};
    for (int i = 0; !st && i < in->n_sites; i++)
        if ((st = check_site(ctx, p, r, in, study, gd, i)) &&
            gt__problems_add(ctx, &bad, in->inventory->rows[i]))
            st = GT_OK;
    gt__geodesic_destroy(gd);
    if (study)
        GEOSPreparedGeom_destroy_r(geos, study);
    return st ? st : gt__problems_report(ctx, &bad, "");
}

gt_status gt__rank_inputs_load(gt_context *ctx, const gt_scenario *s, int as_of, const gt__spr_profile *p,
                               OGRSpatialReferenceH srs, gt__rank_inputs *out)
{
    memset(out, 0, sizeof *out);
    const gt__rank_part *settings = s->rank;
    gt_status st = load_study_area(ctx, s, srs, out);
    if (st)
        return st;
    const char *source_fields[GT__INVENTORY_COUNT];
    for (int k = 0; k < GT__INVENTORY_COUNT; k++)
        source_fields[k] =
            settings->source_fields[k] ? settings->source_fields[k] : gt__inventory_schema[k];
    gt__layer_spec inventory = settings->inventory;
    inventory.as_of = as_of; /* a register: its statuses as of --as-of */
    if ((st = gt__inventory_load(ctx, &inventory, srs, gt__inventory_schema, source_fields,
                                 GT__INVENTORY_COUNT, &out->inventory)))
        return st;
    if (out->inventory->n == 0 && as_of)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "inventory: no sites in '%s' as of --as-of %d (the end of %d)",
                         settings->inventory.source, as_of, as_of);
    if (out->inventory->n == 0)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT, "inventory: no sites in '%s'",
                         settings->inventory.source);
    if ((st = load_layers(ctx, s, p, srs, out)))
        return st;
    if ((st = prepare_sites(ctx, p, settings, srs, out)))
        return st;
    gt__gaps_log(ctx, &out->gaps);
    return gt__gaps_refuse(ctx, s, &out->gaps);
}

void gt__rank_inputs_free(gt_context *ctx, gt__rank_inputs *in)
{
    for (int i = 0; in->sites && i < in->n_sites; i++)
        for (int k = 0; k < GT__INVENTORY_COUNT; k++)
            free(in->sites[i].value[k]);
    free(in->sites);
    gt__inventory_free(ctx, in->inventory);
    for (int k = 0; k < GT__N_ROLES; k++)
        gt__features_free(ctx, in->layer[k]);
    gt__gaps_free(&in->gaps);
    gt__features_free(ctx, in->study);
    if (in->study_geom)
        GEOSGeom_destroy_r(gt__geos(ctx), in->study_geom);
    memset(in, 0, sizeof *in);
}

/* ------------------------------------------------------------------ */
/* Stage 2: receptors                                                   */
/* ------------------------------------------------------------------ */

/* The dominant land-use class (by area) within 500 m of the site. */
static gt_status landuse_around(gt_context *ctx, const gt__features *lu, const GEOSGeometry *g,
                                char *out, size_t size)
{
    snprintf(out, size, "%s", lu->classes ? "" : "(no class field)");
    if (!lu->classes)
        return GT_OK;
    GEOSContextHandle_t geos = gt__geos(ctx);
    GEOSGeometry *buf = GEOSBuffer_r(geos, g, 500, 16);
    if (!buf)
        return GT_GEOS_FAIL(ctx, "buffer");
    double best = 0;
    /* Sum the area per class (classes are few; a linear scan is enough). */
    double *by_class = gt__calloc(ctx, (size_t)lu->n + 1, sizeof(double));
    for (int i = 0; by_class && i < lu->n; i++) {
        if (!lu->classes[i])
            continue;
        GEOSGeometry *x = GEOSIntersection_r(geos, buf, lu->geoms[i]);
        double a = 0;
        if (x) {
            GEOSArea_r(geos, x, &a);
            GEOSGeom_destroy_r(geos, x);
        }
        int k = i;
        for (int j = 0; j < i; j++)
            if (lu->classes[j] && !strcmp(lu->classes[j], lu->classes[i])) {
                k = j;
                break;
            }
        by_class[k] += a;
        if (by_class[k] > best) {
            best = by_class[k];
            snprintf(out, size, "%s", lu->classes[k]);
        }
    }
    free(by_class);
    GEOSGeom_destroy_r(geos, buf);
    return GT_OK;
}

/* Slope: a 5 x 5 grid of 30 m cells centred on the site, Horn's method at
 * the centre cell. */
static gt_status slope_at(gt_context *ctx, const gt__layer_spec *dem, OGRSpatialReferenceH srs,
                          const GEOSGeometry *g, double *slope_pct)
{
    GEOSContextHandle_t geos = gt__geos(ctx);
    gt_status st = GT_OK;
    GEOSGeometry *c = GEOSGetCentroid_r(geos, g);
    double x, y;
    if (c && GEOSGeomGetX_r(geos, c, &x) && GEOSGeomGetY_r(geos, c, &y)) {
        gt__grid grid = {5, 5, x - 75, y + 75, 30};
        float z[25], slope[25];
        if (!(st = gt__raster_load(ctx, dem, &grid, srs, z)) &&
            !(st = gt_slope_horn(ctx, z, 5, 5, 30, 30, 0, 0, slope)))
            *slope_pct = slope[12];
    }
    if (c)
        GEOSGeom_destroy_r(geos, c);
    return st;
}

static gt_status measure_site(gt_context *ctx, const gt__rank_inputs *in, gt__index *const *index,
                              const gt__layer_spec *dem, OGRSpatialReferenceH srs,
                              const gt__rank_site *s, gt__rank_receptors *r)
{
    gt_status st = GT_OK;
    int which;
    double *dists[] = {&r->dist_water_m, &r->dist_well_m, &r->dist_protected_m,
                       &r->dist_residential_m};
    const gt__rank_role roles[] = {GT__ROLE_SURFACE_WATER, GT__ROLE_WELLS, GT__ROLE_PROTECTED,
                                   GT__ROLE_RESIDENTIAL};
    for (size_t k = 0; k < sizeof roles / sizeof *roles && !st; k++) {
        *dists[k] = NAN;
        if (index[roles[k]])
            st = gt__index_nearest(ctx, index[roles[k]], s->geom, dists[k], &which);
    }
    r->in_flood_zone = -1;
    if (!st && index[GT__ROLE_FLOOD_ZONE]) {
        bool in_zone;
        if (!(st = gt__index_overlaps(ctx, index[GT__ROLE_FLOOD_ZONE], s->geom, &in_zone, &which)))
            r->in_flood_zone = in_zone;
    }
    const gt__features *pop = in->layer[GT__ROLE_POPULATION];
    r->pop_500m = r->pop_1km = r->pop_2km = NAN;
    if (!st && pop && !(st = gt__population_within(ctx, pop, s->geom, 500, &r->pop_500m)) &&
        !(st = gt__population_within(ctx, pop, s->geom, 1000, &r->pop_1km)))
        st = gt__population_within(ctx, pop, s->geom, 2000, &r->pop_2km);
    r->landuse_500m[0] = '\0';
    if (!st && in->layer[GT__ROLE_LANDUSE])
        st = landuse_around(ctx, in->layer[GT__ROLE_LANDUSE], s->geom, r->landuse_500m,
                            sizeof r->landuse_500m);
    r->slope_pct = NAN;
    if (!st && dem)
        st = slope_at(ctx, dem, srs, s->geom, &r->slope_pct);
    return st;
}

gt_status gt__rank_receptors_measure(gt_context *ctx, const gt_scenario *s,
                                     const gt__rank_inputs *in, OGRSpatialReferenceH srs,
                                     gt__rank_receptors **out)
{
    gt__index *index[GT__N_ROLES] = {0};
    gt_status st = GT_OK;
    gt__rank_receptors *r = *out = gt__calloc(ctx, (size_t)in->n_sites, sizeof *r);
    if (!r)
        return gt_context_status(ctx);
    for (int k = 0; k < GT__N_ROLES && !st; k++)
        if (in->layer[k] && !(index[k] = gt__index_create(ctx, in->layer[k])))
            st = gt_context_status(ctx);
    const gt__layer_spec *dem = gt__scenario_layer(s, "dem");
    for (int i = 0; !st && i < in->n_sites; i++)
        st = measure_site(ctx, in, index, dem, srs, &in->sites[i], &r[i]);
    for (int k = 0; k < GT__N_ROLES; k++)
        gt__index_destroy(ctx, index[k]);
    return st;
}
