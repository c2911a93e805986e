/*
 * spr.c: the source-pathway-receptor model of landfill risk screening: the
 * banded tables, one site's score against a risk profile, and the
 * remediation option and cost rules. SPDX-License-Identifier: MIT
 *
 * Pattern of the Irish EPA "Code of Practice: Environmental Risk Assessment
 * for Unregulated Waste Disposal Sites" (2007): each linkage (e.g. leachate
 * -> groundwater -> wells) scores source x pathway x receptor, normalised to
 * a percentage of that linkage's maximum; a site's risk is its worst
 * linkage; classes High >= 70 %, Moderate 40-70 %, Low < 40 % by default.
 * The point tables are data (gistool/profiles/vn-spr-2026.yaml).
 */
#include <math.h>
#include <stddef.h>
#include <strings.h>

#include "algorithms/internal.h"

double gt_band_lookup(const gt_band *bands, int n, double x)
{
    if (isnan(x))
        return NAN;
    for (int i = 0; i < n; i++)
        if (x < bands[i].upper)
            return bands[i].value;
    return NAN;
}

double gt_spr_linkage_pct(double s, double p, double r, double s_max, double p_max, double r_max)
{
    if (!(s_max > 0) || !(p_max > 0) || !(r_max > 0))
        return NAN;
    return 100.0 * (s * p * r) / (s_max * p_max * r_max);
}

gt_risk_class gt_risk_classify(double pct, double high_min, double moderate_min)
{
    if (pct >= high_min)
        return GT_RISK_HIGH;
    if (pct >= moderate_min)
        return GT_RISK_MODERATE;
    return GT_RISK_LOW;
}

const char *gt_risk_class_name(gt_risk_class c)
{
    switch (c) {
    case GT_RISK_HIGH:
        return "High";
    case GT_RISK_MODERATE:
        return "Moderate";
    case GT_RISK_LOW:
        return "Low";
    }
    return "?";
}

/* ------------------------------------------------------------------ */
/* The inventory's vocabulary                                           */
/* ------------------------------------------------------------------ */

static const char *const type_values[] = {"unsanitary_landfill", "spontaneous_dump",
                                          "sanitary_landfill", NULL};
static const char *const status_values[] = {"operating", "closed", "remediating", "remediated",
                                            NULL};
static const char *const waste_values[] = {"household", "hazardous", "industrial", "mixed", NULL};
static const char *const yes_no_values[] = {"yes", "no", NULL};
static const char *const cover_values[] = {"none", "partial", "full", NULL};
static const char *const evidence_values[] = {"yes", "no", "unknown", NULL};

static const struct {
    const char *name;
    const char *const *values;
} categories[GT__N_CATEGORIES] = {
    [GT__CATEGORY_TYPE] = {"type", type_values},
    [GT__CATEGORY_STATUS] = {"status", status_values},
    [GT__CATEGORY_WASTE] = {"waste_type", waste_values},
    [GT__CATEGORY_LINER] = {"liner", yes_no_values},
    [GT__CATEGORY_COVER] = {"cover", cover_values},
    [GT__CATEGORY_LEACHATE] = {"leachate", evidence_values},
    [GT__CATEGORY_BURNING] = {"burning", evidence_values},
};

const char *const *gt__spr_category_values(gt__spr_category c)
{
    return categories[c].values;
}

const char *gt__spr_category_name(gt__spr_category c)
{
    return categories[c].name;
}

int gt__spr_category_index(gt__spr_category c, const char *value)
{
    const char *const *values = categories[c].values;
    for (int i = 0; value && values[i]; i++)
        if (!strcasecmp(values[i], value))
            return i;
    return -1;
}

static const char *const linkage_names[GT__N_LINKS] = {
    [GT__LINK_LEACHATE_GROUNDWATER] = "leachate_groundwater",
    [GT__LINK_LEACHATE_SURFACE_WATER] = "leachate_surface_water",
    [GT__LINK_GAS_RESIDENTS] = "gas_residents",
    [GT__LINK_BURNING_RESIDENTS] = "burning_residents",
};

const char *gt__spr_linkage_name(gt__spr_linkage l)
{
    return linkage_names[l];
}

const char *gt__remediation_option_name(gt__remediation_option o)
{
    switch (o) {
    case GT__OPTION_NONE:
        return "none";
    case GT__OPTION_EXCAVATE_RELOCATE:
        return "excavate_relocate";
    case GT__OPTION_CLOSE_CAP:
        return "close_cap";
    case GT__OPTION_UPGRADE_SANITARY:
        return "upgrade_sanitary";
    }
    return "?";
}

