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
    }
    return "unknown";
}

gt_status gt_fuzzy_validate(gt_context *ctx, const gt_fuzzy *f)
{
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
    }
    return NAN;
}

double gt_fuzzy_eval(const gt_fuzzy *f, double x)
{
    if (isnan(x))
        return NAN;
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
