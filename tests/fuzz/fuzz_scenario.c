/*
 * fuzz_scenario.c: libFuzzer target for the scenario reader (YAML, every
 * key, anchors, numbers and fractions). The input is written to a file, as
 * gt_scenario_load reads one; any status is fine, a crash, a leak or
 * undefined behaviour is not. SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gistool/gistool.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    snprintf(path, sizeof path, "/tmp/gt_fuzz_scenario_%ld.yaml", (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    gt_context *ctx = gt_context_create();
    if (!ctx)
        return 0;
    static const char *const overrides[] = {"regions.min_score=0.5", NULL};
    gt_scenario *s = gt_scenario_load(ctx, path, size % 2 ? overrides : NULL);
    gt_scenario_destroy(s);
    gt_context_destroy(ctx);
    return 0;
}