/* ------------------------------------------------------------------ */
/* The profile's tables                                                 */
/* ------------------------------------------------------------------ */

const double *gt__spr_row(const gt__spr_rows *t, const char *key)
{
    for (int i = 0; key && i < t->n; i++)
        if (!strcasecmp(t->key[i], key))
            return &t->value[i];
    return NULL;
}

/* The value of a category's value; the profile check guarantees the row. */
static double row_value(const gt__spr_rows *t, gt__spr_category c, int index)
{
    const double *v = gt__spr_row(t, categories[c].values[index]);
    return v ? *v : NAN;
}

static double rows_max(const gt__spr_rows *t)
{
    double m = 0;
    for (int i = 0; i < t->n; i++)
        m = fmax(m, t->value[i]);
    return m;
}

double gt__spr_bands_max(const gt__spr_bands *t)
{
    double m = 0;
    for (int i = 0; i < t->n; i++)
        m = fmax(m, t->band[i].value);
    return m;
}

/* A banded value, or the table's worst (largest) value when x is unknown. */
static double band_or_worst(const gt__spr_bands *t, double x)
{
    return isnan(x) ? gt__spr_bands_max(t) : gt_band_lookup(t->band, t->n, x);
}

gt_status gt__spr_profile_check(gt_context *ctx, const gt__spr_profile *p)
{
    /* Each source table against the category whose values it multiplies;
     * gas_waste is a second table over the waste types. */
    const struct {
        const char *key;
        const gt__spr_rows *rows;
        gt__spr_category category;
    } tables[] = {{"waste_type", &p->waste, GT__CATEGORY_WASTE},
                  {"gas_waste", &p->gas_waste, GT__CATEGORY_WASTE},
                  {"liner", &p->liner, GT__CATEGORY_LINER},
                  {"cover", &p->cover, GT__CATEGORY_COVER},
                  {"leachate", &p->leachate, GT__CATEGORY_LEACHATE},
                  {"burning", &p->burning, GT__CATEGORY_BURNING}};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        const char *const *values = categories[tables[i].category].values;
        for (int k = 0; values[k]; k++)
            if (!gt__spr_row(tables[i].rows, values[k]))
                return gt__error(ctx, GT_ERR_PROFILE,
                                 "%s: source.%s has no row for '%s' (every value of %s needs one)",
                                 p->path ? p->path : p->id, tables[i].key, values[k],
                                 categories[tables[i].category].name);
    }
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* One site                                                             */
/* ------------------------------------------------------------------ */

gt__remediation_option gt__spr_option(const gt__spr_profile *p, const gt__spr_site_input *in)
{
    /* Unknown flood zone or distance to water counts as near water: the
     * worst case. The rules apply in this order (docs/rank.md). */
    bool flood = in->in_flood_zone != 0;
    bool near_water = flood || isnan(in->dist_water_m) || in->dist_water_m < p->water_buffer_m;
    if (in->type == GT__SANITARY_LANDFILL)
        return GT__OPTION_NONE;
    if (in->volume_m3 <= p->excavate_max_volume_m3)
        return GT__OPTION_EXCAVATE_RELOCATE;
    if (near_water && in->volume_m3 <= p->excavate_near_water_max_volume_m3)
        return GT__OPTION_EXCAVATE_RELOCATE;
    if (in->type == GT__UNSANITARY_LANDFILL && in->status == GT__STATUS_OPERATING &&
        in->volume_m3 >= p->upgrade_min_volume_m3 && !flood && !isnan(in->dist_water_m) &&
        in->dist_water_m >= p->upgrade_min_dist_water_m)
        return GT__OPTION_UPGRADE_SANITARY;
    return GT__OPTION_CLOSE_CAP;
}

double gt__spr_cost(const gt__spr_profile *p, gt__remediation_option o, double volume_m3,
                    double area_ha)
{
    switch (o) {
    case GT__OPTION_EXCAVATE_RELOCATE:
        return volume_m3 * p->cost_excavate_per_m3;
    case GT__OPTION_CLOSE_CAP:
        return area_ha * p->cost_cap_per_ha;
    case GT__OPTION_UPGRADE_SANITARY:
        return area_ha * p->cost_upgrade_per_ha;
    case GT__OPTION_NONE:
        break;
    }
    return 0;
}

