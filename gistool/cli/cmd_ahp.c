/*
 * cmd_ahp.c: `gistool ahp MATRIX.csv|SCENARIO.yaml ...`: AHP weights and
 * consistency. SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "gistool/cli/cli.h"

int cmd_ahp(gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    (void)g;
    gt_site_options *o = gt_command_options_create(ctx, "ahp", argc, argv);
    if (!o)
        return gt_context_status(ctx);
    int rc = GT_OK;
    if (gt_site_options_help(o)) {
        fputs(gt_command_help("ahp"), stdout);
    } else {
        char *report = NULL;
        rc = gt_ahp_run(ctx, o, &report);
        if (report)
            fputs(report, stdout);
        free(report);
    }
    gt_site_options_destroy(o);
    return rc;
}
