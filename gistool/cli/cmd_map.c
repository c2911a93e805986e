/*
 * cmd_map.c: `gistool map RUN.gpkg`: map sheets of a run.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "gistool/cli/cli.h"

int cmd_map(gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    (void)g;
    gt_site_options *o = gt_command_options_create(ctx, "map", argc, argv);
    if (!o)
        return gt_context_status(ctx);
    int rc = GT_OK;
    if (gt_site_options_help(o)) {
        fputs(gt_command_help("map"), stdout);
    } else {
        char **written = NULL;
        gt_map_options *mo = gt_site_options_map(o);
        rc = mo ? gt_map_run(ctx, gt_site_options_scenario(o), mo, &written) : GT_ERR_NOMEM;
        free(mo);
        for (int i = 0; written && written[i]; i++) {
            if (!g->quiet)
                printf("wrote %s\n", written[i]);
            free(written[i]);
        }
        free(written);
    }
    gt_site_options_destroy(o);
    return rc;
}