void gt__spr_score_site(const gt__spr_profile *p, const gt__spr_site_input *in,
                        gt__spr_site_result *out)
{
    /* Source: what the waste can release (the products keep their order so
     * that results stay bit-identical). */
    double volume = gt_band_lookup(p->volume_m3.band, p->volume_m3.n, in->volume_m3);
    double waste = row_value(&p->waste, GT__CATEGORY_WASTE, in->waste);
    double gas_waste = row_value(&p->gas_waste, GT__CATEGORY_WASTE, in->waste);
    double liner = row_value(&p->liner, GT__CATEGORY_LINER, in->liner);
    double cover = row_value(&p->cover, GT__CATEGORY_COVER, in->cover);
    double leachate = row_value(&p->leachate, GT__CATEGORY_LEACHATE, in->leachate);
    double burning = row_value(&p->burning, GT__CATEGORY_BURNING, in->burning);
    out->source_leachate = waste * volume * liner * leachate;
    out->source_gas = gas_waste * volume * cover;
    out->source_burning = burning * cover;
    /* Pathway: an unknown flood zone (no layer) counts as inside. */
    bool flood = in->in_flood_zone != 0;
    out->pathway_groundwater = flood ? p->groundwater_in_flood_zone : p->groundwater_otherwise;
    out->pathway_surface_water = band_or_worst(&p->surface_water_dist_m, in->dist_water_m);
    if (flood)
        out->pathway_surface_water =
            fmax(out->pathway_surface_water, p->surface_water_in_flood_zone);
    out->pathway_gas = band_or_worst(&p->gas_dist_residential_m, in->dist_residential_m);
    out->pathway_burning = band_or_worst(&p->burning_dist_residential_m, in->dist_residential_m);
    /* Receptor. */
    out->receptor_wells = band_or_worst(&p->well_dist_m, in->dist_well_m);
    out->receptor_protected = band_or_worst(&p->protected_dist_m, in->dist_protected_m);
    out->receptor_pop_500m = band_or_worst(&p->pop_500m, in->pop_500m);
    out->receptor_pop_2km = band_or_worst(&p->pop_2km, in->pop_2km);
    /* Each linkage as a percentage of its own maximum. */
    double volume_max = gt__spr_bands_max(&p->volume_m3);
    double leachate_max =
        rows_max(&p->waste) * volume_max * rows_max(&p->liner) * rows_max(&p->leachate);
    double gas_max = rows_max(&p->gas_waste) * volume_max * rows_max(&p->cover);
    double burning_max = rows_max(&p->burning) * rows_max(&p->cover);
    double *link = out->linkage_pct;
    link[GT__LINK_LEACHATE_GROUNDWATER] = gt_spr_linkage_pct(
        out->source_leachate, out->pathway_groundwater, out->receptor_wells, leachate_max,
        fmax(p->groundwater_in_flood_zone, p->groundwater_otherwise),
        gt__spr_bands_max(&p->well_dist_m));
    link[GT__LINK_LEACHATE_SURFACE_WATER] = gt_spr_linkage_pct(
        out->source_leachate, out->pathway_surface_water, out->receptor_protected, leachate_max,
        fmax(gt__spr_bands_max(&p->surface_water_dist_m), p->surface_water_in_flood_zone),
        gt__spr_bands_max(&p->protected_dist_m));
    link[GT__LINK_GAS_RESIDENTS] = gt_spr_linkage_pct(
        out->source_gas, out->pathway_gas, out->receptor_pop_500m, gas_max,
        gt__spr_bands_max(&p->gas_dist_residential_m), gt__spr_bands_max(&p->pop_500m));
    link[GT__LINK_BURNING_RESIDENTS] = gt_spr_linkage_pct(
        out->source_burning, out->pathway_burning, out->receptor_pop_2km, burning_max,
        gt__spr_bands_max(&p->burning_dist_residential_m), gt__spr_bands_max(&p->pop_2km));
    out->worst = GT__LINK_LEACHATE_GROUNDWATER;
    for (int k = 1; k < GT__N_LINKS; k++)
        if (link[k] > link[out->worst])
            out->worst = (gt__spr_linkage)k;
    out->risk_pct = link[out->worst];
    out->risk_class = gt_risk_classify(out->risk_pct, p->high_min_pct, p->moderate_min_pct);
    out->option = gt__spr_option(p, in);
    out->cost = gt__spr_cost(p, out->option, in->volume_m3, in->area_ha);
}
