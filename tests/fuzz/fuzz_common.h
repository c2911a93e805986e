/*
 * fuzz_common.h: the prologue every libFuzzer target shares: the readers
 * take a file, so each input is written to a file of this process (named in
 * LLVMFuzzerInitialize) and read with a new context. Header only: run_fuzz.py
 * compiles each harness alone. SPDX-License-Identifier: MIT
 */
#ifndef GT_FUZZ_COMMON_H
#define GT_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gistool/gistool.h"

static char gt_fuzz_path[64];

/* The input file of this process: /tmp/gt_fuzz_STEM_PID.EXT. */
static void gt_fuzz_init(const char *stem, const char *ext)
{
    snprintf(gt_fuzz_path, sizeof gt_fuzz_path, "/tmp/gt_fuzz_%s_%ld.%s", stem, (long)getpid(),
             ext);
}

/* The input written to gt_fuzz_path, and a new context for reading it;
 * NULL when either fails (the input is then skipped). */
static gt_context *gt_fuzz_begin(const uint8_t *data, size_t size)
{
    FILE *f = fopen(gt_fuzz_path, "wb");
    if (!f)
        return NULL;
    fwrite(data, 1, size, f);
    fclose(f);
    return gt_context_create();
}

#endif
