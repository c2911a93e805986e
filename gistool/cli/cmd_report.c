/*
 * cmd_report.c: `gistool report RUN.gpkg`: the HTML report of a run.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "gistool/cli/cli.h"

int cmd_report(gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    gt_site_options *o = gt_command_options_create(ctx, "report", argc, argv);
    if (!o)
        return gt_context_status(ctx);
    int rc = GT_OK;
    if (gt_site_options_help(o)) {
        fputs(gt_command_help("report"), stdout);
    } else {
        char *written = NULL;
        gt_report_options *ro = gt_site_options_report(o);
        rc = ro ? gt_report_run(ctx, gt_site_options_scenario(o), ro, &written) : GT_ERR_NOMEM;
        free(ro);
        if (written && !g->quiet)
            printf("wrote %s\n", written);
        free(written);
    }
    gt_site_options_destroy(o);
    return rc;
}
