/*
 * spr.c: source-pathway-receptor arithmetic for landfill risk screening.
 * SPDX-License-Identifier: MIT
 *
 * Pattern of the Irish EPA "Code of Practice: Environmental Risk Assessment
 * for Unregulated Waste Disposal Sites" (2007): each linkage (e.g. leachate
 * -> groundwater -> wells) scores source x pathway x receptor, normalised to
 * a percentage of that linkage's maximum; a site's risk is its worst
 * linkage; classes High >= 70 %, Moderate 40-70 %, Low < 40 % by default.
 * The point tables are data (gistool/profiles/vn-spr-2026.yaml).
 */
#include <math.h>

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
