/*
 * cmd_ahp.c: `gistool ahp MATRIX.csv|SCENARIO.yaml ...`: AHP weights and
 * consistency. SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_ahp_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_ahp_options_destroy(o);
}

static int help(const void *o)
{
    return gt_ahp_options_help(o);
}

/* The report is printed even when the matrix is not consistent: it says
 * which judgments to revise. */
static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    char *report = NULL;
    int rc = gt_ahp_run(ctx, opts, &report);
    if (report)
        fputs(report, stdout);
    free(report);
    return rc;
}

const cli_command cli_ahp = {
    "ahp",  "AHP weights and consistency of a pairwise matrix (or a group of them)",
    create, destroy,
    help,   run};
