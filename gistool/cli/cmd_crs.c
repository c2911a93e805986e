/*
 * cmd_crs.c: `gistool crs PROVINCE`: a province's VN-2000 CRS and what
 * PROJ says of it. SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_crs_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_crs_options_destroy(o);
}

static int help(const void *o)
{
    return gt_crs_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    char *report = NULL;
    int rc = gt_crs_run(ctx, opts, &report);
    if (report)
        fputs(report, stdout);
    free(report);
    return rc;
}

const cli_command cli_crs = {
    "crs", "the VN-2000 CRS of a province (TM-3 meridian, EPSG code, PROJ)", create, destroy, help,
    run};
