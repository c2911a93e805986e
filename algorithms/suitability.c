/*
 * suitability.c: the suitability surface from the aggregated score, the
 * constraint mask and the study area. SPDX-License-Identifier: MIT
 *
 * Boolean constraints multiply the score (S x prod c_j; Eastman 1995):
 * a cell any constraint excludes scores 0, so that excluded land reads as
 * unsuitable rather than unknown; outside the study area there is no data.
 */
#include <math.h>

#include "algorithms/internal.h"

void gt__suitability(size_t count, const unsigned char *inside, const unsigned char *mask,
                     const float *score, float *out)
{
    for (size_t k = 0; k < count; k++)
        out[k] = !inside[k] ? NAN : mask[k] ? 0.0f : score[k];
}
