/*
 * cmd_report.c: `gistool report RUN.gpkg`: the HTML report of a run.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_report_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_report_options_destroy(o);
}

static int help(const void *o)
{
    return gt_report_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    const gt_report_options *o = opts;
    char *written = NULL;
    int rc = gt_report_run(ctx, gt_report_options_run(o), o, &written);
    if (written && !g->quiet)
        printf("wrote %s\n", written);
    free(written);
    return rc;
}

const cli_command cli_report = {
    "report", "self-contained HTML report of a site or rank run", create, destroy, help, run};
