/*
 * fuzzy.c: fuzzy membership functions for factor standardisation.
 * SPDX-License-Identifier: MIT
 *
 * Control points a <= b <= c <= d (J. R. Eastman, IDRISI/TerrSet FUZZY;
 * SAGA grid_calculus/Fuzzify.cpp). mu = 0 for x <= a (when a < b) and for
 * x >= d (when c < d); mu = 1 on [b, c]. With t the position on a side:
 *
 *   linear     rising: t = (x - a)/(b - a)          falling: t = (d - x)/(d - c)
 *              mu = t
 *   sigmoidal  mu = sin^2(t * pi/2)                 (Eastman's cos^2 form)
 *   J-shaped   rising: mu = 1 / (1 + ((b - x)/(b - a))^2)
 *              falling: mu = 1 / (1 + ((x - c)/(d - c))^2)
 *
 * The J shape is 0.5 just inside a and d and 0 outside, as SAGA computes it
 * (Eastman's J never reaches 0). When a == b the rise is a step at a (mu = 1
 * from x = a on); when c == d the fall is a step after d.
 *
 * QGIS Fuzzify raster (qgsalgorithmfuzzifyraster.cpp) shapes, with the
 * midpoint f2 and spread f1:
 *   gaussian mu = exp(-f1 (x - f2)^2)      near  mu = 1 / (1 + f1 (x - f2)^2)
 *   large    mu = 1 / (1 + (x/f2)^-f1)     small mu = 1 / (1 + (x/f2)^f1)
 * (large is 0 and small 1 for x <= 0, where the power is not defined).
 * A table: piecewise linear through the user's breakpoints, flat beyond.
 */
#include <math.h>

#include "algorithms/internal.h"

#define PI 3.14159265358979323846

const char *gt_fuzzy_shape_name(gt_fuzzy_shape shape)
{
    switch (shape) {
    case GT_FUZZY_LINEAR:
        return "linear";
    case GT_FUZZY_SIGMOIDAL:
        return "sigmoidal";
    case GT_FUZZY_JSHAPED:
        return "j_shaped";
    case GT_FUZZY_GAUSSIAN:
        return "gaussian";
    case GT_FUZZY_NEAR:
        return "near";
    case GT_FUZZY_LARGE:
        return "large";
    case GT_FUZZY_SMALL:
        return "small";
    case GT_FUZZY_TABLE:
        return "table";
    }
    return "unknown";
}

