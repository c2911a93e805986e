/*
 * cmd_compare.c: `gistool compare A.gpkg B.gpkg`: what changed between two
 * runs, written as a GeoPackage and an HTML section, with a short summary
 * on stdout. SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_compare_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_compare_options_destroy(o);
}

static int help(const void *o)
{
    return gt_compare_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    char *summary = NULL;
    int rc = gt_compare_run(ctx, opts, &summary);
    if (summary)
        fputs(summary, stdout);
    free(summary);
    return rc;
}

const cli_command cli_compare = {
    "compare", "what changed between two site runs or two rank runs", create, destroy, help, run};
