/*
 * cmd_map.c: `gistool map RUN.gpkg`: map sheets of a run.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_map_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_map_options_destroy(o);
}

static int help(const void *o)
{
    return gt_map_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    gt_map_options *o = opts;
    gt_map_options_set_progress(o, cli_progress_fn(g), NULL);
    char **written = NULL;
    int rc = gt_map_run(ctx, gt_map_options_run(o), o, &written);
    for (int i = 0; written && written[i]; i++) {
        if (!g->quiet)
            printf("wrote %s\n", written[i]);
        free(written[i]);
    }
    free(written);
    return rc;
}

const cli_command cli_map = {
    "map", "map sheets (PNG, PDF) of a site or rank run", create, destroy, help, run};