gt_status gt_fuzzy_validate(gt_context *ctx, const gt_fuzzy *f)
{
    switch (f->shape) {
    case GT_FUZZY_GAUSSIAN:
    case GT_FUZZY_NEAR:
    case GT_FUZZY_LARGE:
    case GT_FUZZY_SMALL:
        if (!(f->spread > 0) || !isfinite(f->spread) || !isfinite(f->midpoint))
            return gt__error(ctx, GT_ERR_SCENARIO,
                             "fuzzy %s: spread must be positive and midpoint finite (got spread "
                             "%g, midpoint %g)",
                             gt_fuzzy_shape_name(f->shape), f->spread, f->midpoint);
        if ((f->shape == GT_FUZZY_LARGE || f->shape == GT_FUZZY_SMALL) && !(f->midpoint > 0))
            return gt__error(ctx, GT_ERR_SCENARIO, "fuzzy %s: midpoint must be positive (got %g)",
                             gt_fuzzy_shape_name(f->shape), f->midpoint);
        return GT_OK;
    case GT_FUZZY_TABLE:
        if (f->n_points < 2 || f->n_points > GT_FUZZY_MAX_POINTS)
            return gt__error(ctx, GT_ERR_SCENARIO, "fuzzy table: 2 to %d points (got %d)",
                             GT_FUZZY_MAX_POINTS, f->n_points);
        for (int i = 0; i < f->n_points; i++) {
            if (!(f->py[i] >= 0 && f->py[i] <= 1) || !isfinite(f->px[i]))
                return gt__error(
                    ctx, GT_ERR_SCENARIO,
                    "fuzzy table point %d: x must be finite, mu in [0, 1] (got %g, %g)", i + 1,
                    f->px[i], f->py[i]);
            if (i && !(f->px[i] > f->px[i - 1]))
                return gt__error(ctx, GT_ERR_SCENARIO,
                                 "fuzzy table: x must increase (point %d: %g after %g)", i + 1,
                                 f->px[i], f->px[i - 1]);
        }
        return GT_OK;
    default:
        break;
    }
    if (isnan(f->a) || isnan(f->b) || isnan(f->c) || isnan(f->d))
        return gt__error(ctx, GT_ERR_SCENARIO, "fuzzy control point is NaN");
    if (!(f->a <= f->b && f->b <= f->c && f->c <= f->d))
        return gt__error(ctx, GT_ERR_SCENARIO,
                         "fuzzy control points must satisfy a <= b <= c <= d "
                         "(got a=%g b=%g c=%g d=%g)",
                         f->a, f->b, f->c, f->d);
    if (isinf(f->b) && f->b < 0) /* b = -inf means no rising side */
        if (!(isinf(f->a) && f->a < 0))
            return gt__error(ctx, GT_ERR_SCENARIO, "fuzzy: b is unset but a is set (a=%g)", f->a);
    if (isinf(f->c) && f->c > 0)
        if (!(isinf(f->d) && f->d > 0))
            return gt__error(ctx, GT_ERR_SCENARIO, "fuzzy: c is unset but d is set (d=%g)", f->d);
    if (isinf(f->b) && isinf(f->c))
        return gt__error(ctx, GT_ERR_SCENARIO,
                         "fuzzy: give a rising side (a, b), a falling side "
                         "(c, d) or both");
    if (f->shape != GT_FUZZY_LINEAR && f->shape != GT_FUZZY_SIGMOIDAL &&
        f->shape != GT_FUZZY_JSHAPED)
        return gt__error(ctx, GT_ERR_SCENARIO, "fuzzy: unknown shape %d", (int)f->shape);
    return GT_OK;
}

/* Membership on one side, t in (0, 1) the normalised position towards the
 * plateau, u = 1 - t the normalised distance from it. */
static double side(gt_fuzzy_shape shape, double t)
{
    switch (shape) {
    case GT_FUZZY_LINEAR:
        return t;
    case GT_FUZZY_SIGMOIDAL: {
        double s = sin(t * PI / 2.0);
        return s * s;
    }
    case GT_FUZZY_JSHAPED: {
        double u = 1.0 - t;
        return 1.0 / (1.0 + u * u);
    }
    default:
        return NAN;
    }
}

double gt_fuzzy_eval(const gt_fuzzy *f, double x)
{
    if (isnan(x))
        return NAN;
    switch (f->shape) {
    case GT_FUZZY_GAUSSIAN:
        return exp(-f->spread * (x - f->midpoint) * (x - f->midpoint));
    case GT_FUZZY_NEAR:
        return 1.0 / (1.0 + f->spread * (x - f->midpoint) * (x - f->midpoint));
    case GT_FUZZY_LARGE:
        return x <= 0 ? 0.0 : 1.0 / (1.0 + pow(x / f->midpoint, -f->spread));
    case GT_FUZZY_SMALL:
        return x <= 0 ? 1.0 : 1.0 / (1.0 + pow(x / f->midpoint, f->spread));
    case GT_FUZZY_TABLE: {
        int n = f->n_points;
        if (x <= f->px[0])
            return f->py[0];
        if (x >= f->px[n - 1])
            return f->py[n - 1];
        int i = 1;
        while (x > f->px[i])
            i++;
        double t = (x - f->px[i - 1]) / (f->px[i] - f->px[i - 1]);
        return f->py[i - 1] + t * (f->py[i] - f->py[i - 1]);
    }
    default:
        break;
    }
    if (x < f->b) { /* rising side or below it */
        if (x <= f->a)
            return 0.0;
        return side(f->shape, (x - f->a) / (f->b - f->a));
    }
    if (x <= f->c)
        return 1.0;
    if (x >= f->d)
        return 0.0;
    return side(f->shape, (f->d - x) / (f->d - f->c));
}
