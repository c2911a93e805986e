/*
 * fuzz_scenario.c: libFuzzer target for the scenario reader (YAML, every
 * key, anchors, numbers and fractions). The input is written to a file, as
 * gt_scenario_load reads one; any status is fine, a crash, a leak or
 * undefined behaviour is not. SPDX-License-Identifier: MIT
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gt_fuzz_init("scenario", "yaml");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gt_context *ctx = gt_fuzz_begin(data, size);
    if (!ctx)
        return 0;
    static const char *const overrides[] = {"regions.min_score=0.5", NULL};
    gt_scenario *s = gt_scenario_load(ctx, gt_fuzz_path, size % 2 ? overrides : NULL);
    gt_scenario_destroy(s);
    gt_context_destroy(ctx);
    return 0;
}
