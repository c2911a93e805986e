/*
 * api_ahp.c: AHP weights through the public API only (gistool.h).
 * Build: part of the CMake build (target example_ahp). Run: ./example_ahp
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "gistool.h"

int main(void)
{
    /* Row i, column j: how much more important criterion i is than j. */
    const char *names[3] = {"road_access", "remoteness", "slope"};
    const double a[9] = {1, 1.0 / 2, 3, 2, 1, 5, 1.0 / 3, 1.0 / 5, 1};
    gt_context *ctx = gt_context_create();
    if (!ctx)
        return 1;
    gt_ahp_result r;
    if (gt_ahp_weights(ctx, 3, a, GT_RI_SAATY1980, &r) != GT_OK) {
        fprintf(stderr, "%s\n", gt_context_errmsg(ctx));
        gt_context_destroy(ctx);
        return 1;
    }
    for (int i = 0; i < 3; i++)
        printf("%-12s %.4f\n", names[i], r.weights[i]);
    printf("lambda_max %.4f  CI %.4f  CR %.4f (%s, RI %.2f)  %s\n", r.lambda_max, r.ci, r.cr,
           gt_ri_table_name(r.ri_table), r.ri, r.cr < 0.10 ? "consistent" : "inconsistent");
    gt_context_destroy(ctx);
    return 0;
}
