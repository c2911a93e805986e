/*
 * fuzz_ahp_csv.c: libFuzzer target for the AHP pairwise-matrix CSV reader
 * (names, fractions, ragged rows, reciprocity). Any status is fine, a
 * crash, a leak or undefined behaviour is not. SPDX-License-Identifier: MIT
 */
#include "fuzz_common.h"
#include "layers/layers.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gt_fuzz_init("ahp", "csv");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gt_context *ctx = gt_fuzz_begin(data, size);
    if (!ctx)
        return 0;
    char **names = NULL;
    int n = 0;
    double *m = NULL;
    if (gt__ahp_read_csv(ctx, gt_fuzz_path, &names, &n, &m) == GT_OK) {
        gt_ahp_result r;
        if (n <= GT_AHP_MAX_N)
            gt_ahp_compute(ctx, n, m, GT_AHP_EIGEN, GT_RI_SAATY1980, &r);
    }
    for (int i = 0; names && names[i]; i++)
        free(names[i]);
    free(names);
    free(m);
    gt_context_destroy(ctx);
    return 0;
}
